//! Stage `tables`: grids of the whole document → recognised tables.
//!
//! `words` reads a header as the words that carry its meaning; `header` finds the
//! header row and gives each column a role by meaning, with a confidence and the
//! wording that gave it; `content` confirms or corrects a role with the column's
//! cells; `kind` types each table by its header and the document section it stands
//! in; `context` takes the headings above a table (year, silo, dirigente, linea
//! strategica...); `card` tells a card printed as a grid (a row of labels again
//! under its header: no column header, its title row its first row); `stitch` joins a table that runs over several pages into one and
//! drops the repeated header rows; `built` holds the built-in vocabulary's texts read
//! as words by `build.rs` (the same `words` code), which `words` looks up before it
//! reads one. The vocabulary ([`crate::vocab`], in
//! [`Config::vocab`]) decides roles and kinds, never whether a table exists.
//!
//! Invariant: every cell keeps its page and box.

mod built;
mod card;
pub mod content;
pub mod context;
pub mod header;
pub mod kind;
pub mod matcher;
mod readings;
mod stitch;
pub mod vocab;
pub mod words;

use crate::config::Config;
use crate::geom::Provenance;
use crate::grid::{Grid, Method};
use crate::layout::PageText;
use header::Column;
use serde::Serialize;
use vocab::Role;
pub use vocab::TableKind;

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
    /// Where the column header's cells are printed: each cell that prints something,
    /// on every page that prints the header (a header repeated over pages too), so
    /// every value, a header's words too, traces to its page and box.
    pub header_prov: Vec<Provenance>,
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
        self.columns
            .iter()
            .position(|c| c.role == Some(role) && !c.code)
            .or_else(|| self.columns.iter().position(|c| c.role == Some(role)))
    }
    /// The column holding the codes of `role` beside its names column
    /// ([`Column::code`](header::Column::code)), when the table prints both.
    pub fn code_col(&self, role: Role) -> Option<usize> {
        self.col(role)?;
        self.columns
            .iter()
            .position(|c| c.role == Some(role) && c.code)
            .filter(|&i| Some(i) != self.col(role))
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
    /// Its first rows are label / value pairs by the vocabulary
    /// ([`header::Matcher::label_value_rows`]): it has no header row, whatever its
    /// structure took.
    pub pairs: bool,
    /// It prints a row of labels again under its header ([`card::labels_again`]): a
    /// card, with no column header, its title row (inside it or right above it) its
    /// first row.
    pub card: bool,
    pub context: Vec<(String, Provenance)>,
    /// First grid on its page, with no other text between the page top and it but
    /// headings.
    pub at_page_top: bool,
}

/// Recognise the tables of a document from its pages' text and grids.
pub fn recognize(texts: &[PageText], grids: &[Vec<Grid>], config: &Config) -> Vec<Table> {
    let matcher = header::Matcher::for_run(&config.vocab, &config.header);
    let labels = context::Labels::new(&config.vocab);
    let mut pieces = Vec::new();
    // the heading block the page before ended with, for this page's first grid
    let mut orphan: Vec<(String, Provenance)> = Vec::new();
    for (pt, gs) in texts.iter().zip(grids) {
        for (i, g) in gs.iter().enumerate() {
            let rows = g.rows();
            // the grid's structure tells the header first; the vocabulary where it
            // does not (ruled grids)
            // a stream grid's first row, taken for its header, may be a card's
            // first fields: the vocabulary tells labels; so may the first rows of
            // one with no header, whose labels the page repeats card after card
            // (h12-tremosine by iText: no header by structure, the title one row
            // pitch above the fields left out as a heading)
            let pairs =
                g.method == Method::Stream && g.header_rows <= 1 && matcher.label_value_rows(&rows);
            let header_row = match g.header_rows {
                _ if pairs || g.carried => None,
                0 => matcher.find_header(&rows),
                n => Some(n - 1),
            };
            let card = !pairs && header_row.is_some_and(|h| card::labels_again(&matcher, &rows, h));
            let prev_bottom = if i == 0 { 0.0 } else { gs[i - 1].bbox.bottom };
            let mut context = context::above(pt, gs, g, prev_bottom, &config.tables);
            let block_top = context.first().map_or(g.bbox.top, |(_, p)| p.bbox.top);
            // labelled lines further up, past a paragraph, frame it too (they stand
            // above the block, so none is in it twice)
            let mut head =
                context::labelled(pt, gs, prev_bottom, block_top, &labels, &config.tables);
            head.append(&mut context);
            context = head;
            // the headings the page before ended with head this page's first grid,
            // above its own (h11-voghiera by dompdf: `MISSIONE 09 – …` alone at the
            // foot of page 2, `Programma 02 – …` over the card atop page 3)
            if i == 0 {
                let mut own = std::mem::take(&mut context);
                context = std::mem::take(&mut orphan);
                context.append(&mut own);
            }
            pieces.push(Piece {
                grid: g.clone(),
                header_row,
                pairs,
                card,
                context,
                at_page_top: i == 0 && !context::prose_above(pt, gs, g, &config.tables),
            });
        }
        // a page without tables that states a sheet's frame (settore, Missione,
        // Programma) heads the table the next page opens with (Ozieri PDO 2016, Calc:
        // the sheet's head fills page 1, its table page 2)
        orphan = match gs.last() {
            Some(last) => page_foot_headings(pt, gs, last, config),
            None => context::labelled(pt, gs, 0.0, pt.height, &labels, &config.tables),
        };
    }
    let mut tables = stitch::stitch(pieces, &config.tables);
    read_meaning(&mut tables, texts, grids, &matcher, config);
    tables
}

