//! Header recognition: which row of a grid is the header, and each column's role.

use super::vocab::{Role, VOCABULARY};
use crate::config::HeaderMatching;
use crate::normalize::fold;
use serde::Serialize;

/// A column of a recognised table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Header text as printed.
    pub name: String,
    /// Role, when the header matched the vocabulary.
    pub role: Option<Role>,
    /// Similarity of the match (0–1); 0 for an unknown column.
    pub confidence: f64,
}

/// The best role for one header cell, with its similarity.
pub fn match_role(text: &str, cfg: &HeaderMatching) -> Option<(Role, f64)> {
    // A cell much longer than any wording cannot reach the similarity: skip the
    // folding and the edit distances (data cells run to hundreds of characters).
    let chars = text.chars().count();
    if chars == 0 || chars as f64 * cfg.min_similarity > (FOLDED.longest + 2) as f64 {
        return None;
    }
    let t = fold(text);
    let n = t.chars().count();
    let mut best: Option<(Role, f64)> = None;
    for (role, w, len) in &FOLDED.words {
        // normalised similarity ≤ 1 − |Δlen| / max len: skip what cannot win
        let bound = 1.0 - (n.abs_diff(*len) as f64) / (n.max(*len) as f64);
        if bound < cfg.min_similarity || best.is_some_and(|(_, b)| bound <= b) {
            continue;
        }
        let s = strsim::normalized_levenshtein(&t, w);
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((*role, s));
        }
    }
    best.filter(|(_, s)| *s >= cfg.min_similarity)
}

/// The vocabulary folded once per run, with each wording's length in characters.
struct Folded {
    words: Vec<(Role, String, usize)>,
    longest: usize,
}

static FOLDED: std::sync::LazyLock<Folded> = std::sync::LazyLock::new(|| {
    let words: Vec<(Role, String, usize)> = VOCABULARY
        .iter()
        .flat_map(|(role, ws)| ws.iter().map(move |(w, _)| (*role, fold(w))))
        .map(|(r, f)| {
            let n = f.chars().count();
            (r, f, n)
        })
        .collect();
    let longest = words.iter().map(|w| w.2).max().unwrap_or(0);
    Folded { words, longest }
});

/// Columns for a header row; a role claimed by two cells stays with the better match.
pub fn columns(header: &[String], cfg: &HeaderMatching) -> Vec<Column> {
    let mut cols: Vec<Column> = header
        .iter()
        .map(|h| {
            let m = match_role(h, cfg);
            Column {
                name: h.clone(),
                role: m.map(|(r, _)| r),
                confidence: m.map_or(0.0, |(_, s)| (s * 1000.0).round() / 1000.0),
            }
        })
        .collect();
    for i in 0..cols.len() {
        let Some(r) = cols[i].role else { continue };
        let better = cols.iter().enumerate().any(|(j, c)| {
            j != i
                && c.role == Some(r)
                && (c.confidence > cols[i].confidence
                    || (c.confidence == cols[i].confidence && j < i))
        });
        if better {
            cols[i].role = None;
        }
    }
    cols
}

/// Index of the header row among the first rows, when one has enough roles.
pub fn find_header(rows: &[Vec<String>], cfg: &HeaderMatching) -> Option<usize> {
    rows.iter()
        .take(cfg.search_rows)
        .enumerate()
        .map(|(i, r)| {
            (
                i,
                columns(r, cfg).iter().filter(|c| c.role.is_some()).count(),
            )
        })
        .filter(|(_, n)| *n >= cfg.min_roles)
        .max_by_key(|(i, n)| (*n, usize::MAX - i))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(h: &[&str]) -> Vec<Option<Role>> {
        let h: Vec<String> = h.iter().map(|s| s.to_string()).collect();
        columns(&h, &HeaderMatching::default())
            .into_iter()
            .map(|c| c.role)
            .collect()
    }

    #[test]
    fn the_three_cremona_headers_get_their_roles() {
        use Role::*;
        // seed 000 line 59
        assert_eq!(
            roles(&[
                "Obiettivo",
                "Codice Obiettivo",
                "Dirigente",
                "Indicatore",
                "Finalità Indicatore",
                "Formula Indicatore",
                "Target"
            ]),
            [
                Objective,
                ObjectiveCode,
                Dirigente,
                Indicator,
                Purpose,
                Formula,
                Target
            ]
            .map(Some)
        );
        // seed 002 line 19
        assert_eq!(
            roles(&[
                "Settore",
                "Codice Obiettivo",
                "Titolo Obiettivo",
                "Definizione Obiettivo",
                "Codice Ind",
                "Titolo Indicatore",
                "Formula Indicatore",
                "Finalità Indicatore",
                "Target Atteso",
                "Peso"
            ]),
            [
                Settore,
                ObjectiveCode,
                Objective,
                ObjectiveDescription,
                IndicatorCode,
                Indicator,
                Formula,
                Purpose,
                Target,
                Weight
            ]
            .map(Some)
        );
        // seed 001 line 32
        assert_eq!(
            roles(&[
                "Responsabile",
                "Settore",
                "Obiettivo",
                "Definizione",
                "Indicatore",
                "Formula",
                "Finalità",
                "Target atteso",
                "Target Consuntivo",
                "Scostamento",
                "Note",
                "Peso",
                "% Ragg",
                "Barometro"
            ]),
            [
                Dirigente,
                Settore,
                Objective,
                ObjectiveDescription,
                Indicator,
                Formula,
                Purpose,
                Target,
                Actual,
                Deviation,
                Notes,
                Weight,
                Achievement,
                Barometer
            ]
            .map(Some)
        );
    }

    #[test]
    fn synonyms_typos_and_case_are_forgiven_unknown_columns_kept() {
        use Role::*;
        assert_eq!(
            roles(&["VALORE ATTESO", "indicatre", "Responsabile", "Colore"]),
            [Some(Target), Some(Indicator), Some(Dirigente), None]
        );
    }
}
