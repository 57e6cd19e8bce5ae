//! Header words: a printed header (or heading, or card label) read as the words that
//! carry its meaning, and phrases of the vocabulary found among them.
//!
//! Italian headers put the head word first and its modifiers after (`Indicatore di
//! efficacia`, `Peso ponderale`, `Tempi di realizzazione`), add years and dates
//! (`Target 2026`, `Valore atteso al 31/12`) and units in brackets (`Peso (%)`), and
//! abbreviate (`Cod. Ob.`). So a header is folded (case, accents), its years, dates and
//! bracketed units are set apart, articles and prepositions are skipped, each word is
//! cut to a stem (the final vowel that marks number and gender: `indicatore` /
//! `indicatori`, `atteso` / `attesa`), and a vocabulary phrase matches where its stems
//! occur in a row among the header's.

// by path from this file's folder, so `build.rs`, which compiles this file as a
// module of its own, finds it too
#[path = "words/nearby.rs"]
mod nearby;

use crate::normalize::fold;
/// The bounded similarity lives with the other string functions of `normalize` (the
/// mission list reads names with it too); header matching and the card cross-check
/// reach it here.
pub use crate::normalize::similar_at_least;
use nearby::{Bits, Nearby};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

/// One word of a header: its stem, and whether it was printed abbreviated (`Cod.`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Folded, final vowel cut (`indicator`, `obiettiv`, `%`). Borrowed from the
    /// readings `build.rs` made of the built-in vocabulary (`tables::built`), owned
    /// when read from a text: every process reads every wording of the vocabulary
    /// to build its header matcher, table kinds and card labels, and copying each of
    /// those words into a `String` was ~1.7% of a one-page plan's `tables` run
    /// (docs/speed-rounds.md, rounds 11 and 12).
    pub stem: Cow<'static, str>,
    /// Printed with a dot right after it (`cod.`, `ob.`): it may stand for any word it
    /// starts.
    pub abbrev: bool,
}

/// A header read as words, with its years and unit set apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Words {
    /// The meaningful words, in order.
    pub words: Vec<Word>,
    /// Years printed in it (`Target 2025` → 2025; a range gives both ends).
    pub years: Vec<i32>,
    /// A unit printed in brackets or as its last word (`Peso (%)` → `%`).
    pub unit: Option<String>,
    /// The letters of a header printed as dotted initials (`U.O.` → `uo`, `C.d.R.` →
    /// `cdr`).
    pub initials: Option<String>,
}

static YEAR: crate::text::Rule =
    crate::text::Rule::new(r"(?:^|[^0-9])((?:19|20)[0-9]{2})(?:[^0-9]|$)");
static DATE: crate::text::Rule = crate::text::Rule::new(
    r"\b[0-9]{1,2}\s*[/.-]\s*[0-9]{1,2}(?:\s*[/.-]\s*(?:19|20)?[0-9]{2})?\b",
);
/// How many letters, each followed by a full stop, make initials (`M.R.`, `A. B. C.`).
const INITIALS: std::ops::RangeInclusive<usize> = 2..=6;
static BRACKET: crate::text::Rule = crate::text::Rule::new(r"[(\[]([^)\]]*)[)\]]");

/// Whether `s` is initials: [`INITIALS`] letters each followed by a full stop and
/// maybe spaces. (Read by hand: as the regular expression `^(?:\p{L}\.\s*){2,6}$`
/// it took a millisecond to compile, the costliest of the crate's rules, in every
/// worker; issue 22.)
fn is_initials(s: &str) -> bool {
    let mut letters = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_alphabetic() || chars.next() != Some('.') {
            return false;
        }
        letters += 1;
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
    }
    INITIALS.contains(&letters)
}

/// The lists that reading needs: stopwords and units, folded.
#[derive(Debug, Clone, Default)]
pub struct Lexis {
    stop: BTreeSet<String>,
    units: BTreeSet<String>,
    /// The table of readings `build.rs` made with these same lists
    /// (`tables::built`), if it made one.
    built: Option<usize>,
}

impl Lexis {
    /// From the vocabulary's stopword and unit lists.
    pub fn new<'a>(
        stop: impl IntoIterator<Item = &'a String>,
        units: impl IntoIterator<Item = &'a String>,
    ) -> Lexis {
        let stop: BTreeSet<String> = stop.into_iter().map(|w| fold(w)).collect();
        let units: BTreeSet<String> = units.into_iter().map(|w| fold(w)).collect();
        let built = super::built::lexis_of(
            stop.iter().map(String::as_str),
            units.iter().map(String::as_str),
        );
        Lexis { stop, units, built }
    }

    /// Read a printed header as words: the reading `build.rs` made of it with the
    /// same lists when it is a text of the built-in vocabulary (`tables::built`),
    /// else [`Lexis::read_anew`].
    pub fn read(&self, text: &str) -> Words {
        self.built
            .and_then(|t| built_reading(t, text))
            .unwrap_or_else(|| self.read_anew(text))
    }

    /// Which of `build.rs`'s tables of readings this lexis reads by, if any.
    #[cfg(test)]
    pub(crate) fn built_table(&self) -> Option<usize> {
        self.built
    }

    /// Read a printed header as words, looking nothing up.
    pub fn read_anew(&self, text: &str) -> Words {
        let mut s = fold(text);
        let mut unit = None;
        if s.contains(['(', '[']) {
            let re = &BRACKET;
            let mut kept = String::new();
            let mut last = 0;
            for c in re.captures_iter(&s) {
                let (Some(all), Some(inner)) = (c.get(0), c.get(1)) else {
                    continue;
                };
                let inner_t = inner.as_str().trim();
                kept.push_str(&s[last..all.start()]);
                if self.units.contains(inner_t) {
                    unit = Some(inner_t.to_string());
                } else {
                    kept.push(' ');
                    kept.push_str(inner.as_str());
                    kept.push(' ');
                }
                last = all.end();
            }
            kept.push_str(&s[last..]);
            s = kept;
        }
        let mut years = Vec::new();
        let digits = s.chars().any(|c| c.is_ascii_digit());
        if digits {
            let re = &YEAR;
            // overlapping-safe: a year's neighbours are consumed, so scan repeatedly
            let mut rest = s.clone();
            while let Some(c) = re.captures(&rest) {
                let Some(m) = c.get(1) else { break };
                if let Ok(y) = m.as_str().parse() {
                    years.push(y);
                }
                rest.replace_range(m.range(), " ");
            }
            s = rest;
        }
        if digits {
            s = DATE.replace_all(&s, " ").into_owned();
        }
        let initials = (s.contains('.') && is_initials(s.trim()))
            .then(|| s.chars().filter(|c| c.is_alphabetic()).collect::<String>());
        let mut words = self.split(&s);
        // `Peso %`: a unit sign as the last word is the unit (`% Ragg` keeps its `%`)
        if words.len() > 1 && words.last().is_some_and(|w| w.stem == "%") {
            words.pop();
            unit = unit.or(Some("%".to_string()));
        }
        Words {
            words,
            years,
            unit,
            initials,
        }
    }

    /// The initials of a wording's words, with and without its stopwords
    /// (`Centro di responsabilità` → `cdr`, `cr`), for headers printed as initials:
    /// as `build.rs` found them with the same lists when `text` is a text of the
    /// built-in vocabulary (`tables::built`), else [`Lexis::initials_anew`].
    pub fn initials_of(&self, text: &str) -> Vec<String> {
        self.built
            .and_then(|t| super::built::entry(t, text))
            .map(|(.., of, _)| of.iter().map(|i| (*i).to_string()).collect())
            .unwrap_or_else(|| self.initials_anew(text))
    }

    /// `text` folded ([`fold`]): as `build.rs` folded it when `text` is a text of the
    /// built-in vocabulary (`tables::built`), else folded now. The header matcher
    /// folds every wording of the vocabulary to compare whole cells with, and the
    /// content rules every person title, in every process: ~250,000 instructions of
    /// a one-page run (docs/speed-rounds.md, round 14).
    pub fn folded(&self, text: &str) -> Cow<'static, str> {
        self.built
            .and_then(|t| super::built::entry(t, text))
            .map_or_else(|| Cow::Owned(fold(text)), |r| Cow::Borrowed(r.6))
    }

    /// [`Lexis::initials_of`], looking nothing up.
    pub fn initials_anew(&self, text: &str) -> Vec<String> {
        let f = fold(text);
        let all: Vec<&str> = f
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let first =
            |ws: &[&str]| -> String { ws.iter().filter_map(|w| w.chars().next()).collect() };
        let content: Vec<&str> = all
            .iter()
            .copied()
            .filter(|w| !self.stop.contains(*w))
            .collect();
        let mut out = vec![first(&all), first(&content)];
        out.dedup();
        out.retain(|i| i.chars().count() >= 2);
        out
    }

    /// Split folded text into words: letters and digits apart (`target2026` is two
    /// words), `%` a word of its own, apostrophes end a word (`dell'indicatore`).
    ///
    /// Each word is a slice of `s`, looked up in the stopwords as it is and copied
    /// only as its stem (every line a card, heading or title reader asks of is read
    /// here; a `Vec` of the text's chars and a copy of each word before the lookup
    /// were most of that).
    fn split(&self, s: &str) -> Vec<Word> {
        self.words_of(s).collect()
    }

    /// The words of folded text one by one ([`Lexis::split`]), so a caller that
    /// needs only the first reads no further.
    fn words_of<'s>(&'s self, s: &'s str) -> SplitWords<'s> {
        SplitWords {
            stop: &self.stop,
            rest: s,
        }
    }

    /// The first word [`Lexis::read`] reads in `text`, the rest of the text not read:
    /// for a test that needs only a header's or a line's head word (a plan title is
    /// a wording at the head of its line, `assemble::title`). The same word as the
    /// whole reading's first: what `read` does before splitting only replaces years
    /// and dates (ASCII digits, spaces and `/.-`, a run that starts and ends with a
    /// digit) by a space, which neither makes, cuts nor joins a run of letters nor
    /// puts a full stop after one, and drops a trailing `%` only after another
    /// word; a text with a bracket, whose unit may be cut out, is read in full (a
    /// test compares the two on every fixture text and on random text).
    pub fn first_word(&self, text: &str) -> Option<Word> {
        let s = fold(text);
        if s.contains(['(', '[']) {
            return self.read_anew(text).words.into_iter().next();
        }
        self.words_of(&s).next()
    }
}

