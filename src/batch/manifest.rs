//! The run manifest (`DIR/manifest.json`) and its journal.
//!
//! While a run goes on, each finished file appends one line to the journal
//! (`DIR/manifest.journal.ndjson`), after its outputs are in place; at the end the
//! whole manifest is written atomically and the journal removed. A killed run leaves
//! the journal: the next run reads it with the manifests, so every file finished
//! before the kill is up to date. A line torn by the kill does not parse and is
//! ignored (that file is simply processed again). A run of one input keeps no journal:
//! its manifest follows its outputs at once.

use super::Format;
use crate::error::{Error, Result};
use crate::output::write;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use crate::output::TOOL_VERSION;

/// What became of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Extracted, objectives found, outputs written.
    Ok,
    /// Extracted, no objectives found; outputs written with a notice.
    NoObjectives,
    /// Could not be processed; `error` says why.
    Failed,
    /// Not a PDF: not processed, not a failure.
    Skipped,
}

/// Why an input failed (or was skipped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// Stable kind name ([`Error::kind`]), or `skipped`.
    pub kind: String,
    /// One line.
    pub message: String,
    /// The exit status a run of this file alone ends with.
    pub exit_status: i32,
}

impl From<&Error> for ErrorInfo {
    fn from(e: &Error) -> Self {
        ErrorInfo {
            kind: e.kind().to_string(),
            message: crate::error::first_line(&e.to_string()),
            exit_status: e.exit_code(),
        }
    }
}

/// Milliseconds spent on one input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timings {
    /// Reading and hashing the file.
    pub read_ms: u64,
    /// Extraction (PDF to plan).
    pub extract_ms: u64,
    /// Rendering, validating and writing the outputs.
    pub write_ms: u64,
    /// All of it.
    pub total_ms: u64,
}

/// One input's line in the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The input path as found.
    pub file: String,
    /// sha256 of its bytes (absent when it could not be read).
    pub sha256: Option<String>,
    /// What became of it.
    pub status: Status,
    /// Why it failed or was skipped.
    pub error: Option<ErrorInfo>,
    /// Output files, relative to the output folder, sorted.
    pub outputs: Vec<String>,
    /// Pages in the document.
    pub pages: Option<usize>,
    /// Records (indicators) extracted.
    pub records: Option<usize>,
    /// Every dirigente name as printed in the document → the person id its outputs
    /// carry (`null`: not a name). Ids are run-wide (see `batch` module docs).
    pub dirigente_ids: BTreeMap<String, Option<String>>,
    /// What the run's person index is made of for this document: the ente scope of
    /// its ids and its names with the settori printed for them
    /// ([`crate::people::DocumentNames`]).
    #[serde(default)]
    pub names: crate::people::DocumentNames,
    /// The output format the outputs are in.
    pub format: Format,
    /// The piao-extract version that wrote the outputs.
    pub tool_version: String,
    /// True when this run found the outputs up to date and did not extract again.
    pub up_to_date: bool,
    /// Time spent in this run.
    pub timings: Timings,
    /// Who signed the input, when it was a signed envelope (`.p7m`; not verified).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<crate::envelope::Signer>,
}

impl Entry {
    /// An entry with no outputs.
    pub fn bare(file: &Path, status: Status, format: Format) -> Self {
        Entry {
            file: file.display().to_string(),
            sha256: None,
            status,
            error: None,
            outputs: Vec::new(),
            pages: None,
            records: None,
            dirigente_ids: BTreeMap::new(),
            names: crate::people::DocumentNames::default(),
            format,
            tool_version: TOOL_VERSION.to_string(),
            up_to_date: false,
            timings: Timings::default(),
            signer: None,
        }
    }

    /// Whether the outputs were written (`ok` or `no_objectives`).
    pub fn succeeded(&self) -> bool {
        matches!(self.status, Status::Ok | Status::NoObjectives)
    }

