"""Shared helpers: the repository's fixtures and the CLI the Python API is checked
against.

The CLI is ``$PIAO_EXTRACT_CLI`` when set (``.ci/run`` sets it to the binary its
``cargo test`` built), else the newer of ``target/release`` and ``target/debug``.
Under ``CI=true`` a missing CLI, fixture or optional package fails the tests that
need it; elsewhere they are skipped with the reason.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
CI = os.environ.get("CI") == "true"


def missing(what: str) -> None:
    """A tool or data the test needs is missing: fail under CI, skip elsewhere."""
    if CI:
        pytest.fail(f"{what} is missing (CI=true: a missing tool fails)")
    pytest.skip(f"{what} is missing")


def need(module: str):
    """Import an optional package, or fail (CI) / skip."""
    try:
        return importlib.import_module(module)
    except ImportError:
        missing(f"python package {module}")


def fixture_pdfs() -> List[Path]:
    """Every PDF under fixtures/, subfolders included (the seed fixtures and the
    development set of other comuni, fixtures/comuni)."""
    return sorted(p for p in FIXTURES.rglob("*") if p.suffix.lower() == ".pdf")


def seed_pdfs() -> List[Path]:
    """The seed fixtures: the PDFs directly in fixtures/ (Cremona and Crema)."""
    return sorted(p for p in FIXTURES.glob("*") if p.suffix.lower() == ".pdf")


def rel(p: Path) -> str:
    """The path as the tests give it to both the CLI and Python: relative to the
    repository root, where both run."""
    return str(p.relative_to(ROOT))


@functools.lru_cache(maxsize=1)
def cli() -> str:
    env = os.environ.get("PIAO_EXTRACT_CLI")
    if env:
        return env
    found = [
        p
        for p in (ROOT / "target" / "release" / "piao-extract", ROOT / "target" / "debug" / "piao-extract")
        if p.exists()
    ]
    if not found:
        missing("the piao-extract CLI (cargo build)")
    return str(max(found, key=lambda p: p.stat().st_mtime))


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [cli(), *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


@functools.lru_cache(maxsize=None)
def cli_records(path: str) -> List[Dict[str, Any]]:
    """``extract FILE --format records -o -``, parsed."""
    out = run_cli("extract", path, "--format", "records", "-o", "-", "--in-process", "-q")
    assert out.returncode in (0, 18), out.stderr
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


@functools.lru_cache(maxsize=None)
def truth_count(pdf: Path) -> int:
    """Records in the truth file next to a fixture PDF."""
    truth = pdf.with_name(pdf.name[: -len(".pdf")] + ".records.json")
    if not truth.exists():
        missing(f"truth {truth.name}")
    return len(json.loads(truth.read_text())["records"])


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    """Both the CLI and the Python calls run at the repository root."""
    monkeypatch.chdir(ROOT)


@functools.lru_cache(maxsize=None)
def py_records(path: str) -> List[Dict[str, Any]]:
    """``piao_extract.extract(path)``, once per session (called at the root)."""
    import piao_extract

    os.chdir(ROOT)
    return piao_extract.extract(path)


def pytest_report_header(config):
    import piao_extract

    return [
        f"piao_extract {piao_extract.__version__} from {Path(piao_extract.__file__).parent}",
        f"CLI compared with: {os.environ.get('PIAO_EXTRACT_CLI') or '(newest of target/release, target/debug)'}",
    ]