/// The words of folded text ([`Lexis::words_of`]): runs of letters or of digits (not
/// both), digits and stopwords skipped, `%` a word of its own; a run of letters right
/// before a full stop is an abbreviation.
struct SplitWords<'s> {
    stop: &'s BTreeSet<String>,
    /// The text not split yet.
    rest: &'s str,
}

impl Iterator for SplitWords<'_> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        loop {
            let c = self.rest.chars().next()?;
            if c == '%' {
                self.rest = &self.rest[1..];
                return Some(Word {
                    stem: Cow::Borrowed("%"),
                    abbrev: false,
                });
            }
            if !c.is_alphanumeric() {
                self.rest = &self.rest[c.len_utf8()..];
                continue;
            }
            let digit = c.is_ascii_digit();
            let end = self
                .rest
                .find(|x: char| !x.is_alphanumeric() || x.is_ascii_digit() != digit)
                .unwrap_or(self.rest.len());
            let (w, after) = self.rest.split_at(end);
            self.rest = after;
            if digit || self.stop.contains(w) {
                continue;
            }
            return Some(Word {
                stem: Cow::Owned(stem(w)),
                abbrev: after.starts_with('.'),
            });
        }
    }
}

/// `text`'s reading in `build.rs`'s table `table` (`tables::built`), if it read it.
fn built_reading(table: usize, text: &str) -> Option<Words> {
    let (_, words, years, unit, initials, ..) = super::built::entry(table, text)?;
    Some(Words {
        words: words
            .iter()
            .map(|(stem, abbrev)| Word {
                stem: Cow::Borrowed(*stem),
                abbrev: *abbrev,
            })
            .collect(),
        years: years.to_vec(),
        unit: unit.map(str::to_string),
        initials: initials.map(str::to_string),
    })
}

/// Cut the final vowel that marks number and gender (`indicatori` → `indicator`),
/// keeping short words whole (`peso` → `pes`, but `ob`, `n`).
pub fn stem(w: &str) -> String {
    let n = w.chars().count();
    match w.chars().last() {
        Some('a' | 'e' | 'i' | 'o') if n >= 4 => w.chars().take(n - 1).collect(),
        _ => w.to_string(),
    }
}

/// Whether two words are the same word: the same stem, an abbreviation of it (either
/// side: `cod.` for `codice`, if at least `min_abbrev` characters) or two
/// abbreviations of one word (`n.`, `num.`).
///
/// Every way but the first needs one stem to start the other, which two non-empty
/// stems whose first bytes differ cannot: that is tested first, and an abbreviation's
/// length (a count of characters) last, after the prefix (most pairs compared differ
/// at once: issue 22, round 16).
pub fn exactly(a: &Word, b: &Word, min_abbrev: usize) -> bool {
    if a.stem == b.stem {
        return true;
    }
    if let (Some(x), Some(y)) = (a.stem.as_bytes().first(), b.stem.as_bytes().first())
        && x != y
    {
        return false;
    }
    let abbr = |x: &Word, y: &Word| {
        x.abbrev && y.stem.starts_with(x.stem.as_ref()) && x.stem.chars().count() >= min_abbrev
    };
    // two abbreviations of one word (`N.` and `Num.` of `numero`)
    let both = a.abbrev
        && b.abbrev
        && (a.stem.starts_with(b.stem.as_ref()) || b.stem.starts_with(a.stem.as_ref()));
    abbr(a, b) || abbr(b, a) || both
}

/// How alike two words are: 1 when they are [`exactly`] the same word, else the
/// normalised edit similarity of the stems.
pub fn word_similarity(a: &Word, b: &Word, min_abbrev: usize) -> f64 {
    if exactly(a, b, min_abbrev) {
        1.0
    } else {
        strsim::normalized_levenshtein(&a.stem, &b.stem)
    }
}

/// How nearly two words must agree to be the same word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fuzz {
    /// Least [`word_similarity`] of two different stems.
    pub min_similarity: f64,
    /// Both stems at least this long (characters) for a slip to be forgiven.
    pub min_chars: usize,
    /// Shortest abbreviation (characters before its dot) that stands for the words it
    /// starts.
    pub min_abbrev: usize,
}

