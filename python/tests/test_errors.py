"""Typed errors: one class per kind, the CLI's reason name, exit status and line."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import piao_extract
from piao_extract import errors
from conftest import ROOT, rel, run_cli

BAD = sorted((ROOT / "tests" / "bad").glob("*.pdf")) + sorted((ROOT / "tests" / "p7m").glob("*.p7m"))


def test_bad_inputs_are_there():
    assert len(BAD) >= 10, BAD


@pytest.mark.parametrize("path", BAD, ids=[p.name for p in BAD])
def test_each_bad_input_fails_as_the_cli_says(path: Path, tmp_path: Path):
    out = run_cli("extract", rel(path), "-o", str(tmp_path), "--in-process", "-q")
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    (entry,) = manifest["files"]
    if out.returncode == 0:
        piao_extract.extract(rel(path))
        return
    with pytest.raises(piao_extract.PiaoError) as e:
        piao_extract.extract(rel(path))
    err = e.value
    assert err.exit_status == out.returncode
    assert str(err) == out.stderr.strip()  # `FILE: reason`, the CLI's line
    assert err.path == rel(path)
    kind = entry["error"]["kind"]
    assert err.kind == kind
    assert type(err) is errors.by_kind()[kind]
    assert type(err).__name__ == "".join(p.capitalize() for p in kind.split("_")) + "Error"


def test_one_class_per_kind_with_distinct_statuses():
    classes = errors.by_kind()
    statuses = [c.exit_status for c in classes.values()]
    assert len(set(statuses)) == len(statuses)
    assert {"not_pdf", "corrupt", "encrypted", "no_text_layer", "too_large", "io"} <= set(classes)
    for kind, cls in classes.items():
        assert issubclass(cls, piao_extract.PiaoError)
        assert cls.kind == kind
        assert getattr(piao_extract, cls.__name__) is cls
        assert getattr(errors, cls.__name__) is cls


def test_a_missing_file_is_an_io_error_and_an_oserror():
    with pytest.raises(OSError) as e:
        piao_extract.extract("fixtures/no-such-file.pdf")
    assert isinstance(e.value, piao_extract.IoError)
    assert e.value.exit_status == 19


def test_errors_survive_pickling():
    # Dask and Ray send a task's exception back to the client by pickle
    err = errors.by_kind()["encrypted"]("a.pdf", "encrypted PDF: a password is required")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err)
    assert (back.path, back.reason, str(back)) == (err.path, err.reason, str(err))
