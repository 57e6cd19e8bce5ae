//! Rulings of a scanned page, read from its image.
//!
//! A page scanned and run through OCR is an image with an invisible text layer over
//! it: its table rules exist only as pixels, so the grid stage finds no lattice and
//! the OCR reads the vertical rules as lone `|` words. When a page's text is mostly
//! invisible and it has no vector rulings ([`needed`]), the images drawn over most of
//! it are decoded to grey (DCT with `zune-jpeg`; Flate, with or without predictor,
//! and unfiltered data through the document's inflation budget; 8-bit grey or RGB,
//! and 1-bit grey), long straight runs of ink are found along rows and columns,
//! chained into lines, and mapped through the image's matrix into display space as
//! [`Ruling`]s marked `from_image`. JBIG2, CCITT and JPX images (black-and-white and
//! JPEG 2000 scans) are not decoded: such a page keeps no rulings, as before.
//! A born-digital page pays one test of its glyphs and nothing else.

use super::obj;
use crate::config::RulingTolerances;
use crate::geom::BBox;
use crate::pdf::load::{Budget, MAX_SCAN_PIXELS};
use crate::pdf::space::{Matrix, View};
use crate::pdf::{Glyph, Page, Ruling};
use lopdf::{Document, ObjectId, Stream};
use std::borrow::Cow;

/// Smallest side of an image looked into, in pixels (an icon is no scan).
const MIN_SCAN_SIDE: u32 = 64;

/// Whether the page's rulings should be read from its image: most of its glyphs are
/// invisible (an OCR layer, [`RulingTolerances::scan_invisible_share`]) and it drew
/// no vector rulings (a born-digital page with hidden text keeps its own lines).
pub(super) fn needed(page: &Page, rulings: &[Ruling], tol: &RulingTolerances) -> bool {
    if !rulings.is_empty() || page.glyphs.is_empty() || page.images == 0 {
        return false;
    }
    let hidden = page.glyphs.iter().filter(|g| g.invisible).count();
    hidden as f64 >= tol.scan_invisible_share * page.glyphs.len() as f64
}

/// What a scan's image draws of a table: its rules and its shaded bands.
#[derive(Debug, Default)]
pub(super) struct Marks {
    /// Rulings, merged and sorted as vector rulings are.
    pub rulings: Vec<Ruling>,
    /// Shaded bands (a dark header row, zebra stripes), as [`Page::fills`]; on a
    /// skewed page each is the slanted band's middle and size, which `deskew`
    /// turns level with the page.
    pub fills: Vec<BBox>,
}

/// The rulings and shaded bands found in the images drawn on the page that cover at
/// least [`RulingTolerances::scan_image_cover`] of it.
pub(super) fn marks(
    doc: &Document,
    budget: &Budget,
    drawn: &[(ObjectId, Matrix)],
    view: View,
    page: &Page,
    skew: Option<f64>,
    tol: &RulingTolerances,
) -> Marks {
    let (pw, ph) = view.display_size();
    let mut out = Vec::new();
    let mut fills = Vec::new();
    for (id, ctm) in drawn {
        if cover(ctm, view) < tol.scan_image_cover * pw * ph {
            continue;
        }
        let Some(stream) = doc.get_object(*id).ok().and_then(|o| o.as_stream().ok()) else {
            continue;
        };
        if let Some(gray) = decode(doc, budget, *id, stream) {
            out.extend(image_rulings(&gray, ctm, view, skew, tol));
            fills.extend(image_fills(&gray, ctm, view, skew, tol));
        }
    }
    let words = word_boxes(page);
    out.retain(|r| !through_text(r, page, tol) && !inside_a_word(r, &words));
    fills.retain(|f| !letters(f, &words, tol));
    Marks {
        rulings: crate::pdf::rulings::merge(out, tol.snap),
        fills,
    }
}

/// Whether a horizontal line of ink runs along the baseline of the page's OCR words
/// over at least [`RulingTolerances::scan_text_share`] of its length: the serifs of
/// a line of type, not a rule.
///
/// Why: the serifs of bold and serif type touch along the baseline: `dell'anno`
/// of the 14 pt bold title of `g-roles-01` scanned at 200 dpi is a 22 pt run of
/// ink, `programmata` of its body a 22 pt one; both lie on the words' baseline
/// (within half the descent, 0.1 em, of it). A rule under a line of text lies
/// under its descenders; one through the words' boxes is still a rule (OCR sizes
/// its words' boxes from a guessed point size: on `h4-gallarate` at 150 dpi the
/// boxes reach over the rules of its tight rows).
fn through_text(r: &Ruling, page: &Page, tol: &RulingTolerances) -> bool {
    if !r.horizontal {
        return false;
    }
    let covered: f64 = page
        .glyphs
        .iter()
        .filter(|g| g.invisible && g.dir == 0)
        .filter(|g| {
            let descent = f64::from(g.size) * crate::pdf::DESCENT_EM;
            (r.pos - (g.bbox.bottom - descent)).abs() <= descent / 2.0
        })
        .map(|g| (g.bbox.x1.min(r.end) - g.bbox.x0.max(r.start)).max(0.0))
        .sum();
    covered >= tol.scan_text_share * (r.end - r.start)
}

