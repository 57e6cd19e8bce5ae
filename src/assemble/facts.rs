//! Key facts: the figures a data team wants from a document's running text when it
//! has no objectives to give (Cremona's Relazione 2024, seed 003): counts of things
//! (`441 indicatori`), shares (`4,4%`), amounts (`€ 38.171.062,18`), scores
//! (`punti 5`), ranks (`5°`), each under the numbered section heading it is printed in.
//!
//! The patterns are general shapes of Italian figures, not phrases of one document:
//! a fact's label is the line it is printed on, so a reader sees the figure in its
//! sentence.

use super::flow::{self, FlowLine};
use crate::config::AssembleTolerances;
use crate::geom::Provenance;
use serde::Serialize;

/// A figure printed in the running text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// The line it is printed on (whitespace collapsed): what the figure is about.
    pub label: String,
    /// The figure as printed (`441`, `60%`, `€ 38.171.062,18`, `punti 5`, `5°`).
    pub value: String,
    /// Its unit (`indicatori`, `giorni`, `EUR`, `punti`), when printed; shares carry
    /// their `%` in the value.
    pub unit: Option<String>,
    /// The numbered section heading it is under.
    pub section: Option<String>,
    /// Where the line is.
    pub prov: Provenance,
}

/// The shapes of a figure, most specific first; a later shape never takes text an
/// earlier one took. Each: (pattern, fixed unit). Where the unit is `None` the
/// pattern's second group, if any, is the unit (the noun after a count).
///
/// Each is a [`Rule`](crate::text::Rule), so a line none of them can match (most lines)
/// is answered by the rules' DFAs that `build.rs` serialised, and a line that may is
/// read with the pattern cut to its characters: compiled in full with `regex` on first
/// use, these shapes (`\d` and `\s` are Unicode classes there) were a fifth of a
/// one-page document's CPU (docs/speed-rounds.md, round 10).
static SHAPES: [(crate::text::Rule, Option<&str>); 8] = [
    // 003 line 438 `€ 38.171.062,18`, line 1143 `€16.000,00`.
    (
        crate::text::Rule::new(r"€\s?\d{1,3}(?:\.\d{3})*(?:,\d{2})?"),
        Some("EUR"),
    ),
    // 003 lines 532, 720, 479: `4,4%`, `60%`, `49,34 %`.
    (crate::text::Rule::new(r"-?\d{1,3}(?:,\d+)?\s?%"), None),
    // 003 lines 455, 467: `punti 5`.
    (
        crate::text::Rule::new(r"punti\s\d{1,3}(?:,\d+)?"),
        Some("punti"),
    ),
    // 003 lines 487, 502: `10 punti`, `30 punti` (a score with its scale).
    (
        crate::text::Rule::new(r"\d{1,3}(?:,\d+)?\spunti"),
        Some("punti"),
    ),
    // 003 lines 459, 463: `5°`, `25°` (a rank).
    (crate::text::Rule::new(r"\d{1,3}°"), None),
    // 003 lines 720, 735, 487: `441 indicatori`, `-12,64 giorni`, `10 punti`.
    (
        crate::text::Rule::new(
            r"(-?\d{1,3}(?:\.\d{3})*(?:,\d+)?)\s([a-zàèéìòù]{4,}(?:\s(?:di\s)?costo)?)",
        ),
        None,
    ),
    // 003 lines 61-62: a figure closing its line or table row (`Numero dipendenti al
    // 31/12/2024 651`, `71.513 * (* in attesa ...`).
    (
        crate::text::Rule::new(r"(-?\d{1,3}(?:\.\d{3})*(?:,\d+)?)(?:\s\*|$)"),
        None,
    ),
    // 003 lines 471, 749: `11.666.146,58`, `0,50` (amounts and mean scores).
    (crate::text::Rule::new(r"-?\d{1,3}(?:\.\d{3})*,\d{2}"), None),
];

/// Words after a number that make it a citation or a year, not a count (`n. 30 del`);
/// month names (`15 febbraio 2023`) are `normalize::number::MONTHS`.
const NOT_UNITS: &[&str] = &[
    "della", "delle", "dello", "degli", "nella", "nelle", "sulla", "alla", "anno",
];

