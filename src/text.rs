//! Bottom utilities on text that every stage may use; imports nothing of the crate.
//!
//! [`regex`] is the one way a rule written as a regular expression is compiled: each
//! rule is a `static NAME: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"…"))`,
//! compiled once on first use. A pattern that does not compile must never turn a rule
//! off quietly, so the test of this module reads every `crate::text::regex(` call in
//! `src/` and compiles its literal: a typo fails `cargo test`.

use regex::Regex;
use std::sync::LazyLock;

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

/// A line made of digits only is a page's number (004: `4`, `27`) where it is the
/// page's last line.
pub fn is_page_number(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
}

/// A running footer that numbers the page, wherever the producer drew it (`pag. 2`,
/// `Comune di Melfi – pag. 3`, `Pagina 3 di 12`; the development set's producers print
/// `pag. N`, Writer's first among the page's lines): never part of a card's value nor
/// a heading.
pub fn is_page_footer(s: &str) -> bool {
    PAGE_FOOTER.is_match(s)
}

static PAGE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"(?i)^(?:.*\s[–—-]\s+)?(?:pag\.|pagina|p\.)\s*\d{1,4}(?:\s*(?:di|/)\s*\d{1,4})?\s*$",
    )
});

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    const CALL: &str = "crate::text::regex(";

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                rust_files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }

    /// The string literal at the start of `s` (raw `r#"…"#` or escaped `"…"`), or
    /// `None` when the argument is not a literal.
    fn literal(s: &str) -> Option<String> {
        let s = s.trim_start();
        if let Some(raw) = s.strip_prefix('r') {
            let hashes = raw.len() - raw.trim_start_matches('#').len();
            let body = raw.get(hashes..)?.strip_prefix('"')?;
            let end = body.find(&format!("\"{}", "#".repeat(hashes)))?;
            return Some(body[..end].to_string());
        }
        let mut chars = s.strip_prefix('"')?.chars();
        let mut out = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Some(out),
                '\\' => match chars.next()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    other => out.push(other),
                },
                c => out.push(c),
            }
        }
        None
    }

    #[test]
    fn every_rule_in_the_crate_compiles() {
        let mut files = Vec::new();
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut rules = 0;
        let mut bad = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for (at, _) in text.match_indices(CALL) {
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let in_comment = text[line_start..at].trim_start().starts_with("//");
                if in_comment
                    || (f.ends_with("text.rs") && text.find("#[cfg(test)]").is_some_and(|t| at > t))
                {
                    continue; // a mention in the docs, or this test's own
                }
                match literal(&text[at + CALL.len()..]) {
                    Some(p) if Regex::new(&p).is_ok() => rules += 1,
                    Some(p) => bad.push(format!("{}: {p}", f.display())),
                    None => bad.push(format!("{}: not a literal at byte {at}", f.display())),
                }
            }
        }
        assert!(bad.is_empty(), "rules that do not compile: {bad:#?}");
        // the 24 rules of the normalizers, assemble and tables, and grid's two
        assert!(
            rules >= 26,
            "only {rules} rules found: is the call written another way?"
        );
    }

    /// Regexes built elsewhere from data, not literals (each pattern is made at run
    /// time from a table; their owners are moving the tables into data files). The
    /// code shapes are such a data file (`data/codes/shapes.tsv`); its own test
    /// compiles every row.
    const DYNAMIC: &[&str] = &["assemble/facts.rs", "normalize/code.rs"];

    #[test]
    fn no_rule_is_compiled_another_way() {
        let mut files = Vec::new();
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
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

    #[test]
    fn a_bad_pattern_matches_nothing_instead_of_failing() {
        assert!(!regex("(unclosed").is_match("(unclosed"));
        assert!(regex(r"^\d+$").is_match("42"));
    }
}
