//! Signed envelopes (`.p7m`): CMS / CAdES `SignedData` around a PDF, as Italian public
//! bodies publish signed documents.
//!
//! An envelope is unwrapped to the PDF inside, however many times it was signed again
//! (each signature wraps the previous envelope), from DER, PEM or bare base64. The
//! signer's subject and signing time are read from the innermost envelope (the one
//! around the PDF: the document's own signer). **Signatures are not verified**: this
//! module only reads what the envelope says.
//!
//! Invariant: bytes that carry a `%PDF-` header are returned as they are, with no
//! copy; bytes that are neither a PDF nor an envelope are returned as they are too, so
//! `pdf::open` classifies them (`not_pdf`).

use crate::error::{Error, Result};
use base64ct::{Base64, Encoding};
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{ObjectIdentifier, OctetStringRef};
use der::{Decode, Encode};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use x509_cert::Certificate;

/// How far to look for the `%PDF-` header (as `pdf::load` does).
const HEADER_WINDOW: usize = 1024;
/// Envelopes unwrapped at most: real files are signed two or three times; a crafted
/// file nesting thousands must stop.
const MAX_DEPTH: usize = 16;
/// `id-signedData` (RFC 5652 §5.1).
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
/// `id-signingTime` (RFC 5652 §11.3).
const ID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
/// Tag byte of a DER `SEQUENCE`, the first byte of every DER `ContentInfo`.
const DER_SEQUENCE: u8 = 0x30;
/// Smallest second byte of a DER `SEQUENCE` with a long-form length (`0x81`..`0x84`:
/// 1 to 4 length bytes follow); every envelope around a PDF is longer than 127 bytes.
/// `0x80` is BER's indefinite length (`openssl cms -stream`, some signing tools):
/// such envelopes are converted to DER first (see [`ber_to_der`]).
const DER_LONG_LENGTH: u8 = 0x80;
/// BER nesting followed at most when converting to DER: CMS nests a dozen deep; a
/// crafted file nesting thousands must stop with an error, not a stack overflow.
const MAX_BER_DEPTH: usize = 64;
/// Tag of a constructed `OCTET STRING`: BER splits long content into chunks under it
/// (OpenSSL streams 4,096-byte chunks); DER has one primitive string (`0x04`).
const BER_CONSTRUCTED_OCTETS: u8 = 0x24;
/// Tag of a primitive `OCTET STRING`.
const DER_OCTETS: u8 = 0x04;

/// Who signed the document, as the envelope says (not verified).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Signer {
    /// Subject of the signer's certificate, RFC 4514 (`CN=...,O=...`).
    pub subject: Option<String>,
    /// The `signingTime` signed attribute, RFC 3339 UTC.
    pub signing_time: Option<String>,
    /// Envelopes around the PDF (2 or more: signed again, or countersigned).
    pub envelopes: usize,
}

/// The PDF bytes of an input, and its signer when it came in an envelope.
#[derive(Debug)]
pub struct Unwrapped<'a> {
    /// The PDF (or the input as it was, when it is not an envelope).
    pub pdf: Cow<'a, [u8]>,
    /// Set when the input was an envelope.
    pub signer: Option<Signer>,
}

/// Unwrap `bytes` when they are a signed envelope; otherwise return them unchanged.
pub fn unwrap(bytes: &[u8]) -> Result<Unwrapped<'_>> {
    let Some(mut der) = envelope_der(bytes) else {
        return Ok(Unwrapped {
            pdf: Cow::Borrowed(bytes),
            signer: None,
        });
    };
    for depth in 1..=MAX_DEPTH {
        let (content, found) = open_one(&der)?;
        match envelope_der(&content) {
            Some(inner) => der = inner,
            None => {
                let signer = Signer {
                    envelopes: depth,
                    ..found
                };
                return Ok(Unwrapped {
                    pdf: Cow::Owned(content),
                    signer: Some(signer),
                });
            }
        }
    }
    Err(Error::Envelope(format!(
        "more than {MAX_DEPTH} nested envelopes"
    )))
}

