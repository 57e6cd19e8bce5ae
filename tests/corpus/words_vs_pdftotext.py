#!/usr/bin/env python3
"""Our words against `pdftotext -raw`, per PDF, as multisets.

Usage (from the repository root, after `cargo build --release`):

    python3 tests/corpus/words_vs_pdftotext.py /work/data/icdar2013/competition-dataset-{eu,us}/*.pdf
    python3 tests/corpus/words_vs_pdftotext.py --min 0.999 --json out.json FILE.pdf...

The measure, per file:
  * theirs = the whitespace-separated tokens of `pdftotext -raw -enc UTF-8 FILE -`
    (poppler's words in content-stream order: no column layout, no dehyphenation
    across lines in this mode);
  * ours = the `text` of every word of `piao-extract inspect FILE --words --json`;
  * control characters (Unicode category Cc) inside a token taken as spaces;
  * a soft hyphen (U+00AD) taken as `-` on both sides: pdftotext prints the code of
    a drawn glyph, which on the page is a hyphen (`1-12` in us-022), and we print
    it as `-` where it is drawn with a width;
  * both sides NFKC-normalised (ligatures, full-width forms, non-breaking spaces are
    compatibility characters: `ﬁ` and `fi` are one word), and each side's words
    split again on any whitespace NFKC produced; tokens made only of control or
    format characters (Unicode category C*) dropped on both sides;
  * recall = |theirs ∩ ours| / |theirs| and precision = |theirs ∩ ours| / |ours|, with
    ∩ the multiset intersection (a word counts as often as it occurs on both sides);
  * a file passes when both are at least --min (default 0.999).

A word split differently on the two sides (`Table1` / `Table 1`) costs both shares,
so the measure checks word building as well as the glyph text. The table lists
every file, its word counts and both shares, and the words most missed.

Second measure, in the last columns: the same shares against each of pdftotext's
three readings of the file, `-raw`, its default mode (no flag) and `-layout`, each
taken whole, and the file passes in "any mode" when it passes against at least one
of them; the column names the mode that agrees best (the greater of the two shares'
minimum, raw first on a tie). This is not a looser count per word: no mode lends a
word to another, each comparison is one complete reading by pdftotext. Why it is
there: raw mode prints glyphs in content-stream order and splits or glues words
where that order and the page disagree (a script drawn after its line, a colon
drawn after the table, spaces squeezed under 0.15 em), and the other two modes,
which read the page's geometry, read those places as a reader does. The default
mode joins a word hyphenated at a line's end (`dis-` / `ability` is `disability`)
and the layout mode does not, so on most files the layout mode is the one that
agrees. The raw columns are unchanged by it (`--modes raw` prints them alone).
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def is_text(word):
    """False for a token made only of control and format characters (Unicode
    category C*): pdftotext prints codes it cannot name as C1 controls (U+0099 in
    us-005), which are no word."""
    return any(not unicodedata.category(c).startswith("C") for c in word)


def bag(words):
    out = collections.Counter()
    for w in words:
        # a control character inside a token separates, it is no letter: pdftotext
        # prints an /ActualText of U+0007 glued to the next word ("\aOnly", eu-018)
        w = "".join(" " if unicodedata.category(c) == "Cc" else c for c in w)
        w = w.replace("\u00ad", "-")
        for part in unicodedata.normalize("NFKC", w).split():
            if is_text(part):
                out[part] += 1
    return out


MODES = {"raw": ["-raw"], "default": [], "layout": ["-layout"]}


def theirs(path, mode="raw"):
    out = subprocess.run(
        ["pdftotext", "-q", *MODES[mode], "-enc", "UTF-8", path, "-"],
        capture_output=True,
        timeout=120,
    )
    return bag(out.stdout.decode("utf-8", "replace").split())


def ours(binary, path):
    out = subprocess.run(
        [binary, "inspect", path, "--words", "--json"], capture_output=True, timeout=120
    )
    if out.returncode != 0:
        return None, out.stderr.decode("utf-8", "replace").strip()
    words = [json.loads(l)["text"] for l in out.stdout.decode("utf-8").splitlines() if l]
    return bag(words), ""


def share(a, b):
    total = sum(a.values())
    if total == 0:
        return 1.0
    return sum(min(n, b[w]) for w, n in a.items()) / total


def missing(a, b, top):
    diff = a - b
    return [f"{w}×{n}" if n > 1 else w for w, n in diff.most_common(top)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdfs", nargs="+")
    ap.add_argument("--min", type=float, default=0.999)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "piao-extract"))
    ap.add_argument("--json", help="write the per-file figures here")
    ap.add_argument("--top", type=int, default=4, help="missed words shown per file")
    ap.add_argument(
        "--modes",
        default="raw,default,layout",
        help="pdftotext's readings compared, raw first (see the docstring)",
    )
    args = ap.parse_args()
    modes = args.modes.split(",")
    if modes[0] != "raw" or any(m not in MODES for m in modes):
        ap.error(f"--modes: raw first, then any of {', '.join(MODES)}")
    others = len(modes) > 1
    rows, failed, failed_any = [], 0, 0
    extra = " best mode | recall | precision | pass in a mode |" if others else ""
    print(
        f"| file | pdftotext words | our words | recall | precision | pass |{extra} "
        f"theirs not ours | ours not theirs |"
    )
    print("|---|---|---|---|---|---|" + ("---|---|---|---|" if others else "") + "---|---|")
    for path in args.pdfs:
        t = theirs(path)
        o, err = ours(args.bin, path)
        name = os.path.basename(path)
        if o is None:
            o = collections.Counter()
        r, p = share(t, o), share(o, t)
        ok = r >= args.min and p >= args.min
        failed += not ok
        best = ("raw", r, p)
        for mode in modes[1:]:
            tm = theirs(path, mode)
            rm, pm = share(tm, o), share(o, tm)
            if min(rm, pm) > min(best[1], best[2]):
                best = (mode, rm, pm)
        ok_any = best[1] >= args.min and best[2] >= args.min
        failed_any += not ok_any
        row = {
            "file": name,
            "theirs": sum(t.values()),
            "ours": sum(o.values()),
            "recall": r,
            "precision": p,
            "pass": ok,
            "error": err,
            "theirs_not_ours": missing(t, o, args.top),
            "ours_not_theirs": missing(o, t, args.top),
            "best_mode": best[0],
            "best_recall": best[1],
            "best_precision": best[2],
            "pass_any_mode": ok_any,
        }
        rows.append(row)
        cols = (
            f" {best[0]} | {best[1]:.4f} | {best[2]:.4f} | {'yes' if ok_any else 'NO'} |"
            if others
            else ""
        )
        print(
            f"| {name} | {row['theirs']} | {row['ours']} | {r:.4f} | {p:.4f} | {'yes' if ok else 'NO'} "
            f"|{cols} {' '.join(row['theirs_not_ours']) or err} | {' '.join(row['ours_not_theirs'])} |",
            flush=True,
        )
    tw = sum(r["theirs"] for r in rows)
    ow = sum(r["ours"] for r in rows)
    print(
        f"\n{len(rows) - failed} of {len(rows)} files at recall and precision >= {args.min}; "
        f"words: pdftotext {tw}, ours {ow}; lowest recall "
        f"{min(r['recall'] for r in rows):.4f}, lowest precision {min(r['precision'] for r in rows):.4f}"
    )
    if others:
        print(
            f"{len(rows) - failed_any} of {len(rows)} files at recall and precision >= {args.min} "
            f"against at least one of pdftotext's modes ({', '.join(modes)}), each taken whole"
        )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1, ensure_ascii=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
