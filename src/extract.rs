//! One document from bytes to a [`Plan`], and the run-wide person index.

use crate::assemble::{self, Plan};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::normalize::{PersonIndex, PersonRegistry, parse_person};
use crate::output::plan_year::Source;
use crate::pipeline;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// What one input gave.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The input path.
    pub path: PathBuf,
    /// Everything read from it.
    pub plan: Plan,
    /// File facts for the output's `source` block.
    pub source: Source,
}

impl Extracted {
    /// Whether the document has no objectives (a soft outcome: outputs are still
    /// written, with a notice).
    pub fn has_objectives(&self) -> bool {
        self.plan
            .objectives
            .iter()
            .any(|o| !o.indicators.is_empty())
    }
}

/// The notice written into documents in which nothing was found.
pub const NO_OBJECTIVES_NOTICE: &str = "No objective tables or objective cards were found in this document; its other tables are listed.";

/// Hex sha256 of a byte string.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Read and extract one PDF.
pub fn extract_file(path: &Path, config: &Config) -> Result<Extracted> {
    let bytes = std::fs::read(path)?;
    extract_bytes(path, &bytes, config)
}

/// Extract one PDF (or signed envelope around one) from its bytes; `path` names it
/// in the output, and `sha256` is of `bytes` as given.
pub fn extract_bytes(path: &Path, bytes: &[u8], config: &Config) -> Result<Extracted> {
    let unwrapped = crate::envelope::unwrap_named(path, bytes)?;
    let source = crate::pdf::PageSource::new(&unwrapped.pdf, config)?;
    let (texts, tables) = crate::error::contain_panic(|| pipeline::run(&source, config))?;
    let plan = assemble::assemble(&texts, tables, config);
    let source = Source {
        file: path.display().to_string(),
        sha256: sha256_hex(bytes),
        producer: source.info().producer.clone(),
        signer: unwrapped.signer,
    };
    Ok(Extracted {
        path: path.to_path_buf(),
        plan,
        source,
    })
}

/// One person id per person across every document of the run.
pub fn people_index(docs: &[Extracted]) -> PersonIndex {
    let mut reg = PersonRegistry::new();
    for d in docs {
        for o in &d.plan.objectives {
            if let Some(v) = o.dirigente.as_ref().filter(|v| !v.text.is_empty()) {
                reg.add(&parse_person(&v.text));
            }
        }
    }
    reg.finish()
}

/// `Err(NoObjectives)` for a document with nothing found, for reporting; its outputs
/// are written all the same.
pub fn outcome(d: &Extracted) -> Result<()> {
    if d.has_objectives() {
        Ok(())
    } else {
        Err(Error::NoObjectives)
    }
}
