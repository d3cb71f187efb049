"""The section stage's algorithms (numbering markers, contents lines) in their plain form
(tests/sections/test_sections_fast_paths.py)."""

from __future__ import annotations

from extractors.core import numbering


class _AllPatterns(dict):
    def get(self, key, default=None):
        return numbering._PATTERNS


def parse_marker(line: str):
    """numbering.parse_marker trying every pattern, as it did before the first-character table."""
    original = numbering._BY_FIRST
    try:
        numbering._BY_FIRST = _AllPatterns()
        return numbering.parse_marker(line)
    finally:
        numbering._BY_FIRST = original


def is_toc_line(line: str) -> bool:
    """numbering.is_toc_line with the two patterns searched as written (dot leaders, a trailing page)."""
    return bool(numbering._TOC_LEADERS.search(line) or numbering._TOC_TRAILING_PAGE.search(line))
