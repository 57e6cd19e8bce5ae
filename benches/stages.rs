//! Per-stage cost of the whole pipeline in steady state, per page: the PDF layer
//! against each stage after it (issue 22: "the stages after the PDF layer cost less
//! than the PDF layer itself").
//!
//! For every file given (or every seed fixture), on one thread: one warm-up run of the
//! whole chain (so every static, rule, schema and index built on first use is built,
//! and its cost is not counted), then `--reps` runs, each stage timed apart; a stage's
//! figure is its median over the runs, in CPU time of the thread that runs them
//! (`CLOCK_THREAD_CPUTIME_ID`: waits for a busy core are not counted). The stages are those of
//! [`piao_extract::pipeline::run`] and [`piao_extract::extract::run`], called in the
//! same order with the same chunking, then what a worker does to write the default
//! output (`batch::write`: the document's names and person index, the plan-year JSON
//! sink, validated, to a temporary folder):
//! - `pdf`: envelope, load (`PageSource::new`), pages read (glyphs, rulings), the
//!   text-layer check, the input's sha256;
//! - `layout`: words and lines (`layout::analyze_page`), the lexicon;
//! - `grid`: `grid::detect`, lists continued over pages, line breaks resolved;
//! - `tables`: `tables::recognize`;
//! - `assemble`: `assemble::assemble`;
//! - `output`: names, person index, plan-year documents built, validated, written.
//!
//! Before timing, the plan this chain gives is compared with the library's own
//! (`extract::extract_bytes`, the same `Debug` text): a bench that drifted from the
//! pipeline says so and skips the file.
//!
//! `--cold`: the header matcher forgets its readings before each run
//! ([`Matcher::forget_readings`]), so each run reads its headers as a document the run
//! has not seen (without it, the runs after the first find them kept).
//!
//! `--loop N FILE` runs the whole chain N times on one file and prints nothing else
//! (for `perf record`, setup amortised).
//!
//! Run: `cargo bench --bench stages -- [--reps N] [--cold] [--tsv OUT] [FILE...]`

use piao_extract::config::Config;
use piao_extract::extract::{self, Extraction, Source};
use piao_extract::layout::{self, Lexicon, PageText};
use piao_extract::output::sink::{PlanYearSink, Sink};
use piao_extract::pdf::{self, PageFacts, PageSource};
use piao_extract::tables::matcher::Matcher;
use piao_extract::{assemble, grid, people, tables};
mod common;

use common::fixtures;
use std::path::{Path, PathBuf};
use std::time::Duration;

const DEFAULT_REPS: usize = 15;

/// The binary's allocator, so in-process figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const STAGES: [&str; 6] = ["pdf", "layout", "grid", "tables", "assemble", "output"];

#[derive(Default, Clone, Copy)]
struct Times([Duration; 6]);

impl Times {
    fn add(&mut self, stage: usize, t: Duration) -> Duration {
        let now = cpu_now();
        self.0[stage] += now.saturating_sub(t);
        now
    }
}

/// CPU time of the calling thread: the chain runs on one thread, and on a shared
/// machine its CPU time moves far less than wall time (time spent waiting for the
/// core is not counted).
fn cpu_now() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(
        ts.tv_sec.max(0) as u64,
        ts.tv_nsec.clamp(0, 999_999_999) as u32,
    )
}

