#!/usr/bin/env python3
"""Instructions per stage of `extract`, by callgrind (issue 22's split: the stages after
the PDF layer against the PDF layer).

    python3 benches/stage_split.py --bin target/release/piao-extract FILE... > table.md

Each FILE runs as `BIN extract FILE -o TMP -j 1 --force -q --in-process` under
`valgrind --tool=callgrind --compress-strings=no` (in process: a forked worker that
has sent its result is ended after 500 ms, before callgrind has written a large
profile; the stages' work is the same). Inclusive counts are read from the profile by
this script (self cost plus the cost of outgoing calls), not by `callgrind_annotate`,
which drops functions whose name the file first gives in a call line. Stages:

- PDF layer: `pdf::PageSource::new` + `pdf::PageSource::read` + `envelope::unwrap_named`
  (when the compiler inlined `new` or `read`, their callees `pdf::load::load` and the
  page interpreter are counted instead);
- layout: `layout::analyze_page` + `Lexicon::add_page`;
- grid: `pipeline::run` less the PDF pages' reading, layout and `tables::recognize`
  (grid detection, the carried rows and the line breaks settled across pages);
- tables: `tables::recognize`; assemble: `assemble::assemble`;
- output: `batch::extract_write` less `extract::extract_bytes_hashed` (the people
  index, the records, validation and the files written).

A process's one-time setup (the vocabulary, the header matcher, the rules' automata)
is counted in the stage that first needs it. Prints a Markdown table, per file and
summed, in millions of instructions.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

P = 'piao_extract::'


def inclusive(path):
    """Inclusive Ir per function name: self cost plus outgoing calls (calls to itself
    skipped), and the profile's total."""
    names = {}
    inc = collections.Counter()
    cur = pending = None
    callnext = False
    total = 0

    def ident(s):
        m = re.match(r'\((\d+)\)(?: (.*))?', s)
        if not m:
            return s
        if m.group(2) is not None:
            names[m.group(1)] = m.group(2)
        return m.group(1)

    with open(path, errors='replace') as fh:
        for line in fh:
            if line.startswith('summary:') or line.startswith('totals:'):
                total = int(line.split()[1])
            elif line.startswith('fn='):
                cur = ident(line[3:].rstrip('\n'))
            elif line.startswith('cfn='):
                pending = ident(line[4:].rstrip('\n'))
            elif line.startswith('calls='):
                callnext = True
            elif line[:1] and (line[0].isdigit() or line[0] in '+-*'):
                try:
                    v = int(line.split()[-1])
                except ValueError:
                    continue
                if callnext:
                    callnext = False
                    if pending != cur:
                        inc[cur] += v
                else:
                    inc[cur] += v
    out = collections.Counter()
    for k, v in inc.items():
        out[names.get(k, k)] += v
    return out, total


def stages(inc):
    g = lambda name: inc.get(P + name, 0)
    read = g('pdf::PageSource::read') or g('pdf::interp::ops::Interp::run')
    new = g('pdf::PageSource::new') or g('pdf::load::load')
    pdf = new + read + g('envelope::unwrap_named')
    lay = g('layout::analyze_page') + g('layout::lexicon::Lexicon::add_page')
    tab = g('tables::recognize')
    grid = g('pipeline::run') - read - lay - tab
    asm = g('assemble::assemble')
    out = g('batch::extract_write') - g('extract::extract_bytes_hashed')
    return [pdf, lay, grid, tab, asm, out]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', required=True)
    ap.add_argument('files', nargs='+')
    a = ap.parse_args()
    print('| file | PDF layer | layout | grid | tables | assemble | output | after PDF ÷ PDF | process |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---:|')
    sums = [0] * 8
    for f in a.files:
        with tempfile.TemporaryDirectory() as d:
            prof = os.path.join(d, 'cg.out')
            subprocess.run(['valgrind', '--tool=callgrind', '--compress-strings=no',
                            f'--callgrind-out-file={prof}', a.bin, 'extract', f,
                            '-o', os.path.join(d, 'out'), '-j', '1', '--force', '-q',
                            '--in-process'], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
            inc, total = inclusive(prof)
        if not inc.get(P + 'pipeline::run'):
            # valgrind read no symbols (seen under memory pressure): the row would be 0s
            print(f'{f}: no stage symbols in the profile, run it again', file=sys.stderr)
        v = stages(inc)
        after = sum(v[2:])
        row = v + [after, total]
        sums = [s + x for s, x in zip(sums, row)]
        ratio = after / v[0] if v[0] else float('nan')
        name = os.path.basename(f)[:-4]
        print(f'| {name} | ' + ' | '.join(f'{x / 1e6:.2f}' for x in v)
              + f' | {ratio:.2f} | {total / 1e6:.2f} |')
        sys.stdout.flush()
    ratio = sums[6] / sums[0] if sums[0] else float('nan')
    print('| **sum** | ' + ' | '.join(f'**{x / 1e6:.1f}**' for x in sums[:6])
          + f' | **{ratio:.2f}** | **{sums[7] / 1e6:.1f}** |')


if __name__ == '__main__':
    main()
