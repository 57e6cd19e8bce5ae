//! Cross-reference repair: when a file's xref offsets are wrong (shifted by bytes a
//! mail gateway or an editor inserted, or the table cut off), find the objects by
//! scanning for `N G obj`, as poppler (`XRef::constructXRef`) and qpdf
//! (`QPDF::reconstruct_xref`) do, and load the document again through a rebuilt table.
//!
//! The rebuilt table is appended to a copy of the bytes, as an incremental update
//! would append it, so lopdf reads every object at its true offset and nothing of
//! the original is moved. The trailer keeps what the file's own trailer (or its
//! cross-reference stream's dictionary) says of `/Root`, `/Info`, `/Encrypt` and
//! `/ID`; a `/Root` that is not among the objects found is replaced by the last
//! object that declares itself `/Type /Catalog`.

use std::collections::BTreeMap;

/// How far past an object's header its dictionary is searched for `/Type /Catalog`
/// or `/Type /XRef`, and how far past `trailer` the trailer dictionary: dictionaries
/// come first in an object and are short; a stream's data after them is not read.
const DICT_WINDOW: usize = 4096;

/// The bytes with a rebuilt cross-reference table and trailer appended, or `None`
/// when no object header is found or no catalog can be named.
pub(super) fn rebuild(bytes: &[u8]) -> Option<Vec<u8>> {
    // Later definitions win, as in an incrementally updated file.
    let mut offsets: BTreeMap<u32, (u16, usize)> = BTreeMap::new();
    let mut catalog = None;
    let mut trailers: Vec<&[u8]> = Vec::new();
    for (n, g, start, end) in object_headers(bytes) {
        offsets.insert(n, (g, start));
        let dict = window(bytes, end);
        if has_type(dict, b"Catalog") {
            catalog = Some((n, g));
        }
        if has_type(dict, b"XRef") {
            trailers.push(dict);
        }
    }
    if offsets.is_empty() {
        return None;
    }
    trailers.extend(classic_trailers(bytes));
    let entries = trailer_entries(&trailers, &offsets, catalog)?;
    // lopdf reads offsets from the `%PDF-` header, not from the first byte: junk
    // before the header (a space, a mail gateway's line) shifts them all.
    let base = bytes.windows(5).position(|w| w == b"%PDF-").unwrap_or(0);
    for (_, off) in offsets.values_mut() {
        *off = off.saturating_sub(base);
    }
    Some(append_table(bytes, &offsets, &entries, base))
}

