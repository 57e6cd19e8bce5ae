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

/// Where the page's footer starts: the short lines in the bottom band that stand
/// apart from the text above (Writer prints page numbers there); the page bottom
/// when there is none, so a table that runs to the bottom keeps its last lines
/// (001-chromium-zebra prints table text within 1 cm of the edge). The band, "short"
/// and "apart" are [`GridTolerances::footer_share`], `footer_max_chars` and
/// `footer_gap_lines`.
fn footer_top(page: &Page, lines: &[&TextLine], tol: &GridTolerances) -> f64 {
    let band = page.height * (1.0 - tol.footer_share);
    let foot: Vec<&&TextLine> = lines.iter().filter(|l| l.bbox.top >= band).collect();
    let Some(top) = foot.iter().map(|l| l.bbox.top).min_by(f64::total_cmp) else {
        return page.height;
    };
    let short = foot
        .iter()
        .all(|l| l.text.chars().count() <= tol.footer_max_chars);
    let height = foot.iter().map(|l| l.bbox.height()).fold(0.0, f64::max);
    let above = lines
        .iter()
        .filter(|l| l.bbox.top < band)
        .map(|l| l.bbox.bottom)
        .fold(0.0, f64::max);
    if short && top - above >= tol.footer_gap_lines * height {
        top - tol.slack
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
    breaks: cell_text::Breaks,
    taken: &[Grid],
    tol: &GridTolerances,
    hm: &HeaderMatching,
) -> Vec<Grid> {
    let free = |b: &BBox| {
        !taken
            .iter()
            .any(|g| g.bbox.contains_point(b.cx(), b.cy(), tol.cell_margin))
    };
    let lines: Vec<&TextLine> = pt.lines.iter().filter(|l| free(&l.bbox)).collect();
    let words: Vec<&Word> = pt
        .words
        .iter()
        .filter(|w| free(&w.bbox) && w.dir == 0)
        .collect();
    let floor = footer_top(page, &lines, tol);
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
            .filter(|w| w.bbox.top > head_bottom - tol.slack && w.bbox.bottom <= end + tol.slack)
            .collect();
        if let Some(g) = build(page, h, top, head_bottom, &body, breaks, tol) {
            grids.push(g);
        }
    }
    grids
}

/// Rows of line fragments (same baseline, within [`GridTolerances::fragment_row_em`])
/// in reading order.
fn line_rows<'a>(lines: &[&'a TextLine], tol: &GridTolerances) -> Vec<Vec<&'a TextLine>> {
    let mut rows: Vec<Vec<&TextLine>> = Vec::new();
    for l in lines {
        let near = tol.fragment_row_em * f64::from(l.size.max(1.0));
        match rows.last_mut() {
            Some(r) if (r[0].bbox.bottom - l.bbox.bottom).abs() <= near => r.push(l),
            _ => rows.push(vec![l]),
        }
    }
    rows
}

/// Find header rows: a line row with several fragments (plus up to
/// `max_header_lines - 1` wrapped lines under it) whose words, split into columns at
/// the white gutters of the text below, match at least `min_roles` roles, and roles
/// for at least `header_role_share` of its cells.
fn find_headers(
    lines: &[&TextLine],
    words: &[&Word],
    bottom: f64,
    tol: &GridTolerances,
    hm: &HeaderMatching,
) -> Vec<Header> {
    let rows = line_rows(lines, tol);
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
    for next in rows
        .iter()
        .skip(i + 1)
        .take(tol.max_header_lines.saturating_sub(1))
    {
        let nb = BBox::union_all(next.iter().map(|l| &l.bbox))?;
        if nb.top - band.bottom > pitch * tol.header_wrap_gap {
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
                .filter(|w| {
                    frag.bbox
                        .contains_point(w.bbox.cx(), w.bbox.cy(), tol.slack)
                })
                .collect();
            for piece in header_cells(&ws, &gs, tol) {
                add_header_piece(&mut cells, piece, tol);
            }
        }
    }
    cells.sort_by(|a, b| a.1.x0.total_cmp(&b.1.x0));
    let roles = cells
        .iter()
        .filter(|c| match_role(&c.0, hm).is_some())
        .count();
    let share = roles as f64 >= tol.header_role_share * cells.len() as f64;
    (roles >= hm.min_roles && share).then_some((Header { cells }, used))
}

/// A piece of header text from a wrapped line joins the cell above it (horizontal
/// overlap; it may overlap the cell vertically by `line_slack`), or starts a cell of
/// its own.
fn add_header_piece(cells: &mut Vec<(String, BBox)>, piece: (String, BBox), tol: &GridTolerances) {
    match cells
        .iter_mut()
        .find(|c| c.1.h_overlap(&piece.1) > 0.0 && piece.1.top > c.1.bottom - tol.line_slack)
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
fn header_cells(
    head: &[&Word],
    gutters: &[(f64, f64)],
    tol: &GridTolerances,
) -> Vec<(String, BBox)> {
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
                cell_text::join_words(&mut c, None, cell_text::Breaks::default(), tol),
                b,
            )
        })
        .collect()
}

/// Column boundaries: between two header cells, where the body's white gutter in the
/// gap between the header texts ends (so an empty column, like 001's Note, does not
/// swallow its neighbour); the right header's left edge when the body leaves none.
/// Either less [`GridTolerances::boundary_inset`].
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
                .map(|g| g.1.min(gap_hi) - tol.boundary_inset)
                .next_back()
                .unwrap_or(gap_hi - tol.boundary_inset)
        })
        .collect()
}

