//! One-column tables printed without rules: a bold header line, then cells told
//! apart by the space between them, the whole block set in from the text around it
//! by the cells' padding.
//!
//! Such a table has no gutter, so the stream reader ([`super::stream`]) never sees
//! it; it looks like a heading over paragraphs, and two things of the page's
//! structure (not of its words) tell it apart: its text is set in from the margin
//! of the text just above it by a cell's padding (a few points, less than an em),
//! and its lines come in rows parted by more than their leading. Ozieri PDO 2016 as
//! WeasyPrint prints it without rules: `DESCRIZIONE OBIETTIVI` in bold at x = 37,
//! the servizio row and the objective's cell below it, the paragraphs above at
//! x = 34; rows 13.5 pt apart where a cell's lines are 10.5 pt apart. Whether the
//! table is an objective table is for the `tables` stage (its header's role).
//!
//! A table printed over pages repeats its header at the top of the next page, where
//! no text above shows the padding: there the header repeated at the same left edge
//! as the one the page before ended with is the evidence ([`continued`], called in
//! page order by the pipeline since pages are read in parallel; g-tempio-pdo-2019's
//! first sheet).

use super::header::cell;
use super::{Grid, Method, all_bold, cell_text};
use crate::config::GridTolerances;
use crate::geom::BBox;
use crate::layout::{PageText, TextLine, Word};
use crate::pdf::Page;

/// One-column grids of a page outside the `taken` grids' areas.
pub fn detect(
    page: &Page,
    pt: &PageText,
    breaks: cell_text::Breaks,
    taken: &[Grid],
    tol: &GridTolerances,
) -> Vec<Grid> {
    let lines = free_lines(page, pt, taken, tol);
    let mut out = Vec::new();
    let mut i = 1;
    while i < lines.len() {
        match block_at(&lines, i, pt, tol).filter(|_| set_off(&lines, i, tol)) {
            Some(end) => {
                if let Some(g) = build(page, pt, &lines[i..end], breaks, tol) {
                    out.push(g);
                }
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// The header of a one-column table a page ends with: a table printed over pages
/// repeats it at the top of the next, where no text above tells its padding.
#[derive(Debug, Clone, PartialEq)]
pub struct ListHead {
    /// The header's text.
    pub text: String,
    /// Its left edge.
    pub x0: f64,
}

impl ListHead {
    /// The header of `g` when it is a one-column table without rules (this module's).
    pub fn of(g: &Grid) -> Option<ListHead> {
        let head = g.cell(0, 0)?;
        (g.n_cols == 1 && g.header_rows == 1 && g.method == Method::Stream).then(|| ListHead {
            text: head.text.clone(),
            x0: head.prov.bbox.x0,
        })
    }
}

/// The rest of a one-column table the page before ended with (`head`): the page's
/// first line (outside the `taken` grids) repeats its header in bold at its left
/// edge (within [`GridTolerances::snap`]), and the rows follow as on the first page
/// (a PDO sheet runs over pages when a servizio has many objectives).
pub fn continued(
    page: &Page,
    pt: &PageText,
    breaks: cell_text::Breaks,
    taken: &[Grid],
    head: &ListHead,
    tol: &GridTolerances,
) -> Option<Grid> {
    let lines = free_lines(page, pt, taken, tol);
    let first = lines.first()?;
    let repeats =
        first.text.trim() == head.text.trim() && (first.bbox.x0 - head.x0).abs() <= tol.snap;
    if !repeats {
        return None;
    }
    let end = block_at(&lines, 0, pt, tol)?;
    build(page, pt, &lines[..end], breaks, tol)
}

/// The page's lines outside the `taken` grids and above its footer, with their
/// words, top to bottom (also what a grid left open at a page's foot may continue
/// with: `grid::carry`).
pub(super) fn free_lines<'p>(
    page: &Page,
    pt: &'p PageText,
    taken: &[Grid],
    tol: &GridTolerances,
) -> Vec<&'p TextLine> {
    let free: Vec<&TextLine> = pt
        .lines
        .iter()
        .filter(|l| {
            !taken.iter().any(|g| {
                g.bbox
                    .contains_point(l.bbox.cx(), l.bbox.cy(), tol.cell_margin)
            })
        })
        .collect();
    let floor = super::stream::footer_top(page.height, &free, tol);
    let mut lines: Vec<&TextLine> = free
        .into_iter()
        .filter(|l| l.bbox.bottom <= floor + tol.slack && !l.words.is_empty())
        .collect();
    lines.sort_by(|a, b| a.bbox.reading_order(&b.bbox));
    lines
}

fn words_of<'a>(pt: &'a PageText, l: &TextLine) -> Vec<&'a Word> {
    l.words.iter().filter_map(|&i| pt.words.get(i)).collect()
}

