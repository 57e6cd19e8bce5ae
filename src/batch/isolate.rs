//! Process isolation: each input is extracted by a worker process (the binary itself,
//! `piao-extract worker`), so that nothing one file does can end the run.
//!
//! `catch_unwind` contains panics, but not an abort, a stack overflow, a signal, an
//! endless loop or runaway memory inside a dependency. A worker runs under a memory
//! limit (`RLIMIT_AS`, set by the worker on itself before it reads anything) and a
//! wall-time limit (the parent kills it), extracts one file, writes its outputs
//! atomically as the in-process path does, and prints its manifest [`Entry`] as one
//! JSON line on stdout. When no entry comes back, the parent makes one with a typed
//! error: `timeout`, `out_of_memory` or `crashed`.
//!
//! Test hooks (in the worker only, never in-process): `PIAO_TEST_CRASH_ON=<file name>`
//! aborts, `PIAO_TEST_HANG_ON=<file name>` never finishes, `PIAO_TEST_OOM_ON=<file
//! name>` allocates past the memory limit, for inputs with that file name.

use super::Format;
use super::manifest::Entry;
use crate::config::Config;
use crate::error::{Error, Result, first_line};
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Environment variable of the crash hook.
pub const CRASH_ENV: &str = "PIAO_TEST_CRASH_ON";
/// Environment variable of the hang hook.
pub const HANG_ENV: &str = "PIAO_TEST_HANG_ON";
/// Environment variable of the out-of-memory hook.
pub const OOM_ENV: &str = "PIAO_TEST_OOM_ON";

/// Default wall-time limit per file. Value 120 s: the largest plans seen (300 pages)
/// take a few seconds in a release build; a file still running after two minutes is
/// stuck, not slow.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// Default address-space limit per worker. Value 2 GiB: the pipeline keeps the
/// decompressed streams (at most `Limits::max_total_bytes`) and one document; twice
/// that is room, and `-j` workers at once still fit a laptop.
pub const DEFAULT_MAX_MEMORY: u64 = 2 << 30;
/// Bytes of a worker's stderr kept for the error message (the end of it).
const STDERR_TAIL: usize = 4096;
/// How often the parent looks whether a worker that closed its stdout has exited.
const EXIT_POLL: Duration = Duration::from_millis(1);
/// What the Rust runtime prints when an allocation fails (then it aborts). When the
/// message itself cannot be formatted it is cut short or printed twice
/// (`memory allocation of memory allocation of 40 bytes failed`), so only its start
/// is looked for, and the error says what happened in words of its own.
const ALLOC_FAILED: &str = "memory allocation of";
/// Other signs, on a worker's stderr, that it ran out of its address space: a thread
/// that could not start, mimalloc or the C library failing to map memory.
const OUT_OF_MEMORY_SIGNS: &[&str] = &[
    "failed to spawn thread",
    "Cannot allocate memory",
    "out of memory",
    "unable to allocate",
];
/// What the Rust runtime prints on a stack overflow (then it aborts).
const STACK_OVERFLOW: &str = "has overflowed its stack";

/// Limits of the worker processes.
#[derive(Debug, Clone)]
pub struct Isolation {
    /// Wall time one file may take.
    pub timeout: Duration,
    /// Address space one worker may use, in bytes.
    pub max_memory: u64,
    /// The worker program: this binary.
    pub program: PathBuf,
    /// Vocabulary files the run's vocabulary was extended with (`--vocab`), given to
    /// each worker.
    pub vocab: Vec<String>,
}

impl Isolation {
    /// Workers of the running binary, with these limits.
    pub fn new(timeout: Duration, max_memory: u64) -> Result<Self> {
        Ok(Isolation {
            timeout,
            max_memory,
            program: std::env::current_exe()?,
            vocab: Vec::new(),
        })
    }

    /// The same workers, reading these vocabulary files too.
    pub fn with_vocab(mut self, files: &[String]) -> Self {
        self.vocab = files.to_vec();
        self
    }
}

