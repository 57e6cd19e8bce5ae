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

    #[test]
    fn no_objects_no_rebuild() {
        assert!(rebuild(b"%PDF-1.4\nnothing here\n%%EOF").is_none());
    }
}
