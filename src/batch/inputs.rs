//! Inputs of a batch: files, folders (recursive) and glob patterns, sorted, each with
//! the key its shard is chosen by.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Bytes at the start of a file searched for the `%PDF-` header when a file given by
/// name has no `.pdf` extension. Value 1024: the PDF specification lets readers accept
/// a header anywhere in the first 1024 bytes.
const HEADER_WINDOW: usize = 1024;

/// What one path on the command line (or found under a folder) turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A PDF to extract.
    Pdf,
    /// A file that is not a PDF: listed in the manifest, not processed.
    Skipped(String),
    /// A path that does not exist, or a glob that matched nothing: a failure.
    Missing(String),
}

/// One input of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as found (the argument, or the argument joined with the path below it).
    pub path: PathBuf,
    /// The path relative to its input root (`/`-separated): the folder or the glob's
    /// literal prefix it was found under, or the file name of a file given by name.
    /// Shards are chosen by it, so they do not depend on where the corpus is mounted.
    pub rel: String,
    /// What it is.
    pub found: Found,
}

/// Every input of `args`, sorted by path, each path once.
///
/// Folders are searched recursively: their `*.pdf` files are inputs and every other
/// file is listed as skipped. A file given by name is an input when it ends in `.pdf`
/// (whatever its bytes: a `.pdf` that is not a PDF fails as `not_pdf`) or starts with
/// a PDF header; otherwise it is skipped. A path that does not exist is expanded as a
/// glob pattern (for shells that did not), and is missing when nothing matches.
pub fn collect(args: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for arg in args {
        if arg.exists() {
            add_path(arg, root_of(arg), &mut out);
        } else {
            add_glob(arg, &mut out);
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    out
}

/// The root a path's `rel` is taken from: the folder itself, or a file's parent.
fn root_of(arg: &Path) -> &Path {
    if arg.is_dir() {
        arg
    } else {
        arg.parent().unwrap_or(Path::new(""))
    }
}

fn add_path(path: &Path, root: &Path, out: &mut Vec<Input>) {
    if path.is_dir() {
        walk(path, root, &mut Vec::new(), out);
    } else {
        let found = if is_pdf_name(path) || has_pdf_header(path) {
            Found::Pdf
        } else {
            Found::Skipped("not a PDF (no .pdf extension, no PDF header)".into())
        };
        out.push(input(path, root, found));
    }
}

/// Search `dir` recursively. Symbolic links to folders are followed (a corpus may be
/// assembled from links), except one back to a folder the walk is already inside: that
/// is a loop, listed as skipped, and the walk goes on with the other entries.
/// `ancestors`: the canonical paths of the folders being walked, outermost first.
fn walk(dir: &Path, root: &Path, ancestors: &mut Vec<PathBuf>, out: &mut Vec<Input>) {
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if ancestors.contains(&canonical) {
        let why = format!(
            "symbolic link loop: {} is a folder this one is inside",
            canonical.display()
        );
        out.push(input(dir, root, Found::Skipped(why)));
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(input(
            dir,
            root,
            Found::Missing("folder cannot be read".into()),
        ));
        return;
    };
    ancestors.push(canonical);
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, root, ancestors, out);
        } else if is_pdf_name(&p) {
            out.push(input(&p, root, Found::Pdf));
        } else {
            out.push(input(&p, root, Found::Skipped("not a .pdf file".into())));
        }
    }
    ancestors.pop();
}

fn add_glob(arg: &Path, out: &mut Vec<Input>) {
    let pattern = arg.to_string_lossy();
    let root = literal_prefix(arg);
    let matches: Vec<PathBuf> = match glob::glob(&pattern) {
        Ok(paths) => paths.flatten().collect(),
        Err(e) => {
            let why = format!("no such file, and not a valid glob pattern: {}", e.msg);
            out.push(input(arg, Path::new(""), Found::Missing(why)));
            return;
        }
    };
    if matches.is_empty() {
        let why = "no such file or folder (nor glob matches)".to_string();
        out.push(input(arg, Path::new(""), Found::Missing(why)));
    }
    for m in matches {
        add_path(&m, &root, out);
    }
}

