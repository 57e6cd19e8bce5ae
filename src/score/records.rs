//! Record scoring: pair expected and actual records, then compare field by field.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::{Map, Value as Json};

use super::text::{bigrams, clip, collapse, dice, harmonic, ratio};
use super::write_capped;
use crate::error::{Error, Result};

/// Least key similarity (Sørensen–Dice over character bigrams of
/// `objective_code|objective|indicator|dirigente`) at which two records of the same year
/// may be paired. 0.5: records that share only the dirigente and the year stay apart,
/// while an indicator with a few wrong words (a cut cell, a glued hyphen) still pairs
/// with its truth, so its fields are scored instead of counted twice as missing and
/// spurious. Sibling indicators of one objective share most of the key, but greedy
/// pairing by descending similarity gives each its own exact twin first.
pub const MIN_PAIR_SIMILARITY: f64 = 0.5;

/// Keys that describe where the truth came from, not what the document says.
const BOOKKEEPING: [&str; 4] = ["seed_line", "seed_lines", "summary", "summary_row"];

/// The fields whose text identifies a record for pairing, in key order.
const KEY_FIELDS: [&str; 4] = ["objective_code", "objective", "indicator", "dirigente"];

/// Longest text shown for one value or key in the mismatch listing.
const CLIP_CHARS: usize = 80;

/// One value as the scorer compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scalar {
    /// `null`, missing, or a string that is empty after whitespace collapsing.
    Empty,
    /// A non-empty string, whitespace-collapsed.
    Text(String),
    /// A number, as its JSON text.
    Number(String),
    /// A boolean.
    Bool(bool),
    /// An array or object where a scalar was expected (always wrong).
    Other(String),
}

impl Scalar {
    fn from_json(v: Option<&Json>) -> Scalar {
        match v {
            None | Some(Json::Null) => Scalar::Empty,
            Some(Json::String(s)) => {
                let c = collapse(s);
                if c.is_empty() {
                    Scalar::Empty
                } else {
                    Scalar::Text(c)
                }
            }
            Some(Json::Number(n)) => Scalar::Number(n.to_string()),
            Some(Json::Bool(b)) => Scalar::Bool(*b),
            Some(other) => Scalar::Other(other.to_string()),
        }
    }

    /// The text used in pairing keys: strings and numbers as they read.
    fn key_text(&self) -> String {
        match self {
            Scalar::Empty => String::new(),
            Scalar::Text(s) | Scalar::Number(s) | Scalar::Other(s) => s.clone(),
            Scalar::Bool(b) => b.to_string(),
        }
    }

    /// How the value is shown in the mismatch listing (strings quoted, so `1` and
    /// `"1"` are told apart).
    fn render(&self) -> String {
        match self {
            Scalar::Empty => "(empty)".to_string(),
            Scalar::Text(s) => Json::String(clip(s, CLIP_CHARS)).to_string(),
            Scalar::Number(s) | Scalar::Other(s) => clip(s, CLIP_CHARS),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}

/// What pairing needs of any record: its year, key and a label for the report.
#[derive(Debug)]
struct Identity {
    year: Scalar,
    key: String,
    grams: Vec<u64>,
    label: String,
}

impl Identity {
    fn of(map: &Map<String, Json>) -> Identity {
        let year = Scalar::from_json(map.get("year"));
        let parts: Vec<String> = KEY_FIELDS
            .iter()
            .map(|k| Scalar::from_json(map.get(*k)).key_text())
            .collect();
        let key = parts.join("|").to_lowercase();
        let shown: Vec<&str> = parts.iter().take(3).map(String::as_str).collect();
        let label = format!(
            "{} | {}",
            year.key_text(),
            clip(&shown.join(" | "), 2 * CLIP_CHARS)
        );
        Identity {
            year,
            grams: bigrams(&key),
            key,
            label,
        }
    }
}

/// An expected record: its identity and its scored fields.
#[derive(Debug)]
pub(crate) struct ExpectedRecord {
    id: Identity,
    fields: Vec<(String, Scalar)>,
}

/// An actual record: its identity and its values for every field scored anywhere.
#[derive(Debug)]
struct ActualRecord {
    id: Identity,
    values: BTreeMap<String, Scalar>,
    /// Position in content order, the last tie-break of pairing, so that the result
    /// does not depend on the order of the actual file.
    rank: usize,
}

impl ActualRecord {
    fn value(&self, field: &str) -> &Scalar {
        self.values.get(field).unwrap_or(&Scalar::Empty)
    }
}

/// Read the `records` array of a truth file, keeping the scored fields of each record.
pub(crate) fn expected_records(list: &Json) -> Result<Vec<ExpectedRecord>> {
    let items = list
        .as_array()
        .ok_or_else(|| Error::Invalid("expected \"records\" is not an array".into()))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let map = item.as_object().ok_or_else(|| {
                Error::Invalid(format!("expected record {} is not an object", i + 1))
            })?;
            Ok(ExpectedRecord {
                id: Identity::of(map),
                fields: scored_fields(map),
            })
        })
        .collect()
}

