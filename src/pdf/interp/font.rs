//! Fonts as text extraction needs them: how a string splits into codes, each code's
//! advance width and text, and the font's name and weight.
//!
//! Supported: simple fonts (Type1, TrueType, MMType1; Type3 best-effort) with a base
//! encoding (WinAnsi, MacRoman, Standard, PDFDoc), `/Differences`, `/Widths` or the
//! standard 14 fonts' metrics, and `/ToUnicode`; Type0 fonts with Identity-H/V (or an
//! embedded CMap's code-space ranges, CID taken equal to the code), `/W`, `/DW` and
//! `/ToUnicode`; where those say nothing, the embedded font program (`embedded`: a
//! Type1/CFF program's own encoding, a TrueType program's `cmap` and `post` names).
//! Adobe's predefined CJK CMaps (`90ms-RKSJ-H`, `GBK-EUC-H`...) and CJK collections'
//! CID → Unicode maps come from `predefined`. Not read: vertical metrics.

use super::cmap::{CMap, CodeMap, CodeRange, cid_in};
use super::embedded::Program;
use super::{encoding, obj, outline, predefined, tables};
use crate::pdf::FontInfo;
use crate::pdf::load::Budget;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::borrow::Cow;

/// Glyph-space units per text-space unit for all but Type3 fonts (PDF 32000 9.2.4).
const GLYPH_UNITS: f64 = 1000.0;
/// Courier's advance in text space: every glyph of the standard monospace font.
const COURIER_WIDTH: f64 = 0.6;
/// `/FontWeight` from which a font is bold (600 = Semibold in the CSS/OS2 scale).
pub(super) const BOLD_WEIGHT: f64 = 600.0;
/// `/Flags` bit 7: Italic.
const FLAG_ITALIC: i64 = 1 << 6;
/// `/Flags` bit 3: Symbolic (glyphs outside the standard Latin set; a TrueType
/// font so flagged without `/Encoding` maps codes through its own `cmap`).
const FLAG_SYMBOLIC: i64 = 1 << 2;
/// `/Flags` bit 19: ForceBold.
const FLAG_FORCE_BOLD: i64 = 1 << 18;
/// Default `/DW` of a CIDFont (PDF 32000 9.7.4.3), in glyph units.
const DEFAULT_CID_WIDTH: f64 = 1000.0;
/// Largest CID range expanded from one `/W` entry (as in `load`).
const MAX_CID_RANGE: i64 = 65_536;

/// Code → CID ranges `(first code, last code, CID of the first)`, sorted: a font's
/// own or a predefined CMap's (shared, never copied).
type CidRanges = Cow<'static, [(u32, u32, u32)]>;

/// How a shown string splits into character codes.
#[derive(Debug)]
enum Codes {
    /// Simple fonts: one byte per code.
    OneByte,
    /// Identity-H/V and other two-byte CMaps.
    TwoByte,
    /// The code-space ranges of an embedded CMap.
    Ranges(Vec<CodeRange>),
    /// A predefined Unicode CMap (`UniGB-UTF16-H`, `UniJIS-UCS2-H`,
    /// `UniKS-UTF8-H`, `UniCNS-UTF32-H`...): the codes are the text.
    Unicode(UnicodeForm),
}

/// How a predefined Unicode CMap writes its codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnicodeForm {
    /// UTF-16BE (UCS-2 too): two bytes, four for a surrogate pair.
    Utf16,
    /// UTF-8: one to four bytes.
    Utf8,
    /// UTF-32BE: four bytes.
    Utf32,
}

impl UnicodeForm {
    /// The form of a predefined CMap name, if it is a Unicode one.
    fn of(name: &[u8]) -> Option<UnicodeForm> {
        let name = std::str::from_utf8(name).ok()?;
        if !name.starts_with("Uni") {
            return None;
        }
        if name.contains("UTF16") || name.contains("UCS2") {
            Some(UnicodeForm::Utf16)
        } else if name.contains("UTF8") {
            Some(UnicodeForm::Utf8)
        } else if name.contains("UTF32") {
            Some(UnicodeForm::Utf32)
        } else {
            None
        }
    }
}

