//! The document's own vocabulary, to read line breaks the geometry cannot decide.
//!
//! A producer that drops the space a line was wrapped at (Chromium) prints
//! `numero` / `tutorial` (two words) and `Informagiova` / `ni` (one word broken for
//! width) the same way. The rest of the document usually tells them apart: it prints
//! `informagiovani` whole somewhere, or `numero` and `tutorial` as words of their own.
//! No dictionary is needed, so it works for any language and any jargon the plan uses.
//!
//! A slash at a line end is left alone (the space stays): `a/b` and `a/ b` wrap the
//! same way, and following the document's habit (most of its slashes are glued) was
//! tried and lost more than it won on the fixtures — 000 prints `digitalizzati/ n.`
//! three times, each at a line end in the Chromium rendering.

use super::PageText;
use crate::config::LayoutTolerances;
use std::collections::HashMap;

/// The lexicon's hasher: foldhash's fixed-seed hasher. Every letter run of every word
/// of a document is looked up once, and SipHash (std's default, built to resist
/// chosen keys) was most of that cost on the 84-page seed 004; the map is only
/// queried, never iterated, so its order can reach no output.
type Hasher = foldhash::fast::FixedState;

/// Lower-case letter runs of a document (`dell'Informagiovani,` gives `dell` and
/// `informagiovani`) with how often each occurs.
#[derive(Debug, Clone)]
pub struct Lexicon {
    counts: HashMap<String, u32, Hasher>,
    /// [`LayoutTolerances::word_not_syllable`].
    word_not_syllable: usize,
}

/// What the lexicon says of a line break between two words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// One token: join with no space.
    Join,
    /// Two words: join with a space.
    Space,
}

impl Lexicon {
    /// An empty lexicon judging breaks with `tol`.
    pub fn new(tol: &LayoutTolerances) -> Self {
        Lexicon {
            counts: HashMap::default(),
            word_not_syllable: tol.word_not_syllable,
        }
    }

    /// Add a page's words.
    pub fn add_page(&mut self, page: &PageText) {
        let mut run = String::new();
        for w in &page.words {
            for piece in w
                .text
                .split(|c: char| !c.is_alphabetic())
                .filter(|r| !r.is_empty())
            {
                lower_into(piece, &mut run);
                // a word seen before costs no allocation
                match self.counts.get_mut(run.as_str()) {
                    Some(n) => *n += 1,
                    None => {
                        self.counts.insert(run.clone(), 1);
                    }
                }
            }
        }
    }

    /// The vocabulary of a page with these words (tests).
    #[cfg(test)]
    pub(crate) fn of_words(words: &[&str]) -> Self {
        let word = |text: &str| super::Word {
            text: text.to_string(),
            page: 1,
            bbox: crate::geom::BBox::new(0.0, 0.0, 10.0, 10.0),
            size: 8.0,
            dir: 0,
            bold: None,
            space_after: false,
            origin: crate::pdf::Origin::Content,
        };
        let mut l = Lexicon::new(&LayoutTolerances::default());
        l.add_page(&PageText {
            words: words.iter().map(|w| word(w)).collect(),
            ..PageText::default()
        });
        l
    }

    /// How often `word` (lower case) occurs as a letter run.
    pub fn count(&self, word: &str) -> u32 {
        self.counts.get(word).copied().unwrap_or(0)
    }

    /// The verdict on a break between `prev` (last word of a line) and `next` (first
    /// word of the next line), when the document has one. `prev_alone`: `prev` is the
    /// only word of its line, as a word broken for width always is (a word that fits
    /// a line is moved down whole).
    ///
    /// The two letter runs are lowered into one buffer that holds the joined word,
    /// the tail and the head at once: three strings built char by char and a
    /// `format!` of the joined word were ~1.6% of `extract` on the Chromium seed
    /// (issue 22, round 15); the answers are the same.
    pub fn verdict(&self, prev: &str, next: &str, prev_alone: bool) -> Option<Verdict> {
        let head = leading_letters(next);
        if head.is_empty() {
            return None;
        }
        let tail = trailing_letters(prev);
        if tail.is_empty() {
            return None;
        }
        let mut joined = String::with_capacity(tail.len() + head.len());
        push_lower(tail, &mut joined);
        let cut = joined.len();
        push_lower(head, &mut joined);
        if prev_alone && self.count(&joined) >= 1 {
            return Some(Verdict::Join);
        }
        let (tail, head) = joined.split_at_checked(cut)?;
        // each piece also printed elsewhere (this break counts once for each), or the
        // second one a word of its own long enough not to be a syllable
        // (`dell'autotrasporto` / `professionale`)
        let head_word = self.count(head) >= 2;
        (head_word && (self.count(tail) >= 2 || head.chars().count() >= self.word_not_syllable))
            .then_some(Verdict::Space)
    }
}

/// The run of letters `text` starts with (empty when it starts with none).
fn leading_letters(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(text.len(), |(i, _)| i);
    text.get(..end).unwrap_or("")
}

/// The run of letters `text` ends with (empty when it ends with none).
fn trailing_letters(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    text.get(start..).unwrap_or("")
}

