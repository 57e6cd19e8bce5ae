//! Stage `grid`: a page's words and rulings → table grids (like pdfplumber's
//! edges → intersections → cells → tables).
//!
//! `lattice` rebuilds grids from ruling lines (merged cells kept as one cell);
//! `region` finds where the text forms a table from its alignment alone; `stream`
//! rebuilds those grids (rows by lines, gaps or drawn separators) and reads again a
//! ruled grid whose rules leave several values in one cell; `header` finds a stream
//! table's header rows by structure; `cell_text` joins the words of a cell the way a
//! reader would; `carry` reads the rows a page break carried alone onto the next page
//! in the columns of the grid the page before ended with, and the rows it left alone
//! at a page's foot in the columns of the next page's first grid; `recolumn` reads
//! the next page's first grid again in the columns of the grid the page before ended
//! with, when it goes on with that table under no header.
//!
//! Invariant: a grid never spans pages; stitching is the `tables` stage's job. The
//! one text that crosses a page is a value `carry` finds cut by the break, its lines
//! atop the next page added to its cell at the foot (its box stays on its page).

pub mod carry;
pub mod cell_text;
pub mod column;
mod fills;
mod header;
mod index;
mod lattice;
mod pitch;
pub mod recolumn;
mod region;
pub mod stream;

use crate::config::GridTolerances;
use crate::geom::{BBox, Provenance};
use crate::layout::{Lexicon, PageText, Word};
use crate::pdf::Page;
use serde::Serialize;

/// How a grid was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// From ruling lines.
    Lattice,
    /// From text alignment.
    Stream,
}

/// One cell; a merged cell spans several rows or columns and appears once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// Top row index.
    pub row: usize,
    /// Left column index.
    pub col: usize,
    /// Rows covered (≥ 1).
    pub row_span: usize,
    /// Columns covered (≥ 1).
    pub col_span: usize,
    /// Text, joined in reading order.
    pub text: String,
    /// Page and box of the cell.
    pub prov: Provenance,
    /// All its words bold (`None`: empty, or the font is unknown).
    pub bold: Option<bool>,
}

/// A rebuilt table grid on one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    /// 1-based page.
    pub page: u32,
    /// How it was found.
    pub method: Method,
    /// Box of the whole grid.
    pub bbox: BBox,
    /// Number of rows.
    pub n_rows: usize,
    /// Number of columns.
    pub n_cols: usize,
    /// Cells in row-major order.
    pub cells: Vec<Cell>,
    /// How many top rows are the header, as the grid's structure shows it (spanning
    /// rows above the column header, then the column header); 0 when the structure
    /// does not tell (ruled grids: the `tables` stage decides).
    pub header_rows: usize,
    /// Read in the columns of the grid the page before ended with, as that table's
    /// next rows under no header ([`recolumn::recolumned`]): the page's structure
    /// says it has no header row, whatever the vocabulary finds in its rows.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub carried: bool,
}

impl Grid {
    /// Rows as text: a merged cell's text stands at its top-left position, `""`
    /// elsewhere.
    pub fn rows(&self) -> Vec<Vec<String>> {
        let mut out = vec![vec![String::new(); self.n_cols]; self.n_rows];
        for c in &self.cells {
            if let Some(slot) = out.get_mut(c.row).and_then(|r| r.get_mut(c.col)) {
                slot.clone_from(&c.text);
            }
        }
        out
    }
    /// The cell whose top-left position is (row, col), if any.
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| c.row == row && c.col == col)
    }
}

/// Find the grids of a page: ruled grids first, then stream grids (found from the
/// text's alignment alone) in the rest of the page.
pub fn detect(page: &Page, text: &PageText, tol: &GridTolerances) -> Vec<Grid> {
    let breaks = breaks_of(text, tol);
    let mut grids = lattice::detect(page, text, breaks, tol);
    for g in grids.iter_mut() {
        if stream::underruled(g, text, tol)
            && let Some(again) = stream::regrid(page, text, breaks, g, tol)
        {
            *g = again;
        }
    }
    let more = stream::detect(page, text, breaks, &grids, tol);
    grids.extend(more);
    let lists = column::detect(page, text, breaks, &grids, tol);
    grids.extend(lists);
    join_ruled_headers(page, text, breaks, &mut grids, tol);
    grids.sort_by(|a, b| a.bbox.reading_order(&b.bbox));
    grids
}

/// What the page tells about its cells' line breaks: the producer's trailing-space
/// habit, unless the page is fixed-pitch ([`fixed_pitch`]); the breaks it leaves open
/// go to the document's vocabulary.
fn breaks_of(text: &PageText, tol: &GridTolerances) -> cell_text::Breaks {
    cell_text::Breaks {
        trailing_spaces: text.trailing_spaces && !fixed_pitch(text, tol),
        defer_to_lexicon: true,
    }
}

/// Whether the page's text is set in a fixed pitch ([`pitch::page_pitch`]). A
/// plain-text report pads each cell's line with spaces up to the next column and
/// trims each printed line's end, so whether a cell's line ends with a space glyph
/// tells whether a cell follows on its printed line, not how the line was wrapped
/// (h4-gallarate's enscript `gestione della` / `graduatoria ERP`, the last text of
/// its printed line, has no space after `della`).
fn fixed_pitch(text: &PageText, tol: &GridTolerances) -> bool {
    let words: Vec<&Word> = text.words.iter().filter(|w| w.dir == 0).collect();
    pitch::page_pitch(&words, tol).is_some()
}

