//! One id per person within an ente, grouped by a blocking key, never all pairs.
//!
//! Names are grouped per ente (two comuni's namesakes are two people) and, inside an
//! ente, per *block*: the folded family name (`Bondioni`, `BONDIONI` → `bondioni`). Only
//! names of one block are compared, so grouping grows with the number of names, not its
//! square (`benches/people.rs`). Inside a block, one set of given names contained in the
//! other is one person (`BONDIONI CHIARA` ⊂ `Bondioni Maria Chiara`, seeds 002/000);
//! a family-only mention joins the one person of its block; a name that fits two
//! people stays alone. Across blocks, only a slip in doubled letters (`Maserdotti` /
//! `Masserdotti`) with the very same given names joins, and not when the two are
//! named with different settori; `Bianchi` / `Bianchini` and `Rossi Mario` / `Rossi
//! Maria` stay apart.
//!
//! Ids are `p-` + the ente key + the canonical (fullest) spelling, folded: a pure
//! function of the ente and the names seen for it, whatever the order they came in or
//! whatever other entes a run holds.

use super::{NameContext, PersonName, parse_person, parse_person_with};
use crate::normalize::{fold, slug};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One person after grouping: a stable id and every spelling seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    /// Stable id, `p-` + ente key + folded family and given names
    /// (`p-019036-bondioni-maria-chiara`; `p-bondioni-maria-chiara` with no ente).
    pub id: String,
    /// The ente key the person belongs to (`""` when names were added without one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ente: String,
    /// Family name of the fullest spelling.
    pub family: String,
    /// Given names of the fullest spelling.
    pub given: Vec<String>,
    /// Every raw string seen for this person, sorted.
    pub spellings: Vec<String>,
}

/// The result of [`PersonRegistry::finish`]: people and a lookup from names to ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonIndex {
    /// People sorted by id.
    pub people: Vec<Person>,
    /// `ente \t spelling key` → person id.
    by_key: BTreeMap<String, String>,
}

fn lookup_key(ente: &str, key: &str) -> String {
    format!("{ente}\t{key}")
}

impl PersonIndex {
    /// The id of a name added without an ente, or `None` for a name never added.
    pub fn resolve(&self, name: &PersonName) -> Option<&str> {
        self.resolve_in("", name)
    }

    /// The id of a name added under `ente`.
    pub fn resolve_in(&self, ente: &str, name: &PersonName) -> Option<&str> {
        self.by_key
            .get(&lookup_key(ente, &name.key))
            .map(String::as_str)
    }

    /// The id of a cell of a document of `ente` added with [`PersonRegistry::add_document`],
    /// parsed with the context that call returned.
    pub fn resolve_cell(&self, ente: &str, cell: &str, ctx: &NameContext) -> Option<&str> {
        self.resolve_in(ente, &parse_person_with(cell, ctx))
    }

    /// The id of a raw printed name added without an ente (parsed the same way as when
    /// it was added).
    pub fn resolve_raw(&self, raw: &str) -> Option<&str> {
        self.resolve(&parse_person(raw))
    }

    /// Every lookup key (`ente \t spelling key`) with its person id, in key order: what
    /// the index's `by_key` map serialises, for a writer that puts an index's text
    /// together from the parts of several entes (`batch::regroup`).
    pub fn keys(&self) -> impl Iterator<Item = (&str, &str)> {
        self.by_key.iter().map(|(k, id)| (k.as_str(), id.as_str()))
    }

    /// One index of the indexes of several entes, each made from that ente's names
    /// alone; `None` when two parts share an id or a lookup key.
    ///
    /// Names are grouped only within an ente, so each ente's people are the same
    /// whatever other entes a registry holds, and so are their ids but for
    /// `unique_id`'s suffix, the one step that sees every ente: a part's id that
    /// another ente's part also has may have come out suffixed in the registry of all
    /// of them. When no two parts share an id, no suffix was added across entes (each
    /// id is its ente's own, by induction over the order ids are given), and the join
    /// is byte for byte the index of the registry of every ente's names; otherwise
    /// the caller must make that index.
    pub fn join<'a>(parts: impl IntoIterator<Item = &'a PersonIndex>) -> Option<PersonIndex> {
        let mut out = PersonIndex::default();
        for part in parts {
            out.people.extend(part.people.iter().cloned());
            for (key, id) in &part.by_key {
                if out.by_key.insert(key.clone(), id.clone()).is_some() {
                    return None;
                }
            }
        }
        out.people.sort_by(|a, b| a.id.cmp(&b.id));
        let unique = out.people.windows(2).all(|w| w[0].id != w[1].id);
        unique.then_some(out)
    }
}

