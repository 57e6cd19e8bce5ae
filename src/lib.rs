//! # piao-extract
//!
//! Turns the performance plans Italian municipalities publish as PDF (PIAO, Relazione
//! sulla Performance) into structured, validated data. The crate is a staged pipeline;
//! each stage owns one output type and hands it to the next:
//!
//! ```text
//! bytes ─pdf::open→ Document{pages: [Page{size, rotation, glyphs, rulings, fills}]}
//!       ─layout::analyze→ [PageText{words, lines}]
//!       ─grid::detect (per page: lattice, then stream)→ [Grid{cells: [Cell{row, col, spans, text, prov}]}]
//!       ─tables::recognize (whole document: headers, context, stitching)→ [Table{columns, context, rows, pages}]
//!       ─assemble (rows, cards, facts)→ Plan{meta, objectives[indicators], tables, facts, warnings}
//!       ─output (normalize, flatten, schema::validate, atomic write)→ plan-year JSON | records
//! ```
//!
//! ## As a library
//! [`extract_file`] runs the whole chain on one file and gives an [`Extraction`];
//! [`output::records::records`] turns it into typed [`Record`]s (one per indicator),
//! which serialise as the flat records of `--format records`; the
//! [`output::sink::Sink`]s write it in each format.
//!
//! ```
//! let e = piao_extract::extract_file(
//!     std::path::Path::new("fixtures/001-calc-ruled.pdf"),
//!     &piao_extract::Config::default(),
//! )?;
//! let people = piao_extract::people::index_of(std::slice::from_ref(&e));
//! for r in piao_extract::output::records::records(&e, &people).take(2) {
//!     println!("{:?} {:?}", r.objective.dirigente_id, r.indicator.target_value);
//! }
//! # Ok::<(), piao_extract::Error>(())
//! ```
//!
//! ## Modules
//! - [`pdf`]: the only reader of PDF bytes. Opens under [`config::Limits`], classifies
//!   bad input into [`Error`] kinds, and gives glyphs, rulings and filled areas in
//!   display space (top-left origin, `/Rotate` applied; rulings under
//!   [`config::RulingTolerances`]). Panics of the underlying reader are contained per
//!   page. Only the objects the reader reaches are parsed (the page tree, resources,
//!   fonts, annotations, Info; not a tagged file's structure tree); a damaged or
//!   encrypted file is loaded whole, as lopdf loads it, and repaired. A font's
//!   weight comes from its name or descriptor, or, for a Type 3 font that names
//!   none, from its glyph outlines against the document's lightest such font
//!   ([`config::FontRules`]).
//! - [`layout`]: glyphs → words and line fragments ([`config::LayoutTolerances`]).
//! - [`grid`]: a page's grids: *lattice* from ruling lines, *stream* from the text's
//!   alignment alone (runs of text rows, gutters that hold over them, running text
//!   and lists rejected; header rows by structure: a rule under them, the first row
//!   of numbers, bold type; spanning names kept as header rows); one-column tables
//!   without rules from a bold header line set off the text above by a cell's
//!   padding, over rows parted by more than their leading; a ruled grid whose
//!   rules leave several values in one cell is read again from its text; cell text
//!   joined as a reader would ([`config::GridTolerances`]).
//! - [`vocab`]: the words plans print, as data (`data/vocab.json`, extended with
//!   `--vocab FILE`): header and card-label wordings per role, heading prefixes, table
//!   kinds, plan titles, each with where it was seen. Data only; read by `tables`
//!   and `assemble`, carried in [`config::Config::vocab`]. The built-in files are
//!   compiled in as statics by `build.rs` (`vocab::built`, private), not parsed
//!   per process.
//! - [`tables`]: header roles by meaning (words, head word and modifiers, years and
//!   units set apart) confirmed by each column's content ([`config::HeaderMatching`]),
//!   table kinds by header and document section, the headings above a table (context;
//!   a heading the page break left alone at the foot of the page before heads the
//!   next page's first table, above its own headings), cards printed as grids (a row
//!   of labels again under the header: no column header, the title row first),
//!   stitching of tables over pages, which needs no roles:
//!   roles and kinds are read once per stitched table ([`config::TableRules`]).
//! - [`assemble`]: objectives and indicators from objective tables (fill-down,
//!   supporting objectives; a key/value table beside the table naming its
//!   responsabile) and from objective cards in any layout (key/value tables,
//!   label paragraphs, own-line labels; labels read by the vocabulary), the
//!   cross-check with the summary tables, and key facts of documents without objectives (003)
//!   ([`config::AssembleTolerances`]).
//! - [`normalize`]: pure functions from printed strings to values (codes, people,
//!   formulas, Italian numbers, targets with comparator, unit and date, deadlines,
//!   plan metadata, Missione / Programma, the ente's ISTAT code); raw strings always
//!   kept. Their reference data (name lists, wordings, code shapes, the official lists
//!   of missions and comuni) is in `data/`, compiled in. Their thresholds are
//!   [`config::NormalizeRules`]: the string normalizers read its `DEFAULT`, the plan
//!   metadata the run's `Config`.
//! - [`output`]: the typed [`Record`], the one column contract every format writes it
//!   by ([`output::columns`]: names, types, nullability, Arrow schemas), the sinks that
//!   write it (plan-year JSON, NDJSON, CSV), validated against the JSON Schemas in
//!   `schemas/` before they are written atomically, at paths built from sanitised parts
//!   that stay under the output folder ([`output::path`]).
//! - [`batch`]: many inputs in parallel, per-file isolation, manifest, resuming,
//!   shards, one writer per output folder (a lock file), all-or-nothing per input, and
//!   `merge` of shard folders; it chooses the sinks of a run and knows no format's
//!   details.
//! - [`dataset`]: the SQLite dataset of a folder (documents by content, inputs by
//!   path, objectives, indicators, people, tables, cells, warnings, facts, with keys,
//!   indexes and views), the Frictionless data package of the CSVs, the Parquet files,
//!   and the `stats` figures; every column the contract's.
//! - [`pipeline`]: the front of the stage chain (pdf → layout → grid → tables), a
//!   chunk of pages at a time, a panic in a stage contained and named.
//! - [`extract`]: the library's entry point and the whole chain (envelope, the front,
//!   assemble) that `extract`, `tables` and `review` all run; [`Extraction`].
//! - [`people`]: person ids, the one place that decides which printed name is which
//!   person (documents, runs, the dataset): scoped by ente (its ISTAT code), each
//!   document's names read with its own evidence.
//! - [`score`]: our scorer (record F1 per field, table cell accuracy).
//! - [`review`]: the self-contained HTML report: each page drawn as SVG from our own
//!   extraction, with the cells, roles, context and warnings, linked to the records.
//! - [`inspect`], [`cli`]: debug views and the command line.
//! - [`config`], [`error`], [`geom`], [`text`]: tolerances, error kinds, boxes and
//!   provenance, the rules ([`text::Rule`]: cheap `regex-lite` forms, `regex` ones;
//!   the crate's rules cut to ASCII and Latin text, and their DFAs built, by
//!   `build.rs`).
//!   Every judgement number is a named, documented field of a per-stage struct in
//!   [`config`], and its `Default` is the only place the number is written.
//!
//! ## Layers
//! A module imports only its own layer and lower ones, and no import cycle exists
//! (`tests/it/modules.rs` checks both, with the known violations other branches are
//! removing listed there): `config`, `error`, `geom`, `text`, `vocab` < `normalize` (pure
//! strings → values, so every stage may call it) < `envelope`, `pdf` < `layout` <
//! `grid` < `tables` < `assemble` < `pipeline`, `extract`, `people` < `output` <
//! `dataset` < `batch` < `review`, `inspect`, `score` < `cli`.
//!
//! ## Invariants
//! - Invariant: only `pdf` reads a file's bytes; only `output` and `batch` write.
//! - Invariant: every extracted value carries its provenance (page and box).
//! - Invariant: normalize never sees geometry; it only reads strings.
//! - Invariant: nothing is read at run time but the inputs: reference data is compiled
//!   in (`data/`, each folder with its source and licence).
//! - Invariant: `grid` never reads the header vocabulary: whether a table exists and
//!   where its header, columns and rows are is decided by the page's structure; the
//!   vocabulary (`tables`) only gives roles.
//! - Invariant: stages are deterministic; anything serialised is ordered by document
//!   position (page, y, x), never by hash-map order.
//! - Invariant: nothing is written that did not validate against `schemas/`: records
//!   and plan-year skeletons by the schemas' validators as they are written; a
//!   plan-year objective and table by their types (the schema's keys, types and
//!   nullability, printed without a `Value` tree) and a check of the rules the types
//!   leave open (code patterns, pages, finite boxes); tests validate them on every
//!   fixture.
//! - Invariant: every output path is under the output folder; an input that fails
//!   leaves none of its files.
//! - Invariant: a column has one name, order and type in every format
//!   (`output::columns`).
//! - Invariant: `review` only builds strings from the stages' outputs; the CLI writes.

pub mod assemble;
pub mod batch;
pub mod cli;
pub mod config;
pub mod dataset;
pub mod envelope;
pub mod error;
pub mod extract;
pub mod geom;
pub mod grid;
pub mod inspect;
pub mod layout;
pub mod normalize;
pub mod output;
pub mod pdf;
pub mod people;
pub mod pipeline;
pub mod review;
pub mod score;
pub mod tables;
pub mod text;
pub mod vocab;

#[cfg(test)]
mod testing;

pub use config::Config;
pub use error::{Error, Result};
pub use extract::{Extraction, extract_file};
pub use output::record::Record;
