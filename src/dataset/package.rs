//! `--format csv`: the dataset's tables as CSV (`DIR/csv/<table>.csv`) and a
//! Frictionless data package (`DIR/datapackage.json`) that describes them and every
//! per-input `records/<stem>-<sha8>.csv`.
//!
//! The tables are exported from `DIR/piao.sqlite` at the end of the run, so they hold
//! every document of the folder once, whatever runs and resumptions wrote it. Every
//! column's name, order and type is the one contract's
//! ([`crate::output::columns`]). Raw strings stay as printed (`string`, Italian
//! decimal comma kept: a reader must take the descriptor's types, not guess them, or
//! `1.194.987` is read as a number); the normalised numbers are separate `number`
//! fields (`target_value`, `weight_value`...); dates are `date` (`yyyy-mm-dd`).

use super::rows::cell_of;
use super::schema::{self, TableDef, ident};
use super::sqlite::Store;
use crate::error::{Error, Result};
use crate::output::columns::Column;
use crate::output::write::atomic_write;
use rusqlite::Connection;
use rusqlite::types::Value as Sql;
use serde_json::{Map, Value, json};
use std::path::Path;

/// The descriptor's file name in the output folder.
pub const DESCRIPTOR: &str = "datapackage.json";

/// The folder of the exported tables.
pub const CSV_DIR: &str = "csv";

/// Export every table and the `records` view, and write the descriptor;
/// `per_input`: the per-input records CSVs (relative paths) to describe as well.
pub fn write(dir: &Path, store: &Store, per_input: &[String]) -> Result<()> {
    let mut resources = Vec::new();
    let cols = schema::record_columns();
    store.with(|conn| {
        for t in schema::all() {
            let rel = format!("{CSV_DIR}/{}.csv", t.name);
            export(conn, &select_table(t), &t.columns, &dir.join(&rel))?;
            resources.push(table_resource(t, &rel));
        }
        let rel = format!("{CSV_DIR}/records.csv");
        export(conn, "SELECT * FROM records", &cols, &dir.join(&rel))?;
        resources.push(records_resource("records", &rel, &cols));
        Ok(())
    })?;
    for rel in per_input.iter().filter(|r| r.ends_with(".csv")) {
        resources.push(records_resource(&resource_name(rel), rel, &cols));
    }
    let descriptor = json!({
        "profile": "tabular-data-package",
        "name": "piao-extract-dataset",
        "title": "Objectives and indicators of Italian municipal performance plans",
        "description": "Written by piao-extract: see docs/dataset.md. Raw strings are kept as printed (Italian numbers: decimal comma, thousands dot); the *_value fields are the normalised numbers.",
        "resources": resources,
    });
    let text =
        serde_json::to_string_pretty(&descriptor).map_err(|e| Error::Invalid(e.to_string()))?;
    atomic_write(&dir.join(DESCRIPTOR), format!("{text}\n").as_bytes())
}

/// A resource name from a path: lowercase, `[a-z0-9._-]` only.
fn resource_name(rel: &str) -> String {
    rel.trim_end_matches(".csv")
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '.' | '_' | '-') => c,
            _ => '-',
        })
        .collect()
}

/// A table's rows in primary-key order.
pub fn select_table(t: &TableDef) -> String {
    let list = |names: &[&str]| {
        names
            .iter()
            .map(|n| ident(n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "SELECT {} FROM {} ORDER BY {}",
        list(&t.names()),
        t.name,
        list(t.primary_key)
    )
}

/// One query's rows as CSV, written atomically.
fn export(conn: &Connection, sql: &str, cols: &[Column], path: &Path) -> Result<()> {
    let err = |e: rusqlite::Error| Error::Invalid(format!("exporting {}: {e}", path.display()));
    let csv_err = |e: csv::Error| Error::Invalid(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(cols.iter().map(|c| c.name))
        .map_err(csv_err)?;
    let mut stmt = conn.prepare(sql).map_err(err)?;
    let mut rows = stmt.query([]).map_err(err)?;
    while let Some(row) = rows.next().map_err(err)? {
        let mut fields = Vec::with_capacity(cols.len());
        for (i, c) in cols.iter().enumerate() {
            fields.push(
                cell_of(row.get::<_, Sql>(i).map_err(err)?, c)
                    .csv()
                    .into_owned(),
            );
        }
        w.write_record(&fields).map_err(csv_err)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Invalid(e.to_string()))?;
    atomic_write(path, &bytes)
}

/// Raw fields printed in the Italian number format.
const ITALIAN_NUMBERS: &[&str] = &["target", "actual", "deviation", "weight", "achievement"];

fn field_descriptor(c: &Column) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(c.name));
    m.insert("type".into(), json!(c.ty.frictionless()));
    let mut doc = c.doc.to_string();
    if ITALIAN_NUMBERS.contains(&c.name) {
        doc.push_str(
            " (as printed: decimal comma, thousands dot; the number is in the *_value field)",
        );
    }
    if !doc.is_empty() {
        m.insert("description".into(), json!(doc.trim()));
    }
    if !c.nullable {
        m.insert("constraints".into(), json!({"required": true}));
    }
    Value::Object(m)
}

/// One CSV resource. The dialect is stated (comma, double quotes doubled, a header
/// row), and every field's type is: readers that guess types (polars, pandas,
/// DuckDB's sniffer) must take them from here.
fn resource(name: &str, path: &str, doc: &str, schema: Value) -> Value {
    json!({
        "name": name, "path": path, "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "header": true},
        "description": doc, "schema": schema,
    })
}

fn table_resource(t: &TableDef, path: &str) -> Value {
    let fks: Vec<Value> = t
        .foreign_keys
        .iter()
        .map(|fk| {
            json!({
                "fields": fk.columns,
                "reference": {"resource": fk.table, "fields": fk.reference},
            })
        })
        .collect();
    let schema = json!({
        "fields": t.columns.iter().map(field_descriptor).collect::<Vec<_>>(),
        "primaryKey": t.primary_key,
        "foreignKeys": fks,
        "missingValues": [""],
    });
    resource(t.name, path, t.doc, schema)
}

fn records_resource(name: &str, path: &str, cols: &[Column]) -> Value {
    let schema = json!({
        "fields": cols.iter().map(field_descriptor).collect::<Vec<_>>(),
        "missingValues": [""],
    });
    resource(
        name,
        path,
        "Flat records, one per indicator: the columns of --format records.",
        schema,
    )
}
