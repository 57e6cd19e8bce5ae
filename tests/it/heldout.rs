//! What the held-out measures' tests share (`heldout3`, `heldout4`, `heldout5`): a
//! measure's renderings by id prefix, our records of one rendering with its record F1
//! and cell accuracy as the scorecard computes them, its truth, and values compared as
//! the scorer compares them. Each measure keeps its own record key and field checks.

use crate::common::root;
use piao_extract::config::Config;
use piao_extract::extract;
use piao_extract::output::{records, tables_json};
use piao_extract::score::{Report, score_files};
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;

/// Cell accuracy every rendering of a measure reaches (the seed fixtures' floor).
pub const MIN_CELLS: f64 = 0.99;

pub fn pdf(name: &str) -> PathBuf {
    root().join(format!("fixtures/comuni/{name}.pdf"))
}

/// The renderings of the dev set whose id starts with `prefix` (`h4-`), sorted.
pub fn renderings(prefix: &str) -> Vec<String> {
    let dir = root().join("fixtures/comuni");
    let mut out: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.strip_suffix(".pdf")
                .filter(|s| s.starts_with(prefix))
                .map(str::to_string)
        })
        .collect();
    out.sort();
    out
}

/// The producers held-out measure 6 added (`fixtures/gen/heldout6.py`), which also
/// rendered some documents of earlier measures again.
pub const MEASURE6_PRODUCERS: [&str; 3] = ["--wkhtmltopdf-", "--fop-", "--latex-"];

/// The producers held-out measure 7 added (`fixtures/gen/heldout7.py`): LuaLaTeX with
/// OpenType fonts, pdfmake and groff, which also rendered documents of earlier measures.
pub const MEASURE7_PRODUCERS: [&str; 3] = ["--lualatex-", "--pdfmake-", "--groff-"];

/// The producers held-out measure 8 added (`fixtures/gen/heldout8.py`): Gnumeric's
/// ssconvert, AbiWord and Qt's QPdfWriter, which also rendered documents of earlier
/// measures.
pub const MEASURE8_PRODUCERS: [&str; 3] = ["--gnumeric-", "--abiword-", "--qt-"];

/// The producers held-out measure 9 added (`fixtures/gen/heldout9.py`): jsPDF with
/// jspdf-autotable, PyMuPDF's Story and htmldoc, which also rendered documents of
/// earlier measures.
pub const MEASURE9_PRODUCERS: [&str; 3] = ["--jspdf-", "--pymupdf-", "--htmldoc-"];

/// The producers held-out measure 11 added (`fixtures/gen/heldout11.py`): dompdf,
/// TCPDF's `writeHTML` and its `MultiCell` grid, and Prawn, which also rendered
/// documents of earlier measures.
pub const MEASURE11_PRODUCERS: [&str; 4] = ["--dompdf-", "--tcpdf-", "--tcpdfcell-", "--prawn-"];

/// The producers held-out measure 12 added (`fixtures/gen/heldout12.py`): iText 5 and
/// Apache PDFBox 2 (Java) and ConTeXt, which also rendered documents of earlier measures.
pub const MEASURE12_PRODUCERS: [&str; 3] = ["--itext-", "--pdfbox-", "--context-"];

/// The producers held-out measure 13 added (`fixtures/gen/heldout13.py`): PDFKit used
/// directly, genpdf (Rust) and Ghostscript's pdfwrite, which also rendered documents of
/// earlier measures.
pub const MEASURE13_PRODUCERS: [&str; 3] = ["--pdfkit-", "--genpdf-", "--ghostscript-"];

/// The producers held-out measure 14 added (`fixtures/gen/heldout14.py`): cairo and
/// pdf-lib, each drawing the tables itself, and a plain-text report by GNU enscript and
/// ps2pdf, which also rendered documents of earlier measures.
pub const MEASURE14_PRODUCERS: [&str; 3] = ["--cairo-", "--enscript-", "--pdflib-"];

/// The producers held-out measure 15 added (`fixtures/gen/heldout15.py`): LibreOffice
/// Writer's tagged PDF/A export, LibreOffice Impress (tables on slides) and
/// @react-pdf/renderer, which also rendered documents of earlier measures.
pub const MEASURE15_PRODUCERS: [&str; 3] = ["--writerpdfa-", "--impress-", "--reactpdf-"];

