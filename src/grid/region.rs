//! Where a page's text forms a table, from its alignment alone (no vocabulary).
//!
//! Like camelot's stream flavour and pdfplumber's text strategy, but with the table's
//! extent found first: words on one baseline form a text row; rows that follow each
//! other closely form a run; inside a run, the x-ranges that (almost) no row's words
//! cover are the gutters between columns, and a run is a table when at least two
//! columns hold short texts (two columns of running text are a page layout, a
//! column of bullets beside running text is a list).

use crate::config::GridTolerances;
use crate::geom::BBox;
use crate::layout::Word;
use crate::normalize::fold;

/// Words on one baseline, left to right.
#[derive(Debug, Clone)]
pub(crate) struct TextRow<'w> {
    /// Its words, left to right.
    pub words: Vec<&'w Word>,
    /// Box of its words.
    pub bbox: BBox,
    /// Pieces of text separated by gaps wider than `segment_gap_em`.
    pub segments: usize,
}

impl TextRow<'_> {
    fn text(&self) -> String {
        let t: Vec<&str> = self.words.iter().map(|w| w.text.as_str()).collect();
        fold(&t.join(" "))
    }
    fn size(&self) -> f64 {
        self.words
            .iter()
            .map(|w| f64::from(w.size))
            .fold(1.0, f64::max)
    }
}

/// A table found in the text: its rows (top to bottom) and the gutters between its
/// columns (left to right).
#[derive(Debug, Clone)]
pub(crate) struct Region<'w> {
    /// Text rows of the table, top to bottom.
    pub rows: Vec<TextRow<'w>>,
    /// White x-intervals between columns.
    pub gutters: Vec<(f64, f64)>,
    /// Its first row opens its run (no heading trimmed above it).
    opens_run: bool,
    /// Its last row closes its run (no note trimmed below it).
    closes_run: bool,
}

impl<'w> Region<'w> {
    /// A region given by other means (a ruled grid's area and its column rules).
    pub(crate) fn new(rows: Vec<TextRow<'w>>, gutters: Vec<(f64, f64)>) -> Self {
        Region {
            rows,
            gutters,
            opens_run: true,
            closes_run: true,
        }
    }
}

/// Words grouped into text rows: a word joins the row whose baseline is within
/// [`GridTolerances::fragment_row_em`] of its own.
pub(crate) fn text_rows<'w>(words: &[&'w Word], tol: &GridTolerances) -> Vec<TextRow<'w>> {
    let mut ws: Vec<&Word> = words.to_vec();
    ws.sort_by(|a, b| {
        a.bbox
            .bottom
            .total_cmp(&b.bbox.bottom)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut rows: Vec<Vec<&Word>> = Vec::new();
    for w in ws {
        let near = tol.fragment_row_em * f64::from(w.size.max(1.0));
        match rows.last_mut() {
            Some(r) if (r[0].bbox.bottom - w.bbox.bottom).abs() <= near => r.push(w),
            _ => rows.push(vec![w]),
        }
    }
    rows.into_iter()
        .filter_map(|mut r| {
            r.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
            let bbox = BBox::union_all(r.iter().map(|w| &w.bbox))?;
            if justified(&r, tol) {
                return Some(TextRow {
                    words: r,
                    bbox,
                    segments: 1,
                });
            }
            let segments = 1 + r
                .windows(2)
                .filter(|p| {
                    let em = f64::from(p[0].size.max(p[1].size).max(1.0));
                    p[1].bbox.x0 - p[0].bbox.x1 > tol.segment_gap_em * em
                })
                .count();
            Some(TextRow {
                words: r,
                bbox,
                segments,
            })
        })
        .collect()
}

/// A line of justified running text: at least `justified_min_words` words, spaced
/// alike (the widest gap at most `justified_gap_ratio` times the narrowest) and at
/// most `justified_max_gap_em` apart. Its stretched spaces can be wider than a
/// column gap, but it is one piece of text (Writer's justified paragraphs in 003 and
/// 004). A table row's gaps differ: word spaces inside cells, wider ones between.
fn justified(words: &[&Word], tol: &GridTolerances) -> bool {
    if words.len() < tol.justified_min_words {
        return false;
    }
    let gaps: Vec<f64> = words
        .windows(2)
        .map(|p| p[1].bbox.x0 - p[0].bbox.x1)
        .collect();
    let lo = gaps.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = gaps.iter().copied().fold(0.0, f64::max);
    let em = words.iter().map(|w| f64::from(w.size)).fold(1.0, f64::max);
    lo > 0.0 && hi <= tol.justified_gap_ratio * lo && hi <= tol.justified_max_gap_em * em
}

/// The tables among a page's text rows (top to bottom).
pub(crate) fn find<'w>(rows: Vec<TextRow<'w>>, tol: &GridTolerances) -> Vec<Region<'w>> {
    let mut out: Vec<Region> = Vec::new();
    for run in runs(rows, tol) {
        let parts: Vec<Vec<TextRow>> = split_at_headings(run, tol)
            .into_iter()
            .flat_map(|p| split_at_repeated_header(p, tol))
            .collect();
        let n = parts.len();
        for (i, part) in parts.into_iter().enumerate() {
            let Some(mut r) = region_of(part, tol) else {
                continue;
            };
            // a table cut at a repeated header neither closes nor opens a run
            r.opens_run &= i == 0;
            r.closes_run &= i + 1 == n;
            match out.last_mut() {
                Some(prev) if continues(prev, &r) => {
                    prev.rows.append(&mut r.rows);
                    prev.closes_run = r.closes_run;
                }
                _ => out.push(r),
            }
        }
    }
    out
}

