"""Records as typed tables: columns from the record schema, to_arrow, to_pandas,
and a Parquet round trip that keeps every type."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

import piao_extract
from conftest import ROOT, fixture_pdfs, need, py_records, rel

PDFS = fixture_pdfs()


def test_columns_are_the_record_keys_in_order():
    names = [c.name for c in piao_extract.columns()]
    schema = json.loads((ROOT / "schemas" / "record.schema.json").read_text())
    assert names == list(schema["properties"])
    for pdf in PDFS:
        for r in py_records(rel(pdf)):
            assert list(r) == names


def test_column_types_follow_the_schema():
    types = {c.name: c for c in piao_extract.columns()}
    assert types["year"].type == "int64" and types["year"].nullable
    assert types["page"].type == "int64" and not types["page"].nullable
    assert types["source"].type == "string" and not types["source"].nullable
    assert types["target_value"].type == "float64"
    assert types["supporting_objective"].type == "bool"
    assert types["target_date"].type == "date32"
    assert types["document_kind"].type == "string"  # an enum
    assert types["summary"].type[0] == "struct"
    assert types["provenance"].type[0] == "map"
    # printed values stay text: "1.194.987" is never a number
    for name in ("target", "actual", "weight", "achievement", "objective_code", "indicator_code"):
        assert types[name].type == "string", name


def _all_records():
    return [r for pdf in PDFS for r in py_records(rel(pdf))]


def test_to_arrow_keeps_every_value_and_type(tmp_path: Path):
    pa = need("pyarrow")
    pq = need("pyarrow.parquet")
    records = _all_records()
    table = piao_extract.to_arrow(records)
    assert table.schema == piao_extract.frame.arrow_schema()
    assert table.num_rows == len(records)
    back = table.to_pylist()
    for r, b in zip(records, back):
        for k, v in r.items():
            got = b[k]
            if k == "target_date" and v is not None:
                assert got == datetime.date.fromisoformat(v)
            elif k == "provenance":
                assert dict(got) == v  # a map reads back as (key, value) pairs
            else:
                assert got == v, k
    # Parquet keeps the schema exactly
    pq.write_table(table, tmp_path / "r.parquet")
    read = pq.read_table(tmp_path / "r.parquet")
    assert read.schema.remove_metadata() == table.schema
    assert read.equals(table)
    assert any(r["target_date"] for r in records), "no date to check the date type on"
    assert pa.types.is_date32(read.schema.field("target_date").type)


def test_to_pandas_has_the_parquet_types(tmp_path: Path):
    pd = need("pandas")
    pq = need("pyarrow.parquet")
    records = py_records("fixtures/000-calc-ruled.pdf")
    df = piao_extract.to_pandas(records)
    assert len(df) == 376
    assert list(df.columns) == [c.name for c in piao_extract.columns()]
    pq.write_table(piao_extract.to_arrow(records), tmp_path / "r.parquet")
    from_parquet = pd.read_parquet(tmp_path / "r.parquet", dtype_backend="pyarrow")
    assert df.dtypes.to_dict() == from_parquet.dtypes.to_dict()
    pd.testing.assert_frame_equal(df, from_parquet)
    assert str(df["year"].dtype) == "int64[pyarrow]"
    assert str(df["target_value"].dtype) == "double[pyarrow]"


def test_to_arrow_of_no_records_has_the_schema():
    need("pyarrow")
    table = piao_extract.to_arrow([])
    assert table.num_rows == 0
    assert table.schema == piao_extract.frame.arrow_schema()


def test_a_key_that_is_no_column_is_an_error():
    need("pyarrow")
    with pytest.raises(ValueError, match="not columns"):
        piao_extract.to_arrow([{"year": 2024, "colour": "blue"}])
