"""OCR of PDF pages: which pages, their quality in `pages`, --ocr modes, no engine, the cache key.

Uses tests/fixtures/pdf/mixed_scan.pdf (tests/fixtures/make_scans.py): page 1 has its text
layer, page 2 is the same report's next page scanned (300 dpi, turned, grain, JPEG). These
tests need Tesseract with chi_tra (scripts/install-system-deps.sh; .ci/run calls it); where
it is missing they fail and say so, except the ones that check what happens without it.
Kept to a page or two of OCR: about 10 CPU-seconds a page here.
"""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extractors.core.records import ExtractionError
from pipeline.readers import ocr as ocr_module
from pipeline.readers import pdf_ocr, read_bytes
from pipeline.runner import run
from pipeline.stages import READ, STAGES, stage_keys

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"
MIXED = FIXTURES / "mixed_scan.pdf"


def need_tesseract() -> None:
    if ocr_module.tessdata_dir() is None:
        pytest.fail("Tesseract's chi_tra model is not installed: run scripts/install-system-deps.sh")


@pytest.fixture(scope="module")
def mixed_read():
    need_tesseract()
    return read_bytes(MIXED.read_bytes(), "pdf")


def test_only_the_scanned_page_of_a_mixed_pdf_is_read_by_ocr(mixed_read):
    first, second = mixed_read.pages
    assert (first.ocr, second.ocr) == (False, True)
    assert "ocr" in mixed_read.flags and mixed_read.warning is None
    assert second.ocr_confidence > 70 and 0 <= second.ocr_low_share < 0.2
    assert first.ocr_confidence is None


def test_the_scanned_page_gives_headings_and_running_text(mixed_read):
    first, second = mixed_read.pages
    scanned = mixed_read.text[second.char_start:second.char_end]
    lines = [line for line in scanned.splitlines() if line]
    assert sum(len(line) for line in lines) > 600
    # the page's top heading keeps its numeral (repaired from its neighbours on page 1 if misread)
    assert any(line[:2] == "參、" for line in lines)
    assert "\t" not in scanned or all(line.count("\t") < 6 for line in lines)


def test_ocr_off_leaves_the_scanned_page_empty_and_says_so():
    result = read_bytes(MIXED.read_bytes(), "pdf", ocr="off")
    assert [p.ocr for p in result.pages] == [False, False]
    assert "pages_without_text" in result.flags and "ocr" not in result.flags


def test_a_page_needs_ocr_when_its_text_layer_is_missing_garbage_or_a_scan_stamp():
    import pypdfium2

    class Read:
        def __init__(self, n_chars, n_cid=0):
            self.n_chars, self.n_cid = n_chars, n_cid

    document = pypdfium2.PdfDocument(MIXED.read_bytes())
    try:
        text_page, scan_page = document[0], document[1]
        assert pdf_ocr.image_cover(scan_page) > 0.9 and pdf_ocr.image_cover(text_page) == 0.0
        assert pdf_ocr.needs_ocr(scan_page, Read(0))
        assert pdf_ocr.needs_ocr(scan_page, Read(12))  # a stamped page number on a scan
        assert not pdf_ocr.needs_ocr(scan_page, Read(900))  # a scan with a real (hidden) text layer
        assert pdf_ocr.needs_ocr(scan_page, Read(400, n_cid=300))  # (cid:NN) garbage
        assert not pdf_ocr.needs_ocr(text_page, Read(0))  # a blank page: nothing to read
    finally:
        document.close()


def test_without_tesseract_a_mixed_pdf_is_partial_and_names_the_packages(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr_module, "tessdata_dir", lambda: None)
    monkeypatch.setattr(ocr_module, "_engines", {})
    result = read_bytes(MIXED.read_bytes(), "pdf")
    code, message = result.warning
    assert code == "needs_tesseract" and "page 2" in message and "tesseract-ocr-chi-tra" in message
    assert result.pages[0].char_end > 500  # the text layer of page 1 is kept

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "mixed.pdf").write_bytes(MIXED.read_bytes())
    run(raw, tmp_path / "out", workers=1)  # in this process: the monkeypatch holds
    (row,) = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert (row["status"], row["error_code"]) == ("partial", "needs_tesseract")
    assert row["n_chars"] > 500 and "tesseract-ocr" in row["error"]


def test_without_tesseract_an_all_scanned_pdf_fails_with_needs_tesseract(monkeypatch):
    monkeypatch.setattr(ocr_module, "tessdata_dir", lambda: None)
    monkeypatch.setattr(ocr_module, "_engines", {})
    import pypdfium2

    source = pypdfium2.PdfDocument(MIXED.read_bytes())
    only_scan = pypdfium2.PdfDocument.new()
    only_scan.import_pages(source, [1])
    buf = io.BytesIO()
    only_scan.save(buf)
    with pytest.raises(ExtractionError) as err:
        read_bytes(buf.getvalue(), "pdf")
    assert err.value.code == "needs_tesseract" and "install" in err.value.message


def test_an_image_with_no_text_fails_as_before_and_says_ocr_looked():
    need_tesseract()
    with pytest.raises(ExtractionError) as err:
        read_bytes((FIXTURES / "image_only.pdf").read_bytes(), "pdf")
    assert err.value.code == "no_text_layer" and "OCR found no text" in err.value.message


def test_the_ocr_mode_is_part_of_the_read_stage_cache_key():
    default = stage_keys(STAGES)
    off = stage_keys(STAGES, {READ: "ocr=off"})
    assert default[READ] != off[READ]
    assert all(default[s.name] != off[s.name] for s in STAGES)  # every stage downstream follows
    assert stage_keys(STAGES, None) == default


def test_an_unknown_ocr_mode_is_refused(tmp_path):
    from pipeline.runner import RunRefused

    (tmp_path / "raw").mkdir()
    with pytest.raises(RunRefused):
        run(tmp_path / "raw", tmp_path / "out", ocr="sometimes")


def test_each_ocr_page_extends_the_stage_time_limit():
    import time

    from pipeline.limits import StageTimeout, extend_limit, time_limit

    with time_limit(0.5, "documents"):
        extend_limit(1.0)
        time.sleep(0.8)  # past the first limit, within the extended one
    with pytest.raises(StageTimeout), time_limit(0.3, "documents"):
        time.sleep(1.0)