/// The producers held-out measure 16 added (`fixtures/gen/heldout16.py`): borb (a
/// pure-Python PDF library), pandoc through XeLaTeX and Scribus (desktop publishing),
/// which also rendered documents of earlier measures.
pub const MEASURE16_PRODUCERS: [&str; 3] = ["--borb-", "--pandoc-", "--scribus-"];

/// The producers held-out measure 17 added (`fixtures/gen/heldout17.py`): libharu (the C
/// library, drawing its own tables), Asciidoctor PDF and rinohtype, which also rendered
/// documents of earlier measures.
pub const MEASURE17_PRODUCERS: [&str; 3] = ["--hpdf-", "--asciidoctor-", "--rinoh-"];

/// The producers held-out measure 18 added (`fixtures/gen/heldout18.py`): XeLaTeX with
/// tabularray's `longtblr` (written by xdvipdfmx), iText 2.1.7's old `Table` class and
/// plain FPDF (standard fonts in Windows-1252), which also rendered documents of
/// earlier measures.
pub const MEASURE18_PRODUCERS: [&str; 3] = ["--xetex-", "--itext2-", "--fpdfphp-"];

/// The producers held-out measure 19 added (`fixtures/gen/heldout19.py`): Pango on cairo
/// (a GTK application's print code), matplotlib's PDF backend (every line a figure
/// `Text`) and pdfme (a pure-Python library with its own table layout and writer, standard
/// fonts in Latin-1), which also rendered documents of earlier measures.
pub const MEASURE19_PRODUCERS: [&str; 3] = ["--pango-", "--matplotlib-", "--pdfme-"];

/// A measure's own renderings: those of [`renderings`] but the ones later measures
/// added to its documents (`heldout6` to `heldout9` check those).
pub fn own_renderings(prefix: &str) -> Vec<String> {
    renderings(prefix)
        .into_iter()
        .filter(|n| {
            !MEASURE6_PRODUCERS
                .iter()
                .chain(&MEASURE7_PRODUCERS)
                .chain(&MEASURE8_PRODUCERS)
                .chain(&MEASURE9_PRODUCERS)
                .chain(&MEASURE11_PRODUCERS)
                .chain(&MEASURE12_PRODUCERS)
                .chain(&MEASURE13_PRODUCERS)
                .chain(&MEASURE14_PRODUCERS)
                .chain(&MEASURE15_PRODUCERS)
                .chain(&MEASURE16_PRODUCERS)
                .chain(&MEASURE17_PRODUCERS)
                .chain(&MEASURE18_PRODUCERS)
                .chain(&MEASURE19_PRODUCERS)
                .any(|p| n.contains(p))
        })
        .collect()
}

pub fn temp_with(content: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(content.as_bytes()).unwrap();
    f
}

/// The records we give for a rendering, as JSON, and its record F1 and cell accuracy.
pub fn run(name: &str) -> (Vec<Value>, f64, f64) {
    let p = pdf(name);
    let e =
        extract::extract_file(&p, &Config::default()).unwrap_or_else(|err| panic!("{name}: {err}"));
    let people = piao_extract::people::index_of(std::slice::from_ref(&e));
    let recs: Vec<Value> = records::records(&e, &people)
        .map(|r| serde_json::to_value(&r).unwrap())
        .collect();
    let ndjson: String = recs.iter().map(|r| r.to_string() + "\n").collect();
    let Report::Records(rec) =
        score_files(&p.with_extension("records.json"), temp_with(&ndjson).path()).unwrap()
    else {
        panic!("{name}: records truth scored as tables")
    };
    let cells = score_files(
        &p.with_extension("tables.json"),
        temp_with(&tables_json(&e.path, &e.plan.tables)).path(),
    )
    .unwrap()
    .headline();
    (recs, rec.f1(), cells)
}

