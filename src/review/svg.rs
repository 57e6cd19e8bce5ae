//! One page drawn as SVG from our own reading of it: words at their positions and
//! sizes, ruling lines and fills, then the extraction on top (cells, table labels,
//! header roles, context headings, warnings). Coordinates are display points, the
//! same space as every `Provenance`, so a box from a record lands where it belongs.

use super::marks::{GridMark, PageMarks};
use super::{escape, num, prov_key};
use crate::geom::BBox;
use crate::layout::{PageText, Word};
use crate::pdf::{Page, Ruling};
use std::fmt::Write;

/// Share of the font size below the baseline in a glyph box (`pdf::device` builds
/// boxes with 0.2 em of descent), to put the text back on its baseline.
const DESCENT_EM: f64 = 0.2;
/// Font size of a table's id label, in points.
const TABLE_LABEL_PT: f64 = 6.0;
/// Font size of a column's role tag, in points.
const ROLE_TAG_PT: f64 = 4.5;
/// Smallest y of a label's baseline, so a grid at the top edge keeps its labels on
/// the page.
const LABEL_MIN_Y: f64 = 6.0;

/// Style of a standalone drawing (the report has the same rules in its own CSS).
const STANDALONE_STYLE: &str = "text{font-family:sans-serif;fill:#333}\
.paper{fill:#fff;stroke:#bbb}.fill{fill:#eee}.rules{stroke:#000;stroke-width:.6;fill:none}\
.c{fill:rgba(40,110,220,.06);stroke:#2a6edc;stroke-width:.4}.c.h{fill:rgba(240,190,0,.18)}\
.ctx{fill:rgba(0,160,80,.12);stroke:#0a0;stroke-dasharray:2 1;stroke-width:.4}\
.warn{fill:rgba(220,0,0,.12);stroke:#d00;stroke-width:.8}\
.tid{font-size:6px;font-weight:bold;fill:#2a6edc}.role{font-size:4.5px;fill:#a60}";

/// A page as a standalone SVG document (for `inspect --svg`).
pub(super) fn standalone(page: &Page, text: &PageText, marks: &PageMarks) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\"><style>{STANDALONE_STYLE}</style>",
        w = num(page.width),
        h = num(page.height),
    );
    body(&mut s, page, text, marks);
    s.push_str("</svg>\n");
    s
}

/// A page as an `<svg>` element to put inside the report.
pub(super) fn inline(page: &Page, text: &PageText, marks: &PageMarks) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"pg\" data-page=\"{}\" viewBox=\"0 0 {} {}\">",
        page.number,
        num(page.width),
        num(page.height),
    );
    body(&mut s, page, text, marks);
    s.push_str("</svg>");
    s
}

/// The layers, bottom to top.
fn body(s: &mut String, page: &Page, text: &PageText, marks: &PageMarks) {
    let _ = write!(
        s,
        "<rect class=\"paper\" width=\"{}\" height=\"{}\"/>",
        num(page.width),
        num(page.height)
    );
    fills(s, &page.fills);
    rules(s, &page.rulings);
    words(s, &text.words);
    context(s, marks);
    for g in &marks.grids {
        cells(s, g);
    }
    for g in &marks.grids {
        labels(s, g);
    }
    warnings(s, marks);
}

fn rect_attrs(b: &BBox) -> String {
    format!(
        "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
        num(b.x0),
        num(b.top),
        num(b.width()),
        num(b.height())
    )
}

fn fills(s: &mut String, fills: &[BBox]) {
    s.push_str("<g class=\"fills\">");
    for b in fills {
        let _ = write!(s, "<rect class=\"fill\" {}/>", rect_attrs(b));
    }
    s.push_str("</g>");
}

/// All ruling lines as one path: one element per page instead of one per line.
fn rules(s: &mut String, rulings: &[Ruling]) {
    let mut d = String::new();
    for r in rulings {
        let (x, y, cmd, to) = if r.horizontal {
            (r.start, r.pos, 'H', r.end)
        } else {
            (r.pos, r.start, 'V', r.end)
        };
        let _ = write!(d, "M{} {}{cmd}{}", num(x), num(y), num(to));
    }
    let _ = write!(s, "<path class=\"rules\" d=\"{d}\"/>");
}

/// The words layer; the page's most common font size is set once on the layer and
/// only other sizes on their words (a third of the report's bytes otherwise).
fn words(s: &mut String, words: &[Word]) {
    let common = common_size(words);
    let _ = write!(s, "<g class=\"words\" font-size=\"{}\">", num(common));
    for w in words {
        word(s, w, common);
    }
    s.push_str("</g>");
}

/// Font size of a word, in points (its box height when the PDF gave none).
fn size_of(w: &Word) -> f64 {
    if w.size > 0.0 {
        f64::from(w.size)
    } else {
        w.bbox.height()
    }
}

