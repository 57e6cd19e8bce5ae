//! Table structure on the development set of other comuni (`fixtures/comuni/`,
//! issue 16): renderings by LibreOffice, Chromium, WeasyPrint and ReportLab in
//! ruled, rules-only, zebra and plain layouts, each scored against its truth
//! (`.tables.json` beside it) with our own scorer.
//!
//! One test per structural rule, on the renderings that showed the case (each read
//! below 0.98 of its cells, most of them nothing, before the rule); then the whole
//! set against the target of 0.98 on every rendering, less the ones listed
//! with the reason they miss it.

use crate::common::fixture;
use piao_extract::config::Config;
use piao_extract::extract;
use piao_extract::output::tables_json;
use piao_extract::score::score_files;
use std::io::Write;

/// The target for a rendering's cell accuracy.
const TARGET: f64 = 0.98;

/// Cell accuracy of `comuni/<name>.pdf` against its truth, and the scorer's report.
fn cells(name: &str) -> (f64, String) {
    let pdf = fixture(&format!("comuni/{name}.pdf"));
    let e = extract::extract_file(&pdf, &Config::default()).expect("rendering extracts");
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(tables_json(&e.path, &e.plan.tables).as_bytes())
        .unwrap();
    let report = score_files(&fixture(&format!("comuni/{name}.tables.json")), f.path()).unwrap();
    (report.headline(), report.to_string())
}

fn assert_target(names: &[&str]) {
    for name in names {
        let (got, report) = cells(name);
        eprintln!("{name}: cell_accuracy = {got:.4}");
        assert!(got >= TARGET, "{name}: {got:.4} < {TARGET}\n{report}");
    }
}

/// A gutter one word space wide (`≥ | 74%` under one name `Livello atteso`,
/// `Settore | Polizia Locale`, `12 | – | Diritti`) parts columns only where the
/// header names the column right of it; a header word over a body gutter (`(%)`
/// after `dell'obiettivo`) is part of the name beside it.
#[test]
fn a_word_space_is_no_gutter_unless_the_header_names_both_sides() {
    assert_target(&[
        "g-roles-09--chromium-zebra",
        "g-roles-19--weasyprint-hrules",
        "g-roles-39--reportlab-plain",
        "g-roles-39--writer-hrules",
        "g-roles-21--reportlab-plain",
    ]);
}

/// Bold type ends a header that the first row of numbers would put lower (a first
/// indicator whose targets are dates has no number).
#[test]
fn bold_type_ends_the_header_above_rows_without_numbers() {
    assert_target(&[
        "g-bobbio-piao-2025--writer-plain",
        "g-roles-22--writer-plain",
    ]);
}

/// A table of bold labels beside plain values has no header row, whatever rules it
/// draws; it is a table even when its values read like prose; two of its rows
/// alone at a page's top or bottom (a page break cut it) are kept.
#[test]
fn a_key_value_table_has_no_header_row() {
    assert_target(&[
        "t-collesalvetti-dup-2022--chromium-zebra",
        "card-pennabilli-piao-2025--writer-hrules",
        "card-trani-pdo-2024--writer-plain",
    ]);
}

/// A table whose typography marks it (a bold or shaded header over a plain body,
/// rules or stripes between rows) is found though its columns hold sentences; two
/// rows under a bold header ruled off are a table.
#[test]
fn tables_the_typography_marks_need_fewer_short_columns() {
    assert_target(&[
        "g-roles-34--reportlab-zebra",
        "t-perosaargentina-peg-2016--writer-hrules",
        "t-perosaargentina-peg-2016--reportlab-hrules",
    ]);
}

/// Stacked tables of a complete PIAO: a new bold header whose pieces do not line up
/// with the columns above starts a new table; a line in the font of the rows around
/// it is wrapped text, not a heading, though the run's usual font is another; a bold
/// header at a page's top that is not the table's own starts a new table.
#[test]
fn stacked_tables_of_a_piao_stay_apart() {
    assert_target(&[
        "piao-chiavari-2024--chromium-zebra",
        "piao-sarzana-2025--weasyprint-hrules",
        "piao-sarzana-2025--chromium-hrules",
        "piao-chiavari-2024--writer-zebra",
    ]);
}

/// One-column tables: a bold header ruled off from a body ruled into rows (rules
/// only), a closed box of rows under a bold header (ruled).
#[test]
fn a_ruled_one_column_table_is_a_table() {
    assert_target(&[
        "g-roles-04--calc-hrules",
        "g-roles-04--chromium-hrules",
        "t-ozieri-pdo-2016--calc-ruled",
    ]);
}

/// One-column tables without rules or shading: a bold header line set in (HTML
/// producers) or out (ReportLab) from the text above by a cell's padding, over rows
/// parted by more than their leading.
#[test]
fn an_unruled_one_column_table_is_a_table() {
    assert_target(&[
        "t-ozieri-pdo-2016--weasyprint-plain",
        "g-tempio-pdo-2019--chromium-plain",
        "g-tempio-pdo-2019--reportlab-plain",
    ]);
}

