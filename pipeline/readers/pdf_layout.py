"""Pure layout logic for the PDF reader: page furniture, line joining, table rows.

Nothing here touches a file or a PDF library. The reader (``pdf.py``) turns each
page into :class:`TextLine` and :class:`TableBlock` items in reading order; the
functions below decide which lines are running headers, footers or page numbers,
and how the rest joins into the normalized text of ``extractors/doc.py``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.core.doc import CHECKED, UNCHECKED
from extractors.core.numbering import opens_item
from extractors.normalize.chars import nfc
from extractors.normalize.furniture import is_page_number

SENTENCE_END = ("。", "！", "？", "：", "!", "?")
CHECKBOXES = str.maketrans({"☑": CHECKED, "☒": CHECKED, "✓": CHECKED, "✔": CHECKED, "☐": UNCHECKED})

EDGE_ZONE = 0.15  # share of the page height, top and bottom, where furniture lives
EDGE_LINES = 2  # furniture is among the first / last lines of a page
REPEAT_SHARE = 0.4  # a running header repeats on at least this share of pages


@dataclass(frozen=True)
class TextLine:
    """One visual line of body text (outside tables), in PDF points from the page top."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 12.0  # median font size
    bold: bool = False  # drawn as fake bold (overprinted copies)
    first_word_width: float = 0.0  # width of the line's first word: would it have fit above?
    cell_starts: tuple[float, ...] = ()  # x of each tab-separated chunk of an unruled table row

    @property
    def tabular(self) -> bool:
        return "\t" in self.text


@dataclass(frozen=True)
class TableBlock:
    """A ruled table: one tuple of cell texts per row."""

    top: float
    rows: tuple[tuple[str, ...], ...]


Item = TextLine | TableBlock


def clean_text(text: str) -> str:
    """NFC, checkbox glyphs as ■/□, runs of whitespace as one space, stripped."""
    text = nfc(text).translate(CHECKBOXES)
    return re.sub(r"\s+", " ", text).strip()


