"""Word 97 (.doc) and RTF through LibreOffice: conversion, checkboxes, no LibreOffice, time limit, macros.

These tests need LibreOffice (scripts/install-system-deps.sh installs it; .ci/run calls that script).
Where it is missing they fail with a sentence saying so, except the one that checks what
happens without it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extractors.core.records import ExtractionError
from pipeline.readers import format_of, office, read_bytes
from pipeline.runner import run

REPO = Path(__file__).resolve().parents[2]
SAMPLE_DOC = next((REPO / "data" / "raw").glob("*.doc"), None)
SAMPLE_RTF = REPO / "tests" / "fixtures" / "office" / "seed.rtf"


def need_libreoffice() -> None:
    if office.soffice() is None:
        pytest.fail("LibreOffice (soffice) is not installed: run scripts/install-system-deps.sh")


def test_doc_and_rtf_are_supported_formats():
    assert format_of(Path("舊報告.DOC")) == "doc"
    assert format_of(Path("memo.rtf")) == "rtf"


def test_the_sample_doc_reads_like_its_odt_rendering_with_checkboxes():
    need_libreoffice()
    assert SAMPLE_DOC is not None, "data/raw has no .doc sample: run tests/fixtures/make_office.py"
    doc = read_bytes(SAMPLE_DOC.read_bytes(), "doc")
    odt = read_bytes(SAMPLE_DOC.with_suffix(".odt").read_bytes(), "odt")
    assert "libreoffice" in doc.flags
    assert "■" in doc.text and "□" in doc.text  # Word's legacy checkbox fields survive the conversion

    def squeeze(text: str) -> str:  # LibreOffice drops the space after a checkbox field
        return text.replace("■ ", "■").replace("□ ", "□")

    assert squeeze(doc.text) == squeeze(odt.text)


def test_an_rtf_converts_with_its_tables_and_headings():
    need_libreoffice()
    text = read_bytes(SAMPLE_RTF.read_bytes(), "rtf").text
    assert any(line.count("\t") >= 2 for line in text.splitlines())  # tables stay tab rows
    assert any(line.startswith(("壹、", "貳、")) for line in text.splitlines())


def test_without_libreoffice_a_doc_fails_with_needs_libreoffice_naming_the_package(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "舊報告.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    (raw / "新報告.txt").write_text("壹、目的\n參加研討會。\n", encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no soffice on the PATH
    run(raw, tmp_path / "out", workers=1)
    docs = {d["source_path"]: d for d in pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()}
    assert docs["新報告.txt"]["status"] == "ok"
    row = docs["舊報告.doc"]
    assert (row["status"], row["error_code"]) == ("failed", "needs_libreoffice")
    assert office.PACKAGE in row["error"] and "LibreOffice" in row["error"]


def test_a_conversion_past_the_time_limit_is_stopped(monkeypatch):
    need_libreoffice()
    monkeypatch.setenv(office.ENV_TIMEOUT, "0.2")
    with pytest.raises(ExtractionError) as err:
        office.convert_to_docx(SAMPLE_RTF.read_bytes(), ".rtf")
    assert err.value.code == "conversion_timeout"


def test_a_file_libreoffice_cannot_read_fails_with_a_sentence():
    need_libreoffice()
    with pytest.raises(ExtractionError) as err:
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x07" * 600, "doc")
    assert err.value.code in ("conversion_failed", "corrupt_docx", "no_text")


def test_the_private_profile_switches_macros_off_and_is_one_per_process():
    folder = office.profile_dir()
    assert office.profile_dir() == folder
    settings = (folder / "profile" / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert '"MacroSecurityLevel"' in settings and "<value>3</value>" in settings
    assert '"DisableMacrosExecution"' in settings and "<value>true</value>" in settings


@pytest.fixture(autouse=True, scope="module")
def _clean_profile():
    yield
    folder = office._profile.pop(__import__("os").getpid(), None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
