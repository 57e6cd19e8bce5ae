//! Robustness: process isolation (a crash, a hang and runaway memory in one file end
//! as that file's typed error, the others' outputs complete), signed envelopes
//! (`tests/p7m/`, made by `make_p7m.sh`), and a mutation fuzz pass over the whole
//! pipeline and the normalisers.
//!
//! The fuzz pass is short in a normal run; a long one:
//! `PIAO_FUZZ_ITERS=100000 cargo test --release --test it -- robust::fuzz --nocapture`.

use crate::common;
use piao_extract::batch::isolate::{CRASH_ENV, HANG_ENV, OOM_ENV};
use piao_extract::config::Config;
use piao_extract::extract::{self, Extraction};
use piao_extract::normalize;
use piao_extract::output::records;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Fixtures that extract quickly, copied into each batch.
const GOOD: &[&str] = &["002-calc-ruled.pdf", "000-calc-ruled.pdf"];

fn p7m(name: &str) -> PathBuf {
    common::root().join("tests").join("p7m").join(name)
}

fn extract_cmd(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_piao-extract"));
    c.arg("extract").args(args).stdin(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    eprintln!(
        "{args:?}: {:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn manifest_entries(dir: &Path) -> BTreeMap<String, Value> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    let m: Value = serde_json::from_str(&text).unwrap();
    m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let f = PathBuf::from(e["file"].as_str().unwrap());
            (f.file_name().unwrap().to_string_lossy().into(), e.clone())
        })
        .collect()
}

/// Every file under `dir` except manifests, relative path → bytes.
fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    // the run's bookkeeping: manifests and the folder's lock (it holds a pid)
    common::files_under(dir, |n| {
        !n.starts_with("manifest") && !n.starts_with(".piao-extract")
    })
}

/// A crash, a hang and an allocation past the limit, each in its own file's worker:
/// the batch ends, each of the three has its own typed error and exit status, and the
/// other files' outputs are byte-identical to an in-process run's.
#[test]
fn a_crash_a_hang_and_runaway_memory_cost_one_file_each() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for name in GOOD {
        std::fs::copy(common::fixture(name), input.join(name)).unwrap();
    }
    let in_str = input.to_str().unwrap();
    let reference = tmp.path().join("ref");
    let ref_start = Instant::now();
    let out = extract_cmd(
        &[in_str, "-o", reference.to_str().unwrap(), "--in-process"],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    // The timeout must end the hang, never a good file: on a loaded machine (or a debug
    // build) a good file can take seconds, so the limit follows this machine's own time
    // for the good files, and never under 3 s.
    let timeout = (4 * ref_start.elapsed().as_secs() + 3).to_string() + "s";

    for bad in ["crash.pdf", "hang.pdf", "oom.pdf"] {
        std::fs::copy(common::fixture(GOOD[0]), input.join(bad)).unwrap();
    }
    let isolated = tmp.path().join("iso");
    let start = Instant::now();
    let env = [
        (CRASH_ENV, "crash.pdf"),
        (HANG_ENV, "hang.pdf"),
        (OOM_ENV, "oom.pdf"),
    ];
    let args = [
        in_str,
        "-o",
        isolated.to_str().unwrap(),
        "--timeout",
        &timeout,
    ];
    let out = extract_cmd(&[&args[..], &["--max-memory", "1GiB"]].concat(), &env);
    eprintln!("isolated batch took {:.2?}", start.elapsed());
    assert_eq!(out.status.code(), Some(3), "some failed");

    let entries = manifest_entries(&isolated);
    for (file, kind, status) in [
        ("crash.pdf", "crashed", 21),
        ("hang.pdf", "timeout", 20),
        ("oom.pdf", "out_of_memory", 22),
    ] {
        let e = &entries[file];
        assert_eq!(e["status"], "failed", "{file}: {e}");
        assert_eq!(e["error"]["kind"], kind, "{file}: {e}");
        assert_eq!(e["error"]["exit_status"], status, "{file}: {e}");
        assert!(!e["error"]["message"].as_str().unwrap().contains('\n'));
    }
    for name in GOOD {
        assert_eq!(entries[*name]["status"], "ok", "{name}");
    }
    assert_eq!(
        outputs(&isolated),
        outputs(&reference),
        "good files' outputs"
    );
}

