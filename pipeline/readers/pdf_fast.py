"""The fast page reader: PDFium (pypdfium2) instead of pdfminer.

pdfminer parses each page in Python (about 100-200 ms of CPU per page here);
PDFium does it in C (about a millisecond). This module reads what the slow path
(``pdf.read_page``) reads from pdfplumber, but from PDFium, in the same shapes:

* characters as pdfplumber-shaped dicts (text, x0, x1, top, bottom, size).
  PDFium's loose character boxes match pdfminer's geometry to 0.01 pt;
* the ruling as pdfplumber edges, rebuilt from the path objects' segments the
  way pdfminer classifies paths (line, rectangle, curve), so that pdfplumber's
  own table finder sees the same edges;
* fake bold: PDFium drops most overprinted copies itself; the copies are still
  visible as text objects with (nearly) the bounds of an earlier one, which
  gives the bold signal and the count.

A page goes back to pdfplumber (``read_page_fast`` returns None) when it is
rotated, has a box other than a plain MediaBox at the origin, draws paths
inside a form XObject, or has a glyph without a Unicode mapping or outside the
BMP (so that ``(cid:NN)`` accounting stays the slow path's).
"""

from __future__ import annotations

import ctypes
import re
import struct
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfplumber.utils.geometry import curve_to_edges, line_to_edge, rect_to_edges

from pipeline.readers.pdf_group import dedupe_chars
from pipeline.readers.pdf_layout import has_overprint

