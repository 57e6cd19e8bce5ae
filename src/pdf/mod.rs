//! Stage `pdf`: bytes → [`Document`] of positioned glyphs and ruling lines.
//!
//! The only stage that reads a PDF. `load` opens the file with lopdf under resource
//! limits and classifies bad input into typed errors (a file whose cross-reference
//! offsets are wrong is read through a table rebuilt by `repair`); for the
//! interpreter it first tries `reach`, which reads the cross-reference data
//! (`xref`) and parses only the objects reachable from the catalog and the Info
//! dictionary, and steps aside at any doubt; two readers turn pages into
//! glyphs and paths: `interp`, our own content-stream interpreter on lopdf (fonts
//! parsed once per document, font name and weight per glyph, no panics), and
//! `device`, the one place that knows pdf-extract (kept to compare, chosen by
//! [`Reader`]); `rulings` turns drawn paths into horizontal and vertical segments;
//! `space` holds the coordinate spaces both readers share.
//!
//! Invariant: coordinates leave this stage in display space (top-left origin, after
//! `/Rotate`), so no later stage knows about PDF user space.

mod box_chars;
mod device;
mod filters;
mod interp;
mod load;
mod reach;
mod repair;
mod rulings;
mod space;
mod xref;

use crate::config::{Config, FontRules, Reader};
use crate::error::{Error, NoText, Result};
use crate::geom::BBox;
use serde::Serialize;

pub use load::DocInfo;
pub use space::DESCENT_EM;

/// One positioned glyph. Its text lives in [`Page::text`] (`start..end`), so a page
/// holds one string instead of one allocation per glyph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// Byte range into [`Page::text`].
    pub start: u32,
    /// End of the byte range (exclusive).
    pub end: u32,
    /// Box of the glyph in display space (ascent/descent approximated from the size).
    pub bbox: BBox,
    /// Font size in display points.
    pub size: f32,
    /// Writing direction on the displayed page: 0 = left to right, 90 = top to bottom,
    /// 180 = upside down, 270 = bottom to top.
    pub dir: u16,
    /// Index into [`Page::fonts`], or [`NO_FONT`] when the reader does not know it.
    pub font: u16,
    /// What drew it: the page's content, an annotation, or a form field.
    pub origin: Origin,
    /// Drawn invisible (text render mode 3, or 7: clip only): the text layer an OCR
    /// program lays over a page scan, found by search and copy but never seen. Its
    /// box is the word's box in the image (see `interp::ops`, glyph-less runs).
    pub invisible: bool,
}

/// Where a glyph's text lives in the PDF: the page's own content, or the appearance
/// of an annotation drawn over it (a FreeText comment, a stamp) or of a form field
/// (a widget's value). pdftotext reads all three; later stages may tell them apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The page's content streams (and the forms they draw).
    #[default]
    Content,
    /// The normal appearance of an annotation other than a form field.
    Annotation,
    /// The normal appearance of a form field's widget.
    FormField,
}

impl Origin {
    /// Whether this is the page's own content (the usual case, not serialised).
    pub fn is_content(&self) -> bool {
        *self == Origin::Content
    }
}

/// [`Glyph::font`] of a glyph whose font is unknown (the pdf-extract reader).
pub const NO_FONT: u16 = u16::MAX;

/// The stroke width of a Type 3 font's glyph outlines (twice the ink's area over its
/// perimeter), for a font whose name and descriptor give no weight.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OutlineWeight {
    /// Stroke width in em.
    pub stroke_em: f64,
    /// Glyphs it was measured on.
    pub glyphs: usize,
}

/// The font a glyph is drawn with, as far as the PDF tells.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FontInfo {
    /// `/BaseFont` without the subset prefix (`BAAAAA+LiberationSans-Bold` →
    /// `LiberationSans-Bold`).
    pub name: String,
    /// Bold, from the name (Bold, Black, Heavy, Semibold...) or the font
    /// descriptor (`/FontWeight` ≥ 600, ForceBold flag).
    pub bold: bool,
    /// Italic, from the name (Italic, Oblique) or the descriptor (Italic flag,
    /// non-zero `/ItalicAngle`).
    pub italic: bool,
    /// A Type 3 font whose name and descriptor give no weight: its outlines' stroke,
    /// from which [`PageSource::read`] sets `bold` against the document's lightest
    /// font (cairo and Ghostscript re-write Chromium's Type 3 fonts without their
    /// descriptor).
    #[serde(skip)]
    pub outline: Option<OutlineWeight>,
}

