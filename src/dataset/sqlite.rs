//! `DIR/piao.sqlite`: the dataset as one SQLite database.
//!
//! Each finished document is written in one transaction that first deletes the rows
//! of the same sha256 (the foreign keys cascade), so a rerun upserts and a killed run
//! leaves every document either whole or absent. The connection sits behind a mutex:
//! SQLite takes one writer, and a document's rows are a few milliseconds of work
//! next to its extraction. At the end of a run, [`Store::finish`] drops documents
//! whose input file now has other bytes and rebuilds `people` and every
//! `dirigente_id` from all the names in the database, in one transaction.

use super::rows::{self, Rows};
use super::schema::{self, TableDef};
use crate::error::{Error, Result};
use crate::extract::Extraction;
use crate::normalize::PersonIndex;
use crate::output::sink::Sink;
use crate::people::DocumentNames;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// The database's file name in the output folder.
pub const FILE_NAME: &str = "piao.sqlite";

/// Version of the tables' layout, kept in `PRAGMA user_version`; a database of
/// another version is emptied and rebuilt (its documents are then extracted again).
pub const SCHEMA_VERSION: i64 = 2;

/// How long a writer waits for another process holding the database (shards sharing
/// one output folder). Value 60 s: far above one document's transaction (ms).
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// The views, each with its documentation (see `docs/dataset.md`).
const VIEWS: &[(&str, &str)] = &[
    (
        "document_quality",
        "SELECT d.sha256 AS document, d.file, d.ente, d.kind, d.period,
            (SELECT count(*) FROM objectives x WHERE x.document = d.sha256) AS objectives,
            count(i.indicator_no) AS indicators,
            coalesce(sum(i.formula_kind = 'binary'), 0) AS binary,
            coalesce(sum(i.target_value IS NOT NULL), 0) AS numeric_target,
            coalesce(sum(coalesce(i.baseline, '') <> ''), 0) AS baseline,
            coalesce(sum(coalesce(i.deadline, '') <> '' OR i.target_date IS NOT NULL), 0) AS deadline,
            coalesce(sum(o.dirigente_id IS NOT NULL), 0) AS named_dirigente,
            (SELECT count(*) FROM objective_weights w WHERE w.document = d.sha256
                AND w.weights > 0) AS weighted_objectives,
            (SELECT count(*) FROM objective_weights w WHERE w.document = d.sha256
                AND w.weights > 0 AND abs(w.weight_sum - 100) > 0.5) AS weights_off_100
         FROM documents d
         LEFT JOIN indicators i ON i.document = d.sha256
         LEFT JOIN objectives o ON o.document = i.document AND o.objective_no = i.objective_no
         GROUP BY d.sha256 ORDER BY d.file, d.sha256",
    ),
    (
        "objective_weights",
        "SELECT o.document, o.objective_no, o.objective_code, o.objective,
            count(i.indicator_no) AS indicators, count(i.weight_value) AS weights,
            sum(i.weight_value) AS weight_sum
         FROM objectives o
         LEFT JOIN indicators i ON i.document = o.document AND i.objective_no = o.objective_no
         GROUP BY o.document, o.objective_no",
    ),
    (
        "person_documents",
        "SELECT p.person_id, p.name, d.sha256 AS document, d.file, d.ente, d.kind, d.period,
            count(*) AS objectives
         FROM people p
         JOIN objectives o ON o.dirigente_id = p.person_id
         JOIN documents d ON d.sha256 = o.document
         GROUP BY p.person_id, d.sha256",
    ),
];

/// An open dataset database.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
}

fn db_err(e: rusqlite::Error) -> Error {
    Error::Invalid(format!("{FILE_NAME}: {e}"))
}

impl Store {
    /// Open (create or upgrade) the database at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path).map_err(db_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(db_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(db_err)?;
        create(&conn).map_err(db_err)?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the document with these bytes is in the database, written by this
    /// version of the tool.
    pub fn has(&self, sha256: &str) -> bool {
        let conn = self.lock();
        conn.query_row(
            "SELECT 1 FROM documents WHERE sha256 = ?1 AND tool_version = ?2",
            params![sha256, crate::output::TOOL_VERSION],
            |_| Ok(()),
        )
        .optional()
        .ok()
        .flatten()
        .is_some()
    }

