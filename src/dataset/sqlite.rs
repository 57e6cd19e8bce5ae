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
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// The database's file name in the output folder.
pub const FILE_NAME: &str = "piao.sqlite";

/// Version of the tables' layout, kept in `PRAGMA user_version`; a database of
/// another version is emptied and rebuilt (its documents are then extracted again).
/// 2: the one column contract (`document_sha256` keys, `inputs`, typed dates).
/// 3: `documents.ente_istat`; the objectives' validated Missione / Programma
/// (`mission_code`, `mission_name`, `programme_code`, `programme_name`).
pub const SCHEMA_VERSION: i64 = 3;

/// How long a writer waits for another process holding the database (shards sharing
/// one output folder). Value 60 s: far above one document's transaction (ms).
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// The views, each with its documentation (see `docs/dataset.md`).
const VIEWS: &[(&str, &str)] = &[
    (
        "document_quality",
        "SELECT s.source, d.document_sha256, d.ente, d.document_kind, d.period,
            (SELECT count(*) FROM objectives x WHERE x.document_sha256 = d.document_sha256) AS objectives,
            count(i.indicator_no) AS indicators,
            coalesce(sum(i.formula_kind = 'binary'), 0) AS binary,
            coalesce(sum(i.target_value IS NOT NULL), 0) AS numeric_target,
            coalesce(sum(coalesce(i.baseline, '') <> ''), 0) AS baseline,
            coalesce(sum(coalesce(i.deadline, '') <> '' OR i.target_date IS NOT NULL), 0) AS deadline,
            coalesce(sum(o.dirigente_id IS NOT NULL), 0) AS named_dirigente,
            (SELECT count(*) FROM objective_weights w WHERE w.document_sha256 = d.document_sha256
                AND w.weights > 0) AS weighted_objectives,
            (SELECT count(*) FROM objective_weights w WHERE w.document_sha256 = d.document_sha256
                AND w.weights > 0 AND abs(w.weight_sum - 100) > 0.5) AS weights_off_100
         FROM inputs s
         JOIN documents d ON d.document_sha256 = s.document_sha256
         LEFT JOIN indicators i ON i.document_sha256 = d.document_sha256
         LEFT JOIN objectives o ON o.document_sha256 = i.document_sha256 AND o.objective_no = i.objective_no
         GROUP BY s.source ORDER BY s.source",
    ),
    (
        "objective_weights",
        "SELECT o.document_sha256, o.objective_no, o.objective_code, o.objective,
            count(i.indicator_no) AS indicators, count(i.weight_value) AS weights,
            sum(i.weight_value) AS weight_sum
         FROM objectives o
         LEFT JOIN indicators i ON i.document_sha256 = o.document_sha256 AND i.objective_no = o.objective_no
         GROUP BY o.document_sha256, o.objective_no",
    ),
    (
        "person_documents",
        "SELECT p.person_id, p.name, d.document_sha256, d.ente, d.document_kind, d.period,
            count(*) AS objectives
         FROM people p
         JOIN objectives o ON o.dirigente_id = p.person_id
         JOIN documents d ON d.document_sha256 = o.document_sha256
         GROUP BY p.person_id, d.document_sha256",
    ),
];

/// An open dataset database.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

/// A database failure: writing it is what failed (disk full, read-only folder,
/// locked past the busy timeout), so [`Error::Write`] naming the file.
fn db_err(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::write(path, e)
}

impl Store {
    /// Open (create or upgrade) the database at `path`. A database this call created
    /// and could not set up is removed: a failed run leaves no empty `piao.sqlite`.
    pub fn open(path: &Path) -> Result<Self> {
        let existed = path.exists();
        let opened = Self::open_existing(path);
        if opened.is_err() && !existed {
            remove_database(path);
        }
        opened
    }