/// The boxes of the page's OCR words ([`super::deskew::ocr_words`]).
fn word_boxes(page: &Page) -> Vec<BBox> {
    super::deskew::ocr_words(page)
        .into_iter()
        .filter_map(|r| BBox::union_all(page.glyphs[r].iter().map(|g| &g.bbox)))
        .collect()
}

/// Whether a horizontal line of ink lies wholly inside one OCR word's box, end to
/// end: the strokes of the word's letters, not a rule.
///
/// Why: bold type at 150 dpi runs its letters together into long runs of ink at
/// mid-height (the header `Obiettivi gestionali` of `h6-pontassieve` scanned at 150
/// dpi: 21.6 and 28.3 pt runs 2.6 pt above the baseline, inside the words' boxes),
/// which the baseline test of [`through_text`] does not take. A rule through a
/// tight row's word boxes (`h4-gallarate`) runs past the words' ends, across the
/// cell.
fn inside_a_word(r: &Ruling, words: &[BBox]) -> bool {
    r.horizontal
        && words
            .iter()
            .any(|w| w.x0 <= r.start && r.end <= w.x1 && w.top <= r.pos && r.pos <= w.bottom)
}

/// Whether a shaded band is the letters of an OCR word it crosses: it lies within
/// the word's height and is at most [`RulingTolerances::scan_letters_height`] of it.
///
/// Why: a line of small serif type scanned at 150 dpi is grey more than ink (the
/// strokes are thinner than a pixel), so its rows are shade runs, and a line of
/// them a band of its x-height (`h6-pontassieve`'s cell text at 150 dpi: bands
/// 3.4–3.8 pt high inside word boxes 10 pt high). A stripe or a header's shading
/// holds whole lines: it is as tall as their boxes or taller (OCR sizes a box from
/// a guessed point size, so a one-line stripe, 9.2 pt, may be shorter than its
/// words' 10 pt boxes, and lie within one).
fn letters(f: &BBox, words: &[BBox], tol: &RulingTolerances) -> bool {
    words.iter().any(|w| {
        w.x0 < f.x1
            && f.x0 < w.x1
            && w.top <= f.top
            && f.bottom <= w.bottom
            && f.height() <= tol.scan_letters_height * w.height()
    })
}

/// The characters OCR reads a vertical rule as when it takes it for text.
const RULE_BARS: [&str; 5] = ["|", "¦", "│", "[", "]"];

/// Drop the invisible glyphs that are a vertical rule read as text: a bar (or a
/// bracket) at the edge of a word, over a vertical ruling found in the image.
///
/// Why: tesseract reads the vertical rules of a ruled table as `|` words between the
/// columns, and as a bar or a bracket glued to the word next to the rule
/// (`|Settore` on `g-roles-17` scanned at 200 dpi; `[Cod.`, `[lavori` on
/// `h4-gallarate` at 150 dpi); kept, they are cell text (`| Numero punti luce`).
/// Where the image gives the rule, the mark is the rule. A glued mark has no box of
/// its own (the word's box is spread evenly over its letters: `|Settore`'s bar lies
/// 3.4 pt right of its rule), so it may lie up to its own width off the rule. A
/// mark inside a word, or with no rule under it (a `|` or `[1]` in the text), is
/// kept.
pub(super) fn drop_rule_bars(page: &mut Page, rulings: &[Ruling], tol: &RulingTolerances) {
    let verticals: Vec<&Ruling> = rulings.iter().filter(|r| !r.horizontal).collect();
    if verticals.is_empty() {
        return;
    }
    let text_of = |g: &Glyph| {
        page.text
            .get(g.start as usize..g.end as usize)
            .unwrap_or("")
    };
    let gap = |g: Option<&Glyph>| g.is_none_or(|g| text_of(g).trim().is_empty());
    let on_rule = |g: &Glyph| {
        let reach = tol.scan_max_thickness + g.bbox.width();
        verticals.iter().any(|r| {
            r.pos >= g.bbox.x0 - reach
                && r.pos <= g.bbox.x1 + reach
                && r.start <= g.bbox.bottom
                && r.end >= g.bbox.top
        })
    };
    let glyphs = &page.glyphs;
    let keep: Vec<bool> = glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let edge = gap(i.checked_sub(1).and_then(|j| glyphs.get(j))) || gap(glyphs.get(i + 1));
            !(g.invisible && RULE_BARS.contains(&text_of(g)) && edge && on_rule(g))
        })
        .collect();
    let mut k = keep.into_iter();
    page.glyphs.retain(|_| k.next().unwrap_or(true));
}