/// The CLI process reserves mimalloc's first arena at the workers' size
/// (`isolate::ARENA_RESERVE`), not mimalloc's 1 GiB, set by the binary's constructor
/// through mimalloc's option number for it; `MIMALLOC_ARENA_RESERVE` still wins.
/// mimalloc's verbose report says what it reserved.
#[test]
fn the_batch_process_reserves_a_small_arena() {
    let reserved = |env: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_piao-extract"));
        c.arg("--version").env("MIMALLOC_VERBOSE", "1");
        match env {
            Some(v) => c.env("MIMALLOC_ARENA_RESERVE", v),
            None => c.env_remove("MIMALLOC_ARENA_RESERVE"),
        };
        let out = c.output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let line = err.lines().find(|l| l.starts_with("mimalloc: reserved "));
        line.unwrap_or_else(|| panic!("no reservation reported:\n{err}"))
            .to_string()
    };
    let kib = piao_extract::batch::isolate::ARENA_RESERVE_KIB;
    assert_eq!(
        reserved(None),
        format!("mimalloc: reserved {kib} KiB memory")
    );
    assert_eq!(
        reserved(Some("128MiB")),
        "mimalloc: reserved 131072 KiB memory"
    );
}

/// At the default `--max-memory` a run's first worker is forked from the batch
/// process, not exec'd (`batch/fork.rs`; the test above forks its first two workers
/// too, at 1 GiB, since the batch process's arena is 64 MiB, and execs every worker
/// after the first two deaths): a crash, a hang and runaway memory there end the same way, each run with
/// its file's status and one line of ours, and a good file's outputs are the
/// in-process run's.
#[test]
fn a_forked_worker_ends_as_an_execd_one_does() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for name in ["good.pdf", "crash.pdf", "hang.pdf", "oom.pdf"] {
        std::fs::copy(common::fixture(GOOD[0]), input.join(name)).unwrap();
    }
    let good = input.join("good.pdf");
    let reference = tmp.path().join("ref");
    let start = Instant::now();
    let out = extract_cmd(
        &[
            good.to_str().unwrap(),
            "-o",
            reference.to_str().unwrap(),
            "--in-process",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    // as above: the limit follows this machine's time for a good file
    let timeout = (4 * start.elapsed().as_secs() + 3).to_string() + "s";
    let env = [
        (CRASH_ENV, "crash.pdf"),
        (HANG_ENV, "hang.pdf"),
        (OOM_ENV, "oom.pdf"),
    ];
    for (file, kind, status) in [
        ("good.pdf", "", 0),
        ("crash.pdf", "crashed", 21),
        ("hang.pdf", "timeout", 20),
        ("oom.pdf", "out_of_memory", 22),
    ] {
        let dir = tmp.path().join(file);
        let path = input.join(file);
        let args = [path.to_str().unwrap(), "-o", dir.to_str().unwrap()];
        let out = extract_cmd(&[&args[..], &["--timeout", &timeout, "-q"]].concat(), &env);
        assert_eq!(out.status.code(), Some(status), "{file}");
        let e = &manifest_entries(&dir)[file];
        match status {
            0 => assert_eq!(outputs(&dir), outputs(&reference), "{file}"),
            _ => {
                assert_eq!(e["error"]["kind"], kind, "{file}: {e}");
                let err = String::from_utf8_lossy(&out.stderr);
                assert_eq!(err.lines().count(), 1, "{file}: {err}");
            }
        }
    }
}

/// The temporary files under `dir` (`.piao-*.tmp`), by relative path.
fn temp_files(dir: &Path) -> Vec<String> {
    common::files_under(dir, |n| n.starts_with(".piao-") && n.ends_with(".tmp"))
        .into_keys()
        .collect()
}

/// A worker killed in the middle of a write leaves a temporary file in the output
/// tree; the run that killed it (here at its time limit) removes it before it ends,
/// although the folder's lock said the run before ended clean (so its start did not
/// look: `batch/lock.rs`), and leaves the folder marked clean again. The test writes
/// the half-written temp files itself, deep and at the top, while the worker hangs and
/// the run holds the folder.
#[test]
fn a_worker_killed_mid_write_leaves_no_temp_file() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let (good, hang) = (input.join("good.pdf"), input.join("hang.pdf"));
    std::fs::copy(common::fixture(GOOD[0]), &good).unwrap();
    std::fs::copy(common::fixture(GOOD[0]), &hang).unwrap();
    let out = tmp.path().join("out");
    let run = |pdf: &Path| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_piao-extract"));
        c.args([
            "extract",
            pdf.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .args(["-j", "1", "-q", "--timeout", "5s"])
        .env(HANG_ENV, "hang.pdf")
        .stdin(Stdio::null());
        c
    };
    assert_eq!(run(&good).output().unwrap().status.code(), Some(0));
    let lock = out.join(".piao-extract.lock");
    let clean = piao_extract::batch::lock::CLEAN_MARK;
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), clean);
    let deep = common::files_under(&out, |n| n.ends_with(".json") && !n.starts_with("manifest"))
        .into_keys()
        .map(|rel| out.join(rel))
        .find(|p| p.parent() != Some(out.as_path()))
        .unwrap();
    let mut child = run(&hang).stderr(Stdio::null()).spawn().unwrap();
    let start = Instant::now();
    // the run holds the folder once its pid is in the lock
    while std::fs::read_to_string(&lock).is_ok_and(|t| t == clean) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(4),
            "no lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::fs::write(deep.with_file_name(".piao-Half01.tmp"), b"half").unwrap();
    std::fs::write(out.join(".piao-Half02.tmp"), b"half").unwrap();
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended too soon"
    );
    assert_eq!(child.wait().unwrap().code(), Some(20), "the time limit");
    assert_eq!(temp_files(&out), Vec::<String>::new());
    assert_eq!(std::fs::read_to_string(&lock).unwrap(), clean);
    assert_eq!(
        manifest_entries(&out)["hang.pdf"]["error"]["kind"],
        "timeout"
    );
    assert_eq!(manifest_entries(&out)["good.pdf"]["status"], "ok");
}

