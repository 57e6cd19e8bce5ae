//! Person ids: the one place that decides which printed dirigente is which person.
//!
//! Every writer, the batch and the dataset ask here: [`index`] builds the ids of a
//! set of printed names (a document's own, a run's, a database's), [`id`] gives the
//! id of one printed name under an index. How names are parsed and clustered lives
//! in `normalize::person`; an id is one person across every document of the index
//! (`BONDIONI CHIARA` and `Bondioni Maria Chiara` are `p-bondioni-maria-chiara`).
//!
//! Invariant: the same set of names gives the same ids, whatever order they came in.

use crate::assemble::Plan;
use crate::extract::Extraction;
use crate::normalize::{PersonIndex, PersonRegistry, parse_person};
use std::collections::BTreeMap;

/// Every dirigente name of a plan as printed (non-empty, each once, sorted).
pub fn names(plan: &Plan) -> Vec<String> {
    let mut out: Vec<String> = plan
        .objectives
        .iter()
        .filter_map(|o| o.dirigente.as_ref())
        .filter(|v| !v.text.is_empty())
        .map(|v| v.text.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The person index of a set of printed names.
pub fn index<'a>(names: impl IntoIterator<Item = &'a String>) -> PersonIndex {
    let mut reg = PersonRegistry::new();
    for n in names {
        reg.add(&parse_person(n));
    }
    reg.finish()
}

/// The person index of the names of some extractions (the same as [`index`] over
/// their [`names`]).
pub fn index_of(docs: &[Extraction]) -> PersonIndex {
    let names: Vec<String> = docs.iter().flat_map(|d| names(&d.plan)).collect();
    index(&names)
}

/// The id of one printed name under `people` (`None`: not a name it holds).
pub fn id(printed: &str, people: &PersonIndex) -> Option<String> {
    people.resolve_raw(printed).map(str::to_string)
}

/// Printed name → id under `people`, for each of `names`.
pub fn ids<'a>(
    names: impl IntoIterator<Item = &'a String>,
    people: &PersonIndex,
) -> BTreeMap<String, Option<String>> {
    names
        .into_iter()
        .map(|n| (n.clone(), id(n, people)))
        .collect()
}
