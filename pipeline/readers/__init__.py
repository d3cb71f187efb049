"""Readers: every supported input format -> one normalized :class:`Doc`."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from extractors.core.doc import Doc
from extractors.core.records import ExtractionError
from pipeline.readers.base import MAX_INPUT_BYTES, MAX_TEXT_CHARS, ReadResult, mib, too_large

FORMATS: dict[str, str] = {
    ".pdf": "pdf",
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".odt": "odt",
    ".doc": "doc",
    ".rtf": "rtf",
}

OCR_MODES = ("auto", "off", "force")  # --ocr: which PDF pages are read by OCR (see readers/pdf_ocr.py)

_READERS: dict[str, str] = {
    "pdf": "pipeline.readers.pdf:read_pdf",
    "txt": "pipeline.readers.text:read_txt",
    "md": "pipeline.readers.markdown:read_md",
    "html": "pipeline.readers.html:read_html",
    "docx": "pipeline.readers.docx:read_docx",
    "odt": "pipeline.readers.odt:read_odt",
    "doc": "pipeline.readers.office:read_doc",
    "rtf": "pipeline.readers.office:read_rtf",
}


def format_of(path: Path) -> str | None:
    """The source format of a file by its extension, or None when unsupported."""
    return FORMATS.get(path.suffix.lower())


def read_bytes(data: bytes, source_format: str, *, ocr: str = "auto") -> ReadResult:
    """Run the reader for ``source_format`` on a file's bytes (``ocr``: auto, off, force; PDFs only)."""
    if not data:
        raise ExtractionError("empty_file", "the file is empty (0 bytes)")
    limit = MAX_INPUT_BYTES.get(source_format)
    if limit and len(data) > limit:
        raise too_large(f"{mib(len(data))} of {source_format} text", mib(limit))
    reader = reader_for(source_format)
    return reader(data, ocr=ocr) if source_format == "pdf" else reader(data)


def reader_for(source_format: str) -> Callable[..., ReadResult]:
    """The reader of ``source_format``, its module imported on first use."""
    module, _, name = _READERS[source_format].partition(":")
    return getattr(importlib.import_module(module), name)


def heading_keys(headings: tuple[str, ...]) -> tuple[str, ...]:
    """The source's heading lines as :attr:`Doc.headings` keys: NFC, white space removed, sorted."""
    import unicodedata

    keys = {"".join(unicodedata.normalize("NFC", h).split()) for h in headings}
    return tuple(sorted(k for k in keys if k))


def read_document(data: bytes, *, doc_id: str, source_path: str, source_format: str,
                  ocr: str = "auto") -> tuple[Doc, ReadResult]:
    """Read one file into a Doc (raises ExtractionError when it cannot be read)."""
    result = read_bytes(data, source_format, ocr=ocr)
    text = result.text  # readers guarantee NFC; re-normalizing here would shift page spans
    if len(text) > MAX_TEXT_CHARS:
        raise too_large(f"it gives {len(text):,} characters of text", f"{MAX_TEXT_CHARS:,}")
    if not text.strip():
        raise ExtractionError("no_text", "the file has no text after reading")
    doc = Doc(
        doc_id=doc_id,
        text=text,
        source_path=source_path,
        source_format=source_format,
        pages=result.pages,
        n_pages=result.n_pages,
        flags=result.flags,
        headings=heading_keys(result.headings),
    )
    return doc, result