/// The fields of an expected record that are scored: scalars, not null, not bookkeeping.
fn scored_fields(map: &Map<String, Json>) -> Vec<(String, Scalar)> {
    map.iter()
        .filter(|(k, v)| {
            !BOOKKEEPING.contains(&k.as_str())
                && matches!(v, Json::String(_) | Json::Number(_) | Json::Bool(_))
        })
        .map(|(k, v)| (k.clone(), Scalar::from_json(Some(v))))
        .collect()
}

/// Parse the actual records: a JSON array, an object with `records`, or NDJSON.
pub(crate) fn parse_actual(text: &str) -> Result<Vec<Map<String, Json>>> {
    match serde_json::from_str::<Json>(text) {
        Ok(Json::Array(items)) => objects(items),
        Ok(Json::Object(mut map)) => match map.remove("records") {
            Some(Json::Array(items)) => objects(items),
            Some(_) => Err(Error::Invalid("actual \"records\" is not an array".into())),
            // A whole-file object without `records` is NDJSON of one line.
            None => Ok(vec![map]),
        },
        Ok(_) => Err(Error::Invalid(
            "actual records file is not an object or array".into(),
        )),
        Err(_) => parse_ndjson(text),
    }
}

/// One object per non-blank line; a bad line is an error naming its number.
fn parse_ndjson(text: &str) -> Result<Vec<Map<String, Json>>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Json>(line) {
            Ok(Json::Object(map)) => out.push(map),
            Ok(_) => {
                return Err(Error::Invalid(format!(
                    "actual line {}: not an object",
                    i + 1
                )));
            }
            Err(e) => return Err(Error::Invalid(format!("actual line {}: {e}", i + 1))),
        }
    }
    Ok(out)
}

fn objects(items: Vec<Json>) -> Result<Vec<Map<String, Json>>> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| match item {
            Json::Object(map) => Ok(map),
            _ => Err(Error::Invalid(format!(
                "actual record {} is not an object",
                i + 1
            ))),
        })
        .collect()
}

/// True positives, false positives and false negatives of one field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldStats {
    /// Paired records whose value equals the expected one.
    pub true_pos: usize,
    /// Non-empty actual values that are not true positives.
    pub false_pos: usize,
    /// Scored expected values that are not true positives.
    pub false_neg: usize,
}

impl FieldStats {
    /// true_pos / (true_pos + false_pos); 1 when nothing was claimed.
    pub fn precision(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }

    /// true_pos / (true_pos + false_neg); 1 when nothing was expected.
    pub fn recall(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        harmonic(self.precision(), self.recall())
    }
}

/// One field of a paired record whose value differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDiff {
    /// The field name.
    pub field: String,
    /// The expected value as shown in the report (strings quoted).
    pub expected: String,
    /// The actual value as shown in the report.
    pub actual: String,
}

/// A paired record with at least one differing field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordMismatch {
    /// `year | objective_code | objective | indicator` of the expected record.
    pub key: String,
    /// The differing fields, in the expected record's key order.
    pub diffs: Vec<FieldDiff>,
}

