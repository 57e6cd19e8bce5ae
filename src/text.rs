//! Bottom utilities on text that every stage may use; imports nothing of the crate.
//!
//! [`regex()`] is the one way a rule written as a regular expression is compiled: each
//! rule is a `static NAME: LazyLock<Regex> = LazyLock::new(|| crate::text::regex(r"…"))`,
//! compiled once on first use. A pattern that does not compile must never turn a rule
//! off quietly, so the test of this module reads every `crate::text::regex(` call in
//! `src/` and compiles its literal: a typo fails `cargo test`.

use regex::Regex;
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};
use std::borrow::Cow;
use std::sync::{LazyLock, OnceLock};

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

/// A rule compiled for the text it reads: for ASCII text with every class cut down to
/// its ASCII members, for text whose every character is in [`COMMON`] (the Latin
/// letters and punctuation of Italian prose: `Attività`, `l’ente`, `2025–2027`) with
/// every class cut down to those ranges, for any other text as written; each on first
/// need (`static NAME: Rule = Rule::new(r"…")`).
///
/// On such text each cut form gives the same matches as the full one (a class member
/// the text cannot hold can match nothing there; case folding is already spelled out
/// in the classes), and it is far cheaper to build: `\d` is 760 code points and
/// `\p{L}` 140,000 in Unicode, and a one-pass DFA over `\d` with captures took 8 MiB
/// and ~4 ms to build for one code shape; the rule that finds `Comune di X` in every
/// line of a plan took ~1–5 ms to build in full and ~0.1 ms over [`COMMON`]. Word
/// boundaries stay Unicode (they need no class).
pub struct Rule {
    pattern: Cow<'static, str>,
    ascii: OnceLock<Regex>,
    common: OnceLock<Regex>,
    unicode: OnceLock<Regex>,
}

/// The characters of the middle form of a [`Rule`]: Basic Latin, Latin-1, Latin
/// Extended-A and -B (every accented letter of Italian, and of the names and places
/// plans print), general punctuation, currency, letterlike and arrow signs, box and
/// geometric shapes and dingbats (`’ “ ” – — … € ° • ▪ ● ✓ ➢`: the bullets and dashes
/// producers print), and the private-use symbol-font block that Word's bullets decode
/// to. A line with any other character (Greek, CJK, an emoji) gets the full rule.
pub const COMMON: &[(char, char)] = &[
    ('\0', '\u{24f}'),
    ('\u{2000}', '\u{27bf}'),
    ('\u{f000}', '\u{f0ff}'),
];

/// Whether every character of `text` is in [`COMMON`].
fn is_common(text: &str) -> bool {
    text.chars()
        .all(|c| COMMON.iter().any(|&(lo, hi)| lo <= c && c <= hi))
}

impl Rule {
    /// A rule of a literal pattern (see the module docs).
    pub const fn new(pattern: &'static str) -> Self {
        Rule {
            pattern: Cow::Borrowed(pattern),
            ascii: OnceLock::new(),
            common: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    /// A rule of a pattern read from data (its owner's test compiles every one).
    pub fn owned(pattern: String) -> Self {
        Rule {
            pattern: Cow::Owned(pattern),
            ascii: OnceLock::new(),
            common: OnceLock::new(),
            unicode: OnceLock::new(),
        }
    }

    /// The pattern as written.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The compiled rule to run on `text`.
    pub fn on(&self, text: &str) -> &Regex {
        if text.is_ascii() {
            self.cut(&self.ascii, &[('\0', '\x7f')])
        } else if is_common(text) {
            self.cut(&self.common, COMMON)
        } else {
            self.unicode()
        }
    }

    /// The form of the rule cut to `ranges`, built on first need.
    fn cut<'a>(&'a self, form: &'a OnceLock<Regex>, ranges: &[(char, char)]) -> &'a Regex {
        form.get_or_init(|| {
            cut_to(&self.pattern, ranges)
                .and_then(|p| Regex::new(&p).ok())
                .unwrap_or_else(|| self.unicode().clone())
        })
    }

    fn unicode(&self) -> &Regex {
        self.unicode.get_or_init(|| regex(&self.pattern))
    }
}

/// `pattern` with every class cut down to the characters of `ranges`, written back
/// as a pattern (`None` if it does not parse).
fn cut_to(pattern: &str, ranges: &[(char, char)]) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let keep = ClassUnicode::new(
        ranges
            .iter()
            .map(|&(lo, hi)| ClassUnicodeRange::new(lo, hi)),
    );
    Some(cut(hir, &keep).to_string())
}

fn cut(hir: Hir, keep: &ClassUnicode) -> Hir {
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(mut c)) => {
            c.intersect(keep);
            Hir::class(Class::Unicode(c))
        }
        HirKind::Class(c) => Hir::class(c),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Look(l) => Hir::look(l),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            sub: Box::new(cut(*r.sub, keep)),
            ..r
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            sub: Box::new(cut(*c.sub, keep)),
            ..c
        }),
        HirKind::Concat(v) => Hir::concat(v.into_iter().map(|h| cut(h, keep)).collect()),
        HirKind::Alternation(v) => Hir::alternation(v.into_iter().map(|h| cut(h, keep)).collect()),
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
    const RULE: &str = "Rule::new(";

    /// Where the pattern literal of each rule of a file starts: after each
    /// `crate::text::regex(` and `Rule::new(` that is not in a comment (nor, in this
    /// file, in its tests).
    fn rule_literals(text: &str, this_file: bool) -> Vec<usize> {
        let tests = text.find("#[cfg(test)]").unwrap_or(text.len());
        let mut out = Vec::new();
        for call in [CALL, RULE] {
            for (at, _) in text.match_indices(call) {
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let in_comment = text[line_start..at].trim_start().starts_with("//");
                let in_tests = this_file && at > tests;
                if !(in_comment || in_tests) {
                    out.push(at + call.len());
                }
            }
        }
        out
    }

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
            for at in rule_literals(&text, f.ends_with("text.rs")) {
                match literal(&text[at..]) {
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
        let mut files = Vec::new();
        rust_files(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut out: Vec<String> = ASCII_CASES.iter().map(|p| p.to_string()).collect();
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            for at in rule_literals(&text, f.ends_with("text.rs")) {
                out.extend(literal(&text[at..]));
            }
        }
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
            let cut = cut_to(p, &[('\0', '\x7f')]).unwrap_or_else(|| panic!("{p} does not parse"));
            let cut = Regex::new(&cut).unwrap_or_else(|e| panic!("{p} cut to {cut}: {e}"));
            for l in lines {
                assert_eq!(spans(&cut, l), spans(&full, l), "{p} on {l:?}");
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
        for p in &every_pattern() {
            let full = Regex::new(p).unwrap();
            let cut = cut_to(p, COMMON).unwrap_or_else(|| panic!("{p} does not parse"));
            let cut = Regex::new(&cut).unwrap_or_else(|e| panic!("{p} cut to {cut}: {e}"));
            for l in lines {
                assert_eq!(spans(&cut, l), spans(&full, l), "{p} on {l:?}");
            }
        }
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
            proptest::prop_assert_eq!(spans(rule.on(&text), &text), spans(&full, &text));
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
            proptest::prop_assert_eq!(spans(rule.on(&text), &text), spans(&full, &text));
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

    #[test]
    fn a_bad_pattern_matches_nothing_instead_of_failing() {
        assert!(!regex("(unclosed").is_match("(unclosed"));
        assert!(regex(r"^\d+$").is_match("42"));
    }
}
