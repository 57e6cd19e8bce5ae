//! The built-in vocabulary's texts read as words at build time.
//!
//! Every process that reads a table reads every wording, synonym, head noun, kind and
//! plan-title wording of the vocabulary as words (`tables::words::Lexis::read`)
//! to build its header matcher, card-label words, table kinds and plan titles: most of
//! those builds' cost, ~10% of a 3-page plan's CPU as the CLI (docs/speed-rounds.md,
//! round 8). The built-in vocabulary is compiled in, so `build.rs` compiles
//! `words.rs` (this very reading) and `vocab.rs`, reads each text of
//! `data/vocab.json` and `data/lexicon.json` with each word list the crate reads
//! them with, and writes the readings here, sorted by text, in Rust statics. A
//! `Lexis` whose lists are one of these looks a text up
//! before reading it; any other (a `--vocab` file that adds a stopword or a unit)
//! reads every text as before, and a text the build did not see (a header cell, a
//! user's wording) is read as before. A test reads every text of every table again
//! and compares.

/// A text's reading as `build.rs` wrote it: (text, `(stem, abbrev)` of each word,
/// years, unit, initials as printed, the initials of its words (`Lexis::initials_of`)).
pub(super) type Reading = (
    &'static str,
    &'static [(&'static str, bool)],
    &'static [i32],
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
);

/// The word lists of one `Lexis` the crate builds from the
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
pub(super) fn entry(table: usize, text: &str) -> Option<&'static Reading> {
    let (_, _, readings) = TABLES.get(table)?;
    let at = readings.binary_search_by(|r| r.0.cmp(text)).ok()?;
    readings.get(at)
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