/// Advance widths in text-space units.
#[derive(Debug)]
enum Widths {
    /// Simple font: one per byte code.
    Simple(Box<[f64; 256]>),
    /// CIDFont: `/W` entries and `/DW`.
    Cid(CodeIndex<f64>, f64),
}

/// Codes below this are looked up by index in a [`CodeIndex`], the others by hash:
/// a font subset's glyph ids (Chromium's, Writer's CID fonts) stay below it, and
/// a table of this many entries is 64 KiB at most. Not a judgement: only the
/// lookup changes.
const DENSE_CODES: u32 = 4096;

/// A code → value map read once per glyph shown: the codes below [`DENSE_CODES`]
/// (up to the largest one present) in a table, the others in a hash map.
///
/// Why: a composite font's `/ToUnicode` text and `/W` width were two hash look-ups
/// per glyph, ~11 M instructions of the PDF stage on the Chromium seed, whose text
/// is all CID fonts (issue 22, round 15); an index is a few. Same answers as the
/// map it is built from (a unit test compares them).
#[derive(Debug, Default)]
struct CodeIndex<V> {
    /// Values by code, for codes below the table's length.
    dense: Vec<Option<V>>,
    /// Values of codes from [`DENSE_CODES`] on.
    sparse: CodeMap<V>,
}

impl<V> CodeIndex<V> {
    fn new(map: CodeMap<V>) -> Self {
        let len = map
            .keys()
            .filter(|&&k| k < DENSE_CODES)
            .max()
            .map_or(0, |&k| k as usize + 1);
        let mut dense: Vec<Option<V>> = std::iter::repeat_with(|| None).take(len).collect();
        let mut sparse = CodeMap::default();
        for (code, v) in map {
            match dense.get_mut(code as usize) {
                Some(slot) => *slot = Some(v),
                None => {
                    sparse.insert(code, v);
                }
            }
        }
        CodeIndex { dense, sparse }
    }

    #[inline]
    fn get(&self, code: u32) -> Option<&V> {
        match self.dense.get(code as usize) {
            Some(v) => v.as_ref(),
            None => self.sparse.get(&code),
        }
    }
}

/// A font loaded once per document.
#[derive(Debug)]
pub(super) struct Font {
    /// Name and style.
    pub info: FontInfo,
    codes: Codes,
    widths: Widths,
    /// Simple fonts: text of each byte code (empty: none); composite fonts use `cid_text`.
    simple_text: Vec<Box<str>>,
    /// Composite fonts: text of each code, from `/ToUnicode`.
    cid_text: CodeIndex<Box<str>>,
    /// Composite fonts: text of each CID where `/ToUnicode` says nothing, from the
    /// embedded program or the character collection.
    by_cid: CodeMap<Box<str>>,
    /// Composite fonts with an embedded or predefined `/Encoding` CMap: code → CID
    /// ranges (empty: the CID is the code, as with Identity-H/V).
    cids: CidRanges,
    /// Composite fonts of an Adobe CJK collection without `/ToUnicode`: the
    /// collection's CID → text map, where the program names nothing.
    collection: Option<&'static CodeMap<Box<str>>>,
    /// Composite fonts whose CIDs are taken as Unicode where nothing else names
    /// them (see [`cids_are_unicode`]).
    cid_as_unicode: bool,
}

impl Font {
    /// Read a font dictionary; what cannot be read falls back to defaults.
    /// Embedded programs and CID maps are read through `budget` (`load` leaves
    /// them compressed: most fonts never need them).
    pub fn load(doc: &Document, budget: &Budget, dict: &Dictionary) -> Font {
        if obj::name(doc, dict, b"Subtype") == Some(b"Type0") {
            composite(doc, budget, dict)
        } else {
            simple(doc, budget, dict)
        }
    }

