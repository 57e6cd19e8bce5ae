//! Narrative plans: objective cards (004), their cross-check with the summary table,
//! and documents without objectives (003) giving their tables and key facts.

use crate::common::{fixture, run_cli};
use piao_extract::normalize::fold;
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Least record F1 on 004 (cards only).
const MIN_CARD_F1: f64 = 0.97;
/// Least number of 003's 139 truth facts found with the same value and section
/// (111 when written).
const MIN_FACTS_FOUND: usize = 100;

/// Records of each fixture run so far, by fixture name.
type RecordCache = std::sync::Mutex<Vec<(String, &'static Vec<Value>)>>;

fn records_of(name: &str) -> &'static Vec<Value> {
    static CACHE: OnceLock<RecordCache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut c = cache.lock().unwrap();
    if let Some((_, v)) = c.iter().find(|(n, _)| n == name) {
        return v;
    }
    let pdf = fixture(&format!("{name}.pdf"));
    let run = run_cli(&[
        "extract",
        pdf.to_str().unwrap(),
        "--format",
        "records",
        "-o",
        "-",
    ]);
    let recs: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let leaked: &'static Vec<Value> = Box::leak(Box::new(recs));
    c.push((name.to_string(), leaked));
    leaked
}

fn expected(name: &str) -> Value {
    let text = std::fs::read_to_string(fixture(&format!("{name}.records.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn cards_004_score_against_the_truth() {
    let recs = records_of("004-writer-ruled");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("004.ndjson");
    let text: Vec<String> = recs.iter().map(Value::to_string).collect();
    std::fs::write(&out, text.join("\n")).unwrap();
    let report =
        piao_extract::score::score_files(&fixture("004-writer-ruled.records.json"), &out).unwrap();
    let f1 = report.record_f1().unwrap();
    assert!(
        f1 >= MIN_CARD_F1,
        "record F1 {f1:.4} < {MIN_CARD_F1}\n{report}"
    );
}

#[test]
fn every_004_card_matches_its_tab1_row() {
    let recs = records_of("004-writer-ruled");
    let truth = expected("004-writer-ruled");
    let want = truth["records"].as_array().unwrap();
    assert_eq!(recs.len(), want.len());
    for w in want {
        let title = w["objective"].as_str().unwrap();
        let got = recs
            .iter()
            .find(|r| r["objective"] == w["objective"] && r["group"] == w["group"])
            .unwrap_or_else(|| panic!("no record for card '{title}'"));
        assert_eq!(got["summary_row"], w["summary_row"], "card '{title}'");
        assert_eq!(got["card_number"], w["card_number"], "card '{title}'");
        assert_eq!(
            got["summary"]["tipo"], w["summary"]["tipo"],
            "card '{title}'"
        );
    }
}

#[test]
fn no_004_record_comes_from_narrative_that_is_not_a_card() {
    // 004's anticorruption section (pages 43-62) has lettered lists and "Obiettivi"
    // columns; none of it may become an objective.
    let truth = expected("004-writer-ruled");
    let titles: BTreeSet<String> = truth["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| fold(r["objective"].as_str().unwrap()))
        .collect();
    for r in records_of("004-writer-ruled") {
        let t = fold(r["objective"].as_str().unwrap_or(""));
        assert!(titles.contains(&t), "not a card of the truth: {t}");
        assert_eq!(r["table_id"], "cards");
    }
}

#[test]
fn records_000_come_from_tables_only() {
    // 000's whistleblowing section is narrative with numbered paragraphs: no cards.
    let recs = records_of("000-calc-ruled");
    assert!(!recs.is_empty());
    for r in recs {
        assert_ne!(r["table_id"], "cards", "{r}");
        assert!(r["card_number"].is_null(), "{r}");
    }
}

fn plan_year_003() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let pdf = fixture("003-writer-ruled.pdf");
    let run = run_cli(&[
        "extract",
        pdf.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert!(run.stderr.contains("no objective"), "{}", run.stderr);
    let file = walk(dir.path())
        .into_iter()
        // the plan-year document, not the run's manifest.json or people.json
        .find(|p| {
            p.extension().is_some_and(|e| e == "json")
                && std::fs::read_to_string(p)
                    .unwrap()
                    .contains("\"schema_version\"")
        })
        .unwrap();
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn document_without_objectives_says_so_and_gives_tables_and_facts() {
    assert!(records_of("003-writer-ruled").is_empty());
    let doc = plan_year_003();
    assert_eq!(doc["objectives"].as_array().unwrap().len(), 0);
    assert_eq!(
        doc["notice"].as_str().unwrap(),
        piao_extract::extract::NO_OBJECTIVES_NOTICE
    );
    assert!(!doc["tables"].as_array().unwrap().is_empty());
    let facts = doc["facts"].as_array().unwrap();
    // The barometer shares, each with its page (seed 003 lines 532-536).
    for share in ["4,4%", "0,7%", "94,9%"] {
        let f = facts
            .iter()
            .find(|f| f["value"] == share)
            .unwrap_or_else(|| panic!("barometer share {share} not found"));
        assert!(f["provenance"]["page"].as_u64().unwrap() >= 1);
    }
    // Service indicators improved / unchanged / worse (seed 003 lines 720-722).
    for (count, unit) in [
        ("441", "indicatori"),
        ("156", "indicatori"),
        ("118", "indicatori"),
    ] {
        assert!(
            facts
                .iter()
                .any(|f| f["value"] == count && f["unit"] == unit),
            "{count} {unit}"
        );
    }
    let truth = expected("003-writer-ruled");
    let found = truth["facts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| {
            facts.iter().any(|f| {
                f["value"] == t["value"]
                    && fold(f["section"].as_str().unwrap_or(""))
                        == fold(t["section"].as_str().unwrap())
            })
        })
        .count();
    assert!(found >= MIN_FACTS_FOUND, "found {found} truth facts");
}
