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
/// `0x80` (BER indefinite length) is taken too, so that such files fail as envelopes.
const DER_LONG_LENGTH: u8 = 0x80;

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

/// The DER of an envelope, or `None` when the bytes are a PDF or not an envelope.
///
/// DER is told by its first two bytes, before any `%PDF-` search: a DER envelope
/// holds the PDF a few dozen bytes in, well inside the header window.
fn envelope_der(bytes: &[u8]) -> Option<Vec<u8>> {
    match bytes {
        [DER_SEQUENCE, len, ..] if *len >= DER_LONG_LENGTH => return Some(bytes.to_vec()),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(HEADER_WINDOW)];
    if head.windows(5).any(|w| w == b"%PDF-") {
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
fn open_one(der: &[u8]) -> Result<(Vec<u8>, Signer)> {
    let info = ContentInfo::from_der(der).map_err(|e| bad("not a CMS envelope", e))?;
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
    fn corrupt_der_is_an_envelope_error() {
        let err = unwrap(&[0x30, 0x82, 0xff, 0xff, 1, 2, 3]).unwrap_err();
        assert_eq!(err.kind(), "bad_envelope");
    }
}
