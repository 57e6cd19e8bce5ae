#!/usr/bin/env bash
# Batch throughput (a benchmark, not a test): files/s of `piao-extract extract` over
# the fixture set with -j 1 and -j 2 side by side, and the whole pipeline's pages/s
# against `pdftotext -layout` on the same files, in the same run.
#
# Needs hyperfine and pdftotext/pdfinfo (apt-get install hyperfine poppler-utils).
# Usage: benches/batch.sh [RUNS]   (builds the release binary first)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin=$target/release/piao-extract
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
files=("$root"/fixtures/*.pdf)
n=${#files[@]}
pages=0
for f in "${files[@]}"; do
  pages=$((pages + $(pdfinfo "$f" | awk '/^Pages:/ {print $2}')))
done
list="${files[*]}"
# --force: every run extracts every file again (a rerun would find them up to date).
hyperfine --warmup 1 --runs "$runs" --ignore-failure --export-json "$work/h.json" \
  -n "piao-extract -j 1" "$bin extract -q --force -j 1 -o $work/j1 $list" \
  -n "piao-extract -j 2" "$bin extract -q --force -j 2 -o $work/j2 $list" \
  -n "pdftotext -layout, 1 process" "for f in $list; do pdftotext -layout \$f $work/t.txt; done" \
  -n "pdftotext -layout, 2 processes" "printf '%s\n' $list | xargs -P 2 -I{} sh -c 'pdftotext -layout {} $work/\$\$.txt'" \
  >&2
python3 - "$work/h.json" "$n" "$pages" <<'PY'
import json, sys
h, n, pages = json.load(open(sys.argv[1])), int(sys.argv[2]), int(sys.argv[3])
print(f"{n} files, {pages} pages\n")
print("| command | mean s (± sd) | files/s | pages/s |")
print("|---|---|---|---|")
for r in h["results"]:
    m, sd = r["mean"], r["stddev"] or 0.0
    print(f"| {r['command']} | {m:.3f} (± {sd:.3f}) | {n / m:.1f} | {pages / m:.0f} |")
PY
