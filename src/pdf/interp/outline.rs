//! The weight of a Type 3 font read from its glyph outlines.
//!
//! A Type 3 font draws each glyph with a content stream (`/CharProcs`). Chromium
//! writes its fonts as Type 3 with a `/FontDescriptor` that names the weight; cairo
//! and Ghostscript re-write them without one (no name, no descriptor), so nothing
//! but the outlines tells bold from regular. The ink of a glyph is a band of some
//! stroke width: twice its area over its perimeter is that width. Over the fixtures'
//! Chromium fonts, in em: NimbusSans-Bold 0.122–0.127, NimbusSans-Regular
//! 0.079–0.081 (0.064–0.067 in subsets of 1–3 glyphs), P052-Bold 0.088–0.091,
//! P052-Roman 0.061–0.064 (0.054–0.057 in subsets of 1–3 glyphs). The figure
//! depends on the family, so the decision is relative to the document's lightest
//! font (`pdf::PageSource`, [`FontRules`](crate::config::FontRules)).

use super::lexer::{Lexer, Operand};
use super::obj;
use crate::pdf::OutlineWeight;
use lopdf::{Dictionary, Document};

/// Glyph procedures measured per font: enough for a sample of the type's weight,
/// bounded so a font of thousands of glyphs costs no more than a page.
const MAX_GLYPHS: usize = 256;
/// A glyph procedure longer than this (bytes) is not an outline to measure (an
/// image, a hostile stream); it is skipped.
const MAX_PROC_BYTES: usize = 64 << 10;
/// Bytes of glyph procedures measured per font, all glyphs together: a sample of
/// 256 glyphs of a real font is a few KiB each at most (Chromium's: under 1 KiB), and
/// a font whose procedures all point at one large stream would otherwise be lexed
/// 256 times over.
const MAX_FONT_BYTES: usize = 256 << 10;
/// Straight pieces a Bézier curve is measured as: the area and length of a glyph's
/// curves come within 0.5% of the exact ones at 8.
const CURVE_STEPS: usize = 8;

/// The stroke width of a Type 3 font's glyphs in em and how many glyphs it was
/// measured on; `None` when no glyph draws a filled outline.
pub(super) fn weight(doc: &Document, dict: &Dictionary) -> Option<OutlineWeight> {
    let em = font_scale(doc, dict)?;
    let procs = obj::dict(doc, dict, b"CharProcs")?;
    let (mut area, mut perimeter, mut glyphs, mut read) = (0.0, 0.0, 0, 0);
    for (_, p) in procs.iter().take(MAX_GLYPHS) {
        let Some(stream) = obj::resolve(doc, p)
            .and_then(|o| o.as_stream().ok())
            .filter(|s| s.content.len() <= MAX_PROC_BYTES)
        else {
            continue;
        };
        let Some(bytes) = obj::stream_bytes(stream).filter(|b| b.len() <= MAX_PROC_BYTES) else {
            continue;
        };
        read += bytes.len();
        if read > MAX_FONT_BYTES {
            break;
        }
        let (a, l) = ink(&bytes);
        if l > 0.0 && a.is_finite() && l.is_finite() {
            area += a;
            perimeter += l;
            glyphs += 1;
        }
    }
    (perimeter > 0.0).then(|| OutlineWeight {
        stroke_em: 2.0 * area / perimeter * em,
        glyphs,
    })
}

/// How long one glyph-space unit is in text space (em): the `/FontMatrix`'s
/// area scale, square-rooted.
fn font_scale(doc: &Document, dict: &Dictionary) -> Option<f64> {
    let m = obj::get(doc, dict, b"FontMatrix")?.as_array().ok()?;
    let n = |i: usize| m.get(i).and_then(|o| obj::as_number(doc, o));
    let det = n(0)? * n(3)? - n(1)? * n(2)?;
    (det != 0.0 && det.is_finite()).then(|| det.abs().sqrt())
}

/// Area and perimeter of the filled ink of one glyph procedure, in glyph space. A
/// glyph's contours wind both ways (a hole against its outline), so the signed
/// areas of one fill add up to its ink; every contour's length is ink edge.
fn ink(content: &[u8]) -> (f64, f64) {
    let mut lexer = Lexer::new(content);
    let mut ops: Vec<Operand> = Vec::new();
    let mut path = Path::default();
    let (mut area, mut length) = (0.0, 0.0);
    let mut scale = vec![1.0];
    while let Some(op) = lexer.next_op(&mut ops) {
        let k = nums(&ops);
        let s = scale.last().copied().unwrap_or(1.0);
        match (op, k.as_slice()) {
            (b"q", _) => scale.push(s),
            (b"Q", _) if scale.len() > 1 => {
                scale.pop();
            }
            (b"cm", [a, b, c, d, _, _]) => {
                if let Some(top) = scale.last_mut() {
                    *top *= (a * d - b * c).abs().sqrt();
                }
            }
            (b"m", [x, y]) => path.move_to(*x, *y),
            (b"l", [x, y]) => path.line_to(*x, *y),
            (b"c", [x1, y1, x2, y2, x3, y3]) => path.curve((*x1, *y1), (*x2, *y2), (*x3, *y3)),
            (b"v", [x2, y2, x3, y3]) => path.curve(path.now(), (*x2, *y2), (*x3, *y3)),
            (b"y", [x1, y1, x3, y3]) => path.curve((*x1, *y1), (*x3, *y3), (*x3, *y3)),
            (b"re", [x, y, w, h]) => path.rect(*x, *y, *w, *h),
            (b"h", _) => path.close(),
            (b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*", _) => {
                let (a, l) = path.take();
                area += a.abs() * s * s;
                length += l * s;
            }
            (b"n" | b"S" | b"s", _) => {
                path.take();
            }
            _ => {}
        }
    }
    (area, length)
}

