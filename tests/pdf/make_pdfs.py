#!/usr/bin/env python3
"""Regenerate the PDF-layer test files in tests/pdf/ (see README.md there).

Run from anywhere: python3 tests/pdf/make_pdfs.py
Needs python3 and fontTools (pip install fonttools). Deterministic: the fonts are
built here glyph by glyph (box outlines; only their tables matter), so every file
is ours to commit; the shifted-xref file is derived from fixtures/002-calc-ruled.pdf.
"""
import os
import re
import zlib

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE_002 = os.path.join(ROOT, "fixtures", "002-calc-ruled.pdf")

# The text every font test shows, and the glyph names of its letters.
TEXT = "Piano della Performance"
NAMES = {" ": "space", "P": "P", "i": "i", "a": "a", "n": "n", "o": "o", "d": "d",
         "e": "e", "l": "l", "r": "r", "f": "f", "m": "m", "c": "c"}
LETTERS = sorted(set(TEXT))
GLYPHS = [".notdef"] + [NAMES[c] for c in LETTERS]


def out(name):
    return os.path.join(HERE, name)


def write_pdf(path, objects, trailer_extra=b""):
    """A classic PDF with a correct xref table; objects[i] is object i+1's body."""
    buf = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(buf))
        buf += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(buf)
    buf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        buf += b"%010d 00000 n \n" % off
    buf += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        xref,
    )
    with open(path, "wb") as f:
        f.write(buf)


def stream(dict_entries, data, compress=True):
    if compress:
        data = zlib.compress(data, 9)
        dict_entries += b" /Filter /FlateDecode"
    return b"<< %s /Length %d >>\nstream\n" % (dict_entries, len(data)) + data + b"\nendstream"


def box_glyph_tt():
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0))
    pen.lineTo((50, 700))
    pen.lineTo((450, 700))
    pen.lineTo((450, 0))
    pen.closePath()
    return pen.glyph()


def fixed_time(font):
    """Fixed `head` timestamps, so the files are the same on every run."""
    font.recalcTimestamp = False
    font["head"].created = font["head"].modified = 0x7C25B080  # 2000-01-01


def truetype(cmap_kind):
    """A TrueType font with GLYPHS (box outlines), post names, and a cmap that is
    either Unicode (3,1) or symbolic (3,0) mapping 0xF001.. to the glyphs in order."""
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(GLYPHS)
    if cmap_kind == "unicode":
        cmap = {ord(c): NAMES[c] for c in LETTERS}
    else:
        cmap = {0xF001 + i: name for i, name in enumerate(GLYPHS[1:])}
    fb.setupCharacterMap(cmap)
    glyph = box_glyph_tt()
    fb.setupGlyf({n: glyph for n in GLYPHS})
    fb.setupHorizontalMetrics({n: (500, 50) for n in GLYPHS})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "PiaoTest", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost(keepGlyphNames=True)
    fixed_time(fb.font)
    if cmap_kind == "symbol":
        tables = [t for t in fb.font["cmap"].tables if (t.platformID, t.platEncID) == (3, 1)]
        for t in tables:
            t.platEncID = 0
        fb.font["cmap"].tables = tables
    import io
    b = io.BytesIO()
    fb.font.save(b)
    return b.getvalue()


def cff_with_builtin_encoding():
    """A bare CFF (Type1C) font whose own Encoding maps codes 1.. to GLYPHS[1:]."""
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(GLYPHS)
    charstrings = {}
    for n in GLYPHS:
        pen = T2CharStringPen(500, None)
        pen.moveTo((50, 0))
        pen.lineTo((50, 700))
        pen.lineTo((450, 700))
        pen.lineTo((450, 0))
        pen.closePath()
        charstrings[n] = pen.getCharString()
    fb.setupCFF("PiaoTestCFF", {"FullName": "PiaoTestCFF"}, charstrings, {})
    cff = fb.font["CFF "].cff
    top = cff.topDictIndex[0]
    top.Encoding = [".notdef"] * 256
    for i, n in enumerate(GLYPHS[1:], start=1):
        top.Encoding[i] = n
    import io
    b = io.BytesIO()
    cff.compile(b, fb.font)
    return b.getvalue()


