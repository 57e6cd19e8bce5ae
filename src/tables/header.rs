//! Header recognition: which row of a grid is the header, and each column's role.
//!
//! A header cell's role comes from its words ([`super::words`]): the longest wording
//! of the vocabulary found among them, preferring one that starts at the head word.
//! A wording that is the whole cell (years, units and articles aside) is sure; one
//! that is the cell's head word with modifiers the vocabulary does not know
//! (`Indicatore di efficacia`) is likely; one found after the head word (`Valore
//! target`) is a guess, and reported as one. A column's content then confirms or
//! corrects its header (`super::content`).

use super::words::{Found, Fuzz, Lexis, Phrases, WordIndex, Words, word_similarity};
use crate::config::HeaderMatching;
use crate::normalize::fold;
use crate::vocab::{Role, Vocabulary};
use serde::Serialize;
use std::sync::LazyLock;

/// A column of a recognised table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Header text as printed.
    pub name: String,
    /// Role, when the header (or the column's content) gave one.
    pub role: Option<Role>,
    /// How sure the role is (0–1); 0 for an unknown column.
    pub confidence: f64,
    /// Which wording or content rule gave the role (`wording 'Target'`, `head word of
    /// 'Indicatore'`, `content: codes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The year the header names (`Target 2026`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The unit the header names (`Peso (%)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

impl Column {
    /// A column whose header gave no role.
    pub fn unknown(name: &str) -> Column {
        Column {
            name: name.to_string(),
            role: None,
            confidence: 0.0,
            rule: None,
            year: None,
            unit: None,
        }
    }
}

/// A role read from a header cell.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleMatch {
    /// The role.
    pub role: Role,
    /// How sure (0–1).
    pub confidence: f64,
    /// Which wording, and how it matched.
    pub rule: String,
}

/// The vocabulary's header wordings, read once per run.
#[derive(Debug, Clone)]
pub struct Matcher {
    lexis: Lexis,
    roles: Phrases<Role>,
    index: WordIndex<Role>,
    /// Whole folded wordings with their length, for cells the word reading misses
    /// (typos that cut a word: `indicatre`).
    whole: Vec<(Role, String, usize)>,
    longest: usize,
    cfg: HeaderMatching,
}

impl Matcher {
    /// Read the vocabulary's header wordings with the run's matching rules.
    pub fn new(vocab: &Vocabulary, cfg: &HeaderMatching) -> Matcher {
        let lexis = Lexis::new(&vocab.stopwords.words, &vocab.units.words);
        let wordings: Vec<(Role, &str)> = vocab
            .header_wordings()
            .map(|(r, w)| (r, w.text.as_str()))
            .collect();
        let roles = Phrases::new(&lexis, wordings.iter().copied(), fuzz(cfg));
        let whole: Vec<(Role, String, usize)> = wordings
            .iter()
            .map(|(r, w)| {
                let f = fold(w);
                let n = f.chars().count();
                (*r, f, n)
            })
            .collect();
        let longest = whole.iter().map(|w| w.2).max().unwrap_or(0);
        let index = WordIndex::new(&roles, cfg.root_chars);
        Matcher {
            lexis,
            roles,
            index,
            whole,
            longest,
            cfg: cfg.clone(),
        }
    }

