//! Person ids: the one place that decides which printed dirigente is which person.
//!
//! Every writer, the batch and the dataset ask here. A document's names are its
//! [`DocumentNames`]: the ente they belong to ([`scope_of`]: the ente's ISTAT code,
//! else its folded name) and every dirigente cell as printed with the settori it was
//! printed for. [`index`] groups the names of any set of documents (one, a run, a
//! database) into people *within each ente*, by `normalize::person`'s registry: two
//! comuni's namesakes are two people, and one person of one ente is one id across its
//! documents and years (`BONDIONI CHIARA` in 002 and `Bondioni Maria Chiara` in 000 are
//! `p-019036-bondioni-maria-chiara`). [`ids`] gives a document's printed names their
//! ids under an index, each name read with the evidence of its own document.
//!
//! An id is `p-` + the ente scope + the fullest spelling of the person's names, folded:
//! a function of the ente and its names only, never of the order documents came in or
//! of the other entes a run holds, so shards that see all of an ente's documents give
//! the same ids without a merge step.
//!
//! Invariant: the same set of documents gives the same ids, whatever order they came in.

use crate::assemble::Plan;
use crate::extract::Extraction;
use crate::normalize::{PersonIndex, PersonRegistry, document_context, ente_key};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Printed dirigente name → its person id (`None`: the cell names no person, as
/// `Tutti i dirigenti`).
pub type Ids = BTreeMap<String, Option<String>>;

/// What a document gives the person index: its ente scope and its names.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DocumentNames {
    /// The ente the names belong to ([`scope_of`]); empty when the document names no
    /// ente.
    #[serde(default)]
    pub ente: String,
    /// Every non-empty dirigente cell as printed → the settori printed with it
    /// (non-empty, sorted; empty when no settore was printed).
    #[serde(default)]
    pub names: BTreeMap<String, BTreeSet<String>>,
}

/// The scope of person ids of a document of `ente`: its ISTAT code when known, else
/// the ente's name without cover words, folded (`Comune di Castro`, ambiguous between
/// two provinces, is `castro`); empty when there is no ente.
pub fn scope_of(ente: Option<&str>, istat: Option<&str>) -> String {
    match (istat, ente) {
        (Some(code), _) if !code.is_empty() => code.to_string(),
        (_, Some(e)) if !e.trim().is_empty() => ente_key(e),
        _ => String::new(),
    }
}

/// The names of a plan: every objective's dirigente as printed (non-empty), with the
/// settore printed for it.
pub fn names(plan: &Plan) -> DocumentNames {
    let mut names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for o in &plan.objectives {
        let Some(d) = o.dirigente.as_ref().filter(|v| !v.text.is_empty()) else {
            continue;
        };
        let settori = names.entry(d.text.clone()).or_default();
        if let Some(s) = o.settore.as_ref().filter(|v| !v.text.is_empty()) {
            settori.insert(s.text.clone());
        }
    }
    DocumentNames {
        ente: scope_of(plan.meta.ente.as_deref(), plan.meta.ente_istat.as_deref()),
        names,
    }
}

/// The person index of some documents' names: each document's cells are read with
/// the evidence of that document, then grouped into people within each ente.
pub fn index<'a>(docs: impl IntoIterator<Item = &'a DocumentNames>) -> PersonIndex {
    let mut reg = PersonRegistry::new();
    for doc in docs {
        let cells: Vec<(&str, Option<&str>)> = doc
            .names
            .iter()
            .flat_map(|(cell, settori)| {
                let one: Vec<Option<&str>> = match settori.is_empty() {
                    true => vec![None],
                    false => settori.iter().map(|s| Some(s.as_str())).collect(),
                };
                one.into_iter().map(move |s| (cell.as_str(), s))
            })
            .collect();
        reg.add_document(&doc.ente, &cells);
    }
    reg.finish()
}

/// The person index of the names of some extractions (the same as [`index`] over
/// their [`names`]).
pub fn index_of(docs: &[Extraction]) -> PersonIndex {
    let names: Vec<DocumentNames> = docs.iter().map(|d| names(&d.plan)).collect();
    index(&names)
}

/// A document's printed names → their ids under `people` (an index that holds the
/// document's names).
pub fn ids(doc: &DocumentNames, people: &PersonIndex) -> Ids {
    let ctx = document_context(doc.names.keys().map(String::as_str));
    doc.names
        .keys()
        .map(|cell| {
            let id = people.resolve_cell(&doc.ente, cell, &ctx);
            (cell.clone(), id.map(str::to_string))
        })
        .collect()
}

