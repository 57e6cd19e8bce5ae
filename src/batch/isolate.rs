//! Process isolation: each input is extracted by a worker process (the binary itself,
//! `piao-extract worker`), so that nothing one file does can end the run.
//!
//! `catch_unwind` contains panics, but not an abort, a stack overflow, a signal, an
//! endless loop or runaway memory inside a dependency. A worker runs under a memory
//! limit (`RLIMIT_AS`, set by the worker on itself before it reads anything) and a
//! wall-time limit per file (the parent kills it), extracts the files it is sent one
//! after the other (one line each on its stdin), writes each file's outputs
//! atomically as the in-process path does, and prints each file's manifest entry
//! with the person index its outputs carry ([`Written`]) as one JSON line on stdout.
//! When no entry comes back, the parent makes one with a
//! typed error: `timeout`, `out_of_memory` or `crashed`, and the next file gets a new
//! worker.
//!
//! A worker serves many files ([`Workers`]: one per thread of the batch) so that a
//! folder pays the process start, the loader's relocations and the one-time setup
//! (rules compiled, reference lists and vocabulary loaded, schemas compiled: ~20 ms
//! of CPU, more than a small file's extraction) once per thread, not once per file.
//! A worker that dies on a file after serving others could have died of what they
//! left behind (memory), so that file is tried once more in a fresh worker: a file's
//! `crashed` or `out_of_memory` is always its own. The first workers of a run are
//! forked from the batch process at its start, without `exec` ([`Workers::prefork`],
//! `batch/fork.rs`); every later one is exec'd.
//!
//! Test hooks (in the worker only, never in-process): `PIAO_TEST_CRASH_ON=<file name>`
//! aborts, `PIAO_TEST_HANG_ON=<file name>` never finishes, `PIAO_TEST_OOM_ON=<file
//! name>` allocates past the memory limit, for inputs with that file name.

use super::pipes::{Next, Pipes};
use super::{Format, Written};
use crate::config::Config;
use crate::error::{Error, Result, first_line};
use std::os::fd::{AsRawFd as _, FromRawFd as _, OwnedFd};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
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
/// How often the parent looks whether a worker that closed its stdout has exited,
/// where the kernel gives no pidfd to wait on.
const EXIT_POLL: Duration = Duration::from_millis(1);
/// Longest single wait on a worker's exit descriptor before its status is looked at
/// again (a safety net: the descriptor wakes the wait when the worker exits).
const EXIT_WAKE: Duration = Duration::from_millis(100);
/// How long a worker may take to end once its stdin is closed (then it is killed),
/// and to finish its stderr once it has exited. Value 500 ms: a worker between files
/// only has to return from `main`; one still running after half a second is stuck.
const EXIT_GRACE: Duration = Duration::from_millis(500);
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

/// mimalloc's first arena, in mimalloc's option syntax: the size every process of
/// the CLI reserves (an exec'd worker through [`MIMALLOC_WORKER_ENV`], the batch
/// process, and so the workers it forks, through [`ARENA_RESERVE_KIB`] set by the
/// binary before its first allocation). Why this size: below.
pub const ARENA_RESERVE: &str = "64MiB";

/// [`ARENA_RESERVE`] in KiB, the unit of mimalloc's `mi_option_set` for it. Not
/// mimalloc's default (1 GiB) for the batch process either: an arena's bitmaps
/// grow with its size, and clearing those of 1 GiB faulted ~39 pages of 4 KiB
/// more in every process than those of 64 MiB (`--version` 201 → 163 faults, a
/// one-page `tables --json` 550 → 508; mimalloc rounds a smaller value up to 64 MiB:
/// docs/speed-rounds.md, round 15). A run that needs more reserves more arenas.
pub const ARENA_RESERVE_KIB: i64 = 64 << 10;

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
    ("MIMALLOC_ARENA_RESERVE", ARENA_RESERVE),
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
    /// Its sha256 when the parent read it (to see whether an earlier entry could be
    /// kept); goes into a failure's entry, which otherwise hashes the file then.
    pub sha256: Option<&'a str>,
    /// The per-input format.
    pub format: Format,
    /// The output folder.
    pub dir: &'a Path,
    /// Threads for its pages.
    pub threads: usize,
    /// Also put it into `DIR/piao.sqlite`.
    pub sqlite: bool,
}