    /// The exit status of a run of this file alone.
    pub fn exit_status(&self) -> i32 {
        match (&self.status, &self.error) {
            (Status::Ok, _) => 0,
            (Status::NoObjectives, _) => Error::NoObjectives.exit_code(),
            (_, Some(e)) => e.exit_status,
            (_, None) => Error::Invalid(String::new()).exit_code(),
        }
    }
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Inputs listed.
    pub files: usize,
    /// Inputs with objectives.
    pub ok: usize,
    /// Inputs read without objectives.
    pub no_objectives: usize,
    /// Inputs that failed.
    pub failed: usize,
    /// Inputs that are not PDFs.
    pub skipped: usize,
    /// Of `ok` and `no_objectives`: not extracted again, outputs up to date.
    pub up_to_date: usize,
    /// Pages of the successful inputs.
    pub pages: usize,
    /// Records of the successful inputs.
    pub records: usize,
    /// Wall time of the run.
    pub wall_ms: u64,
}

impl Summary {
    /// Totals over `entries`.
    pub fn of(entries: &[Entry], wall_ms: u64) -> Self {
        let mut s = Summary {
            files: entries.len(),
            wall_ms,
            ..Summary::default()
        };
        for e in entries {
            match e.status {
                Status::Ok => s.ok += 1,
                Status::NoObjectives => s.no_objectives += 1,
                Status::Failed => s.failed += 1,
                Status::Skipped => s.skipped += 1,
            }
            s.up_to_date += usize::from(e.up_to_date);
            s.pages += e.pages.unwrap_or(0);
            s.records += e.records.unwrap_or(0);
        }
        s
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.wall_ms as f64 / 1000.0;
        write!(
            f,
            "{} files: {} ok, {} no objectives, {} failed, {} skipped as not PDF \
             ({} up to date); {} pages, {} records in {secs:.1} s",
            self.files,
            self.ok,
            self.no_objectives,
            self.failed,
            self.skipped,
            self.up_to_date,
            self.pages,
            self.records,
        )
    }
}

/// The whole manifest file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `piao-extract`.
    pub tool: String,
    /// [`TOOL_VERSION`].
    pub tool_version: String,
    /// Output format of the run.
    pub format: Format,
    /// `K/N` when the run was one shard.
    pub shard: Option<String>,
    /// One entry per input, sorted by file.
    pub files: Vec<Entry>,
    /// Totals.
    pub summary: Summary,
}

/// Where a run's manifest, journal and person index live: `manifest{suffix}.json`,
/// `manifest{suffix}.journal.ndjson`, `people{suffix}.json`, with suffix
/// `.shard-K-of-N` for a shard, so shards never write the same file.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The manifest.
    pub manifest: PathBuf,
    /// The journal.
    pub journal: PathBuf,
    /// The person index.
    pub people: PathBuf,
    /// The cache of each ente's people ([`super::regroup`]).
    pub people_cache: PathBuf,
}

impl Paths {
    /// The paths in `dir` for a run with this suffix.
    pub fn new(dir: &Path, suffix: &str) -> Self {
        Paths {
            manifest: dir.join(format!("manifest{suffix}.json")),
            journal: dir.join(format!("manifest{suffix}.journal.ndjson")),
            people: dir.join(format!("people{suffix}.json")),
            people_cache: dir.join(format!(".piao-extract.people-cache{suffix}.json")),
        }
    }
}

/// Entries of earlier runs in the output folder, by file: from every manifest and
/// journal there (those of other shards too, so that a run without `--shard` finds
/// the shards' work up to date). Manifests are read oldest first and journals last,
/// so the newest word on a file wins.
#[derive(Debug, Default)]
pub struct Previous {
    by_file: BTreeMap<String, (Entry, PathBuf)>,
    /// The text of each entry read from a manifest this version wrote, as it stands
    /// in that file, by file ([`entry_texts`]): an entry a run keeps unchanged is
    /// written back from it ([`finish`]) instead of being serialised again.
    texts: BTreeMap<String, (usize, std::ops::Range<usize>)>,
    /// The manifests' texts `texts` points into (read once, never copied per entry).
    sources: Vec<String>,
    /// The manifest and journal files read.
    pub files: Vec<PathBuf>,
}

/// Whether `p`'s name is `manifest…{end}`.
fn is_manifest(p: &Path, end: &str) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("manifest") && n.ends_with(end))
}

