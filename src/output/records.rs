//! The flat view: one typed [`Record`] per indicator, built from the assembled plan
//! with the normalised values next to the printed ones.

use super::record::{
    DocumentFields, IndicatorProvenance, IndicatorRecord, ObjectiveProvenance, ObjectiveRecord,
    Record, RecordKey, RecordSummary,
};
use crate::assemble::{Indicator, Objective, Plan, Value};
use crate::extract::{Extraction, Source};
use crate::geom::Provenance;
use crate::normalize::{
    PersonIndex, formula_kind, parse_code, parse_deadline, parse_number, parse_target,
};
use crate::people::Ids;

fn text(v: &Option<Value>) -> Option<String> {
    v.as_ref().map(|v| v.text.clone())
}

fn prov(v: &Option<Value>) -> Option<Provenance> {
    v.as_ref()?.prov
}

/// A printed value that is there and not blank.
fn printed(v: &Option<Value>) -> Option<&str> {
    v.as_ref()
        .map(|v| v.text.as_str())
        .filter(|t| !t.is_empty())
}

/// The objective's part of its records: printed fields, person id (`ids`: the
/// document's names → ids, [`crate::people::ids_of`]), code kind, Missione / Programma.
pub fn objective_record(o: &Objective, ids: &Ids) -> ObjectiveRecord {
    let card = o.card.as_ref();
    let summary = card.and_then(|c| c.summary.as_ref());
    let budget = o.budget.as_ref();
    ObjectiveRecord {
        year: o.year,
        group: o.group.clone(),
        group_achievement: o.group_achievement.clone(),
        objective: text(&o.objective),
        objective_code: text(&o.objective_code),
        objective_code_kind: printed(&o.objective_code).map(|c| parse_code(c).kind),
        mission_code: budget.map(|b| b.mission_code.clone()),
        mission_name: budget.and_then(|b| b.mission.clone()),
        programme_code: budget.and_then(|b| b.programme_code.clone()),
        programme_name: budget.and_then(|b| b.programme.clone()),
        objective_description: text(&o.objective_description),
        dirigente: text(&o.dirigente),
        dirigente_id: printed(&o.dirigente).and_then(|d| ids.get(d).cloned().flatten()),
        settore: text(&o.settore),
        servizio: text(&o.servizio),
        mission: text(&o.mission),
        programme: text(&o.programme),
        beneficiaries: text(&o.beneficiaries),
        units: text(&o.units),
        card_number: card.and_then(|c| c.number),
        objective_type: card
            .and_then(|c| text(&c.objective_type))
            .or_else(|| text(&o.objective_type)),
        objective_type_code: card.and_then(|c| c.type_code.clone()),
        summary_row: summary.map(|s| s.row),
        summary: summary.map(RecordSummary::from),
        supporting: o.supporting,
        provenance: ObjectiveProvenance {
            objective: prov(&o.objective),
            objective_code: prov(&o.objective_code),
            objective_description: prov(&o.objective_description),
            dirigente: prov(&o.dirigente),
            settore: prov(&o.settore),
            servizio: prov(&o.servizio),
            mission: prov(&o.mission),
            programme: prov(&o.programme),
            beneficiaries: prov(&o.beneficiaries),
            units: prov(&o.units),
            objective_type: card
                .and_then(|c| prov(&c.objective_type))
                .or_else(|| prov(&o.objective_type)),
        },
    }
}

/// One indicator's part of its record: printed fields and their normalised values.
pub fn indicator_record(i: &Indicator) -> IndicatorRecord {
    let target = printed(&i.target).map(parse_target);
    let number = |v: &Option<Value>| v.as_ref().and_then(|v| parse_number(&v.text));
    IndicatorRecord {
        indicator: text(&i.indicator),
        indicator_code: text(&i.indicator_code),
        purpose: text(&i.purpose),
        formula: text(&i.formula),
        target: text(&i.target),
        actual: text(&i.actual),
        deviation: text(&i.deviation),
        weight: text(&i.weight),
        achievement: text(&i.achievement),
        notes: text(&i.notes),
        barometer: text(&i.barometer),
        baseline: text(&i.baseline),
        deadline: text(&i.deadline),
        data_source: text(&i.data_source),
        formula_kind: printed(&i.formula).map(formula_kind),
        target_kind: target.as_ref().map(|t| t.kind),
        target_value: target.as_ref().and_then(|t| t.value),
        target_comparator: target.as_ref().and_then(|t| t.comparator),
        target_unit: target.as_ref().and_then(|t| t.unit.clone()),
        target_date: target.as_ref().and_then(|t| t.date),
        deadline_date: printed(&i.deadline).and_then(parse_deadline),
        actual_value: number(&i.actual),
        weight_value: number(&i.weight),
        achievement_value: number(&i.achievement),
        page: i.page,
        table: i.table.clone(),
        provenance: IndicatorProvenance {
            indicator: prov(&i.indicator),
            indicator_code: prov(&i.indicator_code),
            purpose: prov(&i.purpose),
            formula: prov(&i.formula),
            target: prov(&i.target),
            actual: prov(&i.actual),
            deviation: prov(&i.deviation),
            weight: prov(&i.weight),
            achievement: prov(&i.achievement),
            notes: prov(&i.notes),
            baseline: prov(&i.baseline),
            deadline: prov(&i.deadline),
            data_source: prov(&i.data_source),
        },
    }
}

/// What every record of a plan says of its document; `source` is the input.
pub fn document_fields(plan: &Plan, source: &Source) -> DocumentFields {
    DocumentFields {
        ente: plan.meta.ente.clone(),
        ente_istat: plan.meta.ente_istat.clone(),
        document_kind: plan.meta.kind,
        period: plan.meta.period.clone(),
        source: source.file.clone(),
        document_sha256: source.sha256.clone(),
    }
}

/// A count as a record number (documents never approach `u32::MAX` records).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Every record of an extraction, in document order, made one objective at a time
/// (a 1,000-page plan's records are never all in memory unless collected); person
/// ids from `people`, an index that holds the document's names.
pub fn records<'a>(
    d: &'a Extraction,
    people: &'a PersonIndex,
) -> impl Iterator<Item = Record> + 'a {
    let document = document_fields(&d.plan, &d.source);
    let ids = crate::people::ids_of(&d.plan, people);
    let mut before = 0u32;
    (1u32..).zip(&d.plan.objectives).flat_map(move |(n, o)| {
        let key = RecordKey {
            objective_no: n,
            indicator_no: before,
        };
        before = before.saturating_add(count(o.indicators.len()));
        objective_records(o, key, &document, &ids)
    })
}

/// The records of one objective (one per indicator). `key`: the objective's number
/// and the number of the document's records before its first; `ids`: the document's
/// names → person ids ([`crate::people::ids_of`]).
pub fn objective_records(
    o: &Objective,
    key: RecordKey,
    document: &DocumentFields,
    ids: &Ids,
) -> Vec<Record> {
    if o.indicators.is_empty() {
        return Vec::new();
    }
    let objective = objective_record(o, ids);
    (1u32..)
        .zip(&o.indicators)
        .map(|(k, i)| Record {
            key: RecordKey {
                objective_no: key.objective_no,
                indicator_no: key.indicator_no.saturating_add(k),
            },
            objective: objective.clone(),
            indicator: indicator_record(i),
            document: document.clone(),
        })
        .collect()
}
