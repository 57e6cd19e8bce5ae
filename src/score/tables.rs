//! Table scoring: flatten both sides into row sequences, align them, compare cells.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value as Json;

use super::text::{clip, collapse, ratio};
use super::write_capped;
use crate::error::{Error, Result};

/// Least share of equal cells (equal cells / (expected cells + extra non-empty actual
/// cells)) at which an expected and an actual row may be aligned. 0.5: a row whose
/// objective cell was cut or glued still aligns with its truth and loses only the
/// wrong cells; a row that shares only blank fill-down cells with another does not
/// (a PIAO row has 7–14 cells, 2–4 of them often blank).
pub const MIN_ROW_SIMILARITY: f64 = 0.5;

/// What skipping a row (on either side) adds to the alignment score, whose matches add
/// their number of equal cells. 0: gaps are free, so the alignment maximises equal
/// cells in order; it never pays to pair rows below [`MIN_ROW_SIMILARITY`], which are
/// not allowed to pair anyway.
pub const ROW_GAP_SCORE: u32 = 0;

/// Most expected × actual row pairs the alignment will take (one traceback byte each):
/// 64 Mi pairs is 64 MiB, eight thousand rows a side; the seeds have under 500.
const MAX_ALIGNMENT_PAIRS: usize = 64 << 20;

/// Longest cell text shown in the mismatch listing.
const CLIP_CHARS: usize = 60;

/// The parts of one table the scorer reads.
#[derive(Debug)]
pub(crate) struct ParsedTable {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    context: Vec<String>,
}

/// Read `header`, `rows` and `context` of every table in a `tables` array.
pub(crate) fn parse_tables(list: &Json, which: &str) -> Result<Vec<ParsedTable>> {
    let items = list
        .as_array()
        .ok_or_else(|| Error::Invalid(format!("{which} \"tables\" is not an array")))?;
    items
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let where_ = format!("{which} table {}", i + 1);
            let rows = match t.get("rows") {
                Some(Json::Array(rows)) => rows.iter().map(|r| cells(r, &where_)).collect(),
                None | Some(Json::Null) => Ok(Vec::new()),
                Some(_) => Err(Error::Invalid(format!(
                    "{where_}: \"rows\" is not an array"
                ))),
            }?;
            Ok(ParsedTable {
                header: optional_cells(t.get("header"), &where_)?,
                rows,
                context: optional_cells(t.get("context"), &where_)?,
            })
        })
        .collect()
}

fn optional_cells(v: Option<&Json>, where_: &str) -> Result<Vec<String>> {
    match v {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(v) => cells(v, where_),
    }
}

/// One row (or header, or context) as whitespace-collapsed texts; `null` is blank.
fn cells(v: &Json, where_: &str) -> Result<Vec<String>> {
    let items = v
        .as_array()
        .ok_or_else(|| Error::Invalid(format!("{where_}: a row is not an array")))?;
    Ok(items
        .iter()
        .map(|c| match c {
            Json::Null => String::new(),
            Json::String(s) => collapse(s),
            other => collapse(&other.to_string()),
        })
        .collect())
}

/// One cell that is wrong, missing or spurious.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellDiff {
    /// Column index, from 0.
    pub col: usize,
    /// The expected text; `None` for a cell only the actual row has.
    pub expected: Option<String>,
    /// The actual text; `None` for a cell the actual row lacks (or an unaligned row).
    pub actual: Option<String>,
}

/// An expected row that is not reproduced exactly, or an actual row with no partner.
/// Positions are (table index, row index), both from 0, in their own file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowMismatch {
    /// Where the expected row is; `None` for a spurious actual row.
    pub expected: Option<(usize, usize)>,
    /// Where the aligned actual row is; `None` for a missing expected row.
    pub actual: Option<(usize, usize)>,
    /// The cells counted wrong (every cell of an unaligned row).
    pub cells: Vec<CellDiff>,
}

