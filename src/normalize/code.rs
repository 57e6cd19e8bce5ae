//! Objective codes, classified by the shapes of `data/codes/shapes.tsv`.
//!
//! Every comune numbers its objectives its own way: Cremona prints DUP paths with a
//! sequence (`25.29.2.1.05_0001`, seed 000), sector codes (`970_0006`) and plan codes
//! (`1.3.2_0003`, seed 002); others print `OB.1.2`, `O.S. 1.2`, `OBS 3`, `2025_01`,
//! `1.2.3`, the DUP's Missione.Programma (`01.02`, `0102`) or a bare number. The shapes
//! are data (kind, pattern, parts, where seen), tried in order; a shape that names a
//! mission and programme matches only a pair of the official list (`data/missions/`).
//! A code no shape matches keeps its raw text with kind `other`: a code is never typed
//! by its length alone.

use super::{mission, tsv_rows};
use crate::text::Rule;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

const SHAPES: &str = include_str!("../../data/codes/shapes.tsv");

/// What a code identifies; decides which record field it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    /// A strategic objective: DUP path + sequence (`25.29.2.1.05_0001`, seed 000),
    /// `O.S. 1.2`, `OBS 3`.
    Strategic,
    /// Sector number + sequence (`970_0006`): a supporting objective (seed 000).
    Sector,
    /// Short plan path + sequence (`1.3.2_0003`, seed 002).
    Plan,
    /// An operational objective (`O.O. 1.2.1`, a DUP Missione+Programma+number).
    Operational,
    /// A management (PEG) objective (`O.G. 4`).
    Management,
    /// An objective with a generic prefix (`OB.1.2`, `Obiettivo 4`).
    Objective,
    /// An indicator code printed where an objective code was expected (`IND.1.2`).
    Indicator,
    /// The DUP's Missione.Programma (`01.02`, `0102`).
    MissionProgramme,
    /// A year and a sequence (`2025_01`, `3/2025`).
    YearSequence,
    /// A hierarchical number with no stated kind (`1.2.3`, `A.1`, `1/2`).
    Path,
    /// A bare number (`12`): the objective's number in its list.
    Sequence,
    /// No known shape; kept only as raw text.
    Other,
}

/// A parsed code: its kind, shape, compact form and parts, with the raw string kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Code {
    /// The string as printed.
    pub raw: String,
    /// What the code identifies.
    pub kind: CodeKind,
    /// The name of the shape that matched (`dup_path_sequence`), `None` for `other`.
    pub shape: Option<String>,
    /// The code with whitespace removed (`25.29.2.1.05_ 0001` → `25.29.2.1.05_0001`);
    /// the form to compare and join on.
    pub normalized: String,
    /// A letter prefix as printed (`OB`, `O.S`, `A`).
    pub prefix: Option<String>,
    /// Path segments (`["25","29","2","1","05"]`), empty when there is no path.
    pub path: Vec<String>,
    /// Sector number of a sector code (`970`).
    pub sector: Option<String>,
    /// Sequence (`0001`), or the number of a bare code.
    pub sequence: Option<String>,
    /// A letter after the number (`D` of `AG7/D`, Besnate PEG 2016).
    pub suffix: Option<String>,
    /// Year of a year-and-sequence code (`2025`).
    pub year: Option<String>,
    /// Missione of a DUP code, two digits (`01`).
    pub mission: Option<String>,
    /// Programma of a DUP code (`02`).
    pub programme: Option<String>,
}

/// One line of `shapes.tsv`. Its pattern is compiled when a code first reaches it,
/// for ASCII codes without Unicode classes ([`Rule`]): codes stop at the first shape
/// that fits, and compiling all 25 with Unicode `\d` cost a small plan ~4 ms of its
/// ~30 ms, one of them 8 MiB. A test compiles every one.
struct Shape {
    name: String,
    kind: CodeKind,
    pattern: Rule,
}

static TABLE: LazyLock<Vec<Shape>> = LazyLock::new(|| load().unwrap_or_default());

fn load() -> Result<Vec<Shape>, String> {
    tsv_rows(SHAPES, &["shape", "kind", "pattern", "seen"])?
        .into_iter()
        .map(|r| {
            let kind: CodeKind = serde_json::from_value(serde_json::Value::String(r[1].into()))
                .map_err(|e| format!("{}: kind {:?}: {e}", r[0], r[1]))?;
            Ok(Shape {
                name: r[0].to_string(),
                kind,
                pattern: Rule::owned(format!("^(?:{})$", r[2])),
            })
        })
        .collect()
}

/// Classify a printed code and split it into parts.
///
/// Whitespace anywhere is dropped first because cells wrap inside the code
/// (`25.29.2.1.05_ 0001`) and plans space their prefixes (`O.S. 1.2`); a string that
/// matches no shape is `Other`, never an error.
pub fn parse_code(raw: &str) -> Code {
    let normalized: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let mut code = Code {
        raw: raw.to_string(),
        kind: CodeKind::Other,
        shape: None,
        normalized,
        prefix: None,
        path: Vec::new(),
        sector: None,
        sequence: None,
        suffix: None,
        year: None,
        mission: None,
        programme: None,
    };
    for shape in TABLE.iter() {
        let Some(caps) = shape
            .pattern
            .on(&code.normalized)
            .captures(&code.normalized)
        else {
            continue;
        };
        let part = |name: &str| caps.name(name).map(|m| m.as_str().to_string());
        let pad = |n: Option<String>| n.map(|n| format!("{n:0>2}"));
        let (mission, programme) = (pad(part("mission")), pad(part("programme")));
        let known = match (&mission, &programme) {
            (Some(m), Some(p)) => mission::is_programme(m, p),
            (Some(m), None) => mission::is_mission(m),
            _ => true,
        };
        if !known {
            continue;
        }
        code.kind = shape.kind;
        code.shape = Some(shape.name.clone());
        code.prefix = part("prefix");
        code.path = part("path").map(|p| split_path(&p)).unwrap_or_default();
        code.sector = part("sector");
        code.sequence = part("sequence");
        code.suffix = part("suffix");
        code.year = part("year");
        code.mission = mission;
        code.programme = programme;
        break;
    }
    code
}

fn split_path(p: &str) -> Vec<String> {
    p.split(['.', '_', '-', '/'])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests;