/// The objects found by scanning, written out again one by one into a new file
/// with its own table: for files whose objects lopdf cannot parse where they are,
/// as poppler's and qpdf's tolerant readers take them. Each stream's length is
/// taken from its `/Length` when `endstream` follows there, and otherwise from where
/// `endstream` is (a wrong or missing `/Length`); comments after `obj` are dropped;
/// an object without `endobj` ends where the next one begins; a file without a
/// `%PDF-` header gets one; the encryption dictionary gets the dictionaries it
/// refers to written in (see [`encrypt_object`]). With `plain`, `/Encrypt` is left
/// out of the trailer (see [`identity_encryption`]). `None` when no object or no
/// catalog is found.
pub(super) fn rewrite(bytes: &[u8], plain: bool) -> Option<Vec<u8>> {
    let headers: Vec<_> = object_headers(bytes).collect();
    let bodies: BTreeMap<u32, &[u8]> = headers
        .iter()
        .enumerate()
        .map(|(k, &(n, _, _, end))| {
            let next = headers.get(k + 1).map_or(bytes.len(), |h| h.2);
            (n, object_body(bytes.get(end..next.max(end)).unwrap_or(&[])))
        })
        .collect();
    let encrypt = encrypt_object(bytes);
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets: BTreeMap<u32, (u16, usize)> = BTreeMap::new();
    let mut catalog = None;
    let mut trailers: Vec<&[u8]> = Vec::new();
    for (k, &(n, g, _, end)) in headers.iter().enumerate() {
        let next = headers.get(k + 1).map_or(bytes.len(), |h| h.2);
        let body = object_body(bytes.get(end..next.max(end)).unwrap_or(&[]));
        let dict = window(body, 0);
        if has_type(dict, b"Catalog") {
            catalog = Some((n, g));
        }
        if has_type(dict, b"XRef") {
            trailers.push(dict);
        }
        offsets.insert(n, (g, out.len()));
        out.extend_from_slice(format!("{n} {g} obj\n").as_bytes());
        if encrypt.is_some_and(|e| e.0 == n) {
            write_body(&mut out, &inline_references(body, &bodies, INLINE_DEPTH));
        } else {
            write_body(&mut out, body);
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    if offsets.is_empty() {
        return None;
    }
    trailers.extend(classic_trailers(bytes));
    let mut entries = trailer_entries(&trailers, &offsets, catalog)?;
    if plain {
        entries.retain(|(k, _)| k != "Encrypt");
    }
    Some(append_table(&out, &offsets, &entries, 0))
}

/// How deep references are written into the encryption dictionary: `/CF` →
/// `/StdCF` → its entries.
const INLINE_DEPTH: usize = 3;

/// The object the last trailer names as `/Encrypt`, with the offset after its
/// `obj` keyword.
fn encrypt_object(bytes: &[u8]) -> Option<(u32, usize)> {
    let encrypt = classic_trailers(bytes)
        .into_iter()
        .rev()
        .find_map(|t| entry(t, b"Encrypt"))
        .and_then(|r| parse::<u32>(r.split(|&b| is_white(b)).next()?))?;
    object_headers(bytes)
        .filter(|h| h.0 == encrypt)
        .last()
        .map(|h| (encrypt, h.3))
}

/// Whether the encryption dictionary gives its crypt filters (`/CF`) as an
/// indirect object: lopdf 0.42 reads `/CF` only as a direct dictionary and then
/// decrypts nothing (pdf.js `issue7665.pdf`, AES-256 revision 6), so such a file
/// is read through [`rewrite`], which writes the dictionaries in.
pub(super) fn indirect_crypt_filters(bytes: &[u8]) -> bool {
    encrypt_object(bytes).is_some_and(|(_, end)| entry(window(bytes, end), b"CF").is_some())
}

/// `text` with each indirect reference `N G R` to a dictionary object replaced
/// by that dictionary's text, `depth` levels deep.
fn inline_references(text: &[u8], bodies: &BTreeMap<u32, &[u8]>, depth: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let starts = (i == 0 || is_delimiter(text[i - 1])) && text[i].is_ascii_digit();
        let target = starts
            .then(|| reference_at(text, i))
            .flatten()
            .and_then(|(n, len)| Some((bodies.get(&n)?.trim_ascii(), len)))
            .filter(|(b, _)| {
                depth > 0 && b.starts_with(b"<<") && keyword(b, b"stream", 0).is_none()
            });
        match target {
            Some((body, len)) => {
                out.extend(inline_references(body, bodies, depth - 1));
                i += len;
            }
            None => {
                out.push(text[i]);
                i += 1;
            }
        }
    }
    out
}

/// The reference `N G R` starting at `i`: its object number and length.
fn reference_at(text: &[u8], i: usize) -> Option<(u32, usize)> {
    let digits = |from: usize| {
        text.get(from..)
            .map_or(0, |t| t.iter().take_while(|b| b.is_ascii_digit()).count())
    };
    let spaces = |from: usize| {
        text.get(from..)
            .map_or(0, |t| t.iter().take_while(|&&b| is_white(b)).count())
    };
    let n_len = digits(i);
    let mut j = i + n_len;
    let s1 = spaces(j);
    j += s1;
    let g_len = digits(j);
    j += g_len;
    let s2 = spaces(j);
    j += s2;
    let ok = n_len > 0
        && s1 > 0
        && g_len > 0
        && s2 > 0
        && text.get(j) == Some(&b'R')
        && text.get(j + 1).is_none_or(|&b| is_delimiter(b));
    ok.then(|| Some((parse(&text[i..i + n_len])?, j + 1 - i)))
        .flatten()
}

/// Whether a file's `/Encrypt` dictionary leaves its strings and streams in the
/// clear (`/StmF /Identity` and `/StrF /Identity`: only embedded files are
/// encrypted, ISO 32000-2 7.6.7, `/EFF`), so its pages read without any password
/// (pdf.js `encrypted-attachment.pdf`, `auth-event-ef-open.pdf`).
pub(super) fn identity_encryption(bytes: &[u8]) -> bool {
    encrypt_object(bytes).is_some_and(|(_, end)| {
        let dict = window(bytes, end);
        name_is(dict, b"StmF", b"Identity") && name_is(dict, b"StrF", b"Identity")
    })
}

/// Whether a dictionary's text says `/<key> /<name>`.
fn name_is(dict: &[u8], key: &[u8], name: &[u8]) -> bool {
    memchr_iter(dict, key).any(|at| {
        let rest = &dict[at + key.len()..];
        let skip = rest.iter().take_while(|&&b| is_white(b)).count();
        let rest = &rest[skip..];
        at > 0
            && dict[at - 1] == b'/'
            && rest.first() == Some(&b'/')
            && rest[1..].starts_with(name)
            && rest.get(1 + name.len()).is_none_or(|&b| is_delimiter(b))
    })
}

/// An object's text after `obj`: comments and whitespace before it skipped, cut at
/// `endobj` or, when there is none, at the file structure that follows (`xref`,
/// `trailer`, `startxref`).
fn object_body(region: &[u8]) -> &[u8] {
    let mut i = 0;
    while let Some(&b) = region.get(i) {
        if is_white(b) {
            i += 1;
        } else if b == b'%' {
            i += region[i..]
                .iter()
                .position(|&c| c == b'\n' || c == b'\r')
                .unwrap_or(region.len() - i);
        } else {
            break;
        }
    }
    let body = &region[i..];
    let stream_at = keyword(body, b"stream", 0);
    let end = match stream_at {
        // a stream's data may hold anything: its end is its last `endstream`
        Some(at) => rfind(body, b"endstream")
            .filter(|&e| e > at)
            .and_then(|e| keyword(body, b"endobj", e).or(Some(body.len()))),
        None => [&b"endobj"[..], b"xref", b"trailer", b"startxref"]
            .iter()
            .filter_map(|k| keyword(body, k, 0))
            .min(),
    };
    &body[..end.unwrap_or(body.len())]
}

/// Write an object's body; a stream gets a `/Length` that fits its data.
fn write_body(out: &mut Vec<u8>, body: &[u8]) {
    let Some(at) = keyword(body, b"stream", 0) else {
        out.extend_from_slice(body);
        return;
    };
    let dict = &body[..at];
    let mut start = at + 6;
    if body.get(start) == Some(&b'\r') {
        start += 1;
    }
    if body.get(start) == Some(&b'\n') {
        start += 1;
    }
    let data = body.get(start..).unwrap_or(&[]);
    let end = rfind(data, b"endstream").unwrap_or(data.len());
    let declared = declared_length(dict).filter(|&n| {
        data.get(n..end)
            .is_some_and(|gap| gap.iter().all(|&b| is_white(b)))
    });
    let len = declared.unwrap_or_else(|| {
        let mut e = end;
        if e > 0 && data[e - 1] == b'\n' {
            e -= 1;
        }
        if e > 0 && data[e - 1] == b'\r' {
            e -= 1;
        }
        e
    });
    let Some(close) = rfind(dict, b">>") else {
        out.extend_from_slice(body);
        return;
    };
    // a later key wins in lopdf's dictionaries: the fitted length overrides
    out.extend_from_slice(&dict[..close]);
    out.extend_from_slice(format!(" /Length {len} >>\nstream\n").as_bytes());
    out.extend_from_slice(&data[..len.min(data.len())]);
    out.extend_from_slice(b"\nendstream");
}

/// A direct `/Length N` of a stream dictionary's text (not a reference).
fn declared_length(dict: &[u8]) -> Option<usize> {
    let value = entry_text(dict, b"Length")?;
    let mut words = value.split(|&b| is_white(b)).filter(|w| !w.is_empty());
    let n = parse::<usize>(words.next()?)?;
    let is_reference = words.nth(1).is_some_and(|w| w.starts_with(b"R"));
    (!is_reference).then_some(n)
}

/// The text after `/<key>`, up to the dictionary's next key or end.
fn entry_text<'a>(dict: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    memchr_iter(dict, key).find_map(|at| {
        let after = at + key.len();
        let ok = at > 0 && dict[at - 1] == b'/' && dict.get(after).is_none_or(|&b| is_delimiter(b));
        let rest = dict.get(after..)?;
        let len = rest
            .iter()
            .position(|&b| b == b'/' || b == b'>')
            .unwrap_or(rest.len());
        ok.then(|| &rest[..len])
    })
}

