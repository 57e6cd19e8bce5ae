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
//!
//! The mirror case: a page break leaves a table's first rows alone at the foot of a
//! page, below its grids (hcard-lucca by Ghostscript: card 5's title and first row at
//! the foot of page 3, the value going on atop page 4 over the card's other rows).
//! Their columns are the next page's first grid's ([`cut_row`]), so the page keeps
//! its foot ([`OpenFoot`]) until the next is read.

use super::header::cell;
use super::{Cell, Grid, Method, all_bold, cell_text};
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
    /// page stands below it above the footer. A running footer that numbers the page
    /// is the footer however long it is (`Comune di Bra – Relazione sulla performance
    /// 2024 – pag. 2`, h13-bra by Ghostscript, is longer than a short footer).
    pub fn of(page: &Page, pt: &PageText, grids: &[Grid], tol: &GridTolerances) -> Option<OpenEnd> {
        let g = grids
            .last()
            .filter(|g| g.method == Method::Stream && g.n_cols >= 2)?;
        let starts = column_starts(g)?;
        let below = body_lines(page, pt, grids, tol)
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

/// The page's lines outside the `taken` grids and above its footer
/// ([`super::column::free_lines`]), a running footer that numbers the page left out.
pub(super) fn body_lines<'p>(
    page: &Page,
    pt: &'p PageText,
    taken: &[Grid],
    tol: &GridTolerances,
) -> Vec<&'p TextLine> {
    let mut lines = super::column::free_lines(page, pt, taken, tol);
    lines.retain(|l| !crate::text::is_page_footer(&l.text));
    lines
}

/// Each column's left text edge ([`column_start`]); `None` when a column has none.
fn column_starts(g: &Grid) -> Option<Vec<f64>> {
    (0..g.n_cols).map(|c| column_start(g, c)).collect()
}

/// Column `c`'s left text edge: the least `x0` of its one-column cells with text
/// (a spanning cell's start tells nothing of the columns it spans); `None` when the
/// column prints no text.
pub(super) fn column_start(g: &Grid, c: usize) -> Option<f64> {
    g.cells
        .iter()
        .filter(|x| x.col == c && x.col_span == 1 && !x.text.trim().is_empty())
        .map(|x| x.prov.bbox.x0)
        .min_by(f64::total_cmp)
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
    let lines = body_lines(page, pt, taken, tol);
    let first_grid = taken
        .iter()
        .map(|g| g.bbox.top)
        .fold(f64::INFINITY, f64::min);
    let above: Vec<&TextLine> = lines
        .into_iter()
        .filter(|l| l.bbox.bottom <= first_grid)
        .collect();
    let placed_rows = rows(&above, tol)
        .iter()
        .map_while(|row| placed(row, end, tol))
        .collect();
    let out = glued(placed_rows);
    let first = out.first()?;
    if !is_label_row(first, is_label) {
        return None;
    }
    build(page.number, pt, &out, breaks, tol)
}

/// Rows in columns with each row that has no label glued to the row above (a value
/// wrapped onto a line of its own).
fn glued(placed_rows: Vec<Vec<Vec<&TextLine>>>) -> Vec<Vec<Vec<&TextLine>>> {
    let mut out: Vec<Vec<Vec<&TextLine>>> = Vec::new();
    for cols in placed_rows {
        match out.last_mut() {
            Some(last) if cols[0].is_empty() => {
                for (mine, more) in last.iter_mut().zip(cols) {
                    mine.extend(more);
                }
            }
            _ => out.push(cols),
        }
    }
    out
}

/// Whether a row in columns is a label with a value: its first cell a label by the
/// caller's vocabulary (`is_label`), another cell with text.
fn is_label_row(cols: &[Vec<&TextLine>], is_label: &dyn Fn(&str) -> bool) -> bool {
    let Some((label, values)) = cols.split_first() else {
        return false;
    };
    let text = label
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    !label.is_empty() && values.iter().any(|v| !v.is_empty()) && is_label(&text)
}