    /// The built-in vocabulary with default rules, read once per process.
    pub fn builtin() -> &'static Matcher {
        static M: LazyLock<Matcher> =
            LazyLock::new(|| Matcher::new(&Vocabulary::builtin(), &HeaderMatching::default()));
        &M
    }

    /// Whether a word is one the vocabulary's wordings use (`Settore`, `Servizi`): a
    /// cell made of such words names a unit, not a person.
    pub fn knows_word(&self, word: &str) -> bool {
        self.read(word).words.iter().any(|w| self.index.knows(w))
    }

    /// The rules it matches with.
    pub fn rules(&self) -> &HeaderMatching {
        &self.cfg
    }

    /// Read a cell's words.
    pub fn read(&self, text: &str) -> Words {
        self.lexis.read(text)
    }

    /// The role of one header cell, if any wording is found in it with at least
    /// [`HeaderMatching::min_confidence`].
    pub fn role(&self, text: &str) -> Option<RoleMatch> {
        // A cell far longer than any wording is a data cell: skip the reading.
        let chars = text.chars().count();
        if chars == 0 || chars > self.cfg.max_header_chars {
            return None;
        }
        let words = self.read(text);
        // A wording that is the whole cell, or a wording of several words at its head
        // (`Codice indicatore di performance`), decides; otherwise the words vote.
        let by_words = match self.roles.best(&words.words) {
            Some(f) if f.whole() || (f.at == 0 && f.len > 1) => Some(self.judge(&f, &words)),
            _ => self.by_votes(&words),
        };
        let by_whole = self.whole_match(text);
        let best = match (by_words, by_whole) {
            (Some(w), Some(s)) if s.confidence > w.confidence => Some(s),
            (Some(w), _) => Some(w),
            (None, s) => s,
        };
        best.filter(|m| m.confidence >= self.cfg.min_confidence)
    }

    /// How sure a wording found among a cell's words is: the whole cell, its head
    /// word, or a modifier ([`HeaderMatching::head_word_confidence`],
    /// [`HeaderMatching::modifier_confidence`]), times the similarity of words that
    /// matched only nearly.
    fn judge(&self, f: &Found<Role>, words: &Words) -> RoleMatch {
        let phrase = self.read(&f.phrase);
        let sim = phrase
            .words
            .iter()
            .zip(&words.words[f.at..])
            .map(|(p, w)| word_similarity(p, w, self.cfg.min_abbrev_chars))
            .fold(1.0_f64, f64::min);
        let (base, how) = if f.whole() {
            (1.0, "wording")
        } else if f.at == 0 {
            (self.cfg.head_word_confidence, "head word")
        } else {
            (self.cfg.modifier_confidence, "modifier")
        };
        RoleMatch {
            role: f.value,
            confidence: round3(base * sim),
            rule: format!("{how} '{}'", f.phrase),
        }
    }

    /// The role the cell's words vote for ([`WordIndex::votes`]). It is as sure as its
    /// share of the two best roles' votes times its words' match quality, and never
    /// surer than a head-word match ([`HeaderMatching::head_word_confidence`]): no
    /// wording of the vocabulary is the cell.
    fn by_votes(&self, words: &Words) -> Option<RoleMatch> {
        let votes = self.index.votes(
            &words.words,
            self.cfg.modifier_weight,
            self.cfg.root_quality,
        );
        let mut sums: Vec<(Role, f64)> = Vec::new();
        for v in &votes {
            match sums.iter_mut().find(|(r, _)| *r == v.value) {
                Some((_, s)) => *s += v.weight,
                None => sums.push((v.value, v.weight)),
            }
        }
        sums.sort_by(|a, b| b.1.total_cmp(&a.1));
        let (role, best) = *sums.first()?;
        let second = sums.get(1).map_or(0.0, |s| s.1);
        let why: Vec<String> = votes
            .iter()
            .filter(|v| v.value == role)
            .map(|v| format!("'{}'", v.word))
            .collect();
        let quality = votes
            .iter()
            .filter(|v| v.value == role)
            .map(|v| v.quality)
            .fold(0.0_f64, f64::max);
        let share = best / (best + second);
        Some(RoleMatch {
            role,
            confidence: round3((share * quality).min(self.cfg.head_word_confidence)),
            rule: format!("words {} of its wordings", why.join(", ")),
        })
    }

    /// The whole cell against each whole wording (normalised Levenshtein), with a
    /// length bound that skips what cannot reach [`HeaderMatching::min_similarity`].
    fn whole_match(&self, text: &str) -> Option<RoleMatch> {
        let chars = text.chars().count();
        if chars as f64 * self.cfg.min_similarity > (self.longest + 2) as f64 {
            return None;
        }
        let t = fold(text);
        let n = t.chars().count();
        let mut best: Option<(Role, &str, f64)> = None;
        for (role, w, len) in &self.whole {
            let bound = 1.0 - (n.abs_diff(*len) as f64) / (n.max(*len).max(1) as f64);
            if bound < self.cfg.min_similarity || best.is_some_and(|(_, _, b)| bound <= b) {
                continue;
            }
            let s = strsim::normalized_levenshtein(&t, w);
            if best.is_none_or(|(_, _, b)| s > b) {
                best = Some((*role, w, s));
            }
        }
        best.filter(|(_, _, s)| *s >= self.cfg.min_similarity)
            .map(|(role, w, s)| RoleMatch {
                role,
                confidence: round3(s),
                rule: format!("spelling of '{w}'"),
            })
    }

    /// Columns for a header row. A role claimed by two cells stays with the surer
    /// one, unless the two name different years (`Target 2025`, `Target 2026`).
    pub fn columns(&self, header: &[String]) -> Vec<Column> {
        let mut cols: Vec<Column> = header
            .iter()
            .map(|h| {
                let words = self.read(h);
                let mut c = Column::unknown(h);
                if let Some(m) = self.role(h) {
                    c.role = Some(m.role);
                    c.confidence = m.confidence;
                    c.rule = Some(m.rule);
                }
                c.year = (words.years.len() == 1).then(|| words.years[0]);
                c.unit = words.unit;
                c
            })
            .collect();
        drop_weaker_duplicates(&mut cols);
        cols
    }

    /// Whether a cell is a wording of the vocabulary as a whole (years, units and
    /// articles aside, or misspelt within [`HeaderMatching::min_similarity`]): the
    /// evidence that a row is a header. Words voting for a role are not: data cells
    /// are made of the same words (`Ufficio Commercio`, `Controllo attività`).
    pub fn is_wording(&self, text: &str) -> bool {
        let chars = text.chars().count();
        if chars == 0 || chars > self.cfg.max_header_chars {
            return false;
        }
        let words = self.read(text);
        self.roles.best(&words.words).is_some_and(|f| f.whole()) || self.whole_match(text).is_some()
    }

    /// Index of the header row among the first [`HeaderMatching::search_rows`] rows,
    /// when one has at least [`HeaderMatching::min_roles`] cells that are wordings
    /// ([`Matcher::is_wording`]).
    pub fn find_header(&self, rows: &[Vec<String>]) -> Option<usize> {
        rows.iter()
            .take(self.cfg.search_rows)
            .enumerate()
            .map(|(i, r)| (i, r.iter().filter(|c| self.is_wording(c)).count()))
            .filter(|(_, n)| *n >= self.cfg.min_roles)
            .max_by_key(|(i, n)| (*n, usize::MAX - i))
            .map(|(i, _)| i)
    }
}

