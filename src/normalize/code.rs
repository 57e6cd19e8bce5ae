//! Objective and indicator codes.
//!
//! Cremona prints three families of objective code and a bare integer for indicators:
//! strategic objectives `25.29.2.1.05_0001` (seed 000: DUP path + sequence), sector
//! (supporting) objectives `970_0006` (seed 000/002: sector number + sequence), plan
//! codes `1.3.2_0003` (seed 002: a short path + sequence) and indicator codes `774`
//! (seed 002, column "Codice Ind").

use crate::config::NormalizeRules;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Digits in a sector number. Value 3: seed 000 and 002 sector codes run `963`–`998`.
pub const SECTOR_DIGITS: usize = 3;

/// What kind of code a string is; decides which record field it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    /// Dotted strategic path + `_` + sequence (`25.29.2.1.05_0001`, seed 000).
    Strategic,
    /// Sector number + `_` + sequence (`970_0006`): a supporting objective (seed 000).
    Sector,
    /// Short dotted path + `_` + sequence (`1.3.2_0003`, seed 002).
    Plan,
    /// A bare integer (`774`): an indicator code (seed 002).
    Indicator,
    /// Anything else; kept only as raw text.
    Unknown,
}

/// A parsed code: its kind, the compact form and its parts, with the raw string kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Code {
    /// The string as printed.
    pub raw: String,
    /// What the code identifies.
    pub kind: CodeKind,
    /// The code with whitespace removed (`25.29.2.1.05_ 0001` → `25.29.2.1.05_0001`);
    /// the form to compare and join on.
    pub normalized: String,
    /// Dotted path segments (`["25","29","2","1","05"]`), empty when there is no path.
    pub path: Vec<String>,
    /// Sector number of a sector code (`970`).
    pub sector: Option<String>,
    /// Sequence after the `_` (`0001`), or the whole number of an indicator code.
    pub sequence: Option<String>,
}

static OBJECTIVE: LazyLock<Regex> =
    LazyLock::new(|| crate::text::regex(r"^(\d+(?:\.\d+)*)_(\d{1,4})$"));

/// Classify a printed code and split it into parts.
///
/// Whitespace anywhere is dropped first because cells wrap inside the code
/// (`25.29.2.1.05_ 0001`); a string that matches no shape is `Unknown`, never an error.
pub fn parse_code(raw: &str) -> Code {
    let normalized: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let mut code = Code {
        raw: raw.to_string(),
        kind: CodeKind::Unknown,
        normalized: normalized.clone(),
        path: Vec::new(),
        sector: None,
        sequence: None,
    };
    if is_indicator(&normalized) {
        code.kind = CodeKind::Indicator;
        code.sequence = Some(normalized);
        return code;
    }
    let Some(caps) = OBJECTIVE.captures(&normalized) else {
        return code;
    };
    let head = caps.get(1).map_or("", |m| m.as_str());
    code.sequence = caps.get(2).map(|m| m.as_str().to_string());
    code.kind = objective_kind(head);
    match code.kind {
        CodeKind::Sector => code.sector = Some(head.to_string()),
        _ => code.path = head.split('.').map(str::to_string).collect(),
    }
    code
}

/// Digits only, at most [`NormalizeRules::indicator_max_digits`] of them (read from
/// [`NormalizeRules::DEFAULT`]: codes are parsed from strings wherever a record is
/// written, with no run's config at hand).
fn is_indicator(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= NormalizeRules::DEFAULT.indicator_max_digits
        && s.chars().all(|c| c.is_ascii_digit())
}

/// The part before `_` decides the family: no dots and three digits is a sector, a long
/// path (at least [`NormalizeRules::strategic_min_segments`], read from
/// [`NormalizeRules::DEFAULT`]) is strategic, a short path is a plan code.
fn objective_kind(head: &str) -> CodeKind {
    let segments = head.split('.').count();
    if segments == 1 {
        if head.len() == SECTOR_DIGITS {
            CodeKind::Sector
        } else {
            CodeKind::Unknown
        }
    } else if segments >= NormalizeRules::DEFAULT.strategic_min_segments {
        CodeKind::Strategic
    } else {
        CodeKind::Plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_codes() {
        let rows: &[(&str, CodeKind, &str)] = &[
            (
                "25.29.2.1.05_0001",
                CodeKind::Strategic,
                "25.29.2.1.05_0001",
            ), // 000
            (
                "25.29.2.1.05_ 0001",
                CodeKind::Strategic,
                "25.29.2.1.05_0001",
            ), // 000, wrapped
            (
                "25.29.1.1.10_0010",
                CodeKind::Strategic,
                "25.29.1.1.10_0010",
            ), // 000
            ("970_0006", CodeKind::Sector, "970_0006"), // 000
            ("978_0001", CodeKind::Sector, "978_0001"), // 002
            ("1.3.2_0003", CodeKind::Plan, "1.3.2_0003"), // 002
            ("5.2.1_0006", CodeKind::Plan, "5.2.1_0006"), // 002
            ("774", CodeKind::Indicator, "774"),        // 002
            (" 887 ", CodeKind::Indicator, "887"),      // 002
            ("Obiettivo", CodeKind::Unknown, "Obiettivo"),
            ("", CodeKind::Unknown, ""),
        ];
        for (raw, kind, norm) in rows {
            let c = parse_code(raw);
            assert_eq!(c.kind, *kind, "{raw}");
            assert_eq!(c.normalized, *norm, "{raw}");
            assert_eq!(c.raw, *raw);
        }
    }

    #[test]
    fn parts_are_split() {
        let c = parse_code("25.29.2.1.05_0001");
        assert_eq!(c.path, ["25", "29", "2", "1", "05"]);
        assert_eq!(c.sequence.as_deref(), Some("0001"));
        let s = parse_code("970_0006");
        assert_eq!(s.sector.as_deref(), Some("970"));
        assert!(s.path.is_empty());
        assert_eq!(s.sequence.as_deref(), Some("0006"));
        let p = parse_code("1.3.2_0003");
        assert_eq!(p.path, ["1", "3", "2"]);
    }

    #[test]
    fn serializes_snake_case() {
        let json = serde_json::to_string(&parse_code("970_0006")).unwrap_or_default();
        assert!(json.contains("\"kind\":\"sector\""), "{json}");
    }
}
