//! Stage `output`: documents and records serialised, validated and written atomically.
//!
//! `record` is the typed [`record::Record`] (one per indicator), the library's
//! output; `columns` is the one column contract every format writes it by (names,
//! types, nullability; Arrow schemas); `records` builds them from an extraction; `plan_year` is the nested view
//! (one document per plan and year); `schema` validates both against `schemas/`;
//! `sink` puts each format behind one interface ([`sink::Sink`]: plan-year JSON,
//! NDJSON, CSV here, SQLite in `dataset`); `path` builds every output path from
//! sanitised parts and keeps it under the output folder; `write` writes atomically.
//!
//! Invariant: nothing is written that did not validate.

pub mod columns;
pub mod path;
pub mod plan_year;
pub mod record;
pub mod records;
pub mod schema;
pub mod sink;
pub mod write;

/// The version written into manifests and the dataset; an output of another version
/// is never reused.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

use crate::tables::Table;
use serde_json::{Value, json};
use std::path::Path;

/// JSON of `tables --json`: [`tables_value`] pretty-printed.
pub fn tables_json(file: &Path, tables: &[Table]) -> String {
    serde_json::to_string_pretty(&tables_value(file, tables)).unwrap_or_default()
}

/// The value of `tables --json`: the grid shape of `fixtures/*.tables.json`
/// (`header`, `rows` of strings) plus pages, kind, method, columns with roles, and
/// `cells` with the provenance of every cell.
pub fn tables_value(file: &Path, tables: &[Table]) -> Value {
    let ts: Vec<Value> = tables
        .iter()
        .map(|t| {
            json!({
                "id": t.id,
                "kind": t.kind,
                "page": t.pages.first(),
                "pages": t.pages,
                "method": t.method,
                "context": t.context,
                "header_above": t
                    .header_above
                    .iter()
                    .map(|r| r.iter().map(|c| c.text.clone()).collect::<Vec<_>>())
                    .collect::<Vec<_>>(),
                "header": t.header,
                "columns": t.columns,
                "rows": t.text_rows(),
                "cells": t.rows,
            })
        })
        .collect();
    json!({ "file": file.display().to_string(), "tables": ts })
}
