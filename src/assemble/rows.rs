//! Walking an objective table's rows into objectives and indicators.
//!
//! Whatever the comune's layout (truth README, "The same contract for any comune's
//! template"): one record per indicator, or per objective where the table has no
//! indicator column; objective-level values (group, objective, code, description,
//! dirigente, settore, weight, deadline, beneficiaries, mission, programme) printed
//! once and left blank below are filled down onto every indicator of the objective;
//! one target column per year gives one record per indicator and year
//! ([`split_years`]).

use super::heading::Frame;
use super::{Indicator, Objective, Value, Warning};
use crate::normalize::collapse_ws;
use crate::tables::content::{leading_code, names_unit};
use crate::tables::matcher::Matcher;
use crate::tables::vocab::Role;
use crate::tables::{Table, TableCell};

/// What is carried from row to row (and from page to page of the same section):
/// the objective being filled and the last value of each filled-down column.
#[derive(Debug, Default)]
pub(super) struct FillDown {
    frame: Frame,
    dirigente: Option<Value>,
    settore: Option<Value>,
    group: Option<Value>,
    mission: Option<Value>,
    programme: Option<Value>,
    mission_code: Option<Value>,
    programme_code: Option<Value>,
    /// The unit a row spanning the table named above the rows ([`unit_row`]).
    unit: Option<Value>,
    /// The group a heading row inside the table named above the rows ([`group_row`]).
    group_row: Option<Value>,
    /// The objective row of an outline table ([`outline_step`]): its objective-level
    /// values (weight, deadline), which its indicator rows leave blank.
    head: Option<Indicator>,
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

/// Where an objective table keeps each kind of value.
#[derive(Debug, Clone, Copy)]
struct Layout {
    /// The objective's title: the objective column, or the strategic one where the
    /// table lists only strategic objectives (truth contract: those are its
    /// objectives, and `group` is null), or the description where there is neither.
    title: Option<usize>,
    /// The group column: the strategic objective beside an objective column.
    group: Option<usize>,
    /// The table has an indicator column (else one record per objective).
    indicators: bool,
    /// One target column per year (`Target 2025 | Target 2026`).
    per_year: bool,
    /// The table has one column, its objectives' entries: each cell prints code,
    /// title and description together ([`split_entry`]).
    entries: bool,
}

impl Layout {
    fn of(t: &Table) -> Layout {
        let objective = t.col(Role::Objective);
        let strategic = t.col(Role::StrategicObjective);
        let years: Vec<i32> = t
            .columns
            .iter()
            .filter(|c| c.role == Some(Role::Target))
            .filter_map(|c| c.year)
            .collect();
        // a table whose only objective text is its description titles its
        // objectives with it (a `Descrizione progetto` beside the indicators)
        let description = t.col(Role::ObjectiveDescription);
        Layout {
            title: objective.or(strategic).or(description),
            group: objective.and(strategic),
            indicators: [Role::Indicator, Role::IndicatorCode, Role::Formula]
                .iter()
                .any(|r| t.col(*r).is_some()),
            per_year: years.len() >= 2 && years.iter().any(|y| Some(y) != years.first()),
            entries: t.columns.len() == 1 && objective.is_some(),
        }
    }
}

/// A row's cells looked up by role.
struct RowView<'a> {
    table: &'a Table,
    layout: Layout,
    row: &'a [TableCell],
}

impl RowView<'_> {
    fn at(&self, i: usize) -> Option<Value> {
        let c = self.row.get(i)?;
        Some(Value {
            text: collapse_ws(&c.text),
            prov: c.prov,
        })
    }
    fn value(&self, role: Role) -> Option<Value> {
        self.at(self.table.col(role)?)
    }
    /// The code of `role` printed beside its name ([`Table::code_col`]).
    fn code(&self, role: Role) -> Option<Value> {
        self.at(self.table.code_col(role)?)
    }
    fn title(&self) -> Option<Value> {
        self.at(self.layout.title?)
    }
    fn group(&self) -> Option<Value> {
        self.at(self.layout.group?)
    }
    /// Whether cell `i` has a text: what `at(i)`'s collapsed text being non-empty
    /// says, without copying the cell (asked of every row for each indicator role).
    fn filled_at(&self, i: Option<usize>) -> bool {
        i.and_then(|i| self.row.get(i))
            .is_some_and(|c| !c.text.trim().is_empty())
    }
    fn filled(&self, role: Role) -> bool {
        self.filled_at(self.table.col(role))
    }
    fn title_filled(&self) -> bool {
        self.filled_at(self.layout.title)
    }
    fn page(&self) -> u32 {
        self.row
            .iter()
            .find_map(|c| c.prov.map(|p| p.page))
            .unwrap_or(0)
    }
    /// Each year's target of the row (per-year tables).
    fn targets_by_year(&self) -> Vec<(i32, Value)> {
        self.table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.role == Some(Role::Target))
            .filter_map(|(i, c)| Some((c.year?, self.at(i)?)))
            .collect()
    }
    /// Each year's results of the row: the cells of the result roles whose column the
    /// header gives a year (per-year tables).
    fn results_by_year(&self) -> Vec<(i32, Role, Value)> {
        self.table
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let role = c.role.filter(|r| YEARLY_RESULTS.contains(r))?;
                Some((c.year?, role, self.at(i)?))
            })
            .collect()
    }
}

/// Roles a per-year table may print once for each year beside that year's target
/// (h11-campibisenzio: `Anno 2023` over `Target | Consuntivo | Scostamento`).
const YEARLY_RESULTS: [Role; 3] = [Role::Actual, Role::Deviation, Role::Achievement];

