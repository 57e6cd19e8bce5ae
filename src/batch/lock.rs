//! One writer per output folder: a lock file, so a second run into the same folder
//! stops at once with a clear message instead of doing all the work again and
//! overwriting the first run's manifest.
//!
//! `DIR/.piao-extract.lock` is locked with `flock`: exclusively by a run without
//! `--shard` and by `merge` (it rewrites the folder's manifest, people and dataset),
//! shared by shard runs (shards of one corpus may share a folder: each writes its own
//! manifest), and each shard also locks `DIR/.piao-extract.shard-K-of-N.lock`
//! exclusively (the same shard twice is refused). The kernel releases a lock when its
//! process dies, so a killed run never leaves the folder locked; the files stay and
//! are harmless. A run that holds the folder alone also removes the temporary files
//! (`.piao-*.tmp`) a killed run left behind.
//!
//! That sweep walks every folder of the output tree, so it is paid only when a writer
//! may have died: the folder lock file holds the pid of the run writing the folder,
//! and a run without `--shard` that ends having put every file in place (its workers
//! all answered, or it swept after one died) writes [`CLEAN_MARK`] over it
//! ([`FolderLock::finish`]). A run that finds anything else there (a pid: the run
//! before it was killed or failed; a shard run's pid; no file: a new folder or an
//! older release) sweeps first. Shard runs always leave their pid, so the first run
//! without `--shard` after them sweeps once (docs/speed-rounds.md, round 9: the walk
//! was the largest part of a one-file run into a folder of 10,000 documents).

use crate::error::{Error, Result};
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The folder lock's file name.
pub const LOCK_FILE: &str = ".piao-extract.lock";

/// What the folder lock file says when the last run that held it alone ended with no
/// temporary file of its own left ([`FolderLock::finish`]): the next run skips the
/// sweep. Anything else there (a pid) means a writer may have died.
pub const CLEAN_MARK: &str = "ended\n";

/// The longest lock file content read back: a pid line or [`CLEAN_MARK`].
const LOCK_TEXT_MAX: usize = 32;

/// How long a shard run waits for the shared lock while another shard holds the
/// folder alone (it does so only to remove stale temporary files, a few ms). Value
/// 30 s: far above that, far below a real run, which holds it for as long as it runs.
const SHARED_WAIT: Duration = Duration::from_secs(30);

/// How often a waiting shard tries again.
const RETRY: Duration = Duration::from_millis(20);

/// The locks a run holds on its output folder; released when dropped.
#[derive(Debug)]
pub struct FolderLock {
    folder: File,
    shard: Option<File>,
    /// The folder.
    dir: PathBuf,
    /// The length of what this run wrote into the folder lock (its pid line).
    noted: u64,
    /// The run held the folder alone at some point (and could have cleaned its temp
    /// files).
    pub cleaned: bool,
    /// The run swept the folder for a dead writer's temporary files when it locked it
    /// (the folder lock did not say [`CLEAN_MARK`]).
    pub swept: bool,
}

/// `flock` on a file; `Ok(false)` when another process holds a conflicting lock.
fn flock(f: &File, op: libc::c_int) -> std::io::Result<bool> {
    // SAFETY: flock takes an open descriptor we own and an operation flag.
    let rc = unsafe { libc::flock(f.as_raw_fd(), op | libc::LOCK_NB) };
    if rc == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EWOULDBLOCK) => Ok(false),
        _ => Err(e),
    }
}

fn open(path: &Path) -> Result<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(path)
        .map_err(|e| Error::write(path, e))
}

/// Write our pid into a lock file we hold, for the message of the next run.
///
/// Written over the previous run's pid in place, then cut to its own length when the old
/// one was longer, never emptied first: on ext4 cutting a file to nothing frees its block (with the
/// `discard` mount option the run waited for the device to discard it) and makes the
/// next close write the file back at once (`auto_da_alloc`), ~3% of a one-file run's
/// batch process (docs/speed-rounds.md, round 7). A shorter cut stays in the block.
/// `before`: the file's length, when the caller has just read it (else it is asked
/// for). Returns the length written.
fn note_pid(f: &File, before: Option<u64>) -> u64 {
    let line = format!("{}\n", std::process::id());
    note(f, &line, before);
    line.len() as u64
}

