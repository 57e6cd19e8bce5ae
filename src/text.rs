//! Bottom utilities on text that every stage may use; imports nothing of the crate but
//! its [`config`](crate::config).
//!
//! [`Rule`] is the one way a rule written as a regular expression is compiled: each
//! rule is a `static NAME: Rule = Rule::new(r"…")`, each of its forms compiled once on
//! first use ([`regex()`] compiles a full one). A pattern that does not compile must
//! never turn a rule off quietly, so the test of this module reads every
//! `crate::text::regex(` and `Rule::new(` call in `src/` and compiles its literal: a
//! typo fails `cargo test`.

use crate::config::RuleEngine;
pub use cut::COMMON;
use cut::{ASCII, cut_to};
use regex::Regex;
use regex_automata::Input;
use regex_automata::dfa::Automaton;
use regex_automata::util::wire::AlignAs;
use std::borrow::Cow;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Cutting a pattern down to the characters a text can hold (compiled by `build.rs`
/// too, which writes [`CUTS`] with it).
mod cut;
/// Finding the crate's rules in its source (compiled by `build.rs` too, which cuts
/// them all; the tests compile each one).
#[cfg(test)]
mod literals;

/// Whether rules may run their light forms now ([`prefer_light`]).
static LIGHT: AtomicBool = AtomicBool::new(true);

/// Let rules run their light forms (a small document: most rules read a few lines and
/// a light form saves their build) or not (a large one: most rules read thousands of
/// lines and `regex` is the faster reader, whose build pays for itself). Set by the
/// extraction before each document ([`RuleEngine::light_pages`]); it moves only time,
/// never a match.
pub fn prefer_light(yes: bool) {
    LIGHT.store(yes, Ordering::Relaxed);
}

/// Matches nothing: what a pattern that does not compile stands for at run time (it
/// cannot happen in a build whose tests passed; the library never panics).
const NEVER: &str = r"[^\s\S]";

/// Compile one rule's pattern (a literal; see the module docs).
pub fn regex(pattern: &str) -> Regex {
    Regex::new(pattern)
        .or_else(|_| Regex::new(NEVER))
        // `NEVER` compiles; abort rather than panic keeps clippy's no-panic rule.
        .unwrap_or_else(|_| std::process::abort())
}

/// A rule compiled for the text it reads, each form on first need (`static NAME: Rule =
/// Rule::new(r"…")`), so a process builds only the forms its text reaches:
/// - for ASCII text, the pattern with every class cut down to its ASCII members;
/// - for text whose every character is in [`COMMON`] (the Latin letters and
///   punctuation of Italian prose: `Attività`, `l’ente`, `2025–2027`), every class cut
///   down to those ranges;
/// - for any other text, the pattern as written.
///
/// On such text each cut form gives the same matches as the full one (a class member
/// the text cannot hold can match nothing there; case folding is already spelled out
/// in the classes), and it is far cheaper to build: `\d` is 760 code points and
/// `\p{L}` 140,000 in Unicode, and a one-pass DFA over `\d` with captures took 8 MiB
/// and ~4 ms to build for one code shape; the rule that finds `Comune di X` in every
/// line of a plan took ~1–5 ms to build in full and ~0.1 ms over [`COMMON`].
///
/// A cut form is built with `regex-lite` (a backtracker and a Pike VM over the parsed
/// pattern: no UTF-8 automata, no literal prefilters, no DFA) wherever that engine
/// reads it exactly as `regex` does: on ASCII text, and on [`COMMON`] text when the
/// pattern has no word boundary or the text has no word character past ASCII (the
/// one thing `regex-lite` reads differently: its `\b` knows ASCII word characters
/// only). On the crate's rules it builds in ~3 µs where `regex` took 30–450 µs (the
/// literal prefilters and the reverse automaton `regex` builds for long haystacks are
/// most of that), which was most of a small plan's one-time cost (docs/speed-rounds.md, round
/// 4). It is slower per search, so it is used for small documents only
/// ([`prefer_light`]) and for a rule's first [`RuleEngine::light_bytes`] of text, past
/// which the rule builds its `regex` form. Otherwise (an accented word next to a `\b` rule, text past [`COMMON`]) the
/// form is built with `regex`. Word boundaries stay Unicode in every form. The cut
/// patterns of the crate's own rules are written by `build.rs` (`text::CUTS`). The tests
/// read real lines, and random accented ones, with every rule of the crate in every
/// form against the full rule.
///
/// Before any form is built or run, a rule of the crate asks its screen (`Screen`) whether
/// an ASCII or common line can match at all: its DFA, which `build.rs` built and
/// serialised (`DFAS`; a check of its tables at first use, then one pass over the
/// line), or, for the one rule whose DFA is too large, the texts its matches start
/// with. Most lines match most rules nowhere, and for them that is the whole answer.
/// A rule made from a user's data (`--vocab`) has no screen and runs as before.
pub struct Rule {
    pattern: Cow<'static, str>,
    /// Bytes of text searched with a light form so far ([`RuleEngine::light_bytes`]).
    light_bytes: AtomicUsize,
    /// The pattern cut to ASCII, and whether it has a Unicode word boundary (`\b`,
    /// `\B`...): looked up in [`CUTS`] or parsed, once for both engines.
    ascii_cut: OnceLock<Option<Cut>>,
    /// The same cut to [`COMMON`].
    common_cut: OnceLock<Option<Cut>>,
    lite_ascii: OnceLock<Option<regex_lite::Regex>>,
    lite_common: OnceLock<Option<regex_lite::Regex>>,
    ascii: OnceLock<Regex>,
    common: OnceLock<Regex>,
    unicode: OnceLock<Regex>,
    /// What tells, before any engine, that a line cannot match ([`Screen`]), read
    /// from [`CUTS`] on first need.
    screen: OnceLock<Screen>,
}

/// What a [`Rule`] asks first whether a line of ASCII or common text can match.
enum Screen {
    /// The DFA `build.rs` made of the rule's common cut: the whole answer. (Boxed:
    /// its header is ~770 bytes, and every rule of the crate is a `static`.)
    Dfa(Box<Dfa>),
    /// For a rule the build left without a DFA, the texts one of which every match
    /// starts with: a line with none of them cannot match.
    Starts(&'static [&'static str]),
    /// Nothing (a rule the build did not see): the engines answer alone.
    None,
}

