//! The running text of a document as one flow of lines, for the readers of narrative
//! (cards, facts) that do not look at tables.
//!
//! Justified text comes out of the layout stage cut into fragments wherever the
//! justification widened a space past the column-gap tolerance (004 page 4: `Tipo
//! obiettivo – D-` | `Obiettivi di` | `accessibilità ...`); here fragments on one
//! baseline are joined again, page-number lines are dropped, and each line learns
//! whether the paragraph goes on after it (the line was wrapped) or ends.

use crate::config::AssembleTolerances;
use crate::geom::{BBox, Provenance};
use crate::layout::PageText;

/// One line of running text.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLine {
    /// Text, fragments joined with one space.
    pub text: String,
    /// Page and box.
    pub prov: Provenance,
    /// Font size.
    pub size: f64,
    /// Width of the first word (points).
    pub first_word: f64,
    /// Right margin of its page (the rightmost line end).
    pub margin: f64,
}

impl FlowLine {
    /// Left edge.
    pub fn left(&self) -> f64 {
        self.prov.bbox.x0
    }

    /// Whether the paragraph runs on into `next`: `next`'s first word (after a space
    /// of `space_em`) did not fit at the end of this line, short of the margin by
    /// `wrap_slack_em`.
    pub fn wraps_into(&self, next: &FlowLine, tol: &AssembleTolerances) -> bool {
        let needed = self.prov.bbox.x1 + tol.space_em * self.size + next.first_word;
        needed >= self.margin - tol.wrap_slack_em * self.size
    }
}

/// Every page's lines, fragments joined (tops within `same_baseline_em`), page numbers
/// dropped, in reading order.
pub fn lines(texts: &[PageText], tol: &AssembleTolerances) -> Vec<FlowLine> {
    texts.iter().flat_map(|p| page_lines(p, tol)).collect()
}

fn page_lines(p: &PageText, tol: &AssembleTolerances) -> Vec<FlowLine> {
    let margin = p.lines.iter().map(|l| l.bbox.x1).fold(0.0_f64, f64::max);
    let mut out: Vec<FlowLine> = Vec::new();
    for l in &p.lines {
        let size = f64::from(l.size);
        if let Some(last) = out.last_mut()
            && (last.prov.bbox.top - l.bbox.top).abs() < tol.same_baseline_em * size
            && l.bbox.x0 > last.prov.bbox.x0
        {
            last.text.push(' ');
            last.text.push_str(&l.text);
            last.prov.bbox = last.prov.bbox.union(&l.bbox);
            continue;
        }
        let first_word = l.first_word_width;
        out.push(FlowLine {
            text: l.text.clone(),
            prov: Provenance {
                page: p.page,
                bbox: l.bbox,
            },
            size,
            first_word,
            margin,
        });
    }
    if out
        .last()
        .is_some_and(|l| crate::text::is_page_number(&l.text))
    {
        out.pop();
    }
    out.retain(|l| !crate::text::is_page_footer(&l.text));
    out
}

/// Join lines of one paragraph or field: single spaces, except after a word cut at a
/// hyphen the line ended on (004 page 5: `ANPR-` / `ANSC` is `ANPR-ANSC`).
pub fn join(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if !out.is_empty() && !ends_in_cut_word(&out) {
            out.push(' ');
        }
        out.push_str(p);
    }
    out
}

fn ends_in_cut_word(s: &str) -> bool {
    let mut rev = s.chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphanumeric)
}

/// Union of the boxes of lines on the first line's page.
pub fn span(lines: &[&FlowLine]) -> Option<Provenance> {
    let first = lines.first()?;
    let boxes: Vec<&BBox> = lines
        .iter()
        .filter(|l| l.prov.page == first.prov.page)
        .map(|l| &l.prov.bbox)
        .collect();
    Some(Provenance {
        page: first.prov.page,
        bbox: BBox::union_all(boxes)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_keeps_cut_words_whole() {
        // 004 page 5 lines 9-10 (seed 004 line 156): `... sito web di ANPR-` / `ANSC, ai fini`.
        assert_eq!(
            join(&["di ANPR-", "ANSC, ai fini"]),
            "di ANPR-ANSC, ai fini"
        );
        // 004 seed line 145: `Servizi Demografici- Sportello` keeps its space.
        assert_eq!(
            join(&["Demografici -", "Sportello"]),
            "Demografici - Sportello"
        );
    }

    #[test]
    fn page_footers() {
        for f in [
            "pag. 2",
            "Comune di Melfi – pag. 3",
            "Pagina 3 di 12",
            "p. 4",
        ] {
            assert!(crate::text::is_page_footer(f), "{f}");
        }
        for l in [
            "pag. 2 del documento allegato",
            "Target 2025",
            "5. Target: 123",
        ] {
            assert!(!crate::text::is_page_footer(l), "{l}");
        }
    }
}
