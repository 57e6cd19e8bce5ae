//! The command line: parses arguments, runs the library, gives errors their file
//! context and exit status. `anyhow` lives here and in `main.rs` only.

use crate::batch;
use crate::config::Config;
use crate::error::Error;
use crate::inspect;
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};

/// Extract objectives, indicators and targets from Italian municipal performance plans.
#[derive(Debug, Parser)]
#[command(
    name = "piao-extract",
    version,
    about,
    after_help = "Example:\n  piao-extract extract corpus/ -o out --format json,sqlite\n\nExit statuses: see the README's table."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Add the wordings of a vocabulary file (the format of `data/vocab.json`: header
    /// and card-label wordings per role, heading prefixes, table kinds, plan titles)
    /// to the built-in vocabulary. Repeatable.
    #[arg(long, global = true, value_name = "FILE")]
    vocab: Vec<PathBuf>,
}

/// Each subcommand's arguments are added only when that subcommand is parsed (or its
/// help printed: clap's `Command::defer`), not for every subcommand on every run:
/// building all of them was most of clap's ~3.5% of a one-page `tables` run
/// (docs/speed-rounds.md, round 12). Names, flags, help and error texts are the same
/// (the CLI tests pin them).
#[derive(Debug, Subcommand)]
#[command(defer = true)]
enum Command {
    /// Debug views of a PDF: words, lines or ruling lines with their boxes.
    #[command(after_help = "Example:\n  piao-extract inspect plan.pdf --page 6 --lines")]
    Inspect(InspectArgs),
    /// Every table of a PDF with its pages, context, header, column roles and cells.
    #[command(after_help = "Example:\n  piao-extract tables plan.pdf --json > tables.json")]
    Tables(TablesArgs),
    /// Score extracted records (NDJSON) or tables (JSON) against expectations; with a
    /// bar (--min-f1, --min-cells) exit 1 below it, so a CI job can gate on it.
    #[command(
        after_help = "Example:\n  piao-extract extract plan.pdf --format records -o - | piao-extract score --expected plan.records.json --actual - --min-f1 0.99"
    )]
    Score(ScoreArgs),
    /// Extract objectives and indicators from PDFs (files or folders).
    #[command(
        after_help = "Examples:\n  piao-extract extract corpus/ -o out\n  piao-extract extract corpus/ -o out --format records,sqlite,parquet\n  piao-extract extract corpus/ -o shard-3 --shard 3/8   # then: piao-extract merge -o out shard-*"
    )]
    Extract(ExtractArgs),
    /// Combine the output folders of shards (`extract --shard K/N -o DIR`) into one.
    #[command(after_help = "Example:\n  piao-extract merge -o out shard-1 shard-2 shard-3")]
    Merge(MergeArgs),
    /// Write a self-contained HTML report that draws every page with what was read from it.
    #[command(
        after_help = "Example:\n  piao-extract review plan.pdf -o review/   # then open review/index.html"
    )]
    Review(ReviewArgs),
    /// Indicator-quality figures of a dataset (piao.sqlite, or a folder holding it).
    #[command(after_help = "Example:\n  piao-extract stats out/ --json")]
    Stats(StatsArgs),
    /// Internal: extract the files named on stdin in an isolated worker process (used
    /// by `extract`).
    #[command(hide = true)]
    Worker(WorkerArgs),
}

#[derive(Debug, Args)]
struct ReviewArgs {
    /// The PDF to review (one file, not a folder).
    file: PathBuf,
    /// Output folder; the report is written to DIR/index.html.
    #[arg(short, long)]
    output: PathBuf,
}

