//! The distinct words of a vocabulary's phrases, indexed so that the words a header
//! word stands for ([`same_word`]) are found without comparing it with each of them.
//!
//! [`Phrases::best`](super::Phrases::best) looked for every phrase at every
//! place of a header, comparing words with [`same_word`]: the phrase scan was among the
//! largest items of the table stage left in the profiles of issue 22 (the vocabulary
//! holds hundreds of wordings, and nearly every pair of words is far apart). Here each
//! header word is compared once with the words it can stand for: its own stem (found by
//! hash), the vocabulary's abbreviations (few), and for a slip only words whose length
//! and letter counts ([`Shape`]) leave room for it; [`same_word`] still decides each
//! candidate, so the words found are exactly those the full comparison finds.

use super::{Fuzz, Shape, StemHasher, Word, same_word};
use std::borrow::Cow;
use std::collections::HashMap;

/// The words a header word stands for: bit `i` is set when it stands for the indexed
/// word with id `i`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    fn new(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }

    fn set(&mut self, i: usize) {
        if let Some(b) = self.0.get_mut(i / 64) {
            *b |= 1 << (i % 64);
        }
    }

    /// Whether the word with id `i` is among them.
    pub(crate) fn has(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|b| b & (1 << (i % 64)) != 0)
    }

    /// The ids set, in increasing order.
    pub(crate) fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(k, &b)| {
            let mut rest = b;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    k * 64 + bit
                })
            })
        })
    }
}

/// Distinct words (stem and whether abbreviated), each with an id, and the lookups
/// that find the ones a header word stands for.
#[derive(Debug, Clone)]
pub(crate) struct Nearby {
    words: Vec<Word>,
    shapes: Vec<Shape>,
    /// Stem → ids of the words with it (abbreviated or not).
    by_stem: HashMap<Cow<'static, str>, Vec<usize>, StemHasher>,
    /// Ids of the abbreviated words: an abbreviation stands for words of other stems.
    abbrevs: Vec<usize>,
    /// Ids of the words printed whole, by their length in characters: a slip is
    /// possible only between words of near lengths.
    by_chars: Vec<Vec<usize>>,
    fuzz: Fuzz,
}

impl Nearby {
    /// No words yet; `fuzz` is the rule [`Nearby::matches`] applies.
    pub(crate) fn new(fuzz: Fuzz) -> Nearby {
        Nearby {
            words: Vec::new(),
            shapes: Vec::new(),
            by_stem: HashMap::default(),
            abbrevs: Vec::new(),
            by_chars: Vec::new(),
            fuzz,
        }
    }

    /// The id of `w`, added if it is new.
    pub(crate) fn id(&mut self, w: &Word) -> usize {
        let ids = self.by_stem.entry(w.stem.clone()).or_default();
        if let Some(&i) = ids.iter().find(|&&i| self.words[i].abbrev == w.abbrev) {
            return i;
        }
        let i = self.words.len();
        ids.push(i);
        let shape = Shape::of(&w.stem);
        if w.abbrev {
            self.abbrevs.push(i);
        } else {
            if self.by_chars.len() <= shape.chars {
                self.by_chars.resize(shape.chars + 1, Vec::new());
            }
            self.by_chars[shape.chars].push(i);
        }
        self.words.push(w.clone());
        self.shapes.push(shape);
        i
    }

    /// The words `w` stands for: exactly the ids `i` with `same_word(w, word i)`.
    pub(crate) fn matches(&self, w: &Word) -> Bits {
        let mut bits = Bits::new(self.words.len());
        let mut check = |i: usize| {
            if self
                .words
                .get(i)
                .is_some_and(|x| same_word(w, x, self.fuzz))
            {
                bits.set(i);
            }
        };
        if w.abbrev {
            // an abbreviation stands for any word it starts: compare with all (rare)
            (0..self.words.len()).for_each(&mut check);
            return bits;
        }
        for &i in self.by_stem.get(&w.stem).into_iter().flatten() {
            check(i);
        }
        for &i in &self.abbrevs {
            check(i);
        }
        // two words printed whole with different stems are the same word only by a
        // slip: lengths, the infinitive rule and letter counts are each necessary
        for i in self.slip_candidates(&Shape::of(&w.stem)) {
            check(i);
        }
        bits
    }

    /// Ids of the words printed whole that a whole word of shape `ws` could be a slip
    /// of, as far as [`same_word`]'s bounds tell without the edit distance: both at
    /// least [`Fuzz::min_chars`] long, lengths near enough for
    /// [`Fuzz::min_similarity`], both infinitives or neither, letter counts near
    /// enough. (The same bounds, in the same arithmetic, as [`same_word`] and
    /// `WordIndex::votes`.)
    fn slip_candidates<'a>(&'a self, ws: &'a Shape) -> impl Iterator<Item = usize> + 'a {
        let fuzz = self.fuzz;
        let la = ws.chars;
        let long_enough = la >= fuzz.min_chars;
        self.by_chars
            .iter()
            .enumerate()
            .skip(fuzz.min_chars)
            .filter(move |(lb, _)| {
                let longer = la.max(*lb);
                long_enough && 1.0 - la.abs_diff(*lb) as f64 / longer as f64 >= fuzz.min_similarity
            })
            .flat_map(|(_, ids)| ids.iter().copied())
            .filter(move |&i| {
                self.shapes.get(i).is_some_and(|xs| {
                    let longer = la.max(xs.chars);
                    xs.infinitive == ws.infinitive
                        && 1.0 - ws.min_edits(xs) as f64 / longer as f64 >= fuzz.min_similarity
                })
            })
    }
}
