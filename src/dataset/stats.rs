//! `piao-extract stats`: the figures a researcher looks at first, per document and
//! for the whole dataset, read from the `document_quality` view.

use super::sqlite::FILE_NAME;
use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::path::Path;

/// Counts of one document, or of the whole set.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Objectives.
    pub objectives: u64,
    /// Indicators.
    pub indicators: u64,
    /// Indicators whose formula is binary (done / not done).
    pub binary: u64,
    /// Indicators whose target has a number.
    pub numeric_target: u64,
    /// Indicators with a baseline.
    pub baseline: u64,
    /// Indicators with a deadline (the card's, or a date in the target).
    pub deadline: u64,
    /// Indicators whose objective names a dirigente we could identify.
    pub named_dirigente: u64,
    /// Objectives whose indicators carry weights.
    pub weighted_objectives: u64,
    /// Of those, objectives whose weights do not sum to 100.
    pub weights_off_100: u64,
}

/// The figures of one document (or of the whole set: `file` is `None`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    /// The input file; `None` for the total.
    pub file: Option<String>,
    /// sha256 of the document.
    pub sha256: Option<String>,
    /// The municipality.
    pub ente: Option<String>,
    /// The period.
    pub period: Option<String>,
    /// Counts.
    #[serde(flatten)]
    pub counts: Counts,
    /// Shares of the indicators (0..1), `None` when there are none.
    pub shares: Shares,
    /// Indicators per objective.
    pub indicators_per_objective: Option<f64>,
}

/// Shares of the indicators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shares {
    /// Binary formulas.
    pub binary: Option<f64>,
    /// Numeric targets.
    pub numeric_target: Option<f64>,
    /// With a baseline.
    pub baseline: Option<f64>,
    /// With a deadline.
    pub deadline: Option<f64>,
    /// With a named dirigente.
    pub named_dirigente: Option<f64>,
}

impl Figures {
    fn new(file: Option<String>, counts: Counts) -> Self {
        let of = |n: u64| ratio(n, counts.indicators);
        Figures {
            file,
            sha256: None,
            ente: None,
            period: None,
            shares: Shares {
                binary: of(counts.binary),
                numeric_target: of(counts.numeric_target),
                baseline: of(counts.baseline),
                deadline: of(counts.deadline),
                named_dirigente: of(counts.named_dirigente),
            },
            indicators_per_objective: ratio(counts.indicators, counts.objectives),
            counts,
        }
    }
}

fn ratio(n: u64, of: u64) -> Option<f64> {
    (of > 0).then(|| n as f64 / of as f64)
}

/// Per document, and the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    /// One entry per document, by file.
    pub documents: Vec<Figures>,
    /// The whole set.
    pub total: Figures,
}

/// The database of `path`: the file itself, or `piao.sqlite` in a folder.
pub fn database_path(path: &Path) -> std::path::PathBuf {
    if path.is_dir() {
        path.join(FILE_NAME)
    } else {
        path.to_path_buf()
    }
}

/// Read the figures of the database at (or in) `path`.
pub fn read(path: &Path) -> Result<Stats> {
    let db = database_path(path);
    if !db.is_file() {
        return Err(Error::Invalid(format!(
            "{}: no such database",
            db.display()
        )));
    }
    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| Error::Invalid(format!("{}: {e}", db.display())))?;
    of_connection(&conn).map_err(|e| Error::Invalid(format!("{}: {e}", db.display())))
}

/// The figures of an open database.
pub fn of_connection(conn: &Connection) -> rusqlite::Result<Stats> {
    let mut stmt = conn.prepare(
        "SELECT source, document_sha256, ente, period, objectives, indicators, binary,
                numeric_target, baseline, deadline, named_dirigente, weighted_objectives,
                weights_off_100
         FROM document_quality ORDER BY source",
    )?;
    let documents: Vec<Figures> = stmt
        .query_map([], |r| {
            let n = |i: usize| r.get::<_, i64>(i).map(|v| u64::try_from(v).unwrap_or(0));
            let counts = Counts {
                objectives: n(4)?,
                indicators: n(5)?,
                binary: n(6)?,
                numeric_target: n(7)?,
                baseline: n(8)?,
                deadline: n(9)?,
                named_dirigente: n(10)?,
                weighted_objectives: n(11)?,
                weights_off_100: n(12)?,
            };
            let mut f = Figures::new(Some(r.get(0)?), counts);
            f.sha256 = Some(r.get(1)?);
            f.ente = r.get(2)?;
            f.period = r.get(3)?;
            Ok(f)
        })?
        .collect::<rusqlite::Result<_>>()?;
    let total = Figures::new(None, sum(documents.iter().map(|f| &f.counts)));
    Ok(Stats { documents, total })
}

fn sum<'a>(all: impl Iterator<Item = &'a Counts>) -> Counts {
    all.fold(Counts::default(), |a, c| Counts {
        objectives: a.objectives + c.objectives,
        indicators: a.indicators + c.indicators,
        binary: a.binary + c.binary,
        numeric_target: a.numeric_target + c.numeric_target,
        baseline: a.baseline + c.baseline,
        deadline: a.deadline + c.deadline,
        named_dirigente: a.named_dirigente + c.named_dirigente,
        weighted_objectives: a.weighted_objectives + c.weighted_objectives,
        weights_off_100: a.weights_off_100 + c.weights_off_100,
    })
}

/// Column headings of the terminal table.
const HEADINGS: [&str; 10] = [
    "document",
    "obj",
    "ind",
    "ind/obj",
    "binary",
    "num.target",
    "baseline",
    "deadline",
    "dirigente",
    "w!=100",
];

/// The figures as a plain-text table, one line per document and a total line.
pub fn render(s: &Stats) -> String {
    let mut lines: Vec<[String; 10]> = vec![HEADINGS.map(str::to_string)];
    for f in s.documents.iter().chain([&s.total]) {
        lines.push(row(f));
    }
    let widths: Vec<usize> = (0..HEADINGS.len())
        .map(|i| {
            lines
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for l in &lines {
        let cells: Vec<String> = l
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i == 0 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn row(f: &Figures) -> [String; 10] {
    let pct = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |v| format!("{:.1}%", v * 100.0));
    let name = f.file.as_deref().map_or("TOTAL", |p| {
        Path::new(p)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(p)
    });
    let c = &f.counts;
    [
        name.to_string(),
        c.objectives.to_string(),
        c.indicators.to_string(),
        f.indicators_per_objective
            .map_or_else(|| "-".to_string(), |v| format!("{v:.2}")),
        pct(f.shares.binary),
        pct(f.shares.numeric_target),
        pct(f.shares.baseline),
        pct(f.shares.deadline),
        pct(f.shares.named_dirigente),
        format!("{}/{}", c.weights_off_100, c.weighted_objectives),
    ]
}
