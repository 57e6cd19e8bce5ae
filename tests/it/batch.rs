//! `extract` over many files with the real binary: per-file isolation and exit
//! statuses, the manifest, resumption (also after SIGKILL), `--force`, `--shard`,
//! and run-wide person ids equal to the library's `people::index_of`.

use crate::common;
use piao_extract::config::Config;
use piao_extract::output::records;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Small fixtures (a few hundred ms each in a debug build). 000 and 002 print the same
/// dirigente two ways (`Bondioni Maria Chiara` / `BONDIONI CHIARA`): one person id.
const GOOD: &[&str] = &[
    "002-calc-ruled.pdf",
    "000-calc-ruled.pdf",
    "003-writer-ruled.pdf",
];

/// Bad files and the error kind each must fail with.
const BAD: &[(&str, &str)] = &[
    ("not-a-pdf.pdf", "not_pdf"),
    ("truncated.pdf", "corrupt"),
    ("zero-pages.pdf", "no_pages"),
    ("encrypted.pdf", "encrypted"),
    ("image-only.pdf", "no_text_layer"),
    ("bomb.pdf", "too_large"),
];

/// Opens with the empty password: a good file among the bad ones.
const GOOD_BAD: &str = "encrypted-empty-password.pdf";

/// A temp folder `in/` with the good fixtures, every bad file and one text file.
fn corpus() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for name in GOOD {
        std::fs::copy(common::fixture(name), input.join(name)).unwrap();
    }
    for (name, _) in BAD {
        std::fs::copy(common::bad(name), input.join(name)).unwrap();
    }
    std::fs::copy(common::bad(GOOD_BAD), input.join(GOOD_BAD)).unwrap();
    std::fs::write(input.join("notes.txt"), "not a pdf").unwrap();
    tmp
}

fn cmd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_piao-extract"));
    c.arg("extract").args(args).stdin(Stdio::null());
    c
}

fn run(args: &[&str]) -> Output {
    let out = cmd(args).output().unwrap();
    eprintln!(
        "{args:?}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn manifest(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Manifest entries by file name.
fn entries(m: &Value) -> BTreeMap<String, Value> {
    m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let file = PathBuf::from(e["file"].as_str().unwrap());
            (
                file.file_name().unwrap().to_string_lossy().to_string(),
                e.clone(),
            )
        })
        .collect()
}

/// Every output file under `dir` (manifests and leftover temp files excluded) with
/// its bytes.
fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files_under(dir, |n| {
        !n.starts_with("manifest") && !n.starts_with(".piao-")
    })
}

/// The manifest without what differs between runs of the same inputs.
fn without_run_facts(m: &Value) -> Value {
    let mut m = m.clone();
    m["summary"]["wall_ms"] = Value::Null;
    m["summary"]["up_to_date"] = Value::Null;
    for e in m["files"].as_array_mut().unwrap() {
        e["timings"] = Value::Null;
        e["up_to_date"] = Value::Null;
    }
    m
}

#[test]
fn batch_isolates_failures_and_resumes() {
    let tmp = corpus();
    let (input, out) = (tmp.path().join("in"), tmp.path().join("out"));
    let args = [input.to_str().unwrap(), "-o", out.to_str().unwrap()];
    let first = run(&args);
    assert_eq!(
        first.status.code(),
        Some(piao_extract::cli::EXIT_SOME_FAILED)
    );
    let stderr = String::from_utf8_lossy(&first.stderr);
    let m = manifest(&out.join("manifest.json"));
    let by_name = entries(&m);
    for name in GOOD.iter().chain([&GOOD_BAD]) {
        let e = &by_name[*name];
        assert!(
            ["ok", "no_objectives"].contains(&e["status"].as_str().unwrap()),
            "{name}: {e}"
        );
        let outs = e["outputs"].as_array().unwrap();
        assert!(!outs.is_empty(), "{name}: no outputs");
        for o in outs {
            assert!(
                out.join(o.as_str().unwrap()).is_file(),
                "{name}: {o} missing"
            );
        }
        assert_eq!(e["sha256"].as_str().unwrap().len(), 64);
    }
    for (name, kind) in BAD {
        let e = &by_name[*name];
        assert_eq!(e["status"], "failed", "{name}");
        assert_eq!(e["error"]["kind"], *kind, "{name}");
        let lines = stderr
            .lines()
            .filter(|l| l.contains(name) && !l.contains(GOOD_BAD));
        assert_eq!(lines.count(), 1, "{name}: one stderr line");
    }
    assert_eq!(by_name["notes.txt"]["status"], "skipped");
    assert_eq!(m["summary"]["failed"], BAD.len());
    assert_eq!(m["summary"]["skipped"], 1);
    assert!(
        stderr.lines().last().unwrap().contains("6 failed"),
        "{stderr}"
    );
    let before = outputs(&out);

    // Second run: nothing extracted again, outputs untouched.
    let second = run(&args);
    assert_eq!(
        second.status.code(),
        Some(piao_extract::cli::EXIT_SOME_FAILED)
    );
    let m2 = manifest(&out.join("manifest.json"));
    for (name, e) in entries(&m2) {
        let succeeded = ["ok", "no_objectives"].contains(&e["status"].as_str().unwrap());
        assert_eq!(e["up_to_date"], succeeded, "{name}");
    }
    assert_eq!(m2["summary"]["up_to_date"], GOOD.len() + 1);
    assert_eq!(outputs(&out), before);
    assert_eq!(without_run_facts(&m2), without_run_facts(&m));

    // --force: everything extracted again, the same bytes.
    let mut forced = args.to_vec();
    forced.push("--force");
    run(&forced);
    let m3 = manifest(&out.join("manifest.json"));
    assert_eq!(m3["summary"]["up_to_date"], 0);
    assert_eq!(outputs(&out), before);
    assert!(!out.join("manifest.journal.ndjson").exists());
}

