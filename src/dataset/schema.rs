//! The dataset's tables as data: one definition drives the SQLite DDL, the inserts,
//! the CSV export and the Frictionless descriptor, so the three never disagree.

/// The type of a column, in SQLite and in Frictionless terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text (`TEXT` / `string`).
    Text,
    /// Whole number (`INTEGER` / `integer`).
    Integer,
    /// Decimal number, normalised from the Italian printed form (`REAL` / `number`).
    Real,
    /// 0 or 1 in SQLite, `true` / `false` in CSV (`boolean`).
    Boolean,
    /// A JSON object kept as text (`TEXT` / `object`).
    Object,
    /// A JSON array kept as text (`TEXT` / `array`).
    Array,
}

impl Kind {
    /// The SQLite column type.
    pub fn sql(self) -> &'static str {
        match self {
            Kind::Integer | Kind::Boolean => "INTEGER",
            Kind::Real => "REAL",
            Kind::Text | Kind::Object | Kind::Array => "TEXT",
        }
    }

    /// The Frictionless field type.
    pub fn frictionless(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Integer => "integer",
            Kind::Real => "number",
            Kind::Boolean => "boolean",
            Kind::Object => "object",
            Kind::Array => "array",
        }
    }
}

/// One column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Name (the flat record's key where there is one).
    pub name: &'static str,
    /// Type.
    pub kind: Kind,
    /// Never null.
    pub required: bool,
    /// One line for the reader of the schema.
    pub doc: &'static str,
}

const fn col(name: &'static str, kind: Kind, doc: &'static str) -> Column {
    Column {
        name,
        kind,
        required: false,
        doc,
    }
}

const fn key(name: &'static str, kind: Kind, doc: &'static str) -> Column {
    Column {
        name,
        kind,
        required: true,
        doc,
    }
}

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
#[derive(Debug, Clone, Copy)]
pub struct TableDef {
    /// Name.
    pub name: &'static str,
    /// What a row is.
    pub doc: &'static str,
    /// Columns in order.
    pub columns: &'static [Column],
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
}

use Kind::{Array, Boolean, Integer, Object, Real, Text};

const DOC_FK: ForeignKey = ForeignKey {
    columns: &["document"],
    table: "documents",
    reference: &["sha256"],
    cascade: true,
};

const DOCUMENT: Column = key(
    "document",
    Text,
    "sha256 of the document (documents.sha256)",
);

/// Bounding box columns: points, top-left origin, on the row's `page`.
const BOX: [Column; 4] = [
    col("x0", Real, "left edge of the box, points"),
    col("top", Real, "top edge of the box, points from the page top"),
    col("x1", Real, "right edge of the box, points"),
    col(
        "bottom",
        Real,
        "bottom edge of the box, points from the page top",
    ),
];

const fn with_box<const N: usize, const M: usize>(head: [Column; N]) -> [Column; M] {
    let mut out = [col("", Text, ""); M];
    let mut i = 0;
    while i < N {
        out[i] = head[i];
        i += 1;
    }
    let mut j = 0;
    while j < BOX.len() {
        out[N + j] = BOX[j];
        j += 1;
    }
    out
}

/// `documents`: one row per input document (by content).
pub const DOCUMENTS: TableDef = TableDef {
    name: "documents",
    doc: "One row per document, keyed by the sha256 of its bytes.",
    columns: &[
        key("sha256", Text, "sha256 of the PDF bytes, lowercase hex"),
        key("file", Text, "path of the input as given to extract"),
        col("ente", Text, "the municipality (Comune di ...)"),
        col(
            "ente_istat",
            Text,
            "its ISTAT code (019036); null when unknown or ambiguous",
        ),
        key(
            "kind",
            Text,
            "piao | relazione_performance | piano_performance | peg | dup | unknown",
        ),
        col(
            "period",
            Text,
            "2025-2027 for a PIAO, the year of a Relazione",
        ),
        col("first_year", Integer, "first year of the period"),
        col("last_year", Integer, "last year of the period"),
        col("years", Array, "every year of the period, JSON array"),
        key("is_update", Boolean, "the title says AGGIORNAMENTO"),
        col("title", Text, "first title line"),
        key("pages", Integer, "pages in the PDF"),
        col("producer", Text, "PDF producer"),
        col(
            "signer",
            Text,
            "who signed the document (not read yet: always null)",
        ),
        key(
            "tool_version",
            Text,
            "piao-extract version that wrote the rows",
        ),
    ],
    primary_key: &["sha256"],
    foreign_keys: &[],
    indexes: &[&["ente"], &["ente_istat"], &["file"], &["kind", "period"]],
};

