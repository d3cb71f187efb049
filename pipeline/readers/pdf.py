"""Read a PDF into normalized text with a page map (PDFium, pdfplumber where needed).

Per page: drop fake-bold copies (``dedupe_chars``), pull ruled tables out
(``find_tables``, lines strategy) and keep their characters out of the body
text, group the remaining characters into lines. Then, across pages: drop
running headers, footers and page numbers, join hard-wrapped lines into
paragraphs, and write tables as tab-separated rows in reading order.
The layout decisions live in :mod:`pipeline.readers.pdf_layout`.

Pages are read from PDFium (:mod:`pipeline.readers.pdf_fast`: characters and
ruling in pdfplumber's shapes, fed to the same table finder and the same line
grouping, redone in :mod:`pipeline.readers.pdf_group`). pdfplumber (pdfminer)
opens the file only when a page needs it (rotated, unmapped glyphs; see
``read_page_fast``), and reads every page when PDFium cannot open the file or
with ``fast=False`` (the reference reading). The two readings give the same
lines, tables and bold flags; where pdfminer misplaces glyphs (it drops the
character spacing at every string boundary) PDFium's geometry is the drawn one,
so a paragraph join can differ.
"""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Callable, Sequence

import pdfplumber
import pypdfium2
from pdfplumber.table import Table, TableFinder
from pdfplumber.utils.exceptions import PdfminerException

from extractors.core.doc import Page
from extractors.core.records import ExtractionError
from extractors.normalize.chars import garbage_share
from extractors.normalize.ocr_repair import repair_heading_sequence
from pipeline.limits import StageTimeout
from pipeline.readers.base import ReadResult
from pipeline.readers.pdf_bomb import check_inflated_size
from pipeline.readers.pdf_fast import FastPage, open_fast, read_page_fast
from pipeline.readers.pdf_group import extract_text, text_lines
from pipeline.readers.pdf_layout import (
    Item,
    TableBlock,
    TextLine,
    build_row,
    build_text,
    clean_text,
    find_furniture,
    find_right_edge,
    has_overprint,
)
from pipeline.readers.pdf_ocr import read_by_ocr

CID = re.compile(r"^\(cid:\d+\)$")
CID_GARBAGE_SHARE = 0.5  # above this share of (cid:NN) characters the text is flagged
BOLD_SHARE = 0.5  # a line is fake bold when this share of its characters had copies
COLUMN_GAP = 2.5  # a gap this many font sizes wide separates unruled table columns
SPACE_GAP = 3.0  # points; pdfplumber's default x_tolerance for word spaces


def read_pdf(data: bytes, *, fast: bool = True, ocr: str = "auto") -> ReadResult:
    """Read PDF bytes into a ReadResult (text, one Page per PDF page, flags).

    With ``fast``, pages are read with PDFium (see ``pdf_fast``) and pdfplumber
    opens the file only if some page needs it (rotated pages, unmapped glyphs);
    the text is the same, many times sooner.

    ``ocr`` (auto, off, force) says which pages are read by OCR (``pdf_ocr``); OCR
    needs PDFium, so a file only pdfplumber can open is read without it.

    Raises ExtractionError: ``empty_file``, ``encrypted_pdf``, ``corrupt_pdf``,
    ``no_text_layer``.
    """
    if not data:
        raise ExtractionError("empty_file", "the file is empty")
    check_inflated_size(data)
    fast_doc = open_fast(data) if fast else None
    if fast_doc is None:
        with open_plumber(data) as pdf:
            return build_result(read_pages(lambda: [read_page(page) for page in pdf.pages]))
    plumber: list = []  # the pdfplumber document, opened on the first page that needs it

    def slow(index: int) -> PageRead:
        if not plumber:
            plumber.append(open_plumber(data))
        pages = plumber[0].pages
        if len(pages) != len(fast_doc):
            raise PageCountMismatch
        return read_page(pages[index])

    try:
        return build_result(read_pages(lambda: [read_either(fast_doc, k, slow, ocr) for k in range(len(fast_doc))]))
    except PageCountMismatch:
        with open_plumber(data) as pdf:
            return build_result(read_pages(lambda: [read_page(page) for page in pdf.pages]))
    finally:
        fast_doc.close()
        if plumber:
            plumber[0].close()


class PageCountMismatch(Exception):
    """PDFium and pdfminer disagree on the number of pages: pdfminer reads them all."""