/// Whether `next` is the rest of `prev` set further apart than a run allows: nothing
/// lies between them, and most of its gutters lie in `prev`'s (a column empty above
/// may hold text below) (LibreOffice
/// sets a tall cell's neighbours at the cell's bottom, leaving blank space of many
/// lines inside a table; 001-calc-unruled).
fn continues(prev: &Region, next: &Region) -> bool {
    let shared = next
        .gutters
        .iter()
        .filter(|g| prev.gutters.iter().any(|p| p.0 < g.1 && g.0 < p.1))
        .count();
    prev.closes_run && next.opens_run && shared * 2 > next.gutters.len().max(1)
}

/// Rows that follow each other closely: a gap wider than `run_gap_lines` line heights
/// ends a run (tables keep blank lines between groups of rows; a table and the text
/// after it are set further apart).
fn runs<'w>(rows: Vec<TextRow<'w>>, tol: &GridTolerances) -> Vec<Vec<TextRow<'w>>> {
    let mut out: Vec<Vec<TextRow>> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(run)
                if run.last().is_some_and(|p| {
                    r.bbox.top - p.bbox.bottom <= tol.run_gap_lines * p.bbox.height()
                }) =>
            {
                run.push(r)
            }
            _ => out.push(vec![r]),
        }
    }
    out
}

/// A line of one piece in a larger or smaller font than the run's usual one is a
/// heading between two tables (000-calc-unruled: `SILOS: CURO` at 9 pt between
/// tables set at 7.5 pt); the run is cut before it.
fn split_at_headings<'w>(run: Vec<TextRow<'w>>, tol: &GridTolerances) -> Vec<Vec<TextRow<'w>>> {
    let mut sizes: Vec<f64> = run.iter().map(|r| r.size()).collect();
    sizes.sort_by(f64::total_cmp);
    let usual = sizes.get(sizes.len() / 2).copied().unwrap_or(1.0);
    let heading = |r: &TextRow| {
        let ratio = r.size() / usual;
        r.segments < 2 && (ratio > tol.heading_size_ratio || ratio * tol.heading_size_ratio < 1.0)
    };
    let mut out: Vec<Vec<TextRow>> = Vec::new();
    let mut prev_heading = true;
    for r in run {
        let h = heading(&r);
        if h && !prev_heading || out.is_empty() {
            out.push(Vec::new());
        }
        prev_heading = h;
        if let Some(last) = out.last_mut() {
            last.push(r);
        }
    }
    out
}

/// A run that prints the same row twice holds two tables (seed 000: each silo's table
/// repeats the header under its own heading): it is cut before the repeat.
fn split_at_repeated_header<'w>(
    run: Vec<TextRow<'w>>,
    tol: &GridTolerances,
) -> Vec<Vec<TextRow<'w>>> {
    let Some(first) = run.iter().position(|r| r.segments >= 2) else {
        return vec![run];
    };
    let head = run[first].text();
    let cuts: Vec<usize> = (first + 1..run.len())
        .filter(|&i| run[i].segments >= 2 && run[i].text() == head)
        .collect();
    let mut out = Vec::new();
    let mut rest = run;
    for &c in cuts.iter().rev() {
        // the headings printed just above the repeat go with it; lines that follow the
        // row above at the table's leading are that row's wrapped text
        let mut start = c;
        while start > first + 1 && rest[start - 1].segments < 2 {
            start -= 1;
        }
        while start < c && !set_apart(&rest[start - 1], &rest[start], tol) {
            start += 1;
        }
        out.push(rest.split_off(start));
    }
    out.push(rest);
    out.reverse();
    out
}

