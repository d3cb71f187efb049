"""What every reader returns: normalized text plus its provenance."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.core.doc import Page


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