def codes_for(text):
    """Codes 1.. in GLYPHS order: no base encoding gives these codes any text."""
    return bytes(GLYPHS.index(NAMES[c]) for c in text)


def pdf_string(b):
    return b"<" + b.hex().encode() + b">"


def page_objects(font_dict_objs, content, extra_page=b"", extra_objects=()):
    """Catalog, Pages, Page, content stream, then the font objects (object 5 is the
    font dictionary) and any extra objects."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R " + extra_page + b">>",
        stream(b"", content),
        *font_dict_objs,
        *extra_objects,
    ]


def show(codes):
    return b"BT /F1 12 Tf 72 760 Td " + pdf_string(codes) + b" Tj ET"


def widths(n):
    return b"[" + b" ".join(b"500" for _ in range(n)) + b"]"


def truetype_symbolic():
    """Simple TrueType, symbolic, no /Encoding, no /ToUnicode: codes 1.. reach the
    glyphs only through the font's (3,0) cmap, and their text only through `post`."""
    font = truetype("symbol")
    n = len(GLYPHS) - 1
    write_pdf(
        out("truetype-symbolic.pdf"),
        page_objects(
            [
                b"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+PiaoTest"
                b" /FirstChar 1 /LastChar %d /Widths %s /FontDescriptor 6 0 R >>" % (n, widths(n)),
                b"<< /Type /FontDescriptor /FontName /ABCDEF+PiaoTest /Flags 4"
                b" /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200"
                b" /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>",
                stream(b"/Length1 %d" % len(font), font),
            ],
            show(codes_for(TEXT)),
        ),
    )


def cid_truetype():
    """Type0 / CIDFontType2, Identity-H, no /ToUnicode: glyph ids are the codes, and
    their text is only in the font's Unicode cmap, read backwards."""
    font = truetype("unicode")
    gids = b"".join(GLYPHS.index(NAMES[c]).to_bytes(2, "big") for c in TEXT)
    write_pdf(
        out("cid-truetype.pdf"),
        page_objects(
            [
                b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+PiaoTest"
                b" /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
                b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+PiaoTest"
                b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
                b" /DW 500 /CIDToGIDMap /Identity /FontDescriptor 7 0 R >>",
                b"<< /Type /FontDescriptor /FontName /ABCDEF+PiaoTest /Flags 32"
                b" /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200"
                b" /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>",
                stream(b"/Length1 %d" % len(font), font),
            ],
            show(gids),
        ),
    )


def cff_builtin():
    """Type1 font with an embedded CFF (FontFile3 /Type1C) and no /Encoding: the
    codes' glyph names are in the program's own encoding only."""
    font = cff_with_builtin_encoding()
    n = len(GLYPHS) - 1
    write_pdf(
        out("cff-builtin-encoding.pdf"),
        page_objects(
            [
                b"<< /Type /Font /Subtype /Type1 /BaseFont /ABCDEF+PiaoTestCFF"
                b" /FirstChar 1 /LastChar %d /Widths %s /FontDescriptor 6 0 R >>" % (n, widths(n)),
                b"<< /Type /FontDescriptor /FontName /ABCDEF+PiaoTestCFF /Flags 4"
                b" /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200"
                b" /CapHeight 700 /StemV 80 /FontFile3 7 0 R >>",
                stream(b"/Subtype /Type1C", font),
            ],
            show(codes_for(TEXT)),
        ),
    )


def unnamed_truetype():
    """A TrueType program with neither cmap nor glyph names (post format 3)."""
    import io
    from fontTools.ttLib import TTFont
    f = TTFont(io.BytesIO(truetype("unicode")))
    f.recalcTimestamp = False
    del f["cmap"]
    f["post"].formatType = 3.0
    b = io.BytesIO()
    f.save(b)
    return b.getvalue()


def unmapped():
    """Text in a Type0 font with no /ToUnicode whose embedded program names none of
    its glyphs (CIDs are glyph ids): nothing tells what its codes are (a 'no text
    layer' that is not a scan)."""
    font = unnamed_truetype()
    write_pdf(
        out("unmapped-font.pdf"),
        page_objects(
            [
                b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+MysteryFont"
                b" /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
                b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+MysteryFont"
                b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
                b" /DW 500 /CIDToGIDMap /Identity /FontDescriptor 7 0 R >>",
                b"<< /Type /FontDescriptor /FontName /ABCDEF+MysteryFont /Flags 32"
                b" /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200"
                b" /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>",
                stream(b"/Length1 %d" % len(font), font),
            ],
            show(bytes(range(1, 21))),
        ),
    )


