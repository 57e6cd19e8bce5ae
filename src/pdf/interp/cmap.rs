//! CMap streams: `/ToUnicode` (code → text) and the code-space ranges of a Type0
//! font's `/Encoding` stream.
//!
//! Only what extraction needs is read: `begincodespacerange`, `beginbfchar`,
//! `beginbfrange` (both the incrementing and the array form), with UTF-16BE targets
//! (surrogate pairs included), and `begincidchar` / `begincidrange` (code → CID).
//! `usecmap` is recorded; [`CMap::inherit`] merges the CMap it names.

use std::collections::HashMap;

/// A map from a code (or CID) to what a font says of it, read once per glyph shown
/// (its text, its width). Hashed by foldhash's fixed-seed hasher rather than std's
/// SipHash (built to resist chosen keys, and ~0.5% of the PDF stage on the
/// producer mix in `hash_one` alone); the maps are only queried, or merged entry by
/// entry where an entry already there wins, never iterated into an output, so their
/// order reaches nothing.
pub(super) type CodeMap<V> = HashMap<u32, V, foldhash::fast::FixedState>;

/// Largest source range expanded from one `bfrange` entry: a real ToUnicode range
/// covers at most a 256-code row; a hostile `<0000> <FFFFFFFF>` must not allocate.
const MAX_RANGE: u32 = 65_536;
/// Fewest UTF-16 units of a target read as little-endian when every unit looks
/// byte-swapped ASCII ([`swapped`]): a ligature's two letters. One unit alone is
/// an ideograph as often as a swapped letter.
const MIN_SWAPPED_UNITS: usize = 2;

/// One range of codes of the same byte length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct CodeRange {
    /// Code length in bytes (1 to 4).
    pub len: u8,
    /// Lowest code.
    pub lo: u32,
    /// Highest code.
    pub hi: u32,
}

/// What a CMap stream says.
#[derive(Debug, Default, Clone)]
pub(super) struct CMap {
    /// Code-space ranges, in the order given.
    pub codespace: Vec<CodeRange>,
    /// Code → text (bfchar and bfrange entries).
    pub text: CodeMap<Box<str>>,
    /// Code → CID of an embedded Type0 `/Encoding` CMap (`cidchar` and `cidrange`
    /// entries): `(first code, last code, CID of the first)`, sorted by first code.
    pub cids: Vec<(u32, u32, u32)>,
    /// The CMap this one is built on (`/Name usecmap`), without the slash.
    pub usecmap: Option<String>,
}

/// One lexical token of a CMap.
#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    /// `<...>`: the hex string's body as written (digits, and any whitespace between
    /// them), decoded where it is read ([`hex_bytes`]).
    Hex(&'a [u8]),
    /// `[`.
    Open,
    /// `]`.
    Close,
    /// A keyword, number or name.
    Word(&'a [u8]),
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The bytes of a hex string body (whitespace skipped, odd final digit padded with 0),
/// decoded as they are read. A ToUnicode CMap is thousands of hex strings, most of
/// them one code or one UTF-16 unit, read once each: two vectors per string (its
/// digits, then its bytes) were ~a quarter of parsing one (issue 22, a one-page
/// WeasyPrint plan re-written by MuPDF, where the fonts' CMaps were 15% of the PDF
/// stage).
fn hex_bytes(body: &[u8]) -> impl Iterator<Item = u8> + Clone + '_ {
    let mut digits = body.iter().filter_map(|&b| hex_value(b));
    std::iter::from_fn(move || {
        let hi = digits.next()?;
        Some((hi << 4) | digits.next().unwrap_or(0))
    })
}

/// How many bytes a hex string body holds (an odd final digit makes one).
fn hex_len(body: &[u8]) -> usize {
    body.iter()
        .filter(|&&b| hex_value(b).is_some())
        .count()
        .div_ceil(2)
}

/// Bytes read as big-endian UTF-16 units, an odd final byte padded with 0.
fn utf16_units(bytes: impl Iterator<Item = u8> + Clone) -> impl Iterator<Item = u16> + Clone {
    let mut bytes = bytes;
    std::iter::from_fn(move || {
        let hi = bytes.next()?;
        Some((u16::from(hi) << 8) | u16::from(bytes.next().unwrap_or(0)))
    })
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'<' | b'>' | b'[' | b']' | b'(' | b')' | b'/' | b'%')
}