/// The first `word` at or after `from` that stands alone (delimiters on both
/// sides; `stream` inside `endstream` does not count).
fn keyword(hay: &[u8], word: &[u8], from: usize) -> Option<usize> {
    let tail = hay.get(from..)?;
    memchr_iter(tail, word).map(|i| i + from).find(|&i| {
        (i == 0 || is_delimiter(hay[i - 1]))
            && hay.get(i + word.len()).is_none_or(|&b| is_delimiter(b))
    })
}

/// The last occurrence of `needle`.
fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | 0x0c | 0)
}

fn is_delimiter(b: u8) -> bool {
    is_white(b) || b"()<>[]{}/%".contains(&b)
}

/// Every `N G obj` that starts a line or follows whitespace: object number,
/// generation, offset of `N`, offset after `obj`.
fn object_headers(bytes: &[u8]) -> impl Iterator<Item = (u32, u16, usize, usize)> + '_ {
    memchr_iter(bytes, b"obj").filter_map(move |at| {
        let end = at + 3;
        if bytes.get(end).is_some_and(|&b| !is_delimiter(b)) {
            return None;
        }
        let (g, g_start) = number_before(bytes, at)?;
        let (n, n_start) = number_before(bytes, g_start)?;
        if n_start > 0 && bytes.get(n_start - 1).is_some_and(|&b| !is_white(b)) {
            return None;
        }
        Some((parse(n)?, parse(g)?, n_start, end))
    })
}

