#!/usr/bin/env python3
"""Producer-mix speed benchmark (a benchmark, not a test): the CLI as users run it
against `pdftotext -layout` on the same file, in the same run, PAIRED.

For every PDF (folders are searched recursively for `*.pdf`):
- `piao-extract extract FILE -o DIR -j 1 --force -q` (a worker process per file, every
  output and the manifest written) and `pdftotext -layout FILE /dev/null`, run one
  after the other, `--pairs` times, alternating which goes first; the ratio of a pair
  is pdftotext's wall time / ours (>= 1: we are as fast or faster), and the file's
  figure is the median of its pairs' ratios. Pairing makes the ratio robust to the
  load of a shared machine: both commands of a pair see nearly the same load.
- the same with `--in-process` (no worker process);
- "one core": every command runs under `taskset -c CPU` (one CPU: our page threads
  and pdftotext see the same single core).
Then the folder of the whole mix with `-j 1` and `-j 2` (all cores), paired likewise:
the speed-up of `-j 2` over `-j 1`.

Per-file overhead: the quickest file of the mix timed with `extract` against a bare
`piao-extract --version` (the floor of a one-file run), and a folder of 20 copies of it
with `-j 1`, worker processes against `--in-process`, paired: the difference per file
is what isolation costs a folder of small PDFs (issue 22 asks <= 5 ms).

Usage:
  python3 benches/mix.py [--pairs N] [--bin PATH] [--cpu N] [--no-folder] DIR_OR_PDF...
e.g. the mix of the README:
  python3 benches/mix.py --pairs 9 fixtures /work/data/icdar2013 target/bench/synth-1000.pdf
Prints one line per file and a summary (geometric mean, worst file); `--tsv FILE`
writes the per-file table. Nothing is committed but this script: the public-corpus
files stay where they are.
"""

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def pdfs(args):
    out = []
    for a in args:
        p = Path(a)
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.pdf") if q.is_file()))
        elif p.is_file():
            out.append(p)
        else:
            sys.exit(f"mix.py: no such file or folder: {a}")
    return out