fn tokens(data: &[u8]) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = data.get(i) {
        match b {
            b'%' => {
                i += data[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .unwrap_or(data.len() - i)
            }
            b'<' if data.get(i + 1) == Some(&b'<') => i += 2,
            b'>' if data.get(i + 1) == Some(&b'>') => i += 2,
            b'<' => {
                let end = data[i..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(data.len(), |k| i + k);
                out.push(Token::Hex(data.get(i + 1..end).unwrap_or(&[])));
                i = end + 1;
            }
            b'[' => (out.push(Token::Open), i += 1).1,
            b']' => (out.push(Token::Close), i += 1).1,
            b'(' => {
                i += data[i..]
                    .iter()
                    .position(|&c| c == b')')
                    .unwrap_or(data.len() - i)
                    + 1
            }
            _ if b.is_ascii_whitespace() || b == b'>' || b == b')' => i += 1,
            _ => {
                let start = i;
                i += 1;
                while data.get(i).is_some_and(|&c| !is_delimiter(c)) {
                    i += 1;
                }
                out.push(Token::Word(&data[start..i]));
            }
        }
    }
    out
}

/// The code a hex string body writes: its first four bytes, big-endian.
fn code_of(body: &[u8]) -> u32 {
    hex_bytes(body)
        .take(4)
        .fold(0, |acc, b| (acc << 8) | u32::from(b))
}

/// UTF-16BE units → text; `None` for an empty or broken target (a lone surrogate).
/// A target written little-endian by mistake is read as such (see [`swapped`]).
/// The units are decoded straight into the text (what `String::from_utf16` does
/// with a slice of them), with no vector of units in between, and measured first so
/// that the text is allocated once at its size: a `String` grown a character at a
/// time and then shrunk into a box was allocated and reallocated twice per entry.
fn utf16_text(units: impl Iterator<Item = u16> + Clone) -> Option<Box<str>> {
    let swap = swapped(units.clone());
    let chars = char::decode_utf16(units.map(move |u| if swap { u.swap_bytes() } else { u }));
    let mut len = 0;
    for c in chars.clone() {
        len += c.ok()?.len_utf8();
    }
    if len == 0 {
        return None;
    }
    let mut s = String::with_capacity(len);
    // every unit decoded in the pass above
    s.extend(chars.map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)));
    Some(s.into_boxed_str())
}

/// The text of a hex string body read as UTF-16BE (see [`utf16_text`]).
fn hex_text(body: &[u8]) -> Option<Box<str>> {
    utf16_text(utf16_units(hex_bytes(body)))
}

/// Whether a target of several UTF-16 units was written little-endian: every unit
/// is a printable ASCII byte followed by a zero byte. Ghostscript 10.00's pdfwrite
/// writes the ligatures of the fonts it re-encodes so (`fi` as `<66006900>`, read
/// big-endian `昀椀`: WeasyPrint's `finanziaria` distilled by `gs -sDEVICE=pdfwrite`,
/// fixtures/rewritten). Read big-endian such a target is a run of CJK ideographs
/// U+2000–U+7E00 that all end in `00`, which no glyph means: one glyph that is
/// several ideographs is no ligature any script writes. One unit alone is left as
/// it is (U+4E00 `一` is a common ideograph).
fn swapped(units: impl Iterator<Item = u16>) -> bool {
    let mut count = 0;
    for u in units {
        if u & 0xff != 0 || !(0x20..0x7f).contains(&(u >> 8)) {
            return false;
        }
        count += 1;
    }
    count >= MIN_SWAPPED_UNITS
}

/// The target of code `lo + k` in an incrementing bfrange: the last two bytes of
/// the start target (its decoded bytes) read as one unit and advanced by `k`; the
/// bytes are read in place with those two replaced, not copied once per code.
fn incremented(start: &[u8], k: u32) -> Option<Box<str>> {
    let n = start.len();
    if n < 2 {
        let unit = start.first().copied().unwrap_or(0).wrapping_add(k as u8);
        return utf16_text(std::iter::once(u16::from(unit)));
    }
    let last = (u32::from(start[n - 2]) << 8 | u32::from(start[n - 1])) + k;
    let [.., hi, lo] = last.to_be_bytes();
    let bytes = start.iter().enumerate().map(move |(j, &b)| {
        if j == n - 2 {
            hi
        } else if j == n - 1 {
            lo
        } else {
            b
        }
    });
    utf16_text(utf16_units(bytes))
}

