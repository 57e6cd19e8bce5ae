#!/usr/bin/env python3
"""The functions a run of the CLI executes, for the linker to place together
(`link/hot-functions.txt`, read by `build.rs`: README, Speed, round 16).

    python3 benches/hot_text.py --bin target/release/piao-extract > link/hot-functions.txt

Why: a forked worker faults in again every page of the binary's code it runs (Linux
copies no page table of a file mapping at `fork`), and the kernel maps 64 KiB around
each fault. Spread over the 12 MB of `.text` in the linker's default order, the code
a one-page plan runs touched 69 such windows in the worker and 46 in the batch
process; placed together first, 47–49 and 25–33 (docs/speed-rounds.md, round 16).

Each file of every `--every`-th line of `benches/mix-files.txt` (the producer mix)
runs as the README's command, `BIN extract FILE -o TMP -j 1 --force -q`, under
`valgrind --tool=callgrind` (the batch process and its forked worker each write a
profile; a large file's worker may be ended before callgrind has written it, so its
functions count through the small files). A function is listed when some profile gives
it instructions and `BIN` defines it (`nm`); functions run by more profiles come first,
then by name. The names are mangled as the linker sees them, and a symbol's hash changes with
the compiler or a dependency's version: a name the build no longer has is skipped by
the linker (`--no-warn-symbol-ordering`), so a stale list only orders less; rerun
this script after such an upgrade. The crate's names are those of the `release`
profile's build (Cargo's `-C metadata`, in their hashes, differs by profile): a debug build
finds only the C and standard library's (329 of the 2,624).
"""
import argparse
import collections
import concurrent.futures
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def mix_files(every):
    """Every `every`-th file of the producer mix, ICDAR paths resolved."""
    icdar = os.environ.get("ICDAR", "/work/data/icdar2013")
    with open(os.path.join(ROOT, "benches", "mix-files.txt")) as f:
        lines = [l.strip() for l in f if l.strip()]
    out = []
    for l in lines[::every]:
        path = re.sub(r"^icdar2013/", icdar + "/", l)
        out.append(path if os.path.isabs(path) else os.path.join(ROOT, path))
    return out


def executed(profile):
    """Names of the functions one callgrind profile gives costs to
    (`--compress-strings=no`: each `fn=` line names its function in full; callgrind
    writes a function's block only when it ran)."""
    with open(profile, errors="replace") as f:
        return {line[3:].strip() for line in f if line.startswith("fn=")}


def profiles_of(binary, pdf, scratch):
    """Callgrind profiles of one README run of `pdf` (batch process and worker)."""
    work = tempfile.mkdtemp(dir=scratch)
    out = os.path.join(work, "cg.%p")
    subprocess.run(
        ["valgrind", "--tool=callgrind", "--demangle=no", "--compress-strings=no",
         "--callgrind-out-file=" + out, binary, "extract", pdf, "-o",
         os.path.join(work, "out"), "-j", "1", "--force", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return glob.glob(os.path.join(work, "cg.*"))


def defined_text(binary):
    """The code symbols `binary` defines."""
    nm = subprocess.run(["nm", "--defined-only", binary], capture_output=True,
                        text=True, check=True).stdout
    return {p[2] for p in (l.split() for l in nm.splitlines())
            if len(p) == 3 and p[1] in "tTwW"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--every", type=int, default=4)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    files = mix_files(a.every)
    runs = collections.Counter()
    with tempfile.TemporaryDirectory() as scratch:
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
            for profiles in pool.map(lambda f: profiles_of(a.bin, f, scratch), files):
                for p in profiles:
                    runs.update(executed(p))
    defined = defined_text(a.bin)
    hot = sorted((n for n in runs if n in defined), key=lambda n: (-runs[n], n))
    print("# Functions a run of the CLI executes, placed first in .text by build.rs")
    print("# (lld --symbol-ordering-file). Written by benches/hot_text.py over "
          f"{len(files)} files of the producer mix; {len(hot)} functions.")
    for n in hot:
        print(n)
    if not hot:
        sys.exit("no function found: is valgrind installed?")


if __name__ == "__main__":
    main()
