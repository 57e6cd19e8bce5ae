//! Table structure from the page alone (issue 16): PDFs written by the test itself
//! (lopdf, standard Helvetica), each printing one structural case with words no
//! vocabulary knows, so only the layout can tell the table, its header and its rows.

use crate::onepage::{self, PAGE_H};
use piao_extract::tables::Table;

const SIZE: f64 = 9.0;
const LEAD: f64 = 11.0;

/// What a test page draws, in display coordinates (top-left origin).
enum Op {
    /// Text whose baseline starts at (x, y).
    Text(f64, f64, String),
    /// A stroked line from (x0, y0) to (x1, y1).
    Line(f64, f64, f64, f64),
}

fn text(x: f64, y: f64, s: &str) -> Op {
    Op::Text(x, y, s.to_string())
}

fn pdf_of(ops: &[Op]) -> Vec<u8> {
    let mut content = Vec::new();
    for op in ops {
        match op {
            Op::Text(x, y, s) => {
                let s = s
                    .replace('\\', "\\\\")
                    .replace('(', "\\(")
                    .replace(')', "\\)");
                content.extend_from_slice(
                    format!(
                        "BT /F1 {SIZE} Tf 1 0 0 1 {x:.2} {:.2} Tm ({s}) Tj ET\n",
                        PAGE_H - y
                    )
                    .as_bytes(),
                );
            }
            Op::Line(x0, y0, x1, y1) => content.extend_from_slice(
                format!(
                    "0.5 w {x0:.2} {:.2} m {x1:.2} {:.2} l S\n",
                    PAGE_H - y0,
                    PAGE_H - y1
                )
                .as_bytes(),
            ),
        }
    }
    onepage::pdf_of(content, &[("F1", "Helvetica")])
}

fn tables_of(ops: &[Op]) -> Vec<Table> {
    onepage::tables_in(&pdf_of(ops))
}

fn texts(row: &[piao_extract::tables::TableCell]) -> Vec<String> {
    row.iter().map(|c| c.text.clone()).collect()
}

/// Column x positions (left edges) of a four-column table whose numbers are
/// right-aligned at `right` + the column's width.
const COLS: [f64; 4] = [60.0, 200.0, 300.0, 400.0];

/// A paragraph of running text above a table, as reports print them.
fn intro(y: f64) -> Vec<Op> {
    vec![
        text(
            60.0,
            y,
            "The figures below were collected by each office at the end of",
        ),
        text(
            60.0,
            y + LEAD,
            "the year and checked against the registers before publication.",
        ),
    ]
}

/// Data rows: a name and three numbers, one line each.
const BODY: [[&str; 4]; 6] = [
    ["North office", "1,204", "35.2", "18"],
    ["South office", "987", "41.0", "22"],
    ["East office", "1,530", "28.7", "15"],
    ["West office", "642", "50.3", "31"],
    ["Harbour desk", "215", "12.9", "7"],
    ["Total", "4,578", "33.6", "93"],
];

fn body_ops(top: f64) -> Vec<Op> {
    let mut ops = Vec::new();
    for (i, row) in BODY.iter().enumerate() {
        let y = top + LEAD * i as f64;
        for (c, t) in row.iter().enumerate() {
            ops.push(text(COLS[c], y, t));
        }
    }
    ops
}

#[test]
fn an_unruled_table_is_found_from_its_alignment_alone() {
    // no rule, no vocabulary word: a header line, six lines of numbers
    let mut ops = intro(80.0);
    for (c, h) in ["Office", "Requests", "Days", "Staff"].iter().enumerate() {
        ops.push(text(COLS[c], 130.0, h));
    }
    ops.extend(body_ops(130.0 + 1.6 * LEAD));
    ops.push(text(60.0, 260.0, "Source: internal registers."));
    let ts = tables_of(&ops);
    assert_eq!(ts.len(), 1, "one table: {ts:#?}");
    let t = &ts[0];
    assert_eq!(t.header, ["Office", "Requests", "Days", "Staff"]);
    let rows: Vec<Vec<String>> = t.rows.iter().map(|r| texts(r)).collect();
    let want: Vec<Vec<String>> = BODY
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
    assert_eq!(rows, want, "one row per line, one column per gutter");
    assert!(
        !t.context.iter().any(|c| c.contains("Source")),
        "the note below is not a heading"
    );
}