/// Words just before a number that make it a reference (`n. 53`, `art. 81`, `comma 2`).
const REFERENCE_PREFIXES: &[&str] = &["n.", "n°", "art.", "comma", "dgc", "dpr", "l.", "ccnl"];

/// A numbered section heading: `1 - Il Comune di Cremona in breve`, `2.4 Piano
/// triennale ...`, `3.1 - I risultati ...` (003 lines 58, 287, 426). A single number
/// with a dot (`1. Sezione 1:`) is a list item, not a section.
static SECTION: crate::text::Rule =
    crate::text::Rule::new(r"^(?:\d+\.\d+(?:\.\d+)*\s*(?:-\s*)?|\d+\s+-\s+)\p{Lu}");

/// A table-of-contents line (`2.5 Formazione ..... 16`).
const TOC_LEADER: &str = "....";

/// Whether a line is a numbered section heading.
pub fn is_section(line: &str) -> bool {
    !line.contains(TOC_LEADER) && SECTION.is_match(line)
}

/// Every key fact of a document's running text, in reading order.
pub fn read(lines: &[FlowLine], tol: &AssembleTolerances) -> Vec<Fact> {
    let mut out = Vec::new();
    let mut section: Option<String> = None;
    let mut i = 0;
    while let Some(l) = lines.get(i) {
        if is_section(&l.text) {
            let (heading, used) = heading_at(lines, i, tol);
            section = Some(heading);
            i += used;
            continue;
        }
        out.extend(figures(&l.text).into_iter().map(|(value, unit)| Fact {
            label: flow::join(&[l.text.as_str()]),
            value,
            unit,
            section: section.clone(),
            prov: l.prov,
        }));
        i += 1;
    }
    out
}

/// A heading and the lines it wraps onto (same size, the line was wrapped); how many
/// lines it took.
fn heading_at(lines: &[FlowLine], i: usize, tol: &AssembleTolerances) -> (String, usize) {
    let mut parts = Vec::new();
    let mut k = i;
    while let Some(l) = lines.get(k) {
        let prev = k.checked_sub(1).and_then(|p| lines.get(p));
        let continues = k == i
            || prev.is_some_and(|p| {
                p.wraps_into(l, tol) && p.size == l.size && p.prov.page == l.prov.page
            });
        if !continues || (k > i && is_section(&l.text)) {
            break;
        }
        parts.push(l.text.as_str());
        k += 1;
    }
    (flow::join(&parts), (k - i).max(1))
}

/// The figures of one line: (value as printed, unit).
pub fn figures(line: &str) -> Vec<(String, Option<String>)> {
    // every shape holds a digit (`\d`, a numeric character): a line without one,
    // most of a plan's prose, is answered here, not by the eight rules (issue 22)
    if !line.chars().any(char::is_numeric) {
        return Vec::new();
    }
    by_rules(line)
}

/// [`figures`] without its digit pre-test: what the shapes alone find.
fn by_rules(line: &str) -> Vec<(String, Option<String>)> {
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut found: Vec<(usize, String, Option<String>)> = Vec::new();
    for (re, unit) in &SHAPES {
        for c in re.captures_iter(line) {
            let Some(m) = c.get(0) else { continue };
            if taken.iter().any(|(s, e)| m.start() < *e && *s < m.end())
                || !stands_alone(line, m.start(), m.end())
                || is_reference(&line[..m.start()])
            {
                continue;
            }
            let (value, unit) = match (c.get(1), c.get(2)) {
                (Some(v), Some(noun)) => {
                    if NOT_UNITS.contains(&noun.as_str())
                        || crate::normalize::number::month_number(noun.as_str()).is_some()
                        || is_year(v.as_str())
                    {
                        continue;
                    }
                    (v.as_str().to_string(), Some(noun.as_str().to_string()))
                }
                (Some(v), None) if !is_year(v.as_str()) => {
                    (v.as_str().to_string(), unit.map(str::to_string))
                }
                (Some(_), None) => continue,
                _ => (m.as_str().trim().to_string(), unit.map(str::to_string)),
            };
            taken.push((m.start(), m.end()));
            found.push((m.start(), value, unit));
        }
    }
    found.sort_by_key(|f| f.0);
    found.into_iter().map(|(_, v, u)| (v, u)).collect()
}

