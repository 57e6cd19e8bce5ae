//! The header of a stream table, found by structure alone: which leading text rows
//! are the header (a rule under them, the first row of numbers, bold type), the
//! pieces of its lines and the columns each stands over (spanning names, a name over
//! a column the body leaves empty), and its cells.

use super::region::{self, TextRow, extents, insert_gutter, numeric_columns};
use super::{Cell, cell_text};
use crate::config::GridTolerances;
use crate::geom::{BBox, Provenance};
use crate::layout::Word;
use crate::pdf::Page;

/// How many leading text rows are the header, by structure alone: the rows above the
/// first rule or stripe edge across the table, when at most `max_header_lines`;
/// else the rows above the first row of numbers in the columns of numbers
/// (statistical tables, and the target and weight columns of objective tables), or
/// the leading bold rows when they end earlier; else the leading bold rows over a
/// body that is not bold; else the rows above a rule near the top. `None` when
/// nothing tells (the first row is then taken).
pub(super) fn header_lines(
    rows: &[TextRow],
    gutters: &[(f64, f64)],
    separators: &[f64],
    tol: &GridTolerances,
) -> Option<usize> {
    // a rule across the table under its first rows (statistical tables rule off
    // their header)
    let ruled = separators.iter().find_map(|s| {
        let above = rows
            .iter()
            .take_while(|r| r.bbox.bottom < *s + tol.slack)
            .count();
        // a header names columns: one of its rows has several pieces
        let names = rows[..above].iter().any(|r| r.segments >= 2);
        (names && above < rows.len()).then_some(above)
    });
    if let Some(k) = ruled.filter(|&k| k <= tol.max_header_lines) {
        return Some(k);
    }
    let bold = |r: &TextRow| r.words.iter().all(|w| w.bold == Some(true));
    let bold_rows = rows.iter().take_while(|r| bold(r)).count();
    let bold_head =
        Some(bold_rows).filter(|&k| k > 0 && k < rows.len() && k <= tol.max_header_lines);
    let numeric = numeric_columns(rows, gutters, tol);
    if numeric.iter().any(|&n| n) {
        // a row of numbers: most of its texts in numeric columns are numbers (a
        // header may name a column `9–12`)
        let numbers = |r: &TextRow| {
            let cols = region::row_columns(r, gutters);
            let texts: Vec<&region::ColText> = cols
                .iter()
                .zip(&numeric)
                .filter(|(t, n)| **n && !t.is_empty())
                .map(|(t, _)| t)
                .collect();
            let n = texts.iter().filter(|t| t.is_numeric()).count();
            n > 0 && n as f64 >= tol.numeric_share * texts.len() as f64
        };
        // rows that print only years name the columns (unless no row prints other
        // numbers: a column of years in the body)
        let years = |r: &TextRow| numbers(r) && names_years(r, gutters, &numeric);
        let first = rows
            .iter()
            .position(|r| numbers(r) && !years(r))
            .or_else(|| rows.iter().position(numbers));
        let Some(mut first) = first else {
            return bold_head;
        };
        // the header's own lines of years are no row of numbers
        while first > 0 && first + 1 < rows.len() && years_under_names(rows, first, gutters) {
            first += 1;
        }
        // a group label of one piece in the first column (`Actual`) between the
        // header and the first number is a body row
        let k = (1..=first)
            .rev()
            .find(|&i| {
                let r = &rows[i - 1];
                r.segments >= 2 || region::column_at(r.bbox.x0, gutters) > 0
            })
            .unwrap_or(first);
        // the header ends with its last row of years: rows of text under it are the
        // first rows of the body (targets that are words)
        let k = rows[..first]
            .iter()
            .rposition(years)
            .map_or(k, |y| k.min(y + 1));
        // body rows without numbers above the first number (a first indicator whose
        // targets are dates) stay in the body when bold type ends the header earlier
        if let Some(b) = bold_head.filter(|&b| b < k) {
            return Some(b);
        }
        return (k <= tol.max_header_lines).then_some(k).filter(|&k| k > 0);
    }
    if bold_head.is_some() {
        return bold_head;
    }
    (1..rows.len().min(tol.max_header_lines + 1)).find(|&i| {
        let (a, b) = (&rows[i - 1], &rows[i]);
        separators
            .iter()
            .any(|s| *s > a.bbox.bottom - tol.slack && *s < b.bbox.top + tol.slack)
    })
}

/// Whether text row `i` is a line of years alone, each under a name on the line above
/// it in its column: the years the header's names are of (`Valore obiettivo` over
/// `2025 | 2026 | 2027`), a plain-text report wrapping each header cell to its
/// column (h4-gallarate by enscript). A body row of numbers has a label beside its
/// numbers, or numbers that are no years.
fn years_under_names(rows: &[TextRow], i: usize, gutters: &[(f64, f64)]) -> bool {
    let (above, r) = (&rows[i - 1], &rows[i]);
    let years = !r.words.is_empty() && r.words.iter().all(|w| crate::text::is_year(&w.text));
    years
        && r.words.iter().all(|w| {
            let c = region::column_at(w.bbox.x0, gutters);
            above
                .words
                .iter()
                .any(|a| region::column_at(a.bbox.x0, gutters) == c)
        })
}