/// A rule's DFA as the crate holds it: read in place from [`DFAS`].
type Dfa = regex_automata::dfa::dense::DFA<&'static [u32]>;

/// The characters a cut form of a [`Rule`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Charset {
    /// ASCII.
    Ascii,
    /// [`COMMON`].
    Common,
}

impl Charset {
    fn ranges(self) -> &'static [(char, char)] {
        match self {
            Charset::Ascii => ASCII,
            Charset::Common => COMMON,
        }
    }
}

/// A pattern cut to a [`Charset`], and whether it has a Unicode word boundary.
type Cut = (Cow<'static, str>, bool);

/// A cut as [`CUTS`] holds it.
type CompiledCut = (&'static str, bool);

/// A row of [`CUTS`]: the pattern, its ASCII and common cuts, where its DFA is in
/// [`DFAS`] (`(offset, length)`, length 0 for none), and, for a rule without one, the
/// texts one of which every match starts with (empty: any).
type CompiledRule = (
    &'static str,
    CompiledCut,
    CompiledCut,
    (usize, usize),
    &'static [&'static str],
);

/// The cut forms of the crate's own rules, written by `build.rs` with the same
/// [`cut_to`]: every `Rule::new` literal of `src/` and every code shape of
/// `data/codes/shapes.tsv` (`normalize::code`), as `(pattern, (ASCII cut, word
/// boundary), (COMMON cut, word boundary))`, sorted by pattern. Parsing the patterns
/// to cut them (`regex-syntax`, Unicode classes with `(?i)`) was the largest one-time
/// item of a small plan (~2–3 ms, a seventh of a 3-page plan's CPU: docs/speed-rounds.md,
/// round 6); a rule the table lacks (one made from a user's data) is cut at run time
/// as before, with the same result.
static CUTS: &[CompiledRule] = &include!(concat!(env!("OUT_DIR"), "/rule_cuts.rs"));

/// The DFAs of the crate's rules, one after the other, each at an 8-byte boundary
/// (`build.rs`: `(offset, length)` in the last column of [`CUTS`]). Each is the
/// forward, unanchored, leftmost-first DFA of the rule's [`COMMON`] cut, serialised
/// little-endian by `regex-automata` and read in place by `DFA::from_bytes` (a check
/// of its tables, no build), so a line the rule cannot match costs one pass of a DFA
/// and no engine at all: the light engine's Pike VM and builds were ~10% of a small
/// plan's CPU (docs/speed-rounds.md, round 7). On a big-endian target `from_bytes`
/// refuses them and the rules run as they did without.
static DFAS: &AlignAs<[u8], u64> = &AlignAs {
    _align: [],
    bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/rule_dfas.bin")),
};

/// `pattern` cut to `charset` as [`CUTS`] has it, `None` when it is not a rule of the
/// crate.
fn compiled_cut(pattern: &str, charset: Charset) -> Option<CompiledCut> {
    let i = CUTS.binary_search_by(|row| row.0.cmp(pattern)).ok()?;
    let &(_, ascii, common, ..) = CUTS.get(i)?;
    Some(match charset {
        Charset::Ascii => ascii,
        Charset::Common => common,
    })
}

/// The DFA of `pattern` from [`DFAS`], `None` when it is not a rule of the crate or the
/// build left its DFA out.
fn compiled_dfa(pattern: &str) -> Option<Dfa> {
    let i = CUTS.binary_search_by(|row| row.0.cmp(pattern)).ok()?;
    let &(_, _, _, (at, len), _) = CUTS.get(i)?;
    let bytes = DFAS.bytes.get(at..at.checked_add(len)?)?;
    if bytes.is_empty() {
        return None;
    }
    Dfa::from_bytes(bytes).ok().map(|(dfa, _)| dfa)
}

/// The texts one of which every match of `pattern` starts with, from [`CUTS`] (empty:
/// any, or not a rule of the crate).
fn compiled_starts(pattern: &str) -> &'static [&'static str] {
    let i = CUTS.binary_search_by(|row| row.0.cmp(pattern));
    i.ok().and_then(|i| CUTS.get(i)).map_or(&[], |row| row.4)
}

/// `pattern` cut to `charset`: from [`CUTS`], else parsed and cut now (`None` when it
/// does not parse).
fn cut_of(pattern: &str, charset: Charset) -> Option<Cut> {
    if let Some((p, wb)) = compiled_cut(pattern, charset) {
        return Some((Cow::Borrowed(p), wb));
    }
    cut_to(pattern, charset.ranges()).map(|(p, wb)| (Cow::Owned(p), wb))
}

/// Whether [`CUTS`] has both cuts of `pattern` (a rule of the crate).
#[cfg(test)]
pub(crate) fn has_compiled_cuts(pattern: &str) -> bool {
    compiled_cut(pattern, Charset::Ascii).is_some()
        && compiled_cut(pattern, Charset::Common).is_some()
}

/// Whether every character of `text` is in [`COMMON`].
fn is_common(text: &str) -> bool {
    text.chars()
        .all(|c| COMMON.iter().any(|&(lo, hi)| lo <= c && c <= hi))
}

/// Whether `text` has a word character (Unicode's, as `regex`'s `\b` reads it) past
/// ASCII: where `regex-lite`'s ASCII `\b` would read it otherwise.
fn has_wide_word_char(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_ascii() && regex_syntax::is_word_character(c))
}

impl Rule {
    /// A rule of a literal pattern (see the module docs).
    pub const fn new(pattern: &'static str) -> Self {
        Self::of(Cow::Borrowed(pattern))
    }

    /// A rule of a pattern read from data (its owner's test compiles every one).
    pub fn owned(pattern: String) -> Self {
        Self::of(Cow::Owned(pattern))
    }

    const fn of(pattern: Cow<'static, str>) -> Self {
        Rule {
            pattern,
            light_bytes: AtomicUsize::new(0),
            ascii_cut: OnceLock::new(),
            common_cut: OnceLock::new(),
            lite_ascii: OnceLock::new(),
            lite_common: OnceLock::new(),
            ascii: OnceLock::new(),
            common: OnceLock::new(),
            unicode: OnceLock::new(),
            screen: OnceLock::new(),
        }
    }

