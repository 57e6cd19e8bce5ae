//! One extracted document as rows of the dataset's tables, in the column order of
//! [`super::schema`]. Objective and indicator rows are the typed records' parts
//! ([`ObjectiveRecord`], [`IndicatorRecord`]), so the `records` view gives back
//! exactly the records of `--format records`.

use super::schema::{self, TableDef};
use crate::assemble::Plan;
use crate::error::{Error, Result};
use crate::extract::Extraction;
use crate::geom::{BBox, Provenance};
use crate::normalize::PersonIndex;
use crate::output::record::{IndicatorRecord, ObjectiveRecord, Record};
use crate::output::records::{document_fields, objective_record, objective_records};
use crate::tables::Table;
use rusqlite::types::Value as Sql;
use serde_json::Value as Json;

/// A table's new rows.
pub type Rows = (&'static TableDef, Vec<Vec<Sql>>);

/// Every row of one document but `people`, parents first, in batches made as they
/// are inserted (an objective with its indicators, a table with its cells), so a
/// 1,000-page plan's rows are never all in memory.
pub fn document_rows<'a>(
    d: &'a Extraction,
    people: &'a PersonIndex,
) -> impl Iterator<Item = Result<Rows>> + 'a {
    let sha = d.source.sha256.as_str();
    let plan = &d.plan;
    let document = document_fields(plan, &d.source.file);
    let ids = crate::people::ids_of(plan, people);
    let mut indicator_no = 0;
    let objectives = (1..).zip(&plan.objectives).flat_map(move |(n, o)| {
        let own = objective_records(o, &document, &ids);
        let page = own.first().map(|r| r.indicator.page);
        let objective = match own.first() {
            Some(r) => objective_row(sha, n, &r.objective, page),
            None => objective_row(sha, n, &objective_record(o, &ids), None),
        };
        let indicators: Result<Vec<Vec<Sql>>> = own
            .iter()
            .map(|r| {
                indicator_no += 1;
                indicator_row(sha, indicator_no, n, r)
            })
            .collect();
        [
            objective.map(|row| (&schema::OBJECTIVES, vec![row])),
            indicators.map(|rows| (&schema::INDICATORS, rows)),
        ]
    });
    let tables = plan.tables.iter().flat_map(move |t| {
        [
            Ok((&schema::TABLES, vec![table_row(sha, t)])),
            Ok((&schema::CELLS, cell_rows(sha, t))),
        ]
    });
    std::iter::once(Ok((&schema::DOCUMENTS, vec![document_row(d)])))
        .chain(objectives)
        .chain(tables)
        .chain(std::iter::once(Ok((
            &schema::WARNINGS,
            warning_rows(sha, plan),
        ))))
        .chain(std::iter::once(Ok((&schema::FACTS, fact_rows(sha, plan)))))
}

/// The `people` rows of an index.
pub fn people_rows(people: &PersonIndex) -> Vec<Vec<Sql>> {
    people
        .people
        .iter()
        .map(|p| {
            let given = p.given.join(" ");
            let name = if given.is_empty() {
                p.family.clone()
            } else {
                format!("{} {given}", p.family)
            };
            vec![
                Sql::Text(p.id.clone()),
                opt_text((!p.ente.is_empty()).then(|| p.ente.clone())),
                Sql::Text(name),
                Sql::Text(p.family.clone()),
                opt_text((!given.is_empty()).then_some(given)),
                json_text(&Json::from(p.spellings.clone())),
            ]
        })
        .collect()
}

fn opt_text(s: Option<String>) -> Sql {
    s.map_or(Sql::Null, Sql::Text)
}

fn json_text(v: &Json) -> Sql {
    Sql::Text(v.to_string())
}

fn int(n: impl TryInto<i64>) -> Sql {
    n.try_into().map_or(Sql::Null, Sql::Integer)
}

fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|j| j.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn document_row(d: &Extraction) -> Vec<Sql> {
    let meta = &d.plan.meta;
    vec![
        Sql::Text(d.source.sha256.clone()),
        Sql::Text(d.source.file.clone()),
        opt_text(meta.ente.clone()),
        opt_text(meta.ente_istat.clone()),
        Sql::Text(enum_name(&meta.kind)),
        opt_text(meta.period.clone()),
        meta.years.first().map_or(Sql::Null, |y| int(*y)),
        meta.years.last().map_or(Sql::Null, |y| int(*y)),
        json_text(&Json::from(meta.years.clone())),
        Sql::Integer(i64::from(meta.update)),
        opt_text(d.plan.title.clone()),
        int(d.plan.pages),
        opt_text(d.source.producer.clone()),
        Sql::Null,
        Sql::Text(crate::output::TOOL_VERSION.to_string()),
    ]
}

