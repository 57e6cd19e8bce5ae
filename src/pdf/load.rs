//! Opening a PDF with lopdf under resource limits, and classifying what goes wrong.

use crate::config::Limits;
use crate::error::{Error, Result, contain_panic, first_line};
use lopdf::{Dictionary, Object, ObjectId};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};

/// Facts about the document as a whole, from its Info dictionary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocInfo {
    /// `/Producer` (e.g. "LibreOffice 7.4", "Skia/PDF m120").
    pub producer: Option<String>,
    /// `/Creator`.
    pub creator: Option<String>,
    /// `/Title`.
    pub title: Option<String>,
}

/// What the device needs to read one page.
#[derive(Debug, Clone)]
pub(super) struct PageSetup {
    pub number: u32,
    /// The page dictionary.
    pub id: ObjectId,
    /// Media box as `[llx, lly, urx, ury]`.
    pub media: [f64; 4],
    pub rotation: u16,
    pub images: usize,
}

/// A loaded document ready for the device.
pub(super) struct Loaded {
    pub doc: lopdf::Document,
    pub pages: Vec<PageSetup>,
    pub info: DocInfo,
    /// What page contents and forms, left compressed, may still inflate to.
    pub budget: Budget,
}

/// The inflation limits of one document, spent as its streams are read: one stream
/// may not inflate past `per_stream` bytes nor all of them past `total`. Page
/// contents and forms are inflated when their page is read and dropped with it, so a
/// 1,000-page plan never holds its decompressed contents at once (they were 80% of
/// the peak memory when everything was inflated at load).
pub(super) struct Budget {
    per_stream: u64,
    total: u64,
    used: AtomicU64,
}

impl Budget {
    fn new(limits: &Limits, used: u64) -> Self {
        Budget {
            per_stream: limits.max_stream_bytes,
            total: limits.max_total_bytes,
            used: AtomicU64::new(used),
        }
    }

    /// A stream's bytes: Flate streams inflated under the limits (a bomb stops at
    /// the limit with `TooLarge`), others decoded by lopdf; `Ok(None)` when they do
    /// not decode.
    pub fn bytes<'s>(&self, id: ObjectId, s: &'s lopdf::Stream) -> Result<Option<Cow<'s, [u8]>>> {
        if !is_plain_flate(s) {
            return self.decode_other(id, s);
        }
        let mut out = Vec::new();
        Ok(self
            .inflate_into(id, s, &mut out)?
            .then_some(Cow::Owned(out)))
    }

    /// A stream's bytes as [`Budget::bytes`] gives them, appended to `out`: a page's
    /// content streams go into one buffer that the reader reuses from page to page,
    /// with no copy of each stream and no fresh allocation per page. `Ok(false)`
    /// (and `out` as it was) when they do not decode.
    pub fn append(&self, id: ObjectId, s: &lopdf::Stream, out: &mut Vec<u8>) -> Result<bool> {
        if is_plain_flate(s) {
            return self.inflate_into(id, s, out);
        }
        match self.decode_other(id, s)? {
            Some(data) => {
                out.extend_from_slice(&data);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// A stream `load` leaves compressed for the font reader ([`ON_DEMAND_KEYS`]),
    /// read when a font needs it: the bytes `load` would have given it, since a
    /// plain Flate stream is inflated by the same rules ([`inflate_limited`]'s
    /// output, also for a damaged stream) and anything else, or data that is not
    /// zlib, is decoded as the reader decodes a stream left as it is in the file
    /// (lopdf, stage by stage). `None` when it does not decode, or inflates past the
    /// limits: the font is then read without it (when it was inflated at load, such
    /// a stream failed the document even when no font needed it).
    pub fn on_demand<'s>(&self, id: ObjectId, s: &'s lopdf::Stream) -> Option<Cow<'s, [u8]>> {
        if is_plain_flate(s) {
            let mut out = Vec::new();
            match self.inflate_into(id, s, &mut out) {
                Ok(true) => return Some(Cow::Owned(out)),
                Ok(false) => {}
                Err(_) => return None,
            }
        }
        if s.dict.has(b"Filter") {
            super::filters::decode(s).map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(&s.content))
        }
    }

    /// A stream that is not plain Flate: its bytes as they are (no filter) or
    /// decoded stage by stage ([`super::filters::decode`]).
    fn decode_other<'s>(
        &self,
        id: ObjectId,
        s: &'s lopdf::Stream,
    ) -> Result<Option<Cow<'s, [u8]>>> {
        if !s.dict.has(b"Filter") {
            return Ok(Some(Cow::Borrowed(&s.content)));
        }
        let data = super::filters::decode(s);
        if data
            .as_ref()
            .is_some_and(|d| d.len() as u64 > self.per_stream)
        {
            return Err(Error::TooLarge(format!(
                "stream {} {} decodes past {} bytes",
                id.0, id.1, self.per_stream
            )));
        }
        Ok(data.map(Cow::Owned))
    }

    /// Inflate a plain Flate stream onto the end of `out`, counting it against the
    /// document's total.
    fn inflate_into(&self, id: ObjectId, s: &lopdf::Stream, out: &mut Vec<u8>) -> Result<bool> {
        let n = inflate_append(&s.content, self.per_stream, &id, out)?;
        let Some(n) = n else {
            return Ok(false);
        };
        let used = self.used.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        if used > self.total {
            return Err(too_much(self.total));
        }
        Ok(true)
    }
}

