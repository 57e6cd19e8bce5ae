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
///
/// A line's right margin is the text block's: the rightmost line end over every page
/// of the same width, not its own page's alone. On a page of short lines (the last
/// cards of h3-porlezza, page 3) the page's longest line would otherwise seem to reach
/// the margin and run on into the next line.
pub fn lines(texts: &[PageText], tol: &AssembleTolerances) -> Vec<FlowLine> {
    let right = |p: &PageText| p.lines.iter().map(|l| l.bbox.x1).fold(0.0_f64, f64::max);
    texts
        .iter()
        .flat_map(|p| {
            let margin = texts
                .iter()
                .filter(|q| q.width.total_cmp(&p.width).is_eq())
                .map(right)
                .fold(0.0_f64, f64::max);
            page_lines(p, margin, tol)
        })
        .collect()
}

/// A page's lines. The fragments of one baseline make one line, in the order they
/// stand on the page from left to right, whatever order they come in: in ReportLab's
/// h3-sanremo the wrapped header cell `Peso` / `relativo` comes before the rest of its
/// row (`inspect --lines`), so a join that took only fragments to the right of the
/// line so far split the row in two.
fn page_lines(p: &PageText, margin: f64, tol: &AssembleTolerances) -> Vec<FlowLine> {
    let mut runs: Vec<Vec<&crate::layout::TextLine>> = Vec::new();
    for l in &p.lines {
        let size = f64::from(l.size);
        match runs.last_mut() {
            Some(run)
                if run.first().is_some_and(|f| {
                    (f.bbox.top - l.bbox.top).abs() < tol.same_baseline_em * size
                }) =>
            {
                run.push(l);
            }
            _ => runs.push(vec![l]),
        }
    }
    let mut out: Vec<FlowLine> = Vec::new();
    for mut run in runs {
        run.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        let Some(first) = run.first() else {
            continue;
        };
        let boxes: Vec<&BBox> = run.iter().map(|l| &l.bbox).collect();
        out.push(FlowLine {
            text: run
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            prov: Provenance {
                page: p.page,
                bbox: BBox::union_all(boxes).unwrap_or(first.bbox),
            },
            size: f64::from(first.size),
            first_word: first.first_word_width,
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
    use crate::layout::TextLine;

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

    fn fragment(text: &str, x0: f64, x1: f64, top: f64, first_word_width: f64) -> TextLine {
        TextLine {
            text: text.to_string(),
            page: 2,
            bbox: BBox {
                x0,
                top,
                x1,
                bottom: top + 8.0,
            },
            size: 8.0,
            words: Vec::new(),
            first_word_width,
        }
    }

    #[test]
    fn a_line_is_joined_in_page_order_whatever_the_drawing_order() {
        // h3-sanremo, ReportLab, page 2: the wrapped header cell `Peso` is drawn
        // before the rest of its row (inspect --lines)
        let p = PageText {
            page: 2,
            width: 841.89,
            height: 595.27,
            lines: vec![
                fragment("Peso", 451.86, 467.54, 97.12, 15.7),
                fragment("N. ob.", 45.52, 63.74, 97.12, 7.0),
                fragment("Titolo dell'obiettivo", 100.81, 160.69, 97.12, 20.0),
                fragment("Entro il", 724.45, 747.04, 97.12, 16.0),
                fragment("relativo", 451.86, 475.19, 106.72, 23.3),
            ],
            ..PageText::default()
        };
        let lines = page_lines(&p, 760.0, &AssembleTolerances::default());
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            ["N. ob. Titolo dell'obiettivo Peso Entro il", "relativo"]
        );
        assert_eq!(lines[0].prov.bbox.x0, 45.52);
        assert_eq!(lines[0].first_word, 7.0);
    }

    #[test]
    fn the_margin_is_the_text_blocks_not_a_short_pages() {
        // h3-porlezza, weasyprint: page 2 runs to 538.89, page 3's longest line (a
        // one-line value) ends at 437.71 and is followed by a label of its own
        let full = PageText {
            page: 2,
            width: 595.28,
            lines: vec![fragment(
                "Cosa si intende fare: Controllo delle posizioni IMU e TARI non versate degli ultimi cinque anni e emissione",
                34.02,
                538.89,
                303.55,
                20.0,
            )],
            ..PageText::default()
        };
        let short = PageText {
            page: 3,
            width: 595.28,
            lines: vec![
                fragment(
                    "Cosa si intende fare: Ampliamento delle fasce orarie di prenotazione online della CIE",
                    34.02,
                    437.71,
                    89.05,
                    20.0,
                ),
                fragment(
                    "Dimensione della performance: Efficienza temporale",
                    34.02,
                    294.01,
                    101.55,
                    52.0,
                ),
            ],
            ..PageText::default()
        };
        let tol = AssembleTolerances::default();
        let all = lines(&[full, short], &tol);
        assert!(all.iter().all(|l| l.margin == 538.89));
        assert!(!all[1].wraps_into(&all[2], &tol));
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
