"""Which PDF pages need OCR, and their OCR reading as a ``PageRead`` (see ``pipeline.readers.ocr``).

A page is read by OCR (``--ocr auto``) when its text layer is unusable: no characters,
mostly ``(cid:NN)`` garbage, or a full-page image with fewer than ``FEW_CHARS``
characters on it (a scan with a stamped page number). A page without any image
has nothing to read, and stays as it is. ``--ocr force`` reads every page by OCR,
``--ocr off`` none.
"""

from __future__ import annotations

import pypdfium2
import pypdfium2.raw as pdfium_c

from pipeline.limits import StageTimeout, extend_limit

FEW_CHARS = 30  # a full-page image with fewer characters than this is a scan
FULL_PAGE = 0.6  # share of the page an image covers to count as the whole page
CID_SHARE = 0.5
PAGE_SECONDS = 60.0  # the time limit grows by this much for each page read by OCR


def image_cover(page: pypdfium2.PdfPage) -> float:
    """The largest share of the page one image object covers (0 when there is none)."""
    area = max(page.get_width() * page.get_height(), 1.0)
    best = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        best = max(best, (right - left) * (top - bottom) / area)
    return min(best, 1.0)


def needs_ocr(page: pypdfium2.PdfPage, read) -> bool:
    """The text layer of this page is missing, garbage, or a scan's few stamped characters."""
    text_chars = read.n_chars
    garbage = text_chars and read.n_cid / text_chars > CID_SHARE
    if text_chars >= FEW_CHARS and not garbage:
        return False  # enough good text whatever the images: their objects are not even listed
    cover = image_cover(page)
    if not text_chars or garbage:
        return cover > 0.0
    return cover >= FULL_PAGE and text_chars < FEW_CHARS


def read_by_ocr(page: pypdfium2.PdfPage, read, mode: str, read_fast, find_tables):
    """``read`` itself, or the page read by OCR when ``mode`` and the page call for it.

    When OCR is wanted but cannot run (no engine) or fails, the text-layer reading is
    kept and carries the reason in ``problem``. ``read_fast`` and ``find_tables`` are the PDF
    reader's own (passed in, so this module does not import ``pdf.py``, which imports it).
    """
    from pipeline.readers.ocr import OcrUnavailable, ocr_page

    if mode == "off" or (mode == "auto" and not needs_ocr(page, read)):
        return read
    extend_limit(PAGE_SECONDS)
    try:
        result = ocr_page(page, find_tables)
    except OcrUnavailable as exc:
        read.problem = ("needs_tesseract", str(exc))
        return read
    except StageTimeout:
        raise  # the document's time is up: not this page's fault
    except Exception as exc:  # noqa: BLE001 - one bad page must not lose the document
        read.problem = ("ocr_failed", f"OCR of the page failed ({type(exc).__name__}: {exc})")
        return read
    ocr_read = read_fast(result.page)
    ocr_read.ocr = result  # a page where OCR found nothing is a page without text, as a blank one
    return ocr_read