/// mimalloc settings for workers (each applied unless the environment sets it):
/// - `ARENA_RESERVE` 64 MiB: mimalloc reserves 1 GiB of address space per arena by
///   default, which a worker's RLIMIT_AS (`--max-memory`) counts; 64 MiB runs every
///   fixture under a 1 GiB limit, where the default cannot even start the thread pool.
/// - `ARENA_EAGER_COMMIT` 0: arena memory is committed as it is used and freed memory
///   goes back to the system; the 1,000-page benchmark plan peaks at ~75–80 MiB
///   instead of ~105 MiB (`cargo bench --bench pipeline -- --synth 1000`). A shorter
///   `PURGE_DELAY` (1 ms) saved a few MiB more but cost `-j 2` a fifth of its speed
///   (two workers faulting pages back in), so the default delay stays.
pub const MIMALLOC_WORKER_ENV: &[(&str, &str)] = &[
    ("MIMALLOC_ARENA_RESERVE", "64MiB"),
    ("MIMALLOC_ARENA_EAGER_COMMIT", "0"),
    // glibc's malloc (libc's own use only: Rust allocates through mimalloc) reserves
    // 64 MiB of address space per thread arena; three of them took 190 MiB of a
    // worker's RLIMIT_AS before it read a byte
    ("MALLOC_ARENA_MAX", "1"),
    // a backtrace printed on an allocation failure allocates too: the message came
    // out doubled and the worker died another way (issue 19)
    ("RUST_BACKTRACE", "0"),
];

/// A `--max-memory` under which a worker runs as lean as it can: mimalloc reserves no
/// arena up front and the pages of its file are read on one thread. Value 256 MiB:
/// RLIMIT_AS counts address space, not memory used; 002 (22 pages) peaks at 57 MB of
/// it on one thread, 76 MB on two and 86 MB with a 64 MiB arena, so `--max-memory
/// 64MiB` runs a small file only this way; above 256 MiB the arena and the second
/// thread fit and are worth their speed.
pub const SMALL_MEMORY: u64 = 256 << 20;

/// Threads a worker may use under `max_memory` (see [`SMALL_MEMORY`]).
pub fn threads_under(max_memory: u64, wanted: usize) -> usize {
    if max_memory < SMALL_MEMORY {
        1
    } else {
        wanted.max(1)
    }
}

/// One input for a worker.
#[derive(Debug, Clone, Copy)]
pub struct Job<'a> {
    /// The input.
    pub path: &'a Path,
    /// Its part of the output names.
    pub stem: &'a str,
    /// Its sha256 (read by the parent; goes into a failure's entry).
    pub sha256: &'a str,
    /// The per-input format.
    pub format: Format,
    /// The output folder.
    pub dir: &'a Path,
    /// Threads for its pages.
    pub threads: usize,
    /// Also put it into `DIR/piao.sqlite`.
    pub sqlite: bool,
}

/// Extract one input in a worker process; the entry it returns, or one with the
/// typed error of its end.
pub fn run(job: &Job<'_>, iso: &Isolation) -> Entry {
    let mut cmd = Command::new(&iso.program);
    cmd.arg("worker");
    for (name, value) in MIMALLOC_WORKER_ENV {
        let value = match *name {
            "MIMALLOC_ARENA_RESERVE" if iso.max_memory < SMALL_MEMORY => "0",
            "RUST_BACKTRACE" if std::env::var_os("PIAO_DEBUG_PANICS").is_some() => continue,
            _ => value,
        };
        if std::env::var_os(name).is_none() || *name == "RUST_BACKTRACE" {
            cmd.env(name, value);
        }
    }
    if job.sqlite {
        cmd.arg("--sqlite");
    }
    if crate::output::write::durable() {
        cmd.arg("--durable");
    }
    for v in &iso.vocab {
        cmd.arg("--vocab").arg(v);
    }
    let spawned = cmd
        .arg("--format")
        .arg(format_name(job.format))
        .arg("--out")
        .arg(job.dir)
        .arg("--stem")
        .arg(job.stem)
        .arg("--max-memory")
        .arg(iso.max_memory.to_string())
        .arg("--threads")
        .arg(threads_under(iso.max_memory, job.threads).to_string())
        .arg("--")
        .arg(job.path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let outcome = match spawned {
        Ok(child) => wait(child, iso.timeout),
        Err(e) => Err(Error::Io(e)),
    };
    match outcome.and_then(|w| w.entry(iso)) {
        Ok(entry) => entry,
        Err(e) => super::failed(job.path, Some(job.sha256.to_string()), &e, job.format),
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Records => "records",
        Format::Csv => "csv",
        Format::Sqlite => "sqlite",
        Format::Parquet => "parquet",
    }
}

/// A size in MiB for a message.
fn mib(bytes: u64) -> String {
    format!("{} MiB", bytes >> 20)
}

/// How a worker ended.
struct Waited {
    stdout: Vec<u8>,
    stderr: String,
    /// `None` when it was killed for taking too long.
    status: Option<ExitStatus>,
}

/// Wait for `child` until `timeout`, reading its stdout and stderr meanwhile (a full
/// pipe would block it); kill it at the limit.
fn wait(mut child: Child, timeout: Duration) -> Result<Waited> {
    let deadline = Instant::now() + timeout;
    let (tx, rx) = mpsc::channel();
    let out_pipe = child.stdout.take();
    let err_pipe = child.stderr.take();
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = out_pipe {
            let _ = p.read_to_end(&mut buf);
        }
        let _ = tx.send(());
        buf
    });
    let err = std::thread::spawn(move || tail(err_pipe));
    // Stdout closes when the worker exits (or closes it); then it has a moment left.
    let _ = rx.recv_timeout(timeout);
    let status = exit_by(&mut child, deadline)?;
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    Ok(Waited {
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        status,
    })
}