fn main() {
    // as the binary does (src/main.rs): no transparent huge pages
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let mut reps = DEFAULT_REPS;
    let mut loops = 0usize;
    let mut tsv: Option<PathBuf> = None;
    let mut cold = false;
    let mut files = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--reps" => reps = it.next().and_then(|n| n.parse().ok()).unwrap_or(reps),
            "--loop" => loops = it.next().and_then(|n| n.parse().ok()).unwrap_or(1),
            "--tsv" => tsv = it.next().map(PathBuf::from),
            "--cold" => cold = true,
            s if !s.starts_with("--") => files.push(PathBuf::from(s)),
            _ => {}
        }
    }
    if files.is_empty() {
        files = fixtures();
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap_or_else(|e| {
            eprintln!("cannot build a one-thread pool: {e}");
            std::process::exit(1)
        });
    let out = std::env::temp_dir().join(format!("piao-bench-stages-{}", std::process::id()));
    let config = Config::default();
    if loops > 0 {
        for f in &files {
            let Ok(bytes) = std::fs::read(f) else {
                continue;
            };
            pool.install(|| {
                for _ in 0..loops {
                    if cold {
                        Matcher::for_run(&config.vocab, &config.header).forget_readings();
                    }
                    let _ = chain(f, &bytes, &config, &out);
                }
            });
        }
        let _ = std::fs::remove_dir_all(&out);
        return;
    }
    let header = format!(
        "file\tproducer\tpages\t{}\tlater\tlater/pdf",
        STAGES
            .iter()
            .map(|s| format!("{s} ms"))
            .collect::<Vec<_>>()
            .join("\t")
    );
    println!("{header}");
    let mut lines = vec![header];
    for f in &files {
        let line = pool.install(|| row(f, &bytes_of(f), reps, cold, &config, &out));
        if let Some(line) = line {
            println!("{line}");
            lines.push(line);
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    if let Some(p) = tsv {
        let _ = std::fs::write(p, lines.join("\n") + "\n");
    }
}

fn bytes_of(f: &Path) -> Vec<u8> {
    std::fs::read(f).unwrap_or_default()
}

fn row(
    f: &Path,
    bytes: &[u8],
    reps: usize,
    cold: bool,
    config: &Config,
    out: &Path,
) -> Option<String> {
    let name = f.file_stem()?.to_string_lossy().into_owned();
    // warm-up, and the check that this chain is the library's
    let (ours, _) = match chain(f, bytes, config, out) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{name}: {e}");
            return None;
        }
    };
    let theirs = extract::extract_bytes(f, bytes, config).ok()?;
    if format!("{:?}", ours.plan) != format!("{:?}", theirs.plan) {
        eprintln!("{name}: the bench's chain no longer gives the library's plan; skipped");
        return None;
    }
    let runs: Vec<Times> = (0..reps.max(1))
        .filter_map(|_| {
            if cold {
                Matcher::for_run(&config.vocab, &config.header).forget_readings();
            }
            chain(f, bytes, config, out).ok().map(|r| r.1)
        })
        .collect();
    let ms: Vec<f64> = (0..STAGES.len())
        .map(|s| median(runs.iter().map(|t| t.0[s]).collect()))
        .collect();
    let later: f64 = ms[1..].iter().sum();
    let producer = ours.source.producer.clone().unwrap_or_default();
    let producer: String = producer.chars().take(28).collect();
    Some(format!(
        "{name}\t{producer}\t{}\t{}\t{later:.2}\t{:.2}",
        ours.plan.pages,
        ms.iter()
            .map(|m| format!("{m:.2}"))
            .collect::<Vec<_>>()
            .join("\t"),
        later / ms[0].max(1e-9)
    ))
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v.get(v.len() / 2).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

/// The whole chain on one input, each stage timed: `pipeline::run` (its
/// `Keep::Lines` path), `extract::run`, then the worker's write of the default format.
fn chain(
    path: &Path,
    bytes: &[u8],
    config: &Config,
    out: &Path,
) -> Result<(Extraction, Times), String> {
    let err = |e: piao_extract::Error| e.to_string();
    let mut tm = Times::default();
    let mut t = cpu_now();
    let unwrapped = piao_extract::envelope::unwrap_named(path, bytes).map_err(err)?;
    let source = PageSource::new(&unwrapped.pdf, config).map_err(err)?;
    t = tm.add(0, t);
    let n = source.page_count();
    let mut texts: Vec<PageText> = Vec::with_capacity(n);
    let mut grids = Vec::with_capacity(n);
    let mut facts = Vec::with_capacity(n);
    let mut lexicon = Lexicon::new(&config.layout);
    let chunk_pages = config.limits.pages_per_chunk.max(1);
    let mut list_head: Option<grid::column::ListHead> = None;
    for start in (0..n).step_by(chunk_pages) {
        let range = start..(start + chunk_pages).min(n);
        let pages = source.read(range, config).map_err(err)?;
        facts.extend(pages.iter().map(PageFacts::of));
        t = tm.add(0, t);
        let chunk: Vec<PageText> = pages
            .iter()
            .map(|p| layout::analyze_page(p, &config.layout))
            .collect();
        chunk.iter().for_each(|t| lexicon.add_page(t));
        t = tm.add(1, t);
        let mut done: Vec<(PageText, Vec<grid::Grid>)> = pages
            .iter()
            .zip(chunk)
            .map(|(p, t)| {
                let g = grid::detect(p, &t, &config.grid);
                (t, g)
            })
            .collect();
        for (p, (t, g)) in pages.iter().zip(done.iter_mut()) {
            if let Some(head) = &list_head {
                grid::continue_list(p, t, g, head, &config.grid);
            }
            list_head = g.last().and_then(grid::column::ListHead::of);
        }
        for (mut t, g) in done {
            t.compact();
            texts.push(t);
            grids.push(g);
        }
        t = tm.add(2, t);
        drop(pages);
        t = tm.add(0, t);
    }
    pdf::check_text_layer(&facts).map_err(err)?;
    t = tm.add(0, t);
    grid::resolve_breaks(&mut grids, &lexicon);
    t = tm.add(2, t);
    let found = tables::recognize(&texts, &grids, config);
    t = tm.add(3, t);
    let plan = assemble::assemble(&texts, found, config);
    t = tm.add(4, t);
    let info = source.info().clone();
    let e = Extraction {
        path: path.to_path_buf(),
        plan,
        source: Source {
            file: path.display().to_string(),
            sha256: extract::sha256_hex(bytes),
            producer: info.producer.clone(),
            signer: unwrapped.signer,
        },
    };
    drop(source);
    t = tm.add(0, t);
    let names = people::names(&e.plan);
    let own = people::index([&names]);
    let sink = PlanYearSink {
        dir: out.to_path_buf(),
    };
    let stem = piao_extract::output::sink::default_stem(&e);
    sink.write(&e, &stem, &own).map_err(err)?;
    tm.add(5, t);
    Ok((e, tm))
}
