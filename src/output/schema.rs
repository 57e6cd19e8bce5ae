//! JSON Schema validation of every document before it is written. The schemas live in
//! `schemas/`; their validators are generated from them when the crate is compiled.

use crate::error::{Error, Result};
use serde_json::Value;

/// The flat record schema (`schemas/record.schema.json`).
pub const RECORD_SCHEMA: &str = include_str!("../../schemas/record.schema.json");
/// The per-plan-year document schema (`schemas/plan-year.schema.json`).
pub const PLAN_YEAR_SCHEMA: &str = include_str!("../../schemas/plan-year.schema.json");

// The validators are generated from `schemas/` when the crate is compiled (`jsonschema`'s
// `validator` macro; an edited schema file recompiles them), so a process builds nothing
// to validate: compiling the plan-year schema at run time, `jsonschema` first built its
// own 2020-12 meta-schema validator to check ours, ~1.2 ms of a 3-page plan's ~16 ms
// (docs/speed-rounds.md, round 5). Our schemas are checked against the meta-schema by a test
// instead, and the generated validators are compared with run-time ones there.

/// `schemas/record.schema.json`.
#[jsonschema::validator(path = "schemas/record.schema.json")]
struct Record;

/// `schemas/plan-year.schema.json`.
#[jsonschema::validator(path = "schemas/plan-year.schema.json")]
struct PlanYear;

/// One part of the plan-year schema (`#/$defs/objective`) as a schema of its own, so a
/// document streamed item by item is checked item by item.
#[jsonschema::validator(
    schema = r#"{"$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "https://piao-extract.invalid/schemas/plan-year.schema.json#/$defs/objective"}"#,
    resources = {
        "https://piao-extract.invalid/schemas/plan-year.schema.json" => {
            path = "schemas/plan-year.schema.json"
        }
    }
)]
struct Objective;

/// `#/$defs/table` of the plan-year schema, as [`Objective`].
#[jsonschema::validator(
    schema = r#"{"$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "https://piao-extract.invalid/schemas/plan-year.schema.json#/$defs/table"}"#,
    resources = {
        "https://piao-extract.invalid/schemas/plan-year.schema.json" => {
            path = "schemas/plan-year.schema.json"
        }
    }
)]
struct Table;

/// The first error of `errors` (a generated validator's `iter_errors`), if any.
fn check<'i>(mut errors: jsonschema::ErrorIterator<'i>, what: &str) -> Result<()> {
    match errors.next() {
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
    check(Record::iter_errors(doc), "record")
}

/// Validate one plan-year document.
pub fn validate_plan_year(doc: &Value) -> Result<()> {
    check(PlanYear::iter_errors(doc), "plan-year document")
}

/// Validate one objective of a plan-year document (`#/$defs/objective`).
pub fn validate_objective(doc: &Value) -> Result<()> {
    check(Objective::iter_errors(doc), "plan-year objective")
}

/// Validate one table of a plan-year document (`#/$defs/table`).
pub fn validate_table(doc: &Value) -> Result<()> {
    check(Table::iter_errors(doc), "plan-year table")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    /// The schemas are valid JSON Schema 2020-12: the check `jsonschema` made each time a
    /// process compiled them, made once here (the tests of `tests/it/golden.rs` compare
    /// the generated validators with run-time ones on real and broken documents).
    #[test]
    fn the_schemas_are_valid_against_the_meta_schema() {
        for s in [RECORD_SCHEMA, PLAN_YEAR_SCHEMA] {
            let v: Value = serde_json::from_str(s).unwrap();
            let r = jsonschema::meta::validate(&v).map_err(|e| e.to_string());
            assert_eq!(r, Ok(()));
        }
    }

    /// A document that breaks the schema is refused, with where and why.
    #[test]
    fn a_broken_record_is_refused() {
        let e = validate_record(&serde_json::json!({"year": "x"})).unwrap_err();
        assert!(matches!(e, Error::SchemaInvalid(_)), "{e}");
        assert!(e.to_string().contains(": record at"), "{e}");
    }
}