def open_plumber(data: bytes) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if type(cause).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
            raise ExtractionError(
                "encrypted_pdf", "the PDF is encrypted (password-protected); decrypt it and run again"
            ) from exc
        raise ExtractionError("corrupt_pdf", f"the PDF could not be parsed ({describe(cause)}); "
                              "it is damaged, truncated or not a PDF") from exc
    except MemoryError:  # past the worker's memory limit: not a damaged file
        raise
    except Exception as exc:  # pdfminer raises many kinds of errors on junk input
        raise ExtractionError("corrupt_pdf", f"the PDF could not be parsed ({describe(exc)}); "
                              "it is damaged, truncated or not a PDF") from exc


def read_pages(read: Callable[[], list[PageRead]]) -> list[PageRead]:
    try:
        return read()
    except (ExtractionError, PageCountMismatch, MemoryError, StageTimeout):
        raise  # a stage timeout is the document's time running out, not a damaged file
    except Exception as exc:
        raise ExtractionError("corrupt_pdf", f"a page of the PDF could not be read ({describe(exc)}); "
                              "the file is damaged") from exc


def read_either(fast_doc, index: int, slow: Callable[[int], PageRead], ocr: str = "off") -> PageRead:
    """The PDFium reading of a page when it qualifies, else pdfplumber's; OCR's where the
    text layer is unusable (``ocr``: auto, off, force; see ``pdf_ocr``)."""
    try:
        fast_page = fast_doc[index]
    except pypdfium2.PdfiumError:
        return slow(index)
    try:
        got = read_page_fast(fast_page)
        read = slow(index) if got is None else read_fast(got)
        return read if ocr == "off" else read_by_ocr(fast_page, read, ocr, read_fast, find_tables)
    finally:
        fast_page.close()


def read_fast(page: FastPage) -> PageRead:
    """Items of a page read by PDFium: the same steps as ``read_page``."""
    chars = page.chars
    tables = [t for t in find_tables(page) if len(t.rows) > 1 or len(t.rows[0].cells) > 1]
    blocks = [TableBlock(t.bbox[1], rows) for t in tables if (rows := fast_table_rows(t, chars))]
    boxes = [t.bbox for t in tables]
    body = [ch for ch in chars if not inside(ch, boxes)] if boxes else chars
    spaces = [ch for ch in body if ch["text"].isspace()]
    lines = [to_line(line, page.removed, spaces) for line in text_lines(body)]
    items: list[Item] = sorted([ln for ln in lines if ln.text] + blocks, key=lambda it: it.top)
    return PageRead(items, page.height, page.n_chars, 0, page.fake_bold)


class EdgePage:
    """The two things pdfplumber's table finder asks of a page."""

    def __init__(self, page: FastPage):
        self.edges = page.edges
        self.chars = page.chars
        self.bbox = (0, 0, page.width, page.height)


def find_tables(page: FastPage) -> list[Table]:
    """pdfplumber's ``find_tables`` (lines strategy) over the PDFium edges."""
    kinds = {edge["orientation"] for edge in page.edges}
    if "v" not in kinds or "h" not in kinds:
        return []
    return TableFinder(EdgePage(page)).tables


def fast_table_rows(table: Table, chars: Sequence[dict]) -> tuple[tuple[str, ...], ...]:
    """``table_rows`` with ``Table.extract``'s cell assignment (pdfplumber's ``char_in_bbox``:
    the centre inside, right and bottom sides open) and our own text grouping."""
    x0, top, x1, bottom = table.bbox
    mine = [(h, v, ch) for ch in chars
            if x0 <= (h := (ch["x0"] + ch["x1"]) / 2) <= x1 and top <= (v := (ch["top"] + ch["bottom"]) / 2) <= bottom]
    rows = []
    for row in table.rows:
        rx0, rtop, rx1, rbottom = row.bbox
        row_chars = [c for c in mine if rx0 <= c[0] < rx1 and rtop <= c[1] < rbottom]
        cells = [None if cell is None else extract_text(
                     [ch for h, v, ch in row_chars if cell[0] <= h < cell[2] and cell[1] <= v < cell[3]])
                 for cell in row.cells]
        built = build_row(cells)
        if any(built):
            rows.append(built)
    return tuple(rows)


def describe(exc: BaseException) -> str:
    detail = str(exc).strip()
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


