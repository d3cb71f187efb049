"""One typed table model for every table region of the normalized text.

A :class:`Table` is a grid of :class:`Cell` s, each with its text and its span in the
document. Two sources produce it (see ``doc.py`` for how readers write tables):

- ``\\t`` rows (HTML, docx, markdown pipes, ruled PDF tables, tab-separated text): one
  line is one row; a cell left empty under a filled one is taken as merged with it
  (``rowspan``: the readers write a vertically merged cell once), so the cell above
  belongs to every row it spans.
- space-aligned text (pdftotext-style dumps): the header line gives the columns by
  display width (CJK counts double); every later line is cut at its whitespace runs and
  each piece goes to the column it starts in. A line that does not start a new row (an
  empty key cell, a weekday （一） under a date, a date range ending in 至 continued
  below) is a wrapped line: its pieces join the cells of the row above. Blank lines and
  a repeated header (the table continued on a new page) are passed over.

Example:
    >>> from extractors.core.textlines import split_lines
    >>> text = "日期      地點    行程\\n5月1日    東京    拜會\\n                  總務省"
    >>> table = aligned_table(split_lines(text), 0)
    >>> [[c.text for c in row] for row in table.rows]
    [['5月1日', '東京', '拜會總務省']]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from extractors.core.textlines import Line, is_heading, join_pieces
from extractors.core.width import display_width

# A weekday written under a date in its own cell line: （一）, (六), （日）, 週三.
WEEKDAY_CELL = re.compile(r"^[（(]\s*(?:星期|週|周)?[一二三四五六日天]\s*[）)]$|^(?:星期|週|周)[一二三四五六日天]$")
# A cell whose text goes on in the line below: a range or a list cut after its joiner.
OPEN_END = re.compile(r"(?:至|到|~|～|〜|-|－|—|–|、|，|,|→)$")
# Widest gap (display columns) between a header word and the data it heads.
TOLERANCE = 2
# Most lines a space-aligned table may skip in a row (blank lines, a repeated header).
MAX_GAP = 3


@dataclass
class Cell:
    """One cell: its text (wrapped lines joined) and where it sits."""

    text: str
    start: int  # span in the document (first to last piece)
    end: int
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    """A table region: header texts, then body rows of cells (one per column)."""

    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    start: int = 0
    end: int = 0
    kind: str = "tab"  # "tab" or "aligned"

    def column(self, k: int) -> list[str]:
        return [row[k].text for row in self.rows if k < len(row)]


def pieces_of(line: str) -> list[tuple[int, int, str]]:
    """The whitespace-separated pieces of a line: (display column, char index, text)."""
    out = []
    for m in re.finditer(r"\S+", line):
        out.append((display_width(line[: m.start()]), m.start(), m.group()))
    return out


def header_anchors(line: str, cells: Sequence[str]) -> list[int] | None:
    """The display column where each header cell starts; None when a cell is not found
    in order (the header was not written as the cells say)."""
    anchors = []
    pos = 0
    for cell in cells:
        first = cell.split()[0] if cell.split() else cell
        at = line.find(first, pos)
        if not first or at < 0:
            return None
        anchors.append(display_width(line[:at]))
        pos = at + len(first)
    return anchors


def column_at(anchors: Sequence[int], col: int) -> int:
    """The column a piece starting at display column ``col`` belongs to."""
    k = 0
    for i, anchor in enumerate(anchors):
        if anchor <= col + TOLERANCE:
            k = i
    return k


def cut_line(line: Line, anchors: Sequence[int]) -> list[list[tuple[str, int, int]]]:
    """A line's pieces by column: for each column, its (text, start, end) pieces."""
    cells: list[list[tuple[str, int, int]]] = [[] for _ in anchors]
    for col, at, text in pieces_of(line.text):
        part = cells[column_at(anchors, col)]
        start, end = line.start + at, line.start + at + len(text)
        if part:  # words of one line in one cell keep their space: 中華航空 CI100 班機
            text, start = line.text[part[-1][1] - line.start : at] .rstrip() + " " + text, part[-1][1]
            part.pop()
        part.append((text, start, end))
    return cells


def _is_gap(line: Line, header_test: Callable[[str], bool] | None) -> bool:
    return line.is_blank or (header_test is not None and header_test(line.text))