/// Horizontal or vertical line segment drawn on the page (stroke, thin fill, or the
/// edge of a rectangle).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ruling {
    /// `true` for a horizontal segment (`pos` is its y), `false` for vertical (`pos` is x).
    pub horizontal: bool,
    /// y of a horizontal segment, x of a vertical one.
    pub pos: f64,
    /// Smaller end coordinate along the segment.
    pub start: f64,
    /// Larger end coordinate along the segment.
    pub end: f64,
    /// Found in the page's image (a scanned page with an OCR text layer and no
    /// vector lines), not drawn as a path.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub from_image: bool,
}

/// One page as drawn.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Displayed width in points (after rotation).
    pub width: f64,
    /// Displayed height in points (after rotation).
    pub height: f64,
    /// `/Rotate` of the page, normalised to 0, 90, 180 or 270.
    pub rotation: u16,
    /// Text of all glyphs, concatenated.
    pub text: String,
    /// Glyphs in content-stream order (whitespace glyphs included).
    pub glyphs: Vec<Glyph>,
    /// Fonts used on the page, indexed by [`Glyph::font`].
    pub fonts: Vec<FontInfo>,
    /// Ruling lines.
    pub rulings: Vec<Ruling>,
    /// Filled rectangles that are too thick to be rules (cell shading, zebra stripes).
    pub fills: Vec<BBox>,
    /// Images drawn on the page (used to tell scans from empty pages).
    pub images: usize,
    /// Character codes shown by text operators, whether or not their font gave them
    /// text (0 from the pdf-extract reader, which does not tell).
    pub codes_shown: usize,
    /// Codes shown in fonts that give them no text: font name and count, in order of
    /// first use (why a page with text operators can still have no text layer).
    pub unmapped: Vec<(String, usize)>,
    /// Set when the reader failed on this page (contained panic or parse error); the
    /// page is kept empty so page numbers stay right.
    pub error: Option<String>,
}

impl Page {
    /// The text of one glyph.
    pub fn glyph_text(&self, g: &Glyph) -> &str {
        self.text
            .get(g.start as usize..g.end as usize)
            .unwrap_or("")
    }

    /// The font of one glyph, when the reader knows it.
    pub fn font(&self, g: &Glyph) -> Option<&FontInfo> {
        self.fonts.get(usize::from(g.font))
    }
}

/// A whole opened document.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Info dictionary and producer.
    pub info: DocInfo,
}

/// Open a PDF from its bytes: the entry of this stage.
///
/// Errors are the user-facing classes of [`Error`]: not a PDF, corrupt, encrypted,
/// no pages, too large, no text layer, or a contained panic when every page failed.
pub fn open(bytes: &[u8], config: &Config) -> Result<Document> {
    let source = PageSource::new(bytes, config)?;
    let pages = source.read(0..source.page_count(), config)?;
    let facts: Vec<PageFacts> = pages.iter().map(PageFacts::of).collect();
    check_text_layer(&facts)?;
    Ok(Document {
        pages,
        info: source.info().clone(),
    })
}

/// An opened PDF whose pages are read on demand, a range at a time, so the
/// pipeline can turn each range into text and grids and drop its glyphs before
/// reading the next: memory stays flat however long the document.
pub struct PageSource {
    loaded: load::Loaded,
    fonts: interp::FontCache,
    /// The outline stroke (em) from which a Type 3 font that names no weight is
    /// bold in this document ([`bold_from`]).
    bold_stroke: Option<f64>,
}

impl PageSource {
    /// Load and check the file (limits, encryption, page count).
    pub fn new(bytes: &[u8], config: &Config) -> Result<Self> {
        let loaded = load::load(bytes, &config.limits, config.reader == Reader::Interpreter)?;
        let fonts = match config.reader {
            Reader::Interpreter => interp::FontCache::new(&loaded.doc, &loaded.budget),
            Reader::PdfExtract => interp::FontCache::default(),
        };
        let bold_stroke = match config.reader {
            Reader::Interpreter => {
                let weights = interp::outline_weights(&loaded.doc, &loaded.budget, &fonts);
                bold_from(&weights, &config.fonts)
            }
            Reader::PdfExtract => None,
        };
        Ok(PageSource {
            loaded,
            fonts,
            bold_stroke,
        })
    }
    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.loaded.pages.len()
    }
    /// Info dictionary and producer.
    pub fn info(&self) -> &DocInfo {
        &self.loaded.info
    }
    /// Read the pages with these 0-based indices, in parallel; fonts are parsed once
    /// per document whatever the ranges. A page's streams inflating past the limits
    /// fail the document (`TooLarge`); any other failure stays in [`Page::error`].
    pub fn read(&self, range: std::ops::Range<usize>, config: &Config) -> Result<Vec<Page>> {
        let setups = self.loaded.pages.get(range).unwrap_or(&[]);
        let mut pages = match config.reader {
            Reader::Interpreter => interp::read_pages(&self.loaded, setups, config, &self.fonts)?,
            Reader::PdfExtract => device::read_pages(&self.loaded, setups, config),
        };
        if let Some(from) = self.bold_stroke {
            for f in pages.iter_mut().flat_map(|p| p.fonts.iter_mut()) {
                f.bold |= f.outline.is_some_and(|w| {
                    w.glyphs >= config.fonts.type3_min_glyphs && w.stroke_em >= from
                });
            }
        }
        for p in &mut pages {
            box_chars::draw_as_rules(p, &config.rulings);
        }
        Ok(pages)
    }
}