/// Whether `next` stands further below `prev` than `trailing_gap_lines` of its height.
fn set_apart(prev: &TextRow, next: &TextRow, tol: &GridTolerances) -> bool {
    next.bbox.top - prev.bbox.bottom > tol.trailing_gap_lines * line_height(prev)
}

/// The table in a run, if it is one: leading rows of one piece (titles, headings) are
/// trimmed, gutters are found, and the columns must hold short texts.
fn region_of<'w>(mut rows: Vec<TextRow<'w>>, tol: &GridTolerances) -> Option<Region<'w>> {
    let first = rows.iter().position(|r| r.segments >= 2)?;
    let total = rows.len();
    let mut above: Vec<TextRow> = rows.drain(..first).collect();
    let last = rows.iter().rposition(|r| r.segments >= 2)?;
    // after the last row of several pieces, keep lines that follow at the run's pitch
    // (a cell's wrapped lines), not notes set apart
    let mut end = last + 1;
    while end < rows.len() {
        if set_apart(&rows[end - 1], &rows[end], tol) {
            break;
        }
        end += 1;
    }
    rows.truncate(end);
    if rows.len() < tol.min_table_rows {
        return None;
    }
    let mut gutters = gutters(&rows, tol);
    // a title that runs over most of the columns is not a table row (spanning header
    // names run over some)
    let lead = rows
        .iter()
        .take_while(|r| r.segments < 2 || 2 * crossed(r, &gutters, tol) > gutters.len())
        .count();
    if lead > 0 {
        above.extend(rows.drain(..lead));
        gutters = self::gutters(&rows, tol);
    }
    if gutters.is_empty() || rows.len() < tol.min_table_rows {
        return None;
    }
    // a name of one piece right above the header, over the columns right of the
    // first (`Target` over `2025 | 2026 | 2027`), is a spanning header row
    let (_, hi) = extent(&rows);
    let mut kept = 0;
    while let Some(r) = above.pop() {
        let close = rows.first().is_some_and(|n| !set_apart(&r, n, tol));
        let over = gutters.first().is_some_and(|g| r.bbox.x0 >= g.1) && r.bbox.x1 <= hi;
        if !(close && over && r.segments < 2) {
            break;
        }
        rows.insert(0, r);
        kept += 1;
    }
    let region = Region {
        opens_run: first + lead == kept,
        closes_run: first + end == total,
        rows,
        gutters,
    };
    is_table(&region, tol).then_some(region)
}

/// How many gutters one of the row's pieces of text runs across.
fn crossed(r: &TextRow, gutters: &[(f64, f64)], tol: &GridTolerances) -> usize {
    let sp = spans(r, tol.segment_gap_em * r.size());
    gutters
        .iter()
        .filter(|g| sp.iter().any(|s| s.0 < g.0 && s.1 > g.1))
        .count()
}

/// Merged x-spans of a row's words (gaps narrower than `min_gutter` closed).
fn spans(r: &TextRow, min_gutter: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    for w in &r.words {
        match out.last_mut() {
            Some(s) if w.bbox.x0 - s.1 < min_gutter => s.1 = s.1.max(w.bbox.x1),
            _ => out.push((w.bbox.x0, w.bbox.x1)),
        }
    }
    out
}