impl CMap {
    /// Parse a CMap stream; whatever cannot be read is skipped.
    pub fn parse(data: &[u8]) -> CMap {
        let toks = tokens(data);
        let mut cmap = CMap::default();
        let mut i = 0;
        while let Some(t) = toks.get(i) {
            i += 1;
            match t {
                Token::Word(b"usecmap") => {
                    if let Some(Token::Word(n)) = i.checked_sub(2).and_then(|k| toks.get(k)) {
                        let n = n.strip_prefix(b"/").unwrap_or(n);
                        cmap.usecmap = Some(String::from_utf8_lossy(n).into_owned());
                    }
                }
                Token::Word(b"begincodespacerange") => i = cmap.codespace_section(&toks, i),
                Token::Word(b"beginbfchar") => i = cmap.bfchar_section(&toks, i),
                Token::Word(b"beginbfrange") => i = cmap.bfrange_section(&toks, i),
                Token::Word(b"begincidchar") => i = cmap.cid_section(&toks, i, false),
                Token::Word(b"begincidrange") => i = cmap.cid_section(&toks, i, true),
                _ => {}
            }
        }
        cmap.cids.sort_unstable();
        cmap
    }

    /// Merge the CMap this one uses (`usecmap`): its code-space ranges when this one
    /// has none, and its code → CID and code → text entries where this one says
    /// nothing (Adobe's `90ms-RKSJ-V` lists only the vertical forms and takes the
    /// rest from `90ms-RKSJ-H`).
    pub fn inherit(&mut self, parent: CMap) {
        if self.codespace.is_empty() {
            self.codespace = parent.codespace;
        }
        for (code, text) in parent.text {
            self.text.entry(code).or_insert(text);
        }
        let own = std::mem::take(&mut self.cids);
        let mut merged = Vec::with_capacity(own.len() + parent.cids.len());
        for &(lo, hi, cid) in &parent.cids {
            uncovered(&own, lo, hi, |a, b| merged.push((a, b, cid + (a - lo))));
        }
        merged.extend(own);
        merged.sort_unstable();
        self.cids = merged;
    }

    fn cid_section(&mut self, toks: &[Token], mut i: usize, range: bool) -> usize {
        let width = if range { 3 } else { 2 };
        while let Some(Token::Hex(lo)) = toks.get(i) {
            let hi = toks.get(if range { i + 1 } else { i });
            let (Some(Token::Hex(hi)), Some(Token::Word(n))) = (hi, toks.get(i + width - 1)) else {
                break;
            };
            let cid = std::str::from_utf8(n)
                .ok()
                .and_then(|n| n.parse::<u32>().ok());
            if let Some(cid) = cid {
                let (lo, hi) = (code_of(lo), code_of(hi));
                self.cids
                    .push((lo, hi.max(lo).min(lo.saturating_add(MAX_RANGE)), cid));
            }
            i += width;
        }
        i
    }

    fn codespace_section(&mut self, toks: &[Token], mut i: usize) -> usize {
        while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) = (toks.get(i), toks.get(i + 1)) {
            let len = hex_len(lo).clamp(1, 4) as u8;
            self.codespace.push(CodeRange {
                len,
                lo: code_of(lo),
                hi: code_of(hi),
            });
            i += 2;
        }
        i
    }

    fn bfchar_section(&mut self, toks: &[Token], mut i: usize) -> usize {
        while let (Some(Token::Hex(src)), Some(dst)) = (toks.get(i), toks.get(i + 1)) {
            if let Token::Hex(dst) = dst
                && let Some(s) = hex_text(dst)
            {
                self.text.insert(code_of(src), s);
            }
            i += 2;
        }
        i
    }

    fn bfrange_section(&mut self, toks: &[Token], mut i: usize) -> usize {
        while let (Some(Token::Hex(lo)), Some(Token::Hex(hi))) = (toks.get(i), toks.get(i + 1)) {
            let (lo, hi) = (code_of(lo), code_of(hi));
            let n = hi.saturating_sub(lo).min(MAX_RANGE);
            match toks.get(i + 2) {
                Some(Token::Hex(dst)) => {
                    let start: Vec<u8> = hex_bytes(dst).collect();
                    for k in 0..=n {
                        if let Some(s) = incremented(&start, k) {
                            self.text.insert(lo + k, s);
                        }
                    }
                    i += 3;
                }
                Some(Token::Open) => {
                    i += 3;
                    let mut k = 0;
                    while let Some(Token::Hex(dst)) = toks.get(i) {
                        if let Some(s) = (k <= n).then(|| hex_text(dst)).flatten() {
                            self.text.insert(lo + k, s);
                        }
                        k += 1;
                        i += 1;
                    }
                    i += 1;
                }
                _ => i += 3,
            }
        }
        i
    }
}

