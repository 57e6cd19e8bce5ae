//! Cell text: the words inside a cell joined the way a reader would read them.

use crate::config::GridTolerances;
use crate::layout::{Lexicon, Verdict, Word};
use std::ops::Range;

/// A code still being written: digits, dots and underscores with at least one
/// separator (`25.29.2.1.05_00`, `1.3.2_`), as Calc breaks codes in narrow cells.
static CODE_HEAD: crate::text::Rule = crate::text::Rule::new(r"^[0-9]+([._][0-9]*)+$|^[0-9]+[._]$");
/// The rest of a broken code: digits, dots, underscores.
static CODE_TAIL: crate::text::Rule = crate::text::Rule::new(r"^[0-9._]+$");

/// Whether a line break between `a` (last word of a line) and `b` (first word of the
/// next) falls inside a token, so the words are joined with no space.
///
/// Seen in the seeds: `25.29.2.1.05_` / `0001` (000, code in a narrow cell),
/// `informativo-` / `contabile`. A slash at a line end keeps its space: 000 prints
/// `online / Totale` and `digitalizzati/ n.`.
pub fn joins_without_space(a: &str, b: &str) -> bool {
    let (Some(last), Some(first)) = (a.chars().last(), b.chars().next()) else {
        return false;
    };
    if last == '_' {
        return true;
    }
    if last == '-' {
        // `informativo-` / `contabile`, `Economico-` / `Patrimoniale`, `3-` /
        // `sottopasso` (000); but not the type label `A-` / `Obiettivi` (004) nor
        // `2-` / `Condivisione` (000), where the document has a space.
        let before = a.chars().rev().skip(1).take(2).collect::<Vec<_>>();
        let word_before = before.len() == 2 && before.iter().all(|c| c.is_alphabetic());
        let glued = before.first().is_some_and(|c| c.is_alphanumeric());
        // a code such as `M5-` / `C2-I2.3.1` (000): letters and digits before the hyphen
        let core: String = a
            .trim_end_matches('-')
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        let code = core.chars().count() >= 2
            && core.chars().any(|c| c.is_ascii_digit())
            && core.chars().any(char::is_alphabetic);
        return glued
            && (code
                || first.is_lowercase()
                || first.is_ascii_digit()
                || (word_before && first.is_alphabetic()));
    }
    CODE_HEAD.is_match(a)
        && CODE_TAIL.is_match(b)
        && (a.contains('_') || a.matches('.').count() >= 2 || a.ends_with('.'))
}

/// Whether `prev` (last word of a line) and `next` (first word of the next line) are
/// one word the producer broke because it is wider than the cell: Calc breaks such
/// words at any character (001: `import` / `o`, `Indisponi` / `bilità`). Both pieces
/// together are wider than the text area, `prev` is alone on its line (a word that
/// fits a line is moved down whole, never broken) and runs to the right edge: closer
/// to it than the next character's width, and than
/// [`GridTolerances::broken_word_edge_em`].
fn broken_word(
    prev: &Word,
    alone: bool,
    next: &Word,
    inner: (f64, f64),
    tol: &GridTolerances,
) -> bool {
    let (left, right) = inner;
    let at_edge = runs_to_edge(prev, next, right, tol);
    let too_wide = prev.bbox.width() + next.bbox.width() > right - left;
    let junction = prev.text.chars().last().is_some_and(char::is_alphanumeric)
        && next
            .text
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    alone && at_edge && too_wide && junction
}

/// Whether `prev` ends closer to the text area's right edge `right` than the width of
/// a character of `next`, and than [`GridTolerances::broken_word_edge_em`]: where a
/// producer that breaks an over-wide word at any character ends its piece.
fn runs_to_edge(prev: &Word, next: &Word, right: f64, tol: &GridTolerances) -> bool {
    let next_char = next.bbox.width() / next.text.chars().count().max(1) as f64;
    right - prev.bbox.x1 < next_char.min(tol.broken_word_edge_em * f64::from(prev.size.max(1.0)))
}