/// Calc prints the columns that do not fit a page's width on the next page, the rows
/// at the same heights: they join their rows.
#[test]
fn columns_printed_on_the_next_page_join_their_rows() {
    assert_target(&["t-castenedolo-pp-2015--calc-zebra"]);
}

/// Key/value cards under bold titles a little larger than the table (Chromium): the
/// title is a heading between two tables; a label and its value whose first lines
/// stand 0.3 em apart are one row; a value of two paragraphs stays one cell where
/// rules tell the rows.
#[test]
fn card_titles_part_tables_and_offset_cells_stay_one_row() {
    assert_target(&["card-trani-pdo-2024--chromium-hrules"]);
}

/// A number under a number in a column of numbers starts a row however close the
/// lines (WeasyPrint pads cells by a point): the two first rows of g-roles-12 are
/// two rows, not one cell `1.1.22.1.3`. (Its two other wrong cells are narrow-font
/// words, `del a` for `della`: the PDF stage's fix.)
#[test]
fn a_number_under_a_number_is_the_next_row() {
    let (_, report) = cells("g-roles-12--weasyprint-plain");
    let first = report
        .lines()
        .find(|l| l.starts_with("tables:"))
        .unwrap_or_default()
        .to_string();
    assert!(
        first.contains("expected 1 (8 rows") && first.contains("actual 1 (8 rows)"),
        "{report}"
    );
    assert!(!report.contains("1.1.22.1.3"), "{report}");
    assert!(
        !report.lines().any(|l| l.starts_with("- missing")),
        "{report}"
    );
}

/// A card's first fields at a page's foot, in the two columns that page shows, take
/// the four of its rest on the next page (the nested indicator table's), their
/// values spanning them as on one page (h14-cortona by pdf-lib, pp. 2-3: 0.9828 before).
#[test]
fn a_cards_first_rows_at_a_page_foot_take_the_columns_of_its_rest() {
    let (got, report) = cells("h14-cortona-pdo-2025--pdflib-ruled");
    assert!(got >= 1.0, "{got:.4}\n{report}");
}

/// A column whose text stops far short of the next column never reached its cell's
/// edge: its line break is between two words (`Dipendenti` / `comunali`).
#[test]
fn a_break_short_of_the_cells_edge_is_between_words() {
    assert_target(&["g-roles-32--reportlab-zebra"]);
}

