//! JSON Schema validation of every document before it is written. The schemas live in
//! `schemas/` and are compiled once per run.

use crate::error::{Error, Result};
use jsonschema::Validator;
use serde_json::Value;
use std::sync::LazyLock;

/// The flat record schema (`schemas/record.schema.json`).
pub const RECORD_SCHEMA: &str = include_str!("../../schemas/record.schema.json");
/// The per-plan-year document schema (`schemas/plan-year.schema.json`).
pub const PLAN_YEAR_SCHEMA: &str = include_str!("../../schemas/plan-year.schema.json");

fn compile(src: &str) -> std::result::Result<Validator, String> {
    let schema: Value = serde_json::from_str(src).map_err(|e| e.to_string())?;
    jsonschema::draft202012::new(&schema).map_err(|e| e.to_string())
}

static RECORD: LazyLock<std::result::Result<Validator, String>> =
    LazyLock::new(|| compile(RECORD_SCHEMA));
static PLAN_YEAR: LazyLock<std::result::Result<Validator, String>> =
    LazyLock::new(|| compile(PLAN_YEAR_SCHEMA));

/// One part of the plan-year schema (`#/$defs/<name>`) as a schema of its own, so a
/// document streamed item by item is checked item by item.
fn compile_part(name: &str) -> std::result::Result<Validator, String> {
    let full: Value = serde_json::from_str(PLAN_YEAR_SCHEMA).map_err(|e| e.to_string())?;
    let part = serde_json::json!({
        "$schema": full.get("$schema"),
        "$defs": full.get("$defs"),
        "$ref": format!("#/$defs/{name}"),
    });
    jsonschema::draft202012::new(&part).map_err(|e| e.to_string())
}

static OBJECTIVE: LazyLock<std::result::Result<Validator, String>> =
    LazyLock::new(|| compile_part("objective"));
static TABLE: LazyLock<std::result::Result<Validator, String>> =
    LazyLock::new(|| compile_part("table"));

fn check(
    v: &LazyLock<std::result::Result<Validator, String>>,
    doc: &Value,
    what: &str,
) -> Result<()> {
    let validator = v
        .as_ref()
        .map_err(|e| Error::SchemaInvalid(format!("{what} schema does not compile: {e}")))?;
    match validator.iter_errors(doc).next() {
        None => Ok(()),
        Some(e) => Err(Error::SchemaInvalid(format!(
            "{what} at {}: {}",
            e.instance_path(),
            crate::error::first_line(&e.to_string())
        ))),
    }
}

/// Validate one flat record.
pub fn validate_record(doc: &Value) -> Result<()> {
    check(&RECORD, doc, "record")
}

/// Validate one plan-year document.
pub fn validate_plan_year(doc: &Value) -> Result<()> {
    check(&PLAN_YEAR, doc, "plan-year document")
}

/// Validate one objective of a plan-year document (`#/$defs/objective`).
pub fn validate_objective(doc: &Value) -> Result<()> {
    check(&OBJECTIVE, doc, "plan-year objective")
}

/// Validate one table of a plan-year document (`#/$defs/table`).
pub fn validate_table(doc: &Value) -> Result<()> {
    check(&TABLE, doc, "plan-year table")
}