/// The operands as numbers (an operand that is not one leaves the list short, so
/// the operator's pattern does not match).
fn nums(ops: &[Operand]) -> Vec<f64> {
    ops.iter().map_while(Operand::number).collect()
}

/// A path being built: its closed contours' signed area and length so far, and the
/// open contour.
#[derive(Default)]
struct Path {
    area: f64,
    length: f64,
    contour: Vec<(f64, f64)>,
}

impl Path {
    fn now(&self) -> (f64, f64) {
        self.contour.last().copied().unwrap_or((0.0, 0.0))
    }

    fn move_to(&mut self, x: f64, y: f64) {
        self.close();
        self.contour.push((x, y));
    }

    fn line_to(&mut self, x: f64, y: f64) {
        if self.contour.is_empty() {
            self.contour.push((0.0, 0.0));
        }
        self.contour.push((x, y));
    }

    fn curve(&mut self, p1: (f64, f64), p2: (f64, f64), p3: (f64, f64)) {
        let p0 = self.now();
        for i in 1..=CURVE_STEPS {
            let t = i as f64 / CURVE_STEPS as f64;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            self.line_to(
                a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0,
                a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1,
            );
        }
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64) {
        self.move_to(x, y);
        self.line_to(x + w, y);
        self.line_to(x + w, y + h);
        self.line_to(x, y + h);
        self.close();
    }

    /// Close the open contour (a fill closes it too): its shoelace area and length,
    /// the closing edge included.
    fn close(&mut self) {
        let c = std::mem::take(&mut self.contour);
        if c.len() < 2 {
            return;
        }
        for (i, p) in c.iter().enumerate() {
            let q = c[(i + 1) % c.len()];
            self.area += (p.0 * q.1 - q.0 * p.1) / 2.0;
            self.length += (q.0 - p.0).hypot(q.1 - p.1);
        }
    }

    /// The path's signed area and length, the path emptied.
    fn take(&mut self) -> (f64, f64) {
        self.close();
        let out = (self.area, self.length);
        *self = Path::default();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_is_as_wide_as_its_stroke() {
        // a 10 x 100 bar: 2 * 1000 / 220 = 9.09, near its width for a long bar
        let (a, l) = ink(b"0 0 10 100 re f");
        assert!((2.0 * a / l - 9.09).abs() < 0.01, "{a} {l}");
    }

    #[test]
    fn a_hole_takes_its_area_back_and_adds_its_edge() {
        // a ring: outline counter-clockwise, hole clockwise (nonzero winding)
        let ring = b"0 0 m 100 0 l 100 100 l 0 100 l h 20 20 m 20 80 l 80 80 l 80 20 l h f";
        let (a, l) = ink(ring);
        assert!((a - (10_000.0 - 3_600.0)).abs() < 1e-9, "{a}");
        assert!((l - 640.0).abs() < 1e-9, "{l}");
    }

    #[test]
    fn cm_scales_and_unfilled_paths_do_not_count() {
        // (lopdf reads reals as f32: 0.01 is 0.0099999998)
        let (a, l) = ink(b"q 0.01 0 0 0.01 0 0 cm 0 0 1000 1000 re f Q 0 0 5 5 re n");
        assert!(
            (a - 100.0).abs() < 1e-4 && (l - 40.0).abs() < 1e-4,
            "{a} {l}"
        );
    }

    /// A hostile font whose 256 glyph procedures are one 60 KiB stream: measured only
    /// until the font's byte budget is spent, not lexed 256 times.
    #[test]
    fn a_font_is_measured_within_its_byte_budget() {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let glyph = b"0 0 10 100 re f ".repeat(60 << 10 >> 4);
        assert!(glyph.len() <= MAX_PROC_BYTES);
        let proc_id = doc.add_object(Stream::new(dictionary! {}, glyph));
        let mut procs = Dictionary::new();
        for i in 0..256 {
            procs.set(format!("g{i}"), lopdf::Object::Reference(proc_id));
        }
        let font = dictionary! {
            "Type" => "Font",
            "Subtype" => "Type3",
            "FontMatrix" => vec![0.001.into(), 0.into(), 0.into(), 0.001.into(), 0.into(), 0.into()],
            "CharProcs" => procs,
        };
        let w = weight(&doc, &font);
        assert_eq!(
            w.as_ref().map(|w| w.glyphs),
            Some(MAX_FONT_BYTES / (60 << 10)),
            "{w:?}"
        );
        let stroke = w.map_or(0.0, |w| w.stroke_em);
        assert!(
            (stroke - 2.0 * 1000.0 / 220.0 * 0.001).abs() < 1e-3,
            "{stroke}"
        );
    }

    #[test]
    fn garbage_measures_nothing() {
        assert_eq!(ink(b"] ) 1 2 c f h Q Q Q cm"), (0.0, 0.0));
    }
}
