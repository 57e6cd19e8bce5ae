//! Stage `layout`: glyphs → words and text lines, per page.
//!
//! Like pdfplumber's `extract_words`: glyphs are grouped into rows by baseline, sorted
//! left to right inside a row, and split into words at whitespace glyphs and at gaps
//! wider than a share of the font size. Words on a row are then joined into line
//! fragments while the gap between them stays small; a wide gap (a table column
//! boundary) starts a new fragment. Where the content stream's order and the page
//! disagree, the page decides as pdftotext's rules would where they read it right: a
//! glyph drawn elsewhere in the stream joins a word only where it touches it, a space
//! the next glyph is drawn back over separates nothing, text off the page is not
//! read, and two texts printed over each other are read apart (`overprint`). Text
//! written in other directions (rotated table headers, pages drawn sideways) is
//! handled by the same code in a rotated frame.
//!
//! Words carry text folded as pdftotext prints it (`fold`): ligature glyphs spelled
//! out, soft hyphens resolved; the raw glyph text stays in the page
//! (`inspect --glyphs`).
//!
//! Invariant: every word and line keeps its page and box (provenance).

mod fold;
mod frame;
mod lexicon;
mod overprint;
mod scripts;

pub use lexicon::{Lexicon, Verdict};

use crate::config::LayoutTolerances;
use crate::geom::{BBox, Provenance};
use crate::pdf::{Document, Glyph, Origin, Page, Ruling};
use frame::Frame;
use rayon::prelude::*;
use serde::Serialize;

/// A word: glyphs with no whitespace or wide gap between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    /// The word's text.
    pub text: String,
    /// 1-based page.
    pub page: u32,
    /// Box on the page.
    pub bbox: BBox,
    /// Font size of its first glyph, in points.
    pub size: f32,
    /// Writing direction (see [`Glyph::dir`]).
    pub dir: u16,
    /// Weight of its first glyph's font: `Some(true)` bold, `None` when the reader
    /// does not know the font (header rows of generic tables are told by it).
    pub bold: Option<bool>,
    /// Whether a space glyph follows it on its row. Producers that keep the space a
    /// line was wrapped at (LibreOffice) tell by it whether a cell's line break fell
    /// between words or inside one (see [`PageText::trailing_spaces`]).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub space_after: bool,
    /// What drew it: the page's content, an annotation or a form field (a word
    /// never mixes them).
    #[serde(skip_serializing_if = "Origin::is_content")]
    pub origin: Origin,
}

impl Word {
    /// Where the word is.
    pub fn prov(&self) -> Provenance {
        Provenance {
            page: self.page,
            bbox: self.bbox,
        }
    }
}

/// A run of words on one baseline with only normal spaces between them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextLine {
    /// Words joined with one space.
    pub text: String,
    /// 1-based page.
    pub page: u32,
    /// Box on the page.
    pub bbox: BBox,
    /// Largest font size of its words.
    pub size: f32,
    /// Indices of its words in [`PageText::words`] (empty after [`PageText::compact`]).
    pub words: Vec<usize>,
    /// Width of its first word: whether a paragraph's next line could have started
    /// here (cards in `assemble::flow`) needs it after the words are dropped.
    pub first_word_width: f64,
}

/// The words and lines of one page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageText {
    /// 1-based page.
    pub page: u32,
    /// Displayed width.
    pub width: f64,
    /// Displayed height.
    pub height: f64,
    /// Words in reading order (rows top to bottom, left to right).
    pub words: Vec<Word>,
    /// Line fragments in reading order.
    pub lines: Vec<TextLine>,
    /// Whether the producer keeps the space a wrapped line ends with: true when enough
    /// line fragments end in a space glyph (see [`LayoutTolerances::trailing_space_share`]).
    /// Then a wrapped cell line whose last word has no space after it was broken inside
    /// a token (`Indisponi`/`bilità`, `Mantenimento/`/`Rinnovo`, `Covid -`/`19.`).
    #[serde(skip)]
    pub trailing_spaces: bool,
}

impl PageText {
    /// Drop the words, keeping the lines: once a page's grids are built, later stages
    /// read lines only, and a 1,000-page plan must not keep a million words in memory.
    pub fn compact(&mut self) {
        self.words = Vec::new();
        for l in &mut self.lines {
            l.words = Vec::new();
        }
    }
}

/// Build words and lines for every page of a document (pages in parallel).
pub fn analyze(doc: &Document, tol: &LayoutTolerances) -> Vec<PageText> {
    doc.pages.par_iter().map(|p| analyze_page(p, tol)).collect()
}

/// Build words and lines for one page.
pub fn analyze_page(page: &Page, tol: &LayoutTolerances) -> PageText {
    let mut words: Vec<Word> = Vec::new();
    for (dir, glyphs) in DIRECTIONS.into_iter().zip(by_direction(page)) {
        if glyphs.is_empty() {
            continue;
        }
        let found = words_in_frame(page, glyphs, Frame::new(dir), tol);
        // nearly every page reads in one direction: its words are taken as they are,
        // not copied into a second vector
        if words.is_empty() {
            words = found;
        } else {
            words.extend(found);
        }
    }
    words.sort_by(|a, b| a.bbox.reading_order(&b.bbox));
    let vrules: Vec<&Ruling> = page.rulings.iter().filter(|r| !r.horizontal).collect();
    let lines = build_lines(&words, &vrules, tol);
    let trailing_spaces = keeps_trailing_spaces(&words, &lines, tol);
    PageText {
        page: page.number,
        width: page.width,
        height: page.height,
        words,
        lines,
        trailing_spaces,
    }
}

