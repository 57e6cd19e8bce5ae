//! The rows of a table without rules that a page break carried alone onto the next
//! page: too few to make a grid of their own, they are read in the columns of the
//! grid the page before ended with.
//!
//! A producer that breaks a table at the page's foot moves its last row (a card's
//! `Data di completamento | 30/09/2025`, hcard-lucca by ConTeXt) to the next page's
//! top, where one row shows no gutter and the stream reader ([`super::stream`])
//! reads its two fragments as two heading lines of whatever follows (the next card's
//! title and table). Ruled, its borders make it a grid (`grid::lattice` closes
//! its open end); unruled, the evidence is the page before: a grid that ends that
//! page with nothing under it, and the row's fragments each standing in one of that
//! grid's columns. Whether the row's first cell is a label is a question of
//! vocabulary, which the grid stage does not hold: the caller asks it (`is_label`).
//! Pages are read in parallel, so the pipeline calls [`continued`] in page order
//! afterwards, as for [`super::column::continued`].

use super::header::cell;
use super::{Grid, Method, all_bold, cell_text};
use crate::config::GridTolerances;
use crate::geom::BBox;
use crate::layout::{PageText, TextLine, Word};
use crate::pdf::Page;

/// The columns of a grid without rules that a page ends with (nothing below it but
/// the page's footer): where each column's text starts, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenEnd {
    /// Each column's left text edge (its cells' least `x0`).
    pub starts: Vec<f64>,
}

impl OpenEnd {
    /// The open end of a page's grids: their last in reading order, when it is a
    /// stream grid of two columns or more, every column has text, and no line of the
    /// page stands below it above the footer.
    pub fn of(page: &Page, pt: &PageText, grids: &[Grid], tol: &GridTolerances) -> Option<OpenEnd> {
        let g = grids
            .last()
            .filter(|g| g.method == Method::Stream && g.n_cols >= 2)?;
        let starts = column_starts(g)?;
        let below = super::column::free_lines(page, pt, grids, tol)
            .iter()
            .any(|l| l.bbox.top >= g.bbox.bottom);
        (!below).then_some(OpenEnd { starts })
    }

    /// The column a fragment stands in: it starts at that column's text edge (within
    /// [`GridTolerances::snap`]) and ends before the next column's.
    fn column_of(&self, b: &BBox, tol: &GridTolerances) -> Option<usize> {
        let c = self
            .starts
            .iter()
            .position(|s| (b.x0 - s).abs() <= tol.snap)?;
        let fits = self.starts.get(c + 1).is_none_or(|next| b.x1 < *next);
        fits.then_some(c)
    }
}

/// Each column's left text edge: the least `x0` of its one-column cells with text;
/// `None` when a column has none.
fn column_starts(g: &Grid) -> Option<Vec<f64>> {
    (0..g.n_cols)
        .map(|c| {
            g.cells
                .iter()
                .filter(|x| x.col == c && x.col_span == 1 && !x.text.trim().is_empty())
                .map(|x| x.prov.bbox.x0)
                .min_by(f64::total_cmp)
        })
        .collect()
}

/// The page's lines in rows: fragments whose tops differ by less than half a line's
/// height (or [`GridTolerances::slack`]) share a row.
fn rows<'l>(lines: &[&'l TextLine], tol: &GridTolerances) -> Vec<Vec<&'l TextLine>> {
    let mut out: Vec<Vec<&TextLine>> = Vec::new();
    for l in lines {
        let same = out.last().and_then(|r| r.first()).is_some_and(|f| {
            (f.bbox.top - l.bbox.top).abs() < tol.slack.max(f.bbox.height() / 2.0)
        });
        match out.last_mut() {
            Some(r) if same => r.push(l),
            _ => out.push(vec![l]),
        }
    }
    out
}

/// A row's fragments by column, when each stands in a column of `end`; `None` when
/// one does not (a title across the columns, a paragraph).
fn placed<'l>(
    row: &[&'l TextLine],
    end: &OpenEnd,
    tol: &GridTolerances,
) -> Option<Vec<Vec<&'l TextLine>>> {
    let mut cols: Vec<Vec<&TextLine>> = vec![Vec::new(); end.starts.len()];
    for l in row {
        cols[end.column_of(&l.bbox, tol)?].push(l);
    }
    Some(cols)
}

/// The rows the page's top carries on from the grid the page before ended with
/// (`end`): from the page's first line (outside the `taken` grids), the rows whose
/// fragments each stand in one of its columns, the first a label (`is_label` reads
/// its first cell) with a value beside it; a row with no label goes on with the value
/// above (a wrapped value). `None` when the page's first row is no such row.
pub fn continued(
    page: &Page,
    pt: &PageText,
    breaks: cell_text::Breaks,
    taken: &[Grid],
    end: &OpenEnd,
    is_label: &dyn Fn(&str) -> bool,
    tol: &GridTolerances,
) -> Option<Grid> {
    let lines = super::column::free_lines(page, pt, taken, tol);
    let first_grid = taken
        .iter()
        .map(|g| g.bbox.top)
        .fold(f64::INFINITY, f64::min);
    let above: Vec<&TextLine> = lines
        .into_iter()
        .filter(|l| l.bbox.bottom <= first_grid)
        .collect();
    let mut out: Vec<Vec<Vec<&TextLine>>> = Vec::new();
    for row in rows(&above, tol) {
        let Some(cols) = placed(&row, end, tol) else {
            break;
        };
        match out.last_mut() {
            Some(last) if cols[0].is_empty() => {
                for (mine, more) in last.iter_mut().zip(cols) {
                    mine.extend(more);
                }
            }
            _ => out.push(cols),
        }
    }
    let first = out.first()?;
    let label = first[0]
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if first.iter().skip(1).all(Vec::is_empty) || !is_label(&label) {
        return None;
    }
    build(page, pt, &out, breaks, tol)
}