def timed(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t, r.returncode


def paired(a, b, pairs):
    """Median of b_time / a_time over `pairs` alternating runs, and both medians."""
    ratios, ta, tb = [], [], []
    for i in range(pairs):
        if i % 2 == 0:
            x, _ = timed(a)
            y, _ = timed(b)
        else:
            y, _ = timed(b)
            x, _ = timed(a)
        ta.append(x)
        tb.append(y)
        ratios.append(y / x)
    return statistics.median(ratios), statistics.median(ta), statistics.median(tb)


def pages(f):
    r = subprocess.run(["pdfinfo", str(f)], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def geomean(xs):
    xs = [x for x in xs if x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--pairs", type=int, default=9)
    ap.add_argument("--bin", default=str(Path(__file__).resolve().parent.parent / "target/release/piao-extract"))
    ap.add_argument("--cpu", type=int, default=0, help="the one CPU of the one-core runs")
    ap.add_argument("--no-folder", action="store_true", help="skip the -j 1 / -j 2 folder run")
    ap.add_argument("--no-in-process", action="store_true")
    ap.add_argument("--tsv")
    a = ap.parse_args()
    for tool in ("pdftotext", "pdfinfo", "taskset"):
        if shutil.which(tool) is None:
            sys.exit(f"mix.py: {tool} is needed")
    files = pdfs(a.inputs)
    if not files:
        sys.exit("mix.py: no PDF among the inputs")
    one = ["taskset", "-c", str(a.cpu)]
    work = Path(tempfile.mkdtemp(prefix="piao-mix-"))
    load = os.getloadavg()
    print(f"# {len(files)} PDFs from {' '.join(a.inputs)}; {a.pairs} pairs each; "
          f"one core = taskset -c {a.cpu}; load average at start {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(f"{'file':<58} {'pages':>5} {'pdftotext s':>11} {'cli s':>8} {'cli ratio':>9} {'inproc ratio':>12}")
    rows = []
    try:
        for f in files:
            out = work / "o"
            ref = one + ["pdftotext", "-layout", str(f), "/dev/null"]
            cli = one + [a.bin, "extract", str(f), "-o", str(out), "-j", "1", "--force", "-q"]
            r_cli, t_cli, t_ref = paired(cli, ref, a.pairs)
            r_in = float("nan")
            if not a.no_in_process:
                r_in, _, _ = paired(cli + ["--in-process"], ref, a.pairs)
            n = pages(f)
            name = str(f)[-58:]
            print(f"{name:<58} {n:>5} {t_ref:>11.4f} {t_cli:>8.4f} {r_cli:>9.2f} {r_in:>12.2f}", flush=True)
            rows.append((str(f), n, t_ref, t_cli, r_cli, r_in))
        worst = min(rows, key=lambda r: r[4])
        print(f"\nCLI, one core: geometric mean {geomean([r[4] for r in rows]):.2f}x pdftotext -layout; "
              f"worst {worst[4]:.2f}x ({worst[0]}); files under 1.0x: {sum(r[4] < 1.0 for r in rows)} of {len(rows)}")
        if not a.no_in_process:
            print(f"in-process, one core: geometric mean {geomean([r[5] for r in rows]):.2f}x")
        small = min(rows, key=lambda r: r[3])
        sp = Path(small[0])
        ins = one + [a.bin, "inspect", str(sp)]
        ext = one + [a.bin, "extract", str(sp), "-o", str(work / "s"), "-j", "1", "--force", "-q"]
        ver = one + [a.bin, "--version"]
        _, t_ver, t_ext = paired(ver, ext, a.pairs * 2)
        print(f"per-file floor on the quickest file ({sp.name}, {small[1]} pages): "
              f"extract {t_ext * 1000:.1f} ms, a bare `piao-extract --version` {t_ver * 1000:.1f} ms")
        copies = work / "copies"
        copies.mkdir()
        for i in range(20):
            os.symlink(os.path.abspath(sp), copies / f"{i:02d}-{sp.name}")
        iso = one + [a.bin, "extract", str(copies), "-o", str(work / "c"), "-j", "1", "--force", "-q"]
        _, t_iso, t_inp = paired(iso, iso + ["--in-process"], a.pairs * 2)
        print(f"20 copies of it, -j 1: worker processes {t_iso * 1000:.0f} ms, --in-process "
              f"{t_inp * 1000:.0f} ms: isolation costs {(t_iso - t_inp) / 20 * 1000:.1f} ms per file")
        if not a.no_folder:
            folder = work / "mix"
            folder.mkdir()
            for i, r in enumerate(rows):
                os.symlink(os.path.abspath(r[0]), folder / f"{i:04d}-{Path(r[0]).name}")
            j1 = [a.bin, "extract", str(folder), "-o", str(work / "j1"), "-j", "1", "--force", "-q"]
            j2 = [a.bin, "extract", str(folder), "-o", str(work / "j2"), "-j", "2", "--force", "-q"]
            fp = max(3, a.pairs // 3)
            # paired(a, b) gives median(b / a), median(a), median(b): a is -j 2 here
            r, t2, t1 = paired(j2, j1, fp)
            print(f"folder of the mix ({len(rows)} files, {sum(r[1] for r in rows)} pages): "
                  f"-j 1 {t1:.2f} s, -j 2 {t2:.2f} s: -j 2 is {r:.2f}x -j 1 (median of {fp} pairs)")
        if a.tsv:
            with open(a.tsv, "w") as t:
                t.write("file\tpages\tpdftotext_s\tcli_s\tcli_ratio\tinprocess_ratio\n")
                for r in rows:
                    t.write("\t".join(str(x) for x in r) + "\n")
        load = os.getloadavg()
        print(f"# load average at end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