#[derive(Debug, Args)]
struct MergeArgs {
    /// The merged output folder (it may already hold an earlier merge: it is updated).
    #[arg(short, long)]
    output: PathBuf,
    /// The shards' output folders.
    #[arg(required = true)]
    shards: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct StatsArgs {
    /// piao.sqlite, or the output folder that holds it.
    path: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct WorkerArgs {
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    format: crate::output::sink::Format,
    /// Address-space limit in bytes.
    #[arg(long, value_parser = batch::isolate::parse_bytes)]
    max_memory: u64,
    /// Threads for the pages of the file.
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Also put the document into `DIR/piao.sqlite`.
    #[arg(long)]
    sqlite: bool,
    /// Flush every output to disk before it is renamed into place (see `extract
    /// --durable`).
    #[arg(long)]
    durable: bool,
}

#[derive(Debug, Args)]
struct ExtractArgs {
    /// PDF files, folders (searched recursively) or glob patterns ('corpus/**/*.pdf').
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output folder, or - for standard output (records and csv).
    #[arg(short, long)]
    output: String,
    /// Output formats: one of json, records, csv, plus sqlite and parquet if wanted
    /// (--format csv,sqlite, or the flag repeated).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "json")]
    format: Vec<crate::batch::Format>,
    /// Parallel jobs, at least 1 (default: all cores).
    #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Extract every input again, even those whose outputs are up to date.
    #[arg(long)]
    force: bool,
    /// Process only shard K of N (--shard 2/8): a stable split of the inputs; an
    /// empty shard exits 0 with a note.
    #[arg(long, value_name = "K/N")]
    shard: Option<crate::batch::inputs::Shard>,
    /// Print failures only: no progress bar, no per-file lines, no summary.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also name every file skipped as not a PDF (the summary counts them).
    #[arg(short, long)]
    verbose: bool,
    /// Extract in this process instead of in worker processes: faster to start, but
    /// an abort, stack overflow or endless loop in the PDF reader ends the whole run,
    /// and --timeout / --max-memory do not apply.
    #[arg(long)]
    in_process: bool,
    /// Wall time one file may take (120s, 2m, 500ms); past it the file fails as
    /// timeout (exit status 20).
    #[arg(long, value_name = "DURATION", default_value = "120s", value_parser = batch::isolate::parse_duration)]
    timeout: std::time::Duration,
    /// Memory one file's worker may use (2GiB, 512MiB, down to 64MiB); past it the
    /// file fails as out_of_memory (exit status 22).
    #[arg(long, value_name = "SIZE", default_value = "2GiB", value_parser = batch::isolate::parse_bytes)]
    max_memory: u64,
    /// Flush every output and journal line to disk (fsync) as it is written, so even a
    /// power loss keeps what the manifest says is done. Without it a killed run still
    /// never leaves a half-written output (each is renamed into place), and a rerun
    /// redoes an output a power loss left empty; fsync costs up to hundreds of ms per
    /// file on a busy disk.
    #[arg(long)]
    durable: bool,
}

/// Exit status of a run of several files in which some failed.
pub const EXIT_SOME_FAILED: i32 = 3;
/// Exit status of a run of several files in which none could be processed.
pub const EXIT_ALL_FAILED: i32 = 4;

#[derive(Debug, Args)]
struct TablesArgs {
    /// The PDF to read.
    file: PathBuf,
    /// Print JSON (the shape of fixtures/*.tables.json plus columns and cells).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ScoreArgs {
    /// Expected: *.records.json or *.tables.json (truth format).
    #[arg(long)]
    expected: PathBuf,
    /// Actual: records as NDJSON, or tables JSON from piao-extract tables --json; -
    /// reads standard input.
    #[arg(long)]
    actual: PathBuf,
    /// Exit 1 when record_f1 is below this (0..1).
    #[arg(long, value_name = "X")]
    min_f1: Option<f64>,
    /// Exit 1 when cell_accuracy is below this (0..1).
    #[arg(long, value_name = "X")]
    min_cells: Option<f64>,
}

/// Exit status of `score` below its bar (`--min-f1`, `--min-cells`).
pub const EXIT_BELOW_BAR: i32 = 1;

#[derive(Debug, Args)]
struct InspectArgs {
    /// The PDF to look at.
    file: PathBuf,
    /// Only this page (1-based).
    #[arg(long)]
    page: Option<u32>,
    /// Print words.
    #[arg(long, group = "view")]
    words: bool,
    /// Print text line fragments.
    #[arg(long, group = "view")]
    lines: bool,
    /// Print ruling lines and filled areas.
    #[arg(long, group = "view")]
    rules: bool,
    /// Print raw glyphs (spaces included) in content-stream order.
    #[arg(long, group = "view")]
    glyphs: bool,
    /// One JSON object per line instead of plain text.
    #[arg(long)]
    json: bool,
    /// Print the page drawn as SVG with what was extracted (needs `--page`).
    #[arg(long, group = "view", requires = "page")]
    svg: bool,
}

/// A failure tied to the file it happened on: printed as `file: reason`.
#[derive(Debug)]
pub struct FileError {
    /// The input file.
    pub path: PathBuf,
    /// What went wrong.
    pub error: Error,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

/// Open a PDF file (or a signed envelope around one), attaching the path to any error.
pub fn open_pdf(path: &Path, config: &Config) -> Result<crate::pdf::Document, FileError> {
    let wrap = |error| FileError {
        path: path.to_path_buf(),
        error,
    };
    let bytes = std::fs::read(path).map_err(|e| wrap(Error::Io(e)))?;
    let unwrapped = crate::envelope::unwrap_named(path, &bytes).map_err(wrap)?;
    crate::pdf::open(&unwrapped.pdf, config).map_err(wrap)
}

/// Run the CLI; returns the process exit status.
pub fn run() -> i32 {
    quiet_contained_panics();
    let cli = Cli::parse();
    let config = match config_with_vocab(&cli.vocab) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("piao-extract: {e}");
            return Error::Invalid(String::new()).exit_code();
        }
    };
    match cli.command {
        Command::Inspect(a) => inspect_cmd(&a, &config),
        Command::Tables(a) => tables_cmd(&a, &config),
        Command::Score(a) => score_cmd(&a),
        Command::Extract(a) => extract_cmd(&a, &config),
        Command::Review(a) => review_cmd(&a, &config),
        Command::Stats(a) => stats_cmd(&a),
        Command::Merge(a) => merge_cmd(&a),
        Command::Worker(a) => {
            crate::output::write::set_durable(a.durable);
            batch::isolate::worker(
                &batch::isolate::WorkerArgs {
                    format: a.format,
                    dir: a.out,
                    max_memory: a.max_memory,
                    threads: a.threads,
                    sqlite: a.sqlite,
                },
                &config,
            )
        }
    }
}

/// Print to standard output; a reader that has gone (`| head`) ends nothing.
fn out(text: &str) {
    use std::io::Write as _;
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes()).and_then(|()| o.flush());
}