/// The result of scoring tables.
#[derive(Debug, Clone, Default)]
pub struct TableReport {
    /// Tables in the expected file.
    pub expected_tables: usize,
    /// Data rows over all expected tables.
    pub expected_rows: usize,
    /// Cells over all expected rows.
    pub expected_cells: usize,
    /// Tables in the actual file.
    pub actual_tables: usize,
    /// Data rows over all actual tables.
    pub actual_rows: usize,
    /// Expected rows aligned with an actual row.
    pub aligned_rows: usize,
    /// Cells equal at the same column of the aligned actual row.
    pub correct_cells: usize,
    /// The denominator: expected cells + extra non-empty cells of aligned actual rows +
    /// cells of unaligned actual rows.
    pub scored_cells: usize,
    /// Expected tables whose header equals the header of some actual table.
    pub header_matches: usize,
    /// Rows with a wrong cell and unaligned rows, in alignment order.
    pub mismatches: Vec<RowMismatch>,
    /// The context of each expected table, to label the mismatch listing.
    pub expected_context: Vec<Vec<String>>,
}

impl TableReport {
    /// correct cells / scored cells: the headline figure.
    pub fn cell_accuracy(&self) -> f64 {
        ratio(self.correct_cells, self.scored_cells)
    }

    /// Share of expected tables whose header some actual table reproduces.
    pub fn header_accuracy(&self) -> f64 {
        ratio(self.header_matches, self.expected_tables)
    }
}

/// A row of the flattened sequence: interned cells and where it came from.
struct Row {
    cells: Vec<u32>,
    at: (usize, usize),
}

/// Interned cell texts, so the O(n·m) alignment compares integers.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    texts: Vec<String>,
}

impl Interner {
    /// The id of the blank cell: always 0.
    const BLANK: u32 = 0;

    fn new() -> Interner {
        let mut i = Interner::default();
        i.id("");
        i
    }

    fn id(&mut self, s: &str) -> u32 {
        if let Some(id) = self.ids.get(s) {
            return *id;
        }
        let id = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.ids.insert(s.to_string(), id);
        self.texts.push(s.to_string());
        id
    }

    fn text(&self, id: u32) -> String {
        self.texts.get(id as usize).cloned().unwrap_or_default()
    }
}

fn flatten(tables: &[ParsedTable], interner: &mut Interner) -> Vec<Row> {
    let mut rows = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        for (ri, r) in t.rows.iter().enumerate() {
            let cells = r.iter().map(|c| interner.id(c)).collect();
            rows.push(Row {
                cells,
                at: (ti, ri),
            });
        }
    }
    rows
}

/// Equal cells and extra non-empty actual cells of one expected/actual row pair.
fn pair_counts(e: &[u32], a: &[u32]) -> (usize, usize) {
    let correct = e.iter().zip(a).filter(|(x, y)| x == y).count();
    let extra = a
        .iter()
        .skip(e.len())
        .filter(|c| **c != Interner::BLANK)
        .count();
    (correct, extra)
}

/// The score a pair adds to the alignment, or `None` when it may not pair.
fn match_score(e: &[u32], a: &[u32]) -> Option<u32> {
    let (correct, extra) = pair_counts(e, a);
    let sim = if e.len() + extra == 0 {
        1.0
    } else {
        ratio(correct, e.len() + extra)
    };
    (sim >= MIN_ROW_SIMILARITY).then(|| u32::try_from(correct).unwrap_or(u32::MAX))
}

/// One step of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Pair(usize, usize),
    SkipExpected(usize),
    SkipActual(usize),
}

const DIAG: u8 = 0;
const UP: u8 = 1;
const LEFT: u8 = 2;

