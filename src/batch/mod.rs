//! Stage `batch`: many inputs → outputs, in parallel, never dying on one file.
//!
//! Inputs are files and folders (searched recursively for `*.pdf`); each is extracted
//! on the rayon pool under a contained panic; the person index is built over the whole
//! run; then every output is validated and written atomically.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::extract::{self, Extracted, NO_OBJECTIVES_NOTICE};
use crate::normalize::PersonIndex;
use crate::output::{plan_year, records, schema, write};
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document per plan and year: `DIR/<ente>/<kind>-<period>/<year>.json`.
    Json,
    /// Flat records as NDJSON (`DIR/records.ndjson`, or stdout with `-o -`).
    Records,
    /// Flat records as CSV (`DIR/records.csv`, or stdout with `-o -`).
    Csv,
}

/// Where outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard output (records and csv only).
    Stdout,
    /// A directory.
    Dir(PathBuf),
}

/// What one input ended as.
#[derive(Debug)]
pub struct FileOutcome {
    /// The input.
    pub path: PathBuf,
    /// `Ok` with the extraction, or the typed error.
    pub result: Result<Extracted>,
}

/// Inputs: files as given, folders searched recursively for PDFs (sorted, so a run is
/// deterministic). Paths that do not exist are returned as errors.
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<FileOutcome> {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut files);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            missing.push(FileOutcome {
                path: p.clone(),
                result: Err(Error::Io(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no such file",
                ))),
            });
        }
    }
    files.sort();
    files.dedup();
    missing.extend(files.into_iter().map(|path| FileOutcome {
        path,
        result: Err(Error::Invalid("not yet processed".into())),
    }));
    missing
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")) {
            out.push(p);
        }
    }
}

/// Extract every pending input in parallel.
pub fn extract_all(inputs: Vec<FileOutcome>, config: &Config) -> Vec<FileOutcome> {
    inputs
        .into_par_iter()
        .map(|f| match f.result {
            Err(Error::Invalid(ref m)) if m == "not yet processed" => {
                let result = crate::error::contain_panic(|| extract::extract_file(&f.path, config));
                FileOutcome {
                    path: f.path,
                    result,
                }
            }
            _ => f,
        })
        .collect()
}

/// Validate and write the outputs of the successful inputs.
pub fn write_outputs(
    done: &[&Extracted],
    people: &PersonIndex,
    format: Format,
    target: &Target,
) -> Result<usize> {
    let mut written = 0;
    match format {
        Format::Json => {
            let Target::Dir(dir) = target else {
                return Err(Error::Invalid("--format json needs -o DIR".into()));
            };
            for d in done {
                written += write_plan_years(d, people, dir)?;
            }
        }
        Format::Records | Format::Csv => {
            let mut all = Vec::new();
            for d in done {
                for r in records::records(&d.plan, &d.source.file, people) {
                    schema::validate_record(&Value::Object(r.clone()))?;
                    all.push(r);
                }
            }
            written = all.len();
            let bytes = if format == Format::Records {
                ndjson(&all)
            } else {
                csv_bytes(&all)?
            };
            match target {
                Target::Stdout => std::io::stdout().lock().write_all(&bytes)?,
                Target::Dir(dir) => write::atomic_write(
                    &dir.join(if format == Format::Records {
                        "records.ndjson"
                    } else {
                        "records.csv"
                    }),
                    &bytes,
                )?,
            }
        }
    }
    Ok(written)
}

fn write_plan_years(d: &Extracted, people: &PersonIndex, dir: &Path) -> Result<usize> {
    let notice = (!d.has_objectives()).then_some(NO_OBJECTIVES_NOTICE);
    let stem = d
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let sub = dir.join(plan_year::plan_dir(&d.plan, &stem));
    let docs = plan_year::plan_year_docs(&d.plan, &d.source, people, notice);
    for (year, doc) in &docs {
        schema::validate_plan_year(doc)?;
        let name = year.map_or_else(|| "undated.json".to_string(), |y| format!("{y}.json"));
        let text = serde_json::to_string_pretty(doc).map_err(|e| Error::Invalid(e.to_string()))?;
        write::atomic_write(&sub.join(name), text.as_bytes())?;
    }
    Ok(docs.len())
}

fn ndjson(all: &[Map<String, Value>]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in all {
        if let Ok(line) = serde_json::to_string(r) {
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
        }
    }
    out
}

/// CSV of the flat records: every key but `provenance` (nested); values as printed.
fn csv_bytes(all: &[Map<String, Value>]) -> Result<Vec<u8>> {
    let Some(first) = all.first() else {
        return Ok(Vec::new());
    };
    let keys: Vec<&String> = first.keys().filter(|k| *k != "provenance").collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::Invalid(e.to_string());
    w.write_record(keys.iter().map(|k| k.as_str()))
        .map_err(err)?;
    for r in all {
        let row: Vec<String> = keys
            .iter()
            .map(|k| match r.get(*k) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(v) => v.to_string(),
            })
            .collect();
        w.write_record(&row).map_err(err)?;
    }
    w.into_inner().map_err(|e| Error::Invalid(e.to_string()))
}
