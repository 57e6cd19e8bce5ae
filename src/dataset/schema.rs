//! The dataset's tables as data, built on the one column contract
//! ([`crate::output::columns`]): the `objectives` and `indicators` tables are the flat
//! record's objective and indicator columns (same names, order and types), framed by
//! their keys. One definition drives the SQLite DDL, the inserts, the `records` view,
//! the CSV export, the Frictionless descriptor and the Parquet files.
//!
//! Keys are natural: a document is the sha256 of its bytes (`document_sha256`), an
//! input path (`inputs.source`) points at the document it holds (two copies of one PDF
//! are two inputs of one document), everything else is (document, number in document
//! order).

use crate::output::columns::{
    self, Column, ColumnType, DOCUMENT_KIND, DOCUMENT_SHA256, ENTE, ENTE_ISTAT, INDICATOR_NO,
    OBJECTIVE_NO, PERIOD, SOURCE, TABLE_ID,
};
use std::sync::LazyLock;

/// A foreign key.
#[derive(Debug, Clone, Copy)]
pub struct ForeignKey {
    /// Columns of this table.
    pub columns: &'static [&'static str],
    /// The table referred to.
    pub table: &'static str,
    /// Its columns.
    pub reference: &'static [&'static str],
    /// Rows here go with the row referred to (`ON DELETE CASCADE`): a document's rows
    /// are deleted with it.
    pub cascade: bool,
}

/// One table.
#[derive(Debug, Clone)]
pub struct TableDef {
    /// Name.
    pub name: &'static str,
    /// What a row is.
    pub doc: &'static str,
    /// Columns in order.
    pub columns: Vec<Column>,
    /// Primary key.
    pub primary_key: &'static [&'static str],
    /// Foreign keys.
    pub foreign_keys: &'static [ForeignKey],
    /// Indexes on the columns people filter by.
    pub indexes: &'static [&'static [&'static str]],
}