/// White x-intervals at least `min_gutter` wide, inside the rows' extent, that no row
/// of several pieces crosses below the table's top rows (rows of one piece, a group
/// title or a note, may cross; so may the first `max_header_lines` rows, a spanning
/// header, when enough rows remain), each with words starting right of it in at least
/// `min_col_starts` rows.
pub(crate) fn gutters(rows: &[TextRow], tol: &GridTolerances) -> Vec<(f64, f64)> {
    let multi: Vec<&TextRow> = rows.iter().filter(|r| r.segments >= 2).collect();
    let skip = tol
        .max_header_lines
        .min(multi.len() / tol.header_share_divisor.max(1));
    let (lo, hi) = extent(rows);
    let mut out = white(&multi, lo, hi, tol);
    // gutters that only the top rows cross (a spanning header)
    for g in white(&multi[skip..], lo, hi, tol) {
        if !out.iter().any(|o| o.0 < g.1 && g.0 < o.1) {
            out.push(g);
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    // a column is where words start: drop gutters with too few starts right of them
    let starts = |a: f64, b: f64| {
        rows.iter()
            .filter(|r| r.words.iter().any(|w| w.bbox.x0 >= a && w.bbox.x0 < b))
            .count()
    };
    let mut kept: Vec<(f64, f64)> = Vec::new();
    for (i, g) in out.iter().enumerate() {
        let next = out.get(i + 1).map_or(f64::INFINITY, |n| n.0);
        if starts(g.1, next) >= tol.min_col_starts {
            kept.push(*g);
        }
    }
    kept
}

/// X-intervals at least `min_gutter` wide, strictly inside `lo..hi`, that no row's
/// words cover.
fn white(rows: &[&TextRow], lo: f64, hi: f64, tol: &GridTolerances) -> Vec<(f64, f64)> {
    let mut events: Vec<(f64, i32)> = Vec::new();
    for r in rows {
        for (a, b) in spans(r, tol.min_gutter) {
            events.push((a, 1));
            events.push((b, -1));
        }
    }
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut depth = 0;
    let mut open: Option<f64> = None;
    for (x, d) in events {
        let before = depth;
        depth += d;
        if before > 0 && depth == 0 {
            open = Some(x);
        } else if before == 0
            && depth > 0
            && let Some(a) = open.take()
            && x - a >= tol.min_gutter
            && a > lo
            && x < hi
        {
            out.push((a, x));
        }
    }
    out
}

fn extent(rows: &[TextRow]) -> (f64, f64) {
    rows.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| {
            (a.min(r.bbox.x0), b.max(r.bbox.x1))
        })
}

/// Column of an x position given the gutters (a word belongs where it starts).
pub(crate) fn column_at(x: f64, gutters: &[(f64, f64)]) -> usize {
    gutters.iter().take_while(|g| x >= g.1).count()
}

/// A run is a table when enough rows fill two columns or more and at least
/// `min_plain_cols` columns hold short texts: a column whose lines hold a median of
/// `prose_min_words` words or more is running text.
fn is_table(r: &Region, tol: &GridTolerances) -> bool {
    let ncols = r.gutters.len() + 1;
    let mut per_col: Vec<Vec<usize>> = vec![Vec::new(); ncols];
    let mut split_rows = 0;
    for row in &r.rows {
        let mut counts = vec![0usize; ncols];
        for w in &row.words {
            counts[column_at(w.bbox.x0, &r.gutters)] += 1;
        }
        if counts.iter().filter(|&&n| n > 0).count() >= 2 {
            split_rows += 1;
        }
        for (c, n) in counts.into_iter().enumerate() {
            if n > 0 {
                per_col[c].push(n);
            }
        }
    }
    let plain = per_col
        .iter_mut()
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.sort_unstable();
            v[v.len() / 2]
        })
        .filter(|m| (*m as f64) < tol.prose_min_words)
        .count();
    split_rows >= tol.min_split_rows && plain >= tol.min_plain_cols
}

/// Height of a row's text, for gaps measured in lines.
pub(crate) fn line_height(r: &TextRow) -> f64 {
    r.bbox.height()
}

/// Whether a cell's text reads as a number: a digit, and otherwise only characters
/// that print numbers (`44.8`, `$33,200`, `(102.7–103.6)`, `85,29%`, `–`).
pub(crate) fn is_numeric(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || ".,%()+-–−$€£*/:'".contains(c) || c == '\u{2013}')
}

/// Words of a text row in column `c`.
pub(crate) fn in_col<'w>(r: &TextRow<'w>, c: usize, gutters: &[(f64, f64)]) -> Vec<&'w Word> {
    r.words
        .iter()
        .copied()
        .filter(|w| column_at(w.bbox.x0, gutters) == c)
        .collect()
}

