//! Broken and hostile inputs (made by `tests/bad/make_bad.py`): each gives its own
//! error kind from the library and its own exit status from the binary, with one
//! stderr line naming the file, no panic, and quickly.

use crate::common::{self, CliRun};
use piao_extract::Error;
use piao_extract::config::Config;
use piao_extract::pdf;
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Generous: the binary is a debug build, and the machine runs other builds. The
/// measured times are printed (`cargo test -- --nocapture`); release runs take ms.
const TIME_LIMIT: Duration = Duration::from_secs(10);
/// Largest single allocation allowed while opening a bad file. The bomb inflates
/// to 1 GiB; stopping at the 64 MiB stream limit needs one buffer of at most twice
/// that (a `Vec` doubling past the limit).
const MAX_ALLOC: usize = 160 << 20;

/// Open a bad file with the library, timing it.
fn open_bad(name: &str) -> piao_extract::Result<pdf::Document> {
    let bytes = std::fs::read(common::bad(name)).unwrap();
    let start = Instant::now();
    let (res, largest) = common::largest_alloc(|| pdf::open(&bytes, &Config::default()));
    let elapsed = start.elapsed();
    eprintln!(
        "{name}: library {elapsed:.2?}, largest allocation {} KiB",
        largest >> 10
    );
    assert!(elapsed < TIME_LIMIT, "{name}: library took {elapsed:?}");
    assert!(
        largest < MAX_ALLOC,
        "{name}: allocated {largest} bytes at once"
    );
    res
}

/// Run `inspect FILE --words` on a bad file and check the CLI contract for a failure.
fn check_cli_failure(name: &str, expected: &Error) -> CliRun {
    let path = common::bad(name);
    let path_str = path.to_str().unwrap();
    let run = common::run_cli(&["inspect", path_str, "--words"]);
    eprintln!(
        "{name}: binary exit {:?} in {:.2?}, stderr {:?}",
        run.code, run.elapsed, run.stderr
    );
    assert_eq!(run.signal, None, "{name}: killed by a signal");
    assert_eq!(run.code, Some(expected.exit_code()), "{name}: exit status");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "{name}: stderr must be one line: {:?}",
        run.stderr
    );
    assert!(
        lines[0].contains(path_str),
        "{name}: stderr must name the file"
    );
    assert!(
        !run.stderr.contains("panicked"),
        "{name}: panic message on stderr"
    );
    assert!(run.stdout.is_empty(), "{name}: stdout must be empty");
    assert!(
        run.elapsed < TIME_LIMIT,
        "{name}: binary took {:?}",
        run.elapsed
    );
    run
}

/// One test per bad file: the library error must match `$pat`, and the binary must
/// exit with that error's status.
macro_rules! bad_file {
    ($test:ident, $file:literal, $pat:pat) => {
        #[test]
        fn $test() {
            let err = match open_bad($file) {
                Ok(doc) => panic!("{}: opened with {} pages", $file, doc.pages.len()),
                Err(e) => e,
            };
            assert!(matches!(err, $pat), "{}: got {err:?}", $file);
            check_cli_failure($file, &err);
        }
    };
}

bad_file!(not_a_pdf, "not-a-pdf.pdf", Error::NotPdf(_));
bad_file!(truncated, "truncated.pdf", Error::Corrupt(_));
bad_file!(zero_pages, "zero-pages.pdf", Error::NoPages);
bad_file!(encrypted, "encrypted.pdf", Error::Encrypted);
bad_file!(
    image_only,
    "image-only.pdf",
    Error::NoTextLayer(piao_extract::error::NoText::NothingShown {
        pages: 2,
        image_pages: 2
    })
);
bad_file!(bomb, "bomb.pdf", Error::TooLarge(_));

/// Every failure class has a status of its own, so scripts can tell them apart.
#[test]
fn exit_statuses_are_distinct() {
    let kinds = [
        Error::NotPdf(String::new()),
        Error::Corrupt(String::new()),
        Error::NoPages,
        Error::Encrypted,
        Error::NoTextLayer(piao_extract::error::NoText::NothingShown {
            pages: 0,
            image_pages: 0,
        }),
        Error::TooLarge(String::new()),
        Error::DependencyPanic(String::new()),
    ];
    let codes: Vec<i32> = kinds.iter().map(Error::exit_code).collect();
    assert_eq!(codes, [10, 11, 12, 13, 14, 15, 16]);
}

/// An empty user password is what every reader tries first: such a file is not
/// "encrypted" for the user and must read exactly like the unencrypted original.
#[test]
fn encrypted_empty_password_opens() {
    let doc = match open_bad("encrypted-empty-password.pdf") {
        Ok(doc) => doc,
        Err(e) => panic!("encrypted-empty-password.pdf: {e}"),
    };
    let config = Config::default();
    let ours: Vec<String> = piao_extract::layout::analyze(&doc, &config.layout)
        .into_iter()
        .flat_map(|p| p.words.into_iter().map(|w| w.text))
        .collect();
    let original = common::opened(&common::fixture("002-calc-ruled.pdf"));
    let expected: Vec<&str> = original.words().collect();
    assert_eq!(doc.pages.len(), original.doc.pages.len());
    assert!(!ours.is_empty());
    assert_eq!(ours, expected, "words differ from the unencrypted original");

    let path = common::bad("encrypted-empty-password.pdf");
    let run = common::run_cli(&["inspect", path.to_str().unwrap(), "--words"]);
    eprintln!(
        "encrypted-empty-password.pdf: binary exit {:?} in {:.2?}",
        run.code, run.elapsed
    );
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    assert_eq!(run.stdout.lines().count(), expected.len());
}

/// The small fixture the mutation property starts from.
fn seed_pdf() -> &'static [u8] {
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BYTES.get_or_init(|| std::fs::read(common::fixture("002-calc-ruled.pdf")).unwrap())
}

/// Random bytes, half of them behind a PDF header so they get past the first check.
fn random_input() -> impl Strategy<Value = Vec<u8>> {
    (any::<bool>(), prop::collection::vec(any::<u8>(), 0..2048)).prop_map(|(header, body)| {
        let mut v = if header {
            b"%PDF-1.7\n".to_vec()
        } else {
            Vec::new()
        };
        v.extend(body);
        v
    })
}

/// A fixture with a few bytes overwritten and, sometimes, its tail cut off.
fn mutated_fixture() -> impl Strategy<Value = Vec<u8>> {
    let len = seed_pdf().len();
    (
        prop::collection::vec((0..len, any::<u8>()), 1..16),
        prop::option::of(0..len),
    )
        .prop_map(|(flips, cut)| {
            let mut v = seed_pdf().to_vec();
            for (i, b) in flips {
                v[i] = b;
            }
            if let Some(n) = cut {
                v.truncate(n);
            }
            v
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// `pdf::open` returns, Ok or Err, on anything: it never panics.
    #[test]
    fn open_never_panics_on_random_bytes(bytes in random_input()) {
        let _ = pdf::open(&bytes, &Config::default());
    }

    /// Nor on a real PDF with flipped bytes or a cut tail, which gets much further
    /// into lopdf and pdf-extract than random bytes do.
    #[test]
    fn open_never_panics_on_mutated_fixture(bytes in mutated_fixture()) {
        let _ = pdf::open(&bytes, &Config::default());
    }
}
