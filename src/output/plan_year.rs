//! The nested view: one document per plan and year.

use super::records::objective_records;
use crate::assemble::{Objective, Plan};
use crate::normalize::{PersonIndex, fold};
use crate::tables::{Table, TableKind};
use serde_json::{Map, Value, json};

/// Facts about the input file, for the `source` block.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as given.
    pub file: String,
    /// sha256 of the bytes, lowercase hex.
    pub sha256: String,
    /// PDF producer.
    pub producer: Option<String>,
    /// Who signed the file, when it came in a signed envelope (`.p7m`; not verified).
    pub signer: Option<crate::envelope::Signer>,
}

/// Keys of a flat record that belong to the objective, not the indicator.
const OBJECTIVE_KEYS: &[&str] = &[
    "year",
    "group",
    "group_achievement",
    "objective",
    "objective_code",
    "objective_code_kind",
    "objective_description",
    "dirigente",
    "dirigente_id",
    "settore",
    "beneficiaries",
    "units",
    "card_number",
    "objective_type",
    "objective_type_code",
    "summary_row",
    "summary",
];
/// Keys of a flat record that describe the document; the plan-year document says
/// them once at the top.
const DOCUMENT_KEYS: &[&str] = &[
    "ente",
    "document_kind",
    "period",
    "source",
    "supporting_objective",
];
/// Record keys whose provenance belongs to the objective (the rest to the indicator).
pub const OBJECTIVE_PROV: &[&str] = &[
    "objective",
    "objective_code",
    "objective_description",
    "dirigente",
    "settore",
    "beneficiaries",
    "units",
    "objective_type",
];

fn split_prov(prov: &Value) -> (Map<String, Value>, Map<String, Value>) {
    let mut obj = Map::new();
    let mut ind = Map::new();
    if let Value::Object(m) = prov {
        for (k, v) in m {
            if OBJECTIVE_PROV.contains(&k.as_str()) {
                obj.insert(k.clone(), v.clone())
            } else {
                ind.insert(k.clone(), v.clone())
            };
        }
    }
    (obj, ind)
}

/// One objective nested (its indicators inside) from its flat records.
fn nest(plan: &Plan, o: &Objective, source: &Source, people: &PersonIndex) -> Option<Value> {
    let flat = objective_records(plan, o, &source.file, people);
    let first = flat.first()?;
    let (obj_prov, _) = split_prov(first.get("provenance").unwrap_or(&Value::Null));
    let mut m: Map<String, Value> = OBJECTIVE_KEYS
        .iter()
        .map(|key| {
            (
                key.to_string(),
                first.get(*key).cloned().unwrap_or(Value::Null),
            )
        })
        .collect();
    m.insert("supporting".into(), json!(o.supporting));
    m.insert("provenance".into(), Value::Object(obj_prov));
    let indicators: Vec<Value> = flat
        .into_iter()
        .map(|rec| {
            let (_, ind_prov) = split_prov(rec.get("provenance").unwrap_or(&Value::Null));
            let mut ind: Map<String, Value> = rec
                .into_iter()
                .filter(|(key, _)| {
                    !OBJECTIVE_KEYS.contains(&key.as_str())
                        && !DOCUMENT_KEYS.contains(&key.as_str())
                })
                .collect();
            ind.insert("provenance".into(), Value::Object(ind_prov));
            Value::Object(ind)
        })
        .collect();
    m.insert("indicators".into(), Value::Array(indicators));
    Some(Value::Object(m))
}

/// The years the plan has documents for, in order (at least one: a document without
/// objectives still gives its tables and the notice).
pub fn years(plan: &Plan) -> Vec<Option<i64>> {
    let mut ys: Vec<Option<i64>> = plan
        .objectives
        .iter()
        .filter(|o| !o.indicators.is_empty())
        .map(|o| o.year.map(i64::from))
        .collect();
    ys.sort();
    ys.dedup();
    if ys.is_empty() {
        ys.push(plan.meta.years.first().map(|y| i64::from(*y)));
    }
    ys
}