/// The ids of a plan's own names under `people` ([`ids`] of its [`names`]).
pub fn ids_of(plan: &Plan, people: &PersonIndex) -> Ids {
    ids(&names(plan), people)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn doc(ente: &str, rows: &[(&str, &str)]) -> DocumentNames {
        let mut names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (cell, settore) in rows {
            let s = names.entry(cell.to_string()).or_default();
            if !settore.is_empty() {
                s.insert(settore.to_string());
            }
        }
        DocumentNames {
            ente: ente.to_string(),
            names,
        }
    }

    #[test]
    fn one_person_across_an_entes_documents_two_across_comuni() {
        // 000 and 002 (Cremona, 019036) spell Bondioni two ways; a namesake in Crema
        // (019035) is somebody else.
        let d000 = doc("019036", &[("Bondioni Maria Chiara", "Settore Cultura")]);
        let d002 = doc("019036", &[("BONDIONI CHIARA", "")]);
        let crema = doc("019035", &[("Bondioni Chiara", "")]);
        let people = index([&d000, &d002, &crema]);
        let cremona = "p-019036-bondioni-maria-chiara";
        assert_eq!(
            ids(&d000, &people)["Bondioni Maria Chiara"].as_deref(),
            Some(cremona)
        );
        assert_eq!(
            ids(&d002, &people)["BONDIONI CHIARA"].as_deref(),
            Some(cremona)
        );
        assert_eq!(
            ids(&crema, &people)["Bondioni Chiara"].as_deref(),
            Some("p-019035-bondioni-chiara")
        );
        assert_eq!(people.people.len(), 2);
    }

    #[test]
    fn ids_do_not_depend_on_document_order_or_other_entes() {
        let a = doc("019036", &[("BONDIONI CHIARA", ""), ("Cervieri", "")]);
        let b = doc(
            "019036",
            &[("Bondioni Maria Chiara", ""), ("Cervieri Stefania", "")],
        );
        let other = doc("016065", &[("Rossi Mario", "")]);
        let forward = index([&a, &b]);
        let backward = index([&b, &other, &a]);
        assert_eq!(ids(&a, &forward), ids(&a, &backward));
        assert_eq!(ids(&b, &forward), ids(&b, &backward));
    }

    #[test]
    fn entes_indexed_alone_join_into_the_index_of_all() {
        // 000 and 002 (Cremona) with a namesake in Crema: each ente alone, then joined
        let d000 = doc("019036", &[("Bondioni Maria Chiara", "Settore Cultura")]);
        let d002 = doc("019036", &[("BONDIONI CHIARA", ""), ("Cervieri", "")]);
        let crema = doc(
            "019035",
            &[("Bondioni Chiara", ""), ("Cervieri Stefania", "")],
        );
        let cremona = index([&d000, &d002]);
        let joined = PersonIndex::join([&index([&crema]), &cremona]).unwrap();
        assert_eq!(joined, index([&d000, &crema, &d002]));
        assert_eq!(
            serde_json::to_string(&joined).unwrap(),
            serde_json::to_string(&index([&crema, &d002, &d000])).unwrap()
        );
    }

    #[test]
    fn entes_whose_ids_meet_do_not_join() {
        // two scopes that slug alike give one id to their namesakes: the registry of
        // both suffixes one, which neither ente alone can know
        let a = doc("castro bg", &[("Rossi Mario", "")]);
        let b = doc("castro-bg", &[("Rossi Mario", "")]);
        assert_eq!(PersonIndex::join([&index([&a]), &index([&b])]), None);
        let both = index([&a, &b]);
        assert_eq!(both.people.len(), 2);
        assert_ne!(both.people[0].id, both.people[1].id);
    }

    #[test]
    fn a_cell_naming_nobody_has_no_id() {
        // seed 004
        let d = doc(
            "019035",
            &[("Tutti i dirigenti", ""), ("Cervieri Stefania", "")],
        );
        let got = ids(&d, &index([&d]));
        assert_eq!(got["Tutti i dirigenti"], None);
        assert_eq!(
            got["Cervieri Stefania"].as_deref(),
            Some("p-019035-cervieri-stefania")
        );
    }

    #[test]
    fn the_scope_is_the_istat_code_else_the_folded_name() {
        assert_eq!(
            scope_of(Some("Comune di Cremona"), Some("019036")),
            "019036"
        );
        assert_eq!(scope_of(Some("Comune di Cremona"), None), "019036");
        // Castro is in Bergamo and in Lecce: no code, the name scopes the ids.
        assert_eq!(scope_of(Some("Comune di Castro"), None), "castro");
        assert_eq!(scope_of(None, None), "");
    }
}
