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

use crate::error::{Error, Result};
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The folder lock's file name.
pub const LOCK_FILE: &str = ".piao-extract.lock";

/// How long a shard run waits for the shared lock while another shard holds the
/// folder alone (it does so only to remove stale temporary files, a few ms). Value
/// 30 s: far above that, far below a real run, which holds it for as long as it runs.
const SHARED_WAIT: Duration = Duration::from_secs(30);

/// How often a waiting shard tries again.
const RETRY: Duration = Duration::from_millis(20);

/// The locks a run holds on its output folder; released when dropped.
#[derive(Debug)]
pub struct FolderLock {
    _folder: File,
    _shard: Option<File>,
    /// The run held the folder alone at some point (and cleaned its temp files).
    pub cleaned: bool,
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

/// Write our pid into a lock file we hold alone, for the message of the next one.
///
/// Written over the previous run's pid in place, then cut to its own length when the old
/// one was longer, never emptied first: on ext4 cutting a file to nothing frees its block (with the
/// `discard` mount option the run waited for the device to discard it) and makes the
/// next close write the file back at once (`auto_da_alloc`), ~3% of a one-file run's
/// batch process (docs/speed-rounds.md, round 7). A shorter cut stays in the block.
fn note_pid(f: &File) {
    let line = format!("{}\n", std::process::id());
    let len = line.len() as u64;
    let _ = f.write_all_at(line.as_bytes(), 0);
    if f.metadata().is_ok_and(|m| m.len() > len) {
        let _ = f.set_len(len);
    }
}

/// The pid a lock file names, as a phrase.
fn holder(path: &Path) -> String {
    let mut text = String::new();
    let _ = File::open(path).and_then(|mut f| f.read_to_string(&mut text));
    match text.trim() {
        "" => String::new(),
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
        note_pid(&f);
        clean_temp(dir);
        Ok(FolderLock {
            _folder: f,
            _shard: None,
            cleaned: true,
        })
    }

    /// Lock `dir` for shard `suffix` (`.shard-K-of-N`): shared with the other shards,
    /// exclusive for this one. Cleans stale temp files when no other shard is running.
    pub fn shard(dir: &Path, suffix: &str) -> Result<Self> {
        let shard_path = dir.join(format!(".piao-extract{suffix}.lock"));
        let shard = open(&shard_path)?;
        if !flock(&shard, libc::LOCK_EX).map_err(|e| Error::write(&shard_path, e))? {
            return Err(busy(dir, &shard_path, "this shard's other run"));
        }
        note_pid(&shard);
        let path = dir.join(LOCK_FILE);
        let f = open(&path)?;
        let err = |e| Error::write(&path, e);
        let cleaned = flock(&f, libc::LOCK_EX).map_err(err)?;
        if cleaned {
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
        Ok(FolderLock {
            _folder: f,
            _shard: Some(shard),
            cleaned,
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
