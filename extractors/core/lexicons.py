"""Where the lexicons live, and the one way to read them: every module reads its lexicons here.

Lexicons are data, not code: ``extractors/lexicons/*.txt`` hold one entry per line,
``*.tsv`` one tab-separated record per line. In both, blank lines and lines starting
with ``#`` are comments. ``*.json`` holds structured tables (the date words). Reading is cached: a lexicon is a constant of the installed
package, so every process reads each file once.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"


def lexicon_path(name: str) -> Path:
    """The path of lexicon ``name`` (a file name in ``extractors/lexicons``)."""
    return LEXICON_DIR / name


@cache
def read_lines(name: str) -> tuple[str, ...]:
    """The entries of a one-per-line lexicon, stripped, without blanks and ``#`` comments."""
    text = lexicon_path(name).read_text(encoding="utf-8")
    return tuple(s for s in (line.strip() for line in text.splitlines()) if s and not s.startswith("#"))


@cache
def read_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The tab-separated records of a ``.tsv`` lexicon, each cell stripped; comments and blanks skipped."""
    rows = []
    for line in lexicon_path(name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


def read_text(name: str) -> str:
    """A lexicon's whole text, uncached (for a large file its reader parses once and keeps)."""
    return lexicon_path(name).read_text(encoding="utf-8")


def read_json(name: str) -> dict:
    """A ``.json`` lexicon, freshly parsed (the caller may keep or change it)."""
    return json.loads(lexicon_path(name).read_text(encoding="utf-8"))