fn too_much(total: u64) -> Error {
    Error::TooLarge(format!("streams inflate past {total} bytes in total"))
}

/// Flate alone, without predictor parameters: what we inflate ourselves.
fn is_plain_flate(s: &lopdf::Stream) -> bool {
    matches!(s.filters().as_deref(), Ok([f]) if *f == b"FlateDecode") && !s.dict.has(b"DecodeParms")
}

/// How far to look for the `%PDF-` header: the spec allows junk before it and some
/// producers (and mail gateways) prepend a few bytes.
const HEADER_WINDOW: usize = 1024;
/// How deep to follow `/Parent` for inherited page attributes; a cycle stops here.
const MAX_TREE_DEPTH: usize = 64;

/// Load and check a PDF. With `lazy` (the interpreter), only the objects the reader
/// reaches are loaded when the file leaves no doubt ([`super::reach`]; otherwise the
/// whole file, and its repairs), and page contents and forms stay compressed until
/// their page is read (see [`Budget`]); so the limits below apply to the streams
/// loaded, and a stream nobody reads is neither inflated nor counted. Otherwise (the
/// pdf-extract reader, which decodes streams itself, without limits) every object
/// is loaded, every stream is inflated here and pdf-extract's workarounds are
/// applied ([`normalize_cid_widths`]).
pub(super) fn load(bytes: &[u8], limits: &Limits, lazy: bool) -> Result<Loaded> {
    check_size(bytes, limits)?;
    let mut doc = if has_header(bytes) {
        // the pdf-extract reader walks the document its own way: it gets every object
        match lazy.then(|| super::reach::load(bytes)) {
            Some(Ok(doc)) if !unread_contents(&doc) => doc,
            _ => load_or_repair(bytes)?,
        }
    } else {
        headerless(bytes)?
    };
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        doc = clear_copy(bytes).ok_or(Error::Encrypted)?;
    }
    let mut page_ids = doc.get_pages();
    if page_ids.is_empty()
        && let Some(id) = single_page_root(&doc)
    {
        page_ids.insert(1, id);
    }
    if page_ids.is_empty() {
        return Err(Error::NoPages);
    }
    if page_ids.len() > limits.max_pages {
        return Err(Error::TooLarge(format!(
            "{} pages (limit {})",
            page_ids.len(),
            limits.max_pages
        )));
    }
    let mut pages = Vec::with_capacity(page_ids.len());
    for (&number, &id) in &page_ids {
        pages.push(page_setup(&mut doc, number, id));
    }
    let keep = if lazy {
        lazy_streams(&doc, &pages)
    } else {
        HashSet::new()
    };
    let used = inflate_streams(&mut doc, limits, &keep, lazy)?;
    if !lazy {
        // pdf-extract's workaround: the interpreter reads both forms of `/W` itself.
        normalize_cid_widths(&mut doc);
    }
    let info = doc_info(&doc);
    Ok(Loaded {
        doc,
        pages,
        info,
        budget: Budget::new(limits, used),
    })
}

