//! The stages chained: the one place that knows their order.

use crate::config::Config;
use crate::error::Result;
use crate::grid::{self, Grid};
use crate::layout::{self, Lexicon, PageText};
use crate::pdf::{self, Document, PageFacts, PageSource};
use crate::tables::{self, Table};
use rayon::prelude::*;

/// The grids of every page (pages in parallel), from the pages and their text, with
/// the line breaks inside cells settled by the whole document's [`Lexicon`], as in
/// [`run`].
pub fn grids(doc: &Document, texts: &[PageText], config: &Config) -> Vec<Vec<Grid>> {
    let mut lexicon = Lexicon::new(&config.layout);
    texts.iter().for_each(|t| lexicon.add_page(t));
    let mut grids: Vec<Vec<Grid>> = doc
        .pages
        .par_iter()
        .zip(texts.par_iter())
        .map(|(p, t)| grid::detect(p, t, &config.grid))
        .collect();
    grid::resolve_breaks(&mut grids, &lexicon);
    grids
}

/// Pages' words and lines, and every recognised table of an opened document.
pub fn tables_with_text(doc: &Document, config: &Config) -> (Vec<PageText>, Vec<Table>) {
    let texts = layout::analyze(doc, &config.layout);
    let grids = grids(doc, &texts, config);
    let tables = tables::recognize(&texts, &grids, config);
    (texts, tables)
}

/// Every recognised table of an opened document.
pub fn tables(doc: &Document, config: &Config) -> Vec<Table> {
    tables_with_text(doc, config).1
}

/// The whole front of the pipeline on a page source, a chunk of pages at a time
/// ([`Limits::pages_per_chunk`](crate::config::Limits::pages_per_chunk)):
/// each page's glyphs become text and grids, then are dropped, and the text keeps its
/// lines only ([`PageText::compact`]). Memory therefore grows with the document's
/// text, not with its glyphs. The document's [`Lexicon`] takes each page's words
/// before they go, and settles the cells' open line breaks once every page is read,
/// so no break depends on the chunk its page fell in. Returns the pages' lines and
/// the recognised tables.
pub fn run(source: &PageSource, config: &Config) -> Result<(Vec<PageText>, Vec<Table>)> {
    let n = source.page_count();
    let mut texts = Vec::with_capacity(n);
    let mut grids = Vec::with_capacity(n);
    let mut facts = Vec::with_capacity(n);
    let mut lexicon = Lexicon::new(&config.layout);
    let chunk_pages = config.limits.pages_per_chunk.max(1);
    for start in (0..n).step_by(chunk_pages) {
        let pages = source.read(start..(start + chunk_pages).min(n), config)?;
        facts.extend(pages.iter().map(PageFacts::of));
        let chunk: Vec<PageText> = pages
            .par_iter()
            .map(|p| layout::analyze_page(p, &config.layout))
            .collect();
        chunk.iter().for_each(|t| lexicon.add_page(t));
        let done: Vec<(PageText, Vec<Grid>)> = pages
            .par_iter()
            .zip(chunk.into_par_iter())
            .map(|(p, mut t)| {
                let g = grid::detect(p, &t, &config.grid);
                t.compact();
                (t, g)
            })
            .collect();
        for (t, g) in done {
            texts.push(t);
            grids.push(g);
        }
    }
    pdf::check_text_layer(&facts)?;
    grid::resolve_breaks(&mut grids, &lexicon);
    let tables = tables::recognize(&texts, &grids, config);
    Ok((texts, tables))
}
