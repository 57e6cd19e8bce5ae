//! Folder-wide person ids at a cost that follows what a run touched, not the folder.
//!
//! Names are grouped into people only within an ente ([`crate::people`]), so a run
//! regroups only the entes whose documents it added, extracted again or dropped, and
//! keeps every other ente's people as the folder's last run left them: their text in
//! the person index file (`people.json`), which is put together again from the kept
//! texts and the regrouped entes' new ones, never parsed or serialised whole. Where
//! each ente's part stands in that file is kept in a cache next to it:
//! `.piao-extract.people-cache{suffix}.json` (one line of JSON; `{suffix}` as the
//! manifest's), written after the manifest and the person index, holding the tool
//! version, the length and modification time of both files, and per ente scope its
//! documents' files, each person's id with the byte range of its text, and the range
//! of its lookup keys:
//!
//! ```json
//! {"tool_version":"0.1.0","manifest":{…},"people_file":{…},
//!  "entes":{"019036":{"files":["a.pdf"],"people":[["p-019036-rossi-mario",20,180]],"keys":[900,960]}}}
//! ```
//!
//! The cache is a shortcut, never a source of truth. It is removed before the person
//! index and the manifest are written and written again after them ([`forget`]), and
//! is read only while both files have the length and time it saw, so one in use
//! describes the manifest and person index there. An ente's cached part is used only
//! when its documents in the folder are the cached files and every one of its entries
//! is *settled* (kept from that manifest with the names and ids it gave them, so its
//! names are the ones the part was made from and its outputs carry their ids).
//! Anything else (no cache, another version, a file edited by hand, a killed run's
//! journal, a shard's manifest, a changed file, a dropped one) regroups that ente.
//! The joined index is the index of all the folder's names byte for byte
//! ([`PersonIndex::join`]); when two entes' ids meet, the whole folder is regrouped as
//! before and no cache is kept. Only entries of regrouped entes, and entries that are
//! not settled, are relabelled.

use super::manifest::{Entry, Paths};
use crate::error::{Error, Result};
use crate::normalize::PersonIndex;
use crate::output::TOOL_VERSION;
use crate::people::DocumentNames;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A file's length and modification time, as the cache last saw it: the cache is
/// used only while the manifest and the person index are the files it was written
/// beside (a hand edit, or a writer that knows nothing of the cache, changes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    secs: u64,
    nanos: u32,
}

impl Stamp {
    /// The stamp of the file at `path`, if it can be read.
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let time = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(Stamp {
            len: meta.len(),
            secs: time.as_secs(),
            nanos: time.subsec_nanos(),
        })
    }
}

/// Where each ente's people stand in the folder's person index file.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    /// The piao-extract version that grouped them (another version's cache is not
    /// read: its grouping rules may differ).
    tool_version: String,
    /// The manifest the cache was written after.
    manifest: Option<Stamp>,
    /// The person index file its ranges point into.
    people_file: Option<Stamp>,
    /// Ente scope → its part.
    entes: BTreeMap<String, Part>,
    /// The person index file's text, read with the cache (not stored in it).
    #[serde(skip)]
    text: String,
}

/// One ente's part of the person index file, made from its documents' names alone.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Part {
    /// The ente's documents (successful entries naming somebody), sorted: with every
    /// one of them settled, their names are the ones the part was made from.
    files: Vec<String>,
    /// Each person's id and the byte range of its text in the file.
    people: Vec<(String, usize, usize)>,
    /// The byte range of the ente's lookup keys' lines (`None`: it has none).
    keys: Option<(usize, usize)>,
}

impl Cache {
    /// The cache of the run whose files are `paths`, if there is one of this version
    /// that parses and was written beside the manifest and person index there now;
    /// the person index file is read with it.
    pub fn load(paths: &Paths) -> Option<Cache> {
        let text = std::fs::read_to_string(&paths.people_cache).ok()?;
        let mut cache: Cache = serde_json::from_str(&text).ok()?;
        let fits = cache.tool_version == TOOL_VERSION
            && cache.manifest.is_some()
            && cache.manifest == Stamp::of(&paths.manifest)
            && cache.people_file.is_some()
            && cache.people_file == Stamp::of(&paths.people);
        if !fits {
            return None;
        }
        cache.text = std::fs::read_to_string(&paths.people).ok()?;
        let len = cache.people_file.map(|s| s.len);
        (len == u64::try_from(cache.text.len()).ok()).then_some(cache)
    }

