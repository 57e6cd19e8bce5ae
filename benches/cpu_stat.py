#!/usr/bin/env python3
"""CPU time and page faults of commands on files, median of N runs each.

Usage (from the repository root):

    python3 benches/cpu_stat.py N LABEL=COMMAND... -- FILE...

`{}` in a COMMAND stands for the file. Each command runs under `perf stat -e
task-clock,page-faults` (CPU time of all its threads and child processes, which the
machine's load inflates far less than wall time); the commands alternate run by run
(A B, B A, ...), so a load that drifts during the measurement hits them alike. For
example, the PDF stage of two builds against pdftotext:

    python3 benches/cpu_stat.py 15 \\
        "before=/tmp/old/piao-extract inspect {} --words --json" \\
        "after=target/release/piao-extract inspect {} --words --json" \\
        "pdftotext=pdftotext -layout {} /dev/null" -- fixtures/000-calc-ruled.pdf

Prefix a command with `env MIMALLOC_ALLOW_THP=0` to count faults in 4 KiB pages
(with transparent huge pages one fault clears 2 MiB, and the count says little).
"""
import os
import statistics
import subprocess
import sys


def one(cmd):
    r = subprocess.run(
        ["perf", "stat", "-x,", "-e", "task-clock,page-faults",
         "sh", "-c", "exec " + cmd + " >/dev/null 2>&1"],
        capture_output=True, text=True)
    ms = faults = None
    for line in r.stderr.splitlines():
        p = line.split(",")
        if len(p) > 2 and p[2] == "task-clock":
            ms = float(p[0])
        if len(p) > 2 and p[2] == "page-faults":
            faults = float(p[0])
    if ms is None or faults is None:
        sys.exit(f"perf stat gave no figures for: {cmd}\n{r.stderr}")
    return ms, faults


def main():
    args = sys.argv[1:]
    if "--" not in args or len(args) < 4:
        sys.exit(__doc__)
    n = int(args[0])
    cut = args.index("--")
    cmds = [a.split("=", 1) for a in args[1:cut]]
    print("file\t" + "\t".join(f"{label} ms\t{label} faults" for label, _ in cmds))
    for f in args[cut + 1:]:
        res = {label: ([], []) for label, _ in cmds}
        for k in range(n):
            for label, tmpl in (cmds if k % 2 == 0 else cmds[::-1]):
                ms, faults = one(tmpl.replace("{}", f))
                res[label][0].append(ms)
                res[label][1].append(faults)
        row = [os.path.basename(f)]
        for label, _ in cmds:
            row += [f"{statistics.median(res[label][0]):.1f}",
                    f"{statistics.median(res[label][1]):.0f}"]
        print("\t".join(row), flush=True)


if __name__ == "__main__":
    main()
