//! Italian numbers.
//!
//! The documents write `200.500` for two hundred thousand five hundred (a dot before
//! exactly three digits groups thousands), `7.766,74` with a decimal comma, `85,29%` and
//! `-12,64`. Targets (comparators, units, dates) are read in `super::target`.

/// Digits in a thousands group. Value 3: `200.500`, `1.194.987` (seeds 000, 001). A dot
/// followed by any other count of digits is a decimal point (`3.5`) or not a number.
pub const THOUSANDS_GROUP_DIGITS: usize = 3;

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
