//! Stage `batch`: many inputs → outputs, in parallel, resumable, never dying on one
//! file, never holding more than the files in flight.
//!
//! A run: [`inputs::collect`] lists the PDFs (files, folders, globs) and the skipped
//! non-PDFs; `--shard K/N` keeps a stable 1/N of them. On a local rayon pool each file
//! is read and hashed; when an earlier manifest in the output folder has it done
//! (same sha256, tool version and format, outputs present) it is kept as is, otherwise
//! it is extracted (a panic contained per stage), the run's sinks write it
//! ([`crate::output::sink`]: the per-input files of the format, and the SQLite
//! dataset when asked for), its manifest entry is appended to the journal, and its
//! plan is dropped. Then person ids are made run-wide ([`crate::people`]): each
//! entry keeps its names (with their ente scope and settori) and the ids written,
//! the run's index is made from every entry's names, and a file whose ids change is
//! relabelled by its sink; then the manifest ([`manifest`]) and the person index
//! are written atomically.
//!
//! Invariant: an output file is either absent or complete, and the manifest lists only
//! outputs that are in place.
//! Invariant: the same inputs give byte-identical outputs, whether the run was
//! interrupted and resumed or not, and whatever `-j`.
//!
//! With [`Options::isolation`] set (the CLI's default), each file is extracted and
//! written by a worker process under a wall-time and a memory limit ([`isolate`]), so
//! an abort, stack overflow, endless loop or runaway memory costs that file a typed
//! error (`crashed`, `timeout`, `out_of_memory`), not the run.
//!
//! Test hook: `PIAO_TEST_SLOW_MS=N` sleeps N ms after each file extracted, so that a
//! test can kill a run in the middle.

pub mod inputs;
pub mod isolate;
pub mod manifest;
pub mod progress;

use crate::config::Config;
use crate::dataset::{self, sqlite::Store};
use crate::error::{Error, Result, contain_stage};
use crate::extract;
use crate::normalize::PersonIndex;
use crate::output::sink::{self, Sink};
use inputs::{Found, Input, Shard};
use manifest::{Entry, ErrorInfo, Journal, Manifest, Paths, Previous, Status, Summary};
use progress::{Reporter, Verbosity};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Threads a worker process may use for the pages of its file. Value 2: with one
/// thread per worker the last, largest files of a batch ran on one core while the
/// others idled (`-j 2` over the fixtures took 1.4× the in-process time, where the
/// pages of the last file share the whole pool); more threads per worker only
/// oversubscribe the cores when many files run at once.
const MAX_WORKER_THREADS: usize = 2;

/// Environment variable of the test hook: milliseconds to sleep after each file.
pub const SLOW_ENV: &str = "PIAO_TEST_SLOW_MS";

pub use crate::output::sink::Format;

/// The per-input format and whether to build `piao.sqlite`, from the formats asked
/// for (`--format json,sqlite`): at most one of json, records and csv.
pub fn split_formats(list: &[Format]) -> Result<(Format, bool)> {
    let sqlite = list.contains(&Format::Sqlite);
    let mut files: Vec<Format> = Vec::new();
    for f in list.iter().filter(|f| **f != Format::Sqlite) {
        if !files.contains(f) {
            files.push(*f);
        }
    }
    match files[..] {
        [] if sqlite => Ok((Format::Sqlite, true)),
        [] => Ok((Format::Json, false)),
        [f] => Ok((f, sqlite)),
        _ => Err(Error::Invalid(
            "--format takes one of json, records and csv (sqlite besides)".into(),
        )),
    }
}

/// Where outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Standard output (records and csv only).
    Stdout,
    /// A directory.
    Dir(PathBuf),
}

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct Options {
    /// Output format of the per-input files ([`Format::Sqlite`]: none).
    pub format: Format,
    /// Also build `DIR/piao.sqlite` (always built for [`Format::Csv`], whose data
    /// package is exported from it).
    pub sqlite: bool,
    /// Worker threads; `None`: one per core.
    pub jobs: Option<usize>,
    /// Extract every input again, even when its outputs are up to date.
    pub force: bool,
    /// Process only this shard of the inputs.
    pub shard: Option<Shard>,
    /// What to print on stderr.
    pub verbosity: Verbosity,
    /// Extract each file in a worker process under these limits; `None`: in this
    /// process (faster to start, but a crash in a dependency ends the run).
    pub isolation: Option<isolate::Isolation>,
}

/// What a run did.
#[derive(Debug)]
pub struct Outcome {
    /// One entry per input, in input order (sorted by path).
    pub entries: Vec<Entry>,
    /// Totals.
    pub summary: Summary,
}

