//! Summary tables of objectives (004's Tab 1 by structure, Tab 2 by type; any list of
//! code, title and responsible whose rows are the document's cards) and the
//! cross-check of cards against them.
//!
//! The summary rows are read from every table that looks like one, whatever the
//! header recognition made of a page's piece (004: some pieces glue `Tipo` and `seq.`
//! into one column, or the title with the `S` of the last column). A row is its
//! number, type letter and sequence (the leading tokens), its area, service and
//! title. The rows form series: a number seen again starts the next table (Tab 2
//! numbers its rows from 1 again).

use super::Warning;
use super::cards::Card;
use crate::config::AssembleTolerances;
use crate::geom::Provenance;
use crate::normalize::fold;
use crate::tables::words::similar_at_least;
use crate::tables::{Table, TableCell, TableKind};
use crate::vocab::Role;
use serde::Serialize;

/// Roles that make a table a summary of objectives when at least
/// [`AssembleTolerances::summary_min_roles`] of them have a column (the table kind is
/// also accepted).
const SUMMARY_ROLES: [Role; 5] = [
    Role::ObjectiveType,
    Role::Sequence,
    Role::Area,
    Role::Settore,
    Role::Strategic,
];

/// One row of a summary table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummaryRow {
    /// Id of the table it was read from.
    pub table: String,
    /// Which summary series (0 = the first summary table of the document).
    pub series: usize,
    /// The row's number as printed.
    pub row: u32,
    /// Type letter.
    pub tipo: Option<String>,
    /// Sequence within its structure.
    pub seq: Option<u32>,
    /// Area.
    pub area: Option<String>,
    /// Service.
    pub servizio: Option<String>,
    /// Title as printed (continuation rows joined).
    pub obiettivo: String,
    /// Marked strategic (`S`).
    pub strategico_di_direzione: bool,
    /// Where the row starts.
    pub prov: Option<Provenance>,
}

fn is_summary(t: &Table, tol: &AssembleTolerances) -> bool {
    t.kind == TableKind::ObjectiveSummary
        || SUMMARY_ROLES
            .iter()
            .filter(|r| t.col(**r).is_some())
            .count()
            >= tol.summary_min_roles
}

/// Whether an objective table lists the cards (a `Tab 1`-like list of code, title and
/// responsible printed before the cards, the development set's `card-trani`): at least
/// [`AssembleTolerances::summary_card_share`] of its titled rows have a card whose
/// title is as similar as [`AssembleTolerances::min_title_similarity`]. Its rows are
/// then the summary the cards are checked against, not objectives of their own.
pub fn lists_cards(t: &Table, cards: &[Card], tol: &AssembleTolerances) -> bool {
    if cards.is_empty() || t.kind != TableKind::Objectives || t.col(Role::Objective).is_none() {
        return false;
    }
    let titles: Vec<String> = cards
        .iter()
        .filter_map(|c| c.objective_title().map(|v| fold(&v.text)))
        .collect();
    let rows: Vec<String> = t
        .rows
        .iter()
        .filter_map(|r| cell(t, r, Role::Objective))
        .map(|s| fold(&s))
        .collect();
    let matched = rows
        .iter()
        .filter(|r| {
            titles
                .iter()
                .any(|c| similar_at_least(c, r, tol.min_title_similarity).is_some())
        })
        .count();
    !rows.is_empty() && matched as f64 >= tol.summary_card_share * rows.len() as f64
}

/// Every summary row of the document, in order, continuation rows joined: the
/// summary tables by kind and roles, and the tables named in `also` (objective tables
/// that [`lists_cards`]).
pub fn rows(tables: &[Table], also: &[String], tol: &AssembleTolerances) -> Vec<SummaryRow> {
    let mut out: Vec<SummaryRow> = Vec::new();
    let mut series = 0;
    for t in tables
        .iter()
        .filter(|t| is_summary(t, tol) || also.contains(&t.id))
    {
        for r in &t.rows {
            match read_row(t, r) {
                Some(mut row) => {
                    if out.iter().any(|o| o.series == series && o.row == row.row) {
                        series += 1;
                    }
                    row.series = series;
                    out.push(row);
                }
                None => continue_title(t, r, &mut out),
            }
        }
    }
    out
}

fn cell(t: &Table, r: &[TableCell], role: Role) -> Option<String> {
    let i = t.col(role)?;
    r.get(i)
        .map(|c| crate::normalize::collapse_ws(&c.text))
        .filter(|s| !s.is_empty())
}

/// Leading tokens: number, type letter, sequence, read from the cells left of the
/// area column.
fn leading(t: &Table, r: &[TableCell]) -> (Option<u32>, Option<String>, Option<u32>) {
    let end = t.col(Role::Area).unwrap_or(3).min(r.len());
    let text: Vec<&str> = r
        .iter()
        .take(end)
        .flat_map(|c| c.text.split_whitespace())
        .collect();
    let mut nums = text.iter().filter_map(|w| w.parse::<u32>().ok());
    let letter = text
        .iter()
        .find(|w| w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase()))
        .map(|w| w.to_string());
    (nums.next(), letter, nums.next())
}

