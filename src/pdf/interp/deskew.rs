//! Straightening a skewed scan's OCR layer.
//!
//! A sheet fed slightly crooked is scanned turned by a fraction of a degree, and the
//! OCR program writes each text line's words where it saw them: along a slanted
//! baseline, each word a little higher (or lower) than the one before. The layout
//! stage reads rows by their tops, so such a line falls apart into one fragment a
//! word, and a column's left edge drifts by the page's height times the skew. When
//! a page's text is an OCR layer over a scan ([`ocr_page`]), its skew is measured
//! from the OCR text lines' baselines ([`skew`]) and, when it is within bounds, the
//! glyph boxes and the rulings read from the image are turned back about the page's
//! centre, and each OCR line is set level ([`straighten`]). A born-digital page pays
//! the same one count of its invisible glyphs as [`super::scan::needed`].

use crate::config::RulingTolerances;
use crate::geom::BBox;
use crate::pdf::{Glyph, Page, Ruling};
use std::ops::Range;

/// One OCR text line: consecutive words of the content stream, left to right, each
/// word given by its glyphs' range and its baseline's start.
struct OcrLine {
    /// The words: glyph index range, and the baseline's start `(x, y)` of its first
    /// glyph.
    words: Vec<(Range<usize>, f64, f64)>,
}

impl OcrLine {
    /// From the first word's start to the last's, in points.
    fn span(&self) -> f64 {
        match (self.words.first(), self.words.last()) {
            (Some(a), Some(b)) => b.1 - a.1,
            _ => 0.0,
        }
    }

    /// Least-squares slope (dy/dx, y down) of the words' baseline starts, or `None`
    /// for a line of one word.
    fn slope(&self) -> Option<f64> {
        let n = self.words.len() as f64;
        let mx = self.words.iter().map(|w| w.1).sum::<f64>() / n;
        let my = self.words.iter().map(|w| w.2).sum::<f64>() / n;
        let sxx: f64 = self.words.iter().map(|w| (w.1 - mx).powi(2)).sum();
        let sxy: f64 = self.words.iter().map(|w| (w.1 - mx) * (w.2 - my)).sum();
        (sxx > 0.0).then(|| sxy / sxx)
    }
}

/// Whether the page is a scan with an OCR layer: an image drawn on it, and most of
/// its glyphs invisible ([`RulingTolerances::scan_invisible_share`]), as
/// [`super::scan::needed`] asks, whatever vector rulings it has.
pub(super) fn ocr_page(page: &Page, tol: &RulingTolerances) -> bool {
    if page.glyphs.is_empty() || page.images == 0 {
        return false;
    }
    let hidden = page.glyphs.iter().filter(|g| g.invisible).count();
    hidden as f64 >= tol.scan_invisible_share * page.glyphs.len() as f64
}

/// The OCR layer's words, in content-stream order: runs of invisible, left-to-right
/// glyphs between whitespace glyphs.
pub(super) fn ocr_words(page: &Page) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, g) in page.glyphs.iter().enumerate() {
        let inside = g.invisible && g.dir == 0 && !page.glyph_text(g).trim().is_empty();
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..page.glyphs.len());
    }
    out
}

/// The OCR text lines: consecutive words, each starting right of the previous one's
/// end, with baselines within [`RulingTolerances::scan_line_em`] of the word's size
/// apart. An OCR program writes a page line by line and each line left to right
/// (tesseract's and ocrmypdf's renderers, one word a run), so a word that goes back
/// left or jumps a line starts the next line.
fn ocr_lines(page: &Page, tol: &RulingTolerances) -> Vec<OcrLine> {
    let mut lines: Vec<OcrLine> = Vec::new();
    let mut last: Option<&Glyph> = None;
    for range in ocr_words(page) {
        let (first, end) = (&page.glyphs[range.start], &page.glyphs[range.end - 1]);
        let size = f64::from(first.size.abs().max(1.0));
        let goes_on = last.is_some_and(|l| {
            first.bbox.x0 >= l.bbox.x1 - tol.scan_line_em * size
                && (first.bbox.bottom - l.bbox.bottom).abs() <= tol.scan_line_em * size
        });
        let word = (range, first.bbox.x0, first.bbox.bottom);
        match lines.last_mut() {
            Some(line) if goes_on => line.words.push(word),
            _ => lines.push(OcrLine { words: vec![word] }),
        }
        last = Some(end);
    }
    lines
}