/// Whether a header word stands for a phrase word: [`word_similarity`] of 1, or a
/// slip in two long words (`indicatre`) within `fuzz`. An infinitive and a participle
/// of one verb are never the same word: in a header they mean the opposite (`Valore
/// da conseguire` is a target, `Valore conseguito` an actual value).
pub fn same_word(a: &Word, b: &Word, fuzz: Fuzz) -> bool {
    if a.stem == b.stem {
        return true;
    }
    if is_infinitive(&a.stem) != is_infinitive(&b.stem) && !a.abbrev && !b.abbrev {
        return false;
    }
    if exactly(a, b, fuzz.min_abbrev) {
        return true;
    }
    // a slip is forgiven only in two long words whose lengths allow the similarity
    // (checked before the edit distance: most pairs of words differ in length)
    let (la, lb) = (a.stem.chars().count(), b.stem.chars().count());
    if la < fuzz.min_chars || lb < fuzz.min_chars {
        return false;
    }
    let bound = 1.0 - la.abs_diff(lb) as f64 / la.max(lb) as f64;
    bound >= fuzz.min_similarity
        && similar_at_least(&a.stem, &b.stem, fuzz.min_similarity).is_some()
}

/// A phrase of the vocabulary found in a header.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    /// What the phrase stands for.
    pub value: T,
    /// The phrase as written in the vocabulary.
    pub phrase: String,
    /// Its number of words.
    pub len: usize,
    /// Where it starts among the header's words (0: the head word).
    pub at: usize,
    /// The header's number of words.
    pub of: usize,
}

impl<T> Found<T> {
    /// The phrase is the whole header.
    pub fn whole(&self) -> bool {
        self.len == self.of
    }
}

/// Phrases of the vocabulary, read once.
#[derive(Debug, Clone)]
pub struct Phrases<T> {
    items: Vec<(T, String, Vec<Word>)>,
    /// Each phrase's words as ids in `nearby`, in the order of `items`.
    ids: Vec<Vec<usize>>,
    /// The phrases (places in `items`, in order) by the id of their first word.
    starting: Vec<Vec<usize>>,
    /// The phrases' distinct words.
    nearby: Nearby,
    /// Where [`Phrases::exact_whole`] may find a reading's phrase ([`WholeIndex`]).
    whole: WholeIndex,
    fuzz: Fuzz,
}

/// The phrases (places in `items`, in order) by their number of words and the first
/// character of their first word's stem, so that [`Phrases::exact_whole`] compares a
/// reading only with the phrases that can be all of it: a whole phrase has the
/// reading's length, and [`exactly`] holds only between stems one of which starts the
/// other, so two non-empty stems whose first characters differ never match (an empty
/// stem may match any, and is kept a candidate everywhere). Scanning every phrase
/// for every reading a cell's synonyms make was ~4% of the stages after the PDF
/// layer over the mix sample (issue 22, round 16).
#[derive(Debug, Clone, Default)]
struct WholeIndex {
    /// By (words, first character of the first stem), each list in `items` order,
    /// the phrases of that length whose first stem is empty included.
    by_first: HashMap<(usize, char), Vec<usize>>,
    /// By number of words, every phrase: for a reading whose first stem is empty.
    by_len: HashMap<usize, Vec<usize>>,
    /// By number of words, the phrases whose first stem is empty (the candidates of a
    /// first character no phrase of that length starts with).
    empty: HashMap<usize, Vec<usize>>,
}

impl WholeIndex {
    fn new<'a>(phrases: impl Iterator<Item = &'a [Word]> + Clone) -> WholeIndex {
        let first = |ws: &[Word]| ws.first().and_then(|w| w.stem.chars().next());
        let mut index = WholeIndex::default();
        // every key first, so that a phrase with an empty first stem, met in order,
        // goes into every list of its length
        for ws in phrases.clone() {
            if let Some(c) = first(ws) {
                index.by_first.entry((ws.len(), c)).or_default();
            }
        }
        for (p, ws) in phrases.enumerate() {
            index.by_len.entry(ws.len()).or_default().push(p);
            match first(ws) {
                Some(c) => index.by_first.entry((ws.len(), c)).or_default().push(p),
                None => {
                    index.empty.entry(ws.len()).or_default().push(p);
                    for ((n, _), list) in index.by_first.iter_mut() {
                        if *n == ws.len() {
                            list.push(p);
                        }
                    }
                }
            }
        }
        index
    }

    /// The phrases, in order, that may be all of `words`.
    fn candidates(&self, words: &[Word]) -> &[usize] {
        let n = words.len();
        let list = match words.first().and_then(|w| w.stem.chars().next()) {
            Some(c) => self.by_first.get(&(n, c)).or_else(|| self.empty.get(&n)),
            None => self.by_len.get(&n),
        };
        list.map_or(&[], Vec::as_slice)
    }
}

impl<T: Copy> Phrases<T> {
    /// Read each phrase with `lexis`.
    pub fn new<'a>(
        lexis: &Lexis,
        phrases: impl IntoIterator<Item = (T, &'a str)>,
        fuzz: Fuzz,
    ) -> Phrases<T> {
        let items: Vec<(T, String, Vec<Word>)> = phrases
            .into_iter()
            .map(|(v, p)| (v, p.to_string(), lexis.read(p).words))
            .filter(|(_, _, w)| !w.is_empty())
            .collect();
        let mut nearby = Nearby::new(fuzz);
        let ids: Vec<Vec<usize>> = items
            .iter()
            .map(|(_, _, ws)| ws.iter().map(|w| nearby.id(w)).collect())
            .collect();
        let mut starting: Vec<Vec<usize>> = Vec::new();
        for (p, first) in ids.iter().filter_map(|w| w.first()).enumerate() {
            if starting.len() <= *first {
                starting.resize(first + 1, Vec::new());
            }
            starting[*first].push(p);
        }
        let whole = WholeIndex::new(items.iter().map(|(_, _, ws)| ws.as_slice()));
        Phrases {
            items,
            ids,
            starting,
            nearby,
            whole,
            fuzz,
        }
    }

    /// The best phrase found in `words`: the longest, then the one nearest the head
    /// word, then the first in vocabulary order.
    ///
    /// Each header word is compared once with the phrases' distinct words
    /// (`tables::nearby`), and only phrases whose first word it stands for are
    /// tried where it stands: the phrases found, and where, are those of trying every
    /// phrase at every place (a test compares the two on every fixture's words).
    pub fn best(&self, words: &[Word]) -> Option<Found<T>> {
        let rows: Vec<Bits> = words.iter().map(|w| self.nearby.matches(w)).collect();
        // (phrase length, place, phrase) of the best so far
        let mut best: Option<(usize, usize, usize)> = None;
        let mut found = vec![false; self.items.len()];
        for at in 0..rows.len() {
            let room = rows.len() - at;
            for first in rows[at].ones() {
                for &p in self.starting.get(first).into_iter().flatten() {
                    let Some(ids) = self.ids.get(p) else { continue };
                    // a phrase is where it first occurs
                    if found[p] || ids.len() > room {
                        continue;
                    }
                    if !ids.iter().zip(&rows[at..]).all(|(id, row)| row.has(*id)) {
                        continue;
                    }
                    found[p] = true;
                    let better = best.is_none_or(|(len, b_at, b)| {
                        ids.len() > len
                            || (ids.len() == len && (at < b_at || (at == b_at && p < b)))
                    });
                    if better {
                        best = Some((ids.len(), at, p));
                    }
                }
            }
        }
        let (len, at, p) = best?;
        let (v, phrase, _) = self.items.get(p)?;
        Some(Found {
            value: *v,
            phrase: phrase.clone(),
            len,
            at,
            of: words.len(),
        })
    }

