//! The one column contract: the name, type and nullability of every column the tool
//! writes, in every format, from one definition.
//!
//! [`RECORD`] is the flat record (one per indicator): each column's name, type, whether
//! it may be null, what it holds, and where its value comes from in the typed
//! [`Record`]. NDJSON and CSV write a record's [`Record::cells`] under these names in
//! this order; the SQLite `objectives` and `indicators` tables are its objective and
//! indicator columns (`dataset::schema`), and the `records` view, the CSV data package
//! and the Parquet files are generated from the same list. A format can only differ in
//! how it spells a type: [`ColumnType`] says how each is written in SQLite, in a
//! Frictionless data package and in Arrow / Parquet.
//!
//! # For a library caller
//! ```
//! use piao_extract::output::columns::{self, RECORD};
//! let names: Vec<&str> = RECORD.iter().map(|c| c.column.name).collect();
//! assert_eq!(names.first(), Some(&"year"));
//! let schema = columns::record_schema(); // an arrow_schema::Schema
//! assert_eq!(schema.fields().len(), RECORD.len());
//! ```
//! [`record_batch`] turns typed records into one Arrow `RecordBatch` with that schema
//! (the Parquet files hold the same types).

use super::record::{DocumentFields, IndicatorRecord, ObjectiveRecord, Record, RecordKey};
use crate::error::{Error, Result};
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// The type of a column, the same in every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// Text, kept exactly as printed: `1.194.987` and `7.766,74` are text here (the
    /// numbers are the `*_value` columns).
    Text,
    /// A whole number.
    Integer,
    /// A decimal number, normalised from the Italian printed form.
    Real,
    /// True or false.
    Boolean,
    /// A calendar date (`yyyy-mm-dd` in text formats).
    Date,
    /// A JSON object (text in CSV and SQLite).
    Object,
    /// A JSON array (text in CSV and SQLite).
    Array,
}

impl ColumnType {
    /// The SQLite column type (`BOOLEAN` holds 0/1, `DATE` holds `yyyy-mm-dd` text;
    /// readers such as DuckDB take these declared types as they are).
    pub fn sql(self) -> &'static str {
        match self {
            ColumnType::Text | ColumnType::Object | ColumnType::Array => "TEXT",
            ColumnType::Integer => "INTEGER",
            ColumnType::Real => "REAL",
            ColumnType::Boolean => "BOOLEAN",
            ColumnType::Date => "DATE",
        }
    }

    /// The Frictionless field type.
    pub fn frictionless(self) -> &'static str {
        match self {
            ColumnType::Text => "string",
            ColumnType::Integer => "integer",
            ColumnType::Real => "number",
            ColumnType::Boolean => "boolean",
            ColumnType::Date => "date",
            ColumnType::Object => "object",
            ColumnType::Array => "array",
        }
    }

    /// The Arrow (and Parquet) type: JSON objects and arrays are UTF-8 text.
    pub fn arrow(self) -> DataType {
        match self {
            ColumnType::Text | ColumnType::Object | ColumnType::Array => DataType::Utf8,
            ColumnType::Integer => DataType::Int64,
            ColumnType::Real => DataType::Float64,
            ColumnType::Boolean => DataType::Boolean,
            ColumnType::Date => DataType::Date32,
        }
    }
}

/// One column of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Name, the same in every format.
    pub name: &'static str,
    /// Type.
    #[serde(rename = "type")]
    pub ty: ColumnType,
    /// May be null (empty in CSV).
    pub nullable: bool,
    /// What it holds, for the reader of a schema.
    pub doc: &'static str,
}

impl Column {
    /// A column that may be null.
    pub const fn null(name: &'static str, ty: ColumnType, doc: &'static str) -> Self {
        Column {
            name,
            ty,
            nullable: true,
            doc,
        }
    }

    /// A column that is never null.
    pub const fn required(name: &'static str, ty: ColumnType, doc: &'static str) -> Self {
        Column {
            name,
            ty,
            nullable: false,
            doc,
        }
    }

    /// The Arrow field, with the column's description as metadata.
    pub fn arrow_field(&self) -> Field {
        let meta = HashMap::from([("description".to_string(), self.doc.to_string())]);
        Field::new(self.name, self.ty.arrow(), self.nullable).with_metadata(meta)
    }
}