/// The lines a page ends with below its grids, outside them and above the footer:
/// the first rows of a table without rules that a page break parted from the rest of
/// it on the next page (hcard-lucca by Ghostscript: card 5's title and its
/// `Descrizione sintetica` row at the foot of page 3, the value going on atop page 4
/// and the card's other rows under it), too few to make a grid of their own. Which
/// columns they stand in, the next page's first grid tells ([`cut_row`]); they are
/// kept with their words, for the page's words are dropped before the next is read.
#[derive(Debug, Clone)]
pub struct OpenFoot {
    /// The page's lines below its last grid, re-indexed into their own words.
    text: PageText,
}

impl OpenFoot {
    /// The lines of `pt` below every one of `grids` (all its lines when it has none),
    /// outside them and above the footer; `None` when there are none.
    pub fn of(
        page: &Page,
        pt: &PageText,
        grids: &[Grid],
        tol: &GridTolerances,
    ) -> Option<OpenFoot> {
        let floor = grids.iter().map(|g| g.bbox.bottom).fold(0.0, f64::max);
        let lines: Vec<&TextLine> = body_lines(page, pt, grids, tol)
            .into_iter()
            .filter(|l| l.bbox.top >= floor)
            .collect();
        if lines.is_empty() {
            return None;
        }
        let mut text = PageText {
            page: pt.page,
            width: pt.width,
            height: pt.height,
            trailing_spaces: pt.trailing_spaces,
            ..PageText::default()
        };
        for l in lines {
            let mut line = l.clone();
            line.words = Vec::with_capacity(l.words.len());
            for &i in &l.words {
                if let Some(w) = pt.words.get(i) {
                    line.words.push(text.words.len());
                    text.words.push(w.clone());
                }
            }
            text.lines.push(line);
        }
        Some(OpenFoot { text })
    }

    /// The foot's last rows that stand in `end`'s columns, read upwards: rows whose
    /// first cell is a label with a value beside it, and rows with no label (a value
    /// wrapped onto a line of its own), up to the first row that is neither (a card's
    /// title across the columns, a paragraph); rows above the first label are dropped.
    /// Glued into rows of label and value; `None` when none is left.
    fn rows_in(
        &self,
        end: &OpenEnd,
        is_label: &dyn Fn(&str) -> bool,
        tol: &GridTolerances,
    ) -> Option<Vec<Vec<Vec<&TextLine>>>> {
        let lines: Vec<&TextLine> = self.text.lines.iter().collect();
        let mut kept = Vec::new();
        for row in rows(&lines, tol).iter().rev() {
            let Some(cols) = placed(row, end, tol) else {
                break;
            };
            if !cols[0].is_empty() && !is_label_row(&cols, is_label) {
                break;
            }
            kept.push(cols);
        }
        kept.reverse();
        let start = kept.iter().position(|c| !c[0].is_empty())?;
        Some(glued(kept.split_off(start)))
    }
}

/// The rows a page break cut from the top of a table without rules (`foot`,
/// [`OpenFoot::of`] the page before), when this page's first grid (of `grids`, in
/// reading order) is a stream grid of two columns or more whose columns they stand
/// in, with their first row a label with a value (`is_label`, as [`continued`]), and
/// nothing above that grid on this page but lines with no label in its columns (the
/// cut value going on). The rows at the foot come back as a grid of the page before,
/// for the caller to add to that page's, their last row's cells going on with the
/// text of those lines; the first grid's box grows over the lines, which are the top
/// of the table on this page (no heading of it).
pub fn cut_row(
    page: &Page,
    pt: &PageText,
    breaks: cell_text::Breaks,
    grids: &mut [Grid],
    foot: &OpenFoot,
    is_label: &dyn Fn(&str) -> bool,
    tol: &GridTolerances,
) -> Option<Grid> {
    let first = grids
        .first()
        .filter(|g| g.method == Method::Stream && g.n_cols >= 2)?;
    let end = OpenEnd {
        starts: column_starts(first)?,
    };
    let above: Vec<&TextLine> = body_lines(page, pt, grids, tol)
        .into_iter()
        .filter(|l| l.bbox.bottom <= first.bbox.top)
        .collect();
    let mut rest = Vec::new();
    for row in rows(&above, tol) {
        let cols = placed(&row, &end, tol).filter(|c| c[0].is_empty())?;
        rest.push(cols);
    }
    let head = foot.rows_in(&end, is_label, tol)?;
    let foot_breaks = cell_text::Breaks {
        trailing_spaces: foot.text.trailing_spaces,
        ..breaks
    };
    let mut cut = build(foot.text.page, &foot.text, &head, foot_breaks, tol)?;
    let more = build(page.number, pt, &glued(rest), breaks, tol);
    if let (Some(more), Some(first)) = (more, grids.first_mut()) {
        first.bbox = first.bbox.union(&more.bbox);
        go_on(&mut cut, more);
    }
    Some(cut)
}