/// lopdf's load, and when it fails, loses objects or finds no pages, a load through
/// a rebuilt cross-reference table ([`super::repair::rebuild`]), then through the
/// objects written out again ([`super::repair::rewrite`]: wrong or missing stream
/// lengths, comments after `obj`, objects without `endobj`). A repaired document is
/// taken when it reads better (see [`Health`]); otherwise the first answer stands (the
/// load error, or the document as it loaded). A document encrypted only in its
/// embedded files is read as it is ([`clear_copy`]).
fn load_or_repair(bytes: &[u8]) -> Result<lopdf::Document> {
    let mut best = contain_panic(|| lopdf::Document::load_mem(bytes).map_err(classify));
    if matches!(best, Err(Error::Encrypted)) {
        return clear_copy(bytes).ok_or(Error::Encrypted);
    }
    if best.as_ref().is_ok_and(|d| d.encryption_state.is_some())
        && super::repair::indirect_crypt_filters(bytes)
        && let Some(fixed) = super::repair::rewrite(bytes, false)
        && let Ok(doc) = contain_panic(|| lopdf::Document::load_mem(&fixed).map_err(classify))
        && !doc.get_pages().is_empty()
    {
        return Ok(doc);
    }
    for attempt in 0..2 {
        if Health::of(&best).is_sound() {
            break;
        }
        let fixed = if attempt == 0 {
            super::repair::rebuild(bytes)
        } else {
            super::repair::rewrite(bytes, super::repair::identity_encryption(bytes))
        };
        let Some(fixed) = fixed else {
            continue;
        };
        let repaired = contain_panic(|| lopdf::Document::load_mem(&fixed).map_err(classify));
        if Health::of(&repaired) > Health::of(&best) {
            best = repaired;
        }
    }
    best
}

/// How well a load went, in order of what matters: it has pages, no object its
/// table lists was lost and every page's content stream was read, how many objects
/// it has. A load without pages is no better than a failed one: a repair that finds
/// objects but no page tree leaves the file `corrupt`, not "no pages" (fuzzed files
/// of the pdf.js corpus).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Health(bool, bool, usize);

impl Health {
    fn of(load: &Result<lopdf::Document>) -> Health {
        match load {
            Ok(doc) if !doc.get_pages().is_empty() => Health(
                true,
                !lost_objects(doc) && !unread_contents(doc),
                doc.objects.len(),
            ),
            _ => Health(false, false, 0),
        }
    }

    fn is_sound(&self) -> bool {
        self.0 && self.1
    }
}

/// A file without a `%PDF-` header in its first [`HEADER_WINDOW`] bytes, read as
/// poppler reads it ("may not be a PDF file, continuing anyway") when its objects
/// make a document with pages (pdf.js `bug1606566.pdf` lost its first line);
/// anything else is not a PDF.
fn headerless(bytes: &[u8]) -> Result<lopdf::Document> {
    let not_pdf = || Error::NotPdf("no %PDF- header".into());
    let fixed = super::repair::rewrite(bytes, false).ok_or_else(not_pdf)?;
    let doc = contain_panic(|| lopdf::Document::load_mem(&fixed).map_err(classify))
        .map_err(|_| not_pdf())?;
    if doc.get_pages().is_empty() {
        return Err(not_pdf());
    }
    Ok(doc)
}