/// The Arrow schema of some columns, in order.
pub fn arrow_schema<'a>(columns: impl IntoIterator<Item = &'a Column>) -> Schema {
    Schema::new(
        columns
            .into_iter()
            .map(Column::arrow_field)
            .collect::<Vec<_>>(),
    )
}

/// The flat record's Arrow schema (the Parquet `records` file's).
pub fn record_schema() -> Schema {
    arrow_schema(RECORD.iter().map(|c| &c.column))
}

/// One value of one column, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// No value.
    Null,
    /// Text (also an enum's name).
    Text(Cow<'a, str>),
    /// A whole number.
    Integer(i64),
    /// A decimal number.
    Real(f64),
    /// True or false.
    Boolean(bool),
    /// A date.
    Date(NaiveDate),
    /// A JSON object or array.
    Json(Value),
}

impl<'a> Cell<'a> {
    /// Text, or null.
    pub fn text(v: &'a Option<String>) -> Self {
        v.as_deref()
            .map_or(Cell::Null, |s| Cell::Text(Cow::Borrowed(s)))
    }

    /// A whole number, or null.
    pub fn int<T: TryInto<i64>>(v: Option<T>) -> Self {
        v.and_then(|n| n.try_into().ok())
            .map_or(Cell::Null, Cell::Integer)
    }

    /// A decimal number, or null.
    pub fn real(v: Option<f64>) -> Self {
        v.map_or(Cell::Null, Cell::Real)
    }

    /// A date, or null.
    pub fn date(v: Option<NaiveDate>) -> Self {
        v.map_or(Cell::Null, Cell::Date)
    }

    /// An enum by its serialised name (`binary`, `piao`), or null.
    pub fn name<T: Serialize>(v: &Option<T>) -> Self {
        let name = v
            .as_ref()
            .and_then(|v| serde_json::to_value(v).ok())
            .and_then(|j| j.as_str().map(str::to_string));
        name.map_or(Cell::Null, |s| Cell::Text(Cow::Owned(s)))
    }

    /// A value as JSON (an object or array column), or null.
    pub fn json<T: Serialize>(v: &T) -> Self {
        match serde_json::to_value(v) {
            Ok(Value::Null) | Err(_) => Cell::Null,
            Ok(j) => Cell::Json(j),
        }
    }

    /// The cell as CSV text: empty for null, `true`/`false`, `yyyy-mm-dd`, JSON as text.
    pub fn csv(&self) -> Cow<'_, str> {
        match self {
            Cell::Null => Cow::Borrowed(""),
            Cell::Text(s) => Cow::Borrowed(s.as_ref()),
            Cell::Integer(n) => Cow::Owned(n.to_string()),
            Cell::Real(x) => Cow::Owned(x.to_string()),
            Cell::Boolean(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Cell::Date(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
            Cell::Json(j) => Cow::Owned(j.to_string()),
        }
    }

    /// Whether the cell fits a column of type `ty` (null always does).
    pub fn fits(&self, ty: ColumnType) -> bool {
        matches!(
            (self, ty),
            (Cell::Null, _)
                | (Cell::Text(_), ColumnType::Text)
                | (Cell::Integer(_), ColumnType::Integer)
                | (Cell::Real(_), ColumnType::Real)
                | (Cell::Boolean(_), ColumnType::Boolean)
                | (Cell::Date(_), ColumnType::Date)
                | (Cell::Json(Value::Object(_)), ColumnType::Object)
                | (Cell::Json(Value::Array(_)), ColumnType::Array)
                // JSON kept as text (as SQLite and CSV hold it)
                | (Cell::Text(_), ColumnType::Object | ColumnType::Array)
        )
    }
}

/// As JSON: null, a string, a number, a boolean, `yyyy-mm-dd`, or the JSON value.
impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Cell::Null => s.serialize_none(),
            Cell::Text(t) => s.serialize_str(t),
            Cell::Integer(n) => s.serialize_i64(*n),
            Cell::Real(x) => s.serialize_f64(*x),
            Cell::Boolean(b) => s.serialize_bool(*b),
            Cell::Date(d) => s.collect_str(&d.format("%Y-%m-%d")),
            Cell::Json(j) => j.serialize(s),
        }
    }
}