/// Files of `dir` oldest first (by modification time, then name).
fn by_age(dir: &Path, end: &str) -> Vec<PathBuf> {
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| is_manifest(p, end))
                .map(|p| {
                    let t = std::fs::metadata(&p)
                        .and_then(|m| m.modified())
                        .unwrap_or(std::time::UNIX_EPOCH);
                    (t, p)
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found.into_iter().map(|(_, p)| p).collect()
}

impl Previous {
    /// Read every `manifest*.json` and `manifest*.journal.ndjson` of `dir`.
    pub fn load(dir: &Path) -> Self {
        let mut prev = Previous::default();
        let journals = by_age(dir, ".journal.ndjson");
        for p in by_age(dir, ".json") {
            prev.read_manifest(&p);
        }
        for p in journals {
            prev.read_journal(&p);
        }
        prev
    }

    fn read_manifest(&mut self, path: &Path) {
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        if let Ok(m) = serde_json::from_str::<Manifest>(&text) {
            self.files.push(path.to_path_buf());
            let texts = match m.tool_version == TOOL_VERSION {
                true => entry_texts(&text, &m.files),
                false => None,
            };
            let source = self.sources.len();
            let mut texts = texts.into_iter().flatten();
            for e in m.files {
                match texts.next() {
                    Some(t) => self.texts.insert(e.file.clone(), (source, t)),
                    None => self.texts.remove(&e.file),
                };
                self.by_file.insert(e.file.clone(), (e, path.to_path_buf()));
            }
            self.sources.push(text);
        }
    }

    fn read_journal(&mut self, path: &Path) {
        let Ok(text) = std::fs::read_to_string(path) else {
            return;
        };
        self.files.push(path.to_path_buf());
        for e in text
            .lines()
            .filter_map(|l| serde_json::from_str::<Entry>(l).ok())
        {
            self.texts.remove(&e.file);
            self.by_file.insert(e.file.clone(), (e, path.to_path_buf()));
        }
    }

    /// The text `manifest` holds for `e`, when `e` is the entry read from it unchanged
    /// (same value: its serialisation is that text).
    fn text_of(&self, e: &Entry, manifest: &Path) -> Option<&str> {
        let (prev, origin) = self.by_file.get(&e.file)?;
        let (source, range) = self.texts.get(&e.file)?;
        let text = self.sources.get(*source)?.get(range.clone())?;
        let complete = DEFAULTED_KEYS
            .iter()
            .all(|k| text.contains(&format!("\n{ENTRY_INDENT}  \"{k}\": ")));
        (origin == manifest && prev == e && complete).then_some(text)
    }

    /// Whether no earlier entry was found.
    pub fn is_empty(&self) -> bool {
        self.by_file.is_empty()
    }

    /// The earlier entry of `file`, if any.
    pub fn get(&self, file: &str) -> Option<&Entry> {
        self.by_file.get(file).map(|(e, _)| e)
    }

    /// The earlier entry of `file` with the manifest or journal it was read from.
    pub fn origin(&self, file: &str) -> Option<(&Entry, &Path)> {
        self.by_file.get(file).map(|(e, p)| (e, p.as_path()))
    }

    /// Every earlier entry with the manifest or journal it was read from.
    pub fn entries(&self) -> impl Iterator<Item = (&Entry, &Path)> {
        self.by_file.values().map(|(e, p)| (e, p.as_path()))
    }

    /// The earlier entry whose outputs hold input `file` with these bytes, if they can
    /// be kept. Up to date is decided by content: same sha256, same tool version,
    /// same format, succeeded, every output still there; and the entry is this input
    /// (same path string, or a path that is the same file on disk: `/abs/corpus/x.pdf`
    /// and `corpus/x.pdf`, or one that no longer exists: a corpus moved). A copy at
    /// another path that still exists is another input, with outputs of its own.
    pub fn reusable(&self, file: &str, sha256: &str, format: Format, dir: &Path) -> Option<&Entry> {
        let fits = |e: &Entry| {
            e.succeeded()
                && e.sha256.as_deref() == Some(sha256)
                && e.tool_version == TOOL_VERSION
                && e.format == format
                && e.outputs
                    .iter()
                    .all(|o| crate::output::path::under(dir, o).is_ok_and(|p| written(&p)))
        };
        if let Some(e) = self.get(file) {
            return fits(e).then_some(e);
        }
        let here = std::fs::canonicalize(file).ok();
        self.by_file.values().map(|(e, _)| e).find(|e| {
            fits(e)
                && match std::fs::canonicalize(&e.file) {
                    Ok(there) => here.as_ref() == Some(&there),
                    Err(_) => !Path::new(&e.file).exists(),
                }
        })
    }
}

/// The append-only journal of a running batch.
#[derive(Debug)]
pub struct Journal {
    file: Mutex<std::fs::File>,
}

impl Journal {
    /// Open (create or append to) the journal at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(Journal {
            file: Mutex::new(file),
        })
    }

    /// Append one entry as one line, in one write (flushed to disk when writes are
    /// [`durable`](crate::output::write::durable)).
    pub fn append(&self, entry: &Entry) -> Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(|e| Error::Invalid(e.to_string()))?;
        line.push(b'\n');
        let mut f = self.file.lock().unwrap_or_else(|e| e.into_inner());
        f.write_all(&line)?;
        if crate::output::write::durable() {
            f.sync_data()?;
        }
        Ok(())
    }
}

