//! Grids from text alignment, for tables drawn without vertical rules (unruled,
//! zebra-striped, or rules-only tables), found without any vocabulary.
//!
//! `region` says where a table is and where its gutters lie; `header` which leading
//! rows are its header. Columns are the gutters, refined by the header (two header
//! names side by side part two columns the body sets close; a name over no body text
//! opens an empty column); rows start at each line of a table of numbers or set line
//! by line (unless a line is a cell's wrapped text), else where any column starts a
//! new cell (a line gap wider than the usual pitch), or at horizontal rules and
//! stripe edges where the page draws them.

use super::header::{
    Piece, cell, center_groups, drop_unconfirmed_narrow, drop_unnamed_columns, header_cells,
    header_lines, header_pieces, open_empty_columns, split_by_header,
};
use super::region::{self, ColText, Region, TextRow, key_value};
use super::{Grid, Method, cell_text};
use crate::config::GridTolerances;
use crate::geom::BBox;
use crate::layout::{PageText, TextLine, Word};
use crate::pdf::Page;
use std::collections::HashMap;

/// Where the page's footer starts: the short lines in the bottom band that stand
/// apart from the text above (Writer prints page numbers there); the page bottom
/// when there is none, so a table that runs to the bottom keeps its last lines
/// (001-chromium-zebra prints table text within 1 cm of the edge). The band, "short"
/// and "apart" are [`GridTolerances::footer_share`], `footer_max_chars` and
/// `footer_gap_lines`. `page_height` is the page's displayed height.
pub fn footer_top(page_height: f64, lines: &[&TextLine], tol: &GridTolerances) -> f64 {
    let band = page_height * (1.0 - tol.footer_share);
    let foot: Vec<&&TextLine> = lines.iter().filter(|l| l.bbox.top >= band).collect();
    let Some(top) = foot.iter().map(|l| l.bbox.top).min_by(f64::total_cmp) else {
        return page_height;
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
        page_height
    }
}

/// Stream grids of a page, outside the areas already covered by `taken` grids.
pub fn detect(
    page: &Page,
    pt: &PageText,
    breaks: cell_text::Breaks,
    taken: &[Grid],
    tol: &GridTolerances,
) -> Vec<Grid> {
    let free = |b: &BBox| {
        !taken
            .iter()
            .any(|g| g.bbox.contains_point(b.cx(), b.cy(), tol.cell_margin))
    };
    let lines: Vec<&TextLine> = pt.lines.iter().filter(|l| free(&l.bbox)).collect();
    let floor = footer_top(page.height, &lines, tol);
    let words: Vec<&Word> = pt
        .words
        .iter()
        .filter(|w| free(&w.bbox) && w.dir == 0 && w.bbox.bottom <= floor + tol.slack)
        .collect();
    let rows = region::text_rows(&words, tol);
    let marks = region::marks(page, tol);
    region::find(rows, &marks, tol)
        .iter()
        .filter_map(|r| build(page, r, breaks, tol))
        .collect()
}

/// A ruled grid whose rules leave values of several columns or rows in one cell
/// (column rules only in the header, no row rules in the body: ICDAR 2013 eu-016,
/// eu-027) read again from its text's alignment: its column rules stand as gutters,
/// the body's white gutters are added, rows come line by line or by gaps.
pub(super) fn regrid(
    page: &Page,
    pt: &PageText,
    breaks: cell_text::Breaks,
    g: &Grid,
    tol: &GridTolerances,
) -> Option<Grid> {
    let words: Vec<&Word> = pt
        .words
        .iter()
        .filter(|w| {
            w.dir == 0
                && g.bbox
                    .contains_point(w.bbox.cx(), w.bbox.cy(), tol.cell_margin)
        })
        .collect();
    let rows = region::text_rows(&words, tol);
    let mut gutters = region::gutters(&rows, tol);
    for c in g.cells.iter().filter(|c| c.col > 0) {
        let x = c.prov.bbox.x0;
        if !gutters
            .iter()
            .any(|o| o.0 - tol.snap <= x && x <= o.1 + tol.snap)
        {
            let i = gutters.iter().take_while(|o| o.0 < x).count();
            gutters.insert(i, (x - tol.cell_margin, x + tol.cell_margin));
        }
    }
    let mut out = build(page, &Region::new(rows, gutters), breaks, tol)?;
    out.bbox = g.bbox;
    Some(out)
}

/// Whether a ruled grid leaves values of several columns or rows in one cell: a
/// cell over several columns whose words are parted, at one of the columns' rules,
/// by a gap wider than `segment_gap_em`; or a cell holding two lines that are both
/// numbers.
pub(super) fn underruled(g: &Grid, pt: &PageText, tol: &GridTolerances) -> bool {
    let rules: Vec<f64> = g
        .cells
        .iter()
        .filter(|c| c.col > 0)
        .map(|c| c.prov.bbox.x0)
        .collect();
    let words = super::index::WordsByTop::new(&pt.words);
    g.cells.iter().any(|c| {
        let ws = words.within(&c.prov.bbox, tol.cell_margin);
        if ws.len() < 2 {
            // one word parts nothing and stacks nothing: no rows to build (most cells)
            return false;
        }
        let rows = region::text_rows(&ws, tol);
        let parted = c.col_span > 1
            && rows.iter().any(|r| {
                r.words.windows(2).any(|p| {
                    let em = f64::from(p[0].size.max(1.0));
                    p[1].bbox.x0 - p[0].bbox.x1 > tol.segment_gap_em * em
                        && rules.iter().any(|x| *x > p[0].bbox.x1 && *x < p[1].bbox.x0)
                })
            });
        let stacked = rows.len() > 1
            && rows
                .iter()
                .all(|r| ColText::of(r.words.iter().copied()).is_numeric());
        parted || stacked
    })
}

fn column_of(x0: f64, bounds: &[f64]) -> usize {
    bounds.iter().take_while(|b| x0 >= **b).count()
}

/// Baselines where rows start: any column's first line, a line after a gap wider
/// than `row_gap_factor` × the table's usual line pitch (the `pitch_quantile` of the
/// columns' line gaps; when wider than `typical_leading_em`, that or the least gap
/// of at least the font size within a column, whichever is less), a line below a
/// separator at
/// least `rule_clearance_em` above its baseline, or a number under a number in a
/// column of numbers (`numbers`: their baselines per column; not where rules draw the
/// rows and none lies between them). Starts within `row_merge_pitch` of a pitch, or
/// closer than `row_overlap_em` of the font size ([`overlapping`]), are one.
#[allow(clippy::too_many_arguments)]
fn row_starts(
    body: &[&Word],
    bounds: &[f64],
    rights: &[Option<f64>],
    separators: &[f64],
    numbers: &[Vec<(f64, f64, f64)>],
    cap: f64,
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
    let own = pitches.get(quantile).copied().unwrap_or(tol.fallback_pitch);
    let leading = cap;
    // a card of one-line fields has few gaps inside a cell: the columns' lower
    // quartile, wider than a normal line, is the row gap, and the few wrapped values
    // tell the cells' own leading (h10-paluzza by Chromium, card 4: rows 13.5 pt
    // apart, three values wrapped at 10.5 pt; capped at 10.8 the pitch put no row
    // start 13.5 pt below, and five rows merged into two); lines of one cell never
    // stand closer than their size (a nearer baseline is a superscript or smaller
    // text beside, no leading: ICDAR eu-011, us-001, eu-018 read as before)
    let least_line = pitches.iter().copied().find(|p| *p >= size);
    let pitch = if own > leading {
        leading.min(least_line.unwrap_or(leading))
    } else {
        own
    };
    let lines = ColumnLines::new(body, bounds, tol);
    // (baseline, told by a rule above it, the wrapped rest of the line above, told
    // only by a number under a number)
    let mut found: Vec<(f64, bool, bool, bool)> = Vec::new();
    let number_at = |c: usize, y: f64| {
        numbers
            .get(c)
            .and_then(|ns| ns.iter().find(|n| (n.0 - y).abs() < tol.line_slack))
    };
    // a number under a number in a column of numbers is the next row's, however close
    // (WeasyPrint pads cells by a point), unless the upper one reaches the column's
    // right end and the lower one is shorter: a number broken for width (Calc:
    // `1.194.98` / `7`)
    let stacked = |c: usize, y: f64, above: f64| match (number_at(c, y), number_at(c, above)) {
        (Some(lower), Some(upper)) => {
            let right = numbers[c]
                .iter()
                .map(|n| n.2)
                .fold(f64::NEG_INFINITY, f64::max);
            let broken = upper.2 >= right - tol.broken_word_edge_em * size
                && lower.2 - lower.1 < upper.2 - upper.1;
            !broken
        }
        _ => false,
    };
    for (c, col) in per_col.iter().enumerate() {
        for (k, y) in col.iter().enumerate() {
            let after_rule = k > 0
                && separators
                    .iter()
                    .any(|s| *s > col[k - 1] && *s < y - size * tol.rule_clearance_em);
            let stacked = k > 0 && stacked(c, *y, col[k - 1]);
            if k == 0 || y - col[k - 1] > tol.row_gap_factor * pitch || after_rule || stacked {
                let wraps = k > 0
                    && !after_rule
                    && !stacked
                    && wrapped_rest(
                        &lines,
                        bounds,
                        rights.get(c).copied().flatten(),
                        c,
                        col[k - 1],
                        *y,
                        tol,
                    );
                let close = k > 0 && y - col[k - 1] <= tol.row_gap_factor * pitch;
                let lone =
                    stacked && close && lone_line(&lines, bounds, rights, &per_col, c, *y, tol);
                found.push((*y, after_rule, wraps, lone));
            }
        }
    }
    // where rules or stripes tell nearly every row, a gap without one is a paragraph
    // break inside a cell, and so is a number under a number alone on its line (no
    // other column starts a line there: h14-ostuni's `2025: 76%` / `2026: 78%` /
    // `2027: 80%` in one target cell, rows ruled); a line that is the wrapped rest of
    // the line above (its first word had no room there) or such a lone number tells
    // nothing either way. A number under a number beside a line of its own in another
    // column (a label) still tells a row: tables ruled only between groups of rows
    // (ICDAR eu-027, us-033)
    let later: Vec<&(f64, bool, bool, bool)> = found
        .iter()
        .filter(|(y, r, wraps, stacked)| {
            (*r || !(*wraps || *stacked)) && per_col.iter().all(|c| c.first().is_none_or(|f| f < y))
        })
        .collect();
    let ruled = later.iter().filter(|(_, r, _, _)| *r).count();
    // with no start but wrapped rests to weigh, a rule or stripe edge under the body
    // says its rows are drawn: a table's one row at the top of a page, its wrapped
    // line a leading below that the producer sets wider than the usual pitch
    // (dompdf: 1.54 em, h11-campibisenzio's `Minori con disabilità` / `accolti`
    // under the header repeated on page 3, ruled between its rows)
    let lowest = body
        .iter()
        .map(|w| w.bbox.bottom)
        .fold(f64::NEG_INFINITY, f64::max);
    let by_rules = if later.is_empty() {
        separators.iter().any(|s| *s > lowest)
    } else {
        ruled as f64 >= tol.ruled_rows_share * later.len() as f64
    };
    let mut starts: Vec<f64> = found
        .iter()
        .filter(|(y, r, _, _)| {
            !by_rules || *r || per_col.iter().any(|c| c.first().is_some_and(|f| f == y))
        })
        .map(|(y, _, _, _)| *y)
        .collect();
    starts.sort_by(f64::total_cmp);
    starts.dedup_by(|a, b| {
        (*a - *b).abs() < pitch * tol.row_merge_pitch || overlapping(*b, *a, size, tol)
    });
    starts
}

/// Whether a line on baseline `lower` in text of font size `size` stands too close
/// under the line on baseline `upper` to start a row of its own: nearer than
/// `row_overlap_em` of its size, where the two lines' text would overlap had they
/// been set one under the other. A row's first line stands at least a line below the
/// row above; lines closer than that are cells of one row set at different heights
/// (rinohtype centres a one-line cell beside a two-line one half a leading down).
fn overlapping(upper: f64, lower: f64, size: f64, tol: &GridTolerances) -> bool {
    lower - upper < tol.row_overlap_em * size
}

/// Whether column `c`'s line on baseline `y` stands alone: every other column either
/// prints nothing on that baseline or only the wrapped rest of its line above
/// ([`wrapped_rest`]), so nothing but the number itself says a row starts there.
fn lone_line(
    lines: &ColumnLines,
    bounds: &[f64],
    rights: &[Option<f64>],
    per_col: &[Vec<f64>],
    c: usize,
    y: f64,
    tol: &GridTolerances,
) -> bool {
    per_col
        .iter()
        .enumerate()
        .filter(|(d, _)| *d != c)
        .all(
            |(d, col)| match col.iter().position(|v| (v - y).abs() < tol.line_slack) {
                None => true,
                Some(0) => false,
                Some(j) => wrapped_rest(
                    lines,
                    bounds,
                    rights.get(d).copied().flatten(),
                    d,
                    col[j - 1],
                    y,
                    tol,
                ),
            },
        )
}