/// A role claimed by two columns stays with the surer one (the first on a tie),
/// unless both name a year and the years differ.
pub fn drop_weaker_duplicates(cols: &mut [Column]) {
    for i in 0..cols.len() {
        let Some(r) = cols[i].role else { continue };
        let better = cols.iter().enumerate().any(|(j, c)| {
            j != i
                && c.role == Some(r)
                && !(c.year.is_some() && cols[i].year.is_some() && c.year != cols[i].year)
                && (c.confidence > cols[i].confidence
                    || (c.confidence == cols[i].confidence && j < i))
        });
        if better {
            cols[i].role = None;
            cols[i].confidence = 0.0;
            cols[i].rule = None;
        }
    }
}

/// How nearly two words must agree, from the run's rules.
pub fn fuzz(cfg: &HeaderMatching) -> Fuzz {
    Fuzz {
        min_similarity: cfg.min_similarity,
        min_chars: cfg.fuzzy_min_chars,
        min_abbrev: cfg.min_abbrev_chars,
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The best role for one header cell with the built-in vocabulary, as a similarity.
/// Kept for the stream grids (`grid::stream`), which anchor on a header the
/// vocabulary knows until they find tables by structure alone: it matches whole cells
/// only, as it always did, so the anchoring does not change with the word reading.
pub fn match_role(text: &str, _cfg: &HeaderMatching) -> Option<(Role, f64)> {
    Matcher::builtin()
        .whole_match(text)
        .map(|m| (m.role, m.confidence))
}

/// Columns for a header row with the built-in vocabulary (stitching compares pieces
/// with it; the run's vocabulary and the columns' content decide the final roles).
pub fn columns(header: &[String], _cfg: &HeaderMatching) -> Vec<Column> {
    Matcher::builtin().columns(header)
}

/// Index of the header row with the built-in vocabulary.
pub fn find_header(rows: &[Vec<String>], _cfg: &HeaderMatching) -> Option<usize> {
    Matcher::builtin().find_header(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(h: &[&str]) -> Vec<Option<Role>> {
        let h: Vec<String> = h.iter().map(|s| s.to_string()).collect();
        Matcher::builtin()
            .columns(&h)
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

    #[test]
    fn roles_by_meaning_the_wordings_of_issue_16() {
        use Role::*;
        // issue 16, "Why": common wordings that got no role by whole-cell similarity
        let rows: &[(&str, Role)] = &[
            ("Target 2026", Target),
            ("Valore target 2026", Target),
            ("Risultato atteso 2026", Target),
            ("Indicatore di efficacia", Indicator),
            ("Indicatori di risultato", Indicator),
            ("Obiettivo esecutivo", Objective),
            ("Peso ponderale", Weight),
            ("Responsabile del procedimento", Dirigente),
            ("Tempi di realizzazione", Deadline),
            ("Peso (%)", Weight),
            ("Obiettivo strategico", StrategicObjective),
            ("Target consuntivo 2024", Actual),
            ("Cod. Ob.", ObjectiveCode),
            ("Valori 2019", Baseline),
        ];
        for (text, role) in rows {
            let got = Matcher::builtin().role(text);
            assert_eq!(got.as_ref().map(|m| m.role), Some(*role), "{text}: {got:?}");
        }
    }

    #[test]
    fn years_and_units_are_kept_on_the_column_and_per_year_targets_all_stay() {
        let h: Vec<String> = ["Indicatore", "Target 2025", "Target 2026", "Peso (%)"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cols = Matcher::builtin().columns(&h);
        let got: Vec<(Option<Role>, Option<i32>, Option<&str>)> = cols
            .iter()
            .map(|c| (c.role, c.year, c.unit.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(Role::Indicator), None, None),
                (Some(Role::Target), Some(2025), None),
                (Some(Role::Target), Some(2026), None),
                (Some(Role::Weight), None, Some("%")),
            ]
        );
    }

    #[test]
    fn how_sure_says_how_the_wording_matched() {
        let m = Matcher::builtin();
        let c = |t: &str| m.role(t).map(|r| (r.confidence, r.rule));
        assert_eq!(
            c("Target 2026"),
            Some((1.0, "wording 'Target'".to_string()))
        );
        let head = c("Indicatore di efficacia");
        assert!(
            head.as_ref()
                .is_some_and(|(s, r)| *s < 1.0 && r.starts_with("words 'indicator'")),
            "{head:?}"
        );
        assert_eq!(c("Colore"), None);
    }
}