def no_text_operators():
    """A page that only draws a table grid: no text, no image."""
    grid = b" ".join(b"72 %d m 523 %d l S" % (y, y) for y in range(300, 760, 40))
    write_pdf(out("drawing-only.pdf"), page_objects([b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"], grid))


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def appearance(text, bbox=b"[0 0 200 20]"):
    return stream(
        b"/Type /XObject /Subtype /Form /BBox %s /Resources << /Font << /Helv 5 0 R >> >>" % bbox,
        b"/Tx BMC BT /Helv 10 Tf 2 6 Td (" + text + b") Tj ET EMC",
    )


def freetext():
    """Page text plus a FreeText annotation whose appearance says something else, and
    a hidden one that a viewer does not show."""
    write_pdf(
        out("freetext.pdf"),
        page_objects(
            [HELVETICA],
            b"BT /F1 12 Tf 72 760 Td (Relazione sulla Performance) Tj ET",
            b"/Annots [6 0 R 8 0 R] ",
            [
                b"<< /Type /Annot /Subtype /FreeText /Rect [72 600 272 620]"
                b" /Contents (Nota del revisore) /DA (/Helv 10 Tf 0 g) /AP << /N 7 0 R >> >>",
                appearance(b"Nota del revisore"),
                b"<< /Type /Annot /Subtype /FreeText /Rect [72 500 272 520] /F 2"
                b" /Contents (Nascosta) /AP << /N 9 0 R >> >>",
                appearance(b"Nascosta"),
            ],
        ),
    )


def widget():
    """An AcroForm text field and a check box, their values only in their widgets'
    appearance streams (the check box in the state /AS names)."""
    write_pdf(
        out("widget.pdf"),
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R 8 0 R] >> >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots [6 0 R 8 0 R] >>",
            stream(b"", b"BT /F1 12 Tf 72 760 Td (Ente:) Tj ET"),
            HELVETICA,
            b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (ente) /V (Comune di Esempio)"
            b" /Rect [120 752 320 772] /P 3 0 R /AP << /N 7 0 R >> >>",
            appearance(b"Comune di Esempio"),
            b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (ok) /V /Si /AS /Si"
            b" /Rect [72 700 92 720] /P 3 0 R /AP << /N << /Si 9 0 R /Off 10 0 R >> >> >>",
            appearance(b"Approvato", b"[0 0 20 20]"),
            appearance(b"Respinto", b"[0 0 20 20]"),
        ],
    )


def ligature():
    """Helvetica with /Differences naming the ligature glyphs fi, fl, ffi: words must
    read as letters."""
    write_pdf(
        out("ligature.pdf"),
        page_objects(
            [
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding"
                b" << /Type /Encoding /BaseEncoding /WinAnsiEncoding"
                b" /Differences [1 /fi /fl /ffi] >> >>"
            ],
            b"BT /F1 12 Tf 72 760 Td (u\\003cio \\001nanziario \\002usso) Tj ET",
        ),
    )


def shifted_xref():
    """fixtures/002-calc-ruled.pdf (22 pages) with every xref offset 7 bytes too
    far: the objects are where they always were, the table points past them."""
    with open(FIXTURE_002, "rb") as f:
        data = f.read()
    xref = data.rindex(b"\nxref") + 1

    def shift(m):
        return b"%010d %s n" % (int(m.group(1)) + 7, m.group(2))

    table = re.sub(rb"(\d{10}) (\d{5}) n", shift, data[xref:])
    with open(out("shifted-xref.pdf"), "wb") as f:
        f.write(data[:xref] + table)


def page_as_root():
    """The catalog's /Pages is the page itself, not a page tree: one page, not none."""
    write_pdf(
        out("page-as-root.pdf"),
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Page /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>",
            HELVETICA,
            stream(b"", b"BT /F1 12 Tf 72 760 Td (Pagina unica) Tj ET"),
        ],
    )


