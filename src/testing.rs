//! Test support shared by the unit tests (compiled only for `cargo test`).

/// A test whose tool or data is missing: skipped with a message on a developer's
/// machine, a FAILURE under `CI=true` (CI installs everything, so a missing piece
/// there is a broken install, never a reason to go green).
#[allow(clippy::panic)]
pub fn skip(why: &str) {
    if ci() {
        panic!("{why} (CI=true: a test that cannot run fails instead of skipping)");
    }
    eprintln!("SKIPPED: {why}");
}

/// Whether this is a CI run (`CI=true` or `CI=1`).
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Every text of the fixtures' truth tables (`fixtures/**/*.tables.json`: headers,
/// context lines, cells), distinct, for tests that a pruned search over the
/// vocabulary finds what the full one finds on real words.
pub fn fixture_table_texts() -> std::collections::BTreeSet<String> {
    fn texts(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::String(s) => {
                out.insert(s.clone());
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| texts(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| texts(v, out)),
            _ => {}
        }
    }
    fn tables(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                tables(&p, out);
            } else if p.to_string_lossy().ends_with(".tables.json") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    tables(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut files,
    );
    assert!(files.len() >= 100, "fixtures' tables: {}", files.len());
    let mut all = std::collections::BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        texts(&v, &mut all);
    }
    all
}

/// The text of every line `layout` reads on the pages of the fixtures `names` (files
/// under `fixtures/`), for tests that a cheap pre-test before a rule changes none of
/// its answers on real lines.
#[allow(clippy::unwrap_used)]
pub fn fixture_lines(names: &[&str]) -> Vec<String> {
    let config = crate::config::Config::default();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut lines = Vec::new();
    for name in names {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let source = crate::pdf::PageSource::new(&bytes, &config).unwrap();
        for p in source.read(0..source.page_count(), &config).unwrap() {
            let t = crate::layout::analyze_page(&p, &config.layout);
            lines.extend(t.lines.into_iter().map(|l| l.text));
        }
    }
    lines
}
