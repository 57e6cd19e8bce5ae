//! Cards printed as grids: a row of labels over a row of values, and again under
//! them (h11-voghiera: `Responsabile | Servizio | Peso | Scadenza` over one row of
//! values, then `Indicatore | Formula di calcolo | Valore iniziale | Valore atteso
//! 2025` over the indicator's). Such a grid has no column header: each row of labels
//! heads only the row under it, and the card's title printed across its top is its
//! first row, not a heading above it. The cards reader of `assemble` reads the rows.

use super::TableCell;
use super::header::Matcher;
use crate::config::TableRules;
use crate::geom::Provenance;

/// Whether a grid whose header was found at row `h` is a card: under that row, within
/// the rows a header is searched in
/// ([`HeaderMatching::search_rows`](crate::config::HeaderMatching::search_rows)), the
/// vocabulary finds a header again. A table prints its column names once; a card
/// prints a row of labels over each group of values (Voghiera's fields, then its
/// indicators).
pub(super) fn labels_again(m: &Matcher, rows: &[Vec<String>], h: usize) -> bool {
    rows.get(h + 1..)
        .is_some_and(|rest| m.find_header(rest).is_some())
}

/// Top of a row: the highest top of its printed cells. A blank cell's box is where
/// the grid stage placed it, not text (h12-tremosine by iText: the blank cell between
/// a card's first value and `Peso` has the box 0, 0, 0, 0, which made the row's top
/// the page's).
fn top(row: &[TableCell]) -> Option<f64> {
    row.iter()
        .filter(|c| !c.text.trim().is_empty())
        .filter_map(|c| c.prov.map(|p| p.bbox.top))
        .min_by(f64::total_cmp)
}

