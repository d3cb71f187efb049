"""Reader for plain text (.txt): bytes -> ReadResult.

A .txt file that is really markdown or HTML (a saved conversion) is read as such.
"""

from __future__ import annotations

import re

from extractors.core.doc import Page
from extractors.core.records import ExtractionError
from extractors.normalize.repair import normalize_pages, tidy_text
from pipeline.readers.base import ReadResult
from pipeline.readers.decode import decode_bytes
from pipeline.readers.html import html_to_text
from pipeline.readers.markdown import markdown_text

_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_MD_TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*\|", re.M)  # [ \t], not \s: \s spans lines (cubic)
_MD_TAGS = re.compile(r"<(?:p|br|b|input|table|tr|td|div|span)\b[^<>]*>", re.I)
_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html\b)", re.I)


def sniff_markup(text: str) -> str | None:
    """"md" or "html" when a .txt file is really markdown or HTML, else None.

    Conversions save markdown as .txt (seed 002 is one): two or more of its
    signs (# headings, a |---| row, HTML tags) decide.
    """
    head = text[:200_000]
    if _HTML_START.match(head):
        return "html"
    headings = len(_MD_HEADING.findall(head))
    signs = (headings >= 1) + (headings >= 2) + bool(_MD_TABLE_SEPARATOR.search(head))
    signs += len(_MD_TAGS.findall(head)) >= 3
    return "md" if signs >= 2 else None


def read_txt(data: bytes) -> ReadResult:
    """Read a plain-text file, most often a text dump of a PDF report.

    Form feeds are page breaks: each page gets a Page with its span in the
    normalized text. Without form feeds there are no pages. A .txt file that
    is really markdown or HTML is read as such (flag ``markdown_in_txt`` or
    ``html_in_txt``).
    """
    raw, encoding, flags = decode_bytes(data)
    kind = sniff_markup(raw)
    headings: list[str] = []
    if kind == "md":
        text = markdown_text(raw, headings)
        flags += ("markdown_in_txt",)
    elif kind == "html":
        text = tidy_text(html_to_text(raw, headings))
        flags += ("html_in_txt",)
    if kind:
        if not text.strip():
            raise ExtractionError("no_text", "the file holds no text, only markup.")
        return ReadResult(text=text, encoding=encoding, flags=flags, headings=tuple(headings))
    chunks = raw.split("\f")
    text, spans = normalize_pages(chunks)
    if not text.strip():
        raise ExtractionError("no_text", "the file holds no text, only white space.")
    pages: tuple[Page, ...] = ()
    if len(chunks) > 1:
        pages = tuple(
            Page(number=i + 1, char_start=span.char_start, char_end=span.char_end,
                 n_chars=len(chunk), fake_bold=span.fake_bold)
            for i, (span, chunk) in enumerate(zip(spans, chunks, strict=True))
        )
    if any(span.fake_bold for span in spans):
        flags += ("fake_bold",)
    return ReadResult(text=text, pages=pages, n_pages=None, encoding=encoding, flags=flags)
