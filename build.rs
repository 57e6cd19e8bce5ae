//! Data compiled in as tables at build time, each from its data file (which stays the
//! one place its contents live), with the same code the crate runs on it:
//! - the lower-case words of the comuni's names (`src/normalize/joiners.rs` on
//!   `data/istat/comuni.tsv`);
//! - the ISTAT name index (`src/normalize/istat_index.rs` on `comuni.tsv` and
//!   `name_aliases.tsv`; it folds names with `src/normalize/base.rs`);
//! - the lists of given and family names, folded and sorted
//!   (`src/normalize/name_list.rs` on `data/names/*.tsv`);
//! - the cut forms of the crate's rules: every `Rule::new` literal of `src/` and every
//!   code shape of `data/codes/shapes.tsv`, cut to ASCII and to the common Latin
//!   ranges (`src/text/cut.rs`; the literals found by `src/text/literals.rs`), and
//!   the DFA of each common cut, serialised (`rule_dfas.bin`);
//! - every text of the built-in vocabulary read as header words, with each pair of
//!   word lists the crate reads it with (`src/tables/words.rs` and `src/vocab.rs` on
//!   `data/vocab.json` and `data/lexicon.json`: `tables::built`);
//! - the words card labels are read by, from the same files
//!   (`src/assemble/cards/label_words.rs`: `assemble::cards::built`);
//! - the built-in vocabulary itself (`data/vocab.json` with `data/lexicon.json`
//!   merged in) as Rust statics (`src/vocab/built/write.rs`: `vocab::built`).
//!
//! It also chooses how the CLI binary is linked ([`link_cli`]) and where its hot code
//! goes ([`link_order`]).

use std::io::Write;

/// The crate's own files, compiled here as modules of the same names, so `super::base`
/// in `istat_index.rs` is the same code in both. (The crate's lookups use more of
/// them than the build does: `row_keys`.)
#[allow(dead_code)]
#[path = "src/normalize"]
mod normalize {
    #[path = "base.rs"]
    pub mod base;
    #[path = "istat_index.rs"]
    pub mod istat_index;
    #[path = "joiners.rs"]
    pub mod joiners;
    #[path = "name_list.rs"]
    pub mod name_list;
    #[path = "similar.rs"]
    pub mod similar;
    pub use base::fold;
    pub use similar::similar_at_least;
}

/// The rule-cutting files of `text`, compiled here as in the crate.
#[allow(dead_code)]
#[path = "src/text"]
mod text {
    #[path = "cut.rs"]
    pub mod cut;
    #[path = "literals.rs"]
    pub mod literals;

    /// The crate's `text::Rule` for the files the build compiles: the pattern run by
    /// `regex`, whose answers each of the crate's forms of a rule gives (its tests
    /// compare every form with `regex`), built on first use.
    pub struct Rule {
        pattern: &'static str,
        regex: std::sync::OnceLock<regex::Regex>,
    }

    impl Rule {
        /// A rule of `pattern`, built when first used.
        pub const fn new(pattern: &'static str) -> Rule {
            Rule {
                pattern,
                regex: std::sync::OnceLock::new(),
            }
        }
    }

    impl std::ops::Deref for Rule {
        type Target = regex::Regex;

        /// The crate compiles each of its rules in its tests, so a pattern that does
        /// not parse fails them; here it fails the build.
        #[allow(clippy::expect_used)]
        fn deref(&self) -> &regex::Regex {
            self.regex
                .get_or_init(|| regex::Regex::new(self.pattern).expect("a rule of the crate"))
        }
    }
}