/// An output a previous run wrote: a file with something in it. Outputs are not
/// flushed to disk one by one (see [`crate::output::write::durable`]), so after a power
/// loss a renamed output may be there but empty: that one is made again. (Every
/// output has content: a CSV its header, a document its keys.)
fn written(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() > 0)
}

/// Keys of an entry that parse when absent (`#[serde(default)]`) yet are always
/// written: a text without one (a manifest of a build before the key existed, same
/// version number) is not the entry's serialisation and is not copied. (`signer`,
/// also defaulted, is written only when present, so its absence is its value.)
const DEFAULTED_KEYS: &[&str] = &["names"];

/// Indentation of an entry's lines in the manifest: `files` is a key of the top
/// object, each entry an item of its array (serde_json's pretty layout, two spaces a
/// level).
const ENTRY_INDENT: &str = "    ";

/// Where each entry's text is in `text`, a manifest this version wrote in its pretty
/// layout, in the order of `files` (the entries parsed from it), or `None` when the
/// text is not laid out so (written by hand, by another tool). The entries follow
/// the line `  "files": [`; each runs from a line `    {` to the next line `    }`,
/// the next one starting on the line after: a string holds no raw line break and
/// everything inside an entry is indented deeper, so no other line is so. Each text
/// must open with its entry's `file`, so a text is never paired with another entry.
/// An entry's end is found by a `char` search for `}` (word at a time, a few per
/// entry): a substring search or a walk over every line cost more than half the
/// serialising it saves.
fn entry_texts(text: &str, files: &[Entry]) -> Option<Vec<std::ops::Range<usize>>> {
    let array = "\n  \"files\": [\n";
    let next = format!(",\n{ENTRY_INDENT}");
    let head = format!("{{\n{ENTRY_INDENT}  \"file\": ");
    let line_start = format!("\n{ENTRY_INDENT}");
    let mut start = text.find(array)? + array.len() + ENTRY_INDENT.len();
    let mut out = Vec::with_capacity(files.len());
    for (i, e) in files.iter().enumerate() {
        if i > 0 {
            start += next.len();
        }
        let item = text.get(start..)?.strip_prefix(&head)?;
        if !item.starts_with(&serde_json::to_string(&e.file).ok()?) {
            return None;
        }
        let mut from = start;
        let end = loop {
            let close = from + text.get(from..)?.find('}')?;
            if text.get(..close)?.ends_with(&line_start) {
                break close + 1;
            }
            from = close + 1;
        };
        out.push(start..end);
        start = end;
        if i + 1 < files.len() && !text.get(end..)?.starts_with(&next) {
            return None;
        }
    }
    Some(out)
}

