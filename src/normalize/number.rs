//! Italian numbers and targets.
//!
//! The documents write `200.500` for two hundred thousand five hundred (a dot before
//! exactly three digits groups thousands), `7.766,74` with a decimal comma, `85,29%` and
//! `-12,64`. Targets add comparators (`≤ 0`, `>= 95%`), relative targets (`> anno
//! precedente`), dates (`entro il 31/12/2025`) and whole sentences (seed 004 cards).

use super::collapse_ws;
use crate::config::NormalizeRules;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Digits in a thousands group. Value 3: `200.500`, `1.194.987` (seeds 000, 001). A dot
/// followed by any other count of digits is a decimal point (`3.5`) or not a number.
pub const THOUSANDS_GROUP_DIGITS: usize = 3;

/// A comparison the target asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// `<`
    Lt,
    /// `<=`, `≤`, "non superiore a"
    Le,
    /// `>`, "maggiore di"
    Gt,
    /// `>=`, `≥`, "non inferiore a", "almeno"
    Ge,
    /// `=`
    Eq,
}

/// What a target is, so the scorer knows how to compare it with an actual value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A plain number (`1`, `200.500`).
    Number,
    /// A number with `%` (`85,29%`).
    Percentage,
    /// A comparator with a value (`≤ 0`) or a reference (`> anno precedente`).
    Comparison,
    /// A deadline or date (`entro il 31/12/2025`, `31.12.2025`).
    Date,
    /// Anything else, including spreadsheet overflow `#####` (seed 001): kept as printed.
    Text,
}

/// What a relative target is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetReference {
    /// "anno precedente" (seed 000: `>maggiore anno precedente`).
    PreviousYear,
}

/// A parsed target with its raw string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The string as printed.
    pub raw: String,
    /// How to read the value.
    pub kind: TargetKind,
    /// The number, when there is one.
    pub value: Option<f64>,
    /// The comparison asked for, when printed.
    pub comparator: Option<Comparator>,
    /// Unit after the number (`%`, `€`, `giorni`).
    pub unit: Option<String>,
    /// A date found in the target, ISO `yyyy-mm-dd`.
    pub date: Option<String>,
    /// What a relative target compares with.
    pub reference: Option<TargetReference>,
}

static DATE_NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"\b(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})\b")
});
static DATE_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(
        r"(?i)\b(?:(\d{1,2})\s+)?(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre)\s+(?:del\s+|di\s+)?(\d{4})\b",
    )
});
static NUMBER_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::regex(r"^([-+−]?\s*[€]?\s*[0-9][0-9.,]*)\s*(%|€|euro|[[:alpha:]]+)?$")
});

/// Parse an Italian-formatted number: dot for thousands, comma for decimals.
///
/// Why the dot rule: seeds 000/001 print `200.500`, `17.792`, `1.194.987` as integers;
/// a dot followed by exactly three digits (in every group) is a thousands separator.
/// `%` and `€` around the number are ignored. Returns `None` for anything else
/// (`31.12.2025` is a date, not a number).
pub fn parse_number(raw: &str) -> Option<f64> {
    let s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '%' | '€'))
        .map(|c| if c == '−' { '-' } else { c })
        .collect();
    let (sign, body) = match s.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, s.strip_prefix('+').unwrap_or(&s)),
    };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let (int_part, frac) = match body.split_once(',') {
        Some((i, f)) if !f.contains([',', '.']) && !f.is_empty() => (i, Some(f)),
        Some(_) => return None,
        None => (body, None),
    };
    let int_digits = integer_digits(int_part, frac.is_some())?;
    let text = match frac {
        Some(f) => format!("{int_digits}.{f}"),
        None => int_digits,
    };
    text.parse::<f64>().ok().map(|v| sign * v)
}