/// Area in display space of the unit square an image is drawn into.
fn cover(ctm: &Matrix, view: View) -> f64 {
    let corners = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)].map(|(u, v)| {
        let (x, y) = ctm.apply(u, v);
        view.to_display(x, y)
    });
    // shoelace formula: the unit square maps to a parallelogram
    let mut twice = 0.0;
    for i in 0..4 {
        let (a, b) = (corners[i], corners[(i + 1) % 4]);
        twice += a.0 * b.1 - b.0 * a.1;
    }
    twice.abs() / 2.0
}

/// A decoded image: one grey byte a pixel (0 black, 255 white), rows top first.
struct Gray {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

/// The image as grey pixels, or `None` when it is a mask, too large, or in a
/// filter or colour space not read here.
fn decode(doc: &Document, budget: &Budget, id: ObjectId, s: &Stream) -> Option<Gray> {
    let dict = &s.dict;
    if dict.get(b"ImageMask").ok().and_then(|o| o.as_bool().ok()) == Some(true) {
        return None;
    }
    let w = obj::number(doc, dict, b"Width")? as u32;
    let h = obj::number(doc, dict, b"Height")? as u32;
    if w < MIN_SCAN_SIDE || h < MIN_SCAN_SIDE || u64::from(w) * u64::from(h) > MAX_SCAN_PIXELS {
        return None;
    }
    let filters = s.filters().unwrap_or_default();
    if let Some((last, before)) = filters.split_last()
        && matches!(*last, b"DCTDecode" | b"DCT")
    {
        // ocrmypdf deflates the JPEG of a scan once more: [/FlateDecode /DCTDecode]
        return match before {
            [] => jpeg(&s.content),
            [f] if matches!(*f, b"FlateDecode" | b"Fl") => {
                let mut dict = lopdf::Dictionary::new();
                dict.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                let inner = Stream::new(dict, s.content.clone());
                jpeg(&budget.bytes(id, &inner).ok()??)
            }
            _ => None,
        };
    }
    if filters.iter().any(|f| {
        matches!(
            *f,
            b"JBIG2Decode" | b"CCITTFaxDecode" | b"CCF" | b"JPXDecode"
        )
    }) {
        return None;
    }
    let data = budget.bytes(id, s).ok()??;
    let comps = components(doc, dict)?;
    let bpc = obj::number(doc, dict, b"BitsPerComponent").unwrap_or(8.0) as u32;
    raw(&data, w as usize, h as usize, comps, bpc)
}

/// Colour components of an image's colour space: 1 (grey) or 3 (RGB); others
/// (CMYK, Indexed, Separation, Lab) are not read.
fn components(doc: &Document, dict: &lopdf::Dictionary) -> Option<usize> {
    let cs = obj::get(doc, dict, b"ColorSpace")?;
    let name = match cs {
        lopdf::Object::Name(n) => n.as_slice(),
        lopdf::Object::Array(v) => v.first()?.as_name().ok()?,
        _ => return None,
    };
    match name {
        b"DeviceGray" | b"CalGray" | b"G" => Some(1),
        b"DeviceRGB" | b"CalRGB" | b"RGB" => Some(3),
        b"ICCBased" => {
            let lopdf::Object::Array(v) = cs else {
                return None;
            };
            let icc = obj::resolve(doc, v.get(1)?)?.as_stream().ok()?;
            match obj::number(doc, &icc.dict, b"N")? as usize {
                n @ (1 | 3) => Some(n),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A JPEG decoded to luminance (zune-jpeg converts colour itself).
fn jpeg(data: &[u8]) -> Option<Gray> {
    use zune_jpeg::JpegDecoder;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let side = MAX_SCAN_PIXELS as usize;
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(side)
        .set_max_height(side);
    let mut decoder = JpegDecoder::new_with_options(data, options);
    decoder.decode_headers().ok()?;
    let info = decoder.info()?;
    let (w, h) = (usize::from(info.width), usize::from(info.height));
    if (w * h) as u64 > MAX_SCAN_PIXELS {
        return None;
    }
    let px = decoder.decode().ok()?;
    (px.len() == w * h).then_some(Gray { w, h, px })
}

/// Unfiltered samples to grey: 8-bit grey or RGB, or 1-bit grey (0 black).
fn raw(data: &[u8], w: usize, h: usize, comps: usize, bpc: u32) -> Option<Gray> {
    let px = match (bpc, comps) {
        (8, 1) => data.get(..w * h)?.to_vec(),
        (8, 3) => data
            .get(..w * h * 3)?
            .chunks_exact(3)
            .map(|p| {
                ((u32::from(p[0]) * 30 + u32::from(p[1]) * 59 + u32::from(p[2]) * 11) / 100) as u8
            })
            .collect(),
        (1, 1) => {
            let stride = w.div_ceil(8);
            let rows = data.get(..stride * h)?;
            let mut px = Vec::with_capacity(w * h);
            for row in rows.chunks_exact(stride) {
                px.extend((0..w).map(|x| {
                    if row[x / 8] >> (7 - x % 8) & 1 == 1 {
                        255
                    } else {
                        0
                    }
                }));
            }
            px
        }
        _ => return None,
    };
    Some(Gray { w, h, px })
}

/// A run of ink along one row (or column) of pixels: `start..end`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    row: usize,
    start: usize,
    end: usize,
}

/// A chain of runs on neighbouring rows that overlap: one drawn line.
#[derive(Debug, Clone, Copy)]
struct Line {
    last_row: usize,
    start: usize,
    end: usize,
    /// Ink pixels of its runs, and their rows weighted by length (for its centre).
    area: usize,
    row_sum: f64,
}

/// Lines of ink found in one image, as rulings in display space. On a skewed page
/// (`skew`, the slope of its lines in display space, y down) the image is read along
/// the skew ([`Shear`]): a rule turned by 1.5° steps one pixel every 38 pixels at
/// 200 dpi, 14 pt, shorter than [`RulingTolerances::scan_min_run`], and was not
/// found (`h4-jesi` scanned 1.5° turned). A line found so is given as the slanted
/// rule's middle and extent, which `deskew` then turns level with the page.
fn image_rulings(
    g: &Gray,
    ctm: &Matrix,
    view: View,
    skew: Option<f64>,
    tol: &RulingTolerances,
) -> Vec<Ruling> {
    let level = (tol.scan_ink * 255.0) as u8;
    let ink: Vec<bool> = g.px.iter().map(|&p| p <= level).collect();
    // pixels per point along the image's rows and columns
    let along_x = g.w as f64 / ctm.a.hypot(ctm.b).max(f64::EPSILON);
    let along_y = g.h as f64 / ctm.c.hypot(ctm.d).max(f64::EPSILON);
    let shear = skew
        .and_then(|s| Shear::new(s, g, ctm, view))
        .unwrap_or_default();
    let mut out = Vec::new();
    let rows_ink = shear.rows(&ink, g.w, g.h);
    let rows = runs(
        &rows_ink,
        g.w,
        g.h,
        tol.scan_min_run * along_x,
        tol.scan_max_gap * along_x,
    );
    for l in lines(
        rows,
        tol.scan_max_gap * along_x,
        tol.scan_max_thickness * along_y,
    ) {
        let row = l.row_sum / l.area as f64 + 0.5;
        let v = |col: usize| 1.0 - (row + col as f64 * shear.rows_per_col) / g.h as f64;
        let (u0, u1) = (l.start as f64 / g.w as f64, l.end as f64 / g.w as f64);
        out.extend(mapped((u0, v(l.start)), (u1, v(l.end)), ctm, view));
    }
    let transposed = transpose(&shear.cols(&ink, g.w, g.h), g.w, g.h);
    let cols = runs(
        &transposed,
        g.h,
        g.w,
        tol.scan_min_run * along_y,
        tol.scan_max_gap * along_y,
    );
    for l in lines(
        cols,
        tol.scan_max_gap * along_y,
        tol.scan_max_thickness * along_x,
    ) {
        let col = l.row_sum / l.area as f64 + 0.5;
        let u = |row: usize| (col + row as f64 * shear.cols_per_row) / g.w as f64;
        let (v0, v1) = (
            1.0 - l.start as f64 / g.h as f64,
            1.0 - l.end as f64 / g.h as f64,
        );
        out.extend(mapped((u(l.start), v0), (u(l.end), v1), ctm, view));
    }
    out
}

/// The grey of the image's paper: its most common level lighter than ink (a scan is
/// mostly paper, and a sheet scanned grey or yellowed is not white).
fn paper_level(g: &Gray, ink: u8) -> u8 {
    let mut hist = [0usize; 256];
    for &p in &g.px {
        hist[usize::from(p)] += 1;
    }
    (ink..=255)
        .max_by_key(|&v| hist[usize::from(v)])
        .unwrap_or(255)
}

/// Shaded bands of one image (a table's dark header row, its zebra stripes), as
/// fills in display space.
///
/// Why: a born-digital zebra table draws its stripes as filled rectangles, whose
/// edges tell its rows apart where no rule does; scanned, the stripes are areas of
/// grey (`g-roles-09` Chromium's at 300 dpi: paper 255, stripes 230, header 200),
/// and without them the table was read from gaps alone and missed its header. A
/// pixel is shaded when it is darker than [`RulingTolerances::white`] times the
/// paper's grey ([`paper_level`]) — the level below which a vector fill counts as
/// shading; a row's run of shaded pixels (gaps of [`RulingTolerances::scan_max_gap`]
/// bridged) at least [`RulingTolerances::scan_min_run`] long is part of a band when
/// at least [`RulingTolerances::scan_shade_share`] of it is shade, not ink (the
/// letters of a line of type on paper are ink and paper, a stripe's row is grey
/// with letters on it). Runs on following rows that overlap make one band; a band
/// no thicker than [`RulingTolerances::scan_max_thickness`] is a rule, not a fill.
/// The image is read along the skew as [`image_rulings`] reads it.
fn image_fills(
    g: &Gray,
    ctm: &Matrix,
    view: View,
    skew: Option<f64>,
    tol: &RulingTolerances,
) -> Vec<BBox> {
    let level = (tol.scan_ink * 255.0) as u8;
    let paper = paper_level(g, level);
    let shaded_below = f64::from(paper) * tol.white;
    let class_of: [Shade; 256] = std::array::from_fn(|p| {
        if p <= usize::from(level) {
            Shade::Ink
        } else if (p as f64) < shaded_below {
            Shade::Grey
        } else {
            Shade::Paper
        }
    });
    let classes: Vec<Shade> = g.px.iter().map(|&p| class_of[usize::from(p)]).collect();
    let along_x = g.w as f64 / ctm.a.hypot(ctm.b).max(f64::EPSILON);
    let along_y = g.h as f64 / ctm.c.hypot(ctm.d).max(f64::EPSILON);
    let shear = skew
        .and_then(|s| Shear::new(s, g, ctm, view))
        .unwrap_or_default();
    let classes = shear.rows(&classes, g.w, g.h);
    let found = shade_runs(
        &classes,
        g.w,
        tol.scan_min_run * along_x,
        tol.scan_max_gap * along_x,
        tol.scan_shade_share,
    );
    bands(found)
        .into_iter()
        .filter(|b| (b.last_row + 1 - b.first_row) as f64 > tol.scan_max_thickness * along_y)
        .filter_map(|b| {
            let mid = (b.start + b.end) as f64 / 2.0;
            let climb = mid * shear.rows_per_col;
            let v = |row: f64| 1.0 - (row + climb) / g.h as f64;
            let (u0, u1) = (b.start as f64 / g.w as f64, b.end as f64 / g.w as f64);
            let to_display = |(u, v): (f64, f64)| {
                let (x, y) = ctm.apply(u, v);
                view.to_display(x, y)
            };
            let p = to_display((u0, v(b.first_row as f64)));
            let q = to_display((u1, v((b.last_row + 1) as f64)));
            let fill = BBox::new(p.0, p.1, q.0, q.1);
            (fill.width() > 0.0 && fill.height() > 0.0).then_some(fill)
        })
        .collect()
}

/// What a pixel of a scan is, lightest first (so the darker of two is their `max`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Shade {
    /// As light as the paper, or nearly ([`RulingTolerances::white`]).
    #[default]
    Paper,
    /// Darker than the paper, lighter than ink: shading.
    Grey,
    /// Ink ([`RulingTolerances::scan_ink`]).
    Ink,
}

/// The runs of shaded pixels (grey or ink) of each row at least `min_len` long, gaps
/// of paper up to `max_gap` bridged, whose grey pixels are at least `share` of their
/// length; rows in order, runs left to right.
fn shade_runs(px: &[Shade], w: usize, min_len: f64, max_gap: f64, share: f64) -> Vec<Run> {
    let mut out = Vec::new();
    let mut keep = |row: usize, (start, end, grey): (usize, usize, usize)| {
        let len = (end - start) as f64;
        if len >= min_len && grey as f64 >= share * len {
            out.push(Run { row, start, end });
        }
    };
    for (row, line) in px.chunks_exact(w).enumerate() {
        // (start, end, grey pixels) of the run open
        let mut open: Option<(usize, usize, usize)> = None;
        for (x, &p) in line.iter().enumerate() {
            if p == Shade::Paper {
                continue;
            }
            let grey = usize::from(p == Shade::Grey);
            open = match open {
                Some((s, e, n)) if (x - e) as f64 <= max_gap => Some((s, x + 1, n + grey)),
                Some(run) => {
                    keep(row, run);
                    Some((x, x + 1, grey))
                }
                None => Some((x, x + 1, grey)),
            };
        }
        if let Some(run) = open {
            keep(row, run);
        }
    }
    out
}

/// A band of shade: runs on following rows that overlap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Band {
    first_row: usize,
    last_row: usize,
    start: usize,
    end: usize,
}

/// Shade runs chained into bands: a run joins the band whose last run is on the row
/// above (or the one above that, a row lost to noise) and overlaps it by at least
/// half the shorter of the two (letters on a stripe's edge do not join a stripe to
/// the text line under it; a stripe's rows all span it).
fn bands(runs: Vec<Run>) -> Vec<Band> {
    let mut open: Vec<Band> = Vec::new();
    let mut done: Vec<Band> = Vec::new();
    for r in runs {
        let (closed, still): (Vec<Band>, Vec<Band>) =
            open.into_iter().partition(|b| b.last_row + 2 < r.row);
        done.extend(closed);
        open = still;
        let joins = |b: &Band| {
            let overlap = r.end.min(b.end) as f64 - r.start.max(b.start) as f64;
            let shorter = (r.end - r.start).min(b.end - b.start) as f64;
            b.last_row < r.row && overlap >= shorter / 2.0
        };
        match open.iter_mut().find(|b| joins(b)) {
            Some(b) => {
                b.last_row = r.row;
                b.start = b.start.min(r.start);
                b.end = b.end.max(r.end);
            }
            None => open.push(Band {
                first_row: r.row,
                last_row: r.row,
                start: r.start,
                end: r.end,
            }),
        }
    }
    done.extend(open);
    done
}

/// Reading an image along a skew: a horizontal line of the page, turned, climbs
/// `rows_per_col` pixel rows a column; a vertical one moves `cols_per_row` columns a
/// row. Zero (the default) reads rows and columns as they are.
#[derive(Default)]
struct Shear {
    rows_per_col: f64,
    cols_per_row: f64,
}

impl Shear {
    /// The shear of a skew `s` (display slope, y down) in the image's pixels, when
    /// the image is drawn upright (its rows along the page's x, top row at the top);
    /// `None` for an image drawn turned or flipped, read as it is.
    fn new(s: f64, g: &Gray, ctm: &Matrix, view: View) -> Option<Shear> {
        let at = |u: f64, v: f64| {
            let (x, y) = ctm.apply(u, v);
            view.to_display(x, y)
        };
        let o = at(0.0, 1.0);
        let (c, r) = (at(1.0 / g.w as f64, 1.0), at(0.0, 1.0 - 1.0 / g.h as f64));
        let (col_x, col_y) = (c.0 - o.0, c.1 - o.1);
        let (row_x, row_y) = (r.0 - o.0, r.1 - o.1);
        let upright = col_x > 0.0 && row_y > 0.0 && col_y.abs() < 1e-9 && row_x.abs() < 1e-9;
        upright.then(|| Shear {
            rows_per_col: s * col_x / row_y,
            cols_per_row: -s * row_y / col_x,
        })
    }

    /// The bitmap with each column moved by its rows' climb: a turned horizontal
    /// line of ink lies along one row. A pixel is ink when either of the two it
    /// falls between is: a one-pixel rule turned is drawn across two rows where its
    /// middle falls between them, and the nearer row alone loses it there. (Of a
    /// map of [`Shade`] classes, the darker of the two.)
    fn rows<'a, T: Copy + Default + Ord>(&self, px: &'a [T], w: usize, h: usize) -> Cow<'a, [T]> {
        if self.rows_per_col == 0.0 {
            return Cow::Borrowed(px);
        }
        let mut out = vec![T::default(); w * h];
        for c in 0..w {
            let d = (c as f64 * self.rows_per_col).round() as isize;
            for r in 0..h {
                let src = r as isize + d;
                let at = |i: isize| {
                    if (0..h as isize).contains(&i) {
                        px[i as usize * w + c]
                    } else {
                        T::default()
                    }
                };
                out[r * w + c] = at(src).max(at(src + 1));
            }
        }
        Cow::Owned(out)
    }

