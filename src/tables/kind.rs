//! What a table is about: performance objectives, or one of the other tables a
//! complete PIAO holds (anticorruption risk map, transparency obligations, staffing,
//! training, organisation, lavoro agile), which look like objective tables (they have
//! responsabile, indicatore, target columns) and must give no objective records.
//!
//! Two kinds of evidence, both from the vocabulary's `table_kinds`: header cells only
//! one kind of table prints (`Evento rischioso`, `Denominazione del singolo obbligo`),
//! and the document section the table stands in (the last section heading above it:
//! `2.3 Rischi corruttivi e trasparenza`, `3.3 Piano triennale dei fabbisogni`).

use super::words::{Lexis, Phrases};
use super::{Table, TableKind, vocab};
use crate::config::TableRules;
use crate::grid::Grid;
use crate::layout::PageText;
use crate::vocab::{Derived, Role, Vocabulary};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A section heading of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Page.
    pub page: u32,
    /// Top of the heading line.
    pub top: f64,
    /// What the tables under it are.
    pub kind: TableKind,
    /// The heading as printed.
    pub text: String,
}

/// The vocabulary's kind wordings, read once per document.
#[derive(Debug, Clone)]
pub struct Kinds {
    lexis: Lexis,
    headers: Phrases<TableKind>,
    sections: Phrases<TableKind>,
}

impl Kinds {
    /// [`Kinds::new`] of the run's vocabulary, read once per run ([`Derived`]).
    pub fn for_run(v: &Arc<Vocabulary>, fuzz: super::words::Fuzz) -> Arc<Kinds> {
        static RUN: Derived<super::words::Fuzz, Kinds> = Derived::new();
        RUN.get(v, &fuzz, || Kinds::new(v, fuzz))
    }

    /// Read the kind wordings of `v`.
    pub fn new(v: &Vocabulary, fuzz: super::words::Fuzz) -> Kinds {
        let lexis = Lexis::new(
            v.stopwords.words.iter().chain(&v.section_words.words),
            &v.units.words,
        );
        let headers = Phrases::new(
            &lexis,
            v.table_kinds
                .iter()
                .flat_map(|(k, w)| w.headers.iter().map(move |h| (*k, h.text.as_str()))),
            fuzz,
        );
        let sections = Phrases::new(
            &lexis,
            v.table_kinds
                .iter()
                .flat_map(|(k, w)| w.sections.iter().map(move |h| (*k, h.text.as_str()))),
            fuzz,
        );
        Kinds {
            lexis,
            headers,
            sections,
        }
    }

    /// The kind most header cells name: a cell counts when a kind wording is the
    /// whole cell or its head word.
    pub fn of_header(&self, header: &[String]) -> Option<TableKind> {
        let mut votes: BTreeMap<TableKind, usize> = BTreeMap::new();
        for h in header {
            let w = self.lexis.read(h);
            if let Some(f) = self.headers.best(&w.words).filter(|f| f.at == 0) {
                *votes.entry(f.value).or_default() += 1;
            }
        }
        votes
            .into_iter()
            .filter(|(k, _)| *k != TableKind::Objectives)
            .max_by_key(|(_, n)| *n)
            .map(|(k, _)| k)
    }

    /// The section a heading line opens, if its words are mostly a section wording
    /// ([`TableRules::section_cover`]) once its numbering (`2.3`, `Sezione 3.`) is
    /// set aside.
    pub fn of_heading(&self, line: &str, rules: &TableRules) -> Option<TableKind> {
        if line.chars().count() > rules.max_section_chars {
            return None;
        }
        let w = self.lexis.read(line);
        let f = self.sections.best(&w.words)?;
        (f.len as f64 >= rules.section_cover * f.of as f64).then_some(f.value)
    }

