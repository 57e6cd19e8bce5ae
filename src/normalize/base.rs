// (No `//!` here: build.rs compiles this file as a module of its own; the docs are on
// its `mod` line in normalize/mod.rs. Plain `std` and `unicode-normalization` only: no
// crate paths.)

use unicode_normalization::UnicodeNormalization;

/// Collapse every run of whitespace (spaces, tabs, the line breaks a PDF cell wraps on)
/// into one space and trim the ends.
///
/// Why: the same value wraps differently on every page and in every document; values are
/// compared and stored with whitespace collapsed, as the truth files are.
///
/// In one pass and one allocation, each word copied whole (it was a vector of the
/// words and their join, called for every cell of every table row and every folded
/// name: ~3% of seed 000's stages after the PDF layer; then each word's chars pushed
/// one by one, most of what [`fold`] cost on the mix of producers).
///
/// ASCII text is split on its bytes: the characters `char::is_whitespace` takes in
/// ASCII are the space and `\t` to `\r`, and a byte scan finds them without decoding
/// characters (the decoding `split_whitespace` does was ~2% of the stages after the
/// PDF layer over the mix sample: issue 22, round 16).
pub fn collapse_ws(s: &str) -> String {
    if s.is_ascii() {
        return collapse_ascii_ws(s);
    }
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// [`collapse_ws`] of an ASCII `s`: each run of bytes that are no whitespace copied
/// whole (every byte is a character, so any byte offset is a character boundary).
fn collapse_ascii_ws(s: &str) -> String {
    let is_ws = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut start = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (is_ws(b), start) {
            (false, None) => start = Some(i),
            (true, Some(a)) => {
                push_word(&mut out, s.get(a..i).unwrap_or_default());
                start = None;
            }
            _ => {}
        }
    }
    if let Some(a) = start {
        push_word(&mut out, s.get(a..).unwrap_or_default());
    }
    out
}

/// `w` after the words in `out`, one space between.
fn push_word(out: &mut String, w: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(w);
}

/// Fold a string for comparison: lowercase, accents stripped (NFD, combining marks
/// dropped), typographic apostrophes made ASCII, whitespace collapsed.
///
/// Why: the documents print the same word as `ATTIVITA'`, `Attività` and `attivita`, and
/// names in upper case in one plan and title case in another (seed 002 vs 000).
pub fn fold(s: &str) -> String {
    // ASCII has no accents to strip: the same result without decomposing (most names
    // and every list of data/ are mostly ASCII; loading the ISTAT list folds 16,000).
    // (Lowering and the apostrophe map ASCII to ASCII and no char to or from
    // whitespace, so they commute with the collapse and run on its result in place.)
    if s.is_ascii() {
        let mut out = collapse_ws(s);
        out.make_ascii_lowercase();
        if out.contains('`') {
            out = out.replace('`', "'");
        }
        return out;
    }
    if s.chars().all(decomposes_alone) {
        return fold_chars(
            s.chars().filter_map(stripped_char).map(plain_apostrophe),
            s.len(),
        );
    }
    let stripped = s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(plain_apostrophe);
    // a capital sigma lowers by its place in the word (`str::to_lowercase`), which
    // char by char does not see
    if s.contains('Σ') {
        return collapse_ws(&stripped.collect::<String>().to_lowercase());
    }
    fold_chars(stripped, s.len())
}

/// Whether `c` is before the combining diacritical marks (U+0300) or in General
/// Punctuation (U+2000–U+206F): the letters of Italian and the other Latin-script
/// languages, their punctuation and typographic quotes and dashes. No such character
/// is a combining mark, and each decomposes canonically into one character that is
/// none (its base letter, itself, or a space for U+2000/U+2001) and combining marks
/// (a test reads every one): so a text of such characters, its marks stripped, is each
/// character's [`stripped_char`] in turn. NFD's reordering moves only characters of a
/// non-zero combining class, all marks here, which are dropped.
///
/// Why: NFD's iterator (a buffer of marks sorted per starter) was a third of
/// [`fold`]'s cost on accented text; a lookup per character is what it needs here
/// (issue 22, round 16).
fn decomposes_alone(c: char) -> bool {
    c < '\u{300}' || ('\u{2000}'..='\u{206f}').contains(&c)
}

/// The one character of `c`'s canonical decomposition that is no combining mark
/// (`à` → `a`), for a character [`decomposes_alone`] takes; ASCII is its own.
fn stripped_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    let mut kept = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if kept.is_none() && !unicode_normalization::char::is_combining_mark(d) {
            kept = Some(d);
        }
    });
    kept
}