/// The reading of header words (`Lexis::read`), compiled here as in the crate, to
/// read the built-in vocabulary's texts as words (`tables::built`).
#[allow(dead_code)]
#[path = "src/tables"]
mod tables {
    #[path = "words.rs"]
    pub mod words;
    /// The crate's `tables::built` holds what this build writes; while it writes it,
    /// no table exists yet, and every text is read anew.
    pub mod built {
        pub(super) fn lexis_of<'a>(
            _stop: impl Iterator<Item = &'a str> + Clone,
            _units: impl Iterator<Item = &'a str> + Clone,
        ) -> Option<usize> {
            None
        }
        /// An entry of the crate's table: (text, `(stem, abbrev)` of each word,
        /// years, unit, initials, the initials of its words, the text folded).
        pub(super) type Reading = (
            &'static str,
            &'static [(&'static str, bool)],
            &'static [i32],
            Option<&'static str>,
            Option<&'static str>,
            &'static [&'static str],
            &'static str,
        );
        pub(super) fn entry(_table: usize, _text: &str) -> Option<&'static Reading> {
            None
        }
    }
}

/// The hash by which `tables::built` finds a text, compiled here as in the crate.
#[allow(dead_code)]
#[path = "src/tables/built/hash.rs"]
mod built_hash;

/// The vocabulary's types, compiled here as in the crate, to read its built-in
/// files as the crate does.
#[allow(dead_code)]
#[path = "src/vocab.rs"]
mod vocab;

/// The built-in vocabulary written as statics (`vocab::built`).
#[path = "src/vocab/built/write.rs"]
mod vocab_lit;

/// The card labels' words, read from a vocabulary as the crate reads them
/// (`assemble::cards::built`).
#[allow(dead_code)]
#[path = "src/assemble/cards/label_words.rs"]
mod label_words;

/// Numbers written on one line of a generated table.
const PER_LINE: usize = 12;

/// Set to `1` to link the CLI as a position-independent executable anyway.
const PIE_ENV: &str = "PIAO_EXTRACT_PIE";

