//! Objective cards: objectives printed as a run of label → value pairs, not as table
//! rows.
//!
//! A card is recognised by its structure and the meaning of its labels, not by one
//! plan's label set: its labels are read by the same vocabulary as table headers
//! ([`Matcher`](crate::tables::header::Matcher)), however the card is printed:
//! - [`kv`]: a two-column table per card (label cell, value cell), one or several per
//!   page, a card cut by a page break continued by the table at the next page's top;
//! - [`text`]: `Label: value` paragraphs, labels in capitals, lettered or numbered
//!   fields (`a)`, `1.`, `–`), labels on a line of their own, values over several
//!   lines and paragraphs (Crema's seed 004 is one such layout).
//!
//! A card's title comes from the line above it: its number (`Obiettivo n. 7`, `Scheda
//! 7`, `7.`) and text, or the line itself. A run of labels is a card only when at least
//! [`AssembleTolerances::card_min_fields`] different roles are among them, so narrative
//! with the odd `Nota:` is never an objective. A label the vocabulary does not know is
//! kept as an extra field under its own name and reported once per document.

mod built;
pub mod kv;
pub mod label;
mod label_words;
pub mod text;

use super::flow::FlowLine;
use super::{CardInfo, Indicator, Objective, Value, Warning};
use crate::config::AssembleTolerances;
use crate::geom::Provenance;
use crate::tables::Table;
use crate::vocab::Role;
pub use label::Labels;
use std::collections::{BTreeMap, BTreeSet};

/// One label → value pair of a card.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The role the vocabulary reads in the label (`None`: a label it does not know).
    pub role: Option<Role>,
    /// The label as printed.
    pub label: String,
    /// The value as printed (lines and paragraphs joined).
    pub value: Value,
    /// The letter or number printed before the label.
    pub marker: Option<String>,
    /// The year its column names, for a value of a card's nested table whose columns
    /// are years (`Indicatore | Target 2025 | Target 2026`, h10-paluzza).
    pub year: Option<i32>,
}

/// One card as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The number its title prints (`7`, `1.1.1`), or, without a numbered title, the
    /// number before its title field (`1. Titolo:`, seed 004).
    pub number: Option<String>,
    /// The group heading above it.
    pub group: Option<String>,
    /// The title line's text (without its number).
    pub title: Option<Value>,
    /// Fields in card order.
    pub fields: Vec<Field>,
    /// Unlabelled lines inside the card.
    pub notes: Option<Value>,
    /// Where it starts.
    pub prov: Option<Provenance>,
}

impl Card {
    /// The first field with this role.
    pub fn field(&self, r: Role) -> Option<&Value> {
        self.fields
            .iter()
            .find(|f| f.role == Some(r))
            .map(|f| &f.value)
    }

    /// The objective's title: its title field, else the title line's text.
    pub fn objective_title(&self) -> Option<&Value> {
        self.field(Role::Objective)
            .or(self.title.as_ref().filter(|t| !t.text.is_empty()))
    }

    /// The card's number as an integer, when it is one.
    pub fn number_u32(&self) -> Option<u32> {
        self.number.as_deref().and_then(|n| n.parse().ok())
    }

    /// How it is named in a warning.
    pub fn name(&self) -> String {
        let title = self.objective_title().map_or("", |v| v.text.as_str());
        match &self.number {
            Some(n) => format!("card {n} '{title}'"),
            None => format!("card '{title}'"),
        }
    }
}

/// How many different roles a run of labels holds.
fn distinct_roles(fields: &[Field]) -> usize {
    let mut roles: Vec<Role> = fields.iter().filter_map(|f| f.role).collect();
    roles.sort();
    roles.dedup();
    roles.len()
}

/// Whether a card is an objective: it has a title; it says something of what is to be
/// done (an indicator, target, baseline, result, formula, deadline, weight,
/// description, purpose or responsible); and at least
/// [`AssembleTolerances::card_known_share`] of its labels are of the vocabulary or
/// printed on other cards too (`repeated`: a label of the document's card template,
/// known or not; hcard-viterbo's `Funzionario referente`, `Parole chiave`). The
/// measures of an anticorruption plan (no title, 004 pages 41-52) and a PIAO's
/// registry sheet (`Denominazione Ente`, `Codice IPA`, `PEC`..., 003, printed once)
/// are none.
fn is_objective(c: &Card, repeated: &BTreeSet<String>, tol: &AssembleTolerances) -> bool {
    let titled = c
        .objective_title()
        .is_some_and(|t| !t.text.trim().is_empty());
    let substance = c.fields.iter().filter_map(|f| f.role).any(|r| {
        matches!(
            r,
            Role::Indicator
                | Role::Target
                | Role::Baseline
                | Role::Actual
                | Role::Formula
                | Role::Deadline
                | Role::Weight
                | Role::Achievement
                | Role::ObjectiveDescription
                | Role::Purpose
                | Role::Dirigente
        )
    });
    let known = c
        .fields
        .iter()
        .filter(|f| f.role.is_some() || repeated.contains(&crate::normalize::fold(&f.label)))
        .count();
    titled && substance && known as f64 >= tol.card_known_share * c.fields.len() as f64
}

