//! Fixed-pitch (monospace) text: every character, the space included, is one
//! character cell wide, so a word space is as wide as a letter (0.6 em in Courier)
//! and a gap a word space wide is no column gutter. Plain-text reports (a line
//! printer's listing, GNU enscript, mainframe and office-system reports) align their
//! columns with spaces; the gutters between them are two cells or more.
//!
//! Told from the geometry alone (like pdfplumber's text strategy, which reads
//! character positions): a page's text is fixed-pitch when most of its words are as
//! wide per character as one another; a row of it is fixed-pitch when all its words
//! are.

use crate::config::GridTolerances;
use crate::layout::Word;

/// Width per character of a word in em of its size, or `None` for a word with no
/// characters or no size.
fn em_per_char(w: &Word) -> Option<f64> {
    em_per_chars(w, w.text.chars().count())
}

/// [`em_per_char`] of a word of `n` characters.
fn em_per_chars(w: &Word, n: usize) -> Option<f64> {
    let size = f64::from(w.size);
    (n > 0 && size > 0.0).then(|| w.bbox.width() / (n as f64 * size))
}

/// The character pitch (em per character) that the page's text is set in, when it
/// is fixed-pitch: at least [`GridTolerances::fixed_pitch_min_words`] words of
/// [`GridTolerances::fixed_pitch_min_chars`] characters or more, and at least
/// [`GridTolerances::fixed_pitch_share`] of them within
/// [`GridTolerances::fixed_pitch_slack_em`] of their median pitch. Proportional
/// fonts spread words from about 0.4 to 0.65 em per character (`ill` against `mm`),
/// so few words share one pitch by chance.
///
/// Asked of every page (twice: its cells' line breaks, its stream tables) and of the
/// cells of every ruled grid a stream reading may redo, so each word's characters are
/// counted once and the median is selected, not sorted for (issue 22): the element a
/// sort puts in the middle, whichever the order of equal values.
pub(crate) fn page_pitch(words: &[&Word], tol: &GridTolerances) -> Option<f64> {
    let mut ps: Vec<f64> = words
        .iter()
        .filter_map(|w| {
            let n = w.text.chars().count();
            (n >= tol.fixed_pitch_min_chars)
                .then(|| em_per_chars(w, n))
                .flatten()
        })
        .collect();
    if ps.is_empty() || ps.len() < tol.fixed_pitch_min_words {
        return None;
    }
    let mid = ps.len() / 2;
    let (_, &mut median, _) = ps.select_nth_unstable_by(mid, f64::total_cmp);
    let alike = ps
        .iter()
        .filter(|p| (*p - median).abs() <= tol.fixed_pitch_slack_em)
        .count();
    (alike as f64 >= tol.fixed_pitch_share * ps.len() as f64).then_some(median)
}

/// Width of a word space in a row of `words` (points): one character cell when
/// every word is set in the page's fixed `pitch`, else 0 (the row's spaces are
/// told by [`GridTolerances::space_em`] as in proportional text).
pub(crate) fn row_space(words: &[&Word], pitch: Option<f64>, tol: &GridTolerances) -> f64 {
    let Some(pitch) = pitch else { return 0.0 };
    let fixed = words
        .iter()
        .all(|w| em_per_char(w).is_some_and(|p| (p - pitch).abs() <= tol.fixed_pitch_slack_em));
    let size = words.iter().map(|w| f64::from(w.size)).fold(0.0, f64::max);
    if fixed { pitch * size } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::BBox;

    /// A word at `x0` as wide as its characters at `em` per character, 7 pt.
    fn word(text: &str, x0: f64, em: f64) -> Word {
        let w = text.chars().count() as f64 * em * 7.0;
        Word {
            text: text.into(),
            page: 1,
            bbox: BBox::new(x0, 120.4, x0 + w, 127.4),
            size: 7.0,
            dir: 0,
            bold: None,
            space_after: false,
            origin: Default::default(),
        }
    }

    /// h4-gallarate-piao-2025--enscript-plain page 2: Courier 7 pt, 4.2 pt a cell.
    #[test]
    fn courier_words_share_one_pitch_and_a_space_is_one_cell() {
        let texts = [
            "Obiettivo",
            "di",
            "valore",
            "Cod.",
            "Obiettivo",
            "operativo",
            "Contenuto",
            "Indicatore",
            "Valore",
            "Struttura",
            "pubblico",
            "obiettivo",
            "responsabile",
            "Una",
            "città",
            "sicura,",
            "OP",
            "1",
            "Manutenzione",
            "Rifacimento",
            "delle",
        ];
        let ws: Vec<Word> = texts.iter().map(|t| word(t, 45.0, 0.6)).collect();
        let refs: Vec<&Word> = ws.iter().collect();
        let tol = GridTolerances::default();
        let pitch = page_pitch(&refs, &tol);
        assert!(pitch.is_some_and(|p| (p - 0.6).abs() < 1e-9), "{pitch:?}");
        assert!((row_space(&refs[13..16], pitch, &tol) - 4.2).abs() < 1e-9);
    }

    /// h12-grosseto-piao-2025--pdflib-plain page 2, Helvetica 7 pt: the words'
    /// widths as the page sets them (em per character from 0.38 to 0.6).
    #[test]
    fn proportional_words_have_no_pitch() {
        let spec = [
            ("Codice", 26.51),
            ("Obiettivo", 35.97),
            ("operativo", 36.87),
            ("Stakeholder", 47.58),
            ("Risorse", 29.17),
            ("umane", 26.58),
            ("Indicatore", 40.76),
            ("Baseline", 33.71),
            ("2025", 19.48),
            ("Tempistica", 43.25),
            ("OB.01.01", 33.15),
            ("Attuazione", 38.16),
            ("del", 10.87),
            ("piano", 19.62),
            ("Organi", 24.48),
            ("governo", 28.86),
            ("funzionario,", 42.46),
            ("istruttore,", 36.06),
            ("Dipendenti", 39.16),
            ("formati", 26.01),
            ("trim.", 17.26),
        ];
        let ws: Vec<Word> = spec
            .iter()
            .map(|(t, w)| {
                let mut v = word(t, 45.0, 0.5);
                v.bbox = BBox::new(45.0, 171.24, 45.0 + w, 178.24);
                v
            })
            .collect();
        let refs: Vec<&Word> = ws.iter().collect();
        let tol = GridTolerances::default();
        assert_eq!(page_pitch(&refs, &tol), None);
        assert_eq!(row_space(&refs, None, &tol), 0.0);
    }
}
