//! Scoring extracted records and tables against the truth files.
//!
//! [`score_files`] looks at the expected file and scores one of two things. The numbers it
//! prints are only worth trusting if the rules are known, so here they are in full.
//!
//! # Text comparison (both modes)
//! Values are compared after **whitespace collapsing only**: leading and trailing
//! whitespace is dropped and every run of whitespace (Unicode `White_Space`, so a
//! no-break space too) becomes one space. Nothing else is forgiven: case, punctuation,
//! accents, apostrophe shapes (`'` vs `’`) and number formatting (`85,29%` vs `85.29%`)
//! all count as differences. A number is compared by its JSON text (`2025`, `1.5`) and
//! never equals a string (`"2025"`); a boolean only equals the same boolean.
//!
//! # Records
//! The expected file is a truth `records` file; the actual file is NDJSON (one record
//! object per line; a JSON array or an object with `records` is accepted too).
//! - **Scored fields**: every key of the *expected* record whose value is a string,
//!   number or boolean, except the bookkeeping keys `seed_line`, `seed_lines`, `summary`
//!   and `summary_row`. An expected `null` means "unknowable" and that field is not scored
//!   for that record. Keys only the actual record has (`page`, ids, normalised copies) are
//!   ignored.
//! - **Empty**: a `null` or missing actual value equals an expected `""` (both mean
//!   "nothing printed"); this and whitespace are the only things forgiven.
//! - **Pairing**: records are paired one-to-one within the same `year`, by the
//!   similarity of their keys `objective_code|objective|indicator|dirigente`
//!   (whitespace-collapsed, lower-cased; Sørensen–Dice over character bigrams). The
//!   objective is part of the key because the same indicator text recurs under different
//!   objectives. Pairs are taken greedily by descending similarity, ties broken by the
//!   number of equal scored fields, so the pairing does not depend on the order of the
//!   actual file. Below [`MIN_PAIR_SIMILARITY`] records stay unpaired.
//! - **Per field**: a true positive is a paired record with an equal value; a false
//!   positive is a non-empty actual value that is not a true positive (including every
//!   non-empty value of an unpaired actual record, for fields scored anywhere in the
//!   expected file); a false negative is a scored expected value that is not a true
//!   positive (including every scored value of an unpaired expected record).
//! - **Per record**: a record is correct when it is paired and all its scored fields are
//!   equal. precision = correct / actual records, recall = correct / expected records,
//!   `record_f1` their harmonic mean. A ratio 0/0 counts as 1 (nothing to find and
//!   nothing found is a perfect score).
//!
//! # Tables
//! Both files have the shape `{"tables": [{"header", "rows", "context", ...}]}`; only
//! those three keys are read. Because our extractor stitches a table that runs over
//! several pages into one while the truth has one entry per page block, the data rows
//! of all expected tables are concatenated in order, so are the actual ones, and the two
//! sequences are aligned (see [`ROW_GAP_SCORE`] and [`MIN_ROW_SIMILARITY`]).
//! - A cell is correct when the aligned actual row has the same text at the same column
//!   index. Missing cells are wrong; extra non-empty cells of an actual row are wrong
//!   cells too (extra empty cells are ignored).
//! - `cell_accuracy` = correct cells / (cells of all expected rows + extra non-empty
//!   cells of aligned actual rows + cells of unaligned actual rows).
//! - Header accuracy is the share of expected tables whose header equals the header of
//!   some actual table.
//!
//! The last line of a report is the headline, `record_f1=0.9876` or
//! `cell_accuracy=0.9912`, so scripts can `tail -1`.

mod records;
mod tables;
mod text;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::Path;

use serde_json::Value as Json;

use crate::error::{Error, Result};

pub use records::{FieldDiff, FieldStats, MIN_PAIR_SIMILARITY, RecordMismatch, RecordReport};
pub use tables::{CellDiff, MIN_ROW_SIMILARITY, ROW_GAP_SCORE, RowMismatch, TableReport};

/// Most mismatch lines a report prints before summarising the rest as `... N more`:
/// enough to see a pattern, short enough to read in a terminal.
pub const MAX_MISMATCH_LINES: usize = 60;

/// The outcome of [`score_files`]: which kind of file was scored, with its numbers.
#[derive(Debug, Clone)]
pub enum Report {
    /// Records (one per indicator) scored field by field.
    Records(RecordReport),
    /// Table grids scored cell by cell.
    Tables(TableReport),
}

