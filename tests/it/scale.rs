//! A national dataset (issue 20), with the real binary: the fixtures run as three
//! shards by GNU parallel into three folders and merged equal a single run, file for
//! file and row for row, people included, and merging again changes nothing; every
//! format has the one contract's columns in order; DuckDB and polars read the
//! Parquet and CSV files back as the NDJSON records; `score` gates; the CLI counts
//! skipped files, `review` says where it wrote, every help text has an example.

use crate::common;
use crate::dataset::{FORMATS, all_fixtures, all_out, dump};
use piao_extract::dataset::schema;
use piao_extract::output::columns::RECORD;
use rusqlite::Connection;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_piao-extract");

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file under `dir` with its bytes, but the run's own bookkeeping (manifests,
/// journals, locks) and the database (compared by its rows).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files_under(dir, |n| {
        !n.starts_with("manifest") && !n.starts_with(".piao-extract") && n != "piao.sqlite"
    })
}

fn same_files(a: &Path, b: &Path) {
    let (fa, fb) = (files(a), files(b));
    assert_eq!(
        fa.keys().collect::<Vec<_>>(),
        fb.keys().collect::<Vec<_>>(),
        "file lists differ"
    );
    for (name, bytes) in &fa {
        assert!(bytes == &fb[name], "{name} differs");
    }
}

