"""Input types: one normalized document, with a map back to its source pages.

Readers (in ``pipeline/``) turn every input format into a :class:`Doc`. Every
extractor reads only ``Doc.text`` and reports spans as offsets into it, so a
row can always be located again: ``doc.text[row.char_start:row.char_end]``.

Conventions of the normalized text (readers guarantee them):

- Unicode NFC, ``\\n`` line ends, no trailing spaces on a line.
- Fake-bold doubling removed, hard line wraps joined (CJK joined without a
  space, Latin words keep one space), running headers/footers and page
  numbers dropped.
- A table row is one line whose cells are separated by ``\\t``; a cell's own
  wrapped lines are joined like paragraph lines (CJK without a space, Latin
  words with one). Markdown pipes, HTML, docx and ruled
  PDF tables all end up this way. Text-dump tables keep their spacing.
- A ticked checkbox is ``■`` and an empty one ``□``, whatever the source wrote
  (``<input checked>``, ☑, ☒, ✓ ...).
- Paragraphs are separated by one blank line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CHECKED = "■"
UNCHECKED = "□"


@dataclass(frozen=True)
class Page:
    """One source page and the span of normalized text that came from it."""

    number: int  # 1-based
    char_start: int
    char_end: int
    n_chars: int = 0  # characters the page yielded before cleaning
    cid_share: float = 0.0  # share of "(cid:NN)" garbage among them
    fake_bold: int = 0  # characters removed as fake-bold copies
    ocr: bool = False  # the page's text came from OCR
    ocr_confidence: float | None = None  # OCR's mean word confidence (0-100)
    ocr_low_share: float | None = None  # share of OCR words below the low-confidence mark


@dataclass(frozen=True)
class Doc:
    """A normalized document: text plus provenance."""

    doc_id: str
    text: str
    source_path: str = ""
    source_format: str = "txt"
    pages: tuple[Page, ...] = ()
    n_pages: int | None = None
    flags: tuple[str, ...] = field(default=())  # quality notes, e.g. "big5"
    # Lines the source itself marks as headings (markdown #, HTML h1-h6, Word heading
    # styles), white space removed: such a line's whole text is its section's title,
    # even with a "：" in it.
    headings: tuple[str, ...] = field(default=())

    def page_of(self, offset: int) -> int | None:
        """The 1-based page a character offset came from, or None."""
        for page in self.pages:
            if page.char_start <= offset < page.char_end:
                return page.number
        return None


def doc_from_text(text: str, doc_id: str = "test", source_format: str = "txt") -> Doc:
    """Build a Doc straight from already-normalized text (tests, doctests)."""
    return Doc(doc_id=doc_id, text=text, source_format=source_format)
