//! Superscripts and subscripts: a word in a smaller font printed against a word of
//! the body text is part of it (`3rd`, `km2`, a footnote mark), as pdftotext and a
//! reader take it, however the content stream orders the two.

use super::Word;
use super::frame::Frame;
use crate::config::LayoutTolerances;
use crate::geom::BBox;

/// Rows are found for a script by their first word's baseline, which can differ
/// from the base word's (another column's text, another size): rows are searched
/// this many times the largest script reach away, and the base itself is then held
/// to [`LayoutTolerances::script_baseline_em`]. A search bound, not a judgement: at
/// 1 the ICDAR us-007 `3rd` was missed behind a row of smaller text.
const ROW_REACH_SLACK: f64 = 2.0;

/// The baseline under a glyph box of this font size (boxes reach
/// [`DESCENT_EM`](crate::pdf::DESCENT_EM) below it).
fn baseline(b: &BBox, size: f64) -> f64 {
    b.bottom - crate::pdf::DESCENT_EM * size
}

/// Join superscripts and subscripts to the word they are printed against: a word in
/// a smaller font (at most [`LayoutTolerances::script_size_ratio`] of the other's
/// size) whose baseline is off the other's by less than
/// [`LayoutTolerances::script_baseline_em`] and which starts within the word gap
/// after it is part of it: `3` + `rd` is `3rd`, `km` + `2` is `km2`, `outlets` + `33`
/// (a footnote mark) is `outlets33`, as pdftotext reads them (ICDAR 2013 us-006,
/// eu-004). The word keeps its own box, widened to the script's end, so its line
/// and reading order stay those of the base text.
pub(super) fn attach_scripts(
    words: &mut Vec<Word>,
    row_starts: &[usize],
    frame: Frame,
    tol: &LayoutTolerances,
) {
    let n = words.len();
    // rows of words, in baseline order, each left to right
    let rows: Vec<std::ops::Range<usize>> = row_starts
        .iter()
        .enumerate()
        .map(|(k, &a)| a..row_starts.get(k + 1).copied().unwrap_or(n))
        .filter(|r| !r.is_empty())
        .collect();
    if rows.len() < 2 {
        return;
    }
    let boxes: Vec<BBox> = words.iter().map(|w| frame.to(&w.bbox)).collect();
    // sizes are taken absolute: a negative `Tf` (mirrored text) is a size too
    let size = |i: usize| f64::from(words[i].size).abs();
    let reach = tol.script_baseline_em * (0..n).map(size).fold(0.0, f64::max) * ROW_REACH_SLACK;
    let mut absorbed = vec![false; n];
    let mut is_base = vec![false; n];
    let mut wide: Vec<BBox> = boxes.clone();
    let mut joins: Vec<(usize, usize)> = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        // the base of a script is on a row whose baseline is within reach: rows are
        // sorted by baseline, so look outwards until the first one out of reach
        for s in row.clone() {
            if is_base[s] {
                continue;
            }
            let (small, sb) = (size(s), boxes[s]);
            let near = |r: &std::ops::Range<usize>| {
                let b = r.start;
                (baseline(&boxes[b], size(b)) - baseline(&sb, small)).abs() < reach
            };
            let up = rows[..k].iter().rev().take_while(|r| near(r));
            let down = rows[k + 1..].iter().take_while(|r| near(r));
            let base = up.chain(down).flat_map(|r| r.clone()).find(|&b| {
                let big = size(b);
                let gap = sb.x0 - wide[b].x1;
                !absorbed[b]
                    && small <= tol.script_size_ratio * big
                    && words[b].origin == words[s].origin
                    && gap <= tol.word_gap_em * big
                    && gap >= -tol.word_gap_em * small
                    && (baseline(&wide[b], big) - baseline(&sb, small)).abs()
                        < tol.script_baseline_em * big
            });
            if let Some(b) = base {
                absorbed[s] = true;
                is_base[b] = true;
                wide[b].x1 = wide[b].x1.max(sb.x1);
                joins.push((b, s));
            }
        }
    }
    for &(b, s) in &joins {
        let text = std::mem::take(&mut words[s].text);
        words[b].text.push_str(&text);
        words[b].space_after = words[s].space_after;
        words[b].bbox = frame.from(&wide[b]);
    }
    if !absorbed.contains(&true) {
        return;
    }
    let mut script_of: Vec<Option<usize>> = vec![None; n];
    for &(b, s) in &joins {
        script_of[b] = Some(s);
    }
    join_after_scripts(
        words,
        &rows,
        &boxes,
        &wide,
        &script_of,
        &mut absorbed,
        frame,
        tol,
    );
    let mut k = 0;
    words.retain(|_| {
        k += 1;
        !absorbed[k - 1]
    });
}

/// The word that follows a base word's script on the base's row, within the word
/// gap of the script's end, joins the base too: it was apart only because the
/// script filled the gap (`MSs` + `1` + `,` is `MSs1,`, `“default”` + `6` + `,`
/// is `“default”6,`, as pdftotext reads them: ICDAR 2013 eu-019, eu-011) when its
/// baseline is within [`LayoutTolerances::script_baseline_em`] of the script's size
/// from the script's: pdftotext's same-line test, which a mark raised higher fails
/// (eu-004 `hazardous35` then `.` on its own).
#[allow(clippy::too_many_arguments)]
fn join_after_scripts(
    words: &mut [Word],
    rows: &[std::ops::Range<usize>],
    boxes: &[BBox],
    wide: &[BBox],
    script_of: &[Option<usize>],
    absorbed: &mut [bool],
    frame: Frame,
    tol: &LayoutTolerances,
) {
    for row in rows {
        for b in row.clone() {
            let next = b + 1;
            let Some(s) = script_of[b] else {
                continue;
            };
            if absorbed[b] || !row.contains(&next) || absorbed[next] {
                continue;
            }
            let size = f64::from(words[b].size).abs();
            let (small, big) = (
                f64::from(words[s].size).abs(),
                f64::from(words[next].size).abs(),
            );
            let gap = boxes[next].x0 - wide[b].x1;
            let same_line = (baseline(&boxes[next], big) - baseline(&boxes[s], small)).abs()
                < tol.script_baseline_em * small;
            let fits = gap.abs() <= tol.word_gap_em * size
                && same_line
                && words[next].origin == words[b].origin
                && !words[b].space_after;
            if fits {
                absorbed[next] = true;
                let text = std::mem::take(&mut words[next].text);
                words[b].text.push_str(&text);
                words[b].space_after = words[next].space_after;
                words[b].bbox = frame.from(&wide[b].union(&boxes[next]));
            }
        }
    }
}
