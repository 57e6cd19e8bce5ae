//! Our own content-stream interpreter on lopdf: the default reader.
//!
//! Pages are read in parallel; fonts are parsed once per document (keyed by the font
//! dictionary's object id, shared by all pages and threads), so a ToUnicode CMap is
//! read once rather than once per page. Content streams are read by our own
//! tokenizer (`lexer`). Nothing here panics on malformed input: bytes that are not
//! PDF syntax and operands that do not fit are skipped, and a page that runs past
//! the operator limit keeps what was read and records the reason in
//! [`Page::error`](crate::pdf::Page::error).

mod cmap;
mod deskew;
mod embedded;
mod encoding;
mod font;
mod lexer;
mod obj;
mod ops;
mod outline;
mod predefined;
mod scan;
mod tables;

use super::load::{Budget, Loaded, PageSetup, content_refs, inherited};
use super::rulings::PathSink;
use super::space::View;
use super::{OutlineWeight, Page};
use crate::config::Config;
use crate::error::Result;
use font::Font;
use lopdf::{Document, ObjectId};
use ops::Interp;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// Fonts of one document, loaded on first use by any page.
#[derive(Default)]
pub(crate) struct FontCache {
    fonts: Mutex<HashMap<ObjectId, Arc<Font>>>,
    /// Font dictionaries bold by their embedded program only ([`program_bold`]).
    program_bold: HashSet<ObjectId>,
}

impl FontCache {
    /// A cache for `doc`, knowing which of its fonts only their programs show bold
    /// (the programs read through `budget`).
    pub(crate) fn new(doc: &Document, budget: &Budget) -> Self {
        FontCache {
            fonts: Mutex::default(),
            program_bold: program_bold(doc, budget),
        }
    }

    /// The font whose dictionary is object `id`, loading it on first use. Loading
    /// happens outside the lock; two threads racing on one font both load it and
    /// the first stored wins.
    fn get(&self, doc: &Document, budget: &Budget, id: ObjectId) -> Option<Arc<Font>> {
        if let Some(f) = self.lock().get(&id) {
            return Some(Arc::clone(f));
        }
        let dict = doc.get_dictionary(id).ok()?;
        let mut font = Font::load(doc, budget, dict);
        font.info.bold |= self.program_bold.contains(&id);
        let font = Arc::new(font);
        Some(Arc::clone(self.lock().entry(id).or_insert(font)))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ObjectId, Arc<Font>>> {
        self.fonts.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Type 3 fonts whose outlines are measured when a document is opened, in object
/// order: the fixtures hold at most 9 (a cairo re-write of a Chromium plan, counted
/// with pikepdf over `fixtures/**/*.pdf`),
/// and a file declaring thousands would otherwise load each one before its first
/// page (fonts a page uses are still loaded, and measured, as the page is read).
const MAX_TYPE3_FONTS_MEASURED: usize = 256;

/// The outline weights of the document's Type 3 fonts that name no weight (every
/// such font dictionary the file holds, loaded into the cache: the pages that use
/// them may be read a range at a time, and the weights are compared across all).
pub(super) fn outline_weights(
    doc: &Document,
    budget: &Budget,
    cache: &FontCache,
) -> Vec<OutlineWeight> {
    let type3 = |d: &lopdf::Dictionary| {
        d.get(b"Type").ok().and_then(|o| o.as_name().ok()) == Some(b"Font")
            && d.get(b"Subtype").ok().and_then(|o| o.as_name().ok()) == Some(b"Type3")
    };
    let mut ids: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| o.as_dict().is_ok_and(type3))
        .map(|(id, _)| *id)
        .collect();
    ids.sort_unstable();
    ids.into_iter()
        .take(MAX_TYPE3_FONTS_MEASURED)
        .filter_map(|id| cache.get(doc, budget, id)?.info.outline)
        .collect()
}

/// Embedded programs weighed when a document is opened (see [`program_bold`]): a file
/// declaring thousands of same-named fonts would otherwise inflate each one before its
/// first page. The fixtures' jsPDF files hold two.
const MAX_PROGRAMS_WEIGHED: usize = 64;

/// Fonts bold by their embedded program only: where two or more Type0 / TrueType fonts
/// share a name that gives no weight (nor does their descriptor) but embed different
/// TrueType programs, the programs' OS/2 weight class tells the regular from the bold
/// (jsPDF names a family's styles alike; held-out measure 9's key/value cards, whose
/// bold labels are what tells them from a table with a header). A name held by one
/// program is left as the name says, and its program is not read.
fn program_bold(doc: &Document, budget: &Budget) -> HashSet<ObjectId> {
    let font =
        |d: &lopdf::Dictionary| d.get(b"Type").ok().and_then(|o| o.as_name().ok()) == Some(b"Font");
    let mut ids: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| o.as_dict().is_ok_and(font))
        .map(|(id, _)| *id)
        .collect();
    ids.sort_unstable();
    let mut by_name: BTreeMap<String, Vec<(ObjectId, ObjectId)>> = BTreeMap::new();
    for id in ids {
        let named = doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| font::unweighted_program(doc, d));
        if let Some((name, program)) = named {
            by_name.entry(name).or_default().push((id, program));
        }
    }
    let mut weights: HashMap<ObjectId, bool> = HashMap::new();
    let mut bold = HashSet::new();
    for fonts in by_name.values() {
        let programs: HashSet<ObjectId> = fonts.iter().map(|f| f.1).collect();
        if programs.len() < 2 {
            continue;
        }
        for &(id, program) in fonts {
            if !weights.contains_key(&program) && weights.len() >= MAX_PROGRAMS_WEIGHED {
                continue;
            }
            let heavy = *weights
                .entry(program)
                .or_insert_with(|| is_bold_program(doc, budget, program));
            if heavy {
                bold.insert(id);
            }
        }
    }
    bold
}

