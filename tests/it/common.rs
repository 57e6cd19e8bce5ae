//! Shared helpers: paths, a per-binary cache of opened fixtures, running the CLI.

use piao_extract::config::Config;
use piao_extract::layout::{self, PageText};
use piao_extract::pdf::{self, Document};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// Every file under `dir` whose file name `keep` accepts, relative path → bytes: the
/// folder comparisons of the batch tests, each leaving out its run's own bookkeeping
/// (manifests, the lock's pid, caches, the database compared by rows).
pub fn files_under(dir: &Path, keep: impl Fn(&str) -> bool) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if p.is_dir() {
                stack.push(p);
            } else if keep(&name) {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file in `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}
/// How many PDFs `fixtures/<folder>/` holds, each asserted to be named in `src` (a
/// test file's text, where each PDF's stem stands quoted in its test line) and to have
/// its `.tables.json` and `.records.json` beside it: so a PDF added to the folder
/// without its test or expectations fails loudly.
pub fn pdfs_each_named_in(folder: &str, src: &str) -> usize {
    let dir = fixture(folder);
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "pdf") {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            assert!(
                src.contains(&format!("\"{stem}\"")),
                "fixtures/{folder}/{stem}.pdf has no test line"
            );
            for ext in ["tables.json", "records.json"] {
                assert!(
                    dir.join(format!("{stem}.{ext}")).is_file(),
                    "{stem}.{ext} missing"
                );
            }
            n += 1;
        }
    }
    n
}

/// A file in `tests/bad/`.
pub fn bad(name: &str) -> PathBuf {
    root().join("tests").join("bad").join(name)
}

/// A fixture opened and analysed with the default configuration.
pub struct Opened {
    pub doc: Document,
    pub text: Vec<PageText>,
}

impl Opened {
    /// Every word's text, page by page.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.text
            .iter()
            .flat_map(|p| p.words.iter().map(|w| w.text.as_str()))
    }
}

type Cache = Mutex<BTreeMap<PathBuf, &'static OnceLock<Opened>>>;

/// Open and analyse `path` once per test binary, however many tests ask for it.
///
/// The map lock is held only to find the file's slot; the slot's `OnceLock` makes
/// concurrent askers wait for the one opening, while other files open in parallel.
pub fn opened(path: &Path) -> &'static Opened {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let slot = {
        let mut map = CACHE
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        *map.entry(path.to_path_buf())
            .or_insert_with(|| Box::leak(Box::new(OnceLock::new())))
    };
    slot.get_or_init(|| {
        let bytes = std::fs::read(path).unwrap();
        let config = Config::default();
        let doc = pdf::open(&bytes, &config).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let text = layout::analyze(&doc, &config.layout);
        Opened { doc, text }
    })
}

/// What one run of the real binary did.
pub struct CliRun {
    /// Exit status, or `None` when the process died of a signal.
    pub code: Option<i32>,
    /// Signal that killed the process, if any.
    pub signal: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

/// Run `piao-extract` with `args`, and collect its status, output and wall time.
pub fn run_cli(args: &[&str]) -> CliRun {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_piao-extract"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    CliRun {
        code: out.status.code(),
        signal: out.status.signal(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: start.elapsed(),
    }
}

/// Counts, per thread, the largest single allocation, so a test can tell that a
/// call never asked for a huge buffer (the decompression bomb) while other tests
/// allocate in parallel on their own threads.
pub struct PeakAlloc;

thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

fn note(size: usize) {
    let _ = LARGEST.try_with(|c| c.set(c.get().max(size)));
}

/// The largest single allocation (or reallocation) made on this thread by `f`.
pub fn largest_alloc<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LARGEST.with(|c| c.replace(0));
    let out = f();
    let largest = LARGEST.with(|c| c.replace(before.max(c.get())));
    (out, largest)
}

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for PeakAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size());
        // SAFETY: same contract as ours.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size);
        // SAFETY: same contract as ours.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// A test whose tool or data is missing: skipped with a message on a developer's
/// machine, a FAILURE under `CI=true` (CI installs everything, so a missing piece
/// there is a broken install, never a reason to go green).
pub fn skip(why: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        !ci,
        "{why} (CI=true: a test that cannot run fails instead of skipping)"
    );
    eprintln!("SKIPPED: {why}");
}
