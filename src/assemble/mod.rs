//! Stage `assemble`: recognised tables → a [`Plan`] of objectives and indicators.
//!
//! `rows` walks an objective table's rows: continuation rows inherit the objective
//! above, a row with its own code and dirigente under a blank title is a supporting
//! objective, a row carrying only the end of a definition extends the objective above.
//! `heading` reads what the headings above a table say (year, silo / linea / area,
//! "DIRIGENTE: ..." sections, a linea's % raggiungimento, Missione / Programma);
//! `keyvalue` reads a key/value table beside an objective table (`Responsabile del
//! servizio | name`) as its section's dirigente or settore;
//! `budget` gives each objective its Missione / Programma of the harmonised budget.
//! `flow` joins the running text into lines that know whether their paragraph goes
//! on; `cards` reads objectives printed as cards (label → value pairs, in key/value
//! tables or in that running text, labels read by the vocabulary) and `summary` reads
//! the summary tables (or an objective list of the cards) and matches each card to its
//! row.
//!
//! Invariant: every printed value keeps its text exactly as read and its provenance.

pub mod budget;
pub mod cards;
pub mod facts;
pub mod flow;
pub mod heading;
mod keyvalue;
mod rows;
pub mod summary;
pub mod title;

use crate::config::{AssembleTolerances, Config};
use crate::geom::Provenance;
use crate::layout::PageText;
use crate::normalize::{self, PlanMeta};
use crate::tables::matcher::Matcher;
use crate::tables::{Table, TableKind};
use serde::Serialize;

/// A value as printed, with where it was printed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    /// Text as printed (whitespace collapsed).
    pub text: String,
    /// Page and box of the cell it came from (`None` when taken from a heading that
    /// has no box, or filled down from a missing cell).
    pub prov: Option<Provenance>,
}

/// One indicator of an objective. A field is `None` when the table has no such
/// column, `Some("")` when the cell is blank.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Indicator {
    /// Indicator title.
    pub indicator: Option<Value>,
    /// Indicator code.
    pub indicator_code: Option<Value>,
    /// Finalità.
    pub purpose: Option<Value>,
    /// Formula.
    pub formula: Option<Value>,
    /// Target.
    pub target: Option<Value>,
    /// Target consuntivo.
    pub actual: Option<Value>,
    /// Scostamento.
    pub deviation: Option<Value>,
    /// Peso.
    pub weight: Option<Value>,
    /// % raggiungimento.
    pub achievement: Option<Value>,
    /// Note.
    pub notes: Option<Value>,
    /// Barometro.
    pub barometer: Option<Value>,
    /// Card: "Da dove si parte (baseline)".
    pub baseline: Option<Value>,
    /// Card: "Entro quando si prevede di raggiungere l'obiettivo".
    pub deadline: Option<Value>,
    /// Card: "Fonte per verificare i dati".
    pub data_source: Option<Value>,
    /// Each year's target where the table prints one target column per year, until
    /// the objective is split into one objective per year.
    #[serde(skip)]
    pub by_year: Vec<(i32, Value)>,
    /// Each year's result (consuntivo, scostamento, % raggiungimento) where the table
    /// prints them under each year's group cell as it prints the targets (`Anno 2023`
    /// over `Target | Consuntivo | Scostamento`), until the objective is split.
    #[serde(skip)]
    pub results_by_year: Vec<(i32, crate::tables::vocab::Role, Value)>,
    /// Page of the indicator's row.
    pub page: u32,
    /// Id of the table it came from.
    pub table: String,
}

