//! Held-out measure 13: PDFKit used directly, genpdf and Ghostscript's pdfwrite, producers
//! the development set had never seen (`fixtures/gen/heldout13.py`). Two documents of
//! comuni never used in the fixtures, rendered only by PDFKit (its own `doc.table()`, no
//! repeated header), genpdf (a Rust report crate: each row a one-row table of its own,
//! built-in Helvetica / Times) and Ghostscript (Writer's PDF re-written by pdfwrite, as an
//! office's print-to-PDF printer does): a PEG's one table of objectives whose centri di
//! responsabilità open with a row spanning the table, `Settore X – Responsabile: name`,
//! with a `Grado di importanza` column and `Valore atteso` per year; and Relazione
//! key/value cards whose indicator fields repeat inside the card (one record per
//! indicator). Wordings of real plans written without reading the vocabulary. Twelve
//! existing documents were rendered again by the same producers. Everything was run on
//! once before any diagnosis; the first run is in `fixtures/comuni/README.md` (held-out
//! table) and in each spec's `first_run`.
//!
//! What the first run got wrong and the general rules that fixed it are asserted here
//! field by field: a row spanning an unruled table is one cell where its text runs over
//! the empty slots beside it, and a unit row naming its settore and responsabile heads
//! the rows below as the same line above the table would (`assemble::rows`); a column of
//! words with no figure is neither achievement nor weight (`tables::content`).
//!
//! Left as known misses (`devset.rs`, `devrecords.rs`): Fidenza by Ghostscript in its
//! cells (the spanning rows' text set in the second column); Bra by genpdf (unruled: one
//! card's second indicator lost) and Ghostscript (one achievement null); h4-gallarate by
//! genpdf, whose rows are each a table of their own (g-fossano by genpdf reads every
//! field since branch `carry14`: the rows page 3 carries on under no header are read in
//! the columns of the table page 2 ended with, `grid::recolumn`); hcard-lucca by
//! Ghostscript (a card's last row alone on the next page, as its ConTeXt and TCPDF
//! renderings).

use crate::heldout::{
    MEASURE13_PRODUCERS, MEASURE14_PRODUCERS, MEASURE15_PRODUCERS, MEASURE16_PRODUCERS,
    assert_every_field, assert_reads, by_producers, key_with_objective as key, renderings,
};

/// The renderings by the measure's three producers, of its own documents and of the
/// existing ones: 18, each producer at least five.
fn new_producer_renderings() -> Vec<String> {
    by_producers(&MEASURE13_PRODUCERS, 18, 5)
}

/// Each of the measure's documents is rendered three times, once by each of its
/// producers, one landscape (Fidenza, eight columns) and one portrait.
#[test]
fn each_document_is_rendered_by_the_three_new_producers() {
    for doc in ["h13-fidenza-peg-2025--", "h13-bra-relazione-2024--"] {
        // measure 14 rendered Fidenza again by cairo
        let own: Vec<String> = renderings(doc)
            .into_iter()
            .filter(|n| {
                !MEASURE14_PRODUCERS
                    .iter()
                    .chain(&MEASURE15_PRODUCERS)
                    .chain(&MEASURE16_PRODUCERS)
                    .any(|p| n.contains(p))
            })
            .collect();
        assert_eq!(own.len(), 3, "{own:?}");
        for p in MEASURE13_PRODUCERS {
            assert!(
                own.iter().any(|n| n.contains(p)),
                "{doc}: no rendering by {p}: {own:?}"
            );
        }
    }
}

/// Fidenza PEG 2025-2027, every rendering: one record per indicator and year (42), each
/// with its year from `Valore atteso YYYY`, that column's target, the plain code (`2.1`),
/// objective, indicator and the deadline from `Tempistica di realizzazione`, filled down
/// over the objective's indicators; settore and dirigente from the row spanning the table
/// `Settore X – Responsabile: name`, read as the same line above the table would be
/// (first run: dirigente null, settore null or the whole line); `Grado di importanza`
/// (Alta / Media / Bassa) gives neither achievement nor weight (first run: achievement
/// `Media`, by its head word `grado`). Every field, null ones included, as the truth;
/// also by cairo (held-out measure 14, ruled), the fourth rendering (Impress's unruled
/// one, measure 15, is a known miss: `heldout15.rs`).
#[test]
fn one_table_under_spanning_unit_rows_reads_every_field() {
    for p in ["pdfkit", "genpdf", "ghostscript", "cairo"] {
        assert_every_field(&format!("h13-fidenza-peg-2025--{p}-"), 1, key);
    }
}

/// Bra Relazione 2024 by PDFKit (ruled key/value cards), genpdf (unruled) and
/// Ghostscript (Writer's cards under horizontal rules, re-written by pdfwrite): the
/// objective's fields once, then `Indicatore`, `Valore atteso`, `Valore raggiunto`,
/// `Grado di raggiungimento` again for each indicator: one record per indicator (15),
/// every field, null ones included, as the truth; the card number from `Obiettivo
/// gestionale n. N: title`. Card 3's last row, `Grado di raggiungimento | 94%`, stands
/// alone atop the next page: by Ghostscript under a footer `Comune di Bra – … – pag. 2`
/// longer than a short footer (read as the footer since branch `cards13`: it numbers
/// the page), by genpdf as a table of its own that goes on with card 3 although the
/// card printed that label for its first indicator (before `cards13`: one achievement
/// null by Ghostscript, a second indicator lost by genpdf).
#[test]
fn cards_whose_indicator_fields_repeat_give_a_record_per_indicator() {
    assert_every_field("h13-bra-relazione-2024--", 3, key);
}

/// The existing documents the new producers print read at the floor and every record,
/// but the known miss (h4-gallarate by genpdf: its last indicator's wrapped line, alone
/// at page 3's foot 1.89 line heights below, dropped as a note); g-fossano by genpdf
/// since branch `carry14` (page 3's first rows, carried on under no header, read in the
/// columns of the table page 2 ended with: `grid::recolumn`): eleven renderings, tables
/// and cards, ruled and not, of PDFKit, genpdf and Ghostscript alike (hcard-lucca by
/// Ghostscript since branch `cards13`: card 5's title and first row alone at the foot
/// of page 3, its value going on atop page 4, `grid::carry::cut_row`).
#[test]
fn existing_documents_by_the_new_producers_read_their_cells_and_records() {
    let misses = ["h4-gallarate-piao-2025--genpdf-hrules"];
    let names: Vec<String> = new_producer_renderings()
        .into_iter()
        .filter(|n| !n.starts_with("h13-") && !misses.contains(&n.as_str()))
        .collect();
    assert_eq!(names.len(), 11, "{names:?}");
    assert_reads(&names, true);
}