/// Needleman–Wunsch alignment of the two row sequences, maximising equal cells.
///
/// Scores live in two rolling rows of `u32`; the traceback takes one byte per pair, so
/// 2,000 × 2,000 rows cost 4 MB. Ties prefer pairing, then skipping the expected row.
fn align(exp: &[Row], act: &[Row]) -> Result<Vec<Step>> {
    let (n, m) = (exp.len(), act.len());
    if n.saturating_mul(m) > MAX_ALIGNMENT_PAIRS {
        return Err(Error::TooLarge(format!(
            "cannot align {n} × {m} table rows"
        )));
    }
    let width = m + 1;
    let mut trace = vec![LEFT; (n + 1) * width];
    let mut prev: Vec<u32> = (0..=m).map(|j| ROW_GAP_SCORE * j as u32).collect();
    let mut cur = vec![0u32; width];
    for (i, e) in exp.iter().enumerate() {
        cur[0] = prev[0] + ROW_GAP_SCORE;
        trace[(i + 1) * width] = UP;
        for (j, a) in act.iter().enumerate() {
            let up = prev[j + 1] + ROW_GAP_SCORE;
            let left = cur[j] + ROW_GAP_SCORE;
            let (mut best, mut dir) = if up >= left { (up, UP) } else { (left, LEFT) };
            if let Some(s) = match_score(&e.cells, &a.cells)
                && prev[j] + s >= best
            {
                (best, dir) = (prev[j] + s, DIAG);
            }
            cur[j + 1] = best;
            trace[(i + 1) * width + j + 1] = dir;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    Ok(traceback(&trace, n, m))
}

fn traceback(trace: &[u8], n: usize, m: usize) -> Vec<Step> {
    let (mut i, mut j, mut steps) = (n, m, Vec::with_capacity(n + m));
    while i > 0 || j > 0 {
        let dir = if i == 0 {
            LEFT
        } else {
            trace.get(i * (m + 1) + j).copied().unwrap_or(UP)
        };
        match dir {
            DIAG if j > 0 => {
                steps.push(Step::Pair(i - 1, j - 1));
                (i, j) = (i - 1, j - 1);
            }
            LEFT if j > 0 => {
                steps.push(Step::SkipActual(j - 1));
                j -= 1;
            }
            _ => {
                steps.push(Step::SkipExpected(i - 1));
                i -= 1;
            }
        }
    }
    steps.reverse();
    steps
}

/// Score the actual tables against the expected ones.
pub(crate) fn score(exp: &[ParsedTable], act: &[ParsedTable]) -> Result<TableReport> {
    let mut interner = Interner::new();
    let exp_rows = flatten(exp, &mut interner);
    let act_rows = flatten(act, &mut interner);
    let mut report = TableReport {
        expected_tables: exp.len(),
        expected_rows: exp_rows.len(),
        expected_cells: exp_rows.iter().map(|r| r.cells.len()).sum(),
        actual_tables: act.len(),
        actual_rows: act_rows.len(),
        header_matches: exp
            .iter()
            .filter(|e| act.iter().any(|a| a.header == e.header))
            .count(),
        expected_context: exp.iter().map(|t| t.context.clone()).collect(),
        ..TableReport::default()
    };
    for step in align(&exp_rows, &act_rows)? {
        count_step(step, &exp_rows, &act_rows, &interner, &mut report);
    }
    Ok(report)
}

/// Add one alignment step to the counts and the mismatch list.
fn count_step(step: Step, exp: &[Row], act: &[Row], interner: &Interner, report: &mut TableReport) {
    let text = |id: &u32| interner.text(*id);
    match step {
        Step::Pair(i, j) => {
            let (Some(e), Some(a)) = (exp.get(i), act.get(j)) else {
                return;
            };
            let (correct, extra) = pair_counts(&e.cells, &a.cells);
            report.aligned_rows += 1;
            report.correct_cells += correct;
            report.scored_cells += e.cells.len() + extra;
            let cells = paired_diffs(&e.cells, &a.cells, interner);
            if !cells.is_empty() {
                report.mismatches.push(RowMismatch {
                    expected: Some(e.at),
                    actual: Some(a.at),
                    cells,
                });
            }
        }
        Step::SkipExpected(i) => {
            let Some(e) = exp.get(i) else { return };
            report.scored_cells += e.cells.len();
            let cells = e.cells.iter().enumerate().map(|(col, c)| CellDiff {
                col,
                expected: Some(text(c)),
                actual: None,
            });
            report.mismatches.push(RowMismatch {
                expected: Some(e.at),
                actual: None,
                cells: cells.collect(),
            });
        }
        Step::SkipActual(j) => {
            let Some(a) = act.get(j) else { return };
            report.scored_cells += a.cells.len();
            let cells = a.cells.iter().enumerate().map(|(col, c)| CellDiff {
                col,
                expected: None,
                actual: Some(text(c)),
            });
            report.mismatches.push(RowMismatch {
                expected: None,
                actual: Some(a.at),
                cells: cells.collect(),
            });
        }
    }
}

/// The wrong cells of an aligned pair: differing, missing, or extra and non-empty.
fn paired_diffs(e: &[u32], a: &[u32], interner: &Interner) -> Vec<CellDiff> {
    let width = e.len().max(a.len());
    (0..width)
        .filter_map(|col| {
            let (ec, ac) = (e.get(col), a.get(col));
            let wrong = match (ec, ac) {
                (Some(x), Some(y)) => x != y,
                (Some(_), None) => true,
                (None, Some(y)) => *y != Interner::BLANK,
                (None, None) => false,
            };
            wrong.then(|| CellDiff {
                col,
                expected: ec.map(|x| interner.text(*x)),
                actual: ac.map(|y| interner.text(*y)),
            })
        })
        .collect()
}

fn show(cell: &Option<String>) -> String {
    match cell {
        Some(s) => Json::String(clip(s, CLIP_CHARS)).to_string(),
        None => "(none)".to_string(),
    }
}

impl TableReport {
    /// Label of an expected row: table, row and the last context heading.
    fn expected_label(&self, (t, r): (usize, usize)) -> String {
        let ctx = self
            .expected_context
            .get(t)
            .and_then(|c| c.last())
            .map(|c| clip(c, CLIP_CHARS));
        match ctx {
            Some(c) => format!("expected t{} r{} [{c}]", t + 1, r + 1),
            None => format!("expected t{} r{}", t + 1, r + 1),
        }
    }

    fn mismatch_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for m in &self.mismatches {
            match (m.expected, m.actual) {
                (Some(e), Some((t, r))) => {
                    lines.push(format!(
                        "~ {} ~ actual t{} r{}",
                        self.expected_label(e),
                        t + 1,
                        r + 1
                    ));
                    lines.extend(m.cells.iter().map(|c| {
                        format!(
                            "    col {}: expected {} | actual {}",
                            c.col + 1,
                            show(&c.expected),
                            show(&c.actual)
                        )
                    }));
                }
                (Some(e), None) => lines.push(format!(
                    "- missing {}: {}",
                    self.expected_label(e),
                    row_text(m, |c| &c.expected)
                )),
                (None, Some((t, r))) => lines.push(format!(
                    "+ spurious actual t{} r{}: {}",
                    t + 1,
                    r + 1,
                    row_text(m, |c| &c.actual)
                )),
                (None, None) => {}
            }
        }
        lines
    }
}

fn row_text(m: &RowMismatch, side: impl Fn(&CellDiff) -> &Option<String>) -> String {
    let texts: Vec<String> = m
        .cells
        .iter()
        .map(|c| side(c).clone().unwrap_or_default())
        .collect();
    clip(&texts.join(" | "), 3 * CLIP_CHARS)
}

impl fmt::Display for TableReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "tables: expected {} ({} rows, {} cells), actual {} ({} rows)",
            self.expected_tables,
            self.expected_rows,
            self.expected_cells,
            self.actual_tables,
            self.actual_rows
        )?;
        writeln!(
            f,
            "aligned rows {}, correct cells {} of {} scored",
            self.aligned_rows, self.correct_cells, self.scored_cells
        )?;
        writeln!(
            f,
            "header_accuracy={:.4} ({} of {} expected headers found)",
            self.header_accuracy(),
            self.header_matches,
            self.expected_tables
        )?;
        let lines = self.mismatch_lines();
        if !lines.is_empty() {
            writeln!(f)?;
            writeln!(f, "mismatching rows (~ differs, - missing, + spurious):")?;
            write_capped(f, &lines)?;
        }
        write!(f, "cell_accuracy={:.4}", self.cell_accuracy())
    }
}
