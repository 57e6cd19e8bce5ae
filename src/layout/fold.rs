//! Compatibility characters folded where words are built, so every later stage sees
//! the text a reader types and pdftotext prints: `ﬁnanziario` is `finanziario`.
//!
//! Folded: the Latin and Armenian ligatures of Unicode's Alphabetic Presentation
//! Forms (`ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ`, U+FB00–U+FB17) into their letters (their NFKC form), and the
//! soft hyphen (U+00AD): a plain `-` where it is drawn with a width (a hyphen on the
//! page: at a word's end, where the producer broke the word, or inside it, where the
//! producer mapped its hyphen glyph to U+00AD), dropped where it has none. Non-breaking and thin spaces
//! need no folding: they are whitespace and separate words like a space.

use unicode_normalization::UnicodeNormalization;

/// Soft hyphen.
const SOFT_HYPHEN: char = '\u{ad}';

/// Whether `c` is one of the ligatures folded here.
fn is_ligature(c: char) -> bool {
    ('\u{fb00}'..='\u{fb17}').contains(&c)
}

/// Append a glyph's text to a word, ligatures spelled out.
///
/// Nearly every glyph is one ASCII letter: it is pushed as that byte's character,
/// not scanned and copied as a string (a call to copy one byte, for every glyph of
/// every page, issue 22).
pub(super) fn push(word: &mut String, text: &str) {
    if let &[b] = text.as_bytes()
        && b.is_ascii()
    {
        word.push(char::from(b));
        return;
    }
    if text.is_ascii() || !text.chars().any(is_ligature) {
        word.push_str(text);
        return;
    }
    for c in text.chars() {
        if is_ligature(c) {
            word.extend(c.nfkc());
        } else {
            word.push(c);
        }
    }
}

/// The combining mark of an accent glyph: a spacing accent (`¨ ´ ` ˆ ˜ ¯ ˘ ˙ ˚ ¸
/// ˇ ˝ ˛`) or a combining mark drawn as a glyph of its own. Printed over the letter
/// before it, it is that letter's accent (TeX sets `Börsch` as `B o ¨ r s c h`,
/// ICDAR 2013 eu-026), as poppler's `addCombining` reads it.
pub(super) fn combining(text: &str) -> Option<char> {
    if text
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric())
    {
        return None;
    }
    let mut chars = text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    let mark = match c {
        '\u{a8}' => '\u{308}',
        '\u{b4}' | '\u{2ca}' => '\u{301}',
        '\u{60}' | '\u{2cb}' => '\u{300}',
        '\u{5e}' | '\u{2c6}' => '\u{302}',
        '\u{2dc}' => '\u{303}',
        '\u{af}' | '\u{2c9}' => '\u{304}',
        '\u{2d8}' => '\u{306}',
        '\u{2d9}' => '\u{307}',
        '\u{2da}' => '\u{30a}',
        '\u{b8}' => '\u{327}',
        '\u{2c7}' => '\u{30c}',
        '\u{2dd}' => '\u{30b}',
        '\u{2db}' => '\u{328}',
        c if unicode_normalization::char::is_combining_mark(c) => c,
        _ => return None,
    };
    Some(mark)
}

/// A soft hyphen drawn with an advance is a hyphen on the page, whatever its code
/// says: producers map their hyphen glyph to U+00AD (ICDAR 2013 us-022 prints the
/// ranges `1-12`, `13-24` so, and `de-conflicted`); one drawn with no width shows
/// nothing and is left to [`finish`].
pub(super) fn drawn_hyphen(text: &str, width: f64) -> &str {
    if width > 0.0 && text.starts_with(SOFT_HYPHEN) && text.len() == SOFT_HYPHEN.len_utf8() {
        "-"
    } else {
        text
    }
}

/// Resolve the soft hyphens of a finished word, and compose letters with the
/// accents joined to them (NFC).
///
/// An ASCII word (nearly every word) has neither, and is answered by one scan:
/// the soft hyphen is two bytes in UTF-8, so `contains` searched for it as a
/// substring, a searcher built for every word of every page (issue 22).
pub(super) fn finish(word: &mut String) {
    if word.is_ascii() {
        return;
    }
    if word
        .chars()
        .any(|c| !c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
    {
        *word = word.nfc().collect();
    }
    if !word.contains(SOFT_HYPHEN) {
        return;
    }
    let at_end = word.ends_with(SOFT_HYPHEN);
    word.retain(|c| c != SOFT_HYPHEN);
    if at_end {
        word.push('-');
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn folded(glyphs: &[&str]) -> String {
        let mut w = String::new();
        for g in glyphs {
            push(&mut w, g);
        }
        finish(&mut w);
        w
    }

    #[test]
    fn ligatures_are_spelled_out() {
        assert_eq!(folded(&["\u{fb01}", "nanziario"]), "finanziario");
        assert_eq!(folded(&["e", "\u{fb03}", "cace"]), "efficace");
        assert_eq!(folded(&["a", "\u{fb00}", "ari"]), "affari");
        assert_eq!(folded(&["\u{fb02}", "usso"]), "flusso");
        assert_eq!(folded(&["\u{fb04}"]), "ffl");
        assert_eq!(folded(&["città"]), "città");
    }

    #[test]
    fn accents_compose_with_their_letter() {
        let mut w = String::from("Bo");
        w.push(combining("\u{a8}").unwrap());
        w.push_str("rsch");
        finish(&mut w);
        assert_eq!(w, "Börsch");
        assert_eq!(combining("a"), None);
        assert_eq!(combining("^^"), None);
    }

    #[test]
    fn soft_hyphens_vanish_inside_and_show_at_the_end() {
        assert_eq!(
            folded(&["Indisponi", "\u{ad}", "bilità"]),
            "Indisponibilità"
        );
        assert_eq!(folded(&["economi", "\u{ad}"]), "economi-");
        assert_eq!(folded(&["\u{ad}"]), "-");
    }
}