    /// Whether some phrase may start with `w`: `w` stands for the first word of one.
    /// [`Phrases::best`] finds a phrase at a header's head only then, so a caller
    /// that wants a phrase there (a plan title) need not read the rest of a line
    /// whose first word starts none.
    pub fn may_start(&self, w: &Word) -> bool {
        self.nearby
            .matches(w)
            .ones()
            .any(|id| self.starting.get(id).is_some_and(|p| !p.is_empty()))
    }

    /// [`Phrases::best`] as it was before [`Nearby`]: every phrase tried at every
    /// place with [`same_word`], the reference the indexed scan is checked against.
    #[cfg(test)]
    pub(crate) fn best_unpruned(&self, words: &[Word]) -> Option<Found<T>> {
        let mut best: Option<Found<T>> = None;
        for (v, phrase, pw) in &self.items {
            let Some(at) = self.position(words, pw) else {
                continue;
            };
            let better = best
                .as_ref()
                .is_none_or(|b| pw.len() > b.len || (pw.len() == b.len && at < b.at));
            if better {
                best = Some(Found {
                    value: *v,
                    phrase: phrase.clone(),
                    len: pw.len(),
                    at,
                    of: words.len(),
                });
            }
        }
        best
    }

    /// Whether some phrase is all of `words` (as [`Phrases::best`] would find it
    /// [`Found::whole`]): only phrases of as many words are tried, at the start.
    pub fn has_whole(&self, words: &[Word]) -> bool {
        self.items.iter().any(|(_, _, pw)| {
            pw.len() == words.len()
                && pw
                    .iter()
                    .zip(words)
                    .all(|(p, w)| same_word(w, p, self.fuzz))
        })
    }

    /// The phrase that is all of `words`, each word the same or an abbreviation of
    /// it (no slip forgiven): for readings made by replacing words, where a slip on
    /// top of a replacement would be a guess on a guess.
    ///
    /// Only the phrases its index of wordings (`WholeIndex`) gives are compared: the
    /// first of them that is all of `words` is the first of all phrases.
    pub fn exact_whole(&self, words: &[Word]) -> Option<(T, &str)> {
        self.whole
            .candidates(words)
            .iter()
            .filter_map(|&i| self.items.get(i))
            .find(|(_, _, pw)| self.is_exact_whole(pw, words))
            .map(|(v, p, _)| (*v, p.as_str()))
    }

    /// Whether phrase `pw` is all of `words` as [`Phrases::exact_whole`] reads them.
    fn is_exact_whole(&self, pw: &[Word], words: &[Word]) -> bool {
        pw.len() == words.len()
            && pw.iter().zip(words).all(|(p, w)| {
                exactly(w, p, self.fuzz.min_abbrev)
                    && is_infinitive(&w.stem) == is_infinitive(&p.stem)
            })
    }

    /// [`Phrases::exact_whole`] by a scan of every phrase (the test's reference).
    #[cfg(test)]
    pub(crate) fn exact_whole_unindexed(&self, words: &[Word]) -> Option<(T, &str)> {
        self.items
            .iter()
            .find(|(_, _, pw)| self.is_exact_whole(pw, words))
            .map(|(v, p, _)| (*v, p.as_str()))
    }

    /// Where `phrase` occurs as a run of words in `words`.
    #[cfg(test)]
    fn position(&self, words: &[Word], phrase: &[Word]) -> Option<usize> {
        if phrase.len() > words.len() {
            return None;
        }
        (0..=words.len() - phrase.len()).find(|&i| {
            phrase
                .iter()
                .zip(&words[i..])
                .all(|(p, w)| same_word(w, p, self.fuzz))
        })
    }

    /// Every phrase with what it stands for.
    pub fn iter(&self) -> impl Iterator<Item = (T, &str)> {
        self.items.iter().map(|(v, p, _)| (*v, p.as_str()))
    }

    /// Every phrase's words (as [`Lexis::read`] gave them: none is empty) with what it
    /// stands for, for a reader built on the same phrases not to read them again.
    pub fn readings(&self) -> impl Iterator<Item = (T, &[Word])> {
        self.items.iter().map(|(v, _, ws)| (*v, ws.as_slice()))
    }
}

/// Test support: [`Phrases::best`] against [`Phrases::best_unpruned`] on each of
/// `texts` read with `lexis`, and on every run of its words that starts or ends it
/// (the readings look for a wording in what is left of a header, plan titles in the
/// words before one found); panics on the first difference. Returns (runs tried,
/// runs where a phrase was found).
#[cfg(test)]
pub(crate) fn check_phrase_scan<T: Copy + PartialEq + std::fmt::Debug>(
    lexis: &Lexis,
    phrases: &Phrases<T>,
    texts: &std::collections::BTreeSet<String>,
) -> (usize, usize) {
    let (mut tried, mut found) = (0, 0);
    // the texts the scan reads are short (header cells, card labels, headings and
    // titles, which are capped in length); long cells would only make the
    // reference's every-phrase-at-every-place scan slow in a debug build
    const MOST_WORDS: usize = 12;
    for t in texts {
        let words = lexis.read(t).words;
        let n = words.len();
        if n > MOST_WORDS {
            continue;
        }
        let runs = (0..n).map(|a| a..n).chain((1..n).map(|b| 0..b));
        for r in runs {
            let run = &words[r.clone()];
            let best = phrases.best(run);
            assert_eq!(best, phrases.best_unpruned(run), "{t:?}, words {r:?}");
            tried += 1;
            found += usize::from(best.is_some());
        }
    }
    (tried, found)
}

/// The vocabulary's words and how often each role's wordings use them: a header's
/// words vote for the roles whose wordings share them (`Livello atteso` for target,
/// through `atteso` of `Valore atteso`, `Risultato atteso`, `Target atteso`...).
#[derive(Debug, Clone)]
pub struct WordIndex<T> {
    /// stem → (value, number of its wordings using the stem)
    words: Vec<(Word, Vec<(T, usize)>)>,
    /// Each indexed word's [`Shape`], in the order of `words`.
    shapes: Vec<Shape>,
    /// Stem → its place in `words` (stems are unique there).
    places: HashMap<Cow<'static, str>, usize, StemHasher>,
    fuzz: Fuzz,
    root_chars: usize,
}

/// The hasher of the maps keyed by a word's stem or a cell's text (`WordIndex`,
/// `nearby::Nearby`, `readings::Readings`): foldhash's fixed-seed hasher, as the
/// layout's lexicon and the fonts' code maps use. Every process builds the header
/// matcher, hashing each stem of every wording (~1,000 stems; std's SipHash was ~1.5%
/// of a one-page run's instructions, round 13), and these maps are only queried,
/// never iterated, so their order can reach no output. SipHash resists chosen keys;
/// the keys here are the vocabulary's words and a plan's header cells, whose worst
/// case is a slower run of one file, not a service's.
pub(crate) type StemHasher = foldhash::fast::FixedState;

/// How many bins a [`Shape`]'s letter counts have: a character counts in bin
/// `code % BINS`, so the 26 folded letters `a`–`z` each have a bin of their own.
const BINS: usize = 32;

/// What the scan of [`WordIndex::votes`] needs of a word, worked out once: its
/// length in characters, whether it is an infinitive, and how many of each letter it
/// has. The letter counts bound the edit distance from below (an edit changes one
/// count by one, or two by one each, so two words whose counts differ by `p` letters
/// one way and `n` the other are at least `max(p, n)` edits apart), so most pairs of
/// words are found too far apart for a slip with a few integer operations, before
/// the edit distance runs (the scan was ~20% of a small plan's stages after the PDF
/// layer, issue 22). Characters that share a bin only make the bound weaker, never
/// wrong.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    /// Length in characters.
    pub(crate) chars: usize,
    /// Whether the stem is an infinitive's ([`is_infinitive`]).
    pub(crate) infinitive: bool,
    bag: [u8; BINS],
}

