//! `piao-extract merge -o OUT SHARD_DIR...`: the outputs of shards run into folders of
//! their own, combined into one folder as a single run would have written it.
//!
//! Each shard's manifests say which inputs it holds and which files are theirs. The
//! per-input files (plan-year JSON, NDJSON, CSV) are copied as they are: their names
//! and every key in them come from the inputs' content and paths, so nothing is
//! re-keyed. Only person ids are made folder-wide, as at the end of a run: the names
//! of every entry give the index ([`crate::people`]), the files whose ids change are
//! rewritten by their sink, and the databases' `people` and `dirigente_id`s are
//! rebuilt from every name they hold. The shards' `piao.sqlite` are merged row by row
//! (documents by sha256, inputs by path); the CSV package and the Parquet files are
//! exported anew from the merged database.
//!
//! OUT may already hold outputs (an earlier merge, a run): they are kept and updated,
//! so merging twice changes nothing. A shard written by another tool version, or with
//! a run not finished (its journal is there), is refused with a message that says
//! which. The same input in two shards with other bytes is refused too.

use super::lock::FolderLock;
use super::manifest::{self, Entry, Manifest, Paths, Previous, Summary, TOOL_VERSION};
use super::{Format, relabel, write_json};
use crate::dataset::{self, sqlite::Store};
use crate::error::{Error, Result};
use crate::output::path::under;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a merge did.
#[derive(Debug)]
pub struct Merged {
    /// Shard folders read.
    pub shards: usize,
    /// Totals of the merged manifest.
    pub summary: Summary,
}

fn invalid(msg: String) -> Error {
    Error::Invalid(msg)
}

/// One shard folder read: its entries, and whether it holds a database, a CSV
/// package, Parquet files.
struct Shard {
    dir: PathBuf,
    entries: Vec<Entry>,
    sqlite: bool,
    csv: bool,
    parquet: bool,
}

/// Read one shard folder, refusing what cannot be merged.
fn read_shard(dir: &Path) -> Result<Shard> {
    if !dir.is_dir() {
        return Err(invalid(format!("{}: no such shard folder", dir.display())));
    }
    let previous = Previous::load(dir);
    if let Some(j) = previous
        .files
        .iter()
        .find(|f| f.to_string_lossy().ends_with(".journal.ndjson"))
    {
        return Err(invalid(format!(
            "{}: a run into this shard folder did not finish ({} is there); run the shard again to finish it, then merge",
            dir.display(),
            j.display()
        )));
    }
    let db = dir.join(dataset::sqlite::FILE_NAME);
    if previous.files.is_empty() && !db.is_file() {
        return Err(invalid(format!(
            "{}: no manifest: not an output folder of piao-extract extract",
            dir.display()
        )));
    }
    let mut entries = Vec::new();
    for (e, _) in previous.entries() {
        if e.tool_version != TOOL_VERSION {
            return Err(invalid(format!(
                "{}: written by piao-extract {} ({}); this is {TOOL_VERSION}: run the shard again with this version",
                dir.display(),
                e.tool_version,
                e.file
            )));
        }
        entries.push(e.clone());
    }
    Ok(Shard {
        dir: dir.to_path_buf(),
        entries,
        sqlite: db.is_file(),
        csv: dir.join(dataset::package::DESCRIPTOR).is_file(),
        parquet: dir.join(dataset::parquet::PARQUET_DIR).is_dir(),
    })
}

/// Lock a shard folder against runs writing it while it is read: exclusive when the
/// lock can be taken; a read-only folder cannot be written by anyone, so it needs
/// none.
fn lock_shard(dir: &Path) -> Result<Option<FolderLock>> {
    match FolderLock::exclusive(dir) {
        Ok(l) => Ok(Some(l)),
        Err(e @ Error::Busy(_)) => Err(e),
        Err(_) => Ok(None),
    }
}