impl Report {
    /// The record-level F1, when records were scored.
    pub fn record_f1(&self) -> Option<f64> {
        match self {
            Report::Records(r) => Some(r.f1()),
            Report::Tables(_) => None,
        }
    }

    /// The cell accuracy, when tables were scored.
    pub fn cell_accuracy(&self) -> Option<f64> {
        match self {
            Report::Records(_) => None,
            Report::Tables(t) => Some(t.cell_accuracy()),
        }
    }

    /// The headline figure of either kind (the number on the last line).
    pub fn headline(&self) -> f64 {
        match self {
            Report::Records(r) => r.f1(),
            Report::Tables(t) => t.cell_accuracy(),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Report::Records(r) => r.fmt(f),
            Report::Tables(t) => t.fmt(f),
        }
    }
}

/// Score `actual` against the truth file `expected`.
///
/// The kind is decided by the expected file: an object with `records` scores records
/// (actual: NDJSON, a JSON array, or an object with `records`), an object with `tables`
/// scores tables (actual: the same shape). Anything else is [`Error::Invalid`].
pub fn score_files(expected: &Path, actual: &Path) -> Result<Report> {
    score_text(expected, &std::fs::read_to_string(actual)?)
}

/// Score the actual text (NDJSON records or tables JSON, e.g. read from standard
/// input) against the truth file `expected`, as [`score_files`] does.
pub fn score_text(expected: &Path, actual_text: &str) -> Result<Report> {
    let actual_text = actual_text.to_string();
    let expected_json = read_json(expected)?;
    if let Some(list) = expected_json.get("records") {
        let exp = records::expected_records(list)?;
        let act = records::parse_actual(&actual_text)?;
        Ok(Report::Records(records::score(&exp, &act)))
    } else if let Some(list) = expected_json.get("tables") {
        let exp = tables::parse_tables(list, "expected")?;
        let act_json: Json = serde_json::from_str(&actual_text)
            .map_err(|e| Error::Invalid(format!("actual tables file is not JSON: {e}")))?;
        let list = act_json
            .get("tables")
            .ok_or_else(|| Error::Invalid("actual file has no \"tables\" array".into()))?;
        let act = tables::parse_tables(list, "actual")?;
        Ok(Report::Tables(tables::score(&exp, &act)?))
    } else {
        Err(Error::Invalid(
            "expected file has neither \"records\" nor \"tables\"".into(),
        ))
    }
}

/// Bars a report must reach (`score --min-f1`, `--min-cells`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Bars {
    /// Least record F1 (records reports).
    pub min_f1: Option<f64>,
    /// Least cell accuracy (tables reports).
    pub min_cells: Option<f64>,
}

/// Why a report does not pass its bars.
#[derive(Debug, Clone, PartialEq)]
pub enum Below {
    /// A figure under its bar: the message says which.
    Figure(String),
    /// A bar for the other kind of report (`--min-cells` on records).
    WrongKind(String),
}

impl Bars {
    /// Check `report` against the bars.
    pub fn check(&self, report: &Report) -> std::result::Result<(), Below> {
        let pairs = [
            ("--min-f1", "record_f1", self.min_f1, report.record_f1()),
            (
                "--min-cells",
                "cell_accuracy",
                self.min_cells,
                report.cell_accuracy(),
            ),
        ];
        for (flag, name, bar, got) in pairs {
            match (bar, got) {
                (Some(_), None) => {
                    return Err(Below::WrongKind(format!(
                        "{flag} applies to {} files; the expected file scores {}",
                        if name == "record_f1" {
                            "records"
                        } else {
                            "tables"
                        },
                        if name == "record_f1" {
                            "tables"
                        } else {
                            "records"
                        },
                    )));
                }
                (Some(b), Some(v)) if v < b => {
                    return Err(Below::Figure(format!("{name}={v:.4} is below {flag} {b}")));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Read and parse one JSON file, naming it in the error.
fn read_json(path: &Path) -> Result<Json> {
    let text = std::fs::read_to_string(path)?;
    serde_json::from_str(&text)
        .map_err(|e| Error::Invalid(format!("{} is not JSON: {e}", path.display())))
}

/// Write mismatch lines, at most [`MAX_MISMATCH_LINES`], then `... N more`.
fn write_capped(f: &mut fmt::Formatter<'_>, lines: &[String]) -> fmt::Result {
    for line in lines.iter().take(MAX_MISMATCH_LINES) {
        writeln!(f, "{line}")?;
    }
    if lines.len() > MAX_MISMATCH_LINES {
        writeln!(f, "... {} more", lines.len() - MAX_MISMATCH_LINES)?;
    }
    Ok(())
}