fn merge_cmd(a: &MergeArgs) -> i32 {
    match batch::merge::merge(&a.output, &a.shards) {
        Ok(m) => {
            batch::progress::say(&format!(
                "piao-extract merge: {} shard folders into {}: {}",
                m.shards,
                a.output.display(),
                m.summary
            ));
            0
        }
        Err(error) => report(&FileError {
            path: a.output.clone(),
            error,
        }),
    }
}

/// The run's configuration: the built-in vocabulary extended with `--vocab` files.
fn config_with_vocab(files: &[PathBuf]) -> anyhow::Result<Config> {
    let mut texts = Vec::with_capacity(files.len());
    for f in files {
        let text = std::fs::read_to_string(f)
            .map_err(|e| anyhow::anyhow!("vocabulary {}: {e}", f.display()))?;
        texts.push((f.display().to_string(), text));
    }
    let mut config = Config::default();
    if !texts.is_empty() {
        config.vocab = std::sync::Arc::new(crate::vocab::Vocabulary::with_files(&texts)?).into();
    }
    Ok(config)
}

fn stats_cmd(a: &StatsArgs) -> i32 {
    use crate::dataset::stats;
    match stats::read(&a.path) {
        Ok(s) if a.json => {
            out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&s).unwrap_or_default()
            ));
            0
        }
        Ok(s) => {
            out(&stats::render(&s));
            0
        }
        Err(error) => report(&FileError {
            path: a.path.clone(),
            error,
        }),
    }
}

fn extract_cmd(a: &ExtractArgs, config: &Config) -> i32 {
    use crate::batch;
    crate::output::write::set_durable(a.durable);
    let target = if a.output == "-" {
        batch::Target::Stdout
    } else {
        batch::Target::Dir(PathBuf::from(&a.output))
    };
    let formats = match batch::split_formats(&a.format) {
        Ok(f) => f,
        Err(error) => {
            return report(&FileError {
                path: PathBuf::from(&a.output),
                error,
            });
        }
    };
    let isolation = match a.in_process {
        true => None,
        false => match batch::isolate::Isolation::new(a.timeout, a.max_memory) {
            Ok(iso) => Some(iso.with_vocab(&config.vocab.files)),
            Err(error) => {
                return report(&FileError {
                    path: PathBuf::from("piao-extract"),
                    error,
                });
            }
        },
    };
    let opts = batch::Options {
        format: formats.files,
        sqlite: formats.sqlite,
        parquet: formats.parquet,
        jobs: a.jobs.map(usize::from),
        force: a.force,
        shard: a.shard,
        verbosity: if a.quiet {
            batch::progress::Verbosity::Quiet
        } else if a.verbose {
            batch::progress::Verbosity::Verbose
        } else {
            batch::progress::Verbosity::Normal
        },
        isolation,
    };
    match batch::run(&a.inputs, &target, &opts, config) {
        Ok(outcome) if a.shard.is_some() && pdfs(&outcome.entries) == 0 => 0,
        Ok(outcome) => exit_status(&outcome.entries),
        Err(error) => report(&FileError {
            path: PathBuf::from(&a.output),
            error,
        }),
    }
}

/// PDFs among a run's entries (skipped non-PDFs do not count).
fn pdfs(entries: &[batch::manifest::Entry]) -> usize {
    entries
        .iter()
        .filter(|e| e.status != batch::manifest::Status::Skipped)
        .count()
}