/// The headings a page ends with below its last grid `last` ([`context::trailing`]),
/// above its footer as the grid stage finds it.
fn page_foot_headings(
    pt: &PageText,
    gs: &[Grid],
    last: &Grid,
    config: &Config,
) -> Vec<(String, Provenance)> {
    let slack = config.tables.slack;
    let free: Vec<&crate::layout::TextLine> = pt
        .lines
        .iter()
        .filter(|l| {
            !gs.iter()
                .any(|g| g.bbox.contains_point(l.bbox.cx(), l.bbox.cy(), slack))
        })
        .collect();
    let footer = crate::grid::stream::footer_top(pt.height, &free, &config.grid);
    context::trailing(pt, gs, last, footer, &config.tables)
}

/// Roles and kinds of the stitched tables, with the run's vocabulary: each column's
/// role from its header, confirmed or corrected by its cells; each table's kind from
/// its header and its section.
fn read_meaning(
    tables: &mut [Table],
    texts: &[PageText],
    grids: &[Vec<Grid>],
    m: &header::Matcher,
    config: &Config,
) {
    let kinds = kind::Kinds::for_run(&config.vocab, header::fuzz(&config.header));
    let sections = kinds.sections(texts, grids, &config.tables);
    for t in tables.iter_mut() {
        if !t.header.is_empty() {
            t.columns = columns(&header_text(t), &t.rows, m, config);
            for (c, name) in t.columns.iter_mut().zip(&t.header) {
                c.name.clone_from(name);
            }
        }
        t.kind = kind::decide(
            t,
            kinds.of_header(&t.header),
            kind::section_of(t, &sections),
        );
    }
    same_header_same_role(tables, m.rules().doubtful_role);
}

/// A header cell that gave no role, printed the same in another table of the
/// document whose column has a sure role, takes that role: a document names a
/// column one way, and one table's few rows may be too few for the content rules
/// (a one-row table under `Unità operativa`).
fn same_header_same_role(tables: &mut [Table], sure: f64) {
    let mut known: Vec<(String, Column, String)> = Vec::new();
    for t in tables.iter() {
        for c in &t.columns {
            if c.role.is_some() && c.confidence >= sure && !known.iter().any(|(n, ..)| *n == c.name)
            {
                known.push((c.name.clone(), c.clone(), t.id.clone()));
            }
        }
    }
    for t in tables.iter_mut() {
        let taken: Vec<Role> = t.columns.iter().filter_map(|c| c.role).collect();
        for c in t.columns.iter_mut().filter(|c| c.role.is_none()) {
            let Some((_, k, id)) = known.iter().find(|(n, ..)| *n == c.name) else {
                continue;
            };
            if k.role.is_some_and(|r| taken.contains(&r)) {
                continue;
            }
            c.role = k.role;
            c.confidence = k.confidence;
            c.rule = Some(format!("as the same header in table {id}"));
        }
    }
}

/// Each column's whole header: the spanning header rows above the column header
/// (a spanning cell over the covered positions right of it) stacked over the column
/// header (`Valore da conseguire` over `2025` reads `Valore da conseguire 2025`).
fn header_text(t: &Table) -> Vec<String> {
    let mut rows: Vec<Vec<String>> = t
        .header_above
        .iter()
        .map(|row| {
            let mut last = String::new();
            row.iter()
                .map(|c| {
                    if c.prov.is_some() || !c.text.is_empty() {
                        last.clone_from(&c.text);
                    }
                    last.clone()
                })
                .collect()
        })
        .collect();
    rows.push(t.header.clone());
    header::stack_rows(&rows)
}

/// The columns of a table: each header cell's role by meaning ([`header::Matcher`]),
/// confirmed or corrected by the column's cells in `rows` ([`content::hints`]).
pub fn columns(
    header: &[String],
    rows: &[Vec<TableCell>],
    m: &header::Matcher,
    config: &Config,
) -> Vec<Column> {
    // folded by the build for the built-in vocabulary (this runs once per table)
    let titles: Vec<String> = config
        .vocab
        .person_titles
        .words
        .iter()
        .map(|t| m.folded(t).into_owned())
        .collect();
    let reader = content::Reader {
        matcher: m,
        titles: &titles,
        max_name_words: config.normalize.max_name_tokens,
    };
    m.assign(header, &content::hints(header, rows, &reader))
}
