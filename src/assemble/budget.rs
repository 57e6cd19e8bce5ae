//! Each objective's Missione / Programma of the harmonised budget (D.Lgs. 118/2011).
//!
//! The one classification every comune shares, so what makes objectives of different
//! comuni comparable. A document names it in three places, read in this order:
//! 1. what it prints *as* a Missione or Programma: a column with that role
//!    (`10 – Trasporti e diritto alla mobilità`; a Programmi column's `03 – Gestione
//!    economica, …` is programme 03 of the mission above it), else a heading above
//!    the table (`Missione: 1 Servizi istituzionali, generali e di gestione` then
//!    `Programma: 3 Gestione economica, …`, Ozieri PDO 2016);
//! 2. the objective's code, when its shape is the DUP's Missione.Programma (`01.02`,
//!    `0102`, `01020601`; `data/codes/shapes.tsv`), only for what the first source
//!    leaves open and only when it agrees with it: Ozieri numbers its objectives
//!    `01.01`, `01.02` inside `Programma: 3`, and those are not programmes.
//!
//! Everything is validated against the official list (`normalize::mission`); a code or
//! name that is not in it gives a [`Warning`] (once per printed text), never a guess.

use super::{Objective, Value, Warning};
use crate::geom::Provenance;
use crate::normalize::{self, CodeKind, MissionMatch, Notice, parse_code};
use serde::Serialize;
use std::collections::BTreeSet;

/// A Missione and, when known, its Programma, as the official list names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Budget {
    /// Two-digit mission code (`01`).
    pub mission_code: String,
    /// The mission's official name.
    pub mission: Option<String>,
    /// Two-digit programme code within the mission (`03`).
    pub programme_code: Option<String>,
    /// The programme's official name.
    pub programme: Option<String>,
}

impl Budget {
    fn of(m: &MissionMatch) -> Option<Budget> {
        Some(Budget {
            mission_code: m.mission_code.clone()?,
            mission: m.mission.clone(),
            programme_code: m.programme_code.clone(),
            programme: m.programme.clone(),
        })
    }
}

/// A normaliser's notice as a warning of the plan, at `prov` when known.
pub fn warning(n: Notice, prov: Option<Provenance>) -> Warning {
    Warning {
        code: n.code,
        message: n.message,
        prov,
    }
}