/// The page's skew in radians (the slope of its lines' baselines, y down), or `None`
/// when it is straight or out of bounds.
///
/// Each OCR line of at least [`RulingTolerances::scan_skew_min_span`] gives its
/// baseline's slope. Lines within [`RulingTolerances::scan_skew_level`] of level say
/// nothing of the skew: tesseract sets part of a skewed page's lines level, each
/// word at one height (on `g-roles-01` scanned 0.3° turned, 5 of its 9 long lines,
/// the full-width ones at −0.29° to −0.32°; on `g-fossano`, −0.4°, the short lines of
/// its tables' cells at 0.00–0.02°, the rest at 0.38–0.41°). The skew is the
/// span-weighted median of the other lines' angles, taken when they hold at least
/// [`RulingTolerances::scan_skew_share`] of the lines' span and it lies between
/// [`RulingTolerances::scan_skew_min`] and [`RulingTolerances::scan_skew_max`].
fn skew(lines: &[OcrLine], tol: &RulingTolerances) -> Option<f64> {
    let mut angles: Vec<(f64, f64)> = Vec::new();
    let mut total = 0.0;
    for l in lines.iter().filter(|l| l.span() >= tol.scan_skew_min_span) {
        let Some(slope) = l.slope() else { continue };
        total += l.span();
        let deg = slope.atan().to_degrees();
        if deg.abs() > tol.scan_skew_level {
            angles.push((deg, l.span()));
        }
    }
    let tilted: f64 = angles.iter().map(|a| a.1).sum();
    if angles.is_empty() || tilted < tol.scan_skew_share * total {
        return None;
    }
    angles.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut acc = 0.0;
    let median = angles.iter().find(|a| {
        acc += a.1;
        acc >= tilted / 2.0
    })?;
    let within = (tol.scan_skew_min..=tol.scan_skew_max).contains(&median.0.abs());
    within.then(|| median.0.to_radians())
}

/// The skew of a page whose text is an OCR layer ([`ocr_page`]), in radians (the
/// slope's angle of its lines, y down), when it is measured and within bounds
/// ([`skew`]); `None` on any other page.
pub(super) fn measure(page: &Page, tol: &RulingTolerances) -> Option<f64> {
    if !ocr_page(page, tol) {
        return None;
    }
    skew(&ocr_lines(page, tol), tol)
}

/// Straighten a skewed OCR page ([`measure`]): turn its glyph boxes and the rulings
/// and shaded bands read from its image back by the skew about the page's centre
/// ([`upright`]), then set each OCR line on one baseline ([`level`]).
pub(super) fn straighten(
    page: &mut Page,
    rulings: &mut [Ruling],
    shading: &mut [BBox],
    angle: f64,
    tol: &RulingTolerances,
) {
    let lines = ocr_lines(page, tol);
    let turn = Turn::new(angle, page.width / 2.0, page.height / 2.0);
    for g in page.glyphs.iter_mut() {
        g.bbox = upright(&g.bbox, &turn);
    }
    for r in rulings.iter_mut().filter(|r| r.from_image) {
        turn.ruling(r);
    }
    for b in shading.iter_mut() {
        turn.fill(b);
    }
    for line in &lines {
        level(page, line, &turn, tol);
    }
}

/// A glyph's box turned back: its centre turned, and the upright box of the turned
/// glyph recovered from the box around it. An OCR program draws a skewed line's
/// glyphs with the line's angle in their text matrix (tesseract: the block's `Tm`),
/// so a glyph's box is the hull of its box turned by the skew, taller and wider by
/// the other side's sine; an upright glyph (another program) loses a sine's worth of
/// its size (0.13 pt of a 5 pt glyph at 1.5°).
fn upright(b: &BBox, turn: &Turn) -> BBox {
    let (cx, cy) = turn.apply(b.cx(), b.cy());
    let (sin, cos2) = (turn.sin.abs(), turn.cos * turn.cos - turn.sin * turn.sin);
    let w = ((b.width() * turn.cos - b.height() * sin) / cos2).max(0.0);
    let h = ((b.height() * turn.cos - b.width() * sin) / cos2).max(0.0);
    BBox::new(cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0)
}