impl Shape {
    /// The shape of a stem.
    pub(crate) fn of(stem: &str) -> Shape {
        let mut bag = [0u8; BINS];
        let mut chars = 0;
        for c in stem.chars() {
            chars += 1;
            let bin = &mut bag[c as usize % BINS];
            *bin = bin.saturating_add(1);
        }
        Shape {
            chars,
            infinitive: is_infinitive(stem),
            bag,
        }
    }

    /// The fewest edits that can turn one word into the other (a lower bound of the
    /// Levenshtein distance; counts capped at 255 only weaken it).
    pub(crate) fn min_edits(&self, other: &Shape) -> usize {
        let (mut more, mut fewer) = (0usize, 0usize);
        for (a, b) in self.bag.iter().zip(&other.bag) {
            more += usize::from(a.saturating_sub(*b));
            fewer += usize::from(b.saturating_sub(*a));
        }
        more.max(fewer)
    }
}

/// What one header word says: the values whose wordings use it, each with how
/// specific the word is to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Vote<T> {
    /// Its place among the header's words (0: the head word).
    pub at: usize,
    /// The vocabulary word it matched (stem).
    pub word: String,
    /// How well it matched (1, a slip's similarity, or the root quality).
    pub quality: f64,
    /// (value, share of the word's uses in the vocabulary that are this value's),
    /// the share smoothed by one unseen use, so a word seen once is not sure.
    pub values: Vec<(T, f64)>,
}

impl<T: Copy> Vote<T> {
    /// The vote of the header word at `at` that matched index word `word` (whose uses
    /// are `counts`) with `quality`: each value's share of the uses, smoothed by one
    /// unseen use.
    fn of(at: usize, word: &Word, counts: &[(T, usize)], quality: f64) -> Vote<T> {
        let uses: usize = counts.iter().map(|(_, n)| n).sum();
        Vote {
            at,
            word: word.stem.to_string(),
            quality,
            values: counts
                .iter()
                .map(|(v, n)| (*v, *n as f64 / (uses + 1) as f64))
                .collect(),
        }
    }

    /// The value the word is most specific to.
    pub fn best(&self) -> Option<(T, f64)> {
        self.values
            .iter()
            .copied()
            .reduce(|a, b| if b.1 > a.1 { b } else { a })
    }
}

impl<T: Copy + PartialEq> WordIndex<T> {
    /// Index the words of `phrases`. Words sharing their first `root_chars` characters
    /// are of one root (`ponderale`, `ponderazione`) and vote with a weaker voice.
    pub fn new(phrases: &Phrases<T>, root_chars: usize) -> WordIndex<T> {
        let mut words: Vec<(Word, Vec<(T, usize)>)> = Vec::new();
        // each stem's place in `words`, kept as the words are added (a linear search
        // of the words seen so far was ~0.5% of a one-page plan's run: round 11)
        let mut places: HashMap<Cow<'static, str>, usize, StemHasher> = HashMap::default();
        for (v, _, ws) in &phrases.items {
            let mut seen: Vec<&str> = Vec::new();
            for w in ws.iter().filter(|w| w.stem != "%") {
                if seen.contains(&w.stem.as_ref()) {
                    continue;
                }
                seen.push(&w.stem);
                match places.get(w.stem.as_ref()) {
                    Some(&i) => {
                        if let Some((_, counts)) = words.get_mut(i) {
                            bump(counts, *v);
                        }
                    }
                    None => {
                        places.insert(w.stem.clone(), words.len());
                        words.push((w.clone(), vec![(*v, 1)]));
                    }
                }
            }
        }
        let shapes = words.iter().map(|(w, _)| Shape::of(&w.stem)).collect();
        WordIndex {
            words,
            shapes,
            places,
            fuzz: phrases.fuzz,
            root_chars,
        }
    }

    /// Whether `w` is one of the indexed words (same stem).
    pub fn knows(&self, w: &Word) -> bool {
        self.places.contains_key(w.stem.as_ref())
    }

    /// How well a header word stands for the indexed word at `i`: 1 for the same word
    /// or an abbreviation, the similarity for a slip, `root` for a word of the same
    /// root. The value of [`same_word`] and [`word_similarity`] (as the unpruned scan
    /// in the tests computes it), with the [`Shape`]s ruling out most slips first.
    fn quality_at(&self, w: &Word, ws: &Shape, i: usize, root: f64) -> f64 {
        let (Some((x, _)), Some(xs)) = (self.words.get(i), self.shapes.get(i)) else {
            return 0.0;
        };
        // an infinitive and a participle of one verb mean the opposite in a header:
        // `da conseguire` is a target, `conseguito` an actual value
        if ws.infinitive != xs.infinitive && !w.abbrev && !x.abbrev {
            return 0.0;
        }
        // the same stem or an abbreviation ([`exactly`]; only an abbreviation can
        // make two different stems the same word)
        if w.stem == x.stem || ((w.abbrev || x.abbrev) && exactly(w, x, self.fuzz.min_abbrev)) {
            return 1.0;
        }
        // a slip in two long words ([`same_word`]): lengths, then letter counts, then
        // the edit distance, each a bound on the similarity the next one computes
        let fuzz = self.fuzz;
        let longer = ws.chars.max(xs.chars);
        let slip = ws.chars >= fuzz.min_chars
            && xs.chars >= fuzz.min_chars
            && 1.0 - ws.chars.abs_diff(xs.chars) as f64 / longer as f64 >= fuzz.min_similarity
            && 1.0 - ws.min_edits(xs) as f64 / longer as f64 >= fuzz.min_similarity;
        if slip && let Some(s) = similar_at_least(&w.stem, &x.stem, fuzz.min_similarity) {
            return s;
        }
        self.by_root(w, x, root)
    }

    /// `root` where `w` and `x` share their first `root_chars` letters (one root, other
    /// endings), else 0: what a pair that is no slip of the other still weighs.
    fn by_root(&self, w: &Word, x: &Word, root: f64) -> f64 {
        let shared = w
            .stem
            .chars()
            .zip(x.stem.chars())
            .take_while(|(a, b)| a == b)
            .count();
        if shared >= self.root_chars { root } else { 0.0 }
    }

    /// [`WordIndex::quality_at`] as it was written before the [`Shape`]s: every
    /// pair through [`same_word`] and [`word_similarity`], the reference the pruned
    /// scan is checked against.
    #[cfg(test)]
    fn quality(&self, w: &Word, x: &Word, root: f64) -> f64 {
        // an infinitive and a participle of one verb mean the opposite in a header:
        // `da conseguire` is a target, `conseguito` an actual value
        if is_infinitive(&w.stem) != is_infinitive(&x.stem) && !w.abbrev && !x.abbrev {
            return 0.0;
        }
        if same_word(w, x, self.fuzz) {
            return word_similarity(w, x, self.fuzz.min_abbrev);
        }
        self.by_root(w, x, root)
    }

