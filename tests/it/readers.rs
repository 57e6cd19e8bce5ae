//! The two readers (our interpreter and pdf-extract) against each other, and what
//! only the interpreter knows: each glyph's font.

use crate::common;
use piao_extract::config::{Config, Reader};
use piao_extract::layout::{self, Word};
use piao_extract::pdf::{self, Document};
use std::collections::BTreeMap;

/// Share of one reader's words that must be found in the other's multiset.
const MIN_SHARE: f64 = 0.999;

fn open_with(name: &str, reader: Reader) -> (Document, Vec<Vec<Word>>) {
    let bytes = std::fs::read(common::fixture(name)).unwrap();
    let config = Config {
        reader,
        ..Config::default()
    };
    let doc = pdf::open(&bytes, &config).unwrap();
    let words = layout::analyze(&doc, &config.layout)
        .into_iter()
        .map(|p| p.words)
        .collect();
    (doc, words)
}

fn bag(pages: &[Vec<Word>]) -> BTreeMap<&str, usize> {
    let mut b = BTreeMap::new();
    for w in pages.iter().flatten() {
        *b.entry(w.text.as_str()).or_default() += 1;
    }
    b
}

fn share(a: &BTreeMap<&str, usize>, b: &BTreeMap<&str, usize>) -> f64 {
    let total: usize = a.values().sum();
    let matched: usize = a
        .iter()
        .map(|(w, n)| (*n).min(b.get(w).copied().unwrap_or(0)))
        .sum();
    if total == 0 {
        1.0
    } else {
        matched as f64 / total as f64
    }
}

#[test]
fn readers_agree_on_words() {
    for name in crate::words::FIXTURES {
        let (_, ours) = open_with(name, Reader::Interpreter);
        let (_, theirs) = open_with(name, Reader::PdfExtract);
        let (a, b) = (bag(&ours), bag(&theirs));
        let (s1, s2) = (share(&a, &b), share(&b, &a));
        eprintln!(
            "{name}: interpreter {} words, pdf-extract {}: {s1:.5} / {s2:.5}",
            a.values().sum::<usize>(),
            b.values().sum::<usize>()
        );
        assert!(
            s1 >= MIN_SHARE && s2 >= MIN_SHARE,
            "{name}: {s1:.5} / {s2:.5}"
        );
    }
}

/// The font of the first glyph of the first word `text` on page `page`.
fn font_of<'d>(doc: &'d Document, words: &[Vec<Word>], page: u32, text: &str) -> &'d pdf::FontInfo {
    let p = doc.pages.iter().find(|p| p.number == page).unwrap();
    let w = words[(page - 1) as usize]
        .iter()
        .find(|w| w.text == text)
        .unwrap_or_else(|| panic!("no word {text:?} on page {page}"));
    let g = p
        .glyphs
        .iter()
        .find(|g| (g.bbox.x0 - w.bbox.x0).abs() < 0.5 && (g.bbox.top - w.bbox.top).abs() < 2.0)
        .unwrap_or_else(|| panic!("no glyph at {text:?}"));
    p.font(g).unwrap()
}

/// Calc prints table headers in LiberationSans-Bold and data in LiberationSans.
#[test]
fn calc_header_cells_are_bold() {
    let (doc, words) = open_with("000-calc-ruled.pdf", Reader::Interpreter);
    let head = font_of(&doc, &words, 6, "Obiettivo");
    assert!(head.bold, "{head:?}");
    assert_eq!(head.name, "LiberationSans-Bold");
    let data = words[5]
        .iter()
        .find(|w| w.text.chars().all(|c| c.is_lowercase()) && w.text.len() > 4)
        .unwrap();
    let data = font_of(&doc, &words, 6, &data.text.clone());
    assert!(!data.bold, "{data:?}");
    assert_eq!(data.name, "LiberationSans");
}

/// Chromium embeds DejaVu as Type0 / Identity-H fonts.
#[test]
fn chromium_font_names_are_read() {
    let (doc, _) = open_with("000-chromium-ruled.pdf", Reader::Interpreter);
    let names: Vec<&str> = doc
        .pages
        .iter()
        .flat_map(|p| p.fonts.iter().map(|f| f.name.as_str()))
        .collect();
    assert!(names.contains(&"DejaVuSansCondensed"), "{names:?}");
    assert!(
        doc.pages
            .iter()
            .flat_map(|p| &p.fonts)
            .any(|f| f.bold && f.name == "DejaVuSansCondensed-Bold")
    );
}
