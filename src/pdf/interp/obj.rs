//! Small lookups on lopdf objects that follow references and never fail loudly.

use crate::pdf::load::Budget;
use lopdf::{Dictionary, Document, Object, Stream};
use std::borrow::Cow;

/// The object itself, or the one a reference (chain) points to.
pub(super) fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(_) => doc.dereference(o).ok().map(|(_, o)| o),
        _ => Some(o),
    }
}

/// `dict[key]`, resolved.
pub(super) fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

/// `dict[key]` as a name.
pub(super) fn name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    get(doc, dict, key)?.as_name().ok()
}

/// `dict[key]` as a dictionary (a stream's dictionary included).
pub(super) fn dict<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    match get(doc, dict, key)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// An integer or real, resolved.
pub(super) fn as_number(doc: &Document, o: &Object) -> Option<f64> {
    match resolve(doc, o)? {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// `dict[key]` as a number.
pub(super) fn number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    as_number(doc, dict.get(key).ok()?)
}

/// A stream's decoded bytes: `load` already inflated Flate streams, so most are
/// borrowed as they are; others are decoded by lopdf.
pub(super) fn stream_bytes(s: &Stream) -> Option<Cow<'_, [u8]>> {
    if s.dict.has(b"Filter") {
        crate::pdf::filters::decode(s).map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(&s.content))
    }
}

/// The bytes of the stream under `dict[key]` that `load` may have left compressed
/// for its reader (a font program, a CID map: [`Budget::on_demand`]), resolved.
pub(super) fn on_demand<'a>(
    doc: &'a Document,
    budget: &Budget,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<Cow<'a, [u8]>> {
    let entry = dict.get(key).ok()?;
    let id = entry.as_reference().unwrap_or((0, 0));
    let stream = resolve(doc, entry)?.as_stream().ok()?;
    budget.on_demand(id, stream)
}
