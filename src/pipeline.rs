//! The front of the stage chain, pdf → layout → grid → tables: the one place that
//! knows their order. [`crate::extract::run`] puts the envelope before it and
//! assemble after it; `extract`, `tables` and `review` all go through both.
//!
//! A panic inside a stage is contained where the stage is called and reported as
//! [`Error::Internal`](crate::Error::Internal) naming the stage; a panic of the PDF
//! reader keeps its own kind, [`Error::DependencyPanic`](crate::Error::DependencyPanic).

use crate::assemble::cards::Labels;
use crate::config::Config;
use crate::error::{Result, contain_panic, contain_stage};
use crate::grid::{self, Grid};
use crate::layout::{self, Lexicon, PageText};
use crate::pdf::{self, Page, PageFacts, PageSource};
use crate::tables::{self, Table};
use rayon::prelude::*;

/// What the chain keeps of the stages' outputs besides the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Each page's lines only: glyphs, words and grids are dropped as soon as their
    /// chunk of pages is done, so memory grows with the document's text (`extract`).
    Lines,
    /// Every page as drawn, its words and lines, and its grids (`review`).
    Everything,
}

/// The outputs of the front stages.
#[derive(Debug, Clone, Default)]
pub struct Front {
    /// Pages as drawn ([`Keep::Everything`] only; empty otherwise).
    pub pages: Vec<Page>,
    /// Each page's text: lines only under [`Keep::Lines`], words too otherwise.
    pub texts: Vec<PageText>,
    /// Each page's grids ([`Keep::Everything`] only; empty otherwise).
    pub grids: Vec<Vec<Grid>>,
    /// The recognised tables of the whole document.
    pub tables: Vec<Table>,
}

/// The front of the pipeline on a page source, a chunk of pages at a time
/// ([`Limits::pages_per_chunk`](crate::config::Limits::pages_per_chunk)): each
/// page's glyphs become text and grids, which (under [`Keep::Lines`]) are dropped but
/// for the text's lines ([`PageText::compact`]). The document's [`Lexicon`] takes
/// each page's words before they go, and settles the cells' open line breaks once
/// every page is read, so no break depends on the chunk its page fell in. A document
/// with no text on any page fails as [`NoTextLayer`](crate::Error::NoTextLayer).
pub fn run(source: &PageSource, config: &Config, keep: Keep) -> Result<Front> {
    let n = source.page_count();
    let mut front = Front::default();
    let mut grids = Vec::with_capacity(n);
    let mut facts = Vec::with_capacity(n);
    let mut lexicon = Lexicon::new(&config.layout);
    let chunk_pages = config.limits.pages_per_chunk.max(1);
    let mut list_head: Option<grid::column::ListHead> = None;
    let mut open_end: Option<grid::carry::OpenEnd> = None;
    let mut open_foot: Option<grid::carry::OpenFoot> = None;
    // a carried row's first cell is a card label: read as the cards are (built on
    // the first such row only)
    let is_label = |s: &str| {
        let matcher = tables::header::Matcher::for_run(&config.vocab, &config.header);
        Labels::for_run(&matcher, &config.vocab).role(s).is_some()
    };
    for start in (0..n).step_by(chunk_pages) {
        let range = start..(start + chunk_pages).min(n);
        let pages = contain_panic(|| source.read(range, config))?;
        facts.extend(pages.iter().map(PageFacts::of));
        let chunk: Vec<PageText> = contain_stage("layout", || {
            Ok(pages
                .par_iter()
                .map(|p| layout::analyze_page(p, &config.layout))
                .collect())
        })?;
        chunk.iter().for_each(|t| lexicon.add_page(t));
        let mut done: Vec<(PageText, Vec<Grid>)> = contain_stage("grid", || {
            Ok(pages
                .par_iter()
                .zip(chunk.into_par_iter())
                .map(|(p, t)| {
                    let g = grid::detect(p, &t, &config.grid);
                    (t, g)
                })
                .collect())
        })?;
        // a one-column table without rules that a page ends with goes on at the top
        // of the next, its header repeated and nothing above it to tell its padding;
        // a table without rules that ends a page may leave its last rows alone at the
        // top of the next
        // and a table without rules may leave its first rows alone at a page's foot,
        // given back to that page
        contain_stage("grid", || {
            for (i, p) in pages.iter().enumerate() {
                let (before, here) = done.split_at_mut(i);
                let Some((t, g)) = here.first_mut() else {
                    break;
                };
                if let Some(head) = &list_head {
                    grid::continue_list(p, t, g, head, &config.grid);
                }
                if let Some(end) = &open_end {
                    grid::continue_rows(p, t, g, end, &is_label, &config.grid);
                }
                if let Some(foot) = &open_foot
                    && let Some(cut) = grid::continue_foot(p, t, g, foot, &is_label, &config.grid)
                {
                    let prev = match before.last_mut() {
                        Some((_, prev)) => Some(prev),
                        None => grids.last_mut(),
                    };
                    if let Some(prev) = prev {
                        prev.push(cut);
                    }
                }
                list_head = g.last().and_then(grid::column::ListHead::of);
                open_end = grid::carry::OpenEnd::of(p, t, g, &config.grid);
                open_foot = grid::carry::OpenFoot::of(p, t, g, &config.grid);
            }
            Ok(())
        })?;
        for (mut t, g) in done {
            if keep == Keep::Lines {
                t.compact();
            }
            front.texts.push(t);
            grids.push(g);
        }
        if keep == Keep::Everything {
            front.pages.extend(pages);
        }
    }
    pdf::check_text_layer(&facts)?;
    contain_stage("grid", || {
        grid::resolve_breaks(&mut grids, &lexicon);
        Ok(())
    })?;
    front.tables = contain_stage("tables", || {
        Ok(tables::recognize(&front.texts, &grids, config))
    })?;
    if keep == Keep::Everything {
        front.grids = grids;
    }
    Ok(front)
}
