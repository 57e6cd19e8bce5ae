//! `--format csv`: the dataset's tables as CSV (`DIR/csv/<table>.csv`) and a
//! Frictionless data package (`DIR/datapackage.json`) that describes them and every
//! per-input `records/<stem>-<sha8>.csv`.
//!
//! The tables are exported from `DIR/piao.sqlite` at the end of the run, so they hold
//! every document of the folder once, whatever runs and resumptions wrote it. Raw
//! strings stay as printed (`string`, Italian decimal comma kept); the normalised
//! numbers are separate `number` fields (`target_value`, `weight_value`...).

use super::schema::{self, Column, Kind, TableDef};
use super::sqlite::Store;
use crate::error::{Error, Result};
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
    store.with(|conn| {
        for t in schema::ALL {
            let rel = format!("{CSV_DIR}/{}.csv", t.name);
            export(conn, &select_table(t), t.columns, &dir.join(&rel))?;
            resources.push(table_resource(t, &rel));
        }
        let rel = format!("{CSV_DIR}/records.csv");
        let cols = record_columns(true);
        export(conn, "SELECT * FROM records", &cols, &dir.join(&rel))?;
        resources.push(records_resource("records", &rel, &cols));
        Ok(())
    })?;
    let flat = record_columns(false);
    for rel in per_input.iter().filter(|r| nonempty(&dir.join(r))) {
        resources.push(records_resource(&resource_name(rel), rel, &flat));
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

fn nonempty(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.len() > 0)
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

fn select_table(t: &TableDef) -> String {
    format!(
        "SELECT {} FROM {} ORDER BY {}",
        t.names().join(", "),
        t.name,
        t.primary_key.join(", ")
    )
}

/// The columns of a flat record (with or without `provenance`, which the
/// per-input CSVs leave out).
fn record_columns(with_provenance: bool) -> Vec<Column> {
    schema::RECORD_COLUMNS
        .iter()
        .filter(|(k, _, _)| with_provenance || *k != "provenance")
        .map(|(name, _, kind)| Column {
            name,
            kind: *kind,
            required: false,
            doc: "",
        })
        .collect()
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
            fields.push(field(row.get::<_, Sql>(i).map_err(err)?, c.kind));
        }
        w.write_record(&fields).map_err(csv_err)?;
    }
    let bytes = w.into_inner().map_err(|e| Error::Invalid(e.to_string()))?;
    atomic_write(path, &bytes)
}

/// A value as CSV text: empty for null, `true`/`false` for booleans.
fn field(v: Sql, kind: Kind) -> String {
    match v {
        Sql::Null => String::new(),
        Sql::Integer(n) if kind == Kind::Boolean => (n != 0).to_string(),
        Sql::Integer(n) => n.to_string(),
        Sql::Real(x) => x.to_string(),
        Sql::Text(s) => s,
        Sql::Blob(b) => String::from_utf8_lossy(&b).into_owned(),
    }
}

/// Raw fields printed in the Italian number format.
const ITALIAN_NUMBERS: &[&str] = &["target", "actual", "deviation", "weight", "achievement"];

fn field_descriptor(c: &Column) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(c.name));
    m.insert("type".into(), json!(c.kind.frictionless()));
    let mut doc = c.doc.to_string();
    if ITALIAN_NUMBERS.contains(&c.name) {
        doc.push_str(
            " (as printed: decimal comma, thousands dot; the number is in the *_value field)",
        );
    }
    if !doc.is_empty() {
        m.insert("description".into(), json!(doc.trim()));
    }
    if c.required {
        m.insert("constraints".into(), json!({"required": true}));
    }
    Value::Object(m)
}

fn resource(name: &str, path: &str, doc: &str, schema: Value) -> Value {
    json!({
        "name": name, "path": path, "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
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