/// Whether [`fold`]`(s)` is `folded`, without building it: `fold`'s characters made
/// one by one and compared as they come, so a text that differs from `folded` is
/// left at its first differing character.
///
/// Why: a stream table's rows are each compared with its header row to find a
/// repeated header (`grid::region`); nearly all differ within their first letters,
/// and folding every row whole was a tenth of the stream tables' work on the
/// Chromium zebra seed (issue 22). A capital sigma lowers by its place in the word,
/// which one character at a time does not see: such a text is folded whole.
pub fn fold_eq(s: &str, folded: &str) -> bool {
    if s.contains('Σ') {
        return fold(s) == folded;
    }
    if s.is_ascii() {
        // `fold`'s ASCII path: no decomposition, no mark to drop
        return folds_to(s.chars().map(plain_apostrophe), folded);
    }
    folds_to(
        s.nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .map(plain_apostrophe),
        folded,
    )
}

/// The apostrophe every typographic one (and the backtick, the acute accent) folds to.
fn plain_apostrophe(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => '\'',
        _ => c,
    }
}

/// Whether [`fold_chars`]`(chars)` is `folded` (with no capital sigma among `chars`),
/// compared character by character: whitespace collapsed to one space between
/// characters, each character lowered.
fn folds_to(chars: impl Iterator<Item = char>, folded: &str) -> bool {
    let mut want = folded.chars();
    let mut space = false;
    let mut seen = false;
    for c in chars {
        if c.is_whitespace() {
            space = seen;
            continue;
        }
        if space {
            if want.next() != Some(' ') {
                return false;
            }
            space = false;
        }
        for l in c.to_lowercase() {
            if want.next() != Some(l) {
                return false;
            }
        }
        seen = true;
    }
    want.next().is_none()
}