/// [`unwrap`] for an input named `name`: a file named as an envelope (`*.p7m`) whose
/// bytes are neither an envelope nor a PDF (empty, cut before the envelope starts,
/// or garbage) is a broken envelope, `bad_envelope`, as the README promises, not
/// `not_pdf`: the user gave us a signed file, and it is the signature file that is
/// broken.
pub fn unwrap_named<'a>(name: &std::path::Path, bytes: &'a [u8]) -> Result<Unwrapped<'a>> {
    let unwrapped = unwrap(bytes)?;
    if unwrapped.signer.is_none() && is_envelope_name(name) && !has_pdf_header(bytes) {
        return Err(Error::Envelope(if bytes.is_empty() {
            "empty file".into()
        } else {
            "neither a CMS envelope nor a PDF".into()
        }));
    }
    Ok(unwrapped)
}

/// `*.p7m`, in any case (`documento.pdf.p7m`, `DOCUMENTO.PDF.P7M`).
fn is_envelope_name(name: &std::path::Path) -> bool {
    name.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("p7m"))
}

fn has_pdf_header(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HEADER_WINDOW)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// The DER of an envelope, or `None` when the bytes are a PDF or not an envelope.
///
/// DER is told by its first two bytes, before any `%PDF-` search: a DER envelope
/// holds the PDF a few dozen bytes in, well inside the header window.
fn envelope_der(bytes: &[u8]) -> Option<Vec<u8>> {
    match bytes {
        [DER_SEQUENCE, len, ..] if *len >= DER_LONG_LENGTH => return Some(bytes.to_vec()),
        _ => {}
    }
    if has_pdf_header(bytes) {
        return None;
    }
    from_text(bytes)
}

/// PEM (`-----BEGIN PKCS7-----`, `CMS`, ...) or bare base64 of a DER envelope.
fn from_text(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect();
    let der = Base64::decode_vec(&body).ok()?;
    (der.first() == Some(&DER_SEQUENCE)).then_some(der)
}

fn bad(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Envelope(format!("{what}: {e}"))
}

/// One envelope: the content it wraps, and its signer.
fn open_one(ber: &[u8]) -> Result<(Vec<u8>, Signer)> {
    let der = ber_to_der(ber)?;
    let info = ContentInfo::from_der(&der).map_err(|e| bad("not a CMS envelope", e))?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(Error::Envelope(format!(
            "content type {} is not signed data",
            info.content_type
        )));
    }
    let signed: SignedData = info
        .content
        .decode_as()
        .map_err(|e| bad("corrupt signed data", e))?;
    let content = signed.encap_content_info.econtent.as_ref().ok_or_else(|| {
        Error::Envelope("detached signature: the envelope holds no document".into())
    })?;
    let octets: OctetStringRef<'_> = content
        .decode_as()
        .map_err(|e| bad("corrupt signed content", e))?;
    Ok((octets.as_bytes().to_vec(), signer_of(&signed)))
}

/// DER from BER: indefinite lengths become definite ones and constructed (chunked)
/// `OCTET STRING`s become one primitive string, the two BER forms signing tools use
/// when they stream. DER comes back as it was. The `der` crate reads DER only, and no
/// maintained crate converts; this walks the encoding once (tag, length, content).
fn ber_to_der(ber: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(ber.len());
    convert(ber, &mut out, 0)?;
    Ok(out)
}

fn ber_error(what: &str) -> Error {
    Error::Envelope(format!("not a CMS envelope: BER {what}"))
}