/// Whether the line of column `c` on baseline `y` is the wrapped rest of the one on
/// baseline `above`: its first word would not have fitted after the upper line's last
/// word before the column's right edge (`right`, from [`cell_rights`], else the column
/// boundary), less `cell_wrap_slack_em`. Such a line stands one leading below the
/// other, which some producers set wider than the usual pitch (dompdf: 1.54 em,
/// h11-campibisenzio's `Recupero` / `dell'evasione dei` in a table ruled between
/// its rows), so its gap tells no row.
fn wrapped_rest(
    lines: &ColumnLines,
    bounds: &[f64],
    right: Option<f64>,
    c: usize,
    above: f64,
    y: f64,
    tol: &GridTolerances,
) -> bool {
    // the last of the rightmost ends and the first of the leftmost starts, in the
    // body's order, as a scan of the body finds them
    let end = lines
        .on(c, above)
        .max_by(|a, b| a.2.bbox.x1.total_cmp(&b.2.bbox.x1).then(a.1.cmp(&b.1)));
    let first = lines
        .on(c, y)
        .min_by(|a, b| a.2.bbox.x0.total_cmp(&b.2.bbox.x0).then(a.1.cmp(&b.1)));
    let (Some(&(_, _, end)), Some(&(_, _, first))) = (end, first) else {
        return false;
    };
    let Some(right) = right.or_else(|| bounds.get(c).copied()) else {
        return false;
    };
    let em = f64::from(first.size.max(1.0));
    end.bbox.x1 + tol.space_em * em + first.bbox.width() > right - tol.cell_wrap_slack_em * em
}

/// The body's words of each column (by [`column_of`]) sorted by baseline, each with
/// its place in the body, so that [`wrapped_rest`] finds a column's line by bisection:
/// a scan of every body word for each candidate row start cost rows × words (issue
/// 22). Where a baseline is not finite, or a search's is not, the search reads the
/// whole column (bisection needs an order; the exact test still decides each word).
struct ColumnLines<'w> {
    cols: Vec<Vec<(f64, usize, &'w Word)>>,
    finite: bool,
    slack: f64,
}

impl<'w> ColumnLines<'w> {
    fn new(body: &[&'w Word], bounds: &[f64], tol: &GridTolerances) -> Self {
        let mut cols: Vec<Vec<(f64, usize, &Word)>> = vec![Vec::new(); bounds.len() + 1];
        for (i, w) in body.iter().enumerate() {
            if let Some(col) = cols.get_mut(column_of(w.bbox.x0, bounds)) {
                col.push((w.bbox.bottom, i, *w));
            }
        }
        for col in &mut cols {
            col.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        }
        let finite = body.iter().all(|w| w.bbox.bottom.is_finite());
        ColumnLines {
            cols,
            finite,
            slack: tol.line_slack,
        }
    }

    /// Column `c`'s words whose baseline lies within `line_slack` of `at`: the
    /// column's run within twice that found by bisection, then the exact test.
    fn on(&self, c: usize, at: f64) -> impl Iterator<Item = &(f64, usize, &'w Word)> {
        let col = self.cols.get(c).map_or(&[][..], Vec::as_slice);
        let (lo, hi) = (at - 2.0 * self.slack, at + 2.0 * self.slack);
        let run = if self.finite && lo.is_finite() && hi.is_finite() && lo <= hi {
            let start = col.partition_point(|e| e.0 < lo);
            let end = col.partition_point(|e| e.0 <= hi);
            col.get(start..end.max(start)).unwrap_or(col)
        } else {
            col
        };
        run.iter().filter(move |e| (e.0 - at).abs() < self.slack)
    }
}

/// Horizontal separators the page draws across the table (at least
/// [`GridTolerances::separator_span`] of its width): horizontal rules (a rules-only
/// table) and the top and bottom edges of shading (zebra stripes).
fn separators(page: &Page, x0: f64, x1: f64, tol: &GridTolerances) -> Vec<f64> {
    let wide = |a: f64, b: f64| b.min(x1) - a.max(x0) > (x1 - x0) * tol.separator_span;
    let rules = page
        .rulings
        .iter()
        .filter(|r| r.horizontal && (wide(r.start, r.end) || tiled(page, r.pos, x0, x1, tol)))
        .map(|r| r.pos);
    // shading is drawn cell by cell: a row's stripe is the run of fills at one height.
    // Fills of one top and bottom sum the same fills, so each height's sum is taken
    // once (a zebra page draws a fill per cell: a sum per fill was fills × fills)
    let mut row_widths: HashMap<(u64, u64), f64> = HashMap::new();
    let stripes = page.fills.iter().filter(move |f| {
        let row = *row_widths
            .entry((f.top.to_bits(), f.bottom.to_bits()))
            .or_insert_with(|| {
                page.fills
                    .iter()
                    .filter(|g| {
                        (g.top - f.top).abs() < tol.slack && (g.bottom - f.bottom).abs() < tol.slack
                    })
                    .map(|g| g.width())
                    .sum()
            });
        row > (x1 - x0) * tol.separator_span
    });
    let edges = stripes.flat_map(|f| [f.top, f.bottom]);
    let mut all: Vec<f64> = rules.chain(edges).collect();
    all.sort_by(f64::total_cmp);
    all.dedup_by(|a, b| (*a - *b).abs() < tol.slack);
    all
}

/// Whether the horizontal rules at height `y` tile `x0..x1` with no gap wider than
/// [`GridTolerances::rule_join_gap`]: a row's rule drawn cell by cell (Qt stops each
/// 2.2 pt short of the column border, h4-gallarate). Rules under spanning names
/// (ICDAR us-024's `2007` and `2009` over all but the stub column) leave the stub's
/// width uncovered and stay what they are.
fn tiled(page: &Page, y: f64, x0: f64, x1: f64, tol: &GridTolerances) -> bool {
    let mut spans: Vec<(f64, f64)> = page
        .rulings
        .iter()
        .filter(|g| g.horizontal && (g.pos - y).abs() < tol.slack && g.end > x0 && g.start < x1)
        .map(|g| (g.start, g.end))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut reach = x0;
    for (a, b) in spans {
        if a > reach + tol.rule_join_gap {
            return false;
        }
        reach = reach.max(b);
    }
    reach >= x1 - tol.rule_join_gap
}

/// The text area of each column, when the page shows it: cell shading (zebra
/// stripes, shaded headers) gives the cells' real left and right edges, less the
/// padding the words keep (a fill covering the column's header cell and narrower than
/// `shading_max_widths` of it). Without shading, the extent of the column's text.
fn text_areas(
    page: &Page,
    heads: &[Option<BBox>],
    body: &[Vec<&Word>],
    tol: &GridTolerances,
) -> Vec<Option<(f64, f64)>> {
    body.iter()
        .zip(heads)
        .enumerate()
        .map(|(c, (words, hb))| {
            let fill = hb.and_then(|hb| {
                page.fills
                    .iter()
                    .filter(|f| {
                        f.x0 <= hb.x0 + tol.slack
                            && f.x1 >= hb.x1 - tol.slack
                            && f.width()
                                < tol.shading_max_widths * hb.width().max(tol.shading_min_width)
                    })
                    .min_by(|a, b| a.width().total_cmp(&b.width()))
            });
            match fill {
                Some(f) => Some(cell_text::inner_area(f.x0, f.x1, words, tol)),
                // no shading: the column's text extent; a word broken for width runs
                // to its right end (Calc, unruled)
                None => BBox::union_all(words.iter().map(|w| &w.bbox))
                    .map(|b| (b.x0, widen_to_next(b.x1, words, body.get(c + 1), tol))),
            }
        })
        .collect()
}

/// The right edge of a column's text area without shading: its widest line's end,
/// unless that stops further than `edge_gap_em` short of the next column's text: then
/// no line reached the cell's edge (a word broken for width would have), and the
/// area runs to `min_gutter` before the next column's text, so a line break in it is
/// between words (ReportLab: `Dipendenti` / `comunali`, 36 pt short of the next
/// column).
fn widen_to_next(
    right: f64,
    words: &[&Word],
    next: Option<&Vec<&Word>>,
    tol: &GridTolerances,
) -> f64 {
    let start = next.and_then(|ws| ws.iter().map(|w| w.bbox.x0).min_by(f64::total_cmp));
    let em = words
        .first()
        .map_or(tol.fallback_pitch, |w| f64::from(w.size.max(1.0)));
    cell_edge(right, start, em, tol)
}

/// A column's cell edge from its widest line's end `right` and the start of the next
/// column's text: the widest line's end, unless it stops more than `edge_gap_em`
/// short of the next column's text, which it would have reached had any line of it
/// wrapped there; then `min_gutter` before the next column's text.
fn cell_edge(right: f64, next_start: Option<f64>, em: f64, tol: &GridTolerances) -> f64 {
    match next_start {
        Some(n) if n - right > tol.edge_gap_em * em => n - tol.min_gutter,
        _ => right,
    }
}

/// The right edge of each column's cells for telling wrapped lines ([`cell_edge`]
/// of its text extent): a column of labels whose longest label stops far short of
/// the values never wrapped, so a label under a label starts a row however close the
/// rows stand (hcard-lucca, pdfmake: rows 1.5 em apart, `Descrizione sintetica` over
/// `Dirigente di riferimento` with 51 pt left before the values). A column of
/// numbers beside it does not tell the edge: numbers are set flush right, their
/// start is not their cell's (ICDAR us-002: `Highest enrollment after bachelor's` /
/// `degree by 2003` wrapped 60 pt short of the first column of figures).
fn cell_rights(
    numeric: &[bool],
    ext: &[Option<(f64, f64)>],
    em: f64,
    tol: &GridTolerances,
) -> Vec<Option<f64>> {
    (0..ext.len())
        .map(|c| {
            let (_, right) = ext[c]?;
            let next = ext
                .get(c + 1)
                .copied()
                .flatten()
                .filter(|_| !numeric.get(c + 1).copied().unwrap_or(false))
                .map(|e| e.0);
            Some(cell_edge(right, next, em, tol))
        })
        .collect()
}

/// Whether a word labels a line with its year (`2025:`): a cell that gives its value
/// year by year, one line each (h14-ostuni's `Target triennio`: `2025: 76%` /
/// `2026: 78%` / `2027: 80%`, a plain-text report with no rule or gap between rows),
/// whose next year's line is the same cell's next line, not a row, though it would
/// have fitted on the line above and reads as a number.
fn year_label(w: &Word) -> bool {
    w.text.strip_suffix(':').is_some_and(crate::text::is_year)
}

/// Whether the body's rows are told apart by space or drawn separators rather than
/// by lines: rules or stripe edges between its lines, or row gaps wider than the
/// usual pitch between at least `gap_mode_share` of its lines (cells padded, text
/// wrapped inside them: LibreOffice, Chromium). Otherwise every line is a row unless
/// it is a cell's wrapped text.
fn rows_by_gaps(body: &BodyColumns, separators: &[f64], pitch: f64, tol: &GridTolerances) -> bool {
    let lines = body.lines;
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return false;
    };
    let inner = separators
        .iter()
        .filter(|s| **s > first.bbox.bottom && **s < last.bbox.top)
        .count();
    let gaps: Vec<f64> = lines
        .windows(2)
        .map(|w| w[1].bbox.bottom - w[0].bbox.bottom)
        .collect();
    let wide = gaps
        .iter()
        .filter(|g| **g > tol.row_gap_factor * pitch)
        .count();
    // a table of numbers prints one row per line (statistical tables); LibreOffice
    // prints a row's number once, at the bottom of its tall cells
    let with_numbers = body
        .texts
        .iter()
        .filter(|l| {
            l.iter()
                .zip(&body.numeric)
                .any(|(t, &n)| n && t.is_numeric())
        })
        .count();
    let by_numbers = with_numbers as f64 >= tol.numeric_share * lines.len() as f64;
    inner >= tol.min_separators
        || (!gaps.is_empty() && wide as f64 >= tol.gap_mode_share * gaps.len() as f64)
        || (wide >= tol.min_separators && !by_numbers)
}

/// The numbers printed in each column of numbers: their baseline and left and right
/// ends.
fn numbers(body: &BodyColumns) -> Vec<Vec<(f64, f64, f64)>> {
    body.numeric
        .iter()
        .enumerate()
        .map(|(c, &numeric)| {
            body.lines
                .iter()
                .zip(body.cols.iter().zip(&body.texts))
                .filter_map(|(l, (cols, texts))| {
                    let ws = cols.get(c)?;
                    let b = BBox::union_all(ws.iter().map(|w| &w.bbox))?;
                    (numeric && texts.get(c).is_some_and(ColText::is_numeric)).then_some((
                        l.bbox.bottom,
                        b.x0,
                        b.x1,
                    ))
                })
                .collect()
        })
        .collect()
}

/// The median font size of the rows' words (`fallback_pitch` when there are none).
fn usual_size(rows: &[TextRow], tol: &GridTolerances) -> f64 {
    let mut sizes: Vec<f64> = rows
        .iter()
        .flat_map(|r| r.words.iter().map(|w| f64::from(w.size)))
        .collect();
    sizes.sort_by(f64::total_cmp);
    sizes
        .get(sizes.len() / 2)
        .copied()
        .filter(|s| *s > 0.0)
        .unwrap_or(tol.fallback_pitch)
}

