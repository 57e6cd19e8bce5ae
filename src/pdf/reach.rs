//! The pruned load: a `lopdf::Document` holding only the objects the reader can
//! reach, parsed by lopdf's own object parser, and nothing else.
//!
//! lopdf 0.42's `Document::load_mem` parses every object a file lists. A tagged
//! Chromium plan is mostly its structure tree (001-chromium-zebra: 2,850 of 4,684
//! objects are `/StructElem`), which we never read, and that parse with the memory
//! it takes was about half of the PDF stage on such files. Here the cross-reference
//! data is read first ([`super::xref`]), then the objects reached from the trailer
//! (`/Root`, `/Info`) by following every reference except those under
//! [`UNREAD_KEYS`]: the page tree, pages, resources, fonts with their descriptors,
//! programs, encodings and ToUnicode maps, XObjects, annotations and their fields,
//! the Info dictionary. Each is parsed by lopdf's public single-object reader
//! (`lopdf::Reader::get_object`: the parser its whole-file load uses, so an object
//! comes out exactly as it did), objects in object streams by `lopdf::ObjectStream`.
//!
//! The load is taken only when the whole-file load would have given the same
//! objects and [`super::load`] would not have gone on to repair the file. Anything
//! else is a [`Doubt`], and the caller loads the file the old way: encryption, a
//! table entry whose offset is not at its `N G obj`, an object lopdf cannot parse,
//! a reference the table does not list as it is written (the whole-file load may
//! still find such an object in an object stream, when the file has any), an
//! object stream that does not
//! open, a page tree with a node reached twice, page contents that did not load,
//! a stream whose length did not resolve. An object nobody reaches is not parsed,
//! so a damage inside one (its header is checked) goes unnoticed where the
//! whole-file load would have seen a lost object and tried a repair.

use super::xref::{self, Cursor};
use lopdf::xref::{Xref, XrefEntry};
use lopdf::{Dictionary, Document, Object, ObjectId, ObjectStream, Reader};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Why the pruned load stepped aside for lopdf's whole-file load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Doubt {
    /// The cross-reference data is not read here (the part named).
    Xref(&'static str),
    /// The file is encrypted (lopdf decrypts every object at load).
    Encrypted,
    /// A table entry's offset is not at that object's `N G obj`.
    Misplaced(u32),
    /// A reached object that lopdf's reader did not take.
    Unparsed(ObjectId),
    /// A reached reference that the table does not list under that number and
    /// generation.
    Unlisted(ObjectId),
    /// An object stream that does not open.
    Container(u32),
    /// A stream whose `/Length` did not resolve (the whole-file load reads its data
    /// again once every object is loaded).
    Unsized(ObjectId),
    /// No pages, a page-tree node reached twice, or page contents that did not
    /// load: the whole-file load goes on to its repairs there.
    Pages,
}

/// Keys whose values the reader never reads and whose objects are not loaded: the
/// structure tree (most of a tagged file), outlines, the name dictionary and named
/// destinations, page labels, article threads, the interactive form's field tree
/// (a field's widgets are reached from their pages' `/Annots`, and its inherited
/// attributes through the widget's `/Parent`), optional-content properties, XMP
/// metadata streams, thumbnails and private application data (PDF 32000 7.7.2,
/// 7.7.3.3, 14.3.2, 14.5). A key listed here is skipped wherever it appears.
const UNREAD_KEYS: [&[u8]; 12] = [
    b"StructTreeRoot",
    b"Outlines",
    b"Names",
    b"Dests",
    b"PageLabels",
    b"Threads",
    b"AcroForm",
    b"OCProperties",
    b"Metadata",
    b"Thumb",
    b"PieceInfo",
    b"SpiderInfo",
];

/// A lopdf reader over `buf` (the file from its `%PDF-` header on) with an empty
/// object table and no encryption.
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

