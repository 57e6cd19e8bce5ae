// (No `//!` here: build.rs compiles this file as a module of its own, to find the
// crate's rules and write their cut forms; the crate compiles it for its tests only.
// Plain `std` only: no crate paths.)

use std::path::{Path, PathBuf};

/// The call that makes a rule of a literal pattern (written in two pieces so that
/// this file holds no such call itself).
pub const RULE: &str = concat!("Rule::new", "(");

/// The call that compiles a full `regex` of a literal pattern.
pub const CALL: &str = concat!("crate::text::regex", "(");

/// Where the pattern literal of each rule of a file starts: after each [`CALL`] and
/// [`RULE`] that is not in a comment (nor, in `text.rs` (`this_file`), in its test
/// module, whose rules are cases of its own).
pub fn rule_literals(text: &str, this_file: bool) -> Vec<usize> {
    let tests = text.find("\nmod tests {").unwrap_or(text.len());
    let mut out = Vec::new();
    for call in [CALL, RULE] {
        for (at, _) in text.match_indices(call) {
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let in_comment = text[line_start..at].trim_start().starts_with("//");
            let in_tests = this_file && at > tests;
            if !(in_comment || in_tests) {
                out.push(at + call.len());
            }
        }
    }
    out
}

/// Every `.rs` file under `dir`, in the order the directory lists them.
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            rust_files(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    Ok(())
}

/// The string literal at the start of `s` (raw `r#"…"#` or escaped `"…"`), or
/// `None` when the argument is not a literal.
pub fn literal(s: &str) -> Option<String> {
    let s = s.trim_start();
    if let Some(raw) = s.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw.get(hashes..)?.strip_prefix('"')?;
        let end = body.find(&format!("\"{}", "#".repeat(hashes)))?;
        return Some(body[..end].to_string());
    }
    let mut chars = s.strip_prefix('"')?.chars();
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// The pattern of every rule written in the `.rs` files under `src` (each file with
/// its pattern, `None` where the argument is not a literal), files in path order.
pub fn crate_rules(src: &Path) -> std::io::Result<Vec<(PathBuf, Option<String>)>> {
    let mut files = Vec::new();
    rust_files(src, &mut files)?;
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f)?;
        let this_file = f.ends_with("text.rs");
        for at in rule_literals(&text, this_file) {
            out.push((f.clone(), literal(&text[at..])));
        }
    }
    Ok(out)
}