/// Roles whose filled cell makes a row an indicator of the objective above.
const INDICATOR_ROLES: [Role; 7] = [
    Role::Indicator,
    Role::IndicatorCode,
    Role::Formula,
    Role::Target,
    Role::Purpose,
    Role::Baseline,
    Role::Actual,
];

/// Walk the rows of one objective table; `m` tells which cells name a unit,
/// `group_of` which text is a group heading (the group it names), `unit_of` the
/// settore and dirigente a settore heading's text names.
#[allow(clippy::too_many_arguments)]
pub(super) fn walk(
    t: &Table,
    frame: &Frame,
    st: &mut FillDown,
    out: &mut Vec<Objective>,
    warnings: &mut Vec<Warning>,
    m: &Matcher,
    group_of: &dyn Fn(&str) -> Option<String>,
    unit_of: &dyn Fn(&str) -> UnitHeading,
) {
    let layout = Layout::of(t);
    let parents = outline_parents(t, &layout);
    // a unit row naming its settore and its responsabile heads the rows below it as
    // the same line above the table would (h13-fidenza)
    let mut own = frame.clone();
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
        let view = RowView {
            table: t,
            layout,
            row,
        };
        if let Some(group) = group_row(&view, group_of) {
            st.group_row = Some(group);
            st.current = None;
            continue;
        }
        if let Some(programme) = programme_row(&view) {
            // the budget programme of the rows below, read as the same line above the
            // table is (into the official list's programme, not the record's `programme`,
            // which holds what a Programma column prints: tests/it/synth.rs)
            own.programme = Some(programme);
            st.current = None;
            continue;
        }
        if let Some(unit) = unit_row(&view, m) {
            // one that names no responsabile is a servizio under the headings'
            // settore (Ozieri PDO 2016, g-tempio), as before
            if let (Some(settore), Some(dirigente)) = unit_of(&unit.text) {
                own.settore = Some(settore);
                own.dirigente = Some(dirigente);
            } else {
                st.unit = Some(unit);
            }
            st.current = None;
            continue;
        }
        if !parents.is_empty() && outline_step(&view, &own, st, out, m, &parents) {
            continue;
        }
        step(&view, &own, st, out, m);
    }
}

/// The codes that head an outline: a table with an indicator column and no objective
/// column whose code column numbers objectives and their indicators alike, each
/// indicator's code its objective's and one more part (h15-matera, a Relazione:
/// `1.1` prints the objective's title, its Peso and its score in the column headed
/// `Obiettivo operativo / Indicatore`, the rows `1.1.1`, `1.1.2` under it its
/// indicators with their results). A code is a head where a later row's code opens
/// with it and a dot, and its row fills none of the indicator's values. Empty where
/// the table is no such outline.
fn outline_parents(t: &Table, layout: &Layout) -> Vec<String> {
    let (Some(code_col), Some(text_col)) = (t.col(Role::ObjectiveCode), t.col(Role::Indicator))
    else {
        return Vec::new();
    };
    if layout.title.is_some() {
        return Vec::new();
    }
    let code = |row: &[TableCell]| {
        row.get(code_col)
            .map(|c| collapse_ws(&c.text))
            .unwrap_or_default()
    };
    let results = |row: &[TableCell]| {
        INDICATOR_ROLES
            .iter()
            .filter_map(|&r| t.col(r))
            .filter(|&i| i != text_col)
            .any(|i| row.get(i).is_some_and(|c| !c.text.trim().is_empty()))
    };
    let codes: Vec<String> = t.rows.iter().map(|r| code(r)).collect();
    t.rows
        .iter()
        .enumerate()
        .filter(|(i, row)| {
            let head = &codes[*i];
            !head.is_empty()
                && !results(row)
                && codes[i + 1..].iter().any(|c| {
                    c.strip_prefix(head.as_str())
                        .is_some_and(|rest| rest.len() > 1 && rest.starts_with('.'))
                })
        })
        .map(|(i, _)| codes[i].clone())
        .collect()
}

/// A row of an outline table ([`outline_parents`]): a head row is an objective, its
/// title the text of the indicator column; a row whose code extends the current
/// objective's is one of its indicators, that code its `indicator_code`. False for
/// any other row (left to [`step`]).
fn outline_step(
    r: &RowView,
    frame: &Frame,
    st: &mut FillDown,
    out: &mut Vec<Objective>,
    m: &Matcher,
    parents: &[String],
) -> bool {
    let Some(code) = r.value(Role::ObjectiveCode).filter(|c| !c.text.is_empty()) else {
        return false;
    };
    if parents.contains(&code.text) {
        carry_row(r, st);
        let mut o = new_objective(r, frame, st, out, m);
        o.objective = r.value(Role::Indicator);
        o.supporting = false;
        out.push(o);
        st.current = Some(out.len() - 1);
        st.head = Some(Indicator {
            weight: r.value(Role::Weight),
            deadline: r.value(Role::Deadline),
            ..Indicator::default()
        });
        return true;
    }
    let Some(o) = st.current.and_then(|i| out.get_mut(i)) else {
        return false;
    };
    let under = o.objective_code.as_ref().is_some_and(|p| {
        code.text
            .strip_prefix(p.text.as_str())
            .is_some_and(|rest| rest.starts_with('.'))
    });
    if !under {
        return false;
    }
    carry_row(r, st);
    let first = o.indicators.first().or(st.head.as_ref());
    let mut i = indicator(r, first);
    i.indicator_code = Some(code);
    o.indicators.push(i);
    true
}

