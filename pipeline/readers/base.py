"""What every reader returns: normalized text plus its provenance."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.core.doc import Page
from extractors.core.records import ExtractionError


@dataclass(frozen=True)
class ReadResult:
    """The output of one reader, before it becomes a Doc.

    ``text`` follows the conventions in ``extractors/doc.py``. A reader raises
    ``extractors.core.records.ExtractionError(code, sentence)`` when the file cannot
    be read at all (encrypted_pdf, corrupt_pdf, no_text_layer, empty_file,
    undecodable_text, ...).
    """

    text: str
    pages: tuple[Page, ...] = ()
    n_pages: int | None = None
    encoding: str | None = None
    flags: tuple[str, ...] = ()
    warning: tuple[str, str] | None = None  # (code, sentence): read, but not all of it (status partial)
    headings: tuple[str, ...] = ()  # lines the source marks as headings (markdown #, HTML h1-h6, Word heading styles)


# Resource limits per document: a few megabytes of input never become gigabytes of work.
MAX_INPUT_BYTES = {"txt": 16 << 20, "md": 16 << 20, "html": 16 << 20}  # larger text is no report
MAX_UNZIPPED_BYTES = 512 << 20  # a .docx's members, inflated, all together
MAX_XML_MEMBER_BYTES = 48 << 20  # one XML part of a .docx, inflated (a 300-page body is ~15 MB)
MAX_PDF_INFLATED_BYTES = 256 << 20  # a PDF's Flate streams other than images, inflated, all together
MAX_TABLE_CELLS = 500_000  # cells of the tables of one HTML page once row and column spans are expanded
MAX_TEXT_CHARS = 8_000_000  # characters of text one document may give (~4,000 pages)


def too_large(what: str, limit: str) -> ExtractionError:
    """The ``too_large`` error: what exceeded which limit."""
    return ExtractionError("too_large", f"the file is too large to read safely: {what} (the limit is {limit}).")


def mib(n: int) -> str:
    return f"{n / (1 << 20):,.0f} MiB"
