//! Workers started by `fork` alone, at the start of a run, while the batch process
//! still runs one thread: no `exec`, so no second pass of the dynamic loader (its
//! libraries mapped and linked; ~51,000 relocations too before the binary was linked
//! without PIE, round 6), no second runtime start, argument parsing and vocabulary
//! load: ~2 ms of a one-file run's CPU (docs/speed-rounds.md, round 4).
//!
//! A fork copies only the calling thread, and a lock another thread held at that
//! moment stays locked in the child forever, so a worker is forked only while this
//! process runs one thread ([`allowed`]: before the batch's pool, progress bar or any
//! worker's threads exist; a library caller's own threads count too). A worker that
//! must be started later (the first one died, timed out or ran out of memory; more
//! workers than were forked) starts by `exec`, as before.
//!
//! The forked worker is the same program as an exec'd one, started from the same
//! state (this run's configuration, already in memory), and runs the same loop
//! (`isolate::worker`, given by the caller): it sets its memory limit and asks to die with the
//! batch process before it reads its first file; its stdin, stdout and stderr are
//! pipes to the batch process, every other descriptor of the batch process (the
//! folder lock, the journal, the dataset) is closed in it.

use std::io::Write as _;
use std::os::fd::{AsRawFd as _, OwnedFd};
use std::process::{ChildStderr, ChildStdin, ChildStdout};

/// Exit status of a forked worker that could not set up its standard streams (it
/// never read a file: the batch process reports it as a crashed worker).
const SETUP_FAILED: i32 = 70;

/// A worker forked from this process.
#[derive(Debug)]
pub struct Forked {
    /// Its process id.
    pub pid: libc::pid_t,
    /// Its stdin: one job line per file.
    pub jobs: ChildStdin,
    /// Its stdout: one line per file done.
    pub out: ChildStdout,
    /// Its stderr.
    pub err: ChildStderr,
}

/// Whether a worker may be forked now under `max_memory`: this process runs one
/// thread, and its address space is under `max_memory` (the child inherits it, and
/// its `RLIMIT_AS` counts it).
pub fn allowed(max_memory: u64) -> bool {
    threads() == Some(1) && address_space().is_some_and(|size| size < max_memory)
}

/// Threads of this process (`/proc/self/stat`, field 20).
fn threads() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // the command name (field 2) may hold spaces and parentheses: count after its end
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(17)?.parse().ok()
}

/// Bytes of address space of this process (`/proc/self/statm`, first field).
fn address_space() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().next()?.parse().ok()?;
    // SAFETY: sysconf reads a constant of the system.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    pages.checked_mul(u64::try_from(page).ok()?)
}

/// Fork a worker process that runs `serve` (the worker loop, reading job lines on
/// its stdin) and ends with the status it returns. Only when [`allowed`] said so.
pub fn fork_worker(serve: impl FnOnce() -> i32) -> std::io::Result<Forked> {
    let (job_r, job_w) = std::io::pipe()?;
    let (out_r, out_w) = std::io::pipe()?;
    let (err_r, err_w) = std::io::pipe()?;
    // nothing buffered here may come out twice
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: getpid has no preconditions.
    let parent = unsafe { libc::getpid() };
    // SAFETY: the process runs one thread (`allowed`, checked by the caller): the
    // child is a whole copy of it, with no lock held by a thread that is not there.
    match unsafe { libc::fork() } {
        -1 => Err(std::io::Error::last_os_error()),
        0 => child([job_r.into(), out_w.into(), err_w.into()], parent, serve),
        pid => Ok(Forked {
            pid,
            jobs: OwnedFd::from(job_w).into(),
            out: OwnedFd::from(out_r).into(),
            err: OwnedFd::from(err_r).into(),
        }),
    }
}

/// The forked worker: its pipes as fds 0, 1 and 2, nothing else of the batch
/// process open, then the worker loop; it never returns into the batch's code.
fn child(std: [OwnedFd; 3], parent: libc::pid_t, serve: impl FnOnce() -> i32) -> ! {
    for (to, fd) in std.iter().enumerate() {
        // SAFETY: dup2 onto 0..2 of descriptors this process owns.
        if unsafe { libc::dup2(fd.as_raw_fd(), to as libc::c_int) } < 0 {
            // SAFETY: _exit ends this process at once, running nothing of the parent's.
            unsafe { libc::_exit(SETUP_FAILED) };
        }
    }
    // closed below with every other descriptor: never again through these handles
    std::mem::forget(std);
    close_from(3);
    if die_with(parent).is_err() {
        // SAFETY: as above.
        unsafe { libc::_exit(SETUP_FAILED) };
    }
    // an exec'd worker gets these from its environment (`MIMALLOC_WORKER_ENV`); the
    // allocator's own settings stay the batch's, already in use
    // SAFETY: mallopt changes the C library's allocator settings of this process.
    unsafe { libc::mallopt(libc::M_ARENA_MAX, 1) };
    if std::env::var_os("PIAO_DEBUG_PANICS").is_none() {
        // SAFETY: this process runs one thread; nothing reads the environment at once.
        unsafe { std::env::set_var("RUST_BACKTRACE", "0") };
    }
    let code = serve();
    // Its files are written and handed back. The exit handlers are the batch
    // process's, copied (mimalloc's would purge the arena it shares copy-on-write,
    // page by page): the kernel frees the memory anyway.
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: _exit ends this process at once.
    unsafe { libc::_exit(code) }
}

/// Die with `parent` (SIGKILL); an error when it is gone already.
fn die_with(parent: libc::pid_t) -> Result<(), ()> {
    // SAFETY: PR_SET_PDEATHSIG takes a signal number and changes only this process;
    // getppid has no preconditions.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
        match libc::getppid() == parent {
            true => Ok(()),
            false => Err(()),
        }
    }
}

/// Close every descriptor from `first` on.
fn close_from(first: libc::c_uint) {
    // SAFETY: close_range closes descriptors of this process only.
    let rc = unsafe { libc::syscall(libc::SYS_close_range, first, libc::c_uint::MAX, 0) };
    if rc == 0 {
        return;
    }
    // kernels before 5.9: one by one
    // SAFETY: sysconf reads a limit; close on a descriptor that is not open fails
    // harmlessly.
    unsafe {
        let max = libc::sysconf(libc::_SC_OPEN_MAX).clamp(0, 1 << 20) as libc::c_int;
        for fd in first as libc::c_int..max {
            libc::close(fd);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_counts_its_threads_and_address_space() {
        let before = threads();
        assert!(before.is_some_and(|n| n >= 1));
        let t = std::thread::spawn(|| std::thread::sleep(std::time::Duration::from_millis(200)));
        assert!(threads() > Some(1), "a second thread is seen");
        let _ = t.join();
        assert!(address_space().is_some_and(|b| b > 1 << 20));
        // a test binary runs its tests on threads: never forks
        assert!(!allowed(u64::MAX));
    }
}
