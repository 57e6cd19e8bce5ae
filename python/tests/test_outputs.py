"""The Python API gives exactly what the CLI writes, on every PDF under fixtures/
(the seed fixtures and the development set): ``extract`` = ``--format records``,
``extract_document`` = ``--format json``, ``tables`` = ``tables --json``; and on the
seed fixtures the records number what the truth has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import piao_extract
from conftest import (
    FIXTURES,
    cli_records,
    fixture_pdfs,
    py_records,
    rel,
    run_cli,
    seed_pdfs,
    truth_count,
)

PDFS = fixture_pdfs()
IDS = [rel(p) for p in PDFS]
SEED = seed_pdfs()


def test_fixtures_are_there():
    # the parametrised tests below would pass vacuously on an empty folder
    assert len(SEED) >= 10, SEED
    assert len(PDFS) > len(SEED)


def test_issue_check_376_records():
    assert len(piao_extract.extract("fixtures/000-calc-ruled.pdf")) == 376


@pytest.mark.parametrize("pdf", PDFS, ids=IDS)
def test_records_equal_the_cli(pdf: Path):
    ours, theirs = py_records(rel(pdf)), cli_records(rel(pdf))
    assert len(ours) == len(theirs)
    for i, (a, b) in enumerate(zip(ours, theirs)):
        assert list(a) == list(b), f"record {i}: keys or their order differ"
        assert a == b, f"record {i} differs"


@pytest.mark.parametrize("pdf", SEED, ids=[rel(p) for p in SEED])
def test_record_count_is_the_truth(pdf: Path):
    assert len(py_records(rel(pdf))) == truth_count(pdf)


@pytest.mark.parametrize("pdf", PDFS, ids=IDS)
def test_documents_equal_the_cli(pdf: Path, tmp_path: Path):
    out = run_cli("extract", rel(pdf), "-o", str(tmp_path), "--format", "json", "--in-process", "-q")
    assert out.returncode in (0, 18), out.stderr
    written = {}
    for f in tmp_path.rglob("*.json"):
        if f.parent != tmp_path:  # the manifest and people.json sit at the top
            doc = json.loads(f.read_text())
            written[doc["year"]] = doc
    ours = piao_extract.extract_document(rel(pdf))
    assert [d["year"] for d in ours] == sorted(written, key=lambda y: (y is not None, y))
    for d in ours:
        assert d == written[d["year"]]


@pytest.mark.parametrize("pdf", PDFS, ids=IDS)
def test_tables_equal_the_cli(pdf: Path):
    out = run_cli("tables", rel(pdf), "--json")
    assert out.returncode == 0, out.stderr
    assert piao_extract.tables(rel(pdf)) == json.loads(out.stdout)["tables"]


def test_bytes_path_and_pathlike_agree():
    path = "fixtures/002-calc-ruled.pdf"
    data = (FIXTURES / "002-calc-ruled.pdf").read_bytes()
    by_path = piao_extract.extract(path)
    by_bytes = piao_extract.extract(data, name=path)
    assert by_bytes == by_path
    assert piao_extract.extract(memoryview(data), name=path) == by_path
    assert piao_extract.extract(Path(path)) == by_path
    unnamed = piao_extract.extract(bytearray(data))
    assert {r["source"] for r in unnamed} == {"<bytes>"}


def test_no_objectives_gives_no_records_or_raises_when_strict():
    path = "fixtures/003-writer-ruled.pdf"
    assert piao_extract.extract(path) == []
    docs = piao_extract.extract_document(path)
    assert len(docs) == 1 and docs[0]["notice"]
    with pytest.raises(piao_extract.NoObjectivesError) as e:
        piao_extract.extract(path, strict=True)
    # the CLI's status for the same file
    out = run_cli("extract", path, "--format", "records", "-o", "-", "--in-process", "-q")
    assert e.value.exit_status == out.returncode == 18


def test_threads_option_changes_nothing_but_speed():
    path = "fixtures/001-calc-ruled.pdf"
    assert piao_extract.extract(path, threads=1) == piao_extract.extract(path)


def test_limits_are_options():
    with pytest.raises(piao_extract.TooLargeError) as e:
        piao_extract.extract("fixtures/001-calc-ruled.pdf", max_pages=1)
    assert e.value.kind == "too_large" and e.value.exit_status == 15


def test_unknown_option_is_a_type_error():
    with pytest.raises(TypeError, match="max_pagez"):
        piao_extract.extract("fixtures/001-calc-ruled.pdf", max_pagez=1)


def test_bad_source_type_is_a_type_error():
    with pytest.raises(TypeError, match="path .* or bytes"):
        piao_extract.extract(42)