/// Run a batch over `args` (files, folders, globs).
pub fn run(args: &[PathBuf], target: &Target, opts: &Options, config: &Config) -> Result<Outcome> {
    match target {
        Target::Dir(dir) => run_dir(args, dir, opts, config, true),
        Target::Stdout if opts.format == Format::Json || opts.sqlite => Err(Error::Invalid(
            "--format json and sqlite need -o DIR".into(),
        )),
        Target::Stdout => {
            // Written per file into a scratch folder, as into any folder, so person ids
            // are made run-wide the same way; then concatenated in input order.
            let scratch = tempfile::tempdir()?;
            let opts = Options {
                sqlite: false,
                ..opts.clone()
            };
            let out = run_dir(args, scratch.path(), &opts, config, false)?;
            match stream(&out.entries, scratch.path(), opts.format) {
                // The reader (`| head`) has all it wants: not a failure of the run.
                Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(out),
                Err(e) => Err(e),
                Ok(()) => Ok(out),
            }
        }
    }
}

/// Everything a worker needs to process one input.
struct Ctx<'a> {
    dir: &'a Path,
    opts: &'a Options,
    config: &'a Config,
    previous: &'a Previous,
    journal: &'a Journal,
    reporter: &'a Reporter,
    slow: Option<Duration>,
    /// The dataset database, when the run builds one.
    store: Option<&'a Store>,
    /// Threads each worker process may use for its pages.
    worker_threads: usize,
}

/// `dataset`: build the database (and, for csv, the data package) as asked; off for
/// a scratch folder streamed to stdout.
fn run_dir(
    args: &[PathBuf],
    dir: &Path,
    opts: &Options,
    config: &Config,
    dataset: bool,
) -> Result<Outcome> {
    let start = Instant::now();
    let inputs: Vec<Input> = inputs::collect(args)
        .into_iter()
        .filter(|i| opts.shard.is_none_or(|s| s.contains(i)))
        .collect();
    std::fs::create_dir_all(dir)?;
    let paths = Paths::new(dir, &opts.shard.map(|s| s.suffix()).unwrap_or_default());
    let previous = Previous::load(dir);
    let journal = Journal::open(&paths.journal)?;
    let reporter = Reporter::new(inputs.len(), opts.verbosity);
    let wants_store = dataset && (opts.sqlite || opts.format == Format::Csv);
    let store = match wants_store {
        true => Some(Store::open(&dir.join(dataset::sqlite::FILE_NAME))?),
        false => None,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Invalid(format!("cannot start worker threads: {e}")))?;
    let ctx = Ctx {
        dir,
        opts,
        config,
        previous: &previous,
        journal: &journal,
        reporter: &reporter,
        slow: slow_hook(),
        store: store.as_ref(),
        worker_threads: pool.current_num_threads().min(MAX_WORKER_THREADS),
    };
    let mut entries = pool.install(|| largest_first(&inputs, |i| ctx.process(i)));
    remove_stale(&entries, &previous, dir);
    let people = crate::people::index(entries.iter().filter(|e| e.succeeded()).map(|e| &e.names));
    pool.install(|| {
        entries
            .par_iter_mut()
            .for_each(|e| relabel(e, &people, dir))
    });
    write_json(&paths.people, &people)?;
    if let Some(s) = &store {
        finish_dataset(s, &entries, opts.format, dir)?;
    }
    let summary = Summary::of(&entries, millis(start));
    let manifest = Manifest {
        tool: "piao-extract".into(),
        tool_version: crate::output::TOOL_VERSION.into(),
        format: opts.format,
        shard: opts.shard.map(|s| s.to_string()),
        files: entries,
        summary,
    };
    manifest::finish(&paths, &manifest)?;
    reporter.finish(&manifest.summary);
    Ok(Outcome {
        entries: manifest.files,
        summary: manifest.summary,
    })
}

/// `f` over the inputs, largest file first, each thread taking the next file when it
/// is free (a greedy queue: rayon's even split left the two halves' ends unequal, a
/// core idle while the other finished a large file); results in input order.
fn largest_first<T: Send>(inputs: &[Input], f: impl Fn(&Input) -> T + Sync) -> Vec<T> {
    let size = |i: &Input| std::fs::metadata(&i.path).map_or(0, |m| m.len());
    let mut order: Vec<(u64, usize)> = inputs
        .iter()
        .enumerate()
        .map(|(k, i)| (size(i), k))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut done: Vec<(usize, T)> = order
        .into_iter()
        .par_bridge()
        .map(|(_, k)| (k, f(&inputs[k])))
        .collect();
    done.sort_by_key(|(k, _)| *k);
    done.into_iter().map(|(_, t)| t).collect()
}