    /// The code starting at `bytes[i]` and its length in bytes (at least 1).
    #[inline]
    pub fn next_code(&self, bytes: &[u8], i: usize) -> (u32, usize) {
        let at = |k: usize| bytes.get(i + k).copied().map_or(0, u32::from);
        match &self.codes {
            Codes::OneByte => (at(0), 1),
            Codes::TwoByte => (at(0) << 8 | at(1), 2),
            Codes::Unicode(form) => {
                let n = match form {
                    UnicodeForm::Utf16 if (0xd8..0xdc).contains(&at(0)) => 4,
                    UnicodeForm::Utf16 => 2,
                    UnicodeForm::Utf32 => 4,
                    UnicodeForm::Utf8 => match at(0) {
                        0xf0.. => 4,
                        0xe0.. => 3,
                        0xc0.. => 2,
                        _ => 1,
                    },
                };
                ((0..n).fold(0, |c, k| c << 8 | at(k)), n)
            }
            Codes::Ranges(ranges) => {
                let mut code = 0;
                for len in 1..=4u8 {
                    code = code << 8 | at(usize::from(len) - 1);
                    if ranges
                        .iter()
                        .any(|r| r.len == len && (r.lo..=r.hi).contains(&code))
                    {
                        return (code, usize::from(len));
                    }
                }
                (at(0), 1)
            }
        }
    }

    /// Whether the font reads one byte per code (word spacing applies to code 32).
    #[inline]
    pub fn is_simple(&self) -> bool {
        matches!(self.codes, Codes::OneByte)
    }

    /// The CID a composite font's code selects.
    #[inline]
    fn cid(&self, code: u32) -> u32 {
        if self.cids.is_empty() {
            return code;
        }
        cid_in(&self.cids, code)
    }

    /// Advance of a code in text-space units (before font size and scaling).
    #[inline]
    pub fn width(&self, code: u32) -> f64 {
        match &self.widths {
            Widths::Simple(w) => w.get(code as usize).copied().unwrap_or(0.0),
            Widths::Cid(w, dw) => w.get(self.cid(code)).copied().unwrap_or(*dw),
        }
    }

    /// Text of a code ("" when the font does not say).
    #[inline]
    pub fn text(&self, code: u32) -> Cow<'_, str> {
        if self.is_simple() {
            return Cow::Borrowed(self.simple_text.get(code as usize).map_or("", |s| s));
        }
        if let Some(s) = self.cid_text.get(code) {
            return Cow::Borrowed(s);
        }
        if let Codes::Unicode(form) = self.codes {
            return Cow::Owned(unicode_code_text(form, code));
        }
        let cid = self.cid(code);
        match self
            .by_cid
            .get(&cid)
            .or_else(|| self.collection.and_then(|c| c.get(&cid)))
        {
            Some(s) => Cow::Borrowed(s),
            None if self.cid_as_unicode => Cow::Owned(
                char::from_u32(cid)
                    .filter(|c| !c.is_control())
                    .map(String::from)
                    .unwrap_or_default(),
            ),
            None => Cow::Borrowed(""),
        }
    }
}

/// The font's `/ToUnicode` CMap, with the predefined CMap it uses, if any (Unidocs
/// writes `/Adobe-Korea1-UCS2 usecmap` and three entries of its own: pdf.js issue5010).
fn to_unicode(doc: &Document, dict: &Dictionary) -> Option<CMap> {
    let stream = obj::get(doc, dict, b"ToUnicode")?.as_stream().ok()?;
    let mut cmap = CMap::parse(&obj::stream_bytes(stream)?);
    if let Some(parent) = cmap
        .usecmap
        .take()
        .and_then(|n| predefined::cmap(n.as_bytes()))
    {
        cmap.inherit(parent.clone());
    }
    Some(cmap)
}

/// A Type0 or TrueType font whose name and descriptor give no weight, with its embedded
/// TrueType program: (its name, the program's object). Two such fonts of one name with
/// different programs can be a family's regular and bold that the writer named alike
/// (jsPDF gives every style the family name its caller registered, `Body` and `Body`),
/// so only their programs tell the weight ([`super::program_bold`]).
pub(super) fn unweighted_program(doc: &Document, dict: &Dictionary) -> Option<(String, ObjectId)> {
    let (base, desc) = match obj::name(doc, dict, b"Subtype")? {
        b"Type0" => {
            let cid = descendant(doc, dict)?;
            let base =
                obj::name(doc, dict, b"BaseFont").or_else(|| obj::name(doc, cid, b"BaseFont"));
            (base, descriptor(doc, cid)?)
        }
        b"TrueType" => (obj::name(doc, dict, b"BaseFont"), descriptor(doc, dict)?),
        _ => return None,
    };
    let info = font_info(doc, base, Some(desc));
    if info.bold || desc.has(b"FontWeight") {
        return None;
    }
    let program = desc.get(b"FontFile2").ok()?.as_reference().ok()?;
    Some((info.name, program))
}