/// The usual pitch of a table's lines: the `pitch_quantile` of the gaps between
/// successive baselines, at most `cap` (from [`leading_cap`]).
fn line_pitch(lines: &[TextRow], cap: f64, tol: &GridTolerances) -> f64 {
    let mut gaps: Vec<f64> = lines
        .windows(2)
        .map(|w| w[1].bbox.bottom - w[0].bbox.bottom)
        .filter(|g| *g > tol.line_slack)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let q = (gaps.len() as f64 * tol.pitch_quantile) as usize;
    gaps.get(q).copied().unwrap_or(tol.fallback_pitch).min(cap)
}

/// Row starts of a table set line by line: every line starts a row unless it is the
/// wrapped rest of the line above ([`wrapped_line`]) standing within
/// `row_gap_factor` of the pitch below it and no further than `cap` (the most a
/// cell's lines stand apart, [`leading_cap`]), or than the table's surely wrapped
/// lines ([`wrap_gaps`]), and `line_slack`, or stands too close
/// under it to be a row of its own ([`overlapping`]: cells of one row set at
/// different heights). A line further below than a cell's leading is a row whatever
/// room the line above left (hcard-lucca by rinohtype: one-line rows 13 pt apart at
/// 9 pt, values wrapped 10.8 pt; by AbiWord rows 12–13 pt, wraps 10–11 pt; each long
/// label left no room for the next label's first word).
fn line_starts(body: &BodyColumns, pitch: f64, cap: f64, tol: &GridTolerances) -> Vec<f64> {
    let lines = body.lines;
    // a cell's lines stand no further apart than the leading, or than the table's
    // surely wrapped lines do (Typst sets 8 pt lines 11.28 pt apart, rows as close)
    let widest_wrap = wrap_gaps(body, tol).last().copied().unwrap_or(0.0);
    let most = cap.max(widest_wrap) + tol.line_slack;
    let mut starts = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(above) = i.checked_sub(1).and_then(|j| lines.get(j)) else {
            starts.push(l.bbox.bottom);
            continue;
        };
        let size = l
            .words
            .iter()
            .map(|w| f64::from(w.size))
            .fold(0.0, f64::max);
        let gap = l.bbox.bottom - above.bbox.bottom;
        let wrapped = overlapping(above.bbox.bottom, l.bbox.bottom, size, tol)
            || gap <= tol.row_gap_factor * pitch && gap <= most && wrapped_line(body, i, tol);
        if !wrapped {
            starts.push(l.bbox.bottom);
        }
    }
    starts
}

/// Whether the body's line `i` (its words per column, [`BodyColumns::cols`]) is the
/// wrapped rest of line `i - 1`, the line above: each of its columns holds text in the
/// line above too, not a number under a number, and that text left no room for this
/// line's first word before the column's right edge (`rights`, from
/// [`cell_rights`], less `cell_wrap_slack_em`: the cell may be a little wider than
/// its widest line).
fn wrapped_line(body: &BodyColumns, i: usize, tol: &GridTolerances) -> bool {
    let (line, prev) = (&body.cols[i], &body.cols[i - 1]);
    let (texts, prev_texts) = (&body.texts[i], &body.texts[i - 1]);
    let rights = &body.rights;
    line.iter().zip(prev).enumerate().all(|(c, (now, before))| {
        let Some(first) = now.first() else {
            return true;
        };
        let Some(end) = before.last() else {
            return false;
        };
        // a cell's value per year, one a line (`2025: 76%` / `2026: 78%`), goes on
        if before.first().is_some_and(|w| year_label(w)) && year_label(first) {
            return true;
        }
        // a number under a number is the next row (a code broken for width,
        // `25.29.4.1.05_` / `0003`, is not a number above)
        if texts[c].is_numeric() && prev_texts[c].is_numeric() {
            return false;
        }
        let em = f64::from(first.size.max(1.0));
        let fits = |end: &Word, right: f64| {
            end.bbox.x1 + tol.space_em * em + first.bbox.width()
                <= right - tol.cell_wrap_slack_em * em
        };
        if runs_across(end, body.next_starts.get(c).copied()) {
            // a line over the columns wraps at the table's right end, if anywhere
            let last = prev.iter().rev().find_map(|ws| ws.last()).unwrap_or(end);
            return !fits(last, body.right_end);
        }
        !fits(end, rights[c].unwrap_or(end.bbox.x1))
    })
}

/// Whether a line's last word in a column ends inside the next column (past
/// `next_start`, where it starts): the line runs across the columns (a group row,
/// `Missione 01 - Servizi istituzionali, generali e di gestione`, printed over the
/// table's width), which [`inner_extents`] leaves out of the column's edge. It did not
/// wrap at that edge: the line under it is its wrapped rest only if it wrapped at the
/// table's right end (a paragraph over the columns, ICDAR us-038), not where it stops
/// short of it (h14-ostuni by enscript: the `Programma 02 - …` row under it).
fn runs_across(end: &Word, next_start: Option<f64>) -> bool {
    next_start.is_some_and(|n| end.bbox.x1 > n)
}

/// The most a table's lines inside one cell stand apart: `typical_leading_em` of
/// the font size, or the table's own leading where it shows a wider one
/// ([`own_leading`]: genpdf sets lines 1.65 em apart, g-fossano's `Manutenzione
/// programmata delle` / `strade comunali` 13.22 pt apart at 8 pt, rows 18.33 pt;
/// capped at 9.6 pt every wrapped line was a row).
fn leading_cap(body: &BodyColumns, tol: &GridTolerances) -> f64 {
    let size = body
        .lines
        .first()
        .and_then(|l| l.words.first())
        .map_or(tol.fallback_pitch, |w| f64::from(w.size.max(1.0)));
    let typical = tol.typical_leading_em * size;
    own_leading(body, tol).map_or(typical, |own| own.max(typical))
}

/// The table's own leading: the median gap above lines that are the wrapped rest of
/// the line above ([`wrapped_line`]) and leave empty a column that line fills (a
/// row's next line carries on its long cells only; a line of a new row of one-line
/// cells fills them all, so a row pitch is never taken for a leading). `None` when
/// no line is such, or when no gap between the lines is wider than
/// `row_gap_factor` of it: the rows would no longer be told apart by their gaps.
fn own_leading(body: &BodyColumns, tol: &GridTolerances) -> Option<f64> {
    let lines = body.lines;
    let gaps = wrap_gaps(body, tol);
    let own = *gaps.get(gaps.len().checked_sub(1)? / 2)?;
    lines
        .windows(2)
        .any(|w| w[1].bbox.bottom - w[0].bbox.bottom > tol.row_gap_factor * own)
        .then_some(own)
}

/// The gaps (sorted) above the lines that are surely a cell's wrapped rest: the wrapped
/// rest of the line above ([`wrapped_line`]) that leave empty a column that line fills.
fn wrap_gaps(body: &BodyColumns, tol: &GridTolerances) -> Vec<f64> {
    let lines = body.lines;
    let mut gaps: Vec<f64> = (1..lines.len())
        .filter(|&i| {
            let (above, now) = (&body.cols[i - 1], &body.cols[i]);
            above
                .iter()
                .zip(now)
                .any(|(a, n)| !a.is_empty() && n.is_empty())
                && wrapped_line(body, i, tol)
        })
        .map(|i| lines[i].bbox.bottom - lines[i - 1].bbox.bottom)
        .filter(|g| *g > tol.line_slack)
        .collect();
    gaps.sort_by(f64::total_cmp);
    gaps
}

/// Row starts of a two-column table less those of rows that continue the value
/// above: a row whose first cell is blank, standing nearer to the row above than
/// [`GridTolerances::continued_value_gap`] of the table's row gap (the least gap above
/// a row that has a first cell), is the value's next paragraph, not a row of its own
/// (hcard-lucca, ReportLab: `Descrizione sintetica | Centralizzazione degli acquisti
/// ... elettronico.` and, a paragraph gap below, `L'obiettivo prosegue ...`). The
/// label column has nothing between the paragraphs: the row goes on. So is one a
/// whole number (two or more) of the cells' own line pitch below ([`cell_pitch`]),
/// when the row gap is no whole number of it: the value left a blank line, the rows
/// stand apart by line and padding (hcard-lucca, pdfmake: lines 9.97 pt apart, the
/// paragraph 19.93 pt below, rows 13.47 pt).
fn continued_values(
    starts: &[f64],
    body: &[&Word],
    bounds: &[f64],
    tol: &GridTolerances,
) -> Vec<f64> {
    // (first baseline, last baseline, has a first cell) of each row
    let rows: Vec<Option<(f64, f64, bool)>> = starts
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let end = starts.get(i + 1).copied().unwrap_or(f64::INFINITY);
            let ws: Vec<&&Word> = body
                .iter()
                .filter(|w| {
                    w.bbox.bottom >= s - tol.line_slack && w.bbox.bottom < end - tol.line_slack
                })
                .collect();
            let first = ws.iter().map(|w| w.bbox.bottom).reduce(f64::min)?;
            let last = ws.iter().map(|w| w.bbox.bottom).reduce(f64::max)?;
            let label = ws.iter().any(|w| column_of(w.bbox.x0, bounds) == 0);
            Some((first, last, label))
        })
        .collect();
    let gap_above = |i: usize| -> Option<f64> {
        let (first, _, _) = rows.get(i).copied().flatten()?;
        let (_, last, _) = rows.get(i.checked_sub(1)?).copied().flatten()?;
        Some(first - last)
    };
    let row_gaps: Vec<f64> = (1..rows.len())
        .filter(|i| rows[*i].is_some_and(|r| r.2))
        .filter_map(gap_above)
        .collect();
    if row_gaps.len() < tol.continued_value_min_rows {
        return starts.to_vec();
    }
    let row_gap = row_gaps.iter().copied().fold(f64::INFINITY, f64::min);
    let pitch = cell_pitch(starts, body, bounds, tol);
    // a blank line at the cells' own leading, where the rows stand apart by another
    // measure (padding), is a paragraph break inside the value
    let blank_line = |g: f64| {
        pitch.is_some_and(|p| whole_lines(g, p, 2.0, tol) && !whole_lines(row_gap, p, 1.0, tol))
    };
    starts
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let blank = rows[*i].is_some_and(|r| !r.2);
            let continued = blank
                && gap_above(*i)
                    .is_some_and(|g| g < tol.continued_value_gap * row_gap || blank_line(g));
            !continued && !centred_label(&rows, *i, body, bounds)
        })
        .map(|(_, s)| *s)
        .collect()
}

/// Whether row `i` is a label set centred beside its value's wrapped lines, the
/// value's first line read as a row above it with no label (h17-grosio by rinohtype:
/// `Controllo delle posizioni …` 5.4 pt above `Descrizione`, `avvisi di
/// accertamento` 5.4 pt below): its first baseline stands less than one line
/// height under the first baseline of the row above, which has no first cell. Two
/// rows' lines never overlap; the label's row starts where its value does.
fn centred_label(
    rows: &[Option<(f64, f64, bool)>],
    i: usize,
    body: &[&Word],
    bounds: &[f64],
) -> bool {
    let (Some(Some(above)), Some(Some(row))) = (i.checked_sub(1).map(|a| rows[a]), rows.get(i))
    else {
        return false;
    };
    let line: Vec<&&Word> = body
        .iter()
        .filter(|w| (w.bbox.bottom - row.0).abs() < f64::EPSILON)
        .collect();
    let height = line.iter().map(|w| w.bbox.height()).fold(0.0, f64::max);
    // a label is words: a bullet beside its item's lines is a list's (ICDAR us-006)
    let words = line
        .iter()
        .any(|w| column_of(w.bbox.x0, bounds) == 0 && w.text.chars().any(char::is_alphabetic));
    !above.2 && row.2 && words && row.0 - above.0 < height
}

/// The leading of lines inside one cell: the median gap between successive
/// baselines of one column within one row (`None` when no cell holds two lines).
fn cell_pitch(starts: &[f64], body: &[&Word], bounds: &[f64], tol: &GridTolerances) -> Option<f64> {
    let mut gaps = Vec::new();
    for (i, s) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(f64::INFINITY);
        for c in 0..=bounds.len() {
            let mut ys: Vec<f64> = body
                .iter()
                .filter(|w| {
                    column_of(w.bbox.x0, bounds) == c
                        && w.bbox.bottom >= s - tol.line_slack
                        && w.bbox.bottom < end - tol.line_slack
                })
                .map(|w| w.bbox.bottom)
                .collect();
            ys.sort_by(f64::total_cmp);
            ys.dedup_by(|a, b| (*a - *b).abs() < tol.line_slack);
            gaps.extend(ys.windows(2).map(|w| w[1] - w[0]));
        }
    }
    gaps.sort_by(f64::total_cmp);
    gaps.get(gaps.len().saturating_sub(1) / 2).copied()
}

/// Whether a gap is a whole number of line pitches, at least `least` of them, within
/// [`GridTolerances::blank_line_slack`] of a pitch: the cell left empty lines there.
fn whole_lines(gap: f64, pitch: f64, least: f64, tol: &GridTolerances) -> bool {
    let n = (gap / pitch).round();
    n >= least && (gap - n * pitch).abs() <= tol.blank_line_slack * pitch
}