/// The result of scoring records.
#[derive(Debug, Clone, Default)]
pub struct RecordReport {
    /// Records in the expected file.
    pub expected_records: usize,
    /// Records in the actual file.
    pub actual_records: usize,
    /// Expected records that found an actual partner.
    pub paired: usize,
    /// Paired records with every scored field equal.
    pub correct: usize,
    /// Per-field counts, by field name (every field scored in some expected record).
    pub fields: BTreeMap<String, FieldStats>,
    /// Paired records that differ, in expected order.
    pub mismatches: Vec<RecordMismatch>,
    /// Keys of expected records without a partner, in expected order.
    pub unpaired_expected: Vec<String>,
    /// Keys of actual records without a partner, in actual order.
    pub unpaired_actual: Vec<String>,
}

impl RecordReport {
    /// correct / actual records.
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.actual_records)
    }

    /// correct / expected records.
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.expected_records)
    }

    /// Harmonic mean of record precision and recall: the headline figure.
    pub fn f1(&self) -> f64 {
        harmonic(self.precision(), self.recall())
    }
}

/// Score parsed actual records against the expected ones.
pub(crate) fn score(exp: &[ExpectedRecord], act: &[Map<String, Json>]) -> RecordReport {
    let universe: BTreeSet<String> = exp
        .iter()
        .flat_map(|e| e.fields.iter().map(|(k, _)| k.clone()))
        .collect();
    let act = actual_records(act, &universe);
    let partner = pair(exp, &act);
    let mut report = RecordReport {
        expected_records: exp.len(),
        actual_records: act.len(),
        fields: universe
            .iter()
            .map(|k| (k.clone(), FieldStats::default()))
            .collect(),
        ..RecordReport::default()
    };
    let mut taken = vec![false; act.len()];
    for (e, p) in exp.iter().zip(&partner) {
        match p.and_then(|ai| act.get(ai).map(|a| (ai, a))) {
            Some((ai, a)) => {
                taken[ai] = true;
                compare_paired(e, a, &mut report);
            }
            None => miss_expected(e, &mut report),
        }
    }
    for a in act.iter().zip(&taken).filter(|(_, t)| !**t).map(|(a, _)| a) {
        spurious_actual(a, &universe, &mut report);
    }
    report
}

/// Build the actual records' identities and values, with their content-order rank.
fn actual_records(act: &[Map<String, Json>], universe: &BTreeSet<String>) -> Vec<ActualRecord> {
    let mut order: Vec<(String, usize)> = act
        .iter()
        .enumerate()
        .map(|(i, m)| (Json::Object(m.clone()).to_string(), i))
        .collect();
    order.sort();
    let mut rank = vec![0; act.len()];
    for (r, (_, i)) in order.iter().enumerate() {
        rank[*i] = r;
    }
    act.iter()
        .zip(rank)
        .map(|(m, rank)| ActualRecord {
            id: Identity::of(m),
            values: universe
                .iter()
                .map(|k| (k.clone(), Scalar::from_json(m.get(k))))
                .collect(),
            rank,
        })
        .collect()
}

/// One possible pairing, with what greedy pairing sorts it by.
struct Candidate {
    sim: f64,
    agree: usize,
    exp: usize,
    rank: usize,
    act: usize,
}

/// For each expected record, the index of its actual partner, if any.
///
/// Greedy one-to-one assignment by descending key similarity, then by the number of
/// equal scored fields, then by expected order and actual content: optimal enough for
/// documents whose keys are nearly unique, and independent of the actual file's order.
fn pair(exp: &[ExpectedRecord], act: &[ActualRecord]) -> Vec<Option<usize>> {
    let mut cands = Vec::new();
    for (ei, e) in exp.iter().enumerate() {
        for (ai, a) in act
            .iter()
            .enumerate()
            .filter(|(_, a)| a.id.year == e.id.year)
        {
            let sim = if e.id.key == a.id.key {
                1.0
            } else {
                dice(&e.id.grams, &a.id.grams)
            };
            if sim >= MIN_PAIR_SIMILARITY {
                let agree = e.fields.iter().filter(|(k, v)| a.value(k) == v).count();
                cands.push(Candidate {
                    sim,
                    agree,
                    exp: ei,
                    rank: a.rank,
                    act: ai,
                });
            }
        }
    }
    cands.sort_by(|x, y| {
        y.sim
            .total_cmp(&x.sim)
            .then(y.agree.cmp(&x.agree))
            .then(x.exp.cmp(&y.exp))
            .then(x.rank.cmp(&y.rank))
    });
    let mut partner = vec![None; exp.len()];
    let mut taken = vec![false; act.len()];
    for c in cands {
        if partner[c.exp].is_none() && !taken[c.act] {
            partner[c.exp] = Some(c.act);
            taken[c.act] = true;
        }
    }
    partner
}