/// Where a record column's value comes from: one part of the typed [`Record`], or the
/// whole record (its provenance joins both parts').
#[derive(Debug, Clone, Copy)]
pub enum Getter {
    /// The record's position in its document.
    Key(fn(&RecordKey) -> Cell<'_>),
    /// The objective's fields.
    Objective(fn(&ObjectiveRecord) -> Cell<'_>),
    /// The indicator's fields.
    Indicator(fn(&IndicatorRecord) -> Cell<'_>),
    /// The document's fields.
    Document(fn(&DocumentFields) -> Cell<'_>),
    /// The whole record.
    Record(fn(&Record) -> Cell<'_>),
}

/// One column of the flat record and where its value comes from.
#[derive(Debug, Clone, Copy)]
pub struct RecordColumn {
    /// The column.
    pub column: Column,
    /// Its value in a record.
    pub get: Getter,
}

impl RecordColumn {
    /// This column's cell of `r`.
    pub fn cell<'a>(&self, r: &'a Record) -> Cell<'a> {
        match self.get {
            Getter::Key(f) => f(&r.key),
            Getter::Objective(f) => f(&r.objective),
            Getter::Indicator(f) => f(&r.indicator),
            Getter::Document(f) => f(&r.document),
            Getter::Record(f) => f(r),
        }
    }
}

use ColumnType::{Boolean, Date, Integer, Object, Real, Text};

const fn obj(column: Column, f: fn(&ObjectiveRecord) -> Cell<'_>) -> RecordColumn {
    RecordColumn {
        column,
        get: Getter::Objective(f),
    }
}

const fn ind(column: Column, f: fn(&IndicatorRecord) -> Cell<'_>) -> RecordColumn {
    RecordColumn {
        column,
        get: Getter::Indicator(f),
    }
}

const fn doc(column: Column, f: fn(&DocumentFields) -> Cell<'_>) -> RecordColumn {
    RecordColumn {
        column,
        get: Getter::Document(f),
    }
}

const fn key(column: Column, f: fn(&RecordKey) -> Cell<'_>) -> RecordColumn {
    RecordColumn {
        column,
        get: Getter::Key(f),
    }
}

const fn text(name: &'static str, doc: &'static str) -> Column {
    Column::null(name, Text, doc)
}

/// `document_sha256`: the document's key in every table.
pub const DOCUMENT_SHA256: Column = Column::required(
    "document_sha256",
    Text,
    "sha256 of the input's bytes, lowercase hex (documents.document_sha256)",
);
/// `source`: the input path.
pub const SOURCE: Column = Column::required("source", Text, "the input file as given to extract");
/// `ente`.
pub const ENTE: Column = text("ente", "the municipality (Comune di ...)");
/// `ente_istat`.
pub const ENTE_ISTAT: Column = text(
    "ente_istat",
    "the ente's ISTAT code (019036, ISTAT Elenco dei comuni italiani); null when its name is unknown or fits several comuni",
);
/// `document_kind`.
pub const DOCUMENT_KIND: Column = Column::required(
    "document_kind",
    Text,
    "piao | relazione_performance | piano_performance | peg | dup | unknown",
);
/// `period`.
pub const PERIOD: Column = text("period", "2025-2027 for a PIAO, the year of a Relazione");
/// `objective_no`.
pub const OBJECTIVE_NO: Column = Column::required(
    "objective_no",
    Integer,
    "1-based position of the objective in its document (objectives.objective_no)",
);
/// `indicator_no`.
pub const INDICATOR_NO: Column = Column::required(
    "indicator_no",
    Integer,
    "1-based position of the record (indicator) in its document (indicators.indicator_no)",
);
/// `table_id`.
pub const TABLE_ID: Column = Column::required(
    "table_id",
    Text,
    "the table it was read from (tables.table_id)",
);

/// The flat record: the truth format's keys first (`year` … `notes`), then the card
/// fields, the normalised fields, the document, the record's position and provenance.
/// Every format writes these columns, in this order, with these types.
pub const RECORD: &[RecordColumn] = &[
    obj(
        Column::null("year", Integer, "year the objective is planned for"),
        |o| Cell::int(o.year),
    ),
    obj(
        text("group", "silo / linea strategica / area as printed"),
        |o| Cell::text(&o.group),
    ),
    obj(text("objective", "title as printed"), |o| {
        Cell::text(&o.objective)
    }),
    obj(text("objective_code", "code as printed"), |o| {
        Cell::text(&o.objective_code)
    }),
    obj(
        text("objective_description", "definition as printed"),
        |o| Cell::text(&o.objective_description),
    ),
    obj(text("dirigente", "dirigente as printed"), |o| {
        Cell::text(&o.dirigente)
    }),
    obj(text("settore", "settore as printed"), |o| {
        Cell::text(&o.settore)
    }),
    ind(text("indicator", "indicator title as printed"), |i| {
        Cell::text(&i.indicator)
    }),
    ind(text("indicator_code", "indicator code as printed"), |i| {
        Cell::text(&i.indicator_code)
    }),
    ind(text("purpose", "finalità as printed"), |i| {
        Cell::text(&i.purpose)
    }),
    ind(text("formula", "formula as printed"), |i| {
        Cell::text(&i.formula)
    }),
    ind(
        text(
            "target",
            "target as printed (Italian number format kept: text, never a number)",
        ),
        |i| Cell::text(&i.target),
    ),
    ind(text("actual", "target consuntivo as printed"), |i| {
        Cell::text(&i.actual)
    }),
    ind(text("deviation", "scostamento as printed"), |i| {
        Cell::text(&i.deviation)
    }),
    ind(text("weight", "peso as printed"), |i| Cell::text(&i.weight)),
    ind(text("achievement", "% raggiungimento as printed"), |i| {
        Cell::text(&i.achievement)
    }),
    ind(text("notes", "note as printed"), |i| Cell::text(&i.notes)),
    obj(
        text(
            "group_achievement",
            "the group's % raggiungimento as printed",
        ),
        |o| Cell::text(&o.group_achievement),
    ),
    ind(text("barometer", "barometro as printed"), |i| {
        Cell::text(&i.barometer)
    }),
    ind(text("baseline", "card: da dove si parte"), |i| {
        Cell::text(&i.baseline)
    }),
    ind(text("deadline", "card: entro quando, as printed"), |i| {
        Cell::text(&i.deadline)
    }),
    obj(text("beneficiaries", "card: destinatari"), |o| {
        Cell::text(&o.beneficiaries)
    }),
    obj(text("units", "card: unità organizzative coinvolte"), |o| {
        Cell::text(&o.units)
    }),
    obj(
        text(
            "servizio",
            "servizio / ufficio under the settore, as printed (a row of the table naming the unit above its objectives)",
        ),
        |o| Cell::text(&o.servizio),
    ),
    obj(
        text("mission", "missione of the harmonised budget, as printed"),
        |o| Cell::text(&o.mission),
    ),
    obj(
        text(
            "programme",
            "programma of the harmonised budget, as printed",
        ),
        |o| Cell::text(&o.programme),
    ),
    ind(
        text("data_source", "card: fonte per verificare i dati"),
        |i| Cell::text(&i.data_source),
    ),
    obj(
        Column::null("card_number", Integer, "card: number printed before Titolo"),
        |o| Cell::int(o.card_number),
    ),
    obj(text("objective_type", "card: type as printed"), |o| {
        Cell::text(&o.objective_type)
    }),
    obj(
        text("objective_type_code", "card: the type's letter"),
        |o| Cell::text(&o.objective_type_code),
    ),
    obj(
        Column::null("summary_row", Integer, "card: its row in the summary table"),
        |o| Cell::int(o.summary_row),
    ),
    obj(
        Column::null("summary", Object, "card: the summary row it matched"),
        |o| Cell::json(&o.summary),
    ),
    obj(
        text(
            "dirigente_id",
            "person id of the dirigente (people.person_id)",
        ),
        |o| Cell::text(&o.dirigente_id),
    ),
    obj(
        text(
            "objective_code_kind",
            "shape of the code (data/codes/shapes.tsv): strategic | sector | plan | operational | management | objective | indicator | mission_programme | year_sequence | path | sequence | other",
        ),
        |o| Cell::name(&o.objective_code_kind),
    ),
    obj(
        text(
            "mission_code",
            "Missione of the harmonised budget (D.Lgs. 118/2011, allegato 14), two digits (01..50); null where the document names none",
        ),
        |o| Cell::text(&o.mission_code),
    ),
    obj(
        text("mission_name", "the mission's official name (allegato 14)"),
        |o| Cell::text(&o.mission_name),
    ),
    obj(
        text(
            "programme_code",
            "Programma within the mission, two digits (03 of mission 01 is 01.03)",
        ),
        |o| Cell::text(&o.programme_code),
    ),
    obj(
        text(
            "programme_name",
            "the programme's official name (allegato 14)",
        ),
        |o| Cell::text(&o.programme_name),
    ),
    ind(
        text(
            "formula_kind",
            "binary | ratio | change | count | amount | percentage | average | comparison | deadline | text",
        ),
        |i| Cell::name(&i.formula_kind),
    ),
    ind(
        text(
            "target_kind",
            "number | percentage | comparison | date | text",
        ),
        |i| Cell::name(&i.target_kind),
    ),
    ind(
        Column::null("target_value", Real, "the target's number"),
        |i| Cell::real(i.target_value),
    ),
    ind(
        text(
            "target_comparator",
            "lt | le | gt | ge | eq: the comparison the target asks for",
        ),
        |i| Cell::name(&i.target_comparator),
    ),
    ind(
        text(
            "target_unit",
            "unit after the target's number (%, €, giorni)",
        ),
        |i| Cell::text(&i.target_unit),
    ),
    ind(
        Column::null("target_date", Date, "a date in the target"),
        |i| Cell::date(i.target_date),
    ),
    ind(
        Column::null("deadline_date", Date, "card: the date the deadline sets"),
        |i| Cell::date(i.deadline_date),
    ),
    ind(
        Column::null("actual_value", Real, "actual as a number"),
        |i| Cell::real(i.actual_value),
    ),
    ind(
        Column::null("weight_value", Real, "weight as a number"),
        |i| Cell::real(i.weight_value),
    ),
    ind(
        Column::null("achievement_value", Real, "achievement as a number"),
        |i| Cell::real(i.achievement_value),
    ),
    obj(
        Column::required(
            "supporting_objective",
            Boolean,
            "a supporting objective (own code and dirigente under a title above)",
        ),
        |o| Cell::Boolean(o.supporting),
    ),
    doc(ENTE, |d| Cell::text(&d.ente)),
    doc(ENTE_ISTAT, |d| Cell::text(&d.ente_istat)),
    doc(DOCUMENT_KIND, |d| Cell::name(&Some(d.document_kind))),
    doc(PERIOD, |d| Cell::text(&d.period)),
    doc(SOURCE, |d| Cell::Text(Cow::Borrowed(&d.source))),
    doc(DOCUMENT_SHA256, |d| {
        Cell::Text(Cow::Borrowed(&d.document_sha256))
    }),
    key(OBJECTIVE_NO, |k| Cell::Integer(i64::from(k.objective_no))),
    key(INDICATOR_NO, |k| Cell::Integer(i64::from(k.indicator_no))),
    ind(
        Column::required("page", Integer, "page of the indicator's row"),
        |i| Cell::Integer(i64::from(i.page)),
    ),
    ind(TABLE_ID, |i| Cell::Text(Cow::Borrowed(&i.table))),
    RecordColumn {
        column: Column::required(
            "provenance",
            Object,
            "page and box of each printed field (field → {page, bbox})",
        ),
        get: Getter::Record(|r| Cell::json(&r.provenance())),
    },
];

impl Record {
    /// The record's cells, in the order of [`RECORD`].
    pub fn cells(&self) -> Vec<Cell<'_>> {
        RECORD.iter().map(|c| c.cell(self)).collect()
    }
}

/// The flat record: [`RECORD`]'s names and cells, in order.
impl Serialize for Record {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(RECORD.len()))?;
        for c in RECORD {
            m.serialize_entry(c.column.name, &c.cell(self))?;
        }
        m.end()
    }
}

