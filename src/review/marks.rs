//! What is drawn over a page besides the page itself: each grid tied back to the
//! table it became, the headings taken as context, and the warnings.

use super::Review;
use crate::assemble::Warning;
use crate::geom::Provenance;
use crate::grid::Grid;
use crate::tables::Table;

/// One detected grid and what the `tables` stage made of it.
#[derive(Debug)]
pub(super) struct GridMark<'a> {
    /// The grid as detected.
    pub grid: &'a Grid,
    /// The table's id, or `p6g2` (page 6, second grid) for a grid no table kept.
    pub id: String,
    /// The table it belongs to.
    pub table: Option<&'a Table>,
    /// The page the table starts on, when this grid continues it.
    pub continues_from: Option<u32>,
    /// The grid row that is the table's header row.
    pub header_row: Option<usize>,
}

impl GridMark<'_> {
    /// `t001:p6:r3:c5`: the id of a cell's rect in the report.
    pub fn cell_id(&self, row: usize, col: usize) -> String {
        format!("{}:p{}:r{row}:c{col}", self.id, self.grid.page)
    }
}

/// Everything drawn over one page.
#[derive(Debug)]
pub(super) struct PageMarks<'a> {
    /// Grids in detection order.
    pub grids: Vec<GridMark<'a>>,
    /// Headings taken as a table's context: (table id, heading, where).
    pub context: Vec<(&'a str, &'a str, Provenance)>,
    /// Warnings that point at a box on this page.
    pub warnings: Vec<&'a Warning>,
}

impl<'a> PageMarks<'a> {
    /// The marks of page `page` (1-based) of a review.
    pub fn new(review: &'a Review, page: u32) -> Self {
        let tables = &review.plan.tables;
        let grids = (page as usize)
            .checked_sub(1)
            .and_then(|i| review.grids.get(i))
            .map_or(&[][..], Vec::as_slice);
        PageMarks {
            grids: grids
                .iter()
                .enumerate()
                .map(|(i, g)| grid_mark(g, i, tables))
                .collect(),
            context: tables
                .iter()
                .flat_map(|t| {
                    t.context
                        .iter()
                        .zip(&t.context_prov)
                        .map(move |(c, p)| (t.id.as_str(), c.as_str(), *p))
                })
                .filter(|(_, _, p)| p.page == page)
                .collect(),
            warnings: review
                .plan
                .warnings
                .iter()
                .filter(|w| w.prov.is_some_and(|p| p.page == page))
                .collect(),
        }
    }
}

fn grid_mark<'a>(g: &'a Grid, index: usize, tables: &'a [Table]) -> GridMark<'a> {
    let table = table_of(g, tables);
    let first = table.and_then(|t| t.pages.first().copied());
    GridMark {
        grid: g,
        id: table.map_or_else(|| format!("p{}g{}", g.page, index + 1), |t| t.id.clone()),
        table,
        continues_from: first.filter(|&f| f != g.page),
        header_row: table.and_then(|t| header_row(g, t)),
    }
}

/// The table a grid became: the one holding one of its cells (by provenance), else
/// one on its page whose header is one of its rows (a table with a header only).
fn table_of<'a>(g: &Grid, tables: &'a [Table]) -> Option<&'a Table> {
    let on_page = || tables.iter().filter(|t| t.pages.contains(&g.page));
    let holds = |t: &Table| {
        t.rows
            .iter()
            .flatten()
            .filter_map(|c| c.prov)
            .any(|p| g.cells.iter().any(|c| c.prov == p))
    };
    on_page()
        .find(|t| holds(t))
        .or_else(|| on_page().find(|t| header_row(g, t).is_some()))
}

/// The grid row whose texts are the table's header, as `tables` split it off.
fn header_row(g: &Grid, t: &Table) -> Option<usize> {
    if t.header.is_empty() {
        return None;
    }
    g.rows().iter().position(|r| *r == t.header)
}

/// Warnings of a page for its panel: those pointing at a box on it, and those
/// without a box that name (`t003: ...`) a table starting on it.
pub(super) fn page_warnings(review: &Review, page: u32) -> Vec<&Warning> {
    let starts_here = |w: &Warning| {
        review.plan.tables.iter().any(|t| {
            t.pages.first() == Some(&page)
                && w.message
                    .strip_prefix(t.id.as_str())
                    .is_some_and(|rest| rest.starts_with(':'))
        })
    };
    review
        .plan
        .warnings
        .iter()
        .filter(|w| w.prov.map_or_else(|| starts_here(w), |p| p.page == page))
        .collect()
}