/// The folders of a glob pattern before its first component with a wildcard.
fn literal_prefix(pattern: &Path) -> PathBuf {
    let is_wild = |s: &str| s.contains(['*', '?', '[']);
    pattern
        .components()
        .take_while(|c| !is_wild(&c.as_os_str().to_string_lossy()))
        .collect()
}

fn input(path: &Path, root: &Path, found: Found) -> Input {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let rel = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Input {
        path: path.to_path_buf(),
        rel,
        found,
    }
}

/// `*.pdf`, or `*.pdf.p7m` (a PDF in a signed envelope, unwrapped by `envelope`).
fn is_pdf_name(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".pdf") || name.ends_with(".pdf.p7m")
}

fn has_pdf_header(p: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(HEADER_WINDOW);
    let Ok(f) = std::fs::File::open(p) else {
        return false;
    };
    if f.take(HEADER_WINDOW as u64).read_to_end(&mut head).is_err() {
        return false;
    }
    head.windows(b"%PDF-".len()).any(|w| w == b"%PDF-")
}

/// One of `count` shards (`K/N` on the command line, `1 ≤ K ≤ N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, 1-based.
    pub index: u64,
    /// How many shards there are.
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("shard must be K/N with 1 ≤ K ≤ N, got {s:?}");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = k.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Whether `input` belongs to this shard: the first 8 bytes of the sha256 of its
    /// `rel` path, as a big-endian number, modulo the shard count. Every machine that
    /// sees the same corpus layout makes the same split, and adding a file to the
    /// corpus never moves the others between shards.
    pub fn contains(&self, input: &Input) -> bool {
        let digest = Sha256::digest(input.rel.as_bytes());
        let mut first = [0u8; 8];
        for (d, s) in first.iter_mut().zip(digest.iter()) {
            *d = *s;
        }
        u64::from_be_bytes(first)
            .checked_rem(self.count)
            .map(|r| r + 1)
            == Some(self.index)
    }

    /// File-name suffix of this shard's manifest: `.shard-K-of-N`.
    pub fn suffix(&self) -> String {
        format!(".shard-{}-of-{}", self.index, self.count)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn shard_parses_and_rejects() {
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/2", "3/2", "1", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_partition_the_inputs() {
        let inputs: Vec<Input> = (0..200)
            .map(|i| input(Path::new(&format!("c/{i}.pdf")), Path::new("c"), Found::Pdf))
            .collect();
        for n in 1..5 {
            let shards: Vec<Shard> = (1..=n).map(|k| Shard { index: k, count: n }).collect();
            for i in &inputs {
                assert_eq!(shards.iter().filter(|s| s.contains(i)).count(), 1);
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_walk_stops_at_symlink_loops() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir_all(a.join("b")).unwrap();
        std::fs::write(a.join("b/plan.pdf"), b"%PDF-1.4").unwrap();
        // a/b/up -> a (a loop through a parent) and a/self -> a/. (a loop onto itself)
        std::os::unix::fs::symlink(&a, a.join("b/up")).unwrap();
        std::os::unix::fs::symlink(".", a.join("self")).unwrap();
        let found = collect(std::slice::from_ref(&a));
        let pdfs: Vec<&Input> = found.iter().filter(|i| i.found == Found::Pdf).collect();
        assert_eq!(pdfs.len(), 1, "{found:?}");
        assert_eq!(pdfs[0].rel, "b/plan.pdf");
        let loops: Vec<&str> = found
            .iter()
            .filter(|i| matches!(&i.found, Found::Skipped(w) if w.contains("loop")))
            .map(|i| i.rel.as_str())
            .collect();
        assert_eq!(loops, ["b/up", "self"]);
    }

    #[test]
    fn rel_is_relative_to_the_root() {
        let i = input(Path::new("/mnt/c/a/b.pdf"), Path::new("/mnt/c"), Found::Pdf);
        assert_eq!(i.rel, "a/b.pdf");
        assert_eq!(literal_prefix(Path::new("c/*/x?.pdf")), PathBuf::from("c"));
    }
}
