#!/usr/bin/env python3
"""Regenerate the bad input files in tests/bad/ (see README.md there).

Run from anywhere: python3 tests/bad/make_bad.py
Needs python3 (zlib) and qpdf (for the two encrypted files). Deterministic except for
the encrypted files, whose /ID and salts qpdf draws at random.
"""
import os
import subprocess
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SMALL_FIXTURE = os.path.join(ROOT, "fixtures", "002-calc-ruled.pdf")


def out(name):
    return os.path.join(HERE, name)


def write_pdf(path, objects):
    """Write a classic PDF with a correct xref table; objects[i] is object i+1's body."""
    buf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(objects, start=1):
        offsets.append(len(buf))
        buf += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(buf)
    buf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        buf += b"%010d 00000 n \n" % off
    buf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    with open(path, "wb") as f:
        f.write(buf)


def stream(dict_entries, data):
    return b"<< %s /Length %d >>\nstream\n" % (dict_entries, len(data)) + data + b"\nendstream"


def not_a_pdf():
    with open(out("not-a-pdf.pdf"), "wb") as f:
        f.write(b"This is a plain text file that was given a .pdf name.\n" * 4)


def truncated():
    with open(SMALL_FIXTURE, "rb") as f:
        data = f.read()
    with open(out("truncated.pdf"), "wb") as f:
        f.write(data[: len(data) // 2])


def zero_pages():
    write_pdf(
        out("zero-pages.pdf"),
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
        ],
    )


def image_only():
    """Two pages, each drawing one 8x8 grey image and no text (a 'scan')."""
    pixels = zlib.compress(bytes(range(0, 256, 4)))
    image = stream(
        b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode",
        pixels,
    )
    content = stream(b"", b"q 500 0 0 700 50 50 cm /Im0 Do Q")
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /XObject << /Im0 3 0 R >> >> /Contents 4 0 R >>"
    )
    write_pdf(
        out("image-only.pdf"),
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [5 0 R 6 0 R] /Count 2 >>",
            image,
            content,
            page,
            page,
        ],
    )


BOMB_BYTES = 1 << 30  # 1 GiB of spaces once inflated
CHUNK = 1 << 20


def bomb():
    """One page whose content stream inflates to 1 GiB of spaces (~1 MB on disk).

    Compressed by streaming, so making it never holds more than 1 MiB of input.
    """
    comp = zlib.compressobj(9)
    chunk = b" " * CHUNK
    parts = [comp.compress(chunk) for _ in range(BOMB_BYTES // CHUNK)]
    parts.append(comp.flush())
    data = b"".join(parts)
    write_pdf(
        out("bomb.pdf"),
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << >> /Contents 4 0 R >>",
            stream(b"/Filter /FlateDecode", data),
        ],
    )


def encrypted():
    """AES-256, non-empty user password: cannot be opened without it."""
    subprocess.run(
        ["qpdf", "--encrypt", "user", "owner", "256", "--", SMALL_FIXTURE, out("encrypted.pdf")],
        check=True,
    )


def encrypted_empty_password():
    """AES-256 with an empty user password (owner password set): opens like a plain PDF."""
    subprocess.run(
        ["qpdf", "--encrypt", "", "owner", "256", "--", SMALL_FIXTURE,
         out("encrypted-empty-password.pdf")],
        check=True,
    )


if __name__ == "__main__":
    not_a_pdf()
    truncated()
    zero_pages()
    image_only()
    bomb()
    encrypted()
    encrypted_empty_password()