/// The document without its encryption when that encryption leaves strings and
/// streams in the clear ([`super::repair::identity_encryption`]): only embedded
/// files are encrypted, and the pages read without a password, as in poppler.
fn clear_copy(bytes: &[u8]) -> Option<lopdf::Document> {
    if !super::repair::identity_encryption(bytes) {
        return None;
    }
    let fixed = super::repair::rewrite(bytes, true)?;
    let doc = contain_panic(|| lopdf::Document::load_mem(&fixed).map_err(classify)).ok()?;
    (!doc.is_encrypted() && !doc.get_pages().is_empty()).then_some(doc)
}

/// Whether an object the cross-reference table places in the file did not load
/// (its offset points elsewhere).
fn lost_objects(doc: &lopdf::Document) -> bool {
    doc.reference_table.entries.iter().any(|(&n, e)| match e {
        lopdf::xref::XrefEntry::Normal { generation, .. } => {
            !doc.objects.contains_key(&(n, *generation))
        }
        _ => false,
    })
}

/// Whether a page's `/Contents` names an object that did not load, or a stream
/// whose data lopdf could not take (no usable `/Length`: pdf.js `issue1293r.pdf`,
/// `issue6108.pdf`).
/// Only pages are looked at: cheap, and what text extraction needs.
fn unread_contents(doc: &lopdf::Document) -> bool {
    doc.get_pages().values().any(|&id| {
        doc.get_dictionary(id).is_ok_and(|page| {
            content_refs(doc, page).iter().any(|r| match r {
                Object::Reference(id) => match doc.objects.get(id) {
                    Some(Object::Stream(s)) => s.content.is_empty() && s.start_position.is_some(),
                    // a stream lopdf could not cut out is left as its dictionary
                    Some(Object::Dictionary(_)) => true,
                    Some(_) => false,
                    None => true,
                },
                _ => false,
            })
        })
    })
}

/// The catalog's `/Pages` when it is a page itself rather than a page tree (a
/// malformed file poppler reads as one page: pdf.js `issue21436.pdf`), so "no pages"
/// is said only of a document that has none.
fn single_page_root(doc: &lopdf::Document) -> Option<ObjectId> {
    let root = doc.trailer.get(b"Root").ok()?.as_reference().ok()?;
    let pages = doc
        .get_dictionary(root)
        .ok()?
        .get(b"Pages")
        .ok()?
        .as_reference()
        .ok()?;
    is_name(doc.get_dictionary(pages).ok()?, b"Type", b"Page").then_some(pages)
}

fn check_size(bytes: &[u8], limits: &Limits) -> Result<()> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(Error::TooLarge(format!(
            "file is {} bytes (limit {})",
            bytes.len(),
            limits.max_file_bytes
        )));
    }
    Ok(())
}

fn has_header(bytes: &[u8]) -> bool {
    let window = &bytes[..bytes.len().min(HEADER_WINDOW)];
    window.windows(5).any(|w| w == b"%PDF-")
}

/// Map lopdf's load errors to the user's classes.
///
/// The document is read from memory, so an I/O error from lopdf is about the bytes
/// (an object stream that does not inflate, a read past the end), not the disk: it
/// is `corrupt`. The fuzz pass found 14 such inputs in 100,000, reported as `io`.
fn classify(e: lopdf::Error) -> Error {
    match e {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => Error::Encrypted,
        other => Error::Corrupt(first_line(&other.to_string())),
    }
}

