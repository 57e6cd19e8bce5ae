//! The vocabulary is data the user extends without rebuilding: a wording added with
//! `--vocab FILE` gives its role to a header the built-in vocabulary does not know,
//! and a table with that header gives records, with the same binary (issue 16).

use crate::common::run_cli;
use crate::synth::{Rules, Spec, build_pdf};
use serde_json::Value;

/// A table whose header words no built-in wording uses, in a lopdf PDF.
fn unknown_header_pdf() -> Vec<u8> {
    let rows: Vec<Vec<&str>> = vec![
        vec![
            "Riqualificazione del parco Sud",
            "Alberi piantati nel parco",
            "120",
        ],
        vec!["", "Panchine sostituite", "40"],
        vec![
            "Sportello unico digitale",
            "Pratiche presentate online",
            "85%",
        ],
    ];
    build_pdf(
        &[Spec {
            headings: &["PIANO DEGLI OBIETTIVI 2026"],
            header: &["Impresa", "Metro di giudizio", "Soglia"],
            rows: &rows,
            widths: &[200.0, 200.0, 80.0],
        }],
        0,
        Rules::Full,
    )
}

const EXTRA: &str = r#"{
  "headers": {
    "objective": [{"text": "Impresa", "seen": "this test"}],
    "indicator": [{"text": "Metro di giudizio", "seen": "this test"}],
    "target": [{"text": "Soglia", "seen": "this test"}]
  }
}"#;

fn records(run: &crate::common::CliRun) -> Vec<Value> {
    run.stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_wording_added_with_vocab_gives_records_with_the_same_binary() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("impegni.pdf");
    std::fs::write(&pdf, unknown_header_pdf()).unwrap();
    let vocab = dir.path().join("my-vocab.json");
    std::fs::write(&vocab, EXTRA).unwrap();
    let pdf = pdf.to_str().unwrap();
    let vocab = vocab.to_str().unwrap();

    // without the file: the header's words are unknown, so no objective table
    let plain = run_cli(&["extract", pdf, "--format", "records", "-o", "-"]);
    assert_eq!(plain.code, Some(18), "{}", plain.stderr);
    assert!(records(&plain).is_empty());

    // with it, in a worker process (the default) and in-process alike
    for extra in [&[][..], &["--in-process"][..]] {
        let mut args = vec![
            "extract", pdf, "--format", "records", "-o", "-", "--vocab", vocab,
        ];
        args.extend_from_slice(extra);
        let run = run_cli(&args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        let got: Vec<(String, String, String)> = records(&run)
            .iter()
            .map(|r| {
                let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
                (s("objective"), s("indicator"), s("target"))
            })
            .collect();
        let want = [
            (
                "Riqualificazione del parco Sud",
                "Alberi piantati nel parco",
                "120",
            ),
            (
                "Riqualificazione del parco Sud",
                "Panchine sostituite",
                "40",
            ),
            (
                "Sportello unico digitale",
                "Pratiche presentate online",
                "85%",
            ),
        ]
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
        assert_eq!(got, want, "{args:?}");
    }

    // `tables --json` says which wording gave each role
    let tables = run_cli(&["tables", pdf, "--json", "--vocab", vocab]);
    let t: Value = serde_json::from_str(&tables.stdout).unwrap();
    let rules: Vec<String> = t["tables"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rule"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        rules,
        [
            "wording 'Impresa'",
            "wording 'Metro di giudizio'",
            "wording 'Soglia'"
        ]
    );
}

#[test]
fn a_bad_vocabulary_file_is_a_usage_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let vocab = dir.path().join("broken.json");
    std::fs::write(&vocab, "{\"headers\": [1, 2]}").unwrap();
    let run = run_cli(&[
        "tables",
        "fixtures/000-calc-ruled.pdf",
        "--vocab",
        vocab.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("broken.json"), "{}", run.stderr);
}