/// The cells of `g`'s last row go on with the text of `more`'s cells in the same
/// columns (a value cut by the page break; its box stays the part on `g`'s page).
fn go_on(g: &mut Grid, more: Grid) {
    let last = g.n_rows.saturating_sub(1);
    for m in more.cells {
        match g.cells.iter_mut().find(|c| c.row == last && c.col == m.col) {
            Some(c) => {
                c.text.push(' ');
                c.text.push_str(&m.text);
            }
            None => g.cells.push(Cell { row: last, ..m }),
        }
    }
}

fn words_of<'a>(pt: &'a PageText, lines: &[&TextLine]) -> Vec<&'a Word> {
    lines
        .iter()
        .flat_map(|l| l.words.iter().filter_map(|&i| pt.words.get(i)))
        .collect()
}

/// The grid of the carried rows: one cell per row and column that has text.
fn build(
    page: u32,
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
            cells.push(cell(r, c, 1, text, b, page, bold));
        }
    }
    let bbox = BBox::union_all(cells.iter().map(|c| &c.prov.bbox))?;
    let m = tol.cell_margin;
    Some(Grid {
        page,
        method: Method::Stream,
        bbox: BBox::new(bbox.x0 - m, bbox.top - m, bbox.x1 + m, bbox.bottom + m),
        n_rows: rows.len(),
        n_cols: rows.first().map_or(0, Vec::len),
        cells,
        header_rows: 0,
        carried: false,
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
            carried: false,
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

    /// A stream grid of label/value rows (label text, value text, top), labels at
    /// 53.10 and values at 201.10 as hcard-lucca and h13-bra by Ghostscript print them.
    fn card_grid(page: u32, rows: &[(&str, &str, f64)]) -> Grid {
        let mut cells = Vec::new();
        for (r, (label, value, top)) in rows.iter().enumerate() {
            let b = |x0: f64, x1: f64| BBox::new(x0, *top, x1, top + 9.5);
            cells.push(cell(
                r,
                0,
                1,
                label.to_string(),
                b(53.10, 157.51),
                page,
                None,
            ));
            cells.push(cell(
                r,
                1,
                1,
                value.to_string(),
                b(201.10, 330.33),
                page,
                None,
            ));
        }
        let bbox = BBox::union_all(cells.iter().map(|c| &c.prov.bbox)).unwrap_or_default();
        Grid {
            page,
            method: Method::Stream,
            bbox: BBox::new(
                bbox.x0 - 2.0,
                bbox.top - 2.0,
                bbox.x1 + 2.0,
                bbox.bottom + 2.0,
            ),
            n_rows: rows.len(),
            n_cols: 2,
            cells,
            header_rows: 0,
            carried: false,
        }
    }

    fn page(number: u32) -> Page {
        Page {
            number,
            width: 595.0,
            height: 842.0,
            ..Page::default()
        }
    }

    /// hcard-lucca by Ghostscript: card 5's title and `Descrizione sintetica` row at
    /// the foot of page 3 under card 4, the value's last two lines atop page 4 over
    /// the rest of card 5.
    #[test]
    fn the_first_row_of_a_card_at_a_page_foot_goes_on_atop_the_next_page() {
        let tol = GridTolerances::default();
        let mut p3 = page_text(&[
            ("Data di completamento", 53.10, 718.60, 157.50, 728.10),
            ("30/09/2025", 201.10, 718.60, 248.52, 728.10),
            (
                "Scheda obiettivo n. 5 – Aumento della raccolta differenziata",
                51.10,
                755.30,
                375.40,
                766.80,
            ),
            ("Descrizione sintetica", 53.10, 774.50, 147.48, 784.00),
            (
                "Estensione della raccolta porta a porta e campagne informative alle utenze",
                201.10,
                774.50,
                515.53,
                784.00,
            ),
            ("pag. 3", 286.70, 799.80, 308.95, 807.80),
        ]);
        p3.page = 3;
        let card4 = card_grid(3, &[("Data di completamento", "30/09/2025", 718.60)]);
        let foot = OpenFoot::of(&page(3), &p3, &[card4], &tol);
        assert!(foot.is_some(), "no lines at the foot");
        let Some(foot) = foot else { return };
        let p4 = page_text(&[
            ("domestiche e non domestiche.", 201.10, 45.80, 329.80, 55.30),
            (
                "L'obiettivo prosegue le attività avviate nell'anno precedente.",
                201.10,
                59.00,
                451.60,
                68.50,
            ),
            ("Dirigente di riferimento", 53.10, 76.10, 157.51, 85.60),
            ("Geom. Marco Ferri", 201.10, 76.10, 280.71, 85.60),
            ("pag. 4", 286.70, 799.80, 308.95, 807.80),
        ]);
        let mut grids = vec![card_grid(
            4,
            &[("Dirigente di riferimento", "Geom. Marco Ferri", 76.10)],
        )];
        let label = |s: &str| s == "Descrizione sintetica";
        let cut = cut_row(&page(4), &p4, breaks(), &mut grids, &foot, &label, &tol);
        assert!(cut.is_some(), "the cut row not read");
        let Some(cut) = cut else { return };
        assert_eq!((cut.page, cut.n_rows, cut.n_cols), (3, 1, 2));
        assert_eq!(
            cut.rows(),
            vec![vec![
                "Descrizione sintetica".to_string(),
                "Estensione della raccolta porta a porta e campagne informative alle utenze \
                 domestiche e non domestiche. L'obiettivo prosegue le attività avviate \
                 nell'anno precedente."
                    .into()
            ]]
        );
        // the title above is no part of it; the value's lines atop page 4 are the top
        // of the card's grid there, not a heading over it
        assert!(cut.bbox.top > 766.80);
        assert!(grids[0].bbox.top <= 45.80);
        assert_eq!(grids[0].n_rows, 1);
        // a first cell that is no label, or a line atop page 4 with a label, is no cut
        let none = |_: &str| false;
        let mut again = vec![card_grid(4, &[("Dirigente di riferimento", "x", 76.10)])];
        assert!(cut_row(&page(4), &p4, breaks(), &mut again, &foot, &none, &tol).is_none());
        let labelled = page_text(&[
            ("Struttura competente", 53.10, 45.80, 149.08, 55.30),
            ("Settore Ambiente", 201.10, 45.80, 273.91, 55.30),
        ]);
        assert!(
            cut_row(
                &page(4),
                &labelled,
                breaks(),
                &mut again,
                &foot,
                &label,
                &tol
            )
            .is_none()
        );
    }

    /// h13-bra by Ghostscript, page 2: card 3's grid ends the page over a running
    /// footer longer than a short footer; it numbers the page, so the grid is open.
    #[test]
    fn a_running_footer_that_numbers_the_page_leaves_the_grid_open() {
        let tol = GridTolerances::default();
        let pt = page_text(&[
            ("Valore raggiunto", 53.10, 768.70, 133.93, 778.20),
            ("€ 865.985,72", 201.10, 768.70, 258.08, 778.20),
            (
                "Comune di Bra – Relazione sulla performance 2024 – pag. 2",
                190.20,
                799.70,
                405.28,
                807.70,
            ),
        ]);
        let grids = [card_grid(
            4,
            &[("Valore raggiunto", "€ 865.985,72", 768.70)],
        )];
        let end = OpenEnd::of(&page(4), &pt, &grids, &tol);
        assert_eq!(end.map(|e| e.starts), Some(vec![53.10, 201.10]));
        // a line of text there closes it
        let closed = page_text(&[
            ("Valore raggiunto", 53.10, 768.70, 133.93, 778.20),
            (
                "Note: the figures are provisional",
                53.10,
                785.0,
                300.0,
                794.5,
            ),
        ]);
        assert!(OpenEnd::of(&page(4), &closed, &grids, &tol).is_none());
    }
}
