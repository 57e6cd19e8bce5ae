//! The built-in vocabulary's texts read as words at build time.
//!
//! Every process that reads a table reads every wording, synonym, head noun, kind and
//! plan-title wording of the vocabulary as words ([`Lexis::read`](super::words::Lexis::read))
//! to build its header matcher, card-label words, table kinds and plan titles: most of
//! those builds' cost, ~10% of a 3-page plan's CPU as the CLI (docs/speed-rounds.md,
//! round 8). The built-in vocabulary is compiled in, so `build.rs` compiles
//! `words.rs` (this very reading) and `vocab.rs`, reads each text of
//! `data/vocab.json` and `data/lexicon.json` with each word list the crate reads
//! them with, and writes the readings here, sorted by text, in Rust statics. A
//! [`Lexis`](super::words::Lexis) whose lists are one of these looks a text up
//! before reading it; any other (a `--vocab` file that adds a stopword or a unit)
//! reads every text as before, and a text the build did not see (a header cell, a
//! user's wording) is read as before. A test reads every text of every table again
//! and compares.

use super::words::{Word, Words};

/// A text's reading as `build.rs` wrote it: (text, `(stem, abbrev)` of each word,
/// years, unit, initials as printed, the initials of its words
/// ([`Lexis::initials_of`](super::words::Lexis::initials_of))).
type Reading = (
    &'static str,
    &'static [(&'static str, bool)],
    &'static [i32],
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
);

/// The word lists of one [`Lexis`](super::words::Lexis) the crate builds from the
/// built-in vocabulary (stopwords and units, folded, in order) and the readings of
/// the vocabulary's texts with them, sorted by text.
type Table = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [Reading],
);

/// Every table `build.rs` wrote.
static TABLES: &[Table] = include!(concat!(env!("OUT_DIR"), "/vocab_readings.rs"));

/// Which table was read with these lists (folded, in order), if any.
pub(super) fn lexis_of<'a>(
    stop: impl Iterator<Item = &'a str> + Clone,
    units: impl Iterator<Item = &'a str> + Clone,
) -> Option<usize> {
    TABLES.iter().position(|(s, u, _)| {
        stop.clone().eq(s.iter().copied()) && units.clone().eq(u.iter().copied())
    })
}

/// `text`'s entry in table `table`, if the build read it.
fn entry(table: usize, text: &str) -> Option<&'static Reading> {
    let (_, _, readings) = TABLES.get(table)?;
    let at = readings.binary_search_by(|r| r.0.cmp(text)).ok()?;
    readings.get(at)
}

/// The initials of `text`'s words in table `table`, if the build read it.
pub(super) fn initials(table: usize, text: &str) -> Option<Vec<String>> {
    let (.., of) = entry(table, text)?;
    Some(of.iter().map(|i| (*i).to_string()).collect())
}

/// `text`'s reading in table `table`, if the build read it.
pub(super) fn reading(table: usize, text: &str) -> Option<Words> {
    let (_, words, years, unit, initials, _) = entry(table, text)?;
    Some(Words {
        words: words
            .iter()
            .map(|(stem, abbrev)| Word {
                stem: (*stem).to_string(),
                abbrev: *abbrev,
            })
            .collect(),
        years: years.to_vec(),
        unit: unit.map(str::to_string),
        initials: initials.map(str::to_string),
    })
}

/// Every text of table `table`, for the tests that read them all again.
#[cfg(test)]
pub(super) fn texts(table: usize) -> impl Iterator<Item = &'static str> {
    TABLES
        .get(table)
        .into_iter()
        .flat_map(|(_, _, r)| r.iter().map(|r| r.0))
}

/// The word lists of each table, for the tests.
#[cfg(test)]
pub(super) fn lists() -> impl Iterator<Item = (&'static [&'static str], &'static [&'static str])> {
    TABLES.iter().map(|(s, u, _)| (*s, *u))
}

#[cfg(test)]
mod tests {
    use super::super::words::Lexis;
    use super::*;
    use crate::vocab::Vocabulary;

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
                assert_eq!(lexis.initials_of(text), lexis.initials_anew(text));
                read += 1;
            }
        }
        // the header lists and the table kinds' (with the section words)
        assert_eq!(lists().count(), 2);
        assert!(read > 1000, "{read}");
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
