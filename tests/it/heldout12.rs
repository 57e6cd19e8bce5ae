//! Held-out measure 12: Java PDF libraries and ConTeXt, producers the development set had
//! never seen (`fixtures/gen/heldout12.py`). Two documents of comuni never used in the
//! fixtures, rendered only by iText 5 (a PdfPTable per table, header rows repeated), Apache
//! PDFBox 2 (no layout of its own: the program wraps each cell and draws the table row by
//! row, each line its own text object) and ConTeXt (natural tables, OpenType fonts through
//! its own loader): a PIAO sottosezione Performance whose only group cell `Target` stands
//! over the bare years, with `Stakeholder`, `Risorse umane`, `Baseline 2024` and `Tempistica`
//! columns, objectives numbered `OB.02.01` and the dirigente in a heading of its own; and
//! Relazione cards whose first row is the code and title across the card, then label /
//! value pairs side by side and a results table (`% raggiungimento`, `Note/motivazioni
//! scostamento`). Wordings of real plans written without reading the vocabulary. Twelve
//! existing documents were rendered again by the same producers. Everything was run on
//! once before any diagnosis; the first run is in `fixtures/comuni/README.md` (held-out
//! table) and in each spec's `first_run`.
//!
//! What the first run got wrong and the general rules that fixed it are asserted here
//! field by field: bare years right of a baseline column of an earlier year are the
//! target years (`tables::header`), where the stream reader left the group row `Target`
//! above the table; a card's row of pairs whose value spans grid columns still pairs each
//! label with its value, and a title row across the card's own table that opens with an
//! objective code is the card's title and number (`assemble::cards::kv`).
//!
//! Left as known misses (`devset.rs`, `devrecords.rs`): the card document by PDFBox
//! (horizontal rules: two results columns merged, the descriptions cut in three), a grid
//! the stream reader cuts wrong as measure 10's and 11's unruled cards; its iText (plain)
//! rendering, no table found in the first run, reads every field since branch `trem17`. hcard-lucca by ConTeXt (plain: a card's last row moved alone to the next page, as
//! measure 11's TCPDF rendering) was one until branch `cards12`: the rows at a page's top
//! in the columns of the grid the page before ended with, the first a card label, continue
//! it (`grid::carry`).

use crate::heldout::{
    MEASURE12_PRODUCERS, MEASURE14_PRODUCERS, MEASURE15_PRODUCERS, MEASURE16_PRODUCERS,
    MEASURE17_PRODUCERS, MEASURE18_PRODUCERS, MEASURE19_PRODUCERS, assert_every_field,
    assert_reads, by_producers, key_with_objective as key, renderings,
};

/// The renderings by the measure's three producers, of its own documents and of the
/// existing ones: 18, each producer at least five.
fn new_producer_renderings() -> Vec<String> {
    by_producers(&MEASURE12_PRODUCERS, 18, 5)
}

/// Each of the measure's documents is rendered three times, once by each of its
/// producers, one landscape (Grosseto, ten columns) and one portrait.
#[test]
fn each_document_is_rendered_by_the_three_new_producers() {
    for doc in ["h12-grosseto-piao-2025--", "h12-tremosine-relazione-2024--"] {
        // measures 14 to 19 rendered Grosseto again by their own producers
        let own: Vec<String> = renderings(doc)
            .into_iter()
            .filter(|n| {
                !MEASURE14_PRODUCERS
                    .iter()
                    .chain(&MEASURE15_PRODUCERS)
                    .chain(&MEASURE16_PRODUCERS)
                    .chain(&MEASURE17_PRODUCERS)
                    .chain(&MEASURE18_PRODUCERS)
                    .chain(&MEASURE19_PRODUCERS)
                    .any(|p| n.contains(p))
            })
            .collect();
        assert_eq!(own.len(), 3, "{own:?}");
        for p in MEASURE12_PRODUCERS {
            assert!(
                own.iter().any(|n| n.contains(p)),
                "{doc}: no rendering by {p}: {own:?}"
            );
        }
    }
}

/// Grosseto PIAO 2025-2027, every rendering: one record per indicator and year, the
/// target from the year's column under `Target`, `Baseline 2024` on each year's record,
/// the deadline from `Tempistica`, beneficiaries from `Stakeholder`, settore from the
/// `Area N – Name` heading and dirigente from `Dirigente responsabile: …` on its own line.
/// ConTeXt's horizontal rules left the group row `Target` above the table as a heading:
/// the first run read the bare years as more baselines (record F1 0.0). (Its pdf-lib
/// rendering, held-out measure 14, is a known miss.)
#[test]
fn bare_years_after_the_baseline_are_the_target_years() {
    for p in MEASURE12_PRODUCERS {
        assert_every_field(&format!("h12-grosseto-piao-2025{p}"), 1, key);
    }
}

/// Tremosine Relazione 2024 by ConTeXt (full grid): each card a five-column table, its
/// first row `OB.01.01 – title` across it (the card's title; objective_code as printed),
/// `Responsabile | value | Peso | value` with the first value over two grid columns,
/// `Descrizione` over the row, and a results table (`Indicatore | Target 2024 | Valore
/// raggiunto | % raggiungimento | Note/motivazioni scostamento`). No records in the first
/// run.
#[test]
fn cards_of_pairs_side_by_side_under_a_coded_title_row_read_every_field() {
    assert_every_field("h12-tremosine-relazione-2024--context-", 1, key);
}

/// Tremosine by iText (no rules): each objective's card is a table of its own, sized
/// to its content, 1.35 lines under the card above, under a plain one-line title. The
/// page read as one run of two columns of prose (no table, no record) until branch
/// `trem16` cut the run before a title over columns that shift (`grid::region`); the
/// title then came from the heading above the grid, `OB.01.01` read as `01.01`, and
/// card 4's `Target 2024` and `Valore raggiunto` as one column (record F1 0.0, cells
/// 0.6942). Since branch `trem17` every field reads as the truth prints it: a card's
/// fields are label / value pairs across the blank cell a value wider than its column
/// leaves (`tables::header`), so the line one row pitch above them is the card's title
/// row, code as printed (`tables::card`, `assemble::cards::kv`); and a line alone
/// starting flush at a column's edge (`Valore` / `raggiunto`, card 4) counts as a
/// start of that column (`grid::region`).
#[test]
fn cards_sized_each_to_its_content_are_each_a_table() {
    assert_every_field("h12-tremosine-relazione-2024--itext-", 1, key);
    assert_reads(
        &["h12-tremosine-relazione-2024--itext-plain".to_string()],
        true,
    );
}

/// The existing documents the new producers print read at the floor and every record
/// (hcard-lucca by ConTeXt since branch `cards12`: its card's last row alone on the
/// next page continues the card; h10-barga by iText since branch `rows13`: its
/// strategic row spanning the unruled (zebra) table, whose `2` ends 0.01 pt short of
/// crossing a column boundary, is one piece over it, a word space at the boundary).
#[test]
fn existing_documents_by_the_new_producers_read_their_cells_and_records() {
    let names: Vec<String> = new_producer_renderings()
        .into_iter()
        .filter(|n| !n.starts_with("h12-"))
        .collect();
    assert_eq!(names.len(), 12, "{names:?}");
    assert_reads(&names, true);
    assert_every_field("h10-barga-piao-2025--itext-", 1, key);
}
