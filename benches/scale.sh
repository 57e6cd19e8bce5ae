#!/usr/bin/env bash
# National-scale flow (a benchmark, not a test): a 2,000-file corpus extracted by one
# run, and by 4 shards run by GNU parallel into 4 folders plus `merge`, on the same
# machine, with every format of the dataset (json, sqlite, parquet). The corpus is the
# ten fixtures, each copied COPIES times with a different trailing comment, so every
# file is a distinct document (its own sha256).
#
# Needs GNU parallel (apt-get install parallel).
# Usage: benches/scale.sh [COPIES]   (default 200: 2,000 files; builds the release binary)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
copies=${1:-200}
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin=$target/release/piao-extract
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
for f in "$root"/fixtures/*.pdf; do
  stem=$(basename "$f" .pdf)
  for i in $(seq -w 1 "$copies"); do
    { cat "$f"; printf '\n%% copy %s\n' "$i"; } > "$work/corpus/$stem-$i.pdf"
  done
done
n=$(ls "$work/corpus" | wc -l)
pages=$(( $(for f in "$root"/fixtures/*.pdf; do pdfinfo "$f" | awk '/^Pages:/ {print $2}'; done | paste -sd+ | bc) * copies ))
formats=json,sqlite,parquet
now() { date +%s.%N; }
t0=$(now)
"$bin" extract "$work/corpus" -o "$work/single" --format $formats -q
t1=$(now)
parallel --will-cite -j 2 "$bin" extract "$work/corpus" -o "$work/shard-{}" --shard {}/4 \
  --format $formats -j 1 -q ::: 1 2 3 4
t2=$(now)
"$bin" merge -o "$work/merged" "$work"/shard-{1,2,3,4} 2>/dev/null
t3=$(now)
same=$(diff -rq -x 'manifest*' -x 'piao.sqlite' -x '.piao-extract*' "$work/single" "$work/merged" >/dev/null && echo yes || echo NO)
python3 - "$n" "$pages" "$t0" "$t1" "$t2" "$t3" "$same" <<'PY'
import sys
n, pages = int(sys.argv[1]), int(sys.argv[2])
t0, t1, t2, t3 = map(float, sys.argv[3:7])
one, shards, merge = t1 - t0, t2 - t1, t3 - t2
print(f"{n} files, {pages} pages; merged outputs equal the single run's: {sys.argv[7]}\n")
print("| flow | wall s | files/s | pages/s |")
print("|---|---|---|---|")
print(f"| one run (-j 2) | {one:.1f} | {n / one:.1f} | {pages / one:.0f} |")
print(f"| 4 shards (GNU parallel -j 2, each -j 1) | {shards:.1f} | {n / shards:.1f} | {pages / shards:.0f} |")
print(f"| merge of the 4 folders | {merge:.1f} | | |")
print(f"| 4 shards + merge | {shards + merge:.1f} | {n / (shards + merge):.1f} | {pages / (shards + merge):.0f} |")
PY