/// Whether the TrueType program in object `program` has a bold weight class.
fn is_bold_program(doc: &Document, budget: &Budget, program: ObjectId) -> bool {
    doc.get_object(program)
        .ok()
        .and_then(|o| o.as_stream().ok())
        .and_then(|s| budget.on_demand(program, s))
        .and_then(|b| embedded::sfnt_weight(&b))
        .is_some_and(|w| f64::from(w) >= font::BOLD_WEIGHT)
}

/// Read the given pages, in parallel, with the document's font cache. Each worker
/// keeps one content buffer for all the pages it reads.
pub(super) fn read_pages(
    loaded: &Loaded,
    setups: &[PageSetup],
    config: &Config,
    cache: &FontCache,
) -> Result<Vec<Page>> {
    setups
        .par_iter()
        .map_init(Worker::default, |worker, setup| {
            read_page(loaded, setup, config, cache, worker)
        })
        .collect()
}

/// What one worker of [`read_pages`] keeps from page to page.
#[derive(Debug, Default)]
struct Worker {
    /// The page's content streams, concatenated (the buffer is reused).
    content: Vec<u8>,
    /// The most glyphs per content byte a page this worker read drew (0 before
    /// its first): see [`reserve_glyphs`].
    glyphs_per_byte: f64,
}

/// The page's content streams, inflated under the document's budget and
/// concatenated into `out` (a newline between two, so an operator split across
/// streams stays two tokens).
fn page_content(loaded: &Loaded, page: &lopdf::Dictionary, out: &mut Vec<u8>) -> Result<()> {
    let doc = &loaded.doc;
    out.clear();
    for r in content_refs(doc, page) {
        let id = r.as_reference().unwrap_or((0, 0));
        let Some(stream) = obj::resolve(doc, r).and_then(|o| o.as_stream().ok()) else {
            continue;
        };
        if loaded.budget.append(id, stream, out)? {
            out.push(b'\n');
        }
    }
    Ok(())
}

/// Bytes of content stream per glyph drawn, the page's glyphs and text are given
/// room for before it is read: the median of 102 pages of the producer mix
/// (`benches/mix-files.txt`, every other file, its first three pages: 2.3 to 44
/// bytes, Calc's `TJ` of two-byte codes the densest, wkhtmltopdf's the sparsest).
/// Grown one glyph at a time from nothing, the two vectors were copied a dozen
/// times on a page of a few thousand glyphs (issue 22). Not a judgement: only the
/// allocation changes, and a page that draws more grows as before.
const CONTENT_BYTES_PER_GLYPH: usize = 8;

/// Most glyphs a page is given room for ahead (~3.6 MiB): a content stream of
/// hundreds of megabytes (a hostile one, or a drawing) must not reserve its guess
/// whole; a page that draws more grows as before.
const MAX_GLYPHS_RESERVED: usize = 1 << 16;