/// The card's title row when the grid stage left it out, as the heading right above
/// the card (the last of `context`): it starts in the card's first column and its
/// top stands one row pitch above the first row's (the pitch from the first row to
/// the second), within
/// [`TableRules::card_title_pitch_slack`](crate::config::TableRules::card_title_pitch_slack).
/// A card without rules prints its title at the pitch of its rows (Voghiera by dompdf
/// and Prawn); a heading standing alone above a table has a gap of its own. The row
/// is as wide as the card, its text in the first cell.
pub(super) fn title_row(
    context: &[(String, Provenance)],
    data: &[Vec<TableCell>],
    rules: &TableRules,
) -> Option<Vec<TableCell>> {
    let (text, line) = context.last()?;
    let [first, second, ..] = data else {
        return None;
    };
    let (t0, t1) = (top(first)?, top(second)?);
    let cell = first.first()?.prov?;
    let one_pitch = ((t0 - line.bbox.top) - (t1 - t0)).abs() <= rules.card_title_pitch_slack;
    let in_first_column = line.page == cell.page
        && line.bbox.x0 >= cell.bbox.x0 - rules.slack
        && line.bbox.x0 < cell.bbox.x1;
    if !(one_pitch && in_first_column) {
        return None;
    }
    let mut row = vec![TableCell {
        text: text.clone(),
        prov: Some(*line),
        bold: None,
    }];
    row.extend((1..first.len()).map(|_| TableCell {
        text: String::new(),
        prov: None,
        bold: None,
    }));
    Some(row)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::BBox;

    fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    /// A row of four cells whose first starts at `x0` and whose top is `top`.
    fn row(texts: [&str; 4], x0: f64, top: f64) -> Vec<TableCell> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| TableCell {
                text: t.to_string(),
                prov: Some(Provenance {
                    page: 2,
                    bbox: BBox::new(
                        x0 + 127.56 * i as f64,
                        top,
                        x0 + 127.56 * (i + 1) as f64,
                        top + 11.0,
                    ),
                }),
                bold: None,
            })
            .collect()
    }

    fn line(text: &str, x0: f64, top: f64) -> (String, Provenance) {
        let prov = Provenance {
            page: 2,
            bbox: BBox::new(x0, top, x0 + 200.0, top + 9.0),
        };
        (text.to_string(), prov)
    }

    /// Voghiera's card (every rendering): `Responsabile | Servizio | Peso | Scadenza`
    /// over its values, then `Indicatore | Formula di calcolo | …` two rows down: a
    /// card. Gallarate's table of objectives (h4-gallarate, its first rows) prints its
    /// names once.
    #[test]
    fn a_second_row_of_labels_makes_a_card() {
        let m = Matcher::builtin();
        let card = strings(&[
            &["Responsabile", "Servizio", "Peso", "Scadenza"],
            &[
                "Geom. Andrea Ciarapica",
                "Servizio Segreteria e Personale",
                "20",
                "31/12/2025",
            ],
            &[
                "Descrizione",
                "Formazione obbligatoria e specialistica",
                "",
                "",
            ],
            &[
                "Indicatore",
                "Formula di calcolo",
                "Valore iniziale",
                "Valore atteso 2025",
            ],
            &[
                "Dipendenti formati",
                "Dipendenti con almeno 24 ore / dipendenti x 100",
                "79%",
                "83%",
            ],
        ]);
        assert!(labels_again(m, &card, 0));
        let table = strings(&[
            &[
                "Obiettivo di valore pubblico",
                "Cod.",
                "Obiettivo operativo",
                "Contenuto",
                "Indicatore",
                "Valore obiettivo 2025",
                "Struttura responsabile",
            ],
            &[
                "Una città sicura, curata e sostenibile",
                "OP 1",
                "Manutenzione straordinaria delle scuole primarie",
                "Rifacimento delle coperture",
                "Stato di avanzamento dei lavori",
                "100%",
                "Settore Lavori Pubblici e Manutenzioni",
            ],
            &["", "", "", "", "Plessi resi conformi", "4", ""],
            &[
                "",
                "OP 2",
                "Piano delle asfaltature",
                "Rifacimento del manto stradale",
                "Chilometri di strade asfaltate",
                "6,9 km",
                "Settore Lavori Pubblici e Manutenzioni",
            ],
        ]);
        assert!(!labels_again(m, &table, 0));
    }

    /// Voghiera by dompdf, page 2 (points from `inspect --lines`; the grid's cells
    /// reach 1 pt past their words): the title line `Obiettivo n. 1 – …` at x 45.52,
    /// top 157.08 stands one pitch (16.67) above the labels row (words at 173.74, the
    /// values' at 190.41) and is taken; the heading `Programma 02 – …` (x 42.52, top
    /// 136.66) above a card without a title line is not.
    #[test]
    fn the_line_one_row_pitch_above_a_card_is_its_title_row() {
        let rules = TableRules::default();
        let labels = ["Responsabile", "Servizio", "Peso", "Scadenza"];
        let values = [
            "Geom. Andrea Ciarapica",
            "Servizio Segreteria",
            "20",
            "31/12/2025",
        ];
        let data = vec![row(labels, 44.52, 172.74), row(values, 44.52, 189.41)];
        let heading = line("Programma 02 – Segreteria generale", 42.52, 136.66);
        let title = line("Obiettivo n. 1 – Attuazione del piano", 45.52, 157.08);
        let got = title_row(&[heading.clone(), title], &data, &rules);
        let texts: Vec<String> = got.iter().flatten().map(|c| c.text.clone()).collect();
        assert_eq!(texts, ["Obiettivo n. 1 – Attuazione del piano", "", "", ""]);
        assert_eq!(title_row(&[heading], &data, &rules), None);
        // Prawn, page 2: pitch 14.28 (labels' words at 156.89, values' at 171.17),
        // the title at 142.61
        let data = vec![row(labels, 44.52, 155.89), row(values, 44.52, 170.17)];
        let title = line("Obiettivo n. 1 – Attuazione del piano", 45.52, 142.61);
        assert!(title_row(&[title], &data, &rules).is_some());
    }

    /// h12-tremosine by iText, page 2, card 1 (boxes from `tables --json`): the
    /// fields' rows in the results table's five columns, the blank cell after each
    /// value boxed 0, 0, 0, 0 in the first row; the title `OB.01.01 – …` at top 93.11
    /// stands one pitch (10.83) above the fields (103.93, 114.76).
    #[test]
    fn a_blank_cells_box_does_not_place_its_row() {
        let rules = TableRules::default();
        let cell = |text: &str, x0: f64, top: f64, x1: f64| TableCell {
            text: text.to_string(),
            prov: Some(Provenance {
                page: 2,
                bbox: BBox::new(x0, top, x1, top + 8.0),
            }),
            bold: Some(false),
        };
        let blank = |bbox: BBox| TableCell {
            text: String::new(),
            prov: Some(Provenance { page: 2, bbox }),
            bold: None,
        };
        let data = vec![
            vec![
                cell("Responsabile", 45.52, 103.93, 93.98),
                cell("Geom. Stefano Caprioglio", 167.0, 103.93, 258.98),
                blank(BBox::new(0.0, 0.0, 0.0, 0.0)),
                cell("Peso", 363.86, 103.93, 382.08),
                cell("15%", 455.07, 103.93, 471.08),
            ],
            vec![
                cell("Servizio", 45.52, 114.76, 73.96),
                cell("Segreteria e affari generali", 167.0, 114.76, 261.21),
                blank(BBox::new(302.54, 122.76, 363.36, 122.76)),
                cell("Scadenza", 363.86, 114.76, 399.43),
                cell("30/09/2024", 455.07, 114.76, 495.09),
            ],
        ];
        let title = line(
            "OB.01.01 – Attuazione del piano di formazione",
            45.52,
            93.11,
        );
        let got = title_row(&[title], &data, &rules);
        let texts: Vec<String> = got.iter().flatten().map(|c| c.text.clone()).collect();
        assert_eq!(
            texts,
            [
                "OB.01.01 – Attuazione del piano di formazione",
                "",
                "",
                "",
                ""
            ]
        );
    }
}
