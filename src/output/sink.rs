//! Output formats behind one interface: a [`Sink`] takes one typed [`Extraction`]
//! and writes it, validated and atomically, in its format. `batch` chooses the sinks
//! of a run ([`file_sink`] for the per-input files; the SQLite dataset is
//! `dataset::sqlite::Store`) and knows no format's details.
//!
//! A sink also knows how to give one of its files the run-wide person ids
//! ([`Sink::relabel`]): a file is written as soon as its input is extracted, with ids
//! from that input's own names, and relabelled when the run's names are all known
//! (with that input's names → ids under the run's index, [`crate::people::ids`]).

use super::columns::RECORD;
use super::plan_year;
use super::record::Record;
use super::records::records;
use super::{path, schema, write};
use crate::error::{Error, Result};
use crate::extract::Extraction;
use crate::normalize::PersonIndex;
use crate::people::Ids;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output formats (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// One JSON document per plan and year:
    /// `DIR/<ente>/<kind>-<period>/<stem>-<sha8>/<year>.json`.
    Json,
    /// Flat records as NDJSON (`DIR/records/<stem>-<sha8>.ndjson`, or stdout with `-o -`).
    Records,
    /// Flat records as CSV (`DIR/records/<stem>-<sha8>.csv`, or stdout with `-o -`), and
    /// the whole folder's tables as a Frictionless data package (DIR/datapackage.json,
    /// DIR/csv/*.csv).
    Csv,
    /// The SQLite database DIR/piao.sqlite only (no per-input files); combines with
    /// the others (--format json,sqlite).
    Sqlite,
    /// The whole folder's records, objectives, indicators and table cells as typed
    /// Parquet files (DIR/parquet/*.parquet, from DIR/piao.sqlite); combines with the
    /// others (--format json,parquet).
    Parquet,
}

/// One output format's writer.
pub trait Sink: Send + Sync {
    /// Write one document's outputs (validated; each file atomically; on a failure,
    /// none of them); returns the files written, relative to the output folder,
    /// sorted. `stem`: the input's part of the output names ([`path::input_stem`]);
    /// `people`: the person ids to write for now.
    fn write(&self, d: &Extraction, stem: &str, people: &PersonIndex) -> Result<Vec<String>>;

    /// Give one file this sink wrote (`rel`, relative to the output folder) the ids
    /// `ids` (its document's printed names → ids), rewriting it only when they
    /// change. Only the `dirigente_id` fields change, looked up from the `dirigente`
    /// printed next to them, exactly as writing with an index giving `ids` would have
    /// set them.
    fn relabel(&self, rel: &str, ids: &Ids) -> Result<()>;
}

/// The sink of the per-input files of `format` under `dir` (`None` for
/// [`Format::Sqlite`] and [`Format::Parquet`], which write no file of their own per
/// input).
pub fn file_sink(format: Format, dir: &Path) -> Option<Box<dyn Sink>> {
    let dir = dir.to_path_buf();
    match format {
        Format::Json => Some(Box::new(PlanYearSink { dir })),
        Format::Records => Some(Box::new(NdjsonSink { dir })),
        Format::Csv => Some(Box::new(CsvSink { dir })),
        Format::Sqlite | Format::Parquet => None,
    }
}

/// Hex digits of the input's sha256 in its output names. Value 8: tells apart two
/// different files with the same name (32 bits; a clash needs the same stem too).
const SHA_PREFIX: usize = 8;

/// `<stem>-<sha8>`: the part of the output names that belongs to one input.
pub fn output_stem(d: &Extraction, stem: &str) -> String {
    let sha: String = d.source.sha256.chars().take(SHA_PREFIX).collect();
    format!("{stem}-{sha}")
}

/// The input's part of its output names when no input root is known: its file name
/// ([`path::input_stem`]).
pub fn default_stem(d: &Extraction) -> String {
    let name = d
        .path
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    path::input_stem(&name)
}

fn invalid(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("writing outputs: {e}"))
}

/// A JSON writer's error: the disk's when it is an I/O error, else the content's.
fn json_err(e: serde_json::Error) -> Error {
    if e.io_error_kind().is_some() {
        Error::Io(std::io::Error::from(e))
    } else {
        invalid(e)
    }
}

/// A CSV writer's error: the disk's when it is an I/O error, else the content's.
fn csv_err(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::Io(io),
        other => invalid(format!("{other:?}")),
    }
}