/// `manifest` as `serde_json::to_string_pretty` writes it (and a line break), each entry that
/// `previous` read unchanged from the same file copied from its text there: a run
/// adding one file to a folder of many serialises one entry, not all of them
/// (docs/speed-rounds.md, round 14, fold15). The other entries are serialised alone
/// and indented to their place; the rest of the manifest is serialised with an empty
/// `files` array, into which the entries are put.
fn manifest_text(manifest: &Manifest, previous: Option<&Previous>, path: &Path) -> Result<String> {
    let json = |e: serde_json::Error| Error::Invalid(e.to_string());
    let frame = serde_json::to_string_pretty(&manifest.clone_frame()).map_err(json)?;
    if manifest.files.is_empty() {
        return Ok(frame + "\n");
    }
    let empty = "\n  \"files\": [],\n";
    let at = frame
        .find(empty)
        .ok_or_else(|| Error::Invalid("manifest layout: no files array".into()))?;
    // entries of the plans measured are 1–2 KB; the final line break too
    let mut text = String::with_capacity(frame.len() + manifest.files.len() * 2048 + 1);
    text.push_str(&frame[..at]);
    text.push_str("\n  \"files\": [");
    for (i, e) in manifest.files.iter().enumerate() {
        text.push_str(if i == 0 { "\n" } else { ",\n" });
        text.push_str(ENTRY_INDENT);
        match previous.and_then(|p| p.text_of(e, path)) {
            Some(kept) => text.push_str(kept),
            None => {
                let alone = serde_json::to_string_pretty(e).map_err(json)?;
                text.push_str(&alone.replace('\n', &format!("\n{ENTRY_INDENT}")));
            }
        }
    }
    text.push_str("\n  ],\n");
    text.push_str(&frame[at + empty.len()..]);
    text.push('\n');
    Ok(text)
}

impl Manifest {
    /// Every field but `files` (left empty).
    fn clone_frame(&self) -> Manifest {
        Manifest {
            tool: self.tool.clone(),
            tool_version: self.tool_version.clone(),
            format: self.format,
            shard: self.shard.clone(),
            files: Vec::new(),
            summary: self.summary.clone(),
        }
    }
}