/// Roles that belong to the objective (one per card); the others belong to an
/// indicator, and a card that prints them again has another indicator.
pub fn is_objective_role(r: Role) -> bool {
    matches!(
        r,
        Role::Objective
            | Role::StrategicObjective
            | Role::ObjectiveCode
            | Role::ObjectiveDescription
            | Role::Dirigente
            | Role::Settore
            | Role::Area
            | Role::Mission
            | Role::Programme
            | Role::Beneficiaries
            | Role::InvolvedUnits
            | Role::ObjectiveType
            | Role::Sequence
            | Role::Strategic
            | Role::Actions
    )
}

/// Every card of a document: key/value tables first read from the tables, then the
/// running text outside every table; in document order. `prefixed` gives the group a
/// heading names by a group prefix of the vocabulary (`Linea di mandato n. 1 – X` →
/// `X`), as for a table's headings; `document` tells a line that names the plan itself
/// (its title, `PIANO DELLA PERFORMANCE 2025 – OBIETTIVI INDIVIDUALI`, or the ente,
/// `COMUNE DI CEFALÙ`, card-cefalu), which ends a
/// card like a heading but is no group. A label the vocabulary does not know is warned
/// about once per document.
pub fn read(
    lines: &[FlowLine],
    tables: &[Table],
    m: &Labels,
    prefixed: &dyn Fn(&str) -> Option<String>,
    document: &dyn Fn(&str) -> bool,
    tol: &AssembleTolerances,
    warnings: &mut Vec<Warning>,
) -> Vec<Card> {
    let boxes = kv::table_boxes(tables);
    let outside: Vec<&FlowLine> = lines
        .iter()
        .filter(|l| !kv::inside(l.prov, &boxes))
        .collect();
    let orphans: Vec<(String, Provenance)> = outside
        .iter()
        .filter(|l| label::title(&l.text).is_some())
        .map(|l| (l.text.trim().to_string(), l.prov))
        .collect();
    let mut cards = kv::read(tables, m, prefixed, document, &orphans, tol);
    cards.extend(text::read(&outside, m, document, tol, warnings));
    untyped_titles(&mut cards, m);
    wordy_weights(&mut cards);
    let repeated = repeated_labels(&cards);
    people_fields(&mut cards, m);
    // a card is an objective: a run of labels with no title (the measures of an
    // anticorruption plan, 004 pages 41-52) is none
    cards.retain(|c| is_objective(c, &repeated, tol));
    cards.sort_by(|a, b| {
        let key = |c: &Card| c.prov.map_or((0, 0.0), |p| (p.page, p.bbox.top));
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
    });
    unknown_label_warnings(&cards, warnings);
    cards
}

/// A card title that opens with a wording of the objective role and a dash or colon
/// names the kind of card before the objective (`1. OBIETTIVO OPERATIVO – Tempestività
/// dei pagamenti ai fornitori`, h9-arcore): the title is what follows
/// ([`Labels::after_objective_kind`]).
fn untyped_titles(cards: &mut [Card], m: &Labels) {
    for t in cards.iter_mut().filter_map(|c| c.title.as_mut()) {
        if let Some(rest) = m.after_objective_kind(&t.text) {
            t.text = rest;
        }
    }
}

/// A field read as the weight whose value holds no digit is a rating, not a weight: a
/// weight is a number or a share (`20`, `25%`, `1,2`), while `Rilevanza progetto: Alta`
/// (h9-arcore, read as a weight through the lexicon's `rilevanza` ~ `peso`) grades the
/// objective in words. The field keeps its label and value, without a role.
fn wordy_weights(cards: &mut [Card]) {
    for f in cards.iter_mut().flat_map(|c| c.fields.iter_mut()) {
        if f.role == Some(Role::Weight) && !f.value.text.chars().any(|c| c.is_ascii_digit()) {
            f.role = None;
        }
    }
}

/// The labels (folded) printed on two cards or more.
fn repeated_labels(cards: &[Card]) -> BTreeSet<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in cards {
        let mine: BTreeSet<String> = c
            .fields
            .iter()
            .map(|f| crate::normalize::fold(&f.label))
            .collect();
        for l in mine {
            *counts.entry(l).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(l, _)| l)
        .collect()
}

