//! The card labels' words of the built-in vocabulary, read at build time.
//!
//! Every process that reads a plan's lines as card fields builds the sets of words a
//! label is read by ([`LabelWords`]): ~4% of a 3-page card plan's CPU as the CLI
//! (docs/speed-rounds.md, round 9), all of it allocating and sorting the same strings.
//! The built-in vocabulary is compiled in, so `build.rs` compiles `label_words.rs`
//! (the very reading the crate makes for any other vocabulary), reads
//! `data/vocab.json` and `data/lexicon.json` with the header words' reading the
//! matcher makes (`tables::words`), and writes the sets here as sorted Rust slices,
//! looked up by binary search. A run with another vocabulary (`--vocab`) reads them
//! at run time as before; a test compares every set with the run-time reading.

use super::label_words::LabelWords;
use crate::vocab::Role;
use std::sync::Arc;

/// The sets of [`LabelWords`] as `build.rs` wrote them, each sorted as the set
/// iterates (so a binary search finds what `contains` finds).
pub(super) struct Built {
    heads: &'static [(Role, &'static str)],
    synonym_heads: &'static [(Role, &'static str)],
    words: &'static [&'static str],
    synonym_words: &'static [&'static str],
    sets: &'static [&'static [(&'static str, &'static str)]],
}

/// The built-in vocabulary's label words.
pub(super) static BUILT: Built = include!(concat!(env!("OUT_DIR"), "/label_words.rs"));

/// The words labels are read by in a run: the build's for the built-in vocabulary,
/// read at run time for any other.
pub(super) enum Known {
    /// The built-in vocabulary's, from the build.
    Built(&'static Built),
    /// Read at run time from the run's vocabulary, shared by its documents.
    Read(Arc<LabelWords>),
}

impl Known {
    /// Whether `w` is a word of some role's wordings.
    pub(super) fn word(&self, w: &str) -> bool {
        match self {
            Known::Built(b) => b.words.binary_search(&w).is_ok(),
            Known::Read(r) => r.words.contains(w),
        }
    }

    /// Whether `w` is a word of the lexicon's synonym sets, head nouns and modifiers.
    pub(super) fn synonym_word(&self, w: &str) -> bool {
        match self {
            Known::Built(b) => b.synonym_words.binary_search(&w).is_ok(),
            Known::Read(r) => r.synonym_words.contains(w),
        }
    }

    /// Whether `w` is a word of `role`'s wordings.
    pub(super) fn head(&self, role: Role, w: &str) -> bool {
        match self {
            Known::Built(b) => pair_in(b.heads, role, w),
            Known::Read(r) => r.heads.contains(&(role, w.to_string())),
        }
    }

    /// Whether `w` is a word of a synonym set with a one-word member of `role`'s
    /// wordings.
    pub(super) fn synonym_head(&self, role: Role, w: &str) -> bool {
        match self {
            Known::Built(b) => pair_in(b.synonym_heads, role, w),
            Known::Read(r) => r.synonym_heads.contains(&(role, w.to_string())),
        }
    }

    /// The one-word members (as printed) of every synonym set that has a one-word
    /// member of stem `stem`, other than those of that stem, in the sets' order.
    pub(super) fn synonyms_of(&self, stem: &str) -> Vec<&str> {
        match self {
            Known::Built(b) => others(b.sets.iter().map(|s| s.to_vec()), stem),
            Known::Read(r) => others(
                r.sets
                    .iter()
                    .map(|s| s.iter().map(|(w, st)| (w.as_str(), st.as_str())).collect()),
                stem,
            ),
        }
    }
}

/// The members (as printed) of the sets of `(word, stem)` that have a member of stem
/// `stem`, other than those of that stem, in order.
fn others<'a>(sets: impl Iterator<Item = Vec<(&'a str, &'a str)>>, stem: &str) -> Vec<&'a str> {
    sets.filter(|s| s.iter().any(|(_, st)| *st == stem))
        .flat_map(|s| s.into_iter().filter(|(_, st)| *st != stem).map(|(w, _)| w))
        .collect()
}

/// Whether `(role, w)` is in a slice sorted as a `BTreeSet<(Role, String)>` iterates.
fn pair_in(pairs: &[(Role, &str)], role: Role, w: &str) -> bool {
    pairs
        .binary_search_by(|&(r, x)| (r, x).cmp(&(role, w)))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::matcher::Matcher;
    use crate::vocab::Vocabulary;

    /// The build's sets as the run-time reading holds them.
    fn as_read(b: &Built) -> LabelWords {
        let owned = |p: &[(Role, &str)]| p.iter().map(|&(r, w)| (r, w.to_string())).collect();
        let words = |p: &[&str]| p.iter().map(|w| w.to_string()).collect();
        LabelWords {
            heads: owned(b.heads),
            synonym_heads: owned(b.synonym_heads),
            words: words(b.words),
            synonym_words: words(b.synonym_words),
            sets: b
                .sets
                .iter()
                .map(|s| {
                    s.iter()
                        .map(|(w, st)| (w.to_string(), st.to_string()))
                        .collect()
                })
                .collect(),
        }
    }

    #[test]
    fn the_build_s_label_words_are_those_read_at_run_time() {
        let vocab = Vocabulary::builtin();
        let m = Matcher::new(&vocab, &crate::config::HeaderMatching::default());
        let read = LabelWords::read(&vocab, |t| {
            m.read(t)
                .words
                .into_iter()
                .map(|w| w.stem.into_owned())
                .collect()
        });
        // every set, whole: the run-time readings of the matcher and read anew
        assert_eq!(as_read(&BUILT), LabelWords::new(&m, &vocab));
        assert_eq!(as_read(&BUILT), read);
        // sorted strictly, so a binary search finds what `contains` finds
        assert!(BUILT.heads.windows(2).all(|p| p[0] < p[1]));
        assert!(BUILT.synonym_heads.windows(2).all(|p| p[0] < p[1]));
        assert!(BUILT.words.windows(2).all(|p| p[0] < p[1]));
        assert!(BUILT.synonym_words.windows(2).all(|p| p[0] < p[1]));
        assert!(BUILT.heads.len() > 100 && BUILT.sets.len() >= 20);
    }

    #[test]
    fn the_build_s_lookups_answer_as_the_run_time_sets() {
        let vocab = Vocabulary::builtin();
        let m = Matcher::new(&vocab, &crate::config::HeaderMatching::default());
        let read = Known::Read(Arc::new(LabelWords::new(&m, &vocab)));
        let built = Known::Built(&BUILT);
        // every word of every set, and words of none (a stem no wording has, an
        // empty one, one past the last)
        let mut words: Vec<&str> = BUILT
            .synonym_words
            .iter()
            .chain(BUILT.words)
            .copied()
            .collect();
        words.extend(BUILT.sets.iter().flat_map(|s| s.iter().map(|p| p.1)));
        words.extend(["", "zzzz", "indicatre"]);
        let roles: Vec<Role> = vocab.headers.keys().copied().collect();
        for w in words {
            assert_eq!(built.word(w), read.word(w), "{w}");
            assert_eq!(built.synonym_word(w), read.synonym_word(w), "{w}");
            assert_eq!(built.synonyms_of(w), read.synonyms_of(w), "{w}");
            for &r in &roles {
                assert_eq!(built.head(r, w), read.head(r, w), "{r:?} {w}");
                assert_eq!(
                    built.synonym_head(r, w),
                    read.synonym_head(r, w),
                    "{r:?} {w}"
                );
            }
        }
    }
}
