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

/// The flat record is its parts: every key of the objective, indicator, document and
/// position parts is a key of the flat record, under the same name, and nothing else
/// is.
#[test]
fn the_flat_record_is_its_parts() {
    let r = a_record();
    let flat = keys(&serde_json::to_value(&r).unwrap());
    let mut parts = keys(&serde_json::to_value(&r.objective).unwrap());
    parts.extend(keys(&serde_json::to_value(&r.indicator).unwrap()));
    parts.extend(keys(&serde_json::to_value(&r.document).unwrap()));
    parts.extend(keys(&serde_json::to_value(r.key).unwrap()));
    parts.sort();
    parts.dedup(); // `provenance` is in both parts, once in the flat record
    let mut flat_sorted = flat.clone();
    flat_sorted.sort();
    assert_eq!(flat_sorted, parts);
    assert_eq!(flat.len(), parts.len());
}

/// The record schema's types are the contract's: each property admits exactly the
/// JSON types the column's type writes (null too when the column may be null).
#[test]
fn record_schema_types_are_the_contract_types() {
    use piao_extract::output::columns::{ColumnType, RECORD};
    let s: Value = serde_json::from_str(schema::RECORD_SCHEMA).unwrap();
    let defs = &s["$defs"];
    let types_of = |p: &Value| -> Vec<String> {
        let p = match p.get("$ref").and_then(Value::as_str) {
            Some(r) => &defs[r.trim_start_matches("#/$defs/")],
            None => p,
        };
        let mut t: Vec<String> = match &p["type"] {
            Value::String(t) => vec![t.clone()],
            Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap().to_string()).collect(),
            _ => {
                let mut found = Vec::new();
                for v in p["enum"].as_array().into_iter().flatten() {
                    found.push(if v.is_null() { "null" } else { "string" }.to_string());
                }
                for alt in p["oneOf"].as_array().into_iter().flatten() {
                    let alt = match alt.get("$ref").and_then(Value::as_str) {
                        Some(r) => &defs[r.trim_start_matches("#/$defs/")],
                        None => alt,
                    };
                    found.push(alt["type"].as_str().unwrap().to_string());
                }
                found
            }
        };
        t.sort();
        t.dedup();
        t
    };
    for c in RECORD {
        let mut want = vec![
            match c.column.ty {
                ColumnType::Text | ColumnType::Date => "string",
                ColumnType::Integer => "integer",
                ColumnType::Real => "number",
                ColumnType::Boolean => "boolean",
                ColumnType::Object => "object",
                ColumnType::Array => "array",
            }
            .to_string(),
        ];
        if c.column.nullable {
            want.push("null".into());
        }
        want.sort();
        let got = types_of(&s["properties"][c.column.name]);
        assert_eq!(got, want, "{}", c.column.name);
        let required = s["required"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == c.column.name);
        if required {
            assert!(
                !c.column.nullable || got.contains(&"null".to_string()),
                "{}",
                c.column.name
            );
        }
    }
}

/// Every record of the cards fixture fits the contract: each cell has its column's type,
/// and no required column is null; the Arrow batch of them has the contract's schema.
#[test]
fn records_fit_the_contract_and_make_an_arrow_batch() {
    use piao_extract::output::columns::{self, Cell, RECORD};
    let e =
        piao_extract::extract_file(&fixture("004-writer-ruled.pdf"), &Config::default()).unwrap();
    let people = piao_extract::people::index_of(std::slice::from_ref(&e));
    let all: Vec<Record> = records::records(&e, &people).collect();
    for r in &all {
        for (c, cell) in RECORD.iter().zip(r.cells()) {
            assert!(cell.fits(c.column.ty), "{}: {cell:?}", c.column.name);
            assert!(
                c.column.nullable || cell != Cell::Null,
                "{} is null",
                c.column.name
            );
        }
    }
    let batch = columns::record_batch(&all).unwrap();
    assert_eq!(batch.num_rows(), all.len());
    assert_eq!(*batch.schema(), columns::record_schema());
    // 004's cards: 34 of the 44 deadlines name a date (counted by hand from the truth
    // file; see normalize::target's test of the same strings)
    let dated = all
        .iter()
        .filter(|r| r.indicator.deadline_date.is_some())
        .count();
    assert_eq!(dated, 34, "of {}", all.len());
}

/// A record carries a formula's kind only ([`normalize::formula_kind`], which skips the
/// parts `parse_formula` fills in besides); on every formula the fixtures' truth
/// prints (each distinct one of every `*.records.json`, and each of those with a
/// comparison sign before it, which takes the comparison path) it is the kind
/// `parse_formula` gives.
#[test]
fn formula_kind_is_parse_formula_s_kind_on_every_truth_formula() {
    use piao_extract::normalize::{self, FormulaKind};
    use std::collections::BTreeSet;
    let mut formulas = BTreeSet::new();
    let truths = crate::common::files_under(&crate::common::root().join("fixtures"), |p| {
        p.ends_with(".records.json")
    });
    for bytes in truths.values() {
        let doc: Value = serde_json::from_slice(bytes).unwrap();
        for r in doc["records"].as_array().into_iter().flatten() {
            if let Some(f) = r["formula"].as_str() {
                formulas.insert(f.to_string());
            }
        }
    }
    let signed: Vec<String> = formulas.iter().map(|f| format!(">= {f}")).collect();
    formulas.extend(signed);
    let mut kinds = BTreeSet::new();
    for f in &formulas {
        let kind: FormulaKind = normalize::parse_formula(f).kind;
        assert_eq!(normalize::formula_kind(f), kind, "{f:?}");
        kinds.insert(format!("{kind:?}"));
    }
    assert!(formulas.len() > 500, "{} formulas", formulas.len());
    // the formulas reach most kinds, so the equality is tested on each path
    assert!(kinds.len() >= 8, "{kinds:?}");
}
