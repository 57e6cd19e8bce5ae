// (No `//!` here: build.rs compiles this file as a module of its own; the docs are on
// its `mod` line in normalize/mod.rs. Plain `std` and `unicode-normalization` only: no
// crate paths.)

use unicode_normalization::UnicodeNormalization;

/// Collapse every run of whitespace (spaces, tabs, the line breaks a PDF cell wraps on)
/// into one space and trim the ends.
///
/// Why: the same value wraps differently on every page and in every document; values are
/// compared and stored with whitespace collapsed, as the truth files are.
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Fold a string for comparison: lowercase, accents stripped (NFD, combining marks
/// dropped), typographic apostrophes made ASCII, whitespace collapsed.
///
/// Why: the documents print the same word as `ATTIVITA'`, `Attività` and `attivita`, and
/// names in upper case in one plan and title case in another (seed 002 vs 000).
pub fn fold(s: &str) -> String {
    // ASCII has no accents to strip: the same result without decomposing (most names
    // and every list of data/ are mostly ASCII; loading the ISTAT list folds 16,000).
    if s.is_ascii() {
        let lowered: String = s
            .chars()
            .map(|c| match c {
                '`' => '\'',
                _ => c.to_ascii_lowercase(),
            })
            .collect();
        return collapse_ws(&lowered);
    }
    let stripped: String = s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => '\'',
            _ => c,
        })
        .collect();
    collapse_ws(&stripped.to_lowercase())
}

/// The rows of a tab-separated data file from `data/`, header checked and dropped.
///
/// Why an error and not a panic: the files are compiled in, so a malformed one is a
/// build mistake that the data tests catch (each module has one asserting its file
/// parses); at run time a broken file only leaves its lookups empty.
pub(crate) fn tsv_rows<'a>(
    text: &'a str,
    header: &[&str],
) -> std::result::Result<Vec<Vec<&'a str>>, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let head: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    if head != header {
        return Err(format!("header {head:?}, expected {header:?}"));
    }
    lines
        .enumerate()
        .map(|(i, line)| {
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() == header.len() {
                Ok(cells)
            } else {
                Err(format!(
                    "line {}: {} cells, expected {}",
                    i + 2,
                    cells.len(),
                    header.len()
                ))
            }
        })
        .collect()
}