    /// The bitmap with each row moved by its columns' drift: a turned vertical line
    /// of ink lies along one column (either of two pixels, as [`Shear::rows`]).
    fn cols<'a>(&self, ink: &'a [bool], w: usize, h: usize) -> Cow<'a, [bool]> {
        if self.cols_per_row == 0.0 {
            return Cow::Borrowed(ink);
        }
        let mut out = vec![false; w * h];
        for r in 0..h {
            let d = (r as f64 * self.cols_per_row).round() as isize;
            for c in 0..w {
                let src = c as isize + d;
                let at = |i: isize| (0..w as isize).contains(&i) && ink[r * w + i as usize];
                out[r * w + c] = at(src) || at(src + 1);
            }
        }
        Cow::Owned(out)
    }
}

/// The column-major copy of a bitmap, so columns are scanned as rows.
fn transpose(ink: &[bool], w: usize, h: usize) -> Vec<bool> {
    let mut t = vec![false; w * h];
    for (y, row) in ink.chunks_exact(w).enumerate() {
        for (x, &p) in row.iter().enumerate() {
            t[x * h + y] = p;
        }
    }
    t
}

/// Runs of ink of each row at least `min_len` pixels long, gaps of up to `max_gap`
/// pixels bridged; rows in order, runs left to right.
fn runs(ink: &[bool], w: usize, h: usize, min_len: f64, max_gap: f64) -> Vec<Run> {
    let mut out = Vec::new();
    for (row, px) in ink.chunks_exact(w).enumerate().take(h) {
        let mut open: Option<(usize, usize)> = None;
        for (x, &p) in px.iter().enumerate() {
            if !p {
                continue;
            }
            open = match open {
                Some((s, e)) if (x - e) as f64 <= max_gap => Some((s, x + 1)),
                Some((s, e)) => {
                    push_run(&mut out, row, s, e, min_len);
                    Some((x, x + 1))
                }
                None => Some((x, x + 1)),
            };
        }
        if let Some((s, e)) = open {
            push_run(&mut out, row, s, e, min_len);
        }
    }
    out
}

