"""piao-extract from Python: objectives, indicators and targets from Italian municipal
performance plans (PIAO, Relazione sulla Performance) published as PDF.

>>> import piao_extract
>>> records = piao_extract.extract("fixtures/000-calc-ruled.pdf")
>>> len(records), records[0]["objective_code"], records[0]["target_value"]  # doctest: +SKIP

Each function takes a path (``str`` or ``os.PathLike``) or the bytes of a PDF (or of a
signed ``.p7m`` envelope around one) and runs the Rust library with the GIL released,
so threads extract in parallel. What they give is exactly what the CLI writes:

- :func:`extract`: the flat records of ``--format records`` (one dict per indicator,
  the keys of ``schemas/record.schema.json`` in its order), validated;
- :func:`extract_document`: the plan-year documents of ``--format json``;
- :func:`tables`: every table, as ``tables --json``;
- :func:`to_arrow` / :func:`to_pandas` (extras ``pyarrow`` / ``pandas``): records as a
  typed table with the columns of :func:`columns`.

Options (keywords of every function): ``name`` (how the outputs name the input; the
path as given, or ``<bytes>``), ``strict`` (raise :class:`NoObjectivesError` for a
document without objectives instead of giving no records), ``threads`` (threads for
the pages of this file; default one per core), and the limits ``max_pages``,
``max_file_bytes``, ``max_stream_bytes``, ``max_total_bytes`` (``config::Limits``).

Errors are :class:`PiaoError` subclasses, one per kind, with the CLI's reason name
(``e.kind``) and exit status (``e.exit_status``); see :mod:`piao_extract.errors`.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Union

from . import _native, errors
from .errors import PiaoError
from .frame import columns, to_arrow, to_pandas

__version__: str = _native.VERSION

#: What the functions read: a path or a PDF's bytes.
Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]

#: One flat record (the keys of ``schemas/record.schema.json``).
Record = Dict[str, Any]

__all__ = [
    "extract",
    "extract_document",
    "tables",
    "columns",
    "to_arrow",
    "to_pandas",
    "errors",
    "PiaoError",
    "Source",
    "Record",
]
# the typed errors are attributes too (piao_extract.EncryptedError); they stay out of
# __all__, so a star import does not shadow the built-in TimeoutError
globals().update({cls.__name__: cls for cls in errors.by_kind().values()})


def _call(native, source: Source, options: Dict[str, Any]):
    if isinstance(source, memoryview):
        source = source.tobytes()
    try:
        return native(source, options or None)
    except _native.NativeError as e:
        raise errors.from_native(e) from None


def extract(source: Source, **options: Any) -> List[Record]:
    """The flat records of one PDF, as ``extract FILE --format records -o -`` prints
    them: one dict per indicator, keys in the record schema's order, values as
    printed plus the normalised ones, and ``provenance`` (field → page and box).

    A document without objective tables or cards gives ``[]`` (the CLI writes an
    empty records file and exits 18); with ``strict=True`` it raises
    :class:`NoObjectivesError`. Person ids (``dirigente_id``) are those of a CLI run
    on this one file.
    """
    return _call(_native.extract, source, options)


def extract_document(source: Source, **options: Any) -> List[Dict[str, Any]]:
    """The plan-year documents of one PDF, in year order, as ``--format json`` writes
    them (``schemas/plan-year.schema.json``: objectives with their indicators nested,
    the year's tables, facts, warnings, the source's sha256). A document without
    objectives gives one document with a ``notice``."""
    return _call(_native.extract_document, source, options)


def tables(source: Source, **options: Any) -> List[Dict[str, Any]]:
    """Every table of one PDF (objective tables and others), as ``tables FILE --json``
    lists them: id, kind, pages, method, context headings, header, column roles,
    rows of text, and the cells with their page and box."""
    return _call(_native.tables, source, options)