/// Whether a line that ends with infix punctuation (`,` `.` `:` `;`) before a letter
/// can only have been wrapped at a space. The Unicode line-breaking rules that Calc,
/// Writer and Chromium follow forbid a break there inside a token (UAX #14, LB29:
/// `IS × (AL | HL)`, so `e.g.` stays whole), and producers that wrap only at spaces
/// never break there at all; only a word wider than the line is cut at any character,
/// and its piece runs to the edge. So the space a rewriter dropped with the line's
/// last glyph is put back (the cairo rewrite of 001-calc-unruled, p. 50: `Imprese,` /
/// `Pianificazione`, alone on its line 40 pt short of the edge, with no space glyph).
fn wrapped_at_space(prev: &Word, next: &Word, right: f64, tol: &GridTolerances) -> bool {
    let infix = prev
        .text
        .chars()
        .last()
        .is_some_and(|c| matches!(c, ',' | '.' | ':' | ';'));
    let letter = next.text.chars().next().is_some_and(char::is_alphabetic);
    infix && letter && !runs_to_edge(prev, next, right, tol)
}

/// The text area of a cell: its box less the padding its words keep on the left
/// (taken as the same on the right), at most [`GridTolerances::max_padding_share`] of
/// its width.
pub fn inner_area(cell_x0: f64, cell_x1: f64, words: &[&Word], tol: &GridTolerances) -> (f64, f64) {
    let pad = words
        .iter()
        .map(|w| w.bbox.x0 - cell_x0)
        .fold(f64::INFINITY, f64::min)
        .clamp(0.0, (cell_x1 - cell_x0) * tol.max_padding_share);
    (cell_x0 + pad, cell_x1 - pad)
}

/// What the page and its document tell about line breaks, for [`join_words`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Breaks {
    /// The producer keeps the space a wrapped line ends with
    /// ([`crate::layout::PageText::trailing_spaces`]).
    pub trailing_spaces: bool,
    /// Leave the breaks between two letters that the trailing space does not decide
    /// to the document's vocabulary, marked in the text until every page is read
    /// ([`resolve_breaks`]); otherwise the geometry decides them now.
    pub defer_to_lexicon: bool,
}

/// Marks a line break left to the document's vocabulary; four noncharacters (never
/// assigned, so no text carries them) encode the geometry's answer, used when the
/// vocabulary has none, and whether the first word was alone on its line.
const PENDING: [char; 4] = ['\u{FDD0}', '\u{FDD1}', '\u{FDD2}', '\u{FDD3}'];

/// The first byte of every [`PENDING`] mark's UTF-8 form (U+FDD0..U+FDD3 encode as
/// `EF B7 90`..`EF B7 93`): a text without it holds no mark.
const PENDING_LEAD: u8 = 0xEF;

fn pending(geometry_joins: bool, alone: bool) -> char {
    PENDING[usize::from(geometry_joins) | (usize::from(alone) << 1)]
}

fn is_pending(c: char) -> bool {
    PENDING.contains(&c)
}

/// Whether the vocabulary may have a verdict on this break: letters on both sides.
fn lexicon_may_decide(prev: &str, next: &str) -> bool {
    prev.chars().last().is_some_and(char::is_alphabetic)
        && next.chars().next().is_some_and(char::is_alphabetic)
}

