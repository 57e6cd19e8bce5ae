//! One extracted document as rows of the dataset's tables, in the column order of
//! [`super::schema`]. Objective and indicator rows are the typed records' cells
//! ([`crate::output::columns`]), so the `records` view gives back exactly the records
//! of `--format records`.

use super::schema::{self, TableDef};
use crate::assemble::Plan;
use crate::error::Result;
use crate::extract::Extraction;
use crate::geom::{BBox, Provenance};
use crate::normalize::PersonIndex;
use crate::output::columns::{self, Cell};
use crate::output::record::{ObjectiveRecord, Record, RecordKey};
use crate::output::records::{document_fields, objective_record, objective_records};
use crate::tables::Table;
use rusqlite::types::Value as Sql;
use serde_json::Value as Json;

/// A table's new rows.
pub type Rows = (&'static TableDef, Vec<Vec<Sql>>);

/// A cell as SQLite stores it: dates as `yyyy-mm-dd` text, booleans as 0/1, JSON as
/// text.
pub fn sql(c: Cell<'_>) -> Sql {
    match c {
        Cell::Null => Sql::Null,
        Cell::Text(s) => Sql::Text(s.into_owned()),
        Cell::Integer(n) => Sql::Integer(n),
        Cell::Real(x) => Sql::Real(x),
        Cell::Boolean(b) => Sql::Integer(i64::from(b)),
        date @ Cell::Date(_) => Sql::Text(date.csv().into_owned()),
        Cell::Json(j) => Sql::Text(j.to_string()),
    }
}

/// Every row of one document but `people` and `inputs`, parents first, in batches
/// made as they are inserted (an objective with its indicators, a table with its
/// cells), so a 1,000-page plan's rows are never all in memory.
pub fn document_rows<'a>(
    d: &'a Extraction,
    people: &'a PersonIndex,
) -> impl Iterator<Item = Result<Rows>> + 'a {
    let sha = d.source.sha256.as_str();
    let plan = &d.plan;
    let document = document_fields(plan, &d.source);
    let ids = crate::people::ids_of(plan, people);
    let mut before = 0u32;
    let objectives = (1u32..).zip(&plan.objectives).flat_map(move |(n, o)| {
        let key = RecordKey {
            objective_no: n,
            indicator_no: before,
        };
        let own = objective_records(o, key, &document, &ids);
        before = before.saturating_add(u32::try_from(own.len()).unwrap_or(u32::MAX));
        let page = own.first().map(|r| r.indicator.page);
        let objective = match own.first() {
            Some(r) => objective_row(sha, n, &r.objective, page),
            None => objective_row(sha, n, &objective_record(o, &ids), None),
        };
        let indicators: Vec<Vec<Sql>> = own.iter().map(indicator_row).collect();
        [
            Ok((&*schema::OBJECTIVES, vec![objective])),
            Ok((&*schema::INDICATORS, indicators)),
        ]
    });
    let tables = plan.tables.iter().flat_map(move |t| {
        [
            Ok((&*schema::TABLES, vec![table_row(sha, t)])),
            Ok((&*schema::CELLS, cell_rows(sha, t))),
        ]
    });
    std::iter::once(Ok((&*schema::DOCUMENTS, vec![document_row(d)])))
        .chain(objectives)
        .chain(tables)
        .chain(std::iter::once(Ok((
            &*schema::WARNINGS,
            warning_rows(sha, plan),
        ))))
        .chain(std::iter::once(Ok((&*schema::FACTS, fact_rows(sha, plan)))))
}

/// The `inputs` row of an extraction: its path, its document, its signer.
pub fn input_row(d: &Extraction) -> Vec<Sql> {
    vec![
        Sql::Text(d.source.file.clone()),
        Sql::Text(d.source.sha256.clone()),
        sql(Cell::json(&d.source.signer)),
    ]
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
        Sql::Text(crate::output::TOOL_VERSION.to_string()),
    ]
}

fn json_of<T: serde::Serialize>(v: &T) -> Sql {
    json_text(&serde_json::to_value(v).unwrap_or(Json::Null))
}

/// The `objectives` row of an objective (`page`: of its first indicator).
fn objective_row(sha: &str, n: u32, r: &ObjectiveRecord, page: Option<u32>) -> Vec<Sql> {
    let mut row = vec![Sql::Text(sha.to_string()), Sql::Integer(i64::from(n))];
    row.extend(columns::objective_cells(r).into_iter().map(sql));
    row.push(page.map_or(Sql::Null, |p| Sql::Integer(i64::from(p))));
    row.push(json_of(&r.provenance));
    row
}

/// The `indicators` row of one record.
fn indicator_row(r: &Record) -> Vec<Sql> {
    let mut row = vec![
        Sql::Text(r.document.document_sha256.clone()),
        Sql::Integer(i64::from(r.key.indicator_no)),
        Sql::Integer(i64::from(r.key.objective_no)),
    ];
    row.extend(columns::indicator_cells(&r.indicator).into_iter().map(sql));
    row.push(json_of(&r.provenance()));
    let bbox = row_box(r);
    for edge in [
        |b: &BBox| b.x0,
        |b: &BBox| b.top,
        |b: &BBox| b.x1,
        |b: &BBox| b.bottom,
    ] {
        row.push(bbox.as_ref().map_or(Sql::Null, |b| Sql::Real(edge(b))));
    }
    row
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

/// A stored value read back as the cell of column `c` (the inverse of [`sql`]): 0/1
/// of a boolean column is a boolean, `yyyy-mm-dd` of a date column a date.
pub fn cell_of(v: Sql, c: &crate::output::columns::Column) -> Cell<'static> {
    use crate::output::columns::ColumnType;
    match (v, c.ty) {
        (Sql::Null, _) => Cell::Null,
        (Sql::Integer(n), ColumnType::Boolean) => Cell::Boolean(n != 0),
        (Sql::Integer(n), ColumnType::Real) => Cell::Real(n as f64),
        (Sql::Integer(n), _) => Cell::Integer(n),
        (Sql::Real(x), _) => Cell::Real(x),
        (Sql::Text(s), ColumnType::Date) => chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map_or(Cell::Text(s.into()), Cell::Date),
        (Sql::Text(s), _) => Cell::Text(s.into()),
        (Sql::Blob(b), _) => Cell::Text(String::from_utf8_lossy(&b).into_owned().into()),
    }
}
