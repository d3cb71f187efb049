"""Pure text helpers: the repair of plain-text dumps and the shared tidy-up.

Every reader in ``pipeline/readers`` ends with :func:`tidy_text`, which gives
the conventions of ``extractors/doc.py`` (NFC, ``\\n`` line ends, no trailing
spaces, at most one blank line in a row, one checkbox alphabet). Text dumps of
PDFs (seed 000) also go through :func:`normalize_text`, which undoes fake bold
(``壹壹壹壹、、、、    摘要摘要摘要摘要``) and joins hard line wraps.

Nothing here does IO; everything is a function of its arguments.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from extractors.doc import CHECKED, UNCHECKED

# --------------------------------------------------------------------------
# Characters and widths

_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x85\u2028\u2029]")
# Controls other than \t \n \f, zero-width characters, soft hyphen, stray BOMs.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f]")

_CHECKED_GLYPHS = "☑☒✓✔✅🗹🗷⊠▣\uf0fe\uf0fd"
_UNCHECKED_GLYPHS = "☐▢\uf0a8\uf06f"
_CHECKBOX_GLYPH = re.compile(f"[{_CHECKED_GLYPHS}{_UNCHECKED_GLYPHS}]|[\\[【]")
_CHECKBOX_TABLE = str.maketrans(
    {**{c: CHECKED for c in _CHECKED_GLYPHS}, **{c: UNCHECKED for c in _UNCHECKED_GLYPHS}}
)
# A V or an X typed between brackets is a ticked box; empty brackets an empty one.
_BRACKET_CHECKED = re.compile(r"\[[VvXx✓✔]\]|【\s*[VvＶｖ✓✔]\s*】")
_BRACKET_UNCHECKED = re.compile(r"\[ \]|【[ \u3000]】")


def char_width(ch: str) -> int:
    """Columns one character takes in a CJK monospace layout (0, 1 or 2).

    East Asian wide and fullwidth characters take 2. Ambiguous punctuation and
    symbols (—, …, “, ○, ※) are drawn wide in CJK fonts, so they take 2 too,
    but ambiguous letters (é, Greek, Cyrillic) take 1.
    """
    if ch < "\u0300":
        return 0 if ch < " " and ch != "\t" else 1
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf"):
        return 0
    eaw = unicodedata.east_asian_width(ch)
    if eaw in ("W", "F"):
        return 2
    if eaw == "A" and not category.startswith("L"):
        return 2
    return 1


class _WidthTable(dict):
    """char -> width, filled on first sight (a document uses few distinct characters)."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = char_width(ch)
        return width


_WIDTHS = _WidthTable()


def display_width(s: str) -> int:
    """Columns a string takes when CJK characters count double.

    >>> display_width("摘要 ab")
    7
    """
    if s.isascii():
        return len(s)
    return sum(map(_WIDTHS.__getitem__, s))


def is_wide(ch: str) -> bool:
    """True for a character that takes two columns (CJK and its punctuation)."""
    return _WIDTHS[ch] == 2


def normalize_checkboxes(text: str) -> str:
    """One checkbox alphabet: ticked boxes become ■, empty ones □.

    >>> normalize_checkboxes("☑ 是 ☐ 否 [V] 開會")
    '■ 是 □ 否 ■ 開會'
    """
    if not _CHECKBOX_GLYPH.search(text):
        return text
    text = text.translate(_CHECKBOX_TABLE)
    text = _BRACKET_CHECKED.sub(CHECKED, text)
    return _BRACKET_UNCHECKED.sub(UNCHECKED, text)