def cjk_legacy_cmap():
    """A Type0 font named by Adobe's predefined 90ms-RKSJ-H CMap (Shift-JIS codes,
    one and two bytes) over an Adobe-Japan1 CIDFont, not embedded, no /ToUnicode:
    the text comes from the CMap (code -> CID) and Adobe-Japan1-UCS2 (CID -> text)."""
    text = "Piano あいう"
    write_pdf(
        out("cjk-90ms-rksj.pdf"),
        page_objects(
            [
                b"<< /Type /Font /Subtype /Type0 /BaseFont /MS-Mincho /Encoding /90ms-RKSJ-H"
                b" /DescendantFonts [6 0 R] >>",
                b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /MS-Mincho"
                b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >>"
                b" /FontDescriptor 7 0 R /DW 1000 >>",
                b"<< /Type /FontDescriptor /FontName /MS-Mincho /Flags 6"
                b" /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141"
                b" /CapHeight 700 /StemV 80 >>",
            ],
            show(text.encode("shift_jis")),
        ),
    )


def broken_objects():
    """Objects lopdf cannot parse where they are, read by the tolerant rewrite: the
    content stream has no /Length and a comment after `obj`, the font's /Length-less
    neighbour has no `endobj`, and the file has lost its `%PDF-` header line."""
    body = (
        b"%\xe2\xe3\xcf\xd3\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >> endobj\n"
        b"4 0 obj % page content\n<< >>\nstream\n"
        b"BT /F1 12 Tf 72 760 Td (Testo riparato) Tj ET\n"
        b"endstream\nendobj\n"
        b"5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\n"
    )
    xref = len(body)
    body += b"xref\n0 6\n0000000000 65535 f \n"
    body += b"".join(b"%010d 00000 n \n" % k for k in range(1, 6))
    body += b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    with open(out("broken-objects.pdf"), "wb") as f:
        f.write(body)


def actual_text():
    """Small capitals as InDesign writes them: the ToUnicode map reads the glyphs as
    lower case, marked content with /ActualText gives the capitals; an operator
    inside a TJ array (skipped); a space of another text run drawn over a word."""
    tounicode = stream(
        b"",
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap"
        b" 1 begincodespacerange <00> <FF> endcodespacerange"
        b" 1 beginbfrange <41> <5A> <0061> endbfrange endcmap end end",
    )
    content = (
        b"BT /F1 12 Tf 72 760 Td /Span << /ActualText (NOTA) >> BDC (NOTA) Tj EMC"
        b" ( ) Tj [(BENE) 0.5 Tc (FINE)] TJ ET"
        b" BT /F1 12 Tf 72 740 Td (Municipalities) Tj ET"
        b" BT /F1 12 Tf 120 740 Td ( ) Tj ET"
    )
    write_pdf(
        out("actual-text.pdf"),
        page_objects(
            [
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
                b" /Encoding /WinAnsiEncoding /ToUnicode 6 0 R >>",
                tounicode,
            ],
            content,
        ),
    )


def unbalanced_form():
    """A form XObject that leaves a `q` open (its `Q` missing), drawn between two
    lines of text: the text after it must stay where its own `Td` puts it. Read on
    the caller's save stack, the page's `Q` popped the form's state and moved the
    second line 600 pt right, off the page (pdf.js issue10388)."""
    form = stream(b"/Type /XObject /Subtype /Form /BBox [0 0 10 10]", b"q 2 0 0 2 0 0 cm 0 0 5 5 re f")
    content = (
        b"BT /F1 12 Tf 72 760 Td (Prima) Tj ET"
        b" q 1 0 0 1 600 0 cm /X1 Do Q"
        b" BT /F1 12 Tf 72 700 Td (Dopo) Tj ET"
    )
    objects = page_objects([HELVETICA, form], content, extra_page=b"")
    objects[2] = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> /Contents 4 0 R >>"
    )
    write_pdf(out("unbalanced-form.pdf"), objects)


if __name__ == "__main__":
    truetype_symbolic()
    cid_truetype()
    cff_builtin()
    unmapped()
    no_text_operators()
    freetext()
    widget()
    ligature()
    shifted_xref()
    page_as_root()
    cjk_legacy_cmap()
    broken_objects()
    actual_text()
    unbalanced_form()
