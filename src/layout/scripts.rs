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

/// Word indices `a..b` of one row, left to right.
type Row = std::ops::Range<usize>;

/// The words of one reading frame, with what the script rules have decided so far.
struct Scripts<'a> {
    words: &'a mut Vec<Word>,
    /// Rows of words, in baseline order, each left to right.
    rows: Vec<Row>,
    /// Each word's box in the frame, as the word builder made it.
    boxes: Vec<BBox>,
    /// Each word's box widened over the script it took.
    wide: Vec<BBox>,
    /// Words joined into another word, dropped at the end.
    absorbed: Vec<bool>,
    /// Rows this far (points) from a word's baseline are searched for its partner.
    reach: f64,
    /// The largest font size of each row's words ([`Scripts::may_hold_base`]).
    row_largest: Vec<f64>,
    /// The largest font size on the page.
    largest: f64,
    frame: Frame,
    tol: &'a LayoutTolerances,
}

impl Scripts<'_> {
    /// Font size of word `i`: taken absolute, a negative `Tf` (mirrored text) is a
    /// size too.
    fn size(&self, i: usize) -> f64 {
        f64::from(self.words[i].size).abs()
    }

    /// The baseline of word `i`, from its box as built.
    fn baseline_of(&self, i: usize) -> f64 {
        baseline(&self.boxes[i], self.size(i))
    }

    /// The words of the rows above and below row `k` whose baseline is within reach
    /// of word `s`'s, nearest rows first: rows are sorted by baseline, so the search
    /// goes outwards until the first row out of reach.
    fn nearby(&self, k: usize, s: usize) -> impl Iterator<Item = usize> + '_ {
        let at = self.baseline_of(s);
        let near =
            move |&(_, r): &(usize, &Row)| (self.baseline_of(r.start) - at).abs() < self.reach;
        let small = self.size(s);
        let holds = move |&(k, _): &(usize, &Row)| self.may_hold_base(k, small);
        let up = self.rows[..k].iter().enumerate().rev().take_while(near);
        let down = (k + 1..).zip(&self.rows[k + 1..]).take_while(near);
        up.chain(down).filter(holds).flat_map(|(_, r)| r.clone())
    }

    /// Whether row `r` holds a word large enough to take a script of font size
    /// `small` ([`Scripts::scripts`]' size test, against the row's largest size): a
    /// page set in one size has none, and its words are not tried one by one against
    /// every word of the rows within reach (issue 22). A pure pre-test: the words
    /// tried, and so the base found, are the same.
    fn may_hold_base(&self, r: usize, small: f64) -> bool {
        self.tol.script_size_ratio * self.row_largest[r] >= small
    }

    /// Whether word `s` is a script of word `b`: smaller, from the same origin, on a
    /// baseline off `b`'s by less than [`LayoutTolerances::script_baseline_em`] of
    /// `b`'s size, and starting within the word gap after `b`'s end.
    fn scripts(&self, b: usize, s: usize) -> bool {
        let (big, small) = (self.size(b), self.size(s));
        let gap = self.boxes[s].x0 - self.wide[b].x1;
        !self.absorbed[b]
            && small <= self.tol.script_size_ratio * big
            && self.words[b].origin == self.words[s].origin
            && gap <= self.tol.word_gap_em * big
            && gap >= -self.tol.word_gap_em * small
            && (baseline(&self.wide[b], big) - baseline(&self.boxes[s], small)).abs()
                < self.tol.script_baseline_em * big
    }

    /// Drop the absorbed words.
    fn finish(self) {
        let mut k = 0;
        let absorbed = self.absorbed;
        self.words.retain(|_| {
            k += 1;
            !absorbed[k - 1]
        });
    }
}