/// Whether two rows print the same cells, whitespace aside (each cell's words equal,
/// as their [`collapse_ws`] texts would be, without copying them: asked of every row).
fn same_row(a: &[TableCell], b: &[TableCell]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.text.split_whitespace().eq(y.text.split_whitespace()))
        && a.iter().any(|c| !c.text.trim().is_empty())
}

/// Fill a column down to this row: its own cell, when it has text, is the column's
/// value from here on; otherwise the last one printed above it stays.
fn carry(v: Option<Value>, last: &mut Option<Value>) {
    // the row's own value is moved in, not copied, and nothing is handed back: this
    // runs seven times for every row of every table (issue 22)
    if let Some(v) = v.filter(|v| !v.text.is_empty()) {
        *last = Some(v);
    }
}

/// What a settore heading's text names: the settore and its responsabile, if any
/// (`Settore Lavori Pubblici – Responsabile: Ing. Paolo Verdi`).
pub(super) type UnitHeading = (Option<String>, Option<String>);

/// A row that only names a unit (`SERVIZIO BILANCIO, SPESE E GESTIONE ECONOMICA
/// PERSONALE` across a PDO sheet, Ozieri PDO 2016; `Ufficio Tributi`): one cell
/// spanning the table (the others covered by it, or the table's only column, or,
/// unruled, empty slots its text runs over: [`runs_over`]), outside the settore and
/// dirigente columns, whose text opens with a unit's word ([`names_unit`]). It heads
/// the objectives below it and is none itself.
fn unit_row(r: &RowView, m: &Matcher) -> Option<Value> {
    let mut texts = r
        .row
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.text.trim().is_empty());
    let (i, cell) = texts.next()?;
    if texts.next().is_some() {
        return None;
    }
    let slots = r
        .row
        .iter()
        .any(|c| c.text.trim().is_empty() && c.prov.is_some());
    if slots && !runs_over(cell, r.row) {
        return None;
    }
    let role = r.table.columns.get(i).and_then(|c| c.role);
    if matches!(role, Some(Role::Settore | Role::Dirigente)) || !names_unit(m, &cell.text) {
        return None;
    }
    r.at(i)
}

/// Whether `cell`'s text runs over an empty slot of its row (the stream reader's
/// cells of an unruled table, h13-fidenza by PDFKit: `Settore … – Responsabile: …`
/// from the first column to the fourth, the other cells empty slots): text wider
/// than its column is a cell spanning the row, as a merged cell is where rules draw
/// the grid. A row whose only text stays in its column is an ordinary row.
fn runs_over(cell: &TableCell, row: &[TableCell]) -> bool {
    let Some(p) = cell.prov else {
        return false;
    };
    row.iter()
        .filter(|c| c.text.trim().is_empty())
        .filter_map(|c| c.prov)
        .any(|s| s.page == p.page && p.bbox.x1 > s.bbox.x0 && p.bbox.x0 < s.bbox.x1)
}

/// A heading row inside the table (`Obiettivo strategico 1 – Un Comune vicino ai
/// cittadini` across a PIAO's table, h10-barga): its filled cells run on from the
/// first without a gap (one cell spanning the table, or its text spread over the
/// first columns where no rule parts them), it fills no indicator column, and its
/// text opens with a group heading's prefix: the group of the objectives below it,
/// as the same line would be above the table (truth contract: `1 – X`).
fn group_row(r: &RowView, group_of: &dyn Fn(&str) -> Option<String>) -> Option<Value> {
    let (first, text) = heading_row(r)?;
    // the prefix opens the first cell, not a later word of the text
    group_of(&r.row[first].text)?;
    Some(Value {
        text: group_of(&text)?,
        prov: r.row[first].prov,
    })
}

/// A row inside the table naming the budget programme of the rows below it, laid out
/// as a group row is ([`heading_row`]) and opening with a numbered Programma
/// (h14-ostuni: `Programma 02 – Segreteria generale` across the table under its
/// `Missione 01 – …` row): its text, as a Programma heading above the table is kept
/// (`budget` reads it against the official list).
fn programme_row(r: &RowView) -> Option<String> {
    let (first, text) = heading_row(r)?;
    super::heading::budget_programme(&r.row[first].text)?;
    Some(text)
}