fn extract_path(path: &Path) -> piao_extract::Result<Extraction> {
    let bytes = std::fs::read(path).unwrap();
    // The same name for every rendering, so records compare equal field by field.
    extract::extract_bytes(Path::new("002-calc-ruled.pdf"), &bytes, &Config::default())
}

/// The records of an extraction, but their document key: that is the sha256 of the
/// input's bytes, and an envelope's bytes are not its PDF's.
fn records_of(d: &Extraction) -> Vec<piao_extract::Record> {
    let people = piao_extract::people::index_of(std::slice::from_ref(d));
    records::records(d, &people)
        .map(|mut r| {
            r.document.document_sha256.clear();
            r
        })
        .collect()
}

/// DER, nested and PEM envelopes give the records of the PDF inside, and their signer.
#[test]
fn signed_envelopes_give_the_records_of_their_pdf() {
    let pdf = extract_path(&common::fixture("002-calc-ruled.pdf")).unwrap();
    assert!(pdf.source.signer.is_none());
    let expected = records_of(&pdf);
    assert!(!expected.is_empty());
    for (name, envelopes) in [
        ("signed.pdf.p7m", 1),
        ("nested.pdf.p7m", 2),
        ("pem.pdf.p7m", 1),
        ("ber.pdf.p7m", 1),
    ] {
        let d = extract_path(&p7m(name)).unwrap();
        assert_eq!(records_of(&d), expected, "{name}");
        let signer = d.source.signer.as_ref().unwrap();
        assert_eq!(signer.envelopes, envelopes, "{name}");
        let subject = signer.subject.as_deref().unwrap();
        assert!(subject.contains("CN=Mario Rossi"), "{name}: {subject}");
        let time = signer.signing_time.as_deref().unwrap();
        assert!(time.ends_with('Z') && time.len() == 20, "{name}: {time}");
    }
}

/// A detached signature and a cut envelope fail as `bad_envelope` (exit 23) with one
/// line that says which.
#[test]
fn detached_and_corrupt_envelopes_give_one_line_errors() {
    for (name, says) in [
        ("detached.pdf.p7m", "detached signature"),
        ("corrupt.pdf.p7m", "not a CMS envelope"),
    ] {
        let err = extract_path(&p7m(name)).unwrap_err();
        assert_eq!(err.kind(), "bad_envelope", "{name}: {err}");
        let path = p7m(name);
        let run = common::run_cli(&["inspect", path.to_str().unwrap(), "--words"]);
        assert_eq!(run.code, Some(23), "{name}: {}", run.stderr);
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{name}: {:?}", run.stderr);
        assert!(
            lines[0].contains(name) && lines[0].contains(says),
            "{lines:?}"
        );
    }
}