    /// Write the cache atomically, after the manifest and the person index file it
    /// goes with (their stamps are taken now).
    pub fn write(&mut self, paths: &Paths) -> Result<()> {
        self.manifest = Stamp::of(&paths.manifest);
        self.people_file = Stamp::of(&paths.people);
        let text = serde_json::to_vec(self).map_err(|e| Error::Invalid(e.to_string()))?;
        crate::output::write::atomic_write(&paths.people_cache, &text)
    }
}

/// Remove the cache at `path` before the person index and the manifest it would go
/// with are written again (by a run or by `merge`): so a cache on disk was always
/// written after the manifest there, and a run killed in between leaves none, never
/// one that describes an older manifest.
pub fn forget(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::write(path, e)),
        _ => Ok(()),
    }
}

/// The folder's person index, which entries to relabel, and the cache to keep.
#[derive(Debug)]
pub struct Regrouped {
    /// The text of the person index file (with its final line break): the index of
    /// every successful entry's names, as [`index_text`] writes it.
    pub text: String,
    /// Whether `text` is the person index file's text as the cache found it.
    pub unchanged: bool,
    /// The people of the entes regrouped (of every ente when entes' ids met): an
    /// entry to relabel is of one of them, and its ids are resolved there.
    pub people: PersonIndex,
    /// Per entry (in the order given): whether its ids may have changed.
    pub relabel: Vec<bool>,
    /// The cache of this index (`None`: entes' ids met, nothing to cache).
    pub cache: Option<Cache>,
}

/// The person index's text as `serde_json::to_string_pretty` writes it, and a line
/// break.
pub fn index_text(people: &PersonIndex) -> Result<String> {
    let text = serde_json::to_string_pretty(people).map_err(|e| Error::Invalid(e.to_string()))?;
    Ok(text + "\n")
}

/// One ente's documents (their distinct names and their files) and whether one of its
/// entries is not settled.
#[derive(Default)]
struct Ente<'a> {
    docs: BTreeSet<&'a DocumentNames>,
    files: Vec<String>,
    fresh: bool,
}

/// A piece of the person index file: a range of the old file's text, or new text.
enum Piece {
    Old(usize, usize),
    New(String),
}

/// The person index of `entries`' names, regrouping only entes that `cache` cannot
/// vouch for (see the module docs); `settled` says whether an entry's outputs carry
/// the ids of the manifest it was kept from.
pub fn folder_index(
    entries: &[Entry],
    settled: impl Fn(&Entry) -> bool,
    cache: Option<Cache>,
) -> Result<Regrouped> {
    let settled: Vec<bool> = entries.iter().map(settled).collect();
    let mut entes: BTreeMap<&str, Ente> = BTreeMap::new();
    for (e, done) in entries.iter().zip(&settled) {
        // a document naming nobody adds nothing to any ente
        if e.succeeded() && !e.names.names.is_empty() {
            let ente = entes.entry(e.names.ente.as_str()).or_default();
            ente.docs.insert(&e.names);
            ente.files.push(e.file.clone());
            ente.fresh |= !done;
        }
    }
    let (mut cached, old) = cache.map(|c| (c.entes, c.text)).unwrap_or_default();
    let mut kept: BTreeMap<&str, Part> = BTreeMap::new();
    let mut redone: BTreeMap<&str, PersonIndex> = BTreeMap::new();
    for (scope, ente) in &mut entes {
        ente.files.sort();
        match cached.remove(*scope) {
            Some(p) if !ente.fresh && p.files == ente.files && p.fits(&old) => {
                kept.insert(scope, p);
            }
            _ => {
                redone.insert(scope, crate::people::index(ente.docs.iter().copied()));
            }
        }
    }
    let joined = PersonIndex::join(redone.values())
        .filter(|_| entes.keys().all(|s| !s.contains('\t')))
        .filter(|_| ids_apart(&kept, &redone));
    let Some(people) = joined else {
        let people =
            crate::people::index(entries.iter().filter(|e| e.succeeded()).map(|e| &e.names));
        return Ok(Regrouped {
            text: index_text(&people)?,
            unchanged: false,
            people,
            relabel: vec![true; entries.len()],
            cache: None,
        });
    };
    let (text, parts) = assemble(&old, kept, &redone, &entes)?;
    Ok(Regrouped {
        unchanged: !old.is_empty() && text == old,
        text,
        relabel: entries
            .iter()
            .zip(&settled)
            .map(|(e, done)| !done || redone.contains_key(e.names.ente.as_str()))
            .collect(),
        people,
        cache: Some(Cache {
            tool_version: TOOL_VERSION.to_string(),
            manifest: None,
            people_file: None,
            entes: parts,
            text: String::new(),
        }),
    })
}

