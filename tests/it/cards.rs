//! Objective cards in any layout (issue 17): the development set's card documents
//! (key/value tables, `Label: value` paragraphs, lettered and numbered fields, labels
//! on their own line; Chromium, ReportLab, WeasyPrint, Writer) scored against their
//! truth, the held-out card documents written after the reader worked, the summary
//! list cross-check, unknown labels, and no cards from narrative or a PIAO's other
//! sections.

use crate::common::{fixture, root, run_cli};
use piao_extract::config::Config;
use piao_extract::extract::extract_file;
use piao_extract::vocab::Vocabulary;
use std::path::PathBuf;

/// Least record F1 of a card document (issue 17's check).
const MIN_F1: f64 = 0.95;
/// Least cell accuracy of a rendering (issue 16's floor).
const MIN_CELLS: f64 = 0.98;

/// Card documents of issue 17 round 2 (fixtures/gen/heldout_cards.py `round2`), each
/// card printing a label no vocabulary can know, with that label. Written as held-out
/// documents (label wordings in none of the vocabulary, lexicon and generator
/// wordings); their six unread wordings (`Dato iniziale`, `Stato attuale`, `Periodo di
/// svolgimento`, `Grandezza misurata`, `Unità responsabile`, `Funzionario referente`)
/// are read since round 3 by the lexicon's head nouns and modifiers, by a session that
/// had seen them: they are development documents now, scored like the others.
const ROUND2: &[(&str, &str)] = &[
    ("hcard-viterbo-pp-2025--weasyprint-plain", "Parole chiave"),
    ("hcard-viterbo-pp-2025--writer-hrules", "Parole chiave"),
    (
        "hcard-cagliari-piao-2025--chromium-ruled",
        "Collegamento con il DUP",
    ),
    (
        "hcard-cagliari-piao-2025--reportlab-plain",
        "Collegamento con il DUP",
    ),
];

/// Card documents of a held-out measure whose plan title is read as the cards' group
/// today, with why (`tests/it/heldout4.rs` pins it; the record F1 does not show it, as
/// the scorer does not score a field whose truth is null). None since h4-ciampino's
/// `PEG 2025 – PIANO DEGLI OBIETTIVI` is read as the plan's title (its head wording
/// `PEG`, `assemble::title::Titles::kind_of`).
const TITLE_AS_GROUP: &[(&str, &str)] = &[(
    "h4-nuoro-piao-2025--tcpdf-hrules",
    "TCPDF's writeHTML (held-out measure 11): the cover title wraps ('... SCHEDE DEGLI \
     OBIETTIVI DI' / 'PERFORMANCE') and its lone second line in capitals is read as every \
     card's group (the scorer does not score the null truth: record F1 1.0)",
)];

/// Card renderings below the floors today, with why; each must stay below
/// ([`a_known_card_miss_stays_a_miss`]).
/// pdfmake's unruled key/value cards (hcard-lucca, held-out measure 7) left the list,
/// read at 1.0 since a label column that never reaches the values does not wrap, and a paragraph
/// a blank line below continues its value (`grid::stream`).
/// Since held-out measure 8: AbiWord's unruled key/value cards. ConTeXt's unruled ones
/// (measure 12, `tests/it/heldout12.rs`) left the list (branch `cards12`): a card's
/// last row alone at the next page's top, in the columns of the grid the page before
/// ended with and its first cell a card label, continues that card (`grid::carry`).
/// Measure 13's three left it (branch `cards13`): hcard-lucca and h13-bra by
/// Ghostscript, a card's first rows alone at a page's foot read in the columns of the
/// next page's first grid (`grid::carry::cut_row`) and a running footer `… – pag. N`
/// taken for the footer however long; h13-bra by genpdf, a table atop the next page
/// going on with a card that repeats its indicator fields (`assemble::cards::kv`).
/// Measure 11's two TCPDF
/// renderings left the list (branch `m11fix`): a ruled grid's open end is closed by its
/// vertical rules (`grid::lattice`), and paragraphs before a numbered field's next
/// number are its value (`assemble::cards::text`).
/// Measure 16 (`tests/it/heldout16.rs`): pandoc's unruled key/value cards.
/// Measure 17 (`tests/it/heldout17.rs`): rinohtype's unruled key/value cards, and Grosio's
/// unruled cards over indicator tables (libharu, rinohtype).
const KNOWN_MISSES: &[(&str, &str)] = &[
    (
        "hcard-lucca-pdo-2025--rinoh-plain",
        "rinohtype (held-out measure 17, rinoh-plain): unruled key/value cards, one-line \
         rows told apart since branch gen17; a label centred beside its value's two lines \
         leaves the value's first line a field of its own (record F1 0.0 -> 0.1111)",
    ),
    (
        "hcard-lucca-pdo-2025--pandoc-plain",
        "pandoc through XeLaTeX (held-out measure 16, pandoc-plain): unruled key/value cards \
         set as centred tables of natural width, no card field read (record F1 0.0)",
    ),
];