/// Remove files this input wrote before one of its writes failed: a failed input
/// leaves none of its files.
pub fn remove_written(dir: &Path, written: &[String]) {
    for rel in written {
        if let Ok(p) = path::under(dir, rel) {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Plan-year JSON: `<ente>/<kind>-<period>/<stem>-<sha8>/<year>.json`, one per year
/// (two renderings of one plan, as in the fixtures, would otherwise overwrite each
/// other), each streamed one objective at a time.
#[derive(Debug, Clone)]
pub struct PlanYearSink {
    /// The output folder.
    pub dir: PathBuf,
}

impl Sink for PlanYearSink {
    fn write(&self, d: &Extraction, stem: &str, people: &PersonIndex) -> Result<Vec<String>> {
        let sub = format!(
            "{}/{}",
            plan_year::plan_dir(&d.plan, stem),
            output_stem(d, stem)
        );
        let ids = crate::people::ids_of(&d.plan, people);
        let mut outs = Vec::new();
        // one year's document at a time: a large plan never holds all of them
        for doc in plan_year::year_docs(d, &ids) {
            let name = doc
                .year
                .map_or_else(|| "undated.json".to_string(), |y| format!("{y}.json"));
            let rel = format!("{sub}/{name}");
            let written = path::under(&self.dir, &rel)
                .and_then(|p| write::atomic_write_with(&p, |w| doc.write(w)));
            if let Err(e) = written {
                remove_written(&self.dir, &outs);
                return Err(e);
            }
            outs.push(rel);
        }
        outs.sort();
        Ok(outs)
    }

    fn relabel(&self, rel: &str, ids: &Ids) -> Result<()> {
        patch(&path::under(&self.dir, rel)?, ids, |text, ids| {
            // pretty JSON, as written; key order and numbers survive the round trip
            let mut doc: Value = serde_json::from_str(text).map_err(invalid)?;
            if let Some(Value::Array(objectives)) = doc.get_mut("objectives") {
                for o in objectives {
                    patch_object(o, ids);
                }
            }
            serde_json::to_string_pretty(&doc).map_err(invalid)
        })
    }
}

/// Each record of `d` as a JSON object, validated against the record schema, made
/// one objective at a time: a 1,000-page plan's records are never all in memory.
pub fn validated_records<'a>(
    d: &'a Extraction,
    people: &'a PersonIndex,
) -> impl Iterator<Item = Result<Map<String, Value>>> + 'a {
    records(d, people).map(|r: Record| {
        let v = serde_json::to_value(&r).map_err(invalid)?;
        schema::validate_record(&v)?;
        match v {
            Value::Object(m) => Ok(m),
            _ => Err(invalid("a record that is not an object")),
        }
    })
}

/// Flat records as NDJSON: `records/<stem>-<sha8>.ndjson` (written even when
/// empty, so a rerun sees the file done).
#[derive(Debug, Clone)]
pub struct NdjsonSink {
    /// The output folder.
    pub dir: PathBuf,
}

impl Sink for NdjsonSink {
    fn write(&self, d: &Extraction, stem: &str, people: &PersonIndex) -> Result<Vec<String>> {
        let rel = format!("records/{}.ndjson", output_stem(d, stem));
        write::atomic_write_with(&path::under(&self.dir, &rel)?, |w| {
            for r in validated_records(d, people) {
                serde_json::to_writer(&mut *w, &r?).map_err(json_err)?;
                w.write_all(b"\n")?;
            }
            Ok(())
        })?;
        Ok(vec![rel])
    }

    fn relabel(&self, rel: &str, ids: &Ids) -> Result<()> {
        patch(&path::under(&self.dir, rel)?, ids, patch_ndjson)
    }
}

/// Flat records as CSV: `records/<stem>-<sha8>.csv`, the contract's columns in its
/// order (`provenance` and `summary` as JSON text, dates `yyyy-mm-dd`); values as
/// printed. A plan without records gives the header alone.
#[derive(Debug, Clone)]
pub struct CsvSink {
    /// The output folder.
    pub dir: PathBuf,
}

impl Sink for CsvSink {
    fn write(&self, d: &Extraction, stem: &str, people: &PersonIndex) -> Result<Vec<String>> {
        let rel = format!("records/{}.csv", output_stem(d, stem));
        write::atomic_write_with(&path::under(&self.dir, &rel)?, |w| write_csv(d, people, w))?;
        Ok(vec![rel])
    }

    fn relabel(&self, rel: &str, ids: &Ids) -> Result<()> {
        patch(&path::under(&self.dir, rel)?, ids, patch_csv)
    }
}

fn write_csv(d: &Extraction, people: &PersonIndex, w: &mut dyn Write) -> Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(RECORD.iter().map(|c| c.column.name))
        .map_err(csv_err)?;
    for r in records(d, people) {
        let v = serde_json::to_value(&r).map_err(invalid)?;
        schema::validate_record(&v)?;
        out.write_record(r.cells().iter().map(|c| c.csv().into_owned()))
            .map_err(csv_err)?;
    }
    out.flush()?;
    Ok(())
}