/// In a folder, `*.pdf.p7m` files are inputs; the signer goes into the manifest entry
/// and into `source.signer` of the plan-year documents (schema-validated on write).
#[test]
fn a_batch_picks_up_p7m_files_and_records_the_signer() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for name in ["signed.pdf.p7m", "nested.pdf.p7m", "detached.pdf.p7m"] {
        std::fs::copy(p7m(name), input.join(name)).unwrap();
    }
    let out_dir = tmp.path().join("out");
    let out = extract_cmd(
        &[input.to_str().unwrap(), "-o", out_dir.to_str().unwrap()],
        &[],
    );
    assert_eq!(out.status.code(), Some(3));
    let entries = manifest_entries(&out_dir);
    assert_eq!(entries["detached.pdf.p7m"]["error"]["kind"], "bad_envelope");
    for (name, envelopes) in [("signed.pdf.p7m", 1), ("nested.pdf.p7m", 2)] {
        let e = &entries[name];
        assert_eq!(e["status"], "ok", "{name}: {e}");
        assert_eq!(e["signer"]["envelopes"], envelopes, "{name}");
        for o in e["outputs"].as_array().unwrap() {
            let doc: Value =
                serde_json::from_slice(&std::fs::read(out_dir.join(o.as_str().unwrap())).unwrap())
                    .unwrap();
            assert_eq!(doc["source"]["signer"], e["signer"], "{name}: {o}");
        }
    }
}

// ---------------------------------------------------------------------------------
// Mutation fuzzing on stable Rust: a small hand-written mutator, no extra crate.

/// Pipeline inputs in a normal test run: a short pass (a few seconds in debug).
const SHORT_ITERS: u64 = 300;
/// Normaliser strings per pipeline input.
const STRINGS_PER_INPUT: u64 = 10;
/// Environment variable with the number of pipeline inputs of a pass.
const ITERS_ENV: &str = "PIAO_FUZZ_ITERS";
/// Environment variable with the random seed (default fixed, so a failure repeats).
const SEED_ENV: &str = "PIAO_FUZZ_SEED";

fn iters() -> u64 {
    std::env::var(ITERS_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SHORT_ITERS)
}

/// xorshift64*: enough randomness for mutations, reproducible from one seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens that reach odd paths of a PDF reader.
const TOKENS: &[&[u8]] = &[
    b"99999999999999999999999",
    b"-2147483649",
    b"4294967296",
    b"1e308",
    b"-0.0000000001",
    b"NaN",
    b" 0 0 R ",
    b" 999999 0 R ",
    b"/Type /Pages",
    b"/Count -1",
    b"/Length 999999999",
    b"/Filter /FlateDecode",
    b"/W [0 4294967295 500]",
    b"endobj",
    b"stream\n",
    b"endstream",
    b"BT /F1 1e30 Tf (x) Tj ET",
    b"q q q q q q q q",
    b"xref\n0 1\n",
    b"trailer << /Root 1 0 R >>",
];

/// One mutated copy of `seed`: one to four of truncation, bit flips, a spliced chunk,
/// a deleted chunk, an odd token, deep nesting.
fn mutate(seed: &[u8], other: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(7) {
            0 => b.truncate(at),
            1 => {
                for _ in 0..=rng.below(16) {
                    let i = rng.below(b.len());
                    if let Some(x) = b.get_mut(i) {
                        *x ^= 1 << rng.below(8);
                    }
                }
            }
            2 => {
                let from = rng.below(other.len());
                let len = rng.below(4096).min(other.len() - from);
                let chunk = other[from..from + len].to_vec();
                b.splice(at..at, chunk);
            }
            3 => {
                let end = (at + rng.below(2048)).min(b.len());
                b.drain(at..end);
            }
            4 | 5 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let end = (at + rng.below(8)).min(b.len());
                b.splice(at..end, t.iter().copied());
            }
            _ => {
                let opens: [&[u8]; 4] = [b"[", b"<<", b"(", b"q "];
                let open = opens[rng.below(opens.len())];
                let depth = 1 + rng.below(20_000);
                let deep: Vec<u8> = open.repeat(depth);
                b.splice(at..at, deep);
            }
        }
    }
    b
}

/// Deepest nesting written into a structural mutant. Value 50,000: past what a
/// recursive parser survives on a 2 MiB thread stack, if it recurses per level.
const MAX_NESTING: usize = 50_000;