/// Card renderings that read every record but miss the cell floor, with why; each must
/// stay below it (checked in [`every_card_rendering_reaches_the_cell_floor`]).
/// Measure 19 (`tests/it/heldout19.rs`): pdfme's unruled key/value cards.
const CELL_MISSES: &[(&str, &str)] = &[(
    "hcard-lucca-pdo-2025--pdfme-plain",
    "pdfme (held-out measure 19, pdfme-plain): a description's second paragraph 12.99 pt \
     under its first, the card rows 14.15 pt apart (0.92 of the row gap, past \
     continued_value_gap 0.9), read as a row of its own (cells 0.9434, every record right)",
)];

/// A known miss that reads its records right leaves [`KNOWN_MISSES`].
#[test]
fn a_known_card_miss_stays_a_miss() {
    for (name, why) in KNOWN_MISSES {
        let (f1, _) = record_f1(name, &[]);
        assert!(
            f1 < MIN_F1,
            "{name} reads at {f1:.4} now: take it off KNOWN_MISSES ({why})"
        );
    }
}

/// Every card document of the development set: the documents whose spec
/// (`fixtures/comuni/spec/<doc>.json`) prints a card block, each of their renderings
/// but the [`KNOWN_MISSES`].
fn card_renderings() -> Vec<String> {
    let dir = root().join("fixtures/comuni");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".pdf") else {
            continue;
        };
        let doc = stem.split("--").next().unwrap();
        let spec = dir.join(format!("spec/{doc}.json"));
        let Ok(text) = std::fs::read_to_string(&spec) else {
            continue;
        };
        let spec: serde_json::Value = serde_json::from_str(&text).unwrap();
        let cards = spec["blocks"]
            .as_array()
            .is_some_and(|b| b.iter().any(|b| b["type"] == "card"));
        if cards && !KNOWN_MISSES.iter().any(|(n, _)| *n == stem) {
            out.push(stem.to_string());
        }
    }
    out.sort();
    out
}

fn pdf(name: &str) -> PathBuf {
    fixture(&format!("comuni/{name}.pdf"))
}

fn vocab_file() -> PathBuf {
    root().join("tests/data/card-unknown-labels.vocab.json")
}

/// Record F1 of the real binary on one rendering, with extra `args`, and the report.
fn record_f1(name: &str, args: &[&str]) -> (f64, String) {
    let p = pdf(name);
    let mut all = vec![
        "extract",
        p.to_str().unwrap(),
        "--format",
        "records",
        "-o",
        "-",
    ];
    all.extend_from_slice(args);
    let run = run_cli(&all);
    assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.ndjson");
    std::fs::write(&out, &run.stdout).unwrap();
    let expected = fixture(&format!("comuni/{name}.records.json"));
    let report = piao_extract::score::score_files(&expected, &out).unwrap();
    (report.record_f1().unwrap(), report.to_string())
}

fn assert_all(names: &[&str], args: &[&str]) {
    let mut low = Vec::new();
    for name in names {
        let (f1, report) = record_f1(name, args);
        eprintln!("{name}: record F1 {f1:.4}");
        if f1 < MIN_F1 {
            low.push(format!("{name}: {f1:.4}\n{report}"));
        }
    }
    assert!(low.is_empty(), "below {MIN_F1}:\n{}", low.join("\n"));
}

/// Issue 17's check: every card document of the development set at record F1 0.95 or
/// more, the round-2 documents included.
#[test]
fn every_card_document_scores_against_its_truth() {
    let all = card_renderings();
    // 6 development documents, 3 held-out of round 1, 2 of round 2, 2 transcribed,
    // 2 of held-out measure 3
    assert!(
        all.len() >= 30,
        "only {} card renderings: {all:?}",
        all.len()
    );
    let names: Vec<&str> = all.iter().map(String::as_str).collect();
    assert_all(&names, &[]);
}