/// The objective columns of the record (the SQLite `objectives` table's), in order.
pub fn objective_columns() -> impl Iterator<Item = &'static RecordColumn> {
    RECORD
        .iter()
        .filter(|c| matches!(c.get, Getter::Objective(_)))
}

/// The indicator columns of the record (the SQLite `indicators` table's), in order.
pub fn indicator_columns() -> impl Iterator<Item = &'static RecordColumn> {
    RECORD
        .iter()
        .filter(|c| matches!(c.get, Getter::Indicator(_)))
}

/// An objective's cells in the order of [`objective_columns`].
pub fn objective_cells(o: &ObjectiveRecord) -> Vec<Cell<'_>> {
    RECORD
        .iter()
        .filter_map(|c| match c.get {
            Getter::Objective(f) => Some(f(o)),
            _ => None,
        })
        .collect()
}

/// An indicator's cells in the order of [`indicator_columns`].
pub fn indicator_cells(i: &IndicatorRecord) -> Vec<Cell<'_>> {
    RECORD
        .iter()
        .filter_map(|c| match c.get {
            Getter::Indicator(f) => Some(f(i)),
            _ => None,
        })
        .collect()
}

/// Rows of cells as one Arrow batch of `columns` (each row in the columns' order); a
/// cell of the wrong type is an error, never a silent null.
pub fn batch(columns: &[Column], rows: &[Vec<Cell<'_>>]) -> Result<RecordBatch> {
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(columns.len());
    for (k, c) in columns.iter().enumerate() {
        let cells = rows.iter().map(|r| r.get(k).unwrap_or(&Cell::Null));
        arrays.push(array(c, cells)?);
    }
    let schema = Arc::new(arrow_schema(columns));
    RecordBatch::try_new(schema, arrays).map_err(|e| Error::Invalid(format!("arrow batch: {e}")))
}

/// Typed records as one Arrow batch with [`record_schema`].
pub fn record_batch(records: &[Record]) -> Result<RecordBatch> {
    let columns: Vec<Column> = RECORD.iter().map(|c| c.column).collect();
    let rows: Vec<Vec<Cell<'_>>> = records.iter().map(Record::cells).collect();
    batch(&columns, &rows)
}

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01, Arrow's day 0.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

fn mismatch(c: &Column, cell: &Cell<'_>) -> Error {
    Error::Invalid(format!("column {} ({:?}) got {cell:?}", c.name, c.ty))
}

/// One column's cells as an Arrow array of its type.
fn array<'c, 'a: 'c>(c: &Column, cells: impl Iterator<Item = &'c Cell<'a>>) -> Result<ArrayRef> {
    let check = |cell: &Cell<'_>| {
        if !cell.fits(c.ty) || (!c.nullable && *cell == Cell::Null) {
            return Err(mismatch(c, cell));
        }
        Ok(())
    };
    Ok(match c.ty {
        Text | Object | ColumnType::Array => {
            let mut b = StringBuilder::new();
            for cell in cells {
                check(cell)?;
                match cell {
                    Cell::Null => b.append_null(),
                    other => b.append_value(other.csv()),
                }
            }
            Arc::new(b.finish())
        }
        Integer => {
            let mut b = Int64Builder::new();
            for cell in cells {
                check(cell)?;
                b.append_option(match cell {
                    Cell::Integer(n) => Some(*n),
                    _ => None,
                });
            }
            Arc::new(b.finish())
        }
        Real => {
            let mut b = Float64Builder::new();
            for cell in cells {
                check(cell)?;
                b.append_option(match cell {
                    Cell::Real(x) => Some(*x),
                    _ => None,
                });
            }
            Arc::new(b.finish())
        }
        Boolean => {
            let mut b = BooleanBuilder::new();
            for cell in cells {
                check(cell)?;
                b.append_option(match cell {
                    Cell::Boolean(x) => Some(*x),
                    _ => None,
                });
            }
            Arc::new(b.finish())
        }
        Date => {
            let mut b = Date32Builder::new();
            for cell in cells {
                check(cell)?;
                b.append_option(match cell {
                    Cell::Date(d) => Some(d.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE),
                    _ => None,
                });
            }
            Arc::new(b.finish())
        }
    })
}