/// Convert the value at the start of `input` into `out`; returns what follows it.
fn convert<'a>(input: &'a [u8], out: &mut Vec<u8>, depth: usize) -> Result<&'a [u8]> {
    if depth > MAX_BER_DEPTH {
        return Err(ber_error("nested too deep"));
    }
    let (tag, rest) = read_tag(input)?;
    let constructed = tag.first().is_some_and(|t| t & 0x20 != 0);
    let (len, rest) = read_length(rest)?;
    let (mut body, after) = match len {
        Some(n) => {
            let content = rest
                .get(..n)
                .ok_or_else(|| ber_error("length past the end"))?;
            if !constructed {
                out.extend_from_slice(tag);
                write_length(out, n);
                out.extend_from_slice(content);
                return Ok(&rest[n..]);
            }
            let mut body = Vec::with_capacity(n);
            let mut inner = content;
            while !inner.is_empty() {
                inner = convert(inner, &mut body, depth + 1)?;
            }
            (body, &rest[n..])
        }
        None if constructed => {
            let mut body = Vec::new();
            let mut inner = rest;
            loop {
                match inner {
                    [0, 0, tail @ ..] => break (body, tail),
                    [] => return Err(ber_error("end of contents missing")),
                    _ => inner = convert(inner, &mut body, depth + 1)?,
                }
            }
        }
        None => return Err(ber_error("indefinite length on a primitive value")),
    };
    if tag == [BER_CONSTRUCTED_OCTETS] {
        body = concat_octets(&body)?;
        out.push(DER_OCTETS);
    } else {
        out.extend_from_slice(tag);
    }
    write_length(out, body.len());
    out.extend_from_slice(&body);
    Ok(after)
}

/// The contents of the primitive `OCTET STRING`s `der` is made of, concatenated.
fn concat_octets(mut der: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(der.len());
    while !der.is_empty() {
        let (tag, rest) = read_tag(der)?;
        let (Some(n), rest) = read_length(rest)? else {
            return Err(ber_error("chunk of indefinite length"));
        };
        if tag != [DER_OCTETS] {
            return Err(ber_error("chunk that is not an OCTET STRING"));
        }
        out.extend_from_slice(
            rest.get(..n)
                .ok_or_else(|| ber_error("chunk past the end"))?,
        );
        der = &rest[n..];
    }
    Ok(out)
}

/// The tag bytes (one, or more in the high-tag-number form) and what follows.
fn read_tag(input: &[u8]) -> Result<(&[u8], &[u8])> {
    let first = *input.first().ok_or_else(|| ber_error("value missing"))?;
    let mut n = 1;
    if first & 0x1f == 0x1f {
        while input.get(n).ok_or_else(|| ber_error("tag past the end"))? & 0x80 != 0 {
            n += 1;
        }
        n += 1;
    }
    Ok(input.split_at(n))
}

/// The length (`None`: indefinite) and what follows it.
fn read_length(input: &[u8]) -> Result<(Option<usize>, &[u8])> {
    let (&first, rest) = input
        .split_first()
        .ok_or_else(|| ber_error("length missing"))?;
    match first {
        0x80 => Ok((None, rest)),
        0..0x80 => Ok((Some(usize::from(first)), rest)),
        _ => {
            let k = usize::from(first & 0x7f);
            let bytes = rest
                .get(..k)
                .filter(|_| k <= 4)
                .ok_or_else(|| ber_error("length too long"))?;
            let n = bytes
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            Ok((Some(n), &rest[k..]))
        }
    }
}

/// A DER length: short form under 128, else the fewest big-endian bytes.
fn write_length(out: &mut Vec<u8>, n: usize) {
    if n < 0x80 {
        out.push(n as u8);
        return;
    }
    let bytes = n.to_be_bytes();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    out.push(0x80 | (bytes.len() - skip) as u8);
    out.extend_from_slice(&bytes[skip..]);
}

/// The first signer's subject and signing time, where the envelope has them.
fn signer_of(signed: &SignedData) -> Signer {
    let Some(info) = signed.signer_infos.0.iter().next() else {
        return Signer::default();
    };
    Signer {
        subject: certificate_of(signed, info).map(|c| c.tbs_certificate.subject.to_string()),
        signing_time: signing_time(info),
        envelopes: 1,
    }
}