/// Write `line` over a lock file's text in place, cut to its length when the text
/// before (`before` bytes long, asked for when `None`) was longer (see [`note_pid`]).
fn note(f: &File, line: &str, before: Option<u64>) {
    let len = line.len() as u64;
    let _ = f.write_all_at(line.as_bytes(), 0);
    let before = before.or_else(|| f.metadata().ok().map(|m| m.len()));
    if before.is_some_and(|b| b > len) {
        let _ = f.set_len(len);
    }
}

/// The start of a lock file's text (at most [`LOCK_TEXT_MAX`] bytes; empty when it
/// cannot be read).
fn lock_text(f: &File) -> Vec<u8> {
    let mut buf = [0u8; LOCK_TEXT_MAX];
    let n = f.read_at(&mut buf, 0).unwrap_or(0);
    buf[..n].to_vec()
}

/// Whether a lock file's text says the last run that held the folder alone ended
/// with no temporary file of its own left.
fn ended_clean(text: &[u8]) -> bool {
    text == CLEAN_MARK.as_bytes()
}

/// The pid a lock file names, as a phrase.
fn holder(path: &Path) -> String {
    let mut text = String::new();
    let _ = File::open(path).and_then(|mut f| f.read_to_string(&mut text));
    match text.trim() {
        t if t.is_empty() || t == CLEAN_MARK.trim() => String::new(),
        pid => format!(" (pid {pid})"),
    }
}

fn busy(dir: &Path, path: &Path, what: &str) -> Error {
    Error::Busy(format!(
        "{what} is writing to {}{}; wait for it to end, or choose another output folder",
        dir.display(),
        holder(path)
    ))
}

impl FolderLock {
    /// Lock `dir` alone: a run without `--shard`, or `merge`. Another run in the
    /// folder (a shard too) makes it stop with [`Error::Busy`].
    pub fn exclusive(dir: &Path) -> Result<Self> {
        let path = dir.join(LOCK_FILE);
        let f = open(&path)?;
        if !flock(&f, libc::LOCK_EX).map_err(|e| Error::write(&path, e))? {
            return Err(busy(dir, &path, "another piao-extract run"));
        }
        let before = lock_text(&f);
        // a text that filled the buffer may go on: its length is asked for
        let known = (before.len() < LOCK_TEXT_MAX).then_some(before.len() as u64);
        let noted = note_pid(&f, known);
        let swept = !ended_clean(&before);
        if swept {
            clean_temp(dir);
        }
        Ok(FolderLock {
            folder: f,
            shard: None,
            dir: dir.to_path_buf(),
            noted,
            cleaned: true,
            swept,
        })
    }

    /// The run ends having put every file it wrote in place (its workers all gone):
    /// `lost` when one of its worker processes died or was killed (a crash, memory,
    /// the time limit), perhaps in the middle of a write, so its temporary files are
    /// swept now. Then the folder lock says [`CLEAN_MARK`] and the next run skips the
    /// sweep. A shard run does neither (another shard may be writing, or have died):
    /// its pid stays, and the next run without `--shard` sweeps; so does a run that
    /// fails before this.
    pub fn finish(self, lost: bool) {
        if self.shard.is_some() {
            return;
        }
        if lost {
            clean_temp(&self.dir);
        }
        note(&self.folder, CLEAN_MARK, Some(self.noted));
    }

    /// Lock `dir` for shard `suffix` (`.shard-K-of-N`): shared with the other shards,
    /// exclusive for this one. Cleans stale temp files when no other shard is running
    /// and the folder lock does not say the last run ended clean.
    pub fn shard(dir: &Path, suffix: &str) -> Result<Self> {
        let shard_path = dir.join(format!(".piao-extract{suffix}.lock"));
        let shard = open(&shard_path)?;
        if !flock(&shard, libc::LOCK_EX).map_err(|e| Error::write(&shard_path, e))? {
            return Err(busy(dir, &shard_path, "this shard's other run"));
        }
        note_pid(&shard, None);
        let path = dir.join(LOCK_FILE);
        let f = open(&path)?;
        let err = |e| Error::write(&path, e);
        let cleaned = flock(&f, libc::LOCK_EX).map_err(err)?;
        // alone in the folder for a moment: sweep as a run without --shard would
        let swept = cleaned && !ended_clean(&lock_text(&f));
        if swept {
            clean_temp(dir);
        }
        // downgrade (or take) the shared lock; another shard cleaning holds it alone
        // for a moment, a run without --shard for as long as it runs
        let start = Instant::now();
        while !flock(&f, libc::LOCK_SH).map_err(err)? {
            if start.elapsed() > SHARED_WAIT {
                return Err(busy(dir, &path, "a piao-extract run without --shard"));
            }
            std::thread::sleep(RETRY);
        }
        // while any shard holds the folder, its lock must not say CLEAN_MARK: a run
        // without --shard after this one sweeps (this shard may die)
        let noted = note_pid(&f, None);
        Ok(FolderLock {
            folder: f,
            shard: Some(shard),
            dir: dir.to_path_buf(),
            noted,
            cleaned,
            swept,
        })
    }
}

