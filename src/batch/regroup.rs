//! Folder-wide person ids at a cost that follows what a run touched, not the folder.
//!
//! Names are grouped into people only within an ente ([`crate::people`]), so a run
//! regroups only the entes whose documents it added, extracted again or dropped, and
//! keeps every other ente's people as the folder's last run left them. Those are kept
//! in a cache next to `people.json`: `.piao-extract.people-cache{suffix}.json` (one
//! line of JSON; `{suffix}` as the manifest's), written after the manifest, holding the
//! tool version and, per ente scope, a digest of the ente's documents' names and the
//! index made from them alone:
//!
//! ```json
//! {"tool_version":"0.1.0","entes":{"019036":{"names":"<sha256>","people":{…}}}}
//! ```
//!
//! The cache is a shortcut, never a source of truth. It is removed before the person
//! index and the manifest are written and written again after them ([`forget`]), so
//! one on disk describes the manifest there. An ente's cached people are used only
//! when the names of its documents in the folder now have the cached digest (then
//! they are the names that manifest held for the ente) and every one of its entries
//! is *settled* (kept from that manifest with the names and ids it gave them, so its
//! outputs already carry the ids of those names). Anything else (no cache, another version, a killed run's journal, a
//! shard's manifest, a changed file, a dropped one) regroups that ente. The joined
//! index is the index of all the folder's names byte for byte ([`PersonIndex::join`]);
//! when two entes' ids meet, the whole folder is regrouped as before and no cache is
//! kept. Only entries of regrouped entes, and entries that are not settled, are
//! relabelled.

use super::manifest::Entry;
use crate::error::{Error, Result};
use crate::normalize::PersonIndex;
use crate::output::TOOL_VERSION;
use crate::people::DocumentNames;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The cached people of each ente scope of a folder.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    /// The piao-extract version that grouped them (another version's cache is not
    /// read: its grouping rules may differ).
    tool_version: String,
    /// Ente scope → its part.
    entes: BTreeMap<String, Part>,
}

/// One ente's people, made from its documents' names alone.
#[derive(Debug, Serialize, Deserialize)]
struct Part {
    /// [`digest`] of the ente's documents' names.
    names: String,
    /// The index of those names.
    people: PersonIndex,
}

impl Cache {
    /// The cache at `path`, if there is one of this version that parses. Read as a
    /// `String`, its UTF-8 checked once: `from_slice` checks every string again, one
    /// call each (2,300 calls, 0.2 M of the 1.1 M parse in a folder of 72 documents:
    /// docs/speed-rounds.md, round 14, fold15).
    pub fn load(path: &Path) -> Option<Cache> {
        let text = std::fs::read_to_string(path).ok()?;
        let cache: Cache = serde_json::from_str(&text).ok()?;
        (cache.tool_version == TOOL_VERSION).then_some(cache)
    }

    /// Write the cache atomically, after the manifest it goes with.
    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_vec(self).map_err(|e| Error::Invalid(e.to_string()))?;
        crate::output::write::atomic_write(path, &text)
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
    /// The index of every successful entry's names.
    pub people: PersonIndex,
    /// Per entry (in the order given): whether its ids may have changed.
    pub relabel: Vec<bool>,
    /// The cache of this index (`None`: entes' ids met, nothing to cache).
    pub cache: Option<Cache>,
}

/// One ente's documents (their distinct names) and whether one of its entries is not
/// settled.
#[derive(Default)]
struct Ente<'a> {
    docs: BTreeSet<&'a DocumentNames>,
    fresh: bool,
}

