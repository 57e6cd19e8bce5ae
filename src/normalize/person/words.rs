//! The reference data around names: titles, roles, interim markers and particles
//! (`data/people/words.tsv`), and the lists of Italian given and family names
//! (`data/names/`). Each file says where it comes from in its folder's `SOURCE.md`.

use crate::normalize::{fold, tsv_rows};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

const WORDS: &str = include_str!("../../../data/people/words.tsv");

// The name lists folded and sorted by `build.rs` from `data/names/` with
// `normalize::name_list::word_list` (the test below compares them with what it gives
// on the files): `GIVEN_TEXT`, `GIVEN_SPANS`, `FAMILY_TEXT`, `FAMILY_SPANS`.
include!(concat!(env!("OUT_DIR"), "/name_lists.rs"));

/// What a wording printed next to a name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WordKind {
    Title,
    Role,
    Interim,
}

/// One wording as folded tokens (`["comandante", "p.l."]`).
#[derive(Debug, Clone)]
pub(super) struct Wording {
    pub kind: WordKind,
    pub tokens: Vec<String>,
}

/// Everything loaded from the files, folded for matching.
#[derive(Debug, Default)]
pub(super) struct Lexicon {
    /// Titles, roles and interim markers, longest first (so `comandante p.l.` wins over
    /// `comandante`).
    pub wordings: Vec<Wording>,
    pub particles: HashSet<String>,
    pub given: WordSet,
    pub family: WordSet,
}

/// Folded words in one text, sorted, looked up by binary search: the name lists
/// (~4,000 words) are read by every process that reads a name, and as 4,000 strings in
/// hash sets they took ~1 ms and ~100 page faults of fresh memory; folded and sorted at
/// run time in one buffer ~0.8 ms; compiled in by `build.rs` they cost nothing.
#[derive(Debug, Default)]
pub(super) struct WordSet {
    text: Cow<'static, str>,
    /// `(start, end)` of each word in `text`, sorted by the word, no repeats.
    spans: Cow<'static, [(u32, u32)]>,
}

impl WordSet {
    /// One of the compiled-in lists.
    const fn compiled(text: &'static str, spans: &'static [(u32, u32)]) -> Self {
        WordSet {
            text: Cow::Borrowed(text),
            spans: Cow::Borrowed(spans),
        }
    }

    fn word(&self, &(a, b): &(u32, u32)) -> &str {
        self.text.get(a as usize..b as usize).unwrap_or_default()
    }

    /// Whether `w` is one of the words.
    pub fn contains(&self, w: &str) -> bool {
        self.spans
            .binary_search_by(|span| self.word(span).cmp(w))
            .is_ok()
    }

    /// How many words.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The words, sorted.
    pub fn sorted(&self) -> Vec<String> {
        self.spans
            .iter()
            .map(|span| self.word(span).to_string())
            .collect()
    }
}

/// The lexicon, parsed once; a file that does not parse leaves its part empty (the
/// tests below fail on it).
pub(super) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| load().unwrap_or_default());

fn load() -> Result<Lexicon, String> {
    let mut lex = Lexicon::default();
    for row in tsv_rows(WORDS, &["kind", "wording", "seen"])? {
        let tokens: Vec<String> = fold(row[1])
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let kind = match row[0] {
            "title" => WordKind::Title,
            "role" => WordKind::Role,
            "interim" => WordKind::Interim,
            "particle" => {
                lex.particles.insert(fold(row[1]));
                continue;
            }
            other => return Err(format!("unknown kind {other:?}")),
        };
        lex.wordings.push(Wording { kind, tokens });
    }
    lex.wordings
        .sort_by_key(|w| std::cmp::Reverse(w.tokens.len()));
    lex.given = WordSet::compiled(GIVEN_TEXT, &GIVEN_SPANS);
    lex.family = WordSet::compiled(FAMILY_TEXT, &FAMILY_SPANS);
    Ok(lex)
}

impl Lexicon {
    /// The wording of `kind` (or any kind) that starts at `tokens[at]`, longest first.
    pub fn wording_at(&self, tokens: &[String], at: usize) -> Option<&Wording> {
        self.wordings.iter().find(|w| {
            tokens.len() >= at + w.tokens.len()
                && w.tokens.iter().zip(&tokens[at..]).all(|(a, b)| a == b)
        })
    }

    /// A word of the given-name list (folded).
    pub fn is_given(&self, folded: &str) -> bool {
        self.given.contains(folded)
    }

    /// A word of the family-name list (folded).
    pub fn is_family(&self, folded: &str) -> bool {
        self.family.contains(folded)
    }

    /// A particle that starts a family name (`di`, `de`, `d'`...).
    pub fn is_particle(&self, folded: &str) -> bool {
        self.particles.contains(folded)
    }
}

/// The given names of the list, folded, sorted: for the synthetic benchmark.
pub fn given_names() -> Vec<String> {
    LEXICON.given.sorted()
}

/// The family names of the list, folded, sorted: for the synthetic benchmark.
pub fn family_names() -> Vec<String> {
    LEXICON.family.sorted()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_parse() {
        let lex = load();
        assert!(lex.is_ok(), "{lex:?}");
        let lex = LEXICON.wordings.len();
        assert!(lex >= 40, "{lex} wordings");
        // Rows of data/names/SOURCE.md, fewer once folded (`Niccolò` / `Niccolo`).
        assert_eq!(LEXICON.given.len(), 1696);
        assert!(
            (2200..=2267).contains(&LEXICON.family.len()),
            "{}",
            LEXICON.family.len()
        );
        assert!(LEXICON.is_given("chiara") && LEXICON.is_given("mariarosa"));
        assert!(LEXICON.is_family("rossi") && !LEXICON.is_given("rossi"));
        assert!(LEXICON.is_particle("di") && LEXICON.is_particle("d'"));
    }

    /// The compiled-in lists are what `word_list` gives on the data files as they are
    /// now (`build.rs` reruns when one changes; this catches a build script that wrote
    /// something else).
    #[test]
    fn the_compiled_in_name_lists_are_the_files_own() {
        use crate::normalize::name_list::{FAMILY_COLUMNS, GIVEN_COLUMNS, word_list};
        for (file, header, set) in [
            (
                include_str!("../../../data/names/given_names.tsv"),
                &GIVEN_COLUMNS[..],
                &LEXICON.given,
            ),
            (
                include_str!("../../../data/names/family_names.tsv"),
                &FAMILY_COLUMNS[..],
                &LEXICON.family,
            ),
        ] {
            let compiled = (set.text.to_string(), set.spans.to_vec());
            assert_eq!(word_list(file, header), Ok(compiled));
        }
    }

    #[test]
    fn longest_wording_wins() {
        let tokens: Vec<String> = ["comandante", "p.l.", "boriani"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let w = LEXICON.wording_at(&tokens, 0);
        assert_eq!(w.map(|w| w.tokens.len()), Some(2));
        assert_eq!(w.map(|w| w.kind), Some(WordKind::Role));
    }
}