impl Part {
    /// Whether the part's ranges lie in `text` and each person's text opens with its
    /// id (a cheap check that the file is the one the part was written with).
    fn fits(&self, text: &str) -> bool {
        let person = |(id, start, end): &(String, usize, usize)| {
            let opening = text
                .get(*start..*end)
                .and_then(|t| t.strip_prefix(PERSON_HEAD));
            let quoted = serde_json::to_string(id).ok();
            opening.zip(quoted).is_some_and(|(t, q)| t.starts_with(&q))
        };
        let keys = self
            .keys
            .is_none_or(|(s, e)| text.get(s..e).is_some_and(|t| t.starts_with('"')));
        keys && self.people.iter().all(person)
    }
}

/// How a person's text opens in the person index file (serde_json's pretty layout: the
/// people array is a key of the top object, each person an item of it, two spaces a
/// level).
const PERSON_HEAD: &str = "{\n      \"id\": ";

/// The indentation of a person's lines and of the lookup keys' lines in the file.
const ITEM_INDENT: &str = "    ";

/// No id of one part is an id of another: then the parts join into the index of all
/// the folder's names ([`PersonIndex::join`]).
fn ids_apart(kept: &BTreeMap<&str, Part>, redone: &BTreeMap<&str, PersonIndex>) -> bool {
    let mut ids: Vec<&str> = kept
        .values()
        .flat_map(|p| p.people.iter().map(|(id, _, _)| id.as_str()))
        .chain(
            redone
                .values()
                .flat_map(|p| p.people.iter().map(|x| x.id.as_str())),
        )
        .collect();
    ids.sort_unstable();
    ids.windows(2).all(|w| w[0] != w[1])
}

