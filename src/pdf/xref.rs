//! The cross-reference data of a file (classic tables, cross-reference streams, the
//! `/Prev` chain of an incrementally updated file, the `/XRefStm` of a hybrid one),
//! read exactly as lopdf 0.42 reads it when it loads a whole document, for the
//! pruned load ([`super::reach`]).
//!
//! lopdf keeps its table reader private, so this mirrors it rule for rule
//! (`Reader::read`, `Reader::get_xref_start`, `parser::xref_and_trailer`,
//! `parser_aux::decode_xref_stream`), and is stricter wherever mirroring would take
//! more code than the case is worth: anything this reader does not take is an
//! error naming the part, and the caller loads the file the old way. Whatever it takes, lopdf
//! takes the same way, with the same entries; objects themselves (the trailer
//! dictionary and cross-reference streams included) are parsed by lopdf's own
//! object parser, reached through its public `Reader::get_object`.

use lopdf::xref::{Xref, XrefEntry, XrefType};
use lopdf::{Dictionary, Document, Object, ObjectId, Reader};
use std::collections::{BTreeMap, HashSet};

/// What this reader did not take: the part of the cross-reference data named.
pub(super) type Unread = &'static str;

/// lopdf looks for `%%EOF` in the last 512 bytes of the file (`get_xref_start`).
const EOF_WINDOW: usize = 512;
/// lopdf looks for `startxref` at most 25 bytes before `%%EOF`.
const STARTXREF_WINDOW: usize = 25;
/// Widest field of a cross-reference stream row taken here. lopdf reads a field of
/// any width into a `u32`, keeping its low bytes (as [`Rows::field`] does); writers
/// use at most 8 (a 64-bit offset), so a wider one is left to lopdf's own load.
const MAX_FIELD_WIDTH: i64 = 8;

/// A file's cross-reference data, merged over its `/Prev` chain as lopdf merges it.
pub(super) struct Chain {
    /// Every entry lopdf keeps (in use or compressed; free entries are not kept).
    pub xref: Xref,
    /// The newest trailer (a cross-reference stream's dictionary, for such a file),
    /// without `/Prev` (and without `/XRefStm` when the chain was followed).
    pub trailer: Dictionary,
    /// The version in the `%PDF-` header.
    pub version: String,
    /// Offset of the newest cross-reference section.
    pub start: usize,
}

/// A lopdf reader over `buf` (the file from its `%PDF-` header on) with an empty
/// object table and no encryption: lopdf's public single-object reader.
pub(super) fn reader(buf: &[u8]) -> Reader<'_> {
    Reader {
        buffer: buf,
        document: Document::new(),
        encryption_state: None,
        raw_objects: BTreeMap::new(),
        password: None,
        strict: false,
    }
}

/// Read the cross-reference chain of `buf`, the file from its `%PDF-` header on
/// (lopdf counts offsets from there).
pub(super) fn read(buf: &[u8]) -> Result<Chain, Unread> {
    let version = header(buf).ok_or("header")?;
    let start = xref_start(buf).ok_or("startxref")?;
    let (mut xref, mut trailer) = section(buf, start)?;
    let mut seen = HashSet::new();
    let mut prev = trailer.remove(b"Prev");
    while let Some(at) = prev.and_then(|o| o.as_i64().ok()) {
        if !seen.insert(at) {
            break;
        }
        let (older, older_trailer) = section(buf, offset(buf, at)?)?;
        xref.merge(older);
        // lopdf reads the newest trailer's `/XRefStm` here, once, inside the loop
        if let Some(stm) = trailer.remove(b"XRefStm").and_then(|o| o.as_i64().ok()) {
            let (hybrid, _) = section(buf, offset(buf, stm)?)?;
            xref.merge(hybrid);
        }
        prev = older_trailer.get(b"Prev").ok().cloned();
    }
    if xref.max_id() == u32::MAX {
        return Err("object number");
    }
    let size = xref.max_id() + 1;
    xref.size = size;
    Ok(Chain {
        xref,
        trailer,
        version,
        start,
    })
}

fn offset(buf: &[u8], at: i64) -> Result<usize, Unread> {
    usize::try_from(at)
        .ok()
        .filter(|&o| o <= buf.len())
        .ok_or("offset of a previous section")
}

/// The version of a `%PDF-` header line (lopdf's `parser::header`, lenient).
fn header(buf: &[u8]) -> Option<String> {
    let rest = buf.strip_prefix(b"%PDF-")?;
    // the header line must end
    rest.iter().position(|&b| b == b'\r' || b == b'\n')?;
    let n = rest
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'.')
        .count();
    Some(String::from_utf8_lossy(&rest[..n]).into_owned())
}

