//! The stages chained: the one place that knows their order.

use crate::config::Config;
use crate::grid::{self, Grid};
use crate::layout::{self, PageText};
use crate::pdf::Document;
use crate::tables::{self, Table};
use rayon::prelude::*;

/// The grids of every page (pages in parallel), from the pages and their text.
pub fn grids(doc: &Document, texts: &[PageText], config: &Config) -> Vec<Vec<Grid>> {
    doc.pages
        .par_iter()
        .zip(texts.par_iter())
        .map(|(p, t)| grid::detect(p, t, &config.grid, &config.header))
        .collect()
}

/// Pages' words and lines, and every recognised table of a document.
pub fn tables_with_text(doc: &Document, config: &Config) -> (Vec<PageText>, Vec<Table>) {
    let texts = layout::analyze(doc, &config.layout);
    let grids = grids(doc, &texts, config);
    let tables = tables::recognize(&texts, &grids, config);
    (texts, tables)
}

/// Every recognised table of a document.
pub fn tables(doc: &Document, config: &Config) -> Vec<Table> {
    tables_with_text(doc, config).1
}