/// Whether the page's producer keeps the space at the end of a wrapped line: a share
/// of the line fragments end in a word followed by a space glyph. Producers that drop
/// it (Chromium) end none that way; LibreOffice ends every wrapped line so. A fragment
/// that the line goes on after ([`goes_on`]) ends no line, whatever follows it.
fn keeps_trailing_spaces(words: &[Word], lines: &[TextLine], tol: &LayoutTolerances) -> bool {
    let ends = lines
        .iter()
        .filter_map(|l| l.words.last())
        .filter_map(|&i| words.get(i));
    let (mut n, mut spaced) = (0usize, 0usize);
    for w in ends {
        if w.space_after && goes_on(w, words, tol) {
            continue;
        }
        n += 1;
        spaced += usize::from(w.space_after);
    }
    spaced >= tol.trailing_space_min_lines && spaced as f64 >= tol.trailing_space_share * n as f64
}

/// Whether another word starts on `w`'s line ([`LayoutTolerances::same_line_share`])
/// within a fragment's gap ([`LayoutTolerances::line_gap_em`]) after it: the fragment `w`
/// ends was cut from its line, not wrapped. A glyph of a fallback font whose box sits
/// higher than the text's is a row of its own (FOP prints `≤` of WinAnsi-less
/// Helvetica in DejaVu Sans, g-pinerolo: `≤` / ` 83 giorni`), and the space after it
/// is inside the line.
fn goes_on(w: &Word, words: &[Word], tol: &LayoutTolerances) -> bool {
    let reach = tol.line_gap_em * f64::from(w.size.max(1.0));
    words.iter().any(|o| {
        let shared = o.bbox.bottom.min(w.bbox.bottom) - o.bbox.top.max(w.bbox.top);
        o.bbox.x0 >= w.bbox.x1
            && o.bbox.x0 - w.bbox.x1 <= reach
            && shared > tol.same_line_share * o.bbox.height().min(w.bbox.height())
    })
}

/// The directions text is read in, each in a frame of its own ([`Frame`]).
const DIRECTIONS: [u16; 4] = [0, 90, 180, 270];

/// The glyphs on the page ([`on_page`]) of each of [`DIRECTIONS`], in page order,
/// each with its box in that direction's reading frame ([`Frame::to`]): one pass
/// over the page's glyphs instead of one per direction (nearly every glyph is
/// upright, and the other three passes found none), and no list of the glyphs
/// before the list of their boxes (a page's worth of both was allocated and
/// filled, issue 22).
fn by_direction(page: &Page) -> [Vec<(BBox, &Glyph)>; 4] {
    let mut out: [Vec<(BBox, &Glyph)>; 4] = Default::default();
    for g in page.glyphs.iter().filter(|g| on_page(page, g)) {
        if let Some(d) = DIRECTIONS.iter().position(|&d| d == g.dir) {
            if out[d].is_empty() {
                out[d].reserve(page.glyphs.len());
            }
            out[d].push((Frame::new(g.dir).to(&g.bbox), g));
        }
    }
    out
}

/// Whether any of a glyph's box lies on the page: text set past the page's edge is
/// not shown, and pdftotext drops it too (poppler's `TextPage::addChar` throws away
/// characters outside the page; ICDAR 2013 us-032 sets font samples at 100 pt that
/// run 3,000 pt off a 612 pt page: only their first letters are visible).
fn on_page(page: &Page, g: &Glyph) -> bool {
    g.bbox.x1 >= 0.0 && g.bbox.x0 <= page.width && g.bbox.bottom >= 0.0 && g.bbox.top <= page.height
}

/// Whether a glyph's text is whitespace only (an empty text counts). Nearly every
/// glyph is one ASCII byte, answered without decoding: ASCII's whitespace characters
/// are the space and U+0009–U+000D, as [`char::is_whitespace`] has them.
fn is_space(s: &str) -> bool {
    if let &[b] = s.as_bytes() {
        return matches!(b, b' ' | b'\t'..=b'\r');
    }
    s.chars().all(|c| c.is_whitespace() || c == '\u{a0}')
}

/// Glyphs of one direction (boxes in its frame, [`by_direction`]) → rows → words, in
/// a frame where that direction reads left to right.
fn words_in_frame(
    page: &Page,
    items: Vec<(BBox, &Glyph)>,
    frame: Frame,
    tol: &LayoutTolerances,
) -> Vec<Word> {
    let mut items = by_baseline(&items);
    let mut words = Vec::new();
    let mut row_starts = Vec::new();
    for range in rows(&items, tol) {
        let row = &mut items[range];
        sort_by_x0(row);
        let start = words.len();
        row_starts.push(start);
        match overprint::layers(page, row, tol) {
            None => split_words(page, row, frame, tol, &mut words),
            Some(layers) => {
                for layer in &layers {
                    split_words(page, layer, frame, tol, &mut words);
                }
                words[start..]
                    .sort_by(|a, b| frame.to(&a.bbox).x0.total_cmp(&frame.to(&b.bbox).x0));
            }
        }
    }
    scripts::attach_scripts(&mut words, &row_starts, frame, tol);
    words
}

