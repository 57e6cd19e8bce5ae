#!/bin/bash
# Robustness run over a public PDF corpus (not committed): the veraPDF corpus
# (~2,700 small PDFs of every PDF feature and many broken ones) and the PDFs of the
# pdf.js test suite (`test/pdfs/`: 971 files present in the repository; its `.link`
# entries point to files on the web and are not counted):
#
#   git clone https://github.com/veraPDF/veraPDF-corpus /work/data/verapdf
#   git clone https://github.com/mozilla/pdf.js /tmp/pdf.js   # uses test/pdfs/
#   cargo build --release
#   PIAO_CORPUS=/work/data/verapdf tests/corpus/run_corpus.sh
#   PIAO_CORPUS=/tmp/pdf.js/test/pdfs tests/corpus/run_corpus.sh
#
# The last table row is the check of issue 19: of the files where pdftotext finds
# words, the share where we find words too (goal: 99% or more on each corpus). The
# files where pdftotext finds words and we do not are listed in $OUT/missed.tsv with
# our error line, so each can be looked at.
#
# Runs `extract` over every PDF with isolated workers (TIMEOUT, default 30s; MEMORY,
# default 2GiB; JOBS, default all cores) and prints a table: files, ok, typed errors
# by kind (timeouts and crashes among them), whether the run itself ended normally,
# and, where pdftotext extracts words, the share of files where we extract words too
# (`piao-extract inspect --words`, under the same limits with `timeout`/`ulimit`).
# Goal: every file ends in ok or a typed error; the run never crashes or hangs.
set -euo pipefail
: "${PIAO_CORPUS:?set PIAO_CORPUS to the corpus folder}"
here=$(cd "$(dirname "$0")" && pwd)
BIN=${BIN:-$here/../../target/release/piao-extract}
[ -x "$BIN" ] || BIN=${CARGO_TARGET_DIR:-$here/../../target}/release/piao-extract
TIMEOUT=${TIMEOUT:-30s}
MEMORY=${MEMORY:-2GiB}
JOBS=${JOBS:-$(nproc)}
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
echo "corpus: $PIAO_CORPUS  binary: $BIN  out: $OUT  timeout: $TIMEOUT  jobs: $JOBS" >&2

start=$(date +%s)
set +e
"$BIN" extract "$PIAO_CORPUS" -o "$OUT/run" --format records --force --quiet \
  --timeout "$TIMEOUT" --max-memory "$MEMORY" -j "$JOBS" 2> "$OUT/extract.stderr"
run_status=$?
set -e
echo "extract: exit $run_status in $(( $(date +%s) - start )) s" >&2

# Words: pdftotext's and ours, per file (in parallel; a file over the limits counts
# as no words).
secs=${TIMEOUT%s}
words() {
  f=$1
  theirs=$(timeout "$2" pdftotext -q "$f" - 2>/dev/null | wc -w)
  err=$(mktemp)
  ours=$( (ulimit -v $(( 2 * 1024 * 1024 )); timeout "$2" "$3" inspect "$f" --words 2>"$err") | wc -l)
  printf '%s\t%s\t%s\t%s\n' "$theirs" "$ours" "$f" "$(head -c 300 "$err" | tr '\t\n' '  ')"
  rm -f "$err"
}
export -f words
find "$PIAO_CORPUS" -type f -iname '*.pdf' -print0 |
  xargs -0 -P "$JOBS" -I{} bash -c 'words "$1" "$2" "$3"' _ {} "$secs" "$BIN" > "$OUT/words.tsv"

python3 - "$OUT/run/manifest.json" "$OUT/words.tsv" "$run_status" "$OUT/missed.tsv" <<'PY'
import json, sys, collections
m = json.load(open(sys.argv[1]))
files = [e for e in m["files"] if e["status"] != "skipped"]
kinds = collections.Counter(e["error"]["kind"] for e in files if e["status"] == "failed")
ok = sum(e["status"] == "ok" for e in files)
noobj = sum(e["status"] == "no_objectives" for e in files)
typed = sum(kinds.values())
rows = [("files", len(files)), ("ok (objectives found)", ok),
        ("ok (read, no objectives)", noobj), ("typed errors", typed)]
rows += [(f"  {k}", n) for k, n in sorted(kinds.items(), key=lambda x: -x[1])]
rows += [("timeouts", kinds.get("timeout", 0)), ("crashes (isolated)", kinds.get("crashed", 0)),
         ("out of memory", kinds.get("out_of_memory", 0)),
         ("ok or typed error", f"{ok + noobj + typed} of {len(files)}"),
         ("run exit status", sys.argv[3]),
         ("run wall time", f"{m['summary']['wall_ms'] / 1000:.0f} s")]
both = theirs = 0
missed = open(sys.argv[4], "w")
for line in open(sys.argv[2]):
    t, o, f, err = (line.rstrip("\n").split("\t", 3) + [""])[:4]
    if int(t) > 0:
        theirs += 1
        both += int(o) > 0
        if int(o) == 0:
            missed.write(f"{t}\t{f}\t{err}\n")
rows.insert(-4, ("panics (contained)", kinds.get("dependency_panic", 0)))
rows += [("pdftotext extracts words", theirs),
         ("  ... and we do too", f"{both} ({100 * both / max(theirs, 1):.1f}%)")]
w = max(len(r[0]) for r in rows)
print(f"| {'':{w}} | count |\n|{'-' * (w + 2)}|-------|")
for k, v in rows:
    print(f"| {k:{w}} | {v} |")
PY
