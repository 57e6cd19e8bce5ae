//! The reference data around names: titles, roles, interim markers and particles
//! (`data/people/words.tsv`), and the lists of Italian given and family names
//! (`data/names/`). Each file says where it comes from in its folder's `SOURCE.md`.

use crate::normalize::{fold, tsv_rows};
use std::collections::HashSet;
use std::sync::LazyLock;

const WORDS: &str = include_str!("../../../data/people/words.tsv");
const GIVEN: &str = include_str!("../../../data/names/given_names.tsv");
const FAMILY: &str = include_str!("../../../data/names/family_names.tsv");

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

/// Folded words in one buffer, sorted, looked up by binary search: the name lists
/// (~4,000 words) are loaded by every process that reads a name, the batch's too, and
/// as 4,000 strings in hash sets they took ~1 ms and ~100 page faults of fresh memory
/// there; here they take two allocations.
#[derive(Debug, Default)]
pub(super) struct WordSet {
    text: String,
    /// `(start, end)` of each word in `text`, sorted by the word, no repeats.
    spans: Vec<(u32, u32)>,
}

impl WordSet {
    fn of(words: impl Iterator<Item = String>) -> Result<Self, String> {
        let mut set = WordSet::default();
        for w in words {
            let start = u32::try_from(set.text.len()).map_err(|e| e.to_string())?;
            set.text.push_str(&w);
            let end = u32::try_from(set.text.len()).map_err(|e| e.to_string())?;
            set.spans.push((start, end));
        }
        let text = &set.text;
        let word = |&(a, b): &(u32, u32)| text.get(a as usize..b as usize).unwrap_or_default();
        set.spans.sort_unstable_by(|x, y| word(x).cmp(word(y)));
        set.spans.dedup_by(|x, y| word(x) == word(y));
        Ok(set)
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
    lex.given = names(GIVEN, &["name", "count", "sources"])?;
    lex.family = names(FAMILY, &["name", "sources"])?;
    Ok(lex)
}

fn names(text: &str, header: &[&str]) -> Result<WordSet, String> {
    WordSet::of(tsv_rows(text, header)?.iter().map(|row| fold(row[0])))
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
