//! The words of the vocabulary that card labels are read by, as plain sets, and the one
//! function that reads them from a vocabulary.
//!
//! This file is compiled twice: by the crate (the `--vocab` path and the tests'
//! reference) and by `build.rs`, which reads the built-in vocabulary with it and
//! writes the sets as Rust statics ([`super::label`]'s built tables): it names only
//! `crate::vocab` and `crate::normalize::fold`, which the build compiles too.

use crate::vocab::{Role, Vocabulary};
use std::collections::BTreeSet;

/// The words of the vocabulary a label is read by: the same for every document of a
/// run.
#[derive(Debug, PartialEq)]
pub struct LabelWords {
    /// (role, word) for every word of the role's wordings.
    pub heads: BTreeSet<(Role, String)>,
    /// (role, word) for every word of a synonym set one of whose one-word members is
    /// a word of the role's wordings (`contenut` for the description, as `descrizion`).
    pub synonym_heads: BTreeSet<(Role, String)>,
    /// Every word of `heads`.
    pub words: BTreeSet<String>,
    /// Every word of the lexicon's synonym sets.
    pub synonym_words: BTreeSet<String>,
    /// The one-word members of each synonym set, as printed and as a stem.
    pub sets: Vec<Vec<(String, String)>>,
}

impl LabelWords {
    /// Every wording and synonym of `vocab` read with `stems` (the stems of a text's
    /// words as the header matcher built from `vocab` reads them). `build.rs` reads
    /// the built-in vocabulary with it; in the crate it is the tests' reference (a
    /// run reuses the matcher's readings: `LabelWords::new`).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn read(vocab: &Vocabulary, stems: impl Fn(&str) -> Vec<String>) -> LabelWords {
        let heads = vocab
            .header_wordings()
            .flat_map(|(r, w)| stems(&w.text).into_iter().map(move |x| (r, x)))
            .collect::<BTreeSet<(Role, String)>>();
        let sets = vocab
            .synonyms
            .iter()
            .map(|set| set.words.iter().map(|w| stems(w)).collect())
            .collect();
        LabelWords::from_readings(vocab, heads, sets, stems)
    }

    /// The sets from the wordings' words as (role, stem) (`heads`) and each synonym
    /// set's members read as stems, in the vocabulary's order (`sets`): the part
    /// [`LabelWords::read`] and the run's path from the header matcher's readings
    /// share; `stems` reads the lexicon's few other words.
    pub fn from_readings(
        vocab: &Vocabulary,
        heads: BTreeSet<(Role, String)>,
        sets: Vec<Vec<Vec<String>>>,
        stems: impl Fn(&str) -> Vec<String>,
    ) -> LabelWords {
        let mut synonym_heads = BTreeSet::new();
        for set in &sets {
            for (role, word) in &heads {
                if set.iter().any(|m| m.len() == 1 && m[0] == *word) {
                    synonym_heads
                        .extend(set.iter().filter_map(|m| Some((*role, m.first()?.clone()))));
                }
            }
        }
        let one_word = vocab
            .synonyms
            .iter()
            .zip(&sets)
            .map(|(set, read)| {
                set.words
                    .iter()
                    .zip(read)
                    .filter_map(|(w, m)| match m.as_slice() {
                        [st] => Some((w.clone(), st.clone())),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        LabelWords {
            sets: one_word,
            words: heads.iter().map(|(_, w)| w.clone()).collect(),
            synonym_words: sets
                .into_iter()
                .flatten()
                .flatten()
                .chain(lexicon_words(vocab).flat_map(stems))
                .collect(),
            heads,
            synonym_heads,
        }
    }
}

/// The head nouns, modifiers, questions and explanation heads of the lexicon: a label
/// made of them is read.
pub fn lexicon_words(vocab: &Vocabulary) -> impl Iterator<Item = &str> {
    vocab
        .heads
        .iter()
        .chain(&vocab.modifiers)
        .chain(&vocab.questions)
        .map(|w| w.text.as_str())
        .chain(
            vocab
                .explanations
                .iter()
                .flat_map(|e| e.heads.iter().map(String::as_str)),
        )
}