def is_latin(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


def join_pair(left: str, right: str) -> str:
    """The glue between two wrapped pieces: a space between Latin words, nothing for CJK."""
    if left and right and is_latin(left[-1]) and is_latin(right[0]):
        return " "
    return ""


def join_wrapped(pieces: Sequence[str]) -> str:
    """Join the wrapped lines of one paragraph or table cell."""
    out = ""
    for piece in pieces:
        piece = clean_text(piece)
        if piece:
            out += join_pair(out, piece) + piece
    return out


def build_row(cells: Sequence[str | None]) -> tuple[str, ...]:
    """One table row: merged-away cells (None) dropped, each cell's lines joined."""
    return tuple(join_wrapped(cell.split("\n")) for cell in cells if cell is not None)


def find_furniture(pages: Sequence[Sequence[TextLine]], heights: Sequence[float]) -> set[tuple[int, int]]:
    """(page index, line index) of running headers, footers and page numbers.

    A line is furniture when it sits among the first or last lines of its page,
    inside the top or bottom band, and either reads as a page number or repeats
    (digits ignored) at the same height on at least REPEAT_SHARE of the pages.
    """
    drop: set[tuple[int, int]] = set()
    seen: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for pi, lines in enumerate(pages):
        height = heights[pi]
        edge = set(range(min(EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - EDGE_LINES), len(lines)))
        for li in sorted(edge):
            line = lines[li]
            if line.top < height * EDGE_ZONE:
                zone, y = "top", line.top
            elif line.bottom > height * (1 - EDGE_ZONE):
                zone, y = "bottom", height - line.bottom
            else:
                continue
            if is_page_number(line.text, bare=True):
                drop.add((pi, li))
                continue
            shape = re.sub(r"\d+", "#", re.sub(r"\s+", "", unicodedata.normalize("NFKC", line.text)))
            seen[(zone, shape, round(y / 6))].append((pi, li))
    need = max(2, math.ceil(REPEAT_SHARE * len(pages)))
    for where in seen.values():
        if len({pi for pi, _ in where}) >= need:
            drop.update(where)
    return drop


def has_overprint(chars: Sequence[dict], tolerance: float = 1.0) -> bool:
    """Whether some character is drawn again within ``tolerance`` points (fake bold)."""
    seen: dict[tuple[str, int], list[tuple[float, float]]] = defaultdict(list)
    for ch in chars:
        text, x0, top = ch["text"], ch["x0"], ch["top"]
        if text.isspace():
            continue
        band = int(top // 4)
        for key in ((text, band - 1), (text, band), (text, band + 1)):
            for other_x0, other_top in seen.get(key, ()):
                if abs(other_x0 - x0) <= tolerance and abs(other_top - top) <= tolerance:
                    return True
        seen[(text, band)].append((x0, top))
    return False


def find_right_edge(lines: Sequence[TextLine]) -> float:
    """Where full body lines end: the most common line end among the long lines."""
    ends = [line.x1 for line in lines if len(line.text) >= 8]
    if not ends:
        return max((line.x1 for line in lines), default=0.0)
    far = [x for x in ends if x >= max(ends) * 0.75]
    bins = Counter(round(x / 3) for x in far)
    best = max(bins.items(), key=lambda kv: (kv[1], kv[0]))[0]
    return max(x for x in far if round(x / 3) == best)


def continues(prev: TextLine, line: TextLine, right_edge: float) -> bool:
    """Whether ``line`` carries on the paragraph that ``prev`` is part of."""
    if prev.tabular or line.tabular:
        return False
    if line.bold != prev.bold or opens_item(line.text):
        return False
    if prev.text.endswith(SENTENCE_END):
        return False
    # A first-line indent opens a paragraph. A hanging indent (continuation
    # lines indented under a marker line) does not: there prev is the marker line.
    if line.x0 > prev.x0 + 0.8 * prev.size and not opens_item(prev.text):
        return False
    # A line that stops short of the margin by more than the next line's first
    # word ended on purpose: that word would have fitted.
    slack = right_edge - prev.x1
    return slack <= max(line.first_word_width, prev.size) + 0.5 * prev.size


def is_cell_wrap(row: TextLine, line: TextLine) -> bool:
    """A line that starts under the last cell of an unruled table row continues that cell."""
    return bool(row.cell_starts) and abs(line.x0 - row.cell_starts[-1]) < 0.8 * row.size and line.top > row.top


def build_text(pages: Sequence[Sequence[Item]], *, right_edge: float) -> tuple[str, list[tuple[int, int]]]:
    """Join the pages' items into normalized text; return it with each page's span.

    Spans tile the text: a page runs from where its first item starts to where
    the next page's first item starts (the last page to the end).
    """
    out: list[str] = []
    pos = 0
    starts: list[int] = []
    prev: TextLine | None = None  # last line of the open paragraph
    last_table: TableBlock | None = None  # set while the last thing written is a table

    def write(piece: str) -> None:
        nonlocal pos
        out.append(piece)
        pos += len(piece)

    for items in pages:
        start: int | None = None
        for k, item in enumerate(items):
            if isinstance(item, TableBlock):
                rows = list(item.rows)
                carried = (
                    k == 0 and last_table is not None and last_table.rows
                    and len(rows[0]) == len(last_table.rows[0])
                )
                if carried and rows[0] == last_table.rows[0]:
                    rows = rows[1:]  # the header row repeated on the continuation page
                if not rows:
                    start = pos if start is None else start
                    continue
                write("\n" if carried else ("\n\n" if pos else ""))
                start = pos if start is None else start
                write("\n".join("\t".join(row) for row in rows))
                prev, last_table = None, item if not carried else last_table
                continue
            if prev is not None and prev.tabular and not item.tabular and is_cell_wrap(prev, item):
                write(join_pair(out[-1], item.text))  # an unruled row's wrapped last cell
                start = pos if start is None else start
                write(item.text)
                continue
            if prev is not None and continues(prev, item, right_edge):
                write(join_pair(prev.text, item.text))
            elif prev is not None and prev.tabular and item.tabular:
                write("\n")
            elif pos:
                write("\n\n")
            start = pos if start is None else start
            write(item.text)
            prev, last_table = item, None
        starts.append(pos if start is None else start)
    text = "".join(out)
    spans = [(s, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, s in enumerate(starts)]
    # an empty page before content starts must not reach past the next page's start
    return text, [(min(s, e), e) for s, e in spans]