/// Cells of one row in the order of `t`'s columns, from (column, value) pairs; a
/// column without a value, or a value without a column, is an error (a test runs
/// every fixture through it).
fn in_order(t: &TableDef, mut cells: Vec<(&'static str, Sql)>) -> Result<Vec<Sql>> {
    let row = t
        .columns
        .iter()
        .map(|c| {
            let at = cells.iter().position(|(name, _)| *name == c.name);
            at.map(|i| cells.swap_remove(i).1).ok_or_else(|| {
                Error::Invalid(format!("{}: no value for column {}", t.name, c.name))
            })
        })
        .collect::<Result<Vec<Sql>>>()?;
    match cells.first() {
        None => Ok(row),
        Some((name, _)) => Err(Error::Invalid(format!("{}: no column for {name}", t.name))),
    }
}

fn text(v: &Option<String>) -> Sql {
    opt_text(v.clone())
}

fn real(v: Option<f64>) -> Sql {
    v.map_or(Sql::Null, Sql::Real)
}

fn name_of<T: serde::Serialize>(v: &Option<T>) -> Sql {
    v.as_ref().map_or(Sql::Null, |v| Sql::Text(enum_name(v)))
}

fn json_of<T: serde::Serialize>(v: &T) -> Sql {
    json_text(&serde_json::to_value(v).unwrap_or(Json::Null))
}

/// The `objectives` row of an objective (`page`: of its first indicator).
fn objective_row(sha: &str, n: usize, r: &ObjectiveRecord, page: Option<u32>) -> Result<Vec<Sql>> {
    let ObjectiveRecord {
        year,
        group,
        group_achievement,
        objective,
        objective_code,
        objective_code_kind,
        mission_code,
        mission_name,
        programme_code,
        programme_name,
        objective_description,
        dirigente,
        dirigente_id,
        settore,
        mission,
        programme,
        beneficiaries,
        units,
        card_number,
        objective_type,
        objective_type_code,
        summary_row,
        summary,
        supporting,
        provenance,
    } = r;
    in_order(
        &schema::OBJECTIVES,
        vec![
            ("document", Sql::Text(sha.to_string())),
            ("objective_no", int(n)),
            ("year", year.map_or(Sql::Null, int)),
            ("group_name", text(group)),
            ("group_achievement", text(group_achievement)),
            ("objective", text(objective)),
            ("objective_code", text(objective_code)),
            ("objective_code_kind", name_of(objective_code_kind)),
            ("mission_code", text(mission_code)),
            ("mission_name", text(mission_name)),
            ("programme_code", text(programme_code)),
            ("programme_name", text(programme_name)),
            ("objective_description", text(objective_description)),
            ("dirigente", text(dirigente)),
            ("dirigente_id", text(dirigente_id)),
            ("settore", text(settore)),
            ("beneficiaries", text(beneficiaries)),
            ("units", text(units)),
            ("mission", text(mission)),
            ("programme", text(programme)),
            ("card_number", card_number.map_or(Sql::Null, int)),
            ("objective_type", text(objective_type)),
            ("objective_type_code", text(objective_type_code)),
            ("summary_row", summary_row.map_or(Sql::Null, int)),
            ("summary", summary.as_ref().map_or(Sql::Null, json_of)),
            ("supporting", Sql::Integer(i64::from(*supporting))),
            ("page", page.map_or(Sql::Null, int)),
            ("provenance", json_of(provenance)),
        ],
    )
}

/// The `indicators` row of one record.
fn indicator_row(sha: &str, no: usize, objective: usize, r: &Record) -> Result<Vec<Sql>> {
    let IndicatorRecord {
        indicator,
        indicator_code,
        purpose,
        formula,
        target,
        actual,
        deviation,
        weight,
        achievement,
        notes,
        barometer,
        baseline,
        deadline,
        data_source,
        formula_kind,
        target_kind,
        target_value,
        target_comparator,
        target_unit,
        target_date,
        actual_value,
        weight_value,
        achievement_value,
        page,
        table,
        provenance: _,
    } = &r.indicator;
    let bbox = row_box(r);
    let edge = |f: fn(&BBox) -> f64| bbox.as_ref().map_or(Sql::Null, |b| Sql::Real(f(b)));
    in_order(
        &schema::INDICATORS,
        vec![
            ("document", Sql::Text(sha.to_string())),
            ("indicator_no", int(no)),
            ("objective_no", int(objective)),
            ("indicator", text(indicator)),
            ("indicator_code", text(indicator_code)),
            ("purpose", text(purpose)),
            ("formula", text(formula)),
            ("target", text(target)),
            ("actual", text(actual)),
            ("deviation", text(deviation)),
            ("weight", text(weight)),
            ("achievement", text(achievement)),
            ("notes", text(notes)),
            ("barometer", text(barometer)),
            ("baseline", text(baseline)),
            ("deadline", text(deadline)),
            ("data_source", text(data_source)),
            ("formula_kind", name_of(formula_kind)),
            ("target_kind", name_of(target_kind)),
            ("target_value", real(*target_value)),
            ("target_comparator", name_of(target_comparator)),
            ("target_unit", text(target_unit)),
            ("target_date", text(target_date)),
            ("actual_value", real(*actual_value)),
            ("weight_value", real(*weight_value)),
            ("achievement_value", real(*achievement_value)),
            ("page", int(*page)),
            ("table_id", Sql::Text(table.clone())),
            ("provenance", json_of(&r.provenance())),
            ("x0", edge(|b| b.x0)),
            ("top", edge(|b| b.top)),
            ("x1", edge(|b| b.x1)),
            ("bottom", edge(|b| b.bottom)),
        ],
    )
}

/// The indicator's box: the union of its own fields' boxes on its page; failing
/// those, of its objective's fields on that page (a card prints them above).
fn row_box(r: &Record) -> Option<BBox> {
    let page = r.indicator.page;
    let on_page = |boxes: &mut dyn Iterator<Item = Provenance>| -> Option<BBox> {
        let boxes: Vec<BBox> = boxes.filter(|p| p.page == page).map(|p| p.bbox).collect();
        BBox::union_all(&boxes)
    };
    on_page(&mut r.indicator.provenance.boxes())
        .or_else(|| on_page(&mut r.objective.provenance.boxes()))
}

fn box_cells(p: Option<crate::geom::Provenance>) -> [Sql; 4] {
    match p {
        Some(p) => [
            Sql::Real(p.bbox.x0),
            Sql::Real(p.bbox.top),
            Sql::Real(p.bbox.x1),
            Sql::Real(p.bbox.bottom),
        ],
        None => [Sql::Null, Sql::Null, Sql::Null, Sql::Null],
    }
}

fn table_row(sha: &str, t: &Table) -> Vec<Sql> {
    let to = |v: serde_json::Result<Json>| json_text(&v.unwrap_or(Json::Null));
    vec![
        Sql::Text(sha.to_string()),
        Sql::Text(t.id.clone()),
        Sql::Text(enum_name(&t.kind)),
        Sql::Text(enum_name(&t.method)),
        t.pages.first().map_or(Sql::Integer(0), |p| int(*p)),
        to(serde_json::to_value(&t.pages)),
        to(serde_json::to_value(&t.context)),
        to(serde_json::to_value(&t.header)),
        to(serde_json::to_value(&t.columns)),
        int(t.rows.len()),
        int(t.columns.len()),
    ]
}

fn cell_rows(sha: &str, t: &Table) -> Vec<Vec<Sql>> {
    let mut out = Vec::new();
    for (r, row) in t.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let mut v = vec![
                Sql::Text(sha.to_string()),
                Sql::Text(t.id.clone()),
                int(r),
                int(c),
                Sql::Text(cell.text.clone()),
                cell.prov.map_or(Sql::Null, |p| int(p.page)),
            ];
            v.extend(box_cells(cell.prov));
            out.push(v);
        }
    }
    out
}

fn warning_rows(sha: &str, plan: &Plan) -> Vec<Vec<Sql>> {
    (1..)
        .zip(&plan.warnings)
        .map(|(n, w): (usize, _)| {
            let mut v = vec![
                Sql::Text(sha.to_string()),
                int(n),
                Sql::Text(w.code.to_string()),
                Sql::Text(w.message.clone()),
                w.prov.map_or(Sql::Null, |p| int(p.page)),
            ];
            v.extend(box_cells(w.prov));
            v
        })
        .collect()
}

fn fact_rows(sha: &str, plan: &Plan) -> Vec<Vec<Sql>> {
    (1..)
        .zip(&plan.facts)
        .map(|(n, f): (usize, _)| {
            let mut v = vec![
                Sql::Text(sha.to_string()),
                int(n),
                Sql::Text(f.label.clone()),
                Sql::Text(f.value.clone()),
                opt_text(f.unit.clone()),
                opt_text(f.section.clone()),
                int(f.prov.page),
            ];
            v.extend(box_cells(Some(f.prov)));
            v
        })
        .collect()
}