/// The document with only its reachable objects, or why not.
pub(super) fn load(bytes: &[u8]) -> Result<Document, Doubt> {
    let base = bytes
        .windows(5)
        .position(|w| w == b"%PDF-")
        .ok_or(Doubt::Xref("header"))?;
    let buf = &bytes[base..];
    let chain = xref::read(buf)?;
    if chain.trailer.get(b"Encrypt").is_ok() {
        return Err(Doubt::Encrypted);
    }
    check_offsets(buf, &chain.xref)?;
    let mut reader = reader(buf);
    reader.document.reference_table = chain.xref;
    let objects = Walk::new(&reader).run(&chain.trailer)?;
    let mut doc = reader.document;
    doc.objects = objects;
    doc.max_id = doc.reference_table.size.saturating_sub(1);
    doc.trailer = chain.trailer;
    doc.version = chain.version;
    doc.xref_start = chain.start;
    check_pages(&doc)?;
    Ok(doc)
}

/// Every in-use entry's offset is at `N G obj` with the entry's own number and
/// generation: lopdf files an object under the id its header gives, so an entry
/// that points elsewhere loses an object (and the whole-file load repairs the
/// file) or files it twice. A few bytes per object, nothing parsed.
fn check_offsets(buf: &[u8], xref: &Xref) -> Result<(), Doubt> {
    for (&n, entry) in &xref.entries {
        if let XrefEntry::Normal { offset, generation } = *entry {
            let at = Cursor::at(buf, offset as usize).object_header();
            if at != Some((n, generation)) {
                return Err(Doubt::Misplaced(n));
            }
        }
    }
    Ok(())
}

/// The traversal from the trailer: objects parsed as they are first reached.
struct Walk<'r, 'a> {
    reader: &'r Reader<'a>,
    /// The members of each object stream opened so far, taken out as reached.
    containers: HashMap<u32, BTreeMap<ObjectId, Object>>,
    /// lopdf's guard against `/Length` reference cycles, cleared per object.
    seen: HashSet<ObjectId>,
    /// [`Walk::may_have_object_streams`], found when first needed.
    object_streams: Option<bool>,
}

impl<'r, 'a> Walk<'r, 'a> {
    fn new(reader: &'r Reader<'a>) -> Self {
        Walk {
            reader,
            containers: HashMap::new(),
            seen: HashSet::new(),
            object_streams: None,
        }
    }

    fn run(mut self, trailer: &Dictionary) -> Result<BTreeMap<ObjectId, Object>, Doubt> {
        let mut objects = BTreeMap::new();
        let mut visited = HashSet::new();
        let mut todo = Vec::new();
        references(trailer.iter().map(|(k, v)| (k.as_slice(), v)), &mut todo);
        while let Some(id) = todo.pop() {
            if !visited.insert(id) {
                continue;
            }
            let Some(obj) = self.fetch(id)? else {
                continue;
            };
            match &obj {
                Object::Dictionary(d) => {
                    references(d.iter().map(|(k, v)| (k.as_slice(), v)), &mut todo)
                }
                Object::Stream(s) => {
                    if s.content.is_empty() && s.start_position.is_some() {
                        return Err(Doubt::Unsized(id));
                    }
                    references(s.dict.iter().map(|(k, v)| (k.as_slice(), v)), &mut todo)
                }
                other => references(std::iter::once((&b""[..], other)), &mut todo),
            }
            objects.insert(id, obj);
        }
        Ok(objects)
    }

    /// Object `id` as the whole-file load files it; `None` when that load has no
    /// such object either (a reference to a free or missing entry).
    fn fetch(&mut self, id: ObjectId) -> Result<Option<Object>, Doubt> {
        match self.reader.document.reference_table.get(id.0) {
            Some(&XrefEntry::Normal { generation, .. }) if generation == id.1 => {
                self.seen.clear();
                self.reader
                    .get_object(id, &mut self.seen)
                    .map(Some)
                    .map_err(|_| Doubt::Unparsed(id))
            }
            Some(&XrefEntry::Compressed { container, .. }) if id.1 == 0 => {
                self.compressed(id, container).map(Some)
            }
            _ if self.may_have_object_streams() => Err(Doubt::Unlisted(id)),
            _ => Ok(None),
        }
    }