/// `people`: one row per person id of the dataset.
pub const PEOPLE: TableDef = TableDef {
    name: "people",
    doc: "One row per person (dirigente) of one ente, clustered over every document of that ente in the dataset.",
    columns: &[
        key("person_id", Text, "stable id, p-ente-family-given"),
        col(
            "ente",
            Text,
            "the ente the person belongs to: its ISTAT code, else its folded name",
        ),
        key(
            "name",
            Text,
            "family and given names of the fullest spelling",
        ),
        key("family", Text, "family name"),
        col("given", Text, "given names, space separated"),
        key("spellings", Array, "every spelling printed, JSON array"),
    ],
    primary_key: &["person_id"],
    foreign_keys: &[],
    indexes: &[&["family"], &["ente"]],
};

/// `objectives`: one row per objective.
pub const OBJECTIVES: TableDef = TableDef {
    name: "objectives",
    doc: "One row per objective, in document order.",
    columns: &[
        DOCUMENT,
        key("objective_no", Integer, "1-based position in the document"),
        col("year", Integer, "year the objective is planned for"),
        col(
            "group_name",
            Text,
            "silo / linea strategica / area (records: group)",
        ),
        col(
            "group_achievement",
            Text,
            "the group's % raggiungimento as printed",
        ),
        col("objective", Text, "title as printed"),
        col("objective_code", Text, "code as printed"),
        col("objective_code_kind", Text, "shape of the code"),
        col(
            "mission_code",
            Text,
            "Missione of the harmonised budget, two digits (D.Lgs. 118/2011)",
        ),
        col("mission_name", Text, "the mission's official name"),
        col(
            "programme_code",
            Text,
            "Programma within the mission, two digits",
        ),
        col("programme_name", Text, "the programme's official name"),
        col("objective_description", Text, "definition as printed"),
        col("dirigente", Text, "dirigente as printed"),
        col("dirigente_id", Text, "person id (people.person_id)"),
        col("settore", Text, "settore as printed"),
        col("beneficiaries", Text, "card: destinatari"),
        col("units", Text, "card: unità organizzative coinvolte"),
        col(
            "mission",
            Text,
            "missione of the harmonised budget, as printed",
        ),
        col(
            "programme",
            Text,
            "programma of the harmonised budget, as printed",
        ),
        col("card_number", Integer, "card: number printed before Titolo"),
        col("objective_type", Text, "card: type as printed"),
        col("objective_type_code", Text, "card: the type's letter"),
        col("summary_row", Integer, "card: its row in the summary table"),
        col("summary", Object, "card: the summary row, JSON"),
        key(
            "supporting",
            Boolean,
            "a supporting objective (own code under a title above)",
        ),
        col("page", Integer, "page of its first indicator"),
        key(
            "provenance",
            Object,
            "page and box of each printed field, JSON",
        ),
    ],
    primary_key: &["document", "objective_no"],
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
};

