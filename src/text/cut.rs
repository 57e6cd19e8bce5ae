// (No `//!` here: build.rs compiles this file as a module of its own, to write the cut
// forms of the crate's rules; the docs are on its `mod` line in text.rs. Plain `std`
// and `regex-syntax` only: no crate paths.)

use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition,
};

/// The characters of the middle form of a rule (`text::Rule`): Basic Latin, Latin-1,
/// Latin Extended-A and -B (every accented letter of Italian, and of the names and
/// places plans print), general punctuation, currency, letterlike and arrow signs, box
/// and geometric shapes and dingbats (`’ “ ” – — … € ° • ▪ ● ✓ ➢`: the bullets and
/// dashes producers print), and the private-use symbol-font block that Word's bullets
/// decode to. A line with any other character (Greek, CJK, an emoji) gets the full
/// rule.
pub const COMMON: &[(char, char)] = &[
    ('\0', '\u{24f}'),
    ('\u{2000}', '\u{27bf}'),
    ('\u{f000}', '\u{f0ff}'),
];

/// The characters of the ASCII form of a rule.
pub const ASCII: &[(char, char)] = &[('\0', '\x7f')];

/// `pattern` with every class cut down to the characters of `ranges`, written back
/// as a pattern, and whether it has a Unicode word boundary (`None` if it does not
/// parse).
///
/// Why a pattern and not the parsed form: both engines (`regex`, `regex-lite`) take a
/// pattern, and a pattern is what `build.rs` can write as a table for the crate's own
/// rules, so a process parses none of them (the parse with `(?i)` and `\p{L}` was
/// ~0.1–0.3 ms a rule: docs/speed-rounds.md, round 6).
pub fn cut_to(pattern: &str, ranges: &[(char, char)]) -> Option<(String, bool)> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let keep = ClassUnicode::new(
        ranges
            .iter()
            .map(|&(lo, hi)| ClassUnicodeRange::new(lo, hi)),
    );
    let mut word_boundary = false;
    let cut = cut(hir, &keep, &mut word_boundary);
    Some((cut.to_string(), word_boundary))
}

/// `hir` with every Unicode class intersected with `keep`; `word_boundary` is set when
/// it meets a Unicode word look-around.
fn cut(hir: Hir, keep: &ClassUnicode, word_boundary: &mut bool) -> Hir {
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(mut c)) => {
            c.intersect(keep);
            Hir::class(Class::Unicode(c))
        }
        HirKind::Class(c) => Hir::class(c),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Look(l) => {
            *word_boundary |= is_unicode_word_look(l);
            Hir::look(l)
        }
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(cut(*r.sub, keep, word_boundary)),
            ..r
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(cut(*c.sub, keep, word_boundary)),
            ..c
        }),
        HirKind::Concat(v) => {
            Hir::concat(v.into_iter().map(|h| cut(h, keep, word_boundary)).collect())
        }
        HirKind::Alternation(v) => {
            Hir::alternation(v.into_iter().map(|h| cut(h, keep, word_boundary)).collect())
        }
    }
}

/// Whether `look` reads Unicode word characters.
fn is_unicode_word_look(look: Look) -> bool {
    matches!(
        look,
        Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode
    )
}