/// A page attribute, looked up through `/Parent` when the page does not set it.
pub(super) fn inherited<'a>(
    doc: &'a lopdf::Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    let mut cur = dict;
    for _ in 0..MAX_TREE_DEPTH {
        if let Ok(v) = cur.get(key) {
            return doc.dereference(v).ok().map(|(_, o)| o);
        }
        let parent = cur.get(b"Parent").ok()?.as_reference().ok()?;
        cur = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn number(o: &Object) -> Option<f64> {
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

/// US Letter, the PDF default when a page has no usable `/MediaBox`.
const DEFAULT_MEDIA: [f64; 4] = [0.0, 0.0, 612.0, 792.0];

fn media_box(doc: &lopdf::Document, dict: &Dictionary) -> [f64; 4] {
    let nums: Vec<f64> = inherited(doc, dict, b"MediaBox")
        .and_then(|o| o.as_array().ok())
        .map(|a| a.iter().filter_map(number).collect())
        .unwrap_or_default();
    match nums.as_slice() {
        [a, b, c, d] if (c - a).abs() > 1.0 && (d - b).abs() > 1.0 => {
            [a.min(*c), b.min(*d), a.max(*c), b.max(*d)]
        }
        _ => DEFAULT_MEDIA,
    }
}

fn rotation(doc: &lopdf::Document, dict: &Dictionary) -> u16 {
    let r = inherited(doc, dict, b"Rotate")
        .and_then(number)
        .unwrap_or(0.0) as i64;
    (((r % 360) + 360) % 360 / 90 * 90) as u16
}

fn count_images(doc: &lopdf::Document, dict: &Dictionary) -> usize {
    let Some(Object::Dictionary(res)) = inherited(doc, dict, b"Resources") else {
        return 0;
    };
    let Ok(xobjects) = res
        .get(b"XObject")
        .and_then(|o| doc.dereference(o))
        .and_then(|(_, o)| o.as_dict())
    else {
        return 0;
    };
    xobjects
        .iter()
        .filter_map(|(_, v)| v.as_reference().ok())
        .filter_map(|id| doc.get_object(id).ok()?.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(|t| t.as_name())
                .is_ok_and(|n| n == b"Image")
        })
        .count()
}

/// Read a page's geometry, and write an explicit `/MediaBox` into the page so the
/// device never meets a page without one (pdf-extract panics on that).
fn page_setup(doc: &mut lopdf::Document, number: u32, id: ObjectId) -> PageSetup {
    let (media, rotation, images) = match doc.get_dictionary(id) {
        Ok(dict) => (
            media_box(doc, dict),
            rotation(doc, dict),
            count_images(doc, dict),
        ),
        Err(_) => (DEFAULT_MEDIA, 0, 0),
    };
    if let Ok(dict) = doc.get_dictionary_mut(id) {
        dict.set(
            "MediaBox",
            media
                .iter()
                .map(|&v| Object::Real(v as f32))
                .collect::<Vec<_>>(),
        );
    }
    PageSetup {
        number,
        id,
        media,
        rotation,
        images,
    }
}

fn is_name(dict: &Dictionary, key: &[u8], name: &[u8]) -> bool {
    dict.get(key)
        .and_then(|o| o.as_name())
        .is_ok_and(|n| n == name)
}

/// The entries of a page's `/Contents`: the stream (usually a reference to it), or
/// each element of the array of streams, however the array itself is reached.
pub(super) fn content_refs<'a>(doc: &'a lopdf::Document, page: &'a Dictionary) -> Vec<&'a Object> {
    let contents = page.get(b"Contents").ok();
    match contents.and_then(|o| match o {
        Object::Reference(id) => doc.get_object(*id).ok(),
        _ => Some(o),
    }) {
        Some(Object::Array(v)) => v.iter().collect(),
        Some(_) => contents.into_iter().collect(),
        None => Vec::new(),
    }
}

/// Keys of font dictionaries and descriptors whose streams `load` leaves compressed
/// and the font reader inflates only when it reads them ([`Budget::on_demand`]):
/// embedded font programs (PDF 32000 9.9) and a CIDFont's `/CIDToGIDMap` (9.7.4.2),
/// read only for a font whose `/ToUnicode` or name leave its text or weight open.
/// Most fonts have a `/ToUnicode`, so most programs were inflated for nothing: on
/// the 67 ICDAR 2013 files and the producer mix (140 files) they were 94% of the
/// bytes inflated at load, and that inflation 4% of `inspect --words`' CPU samples.
const ON_DEMAND_KEYS: [&[u8]; 4] = [b"FontFile", b"FontFile2", b"FontFile3", b"CIDToGIDMap"];

/// The streams left compressed until their page is read (page contents and forms,
/// the bulk of a document's decompressed size) or until a font reads them (the
/// streams under [`ON_DEMAND_KEYS`] of any dictionary).
fn lazy_streams(doc: &lopdf::Document, pages: &[PageSetup]) -> HashSet<ObjectId> {
    let mut ids: HashSet<ObjectId> = HashSet::new();
    for p in pages {
        if let Ok(dict) = doc.get_dictionary(p.id) {
            let refs = content_refs(doc, dict);
            ids.extend(refs.iter().filter_map(|o| o.as_reference().ok()));
        }
    }
    for (id, obj) in &doc.objects {
        match obj {
            Object::Stream(s) if is_name(&s.dict, b"Subtype", b"Form") => {
                ids.insert(*id);
            }
            Object::Dictionary(d) => ids.extend(
                ON_DEMAND_KEYS
                    .iter()
                    .filter_map(|k| d.get(k).ok()?.as_reference().ok()),
            ),
            _ => {}
        }
    }
    ids
}

/// Inflate every Flate stream not in `keep` once, under the size limits, and drop
/// image data; returns the bytes inflated.
///
/// A decompression bomb must stop at the limit rather than exhaust memory, and the
/// device must not inflate anything itself. Images are not read, so their bytes are
/// released, except (with `lazy`, the interpreter) those that may be a page scan
/// whose rulings `interp::scan` reads: kept as they are in the file, compressed,
/// and decoded only for a page whose text is an OCR layer.
fn inflate_streams(
    doc: &mut lopdf::Document,
    limits: &Limits,
    keep: &HashSet<ObjectId>,
    lazy: bool,
) -> Result<u64> {
    let mut total: u64 = 0;
    for (id, obj) in doc.objects.iter_mut() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        if is_name(&stream.dict, b"Subtype", b"Image") {
            if !(lazy && maybe_scan(stream)) {
                stream.dict.remove(b"Filter");
                stream.dict.remove(b"DecodeParms");
                stream.set_content(Vec::new());
            }
            continue;
        }
        if !is_plain_flate(stream) || keep.contains(id) {
            continue;
        }
        let Some(data) = inflate_limited(&stream.content, limits.max_stream_bytes, id)? else {
            continue;
        };
        total += data.len() as u64;
        if total > limits.max_total_bytes {
            return Err(too_much(limits.max_total_bytes));
        }
        stream.dict.remove(b"Filter");
        stream.set_content(data);
    }
    Ok(total)
}