fn read_row(t: &Table, r: &[TableCell]) -> Option<SummaryRow> {
    let (row, tipo, seq) = leading(t, r);
    let row = cell(t, r, Role::ObjectiveCode)
        .and_then(|c| c.trim_end_matches('.').parse().ok())
        .or(row)?;
    let obiettivo = title(t, r)?;
    Some(SummaryRow {
        table: t.id.clone(),
        series: 0,
        row,
        tipo,
        seq,
        area: cell(t, r, Role::Area),
        servizio: cell(t, r, Role::Settore),
        strategico_di_direzione: cell(t, r, Role::Strategic).is_some_and(|s| s == "S"),
        obiettivo,
        prov: r.iter().find_map(|c| c.prov),
    })
}

/// The title cell: the objective column, or the longest cell where the header was
/// not recognised (004 page 30 prints `obiettivo` and `Strategico di Direzione` as
/// one header cell).
fn title(t: &Table, r: &[TableCell]) -> Option<String> {
    match t.col(Role::Objective) {
        Some(_) => cell(t, r, Role::Objective),
        None => r
            .iter()
            .map(|c| crate::normalize::collapse_ws(&c.text))
            .filter(|s| !s.is_empty())
            .max_by_key(|s| s.chars().count()),
    }
}

/// A row without a number continues the title of the row above (a title cut by a
/// page break or wrapped into a row of its own).
fn continue_title(t: &Table, r: &[TableCell], out: &mut [SummaryRow]) {
    let more = title(t, r);
    if let (Some(last), Some(more)) = (out.last_mut(), more) {
        last.obiettivo = super::flow::join(&[&last.obiettivo, &more]);
    }
}

/// For each card, the index of its row in the first summary series; warnings for a
/// card without a row and a row (of any series) without a card.
pub fn cross_check(
    cards: &[Card],
    rows: &[SummaryRow],
    tol: &AssembleTolerances,
    warnings: &mut Vec<Warning>,
) -> Vec<Option<usize>> {
    let mut matched = vec![None; cards.len()];
    let mut used = vec![false; rows.len()];
    let series: Vec<usize> = {
        let mut s: Vec<usize> = rows.iter().map(|r| r.series).collect();
        s.dedup();
        s
    };
    for s in series {
        let pairs = assign(cards, rows, s, tol);
        for (ci, ri) in pairs {
            if let Some(u) = used.get_mut(ri) {
                *u = true;
            }
            if s == 0
                && let Some(m) = matched.get_mut(ci)
            {
                *m = Some(ri);
            }
        }
    }
    if !rows.is_empty() {
        for (c, m) in cards.iter().zip(&matched).filter(|(_, m)| m.is_none()) {
            let _ = m;
            warnings.push(Warning {
                code: "card_without_summary_row",
                message: format!(
                    "{} ({}) has no row in the summary table",
                    c.name(),
                    c.group.as_deref().unwrap_or("no group")
                ),
                prov: c.prov,
            });
        }
    }
    if !cards.is_empty() {
        for (r, _) in rows.iter().zip(&used).filter(|(_, u)| !**u) {
            warnings.push(Warning {
                code: "summary_row_without_card",
                message: format!(
                    "{} row {} '{}' has no objective card",
                    r.table, r.row, r.obiettivo
                ),
                prov: r.prov,
            });
        }
    }
    matched
}

/// Greedy one-to-one assignment of cards to the rows of one series, best score first:
/// title similarity (at least `min_title_similarity`), plus `agreement_bonus` for an
/// agreeing type letter and again for the sequence.
fn assign(
    cards: &[Card],
    rows: &[SummaryRow],
    series: usize,
    tol: &AssembleTolerances,
) -> Vec<(usize, usize)> {
    let mut cands: Vec<(f64, usize, usize)> = Vec::new();
    let row_titles: Vec<(usize, &SummaryRow, String)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.series == series)
        .map(|(ri, r)| (ri, r, fold(&r.obiettivo)))
        .collect();
    for (ci, c) in cards.iter().enumerate() {
        let title = fold(c.objective_title().map_or("", |v| v.text.as_str()));
        let type_code = c
            .field(Role::ObjectiveType)
            .and_then(|t| super::cards::text::type_code(&t.text));
        for (ri, r, row_title) in &row_titles {
            let ri = *ri;
            // strsim's normalised Levenshtein where it reaches the least similarity;
            // the pairs far apart (nearly all of cards × rows) stop early
            let Some(sim) = similar_at_least(&title, row_title, tol.min_title_similarity) else {
                continue;
            };
            let mut score = sim;
            if r.tipo.is_some() && r.tipo == type_code {
                score += tol.agreement_bonus;
            }
            if r.seq.is_some() && r.seq == c.number_u32() {
                score += tol.agreement_bonus;
            }
            cands.push((score, ci, ri));
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut card_done = vec![false; cards.len()];
    let mut row_done = vec![false; rows.len()];
    let mut out = Vec::new();
    for (_, ci, ri) in cands {
        if !card_done[ci] && !row_done[ri] {
            card_done[ci] = true;
            row_done[ri] = true;
            out.push((ci, ri));
        }
    }
    out
}