/// The offset after `startxref` near the end of the file (lopdf's `get_xref_start`).
fn xref_start(buf: &[u8]) -> Option<usize> {
    let seek = buf.len() - buf.len().min(EOF_WINDOW);
    let eof = rfind(buf, b"%%EOF", seek)?;
    if eof <= STARTXREF_WINDOW {
        return None;
    }
    let at = rfind(&buf[..eof], b"startxref", eof - STARTXREF_WINDOW)?;
    let mut c = Cursor::at(buf, at);
    if !c.tag(b"startxref") {
        return None;
    }
    c.tag(b" ");
    if !c.eol() {
        return None;
    }
    while c.tag(b" ") {}
    let digits = c.digits()?;
    while c.tag(b" ") {}
    if !(c.eol() && c.tag(b"%%EOF")) {
        return None;
    }
    let v: usize = std::str::from_utf8(digits).ok()?.parse().ok()?;
    (v <= buf.len()).then_some(v)
}

/// The last `pattern` that starts at or after `from` (lopdf's `search_substring`).
fn rfind(buf: &[u8], pattern: &[u8], from: usize) -> Option<usize> {
    buf.get(from..)?
        .windows(pattern.len())
        .rposition(|w| w == pattern)
        .map(|p| from + p)
}

/// One cross-reference section at `at`: a classic table with its trailer, or else
/// a cross-reference stream (lopdf's `xref_and_trailer`).
fn section(buf: &[u8], at: usize) -> Result<(Xref, Dictionary), Unread> {
    if buf.get(at..).is_some_and(|r| r.starts_with(b"xref")) {
        return table(buf, at).ok_or("table");
    }
    stream(buf, at).ok_or("stream")
}

/// A classic table and its trailer: `xref`, sections of `offset gen n|f` lines
/// (the counts in the section headers are not checked, as in lopdf), `trailer`
/// and a dictionary with an integer `/Size`.
fn table(buf: &[u8], at: usize) -> Option<(Xref, Dictionary)> {
    let mut c = Cursor::at(buf, at);
    c.tag(b"xref");
    c.tag(b" ");
    if !c.eol() {
        return None;
    }
    let mut xref = Xref::new(0, XrefType::CrossReferenceTable);
    let mut sections = 0;
    while let Some(first) = c.section_header() {
        sections += 1;
        let mut index: u64 = 0;
        while let Some((offset, generation, in_use)) = c.entry() {
            let id = u32::try_from(first.checked_add(index)?).ok()?;
            index += 1;
            if in_use && let Ok(generation) = u16::try_from(generation) {
                xref.insert(id, XrefEntry::Normal { offset, generation });
            }
        }
    }
    if sections == 0 {
        return None;
    }
    c.space();
    if !c.tag(b"trailer") {
        return None;
    }
    let trailer = trailer_dictionary(buf, c.pos)?;
    let size = trailer.get(b"Size").ok()?.as_i64().ok()?;
    xref.size = size as u32;
    Some((xref, trailer))
}