#[test]
fn two_columns_of_running_text_are_not_a_table() {
    let left = [
        "Each office keeps a register of the requests it",
        "receives and of the days it takes to answer them,",
        "so that the yearly report can show how the service",
        "changed and where more staff would be needed to",
        "keep the promised times for every kind of request.",
    ];
    let right = [
        "The registers are checked by the audit unit twice",
        "a year, and the figures printed in this report are",
        "those confirmed by the last check before the end of",
        "the year, after the corrections the offices made on",
        "the points the auditors raised during their visits.",
    ];
    let mut ops = Vec::new();
    for (i, (l, r)) in left.iter().zip(right).enumerate() {
        let y = 100.0 + LEAD * i as f64;
        ops.push(text(50.0, y, l));
        ops.push(text(320.0, y, r));
    }
    assert!(tables_of(&ops).is_empty(), "a page layout is not a table");
}

#[test]
fn a_bulleted_list_is_not_a_table() {
    let items = [
        "the requests received by each office during the year",
        "the days taken to answer them, counted from the register",
        "the staff assigned to the desk on the last day of the year",
        "the complaints received and how each of them was settled",
    ];
    let mut ops = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let y = 100.0 + LEAD * i as f64;
        ops.push(text(60.0, y, "-"));
        ops.push(text(80.0, y, it));
    }
    assert!(tables_of(&ops).is_empty(), "a list is not a table");
}

#[test]
fn a_spanning_header_row_stays_in_the_header() {
    // `Target` printed once over the three year columns and underlined across them,
    // a rule under the header
    let mut ops = intro(80.0);
    ops.push(text(330.0, 130.0, "Target"));
    ops.push(Op::Line(245.0, 133.0, 440.0, 133.0));
    for (c, h) in ["Office", "2025", "2026", "2027"].iter().enumerate() {
        ops.push(text([60.0, 250.0, 330.0, 410.0][c], 130.0 + LEAD, h));
    }
    ops.push(Op::Line(
        55.0,
        130.0 + LEAD + 4.0,
        460.0,
        130.0 + LEAD + 4.0,
    ));
    for (i, row) in BODY.iter().enumerate() {
        let y = 130.0 + 2.6 * LEAD + LEAD * i as f64;
        for (c, t) in row.iter().enumerate() {
            ops.push(text([60.0, 250.0, 330.0, 410.0][c], y, t));
        }
    }
    let ts = tables_of(&ops);
    assert_eq!(ts.len(), 1, "one table: {ts:#?}");
    let t = &ts[0];
    assert_eq!(t.header, ["Office", "2025", "2026", "2027"]);
    let above: Vec<Vec<String>> = t.header_above.iter().map(|r| texts(r)).collect();
    assert_eq!(
        above,
        [["", "Target", "", ""]],
        "one row above the column header, `Target` spanning the years"
    );
    assert!(
        !t.context.iter().any(|c| c == "Target"),
        "the spanning row is header, not context: {:?}",
        t.context
    );
    assert_eq!(t.rows.len(), BODY.len());
}

/// A ruled frame: rules across the top, under the header and at the bottom;
/// vertical rules through the header only (`header_only`) or through the whole
/// table; no rules between body rows.
fn ruled(header_only: bool) -> Vec<Op> {
    let xs = [55.0, 190.0, 290.0, 390.0, 470.0];
    let (top, head_bottom) = (120.0, 120.0 + LEAD + 4.0);
    let bottom = head_bottom + LEAD * BODY.len() as f64 + 4.0;
    let mut ops = intro(80.0);
    for y in [top, head_bottom, bottom] {
        ops.push(Op::Line(xs[0], y, xs[4], y));
    }
    for x in xs {
        let end = if header_only { head_bottom } else { bottom };
        ops.push(Op::Line(x, top, x, end));
    }
    for (c, h) in ["Office", "Requests", "Days", "Staff"].iter().enumerate() {
        ops.push(text(xs[c] + 4.0, top + LEAD, h));
    }
    for (i, row) in BODY.iter().enumerate() {
        let y = head_bottom + LEAD * (i + 1) as f64 - 2.0;
        for (c, t) in row.iter().enumerate() {
            ops.push(text(xs[c] + 4.0, y, t));
        }
    }
    ops
}

fn assert_rows_apart(ts: &[Table]) {
    assert_eq!(ts.len(), 1, "one table: {ts:#?}");
    let t = &ts[0];
    assert_eq!(t.header, ["Office", "Requests", "Days", "Staff"]);
    let rows: Vec<Vec<String>> = t.rows.iter().map(|r| texts(r)).collect();
    let want: Vec<Vec<String>> = BODY
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
    assert_eq!(rows, want);
}

#[test]
fn column_rules_only_in_the_header_do_not_merge_a_rows_cells() {
    assert_rows_apart(&tables_of(&ruled(true)));
}

#[test]
fn a_ruled_body_without_row_rules_keeps_its_rows() {
    assert_rows_apart(&tables_of(&ruled(false)));
}
