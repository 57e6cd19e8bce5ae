//! Output paths: every one built from non-empty, sanitised parts and checked to stay
//! under the output folder before anything is written.
//!
//! A part comes from a name the tool does not control: a file name (`документ.pdf`,
//! `..pdf`, 300 characters, `Piano.pdf` beside `piano.pdf`), or a plan's metadata (an
//! ente or period string read from the PDF). [`slug`] folds it to `[a-z0-9_-]`;
//! [`input_part`] adds a short hash of the name whenever the slug lost something of it
//! (case, accents, other characters, length, or all of it), so two names never share
//! an output; [`under`] refuses a relative path that is absolute, climbs (`..`) or has
//! a part too long for a file system, whatever built it.

use crate::error::{Error, Result};
use crate::normalize::fold;
use sha2::{Digest, Sha256};
use std::path::{Component, Path, PathBuf};

/// Longest slug of one path part, in bytes. Value 80: a file name is
/// `<slug>-<hash6>-<sha8>.ndjson`, 104 bytes at most, well under the 255-byte name
/// limit of common file systems (ext4, APFS, NTFS), and a path of three such parts
/// stays readable.
pub const MAX_SLUG: usize = 80;

/// Hex digits of the name hash a lossy slug gets. Value 6: 24 bits tell apart the
/// names that fold to one slug (case, accents) with a clash chance of one in 16
/// million per pair; the content's sha256 prefix follows in the name anyway.
pub const NAME_HASH: usize = 6;

/// Longest part of a relative output path, in bytes (the common file-name limit).
pub const MAX_PART_BYTES: usize = 255;

/// `s` folded (lowercase, accents stripped) to runs of `[a-z0-9_]` joined by `-`, at
/// most [`MAX_SLUG`] bytes; `None` when nothing is left (`документ`, `..`, `""`).
pub fn slug(s: &str) -> Option<String> {
    let folded: String = fold(s)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let mut out = String::new();
    for piece in folded.split('-').filter(|p| !p.is_empty()) {
        let extra = usize::from(!out.is_empty()) + piece.len();
        if out.len() + extra > MAX_SLUG {
            let room = MAX_SLUG.saturating_sub(out.len() + usize::from(!out.is_empty()));
            if room > 0 {
                if !out.is_empty() {
                    out.push('-');
                }
                out.push_str(&piece[..room]);
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(piece);
    }
    (!out.is_empty()).then_some(out)
}

/// A folder name from metadata (ente, period): its slug, or `fallback`.
pub fn slug_or(s: &str, fallback: &str) -> String {
    slug(s).unwrap_or_else(|| fallback.to_string())
}

/// The first [`NAME_HASH`] hex digits of the sha256 of `name`.
fn name_hash(name: &str) -> String {
    Sha256::digest(name.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .chars()
        .take(NAME_HASH)
        .collect()
}

/// The part of the output names that comes from an input's name: the slug of `name`
/// when it is the name itself (`000-calc-ruled`), else the slug (or `file` when
/// nothing is left) and a hash of the name (`piano-3f9a1c` for `Piano`,
/// `file-6dcded` for `документ`).
pub fn input_part(name: &str) -> String {
    match slug(name) {
        Some(s) if s == name => s,
        Some(s) => format!("{s}-{}", name_hash(name)),
        None => format!("file-{}", name_hash(name)),
    }
}

/// An input's name for its outputs: its path relative to its input root, without
/// the `.pdf` / `.pdf.p7m` ending, folders joined by `-` (`cremona/piao-2025.pdf` →
/// `cremona-piao-2025`): two copies of one PDF in two folders get two outputs.
pub fn input_stem(rel: &str) -> String {
    let lower = rel.to_ascii_lowercase();
    let mut end = rel.len();
    for ext in [".p7m", ".pdf"] {
        if lower[..end].ends_with(ext) {
            end -= ext.len();
        }
    }
    let name = rel.get(..end).unwrap_or(rel).replace(['/', '\\'], "-");
    input_part(&name)
}

/// `dir` joined with `rel`, once `rel` is checked: relative, no `..`, no root or
/// prefix, no empty or over-long part. Every output is placed through here.
pub fn under(dir: &Path, rel: &str) -> Result<PathBuf> {
    let bad = |why: &str| {
        Error::Write(format!(
            "{rel:?}: {why} (outputs stay under {})",
            dir.display()
        ))
    };
    let path = Path::new(rel);
    if rel.is_empty() {
        return Err(bad("empty output path"));
    }
    for c in path.components() {
        match c {
            Component::Normal(part) if part.len() <= MAX_PART_BYTES => {}
            Component::Normal(_) => return Err(bad("a part longer than 255 bytes")),
            _ => return Err(bad("not a plain relative path")),
        }
    }
    Ok(dir.join(path))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_give_safe_distinct_parts() {
        let rows = [
            ("000-calc-ruled", "000-calc-ruled"), // a fixture: unchanged
            ("документ", "file-"),                // no Latin letter: hashed fallback
            ("..", "file-"),
            (".", "file-"),
            ("", "file-"),
            ("Piano", "piano-"),
            ("piano", "piano"),
            ("Città", "citta-"),
            ("a/../../b", "a-b-"),
        ];
        for (name, starts) in rows {
            let p = input_part(name);
            assert!(p.starts_with(starts), "{name:?} -> {p}");
            assert!(!p.is_empty() && !p.contains(['/', '.']), "{name:?} -> {p}");
        }
        // differ only in case or accents: apart
        assert_ne!(input_part("Piano"), input_part("piano"));
        assert_ne!(input_part("Città"), input_part("Citta"));
        assert_ne!(input_part("документ"), input_part("отчёт"));
        // 300 characters: cut, still distinct
        let long_a = "a".repeat(300);
        let long_b = format!("{}b", "a".repeat(299));
        assert!(input_part(&long_a).len() <= MAX_SLUG + 1 + NAME_HASH);
        assert_ne!(input_part(&long_a), input_part(&long_b));
    }

    #[test]
    fn input_stems_keep_folders_apart() {
        assert_eq!(input_stem("000-calc-ruled.pdf"), "000-calc-ruled");
        assert_eq!(input_stem("cremona/piao-2025.pdf"), "cremona-piao-2025");
        assert_eq!(input_stem("x.pdf.p7m"), "x");
        assert_ne!(input_stem("a/plan.pdf"), input_stem("b/plan.pdf"));
    }

    #[test]
    fn under_refuses_what_leaves_the_folder() {
        let dir = Path::new("/out");
        assert_eq!(
            under(dir, "a/b.json").unwrap(),
            PathBuf::from("/out/a/b.json")
        );
        for bad in [
            "",
            "/etc/x",
            "../x",
            "a/../../x",
            "./x/..",
            &"a".repeat(256),
        ] {
            assert!(under(dir, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn metadata_slugs_are_never_empty() {
        assert_eq!(slug_or("Comune di Cremona", "x"), "comune-di-cremona");
        assert_eq!(slug_or("../../etc", "x"), "etc");
        assert_eq!(slug_or("///", "unknown"), "unknown");
        assert_eq!(slug("a".repeat(200).as_str()).unwrap().len(), MAX_SLUG);
    }
}
