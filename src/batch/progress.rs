//! What a batch tells the person watching it, on stderr.
//!
//! On a terminal: one progress bar (files done / total, pages/s, the file last
//! started), with failures printed above it. Elsewhere (a log file, CI, a cluster
//! job): one plain line per file. Files skipped as not PDFs are counted in the
//! summary line; `--verbose` names them. `--quiet`: failures only. The summary line
//! ends every run but a quiet one.
//!
//! Writing to stderr never fails the run: when the reader has gone (`2>&1 | head
//! -1`), the lines are dropped and the run ends as it would have.

use super::manifest::{Entry, Status, Summary};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal as _, Write as _};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How much to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    /// Failures only.
    Quiet,
    /// A bar on a terminal, lines elsewhere.
    Normal,
    /// As `Normal`, and every file skipped as not a PDF named.
    Verbose,
}

/// One line on stderr; a closed stderr drops it (never a panic, as `eprintln!` would).
pub fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
}

/// Bar layout: bar, files done / total, then the message (pages/s, current file).
const BAR_TEMPLATE: &str = "{bar:30} {pos}/{len} files {elapsed_precise} {msg}";
/// Characters of the current file's name shown on the bar. Value 60: fits an 80- to
/// 120-column terminal beside the bar.
const BAR_FILE_CHARS: usize = 60;
/// How often the bar redraws on its own, so the clock moves during a long file.
const BAR_TICK: Duration = Duration::from_millis(500);

enum Mode {
    Bar(ProgressBar),
    Lines,
    Quiet,
}

/// Reports a running batch; shared by the worker threads.
pub struct Reporter {
    mode: Mode,
    verbose: bool,
    pages: AtomicUsize,
    start: Instant,
}

impl Reporter {
    /// A reporter for `total` files.
    pub fn new(total: usize, verbosity: Verbosity) -> Self {
        let mode = match verbosity {
            Verbosity::Quiet => Mode::Quiet,
            _ if std::io::stderr().is_terminal() => Mode::Bar(bar(total)),
            _ => Mode::Lines,
        };
        Reporter {
            mode,
            verbose: verbosity == Verbosity::Verbose,
            pages: AtomicUsize::new(0),
            start: Instant::now(),
        }
    }

    /// A file is being started.
    pub fn start(&self, file: &Path) {
        if let Mode::Bar(b) = &self.mode {
            b.set_message(self.message(&file.display().to_string()));
        }
    }

    /// A file is done.
    pub fn done(&self, e: &Entry) {
        self.pages
            .fetch_add(e.pages.unwrap_or(0), Ordering::Relaxed);
        let line = line(e);
        let skipped = e.status == Status::Skipped;
        match &self.mode {
            Mode::Bar(b) => {
                if e.status == Status::Failed || (skipped && self.verbose) {
                    b.println(line);
                }
                b.inc(1);
            }
            Mode::Lines if !skipped || self.verbose => say(&line),
            Mode::Lines => {}
            Mode::Quiet if e.status == Status::Failed => say(&line),
            Mode::Quiet => {}
        }
    }

    /// A one-line note about the run (an empty shard), in every mode.
    pub fn note(&self, text: &str) {
        let line = format!("piao-extract: {text}");
        match &self.mode {
            Mode::Bar(b) => b.println(line),
            _ => say(&line),
        }
    }

    /// The run is over: clear the bar, print the summary line.
    pub fn finish(&self, summary: &Summary) {
        if let Mode::Bar(b) = &self.mode {
            b.finish_and_clear();
        }
        if !matches!(self.mode, Mode::Quiet) {
            say(&format!("piao-extract: {summary}"));
        }
    }

    fn message(&self, file: &str) -> String {
        let secs = self.start.elapsed().as_secs_f64().max(f64::EPSILON);
        let rate = self.pages.load(Ordering::Relaxed) as f64 / secs;
        let skip = file.chars().count().saturating_sub(BAR_FILE_CHARS);
        let tail: String = file.chars().skip(skip).collect();
        format!("{rate:.1} pages/s {tail}")
    }
}

fn bar(total: usize) -> ProgressBar {
    let b = ProgressBar::new(total as u64);
    if let Ok(style) = ProgressStyle::with_template(BAR_TEMPLATE) {
        b.set_style(style);
    }
    b.enable_steady_tick(BAR_TICK);
    b
}

/// One line per file: `file: reason` for a failure (as every command reports one),
/// `file: status pages=N records=N ms=N` otherwise.
pub fn line(e: &Entry) -> String {
    match (e.status, &e.error) {
        (Status::Failed, Some(err)) => format!("{}: {}", e.file, err.message),
        (Status::Skipped, Some(err)) => format!("{}: skipped: {}", e.file, err.message),
        (status, _) => {
            let word = match status {
                _ if e.up_to_date => "up to date",
                Status::Ok => "ok",
                Status::NoObjectives => "no objectives",
                Status::Failed => "failed",
                Status::Skipped => "skipped",
            };
            format!(
                "{}: {word} pages={} records={} ms={}",
                e.file,
                e.pages.unwrap_or(0),
                e.records.unwrap_or(0),
                e.timings.total_ms
            )
        }
    }
}