/// The person index of `entries`' names, regrouping only entes that `cache` cannot
/// vouch for (see the module docs); `settled` says whether an entry's outputs carry
/// the ids of the manifest it was kept from.
pub fn folder_index(
    entries: &[Entry],
    settled: impl Fn(&Entry) -> bool,
    cache: Option<Cache>,
) -> Regrouped {
    let settled: Vec<bool> = entries.iter().map(settled).collect();
    let mut entes: BTreeMap<&str, Ente> = BTreeMap::new();
    for (e, done) in entries.iter().zip(&settled) {
        // a document naming nobody adds nothing to any ente
        if e.succeeded() && !e.names.names.is_empty() {
            let ente = entes.entry(e.names.ente.as_str()).or_default();
            ente.docs.insert(&e.names);
            ente.fresh |= !done;
        }
    }
    let mut cached = cache.map(|c| c.entes).unwrap_or_default();
    let mut parts: BTreeMap<String, Part> = BTreeMap::new();
    let mut redone: BTreeSet<&str> = BTreeSet::new();
    for (scope, ente) in &entes {
        let names = digest(&ente.docs);
        let part = match cached.remove(*scope) {
            Some(p) if !ente.fresh && p.names == names => p,
            _ => {
                redone.insert(scope);
                let people = crate::people::index(ente.docs.iter().copied());
                Part { names, people }
            }
        };
        parts.insert(scope.to_string(), part);
    }
    match PersonIndex::join(parts.values().map(|p| &p.people)) {
        Some(people) => Regrouped {
            people,
            relabel: entries
                .iter()
                .zip(&settled)
                .map(|(e, done)| !done || redone.contains(e.names.ente.as_str()))
                .collect(),
            cache: Some(Cache {
                tool_version: TOOL_VERSION.to_string(),
                entes: parts,
            }),
        },
        None => Regrouped {
            people: crate::people::index(
                entries.iter().filter(|e| e.succeeded()).map(|e| &e.names),
            ),
            relabel: vec![true; entries.len()],
            cache: None,
        },
    }
}

/// sha256 of an ente's documents' names, each distinct document once, in order:
/// what its index is a function of.
fn digest(docs: &BTreeSet<&DocumentNames>) -> String {
    let mut bytes = Vec::new();
    for d in docs {
        // serialising a map of strings cannot fail
        if let Ok(text) = serde_json::to_vec(d) {
            bytes.extend(text);
        }
        bytes.push(b'\n');
    }
    crate::extract::sha256_hex(&bytes)
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
        crate::people::index(entries.iter().map(|e| &e.names))
    }

    #[test]
    fn with_no_cache_every_ente_is_grouped_and_every_entry_relabelled() {
        let entries = corpus();
        let r = folder_index(&entries, |_| true, None);
        assert_eq!(r.people, index_of_all(&entries));
        assert_eq!(r.relabel, vec![true; 3]);
        let cache = r.cache.unwrap();
        assert_eq!(cache.entes.keys().collect::<Vec<_>>(), ["019035", "019036"]);
    }

    /// The cache of `entries` with Crema's people renamed: a run that reuses Crema's
    /// part shows the rename; one that regroups it does not.
    fn poisoned(entries: &[Entry]) -> Cache {
        let mut cache = folder_index(entries, |_| true, None).cache.unwrap();
        let crema = cache.entes.get_mut("019035").unwrap();
        crema.people.people[0].family = "POISON".into();
        cache
    }

    fn crema_family(r: &Regrouped) -> &str {
        let p = r.people.people.iter().find(|p| p.ente == "019035").unwrap();
        p.family.as_str()
    }

    #[test]
    fn an_untouched_ente_is_taken_from_the_cache_and_not_relabelled() {
        let mut entries = corpus();
        let cache = poisoned(&entries);
        // 002 of Cremona ran again: Cremona is regrouped, Crema kept as cached
        let r = folder_index(&entries, |e| e.file != "002.pdf", Some(cache));
        assert_eq!(crema_family(&r), "POISON");
        assert_eq!(r.relabel, [true, true, false]);
        // Crema's names changed: its digest no longer fits, it is regrouped
        let cache = poisoned(&entries);
        entries[2].names.names.remove("Cervieri");
        let r = folder_index(&entries, |_| true, Some(cache));
        assert_eq!(crema_family(&r), "Cervieri");
        assert_eq!(r.relabel, [false, false, true]);
        assert_eq!(r.people, index_of_all(&entries));
    }

    #[test]
    fn an_ente_with_an_unsettled_entry_is_regrouped_whatever_the_cache() {
        let entries = corpus();
        let cache = poisoned(&entries);
        // 004 came from a killed run's journal: written with its own ids
        let r = folder_index(&entries, |e| e.file != "004.pdf", Some(cache));
        assert_eq!(crema_family(&r), "Cervieri");
        assert_eq!(r.relabel, [false, false, true]);
    }

    #[test]
    fn entes_whose_ids_meet_are_grouped_together_and_not_cached() {
        let entries = vec![
            entry("a.pdf", "castro bg", &["Rossi Mario"]),
            entry("b.pdf", "castro-bg", &["Rossi Mario"]),
        ];
        let r = folder_index(&entries, |_| true, None);
        assert_eq!(r.people, index_of_all(&entries));
        assert!(r.cache.is_none());
        assert_eq!(r.relabel, [true, true]);
    }
}