/// A Type0 font's CIDFont (its first `/DescendantFonts` entry).
fn descendant<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    obj::get(doc, dict, b"DescendantFonts")
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| obj::resolve(doc, o))
        .and_then(|o| o.as_dict().ok())
}

fn descriptor<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    obj::get(doc, dict, b"FontDescriptor")?.as_dict().ok()
}

/// `BAAAAA+LiberationSans-Bold` → `LiberationSans-Bold`; a Type0 name's
/// `-Identity-H` suffix dropped.
fn clean_name(raw: &[u8]) -> String {
    let s = String::from_utf8_lossy(raw);
    let s = match s.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => &s,
    };
    let s = s
        .strip_suffix("-Identity-H")
        .or_else(|| s.strip_suffix("-Identity-V"))
        .unwrap_or(s);
    s.to_string()
}

/// Name and style from `/BaseFont` and the descriptor.
fn font_info(doc: &Document, base: Option<&[u8]>, desc: Option<&Dictionary>) -> FontInfo {
    let name = base.map(clean_name).unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let num = |key: &[u8]| desc.and_then(|d| obj::number(doc, d, key));
    let flags = num(b"Flags").unwrap_or(0.0) as i64;
    FontInfo {
        bold: has(&["bold", "black", "heavy", "demi"])
            || num(b"FontWeight").is_some_and(|w| w >= BOLD_WEIGHT)
            || flags & FLAG_FORCE_BOLD != 0,
        italic: has(&["italic", "oblique"])
            || flags & FLAG_ITALIC != 0
            || num(b"ItalicAngle").is_some_and(|a| a != 0.0),
        name,
        outline: None,
    }
}

fn simple(doc: &Document, budget: &Budget, dict: &Dictionary) -> Font {
    let subtype = obj::name(doc, dict, b"Subtype").unwrap_or(b"Type1");
    let desc = descriptor(doc, dict);
    let mut info = font_info(doc, obj::name(doc, dict, b"BaseFont"), desc);
    // a Type 3 font that names no weight shows it only in its outlines
    if subtype == b"Type3"
        && !info.bold
        && desc.is_none_or(|d| obj::number(doc, d, b"FontWeight").is_none())
    {
        info.outline = outline::weight(doc, dict);
    }
    // A font with `/ToUnicode` says what its codes are; its program is not parsed
    // (reading it cost 5–8% of the PDF stage on the fixtures, whose fonts all have one).
    let program = desc
        .filter(|_| !dict.has(b"ToUnicode"))
        .and_then(|d| Program::of(doc, budget, d));
    let symbolic = desc
        .and_then(|d| obj::number(doc, d, b"Flags"))
        .is_some_and(|f| f as i64 & FLAG_SYMBOLIC != 0);
    let base_text = encoded_text(doc, dict, subtype, program.as_ref(), symbolic, &info.name);
    let widths = simple_widths(doc, dict, desc, subtype, &info, &base_text);
    let mut text: Vec<Box<str>> = base_text.into_iter().map(String::into_boxed_str).collect();
    if let Some(cmap) = to_unicode(doc, dict) {
        for (code, s) in cmap.text {
            if let Some(slot) = text.get_mut(code as usize) {
                *slot = s;
            }
        }
    }
    Font {
        info,
        codes: Codes::OneByte,
        widths: Widths::Simple(widths),
        simple_text: text,
        cid_text: CodeIndex::default(),
        by_cid: CodeMap::default(),
        cids: Cow::Borrowed(&[]),
        collection: None,
        cid_as_unicode: false,
    }
}

