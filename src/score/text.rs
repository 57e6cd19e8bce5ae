//! Text helpers shared by both scorers: whitespace collapsing, ratios, similarity.

/// Trim and turn every run of whitespace into one space: the only normalisation the
/// scorer applies (the truth files are typed "whitespace collapsed").
pub(crate) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `num / den`, with 0/0 = 1: nothing to find and nothing found is a perfect score
/// (seed 003 has no records at all, and scoring it against itself must give 1).
pub(crate) fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        if num == 0 { 1.0 } else { 0.0 }
    } else {
        num as f64 / den as f64
    }
}

/// Harmonic mean of precision and recall; 0 when both are 0.
pub(crate) fn harmonic(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Sorted character bigrams of `s`, for [`dice`]. Precomputed once per record so that
/// comparing all pairs of a year (~400 × 400 in seed 000) stays linear per pair.
pub(crate) fn bigrams(s: &str) -> Vec<u64> {
    let chars: Vec<char> = s.chars().collect();
    let mut grams: Vec<u64> = chars
        .windows(2)
        .map(|w| (u64::from(u32::from(w[0])) << 32) | u64::from(u32::from(w[1])))
        .collect();
    grams.sort_unstable();
    grams
}

/// Sørensen–Dice coefficient of two sorted bigram multisets, in [0, 1].
pub(crate) fn dice(a: &[u64], b: &[u64]) -> f64 {
    let total = a.len() + b.len();
    if total == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / total as f64
}

/// Cut `s` to at most `max` characters, marking the cut, so one long cell cannot flood
/// a report line.
pub(crate) fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}