/// A mutant with a valid xref: the seed loaded with lopdf, some objects changed (a
/// stream's bytes mutated, a dictionary value replaced by an odd object), saved again.
/// Byte mutants mostly break the xref and stop in lopdf's loader; these reach the
/// page reader and every later stage. `None` when the seed does not load.
fn mutate_objects(seed: &[u8], rng: &mut Rng) -> Option<Vec<u8>> {
    use lopdf::Object;
    let mut doc = lopdf::Document::load_mem(seed).ok()?;
    let ids: Vec<lopdf::ObjectId> = doc.objects.keys().copied().collect();
    let deep = rng.below(8) == 0;
    let marker = deep.then(|| doc.add_object(Object::Name(b"PIAODEEP".to_vec())));
    for _ in 0..=rng.below(3) {
        let id = ids[rng.below(ids.len())];
        let odd = odd_object(rng, marker);
        match doc.objects.get_mut(&id)? {
            Object::Stream(st) => {
                let content = st.decompressed_content().unwrap_or(st.content.clone());
                st.dict.remove(b"Filter");
                let mutated = mutate(&content, &content, rng);
                st.set_content(mutated);
            }
            Object::Dictionary(d) => {
                let keys: Vec<Vec<u8>> = d.iter().map(|(k, _)| k.clone()).collect();
                let key = keys
                    .get(rng.below(keys.len()))
                    .cloned()
                    .unwrap_or(b"X".to_vec());
                d.set(key, odd);
            }
            other => *other = odd,
        }
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).ok()?;
    Some(match marker {
        Some(_) => deepen(out, rng),
        None => out,
    })
}

fn odd_object(rng: &mut Rng, marker: Option<lopdf::ObjectId>) -> lopdf::Object {
    use lopdf::Object;
    if let Some(id) = marker.filter(|_| rng.below(2) == 0) {
        return Object::Reference(id);
    }
    match rng.below(8) {
        0 => Object::Integer(i64::MAX),
        1 => Object::Integer(-1),
        2 => Object::Real(f32::MAX),
        3 => Object::Reference((999_999, 0)),
        4 => Object::Null,
        5 => Object::Array(vec![Object::Integer(0); rng.below(100_000)]),
        6 => Object::Name(b"FlateDecode".to_vec()),
        _ => Object::String(vec![0xFF; rng.below(1000)], lopdf::StringFormat::Literal),
    }
}

/// Replace the marker object (written last, just before the xref) by a deeply nested
/// array or dictionary, and move `startxref` by the length added, so the file still
/// loads.
fn deepen(mut pdf: Vec<u8>, rng: &mut Rng) -> Vec<u8> {
    let needle = b"/PIAODEEP";
    let Some(at) = pdf.windows(needle.len()).rposition(|w| w == needle) else {
        return pdf;
    };
    let depth = 1 + rng.below(MAX_NESTING);
    let (open, close): (&[u8], &[u8]) = if rng.below(2) == 0 {
        (b"[", b"]")
    } else {
        (b"<</A ", b">>")
    };
    let nested = [open.repeat(depth), close.repeat(depth)].concat();
    let delta = nested.len() as i64 - needle.len() as i64;
    pdf.splice(at..at + needle.len(), nested);
    let key = b"startxref";
    let Some(sx) = pdf.windows(key.len()).rposition(|w| w == key) else {
        return pdf;
    };
    let tail = String::from_utf8_lossy(&pdf[sx + key.len()..]).to_string();
    let Some(old) = tail
        .split_whitespace()
        .next()
        .and_then(|n| n.parse::<i64>().ok())
    else {
        return pdf;
    };
    pdf.truncate(sx);
    pdf.extend_from_slice(format!("startxref\n{}\n%%EOF\n", old + delta).as_bytes());
    pdf
}

/// Characters the normalisers care about, plus some they should not.
const ALPHABET: &[char] = &[
    '0', '1', '5', '9', '.', ',', '%', '€', ' ', '-', '+', '/', '<', '>', '=', '≥', '≤', '(', ')',
    'a', 'e', 'n', 'o', 'A', 'N', 'O', 'R', 'S', 'x', 'à', 'é', '\t', '\n', ':', ';', '\'', '"',
    '\u{a0}', '\u{200b}', '\u{301}', '𝟘', 'ß',
];

/// Seed strings: real cell texts of the kinds the normalisers read.
const SEED_STRINGS: &[&str] = &[
    "≥ 95%",
    "1.234,56 €",
    "100% entro il 31/12/2025",
    "Dott.ssa Bondioni Maria Chiara",
    "Arch. ROSSI MARIO - Settore Tecnico",
    "n. pratiche evase / n. pratiche pervenute * 100",
    "OB.1.2.3",
    "DUP 2.1 - Missione 01",
    "SI/NO",
    "<= 30 gg",
];