    /// Every section heading of the document, in order: lines outside tables that
    /// look like headings ([`is_heading`]) and open a section ([`Kinds::of_heading`]).
    /// The lines of a contents page (one without tables that names
    /// [`TableRules::contents_sections`] sections or more) open nothing.
    pub fn sections(
        &self,
        texts: &[PageText],
        grids: &[Vec<Grid>],
        rules: &TableRules,
    ) -> Vec<Section> {
        let body = body_size(texts);
        let mut out = Vec::new();
        for (pt, gs) in texts.iter().zip(grids) {
            let found: Vec<Section> = pt
                .lines
                .iter()
                .filter(|l| {
                    !gs.iter()
                        .any(|g| g.bbox.contains_point(l.bbox.cx(), l.bbox.cy(), rules.slack))
                })
                .filter(|l| is_heading(&l.text, f64::from(l.size), body, rules))
                .filter_map(|l| {
                    self.of_heading(&l.text, rules).map(|kind| Section {
                        page: pt.page,
                        top: l.bbox.top,
                        kind,
                        text: l.text.clone(),
                    })
                })
                .collect();
            if gs.is_empty() && found.len() >= rules.contents_sections {
                continue;
            }
            out.extend(found);
        }
        out
    }
}

/// The font size most lines of the document have (the body text's).
fn body_size(texts: &[PageText]) -> f64 {
    let mut counts: BTreeMap<i64, usize> = BTreeMap::new();
    for l in texts.iter().flat_map(|p| &p.lines) {
        *counts
            .entry((f64::from(l.size) * 10.0).round() as i64)
            .or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(0.0, |(s, _)| s as f64 / 10.0)
}

static NUMBERED: crate::text::Rule = crate::text::Rule::new(
    r"(?i)^\s*(?:(?:sotto)?sezione\s+)?[0-9]{1,2}(?:\.[0-9]{1,2})*\s*[.)\-–:]?\s*\S",
);
static CONTENTS_ENTRY: crate::text::Rule =
    crate::text::Rule::new(r"(?:[.…_]{3,}|\s)\s*[0-9]{1,4}$");
static SECTION_WORD: crate::text::Rule = crate::text::Rule::new(r"(?i)^\s*(?:sotto)?sezione\b");

/// Whether a line reads as a heading rather than a line of running text: numbered
/// (`2.3 Rischi corruttivi`, `Sezione 3`), in capitals, or printed larger than the
/// body text by [`TableRules::heading_size_ratio`]; and it starts with a capital or
/// its number and does not end a sentence mid-paragraph (`... della corruzione.`)
/// unless numbered. Bullets are list items, and a line ending in dot leaders and a
/// page number a contents entry, not headings.
///
/// Every test is pure, so they run cheapest first and stop at the first that decides:
/// most lines of a plan are running text that starts with a lower-case letter or is
/// neither numbered, in capitals nor larger, and the three rules need not run on them.
pub fn is_heading(text: &str, size: f64, body: f64, rules: &TableRules) -> bool {
    let t = text.trim();
    let starts_well = t
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if !starts_well {
        return false;
    }
    let larger = body > 0.0 && size >= body * rules.heading_size_ratio;
    let numbered = NUMBERED.is_match(t) || SECTION_WORD.is_match(t);
    if !(numbered || larger || in_capitals(t)) {
        return false;
    }
    let end = t.trim_end_matches(['"', '”', '»', '\'', ' ']);
    let ends_sentence = end.ends_with(['.', ',', ';']);
    (numbered || !ends_sentence) && !CONTENTS_ENTRY.is_match(t)
}

/// Whether `t` has letters and every one is a capital.
pub(crate) fn in_capitals(t: &str) -> bool {
    let mut letters = t.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Where a table starts: its first page and the top of its first row.
fn start(t: &Table) -> (u32, f64) {
    let page = t.pages.first().copied().unwrap_or(0);
    let top = t
        .rows
        .first()
        .into_iter()
        .flatten()
        .filter_map(|c| c.prov)
        .filter(|p| p.page == page)
        .map(|p| p.bbox.top)
        .min_by(f64::total_cmp)
        .unwrap_or(0.0);
    (page, top)
}

/// The section a table stands in: the last heading above its start.
pub fn section_of<'a>(t: &Table, sections: &'a [Section]) -> Option<&'a Section> {
    let (page, top) = start(t);
    sections
        .iter()
        .rfind(|s| s.page < page || (s.page == page && s.top < top))
}

