//! Held-out measure 4 (issues 16 and 17): six documents of comuni never used in the
//! fixtures (`fixtures/gen/heldout4.py`), four objective-table templates (a Relazione
//! by area with weights and degrees of achievement, a PIAO table from obiettivi di
//! valore pubblico to operative objectives with per-year targets over pages, a PEG with
//! Missione / Programma code and name columns, an unruled list) and two card layouts
//! (fields numbered `1)` in running text, upper-case bold labels on their own line),
//! header and label wordings of real plans written without reading the vocabulary,
//! five of the twelve renderings by Typst (a producer no other fixture uses). They were
//! run on once before any diagnosis; the first run is in `fixtures/comuni/README.md`
//! (held-out table) and in each spec's `first_run`.
//!
//! What held in the first run is asserted (every rendering found, its cells read,
//! records from each; the documents and fields read right); each failure the diagnosis
//! found was pinned by an ignored test on the field it got wrong. Each cause is fixed
//! by a general rule since (branch h4fix: the lexicon's `di valore pubblico`, code and
//! name columns of one role, person head nouns and wrapped settore headings, a plan
//! title's head wording), and those tests run.

use crate::heldout::{assert_no_misses, assert_reads, own_renderings, pdf, run};
use piao_extract::config::Config;
use piao_extract::extract;

/// What holds on every rendering of the measure today: it is found (12 renderings of
/// 6 documents), its tables' cells read at the floor, and it gives records. The
/// record F1 of each is printed (the measure), not asserted here: the floor's misses
/// are in `devrecords::KNOWN_MISSES`.
#[test]
fn every_rendering_gives_records_and_reads_its_cells() {
    let all = own_renderings("h4-");
    assert_eq!(all.len(), 12, "{all:?}");
    assert_reads(&all, false);
}

/// The documents the first run read right, every record (record F1 1.0): the unruled
/// Sondrio list under `Linea di mandato N – X` headings (`Livello atteso`, `Ufficio
/// competente`, `Referente`, `Tempistica`), the Nuoro cards numbered `1)` … `10)` and
/// the Ciampino cards of upper-case labels on their own line, by Typst and another
/// producer each.
#[test]
fn the_documents_read_right_in_the_first_run_stay_right() {
    let mut low = Vec::new();
    // measure 11's renderings of Nuoro are checked in `heldout11.rs`
    for name in own_renderings("h4-").iter().filter(|n| {
        ["h4-sondrio-", "h4-nuoro-", "h4-ciampino-"]
            .iter()
            .any(|p| n.starts_with(p))
    }) {
        let (_, f1, _) = run(name);
        if (f1 - 1.0).abs() > 1e-9 {
            low.push(format!("{name}: record F1 {f1:.4}"));
        }
    }
    assert!(low.is_empty(), "{low:#?}");
}

const JESI: [&str; 2] = [
    "h4-jesi-relazione-2024--typst-zebra",
    "h4-jesi-relazione-2024--writer-hrules",
];
const GALLARATE: [&str; 2] = [
    "h4-gallarate-piao-2025--typst-ruled",
    "h4-gallarate-piao-2025--weasyprint-hrules",
];
const MOLFETTA: [&str; 2] = [
    "h4-molfetta-peg-2025--reportlab-ruled",
    "h4-molfetta-peg-2025--chromium-zebra",
];

/// Jesi Relazione 2024, what holds: the area from the heading `Area X – Titolare di
/// posizione organizzativa: …`, the weight printed once per objective, expected,
/// measured and degree of achievement per indicator.
#[test]
fn a_relazione_by_area_gives_its_weights_and_achievement() {
    assert_no_misses(
        &JESI,
        &[
            "settore",
            "objective",
            "weight",
            "target",
            "actual",
            "achievement",
        ],
    );
}

/// Jesi Relazione 2024: the holder of the area named by its heading (`Area X –
/// Titolare di posizione organizzativa: Avv. Ferrigno Davide`, the comuni without
/// dirigenti) is each record's dirigente. Failed in the first run: `Titolare …` was
/// no dirigente heading prefix, and the heading wrapped over two context lines; since,
/// a part opened by a person head noun of the lexicon names the holder and a wrapped
/// settore heading is read as one (`src/assemble/heading.rs`, `Prefixes::continues`).
#[test]
fn the_holder_named_by_an_area_heading_is_the_dirigente() {
    assert_no_misses(&JESI, &["dirigente"]);
}

/// Gallarate PIAO 2025-2027, what holds: one table over two pages under a repeated
/// header, one record per indicator and year from `Valore obiettivo 2025` … `2027`,
/// codes, descriptions (`Contenuto`) and the `Struttura responsabile` filled down.
#[test]
fn a_piao_table_over_pages_gives_a_record_per_indicator_and_year() {
    assert_no_misses(
        &GALLARATE,
        &[
            "objective",
            "objective_code",
            "objective_description",
            "target",
            "settore",
        ],
    );
}