SAME_BOUNDS = 1.0  # points: text objects this close on every side are overprinted copies
BAND = 12  # points around a copied text object where characters are checked for overprints
SUBPATH = re.compile(r"m[^m]+")
KEY_STRIDE = 1 << 20  # a grid cell (rounded x, rounded y) as one int: x * KEY_STRIDE + y
NEIGHBOURS = tuple(dx * KEY_STRIDE + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def untyped(function, restype, *argtypes):
    """A pypdfium2 function called with plain addresses: about half the ctypes overhead per call."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


VOIDP, INT, DOUBLE = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
GET_OBJECT = untyped(pdfium_c.FPDFPage_GetObject, VOIDP, VOIDP, INT)
GET_TYPE = untyped(pdfium_c.FPDFPageObj_GetType, INT, VOIDP)
GET_BOUNDS = untyped(pdfium_c.FPDFPageObj_GetBounds, INT, VOIDP, VOIDP, VOIDP, VOIDP, VOIDP)
LOOSE_BOX = untyped(pdfium_c.FPDFText_GetLooseCharBox, INT, VOIDP, INT, VOIDP)
FONT_SIZE = untyped(pdfium_c.FPDFText_GetFontSize, DOUBLE, VOIDP, INT)
IS_GENERATED = untyped(pdfium_c.FPDFText_IsGenerated, INT, VOIDP, INT)
PATH_DRAW_MODE = untyped(pdfium_c.FPDFPath_GetDrawMode, INT, VOIDP, VOIDP, VOIDP)
OBJECT_MATRIX = untyped(pdfium_c.FPDFPageObj_GetMatrix, INT, VOIDP, VOIDP)
PATH_COUNT = untyped(pdfium_c.FPDFPath_CountSegments, INT, VOIDP)
PATH_SEGMENT = untyped(pdfium_c.FPDFPath_GetPathSegment, VOIDP, VOIDP, INT)
SEGMENT_POINT = untyped(pdfium_c.FPDFPathSegment_GetPoint, INT, VOIDP, VOIDP, VOIDP)
SEGMENT_TYPE = untyped(pdfium_c.FPDFPathSegment_GetType, INT, VOIDP)
SEGMENT_CLOSE = untyped(pdfium_c.FPDFPathSegment_GetClose, INT, VOIDP)


FOUR_FLOATS = struct.Struct("4f").unpack_from  # ctypes arrays read much faster this way
TWO_FLOATS = struct.Struct("2f").unpack_from
SIX_FLOATS = struct.Struct("6f").unpack_from


def address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value


@dataclass
class FastPage:
    """What PDFium yielded for one page, in pdfplumber's terms."""

    chars: list[dict]  # deduplicated, in content order, blanks included
    removed: list[dict]  # one pseudo-char (text, x0, top, bottom) per copied character
    edges: list[dict]  # pdfplumber edges of the lines, rectangles and curves
    width: float
    height: float
    n_chars: int  # characters drawn, copies included (pdfminer's count)
    fake_bold: int  # copied characters


def open_fast(data: bytes) -> pypdfium2.PdfDocument | None:
    """The PDFium document, or None when PDFium cannot open it (pdfplumber then reads every page)."""
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None


def read_page_fast(page: pypdfium2.PdfPage) -> FastPage | None:
    """The page's characters, copies and edges, or None for the slow path."""
    if page.get_rotation():
        return None
    box = page.get_mediabox()
    if box[0] or box[1] or page.get_cropbox() != box:
        return None
    width, height = page.get_width(), page.get_height()
    textpage = page.get_textpage()
    try:
        objects = page_objects(page, textpage, height)
        if objects is None:
            return None
        removed, copies, edges, blanks = objects
        chars = page_chars(textpage, height, blanks)
    finally:
        textpage.close()
    if chars is None:
        return None
    drawn = len(chars)
    # PDFium hides most copies itself but misses some (seen on 2-copy headings).
    # Those sit where copied text objects are, so only characters there are checked.
    if copies:
        rows = {y for ch in removed for y in range(int(ch["top"]) - BAND, int(ch["bottom"]) + BAND + 1)}
        near = [ch for ch in chars if int(ch["top"]) in rows]
        if has_overprint(near):
            dropped = {id(ch) for ch in near} - {id(ch) for ch in dedupe_chars(near, tolerance=1)}
            chars = [ch for ch in chars if id(ch) not in dropped]
    # The copied objects count every copy, whether PDFium hid its characters or not.
    fake_bold = max(copies, drawn - len(chars))
    return FastPage(chars, removed, edges, width, height, len(chars) + fake_bold, fake_bold)


def page_chars(textpage: pypdfium2.PdfTextPage, height: float,
               blanks: set[tuple[float, float]] = frozenset()) -> list[dict] | None:
    """Characters as pdfplumber-shaped dicts; None if one has no Unicode mapping or is outside the BMP.

    PDFium skips a text object that draws only a space (its glyph box is
    empty) and generates a space at its origin instead; ``blanks`` holds those
    origins, and such a space counts as drawn, as pdfminer sees it.
    """
    count = pdfium_c.FPDFText_CountChars(textpage.raw)
    full = textpage.get_text_range()
    if len(full) != count:  # characters outside the BMP: keep it simple, use the slow path
        return None
    raw = address(textpage.raw)
    rect = (ctypes.c_float * 4)()  # FS_RECTF: left, top, right, bottom
    ref = ctypes.addressof(rect)
    loose_box, font_size, generated = LOOSE_BOX, FONT_SIZE, IS_GENERATED
    chars: list[dict] = []
    append = chars.append
    last_height, size = None, 0.0
    for i, text in enumerate(full):
        if text.isspace():
            if text in "\r\n":
                continue
            if generated(raw, i):
                if not blanks or not chars:
                    continue
                loose_box(raw, i, ref)
                left, _, _, bottom = FOUR_FLOATS(rect)
                if (round(left, 2), round(bottom, 2)) not in blanks:
                    continue
                prev = chars[-1]
                append({"text": text, "x0": left, "x1": left, "top": prev["top"],
                        "bottom": prev["bottom"], "size": prev["size"]})
                continue
        elif text == "\ufffd" or text < " ":
            return None  # no Unicode mapping
        loose_box(raw, i, ref)
        left, top, right, bottom = FOUR_FLOATS(rect)
        if top - bottom != last_height:  # the box height follows font and size: ask only when it changes
            last_height = top - bottom
            size = font_size(raw, i)
        append({"text": text, "x0": left, "x1": right, "top": height - top,
                "bottom": height - bottom, "size": size})
    return chars


def page_objects(page: pypdfium2.PdfPage, textpage: pypdfium2.PdfTextPage,
                 height: float) -> tuple[list[dict], int, list[dict], set[tuple[float, float]]] | None:
    """(copies as pseudo-chars, copied character count, edges, origins of blank text objects), or None.

    A copy is a text object drawn again at (nearly) the bounds of an earlier
    one; PDFium hides the copy's characters, not the first drawing's.
    """
    raw = address(page.raw)
    box = (ctypes.c_float * 4)()
    at = ctypes.addressof(box)
    refs = (at, at + 4, at + 8, at + 12)
    seen: dict[int, list[tuple]] = {}
    removed: list[dict] = []
    edges: list[dict] = []
    blanks: set[tuple[float, float]] = set()
    texts: dict[int, str] = {}  # the text of each original that has copies
    copies = 0
    get_object, get_type, get_bounds = GET_OBJECT, GET_TYPE, GET_BOUNDS
    text_kind = pdfium_c.FPDF_PAGEOBJ_TEXT
    for k in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = get_object(raw, k)
        kind = get_type(obj)
        if kind != text_kind:
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                edges.extend(path_edges(obj, height))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and form_has_paths(ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT)):
                return None
            continue
        get_bounds(obj, *refs)
        x0, y0, x1, y1 = FOUR_FLOATS(box)
        if x1 - x0 < 0.01 and y1 - y0 < 0.01:
            blanks.add((round(x0, 2), round(y0, 2)))
            continue
        key = round(x0) * KEY_STRIDE + round(y0)
        twin = None
        for offset in NEIGHBOURS:
            near = seen.get(key + offset)
            if near:
                for ox0, oy0, ox1, oy1, other in near:
                    if (-SAME_BOUNDS <= ox0 - x0 <= SAME_BOUNDS and -SAME_BOUNDS <= oy0 - y0 <= SAME_BOUNDS
                            and -SAME_BOUNDS <= ox1 - x1 <= SAME_BOUNDS and -SAME_BOUNDS <= oy1 - y1 <= SAME_BOUNDS):
                        twin = other
        if twin is None:
            seen.setdefault(key, []).append((x0, y0, x1, y1, obj))
            continue
        text = texts.get(twin)
        if text is None:
            text = texts[twin] = text_of(ctypes.cast(twin, pdfium_c.FPDF_PAGEOBJECT), textpage)
        removed.extend({"text": ch, "x0": x0, "top": height - y1, "bottom": height - y0}
                       for ch in text if not ch.isspace())
        copies += len(text.rstrip())  # PDFium adds the space it generates after the object
    return removed, copies, edges, blanks


