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
//! the run's index is made from every entry's names, regrouping only the entes the
//! run touched ([`regroup`]: the others come from a cache), and a file of a
//! regrouped ente whose ids change is relabelled by its sink; then the manifest
//! ([`manifest`]) and the person index are written atomically.
//!
//! Invariant: an output file is either absent or complete, and the manifest lists only
//! outputs that are in place.
//! Invariant: the same inputs give byte-identical outputs, whether the run was
//! interrupted and resumed or not, and whatever `-j`.
//!
//! With [`Options::isolation`] set (the CLI's default), each file is extracted and
//! written by a worker process under a wall-time and a memory limit ([`isolate`]), so
//! an abort, stack overflow, endless loop or runaway memory costs that file a typed
//! error (`crashed`, `timeout`, `out_of_memory`), not the run. The first workers are
//! forked at the start of the run, while this process runs one thread (`fork.rs`);
//! later ones are exec'd.
//!
//! One output folder takes many runs: a lock file lets one run write it at a time
//! ([`lock`]; shards of one corpus share it); the manifest describes every output
//! the folder holds (entries of earlier runs kept, replaced, or dropped with their
//! files); a failed input leaves none of its files; "up to date" is decided by
//! content ([`manifest::Previous::reusable`]).
//!
//! Test hook: `PIAO_TEST_SLOW_MS=N` sleeps N ms after each file extracted, so that a
//! test can kill a run in the middle.

mod fork;
pub mod inputs;
pub mod isolate;
pub mod lock;
pub mod manifest;
pub mod merge;
mod pipes;
pub mod progress;
pub mod regroup;

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
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Environment variable of the test hook: milliseconds to sleep after each file.
pub const SLOW_ENV: &str = "PIAO_TEST_SLOW_MS";

pub use crate::output::sink::Format;

/// What `--format` asks for: the per-input files, and the folder-wide dataset files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// The per-input files ([`Format::Sqlite`] or [`Format::Parquet`]: none).
    pub files: Format,
    /// `DIR/piao.sqlite`.
    pub sqlite: bool,
    /// `DIR/parquet/*.parquet`.
    pub parquet: bool,
}

/// The formats asked for (`--format json,sqlite,parquet`): at most one of json,
/// records and csv, plus sqlite and parquet.
pub fn split_formats(list: &[Format]) -> Result<Formats> {
    let dataset = |f: &Format| matches!(f, Format::Sqlite | Format::Parquet);
    let sqlite = list.contains(&Format::Sqlite);
    let parquet = list.contains(&Format::Parquet);
    let mut files: Vec<Format> = Vec::new();
    for f in list.iter().filter(|f| !dataset(f)) {
        if !files.contains(f) {
            files.push(*f);
        }
    }
    let files = match files[..] {
        [] if parquet => Format::Parquet,
        [] if sqlite => Format::Sqlite,
        [] => Format::Json,
        [f] => f,
        _ => {
            return Err(Error::Invalid(
                "--format takes one of json, records and csv (sqlite and parquet besides)".into(),
            ));
        }
    };
    Ok(Formats {
        files,
        sqlite,
        parquet,
    })
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
    /// Output format of the per-input files ([`Format::Sqlite`], [`Format::Parquet`]:
    /// none).
    pub format: Format,
    /// Also build `DIR/piao.sqlite` (always built for [`Format::Csv`] and
    /// [`Options::parquet`], which are exported from it).
    pub sqlite: bool,
    /// Also write `DIR/parquet/*.parquet` (records, objectives, indicators, cells).
    pub parquet: bool,
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
    /// One entry per input of this run, in input order (sorted by path); the
    /// manifest also keeps the folder's earlier entries.
    pub entries: Vec<Entry>,
    /// Totals of this run.
    pub summary: Summary,
}

