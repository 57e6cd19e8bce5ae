//! The user-facing failure classes of the library.
//!
//! Every kind has a one-line message and its own process exit status, so a batch
//! driver (or a shell script) can tell "not a PDF" from "encrypted" without parsing
//! text. The file path is attached at the batch / CLI edge, never here.

use thiserror::Error;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong with one input file.
#[derive(Debug, Error)]
pub enum Error {
    /// The bytes do not start with a PDF header.
    #[error("not a PDF: {0}")]
    NotPdf(String),
    /// The file claims to be a PDF but its structure cannot be read (truncated, bad xref).
    #[error("corrupt or truncated PDF: {0}")]
    Corrupt(String),
    /// The document has no pages at all.
    #[error("PDF has no pages")]
    NoPages,
    /// Encrypted with a password we do not have (the empty user password is tried).
    #[error("encrypted PDF: a password is required")]
    Encrypted,
    /// No page carries extractable text; [`NoText`] says why.
    #[error("no text layer: {0}")]
    NoTextLayer(NoText),
    /// A configured limit was exceeded (pages, decompressed stream size).
    #[error("too large: {0}")]
    TooLarge(String),
    /// A dependency panicked while reading the file; the panic was contained.
    #[error("internal error in PDF reader (contained panic): {0}")]
    DependencyPanic(String),
    /// An output document failed its JSON Schema; nothing was written.
    #[error("output failed schema validation: {0}")]
    SchemaInvalid(String),
    /// The document was read but holds no objective tables or cards.
    #[error("no objective tables or cards found")]
    NoObjectives,
    /// Input that the command cannot use (bad JSON for `score`, unknown format...).
    #[error("invalid input: {0}")]
    Invalid(String),
    /// Reading or writing a file failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The isolated worker gave no result within the wall-time limit and was killed.
    #[error("timeout: no result after {seconds} s (worker killed)")]
    Timeout {
        /// The limit, in seconds.
        seconds: u64,
    },
    /// The isolated worker died without a result (abort, stack overflow, signal).
    #[error("crashed: {0}")]
    Crashed(String),
    /// The isolated worker ran out of its memory limit.
    #[error("out of memory: {0}")]
    OutOfMemory(String),
    /// A signed envelope (`.p7m`) that holds no readable PDF: corrupt, detached, or
    /// not CMS signed data. Signatures are never verified.
    #[error("signed envelope (.p7m): {0}")]
    Envelope(String),
    /// An output could not be written (disk full, permission denied, read-only
    /// folder, file too large): the message names the file and the system's reason.
    /// Nothing half-written stays behind.
    #[error("cannot write output: {0}")]
    Write(String),
    /// Another run holds the output folder (its lock file): two runs into one folder
    /// would both do all the work and overwrite each other's manifest.
    #[error("output folder in use: {0}")]
    Busy(String),
    /// A bug of ours: a stage after the PDF reader panicked on this input; the panic
    /// was contained and the stage is named.
    #[error("internal error in stage {stage} (contained panic): {message}")]
    Internal {
        /// The stage that panicked (`layout`, `grid`, `tables`, `assemble`, `output`...).
        stage: &'static str,
        /// The panic's message, first line.
        message: String,
    },
}

/// Why a document has no text layer: what sends it to OCR is not what sends it to
/// the bin, so the two are told apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoText {
    /// No page shows any text (no text operator draws a character code).
    NothingShown {
        /// Pages in the document.
        pages: usize,
        /// Pages that draw at least one image: a scan when it is all of them.
        image_pages: usize,
    },
    /// Text is drawn, but in fonts that give none of its codes a Unicode value (no
    /// ToUnicode, no usable encoding, no readable embedded font tables).
    Unmapped {
        /// Pages that draw such text.
        pages: usize,
        /// Character codes drawn without text.
        codes: usize,
        /// The fonts, by name, in order of first use.
        fonts: Vec<String>,
    },
}

impl std::fmt::Display for NoText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoText::NothingShown { pages, image_pages } if image_pages == pages => {
                write!(
                    f,
                    "{image_pages} of {pages} pages are images only (scanned?)"
                )
            }
            NoText::NothingShown {
                pages,
                image_pages: 0,
            } => write!(
                f,
                "no text operators and no images on {} (drawings or blank pages)",
                count(*pages, "page")
            ),
            NoText::NothingShown { pages, image_pages } => write!(
                f,
                "no text operators on {}; {image_pages} of them are images only (scanned?)",
                count(*pages, "page")
            ),
            NoText::Unmapped {
                pages,
                codes,
                fonts,
            } => write!(
                f,
                "text drawn in fonts with no usable mapping to Unicode ({}): {} on {}",
                fonts.join(", "),
                count(*codes, "character"),
                count(*pages, "page")
            ),
        }
    }
}