/// On Linux the `piao-extract` binary (`-bins`: not the library, the tests, or the
/// Python extension, a shared object that must stay position-independent) is linked
/// as a fixed-address executable (`-no-pie`). A position-independent one is placed
/// at a random address, so before `main` the dynamic loader writes ~48,000 pointers
/// into 850 KB of `.data.rel.ro` (95% of them dependencies' tables: regex-syntax's
/// Unicode classes, arrow's vtables, pdf-extract's glyph lists), and each page it
/// writes is a private copy: ~200 page faults and ~0.6 ms of CPU on every process
/// start, a third of a bare `piao-extract --version` and ~4% of a 3-page plan's run
/// (docs/speed-rounds.md, round 6). The price is address-space randomisation of the
/// binary's own code and data (the stack, heap, mmap and shared libraries keep
/// theirs); `PIAO_EXTRACT_PIE=1` at build time keeps the PIE link for builds that
/// want it.
fn link_cli() {
    println!("cargo:rerun-if-env-changed={PIE_ENV}");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let pie = std::env::var(PIE_ENV).is_ok_and(|v| v == "1");
    if linux && !pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// The functions a run of the CLI executes (`benches/hot_text.py`), in the order the
/// linker is to place them at the start of `.text` ([`link_order`]).
const HOT_FUNCTIONS: &str = "link/hot-functions.txt";

/// Set to `0` to link the CLI's code in the linker's own order.
const ORDER_ENV: &str = "PIAO_EXTRACT_LINK_ORDER";

/// First Rust release whose `x86_64-unknown-linux-gnu` links with its own `rust-lld`
/// by default (1.90).
const RUST_LLD_DEFAULT_SINCE: u32 = 90;

/// The CLI's hot code placed together ([`HOT_FUNCTIONS`], lld's
/// `--symbol-ordering-file`). A worker forked per run faults in again every page of
/// code it runs (Linux copies no page table of a file mapping at `fork`), 64 KiB
/// around each fault; in the linker's default order the code a one-page plan runs is
/// spread over 12 MB: 69 faults of code in the worker and 46 in the batch process,
/// 47–49 and 25–33 with it placed first (docs/speed-rounds.md, round 16). Only where the
/// toolchain's lld links ([`rust_lld_links`]): GNU ld has no such option and would
/// stop the link. A name the build no longer has (a symbol's hash moves with the
/// compiler and the dependencies) is skipped without a warning: a stale list orders
/// less, it never fails the link.
fn link_order() {
    println!("cargo:rerun-if-env-changed={ORDER_ENV}");
    println!("cargo:rerun-if-changed={HOT_FUNCTIONS}");
    let off = std::env::var(ORDER_ENV).is_ok_and(|v| v == "0");
    let Ok(dir) = std::env::var("CARGO_MANIFEST_DIR") else {
        return;
    };
    let list = std::path::Path::new(&dir).join(HOT_FUNCTIONS);
    if off || !list.is_file() || !rust_lld_links() {
        return;
    }
    println!(
        "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
        list.display()
    );
    println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
}

/// Whether the binary is linked by the toolchain's `rust-lld`: the target is
/// `x86_64-unknown-linux-gnu`, the compiler is 1.90 or newer
/// ([`RUST_LLD_DEFAULT_SINCE`]) and ships its own lld (rustup's toolchains do; a
/// distribution's compiler may link with the system's `ld`), and neither the flags
/// (`-C linker=…`, `-C linker-features=…`, `-C link-self-contained=…`) nor Cargo's
/// configuration (`RUSTC_LINKER`) chose another linker.
fn rust_lld_links() -> bool {
    let target = std::env::var("TARGET").is_ok_and(|t| t == "x86_64-unknown-linux-gnu");
    let flags = std::env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let own_linker = flags.contains("linker") || flags.contains("link-self-contained");
    let configured = std::env::var_os("RUSTC_LINKER").is_some();
    target
        && !own_linker
        && !configured
        && rustc_says(&["--version"]).and_then(|v| minor_of(&v)) >= Some(RUST_LLD_DEFAULT_SINCE)
        && rustc_says(&["--print", "sysroot"]).is_some_and(|root| {
            std::path::Path::new(root.trim())
                .join("lib/rustlib/x86_64-unknown-linux-gnu/bin/gcc-ld/ld.lld")
                .is_file()
        })
}

/// What the compiler building the crate (`$RUSTC`) prints with `args`.
fn rustc_says(args: &[&str]) -> Option<String> {
    let rustc = std::env::var_os("RUSTC")?;
    let out = std::process::Command::new(rustc).args(args).output().ok()?;
    String::from_utf8(out.stdout).ok()
}

/// The minor version in `rustc --version`'s answer (`rustc 1.95.0 (59807616e 2026-04-14)`).
fn minor_of(version: &str) -> Option<u32> {
    let number = version.split_whitespace().nth(1)?;
    let mut parts = number.split('.');
    match (parts.next(), parts.next()) {
        (Some("1"), Some(minor)) => minor.parse().ok(),
        _ => None,
    }
}

fn main() -> std::io::Result<()> {
    link_cli();
    link_order();
    for f in [
        "data/istat/comuni.tsv",
        "data/istat/name_aliases.tsv",
        "src/normalize/joiners.rs",
        "src/normalize/base.rs",
        "src/normalize/istat_index.rs",
        "data/names/given_names.tsv",
        "data/names/family_names.tsv",
        "src/normalize/name_list.rs",
        "data/vocab.json",
        "data/lexicon.json",
        // every rule literal of the crate, wherever it is written
        "src",
        "data/codes/shapes.tsv",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let comuni = std::fs::read_to_string("data/istat/comuni.tsv")?;
    let name_aliases = std::fs::read_to_string("data/istat/name_aliases.tsv")?;
    let out = std::env::var("OUT_DIR").map_err(std::io::Error::other)?;
    let out = std::path::Path::new(&out);

    let mut f = std::io::BufWriter::new(std::fs::File::create(out.join("istat_joiners.rs"))?);
    writeln!(f, "&[")?;
    for j in normalize::joiners::joiners(&comuni) {
        writeln!(f, "    {j:?},")?;
    }
    writeln!(f, "]")?;
    f.flush()?;

    let index = normalize::istat_index::index(&comuni, &name_aliases)
        .map_err(|e| std::io::Error::other(format!("data/istat: {e}")))?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(out.join("istat_index.rs"))?);
    writeln!(f, "/// Where each comune's line starts in `COMUNI`.")?;
    writeln!(f, "static ROWS: [u32; {}] = [", index.rows.len())?;
    for line in index.rows.chunks(PER_LINE) {
        let cells: Vec<String> = line.iter().map(u32::to_string).collect();
        writeln!(f, "    {},", cells.join(", "))?;
    }
    writeln!(f, "];")?;
    writeln!(
        f,
        "/// `(hash of a name key, row)`, sorted: the name index, aliases included."
    )?;
    writeln!(
        f,
        "static BY_NAME: [(u32, u32); {}] = [",
        index.by_name.len()
    )?;
    for line in index.by_name.chunks(PER_LINE / 2) {
        let cells: Vec<String> = line.iter().map(|(h, r)| format!("({h}, {r})")).collect();
        writeln!(f, "    {},", cells.join(", "))?;
    }
    writeln!(f, "];")?;
    writeln!(f, "/// `(name key, row)` of each name alias.")?;
    writeln!(
        f,
        "static ALIASES: [(&str, u32); {}] = [",
        index.aliases.len()
    )?;
    for (k, r) in &index.aliases {
        writeln!(f, "    ({k:?}, {r}),")?;
    }
    writeln!(f, "];")?;
    writeln!(
        f,
        "/// `(sigla, province)` of each run of rows, in the list's order."
    )?;
    writeln!(
        f,
        "static PROVINCES: [(&str, &str); {}] = [",
        index.provinces.len()
    )?;
    for (s, p) in &index.provinces {
        writeln!(f, "    ({s:?}, {p:?}),")?;
    }
    writeln!(f, "];")?;
    f.flush()?;
    write_name_lists(out)?;
    write_vocab_readings(out)?;
    write_label_words(out)?;
    vocab_lit::write(out, &builtin_vocab()?)?;
    // the crate reads its vocabulary from what `vocab_lit` wrote (`vocab::built`); this
    // script, which compiles `vocab.rs` too, has no such file and parses it
    println!("cargo:rustc-cfg=vocab_built");
    write_rule_cuts(out)
}

/// `vocab_readings.rs` (`tables::built`): for each word-list pair the crate reads the
/// built-in vocabulary with (a `Lexis`: the header matcher's, card labels' and plan
/// titles' stopwords and units; the table kinds' stopwords and section words, and
/// units), the folded lists and the reading of every text of the vocabulary with
/// them, sorted by text, and each text folded (`normalize::fold`: the header matcher
/// compares whole cells with every wording folded).
fn write_vocab_readings(out: &std::path::Path) -> std::io::Result<()> {
    use std::collections::BTreeSet;
    let v = builtin_vocab()?;
    let texts = vocab_texts(&v);
    let header: Vec<&String> = v.stopwords.words.iter().collect();
    let sections: Vec<&String> = header
        .iter()
        .copied()
        .chain(&v.section_words.words)
        .collect();
    let mut f = std::io::BufWriter::new(std::fs::File::create(out.join("vocab_readings.rs"))?);
    writeln!(f, "&[")?;
    for stop in [header, sections] {
        let lexis = tables::words::Lexis::new(stop.iter().copied(), &v.units.words);
        let folded = |ws: &[&String]| -> Vec<String> {
            let set: BTreeSet<String> = ws.iter().map(|w| normalize::fold(w)).collect();
            set.into_iter().collect()
        };
        let units: Vec<&String> = v.units.words.iter().collect();
        writeln!(f, "(&{:?}, &{:?}, &[", folded(&stop), folded(&units))?;
        for t in &texts {
            let w = lexis.read_anew(t);
            let words: Vec<(&str, bool)> = w
                .words
                .iter()
                .map(|w| (w.stem.as_ref(), w.abbrev))
                .collect();
            writeln!(
                f,
                "    ({t:?}, &{words:?}, &{:?}, {:?}, {:?}, &{:?}, {:?}),",
                w.years,
                w.unit,
                w.initials,
                lexis.initials_anew(t),
                normalize::fold(t)
            )?;
        }
        writeln!(f, "], &{:?}),", hash_slots(&texts)?)?;
    }
    writeln!(f, "]")?;
    f.flush()
}

/// The hash slots of `texts` (in their order) as `tables::built` finds them: each
/// text's place plus one in the first free slot from the one its hash names (linear
/// probing; 0 is an empty slot).
fn hash_slots(texts: &std::collections::BTreeSet<&str>) -> std::io::Result<Vec<u16>> {
    use built_hash::{slot, slots_for, text_hash};
    let mut slots = vec![0u16; slots_for(texts.len())];
    for (i, t) in texts.iter().enumerate() {
        let place = u16::try_from(i + 1)
            .map_err(|_| std::io::Error::other("more vocabulary texts than u16 slots hold"))?;
        let h = text_hash(t);
        let free = (0..slots.len())
            .map(|probe| slot(h, probe, slots.len()))
            .find(|&s| slots[s] == 0)
            .ok_or_else(|| std::io::Error::other("no free hash slot"))?;
        slots[free] = place;
    }
    Ok(slots)
}

/// The built-in vocabulary as the crate reads it (`Vocabulary::builtin`): the header
/// file, then the lexicon merged in.
fn builtin_vocab() -> std::io::Result<vocab::Vocabulary> {
    let builtin = |text, origin| {
        vocab::Vocabulary::parse(text, origin).map_err(|e| std::io::Error::other(e.to_string()))
    };
    let mut v = builtin(include_str!("data/vocab.json"), "data/vocab.json")?;
    v.merge(builtin(
        include_str!("data/lexicon.json"),
        "data/lexicon.json",
    )?);
    Ok(v)
}

/// `label_words.rs` (`assemble::cards::built`): the built-in vocabulary's card-label
/// words (`LabelWords::read`, with the words read as the header matcher's `Lexis`
/// reads them: the vocabulary's stopwords and units), each set as a slice in the
/// set's order.
fn write_label_words(out: &std::path::Path) -> std::io::Result<()> {
    let v = builtin_vocab()?;
    let lexis = tables::words::Lexis::new(&v.stopwords.words, &v.units.words);
    let w = label_words::LabelWords::read(&v, |t| {
        lexis
            .read_anew(t)
            .words
            .into_iter()
            .map(|w| w.stem.into_owned())
            .collect()
    });
    let pairs = |set: &std::collections::BTreeSet<(vocab::Role, String)>| -> String {
        let cells: Vec<String> = set
            .iter()
            .map(|(r, s)| format!("(crate::vocab::Role::{r:?}, {s:?})"))
            .collect();
        format!("&[{}]", cells.join(", "))
    };
    let mut f = std::io::BufWriter::new(std::fs::File::create(out.join("label_words.rs"))?);
    writeln!(f, "Built {{")?;
    writeln!(f, "    heads: {},", pairs(&w.heads))?;
    writeln!(f, "    synonym_heads: {},", pairs(&w.synonym_heads))?;
    let words: Vec<&String> = w.words.iter().collect();
    writeln!(f, "    words: &{words:?},")?;
    let words: Vec<&String> = w.synonym_words.iter().collect();
    writeln!(f, "    synonym_words: &{words:?},")?;
    writeln!(f, "    sets: &[")?;
    for set in &w.sets {
        writeln!(f, "        &{set:?},")?;
    }
    writeln!(f, "    ],")?;
    writeln!(f, "}}")?;
    f.flush()
}

/// Every text of the vocabulary that the crate may read as words, sorted: wordings
/// of every section, lexicon words and phrases, synonyms, list words.
fn vocab_texts(v: &vocab::Vocabulary) -> std::collections::BTreeSet<&str> {
    let wordings = v
        .headers
        .values()
        .flatten()
        .chain(
            v.table_kinds
                .values()
                .flat_map(|k| k.headers.iter().chain(&k.sections)),
        )
        .chain(v.plan_kinds.values().flatten())
        .map(|w| w.text.as_str());
    let lexicon = v
        .heads
        .iter()
        .chain(&v.modifiers)
        .chain(&v.questions)
        .map(|w| w.text.as_str());
    let lists = [&v.stopwords, &v.units, &v.person_titles, &v.section_words]
        .into_iter()
        .flat_map(|l| &l.words)
        .chain(v.synonyms.iter().flat_map(|s| &s.words))
        .chain(v.explanations.iter().flat_map(|e| &e.heads))
        .map(String::as_str);
    let prefixes = v.heading_prefixes.iter().map(|p| p.text.as_str());
    wordings
        .chain(lexicon)
        .chain(lists)
        .chain(prefixes)
        .collect()
}

/// `rule_cuts.rs`: `(pattern, (ASCII cut, word boundary), (common cut, word
/// boundary), (offset, length) of its DFA in rule_dfas.bin, [`match_starts`] where it
/// has none)` of every rule of the crate, sorted by pattern (`text::CUTS`; length 0:
/// no DFA). A pattern that does not parse is left out (the crate's tests fail on it).
fn write_rule_cuts(out: &std::path::Path) -> std::io::Result<()> {
    use text::cut::{ASCII, COMMON, cut_to};
    let mut patterns: Vec<String> = text::literals::crate_rules(std::path::Path::new("src"))?
        .into_iter()
        .filter_map(|(_, p)| p)
        .collect();
    let shapes = std::fs::read_to_string("data/codes/shapes.tsv")?;
    let rows = normalize::base::tsv_rows(&shapes, &["shape", "kind", "pattern", "seen"])
        .map_err(|e| std::io::Error::other(format!("data/codes/shapes.tsv: {e}")))?;
    // as `normalize::code` makes a shape's rule (a test checks the table has them all)
    patterns.extend(
        rows.iter()
            .filter_map(|r| r.get(2))
            .map(|p| format!("^(?:{p})$")),
    );
    patterns.sort();
    patterns.dedup();
    let mut f = std::io::BufWriter::new(std::fs::File::create(out.join("rule_cuts.rs"))?);
    let mut dfas = Vec::new();
    writeln!(f, "[")?;
    for p in &patterns {
        if let (Some((a, a_wb)), Some((c, c_wb))) = (cut_to(p, ASCII), cut_to(p, COMMON)) {
            let dfa = rule_dfa(&c);
            // a rule without a DFA keeps what every match of it starts with
            let starts = if dfa.is_none() {
                match_starts(&c)
            } else {
                Vec::new()
            };
            let (at, len) = match dfa {
                Some(bytes) => {
                    // each DFA starts on an 8-byte boundary of the file, which the
                    // crate includes 8-aligned (`DFA::from_bytes` wants `u32`s aligned)
                    dfas.resize(dfas.len().next_multiple_of(8), 0);
                    let at = dfas.len();
                    dfas.extend_from_slice(&bytes);
                    (at, bytes.len())
                }
                None => (0, 0),
            };
            writeln!(
                f,
                "    ({p:?}, ({a:?}, {a_wb}), ({c:?}, {c_wb}), ({at}, {len}), &{starts:?}),"
            )?;
        }
    }
    writeln!(f, "]")?;
    f.flush()?;
    std::fs::write(out.join("rule_dfas.bin"), dfas)
}

/// The texts one of which every match of `cut` starts with (`regex-syntax`'s prefix
/// literals), for a rule without a DFA: a line with none of them cannot match, and
/// its engines need not run (`["“«]…`: a line with no quote). Empty when a match may
/// start with anything, or when the literals are not whole characters.
fn match_starts(cut: &str) -> Vec<String> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let Ok(hir) = regex_syntax::parse(cut) else {
        return Vec::new();
    };
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let (Some(lits), Some(1..)) = (seq.literals(), seq.min_literal_len()) else {
        return Vec::new();
    };
    let starts: Option<Vec<String>> = lits
        .iter()
        .map(|l| String::from_utf8(l.as_bytes().to_vec()).ok())
        .collect();
    starts.unwrap_or_default()
}

