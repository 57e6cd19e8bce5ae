//! The typed record: what the library gives for one indicator of one objective, and
//! what every writer (plan-year JSON, NDJSON, CSV, SQLite) takes.
//!
//! A [`Record`] is four typed parts: [`ObjectiveRecord`] (the objective's fields,
//! repeated on each of its indicators), [`IndicatorRecord`], [`DocumentFields`] and
//! its position in the document ([`RecordKey`]). The plan-year document nests the
//! first two as they are; the flat record (`--format records|csv|parquet`, the SQLite
//! `records` view, `schemas/record.schema.json`) lays all fields out as the one column
//! contract says ([`super::columns::RECORD`]: name, type, nullability and the part
//! each value comes from).
//!
//! # Adding a field
//! 1. Add it to [`ObjectiveRecord`] or [`IndicatorRecord`] (serde writes it in the
//!    plan-year document where it is declared, under the name the contract gives it).
//!    The compiler then stops at `output::records`, where its value comes from (a
//!    struct literal).
//! 2. Add its column to [`super::columns::RECORD`]: its place in every format (NDJSON,
//!    CSV, SQLite `objectives` or `indicators` and the `records` view, Parquet, the
//!    data package) follows from there.
//! 3. Add it to `schemas/record.schema.json` and `schemas/plan-year.schema.json`:
//!    both say `additionalProperties: false`, and tests check that each schema lists
//!    exactly the contract's keys with its types, and every part's key has a column.

use crate::assemble::summary::SummaryRow;
use crate::geom::Provenance;
use crate::normalize::{CodeKind, Comparator, DocKind, FormulaKind, TargetKind};
use chrono::NaiveDate;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

/// One flat record: one indicator with its objective and its document. It
/// serialises flat, as the column contract lays it out (`Serialize` in
/// [`super::columns`]); its parts also deserialise.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Where the record is in its document.
    pub key: RecordKey,
    /// The objective the indicator belongs to.
    pub objective: ObjectiveRecord,
    /// The indicator.
    pub indicator: IndicatorRecord,
    /// The document both come from.
    pub document: DocumentFields,
}

/// A record's position in its document: the keys of the SQLite `objectives` and
/// `indicators` rows it joins (with `document_sha256`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RecordKey {
    /// 1-based position of the objective among the document's objectives.
    pub objective_no: u32,
    /// 1-based position of the record (indicator) among the document's records.
    pub indicator_no: u32,
}

/// An objective's fields: printed values as printed (`None` where the document has
/// no such column, `Some("")` for a blank cell), then normalised values.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ObjectiveRecord {
    /// Year the objective is planned for.
    pub year: Option<i32>,
    /// Silo / linea strategica / area.
    pub group: Option<String>,
    /// The group's "% raggiungimento" as printed.
    pub group_achievement: Option<String>,
    /// Title.
    pub objective: Option<String>,
    /// Code.
    pub objective_code: Option<String>,
    /// Shape of the code (`data/codes/shapes.tsv`; `other` for an unknown shape).
    pub objective_code_kind: Option<CodeKind>,
    /// Missione of the harmonised budget, two digits (`01`), where the document names
    /// one (a column, a heading, a DUP code); validated against the official list.
    pub mission_code: Option<String>,
    /// The mission's official name (D.Lgs. 118/2011, allegato 14).
    pub mission_name: Option<String>,
    /// Programma within the mission, two digits (`03`).
    pub programme_code: Option<String>,
    /// The programme's official name.
    pub programme_name: Option<String>,
    /// Definition.
    pub objective_description: Option<String>,
    /// Dirigente as printed.
    pub dirigente: Option<String>,
    /// Person id of the dirigente ([`crate::people`]).
    pub dirigente_id: Option<String>,
    /// Settore.
    pub settore: Option<String>,
    /// Servizio / ufficio under the settore, as printed (a unit row of the table).
    pub servizio: Option<String>,
    /// Missione of the harmonised budget, as printed.
    pub mission: Option<String>,
    /// Programma of the harmonised budget, as printed.
    pub programme: Option<String>,
    /// Card: destinatari.
    pub beneficiaries: Option<String>,
    /// Card: unità organizzative coinvolte.
    pub units: Option<String>,
    /// Card: number printed before `Titolo`.
    pub card_number: Option<u32>,
    /// Card: type as printed.
    pub objective_type: Option<String>,
    /// Card: the type's letter.
    pub objective_type_code: Option<String>,
    /// Card: its row in the summary table.
    pub summary_row: Option<u32>,
    /// Card: the summary row it matched.
    pub summary: Option<RecordSummary>,
    /// A supporting objective (own code and dirigente under the title above).
    #[serde(rename = "supporting_objective")]
    pub supporting: bool,
    /// Page and box of each printed field.
    pub provenance: ObjectiveProvenance,
}