fn push_run(out: &mut Vec<Run>, row: usize, start: usize, end: usize, min_len: f64) {
    if (end - start) as f64 >= min_len {
        out.push(Run { row, start, end });
    }
}

/// Runs chained into lines: a run joins a line whose last run is on the row above
/// (or the one above that, a row lost to noise) and overlaps it or ends within
/// `max_gap`; a slightly skewed rule, a staircase of runs, becomes one line. Lines
/// whose ink is thicker on average than `max_thick` pixels are filled areas, dropped.
fn lines(runs: Vec<Run>, max_gap: f64, max_thick: f64) -> Vec<Line> {
    let mut open: Vec<Line> = Vec::new();
    let mut done: Vec<Line> = Vec::new();
    for r in runs {
        let (closed, still): (Vec<Line>, Vec<Line>) =
            open.into_iter().partition(|l| l.last_row + 2 < r.row);
        done.extend(closed);
        open = still;
        let near = |l: &Line| {
            l.last_row < r.row
                && r.start as f64 <= l.end as f64 + max_gap
                && r.end as f64 + max_gap >= l.start as f64
        };
        let len = r.end - r.start;
        match open.iter_mut().find(|l| near(l)) {
            Some(l) => {
                l.last_row = r.row;
                l.start = l.start.min(r.start);
                l.end = l.end.max(r.end);
                l.area += len;
                l.row_sum += (r.row * len) as f64;
            }
            None => open.push(Line {
                last_row: r.row,
                start: r.start,
                end: r.end,
                area: len,
                row_sum: (r.row * len) as f64,
            }),
        }
    }
    done.extend(open);
    done.retain(|l| l.area as f64 <= max_thick * (l.end - l.start) as f64);
    done
}