class PageRead:
    """What one page yielded before the cross-page steps."""

    def __init__(self, items: list[Item], height: float, n_chars: int, n_cid: int, fake_bold: int):
        self.items = items
        self.height = height
        self.n_chars = n_chars
        self.n_cid = n_cid
        self.fake_bold = fake_bold
        self.ocr = None  # the OcrPage when the page was read by OCR
        self.problem: tuple[str, str] | None = None  # (code, sentence) when the page could not be read


def read_page(page) -> PageRead:
    try:
        raw = page.chars
        n_cid = sum(1 for ch in raw if CID.match(ch["text"]))
        # dedupe_chars costs about as much as parsing the page; skip it when no
        # character is overprinted (most body pages).
        deduped = page.dedupe_chars(tolerance=1) if has_overprint(raw) else page
        kept = {id(ch) for ch in deduped.chars}
        removed = [ch for ch in raw if id(ch) not in kept]
        tables = [t for t in deduped.find_tables() if len(t.rows) > 1 or len(t.rows[0].cells) > 1]
        blocks = [TableBlock(t.bbox[1], rows) for t in tables if (rows := table_rows(t))]
        boxes = [t.bbox for t in tables]
        body = deduped.filter(lambda obj: obj.get("object_type") != "char" or not inside(obj, boxes))
        spaces = [ch for ch in body.chars if ch["text"].isspace()]
        lines = [to_line(line, removed, spaces) for line in body.extract_text_lines(return_chars=True, strip=True)]
        items: list[Item] = sorted([ln for ln in lines if ln.text] + blocks, key=lambda it: it.top)
        return PageRead(items, float(page.height), len(raw), n_cid, len(raw) - len(deduped.chars))
    finally:
        page.close()


def table_rows(table) -> tuple[tuple[str, ...], ...]:
    rows = (build_row(cells) for cells in table.extract())
    return tuple(row for row in rows if any(row))


