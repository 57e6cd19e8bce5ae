//! # piao-extract
//!
//! Turns the performance plans Italian municipalities publish as PDF into structured,
//! validated data. The crate is a staged pipeline; each stage owns one output type and
//! hands it to the next:
//!
//! ```text
//! bytes ─pdf::open→ Document{pages: [Page{size, rotation, glyphs, rulings}]}
//!       ─layout→ [PageText{words, lines}]
//! ```
//!
//! Invariant: only `pdf` reads files' bytes; only `output`/`batch` write.

pub mod config;
pub mod error;
pub mod geom;
pub mod normalize;
pub mod score;

pub use error::{Error, Result};
pub mod assemble;
pub mod batch;
pub mod cli;
pub mod envelope;
pub mod extract;
pub mod grid;
pub mod inspect;
pub mod layout;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod tables;