pub(crate) fn col_text(ws: &[&Word]) -> String {
    ws.iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Columns whose texts are mostly numbers (at least `numeric_share` of their cells).
pub(crate) fn numeric_columns(
    rows: &[TextRow],
    gutters: &[(f64, f64)],
    tol: &GridTolerances,
) -> Vec<bool> {
    (0..=gutters.len())
        .map(|c| {
            let texts: Vec<String> = rows
                .iter()
                .map(|r| col_text(&in_col(r, c, gutters)))
                .filter(|t| !t.is_empty())
                .collect();
            let n = texts.iter().filter(|t| is_numeric(t)).count();
            !texts.is_empty() && n as f64 >= tol.numeric_share * texts.len() as f64
        })
        .collect()
}

/// Horizontal extent of each column's body text.
pub(crate) fn extents(rows: &[TextRow], gutters: &[(f64, f64)]) -> Vec<Option<(f64, f64)>> {
    let mut out: Vec<Option<(f64, f64)>> = vec![None; gutters.len() + 1];
    for w in rows.iter().flat_map(|r| r.words.iter()) {
        let e = &mut out[column_at(w.bbox.x0, gutters)];
        *e = Some(e.map_or((w.bbox.x0, w.bbox.x1), |(a, b)| {
            (a.min(w.bbox.x0), b.max(w.bbox.x1))
        }));
    }
    out
}

pub(crate) fn insert_gutter(gutters: &mut Vec<(f64, f64)>, g: (f64, f64)) {
    let i = gutters.iter().take_while(|o| o.0 < g.0).count();
    gutters.insert(i, g);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word of 9 pt Helvetica on the baseline `bottom`, from `x0` to `x1`.
    fn word(text: &str, x0: f64, x1: f64, bottom: f64) -> Word {
        Word {
            text: text.to_string(),
            page: 1,
            bbox: BBox::new(x0, bottom - 9.0, x1, bottom),
            size: 9.0,
            dir: 0,
            bold: Some(false),
            space_after: false,
        }
    }

    #[test]
    fn a_justified_line_is_one_piece_a_table_row_several() {
        let tol = GridTolerances::default();
        // Writer's justified paragraph (003 p. 16): every space stretched to 9.5 pt
        let prose: Vec<Word> = ["competenza,", "con", "riferimento", "agli", "strumenti"]
            .iter()
            .enumerate()
            .map(|(i, t)| word(t, 50.0 + 60.0 * i as f64, 100.5 + 60.0 * i as f64, 100.0))
            .collect();
        let refs: Vec<&Word> = prose.iter().collect();
        assert!(justified(&refs, &tol));
        assert_eq!(text_rows(&refs, &tol)[0].segments, 1);
        // a row of a statistical table: word spaces inside the label, wide gaps after
        let row = [
            word("North", 50.0, 75.0, 100.0),
            word("office", 77.5, 103.0, 100.0),
            word("1,204", 200.0, 225.0, 100.0),
            word("35.2", 300.0, 318.0, 100.0),
        ];
        let refs: Vec<&Word> = row.iter().collect();
        assert!(!justified(&refs, &tol));
        assert_eq!(text_rows(&refs, &tol)[0].segments, 3);
    }

    #[test]
    fn gutters_hold_over_the_rows_a_spanning_top_row_may_cross() {
        let tol = GridTolerances::default();
        let mut words = vec![
            // a spanning name over both number columns, crossing their gutter
            word("Requests", 200.0, 240.0, 80.0),
            word("handled", 242.5, 320.0, 80.0),
        ];
        for (i, (a, b)) in [("1,204", "35.2"), ("987", "41.0"), ("1,530", "28.7")]
            .iter()
            .enumerate()
        {
            let y = 91.0 + 11.0 * i as f64;
            words.push(word("Office", 50.0, 80.0, y));
            words.push(word(a, 200.0, 225.0, y));
            words.push(word(b, 300.0, 318.0, y));
        }
        let refs: Vec<&Word> = words.iter().collect();
        let rows = text_rows(&refs, &tol);
        assert_eq!(rows.len(), 4);
        let g = gutters(&rows, &tol);
        assert_eq!(g.len(), 2, "{g:?}");
        assert!(g[0].0 >= 80.0 && g[0].1 <= 200.0);
        assert!(g[1].0 >= 225.0 && g[1].1 <= 300.0);
    }

    #[test]
    fn numbers_read_as_numbers() {
        for t in ["44.8", "$33,200", "(102.7–103.6)", "85,29%", "1 204", "-32"] {
            assert!(is_numeric(t), "{t}");
        }
        for t in [
            "Total",
            "25.29.4.1.05_",
            "1= fatto 0= non fatto",
            "PK–12",
            "",
        ] {
            assert!(!is_numeric(t), "{t}");
        }
    }
}
