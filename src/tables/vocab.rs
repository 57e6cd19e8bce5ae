//! The vocabulary as the table stage uses it: roles (data in [`crate::vocab`] and
//! `data/vocab.json`) and which sets of roles make an objective table.

pub use crate::vocab::{Role, TableKind, Vocabulary};

/// Roles that make a table an objective table: an objective (title, code, or the
/// strategic objective where a table lists only those) and something said of it:
/// an indicator or target, or, for a list of objectives without indicators, who is
/// responsible or what it weighs (issue 16: objective, weight, responsible).
pub fn is_objective_table(roles: &[Role]) -> bool {
    let has = |r: &Role| roles.contains(r);
    let objective = [
        Role::Objective,
        Role::ObjectiveCode,
        Role::StrategicObjective,
    ]
    .iter()
    .any(has);
    let measured = [Role::Indicator, Role::Target].iter().any(has);
    let listed = [
        Role::Weight,
        Role::Dirigente,
        Role::Settore,
        Role::Actual,
        Role::Achievement,
        Role::Deadline,
    ]
    .iter()
    .any(has);
    let titled = has(&Role::Objective) || has(&Role::StrategicObjective);
    objective && (measured || (titled && listed))
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