    /// Write one document (replacing its earlier rows) in one transaction; its
    /// `dirigente_id`s are those of `own` until [`Store::finish`].
    pub fn put(&self, d: &Extraction, own: &PersonIndex) -> Result<()> {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err)?;
        tx.execute(
            "DELETE FROM documents WHERE sha256 = ?1",
            params![d.source.sha256],
        )
        .map_err(db_err)?;
        insert(&tx, &(&schema::PEOPLE, rows::people_rows(own)), true).map_err(db_err)?;
        for r in rows::document_rows(d, own) {
            insert(&tx, &r?, false).map_err(db_err)?;
        }
        tx.commit().map_err(db_err)
    }

    /// End of a run: drop the documents an input of this run had before its bytes
    /// changed (`current`: file → sha256), then give every objective the person id
    /// of the whole database and rebuild `people`.
    pub fn finish(&self, current: &[(String, String)]) -> Result<()> {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err)?;
        for (file, sha) in current {
            tx.execute(
                "DELETE FROM documents WHERE file = ?1 AND sha256 <> ?2",
                params![file, sha],
            )
            .map_err(db_err)?;
        }
        relabel(&tx).map_err(db_err)?;
        tx.commit().map_err(db_err)
    }

    /// Run `f` on the connection (reading, exporting).
    pub fn with<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&self.lock())
    }
}

/// The dataset as a sink: each document goes in as one transaction; its ids are
/// relabelled by [`Store::finish`] at the end of the run, not file by file.
impl Sink for Store {
    fn write(&self, d: &Extraction, people: &PersonIndex) -> Result<Vec<String>> {
        self.put(d, people)?;
        Ok(Vec::new())
    }

    fn relabel(&self, _rel: &str, _ids: &crate::people::Ids) -> Result<()> {
        Ok(())
    }
}

/// Person ids from every printed name in the database, each document's names read
/// as [`crate::people::index`] reads them (its ente scope, its cells with their
/// settori); `people` rebuilt to match. The foreign key from objectives is deferred,
/// so the rows may disagree inside the transaction.
fn relabel(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    let docs = document_names(tx)?;
    let index = crate::people::index(docs.values());
    tx.execute("DELETE FROM people", [])?;
    insert(tx, &(&schema::PEOPLE, rows::people_rows(&index)), false)?;
    let mut update = tx.prepare(
        "UPDATE objectives SET dirigente_id = ?1 WHERE document = ?2 AND dirigente = ?3",
    )?;
    for (sha, names) in &docs {
        for (printed, id) in crate::people::ids(names, &index) {
            update.execute(params![id, sha, printed])?;
        }
    }
    Ok(())
}

/// Every document's names, by sha256, from its `documents` and `objectives` rows.
fn document_names(
    tx: &rusqlite::Transaction<'_>,
) -> rusqlite::Result<BTreeMap<String, DocumentNames>> {
    let mut docs: BTreeMap<String, DocumentNames> = BTreeMap::new();
    let mut stmt = tx.prepare(
        "SELECT d.sha256, d.ente, d.ente_istat, o.dirigente, o.settore
         FROM objectives o JOIN documents d ON d.sha256 = o.document
         WHERE coalesce(o.dirigente, '') <> ''
         ORDER BY 1, 4, 5",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let sha: String = r.get(0)?;
        let ente: Option<String> = r.get(1)?;
        let istat: Option<String> = r.get(2)?;
        let (dirigente, settore): (String, Option<String>) = (r.get(3)?, r.get(4)?);
        let doc = docs.entry(sha).or_insert_with(|| DocumentNames {
            ente: crate::people::scope_of(ente.as_deref(), istat.as_deref()),
            ..DocumentNames::default()
        });
        let settori = doc.names.entry(dirigente).or_default();
        settori.extend(settore.filter(|s| !s.is_empty()));
    }
    Ok(docs)
}