/// `items` in the order a stable sort by baseline (`bottom`), then left edge, puts
/// them: the order rows are found in ([`rows`]), glyphs of one baseline and one left
/// edge (a copy faking bold) in page order.
///
/// Sorting the glyphs themselves (40 bytes each, compared through two float
/// comparisons) was a fifth of the layout stage on seed 001 (issue 22): the content
/// stream draws a table cell by cell, far from baseline order. But it draws a run
/// of text on one baseline glyph after glyph: here the runs are sorted, each by its
/// baseline's rank in the total order of floats above its first glyph's index
/// (distinct keys, so an unstable sort gives the stable order), the runs of one
/// baseline follow each other in page order, and only then are the glyphs of one
/// baseline put in left-edge order, which a run of text nearly always is already.
fn by_baseline<'g>(items: &[(BBox, &'g Glyph)]) -> Vec<(BBox, &'g Glyph)> {
    let same_line =
        |a: &(BBox, &Glyph), b: &(BBox, &Glyph)| a.0.bottom.to_bits() == b.0.bottom.to_bits();
    let mut runs: Vec<u128> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        if i == 0 || !same_line(&items[i - 1], it) {
            runs.push((u128::from(total_key(it.0.bottom)) << 64) | i as u128);
        }
    }
    runs.sort_unstable();
    let mut out: Vec<(BBox, &Glyph)> = Vec::with_capacity(items.len());
    for &key in &runs {
        let start = (key & u128::from(u64::MAX)) as usize;
        let first = &items[start];
        out.extend(items[start..].iter().take_while(|it| same_line(first, it)));
    }
    for line in out.chunk_by_mut(same_line) {
        sort_by_x0(line);
    }
    out
}

/// Stable sort by left edge; a slice already in that order (nearly every row) is
/// only checked, not handed to the sort, which sets up a scratch buffer first.
fn sort_by_x0(items: &mut [(BBox, &Glyph)]) {
    if !items.is_sorted_by(|a, b| a.0.x0.total_cmp(&b.0.x0).is_le()) {
        items.sort_by(|a, b| a.0.x0.total_cmp(&b.0.x0));
    }
}

/// An integer in the order [`f64::total_cmp`] puts floats in: `total_cmp` compares
/// the bits as a signed integer after flipping all but the sign bit of negative
/// numbers; flipping the sign bit too makes that order the unsigned one.
fn total_key(x: f64) -> u64 {
    let bits = x.to_bits();
    let flip = if bits >> 63 == 1 { u64::MAX } else { 1 << 63 };
    bits ^ flip
}

/// Group glyphs (sorted by baseline) into rows: a glyph joins the row when its
/// baseline is within `baseline_em` of the row's first glyph. Each row is a range of
/// `items` (the rows follow each other there), so no row is copied out: a page
/// holds hundreds of rows, and growing a vector for each was a tenth of the layout
/// stage on seed 000.
fn rows(items: &[(BBox, &Glyph)], tol: &LayoutTolerances) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut base = f64::NEG_INFINITY;
    for (i, it) in items.iter().enumerate() {
        let limit = tol.baseline_em * f64::from(it.1.size.max(1.0));
        match out.last_mut() {
            Some(row) if (it.0.bottom - base).abs() <= limit => row.end = i + 1,
            _ => {
                base = it.0.bottom;
                out.push(i..i + 1);
            }
        }
    }
    out
}

/// Whether `g` repeats the previous glyph at (almost) the same place: some producers
/// fake bold by printing twice (pdfplumber's `dedupe_chars`). "Almost": within
/// [`LayoutTolerances::duplicate_em`] of the font size, and across by less than
/// [`LayoutTolerances::duplicate_advance`] of the glyph's own width.
///
/// The second bound is what tells a copy from a real double letter in a narrow
/// font: in Arial Narrow at 6.5 pt an `l` is 1.18 pt (0.18 em) wide, so the second
/// `l` of `colleges` starts 0.18 em after the first, inside the em bound, but a
/// whole advance away (ICDAR 2013 us-036 read `col eges`, `wil`, `cel phone`).
fn is_duplicate(
    prev: Option<&(BBox, &Glyph)>,
    cur: &(BBox, &Glyph),
    page: &Page,
    tol: &LayoutTolerances,
) -> bool {
    // the places first: they rule out nearly every pair, the texts cost a look-up
    // each (pure tests, so the order changes nothing but the cost)
    prev.is_some_and(|p| {
        let near = tol.duplicate_em * f64::from(cur.1.size);
        let dx = (p.0.x0 - cur.0.x0).abs();
        dx < near
            && dx < tol.duplicate_advance * p.0.width()
            && (p.0.bottom - cur.0.bottom).abs() < near
            && page.glyph_text(p.1) == page.glyph_text(cur.1)
    })
}

/// The accent a letter is printed over: where the glyph before `cur` in the word
/// (`prev`, the word's last text) is a spacing accent (`¨ ´ ˆ`…) whose centre lies
/// inside `cur`'s box and `cur` is a letter, the accent's length in bytes and its
/// combining mark. TeX's `\accent` draws the accent first and the letter back over
/// it (`B ¨ o r s c h`, ICDAR 2013 eu-026 page 2), where the rule for an accent
/// drawn after its letter does not see it; poppler's `addCombining` reads both
/// orders. Not a combining mark: its text already follows its own base, which a
/// mark with no advance can stand over the next letter of (Thai's tone marks, pdf.js
/// issue13211: `เท่ากับ` read `เทา่กบั`). The places first: glyphs of a word do not
/// overlap but here, so nearly every glyph is answered by one comparison.
fn accent_under(
    page: &Page,
    prev: &(BBox, &Glyph),
    cur: &(BBox, &Glyph),
    word: &str,
) -> Option<(usize, char)> {
    if !(cur.0.x0..=cur.0.x1).contains(&prev.0.cx()) {
        return None;
    }
    let accent = page.glyph_text(prev.1);
    if accent
        .chars()
        .next()
        .is_none_or(unicode_normalization::char::is_combining_mark)
    {
        return None;
    }
    let mark = fold::combining(accent)?;
    (page.glyph_text(cur.1).chars().next()?.is_alphabetic() && word.ends_with(accent))
        .then_some((accent.len(), mark))
}