/// Text of each code from the encoding: the base (a named table, or the embedded
/// program's own encoding where the dictionary names none), then `/Differences`,
/// then, for codes still without text, the embedded TrueType program's `cmap`.
fn encoded_text(
    doc: &Document,
    dict: &Dictionary,
    subtype: &[u8],
    program: Option<&Program>,
    symbolic: bool,
    name: &str,
) -> Vec<String> {
    let default = if subtype == b"TrueType" {
        &tables::WIN_ANSI
    } else if name.starts_with("Symbol") {
        // the standard 14 Symbol font's own encoding (Annex D.5)
        &tables::SYMBOL
    } else {
        &tables::STANDARD
    };
    let enc = obj::get(doc, dict, b"Encoding");
    let (named, diffs) = match enc {
        Some(Object::Name(n)) => (Some(encoding::by_name(n).unwrap_or(default)), None),
        Some(Object::Dictionary(d)) => {
            let base = obj::name(doc, d, b"BaseEncoding").and_then(encoding::by_name);
            (base, obj::get(doc, d, b"Differences"))
        }
        _ => (None, None),
    };
    let table_text = |table: &encoding::Table| -> Vec<String> {
        (0..=255u8)
            .map(|c| encoding::table_text(table, c).unwrap_or_default())
            .collect()
    };
    // PDF 32000 9.6.6: without a named (base) encoding, an embedded Type1/CFF
    // program's own encoding applies; a symbolic TrueType font without `/Encoding`
    // maps its codes through its `cmap`.
    let own = match (named, program) {
        (None, Some(p)) => p.builtin_encoding().or_else(|| {
            (symbolic && enc.is_none())
                .then(|| p.symbolic_text())
                .flatten()
        }),
        _ => None,
    };
    let mut text = table_text(named.unwrap_or(default));
    if let Some(own) = own {
        for (slot, t) in text.iter_mut().zip(own) {
            if !t.is_empty() {
                *slot = t;
            }
        }
    }
    if let Some(Object::Array(diffs)) = diffs {
        apply_differences(doc, diffs, &mut text);
    }
    if text.iter().any(String::is_empty)
        && let Some(cmap_text) = program.and_then(Program::symbolic_text)
    {
        for (slot, t) in text.iter_mut().zip(cmap_text) {
            if slot.is_empty() {
                *slot = t;
            }
        }
    }
    text
}

fn apply_differences(doc: &Document, diffs: &[Object], text: &mut [String]) {
    let mut code: i64 = 0;
    for o in diffs {
        match obj::resolve(doc, o) {
            Some(Object::Integer(i)) => code = *i,
            Some(Object::Name(n)) => {
                if let (Ok(k), Some(s)) = (usize::try_from(code), encoding::glyph_text(n))
                    && let Some(slot) = text.get_mut(k)
                {
                    *slot = s;
                }
                code += 1;
            }
            _ => {}
        }
    }
}

fn simple_widths(
    doc: &Document,
    dict: &Dictionary,
    desc: Option<&Dictionary>,
    subtype: &[u8],
    info: &FontInfo,
    text: &[String],
) -> Box<[f64; 256]> {
    let missing = desc
        .and_then(|d| obj::number(doc, d, b"MissingWidth"))
        .unwrap_or(0.0);
    let unit = if subtype == b"Type3" {
        obj::get(doc, dict, b"FontMatrix")
            .and_then(|m| m.as_array().ok())
            .and_then(|m| m.first())
            .and_then(|a| obj::as_number(doc, a))
            .unwrap_or(1.0 / GLYPH_UNITS)
    } else {
        1.0 / GLYPH_UNITS
    };
    let mut w = Box::new([missing * unit; 256]);
    let first = obj::number(doc, dict, b"FirstChar").unwrap_or(0.0) as i64;
    match obj::get(doc, dict, b"Widths").and_then(|o| o.as_array().ok()) {
        Some(ws) => {
            for (k, v) in ws.iter().enumerate() {
                let slot = usize::try_from(first + k as i64)
                    .ok()
                    .and_then(|c| w.get_mut(c));
                if let (Some(slot), Some(v)) = (slot, obj::as_number(doc, v)) {
                    *slot = v * unit;
                }
            }
        }
        None => core_widths(info, text, &mut w),
    }
    w
}

