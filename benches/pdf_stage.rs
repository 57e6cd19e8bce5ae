//! PDF stage throughput against pdftotext, measured in the same run.
//!
//! For every fixture (or the PDFs given as arguments) it times, with the same number
//! of repetitions and taking the median:
//! - `pdftotext -layout FILE /dev/null`, spawned (so its time includes process start);
//! - our PDF stage in-process, `pdf::open` + `layout::analyze`, on one rayon thread
//!   and on all cores (the file's bytes are read once, outside the timing).
//!
//! Run: `cargo bench --bench pdf_stage [-- [--reps N] [--only-ours] [--pdf-extract] FILE...]`
//!
//! `--pdf-extract` times the pdf-extract reader instead of the default one (the
//! interpreter), to compare the two.
//!
//! `--only-ours` runs just our stage on one thread, `reps` times per file, and prints
//! nothing per run: a steady workload to put under `perf record` or callgrind.

use piao_extract::config::{Config, Reader};
use piao_extract::{layout, pdf};
mod common;

use common::fixtures;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const DEFAULT_REPS: usize = 5;

/// The reader chosen on the command line (the default one unless `--pdf-extract`).
static READER: OnceLock<Reader> = OnceLock::new();

fn main() {
    let (reps, only_ours, mut files) = parse_args();
    if files.is_empty() {
        files = fixtures();
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let one = pool(1);
    if only_ours {
        for file in &files {
            let bytes = std::fs::read(file).unwrap_or_default();
            let d = median(reps, || one.install(|| drop(run_ours(&bytes))));
            println!("{}: median {d:.2?}", file.display());
        }
        return;
    }
    let all = pool(cores);
    println!(
        "median of {reps} runs; ours = pdf::open + layout::analyze, in-process; pdftotext -layout spawned"
    );
    println!("speed = pdftotext time / our time (above 1: we are faster)");
    println!(
        "{:<28} {:>5} {:>14} {:>14} {:>16} {:>10} {:>10}",
        "file",
        "pages",
        "pdftotext p/s",
        "ours 1T p/s",
        format!("ours {cores}T p/s"),
        "1T speed",
        format!("{cores}T speed")
    );
    for file in &files {
        let Ok(bytes) = std::fs::read(file) else {
            println!("{}: cannot read", file.display());
            continue;
        };
        let pages = match run_ours(&bytes) {
            Ok(n) => n,
            Err(e) => {
                println!("{}: {e}", file.display());
                continue;
            }
        };
        let theirs = median(reps, || run_pdftotext(file));
        let ours1 = median(reps, || one.install(|| drop(run_ours(&bytes))));
        let oursn = median(reps, || all.install(|| drop(run_ours(&bytes))));
        let rate = |d: Duration| pages as f64 / d.as_secs_f64();
        let name = file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        println!(
            "{:<28} {:>5} {:>14.0} {:>14.0} {:>16.0} {:>10.2} {:>10.2}",
            name,
            pages,
            rate(theirs),
            rate(ours1),
            rate(oursn),
            theirs.as_secs_f64() / ours1.as_secs_f64(),
            theirs.as_secs_f64() / oursn.as_secs_f64(),
        );
    }
}

/// `--reps N`, `--only-ours` and file arguments; cargo's own `--bench` is ignored.
fn parse_args() -> (usize, bool, Vec<PathBuf>) {
    let mut reps = DEFAULT_REPS;
    let mut only_ours = false;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--reps" {
            reps = args
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(DEFAULT_REPS)
                .max(1);
        } else if a == "--only-ours" {
            only_ours = true;
        } else if a == "--pdf-extract" {
            let _ = READER.set(Reader::PdfExtract);
        } else if !a.starts_with("--") {
            files.push(PathBuf::from(a));
        }
    }
    (reps, only_ours, files)
}

fn pool(threads: usize) -> rayon::ThreadPool {
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("cannot build a {threads}-thread pool: {e}");
            std::process::exit(1);
        }
    }
}

/// The PDF stage as the pipeline runs it; returns the page count.
fn run_ours(bytes: &[u8]) -> piao_extract::Result<usize> {
    let mut config = Config::default();
    if let Some(&r) = READER.get() {
        config.reader = r;
    }
    let doc = pdf::open(bytes, &config)?;
    let text = layout::analyze(&doc, &config.layout);
    Ok(std::hint::black_box(text).len())
}

fn run_pdftotext(file: &Path) {
    let ok = Command::new("pdftotext")
        .arg("-layout")
        .arg(file)
        .arg("/dev/null")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("pdftotext failed on {}", file.display());
        std::process::exit(1);
    }
}

/// Median wall time of `reps` runs of `f`, after one warm-up run.
fn median(reps: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..reps)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}
