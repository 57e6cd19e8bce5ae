//! Held-out measure 16: borb (a pure-Python PDF library: standard-14 fonts, each word its
//! own text object, tables it cannot break, cut into pages by the renderer), pandoc
//! through XeLaTeX (booktabs longtables, header cells neither bold nor ruled apart) and
//! Scribus (desktop publishing: every cell a text frame at a fixed place), producers the
//! development set had never seen (`fixtures/gen/heldout16.py`). Two documents of comuni
//! never used in the fixtures, rendered only by those producers: a PIAO performance table
//! laid out as the Funzione Pubblica PIAO-tipo's questions, one table per public-value
//! objective under `Obiettivo di valore pubblico: X` (Canelli); and a portrait Relazione
//! per service whose notes are sentences with numbers and dates (Reggio Emilia). Wordings
//! of real plans written without reading the vocabulary. Nine existing documents were
//! rendered again by the same producers. Everything was run on once before any
//! diagnosis; the first run is in `fixtures/comuni/README.md` (held-out table) and in
//! each spec's `first_run`.
//!
//! What the first run got wrong and the general rule that fixed it are asserted here
//! field by field from the truth: a heading prefix's modifier may be any word of its
//! lexicon synonym set, so `Obiettivo di valore pubblico` opens a group heading as
//! `Obiettivo strategico` does (`assemble::heading`). What held on the first run is
//! asserted too; the misses left are in the known-miss lists (`devset.rs`,
//! `devrecords.rs`, `cards.rs`) with why.

use crate::heldout::{
    MEASURE16_PRODUCERS, assert_every_field, assert_reads, by_producers, key, renderings,
};

/// The renderings by the measure's three producers, of its own documents and of the
/// existing ones: 15, each producer five.
fn new_producer_renderings() -> Vec<String> {
    by_producers(&MEASURE16_PRODUCERS, 15, 5)
}

/// Each of the measure's documents is rendered three times, once by each of the new
/// producers, one landscape (Canelli, ten columns) and one portrait (Reggio Emilia).
#[test]
fn each_document_is_rendered_by_the_new_producers() {
    for doc in [
        "h16-canelli-piao-2024--",
        "h16-reggioemilia-relazione-2024--",
    ] {
        let own = renderings(doc);
        assert_eq!(own.len(), 3, "{own:?}");
        for p in MEASURE16_PRODUCERS {
            assert!(
                own.iter().any(|n| n.contains(p)),
                "{doc}: no rendering by {p}: {own:?}"
            );
        }
    }
}

/// Canelli by Scribus (ruled), pandoc (booktabs) and borb (zebra): one record per
/// indicator row (16), the group from the heading `Obiettivo di valore pubblico: X`
/// above each table, the objective's code, title, Responsabile, Stakeholder and `Entro
/// quando` filled down from its first row, Baseline and Target 2024 as printed, the
/// Contributor and Fonte del dato columns no field; every field, null ones included, as
/// the truth. First run: every cell and every field right but the group, null on every
/// record (record F1 0.0); fixed by `assemble::heading` (the lexicon's synonyms of a
/// heading prefix's modifier).
#[test]
fn a_public_value_heading_is_the_group_of_the_tables_under_it() {
    for p in MEASURE16_PRODUCERS {
        assert_every_field(&format!("h16-canelli-piao-2024{p}"), 1, key);
    }
}

/// Reggio Emilia by borb (ruled), Scribus (plain) and pandoc (zebra): one record per
/// indicator row (11), settore and dirigente from `Servizio X – Dirigente: Y`, the
/// objective filled down, Valore atteso, Valore conseguito and % di ragg. as printed,
/// the Note a sentence with numbers and dates or a printed blank; every field, null ones
/// included, as the truth (so on the first run).
#[test]
fn a_relazione_with_notes_of_numbers_and_dates_reads_every_field() {
    for p in MEASURE16_PRODUCERS {
        assert_every_field(&format!("h16-reggioemilia-relazione-2024{p}"), 1, key);
    }
}

/// Grosseto by borb (zebra): every record, every field (null ones included) as the
/// truth. borb breaks Area 4's table over pages 2-3 and repeats its header on page 3
/// under the group name `Target` it printed over it on page 2, below the area's
/// headings: the piece continues the table (`tables::stitch`, the lines right over a
/// repeated header are the tail of the table's own), so its three records keep their
/// settore and dirigente. First run: those three without them (record F1 0.9091).
#[test]
fn a_table_borb_breaks_over_pages_keeps_its_area_and_dirigente() {
    assert_every_field("h12-grosseto-piao-2025--borb-zebra", 1, key);
}

/// The existing documents the new producers print read at the floor and every record,
/// but the known miss (hcard-lucca by pandoc): eight renderings, tables and cards, ruled
/// and not, of the three producers. h4-jesi by pandoc (booktabs) reads since branch
/// `gen16b`: `del contributo`, 0.12 pt left of `Tempo medio di erogazione` above it,
/// was read a column to the left by the row rules and so no wrapped line.
#[test]
fn existing_documents_by_the_new_producers_read_their_cells_and_records() {
    let misses = ["hcard-lucca-pdo-2025--pandoc-plain"];
    let names: Vec<String> = new_producer_renderings()
        .into_iter()
        .filter(|n| !n.starts_with("h16-") && !misses.contains(&n.as_str()))
        .collect();
    assert_eq!(names.len(), 8, "{names:?}");
    assert_reads(&names, true);
}
