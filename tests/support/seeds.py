"""The seed reports and their gold, for tests: where they are and a reader-like clean-up.

The seeds are the repository's own copies: the reports in ``data/raw`` and their gold in
``tests/gold``. A test that needs a file that is missing fails with a sentence saying which
(``require``); nothing here skips.

``normalize_seed`` stands in for the readers (tested on their own in tests/normalize), so
that the seed tests of the later stages depend on the extractors only. It turns HTML
checkboxes into ■/□, strips markdown and HTML markup, collapses the runs a text dump
repeats four times (fake bold), and lays out one paragraph per line with a blank line
between paragraphs. With ``join_wraps`` it also joins hard-wrapped lines: a long line
that does not end a sentence runs on into the next line unless that one starts with a
numbering marker. Without it, each line of the dump stays a paragraph of its own, which
is what a reader that fails to join gives.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from extractors.core.numbering import parse_marker

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "data" / "raw"
GOLD = ROOT / "tests" / "gold"
# The team's shared folder (the dev set, the contract) sits next to the repository.
SHARED = ROOT.parent / "shared"

_CHECKED = re.compile(r"<input[^>]*\bchecked\b[^>]*>")
_BOX = re.compile(r"<input[^>]*>")
_PARAGRAPH_BREAK = re.compile(r"</p>\s*<p>")
_TAG = re.compile(r"<[^>\n]*>")
_MARKDOWN_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|-\s+)")
_FOUR_TIMES = re.compile(r"((?:(?![\d\s]).)+?)\1\1\1")  # digits and blanks repeat for real
_WRAP_MIN = 30  # a line at least this long may be a hard-wrapped one
_SENTENCE_END = "。：:！？!?；;"


def require(path: Path, what: str) -> Path:
    """``path``, or a failed test saying which material is missing (never a skip)."""
    if not path.exists():
        raise AssertionError(f"missing test material: {what} ({path} does not exist)")
    return path


def seed_names() -> list[str]:
    """The stems of the seed reports that have a gold file, e.g. ``000_4fc28645e15cc52a``."""
    names = sorted(p.stem for p in require(GOLD, "the seed gold folder tests/gold").glob("*.json"))
    if not names:
        raise AssertionError(f"missing test material: no gold files (*.json) in {GOLD}")
    for name in names:
        require(REPORTS / f"{name}.txt", f"the text of seed report {name} in data/raw")
    return names


def seed_name(prefix: str) -> str:
    """The full stem of the seed whose name starts with ``prefix`` (``"000"``)."""
    matches = [name for name in seed_names() if name.startswith(prefix)]
    if len(matches) != 1:
        raise AssertionError(f"missing test material: expected one seed named {prefix}_*, found {matches}")
    return matches[0]


def raw_seed(name: str) -> str:
    """The seed report's text file as it is."""
    return require(REPORTS / f"{name}.txt", f"the text of seed report {name} in data/raw").read_text(encoding="utf-8")


def gold(name: str) -> dict:
    """The gold of one seed report."""
    path = require(GOLD / f"{name}.json", f"the gold of seed report {name} in tests/gold")
    return json.loads(path.read_text(encoding="utf-8"))


def seed_text(name: str, *, join_wraps: bool = True) -> str:
    """The seed report, normalized as a reader would (``normalize_seed``)."""
    return normalize_seed(raw_seed(name), join_wraps=join_wraps)


def normalize_seed(raw: str, *, join_wraps: bool = True) -> str:
    raw = raw.replace("\r\n", "\n")
    raw = _BOX.sub("□", _CHECKED.sub("■", raw))
    raw = _PARAGRAPH_BREAK.sub("\n", raw)
    lines: list[str] = []
    for line in raw.split("\n"):
        line = _FOUR_TIMES.sub(r"\1", _TAG.sub("", line))
        line = _MARKDOWN_PREFIX.sub("", line).strip(" \u3000")  # a tab ending a form's row stays
        if not line.strip():
            continue
        if join_wraps and lines and _continues(lines[-1], line):
            glue = " " if lines[-1][-1].isascii() and line[0].isascii() else ""
            lines[-1] += glue + line
        else:
            lines.append(line)
    return "\n\n".join(lines) + "\n"


def _continues(previous: str, line: str) -> bool:
    return (
        len(previous) >= _WRAP_MIN
        and previous[-1] not in _SENTENCE_END
        and "\t" not in previous + line
        and parse_marker(line) is None
    )
