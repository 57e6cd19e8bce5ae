//! The flat view: one record per indicator, with exactly the keys of the truth format
//! (`../shared/truth/*.records.json`) first, then the normalised fields and provenance.

use crate::assemble::{Indicator, Objective, Plan, Value};
use crate::normalize::{
    PersonIndex, parse_code, parse_formula, parse_number, parse_person, parse_target,
};
use serde_json::{Map, Value as Json, json};

fn text(v: &Option<Value>) -> Json {
    v.as_ref()
        .map_or(Json::Null, |v| Json::String(v.text.clone()))
}

fn prov(v: &Option<Value>) -> Option<Json> {
    let p = v.as_ref()?.prov?;
    Some(json!({ "page": p.page, "bbox": p.bbox }))
}

/// The truth-format fields of one indicator of one objective.
fn truth_fields(o: &Objective, i: &Indicator) -> Map<String, Json> {
    let mut m = Map::new();
    m.insert("year".into(), o.year.map_or(Json::Null, |y| json!(y)));
    m.insert(
        "group".into(),
        o.group.clone().map_or(Json::Null, Json::String),
    );
    for (k, v) in [
        ("objective", &o.objective),
        ("objective_code", &o.objective_code),
        ("objective_description", &o.objective_description),
        ("dirigente", &o.dirigente),
        ("settore", &o.settore),
    ] {
        m.insert(k.into(), text(v));
    }
    for (k, v) in indicator_fields(i) {
        m.insert(k.into(), text(v));
    }
    m.insert(
        "group_achievement".into(),
        o.group_achievement.clone().map_or(Json::Null, Json::String),
    );
    m.insert("barometer".into(), text(&i.barometer));
    m.extend(card_fields(o, i));
    m
}

/// The keys only cards fill (null for objectives read from tables): baseline,
/// deadline, beneficiaries, units, data source, number, type, summary row.
fn card_fields(o: &Objective, i: &Indicator) -> Map<String, Json> {
    let mut m = Map::new();
    for (k, v) in [
        ("baseline", &i.baseline),
        ("deadline", &i.deadline),
        ("beneficiaries", &o.beneficiaries),
        ("units", &o.units),
        ("data_source", &i.data_source),
    ] {
        m.insert(k.into(), text(v));
    }
    let card = o.card.as_ref();
    m.insert(
        "card_number".into(),
        card.map_or(Json::Null, |c| json!(c.number)),
    );
    m.insert(
        "objective_type".into(),
        card.map_or(Json::Null, |c| text(&c.objective_type)),
    );
    m.insert(
        "objective_type_code".into(),
        card.and_then(|c| c.type_code.clone())
            .map_or(Json::Null, Json::String),
    );
    let summary = card.and_then(|c| c.summary.as_ref());
    m.insert(
        "summary_row".into(),
        summary.map_or(Json::Null, |s| json!(s.row)),
    );
    m.insert(
        "summary".into(),
        summary.map_or(Json::Null, |s| {
            json!({
                "table": s.table, "row": s.row, "tipo": s.tipo, "seq": s.seq,
                "area": s.area, "servizio": s.servizio, "obiettivo": s.obiettivo,
                "strategico_di_direzione": s.strategico_di_direzione,
            })
        }),
    );
    m
}

fn indicator_fields(i: &Indicator) -> [(&'static str, &Option<Value>); 10] {
    [
        ("indicator", &i.indicator),
        ("indicator_code", &i.indicator_code),
        ("purpose", &i.purpose),
        ("formula", &i.formula),
        ("target", &i.target),
        ("actual", &i.actual),
        ("deviation", &i.deviation),
        ("weight", &i.weight),
        ("achievement", &i.achievement),
        ("notes", &i.notes),
    ]
}

fn card_prov_fields<'a>(
    o: &'a Objective,
    i: &'a Indicator,
) -> [(&'static str, &'a Option<Value>); 5] {
    [
        ("baseline", &i.baseline),
        ("deadline", &i.deadline),
        ("beneficiaries", &o.beneficiaries),
        ("units", &o.units),
        ("data_source", &i.data_source),
    ]
}

