// (No `//!` here: build.rs compiles this file as a module of its own; the docs are on
// its `mod` line in normalize/mod.rs. Plain `std` and `super::base` only: no crate
// paths.)

use super::base::{fold, tsv_rows};

/// The columns of `data/names/given_names.tsv`.
pub const GIVEN_COLUMNS: [&str; 3] = ["name", "count", "sources"];

/// The columns of `data/names/family_names.tsv`.
pub const FAMILY_COLUMNS: [&str; 2] = ["name", "sources"];

/// The folded words of a name list (the first column of a file with `header`) in one
/// text, and `(start, end)` of each word in it, sorted by the word, without repeats:
/// what `build.rs` writes as static tables, so no process folds and sorts the ~4,000
/// names again.
pub fn word_list(tsv: &str, header: &[&str]) -> Result<(String, Vec<(u32, u32)>), String> {
    let mut text = String::new();
    let mut spans = Vec::new();
    for row in tsv_rows(tsv, header)? {
        let start = u32::try_from(text.len()).map_err(|e| e.to_string())?;
        text.push_str(&fold(row[0]));
        let end = u32::try_from(text.len()).map_err(|e| e.to_string())?;
        spans.push((start, end));
    }
    let word = |&(a, b): &(u32, u32)| text.get(a as usize..b as usize).unwrap_or_default();
    spans.sort_unstable_by(|x, y| word(x).cmp(word(y)));
    spans.dedup_by(|x, y| word(x) == word(y));
    Ok((text, spans))
}