/// The dictionary after `trailer`, parsed by lopdf's object parser: the bytes up to
/// the next `startxref` behind an object header (`0 0 obj`), so lopdf's public
/// single-object reader takes them. Its leading space rule (whitespace and
/// comments) and its dictionary rule are the ones lopdf's trailer rule uses.
fn trailer_dictionary(buf: &[u8], at: usize) -> Option<Dictionary> {
    let rest = buf.get(at..)?;
    let end = find(rest, b"startxref").unwrap_or(rest.len());
    let mut bytes = b"0 0 obj".to_vec();
    bytes.extend_from_slice(&rest[..end]);
    match parse_at(&bytes, (0, 0), 0).ok()? {
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

fn find(buf: &[u8], pattern: &[u8]) -> Option<usize> {
    buf.windows(pattern.len()).position(|w| w == pattern)
}

/// The indirect object `id` at `offset` of `buf`, parsed by lopdf with an object
/// table that holds only it (as in lopdf's own reading of cross-reference streams,
/// an indirect `/Length` is not resolved).
fn parse_at(buf: &[u8], id: ObjectId, offset: u32) -> lopdf::Result<Object> {
    let mut reader = reader(buf);
    reader.document.reference_table.insert(
        id.0,
        XrefEntry::Normal {
            offset,
            generation: id.1,
        },
    );
    reader.get_object(id, &mut HashSet::new())
}

/// A cross-reference stream at `at` (lopdf's `decode_xref_stream`): its rows
/// decoded with `/W` and `/Index`, its dictionary as the trailer.
fn stream(buf: &[u8], at: usize) -> Option<(Xref, Dictionary)> {
    let id = Cursor::at(buf, at).object_header()?;
    let offset = u32::try_from(at).ok()?;
    let Ok(Object::Stream(mut stream)) = parse_at(buf, id, offset) else {
        return None;
    };
    if stream.is_compressed() && stream.decompress().is_err() {
        return None;
    }
    let mut dict = std::mem::take(&mut stream.dict);
    let xref = rows(&dict, &stream.content)?;
    dict.remove(b"Length");
    dict.remove(b"W");
    dict.remove(b"Index");
    Some((xref, dict))
}

fn integers(o: &Object) -> Option<Vec<i64>> {
    o.as_array().ok()?.iter().map(|n| n.as_i64().ok()).collect()
}

/// The entries of a cross-reference stream's decoded rows.
fn rows(dict: &Dictionary, data: &[u8]) -> Option<Xref> {
    let size = dict.get(b"Size").ok()?.as_i64().ok()?;
    let mut xref = Xref::new(size as u32, XrefType::CrossReferenceStream);
    let index = match dict.get(b"Index") {
        Ok(o) => integers(o).unwrap_or_else(|| vec![0, size]),
        Err(_) => vec![0, size],
    };
    let w = integers(dict.get(b"W").ok()?)?;
    if w.len() < 3 || w[..3].iter().any(|&x| !(0..=MAX_FIELD_WIDTH).contains(&x)) {
        return None;
    }
    let w = [w[0] as usize, w[1] as usize, w[2] as usize];
    let mut r = Rows { data, pos: 0 };
    for pair in index.chunks_exact(2) {
        let (first, count) = (pair[0], pair[1]);
        for j in 0..count.max(0) {
            let kind = if w[0] > 0 { r.field(w[0])? } else { 1 };
            let id = first.checked_add(j)? as u32;
            match kind {
                0 => {
                    r.field(w[1])?;
                    r.field(w[2])?;
                }
                1 => {
                    let offset = r.field(w[1])?;
                    let generation = if w[2] > 0 { r.field(w[2])? } else { 0 } as u16;
                    xref.insert(id, XrefEntry::Normal { offset, generation });
                }
                2 => {
                    let container = r.field(w[1])?;
                    let index = r.field(w[2])? as u16;
                    xref.insert(id, XrefEntry::Compressed { container, index });
                }
                // lopdf reads nothing more of a row of another type
                _ => {}
            }
        }
    }
    Some(xref)
}

/// The decoded rows of a cross-reference stream, read field by field.
struct Rows<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Rows<'_> {
    /// A big-endian field of `width` bytes (`None` past the end of the data).
    fn field(&mut self, width: usize) -> Option<u32> {
        let bytes = self.data.get(self.pos..self.pos + width)?;
        self.pos += width;
        Some(bytes.iter().fold(0u32, |v, &b| (v << 8) + u32::from(b)))
    }
}

/// A position in the file, with the few rules of lopdf's grammar the tables use.
pub(super) struct Cursor<'a> {
    buf: &'a [u8],
    pub pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn at(buf: &'a [u8], pos: usize) -> Self {
        Cursor { buf, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    fn tag(&mut self, t: &[u8]) -> bool {
        let hit = self.buf.get(self.pos..).is_some_and(|r| r.starts_with(t));
        if hit {
            self.pos += t.len();
        }
        hit
    }

    /// `\r\n`, `\n` or `\r`.
    fn eol(&mut self) -> bool {
        self.tag(b"\r\n") || self.tag(b"\n") || self.tag(b"\r")
    }

    fn digits(&mut self) -> Option<&'a [u8]> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.buf[start..self.pos])
    }

    fn unsigned<T: std::str::FromStr>(&mut self) -> Option<T> {
        std::str::from_utf8(self.digits()?).ok()?.parse().ok()
    }

    /// Whitespace and comments (a comment needs the end of its line: one cut off
    /// by the end of the file is not space, as in lopdf).
    fn space(&mut self) {
        loop {
            let start = self.pos;
            while self.peek().is_some_and(|b| b" \t\n\r\0\x0c".contains(&b)) {
                self.pos += 1;
            }
            if self.peek() == Some(b'%') {
                let comment = self.pos;
                while self.peek().is_some_and(|b| b != b'\r' && b != b'\n') {
                    self.pos += 1;
                }
                if !self.eol() {
                    self.pos = comment;
                    return;
                }
            }
            if self.pos == start {
                return;
            }
        }
    }

    /// `first count` and an end of line, as a section of a table starts; the
    /// cursor stays where it was when there is none.
    fn section_header(&mut self) -> Option<u64> {
        let start = self.pos;
        let head = (|| {
            let first: u64 = self.unsigned::<usize>()? as u64;
            if !self.tag(b" ") {
                return None;
            }
            self.unsigned::<u32>()?;
            self.tag(b" ");
            self.eol().then_some(first)
        })();
        if head.is_none() {
            self.pos = start;
        }
        head
    }

    /// One `offset gen n|f` line of a table, ended by ` \r`, ` \n` or `\r\n`; the
    /// cursor stays where it was when the line is not one.
    fn entry(&mut self) -> Option<(u32, u32, bool)> {
        let start = self.pos;
        let e = (|| {
            let offset = self.unsigned::<u32>()?;
            if !self.tag(b" ") {
                return None;
            }
            let generation = self.unsigned::<u32>()?;
            if !self.tag(b" ") {
                return None;
            }
            let in_use = match self.peek()? {
                b'n' => true,
                b'f' => false,
                _ => return None,
            };
            self.pos += 1;
            (self.tag(b" \r") || self.tag(b" \n") || self.tag(b"\r\n"))
                .then_some((offset, generation, in_use))
        })();
        if e.is_none() {
            self.pos = start;
        }
        e
    }

    /// `N G obj` (after whitespace and comments), as lopdf reads an indirect
    /// object's header.
    pub fn object_header(&mut self) -> Option<ObjectId> {
        self.space();
        let n = self.unsigned::<u32>()?;
        self.space();
        let g = self.unsigned::<u16>()?;
        self.space();
        self.tag(b"obj").then_some((n, g))
    }
}