/// Collects the names of a run, then assigns ids in one deterministic pass.
///
/// Two passes because an id must not depend on which document came first: `add`
/// everything, then `finish`.
#[derive(Debug, Clone, Default)]
pub struct PersonRegistry {
    /// (ente, spelling key) → entry.
    seen: BTreeMap<(String, String), Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    name: PersonName,
    block: String,
    given: Vec<String>,
    spellings: BTreeSet<String>,
    settori: BTreeSet<String>,
}

impl PersonRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Record a name with no ente (every name of the run in one scope).
    pub fn add(&mut self, name: &PersonName) {
        self.add_in("", name, None);
    }

    /// Record a name printed by a document of `ente` (an [`ente_key`]), with the settore
    /// it was printed for when known. Names with no family name are ignored.
    ///
    /// [`ente_key`]: crate::normalize::ente_key
    pub fn add_in(&mut self, ente: &str, name: &PersonName, settore: Option<&str>) {
        if name.family.is_empty() {
            return;
        }
        let entry = self
            .seen
            .entry((ente.to_string(), name.key.clone()))
            .or_insert_with(|| Entry {
                name: name.clone(),
                block: block_key(&name.family),
                given: name.given.iter().map(|g| fold(g)).collect(),
                spellings: BTreeSet::new(),
                settori: BTreeSet::new(),
            });
        // The representative spelling prefers mixed case (`Donadio Giovanni` over
        // `DONADIO GIOVANNI`, seeds 000/002), then the smallest string: order-free.
        let rank = |n: &PersonName| (!n.raw.chars().any(char::is_lowercase), n.raw.clone());
        if rank(name) < rank(&entry.name) {
            entry.name = name.clone();
        }
        entry.spellings.insert(name.raw.clone());
        entry
            .settori
            .extend(settore.map(fold).filter(|s| !s.is_empty()));
    }

    /// Record every dirigente cell of one document of `ente` (with the settore each was
    /// printed for, when known; a cell may come once per settore): the order of each
    /// name is decided with the evidence of the whole document, each distinct cell
    /// counted once ([`NameContext::of_document`] of [`document_context`]). Returns that
    /// context, to resolve the same cells with [`PersonIndex::resolve_cell`].
    pub fn add_document(&mut self, ente: &str, cells: &[(&str, Option<&str>)]) -> NameContext {
        let ctx = document_context(cells.iter().map(|(c, _)| *c));
        for (cell, settore) in cells {
            self.add_in(ente, &parse_person_with(cell, &ctx), *settore);
        }
        ctx
    }

    /// Group the names into people and return the index.
    pub fn finish(&self) -> PersonIndex {
        let mut blocks: BTreeMap<(&str, &str), Vec<&Entry>> = BTreeMap::new();
        for ((ente, _), e) in &self.seen {
            blocks.entry((ente, &e.block)).or_default().push(e);
        }
        let mut groups: Vec<(String, Vec<&Entry>)> = Vec::new();
        for ((ente, _), mut members) in blocks {
            members.sort_by(|a, b| (b.given.len(), &a.name.key).cmp(&(a.given.len(), &b.name.key)));
            for cluster in cluster_block(&members) {
                groups.push((ente.to_string(), cluster));
            }
        }
        let groups = join_slips(groups);
        build_index(groups)
    }
}

/// The evidence of a document's names, each distinct cell counted once (a name
/// printed on forty objectives is one name of the document, not forty votes for an
/// order), so a document gives the same context whatever its cells' repetitions.
pub fn document_context<'a>(cells: impl IntoIterator<Item = &'a str>) -> NameContext {
    let unique: BTreeSet<&str> = cells.into_iter().collect();
    NameContext::of_document(unique)
}

/// The blocking key: the folded family name with everything but letters removed
/// (`Di Girolamo`, `DI GIROLAMO`, `Di-Girolamo` → `digirolamo`).
pub fn block_key(family: &str) -> String {
    fold(family).chars().filter(|c| c.is_alphabetic()).collect()
}