/// Split a row (glyphs left to right) into words: at gaps wider than
/// [`LayoutTolerances::word_gap_em`], at space glyphs between glyphs that do not
/// touch, where a glyph drawn by another part of the content stream does not touch
/// the word before it, and where the origin changes. "Touch" is
/// [`LayoutTolerances::touch_em`]: pdftotext reads a word only from glyphs drawn one
/// after the other, so a glyph drawn elsewhere in the stream is part of a word only
/// where nothing on the page sets it apart (`Capacity:`, ICDAR 2013 us-026), and a
/// `=` drawn after the number it stands 0.148 em before is not (`= 11`, eu-021).
fn split_words(
    page: &Page,
    row: &[(BBox, &Glyph)],
    frame: Frame,
    tol: &LayoutTolerances,
    out: &mut Vec<Word>,
) {
    let mut cur: Option<Building> = None;
    // the last glyph kept (spaces included), the last one that is not a space, the
    // end of a copy dropped since, and the first space of the word's own run after
    // its last glyph
    let mut prev: Option<&(BBox, &Glyph)> = None;
    let mut ink: Option<&(BBox, &Glyph)> = None;
    let mut copy_end: Option<u32> = None;
    let mut space_at: Option<BBox> = None;
    for it in row {
        let text = fold::drawn_hyphen(page.glyph_text(it.1), it.0.width());
        if is_duplicate(prev, it, page, tol) {
            copy_end = Some(it.1.end);
            continue;
        }
        let next_drawn =
            prev.is_some_and(|p| p.1.end == it.1.start) || copy_end == Some(it.1.start);
        if is_space(text) {
            // a space not drawn right after the glyph before it belongs to another
            // text run (an empty cell's, padding) printed over the word: it separates
            // nothing, the gap test decides; pdftotext, reading runs apart, keeps the
            // word whole (ICDAR 2013 eu-014 `Municipalities`, eu-015 `14.862`)
            // nor does one drawn right after it but set apart from it: TCPDF prints an
            // empty cell as one space, in the next cell's place (g-fossano tcpdfcell:
            // `ponderale` / the empty cell's ` `), which ends no word of this cell
            let beside = prev
                .is_none_or(|p| it.0.x0 - p.0.x1 <= tol.touch_em * f64::from(it.1.size.max(1.0)));
            if prev.is_none() || (next_drawn && beside) {
                if cur.is_some() && space_at.is_none() {
                    space_at = Some(it.0);
                }
                prev = Some(it);
                copy_end = None;
            }
            continue;
        }
        if let (Some(p), Some(w)) = (prev, cur.as_mut())
            && (p.0.x0..=p.0.x1).contains(&it.0.cx())
            && let Some(mark) = fold::combining(text)
        {
            // an accent printed over the letter before it (TeX composes `ö` so)
            w.text.push(mark);
            continue;
        }
        let size = f64::from(it.1.size.max(1.0));
        let gap = ink.map_or(0.0, |p| it.0.x0 - p.0.x1);
        let touch = tol.touch_em * size;
        // a glyph drawn elsewhere in the stream must touch the word's last glyph; a
        // space separates unless the glyph drawn right after it is drawn back to
        // where it starts (a glyph of another run after it does not take it back:
        // pdf.js XiaoBiaoSong's leaders drawn apart from the title they follow)
        // (measured from the space, not from the glyph before it, whose box a slanted
        // font widens: eu-002's synthetic italic)
        let foreign = !next_drawn && gap > touch;
        let spaced = space_at.is_some_and(|sp| {
            let back = it.0.x0 - sp.x0;
            !next_drawn || back > touch || back > tol.space_taken_back * sp.width()
        });
        let split = gap > tol.word_gap_em * size
            || prev.is_some_and(|p| p.1.origin != it.1.origin)
            || foreign
            || spaced;
        if split {
            flush(&mut cur, page.number, frame, out);
            if space_at.is_some()
                && let Some(last) = out.last_mut()
            {
                last.space_after = true;
            }
        }
        space_at = None;
        match cur.as_mut() {
            Some(w) => {
                match ink.and_then(|p| accent_under(page, p, it, &w.text)) {
                    Some((accent, mark)) => {
                        // a letter printed over the accent drawn just before it
                        w.text.truncate(w.text.len() - accent);
                        fold::push(&mut w.text, text);
                        w.text.push(mark);
                    }
                    None => fold::push(&mut w.text, text),
                }
                w.bbox = w.bbox.union(&it.0);
            }
            None => {
                let mut s = String::with_capacity(text.len().max(WORD_CAPACITY));
                fold::push(&mut s, text);
                cur = Some(Building {
                    text: s,
                    bbox: it.0,
                    size: it.1.size,
                    // an OCR layer's font (a glyph-less one) tells nothing of
                    // the weight the scanned page printed
                    bold: (!it.1.invisible)
                        .then(|| page.font(it.1).map(|f| f.bold))
                        .flatten(),
                    origin: it.1.origin,
                })
            }
        }
        prev = Some(it);
        ink = Some(it);
        copy_end = None;
    }
    flush(&mut cur, page.number, frame, out);
    if space_at.is_some()
        && let Some(last) = out.last_mut()
    {
        last.space_after = true;
    }
}

/// Bytes a word's text is given room for when it starts: it is built glyph by glyph,
/// and started at one glyph's length it grew two or three times (most words of
/// the seeds are under 16 bytes). Not a judgement: only the allocation changes.
const WORD_CAPACITY: usize = 16;

/// A word being built, in the reading frame.
struct Building {
    text: String,
    bbox: BBox,
    size: f32,
    bold: Option<bool>,
    origin: Origin,
}

