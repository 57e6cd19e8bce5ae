//! Stage `output`: documents and records serialised, validated and written atomically.
//!
//! `record` is the typed [`record::Record`] (one per indicator), the library's
//! output; `columns` is the one column contract every format writes it by (names,
//! types, nullability; Arrow schemas); `records` builds them from an extraction; `plan_year` is the nested view
//! (one document per plan and year); `schema` validates both against `schemas/`;
//! `pretty` prints the plan-year documents and `tables --json` (`to_string_pretty`'s
//! layout, fewer writes);
//! `sink` puts each format behind one interface ([`sink::Sink`]: plan-year JSON,
//! NDJSON, CSV here, SQLite in `dataset`); `path` builds every output path from
//! sanitised parts and keeps it under the output folder; `write` writes atomically.
//!
//! Invariant: nothing is written that did not validate.

pub mod columns;
pub mod path;
pub mod plan_year;
pub mod pretty;
pub mod record;
pub mod records;
pub mod schema;
pub mod sink;
pub mod write;

/// The version written into manifests and the dataset; an output of another version
/// is never reused.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

use crate::grid::Method;
use crate::tables::header::Column;
use crate::tables::{Table, TableCell, TableKind};
use serde::Serialize;
use serde_json::{Value, json};
use std::path::Path;

/// JSON of `tables --json`: [`tables_value`] pretty-printed, printed straight from the
/// tables (a private `TablesDoc` view) with no `Value` tree in between: building the tree, printing
/// it and dropping it was ~20% of a one-page `tables --json` run (docs/speed-rounds.md,
/// round 14). The bytes are the value's (`tests/it/golden.rs` holds them equal on
/// every fixture).
pub fn tables_json(file: &Path, tables: &[Table]) -> String {
    let doc = TablesDoc {
        file: file.display().to_string(),
        tables: tables.iter().map(TableView::of).collect(),
    };
    pretty::to_string(&doc).unwrap_or_default()
}

/// The document of `tables --json` as [`tables_value`] lays it out.
#[derive(Serialize)]
struct TablesDoc<'a> {
    file: String,
    tables: Vec<TableView<'a>>,
}

/// One table of [`TablesDoc`]: the keys, in order, and the types of the `json!` object
/// in [`tables_value`] (`serde_json` keeps a map's keys in insertion order here, and
/// every nested struct serialises its fields in declaration order either way).
#[derive(Serialize)]
struct TableView<'a> {
    id: &'a str,
    kind: TableKind,
    page: Option<&'a u32>,
    pages: &'a [u32],
    method: Method,
    context: &'a [String],
    header_above: plan_year::RowTexts<'a>,
    header: &'a [String],
    columns: &'a [Column],
    rows: plan_year::RowTexts<'a>,
    cells: &'a [Vec<TableCell>],
}

impl<'a> TableView<'a> {
    fn of(t: &'a Table) -> Self {
        TableView {
            id: &t.id,
            kind: t.kind,
            page: t.pages.first(),
            pages: &t.pages,
            method: t.method,
            context: &t.context,
            header_above: plan_year::RowTexts(&t.header_above),
            header: &t.header,
            columns: &t.columns,
            rows: plan_year::RowTexts(&t.rows),
            cells: &t.rows,
        }
    }
}

/// The value of `tables --json` (the reference [`tables_json`] is held to; the Python
/// module builds on it): the grid shape of `fixtures/*.tables.json`
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
