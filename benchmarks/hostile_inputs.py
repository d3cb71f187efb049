"""Hostile inputs of issue 18, as bytes: a zip-bomb docx, an all-garbage PDF, and the small ones.

Used by benchmarks/hostile.py (the acceptance folder) and the bad-input tests.
"""

from __future__ import annotations

import io
import zipfile
import zlib


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from its numbered objects (1 0 obj is the catalog), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def garbage_pdf(pages: int = 2, private_use: bool = True) -> bytes:
    """Pages full of text whose glyphs map to nothing readable: with ``private_use``, a
    ToUnicode map sends every code to the private-use area (what a broken CJK subset font
    gives); without, glyph names no table knows and no ToUnicode (unmapped glyphs)."""
    lines = []
    for row in range(40):
        codes = bytes(33 + (row * 7 + k * 13) % 90 for k in range(60))
        escaped = codes.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        lines.append(b"BT /F1 10 Tf 40 %d Td (%s) Tj ET" % (800 - 18 * row, escaped))
    content = b"\n".join(lines)
    kids = b" ".join(b"%d 0 R" % (5 + k) for k in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
    ]
    if private_use:
        cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                b"/CMapName /Garbage def 1 begincodespacerange <00> <FF> endcodespacerange\n"
                b"1 beginbfrange <21> <7A> <E021> endbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end")
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 4 0 R >>")
        objects.append(stream(cmap))
    else:
        names = b" ".join(b"/g%d" % code for code in range(33, 123))
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                       b"/Encoding << /Type /Encoding /Differences [33 %s] >> >>" % names)
        objects.append(b"<< >>")
    for k in range(pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + pages + k))
    for _ in range(pages):
        objects.append(stream(content))
    return raw_pdf(objects)


def zip_bomb_docx(inflated: int, body: bytes | None = None) -> bytes:
    """A docx whose word/document.xml inflates to ``inflated`` bytes (a small document
    padded with white space), written as a stream: the inflated bytes are never in memory."""
    import docx

    document = docx.Document()
    document.add_paragraph("目的")
    document.add_paragraph("本次出國參加國際研討會。")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info))
                continue
            head = body if body is not None else source.read(info)
            with target.open("word/document.xml", "w", force_zip64=True) as member:
                member.write(head)
                block = b" " * (8 << 20)
                for _ in range((inflated - len(head)) // len(block)):
                    member.write(block)
    return out.getvalue()


def flate_bomb_pdf(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes of spaces."""
    squeeze = zlib.compressobj(1)
    parts = [squeeze.compress(b"BT /F1 12 Tf 72 720 Td (bomb) Tj ET\n")]
    block = b" " * (8 << 20)
    for _ in range(inflated // len(block)):
        parts.append(squeeze.compress(block))
    parts.append(squeeze.flush())
    data = b"".join(parts)
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        stream(data, b"/Filter /FlateDecode "),
    ])


BLANK_LINES = ("壹、目的\n" + "\n" * 3000 + "本次出國參加國際研討會，並拜會相關機關。\n").encode()
HUGE_OL = b'<html><body><ol type="I" start="1000000000000"><li>\xe7\x9b\xae\xe7\x9a\x84</li></ol></body></html>'
META_UNDEFINED = ('<html><head><meta charset="undefined"></head><body><h1>出國報告</h1>'
                  "<p>本次赴日本東京參加國際研討會。</p></body></html>").encode("cp950")
ODD_UTF16 = b"\xff\xfe" + "壹、目的\n本次出國參加國際研討會。\n".encode("utf-16-le") + b"\x0a"
