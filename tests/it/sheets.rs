//! One-column tables printed without rules (issue 16, the PDO sheet of Ozieri): PDFs
//! written by the test itself (lopdf, Helvetica and Helvetica-Bold) with words no
//! vocabulary knows, so only the page's structure can tell the table: a bold header
//! line set in (or out) from the text above it by a cell's padding, and rows parted
//! by more than their leading. A bold heading at the margin over paragraphs is none.

use crate::onepage::{self, PAGE_H};
use piao_extract::tables::Table;

const SIZE: f64 = 9.0;
const LEAD: f64 = 11.0;
/// The running text's left margin.
const MARGIN: f64 = 50.0;

/// A line of text at (x, baseline y), in bold or not.
struct Line {
    x: f64,
    y: f64,
    bold: bool,
    text: &'static str,
}

fn plain(x: f64, y: f64, text: &'static str) -> Line {
    Line {
        x,
        y,
        bold: false,
        text,
    }
}

fn bold(x: f64, y: f64, text: &'static str) -> Line {
    Line {
        x,
        y,
        bold: true,
        text,
    }
}

fn pdf_of(lines: &[Line]) -> Vec<u8> {
    let mut content = Vec::new();
    for l in lines {
        let font = if l.bold { "F2" } else { "F1" };
        content.extend_from_slice(
            format!(
                "BT /{font} {SIZE} Tf 1 0 0 1 {:.2} {:.2} Tm ({}) Tj ET\n",
                l.x,
                PAGE_H - l.y,
                l.text
            )
            .as_bytes(),
        );
    }
    onepage::pdf_of(content, &[("F1", "Helvetica"), ("F2", "Helvetica-Bold")])
}

fn tables_of(lines: &[Line]) -> Vec<Table> {
    onepage::tables_in(&pdf_of(lines))
}

/// A paragraph at the margin, then a bold header and three cells at `x`: a unit
/// name, and two entries of two lines each; cells 1.5 leading apart, a cell's lines
/// one leading apart.
fn sheet(x: f64) -> Vec<Line> {
    let mut y = 100.0;
    let mut out = vec![
        plain(
            MARGIN,
            y,
            "The plan below lists what each desk will deliver during",
        ),
        plain(
            MARGIN,
            y + LEAD,
            "the year, with the steps agreed at the spring meeting.",
        ),
    ];
    y += 2.0 * LEAD + 6.0;
    out.push(bold(x, y, "WORK PLAN OF THE DESKS"));
    y += 1.5 * LEAD;
    out.push(plain(x, y, "HARBOUR DESK AND MOORINGS"));
    y += 1.5 * LEAD;
    out.push(plain(
        x,
        y,
        "H.1 New mooring rules - Draft with the pilots and the",
    ));
    out.push(plain(
        x,
        y + LEAD,
        "wardens. - Vote of the board before the summer.",
    ));
    y += LEAD + 1.5 * LEAD;
    out.push(plain(
        x,
        y,
        "H.2 Yearly dredging works - Survey of the basin and",
    ));
    out.push(plain(
        x,
        y + LEAD,
        "of the channel. - Tender and works in the autumn.",
    ));
    out
}

fn rows(t: &Table) -> Vec<String> {
    t.rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

#[test]
fn a_one_column_table_set_in_by_its_padding_is_found() {
    // HTML producers: the cells' text 3 pt right of the running text
    for x in [MARGIN + 3.0, MARGIN - 3.0] {
        let ts = tables_of(&sheet(x));
        assert_eq!(ts.len(), 1, "x = {x}: one table: {ts:#?}");
        let t = &ts[0];
        assert_eq!(t.header, ["WORK PLAN OF THE DESKS"], "x = {x}");
        assert_eq!(
            rows(t),
            [
                "HARBOUR DESK AND MOORINGS",
                "H.1 New mooring rules - Draft with the pilots and the wardens. - Vote of the board before the summer.",
                "H.2 Yearly dredging works - Survey of the basin and of the channel. - Tender and works in the autumn.",
            ],
            "x = {x}: one row per cell, a cell's lines joined"
        );
    }
}

#[test]
fn a_bold_heading_at_the_margin_over_paragraphs_is_no_table() {
    assert!(
        tables_of(&sheet(MARGIN)).is_empty(),
        "a heading and paragraphs at the text's margin are running text"
    );
}

#[test]
fn a_heading_under_a_notes_hanging_line_is_no_table() {
    // ICDAR 2013 eu-018: a note whose second line hangs 6.5 pt in, then a bold
    // subheading and paragraphs at the margin: the margin is the note's first line
    let mut lines = vec![
        plain(
            MARGIN,
            90.0,
            "1. Only the desks open all year are counted in the",
        ),
        plain(MARGIN + 6.5, 90.0 + LEAD, "figures above"),
    ];
    lines.extend(
        sheet(MARGIN)
            .into_iter()
            .skip(2)
            .map(|l| Line { y: l.y + 10.0, ..l }),
    );
    assert!(tables_of(&lines).is_empty(), "{:#?}", tables_of(&lines));
}
