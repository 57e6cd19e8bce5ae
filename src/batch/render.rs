//! One extracted file's outputs: rendered, validated, written atomically, named so
//! that no two inputs write the same file.

use super::Format;
use crate::error::{Error, Result};
use crate::extract::{Extracted, NO_OBJECTIVES_NOTICE};
use crate::normalize::PersonIndex;
use crate::output::{plan_year, records, schema, write};
use serde_json::{Map, Value};
use std::path::Path;

/// Hex digits of the input's sha256 in its output names. Value 8: tells apart two
/// different files with the same name (32 bits; a clash needs the same stem too).
const SHA_PREFIX: usize = 8;

/// `<stem>-<sha8>`: the part of the output names that belongs to one input.
pub fn output_stem(d: &Extracted) -> String {
    let stem = d
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let sha: String = d.source.sha256.chars().take(SHA_PREFIX).collect();
    format!("{stem}-{sha}")
}

/// Write `d`'s outputs under `dir`; returns their paths relative to `dir`, sorted.
///
/// - json: `<ente>/<kind>-<period>/<stem>-<sha8>/<year>.json`, one per year (two
///   renderings of one plan, as in the fixtures, would otherwise overwrite each other);
/// - records: `records/<stem>-<sha8>.ndjson`; csv: `records/<stem>-<sha8>.csv`
///   (written even when empty, so a rerun sees the file done).
pub fn write_file(
    d: &Extracted,
    people: &PersonIndex,
    format: Format,
    dir: &Path,
) -> Result<Vec<String>> {
    let mut outs = match format {
        Format::Json => write_plan_years(d, people, dir)?,
        Format::Records | Format::Csv => vec![write_records(d, people, format, dir)?],
        // Rows go to the database (`crate::dataset`), not to files of their own.
        Format::Sqlite => Vec::new(),
    };
    outs.sort();
    Ok(outs)
}

fn write_plan_years(d: &Extracted, people: &PersonIndex, dir: &Path) -> Result<Vec<String>> {
    let notice = (!d.has_objectives()).then_some(NO_OBJECTIVES_NOTICE);
    let stem = d
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let sub = format!("{}/{}", plan_year::plan_dir(&d.plan, &stem), output_stem(d));
    let years = plan_year::years(&d.plan);
    let first = years.first().copied().flatten();
    let mut outs = Vec::new();
    // one year's document at a time: a large plan never holds all of them
    for year in years {
        let name = year.map_or_else(|| "undated.json".to_string(), |y| format!("{y}.json"));
        let rel = format!("{sub}/{name}");
        write::atomic_write_with(&dir.join(&rel), |w| {
            let doc = plan_year::YearDoc {
                plan: &d.plan,
                source: &d.source,
                people,
                notice,
                year,
                first,
            };
            doc.write(w)
        })?;
        outs.push(rel);
    }
    Ok(outs)
}

fn write_records(
    d: &Extracted,
    people: &PersonIndex,
    format: Format,
    dir: &Path,
) -> Result<String> {
    let all = validated_records(d, people)?;
    let (bytes, ext) = match format {
        Format::Csv => (csv_bytes(&all)?, "csv"),
        _ => (ndjson(&all), "ndjson"),
    };
    let rel = format!("records/{}.{ext}", output_stem(d));
    write::atomic_write(&dir.join(&rel), &bytes)?;
    Ok(rel)
}

/// The flat records of one document, each validated against its schema.
pub fn validated_records(d: &Extracted, people: &PersonIndex) -> Result<Vec<Map<String, Value>>> {
    let all = records::records(&d.plan, &d.source.file, people);
    for r in &all {
        schema::validate_record(&Value::Object(r.clone()))?;
    }
    Ok(all)
}

/// Records as NDJSON, one per line.
pub fn ndjson(all: &[Map<String, Value>]) -> Vec<u8> {
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
pub fn csv_bytes(all: &[Map<String, Value>]) -> Result<Vec<u8>> {
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