/// Widths of a font without `/Widths`: one of the standard 14 (or a font a reader
/// substitutes by one, as poppler does for Arial and TimesNewRoman), by family.
fn core_widths(info: &FontInfo, text: &[String], w: &mut [f64; 256]) {
    let lower = info.name.to_ascii_lowercase();
    if info.name.starts_with("Symbol") {
        // by code: the Symbol font is read in its own encoding
        for (slot, &v) in w.iter_mut().zip(tables::SYMBOL_WIDTHS.iter()) {
            *slot = f64::from(v) / GLYPH_UNITS;
        }
        return;
    }
    let metrics = if lower.contains("courier") || lower.contains("mono") {
        w.iter_mut().for_each(|x| *x = COURIER_WIDTH);
        return;
    } else if lower.contains("times") || lower.contains("serif") && !lower.contains("sans") {
        match (info.bold, info.italic) {
            (true, true) => tables::TIMES_BOLD_ITALIC,
            (true, false) => tables::TIMES_BOLD,
            (false, true) => tables::TIMES_ITALIC,
            (false, false) => tables::TIMES_ROMAN,
        }
    } else if info.bold {
        tables::HELVETICA_BOLD
    } else {
        tables::HELVETICA
    };
    for (slot, t) in w.iter_mut().zip(text) {
        let Some(unit) = t.encode_utf16().next() else {
            continue;
        };
        if let Ok(i) = metrics.binary_search_by_key(&unit, |&(u, _)| u) {
            *slot = metrics
                .get(i)
                .map_or(0.0, |&(_, v)| f64::from(v) / GLYPH_UNITS);
        }
    }
}

fn composite(doc: &Document, budget: &Budget, dict: &Dictionary) -> Font {
    let cid = descendant(doc, dict);
    let base = obj::name(doc, dict, b"BaseFont")
        .or_else(|| cid.and_then(|c| obj::name(doc, c, b"BaseFont")));
    let info = font_info(doc, base, cid.and_then(|c| descriptor(doc, c)));
    let (codes, cids) = type0_encoding(doc, dict);
    let widths = cid.map_or(
        Widths::Cid(CodeIndex::default(), DEFAULT_CID_WIDTH / GLYPH_UNITS),
        |c| cid_widths(doc, c),
    );
    let to_unicode = to_unicode(doc, dict);
    let cid_as_unicode = to_unicode.is_none() && cid.is_some_and(|c| cids_are_unicode(doc, c));
    let cid_text = to_unicode.map(|c| c.text).unwrap_or_default();
    let mut by_cid = CodeMap::default();
    let mut collection = None;
    if let Some(c) = cid.filter(|_| cid_text.is_empty()) {
        fill_from_program(doc, budget, c, &mut by_cid);
        collection = adobe_ordering(doc, c).and_then(predefined::collection_text);
    }
    Font {
        info,
        codes,
        widths,
        simple_text: Vec::new(),
        cid_text: CodeIndex::new(cid_text),
        by_cid,
        cids,
        collection,
        cid_as_unicode,
    }
}