/// An objective with the headings that frame it.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Objective {
    /// Year the heading names (or the plan's single year).
    pub year: Option<i32>,
    /// Silo / linea strategica / area.
    pub group: Option<String>,
    /// The group's "% Raggiungimento obiettivi" figure, where printed (001).
    pub group_achievement: Option<String>,
    /// Title.
    pub objective: Option<Value>,
    /// Code.
    pub objective_code: Option<Value>,
    /// Definition.
    pub objective_description: Option<Value>,
    /// Dirigente as printed (row or section heading).
    pub dirigente: Option<Value>,
    /// Settore.
    pub settore: Option<Value>,
    /// The servizio or ufficio under the settore, as printed: a row spanning an
    /// objective table that names a unit (`SERVIZIO BILANCIO, SPESE E GESTIONE
    /// ECONOMICA PERSONALE`, Ozieri PDO 2016) above the objectives it holds.
    pub servizio: Option<Value>,
    /// Missione of the harmonised budget, as printed (`10 – Trasporti e diritto alla
    /// mobilità`).
    pub mission: Option<Value>,
    /// Programma of the harmonised budget, as printed.
    pub programme: Option<Value>,
    /// The Missione's code where a column of codes is printed beside the column of
    /// names (`Miss.` | `Missione`, [`Column::code`](crate::tables::header::Column::code)):
    /// `mission` holds the name, this the code.
    pub mission_code_printed: Option<Value>,
    /// The Programma's code printed beside its name, as for the Missione.
    pub programme_code_printed: Option<Value>,
    /// A supporting objective: own code and dirigente under the title above.
    pub supporting: bool,
    /// Card: "Destinatari".
    pub beneficiaries: Option<Value>,
    /// Card: "Unità organizzative – altri soggetti coinvolti".
    pub units: Option<Value>,
    /// What only an objective card says (number, type, summary row).
    pub card: Option<CardInfo>,
    /// A heading above the table naming the Missione, as printed (`Missione: 1 Servizi
    /// istituzionali, generali e di gestione`, Ozieri PDO 2016).
    pub mission_heading: Option<Value>,
    /// A heading above the table naming the Programma, as printed.
    pub programme_heading: Option<Value>,
    /// A heading above the table naming the kind of its objectives (`Obiettivi di
    /// mantenimento`), as printed; a card's own type is in [`CardInfo`].
    pub objective_type: Option<Value>,
    /// The Missione / Programma of the harmonised budget the objective belongs to,
    /// validated against the official list ([`budget`]).
    pub budget: Option<budget::Budget>,
    /// Its indicators.
    pub indicators: Vec<Indicator>,
}

/// What an objective read from a card carries besides the common fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardInfo {
    /// The card's number (`Obiettivo n. 7`, `7.`, `1. Titolo:`), when printed.
    pub number: Option<u32>,
    /// Type as printed (`A- Obiettivi di semplificazione ...`).
    pub objective_type: Option<Value>,
    /// The type's letter.
    pub type_code: Option<String>,
    /// Its row in the summary table, when one matched.
    pub summary: Option<summary::SummaryRow>,
    /// Fields whose label the vocabulary does not know, by their printed label.
    pub extra: Vec<(String, Value)>,
}

/// A soft problem, written into the output and counted, never dropped silently.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// Stable short code (`duplicate_row`, `low_confidence_column`...).
    pub code: &'static str,
    /// One line for a person.
    pub message: String,
    /// Where, when known.
    pub prov: Option<Provenance>,
}

/// Everything extracted from one document.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// Ente, kind, period, update flag, years.
    pub meta: PlanMeta,
    /// Title lines of the first page.
    pub title: Option<String>,
    /// Pages in the document.
    pub pages: usize,
    /// Objectives in document order.
    pub objectives: Vec<Objective>,
    /// Every recognised table (objective tables and others).
    pub tables: Vec<Table>,
    /// Key figures of the running text (counts, shares) with their headings.
    pub facts: Vec<facts::Fact>,
    /// Soft problems.
    pub warnings: Vec<Warning>,
}