/// Remove the temporary files (`.piao-*.tmp`) under `dir` that a killed run left:
/// only a run that holds the folder alone calls this, so none is being written.
pub fn clean_temp(dir: &Path) {
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_dir() {
                stack.push(e.path());
            } else if name.starts_with(crate::output::write::TEMP_PREFIX)
                && name.ends_with(crate::output::write::TEMP_SUFFIX)
            {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_second_exclusive_lock_is_refused_and_shards_share() {
        let dir = tempfile::tempdir().unwrap();
        let one = FolderLock::exclusive(dir.path()).unwrap();
        let e = FolderLock::exclusive(dir.path()).unwrap_err();
        assert_eq!(e.exit_code(), 26);
        assert!(e.to_string().contains("pid"), "{e}");
        drop(one);
        let a = FolderLock::shard(dir.path(), ".shard-1-of-2").unwrap();
        let b = FolderLock::shard(dir.path(), ".shard-2-of-2").unwrap();
        assert!(FolderLock::shard(dir.path(), ".shard-1-of-2").is_err());
        assert!(FolderLock::exclusive(dir.path()).is_err());
        drop((a, b));
        assert!(FolderLock::exclusive(dir.path()).is_ok());
    }

    /// Plant a dead writer's temp file deep in `dir`; whether it is still there.
    fn plant(dir: &Path) -> PathBuf {
        std::fs::create_dir_all(dir.join("a/b")).unwrap();
        let temp = dir.join("a/b/.piao-x2.tmp");
        std::fs::write(&temp, "x").unwrap();
        temp
    }

    #[test]
    fn a_run_sweeps_unless_the_last_one_ended_clean() {
        let dir = tempfile::tempdir().unwrap();
        // a new folder: nothing says it ended clean
        let first = FolderLock::exclusive(dir.path()).unwrap();
        assert!(first.swept);
        first.finish(false);
        let lock = std::fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap();
        assert_eq!(lock, CLEAN_MARK);
        // a temp file no dead writer left (the mark says none died): not looked for
        let temp = plant(dir.path());
        let clean = FolderLock::exclusive(dir.path()).unwrap();
        assert!(!clean.swept && temp.exists());
        // this run "dies" (no finish): its pid stays, and the next one sweeps
        drop(clean);
        let after_death = FolderLock::exclusive(dir.path()).unwrap();
        assert!(after_death.swept && !temp.exists());
        // a worker lost in the run: swept at its end
        let temp = plant(dir.path());
        after_death.finish(true);
        assert!(!temp.exists());
        // a shard run leaves its pid: the next run without --shard sweeps
        let shard = FolderLock::shard(dir.path(), ".shard-1-of-2").unwrap();
        assert!(shard.cleaned && !shard.swept);
        let lock = std::fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap();
        assert_eq!(lock, format!("{}\n", std::process::id()));
        shard.finish(false);
        let temp = plant(dir.path());
        let next = FolderLock::exclusive(dir.path()).unwrap();
        assert!(next.swept && !temp.exists());
    }

    #[test]
    fn stale_temp_files_go() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/.piao-x1.tmp"), "x").unwrap();
        std::fs::write(dir.path().join("a/keep.json"), "x").unwrap();
        let _lock = FolderLock::exclusive(dir.path()).unwrap();
        assert!(!dir.path().join("a/b/.piao-x1.tmp").exists());
        assert!(dir.path().join("a/keep.json").exists());
    }
}
