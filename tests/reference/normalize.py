"""The readers' and text repair's algorithms in their plain or former form
(tests/normalize/test_text_fast_paths.py, tests/normalize/test_docx_open.py)."""

from __future__ import annotations

import io
import re

import docx

from extractors.normalize import fake_bold
from extractors.normalize.fake_bold import _CJK
from pipeline.readers import markdown

# One space between two CJK characters, searched as written (fake_bold._SPACED_PAIR is the fast form).
SPACED_PAIR = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")

# A column gap inside a line: 3+ spaces, 2+ ideographic spaces or a tab between two visible
# characters (repair._COLUMN_GAP_SCAN is the fast form).
COLUMN_GAP = re.compile(r"\S(?: {3,}|\u3000{2,}|\t)\S")


def collapse_whole_line(line: str) -> str | None:
    """fake_bold._collapse_whole_line without the coverage bound."""
    original = fake_bold._may_be_covered
    try:
        fake_bold._may_be_covered = lambda line, visible: True
        return fake_bold._collapse_whole_line(line)
    finally:
        fake_bold._may_be_covered = original


def strip_inline(line: str) -> str:
    """markdown._strip_inline as it was: each inline pattern substituted over the whole line in turn."""
    t = markdown
    line = t._IMAGE.sub(r"\1", line)
    line = t._LINK.sub(r"\1", line)
    line = t._REF_LINK.sub(r"\1", line)
    line = t._AUTOLINK.sub(r"\1", line)
    line = t._CODE.sub(r"\1", line)
    for _ in range(2):
        line = t._STRONG.sub(r"\2", line)
    line = t._STRIKE.sub(r"\1", line)
    line = t._EMPHASIS_STAR.sub(r"\1", line)
    return t._EMPHASIS_UNDERSCORE.sub(r"\1", line)


def open_docx(data: bytes):
    """docx_reader.open_docx's plain form: python-docx's own Document, nothing cached."""
    return docx.Document(io.BytesIO(data))