/// A table's kind. A kind its header names wins; then a summary of objectives by its
/// roles; an objective table (by its roles) in a section of another kind takes the
/// section's kind; anything else takes its section's kind, or is `other`.
pub fn decide(t: &Table, header_kind: Option<TableKind>, section: Option<&Section>) -> TableKind {
    let roles: Vec<Role> = t.columns.iter().filter_map(|c| c.role).collect();
    let section_kind = section
        .map(|s| s.kind)
        .filter(|k| *k != TableKind::Objectives);
    if let Some(k) = header_kind {
        return k;
    }
    if vocab::is_summary_table(&roles) {
        return TableKind::ObjectiveSummary;
    }
    if vocab::is_objective_table(&roles) {
        return section_kind.unwrap_or(TableKind::Objectives);
    }
    section_kind.unwrap_or(TableKind::Other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::HeaderMatching;

    fn kinds() -> Kinds {
        Kinds::new(
            &Vocabulary::builtin(),
            super::super::header::fuzz(&HeaderMatching::default()),
        )
    }

    /// The built-in kinds read their wordings from the build's readings (the lists
    /// with the section words: `tables::built`).
    #[test]
    fn builtin_kinds_read_by_the_build_s_table() {
        assert!(kinds().lexis.built_table().is_some());
    }

    /// The kind wordings' indexed phrase scan finds what trying every wording at
    /// every place finds, on every text of the fixtures' tables (issue 22).
    #[test]
    fn indexed_phrase_scan_is_the_full_scan_for_kinds() {
        let k = kinds();
        let texts = crate::testing::fixture_table_texts();
        for phrases in [&k.headers, &k.sections] {
            let (tried, found) = super::super::words::check_phrase_scan(&k.lexis, phrases, &texts);
            assert!(tried >= 5000 && found >= 10, "tried {tried}, found {found}");
        }
    }

    #[test]
    fn headers_only_other_tables_print() {
        let k = kinds();
        let h = |cells: &[&str]| {
            let v: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
            k.of_header(&v)
        };
        // issue 16: the anticorruption risk map and the transparency grid
        assert_eq!(
            h(&[
                "Processo",
                "Evento rischioso",
                "Misura di prevenzione",
                "Responsabile",
                "Tempi di attuazione",
                "Indicatore di monitoraggio",
                "Target"
            ]),
            Some(TableKind::Anticorruption)
        );
        assert_eq!(
            h(&[
                "Riferimento normativo",
                "Denominazione del singolo obbligo",
                "Aggiornamento",
                "Responsabile della pubblicazione"
            ]),
            Some(TableKind::Transparency)
        );
        // seed 004's anticorruption measures: `Misura di prevenzione | Obiettivi | Tempi | Responsabili`
        assert_eq!(
            h(&[
                "Misura di prevenzione",
                "Obiettivi",
                "Tempi",
                "Responsabili"
            ]),
            Some(TableKind::Anticorruption)
        );
        assert_eq!(h(&["Obiettivo", "Indicatore", "Target 2025", "Peso"]), None);
    }

    #[test]
    fn section_headings_of_a_piao() {
        let k = kinds();
        let r = TableRules::default();
        let s = |l: &str| k.of_heading(l, &r);
        assert_eq!(s("2.2 Performance"), Some(TableKind::Objectives));
        assert_eq!(
            s("Sottosezione 2.2 – Performance"),
            Some(TableKind::Objectives)
        );
        assert_eq!(
            s("2.3 Rischi corruttivi e trasparenza"),
            Some(TableKind::Anticorruption)
        );
        assert_eq!(
            s("3.3 Piano triennale dei fabbisogni di personale"),
            Some(TableKind::Staffing)
        );
        assert_eq!(
            s("3.2 Organizzazione del lavoro agile"),
            Some(TableKind::LavoroAgile)
        );
        // a title naming a section among other words is not that section
        assert_eq!(
            s("Piano Integrato di Attività e Organizzazione 2025-2027"),
            None
        );
        assert_eq!(
            s("Obiettivi operativi del Settore Lavori Pubblici e manutenzioni"),
            None
        );
    }
}