/// Largest image kept and decoded for a scan's rulings, in pixels (one byte each
/// while read): an A4 page at 600 dpi is 35 million; a bigger one is no page scan
/// we can afford to read.
pub(super) const MAX_SCAN_PIXELS: u64 = 40_000_000;

/// Whether an image may be a page scan `interp::scan` can read: not a mask, of a
/// size it reads, in a filter it decodes (DCT, Flate or none).
fn maybe_scan(s: &lopdf::Stream) -> bool {
    let side = |k: &[u8]| s.dict.get(k).ok().and_then(|o| o.as_i64().ok());
    let (Some(w), Some(h)) = (side(b"Width"), side(b"Height")) else {
        return false;
    };
    let mask = s.dict.get(b"ImageMask").ok().and_then(|o| o.as_bool().ok()) == Some(true);
    let filters = s.filters().unwrap_or_default();
    let readable = filters
        .iter()
        .all(|f| matches!(*f, b"DCTDecode" | b"DCT" | b"FlateDecode" | b"Fl"));
    !mask && readable && w > 0 && h > 0 && (w as u64).saturating_mul(h as u64) <= MAX_SCAN_PIXELS
}

/// `Ok(None)` when the data is not valid zlib (left for lopdf to try its way).
fn inflate_limited(data: &[u8], limit: u64, id: &ObjectId) -> Result<Option<Vec<u8>>> {
    // Capacity stays under the limit so the buffer never doubles past it.
    let cap = (data.len() as u64).saturating_mul(4).min(limit) as usize;
    let mut out = Vec::with_capacity(cap);
    let mut reader = flate2::read::ZlibDecoder::new(data).take(limit + 1);
    if reader.read_to_end(&mut out).is_err() && out.is_empty() {
        return Ok(None);
    }
    check_inflated(out.len(), limit, id)?;
    Ok(Some(out))
}

