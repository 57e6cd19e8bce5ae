//! Atomic writes: a temporary file in the target directory, renamed into place (or,
//! over an existing file, swapped with it: [`atomic_write_with`]), so a killed run
//! never leaves a half-written output. A failure to write (disk full,
//! permission denied) is [`Error::Write`] naming the file; a failure of the content
//! (`fill`'s own error, e.g. a schema violation) stays what it is.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether each output is flushed to the disk (`fsync`) before it is renamed into
/// place, and each journal line after it is appended (`extract --durable`). Off by
/// default: the rename alone already means a killed run (Ctrl-C, SIGKILL, a crashed
/// worker) never leaves a half-written output, since the kernel keeps what was written;
/// only a power loss or an OS crash can lose the outputs of the last seconds, and a
/// rerun redoes any it finds missing or empty. An `fsync` cost 4–250 ms per file on a
/// loaded shared disk (issue 22), more than extracting a 20-page plan, and
/// `pdftotext`, `cargo` and most batch tools do not pay it either.
static DURABLE: AtomicBool = AtomicBool::new(false);

/// Turn durable (`DURABLE`) writes on or off for this process (the CLI's `--durable`; workers
/// are started with the same setting).
pub fn set_durable(on: bool) {
    DURABLE.store(on, Ordering::Relaxed);
}

/// Whether writes are durable (`DURABLE`: fsynced before the rename).
pub fn durable() -> bool {
    DURABLE.load(Ordering::Relaxed)
}

/// Prefix and suffix of the temporary files: `.piao-XXXXXX.tmp` (a run removes the
/// ones a killed run left, `batch::clean_temp`).
pub const TEMP_PREFIX: &str = ".piao-";
/// See [`TEMP_PREFIX`].
pub const TEMP_SUFFIX: &str = ".tmp";

/// Bytes gathered before they are handed to the kernel, per output file. Value 64
/// KiB: the plan-year writer hands over one objective or table at a time, 3–7 KB each
/// on the seeds, so the default 8 KiB buffer made one `write` call per item or two
/// (210 calls for 000-calc-ruled's three year files, `strace`); 64 KiB makes a tenth
/// of them, and a small document (a one-page plan's ~3 KB) touches only the pages it
/// fills.
const WRITE_BUFFER: usize = 64 << 10;

/// Write `bytes` to `path` atomically, creating parent directories.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    atomic_write_with(path, |w| Ok(w.write_all(bytes)?))
}

/// [`atomic_write`], unless `path` holds exactly `bytes` already (and writes are not
/// [`durable`]: a durable run flushes what it writes): then it is left as it is, which
/// a reader cannot tell from a rewrite but for its time stamps. For a file most runs
/// leave unchanged, the folder's `people.json` among them (a rerun, a plan without
/// new names): reading it back costs less than the new file, the rename and the old
/// file's removal, and the kernel's inode allocation that each new file starts
/// (ext4's `recently_deleted` and `find_get_block_common`, ~2.8% of the producer mix
/// run file by file into one folder: docs/speed-rounds.md, round 11).
pub fn atomic_write_changed(path: &Path, bytes: &[u8]) -> Result<()> {
    if !durable() && std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    atomic_write(path, bytes)
}

/// [`atomic_write`] for a file whose loss costs more than making it again (the
/// folder's manifest: without it a rerun extracts every file again). It replaces the
/// previous file by a plain `rename`, so that ext4 writes the new data back before
/// the rename is committed (`auto_da_alloc`): after a power loss the file is the old
/// one or the new one, not empty. (Other files replace an existing one by swapping
/// names, which ext4 does not flush: see [`atomic_write_with`].)
pub fn atomic_write_kept(path: &Path, bytes: &[u8]) -> Result<()> {
    write_then(path, |w| Ok(w.write_all(bytes)?), Put::Rename)
}

/// Write what `fill` writes to `path` atomically (flushed to disk first when
/// [`durable`]; an existing file replaced by swapping names, not flushed by ext4 as a
/// `rename` over it would be: see `replace`), creating parent directories: a
/// large document is streamed to the temporary file, never held whole, and an error
/// half way leaves nothing behind.
pub fn atomic_write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    write_then(path, fill, Put::Replace)
}

/// How a finished temporary file takes its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Put {
    /// [`replace`]: by swapping names when a file is there already.
    Replace,
    /// A plain `rename` (see [`atomic_write_kept`]).
    Rename,
}

/// [`atomic_write_with`], the temporary file put in place as `put` says.
fn write_then(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
    put: Put,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let failed = |e: std::io::Error| Error::write(path, e);
    std::fs::create_dir_all(dir).map_err(failed)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(failed)?;
    {
        let mut w = std::io::BufWriter::with_capacity(WRITE_BUFFER, tmp.as_file_mut());
        fill(&mut w).map_err(|e| match e {
            // the writer's own failure is the disk's, not the content's
            Error::Io(io) => failed(io),
            other => other,
        })?;
        w.flush().map_err(failed)?;
    }
    // tempfile creates 0600; outputs are ordinary files others may read
    set_readable(tmp.as_file()).map_err(failed)?;
    if durable() {
        tmp.as_file().sync_all().map_err(failed)?;
    }
    let (file, tmp_path) = tmp.into_parts();
    match put {
        Put::Replace => replace(tmp_path, path).map_err(failed)?,
        Put::Rename => tmp_path.persist(path).map_err(|e| failed(e.error))?,
    }
    drop(file);
    Ok(())
}