fn table_json(t: &Table) -> Value {
    json!({
        "id": t.id, "kind": t.kind, "pages": t.pages, "method": t.method, "context": t.context,
        "header": t.header, "columns": t.columns, "rows": t.text_rows(),
    })
}

/// Tables that belong to a year: objective tables whose objectives are of that year;
/// every other table goes with the plan's first year (a document-level table).
fn tables_for(plan: &Plan, year: Option<i64>, first: Option<i64>) -> Vec<Value> {
    plan.tables
        .iter()
        .filter(|t| {
            let years: Vec<Option<i64>> = plan
                .objectives
                .iter()
                .filter(|o| o.indicators.iter().any(|i| i.table == t.id))
                .map(|o| o.year.map(i64::from))
                .collect();
            if t.kind == TableKind::Objectives && !years.is_empty() {
                years.contains(&year)
            } else {
                year == first
            }
        })
        .map(table_json)
        .collect()
}

/// The document's key facts, written once, with the plan's first year.
fn facts_for(plan: &Plan, year: Option<i64>, first: Option<i64>) -> Vec<Value> {
    if year != first {
        return Vec::new();
    }
    plan.facts
        .iter()
        .map(|f| {
            json!({
                "label": f.label, "value": f.value, "unit": f.unit, "section": f.section,
                "provenance": {"page": f.prov.page, "bbox": f.prov.bbox},
            })
        })
        .collect()
}

/// One document per year the plan has objectives for (see [`years`]), all at once;
/// [`plan_year_doc`] builds one at a time for large plans.
pub fn plan_year_docs(
    plan: &Plan,
    source: &Source,
    people: &PersonIndex,
    notice: Option<&str>,
) -> Vec<(Option<i64>, Value)> {
    let ys = years(plan);
    let first = ys.first().copied().flatten();
    ys.into_iter()
        .map(|y| (y, plan_year_doc(plan, source, people, notice, y, first)))
        .collect()
}

/// The document of one year; `first` is the plan's first year, whose document also
/// carries the document-level tables and facts.
pub fn plan_year_doc(
    plan: &Plan,
    source: &Source,
    people: &PersonIndex,
    notice: Option<&str>,
    year: Option<i64>,
    first: Option<i64>,
) -> Value {
    let objectives: Vec<Value> = plan
        .objectives
        .iter()
        .filter(|o| o.year.map(i64::from) == year)
        .filter_map(|o| nest(plan, o, source, people))
        .collect();
    let warnings: Vec<Value> = plan
        .warnings
        .iter()
        .map(|w| json!({"code": w.code, "message": w.message, "page": w.prov.map(|p| p.page)}))
        .collect();
    let mut doc = json!({
        "schema_version": 1,
        "ente": plan.meta.ente, "document_kind": plan.meta.kind, "period": plan.meta.period,
        "year": year, "update": plan.meta.update, "title": plan.title, "notice": notice,
        "source": {"file": source.file, "sha256": source.sha256, "pages": plan.pages, "producer": source.producer},
        "objectives": objectives, "tables": tables_for(plan, year, first.or(year)),
        "facts": facts_for(plan, year, first.or(year)), "warnings": warnings,
    });
    // signed envelopes only: unsigned documents keep exactly their earlier shape
    if let (Some(signer), Some(src)) = (&source.signer, doc.get_mut("source")) {
        src["signer"] = json!(signer);
    }
    doc
}

/// `<ente>/<kind>-<period>` as a path-safe slug, falling back to the file stem.
pub fn plan_dir(plan: &Plan, stem: &str) -> String {
    let slug = |s: &str| {
        fold(s)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    };
    let ente = plan.meta.ente.as_deref().map_or_else(|| slug(stem), slug);
    let kind = serde_json::to_value(plan.meta.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "unknown".into());
    let period = plan
        .meta
        .period
        .as_deref()
        .map_or_else(|| "undated".to_string(), slug);
    format!("{ente}/{kind}-{period}")
}