fn has_parallel() -> bool {
    Command::new("parallel")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn three_shards_run_by_gnu_parallel_merge_into_the_single_run() {
    if !has_parallel() {
        common::skip("GNU parallel is not installed (apt-get install parallel)");
        return;
    }
    let single = all_out();
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = all_fixtures();
    // the scheduler's command line, as docs/scale.md gives it
    let mut cmd = Command::new("parallel");
    cmd.args([
        "--will-cite",
        "-j",
        "2",
        "--halt",
        "now,fail=1",
        BIN,
        "extract",
    ]);
    cmd.args(fixtures.iter().map(|p| s(p)));
    cmd.args(["-o", &format!("{}/shard-{{}}", tmp.path().display())]);
    cmd.args([
        "--shard", "{}/3", "--format", FORMATS, "-q", "-j", "1", ":::", "1", "2", "3",
    ]);
    let run = cmd.stdin(Stdio::null()).output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let shards: Vec<PathBuf> = (1..=3)
        .map(|k| tmp.path().join(format!("shard-{k}")))
        .collect();
    let merged = tmp.path().join("merged");
    let merge = |out: &Path, shards: &[PathBuf]| {
        Command::new(BIN)
            .arg("merge")
            .arg("-o")
            .arg(out)
            .args(shards)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let m = merge(&merged, &shards);
    assert_eq!(
        m.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&m.stderr)
    );
    assert_eq!(dump(&merged), dump(single), "database rows");
    same_files(&merged, single);
    // merging twice changes nothing
    let again = merge(&merged, &shards);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(dump(&merged), dump(single));
    same_files(&merged, single);
    // a shard written by another version is refused, naming it
    let old = tmp.path().join("old");
    copy_dir(&shards[0], &old);
    let mf = old.join("manifest.shard-1-of-3.json");
    let text = std::fs::read_to_string(&mf)
        .unwrap()
        .replace(piao_extract::output::TOOL_VERSION, "0.0.1-old");
    std::fs::write(&mf, text).unwrap();
    let refused = merge(&tmp.path().join("m2"), &[old]);
    let err = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{err}");
    assert!(
        err.contains("0.0.1-old") && err.contains("run the shard again"),
        "{err}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

fn record_names() -> Vec<&'static str> {
    RECORD.iter().map(|c| c.column.name).collect()
}

fn csv_header(path: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.headers().unwrap().iter().map(str::to_string).collect()
}

#[test]
fn every_format_has_the_contract_columns_in_order() {
    let out = all_out();
    let names = record_names();
    // NDJSON
    let nd = Command::new(BIN)
        .args([
            "extract",
            s(&common::fixture("004-writer-ruled.pdf")),
            "--format",
            "records",
            "-o",
            "-",
            "-q",
        ])
        .output()
        .unwrap();
    let first: Value =
        serde_json::from_str(String::from_utf8_lossy(&nd.stdout).lines().next().unwrap()).unwrap();
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, names, "NDJSON");
    // per-input CSV, a document without records (003) included: a header
    let mut per_input = 0;
    for f in std::fs::read_dir(out.join("records")).unwrap().flatten() {
        assert_eq!(csv_header(&f.path()), names, "{}", f.path().display());
        per_input += 1;
    }
    assert_eq!(per_input, all_fixtures().len());
    let header_only = std::fs::read_dir(out.join("records"))
        .unwrap()
        .flatten()
        .find(|f| f.file_name().to_string_lossy().starts_with("003-"))
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(header_only.path())
            .unwrap()
            .lines()
            .count(),
        1,
        "003 has no records: its CSV is the header"
    );
    assert_eq!(
        csv_header(&out.join("csv/records.csv")),
        names,
        "csv/records.csv"
    );
    // SQLite: the records view, and every table's columns and declared types
    let c = Connection::open(out.join("piao.sqlite")).unwrap();
    let view: Vec<String> = c
        .prepare("SELECT * FROM records LIMIT 0")
        .unwrap()
        .column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(view, names, "records view");
    for t in schema::all() {
        let mut st = c
            .prepare(&format!("PRAGMA table_info({})", t.name))
            .unwrap();
        let cols: Vec<(String, String)> = st
            .query_map([], |r| Ok((r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let want: Vec<(String, String)> = t
            .columns
            .iter()
            .map(|c| (c.name.to_string(), c.ty.sql().to_string()))
            .collect();
        assert_eq!(cols, want, "{}", t.name);
        assert_eq!(
            csv_header(&out.join(format!("csv/{}.csv", t.name))),
            t.names(),
            "csv/{}",
            t.name
        );
    }
    // Parquet: names and Arrow types
    let parquet_schema = |name: &str, cols: &[piao_extract::output::columns::Column]| {
        let f = std::fs::File::open(out.join(format!("parquet/{name}.parquet"))).unwrap();
        let reader =
            parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f).unwrap();
        let got: Vec<(String, arrow_schema::DataType)> = reader
            .schema()
            .fields()
            .iter()
            .map(|f| (f.name().clone(), f.data_type().clone()))
            .collect();
        let want: Vec<(String, arrow_schema::DataType)> = cols
            .iter()
            .map(|c| (c.name.to_string(), c.ty.arrow()))
            .collect();
        assert_eq!(got, want, "parquet/{name}");
    };
    let record_cols: Vec<_> = RECORD.iter().map(|c| c.column).collect();
    parquet_schema("records", &record_cols);
    for t in [&*schema::OBJECTIVES, &*schema::INDICATORS, &*schema::CELLS] {
        parquet_schema(t.name, &t.columns);
    }
    // the data package's records fields, with the contract's types
    let dp: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("datapackage.json")).unwrap())
            .unwrap();
    for r in
        dp["resources"].as_array().unwrap().iter().filter(|r| {
            r["name"] == "records" || r["path"].as_str().unwrap().starts_with("records/")
        })
    {
        let fields: Vec<(String, String)> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["name"].as_str().unwrap().into(),
                    f["type"].as_str().unwrap().into(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = RECORD
            .iter()
            .map(|c| (c.column.name.into(), c.column.ty.frictionless().into()))
            .collect();
        assert_eq!(fields, want, "{}", r["path"]);
    }
}

/// DuckDB and polars (Python) read the Parquet records and the CSV records (with the
/// data package's types) back as the NDJSON records of the same inputs.
#[test]
fn duckdb_and_polars_read_parquet_and_csv_as_the_ndjson() {
    let out = all_out();
    let probe = Command::new("python3")
        .args(["-c", "import duckdb, polars"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        common::skip("python3 with duckdb and polars is not installed (pip install duckdb polars)");
        return;
    }
    let picks: Vec<PathBuf> = [
        "001-calc-ruled.pdf",
        "003-writer-ruled.pdf",
        "004-writer-ruled.pdf",
    ]
    .iter()
    .map(|n| common::fixture(n))
    .collect();
    let mut args: Vec<&str> = vec!["extract"];
    args.extend(picks.iter().map(|p| s(p)));
    args.extend(["--format", "records", "-o", "-", "-q"]);
    let nd = Command::new(BIN).args(&args).output().unwrap();
    assert!(nd.status.success());
    let tmp = tempfile::tempdir().unwrap();
    let nd_path = tmp.path().join("records.ndjson");
    std::fs::write(&nd_path, &nd.stdout).unwrap();
    let script = common::root().join("tests/it/read_back.py");
    let run = Command::new("python3")
        .arg(&script)
        .arg(out)
        .arg(&nd_path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // 160 records of 001, none of 003, 44 of 004, in four readers
    assert!(
        stdout.contains("204 rows equal in duckdb-parquet, duckdb-csv, polars-parquet, polars-csv"),
        "{stdout}"
    );
}

#[test]
fn score_gates_on_a_bar_and_reads_standard_input() {
    let pdf = common::fixture("002-calc-ruled.pdf");
    let expected = common::fixture("002-calc-ruled.records.json");
    let nd = Command::new(BIN)
        .args(["extract", s(&pdf), "--format", "records", "-o", "-", "-q"])
        .output()
        .unwrap();
    let score = |input: &[u8], bar: &[&str]| {
        use std::io::Write;
        let mut child = Command::new(BIN)
            .args(["score", "--expected", s(&expected), "--actual", "-"])
            .args(bar)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        child.wait_with_output().unwrap()
    };
    let ok = score(&nd.stdout, &["--min-f1", "0.99"]);
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&ok.stdout).lines().last(),
        Some("record_f1=1.0000")
    );
    let text = String::from_utf8_lossy(&nd.stdout);
    let half: String = text.lines().take(30).map(|l| format!("{l}\n")).collect();
    let low = score(half.as_bytes(), &["--min-f1", "0.99"]);
    let err = String::from_utf8_lossy(&low.stderr);
    assert_eq!(
        low.status.code(),
        Some(piao_extract::cli::EXIT_BELOW_BAR),
        "{err}"
    );
    assert!(err.contains("below --min-f1 0.99"), "{err}");
    let wrong = score(&nd.stdout, &["--min-cells", "0.5"]);
    assert_eq!(wrong.status.code(), Some(2));
}

#[test]
fn skipped_files_are_counted_and_named_only_with_verbose() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(common::fixture("002-calc-ruled.pdf"), input.join("p.pdf")).unwrap();
    std::fs::write(input.join("notes.txt"), "x").unwrap();
    std::fs::write(input.join("data.csv"), "x").unwrap();
    let run = |extra: &[&str]| {
        let out = Command::new(BIN)
            .args(["extract", s(&input), "-o", s(&tmp.path().join("out"))])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let quiet = run(&[]);
    assert!(quiet.contains("2 skipped as not PDF"), "{quiet}");
    assert!(!quiet.contains("notes.txt"), "{quiet}");
    let verbose = run(&["-v"]);
    assert!(
        verbose.contains("notes.txt: skipped") && verbose.contains("data.csv: skipped"),
        "{verbose}"
    );
}

#[test]
fn review_says_where_it_wrote_and_refuses_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args([
            "review",
            s(&common::fixture("002-calc-ruled.pdf")),
            "-o",
            s(tmp.path()),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&tmp.path().join("index.html").display().to_string()),
        "{err}"
    );
    let folder = Command::new(BIN)
        .args([
            "review",
            s(&common::root().join("fixtures")),
            "-o",
            s(tmp.path()),
        ])
        .output()
        .unwrap();
    assert_eq!(folder.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&folder.stderr).contains("not a folder"));
}

#[test]
fn every_help_text_has_an_example_and_no_rustdoc_link() {
    for cmd in [
        "extract", "merge", "score", "review", "tables", "inspect", "stats",
    ] {
        let out = Command::new(BIN).args([cmd, "--help"]).output().unwrap();
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("Example"), "{cmd}: {help}");
        assert!(
            !help.contains("[`") && !help.contains("`]"),
            "{cmd}: {help}"
        );
    }
}