/// Write `path` atomically through a writer that owns its file (`fill` takes the
/// temporary file and gives it back when done): for writers that need to own a
/// `Send` file, as the Parquet writer does.
pub fn atomic_write_owned(
    path: &Path,
    fill: impl FnOnce(std::fs::File) -> Result<std::fs::File>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let failed = |e: std::io::Error| Error::write(path, e);
    std::fs::create_dir_all(dir).map_err(failed)?;
    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(failed)?;
    let (file, tmp_path) = tmp.into_parts();
    let done = fill(file).map_err(|e| match e {
        Error::Io(io) => failed(io),
        other => other,
    })?;
    set_readable(&done).map_err(failed)?;
    if durable() {
        done.sync_all().map_err(failed)?;
    }
    replace(tmp_path, path).map_err(failed)?;
    Ok(())
}

/// Put the finished temporary file `tmp` at `path`, atomically: a reader sees the old
/// file or the new one, whole.
///
/// A `rename` over an existing file makes ext4 (`auto_da_alloc`, its default) start
/// writing the new file's data to the disk at once, in the renaming process, so that
/// a power loss right after cannot leave it empty: ~0.2 ms of CPU per replaced file
/// on this machine, three files of a one-file rerun (docs/speed-rounds.md, round 8).
/// Outputs do not need that: writes are not [`durable`] unless asked, and a rerun makes
/// an empty output again ([`set_durable`]). So an existing file is replaced by
/// swapping the two names (`renameat2` with `RENAME_EXCHANGE`, as atomic as
/// `rename`, which ext4 does not flush) and removing the old file, now under the
/// temporary name (a kill in between leaves a `.piao-*.tmp`, which the next run
/// removes). With `--durable` (the data is on disk already), where there is nothing
/// to replace, or where the file system cannot swap, it is a plain `rename`.
fn replace(tmp: tempfile::TempPath, path: &Path) -> std::io::Result<()> {
    if durable() || !swap(&tmp, path)? {
        return tmp.persist(path).map_err(|e| e.error);
    }
    // the temporary name now holds what was at `path`
    match std::fs::remove_file(&tmp) {
        Ok(()) => {
            // removed already: nothing left for the guard to remove
            let _ = tmp.keep();
            Ok(())
        }
        Err(e) => {
            // a directory was there (`rename` refuses to replace one): put it back
            swap(&tmp, path)?;
            Err(e)
        }
    }
}

/// Swap the names `a` and `b` (both exist); `Ok(false)` when `b` does not exist or
/// the file system (or kernel, before Linux 3.15) cannot swap names.
#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::os::unix::ffi::OsStrExt as _;
    let c =
        |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: renameat2 reads two NUL-terminated paths that live across the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::ENOENT | libc::EINVAL | libc::ENOSYS | libc::EXDEV) => Ok(false),
        _ => Err(e),
    }
}

/// Elsewhere, always a plain `rename`.
#[cfg(not(target_os = "linux"))]
fn swap(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

#[cfg(unix)]
fn set_readable(f: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    f.set_permissions(std::fs::Permissions::from_mode(OUTPUT_MODE))
}

#[cfg(not(unix))]
fn set_readable(_: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

/// Permissions of written outputs: readable by all, writable by the owner.
#[cfg(unix)]
const OUTPUT_MODE: u32 = 0o644;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Names in `dir` (the temporary files a write leaves, if any).
    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn a_write_creates_then_replaces_and_leaves_no_temporary_file() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out.json");
        atomic_write(&out, b"first").unwrap();
        atomic_write(&out, b"second, longer").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"second, longer");
        atomic_write_kept(&out, b"third").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"third");
        assert_eq!(names(tmp.path()), ["out.json"]);
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, OUTPUT_MODE);
    }

    #[test]
    fn an_unchanged_file_is_left_in_place_and_a_changed_one_replaced() {
        use std::os::unix::fs::MetadataExt as _;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("people.json");
        let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
        atomic_write_changed(&out, b"{}\n").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"{}\n");
        let first = inode(&out);
        atomic_write_changed(&out, b"{}\n").unwrap();
        assert_eq!(inode(&out), first, "the same bytes: the same file");
        atomic_write_changed(&out, b"{\"a\": 1}\n").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"{\"a\": 1}\n");
        assert_ne!(
            inode(&out),
            first,
            "other bytes: a new file renamed into place"
        );
        assert_eq!(names(tmp.path()), ["people.json"]);
        // a directory in the way is still the error it was
        let dir = tmp.path().join("taken");
        std::fs::create_dir(&dir).unwrap();
        assert!(atomic_write_changed(&dir, b"{}\n").is_err());
    }

    #[test]
    fn a_reader_of_the_replaced_file_keeps_its_old_content() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out.json");
        atomic_write(&out, b"old").unwrap();
        let mut open = std::fs::File::open(&out).unwrap();
        atomic_write(&out, b"new").unwrap();
        let mut seen = String::new();
        std::io::Read::read_to_string(&mut open, &mut seen).unwrap();
        assert_eq!(seen, "old");
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
    }

    #[test]
    fn a_directory_in_the_way_is_an_error_and_stays() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("taken");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("inside"), b"kept").unwrap();
        let e = atomic_write(&out, b"doc").unwrap_err();
        assert!(matches!(e, Error::Write(_)), "{e:?}");
        assert!(out.is_dir());
        assert_eq!(std::fs::read(out.join("inside")).unwrap(), b"kept");
        assert_eq!(names(tmp.path()), ["taken"]);
    }
}