fn words_of<'a>(pt: &'a PageText, lines: &[&TextLine]) -> Vec<&'a Word> {
    lines
        .iter()
        .flat_map(|l| l.words.iter().filter_map(|&i| pt.words.get(i)))
        .collect()
}

/// The grid of the carried rows: one cell per row and column that has text.
fn build(
    page: &Page,
    pt: &PageText,
    rows: &[Vec<Vec<&TextLine>>],
    breaks: cell_text::Breaks,
    tol: &GridTolerances,
) -> Option<Grid> {
    let mut cells = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, lines) in row.iter().enumerate() {
            let mut ws = words_of(pt, lines);
            let Some(b) = BBox::union_all(ws.iter().map(|w| &w.bbox)) else {
                continue;
            };
            let bold = all_bold(&ws);
            let text = cell_text::join_words(&mut ws, None, breaks, tol);
            cells.push(cell(r, c, 1, text, b, page.number, bold));
        }
    }
    let bbox = BBox::union_all(cells.iter().map(|c| &c.prov.bbox))?;
    let m = tol.cell_margin;
    Some(Grid {
        page: page.number,
        method: Method::Stream,
        bbox: BBox::new(bbox.x0 - m, bbox.top - m, bbox.x1 + m, bbox.bottom + m),
        n_rows: rows.len(),
        n_cols: rows.first().map_or(0, Vec::len),
        cells,
        header_rows: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page of one-word fragments (text, x0, top, x1, bottom), each its own line.
    fn page_text(spec: &[(&str, f64, f64, f64, f64)]) -> PageText {
        let mut pt = PageText {
            page: 4,
            width: 595.0,
            height: 842.0,
            ..PageText::default()
        };
        for (i, (t, x0, top, x1, bottom)) in spec.iter().enumerate() {
            let bbox = BBox::new(*x0, *top, *x1, *bottom);
            pt.words.push(Word {
                text: t.to_string(),
                page: 4,
                bbox,
                size: 9.0,
                dir: 0,
                bold: Some(false),
                space_after: false,
                origin: Default::default(),
            });
            pt.lines.push(TextLine {
                text: t.to_string(),
                page: 4,
                bbox,
                size: 9.0,
                words: vec![i],
                first_word_width: x1 - x0,
            });
        }
        pt
    }

    /// hcard-lucca by ConTeXt, page 4: card 5's last row alone at the top, the next
    /// card's title, then its table (a grid already found), the page number.
    fn lucca_page_4() -> (Page, PageText, Vec<Grid>) {
        let pt = page_text(&[
            ("Data di completamento", 44.91, 43.04, 134.04, 52.01),
            ("30/09/2025", 197.98, 43.04, 238.83, 52.01),
            (
                "Scheda obiettivo n. 6 – Trasporto scolastico e iscrizioni online",
                42.52,
                65.52,
                327.95,
                76.47,
            ),
            ("Descrizione sintetica", 44.91, 83.23, 123.29, 92.20),
            ("pag. 4", 287.90, 809.32, 307.37, 817.29),
        ]);
        let page = Page {
            number: 4,
            width: 595.0,
            height: 842.0,
            ..Page::default()
        };
        let table = Grid {
            page: 4,
            method: Method::Stream,
            bbox: BBox::new(43.9, 82.2, 489.7, 189.7),
            n_rows: 7,
            n_cols: 2,
            cells: Vec::new(),
            header_rows: 0,
        };
        (page, pt, vec![table])
    }

    fn breaks() -> cell_text::Breaks {
        cell_text::Breaks {
            trailing_spaces: false,
            defer_to_lexicon: false,
        }
    }

    #[test]
    fn a_label_row_alone_at_the_top_in_the_columns_of_the_open_grid_is_a_grid() {
        let tol = GridTolerances::default();
        let (page, pt, taken) = lucca_page_4();
        // card 5's grid on page 3: labels at 44.91, values at 197.98
        let end = OpenEnd {
            starts: vec![44.91, 197.98],
        };
        let label = |s: &str| s == "Data di completamento";
        let g = continued(&page, &pt, breaks(), &taken, &end, &label, &tol);
        assert!(g.is_some(), "no grid continues the card");
        let Some(g) = g else { return };
        assert_eq!((g.n_rows, g.n_cols, g.method), (1, 2, Method::Stream));
        assert_eq!(
            g.rows(),
            vec![vec![
                "Data di completamento".to_string(),
                "30/09/2025".into()
            ]]
        );
        // the title below is no part of it
        assert!(g.bbox.bottom < 65.52);
    }

    #[test]
    fn a_row_that_is_no_label_or_not_in_the_columns_is_no_grid() {
        let tol = GridTolerances::default();
        let (page, pt, taken) = lucca_page_4();
        let end = OpenEnd {
            starts: vec![44.91, 197.98],
        };
        let none = |_: &str| false;
        assert!(continued(&page, &pt, breaks(), &taken, &end, &none, &tol).is_none());
        // a grid whose values started elsewhere (a three-column table at 44.91, 120,
        // 300): the value stands in no column
        let other = OpenEnd {
            starts: vec![44.91, 120.0, 300.0],
        };
        let any = |_: &str| true;
        assert!(continued(&page, &pt, breaks(), &taken, &other, &any, &tol).is_none());
    }
}