/// Count the fields of a paired record and note its differences.
fn compare_paired(e: &ExpectedRecord, a: &ActualRecord, report: &mut RecordReport) {
    report.paired += 1;
    let mut diffs = Vec::new();
    for (field, ev) in &e.fields {
        let av = a.value(field);
        let stats = report.fields.entry(field.clone()).or_default();
        if av == ev {
            stats.true_pos += 1;
            continue;
        }
        stats.false_neg += 1;
        if *av != Scalar::Empty {
            stats.false_pos += 1;
        }
        diffs.push(FieldDiff {
            field: field.clone(),
            expected: ev.render(),
            actual: av.render(),
        });
    }
    if diffs.is_empty() {
        report.correct += 1;
    } else {
        report.mismatches.push(RecordMismatch {
            key: e.id.label.clone(),
            diffs,
        });
    }
}

/// An expected record with no partner: every scored value is missed.
fn miss_expected(e: &ExpectedRecord, report: &mut RecordReport) {
    for (field, _) in &e.fields {
        report.fields.entry(field.clone()).or_default().false_neg += 1;
    }
    report.unpaired_expected.push(e.id.label.clone());
}

/// An actual record with no partner: every non-empty scored value is spurious.
fn spurious_actual(a: &ActualRecord, universe: &BTreeSet<String>, report: &mut RecordReport) {
    for field in universe {
        if *a.value(field) != Scalar::Empty {
            report.fields.entry(field.clone()).or_default().false_pos += 1;
        }
    }
    report.unpaired_actual.push(a.id.label.clone());
}

impl RecordReport {
    /// The mismatch listing, one line per entry, before capping.
    fn mismatch_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for m in &self.mismatches {
            lines.push(format!("~ {}", m.key));
            for d in &m.diffs {
                lines.push(format!(
                    "    {}: expected {} | actual {}",
                    d.field, d.expected, d.actual
                ));
            }
        }
        lines.extend(
            self.unpaired_expected
                .iter()
                .map(|k| format!("- missing: {k}")),
        );
        lines.extend(
            self.unpaired_actual
                .iter()
                .map(|k| format!("+ spurious: {k}")),
        );
        lines
    }
}

impl fmt::Display for RecordReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "records: expected {}, actual {}, paired {}, correct {}",
            self.expected_records, self.actual_records, self.paired, self.correct
        )?;
        writeln!(
            f,
            "record precision={:.4} recall={:.4}",
            self.precision(),
            self.recall()
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "{:<22} {:>6} {:>6} {:>6} {:>9} {:>7} {:>7}",
            "field", "tp", "fp", "fn", "precision", "recall", "f1"
        )?;
        for (name, s) in &self.fields {
            writeln!(
                f,
                "{:<22} {:>6} {:>6} {:>6} {:>9.4} {:>7.4} {:>7.4}",
                name,
                s.true_pos,
                s.false_pos,
                s.false_neg,
                s.precision(),
                s.recall(),
                s.f1()
            )?;
        }
        let lines = self.mismatch_lines();
        if !lines.is_empty() {
            writeln!(f)?;
            writeln!(f, "mismatches (~ differs, - missing, + spurious):")?;
            write_capped(f, &lines)?;
        }
        write!(f, "record_f1={:.4}", self.f1())
    }
}