    /// The pattern as written.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The rule as it reads `text` (its forms are built when a call needs one).
    pub fn on(&self, text: &str) -> Matcher<'_> {
        let form = if text.is_ascii() {
            Charset::Ascii
        } else if is_common(text) {
            Charset::Common
        } else {
            return Matcher {
                rule: self,
                form: None,
            };
        };
        Matcher {
            rule: self,
            form: Some(form),
        }
    }

    /// The engine to run on `text`, whose characters are all in `form`'s ranges
    /// (`None`: any text), built on first need.
    fn engine(&self, text: &str, form: Option<Charset>) -> Engine<'_> {
        let light = LIGHT.load(Ordering::Relaxed)
            && self.light_bytes.load(Ordering::Relaxed) < RuleEngine::DEFAULT.light_bytes;
        match form {
            Some(Charset::Ascii) => {
                if light
                    && let Some(r) = self.lite(&self.lite_ascii, &self.ascii_cut, Charset::Ascii)
                {
                    self.light_bytes.fetch_add(text.len(), Ordering::Relaxed);
                    return Engine::Lite(r);
                }
                Engine::Full(self.cut(&self.ascii, &self.ascii_cut, Charset::Ascii))
            }
            Some(Charset::Common) => {
                if light
                    && !(self.has_word_boundary() && has_wide_word_char(text))
                    && let Some(r) = self.lite(&self.lite_common, &self.common_cut, Charset::Common)
                {
                    self.light_bytes.fetch_add(text.len(), Ordering::Relaxed);
                    return Engine::Lite(r);
                }
                Engine::Full(self.cut(&self.common, &self.common_cut, Charset::Common))
            }
            None => Engine::Full(self.unicode()),
        }
    }

    /// Whether the rule matches in `text` as its [`Screen`] reads it: `None` when it
    /// cannot tell (no screen, a line with one of the starts, or the DFA gives up on a
    /// byte past ASCII next to a rule's word boundary). `text` must be ASCII or
    /// common (the screen is the common cut's).
    fn screen(&self, text: &str) -> Option<bool> {
        let screen = self
            .screen
            .get_or_init(|| match compiled_dfa(&self.pattern) {
                Some(dfa) => Screen::Dfa(Box::new(dfa)),
                None => match compiled_starts(&self.pattern) {
                    [] => Screen::None,
                    starts => Screen::Starts(starts),
                },
            });
        match screen {
            Screen::Dfa(dfa) => {
                let input = Input::new(text).earliest(true);
                dfa.try_search_fwd(&input).ok().map(|m| m.is_some())
            }
            Screen::Starts(starts) => (!starts.iter().any(|s| text.contains(s))).then_some(false),
            Screen::None => None,
        }
    }

    /// Whether the rule matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.on(text).is_match(text)
    }

    /// The first match in `text`.
    pub fn find<'h>(&self, text: &'h str) -> Option<Match<'h>> {
        self.on(text).find(text)
    }

    /// The groups of the first match in `text`.
    pub fn captures<'h>(&self, text: &'h str) -> Option<Captures<'h>> {
        self.on(text).captures(text)
    }

    /// Every match in `text`.
    pub fn find_iter<'r, 'h>(&'r self, text: &'h str) -> Matches<'r, 'h> {
        self.on(text).find_iter(text)
    }

    /// The groups of every match in `text`.
    pub fn captures_iter<'r, 'h>(&'r self, text: &'h str) -> CaptureMatches<'r, 'h> {
        self.on(text).captures_iter(text)
    }

    /// `text` split at every match.
    pub fn split<'r, 'h>(&'r self, text: &'h str) -> Split<'r, 'h> {
        self.on(text).split(text)
    }

    /// `text` with its first match replaced by `with` (`$1` names a group).
    pub fn replace<'h>(&self, text: &'h str, with: &str) -> Cow<'h, str> {
        self.on(text).replace(text, with)
    }

    /// `text` with every match replaced by `with` (`$1` names a group).
    pub fn replace_all<'h>(&self, text: &'h str, with: &str) -> Cow<'h, str> {
        self.on(text).replace_all(text, with)
    }

    /// The pattern cut to `charset` (kept in `cut`), on first need ([`cut_of`]).
    fn cut_pattern<'a>(&self, cut: &'a OnceLock<Option<Cut>>, charset: Charset) -> Option<&'a Cut> {
        cut.get_or_init(|| cut_of(&self.pattern, charset)).as_ref()
    }

    /// The light form cut to `ranges`, built on first need; `None` when `regex-lite`
    /// does not read the cut pattern (then `regex` builds the form).
    fn lite<'a>(
        &'a self,
        form: &'a OnceLock<Option<regex_lite::Regex>>,
        cut: &'a OnceLock<Option<Cut>>,
        charset: Charset,
    ) -> Option<&'a regex_lite::Regex> {
        form.get_or_init(|| {
            let (p, _) = self.cut_pattern(cut, charset)?;
            regex_lite::Regex::new(p).ok()
        })
        .as_ref()
    }

    /// Whether the pattern has a Unicode word boundary; a pattern that does not parse
    /// matches nothing, so any answer is exact for it.
    fn has_word_boundary(&self) -> bool {
        self.cut_pattern(&self.common_cut, Charset::Common)
            .is_none_or(|&(_, wb)| wb)
    }

    /// The form of the rule cut to `ranges`, built with `regex` on first need.
    fn cut<'a>(
        &'a self,
        form: &'a OnceLock<Regex>,
        cut: &'a OnceLock<Option<Cut>>,
        charset: Charset,
    ) -> &'a Regex {
        form.get_or_init(|| {
            self.cut_pattern(cut, charset)
                .and_then(|(p, _)| Regex::new(p).ok())
                .unwrap_or_else(|| self.unicode().clone())
        })
    }

    fn unicode(&self) -> &Regex {
        self.unicode.get_or_init(|| regex(&self.pattern))
    }
}

/// A [`Rule`] as it reads one text ([`Rule::on`]): the same calls as `regex`'s
/// `Regex`, on that text. Where the rule has a DFA and the text is ASCII or common,
/// each call asks the DFA first whether the text matches at all: on a line that does
/// not (most lines, for most rules) that is the whole answer, and no engine is built
/// or run; on one that does, [`is_match`](Self::is_match) is answered too, and the
/// other calls run the engine [`Rule::on`] chose before (the same matches: the DFA
/// is `regex`'s own automaton of the same pattern).
#[derive(Clone, Copy, Debug)]
pub struct Matcher<'r> {
    rule: &'r Rule,
    /// The ranges the text's characters are in (`None`: past [`COMMON`]).
    form: Option<Charset>,
}