fn flush(cur: &mut Option<Building>, page: u32, frame: Frame, out: &mut Vec<Word>) {
    if let Some(mut w) = cur.take() {
        fold::finish(&mut w.text);
        out.push(Word {
            text: w.text,
            page,
            bbox: frame.from(&w.bbox),
            size: w.size,
            bold: w.bold,
            dir: frame.dir(),
            space_after: false,
            origin: w.origin,
        });
    }
}

/// Whether a vertical ruling runs between two words on a row: a cell border, so the
/// words belong to different cells however close they are. `slack`:
/// [`LayoutTolerances::rule_slack`].
fn rule_between(a: &BBox, b: &BBox, vrules: &[&Ruling], slack: f64) -> bool {
    let y = (a.cy() + b.cy()) / 2.0;
    vrules
        .iter()
        .any(|r| r.pos > a.x1 - slack && r.pos < b.x0 + slack && r.start <= y && r.end >= y)
}

/// Word indices a line fragment is given room for when it starts: started at one,
/// a line's list grew two or three times (a table cell's line holds a few words, a
/// paragraph's ten or more). Not a judgement: only the allocation changes.
const LINE_WORDS_CAPACITY: usize = 8;

/// Whether `w` starts the line whose first word is `first`: upright both, on its
/// baseline (within `baseline_em`), ending before it within a fragment's gap
/// (`line_gap_em`), no cell border between. Words are taken top edge first, so a
/// word set a little lower than the words right of it comes after them: AbiWord
/// raises a page number 1 pt above its label (`pag.` / `3`, hcard-lucca), which
/// must read `pag. 3`, not two fragments in the wrong order.
fn leads_line(w: &Word, first: &Word, vrules: &[&Ruling], tol: &LayoutTolerances) -> bool {
    let size = f64::from(w.size.max(1.0));
    first.dir == w.dir
        && w.dir == 0
        && (first.bbox.bottom - w.bbox.bottom).abs() <= tol.baseline_em * size
        && w.bbox.x1 <= first.bbox.x0 + tol.line_overlap_em * size
        && first.bbox.x0 - w.bbox.x1 <= tol.line_gap_em * size
        && !rule_between(&w.bbox, &first.bbox, vrules, tol.rule_slack)
}

