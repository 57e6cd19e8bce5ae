//! Stage `dataset`: every document of an output folder as one queryable dataset.
//!
//! [`schema`] defines the tables once (documents, people, objectives, indicators,
//! tables, cells, warnings, facts); [`rows`] cuts one extracted document into their
//! rows; [`sqlite`] keeps them in `DIR/piao.sqlite` (one transaction per document,
//! upsert by sha256, person ids rebuilt at the end of a run); [`package`] exports
//! them as CSV with a Frictionless `datapackage.json`, [`parquet`] as typed Parquet
//! files; [`stats`] reads the indicator-quality figures back. Every column is the one
//! contract's ([`crate::output::columns`]). `docs/dataset.md` is the reader's guide.
//!
//! Invariant: a document is in the database whole or not at all.
//! Invariant: the rows depend only on the documents, not on the order, number or
//! interruptions of the runs that wrote them.

pub mod package;
pub mod parquet;
pub mod rows;
pub mod schema;
pub mod sqlite;
pub mod stats;