def inside(obj: dict, boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def to_line(line: dict, removed: Sequence[dict], spaces: Sequence[dict] = ()) -> TextLine:
    chars = [ch for ch in line["chars"] if not ch["text"].isspace()]
    top, bottom, x0, x1 = line["top"], line["bottom"], line["x0"], line["x1"]
    copies = sum(1 for ch in removed if top - 1 <= (ch["top"] + ch["bottom"]) / 2 <= bottom + 1
                 and x0 - 1 <= ch["x0"] <= x1 + 1) if removed else 0
    size = statistics.median([ch["size"] for ch in chars]) if chars else bottom - top
    drawn: list[list[float]] = []

    def drawn_spaces() -> list[float]:  # only asked for between two CJK characters
        if not drawn:
            drawn.append([(sp["x0"] + sp["x1"]) / 2 for sp in spaces if sp["top"] < bottom and sp["bottom"] > top])
        return drawn[0]

    text, cell_starts = split_cells(line["chars"], size, drawn_spaces)
    return TextLine(
        text=text,
        x0=x0,
        x1=x1,
        top=top,
        bottom=bottom,
        size=size,
        bold=bool(chars) and copies >= BOLD_SHARE * len(chars),
        first_word_width=first_word_width(chars),
        cell_starts=cell_starts,
    )


def split_cells(chars: Sequence[dict], size: float,
                drawn_spaces: Callable[[], Sequence[float]] = list) -> tuple[str, tuple[float, ...]]:
    """The line's text; a gap wider than COLUMN_GAP characters becomes a tab (unruled tables).

    ``drawn_spaces`` gives the x of the space glyphs drawn on the line.
    """
    chunks: list[list[str]] = [[]]
    chunk = chunks[0]
    starts: list[float] = []
    column = COLUMN_GAP * size
    prev_x1 = None
    prev_ascii = False
    for ch in chars:
        text = ch["text"]
        if text.isspace():
            chunk.append(" ")
            continue
        x0 = ch["x0"]
        if prev_x1 is None or x0 - prev_x1 > column:
            if prev_x1 is not None:
                chunk = []
                chunks.append(chunk)
            starts.append(x0)
        elif x0 - prev_x1 > SPACE_GAP and (
            text.isascii() or prev_ascii or x0 - prev_x1 > size
            or any(prev_x1 - 1 <= x <= x0 + 1 for x in drawn_spaces())
        ):
            # Between two CJK characters a gap is a space only if a space glyph
            # was drawn there or it is a whole character wide: letter-spaced
            # CJK (distributed titles, justified lines) has no spaces.
            chunk.append(" ")
        chunk.append(text)
        prev_x1 = ch["x1"]
        prev_ascii = text.isascii()
    cells = [clean_text("".join(chunk)) for chunk in chunks]
    if len(cells) < 2:
        return cells[0] if cells else "", ()
    return "\t".join(cells), tuple(starts)


def first_word_width(chars: Sequence[dict]) -> float:
    """Width of a leading Latin word, or of the first character."""
    if not chars:
        return 0.0
    end = chars[0]
    if chars[0]["text"].isascii():
        for ch in chars[1:]:
            if not ch["text"].isascii() or ch["x0"] - end["x1"] > ch["size"] * 0.2:
                break
            end = ch
    return end["x1"] - chars[0]["x0"]


GARBAGE_PAGE_SHARE = 0.3  # a page whose visible characters are this much not-language is garbage


def garbage_pages(text: str, pages: Sequence[Page]) -> list[int]:
    """Numbers of the pages whose text is not language (see ``garbage_share``)."""
    found = []
    for page in pages:
        chunk = text[page.char_start:page.char_end]
        if len(chunk) >= 20 and garbage_share(chunk) >= GARBAGE_PAGE_SHARE:
            found.append(page.number)
    return found


def build_result(pages: Sequence[PageRead]) -> ReadResult:
    n_chars = sum(p.n_chars for p in pages)
    problems = [(pi + 1, p.problem) for pi, p in enumerate(pages) if p.problem]
    if not any(p.items for p in pages):
        if problems:
            number, (code, message) = problems[0]
            raise ExtractionError(code, f"no page has a text layer, and {message[0].lower()}{message[1:]}")
        if any(p.ocr for p in pages):
            raise ExtractionError("no_text_layer", "no text layer (scanned image?), and OCR found no text on it "
                                  "(a picture, or a blank scan)")
        raise ExtractionError("no_text_layer", "no text layer (scanned image?)")
    lines = [[it for it in p.items if isinstance(it, TextLine)] for p in pages]
    drop = find_furniture(lines, [p.height for p in pages])
    kept: list[list[Item]] = []
    for pi, page in enumerate(pages):
        index = {id(line): li for li, line in enumerate(lines[pi])}
        kept.append([it for it in page.items
                     if not (isinstance(it, TextLine) and (pi, index[id(it)]) in drop)])
    body = [it for items in kept for it in items if isinstance(it, TextLine)]
    text, spans = build_text(kept, right_edge=find_right_edge(body))
    if any(p.ocr for p in pages):
        text = repair_heading_sequence(text)  # keeps the length: the page spans hold
    page_rows = tuple(
        Page(
            number=pi + 1,
            char_start=start,
            char_end=end,
            n_chars=p.n_chars,
            cid_share=round(p.n_cid / p.n_chars, 4) if p.n_chars else 0.0,
            fake_bold=p.fake_bold,
            ocr=p.ocr is not None,
            ocr_confidence=p.ocr.confidence if p.ocr else None,
            ocr_low_share=p.ocr.low_share if p.ocr else None,
        )
        for pi, (p, (start, end)) in enumerate(zip(pages, spans, strict=True))
    )
    flags = []
    if n_chars and sum(p.n_cid for p in pages) / n_chars > CID_GARBAGE_SHARE:
        flags.append("cid_garbage")
    if any(not p.items for p in pages):
        flags.append("pages_without_text")
    garbage = garbage_pages(text, page_rows)
    if garbage:
        written = sum(1 for page in page_rows if page.char_end > page.char_start)
        if 2 * len(garbage) >= written:
            raise ExtractionError(
                "garbage_text",
                f"the text layer is not language on {len(garbage)} of {written} pages (unmapped glyphs, "
                "private-use characters or a wrong font's codes); the pages need OCR",
            )
        flags.append("garbage_pages")
    if any(p.ocr for p in pages):
        flags.append("ocr")
    warning = None
    if problems:
        listed = ", ".join(str(number) for number, _ in problems)
        code, message = problems[0][1]
        warning = (code, f"page{'s' if len(problems) > 1 else ''} {listed} could not be read: {message}")
    return ReadResult(text=text, pages=page_rows, n_pages=len(pages), flags=tuple(flags), warning=warning)