/// Rows of one piece of text (a group title, `Obiettivo strategico 1 – Un Comune
/// vicino ai cittadini`) running over a column's boundary (`bounds`): a cell's text
/// never runs over the start of the next column's, and two cells' texts stand apart
/// by more than a word space (`segment_gap_em`), so such a row is one cell spanning
/// the row, read whole in its first column, and no column's text is stretched by it
/// (h10-barga by Chromium and ReportLab: the title cut in two, and its words under
/// `Obiettivo operativo` made that name a group over two columns). The piece may
/// also break between words just at the boundary, a word space apart
/// ([`word_space_at`]; h14-ostuni by cairo: `Missione 12 – … sociali e` ends at
/// 204.63, `famiglia` starts at 206.86, the second column's text at 206.65), when
/// it starts in the first column, as a title over the rows does: tight cells' wrapped
/// lines further right may run on across a boundary as close (000 by Calc: `… in` /
/// `più efficace …` 0.40 em apart, on a line that wraps two cells).
fn one_piece_rows<'r, 'w>(
    body: &'r [TextRow<'w>],
    bounds: &[f64],
    tol: &GridTolerances,
) -> Vec<&'r TextRow<'w>> {
    let over = |w: &Word| {
        bounds
            .iter()
            .any(|x| w.bbox.x0 < x - tol.slack && w.bbox.x1 > x + tol.slack)
    };
    body.iter()
        .filter(|r| {
            r.segments < 2
                && (r.words.iter().any(|w| over(w))
                    || bounds.first().is_some_and(|b| r.bbox.x0 < *b)
                        && bounds.iter().any(|x| word_space_at(r, *x, tol)))
        })
        .collect()
}

/// The column each of `words` (the body's) is read in: a word of a row of one piece
/// spanning columns (`spanning`) in the row's [`title_column`]; a word of a row's last
/// piece over the columns right of where it starts (`tails`: the row and the piece's
/// start) in the piece's column; any other where it starts. Each word's rows are
/// looked up by its address once (the first of `spanning`, the first tail it does
/// not start left of, as a search in order finds them), where a search of every
/// spanning row's words per word, asked again for each column, cost words × spanning
/// words × columns (issue 22).
fn word_columns(
    words: &[&Word],
    spanning: &[&TextRow],
    tails: &[(&TextRow, f64)],
    span: (f64, f64),
    bounds: &[f64],
    tol: &GridTolerances,
) -> Vec<usize> {
    let mut row_of: HashMap<*const Word, usize> = HashMap::new();
    for (i, r) in spanning.iter().enumerate() {
        for w in &r.words {
            row_of.entry(std::ptr::from_ref(*w)).or_insert(i);
        }
    }
    let mut starts_of: HashMap<*const Word, Vec<f64>> = HashMap::new();
    for (r, x) in tails {
        for w in &r.words {
            starts_of
                .entry(std::ptr::from_ref(*w))
                .or_default()
                .push(*x);
        }
    }
    words
        .iter()
        .map(|w| {
            let key = std::ptr::from_ref(*w);
            if let Some(&i) = row_of.get(&key) {
                return title_column(spanning[i], span, bounds, tol);
            }
            let tail = starts_of
                .get(&key)
                .and_then(|xs| xs.iter().find(|x| w.bbox.x0 >= **x));
            column_of(tail.map_or(w.bbox.x0, |t| *t), bounds)
        })
        .collect()
}

/// Whether row `r` runs on over the boundary `x` with no more than a word space
/// there (`span_gap_em` of the font size) between its last word starting left of the
/// boundary and its first starting right of it: two cells' texts stand further
/// apart, however tight the cells (Calc: 0.40 em in 000, WeasyPrint: 0.83 em in
/// g-roles-02), the words of one piece a space apart (0.25–0.32 em: h14-ostuni by
/// PDFlib and cairo, h10-barga by iText, whose `2` ends 0.01 pt short of crossing
/// the boundary).
fn word_space_at(r: &TextRow, x: f64, tol: &GridTolerances) -> bool {
    let left = r
        .words
        .iter()
        .filter(|w| w.bbox.x0 < x - tol.slack)
        .max_by(|a, b| a.bbox.x1.total_cmp(&b.bbox.x1));
    let right = r
        .words
        .iter()
        .filter(|w| w.bbox.x0 >= x - tol.slack)
        .min_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let (Some(l), Some(n)) = (left, right) else {
        return false;
    };
    let em = f64::from(l.size.max(n.size).max(1.0));
    n.bbox.x0 - l.bbox.x1 <= tol.span_gap_em * em
}

/// The column a row of one piece spanning the row is read in: the first when the
/// piece is centred over the whole table (its centre within
/// [`GridTolerances::title_centre_share`] of the width `span` of the table's centre),
/// since a centred title's first word may stand in any column (Fidenza by Writer
/// through Ghostscript: `Settore Affari Generali …` from 306 pt, `Settore Servizi
/// Demografici …` from 319 pt, both centred at 421 pt, began in the second and the
/// third column); else where its first word stands, as a name over some columns
/// (ICDAR us-019's `Enrollment, in thousands` over the columns of figures).
fn title_column(r: &TextRow, span: (f64, f64), bounds: &[f64], tol: &GridTolerances) -> usize {
    let (Some(first), Some(last)) = (r.words.first(), r.words.last()) else {
        return 0;
    };
    let centre = (first.bbox.x0 + last.bbox.x1) / 2.0;
    let width = span.1 - span.0;
    if (centre - (span.0 + span.1) / 2.0).abs() <= tol.title_centre_share * width {
        0
    } else {
        column_of(first.bbox.x0, bounds)
    }
}

/// The header's `k` rows, and the rows under them while the last names groups of
/// columns in cells shaded over several ([`super::fills::names_groups`]): stripes
/// edge every header row, so the first one under the header's first row says
/// nothing of where the header ends (h10-barga--chromium-zebra: `Indicatore`,
/// `Target` over the column names).
fn below_group_rows(
    page: &Page,
    rows: &[TextRow],
    k: usize,
    drawn: &[f64],
    tol: &GridTolerances,
) -> usize {
    let mut k = k;
    while k > 0
        && k < rows.len()
        && k < tol.max_header_lines
        && super::fills::names_groups(page, &rows[k - 1].words, drawn, tol)
    {
        k += 1;
    }
    k
}

/// The column borders cell shading draws ([`super::fills::cell_borders`]) that no
/// gutter of the text holds, added as gutters: the text cannot show a border where
/// a long value nearly reaches the next column's (`Avv. Alessandra Della Rocca` /
/// `1.1.1` in h10-barga--chromium-zebra), the shading does. Only added: a producer
/// may leave a hair between two cells' fills (ICDAR us-010: 1.5 pt after the first
/// column), so a border the fills do not show may still be one.
fn add_borders(gutters: &mut Vec<(f64, f64)>, drawn: &[f64], tol: &GridTolerances) {
    for &x in drawn {
        if !gutters
            .iter()
            .any(|g| g.0 - tol.slack <= x && x <= g.1 + tol.slack)
        {
            region::insert_gutter(gutters, (x, x));
        }
    }
}

/// The gutters found in the text, refined by the header: a narrow column no header
/// name confirms dropped, two names side by side over one body column split, a name
/// over no body text opening an empty column, a column no name stands over dropped.
/// `em` is the body's [`usual_size`].
fn refine_gutters(
    r: &Region,
    head: &[TextRow],
    body: &[TextRow],
    em: f64,
    gutters: &mut Vec<(f64, f64)>,
    tol: &GridTolerances,
) {
    let names = if head.is_empty() {
        &r.rows[..r.rows.len().min(1)]
    } else {
        head
    };
    drop_unconfirmed_narrow(names, gutters, em, tol);
    split_by_header(head, body, gutters, tol);
    open_empty_columns(head, body, gutters, tol);
    if !head.is_empty() {
        drop_unnamed_columns(head, gutters, tol);
    }
}

/// Where a grid's columns come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Columns {
    /// The region's gutters, refined by its header and the page's shading.
    Found,
    /// Given whole, the table's own from the page before (rows under no header:
    /// [`in_columns`]).
    Given,
}

/// The grid of `rows` read in the given columns (`gutters`), with no header: the
/// rows a page break carried on from a table whose columns the page before showed
/// ([`super::recolumn`]). Neither a header nor the page's shading refines those
/// columns, and one row is a grid: they are the table's, not this page's.
pub(super) fn in_columns(
    page: &Page,
    rows: Vec<TextRow>,
    gutters: Vec<(f64, f64)>,
    breaks: cell_text::Breaks,
    tol: &GridTolerances,
) -> Option<Grid> {
    build_in(
        page,
        &Region::new(rows, gutters),
        breaks,
        Columns::Given,
        tol,
    )
}

/// A grid from a table region: header rows by structure, columns from the gutters,
/// rows by gaps, separators or lines.
/// A table body's lines read in its final columns once: the row rules
/// ([`own_leading`], [`line_starts`], [`numbers`]) ask every line, and every pair of
/// successive lines, for its words column by column; reading each line's words
/// into its columns once per table gives them the same lists (`in_col`'s, in the
/// line's order) without a search and a new list per question (issue 22: on the
/// Chromium zebra seed these questions were about a third of `build`'s work).
struct BodyColumns<'r, 'w> {
    /// The body's lines, top to bottom.
    lines: &'r [TextRow<'w>],
    /// Each line's words in each column (`gutters.len() + 1` lists per line).
    cols: Vec<Vec<Vec<&'w Word>>>,
    /// Each line's text in each column, for the number tests ([`ColText::of`] its
    /// words in `cols`, as [`region::row_columns`] reads it).
    texts: Vec<Vec<ColText>>,
    /// Which columns are columns of numbers ([`region::numeric_columns`]).
    numeric: Vec<bool>,
    /// Each column's right edge ([`cell_rights`]).
    rights: Vec<Option<f64>>,
    /// Where the column right of each starts (its gutter's end; none for the last).
    next_starts: Vec<f64>,
    /// Where the body's text ends on the right: a line printed across the columns
    /// wraps there.
    right_end: f64,
}

impl<'r, 'w> BodyColumns<'r, 'w> {
    /// Read `lines` in the columns the `gutters` part; `em` is their
    /// [`usual_size`]. The columns' texts, which columns hold numbers and the
    /// columns' extents come from the words read into the columns, each word placed
    /// once (`numeric_columns`, `row_columns` and `extents` each placed every word
    /// again: issue 22).
    fn new(
        lines: &'r [TextRow<'w>],
        gutters: &[(f64, f64)],
        em: f64,
        tol: &GridTolerances,
    ) -> Self {
        let bounds: Vec<f64> = gutters.iter().map(|g| g.1 - tol.boundary_inset).collect();
        let cols: Vec<Vec<Vec<&Word>>> = lines.iter().map(|l| line_columns(l, &bounds)).collect();
        let texts: Vec<Vec<ColText>> = cols
            .iter()
            .map(|l| l.iter().map(|ws| ColText::of(ws.iter().copied())).collect())
            .collect();
        let numeric = numeric_of(&texts, gutters.len() + 1, tol);
        let rights = cell_rights(&numeric, &inner_extents(&cols, gutters, &numeric), em, tol);
        BodyColumns {
            lines,
            cols,
            texts,
            numeric,
            rights,
            next_starts: gutters.iter().map(|g| g.1).collect(),
            right_end: lines
                .iter()
                .map(|l| l.bbox.x1)
                .fold(f64::NEG_INFINITY, f64::max),
        }
    }
}

/// [`region::numeric_columns`] of lines whose column texts are `texts` (`ncols` per line).
fn numeric_of(texts: &[Vec<ColText>], ncols: usize, tol: &GridTolerances) -> Vec<bool> {
    let mut filled = vec![0usize; ncols];
    let mut numbers = filled.clone();
    for line in texts {
        for (c, t) in line.iter().enumerate() {
            if !t.is_empty() {
                filled[c] += 1;
                numbers[c] += usize::from(t.is_numeric());
            }
        }
    }
    filled
        .iter()
        .zip(&numbers)
        .map(|(&t, &n)| t > 0 && n as f64 >= tol.numeric_share * t as f64)
        .collect()
}

/// [`region::extents`] of lines whose words per column are `cols` (`ncols` per line): each
/// column's words in the order `extents` meets them (line by line, in each line's
/// order), so the same extents.
fn extents_of(cols: &[Vec<Vec<&Word>>], ncols: usize) -> Vec<Option<(f64, f64)>> {
    let mut out: Vec<Option<(f64, f64)>> = vec![None; ncols];
    for line in cols {
        for (e, ws) in out.iter_mut().zip(line) {
            for w in ws {
                *e = Some(e.map_or((w.bbox.x0, w.bbox.x1), |(a, b)| {
                    (a.min(w.bbox.x0), b.max(w.bbox.x1))
                }));
            }
        }
    }
    out
}

