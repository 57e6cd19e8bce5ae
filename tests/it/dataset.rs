//! The dataset (`--format csv,sqlite`, `stats`) with the real binary: indicator counts
//! against the truth files, one person for Bondioni's two spellings, boxes on every
//! indicator, foreign keys, reruns and kills leaving the same rows, the records view
//! equal to `--format records`, the Frictionless package valid, and `stats` equal
//! to figures computed here from the truth file.

use crate::common;
use piao_extract::dataset::schema;
use rusqlite::Connection;
use rusqlite::types::Value as Sql;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Every fixture PDF, sorted.
pub fn all_fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(common::root().join("fixtures"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

fn extract(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_piao-extract"))
        .arg("extract")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    eprintln!(
        "{args:?}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The formats of the run shared by this module and `scale`.
pub const FORMATS: &str = "csv,sqlite,parquet";

/// All ten fixtures extracted once per test binary, as csv, sqlite and parquet.
pub fn all_out() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let files = all_fixtures();
        let mut args: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
        args.extend([
            "-o",
            tmp.path().to_str().unwrap(),
            "--format",
            FORMATS,
            "-q",
        ]);
        assert_eq!(extract(&args).status.code(), Some(0));
        tmp
    })
    .path()
}

fn db(dir: &Path) -> Connection {
    let c = Connection::open(dir.join("piao.sqlite")).unwrap();
    c.pragma_update(None, "foreign_keys", true).unwrap();
    c
}

fn count(c: &Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every table's rows ordered by primary key, as text: the database's content.
pub fn dump(dir: &Path) -> BTreeMap<&'static str, Vec<String>> {
    let c = db(dir);
    schema::all()
        .iter()
        .map(|t| {
            let sql = format!(
                "SELECT * FROM {} ORDER BY {}",
                t.name,
                t.primary_key
                    .iter()
                    .map(|k| schema::ident(k))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut stmt = c.prepare(&sql).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let cells: Vec<String> = (0..n)
                        .map(|i| format!("{:?}", r.get::<_, Sql>(i).unwrap()))
                        .collect();
                    Ok(cells.join("|"))
                })
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            (t.name, rows)
        })
        .collect()
}