/// The rows of a table without rules that the page before ended with (`end`,
/// [`carry::OpenEnd::of`] of that page), carried to this page's top: this page's
/// first grid read again in that table's columns when it goes on with it under no
/// header ([`recolumn::recolumned`]), or the rows carried alone, too few for a grid
/// of their own, put first among its `grids` ([`carry::continued`]); `is_label`
/// tells whether a row's first cell is a label (a question of vocabulary, asked by
/// the caller). Called in page order, as [`continue_list`].
pub fn continue_rows(
    page: &Page,
    text: &PageText,
    grids: &mut Vec<Grid>,
    end: &carry::OpenEnd,
    is_label: &dyn Fn(&str) -> bool,
    tol: &GridTolerances,
) {
    let breaks = breaks_of(text, tol);
    if let Some(g) = recolumn::recolumned(page, text, breaks, grids, end, tol)
        && let Some(first) = grids.first_mut()
    {
        *first = g;
    }
    if let Some(g) = carry::continued(page, text, breaks, grids, end, is_label, tol) {
        grids.insert(0, g);
    }
}

/// The rows a page break cut from the top of a table without rules that goes on as
/// this page's first grid (`foot`, [`carry::OpenFoot::of`] the page before): returned
/// as a grid of the page before, for the caller to add to that page's grids; the cut
/// value's lines atop this page become that first grid's first row
/// ([`carry::cut_row`]). Called in page order, as [`continue_rows`].
pub fn continue_foot(
    page: &Page,
    text: &PageText,
    grids: &mut [Grid],
    foot: &carry::OpenFoot,
    is_label: &dyn Fn(&str) -> bool,
    tol: &GridTolerances,
) -> Option<Grid> {
    let breaks = cell_text::Breaks {
        trailing_spaces: text.trailing_spaces,
        defer_to_lexicon: true,
    };
    carry::cut_row(page, text, breaks, grids, foot, is_label, tol)
}

/// The rest of a one-column table without rules that a page before ended with
/// (`head`, [`column::ListHead::of`] of that page's last grid), found on this page
/// and put first among its `grids`: the pages of a document are read in parallel,
/// so the document's reader calls this in page order afterwards.
pub fn continue_list(
    page: &Page,
    text: &PageText,
    grids: &mut Vec<Grid>,
    head: &column::ListHead,
    tol: &GridTolerances,
) {
    let breaks = breaks_of(text, tol);
    if let Some(g) = column::continued(page, text, breaks, grids, head, tol) {
        grids.insert(0, g);
    }
}

/// A ruled box of a few rows (a header drawn in a frame) right above a stream grid
/// that runs under it is that table's header: the two are read again as one from the
/// text's alignment, the box's column rules standing as gutters (a header is never
/// split from its body).
fn join_ruled_headers(
    page: &Page,
    text: &PageText,
    breaks: cell_text::Breaks,
    grids: &mut Vec<Grid>,
    tol: &GridTolerances,
) {
    let mut i = 0;
    while i < grids.len() {
        let head = &grids[i];
        let below = grids.iter().position(|s| {
            s.method == Method::Stream
                && head.method == Method::Lattice
                && head.n_rows <= tol.max_header_lines
                && s.bbox.top >= head.bbox.bottom - tol.snap
                && s.bbox.top - head.bbox.bottom <= tol.run_gap_lines * tol.fallback_pitch
                && s.bbox.h_overlap(&head.bbox) >= tol.separator_span * s.bbox.width()
        });
        if let Some(j) = below {
            let mut area = grids[i].clone();
            area.bbox = area.bbox.union(&grids[j].bbox);
            if let Some(joined) = stream::regrid(page, text, breaks, &area, tol) {
                grids[i] = joined;
                grids.remove(j);
                continue;
            }
        }
        i += 1;
    }
}

/// Settle the line breaks inside cells that [`detect`] left to the document's
/// vocabulary (see [`cell_text::resolve_breaks`]), once every page is read.
pub fn resolve_breaks(grids: &mut [Vec<Grid>], lexicon: &Lexicon) {
    for cell in grids.iter_mut().flatten().flat_map(|g| g.cells.iter_mut()) {
        if let Some(text) = cell_text::resolve_breaks(&cell.text, lexicon) {
            cell.text = text;
        }
    }
}

/// Whether every word is bold; `None` for no words or an unknown font.
pub(crate) fn all_bold(words: &[&Word]) -> Option<bool> {
    words
        .iter()
        .try_fold(true, |acc, w| w.bold.map(|b| acc && b))
        .filter(|_| !words.is_empty())
}

/// Words whose centre lies in `b` (with a margin), by a scan of them all (the
/// reference [`index::WordsByTop`] is tested against; it serves a page's many cells).
#[cfg(test)]
pub(crate) fn words_in<'w>(words: &'w [Word], b: &BBox, margin: f64) -> Vec<&'w Word> {
    words
        .iter()
        .filter(|w| b.contains_point(w.bbox.cx(), w.bbox.cy(), margin))
        .collect()
}