/// Whether the numbers a row prints in the columns of numbers are all years: a
/// header that names its target columns by year (`2025 | 2026 | 2027`, under a
/// `Target` spanning them: h12-grosseto by pdf-lib) or a name's wrapped second line
/// that is its year (`Valore atteso` over `2025`: h13-fidenza by Impress; `Baseline`
/// over `2024`). Such a row is no row of numbers: the header goes on under it. A
/// body row may print one year in a column of years beside its name in the first
/// column: a row of years names two years or more, or leaves the first column empty.
fn names_years(r: &TextRow, gutters: &[(f64, f64)], numeric: &[bool]) -> bool {
    let figures: Vec<&str> = r
        .words
        .iter()
        .filter(|w| numeric.get(region::column_at(w.bbox.x0, gutters)) == Some(&true))
        .filter(|w| region::ColText::of([**w]).is_numeric())
        .map(|w| w.text.as_str())
        .collect();
    let mut distinct = figures.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let named = r
        .words
        .first()
        .is_some_and(|w| region::column_at(w.bbox.x0, gutters) == 0);
    !figures.is_empty()
        && figures.iter().all(|t| crate::text::is_year(t))
        && (distinct.len() >= 2 || !named)
}

/// A header piece: words of one header line not parted by a gutter or a wide gap.
pub(super) struct Piece {
    pub(super) text: String,
    pub(super) bbox: BBox,
    pub(super) bold: Option<bool>,
    /// First and last column it stands over.
    pub(super) cols: (usize, usize),
    /// Header line it is on.
    pub(super) line: usize,
}