/// The block key with doubled letters made single (`masserdotti` → `maserdoti`): the
/// one spelling slip joined across blocks.
fn skeleton(block: &str) -> String {
    let mut out = String::with_capacity(block.len());
    for c in block.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Names of one block (sorted fullest first) into people: a name joins the one cluster
/// all of whose names it is compatible with; fitting none or several, it starts its own.
fn cluster_block<'a>(members: &[&'a Entry]) -> Vec<Vec<&'a Entry>> {
    let mut clusters: Vec<Vec<&Entry>> = Vec::new();
    for &e in members {
        let fits: Vec<usize> = (0..clusters.len())
            .filter(|&c| {
                clusters[c]
                    .iter()
                    .all(|m| given_compatible(&e.given, &m.given))
            })
            .collect();
        match fits[..] {
            [c] => clusters[c].push(e),
            _ => clusters.push(vec![e]),
        }
    }
    clusters
}

/// One set of given names inside the other (`{chiara}` ⊂ `{maria, chiara}`), the same
/// letters split differently (`Mariarosa` / `Maria Rosa`), or an initial for a name
/// (`M.` / `Mario`). An empty set (a family-only mention) fits anyone.
fn given_compatible(a: &[String], b: &[String]) -> bool {
    let fits = |x: &String, y: &String| {
        x == y
            || (x.chars().count() == 1 && y.starts_with(x.as_str()))
            || (y.chars().count() == 1 && x.starts_with(y.as_str()))
    };
    let subset = |x: &[String], y: &[String]| x.iter().all(|t| y.iter().any(|u| fits(t, u)));
    subset(a, b) || subset(b, a) || a.concat() == b.concat()
}

/// Join clusters of one ente whose family names differ only in doubled letters and whose
/// given names are the same (not empty), unless both name settori and none is shared.
fn join_slips(groups: Vec<(String, Vec<&Entry>)>) -> Vec<(String, Vec<&Entry>)> {
    let mut by_slip: BTreeMap<(String, String, Vec<String>), usize> = BTreeMap::new();
    let mut out: Vec<(String, Vec<&Entry>)> = Vec::new();
    for (ente, members) in groups {
        let head = members[0];
        let key = (ente.clone(), skeleton(&head.block), head.given.clone());
        let target = (!head.given.is_empty())
            .then(|| by_slip.get(&key).copied())
            .flatten()
            .filter(|&t| settori_agree(&out[t].1, &members));
        match target {
            Some(t) => out[t].1.extend(members),
            None => {
                by_slip.entry(key).or_insert(out.len());
                out.push((ente, members));
            }
        }
    }
    out
}

fn settori_agree(a: &[&Entry], b: &[&Entry]) -> bool {
    let set = |m: &[&Entry]| -> BTreeSet<String> {
        m.iter().flat_map(|e| e.settori.iter().cloned()).collect()
    };
    let (x, y) = (set(a), set(b));
    x.is_empty() || y.is_empty() || !x.is_disjoint(&y)
}

fn build_index(groups: Vec<(String, Vec<&Entry>)>) -> PersonIndex {
    let mut index = PersonIndex::default();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for (ente, members) in groups {
        let canon = members[0];
        let id = unique_id(
            person_id(&ente, &canon.name.family, &canon.name.given),
            &used,
        );
        used.insert(id.clone());
        let mut spellings = BTreeSet::new();
        for m in &members {
            spellings.extend(m.spellings.iter().cloned());
            index
                .by_key
                .insert(lookup_key(&ente, &m.name.key), id.clone());
        }
        index.people.push(Person {
            id,
            ente,
            family: canon.name.family.clone(),
            given: canon.name.given.clone(),
            spellings: spellings.into_iter().collect(),
        });
    }
    index.people.sort_by(|a, b| a.id.cmp(&b.id));
    index
}

/// `p-` + ente key + folded family and given names.
pub fn person_id(ente: &str, family: &str, given: &[String]) -> String {
    let name = slug(&format!("{family} {}", given.join(" ")));
    match slug(ente) {
        e if e.is_empty() => format!("p-{name}"),
        e => format!("p-{e}-{name}"),
    }
}

/// Ids are unique even when two people of one ente fold to one spelling (a family-only
/// mention that fits two people keeps its own id).
fn unique_id(id: String, used: &BTreeSet<String>) -> String {
    if !used.contains(&id) {
        return id;
    }
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| !used.contains(candidate))
        .unwrap_or(id)
}
