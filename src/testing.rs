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