/// Give every objective its [`Budget`] from what it prints (module docs); each
/// distinct notice becomes one warning.
pub fn classify(objectives: &mut [Objective], warnings: &mut Vec<Warning>) {
    let mut said: BTreeSet<(&'static str, String)> = BTreeSet::new();
    let mut warn = |n: Notice, prov: Option<Provenance>| {
        if said.insert((n.code, n.message.clone())) {
            warnings.push(warning(n, prov));
        }
    };
    for o in objectives.iter_mut() {
        o.budget = budget_of(o, &mut warn);
    }
}

fn printed(v: &Option<Value>) -> Option<&Value> {
    v.as_ref().filter(|v| !v.text.trim().is_empty())
}

/// One objective's budget: the printed mission and programme, then its code.
fn budget_of(o: &Objective, warn: &mut impl FnMut(Notice, Option<Provenance>)) -> Option<Budget> {
    let mut found: Option<Budget> = None;
    let mission = with_code(&o.mission_code_printed, &o.mission);
    let programme = with_code(&o.programme_code_printed, &o.programme);
    if let Some(v) = printed(&mission).or(printed(&o.mission_heading)) {
        let m = normalize::resolve_mission(&v.text);
        found = Budget::of(&m);
        if let Some(n) = m.notice {
            warn(n, v.prov);
        }
    }
    if let Some(v) = printed(&programme).or(printed(&o.programme_heading)) {
        let known = found.as_ref().map(|b| b.mission_code.as_str());
        let p = normalize::resolve_programme_in(&v.text, known);
        let agrees = known.is_none_or(|k| p.mission_code.as_deref() == Some(k));
        match (Budget::of(&p), agrees) {
            (Some(b), true) => found = Some(b),
            (Some(_), false) => warn(disagreement(&v.text, known), v.prov),
            (None, _) => {}
        }
        if let Some(n) = p.notice {
            warn(n, v.prov);
        }
    }
    match found {
        Some(b) if b.programme_code.is_some() => Some(b),
        known => from_code(o, known),
    }
}

/// A Missione or Programma as the official list reads it: its code printed in a
/// column of its own before its name (`01` and `Servizi istituzionali…` read as `01
/// Servizi istituzionali…`), else what is printed.
fn with_code(code: &Option<Value>, name: &Option<Value>) -> Option<Value> {
    match (printed(code), printed(name)) {
        (Some(c), Some(n)) => Some(Value {
            text: format!("{} {}", c.text.trim(), n.text.trim()),
            prov: n.prov,
        }),
        (Some(c), None) => Some(c.clone()),
        _ => name.clone(),
    }
}

/// What the objective's code adds: a programme under the mission already known (or
/// both when none is), never a different mission.
fn from_code(o: &Objective, known: Option<Budget>) -> Option<Budget> {
    let code = printed(&o.objective_code).map(|v| parse_code(&v.text));
    let dup = code.filter(|c| matches!(c.kind, CodeKind::MissionProgramme | CodeKind::Operational));
    let (Some(m), p) = dup.map_or((None, None), |c| (c.mission, c.programme)) else {
        return known;
    };
    if known.as_ref().is_some_and(|k| k.mission_code != m) {
        return known;
    }
    let text = match &p {
        Some(p) => format!("{m}.{p}"),
        None => m,
    };
    Budget::of(&normalize::resolve_mission(&text)).or(known)
}

fn disagreement(text: &str, mission: Option<&str>) -> Notice {
    Notice::new(
        "mission_mismatch",
        format!(
            "{text:?}: a programme of another mission than the Missione {} printed above it",
            mission.unwrap_or("")
        ),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn value(t: &str) -> Option<Value> {
        Some(Value {
            text: t.to_string(),
            prov: None,
        })
    }

    fn objective(mission: &str, programme: &str, code: &str) -> Objective {
        let opt = |t: &str| (!t.is_empty()).then(|| value(t)).flatten();
        Objective {
            mission_heading: opt(mission),
            programme_heading: opt(programme),
            objective_code: opt(code),
            ..Objective::default()
        }
    }

    fn classified(objectives: &mut [Objective]) -> Vec<Warning> {
        let mut w = Vec::new();
        classify(objectives, &mut w);
        w
    }

    fn codes(o: &Objective) -> (Option<&str>, Option<&str>) {
        let b = o.budget.as_ref();
        (
            b.map(|b| b.mission_code.as_str()),
            b.and_then(|b| b.programme_code.as_deref()),
        )
    }

    #[test]
    fn headings_decide_and_a_code_numbering_objectives_does_not() {
        // Ozieri PDO 2016: `Missione: 1 …` / `Programma: 3 …` above objectives `01.01`.
        let mut os = [objective(
            "Missione: 1 Servizi istituzionali, generali e di gestione",
            "Programma: 3 Gestione economica, finanziaria, programmazione, provveditorato",
            "01.01",
        )];
        let w = classified(&mut os);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(codes(&os[0]), (Some("01"), Some("03")));
        let b = os[0].budget.as_ref().unwrap();
        assert_eq!(
            b.mission.as_deref(),
            Some("Servizi istituzionali, generali e di gestione")
        );
        assert_eq!(
            b.programme.as_deref(),
            Some("Gestione economica, finanziaria, programmazione e provveditorato")
        );
    }

    #[test]
    fn a_dup_code_gives_the_programme_under_its_mission_only() {
        let mut os = [
            // a code alone: both (a DUP objective code, allegato 14 01.02)
            objective("", "", "0102"),
            // under `Missione 01`: the code's programme
            objective(
                "Missione 01 - Servizi istituzionali, generali e di gestione",
                "",
                "01.02",
            ),
            // under `Missione 12`: a code of mission 01 is not taken
            objective(
                "MISSIONE 12 Diritti sociali, politiche sociali e famiglia",
                "",
                "01.02",
            ),
            // a Cremona code: no mission at all (seed 000)
            objective("", "", "25.29.2.1.05_0001"),
        ];
        let w = classified(&mut os);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(codes(&os[0]), (Some("01"), Some("02")));
        assert_eq!(codes(&os[1]), (Some("01"), Some("02")));
        assert_eq!(codes(&os[2]), (Some("12"), None));
        assert_eq!(codes(&os[3]), (None, None));
    }

    #[test]
    fn columns_come_before_headings() {
        // Sulmona: `Missione 03 – …` heading, a Programmi column `01 – Polizia locale e
        // amministrativa`; a mission column beats a heading that says otherwise.
        let mut o = objective("Missione 03 – Ordine pubblico e sicurezza", "", "DUP 1.3");
        o.programme = value("01 – Polizia locale e amministrativa");
        let mut column = objective("Missione 01 – Servizi istituzionali", "", "");
        column.mission = value("10 – Trasporti e diritto alla mobilità");
        column.programme = value("05 – Viabilità e infrastrutture stradali");
        let mut os = [o, column];
        let w = classified(&mut os);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(codes(&os[0]), (Some("03"), Some("01")));
        assert_eq!(codes(&os[1]), (Some("10"), Some("05")));
    }

    #[test]
    fn unknown_missions_warn_once_and_give_nothing() {
        let mut os = [
            objective("Missione 31 Altro", "", ""),
            objective("Missione 31 Altro", "", ""),
        ];
        let w = classified(&mut os);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(codes(&os[0]), (None, None));
    }

    #[test]
    fn a_programme_of_another_mission_warns() {
        let mut os = [objective(
            "Missione 01 Servizi istituzionali, generali e di gestione",
            "Programma 12.05 Interventi per le famiglie",
            "",
        )];
        let w = classified(&mut os);
        assert!(w.iter().any(|w| w.code == "mission_mismatch"), "{w:?}");
        assert_eq!(codes(&os[0]), (Some("01"), None));
    }
}
