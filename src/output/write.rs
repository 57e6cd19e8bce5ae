//! Atomic writes: a temporary file in the target directory, renamed into place, so a
//! killed run never leaves a half-written output. A failure to write (disk full,
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

/// Write `bytes` to `path` atomically, creating parent directories.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    atomic_write_with(path, |w| Ok(w.write_all(bytes)?))
}

/// Write what `fill` writes to `path` atomically (flushed to disk first when
/// [`durable`]), creating parent directories: a
/// large document is streamed to the temporary file, never held whole, and an error
/// half way leaves nothing behind.
pub fn atomic_write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
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
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
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
    tmp.persist(path).map_err(|e| failed(e.error))?;
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
    tmp_path.persist(path).map_err(|e| failed(e.error))?;
    Ok(())
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
