"""Pure text helpers: the repair of plain-text dumps and the shared tidy-up.

Every reader in ``pipeline/readers`` ends with :func:`tidy_text`, which gives
the conventions of ``extractors/doc.py`` (NFC, ``\\n`` line ends, no trailing
spaces, at most one blank line in a row, one checkbox alphabet). Text dumps of
PDFs (seed 000) also go through :func:`normalize_text`, which undoes fake bold
(``壹壹壹壹、、、、    摘要摘要摘要摘要``) and joins hard line wraps.

This module holds the wrap joining and the whole-dump repair, and re-exports the
helpers of ``chars.py`` (widths, checkboxes, tidy-up), ``fake_bold.py`` and
``furniture.py`` (page numbers, running headers), so callers import from here only.

Nothing here does IO; everything is a function of its arguments.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from extractors.core.numbering import opens_item, parse_marker
from extractors.normalize.chars import (  # noqa: F401  (re-exported: the public text helpers)
    char_width,
    clean_raw_text,
    display_width,
    is_wide,
    line_widths,
    normalize_checkboxes,
    repair_mojibake,
    tidy_text,
)
from extractors.normalize.fake_bold import (  # noqa: F401  (re-exported)
    _SPACED_PAIR,
    _TIGHT_PAIR,
    _may_be_bold,
    _visible,
    collapse_cjk_spacing,
    collapse_fake_bold,
    count_tight_pairs,
    find_run4_lines,
)
from extractors.normalize.furniture import drop_page_furniture, is_page_number  # noqa: F401  (re-exported)

# --------------------------------------------------------------------------
# Hard line wraps

_CLOSERS = "」』）)\"'”’》〉】]"
_ENDERS = "。！？!?；;…"
_ABBREVIATION = re.compile(
    r"(?<![A-Za-z])(?:Mr|Ms|Mrs|Dr|Prof|St|No|Vol|pp|vs|etc|Inc|Co|Ltd|Jr|Sr|e\.g|i\.e|[A-Z])\.$"
)
# A column gap inside a line (3 spaces, 2 ideographic spaces or a tab between two
# characters), written to start at the gap: a search then jumps between spaces and tabs
# in C instead of trying ``\S`` at every character (plain form: tests/reference/normalize.py).
_COLUMN_GAP_SCAN = re.compile(r"[ \u3000\t](?<=\S[ \u3000\t])(?:(?<= ) {2,}|(?<=\u3000)\u3000+|(?<=\t))\S")
# A form label opening a line: 聯絡電話：, 報告日期: (a short word, then a colon).
# A line indented this far (display columns) under a space-aligned table row is a cell's
# wrapped text: it keeps its indent, which says its column.
_CELL_INDENT = 4
_FORM_LABEL = re.compile(r"^[^\s\d：:，,。；;、]{2,10}[ \u3000]*[：:]")
# A phone number, a date or a code at the end of a line: 02-2343-1234, 2024/5/1.
# (Two separators: a year range 2018-2020 may wrap mid-sentence.)
_CODE_AT_END = re.compile(r"(?<![\w.(（])\d+[\-–/.]\d+[\-–/.]\d+$")
# A dump whose full lines are narrower than this is not hard-wrapped: it is a
# cover page or a list of short lines, each its own line.
_MIN_WRAP_WIDTH = 40


def ends_sentence(line: str) -> bool:
    """True when a line ends a sentence (。！？; a closing quote after one counts).

    >>> [ends_sentence(s) for s in ["等各項議程。", "「部長級圓桌會議」", "議程。」", "Mr."]]
    [True, False, True, False]
    """
    stripped = line.rstrip()
    core = stripped.rstrip(_CLOSERS)
    if not core:
        return False
    last = core[-1]
    if last in _ENDERS:
        return True
    if last == "." and not _ABBREVIATION.search(core):
        return True
    return False


class _Line(NamedTuple):
    text: str  # without leading or trailing spaces
    indent: int  # columns of leading spaces
    width: int  # display width including the indent
    page: int
    trailing_space: bool = False


def typical_line_width(widths: Iterable[int]) -> int | None:
    """The width of a full line in a hard-wrapped dump, or None if not wrapped.

    The median of the long lines, accepted only when many lines sit near it
    (a dump wrapped at a fixed width); a file with one paragraph per line has no
    such width.
    """
    widths = [w for w in widths if w >= 10]
    if len(widths) < 5:
        return None
    p95 = sorted(widths)[int(0.95 * (len(widths) - 1))]
    long_lines = [w for w in widths if w >= 0.6 * p95]
    typical = int(statistics.median(long_lines))
    if typical < _MIN_WRAP_WIDTH or typical > 300:
        return None
    near = sum(0.85 * typical <= w <= 1.2 * typical for w in widths)
    if near < 0.3 * len(widths) or near < 3:
        return None
    return typical


HEADING_TAIL_MAX = 12  # characters on the last line of a wrapped heading


def _hangs_under_marker(prev: _Line, nxt: _Line) -> bool:
    """``nxt`` is indented to where the text after ``prev``'s numbering marker starts
    (a hanging indent: ``一、澳洲…，`` / ``　　且…``)."""
    marker = parse_marker(prev.text)
    if marker is None:
        return False
    return abs(nxt.indent - prev.indent - display_width(prev.text[: marker.span[1]])) <= 1


def _wrapped_heading_tail(prev: _Line, nxt: _Line, after: _Line | None) -> bool:
    """A numbered heading wrapped onto a short hanging-indented last line
    (``（一）…災後檢討`` / ``　　　建議`` / blank): the tail belongs to the heading."""
    return (
        after is None
        and not blank_or_sentence(prev.text)
        and not blank_or_sentence(nxt.text)
        and len(nxt.text) <= HEADING_TAIL_MAX
        and _hangs_under_marker(prev, nxt)
        and not opens_item(nxt.text)
        and not _COLUMN_GAP_SCAN.search(prev.text)
    )


def blank_or_sentence(text: str) -> bool:
    return not text.strip() or ends_sentence(text) or text.rstrip()[-1] in "，,、"


def _continues(prev: _Line, nxt: _Line, width: int) -> bool:
    """True when ``nxt`` carries on the paragraph that ``prev`` wraps."""
    if nxt.text.startswith(("\t", " ")) or prev.text.startswith(" "):
        return False  # a table row with empty first cells, or a cell's wrapped line
    if prev.width < 0.85 * width or ends_sentence(prev.text):
        return False
    if nxt.indent >= prev.indent + 2 and not _hangs_under_marker(prev, nxt):
        return False
    if opens_item(nxt.text):
        return False  # a numbered or bulleted item starts here
    if prev.text[-1].isdigit() and (_FORM_LABEL.match(prev.text) or _CODE_AT_END.search(prev.text)):
        return False  # 電話：02-1234-5678 or a date ends its field
    if _FORM_LABEL.match(nxt.text):
        return False  # 聯絡電話：… starts a field of its own
    if _COLUMN_GAP_SCAN.search(prev.text) or _COLUMN_GAP_SCAN.search(nxt.text):
        return False  # a row of a space-aligned table
    return True


def _separator(prev: _Line, nxt: _Line) -> str:
    a, b = prev.text[-1], nxt.text[0]
    if is_wide(a) or is_wide(b):
        # CJK joins without a space; keep one the dump kept next to Latin text.
        return " " if prev.trailing_space and not (is_wide(a) and is_wide(b)) else ""
    if a == "-" and not prev.trailing_space and len(prev.text) > 1 and prev.text[-2].isalpha() and b.isalpha():
        return ""  # High-\nlevel (but Maschinen- \nund keeps its space)
    return " "


def _join(lines: Sequence[_Line | None], width: int | None) -> list[tuple[list[tuple[str, int]], bool]]:
    """Join wrapped lines. ``None`` is a blank line.

    Returns output lines as pieces ``(text, page)`` plus whether a blank line
    came before the line in the source.
    """
    out: list[tuple[list[tuple[str, int]], bool]] = []
    prev: _Line | None = None
    blank_before = False
    full = 0.85 * width if width else float("inf")
    for index, line in enumerate(lines):
        if line is None:
            blank_before = True
            continue
        if prev is not None and _wrapped_heading_tail(prev, line, lines[index + 1] if index + 1 < len(lines) else None):
            out[-1][0].append((_separator(prev, line) + line.text, line.page))
        elif prev is not None and prev.width >= full and _continues(prev, line, width):
            out[-1][0].append((_separator(prev, line) + line.text, line.page))
        else:
            out.append(([(line.text, line.page)], blank_before and bool(out)))
        # The joined line's fullness is judged by its last physical line.
        prev = line
        blank_before = False
    return out


def join_wrapped_lines(lines: Sequence[str], *, width: int | None = None) -> list[str]:
    """Join hard-wrapped lines; blank runs become one blank line.

    ``width`` is the dump's full-line width; by default it is measured from
    ``lines`` with :func:`typical_line_width`.
    """
    parsed = [_parse_line(line, 0) for line in lines]
    if width is None:
        width = typical_line_width(p.width for p in parsed if p is not None)
    out: list[str] = []
    for pieces, blank_before in _join(parsed, width):
        if blank_before:
            out.append("")
        out.append("".join(text for text, _ in pieces))
    return out



def _empty_cells(raw: str, in_rows: bool) -> str:
    """The leading tabs of a table row whose first cells are empty (a later time slot of
    the day above: ``\\t14:00\\t參訪``), kept so the cells stay in their columns.

    A line counts as a row when it starts with two tabs, or with one and has another
    tab after its text, or follows a row; one tab before plain text is an indent.
    """
    body = raw.lstrip()
    tabs = raw[: len(raw) - len(body)].count("\t")
    if tabs and (tabs >= 2 or "\t" in body.rstrip() or in_rows):
        return "\t" * tabs
    return ""


def _parse_line(raw: str, page: int) -> _Line | None:
    text = raw.strip()
    if not text:
        return None
    indent = 0
    if raw[0].isspace():
        lead = raw[: len(raw) - len(raw.lstrip())]
        indent = display_width(lead.replace("\t", "    "))
    return _Line(text, indent, indent + display_width(text), page, raw[-1].isspace())


# --------------------------------------------------------------------------
# The whole dump


class PageSpan(NamedTuple):
    """Where one input page landed in the normalized text."""

    char_start: int
    char_end: int
    fake_bold: int  # characters removed as fake-bold copies


def normalize_pages(pages: Sequence[str]) -> tuple[str, list[PageSpan]]:
    """Repair a text dump given page by page; return the text and each page's span.

    Spans index the returned text, one per input page, in order; a page that
    yielded nothing has an empty span where it would have been. A paragraph
    that wraps over a page break is joined, so a page can start in the middle
    of a line.
    """
    page_lines: list[list[str]] = []
    removed: list[int] = []
    prepared = [clean_raw_text(page).split("\n") for page in pages]
    flat = [line for raw_lines in prepared for line in raw_lines]
    candidates = find_run4_lines(flat)
    # Spaced-out transcripts are spaced throughout: decide on the first pages.
    sample = "\n".join(pages[:50])
    spaced = len(_SPACED_PAIR.findall(sample))
    spaced_out = spaced >= 4 and spaced >= count_tight_pairs(sample) // 2
    index = 0
    collapsed: dict[tuple[str, bool], str] = {}  # a line repeated a thousand times is collapsed once

    def collapse(line: str, runs4: bool) -> str:
        key = (line, runs4)
        if key not in collapsed:
            collapsed[key] = collapse_fake_bold(line, runs4=runs4) if runs4 or _may_be_bold(line) else line
        return collapsed[key]

    for raw_lines in prepared:
        lines = [collapse(line, index + i in candidates) for i, line in enumerate(raw_lines)]
        if spaced_out:
            lines = [collapse_cjk_spacing(line) for line in lines]
        index += len(raw_lines)
        removed.append(
            sum(_visible(a) - _visible(b) for a, b in zip(raw_lines, lines, strict=True) if a != b)
        )
        page_lines.append(lines)
    page_lines = drop_page_furniture(page_lines)
    lines: list[_Line | None] = []
    texts = [line.strip() for plines in page_lines for line in plines]
    widths = iter(line_widths(texts))
    texts_iter = iter(texts)
    in_rows = False  # the line before was a tab-separated table row
    in_aligned = False  # the line before was a row (or a wrapped cell) of a space-aligned table
    for number, plines in enumerate(page_lines):
        if number:
            lines.append(None)  # a page break is a blank line
        for raw in plines:
            text = next(texts_iter)
            width = next(widths)
            if not text:
                lines.append(None)
                in_rows = in_aligned = False
                continue
            if raw[0].isspace():
                line = _parse_line(raw, number)
                if line is None:
                    raise ValueError(f"a line of page {number} starts with white space but parses as nothing")
                lead = _empty_cells(raw, in_rows)
                if lead:
                    line = line._replace(text=lead + line.text)
                elif in_aligned and line.indent >= _CELL_INDENT and "\t" not in raw:
                    # A wrapped cell of a space-aligned table: its indent is its column.
                    line = line._replace(text=" " * line.indent + line.text)
            else:
                line = _Line(text, 0, width, number, raw[-1].isspace())
            lines.append(line)
            in_rows = "\t" in line.text
            in_aligned = bool(_COLUMN_GAP_SCAN.search(line.text.lstrip())) or (
                in_aligned and line.text.startswith(" ")
            )
    width = typical_line_width(line.width for line in lines if line is not None)
    starts: dict[int, int] = {}
    parts: list[str] = []
    offset = 0
    for pieces, blank_before in _join(lines, width):
        if parts:
            sep = "\n\n" if blank_before else "\n"
            parts.append(sep)
            offset += len(sep)
        for text, page in pieces:
            # The NFC of the whole text equals the NFC of its lines: line
            # starts are never combining marks after tidy-up.
            starts.setdefault(page, offset + (len(text) - len(text.lstrip())))
            parts.append(text)
            offset += len(text)
    text = "".join(parts)
    spans: list[PageSpan] = []
    next_start = len(text)
    for number in range(len(pages) - 1, -1, -1):
        start = starts.get(number, next_start)
        end = next_start
        while end > start and text[end - 1] in "\n ":
            end -= 1
        spans.append(PageSpan(start, end, removed[number]))
        next_start = start
    spans.reverse()
    return text, spans


def normalize_text(raw: str) -> str:
    """Repair a plain-text dump of a report (seed 000 is one).

    Fake bold collapsed, marker padding removed, hard wraps joined, page
    numbers dropped, blank runs made one blank line, form feeds treated as page
    breaks; the result follows the conventions of ``extractors/doc.py``.
    """
    text, _ = normalize_pages(raw.split("\f"))
    return text