/// The stroke from which a Type 3 font that names no weight is bold: the
/// document's lightest such font's (measured on at least `type3_min_glyphs`
/// glyphs) times `type3_bold_ratio`. Relative, since the stroke of a weight depends
/// on the family (a bold serif measures what a regular sans does).
fn bold_from(weights: &[OutlineWeight], rules: &FontRules) -> Option<f64> {
    weights
        .iter()
        .filter(|w| w.glyphs >= rules.type3_min_glyphs)
        .map(|w| w.stroke_em)
        .min_by(f64::total_cmp)
        .map(|m| m * rules.type3_bold_ratio)
}

/// What the text-layer check needs to know of a page once its glyphs are gone.
#[derive(Debug, Clone)]
pub struct PageFacts {
    /// The page has at least one glyph.
    pub has_text: bool,
    /// Images drawn on it.
    pub images: usize,
    /// The reader's error on it, if any.
    pub error: Option<String>,
    /// Character codes its text operators showed ([`Page::codes_shown`]).
    pub codes_shown: usize,
    /// Fonts that gave some of them no text ([`Page::unmapped`]).
    pub unmapped: Vec<(String, usize)>,
}

impl PageFacts {
    /// The facts of a read page.
    pub fn of(p: &Page) -> Self {
        PageFacts {
            has_text: !p.glyphs.is_empty(),
            images: p.images,
            error: p.error.clone(),
            codes_shown: p.codes_shown,
            unmapped: p.unmapped.clone(),
        }
    }
}

/// A document whose pages carry no glyph at all has no text layer; say why, since
/// the remedy differs: pages that are images only are scans (OCR them first); text
/// drawn in fonts without a mapping to Unicode is named by font (OCR, or a better
/// copy of the file); no text and no images is a drawing or blank pages.
pub fn check_text_layer(pages: &[PageFacts]) -> Result<()> {
    if pages.iter().any(|p| p.has_text) {
        return Ok(());
    }
    if let Some(msg) = pages.iter().find_map(|p| p.error.clone())
        && pages.iter().all(|p| p.error.is_some())
    {
        return Err(Error::DependencyPanic(msg));
    }
    let mut fonts: Vec<String> = Vec::new();
    let mut codes = 0;
    for (name, n) in pages.iter().flat_map(|p| &p.unmapped) {
        codes += n;
        if !fonts.contains(name) {
            fonts.push(name.clone());
        }
    }
    let why = if codes > 0 {
        NoText::Unmapped {
            pages: pages.iter().filter(|p| !p.unmapped.is_empty()).count(),
            codes,
            fonts,
        }
    } else {
        NoText::NothingShown {
            pages: pages.len(),
            image_pages: pages.iter().filter(|p| p.images > 0).count(),
        }
    };
    Err(Error::NoTextLayer(why))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(stroke_em: f64, glyphs: usize) -> OutlineWeight {
        OutlineWeight { stroke_em, glyphs }
    }

    #[test]
    fn bold_is_counted_from_the_lightest_full_font() {
        let rules = FontRules::default();
        // g-roles-04 re-written by cairo: bold subsets of 10-14 glyphs, one regular
        // font of 25; a 2-glyph regular subset (a dash, a digit) measures lighter
        // than its type and is no reference
        let fonts = [w(0.1307, 10), w(0.1299, 14), w(0.0804, 25), w(0.0637, 2)];
        let from = bold_from(&fonts, &rules);
        assert!(from.is_some_and(|f| f > 0.0804 && f < 0.1299), "{from:?}");
    }

    #[test]
    fn two_regular_families_are_not_bold_against_each_other() {
        // NimbusSans-Regular against P052-Roman
        let from = bold_from(&[w(0.0802, 50), w(0.0623, 60)], &FontRules::default());
        assert!(from.is_some_and(|f| 0.0802 < f), "{from:?}");
        // and a P052-Bold against its roman is
        assert!(from.is_some_and(|f| 0.0879 >= f), "{from:?}");
    }

    #[test]
    fn without_a_measured_font_there_is_no_reference() {
        assert_eq!(bold_from(&[w(0.06, 3)], &FontRules::default()), None);
        assert_eq!(bold_from(&[], &FontRules::default()), None);
    }
}