/// The person index file's text from its parts: the people of every part in id order,
/// then the lookup keys of every part in key order. A kept part's texts are copied
/// from the old file; a regrouped part's are serialised alone and indented to their
/// place. A part's keys all start with its scope and a tab (no scope holds a tab), so
/// they follow one another in the file, in the order of that prefix. Returns the text
/// and where each part now stands in it.
fn assemble(
    old: &str,
    kept: BTreeMap<&str, Part>,
    redone: &BTreeMap<&str, PersonIndex>,
    entes: &BTreeMap<&str, Ente>,
) -> Result<(String, BTreeMap<String, Part>)> {
    let json = |e: serde_json::Error| Error::Invalid(e.to_string());
    let indent = format!("\n{ITEM_INDENT}");
    let mut people: Vec<(&str, &str, Piece)> = Vec::new();
    let mut keys: Vec<(String, &str, Piece)> = Vec::new();
    for (scope, part) in &kept {
        for (id, s, e) in &part.people {
            people.push((id, scope, Piece::Old(*s, *e)));
        }
        if let Some((s, e)) = part.keys {
            keys.push((format!("{scope}\t"), scope, Piece::Old(s, e)));
        }
    }
    for (scope, index) in redone {
        for p in &index.people {
            let alone = serde_json::to_string_pretty(p).map_err(json)?;
            people.push((&p.id, scope, Piece::New(alone.replace('\n', &indent))));
        }
        let mut lines: Vec<String> = Vec::new();
        for (key, id) in index.keys() {
            let key = serde_json::to_string(key).map_err(json)?;
            let id = serde_json::to_string(id).map_err(json)?;
            lines.push(format!("{key}: {id}"));
        }
        if !lines.is_empty() {
            keys.push((
                format!("{scope}\t"),
                scope,
                Piece::New(lines.join(&format!(",{indent}"))),
            ));
        }
    }
    people.sort_by(|a, b| a.0.cmp(b.0));
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    let mut parts: BTreeMap<String, Part> = entes
        .iter()
        .map(|(scope, ente)| {
            let part = Part {
                files: ente.files.clone(),
                people: Vec::new(),
                keys: None,
            };
            (scope.to_string(), part)
        })
        .collect();
    let mut text = String::with_capacity(old.len().max(1024));
    let put = |text: &mut String, piece: &Piece| {
        let start = text.len();
        match piece {
            Piece::Old(s, e) => text.push_str(old.get(*s..*e).unwrap_or_default()),
            Piece::New(t) => text.push_str(t),
        }
        (start, text.len())
    };
    text.push_str("{\n  \"people\": [");
    for (i, (id, scope, piece)) in people.iter().enumerate() {
        text.push_str(if i == 0 { "\n" } else { ",\n" });
        text.push_str(ITEM_INDENT);
        let (s, e) = put(&mut text, piece);
        if let Some(part) = parts.get_mut(*scope) {
            part.people.push((id.to_string(), s, e));
        }
    }
    text.push_str(if people.is_empty() { "]" } else { "\n  ]" });
    text.push_str(",\n  \"by_key\": {");
    for (i, (_, scope, piece)) in keys.iter().enumerate() {
        text.push_str(if i == 0 { "\n" } else { ",\n" });
        text.push_str(ITEM_INDENT);
        let range = put(&mut text, piece);
        if let Some(part) = parts.get_mut(*scope) {
            part.keys = Some(range);
        }
    }
    text.push_str(if keys.is_empty() { "}" } else { "\n  }" });
    text.push_str("\n}\n");
    Ok((text, parts))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::batch::manifest::Status;
    use crate::output::sink::Format;

    /// A successful entry of `ente` naming `names` (no settori).
    fn entry(file: &str, ente: &str, names: &[&str]) -> Entry {
        let mut e = Entry::bare(Path::new(file), Status::Ok, Format::Json);
        e.names = DocumentNames {
            ente: ente.into(),
            names: names
                .iter()
                .map(|n| (n.to_string(), BTreeSet::new()))
                .collect(),
        };
        e
    }

    fn corpus() -> Vec<Entry> {
        // 000 and 002 of Cremona (019036) spell Bondioni two ways; 004 is Crema's
        vec![
            entry("000.pdf", "019036", &["Bondioni Maria Chiara"]),
            entry("002.pdf", "019036", &["BONDIONI CHIARA"]),
            entry("004.pdf", "019035", &["Cervieri Stefania", "Cervieri"]),
        ]
    }

    fn index_of_all(entries: &[Entry]) -> PersonIndex {
        crate::people::index(entries.iter().filter(|e| e.succeeded()).map(|e| &e.names))
    }

    /// The text serde_json writes for the index of every entry's names.
    fn text_of_all(entries: &[Entry]) -> String {
        index_text(&index_of_all(entries)).unwrap()
    }

    /// The cache a run over `entries` leaves, with the person index file it wrote.
    fn cache_of(entries: &[Entry]) -> Cache {
        let r = folder_index(entries, |_| true, None).unwrap();
        let mut cache = r.cache.unwrap();
        cache.text = r.text;
        cache
    }

    #[test]
    fn with_no_cache_every_ente_is_grouped_and_every_entry_relabelled() {
        let entries = corpus();
        let r = folder_index(&entries, |_| true, None).unwrap();
        assert_eq!(r.people, index_of_all(&entries));
        assert_eq!(r.text, text_of_all(&entries));
        assert!(!r.unchanged);
        assert_eq!(r.relabel, vec![true; 3]);
        let cache = r.cache.unwrap();
        assert_eq!(cache.entes.keys().collect::<Vec<_>>(), ["019035", "019036"]);
    }

    /// The cache of `entries` with Crema's people renamed in the person index file
    /// (same length, so every range still fits): a run that reuses Crema's part shows
    /// the rename; one that regroups it does not.
    fn poisoned(entries: &[Entry]) -> Cache {
        let mut cache = cache_of(entries);
        let family = "\"family\": \"Cervieri\"";
        assert!(cache.text.contains(family));
        cache.text = cache.text.replace(family, "\"family\": \"POISONED\"");
        cache
    }

    fn poisoned_in(r: &Regrouped) -> bool {
        r.text.contains("POISONED")
    }

    #[test]
    fn an_untouched_ente_is_taken_from_the_cache_and_not_relabelled() {
        let mut entries = corpus();
        let cache = poisoned(&entries);
        // 002 of Cremona ran again: Cremona is regrouped, Crema kept as cached
        let r = folder_index(&entries, |e| e.file != "002.pdf", Some(cache)).unwrap();
        assert!(poisoned_in(&r));
        assert_eq!(r.relabel, [true, true, false]);
        // the regrouped ente's people are the ones relabelling resolves with
        assert!(r.people.people.iter().all(|p| p.ente == "019036"));
        // Crema's names changed: it is not settled, it is regrouped
        let cache = poisoned(&entries);
        entries[2].names.names.remove("Cervieri");
        let r = folder_index(&entries, |e| e.file != "004.pdf", Some(cache)).unwrap();
        assert!(!poisoned_in(&r));
        assert_eq!(r.relabel, [false, false, true]);
        assert_eq!(r.text, text_of_all(&entries));
    }

    #[test]
    fn kept_and_regrouped_parts_make_serde_jsons_text() {
        // names with quotes, a backslash and accents; a document with no ente; a cell
        // naming nobody; an ente that only such a cell names; a failed entry
        let mut entries = corpus();
        entries.push(entry(
            "005.pdf",
            "",
            &["D'Àlbero \"Nino\" \\ Rossi", "Bianchi Anna"],
        ));
        entries.push(entry("006.pdf", "castro", &["Tutti i dirigenti"]));
        entries.push(entry(
            "007.pdf",
            "019035",
            &["Cervieri Stefania", "Àlvarez Lùcia"],
        ));
        let mut failed = entry("008.pdf", "019036", &["Nobody Here"]);
        failed.status = crate::batch::manifest::Status::Failed;
        entries.push(failed);
        let all = text_of_all(&entries);
        let first = folder_index(&entries, |_| true, None).unwrap();
        assert_eq!(first.text, all);
        for fresh in ["000.pdf", "004.pdf", "005.pdf", "006.pdf", "none"] {
            let r = folder_index(&entries, |e| e.file != fresh, Some(cache_of(&entries))).unwrap();
            assert_eq!(r.text, all, "{fresh} run again");
            assert!(r.unchanged, "{fresh} run again");
            assert_eq!(r.cache.unwrap().entes, cache_of(&entries).entes);
        }
        // a document dropped: its ente is regrouped, the text is the index of the rest
        let cache = cache_of(&entries);
        entries.remove(1);
        let r = folder_index(&entries, |_| true, Some(cache)).unwrap();
        assert_eq!(r.text, text_of_all(&entries));
        assert_eq!(r.relabel.iter().filter(|m| **m).count(), 2);
    }

    #[test]
    fn a_part_whose_text_is_not_in_the_file_is_regrouped() {
        let entries = corpus();
        let mut cache = poisoned(&entries);
        // the file cut short: every part's keys are no longer where the cache says
        let cut = cache.text.find("p-019036").unwrap();
        cache.text.truncate(cut);
        let r = folder_index(&entries, |_| true, Some(cache)).unwrap();
        assert!(!poisoned_in(&r));
        assert_eq!(r.text, text_of_all(&entries));
        assert_eq!(r.relabel, [true, true, true]);
    }

    #[test]
    fn a_cache_is_read_only_beside_the_files_it_was_written_with() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path(), "");
        let entries = corpus();
        let r = folder_index(&entries, |_| true, None).unwrap();
        std::fs::write(&paths.manifest, "{}\n").unwrap();
        std::fs::write(&paths.people, &r.text).unwrap();
        r.cache.unwrap().write(&paths).unwrap();
        let read = Cache::load(&paths).unwrap();
        assert_eq!(read.text, r.text);
        assert_eq!(read.entes.len(), 2);
        // the manifest written again (by hand, by a build that keeps no such cache)
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&paths.manifest, "{ }\n").unwrap();
        assert!(Cache::load(&paths).is_none());
        // a cache of another layout (an earlier build's) is not read
        std::fs::write(
            &paths.people_cache,
            r#"{"tool_version":"0.1.0","entes":{}}"#,
        )
        .unwrap();
        assert!(Cache::load(&paths).is_none());
    }

    #[test]
    fn an_ente_with_an_unsettled_entry_is_regrouped_whatever_the_cache() {
        let entries = corpus();
        let cache = poisoned(&entries);
        // 004 came from a killed run's journal: written with its own ids
        let r = folder_index(&entries, |e| e.file != "004.pdf", Some(cache)).unwrap();
        assert!(!poisoned_in(&r));
        assert_eq!(r.relabel, [false, false, true]);
    }

    #[test]
    fn entes_whose_ids_meet_are_grouped_together_and_not_cached() {
        let entries = vec![
            entry("a.pdf", "castro bg", &["Rossi Mario"]),
            entry("b.pdf", "castro-bg", &["Rossi Mario"]),
        ];
        let r = folder_index(&entries, |_| true, None).unwrap();
        assert_eq!(r.people, index_of_all(&entries));
        assert_eq!(r.text, text_of_all(&entries));
        assert!(r.cache.is_none());
        assert_eq!(r.relabel, [true, true]);
    }
}