/// Rewrite `path` through `f` when that changes it.
fn patch(path: &Path, ids: &Ids, f: impl FnOnce(&str, &Ids) -> Result<String>) -> Result<()> {
    let text = std::fs::read_to_string(path)?;
    let patched = f(&text, ids)?;
    if patched != text {
        write::atomic_write(path, patched.as_bytes())?;
    }
    Ok(())
}

/// Set `dirigente_id` from `dirigente` in one object (a record or an objective).
fn patch_object(v: &mut Value, ids: &Ids) {
    let Value::Object(m) = v else { return };
    let id = match m.get("dirigente") {
        Some(Value::String(s)) if !s.is_empty() => ids.get(s).cloned().flatten(),
        _ => None,
    };
    if m.contains_key("dirigente_id") {
        m.insert("dirigente_id".into(), id.map_or(Value::Null, Value::String));
    }
}

fn patch_ndjson(text: &str, ids: &Ids) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut rec: Value = serde_json::from_str(line).map_err(invalid)?;
        patch_object(&mut rec, ids);
        out.push_str(&serde_json::to_string(&rec).map_err(invalid)?);
        out.push('\n');
    }
    Ok(out)
}

fn patch_csv(text: &str, ids: &Ids) -> Result<String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().map_err(invalid)?.clone();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(name_col), Some(id_col)) = (col("dirigente"), col("dirigente_id")) else {
        return Ok(text.to_string());
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).map_err(invalid)?;
    for row in reader.records() {
        let row = row.map_err(invalid)?;
        let printed = row.get(name_col).unwrap_or("");
        let id = match printed {
            "" => None,
            p => ids.get(p).cloned().flatten(),
        };
        let id = id.unwrap_or_default();
        let fields = row
            .iter()
            .enumerate()
            .map(|(i, f)| if i == id_col { id.as_str() } else { f });
        w.write_record(fields).map_err(invalid)?;
    }
    let bytes = w.into_inner().map_err(invalid)?;
    String::from_utf8(bytes).map_err(invalid)
}

/// Per-input record files of `format` (in order) as one stream on `out`: NDJSON
/// concatenated, CSV with one header (`extract -o -`).
pub fn concatenate(format: Format, files: &[PathBuf], out: &mut dyn Write) -> Result<()> {
    let mut header_done = false;
    for f in files {
        let text = std::fs::read_to_string(f)?;
        let body = match format {
            Format::Csv if header_done => text.split_once('\n').map_or("", |(_, b)| b),
            _ => text.as_str(),
        };
        header_done |= !text.is_empty();
        out.write_all(body.as_bytes())?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn ids(pairs: &[(&str, &str)]) -> Ids {
        pairs
            .iter()
            .map(|(n, id)| (n.to_string(), Some(id.to_string())))
            .collect()
    }

    #[test]
    fn ndjson_patch_round_trips_numbers_and_order() {
        let ids = ids(&[("BONDIONI CHIARA", "p-019036-bondioni-maria-chiara")]);
        let line = r#"{"dirigente":"BONDIONI CHIARA","dirigente_id":"p-019036-bondioni-chiara","bbox":[0.1,72.00000000000001,1e-7]}"#;
        let out = patch_ndjson(&format!("{line}\n"), &ids).unwrap();
        assert_eq!(
            out,
            line.replace("p-019036-bondioni-chiara", "p-019036-bondioni-maria-chiara") + "\n"
        );
    }

    #[test]
    fn csv_patch_changes_only_the_id_column() {
        let ids = ids(&[("Rossi Mario", "p-016065-rossi-mario")]);
        let text = "dirigente,dirigente_id,notes\nRossi Mario,x,\"a, b\"\n,,\n";
        let out = patch_csv(text, &ids).unwrap();
        assert_eq!(
            out,
            "dirigente,dirigente_id,notes\nRossi Mario,p-016065-rossi-mario,\"a, b\"\n,,\n"
        );
    }
}
