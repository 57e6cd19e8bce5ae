//! A visual review of what was extracted, page by page (`piao-extract review`).
//!
//! Nothing is rasterised: each page is drawn as SVG from our own reading of it
//! (`svg`): the words at their positions and sizes, the ruling lines and fills, the
//! detected grids (one rect per cell), each table's id, header roles and
//! continuation, the headings taken as its context and the warnings. `marks` ties
//! grids back to the recognised tables; `html` puts the pages next to the records
//! and objectives read from them in one self-contained file (inline CSS and JS, no
//! network), with each page's SVG drawn only when it is scrolled into view.
//!
//! Invariant: the report is a pure function of the [`Review`]: no clock, no
//! environment, no hash-map order, so the same PDF gives the same bytes.

mod html;
mod marks;
mod svg;

use crate::assemble::Plan;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::extract;
use crate::geom::Provenance;
use crate::grid::Grid;
use crate::layout::PageText;
use crate::output::records::records;
use crate::pdf::Document;
use crate::pipeline::Keep;
use serde_json::{Map, Value as Json};
use std::path::Path;

/// Everything a review shows: the document as read, each stage's output, and the
/// flat records.
#[derive(Debug, Clone)]
pub struct Review {
    /// The input as named on the command line.
    pub file: String,
    /// Pages as drawn (glyphs, rulings, fills).
    pub doc: Document,
    /// Words and lines of every page.
    pub texts: Vec<PageText>,
    /// Grids detected on every page.
    pub grids: Vec<Vec<Grid>>,
    /// Objectives, tables, warnings.
    pub plan: Plan,
    /// One flat record per indicator, as `extract` writes them.
    pub records: Vec<Map<String, Json>>,
}

/// Read a PDF and run every stage on it, keeping what each stage made.
pub fn review_file(path: &Path, config: &Config) -> Result<Review> {
    let bytes = std::fs::read(path)?;
    review_bytes(path, &bytes, config)
}

/// [`review_file`] from the bytes; `path` names the input in the report. The same
/// stage chain as `extract` ([`extract::run`]), keeping every stage's output.
pub fn review_bytes(path: &Path, bytes: &[u8], config: &Config) -> Result<Review> {
    let run = extract::run(path, bytes, config, Keep::Everything)?;
    let extraction = run.extraction;
    let people = crate::people::index_of(std::slice::from_ref(&extraction));
    let records = records(&extraction, &people)
        .map(|r| match serde_json::to_value(&r) {
            Ok(Json::Object(m)) => Ok(m),
            _ => Err(Error::Invalid("a record that is not an object".into())),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Review {
        file: extraction.source.file,
        doc: Document {
            pages: run.pages,
            info: run.info,
        },
        texts: run.texts,
        grids: run.grids,
        plan: extraction.plan,
        records,
    })
}

/// The whole report: one self-contained HTML document.
pub fn html(review: &Review) -> String {
    html::document(review)
}

/// The drawing of one page alone (a standalone SVG document), or `None` when the
/// document has no such page.
pub fn page_svg(review: &Review, page: u32) -> Option<String> {
    let i = (page as usize).checked_sub(1)?;
    let p = review.doc.pages.get(i)?;
    let text = review.texts.get(i)?;
    let marks = marks::PageMarks::new(review, page);
    Some(svg::standalone(p, text, &marks))
}

/// Number of cell rects the drawing of `page` has: one per detected grid cell.
pub fn cell_count(review: &Review, page: u32) -> usize {
    (page as usize)
        .checked_sub(1)
        .and_then(|i| review.grids.get(i))
        .map_or(0, |gs| gs.iter().map(|g| g.cells.len()).sum())
}

/// The key that ties a value to a box on a page in the report (`page:x0,top,x1,bottom`
/// at 0.1 pt): a record field and the cell it was read from share it.
pub fn prov_key(p: &Provenance) -> String {
    let b = &p.bbox;
    format!(
        "{}:{},{},{},{}",
        p.page,
        num(b.x0),
        num(b.top),
        num(b.x1),
        num(b.bottom)
    )
}

/// A coordinate at 0.1 pt, without a trailing `.0` (keeps the report small).
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let r = if r == 0.0 { 0.0 } else { r };
    let s = format!("{r:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// Text made safe for XML and HTML content and attribute values; control characters
/// XML does not allow become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_controls() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(escape("x\u{1}y"), "x\u{fffd}y");
    }

    #[test]
    fn num_is_compact_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.04), "12");
        assert_eq!(num(12.06), "12.1");
        assert_eq!(num(-0.01), "0");
    }
}