/// `1 page`, `2 pages`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

impl Error {
    /// The process exit status for this failure class (documented in the README).
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) => 2,
            Error::NotPdf(_) => 10,
            Error::Corrupt(_) => 11,
            Error::NoPages => 12,
            Error::Encrypted => 13,
            Error::NoTextLayer(_) => 14,
            Error::TooLarge(_) => 15,
            Error::DependencyPanic(_) => 16,
            Error::SchemaInvalid(_) => 17,
            Error::NoObjectives => 18,
            Error::Io(_) => 19,
            Error::Timeout { .. } => 20,
            Error::Crashed(_) => 21,
            Error::OutOfMemory(_) => 22,
            Error::Envelope(_) => 23,
            Error::Internal { .. } => 24,
            Error::Write(_) => 25,
            Error::Busy(_) => 26,
        }
    }

    /// A short stable name for the kind, used in manifests and NDJSON error lines.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid_input",
            Error::NotPdf(_) => "not_pdf",
            Error::Corrupt(_) => "corrupt",
            Error::NoPages => "no_pages",
            Error::Encrypted => "encrypted",
            Error::NoTextLayer(_) => "no_text_layer",
            Error::TooLarge(_) => "too_large",
            Error::DependencyPanic(_) => "dependency_panic",
            Error::SchemaInvalid(_) => "schema_invalid",
            Error::NoObjectives => "no_objectives",
            Error::Io(_) => "io",
            Error::Timeout { .. } => "timeout",
            Error::Crashed(_) => "crashed",
            Error::OutOfMemory(_) => "out_of_memory",
            Error::Envelope(_) => "bad_envelope",
            Error::Internal { .. } => "internal",
            Error::Write(_) => "write_failed",
            Error::Busy(_) => "busy",
        }
    }
}

impl Error {
    /// A failure to write `path`: [`Error::Write`] naming the file and the reason.
    pub fn write(path: &std::path::Path, reason: impl std::fmt::Display) -> Self {
        Error::Write(format!("{}: {reason}", path.display()))
    }
}

/// Run `f`, turning a panic inside it into [`Error::DependencyPanic`]: for the PDF
/// reader only.
///
/// pdf-extract panics by design on input it does not understand; one such file must
/// cost one error line, not the batch.
pub fn contain_panic<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(Error::DependencyPanic(panic_message(&*payload))))
}

/// Environment variable of the test hook: a stage name (`grid`, `output`...) that
/// panics when it starts, so a test can see the panic reported end to end.
pub const PANIC_ENV: &str = "PIAO_TEST_PANIC_IN";

/// Run stage `stage` of our own, turning a panic inside it into [`Error::Internal`]
/// that names the stage: a bug of ours costs the file it hit, and says where it is.
pub fn contain_stage<T>(stage: &'static str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let run = || {
        panic_hook(stage);
        f()
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|payload| {
        Err(Error::Internal {
            stage,
            message: panic_message(&*payload),
        })
    })
}

/// The test hook of [`PANIC_ENV`].
#[allow(clippy::panic)]
fn panic_hook(stage: &str) {
    if std::env::var_os(PANIC_ENV).is_some_and(|v| v == stage) {
        panic!("test hook {PANIC_ENV}={stage}");
    }
}

/// The first line of a panic's message.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    first_line(&msg)
}

/// Keep error messages to one line: a batch log is one line per file.
pub fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").chars().take(200).collect()
}

#[cfg(test)]
#[allow(clippy::panic, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_stage_is_an_internal_error_naming_it() {
        let e = contain_stage::<()>("grid", || panic!("index out of bounds\nmore")).unwrap_err();
        assert_eq!(e.kind(), "internal");
        assert_eq!(e.exit_code(), 24);
        assert_eq!(
            e.to_string(),
            "internal error in stage grid (contained panic): index out of bounds"
        );
        let e = contain_panic::<()>(|| panic!("bad xref")).unwrap_err();
        assert_eq!(e.exit_code(), 16);
        assert!(matches!(contain_stage("x", || Ok(3)), Ok(3)));
    }
}
