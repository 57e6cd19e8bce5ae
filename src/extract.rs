//! The library's entry point: one document from bytes to an [`Extraction`], through
//! the whole stage chain (envelope → [`pipeline`] → assemble). `extract`, `tables`
//! and `review` all call [`run`].

use crate::assemble::{self, Plan};
use crate::config::Config;
use crate::error::{Error, Result, contain_stage};
use crate::grid::Grid;
use crate::layout::PageText;
use crate::pdf::{DocInfo, Page, PageSource};
use crate::pipeline::{self, Keep};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Facts about the input file, for the outputs' `source` block.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// Path as given.
    pub file: String,
    /// sha256 of the bytes, lowercase hex.
    pub sha256: String,
    /// PDF producer.
    pub producer: Option<String>,
    /// Who signed the file, when it came in a signed envelope (`.p7m`; not verified).
    pub signer: Option<crate::envelope::Signer>,
}

/// What one input gave: the typed output of the library. Its flat records are
/// [`crate::output::records::records`]; its writers are the
/// [`crate::output::sink::Sink`]s.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The input path.
    pub path: PathBuf,
    /// Everything read from it.
    pub plan: Plan,
    /// File facts for the output's `source` block.
    pub source: Source,
}

impl Extraction {
    /// Whether the document has no objectives (a soft outcome: outputs are still
    /// written, with a notice).
    pub fn has_objectives(&self) -> bool {
        self.plan
            .objectives
            .iter()
            .any(|o| !o.indicators.is_empty())
    }
}

/// An extraction and what the stages made on the way ([`Keep::Everything`]).
#[derive(Debug, Clone)]
pub struct Run {
    /// The extraction.
    pub extraction: Extraction,
    /// Pages as drawn (empty under [`Keep::Lines`]).
    pub pages: Vec<Page>,
    /// The document's info dictionary.
    pub info: DocInfo,
    /// Each page's text (lines only under [`Keep::Lines`]).
    pub texts: Vec<PageText>,
    /// Each page's grids (empty under [`Keep::Lines`]).
    pub grids: Vec<Vec<Grid>>,
}

/// The notice written into documents in which nothing was found.
pub const NO_OBJECTIVES_NOTICE: &str = "No objective tables or objective cards were found in this document; its other tables are listed.";

/// Hex sha256 of a byte string.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for b in Sha256::digest(bytes) {
        hex.push(char::from(DIGITS[usize::from(b >> 4)]));
        hex.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    hex
}

/// Read and extract one PDF (or a signed `.p7m` envelope around one).
///
/// ```
/// use piao_extract::{Config, extract_file};
///
/// let path = std::path::Path::new("fixtures/002-calc-ruled.pdf");
/// let extraction = extract_file(path, &Config::default())?;
/// assert_eq!(extraction.plan.meta.ente.as_deref(), Some("Comune di Cremona"));
/// let people = piao_extract::people::index_of(std::slice::from_ref(&extraction));
/// let records: Vec<_> = piao_extract::output::records::records(&extraction, &people).collect();
/// assert_eq!(records.len(), 67);
/// assert_eq!(records[0].objective.year, Some(2024));
/// // a record serialises as one flat JSON object, as `--format records` writes it
/// let line = serde_json::to_string(&records[0]).unwrap_or_default();
/// assert!(line.starts_with(r#"{"year":2024,"group":"#));
/// # Ok::<(), piao_extract::Error>(())
/// ```
pub fn extract_file(path: &Path, config: &Config) -> Result<Extraction> {
    let bytes = std::fs::read(path)?;
    extract_bytes(path, &bytes, config)
}

/// Extract one PDF (or signed envelope around one) from its bytes; `path` names it
/// in the output, and `sha256` is of `bytes` as given.
pub fn extract_bytes(path: &Path, bytes: &[u8], config: &Config) -> Result<Extraction> {
    run(path, bytes, config, Keep::Lines).map(|r| r.extraction)
}

/// [`extract_bytes`] for a caller that has already hashed `bytes` (`sha256`, the
/// lowercase hex [`sha256_hex`] gives; not checked): the batch reads each file once
/// and hashes it to decide whether an earlier output can be kept, and hashing it
/// again here was ~8% of `extract`'s instructions on a one-file run (issue 22).
pub fn extract_bytes_hashed(
    path: &Path,
    bytes: &[u8],
    sha256: &str,
    config: &Config,
) -> Result<Extraction> {
    run_hashed(path, bytes, Some(sha256), config, Keep::Lines).map(|r| r.extraction)
}

/// The whole stage chain on one input's bytes, keeping what `keep` says.
pub fn run(path: &Path, bytes: &[u8], config: &Config, keep: Keep) -> Result<Run> {
    run_hashed(path, bytes, None, config, keep)
}

/// [`run`], with the sha256 of `bytes` when the caller has it (computed here when
/// not).
fn run_hashed(
    path: &Path,
    bytes: &[u8],
    sha256: Option<&str>,
    config: &Config,
    keep: Keep,
) -> Result<Run> {
    let unwrapped = contain_stage("envelope", || crate::envelope::unwrap_named(path, bytes))?;
    let source = crate::error::contain_panic(|| PageSource::new(&unwrapped.pdf, config))?;
    // the rules' cheap-to-build forms for a small document (text::Rule)
    crate::text::prefer_light(
        source.page_count() <= crate::config::RuleEngine::DEFAULT.light_pages,
    );
    let front = pipeline::run(&source, config, keep)?;
    let plan = contain_stage("assemble", || {
        Ok(assemble::assemble(&front.texts, front.tables, config))
    })?;
    let info = source.info().clone();
    let extraction = Extraction {
        path: path.to_path_buf(),
        plan,
        source: Source {
            file: path.display().to_string(),
            sha256: sha256.map_or_else(|| sha256_hex(bytes), str::to_string),
            producer: info.producer.clone(),
            signer: unwrapped.signer,
        },
    };
    Ok(Run {
        extraction,
        pages: front.pages,
        info,
        texts: front.texts,
        grids: front.grids,
    })
}

/// `Err(NoObjectives)` for a document with nothing found, for reporting; its outputs
/// are written all the same.
pub fn outcome(d: &Extraction) -> Result<()> {
    if d.has_objectives() {
        Ok(())
    } else {
        Err(Error::NoObjectives)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hex is the standard digest (FIPS 180-2's "abc" example).
    #[test]
    fn sha256_hex_is_the_standard_digest() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// A caller's hash is the one the source block carries, and it is what the
    /// extraction would have computed itself.
    #[test]
    fn a_given_hash_is_the_one_computed() -> Result<()> {
        let path = Path::new("fixtures/comuni/g-roles-17--reportlab-ruled.pdf");
        let bytes = std::fs::read(path)?;
        let config = Config::default();
        let own = extract_bytes(path, &bytes, &config)?;
        let sha = sha256_hex(&bytes);
        let given = extract_bytes_hashed(path, &bytes, &sha, &config)?;
        assert_eq!(own.source.sha256, sha);
        assert_eq!(given.source.sha256, sha);
        assert_eq!(given.plan.objectives.len(), own.plan.objectives.len());
        Ok(())
    }
}