/// Header pieces: words of a header line, cut where a gap wider than `segment_gap_em`
/// or a gutter of the body lies between two words.
pub(super) fn pieces<'w>(
    lines: &[TextRow<'w>],
    gutters: &[(f64, f64)],
    tol: &GridTolerances,
) -> Vec<Vec<&'w Word>> {
    let mut out: Vec<Vec<&Word>> = Vec::new();
    for l in lines {
        let mut cur: Vec<&Word> = Vec::new();
        for w in &l.words {
            if let Some(p) = cur.last() {
                let em = f64::from(p.size.max(w.size).max(1.0));
                let wide = w.bbox.x0 - p.bbox.x1 > tol.segment_gap_em * em;
                let gap = w.bbox.x0 - p.bbox.x1;
                // a word space over a body gutter parts two names only where the right
                // word starts where the column's text starts (LibreOffice's tight
                // cells); a name's wrapped rest (`(%)`) merely lies over the gutter.
                // In fixed-pitch text a word space is a whole cell (0.6 em), wider
                // than `header_gap_em`: only a wider gap parts two names there.
                let gutter = gap > (tol.header_gap_em * em).max(l.space + tol.slack)
                    || gutters.iter().any(|g| {
                        g.1.min(w.bbox.x0) - g.0.max(p.bbox.x1) >= tol.min_gutter
                            && w.bbox.x0 >= g.1 - tol.min_gutter
                    });
                if wide || gutter {
                    out.push(std::mem::take(&mut cur));
                }
            }
            cur.push(w);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// Under a header, a column with no header text over it (a gap between words of a
/// column of running text that a few lines happen to share) is part of the column on
/// its left; the first column (row labels) may have none.
pub(super) fn drop_unnamed_columns(
    head: &[TextRow],
    gutters: &mut Vec<(f64, f64)>,
    tol: &GridTolerances,
) {
    let named = |a: f64, b: f64| {
        head.iter()
            .flat_map(|l| l.words.iter())
            .any(|w| w.bbox.x1 > a + tol.slack && w.bbox.x0 < b - tol.slack)
    };
    let mut i = 0;
    while i < gutters.len() {
        let next = gutters.get(i + 1).map_or(f64::INFINITY, |g| g.0);
        if named(gutters[i].1, next) {
            i += 1;
        } else {
            gutters.remove(i);
        }
    }
}

/// A gutter narrower than `segment_gap_em` (a word space, as wide as LibreOffice's
/// tight cell padding) parts two columns only where the header names the column right
/// of it: a header piece starts in it. Otherwise it is the space after a word that
/// every row repeats (`Settore | Polizia Locale`, `≥ | 74%` under one name `Livello
/// atteso`), or spaces of wrapped lines that line up by chance. `names` are the header
/// rows (the first row when the structure tells no header), `em` the body's font size.
pub(super) fn drop_unconfirmed_narrow(
    names: &[TextRow],
    gutters: &mut Vec<(f64, f64)>,
    em: f64,
    tol: &GridTolerances,
) {
    let starts: Vec<f64> = pieces(names, gutters, tol)
        .iter()
        .filter_map(|ws| ws.first().map(|w| w.bbox.x0))
        .collect();
    let mut i = 0;
    while i < gutters.len() {
        let g = gutters[i];
        let next = gutters.get(i + 1).map_or(f64::INFINITY, |n| n.0);
        let narrow = g.1 - g.0 < tol.segment_gap_em * em;
        if narrow && !starts.iter().any(|x| *x >= g.0 - tol.slack && *x < next) {
            gutters.remove(i);
        } else {
            i += 1;
        }
    }
}

/// A header piece over no body text names a column left empty in the body (001's
/// Note): the gutter it stands in is cut in two around it, or, when it shares a
/// column with body text, a boundary is put between them.
pub(super) fn open_empty_columns(
    header: &[TextRow],
    body: &[TextRow],
    gutters: &mut Vec<(f64, f64)>,
    tol: &GridTolerances,
) {
    let body_words: Vec<&Word> = body.iter().flat_map(|r| r.words.iter().copied()).collect();
    for (li, l) in header.iter().enumerate() {
        let lower: Vec<&Word> = header[li + 1..]
            .iter()
            .flat_map(|r| r.words.iter().copied())
            .collect();
        open_columns_of_line(l, &lower, &body_words, gutters, tol);
    }
}

/// [`open_empty_columns`] for the pieces of one header line. A piece with a name of a
/// lower header line under it is no column's name (that one is): it names the group
/// of columns under it, or is the first line of a name stacked over two lines
/// (h11-campibisenzio by dompdf: `Anno 2023` centred over `Target | Consuntivo |
/// Scostamento` and over the gap right of `Consuntivo`, where the body's short
/// numbers left room, opened a column of its own).
fn open_columns_of_line(
    line: &TextRow,
    lower: &[&Word],
    body_words: &[&Word],
    gutters: &mut Vec<(f64, f64)>,
    tol: &GridTolerances,
) {
    let overlaps = |b: &BBox, w: &&Word| w.bbox.x1 > b.x0 && w.bbox.x0 < b.x1;
    for ws in pieces(std::slice::from_ref(line), gutters, tol) {
        let Some(b) = BBox::union_all(ws.iter().map(|w| &w.bbox)) else {
            continue;
        };
        if body_words.iter().any(|w| overlaps(&b, w)) || lower.iter().any(|w| overlaps(&b, w)) {
            continue;
        }
        if let Some(i) = gutters.iter().position(|g| g.0 < b.x0 && g.1 > b.x1) {
            let g = gutters[i];
            gutters[i] = (g.0, b.x0 - tol.boundary_inset);
            gutters.insert(i + 1, (b.x1, g.1));
            continue;
        }
        let c = region::column_at(b.cx(), gutters);
        let mine: Vec<&&Word> = body_words
            .iter()
            .filter(|w| region::column_at(w.bbox.x0, gutters) == c)
            .collect();
        let left = mine
            .iter()
            .map(|w| w.bbox.x1)
            .filter(|x| *x < b.x0)
            .fold(f64::NEG_INFINITY, f64::max);
        let right = mine
            .iter()
            .map(|w| w.bbox.x0)
            .filter(|x| *x > b.x1)
            .fold(f64::INFINITY, f64::min);
        if left.is_finite() {
            insert_gutter(gutters, (left, b.x0 - tol.boundary_inset));
        }
        if right.is_finite() {
            insert_gutter(gutters, (b.x1, right - tol.boundary_inset));
        }
    }
}

/// Two header pieces side by side name two columns even where the body leaves less
/// than `min_gutter` between them (LibreOffice pads cells by ~1.3 pt, so the text of
/// neighbouring cells can come within 2.5 pt): the boundary goes where the body's
/// text leaves the most room between the two header texts, at the right header's
/// left edge when it leaves none.
pub(super) fn split_by_header(
    head: &[TextRow],
    body: &[TextRow],
    gutters: &mut Vec<(f64, f64)>,
    tol: &GridTolerances,
) {
    // the line that names the most columns
    let Some(l) = head
        .iter()
        .max_by_key(|l| pieces(std::slice::from_ref(*l), gutters, tol).len())
    else {
        return;
    };
    {
        let ps: Vec<BBox> = pieces(std::slice::from_ref(l), gutters, tol)
            .iter()
            .filter_map(|ws| BBox::union_all(ws.iter().map(|w| &w.bbox)))
            .collect();
        for p in ps.windows(2) {
            let (a, b) = (p[0].x1, p[1].x0);
            if gutters.iter().any(|g| g.0 < b && g.1 > a) {
                continue;
            }
            let g = widest_gap(body, a, b).unwrap_or((b - tol.boundary_inset, b));
            insert_gutter(gutters, g);
        }
    }
}

/// The widest x-interval inside `a..b` that no body word covers.
pub(super) fn widest_gap(body: &[TextRow], a: f64, b: f64) -> Option<(f64, f64)> {
    let mut spans: Vec<(f64, f64)> = body
        .iter()
        .flat_map(|r| r.words.iter())
        .filter(|w| w.bbox.x1 > a && w.bbox.x0 < b)
        .map(|w| (w.bbox.x0, w.bbox.x1))
        .collect();
    spans.sort_by(|p, q| p.0.total_cmp(&q.0));
    let mut best: Option<(f64, f64)> = None;
    let mut reach = a;
    for (x0, x1) in spans.into_iter().chain(std::iter::once((b, b))) {
        if x0 > reach && best.is_none_or(|g| x0 - reach > g.1 - g.0) {
            best = Some((reach, x0));
        }
        reach = reach.max(x1);
    }
    best
}

/// The header's pieces with the columns each stands over: the columns whose body
/// text it overlaps, or, for a name above the column header with a rule drawn under
/// it (the usual mark of a spanning name), the columns the rule runs over.
///
/// A column's body text is measured in the columns the body's cells are cut into,
/// [`GridTolerances::boundary_inset`] left of each gutter's end (`stream::build`'s
/// bounds): a producer that places each row on its own starts some of a column's
/// words a hair left of the gutter's end (cairo re-writing 001-calc-unruled: by
/// 0.004 pt on one page, by a rounding error of 1e-13 pt on another); counted
/// in the column on the left, they stretched its text under the next column's
/// name, which then read as a name over both.
pub(super) fn header_pieces(
    page: &Page,
    header: &[TextRow],
    body: &[&TextRow],
    gutters: &[(f64, f64)],
    tol: &GridTolerances,
) -> Vec<Piece> {
    let cut: Vec<(f64, f64)> = gutters
        .iter()
        .map(|g| (g.0, g.1 - tol.boundary_inset))
        .collect();
    let ext = extents(body.iter().copied(), &cut);
    let mut out = Vec::new();
    for (li, l) in header.iter().enumerate() {
        let below = header.get(li + 1).map(|n| n.bbox.top);
        for ws in pieces(std::slice::from_ref(l), gutters, tol) {
            let Some(b) = BBox::union_all(ws.iter().map(|w| &w.bbox)) else {
                continue;
            };
            let (x0, x1) = below
                .and_then(|next| {
                    page.rulings.iter().find(|r| {
                        r.horizontal
                            && r.pos > b.bottom - tol.slack
                            && r.pos < next + tol.slack
                            && r.start <= b.x0 + tol.slack
                            && r.end >= b.x1 - tol.slack
                    })
                })
                .map(|r| (r.start, r.end))
                .or_else(|| {
                    // a name in a shaded cell over several columns spans them
                    below.and_then(|_| {
                        super::fills::cell_around(page, &b, tol).map(|f| (f.x0, f.x1))
                    })
                })
                .unwrap_or((b.x0, b.x1));
            let over: Vec<usize> = ext
                .iter()
                .enumerate()
                .filter(|(_, e)| e.is_some_and(|(a, e)| x1.min(e) - x0.max(a) > 0.0))
                .map(|(c, _)| c)
                .collect();
            let cols = match (over.first(), over.last()) {
                (Some(&a), Some(&z)) => (a, z),
                _ => {
                    let c = region::column_at(b.cx(), gutters);
                    (c, c)
                }
            };
            let mut ws = ws;
            out.push(Piece {
                bold: super::all_bold(&ws),
                text: cell_text::join_words(&mut ws, None, cell_text::Breaks::default(), tol),
                bbox: b,
                cols,
                line: li,
            });
        }
    }
    span_repeated_runs(&mut out, gutters.len() + 1, tol);
    out
}

/// A group name centred over the column names it heads, with no rule or fill to
/// tell its extent (ReportLab's and Qt's two-row headers ruled only between rows:
/// `Indicatore` over `N.` / `Descrizione` / `Modalità di calcolo`, `Target` over
/// `2025` .. `2027`, h10-barga), overlaps the body text of the middle column alone
/// and was stacked onto that column's name (`Indicatore Descrizione`). It spans the
/// columns whose edges it stands centred between, within `group_center_em` of its
/// height, when every one of those columns is named on a line below and no other
/// piece of its line stands over them. A piece that lines up with a name under it in
/// its column (flush left, flush right or centred: `Modalità di` over `calcolo`,
/// ICDAR us-020's right-aligned `Schools` over `in original`), or starts where its
/// column's text starts, is the first line of that name, not a group: so a group
/// centred over three columns of one width, whose middle name is centred too, stays
/// stacked (the two readings cannot be told apart). `left` and `right` are where the table's
/// text starts and ends.
pub(super) fn center_groups(
    pieces: &mut [Piece],
    gutters: &[(f64, f64)],
    left: f64,
    right: f64,
    tol: &GridTolerances,
) {
    let mut edges = vec![left];
    edges.extend(gutters.iter().map(|g| g.1));
    edges.push(right);
    let spans: Vec<Option<(usize, usize)>> = (0..pieces.len())
        .map(|i| centered_span(pieces, i, &edges, tol))
        .collect();
    for (p, s) in pieces.iter_mut().zip(spans) {
        if let Some(cols) = s {
            p.cols = cols;
        }
    }
}

/// A piece above the column names that stands over one column of a run of names the
/// header repeats (`Target | Consuntivo | Scostamento` twice) names that whole run:
/// the group cell of a table whose columns repeat per year or per period
/// (h11-campibisenzio by dompdf and Prawn: `Anno 2023` centred over the middle
/// name of its run, with no rule under it, reaching only that name's column). The run
/// must hold no other piece above its names, and the piece must stand neither flush
/// left with nor centred on the name under it (within [`GridTolerances::group_offset_em`]):
/// names stacked over several lines whose last lines repeat are no group (ICDAR
/// us-020's `Schools` / `in original` / `sample that participated`, us-024's
/// `Unadjusted` centred on `odds ratio`).
fn span_repeated_runs(pieces: &mut [Piece], ncols: usize, tol: &GridTolerances) {
    let Some(last) = pieces.iter().map(|p| p.line).max().filter(|l| *l > 0) else {
        return;
    };
    let mut names: Vec<Option<String>> = vec![None; ncols];
    let mut boxes: Vec<Option<BBox>> = vec![None; ncols];
    for p in pieces
        .iter()
        .filter(|p| p.line == last && p.cols.0 == p.cols.1)
    {
        if let (Some(n), Some(b)) = (names.get_mut(p.cols.0), boxes.get_mut(p.cols.0)) {
            *n = Some(p.text.trim().to_lowercase());
            *b = Some(p.bbox);
        }
    }
    // a line of the name under it: set flush left with it or centred on it
    let stacked = |p: &Piece| {
        boxes.get(p.cols.0).copied().flatten().is_some_and(|b| {
            let off = tol.group_offset_em * b.height();
            (p.bbox.x0 - b.x0).abs() <= off || (p.bbox.cx() - b.cx()).abs() <= off
        })
    };
    let Some((from, period, runs)) = repeated_run(&names) else {
        return;
    };
    let run_of = |c: usize| (c >= from && c < from + period * runs).then(|| (c - from) / period);
    let mut taken = vec![0usize; runs];
    let upper: Vec<usize> = (0..pieces.len())
        .filter(|&i| pieces[i].line < last && pieces[i].cols.0 == pieces[i].cols.1)
        .collect();
    for &i in &upper {
        if let Some(r) = run_of(pieces[i].cols.0) {
            taken[r] += 1;
        }
    }
    for &i in &upper {
        if stacked(&pieces[i]) {
            continue;
        }
        if let Some(r) = run_of(pieces[i].cols.0).filter(|r| taken[*r] == 1) {
            let a = from + r * period;
            pieces[i].cols = (a, a + period - 1);
        }
    }
}

/// The span of columns piece `i` is centred over (see [`center_groups`]), if any.
fn centered_span(
    pieces: &[Piece],
    i: usize,
    edges: &[f64],
    tol: &GridTolerances,
) -> Option<(usize, usize)> {
    let p = &pieces[i];
    let c = p.cols.0;
    let last = pieces.iter().map(|q| q.line).max()?;
    if p.cols.1 != c || p.line >= last || c + 1 >= edges.len() {
        return None;
    }
    let near = tol.group_center_em * p.bbox.height();
    // the first line of a name wrapped in its own cell
    let wrapped = pieces
        .iter()
        .any(|q| q.line > p.line && q.cols == (c, c) && lined_up(&p.bbox, &q.bbox, near));
    if wrapped || (p.bbox.x0 - edges[c]).abs() <= near {
        return None;
    }
    let named = |k: usize| {
        pieces
            .iter()
            .any(|q| q.line > p.line && q.cols.0 <= k && q.cols.1 >= k)
    };
    let busy = |k: usize| {
        pieces
            .iter()
            .enumerate()
            .any(|(j, q)| j != i && q.line == p.line && q.cols.0 <= k && q.cols.1 >= k)
    };
    let off = |a: usize, z: usize| ((edges[a] + edges[z + 1]) / 2.0 - p.bbox.cx()).abs();
    let ncols = edges.len() - 1;
    // of the spans it stands centred over, the fewest columns: a wider span whose
    // centre falls near it too is chance (h12-grosseto by pdf-lib: `Target` over
    // `2025 | 2026 | 2027` is also within a point of the centre of `Baseline` ..
    // `Tempistica`)
    (0..=c)
        .flat_map(|a| (c..ncols).map(move |z| (a, z)))
        .filter(|&(a, z)| z > a && (a..=z).all(|k| named(k) && !busy(k)))
        .filter(|&(a, z)| off(a, z) <= near)
        .min_by(|x, y| {
            (x.1 - x.0)
                .cmp(&(y.1 - y.0))
                .then(off(x.0, x.1).total_cmp(&off(y.0, y.1)))
        })
}

/// Whether `q` lines up with `p` as two lines of one cell do: the same left edge,
/// right edge or centre within `near` (a name wrapped flush left, flush right, or
/// centred).
fn lined_up(p: &BBox, q: &BBox, near: f64) -> bool {
    (p.x0 - q.x0).abs() <= near || (p.x1 - q.x1).abs() <= near || (p.cx() - q.cx()).abs() <= near
}

/// The longest stretch of column names that repeats a run of two or more distinct
/// names at least twice, back to back: (first column, run length, runs).
fn repeated_run(names: &[Option<String>]) -> Option<(usize, usize, usize)> {
    let mut best: Option<(usize, usize, usize)> = None;
    for period in 2..=names.len() / 2 {
        for from in 0..names.len() {
            let run = &names[from..(from + period).min(names.len())];
            let distinct = run.len() == period
                && run.iter().all(Option::is_some)
                && (1..period).all(|i| !run[..i].contains(&run[i]));
            if !distinct {
                continue;
            }
            let mut runs = 1;
            while names.get(from + (runs + 1) * period - 1).is_some()
                && (0..period).all(|j| names[from + runs * period + j] == run[j])
            {
                runs += 1;
            }
            if runs >= 2 && best.is_none_or(|b| period * runs > b.1 * b.2) {
                best = Some((from, period, runs));
            }
        }
    }
    best
}

/// Header cells from the pieces: pieces over several columns are spanning rows above
/// the column header (one row per header line that has them); the pieces over one
/// column, all lines stacked, are the column header row.
pub(super) fn header_cells(pieces: &[Piece], ncols: usize, page: u32) -> Vec<Cell> {
    let mut span_lines: Vec<usize> = pieces
        .iter()
        .filter(|p| p.cols.1 > p.cols.0)
        .map(|p| p.line)
        .collect();
    span_lines.sort_unstable();
    span_lines.dedup();
    let mut cells = Vec::new();
    for p in pieces.iter().filter(|p| p.cols.1 > p.cols.0) {
        let row = span_lines.iter().position(|l| *l == p.line).unwrap_or(0);
        let mut c = cell(
            row,
            p.cols.0,
            p.cols.1 - p.cols.0 + 1,
            p.text.clone(),
            p.bbox,
            page,
            p.bold,
        );
        c.col_span = p.cols.1 - p.cols.0 + 1;
        cells.push(c);
    }
    let row = span_lines.len();
    for c in 0..ncols {
        let mine: Vec<&Piece> = pieces
            .iter()
            .filter(|p| p.cols.0 == c && p.cols.1 == c)
            .collect();
        let Some(b) = BBox::union_all(mine.iter().map(|p| &p.bbox)) else {
            cells.push(cell(
                row,
                c,
                1,
                String::new(),
                BBox::new(0.0, 0.0, 0.0, 0.0),
                page,
                None,
            ));
            continue;
        };
        let text: Vec<&str> = mine.iter().map(|p| p.text.as_str()).collect();
        let bold = mine
            .iter()
            .try_fold(true, |acc, p| p.bold.map(|x| acc && x));
        cells.push(cell(row, c, 1, text.join(" "), b, page, bold));
    }
    if cells.iter().all(|c| c.text.is_empty()) {
        return Vec::new();
    }
    cells.sort_by_key(|c| (c.row, c.col));
    cells
}

pub(super) fn cell(
    row: usize,
    col: usize,
    span: usize,
    text: String,
    b: BBox,
    page: u32,
    bold: Option<bool>,
) -> Cell {
    Cell {
        row,
        col,
        row_span: 1,
        col_span: span,
        text,
        prov: Provenance {
            page,
            bbox: b.rounded(),
        },
        bold,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// h4-gallarate-piao-2025 by enscript, p. 2 (Courier 7 pt, `inspect --words`):
    /// the header's three lines, the years on the third, and two body rows.
    fn gallarate_top() -> Vec<crate::layout::Word> {
        // (baseline, [(text, x0, x1)])
        type Line<'a> = (f64, &'a [(&'a str, f64, f64)]);
        let lines: [Line; 5] = [
            (
                103.4,
                &[
                    ("Obiettivo", 45.0, 82.8),
                    ("di", 87.0, 95.4),
                    ("valore", 99.6, 124.8),
                    ("Cod.", 137.4, 154.2),
                    ("Obiettivo", 171.0, 208.8),
                    ("operativo", 213.0, 250.8),
                    ("Indicatore", 385.2, 427.2),
                    ("Valore", 481.8, 507.0),
                    ("Valore", 540.6, 565.8),
                    ("Valore", 599.4, 624.6),
                    ("Struttura", 658.2, 696.0),
                ],
            ),
            (
                111.4,
                &[
                    ("pubblico", 45.0, 78.6),
                    ("obiettivo", 481.8, 519.6),
                    ("obiettivo", 540.6, 578.4),
                    ("obiettivo", 599.4, 637.2),
                    ("responsabile", 658.2, 708.6),
                ],
            ),
            (
                119.4,
                &[
                    ("2025", 481.8, 498.6),
                    ("2026", 540.6, 557.4),
                    ("2027", 599.4, 616.2),
                ],
            ),
            (
                127.4,
                &[
                    ("Una", 45.0, 57.6),
                    ("OP", 137.4, 145.8),
                    ("1", 150.0, 154.2),
                    ("Manutenzione", 171.0, 221.4),
                    ("Stato", 385.2, 406.2),
                    ("100%", 481.8, 498.6),
                    ("100%", 540.6, 557.4),
                    ("100%", 599.4, 616.2),
                    ("Settore", 658.2, 687.6),
                ],
            ),
            (
                159.4,
                &[
                    ("Plessi", 385.2, 410.4),
                    ("resi", 414.6, 431.4),
                    ("conformi", 435.6, 469.2),
                    ("4", 481.8, 486.0),
                    ("5", 540.6, 544.8),
                    ("6", 599.4, 603.6),
                ],
            ),
        ];
        lines
            .iter()
            .flat_map(|(bottom, ws)| {
                ws.iter().map(move |(t, a, b)| crate::layout::Word {
                    text: t.to_string(),
                    page: 2,
                    bbox: BBox::new(*a, bottom - 7.0, *b, *bottom),
                    size: 7.0,
                    dir: 0,
                    bold: Some(false),
                    space_after: false,
                    origin: Default::default(),
                })
            })
            .collect()
    }

    /// The header's line of years under its `Valore obiettivo` names is the header's
    /// (three lines), not the first row of numbers; the row of `100%` under it is.
    #[test]
    fn a_line_of_years_under_the_names_is_the_headers() {
        let ws = gallarate_top();
        let refs: Vec<&crate::layout::Word> = ws.iter().collect();
        let tol = GridTolerances::default();
        let rows = region::text_rows(&refs, &tol);
        let gutters = [
            (124.8, 137.4),
            (154.2, 171.0),
            (250.8, 385.2),
            (469.2, 481.8),
            (519.6, 540.6),
            (578.4, 599.4),
            (637.2, 658.2),
        ];
        assert_eq!(rows.len(), 5);
        assert!(years_under_names(&rows, 2, &gutters));
        assert!(!years_under_names(&rows, 3, &gutters));
        assert_eq!(header_lines(&rows, &gutters, &[], &tol), Some(3));
    }

    /// A header piece on `line` over columns `cols`, 7 pt high.
    fn piece(text: &str, x0: f64, x1: f64, line: usize, cols: (usize, usize)) -> Piece {
        let top = 105.92 + 17.0 * line as f64;
        Piece {
            text: text.to_string(),
            bbox: BBox::new(x0, top, x1, top + 7.0),
            bold: Some(true),
            cols,
            line,
        }
    }

    /// h10-barga--reportlab-hrules p. 2: the header's two lines, the columns' text
    /// starts (gutter ends) and the table's text from 45.52 to 786.72.
    fn barga() -> (Vec<Piece>, Vec<(f64, f64)>) {
        let names = [
            ("Cod.", 45.52, 59.72),
            ("Obiettivo operativo", 125.95, 184.08),
            ("Responsabile", 227.39, 266.68),
            ("N.", 309.42, 316.22),
            ("Descrizione", 348.24, 382.84),
            ("Modalità di calcolo", 469.79, 526.95),
            ("2025", 597.21, 611.21),
            ("2026", 655.77, 669.77),
            ("2027", 714.33, 728.33),
            ("Peso", 773.11, 786.72),
        ];
        let mut pieces = vec![
            piece("Indicatore", 434.76, 465.87, 0, (4, 4)),
            piece("Target", 672.05, 692.27, 0, (7, 7)),
        ];
        pieces.extend(
            names
                .iter()
                .enumerate()
                .map(|(c, (t, a, b))| piece(t, *a, *b, 1, (c, c))),
        );
        let gutters = names.windows(2).map(|w| (w[0].2 + 10.0, w[1].1)).collect();
        (pieces, gutters)
    }

    #[test]
    fn a_group_name_centred_over_its_columns_spans_them() {
        let tol = GridTolerances::default();
        let (mut pieces, gutters) = barga();
        center_groups(&mut pieces, &gutters, 45.52, 786.72, &tol);
        assert_eq!(
            pieces[0].cols,
            (3, 5),
            "Indicatore over N. .. Modalità di calcolo"
        );
        assert_eq!(pieces[1].cols, (6, 8), "Target over 2025 .. 2027");
        assert!(pieces[2..].iter().all(|p| p.cols.0 == p.cols.1));
    }

    #[test]
    fn a_names_first_line_lined_up_with_its_rest_stays_in_its_column() {
        let tol = GridTolerances::default();
        // Barga's `Target` (centred 3 pt off its three columns) over a `2026` set
        // flush right with it, then both centred in the column (three columns of one
        // width: the group and the wrapped name cannot be told apart): one name each
        for (target, under) in [
            ((672.05, 692.27), (678.27, 692.27)),
            ((674.95, 695.15), (678.05, 692.05)),
        ] {
            let (mut pieces, gutters) = barga();
            pieces[1] = piece("Target", target.0, target.1, 0, (7, 7));
            pieces[9] = piece("2026", under.0, under.1, 1, (7, 7));
            center_groups(&mut pieces, &gutters, 45.52, 786.72, &tol);
            assert_eq!(pieces[1].cols, (7, 7), "{target:?} over {under:?}");
            assert_eq!(pieces[0].cols, (3, 5));
        }
    }

    /// Words of `size` pt, each `(text, x0, x1, baseline)`, as text rows.
    fn rows_of(spec: &[(&str, f64, f64, f64)], size: f32) -> Vec<Word> {
        spec.iter()
            .map(|(t, a, b, y)| Word {
                text: t.to_string(),
                page: 2,
                bbox: BBox::new(*a, y - f64::from(size), *b, *y),
                size,
                dir: 0,
                bold: Some(false),
                space_after: false,
                origin: Default::default(),
            })
            .collect()
    }

    /// Gutters 6 pt wide ending where each column's text starts.
    fn gutters_at(starts: &[f64]) -> Vec<(f64, f64)> {
        starts.iter().map(|s| (s - 6.0, *s)).collect()
    }

    #[test]
    fn a_header_naming_its_columns_by_year_goes_on_under_them() {
        let tol = GridTolerances::default();
        // h12-grosseto by pdf-lib (unruled), p. 2: `Target` over `2025 | 2026 |
        // 2027`, `Baseline` over `2024`, then the first objective's row
        let ws = rows_of(
            &[
                ("Target", 645.80, 671.81, 145.04),
                ("Codice", 45.52, 72.03, 157.44),
                ("Obiettivo", 104.54, 140.51, 157.44),
                ("operativo", 142.95, 179.82, 157.44),
                ("Stakeholder", 207.42, 255.00, 157.44),
                ("Risorse", 294.09, 323.26, 157.44),
                ("umane", 325.69, 352.27, 157.44),
                ("Indicatore", 403.99, 444.75, 157.44),
                ("Baseline", 546.54, 580.25, 157.44),
                ("2025", 600.71, 620.19, 157.44),
                ("2026", 641.44, 660.92, 157.44),
                ("2027", 682.17, 701.65, 157.44),
                ("Tempistica", 722.90, 766.15, 157.44),
                ("2024", 546.54, 566.03, 165.84),
                ("OB.01.01", 45.52, 78.67, 178.24),
                ("Attuazione", 104.54, 142.70, 178.24),
                ("Organi", 207.42, 231.90, 178.24),
                ("1", 294.09, 298.54, 178.24),
                ("Dipendenti", 403.99, 443.15, 178.24),
                ("50%", 546.54, 562.10, 178.24),
                ("54%", 600.71, 616.27, 178.24),
                ("58%", 641.44, 657.00, 178.24),
                ("62%", 682.17, 697.73, 178.24),
                ("IV", 722.90, 730.72, 178.24),
                ("formazione", 104.54, 144.30, 186.64),
                ("operatore", 294.09, 328.96, 186.64),
            ],
            7.0,
        );
        let refs: Vec<&Word> = ws.iter().collect();
        let rows = region::text_rows(&refs, &tol);
        let gutters = gutters_at(&[
            104.54, 207.42, 294.09, 403.99, 546.54, 600.71, 641.44, 682.17, 722.90,
        ]);
        assert_eq!(header_lines(&rows, &gutters, &[], &tol), Some(3));
        // h13-fidenza by Impress (unruled), p. 2: `Valore atteso` over `2025`, a
        // group row of one piece, then the first objective's row
        let ws = rows_of(
            &[
                ("Cod.", 43.09, 57.14, 114.11),
                ("Obiettivo", 176.91, 204.60, 114.11),
                ("Grado", 326.21, 345.52, 114.11),
                ("Indicatore", 389.59, 420.49, 114.11),
                ("Valore", 546.21, 566.31, 114.11),
                ("atteso", 568.20, 585.61, 114.11),
                ("Valore", 605.59, 625.70, 114.11),
                ("atteso", 627.58, 644.99, 114.11),
                ("Valore", 665.29, 685.39, 114.11),
                ("atteso", 687.28, 704.69, 114.11),
                ("Tempistica", 724.90, 757.78, 114.11),
                ("importanza", 326.21, 360.52, 121.90),
                ("2025", 546.21, 560.11, 121.90),
                ("2026", 605.59, 619.50, 121.90),
                ("2027", 665.29, 679.20, 121.90),
                ("realizzazione", 724.90, 763.60, 121.90),
                ("Settore", 43.09, 62.69, 134.29),
                ("Affari", 64.49, 81.42, 134.29),
                ("1.1", 43.09, 51.78, 146.59),
                ("Attuazione", 176.91, 207.40, 146.59),
                ("Media", 326.21, 344.02, 146.59),
                ("Dipendenti", 389.59, 420.54, 146.59),
                ("57%", 546.21, 559.04, 146.59),
                ("60%", 605.59, 618.43, 146.59),
                ("63%", 665.29, 678.13, 146.59),
                ("30/09/2025", 724.90, 756.61, 146.59),
            ],
            7.002,
        );
        let refs: Vec<&Word> = ws.iter().collect();
        let rows = region::text_rows(&refs, &tol);
        let gutters = gutters_at(&[176.91, 326.21, 389.59, 546.21, 605.59, 665.29, 724.90]);
        assert_eq!(header_lines(&rows, &gutters, &[], &tol), Some(2));
    }

    #[test]
    fn a_body_row_with_one_year_beside_its_name_is_a_row_of_numbers() {
        let tol = GridTolerances::default();
        // a column of completion years beside a column of values: the first row
        // names its objective and one year, and no value; it is the body's first
        // row, not a header line naming a year
        let ws = rows_of(
            &[
                ("Obiettivo", 45.0, 80.0, 100.0),
                ("Anno", 200.0, 218.0, 100.0),
                ("Valore", 300.0, 324.0, 100.0),
                ("Asfaltature", 45.0, 90.0, 112.0),
                ("2025", 200.0, 214.0, 112.0),
                ("Scuole", 45.0, 70.0, 124.0),
                ("2026", 200.0, 214.0, 124.0),
                ("15", 300.0, 307.0, 124.0),
                ("Ponti", 45.0, 66.0, 136.0),
                ("2027", 200.0, 214.0, 136.0),
                ("30", 300.0, 307.0, 136.0),
            ],
            7.0,
        );
        let refs: Vec<&Word> = ws.iter().collect();
        let rows = region::text_rows(&refs, &tol);
        let gutters = gutters_at(&[200.0, 300.0]);
        let numeric = numeric_columns(&rows, &gutters, &tol);
        assert_eq!(numeric, vec![false, true, true]);
        assert!(!names_years(&rows[1], &gutters, &numeric));
        assert_eq!(header_lines(&rows, &gutters, &[], &tol), Some(1));
    }

    #[test]
    fn a_group_name_centred_by_chance_over_more_columns_spans_the_fewest() {
        let tol = GridTolerances::default();
        // h12-grosseto by pdf-lib, p. 2, Area 2: `Target` 614.39..640.40 stands
        // within 3 pt of the centre of `2025 .. 2027` and within 0.4 pt of the centre
        // of `Baseline .. Tempistica`; it heads the years
        let names = [
            ("Codice", 45.52, 72.03),
            ("Obiettivo operativo", 98.54, 173.82),
            ("Stakeholder", 191.97, 239.55),
            ("Risorse umane", 272.60, 330.78),
            ("Indicatore", 366.79, 407.55),
            ("Baseline", 467.72, 501.42),
            ("2025", 528.92, 548.41),
            ("2026", 596.57, 616.05),
            ("2027", 664.22, 683.70),
            ("Tempistica", 731.86, 775.12),
        ];
        let mut pieces = vec![piece("Target", 614.39, 640.40, 0, (7, 7))];
        pieces.extend(
            names
                .iter()
                .enumerate()
                .map(|(c, (t, a, b))| piece(t, *a, *b, 1, (c, c))),
        );
        let gutters: Vec<(f64, f64)> = names.windows(2).map(|w| (w[0].2 + 5.0, w[1].1)).collect();
        center_groups(&mut pieces, &gutters, 45.52, 787.83, &tol);
        assert_eq!(pieces[0].cols, (6, 8));
    }

    fn names(ns: &[&str]) -> Vec<Option<String>> {
        ns.iter()
            .map(|n| (!n.is_empty()).then(|| n.to_lowercase()))
            .collect()
    }

    #[test]
    fn a_run_of_names_printed_twice_is_found() {
        // h11-campibisenzio's column names (dompdf, Prawn): two runs of three
        let ns = names(&[
            "Cod.",
            "Obiettivo operativo",
            "Indicatore",
            "Target",
            "Consuntivo",
            "Scostamento",
            "Target",
            "Consuntivo",
            "Scostamento",
        ]);
        assert_eq!(repeated_run(&ns), Some((3, 3, 2)));
    }

    #[test]
    fn names_that_repeat_nothing_have_no_run() {
        // h11-voghiera's card labels, and a blank column among names
        let ns = names(&["Responsabile", "Servizio", "Peso", "Scadenza"]);
        assert_eq!(repeated_run(&ns), None);
        let ns = names(&["Target", "", "Target", ""]);
        assert_eq!(repeated_run(&ns), None);
    }
}
