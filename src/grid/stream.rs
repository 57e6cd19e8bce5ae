//! Grids from text alignment, for tables drawn without vertical rules (unruled,
//! zebra-striped, or rules-only tables).
//!
//! Anchored on a header row recognised by the vocabulary (see `tables::vocab`): the
//! header cells give the columns; the white gutters of the body move each boundary to
//! where the text really leaves room; rows start where any column starts a new cell
//! (a line gap wider than the usual line pitch in that column), or at horizontal
//! rules and stripe edges where the page draws them.

use super::{Cell, Grid, Method, cell_text};
use crate::config::{GridTolerances, HeaderMatching};
use crate::geom::{BBox, Provenance};
use crate::layout::{PageText, TextLine, Word};
use crate::pdf::Page;
use crate::tables::header::match_role;

/// Header cells wrap over at most this many lines (001's "Target / Consuntivo").
const MAX_HEADER_LINES: usize = 3;
/// Normal line spacing, in em: text lines inside one cell are never further apart
/// (LibreOffice and Chromium use 1.15–1.2).
const TYPICAL_LEADING_EM: f64 = 1.2;
/// A rule or stripe separates rows when it spans this share of the table's width.
const SEPARATOR_SPAN: f64 = 0.6;
/// A page footer (page number) sits in this bottom share of the page.
const FOOTER_SHARE: f64 = 0.06;
/// A footer line is this short (characters): "12", "Pagina 3 di 60".
const FOOTER_MAX_CHARS: usize = 24;
/// A footer is set off from the text above by at least this many of its line heights.
const FOOTER_GAP_LINES: f64 = 1.5;

/// Where the page's footer starts: the short lines in the bottom band that stand
/// apart from the text above (Writer prints page numbers there); the page bottom
/// when there is none, so a table that runs to the bottom keeps its last lines
/// (001-chromium-zebra prints table text within 1 cm of the edge).
fn footer_top(page: &Page, lines: &[&TextLine]) -> f64 {
    let band = page.height * (1.0 - FOOTER_SHARE);
    let foot: Vec<&&TextLine> = lines.iter().filter(|l| l.bbox.top >= band).collect();
    let Some(top) = foot.iter().map(|l| l.bbox.top).min_by(f64::total_cmp) else {
        return page.height;
    };
    let short = foot
        .iter()
        .all(|l| l.text.chars().count() <= FOOTER_MAX_CHARS);
    let height = foot.iter().map(|l| l.bbox.height()).fold(0.0, f64::max);
    let above = lines
        .iter()
        .filter(|l| l.bbox.top < band)
        .map(|l| l.bbox.bottom)
        .fold(0.0, f64::max);
    if short && top - above >= FOOTER_GAP_LINES * height {
        top - 0.5
    } else {
        page.height
    }
}

/// A header candidate: its cells (text, box) left to right.
struct Header {
    cells: Vec<(String, BBox)>,
}

/// Stream grids of a page, outside the areas already covered by `taken` grids.
pub fn detect(
    page: &Page,
    pt: &PageText,
    breaks: cell_text::Breaks<'_>,
    taken: &[Grid],
    tol: &GridTolerances,
    hm: &HeaderMatching,
) -> Vec<Grid> {
    let free = |b: &BBox| {
        !taken
            .iter()
            .any(|g| g.bbox.contains_point(b.cx(), b.cy(), 1.0))
    };
    let lines: Vec<&TextLine> = pt.lines.iter().filter(|l| free(&l.bbox)).collect();
    let words: Vec<&Word> = pt
        .words
        .iter()
        .filter(|w| free(&w.bbox) && w.dir == 0)
        .collect();
    let floor = footer_top(page, &lines);
    let headers = find_headers(&lines, &words, floor, tol, hm);
    let mut grids = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let top = h
            .cells
            .iter()
            .map(|c| c.1.top)
            .fold(f64::INFINITY, f64::min);
        let head_bottom = h.cells.iter().map(|c| c.1.bottom).fold(0.0, f64::max);
        let end = headers.get(i + 1).map_or(floor, |n| n.cells[0].1.top);
        let body: Vec<&Word> = words
            .iter()
            .copied()
            .filter(|w| w.bbox.top > head_bottom - 0.5 && w.bbox.bottom <= end + 0.5)
            .collect();
        if let Some(g) = build(page, h, top, head_bottom, &body, breaks, tol) {
            grids.push(g);
        }
    }
    grids
}

