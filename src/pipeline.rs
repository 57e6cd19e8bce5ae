//! The stages chained: the one place that knows their order.

use crate::config::Config;
use crate::grid;
use crate::layout::{self, PageText};
use crate::pdf::Document;
use crate::tables::{self, Table};
use rayon::prelude::*;

/// Pages' words and lines, and every recognised table of a document.
pub fn tables_with_text(doc: &Document, config: &Config) -> (Vec<PageText>, Vec<Table>) {
    let texts = layout::analyze(doc, &config.layout);
    let grids: Vec<_> = doc
        .pages
        .par_iter()
        .zip(texts.par_iter())
        .map(|(p, t)| grid::detect(p, t, &config.grid, &config.header))
        .collect();
    let tables = tables::recognize(&texts, &grids, config);
    (texts, tables)
}

/// Every recognised table of a document.
pub fn tables(doc: &Document, config: &Config) -> Vec<Table> {
    tables_with_text(doc, config).1
}