/// A label the vocabulary does not know whose value names people on every card that
/// prints it (two cards at least) is the dirigente's, on the cards that have no
/// dirigente field: a card's content confirms its labels as a column's cells do its
/// header (issue 16), and who is responsible is the one field a name fills
/// (hcard-viterbo's `Funzionario referente: Dott. Mario Rossi`).
fn people_fields(cards: &mut [Card], m: &Labels) {
    let mut seen: BTreeMap<String, (usize, bool)> = BTreeMap::new();
    for f in cards
        .iter()
        .flat_map(|c| &c.fields)
        .filter(|f| f.role.is_none())
    {
        let e = seen
            .entry(crate::normalize::fold(&f.label))
            .or_insert((0, true));
        e.0 += 1;
        e.1 = e.1 && m.is_people(&f.value.text);
    }
    for c in cards.iter_mut() {
        if c.field(Role::Dirigente).is_some() {
            continue;
        }
        for f in c.fields.iter_mut().filter(|f| f.role.is_none()) {
            let key = crate::normalize::fold(&f.label);
            if seen.get(&key).is_some_and(|(n, all)| *n >= 2 && *all) {
                f.role = Some(Role::Dirigente);
                break;
            }
        }
    }
}

fn unknown_label_warnings(cards: &[Card], warnings: &mut Vec<Warning>) {
    let mut seen: Vec<String> = Vec::new();
    for c in cards {
        for f in c.fields.iter().filter(|f| f.role.is_none()) {
            let key = crate::normalize::fold(&f.label);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            warnings.push(Warning {
                code: "card_label_unknown",
                message: format!(
                    "{}: label '{}' is not in the vocabulary; kept as an extra field (add it with --vocab)",
                    c.name(),
                    f.label
                ),
                prov: f.value.prov,
            });
        }
    }
}

/// Id given to card objectives where a table id goes.
pub const CARD_TABLE: &str = "cards";

/// Put a field's value on the indicator; `false` when the indicator already has it.
fn set_indicator(i: &mut Indicator, r: Role, v: &Value) -> bool {
    let slot = match r {
        Role::Indicator => &mut i.indicator,
        Role::IndicatorCode => &mut i.indicator_code,
        Role::Purpose => &mut i.purpose,
        Role::Formula => &mut i.formula,
        Role::Baseline => &mut i.baseline,
        Role::Target => &mut i.target,
        Role::Actual => &mut i.actual,
        Role::Deviation => &mut i.deviation,
        Role::Weight => &mut i.weight,
        Role::Achievement => &mut i.achievement,
        Role::Deadline => &mut i.deadline,
        Role::Notes => &mut i.notes,
        Role::DataSource => &mut i.data_source,
        Role::Barometer => &mut i.barometer,
        _ => return true,
    };
    if slot.is_some() {
        return false;
    }
    *slot = Some(v.clone());
    true
}

/// Put a field's value on the objective (the first value of a role wins).
fn set_objective(o: &mut Objective, r: Role, v: &Value, type_code: &mut Option<String>) {
    let slot = match r {
        Role::Objective => &mut o.objective,
        Role::ObjectiveCode => &mut o.objective_code,
        Role::ObjectiveDescription => &mut o.objective_description,
        Role::Dirigente => &mut o.dirigente,
        Role::Settore | Role::Area => &mut o.settore,
        Role::Mission => &mut o.mission,
        Role::Programme => &mut o.programme,
        Role::Beneficiaries => &mut o.beneficiaries,
        Role::InvolvedUnits => &mut o.units,
        Role::StrategicObjective => {
            if o.group.is_none() {
                o.group = Some(v.text.clone());
            }
            return;
        }
        Role::ObjectiveType => {
            if type_code.is_none() {
                *type_code = text::type_code(&v.text);
            }
            return;
        }
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(v.clone());
    }
}

/// A weight, a deadline and a purpose printed once on a card are its objective's:
/// every indicator's (truth contract, fill-down; h10-paluzza: two indicators under one
/// `Peso` and `Scadenza`; h14-cortona: two indicators under one `Finalità`).
fn fill_down(indicators: &mut [Indicator]) {
    let Some((first, rest)) = indicators.split_first_mut() else {
        return;
    };
    for i in rest {
        for (mine, once) in [
            (&mut i.weight, &first.weight),
            (&mut i.deadline, &first.deadline),
            (&mut i.purpose, &first.purpose),
        ] {
            if mine.is_none() {
                mine.clone_from(once);
            }
        }
    }
}

