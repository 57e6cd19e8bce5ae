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
//! `review` draws every page as SVG from these stages' outputs (words, rulings,
//! grids, tables, headings, warnings) next to the records read from it, in one
//! self-contained HTML file; it only builds strings, the CLI writes them.
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
pub mod extract;
pub mod grid;
pub mod inspect;
pub mod layout;
pub mod output;
pub mod pdf;
pub mod pipeline;
pub mod review;
pub mod tables;
