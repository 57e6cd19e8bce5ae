//! Header vocabularies: column role → the wordings seen for it.
//!
//! Data, not code: a new comune's wording is a one-line change here. Each entry says
//! where it was seen. Matching is case- and accent-insensitive and fuzzy (see
//! [`crate::config::HeaderMatching`]).

use serde::{Deserialize, Serialize};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Objective title.
    Objective,
    /// Objective code (`25.29.2.1.05_0001`, `970_0006`, `1.3.2_0003`).
    ObjectiveCode,
    /// Longer definition of the objective.
    ObjectiveDescription,
    /// Manager responsible.
    Dirigente,
    /// Department.
    Settore,
    /// Indicator title.
    Indicator,
    /// Indicator code (`774`).
    IndicatorCode,
    /// Why the indicator is measured (Finalità).
    Purpose,
    /// How the indicator is computed.
    Formula,
    /// Expected value.
    Target,
    /// Achieved value (Target consuntivo).
    Actual,
    /// Deviation between target and achieved value.
    Deviation,
    /// Weight (Peso).
    Weight,
    /// Share achieved (% Ragg).
    Achievement,
    /// Notes.
    Notes,
    /// Traffic-light barometer.
    Barometer,
    /// Objective type (A–F) in summary tables (004 Tab 1).
    ObjectiveType,
    /// Sequence number of the objective in a summary table.
    Sequence,
    /// Area (directorate) in summary tables.
    Area,
    /// Service in summary tables.
    Service,
    /// "Strategico di Direzione" flag in summary tables.
    Strategic,
}

/// Role → (wording, where it was seen). The first wording is the canonical name.
pub const VOCABULARY: &[(Role, &[(&str, &str)])] = &[
    (
        Role::Objective,
        &[
            ("Obiettivo", "000, 001 header; 004 Tab 1"),
            ("Titolo Obiettivo", "002 header"),
            ("Obiettivo operativo", "common PIAO wording"),
            ("Obiettivo di performance", "common PIAO wording"),
        ],
    ),
    (
        Role::ObjectiveCode,
        &[
            ("Codice Obiettivo", "000, 002 header"),
            ("Cod. Obiettivo", "abbreviation"),
            ("Codice Ob", "abbreviation"),
            ("Codice", "generic"),
        ],
    ),
    (
        Role::ObjectiveDescription,
        &[
            ("Definizione", "001 header"),
            ("Definizione Obiettivo", "002 header"),
            ("Descrizione Obiettivo", "common wording"),
            ("Descrizione", "generic"),
        ],
    ),
    (
        Role::Dirigente,
        &[
            ("Dirigente", "000 header"),
            ("Responsabile", "001 header"),
            ("Dirigente Responsabile", "004 cards"),
            ("Responsabile Obiettivo", "common wording"),
        ],
    ),
    (
        Role::Settore,
        &[
            ("Settore", "001, 002 header"),
            ("Struttura", "common wording"),
            ("Settore/Servizio", "common wording"),
        ],
    ),
    (
        Role::Indicator,
        &[
            ("Indicatore", "000, 001 header"),
            ("Titolo Indicatore", "002 header"),
            ("Descrizione Indicatore", "common wording"),
            ("Indicatori", "plural"),
        ],
    ),
    (
        Role::IndicatorCode,
        &[
            ("Codice Ind", "002 header"),
            ("Codice Indicatore", "common wording"),
            ("Cod. Ind", "abbreviation"),
        ],
    ),
    (
        Role::Purpose,
        &[
            ("Finalità", "001 header"),
            ("Finalità Indicatore", "000, 002 header"),
        ],
    ),
    (
        Role::Formula,
        &[
            ("Formula", "001 header"),
            ("Formula Indicatore", "000, 002 header"),
            ("Metodo di calcolo", "common wording"),
            ("Modalità di calcolo", "common wording"),
        ],
    ),
    (
        Role::Target,
        &[
            ("Target", "000 header"),
            ("Target atteso", "001, 002 header"),
            ("Valore atteso", "common wording"),
            ("Risultato atteso", "common wording"),
            ("Valore obiettivo", "common wording"),
        ],
    ),
    (
        Role::Actual,
        &[
            ("Target Consuntivo", "001 header"),
            ("Valore raggiunto", "common wording"),
            ("Consuntivo", "common wording"),
            ("Valore consuntivo", "common wording"),
            ("Risultato raggiunto", "common wording"),
        ],
    ),
    (Role::Deviation, &[("Scostamento", "001 header")]),
    (
        Role::Weight,
        &[
            ("Peso", "001, 002 header"),
            ("Peso %", "common wording"),
            ("Peso obiettivo", "common wording"),
        ],
    ),
    (
        Role::Achievement,
        &[
            ("% Ragg", "001 header"),
            ("% raggiungimento", "common wording"),
            ("Percentuale di raggiungimento", "common wording"),
            ("Grado di raggiungimento", "common wording"),
        ],
    ),
    (
        Role::Notes,
        &[("Note", "001 header"), ("Annotazioni", "common wording")],
    ),
    (Role::Barometer, &[("Barometro", "001 header")]),
    (Role::ObjectiveType, &[("Tipo Obiettivo", "004 Tab 1")]),
    (Role::Sequence, &[("seq. Ob", "004 Tab 1")]),
    (Role::Area, &[("AREA dirigenziale", "004 Tab 1")]),
    (Role::Service, &[("Servizio", "004 Tab 1")]),
    (Role::Strategic, &[("Strategico di Direzione", "004 Tab 1")]),
];

/// Roles that make a table an objective table: it needs an objective (title or code)
/// and an indicator or a target.
pub fn is_objective_table(roles: &[Role]) -> bool {
    let has = |r: Role| roles.contains(&r);
    (has(Role::Objective) || has(Role::ObjectiveCode))
        && (has(Role::Indicator) || has(Role::Target))
}

/// Roles of a summary table of objectives (004 Tab 1 / Tab 2): type, sequence and
/// objective but no indicator.
pub fn is_summary_table(roles: &[Role]) -> bool {
    roles.contains(&Role::Objective)
        && roles.contains(&Role::ObjectiveType)
        && !roles.contains(&Role::Indicator)
}