/// Gallarate PIAO 2025-2027: the first column `Obiettivo di valore pubblico` (the
/// PIAO's strategic level, printed once per block) is each record's group, and no
/// record has a purpose (the document prints none). Failed in the first run: the
/// column was read as purpose with low confidence (words `obiettiv`, `valor`,
/// `pubblic`); since `di valore pubblico` is a strategic modifier of the lexicon
/// (`data/lexicon.json`), the column is the strategic objective.
#[test]

fn the_public_value_objective_column_is_the_group() {
    assert_no_misses(&GALLARATE, &["group"]);
}

/// Molfetta PEG 2025, what holds: the two-digit Missione and Programma codes, the
/// objectives, indicators (`Parametro di misurazione`), targets (`Risultato da
/// conseguire`) and the family-first upper-case `Responsabile` with titles.
#[test]
fn a_peg_by_missione_and_programma_gives_codes_and_people() {
    assert_no_misses(
        &MOLFETTA,
        &[
            "mission_code",
            "programme_code",
            "objective",
            "target",
            "dirigente",
        ],
    );
}

/// Molfetta PEG 2025: where Missione and Programma are printed as a code column and a
/// name column each (`Miss.` / `Missione`, `Progr.` / `Programma`), `mission` /
/// `programme` hold the names as printed (the lead's decision; the codes give
/// `mission_code` / `programme_code`, validated against the official list). Failed
/// in the first run: the code columns took the roles, the name columns got none;
/// since, two columns of one role split into code and name by their content
/// (`Matcher::code_and_name`, `src/tables/header.rs`).
#[test]
fn missione_and_programma_name_columns_are_read() {
    assert_no_misses(&MOLFETTA, &["mission", "programme"]);
}

/// The wrong column readings of the first run are read right since, each column
/// with its role: Gallarate's `Obiettivo di valore pubblico` (warned then as a
/// low-confidence purpose) is the strategic objective, Molfetta's `Missione` and
/// `Programma` name columns (unread then) hold the names beside the code columns
/// `Miss.` and `Progr.`, which keep their role as its codes (issue 16: "a column's
/// content confirms or corrects its header").
#[test]
fn the_wrong_column_readings_of_the_first_run_are_read_right() {
    use piao_extract::vocab::Role;
    let columns = |name: &str| {
        let e = extract::extract_file(&pdf(name), &Config::default()).unwrap();
        e.plan.tables[0].columns.clone()
    };
    let mut wrong = Vec::new();
    for name in GALLARATE {
        let cols = columns(name);
        let c = cols
            .iter()
            .find(|c| c.name == "Obiettivo di valore pubblico");
        if c.and_then(|c| c.role) != Some(Role::StrategicObjective) {
            wrong.push(format!("{name}: {c:?}"));
        }
    }
    for name in MOLFETTA {
        let cols = columns(name);
        for (column, role, code) in [
            ("Miss.", Role::Mission, true),
            ("Missione", Role::Mission, false),
            ("Progr.", Role::Programme, true),
            ("Programma", Role::Programme, false),
        ] {
            let c = cols.iter().find(|c| c.name == column);
            if c.map(|c| (c.role, c.code)) != Some((Some(role), code)) {
                wrong.push(format!("{name}: {column}: {c:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Ciampino PEG 2025: the cover's title `PEG 2025 – PIANO DEGLI OBIETTIVI` names the
/// plan, not a group of the cards (the truth's group is null, which the scorer does
/// not score, so the first run's record F1 1.0 did not show it). Failed in the first
/// run: the card reader takes a line in capitals as a group heading unless the
/// vocabulary's plan titles or the ente's name match it, and the plan titles read only
/// the longest wording (`Piano degli obiettivi`, not at the head); since, the head
/// wording `PEG` makes it a title (`src/assemble/title.rs`, `Titles::kind_of`).
#[test]
fn a_cover_title_naming_the_peg_is_no_group() {
    assert_no_misses(
        &[
            "h4-ciampino-peg-2025--chromium-plain",
            "h4-ciampino-peg-2025--weasyprint-plain",
        ],
        &["group"],
    );
}

/// Gallarate, with the group (the same cause): no record has a purpose, the document
/// prints none; the first run gave the strategic column's value as purpose on the 9
/// records of a block's first row (not scored either: the truth is null).
#[test]
fn no_purpose_where_the_document_prints_none() {
    assert_no_misses(&GALLARATE, &["purpose"]);
}
