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

/// Top of a row: the highest top of its cells that have a box.
fn top(row: &[TableCell]) -> Option<f64> {
    row.iter()
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
