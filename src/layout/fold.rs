//! Compatibility characters folded where words are built, so every later stage sees
//! the text a reader types and pdftotext prints: `ﬁnanziario` is `finanziario`.
//!
//! Folded: the Latin and Armenian ligatures of Unicode's Alphabetic Presentation
//! Forms (`ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ`, U+FB00–U+FB17) into their letters (their NFKC form), and the
//! soft hyphen (U+00AD): dropped inside a word, a plain `-` at a word's end, where it
//! was drawn because the producer broke the word there. Non-breaking and thin spaces
//! need no folding: they are whitespace and separate words like a space.

use unicode_normalization::UnicodeNormalization;

/// Soft hyphen.
const SOFT_HYPHEN: char = '\u{ad}';

/// Whether `c` is one of the ligatures folded here.
fn is_ligature(c: char) -> bool {
    ('\u{fb00}'..='\u{fb17}').contains(&c)
}

/// Append a glyph's text to a word, ligatures spelled out.
pub(super) fn push(word: &mut String, text: &str) {
    if !text.chars().any(is_ligature) {
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

/// Resolve the soft hyphens of a finished word.
pub(super) fn finish(word: &mut String) {
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
    fn soft_hyphens_vanish_inside_and_show_at_the_end() {
        assert_eq!(
            folded(&["Indisponi", "\u{ad}", "bilità"]),
            "Indisponibilità"
        );
        assert_eq!(folded(&["economi", "\u{ad}"]), "economi-");
        assert_eq!(folded(&["\u{ad}"]), "-");
    }
}
