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
//!
//! A text is found by its hash ([`hash`]): each table carries the slots `build.rs`
//! placed its texts in, so a lookup hashes the text once and compares it with the
//! text of one slot or a few. A binary search compared ~10 texts per lookup, and
//! the lookups (every wording, synonym and kind the header matcher, the table kinds
//! and the plan titles read, and every document line read as words) were ~3.6% of
//! a one-page plan's `tables` run (docs/speed-rounds.md, round 11).

// by path from this file's folder, so `build.rs`, which compiles the file as a
// module of its own, finds it too
#[path = "built/hash.rs"]
mod hash;

/// A text's reading as `build.rs` wrote it: (text, `(stem, abbrev)` of each word,
/// years, unit, initials as printed, the initials of its words (`Lexis::initials_of`),
/// the text folded (`Lexis::folded`)).
pub(super) type Reading = (
    &'static str,
    &'static [(&'static str, bool)],
    &'static [i32],
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
    &'static str,
);

/// The word lists of one `Lexis` the crate builds from the
/// built-in vocabulary (stopwords and units, folded, in order), the readings of
/// the vocabulary's texts with them, sorted by text, and the hash slots of the
/// readings (0: empty, else the reading's place plus one; [`hash`]).
type Table = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [Reading],
    &'static [u16],
);

/// Every table `build.rs` wrote.
static TABLES: &[Table] = include!(concat!(env!("OUT_DIR"), "/vocab_readings.rs"));

/// Which table was read with these lists (folded, in order), if any.
pub(super) fn lexis_of<'a>(
    stop: impl Iterator<Item = &'a str> + Clone,
    units: impl Iterator<Item = &'a str> + Clone,
) -> Option<usize> {
    TABLES.iter().position(|(s, u, ..)| {
        stop.clone().eq(s.iter().copied()) && units.clone().eq(u.iter().copied())
    })
}

/// `text`'s entry in table `table`, if the build read it: the slots from the one its
/// hash names, up to the first empty one.
pub(super) fn entry(table: usize, text: &str) -> Option<&'static Reading> {
    let (_, _, readings, slots) = TABLES.get(table)?;
    let h = hash::text_hash(text);
    for probe in 0..slots.len() {
        let at = usize::from(*slots.get(hash::slot(h, probe, slots.len()))?);
        let r = readings.get(at.checked_sub(1)?)?;
        if r.0 == text {
            return Some(r);
        }
    }
    None
}

/// `text`'s entry in table `table` by binary search of the sorted readings: what
/// [`entry`] finds by hash, for the tests.
#[cfg(test)]
pub(super) fn entry_sorted(table: usize, text: &str) -> Option<&'static Reading> {
    let (_, _, readings, _) = TABLES.get(table)?;
    let at = readings.binary_search_by(|r| r.0.cmp(text)).ok()?;
    readings.get(at)
}

/// Every text of table `table`, for the tests that read them all again.
#[cfg(test)]
pub(super) fn texts(table: usize) -> impl Iterator<Item = &'static str> {
    TABLES
        .get(table)
        .into_iter()
        .flat_map(|(_, _, r, _)| r.iter().map(|r| r.0))
}

/// Whether each table has as many slots as `build.rs` is meant to give it, each
/// reading in one, for the tests.
#[cfg(test)]
pub(super) fn slots_hold_every_reading() -> bool {
    TABLES.iter().all(|(_, _, readings, slots)| {
        let mut places: Vec<u16> = slots.iter().copied().filter(|&s| s != 0).collect();
        places.sort_unstable();
        slots.len() == hash::slots_for(readings.len())
            && places.iter().copied().eq((1..).take(readings.len()))
    })
}

/// The word lists of each table, for the tests.
#[cfg(test)]
pub(super) fn lists() -> impl Iterator<Item = (&'static [&'static str], &'static [&'static str])> {
    TABLES.iter().map(|(s, u, ..)| (*s, *u))
}