/// The truth records of a rendering.
pub fn truth(name: &str) -> Vec<Value> {
    let p = root().join(format!("fixtures/comuni/{name}.records.json"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    v["records"].as_array().unwrap().clone()
}

/// A value as the scorer compares it: a blank cell and no value are the same.
pub fn printed(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A record's key: year, objective code, indicator.
pub fn key(r: &Value) -> String {
    format!("{}|{}|{}", r["year"], r["objective_code"], r["indicator"])
}

/// A record's key with its objective too: year, objective code, objective, indicator
/// (held-out measures 6 and 7, whose documents repeat an indicator's wording under
/// several objectives).
pub fn key_with_objective(r: &Value) -> String {
    format!(
        "{}|{}|{}|{}",
        r["year"], r["objective_code"], r["objective"], r["indicator"]
    )
}

/// The renderings by a measure's producers, of its own documents and of earlier ones:
/// exactly `expected` of them, each producer at least `each` (so a rendering lost from
/// the folder fails here, not by a shorter loop).
pub fn by_producers(producers: &[&str], expected: usize, each: usize) -> Vec<String> {
    let all: Vec<String> = renderings("")
        .into_iter()
        .filter(|n| producers.iter().any(|p| n.contains(p)))
        .collect();
    assert_eq!(all.len(), expected, "{all:?}");
    for p in producers {
        assert!(
            all.iter().filter(|n| n.contains(p)).count() >= each,
            "{p}: {all:?}"
        );
    }
    all
}

/// Where our records differ from the truth on each of `fields`, over the records that
/// pair by key (a truth record with no partner counts as a difference too).
pub fn field_misses(name: &str, fields: &[&str]) -> Vec<String> {
    let (ours, _, _) = run(name);
    let ours: std::collections::BTreeMap<String, &Value> =
        ours.iter().map(|r| (key(r), r)).collect();
    let mut out = Vec::new();
    for t in truth(name) {
        let Some(r) = ours.get(&key(&t)) else {
            out.push(format!("{name}: no record {}", key(&t)));
            continue;
        };
        for field in fields {
            if printed(&r[*field]) != printed(&t[*field]) {
                out.push(format!(
                    "{name} {}: {field} {} where the document prints {}",
                    key(&t),
                    r[*field],
                    t[*field]
                ));
            }
        }
    }
    out
}

/// No rendering of `names` differs from its truth on any of `fields`.
pub fn assert_no_misses(names: &[&str], fields: &[&str]) {
    let misses: Vec<String> = names.iter().flat_map(|n| field_misses(n, fields)).collect();
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

/// Where our records of `name` differ from the truth on any field the truth holds,
/// null ones included (the scorer skips a field whose truth is null: a value read
/// where the document prints none shows only here), records the truth has not, and a
/// different record count; records pair by `key` (each measure keys by what its
/// documents print).
pub fn every_field_misses(name: &str, key: fn(&Value) -> String) -> Vec<String> {
    let (ours, _, _) = run(name);
    let truth = truth(name);
    let mut out = Vec::new();
    if ours.len() != truth.len() {
        out.push(format!(
            "{name}: {} records where the document has {}",
            ours.len(),
            truth.len()
        ));
    }
    let ours: std::collections::BTreeMap<String, &Value> =
        ours.iter().map(|r| (key(r), r)).collect();
    for t in &truth {
        let Some(r) = ours.get(&key(t)) else {
            out.push(format!("{name}: no record {}", key(t)));
            continue;
        };
        for (field, want) in t.as_object().into_iter().flatten() {
            if field == "seed_line" {
                continue;
            }
            if printed(&r[field.as_str()]) != printed(want) {
                out.push(format!(
                    "{name} {}: {field} {} where the document prints {want}",
                    key(t),
                    r[field.as_str()]
                ));
            }
        }
    }
    out
}

/// The `expected` renderings of the documents named by `prefix` read every field of
/// their truth ([`every_field_misses`]).
pub fn assert_every_field(prefix: &str, expected: usize, key: fn(&Value) -> String) {
    let names = renderings(prefix);
    assert_eq!(names.len(), expected, "{names:?}");
    let misses: Vec<String> = names
        .iter()
        .flat_map(|n| every_field_misses(n, key))
        .collect();
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

/// Every rendering of `names` reads records and its cells at [`MIN_CELLS`] at least,
/// and, with `all_records`, every record (record F1 1.0); each one's figures printed.
pub fn assert_reads(names: &[String], all_records: bool) {
    let mut low = Vec::new();
    for name in names {
        let (recs, f1, cells) = run(name);
        eprintln!(
            "{name}: cells {cells:.4}, record F1 {f1:.4}, {} records",
            recs.len()
        );
        if recs.is_empty() || cells < MIN_CELLS || (all_records && (f1 - 1.0).abs() > 1e-9) {
            low.push(format!(
                "{name}: {} records, cells {cells:.4}, record F1 {f1:.4}",
                recs.len()
            ));
        }
    }
    assert!(low.is_empty(), "{low:#?}");
}
