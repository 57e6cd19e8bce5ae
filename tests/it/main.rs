//! The one integration-test binary (as ripgrep does): one module per concern.
//!
//! - `bad`: hostile and broken inputs give their own error kind and exit status,
//!   and `pdf::open` never panics on random or mutated bytes.
//! - `golden`: every fixture scored against its truth-derived expectations.
//! - `words`: our words against pdftotext's on every fixture.
//! - `common`: fixture paths, a once-per-binary cache of opened fixtures, running the
//!   real binary.

// STYLE.md: tests may unwrap, expect and panic; the deny lints are for library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bad;
mod common;
mod golden;
mod readers;
mod words;

#[global_allocator]
static ALLOC: common::PeakAlloc = common::PeakAlloc;
