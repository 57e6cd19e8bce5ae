//! Normalisers: pure functions from printed strings to comparable values.
//!
//! Every value the documents print (a code, a name, a formula, a number, a title page) is
//! read here into a typed value that **keeps its raw string**, so a reader can always see
//! what the document said next to what we understood. Unknown shapes never fail: they
//! become a `text` / `unknown` kind.
//!
//! - [`code`]: objective and indicator codes (`25.29.2.1.05_0001`, `970_0006`,
//!   `1.3.2_0003`, `774`) classified and split into path, sector and sequence.
//! - [`person`]: dirigente names written family-name first (`Donadio (ad interim)
//!   Giovanni`, `DIRIGENTE: STOPPA EMANUELE`), and the [`PersonRegistry`] that gives one
//!   stable id per person across all documents of a run.
//! - [`formula`]: indicator formulas classified as binary, ratio, change, count, amount,
//!   percentage, average, comparison, deadline or free text, with numerator and
//!   denominator where there is a ratio.
//! - [`number`]: Italian numbers (`200.500`, `7.766,74`, `85,29%`).
//! - [`target`]: targets with comparator, number, unit and date (`almeno il 70%`, `≤ 30
//!   giorni`, `entro il 31/12/2025`), and the date a deadline field sets.
//! - [`meta`]: the plan's metadata (ente, kind, period, update) from its first lines.
//!
//! Invariant: normalize never sees geometry (no pages, no boxes: strings in, values out).
//! Invariant: every normalised value keeps the raw string it came from.

pub mod code;
pub mod formula;
pub mod meta;
pub mod number;
pub mod person;
pub mod target;

pub use code::{Code, CodeKind, parse_code};
pub use formula::{Formula, FormulaKind, parse_formula};
pub use meta::{DocKind, PlanMeta, detect_meta};
pub use number::parse_number;
pub use person::{Person, PersonIndex, PersonName, PersonRegistry, parse_people, parse_person};
pub use target::{Comparator, Target, TargetKind, TargetReference, parse_deadline, parse_target};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_ws_joins_wrapped_cells() {
        // seed 000 line 5-8: the title wraps over four lines.
        assert_eq!(
            collapse_ws("PIANO INTEGRATO DI ATTIVITA'  \nED ORGANIZZAZIONE  "),
            "PIANO INTEGRATO DI ATTIVITA' ED ORGANIZZAZIONE"
        );
    }

    #[test]
    fn fold_strips_case_and_accents() {
        assert_eq!(fold("Attività  E’"), "attivita e'");
        assert_eq!(fold("BONDIONI CHIARA"), "bondioni chiara");
    }
}