const INDICATOR_COLUMNS: [Column; 33] = with_box([
    DOCUMENT,
    key("indicator_no", Integer, "1-based position in the document"),
    key(
        "objective_no",
        Integer,
        "its objective (objectives.objective_no)",
    ),
    col("indicator", Text, "title as printed"),
    col("indicator_code", Text, "code as printed"),
    col("purpose", Text, "finalità as printed"),
    col("formula", Text, "formula as printed"),
    col(
        "target",
        Text,
        "target as printed (Italian number format kept)",
    ),
    col("actual", Text, "target consuntivo as printed"),
    col("deviation", Text, "scostamento as printed"),
    col("weight", Text, "peso as printed"),
    col("achievement", Text, "% raggiungimento as printed"),
    col("notes", Text, "note as printed"),
    col("barometer", Text, "barometro as printed"),
    col("baseline", Text, "card: da dove si parte"),
    col("deadline", Text, "card: entro quando"),
    col("data_source", Text, "card: fonte per verificare i dati"),
    col(
        "formula_kind",
        Text,
        "binary | ratio | change | count | amount | percentage | average | comparison | deadline | text",
    ),
    col(
        "target_kind",
        Text,
        "number | percentage | comparison | date | text",
    ),
    col("target_value", Real, "the target's number"),
    col("target_comparator", Text, "lt | le | gt | ge | eq"),
    col("target_unit", Text, "unit after the target's number"),
    col("target_date", Text, "a date in the target, yyyy-mm-dd"),
    col("actual_value", Real, "actual as a number"),
    col("weight_value", Real, "weight as a number"),
    col("achievement_value", Real, "achievement as a number"),
    key("page", Integer, "page of the indicator's row"),
    col("table_id", Text, "table it was read from (records: table)"),
    key(
        "provenance",
        Object,
        "page and box of each printed field (objective's too), JSON",
    ),
]);

/// `indicators`: one row per indicator (= one flat record).
pub const INDICATORS: TableDef = TableDef {
    name: "indicators",
    doc: "One row per indicator, in document order: raw strings and normalised values.",
    columns: &INDICATOR_COLUMNS,
    primary_key: &["document", "indicator_no"],
    foreign_keys: &[
        DOC_FK,
        ForeignKey {
            columns: &["document", "objective_no"],
            table: "objectives",
            reference: &["document", "objective_no"],
            cascade: true,
        },
    ],
    indexes: &[
        &["document", "objective_no"],
        &["formula_kind"],
        &["target_kind"],
    ],
};

/// `tables`: every recognised table.
pub const TABLES: TableDef = TableDef {
    name: "tables",
    doc: "One row per recognised table (objective tables and others).",
    columns: &[
        DOCUMENT,
        key("table_id", Text, "t001, t002... in document order"),
        key("kind", Text, "objectives | objective_summary | other"),
        key("method", Text, "how its grid was found"),
        key("first_page", Integer, "first page"),
        key("pages", Array, "pages it spans, JSON array"),
        key("context", Array, "headings above it, JSON array"),
        key("header", Array, "header cells, JSON array"),
        key(
            "columns",
            Array,
            "column names, roles and confidences, JSON",
        ),
        key("n_rows", Integer, "data rows"),
        key("n_cols", Integer, "columns"),
    ],
    primary_key: &["document", "table_id"],
    foreign_keys: &[DOC_FK],
    indexes: &[&["kind"]],
};

const CELL_COLUMNS: [Column; 10] = with_box([
    DOCUMENT,
    key("table_id", Text, "its table"),
    key("row_no", Integer, "0-based data row"),
    key("col_no", Integer, "0-based column"),
    col("text", Text, "text as read (empty for a blank cell)"),
    col(
        "page",
        Integer,
        "page (null for a cell a merged cell covers)",
    ),
]);

/// `cells`: every data cell of every table.
pub const CELLS: TableDef = TableDef {
    name: "cells",
    doc: "One row per data cell of a recognised table.",
    columns: &CELL_COLUMNS,
    primary_key: &["document", "table_id", "row_no", "col_no"],
    foreign_keys: &[ForeignKey {
        columns: &["document", "table_id"],
        table: "tables",
        reference: &["document", "table_id"],
        cascade: true,
    }],
    indexes: &[],
};

const WARNING_COLUMNS: [Column; 9] = with_box([
    DOCUMENT,
    key("warning_no", Integer, "1-based position"),
    key("code", Text, "stable short code"),
    key("message", Text, "one line"),
    col("page", Integer, "page, when known"),
]);

/// `warnings`: soft problems of each document.
pub const WARNINGS: TableDef = TableDef {
    name: "warnings",
    doc: "One row per soft problem met while reading a document.",
    columns: &WARNING_COLUMNS,
    primary_key: &["document", "warning_no"],
    foreign_keys: &[DOC_FK],
    indexes: &[&["code"]],
};

