"""A flate bomb in a PDF, found before PDFium or pdfminer inflate it.

A content stream of a few megabytes can inflate to gigabytes, and both PDF libraries
inflate a stream whole before reading it. This inflates every Flate-compressed
stream that text extraction would read (images are skipped: text extraction never
decodes them) in bounded chunks, counting, and stops at the limit.
"""

from __future__ import annotations

import re
import zlib

from pipeline.readers.base import MAX_PDF_INFLATED_BYTES, mib, too_large

_STREAM = re.compile(rb"stream\r?\n")
_CHUNK = 1 << 20


def _dictionary_before(data: bytes, start: int) -> bytes:
    """The bytes of the stream's dictionary (a bounded look back from ``stream``)."""
    head = data[max(0, start - 2048) : start]
    return head[head.rfind(b"obj") + 3 :] if b"obj" in head else head


def check_inflated_size(data: bytes) -> None:
    """Raise ``too_large`` when the Flate streams text extraction reads inflate past the limit."""
    total = 0
    for match in _STREAM.finditer(data):
        head = _dictionary_before(data, match.start())
        if b"/FlateDecode" not in head or b"/Image" in head:
            continue
        inflater = zlib.decompressobj()
        chunk = data[match.end() : match.end() + _CHUNK]
        position = match.end() + len(chunk)
        try:
            while chunk:
                total += len(inflater.decompress(chunk, _CHUNK))
                while inflater.unconsumed_tail and total <= MAX_PDF_INFLATED_BYTES:
                    total += len(inflater.decompress(inflater.unconsumed_tail, _CHUNK))
                if inflater.eof or total > MAX_PDF_INFLATED_BYTES:
                    break
                chunk = data[position : position + _CHUNK]
                position += len(chunk)
        except zlib.error:  # damaged: the PDF libraries decide what that means
            continue
        if total > MAX_PDF_INFLATED_BYTES:
            raise too_large(f"its page streams inflate to more than {mib(MAX_PDF_INFLATED_BYTES)}",
                            mib(MAX_PDF_INFLATED_BYTES))