/// Offsets of every occurrence of `needle`.
fn memchr_iter<'a>(hay: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    hay.windows(needle.len())
        .enumerate()
        .filter(move |(_, w)| *w == needle)
        .map(|(i, _)| i)
}

/// The digits that end, after at least one whitespace byte, just before `at`.
fn number_before(bytes: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let mut i = at;
    while i > 0 && is_white(bytes[i - 1]) {
        i -= 1;
    }
    if i == at {
        return None;
    }
    let end = i;
    while i > 0 && bytes[i - 1].is_ascii_digit() && end - i < 10 {
        i -= 1;
    }
    (i < end).then(|| (&bytes[i..end], i))
}

/// Whether a dictionary's text says `/Type /<name>`.
fn has_type(dict: &[u8], name: &[u8]) -> bool {
    memchr_iter(dict, b"/Type").any(|at| {
        let rest = &dict[at + 5..];
        let skip = rest.iter().take_while(|&&b| is_white(b)).count();
        let rest = &rest[skip..];
        rest.first() == Some(&b'/')
            && rest[1..].starts_with(name)
            && rest.get(1 + name.len()).is_none_or(|&b| is_delimiter(b))
    })
}

/// The value written after `/<key>` in a dictionary's text: an indirect reference
/// (`12 0 R`) or, for `ID`, the array.
fn entry<'a>(dict: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    memchr_iter(dict, key).find_map(|at| {
        if at == 0 || dict[at - 1] != b'/' {
            return None;
        }
        let rest = &dict[at + key.len()..];
        if rest.first().is_some_and(|&b| !is_delimiter(b)) {
            return None;
        }
        let skip = rest.iter().take_while(|&&b| is_white(b)).count();
        let rest = &rest[skip..];
        let len = if rest.first() == Some(&b'[') {
            rest.iter().position(|&b| b == b']')? + 1
        } else {
            rest.iter().position(|&b| b == b'R')? + 1
        };
        let value = &rest[..len];
        let ok = value.first() == Some(&b'[')
            || value
                .iter()
                .all(|&b| b.is_ascii_digit() || is_white(b) || b == b'R');
        ok.then_some(value)
    })
}

