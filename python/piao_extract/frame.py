"""Records as typed tables: :func:`columns`, :func:`to_arrow`, :func:`to_pandas`.

The columns (names, order, types) are not written here: they are derived from the
record's one definition, the JSON Schema compiled into the library
(``schemas/record.schema.json``, ``_native.record_schema()``), by these rules:
text → ``string``; integer → ``int64``; number → ``float64``; boolean → ``bool``;
an enum of strings → ``string``; a string whose pattern is an ISO date
(``yyyy-mm-dd``) → ``date32``; an object with properties → ``struct``; an object
with ``additionalProperties`` only (``provenance``: field → page and box) →
``map<string, …>``. A column is nullable unless the schema requires it and its type
excludes null.

``to_pandas`` keeps those types (``pd.ArrowDtype`` columns): the same frame as
``pandas.read_parquet(path, dtype_backend="pyarrow")`` of the same rows.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Dict, Iterable, List, NamedTuple, Tuple, Union

from . import _native

__all__ = ["Column", "columns", "arrow_schema", "to_arrow", "to_pandas"]

#: A column type: a scalar name (``"string"``, ``"int64"``, ``"float64"``,
#: ``"bool"``, ``"date32"``), ``("struct", [Column, ...])`` or
#: ``("map", key_type, value_type)``.
Type = Union[str, Tuple[Any, ...]]

# The pattern the record schema gives ISO dates (`target_date`).
_DATE_PATTERN = re.compile(r"^\^\[0-9\]\{4\}-\[0-9\]\{2\}-\[0-9\]\{2\}\$$")

_SCALAR = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}


class Column(NamedTuple):
    """One column: its name, type and whether it may be null."""

    name: str
    type: Type
    nullable: bool


def _resolve(node: Dict[str, Any], defs: Dict[str, Any]) -> Dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    return _resolve(defs[ref.rsplit("/", 1)[-1]], defs)


def _type_of(node: Dict[str, Any], defs: Dict[str, Any]) -> Tuple[Type, bool]:
    """The column type of a schema node, and whether it admits null."""
    node = _resolve(node, defs)
    if "oneOf" in node or "anyOf" in node:
        options = [_resolve(o, defs) for o in node.get("oneOf", node.get("anyOf", []))]
        nullable = any(o.get("type") == "null" for o in options)
        rest = [o for o in options if o.get("type") != "null"]
        if len(rest) != 1:
            raise ValueError(f"a union the columns cannot type: {node}")
        t, inner_null = _type_of(rest[0], defs)
        return t, nullable or inner_null
    if "enum" in node:
        values = node["enum"]
        if not all(isinstance(v, str) or v is None for v in values):
            raise ValueError(f"an enum of non-strings: {node}")
        return "string", None in values
    types = node.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    nullable = "null" in types
    kinds = [t for t in types if t != "null"]
    if len(kinds) != 1:
        raise ValueError(f"a schema node the columns cannot type: {node}")
    kind = kinds[0]
    if kind == "string" and _DATE_PATTERN.match(node.get("pattern", "")):
        return "date32", nullable
    if kind in _SCALAR:
        return _SCALAR[kind], nullable
    if kind == "object" and "properties" in node:
        return ("struct", _columns_of(node, defs)), nullable
    if kind == "object" and isinstance(node.get("additionalProperties"), dict):
        value, _ = _type_of(node["additionalProperties"], defs)
        return ("map", "string", value), nullable
    raise ValueError(f"a schema node the columns cannot type: {node}")


def _columns_of(node: Dict[str, Any], defs: Dict[str, Any]) -> List[Column]:
    required = set(node.get("required", []))
    out = []
    for name, prop in node["properties"].items():
        t, nullable = _type_of(prop, defs)
        out.append(Column(name, t, nullable or name not in required))
    return out


@lru_cache(maxsize=1)
def _columns() -> Tuple[Column, ...]:
    schema = json.loads(_native.record_schema())
    return tuple(_columns_of(schema, schema.get("$defs", {})))


def columns() -> List[Column]:
    """The record's columns in order: names, types and nullability (see the module
    docs for how they follow from the record schema)."""
    return list(_columns())


def _require(module: str, extra: str):
    try:
        return __import__(module)
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"{module} is needed for this: pip install 'piao-extract[{extra}]'"
        ) from e


def _arrow_type(pa, t: Type):
    if isinstance(t, str):
        return {
            "string": pa.string(),
            "int64": pa.int64(),
            "float64": pa.float64(),
            "bool": pa.bool_(),
            "date32": pa.date32(),
        }[t]
    if t[0] == "struct":
        return pa.struct([_arrow_field(pa, c) for c in t[1]])
    if t[0] == "map":
        return pa.map_(_arrow_type(pa, t[1]), _arrow_type(pa, t[2]))
    raise ValueError(f"unknown column type {t!r}")


def _arrow_field(pa, c: Column):
    return pa.field(c.name, _arrow_type(pa, c.type), nullable=c.nullable)


def arrow_schema():
    """The records' :func:`columns` as a ``pyarrow.Schema``."""
    pa = _require("pyarrow", "pyarrow")
    return pa.schema([_arrow_field(pa, c) for c in _columns()])


def _array(pa, values: List[Any], field):
    if pa.types.is_date32(field.type):
        # dates travel as ISO text in the records; Arrow parses them
        return pa.array(values, type=pa.string()).cast(field.type)
    return pa.array(values, type=field.type)


def to_arrow(records: Iterable[Dict[str, Any]]):
    """Records (as :func:`piao_extract.extract` gives them) as a ``pyarrow.Table``
    with the schema :func:`arrow_schema`. A key that is not a column is an error, not
    dropped; an absent key is null."""
    pa = _require("pyarrow", "pyarrow")
    schema = arrow_schema()
    rows = list(records)
    known = set(schema.names)
    for i, r in enumerate(rows):
        extra = [k for k in r if k not in known]
        if extra:
            raise ValueError(f"record {i} has keys that are not columns: {extra}")
    arrays = [_array(pa, [r.get(f.name) for r in rows], f) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def to_pandas(records: Iterable[Dict[str, Any]]):
    """Records as a ``pandas.DataFrame`` whose columns keep the Arrow types of
    :func:`to_arrow` (``pd.ArrowDtype``): integers with nulls stay integers, dates
    stay dates, text stays text (``"1.194.987"`` is never sniffed as a number)."""
    pd = _require("pandas", "pandas")
    return to_arrow(records).to_pandas(types_mapper=pd.ArrowDtype)
