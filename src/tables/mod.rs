//! Stage `tables`: grids of the whole document → recognised tables.
//!
//! `vocab` holds the header wordings per column role; `header` finds the header row
//! and gives each column a role and a confidence; `context` takes the headings above
//! a table (year, silo, dirigente, linea strategica...); `stitch` joins a table that
//! runs over several pages into one and drops the repeated header rows.
//!
//! Invariant: every cell keeps its page and box.

pub mod context;
pub mod header;
mod stitch;
pub mod vocab;

use crate::config::Config;
use crate::geom::Provenance;
use crate::grid::{Grid, Method};
use crate::layout::PageText;
use header::Column;
use serde::Serialize;
use vocab::Role;

/// What a table is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Objectives with indicators and targets.
    Objectives,
    /// A summary list of objectives (type, area, title) without indicators.
    ObjectiveSummary,
    /// Anything else (personnel counts, risk matrices, budgets...).
    Other,
}

/// One cell of a recognised table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableCell {
    /// Text as read.
    pub text: String,
    /// Where it is; `None` for a cell a merged cell covers.
    pub prov: Option<Provenance>,
    /// All its words bold (`None`: empty, or the font is unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bold: Option<bool>,
}

/// A recognised table, possibly stitched over several pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// `t001`, `t002`... in document order.
    pub id: String,
    /// What the table is about.
    pub kind: TableKind,
    /// Pages it spans, in order.
    pub pages: Vec<u32>,
    /// How its grid was found (of its first piece).
    pub method: Method,
    /// Headings above it, in document order.
    pub context: Vec<String>,
    /// Header cells as printed (empty when no header was recognised): the column
    /// header, the header row right above the data.
    pub header: Vec<String>,
    /// Header rows above the column header (spanning group names such as `Target`
    /// over `2025 | 2026`), top to bottom, each as wide as the table: a spanning
    /// cell's text and box at its first column, covered positions empty with no box.
    pub header_above: Vec<Vec<TableCell>>,
    /// Column names, roles and confidences.
    pub columns: Vec<Column>,
    /// Data rows.
    pub rows: Vec<Vec<TableCell>>,
    /// Provenance of the heading lines in `context`.
    pub context_prov: Vec<Provenance>,
}

impl Table {
    /// Index of the column with this role.
    pub fn col(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.role == Some(role))
    }
    /// Rows as plain text.
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.clone()).collect())
            .collect()
    }
}

/// One grid with what the page says around it, before stitching.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub grid: Grid,
    pub header_row: Option<usize>,
    pub context: Vec<(String, Provenance)>,
    /// First grid on its page, with no other text between the page top and it but
    /// headings.
    pub at_page_top: bool,
}

/// Recognise the tables of a document from its pages' text and grids.
pub fn recognize(texts: &[PageText], grids: &[Vec<Grid>], config: &Config) -> Vec<Table> {
    let mut pieces = Vec::new();
    for (pt, gs) in texts.iter().zip(grids) {
        for (i, g) in gs.iter().enumerate() {
            let rows = g.rows();
            // the grid's structure tells the header first; the vocabulary where it
            // does not (ruled grids)
            let header_row = match g.header_rows {
                0 => header::find_header(&rows, &config.header),
                n => Some(n - 1),
            };
            let prev_bottom = if i == 0 { 0.0 } else { gs[i - 1].bbox.bottom };
            let context = context::above(pt, gs, g, prev_bottom, &config.tables);
            pieces.push(Piece {
                grid: g.clone(),
                header_row,
                context,
                at_page_top: i == 0,
            });
        }
    }
    stitch::stitch(pieces, &config.header, &config.tables)
}