fn column_of(x0: f64, bounds: &[f64]) -> usize {
    bounds.iter().take_while(|b| x0 >= **b).count()
}

/// Baselines where rows start: any column's first line, a line after a gap wider
/// than `row_gap_factor` × the table's usual line pitch (the `pitch_quantile` of the
/// columns' line gaps, at most `typical_leading_em`), or a line below a separator at
/// least `rule_clearance_em` above its baseline. Starts within `row_merge_pitch` of a
/// pitch are one.
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
        col.dedup_by(|a, b| (*a - *b).abs() < tol.line_slack);
        pitches.extend(col.windows(2).map(|w| w[1] - w[0]));
    }
    pitches.sort_by(f64::total_cmp);
    let size = body
        .first()
        .map_or(tol.fallback_pitch, |w| f64::from(w.size.max(1.0)));
    // the leading inside a cell is never more than a normal line's: when every line
    // stands further apart than that, every line is a row (single-line rows)
    let quantile = (pitches.len() as f64 * tol.pitch_quantile) as usize;
    let pitch = pitches
        .get(quantile)
        .copied()
        .unwrap_or(tol.fallback_pitch)
        .min(tol.typical_leading_em * size);
    let mut starts: Vec<f64> = Vec::new();
    for col in &per_col {
        for (k, y) in col.iter().enumerate() {
            let after_rule = k > 0
                && separators
                    .iter()
                    .any(|s| *s > col[k - 1] && *s < y - size * tol.rule_clearance_em);
            if k == 0 || y - col[k - 1] > tol.row_gap_factor * pitch || after_rule {
                starts.push(*y);
            }
        }
    }
    starts.sort_by(f64::total_cmp);
    starts.dedup_by(|a, b| (*a - *b).abs() < pitch * tol.row_merge_pitch);
    starts
}

/// Horizontal separators the page draws across the table (at least
/// [`GridTolerances::separator_span`] of its width): horizontal rules (a rules-only
/// table) and the top and bottom edges of shading (zebra stripes).
fn separators(page: &Page, x0: f64, x1: f64, tol: &GridTolerances) -> Vec<f64> {
    let wide = |a: f64, b: f64| b.min(x1) - a.max(x0) > (x1 - x0) * tol.separator_span;
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
            .filter(|g| {
                (g.top - f.top).abs() < tol.slack && (g.bottom - f.bottom).abs() < tol.slack
            })
            .map(|g| g.width())
            .sum();
        row > (x1 - x0) * tol.separator_span
    });
    let edges = stripes.flat_map(|f| [f.top, f.bottom]);
    let mut all: Vec<f64> = rules.chain(edges).collect();
    all.sort_by(f64::total_cmp);
    all.dedup_by(|a, b| (*a - *b).abs() < tol.slack);
    all
}

/// The text area of each column, when the page shows it: cell shading (zebra
/// stripes, shaded headers) gives the cells' real left and right edges, less the
/// padding the words keep (a fill covering the header cell and narrower than
/// `shading_max_widths` of it). Without shading, the extent of the column's text.
fn text_areas(
    page: &Page,
    h: &Header,
    body: &[&Word],
    bounds: &[f64],
    tol: &GridTolerances,
) -> Vec<Option<(f64, f64)>> {
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
                    f.x0 <= hb.x0 + tol.slack
                        && f.x1 >= hb.x1 - tol.slack
                        && f.width()
                            < tol.shading_max_widths * hb.width().max(tol.shading_min_width)
                })
                .min_by(|a, b| a.width().total_cmp(&b.width()));
            match fill {
                Some(f) => Some(cell_text::inner_area(f.x0, f.x1, &words, tol)),
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
    breaks: cell_text::Breaks,
    tol: &GridTolerances,
) -> Option<Grid> {
    let bounds = boundaries(h, body, tol);
    let (left, right) = (
        h.cells.first().map_or(0.0, |c| c.1.x0),
        h.cells.last().map_or(0.0, |c| c.1.x1),
    );
    let starts = row_starts(body, &bounds, &separators(page, left, right, tol), tol);
    let ncols = h.cells.len();
    let x0 = h.cells[0]
        .1
        .x0
        .min(body.iter().map(|w| w.bbox.x0).fold(f64::INFINITY, f64::min))
        - tol.cell_margin;
    let x1 = h
        .cells
        .iter()
        .map(|c| c.1.x1)
        .chain(body.iter().map(|w| w.bbox.x1))
        .fold(0.0, f64::max)
        + tol.cell_margin;
    let bottom = body
        .iter()
        .map(|w| w.bbox.bottom)
        .fold(head_bottom, f64::max)
        + tol.cell_margin;
    let mut xs = vec![x0];
    xs.extend(&bounds);
    xs.push(x1);
    let row_of = |w: &Word| {
        starts
            .iter()
            .take_while(|s| w.bbox.bottom >= **s - tol.line_slack)
            .count()
    };
    let mut buckets: Vec<Vec<Vec<&Word>>> = vec![vec![Vec::new(); ncols]; starts.len() + 1];
    for w in body {
        buckets[row_of(w)][column_of(w.bbox.x0, &bounds)].push(w);
    }
    let areas = text_areas(page, h, body, &bounds, tol);
    let mut cells: Vec<Cell> = h
        .cells
        .iter()
        .enumerate()
        .map(|(c, (t, b))| cell(0, c, t.clone(), *b, page.number))
        .collect();
    for (r, row) in buckets.into_iter().enumerate().skip(1) {
        for (c, mut ws) in row.into_iter().enumerate() {
            let text = cell_text::join_words(&mut ws, areas.get(c).copied().flatten(), breaks, tol);
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