/// Merge the shard folders `shards` into `out`.
pub fn merge(out: &Path, shards: &[PathBuf]) -> Result<Merged> {
    if shards.is_empty() {
        return Err(invalid("merge needs at least one shard folder".into()));
    }
    std::fs::create_dir_all(out).map_err(|e| Error::write(out, e))?;
    let out_real = std::fs::canonicalize(out).map_err(|e| Error::write(out, e))?;
    let _lock = FolderLock::exclusive(out)?;
    let mut locks = Vec::new();
    let mut read = Vec::new();
    for dir in shards {
        if std::fs::canonicalize(dir).is_ok_and(|d| d == out_real) {
            return Err(invalid(format!(
                "{}: a shard folder cannot be the output folder",
                dir.display()
            )));
        }
        locks.push(lock_shard(dir)?);
        read.push(read_shard(dir)?);
    }
    let earlier = Previous::load(out);
    let mut entries = union(&earlier, &read)?;
    for s in &read {
        copy_outputs(s, out)?;
    }
    remove_replaced(&earlier, &entries, out);
    let people = crate::people::index(entries.iter().filter(|e| e.succeeded()).map(|e| &e.names));
    for e in &mut entries {
        relabel(e, &people, out);
    }
    let paths = Paths::new(out, "");
    // merge regroups every ente and keeps no cache; one a run left must go
    super::regroup::forget(&paths.people_cache)?;
    write_json(&paths.people, &people)?;
    merge_dataset(out, &read, &entries)?;
    let summary = Summary::of(&entries, 0);
    let manifest = Manifest {
        tool: "piao-extract".into(),
        tool_version: TOOL_VERSION.into(),
        format: read
            .iter()
            .flat_map(|s| s.entries.first())
            .next()
            .map_or(Format::Json, |e| e.format),
        shard: None,
        files: entries,
        summary: summary.clone(),
    };
    manifest::finish(&paths, &manifest, None)?;
    drop(locks);
    Ok(Merged {
        shards: read.len(),
        summary,
    })
}

/// OUT's earlier entries and every shard's, by input; a shard's entry replaces OUT's,
/// and two shards holding one input with other bytes is an error.
fn union(earlier: &Previous, shards: &[Shard]) -> Result<Vec<Entry>> {
    let mut by_file: BTreeMap<String, Entry> = earlier
        .entries()
        .map(|(e, _)| (e.file.clone(), e.clone()))
        .collect();
    let mut from: BTreeMap<String, &Path> = BTreeMap::new();
    for s in shards {
        for e in &s.entries {
            if let Some(other) = from.get(&e.file)
                && by_file.get(&e.file).is_some_and(|o| o.sha256 != e.sha256)
            {
                return Err(invalid(format!(
                    "{}: in shard folders {} and {} with other bytes; merge one of them",
                    e.file,
                    other.display(),
                    s.dir.display()
                )));
            }
            from.insert(e.file.clone(), &s.dir);
            let mut e = e.clone();
            e.up_to_date = false;
            e.timings = manifest::Timings::default();
            by_file.insert(e.file.clone(), e);
        }
    }
    Ok(by_file.into_values().collect())
}

/// Copy a shard's per-input files into `out` (atomically, each path checked to stay
/// under both folders); a file already there with the same bytes is left alone.
fn copy_outputs(s: &Shard, out: &Path) -> Result<()> {
    for e in s.entries.iter().filter(|e| e.succeeded()) {
        for rel in &e.outputs {
            let from = under(&s.dir, rel)?;
            let to = under(out, rel)?;
            let bytes = std::fs::read(&from).map_err(|err| {
                invalid(format!(
                    "{}: listed in the shard's manifest but cannot be read: {err}",
                    from.display()
                ))
            })?;
            if std::fs::read(&to).is_ok_and(|have| have == bytes) {
                continue;
            }
            crate::output::write::atomic_write(&to, &bytes)?;
        }
    }
    Ok(())
}

/// OUT's earlier outputs of inputs a shard replaced, that no entry lists now.
fn remove_replaced(earlier: &Previous, entries: &[Entry], out: &Path) {
    let listed: std::collections::BTreeSet<&String> =
        entries.iter().flat_map(|e| &e.outputs).collect();
    for (e, _) in earlier.entries() {
        for rel in e.outputs.iter().filter(|o| !listed.contains(o)) {
            if let Ok(p) = under(out, rel) {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

/// The shards' databases merged into `out/piao.sqlite`, people made folder-wide, and
/// the CSV package and Parquet files exported from it, as the shards had them.
fn merge_dataset(out: &Path, shards: &[Shard], entries: &[Entry]) -> Result<()> {
    let db = out.join(dataset::sqlite::FILE_NAME);
    if !shards.iter().any(|s| s.sqlite) && !db.is_file() {
        return Ok(());
    }
    let store = Store::open(&db)?;
    for s in shards.iter().filter(|s| s.sqlite) {
        store.absorb(&s.dir.join(dataset::sqlite::FILE_NAME))?;
    }
    let gone: Vec<String> = entries
        .iter()
        .filter(|e| !e.succeeded())
        .map(|e| e.file.clone())
        .collect();
    store.finish(&gone)?;
    if shards.iter().any(|s| s.csv) || out.join(dataset::package::DESCRIPTOR).is_file() {
        let per_input: Vec<String> = entries
            .iter()
            .filter(|e| e.succeeded())
            .flat_map(|e| e.outputs.iter().cloned())
            .collect();
        dataset::package::write(out, &store, &per_input)?;
    }
    if shards.iter().any(|s| s.parquet) || out.join(dataset::parquet::PARQUET_DIR).is_dir() {
        dataset::parquet::write(out, &store)?;
    }
    Ok(())
}