/// Rows of line fragments (same baseline) in reading order.
fn line_rows<'a>(lines: &[&'a TextLine]) -> Vec<Vec<&'a TextLine>> {
    let mut rows: Vec<Vec<&TextLine>> = Vec::new();
    for l in lines {
        match rows.last_mut() {
            Some(r)
                if (r[0].bbox.bottom - l.bbox.bottom).abs() <= 0.3 * f64::from(l.size.max(1.0)) =>
            {
                r.push(l)
            }
            _ => rows.push(vec![l]),
        }
    }
    rows
}

/// Find header rows: a line row with several fragments (plus up to two wrapped
/// lines under it) whose words, split into columns at the white gutters of the text
/// below, match at least `min_roles` roles.
fn find_headers(
    lines: &[&TextLine],
    words: &[&Word],
    bottom: f64,
    tol: &GridTolerances,
    hm: &HeaderMatching,
) -> Vec<Header> {
    let rows = line_rows(lines);
    let mut out: Vec<Header> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        match header_at(&rows, i, words, bottom, tol, hm) {
            Some((h, used)) => {
                out.push(h);
                i += used;
            }
            None => i += 1,
        }
    }
    out
}

/// Uncovered x-intervals at least `min_gutter` wide between the words' extents.
fn gutters(words: &[&Word], min_gutter: f64) -> Vec<(f64, f64)> {
    let mut spans: Vec<(f64, f64)> = words.iter().map(|w| (w.bbox.x0, w.bbox.x1)).collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    let mut reach = f64::NEG_INFINITY;
    for (a, b) in spans {
        if reach.is_finite() && a - reach >= min_gutter {
            out.push((reach, a));
        }
        reach = reach.max(b);
    }
    out
}

fn header_at(
    rows: &[Vec<&TextLine>],
    i: usize,
    words: &[&Word],
    bottom: f64,
    tol: &GridTolerances,
    hm: &HeaderMatching,
) -> Option<(Header, usize)> {
    if rows[i].len() < 2 {
        return None;
    }
    let pitch = rows[i][0].bbox.height();
    let mut band = BBox::union_all(rows[i].iter().map(|l| &l.bbox))?;
    let mut used = 1;
    for next in rows.iter().skip(i + 1).take(MAX_HEADER_LINES - 1) {
        let nb = BBox::union_all(next.iter().map(|l| &l.bbox))?;
        if nb.top - band.bottom > pitch * 0.6 {
            break;
        }
        band = band.union(&nb);
        used += 1;
    }
    let region: Vec<&Word> = words
        .iter()
        .copied()
        .filter(|w| w.bbox.cy() >= band.top && w.bbox.bottom <= bottom)
        .collect();
    let gs = gutters(&region, tol.min_gutter);
    let mut cells: Vec<(String, BBox)> = Vec::new();
    for row in &rows[i..i + used] {
        for frag in row {
            let ws: Vec<&Word> = words
                .iter()
                .copied()
                .filter(|w| frag.bbox.contains_point(w.bbox.cx(), w.bbox.cy(), 0.5))
                .collect();
            for piece in header_cells(&ws, &gs) {
                add_header_piece(&mut cells, piece);
            }
        }
    }
    cells.sort_by(|a, b| a.1.x0.total_cmp(&b.1.x0));
    let roles = cells
        .iter()
        .filter(|c| match_role(&c.0, hm).is_some())
        .count();
    (roles >= hm.min_roles && roles * 2 >= cells.len()).then_some((Header { cells }, used))
}

/// A piece of header text from a wrapped line joins the cell above it (horizontal
/// overlap), or starts a cell of its own.
fn add_header_piece(cells: &mut Vec<(String, BBox)>, piece: (String, BBox)) {
    match cells
        .iter_mut()
        .find(|c| c.1.h_overlap(&piece.1) > 0.0 && piece.1.top > c.1.bottom - 1.0)
    {
        Some(c) => {
            c.0.push(' ');
            c.0.push_str(&piece.0);
            c.1 = c.1.union(&piece.1);
        }
        None => cells.push(piece),
    }
}