/// A row whose filled cells run on from the first without a gap and fill no
/// indicator column: its first filled cell and its whole text.
fn heading_row(r: &RowView) -> Option<(usize, String)> {
    let filled: Vec<usize> = (0..r.row.len())
        .filter(|&i| !r.row[i].text.trim().is_empty())
        .collect();
    let (&first, &last) = (filled.first()?, filled.last()?);
    if last - first + 1 != filled.len() || INDICATOR_ROLES.iter().any(|&role| r.filled(role)) {
        return None;
    }
    let text = collapse_ws(
        &filled
            .iter()
            .map(|&i| r.row[i].text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    Some((first, text))
}

/// One row: maybe a new objective (title or code printed), maybe the end of a
/// definition, maybe an indicator.
fn step(r: &RowView, frame: &Frame, st: &mut FillDown, out: &mut Vec<Objective>, m: &Matcher) {
    carry_row(r, st);
    let has_indicator = INDICATOR_ROLES.iter().any(|&role| r.filled(role));
    let new = r.title_filled() || r.filled(Role::ObjectiveCode) || st.current.is_none();
    if new {
        out.push(new_objective(r, frame, st, out, m));
        st.current = Some(out.len() - 1);
    } else if r.filled(Role::ObjectiveDescription) {
        // An objective has one definition: text in that column under a blank title
        // is the rest of the definition above (001 prints it on the next indicator's
        // row, or on a row of its own).
        extend_description(r, st, out);
    }
    let record = if r.layout.indicators {
        has_indicator
    } else {
        new
    };
    if record && let Some(o) = st.current.and_then(|i| out.get_mut(i)) {
        let i = indicator(r, o.indicators.first());
        o.indicators.push(i);
    }
}

/// The row's filled-down columns, carried for the rows below that leave them blank.
fn carry_row(r: &RowView, st: &mut FillDown) {
    carry(r.value(Role::Dirigente), &mut st.dirigente);
    carry(r.value(Role::Settore), &mut st.settore);
    carry(r.group(), &mut st.group);
    carry(r.value(Role::Mission), &mut st.mission);
    carry(r.value(Role::Programme), &mut st.programme);
    carry(r.code(Role::Mission), &mut st.mission_code);
    carry(r.code(Role::Programme), &mut st.programme_code);
}

/// A new objective; a blank title under an objective is a supporting objective that
/// keeps the title above (000: `970_0006 Iubini Luca` under `25.29.2.1.05_0001`).
fn new_objective(
    r: &RowView,
    frame: &Frame,
    st: &FillDown,
    out: &[Objective],
    m: &Matcher,
) -> Objective {
    let above = st.current.and_then(|i| out.get(i));
    let supporting = !r.title_filled() && above.is_some();
    let title = if supporting {
        above.and_then(|o| o.objective.clone())
    } else {
        r.title()
    };
    let description = if r.layout.title == r.table.col(Role::ObjectiveDescription) {
        None
    } else if supporting {
        above.and_then(|o| o.objective_description.clone())
    } else {
        r.value(Role::ObjectiveDescription)
    };
    let from_heading = |v: &Option<String>| {
        v.as_ref().map(|d| Value {
            text: d.clone(),
            prov: None,
        })
    };
    let column_or_heading = |role: Role, carried: &Option<Value>, heading: &Option<String>| {
        if r.table.col(role).is_some() {
            carried.clone()
        } else {
            from_heading(heading)
        }
    };
    let group = match (&frame.group, r.layout.group) {
        _ if st.group_row.is_some() => st.group_row.as_ref().map(|v| v.text.clone()),
        (Some(g), _) => Some(g.clone()),
        (None, Some(_)) => st.group.as_ref().map(|v| v.text.clone()),
        (None, None) => None,
    };
    let (numbered, title, description) = match (r.table.col(Role::ObjectiveCode), title) {
        (None, Some(t)) if r.layout.entries && !supporting => split_entry(t, m),
        (None, Some(t)) if !supporting => {
            let (code, title) = number_label(t);
            (code, title, description)
        }
        (_, t) => (None, t, description),
    };
    // a unit row names the servizio under the settore of the headings; with no
    // settore above, the unit it names is the objectives' settore
    let settore = column_or_heading(Role::Settore, &st.settore, &frame.settore);
    let (settore, servizio) = match (settore, &st.unit) {
        (None, Some(u)) if r.table.col(Role::Settore).is_none() => (Some(u.clone()), None),
        (s, u) => (s, u.clone()),
    };
    Objective {
        year: frame.year,
        group,
        group_achievement: frame.group_achievement.clone(),
        objective: title,
        objective_code: r.value(Role::ObjectiveCode).or(numbered),
        objective_description: description,
        dirigente: column_or_heading(Role::Dirigente, &st.dirigente, &frame.dirigente),
        settore,
        servizio,
        mission: r.table.col(Role::Mission).and(st.mission.clone()),
        programme: r.table.col(Role::Programme).and(st.programme.clone()),
        mission_code_printed: r.table.code_col(Role::Mission).and(st.mission_code.clone()),
        programme_code_printed: r
            .table
            .code_col(Role::Programme)
            .and(st.programme_code.clone()),
        beneficiaries: r.value(Role::Beneficiaries),
        supporting,
        mission_heading: heading_value(&frame.mission),
        programme_heading: heading_value(&frame.programme),
        objective_type: heading_value(&frame.objective_type),
        indicators: Vec::new(),
        ..Objective::default()
    }
}

/// A title that opens with its number (`n. 3 Potenziamento attività di vigilanza`,
/// `n° 2 – Trasparenza`), in a table with no code column: the number is the
/// objective's code, as a card's `Obiettivo n. 7` is (truth contract), and the title
/// is the rest. Numbers without the `n.` mark (`1.2 Titolo`) are left in the title:
/// they may be part of how the plan names it.
fn number_label(title: Value) -> (Option<Value>, Option<Value>) {
    let Some(c) = NUMBER_LABEL.captures(&title.text) else {
        return (None, Some(title));
    };
    let (Some(code), Some(rest)) = (c.get(1), c.get(2)) else {
        return (None, Some(title));
    };
    let code = Value {
        text: code.as_str().to_string(),
        prov: title.prov,
    };
    let rest = Value {
        text: rest.as_str().to_string(),
        prov: title.prov,
    };
    (Some(code), Some(rest))
}

/// `n. 3 Titolo`, `n° 3 – Titolo`, `nr. 3: Titolo` (Perosa Argentina PEG 2016).
static NUMBER_LABEL: crate::text::Rule =
    crate::text::Rule::new(r"(?i)^(?:n\.|n°|nr\.?)\s*([0-9]+(?:\.[0-9]+)*)\s*[:.\-–—]?\s+(\S.*)$");

/// An objective's entry printed in one cell (code, title, description): the code
/// that opens it ([`leading_code`]), the title up to the first bullet of the
/// description (`- Ricognizione …`, a dash or a bullet sign after a space, before a
/// capital), and the bullets as the description (Ozieri PDO 2016: `01.01
/// Programmazione, coordinamento e rendicontazione finanziaria. - Ricognizione …`).
/// Without a bullet the whole entry is the title; without a code the cell is the
/// title, as in any objective column.
fn split_entry(entry: Value, m: &Matcher) -> (Option<Value>, Option<Value>, Option<Value>) {
    let part = |t: &str| Value {
        text: t.trim().to_string(),
        prov: entry.prov,
    };
    let Some((code, rest)) = leading_code(&entry.text, m.rules()) else {
        return (None, Some(entry), None);
    };
    let (title, description) = match BULLET.find(rest) {
        Some(b) => (&rest[..b.start()], Some(part(&rest[b.start()..]))),
        None => (rest, None),
    };
    (Some(part(code)), Some(part(title)), description)
}

/// The first bullet of a description run on after its title: a dash or a bullet
/// sign between spaces, then a capital.
static BULLET: crate::text::Rule = crate::text::Rule::new(r"\s[-–—•▪◦·]\s+\p{Lu}");

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

/// The row's value of an objective-level column, or the objective's first
/// indicator's where the row leaves it blank.
fn objective_level(own: Option<Value>, first: Option<&Option<Value>>) -> Option<Value> {
    match (own, first) {
        (Some(v), Some(Some(f))) if v.text.is_empty() => Some(f.clone()),
        (own, _) => own,
    }
}

fn indicator(r: &RowView, first: Option<&Indicator>) -> Indicator {
    let target = r.value(Role::Target).filter(|_| !r.layout.per_year);
    let lines = target.as_ref().and_then(year_lines);
    Indicator {
        indicator: r.value(Role::Indicator),
        indicator_code: r.value(Role::IndicatorCode),
        purpose: r.value(Role::Purpose),
        formula: r.value(Role::Formula),
        target: if lines.is_some() { None } else { target },
        actual: r.value(Role::Actual),
        deviation: r.value(Role::Deviation),
        weight: objective_level(r.value(Role::Weight), first.map(|f| &f.weight)),
        achievement: r.value(Role::Achievement),
        notes: r.value(Role::Notes),
        barometer: r.value(Role::Barometer),
        baseline: r.value(Role::Baseline),
        deadline: objective_level(r.value(Role::Deadline), first.map(|f| &f.deadline)),
        by_year: if r.layout.per_year {
            r.targets_by_year()
        } else {
            lines.unwrap_or_default()
        },
        results_by_year: if r.layout.per_year {
            r.results_by_year()
        } else {
            Vec::new()
        },
        page: r.page(),
        table: r.table.id.clone(),
        ..Indicator::default()
    }
}

/// A target cell that prints one line per year, each opened by its year and a colon
/// (h14-ostuni's `Target triennio`: `2025: 76%` / `2026: 78%` / `2027: 80%`), as each
/// year's target: the same as a target column per year (truth contract: one record per
/// indicator and year). Only a cell that is wholly such a list is one: at least two
/// years, each printed once, rising, each with a value (a lone `2025: 76%` or a note
/// naming a year keeps its text as the target).
fn year_lines(cell: &Value) -> Option<Vec<(i32, Value)>> {
    let mut out: Vec<(i32, String)> = Vec::new();
    for tok in cell.text.split_whitespace() {
        if let Some(y) = year_label(tok) {
            if out.last().is_some_and(|(z, v)| *z >= y || v.is_empty()) {
                return None;
            }
            out.push((y, String::new()));
            continue;
        }
        let (_, v) = out.last_mut()?;
        if !v.is_empty() {
            v.push(' ');
        }
        v.push_str(tok);
    }
    if out.len() < 2 || out.iter().any(|(_, v)| v.is_empty()) {
        return None;
    }
    let value = |text| Value {
        text,
        prov: cell.prov,
    };
    Some(out.into_iter().map(|(y, t)| (y, value(t))).collect())
}

/// `2025:` as the year 2025 (four digits and a colon).
fn year_label(tok: &str) -> Option<i32> {
    let digits = tok.strip_suffix(':')?;
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// One objective per year for objectives whose indicators give a target per year
/// (`Target 2025 | Target 2026 | Target 2027`): each year's objective carries that
/// year and, on every indicator, that year's target (truth contract: one record per
/// indicator and year, `year` from the column header).
pub(super) fn split_years(objectives: Vec<Objective>) -> Vec<Objective> {
    let mut out = Vec::with_capacity(objectives.len());
    for o in objectives {
        let mut years: Vec<i32> = o
            .indicators
            .iter()
            .flat_map(|i| i.by_year.iter().map(|(y, _)| *y))
            .collect();
        years.sort_unstable();
        years.dedup();
        if years.is_empty() {
            out.push(o);
            continue;
        }
        for y in years {
            let mut one = o.clone();
            one.year = Some(y);
            for i in &mut one.indicators {
                i.target = i
                    .by_year
                    .iter()
                    .find(|(z, _)| *z == y)
                    .map(|(_, v)| v.clone());
                i.by_year.clear();
                year_results(i, y);
            }
            out.push(one);
        }
    }
    out
}

/// Year `y`'s results on an indicator split from a per-year row: a result role the
/// table prints for two years or more takes that year's cell (none where the year has
/// none); one printed for a single year stays on every year's record as read.
fn year_results(i: &mut Indicator, y: i32) {
    for role in YEARLY_RESULTS {
        let of_role = || i.results_by_year.iter().filter(|(_, r, _)| *r == role);
        let first = of_role().next().map(|(z, _, _)| *z);
        if !of_role().any(|(z, _, _)| Some(*z) != first) {
            continue;
        }
        let v = of_role()
            .find(|(z, _, _)| *z == y)
            .map(|(_, _, v)| v.clone());
        match role {
            Role::Actual => i.actual = v,
            Role::Deviation => i.deviation = v,
            _ => i.achievement = v,
        }
    }
    i.results_by_year.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Value {
        Value {
            text: s.to_string(),
            prov: None,
        }
    }

    #[test]
    fn each_year_takes_its_own_results_beside_its_target() {
        // h11-campibisenzio (TCPDF, ruled): `Anno 2023` and `Anno 2024` each over
        // `Target | Consuntivo | Scostamento`; the first run gave 2024 the 2023 results
        let ind = Indicator {
            indicator: Some(v("Avvisi di accertamento emessi")),
            actual: Some(v("173")),
            deviation: Some(v("-10")),
            by_year: vec![(2023, v("183")), (2024, v("252"))],
            results_by_year: vec![
                (2023, Role::Actual, v("173")),
                (2023, Role::Deviation, v("-10")),
                (2024, Role::Actual, v("251")),
                (2024, Role::Deviation, v("-1")),
            ],
            ..Indicator::default()
        };
        let o = Objective {
            indicators: vec![ind],
            ..Objective::default()
        };
        let got: Vec<(Option<i32>, String, String, String)> = split_years(vec![o])
            .iter()
            .map(|o| {
                let i = &o.indicators[0];
                let t = |x: &Option<Value>| x.as_ref().map_or(String::new(), |v| v.text.clone());
                (o.year, t(&i.target), t(&i.actual), t(&i.deviation))
            })
            .collect();
        let s = |x: &str| x.to_string();
        assert_eq!(
            got,
            [
                (Some(2023), s("183"), s("173"), s("-10")),
                (Some(2024), s("252"), s("251"), s("-1"))
            ]
        );
    }

    #[test]
    fn a_cell_of_year_lines_is_a_target_per_year() {
        // h14-ostuni's `Target triennio` cells, their lines joined as the cell's text
        let years = |s: &str| {
            year_lines(&v(s)).map(|ys| {
                ys.into_iter()
                    .map(|(y, t)| format!("{y}={}", t.text))
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            years("2025: 76% 2026: 78% 2027: 80%"),
            Some(vec![
                "2025=76%".to_string(),
                "2026=78%".into(),
                "2027=80%".into()
            ])
        );
        assert_eq!(
            years("2025: € 870.771,00 2026: € 910.351,50"),
            Some(vec![
                "2025=€ 870.771,00".to_string(),
                "2026=€ 910.351,50".into()
            ])
        );
        assert_eq!(
            years("2025: non superiore a 0 2026: non superiore a 0"),
            Some(vec![
                "2025=non superiore a 0".to_string(),
                "2026=non superiore a 0".into()
            ])
        );
        // not wholly a list of years: the text stays the target
        assert_eq!(years("2025: 76%"), None);
        assert_eq!(years("entro 2025: 100%"), None);
        assert_eq!(years("2026: 5 2025: 3"), None);
        assert_eq!(years("2025: 2026: 80%"), None);
        assert_eq!(years("31/12/2025"), None);
    }

    #[test]
    fn a_result_printed_for_one_year_stays_on_every_year() {
        // a `Consuntivo 2024` column beside `Target 2025 | Target 2026`: the one actual
        // is the same on each year's record, as before per-year results were read
        let ind = Indicator {
            actual: Some(v("88%")),
            by_year: vec![(2025, v("90%")), (2026, v("92%"))],
            results_by_year: vec![(2024, Role::Actual, v("88%"))],
            ..Indicator::default()
        };
        let o = Objective {
            indicators: vec![ind],
            ..Objective::default()
        };
        let out = split_years(vec![o]);
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|o| o.indicators[0].actual == Some(v("88%"))));
    }

    /// A four-column objectives table of page 2 with these columns and rows, as the
    /// row readers' tests need one.
    fn objectives_table(
        method: crate::grid::Method,
        columns: Vec<crate::tables::header::Column>,
        rows: Vec<Vec<TableCell>>,
    ) -> Table {
        Table {
            id: "t001".to_string(),
            kind: crate::tables::TableKind::Objectives,
            pages: vec![2],
            method,
            context: Vec::new(),
            context_prov: Vec::new(),
            header: vec![String::new(); 4],
            header_prov: Vec::new(),
            header_above: Vec::new(),
            columns,
            rows,
        }
    }

    #[test]
    fn an_outline_of_numbered_objectives_and_indicators_reads_each_indicator_under_its_objective() {
        use crate::tables::header::Column;
        // h15-matera (Writer's tagged PDF/A, Impress, react-pdf): `N.` | `Obiettivo
        // operativo / Indicatore` | `Peso` | `Target 2024`; the first run read each row
        // as an objective of its own, the objective null and `1.1.1` its code
        let cell = |t: &str| TableCell {
            text: t.to_string(),
            prov: None,
            bold: None,
        };
        let row = |c: [&str; 4]| c.iter().map(|t| cell(t)).collect::<Vec<_>>();
        let mut columns = vec![Column::unknown("N."); 4];
        columns[0].role = Some(Role::ObjectiveCode);
        columns[1].role = Some(Role::Indicator);
        columns[2].role = Some(Role::Weight);
        columns[3].role = Some(Role::Target);
        let t = objectives_table(
            crate::grid::Method::Lattice,
            columns,
            vec![
                row(["1.1", "Recupero dell'evasione dei tributi locali", "70", ""]),
                row(["1.1.1", "Avvisi di accertamento emessi", "", "239"]),
                row(["1.1.2", "Somme accertate", "", "€ 782.793,00"]),
                row(["1.2", "Tempestività dei pagamenti ai fornitori", "30", ""]),
                row([
                    "1.2.1",
                    "Indicatore annuale di tempestività dei pagamenti",
                    "",
                    "non superiore a 0",
                ]),
            ],
        );
        assert_eq!(outline_parents(&t, &Layout::of(&t)), ["1.1", "1.2"]);
        let (mut st, mut out, mut warnings) = (FillDown::default(), Vec::new(), Vec::new());
        let m = Matcher::builtin();
        walk(
            &t,
            &Frame::default(),
            &mut st,
            &mut out,
            &mut warnings,
            m,
            &|_| None,
            &|_| (None, None),
        );
        fn text(v: &Option<Value>) -> Option<&str> {
            v.as_ref().map(|v| v.text.as_str())
        }
        let got: Vec<_> = out
            .iter()
            .flat_map(|o| {
                o.indicators.iter().map(move |i| {
                    (
                        text(&o.objective_code),
                        text(&o.objective),
                        text(&i.indicator_code),
                        text(&i.indicator),
                        text(&i.weight),
                        text(&i.target),
                    )
                })
            })
            .collect();
        let obj = Some("Recupero dell'evasione dei tributi locali");
        assert_eq!(
            got,
            [
                (
                    Some("1.1"),
                    obj,
                    Some("1.1.1"),
                    Some("Avvisi di accertamento emessi"),
                    Some("70"),
                    Some("239")
                ),
                (
                    Some("1.1"),
                    obj,
                    Some("1.1.2"),
                    Some("Somme accertate"),
                    Some("70"),
                    Some("€ 782.793,00")
                ),
                (
                    Some("1.2"),
                    Some("Tempestività dei pagamenti ai fornitori"),
                    Some("1.2.1"),
                    Some("Indicatore annuale di tempestività dei pagamenti"),
                    Some("30"),
                    Some("non superiore a 0")
                ),
            ]
        );
        // with an objective column the same codes are objectives of their own (a
        // strategic `1` over operative `1.1` rows is no outline of indicators)
        let mut columns = t.columns.clone();
        columns[1].role = Some(Role::Objective);
        let t = Table { columns, ..t };
        assert!(outline_parents(&t, &Layout::of(&t)).is_empty());
    }

    #[test]
    fn a_row_spanning_the_table_under_a_group_prefix_names_the_group() {
        use crate::tables::header::Column;
        // h10-barga (Calc, ruled): the strategic objective's row spans the ten
        // columns; ReportLab (unruled) cuts the same text over the first two
        let cell = |t: &str| TableCell {
            text: t.to_string(),
            prov: None,
            bold: None,
        };
        let mut columns = vec![Column::unknown("Cod."); 4];
        columns[3].role = Some(Role::Indicator);
        let t = objectives_table(
            crate::grid::Method::Lattice,
            columns,
            vec![
                vec![
                    cell("Obiettivo strategico 1 – Un Comune vicino ai cittadini"),
                    cell(""),
                    cell(""),
                    cell(""),
                ],
                vec![
                    cell("Obiettivo strategico 1 – Un Comune"),
                    cell("vicino ai cittadini"),
                    cell(""),
                    cell(""),
                ],
                vec![
                    cell("1.1"),
                    cell("Carta d'identità elettronica"),
                    cell(""),
                    cell("CIE rilasciate"),
                ],
                vec![
                    cell("Un Comune vicino ai cittadini"),
                    cell(""),
                    cell(""),
                    cell(""),
                ],
            ],
        );
        // the heading reader of the run: a group prefix and the rest after it
        let group_of = |h: &str| h.strip_prefix("Obiettivo strategico ").map(str::to_string);
        let view = |i: usize| RowView {
            table: &t,
            layout: Layout::of(&t),
            row: &t.rows[i],
        };
        let g = |i: usize| group_row(&view(i), &group_of).map(|v| v.text);
        assert_eq!(g(0).as_deref(), Some("1 – Un Comune vicino ai cittadini"));
        assert_eq!(g(1).as_deref(), Some("1 – Un Comune vicino ai cittadini"));
        // an objective's row fills the indicator column; a row without the prefix
        // is no heading
        assert_eq!(g(2), None);
        assert_eq!(g(3), None);
    }

    #[test]
    fn a_row_spanning_the_table_under_a_numbered_programma_names_the_programme() {
        use crate::tables::header::Column;
        // h14-ostuni (cairo, horizontal rules): `Programma 02 – Segreteria generale`
        // across the table under its `Missione 01 – …` row
        let cell = |t: &str| TableCell {
            text: t.to_string(),
            prov: None,
            bold: None,
        };
        let mut columns = vec![Column::unknown("N."); 4];
        columns[3].role = Some(Role::Indicator);
        let t = objectives_table(
            crate::grid::Method::Stream,
            columns,
            vec![
                vec![
                    cell("Programma 02 – Segreteria generale"),
                    cell(""),
                    cell(""),
                    cell(""),
                ],
                vec![
                    cell("1"),
                    cell("Attuazione del piano di formazione"),
                    cell(""),
                    cell("Dipendenti formati"),
                ],
                vec![
                    cell("Programma di digitalizzazione"),
                    cell(""),
                    cell(""),
                    cell(""),
                ],
            ],
        );
        let view = |i: usize| RowView {
            table: &t,
            layout: Layout::of(&t),
            row: &t.rows[i],
        };
        assert_eq!(
            programme_row(&view(0)).as_deref(),
            Some("Programma 02 – Segreteria generale")
        );
        // an objective's row; a programme of the plan's own (no number) is no budget's
        assert_eq!(programme_row(&view(1)), None);
        assert_eq!(programme_row(&view(2)), None);
    }

    #[test]
    fn a_unit_row_of_an_unruled_table_runs_over_the_empty_slots() {
        use crate::geom::{BBox, Provenance};
        use crate::tables::header::Column;
        // h13-fidenza by PDFKit (stream, page 2): the unit's line from the first
        // column into the second; the row below, an objective, fills its columns
        let at = |x0: f64, x1: f64, top: f64, bottom: f64, t: &str| TableCell {
            text: t.to_string(),
            prov: Some(Provenance {
                page: 2,
                bbox: BBox {
                    x0,
                    top,
                    x1,
                    bottom,
                },
            }),
            bold: None,
        };
        let unit = "Settore Affari Generali e Personale – Responsabile: Ing. Giorgio Ciarapica";
        let mut columns = vec![Column::unknown("Cod."); 4];
        columns[0].role = Some(Role::ObjectiveCode);
        columns[1].role = Some(Role::Objective);
        columns[3].role = Some(Role::Indicator);
        let t = objectives_table(
            crate::grid::Method::Stream,
            columns,
            vec![
                vec![
                    at(45.52, 275.74, 117.34, 124.34, unit),
                    at(177.17, 321.56, 124.34, 124.34, ""),
                    at(321.56, 385.99, 124.34, 124.34, ""),
                    at(385.99, 537.75, 124.34, 124.34, ""),
                ],
                vec![
                    at(45.52, 177.17, 137.39, 137.39, ""),
                    at(177.67, 240.0, 130.39, 137.39, "Servizio Tributi"),
                    at(321.56, 385.99, 137.39, 137.39, ""),
                    at(385.99, 537.75, 137.39, 137.39, ""),
                ],
            ],
        );
        let m = Matcher::builtin();
        let view = |i: usize| RowView {
            table: &t,
            layout: Layout::of(&t),
            row: &t.rows[i],
        };
        assert_eq!(unit_row(&view(0), m).map(|v| v.text).as_deref(), Some(unit));
        // a unit's name that stays in its column (an objective's cell) is an
        // ordinary row, not one spanning the table
        assert!(unit_row(&view(1), m).is_none());
    }

    #[test]
    fn an_entry_gives_code_title_and_description() {
        let m = Matcher::builtin();
        // Ozieri PDO 2016, the objective's cell (shortened after its second bullet)
        let (code, title, description) = split_entry(
            v(
                "01.01 Programmazione, coordinamento e rendicontazione finanziaria. - Ricognizione \
               di tutti i residui, attivi e passivi, al 31 dicembre 2015. - Relazione al Conto",
            ),
            m,
        );
        assert_eq!(code.map(|c| c.text).as_deref(), Some("01.01"));
        assert_eq!(
            title.map(|t| t.text).as_deref(),
            Some("Programmazione, coordinamento e rendicontazione finanziaria.")
        );
        assert_eq!(
            description.map(|d| d.text).as_deref(),
            Some(
                "- Ricognizione di tutti i residui, attivi e passivi, al 31 dicembre 2015. - Relazione al Conto"
            )
        );
        // g-tempio-pdo-2019: letters and a number, a dot bullet
        let (code, title, description) = split_entry(
            v("MC.1 Programma annuale degli interventi • Calendario mensile degli sfalci."),
            m,
        );
        assert_eq!(code.map(|c| c.text).as_deref(), Some("MC.1"));
        assert_eq!(
            title.map(|t| t.text).as_deref(),
            Some("Programma annuale degli interventi")
        );
        assert_eq!(
            description.map(|d| d.text).as_deref(),
            Some("• Calendario mensile degli sfalci.")
        );
        // no bullet: all title; a dash inside a word or before a lower-case word is
        // no bullet; no code (a year, a list number): the cell is the title
        let (_, title, description) =
            split_entry(v("2.4 Sportello socio-sanitario - per tutti"), m);
        assert_eq!(
            title.map(|t| t.text).as_deref(),
            Some("Sportello socio-sanitario - per tutti")
        );
        assert!(description.is_none());
        for t in [
            "2016 Programmazione finanziaria",
            "1. Programmazione finanziaria",
        ] {
            let (code, title, _) = split_entry(v(t), m);
            assert!(code.is_none(), "{t}");
            assert_eq!(title.map(|t| t.text).as_deref(), Some(t));
        }
    }

    #[test]
    fn a_title_numbered_n_gives_its_code() {
        // Perosa Argentina PEG 2016, Servizio Amministrativo: `n. 3 Potenziamento …`
        let (code, title) = number_label(v("n. 3 Potenziamento attività di vigilanza"));
        assert_eq!(code.map(|c| c.text).as_deref(), Some("3"));
        assert_eq!(
            title.map(|t| t.text).as_deref(),
            Some("Potenziamento attività di vigilanza")
        );
        let (code, title) = number_label(v("n° 2 – Trasparenza"));
        assert_eq!(code.map(|c| c.text).as_deref(), Some("2"));
        assert_eq!(title.map(|t| t.text).as_deref(), Some("Trasparenza"));
        // a number without the mark, a word starting with n, stay in the title
        for t in ["1.2 Digitalizzazione", "nuovi servizi", "n. 3"] {
            let (code, title) = number_label(v(t));
            assert!(code.is_none(), "{t}");
            assert_eq!(title.map(|t| t.text).as_deref(), Some(t));
        }
    }
}