fn random_string(rng: &mut Rng) -> String {
    let base = SEED_STRINGS[rng.below(SEED_STRINGS.len())];
    let mut chars: Vec<char> = base.chars().collect();
    for _ in 0..=rng.below(6) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 => chars.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            1 if at < chars.len() => {
                chars.remove(at);
            }
            _ => {
                let n = rng.below(300);
                let c = ALPHABET[rng.below(ALPHABET.len())];
                chars.splice(at..at, std::iter::repeat_n(c, n));
            }
        }
    }
    chars.into_iter().collect()
}

fn normalize_all(s: &str) {
    let _ = normalize::parse_number(s);
    let _ = normalize::parse_target(s);
    let _ = normalize::parse_formula(s);
    let _ = normalize::parse_person(s);
    let _ = normalize::parse_code(s);
}

/// What a pass saw.
#[derive(Default, Debug)]
struct Tally {
    ok: u64,
    errors: BTreeMap<&'static str, u64>,
    /// Inputs on which a panic escaped, saved for replay.
    escaped: Vec<PathBuf>,
}

fn seeds() -> Vec<Vec<u8>> {
    let mut seeds = vec![crate::synth::small_table_pdf()];
    for name in ["image-only.pdf", "zero-pages.pdf"] {
        seeds.push(std::fs::read(common::bad(name)).unwrap());
    }
    seeds.push(std::fs::read(common::fixture("002-calc-ruled.pdf")).unwrap());
    seeds
}

/// Mutated PDFs through `pdf::open` and the whole pipeline (`extract_bytes`), and
/// mutated strings through every normaliser: no panic escapes (panics inside
/// pdf-extract are contained and count as typed errors), nothing aborts.
#[test]
fn fuzz_pipeline_and_normalizers() {
    let n = iters();
    let seed = std::env::var(SEED_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9E37_79B9_7F4A_7C15);
    let mut rng = Rng(seed);
    let seeds = seeds();
    let config = Config::default();
    let mut tally = Tally::default();
    let start = Instant::now();
    for i in 0..n {
        // The fixture seed is slow in a debug build: one input in sixteen.
        let k = if i % 16 == 15 {
            seeds.len() - 1
        } else {
            rng.below(seeds.len() - 1)
        };
        let other = &seeds[rng.below(seeds.len())];
        let input = match i % 2 {
            0 => mutate_objects(&seeds[k], &mut rng),
            _ => None,
        }
        .unwrap_or_else(|| mutate(&seeds[k], other, &mut rng));
        let run = std::panic::catch_unwind(|| {
            extract::extract_bytes(Path::new("fuzz.pdf"), &input, &config).map(|_| ())
        });
        match run {
            Ok(Ok(())) => tally.ok += 1,
            Ok(Err(e)) => *tally.errors.entry(e.kind()).or_default() += 1,
            Err(_) => {
                let path = std::env::temp_dir().join(format!("piao-fuzz-{seed}-{i}.pdf"));
                std::fs::write(&path, &input).unwrap();
                tally.escaped.push(path);
            }
        }
        for _ in 0..STRINGS_PER_INPUT {
            let s = random_string(&mut rng);
            if std::panic::catch_unwind(|| normalize_all(&s)).is_err() {
                let path = std::env::temp_dir().join(format!("piao-fuzz-{seed}-{i}.txt"));
                std::fs::write(&path, &s).unwrap();
                tally.escaped.push(path);
            }
        }
        if (i + 1) % 10_000 == 0 {
            eprintln!(
                "fuzz: {} inputs in {:.0?}: {tally:?}",
                i + 1,
                start.elapsed()
            );
        }
    }
    eprintln!(
        "fuzz: {n} inputs and {} strings in {:.2?} (seed {seed}): {tally:?}",
        n * STRINGS_PER_INPUT,
        start.elapsed()
    );
    assert!(
        tally.escaped.is_empty(),
        "panics escaped: {:?}",
        tally.escaped
    );
}

/// A panic in one of our own stages is reported with the stage's name and exit 24,
/// in-process and in a worker alike; the PDF reader's own panics keep exit 16.
#[test]
fn a_panic_in_a_stage_is_an_internal_error_naming_it() {
    let file = common::fixture("002-calc-ruled.pdf");
    for (stage, extra) in [
        ("grid", "--in-process"),
        ("assemble", "-j1"),
        ("output", "--in-process"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_piao-extract"))
            .args(["extract", "-q", extra, "-o"])
            .arg(dir.path())
            .arg(&file)
            .env(piao_extract::error::PANIC_ENV, stage)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(24), "{stage}: {stderr}");
        assert!(
            stderr.contains(&format!("internal error in stage {stage}")),
            "{stage}: {stderr}"
        );
    }
}