/// [`extents_of`] less the words that end inside the next column where that column
/// holds words, not numbers: text printed across the columns (a
/// group row, `Obiettivo strategico 2 - Territorio curato e sicuro`, whose `curato`
/// starts in the objective column and ends in the responsabile's), which no cell of
/// the column holds. Counted, it stretched the column's right edge past its cells',
/// so an objective's wrapped line read as a row of its own (h10-barga by enscript:
/// `Recupero` / `dell'evasione dei`). Beside a column of numbers the edge is the
/// text's own reach, as [`cell_rights`] reads it: numbers set flush right tell no cell
/// edge, and a statistical table's labels, notes and sources run over them (ICDAR
/// us-024's `Race/Ethnicity` under `Female`, us-021's `NOTE:` line, each a row).
fn inner_extents(
    cols: &[Vec<Vec<&Word>>],
    gutters: &[(f64, f64)],
    numeric: &[bool],
) -> Vec<Option<(f64, f64)>> {
    let inside: Vec<Vec<Vec<&Word>>> = cols
        .iter()
        .map(|line| {
            line.iter()
                .enumerate()
                .map(|(c, ws)| {
                    let words_beside = !numeric.get(c + 1).copied().unwrap_or(true);
                    ws.iter()
                        .copied()
                        .filter(|w| {
                            !words_beside || gutters.get(c).is_none_or(|g| w.bbox.x1 <= g.1)
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    extents_of(&inside, gutters.len() + 1)
}

/// A line's words in each of the `bounds.len() + 1` columns, in the line's order,
/// each word placed once and in the column its cell is read in ([`column_of`] the
/// cell boundaries, `boundary_inset` left of where each column's text starts): a
/// word a fraction of a point left of its column's text (a glyph's side bearing:
/// pandoc's `del` 0.12 pt left of `Tempo medio …` above it, h4-jesi) read in the
/// column to its left for the row rules and in its own for the cell left the
/// wrapped line with no text above it, and so a row of its own.
fn line_columns<'w>(l: &TextRow<'w>, bounds: &[f64]) -> Vec<Vec<&'w Word>> {
    let mut out = vec![Vec::new(); bounds.len() + 1];
    for w in &l.words {
        out[column_of(w.bbox.x0, bounds)].push(*w);
    }
    out
}

fn build(page: &Page, r: &Region, breaks: cell_text::Breaks, tol: &GridTolerances) -> Option<Grid> {
    build_in(page, r, breaks, Columns::Found, tol)
}

/// The row of a word whose bottom is `bottom`: the last of the row starts (`starts`,
/// sorted by `total_cmp`) that it reaches, `line_slack` above it allowed (the first
/// row if it reaches none).
///
/// Why a binary search (`by_search`: no start is NaN): the count of the starts a
/// bottom reaches, taken in order until the first it does not reach, is the place
/// where "reaches" turns false, since `bottom >= s - slack` holds for a prefix of
/// starts sorted up (a NaN start would break that order of answers, so a slice with
/// one is counted as before); counting per word was linear in the rows of a table
/// (issue 22, round 16).
fn row_at(starts: &[f64], bottom: f64, line_slack: f64, by_search: bool) -> usize {
    let reaches = |s: &f64| bottom >= *s - line_slack;
    let reached = if by_search {
        starts.partition_point(reaches)
    } else {
        starts.iter().take_while(|s| reaches(s)).count()
    };
    reached.saturating_sub(1)
}

/// [`build`], its columns found or given ([`Columns`]).
fn build_in(
    page: &Page,
    r: &Region,
    breaks: cell_text::Breaks,
    columns_from: Columns,
    tol: &GridTolerances,
) -> Option<Grid> {
    let given = columns_from == Columns::Given;
    let mut gutters = r.gutters.clone();
    let x0 = r
        .rows
        .iter()
        .map(|l| l.bbox.x0)
        .fold(f64::INFINITY, f64::min)
        - tol.cell_margin;
    let x1 = r.rows.iter().map(|l| l.bbox.x1).fold(0.0, f64::max) + tol.cell_margin;
    let seps = separators(page, x0, x1, tol);
    let top = r.rows.first().map_or(0.0, |l| l.bbox.top);
    let bottom = r.rows.last().map_or(0.0, |l| l.bbox.bottom);
    // cells shaded one by one draw column borders
    let drawn = super::fills::cell_borders(page, &BBox::new(x0, top, x1, bottom), tol);
    // a list of labels and values has no header row, whatever rules it draws
    let k = if given {
        Some(0)
    } else if r.labels_repeat || key_value(&r.rows, &gutters) {
        None
    } else {
        header_lines(&r.rows, &gutters, &seps, tol)
    };
    let k = k.map(|k| below_group_rows(page, &r.rows, k, &drawn, tol));
    let (head, body) = r.rows.split_at(k.unwrap_or(0));
    let em = usual_size(body, tol);
    if !given {
        refine_gutters(r, head, body, em, &mut gutters, tol);
        add_borders(&mut gutters, &drawn, tol);
    }
    let bounds: Vec<f64> = gutters.iter().map(|g| g.1 - tol.boundary_inset).collect();
    let body_words: Vec<&Word> = body.iter().flat_map(|l| l.words.iter().copied()).collect();
    let body_cols = BodyColumns::new(body, &gutters, em, tol);
    let cap = leading_cap(&body_cols, tol);
    let pitch = line_pitch(body, cap, tol);
    let mut starts = if rows_by_gaps(&body_cols, &seps, pitch, tol) {
        row_starts(
            &body_words,
            &bounds,
            &body_cols.rights,
            &seps,
            &numbers(&body_cols),
            cap,
            tol,
        )
    } else {
        line_starts(&body_cols, pitch, cap, tol)
    };
    starts.sort_by(f64::total_cmp);
    let ncols = gutters.len() + 1;
    if ncols == 2 {
        starts = continued_values(&starts, &body_words, &bounds, tol);
    }
    let by_search = !starts.iter().any(|s| s.is_nan());
    let row_of = |w: &Word| row_at(&starts, w.bbox.bottom, tol.line_slack, by_search);
    let mut buckets: Vec<Vec<Vec<&Word>>> = vec![vec![Vec::new(); ncols]; starts.len().max(1)];
    let spanning = one_piece_rows(body, &bounds, tol);
    // a row's last piece over the columns right of where it starts is one cell
    let spanning_tails = region::spanning_pieces(body, &r.gutters, tol);
    let cols = word_columns(
        &body_words,
        &spanning,
        &spanning_tails,
        (x0, x1),
        &bounds,
        tol,
    );
    for (w, &c) in body_words.iter().zip(&cols) {
        buckets[row_of(w)][c].push(w);
    }
    // without a header by structure, the first row is the header, unless the table
    // is a list of labels and values; rows whose text spans columns (one piece, or a
    // last piece over the columns right of it: Voghiera's `Descrizione`) do not say
    // how far a column's text reaches, so they place no header name
    let named: Vec<&TextRow> = body
        .iter()
        .filter(|r| !spanning.iter().any(|s| std::ptr::eq(*s, *r)))
        .filter(|r| !spanning_tails.iter().any(|(s, _)| std::ptr::eq(*s, *r)))
        .collect();
    let mut pieces = header_pieces(page, head, &named, &gutters, tol);
    center_groups(
        &mut pieces,
        &gutters,
        x0 + tol.cell_margin,
        x1 - tol.cell_margin,
        tol,
    );
    let first_is_header =
        k.is_none() && !buckets.is_empty() && !r.labels_repeat && !key_value(body, &gutters);
    if first_is_header {
        let first = buckets.remove(0);
        for (c, mut ws) in first.into_iter().enumerate() {
            let Some(b) = BBox::union_all(ws.iter().map(|w| &w.bbox)) else {
                continue;
            };
            pieces.push(Piece {
                bold: super::all_bold(&ws),
                text: cell_text::join_words(&mut ws, None, breaks, tol),
                bbox: b,
                cols: (c, c),
                line: 0,
            });
        }
    }
    let mut cells = header_cells(&pieces, ncols, page.number);
    let header_rows = cells.iter().map(|c| c.row + 1).max().unwrap_or(0);
    let heads: Vec<Option<BBox>> = (0..ncols)
        .map(|c| {
            cells
                .iter()
                .find(|h| h.row + 1 == header_rows && h.col == c)
                .map(|h| h.prov.bbox)
        })
        .collect();
    let mut columns: Vec<Vec<&Word>> = vec![Vec::new(); ncols];
    for (w, &c) in body_words.iter().zip(&cols) {
        if let Some(col) = columns.get_mut(c) {
            col.push(*w);
        }
    }
    let areas = text_areas(page, &heads, &columns, tol);
    let mut xs = vec![x0];
    xs.extend(&bounds);
    xs.push(x1);
    for (i, row) in buckets.into_iter().enumerate() {
        let r = header_rows + i;
        let top = starts
            .get(i + usize::from(first_is_header))
            .copied()
            .unwrap_or(0.0);
        for (c, mut ws) in row.into_iter().enumerate() {
            let bold = super::all_bold(&ws);
            let text = cell_text::join_words(&mut ws, areas.get(c).copied().flatten(), breaks, tol);
            let b = BBox::union_all(ws.iter().map(|w| &w.bbox)).unwrap_or(BBox::new(
                xs[c],
                top,
                xs[c + 1],
                top,
            ));
            cells.push(cell(r, c, 1, text, b, page.number, bold));
        }
    }
    let n_rows = cells.iter().map(|c| c.row + c.row_span).max().unwrap_or(0);
    let top = r.rows.first().map_or(0.0, |l| l.bbox.top) - tol.cell_margin;
    let bottom = r.rows.last().map_or(0.0, |l| l.bbox.bottom) + tol.cell_margin;
    (n_rows >= 2 || given && n_rows >= 1).then(|| Grid {
        page: page.number,
        method: Method::Stream,
        bbox: BBox::new(x0, top, x1, bottom),
        n_rows,
        n_cols: ncols,
        cells,
        header_rows,
        carried: given,
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// A word's row by the binary search is the row the count in order gives,
        /// on sorted starts with ties, infinities and slack of any sign.
        #[test]
        fn row_by_search_is_the_count_in_order(
            mut starts in proptest::collection::vec(
                prop_oneof![-50.0..900.0f64, Just(f64::INFINITY), Just(f64::NEG_INFINITY), Just(100.0)],
                0..40,
            ),
            bottom in prop_oneof![-60.0..910.0f64, Just(100.0), Just(f64::NAN), Just(f64::INFINITY)],
            slack in -2.0..4.0f64,
        ) {
            starts.sort_by(f64::total_cmp);
            let counted = starts.iter().take_while(|s| bottom >= **s - slack).count().saturating_sub(1);
            prop_assert_eq!(super::row_at(&starts, bottom, slack, true), counted);
            prop_assert_eq!(super::row_at(&starts, bottom, slack, false), counted);
        }
    }

    /// With a NaN start, the count in order is kept (the answers are not sorted).
    #[test]
    fn a_nan_start_is_counted_in_order() {
        let mut starts = vec![10.0, -f64::NAN, 20.0, f64::NAN];
        starts.sort_by(f64::total_cmp);
        assert_eq!(super::row_at(&starts, 15.0, 0.5, false), 0);
    }
    use super::*;

    /// A word of 9 pt Roboto (pdfmake's default font) on the baseline `bottom`.
    fn word(text: &str, x0: f64, x1: f64, bottom: f64) -> Word {
        Word {
            text: text.to_string(),
            page: 3,
            bbox: BBox::new(x0, bottom - 9.0, x1, bottom),
            size: 9.0,
            dir: 0,
            bold: Some(false),
            space_after: false,
            origin: Default::default(),
        }
    }

    /// hcard-lucca-pdo-2025 by AbiWord p. 3 (`inspect --lines`, 9 pt), card 3: seven
    /// one-line label | value rows 12–13 pt apart; no wrapped line, so its leading is the
    /// typical 10.8 pt. `Descrizione sintetica` and its value, the card's widest, leave no
    /// room for `Dirigente` or `Ing.`, but a line 13 pt below is further than a cell's
    /// lines stand apart: every line starts a row (before: the first two were one).
    #[test]
    fn a_line_further_below_than_a_cells_leading_starts_a_row() {
        let tol = GridTolerances::default();
        let mut ws = Vec::new();
        for (bottom, (label, lx1), (value, vx1)) in [
            (
                372.3,
                ("Descrizione sintetica", 149.41),
                (
                    "Notifica dei verbali tramite piattaforma digitale e pagamento con pagoPA",
                    526.75,
                ),
            ),
            (
                385.3,
                ("Dirigente di riferimento", 164.08),
                ("Ing. Stefano Galli", 273.61),
            ),
            (
                398.3,
                ("Struttura competente", 154.38),
                ("Settore Polizia Locale", 292.1),
            ),
            (
                410.3,
                ("Indicatore di performance", 175.73),
                ("Verbali notificati tramite piattaforma digitale", 397.31),
            ),
            (423.3, ("Valore di base", 115.56), ("77%", 216.44)),
            (435.3, ("Valore obiettivo 2025", 152.63), ("≥ 79%", 226.79)),
            (
                448.3,
                ("Data di completamento", 162.4),
                ("entro il 31/12/2025", 282.7),
            ),
        ] {
            for (text, x0, x1) in [(label, 43.5, lx1), (value, 196.41, vx1)] {
                let per = (x1 - x0) / text.chars().count() as f64;
                let mut x = x0;
                for t in text.split(' ') {
                    let w = per * t.chars().count() as f64;
                    ws.push(word(t, x, x + w, bottom));
                    x += w + per;
                }
            }
        }
        let refs: Vec<&Word> = ws.iter().collect();
        let lines = region::text_rows(&refs, &tol);
        let gutters = [(175.73, 196.39)];
        let body = BodyColumns::new(&lines, &gutters, usual_size(&lines, &tol), &tol);
        let cap = leading_cap(&body, &tol);
        let pitch = line_pitch(&lines, cap, &tol);
        assert!(!rows_by_gaps(&body, &[], pitch, &tol));
        assert!(
            wrapped_line(&body, 1, &tol),
            "no room left on the line above"
        );
        let starts = line_starts(&body, pitch, cap, &tol);
        assert_eq!(starts.len(), 7, "{starts:?}");
    }

    /// h17-grosio-pro-2024 by rinohtype p. 2 (`inspect --words`), card 3: `Descrizione`
    /// centred beside its value's two lines, the first 5.4 pt above it, read as a row
    /// with no label: the label's row starts there. The row under `Tipo di obiettivo`
    /// 13 pt below is a row of its own.
    #[test]
    fn a_label_centred_beside_its_wrapped_value_starts_where_the_value_does() {
        let ws = [
            word("Tipo di obiettivo", 39.02, 111.0, 546.4),
            word("Controllo delle posizioni", 197.19, 300.0, 559.4),
            word("Descrizione", 39.02, 86.0, 564.8),
            word("avvisi di accertamento", 197.19, 290.0, 570.2),
        ];
        let body: Vec<&Word> = ws.iter().collect();
        let rows = [
            Some((546.4, 546.4, true)),
            Some((559.4, 559.4, false)),
            Some((564.8, 570.2, true)),
        ];
        let bounds = [150.0];
        assert!(centred_label(&rows, 2, &body, &bounds));
        assert!(!centred_label(&rows, 1, &body, &bounds));
        let apart = [Some((546.4, 546.4, false)), Some((559.4, 559.4, true))];
        assert!(!centred_label(&apart, 1, &body[..2], &bounds));
    }

    /// h14-ostuni-pp-2025 by enscript p. 2 (Courier 7 pt, `inspect --words`): objective
    /// 2's indicator and `Target triennio` columns, no rule or gap between rows: its
    /// first indicator's two lines beside the target's three year lines, then the
    /// second indicator's first two lines beside its first two years.
    #[test]
    fn a_cells_year_lines_are_one_cell_where_lines_are_rows() {
        let tol = GridTolerances::default();
        let ws = courier7(&[
            ("Atti", 481.8, 498.6, 135.4),
            ("sottoposti", 502.8, 544.8, 135.4),
            ("a", 549.0, 553.2, 135.4),
            ("controllo", 557.4, 595.2, 135.4),
            ("2025:", 620.4, 641.4, 135.4),
            ("100%", 645.6, 662.4, 135.4),
            ("successivo", 481.8, 523.8, 143.4),
            ("2026:", 620.4, 641.4, 143.4),
            ("100%", 645.6, 662.4, 143.4),
            ("2027:", 620.4, 641.4, 151.4),
            ("100%", 645.6, 662.4, 151.4),
            ("Sezioni", 481.8, 511.2, 159.4),
            ("di", 515.4, 523.8, 159.4),
            ("Amministrazione", 528.0, 591.0, 159.4),
            ("2025:", 620.4, 641.4, 159.4),
            ("56%", 645.6, 658.2, 159.4),
            ("trasparente", 481.8, 528.0, 167.4),
            ("aggiornate", 532.2, 574.2, 167.4),
            ("2026:", 620.4, 641.4, 167.4),
            ("60%", 645.6, 658.2, 167.4),
        ]);
        let refs: Vec<&Word> = ws.iter().collect();
        let lines = region::text_rows(&refs, &tol);
        let gutters = [(595.2, 620.4)];
        let pitch = line_pitch(&lines, tol.typical_leading_em * 7.0, &tol);
        let body = BodyColumns::new(&lines, &gutters, usual_size(&lines, &tol), &tol);
        assert_eq!(
            line_starts(&body, pitch, leading_cap(&body, &tol), &tol),
            vec![135.4, 159.4]
        );
        assert!(year_label(&ws[4]) && !year_label(&ws[5]) && !year_label(&ws[0]));
    }

    /// h10-barga-piao-2025 by enscript p. 2 (Courier 7 pt, 4.2 pt a character,
    /// `inspect --words`): the code, objective (120.6 ..) and responsabile (208.8 ..)
    /// columns and the weight's, objective 2.1's first two lines, a group row printed
    /// across the columns (`strategico` ends inside the objective column, `curato` at
    /// 221.4 inside the responsabile's), then objective 3.1's `Recupero` /
    /// `dell'evasione dei`. Counted in the objective column's edge, `curato` let
    /// `dell'evasione` fit after `Recupero`, and the wrapped line read as a row; the
    /// group row stops short of the table's right end, so the line under it starts one.
    #[test]
    fn a_row_across_the_columns_sets_no_column_edge() {
        let tol = GridTolerances::default();
        let ws = courier7(&[
            ("2.1", 45.0, 57.6, 215.4),
            ("Manutenzione", 120.6, 171.0, 215.4),
            ("Avv.", 208.8, 225.6, 215.4),
            ("25", 725.4, 733.8, 215.4),
            ("straordinaria", 120.6, 175.2, 223.4),
            ("delle", 179.4, 200.4, 223.4),
            ("Ottaviani", 208.8, 246.6, 223.4),
            ("Obiettivo", 45.0, 82.8, 231.4),
            ("strategico", 87.0, 129.0, 231.4),
            ("2", 133.2, 137.4, 231.4),
            ("-", 141.6, 145.8, 231.4),
            ("Territorio", 150.0, 192.0, 231.4),
            ("curato", 196.2, 221.4, 231.4),
            ("e", 225.6, 229.8, 231.4),
            ("sicuro", 234.0, 259.2, 231.4),
            ("3.1", 45.0, 57.6, 239.4),
            ("Recupero", 120.6, 154.2, 239.4),
            ("Arch.", 208.8, 229.8, 239.4),
            ("10", 725.4, 733.8, 239.4),
            ("dell’evasione", 120.6, 175.2, 247.4),
            ("dei", 179.4, 192.0, 247.4),
            ("Bonfiglio", 208.8, 246.6, 247.4),
        ]);
        let refs: Vec<&Word> = ws.iter().collect();
        let lines = region::text_rows(&refs, &tol);
        let gutters = [(57.6, 120.6), (200.4, 208.8), (259.2, 725.4)];
        let body = BodyColumns::new(&lines, &gutters, usual_size(&lines, &tol), &tol);
        // the objective column's edge is its cells' (`delle`), not `curato`'s
        assert!(
            body.rights[1].is_some_and(|r| r < 208.8),
            "{:?}",
            body.rights
        );
        let pitch = line_pitch(&lines, tol.typical_leading_em * 7.0, &tol);
        assert_eq!(
            line_starts(&body, pitch, leading_cap(&body, &tol), &tol),
            vec![215.4, 231.4, 239.4]
        );
    }

    /// Words of 7 pt Courier (GNU enscript's reports) from (text, x0, x1, baseline).
    fn courier7(spec: &[(&str, f64, f64, f64)]) -> Vec<Word> {
        spec.iter()
            .map(|(t, a, b, y)| Word {
                size: 7.0,
                bbox: BBox::new(*a, y - 7.0, *b, *y),
                ..word(t, *a, *b, *y)
            })
            .collect()
    }

    fn words(spec: &[(&str, f64, f64, f64)]) -> Vec<Word> {
        spec.iter()
            .map(|(t, a, b, y)| word(t, *a, *b, *y))
            .collect()
    }

    #[test]
    fn a_title_centred_over_the_table_is_read_in_its_first_column() {
        // h13-fidenza by Writer through Ghostscript, p. 2 (7 pt): a unit row Writer
        // centres over the eight columns, its text from 319 pt, in the third column;
        // the table's text runs from 53.1 (`1.1`) to 755.44 pt (`realizzazione`)
        let tol = GridTolerances::default();
        let ws = words(&[
            ("Settore", 319.1, 342.06, 245.1),
            ("Servizi", 343.98, 365.0, 245.1),
            ("Demografici", 366.95, 405.25, 245.1),
            ("–", 407.29, 410.44, 245.1),
            ("Responsabile:", 412.38, 456.05, 245.1),
            ("Ing.", 458.02, 469.9, 245.1),
            ("Vito", 471.89, 484.04, 245.1),
            ("Della", 486.07, 502.12, 245.1),
            ("Rocca", 504.15, 522.79, 245.1),
        ]);
        let refs: Vec<&Word> = ws.iter().collect();
        let rows = region::text_rows(&refs, &tol);
        let bounds = [177.3, 316.4, 383.4, 528.1, 588.2, 648.4, 708.6];
        let span = (53.1 - tol.cell_margin, 755.44 + tol.cell_margin);
        assert_eq!(one_piece_rows(&rows, &bounds, &tol).len(), 1);
        assert_eq!(title_column(&rows[0], span, &bounds, &tol), 0);
        // ICDAR us-019 p. 4: a name centred over the columns of figures, not the
        // stub, stays where it starts
        let ws = words(&[
            ("Enrollment,", 351.47, 396.82, 90.25),
            ("in", 399.32, 406.32, 90.25),
            ("thousands", 408.82, 451.01, 90.25),
        ]);
        let refs: Vec<&Word> = ws.iter().collect();
        let rows = region::text_rows(&refs, &tol);
        let bounds = [233.02, 333.5, 433.98, 534.45];
        let span = (36.0 - tol.cell_margin, 569.48 + tol.cell_margin);
        assert_eq!(title_column(&rows[0], span, &bounds, &tol), 2);
    }

    #[test]
    fn a_card_of_one_line_fields_starts_a_row_at_each_field_however_few_values_wrap() {
        // h10-paluzza by Chromium, card 4 (9 pt): fields 13.5 pt apart, three values
        // wrapped at 10.5 pt (`Dott.ssa Valentina` / `Brambilla`, the description,
        // `Avvisi di accertamento` / `emessi`); columns at 36.75, 160.41, 365.32, 466.75
        let tol = GridTolerances::default();
        let ws = words(&[
            ("Area", 36.75, 56.02, 510.3),
            ("Area Economico-Finanziaria", 160.41, 273.55, 510.3),
            ("Responsabile", 365.32, 417.52, 510.3),
            ("Dott.ssa Valentina", 466.75, 538.70, 510.3),
            ("Brambilla", 466.75, 505.44, 520.8),
            ("Obiettivo strategico DUP", 36.75, 135.64, 534.3),
            ("Conti in ordine", 160.41, 220.79, 534.3),
            ("Peso", 365.32, 383.34, 534.3),
            ("15", 466.75, 475.75, 534.3),
            ("Tipologia", 36.75, 74.51, 547.8),
            ("Sviluppo", 160.41, 196.27, 547.8),
            ("Scadenza", 365.32, 402.75, 547.8),
            ("30/06/2025", 466.75, 513.65, 547.8),
            ("Descrizione", 36.75, 83.73, 561.3),
            ("Controllo delle posizioni IMU", 160.41, 550.69, 561.3),
            ("di accertamento", 160.41, 223.72, 571.8),
            ("Indicatore", 36.75, 76.88, 585.3),
            ("Target 2025", 160.41, 205.43, 585.3),
            ("Target 2026", 365.32, 410.35, 585.3),
            ("Target 2027", 466.75, 511.77, 585.3),
            ("Avvisi di accertamento", 36.75, 127.78, 598.8),
            ("102", 160.41, 173.91, 598.8),
            ("113", 365.32, 378.82, 598.8),
            ("124", 466.75, 480.25, 598.8),
            ("emessi", 36.75, 63.53, 609.3),
            ("Somme accertate", 36.75, 103.46, 622.8),
            ("€ 862.147,00", 160.41, 207.66, 622.8),
            ("€ 901.335,50", 365.32, 412.57, 622.8),
            ("€ 940.524,00", 466.75, 514.00, 622.8),
        ]);
        let body: Vec<&Word> = ws.iter().collect();
        let cap = tol.typical_leading_em * 9.0;
        let starts = row_starts(&body, &[155.0, 360.0, 460.0], &[], &[], &[], cap, &tol);
        assert_eq!(
            starts,
            vec![510.3, 534.3, 547.8, 561.3, 585.3, 598.8, 622.8],
            "one row per field, the wrapped lines in theirs"
        );
    }

    #[test]
    fn a_table_that_wraps_its_cells_at_a_wide_leading_keeps_its_wrapped_lines_in_their_row() {
        // g-fossano by genpdf p. 2 (8 pt): `Manutenzione programmata delle` / `strade
        // comunali` 13.22 pt apart (1.65 em), the row's next indicator 18.33 pt below,
        // the next row's first line 18.32 pt below that
        let tol = GridTolerances::default();
        let ws: Vec<Word> = [
            ("01.01", 45.35, 63.35, 128.50),
            ("Manutenzione", 107.50, 153.22, 128.50),
            ("programmata", 155.22, 197.83, 128.50),
            ("delle", 199.83, 215.35, 128.50),
            ("Pianificare", 227.83, 262.43, 128.50),
            ("gli", 264.43, 272.86, 128.50),
            ("interventi", 274.86, 305.48, 128.50),
            ("di", 307.48, 313.69, 128.50),
            ("manutenzione", 315.69, 360.52, 128.50),
            ("ordinaria", 362.52, 391.37, 128.50),
            ("della", 393.37, 408.89, 128.50),
            ("rete", 410.89, 422.85, 128.50),
            ("Chilometri", 432.72, 467.34, 128.50),
            ("di", 469.34, 475.55, 128.50),
            ("strade", 477.55, 496.63, 128.50),
            ("riasfaltate", 498.63, 530.11, 128.50),
            ("7,0", 608.38, 618.38, 128.50),
            ("km", 620.38, 630.60, 128.50),
            ("25%", 664.29, 678.95, 128.50),
            ("entro", 716.22, 732.64, 128.50),
            ("il", 734.64, 739.08, 128.50),
            ("31/12/2024", 741.08, 777.51, 128.50),
            ("strade", 107.50, 126.58, 141.72),
            ("comunali", 128.58, 158.32, 141.72),
            ("viaria", 227.83, 246.01, 141.72),
            ("sulla", 248.01, 263.10, 141.72),
            ("base", 265.10, 279.30, 141.72),
            ("del", 281.30, 291.06, 141.72),
            ("rilievo", 293.06, 313.92, 141.72),
            ("dello", 315.92, 331.89, 141.72),
            ("stato", 333.89, 348.98, 141.72),
            ("delle", 350.98, 366.50, 141.72),
            ("pavimentazioni", 368.50, 417.76, 141.72),
            ("Tempo", 432.72, 454.81, 160.05),
            ("medio", 456.81, 476.78, 160.05),
            ("di", 478.78, 485.00, 160.05),
            ("intervento", 487.00, 519.40, 160.05),
            ("sulle", 521.40, 536.49, 160.05),
            ("buche", 538.49, 557.58, 160.05),
            ("segnalate", 559.58, 589.30, 160.05),
            ("≤", 608.38, 612.76, 160.05),
            ("58", 614.76, 622.76, 160.05),
            ("giorni", 624.76, 643.86, 160.05),
            ("01.02", 45.35, 63.35, 178.37),
            ("Attuazione", 107.50, 142.56, 178.37),
            ("degli", 144.56, 160.53, 178.37),
            ("interventi", 162.53, 193.15, 178.37),
            ("Rispetto", 227.83, 254.46, 178.37),
            ("del", 256.46, 266.22, 178.37),
            ("cronoprogramma", 268.22, 323.28, 178.37),
            ("degli", 325.28, 341.25, 178.37),
            ("interventi", 343.25, 373.87, 178.37),
            ("finanziati", 375.87, 406.03, 178.37),
            ("con", 408.03, 419.57, 178.37),
            ("Interventi", 432.72, 463.78, 178.37),
            ("aggiudicati", 465.78, 501.28, 178.37),
            ("entro", 503.28, 519.70, 178.37),
            ("i", 521.70, 523.92, 178.37),
            ("termini", 525.92, 548.99, 178.37),
            ("del", 550.99, 560.75, 178.37),
            ("100%", 608.38, 627.04, 178.37),
            ("5%", 664.29, 674.95, 178.37),
            ("entro", 716.22, 732.64, 178.37),
            ("il", 734.64, 739.08, 178.37),
            ("31/12/2024", 741.08, 777.51, 178.37),
        ]
        .iter()
        .map(|(t, a, b, y)| {
            let mut w = word(t, *a, *b, *y);
            w.size = 8.0;
            w
        })
        .collect();
        let refs: Vec<&Word> = ws.iter().collect();
        let lines = region::text_rows(&refs, &tol);
        let gutters = [
            (63.35, 107.5),
            (215.35, 227.83),
            (422.85, 432.72),
            (589.3, 608.38),
            (643.86, 664.29),
            (678.95, 716.22),
        ];
        let body = BodyColumns::new(&lines, &gutters, usual_size(&lines, &tol), &tol);
        // each line's words per column are the ones a search of the line per column
        // finds, in the same order
        for (l, cols) in lines.iter().zip(&body.cols) {
            assert_eq!(cols.len(), gutters.len() + 1);
            for (c, ws) in cols.iter().enumerate() {
                let reference = region::in_col(l, c, &gutters);
                assert!(ws.iter().zip(&reference).all(|(a, b)| std::ptr::eq(*a, *b)));
                assert_eq!(ws.len(), reference.len());
            }
        }
        // the columns' texts, numbers and edges are the reference readings' (each
        // word placed by a search of its line per question)
        for (l, texts) in lines.iter().zip(&body.texts) {
            assert_eq!(texts, &region::row_columns(l, &gutters));
        }
        let numeric = region::numeric_columns(&lines, &gutters, &tol);
        assert_eq!(body.numeric, numeric);
        let ext = region::extents(&lines, &gutters);
        assert_eq!(extents_of(&body.cols, gutters.len() + 1), ext);
        let em = usual_size(&lines, &tol);
        assert_eq!(body.rights, cell_rights(&numeric, &ext, em, &tol));
        assert!(body.numeric.iter().any(|n| *n) && body.numeric.iter().any(|n| !*n));
        let own = own_leading(&body, &tol).unwrap_or(0.0);
        assert!((own - 13.22).abs() < 0.01, "{own}");
        let cap = leading_cap(&body, &tol);
        let pitch = line_pitch(&lines, cap, &tol);
        assert_eq!(
            line_starts(&body, pitch, leading_cap(&body, &tol), &tol),
            vec![128.5, 160.05, 178.37]
        );
        // capped at 1.2 em, every line was a row
        let pitch = line_pitch(&lines, tol.typical_leading_em * 8.0, &tol);
        assert_eq!(
            line_starts(&body, pitch, leading_cap(&body, &tol), &tol).len(),
            4
        );
        // without the wrapped line the table shows no leading of its own: the
        // indicator's line had room for its first word on the line above
        let first_lines: Vec<TextRow> = lines
            .iter()
            .filter(|l| (l.bbox.bottom - 141.72).abs() > tol.line_slack)
            .cloned()
            .collect();
        let first_body =
            BodyColumns::new(&first_lines, &gutters, usual_size(&first_lines, &tol), &tol);
        assert_eq!(own_leading(&first_body, &tol), None);
    }

    #[test]
    fn a_row_of_one_piece_over_a_column_boundary_is_one_spanning_cell() {
        // h10-barga--chromium-zebra p. 2 (7 pt): a strategic objective's title runs
        // over the boundary of the second column (`Un` over 115.0); a body row of
        // several pieces; the borders the cell shading draws, less the inset
        let tol = GridTolerances::default();
        let ws: Vec<Word> = [
            ("Obiettivo", 36.75, 64.28, 125.15),
            ("strategico", 66.22, 96.36, 125.15),
            ("1", 98.30, 102.19, 125.15),
            ("–", 104.14, 108.03, 125.15),
            ("Un", 109.97, 118.87, 125.15),
            ("Comune", 120.81, 147.24, 125.15),
            ("vicino", 149.18, 167.07, 125.15),
            ("ai", 169.01, 174.45, 125.15),
            ("cittadini", 176.40, 200.25, 125.15),
            ("1.1.2", 309.91, 325.47, 158.15),
            ("CIE", 351.40, 363.06, 158.15),
            ("rilasciate", 365.01, 392.44, 158.15),
            ("25.153", 548.24, 569.63, 158.15),
        ]
        .iter()
        .map(|(t, a, b, y)| {
            let mut w = word(t, *a, *b, *y);
            w.size = 7.0;
            w
        })
        .collect();
        let refs: Vec<&Word> = ws.iter().collect();
        let rows = region::text_rows(&refs, &tol);
        assert_eq!(rows.len(), 2);
        let bounds = [115.0, 210.25, 306.25, 348.25, 456.25, 544.75];
        let spanning = one_piece_rows(&rows, &bounds, &tol);
        assert_eq!(spanning.len(), 1);
        assert_eq!(spanning[0].words.len(), 9);
        // the same title ending short of the boundary spans nothing
        assert!(one_piece_rows(&rows[..1], &[210.25], &tol).is_empty());
        // the same title breaking between words just at the boundary (h14-ostuni by
        // cairo: `e` ends at 204.63, `famiglia` starts at 206.86) spans it
        assert_eq!(one_piece_rows(&rows[..1], &[120.0], &tol).len(), 1);
    }

    #[test]
    fn a_label_under_a_label_starts_a_row_when_the_labels_never_reach_the_values() {
        // hcard-lucca--pdfmake-plain p. 3, card 3: rows 13.47 pt (1.5 em) apart, the
        // first row's value the column's widest line; before, `Dirigente di
        // riferimento` read as the wrapped rest of `Descrizione sintetica`
        let tol = GridTolerances::default();
        let ws = words(&[
            ("Descrizione", 45.52, 90.00, 407.77),
            ("sintetica", 92.25, 124.24, 407.77),
            ("Notifica", 198.09, 227.58, 407.77),
            ("dei", 229.83, 240.82, 407.77),
            ("verbali", 243.07, 268.06, 407.77),
            ("tramite", 270.31, 295.80, 407.77),
            ("piattaforma", 298.05, 339.53, 407.77),
            ("digitale", 341.78, 368.77, 407.77),
            ("e", 371.02, 375.01, 407.77),
            ("pagamento", 377.26, 416.75, 407.77),
            ("con", 419.00, 431.99, 407.77),
            ("pagoPA", 434.24, 462.42, 407.77),
            ("Dirigente", 45.52, 81.51, 421.24),
            ("di", 83.76, 91.26, 421.24),
            ("riferimento", 93.51, 137.49, 421.24),
            ("Ing.", 198.09, 212.34, 421.24),
            ("Stefano", 214.59, 242.08, 421.24),
            ("Galli", 244.33, 262.33, 421.24),
            ("Struttura", 45.52, 82.02, 434.70),
            ("competente", 84.27, 128.25, 434.70),
            ("Settore", 198.09, 223.58, 434.70),
            ("Polizia", 225.83, 250.83, 434.70),
            ("Locale", 253.08, 277.56, 434.70),
            ("Indicatore", 45.52, 85.35, 448.17),
            ("di", 87.60, 95.11, 448.17),
            ("performance", 97.36, 146.84, 448.17),
            ("Verbali", 198.09, 224.08, 448.17),
            ("notificati", 226.33, 258.82, 448.17),
            ("tramite", 261.07, 286.56, 448.17),
            ("piattaforma", 288.81, 330.29, 448.17),
            ("digitale", 332.54, 359.53, 448.17),
        ]);
        let refs: Vec<&Word> = ws.iter().collect();
        let lines = region::text_rows(&refs, &tol);
        let gutters = [(146.84, 198.09)];
        let body = BodyColumns::new(&lines, &gutters, usual_size(&lines, &tol), &tol);
        let pitch = line_pitch(&lines, leading_cap(&body, &tol), &tol);
        let starts = line_starts(&body, pitch, leading_cap(&body, &tol), &tol);
        assert_eq!(starts, vec![407.77, 421.24, 434.70, 448.17]);
    }

    /// hcard-lucca--pdfmake-plain p. 3, card 2: a description wrapped once (9.97 pt),
    /// a blank line, its second paragraph (19.93 pt below), then rows 13.47 pt apart.
    fn card_two(row_pitch: f64) -> Vec<Word> {
        let next = 268.32 + row_pitch;
        words(&[
            ("Descrizione", 45.52, 90.00, 238.42),
            ("sintetica", 92.25, 124.24, 238.42),
            ("Centralizzazione", 198.09, 258.55, 238.42),
            ("mercato", 492.71, 521.70, 238.42),
            ("elettronico.", 198.09, 238.82, 248.39),
            ("L'obiettivo", 198.09, 237.21, 268.32),
            ("precedente.", 373.28, 414.50, 268.32),
            ("Dirigente", 45.52, 81.51, next),
            ("Rag.", 198.09, 214.84, next),
            ("Struttura", 45.52, 82.02, next + row_pitch),
            ("Settore", 198.09, 223.58, next + row_pitch),
        ])
    }

    #[test]
    fn a_paragraph_a_blank_line_below_continues_the_value() {
        let tol = GridTolerances::default();
        let ws = card_two(13.47);
        let body: Vec<&Word> = ws.iter().collect();
        let starts = [238.42, 268.32, 281.79, 295.26];
        let kept = continued_values(&starts, &body, &[197.59], &tol);
        assert_eq!(kept, vec![238.42, 281.79, 295.26]);
    }

    #[test]
    fn a_blank_first_cell_is_a_row_where_rows_stand_whole_lines_apart() {
        // the same card with rows two lines apart: a blank line does not tell a
        // paragraph from a row there
        let tol = GridTolerances::default();
        let ws = card_two(19.94);
        let body: Vec<&Word> = ws.iter().collect();
        let starts = [238.42, 268.32, 288.26, 308.2];
        let kept = continued_values(&starts, &body, &[197.59], &tol);
        assert_eq!(kept, starts.to_vec());
    }

    /// A horizontal rule from `start` to `end` at height `pos`.
    fn hrule(pos: f64, start: f64, end: f64) -> crate::pdf::Ruling {
        crate::pdf::Ruling {
            horizontal: true,
            pos,
            start,
            end,
            from_image: false,
        }
    }

    #[test]
    fn rules_drawn_cell_by_cell_tile_the_table_but_spanner_rules_do_not() {
        let tol = GridTolerances::default();
        // h4-gallarate--qt-hrules p. 2: the rule under the header, one piece per
        // cell, 2.16 pt apart; the table's text from 47.04 to 792.05
        let cells = [
            (45.12, 134.88),
            (137.04, 168.48),
            (170.64, 279.36),
            (281.52, 413.52),
            (415.68, 523.2),
            (525.36, 581.76),
            (583.92, 640.8),
            (642.96, 699.36),
            (701.52, 796.08),
        ];
        let qt = Page {
            rulings: cells.iter().map(|(a, b)| hrule(138.15, *a, *b)).collect(),
            ..Page::default()
        };
        let (x0, x1) = (47.04 - tol.cell_margin, 792.05 + tol.cell_margin);
        assert!(tiled(&qt, 138.15, x0, x1, &tol));
        assert_eq!(separators(&qt, x0, x1, &tol), vec![138.15]);
        // ICDAR us-024 p. 2: rules under the spanning `2007` and `2009` leave the
        // stub column (36.43 .. 126.04) open; the rule under the header crosses it
        let us = Page {
            rulings: vec![
                hrule(98.71, 126.04, 345.74),
                hrule(98.71, 350.06, 567.13),
                hrule(133.85, 36.43, 567.13),
            ],
            ..Page::default()
        };
        let (x0, x1) = (36.43 - tol.cell_margin, 567.13 + tol.cell_margin);
        assert!(!tiled(&us, 98.71, x0, x1, &tol));
        assert_eq!(separators(&us, x0, x1, &tol), vec![133.85]);
    }

    #[test]
    fn a_number_under_a_number_is_one_cell_where_rules_draw_the_rows() {
        // h14-ostuni by cairo, page 2 (8 pt words; here 9 pt): each objective row ruled
        // above and below, its `Target triennio` cell three lines `2025: 76%` / `2026:
        // 78%` / `2027: 80%`, each a number under a number
        let body = words(&[
            ("1", 45.52, 49.97, 145.24),
            ("Attuazione", 206.65, 250.0, 145.24),
            ("2025:", 657.2, 676.0, 145.24),
            ("76%", 678.0, 695.44, 145.24),
            ("2026:", 657.2, 676.0, 155.01),
            ("78%", 678.0, 695.44, 155.01),
            ("2027:", 657.2, 676.0, 164.76),
            ("80%", 678.0, 695.44, 164.76),
            ("2", 45.52, 49.97, 178.53),
            ("Trasparenza", 206.65, 260.0, 178.53),
            ("2025:", 657.2, 676.0, 178.53),
            ("100%", 678.0, 699.9, 178.53),
            ("2026:", 657.2, 676.0, 188.3),
            ("100%", 678.0, 699.9, 188.3),
            ("2027:", 657.2, 676.0, 198.05),
            ("100%", 678.0, 699.9, 198.05),
        ]);
        let refs: Vec<&Word> = body.iter().collect();
        let tol = GridTolerances::default();
        let bounds = [200.0, 650.0];
        let target: Vec<(f64, f64, f64)> = [145.24, 155.01, 164.76, 178.53, 188.3, 198.05]
            .iter()
            .map(|y| (*y, 657.2, 695.44))
            .collect();
        let numbers = vec![Vec::new(), Vec::new(), target];
        let rules = [135.25, 168.52, 201.8];
        let cap = tol.typical_leading_em * 9.0;
        let starts = row_starts(
            &refs,
            &bounds,
            &[None, None, None],
            &rules,
            &numbers,
            cap,
            &tol,
        );
        assert_eq!(starts, vec![145.24, 178.53]);
        // unruled, a number under a number still starts a row (WeasyPrint's tight cells)
        let starts = row_starts(
            &refs,
            &bounds,
            &[None, None, None],
            &[],
            &numbers,
            cap,
            &tol,
        );
        assert_eq!(starts.len(), 6, "{starts:?}");
        // beside a label of its own in another column it starts a row, though rules
        // stand only around groups of rows (ICDAR us-033: a ruled block of figure rows)
        let mut labelled = body.clone();
        for y in [155.01, 164.76, 188.3, 198.05] {
            labelled.push(word("Voce", 206.65, 225.0, y));
        }
        let refs: Vec<&Word> = labelled.iter().collect();
        let starts = row_starts(
            &refs,
            &bounds,
            &[None, None, None],
            &rules,
            &numbers,
            cap,
            &tol,
        );
        assert_eq!(starts.len(), 6, "{starts:?}");
    }

    #[test]
    fn a_line_whose_first_word_had_no_room_above_is_a_wrapped_rest() {
        // h11-campibisenzio by dompdf, page 2 (7 pt words; here 9 pt): `Recupero` /
        // `dell'evasione dei` in the objective column, the indicator's text at 213.71
        let body = words(&[
            ("Recupero", 129.61, 162.98, 172.78),
            ("dell'evasione", 129.61, 176.0, 183.53),
            ("Avvisi", 213.71, 234.32, 172.78),
        ]);
        let refs: Vec<&Word> = body.iter().collect();
        let tol = GridTolerances::default();
        let bounds = [210.0];
        assert!(wrapped_rest(
            &ColumnLines::new(&refs, &bounds, &tol),
            &bounds,
            Some(207.7),
            0,
            172.78,
            183.53,
            &tol
        ));
        // a short word would have fitted after `Recupero`: a line of its own
        let body = words(&[
            ("Recupero", 129.61, 162.98, 172.78),
            ("dei", 129.61, 141.0, 183.53),
        ]);
        let refs: Vec<&Word> = body.iter().collect();
        assert!(!wrapped_rest(
            &ColumnLines::new(&refs, &bounds, &tol),
            &bounds,
            Some(207.7),
            0,
            172.78,
            183.53,
            &tol
        ));
    }

    /// Words of `size` pt on their baselines (`inspect --words`: text, x0, x1, bottom).
    fn sized(spec: &[(&str, f64, f64, f64)], size: f32) -> Vec<Word> {
        spec.iter()
            .map(|(t, a, b, y)| Word {
                size,
                bbox: BBox::new(*a, y - f64::from(size), *b, *y),
                ..word(t, *a, *b, *y)
            })
            .collect()
    }

    /// h4-jesi by pandoc (XeLaTeX booktabs, 7.97 pt) p. 2, objective 2.1 and the first
    /// line of 2.2: rows set line by line, no rule between them. `del` of `del
    /// contributo` starts 0.12 pt left of `Tempo medio di erogazione` above it (its
    /// glyph's side bearing), inside the gutter's last half point: the cells read it in
    /// the indicator column, and so must the row rules, or the line has no text above
    /// it in its column and starts a row of its own.
    #[test]
    fn a_wrapped_line_a_side_bearing_left_of_its_columns_text_stays_in_its_row() {
        let tol = GridTolerances::default();
        let ws = sized(
            &[
                ("2.1", 42.54, 52.50, 342.55),
                ("Sostegno all’abitare delle", 81.11, 168.94, 342.55),
                ("30", 191.60, 199.57, 342.55),
                ("Domande di contributo", 234.73, 317.40, 342.55),
                ("100%", 352.68, 371.33, 342.55),
                ("95%", 409.54, 424.20, 342.55),
                ("95%", 474.55, 489.22, 342.55),
                ("famiglie fragili", 81.11, 132.85, 352.01),
                ("istruite", 234.73, 259.62, 352.01),
                ("Tempo", 234.74, 258.71, 361.48),
                ("medio", 260.69, 283.06, 361.48),
                ("di", 285.05, 292.21, 361.48),
                ("erogazione", 294.20, 332.90, 361.48),
                ("35", 352.68, 360.65, 361.48),
                ("gg", 362.63, 371.49, 361.48),
                ("37", 409.54, 417.51, 361.48),
                ("gg", 419.49, 428.35, 361.48),
                ("95%", 474.55, 489.22, 361.48),
                ("del", 234.62, 245.62, 370.94),
                ("contributo", 247.61, 284.26, 370.94),
                ("2.2", 42.54, 52.50, 380.40),
                ("Servizio di assistenza", 81.11, 156.30, 380.40),
                ("30", 191.60, 199.57, 380.40),
                ("Utenti presi in carico", 234.74, 308.05, 380.40),
                ("< 55", 352.68, 368.74, 380.40),
                ("57", 409.54, 417.51, 380.40),
                ("95%", 474.55, 489.22, 380.40),
            ],
            7.9701,
        );
        let refs: Vec<&Word> = ws.iter().collect();
        let lines = region::text_rows(&refs, &tol);
        // each gutter from the widest text left of it to where the column's text starts
        let gutters = [
            (52.50, 81.11),
            (168.94, 191.60),
            (199.57, 234.73),
            (332.90, 352.68),
            (371.49, 409.54),
            (428.35, 474.55),
        ];
        let body = BodyColumns::new(&lines, &gutters, usual_size(&lines, &tol), &tol);
        assert!(
            !body.cols[4][3].is_empty(),
            "`del` is read in the indicator column"
        );
        let pitch = line_pitch(&lines, tol.typical_leading_em * 7.9701, &tol);
        assert_eq!(
            line_starts(&body, pitch, leading_cap(&body, &tol), &tol),
            vec![342.55, 361.48, 380.40]
        );
    }

    /// h3-civitanova by rinohtype (8 pt, 9.6 pt leading) p. 2: rinohtype centres each
    /// cell's lines in its row, so objective 3.1's two-line cells (`Carta d'identità
    /// elettronica su` / `appuntamento`) stand half a leading above and below its
    /// one-line cells (`3.1`, `45 gg`, `10`, `30/09/2025`): three lines 4.8 pt apart,
    /// one row.
    #[test]
    fn lines_closer_than_a_font_size_set_line_by_line_are_one_row() {
        let tol = GridTolerances::default();
        let ws = sized(
            &[
                ("Carta", 75.92, 95.36, 774.77),
                ("d'identità", 97.36, 131.16, 774.77),
                ("elettronica", 133.16, 170.43, 774.77),
                ("su", 172.43, 180.65, 774.77),
                ("Tempo", 218.28, 242.33, 774.77),
                ("medio", 244.33, 266.81, 774.77),
                ("di", 268.81, 276.03, 774.77),
                ("attesa", 278.03, 298.47, 774.77),
                ("per", 300.47, 312.27, 774.77),
                ("3.1", 39.02, 49.02, 779.57),
                ("45", 355.36, 363.36, 779.57),
                ("gg", 365.36, 374.26, 779.57),
                ("10", 434.45, 442.45, 779.57),
                ("30/09/2025", 487.17, 528.87, 779.57),
                ("appuntamento", 75.92, 128.07, 784.37),
                ("l'appuntamento", 218.28, 274.42, 784.37),
            ],
            8.0,
        );
        let refs: Vec<&Word> = ws.iter().collect();
        let lines = region::text_rows(&refs, &tol);
        assert_eq!(lines.len(), 3);
        let gutters = [
            (49.02, 75.92),
            (180.65, 218.28),
            (312.27, 355.36),
            (374.26, 434.45),
            (442.45, 487.17),
        ];
        let body = BodyColumns::new(&lines, &gutters, usual_size(&lines, &tol), &tol);
        let pitch = line_pitch(&lines, tol.typical_leading_em * 8.0, &tol);
        assert_eq!(
            line_starts(&body, pitch, leading_cap(&body, &tol), &tol),
            vec![774.77]
        );
    }

    /// The same document's striped table (p. 2, objective 1.3): the stripe's top edge
    /// at 251.45 tells a row to the objective column's `Efficientamento` (260.86) and
    /// to the code column's `1.3` (265.66), half a leading lower; the two are one row
    /// start, and `dell'illuminazione pubblica` (270.46) goes on in that row.
    #[test]
    fn row_starts_a_rule_tells_half_a_leading_apart_are_one() {
        let tol = GridTolerances::default();
        let ws = sized(
            &[
                ("Rispetto del cronoprogramma", 202.46, 308.89, 248.86),
                ("100%", 360.63, 379.35, 248.86),
                ("Efficientamento", 75.92, 131.41, 260.86),
                ("1.3", 39.02, 49.02, 265.66),
                ("Punti luce sostituiti", 202.46, 270.91, 265.66),
                ("322", 360.63, 372.63, 265.66),
                ("20", 439.72, 447.72, 265.66),
                ("30/06/2025", 492.45, 534.14, 265.66),
                ("dell'illuminazione pubblica", 75.92, 172.69, 270.46),
                ("Riduzione dei consumi elettrici", 202.46, 312.84, 282.46),
                ("6%", 360.63, 371.35, 282.46),
                ("Rispetto del cronoprogramma", 202.46, 308.89, 294.46),
                ("100%", 360.63, 379.35, 294.46),
            ],
            8.0,
        );
        let body: Vec<&Word> = ws.iter().collect();
        let bounds = [75.42, 201.96, 360.13, 439.22, 491.95];
        let stripes = [239.45, 251.45, 273.05, 285.05, 297.05];
        let starts = row_starts(&body, &bounds, &[], &stripes, &[], 9.6, &tol);
        assert_eq!(starts, vec![248.86, 260.86, 282.46, 294.46]);
        assert!(overlapping(260.86, 265.66, 8.0, &tol));
        assert!(!overlapping(260.86, 270.46, 8.0, &tol));
    }
}