impl TableDef {
    /// Column names in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// A name as an SQL identifier: quoted, as `group` is a keyword.
pub fn ident(name: &str) -> String {
    format!("\"{name}\"")
}

use ColumnType::{Array, Boolean, Integer, Object, Real, Text};

const DOC_FK: ForeignKey = ForeignKey {
    columns: &["document_sha256"],
    table: "documents",
    reference: &["document_sha256"],
    cascade: true,
};

/// Bounding box columns: points, top-left origin, on the row's `page`.
const BOX: [Column; 4] = [
    Column::null("x0", Real, "left edge of the box, points"),
    Column::null("top", Real, "top edge of the box, points from the page top"),
    Column::null("x1", Real, "right edge of the box, points"),
    Column::null(
        "bottom",
        Real,
        "bottom edge of the box, points from the page top",
    ),
];

fn with_box(mut head: Vec<Column>) -> Vec<Column> {
    head.extend(BOX);
    head
}

/// `documents`: one row per document (by content).
pub static DOCUMENTS: LazyLock<TableDef> = LazyLock::new(|| TableDef {
    name: "documents",
    doc: "One row per document, keyed by the sha256 of its bytes; its input paths are in inputs.",
    columns: vec![
        DOCUMENT_SHA256,
        ENTE,
        ENTE_ISTAT,
        DOCUMENT_KIND,
        PERIOD,
        Column::null("first_year", Integer, "first year of the period"),
        Column::null("last_year", Integer, "last year of the period"),
        Column::required("years", Array, "every year of the period, JSON array"),
        Column::required("is_update", Boolean, "the title says AGGIORNAMENTO"),
        Column::null("title", Text, "first title line"),
        Column::required("pages", Integer, "pages in the PDF"),
        Column::null("producer", Text, "PDF producer"),
        Column::required(
            "tool_version",
            Text,
            "piao-extract version that wrote the rows",
        ),
    ],
    primary_key: &["document_sha256"],
    foreign_keys: &[],
    indexes: &[&["ente"], &["ente_istat"], &["document_kind", "period"]],
});

/// `inputs`: one row per input path; two copies of one PDF are two rows of one document.
pub static INPUTS: LazyLock<TableDef> = LazyLock::new(|| TableDef {
    name: "inputs",
    doc: "One row per input file (path as given), pointing at the document its bytes are.",
    columns: vec![
        SOURCE,
        DOCUMENT_SHA256,
        Column::null(
            "signer",
            Object,
            "who signed the input (.p7m envelope; not verified): subject, signing_time, envelopes",
        ),
    ],
    primary_key: &["source"],
    foreign_keys: &[DOC_FK],
    indexes: &[&["document_sha256"]],
});

/// `people`: one row per person id of the dataset.
pub static PEOPLE: LazyLock<TableDef> = LazyLock::new(|| TableDef {
    name: "people",
    doc: "One row per person (dirigente) of one ente, clustered over every document of that ente in the dataset.",
    columns: vec![
        Column::required(
            "person_id",
            Text,
            "stable id, p-<ente>-<family>-<given> (ente: its ISTAT code, else its folded name)",
        ),
        Column::null(
            "ente",
            Text,
            "the ente the person belongs to: its ISTAT code, else its folded name",
        ),
        Column::required(
            "name",
            Text,
            "family and given names of the fullest spelling",
        ),
        Column::required("family", Text, "family name"),
        Column::null("given", Text, "given names, space separated"),
        Column::required("spellings", Array, "every spelling printed, JSON array"),
    ],
    primary_key: &["person_id"],
    foreign_keys: &[],
    indexes: &[&["family"], &["ente"]],
});

/// `objectives`: one row per objective: the record's objective columns.
pub static OBJECTIVES: LazyLock<TableDef> = LazyLock::new(|| {
    let mut columns = vec![DOCUMENT_SHA256, OBJECTIVE_NO];
    columns.extend(columns::objective_columns().map(|c| c.column));
    columns.push(Column::null("page", Integer, "page of its first indicator"));
    columns.push(Column::required(
        "provenance",
        Object,
        "page and box of each printed field of the objective, JSON",
    ));
    TableDef {
        name: "objectives",
        doc: "One row per objective, in document order: the flat record's objective columns.",
        columns,
        primary_key: &["document_sha256", "objective_no"],
        foreign_keys: &[
            DOC_FK,
            ForeignKey {
                columns: &["dirigente_id"],
                table: "people",
                reference: &["person_id"],
                cascade: false,
            },
        ],
        indexes: &[
            &["dirigente_id"],
            &["objective_code"],
            &["year"],
            &["mission_code", "programme_code"],
        ],
    }
});

/// `indicators`: one row per indicator (= one flat record): the record's indicator
/// columns, its provenance and box.
pub static INDICATORS: LazyLock<TableDef> = LazyLock::new(|| {
    let mut columns = vec![DOCUMENT_SHA256, INDICATOR_NO, OBJECTIVE_NO];
    columns.extend(columns::indicator_columns().map(|c| c.column));
    columns.push(Column::required(
        "provenance",
        Object,
        "page and box of each printed field (the objective's too), JSON",
    ));
    TableDef {
        name: "indicators",
        doc: "One row per indicator, in document order: the flat record's indicator columns.",
        columns: with_box(columns),
        primary_key: &["document_sha256", "indicator_no"],
        foreign_keys: &[
            DOC_FK,
            ForeignKey {
                columns: &["document_sha256", "objective_no"],
                table: "objectives",
                reference: &["document_sha256", "objective_no"],
                cascade: true,
            },
        ],
        indexes: &[
            &["document_sha256", "objective_no"],
            &["formula_kind"],
            &["target_kind"],
        ],
    }
});

/// `tables`: every recognised table.
pub static TABLES: LazyLock<TableDef> = LazyLock::new(|| TableDef {
    name: "tables",
    doc: "One row per recognised table (objective tables and others).",
    columns: vec![
        DOCUMENT_SHA256,
        Column {
            doc: "t001, t002... in document order",
            ..TABLE_ID
        },
        Column::required("kind", Text, "objectives | objective_summary | other"),
        Column::required("method", Text, "how its grid was found"),
        Column::required("first_page", Integer, "first page"),
        Column::required("pages", Array, "pages it spans, JSON array"),
        Column::required("context", Array, "headings above it, JSON array"),
        Column::required("header", Array, "header cells, JSON array"),
        Column::required(
            "columns",
            Array,
            "column names, roles and confidences, JSON",
        ),
        Column::required("n_rows", Integer, "data rows"),
        Column::required("n_cols", Integer, "columns"),
    ],
    primary_key: &["document_sha256", "table_id"],
    foreign_keys: &[DOC_FK],
    indexes: &[&["kind"]],
});

/// `cells`: every data cell of every table.
pub static CELLS: LazyLock<TableDef> = LazyLock::new(|| TableDef {
    name: "cells",
    doc: "One row per data cell of a recognised table.",
    columns: with_box(vec![
        DOCUMENT_SHA256,
        Column {
            doc: "its table",
            ..TABLE_ID
        },
        Column::required("row_no", Integer, "0-based data row"),
        Column::required("col_no", Integer, "0-based column"),
        Column::null("text", Text, "text as read (empty for a blank cell)"),
        Column::null(
            "page",
            Integer,
            "page (null for a cell a merged cell covers)",
        ),
    ]),
    primary_key: &["document_sha256", "table_id", "row_no", "col_no"],
    foreign_keys: &[ForeignKey {
        columns: &["document_sha256", "table_id"],
        table: "tables",
        reference: &["document_sha256", "table_id"],
        cascade: true,
    }],
    indexes: &[],
});

/// `warnings`: soft problems of each document.
pub static WARNINGS: LazyLock<TableDef> = LazyLock::new(|| TableDef {
    name: "warnings",
    doc: "One row per soft problem met while reading a document.",
    columns: with_box(vec![
        DOCUMENT_SHA256,
        Column::required("warning_no", Integer, "1-based position"),
        Column::required("code", Text, "stable short code"),
        Column::required("message", Text, "one line"),
        Column::null("page", Integer, "page, when known"),
    ]),
    primary_key: &["document_sha256", "warning_no"],
    foreign_keys: &[DOC_FK],
    indexes: &[&["code"]],
});

/// `facts`: key figures of documents without objectives.
pub static FACTS: LazyLock<TableDef> = LazyLock::new(|| TableDef {
    name: "facts",
    doc: "One row per key figure of the running text (documents without objectives).",
    columns: with_box(vec![
        DOCUMENT_SHA256,
        Column::required("fact_no", Integer, "1-based position"),
        Column::required("label", Text, "what the figure counts"),
        Column::required("value", Text, "the figure as printed"),
        Column::null("unit", Text, "unit"),
        Column::null("section", Text, "heading it was under"),
        Column::required("page", Integer, "page"),
    ]),
    primary_key: &["document_sha256", "fact_no"],
    foreign_keys: &[DOC_FK],
    indexes: &[],
});

/// Every table, parents before children (the order to create and to fill them in).
pub fn all() -> [&'static TableDef; 9] {
    [
        &DOCUMENTS,
        &INPUTS,
        &PEOPLE,
        &OBJECTIVES,
        &INDICATORS,
        &TABLES,
        &CELLS,
        &WARNINGS,
        &FACTS,
    ]
}

/// The flat record's columns (the `records` view's, and `--format records`').
pub fn record_columns() -> Vec<Column> {
    columns::RECORD.iter().map(|c| c.column).collect()
}

/// The `records` view: one row per input and indicator, the flat record's columns,
/// each taken from the table that holds it (`i` indicators, `o` objectives, `d`
/// documents, `s` inputs).
pub fn records_view() -> String {
    let tables: [(&str, &TableDef); 4] = [
        ("i", &INDICATORS),
        ("o", &OBJECTIVES),
        ("d", &DOCUMENTS),
        ("s", &INPUTS),
    ];
    let cols: Vec<String> = record_columns()
        .iter()
        .map(|c| {
            let alias = tables
                .iter()
                .find(|(_, t)| t.column(c.name).is_some())
                .map_or("i", |(a, _)| a);
            format!("{alias}.{} AS {}", ident(c.name), ident(c.name))
        })
        .collect();
    format!(
        "SELECT {} FROM inputs s \
         JOIN documents d ON d.document_sha256 = s.document_sha256 \
         JOIN indicators i ON i.document_sha256 = s.document_sha256 \
         JOIN objectives o ON o.document_sha256 = i.document_sha256 AND o.objective_no = i.objective_no \
         ORDER BY s.source, i.indicator_no",
        cols.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every column of the record is in the view's tables, so the view takes none of
    /// them from a wrong place; the objective and indicator tables hold the record's
    /// columns with the record's types.
    #[test]
    fn the_record_columns_live_in_the_tables() {
        for c in record_columns() {
            let homes: Vec<&Column> = [&*INDICATORS, &*OBJECTIVES, &*DOCUMENTS, &*INPUTS]
                .iter()
                .filter_map(|t| t.column(c.name))
                .collect();
            assert!(!homes.is_empty(), "{} is in no table", c.name);
            assert!(
                homes.iter().all(|h| h.ty == c.ty),
                "{}: {:?} vs {homes:?}",
                c.name,
                c.ty
            );
        }
    }
}