/// Largest DFA, in bytes, that a rule's table keeps ([`rule_dfa`]); a rule whose DFA
/// is larger goes without one (its engines answer alone, as before). The crate's rules
/// take 0.8–104 KiB each over the common ranges (~700 KiB for the 76 of 77 that fit);
/// the one left out (`assemble::heading`'s quoted names: an unanchored count of 2 to
/// 40 characters of a wide class) and any pattern a future change makes explode
/// would otherwise bloat the binary by megabytes.
const RULE_DFA_LIMIT: usize = 256 * 1024;

/// The forward DFA of a rule's common cut `cut`, serialised little-endian (`None` when
/// it cannot be built within [`RULE_DFA_LIMIT`]). It answers only whether a line
/// matches (unanchored, leftmost-first as `regex`); its word boundaries are Unicode's
/// read heuristically (it gives up on a byte past ASCII, and the rule asks its
/// engines), so on ASCII and common text its answer is `regex`'s.
fn rule_dfa(cut: &str) -> Option<Vec<u8>> {
    use regex_automata::dfa::{StartKind, dense};
    let config = dense::Config::new()
        .start_kind(StartKind::Unanchored)
        .unicode_word_boundary(true)
        .minimize(true)
        .dfa_size_limit(Some(RULE_DFA_LIMIT))
        .determinize_size_limit(Some(RULE_DFA_LIMIT));
    let dfa = dense::Builder::new().configure(config).build(cut).ok()?;
    let (bytes, pad) = dfa.to_bytes_little_endian();
    Some(bytes.get(pad..)?.to_vec())
}