    /// Whether the file may hold object streams: the whole-file load also takes
    /// the members of an object stream that the table does not list, so a
    /// reference the table does not list may still find its object there.
    /// Without them (no compressed entry, no `ObjStm` anywhere in the bytes),
    /// such a reference is dangling in both loads (a free object's number: ICDAR
    /// 2013 us-006 and us-008 link to one).
    fn may_have_object_streams(&mut self) -> bool {
        let reader = self.reader;
        *self.object_streams.get_or_insert_with(|| {
            reader
                .document
                .reference_table
                .entries
                .values()
                .any(XrefEntry::is_compressed)
                || reader.buffer.windows(6).any(|w| w == b"ObjStm")
        })
    }

    /// An object of an object stream; the stream is opened (all its members
    /// parsed, as `lopdf::ObjectStream` does) when one of them is first reached.
    fn compressed(&mut self, id: ObjectId, container: u32) -> Result<Object, Doubt> {
        if !self.containers.contains_key(&container) {
            let members = self.open(container)?;
            self.containers.insert(container, members);
        }
        self.containers
            .get_mut(&container)
            .and_then(|m| m.remove(&id))
            .ok_or(Doubt::Unlisted(id))
    }

    fn open(&mut self, container: u32) -> Result<BTreeMap<ObjectId, Object>, Doubt> {
        let bad = Doubt::Container(container);
        let Some(&XrefEntry::Normal { generation, .. }) =
            self.reader.document.reference_table.get(container)
        else {
            return Err(bad);
        };
        self.seen.clear();
        let Ok(Object::Stream(mut stream)) = self
            .reader
            .get_object((container, generation), &mut self.seen)
        else {
            return Err(bad);
        };
        if !stream.dict.has_type(b"ObjStm") {
            return Err(bad);
        }
        ObjectStream::new(&mut stream)
            .map(|s| s.objects)
            .map_err(|_| bad)
    }
}

/// Push the references found in these entries (and in the arrays and
/// dictionaries nested in them) onto `out`, skipping [`UNREAD_KEYS`].
fn references<'o>(entries: impl Iterator<Item = (&'o [u8], &'o Object)>, out: &mut Vec<ObjectId>) {
    let mut stack: Vec<&Object> = entries
        .filter(|(k, _)| !UNREAD_KEYS.contains(k))
        .map(|(_, v)| v)
        .collect();
    while let Some(o) = stack.pop() {
        match o {
            Object::Reference(id) => out.push(*id),
            Object::Array(items) => stack.extend(items),
            Object::Dictionary(d) => stack.extend(unread_skipped(d)),
            Object::Stream(s) => stack.extend(unread_skipped(&s.dict)),
            _ => {}
        }
    }
}

fn unread_skipped(d: &Dictionary) -> impl Iterator<Item = &Object> {
    d.iter()
        .filter(|(k, _)| !UNREAD_KEYS.contains(&k.as_slice()))
        .map(|(_, v)| v)
}

/// The pages lopdf lists are the pages the whole-file load would list, and their
/// contents loaded: the page tree has pages, no node of it is reached twice (a
/// cycle or a shared node: lopdf bounds its walk by the number of objects, which
/// differs here), the walk stays under that bound, and no page's contents are
/// unread (see `load::unread_contents`).
fn check_pages(doc: &Document) -> Result<(), Doubt> {
    if doc.get_pages().is_empty() || !plain_page_tree(doc) || super::load::unread_contents(doc) {
        return Err(Doubt::Pages);
    }
    Ok(())
}

/// Whether no `/Pages` node is reached twice and the kids entries lopdf's page
/// iterator visits are no more than the objects loaded (its iteration bound).
fn plain_page_tree(doc: &Document) -> bool {
    let Ok(root) = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
    else {
        return false;
    };
    let mut nodes = HashSet::from([root]);
    let mut stack = vec![root];
    let mut entries = 0usize;
    while let Some(id) = stack.pop() {
        let Ok(kids) = doc
            .get_dictionary(id)
            .and_then(|d| d.get_deref(b"Kids", doc))
            .and_then(Object::as_array)
        else {
            continue;
        };
        entries += kids.len();
        for kid in kids {
            let Ok(kid) = kid.as_reference() else {
                continue;
            };
            let is_node = doc
                .get_dictionary(kid)
                .and_then(Dictionary::get_type)
                .is_ok_and(|t| t == b"Pages");
            if is_node {
                if !nodes.insert(kid) {
                    return false;
                }
                stack.push(kid);
            }
        }
    }
    entries <= doc.objects.len()
}
