//! The fixture corpus itself (issue 3): every fixture's expectations come from the
//! truth, its PDF shows every truth cell's words, and page counts resemble the
//! originals'.

use crate::common::{fixture, root};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

fn fixture_stems() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

fn json(path: PathBuf) -> Value {
    serde_json::from_slice(
        &std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

/// poppler's own word list (`pdftotext -bbox`): plain `pdftotext` joins a hyphen at a
/// line end with the next word, which says nothing about the PDF.
fn pdftotext(stem: &str) -> Option<String> {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-bbox"])
        .arg(fixture(&format!("{stem}.pdf")))
        .arg("-")
        .output()
        .ok()?;
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    out.status
        .success()
        .then(|| crate::words::bbox_words(&html).join(" "))
}

#[test]
fn there_are_at_least_ten_fixtures_each_with_expectations() {
    let stems = fixture_stems();
    assert!(stems.len() >= 10, "{stems:?}");
    for s in &stems {
        assert!(
            fixture(&format!("{s}.records.json")).exists(),
            "{s}.records.json"
        );
        assert!(
            fixture(&format!("{s}.tables.json")).exists(),
            "{s}.tables.json"
        );
    }
}

#[test]
fn fixture_records_equal_the_truth_records_of_their_seed() {
    let truth_dir = root().join("../shared/truth");
    if !truth_dir.exists() {
        crate::common::skip("../shared/truth is not beside the checkout");
        return;
    }
    for s in fixture_stems() {
        let seed = &s[..3];
        assert_eq!(
            json(fixture(&format!("{s}.records.json"))),
            json(truth_dir.join(format!("{seed}.records.json"))),
            "{s}"
        );
    }
}

/// Words of `text` as a multiset.
fn bag(text: &str) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for w in text.split_whitespace() {
        *m.entry(w).or_insert(0) += 1;
    }
    m
}

/// A word broken at cell edges prints as up to three words (`25.29.2.1.05_` + `0001`,
/// `re-` + `platform/re-` + `architect`).
fn in_pieces(w: &str, have: &HashMap<&str, usize>, pieces: usize) -> bool {
    have.contains_key(w)
        || (pieces > 1
            && w.char_indices()
                .skip(1)
                .any(|(i, _)| have.contains_key(&w[..i]) && in_pieces(&w[i..], have, pieces - 1)))
}

#[test]
fn every_truth_cell_word_is_in_the_pdf_text() {
    for s in fixture_stems() {
        let Some(text) = pdftotext(&s) else {
            crate::common::skip("pdftotext not available (install poppler-utils)");
            return;
        };
        let have = bag(&text);
        let tables = json(fixture(&format!("{s}.tables.json")));
        let (mut total, mut missing) = (0, Vec::new());
        for t in tables["tables"].as_array().unwrap() {
            let rows = t["rows"]
                .as_array()
                .unwrap()
                .iter()
                .chain(std::iter::once(&t["header"]));
            for cell in rows.flat_map(|r| r.as_array().unwrap()) {
                for w in cell.as_str().unwrap_or("").split_whitespace() {
                    total += 1;
                    if !in_pieces(w, &have, 3) {
                        missing.push(w.to_string());
                    }
                }
            }
        }
        eprintln!("{s}: {total} truth words, {} missing", missing.len());
        assert!(
            missing.is_empty(),
            "{s}: missing from pdftotext: {:?}",
            &missing[..missing.len().min(20)]
        );
    }
}

#[test]
fn page_counts_resemble_the_originals() {
    let pages = |stem: &str| {
        lopdf::Document::load(fixture(&format!("{stem}.pdf")))
            .unwrap()
            .get_pages()
            .len() as f64
    };
    // the seeds' tables of contents: 000 runs to about page 67, 004 to about page 100
    for (prefix, original) in [("000-", 67.0), ("004-", 100.0)] {
        for s in fixture_stems().iter().filter(|s| s.starts_with(prefix)) {
            let n = pages(s);
            assert!(
                (n - original).abs() <= 0.3 * original,
                "{s}: {n} pages vs about {original}"
            );
        }
    }
}