impl<'r> Matcher<'r> {
    /// The rule's screen's answer for `text` (`None`: ask the engine).
    fn screen(self, text: &str) -> Option<bool> {
        self.form.and_then(|_| self.rule.screen(text))
    }

    /// Whether the screen rules out any match in `text`.
    fn none_in(self, text: &str) -> bool {
        self.screen(text) == Some(false)
    }

    fn engine(self, text: &str) -> Engine<'r> {
        self.rule.engine(text, self.form)
    }

    /// Whether the rule matches somewhere in `text`.
    pub fn is_match(self, text: &str) -> bool {
        self.screen(text)
            .unwrap_or_else(|| self.engine(text).is_match(text))
    }

    /// The first match in `text`.
    pub fn find(self, text: &str) -> Option<Match<'_>> {
        if self.none_in(text) {
            return None;
        }
        self.engine(text).find(text)
    }

    /// The groups of the first match in `text`.
    pub fn captures(self, text: &str) -> Option<Captures<'_>> {
        if self.none_in(text) {
            return None;
        }
        self.engine(text).captures(text)
    }

    /// Every match in `text`.
    pub fn find_iter<'h>(self, text: &'h str) -> Matches<'r, 'h> {
        if self.none_in(text) {
            return Matches::None;
        }
        self.engine(text).find_iter(text)
    }

    /// The groups of every match in `text`.
    pub fn captures_iter<'h>(self, text: &'h str) -> CaptureMatches<'r, 'h> {
        if self.none_in(text) {
            return CaptureMatches::None;
        }
        self.engine(text).captures_iter(text)
    }

    /// `text` split at every match.
    pub fn split<'h>(self, text: &'h str) -> Split<'r, 'h> {
        if self.none_in(text) {
            return Split::Whole(Some(text));
        }
        self.engine(text).split(text)
    }

    /// `text` with its first match replaced by `with` (`$1` names a group).
    pub fn replace<'h>(self, text: &'h str, with: &str) -> Cow<'h, str> {
        if self.none_in(text) {
            return Cow::Borrowed(text);
        }
        self.engine(text).replace(text, with)
    }

    /// `text` with every match replaced by `with` (`$1` names a group).
    pub fn replace_all<'h>(self, text: &'h str, with: &str) -> Cow<'h, str> {
        if self.none_in(text) {
            return Cow::Borrowed(text);
        }
        self.engine(text).replace_all(text, with)
    }
}

/// The engine a [`Matcher`] runs where its rule's DFA does not answer alone.
#[derive(Clone, Copy, Debug)]
enum Engine<'r> {
    /// Built with `regex-lite`.
    Lite(&'r regex_lite::Regex),
    /// Built with `regex`.
    Full(&'r Regex),
}

impl<'r> Engine<'r> {
    /// Whether the rule matches somewhere in `text`.
    pub fn is_match(self, text: &str) -> bool {
        match self {
            Engine::Lite(r) => r.is_match(text),
            Engine::Full(r) => r.is_match(text),
        }
    }

    /// The first match in `text`.
    pub fn find(self, text: &str) -> Option<Match<'_>> {
        match self {
            Engine::Lite(r) => r.find(text).map(Match::lite),
            Engine::Full(r) => r.find(text).map(Match::full),
        }
    }

    /// The groups of the first match in `text`.
    pub fn captures(self, text: &str) -> Option<Captures<'_>> {
        match self {
            Engine::Lite(r) => r.captures(text).map(Captures::Lite),
            Engine::Full(r) => r.captures(text).map(Captures::Full),
        }
    }

    /// Every match in `text`.
    pub fn find_iter<'h>(self, text: &'h str) -> Matches<'r, 'h> {
        match self {
            Engine::Lite(r) => Matches::Lite(r.find_iter(text)),
            Engine::Full(r) => Matches::Full(r.find_iter(text)),
        }
    }

    /// The groups of every match in `text`.
    pub fn captures_iter<'h>(self, text: &'h str) -> CaptureMatches<'r, 'h> {
        match self {
            Engine::Lite(r) => CaptureMatches::Lite(r.captures_iter(text)),
            Engine::Full(r) => CaptureMatches::Full(r.captures_iter(text)),
        }
    }

    /// `text` split at every match.
    pub fn split<'h>(self, text: &'h str) -> Split<'r, 'h> {
        match self {
            Engine::Lite(r) => Split::Lite(r.split(text)),
            Engine::Full(r) => Split::Full(r.split(text)),
        }
    }

    /// `text` with its first match replaced by `with` (`$1` names a group).
    pub fn replace<'h>(self, text: &'h str, with: &str) -> Cow<'h, str> {
        match self {
            Engine::Lite(r) => r.replace(text, with),
            Engine::Full(r) => r.replace(text, with),
        }
    }

    /// `text` with every match replaced by `with` (`$1` names a group).
    pub fn replace_all<'h>(self, text: &'h str, with: &str) -> Cow<'h, str> {
        match self {
            Engine::Lite(r) => r.replace_all(text, with),
            Engine::Full(r) => r.replace_all(text, with),
        }
    }
}

/// One match of a [`Rule`] (either engine's), as `regex::Match`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'h> {
    text: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    fn full(m: regex::Match<'h>) -> Self {
        Match {
            text: m.as_str(),
            start: m.start(),
            end: m.end(),
        }
    }

    fn lite(m: regex_lite::Match<'h>) -> Self {
        Match {
            text: m.as_str(),
            start: m.start(),
            end: m.end(),
        }
    }

    /// The matched text.
    pub fn as_str(&self) -> &'h str {
        self.text
    }

    /// Byte offset of its start in the haystack.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset of its end in the haystack.
    pub fn end(&self) -> usize {
        self.end
    }

    /// `start..end`.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether it is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// The groups of one match of a [`Rule`], as `regex::Captures`.
