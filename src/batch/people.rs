//! Run-wide person ids without holding every plan in memory.
//!
//! A person id depends on every document of the run (`BONDIONI CHIARA` in one plan
//! joins `Bondioni Maria Chiara` of another as `p-bondioni-maria-chiara`). So each file
//! is written as soon as it is extracted, with ids from its own names only, and the
//! manifest entry keeps its names as printed → the ids written. When every file is
//! done, the names of all entries (up-to-date ones included) make the run's index; an
//! output whose ids differ is rewritten with only its `dirigente_id` fields changed,
//! recomputed from the `dirigente` printed next to them, exactly as rendering with
//! that index would have set them. Rewriting is idempotent, so a run killed half way
//! through it ends the same after a rerun.

use super::Format;
use super::manifest::Entry;
use crate::assemble::Plan;
use crate::error::{Error, Result};
use crate::normalize::{PersonIndex, PersonRegistry, parse_person};
use crate::output::write;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Every dirigente name of a plan as printed (non-empty, each once).
pub fn names(plan: &Plan) -> Vec<String> {
    let mut out: Vec<String> = plan
        .objectives
        .iter()
        .filter_map(|o| o.dirigente.as_ref())
        .filter(|v| !v.text.is_empty())
        .map(|v| v.text.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The person index of a set of printed names (the same as
/// [`crate::extract::people_index`] over the documents that printed them).
pub fn index<'a>(names: impl IntoIterator<Item = &'a String>) -> PersonIndex {
    let mut reg = PersonRegistry::new();
    for n in names {
        reg.add(&parse_person(n));
    }
    reg.finish()
}

/// Printed name → id under `people`.
pub fn ids<'a>(
    names: impl IntoIterator<Item = &'a String>,
    people: &PersonIndex,
) -> BTreeMap<String, Option<String>> {
    names
        .into_iter()
        .map(|n| (n.clone(), id_of(n, people)))
        .collect()
}

fn id_of(printed: &str, people: &PersonIndex) -> Option<String> {
    people.resolve_raw(printed).map(str::to_string)
}

/// Give `entry`'s outputs the ids of `people`, rewriting only when they change.
pub fn update(entry: &mut Entry, people: &PersonIndex, dir: &Path) -> Result<()> {
    let wanted = ids(entry.dirigente_ids.keys(), people);
    if wanted == entry.dirigente_ids {
        return Ok(());
    }
    for out in &entry.outputs {
        patch_file(&dir.join(out), entry.format, people)?;
    }
    entry.dirigente_ids = wanted;
    Ok(())
}

fn patch_file(path: &Path, format: Format, people: &PersonIndex) -> Result<()> {
    let text = std::fs::read_to_string(path)?;
    let patched = match format {
        Format::Json => patch_plan_year(&text, people)?,
        Format::Records => patch_ndjson(&text, people)?,
        Format::Csv => patch_csv(&text, people)?,
        Format::Sqlite => text.clone(),
    };
    if patched != text {
        write::atomic_write(path, patched.as_bytes())?;
    }
    Ok(())
}

fn invalid(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("rewriting person ids: {e}"))
}

/// Set `dirigente_id` from `dirigente` in one object (a record or an objective).
fn patch_object(v: &mut Value, people: &PersonIndex) {
    let Value::Object(m) = v else { return };
    let id = match m.get("dirigente") {
        Some(Value::String(s)) if !s.is_empty() => id_of(s, people),
        _ => None,
    };
    if m.contains_key("dirigente_id") {
        m.insert("dirigente_id".into(), id.map_or(Value::Null, Value::String));
    }
}

/// A plan-year document: its objectives carry the ids (serialised as `write_outputs`
/// does: pretty JSON; key order and numbers survive the round trip).
fn patch_plan_year(text: &str, people: &PersonIndex) -> Result<String> {
    let mut doc: Value = serde_json::from_str(text).map_err(invalid)?;
    if let Some(Value::Array(objectives)) = doc.get_mut("objectives") {
        for o in objectives {
            patch_object(o, people);
        }
    }
    serde_json::to_string_pretty(&doc).map_err(invalid)
}

fn patch_ndjson(text: &str, people: &PersonIndex) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut rec: Value = serde_json::from_str(line).map_err(invalid)?;
        patch_object(&mut rec, people);
        out.push_str(&serde_json::to_string(&rec).map_err(invalid)?);
        out.push('\n');
    }
    Ok(out)
}

fn patch_csv(text: &str, people: &PersonIndex) -> Result<String> {
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
        let id = if printed.is_empty() {
            None
        } else {
            id_of(printed, people)
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ndjson_patch_round_trips_numbers_and_order() {
        let people = index(&[
            "BONDIONI CHIARA".to_string(),
            "Bondioni Maria Chiara".into(),
        ]);
        let line = r#"{"dirigente":"BONDIONI CHIARA","dirigente_id":"p-bondioni-chiara","bbox":[0.1,72.00000000000001,1e-7]}"#;
        let out = patch_ndjson(&format!("{line}\n"), &people).unwrap();
        assert_eq!(
            out,
            line.replace("p-bondioni-chiara", "p-bondioni-maria-chiara") + "\n"
        );
    }

    #[test]
    fn csv_patch_changes_only_the_id_column() {
        let people = index(&["Rossi Mario".to_string()]);
        let text = "dirigente,dirigente_id,notes\nRossi Mario,x,\"a, b\"\n,,\n";
        let out = patch_csv(text, &people).unwrap();
        assert_eq!(
            out,
            "dirigente,dirigente_id,notes\nRossi Mario,p-rossi-mario,\"a, b\"\n,,\n"
        );
    }
}