/// Settle the breaks [`join_words`] left to the vocabulary, now that the whole
/// document's is known: `None` when the text has none. So a break reads the same
/// whichever page, and whichever chunk of pages, it is on.
pub fn resolve_breaks(text: &str, lexicon: &Lexicon) -> Option<String> {
    // asked of every cell of every grid, and few hold a mark: each mark's UTF-8 form
    // starts with the byte `PENDING_LEAD`, which a byte search (`memchr`) finds or
    // rules out far faster than decoding every character (issue 22: 1.7% of the
    // Chromium zebra seed was this test)
    if !text.as_bytes().contains(&PENDING_LEAD) || !text.contains(is_pending) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, mark)) = rest.char_indices().find(|&(_, c)| is_pending(c)) {
        let (before, tail) = rest.split_at(at);
        let after = &tail[mark.len_utf8()..];
        let prev = before.rsplit(' ').next().unwrap_or("");
        let next = after
            .split(|c: char| c == ' ' || is_pending(c))
            .next()
            .unwrap_or("");
        let code = PENDING.iter().position(|&c| c == mark).unwrap_or(0);
        let (geometry_joins, alone) = (code & 1 == 1, code & 2 == 2);
        out.push_str(before);
        let join = match lexicon.verdict(prev, next, alone) {
            Some(v) => v == Verdict::Join,
            None => geometry_joins,
        };
        if !join {
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
    Some(out)
}

/// Group words into lines (by baseline), order them, and join: words with one space,
/// lines with one space unless the break is inside a token. `inner` is the text area
/// of the cell (see [`inner_area`]) when its borders are drawn or its column's extent
/// is known.
pub fn join_words(
    words: &mut Vec<&Word>,
    inner: Option<(f64, f64)>,
    breaks: Breaks,
    tol: &GridTolerances,
) -> String {
    let lines = cell_lines(words, tol);
    let words: &[&Word] = words;
    let evidence = breaks.trailing_spaces && keeps_trailing_spaces(words, &lines, tol);
    let right = inner.map_or_else(
        || {
            words
                .iter()
                .map(|w| w.bbox.x1)
                .fold(f64::NEG_INFINITY, f64::max)
        },
        |a| a.1,
    );
    let mut out = String::with_capacity(words.iter().map(|w| w.text.len() + 1).sum());
    let mut prev: Option<&Word> = None;
    let mut prev_alone = false;
    let mut prev_spaced = true;
    for line in lines.iter().map(|r| &words[r.clone()]) {
        for (i, w) in line.iter().enumerate() {
            if let Some(p) = prev {
                let joined = if i > 0 || (evidence && p.space_after) {
                    Some(false)
                } else if evidence && prev_spaced && space_fits(p, right, tol) {
                    let geometry =
                        !next_piece_fits(p, w, right) && !wrapped_at_space(p, w, right, tol);
                    // a space that would have ended at the edge of a clipped cell may be
                    // dropped with the clip (the cairo rewrite of 001: `giorni` / `di`)
                    if geometry && breaks.defer_to_lexicon && lexicon_may_decide(&p.text, &w.text) {
                        out.push(pending(geometry, prev_alone));
                        None
                    } else {
                        Some(geometry)
                    }
                } else if joins_without_space(&p.text, &w.text) {
                    Some(true)
                } else {
                    let geometry = inner.is_some_and(|a| broken_word(p, prev_alone, w, a, tol));
                    if breaks.defer_to_lexicon && lexicon_may_decide(&p.text, &w.text) {
                        out.push(pending(geometry, prev_alone));
                        None
                    } else {
                        Some(geometry)
                    }
                };
                if joined == Some(false) {
                    out.push(' ');
                }
            }
            // a marker in the PDF's own text would be read as one
            if w.text.contains(is_pending) {
                out.extend(
                    w.text
                        .chars()
                        .map(|c| if is_pending(c) { '\u{FFFD}' } else { c }),
                );
            } else {
                out.push_str(&w.text);
            }
            prev = Some(w);
        }
        prev_alone = line.len() == 1;
        prev_spaced = spaces_its_words(line);
    }
    out
}

/// Whether a line sets a space glyph between each of its words. Only then does a
/// missing one at its end tell a break inside a token: a line whose own words stand
/// apart with no space glyph (a rewriter that positions words instead of printing
/// spaces: the cairo rewrite of 001 drops `alla`'s trailing space with the two before
/// it on its line) says nothing by lacking one at its end.
fn spaces_its_words(line: &[&Word]) -> bool {
    line.iter().rev().skip(1).all(|w| w.space_after)
}

/// The cell's words in lines (baselines within [`GridTolerances::same_line_em`]), each
/// line left to right: `words` is put in that order, and each line is a range of it
/// (no vector per line: this runs for every cell of every grid, issue 22).
fn cell_lines(words: &mut [&Word], tol: &GridTolerances) -> Vec<Range<usize>> {
    words.sort_by(|a, b| {
        a.bbox
            .bottom
            .total_cmp(&b.bbox.bottom)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut lines: Vec<Range<usize>> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let near = tol.same_line_em * f64::from(w.size.max(1.0));
        match lines.last_mut() {
            Some(l) if (words[l.start].bbox.bottom - w.bbox.bottom).abs() <= near => l.end = i + 1,
            _ => lines.push(i..i + 1),
        }
    }
    for l in &lines {
        words[l.clone()].sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    }
    lines
}

/// Whether this cell follows its page's habit of keeping the space at a wrapped
/// line's end. A cell whose every break (at least [`GridTolerances::habit_min_breaks`])
/// lacks it was set another way (Writer drops the space in justified paragraphs).
/// `lines` are ranges of `words` ([`cell_lines`]).
fn keeps_trailing_spaces(words: &[&Word], lines: &[Range<usize>], tol: &GridTolerances) -> bool {
    let mut ends = lines.iter().rev().skip(1).map(|l| words[l.end - 1]);
    lines.len().saturating_sub(1) < tol.habit_min_breaks || ends.any(|w| w.space_after)
}

/// Whether a space ([`GridTolerances::space_em`] wide) would have fitted after `prev`
/// on its line. Where it would not, producers drop it even when they otherwise keep it
/// (Writer: `delle` / `attività` in 004 ends a line 1 pt from the cell's edge with no
/// space after it), so its absence tells nothing.
fn space_fits(prev: &Word, right: f64, tol: &GridTolerances) -> bool {
    prev.bbox.x1 + tol.space_em * f64::from(prev.size.max(1.0)) <= right
}

/// Whether the first piece of `next` (up to its first `/` or `-`, where a line may
/// break) would have fitted after `prev` on its line: then the producer did not wrap
/// there for want of room, the line was ended by hand (`1 = fatto` / `0 = non fatto`).
fn next_piece_fits(prev: &Word, next: &Word, right: f64) -> bool {
    let chars = next.text.chars().count().max(1);
    let piece = next
        .text
        .char_indices()
        .find(|&(i, c)| i > 0 && (c == '/' || c == '-'))
        .map_or(chars, |(i, _)| next.text[..i].chars().count() + 1);
    let width = next.bbox.width() * piece as f64 / chars as f64;
    prev.bbox.x1 + width <= right
}

#[cfg(test)]
mod tests {
    use super::joins_without_space as j;

    /// `resolve_breaks`' byte pre-test skips a text without `PENDING_LEAD`: every
    /// mark must start with it, or a mark would go unresolved.
    #[test]
    fn every_pending_mark_starts_with_the_lead_byte() {
        for c in super::PENDING {
            let mut b = [0u8; 4];
            assert_eq!(
                c.encode_utf8(&mut b).as_bytes()[0],
                super::PENDING_LEAD,
                "{c:?}"
            );
        }
    }

    #[test]
    fn breaks_inside_tokens_join_without_space() {
        // seed 000 line 62: code broken at the cell edge in the Calc rendering
        assert!(j("25.29.2.1.05_", "0001"));
        assert!(j("25.29.2.1.05_00", "01"));
        assert!(j("25.29.2.1.", "05_0001"));
        // seed 002 line 20: plan code
        assert!(j("1.3.2_", "0003"));
        // seed 000: "1-lter di approvazione", "3-sottopasso Monviso"
        assert!(j("1-", "lter"));
        assert!(j("3-", "sottopasso"));
        // seed 000: "M5-C2-I2.3.1"
        assert!(j("M5-", "C2-I2.3.1"));
        assert!(j("informativo-", "contabile"));
        // seed 000 line 66
        assert!(j("Economico-", "Patrimoniale"));
    }

    #[test]
    fn ordinary_wraps_keep_the_space() {
        // seed 000 line 62: "Noleggio con / Conducente"
        assert!(!j("con", "Conducente"));
        assert!(!j("Masserdotti", "Marco"));
        assert!(!j("1=", "fatto"));
        assert!(!j("-", "Servizio"));
        assert!(!j("2025", "2026"));
        assert!(!j("A-", "Obiettivi"));
        // seed 000: "1- Largo Moreni", "2- Condivisione", "online / Totale", "digitalizzati/ n."
        assert!(!j("2-", "Condivisione"));
        assert!(!j("/", "Totale"));
        assert!(!j("digitalizzati/", "n."));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod resolve_tests {
    use super::*;

    fn lexicon(words: &[&str]) -> Lexicon {
        Lexicon::of_words(words)
    }

    #[test]
    fn open_breaks_are_settled_by_the_vocabulary_else_the_geometry() {
        // 001 (Chromium): `Informagiova` / `ni` (alone on its line), `numero` / `tutorial`
        let l = lexicon(&["Informagiovani", "numero", "numero", "tutorial", "tutorial"]);
        let text = format!(
            "sede dell'Informagiova{}ni del Comune; realizzati/numero{}tutorial",
            pending(false, true),
            pending(true, true)
        );
        assert_eq!(
            resolve_breaks(&text, &l).unwrap(),
            "sede dell'Informagiovani del Comune; realizzati/numero tutorial"
        );
        // no verdict: the geometry's answer stands
        let text = format!(
            "Indisponi{}bilità e{}poi",
            pending(true, true),
            pending(false, false)
        );
        assert_eq!(resolve_breaks(&text, &l).unwrap(), "Indisponibilità e poi");
        assert_eq!(resolve_breaks("nothing open", &l), None);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod habit_tests {
    use super::*;
    use crate::geom::BBox;

    /// A word of 7 pt Liberation Sans on the baseline `bottom`.
    fn word(text: &str, x0: f64, x1: f64, bottom: f64, space_after: bool) -> Word {
        Word {
            text: text.to_string(),
            page: 10,
            bbox: BBox::new(x0, bottom - 7.0, x1, bottom),
            size: 7.0,
            dir: 0,
            bold: Some(false),
            space_after,
            origin: Default::default(),
        }
    }

    fn joined(ws: &[Word], breaks: Breaks) -> String {
        let tol = GridTolerances::default();
        let mut refs: Vec<&Word> = ws.iter().collect();
        join_words(&mut refs, Some((211.0, 362.0)), breaks, &tol)
    }

    #[test]
    fn a_comma_before_a_letter_ends_a_line_wrapped_at_a_space() {
        // 001-calc-unruled--cairo p. 50, the `Finalità` column (491.28 to the next
        // column at 563.48): the rewrite dropped the space glyph after `Imprese,`.
        // Before: `Imprese,Pianificazione`
        let ws = [
            word("Sportello", 491.28, 518.88, 410.61, true),
            word("Unico", 520.77, 538.73, 410.61, true),
            word("Imprese,", 491.28, 518.36, 418.40, false),
            word("Pianificazione", 491.28, 534.54, 426.21, true),
            word("urbana,", 536.43, 560.11, 426.21, true),
        ];
        let breaks = Breaks {
            trailing_spaces: true,
            defer_to_lexicon: false,
        };
        let tol = GridTolerances::default();
        let mut refs: Vec<&Word> = ws.iter().collect();
        let text = join_words(&mut refs, Some((491.28, 561.28)), breaks, &tol);
        assert_eq!(text, "Sportello Unico Imprese, Pianificazione urbana,");
        // made up: a piece cut for width, ending 3.3 pt from the edge (room for a
        // space, not for a character of the rest), still joins
        let cut = [
            word("www.comune.", 491.28, 558.00, 418.40, false),
            word("museo", 491.28, 510.00, 426.21, true),
        ];
        let mut refs: Vec<&Word> = cut.iter().collect();
        let text = join_words(&mut refs, Some((491.28, 561.28)), breaks, &tol);
        assert_eq!(text, "www.comune.museo");
    }

    #[test]
    fn a_line_without_spaces_between_its_words_tells_nothing_by_lacking_one_at_its_end() {
        // 001-calc-unruled--cairo p. 10: the cairo rewrite drops the space glyphs of
        // `città, procedendo alla`, its trailing one too; the next line's words keep
        // theirs. Before: `allarifunzionalizzazione`
        let ws = [
            word("città,", 289.37, 304.15, 346.40, false),
            word("procedendo", 306.00, 342.91, 346.40, false),
            word("alla", 344.80, 355.75, 346.40, false),
            word("rifunzionalizzazione", 211.00, 272.14, 354.18, true),
            word("degli", 274.03, 288.84, 354.18, true),
        ];
        let breaks = Breaks {
            trailing_spaces: true,
            defer_to_lexicon: false,
        };
        assert_eq!(
            joined(&ws, breaks),
            "città, procedendo alla rifunzionalizzazione degli"
        );
        // where the line spaces its words, the missing end space still joins
        let mut spaced = ws.clone();
        spaced[0].space_after = true;
        spaced[1].space_after = true;
        assert_eq!(
            joined(&spaced, breaks),
            "città, procedendo allarifunzionalizzazione degli"
        );
    }
}
