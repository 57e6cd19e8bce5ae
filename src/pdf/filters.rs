//! Stream filters beyond the plain Flate that `load` inflates under its limits:
//! a filter chain is decoded stage by stage, `ASCIIHexDecode` and `RunLengthDecode`
//! here (lopdf 0.42 does not decode them, and producers of simple files use them:
//! pdf.js's `asciihexdecode.pdf`, `issue9252.pdf`), the others (Flate with a
//! predictor, LZW, ASCII85) by lopdf, one stage at a time. Image filters (DCT, JPX,
//! CCITT, JBIG2) are not decoded: images are never read.

use lopdf::{Dictionary, Object, Stream};

/// A stream's decoded bytes, or `None` when a stage does not decode.
pub(crate) fn decode(s: &Stream) -> Option<Vec<u8>> {
    let filters = s.filters().ok()?;
    let parms = s.dict.get(b"DecodeParms").ok();
    let mut data = s.content.clone();
    for (k, f) in filters.iter().enumerate() {
        data = match *f {
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(&data),
            b"RunLengthDecode" | b"RL" => run_length(&data),
            other => {
                let mut dict = Dictionary::new();
                dict.set("Filter", Object::Name(full_name(other).to_vec()));
                if let Some(p) = parm(parms, k) {
                    dict.set("DecodeParms", p.clone());
                }
                Stream::new(dict, data).decompressed_content().ok()?
            }
        };
    }
    Some(data)
}

/// The parameters of stage `k`: an array of them (one per filter), or the one
/// dictionary of a single filter.
fn parm(parms: Option<&Object>, k: usize) -> Option<&Object> {
    match parms? {
        Object::Array(v) => v.get(k).filter(|o| !matches!(o, Object::Null)),
        o if k == 0 => Some(o),
        _ => None,
    }
}

/// Abbreviated filter names (inline images, some producers) spelled out for lopdf.
fn full_name(f: &[u8]) -> &[u8] {
    match f {
        b"Fl" => b"FlateDecode",
        b"A85" => b"ASCII85Decode",
        b"LZW" => b"LZWDecode",
        other => other,
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `ASCIIHexDecode` (PDF 32000 7.4.2): hex digits, whitespace ignored, `>` ends
/// the data, an odd last digit is followed by 0.
fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = data
        .iter()
        .take_while(|&&b| b != b'>')
        .filter_map(|&b| hex(b))
        .collect();
    digits
        .chunks(2)
        .map(|p| (p.first().copied().unwrap_or(0) << 4) | p.get(1).copied().unwrap_or(0))
        .collect()
}

/// `RunLengthDecode` (PDF 32000 7.4.5): a length byte n, then n+1 literal bytes
/// (n < 128) or one byte repeated 257−n times (n > 128); 128 ends the data.
fn run_length(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 2);
    let mut i = 0;
    while let Some(&n) = data.get(i) {
        match n {
            128 => break,
            0..128 => {
                let end = (i + 2 + usize::from(n)).min(data.len());
                out.extend_from_slice(data.get(i + 1..end).unwrap_or(&[]));
                i = end;
            }
            _ => {
                if let Some(&b) = data.get(i + 1) {
                    out.extend(std::iter::repeat_n(b, 257 - usize::from(n)));
                }
                i += 2;
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn stream(filter: Object, content: &[u8]) -> Stream {
        let mut dict = Dictionary::new();
        dict.set("Filter", filter);
        Stream::new(dict, content.to_vec())
    }

    #[test]
    fn ascii_hex_and_run_length() {
        let s = stream(
            Object::Name(b"ASCIIHexDecode".to_vec()),
            b"48 65 6c6C 6\n>junk",
        );
        assert_eq!(decode(&s).unwrap(), b"Hell`");
        let s = stream(
            Object::Name(b"RL".to_vec()),
            &[2, b'a', b'b', b'c', 254, b'x', 128, 9],
        );
        assert_eq!(decode(&s).unwrap(), b"abcxxx");
    }

    #[test]
    fn chains_run_in_order() {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, b"BT (Hi) Tj ET").unwrap();
        let hexed: String = z
            .finish()
            .unwrap()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let chain = Object::Array(vec![
            Object::Name(b"AHx".to_vec()),
            Object::Name(b"Fl".to_vec()),
        ]);
        let s = stream(chain, hexed.as_bytes());
        assert_eq!(decode(&s).unwrap(), b"BT (Hi) Tj ET");
    }
}