/// Set one OCR line on one baseline: its words' boxes, turned back, share the
/// line's mean bottom and its glyphs' mean height. Why one value and not a line
/// near level: the layout reads a row's words in the order of their tops, and a
/// line left a hundredth of a point off level (a word's baseline read to a pixel)
/// comes out of that order word by word, each its own fragment (`h6-pontassieve`
/// scanned −0.8° turned). A line still tilted by more than
/// [`RulingTolerances::scan_skew_max`] after the turn is left as it is (no line of
/// text, or a misread one), and so is a line of one word.
fn level(page: &mut Page, line: &OcrLine, turn: &Turn, tol: &RulingTolerances) {
    let turned = OcrLine {
        words: line
            .words
            .iter()
            .map(|(r, x, y)| {
                let (x, y) = turn.apply(*x, *y);
                (r.clone(), x, y)
            })
            .collect(),
    };
    let Some(slope) = turned.slope() else { return };
    if slope.atan().to_degrees().abs() > tol.scan_skew_max {
        return;
    }
    let glyphs = || line.words.iter().flat_map(|w| w.0.clone());
    let n = glyphs().count() as f64;
    let bottom = glyphs().map(|i| page.glyphs[i].bbox.bottom).sum::<f64>() / n;
    let height = glyphs().map(|i| page.glyphs[i].bbox.height()).sum::<f64>() / n;
    for i in glyphs() {
        let b = &mut page.glyphs[i].bbox;
        b.bottom = bottom;
        b.top = bottom - height;
    }
}

/// A turn by `-angle` about a centre: what takes a line sloping by `angle` (y down)
/// to level.
struct Turn {
    cos: f64,
    sin: f64,
    cx: f64,
    cy: f64,
}

impl Turn {
    fn new(angle: f64, cx: f64, cy: f64) -> Self {
        Turn {
            cos: angle.cos(),
            sin: angle.sin(),
            cx,
            cy,
        }
    }

    /// The point `(x, y)` turned.
    fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let (dx, dy) = (x - self.cx, y - self.cy);
        (
            self.cx + dx * self.cos + dy * self.sin,
            self.cy - dx * self.sin + dy * self.cos,
        )
    }

    /// A shaded band read along the skew (its slanted middle, its size along and
    /// across the slant) turned level: its middle turned, its size kept.
    fn fill(&self, b: &mut BBox) {
        let (cx, cy) = self.apply(b.cx(), b.cy());
        let (hw, hh) = (b.width() / 2.0, b.height() / 2.0);
        *b = BBox::new(cx - hw, cy - hh, cx + hw, cy + hh);
    }

    /// A ruling turned about its middle, its length kept (a skew of a few degrees
    /// keeps a rule along its axis).
    fn ruling(&self, r: &mut Ruling) {
        let (mid, half) = ((r.start + r.end) / 2.0, (r.end - r.start) / 2.0);
        let (along, pos) = if r.horizontal {
            self.apply(mid, r.pos)
        } else {
            let (x, y) = self.apply(r.pos, mid);
            (y, x)
        };
        r.pos = pos;
        r.start = along - half;
        r.end = along + half;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A turn by the skew takes points of a line sloping by it to one height.
    #[test]
    fn a_turn_levels_a_line_of_its_slope() {
        let angle = 0.4_f64.to_radians();
        let turn = Turn::new(angle, 300.0, 400.0);
        let ys: Vec<f64> = [50.0, 300.0, 550.0]
            .iter()
            .map(|&x| turn.apply(x, 200.0 + (x - 50.0) * angle.tan()).1)
            .collect();
        assert!(ys.windows(2).all(|w| (w[0] - w[1]).abs() < 1e-9), "{ys:?}");
    }

    /// A horizontal ruling keeps its length and axis; its middle is turned.
    #[test]
    fn a_ruling_is_turned_about_its_middle() {
        let turn = Turn::new(1.0_f64.to_radians(), 0.0, 0.0);
        let mut r = Ruling {
            horizontal: true,
            pos: 0.0,
            start: 90.0,
            end: 110.0,
            from_image: true,
        };
        turn.ruling(&mut r);
        assert!((r.end - r.start - 20.0).abs() < 1e-9);
        assert!(
            (r.pos + 100.0 * 1.0_f64.to_radians().sin()).abs() < 1e-9,
            "{r:?}"
        );
    }
}
