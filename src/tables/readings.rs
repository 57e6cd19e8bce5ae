//! The readings a run's header matcher has already made, kept by cell text.
//!
//! A cell's reading is a pure function of its text, the roles set aside and whether
//! the lexicon's head nouns count ([`Matcher`](super::matcher::Matcher)), and the same
//! texts are read again and again: a header is read once per round of
//! [`Matcher::assign`](super::matcher::Matcher) with the roles taken so far set aside,
//! again by the content hints, again in every table and every document that prints it.
//! Seed 002 (22 pages) made 874 readings of 12 distinct texts; reading them was half
//! of its stages after the PDF layer (issue 22). So each text's words, the wording
//! found among them and its near spellings are kept once, and each reading once per
//! set of roles set aside; the answers are the ones the reading gives, byte for byte.
//!
//! The matcher is shared by a run's documents and threads: the memo is behind a lock,
//! held only to look up and to store (a reading is made outside it, so two threads may
//! make the same one: the same answer). It keeps at most
//! [`HeaderMatching::memo_texts`](crate::config::HeaderMatching::memo_texts) texts and
//! starts over past that, so a long run's memory stays flat.

use super::words::{Found, StemHasher, Vote, Word, Words};
use crate::vocab::Role;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// What the reading of one cell text that does not depend on the roles set aside
/// found, each part made when a reading first needs it (finding the header row
/// needs less than a column's role).
#[derive(Debug)]
pub(crate) struct TextReading {
    /// The text read as words.
    pub words: Words,
    /// The text's length in characters.
    pub chars: usize,
    /// The wording found among the words ([`Phrases::best`](super::words::Phrases::best)).
    pub best: OnceLock<Option<Found<Role>>>,
    /// Whether a wording is all of the words ([`Phrases::has_whole`](super::words::Phrases::has_whole)).
    pub has_whole: OnceLock<bool>,
    /// The text folded, and every whole wording it is a near spelling of, at least
    /// as similar as [`HeaderMatching::min_similarity`](crate::config::HeaderMatching::min_similarity):
    /// (index among the matcher's whole wordings, similarity), in the wordings' order.
    pub spellings: OnceLock<(String, Vec<(usize, f64)>)>,
    /// The words with synonyms of the lexicon put in.
    pub synonymous: OnceLock<Synonymous>,
    /// What each word says, its own vote or its synonym's, in word order.
    pub votes: OnceLock<Vec<Vote<Role>>>,
    /// The role the text, read as one word, is most specific to.
    pub word_role: OnceLock<Option<Role>>,
}

/// A cell's words with synonyms of the lexicon put in: each reading with one word or
/// phrase replaced, the wordings among them in order, and (made when a reading asks)
/// the wordings among the readings with two replaced.
#[derive(Debug)]
pub(crate) struct Synonymous {
    /// The readings with one word or phrase replaced.
    pub readings: Vec<Vec<Word>>,
    /// The wordings (role, wording) those readings are, in order.
    pub once: Vec<(Role, String)>,
    /// The wordings the readings with two replaced are, in order.
    pub twice: OnceLock<Vec<(Role, String)>>,
}

impl TextReading {
    /// The text's words, the rest to be made.
    pub fn new(words: Words, chars: usize) -> TextReading {
        TextReading {
            words,
            chars,
            best: OnceLock::new(),
            has_whole: OnceLock::new(),
            spellings: OnceLock::new(),
            synonymous: OnceLock::new(),
            votes: OnceLock::new(),
            word_role: OnceLock::new(),
        }
    }
}

/// One text's readings: its [`TextReading`] and the readings made of it, each with the
/// roles set aside (sorted, without repeats) and whether head nouns counted.
#[derive(Debug)]
struct Seen<R> {
    text: Arc<TextReading>,
    readings: Vec<(Vec<Role>, bool, Option<R>)>,
}

/// The memo of a matcher; `R`, a reading's answer (the matcher's `RoleMatch`).
#[derive(Debug)]
pub(crate) struct Readings<R> {
    max_texts: usize,
    seen: Mutex<HashMap<String, Seen<R>, StemHasher>>,
}

impl<R: Clone> Readings<R> {
    /// An empty memo that keeps at most `max_texts` texts.
    pub fn new(max_texts: usize) -> Self {
        Readings {
            max_texts,
            seen: Mutex::new(HashMap::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Seen<R>, StemHasher>> {
        // a panic while the lock was held left a memo of finished entries only
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The text's reading already made, if any.
    pub fn text(&self, text: &str) -> Option<Arc<TextReading>> {
        self.lock().get(text).map(|s| Arc::clone(&s.text))
    }

    /// Keep a text's reading (made by the caller from the text alone).
    pub fn keep_text(&self, text: &str, reading: Arc<TextReading>) {
        let mut seen = self.lock();
        if seen.contains_key(text) {
            return;
        }
        if seen.len() >= self.max_texts {
            seen.clear();
        }
        seen.insert(
            text.to_string(),
            Seen {
                text: reading,
                readings: Vec::new(),
            },
        );
    }

    /// The reading of `text` with the roles `not` (sorted, without repeats) set aside,
    /// already made: `Some(answer)`, or `None` when it was not made.
    pub fn reading(&self, text: &str, not: &[Role], heads: bool) -> Option<Option<R>> {
        let seen = self.lock();
        let s = seen.get(text)?;
        s.readings
            .iter()
            .find(|(n, h, _)| *h == heads && n == not)
            .map(|(_, _, r)| r.clone())
    }

    /// Keep a reading of a text whose [`TextReading`] is kept (a text dropped since,
    /// the memo having started over, is not kept).
    pub fn keep_reading(&self, text: &str, not: Vec<Role>, heads: bool, r: &Option<R>) {
        if let Some(s) = self.lock().get_mut(text)
            && !s.readings.iter().any(|(n, h, _)| *h == heads && *n == not)
        {
            s.readings.push((not, heads, r.clone()));
        }
    }
}

impl<R: Clone> Readings<R> {
    /// Forget every reading.
    pub fn clear(&self) {
        self.lock().clear();
    }
}

impl<R: Clone> Clone for Readings<R> {
    /// A copy of a matcher starts with an empty memo.
    fn clone(&self) -> Self {
        Readings::new(self.max_texts)
    }
}