fn parse<T: std::str::FromStr>(digits: &[u8]) -> Option<T> {
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// The bytes after `at`, up to the next `endobj` or [`DICT_WINDOW`].
fn window(bytes: &[u8], at: usize) -> &[u8] {
    let tail = bytes.get(at..).unwrap_or(&[]);
    let tail = &tail[..tail.len().min(DICT_WINDOW)];
    let end = tail
        .windows(6)
        .position(|w| w == b"endobj" || w == b"stream")
        .unwrap_or(tail.len());
    &tail[..end]
}

/// The dictionaries after each `trailer` keyword, last one last.
fn classic_trailers(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = bytes
        .get(from..)
        .and_then(|t| t.windows(7).position(|w| w == b"trailer"))
    {
        let at = from + pos + 7;
        let tail = bytes.get(at..).unwrap_or(&[]);
        out.push(&tail[..tail.len().min(DICT_WINDOW)]);
        from = at;
    }
    out
}

/// `/Root`, `/Info`, `/Encrypt`, `/ID` as the last trailer that names them says;
/// `/Root` replaced by the scanned catalog when it names no object found.
fn trailer_entries(
    trailers: &[&[u8]],
    offsets: &BTreeMap<u32, (u16, usize)>,
    catalog: Option<(u32, u16)>,
) -> Option<Vec<(String, String)>> {
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    for t in trailers {
        let end = t
            .windows(9)
            .position(|w| w == b"startxref")
            .unwrap_or(t.len());
        for key in ["Root", "Info", "Encrypt", "ID"] {
            if let Some(v) = entry(&t[..end], key.as_bytes()) {
                found.insert(key.into(), String::from_utf8_lossy(v).into_owned());
            }
        }
    }
    let root_known = found
        .get("Root")
        .and_then(|r| r.split_whitespace().next()?.parse::<u32>().ok())
        .is_some_and(|n| offsets.contains_key(&n) || catalog.is_none());
    if !root_known {
        let (n, g) = catalog?;
        found.insert("Root".into(), format!("{n} {g} R"));
    }
    Some(found.into_iter().collect())
}

/// A copy of `bytes` with a classic xref table and trailer appended.
fn append_table(
    bytes: &[u8],
    offsets: &BTreeMap<u32, (u16, usize)>,
    entries: &[(String, String)],
    base: usize,
) -> Vec<u8> {
    use std::io::Write;
    let size = offsets.keys().next_back().map_or(1, |n| n + 1);
    let mut out = Vec::with_capacity(bytes.len() + offsets.len() * 20 + 256);
    out.extend_from_slice(bytes);
    out.push(b'\n');
    let xref_at = out.len();
    let _ = write!(out, "xref\n0 1\n0000000000 65535 f \n");
    for (n, (g, off)) in offsets {
        let _ = write!(out, "{n} 1\n{off:010} {g:05} n \n");
    }
    let _ = write!(out, "trailer\n<< /Size {size}");
    for (k, v) in entries {
        let _ = write!(out, " /{k} {v}");
    }
    let _ = write!(out, " >>\nstartxref\n{}\n%%EOF\n", xref_at - base);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A two-object PDF whose xref offsets are all 7 bytes too far.
    fn shifted() -> Vec<u8> {
        let mut b = b"%PDF-1.4\n".to_vec();
        let o1 = b.len();
        b.extend_from_slice(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        let o2 = b.len();
        b.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
        let x = b.len();
        b.extend_from_slice(
            format!(
                "xref\n0 3\n0000000000 65535 f \n{:010} 00000 n \n{:010} 00000 n \n\
                 trailer\n<< /Size 3 /Root 1 0 R /ID [<ab> <cd>] >>\nstartxref\n{x}\n%%EOF\n",
                o1 + 7,
                o2 + 7
            )
            .as_bytes(),
        );
        b
    }

    #[test]
    fn objects_are_found_where_they_are() {
        let fixed = rebuild(&shifted()).unwrap();
        let doc = lopdf::Document::load_mem(&fixed).unwrap();
        assert_eq!(doc.objects.len(), 2);
        let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
        assert_eq!(root, (1, 0));
        assert!(doc.trailer.get(b"ID").is_ok());
    }

    #[test]
    fn junk_before_the_header_is_allowed_for() {
        let mut b = b"  \n".to_vec();
        b.extend(shifted());
        let fixed = rebuild(&b).unwrap();
        let doc = lopdf::Document::load_mem(&fixed).unwrap();
        assert_eq!(doc.objects.len(), 2);
    }

    /// A one-page PDF whose content stream is written by `stream`, with a correct
    /// table (so only the object itself is broken).
    fn with_content(stream: &str) -> Vec<u8> {
        let objs = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 50] /Contents 4 0 R >>".to_string(),
            stream.to_string(),
        ];
        let mut b = b"%PDF-1.4\n".to_vec();
        let mut at = Vec::new();
        for (k, o) in objs.iter().enumerate() {
            at.push(b.len());
            b.extend_from_slice(format!("{} 0 obj{o}\nendobj\n", k + 1).as_bytes());
        }
        let x = b.len();
        b.extend_from_slice(b"xref\n0 5\n0000000000 65535 f \n");
        for a in at {
            b.extend_from_slice(format!("{a:010} 00000 n \n").as_bytes());
        }
        b.extend_from_slice(
            format!("trailer << /Size 5 /Root 1 0 R >>\nstartxref\n{x}\n%%EOF").as_bytes(),
        );
        b
    }

    fn content_of(fixed: &[u8]) -> Vec<u8> {
        let doc = lopdf::Document::load_mem(fixed).unwrap();
        doc.get_object((4, 0))
            .unwrap()
            .as_stream()
            .unwrap()
            .content
            .clone()
    }

    #[test]
    fn stream_lengths_are_fitted() {
        let body = "BT (Hi) Tj ET";
        for dict in [
            "<< /Length 3 >>",
            "<< >>",
            "<< /Length 99 >>",
            "<< /Length 9 0 R >>",
        ] {
            let fixed = rewrite(
                &with_content(&format!("\n{dict}\nstream\n{body}\nendstream")),
                false,
            )
            .unwrap();
            assert_eq!(content_of(&fixed), body.as_bytes(), "{dict}");
        }
        // a right length is kept, even when the data ends in a newline
        let fixed = rewrite(
            &with_content(&format!("<< /Length 14 >>\nstream\n{body}\n\nendstream")),
            false,
        )
        .unwrap();
        assert_eq!(content_of(&fixed), format!("{body}\n").as_bytes());
    }

    #[test]
    fn comments_after_obj_and_missing_endobj_are_read() {
        let mut b =
            with_content("  % page content\n<< /Length 13 >>\nstream\nBT (Hi) Tj ET\nendstream");
        let at = b.windows(6).position(|w| w == b"endobj").unwrap();
        b.drain(at..at + 6);
        let fixed = rewrite(&b, false).unwrap();
        assert_eq!(content_of(&fixed), b"BT (Hi) Tj ET");
        let doc = lopdf::Document::load_mem(&fixed).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
    }

    #[test]
    fn headerless_file_gets_a_header() {
        let b = with_content("<< /Length 13 >>\nstream\nBT (Hi) Tj ET\nendstream");
        let fixed = rewrite(&b[9..], false).unwrap();
        assert!(fixed.starts_with(b"%PDF-"));
        assert_eq!(content_of(&fixed), b"BT (Hi) Tj ET");
    }

    #[test]
    fn encryption_of_attachments_only_is_seen() {
        let mut b = with_content("<< /Length 13 >>\nstream\nBT (Hi) Tj ET\nendstream");
        b.extend_from_slice(b"\n5 0 obj << /Filter /Standard /V 5 /R 6 /StmF /Identity /StrF /Identity /EFF /StdCF >> endobj\ntrailer << /Root 1 0 R /Encrypt 5 0 R >>\n");
        assert!(identity_encryption(&b));
        let fixed = rewrite(&b, true).unwrap();
        let doc = lopdf::Document::load_mem(&fixed).unwrap();
        assert!(doc.trailer.get(b"Encrypt").is_err());
        let clear = b.windows(9).position(|w| w == b"/Identity").unwrap();
        b[clear + 1..clear + 9].copy_from_slice(b"StdCF   ");
        assert!(!identity_encryption(&b));
    }

    #[test]
    fn indirect_crypt_filters_are_written_in() {
        let mut b = with_content("<< /Length 13 >>\nstream\nBT (Hi) Tj ET\nendstream");
        b.extend_from_slice(b"\n5 0 obj << /Filter /Standard /V 5 /R 6 /CF 6 0 R /StmF /StdCF >> endobj\n6 0 obj << /StdCF 7 0 R >> endobj\n7 0 obj << /CFM /AESV3 /Length 32 >> endobj\ntrailer << /Root 1 0 R /Encrypt 5 0 R >>\n");
        assert!(indirect_crypt_filters(&b));
        let fixed = rewrite(&b, false).unwrap();
        let text = String::from_utf8_lossy(&fixed);
        assert!(
            text.contains("/CF << /StdCF << /CFM /AESV3 /Length 32 >> >>"),
            "{text}"
        );
        let direct = String::from_utf8_lossy(&b).replace("/CF 6 0 R", "/CF << >>");
        assert!(!indirect_crypt_filters(direct.as_bytes()));
    }

    #[test]
    fn no_objects_no_rebuild() {
        assert!(rebuild(b"%PDF-1.4\nnothing here\n%%EOF").is_none());
    }
}