/// The certificate the signer info points at; the first one when it cannot be told.
fn certificate_of<'a>(signed: &'a SignedData, info: &SignerInfo) -> Option<&'a Certificate> {
    let certs: Vec<&Certificate> = signed
        .certificates
        .as_ref()?
        .0
        .iter()
        .filter_map(|c| match c {
            CertificateChoices::Certificate(cert) => Some(cert),
            _ => None,
        })
        .collect();
    let matching = certs.iter().copied().find(|c| match &info.sid {
        SignerIdentifier::IssuerAndSerialNumber(id) => {
            c.tbs_certificate.issuer == id.issuer
                && c.tbs_certificate.serial_number == id.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(_) => false,
    });
    matching.or_else(|| certs.first().copied())
}

fn signing_time(info: &SignerInfo) -> Option<String> {
    let attr = info
        .signed_attrs
        .as_ref()?
        .iter()
        .find(|a| a.oid == ID_SIGNING_TIME)?;
    let value = attr.values.iter().next()?;
    let time = x509_cert::time::Time::from_der(&value.to_der().ok()?).ok()?;
    Some(time.to_date_time().to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn pdf_and_junk_pass_through_unchanged() {
        for bytes in [&b"%PDF-1.7 rest"[..], b"hello", b"", b"0 %PDF-1.4"] {
            let u = unwrap(bytes).unwrap();
            assert!(matches!(u.pdf, Cow::Borrowed(_)));
            assert_eq!(u.signer, None);
        }
    }

    #[test]
    fn empty_or_garbage_p7m_is_a_bad_envelope() {
        let p7m = std::path::Path::new("delibera.pdf.P7M");
        for bytes in [&b""[..], b"garbage, not base64 !!", &[0x30, 0x05, 1, 2]] {
            let err = unwrap_named(p7m, bytes).unwrap_err();
            assert_eq!(err.kind(), "bad_envelope", "{bytes:?}: {err}");
            assert_eq!(err.exit_code(), 23);
        }
        // a PDF named .p7m is read as the PDF it is; junk named .pdf stays not_pdf
        assert!(
            unwrap_named(p7m, b"%PDF-1.7 rest")
                .unwrap()
                .signer
                .is_none()
        );
        let pdf = std::path::Path::new("delibera.pdf");
        assert!(unwrap_named(pdf, b"").unwrap().signer.is_none());
    }

    #[test]
    fn ber_becomes_der() {
        // SEQUENCE (indefinite) { INTEGER 1, OCTET STRING (constructed, indefinite)
        // { "ab", "c" } } end-of-contents
        let ber = [
            0x30, 0x80, 0x02, 0x01, 0x01, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c',
            0x00, 0x00, 0x00, 0x00,
        ];
        let der = ber_to_der(&ber).unwrap();
        assert_eq!(
            der,
            [0x30, 0x08, 0x02, 0x01, 0x01, 0x04, 0x03, b'a', b'b', b'c']
        );
        // DER stays as it is, long lengths included
        let mut long = vec![0x04, 0x81, 200];
        long.extend(std::iter::repeat_n(7u8, 200));
        assert_eq!(ber_to_der(&long).unwrap(), long);
        assert_eq!(ber_to_der(&der).unwrap(), der);
    }

    #[test]
    fn broken_ber_is_an_envelope_error_not_a_panic() {
        let deep: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 1000)
            .flatten()
            .collect();
        for bad in [
            &[0x30, 0x80, 0x02, 0x01][..],
            &[0x30, 0x85, 1, 1, 1, 1, 1],
            &deep,
            &[0x04, 0x80],
        ] {
            assert_eq!(ber_to_der(bad).unwrap_err().kind(), "bad_envelope");
        }
    }

    #[test]
    fn corrupt_der_is_an_envelope_error() {
        let err = unwrap(&[0x30, 0x82, 0xff, 0xff, 1, 2, 3]).unwrap_err();
        assert_eq!(err.kind(), "bad_envelope");
    }
}