/// Settle the database (stale documents, run-wide person ids) and export the csv
/// data package.
fn finish_dataset(store: &Store, entries: &[Entry], format: Format, dir: &Path) -> Result<()> {
    let current: Vec<(String, String)> = entries
        .iter()
        .filter(|e| e.succeeded())
        .filter_map(|e| Some((e.file.clone(), e.sha256.clone()?)))
        .collect();
    store.finish(&current)?;
    if format == Format::Csv {
        let per_input: Vec<String> = entries
            .iter()
            .filter(|e| e.succeeded())
            .flat_map(|e| e.outputs.iter().cloned())
            .collect();
        dataset::package::write(dir, store, &per_input)?;
    }
    Ok(())
}

fn slow_hook() -> Option<Duration> {
    let ms: u64 = std::env::var(SLOW_ENV).ok()?.parse().ok()?;
    Some(Duration::from_millis(ms))
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

impl Ctx<'_> {
    /// One input to its manifest entry; the entry is journalled once outputs are in
    /// place.
    fn process(&self, input: &Input) -> Entry {
        self.reporter.start(&input.path);
        let format = self.opts.format;
        let entry = match &input.found {
            Found::Pdf => self.extract(&input.path),
            Found::Skipped(why) => {
                let mut e = Entry::bare(&input.path, Status::Skipped, format);
                e.error = Some(ErrorInfo {
                    kind: "skipped".into(),
                    message: why.clone(),
                    exit_status: Error::Invalid(String::new()).exit_code(),
                });
                e
            }
            Found::Missing(why) => {
                let err = std::io::Error::new(std::io::ErrorKind::NotFound, why.clone());
                failed(&input.path, None, &Error::Io(err), format)
            }
        };
        if !entry.up_to_date {
            // Best effort: a journal that cannot be written costs only resumability.
            let _ = self.journal.append(&entry);
        }
        self.reporter.done(&entry);
        entry
    }

    fn extract(&self, path: &Path) -> Entry {
        let start = Instant::now();
        let format = self.opts.format;
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return failed(path, None, &Error::Io(e), format),
        };
        let sha = extract::sha256_hex(&bytes);
        let read_ms = millis(start);
        let key = path.display().to_string();
        let reusable = self.previous.reusable(&key, &sha, format, self.dir);
        let in_store = |_: &&Entry| self.store.is_none_or(|s| s.has(&sha));
        if let Some(prev) = reusable.filter(|_| !self.opts.force).filter(in_store) {
            return up_to_date(prev, read_ms, millis(start));
        }
        let mut entry = match &self.opts.isolation {
            Some(iso) => {
                drop(bytes);
                isolate::run(
                    path,
                    &sha,
                    format,
                    self.dir,
                    iso,
                    self.worker_threads,
                    self.store.is_some(),
                )
            }
            None => extract_write(
                path,
                bytes,
                sha,
                format,
                self.dir,
                self.config,
                start,
                self.store,
            ),
        };
        entry.timings.total_ms = millis(start);
        if let Some(d) = self.slow {
            std::thread::sleep(d);
        }
        entry
    }
}

/// Read, extract and write one input, with no reuse of earlier outputs: the work of a
/// worker process (`piao-extract worker`). With a `store`, the document also goes
/// into the dataset (SQLite serialises the workers' transactions).
pub fn extract_one(
    path: &Path,
    format: Format,
    dir: &Path,
    config: &Config,
    store: Option<&Store>,
) -> Entry {
    let start = Instant::now();
    match std::fs::read(path) {
        Ok(bytes) => {
            let sha = extract::sha256_hex(&bytes);
            extract_write(path, bytes, sha, format, dir, config, start, store)
        }
        Err(e) => failed(path, None, &Error::Io(e), format),
    }
}

/// Extract `bytes` (a panic contained per stage) and write the outputs.
#[allow(clippy::too_many_arguments)]
fn extract_write(
    path: &Path,
    bytes: Vec<u8>,
    sha: String,
    format: Format,
    dir: &Path,
    config: &Config,
    start: Instant,
    store: Option<&Store>,
) -> Entry {
    let read_ms = millis(start);
    let extracted = extract::extract_bytes(path, &bytes, config);
    drop(bytes);
    match extracted {
        Ok(d) => write(&d, format, dir, read_ms, start, store),
        Err(e) => failed(path, Some(sha), &e, format),
    }
}

/// Every sink's outputs of one document, sorted.
fn write_all(
    d: &extract::Extraction,
    own: &PersonIndex,
    sinks: &[&dyn Sink],
) -> Result<Vec<String>> {
    let mut outputs = Vec::new();
    for s in sinks {
        outputs.extend(contain_stage("output", || s.write(d, own))?);
    }
    outputs.sort();
    Ok(outputs)
}

