"""Page furniture: page numbers and running headers or footers, the one rule for every reader.

:func:`is_page_number` decides whether a line is only a page number; the PDF reader asks
it about the lines at a page's top and bottom edges, and the text-dump repair about
every line (:func:`drop_page_furniture`). A bare number (3, 3/10, iv) counts only where
a page edge is known.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_DASHES = "-－–—~～"
# A page number with its own wording: - 3 -, 第 3 頁（共 9 頁）, 共 9 頁 第 3 頁, Page 3 of 10, p. 7.
_PAGE_NUMBER = re.compile(
    rf"""^(?:
        [{_DASHES}]\s*\d{{1,4}}\s*[{_DASHES}]
      | (?:共\s*\d{{1,4}}\s*頁\s*[,，、]?\s*)?第\s*[\d一二三四五六七八九十百]+\s*頁(?:\s*[,，、/]?\s*共\s*\d{{1,4}}\s*頁)?
      | (?:page|p\.?)\s*\d{{1,4}}(?:\s*(?:of|/)\s*\d{{1,4}})?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# Only at the edge of a page: a bare number (3, - 3, 3/10) or a roman one (iv).
_BARE_NUMBER = re.compile(
    rf"^(?:[{_DASHES}\s]*\d{{1,4}}[{_DASHES}\s]*|\d{{1,4}}\s*/\s*\d{{1,4}}|[{_DASHES}\s]*[ivxlc]{{1,7}}[{_DASHES}\s]*)$",
    re.IGNORECASE,
)
# The lines of a page's text that may be page numbers with their own wording, found at once.
_PAGE_NUMBER_ANYWHERE = re.compile(
    rf"^[ \t\u3000]*(?:[{_DASHES}][ \t\u3000]*[\d０-９]|第|共|[pＰｐ]).*$", re.MULTILINE | re.IGNORECASE
)


def is_page_number(line: str, *, bare: bool = False) -> bool:
    """True for a line that is only a page number (- 3 -, 第 3 頁, Page 3 of 10).

    A bare number (3, 3/10, iv) counts only with ``bare=True``: at the edge of a
    page, where a page break is known. Full-width forms count (－３－).

    Example:
        >>> is_page_number("第 3 頁，共 10 頁"), is_page_number("3"), is_page_number("3", bare=True)
        (True, False, True)
    """
    s = line.strip()
    if not s.isascii():
        s = unicodedata.normalize("NFKC", s).strip()
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
        found = {m.group(0) for m in _PAGE_NUMBER_ANYWHERE.finditer("\n".join(lines))}
        if found:
            lines = [line for line in lines if line not in found or not is_page_number(line)]
        out.append(lines)
    return out


def _edge_indexes(lines: list[str]) -> list[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return []
    return sorted({filled[0], filled[-1]} | set(filled[1:2]) | set(filled[-2:-1]))


def _edges(lines: list[str]) -> list[str]:
    return [lines[i] for i in _edge_indexes(lines)]