fn check_inflated(n: usize, limit: u64, id: &ObjectId) -> Result<()> {
    if n as u64 > limit {
        return Err(Error::TooLarge(format!(
            "stream {} {} inflates past {} bytes",
            id.0, id.1, limit
        )));
    }
    Ok(())
}

/// [`inflate_limited`] onto the end of `out`: the number of bytes added, or
/// `Ok(None)` (and `out` as it was) when the data is not valid zlib.
///
/// The compressed bytes are inflated where they are, straight into `out`
/// ([`inflate_whole`]). A stream that ends in an error (cut short, bad checksum) is
/// inflated again by [`inflate_limited`], whose partial output depends on how its
/// reads fall (the last read before the error is lost), so a damaged stream gives
/// the same bytes as before this path existed.
fn inflate_append(
    data: &[u8],
    limit: u64,
    id: &ObjectId,
    out: &mut Vec<u8>,
) -> Result<Option<usize>> {
    let start = out.len();
    let Some(n) = inflate_whole(data, limit, out) else {
        out.truncate(start);
        let Some(v) = inflate_limited(data, limit, id)? else {
            return Ok(None);
        };
        out.extend_from_slice(&v);
        return Ok(Some(v.len()));
    };
    if let Err(e) = check_inflated(n, limit, id) {
        out.truncate(start);
        return Err(e);
    }
    Ok(Some(n))
}

/// Smallest growth of the output buffer when a stream inflates past the room given
/// to it: a few pages of content, so a stream that compresses far better than the
/// first guess is not grown a few bytes at a time.
const MIN_INFLATE_GROWTH: usize = 16 * 1024;

/// Inflate a whole zlib stream onto the end of `out` with `flate2`'s own API: the
/// number of bytes added, more than `limit` when it inflates past it (work stops
/// there, within one growth of the buffer: a bomb is bounded as before); `None` when the stream
/// is damaged or cut short, where [`inflate_limited`]'s reads give the partial
/// output.
///
/// `read_to_end` over a `ZlibDecoder` gave the same bytes but zeroed every buffer it
/// grew before the decoder overwrote it, and read in chunks of its own choosing,
/// after each of which the decoder copied its 32 KiB window: with a buffer the
/// decoder writes directly (`decompress_vec`, into the spare capacity) the stream is
/// inflated in one call when the first guess of its size holds. That memset and
/// copying were ~1.6% of the PDF stage on a Chromium seed (issue 22, round 15).
fn inflate_whole(data: &[u8], limit: u64, out: &mut Vec<u8>) -> Option<usize> {
    let start = out.len();
    let cap = limit.saturating_add(1);
    out.reserve((data.len() as u64).saturating_mul(4).min(cap) as usize);
    let mut z = flate2::Decompress::new(true);
    loop {
        let added = out.len() - start;
        if added as u64 >= cap {
            return Some(added);
        }
        if out.len() == out.capacity() {
            out.reserve(added.max(MIN_INFLATE_GROWTH));
        }
        let (was_in, was_out) = (z.total_in(), z.total_out());
        let input = data.get(usize::try_from(was_in).ok()?..)?;
        let status = z
            .decompress_vec(input, out, flate2::FlushDecompress::None)
            .ok()?;
        if status == flate2::Status::StreamEnd {
            return Some(out.len() - start);
        }
        if z.total_in() == was_in && z.total_out() == was_out {
            // room to write and nothing done: the input ran out before the end
            return None;
        }
    }
}