/// Renderings that miss the target, and why. Each must still miss it: one that
/// reaches the target leaves the list ([`a_known_miss_that_reaches_the_target_leaves_the_list`]).
/// pdfmake's unruled key/value cards (hcard-lucca, held-out measure 7) left the list,
/// read at 1.0 since a label column that never reaches the values does not wrap, and a
/// paragraph a blank line below continues its value (`grid::stream`).
/// Held-out measure 8 left Qt's rules drawn cell by cell and AbiWord's unruled
/// renderings; measure 10 four unruled renderings (`tests/it/heldout10.rs`), of which
/// Barga by Chromium (cells shaded one by one) and by ReportLab (horizontal rules) left
/// the list: shading that meets side by side draws the columns, and a row of one piece
/// over a column's boundary is one spanning cell (`grid::stream`, `grid::fills`); measure
/// 11 five renderings by dompdf and Prawn and one by TCPDF (`tests/it/heldout11.rs`), of
/// which h3-sanremo by dompdf and Campi Bisenzio by Prawn left the list (branch
/// `m11fix`: a wrapped line tells no row where rules draw the rows; a name over one
/// column of a run of repeated names is that run's group cell).
/// Voghiera's three renderings left it when a grid printing a row of labels again
/// under its header was read as a card, its title row its first row (branch `vogh12`).
/// Measure 12 the card document's two unruled renderings (`tests/it/heldout12.rs`).
/// Measure 13 (`tests/it/heldout13.rs`) two genpdf renderings of existing documents;
/// Fidenza by Ghostscript left the list (a row of one piece centred over the whole
/// table is read in its first column: `grid::stream`'s `title_column`).
/// Measure 14 (`tests/it/heldout14.rs`) its two documents and four existing ones: three
/// by enscript's plain-text report, one by pdf-lib unruled; Ostuni by cairo left the
/// list (year lines of one cell are no rows where rules draw the rows), Ostuni by
/// pdf-lib too (branch `rows13`: a Programma row of one piece that breaks between words
/// at a column boundary spans it). G-fossano by enscript left it when a word space in
/// fixed-pitch text was read as one character cell, not a column gap (`grid::pitch`,
/// branch `mono13`), h4-gallarate by enscript when a line of years under the header's
/// names was read as the header's (`grid::header`, branch `mono14`).
/// Measure 15 (`tests/it/heldout15.rs`) Savigliano's two unruled renderings and Fidenza
/// by Impress unruled. Branch `m15fix14` read Fidenza by Impress, Grosseto by pdf-lib
/// and Gallarate by enscript (a header row naming years, `2025 | 2026 | 2027` or a
/// name's wrapped `2024`, is no row of numbers: `grid::header`; a group name centred
/// by chance over more columns spans the fewest).
/// Measure 16 (`tests/it/heldout16.rs`) two pandoc renderings of existing documents.
/// Measure 17 (`tests/it/heldout17.rs`) Grosio's two unruled renderings and two rinohtype
/// renderings of existing documents. Branch `gen16b` read h4-jesi by pandoc (a word a
/// side bearing left of its column's text is read in that column by the row rules as
/// by the cells) and h3-civitanova by rinohtype (lines closer than a font size are one
/// row: rinohtype centres a one-line cell beside a two-line one half a leading down).
/// Measure 19 (`tests/it/heldout19.rs`) one pdfme rendering of an existing document.
const KNOWN_MISSES: &[(&str, &str)] = &[
    (
        "hcard-lucca-pdo-2025--rinoh-plain",
        "rinohtype, unruled key/value cards: one-line rows 13 pt apart, no longer \
         joined since branch gen17 (a line further below than a cell's leading starts a \
         row, cells 0.5500 -> 0.8519); a label centred beside its value's two lines still \
         leaves the value's first line a row of its own",
    ),
    (
        "hcard-lucca-pdo-2025--pandoc-plain",
        "pandoc, unruled key/value cards set as centred tables of natural width: the cards' \
         rows not read as their tables' (cells 0.7736)",
    ),
    (
        "h14-cortona-pdo-2025--cairo-plain",
        "cairo, unruled cards over a nested indicator table: since branch m15fix14 the \
         nested table's columns are found under the fields (cells 0.5512 -> 0.9310, 0.9483 \
         since a card's rows at a page's foot take its rest's columns); a card whose \
         wrapped value opens the next page, and two whose first value reads as a label, \
         still headed wrong",
    ),
    (
        "h14-cortona-pdo-2025--enscript-ruled",
        "enscript's text report, cards boxed in `+`, `-` and `|` characters: read as ruled \
         cards since the characters draw rulings (branch mono14, cells 0.0078 -> 0.9052); \
         a card cut by the page's foot, unclosed there, is read as two",
    ),
    (
        "h12-tremosine-relazione-2024--pdfbox-hrules",
        "PDFBox-drawn cards under horizontal rules: each card cut apart since branch \
         trem16, but 'Target 2024' and 'Valore raggiunto' in one column (the spanning \
         Descrizione values hide their gutter)",
    ),
    (
        "hcard-lucca-pdo-2025--pdfme-plain",
        "pdfme's unruled key/value cards (held-out measure 19): a description's second \
         paragraph 12.99 pt under its first, the rows 14.15 pt apart (0.92 of the row gap, \
         past continued_value_gap 0.9), read as a row of its own (cells 0.9434, records 1.0)",
    ),
];

/// Cell accuracy of every rendering of the set, each extracted once per test binary.
fn all_cells() -> &'static [(String, f64)] {
    static ALL: std::sync::OnceLock<Vec<(String, f64)>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let dir = fixture("comuni");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|name| {
                let (got, _) = cells(&name);
                (name, got)
            })
            .collect()
    })
}

/// The known misses must stay misses for a reason: one that reaches the target
/// leaves the list (the list went stale once: 17 renderings listed for the PDF
/// stage's narrow-font `ll` read at 0.98 or more for weeks after its fix).
#[test]
fn a_known_miss_that_reaches_the_target_leaves_the_list() {
    let all = all_cells();
    for (name, why) in KNOWN_MISSES {
        let Some((_, got)) = all.iter().find(|(n, _)| n == name) else {
            panic!("known miss {name} is no rendering of the set");
        };
        assert!(
            *got < TARGET,
            "{name} reaches {TARGET} now ({got:.4}): take it off KNOWN_MISSES ({why})"
        );
    }
}

/// Every rendering of the development set reaches the target, but the known misses.
#[test]
fn every_rendering_reaches_the_target_but_the_known_misses() {
    let all = all_cells();
    assert!(all.len() >= 100, "{} renderings", all.len());
    let mut below = Vec::new();
    let mut sum = 0.0;
    for (name, got) in all {
        sum += got;
        let known = KNOWN_MISSES.iter().find(|(n, _)| n == name);
        eprintln!(
            "{name}: {got:.4}{}",
            known.map_or(String::new(), |(_, why)| format!(" (known: {why})"))
        );
        if *got < TARGET && known.is_none() {
            below.push(format!("{name}: {got:.4}"));
        }
    }
    eprintln!(
        "mean cell accuracy {:.4} over {} renderings",
        sum / all.len() as f64,
        all.len()
    );
    assert!(below.is_empty(), "below {TARGET}: {below:#?}");
}
