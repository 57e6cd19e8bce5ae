#!/usr/bin/env python3
"""Copy Adobe's predefined CJK CMaps that text extraction needs into this folder,
zlib-compressed (`NAME.z`), from Adobe's cmap-resources as Debian's poppler-data
package installs them (`/usr/share/poppler/cMap/<collection>/<name>`, BSD-3-Clause;
see LICENSE and SOURCE.md here).

Kept: the legacy code → CID CMaps of ISO 32000-1 Table 118 (9.7.5.2) for the four
Adobe CJK collections (horizontal and vertical; the Unicode ones, `Uni*`, are not
needed: their codes are the text), and each collection's CID → Unicode map
(`Adobe-<ordering>-UCS2`). The files are kept byte for byte (their copyright notice
included) so they can be checked against the source.

Usage: python3 src/pdf/cmaps/make_cmaps.py [/usr/share/poppler/cMap]
"""
import os
import re
import sys
import zlib

LEGACY = """
GB-EUC-H GB-EUC-V GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V GBKp-EUC-H GBKp-EUC-V
GBK2K-H GBK2K-V
B5pc-H B5pc-V HKscs-B5-H HKscs-B5-V ETen-B5-H ETen-B5-V ETenms-B5-H ETenms-B5-V
CNS-EUC-H CNS-EUC-V
83pv-RKSJ-H 90ms-RKSJ-H 90ms-RKSJ-V 90msp-RKSJ-H 90msp-RKSJ-V 90pv-RKSJ-H
Add-RKSJ-H Add-RKSJ-V EUC-H EUC-V Ext-RKSJ-H Ext-RKSJ-V H V
KSC-EUC-H KSC-EUC-V KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H KSCms-UHC-HW-V KSCpc-EUC-H
""".split()
TO_UNICODE = ["Adobe-Japan1-UCS2", "Adobe-GB1-UCS2", "Adobe-CNS1-UCS2", "Adobe-Korea1-UCS2"]


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/poppler/cMap"
    here = os.path.dirname(os.path.abspath(__file__))
    where = {}
    for coll in sorted(os.listdir(root)):
        path = os.path.join(root, coll)
        if coll.startswith("Adobe-") and os.path.isdir(path):
            for name in os.listdir(path):
                where.setdefault(name, path)
    names, todo = set(), LEGACY + TO_UNICODE
    while todo:
        name = todo.pop()
        if name in names:
            continue
        names.add(name)
        data = open(os.path.join(where[name], name), "rb").read()
        todo += [m.decode() for m in re.findall(rb"/(\S+)\s+usecmap", data)]
    for name in sorted(names):
        data = open(os.path.join(where[name], name), "rb").read()
        with open(os.path.join(here, name + ".z"), "wb") as f:
            f.write(zlib.compress(data, 9))
    print(f"{len(names)} CMaps written to {here}")


if __name__ == "__main__":
    main()