/// The exit status once the child has exited, or `None` at the deadline.
fn exit_by(child: &mut Child, deadline: Instant) -> Result<Option<ExitStatus>> {
    loop {
        if let Some(s) = child.try_wait()? {
            return Ok(Some(s));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(EXIT_POLL);
    }
}

/// The last [`STDERR_TAIL`] bytes of a pipe, as text.
fn tail(pipe: Option<std::process::ChildStderr>) -> String {
    let Some(mut p) = pipe else {
        return String::new();
    };
    let mut kept: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n) = p.read(&mut chunk) {
        if n == 0 {
            break;
        }
        kept.extend_from_slice(chunk.get(..n).unwrap_or_default());
        let excess = kept.len().saturating_sub(STDERR_TAIL);
        kept.drain(..excess);
    }
    String::from_utf8_lossy(&kept).into_owned()
}

impl Waited {
    /// The worker's entry, or the typed error of how it ended.
    fn entry(self, iso: &Isolation) -> Result<Entry> {
        let Some(status) = self.status else {
            return Err(Error::Timeout {
                seconds: iso.timeout.as_secs_f64().ceil() as u64,
            });
        };
        let last = self.stdout.split(|&b| b == b'\n').rfind(|l| !l.is_empty());
        if let Some(entry) = last.and_then(|l| serde_json::from_slice::<Entry>(l).ok()) {
            return Ok(entry);
        }
        Err(self.death(status, iso.max_memory))
    }

    /// Why a worker that printed no entry died. Out of memory is told by what it
    /// printed, in one message of ours (the runtime's own can come out cut or twice).
    fn death(&self, status: ExitStatus, max_memory: u64) -> Error {
        let line = |needle: &str| {
            self.stderr
                .lines()
                .find(|l| l.contains(needle))
                .map(first_line)
        };
        let oom =
            line(ALLOC_FAILED).is_some() || OUT_OF_MEMORY_SIGNS.iter().any(|s| line(s).is_some());
        if oom {
            return Error::OutOfMemory(format!(
                "the worker needed more than --max-memory {}",
                mib(max_memory)
            ));
        }
        if line(STACK_OVERFLOW).is_some() {
            return Error::Crashed("stack overflow".into());
        }
        let last = self
            .stderr
            .lines()
            .rfind(|l| !l.trim().is_empty())
            .map(|l| format!(": {}", first_line(l)))
            .unwrap_or_default();
        match (status.signal(), status.code()) {
            (Some(sig), _) => Error::Crashed(format!("killed by signal {sig}{last}")),
            (None, Some(code)) => Error::Crashed(format!("worker exited with status {code}{last}")),
            (None, None) => Error::Crashed(format!("worker ended abnormally{last}")),
        }
    }
}

/// The `worker` command: extract one file under the memory limit and print its entry
/// as one JSON line. Returns the process exit status (0 whenever an entry was printed:
/// a failure of the file is in the entry).
/// What the `worker` command is asked to do.
#[derive(Debug, Clone)]
pub struct WorkerArgs {
    /// The input.
    pub path: PathBuf,
    /// Its part of the output names.
    pub stem: String,
    /// The per-input format.
    pub format: Format,
    /// The output folder.
    pub dir: PathBuf,
    /// The address-space limit.
    pub max_memory: u64,
    /// Threads for the pages.
    pub threads: usize,
    /// Also put the document into `DIR/piao.sqlite`.
    pub sqlite: bool,
}