/// Create the tables, indexes and views (views always anew, so they follow the
/// tool's version); empty a database of another layout first.
fn create(conn: &Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version != SCHEMA_VERSION {
        drop_all(conn)?;
    }
    // IMMEDIATE: worker processes open the same database at once; a deferred
    // transaction that reads the schema and then writes it cannot wait for the
    // lock (SQLite answers "database is locked" at once to avoid a deadlock).
    let mut sql = String::from("BEGIN IMMEDIATE;\n");
    for t in schema::ALL {
        sql.push_str(&table_ddl(t));
    }
    for (name, body) in VIEWS {
        sql.push_str(&format!(
            "DROP VIEW IF EXISTS {name};\nCREATE VIEW {name} AS {body};\n"
        ));
    }
    sql.push_str(&format!(
        "DROP VIEW IF EXISTS records;\nCREATE VIEW records AS {};\n",
        records_view()
    ));
    sql.push_str(&format!(
        "PRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;\n"
    ));
    conn.execute_batch(&sql)
}

fn drop_all(conn: &Connection) -> rusqlite::Result<()> {
    let mut sql = String::from("PRAGMA foreign_keys = OFF;\n");
    for (name, _) in VIEWS {
        sql.push_str(&format!("DROP VIEW IF EXISTS {name};\n"));
    }
    sql.push_str("DROP VIEW IF EXISTS records;\n");
    for t in schema::ALL.iter().rev() {
        sql.push_str(&format!("DROP TABLE IF EXISTS {};\n", t.name));
    }
    sql.push_str("PRAGMA foreign_keys = ON;\n");
    conn.execute_batch(&sql)
}

/// `CREATE TABLE IF NOT EXISTS` and its indexes.
pub fn table_ddl(t: &TableDef) -> String {
    let mut parts: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let null = if c.required { " NOT NULL" } else { "" };
            format!("  {} {}{null}", c.name, c.kind.sql())
        })
        .collect();
    parts.push(format!("  PRIMARY KEY ({})", t.primary_key.join(", ")));
    for fk in t.foreign_keys {
        let action = if fk.cascade {
            " ON DELETE CASCADE"
        } else {
            " DEFERRABLE INITIALLY DEFERRED"
        };
        parts.push(format!(
            "  FOREIGN KEY ({}) REFERENCES {} ({}){action}",
            fk.columns.join(", "),
            fk.table,
            fk.reference.join(", ")
        ));
    }
    let mut sql = format!(
        "CREATE TABLE IF NOT EXISTS {} (\n{}\n);\n",
        t.name,
        parts.join(",\n")
    );
    for cols in t.indexes {
        sql.push_str(&format!(
            "CREATE INDEX IF NOT EXISTS {}_{} ON {} ({});\n",
            t.name,
            cols.join("_"),
            t.name,
            cols.join(", ")
        ));
    }
    sql
}

/// The `records` view: one row per indicator with the columns of `--format records`.
fn records_view() -> String {
    let cols: Vec<String> = schema::RECORD_COLUMNS
        .iter()
        .map(|(key, expr, _)| format!("{expr} AS \"{key}\""))
        .collect();
    format!(
        "SELECT {} FROM indicators i \
         JOIN objectives o ON o.document = i.document AND o.objective_no = i.objective_no \
         JOIN documents d ON d.sha256 = i.document \
         ORDER BY d.file, i.document, i.indicator_no",
        cols.join(", ")
    )
}

/// Insert rows into a table (`or_ignore`: keep rows whose key is already there).
fn insert(conn: &Connection, (t, rows): &Rows, or_ignore: bool) -> rusqlite::Result<()> {
    let names = t.names();
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let verb = if or_ignore {
        "INSERT OR IGNORE"
    } else {
        "INSERT"
    };
    let sql = format!(
        "{verb} INTO {} ({}) VALUES ({})",
        t.name,
        names.join(", "),
        marks.join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    for r in rows {
        stmt.execute(rusqlite::params_from_iter(r.iter()))?;
    }
    Ok(())
}