/// The digits of the integer part with thousands dots removed, or `None` when the dots
/// are not a valid grouping. Without a decimal comma a single dot not followed by three
/// digits is read as a decimal point (`3.5`).
fn integer_digits(int_part: &str, has_comma: bool) -> Option<String> {
    let groups: Vec<&str> = int_part.split('.').collect();
    let first_ok = groups
        .first()
        .is_some_and(|g| !g.is_empty() && g.len() <= THOUSANDS_GROUP_DIGITS);
    let rest_ok = groups[1..]
        .iter()
        .all(|g| g.len() == THOUSANDS_GROUP_DIGITS);
    if groups.len() == 1 || (first_ok && rest_ok) {
        return (!int_part.is_empty()).then(|| groups.concat());
    }
    let decimal_dot = !has_comma && groups.len() == 2 && groups.iter().all(|g| !g.is_empty());
    decimal_dot.then(|| groups.join("."))
}

/// Parse a target cell into kind, value, comparator, unit and date.
///
/// Order matters: a comparator prefix first (`>= 95%`), then a bare date (`31.12.2025`,
/// which also looks like a grouped number), then number + unit, then a deadline phrase
/// (`entro il 31/12/2025`); everything else is text with the first date found in it
/// (seed 004 targets are sentences).
pub fn parse_target(raw: &str) -> Target {
    let text = collapse_ws(raw);
    let mut t = Target {
        raw: raw.to_string(),
        kind: TargetKind::Text,
        value: None,
        comparator: None,
        unit: None,
        date: find_date(&text),
        reference: None,
    };
    if let Some((cmp, rest)) = split_comparator(&text) {
        t.kind = TargetKind::Comparison;
        t.comparator = Some(cmp);
        if let Some((v, unit)) = number_with_unit(rest) {
            t.value = Some(v);
            t.unit = unit;
        }
        if super::fold(rest).contains("anno precedente") {
            t.reference = Some(TargetReference::PreviousYear);
        }
        return t;
    }
    if t.date.is_some() && is_date_only(&text) {
        t.kind = TargetKind::Date;
    } else if let Some((v, unit)) = number_with_unit(&text) {
        t.kind = if unit.as_deref() == Some("%") {
            TargetKind::Percentage
        } else {
            TargetKind::Number
        };
        t.value = Some(v);
        t.unit = unit;
    }
    t
}

/// A leading comparator sign or phrase and the rest of the string.
fn split_comparator(s: &str) -> Option<(Comparator, &str)> {
    const SIGNS: &[(&str, Comparator)] = &[
        (">=", Comparator::Ge),
        ("=>", Comparator::Ge),
        ("≥", Comparator::Ge),
        ("<=", Comparator::Le),
        ("=<", Comparator::Le),
        ("≤", Comparator::Le),
        (">", Comparator::Gt),
        ("<", Comparator::Lt),
        ("=", Comparator::Eq),
    ];
    SIGNS
        .iter()
        .find_map(|(sign, cmp)| s.strip_prefix(sign).map(|rest| (*cmp, rest.trim())))
}

/// A whole string that is a number optionally followed by one short unit word (at most
/// [`NormalizeRules::max_unit_chars`], read from [`NormalizeRules::DEFAULT`]: targets
/// are parsed from strings wherever a record is written, with no run's config at hand).
fn number_with_unit(s: &str) -> Option<(f64, Option<String>)> {
    let caps = NUMBER_UNIT.captures(s.trim())?;
    let number = caps.get(1)?.as_str();
    let value = parse_number(number)?;
    let unit = match caps.get(2).map(|m| m.as_str()) {
        Some(u) if u.eq_ignore_ascii_case("euro") => Some("€".to_string()),
        Some(u) if u.chars().count() <= NormalizeRules::DEFAULT.max_unit_chars => {
            Some(u.to_string())
        }
        Some(_) => return None,
        None if number.contains('€') => Some("€".to_string()),
        None => None,
    };
    Some((value, unit))
}

/// True when the string says nothing but a (deadline) date: `31.12.2025`,
/// `entro il 31/12/2025`, `entro luglio 2025`.
fn is_date_only(s: &str) -> bool {
    let f = super::fold(s);
    let rest = f
        .trim_start_matches("entro")
        .trim()
        .trim_start_matches("il mese di")
        .trim_start_matches("il")
        .trim()
        .trim_end_matches('.');
    let numeric = DATE_NUMERIC.find(rest);
    let month = DATE_MONTH.find(rest);
    [numeric, month]
        .into_iter()
        .flatten()
        .any(|m| m.start() == 0 && m.end() == rest.len())
}