/// Header words grouped into cells by the gutters between them.
fn header_cells(head: &[&Word], gutters: &[(f64, f64)]) -> Vec<(String, BBox)> {
    let mut cols: Vec<Vec<&Word>> = vec![Vec::new(); gutters.len() + 1];
    for w in head {
        let k = gutters.iter().take_while(|g| w.bbox.cx() > g.0).count();
        cols[k].push(w);
    }
    cols.into_iter()
        .filter(|c| !c.is_empty())
        .map(|mut c| {
            let b = BBox::union_all(c.iter().map(|w| &w.bbox)).unwrap_or_default();
            (
                cell_text::join_words(&mut c, None, cell_text::Breaks::default()),
                b,
            )
        })
        .collect()
}

/// How far left of where a column's text starts its boundary is put (points).
const BOUNDARY_INSET: f64 = 0.5;

/// Column boundaries: between two header cells, where the body's white gutter in the
/// gap between the header texts ends (so an empty column, like 001's Note, does not
/// swallow its neighbour); the right header's left edge when the body leaves none.
fn boundaries(h: &Header, body: &[&Word], tol: &GridTolerances) -> Vec<f64> {
    let gutters = gutters(body, tol.min_gutter);
    h.cells
        .windows(2)
        .map(|w| {
            // the white space between the two header texts, and the body's gutter in it
            let (gap_lo, gap_hi) = (w[0].1.x1, w[1].1.x0);
            gutters
                .iter()
                .filter(|g| g.1 > gap_lo && g.0 < gap_hi)
                .map(|g| g.1.min(gap_hi) - BOUNDARY_INSET)
                .next_back()
                .unwrap_or(gap_hi - BOUNDARY_INSET)
        })
        .collect()
}

fn column_of(x0: f64, bounds: &[f64]) -> usize {
    bounds.iter().take_while(|b| x0 >= **b).count()
}

/// Baselines where rows start: any column's first line, or a line after a gap wider
/// than `row_gap_factor` × the table's usual line pitch.
fn row_starts(
    body: &[&Word],
    bounds: &[f64],
    separators: &[f64],
    tol: &GridTolerances,
) -> Vec<f64> {
    let ncols = bounds.len() + 1;
    let mut per_col: Vec<Vec<f64>> = vec![Vec::new(); ncols];
    for w in body {
        per_col[column_of(w.bbox.x0, bounds)].push(w.bbox.bottom);
    }
    let mut pitches = Vec::new();
    for col in per_col.iter_mut() {
        col.sort_by(f64::total_cmp);
        col.dedup_by(|a, b| (*a - *b).abs() < 1.0);
        pitches.extend(col.windows(2).map(|w| w[1] - w[0]));
    }
    pitches.sort_by(f64::total_cmp);
    let size = body.first().map_or(10.0, |w| f64::from(w.size.max(1.0)));
    // the leading inside a cell is never more than a normal line's: when every line
    // stands further apart than that, every line is a row (single-line rows)
    let pitch = pitches
        .get(pitches.len() / 4)
        .copied()
        .unwrap_or(10.0)
        .min(TYPICAL_LEADING_EM * size);
    let mut starts: Vec<f64> = Vec::new();
    for col in &per_col {
        for (k, y) in col.iter().enumerate() {
            let after_rule = k > 0
                && separators
                    .iter()
                    .any(|s| *s > col[k - 1] && *s < y - size * 0.7);
            if k == 0 || y - col[k - 1] > tol.row_gap_factor * pitch || after_rule {
                starts.push(*y);
            }
        }
    }
    starts.sort_by(f64::total_cmp);
    starts.dedup_by(|a, b| (*a - *b).abs() < pitch * 0.5);
    starts
}

/// Horizontal separators the page draws across the table: horizontal rules (a
/// rules-only table) and the top and bottom edges of shading (zebra stripes).
fn separators(page: &Page, x0: f64, x1: f64) -> Vec<f64> {
    let wide = |a: f64, b: f64| b.min(x1) - a.max(x0) > (x1 - x0) * SEPARATOR_SPAN;
    let rules = page
        .rulings
        .iter()
        .filter(|r| r.horizontal && wide(r.start, r.end))
        .map(|r| r.pos);
    // shading is drawn cell by cell: a row's stripe is the run of fills at one height
    let stripes = page.fills.iter().filter(|f| {
        let row: f64 = page
            .fills
            .iter()
            .filter(|g| (g.top - f.top).abs() < 0.5 && (g.bottom - f.bottom).abs() < 0.5)
            .map(|g| g.width())
            .sum();
        row > (x1 - x0) * SEPARATOR_SPAN
    });
    let edges = stripes.flat_map(|f| [f.top, f.bottom]);
    let mut all: Vec<f64> = rules.chain(edges).collect();
    all.sort_by(f64::total_cmp);
    all.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    all
}

