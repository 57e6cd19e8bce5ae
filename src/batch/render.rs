//! One extracted file's outputs: rendered, validated, written atomically, named so
//! that no two inputs write the same file.

use super::Format;
use crate::error::{Error, Result};
use crate::extract::{Extracted, NO_OBJECTIVES_NOTICE};
use crate::normalize::PersonIndex;
use crate::output::{plan_year, records, schema, write};
use serde_json::{Map, Value};
use std::io::Write;
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
    let ext = if format == Format::Csv {
        "csv"
    } else {
        "ndjson"
    };
    let rel = format!("records/{}.{ext}", output_stem(d));
    write::atomic_write_with(&dir.join(&rel), |w| match format {
        Format::Csv => write_csv(d, people, w),
        _ => write_ndjson(d, people, w),
    })?;
    Ok(rel)
}

/// The flat records of one document, each validated against its schema, one
/// objective's at a time: a 1,000-page plan's records are never all in memory.
pub fn validated_records<'a>(
    d: &'a Extracted,
    people: &'a PersonIndex,
) -> impl Iterator<Item = Result<Map<String, Value>>> + 'a {
    d.plan.objectives.iter().flat_map(move |o| {
        records::objective_records(&d.plan, o, &d.source.file, people)
            .into_iter()
            .map(|r| {
                let v = Value::Object(r);
                schema::validate_record(&v)?;
                match v {
                    Value::Object(r) => Ok(r),
                    _ => Err(Error::Invalid("a record that is not an object".into())),
                }
            })
    })
}

/// Records as NDJSON, one per line.
fn write_ndjson(d: &Extracted, people: &PersonIndex, w: &mut dyn Write) -> Result<()> {
    for r in validated_records(d, people) {
        serde_json::to_writer(&mut *w, &r?).map_err(|e| Error::Invalid(e.to_string()))?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// CSV of the flat records: every key but `provenance` (nested), in the first
/// record's order; values as printed. Nothing at all for a plan without records.
fn write_csv(d: &Extracted, people: &PersonIndex, w: &mut dyn Write) -> Result<()> {
    let err = |e: csv::Error| Error::Invalid(e.to_string());
    let mut out = csv::Writer::from_writer(w);
    let mut keys: Option<Vec<String>> = None;
    for r in validated_records(d, people) {
        let r = r?;
        if keys.is_none() {
            let header: Vec<String> = r.keys().filter(|k| *k != "provenance").cloned().collect();
            out.write_record(&header).map_err(err)?;
            keys = Some(header);
        }
        let Some(keys) = &keys else { continue };
        let row = keys.iter().map(|k| match r.get(k) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(v) => v.to_string(),
        });
        out.write_record(row).map_err(err)?;
    }
    out.flush()?;
    Ok(())
}
