#!/bin/bash
# The PDF stage's views of every PDF, to compare two builds byte for byte:
#
#   benches/pdf_views.sh BINARY OUTDIR [PDF...]
#   diff -r OLD_OUTDIR NEW_OUTDIR && echo identical
#
# For each PDF (default: every PDF under fixtures/, subfolders included, and the
# ICDAR 2013 set under $ICDAR, /work/data/icdar2013 unless set) it writes
# `inspect --words|--glyphs|--rules|--lines --json` and the exit status with stderr.
# A change meant only to make the PDF stage faster must leave OUTDIR identical.
set -u
bin=$1
out=$2
shift 2
mkdir -p "$out"
if [ $# -eq 0 ]; then
    icdar=${ICDAR:-/work/data/icdar2013}
    set -- $(find fixtures -name '*.pdf' | sort) \
        $(ls "$icdar"/competition-dataset-{eu,us}/*.pdf 2>/dev/null)
fi
for f in "$@"; do
    name=$(echo "$f" | tr '/' '_')
    for view in words glyphs rules lines; do
        "$bin" inspect "$f" --"$view" --json >"$out/$name.$view.json" 2>"$out/$name.$view.err"
        echo "rc=$?" >>"$out/$name.$view.err"
    done
done
