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
//! objects and `load` would not have gone on to repair the file (`load` itself
//! checks that every page's contents loaded). Anything
//! else is a [`Doubt`], and the caller loads the file the old way: encryption, a
//! table entry whose offset is not at its `N G obj`, an object lopdf cannot parse,
//! a reference the table does not list as it is written (the whole-file load may
//! still find such an object in an object stream, when the file has any), an
//! object stream that does not
//! open, a page tree with a node reached twice, a stream whose length did not
//! resolve. An object nobody reaches is not parsed,
//! so a damage inside one (its header is checked) goes unnoticed where the
//! whole-file load would have seen a lost object and tried a repair.

use super::xref::{self, Cursor, reader};
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
    /// No pages, or a page-tree node reached twice (the page list could differ);
    /// `load` also steps aside when page contents did not load, where the
    /// whole-file load goes on to its repairs.
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

/// The document with only its reachable objects, or why not.
pub(super) fn load(bytes: &[u8]) -> Result<Document, Doubt> {
    let base = bytes
        .windows(5)
        .position(|w| w == b"%PDF-")
        .ok_or(Doubt::Xref("header"))?;
    let buf = &bytes[base..];
    let chain = xref::read(buf).map_err(Doubt::Xref)?;
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

/// The pages lopdf lists are the pages the whole-file load would list: the page
/// tree has pages, no node of it is reached twice (a cycle or a shared node: lopdf
/// bounds its walk by the number of objects, which differs here), and the walk
/// stays under that bound.
fn check_pages(doc: &Document) -> Result<(), Doubt> {
    if doc.get_pages().is_empty() || !plain_page_tree(doc) {
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::config::Limits;
    use proptest::prelude::*;
    use std::path::Path;

    fn read(path: &str) -> Vec<u8> {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
    }

    /// The pruned load takes the file, and every object it holds, the trailer, the
    /// table and the pages are what lopdf's whole-file load gives; returns the
    /// number of objects each holds.
    fn same_as_whole(bytes: &[u8]) -> (usize, usize) {
        let pruned = load(bytes).unwrap_or_else(|d| panic!("pruned load refused: {d:?}"));
        let whole = Document::load_mem(bytes).unwrap();
        for (id, o) in &pruned.objects {
            assert!(whole.objects.get(id) == Some(o), "object {id:?} differs");
        }
        assert!(pruned.trailer == whole.trailer, "trailers differ");
        assert_eq!(
            format!("{:?}", pruned.reference_table.entries),
            format!("{:?}", whole.reference_table.entries)
        );
        assert_eq!(pruned.get_pages(), whole.get_pages());
        (pruned.objects.len(), whole.objects.len())
    }

    fn has_type(doc: &Document, name: &[u8]) -> bool {
        doc.objects
            .values()
            .any(|o| o.as_dict().is_ok_and(|d| d.has_type(name)))
    }

    /// Chromium (classic table, tagged): the structure tree is not loaded, and that
    /// is most of the file.
    #[test]
    fn tagged_chromium_plan_loads_what_is_read() {
        let bytes = read("fixtures/001-chromium-zebra.pdf");
        let (pruned, whole) = same_as_whole(&bytes);
        assert!(pruned * 10 < whole, "{pruned} of {whole} objects");
        let doc = load(&bytes).unwrap();
        assert!(!has_type(&doc, b"StructElem"));
        assert!(has_type(&doc, b"FontDescriptor"));
        assert_eq!(doc.get_pages().len(), 53);
    }

    /// LibreOffice Calc: a classic table, fonts with embedded programs.
    #[test]
    fn libreoffice_classic_table() {
        let bytes = read("fixtures/000-calc-ruled.pdf");
        same_as_whole(&bytes);
        let doc = load(&bytes).unwrap();
        assert!(matches!(
            doc.reference_table.cross_reference_type,
            lopdf::xref::XrefType::CrossReferenceTable
        ));
        assert!(doc.objects.values().any(|o| {
            o.as_dict()
                .is_ok_and(|d| d.has(b"FontFile2") || d.has(b"FontFile3"))
        }));
    }

    /// WeasyPrint (pydyf): a cross-reference stream and objects in an object
    /// stream, read through both.
    #[test]
    fn xref_stream_and_object_stream() {
        let bytes = read("fixtures/comuni/card-cefalu-pp-2025--weasyprint-ruled.pdf");
        same_as_whole(&bytes);
        let doc = load(&bytes).unwrap();
        assert!(matches!(
            doc.reference_table.cross_reference_type,
            lopdf::xref::XrefType::CrossReferenceStream
        ));
        let compressed: Vec<u32> = doc
            .reference_table
            .entries
            .iter()
            .filter(|(_, e)| e.is_compressed())
            .map(|(&n, _)| n)
            .collect();
        assert!(
            doc.objects.keys().any(|(n, _)| compressed.contains(n)),
            "no object came from an object stream"
        );
    }

    /// A real file with an incremental update appended (known by construction):
    /// a new Info dictionary and a new page object, a table section for them and a
    /// trailer whose `/Prev` names the original table. The pruned load follows
    /// the chain and takes the new versions.
    #[test]
    fn incremental_update_follows_prev() {
        let mut bytes = read("fixtures/comuni/card-cefalu-pp-2025--reportlab-plain.pdf");
        let whole = Document::load_mem(&bytes).unwrap();
        let info = whole.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let root = whole.trailer.get(b"Root").unwrap().as_reference().unwrap();
        let page = whole.get_pages()[&1];
        let Some(&XrefEntry::Normal { offset, .. }) = whole.reference_table.get(page.0) else {
            panic!("page 1 is not in the table")
        };
        // the page object as written, with `/Rotate 90` as its last key
        let original = &bytes[offset as usize..];
        let end = original.windows(6).position(|w| w == b"endobj").unwrap();
        let close = original[..end]
            .windows(2)
            .rposition(|w| w == b">>")
            .unwrap();
        let mut page_obj = original[..close].to_vec();
        page_obj.extend_from_slice(b" /Rotate 90 >>\nendobj\n");
        let prev = whole.xref_start;
        let size = whole.reference_table.size;
        let info_at = bytes.len();
        bytes.extend_from_slice(
            format!(
                "{} {} obj\n<< /Title (Aggiornato) >>\nendobj\n",
                info.0, info.1
            )
            .as_bytes(),
        );
        let page_at = bytes.len();
        bytes.extend_from_slice(&page_obj);
        let xref_at = bytes.len();
        bytes.extend_from_slice(
            format!(
                "xref\n{} 1\n{info_at:010} {:05} n \n{} 1\n{page_at:010} {:05} n \n\
                 trailer\n<< /Size {size} /Root {} {} R /Info {} {} R /Prev {prev} >>\n\
                 startxref\n{xref_at}\n%%EOF\n",
                info.0, info.1, page.0, page.1, root.0, root.1, info.0, info.1
            )
            .as_bytes(),
        );
        same_as_whole(&bytes);
        let doc = load(&bytes).unwrap();
        let title = doc.get_dictionary(info).unwrap().get(b"Title").unwrap();
        assert_eq!(title.as_str().unwrap(), b"Aggiornato");
        let rotate = doc.get_dictionary(page).unwrap().get(b"Rotate").unwrap();
        assert_eq!(rotate.as_i64().unwrap(), 90);
        // objects the update did not touch come from the original table
        assert!(doc.objects.len() > 5);
    }

    /// Every fixture PDF (eight producers) takes the pruned load, with the objects
    /// of the whole-file load: the old load is for damaged and encrypted files.
    #[test]
    fn every_fixture_takes_the_pruned_load() {
        let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
        let mut n = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "pdf") {
                    let bytes = std::fs::read(&path).unwrap();
                    let taken = std::panic::catch_unwind(|| same_as_whole(&bytes));
                    assert!(taken.is_ok(), "{}", path.display());
                    n += 1;
                }
            }
        }
        assert!(n >= 150, "only {n} fixture PDFs found");
    }

    /// Every offset of the table 7 bytes off (`tests/pdf/shifted-xref.pdf`): the
    /// pruned load steps aside, and the document still opens through the old load
    /// and its repair, with its pages.
    #[test]
    fn damaged_table_falls_back() {
        let bytes = read("tests/pdf/shifted-xref.pdf");
        assert!(matches!(load(&bytes), Err(Doubt::Misplaced(_))));
        let loaded = super::super::load::load(&bytes, &Limits::default(), true).unwrap();
        assert_eq!(loaded.pages.len(), 22);
    }

    /// A reference to an object the table does not list: dangling in a file
    /// without object streams (read), a doubt in one with them (the whole-file
    /// load also takes unlisted members of object streams).
    #[test]
    fn unlisted_references() {
        let bytes = read("fixtures/comuni/card-cefalu-pp-2025--reportlab-plain.pdf");
        let with_link = add_to_info(&bytes, b"/Dangling 999 0 R");
        let (pruned, _) = same_as_whole(&with_link);
        assert!(pruned > 0);
        let mut with_objstm = with_link.clone();
        with_objstm.extend_from_slice(b"% /Type /ObjStm\n");
        // the comment goes after %%EOF, so both loads read the same table
        assert_eq!(load(&with_objstm).err(), Some(Doubt::Unlisted((999, 0))));
    }

    /// The file with `extra` written into its Info dictionary, in place (the
    /// dictionary is rewritten as an incremental update).
    fn add_to_info(bytes: &[u8], extra: &[u8]) -> Vec<u8> {
        let whole = Document::load_mem(bytes).unwrap();
        let info = whole.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let root = whole.trailer.get(b"Root").unwrap().as_reference().unwrap();
        let mut out = bytes.to_vec();
        let at = out.len();
        out.extend_from_slice(format!("{} {} obj\n<< ", info.0, info.1).as_bytes());
        out.extend_from_slice(extra);
        out.extend_from_slice(b" >>\nendobj\n");
        let xref_at = out.len();
        out.extend_from_slice(
            format!(
                "xref\n{} 1\n{at:010} {:05} n \ntrailer\n<< /Size {} /Root {} {} R /Info {} {} R /Prev {} >>\nstartxref\n{xref_at}\n%%EOF\n",
                info.0, info.1, whole.reference_table.size, root.0, root.1, info.0, info.1, whole.xref_start
            )
            .as_bytes(),
        );
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Never laxer than lopdf: a byte changed in the last objects, the
        /// cross-reference table (a classic one, ReportLab; a stream, WeasyPrint) or
        /// the trailer of a real file, and whenever the pruned load takes the
        /// result, lopdf's whole-file load takes it too and gives the same objects.
        #[test]
        fn a_changed_byte_is_taken_only_as_lopdf_takes_it(
            file in prop::sample::select(vec![
                "fixtures/comuni/card-cefalu-pp-2025--reportlab-plain.pdf",
                "fixtures/comuni/card-cefalu-pp-2025--weasyprint-ruled.pdf",
            ]),
            at in 0.0f64..1.0,
            byte in any::<u8>(),
        ) {
            let mut bytes = read(file);
            // the last 1,500 bytes: the last objects, the table and the trailer
            let from = bytes.len().saturating_sub(1500);
            let i = from + ((bytes.len() - from - 1) as f64 * at) as usize;
            bytes[i] = byte;
            if load(&bytes).is_ok() {
                same_as_whole(&bytes);
            }
        }
    }
}