/// Lower `chars` and collapse their whitespace in one pass into one string: what
/// `collapse_ws(&chars.collect::<String>().to_lowercase())` gives when no capital
/// sigma is among them (no other character lowers by its context, no whitespace has
/// a case and none lowers to whitespace), without the two copies between (every
/// non-ASCII header, label and name is folded, most more than once).
fn fold_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut space = false;
    for c in chars {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The rows of a tab-separated data file from `data/`, header checked and dropped.
///
/// Why an error and not a panic: the files are compiled in, so a malformed one is a
/// build mistake that the data tests catch (each module has one asserting its file
/// parses); at run time a broken file only leaves its lookups empty.
pub(crate) fn tsv_rows<'a>(
    text: &'a str,
    header: &[&str],
) -> std::result::Result<Vec<Vec<&'a str>>, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let head: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    if head != header {
        return Err(format!("header {head:?}, expected {header:?}"));
    }
    lines
        .enumerate()
        .map(|(i, line)| {
            let cells: Vec<&str> = line.split('\t').collect();
            if cells.len() == header.len() {
                Ok(cells)
            } else {
                Err(format!(
                    "line {}: {} cells, expected {}",
                    i + 2,
                    cells.len(),
                    header.len()
                ))
            }
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// What `collapse_ws` and the ASCII `fold` were: the words split, collected and
    /// joined, after the chars were mapped.
    fn joined(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn fold_ascii_before(s: &str) -> String {
        let lowered: String = s
            .chars()
            .map(|c| match c {
                '`' => '\'',
                _ => c.to_ascii_lowercase(),
            })
            .collect();
        joined(&lowered)
    }

    /// The one-pass forms give what the split-and-join gave, on every text of the
    /// fixtures' truth tables and on whitespace of every kind at the ends and inside.
    #[test]
    fn one_pass_collapse_and_fold_equal_the_split_and_join() {
        let mut texts: Vec<String> = crate::testing::fixture_table_texts().into_iter().collect();
        texts.extend(
            [
                "",
                " ",
                "\t\n",
                "  a  b ",
                "\u{a0}Foo\u{2003}BAR\r\n",
                "x\u{b}y\u{c}z",
                " `Attivita` \t",
                "ÀB  c\u{85}d",
                "a\u{1c}b\u{1f} c\u{7f}\u{0}d ",
            ]
            .map(String::from),
        );
        // every ASCII character, alone and between words
        texts.extend((0u8..128).map(|b| char::from(b).to_string()));
        texts.extend((0u8..128).map(|b| format!("ab{}cd {0}", char::from(b))));
        for t in &texts {
            assert_eq!(collapse_ws(t), joined(t), "{t:?}");
            if t.is_ascii() {
                assert_eq!(fold(t), fold_ascii_before(t), "{t:?}");
            }
        }
        assert!(texts.len() > 1000, "{}", texts.len());
    }

    /// What `fold` was on text that is not ASCII: the marks stripped into a string,
    /// lowered whole, collapsed.
    fn fold_before(s: &str) -> String {
        let stripped: String = s
            .nfd()
            .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
            .map(|c| match c {
                '\u{2019}' | '\u{2018}' | '`' | '\u{b4}' => '\'',
                _ => c,
            })
            .collect();
        joined(&stripped.to_lowercase())
    }

    /// The one-pass fold gives what the strip, lower and collapse gave, on every text
    /// of the fixtures' truth tables and on the characters whose lowering is special
    /// (`İ` lowers to two characters, `Σ` by its place in the word).
    #[test]
    fn one_pass_fold_equals_strip_lower_collapse() {
        let mut texts: Vec<String> = crate::testing::fixture_table_texts().into_iter().collect();
        texts.extend(
            [
                "ATTIVITÀ  dell’Ente\u{a0}",
                " İstanbul ",
                "ΟΔΟΣ ΣΟΦΟΣ",
                "Σ",
                "ǅ ǈ ǋ ẞ ﬃ",
                "\u{301}É\u{2003}\u{85}è ",
            ]
            .map(String::from),
        );
        let mut n = 0;
        for t in texts.iter().filter(|t| !t.is_ascii()) {
            assert_eq!(fold(t), fold_before(t), "{t:?}");
            n += 1;
        }
        assert!(n > 100, "{n}");
    }

    /// Every character `decomposes_alone` takes gives, alone and between letters,
    /// what NFD with its marks stripped gives: one character, no mark (so `fold`'s
    /// path by `stripped_char` is its path by NFD on every text of such characters).
    #[test]
    fn characters_that_decompose_alone_strip_as_nfd_does() {
        let nfd_stripped = |s: &str| -> String {
            s.nfd()
                .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
                .collect()
        };
        let mut n = 0;
        for c in ('\0'..='\u{2fff}').filter(|c| decomposes_alone(*c)) {
            assert!(!unicode_normalization::char::is_combining_mark(c), "{c:?}");
            let alone = nfd_stripped(&c.to_string());
            assert_eq!(alone.chars().count(), 1, "{c:?}");
            assert_eq!(stripped_char(c).map(String::from), Some(alone), "{c:?}");
            let s = format!("E{c}\u{e8}{c}o");
            let ours: String = s.chars().filter_map(stripped_char).collect();
            assert_eq!(ours, nfd_stripped(&s), "{s:?}");
            assert_eq!(fold(&s), fold_before(&s), "{s:?}");
            n += 1;
        }
        assert_eq!(n, 0x300 + 0x70);
    }

    /// `fold_eq` answers as comparing `fold`'s result does: on every text of the
    /// fixtures' truth tables against its own fold, its neighbour's and variants of
    /// its own (case, spacing, a character more or less), and on the odd cases.
    #[test]
    fn fold_eq_is_fold_then_compare() {
        let mut texts: Vec<String> = crate::testing::fixture_table_texts().into_iter().collect();
        texts.extend(
            [
                "",
                " ",
                "  a  b ",
                "ATTIVITÀ  dell’Ente\u{a0}",
                " İstanbul ",
                "i\u{307}stanbul",
                "ΟΔΟΣ ΣΟΦΟΣ",
                "οδος σοφος",
                "ǅ ǈ ǋ ẞ ﬃ",
                "\u{301}É\u{2003}\u{85}è ",
                "`Attivita` ",
                "\u{212a}elvin",
            ]
            .map(String::from),
        );
        let folded: Vec<String> = texts.iter().map(|t| fold(t)).collect();
        let mut same = 0;
        for (i, t) in texts.iter().enumerate() {
            let variants = [
                t.to_uppercase(),
                t.to_lowercase(),
                format!(" {t}\t"),
                t.replace(' ', "  "),
                format!("{t}x"),
                t.chars().skip(1).collect(),
            ];
            for v in variants.iter().chain([t]) {
                for f in [&folded[i], &folded[(i + 1) % folded.len()]] {
                    let want = fold(v) == *f;
                    assert_eq!(fold_eq(v, f), want, "{v:?} against {f:?}");
                    same += usize::from(want);
                }
            }
        }
        assert!(
            texts.len() > 1000 && same > 3 * texts.len(),
            "{} {same}",
            texts.len()
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// `fold_eq` on any two texts of letters, marks and spaces, and on a text and
        /// its own fold.
        #[test]
        fn fold_eq_on_any_texts(
            s in "[a-zA-ZàÈéÌòÙçÇİıΣσςẞǅ’`´\u{301}\u{308} \t\n\u{a0}.,'-]{0,12}",
            t in "[aAeEiIàÀéÉıİσςΣ’` \u{301}]{0,6}",
        ) {
            proptest::prop_assert!(fold_eq(&s, &fold(&s)));
            proptest::prop_assert_eq!(fold_eq(&s, &fold(&t)), fold(&s) == fold(&t));
            let spaced = format!(" {s} ");
            proptest::prop_assert_eq!(fold_eq(&spaced, &fold(&s)), fold(&spaced) == fold(&s));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// The same on any text of letters, marks, spaces and the odd cases.
        #[test]
        fn one_pass_fold_on_any_text(s in "[a-zA-ZàÈéÌòÙçÇİıΣσςẞǅ’`´\u{301}\u{308} \t\n\u{a0}\u{2003}.,'-]{0,24}") {
            proptest::prop_assert_eq!(fold(&s), if s.is_ascii() { fold_ascii_before(&s) } else { fold_before(&s) });
        }
    }
}