/// Assemble a plan from the pages' text and the recognised tables, with the
/// tolerances of `config.assemble` (and `config.normalize` for the plan metadata).
pub fn assemble(texts: &[PageText], tables: Vec<Table>, config: &Config) -> Plan {
    let tol = &config.assemble;
    let first: Vec<&str> = texts
        .iter()
        .flat_map(|p| p.lines.iter())
        .take(tol.meta_lines)
        .map(|l| l.text.as_str())
        .collect();
    let titles = title::Titles::for_run(&config.vocab, &config.header, tol);
    let mut meta = normalize::detect_meta(&first, &config.normalize, &|l| titles.kind_of(l));
    if meta.ente.is_none() {
        meta.ente = normalize::meta::ente_in_text(
            texts
                .iter()
                .flat_map(|p| p.lines.iter())
                .map(|l| l.text.as_str()),
        );
    }
    let mut warnings = Vec::new();
    if let Some(n) = meta.resolve_istat() {
        warnings.push(budget::warning(n, None));
    }
    let names = heading::quoted_names(texts);
    let prefixes = heading::Prefixes::for_run(&config.vocab);
    let mut objectives = Vec::new();
    let mut state = rows::FillDown::default();
    // a year a heading states holds for the sections below it until another does
    let mut carried: Option<i32> = None;
    // so does a group heading, until a heading of its level or a higher one
    let mut above = heading::Frame::default();
    let matcher = Matcher::for_run(&config.vocab, &config.header);
    let labels = cards::Labels::for_run(&matcher, &config.vocab);
    let prefixed =
        |h: &str| heading::read(&[h.to_string()], &prefixes, None, &meta, &names, tol).group;
    let unit_of = |h: &str| {
        let f = heading::read(&[h.to_string()], &prefixes, None, &meta, &names, tol);
        (f.settore, f.dirigente)
    };
    for (at, t) in tables
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind == TableKind::Objectives)
    {
        let mut frame = heading::read(&t.context, &prefixes, carried, &meta, &names, tol);
        keyvalue::fill(&mut frame, &tables, at, &labels);
        let new_year = t
            .context
            .iter()
            .any(|c| crate::tables::context::year_in(c).is_some());
        if new_year {
            carried = frame.year;
        }
        frame.carry(&above, new_year && frame.year != above.year);
        above = frame.clone();
        state.enter_table(&frame);
        rows::walk(
            t,
            &frame,
            &mut state,
            &mut objectives,
            &mut warnings,
            &matcher,
            &prefixed,
            &unit_of,
        );
    }
    let mut objectives = rows::split_years(objectives);
    let year = meta.years.first().copied();
    let lines = flow::lines(texts, tol);
    // the plan's title and the ente's name printed above the cards name the plan
    let ente = meta.ente.as_deref().map(normalize::fold);
    let document =
        |l: &str| titles.kind_of(l).is_some() || ente.as_deref() == Some(&normalize::fold(l));
    let found = cards::read(
        &lines,
        &tables,
        &labels,
        &prefixed,
        &document,
        tol,
        &mut warnings,
    );
    // an objective table that lists the cards is their summary: its rows are not
    // objectives of their own
    let listing: Vec<String> = tables
        .iter()
        .filter(|t| summary::lists_cards(t, &found, tol))
        .map(|t| t.id.clone())
        .collect();
    objectives.retain(|o| !o.indicators.iter().any(|i| listing.contains(&i.table)));
    // a card's nested table of targets per year gives one record per year, as a
    // table's target columns per year do
    objectives.extend(rows::split_years(card_objectives(
        &found,
        &tables,
        &listing,
        year,
        tol,
        &mut warnings,
    )));
    // Facts are what a document gives when it has no objectives (003); in a plan with
    // objectives every number of the prose would drown them.
    let facts = if objectives.is_empty() {
        facts::read(&lines, tol)
    } else {
        Vec::new()
    };
    budget::classify(&mut objectives, &mut warnings);
    low_confidence_warnings(&tables, &mut warnings);
    Plan {
        meta,
        title: first.first().map(|s| s.to_string()),
        pages: texts.len(),
        objectives,
        facts,
        tables,
        warnings,
    }
}

/// Objectives written as cards, each matched to its summary row.
fn card_objectives(
    found: &[cards::Card],
    tables: &[Table],
    listing: &[String],
    year: Option<i32>,
    tol: &AssembleTolerances,
    warnings: &mut Vec<Warning>,
) -> Vec<Objective> {
    let rows = summary::rows(tables, listing, tol);
    let matched = summary::cross_check(found, &rows, tol, warnings);
    found
        .iter()
        .zip(matched)
        .map(|(c, m)| {
            let mut o = cards::objective(c, year);
            if let Some(info) = o.card.as_mut() {
                info.summary = m.and_then(|i| rows.get(i)).cloned();
            }
            o
        })
        .collect()
}

/// A warning for each column whose role is doubtful (less sure than
/// [`HeaderMatching::doubtful_role`](crate::config::HeaderMatching::doubtful_role)),
/// saying which wording or content rule gave it, and for each column of an objective
/// table whose header prints words but got no role: its values reach no record, which
/// is no less a guess than a doubtful role (issue 16; h3-vimercate's `Dato 2024`).
fn low_confidence_warnings(tables: &[Table], warnings: &mut Vec<Warning>) {
    for t in tables.iter().filter(|t| t.kind == TableKind::Objectives) {
        for c in t
            .columns
            .iter()
            .filter(|c| c.role.is_none() && c.name.chars().any(char::is_alphabetic))
        {
            warnings.push(Warning {
                code: "unread_column",
                message: format!(
                    "{}: column '{}' got no role; its values are in no record",
                    t.id, c.name
                ),
                prov: None,
            });
        }
    }
    for t in tables {
        for c in t.columns.iter().filter(|c| c.role.is_some() && c.doubtful) {
            warnings.push(Warning {
                code: "low_confidence_column",
                message: format!(
                    "{}: column '{}' read as {} with confidence {:.2} ({})",
                    t.id,
                    c.name,
                    c.role
                        .map(crate::tables::header::role_name)
                        .unwrap_or_default(),
                    c.confidence,
                    c.rule.as_deref().unwrap_or("no rule")
                ),
                prov: None,
            });
        }
    }
}
