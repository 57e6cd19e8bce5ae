//! People, missions and ISTAT codes end to end (issue 18): the seed fixtures' person
//! ids and ISTAT codes, and two documents of other comuni from the development set
//! (`fixtures/comuni/`) that name their Missione / Programma.

use crate::common::fixture;
use crate::golden::extracted;
use piao_extract::assemble::budget::{self, Budget};
use piao_extract::assemble::{Objective, Value, heading};
use piao_extract::config::Config;
use piao_extract::extract::{self, Extraction};
use piao_extract::normalize::fold;
use piao_extract::output::{records, schema};
use piao_extract::pipeline::Keep;
use std::collections::{BTreeMap, BTreeSet};

/// One rendering of each seed and its comune's ISTAT code (ISTAT, Elenco dei comuni:
/// Cremona 019036, Crema 019035; the seeds' covers and truth name the comune).
const SEEDS: &[(&str, &str)] = &[
    ("000-calc-ruled", "019036"),
    ("001-calc-ruled", "019036"),
    ("002-calc-ruled", "019036"),
    ("003-writer-ruled", "019036"),
    ("004-writer-ruled", "019035"),
];

#[test]
fn seeds_carry_their_comunes_istat_code_and_no_mission() {
    for (name, istat) in SEEDS {
        let e = extracted(name);
        assert_eq!(e.plan.meta.ente_istat.as_deref(), Some(*istat), "{name}");
        let people = piao_extract::people::index_of(std::slice::from_ref(e));
        for r in records::records(e, &people) {
            assert_eq!(r.document.ente_istat.as_deref(), Some(*istat), "{name}");
            // No seed prints a Missione or a DUP Missione.Programma code.
            let o = &r.objective;
            let budget = [
                &o.mission_code,
                &o.mission_name,
                &o.programme_code,
                &o.programme_name,
            ];
            assert!(budget.iter().all(|v| v.is_none()), "{name}: {o:?}");
            schema::validate_record(&serde_json::to_value(&r).unwrap()).unwrap();
        }
        let codes: Vec<&str> = e.plan.warnings.iter().map(|w| w.code).collect();
        assert!(
            !codes
                .iter()
                .any(|c| c.ends_with("_ente") || c.contains("mission")),
            "{name}: {codes:?}"
        );
    }
}

/// Every printed dirigente of the seeds → the ids it got, over all five documents.
fn seed_ids() -> BTreeMap<String, BTreeSet<String>> {
    let docs: Vec<Extraction> = SEEDS.iter().map(|(n, _)| extracted(n).clone()).collect();
    let people = piao_extract::people::index_of(&docs);
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for d in &docs {
        for r in records::records(d, &people) {
            if let (Some(n), Some(id)) = (r.objective.dirigente, r.objective.dirigente_id) {
                out.entry(n).or_default().insert(id);
            }
        }
    }
    out
}

#[test]
fn seeds_give_one_id_per_person_scoped_by_comune() {
    let ids = seed_ids();
    // Bondioni in every spelling (000, 001: `Bondioni Maria Chiara`; 002: `BONDIONI
    // CHIARA`) is one person of Cremona.
    let bondioni: BTreeSet<&String> = ids
        .iter()
        .filter(|(n, _)| fold(n).starts_with("bondioni"))
        .flat_map(|(_, i)| i)
        .collect();
    assert_eq!(
        bondioni.into_iter().collect::<Vec<_>>(),
        ["p-019036-bondioni-maria-chiara"]
    );
    for (n, i) in &ids {
        assert_eq!(i.len(), 1, "{n} has several ids: {i:?}");
    }
    // Crema's dirigenti (004) are Crema's, Cremona's (000-002) Cremona's.
    let crema = piao_extract::people::names(&extracted("004-writer-ruled").plan);
    for (n, i) in &ids {
        let scope = if crema.names.contains_key(n) {
            "p-019035-"
        } else {
            "p-019036-"
        };
        assert!(i.iter().all(|id| id.starts_with(scope)), "{n}: {i:?}");
    }
    // 24 people, as the truth's dirigenti give them (normalize::person's
    // truth_all_seeds_cluster_into_24_people; no seed person works for both comuni).
    let people: BTreeSet<&String> = ids.values().flatten().collect();
    assert_eq!(people.len(), 24, "{people:?}");
}

/// A rendering of the development set (`fixtures/comuni/README.md`).
fn comune(name: &str) -> std::path::PathBuf {
    fixture(&format!("comuni/{name}"))
}