/// Whether an Adobe-Identity CIDFont without `/ToUnicode` numbers its CIDs by
/// Unicode, so that a CID nothing else names is its own text, as poppler and
/// pdf.js read it: when the font maps its CIDs to glyphs through a `/CIDToGIDMap`
/// stream (OpenOffice and LibreOffice write CID = Unicode so: pdf.js's
/// `arial_unicode_en_cidfont.pdf`), or is not embedded at all (a viewer can only
/// find its glyphs by what the CIDs mean). Not when CIDs are the embedded program's
/// glyph ids (`/CIDToGIDMap /Identity`): those read as garbage (`)RQW`).
fn cids_are_unicode(doc: &Document, cid_font: &Dictionary) -> bool {
    let ordering = obj::get(doc, cid_font, b"CIDSystemInfo")
        .and_then(|o| o.as_dict().ok())
        .and_then(|i| obj::get(doc, i, b"Ordering"))
        .and_then(|o| o.as_str().ok());
    if ordering.is_some_and(|o| o != b"Identity") {
        return false;
    }
    let embedded = descriptor(doc, cid_font).is_some_and(|d| {
        [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
            .iter()
            .any(|k| d.has(k))
    });
    let map_stream = matches!(
        obj::get(doc, cid_font, b"CIDToGIDMap"),
        Some(Object::Stream(_))
    );
    map_stream || !embedded
}

/// The text a code of a predefined Unicode CMap stands for (the code's bytes as
/// [`Font::next_code`] packed them).
fn unicode_code_text(form: UnicodeForm, code: u32) -> String {
    let bytes = code.to_be_bytes();
    let text = match form {
        UnicodeForm::Utf32 => char::from_u32(code).map(String::from),
        UnicodeForm::Utf16 => {
            let units: Vec<u16> = if code > 0xffff {
                vec![(code >> 16) as u16, code as u16]
            } else {
                vec![code as u16]
            };
            String::from_utf16(&units).ok()
        }
        UnicodeForm::Utf8 => {
            let skip = bytes.iter().take_while(|&&b| b == 0).count().min(3);
            std::str::from_utf8(&bytes[skip..]).ok().map(String::from)
        }
    };
    text.filter(|t| !t.chars().any(char::is_control))
        .unwrap_or_default()
}

/// How a Type0 font's codes split and which CID each selects, from its
/// `/Encoding`: an embedded CMap stream (with the predefined CMap it uses, if any),
/// a predefined Unicode CMap (the codes are the text), one of Adobe's predefined
/// CJK CMaps, or Identity-H/V (two bytes, CID = code; also for unknown names).
fn type0_encoding(doc: &Document, dict: &Dictionary) -> (Codes, CidRanges) {
    let predefined_codes = |c: &'static CMap| {
        (
            Codes::Ranges(c.codespace.clone()),
            Cow::Borrowed(c.cids.as_slice()),
        )
    };
    match obj::get(doc, dict, b"Encoding") {
        Some(Object::Stream(s)) => {
            let mut cmap = obj::stream_bytes(s)
                .map(|b| CMap::parse(&b))
                .unwrap_or_default();
            let parent = cmap
                .usecmap
                .take()
                .and_then(|n| predefined::cmap(n.as_bytes()));
            if let Some(parent) = parent {
                cmap.inherit(parent.clone());
            }
            if cmap.codespace.is_empty() {
                (Codes::TwoByte, Cow::Owned(cmap.cids))
            } else {
                (Codes::Ranges(cmap.codespace), Cow::Owned(cmap.cids))
            }
        }
        Some(Object::Name(n)) => match (UnicodeForm::of(n), predefined::cmap(n)) {
            (Some(form), _) => (Codes::Unicode(form), Cow::Borrowed(&[])),
            (None, Some(c)) if !c.codespace.is_empty() => predefined_codes(c),
            _ => (Codes::TwoByte, Cow::Borrowed(&[])),
        },
        _ => (Codes::TwoByte, Cow::Borrowed(&[])),
    }
}

/// The ordering of a CIDFont of one of Adobe's character collections
/// (`/CIDSystemInfo` with `/Registry (Adobe)`): poppler reads such a font without
/// `/ToUnicode` through the collection's CID → Unicode table (`Japan1`, `GB1`,
/// `CNS1`, `Korea1`; Adobe technical notes 5078, 5079, 5080, 5093), as we do.
fn adobe_ordering<'a>(doc: &'a Document, cid_font: &'a Dictionary) -> Option<&'a [u8]> {
    let info = obj::dict(doc, cid_font, b"CIDSystemInfo")?;
    let registry = obj::get(doc, info, b"Registry").and_then(|o| o.as_str().ok());
    let ordering = obj::get(doc, info, b"Ordering").and_then(|o| o.as_str().ok())?;
    (registry == Some(b"Adobe") && ordering != b"Identity").then_some(ordering)
}