/// Write the manifest atomically, then remove the journal it replaces. `previous`:
/// the entries read from the folder at the run's start, whose unchanged entries are
/// copied as they stand (by the private `manifest_text`).
pub fn finish(paths: &Paths, manifest: &Manifest, previous: Option<&Previous>) -> Result<()> {
    let text = manifest_text(manifest, previous, &paths.manifest)?;
    write::atomic_write_kept(&paths.manifest, text.as_bytes())?;
    match std::fs::remove_file(&paths.journal) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::Io(e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Entries with what their text can hold: an error, names with settori and
    /// accents, quotes and a backslash, a signer, a `null` id.
    fn entries() -> Vec<Entry> {
        let mut ok = Entry::bare(
            Path::new("plans/a \"b\" \\ è.pdf"),
            Status::Ok,
            Format::Json,
        );
        ok.sha256 = Some("ab".repeat(32));
        ok.outputs = vec!["a.json".into()];
        ok.pages = Some(3);
        ok.records = Some(7);
        ok.names.ente = "019036".into();
        ok.names.names.insert(
            "Rossi Mario".into(),
            ["Settore Affari Generali".to_string()].into(),
        );
        ok.names
            .names
            .insert("Ufficio Tecnico".into(), Default::default());
        ok.dirigente_ids
            .insert("Rossi Mario".into(), Some("019036-rossi-mario".into()));
        ok.dirigente_ids.insert("Ufficio Tecnico".into(), None);
        ok.up_to_date = true;
        ok.signer = Some(crate::envelope::Signer {
            subject: Some("CN=Rossi Mario,O=Comune".into()),
            signing_time: None,
            envelopes: 2,
        });
        let mut failed = Entry::bare(Path::new("b.pdf"), Status::Failed, Format::Json);
        failed.error = Some(ErrorInfo {
            kind: "encrypted".into(),
            message: "the PDF is encrypted".into(),
            exit_status: 4,
        });
        failed.timings.total_ms = 12;
        let skipped = Entry::bare(Path::new("c.txt"), Status::Skipped, Format::Json);
        vec![ok, failed, skipped]
    }

    fn manifest(files: Vec<Entry>) -> Manifest {
        let summary = Summary::of(&files, 40);
        Manifest {
            tool: "piao-extract".into(),
            tool_version: TOOL_VERSION.into(),
            format: Format::Json,
            shard: Some("1/2".into()),
            files,
            summary,
        }
    }

    fn pretty(m: &Manifest) -> String {
        serde_json::to_string_pretty(m).unwrap() + "\n"
    }

    #[test]
    fn the_manifest_text_is_serde_jsons_pretty_text() {
        let path = Path::new("manifest.json");
        for n in 0..=3 {
            let m = manifest(entries().into_iter().take(n).collect());
            assert_eq!(manifest_text(&m, None, path).unwrap(), pretty(&m));
        }
    }

    #[test]
    fn unchanged_entries_are_copied_from_the_manifest_and_changed_ones_serialised() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path(), "");
        let first = manifest(entries());
        finish(&paths, &first, None).unwrap();
        let previous = Previous::load(dir.path());
        // every entry's text was found, and is the one of its own entry
        assert_eq!(previous.texts.len(), first.files.len());
        for e in &first.files {
            let text = previous.text_of(e, &paths.manifest).unwrap();
            let alone = serde_json::to_string_pretty(e).unwrap();
            assert_eq!(text, alone.replace('\n', "\n    "));
        }
        // one entry changed, one added: the text is still serde_json's
        let mut files = entries();
        files[1].timings.total_ms = 0;
        files.push(Entry::bare(
            Path::new("d.pdf"),
            Status::Skipped,
            Format::Json,
        ));
        let second = manifest(files);
        assert!(
            previous
                .text_of(&second.files[1], &paths.manifest)
                .is_none()
        );
        let text = manifest_text(&second, Some(&previous), &paths.manifest).unwrap();
        assert_eq!(text, pretty(&second));
        // another manifest's entries are not copied
        let other = dir.path().join("manifest.shard-1-of-2.json");
        assert!(previous.text_of(&second.files[0], &other).is_none());
    }

    #[test]
    fn an_entry_text_without_a_defaulted_key_is_not_copied() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path(), "");
        let m = manifest(entries());
        finish(&paths, &m, None).unwrap();
        // the manifest of a build before `names`: the key removed from every entry
        let text = std::fs::read_to_string(&paths.manifest).unwrap();
        let mut old: Vec<String> = Vec::new();
        let mut skip = false;
        for line in text.lines() {
            if line.starts_with("      \"names\": ") {
                skip = !line.ends_with("},");
                continue;
            }
            if skip {
                skip = line != "      },";
                continue;
            }
            old.push(line.to_string());
        }
        std::fs::write(&paths.manifest, old.join("\n") + "\n").unwrap();
        let previous = Previous::load(dir.path());
        let read = previous.get("b.pdf").unwrap();
        assert_eq!(read.names, crate::people::DocumentNames::default());
        assert_eq!(previous.texts.len(), 3);
        let files: Vec<Entry> = m
            .files
            .iter()
            .map(|e| previous.get(&e.file).unwrap().clone())
            .collect();
        assert!(
            files
                .iter()
                .all(|e| previous.text_of(e, &paths.manifest).is_none())
        );
        let again = manifest(files);
        let text = manifest_text(&again, Some(&previous), &paths.manifest).unwrap();
        assert_eq!(text, pretty(&again));
    }

    #[test]
    fn a_manifest_not_in_the_pretty_layout_lends_no_text() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path(), "");
        let m = manifest(entries());
        std::fs::write(&paths.manifest, serde_json::to_vec(&m).unwrap()).unwrap();
        let previous = Previous::load(dir.path());
        assert_eq!(
            previous.get("b.pdf").map(|e| e.status),
            Some(Status::Failed)
        );
        assert!(previous.text_of(&m.files[0], &paths.manifest).is_none());
        let text = manifest_text(&m, Some(&previous), &paths.manifest).unwrap();
        assert_eq!(text, pretty(&m));
    }
}