/// A figure is not part of a longer token (`2024/2026`, `1.4.5`, `A1`): the character
/// before it is no letter, digit or separator, the one after no letter, digit or `/`,
/// and a `.` or `,` after it ends a sentence rather than carrying more digits.
fn stands_alone(line: &str, start: usize, end: usize) -> bool {
    let before = line[..start].chars().next_back();
    let mut rest = line[end..].chars();
    let after = rest.next();
    let next = rest.next();
    let glued_before = before.is_some_and(|c| c.is_alphanumeric() || "/.,-".contains(c));
    let glued_after = match after {
        Some('.' | ',') => next.is_some_and(|c| c.is_ascii_digit()),
        Some(c) => c.is_alphanumeric() || c == '/',
        None => false,
    };
    !glued_before && !glued_after
}

fn is_reference(before: &str) -> bool {
    let last = before.split_whitespace().next_back().unwrap_or("");
    REFERENCE_PREFIXES.contains(&last.to_lowercase().as_str())
}

/// Years are dates, not counts ([`crate::text::is_year`]).
fn is_year(v: &str) -> bool {
    crate::text::is_year(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(line: &str) -> Vec<String> {
        figures(line).into_iter().map(|(v, _)| v).collect()
    }

    /// The digit pre-test of [`figures`] changes no answer: every line of seeds 003
    /// (where the shapes come from) and 004, and lines of other scripts' digits and
    /// of numbers without an ASCII digit, read as the eight rules alone read them.
    #[test]
    #[allow(clippy::unwrap_used)]
    fn the_digit_pretest_changes_no_answer() {
        let mut lines: Vec<String> = [
            "il ٣٠% dei casi",
            "pari al ５%",
            "€ ١٢",
            "Ⅻ punti",
            "x² e ½ punti",
            "nessuna cifra qui: solo parole, € e %",
        ]
        .map(str::to_string)
        .to_vec();
        lines.extend(crate::testing::fixture_lines(&[
            "003-writer-ruled.pdf",
            "004-writer-ruled.pdf",
        ]));
        let (mut skipped, mut found) = (0, 0);
        for line in &lines {
            let fast = figures(line);
            assert_eq!(fast, by_rules(line), "{line}");
            skipped += usize::from(!line.chars().any(char::is_numeric));
            found += fast.len();
        }
        assert!(
            skipped > 500 && found > 100,
            "{skipped} lines skipped, {found} figures"
        );
    }

    #[test]
    fn figures_of_the_seed() {
        // seed 003 line 720.
        assert_eq!(
            figures("• 441 indicatori con risultato di miglioramento pari al 60%"),
            vec![
                ("441".to_string(), Some("indicatori".to_string())),
                ("60%".to_string(), None)
            ]
        );
        // seed 003 line 438.
        assert_eq!(
            values("evidenzia un avanzo di amministrazione pari a € 38.171.062,18."),
            vec!["€ 38.171.062,18"]
        );
        // seed 003 line 455, 459.
        assert_eq!(
            values("benchmark sulla qualità della vita: punti 5"),
            vec!["punti 5"]
        );
        assert_eq!(values("classifica Cremona al 5° posto"), vec!["5°"]);
        // seed 003 line 735.
        assert_eq!(
            values("rispetto alla scadenza di -12,64 giorni e un"),
            vec!["-12,64"]
        );
    }

    #[test]
    fn dates_and_references_are_not_facts() {
        // seed 003 line 322.
        assert!(values("Giunta Comunale n. 30 del 15 febbraio 2023 relativa").is_empty());
        // seed 003 line 391: a plan's period.
        assert!(values("2.3 Piano Integrato (PIAO) 2024/2026").is_empty());
    }

    #[test]
    fn sections() {
        assert!(is_section("1 - Il Comune di Cremona in breve"));
        assert!(is_section(
            "2.4 Piano triennale del fabbisogno di personale 2024-2026"
        ));
        assert!(is_section("3.1 - I risultati del sistema di gestione"));
        assert!(!is_section("1. Sezione 1: Scheda anagrafica"));
        assert!(!is_section("2.5 Formazione ..... 16"));
    }
}