/// What every file of a run shares, and so a worker serves: the format, the output
/// folder, the threads and the dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// The per-input format.
    pub format: Format,
    /// The output folder.
    pub dir: PathBuf,
    /// Threads for the pages of a file.
    pub threads: usize,
    /// Also put the documents into `DIR/piao.sqlite`.
    pub sqlite: bool,
}

impl Role {
    fn of(job: &Job<'_>) -> Self {
        Role {
            format: job.format,
            dir: job.dir.to_path_buf(),
            threads: job.threads,
            sqlite: job.sqlite,
        }
    }
}

/// A worker process: started by `exec`, or forked at the start of the run
/// ([`super::fork`]).
#[derive(Debug)]
enum Proc {
    Spawned(Child),
    Forked {
        pid: libc::pid_t,
        /// Its exit status once reaped (its pid may then be another process's).
        status: Option<ExitStatus>,
    },
}

impl Proc {
    fn try_wait(&mut self) -> std::io::Result<Option<ExitStatus>> {
        match self {
            Proc::Spawned(c) => c.try_wait(),
            Proc::Forked { pid, status } => {
                if status.is_none() {
                    *status = reap(*pid, libc::WNOHANG)?;
                }
                Ok(*status)
            }
        }
    }

    fn wait(&mut self) -> std::io::Result<ExitStatus> {
        match self {
            Proc::Spawned(c) => c.wait(),
            Proc::Forked { pid, status } => loop {
                if let Some(s) = *status {
                    return Ok(s);
                }
                *status = reap(*pid, 0)?;
            },
        }
    }

    /// Its process id while it is not reaped (after that the id may be another
    /// process's); only asked once `try_wait` said it runs.
    fn live_pid(&self) -> Option<libc::pid_t> {
        match self {
            Proc::Spawned(c) => libc::pid_t::try_from(c.id()).ok(),
            Proc::Forked { pid, status: None } => Some(*pid),
            Proc::Forked { .. } => None,
        }
    }

    fn kill(&mut self) -> std::io::Result<()> {
        match self {
            Proc::Spawned(c) => c.kill(),
            // once reaped, the pid is not ours to signal
            Proc::Forked {
                status: Some(_), ..
            } => Ok(()),
            Proc::Forked { pid, .. } => {
                // SAFETY: kill sends a signal to our own child process.
                match unsafe { libc::kill(*pid, libc::SIGKILL) } {
                    0 => Ok(()),
                    _ => Err(std::io::Error::last_os_error()),
                }
            }
        }
    }
}

/// `waitpid(pid, options)`: the status once the process has ended, `None` while it
/// runs (with `WNOHANG`).
fn reap(pid: libc::pid_t, options: libc::c_int) -> std::io::Result<Option<ExitStatus>> {
    let mut raw: libc::c_int = 0;
    // SAFETY: waitpid writes the status into `raw`, a valid c_int.
    match unsafe { libc::waitpid(pid, &mut raw, options) } {
        0 => Ok(None),
        r if r == pid => Ok(Some(ExitStatus::from_raw(raw))),
        _ => {
            let e = std::io::Error::last_os_error();
            match e.kind() {
                std::io::ErrorKind::Interrupted => Ok(None),
                _ => Err(e),
            }
        }
    }
}

/// A live worker process serving files one after another.
struct Worker {
    child: Proc,
    role: Role,
    /// Its stdin: one job line per file (closed first when it is dropped).
    jobs: Option<std::process::ChildStdin>,
    /// Its stdout (entry lines) and stderr (the end kept; cleared before each file).
    pipes: Pipes,
    /// Files it has served.
    served: usize,
}

