//! `--format parquet`: the folder's records, objectives, indicators and table cells
//! as typed Parquet files (`DIR/parquet/<table>.parquet`), exported from
//! `DIR/piao.sqlite` at the end of a run, as the CSV data package is.
//!
//! Every column has the one contract's name, order and type
//! ([`crate::output::columns`]): text as UTF-8, whole numbers as INT64, numbers as
//! DOUBLE, booleans as BOOLEAN, dates as DATE, JSON objects and arrays as UTF-8 text.
//! Rows are written in primary-key order a batch at a time (memory does not grow with
//! the folder), Snappy-compressed; the same rows give the same bytes.

use super::rows::cell_of;
use super::schema::{self, TableDef};
use super::sqlite::Store;
use crate::error::{Error, Result};
use crate::output::columns::{self, Cell, Column};
use crate::output::write::atomic_write_owned;
use ::parquet::arrow::ArrowWriter;
use ::parquet::basic::Compression;
use ::parquet::file::properties::WriterProperties;
use rusqlite::Connection;
use rusqlite::types::Value as Sql;
use std::path::Path;
use std::sync::Arc;

/// The folder of the Parquet files.
pub const PARQUET_DIR: &str = "parquet";

/// Rows per Arrow batch (and Parquet row group page run). Value 8,192: Arrow's and
/// DuckDB's usual vector size; a batch of records is a few MiB at most.
const BATCH_ROWS: usize = 8192;

/// The tables exported, besides the `records` view.
fn tables() -> [&'static TableDef; 3] {
    [&schema::OBJECTIVES, &schema::INDICATORS, &schema::CELLS]
}

/// Write `records`, `objectives`, `indicators` and `cells` as Parquet under `dir`.
pub fn write(dir: &Path, store: &Store) -> Result<()> {
    store.with(|conn| {
        let records = schema::record_columns();
        export(
            conn,
            "SELECT * FROM records",
            &records,
            &file(dir, "records"),
        )?;
        for t in tables() {
            let sql = super::package::select_table(t);
            export(conn, &sql, &t.columns, &file(dir, t.name))?;
        }
        Ok(())
    })
}

/// `DIR/parquet/<name>.parquet`.
pub fn file(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join(PARQUET_DIR).join(format!("{name}.parquet"))
}

fn parquet_err(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("parquet: {e}"))
}

/// One query's rows as a Parquet file of `cols`, written atomically.
fn export(conn: &Connection, sql: &str, cols: &[Column], path: &Path) -> Result<()> {
    let err = |e: rusqlite::Error| Error::write(path, e);
    let schema = Arc::new(columns::arrow_schema(cols));
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("piao-extract {}", crate::output::TOOL_VERSION))
        .build();
    atomic_write_owned(path, |f| {
        let mut writer = ArrowWriter::try_new(f, schema, Some(props)).map_err(parquet_err)?;
        let mut stmt = conn.prepare(sql).map_err(err)?;
        let mut rows = stmt.query([]).map_err(err)?;
        let mut batch: Vec<Vec<Cell<'static>>> = Vec::with_capacity(BATCH_ROWS);
        while let Some(row) = rows.next().map_err(err)? {
            let mut cells = Vec::with_capacity(cols.len());
            for (i, c) in cols.iter().enumerate() {
                cells.push(cell_of(row.get::<_, Sql>(i).map_err(err)?, c));
            }
            batch.push(cells);
            if batch.len() == BATCH_ROWS {
                writer
                    .write(&columns::batch(cols, &batch)?)
                    .map_err(parquet_err)?;
                batch.clear();
            }
        }
        if !batch.is_empty() {
            writer
                .write(&columns::batch(cols, &batch)?)
                .map_err(parquet_err)?;
        }
        writer.into_inner().map_err(parquet_err)
    })
}