    /// [`WordIndex::votes`] as it was before the [`Shape`]s and the stem lookup:
    /// every indexed word compared with every header word it does not find, the
    /// reference for the tests that the pruned scan gives the same votes.
    #[cfg(test)]
    pub(crate) fn votes_unpruned(&self, header: &[Word], root: f64) -> Vec<Vote<T>> {
        let mut out = Vec::new();
        for (at, w) in header.iter().enumerate() {
            let exact = self
                .words
                .iter()
                .find(|(x, _)| x.stem == w.stem)
                .map(|(x, c)| (x, c, 1.0));
            let Some((x, counts, q)) = exact.or_else(|| {
                self.words
                    .iter()
                    .map(|(x, c)| (x, c, self.quality(w, x, root)))
                    .filter(|(_, _, q)| *q > 0.0)
                    .reduce(|a, b| if b.2 > a.2 { b } else { a })
            }) else {
                continue;
            };
            out.push(Vote::of(at, x, counts, q));
        }
        out
    }

    /// What each of a header's words says ([`Vote`]): words the vocabulary does not
    /// know say nothing.
    pub fn votes(&self, header: &[Word], root: f64) -> Vec<Vote<T>> {
        let mut out = Vec::new();
        for (at, w) in header.iter().enumerate() {
            // the same word if the vocabulary has it, else the nearest (the first of
            // equals: an abbreviation must not outrank the word it abbreviates)
            let nearest = match self.places.get(w.stem.as_ref()) {
                Some(&i) => Some((i, 1.0)),
                None => {
                    let ws = Shape::of(&w.stem);
                    (0..self.words.len())
                        .map(|i| (i, self.quality_at(w, &ws, i, root)))
                        .filter(|(_, q)| *q > 0.0)
                        .reduce(|a, b| if b.1 > a.1 { b } else { a })
                }
            };
            let Some(((x, counts), q)) = nearest.and_then(|(i, q)| Some((self.words.get(i)?, q)))
            else {
                continue;
            };
            out.push(Vote::of(at, x, counts, q));
        }
        out
    }
}

/// An Italian infinitive's stem (`raggiunger`, `conseguir`, `realizzar`: the final
/// vowel already cut).
fn is_infinitive(stem: &str) -> bool {
    stem.ends_with("ar") || stem.ends_with("er") || stem.ends_with("ir")
}