fn info_string(doc: &lopdf::Document, info: &Dictionary, key: &[u8]) -> Option<String> {
    let o = doc.dereference(info.get(key).ok()?).ok()?.1;
    let s = lopdf::decode_text_string(o).ok()?;
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn doc_info(doc: &lopdf::Document) -> DocInfo {
    let Some(info) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
    else {
        return DocInfo::default();
    };
    DocInfo {
        producer: info_string(doc, info, b"Producer"),
        creator: info_string(doc, info, b"Creator"),
        title: info_string(doc, info, b"Title"),
    }
}

/// Largest CID range expanded when rewriting `/W`: real fonts stay far below; a
/// hostile `0 4294967295 500` entry must not allocate gigabytes.
const MAX_CID_RANGE: i64 = 65_536;

/// Rewrite the `c_first c_last w` entries of CID fonts' `/W` arrays into the explicit
/// `c_first [w w ...]` form.
///
/// pdf-extract 0.12.1 misreads the range form (it takes `c_first` as the width and an
/// empty range), so every glyph of a Chromium/Skia font falls back to `/DW` and the
/// positions of all following glyphs in a string are wrong.
fn normalize_cid_widths(doc: &mut lopdf::Document) {
    let ids: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            o.as_dict()
                .ok()
                .filter(|d| is_name(d, b"Type", b"Font") && d.has(b"W"))
                .map(|_| *id)
        })
        .collect();
    for id in ids {
        let w = doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"W").ok())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_array().ok().cloned());
        if let (Some(w), Ok(dict)) = (w, doc.get_dictionary_mut(id)) {
            dict.set("W", explicit_widths(&w));
        }
    }
}

fn explicit_widths(w: &[Object]) -> Vec<Object> {
    let mut out = Vec::with_capacity(w.len());
    let mut i = 0;
    while i + 1 < w.len() {
        if let Object::Array(_) = w[i + 1] {
            out.extend_from_slice(&w[i..i + 2]);
            i += 2;
        } else if i + 2 < w.len() {
            if let (Ok(first), Ok(last)) = (w[i].as_i64(), w[i + 1].as_i64()) {
                let n = (last - first + 1).clamp(0, MAX_CID_RANGE) as usize;
                out.push(Object::Integer(first));
                out.push(Object::Array(vec![w[i + 2].clone(); n]));
            }
            i += 3;
        } else {
            break;
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests {
    use super::*;

    /// The program of `tests/pdf/cid-truetype.pdf` (object 8, a Flate `/FontFile2`
    /// that the font's text needs: it has no `/ToUnicode`) is left compressed by the
    /// interpreter's load, which inflates it when asked; the pdf-extract reader's
    /// load inflates it at once. Both give the same TrueType program.
    #[test]
    fn a_font_program_is_inflated_when_read() {
        let Ok(bytes) = std::fs::read("tests/pdf/cid-truetype.pdf") else {
            panic!("tests/pdf/cid-truetype.pdf")
        };
        let limits = Limits::default();
        let (Ok(lazy), Ok(eager)) = (load(&bytes, &limits, true), load(&bytes, &limits, false))
        else {
            panic!("the file loads")
        };
        let stream = |l: &Loaded| l.doc.get_object((8, 0)).ok()?.as_stream().ok().cloned();
        let (Some(left), Some(inflated)) = (stream(&lazy), stream(&eager)) else {
            panic!("object 8 is a stream")
        };
        assert!(is_plain_flate(&left), "left compressed at load");
        assert!(!inflated.dict.has(b"Filter"), "inflated at load");
        let read = lazy.budget.on_demand((8, 0), &left);
        assert_eq!(read.as_deref(), Some(&inflated.content[..]));
        assert!(
            inflated.content.starts_with(&[0, 1, 0, 0]),
            "a TrueType program"
        );
    }
}
