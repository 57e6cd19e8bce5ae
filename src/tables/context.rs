//! The headings above a table, and what they say (year, group, dirigente).

use crate::config::TableRules;
use crate::geom::Provenance;
use crate::grid::Grid;
use crate::layout::{PageText, TextLine};

fn inside_any(l: &TextLine, grids: &[Grid], slack: f64) -> bool {
    grids
        .iter()
        .any(|g| g.bbox.contains_point(l.bbox.cx(), l.bbox.cy(), slack))
}

/// Heading lines as the context keeps them: each text with its page and box.
fn sourced(lines: Vec<&TextLine>) -> Vec<(String, Provenance)> {
    lines
        .into_iter()
        .map(|l| {
            (
                l.text.clone(),
                Provenance {
                    page: l.page,
                    bbox: l.bbox.rounded(),
                },
            )
        })
        .collect()
}

/// Lines directly above `grid` (below `floor`), walking upwards until a paragraph
/// (over `max_heading_chars`), a wide gap (over `max_gap_lines`) or the line budget
/// (`max_context_lines`) ends the heading block; returned top to bottom.
pub(crate) fn above(
    pt: &PageText,
    grids: &[Grid],
    grid: &Grid,
    floor: f64,
    rules: &TableRules,
) -> Vec<(String, Provenance)> {
    let mut cands: Vec<&TextLine> = pt
        .lines
        .iter()
        .filter(|l| {
            l.bbox.bottom <= grid.bbox.top + rules.slack
                && l.bbox.top >= floor - rules.slack
                && !inside_any(l, grids, rules.slack)
        })
        .collect();
    cands.sort_by(|a, b| {
        b.bbox
            .bottom
            .total_cmp(&a.bbox.bottom)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let mut out: Vec<&TextLine> = Vec::new();
    let mut edge = grid.bbox.top;
    let mut rows = 0;
    let mut last_row_top = f64::INFINITY;
    for l in cands {
        let new_row = (l.bbox.top - last_row_top).abs() > l.bbox.height() * rules.same_row_share;
        if new_row {
            if rows == rules.max_context_lines
                || edge - l.bbox.bottom > rules.max_gap_lines * l.bbox.height()
            {
                break;
            }
            rows += 1;
            last_row_top = l.bbox.top;
        }
        if l.text.chars().count() > rules.max_heading_chars {
            break;
        }
        edge = edge.min(l.bbox.top);
        out.push(l);
    }
    out.sort_by(|a, b| a.bbox.reading_order(&b.bbox));
    sourced(out)
}

/// Whether running text stands above `grid` on its page: a line over
/// `max_heading_chars` outside the grids. A table cut by a page break goes on at the top
/// of the next page under at most a running header and its headings; one with a
/// paragraph over it is a new table, even when the paragraph hides the headings above
/// it from [`above`] (piao-chiavari, pdfLaTeX landscape: the anticorruption map under
/// `2.3 Rischi corruttivi e trasparenza` and a paragraph of one 170-character line,
/// taken for the rest of the performance table the page before ended with).
pub(crate) fn prose_above(pt: &PageText, grids: &[Grid], grid: &Grid, rules: &TableRules) -> bool {
    pt.lines.iter().any(|l| {
        l.bbox.bottom <= grid.bbox.top + rules.slack
            && !inside_any(l, grids, rules.slack)
            && l.text.chars().count() > rules.max_heading_chars
    })
}

/// The heading block a page ends with below its last grid (`last`), above its footer
/// (`footer`, from [`crate::grid::stream::footer_top`]; page numbers and `pag. N`
/// lines are footers wherever they stand): a section heading the page
/// break parted from its table, which the next page prints at its top under the
/// repeated header (g-montebelluna, ReportLab: `Settore Ambiente – Responsabile: …`
/// alone at the foot of page 2). Empty when those lines read as prose (a line over
/// `max_heading_chars`, or more than `max_context_lines` rows). Top to bottom.
pub(crate) fn trailing(
    pt: &PageText,
    grids: &[Grid],
    last: &Grid,
    footer: f64,
    rules: &TableRules,
) -> Vec<(String, Provenance)> {
    let mut lines: Vec<&TextLine> = pt
        .lines
        .iter()
        .filter(|l| {
            l.bbox.top >= last.bbox.bottom - rules.slack
                && l.bbox.bottom <= footer + rules.slack
                && !inside_any(l, grids, rules.slack)
                && !crate::text::is_page_footer(&l.text)
                && !crate::text::is_page_number(&l.text)
        })
        .collect();
    lines.sort_by(|a, b| a.bbox.reading_order(&b.bbox));
    let mut rows = 0;
    let mut last_top = f64::NEG_INFINITY;
    for l in &lines {
        if (l.bbox.top - last_top).abs() > l.bbox.height() * rules.same_row_share {
            rows += 1;
            last_top = l.bbox.top;
        }
    }
    if rows > rules.max_context_lines
        || lines
            .iter()
            .any(|l| l.text.chars().count() > rules.max_heading_chars)
    {
        return Vec::new();
    }
    sourced(lines)
}

/// The labels that frame a sheet of objectives from above, folded, longest first:
/// the vocabulary's heading prefixes (settore, dirigente, group: `Settore`,
/// `Responsabile`, `Missione`) and the harmonised budget's `Programma`.
#[derive(Debug, Clone)]
pub struct Labels {
    prefixes: Vec<String>,
}

/// The harmonised budget's programme label, which the vocabulary's prefixes do not
/// hold (a `Programma` heading is no group of its own under a Missione).
const PROGRAMME_LABEL: &str = "programma";

impl Labels {
    /// From the vocabulary's heading prefixes.
    pub fn new(v: &crate::vocab::Vocabulary) -> Labels {
        let mut prefixes: Vec<String> = v
            .heading_prefixes
            .iter()
            .filter(|p| p.kind != crate::vocab::PrefixKind::ObjectiveType)
            .map(|p| crate::normalize::fold(&p.text))
            .chain(std::iter::once(PROGRAMME_LABEL.to_string()))
            .collect();
        prefixes.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        Labels { prefixes }
    }

    /// Whether a line states a frame of the table below as a label and its value:
    /// it opens with a prefix (whole word) followed by a colon or a number
    /// (`Missione: 1 Servizi istituzionali, …`, `Programma 03 – …`), or it is a
    /// heading in capitals that opens with one (`SETTORE FINANZIARIO – PIANIFICAZIONE
    /// E SVILUPPO LOCALE`), Ozieri PDO 2016. A line of running text that starts with
    /// such a word (`Area di intervento…`) is neither.
    pub fn states(&self, line: &str, rules: &TableRules) -> bool {
        let t = line.trim();
        if t.chars().count() > rules.max_heading_chars {
            return false;
        }
        // a line opening with a letter or digit no prefix starts with opens none: it
        // is not folded (every line near a table is asked; folding an ASCII letter
        // lowers it, and an empty prefix would open every line)
        if let Some(c) = t.chars().next().filter(char::is_ascii_alphanumeric) {
            let c = c.to_ascii_lowercase();
            if !self
                .prefixes
                .iter()
                .any(|p| p.is_empty() || p.starts_with(c))
            {
                return false;
            }
        }
        let f = crate::normalize::fold(t);
        // asked only of a line a prefix opens (few are): pure, so the order is free
        let capitals = || super::kind::in_capitals(t);
        self.prefixes.iter().any(|p| {
            let Some(rest) = f.strip_prefix(p.as_str()) else {
                return false;
            };
            if rest.chars().next().is_some_and(char::is_alphanumeric) {
                return false;
            }
            let after = rest.trim_start();
            capitals()
                || after.starts_with(':')
                || after.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
    }
}

/// The labelled lines of a sheet's head ([`Labels::states`]) between `floor` and
/// `ceiling` on the page, outside the grids: what frames a table above the heading
/// block right over it, past a paragraph between them (Ozieri PDO 2016: `Settore`,
/// `Missione`, `Programma` lines, then `Descrizione Programma: …`, then the table).
/// Top to bottom.
pub(crate) fn labelled(
    pt: &PageText,
    grids: &[Grid],
    floor: f64,
    ceiling: f64,
    labels: &Labels,
    rules: &TableRules,
) -> Vec<(String, Provenance)> {
    let mut lines: Vec<&TextLine> = pt
        .lines
        .iter()
        .filter(|l| {
            l.bbox.top >= floor - rules.slack
                && l.bbox.bottom <= ceiling + rules.slack
                && !inside_any(l, grids, rules.slack)
                && labels.states(&l.text, rules)
        })
        .collect();
    lines.sort_by(|a, b| a.bbox.reading_order(&b.bbox));
    sourced(lines)
}

static YEAR: crate::text::Rule = crate::text::Rule::new(r"\b(20[0-9]{2})\b");

/// The year a heading names: `OBIETTIVI DI PERFORMANCE ANNO 2025` (000),
/// `AGGIORNAMENTO PIANO DEGLI OBIETTIVI 2024` (002), `Relazione sulla Performance 2021`
/// (001). A period `2025-2027` names no single year.
pub fn year_in(line: &str) -> Option<i32> {
    let re = &YEAR;
    let years: Vec<i32> = re
        .captures_iter(line)
        .filter_map(|c| c[1].parse().ok())
        .collect();
    (years.len() == 1).then(|| years[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_lines_state_a_sheets_frame() {
        let labels = Labels::new(&crate::vocab::Vocabulary::builtin());
        let rules = TableRules::default();
        // Ozieri PDO 2016 and g-tempio-pdo-2019
        for l in [
            "SETTORE FINANZIARIO – PIANIFICAZIONE E SVILUPPO LOCALE",
            "Missione: 1 Servizi istituzionali, generali e di gestione",
            "Programma: 3 Gestione economica, finanziaria, programmazione, provveditorato",
            "Missione 5 – Tutela e valorizzazione dei beni e delle attività culturali",
            "Settore: Servizi alla persona – Cultura, sport e turismo",
            "AREA TECNICA – LAVORI PUBBLICI E MANUTENZIONI",
        ] {
            assert!(labels.states(l, &rules), "{l}");
        }
        // running text that starts with a prefix word, or runs a prefix on
        for l in [
            "Area di intervento del programma nel triennio",
            "Descrizione Programma: Amministrazione e funzionamento dei servizi",
            "Programmazione, coordinamento e rendicontazione finanziaria",
            "Settori di attività",
        ] {
            assert!(!labels.states(l, &rules), "{l}");
        }
    }
}