/// The exit status of a batch, over its PDFs (skipped non-PDFs do not count).
///
/// One PDF: its own status (0, [`Error::NoObjectives`]'s, or its error's). Several:
/// 0 when every one was processed (up to date and "no objectives" included: their
/// outputs are written and the manifest tells them apart), [`EXIT_SOME_FAILED`] when
/// some failed, [`EXIT_ALL_FAILED`] when all failed. No PDF at all: the status of
/// invalid input (2), except for a shard: a shard with no PDF has nothing to do (0).
fn exit_status(entries: &[batch::manifest::Entry]) -> i32 {
    use batch::manifest::Status;
    let pdfs: Vec<_> = entries
        .iter()
        .filter(|e| e.status != Status::Skipped)
        .collect();
    match pdfs[..] {
        [] => Error::Invalid(String::new()).exit_code(),
        [one] => one.exit_status(),
        _ if pdfs.iter().all(|e| e.succeeded()) => 0,
        _ if pdfs.iter().all(|e| !e.succeeded()) => EXIT_ALL_FAILED,
        _ => EXIT_SOME_FAILED,
    }
}

fn tables_cmd(a: &TablesArgs, config: &Config) -> i32 {
    // the same stage chain as `extract`: a scan fails as no_text_layer here too
    let tables = match crate::extract::extract_file(&a.file, config) {
        Ok(d) => d.plan.tables,
        Err(error) => {
            return report(&FileError {
                path: a.file.clone(),
                error,
            });
        }
    };
    if a.json {
        out(&format!(
            "{}\n",
            crate::output::tables_json(&a.file, &tables)
        ));
    } else {
        for t in &tables {
            out(&format!(
                "{} {:?} pages {:?} {}x{} {}\n",
                t.id,
                t.kind,
                t.pages,
                t.rows.len(),
                t.columns.len(),
                t.context.join(" / ")
            ));
        }
    }
    0
}

fn score_cmd(a: &ScoreArgs) -> i32 {
    use std::io::Read as _;
    let fail = |error| {
        report(&FileError {
            path: a.actual.clone(),
            error,
        })
    };
    let scored = if a.actual.as_os_str() == "-" {
        let mut text = String::new();
        match std::io::stdin().read_to_string(&mut text) {
            Ok(_) => crate::score::score_text(&a.expected, &text),
            Err(e) => Err(Error::Io(e)),
        }
    } else {
        crate::score::score_files(&a.expected, &a.actual)
    };
    let r = match scored {
        Ok(r) => r,
        Err(error) => return fail(error),
    };
    out(&format!("{r}\n"));
    let bars = crate::score::Bars {
        min_f1: a.min_f1,
        min_cells: a.min_cells,
    };
    match bars.check(&r) {
        Ok(()) => 0,
        Err(crate::score::Below::Figure(why)) => {
            batch::progress::say(&format!("piao-extract score: {why}"));
            EXIT_BELOW_BAR
        }
        Err(crate::score::Below::WrongKind(why)) => fail(Error::Invalid(why)),
    }
}

fn review_cmd(a: &ReviewArgs, config: &Config) -> i32 {
    if a.file.is_dir() {
        return report(&FileError {
            path: a.file.clone(),
            error: Error::Invalid("review takes one PDF file, not a folder".into()),
        });
    }
    let index = a.output.join("index.html");
    let written = crate::review::review_file(&a.file, config).and_then(|r| {
        crate::output::write::atomic_write(&index, crate::review::html(&r).as_bytes())
    });
    match written {
        Ok(()) => {
            batch::progress::say(&format!("piao-extract review: wrote {}", index.display()));
            0
        }
        Err(error) => report(&FileError {
            path: a.file.clone(),
            error,
        }),
    }
}

fn svg_cmd(a: &InspectArgs, config: &Config) -> i32 {
    let page = a.page.unwrap_or(1);
    match crate::review::review_file(&a.file, config) {
        Ok(r) => match crate::review::page_svg(&r, page) {
            Some(svg) => {
                out(&svg);
                0
            }
            None => report(&FileError {
                path: a.file.clone(),
                error: Error::Invalid(format!("no page {page}")),
            }),
        },
        Err(error) => report(&FileError {
            path: a.file.clone(),
            error,
        }),
    }
}

fn inspect_cmd(a: &InspectArgs, config: &Config) -> i32 {
    if a.svg {
        return svg_cmd(a, config);
    }
    let view = if a.lines {
        inspect::View::Lines
    } else if a.rules {
        inspect::View::Rules
    } else if a.glyphs {
        inspect::View::Glyphs
    } else {
        inspect::View::Words
    };
    match open_pdf(&a.file, config) {
        Ok(doc) => {
            out(&inspect::render(&doc, config, a.page, view, a.json));
            0
        }
        Err(e) => report(&e),
    }
}

/// Print a one-line error and return its exit status.
pub fn report(e: &FileError) -> i32 {
    batch::progress::say(&e.to_string());
    e.error.exit_code()
}

/// Panics inside dependencies are caught and reported as one error line per file;
/// the default hook would also print a backtrace banner to stderr for each one.
fn quiet_contained_panics() {
    if std::env::var_os("PIAO_DEBUG_PANICS").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
}