/// A line between two points of image space as a ruling in display space,
/// horizontal or vertical as it lies on the displayed page.
fn mapped(a: (f64, f64), b: (f64, f64), ctm: &Matrix, view: View) -> Option<Ruling> {
    let to_display = |(u, v): (f64, f64)| {
        let (x, y) = ctm.apply(u, v);
        view.to_display(x, y)
    };
    let (p, q) = (to_display(a), to_display(b));
    let (dx, dy) = ((q.0 - p.0).abs(), (q.1 - p.1).abs());
    if dx.max(dy) <= 0.0 {
        return None;
    }
    let horizontal = dx >= dy;
    let (pos, s, e) = if horizontal {
        ((p.1 + q.1) / 2.0, p.0, q.0)
    } else {
        ((p.0 + q.0) / 2.0, p.1, q.1)
    };
    Some(Ruling {
        horizontal,
        pos,
        start: s.min(e),
        end: s.max(e),
        from_image: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bitmap from rows of `#` (ink) and `.` (paper).
    fn bitmap(rows: &[&str]) -> (Vec<bool>, usize, usize) {
        let w = rows[0].len();
        let ink = rows
            .iter()
            .flat_map(|r| r.bytes().map(|b| b == b'#'))
            .collect();
        (ink, w, rows.len())
    }

    #[test]
    fn a_gap_within_the_limit_is_bridged_and_short_runs_are_dropped() {
        let (ink, w, h) = bitmap(&["##.####...##", "###........."]);
        assert_eq!(
            runs(&ink, w, h, 5.0, 1.0),
            vec![Run {
                row: 0,
                start: 0,
                end: 7
            }]
        );
    }

    #[test]
    fn a_skewed_rule_is_one_line_and_a_thick_band_none() {
        // a rule stepping down one row every 6 pixels, then (past two rows of
        // paper, which close the rule) a band 4 rows thick
        let (ink, w, h) = bitmap(&[
            "######............",
            "......######......",
            "............######",
            "..................",
            "..................",
            "##################",
            "##################",
            "##################",
            "##################",
        ]);
        let found = lines(runs(&ink, w, h, 5.0, 1.0), 1.0, 2.0);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].start, found[0].end, found[0].area), (0, 18, 18));
    }

    #[test]
    fn a_page_image_row_maps_to_a_horizontal_ruling_in_display_space() {
        // an image drawn over a whole 100 × 200 pt page: its row at 1/4 of the
        // height from the top is y = 50 from the top in display space
        let ctm = Matrix {
            a: 100.0,
            d: 200.0,
            ..Matrix::IDENTITY
        };
        let view = View::new([0.0, 0.0, 100.0, 200.0], 0);
        let r = mapped((0.1, 0.75), (0.9, 0.75), &ctm, view);
        assert!(r.is_some_and(|r| r.horizontal
            && r.from_image
            && (r.pos - 50.0).abs() < 1e-9
            && (r.start - 10.0).abs() < 1e-9));
        assert!((cover(&ctm, view) - 20_000.0).abs() < 1e-6);
    }

    #[test]
    fn a_stripe_row_is_shade_and_a_line_of_type_is_not() {
        // `=` shaded but ink (a letter on the stripe), `-` shade, `#` ink, `.` paper:
        // a stripe's row is grey with a letter on it; a row through a line of type on
        // paper is ink and paper with the grey rim JPEG leaves round the letters
        let row = |s: &str| -> Vec<Shade> {
            s.bytes()
                .map(|b| match b {
                    b'.' => Shade::Paper,
                    b'-' => Shade::Grey,
                    _ => Shade::Ink,
                })
                .collect()
        };
        let stripe = row("--------==------------");
        let w = stripe.len();
        let px = [stripe, row("#-#.##-#.#-##.#-#..#-#")].concat();
        assert_eq!(
            shade_runs(&px, w, 10.0, 1.0, 0.5),
            vec![Run {
                row: 0,
                start: 0,
                end: w
            }]
        );
    }

    #[test]
    fn runs_on_following_rows_are_one_band_and_a_run_barely_overlapping_is_another() {
        let run = |row, start, end| Run { row, start, end };
        let found = bands(vec![
            run(0, 10, 100),
            run(1, 10, 100),
            run(3, 12, 98), // a row lost to noise above it
            run(4, 90, 140),
        ]);
        assert_eq!(
            found,
            vec![
                Band {
                    first_row: 0,
                    last_row: 3,
                    start: 10,
                    end: 100
                },
                Band {
                    first_row: 4,
                    last_row: 4,
                    start: 90,
                    end: 140
                }
            ]
        );
    }

    #[test]
    fn a_band_inside_a_word_a_third_its_height_is_its_letters() {
        // `h6-pontassieve` scanned at 150 dpi turned −0.8° (page 2): the band read
        // from `Semplificazione e digitalizzazione dei` and that word's box, and the
        // stripe of the row of `Atti sottoposti a controllo successivo` and the box of
        // `Atti`
        let tol = RulingTolerances::default();
        let semplificazione = BBox::new(53.92, 100.54, 94.58, 110.50);
        let atti = BBox::new(447.79, 116.41, 456.77, 126.38);
        let words = [semplificazione, atti];
        assert!(letters(
            &BBox::new(53.39, 104.95, 153.71, 108.79),
            &words,
            &tol
        ));
        assert!(!letters(
            &BBox::new(33.49, 117.91, 808.21, 127.99),
            &words,
            &tol
        ));
        // a one-line stripe shorter than its words' boxes (the original's 9.2 pt
        // under 10 pt boxes) is still a stripe
        assert!(!letters(
            &BBox::new(33.49, 116.9, 808.21, 126.1),
            &words,
            &tol
        ));
    }

    #[test]
    fn the_paper_is_the_commonest_grey_lighter_than_ink() {
        let mut px = vec![240u8; 60];
        px.extend([0u8; 30]);
        px.extend([200u8; 10]);
        let g = Gray { w: 10, h: 10, px };
        assert_eq!(paper_level(&g, 127), 240);
    }
}