/// The first date in the text, as ISO `yyyy-mm-dd`. A month without a day
/// (`entro il mese di aprile 2025`, seed 004) means its last day: it is a deadline.
pub fn find_date(s: &str) -> Option<String> {
    let numeric = DATE_NUMERIC.captures(s).and_then(|c| {
        let day: u32 = c.get(1)?.as_str().parse().ok()?;
        let month: u32 = c.get(2)?.as_str().parse().ok()?;
        let year = full_year(c.get(3)?.as_str())?;
        Some((c.get(0)?.start(), iso(year, month, day)?))
    });
    let named = DATE_MONTH.captures(s).and_then(|c| {
        let month = month_number(c.get(2)?.as_str())?;
        let year = full_year(c.get(3)?.as_str())?;
        let day = match c.get(1) {
            Some(d) => d.as_str().parse().ok()?,
            None => last_day(year, month),
        };
        Some((c.get(0)?.start(), iso(year, month, day)?))
    });
    [numeric, named]
        .into_iter()
        .flatten()
        .min_by_key(|(start, _)| *start)
        .map(|(_, d)| d)
}

fn full_year(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    Some(if s.len() == 2 { 2000 + y } else { y })
}

fn iso(year: i32, month: u32, day: u32) -> Option<String> {
    let valid = (1..=12).contains(&month) && day >= 1 && day <= last_day(year, month);
    valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Italian month names, January first (targets' deadlines, facts' dates).
pub const MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

/// 1-based month of an Italian month name.
pub fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == lower)
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn last_day(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn italian_numbers() {
        let rows: &[(&str, Option<f64>)] = &[
            ("200.500", Some(200_500.0)),     // 000 target
            ("17.792", Some(17_792.0)),       // 000 target
            ("85,29%", Some(85.29)),          // 001 group achievement
            ("-12,64", Some(-12.64)),         // 001 deviation style
            ("7.766,74", Some(7_766.74)),     // 001
            ("4.580", Some(4_580.0)),         // 001 target
            ("28.000", Some(28_000.0)),       // 001 target
            ("1.194.987", Some(1_194_987.0)), // 001 target
            ("-30.000", Some(-30_000.0)),     // 001 deviation
            ("250.000,00", Some(250_000.0)),  // 001 formula
            ("1", Some(1.0)),                 // 000
            ("100", Some(100.0)),             // 000
            ("0", Some(0.0)),                 // 001
            ("3.5", Some(3.5)),
            ("31.12.2025", None), // 004: a date
            ("#####", None),      // 001 target
            ("", None),
            ("1.2.3", None),
            ("anno", None),
        ];
        for (raw, want) in rows {
            assert_eq!(parse_number(raw), *want, "{raw}");
        }
    }

    #[test]
    fn targets() {
        use Comparator as C;
        use TargetKind as K;
        type Row<'a> = (
            &'a str,
            K,
            Option<f64>,
            Option<C>,
            Option<&'a str>,
            Option<&'a str>,
        );
        let rows: &[Row] = &[
            ("1", K::Number, Some(1.0), None, None, None),   // 000
            ("60", K::Number, Some(60.0), None, None, None), // 000
            ("200.500", K::Number, Some(200_500.0), None, None, None), // 000
            ("85,29%", K::Percentage, Some(85.29), None, Some("%"), None), // 001
            ("≤ 0", K::Comparison, Some(0.0), Some(C::Le), None, None),
            (
                ">= 95%",
                K::Comparison,
                Some(95.0),
                Some(C::Ge),
                Some("%"),
                None,
            ),
            (
                "> anno precedente",
                K::Comparison,
                None,
                Some(C::Gt),
                None,
                None,
            ), // 000 formula
            (
                "60 giorni",
                K::Number,
                Some(60.0),
                None,
                Some("giorni"),
                None,
            ),
            (
                "250.000 €",
                K::Number,
                Some(250_000.0),
                None,
                Some("€"),
                None,
            ),
            (
                "entro il 31/12/2025",
                K::Date,
                None,
                None,
                None,
                Some("2025-12-31"),
            ), // 004
            ("31.12.2025", K::Date, None, None, None, Some("2025-12-31")), // 004
            (
                "entro il mese di dicembre 2025",
                K::Date,
                None,
                None,
                None,
                Some("2025-12-31"),
            ), // 004
            ("luglio 2025", K::Date, None, None, None, Some("2025-07-31")), // 004
            ("#####", K::Text, None, None, None, None),                    // 001
            // 004 card target: a sentence with a deadline in it.
            (
                "Approvazione nuovo regolamento entro mese di aprile 2025",
                K::Text,
                None,
                None,
                None,
                Some("2025-04-30"),
            ),
            (
                "Aggiudicazione del servizio con decorrenza dal 1.5.2025", // 004
                K::Text,
                None,
                None,
                None,
                Some("2025-05-01"),
            ),
            (
                "Controllo di almeno 50 veicoli",
                K::Text,
                None,
                None,
                None,
                None,
            ), // 004
        ];
        for (raw, kind, value, cmp, unit, date) in rows {
            let t = parse_target(raw);
            assert_eq!(t.kind, *kind, "{raw}");
            assert_eq!(t.value, *value, "{raw}");
            assert_eq!(t.comparator, *cmp, "{raw}");
            assert_eq!(t.unit.as_deref(), *unit, "{raw}");
            assert_eq!(t.date.as_deref(), *date, "{raw}");
            assert_eq!(t.raw, *raw);
        }
        assert_eq!(
            parse_target("> anno precedente").reference,
            Some(TargetReference::PreviousYear)
        );
    }

    #[test]
    fn every_numeric_truth_target_parses() {
        // All targets of seeds 000-002 except `#####` are numbers (truth records).
        for raw in [
            "17.792",
            "1.325.401",
            "2.700.000",
            "544.100",
            "78.219",
            "2.457",
        ] {
            assert_eq!(parse_target(raw).kind, TargetKind::Number, "{raw}");
        }
    }

    fn truth_values(seed: &str, field: &str) -> Option<Vec<String>> {
        let path = format!(
            "{}/../shared/truth/{seed}.records.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let Ok(text) = std::fs::read_to_string(&path) else {
            crate::testing::skip(&format!("{path} not found"));
            return None;
        };
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let records = json["records"].as_array().cloned().unwrap_or_default();
        Some(
            records
                .iter()
                .filter_map(|r| r[field].as_str().map(str::to_string))
                .collect(),
        )
    }

    /// Every target, actual, deviation, weight and achievement of truth 000-002 is a
    /// number, except the `#####` overflow of 001 (kept as text).
    #[test]
    fn truth_numeric_fields_parse() {
        for seed in ["000", "001", "002"] {
            for field in ["target", "actual", "deviation", "weight", "achievement"] {
                for raw in truth_values(seed, field).unwrap_or_default() {
                    let t = parse_target(&raw);
                    let ok = t.kind == TargetKind::Number
                        || (raw == "#####" && t.kind == TargetKind::Text);
                    assert!(ok, "{seed} {field}: {raw:?} -> {t:?}");
                }
            }
        }
    }

    /// 004 targets are sentences: text, never a number read out of the middle.
    #[test]
    fn truth_004_targets_are_text() {
        for raw in truth_values("004", "target").unwrap_or_default() {
            let t = parse_target(&raw);
            assert_eq!((t.kind, t.value), (TargetKind::Text, None), "{raw}");
        }
    }

    /// Format an integer with Italian thousands dots, as the documents print it.
    fn italian(n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn grouped_integers_round_trip(n in 0u64..10_000_000_000) {
            prop_assert_eq!(parse_number(&italian(n)), Some(n as f64));
        }

        #[test]
        fn grouped_decimals_round_trip(n in 0u64..10_000_000, cents in 0u64..100, neg: bool) {
            let s = format!("{}{},{:02}", if neg { "-" } else { "" }, italian(n), cents);
            let want = (n as f64 + cents as f64 / 100.0) * if neg { -1.0 } else { 1.0 };
            let got = parse_number(&s).unwrap_or(f64::NAN);
            prop_assert!((got - want).abs() < 1e-6, "{} -> {}", s, got);
        }
    }
}