def aligned_table(
    lines: Sequence[Line],
    header_index: int,
    *,
    cells: Sequence[str] | None = None,
    key: int = 0,
    starts_row: Callable[[list[str]], bool] | None = None,
    is_header: Callable[[str], bool] | None = None,
    ends_table: Callable[[str], bool] | None = None,
) -> Table:
    """The space-aligned table whose header is ``lines[header_index]``.

    ``cells`` are the header's cells (default: its whitespace-separated words); ``key``
    the column whose filling starts a row, unless ``starts_row`` (given a line's cell
    texts) says otherwise. ``is_header`` recognizes a repeated header; ``ends_table``
    a line that ends the table whatever its columns (a numbered heading, say).
    """
    header_line = lines[header_index]
    cells = list(cells) if cells is not None else header_line.text.split()
    anchors = header_anchors(header_line.text, cells) or [col for col, _, _ in pieces_of(header_line.text)]
    cells = cells[: len(anchors)]
    table = Table(header=[c.strip() for c in cells], start=header_line.start, end=header_line.end, kind="aligned")
    width = len(anchors)
    pending: list[list[tuple[str, int, int]]] | None = None  # the row being built
    gap = 0
    for line in lines[header_index + 1 :]:
        if _is_gap(line, is_header):
            gap += 1
            if gap > MAX_GAP:
                break
            continue
        stripped = line.stripped
        parts = cut_line(line, anchors)
        texts = [join_pieces([p for p, _, _ in part]) for part in parts]
        filled = [k for k, t in enumerate(texts) if t]
        if len(filled) == 1 and filled[0] == 0 and display_width(stripped) > 2 * (anchors[1] if width > 1 else 40):
            break  # prose from the left margin: the table is over
        key_text = texts[key] if key < width else ""
        previous_key = join_pieces([p for p, _, _ in pending[key]]) if pending is not None else ""
        continues = pending is not None and (
            not key_text or WEEKDAY_CELL.match(key_text) is not None or OPEN_END.search(previous_key) is not None
        )
        if not continues and ends_table is not None and ends_table(stripped):
            break
        new_row = starts_row(texts) if starts_row is not None else bool(key_text)
        if continues and not (new_row and not key_text and starts_row is not None):
            if pending is None:  # `continues` implies a pending row
                raise ValueError("a table line continues a row that was never started")
            for k, part in enumerate(parts):
                pending[k] += part
            table.end = line.end
            gap = 0
            continue
        if not new_row:
            break
        if gap and pending is not None and not key_text:
            break
        if pending is not None:
            _add_row(table, pending)
        pending = parts
        table.end = line.end
        gap = 0
    if pending is not None:
        _add_row(table, pending)
    return table


def _add_row(table: Table, parts: list[list[tuple[str, int, int]]]) -> None:
    r = len(table.rows)
    row = []
    for k, part in enumerate(parts):
        if part:
            row.append(Cell(join_pieces([p for p, _, _ in part]), part[0][1], part[-1][2], r, k))
        else:
            row.append(Cell("", -1, -1, r, k))
    table.rows.append(row)


def tab_table(lines: Sequence[Line], first: int, *, stop: Callable[[str], bool] | None = None) -> Table:
    """The ``\\t`` table whose first row is ``lines[first]`` (that row is the header).

    Rows run while lines hold a tab (blank lines between them are passed over). In a row
    whose first cell is empty (it sits under a merged cell: a second time slot of a day),
    an empty or missing cell under a filled one is read as the cell above merged down
    (its ``rowspan`` grows and the row gets the same text).
    """
    header = [c.strip() for c in lines[first].text.split("\t")]
    table = Table(header=header, start=lines[first].start, end=lines[first].end, kind="tab")
    above: dict[int, Cell] = {}
    for line in lines[first + 1 :]:
        if line.is_blank:
            continue
        if "\t" not in line.text or (stop is not None and stop(line.text)):
            break
        r = len(table.rows)
        row = []
        pos = line.start
        parts = line.text.split("\t")
        under = not parts[0].strip()  # an empty first cell: the row sits under merged cells
        for k, text in enumerate(parts):
            cell_text = text.strip()
            start = pos + (len(text) - len(text.lstrip()))
            pos += len(text) + 1
            if cell_text:
                cell = Cell(cell_text, start, start + len(cell_text), r, k)
                above[k] = cell
            elif k in above and under:
                above[k].rowspan += 1
                cell = Cell(above[k].text, above[k].start, above[k].end, r, k, rowspan=0)
            else:
                cell = Cell("", -1, -1, r, k)
            row.append(cell)
        for k in range(len(row), len(header)):  # a short row: its missing cells are merged ones
            if k in above and under:
                above[k].rowspan += 1
                row.append(Cell(above[k].text, above[k].start, above[k].end, r, k, rowspan=0))
        table.rows.append(row)
        table.end = line.end
    return table


_GAP = re.compile(r"\S(?: {2,}|\u3000)\S")


def _columns(line: Line) -> int:
    """Pieces of a line separated by column gaps (two spaces or more, or a U+3000)."""
    return len(_GAP.findall(line.stripped)) + 1 if line.stripped else 0


def find_tables(lines: Sequence[Line]) -> list[Table]:
    """Every table region of the text, in order: runs of ``\t`` rows, and space-aligned
    tables (a line of three columns or more whose next line has gaps too). The first line
    of a region is taken as its header (what ``pipeline show`` lists)."""
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = next((x for x in lines[i + 1 : i + 3] if not x.is_blank), None)
        if "\t" in line.text and nxt is not None and "\t" in nxt.text:
            table = tab_table(lines, i)
        elif _columns(line) >= 3 and "\t" not in line.text and nxt is not None and _columns(nxt) >= 3:
            table = aligned_table(lines, i, ends_table=is_heading)
        else:
            i += 1
            continue
        tables.append(table)
        i += 1
        while i < len(lines) and lines[i].start <= table.end:
            i += 1
    return tables


__all__ = ["Cell", "Table", "aligned_table", "tab_table", "find_tables", "pieces_of", "WEEKDAY_CELL"]