/// Join words into line fragments: same row (vertical overlap), same direction, a gap
/// under `line_gap_em`, and no cell border between them. A word may join one of the
/// last `line_lookback` fragments.
fn build_lines(words: &[Word], vrules: &[&Ruling], tol: &LayoutTolerances) -> Vec<TextLine> {
    let mut lines: Vec<TextLine> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let size = f64::from(w.size.max(1.0));
        let joinable = lines.iter_mut().rev().take(tol.line_lookback).find(|l| {
            let last = &words[*l.words.last().unwrap_or(&0)];
            last.dir == w.dir
                && w.dir == 0
                && (last.bbox.bottom - w.bbox.bottom).abs() <= tol.baseline_em * size
                && w.bbox.x0 >= last.bbox.x1 - tol.line_overlap_em * size
                && w.bbox.x0 - last.bbox.x1 <= tol.line_gap_em * size
                && !rule_between(&last.bbox, &w.bbox, vrules, tol.rule_slack)
        });
        if let Some(l) = joinable {
            l.text.push(' ');
            l.text.push_str(&w.text);
            l.bbox = l.bbox.union(&w.bbox);
            l.size = l.size.max(w.size);
            l.words.push(i);
            continue;
        }
        let leads = lines
            .iter_mut()
            .rev()
            .take(tol.line_lookback)
            .find(|l| leads_line(w, &words[*l.words.first().unwrap_or(&0)], vrules, tol));
        match leads {
            Some(l) => {
                l.text = format!("{} {}", w.text, l.text);
                l.bbox = l.bbox.union(&w.bbox);
                l.size = l.size.max(w.size);
                l.words.insert(0, i);
                l.first_word_width = w.bbox.width();
            }
            None => lines.push(TextLine {
                text: w.text.clone(),
                page: w.page,
                bbox: w.bbox,
                size: w.size,
                words: {
                    let mut v = Vec::with_capacity(LINE_WORDS_CAPACITY);
                    v.push(i);
                    v
                },
                first_word_width: w.bbox.width(),
            }),
        }
    }
    lines.sort_by(|a, b| a.bbox.reading_order(&b.bbox));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::Glyph;

    /// A page of one-character glyphs `(text, x0, bottom, size)`, each one advance
    /// of 0.5 em wide.
    fn page(glyphs: &[(&str, f64, f64, f32)]) -> Page {
        let mut p = Page {
            number: 1,
            width: 600.0,
            height: 800.0,
            ..Page::default()
        };
        for &(t, x, bottom, size) in glyphs {
            let start = p.text.len() as u32;
            p.text.push_str(t);
            let s = f64::from(size).abs();
            p.glyphs.push(Glyph {
                start,
                end: p.text.len() as u32,
                bbox: BBox::new(x, bottom - s, x + 0.5 * s, bottom),
                size,
                dir: 0,
                font: crate::pdf::NO_FONT,
                origin: Origin::Content,
                invisible: false,
            });
        }
        p
    }

    /// g-pinerolo by FOP, page 2: `≤` in DejaVu Sans (a box 0.29 pt lower than the
    /// Helvetica beside it), a space, then `83 giorni`; and a wrapped line's last word,
    /// `segnalate`, with nothing after it on its line.
    #[test]
    fn a_fragment_its_line_goes_on_after_ends_no_line() {
        let word = |text: &str, x0: f64, top: f64, x1: f64, bottom: f64| Word {
            text: text.to_string(),
            page: 2,
            bbox: BBox::new(x0, top, x1, bottom),
            size: 7.0,
            dir: 0,
            bold: None,
            space_after: true,
            origin: Origin::Content,
        };
        let page = [
            word("segnalate", 444.48, 122.97, 474.84, 129.97),
            word("≤", 484.83, 123.26, 490.69, 130.26),
            word("83", 492.64, 122.97, 500.42, 129.97),
            word("giorni", 502.37, 122.97, 519.48, 129.97),
        ];
        let tol = LayoutTolerances::default();
        assert!(goes_on(&page[1], &page, &tol));
        // the next cell's text 10 pt on (over a column gap) does not go on its line
        assert!(!goes_on(&page[0], &page, &tol));
        // nor does a word of the next line
        let below = [page[1].clone(), word("83", 492.64, 131.37, 500.42, 138.37)];
        assert!(!goes_on(&below[0], &below, &tol));
    }

    /// hcard-lucca by AbiWord, page 3's foot (`inspect --glyphs`): `pag.` on the
    /// baseline 794.1, the number raised 1 pt, on 793.1, so it is taken first.
    #[test]
    fn a_word_a_little_lower_than_the_one_right_of_it_starts_its_line() {
        let word = |text: &str, x0: f64, x1: f64, bottom: f64| Word {
            text: text.to_string(),
            page: 3,
            bbox: BBox::new(x0, bottom - 8.0, x1, bottom),
            size: 8.0,
            dir: 0,
            bold: Some(false),
            space_after: false,
            origin: Origin::Content,
        };
        let tol = LayoutTolerances::default();
        let mut ws = vec![
            word("pag.", 284.5, 302.08, 794.1),
            word("3", 304.5, 309.59, 793.1),
        ];
        ws.sort_by(|a, b| a.bbox.reading_order(&b.bbox));
        let lines = build_lines(&ws, &[], &tol);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["pag. 3"]);
        assert_eq!(lines[0].words, [1, 0]);
        assert!((lines[0].first_word_width - 17.58).abs() < 0.01);
        // a column's text a column gap to the left stays a line of its own
        ws[0].bbox = BBox::new(240.0, 786.1, 257.6, 794.1);
        let lines = build_lines(&ws, &[], &tol);
        assert_eq!(lines.len(), 2);
    }

    fn words(p: &Page) -> Vec<String> {
        analyze_page(p, &LayoutTolerances::default())
            .words
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    #[test]
    fn superscript_joins_the_word_before_it() {
        // `3rd`: a 12 pt `3`, then `rd` at 8 pt raised by 4.6 pt (ICDAR us-006)
        let p = page(&[
            ("3", 100.0, 140.4, 12.0),
            ("r", 106.0, 134.1, 8.0),
            ("d", 110.0, 134.1, 8.0),
            ("g", 120.0, 140.4, 12.0),
        ]);
        assert_eq!(words(&p), ["3rd", "g"]);
    }

    /// The words of a page whose glyphs are drawn in this order, each with its own
    /// box: `(text, x0, x1, bottom, size)` (the real glyphs of the file a test names).
    fn boxed(glyphs: &[(&str, f64, f64, f64, f32)]) -> Vec<String> {
        let mut p = page(&[]);
        for &(t, x0, x1, bottom, size) in glyphs {
            let start = p.text.len() as u32;
            p.text.push_str(t);
            p.glyphs.push(Glyph {
                start,
                end: p.text.len() as u32,
                bbox: BBox::new(x0, bottom - f64::from(size), x1, bottom),
                size,
                dir: 0,
                font: crate::pdf::NO_FONT,
                origin: Origin::Content,
                invisible: false,
            });
        }
        words(&p)
    }

    #[test]
    fn a_script_drawn_after_its_line_joins_its_word() {
        // ICDAR 2013 us-040: `a UF_A of`, the subscript `A` (6.6 pt, 1.4 pt lower)
        // drawn after the whole line, over the space the line leaves for it
        let line = [
            ("a", 441.13, 446.03, 623.87, 11.04),
            (" ", 446.03, 448.79, 623.87, 11.04),
            ("U", 448.79, 456.76, 623.87, 11.04),
            ("F", 456.76, 462.9, 623.87, 11.04),
            (" ", 467.66, 470.42, 623.87, 11.04),
            ("o", 470.42, 475.94, 623.87, 11.04),
            ("f", 475.94, 479.62, 623.87, 11.04),
            ("A", 463.78, 468.55, 625.27, 6.6),
        ];
        assert_eq!(boxed(&line), ["a", "UFA", "of"]);
    }

    #[test]
    fn what_touches_a_script_on_its_base_line_joins_the_word() {
        // us-038 `(>5 µg/m²)`: the `)` is drawn right after `m`, the raised `2`
        // after the line, filling the gap between them
        let unit = [
            ("µ", 288.56, 294.08, 551.09, 11.04),
            ("g", 294.92, 300.44, 551.09, 11.04),
            ("/", 300.44, 303.51, 551.09, 11.04),
            ("m", 303.51, 312.1, 551.09, 11.04),
            (")", 315.39, 319.07, 551.09, 11.04),
            (" ", 319.07, 321.83, 551.09, 11.04),
            ("w", 321.83, 329.8, 551.09, 11.04),
            ("2", 312.52, 315.82, 545.79, 6.6),
        ];
        assert_eq!(boxed(&unit), ["µg/m2)", "w"]);
        // eu-012 `(⁴).`, a note mark between parentheses, drawn in order
        let mark = [
            ("(", 234.08, 238.07, 374.4, 12.0),
            ("4", 237.96, 241.98, 368.09, 8.04),
            (")", 242.04, 246.04, 374.4, 12.0),
            (".", 246.03, 249.03, 374.4, 12.0),
        ];
        assert_eq!(boxed(&mark), ["(4)."]);
    }

    #[test]
    fn an_accent_drawn_before_its_letter_composes_with_it() {
        // ICDAR 2013 eu-026 page 2, `Börsch-Supan` in CMR12: TeX draws the `¨`
        // first and the `o` back over it (0.01 pt to its right)
        let name = [
            ("B", 89.39, 97.68, 187.88, 11.9552),
            ("\u{a8}", 97.68, 103.53, 187.88, 11.9552),
            ("o", 97.69, 103.54, 187.88, 11.9552),
            ("r", 103.54, 108.09, 187.88, 11.9552),
            ("s", 108.09, 112.71, 187.88, 11.9552),
        ];
        assert_eq!(boxed(&name), ["Börs"]);
        // the same accent drawn after its letter (page 1 of the file)
        let after = [
            ("B", 266.92, 273.97, 643.07, 9.9626),
            ("o", 273.97, 278.95, 643.07, 9.9626),
            ("\u{a8}", 273.97, 278.95, 643.07, 9.9626),
            ("r", 278.95, 282.85, 643.07, 9.9626),
        ];
        assert_eq!(boxed(&after), ["Bör"]);
        // an accent beside the next glyph, not under it, stays a character
        let beside = [
            ("x", 100.0, 105.0, 200.0, 10.0),
            ("^", 105.0, 110.0, 200.0, 10.0),
            ("y", 110.0, 115.0, 200.0, 10.0),
        ];
        assert_eq!(boxed(&beside), ["x^y"]);
        // pdf.js issue13211: Thai `ที่ม`, a vowel sign and a tone mark with no
        // advance drawn after their consonant, where the next consonant starts:
        // they stay with their own
        let thai = [
            ("\u{e17}", 96.6, 102.52, 75.81, 13.375902),
            ("\u{e35}", 102.54, 102.54, 75.81, 13.375902),
            ("\u{e48}", 102.54, 102.54, 75.81, 13.375902),
            ("\u{e21}", 102.54, 108.51, 75.81, 13.375902),
        ];
        assert_eq!(boxed(&thai), ["\u{e17}\u{e35}\u{e48}\u{e21}"]);
    }

    #[test]
    fn a_note_number_before_its_text_stays_apart() {
        // us-020: a footnote's number, raised, touching the note's first word; the
        // number is the note's key, not part of the word (pdftotext joins it when
        // it is raised less than half its own size, us-020, and not when raised
        // higher, us-026 `e` / `Estimated.`)
        let note = [
            ("1", 54.0, 56.82, 693.35, 5.075),
            ("0", 56.82, 59.64, 693.35, 5.075),
            ("S", 59.64, 64.48, 696.2, 7.25),
            ("u", 64.48, 68.51, 696.2, 7.25),
        ];
        assert_eq!(boxed(&note), ["10", "Su"]);
    }

    /// A page whose glyphs are drawn in this order: `(text, x0, bottom, size)`.
    fn drawn(glyphs: &[(&str, f64, f32)]) -> Vec<String> {
        let g: Vec<(&str, f64, f64, f32)> =
            glyphs.iter().map(|&(t, x, s)| (t, x, 100.0, s)).collect();
        words(&page(&g))
    }

    #[test]
    fn a_glyph_drawn_elsewhere_in_the_stream_joins_only_when_it_touches() {
        // ICDAR 2013 eu-021: a Symbol `=` drawn after the number, 0.12 em before it,
        // is a word of its own; drawn just before it, it is part of it (the word gap
        // is 0.15 em), as pdftotext reads both
        let after = [("1", 76.2, 10.0), ("1", 81.2, 10.0), ("=", 70.0, 10.0)];
        assert_eq!(drawn(&after), ["=", "11"]);
        let before = [("=", 70.0, 10.0), ("1", 76.2, 10.0), ("1", 81.2, 10.0)];
        assert_eq!(drawn(&before), ["=11"]);
        // us-026: a colon drawn after the line, touching its word
        let colon = [("y", 100.0, 10.0), (" ", 110.0, 10.0), (":", 105.0, 10.0)];
        assert_eq!(drawn(&colon), ["y:"]);
    }

    #[test]
    fn a_space_drawn_over_separates_nothing() {
        // us-001: dot leaders start where the word's space starts
        let leaders = [
            ("c", 100.0, 8.0),
            (" ", 104.0, 8.0),
            (".", 104.04, 8.0),
            (".", 112.0, 8.0),
        ];
        assert_eq!(drawn(&leaders), ["c.", "."]);
        // a space at its full width separates, however tight the next glyph's gap
        let tight = [("s", 100.0, 10.0), (" ", 105.0, 10.0), ("T", 106.3, 10.0)];
        assert_eq!(drawn(&tight), ["s", "T"]);
        // eu-016: a space far from the number, the next word drawn over it
        let far = [("6", 75.0, 7.5), (" ", 88.9, 7.5), ("T", 88.9, 7.5)];
        assert_eq!(drawn(&far), ["6", "T"]);
        // a space of the word's own run, then a glyph drawn elsewhere in the stream
        // at its start: the space is not taken back (pdf.js XiaoBiaoSong)
        let apart = [
            ("o", 100.0, 12.0),
            (" ", 106.0, 12.0),
            ("x", 300.0, 12.0),
            ("-", 106.5, 12.0),
        ];
        assert_eq!(drawn(&apart), ["o", "-", "x"]);
        // Type 3 text whose size reads 58 pt: each word starts a whole space after
        // the last, under 0.1 em of that size (pdf.js issue6605)
        let mut type3 = page(&[
            ("P", 100.0, 100.0, 58.0),
            (" ", 106.1, 100.0, 58.0),
            ("3", 108.8, 100.0, 58.0),
        ]);
        for (g, (x0, x1)) in type3
            .glyphs
            .iter_mut()
            .zip([(100.0, 106.1), (106.1, 108.8)])
        {
            g.bbox.x0 = x0;
            g.bbox.x1 = x1;
        }
        assert_eq!(words(&type3), ["P", "3"]);
    }

    #[test]
    fn an_empty_cells_space_ends_no_word_of_the_cell_before() {
        // g-fossano by TCPDF's MultiCell, page 2: `ponderale` (8 pt, ends at 692.09),
        // then the next cell's lone space at 711.62, drawn right after it (here 400 pt
        // to the left, on the test's page)
        let mut p = page(&[]);
        for (t, x0, x1) in [
            ("p", 284.0, 288.4),
            ("e", 288.4, 292.09),
            (" ", 311.62, 313.9),
        ] {
            let start = p.text.len() as u32;
            p.text.push_str(t);
            p.glyphs.push(Glyph {
                start,
                end: p.text.len() as u32,
                bbox: BBox::new(x0, 52.72, x1, 60.72),
                size: 8.0,
                dir: 0,
                font: crate::pdf::NO_FONT,
                origin: Origin::Content,
                invisible: false,
            });
        }
        let got = analyze_page(&p, &LayoutTolerances::default()).words;
        assert_eq!(got.len(), 1);
        assert!(!got[0].space_after, "{got:?}");
        // the same space right after the word is its own
        p.glyphs[2].bbox = BBox::new(292.09, 52.72, 294.4, 60.72);
        let got = analyze_page(&p, &LayoutTolerances::default()).words;
        assert!(got[0].space_after, "{got:?}");
    }

    #[test]
    fn text_printed_over_text_is_read_apart() {
        // us-020: one heading drawn, a page number, another heading drawn over the
        // first, their letters overlapping by a quarter em: two words, not their
        // letters interleaved
        let heads = page(&[
            ("A", 100.0, 100.0, 10.0),
            ("B", 105.0, 100.0, 10.0),
            ("5", 300.0, 500.0, 10.0),
            ("C", 102.5, 100.0, 10.0),
            ("D", 107.5, 100.0, 10.0),
        ]);
        assert_eq!(words(&heads), ["AB", "CD", "5"]);
        // a copy drawn a fraction of a point off fakes bold: one word
        let bold = [
            ("A", 100.0, 10.0),
            ("B", 105.0, 10.0),
            ("A", 100.3, 10.0),
            ("B", 105.3, 10.0),
        ];
        assert_eq!(drawn(&bold), ["AB"]);
        // kerning inside one run is no overprint (us-001 kerns `P.` by 0.2 em)
        let kerned = [("P", 100.0, 10.0), (".", 102.0, 10.0)];
        assert_eq!(drawn(&kerned), ["P."]);
    }

    #[test]
    fn glyphs_off_the_page_are_not_shown() {
        // us-032: a 100 pt sample running off a 600 pt wide page
        let sample = [
            ("z", 540.0, 100.0),
            ("y", 590.0, 100.0),
            ("x", 640.0, 100.0),
        ];
        assert_eq!(drawn(&sample), ["zy"]);
    }

    #[test]
    fn a_drawn_soft_hyphen_is_a_hyphen() {
        // us-022: `1-12` with the hyphen glyph mapped to U+00AD
        let range = [
            ("1", 100.0, 10.0),
            ("\u{ad}", 105.0, 10.0),
            ("1", 110.0, 10.0),
        ];
        assert_eq!(drawn(&range), ["1-1"]);
    }

    #[test]
    fn total_key_orders_floats_as_total_cmp_does() {
        let xs = [
            f64::NEG_INFINITY,
            -1e300,
            -2.5,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            f64::MIN_POSITIVE,
            1.0,
            1.0 + f64::EPSILON,
            700.25,
            f64::INFINITY,
            f64::NAN,
            -f64::NAN,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(total_key(a).cmp(&total_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }

    /// The baseline order is the one a stable sort by baseline, then left edge,
    /// gives: glyphs of one baseline and one left edge stay in page order.
    #[test]
    fn by_baseline_is_the_stable_sort_by_baseline_then_left_edge() {
        let p = page(&[
            ("a", 30.0, 100.0, 10.0),
            ("b", 10.0, 100.0, 10.0),
            ("c", 10.0, 90.0, 10.0),
            ("d", 10.0, 100.0, 12.0),
            ("e", 20.0, -0.0, 10.0),
            ("f", 5.0, 0.0, 10.0),
            ("g", 10.0, 100.0, 8.0),
        ]);
        let items: Vec<(BBox, &Glyph)> = p.glyphs.iter().map(|g| (g.bbox, g)).collect();
        let mut want = items.clone();
        want.sort_by(|a, b| {
            a.0.bottom
                .total_cmp(&b.0.bottom)
                .then(a.0.x0.total_cmp(&b.0.x0))
        });
        let text =
            |v: &[(BBox, &Glyph)]| -> String { v.iter().map(|it| p.glyph_text(it.1)).collect() };
        assert_eq!(text(&by_baseline(&items)), text(&want));
        assert_eq!(text(&want), "efcbdga");
    }

    #[test]
    fn one_byte_spaces_are_those_of_char_is_whitespace() {
        for b in 0u8..128 {
            let c = char::from(b);
            assert_eq!(
                is_space(c.encode_utf8(&mut [0; 4])),
                c.is_whitespace(),
                "{b}"
            );
        }
        assert!(is_space("\u{a0}") && is_space("") && !is_space(" a"));
    }

    #[test]
    fn negative_font_sizes_do_not_panic() {
        // pdf.js issue14415: `-15 Tf`
        let p = page(&[("A", 35.0, 67.0, -15.0), ("u", 42.5, 67.0, -15.0)]);
        assert_eq!(words(&p), ["Au"]);
    }
}