/// Print a worker's entry as its one line on stdout.
fn hand_back(entry: &Entry) -> i32 {
    use std::io::Write as _;
    match serde_json::to_string(entry) {
        Ok(line) => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}").and_then(|()| out.flush());
            0
        }
        Err(e) => {
            super::progress::say(&format!("cannot serialise the entry: {e}"));
            Error::Invalid(String::new()).exit_code()
        }
    }
}

/// The `worker` command: extract one file under the memory limit and print its entry
/// as one JSON line. Returns the process exit status (0 whenever an entry was printed:
/// a failure of the file is in the entry).
pub fn worker(a: &WorkerArgs, config: &Config) -> i32 {
    die_with_parent();
    if let Err(e) = limit_memory(a.max_memory) {
        super::progress::say(&format!("cannot set the memory limit: {e}"));
    }
    // The batch runs one worker per job: a worker does not spread over every core.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.max(1))
        .build_global();
    if let Err(e) = pool {
        let err = Error::OutOfMemory(format!(
            "cannot start {} threads under --max-memory {}: {e}",
            a.threads.max(1),
            mib(a.max_memory)
        ));
        return hand_back(&super::failed(&a.path, None, &err, a.format));
    }
    test_hooks(&a.path, a.max_memory);
    let store = match a.sqlite {
        true => {
            let db = a.dir.join(crate::dataset::sqlite::FILE_NAME);
            match crate::dataset::sqlite::Store::open(&db) {
                Ok(s) => Some(s),
                Err(e) => return hand_back(&super::failed(&a.path, None, &e, a.format)),
            }
        }
        false => None,
    };
    let entry = super::extract_one(&a.path, &a.stem, a.format, &a.dir, config, store.as_ref());
    hand_back(&entry)
}

/// Ask the kernel to kill this worker when the batch process dies (killed, or
/// interrupted): a worker stuck in an endless loop must not outlive its run. (The
/// kernel watches the spawning thread, a batch pool thread, which lives as long as
/// the run.)
#[cfg(target_os = "linux")]
fn die_with_parent() {
    // SAFETY: PR_SET_PDEATHSIG takes a signal number and changes only this process.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
}

/// Elsewhere the parent's timeout is the only bound.
#[cfg(not(target_os = "linux"))]
fn die_with_parent() {}

/// Cap this process's address space (`RLIMIT_AS`): an allocation past it fails, and
/// the Rust runtime aborts with "memory allocation of N bytes failed".
fn limit_memory(bytes: u64) -> std::io::Result<()> {
    let lim = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct we pass and changes only this process's limit.
    let rc = unsafe { libc::setrlimit(libc::RLIMIT_AS, &lim) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// The test hooks of the module docs.
fn test_hooks(path: &Path, max_memory: u64) {
    let is =
        |var: &str| std::env::var_os(var).is_some_and(|v| path.file_name() == Some(v.as_os_str()));
    if is(CRASH_ENV) {
        std::process::abort();
    }
    if is(OOM_ENV) {
        let size = usize::try_from(max_memory).unwrap_or(usize::MAX);
        std::hint::black_box(vec![1u8; size]);
    }
    if is(HANG_ENV) {
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
}

/// Parse a duration: `120`, `120s`, `2m`, `500ms`, `1h`.
pub fn parse_duration(s: &str) -> std::result::Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("not a duration: {s:?} (e.g. 120s, 2m, 500ms)"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        other => return Err(format!("unknown unit {other:?} in {s:?} (ms, s, m, h)")),
    };
    Duration::try_from_secs_f64(secs).map_err(|e| format!("{s:?}: {e}"))
}

/// Parse a size in bytes: `2147483648`, `2GiB`, `512MiB`, `2G`, `512M`, `64K`.
pub fn parse_bytes(s: &str) -> std::result::Result<u64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("not a size: {s:?} (e.g. 2GiB, 512MiB)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        other => return Err(format!("unknown unit {other:?} in {s:?} (K, M, G, T)")),
    };
    n.checked_shl(shift)
        .filter(|v| v >> shift == n)
        .ok_or_else(|| format!("{s:?} is too large"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes_parse() {
        assert_eq!(parse_duration("120s"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        assert!(parse_duration("fast").is_err());
        assert_eq!(parse_bytes("2GiB"), Ok(2 << 30));
        assert_eq!(parse_bytes("512M"), Ok(512 << 20));
        assert_eq!(parse_bytes("1000"), Ok(1000));
        assert!(parse_bytes("2XB").is_err());
        assert!(parse_bytes("99999999999T").is_err());
    }
}