/// Make room for the glyphs a content stream of `content_len` bytes may draw: the
/// mix's median density, or the densest of the document's pages this worker read
/// before when that is denser. One producer writes a document's pages alike, and
/// the median guessed 3.5 times too few glyphs for Calc's `TJ` of two-byte codes:
/// a page's vectors were still copied two or three times as they grew (1–2% of the
/// PDF stage on `004-writer-ruled`, the Calc seeds and cairo's re-writes, issue
/// 22). Only the allocation changes.
fn reserve_glyphs(page: &mut Page, content_len: usize, glyphs_per_byte: f64) {
    let learned = (content_len as f64 * glyphs_per_byte).ceil() as usize;
    let glyphs = (content_len / CONTENT_BYTES_PER_GLYPH)
        .max(learned)
        .min(MAX_GLYPHS_RESERVED);
    page.glyphs.reserve(glyphs);
    page.text.reserve(glyphs);
}

/// Most glyphs per content byte a page teaches [`reserve_glyphs`]: a glyph drawn by
/// the page's own content costs at least one byte of it (one code of a string),
/// while a page whose glyphs come from forms or annotations draws many from a short
/// stream, and must not make every later page reserve its whole
/// [`MAX_GLYPHS_RESERVED`] (a thousand-page document would ask gigabytes).
const MAX_GLYPHS_PER_BYTE: f64 = 1.0;

/// Glyphs per content byte of a page that drew `glyphs` from `content_len` bytes,
/// at most [`MAX_GLYPHS_PER_BYTE`].
fn density(glyphs: usize, content_len: usize) -> f64 {
    if content_len == 0 {
        return 0.0;
    }
    (glyphs as f64 / content_len as f64).min(MAX_GLYPHS_PER_BYTE)
}

fn read_page(
    loaded: &Loaded,
    setup: &PageSetup,
    config: &Config,
    cache: &FontCache,
    worker: &mut Worker,
) -> Result<Page> {
    let doc = &loaded.doc;
    let view = View::new(setup.media, setup.rotation);
    let (width, height) = view.display_size();
    let page = Page {
        number: setup.number,
        width,
        height,
        rotation: setup.rotation,
        // counted as they are drawn (in forms and inline too)
        images: 0,
        ..Page::default()
    };
    let sink = PathSink::new(&config.rulings);
    let mut interp = Interp::new(doc, &loaded.budget, cache, &config.limits, view, page, sink);
    let mut error = None;
    if let Ok(dict) = doc.get_dictionary(setup.id) {
        let res = inherited(doc, dict, b"Resources").and_then(|o| o.as_dict().ok());
        let content = &mut worker.content;
        page_content(loaded, dict, content)?;
        reserve_glyphs(&mut interp.page, content.len(), worker.glyphs_per_byte);
        if let Err(stop) = interp.run(content, res, 0) {
            error = Some(stop.0);
        } else if let Err(stop) = draw_annotations(&mut interp, doc, dict) {
            error = Some(stop.0);
        }
        let drawn = density(interp.page.glyphs.len(), content.len());
        worker.glyphs_per_byte = worker.glyphs_per_byte.max(drawn);
    }
    if let Some(e) = interp.fatal.take() {
        return Err(e);
    }
    let (mut rulings, mut fills) = interp.sink.finish();
    let mut page = interp.page;
    let skew = deskew::measure(&page, &config.rulings);
    let mut shading = Vec::new();
    if scan::needed(&page, &rulings, &config.rulings) {
        let marks = scan::marks(
            doc,
            &loaded.budget,
            &interp.images_drawn,
            view,
            &page,
            skew,
            &config.rulings,
        );
        rulings = marks.rulings;
        shading = marks.fills;
    }
    if let Some(angle) = skew {
        deskew::straighten(
            &mut page,
            &mut rulings,
            &mut shading,
            angle,
            &config.rulings,
        );
    }
    fills.extend(shading);
    if rulings.iter().any(|r| r.from_image) {
        scan::drop_rule_bars(&mut page, &rulings, &config.rulings);
    }
    Ok(Page {
        rulings,
        fills,
        error,
        ..page
    })
}

/// Annotation flags (PDF 32000 12.5.3) of annotations a viewer does not show.
const HIDDEN: i64 = 1 << 1;
const NO_VIEW: i64 = 1 << 5;

