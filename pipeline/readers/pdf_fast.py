"""A fast page reader (pypdfium2) for pages without ruled lines.

pdfplumber parses each page in Python (about 100-200 ms of CPU per page here);
PDFium does it in C (a few ms). On a page with no boxes or vertical rules there
is no table to find, so PDFium's characters go through the same line grouping
(pdfplumber's own text-map code) and the same layout rules as the slow path.
PDFium's loose character boxes match pdfminer's geometry to 0.01 pt, and PDFium
already drops overprinted fake-bold copies; the copies are still visible as
text objects with (nearly) the same bounds, which gives the bold signal.

A page goes back to pdfplumber (``read_page_fast`` returns None) when it has a
box or a vertical rule, a rotation, or a glyph without a Unicode mapping (so
that ``(cid:NN)`` accounting stays the slow path's).
"""

from __future__ import annotations

import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfplumber.utils.text import chars_to_textmap, dedupe_chars

from pipeline.readers.pdf_layout import has_overprint

RULE_MIN = 2.0  # points: a path wider and taller than this is a box; taller alone, a vertical rule
SAME_BOUNDS = 1.0  # points: text objects this close on every side are overprinted copies


def open_fast(data: bytes) -> pypdfium2.PdfDocument | None:
    """The PDFium document, or None when PDFium cannot open it (pdfplumber then reads every page)."""
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None


def read_page_fast(page: pypdfium2.PdfPage) -> tuple[list[dict], list[dict], float, int] | None:
    """(chars, removed copies, page height, fake-bold count), or None for the slow path.

    Chars are pdfplumber-shaped dicts (text, x0, x1, top, bottom, size, ...).
    """
    if page.get_rotation():
        return None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom > RULE_MIN:
            return None
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        removed, fake_bold = find_copies(page, textpage, height)
        chars = page_chars(textpage, height)
    finally:
        textpage.close()
    if chars is None:
        return None
    if has_overprint(chars):  # PDFium misses some copies (seen on 2-copy headings)
        chars = dedupe_chars(chars, tolerance=1, extra_attrs=("size",))
    return chars, removed, height, fake_bold


def page_chars(textpage: pypdfium2.PdfTextPage, height: float) -> list[dict] | None:
    count = textpage.count_chars()
    full = textpage.get_text_range()
    if len(full) != count:  # characters outside the BMP: keep it simple, use the slow path
        return None
    chars = []
    for i, text in enumerate(full):
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, i):
            continue
        if text == "\ufffd" or (ord(text) < 32 and not text.isspace()):
            return None  # no Unicode mapping
        if text in "\r\n":
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        chars.append({
            "object_type": "char", "text": text, "upright": True,
            "x0": left, "x1": right, "top": height - top, "bottom": height - bottom,
            "doctop": height - top, "width": right - left, "height": top - bottom,
            "size": pdfium_c.FPDFText_GetFontSize(textpage.raw, i),
        })
    return chars


def find_copies(page: pypdfium2.PdfPage, textpage: pypdfium2.PdfTextPage, height: float) -> tuple[list[dict], int]:
    """Overprinted copies: text objects drawn again at (nearly) the bounds of an earlier one.

    Returns one pseudo-character per non-space copied character (for the bold
    signal of the line it falls in) and the number of copied characters.
    """
    seen: dict[tuple[int, int], list[tuple[tuple[float, float, float, float], object]]] = {}
    removed: list[dict] = []
    copies = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], textpage=textpage):
        bounds = obj.get_bounds()
        key = (round(bounds[0]), round(bounds[1]))
        twin = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other, other_obj in seen.get((key[0] + dx, key[1] + dy), ()):
                    if all(abs(p - q) <= SAME_BOUNDS for p, q in zip(other, bounds, strict=True)):
                        twin = other_obj
        if twin is None:
            seen.setdefault(key, []).append((bounds, obj))
            continue
        text = twin.extract()  # the original: PDFium hides the copy's characters, not the first drawing's
        left, bottom, _, top = bounds
        removed.extend({"text": ch, "x0": left, "top": height - top, "bottom": height - bottom}
                       for ch in text if not ch.isspace())
        copies += len(text)
    return removed, copies


def text_lines(chars: list[dict], width: float, height: float) -> list[dict]:
    """pdfplumber's extract_text_lines over our own chars."""
    textmap = chars_to_textmap(chars, layout_bbox=(0, 0, width, height), layout_width=width, layout_height=height)
    return textmap.extract_text_lines(strip=True, return_chars=True)
