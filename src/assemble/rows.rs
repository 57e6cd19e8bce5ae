//! Walking an objective table's rows into objectives and indicators.

use super::heading::Frame;
use super::{Indicator, Objective, Value, Warning};
use crate::normalize::collapse_ws;
use crate::tables::vocab::Role;
use crate::tables::{Table, TableCell};

/// What is carried from row to row (and from page to page of the same section):
/// the objective being filled and the last dirigente and settore seen.
#[derive(Debug, Default)]
pub(super) struct FillDown {
    frame: Frame,
    dirigente: Option<Value>,
    settore: Option<Value>,
    current: Option<usize>,
}

impl FillDown {
    /// A new table: headings that differ from the previous table's (another year,
    /// silo or section) end the fill-down.
    pub(super) fn enter_table(&mut self, frame: &Frame) {
        if *frame != self.frame {
            *self = FillDown {
                frame: frame.clone(),
                ..FillDown::default()
            };
        }
    }
}

/// A row's cells looked up by role.
struct RowView<'a> {
    table: &'a Table,
    row: &'a [TableCell],
}

impl RowView<'_> {
    fn value(&self, role: Role) -> Option<Value> {
        let i = self.table.col(role)?;
        let c = self.row.get(i)?;
        Some(Value {
            text: collapse_ws(&c.text),
            prov: c.prov,
        })
    }
    fn filled(&self, role: Role) -> bool {
        self.value(role).is_some_and(|v| !v.text.is_empty())
    }
    fn page(&self) -> u32 {
        self.row
            .iter()
            .find_map(|c| c.prov.map(|p| p.page))
            .unwrap_or(0)
    }
}

const INDICATOR_ROLES: [Role; 5] = [
    Role::Indicator,
    Role::IndicatorCode,
    Role::Formula,
    Role::Target,
    Role::Purpose,
];

/// Walk the rows of one objective table.
pub(super) fn walk(
    t: &Table,
    frame: &Frame,
    st: &mut FillDown,
    out: &mut Vec<Objective>,
    warnings: &mut Vec<Warning>,
) {
    let mut prev: Option<&[TableCell]> = None;
    for row in &t.rows {
        if prev.is_some_and(|p| same_row(p, row)) {
            warnings.push(Warning {
                code: "duplicate_row",
                message: format!(
                    "{}: row repeats the row above exactly; kept in the table, no record",
                    t.id
                ),
                prov: row.iter().find_map(|c| c.prov),
            });
            continue;
        }
        prev = Some(row);
        step(&RowView { table: t, row }, frame, st, out);
    }
}

fn same_row(a: &[TableCell], b: &[TableCell]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| collapse_ws(&x.text) == collapse_ws(&y.text))
        && a.iter().any(|c| !c.text.trim().is_empty())
}

/// One row: maybe a new objective (title or code printed), maybe the end of a
/// definition, maybe an indicator.
fn step(r: &RowView, frame: &Frame, st: &mut FillDown, out: &mut Vec<Objective>) {
    if r.filled(Role::Dirigente) {
        st.dirigente = r.value(Role::Dirigente);
    }
    if r.filled(Role::Settore) {
        st.settore = r.value(Role::Settore);
    }
    let has_indicator = INDICATOR_ROLES.iter().any(|&role| r.filled(role));
    if r.filled(Role::Objective) || r.filled(Role::ObjectiveCode) || st.current.is_none() {
        out.push(new_objective(r, frame, st, out));
        st.current = Some(out.len() - 1);
    } else if r.filled(Role::ObjectiveDescription) {
        // An objective has one definition: text in that column under a blank title
        // is the rest of the definition above (001 prints it on the next indicator's
        // row, or on a row of its own).
        extend_description(r, st, out);
    }
    if has_indicator && let Some(o) = st.current.and_then(|i| out.get_mut(i)) {
        o.indicators.push(indicator(r));
    }
}

/// A new objective; a blank title under an objective is a supporting objective that
/// keeps the title above (000: `970_0006 Iubini Luca` under `25.29.2.1.05_0001`).
fn new_objective(r: &RowView, frame: &Frame, st: &FillDown, out: &[Objective]) -> Objective {
    let above = st.current.and_then(|i| out.get(i));
    let supporting = !r.filled(Role::Objective) && above.is_some();
    let title = if supporting {
        above.and_then(|o| o.objective.clone())
    } else {
        r.value(Role::Objective)
    };
    let description = if supporting {
        above.and_then(|o| o.objective_description.clone())
    } else {
        r.value(Role::ObjectiveDescription)
    };
    let section = frame.dirigente.as_ref().map(|d| Value {
        text: d.clone(),
        prov: None,
    });
    let dirigente = if r.table.col(Role::Dirigente).is_some() {
        st.dirigente.clone()
    } else {
        section
    };
    Objective {
        year: frame.year,
        group: frame.group.clone(),
        group_achievement: frame.group_achievement.clone(),
        objective: title,
        objective_code: r.value(Role::ObjectiveCode),
        objective_description: description,
        dirigente,
        settore: if r.table.col(Role::Settore).is_some() {
            st.settore.clone()
        } else {
            None
        },
        supporting,
        mission: heading_value(&frame.mission),
        programme: heading_value(&frame.programme),
        indicators: Vec::new(),
        ..Objective::default()
    }
}

/// A heading's text as a printed value (headings carry no box).
fn heading_value(h: &Option<String>) -> Option<Value> {
    h.as_ref().map(|t| Value {
        text: t.clone(),
        prov: None,
    })
}

/// 001 prints the end of a long Definizione on a continuation row: it belongs to
/// the objective above.
fn extend_description(r: &RowView, st: &FillDown, out: &mut [Objective]) {
    let Some(o) = st.current.and_then(|i| out.get_mut(i)) else {
        return;
    };
    let Some(more) = r.value(Role::ObjectiveDescription) else {
        return;
    };
    match o.objective_description.as_mut() {
        Some(d) if !d.text.is_empty() => {
            d.text.push(' ');
            d.text.push_str(&more.text);
        }
        _ => o.objective_description = Some(more),
    }
}

fn indicator(r: &RowView) -> Indicator {
    Indicator {
        indicator: r.value(Role::Indicator),
        indicator_code: r.value(Role::IndicatorCode),
        purpose: r.value(Role::Purpose),
        formula: r.value(Role::Formula),
        target: r.value(Role::Target),
        actual: r.value(Role::Actual),
        deviation: r.value(Role::Deviation),
        weight: r.value(Role::Weight),
        achievement: r.value(Role::Achievement),
        notes: r.value(Role::Notes),
        barometer: r.value(Role::Barometer),
        page: r.page(),
        table: r.table.id.clone(),
        ..Indicator::default()
    }
}