/// CIDs that `/ToUnicode` leaves without text, read from the embedded program:
/// CID → glyph through `/CIDToGIDMap` (identity when absent or `/Identity`, as for
/// a CFF program), glyph → text by [`Program::glyph_texts`]. Codes are taken as
/// CIDs, as everywhere in this reader.
fn fill_from_program(
    doc: &Document,
    budget: &Budget,
    cid_font: &Dictionary,
    text: &mut CodeMap<Box<str>>,
) {
    let Some(program) = descriptor(doc, cid_font).and_then(|d| Program::of(doc, budget, d)) else {
        return;
    };
    let glyphs = program.glyph_texts();
    if glyphs.is_empty() {
        return;
    }
    let map = obj::on_demand(doc, budget, cid_font, b"CIDToGIDMap");
    match map {
        Some(bytes) => {
            for (cid, pair) in bytes.chunks_exact(2).enumerate() {
                let gid = u32::from(u16::from_be_bytes([pair[0], pair[1]]));
                if let (Ok(cid), Some(t)) = (u32::try_from(cid), glyphs.get(&gid)) {
                    text.entry(cid).or_insert_with(|| t.as_str().into());
                }
            }
        }
        None => {
            for (gid, t) in glyphs {
                text.entry(gid).or_insert_with(|| t.into_boxed_str());
            }
        }
    }
}

/// `/W` (both `c [w...]` and `c_first c_last w` forms) and `/DW`, in text space.
fn cid_widths(doc: &Document, cid: &Dictionary) -> Widths {
    let dw = obj::number(doc, cid, b"DW").unwrap_or(DEFAULT_CID_WIDTH) / GLYPH_UNITS;
    let mut map = CodeMap::default();
    let w: &[Object] = obj::get(doc, cid, b"W")
        .and_then(|o| o.as_array().ok())
        .map_or(&[], |v| v);
    let mut i = 0;
    while let (Some(first), Some(next)) = (w.get(i), w.get(i + 1)) {
        let first = obj::as_number(doc, first).unwrap_or(0.0) as i64;
        if let Some(Object::Array(ws)) = obj::resolve(doc, next) {
            for (k, v) in ws.iter().enumerate().take(MAX_CID_RANGE as usize) {
                if let (Ok(c), Some(v)) = (u32::try_from(first + k as i64), obj::as_number(doc, v))
                {
                    map.insert(c, v / GLYPH_UNITS);
                }
            }
            i += 2;
        } else {
            let last = obj::as_number(doc, next).unwrap_or(0.0) as i64;
            let v = w
                .get(i + 2)
                .and_then(|v| obj::as_number(doc, v))
                .unwrap_or(0.0);
            for c in first..=last.min(first + MAX_CID_RANGE) {
                if let Ok(c) = u32::try_from(c) {
                    map.insert(c, v / GLYPH_UNITS);
                }
            }
            i += 3;
        }
    }
    Widths::Cid(CodeIndex::new(map), dw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_index_answers_as_its_map() {
        // glyph ids of a subset, one past the table, a code far above it, none at 0
        let keys = [
            1u32,
            3,
            38,
            1200,
            DENSE_CODES - 1,
            DENSE_CODES,
            40_000,
            0x10_ffff,
        ];
        let map: CodeMap<u32> = keys.iter().map(|&k| (k, k * 2)).collect();
        let index = CodeIndex::new(map.clone());
        for code in (0..DENSE_CODES + 10).chain([40_000, 0x10_ffff, u32::MAX]) {
            assert_eq!(index.get(code), map.get(&code), "{code}");
        }
        let empty = CodeIndex::<u32>::new(CodeMap::default());
        assert_eq!(empty.get(0), None);
        assert!(empty.dense.is_empty());
    }

    #[test]
    fn names_lose_subset_prefix_and_identity_suffix() {
        assert_eq!(
            clean_name(b"BAAAAA+LiberationSans-Bold"),
            "LiberationSans-Bold"
        );
        assert_eq!(clean_name(b"Arial-BoldMT-Identity-H"), "Arial-BoldMT");
        assert_eq!(clean_name(b"Abc+Def"), "Abc+Def");
    }

    #[test]
    fn style_from_name() {
        let doc = Document::new();
        let i = font_info(&doc, Some(b"ABCDEF+DejaVuSansCondensed-BoldOblique"), None);
        assert!(i.bold && i.italic);
        let i = font_info(&doc, Some(b"LiberationSans"), None);
        assert!(!i.bold && !i.italic);
    }
}