/// `piece` in lower case into `run` (cleared first): a letter run of ASCII letters, as
/// most of an Italian plan's are, byte by byte (for an ASCII letter `char::to_lowercase`
/// is its ASCII lower case), any other char by char.
fn lower_into(piece: &str, run: &mut String) {
    run.clear();
    push_lower(piece, run);
}

/// `piece` in lower case onto the end of `out`, as [`lower_into`] lowers it.
fn push_lower(piece: &str, out: &mut String) {
    if piece.is_ascii() {
        let at = out.len();
        out.push_str(piece);
        if let Some(added) = out.get_mut(at..) {
            added.make_ascii_lowercase();
        }
    } else {
        out.extend(piece.chars().flat_map(char::to_lowercase));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(words: &[(&str, u32)]) -> Lexicon {
        Lexicon {
            counts: words.iter().map(|(w, n)| (w.to_string(), *n)).collect(),
            ..Lexicon::new(&LayoutTolerances::default())
        }
    }

    #[test]
    fn a_word_printed_whole_elsewhere_rejoins_its_pieces() {
        // 001 (Chromium): "dell'Informagiova" / "ni", "n.dipend" / "enti"
        let l = lex(&[
            ("informagiovani", 3),
            ("ni", 1),
            ("dipendenti", 2),
            ("enti", 4),
        ]);
        assert_eq!(
            l.verdict("dell'Informagiova", "ni", true),
            Some(Verdict::Join)
        );
        assert_eq!(
            l.verdict("corso/n.dipend", "enti", true),
            Some(Verdict::Join)
        );
        // not when the piece shares its line with other words: it was not too wide
        assert_eq!(l.verdict("dell'Informagiova", "ni", false), None);
    }

    #[test]
    fn two_words_printed_apart_elsewhere_keep_the_space() {
        // 001 (Chromium): "numero" / "domande", "posizionamento" / "in"
        let l = lex(&[
            ("numero", 40),
            ("domande", 5),
            ("posizionamento", 2),
            ("in", 90),
        ]);
        assert_eq!(
            l.verdict("accolte/numero", "domande", true),
            Some(Verdict::Space)
        );
        assert_eq!(
            l.verdict("posizionamento", "in", true),
            Some(Verdict::Space)
        );
        // a piece seen only here tells nothing
        assert_eq!(l.verdict("Indisponi", "bilità", true), None);
        // a long second piece that is a word of the document is that word
        let l = lex(&[("autotrasporto", 1), ("professionale", 3), ("o", 9)]);
        assert_eq!(
            l.verdict("dell'autotrasporto", "professionale", true),
            Some(Verdict::Space)
        );
        assert_eq!(l.verdict("import", "o", true), None);
    }

    /// The reading `verdict` had: each run collected char by char, then joined.
    fn runs_charwise(prev: &str, next: &str) -> (String, String) {
        let head: String = next
            .chars()
            .take_while(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect();
        let rev: String = prev
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let tail = rev.chars().rev().flat_map(char::to_lowercase).collect();
        (tail, head)
    }

    #[test]
    fn letter_runs_at_a_break_are_the_char_by_char_ones() {
        let pairs = [
            ("dell'Informagiova", "ni"),
            ("corso/n.dipend", "enti"),
            ("Indisponi", "bilità"),
            ("ÀÉÌ", "ÒÙ-x"),
            ("İstanbul", "İZMİR"),
            ("2021", "n."),
            ("", "abc"),
            ("a b", ""),
            ("x.", "ß1"),
        ];
        for (prev, next) in pairs {
            let (tail, head) = runs_charwise(prev, next);
            let mut joined = String::new();
            push_lower(trailing_letters(prev), &mut joined);
            assert_eq!(joined, tail, "{prev}");
            joined.clear();
            push_lower(leading_letters(next), &mut joined);
            assert_eq!(joined, head, "{next}");
        }
    }

    #[test]
    fn a_slash_at_a_line_end_is_left_to_the_geometry() {
        let l = lex(&[
            ("socializzazione", 2),
            ("arredi", 3),
            ("digitalizzati", 3),
            ("n", 50),
        ]);
        assert_eq!(l.verdict("socializzazione/", "arredi", false), None);
        assert_eq!(l.verdict("digitalizzati/", "n.", false), None);
    }

    /// The ASCII path of `lower_into` gives what `char::to_lowercase` gives, on every
    /// letter run of the fixtures' truth tables (accented, upper case, mixed).
    #[test]
    fn letter_runs_lower_as_char_by_char() {
        let mut run = String::new();
        let mut n = 0;
        for text in crate::testing::fixture_table_texts() {
            for piece in text
                .split(|c: char| !c.is_alphabetic())
                .filter(|r| !r.is_empty())
            {
                lower_into(piece, &mut run);
                let full: String = piece.chars().flat_map(char::to_lowercase).collect();
                assert_eq!(run, full, "{piece}");
                n += 1;
            }
        }
        assert!(n > 10_000, "{n}");
    }

    #[test]
    fn pages_add_lower_case_letter_runs() {
        let l = Lexicon::of_words(&["dell'Informagiovani,", "INFORMAGIOVANI", "2021"]);
        assert_eq!(l.count("informagiovani"), 2);
        assert_eq!(l.count("dell"), 1);
        assert_eq!(l.count("2021"), 0);
    }
}