fn bump<T: PartialEq>(counts: &mut Vec<(T, usize)>, v: T) {
    match counts.iter_mut().find(|(u, _)| *u == v) {
        Some((_, n)) => *n += 1,
        None => counts.push((v, 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `exactly` as it was before its first-byte test and its tests' new order.
    fn exactly_before(a: &Word, b: &Word, min_abbrev: usize) -> bool {
        if a.stem == b.stem {
            return true;
        }
        let abbr = |x: &Word, y: &Word| {
            x.abbrev && x.stem.chars().count() >= min_abbrev && y.stem.starts_with(x.stem.as_ref())
        };
        let both = a.abbrev
            && b.abbrev
            && (a.stem.starts_with(b.stem.as_ref()) || b.stem.starts_with(a.stem.as_ref()));
        abbr(a, b) || abbr(b, a) || both
    }

    /// `exactly` answers as before on every pair of distinct words of the fixtures'
    /// truth texts (each as read and as an abbreviation), with an empty stem and
    /// accented stems put in, for every least abbreviation length 0 to 4; some pairs
    /// are the same word by an abbreviation.
    #[test]
    fn exactly_with_its_first_byte_test_answers_as_before() {
        let none: Vec<String> = Vec::new();
        let lexis = Lexis::new(&none, &none);
        let mut stems: BTreeSet<String> = BTreeSet::new();
        for t in crate::testing::fixture_table_texts() {
            stems.extend(
                lexis
                    .read(&t)
                    .words
                    .into_iter()
                    .map(|w| w.stem.into_owned()),
            );
        }
        stems.extend(["", "à", "àttiv", "attiv", "é", "e"].map(String::from));
        let words: Vec<Word> = stems
            .iter()
            .take(400)
            .chain(stems.iter().filter(|s| s.len() < 4 || !s.is_ascii()))
            .flat_map(|s| {
                [false, true].map(|abbrev| Word {
                    stem: Cow::Owned(s.clone()),
                    abbrev,
                })
            })
            .collect();
        let mut by_abbrev = 0;
        for min_abbrev in 0..5 {
            for a in &words {
                for b in &words {
                    let now = exactly(a, b, min_abbrev);
                    assert_eq!(
                        now,
                        exactly_before(a, b, min_abbrev),
                        "{a:?} {b:?} {min_abbrev}"
                    );
                    by_abbrev += usize::from(now && a.stem != b.stem);
                }
            }
        }
        assert!(by_abbrev > 0);
    }

    #[test]
    fn bounded_similarity_is_strsims_where_it_counts() {
        // header slips of the seeds and the development set, and words far apart
        let pairs = [
            ("indicatre", "indicator", 0.8),
            ("indicator di risultat", "indicator di risultato", 0.8),
            ("settore di riferiment", "valore di riferiment", 0.8),
            ("responsabil", "responsabilità", 0.75),
            ("", "", 0.8),
            ("a", "", 0.0),
            ("città", "citta", 0.8),
            ("peso", "target", 0.8),
        ];
        for (a, b, min) in pairs {
            let s = strsim::normalized_levenshtein(a, b);
            assert_eq!(
                similar_at_least(a, b, min),
                (s >= min).then_some(s),
                "{a} / {b}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn bounded_similarity_agrees_with_strsim(
            a in "[abcè ]{0,90}",
            b in "[abcè ]{0,90}",
            min in 0.0f64..1.0,
        ) {
            let s = strsim::normalized_levenshtein(&a, &b);
            prop_assert_eq!(similar_at_least(&a, &b, min), (s >= min).then_some(s));
        }

        /// `first_word` is the first word of the whole reading on text made of what
        /// the reading cuts: years, dates, units in brackets, full stops, `%`,
        /// stopwords, accents and apostrophes.
        #[test]
        fn the_first_word_is_the_reading_s_first(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("2025"), Just("2024-2026"), Just("31/12/2026"), Just("1.2"),
                    Just("di"), Just("al"), Just("anno"), Just("%"), Just("(%)"), Just("(n.)"),
                    Just("[€]"), Just("("), Just(")"), Just("."), Just("-"), Just("/"),
                    Just("Cod."), Just("ob."), Just("Attività"), Just("dell'"), Just("target2026"),
                    Just("Piano"), Just("PERFORMANCE"), Just("²"), Just(" "), Just("\t"),
                ],
                0..10,
            ),
            glue in proptest::collection::vec(prop_oneof![Just(""), Just(" ")], 10),
        ) {
            let text: String = parts
                .iter()
                .zip(&glue)
                .flat_map(|(p, g)| [*p, *g])
                .collect();
            let l = lexis();
            prop_assert_eq!(l.first_word(&text), l.read_anew(&text).words.into_iter().next());
        }

        /// ASCII text takes the byte path; past 64 characters the distance spans two
        /// machine words (card titles against summary rows are that long).
        #[test]
        fn bounded_similarity_agrees_with_strsim_on_long_ascii(
            a in "[abc ]{40,140}",
            b in "[abc ]{40,140}",
            min in 0.3f64..1.0,
        ) {
            let s = strsim::normalized_levenshtein(&a, &b);
            prop_assert_eq!(similar_at_least(&a, &b, min), (s >= min).then_some(s));
        }
    }

    /// Wordings whose words are near one another (slips, abbreviations, roots,
    /// infinitives and participles), for the pruned scan of unknown words.
    fn near_index() -> (Lexis, WordIndex<u8>) {
        let (l, p) = near_phrases();
        let index = WordIndex::new(&p, 6);
        (l, index)
    }

    /// The wordings of [`near_index`], as phrases.
    fn near_phrases() -> (Lexis, Phrases<u8>) {
        let l = lexis();
        let p = Phrases::new(
            &l,
            [
                (1, "Indicatore di risultato"),
                (2, "Codice obiettivo"),
                (3, "Obiettivo operativo"),
                (4, "Valore da conseguire"),
                (5, "Valore conseguito"),
                (6, "Peso ponderale"),
                (7, "Responsabile del servizio"),
                (8, "Cod. Ob."),
                (9, "Città"),
                (10, "Ponderazione"),
                (11, "Realizzare"),
                (12, "Risultati attesi"),
            ],
            Fuzz {
                min_similarity: 0.8,
                min_chars: 5,
                min_abbrev: 2,
            },
        );
        (l, p)
    }

    #[test]
    fn letter_counts_bound_the_edit_distance() {
        for (a, b) in [
            ("indicator", "indicatre"),
            ("città", "citta"),
            ("ponderal", "ponderazion"),
            ("", "abc"),
            ("abc", "cab"),
        ] {
            let bound = Shape::of(a).min_edits(&Shape::of(b));
            assert!(bound <= strsim::levenshtein(a, b), "{a} / {b}");
        }
        assert_eq!(Shape::of("abc").min_edits(&Shape::of("abd")), 1);
        assert_eq!(Shape::of("abcd").min_edits(&Shape::of("ab")), 2);
    }

    #[test]
    fn pruned_votes_are_the_full_scans_on_slips_and_roots() {
        let (l, index) = near_index();
        for header in [
            "Indicatre di risultatto",
            "Cod. obiett.",
            "Valore conseguire",
            "Valore da conseguito",
            "Ponderazioni",
            "Citta responsabili",
            "Obbiettivi operatvi",
            "Realizzato realizzar",
            "Risultati attese",
            "Colore",
            "",
        ] {
            let words = l.read(header).words;
            for root in [0.0, 0.7, 0.95, 1.2] {
                assert_eq!(
                    index.votes(&words, root),
                    index.votes_unpruned(&words, root),
                    "{header} {root}"
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any header words, near the index's or not, accented, abbreviated: the
        /// pruned scan gives the votes of the full one.
        #[test]
        fn pruned_votes_are_the_full_scans(
            header in "[a-eiloprstuvzà. ]{0,40}",
            root in 0.0f64..1.0,
        ) {
            let (l, index) = near_index();
            let words = l.read(&header).words;
            prop_assert_eq!(index.votes(&words, root), index.votes_unpruned(&words, root));
        }

        /// Any header, near the wordings or not: the indexed phrase scan finds the
        /// phrase, and where, that trying every phrase at every place finds.
        #[test]
        fn indexed_phrases_are_the_full_scans(header in "[a-eiloprstuvzà. ]{0,60}") {
            let (l, p) = near_phrases();
            let words = l.read(&header).words;
            prop_assert_eq!(p.best(&words), p.best_unpruned(&words));
        }

        /// Headers made of the wordings' words, each maybe slipped or abbreviated,
        /// in any order: phrases found whole, in part, twice, or at several places.
        #[test]
        fn indexed_phrases_are_the_full_scans_near_the_vocabulary(
            picks in proptest::collection::vec((0usize..14, 0usize..16, "[a-eilnoprstuvzà]", 0u8..4, proptest::bool::ANY), 0..7),
        ) {
            let stems = [
                "indicator", "risultat", "codic", "obiettiv", "operativ", "valor",
                "conseguir", "conseguit", "ponderal", "responsabil", "servizi",
                "città", "ponderazion", "realizzar",
            ];
            let words: Vec<Word> = picks
                .into_iter()
                .map(|(base, at, c, op, abbrev)| {
                    let mut w: Vec<char> = stems.get(base).copied().unwrap_or("").chars().collect();
                    let c = c.chars().next().unwrap_or('a');
                    let at = at.min(w.len());
                    match op {
                        0 => w.insert(at, c),
                        1 if at < w.len() => { w.remove(at); }
                        2 if at < w.len() => w[at] = c,
                        _ => {}
                    }
                    Word { stem: w.into_iter().collect(), abbrev }
                })
                .collect();
            let (_, p) = near_phrases();
            prop_assert_eq!(p.best(&words), p.best_unpruned(&words));
        }

        #[test]
        fn pruned_votes_are_the_full_scans_near_the_vocabulary(
            base in 0usize..14,
            edits in proptest::collection::vec((0usize..16, "[a-eilnoprstuvzà]", 0u8..3), 0..4),
            abbrev in proptest::bool::ANY,
        ) {
            let stems = [
                "indicator", "risultat", "codic", "obiettiv", "operativ", "valor",
                "conseguir", "conseguit", "ponderal", "responsabil", "servizi",
                "città", "ponderazion", "realizzar",
            ];
            let mut w: Vec<char> = stems.get(base).copied().unwrap_or("").chars().collect();
            for (at, c, op) in edits {
                let c = c.chars().next().unwrap_or('a');
                let at = at.min(w.len());
                match op {
                    0 => w.insert(at, c),
                    1 if at < w.len() => { w.remove(at); }
                    _ if at < w.len() => w[at] = c,
                    _ => w.push(c),
                }
            }
            let word = Word { stem: w.into_iter().collect(), abbrev };
            let (_, index) = near_index();
            for root in [0.0, 0.7, 1.2] {
                prop_assert_eq!(
                    index.votes(std::slice::from_ref(&word), root),
                    index.votes_unpruned(std::slice::from_ref(&word), root)
                );
            }
        }
    }

    fn lexis() -> Lexis {
        let stop: Vec<String> = ["di", "del", "al", "il", "anno", "entro", "dell"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let units: Vec<String> = ["%", "€", "n."].iter().map(|s| s.to_string()).collect();
        Lexis::new(&stop, &units)
    }

    /// The built-in vocabulary's lexis, as the header matcher and plan titles read with.
    fn builtin_lexis() -> Lexis {
        let v = crate::vocab::Vocabulary::builtin();
        Lexis::new(&v.stopwords.words, &v.units.words)
    }

    /// `first_word` is the first word of the whole reading, on every text of the
    /// fixtures' tables, with the built-in lists and the small test lists.
    #[test]
    fn the_first_word_is_the_reading_s_first_on_every_fixture_text() {
        let texts = crate::testing::fixture_table_texts();
        for l in [builtin_lexis(), lexis()] {
            let mut words = 0;
            for t in &texts {
                let first = l.read_anew(t).words.into_iter().next();
                words += usize::from(first.is_some());
                assert_eq!(l.first_word(t), first, "{t:?}");
            }
            // most texts have a word: the comparison is not one of empty readings
            assert!(words * 2 > texts.len(), "{words} of {}", texts.len());
        }
    }

    #[test]
    fn initials_are_two_to_six_letters_with_full_stops() {
        for yes in ["M.R.", "A. B. C.", "P.O.", "À.B.", "a.b.c.d.e.f."] {
            assert!(is_initials(yes), "{yes}");
        }
        for no in [
            "M.",
            "a.b.c.d.e.f.g.",
            "MR.",
            "M.R",
            "n.",
            "1.2.",
            "Dott. R.",
            "",
        ] {
            assert!(!is_initials(no), "{no}");
        }
    }

    fn stems(w: &Words) -> Vec<&str> {
        w.words.iter().map(|w| w.stem.as_ref()).collect()
    }

    #[test]
    fn years_dates_and_units_are_set_apart() {
        let l = lexis();
        // issue 16: `Target 2025` is a target for 2025; `Peso (%)` a weight in percent.
        let w = l.read("Target 2025");
        assert_eq!((stems(&w), w.years.clone()), (vec!["target"], vec![2025]));
        let w = l.read("Peso (%)");
        assert_eq!((stems(&w), w.unit.clone()), (vec!["pes"], Some("%".into())));
        // glued on two lines (issue 16: `Target` + `2026` read as `Target2026`)
        let w = l.read("Target2026");
        assert_eq!((stems(&w), w.years.clone()), (vec!["target"], vec![2026]));
        let w = l.read("Valore atteso al 31/12/2025");
        assert_eq!(stems(&w), vec!["valor", "attes"]);
        assert_eq!(w.years, vec![2025]);
        let w = l.read("Valori 2019");
        assert_eq!((stems(&w), w.years.clone()), (vec!["valor"], vec![2019]));
        let w = l.read("Obiettivo strategico (DUP)");
        assert_eq!(stems(&w), vec!["obiettiv", "strategic", "dup"]);
    }

    #[test]
    fn phrases_are_found_by_head_word_and_abbreviation() {
        let l = lexis();
        let p = Phrases::new(
            &l,
            [
                (1, "Indicatore"),
                (2, "Codice obiettivo"),
                (3, "Obiettivo"),
                (4, "Target"),
                (5, "Target consuntivo"),
            ],
            Fuzz {
                min_similarity: 0.8,
                min_chars: 5,
                min_abbrev: 2,
            },
        );
        let best = |s: &str| p.best(&l.read(s).words).map(|f| (f.value, f.whole(), f.at));
        assert_eq!(best("Indicatori di efficacia"), Some((1, false, 0)));
        assert_eq!(best("Cod. Ob."), Some((2, true, 0)));
        assert_eq!(best("Obiettivo esecutivo"), Some((3, false, 0)));
        assert_eq!(best("Target consuntivo 2024"), Some((5, true, 0)));
        assert_eq!(best("Valore target"), Some((4, false, 1)));
        assert_eq!(best("Colore"), None);
    }
}

/// The readings `build.rs` wrote (`tables::built`) against this module's own.
#[cfg(test)]
mod built_tests {
    use super::super::built::{entry, entry_sorted, lists, slots_hold_every_reading, texts};
    use super::{Lexis, built_reading as reading};
    use crate::vocab::Vocabulary;

    /// The initials of `text`'s words in table `table`.
    fn initials(table: usize, text: &str) -> Option<Vec<String>> {
        let (.., of, _) = entry(table, text)?;
        Some(of.iter().map(|i| (*i).to_string()).collect())
    }

    /// The lexis of table `t`'s lists, as the crate would build it from them.
    fn lexis_of_table(stop: &[&str], units: &[&str]) -> Lexis {
        let stop: Vec<String> = stop.iter().map(|s| s.to_string()).collect();
        let units: Vec<String> = units.iter().map(|s| s.to_string()).collect();
        Lexis::new(&stop, &units)
    }

    #[test]
    fn every_reading_of_every_table_is_the_reading_made_at_run_time() {
        let mut read = 0;
        for (t, (stop, units)) in lists().enumerate() {
            let lexis = lexis_of_table(stop, units);
            assert_eq!(lexis.built_table(), Some(t), "table {t}'s own lists");
            for text in texts(t) {
                assert_eq!(
                    reading(t, text),
                    Some(lexis.read_anew(text)),
                    "table {t}: {text:?}"
                );
                assert_eq!(
                    lexis.read(text),
                    lexis.read_anew(text),
                    "table {t}: {text:?}"
                );
                assert_eq!(initials(t, text), Some(lexis.initials_anew(text)));
                assert_eq!(lexis.folded(text), crate::normalize::fold(text));
                assert_eq!(lexis.initials_of(text), lexis.initials_anew(text));
                read += 1;
            }
        }
        // the header lists and the table kinds' (with the section words)
        assert_eq!(lists().count(), 2);
        assert!(read > 1000, "{read}");
    }

    /// The hash slots find, for every text of every table and every text of the
    /// fixtures' tables (mostly texts no table has), the very entry the binary
    /// search of the sorted readings finds, or none where it finds none.
    #[test]
    fn the_hash_finds_what_the_binary_search_finds() {
        let fixtures = crate::testing::fixture_table_texts();
        let (mut found, mut missed) = (0, 0);
        for t in 0..lists().count() {
            let all: Vec<String> = texts(t)
                .map(String::from)
                .chain(fixtures.iter().cloned())
                .chain(["", "%", "valore atteso"].map(String::from))
                .collect();
            for text in &all {
                let (by_hash, sorted) = (entry(t, text), entry_sorted(t, text));
                assert!(
                    match (by_hash, sorted) {
                        (Some(a), Some(b)) => std::ptr::eq(a, b),
                        (a, b) => a.is_none() && b.is_none(),
                    },
                    "table {t}: {text:?}"
                );
                if sorted.is_some() {
                    found += 1;
                } else {
                    missed += 1;
                }
            }
        }
        assert!(found > 1000 && missed > 1000, "{found} found, {missed} not");
        assert!(slots_hold_every_reading());
    }

    #[test]
    fn the_tables_have_every_text_of_the_builtin_vocabulary() {
        let v = Vocabulary::builtin();
        let all: Vec<&str> = texts(0).collect();
        let has = |t: &str| all.binary_search(&t).is_ok();
        assert!(all.windows(2).all(|w| w[0] < w[1]), "sorted, each once");
        for (role, w) in v.header_wordings() {
            assert!(has(&w.text), "{role:?} {:?}", w.text);
        }
        for w in v.synonyms.iter().flat_map(|s| &s.words) {
            assert!(has(w), "{w:?}");
        }
        for w in v.heads.iter().chain(&v.modifiers).chain(&v.questions) {
            assert!(has(&w.text), "{:?}", w.text);
        }
        for k in v.table_kinds.values() {
            for w in k.headers.iter().chain(&k.sections) {
                assert!(texts(1).any(|t| t == w.text), "{:?}", w.text);
            }
        }
    }

    #[test]
    fn other_lists_read_every_text_anew() {
        // a user's file that adds a stopword reads the vocabulary with other lists
        let mut v = (*Vocabulary::builtin()).clone();
        v.stopwords.words.push("valore".into());
        let lexis = Lexis::new(&v.stopwords.words, &v.units.words);
        assert_eq!(lexis.built_table(), None);
        let builtin = Lexis::new(
            &Vocabulary::builtin().stopwords.words,
            &Vocabulary::builtin().units.words,
        );
        assert_eq!(builtin.built_table(), Some(0));
        let (mine, theirs) = (lexis.read("Valore atteso"), builtin.read("Valore atteso"));
        assert_eq!(mine, lexis.read_anew("Valore atteso"));
        assert_ne!(mine, theirs);
        // a text the build did not read is read anew with the built-in lists too
        let cell = "Valore atteso al 31/12/2026 (%)";
        assert_eq!(builtin.read(cell), builtin.read_anew(cell));
        assert_eq!(reading(0, cell), None);
        assert_eq!(builtin.initials_of(cell), builtin.initials_anew(cell));
        assert_eq!(initials(0, cell), None);
    }
}