def tidy_text(text: str) -> str:
    """The conventions every reader guarantees, applied to finished text.

    NFC, ``\\n`` line ends, no invisible characters, non-breaking spaces as
    plain spaces, one checkbox alphabet, no trailing whitespace, at most one
    blank line in a row, no blank lines at either end.
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text).replace("\f", "\n\n")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = normalize_checkboxes(text)
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


# --------------------------------------------------------------------------
# Numbering markers

_HEAVY_NUMERALS = "壹貳貮參叁叄參肆伍陸柒捌玖拾"
_CJK_NUMERALS = "一二三四五六七八九十百〇零"
_DIGITS = "0-9０-９"
MARKER_RE = re.compile(
    rf"""^\s*(?:
        [{_HEAVY_NUMERALS}]+\s*[、，,．.]            # 壹、 肆，
      | [{_CJK_NUMERALS}]+\s*[、．]                  # 一、
      | [（(]\s*[{_CJK_NUMERALS}{_HEAVY_NUMERALS}]+\s*[)）]   # （一） (一)
      | [（(]\s*[{_DIGITS}]{{1,2}}\s*[)）]           # (1) （１）
      | [{_DIGITS}]{{1,2}}\s*[.．、](?![{_DIGITS}])  # 1. １． 1、
      | [{_DIGITS}]{{1,2}}\s*[)）]                   # 1)
      | [①-⑳⑴-⒇⒈-⒛]                              # circled and dotted numbers
      | [A-Za-zＡ-Ｚ]\s*[.．、)](?=\s*\S)(?![A-Za-z.])  # A. a)
      | 第\s*[{_CJK_NUMERALS}{_DIGITS}]+\s*[章節條款篇部]
      | [•●○◆◇■□▪▫►▸※★☆]                         # bullets and boxes
      | [-–—*+]\s                                   # typed bullets
    )""",
    re.VERBOSE,
)
# The marker part of a heading whose punctuation is CJK (、，．) or a closing
# CJK bracket: padding after it is a layout artefact (壹、    摘要).
_MARKER_PADDING = re.compile(
    rf"""^(\s*(?:[{_HEAVY_NUMERALS}{_CJK_NUMERALS}]+\s*[、，．]
          | [（(]\s*[{_CJK_NUMERALS}{_HEAVY_NUMERALS}{_DIGITS}]+\s*）
          | [{_DIGITS}]{{1,2}}\s*[．、]))[ \u3000]+(?=\S)""",
    re.VERBOSE,
)
# After an ASCII marker (1. or (1)) one space is normal: only shrink padding.
_LATIN_MARKER_PADDING = re.compile(
    rf"^(\s*(?:[{_DIGITS}]{{1,2}}\.|[（(]\s*[{_CJK_NUMERALS}{_HEAVY_NUMERALS}{_DIGITS}]+\s*\)))[ \u3000]{{2,}}(?=\S)"
)


def starts_with_marker(line: str) -> bool:
    """True when a line opens with a numbering marker or a bullet.

    >>> [starts_with_marker(s) for s in ["壹、摘要", "（一）目的", "2018.5.22 臺北", "1次合併"]]
    [True, True, False, False]
    """
    return MARKER_RE.match(line) is not None


def strip_marker_padding(line: str) -> str:
    """Drop the spaces between a CJK numbering marker and its heading.

    >>> strip_marker_padding("壹、    摘要")
    '壹、摘要'
    >>> strip_marker_padding("10.  2019 年")
    '10. 2019 年'
    """
    line = _MARKER_PADDING.sub(r"\1", line)
    return _LATIN_MARKER_PADDING.sub(r"\1 ", line)


# --------------------------------------------------------------------------
# Fake bold

# A unit repeated four times in a row (lazy: the shortest unit wins, so
# 會會會會議活動議活動議活動議活動 is 會×4 then 議活動×4).
_RUN4 = re.compile(r"(.{1,40}?)\1{3}")
_RUN2 = re.compile(r"(\S.{0,39})\1")
_RUN3 = re.compile(r"(\S.{0,39})\1\1")
_GAP = re.compile(r"\s*")
_MAX_DOUBLED_LINE = 400  # longer lines are body text, never a whole bold line


def _visible(s: str) -> int:
    """Characters that are not white space."""
    return len("".join(s.split()))


def _has_letter(s: str) -> bool:
    return any(ch.isalpha() for ch in s)


def _collapse_runs4(line: str) -> str:
    """Collapse ×4 runs; a run of digits or punctuation only next to a run with letters."""
    matches = [m for m in _RUN4.finditer(line) if not m.group(1).isspace()]
    if not matches:
        return line
    # Group runs that touch (only whitespace between them): a bold heading.
    groups: list[list[re.Match[str]]] = []
    for m in matches:
        if groups and not line[groups[-1][-1].end() : m.start()].strip():
            groups[-1].append(m)
        else:
            groups.append([m])
    out: list[str] = []
    pos = 0
    for group in groups:
        if not any(_has_letter(m.group(1)) for m in group):
            continue  # 1111, ----, ....: real repeats
        for m in group:
            out.append(line[pos : m.start()])
            out.append(m.group(1))
            pos = m.end()
    out.append(line[pos:])
    return "".join(out)


def _doubled_coverage(line: str, pattern: re.Pattern[str]) -> tuple[float, int, int, bool]:
    """Share of non-space characters inside k-fold runs, runs, letters kept, any CJK kept."""
    total = _visible(line)
    if total == 0:
        return 0.0, 0, 0, False
    covered = runs = kept = 0
    wide = False
    for m in pattern.finditer(line):
        unit = m.group(1)
        covered += _visible(m.group(0))
        runs += 1
        kept += sum(map(str.isalpha, unit))
        wide = wide or any(ch.isalpha() and is_wide(ch) for ch in unit)
    return covered / total, runs, kept, wide


def _collapse_whole_line(line: str) -> str | None:
    """Undo ×2 or ×3 fake bold when most of the line is doubled, else None."""
    if len(line) > _MAX_DOUBLED_LINE or len(set(line)) - 1 > 0.6 * len(line):
        return None
    visible = "".join(line.split())
    # A doubled line uses few distinct characters: at most about 0.2n + 0.8n/2.
    if len(visible) < 4 or len(set(visible)) > 0.6 * len(visible):
        return None
    best: tuple[float, re.Pattern[str]] | None = None
    for pattern in (_RUN2, _RUN3):
        coverage, runs, kept, wide = _doubled_coverage(line, pattern)
        if coverage < 0.8:
            continue
        # 謝謝 or 時時刻刻 alone is real text: ask for three kept letters, or
        # one repeated CJK unit of two or more (摘要摘要). Latin needs three
        # runs (UUCCLLGG), so bonbon and tutu stay.
        if wide:
            if kept < 3 and not (runs == 1 and kept >= 2):
                continue
        elif runs < 3 or kept < 3:
            continue
        if best is None or coverage > best[0]:
            best = (coverage, pattern)
    if best is None:
        return None
    return best[1].sub(lambda m: m.group(1), line)


def find_run4_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines that may hold a run repeated four times.

    A necessary condition, tested on the whole text at once with numpy: some
    character equals the ones L, 2L and 3L further on (L <= 40). Running the
    exact regex only on those lines keeps a 10 MB dump fast.
    """
    import numpy as np  # a pandas dependency; imported late to keep the module light

    text = "\n".join(lines)
    if len(text) < 8:
        return set(range(len(lines)))
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    hit = np.zeros(len(codes), dtype=bool)
    for unit in range(1, 41):
        if 3 * unit >= len(codes):
            break
        same = codes[:-unit] == codes[unit:]
        span = len(same) - 2 * unit
        hit[:span] |= same[:span] & same[unit : unit + span] & same[2 * unit : 2 * unit + span]
    hit &= codes != 10  # "\n\n\n\n" is not a run
    positions = np.flatnonzero(hit)
    if not len(positions):
        return set()
    starts = np.cumsum([0] + [len(line) + 1 for line in lines[:-1]])
    return set(np.searchsorted(starts, positions, side="right") - 1)


_MARKER_FIRST = set(_HEAVY_NUMERALS + _CJK_NUMERALS + "0123456789０１２３４５６７８９（(")


def collapse_fake_bold(line: str, *, runs4: bool = True) -> str:
    """Undo fake bold in one line of a text dump.

    A line that is mostly doubled or tripled is collapsed (again, while it
    stays so: ×4 is ×2 twice). Then any run repeated four times collapses, but
    a run of digits or punctuation only inside a bold heading, so 1111 and
    ---- survive. Real repeats (與與會者, 謝謝, 常常) are never most of a line.
    ``runs4=False`` skips the second step (the caller knows, from
    :func:`find_run4_lines`, that the line has no such run).

    >>> collapse_fake_bold("壹壹壹壹、、、、    摘要摘要摘要摘要")
    '壹、摘要'
    >>> collapse_fake_bold("由與與會者及謝謝大家")
    '由與與會者及謝謝大家'
    """
    if len(line) < 4:
        return line
    for _ in range(3):
        collapsed = _collapse_whole_line(line)
        if collapsed is None or collapsed == line:
            break
        line = collapsed
    if runs4:
        line = _collapse_runs4(line)
    if line.lstrip()[:1] in _MARKER_FIRST:
        line = strip_marker_padding(line)
    return line


# --------------------------------------------------------------------------
# Hard line wraps

_CLOSERS = "」』）)\"'”’》〉】]"
_ENDERS = "。！？!?；;…"
_ABBREVIATION = re.compile(
    r"(?<![A-Za-z])(?:Mr|Ms|Mrs|Dr|Prof|St|No|Vol|pp|vs|etc|Inc|Co|Ltd|Jr|Sr|e\.g|i\.e|[A-Z])\.$"
)
_COLUMN_GAP = re.compile(r"\S(?: {3,}|\u3000{2,}|\t)\S")


def ends_sentence(line: str) -> bool:
    """True when a line ends a sentence (。！？; a closing quote after one counts).

    >>> [ends_sentence(s) for s in ["等各項議程。", "「高階政策性對話」", "議程。」", "Mr."]]
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
    if typical < 20 or typical > 300:
        return None
    near = sum(0.85 * typical <= w <= 1.2 * typical for w in widths)
    if near < 0.3 * len(widths) or near < 3:
        return None
    return typical


def _continues(prev: _Line, nxt: _Line, width: int) -> bool:
    """True when ``nxt`` carries on the paragraph that ``prev`` wraps."""
    if prev.width < 0.85 * width or ends_sentence(prev.text):
        return False
    if nxt.indent >= prev.indent + 2:
        return False
    if starts_with_marker(nxt.text):
        return False
    if _COLUMN_GAP.search(prev.text) or _COLUMN_GAP.search(nxt.text):
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
    for line in lines:
        if line is None:
            blank_before = True
            continue
        if prev is not None and width and _continues(prev, line, width):
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
# Page furniture

_PAGE_NUMBER = re.compile(
    r"^(?:[-－–—~～]\s*\d{1,4}\s*[-－–—~～]"
    r"|第\s*\d{1,4}\s*頁(?:\s*[,，/]?\s*共\s*\d{1,4}\s*頁)?"
    r"|Page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
# Only at the edge of a page: a bare number, 3/10, iv.
_BARE_NUMBER = re.compile(r"^(?:\d{1,4}(?:\s*/\s*\d{1,4})?|[ivxlc]{1,6}|[IVXLC]{1,6})$")


def is_page_number(line: str, *, bare: bool = False) -> bool:
    """True for a line that is only a page number (- 3 -, 第 3 頁, Page 3).

    A bare number (3, 3/10, iv) counts only with ``bare=True``: at the edge of a
    page, where a page break is known.
    """
    s = line.strip()
    if _PAGE_NUMBER.match(s):
        return True
    return bare and _BARE_NUMBER.match(s) is not None


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())


def drop_page_furniture(pages: Sequence[list[str]]) -> list[list[str]]:
    """Drop page numbers and running headers/footers from pages of lines.

    A header or footer is a first or last non-blank line that, digits aside,
    repeats on at least half of the pages (three pages or more).
    """
    pages = [list(p) for p in pages]
    repeated: set[str] = set()
    if len(pages) >= 3:
        counts: dict[str, int] = {}
        for lines in pages:
            edges = {_edge_key(line) for line in _edges(lines)}
            for key in edges:
                counts[key] = counts.get(key, 0) + 1
        repeated = {k for k, n in counts.items() if n >= max(3, 0.6 * len(pages)) and k}
    out = []
    for lines in pages:
        for idx in _edge_indexes(lines):
            line = lines[idx]
            if _edge_key(line) in repeated or is_page_number(line, bare=len(pages) >= 2):
                lines[idx] = ""
        out.append([line for line in lines if len(line) > 40 or not is_page_number(line)])
    return out


def _edge_indexes(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return []
    return sorted({filled[0], filled[-1]} | set(filled[1:2]) | set(filled[-2:-1]))


def _edges(lines: list[str]) -> list[str]:
    return [lines[i] for i in _edge_indexes(lines)]


# --------------------------------------------------------------------------
# The whole dump


def _prepare(raw: str) -> str:
    raw = unicodedata.normalize("NFC", raw)
    raw = _LINE_BREAKS.sub("\n", raw)
    raw = _INVISIBLE.sub("", raw)
    raw = _SPACES.sub(" ", raw)
    return normalize_checkboxes(raw)


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
    prepared = [_prepare(page).split("\n") for page in pages]
    flat = [line for raw_lines in prepared for line in raw_lines]
    candidates = find_run4_lines(flat)
    index = 0
    for raw_lines in prepared:
        lines = [collapse_fake_bold(line, runs4=index + i in candidates) for i, line in enumerate(raw_lines)]
        index += len(raw_lines)
        removed.append(
            sum(_visible(a) - _visible(b) for a, b in zip(raw_lines, lines, strict=True) if a != b)
        )
        page_lines.append(lines)
    page_lines = drop_page_furniture(page_lines)
    lines: list[_Line | None] = []
    for number, plines in enumerate(page_lines):
        if number:
            lines.append(None)  # a page break is a blank line
        lines.extend(_parse_line(line, number) for line in plines)
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
