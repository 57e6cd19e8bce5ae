"""Time per fixture: the Python API in a warm interpreter vs the CLI.

    python python/bench/bench.py [--cli target/release/piao-extract] [--runs 7] [PDF...]

Three ways to get one file's records, each with one page thread (as ``-j 1`` gives a
file), run in turn so that a busy machine slows all three alike:

- ``cli``: ``piao-extract extract FILE -o DIR -j 1 --in-process --format records
  --force -q`` (a process per run: start, extract, validate, write NDJSON);
- ``worker``: the same without ``--in-process`` (the default: the file in a worker
  process);
- ``python``: ``piao_extract.extract(FILE, threads=1)`` in this interpreter (extract,
  validate, build the dicts).

Prints the median of each per fixture and the ratio python / cli; the wheel under
test is whatever ``import piao_extract`` finds (build it with ``--release``).

``--threads N`` then times the fixtures extracted by N Python threads at once (one
page thread each) against one after the other: with the GIL released the N threads
take about 1/N of the serial time on N free cores.
"""

from __future__ import annotations

import argparse
from concurrent.futures import ThreadPoolExecutor
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import piao_extract

ROOT = Path(__file__).resolve().parents[2]


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", default=str(ROOT / "target" / "release" / "piao-extract"))
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--threads", type=int, default=0, help="also time N Python threads at once")
    ap.add_argument("pdfs", nargs="*")
    a = ap.parse_args()
    pdfs = [Path(p) for p in a.pdfs] or sorted((ROOT / "fixtures").rglob("*.pdf"))
    out = Path(tempfile.mkdtemp(prefix="piao-bench-"))

    def cli(pdf: Path, in_process: bool):
        args = [a.cli, "extract", str(pdf), "-o", str(out), "-j", "1", "--format", "records", "--force", "-q"]
        if in_process:
            args.append("--in-process")
        r = subprocess.run(args, capture_output=True)
        if r.returncode not in (0, 18):
            sys.exit(f"{pdf}: CLI exit {r.returncode}: {r.stderr.decode()}")

    print(f"{'fixture':28} {'records':>7} {'cli ms':>8} {'worker ms':>9} {'python ms':>9} {'py/cli':>7}")
    totals = {"cli": 0.0, "worker": 0.0, "python": 0.0}
    for pdf in pdfs:
        n = len(piao_extract.extract(str(pdf), threads=1))  # warm: schema compiled, file cached
        cli(pdf, True)
        times = {"cli": [], "worker": [], "python": []}
        for _ in range(a.runs):
            times["cli"].append(timed(lambda: cli(pdf, True)))
            times["worker"].append(timed(lambda: cli(pdf, False)))
            times["python"].append(timed(lambda: piao_extract.extract(str(pdf), threads=1)))
        med = {k: statistics.median(v) * 1000 for k, v in times.items()}
        for k in totals:
            totals[k] += med[k]
        print(
            f"{pdf.name:28} {n:7d} {med['cli']:8.1f} {med['worker']:9.1f} {med['python']:9.1f}"
            f" {med['python'] / med['cli']:7.2f}"
        )
    print(
        f"{'total':28} {'':7} {totals['cli']:8.1f} {totals['worker']:9.1f} {totals['python']:9.1f}"
        f" {totals['python'] / totals['cli']:7.2f}"
    )
    if a.threads:
        threads(pdfs, a.threads, a.runs)
    return 0


def threads(pdfs, n: int, runs: int) -> None:
    """All fixtures by ``n`` Python threads at once vs one after the other."""
    paths = [str(p) for p in pdfs]

    def one(p):
        return piao_extract.extract(p, threads=1)

    def serial():
        for p in paths:
            one(p)

    def parallel():
        with ThreadPoolExecutor(n) as pool:
            list(pool.map(one, paths))

    s, p = [], []
    for _ in range(runs):
        s.append(timed(serial))
        p.append(timed(parallel))
    s_med, p_med = statistics.median(s) * 1000, statistics.median(p) * 1000
    print(f"{len(paths)} files: one thread {s_med:.0f} ms, {n} threads {p_med:.0f} ms ({p_med / s_med:.0%})")


if __name__ == "__main__":
    sys.exit(main())