/// The text area of each column, when the page shows it: cell shading (zebra
/// stripes, shaded headers) gives the cells' real left and right edges, less the
/// padding the words keep. Without shading, the extent of the column's text.
fn text_areas(page: &Page, h: &Header, body: &[&Word], bounds: &[f64]) -> Vec<Option<(f64, f64)>> {
    h.cells
        .iter()
        .enumerate()
        .map(|(c, (_, hb))| {
            let words: Vec<&Word> = body
                .iter()
                .copied()
                .filter(|w| column_of(w.bbox.x0, bounds) == c)
                .collect();
            let fill = page
                .fills
                .iter()
                .filter(|f| {
                    f.x0 <= hb.x0 + 0.5
                        && f.x1 >= hb.x1 - 0.5
                        && f.width() < 3.0 * hb.width().max(20.0)
                })
                .min_by(|a, b| a.width().total_cmp(&b.width()));
            match fill {
                Some(f) => Some(cell_text::inner_area(f.x0, f.x1, &words)),
                // no shading: the column's text extent; a word broken for width runs
                // to its right end (Calc, unruled)
                None => BBox::union_all(words.iter().map(|w| &w.bbox)).map(|b| (b.x0, b.x1)),
            }
        })
        .collect()
}

fn build(
    page: &Page,
    h: &Header,
    top: f64,
    head_bottom: f64,
    body: &[&Word],
    breaks: cell_text::Breaks<'_>,
    tol: &GridTolerances,
) -> Option<Grid> {
    let bounds = boundaries(h, body, tol);
    let (left, right) = (
        h.cells.first().map_or(0.0, |c| c.1.x0),
        h.cells.last().map_or(0.0, |c| c.1.x1),
    );
    let starts = row_starts(body, &bounds, &separators(page, left, right), tol);
    let ncols = h.cells.len();
    let x0 = h.cells[0]
        .1
        .x0
        .min(body.iter().map(|w| w.bbox.x0).fold(f64::INFINITY, f64::min))
        - 1.0;
    let x1 = h
        .cells
        .iter()
        .map(|c| c.1.x1)
        .chain(body.iter().map(|w| w.bbox.x1))
        .fold(0.0, f64::max)
        + 1.0;
    let bottom = body
        .iter()
        .map(|w| w.bbox.bottom)
        .fold(head_bottom, f64::max)
        + 1.0;
    let mut xs = vec![x0];
    xs.extend(&bounds);
    xs.push(x1);
    let row_of = |w: &Word| {
        starts
            .iter()
            .take_while(|s| w.bbox.bottom >= **s - 1.0)
            .count()
    };
    let mut buckets: Vec<Vec<Vec<&Word>>> = vec![vec![Vec::new(); ncols]; starts.len() + 1];
    for w in body {
        buckets[row_of(w)][column_of(w.bbox.x0, &bounds)].push(w);
    }
    let areas = text_areas(page, h, body, &bounds);
    let mut cells: Vec<Cell> = h
        .cells
        .iter()
        .enumerate()
        .map(|(c, (t, b))| cell(0, c, t.clone(), *b, page.number))
        .collect();
    for (r, row) in buckets.into_iter().enumerate().skip(1) {
        for (c, mut ws) in row.into_iter().enumerate() {
            let text = cell_text::join_words(&mut ws, areas.get(c).copied().flatten(), breaks);
            let b = BBox::union_all(ws.iter().map(|w| &w.bbox)).unwrap_or(BBox::new(
                xs[c],
                starts[r - 1],
                xs[c + 1],
                starts[r - 1],
            ));
            cells.push(cell(r, c, text, b, page.number));
        }
    }
    let n_rows = starts.len() + 1;
    (n_rows >= 2).then(|| Grid {
        page: page.number,
        method: Method::Stream,
        bbox: BBox::new(x0, top, x1, bottom),
        n_rows,
        n_cols: ncols,
        cells,
    })
}

fn cell(row: usize, col: usize, text: String, b: BBox, page: u32) -> Cell {
    Cell {
        row,
        col,
        row_span: 1,
        col_span: 1,
        text,
        prov: Provenance {
            page,
            bbox: b.rounded(),
        },
        bold: None,
    }
}
