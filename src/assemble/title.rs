//! Which kind of plan a title line names, from the vocabulary's plan titles.
//!
//! A line is a title when a plan-title wording is its head (`PIANO DELLA PERFORMANCE
//! 2025-2027`, `Relazione sulla Performance 2021`, `PEG 2026-2028 – OBIETTIVI`), not
//! when a sentence mentions one (`I risultati saranno rendicontati nella Relazione
//! sulla performance 2025`: issue 16, a Piano della performance typed as a
//! Relazione).

use crate::config::AssembleTolerances;
use crate::normalize::DocKind;
use crate::tables::header::fuzz;
use crate::tables::words::{Lexis, Phrases};
use crate::vocab::{Derived, PlanKind, Vocabulary};
use std::sync::Arc;

/// The vocabulary's plan titles, read once per document.
#[derive(Debug, Clone)]
pub struct Titles {
    lexis: Lexis,
    titles: Phrases<PlanKind>,
    max_chars: usize,
}

impl Titles {
    /// From the vocabulary, with the run's header matching rules for spelling slips.
    pub fn new(
        v: &Vocabulary,
        cfg: &crate::config::HeaderMatching,
        tol: &AssembleTolerances,
    ) -> Titles {
        let lexis = Lexis::new(&v.stopwords.words, &v.units.words);
        let titles = Phrases::new(
            &lexis,
            v.plan_kinds
                .iter()
                .flat_map(|(k, ws)| ws.iter().map(move |w| (*k, w.text.as_str()))),
            fuzz(cfg),
        );
        Titles {
            lexis,
            titles,
            max_chars: tol.max_title_chars,
        }
    }

    /// [`Titles::new`] of the run's vocabulary and rules, read once per run
    /// ([`Derived`]).
    pub fn for_run(
        v: &Arc<Vocabulary>,
        cfg: &crate::config::HeaderMatching,
        tol: &AssembleTolerances,
    ) -> Arc<Titles> {
        static RUN: Derived<(crate::config::HeaderMatching, usize), Titles> = Derived::new();
        RUN.get(v, &(cfg.clone(), tol.max_title_chars), || {
            Titles::new(v, cfg, tol)
        })
    }

    /// The kind of plan `line` is the title of: a plan-title wording at its head, on a
    /// line of at most [`AssembleTolerances::max_title_chars`] characters. A longer
    /// wording further on does not hide the one at the head (`PEG 2025 – PIANO DEGLI
    /// OBIETTIVI`, h4-ciampino's cover: `Piano degli obiettivi` is the longest, `PEG`
    /// the head): the words before each wording found are read again.
    ///
    /// Most lines of a cover and its contents start with no word a title starts
    /// with, and only their first word is read ([`Lexis::first_word`]): reading
    /// every line of the title window in full was ~4% of a one-page plan's CPU
    /// (docs/speed-rounds.md, round 11).
    pub fn kind_of(&self, line: &str) -> Option<DocKind> {
        if line.chars().count() > self.max_chars {
            return None;
        }
        // a wording found at the head starts with the line's first word
        let head = self.lexis.first_word(line)?;
        if !self.titles.may_start(&head) {
            return None;
        }
        self.kind_of_read(line)
    }

    /// [`Titles::kind_of`] of a line of at most `max_chars` characters, read in full.
    fn kind_of_read(&self, line: &str) -> Option<DocKind> {
        let words = self.lexis.read(line).words;
        let mut end = words.len();
        let f = loop {
            let f = self.titles.best(&words[..end])?;
            if f.at == 0 {
                break f;
            }
            end = f.at;
        };
        Some(match f.value {
            PlanKind::Piao => DocKind::Piao,
            PlanKind::RelazionePerformance => DocKind::RelazionePerformance,
            PlanKind::PianoPerformance => DocKind::PianoPerformance,
            PlanKind::Peg => DocKind::Peg,
            PlanKind::Dup => DocKind::Dup,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{AssembleTolerances, HeaderMatching};

    /// The built-in titles read their wordings from the build's readings
    /// (`tables::built`).
    #[test]
    fn builtin_titles_read_by_the_build_s_table() {
        let t = Titles::new(
            &Vocabulary::builtin(),
            &HeaderMatching::default(),
            &AssembleTolerances::default(),
        );
        assert!(t.lexis.built_table().is_some());
    }

    /// The plan titles' indexed phrase scan finds what trying every wording at
    /// every place finds, on every text of the fixtures' tables (issue 22).
    #[test]
    fn indexed_phrase_scan_is_the_full_scan_for_titles() {
        let t = Titles::new(
            &Vocabulary::builtin(),
            &HeaderMatching::default(),
            &AssembleTolerances::default(),
        );
        let texts = crate::testing::fixture_table_texts();
        let (tried, found) = crate::tables::words::check_phrase_scan(&t.lexis, &t.titles, &texts);
        assert!(tried >= 5000 && found >= 10, "tried {tried}, found {found}");
    }

    /// The head-word test decides as the full reading does, on every text of the
    /// fixtures' tables (header cells, context lines, headings and titles among them),
    /// and on every wording of the plan titles and each with a line after it.
    #[test]
    fn reading_the_head_word_first_decides_as_reading_all() {
        let t = Titles::new(
            &Vocabulary::builtin(),
            &HeaderMatching::default(),
            &AssembleTolerances::default(),
        );
        let mut texts = crate::testing::fixture_table_texts();
        for w in Vocabulary::builtin().plan_kinds.values().flatten() {
            texts.insert(w.text.clone());
            texts.insert(format!("{} 2025-2027", w.text));
            texts.insert(format!("Allegato: {}", w.text));
            texts.insert(format!("2025 ({}) bis", w.text.to_uppercase()));
        }
        let (mut titles, mut short) = (0, 0);
        for line in &texts {
            if line.chars().count() > t.max_chars {
                continue;
            }
            short += 1;
            let full = t.kind_of_read(line);
            assert_eq!(t.kind_of(line), full, "{line:?}");
            titles += usize::from(full.is_some());
        }
        assert!(
            short > 5000 && titles > 20,
            "{short} lines, {titles} titles"
        );
    }

    #[test]
    fn titles_not_sentences() {
        let t = Titles::new(
            &Vocabulary::builtin(),
            &HeaderMatching::default(),
            &AssembleTolerances::default(),
        );
        let k = |l: &str| t.kind_of(l);
        // h4-ciampino's cover: the head wording, a longer one further on
        assert_eq!(k("PEG 2025 – PIANO DEGLI OBIETTIVI"), Some(DocKind::Peg));
        assert_eq!(k("PDO 2024 - Piano della performance"), Some(DocKind::Peg));
        // seed 000 line 5, seed 001 title
        assert_eq!(
            k("PIANO INTEGRATO DI ATTIVITA' ED ORGANIZZAZIONE"),
            Some(DocKind::Piao)
        );
        assert_eq!(
            k("Relazione sulla Performance 2021"),
            Some(DocKind::RelazionePerformance)
        );
        assert_eq!(
            k("PIANO DELLA PERFORMANCE 2025-2027"),
            Some(DocKind::PianoPerformance)
        );
        assert_eq!(
            k("PIANO ESECUTIVO DI GESTIONE 2024 – PIANO DETTAGLIATO DEGLI OBIETTIVI"),
            Some(DocKind::Peg)
        );
        // issue 16: a Piano della performance that announces the Relazione to come
        assert_eq!(
            k("I risultati raggiunti saranno rendicontati nella Relazione sulla performance 2025"),
            None
        );
    }
}