/// An indicator's fields: printed values as printed, then normalised values, page,
/// table and provenance.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct IndicatorRecord {
    /// Indicator title.
    pub indicator: Option<String>,
    /// Indicator code.
    pub indicator_code: Option<String>,
    /// Finalità.
    pub purpose: Option<String>,
    /// Formula.
    pub formula: Option<String>,
    /// Target.
    pub target: Option<String>,
    /// Target consuntivo.
    pub actual: Option<String>,
    /// Scostamento.
    pub deviation: Option<String>,
    /// Peso.
    pub weight: Option<String>,
    /// % raggiungimento.
    pub achievement: Option<String>,
    /// Note.
    pub notes: Option<String>,
    /// Barometro.
    pub barometer: Option<String>,
    /// Card: da dove si parte.
    pub baseline: Option<String>,
    /// Card: entro quando.
    pub deadline: Option<String>,
    /// Card: fonte per verificare i dati.
    pub data_source: Option<String>,
    /// Kind of the formula.
    pub formula_kind: Option<FormulaKind>,
    /// Kind of the target.
    pub target_kind: Option<TargetKind>,
    /// The target's number.
    pub target_value: Option<f64>,
    /// The comparison the target asks for.
    pub target_comparator: Option<Comparator>,
    /// Unit after the target's number.
    pub target_unit: Option<String>,
    /// A date in the target.
    pub target_date: Option<NaiveDate>,
    /// Card: the date the deadline (`entro quando`) sets.
    pub deadline_date: Option<NaiveDate>,
    /// Actual as a number.
    pub actual_value: Option<f64>,
    /// Weight as a number.
    pub weight_value: Option<f64>,
    /// Achievement as a number.
    pub achievement_value: Option<f64>,
    /// Page of the indicator's row.
    pub page: u32,
    /// Id of the table it was read from.
    #[serde(rename = "table_id")]
    pub table: String,
    /// Page and box of each printed field.
    pub provenance: IndicatorProvenance,
}

/// What a record says of its document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentFields {
    /// The ente.
    pub ente: Option<String>,
    /// The ente's ISTAT code (`019036`), from its name with the official list of
    /// comuni; `None` when the name is unknown or fits several comuni.
    pub ente_istat: Option<String>,
    /// PIAO, Relazione...
    pub document_kind: DocKind,
    /// Period as printed.
    pub period: Option<String>,
    /// The input file as named.
    pub source: String,
    /// sha256 of the input's bytes, lowercase hex.
    pub document_sha256: String,
}

/// The summary row an objective card matched, as records give it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordSummary {
    /// Id of the summary table.
    pub table: String,
    /// The row's number as printed.
    pub row: u32,
    /// Type letter.
    pub tipo: Option<String>,
    /// Sequence within its structure.
    pub seq: Option<u32>,
    /// Area.
    pub area: Option<String>,
    /// Service.
    pub servizio: Option<String>,
    /// Title as printed.
    pub obiettivo: String,
    /// Marked strategic.
    pub strategico_di_direzione: bool,
}