fn truth(stem: &str) -> Vec<Value> {
    let path = common::fixture(&format!("{stem}.records.json"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["records"].as_array().unwrap().clone()
}

#[test]
fn sqlite_holds_every_fixture_with_keys_people_and_boxes() {
    let c = db(all_out());
    for pdf in all_fixtures() {
        let stem = pdf.file_stem().unwrap().to_str().unwrap();
        let got = c
            .query_row(
                "SELECT count(i.indicator_no) FROM inputs s \
                 LEFT JOIN indicators i ON i.document_sha256 = s.document_sha256 \
                 WHERE s.source = ?1",
                [pdf.to_str().unwrap()],
                |r| r.get::<_, i64>(0),
            )
            .unwrap();
        assert_eq!(got as usize, truth(stem).len(), "{stem}: indicators");
    }
    let bondioni: Vec<(String, String)> = c
        .prepare("SELECT person_id, spellings FROM people WHERE family = 'Bondioni'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(bondioni.len(), 1, "{bondioni:?}");
    assert!(
        bondioni[0].1.contains("Bondioni Maria Chiara"),
        "{bondioni:?}"
    );
    assert!(bondioni[0].1.contains("BONDIONI CHIARA"), "{bondioni:?}");
    assert_eq!(
        count(
            &c,
            "SELECT count(*) FROM indicators WHERE page IS NULL OR x0 IS NULL \
             OR top IS NULL OR x1 IS NULL OR bottom IS NULL OR x1 <= x0 OR bottom <= top"
        ),
        0
    );
    assert!(count(&c, "SELECT count(*) FROM cells") > 0);
    assert!(count(&c, "SELECT count(*) FROM facts") > 0, "003 has facts");
    let broken: Vec<String> = c
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(broken.is_empty(), "foreign keys broken in {broken:?}");
}

/// The `records` view gives back `--format records`, column for column.
#[test]
fn records_view_equals_records_format() {
    let files = [common::fixture("004-writer-ruled.pdf")];
    let out = extract(&[
        files[0].to_str().unwrap(),
        "--format",
        "records",
        "-o",
        "-",
        "-q",
    ]);
    let expected: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let c = db(all_out());
    let mut stmt = c
        .prepare("SELECT * FROM records WHERE source = ?1")
        .unwrap();
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let got: Vec<Value> = stmt
        .query_map([files[0].to_str().unwrap()], |r| {
            use piao_extract::output::columns::{ColumnType, RECORD};
            let mut m = serde_json::Map::new();
            for (i, n) in names.iter().enumerate() {
                let ty = RECORD[i].column.ty;
                let v = match r.get::<_, Sql>(i)? {
                    Sql::Null => Value::Null,
                    Sql::Integer(x) if ty == ColumnType::Boolean => Value::Bool(x != 0),
                    Sql::Integer(x) => x.into(),
                    Sql::Real(x) => x.into(),
                    Sql::Text(s) if matches!(ty, ColumnType::Object | ColumnType::Array) => {
                        serde_json::from_str(&s).unwrap()
                    }
                    Sql::Text(s) => s.into(),
                    Sql::Blob(_) => unreachable!(),
                };
                m.insert(n.clone(), v);
            }
            Ok(Value::Object(m))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        assert_eq!(g.as_object().unwrap().keys().collect::<Vec<_>>(), keys);
        assert_eq!(g, e);
    }
}

/// Two small fixtures and 003 (no objectives) in a folder of their own.
fn small_corpus() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for name in [
        "002-calc-ruled.pdf",
        "003-writer-ruled.pdf",
        "004-writer-ruled.pdf",
    ] {
        std::fs::copy(common::fixture(name), input.join(name)).unwrap();
    }
    tmp
}

#[test]
fn reruns_and_force_upsert_without_duplicates() {
    let tmp = small_corpus();
    let (input, out) = (tmp.path().join("in"), tmp.path().join("out"));
    let args = [
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "json",
        "--format",
        "sqlite",
        "-q",
    ];
    assert_eq!(extract(&args).status.code(), Some(0));
    let first = dump(&out);
    assert_eq!(first["documents"].len(), 3);
    assert_eq!(extract(&args).status.code(), Some(0));
    assert_eq!(dump(&out), first, "rerun (up to date)");
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_eq!(extract(&forced).status.code(), Some(0));
    assert_eq!(dump(&out), first, "--force");
    // A database deleted between runs is rebuilt although the files are up to date.
    std::fs::remove_file(out.join("piao.sqlite")).unwrap();
    assert_eq!(extract(&args).status.code(), Some(0));
    assert_eq!(dump(&out), first, "rebuilt");
}

#[test]
fn killed_run_resumes_to_the_same_database() {
    let tmp = small_corpus();
    let input = tmp.path().join("in");
    let (whole, killed) = (tmp.path().join("whole"), tmp.path().join("killed"));
    let args = |out: &Path| {
        vec![
            "extract".to_string(),
            input.to_str().unwrap().to_string(),
            "-o".into(),
            out.to_str().unwrap().into(),
            "--format".into(),
            "sqlite".into(),
            "-j".into(),
            "1".into(),
            "-q".into(),
        ]
    };
    let bin = env!("CARGO_BIN_EXE_piao-extract");
    let status = Command::new(bin).args(args(&whole)).status().unwrap();
    assert_eq!(status.code(), Some(0));

    let journal = killed.join("manifest.journal.ndjson");
    let mut child = Command::new(bin)
        .args(args(&killed))
        .env(piao_extract::batch::SLOW_ENV, "400")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let done = |j: &Path| {
        std::fs::read_to_string(j).map_or(0, |t| t.lines().filter(|l| l.contains("\"ok\"")).count())
    };
    while done(&journal) < 1 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no file finished"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        !killed.join("manifest.json").exists(),
        "killed after the end"
    );
    let c = db(&killed);
    assert!(
        count(&c, "SELECT count(*) FROM documents") < 3,
        "kill came too late"
    );
    assert_eq!(
        count(&c, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    drop(c);

    let status = Command::new(bin).args(args(&killed)).status().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(dump(&killed), dump(&whole));
}

#[test]
fn csv_package_validates_with_frictionless() {
    let out = all_out();
    let descriptor: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("datapackage.json")).unwrap())
            .unwrap();
    let paths: Vec<&str> = descriptor["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["path"].as_str().unwrap())
        .collect();
    for p in &paths {
        assert!(out.join(p).is_file(), "{p} missing");
    }
    assert!(paths.contains(&"csv/indicators.csv") && paths.contains(&"csv/people.csv"));
    let Ok(run) = Command::new("frictionless")
        .args(["validate", "--json", "datapackage.json"])
        .current_dir(out)
        .output()
    else {
        crate::common::skip("`frictionless` is not installed (pip install frictionless)");
        return;
    };
    let report: Value = serde_json::from_slice(&run.stdout).unwrap_or(Value::Null);
    assert_eq!(
        report["valid"],
        Value::Bool(true),
        "{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// A binary formula by a rule of this test: done / not done (`fatto`), or `Si (1)`.
fn is_binary(formula: &str) -> bool {
    let f = formula.to_lowercase();
    f.contains("fatto") || f.contains("si (1)") || f.contains("sì (1)")
}

/// A target that is a number: digits with Italian separators, maybe a comparator or %.
fn is_numeric(target: &str) -> bool {
    let t = target.trim().trim_start_matches(['<', '>', '=', '≤', '≥']);
    let t = t.trim().trim_end_matches('%').trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

#[test]
fn stats_match_figures_from_the_truth_file() {
    let out = common::run_cli(&["stats", all_out().to_str().unwrap(), "--json"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let stats: Value = serde_json::from_str(&out.stdout).unwrap();
    let doc = stats["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"].as_str().unwrap().ends_with("000-calc-ruled.pdf"))
        .unwrap();
    let t = truth("000-calc-ruled");
    let text = |r: &Value, k: &str| r[k].as_str().unwrap_or("").to_string();
    let mut objectives = 0;
    let mut prev = None;
    for r in &t {
        let key =
            ["year", "group", "objective_code", "objective", "dirigente"].map(|k| r[k].to_string());
        objectives += usize::from(prev.as_ref() != Some(&key));
        prev = Some(key);
    }
    let binary = t.iter().filter(|r| is_binary(&text(r, "formula"))).count();
    let numeric = t.iter().filter(|r| is_numeric(&text(r, "target"))).count();
    let named = t
        .iter()
        .filter(|r| !text(r, "dirigente").is_empty())
        .count();
    assert_eq!(doc["indicators"], t.len());
    assert_eq!(doc["objectives"], objectives);
    assert_eq!(doc["binary"], binary);
    assert_eq!(doc["numeric_target"], numeric);
    assert_eq!(doc["named_dirigente"], named);
    let share = binary as f64 / t.len() as f64;
    assert!((doc["shares"]["binary"].as_f64().unwrap() - share).abs() < 1e-12);
    assert_eq!(doc["baseline"], 0);
    // The table view prints the same share.
    let table = common::run_cli(&["stats", all_out().to_str().unwrap()]);
    let line = table
        .stdout
        .lines()
        .find(|l| l.starts_with("000-calc-ruled.pdf"))
        .unwrap();
    assert!(line.contains(&format!("{:.1}%", share * 100.0)), "{line}");
    // 001 prints weights: each objective's sum to 100 except three in the truth.
    let weights_off: usize = weights_off_100(&truth("001-calc-ruled"));
    let d001 = stats["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"].as_str().unwrap().ends_with("001-calc-ruled.pdf"))
        .unwrap();
    assert_eq!(d001["weights_off_100"], weights_off);
}

/// Objectives (consecutive records with the same objective) whose weights do not
/// sum to 100.
fn weights_off_100(t: &[Value]) -> usize {
    let mut sums: Vec<(String, f64)> = Vec::new();
    for r in t {
        let key = format!("{}|{}|{}", r["group"], r["objective_code"], r["objective"]);
        let w: f64 = r["weight"]
            .as_str()
            .unwrap_or("0")
            .replace(',', ".")
            .parse()
            .unwrap_or(0.0);
        match sums.last_mut() {
            Some((k, s)) if *k == key => *s += w,
            _ => sums.push((key, w)),
        }
    }
    sums.iter().filter(|(_, s)| (s - 100.0).abs() > 0.5).count()
}