/// Draw the normal appearance of every visible annotation of the page, as a viewer
/// (and pdftotext) shows them: FreeText comments and stamps as
/// [`Origin::Annotation`](super::Origin::Annotation), form-field widgets as
/// [`Origin::FormField`](super::Origin::FormField). An appearance dictionary with
/// states (`/N << /On … /Off … >>`) is drawn in the state `/AS` names.
fn draw_annotations<'a>(
    interp: &mut Interp<'a>,
    doc: &'a Document,
    page: &'a lopdf::Dictionary,
) -> Result<(), ops::Stop> {
    let Some(annots) = obj::get(doc, page, b"Annots").and_then(|o| o.as_array().ok()) else {
        return Ok(());
    };
    for a in annots {
        let Some(annot) = obj::resolve(doc, a).and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        let flags = obj::number(doc, annot, b"F").unwrap_or(0.0) as i64;
        if flags & (HIDDEN | NO_VIEW) != 0 {
            continue;
        }
        let Some(rect) = obj::get(doc, annot, b"Rect")
            .and_then(|o| o.as_array().ok())
            .and_then(|v| numbers4(doc, v))
        else {
            continue;
        };
        let subtype = obj::name(doc, annot, b"Subtype");
        let origin = if subtype == Some(b"Widget") {
            super::Origin::FormField
        } else {
            super::Origin::Annotation
        };
        match appearance(doc, annot) {
            Some((id, stream)) => interp.draw_appearance(id, stream, rect, origin)?,
            None => {
                if let Some(text) = text_without_appearance(doc, annot, subtype) {
                    interp.draw_plain_text(&text, rect, default_size(doc, annot), origin);
                }
            }
        }
    }
    Ok(())
}

/// Font size of an annotation's text when it has no appearance: the `Tf` operand
/// of its `/DA` (default appearance) string, or of its field parent's.
fn default_size(doc: &Document, annot: &lopdf::Dictionary) -> f64 {
    let da = inherited_field(doc, annot, b"DA").and_then(|o| o.as_str().ok());
    da.and_then(|da| {
        let words: Vec<&[u8]> = da
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        let k = words.iter().position(|w| *w == b"Tf")?;
        let size = std::str::from_utf8(words.get(k.checked_sub(1)?)?).ok()?;
        size.parse::<f64>().ok().filter(|s| *s > 0.0)
    })
    .unwrap_or(DEFAULT_ANNOT_SIZE)
}

/// A viewer's default size for annotation text without `/DA` (or with auto size 0).
const DEFAULT_ANNOT_SIZE: f64 = 12.0;

/// A field attribute, looked up through `/Parent` (field attributes are inherited,
/// PDF 32000 12.7.4).
fn inherited_field<'a>(
    doc: &'a Document,
    dict: &'a lopdf::Dictionary,
    key: &[u8],
) -> Option<&'a lopdf::Object> {
    let mut cur = dict;
    for _ in 0..MAX_FIELD_DEPTH {
        if let Some(v) = obj::get(doc, cur, key) {
            return Some(v);
        }
        cur = obj::get(doc, cur, b"Parent")?.as_dict().ok()?;
    }
    None
}

/// Deepest field hierarchy followed; a `/Parent` cycle stops here.
const MAX_FIELD_DEPTH: usize = 32;

/// The text a viewer draws for an annotation that has no appearance stream, as
/// poppler generates one: a FreeText annotation's `/Contents`, a text or choice
/// field's value `/V`.
fn text_without_appearance(
    doc: &Document,
    annot: &lopdf::Dictionary,
    subtype: Option<&[u8]>,
) -> Option<String> {
    let value = match subtype? {
        b"FreeText" => obj::get(doc, annot, b"Contents")?,
        b"Widget" => {
            let ft = inherited_field(doc, annot, b"FT").and_then(|o| o.as_name().ok());
            if !matches!(ft, Some(b"Tx" | b"Ch")) {
                return None;
            }
            inherited_field(doc, annot, b"V")?
        }
        _ => return None,
    };
    let text = lopdf::decode_text_string(value).ok()?;
    (!text.trim().is_empty()).then_some(text)
}

fn numbers4(doc: &Document, v: &[lopdf::Object]) -> Option<[f64; 4]> {
    let mut out = [0.0; 4];
    for (slot, o) in out.iter_mut().zip(v.get(..4)?) {
        *slot = obj::as_number(doc, o)?;
    }
    Some(out)
}

/// The annotation's normal appearance stream (`/AP /N`, or its `/AS` state).
fn appearance<'a>(
    doc: &'a Document,
    annot: &'a lopdf::Dictionary,
) -> Option<(ObjectId, &'a lopdf::Stream)> {
    let ap = obj::dict(doc, annot, b"AP")?;
    let n = ap.get(b"N").ok()?;
    let (id, target) = match obj::resolve(doc, n)? {
        lopdf::Object::Stream(_) => (n, n),
        lopdf::Object::Dictionary(states) => {
            let state = obj::name(doc, annot, b"AS")?;
            let s = states.get(state).ok()?;
            (s, s)
        }
        _ => return None,
    };
    let id = id.as_reference().unwrap_or((0, 0));
    let stream = obj::resolve(doc, target)?.as_stream().ok()?;
    Some((id, stream))
}