/// A card as an objective with its indicators (a card that prints an indicator's
/// fields again has another indicator). A card's `Finalità` is its `purpose`, as a
/// table's Finalità column is (the record contract's `purpose (Finalità)`, seeds 000
/// and 001; h14-cortona's cards): the objective's description comes only from a
/// description label, never from a Finalità standing in for one. The summary row is
/// set by the caller.
pub fn objective(c: &Card, year: Option<i32>) -> Objective {
    let page = c.prov.map_or(0, |p| p.page);
    let fresh = || Indicator {
        page,
        table: CARD_TABLE.to_string(),
        ..Indicator::default()
    };
    let mut o = Objective {
        year,
        group: c.group.clone(),
        ..Objective::default()
    };
    let mut type_code = None;
    let mut indicators = vec![fresh()];
    for f in &c.fields {
        let Some(r) = f.role else { continue };
        if let (Some(y), Some(i)) = (f.year, indicators.last_mut())
            && !is_objective_role(r)
            && r != Role::Baseline
        {
            // a year's value of the indicator on its row (split by `split_years`); a
            // baseline naming its year (`Valore 2024` beside `Target 2025`,
            // h15-savigliano) is the baseline of every year's record (truth contract)
            i.by_year.push((y, f.value.clone()));
            continue;
        }
        if is_objective_role(r) {
            set_objective(&mut o, r, &f.value, &mut type_code);
        } else if let Some(i) = indicators.last_mut()
            && !set_indicator(i, r, &f.value)
        {
            let mut next = fresh();
            set_indicator(&mut next, r, &f.value);
            indicators.push(next);
        }
    }
    fill_down(&mut indicators);
    if let Some(first) = indicators.first_mut()
        && first.notes.is_none()
    {
        first.notes = c.notes.clone();
    }
    o.objective = c.objective_title().cloned();
    // a number that only marks the title field (`1. Titolo:`, seed 004, restarting
    // in every area) is the card's, not the objective's code
    if o.objective_code.is_none() && c.title.is_some() {
        o.objective_code = c.number.as_ref().map(|n| Value {
            text: n.clone(),
            prov: c.title.as_ref().and_then(|t| t.prov).or(c.prov),
        });
    }
    let objective_type = c.field(Role::ObjectiveType).cloned();
    o.card = Some(CardInfo {
        number: c.number_u32(),
        objective_type,
        type_code,
        summary: None,
        extra: c
            .fields
            .iter()
            .filter(|f| f.role.is_none())
            .map(|f| (f.label.clone(), f.value.clone()))
            .collect(),
    });
    o.indicators = indicators;
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(role: Role, label: &str, value: &str) -> Field {
        Field {
            role: Some(role),
            label: label.to_string(),
            value: Value {
                text: value.to_string(),
                prov: None,
            },
            marker: None,
            year: None,
        }
    }

    #[test]
    fn a_weight_in_words_is_a_rating_and_keeps_no_role() {
        let mut cards = vec![Card {
            number: Some("1".into()),
            group: None,
            title: None,
            fields: vec![
                // h9-arcore: `Rilevanza progetto` read as a weight by `rilevanza` ~ `peso`
                field(Role::Weight, "Rilevanza progetto", "Alta"),
                field(Role::Weight, "Rilevanza progetto", "Strategica"),
                // weights as plans print them (h4-ciampino `Peso`, h7-sancanzian `Peso %`)
                field(Role::Weight, "Peso", "25"),
                field(Role::Weight, "Peso %", "30%"),
                field(Role::Weight, "Pesatura", "1,2"),
            ],
            notes: None,
            prov: None,
        }];
        wordy_weights(&mut cards);
        let roles: Vec<Option<Role>> = cards[0].fields.iter().map(|f| f.role).collect();
        assert_eq!(
            roles,
            vec![
                None,
                None,
                Some(Role::Weight),
                Some(Role::Weight),
                Some(Role::Weight)
            ]
        );
        assert_eq!(cards[0].fields[0].value.text, "Alta");
    }

    #[test]
    fn a_baseline_naming_its_year_is_every_years_baseline_not_a_target() {
        // h15-savigliano (react-pdf): `Valore 2024` beside `Target 2025` in the card's
        // indicator table; the first run read `27 gg` as the target of 2024, a record
        // of its own
        let year = |mut f: Field, y: i32| {
            f.year = Some(y);
            f
        };
        let card = Card {
            number: Some("1".into()),
            group: None,
            title: None,
            fields: vec![
                field(
                    Role::Settore,
                    "Settore",
                    "Settore Amministrativo – Servizi Demografici",
                ),
                field(Role::Indicator, "Indicatore di risultato", "CIE rilasciate"),
                year(field(Role::Baseline, "Valore 2024", "28.278"), 2024),
                year(field(Role::Target, "Target 2025", "31.420"), 2025),
            ],
            notes: None,
            prov: None,
        };
        let o = objective(&card, None);
        let i = &o.indicators[0];
        assert_eq!(i.baseline.as_ref().map(|v| v.text.as_str()), Some("28.278"));
        let by_year: Vec<(i32, &str)> = i
            .by_year
            .iter()
            .map(|(y, v)| (*y, v.text.as_str()))
            .collect();
        assert_eq!(by_year, [(2025, "31.420")]);
    }
}