const FACT_COLUMNS: [Column; 11] = with_box([
    DOCUMENT,
    key("fact_no", Integer, "1-based position"),
    key("label", Text, "what the figure counts"),
    key("value", Text, "the figure as printed"),
    col("unit", Text, "unit"),
    col("section", Text, "heading it was under"),
    key("page", Integer, "page"),
]);

/// `facts`: key figures of documents without objectives.
pub const FACTS: TableDef = TableDef {
    name: "facts",
    doc: "One row per key figure of the running text (documents without objectives).",
    columns: &FACT_COLUMNS,
    primary_key: &["document", "fact_no"],
    foreign_keys: &[DOC_FK],
    indexes: &[],
};

/// Every table, parents before children (the order to create and to fill them in).
pub const ALL: &[TableDef] = &[
    DOCUMENTS, PEOPLE, OBJECTIVES, INDICATORS, TABLES, CELLS, WARNINGS, FACTS,
];

/// Keys of a flat record (`--format records`) in order, with the SQL that gives
/// each in the `records` view (`d` documents, `o` objectives, `i` indicators).
pub const RECORD_COLUMNS: &[(&str, &str, Kind)] = &[
    ("year", "o.year", Integer),
    ("group", "o.group_name", Text),
    ("objective", "o.objective", Text),
    ("objective_code", "o.objective_code", Text),
    ("objective_description", "o.objective_description", Text),
    ("dirigente", "o.dirigente", Text),
    ("settore", "o.settore", Text),
    ("indicator", "i.indicator", Text),
    ("indicator_code", "i.indicator_code", Text),
    ("purpose", "i.purpose", Text),
    ("formula", "i.formula", Text),
    ("target", "i.target", Text),
    ("actual", "i.actual", Text),
    ("deviation", "i.deviation", Text),
    ("weight", "i.weight", Text),
    ("achievement", "i.achievement", Text),
    ("notes", "i.notes", Text),
    ("group_achievement", "o.group_achievement", Text),
    ("barometer", "i.barometer", Text),
    ("baseline", "i.baseline", Text),
    ("deadline", "i.deadline", Text),
    ("beneficiaries", "o.beneficiaries", Text),
    ("units", "o.units", Text),
    ("mission", "o.mission", Text),
    ("programme", "o.programme", Text),
    ("data_source", "i.data_source", Text),
    ("card_number", "o.card_number", Integer),
    ("objective_type", "o.objective_type", Text),
    ("objective_type_code", "o.objective_type_code", Text),
    ("summary_row", "o.summary_row", Integer),
    ("summary", "o.summary", Object),
    ("dirigente_id", "o.dirigente_id", Text),
    ("objective_code_kind", "o.objective_code_kind", Text),
    ("mission_code", "o.mission_code", Text),
    ("mission_name", "o.mission_name", Text),
    ("programme_code", "o.programme_code", Text),
    ("programme_name", "o.programme_name", Text),
    ("formula_kind", "i.formula_kind", Text),
    ("target_kind", "i.target_kind", Text),
    ("target_value", "i.target_value", Real),
    ("target_comparator", "i.target_comparator", Text),
    ("target_unit", "i.target_unit", Text),
    ("target_date", "i.target_date", Text),
    ("actual_value", "i.actual_value", Real),
    ("weight_value", "i.weight_value", Real),
    ("achievement_value", "i.achievement_value", Real),
    ("supporting_objective", "o.supporting", Boolean),
    ("ente", "d.ente", Text),
    ("ente_istat", "d.ente_istat", Text),
    ("document_kind", "d.kind", Text),
    ("period", "d.period", Text),
    ("source", "d.file", Text),
    ("page", "i.page", Integer),
    ("table", "i.table_id", Text),
    ("provenance", "i.provenance", Object),
];

/// The column of `table` that a flat record's `key` goes into, when they differ.
pub fn record_key(column: &str) -> &str {
    match column {
        "group_name" => "group",
        "table_id" => "table",
        "supporting" => "supporting_objective",
        other => other,
    }
}
