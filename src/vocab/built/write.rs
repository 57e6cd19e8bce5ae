//! `vocab_lit.rs` (`vocab::built`), written by `build.rs`: the built-in vocabulary as Rust statics.
//!
//! Every string is written with `{:?}`, which gives a Rust string literal of it (Rust's
//! own escapes), and every role, kind and prefix kind by its variant's name (`{:?}` of
//! a unit variant), so the statics the crate compiles hold the very values the JSON
//! files parse to; a test of the crate compares the two.

use super::vocab::{Explanation, LexiconWord, Prefix, Seen, Vocabulary, WordList, Wording};
use std::io::Write;

/// Write `v` to `out/vocab_lit.rs` as one `VocabularyLit` expression.
pub fn write(out: &std::path::Path, v: &Vocabulary) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(out.join("vocab_lit.rs"))?);
    writeln!(f, "VocabularyLit {{")?;
    writeln!(f, "    headers: &[")?;
    for (role, ws) in &v.headers {
        writeln!(f, "        (Role::{role:?}, {}),", wordings(ws))?;
    }
    writeln!(f, "    ],")?;
    writeln!(f, "    stopwords: {},", word_list(&v.stopwords))?;
    writeln!(f, "    units: {},", word_list(&v.units))?;
    writeln!(f, "    person_titles: {},", word_list(&v.person_titles))?;
    writeln!(f, "    section_words: {},", word_list(&v.section_words))?;
    writeln!(f, "    heading_prefixes: &[")?;
    for p in &v.heading_prefixes {
        writeln!(f, "        {},", prefix(p))?;
    }
    writeln!(f, "    ],")?;
    writeln!(f, "    table_kinds: &[")?;
    for (kind, kw) in &v.table_kinds {
        let (h, s) = (wordings(&kw.headers), wordings(&kw.sections));
        writeln!(f, "        (TableKind::{kind:?}, {h}, {s}),")?;
    }
    writeln!(f, "    ],")?;
    writeln!(f, "    plan_kinds: &[")?;
    for (kind, ws) in &v.plan_kinds {
        writeln!(f, "        (PlanKind::{kind:?}, {}),", wordings(ws))?;
    }
    writeln!(f, "    ],")?;
    writeln!(f, "    synonyms: &[")?;
    for s in &v.synonyms {
        writeln!(f, "        (&{:?}, {}),", s.words, seen(&s.seen))?;
    }
    writeln!(f, "    ],")?;
    for (name, list) in [
        ("heads", &v.heads),
        ("modifiers", &v.modifiers),
        ("questions", &v.questions),
    ] {
        writeln!(f, "    {name}: &[")?;
        for w in list {
            writeln!(f, "        {},", lexicon_word(w))?;
        }
        writeln!(f, "    ],")?;
    }
    writeln!(f, "    explanations: &[")?;
    for e in &v.explanations {
        writeln!(f, "        {},", explanation(e))?;
    }
    writeln!(f, "    ],")?;
    writeln!(f, "}}")?;
    f.flush()
}

/// `One("…")` or `Many(&["…", …])`.
fn seen(s: &Seen) -> String {
    match s {
        Seen::One(one) => format!("One({one:?})"),
        Seen::Many(many) => format!("Many(&{many:?})"),
    }
}

/// `&[("text", seen), …]`.
fn wordings(ws: &[Wording]) -> String {
    let cells: Vec<String> = ws
        .iter()
        .map(|w| format!("({:?}, {})", w.text, seen(&w.seen)))
        .collect();
    format!("&[{}]", cells.join(", "))
}

/// `(&["word", …], seen)`.
fn word_list(l: &WordList) -> String {
    format!("(&{:?}, {})", l.words, seen(&l.seen))
}

/// `("text", PrefixKind::…, seen)`.
fn prefix(p: &Prefix) -> String {
    format!(
        "({:?}, PrefixKind::{:?}, {})",
        p.text,
        p.kind,
        seen(&p.seen)
    )
}

/// `("text", Some(Role::…) or None, measure, seen)`.
fn lexicon_word(w: &LexiconWord) -> String {
    let role = w
        .role
        .map_or("None".to_string(), |r| format!("Some(Role::{r:?})"));
    format!("({:?}, {role}, {}, {})", w.text, w.measure, seen(&w.seen))
}

/// `(&["head", …], &[Role::…, …], Role::…, seen)`.
fn explanation(e: &Explanation) -> String {
    let of: Vec<String> = e.of.iter().map(|r| format!("Role::{r:?}")).collect();
    format!(
        "(&{:?}, &[{}], Role::{:?}, {})",
        e.heads,
        of.join(", "),
        e.role,
        seen(&e.seen)
    )
}
