//! Whole-pipeline speed and memory against `pdftotext -layout`, in one run.
//!
//! For every fixture (or the PDFs given as arguments), median of `--reps` runs:
//! - `pdftotext -layout FILE /dev/null` (spawned: its time includes process start);
//! - our PDF stage alone (`pdf::open` + `layout::analyze`), in-process;
//! - the whole pipeline to validated JSON (extract, plan-year documents, schema
//!   validation, serialisation) and to validated NDJSON records, on one thread and
//!   on all cores;
//! - peak resident memory (VmHWM) of a child process running the whole pipeline once.
//!
//! `--synth N[,N...]` also builds N-page documents (the 000 fixture's pages repeated,
//! made with lopdf) under `target/bench/`, to show how time and memory grow with size
//! (`--synth 250,500,1000`).
//! `--batch` compares the peak memory of `piao-extract extract` on one file and on the
//! fixture set repeated 20 times (memory must not grow with the number of files).
//!
//! Run: `cargo bench --bench pipeline -- [--reps N] [--synth 250,500,1000] [--batch] [FILE...]`

use piao_extract::config::Config;
use piao_extract::extract;
use piao_extract::output::{plan_year, records, schema};
use piao_extract::{layout, pdf};
mod common;

use common::fixtures;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const DEFAULT_REPS: usize = 3;

/// The binary's allocator, so in-process figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Args {
    reps: usize,
    synth: Vec<usize>,
    batch: bool,
    rss_child: Option<PathBuf>,
    files: Vec<PathBuf>,
}

fn main() {
    let args = parse_args();
    if let Some(f) = &args.rss_child {
        // child mode: run the whole pipeline once, print peak RSS in KiB
        let bytes = std::fs::read(f).unwrap_or_default();
        let _ = to_json(&bytes);
        println!("{}", vm_hwm_kib());
        return;
    }
    let mut files = if args.files.is_empty() {
        fixtures()
    } else {
        args.files.clone()
    };
    if args.batch {
        // first, while this process is small: a child's peak RSS as the kernel reports
        // it starts from the size of the process that spawned it
        batch_memory(&files);
    }
    for &n in &args.synth {
        match synth(n) {
            Ok(p) => files.push(p),
            Err(e) => eprintln!("cannot build the synthetic document: {e}"),
        }
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "median of {} runs; p/s = pages per second; ratio = pdftotext time / our time (≥ 1: as fast or faster)",
        args.reps
    );
    println!(
        "{:<24} {:>5} {:>9} {:>9} {:>9} {:>9} {:>9} {:>7} {:>7} {:>8}",
        "file",
        "pages",
        "pdftotext",
        "pdf 1T",
        "json 1T",
        format!("json {cores}T"),
        format!("ndjson {cores}T"),
        "ratio1",
        format!("ratio{cores}"),
        "peak MiB"
    );
    let (one, all) = (pool(1), pool(cores));
    for f in &files {
        row(f, args.reps, &one, &all, cores);
    }
}

fn row(f: &Path, reps: usize, one: &rayon::ThreadPool, all: &rayon::ThreadPool, _cores: usize) {
    let Ok(bytes) = std::fs::read(f) else { return };
    let Ok(pages) = to_json(&bytes) else {
        println!("{}: does not extract", f.display());
        return;
    };
    let theirs = median(reps, || pdftotext(f));
    let stage = median(reps, || {
        one.install(|| {
            std::hint::black_box(pdf_stage(&bytes));
        })
    });
    let json1 = median(reps, || one.install(|| drop(to_json(&bytes))));
    let jsonn = median(reps, || all.install(|| drop(to_json(&bytes))));
    let ndjn = median(reps, || all.install(|| drop(to_ndjson(&bytes))));
    let rate = |d: Duration| pages as f64 / d.as_secs_f64();
    let name = f
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    println!(
        "{:<24} {:>5} {:>9.0} {:>9.0} {:>9.0} {:>9.0} {:>9.0} {:>7.2} {:>7.2} {:>8.1}",
        name,
        pages,
        rate(theirs),
        rate(stage),
        rate(json1),
        rate(jsonn),
        rate(ndjn),
        theirs.as_secs_f64() / json1.as_secs_f64(),
        theirs.as_secs_f64() / jsonn.as_secs_f64(),
        peak_child_mib(f)
    );
}

fn pdf_stage(bytes: &[u8]) -> usize {
    let c = Config::default();
    pdf::open(bytes, &c)
        .map(|d| layout::analyze(&d, &c.layout).len())
        .unwrap_or(0)
}

/// The whole pipeline to validated plan-year JSON, written as `extract` writes it
/// (streamed, one year at a time) to a byte counter; returns the page count.
fn to_json(bytes: &[u8]) -> Result<usize, String> {
    let e = extract::extract_bytes(Path::new("bench.pdf"), bytes, &Config::default())
        .map_err(|e| e.to_string())?;
    let people = piao_extract::people::index_of(std::slice::from_ref(&e));
    let ids = piao_extract::people::ids_of(&e.plan, &people);
    let years = plan_year::years(&e.plan);
    let first = years.first().copied().flatten();
    let mut out = Counter(0);
    for year in years {
        let doc = plan_year::YearDoc {
            plan: &e.plan,
            source: &e.source,
            ids: &ids,
            notice: None,
            year,
            first,
        };
        doc.write(&mut out).map_err(|e| e.to_string())?;
    }
    std::hint::black_box(out.0);
    Ok(e.plan.pages)
}

