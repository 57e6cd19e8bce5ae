"""Read the Parquet and CSV records of an output folder back with DuckDB and polars and
compare them with NDJSON records of the same inputs (tests/it/scale.rs runs this).

usage: read_back.py OUT_DIR RECORDS.ndjson

The CSV is read with the types the data package declares, as a reader must: left to
guess, polars takes `1.194.987` in a text column for a number and fails. CSV has one
empty value for a blank printed cell (`""` in NDJSON) and a column the document does
not have (`null`): the data package declares it missing (`missingValues: [""]`), so
for the CSV readers a blank text is compared as null. Prints
`N rows equal in duckdb-parquet, duckdb-csv, polars-parquet, polars-csv`; exits 1 on
the first difference.
"""

import datetime
import json
import sys

import duckdb
import polars as pl

out, ndjson = sys.argv[1], sys.argv[2]
package = json.load(open(f"{out}/datapackage.json"))
resource = next(r for r in package["resources"] if r["name"] == "records")
fields = resource["schema"]["fields"]
names = [f["name"] for f in fields]
types = {f["name"]: f["type"] for f in fields}

expected = [json.loads(line) for line in open(ndjson) if line.strip()]
sources = sorted({r["source"] for r in expected})


def plain(name, v):
    """A read-back value as the NDJSON writes it."""
    if v is None:
        return None
    t = types[name]
    if t == "date":
        return v.isoformat() if isinstance(v, datetime.date) else v
    if t in ("object", "array"):
        return json.loads(v) if isinstance(v, str) else v
    if t == "number":
        return float(v)
    return v


def rows(cols, tuples):
    got = [dict(zip(cols, (plain(c, v) for c, v in zip(cols, t)))) for t in tuples]
    got = [r for r in got if r["source"] in sources]
    got.sort(key=lambda r: (r["source"], r["indicator_no"]))
    return got


want = sorted(expected, key=lambda r: (r["source"], r["indicator_no"]))
want_csv = [{k: (None if v == "" else v) for k, v in r.items()} for r in want]
DUCK = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN",
        "date": "DATE", "object": "VARCHAR", "array": "VARCHAR"}
POLARS = {"string": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean,
          "date": pl.Date, "object": pl.String, "array": pl.String}

con = duckdb.connect()
readers = {}
rel = con.execute("SELECT * FROM read_parquet(?)", [f"{out}/parquet/records.parquet"])
readers["duckdb-parquet"] = rows([d[0] for d in rel.description], rel.fetchall())
columns = {n: DUCK[types[n]] for n in names}
rel = con.execute(
    "SELECT * FROM read_csv(?, header = true, columns = ?)",
    [f"{out}/{resource['path']}", columns],
)
readers["duckdb-csv"] = rows([d[0] for d in rel.description], rel.fetchall())
df = pl.read_parquet(f"{out}/parquet/records.parquet")
readers["polars-parquet"] = rows(df.columns, df.rows())
df = pl.read_csv(f"{out}/{resource['path']}", schema={n: POLARS[types[n]] for n in names})
readers["polars-csv"] = rows(df.columns, df.rows())

for name, got in readers.items():
    if [list(r) for r in got] != [names] * len(got):
        print(f"{name}: columns {list(got[0]) if got else []} != {names}")
        sys.exit(1)
    expect = want_csv if name.endswith("csv") else want
    if got != expect:
        for g, w in zip(got, expect):
            if g != w:
                diff = {k: (g.get(k), w.get(k)) for k in names if g.get(k) != w.get(k)}
                print(f"{name}: row {w['source']} #{w['indicator_no']} differs: {diff}")
                break
        print(f"{name}: {len(got)} rows, NDJSON {len(want)}")
        sys.exit(1)
print(f"{len(want)} rows equal in {', '.join(readers)}")