/// Outputs of one extracted document, with ids from its own names for now.
fn write(
    d: &extract::Extraction,
    format: Format,
    dir: &Path,
    read_ms: u64,
    start: Instant,
    store: Option<&Store>,
) -> Entry {
    let extract_ms = millis(start).saturating_sub(read_ms);
    let names = crate::people::names(&d.plan);
    let own = crate::people::index([&names]);
    // the run's sinks: the per-input files of the format, and the dataset
    let files = sink::file_sink(format, dir);
    let sinks: Vec<&dyn Sink> = files
        .as_deref()
        .into_iter()
        .chain(store.map(|s| s as &dyn Sink))
        .collect();
    let outputs = match write_all(d, &own, &sinks) {
        Ok(o) => o,
        Err(e) => return failed(&d.path, Some(d.source.sha256.clone()), &e, format),
    };
    let status = if d.has_objectives() {
        Status::Ok
    } else {
        Status::NoObjectives
    };
    let mut e = Entry::bare(&d.path, status, format);
    e.sha256 = Some(d.source.sha256.clone());
    e.outputs = outputs;
    e.pages = Some(d.plan.pages);
    e.records = Some(d.plan.objectives.iter().map(|o| o.indicators.len()).sum());
    e.dirigente_ids = crate::people::ids(&names, &own);
    e.names = names;
    e.timings.read_ms = read_ms;
    e.timings.extract_ms = extract_ms;
    e.timings.write_ms = millis(start).saturating_sub(read_ms + extract_ms);
    e.signer = d.source.signer.clone();
    e
}

fn failed(path: &Path, sha256: Option<String>, error: &Error, format: Format) -> Entry {
    let mut e = Entry::bare(path, Status::Failed, format);
    e.sha256 = sha256;
    e.error = Some(ErrorInfo::from(error));
    e
}

fn up_to_date(prev: &Entry, read_ms: u64, total_ms: u64) -> Entry {
    let mut e = prev.clone();
    e.up_to_date = true;
    e.timings = manifest::Timings {
        read_ms,
        total_ms,
        ..Default::default()
    };
    e
}

/// Outputs of an earlier version of a re-extracted input that no entry of this run
/// lists (its sha, hence its output names, changed): removed, so the folder holds
/// what the manifest says.
fn remove_stale(entries: &[Entry], previous: &Previous, dir: &Path) {
    let claimed: BTreeSet<&String> = entries.iter().flat_map(|e| &e.outputs).collect();
    for e in entries.iter().filter(|e| !e.up_to_date) {
        let Some(prev) = previous.get(&e.file).filter(|p| p.format == e.format) else {
            continue;
        };
        for old in prev.outputs.iter().filter(|o| !claimed.contains(o)) {
            let _ = std::fs::remove_file(dir.join(old));
        }
    }
}

/// Give an entry's outputs the run-wide ids; a failure to rewrite fails the entry.
fn relabel(e: &mut Entry, people: &PersonIndex, dir: &Path) {
    if !e.succeeded() {
        return;
    }
    if let Err(err) = relabel_outputs(e, people, dir) {
        e.status = Status::Failed;
        e.error = Some(ErrorInfo::from(&err));
    }
}

/// Rewrite `entry`'s files through their sink when the ids of its names change.
fn relabel_outputs(entry: &mut Entry, people: &PersonIndex, dir: &Path) -> Result<()> {
    let wanted = crate::people::ids(&entry.names, people);
    if wanted == entry.dirigente_ids {
        return Ok(());
    }
    if let Some(sink) = sink::file_sink(entry.format, dir) {
        for out in &entry.outputs {
            sink.relabel(out, &wanted)?;
        }
    }
    entry.dirigente_ids = wanted;
    Ok(())
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::Invalid(e.to_string()))?;
    crate::output::write::atomic_write(path, format!("{text}\n").as_bytes())
}

/// Every successful entry's records file, in input order, to stdout.
fn stream(entries: &[Entry], dir: &Path, format: Format) -> Result<()> {
    let files: Vec<PathBuf> = entries
        .iter()
        .filter(|e| e.succeeded())
        .flat_map(|e| e.outputs.iter().map(|o| dir.join(o)))
        .collect();
    sink::concatenate(format, &files, &mut std::io::stdout().lock())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn formats_split_into_one_file_format_and_sqlite() {
        use Format::{Csv, Json, Records, Sqlite};
        assert_eq!(split_formats(&[Json]).unwrap(), (Json, false));
        assert_eq!(split_formats(&[Csv, Sqlite]).unwrap(), (Csv, true));
        assert_eq!(split_formats(&[Sqlite]).unwrap(), (Sqlite, true));
        assert_eq!(
            split_formats(&[Records, Records]).unwrap(),
            (Records, false)
        );
        assert!(split_formats(&[Json, Csv]).is_err());
    }
}
