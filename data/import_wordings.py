#!/usr/bin/env python3
"""Merge the TRAIN half of the development set's header wordings into data/vocab.json.

The development set (fixtures/gen/wordings/, branch `devset`) collects the header
wordings real plans use, each with where it was seen, and splits them into a TRAIN
half (for the tool's vocabulary) and a HELD-OUT half (for the generator only, so that
the test of roles on held-out wordings measures generalisation). Only train.json is
read here; held-out wordings must never enter the vocabulary.

A wording already in vocab.json (same text, case- and accent-insensitive) is kept as
it is, under its role: vocab.json may know a wording under a finer role than the
development set's (`Strategico di Direzione` is seed 004's S-flag column, `strategic`).

Usage: python3 data/import_wordings.py PATH/TO/train.json [data/vocab.json]
"""
import json
import sys
import unicodedata

ROLE = {"code": "objective_code", "description": "objective_description"}


def fold(s):
    s = unicodedata.normalize("NFD", s)
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).lower().split())


def entry_line(w):
    return "      " + json.dumps(w, ensure_ascii=False)


def main():
    train = json.load(open(sys.argv[1], encoding="utf-8"))
    path = sys.argv[2] if len(sys.argv) > 2 else "data/vocab.json"
    vocab = json.load(open(path, encoding="utf-8"))
    known = {fold(w["text"]) for ws in vocab["headers"].values() for w in ws}
    added = 0
    for role, ws in train["roles"].items():
        role = ROLE.get(role, role)
        mine = vocab["headers"].setdefault(role, [])
        for w in ws:
            if fold(w["text"]) in known:
                continue
            seen = w.get("seen", [])
            mine.append({"text": w["text"], "seen": seen if len(seen) != 1 else seen[0]})
            known.add(fold(w["text"]))
            added += 1
    write(vocab, path)
    print(f"{added} wordings added to {path}")


def write(vocab, path):
    """One entry per line, so a new wording is a one-line change."""
    out = ["{"]
    keys = list(vocab)
    for i, k in enumerate(keys):
        comma = "," if i < len(keys) - 1 else ""
        v = vocab[k]
        if k == "headers":
            out.append('  "headers": {')
            roles = list(v)
            for j, r in enumerate(roles):
                out.append(f'    "{r}": [')
                out.append(",\n".join(entry_line(w) for w in v[r]))
                out.append("    ]" + ("," if j < len(roles) - 1 else ""))
            out.append("  }" + comma)
        elif isinstance(v, list):
            out.append(f'  "{k}": [')
            out.append(",\n".join("    " + json.dumps(w, ensure_ascii=False) for w in v))
            out.append("  ]" + comma)
        elif isinstance(v, dict) and k in ("table_kinds", "plan_kinds"):
            out.append(f'  "{k}": {{')
            sub = list(v)
            for j, s in enumerate(sub):
                val = v[s]
                last = "," if j < len(sub) - 1 else ""
                if isinstance(val, list):
                    out.append(f'    "{s}": [')
                    out.append(",\n".join(entry_line(w) for w in val))
                    out.append("    ]" + last)
                else:
                    out.append(f'    "{s}": {{')
                    parts = list(val)
                    for m, p in enumerate(parts):
                        out.append(f'      "{p}": [')
                        out.append(",\n".join("  " + entry_line(w) for w in val[p]))
                        out.append("      ]" + ("," if m < len(parts) - 1 else ""))
                    out.append("    }" + last)
            out.append("  }" + comma)
        elif isinstance(v, dict):
            out.append(f'  "{k}": {{')
            parts = [f'    "{p}": ' + json.dumps(v[p], ensure_ascii=False) for p in v]
            out.append(",\n".join(parts))
            out.append("  }" + comma)
        else:
            out.append(f'  "{k}": ' + json.dumps(v, ensure_ascii=False) + comma)
    out.append("}")
    text = "\n".join(line for line in out if line != "") + "\n"
    json.loads(text)
    open(path, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
