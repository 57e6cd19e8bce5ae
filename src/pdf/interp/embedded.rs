//! What an embedded font program says about its glyphs' text, read with read-fonts
//! (Google's fontations: TrueType/OpenType tables, CFF, Type1), for fonts whose PDF
//! dictionary does not say it (no `/ToUnicode`, no usable encoding):
//!
//! - a Type1 (`/FontFile`) or CFF (`/FontFile3` Type1C, OpenType) program's built-in
//!   encoding: code → glyph name → Unicode (PDF 32000 9.6.6.2: without `/Encoding`
//!   or `/BaseEncoding` the encoding is the font's own);
//! - a TrueType (`/FontFile2`) program's `cmap`: a symbolic simple font's codes
//!   through its (3,0) or (1,0) subtable to glyphs (9.6.6.4), and glyphs to text by
//!   their `post` name or the Unicode subtable read backwards; a CIDFontType2's
//!   glyphs likewise.
//!
//! The program is parsed once, when its font is loaded (once per document); nothing
//! here fails loudly: a program read-fonts cannot parse gives no text, as before.

use super::{encoding, obj};
use crate::pdf::load::Budget;
use lopdf::{Dictionary, Document};
use read_fonts::tables::cmap::{CmapSubtable, PlatformId};
use read_fonts::types::{GlyphId, GlyphId16, Tag};
use read_fonts::{FontRef, TableProvider};
use std::collections::HashMap;

/// Largest glyph count read from one program: a CJK font has ~65,000; the limit
/// keeps a hostile `cmap` from growing a map without end.
const MAX_GLYPHS: u32 = 65_536;
/// Offset of the (3,0) symbol subtable's codes: symbolic fonts map byte `c` at
/// `0xF000 + c` (PDF 32000 9.6.6.4).
const SYMBOL_BASE: u32 = 0xF000;

/// An embedded font program.
pub(super) enum Program {
    /// `/FontFile2`, or `/FontFile3` of subtype OpenType with `glyf` outlines.
    Sfnt(Vec<u8>),
    /// `/FontFile`.
    Type1(Vec<u8>),
    /// `/FontFile3` Type1C or CIDFontType0C: a bare CFF.
    Cff(Vec<u8>),
}

/// The weight class of a TrueType/OpenType program (its OS/2 `usWeightClass`: 400
/// regular, 700 bold), `None` when the program does not parse or has no OS/2 table.
pub(super) fn sfnt_weight(data: &[u8]) -> Option<u16> {
    FontRef::new(data)
        .ok()?
        .os2()
        .ok()
        .map(|t| t.us_weight_class())
}

impl Program {
    /// The program embedded by a font descriptor, if any.
    pub fn of(doc: &Document, budget: &Budget, desc: &Dictionary) -> Option<Program> {
        let bytes = |key: &[u8]| {
            let s = obj::get(doc, desc, key)?.as_stream().ok()?;
            Some((obj::on_demand(doc, budget, desc, key)?.into_owned(), s))
        };
        if let Some((b, _)) = bytes(b"FontFile2") {
            return Some(Program::Sfnt(b));
        }
        if let Some((b, _)) = bytes(b"FontFile") {
            return Some(Program::Type1(b));
        }
        let (b, s) = bytes(b"FontFile3")?;
        match obj::name(doc, &s.dict, b"Subtype") {
            Some(b"OpenType") => Some(Program::Sfnt(b)),
            _ => Some(Program::Cff(b)),
        }
    }

    /// The program's own encoding: the text of each code its glyph names give.
    /// `None` for TrueType (whose codes go through `cmap`, see
    /// [`Program::symbolic_text`]) and programs that do not parse.
    pub fn builtin_encoding(&self) -> Option<Vec<String>> {
        match self {
            Program::Type1(data) => type1_encoding(data),
            Program::Cff(data) => cff_encoding(data),
            Program::Sfnt(data) => {
                let font = FontRef::new(data).ok()?;
                let cff = font.data_for_tag(Tag::new(b"CFF "))?;
                cff_encoding(cff.as_bytes())
            }
        }
    }

    /// A symbolic TrueType font's codes read through its `cmap`: code → glyph
    /// through the (3,0) subtable (`0xF000 + code`, or the code) or else the (1,0)
    /// one, glyph → text through [`Glyphs`]. Codes it cannot name stay empty.
    pub fn symbolic_text(&self) -> Option<Vec<String>> {
        let Program::Sfnt(data) = self else {
            return None;
        };
        let font = FontRef::new(data).ok()?;
        let cmap = font.cmap().ok()?;
        let sub = |platform: PlatformId, encoding: u16| {
            cmap.encoding_records()
                .iter()
                .find(|r| r.platform_id() == platform && r.encoding_id() == encoding)
                .and_then(|r| r.subtable(cmap.offset_data()).ok())
        };
        let symbol = sub(PlatformId::Windows, 0);
        let mac = sub(PlatformId::Macintosh, 0);
        let glyphs = Glyphs::of(&font);
        let text = (0..=255u32)
            .map(|code| {
                let gid = symbol
                    .as_ref()
                    .and_then(|s| {
                        s.map_codepoint(SYMBOL_BASE + code)
                            .or_else(|| s.map_codepoint(code))
                    })
                    .or_else(|| mac.as_ref().and_then(|s| s.map_codepoint(code)));
                gid.and_then(|g| glyphs.text(g)).unwrap_or_default()
            })
            .collect();
        Some(text)
    }