/// Every card is found and a label no vocabulary knows is kept by its own name as an
/// extra field, warned once per document; a user's `--vocab` file that gives that
/// label a head noun of its own (`Parole chiave`, `Collegamento con il DUP` as notes:
/// the `heads` section of `data/lexicon.json`, extended like any other) reads it with
/// the same binary: every record then carries the card's value as printed (from the
/// document's spec), the warning is gone, and the other fields stay right.
#[test]
fn unknown_labels_are_kept_and_read_once_the_user_adds_their_head_noun() {
    for (name, label) in ROUND2 {
        let e = extract_file(&pdf(name), &Config::default()).unwrap();
        let warned: Vec<&str> = e
            .plan
            .warnings
            .iter()
            .filter(|w| w.code == "card_label_unknown" && w.message.contains(label))
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(
            warned.len(),
            1,
            "{name}: warned once per document: {warned:?}"
        );
        let cards: Vec<_> = e
            .plan
            .objectives
            .iter()
            .filter_map(|o| o.card.as_ref())
            .collect();
        let truth: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(fixture(&format!("comuni/{name}.records.json"))).unwrap(),
        )
        .unwrap();
        let expected = truth["records"].as_array().unwrap().len();
        assert_eq!(cards.len(), expected, "{name}: every card is found");
        for c in cards {
            assert!(
                c.extra
                    .iter()
                    .any(|(l, v)| l == label && !v.text.is_empty()),
                "{name}: '{label}' is not kept as an extra field: {:?}",
                c.extra
            );
        }
        // with the user's head noun: the label's value in every record's notes
        let doc = name.split("--").next().unwrap();
        let spec: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root().join(format!("fixtures/comuni/spec/{doc}.json")))
                .unwrap(),
        )
        .unwrap();
        let mut printed: Vec<String> = spec["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["type"] == "card")
            .flat_map(|b| b["fields"].as_array().unwrap().iter())
            .filter(|f| f[0] == *label)
            .map(|f| {
                f[1].as_str()
                    .unwrap()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        printed.sort();
        let p = pdf(name);
        let vocab = vocab_file();
        let run = run_cli(&[
            "extract",
            p.to_str().unwrap(),
            "--format",
            "records",
            "-o",
            "-",
            "--vocab",
            vocab.to_str().unwrap(),
        ]);
        assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
        let mut notes: Vec<String> = run
            .stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .map(|r| r["notes"].as_str().unwrap_or("").to_string())
            .collect();
        notes.sort();
        assert_eq!(
            notes, printed,
            "{name}: notes read through the user's head noun"
        );
        let text = std::fs::read_to_string(&vocab).unwrap();
        let user = Vocabulary::with_files(&[(vocab.to_string_lossy().to_string(), text)]).unwrap();
        let config = Config {
            vocab: std::sync::Arc::new(user).into(),
            ..Config::default()
        };
        let e = extract_file(&pdf(name), &config).unwrap();
        assert!(
            !e.plan
                .warnings
                .iter()
                .any(|w| w.code == "card_label_unknown" && w.message.contains(label)),
            "{name}: '{label}' is read now"
        );
    }
    let names: Vec<&str> = ROUND2.iter().map(|(n, _)| *n).collect();
    for name in names {
        let (f1, report) = record_f1(name, &[]);
        assert!(f1 >= MIN_F1, "{name}: {f1:.4}\n{report}");
    }
}

/// Issue 16's cell floor on every card rendering but [`CELL_MISSES`], each one (the mean is asserted in
/// `tests/it/devrecords.rs`): an unruled key/value card whose value prints two
/// paragraphs (hcard-lucca, hcard-cagliari, ReportLab) is one row, not two (0.94
/// before the grid read the second paragraph as the value's).
#[test]
fn every_card_rendering_reaches_the_cell_floor() {
    let mut low = Vec::new();
    for name in card_renderings() {
        let p = pdf(&name);
        let run = run_cli(&["tables", p.to_str().unwrap(), "--json"]);
        assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("t.json");
        std::fs::write(&out, &run.stdout).unwrap();
        let expected = fixture(&format!("comuni/{name}.tables.json"));
        let report = piao_extract::score::score_files(&expected, &out).unwrap();
        let cells = report.headline();
        eprintln!("{name}: cells {cells:.4}");
        if let Some((_, why)) = CELL_MISSES.iter().find(|(n, _)| *n == name) {
            assert!(
                cells < MIN_CELLS,
                "{name} reads {cells:.4} now: take it off CELL_MISSES ({why})"
            );
        } else if cells < MIN_CELLS {
            low.push(format!("{name}: {cells:.4}\n{report}"));
        }
    }
    assert!(low.is_empty(), "below {MIN_CELLS}:\n{}", low.join("\n"));
}

#[test]
fn a_list_of_the_cards_is_their_summary_not_more_objectives() {
    for name in [
        "card-trani-pdo-2024--chromium-hrules",
        "card-trani-pdo-2024--writer-plain",
    ] {
        let e = extract_file(&pdf(name), &Config::default()).unwrap();
        assert_eq!(
            e.plan.objectives.len(),
            9,
            "{name}: 9 cards, no row objectives"
        );
        for o in &e.plan.objectives {
            let card = o.card.as_ref().expect("every objective is a card");
            let row = card
                .summary
                .as_ref()
                .unwrap_or_else(|| panic!("{name}: card {:?} matched no summary row", card.number));
            assert_eq!(Some(row.row), card.number, "{name}");
        }
        assert!(
            !e.plan
                .warnings
                .iter()
                .any(|w| w.code == "card_without_summary_row"
                    || w.code == "summary_row_without_card"),
            "{name}: {:?}",
            e.plan.warnings
        );
    }
}

#[test]
fn a_card_cut_by_a_page_break_is_one_card() {
    // Writer breaks card 9's table after two rows (page 4), the rest on page 5
    let e = extract_file(
        &pdf("card-trani-pdo-2024--writer-plain"),
        &Config::default(),
    )
    .unwrap();
    let nine = e
        .plan
        .objectives
        .iter()
        .find(|o| o.card.as_ref().is_some_and(|c| c.number == Some(9)))
        .expect("card 9");
    let i = &nine.indicators[0];
    assert!(nine.dirigente.is_some() && i.indicator.is_some() && i.deadline.is_some());
}

#[test]
fn no_cards_from_narrative_or_the_other_sections_of_a_piao() {
    let mut names: Vec<PathBuf> = ["003-writer-ruled", "000-calc-ruled", "001-calc-ruled"]
        .iter()
        .map(|n| fixture(&format!("{n}.pdf")))
        .collect();
    for e in std::fs::read_dir(fixture("comuni")).unwrap().flatten() {
        let p = e.path();
        let n = p.file_name().unwrap().to_string_lossy().to_string();
        if n.starts_with("piao-") && n.ends_with(".pdf") {
            names.push(p);
        }
    }
    assert!(names.len() >= 12, "{names:?}");
    for p in names {
        let e = extract_file(&p, &Config::default()).unwrap();
        let cards = e
            .plan
            .objectives
            .iter()
            .filter(|o| o.card.is_some())
            .count();
        assert_eq!(cards, 0, "{}: {cards} card objectives", p.display());
    }
}

/// The plan's title and the ente's name printed above the cards end a card like a
/// heading but name no group (card-cefalu prints `COMUNE DI CEFALÙ` and `PIANO DELLA
/// PERFORMANCE 2025 – OBIETTIVI INDIVIDUALI` in capitals above its cards, and its
/// truth has no group): wherever a card document's truth has `group` null, so do we.
///
/// Left out: [`TITLE_AS_GROUP`], the held-out documents where this fails today (pinned
/// in `tests/it/heldout4.rs`).
#[test]
fn no_group_from_the_plans_title_or_the_entes_name() {
    let mut wrong = Vec::new();
    for name in card_renderings()
        .into_iter()
        .filter(|n| !TITLE_AS_GROUP.iter().any(|(d, _)| n.starts_with(d)))
    {
        let truth: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(fixture(&format!("comuni/{name}.records.json"))).unwrap(),
        )
        .unwrap();
        let records = truth["records"].as_array().unwrap();
        if !records.iter().all(|r| r["group"].is_null()) {
            continue;
        }
        let p = pdf(&name);
        let run = run_cli(&[
            "extract",
            p.to_str().unwrap(),
            "--format",
            "records",
            "-o",
            "-",
        ]);
        assert_eq!(run.code, Some(0), "{name}: {}", run.stderr);
        for line in run.stdout.lines() {
            let r: serde_json::Value = serde_json::from_str(line).unwrap();
            if !r["group"].is_null() {
                wrong.push(format!("{name}: {}", r["group"]));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "groups where the truth has none: {wrong:?}"
    );
}
