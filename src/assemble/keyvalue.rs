//! A key/value table printed right beside an objective table, naming who answers for
//! its objectives.
//!
//! A PEG sheet per servizio may list its objectives first and then, in a small table
//! of its own, `Responsabile del servizio | <name>`, `Risorse umane | …` (Perosa
//! Argentina PEG 2016): the name is the section's dirigente as a heading would give
//! it. The table is the objective table's neighbour in document order, on the same
//! page with nothing printed between them (no heading of its own, or none on the
//! objective table where it stands above it), two columns wide, and its label cell
//! is read by the vocabulary as the card labels are, at least as sure as
//! [`HeaderMatching::doubtful_role`](crate::config::HeaderMatching::doubtful_role).

use super::cards::Labels;
use super::heading::Frame;
use crate::tables::{Table, TableKind};
use crate::vocab::Role;

/// Fill `frame`'s dirigente and settore, where the headings left them empty, from a
/// key/value table beside `tables[at]`.
pub(super) fn fill(frame: &mut Frame, tables: &[Table], at: usize, labels: &Labels) {
    let Some(t) = tables.get(at) else {
        return;
    };
    let before = at
        .checked_sub(1)
        .and_then(|i| tables.get(i))
        .filter(|_| t.context.is_empty());
    let after = tables.get(at + 1).filter(|n| n.context.is_empty());
    for kv in [after, before].into_iter().flatten() {
        if !beside(t, kv) {
            continue;
        }
        // only a sure label names the section's people (a doubtful reading is a
        // guess, and a guess must not fill every record of the table)
        let sure = labels.matcher.rules().doubtful_role;
        for (key, value) in pairs(kv) {
            let slot = match labels.role(&key) {
                Some((Role::Dirigente, c)) if c >= sure => &mut frame.dirigente,
                Some((Role::Settore, c)) if c >= sure => &mut frame.settore,
                _ => continue,
            };
            if slot.is_none() && !value.is_empty() {
                *slot = Some(value);
            }
        }
    }
}

/// `kv` is a two-column table that is not an objective table, printed on a page of
/// the objective table `t` (where one ends the other begins).
fn beside(t: &Table, kv: &Table) -> bool {
    let width = kv.header.len().max(kv.rows.first().map_or(0, Vec::len));
    kv.kind != TableKind::Objectives
        && width == 2
        && (kv.pages.first() == t.pages.last() || kv.pages.last() == t.pages.first())
}

/// A key/value table's pairs: its first row (taken as its header by the table stage)
/// and every row, label and value whitespace-collapsed.
fn pairs(kv: &Table) -> Vec<(String, String)> {
    let collapse = crate::normalize::collapse_ws;
    let header = (kv.header.len() == 2).then(|| (collapse(&kv.header[0]), collapse(&kv.header[1])));
    header
        .into_iter()
        .chain(
            kv.rows
                .iter()
                .filter(|r| r.len() == 2)
                .map(|r| (collapse(&r[0].text), collapse(&r[1].text))),
        )
        .collect()
}
