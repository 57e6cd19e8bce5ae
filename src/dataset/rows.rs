//! One extracted document as rows of the dataset's tables, in the column order of
//! [`super::schema`]. Objective and indicator rows are cut from the flat records
//! (`output::records`), so the `records` view gives back exactly those records.

use super::schema::{self, Kind, TableDef};
use crate::assemble::{Indicator, Objective, Plan};
use crate::extract::Extracted;
use crate::geom::BBox;
use crate::normalize::PersonIndex;
use crate::output::records;
use crate::tables::Table;
use rusqlite::types::Value as Sql;
use serde_json::{Map, Value as Json};

/// A table's new rows.
pub type Rows = (&'static TableDef, Vec<Vec<Sql>>);

use crate::output::plan_year::OBJECTIVE_PROV;

/// Every row of one document but `people`, parents first, in batches made as they
/// are inserted (an objective with its indicators, a table with its cells), so a
/// 1,000-page plan's rows are never all in memory.
pub fn document_rows<'a>(
    d: &'a Extracted,
    people: &'a PersonIndex,
) -> impl Iterator<Item = Rows> + 'a {
    let sha = d.source.sha256.as_str();
    let plan = &d.plan;
    let mut indicator_no = 0;
    let objectives = (1..).zip(&plan.objectives).flat_map(move |(n, o)| {
        let own = records::objective_records(plan, o, &d.source.file, people);
        let first = own
            .first()
            .cloned()
            .unwrap_or_else(|| lone_record(plan, o, people));
        let page = own.first().and_then(|r| r.get("page"));
        let objective = objective_row(sha, n, &first, page);
        let indicators: Vec<Vec<Sql>> = own
            .iter()
            .map(|r| {
                indicator_no += 1;
                indicator_row(sha, indicator_no, n, r)
            })
            .collect();
        [
            (&schema::OBJECTIVES, vec![objective]),
            (&schema::INDICATORS, indicators),
        ]
    });
    let tables = plan.tables.iter().flat_map(move |t| {
        [
            (&schema::TABLES, vec![table_row(sha, t)]),
            (&schema::CELLS, cell_rows(sha, t)),
        ]
    });
    std::iter::once((&schema::DOCUMENTS, vec![document_row(d)]))
        .chain(objectives)
        .chain(tables)
        .chain(std::iter::once((
            &schema::WARNINGS,
            warning_rows(sha, plan),
        )))
        .chain(std::iter::once((&schema::FACTS, fact_rows(sha, plan))))
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

/// A JSON value of a record as a column value of `kind`.
fn from_json(v: Option<&Json>, kind: Kind) -> Sql {
    match v {
        None | Some(Json::Null) => Sql::Null,
        Some(Json::Bool(b)) => Sql::Integer(i64::from(*b)),
        Some(Json::Number(n)) if kind == Kind::Real => n.as_f64().map_or(Sql::Null, Sql::Real),
        Some(Json::Number(n)) => n
            .as_i64()
            .map(Sql::Integer)
            .or_else(|| n.as_f64().map(Sql::Real))
            .unwrap_or(Sql::Null),
        Some(Json::String(s)) => Sql::Text(s.clone()),
        Some(other) => json_text(other),
    }
}

fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|j| j.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn document_row(d: &Extracted) -> Vec<Sql> {
    let meta = &d.plan.meta;
    vec![
        Sql::Text(d.source.sha256.clone()),
        Sql::Text(d.source.file.clone()),
        opt_text(meta.ente.clone()),
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
        Sql::Text(crate::batch::manifest::TOOL_VERSION.to_string()),
    ]
}

/// The objective fields of an objective without indicators: its record with an empty
/// indicator (so they are rendered exactly as in records).
fn lone_record(plan: &Plan, o: &Objective, people: &PersonIndex) -> Map<String, Json> {
    let mut alone = o.clone();
    alone.indicators = vec![Indicator::default()];
    let one = Plan {
        meta: plan.meta.clone(),
        title: None,
        pages: plan.pages,
        objectives: vec![alone],
        tables: Vec::new(),
        facts: Vec::new(),
        warnings: Vec::new(),
    };
    let mut r = records::records(&one, "", people);
    if r.is_empty() {
        Map::new()
    } else {
        r.swap_remove(0)
    }
}

fn objective_row(sha: &str, n: usize, r: &Map<String, Json>, page: Option<&Json>) -> Vec<Sql> {
    schema::OBJECTIVES
        .columns
        .iter()
        .map(|c| match c.name {
            "document" => Sql::Text(sha.to_string()),
            "objective_no" => int(n),
            "page" => from_json(page, Kind::Integer),
            "provenance" => json_text(&Json::Object(split_prov(r, true))),
            name => from_json(r.get(schema::record_key(name)), c.kind),
        })
        .collect()
}

fn indicator_row(sha: &str, no: usize, objective: usize, r: &Map<String, Json>) -> Vec<Sql> {
    let bbox = row_box(r);
    schema::INDICATORS
        .columns
        .iter()
        .map(|c| match c.name {
            "document" => Sql::Text(sha.to_string()),
            "indicator_no" => int(no),
            "objective_no" => int(objective),
            "x0" => bbox.map_or(Sql::Null, |b| Sql::Real(b.x0)),
            "top" => bbox.map_or(Sql::Null, |b| Sql::Real(b.top)),
            "x1" => bbox.map_or(Sql::Null, |b| Sql::Real(b.x1)),
            "bottom" => bbox.map_or(Sql::Null, |b| Sql::Real(b.bottom)),
            name => from_json(r.get(schema::record_key(name)), c.kind),
        })
        .collect()
}

/// The provenance entries of the objective's fields (`objective`) or the others.
fn split_prov(r: &Map<String, Json>, objective: bool) -> Map<String, Json> {
    let Some(Json::Object(prov)) = r.get("provenance") else {
        return Map::new();
    };
    prov.iter()
        .filter(|(k, _)| OBJECTIVE_PROV.contains(&k.as_str()) == objective)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The indicator's box: the union of its own fields' boxes on its page; failing
/// those, of its objective's fields on that page (a card prints them above).
fn row_box(r: &Map<String, Json>) -> Option<BBox> {
    let page = r.get("page").and_then(Json::as_u64)?;
    let on_page = |m: Map<String, Json>| -> Option<BBox> {
        let boxes: Vec<BBox> = m
            .values()
            .filter(|p| p.get("page").and_then(Json::as_u64) == Some(page))
            .filter_map(|p| serde_json::from_value(p.get("bbox")?.clone()).ok())
            .collect();
        BBox::union_all(&boxes)
    };
    on_page(split_prov(r, false)).or_else(|| on_page(split_prov(r, true)))
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
