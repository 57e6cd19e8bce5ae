//! The module graph: no import cycles, and no import from a lower stage to a higher
//! one. Read from the source: every `crate::…` and `super::…` path outside comments
//! and test code is an edge from the file's module to the module it names.
//!
//! The layers, lowest first (a module may import its own layer and lower ones):
//! 0. `config`, `error`, `geom`, `text`, `vocab`: the foundation every stage uses
//!    (`vocab` is the vocabulary as data, carried in `Config`);
//! 1. `normalize`: pure functions from printed strings to values (it sees no
//!    geometry), so any stage from `tables` on may call them (`fold` to compare
//!    words, plan metadata in `assemble`, every field in `output`);
//! 2. `envelope`, `pdf`: input; 3. `layout`; 4. `grid`; 5. `tables`; 6. `assemble`;
//! 7. `pipeline`, `extract`, `people`: the stage chain, the library's entry point and
//!    person ids over extractions;
//! 8. `output` (the typed record, its sinks); 9. `dataset` (the SQLite sink, the
//!    data package, stats); 10. `batch`; 11. `review`, `inspect`, `score`; 12. `cli`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: &[&[&str]] = &[
    &["config", "error", "geom", "text", "vocab"],
    &["normalize"],
    &["envelope", "pdf"],
    &["layout"],
    &["grid"],
    &["tables"],
    &["assemble"],
    &["pipeline", "extract", "people"],
    &["output"],
    &["dataset"],
    &["batch"],
    &["review", "inspect", "score"],
    &["cli"],
];

/// Known violations that other branches are removing; each must go, none may join.
const ALLOWED: &[(&str, &str, &str)] = &[
    // the roles helper (issue 16/17) removes the cards <-> summary cycle
    (
        "assemble::cards",
        "assemble::summary",
        "roles branch removes it",
    ),
    (
        "assemble::summary",
        "assemble::cards",
        "roles branch removes it",
    ),
];

fn layer(top: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&top))
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/a/b.rs` → `a::b`, `src/a/mod.rs` → `a`; the crate root and binary → `None`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?.with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    match parts.as_slice() {
        [] => None,
        [one] if one == "lib" || one == "main" => None,
        _ => Some(parts.join("::")),
    }
}

/// The identifiers of a path after `crate::` or `super::` (`a::b::C` → a, b, C;
/// `{a, b::c}` → the first of each).
fn path_heads(rest: &str) -> Vec<Vec<String>> {
    let ident = |s: &str| -> Vec<String> {
        s.split("::")
            .map(|p| {
                p.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|p| !p.is_empty())
            .collect()
    };
    if let Some(group) = rest.strip_prefix('{') {
        let inner = group.split('}').next().unwrap_or("");
        inner.split(',').map(|p| ident(p.trim())).collect()
    } else {
        vec![ident(rest)]
    }
}

/// The module a path names: the longest prefix that is a module of the crate.
fn resolve(path: &[String], modules: &BTreeSet<String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| modules.contains(m))
}

/// Module → the modules it imports (outside comments and `#[cfg(test)]` code).
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let named: Vec<(String, PathBuf)> = files
        .into_iter()
        .filter_map(|f| Some((module_of(&src, &f)?, f)))
        .filter(|(m, _)| !m.ends_with("::tests") && m != "testing")
        .collect();
    let modules: BTreeSet<String> = named.iter().map(|(m, _)| m.clone()).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in &named {
        let text = std::fs::read_to_string(file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let parent: Vec<String> = module
            .split("::")
            .map(str::to_string)
            .collect::<Vec<_>>()
            .split_last()
            .map(|(_, p)| p.to_vec())
            .unwrap_or_default();
        let out = edges.entry(module.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (prefix, base) in [("crate::", Vec::new()), ("super::", parent.clone())] {
                for (at, _) in line.match_indices(prefix) {
                    // `super::` inside `crate::a::super::`-like text is not a path start
                    let before = line[..at].chars().last();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                        continue;
                    }
                    for head in path_heads(&line[at + prefix.len()..]) {
                        let full: Vec<String> = base.iter().cloned().chain(head).collect();
                        if let Some(to) = resolve(&full, &modules).filter(|to| to != module) {
                            out.insert(to);
                        }
                    }
                }
            }
        }
    }
    edges
}

fn allowed(from: &str, to: &str) -> bool {
    ALLOWED.iter().any(|(f, t, _)| *f == from && *t == to)
}

/// Is `a` inside `b` (or `b` itself)?
fn within(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}::"))
}

#[test]
fn every_module_is_in_a_layer() {
    for module in graph().keys() {
        assert!(
            layer(top(module)).is_some(),
            "module {module} has no layer in tests/it/modules.rs: put it in LAYERS"
        );
    }
}

#[test]
fn no_module_imports_a_higher_stage() {
    let mut upward = Vec::new();
    for (from, tos) in graph() {
        for to in tos {
            let (Some(a), Some(b)) = (layer(top(&from)), layer(top(&to))) else {
                continue;
            };
            if b > a && !allowed(&from, &to) {
                upward.push(format!("{from} (layer {a}) imports {to} (layer {b})"));
            }
        }
    }
    assert!(upward.is_empty(), "upward imports: {upward:#?}");
}

/// A cycle between modules, ignoring a module's edges to the modules it is inside
/// (a child using its parent's types while the parent calls the child is how a
/// Rust module folder works, not a cycle between stages).
#[test]
fn no_import_cycles() {
    let g = graph();
    let edges = |from: &str| -> Vec<String> {
        g.get(from)
            .map(|tos| {
                tos.iter()
                    .filter(|to| !within(from, to) && !within(to, from))
                    .filter(|to| !allowed(from, to))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    };
    // depth-first search for a back edge, reporting the cycle
    fn visit(
        m: &str,
        edges: &dyn Fn(&str) -> Vec<String>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        found: &mut Vec<String>,
    ) {
        if let Some(at) = stack.iter().position(|s| s == m) {
            found.push(format!("{} -> {m}", stack[at..].join(" -> ")));
            return;
        }
        if !done.insert(m.to_string()) {
            return;
        }
        stack.push(m.to_string());
        for to in edges(m) {
            visit(&to, edges, stack, done, found);
        }
        stack.pop();
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for m in g.keys() {
        visit(m, &edges, &mut Vec::new(), &mut done, &mut found);
    }
    assert!(found.is_empty(), "import cycles: {found:#?}");
}

/// The allowlist only holds violations that still exist: when a branch removes one,
/// its line here must go too.
#[test]
fn allowed_violations_still_exist() {
    let g = graph();
    for (from, to, who) in ALLOWED {
        assert!(
            g.get(*from).is_some_and(|tos| tos.contains(*to)),
            "{from} -> {to} is gone ({who}): remove it from ALLOWED"
        );
    }
}

/// The checker itself sees the edges it must see.
#[test]
fn the_graph_reads_use_lines_and_inline_paths() {
    let g = graph();
    assert!(g["batch"].contains("output::sink"));
    assert!(g["assemble"].contains("normalize"));
    assert!(g["tables::stitch"].contains("tables::header"));
    assert!(!g["dataset::rows"].iter().any(|m| within(m, "batch")));
}
