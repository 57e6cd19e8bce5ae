//! Normalisers: pure functions from printed strings to comparable values.
//!
//! Every value the documents print (a code, a name, a formula, a number, a title page) is
//! read here into a typed value that **keeps its raw string**, so a reader can always see
//! what the document said next to what we understood. Unknown shapes never fail: they
//! become a `text` / `unknown` kind.
//!
//! - [`code`]: objective and indicator codes (`25.29.2.1.05_0001`, `970_0006`,
//!   `1.3.2_0003`, `774`) classified and split into path, sector and sequence.
//! - [`person`]: dirigente names in either order, the order decided from evidence
//!   (`Donadio (ad interim) Giovanni`, `DIRIGENTE: STOPPA EMANUELE`, `Dott. Mario
//!   ROSSI`), and the [`PersonRegistry`] that gives one stable id per person of one
//!   ente across its documents.
//! - [`formula`]: indicator formulas classified as binary, ratio, change, count, amount,
//!   percentage, average, comparison, deadline or free text, with numerator and
//!   denominator where there is a ratio.
//! - [`number`]: Italian numbers (`200.500`, `7.766,74`, `85,29%`).
//! - [`target`]: targets with comparator, number, unit and date (`almeno il 70%`, `≤ 30
//!   giorni`, `entro il 31/12/2025`), and the date a deadline field sets.
//! - [`meta`]: the plan's metadata (ente, kind, period, update) from its first lines.
//! - [`mission`]: Missione / Programma of the harmonised budget (D.Lgs. 118/2011,
//!   allegato 14) from a code (`01.02`, `0102`, `Missione 01`) or a name, validated
//!   against the official list in `data/missions/`.
//! - [`istat`]: the ente's ISTAT code from its printed name (`Comune di Castro (BG)`),
//!   with the official list of comuni in `data/istat/`.
//!
//! Reference data (name lists, wordings, code shapes, official lists) lives in `data/`,
//! one folder per dataset with its `SOURCE.md`, compiled in with `include_str!` and
//! parsed once on first use: nothing is read from disk or the network at run time.
//!
//! Invariant: normalize never sees geometry (no pages, no boxes: strings in, values out).
//! Invariant: every normalised value keeps the raw string it came from.

/// Text folding for comparison ([`fold`], [`collapse_ws`]) and the data files' reader
/// (`tsv_rows`), in a file of their own because `build.rs` compiles it too: the ISTAT
/// name index it writes must fold names exactly as lookups do at run time.
mod base;
pub mod code;
pub mod formula;
pub mod istat;
/// The ISTAT list's name index: name keys ([`istat_index::name_key`]), their hashes,
/// and the sorted `(hash, row)` table ([`istat_index::index`]). Shared by `build.rs`,
/// which writes the table from `data/istat/comuni.tsv` and `name_aliases.tsv` as static
/// arrays (a process then builds nothing: ~1.7–2.3 ms of a small plan's setup, README,
/// Speed, round 4), and by [`istat`], whose lookups hash names with the same code and
/// whose test checks the compiled-in tables against what this gives on the same files.
pub mod istat_index;
/// The lower-case words of the comuni's official names, read from the ISTAT list.
/// Shared by `build.rs`, which runs it on `data/istat/comuni.tsv` at build time (a
/// process then reads a compiled-in table instead of scanning the 7,896 names: ~0.7 ms
/// of a small plan's setup, docs/speed-rounds.md, round 4), and by [`istat`], whose test
/// checks that the compiled-in table is what this gives on the same file.
pub mod joiners;
pub mod meta;
pub mod mission;
/// The lists of given and family names as one folded, sorted text each
/// ([`name_list::word_list`]). Shared by `build.rs`, which writes them from
/// `data/names/` as static tables (a process then folds and sorts nothing: ~0.8 ms of a
/// small plan's setup, docs/speed-rounds.md, round 5), and by `person`, whose test checks the
/// compiled-in tables against what this gives on the same files.
pub mod name_list;
pub mod number;
pub mod person;
mod similar;
pub mod target;

pub(crate) use base::tsv_rows;
pub use base::{collapse_ws, fold, fold_eq};
pub use code::{Code, CodeKind, parse_code};
pub use formula::{Formula, FormulaKind, formula_kind, parse_formula};
pub use istat::{Comune, EnteMatch, ente_key, resolve_ente};
pub use meta::{DocKind, PlanMeta, detect_meta};
pub use mission::{
    MissionMatch, Programme, resolve_mission, resolve_mission_in, resolve_programme_in,
};
pub use number::parse_number;
pub use person::{
    NameContext, NameOrder, Person, PersonIndex, PersonName, PersonRegistry, document_context,
    parse_people, parse_people_with, parse_person, parse_person_with,
};
pub use similar::similar_at_least;
pub use target::{Comparator, Target, TargetKind, TargetReference, parse_deadline, parse_target};

use serde::Serialize;

/// A soft problem a normalizer found (an unknown mission, an ambiguous comune): kept
/// with the value it concerns and turned into a `Warning` by the stage that has a
/// provenance to attach (normalize never sees geometry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// Stable short code (`unknown_mission`, `ambiguous_ente`...).
    pub code: &'static str,
    /// One line for a person.
    pub message: String,
}

impl Notice {
    /// A notice with its code and message.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Notice {
            code,
            message: message.into(),
        }
    }
}

/// A folded string reduced to letters and digits joined by `-` (`Città di Castello` →
/// `citta-di-castello`): the form of ids.
pub fn slug(s: &str) -> String {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
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
        // the ASCII path and the general one agree
        assert_eq!(fold("ATTIVITA` \t E'"), fold("ATTIVITÀ` \t E'"));
        assert_eq!(fold("D`ISONZO  Reggio"), "d'isonzo reggio");
    }
}