/// Counts the bytes written to it.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The whole pipeline to validated NDJSON records.
fn to_ndjson(bytes: &[u8]) -> Result<usize, String> {
    let e = extract::extract_bytes(Path::new("bench.pdf"), bytes, &Config::default())
        .map_err(|e| e.to_string())?;
    let people = piao_extract::people::index_of(std::slice::from_ref(&e));
    let mut n = 0;
    for r in records::records(&e, &people) {
        let v = serde_json::to_value(&r).map_err(|e| e.to_string())?;
        schema::validate_record(&v).map_err(|e| e.to_string())?;
        n += serde_json::to_string(&v).map_err(|e| e.to_string())?.len() + 1;
    }
    Ok(std::hint::black_box(n))
}

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Peak RSS of a child running the whole pipeline on `f` once.
fn peak_child_mib(f: &Path) -> f64 {
    let Ok(exe) = std::env::current_exe() else {
        return 0.0;
    };
    // the worker's allocator settings: the figure is what a batch worker uses
    let out = Command::new(exe)
        .envs(
            piao_extract::batch::isolate::MIMALLOC_WORKER_ENV
                .iter()
                .copied(),
        )
        .arg("--rss-child")
        .arg(f)
        .stderr(Stdio::null())
        .output();
    out.ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |k| k / 1024.0)
}

/// Peak RSS (MiB) of the real binary over a batch, from `wait4`'s rusage.
fn binary_peak_mib(inputs: &[PathBuf], out: &Path) -> f64 {
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/piao-extract");
    let Ok(child) = Command::new(&bin)
        .arg("extract")
        .args(inputs)
        .arg("-o")
        .arg(out)
        .arg("-q")
        .arg("--force")
        .stderr(Stdio::null())
        .spawn()
    else {
        eprintln!("build the release binary first: cargo build --release");
        return 0.0;
    };
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value, and wait4 writes into it.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet waited for; the pointers are valid.
    unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    ru.ru_maxrss as f64 / 1024.0
}

/// Memory must not grow with the number of files: the fixture set once vs ×20 (the
/// peak of a batch is its largest file's worker, so like is compared with like), and
/// one file for scale.
fn batch_memory(files: &[PathBuf]) {
    let tmp = std::env::temp_dir().join("piao-bench-batch");
    let _ = std::fs::remove_dir_all(&tmp);
    let inputs_dir = tmp.join("inputs");
    let _ = std::fs::create_dir_all(&inputs_dir);
    let mut many = Vec::new();
    for k in 0..20 {
        for f in files
            .iter()
            .filter(|f| !f.to_string_lossy().contains("synth"))
        {
            let name = format!(
                "{k:02}-{}",
                f.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            );
            let dst = inputs_dir.join(name);
            if std::fs::copy(f, &dst).is_ok() {
                many.push(dst);
            }
        }
    }
    let set = many.len() / 20;
    let one = binary_peak_mib(&many[..1.min(many.len())], &tmp.join("out1"));
    let once = binary_peak_mib(&many[..set], &tmp.join("out-set"));
    let all = binary_peak_mib(&many, &tmp.join("out20"));
    println!(
        "batch peak RSS: 1 file {one:.1} MiB; fixture set ({set} files) {once:.1} MiB; \
         set x20 ({} files) {all:.1} MiB",
        many.len()
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

/// An `n`-page document: the 000 fixture's pages repeated (objects renumbered per copy).
fn synth(n: usize) -> Result<PathBuf, String> {
    use lopdf::{Document, Object};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let path = dir.join(format!("synth-{n}.pdf"));
    if path.exists() {
        return Ok(path);
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/000-calc-ruled.pdf");
    let base = Document::load(&src).map_err(|e| e.to_string())?;
    let mut out = base.clone();
    let pages_id = out
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|e| e.to_string())?;
    let mut kids: Vec<Object> = out
        .get_pages()
        .values()
        .map(|id| Object::Reference(*id))
        .collect();
    let mut max_id = out.max_id;
    while kids.len() < n {
        let mut copy = base.clone();
        copy.renumber_objects_with(max_id + 1);
        max_id = copy.max_id;
        for id in copy.get_pages().values().take(n - kids.len()) {
            if let Ok(d) = copy.get_object_mut(*id).and_then(Object::as_dict_mut) {
                d.set("Parent", pages_id);
            }
            kids.push(Object::Reference(*id));
        }
        out.objects.extend(copy.objects);
    }
    out.max_id = max_id;
    let count = kids.len() as i64;
    if let Ok(pages) = out.get_object_mut(pages_id).and_then(Object::as_dict_mut) {
        pages.set("Kids", kids);
        pages.set("Count", count);
    }
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    out.save(&path).map_err(|e| e.to_string())?;
    Ok(path)
}

fn parse_args() -> Args {
    let mut a = Args {
        reps: DEFAULT_REPS,
        synth: Vec::new(),
        batch: false,
        rss_child: None,
        files: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        match x.as_str() {
            "--reps" => {
                a.reps = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(DEFAULT_REPS)
                    .max(1)
            }
            // one size or several (`--synth 250,500,1000`: how time and memory grow)
            "--synth" => {
                a.synth = it
                    .next()
                    .map(|v| v.split(',').filter_map(|n| n.parse().ok()).collect())
                    .unwrap_or_default()
            }
            "--batch" => a.batch = true,
            "--rss-child" => a.rss_child = it.next().map(PathBuf::from),
            s if !s.starts_with("--") => a.files.push(PathBuf::from(s)),
            _ => {}
        }
    }
    a
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap_or_else(|e| {
            eprintln!("cannot build a {threads}-thread pool: {e}");
            std::process::exit(1)
        })
}

fn median(reps: usize, mut f: impl FnMut()) -> Duration {
    let mut v: Vec<Duration> = (0..reps)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[v.len() / 2]
}

fn pdftotext(f: &Path) {
    let _ = Command::new("pdftotext")
        .arg("-layout")
        .arg(f)
        .arg("/dev/null")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}
