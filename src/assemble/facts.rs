//! Key facts: the figures a data team wants from a document's running text.

use crate::geom::Provenance;
use crate::layout::PageText;
use serde::Serialize;

/// A figure printed in the running text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    /// What the figure counts or measures, as the sentence says it.
    pub label: String,
    /// The figure as printed (`84`, `52,5`).
    pub value: String,
    /// Its unit (`%`, `giorni`), when printed.
    pub unit: Option<String>,
    /// The heading it is under.
    pub section: Option<String>,
    /// Where it is printed.
    pub prov: Provenance,
}

/// Every key fact of a document.
pub fn read(_texts: &[PageText]) -> Vec<Fact> {
    Vec::new()
}