/// The most common font size (at 0.1 pt) of a page's words; the smallest on a tie.
fn common_size(words: &[Word]) -> f64 {
    let mut counts: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
    for w in words {
        *counts
            .entry((size_of(w) * 10.0).round() as i64)
            .or_default() += 1;
    }
    let best = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or(0, |(k, _)| *k);
    best as f64 / 10.0
}

/// One word on its baseline, spaced out to its box's length (our boxes come from the
/// glyph advances, the fonts are not embedded). Rotated text is drawn in its own
/// direction.
fn word(s: &mut String, w: &Word, common: f64) {
    let b = &w.bbox;
    let size = size_of(w);
    let d = DESCENT_EM * size;
    let (x, y, len, turn) = match w.dir {
        90 => (b.x0 + d, b.top, b.height(), 90),
        180 => (b.x1, b.top + d, b.width(), 180),
        270 => (b.x1 - d, b.bottom, b.height(), 270),
        _ => (b.x0, b.bottom - d, b.width(), 0),
    };
    let place = if turn == 0 {
        format!("x=\"{}\" y=\"{}\"", num(x), num(y))
    } else {
        format!(
            "transform=\"translate({} {}) rotate({turn})\"",
            num(x),
            num(y)
        )
    };
    let font = if num(size) == num(common) {
        String::new()
    } else {
        format!(" font-size=\"{}\"", num(size))
    };
    let _ = write!(
        s,
        "<text {place}{font} textLength=\"{}\">{}</text>",
        num(len.max(0.1)),
        escape(&w.text)
    );
}

fn context(s: &mut String, marks: &PageMarks) {
    s.push_str("<g class=\"ctxs\">");
    for (table, heading, p) in &marks.context {
        let _ = write!(
            s,
            "<rect class=\"ctx\" {} data-table=\"{table}\" data-k=\"{}\"><title>context of {table}: {}</title></rect>",
            rect_attrs(&p.bbox),
            prov_key(p),
            escape(heading)
        );
    }
    s.push_str("</g>");
}

/// One rect per detected cell, carrying its id, key and text for the report's JS.
fn cells(s: &mut String, g: &GridMark) {
    let _ = write!(
        s,
        "<g class=\"grid\" data-table=\"{}\" data-method=\"{:?}\">",
        g.id, g.grid.method
    );
    for c in &g.grid.cells {
        let class = if Some(c.row) == g.header_row {
            "c h"
        } else {
            "c"
        };
        let _ = write!(
            s,
            "<rect class=\"{class}\" {} data-cell=\"{}\" data-k=\"{}\" data-text=\"{}\"/>",
            rect_attrs(&c.prov.bbox),
            g.cell_id(c.row, c.col),
            prov_key(&c.prov),
            escape(&c.text)
        );
    }
    s.push_str("</g>");
}

/// The table's id (with "continues from p. N") above the grid's right end, clear of
/// the left-aligned headings above most tables, and each column's role and
/// confidence above the column.
fn labels(s: &mut String, g: &GridMark) {
    let b = &g.grid.bbox;
    let cont = g
        .continues_from
        .map_or(String::new(), |p| format!(" (continues from p. {p})"));
    let kind = g
        .table
        .map_or("no table".to_string(), |t| format!("{:?}", t.kind));
    let _ = write!(
        s,
        "<text class=\"tid\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{} {}{cont}</text>",
        num(b.x1),
        num((b.top - ROLE_TAG_PT - 2.0).max(LABEL_MIN_Y)),
        g.id,
        escape(&kind)
    );
    let Some(t) = g.table else { return };
    for (i, col) in t.columns.iter().enumerate() {
        let Some(x) = column_left(g, i) else { continue };
        let role = col.role.map_or("?".to_string(), |r| {
            serde_json::to_value(r)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        });
        let _ = write!(
            s,
            "<text class=\"role\" x=\"{}\" y=\"{}\"><title>{}</title>{role} {:.2}</text>",
            num(x + 1.0),
            num((b.top - 1.0).max(LABEL_MIN_Y + TABLE_LABEL_PT)),
            escape(&col.name),
            col.confidence
        );
    }
}

/// Left edge of column `col`: the leftmost cell that starts in it.
fn column_left(g: &GridMark, col: usize) -> Option<f64> {
    g.grid
        .cells
        .iter()
        .filter(|c| c.col == col)
        .map(|c| c.prov.bbox.x0)
        .min_by(f64::total_cmp)
}

fn warnings(s: &mut String, marks: &PageMarks) {
    s.push_str("<g class=\"warns\">");
    for w in &marks.warnings {
        let Some(p) = w.prov else { continue };
        let _ = write!(
            s,
            "<rect class=\"warn\" {} data-k=\"{}\"><title>{}: {}</title></rect>",
            rect_attrs(&p.bbox),
            prov_key(&p),
            w.code,
            escape(&w.message)
        );
    }
    s.push_str("</g>");
}