/// Join superscripts and subscripts to the word they are printed against: a word in
/// a smaller font (at most [`LayoutTolerances::script_size_ratio`] of the other's
/// size) whose baseline is off the other's by less than
/// [`LayoutTolerances::script_baseline_em`] and which starts within the word gap
/// after it is part of it: `3` + `rd` is `3rd`, `km` + `2` is `km2`, `outlets` + `33`
/// (a footnote mark) is `outlets33`, as pdftotext reads them (ICDAR 2013 us-006,
/// eu-004). The script may sit on a row of its own (raised or lowered past the row
/// tolerance) or on the base's row, where the word builder set it apart because it
/// was drawn after the whole line (`UF` + `A` is `UFA`, `BAF` + `3` is `BAF3`: ICDAR
/// 2013 us-040 draws its subscripts after their line). The word keeps its own box,
/// widened over the script, so its line and reading order stay those of the base
/// text.
pub(super) fn attach_scripts(
    words: &mut Vec<Word>,
    row_starts: &[usize],
    frame: Frame,
    tol: &LayoutTolerances,
) {
    let n = words.len();
    let rows: Vec<Row> = row_starts
        .iter()
        .enumerate()
        .map(|(k, &a)| a..row_starts.get(k + 1).copied().unwrap_or(n))
        .filter(|r| !r.is_empty())
        .collect();
    if rows.is_empty() {
        return;
    }
    let boxes: Vec<BBox> = words.iter().map(|w| frame.to(&w.bbox)).collect();
    let largest = words
        .iter()
        .map(|w| f64::from(w.size).abs())
        .fold(0.0, f64::max);
    let row_largest: Vec<f64> = rows
        .iter()
        .map(|r| {
            words[r.clone()]
                .iter()
                .map(|w| f64::from(w.size).abs())
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    let mut sc = Scripts {
        words,
        rows,
        row_largest,
        largest,
        wide: boxes.clone(),
        boxes,
        absorbed: vec![false; n],
        reach: tol.script_baseline_em * largest * ROW_REACH_SLACK,
        frame,
        tol,
    };
    let joins = find_bases(&mut sc);
    if !joins.is_empty() {
        for &(b, s) in &joins {
            let text = std::mem::take(&mut sc.words[s].text);
            sc.words[b].text.push_str(&text);
            sc.words[b].space_after = sc.words[s].space_after;
            sc.words[b].bbox = frame.from(&sc.wide[b]);
        }
        join_after_scripts(&mut sc, &joins);
    }
    sc.finish();
}

/// Each script's base, as `(base, script)` pairs: for every word, the word just
/// before it on its row, then the words of the rows within reach, the first that
/// [`Scripts::scripts`] it. A word that took a script is no script itself.
fn find_bases(sc: &mut Scripts) -> Vec<(usize, usize)> {
    let n = sc.words.len();
    let mut is_base = vec![false; n];
    let mut joins = Vec::new();
    for k in 0..sc.rows.len() {
        let row = sc.rows[k].clone();
        for s in row.clone() {
            // no word on the page is large enough to take it as a script
            if is_base[s] || sc.tol.script_size_ratio * sc.largest < sc.size(s) {
                continue;
            }
            // the word just before it on its row first: a script drawn after its line
            let before = (s > row.start).then(|| s - 1);
            let base = before
                .into_iter()
                .chain(sc.nearby(k, s))
                .find(|&b| sc.scripts(b, s));
            if let Some(b) = base {
                sc.absorbed[s] = true;
                is_base[b] = true;
                sc.wide[b].x1 = sc.wide[b].x1.max(sc.boxes[s].x1);
                joins.push((b, s));
            }
        }
    }
    joins
}

/// The word that follows a base word's script on the base's row, within the word
/// gap of the script's end, joins the base too: it was apart only because the
/// script filled the gap (`MSs` + `1` + `,` is `MSs1,`, `“default”` + `6` + `,`
/// is `“default”6,`: ICDAR 2013 eu-019, eu-011; `µg/m` + `2` + `)` is `µg/m2)`,
/// us-038; `hazardous` + `35` + `.` is `hazardous35.`, eu-004). It is on the base's
/// baseline, and the page shows it touching the script: pdftotext's raw mode, which
/// tests it against the raised script's baseline, prints `)` and `.` apart, its
/// default and layout modes do not.
fn join_after_scripts(sc: &mut Scripts, joins: &[(usize, usize)]) {
    for &(b, s) in joins {
        // the script drawn after the line sits between the base and the next word
        let next = if s == b + 1 { s + 1 } else { b + 1 };
        let Some(row) = sc.rows.iter().find(|r| r.contains(&b)) else {
            continue;
        };
        if sc.absorbed[b] || !row.contains(&next) || sc.absorbed[next] {
            continue;
        }
        let gap = sc.boxes[next].x0 - sc.wide[b].x1;
        let fits = gap.abs() <= sc.tol.word_gap_em * sc.size(b)
            && sc.words[next].origin == sc.words[b].origin
            && !sc.words[b].space_after;
        if fits {
            sc.absorbed[next] = true;
            let text = std::mem::take(&mut sc.words[next].text);
            sc.words[b].text.push_str(&text);
            sc.words[b].space_after = sc.words[next].space_after;
            sc.wide[b] = sc.wide[b].union(&sc.boxes[next]);
            sc.words[b].bbox = sc.frame.from(&sc.wide[b]);
        }
    }
}
