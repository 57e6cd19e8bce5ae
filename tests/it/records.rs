//! The typed record against the JSON Schemas: each schema lists exactly the keys the
//! typed record writes, in the same order, so adding a field to the record without
//! the schema (or the other way round) fails here.

use crate::common::fixture;
use piao_extract::config::Config;
use piao_extract::output::record::Record;
use piao_extract::output::{records, schema};
use serde_json::Value;

fn keys(v: &Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn properties(schema: &str, pointer: &str) -> Vec<String> {
    let s: Value = serde_json::from_str(schema).unwrap();
    keys(s.pointer(pointer).unwrap())
}

/// A card record (004): every key, card fields included, is written for every record
/// (null where absent), so one record shows the whole shape.
fn a_record() -> Record {
    let e =
        piao_extract::extract_file(&fixture("004-writer-ruled.pdf"), &Config::default()).unwrap();
    let people = piao_extract::people::index_of(std::slice::from_ref(&e));
    let r = records::records(&e, &people).next().unwrap();
    assert!(r.objective.card_number.is_some(), "a card record");
    r
}

#[test]
fn record_schema_lists_exactly_the_record_keys_in_order() {
    let r = serde_json::to_value(a_record()).unwrap();
    assert_eq!(
        keys(&r),
        properties(schema::RECORD_SCHEMA, "/properties"),
        "schemas/record.schema.json properties vs output::record::Record"
    );
    schema::validate_record(&r).unwrap();
}

#[test]
fn plan_year_schema_lists_exactly_the_objective_and_indicator_keys() {
    let r = a_record();
    let mut objective = keys(&serde_json::to_value(&r.objective).unwrap());
    objective.push("indicators".into());
    assert_eq!(
        objective,
        properties(schema::PLAN_YEAR_SCHEMA, "/$defs/objective/properties"),
        "plan-year $defs/objective vs ObjectiveRecord"
    );
    assert_eq!(
        keys(&serde_json::to_value(&r.indicator).unwrap()),
        properties(schema::PLAN_YEAR_SCHEMA, "/$defs/indicator/properties"),
        "plan-year $defs/indicator vs IndicatorRecord"
    );
}

/// The flat record is its parts: every key of the objective and indicator parts is a
/// key of the flat record (`supporting` as `supporting_objective`), and the rest are
/// the document's.
#[test]
fn the_flat_record_is_its_parts() {
    let r = a_record();
    let flat = keys(&serde_json::to_value(&r).unwrap());
    let mut parts = keys(&serde_json::to_value(&r.objective).unwrap());
    parts.extend(keys(&serde_json::to_value(&r.indicator).unwrap()));
    parts.extend(keys(&serde_json::to_value(&r.document).unwrap()));
    let mut parts: Vec<String> = parts
        .into_iter()
        .map(|k| match k.as_str() {
            "supporting" => "supporting_objective".to_string(),
            _ => k,
        })
        .collect();
    parts.sort();
    parts.dedup(); // `provenance` is in both parts, once in the flat record
    let mut flat_sorted = flat.clone();
    flat_sorted.sort();
    assert_eq!(flat_sorted, parts);
    assert_eq!(flat.len(), parts.len());
}
