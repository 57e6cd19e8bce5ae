//! The vocabulary as the table stage uses it: roles (data in [`crate::vocab`] and
//! `data/vocab.json`) and which sets of roles make an objective table.

pub use crate::vocab::{Role, TableKind, Vocabulary};

/// Roles that make a table an objective table: a column of objective titles (the
/// objective, or the strategic objective where a table lists only those: issue 16,
/// lists of objectives without indicators give one record per objective); or an
/// objective's code or description beside an indicator or a target.
pub fn is_objective_table(roles: &[Role]) -> bool {
    let has = |r: &Role| roles.contains(r);
    let titled = has(&Role::Objective) || has(&Role::StrategicObjective);
    let named = has(&Role::ObjectiveCode) || has(&Role::ObjectiveDescription);
    let measured = has(&Role::Indicator) || has(&Role::Target);
    titled || (named && measured)
}

/// Roles of a summary table of objectives (004 Tab 1 / Tab 2): the objective and a
/// column only such summaries print (type, sequence, directorate, strategic flag),
/// no indicator.
pub fn is_summary_table(roles: &[Role]) -> bool {
    let has = |r: &Role| roles.contains(r);
    has(&Role::Objective)
        && [
            Role::ObjectiveType,
            Role::Sequence,
            Role::Area,
            Role::Strategic,
        ]
        .iter()
        .any(has)
        && !has(&Role::Indicator)
}