def text_of(obj, textpage: pypdfium2.PdfTextPage) -> str:
    size = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="ignore")


def form_has_paths(form) -> bool:
    for k in range(pdfium_c.FPDFFormObj_CountObjects(form)):
        obj = pdfium_c.FPDFFormObj_GetObject(form, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH or (kind == pdfium_c.FPDF_PAGEOBJ_FORM and form_has_paths(obj)):
            return True
    return False


def path_edges(obj: int, height: float) -> list[dict]:
    """pdfplumber's edges of one painted path object, split into subpaths as pdfminer does."""
    ints = (ctypes.c_int * 2)()
    at = ctypes.addressof(ints)
    if PATH_DRAW_MODE(obj, at, at + 4) and not ints[0] and not ints[1]:
        return []  # neither filled nor stroked: pdfminer never sees it
    matrix = (ctypes.c_float * 6)()  # FS_MATRIX: a, b, c, d, e, f
    if not OBJECT_MATRIX(obj, ctypes.addressof(matrix)):
        return []
    a, b, c, d, e, f = SIX_FLOATS(matrix)
    xy = (ctypes.c_float * 2)()
    xy_at = ctypes.addressof(xy)
    ops: list[tuple[str, tuple[float, float]]] = []
    start = None
    bezier = 0
    for s in range(PATH_COUNT(obj)):
        seg = PATH_SEGMENT(obj, s)
        SEGMENT_POINT(seg, xy_at, xy_at + 4)
        px, py = TWO_FLOATS(xy)
        point = (a * px + c * py + e, b * px + d * py + f)
        kind = SEGMENT_TYPE(seg)
        closes = SEGMENT_CLOSE(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            ops.append(("m", point))
            start = point
            bezier = 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # PDFium stores a curve as three points; pdfminer keeps the end point
                ops.append(("c", point))
        else:
            bezier = 0
            if closes and point == start and ops and ops[-1][0] != "m":
                ops.append(("h", start))  # PDFium closes a path with a line back to its start
                continue
            ops.append(("l", point))
        if closes and start is not None and ops and ops[-1][0] != "h":
            ops.append(("h", start))
    shape = "".join(op for op, _ in ops)
    edges: list[dict] = []
    for m in SUBPATH.finditer(shape):
        edges.extend(subpath_edges(shape[m.start():m.end()], [p for _, p in ops[m.start():m.end()]], height))
    return edges


def subpath_edges(shape: str, pts: list[tuple[float, float]], height: float) -> list[dict]:
    """pdfminer's ``paint_path`` classification, then pdfplumber's edges of the object."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-1]
    if shape in ("mlh", "ml"):
        return [line_to_edge(bbox_obj("line", pts[:2], height))]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            return rect_to_edges(bbox_obj("rect", [pts[0], pts[2]], height))
    curve = bbox_obj("curve", pts, height)
    curve["pts"] = [(px, height - py) for px, py in pts]
    return curve_to_edges(curve)


def bbox_obj(kind: str, pts: list[tuple[float, float]], height: float) -> dict:
    """A pdfplumber object dict (coordinates from the top) around ``pts``."""
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = height - y1
    return {"object_type": kind, "x0": x0, "x1": x1, "y0": y0, "y1": y1, "top": top, "bottom": height - y0,
            "doctop": top, "width": x1 - x0, "height": y1 - y0}