#[test]
fn killed_run_resumes_to_the_same_outputs() {
    let tmp = corpus();
    let input = tmp.path().join("in");
    let (whole, killed) = (tmp.path().join("whole"), tmp.path().join("killed"));
    let args = |out: &Path| {
        vec![
            input.to_str().unwrap().to_string(),
            "-o".into(),
            out.to_str().unwrap().into(),
            "-j".into(),
            "1".into(),
        ]
    };
    cmd(&args(&whole).iter().map(String::as_str).collect::<Vec<_>>())
        .output()
        .unwrap();

    // One file done (journalled), then SIGKILL while the hook sleeps.
    let journal = killed.join("manifest.journal.ndjson");
    let mut child = cmd(&args(&killed).iter().map(String::as_str).collect::<Vec<_>>())
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
    let finished_before_kill = done(&journal);
    assert!(finished_before_kill < GOOD.len() + 1, "kill came too late");

    let rerun = cmd(&args(&killed).iter().map(String::as_str).collect::<Vec<_>>())
        .output()
        .unwrap();
    assert_eq!(
        rerun.status.code(),
        Some(piao_extract::cli::EXIT_SOME_FAILED)
    );
    let m = manifest(&killed.join("manifest.json"));
    assert!(m["summary"]["up_to_date"].as_u64().unwrap() >= 1);
    assert_eq!(outputs(&killed), outputs(&whole));
    assert_eq!(
        without_run_facts(&m),
        without_run_facts(&manifest(&whole.join("manifest.json")))
    );
}

#[test]
fn shards_process_every_input_exactly_once() {
    let tmp = corpus();
    let (input, out) = (tmp.path().join("in"), tmp.path().join("out"));
    // A glob, as a shell that does not expand it would pass it.
    let pattern = format!("{}/*", input.display());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for k in ["1/2", "2/2"] {
        run(&[&pattern, "-o", out.to_str().unwrap(), "--shard", k, "-q"]);
        let name = format!("manifest.shard-{}-of-2.json", &k[..1]);
        for file in entries(&manifest(&out.join(name))).into_keys() {
            *seen.entry(file).or_default() += 1;
        }
    }
    let all: Vec<&str> = GOOD
        .iter()
        .chain(BAD.iter().map(|(n, _)| n))
        .chain([&GOOD_BAD, &"notes.txt"])
        .copied()
        .collect();
    assert_eq!(seen.len(), all.len(), "{seen:?}");
    assert!(seen.values().all(|n| *n == 1), "{seen:?}");

    // A last run without --shard finds the shards' work done.
    run(&[&pattern, "-o", out.to_str().unwrap(), "-q"]);
    let m = manifest(&out.join("manifest.json"));
    assert_eq!(m["summary"]["up_to_date"], GOOD.len() + 1);
}

#[test]
fn person_ids_are_run_wide_as_the_library_makes_them() {
    // Sorted: the order the batch lists (and streams) its inputs in.
    let mut files: Vec<PathBuf> = GOOD.iter().map(|n| common::fixture(n)).collect();
    files.sort();
    let mut args: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
    args.extend(["-o", "-", "--format", "records", "-q"]);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0));
    let config = Config::default();
    let docs: Vec<_> = files
        .iter()
        .map(|p| piao_extract::extract::extract_file(p, &config).unwrap())
        .collect();
    let people = piao_extract::people::index_of(&docs);
    let mut expected = String::new();
    for d in &docs {
        for r in records::records(d, &people) {
            expected.push_str(&serde_json::to_string(&r).unwrap());
            expected.push('\n');
        }
    }
    let got = String::from_utf8(out.stdout).unwrap();
    // Cremona (ISTAT 019036) scopes the ids of its documents
    assert!(got.contains("\"p-019036-bondioni-maria-chiara\""));
    assert!(
        got == expected,
        "records differ from the library's rendering"
    );
}
