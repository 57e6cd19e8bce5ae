//! What the benches share (each bench is a target of its own and takes this file as a
//! module).

use std::path::{Path, PathBuf};

/// The seed fixtures (`fixtures/*.pdf`, sorted): what a bench measures when it is
/// given no files.
pub fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    v.sort();
    v
}
