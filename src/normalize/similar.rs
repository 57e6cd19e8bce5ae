//! Similarity of two strings, as far as a threshold needs it (a module of its own:
//! `build.rs` compiles `base.rs`, and the build script has no `rapidfuzz`).

/// `strsim::normalized_levenshtein(a, b)` (`1 - distance / longer length`, in
/// characters) when it is at least `min`, else `None`, found without the whole edit
/// distance: the distance is computed only up to the most edits `min` allows
/// (`rapidfuzz`'s bit-parallel Levenshtein with a cutoff, a machine word per 64
/// characters instead of a table cell per pair of characters). Header matching
/// compares every cell's words with every vocabulary word, and card titles are
/// compared with every summary row, a printed mission name with every row of the
/// official list; nearly all pairs are far apart (the plain
/// distance was ~20% of a Chromium plan's CPU in the profile of issue 22, and the
/// table form still 18% of seed 004's stages after the PDF layer).
pub fn similar_at_least(a: &str, b: &str, min: f64) -> Option<f64> {
    use rapidfuzz::distance::levenshtein::{Args, distance_with_args};
    let ascii = a.is_ascii() && b.is_ascii();
    let (la, lb) = if ascii {
        (a.len(), b.len())
    } else {
        (a.chars().count(), b.chars().count())
    };
    let longer = la.max(lb);
    if longer == 0 {
        return (1.0 >= min).then_some(1.0);
    }
    // the most edits that can still reach `min`, with one to spare for rounding
    let allowed = ((1.0 - min).max(0.0) * longer as f64).floor() as usize + 1;
    if la.abs_diff(lb) > allowed {
        return None;
    }
    let args = Args::default().score_cutoff(allowed);
    let distance = if ascii {
        distance_with_args(a.bytes(), b.bytes(), &args)
    } else {
        distance_with_args(a.chars(), b.chars(), &args)
    }?;
    // strsim's own formula, so a pair at the edge decides as it did
    let s = 1.0 - distance as f64 / longer as f64;
    (s >= min).then_some(s)
}