/// Run a batch over `args` (files, folders, globs).
pub fn run(args: &[PathBuf], target: &Target, opts: &Options, config: &Config) -> Result<Outcome> {
    match target {
        Target::Dir(dir) => run_dir(args, dir, opts, config, true),
        Target::Stdout
            if !matches!(opts.format, Format::Records | Format::Csv)
                || opts.sqlite
                || opts.parquet =>
        {
            Err(Error::Invalid(
                "--format json, sqlite and parquet need -o DIR".into(),
            ))
        }
        Target::Stdout => {
            // Written per file into a scratch folder, as into any folder, so person ids
            // are made run-wide the same way; then concatenated in input order.
            let scratch = tempfile::tempdir()?;
            let opts = Options {
                sqlite: false,
                parquet: false,
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

/// An input extracted and written: its manifest entry, and the person index its
/// outputs were written with (the index of its own names; `None` when it failed).
/// The worker process hands it back as one JSON line.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct Written {
    /// The input's manifest entry.
    pub entry: Entry,
    /// The person index of the document's own names.
    pub own: Option<PersonIndex>,
}

impl Written {
    fn failed(entry: Entry) -> Self {
        Written { entry, own: None }
    }
}

/// Everything a worker needs to process one input.
struct Ctx<'a> {
    dir: &'a Path,
    opts: &'a Options,
    config: &'a Config,
    previous: &'a Previous,
    /// The run's journal; `None` in a run of one input, whose one entry goes into
    /// the manifest a moment after its outputs are in place: a kill in between only
    /// costs that input a second extraction, which is all a journal line would have
    /// saved; the journal's create, append and removal cost more than that moment is
    /// worth (an inode made and freed per run: docs/speed-rounds.md, round 8).
    journal: Option<&'a Journal>,
    reporter: &'a Reporter,
    slow: Option<Duration>,
    /// The dataset database, when the run builds one.
    store: Option<&'a Store>,
    /// Threads each worker process may use for its pages.
    worker_threads: usize,
    /// Each input's part of its output names, by input path.
    stems: BTreeMap<PathBuf, String>,
    /// The worker processes, one per thread (with [`Options::isolation`]).
    workers: isolate::Workers,
    /// In a run of one input: that input's own person index, once written
    /// ([`run_index`]).
    own: std::sync::Mutex<Option<(String, PersonIndex)>>,
    /// Whether the run has one input (only then is [`Ctx::own`] kept: memory must not
    /// grow with the corpus).
    single: bool,
}

/// Each input's part of its output names ([`crate::output::path::input_stem`] of its
/// path under its root); inputs whose parts would clash (files of one name given
/// from two folders) get a hash of their path as well.
fn stems(inputs: &[Input]) -> BTreeMap<PathBuf, String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let base: Vec<String> = inputs
        .iter()
        .map(|i| crate::output::path::input_stem(&i.rel))
        .collect();
    for b in &base {
        *seen.entry(b.clone()).or_default() += 1;
    }
    inputs
        .iter()
        .zip(base)
        .map(|(i, b)| {
            let stem = match seen.get(&b) {
                Some(n) if *n > 1 => {
                    crate::output::path::input_part(&format!("{b}-{}", i.path.display()))
                }
                _ => b,
            };
            (i.path.clone(), stem)
        })
        .collect()
}

/// `dataset`: build the database (and the csv package, the Parquet files) as asked;
/// off for a scratch folder streamed to stdout.
fn run_dir(
    args: &[PathBuf],
    dir: &Path,
    opts: &Options,
    config: &Config,
    dataset: bool,
) -> Result<Outcome> {
    let start = Instant::now();
    let all = inputs::collect(args);
    let listed = all.len();
    let inputs: Vec<Input> = all
        .into_iter()
        .filter(|i| opts.shard.is_none_or(|s| s.contains(i)))
        .collect();
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let suffix = opts.shard.map(|s| s.suffix()).unwrap_or_default();
    let lock = match opts.shard {
        Some(_) => lock::FolderLock::shard(dir, &suffix)?,
        None => lock::FolderLock::exclusive(dir)?,
    };
    let paths = Paths::new(dir, &suffix);
    let previous = Previous::load(dir);
    let journal = match inputs.len() {
        0 | 1 => None,
        _ => Some(Journal::open(&paths.journal)?),
    };
    let wants_store = dataset && (opts.sqlite || opts.parquet || opts.format == Format::Csv);
    let store = match wants_store {
        true => Some(Store::open(&dir.join(dataset::sqlite::FILE_NAME))?),
        false => None,
    };
    let size = pool_size(opts.jobs);
    let worker_threads = threads_per_worker(size, to_extract(&inputs, &previous, opts.force));
    let workers = isolate::Workers::new(size).one_file(inputs.len() == 1);
    if let Some(iso) = &opts.isolation {
        // before any thread of the run (pool, progress bar) starts
        let role = isolate::Role {
            format: opts.format,
            dir: dir.to_path_buf(),
            threads: worker_threads,
            sqlite: store.is_some(),
        };
        let count = to_extract(&inputs, &previous, opts.force).min(size);
        workers.prefork(count, &role, iso, config);
    }
    let reporter = Reporter::new(inputs.len(), opts.verbosity);
    if let (Some(s), true) = (opts.shard, inputs.is_empty()) {
        reporter.note(&format!(
            "shard {s} has none of the {listed} inputs; nothing to do"
        ));
    }
    // A run of one input in a worker process only waits for that worker: it starts no
    // pool (a thread started, scheduled and ended for nothing: ~0.3 ms of such a run).
    let serial = opts.isolation.is_some() && inputs.len() <= 1;
    let mut pool = match serial {
        true => None,
        false => Some(pool_of(size)?),
    };
    let ctx = Ctx {
        dir,
        opts,
        config,
        previous: &previous,
        journal: journal.as_ref(),
        reporter: &reporter,
        slow: slow_hook(),
        store: store.as_ref(),
        worker_threads,
        stems: stems(&inputs),
        workers,
        own: std::sync::Mutex::new(None),
        single: inputs.len() == 1,
    };
    let run = match &pool {
        Some(p) => p.install(|| largest_first(&inputs, |i| ctx.process(i))),
        None => inputs.iter().map(|i| ctx.process(i)).collect(),
    };
    let own = ctx.own.lock().map(|mut o| o.take()).unwrap_or(None);
    let lost = ctx.workers.lost();
    // the workers end here, on the threads' watch (`PR_SET_PDEATHSIG`)
    drop(ctx);
    let this_run: BTreeSet<String> = run.iter().map(|e| e.file.clone()).collect();
    let (mut entries, dropped) = with_earlier(run, &previous, &paths, dir);
    remove_stale(&entries, &previous, dir);
    let (people, unchanged, mut cache) = match run_index(&entries, own) {
        Some(people) => (regroup::index_text(&people)?, false, None),
        None => {
            let settled = |e: &Entry| settled(e, &previous, &paths);
            let cache = regroup::Cache::load(&paths);
            let regroup::Regrouped {
                text,
                unchanged,
                people,
                relabel: marked,
                cache,
            } = regroup::folder_index(&entries, settled, cache)?;
            let mut changed: Vec<&mut Entry> = entries
                .iter_mut()
                .zip(marked)
                .filter_map(|(e, m)| m.then_some(e))
                .collect();
            if pool.is_none() && changed.len() > 1 {
                pool = Some(pool_of(size)?);
            }
            match (&pool, changed.len() > 1) {
                (Some(p), true) => p.install(|| {
                    changed
                        .par_iter_mut()
                        .for_each(|e| relabel(e, &people, dir))
                }),
                _ => changed.iter_mut().for_each(|e| relabel(e, &people, dir)),
            }
            (text, unchanged, cache)
        }
    };
    regroup::forget(&paths.people_cache)?;
    write_people(&paths.people, &people, unchanged)?;
    if let Some(s) = &store {
        let mut gone = dropped;
        gone.extend(
            entries
                .iter()
                .filter(|e| !e.succeeded())
                .map(|e| e.file.clone()),
        );
        finish_dataset(s, &gone, &entries, opts, dir)?;
    }
    let wall_ms = millis(start);
    let summary = Summary::of(&entries, wall_ms);
    let manifest = Manifest {
        tool: "piao-extract".into(),
        tool_version: crate::output::TOOL_VERSION.into(),
        format: opts.format,
        shard: opts.shard.map(|s| s.to_string()),
        files: entries,
        summary,
    };
    manifest::finish(&paths, &manifest, Some(&previous))?;
    keep_cache(cache.as_mut(), &paths);
    if opts.shard.is_none() {
        absorb_shards(&previous, &paths);
    }
    // every file of the run is in place and every worker gone
    lock.finish(lost);
    let mine: Vec<Entry> = manifest
        .files
        .into_iter()
        .filter(|e| this_run.contains(&e.file))
        .collect();
    let summary = Summary::of(&mine, wall_ms);
    reporter.finish(&summary);
    Ok(Outcome {
        entries: mine,
        summary,
    })
}

/// Inputs a run will likely extract, for the workers to fork at its start: its PDFs
/// but those an earlier manifest of the folder lists (likely up to date), unless
/// `force`.
fn to_extract(inputs: &[Input], previous: &Previous, force: bool) -> usize {
    inputs
        .iter()
        .filter(|i| matches!(i.found, Found::Pdf))
        .filter(|i| force || previous.get(&i.path.display().to_string()).is_none())
        .count()
}

/// Threads a worker process gives the pages of its file, with `size` workers for
/// `pending` files: the cores the files leave free. Each worker once took two
/// threads, so that the last, largest file of a batch could use both cores; since
/// files are taken largest first and a file's stages got cheaper, two page threads
/// per worker only oversubscribe the cores while every worker has a file (the mix of
/// docs/speed-rounds.md, round 4, 62 files: `-j 2` 0.44 s with two, 0.40 s with one; the 10
/// seed fixtures 0.31 s against 0.29 s). A run with fewer files than workers (one
/// large plan with all cores) still spreads their pages over the idle cores.
fn threads_per_worker(size: usize, pending: usize) -> usize {
    (size / pending.clamp(1, size.max(1))).max(1)
}

/// Threads of the run's pool: `-j`, else what rayon would start (`RAYON_NUM_THREADS`,
/// else one per core).
fn pool_size(jobs: Option<usize>) -> usize {
    let env = || std::env::var("RAYON_NUM_THREADS").ok()?.parse().ok();
    jobs.filter(|n| *n > 0)
        .or_else(|| env().filter(|n| *n > 0))
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The run's thread pool of `size` threads.
fn pool_of(size: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(size)
        .build()
        .map_err(|e| Error::Invalid(format!("cannot start worker threads: {e}")))
}

/// The run's person index when the folder's one successful document was written in
/// this run: the index of its own names, which its outputs already carry (the index
/// of one document's names is that document's own index; relabelling it would
/// change nothing). Reading it back spares the run the name lists and a second
/// parse of every name (~1 ms of a one-file run's batch process: docs/speed-rounds.md,
/// round 4). `None`: the run's index must be made from every entry's names.
fn run_index(entries: &[Entry], own: Option<(String, PersonIndex)>) -> Option<PersonIndex> {
    let (file, people) = own?;
    let mut done = entries.iter().filter(|e| e.succeeded());
    match (done.next(), done.next()) {
        (Some(e), None) if e.file == file && !e.up_to_date => Some(people),
        _ => None,
    }
}

/// Whether `e` was kept as the run's own manifest has it (same names, same ids): a
/// completed manifest's outputs carry the ids of the index of that manifest's
/// names, so a settled entry need not be relabelled unless its ente's names changed
/// ([`regroup`]). An entry from a journal (written with its own ids) or from another
/// shard's manifest is not settled.
fn settled(e: &Entry, previous: &Previous, paths: &Paths) -> bool {
    e.up_to_date
        && previous.origin(&e.file).is_some_and(|(p, origin)| {
            origin == paths.manifest && p.names == e.names && p.dirigente_ids == e.dirigente_ids
        })
}

/// Write the person cache after the manifest it goes with ([`regroup::forget`] removed
/// the old one before). Best effort: without it the next run regroups every ente.
fn keep_cache(cache: Option<&mut regroup::Cache>, paths: &Paths) {
    if let Some(c) = cache
        && c.write(paths).is_err()
    {
        let _ = std::fs::remove_file(&paths.people_cache);
    }
}

/// This run's entries and the earlier runs' entries of the folder that this run did
/// not process again (a run without `--shard` keeps every earlier entry, a shard run
/// those of its own manifest), sorted by file; an earlier entry whose outputs are
/// gone is dropped, and its input returned (the dataset forgets it).
fn with_earlier(
    run: Vec<Entry>,
    previous: &Previous,
    paths: &Paths,
    dir: &Path,
) -> (Vec<Entry>, Vec<String>) {
    let processed: BTreeSet<String> = run.iter().map(|e| e.file.clone()).collect();
    let own = |origin: &Path| origin == paths.manifest || origin == paths.journal;
    let sharded = paths.manifest != Paths::new(dir, "").manifest;
    let outputs_there = |e: &Entry| {
        e.outputs
            .iter()
            .all(|o| crate::output::path::under(dir, o).is_ok_and(|p| p.is_file()))
    };
    let mut all = run;
    let mut dropped = Vec::new();
    for (e, origin) in previous.entries() {
        if processed.contains(&e.file) || (sharded && !own(origin)) {
            continue;
        }
        if !outputs_there(e) {
            dropped.push(e.file.clone());
            continue;
        }
        let mut kept = e.clone();
        kept.up_to_date = true;
        kept.timings = manifest::Timings::default();
        all.push(kept);
    }
    all.sort_by(|a, b| a.file.cmp(&b.file));
    (all, dropped)
}

/// After a run without `--shard`: its manifest now describes every entry of the
/// shards' manifests and journals, which are removed (with their people files), so
/// the folder has one manifest.
fn absorb_shards(previous: &Previous, paths: &Paths) {
    for f in previous.files.iter().filter(|f| **f != paths.manifest) {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let suffix = name
            .strip_prefix("manifest")
            .and_then(|n| {
                n.strip_suffix(".journal.ndjson")
                    .or_else(|| n.strip_suffix(".json"))
            })
            .filter(|s| s.starts_with(".shard-"));
        if let Some(suffix) = suffix {
            let _ = std::fs::remove_file(f);
            if let Some(dir) = f.parent() {
                let shard = Paths::new(dir, suffix);
                let _ = std::fs::remove_file(shard.people);
                let _ = std::fs::remove_file(shard.people_cache);
            }
        }
    }
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

/// Settle the database (inputs gone or failed, run-wide person ids) and export the
/// csv data package and the Parquet files.
fn finish_dataset(
    store: &Store,
    gone: &[String],
    entries: &[Entry],
    opts: &Options,
    dir: &Path,
) -> Result<()> {
    store.finish(gone)?;
    if opts.format == Format::Csv {
        let per_input: Vec<String> = entries
            .iter()
            .filter(|e| e.succeeded())
            .flat_map(|e| e.outputs.iter().cloned())
            .collect();
        dataset::package::write(dir, store, &per_input)?;
    }
    if opts.parquet {
        dataset::parquet::write(dir, store)?;
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
            Found::Pdf => self.extract(input),
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
        if let (false, Some(journal)) = (entry.up_to_date, self.journal) {
            // Best effort: a journal that cannot be written costs only resumability.
            let _ = journal.append(&entry);
        }
        self.reporter.done(&entry);
        entry
    }

    /// Whether an earlier run's entry could be kept for an input of this run (not
    /// `--force`, and the folder has earlier entries). Only then does the batch read
    /// and hash a file that a worker process extracts: the worker reads and hashes it
    /// anyway, and a failure's entry gets its hash when it is made
    /// (`isolate::Job::sha256`). On a 1 MB plan that is a second read and ~0.7 ms of
    /// SHA-256 a run saves (docs/speed-rounds.md, round 8).
    fn may_reuse(&self) -> bool {
        !self.opts.force && !self.previous.is_empty()
    }

    /// The earlier entry of the input at `path` with this content, when its outputs
    /// can be kept (not `--force`; in the dataset too, when the run builds one).
    fn kept(&self, path: &Path, sha: &str) -> Option<&Entry> {
        let key = path.display().to_string();
        let reusable = self
            .previous
            .reusable(&key, sha, self.opts.format, self.dir);
        let in_store = |e: &&Entry| self.store.is_none_or(|s| s.has(&e.file, sha));
        reusable.filter(|_| !self.opts.force).filter(in_store)
    }

    fn extract(&self, input: &Input) -> Entry {
        let path = input.path.as_path();
        let stem = self
            .stems
            .get(&input.path)
            .cloned()
            .unwrap_or_else(|| crate::output::path::input_stem(&input.rel));
        let start = Instant::now();
        let format = self.opts.format;
        let read = match self.opts.isolation.is_some() && !self.may_reuse() {
            true => None,
            false => match std::fs::read(path) {
                Ok(b) => {
                    let sha = extract::sha256_hex(&b);
                    Some((b, sha))
                }
                Err(e) => return failed(path, None, &Error::Io(e), format),
            },
        };
        if let Some(prev) = read.as_ref().and_then(|(_, sha)| self.kept(path, sha)) {
            let read_ms = millis(start);
            return up_to_date(prev, read_ms, millis(start));
        }
        let written = match (&self.opts.isolation, read) {
            (Some(iso), read) => {
                let sha = read.map(|(_, sha)| sha);
                self.workers.run(
                    &isolate::Job {
                        path,
                        stem: &stem,
                        sha256: sha.as_deref(),
                        format,
                        dir: self.dir,
                        threads: self.worker_threads,
                        sqlite: self.store.is_some(),
                    },
                    iso,
                )
            }
            (None, Some((bytes, sha))) => extract_write(
                path,
                &stem,
                bytes,
                sha,
                format,
                self.dir,
                self.config,
                start,
                self.store,
            ),
            (None, None) => extract_one(path, &stem, format, self.dir, self.config, self.store),
        };
        let mut entry = written.entry;
        if let (true, Some(own), Ok(mut kept)) = (self.single, written.own, self.own.lock()) {
            *kept = Some((entry.file.clone(), own));
        }
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
    stem: &str,
    format: Format,
    dir: &Path,
    config: &Config,
    store: Option<&Store>,
) -> Written {
    let start = Instant::now();
    match std::fs::read(path) {
        Ok(bytes) => {
            let sha = extract::sha256_hex(&bytes);
            extract_write(path, stem, bytes, sha, format, dir, config, start, store)
        }
        Err(e) => Written::failed(failed(path, None, &Error::Io(e), format)),
    }
}

/// Extract `bytes` (a panic contained per stage) and write the outputs.
#[allow(clippy::too_many_arguments)]
fn extract_write(
    path: &Path,
    stem: &str,
    bytes: Vec<u8>,
    sha: String,
    format: Format,
    dir: &Path,
    config: &Config,
    start: Instant,
    store: Option<&Store>,
) -> Written {
    let read_ms = millis(start);
    // hashed once, by the reader: the extraction takes the hash as it is
    let extracted = extract::extract_bytes_hashed(path, &bytes, &sha, config);
    drop(bytes);
    match extracted {
        Ok(d) => write(&d, stem, format, dir, read_ms, start, store),
        Err(e) => Written::failed(failed(path, Some(sha), &e, format)),
    }
}

/// Every sink's outputs of one document, sorted; when one sink fails, the files the
/// others wrote are removed (all or nothing per input).
fn write_all(
    d: &extract::Extraction,
    stem: &str,
    own: &PersonIndex,
    sinks: &[&dyn Sink],
    dir: &Path,
) -> Result<Vec<String>> {
    let mut outputs = Vec::new();
    for s in sinks {
        match contain_stage("output", || s.write(d, stem, own)) {
            Ok(o) => outputs.extend(o),
            Err(e) => {
                sink::remove_written(dir, &outputs);
                return Err(e);
            }
        }
    }
    outputs.sort();
    Ok(outputs)
}

/// Outputs of one extracted document, with ids from its own names for now.
fn write(
    d: &extract::Extraction,
    stem: &str,
    format: Format,
    dir: &Path,
    read_ms: u64,
    start: Instant,
    store: Option<&Store>,
) -> Written {
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
    let outputs = match write_all(d, stem, &own, &sinks, dir) {
        Ok(o) => o,
        Err(e) => {
            let entry = failed(&d.path, Some(d.source.sha256.clone()), &e, format);
            return Written::failed(entry);
        }
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
    Written {
        entry: e,
        own: Some(own),
    }
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

/// Outputs of an earlier run of an input processed again that no entry lists now
/// (its bytes changed, hence its output names; it failed; it was written in another
/// format): removed, so the folder holds what the manifest says.
fn remove_stale(entries: &[Entry], previous: &Previous, dir: &Path) {
    let claimed: BTreeSet<&String> = entries.iter().flat_map(|e| &e.outputs).collect();
    for e in entries.iter().filter(|e| !e.up_to_date) {
        let Some(prev) = previous.get(&e.file) else {
            continue;
        };
        for old in prev.outputs.iter().filter(|o| !claimed.contains(o)) {
            if let Ok(p) = crate::output::path::under(dir, old) {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

/// Give an entry's outputs the run-wide ids; a failure to rewrite fails the entry.
pub(crate) fn relabel(e: &mut Entry, people: &PersonIndex, dir: &Path) {
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

/// Write the person index file's text, atomically: not at all when the run found it
/// holding these bytes already (`unchanged`, from the text read with the person
/// cache, so the file is not read a second time) and writes need not be flushed, as
/// [`atomic_write_changed`](crate::output::write::atomic_write_changed) would leave
/// it.
fn write_people(path: &Path, text: &str, unchanged: bool) -> Result<()> {
    if unchanged && !crate::output::write::durable() {
        return Ok(());
    }
    crate::output::write::atomic_write_changed(path, text.as_bytes())
}

/// Write a value as pretty JSON, atomically; a file that holds those bytes already is
/// left as it is ([`atomic_write_changed`](crate::output::write::atomic_write_changed)).
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::Invalid(e.to_string()))?;
    crate::output::write::atomic_write_changed(path, format!("{text}\n").as_bytes())
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
    fn workers_take_the_cores_their_files_leave_free() {
        // one large plan on two cores: both for its pages
        assert_eq!(threads_per_worker(2, 1), 2);
        // a folder: one thread each, no oversubscription
        assert_eq!(threads_per_worker(2, 62), 1);
        assert_eq!(threads_per_worker(8, 3), 2);
        assert_eq!(threads_per_worker(1, 1), 1);
        // nothing to extract (all up to date) still starts sane workers
        assert_eq!(threads_per_worker(4, 0), 4);
    }

    #[test]
    fn formats_split_into_one_file_format_and_the_dataset() {
        use Format::{Csv, Json, Parquet, Records, Sqlite};
        let f = |files, sqlite, parquet| Formats {
            files,
            sqlite,
            parquet,
        };
        assert_eq!(split_formats(&[Json]).unwrap(), f(Json, false, false));
        assert_eq!(split_formats(&[Csv, Sqlite]).unwrap(), f(Csv, true, false));
        assert_eq!(split_formats(&[Sqlite]).unwrap(), f(Sqlite, true, false));
        assert_eq!(split_formats(&[Parquet]).unwrap(), f(Parquet, false, true));
        assert_eq!(
            split_formats(&[Json, Parquet, Sqlite]).unwrap(),
            f(Json, true, true)
        );
        assert_eq!(
            split_formats(&[Records, Records]).unwrap(),
            f(Records, false, false)
        );
        assert!(split_formats(&[Json, Csv]).is_err());
    }

    #[test]
    fn clashing_stems_get_a_path_hash() {
        let input = |p: &str, rel: &str| Input {
            path: PathBuf::from(p),
            rel: rel.into(),
            found: Found::Pdf,
        };
        let s = stems(&[
            input("a/plan.pdf", "plan.pdf"),
            input("b/plan.pdf", "plan.pdf"),
            input("c/other.pdf", "other.pdf"),
        ]);
        assert_ne!(s[Path::new("a/plan.pdf")], s[Path::new("b/plan.pdf")]);
        assert_eq!(s[Path::new("c/other.pdf")], "other");
    }
}