/// The Missione / Programma that a document's headings give an objective under them
/// (with `code`), resolved as assemble does (`heading::read` then `budget::classify`).
fn budget_under(
    context: &[String],
    e: &Extraction,
    code: Option<&str>,
) -> (Option<Budget>, Vec<&'static str>) {
    let config = Config::default();
    let prefixes = heading::Prefixes::new(&config.vocab);
    let frame = heading::read(
        context,
        &prefixes,
        None,
        &e.plan.meta,
        &[],
        &config.assemble,
    );
    let printed = |t: &Option<String>| {
        t.as_ref().map(|t| Value {
            text: t.clone(),
            prov: None,
        })
    };
    let mut os = [Objective {
        mission_heading: printed(&frame.mission),
        programme_heading: printed(&frame.programme),
        objective_code: code.map(|c| Value {
            text: c.into(),
            prov: None,
        }),
        ..Objective::default()
    }];
    let mut warnings = Vec::new();
    budget::classify(&mut os, &mut warnings);
    let [o] = os;
    (o.budget, warnings.iter().map(|w| w.code).collect())
}

/// Ozieri PDO 2016 (transcribed from the public plan): the cover names the comune,
/// `Missione: 1 Servizi istituzionali, generali e di gestione` and `Programma: 3
/// Gestione economica, finanziaria, programmazione, provveditorato`; its first
/// objective is numbered `01.01` within the servizio, which must not be read as
/// Missione 01 Programma 01.
#[test]
fn ozieri_names_its_comune_mission_and_programme() {
    let path = comune("t-ozieri-pdo-2016--calc-ruled.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let run = extract::run(&path, &bytes, &Config::default(), Keep::Lines).unwrap();
    let e = &run.extraction;
    assert_eq!(e.plan.meta.ente.as_deref(), Some("Comune di Ozieri"));
    assert_eq!(e.plan.meta.ente_istat.as_deref(), Some("090052"));
    let headings: Vec<String> = run
        .texts
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.text.clone())
        .filter(|t| {
            let f = fold(t);
            f.starts_with("missione") || f.starts_with("programma:")
        })
        .collect();
    assert_eq!(headings.len(), 2, "{headings:?}");
    let (b, warnings) = budget_under(&headings, e, Some("01.01"));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        b,
        Some(Budget {
            mission_code: "01".into(),
            mission: Some("Servizi istituzionali, generali e di gestione".into()),
            programme_code: Some("03".into()),
            programme: Some(
                "Gestione economica, finanziaria, programmazione e provveditorato".into()
            ),
        })
    );
}

/// Sulmona (generated spec; truth by construction): five tables, each under a
/// `Missione NN – name` heading. What the headings give each table's objectives; the
/// records carry it once the tables' header (`Obiettivo di gestione`, `Responsabile
/// di P.O.`, …) is recognised.
#[test]
fn sulmona_tables_are_under_their_missions() {
    let e = extract::extract_file(
        &comune("g-sulmona-dup-2025--chromium-ruled.pdf"),
        &Config::default(),
    )
    .unwrap();
    assert_eq!(e.plan.meta.ente_istat.as_deref(), Some("066098"));
    let got: Vec<(String, Option<String>)> = e
        .plan
        .tables
        .iter()
        .filter_map(|t| budget_under(&t.context, &e, None).0)
        .map(|b| (b.mission_code, b.mission))
        .collect();
    let want = [
        ("01", "Servizi istituzionali, generali e di gestione"),
        ("03", "Ordine pubblico e sicurezza"),
        ("04", "Istruzione e diritto allo studio"),
        (
            "09",
            "Sviluppo sostenibile e tutela del territorio e dell'ambiente",
        ),
        ("10", "Trasporti e diritto alla mobilità"),
    ]
    .map(|(c, n)| (c.to_string(), Some(n.to_string())));
    assert_eq!(got, want);
}

/// The same plan under two entes: two comuni's namesakes are two people, and the
/// ids do not depend on which documents came first.
#[test]
fn namesakes_of_two_comuni_are_two_people() {
    let cremona = extracted("002-calc-ruled");
    let mut crema = cremona.clone();
    crema.plan.meta.ente = Some("Comune di Crema".into());
    crema.plan.meta.ente_istat = Some("019035".into());
    let both = piao_extract::people::index_of(&[cremona.clone(), crema.clone()]);
    let alone = piao_extract::people::index_of(std::slice::from_ref(cremona));
    assert_eq!(both.people.len(), 2 * alone.people.len());
    let ids = |d: &Extraction, people| piao_extract::people::ids_of(&d.plan, people);
    assert_eq!(ids(cremona, &both), ids(cremona, &alone));
    let reversed = piao_extract::people::index_of(&[crema.clone(), cremona.clone()]);
    assert_eq!(both, reversed);
    assert_eq!(
        ids(&crema, &both)["BONDIONI CHIARA"].as_deref(),
        Some("p-019035-bondioni-chiara")
    );
}