/// `name_lists.rs`: each list's folded words as one text and the sorted spans of its
/// words (`normalize::person::words`).
fn write_name_lists(out: &std::path::Path) -> std::io::Result<()> {
    use normalize::name_list::{FAMILY_COLUMNS, GIVEN_COLUMNS, word_list};
    let mut f = std::io::BufWriter::new(std::fs::File::create(out.join("name_lists.rs"))?);
    for (name, file, header) in [
        ("GIVEN", "data/names/given_names.tsv", &GIVEN_COLUMNS[..]),
        ("FAMILY", "data/names/family_names.tsv", &FAMILY_COLUMNS[..]),
    ] {
        let tsv = std::fs::read_to_string(file)?;
        let (text, spans) =
            word_list(&tsv, header).map_err(|e| std::io::Error::other(format!("{file}: {e}")))?;
        writeln!(f, "/// The folded words of `{file}`, one after the other.")?;
        writeln!(f, "static {name}_TEXT: &str = {text:?};")?;
        writeln!(
            f,
            "/// `(start, end)` of each word of `{name}_TEXT`, sorted by the word."
        )?;
        writeln!(f, "static {name}_SPANS: [(u32, u32); {}] = [", spans.len())?;
        for line in spans.chunks(PER_LINE / 2) {
            let cells: Vec<String> = line.iter().map(|(a, b)| format!("({a}, {b})")).collect();
            writeln!(f, "    {},", cells.join(", "))?;
        }
        writeln!(f, "];")?;
    }
    f.flush()
}