#[derive(Debug)]
pub enum Captures<'h> {
    /// From `regex-lite`.
    Lite(regex_lite::Captures<'h>),
    /// From `regex`.
    Full(regex::Captures<'h>),
}

impl<'h> Captures<'h> {
    /// Group `i` (0: the whole match), if it took part.
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        match self {
            Captures::Lite(c) => c.get(i).map(Match::lite),
            Captures::Full(c) => c.get(i).map(Match::full),
        }
    }

    /// The group named `name`, if it took part.
    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        match self {
            Captures::Lite(c) => c.name(name).map(Match::lite),
            Captures::Full(c) => c.name(name).map(Match::full),
        }
    }

    /// The number of groups, the whole match included.
    pub fn len(&self) -> usize {
        match self {
            Captures::Lite(c) => c.len(),
            Captures::Full(c) => c.len(),
        }
    }

    /// Never: a match has its group 0 (as `regex::Captures`).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every group in order, `None` where it did not take part.
    pub fn iter(&self) -> impl Iterator<Item = Option<Match<'h>>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl std::ops::Index<usize> for Captures<'_> {
    type Output = str;

    /// Group `i`'s text; `regex::Captures` panics where it did not take part, this
    /// gives `""` (the library never panics).
    fn index(&self, i: usize) -> &str {
        self.get(i).map_or("", |m| m.text)
    }
}

impl<'a> std::ops::Index<&'a str> for Captures<'_> {
    type Output = str;

    /// The named group's text, `""` where it did not take part.
    fn index(&self, name: &'a str) -> &str {
        self.name(name).map_or("", |m| m.text)
    }
}

/// [`Matcher::find_iter`].
#[derive(Debug)]
pub enum Matches<'r, 'h> {
    /// From `regex-lite`.
    Lite(regex_lite::Matches<'r, 'h>),
    /// From `regex`.
    Full(regex::Matches<'r, 'h>),
    /// None: the rule's DFA found no match.
    None,
}

impl<'h> Iterator for Matches<'_, 'h> {
    type Item = Match<'h>;

    fn next(&mut self) -> Option<Match<'h>> {
        match self {
            Matches::None => None,
            Matches::Lite(i) => i.next().map(Match::lite),
            Matches::Full(i) => i.next().map(Match::full),
        }
    }
}

/// [`Matcher::captures_iter`].
#[derive(Debug)]
pub enum CaptureMatches<'r, 'h> {
    /// From `regex-lite`.
    Lite(regex_lite::CaptureMatches<'r, 'h>),
    /// From `regex`.
    Full(regex::CaptureMatches<'r, 'h>),
    /// None: the rule's DFA found no match.
    None,
}

impl<'h> Iterator for CaptureMatches<'_, 'h> {
    type Item = Captures<'h>;

    fn next(&mut self) -> Option<Captures<'h>> {
        match self {
            CaptureMatches::None => None,
            CaptureMatches::Lite(i) => i.next().map(Captures::Lite),
            CaptureMatches::Full(i) => i.next().map(Captures::Full),
        }
    }
}

/// [`Matcher::split`].
#[derive(Debug)]
pub enum Split<'r, 'h> {
    /// From `regex-lite`.
    Lite(regex_lite::Split<'r, 'h>),
    /// From `regex`.
    Full(regex::Split<'r, 'h>),
    /// The whole text, once: the rule's DFA found no match to split at.
    Whole(Option<&'h str>),
}

impl<'h> Iterator for Split<'_, 'h> {
    type Item = &'h str;

    fn next(&mut self) -> Option<&'h str> {
        match self {
            Split::Whole(text) => text.take(),
            Split::Lite(i) => i.next(),
            Split::Full(i) => i.next(),
        }
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rule({:?})", self.pattern)
    }
}

/// A line made of digits only is a page's number (004: `4`, `27`) where it is the
/// page's last line.
pub fn is_page_number(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
}

/// The years a plan names: 1900–2100, four digits without a thousands dot.
pub const YEARS: std::ops::RangeInclusive<u32> = 1900..=2100;

/// Whether `s` is a year (`2025`): a date, not a count (`2.025` is a count). Targets
/// per year name their columns so (`2025 | 2026 | 2027`), and a header's wrapped line
/// may print only its year (`Baseline` over `2024`, `Valore obiettivo` / `2025`).
pub fn is_year(s: &str) -> bool {
    s.len() == 4 && s.parse::<u32>().is_ok_and(|n| YEARS.contains(&n))
}

/// A running footer that numbers the page, wherever the producer drew it (`pag. 2`,
/// `Comune di Melfi – pag. 3`, `Pagina 3 di 12`; the development set's producers print
/// `pag. N`, Writer's first among the page's lines): never part of a card's value nor
/// a heading.
pub fn is_page_footer(s: &str) -> bool {
    PAGE_FOOTER.is_match(s)
}