/// The worker processes of one run, one per thread of the batch pool, each kept for
/// the next file of its thread. Dropping it ends them (their stdin closes: a worker
/// exits when it has no more files).
#[derive(Default)]
pub struct Workers {
    slots: Vec<std::sync::Mutex<Option<Worker>>>,
    /// The run has one file: its worker's stdin is closed once that file is sent.
    one_file: bool,
    /// A worker ended without handing its file back ([`Workers::lost`]).
    lost: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Workers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Workers({} slots)", self.slots.len())
    }
}

impl Workers {
    /// Room for one worker per thread of a pool of `threads`.
    pub fn new(threads: usize) -> Self {
        Workers {
            slots: (0..threads.max(1))
                .map(|_| std::sync::Mutex::new(None))
                .collect(),
            one_file: false,
            lost: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Whether a worker of this run ended without handing its file back (a crash,
    /// memory, the time limit, a broken pipe, or it could not start): it may have been
    /// killed in the middle of writing an output, leaving a temporary file, so the run
    /// sweeps its folder at the end (`lock::FolderLock::finish`).
    pub fn lost(&self) -> bool {
        self.lost.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Remember that a worker ended without handing its file back (`gone`).
    fn note_lost(&self, gone: bool) {
        if gone {
            self.lost.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// The same, for a run of one file (`true`): its worker is sent that file and the
    /// end of its input together, so it exits as soon as it has handed the file back
    /// (while the batch writes the manifest) instead of blocking for a next file and
    /// being woken again to end.
    pub fn one_file(mut self, one: bool) -> Self {
        self.one_file = one;
        self
    }

    /// Fork up to `count` workers for files of `role` into the first slots, while
    /// this process may fork (one thread, its address space under the limit: see
    /// `batch/fork.rs`); the others start by `exec` when first needed.
    pub fn prefork(&self, count: usize, role: &Role, iso: &Isolation, config: &Config) {
        if iso.max_memory < SMALL_MEMORY {
            // the lean settings of a small limit come from an exec'd worker's
            // environment (`MIMALLOC_WORKER_ENV`)
            return;
        }
        let args = WorkerArgs {
            format: role.format,
            dir: role.dir.clone(),
            max_memory: iso.max_memory,
            threads: role.threads,
            sqlite: role.sqlite,
        };
        for slot in self.slots.iter().take(count) {
            if !super::fork::allowed(iso.max_memory) {
                return;
            }
            let Ok(f) = super::fork::fork_worker(|| worker(&args, config)) else {
                return;
            };
            let worker = Worker {
                child: Proc::Forked {
                    pid: f.pid,
                    status: None,
                },
                role: role.clone(),
                jobs: Some(f.jobs),
                pipes: Pipes::new(f.out, f.err, STDERR_TAIL),
                served: 0,
            };
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(worker);
        }
    }

    /// Extract one input in this thread's worker process (started if need be); what
    /// it hands back, or an entry with the typed error of its end.
    pub fn run(&self, job: &Job<'_>, iso: &Isolation) -> Written {
        let at = rayon::current_thread_index().unwrap_or(0);
        let Some(slot) = self.slots.get(at % self.slots.len().max(1)) else {
            let (entry, alive, _) = one(job, iso, None, true);
            self.note_lost(alive.is_none());
            return entry;
        };
        let mut held = slot.lock().unwrap_or_else(|e| e.into_inner());
        // a worker told its input has ended takes no other file
        let kept = held
            .take()
            .filter(|w| w.role == Role::of(job) && w.jobs.is_some());
        let reused = kept.as_ref().is_some_and(|w| w.served > 0);
        let last = self.one_file;
        let (entry, alive, died) = one(job, iso, kept, last);
        self.note_lost(alive.is_none());
        // a death after other files may be theirs (memory they left): try it fresh
        let (entry, alive) = match (reused, died) {
            (true, true) => {
                let (e, a, _) = one(job, iso, None, last);
                (e, a)
            }
            _ => (entry, alive),
        };
        *held = alive;
        entry
    }
}

/// One input in `worker` (or a new one): the entry, the worker if it lives on, and
/// whether it died of a crash or of memory (not of the time limit). `last`: the
/// worker gets no other file (its stdin is closed once this one is sent).
fn one(
    job: &Job<'_>,
    iso: &Isolation,
    worker: Option<Worker>,
    last: bool,
) -> (Written, Option<Worker>, bool) {
    let worker = match worker {
        Some(w) => Ok(w),
        None => spawn(job, iso),
    };
    let outcome = worker.and_then(|w| w.serve(job, iso, last));
    match outcome {
        Ok((entry, w)) => (entry, Some(w), false),
        Err(e) => {
            let died = !matches!(e, Error::Timeout { .. } | Error::Io(_));
            let sha = job
                .sha256
                .map(str::to_string)
                .or_else(|| file_sha256(job.path));
            let entry = super::failed(job.path, sha, &e, job.format);
            (Written::failed(entry), None, died)
        }
    }
}

/// The sha256 of the file at `path` for the entry of a worker that died on it (`None`
/// when it cannot be read, as when the batch could not read it).
fn file_sha256(path: &Path) -> Option<String> {
    std::fs::read(path)
        .ok()
        .map(|bytes| crate::extract::sha256_hex(&bytes))
}

/// Start a worker for the files of `job`'s run.
fn spawn(job: &Job<'_>, iso: &Isolation) -> Result<Worker> {
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
    let mut child = cmd
        .arg("--format")
        .arg(format_name(job.format))
        .arg("--out")
        .arg(job.dir)
        .arg("--max-memory")
        .arg(iso.max_memory.to_string())
        .arg("--threads")
        .arg(threads_under(iso.max_memory, job.threads).to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let (Some(jobs), Some(out), Some(err)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(Error::Io(std::io::Error::other("worker pipes missing")));
    };
    Ok(Worker {
        child: Proc::Spawned(child),
        role: Role::of(job),
        jobs: Some(jobs),
        pipes: Pipes::new(out, err, STDERR_TAIL),
        served: 0,
    })
}

/// A job's line on a worker's stdin: the stem, a tab, the path's bytes in hex (a path
/// need not be UTF-8).
fn job_line(job: &Job<'_>) -> String {
    use std::os::unix::ffi::OsStrExt as _;
    let hex: String = job
        .path
        .as_os_str()
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{}\t{hex}\n", job.stem)
}

/// A job line back into the stem and the path.
fn parse_job_line(line: &[u8]) -> Option<(String, PathBuf)> {
    use std::os::unix::ffi::OsStringExt as _;
    let line = std::str::from_utf8(line)
        .ok()?
        .trim_end_matches(['\n', '\r']);
    let (stem, hex) = line.split_once('\t')?;
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect();
    let path = std::ffi::OsString::from_vec(bytes?);
    Some((stem.to_string(), PathBuf::from(path)))
}

impl Worker {
    /// Send one file (and with `last`, the end of the worker's input), wait for its
    /// entry until the time limit; the entry and the worker, or the typed error of the
    /// worker's end (then it is gone).
    fn serve(mut self, job: &Job<'_>, iso: &Isolation, last: bool) -> Result<(Written, Worker)> {
        use std::io::Write as _;
        self.pipes.clear_tail();
        let sent = match self.jobs.as_mut() {
            Some(jobs) => jobs
                .write_all(job_line(job).as_bytes())
                .and_then(|()| jobs.flush()),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        };
        if last {
            drop(self.jobs.take());
        }
        let deadline = Instant::now() + iso.timeout;
        if sent.is_ok() {
            loop {
                match self.pipes.next_line(deadline) {
                    Ok(Next::Line(line)) => {
                        if let Ok(entry) = serde_json::from_slice::<Written>(&line) {
                            self.served += 1;
                            return Ok((entry, self));
                        }
                    }
                    Ok(Next::TimedOut) => return Err(self.end(None, iso)),
                    Ok(Next::Closed) | Err(_) => break,
                }
            }
        }
        // stdout closed: the worker is ending; it has a moment left to exit
        let status = exit_by(&mut self.child, deadline)?;
        Err(self.end(status, iso))
    }

    /// The error of a worker that ended (`status`) or ran out of time (`None`: it is
    /// killed).
    fn end(mut self, status: Option<ExitStatus>, iso: &Isolation) -> Error {
        let status = match status {
            Some(s) => s,
            None => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                return Error::Timeout {
                    seconds: iso.timeout.as_secs_f64().ceil() as u64,
                };
            }
        };
        // it has exited: what it said last is in the pipe already
        self.pipes.drain_err(Instant::now() + EXIT_GRACE);
        let stderr = String::from_utf8_lossy(self.pipes.tail()).into_owned();
        death(&stderr, status, iso.max_memory)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // with its stdin closed the worker exits after its file; never leave it
        // behind (a worker that does not go is killed)
        drop(self.jobs.take());
        if matches!(self.child.try_wait(), Ok(None)) {
            let deadline = Instant::now() + EXIT_GRACE;
            if !matches!(exit_by(&mut self.child, deadline), Ok(Some(_))) {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
        }
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

/// The exit status once the child has exited, or `None` at the deadline. The wait is
/// woken by the exit itself (a pidfd, Linux 5.3 on), not by a clock: sleeping
/// [`EXIT_POLL`] at a time cost a one-file run up to that much wall time after its
/// worker had ended (the batch waits for it before it writes the manifest), and a
/// wake-up per millisecond. Where no pidfd can be had, it sleeps as before.
fn exit_by(child: &mut Proc, deadline: Instant) -> Result<Option<ExitStatus>> {
    let mut exit: Option<Option<OwnedFd>> = None;
    loop {
        if let Some(s) = child.try_wait()? {
            return Ok(Some(s));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(None);
        }
        // opened once the child is known unreaped, so its pid is still its own
        match exit.get_or_insert_with(|| child.live_pid().and_then(pidfd)) {
            Some(fd) => wait_readable(fd, left.min(EXIT_WAKE)),
            None => std::thread::sleep(EXIT_POLL),
        }
    }
}

/// A descriptor that becomes readable when process `pid` (a child not yet reaped)
/// exits; `None` where the kernel has no `pidfd_open`.
#[cfg(target_os = "linux")]
fn pidfd(pid: libc::pid_t) -> Option<OwnedFd> {
    // SAFETY: pidfd_open takes a pid and flags; it returns a new descriptor or -1.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    let fd = libc::c_int::try_from(fd).ok().filter(|fd| *fd >= 0)?;
    // SAFETY: a descriptor just opened for us alone.
    Some(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Elsewhere the wait sleeps [`EXIT_POLL`] at a time.
#[cfg(not(target_os = "linux"))]
fn pidfd(_: libc::pid_t) -> Option<OwnedFd> {
    None
}

/// Wait until `fd` is readable or `timeout` has passed (or a signal came).
fn wait_readable(fd: &OwnedFd, timeout: Duration) {
    let mut p = libc::pollfd {
        fd: fd.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = i32::try_from(timeout.as_micros().div_ceil(1000)).unwrap_or(i32::MAX);
    // SAFETY: poll reads and writes the one pollfd we pass.
    unsafe { libc::poll(&mut p, 1, ms) };
}

/// Why a worker that printed no entry died. Out of memory is told by what it printed,
/// in one message of ours (the runtime's own can come out cut or twice).
fn death(stderr: &str, status: ExitStatus, max_memory: u64) -> Error {
    let line = |needle: &str| stderr.lines().find(|l| l.contains(needle)).map(first_line);
    let oom = line(ALLOC_FAILED).is_some() || OUT_OF_MEMORY_SIGNS.iter().any(|s| line(s).is_some());
    if oom {
        return Error::OutOfMemory(format!(
            "the worker needed more than --max-memory {}",
            mib(max_memory)
        ));
    }
    if line(STACK_OVERFLOW).is_some() {
        return Error::Crashed("stack overflow".into());
    }
    let last = stderr
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

/// What the `worker` command is asked to do (the files come on its stdin).
#[derive(Debug, Clone)]
pub struct WorkerArgs {
    /// The per-input format.
    pub format: Format,
    /// The output folder.
    pub dir: PathBuf,
    /// The address-space limit.
    pub max_memory: u64,
    /// Threads for the pages.
    pub threads: usize,
    /// Also put the documents into `DIR/piao.sqlite`.
    pub sqlite: bool,
}

/// Print what a worker did with a file as its one line on stdout; false when stdout
/// is gone.
fn hand_back(entry: &Written) -> bool {
    use std::io::Write as _;
    match serde_json::to_string(entry) {
        Ok(line) => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{line}").and_then(|()| out.flush()).is_ok()
        }
        Err(e) => {
            super::progress::say(&format!("cannot serialise the entry: {e}"));
            false
        }
    }
}

/// The `worker` command: under the memory limit, extract each file named on stdin (a
/// job line: stem, tab, the path's bytes in hex) and print its entry as one JSON line,
/// until stdin closes. Returns the process exit status (0: every failure of a file is
/// in its entry).
pub fn worker(a: &WorkerArgs, config: &Config) -> i32 {
    die_with_parent();
    if let Err(e) = limit_memory(a.max_memory) {
        super::progress::say(&format!("cannot set the memory limit: {e}"));
    }
    let ready = setup(a);
    let mut stdin = std::io::stdin().lock();
    loop {
        let mut line = Vec::new();
        match std::io::BufRead::read_until(&mut stdin, b'\n', &mut line) {
            Ok(0) | Err(_) => return 0,
            Ok(_) => {}
        }
        let Some((stem, path)) = parse_job_line(&line) else {
            super::progress::say("worker: a job line it cannot read");
            return Error::Invalid(String::new()).exit_code();
        };
        let entry = match &ready {
            Ok(store) => {
                test_hooks(&path, a.max_memory);
                // this thread is the pool's first (`setup`): the stages' parallel
                // calls run here and on the pool's other threads, none handed over
                let store = store.as_ref();
                super::extract_one(&path, &stem, a.format, &a.dir, config, store)
            }
            Err(e) => Written::failed(super::failed(&path, None, e, a.format)),
        };
        if !hand_back(&entry) {
            return Error::Invalid(String::new()).exit_code();
        }
    }
}

/// A worker's one-time setup: its page threads and the dataset it writes to.
///
/// The worker's own thread is the first thread of its pool (`use_current_thread`):
/// it extracts the files itself and the pool starts `threads - 1` more, none for a
/// worker of one thread (`-j 1`, or one core). Before, the pool started `threads`
/// threads while this one only waited for each file: a thread started (its 2 MiB
/// stack mapped, mimalloc's per-thread state made, ~110 page faults) and two
/// hand-overs per file, for nothing (docs/speed-rounds.md, round 8).
fn setup(a: &WorkerArgs) -> Result<Option<crate::dataset::sqlite::Store>> {
    // The batch runs one worker per job: a worker does not spread over every core.
    rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.max(1))
        .use_current_thread()
        .build_global()
        .map_err(|e| {
            Error::OutOfMemory(format!(
                "cannot start {} threads under --max-memory {}: {e}",
                a.threads.max(1),
                mib(a.max_memory)
            ))
        })?;
    match a.sqlite {
        true => crate::dataset::sqlite::Store::open(&a.dir.join(crate::dataset::sqlite::FILE_NAME))
            .map(Some),
        false => Ok(None),
    }
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

    /// The exec'd workers' arena and the batch process's are one size, said twice
    /// in two units (mimalloc's option text, `mi_option_set`'s KiB).
    #[test]
    fn the_arena_reserve_is_one_size() {
        assert_eq!(
            parse_bytes(ARENA_RESERVE),
            Ok((ARENA_RESERVE_KIB as u64) << 10)
        );
    }
}
