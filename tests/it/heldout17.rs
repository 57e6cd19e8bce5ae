//! Held-out measure 17: libharu (the C PDF library, tables drawn by the program, one text
//! object per printed line, Identity-H subsets with a ToUnicode map poppler warns about),
//! Asciidoctor PDF (AsciiDoc through Prawn, its theme and table converter) and rinohtype
//! (reStructuredText set by a pure-Python typesetter with its own PDF writer, OpenType
//! faces as CID fonts), producers the development set had never seen
//! (`fixtures/gen/heldout17.py`). Two documents of comuni never used in the fixtures,
//! rendered only by those producers: a PDO per Responsabile whose section heading prints
//! the person first (`Roberta Bonfiglio Responsabile Servizio 1° Programmazione e
//! Controllo`), targets of three years in columns and weights (Boretto); and a PRO of
//! key/value cards each followed by its own indicator table (Grosio). Wordings of real
//! plans written without reading the vocabulary. Nine existing documents were rendered
//! again by the same producers. Everything was run on once before any diagnosis; the
//! first run is in `fixtures/comuni/README.md` (held-out table) and in each spec's
//! `first_run`.
//!
//! What the first run got wrong and the general rule that fixed it are asserted here
//! field by field from the truth: a heading of a few capitalised words, a dirigente
//! prefix and a settore prefix, in that order, names the person and the unit
//! (`assemble::heading`). What held on the first run is asserted too; the misses left are
//! in the known-miss lists (`devset.rs`, `devrecords.rs`, `cards.rs`) with why.

use crate::heldout::{
    MEASURE17_PRODUCERS, assert_every_field, assert_reads, by_producers, key, renderings,
};

/// The renderings by the measure's three producers, of its own documents and of the
/// existing ones: 15, each producer five.
fn new_producer_renderings() -> Vec<String> {
    by_producers(&MEASURE17_PRODUCERS, 15, 5)
}

/// Each of the measure's documents is rendered three times, once by each of the new
/// producers, one landscape (Boretto, seven columns) and one portrait (Grosio).
#[test]
fn each_document_is_rendered_by_the_new_producers() {
    for doc in ["h17-boretto-pdo-2021--", "h17-grosio-pro-2024--"] {
        let own = renderings(doc);
        assert_eq!(own.len(), 3, "{own:?}");
        for p in MEASURE17_PRODUCERS {
            assert!(
                own.iter().any(|n| n.contains(p)),
                "{doc}: no rendering by {p}: {own:?}"
            );
        }
    }
}

/// Boretto by libharu (ruled), Asciidoctor (zebra) and rinohtype (horizontal rules): one
/// record per indicator and year (60), the year from `Atteso 2021` .. `Atteso 2023`, the
/// objective, its `N.` and its `Peso` filled down from its first row, and dirigente and
/// settore from the heading that prints the person before `Responsabile` and the
/// service after it; every field, null ones included, as the truth. First run: every
/// cell and every field right but dirigente and settore, null on every record (record
/// F1 0.0); fixed by `assemble::heading` (a holder printed first).
#[test]
fn a_heading_that_prints_the_person_first_gives_dirigente_and_settore() {
    for p in MEASURE17_PRODUCERS {
        assert_every_field(&format!("h17-boretto-pdo-2021{p}"), 1, key);
    }
}

/// Grosio by Asciidoctor (ruled): one record per indicator row of a card's own table
/// (13), the card's Area, Responsabile, Linea di mandato (the group), Descrizione,
/// Scadenza di attuazione and Peso on each, the objective and its number from the
/// card's title; every field, null ones included, as the truth (so on the first run).
/// Its libharu and rinohtype renderings are unruled: see the test below.
#[test]
fn ruled_cards_each_over_its_indicator_table_read_every_field() {
    assert_every_field("h17-grosio-pro-2024--asciidoctor-ruled", 1, key);
}

/// Grosio by libharu (plain) and rinohtype (zebra): the same cards with nothing bold
/// and no rules read every field since branch `gen16a` (first run 0.5455 and 0.2857):
/// the card's labels repeat card after card (`grid::region`'s `repeats`), the
/// indicator table under it starts its columns off the card's (`split_at_column_change`),
/// rinohtype's `Valore atteso` over `2024` is the last column's name and its
/// `Descrizione` centred beside a wrapped value starts the value's row.
#[test]
fn unruled_cards_each_over_its_indicator_table_read_every_field() {
    assert_every_field("h17-grosio-pro-2024--hpdf-plain", 1, key);
    assert_every_field("h17-grosio-pro-2024--rinoh-zebra", 1, key);
}

/// The existing documents the new producers print read every record but the known
/// miss (hcard-lucca by rinohtype): eight renderings, tables and cards, ruled and not,
/// a two-row header with group cells (libharu), of the three producers. h3-civitanova
/// by rinohtype reads since branch `gen16b`: rinohtype centres a one-line cell beside
/// a two-line one half a leading down, and lines closer than a font size are one row.
#[test]
fn existing_documents_by_the_new_producers_read_their_cells_and_records() {
    let misses = ["hcard-lucca-pdo-2025--rinoh-plain"];
    let names: Vec<String> = new_producer_renderings()
        .into_iter()
        .filter(|n| !n.starts_with("h17-") && !misses.contains(&n.as_str()))
        .collect();
    assert_eq!(names.len(), 8, "{names:?}");
    assert_reads(&names, true);
}