    /// Text of each glyph of a TrueType/OpenType program (CIDFontType2: CID → glyph
    /// through `/CIDToGIDMap`, then this), or of a bare CFF used as a CIDFont with
    /// glyph names.
    pub fn glyph_texts(&self) -> HashMap<u32, String> {
        match self {
            Program::Sfnt(data) => FontRef::new(data)
                .map(|f| Glyphs::of(&f).all())
                .unwrap_or_default(),
            Program::Cff(data) => cff_glyph_names(data),
            Program::Type1(_) => HashMap::new(),
        }
    }
}

/// Glyph → text in an sfnt: the Unicode `cmap` subtables read backwards (the lowest
/// code point wins, as a glyph shared by `A` and `Α` reads `A`), then `post` names.
struct Glyphs<'a> {
    unicode: HashMap<u32, char>,
    post: Option<read_fonts::tables::post::Post<'a>>,
    /// Glyphs in the font (`maxp`): a version 1 `post` table (the standard
    /// Macintosh names) does not count them itself.
    count: u32,
}

impl<'a> Glyphs<'a> {
    fn of(font: &FontRef<'a>) -> Glyphs<'a> {
        let mut unicode: HashMap<u32, char> = HashMap::new();
        if let Ok(cmap) = font.cmap() {
            for r in cmap.encoding_records() {
                let is_unicode = matches!(
                    (r.platform_id(), r.encoding_id()),
                    (PlatformId::Unicode, _) | (PlatformId::Windows, 1 | 10)
                );
                let Some(sub) = is_unicode
                    .then(|| r.subtable(cmap.offset_data()).ok())
                    .flatten()
                else {
                    continue;
                };
                add_reverse(&sub, &mut unicode);
            }
        }
        Glyphs {
            unicode,
            post: font.post().ok(),
            count: font.maxp().map_or(0, |m| u32::from(m.num_glyphs())),
        }
    }

    fn text(&self, gid: GlyphId) -> Option<String> {
        if let Some(c) = self.unicode.get(&gid.to_u32()) {
            return Some(c.to_string());
        }
        let gid16 = GlyphId16::new(u16::try_from(gid.to_u32()).ok()?);
        let name = self.post.as_ref()?.glyph_name(gid16)?;
        encoding::glyph_text(name.as_bytes())
    }

    fn all(&self) -> HashMap<u32, String> {
        let mut out: HashMap<u32, String> = self
            .unicode
            .iter()
            .map(|(&g, c)| (g, c.to_string()))
            .collect();
        if self.post.is_some() {
            for g in 0..self.count.min(MAX_GLYPHS) {
                if out.contains_key(&g) {
                    continue;
                }
                if let Some(t) = self.text(GlyphId::new(g)) {
                    out.insert(g, t);
                }
            }
        }
        out
    }
}

fn add_reverse(sub: &CmapSubtable, out: &mut HashMap<u32, char>) {
    for (cp, gid) in sub.iter().take(MAX_GLYPHS as usize * 2) {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        if gid.to_u32() == 0 || c.is_control() {
            continue;
        }
        out.entry(gid.to_u32())
            .and_modify(|old| {
                if c < *old {
                    *old = c
                }
            })
            .or_insert(c);
    }
}

fn type1_encoding(data: &[u8]) -> Option<Vec<String>> {
    let font = read_fonts::ps::type1::Type1Font::new(data).ok()?;
    let enc = font.encoding()?;
    Some(
        (0..=255u8)
            .map(|code| {
                enc.glyph_name(code)
                    .and_then(|n| encoding::glyph_text(n.as_bytes()))
                    .unwrap_or_default()
            })
            .collect(),
    )
}

fn cff_encoding(data: &[u8]) -> Option<Vec<String>> {
    let font = read_fonts::ps::cff::CffFontRef::new_cff(data, 0, None).ok()?;
    if font.is_cid() {
        return None;
    }
    let enc = font.encoding()?;
    let charset = font.charset()?;
    Some(
        (0..=255u8)
            .map(|code| {
                enc.map(code)
                    .filter(|g| g.to_u32() != 0)
                    .and_then(|g| charset.string_id(g))
                    .and_then(|sid| font.string(sid))
                    .and_then(encoding::glyph_text)
                    .unwrap_or_default()
            })
            .collect(),
    )
}

fn cff_glyph_names(data: &[u8]) -> HashMap<u32, String> {
    let Ok(font) = read_fonts::ps::cff::CffFontRef::new_cff(data, 0, None) else {
        return HashMap::new();
    };
    let Some(charset) = font.charset().filter(|_| !font.is_cid()) else {
        return HashMap::new();
    };
    (1..font.num_glyphs().min(MAX_GLYPHS))
        .filter_map(|g| {
            let sid = charset.string_id(GlyphId::new(g))?;
            Some((g, encoding::glyph_text(font.string(sid)?)?))
        })
        .collect()
}
