//! Stage `output`: documents and records serialised, validated and written atomically.
//!
//! `record` is the typed [`record::Record`] (one per indicator), the library's
//! output; `records` builds them from an extraction; `plan_year` is the nested view
//! (one document per plan and year); `schema` validates both against `schemas/`;
//! `sink` puts each format behind one interface ([`sink::Sink`]: plan-year JSON,
//! NDJSON, CSV here, SQLite in `dataset`); `write` writes atomically.
//!
//! Invariant: nothing is written that did not validate.

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

/// JSON of `tables --json`: the grid shape of `fixtures/*.tables.json` (`header`,
/// `rows` of strings) plus pages, kind, method, columns with roles, and `cells` with
/// the provenance of every cell.
pub fn tables_json(file: &Path, tables: &[Table]) -> String {
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
    let v = json!({ "file": file.display().to_string(), "tables": ts });
    serde_json::to_string_pretty(&v).unwrap_or_default()
}