static PAGE_FOOTER: Rule = Rule::new(
    r"(?i)^(?:.*\s[–—-]\s+)?(?:pag\.|pagina|p\.)\s*\d{1,4}(?:\s*(?:di|/)\s*\d{1,4})?\s*$",
);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::cut::{ASCII, cut_to};
    use super::literals::{crate_rules, literal, rust_files};
    use super::*;
    use std::path::Path;

    fn src() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
    }

    #[test]
    fn every_rule_in_the_crate_compiles() {
        let mut rules = 0;
        let mut bad = Vec::new();
        for (f, p) in crate_rules(&src()).unwrap() {
            match p {
                Some(p) if Regex::new(&p).is_ok() => rules += 1,
                Some(p) => bad.push(format!("{}: {p}", f.display())),
                None => bad.push(format!("{}: not a literal", f.display())),
            }
        }
        assert!(bad.is_empty(), "rules that do not compile: {bad:#?}");
        // the 24 rules of the normalizers, assemble and tables, and grid's two
        assert!(
            rules >= 26,
            "only {rules} rules found: is the call written another way?"
        );
    }

    #[test]
    fn the_compiled_cuts_are_the_run_time_cuts_of_every_rule() {
        assert!(CUTS.windows(2).all(|w| w[0].0 < w[1].0), "not sorted");
        for &(p, ascii, common, ..) in CUTS {
            for (charset, compiled) in [(Charset::Ascii, ascii), (Charset::Common, common)] {
                let now = cut_to(p, charset.ranges()).unwrap();
                assert_eq!((now.0.as_str(), now.1), compiled, "{p} {charset:?}");
            }
        }
        let rules = crate_rules(&src()).unwrap();
        for (f, p) in &rules {
            let p = p.as_deref().unwrap();
            assert!(has_compiled_cuts(p), "{}: {p} is not in CUTS", f.display());
        }
        // the code shapes: `normalize::code`'s test looks its rules up
        assert!(CUTS.len() > rules.len(), "{} cuts", CUTS.len());
    }

    #[test]
    fn a_rule_the_build_did_not_see_is_cut_at_run_time_alike() {
        // a code shape a user's data could add (`PRJ-12`, `Progetto 3`): not a rule
        // of the crate, so its cuts are made when first needed
        let p = r"^(?:(?i)(?P<prefix>PRJ|Progetto)\s*[\-_]?(?P<sequence>\d+)\b)$";
        assert!(!has_compiled_cuts(p));
        let rule = Rule::owned(p.to_string());
        let full = Regex::new(p).unwrap();
        for l in [
            "PRJ-12",
            "progetto 3",
            "Progetto 3à",
            "PRJ 7 bis",
            "Città 4",
        ] {
            assert_eq!(spans_on(rule.on(l), l), spans(&full, l), "{l:?}");
        }
        assert!(rule.is_match("PRJ-12") && !rule.is_match("PRJ-"));
        let cut = rule.ascii_cut.get().and_then(Option::as_ref).unwrap();
        assert!(matches!(cut.0, Cow::Owned(_)));
        assert_eq!(cut_of(p, Charset::Ascii).unwrap(), cut.clone());
        // and a rule of the crate takes its cuts from the table
        // (`captures`: the DFA answers `is_match` alone, and no cut is needed)
        let footer = Rule::new(PAGE_FOOTER.pattern());
        assert!(footer.captures("Comune di Melfi – pag. 3").is_some());
        let cut = footer.common_cut.get().and_then(Option::as_ref).unwrap();
        assert!(matches!(cut.0, Cow::Borrowed(_)));
    }

    /// Rules built elsewhere from data, not literals: the code shapes are a data file
    /// (`data/codes/shapes.tsv`); its own test compiles every row.
    const DYNAMIC: &[&str] = &["normalize/code.rs"];

    #[test]
    fn no_rule_is_compiled_another_way() {
        let mut files = Vec::new();
        rust_files(&src(), &mut files).unwrap();
        let others: Vec<String> = files
            .iter()
            .filter(|f| !f.ends_with("text.rs") && !DYNAMIC.iter().any(|d| f.ends_with(d)))
            .filter(|f| {
                let text = std::fs::read_to_string(f).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                code.contains("Regex::new(")
            })
            .map(|f| f.display().to_string())
            .collect();
        assert!(others.is_empty(), "use crate::text::regex in {others:?}");
    }

    #[test]
    fn literal_reads_raw_and_escaped_strings() {
        assert_eq!(literal(r##"r"\b(20\d{2})\b")"##).unwrap(), r"\b(20\d{2})\b");
        assert_eq!(literal(r###"r#"["“«]"#)"###).unwrap(), r#"["“«]"#);
        assert_eq!(literal(r#""a\\b\"c")"#).unwrap(), "a\\b\"c");
        assert!(literal("PATTERN)").is_none());
    }

    /// The date rules of `normalize::target` and patterns like the code shapes'.
    const ASCII_CASES: &[&str] = &[
        r"\b(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})\b",
        r"(?i)\b(?:(\d{1,2})\s+)?(gennaio|marzo|settembre|dicembre)\s+(?:del\s+|di\s+)?(\d{4})\b",
        r"^(?:(?P<path>\d{1,2}(?:\.\d{1,2}){1,2})_(?P<sequence>\d{1,4}))$",
        r"(?i)^(?:(?P<prefix>O\.?S|OB\.?S)\.?(?:N[.°]?)?[\-_]?(?P<path>\d+(?:[.\-_]\d+)*))$",
        r"^\s*\p{Lu}\w+\s+(\d+)$",
    ];

    /// Every rule of the crate (the literals of `crate::text::regex(` and
    /// `Rule::new(`), the code shapes, and the cases above.
    fn every_pattern() -> Vec<String> {
        let mut out: Vec<String> = ASCII_CASES.iter().map(|p| p.to_string()).collect();
        out.extend(
            crate_rules(&src())
                .unwrap()
                .into_iter()
                .filter_map(|(_, p)| p),
        );
        let shapes = include_str!("../data/codes/shapes.tsv");
        out.extend(
            shapes
                .lines()
                .skip(1)
                .filter_map(|l| l.split('\t').nth(2))
                .map(|p| format!("^(?:{p})$")),
        );
        out
    }

    static PATTERNS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(every_pattern);

    fn spans(re: &Regex, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        re.captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect()
    }

    /// [`spans`] of whichever form a rule runs on `text`.
    fn spans_on(m: Matcher<'_>, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        m.captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect()
    }

    /// The light form of `p` cut to `ranges`: it must build for every rule of the crate
    /// (a rule it does not read runs `regex` on every line: the same matches, slower).
    fn light(p: &str, ranges: &[(char, char)]) -> regex_lite::Regex {
        let (cut, _) = cut_to(p, ranges).unwrap_or_else(|| panic!("{p} does not parse"));
        regex_lite::Regex::new(&cut).unwrap_or_else(|e| panic!("{p} cut to {cut}: {e}"))
    }

    fn light_spans(re: &regex_lite::Regex, text: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        re.captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect()
    }

    #[test]
    fn every_rule_cut_to_ascii_builds_and_reads_real_lines_alike() {
        // lines of the seeds and the development set, ASCII all
        let lines = [
            "Comune di Cremona",
            "COMUNE DI CREMA (CR)",
            "Obiettivo n. 3 - Riduzione dei tempi",
            "OOP n. 1.1.1 Digitalizzazione",
            "7. Riduzione dei tempi",
            "Missione 01 Programma 02",
            "entro il 31/12/2025",
            "31 dicembre del 2024",
            "1.3.2_0003",
            "25.29.2.1.05_0001",
            "O.S. 1.2",
            "Provincia di Lecce",
            "pag. 12 di 40",
            "Dirigente: Mario Rossi - Settore Cultura; Anna Bianchi",
            ">= 95%",
        ];
        let patterns = every_pattern();
        assert!(patterns.len() > 60, "{} patterns", patterns.len());
        for p in &patterns {
            let full = Regex::new(p).unwrap();
            let (cut, _) = cut_to(p, ASCII).unwrap_or_else(|| panic!("{p} does not parse"));
            let cut = Regex::new(&cut).unwrap_or_else(|e| panic!("{p} cut to {cut}: {e}"));
            let lite = light(p, ASCII);
            let rule = Rule::owned(p.clone());
            for l in lines {
                let want = spans(&full, l);
                assert_eq!(spans(&cut, l), want, "{p} on {l:?}");
                assert_eq!(light_spans(&lite, l), want, "{p} light on {l:?}");
                assert_eq!(spans_on(rule.on(l), l), want, "{p} as a rule on {l:?}");
            }
        }
    }

    #[test]
    fn every_rule_cut_to_the_common_ranges_reads_real_lines_alike() {
        // lines of the seeds and the development set with accents, typographic
        // apostrophes, dashes and bullets, and with no character past `COMMON`
        let lines = [
            "Comune di Cantù",
            "COMUNE DI PATERNÒ (CT)",
            "Città di Castello – Provincia di Perugia",
            "Obiettivo n. 3 – Riduzione dei tempi d’attesa",
            "• a) Attività svolte nell’anno",
            "OOP n° 1.1.1 Efficienza dell’azione amministrativa",
            "entro il 31 dicembre 2025 – 100%",
            "Missione 01 – Servizi istituzionali, generali e di gestione",
            "Dirigente: Dott.ssa Maria Grazia Bianchi – Settore Finanziario",
            "PIANO INTEGRATO DI ATTIVITÀ E ORGANIZZAZIONE 2025–2027",
            "Spesa € 12.500,00 “realizzata” ≥ 95% ▪ ➢ ✓",
            "Valore atteso al 31/12: 2 unità",
        ];
        for l in lines {
            assert!(is_common(l), "{l:?}");
        }
        let mut light_lines = 0;
        for p in &every_pattern() {
            let full = Regex::new(p).unwrap();
            let (cut, word_boundary) =
                cut_to(p, COMMON).unwrap_or_else(|| panic!("{p} does not parse"));
            let cut = Regex::new(&cut).unwrap_or_else(|e| panic!("{p} cut to {cut}: {e}"));
            let lite = light(p, COMMON);
            let rule = Rule::owned(p.clone());
            for l in lines {
                let want = spans(&full, l);
                assert_eq!(spans(&cut, l), want, "{p} on {l:?}");
                // where the light form is used (`Rule::on`)
                if !(word_boundary && has_wide_word_char(l)) {
                    assert_eq!(light_spans(&lite, l), want, "{p} light on {l:?}");
                    light_lines += 1;
                }
                assert_eq!(spans_on(rule.on(l), l), want, "{p} as a rule on {l:?}");
            }
        }
        assert!(
            light_lines > 500,
            "{light_lines} lines read by a light form"
        );
    }

    #[test]
    fn an_accented_word_at_a_word_boundary_is_read_as_regex_reads_it() {
        // `regex-lite`'s `\b` knows ASCII word characters only: `à2025` has no
        // boundary before `2` for `regex`, one for `regex-lite`; the rule must not
        // run the light form there
        let rule = Rule::new(r"\b(20\d{2})\b");
        for l in ["città2025", "attività 2025", "2025è", "– 2025 –"] {
            let full = Regex::new(rule.pattern()).unwrap();
            assert_eq!(spans_on(rule.on(l), l), spans(&full, l), "{l:?}");
        }
        assert!(!rule.is_match("città2025"));
        assert!(rule.is_match("– 2025 –"));
        let lite = light(rule.pattern(), COMMON);
        assert!(lite.is_match("città2025"), "the case the rule avoids");
    }

    #[test]
    fn a_rule_past_its_light_budget_reads_alike() {
        // (whether the light form is used first depends on `prefer_light`, which
        // another test's extraction may set meanwhile: only the matches are asserted)
        let rule = Rule::new(ASCII_CASES[1]);
        let line = "entro il 31 dicembre del 2024 e il 1 marzo 2025";
        let first = spans_on(rule.on(line), line);
        for _ in 0..=RuleEngine::DEFAULT.light_bytes / line.len() {
            assert_eq!(spans_on(rule.on(line), line), first);
        }
        assert!(matches!(rule.on(line).engine(line), Engine::Full(_)));
        assert!(rule.ascii.get().is_some());
        assert_eq!(spans_on(rule.on(line), line), first);
        assert_eq!(first.len(), 2);
    }

    #[test]
    fn a_line_past_the_common_ranges_gets_the_full_rule() {
        assert!(!is_common("Ω 3"));
        let rule = Rule::new(r"^\p{Lu}\s+(\d+)$");
        assert!(rule.on("Ω 3").is_match("Ω 3"));
        assert!(rule.on("À 3").is_match("À 3"));
        assert!(!rule.on("à 3").is_match("à 3"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        #[test]
        fn a_rule_on_ascii_text_matches_as_with_unicode(
            text in "[0-9a-zA-Z ._/:;,()'%-]{0,30}",
            which in 0usize..1000,
        ) {
            let patterns = &*PATTERNS;
            let pattern = &patterns[which % patterns.len()];
            let full = Regex::new(pattern).unwrap();
            let rule = Rule::owned(pattern.clone());
            proptest::prop_assert_eq!(spans_on(rule.on(&text), &text), spans(&full, &text));
        }

        #[test]
        fn a_rule_on_common_text_matches_as_with_unicode(
            text in "[0-9a-zA-Zàèéìòùç ÀÈÉÌÒÙ._/:;,()'’–%€°-]{0,30}",
            which in 0usize..1000,
        ) {
            let patterns = &*PATTERNS;
            let pattern = &patterns[which % patterns.len()];
            let full = Regex::new(pattern).unwrap();
            let rule = Rule::owned(pattern.clone());
            proptest::prop_assert_eq!(spans_on(rule.on(&text), &text), spans(&full, &text));
        }
    }

    #[test]
    fn a_rule_reads_real_dates_and_codes() {
        let date = Rule::new(ASCII_CASES[1]);
        for text in [
            "entro il mese di marzo 2025",
            "31 dicembre del 2024",
            "città: 1 marzo 2025",
        ] {
            assert!(date.on(text).is_match(text), "{text}");
        }
        let code = Rule::new(ASCII_CASES[2]);
        assert!(code.on("1.3.2_0003").is_match("1.3.2_0003")); // seed 002
        let unicode_only = Rule::new(ASCII_CASES[4]);
        assert!(unicode_only.on("Obiettivo 12").is_match("Obiettivo 12"));
        assert!(unicode_only.on("Àrea 3").is_match("Àrea 3"));
    }

    /// The texts a rule reads, from the fixtures' truth tables: each cell, context
    /// line and header; each line of a cell; each word (codes, dates, numbers).
    fn fixture_pieces() -> std::collections::BTreeSet<String> {
        let mut out = std::collections::BTreeSet::new();
        for t in crate::testing::fixture_table_texts() {
            for l in t.lines() {
                out.extend(l.split_whitespace().map(str::to_string));
                out.insert(l.to_string());
            }
            out.insert(t);
        }
        out
    }

    /// The rules whose DFA exceeds the build's size bound (`build.rs`,
    /// `RULE_DFA_LIMIT`): `QUOTED` of assemble::heading, an unanchored quote then 2 to
    /// 40 characters of a wide class, which a DFA must count in every state it can
    /// be in (its engines read it alone, as before).
    const NO_DFA: &[&str] = &[r#"["“«]([^"”»]{2,40})["”»]"#];

    #[test]
    fn every_rule_of_the_crate_has_its_dfa() {
        // the build's size bound must leave no other rule out: a rule without one
        // would only be slower, which no other test would notice
        for (f, p) in crate_rules(&src()).unwrap() {
            let p = p.unwrap();
            let has = compiled_dfa(&p).is_some();
            assert_eq!(has, !NO_DFA.contains(&p.as_str()), "{}: {p}", f.display());
        }
        for row in CUTS {
            let has = compiled_dfa(row.0).is_some();
            assert_eq!(has, !NO_DFA.contains(&row.0), "{}", row.0);
        }
        // and one without keeps what its matches start with: its quotes
        let quoted = Rule::new(NO_DFA[0]);
        assert_eq!(compiled_starts(NO_DFA[0]), ["\"", "«", "“"]);
        assert_eq!(quoted.screen("il progetto Scuola Sicura"), Some(false));
        assert_eq!(quoted.screen("il progetto «Scuola Sicura»"), None);
        assert_eq!(
            quoted
                .find("il progetto «Scuola Sicura»")
                .map(|m| m.range()),
            Some(12..29)
        );
    }

    #[test]
    fn a_rule_dfa_answers_as_regex_on_every_text_of_the_fixtures() {
        // where the DFA answers, the calls return at once: its answer must be what
        // the full rule (and so the old path) gives, on every real text
        let texts: Vec<String> = fixture_pieces()
            .into_iter()
            .filter(|t| is_common(t))
            .collect();
        assert!(texts.len() > 5000, "{} texts", texts.len());
        let (mut answered, mut matched, mut gave_up) = (0usize, 0usize, 0usize);
        for &(p, ..) in CUTS {
            let full = Regex::new(p).unwrap();
            let rule = Rule::new(p);
            for t in &texts {
                let want = full.is_match(t);
                match rule.screen(t) {
                    Some(got) => {
                        assert_eq!(got, want, "{p} on {t:?}");
                        answered += 1;
                        matched += usize::from(got);
                    }
                    None => gave_up += 1,
                }
                assert_eq!(rule.is_match(t), want, "{p} on {t:?}");
                if !want {
                    // the calls the DFA ends: nothing found, the text whole
                    assert!(rule.find(t).is_none() && rule.captures(t).is_none());
                    assert_eq!(rule.find_iter(t).count(), 0);
                    assert_eq!(rule.captures_iter(t).count(), 0);
                    assert_eq!(
                        rule.split(t).collect::<Vec<_>>(),
                        full.split(t).collect::<Vec<_>>()
                    );
                    assert_eq!(rule.replace_all(t, "$1"), full.replace_all(t, "$1"));
                    assert_eq!(rule.replace(t, "x"), full.replace(t, "x"));
                }
            }
        }
        // most texts are answered by the DFA alone, and most of those are misses
        assert!(
            answered > 20 * gave_up,
            "{answered} answered, {gave_up} given up"
        );
        assert!(matched * 4 < answered, "{matched} of {answered} matched");
    }

    #[test]
    fn a_rule_with_a_dfa_finds_and_splits_as_regex_where_it_matches() {
        // `PARTS` of assemble::heading and `SEPARATOR` of normalize::person split
        // lines: on both sides of the DFA's answer
        for p in [r"\s+[–—-]\s+|;\s+", r"\s+[–—-]\s+|;|,|\s+e\s+|\s+ed\s+"] {
            let rule = Rule::new(p);
            assert!(compiled_dfa(p).is_some(), "{p}");
            let full = Regex::new(p).unwrap();
            for t in [
                "Settore Lavori Pubblici – Ambiente; Cultura",
                "Mario Rossi, Anna Bianchi e Luca Verdi",
                "Servizi demografici",
                "",
                "città – 2025",
            ] {
                let got: Vec<&str> = rule.split(t).collect();
                assert_eq!(got, full.split(t).collect::<Vec<_>>(), "{p} on {t:?}");
                assert_eq!(rule.replace_all(t, "|"), full.replace_all(t, "|"));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        #[test]
        fn a_rule_dfa_answers_as_regex_on_random_common_text(
            text in "[0-9a-zA-Zàèéìòùç ÀÈÉÌÒÙ._/:;,()'’–%€°•\\-]{0,40}",
            which in 0usize..1000,
        ) {
            let (p, ..) = CUTS[which % CUTS.len()];
            let full = Regex::new(p).unwrap();
            let rule = Rule::new(p);
            if let Some(got) = rule.screen(&text) {
                proptest::prop_assert_eq!(got, full.is_match(&text));
            }
            proptest::prop_assert_eq!(spans_on(rule.on(&text), &text), spans(&full, &text));
        }
    }

    #[test]
    fn a_bad_pattern_matches_nothing_instead_of_failing() {
        assert!(!regex("(unclosed").is_match("(unclosed"));
        assert!(regex(r"^\d+$").is_match("42"));
    }
}