impl From<&SummaryRow> for RecordSummary {
    fn from(s: &SummaryRow) -> Self {
        RecordSummary {
            table: s.table.clone(),
            row: s.row,
            tipo: s.tipo.clone(),
            seq: s.seq,
            area: s.area.clone(),
            servizio: s.servizio.clone(),
            obiettivo: s.obiettivo.clone(),
            strategico_di_direzione: s.strategico_di_direzione,
        }
    }
}

/// Where the objective's printed fields are (absent: no box).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ObjectiveProvenance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective_code: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective_description: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dirigente: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settore: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servizio: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub programme: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficiaries: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective_type: Option<Provenance>,
}

/// Where the indicator's printed fields are (absent: no box).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct IndicatorProvenance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator_code: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formula: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deviation: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achievement: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Provenance>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_source: Option<Provenance>,
}

impl IndicatorProvenance {
    /// Every box the indicator's fields have.
    pub fn boxes(&self) -> impl Iterator<Item = Provenance> {
        let IndicatorProvenance {
            indicator,
            indicator_code,
            purpose,
            formula,
            target,
            actual,
            deviation,
            weight,
            achievement,
            notes,
            baseline,
            deadline,
            data_source,
        } = *self;
        [
            indicator,
            indicator_code,
            purpose,
            formula,
            target,
            actual,
            deviation,
            weight,
            achievement,
            notes,
            baseline,
            deadline,
            data_source,
        ]
        .into_iter()
        .flatten()
    }
}

impl ObjectiveProvenance {
    /// Every box the objective's fields have.
    pub fn boxes(&self) -> impl Iterator<Item = Provenance> {
        let ObjectiveProvenance {
            objective,
            objective_code,
            objective_description,
            dirigente,
            settore,
            servizio,
            mission,
            programme,
            beneficiaries,
            units,
            objective_type,
        } = *self;
        [
            objective,
            objective_code,
            objective_description,
            dirigente,
            settore,
            servizio,
            mission,
            programme,
            beneficiaries,
            units,
            objective_type,
        ]
        .into_iter()
        .flatten()
    }
}

/// Both parts' provenance as one map, in the flat record's order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecordProvenance<'a> {
    /// The objective's fields.
    pub objective: &'a ObjectiveProvenance,
    /// The indicator's fields.
    pub indicator: &'a IndicatorProvenance,
}

impl Serialize for RecordProvenance<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ObjectiveProvenance {
            objective,
            objective_code,
            objective_description,
            dirigente,
            settore,
            servizio,
            mission,
            programme,
            beneficiaries,
            units,
            objective_type,
        } = self.objective;
        let IndicatorProvenance {
            indicator,
            indicator_code,
            purpose,
            formula,
            target,
            actual,
            deviation,
            weight,
            achievement,
            notes,
            baseline,
            deadline,
            data_source,
        } = self.indicator;
        let all = [
            ("objective", objective),
            ("objective_code", objective_code),
            ("objective_description", objective_description),
            ("dirigente", dirigente),
            ("settore", settore),
            ("servizio", servizio),
            ("indicator", indicator),
            ("indicator_code", indicator_code),
            ("purpose", purpose),
            ("formula", formula),
            ("target", target),
            ("actual", actual),
            ("deviation", deviation),
            ("weight", weight),
            ("achievement", achievement),
            ("notes", notes),
            ("baseline", baseline),
            ("deadline", deadline),
            ("beneficiaries", beneficiaries),
            ("units", units),
            ("mission", mission),
            ("programme", programme),
            ("data_source", data_source),
            ("objective_type", objective_type),
        ];
        let mut m = s.serialize_map(None)?;
        for (k, v) in all {
            if let Some(p) = v {
                m.serialize_entry(k, p)?;
            }
        }
        m.end()
    }
}

impl Record {
    /// The provenance of all the record's fields, as the flat record writes it.
    pub fn provenance(&self) -> RecordProvenance<'_> {
        RecordProvenance {
            objective: &self.objective.provenance,
            indicator: &self.indicator.provenance,
        }
    }
}
