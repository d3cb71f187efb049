"""Test tooling only: approximate the readers' normalization of the seed reports.

The real readers are written elsewhere; this keeps seed-based section tests
independent of them. It collapses runs repeated four times (fake bold in text
dumps), strips markdown/HTML markup, turns HTML checkboxes into ■/□ and keeps
joins hard-wrapped lines (a long line that does not end a sentence, followed by
a line that does not start with a marker), one paragraph per line, paragraphs
separated by a blank line.
"""

from __future__ import annotations

import re

from extractors.numbering import parse_marker

_FOUR_TIMES = re.compile(r"(.+?)\1\1\1")
_TAG = re.compile(r"<[^>]+>")
_WRAP_MIN = 30  # a raw line at least this long may be a hard-wrapped one


def normalize_seed(raw: str) -> str:
    raw = raw.replace("\r\n", "\n")
    raw = re.sub(r"<input[^>]*checked[^>]*>", "■", raw)
    raw = re.sub(r"<input[^>]*>", "□", raw)
    raw = re.sub(r"</p>\s*<p>", "\n", raw)
    lines = []
    for line in raw.split("\n"):
        line = _TAG.sub("", line)
        line = _FOUR_TIMES.sub(r"\1", line)
        line = re.sub(r"^\s*#{1,6}\s+", "", line)
        line = re.sub(r"^\s*-\s+", "", line)
        line = line.strip(" \t\u3000")
        if not line:
            continue
        if lines and _continues_wrap(lines[-1], line):
            glue = " " if lines[-1][-1].isascii() and line[0].isascii() else ""
            lines[-1] += glue + line
        else:
            lines.append(line)
    return "\n\n".join(lines) + "\n"


def _continues_wrap(previous: str, line: str) -> bool:
    return (
        len(previous) >= _WRAP_MIN
        and previous[-1] not in "。：:！？"
        and "\t" not in previous + line
        and parse_marker(line) is None
    )
