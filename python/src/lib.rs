//! The native half of the `piao_extract` Python package (`piao_extract._native`).
//!
//! The Python half (`python/piao_extract/`) is the public API: signatures,
//! docstrings, the typed exceptions and the pandas / Arrow helpers. This half runs
//! the library with the GIL released ([`Python::detach`]) and hands back plain Python
//! values made from exactly what the CLI writes: the validated flat records of
//! `--format records`, the plan-year documents of `--format json`, the tables of
//! `tables --json`. Nothing here knows a field of the record.
//!
//! A library error becomes `NativeError(kind, exit_status, path, reason)`; the
//! Python half turns it into the exception class of its kind ([`error_kinds`]).

use piao_extract::extract::Extraction;
use piao_extract::output::plan_year::year_docs;
use piao_extract::output::sink::validated_records;
use piao_extract::{Config, Error};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyTypeError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

create_exception!(
    _native,
    NativeError,
    PyException,
    "A library error: args are (kind, exit_status, path, reason)."
);

/// What to read: a file, or the bytes of one (held by Python, read without the GIL).
enum Input {
    Path(PathBuf),
    Bytes(PyBackedBytes),
}

impl Input {
    fn from_py(source: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(b) = source.extract::<PyBackedBytes>() {
            return Ok(Input::Bytes(b));
        }
        source.extract::<PathBuf>().map(Input::Path).map_err(|_| {
            PyTypeError::new_err(format!(
                "expected a path (str or os.PathLike) or bytes, got {}",
                source
                    .get_type()
                    .name()
                    .map_or_else(|_| "?".to_string(), |n| n.to_string())
            ))
        })
    }
}

/// Keyword options of the Python functions (`extract(path, **options)`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Options {
    /// How the outputs name the input (`source` of each record): the path as given
    /// by default, `<bytes>` for bytes.
    name: Option<String>,
    /// Raise `NoObjectivesError` (exit status 18) for a document without objective
    /// tables or cards, instead of returning no records.
    strict: bool,
    /// Threads for the pages of this file; default: the process-wide pool (one per
    /// core). `threads=1` is what `extract -j 1` gives each file.
    threads: Option<usize>,
    /// `config::Limits::max_pages`.
    max_pages: Option<usize>,
    /// `config::Limits::max_file_bytes`.
    max_file_bytes: Option<u64>,
    /// `config::Limits::max_stream_bytes`.
    max_stream_bytes: Option<u64>,
    /// `config::Limits::max_total_bytes`.
    max_total_bytes: Option<u64>,
}

/// The name bytes are given in the outputs when the caller gives none.
const BYTES_NAME: &str = "<bytes>";

impl Options {
    fn from_py(options: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        match options {
            None => Ok(Options::default()),
            Some(o) => pythonize::depythonize(o)
                .map_err(|e| PyTypeError::new_err(format!("bad option: {e}"))),
        }
    }

    fn config(&self) -> Config {
        let mut c = Config::default();
        let l = &mut c.limits;
        l.max_pages = self.max_pages.unwrap_or(l.max_pages);
        l.max_file_bytes = self.max_file_bytes.unwrap_or(l.max_file_bytes);
        l.max_stream_bytes = self.max_stream_bytes.unwrap_or(l.max_stream_bytes);
        l.max_total_bytes = self.max_total_bytes.unwrap_or(l.max_total_bytes);
        c
    }
}

/// A library error as `NativeError(kind, exit_status, path, reason)`.
fn native_error(path: &Path, e: &Error) -> PyErr {
    NativeError::new_err((
        e.kind(),
        e.exit_code(),
        path.display().to_string(),
        e.to_string(),
    ))
}

/// Extract `input` and make `T` from it, all without the GIL; on the page pool of
/// `options.threads` when given.
fn run<T: Send>(
    py: Python<'_>,
    input: Input,
    options: &Options,
    make: impl FnOnce(&Extraction) -> piao_extract::Result<T> + Send,
) -> PyResult<T> {
    let path = match (&input, &options.name) {
        (_, Some(name)) => PathBuf::from(name),
        (Input::Path(p), None) => p.clone(),
        (Input::Bytes(_), None) => PathBuf::from(BYTES_NAME),
    };
    let config = options.config();
    let work = || -> piao_extract::Result<T> {
        let e = match &input {
            Input::Path(p) => {
                let bytes = std::fs::read(p)?;
                piao_extract::extract::extract_bytes(&path, &bytes, &config)?
            }
            Input::Bytes(b) => piao_extract::extract::extract_bytes(&path, b, &config)?,
        };
        if options.strict {
            piao_extract::extract::outcome(&e)?;
        }
        make(&e)
    };
    let result = py.detach(|| match options.threads {
        None => work(),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(|e| Error::Invalid(format!("cannot start {n} threads: {e}")))
            .and_then(|pool| pool.install(work)),
    });
    result.map_err(|e| native_error(&path, &e))
}