/// The CID of `code` in sorted, non-overlapping `(first code, last code, first CID)`
/// ranges (0 when none holds it).
#[inline]
pub(super) fn cid_in(ranges: &[(u32, u32, u32)], code: u32) -> u32 {
    let k = ranges.partition_point(|r| r.0 <= code);
    match k.checked_sub(1).and_then(|k| ranges.get(k)) {
        Some(&(lo, hi, cid)) if code <= hi => cid.saturating_add(code - lo),
        _ => 0,
    }
}

/// Call `emit(a, b)` for each part of `lo..=hi` that no range of sorted, non-overlapping
/// `cover` holds.
fn uncovered(cover: &[(u32, u32, u32)], lo: u32, hi: u32, mut emit: impl FnMut(u32, u32)) {
    let mut next = lo;
    let first = cover.partition_point(|r| r.1 < lo);
    for &(a, b, _) in cover.get(first..).unwrap_or(&[]) {
        if a > hi {
            break;
        }
        if a > next {
            emit(next, a - 1);
        }
        match b.checked_add(1) {
            Some(n) => next = next.max(n),
            None => return,
        }
        if next > hi {
            return;
        }
    }
    if next <= hi {
        emit(next, hi);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin
12 dict begin begincmap
1 begincodespacerange <00> <FF> endcodespacerange
2 beginbfchar
<01> <0041>
<02> <D835DC00>
endbfchar
2 beginbfrange
<10> <12> <0061>
<20> <21> [<0066006C> <00E8>]
endbfrange
endcmap";

    #[test]
    fn reads_chars_ranges_and_surrogates() {
        let c = CMap::parse(SAMPLE);
        let get = |k: u32| c.text.get(&k).map(|s| s.to_string());
        assert_eq!(
            c.codespace,
            [CodeRange {
                len: 1,
                lo: 0,
                hi: 255
            }]
        );
        assert_eq!(get(1).as_deref(), Some("A"));
        assert_eq!(get(2).as_deref(), Some("\u{1D400}"));
        assert_eq!(get(0x12).as_deref(), Some("c"));
        assert_eq!(get(0x20).as_deref(), Some("fl"));
        assert_eq!(get(0x21).as_deref(), Some("è"));
    }

    #[test]
    fn reads_cid_chars_and_ranges() {
        let c = CMap::parse(
            b"1 begincodespacerange <00> <FF> endcodespacerange
1 begincidrange <20> <7E> 1 endcidrange
1 begincidchar <A5> 61 endcidchar",
        );
        assert_eq!(c.codespace.len(), 1);
        assert_eq!(c.cids, [(0x20, 0x7e, 1), (0xa5, 0xa5, 61)]);
    }

    #[test]
    fn usecmap_parent_fills_what_the_child_leaves() {
        let mut child =
            CMap::parse(b"/Parent usecmap 1 begincidrange <8141> <8142> 7887 endcidrange");
        assert_eq!(child.usecmap.as_deref(), Some("Parent"));
        let parent = CMap::parse(
            b"1 begincodespacerange <8140> <84FF> endcodespacerange
1 begincidrange <8140> <8145> 633 endcidrange",
        );
        child.inherit(parent);
        assert_eq!(child.codespace.len(), 1);
        let cids: Vec<u32> = (0x8140..=0x8146).map(|c| cid_in(&child.cids, c)).collect();
        assert_eq!(cids, [633, 7887, 7888, 636, 637, 638, 0]);
    }

    /// Ghostscript 10.00 (`gs -sDEVICE=pdfwrite` of
    /// `t-ozieri-pdo-2016--weasyprint-plain`) writes the `fi` ligature of a
    /// re-encoded font as `<13b2><13b2><66006900>`: little-endian `fi`. One unit of
    /// the same shape stays an ideograph, and a target with one unit not of the
    /// shape stays big-endian.
    #[test]
    fn a_ligature_written_little_endian_reads_as_its_letters() {
        let c = CMap::parse(
            b"1 beginbfrange <13b2><13b2><66006900> endbfrange
3 beginbfchar <01> <66006C00> <02> <4E00> <03> <66006C01> endbfchar",
        );
        let get = |k: u32| c.text.get(&k).map(|s| s.to_string());
        assert_eq!(get(0x13b2).as_deref(), Some("fi"));
        assert_eq!(get(1).as_deref(), Some("fl"));
        assert_eq!(get(2).as_deref(), Some("\u{4E00}"));
        assert_eq!(get(3).as_deref(), Some("\u{6600}\u{6C01}"));
    }

    /// The decoders as they were before they read in place (a vector of digits,
    /// of bytes, of units; a copy of the start target per code): the reference the
    /// in-place ones must equal.
    mod reference {
        pub fn hex_bytes(body: &[u8]) -> Vec<u8> {
            let digits: Vec<u8> = body.iter().filter_map(|&b| super::hex_value(b)).collect();
            digits
                .chunks(2)
                .map(|p| (p.first().copied().unwrap_or(0) << 4) | p.get(1).copied().unwrap_or(0))
                .collect()
        }

        pub fn utf16_text(bytes: &[u8]) -> Option<Box<str>> {
            let mut units: Vec<u16> = bytes
                .chunks(2)
                .map(|p| {
                    (u16::from(p.first().copied().unwrap_or(0)) << 8)
                        | u16::from(p.get(1).copied().unwrap_or(0))
                })
                .collect();
            let swapped = units.len() >= super::MIN_SWAPPED_UNITS
                && units
                    .iter()
                    .all(|u| u & 0xff == 0 && (0x20..0x7f).contains(&(u >> 8)));
            if swapped {
                units.iter_mut().for_each(|u| *u = u.swap_bytes());
            }
            let s = String::from_utf16(&units).ok()?;
            (!s.is_empty()).then(|| s.into_boxed_str())
        }

        pub fn incremented(start: &[u8], k: u32) -> Option<Box<str>> {
            let mut bytes = start.to_vec();
            let n = bytes.len();
            if n < 2 {
                return utf16_text(&[0, bytes.first().copied().unwrap_or(0).wrapping_add(k as u8)]);
            }
            let last = (u32::from(bytes[n - 2]) << 8 | u32::from(bytes[n - 1])) + k;
            bytes[n - 2] = (last >> 8) as u8;
            bytes[n - 1] = last as u8;
            utf16_text(&bytes)
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        /// Hex bodies of every shape a CMap writes or breaks: digits of both cases,
        /// whitespace between them, odd counts, surrogates, little-endian ASCII,
        /// stray bytes; each read in place as the vectors read it.
        #[test]
        fn hex_strings_read_in_place_as_through_vectors(
            body in "[0-9a-fA-F \n]{0,24}|([2-7][0-9a-f]00){1,4}|(D8[0-9A-F]{2}DC[0-9A-F]{2}|[0-9A-F]{4}){1,3}|[ -~]{0,10}",
            k in 0u32..70_000,
        ) {
            let body = body.as_bytes();
            let bytes = reference::hex_bytes(body);
            proptest::prop_assert_eq!(hex_bytes(body).collect::<Vec<u8>>(), bytes.clone());
            proptest::prop_assert_eq!(hex_len(body), bytes.len());
            let code = bytes.iter().take(4).fold(0, |acc, &b| (acc << 8) | u32::from(b));
            proptest::prop_assert_eq!(code_of(body), code);
            proptest::prop_assert_eq!(hex_text(body), reference::utf16_text(&bytes));
            proptest::prop_assert_eq!(incremented(&bytes, k), reference::incremented(&bytes, k));
        }
    }

    #[test]
    fn hostile_range_is_bounded() {
        let c = CMap::parse(b"beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert!(c.text.len() <= MAX_RANGE as usize + 1);
    }
}