/// Normalised values next to the raw ones: person id, code kind, formula kind,
/// target value / comparator / unit / date, numbers.
fn normalized_fields(o: &Objective, i: &Indicator, people: &PersonIndex) -> Map<String, Json> {
    let mut m = Map::new();
    let person = o
        .dirigente
        .as_ref()
        .filter(|d| !d.text.is_empty())
        .map(|d| parse_person(&d.text));
    m.insert(
        "dirigente_id".into(),
        person
            .as_ref()
            .and_then(|p| people.resolve(p))
            .map_or(Json::Null, |id| json!(id)),
    );
    m.insert(
        "objective_code_kind".into(),
        o.objective_code
            .as_ref()
            .filter(|c| !c.text.is_empty())
            .map_or(Json::Null, |c| json!(parse_code(&c.text).kind)),
    );
    m.insert(
        "formula_kind".into(),
        i.formula
            .as_ref()
            .filter(|f| !f.text.is_empty())
            .map_or(Json::Null, |f| json!(parse_formula(&f.text).kind)),
    );
    let target = i
        .target
        .as_ref()
        .filter(|t| !t.text.is_empty())
        .map(|t| parse_target(&t.text));
    m.insert(
        "target_kind".into(),
        target.as_ref().map_or(Json::Null, |t| json!(t.kind)),
    );
    m.insert(
        "target_value".into(),
        target
            .as_ref()
            .and_then(|t| t.value)
            .map_or(Json::Null, |v| json!(v)),
    );
    m.insert(
        "target_comparator".into(),
        target
            .as_ref()
            .and_then(|t| t.comparator.as_ref())
            .map_or(Json::Null, |c| json!(c)),
    );
    m.insert(
        "target_unit".into(),
        target
            .as_ref()
            .and_then(|t| t.unit.clone())
            .map_or(Json::Null, |u| json!(u)),
    );
    m.insert(
        "target_date".into(),
        target
            .as_ref()
            .and_then(|t| t.date.clone())
            .map_or(Json::Null, |d| json!(d)),
    );
    for (k, v) in [
        ("actual_value", &i.actual),
        ("weight_value", &i.weight),
        ("achievement_value", &i.achievement),
    ] {
        m.insert(
            k.into(),
            v.as_ref()
                .and_then(|v| parse_number(&v.text))
                .map_or(Json::Null, |n| json!(n)),
        );
    }
    m.insert("supporting_objective".into(), json!(o.supporting));
    m
}

fn provenance(o: &Objective, i: &Indicator) -> Json {
    let mut m = Map::new();
    let obj = [
        ("objective", &o.objective),
        ("objective_code", &o.objective_code),
        ("objective_description", &o.objective_description),
        ("dirigente", &o.dirigente),
        ("settore", &o.settore),
    ];
    let card_type = o.card.as_ref().map(|c| &c.objective_type);
    let typed = card_type.map(|t| ("objective_type", t));
    for (k, v) in obj
        .into_iter()
        .chain(indicator_fields(i))
        .chain(card_prov_fields(o, i))
        .chain(typed)
    {
        if let Some(p) = prov(v) {
            m.insert(k.into(), p);
        }
    }
    Json::Object(m)
}

/// Every record of a plan, in document order.
pub fn records(plan: &Plan, source: &str, people: &PersonIndex) -> Vec<Map<String, Json>> {
    plan.objectives
        .iter()
        .flat_map(|o| objective_records(plan, o, source, people))
        .collect()
}

/// The records of one objective (one per indicator), so a large plan can be written
/// objective by objective without holding every record at once.
pub fn objective_records(
    plan: &Plan,
    o: &Objective,
    source: &str,
    people: &PersonIndex,
) -> Vec<Map<String, Json>> {
    let mut out = Vec::with_capacity(o.indicators.len());
    for i in &o.indicators {
        let mut m = truth_fields(o, i);
        m.extend(normalized_fields(o, i, people));
        m.insert(
            "ente".into(),
            plan.meta.ente.clone().map_or(Json::Null, Json::String),
        );
        m.insert("document_kind".into(), json!(plan.meta.kind));
        m.insert(
            "period".into(),
            plan.meta.period.clone().map_or(Json::Null, Json::String),
        );
        m.insert("source".into(), json!(source));
        m.insert("page".into(), json!(i.page));
        m.insert("table".into(), json!(i.table));
        m.insert("provenance".into(), provenance(o, i));
        out.push(m);
    }
    out
}
