//! Opening a PDF with lopdf under resource limits, and classifying what goes wrong.

use crate::config::Limits;
use crate::error::{Error, Result, contain_panic, first_line};
use flate2::read::ZlibDecoder;
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
            return Ok(data.map(Cow::Owned));
        }
        let Some(data) = inflate_limited(&s.content, self.per_stream, &id)? else {
            return Ok(None);
        };
        let used = self.used.fetch_add(data.len() as u64, Ordering::Relaxed) + data.len() as u64;
        if used > self.total {
            return Err(too_much(self.total));
        }
        Ok(Some(Cow::Owned(data)))
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

/// Load and check a PDF. With `lazy` (the interpreter), page contents and forms stay
/// compressed until their page is read (see [`Budget`]); otherwise (the pdf-extract
/// reader, which decodes streams itself, without limits) every stream is inflated
/// here and pdf-extract's workarounds are applied ([`normalize_cid_widths`]).
pub(super) fn load(bytes: &[u8], limits: &Limits, lazy: bool) -> Result<Loaded> {
    check_header(bytes, limits)?;
    let mut doc = load_or_repair(bytes)?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(Error::Encrypted);
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
    let used = inflate_streams(&mut doc, limits, &keep)?;
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

/// lopdf's load, and when it fails or loses objects, a load through a rebuilt
/// cross-reference table ([`super::repair`]). The repaired document is taken when
/// it has pages and at least as many objects; otherwise the first answer stands
/// (the load error, or the document as it loaded).
fn load_or_repair(bytes: &[u8]) -> Result<lopdf::Document> {
    let first = contain_panic(|| lopdf::Document::load_mem(bytes).map_err(classify));
    let broken = match &first {
        Ok(doc) => lost_objects(doc) || doc.get_pages().is_empty(),
        Err(Error::Encrypted) => false,
        Err(_) => true,
    };
    if !broken {
        return first;
    }
    let Some(fixed) = super::repair::rebuild(bytes) else {
        return first;
    };
    let Ok(repaired) = contain_panic(|| lopdf::Document::load_mem(&fixed).map_err(classify)) else {
        return first;
    };
    let better = match &first {
        Ok(doc) => !repaired.get_pages().is_empty() && repaired.objects.len() >= doc.objects.len(),
        Err(_) => !repaired.get_pages().is_empty(),
    };
    if better { Ok(repaired) } else { first }
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

fn check_header(bytes: &[u8], limits: &Limits) -> Result<()> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(Error::TooLarge(format!(
            "file is {} bytes (limit {})",
            bytes.len(),
            limits.max_file_bytes
        )));
    }
    let window = &bytes[..bytes.len().min(HEADER_WINDOW)];
    if window.windows(5).any(|w| w == b"%PDF-") {
        Ok(())
    } else {
        Err(Error::NotPdf("no %PDF- header".into()))
    }
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

/// The streams left compressed until their page is read: page contents and forms,
/// the bulk of a document's decompressed size.
fn lazy_streams(doc: &lopdf::Document, pages: &[PageSetup]) -> HashSet<ObjectId> {
    let mut ids: HashSet<ObjectId> = HashSet::new();
    for p in pages {
        if let Ok(dict) = doc.get_dictionary(p.id) {
            let refs = content_refs(doc, dict);
            ids.extend(refs.iter().filter_map(|o| o.as_reference().ok()));
        }
    }
    for (id, obj) in &doc.objects {
        if let Object::Stream(s) = obj
            && is_name(&s.dict, b"Subtype", b"Form")
        {
            ids.insert(*id);
        }
    }
    ids
}

/// Inflate every Flate stream not in `keep` once, under the size limits, and drop
/// image data; returns the bytes inflated.
///
/// A decompression bomb must stop at the limit rather than exhaust memory, and the
/// device must not inflate anything itself; images are never read, so their bytes
/// are released.
fn inflate_streams(
    doc: &mut lopdf::Document,
    limits: &Limits,
    keep: &HashSet<ObjectId>,
) -> Result<u64> {
    let mut total: u64 = 0;
    for (id, obj) in doc.objects.iter_mut() {
        let Object::Stream(stream) = obj else {
            continue;
        };
        if is_name(&stream.dict, b"Subtype", b"Image") {
            stream.dict.remove(b"Filter");
            stream.dict.remove(b"DecodeParms");
            stream.set_content(Vec::new());
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

/// `Ok(None)` when the data is not valid zlib (left for lopdf to try its way).
fn inflate_limited(data: &[u8], limit: u64, id: &ObjectId) -> Result<Option<Vec<u8>>> {
    // Capacity stays under the limit so the buffer never doubles past it.
    let cap = (data.len() as u64).saturating_mul(4).min(limit) as usize;
    let mut out = Vec::with_capacity(cap);
    let mut reader = ZlibDecoder::new(data).take(limit + 1);
    if reader.read_to_end(&mut out).is_err() && out.is_empty() {
        return Ok(None);
    }
    if out.len() as u64 > limit {
        return Err(Error::TooLarge(format!(
            "stream {} {} inflates past {} bytes",
            id.0, id.1, limit
        )));
    }
    Ok(Some(out))
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
