//! One-page PDFs written by a test (lopdf, standard Type 1 fonts, no embedded
//! program) and the tables the pipeline finds in them: the shared builder of
//! `structure` and `sheets`, whose cases differ only in what the page draws.

use piao_extract::config::Config;
use piao_extract::pdf;
use piao_extract::pipeline;
use piao_extract::tables::Table;

/// A4 portrait, in points.
pub const PAGE_W: f64 = 595.0;
pub const PAGE_H: f64 = 842.0;

/// A PDF of one A4 page drawing `content` (a content stream), with `fonts` as
/// (resource name, standard base font) pairs, each WinAnsi-encoded.
pub fn pdf_of(content: Vec<u8>, fonts: &[(&str, &str)]) -> Vec<u8> {
    use lopdf::{Dictionary, Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut font_dict = Dictionary::new();
    for (name, base) in fonts {
        let id = doc.add_object(dictionary! {"Type" => "Font", "Subtype" => "Type1", "BaseFont" => *base, "Encoding" => "WinAnsiEncoding"});
        font_dict.set(*name, id);
    }
    let resources = doc.add_object(dictionary! {"Font" => font_dict});
    let content = doc.add_object(Stream::new(dictionary! {}, content));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content, "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), PAGE_W.into(), PAGE_H.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! {"Type" => "Pages", "Kids" => vec![Object::Reference(page)], "Count" => 1},
        ),
    );
    let catalog = doc.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages_id});
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("an in-memory PDF writes");
    bytes
}

/// The tables the whole pipeline finds in `bytes`, with the default configuration.
pub fn tables_in(bytes: &[u8]) -> Vec<Table> {
    let config = Config::default();
    let source = pdf::PageSource::new(bytes, &config).expect("test PDF opens");
    pipeline::run(&source, &config, pipeline::Keep::Lines)
        .expect("test PDF reads")
        .tables
}