/// Whether line `i` is alone on its row (no other fragment at its height): a
/// one-column table's lines are.
fn alone(lines: &[&TextLine], i: usize, tol: &GridTolerances) -> bool {
    let l = lines[i];
    !lines.iter().enumerate().any(|(j, o)| {
        j != i && (o.bbox.top - l.bbox.top).abs() < tol.slack.max(l.bbox.height() / 2.0)
    })
}

/// Whether header line `i` stands off the text above it: set in or out from the
/// margin of the [`GridTolerances::column_margin_lines`] lines above it by
/// [`GridTolerances::column_min_inset`] up to [`GridTolerances::column_max_inset_em`].
fn set_off(lines: &[&TextLine], i: usize, tol: &GridTolerances) -> bool {
    let head = lines[i];
    // the margin of the text above: its leftmost line among the last few, so a
    // hanging indent's or a note's second line is no margin (ICDAR 2013 eu-018: a bold
    // subheading under a footnote whose second line is set in)
    let margin = lines[i.saturating_sub(tol.column_margin_lines)..i]
        .iter()
        .map(|l| l.bbox.x0)
        .fold(f64::INFINITY, f64::min);
    let inset = (head.bbox.x0 - margin).abs();
    inset >= tol.column_min_inset && inset <= tol.column_max_inset_em * f64::from(head.size)
}

/// The end (exclusive) of the block a bold header line `i` opens: the lines that
/// keep its left edge (within [`GridTolerances::snap`]) and its size, each alone on
/// its row and at most [`GridTolerances::column_max_gap_lines`] lines below the one
/// before.
fn block_at(lines: &[&TextLine], i: usize, pt: &PageText, tol: &GridTolerances) -> Option<usize> {
    let head = *lines.get(i)?;
    let size = f64::from(head.size);
    if all_bold(&words_of(pt, head)) != Some(true) || !alone(lines, i, tol) {
        return None;
    }
    let mut end = i + 1;
    while let Some(l) = lines.get(end) {
        let same_edge = (l.bbox.x0 - head.bbox.x0).abs() <= tol.snap;
        let same_size = (f64::from(l.size) - size).abs() <= tol.slack;
        let near = l.bbox.top - lines[end - 1].bbox.bottom
            <= tol.column_max_gap_lines * lines[end - 1].bbox.height();
        if !(same_edge && same_size && near && alone(lines, end, tol)) {
            break;
        }
        end += 1;
    }
    Some(end)
}

/// The rows of a block: a line starts a row when it stands further below the line
/// before than [`GridTolerances::row_gap_factor`] times the block's leading (the
/// least distance between successive tops). The header is the first row.
fn rows<'l>(block: &[&'l TextLine], tol: &GridTolerances) -> Vec<Vec<&'l TextLine>> {
    let leading = block
        .windows(2)
        .map(|w| w[1].bbox.top - w[0].bbox.top)
        .fold(f64::INFINITY, f64::min);
    let mut out: Vec<Vec<&TextLine>> = Vec::new();
    for (k, l) in block.iter().enumerate() {
        let starts = k == 0 || l.bbox.top - block[k - 1].bbox.top > leading * tol.row_gap_factor;
        match out.last_mut() {
            Some(row) if !starts => row.push(l),
            _ => out.push(vec![l]),
        }
    }
    out
}

/// The grid of a block, if it has a header and at least
/// [`GridTolerances::column_min_rows`] rows under it, not all of them bold (a list of
/// bold headings is no table).
fn build(
    page: &Page,
    pt: &PageText,
    block: &[&TextLine],
    breaks: cell_text::Breaks,
    tol: &GridTolerances,
) -> Option<Grid> {
    let rows = rows(block, tol);
    if rows.len() < tol.column_min_rows + 1 {
        return None;
    }
    let x0 = block
        .iter()
        .map(|l| l.bbox.x0)
        .fold(f64::INFINITY, f64::min);
    let x1 = block.iter().map(|l| l.bbox.x1).fold(0.0, f64::max);
    let mut cells = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let mut ws: Vec<&Word> = row.iter().flat_map(|l| words_of(pt, l)).collect();
        let bold = all_bold(&ws);
        let b = BBox::union_all(ws.iter().map(|w| &w.bbox))?;
        let text = cell_text::join_words(&mut ws, Some((x0, x1)), breaks, tol);
        cells.push(cell(r, 0, 1, text, b, page.number, bold));
    }
    if cells.iter().skip(1).all(|c| c.bold == Some(true)) {
        return None;
    }
    let top = block.first().map_or(0.0, |l| l.bbox.top) - tol.cell_margin;
    let bottom = block.last().map_or(0.0, |l| l.bbox.bottom) + tol.cell_margin;
    Some(Grid {
        page: page.number,
        method: Method::Stream,
        bbox: BBox::new(x0 - tol.cell_margin, top, x1 + tol.cell_margin, bottom),
        n_rows: cells.len(),
        n_cols: 1,
        cells,
        header_rows: 1,
        carried: false,
    })
}