    fn open_existing(path: &Path) -> Result<Self> {
        let err = db_err(path);
        let conn = Connection::open(path).map_err(&err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(&err)?;
        create(&conn).map_err(&err)?;
        Ok(Store {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The database's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the input `source` is in the database as the document with these
    /// bytes, written by this version of the tool.
    pub fn has(&self, source: &str, sha256: &str) -> bool {
        let conn = self.lock();
        conn.query_row(
            "SELECT 1 FROM inputs s JOIN documents d ON d.document_sha256 = s.document_sha256
             WHERE s.source = ?1 AND s.document_sha256 = ?2 AND d.tool_version = ?3",
            params![source, sha256, crate::output::TOOL_VERSION],
            |_| Ok(()),
        )
        .optional()
        .ok()
        .flatten()
        .is_some()
    }

    /// Write one document (replacing its earlier rows) and its input path, in one
    /// transaction; its `dirigente_id`s are those of `own` until [`Store::finish`].
    /// The document the path held before, if no other path holds it, goes.
    pub fn put(&self, d: &Extraction, own: &PersonIndex) -> Result<()> {
        let err = db_err(&self.path);
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&err)?;
        let sha = d.source.sha256.as_str();
        clear_document(&tx, sha).map_err(&err)?;
        insert(
            &tx,
            &(&*schema::PEOPLE, rows::people_rows(own)),
            Mode::Ignore,
        )
        .map_err(&err)?;
        for r in rows::document_rows(d, own) {
            let (t, rows) = r?;
            let mode = if t.name == schema::DOCUMENTS.name {
                Mode::Upsert
            } else {
                Mode::Plain
            };
            insert(&tx, &(t, rows), mode).map_err(&err)?;
        }
        let before: Option<String> = tx
            .query_row(
                "SELECT document_sha256 FROM inputs WHERE source = ?1",
                params![d.source.file],
                |r| r.get(0),
            )
            .optional()
            .map_err(&err)?;
        insert(
            &tx,
            &(&*schema::INPUTS, vec![rows::input_row(d)]),
            Mode::Upsert,
        )
        .map_err(&err)?;
        if let Some(old) = before.filter(|old| old != sha) {
            drop_orphan(&tx, &old).map_err(&err)?;
        }
        tx.commit().map_err(&err)
    }

    /// End of a run: forget the input paths in `gone` (inputs that failed this run or
    /// whose files went) and the documents no path holds any more, then give every
    /// objective the person id of the whole database and rebuild `people`.
    pub fn finish(&self, gone: &[String]) -> Result<()> {
        let err = db_err(&self.path);
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(&err)?;
        for source in gone {
            let sha: Option<String> = tx
                .query_row(
                    "SELECT document_sha256 FROM inputs WHERE source = ?1",
                    params![source],
                    |r| r.get(0),
                )
                .optional()
                .map_err(&err)?;
            tx.execute("DELETE FROM inputs WHERE source = ?1", params![source])
                .map_err(&err)?;
            if let Some(sha) = sha {
                drop_orphan(&tx, &sha).map_err(&err)?;
            }
        }
        relabel(&tx).map_err(&err)?;
        tx.commit().map_err(&err)
    }

    /// Take in every row of another database of this layout and tool version (a
    /// shard's, for `merge`), in one transaction: its documents replace the same
    /// documents' rows here, its input paths point where it says, its people join
    /// (person ids are made whole by [`Store::finish`]).
    pub fn absorb(&self, other: &Path) -> Result<()> {
        let err = db_err(&self.path);
        let conn = self.lock();
        conn.execute(
            "ATTACH DATABASE ?1 AS shard",
            params![other.to_string_lossy()],
        )
        .map_err(&err)?;
        let done = absorb_attached(&conn, other);
        let detached = conn.execute("DETACH DATABASE shard", []).map_err(&err);
        done.and(detached.map(|_| ()))
    }

    /// Run `f` on the connection (reading, exporting).
    pub fn with<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        f(&self.lock())
    }
}

/// The rows of the attached database `shard` (see [`Store::absorb`]).
fn absorb_attached(conn: &Connection, other: &Path) -> Result<()> {
    let err = db_err(other);
    let version: i64 = conn
        .query_row("PRAGMA shard.user_version", [], |r| r.get(0))
        .map_err(&err)?;
    if version != SCHEMA_VERSION {
        return Err(Error::Invalid(format!(
            "{}: database layout {version}, this version of piao-extract writes {SCHEMA_VERSION}: run the shard again",
            other.display()
        )));
    }
    let foreign: Option<String> = conn
        .query_row(
            "SELECT tool_version FROM shard.documents WHERE tool_version <> ?1 LIMIT 1",
            params![crate::output::TOOL_VERSION],
            |r| r.get(0),
        )
        .optional()
        .map_err(&err)?;
    if let Some(v) = foreign {
        return Err(Error::Invalid(format!(
            "{}: written by piao-extract {v}; this is {}: run the shard again with this version",
            other.display(),
            crate::output::TOOL_VERSION
        )));
    }
    let here = db_err(Path::new(FILE_NAME));
    conn.execute_batch("BEGIN IMMEDIATE").map_err(&here)?;
    let copied = copy_rows(conn);
    match copied {
        Ok(()) => conn.execute_batch("COMMIT").map_err(&here),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(here(e))
        }
    }
}

/// Every table of `shard` into `main`, parents first (see [`Store::absorb`]).
fn copy_rows(conn: &Connection) -> rusqlite::Result<()> {
    let shard_docs = "SELECT document_sha256 FROM shard.documents";
    for t in schema::all() {
        let names = idents(&t.names());
        let upsert = |conflict: &str| {
            format!(
                "INSERT INTO main.{0} ({names}) SELECT {names} FROM shard.{0} WHERE true {conflict}",
                t.name
            )
        };
        let set: Vec<String> = t
            .names()
            .iter()
            .filter(|n| !t.primary_key.contains(n))
            .map(|n| format!("{0} = excluded.{0}", schema::ident(n)))
            .collect();
        let on_conflict = format!(
            "ON CONFLICT ({}) DO UPDATE SET {}",
            idents(t.primary_key),
            set.join(", ")
        );
        match t.name {
            "documents" | "inputs" => {
                conn.execute(&upsert(&on_conflict), [])?;
            }
            "people" => {
                conn.execute(&upsert("ON CONFLICT DO NOTHING"), [])?;
            }
            name => {
                conn.execute(
                    &format!("DELETE FROM main.{name} WHERE document_sha256 IN ({shard_docs})"),
                    [],
                )?;
                conn.execute(&upsert(""), [])?;
            }
        }
    }
    conn.execute(
        "DELETE FROM main.documents WHERE document_sha256 NOT IN (SELECT document_sha256 FROM main.inputs)",
        [],
    )?;
    Ok(())
}

/// Remove a database file and SQLite's side files.
fn remove_database(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Delete a document's rows in every child table (not the document row itself, which
/// other input paths may hold: it is upserted).
fn clear_document(tx: &rusqlite::Transaction<'_>, sha: &str) -> rusqlite::Result<()> {
    for t in schema::all().iter().rev() {
        let is_child = t.foreign_keys.iter().any(|fk| fk.table == "documents")
            && t.name != schema::INPUTS.name;
        if is_child {
            tx.execute(
                &format!("DELETE FROM {} WHERE document_sha256 = ?1", t.name),
                params![sha],
            )?;
        }
    }
    Ok(())
}

/// Delete a document that no input path holds (its rows cascade).
fn drop_orphan(tx: &rusqlite::Transaction<'_>, sha: &str) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM documents WHERE document_sha256 = ?1
           AND NOT EXISTS (SELECT 1 FROM inputs WHERE document_sha256 = ?1)",
        params![sha],
    )?;
    Ok(())
}

/// The dataset as a sink: each document goes in as one transaction; its ids are
/// relabelled by [`Store::finish`] at the end of the run, not file by file.
impl Sink for Store {
    fn write(&self, d: &Extraction, _stem: &str, people: &PersonIndex) -> Result<Vec<String>> {
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
    insert(
        tx,
        &(&*schema::PEOPLE, rows::people_rows(&index)),
        Mode::Plain,
    )?;
    let mut update = tx.prepare(
        "UPDATE objectives SET dirigente_id = ?1 WHERE document_sha256 = ?2 AND dirigente = ?3",
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
        "SELECT d.document_sha256, d.ente, d.ente_istat, o.dirigente, o.settore
         FROM objectives o JOIN documents d ON d.document_sha256 = o.document_sha256
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
    for t in schema::all() {
        sql.push_str(&table_ddl(t));
    }
    for (name, body) in VIEWS {
        sql.push_str(&format!(
            "DROP VIEW IF EXISTS {name};\nCREATE VIEW {name} AS {body};\n"
        ));
    }
    sql.push_str(&format!(
        "DROP VIEW IF EXISTS records;\nCREATE VIEW records AS {};\n",
        schema::records_view()
    ));
    sql.push_str(&format!(
        "PRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;\n"
    ));
    conn.execute_batch(&sql)
}

/// Drop every table and view of the tool (any layout version).
fn drop_all(conn: &Connection) -> rusqlite::Result<()> {
    let mut sql = String::from("PRAGMA foreign_keys = OFF;\n");
    for (name, _) in VIEWS {
        sql.push_str(&format!("DROP VIEW IF EXISTS {name};\n"));
    }
    sql.push_str("DROP VIEW IF EXISTS records;\n");
    for t in schema::all().iter().rev() {
        sql.push_str(&format!("DROP TABLE IF EXISTS {};\n", t.name));
    }
    sql.push_str("PRAGMA foreign_keys = ON;\n");
    conn.execute_batch(&sql)
}

fn idents(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| schema::ident(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `CREATE TABLE IF NOT EXISTS` and its indexes (every name quoted: `group` is a
/// keyword).
pub fn table_ddl(t: &TableDef) -> String {
    let mut parts: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let null = if c.nullable { "" } else { " NOT NULL" };
            format!("  {} {}{null}", schema::ident(c.name), c.ty.sql())
        })
        .collect();
    parts.push(format!("  PRIMARY KEY ({})", idents(t.primary_key)));
    for fk in t.foreign_keys {
        let action = if fk.cascade {
            " ON DELETE CASCADE"
        } else {
            " DEFERRABLE INITIALLY DEFERRED"
        };
        parts.push(format!(
            "  FOREIGN KEY ({}) REFERENCES {} ({}){action}",
            idents(fk.columns),
            fk.table,
            idents(fk.reference)
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
            idents(cols)
        ));
    }
    sql
}

/// How rows go in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A row whose key is there is an error.
    Plain,
    /// A row whose key is there is kept as it is.
    Ignore,
    /// A row whose key is there is updated in place (not deleted: rows that refer
    /// to it stay).
    Upsert,
}

/// Insert rows into a table; a row of another width than the table is an error.
fn insert(conn: &Connection, (t, rows): &Rows, mode: Mode) -> rusqlite::Result<()> {
    let names = t.names();
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let verb = match mode {
        Mode::Ignore => "INSERT OR IGNORE",
        Mode::Plain | Mode::Upsert => "INSERT",
    };
    let mut sql = format!(
        "{verb} INTO {} ({}) VALUES ({})",
        t.name,
        idents(&names),
        marks.join(", ")
    );
    if mode == Mode::Upsert {
        let set: Vec<String> = names
            .iter()
            .filter(|n| !t.primary_key.contains(n))
            .map(|n| format!("{0} = excluded.{0}", schema::ident(n)))
            .collect();
        sql.push_str(&format!(
            " ON CONFLICT ({}) DO UPDATE SET {}",
            idents(t.primary_key),
            set.join(", ")
        ));
    }
    let mut stmt = conn.prepare_cached(&sql)?;
    for r in rows {
        if r.len() != names.len() {
            return Err(rusqlite::Error::InvalidParameterCount(r.len(), names.len()));
        }
        stmt.execute(rusqlite::params_from_iter(r.iter()))?;
    }
    Ok(())
}