/// The person ids of one extraction, as a one-file CLI run gives them.
fn people_of(e: &Extraction) -> piao_extract::normalize::PersonIndex {
    piao_extract::people::index_of(std::slice::from_ref(e))
}

/// The flat records of `--format records`, validated against the record schema.
#[pyfunction]
#[pyo3(signature = (source, options=None))]
fn extract<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (input, options) = (Input::from_py(source)?, Options::from_py(options)?);
    let records = run(py, input, &options, |e| {
        let people = people_of(e);
        validated_records(e, &people).collect::<piao_extract::Result<Vec<_>>>()
    })?;
    Ok(pythonize::pythonize(py, &records)?)
}

/// The plan-year documents of `--format json`, in year order.
#[pyfunction]
#[pyo3(signature = (source, options=None))]
fn extract_document<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (input, options) = (Input::from_py(source)?, Options::from_py(options)?);
    let docs = run(py, input, &options, |e| {
        let people = people_of(e);
        let ids = piao_extract::people::ids_of(&e.plan, &people);
        let docs = year_docs(e, &ids);
        docs.iter()
            .map(|d| d.value())
            .collect::<piao_extract::Result<Vec<Value>>>()
    })?;
    Ok(pythonize::pythonize(py, &docs)?)
}

/// The tables of `tables --json` (its `tables` array).
#[pyfunction]
#[pyo3(signature = (source, options=None))]
fn tables<'py>(
    py: Python<'py>,
    source: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (input, options) = (Input::from_py(source)?, Options::from_py(options)?);
    let value = run(py, input, &options, |e| {
        let mut v = piao_extract::output::tables_value(&e.path, &e.plan.tables);
        Ok(v.get_mut("tables").map(Value::take).unwrap_or_default())
    })?;
    Ok(pythonize::pythonize(py, &value)?)
}

/// Every error kind as `(kind, exit_status)`, in exit-status order: the Python half
/// makes one exception class of each.
#[pyfunction]
fn error_kinds() -> Vec<(&'static str, i32)> {
    let mut kinds: Vec<(&str, i32)> = every_kind()
        .iter()
        .map(|e| (e.kind(), e.exit_code()))
        .collect();
    kinds.sort_by_key(|k| k.1);
    kinds
}

/// One error of every kind the library has.
fn every_kind() -> Vec<Error> {
    let none = String::new;
    let kinds = vec![
        Error::Invalid(none()),
        Error::NotPdf(none()),
        Error::Corrupt(none()),
        Error::NoPages,
        Error::Encrypted,
        Error::NoTextLayer(piao_extract::error::NoText::NothingShown {
            pages: 0,
            image_pages: 0,
        }),
        Error::TooLarge(none()),
        Error::DependencyPanic(none()),
        Error::SchemaInvalid(none()),
        Error::NoObjectives,
        Error::Io(std::io::Error::other(none())),
        Error::Timeout { seconds: 0 },
        Error::Crashed(none()),
        Error::OutOfMemory(none()),
        Error::Envelope(none()),
        Error::Internal {
            stage: "",
            message: none(),
        },
        Error::Write(none()),
        Error::Busy(none()),
    ];
    // A kind added to the library stops the compiler here: list it above too.
    for e in &kinds {
        match e {
            Error::Invalid(_)
            | Error::NotPdf(_)
            | Error::Corrupt(_)
            | Error::NoPages
            | Error::Encrypted
            | Error::NoTextLayer { .. }
            | Error::TooLarge(_)
            | Error::DependencyPanic(_)
            | Error::SchemaInvalid(_)
            | Error::NoObjectives
            | Error::Io(_)
            | Error::Timeout { .. }
            | Error::Crashed(_)
            | Error::OutOfMemory(_)
            | Error::Envelope(_)
            | Error::Internal { .. }
            | Error::Write(_)
            | Error::Busy(_) => {}
        }
    }
    kinds
}

/// The flat record's JSON Schema (`schemas/record.schema.json`), as compiled in.
#[pyfunction]
fn record_schema() -> &'static str {
    piao_extract::output::schema::RECORD_SCHEMA
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_document, m)?)?;
    m.add_function(wrap_pyfunction!(tables, m)?)?;
    m.add_function(wrap_pyfunction!(error_kinds, m)?)?;
    m.add_function(wrap_pyfunction!(record_schema, m)?)?;
    m.add("NativeError", m.py().get_type::<NativeError>())?;
    m.add("VERSION", piao_extract::output::TOOL_VERSION)?;
    m.add("BYTES_NAME", BYTES_NAME)?;
    Ok(())
}
