"""Hostile inputs to the readers (issue 18): a few bytes never cost minutes or gigabytes, odd
encodings are read with a flag, and inputs past the resource limits are ``too_large``."""

from __future__ import annotations

import io
import random
import time
import unicodedata
import zipfile

import pytest

from extractors.core.records import ExtractionError
from extractors.normalize.chars import MAX_COMBINING_RUN, nfc
from pipeline.readers import read_bytes
from pipeline.readers.base import MAX_INPUT_BYTES, MAX_TABLE_CELLS, MAX_XML_MEMBER_BYTES
from pipeline.readers.docx_numbering import format_number
from pipeline.readers.text import _MD_TABLE_SEPARATOR


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_format(text: str, fmt: str) -> bytes:
    if fmt == "html":
        return f"<html><body>{text}</body></html>".encode()
    if fmt == "docx":
        return make_docx(text.split("\n"))
    return text.encode()


def cpu_seconds(call) -> float:
    started = time.process_time()  # CPU time: a loaded machine does not make it flaky
    call()
    return time.process_time() - started


# --- the regex audit: every reader, linear-time on the inputs that make patterns blow up -----

rng = random.Random(18)
PROSE_LINE = "".join(
    chr(rng.randrange(0x4E00, 0x9FFF)) if rng.random() < 0.8 else rng.choice("ab 1，。、（）:-|#*")
    for _ in range(340_000)
)  # about 1 MB of UTF-8 on one line, no unit repeated (that would be fake bold)
PATHOLOGICAL = {
    "10,000 blank lines": "壹、目的\n" + "\n" * 10_000 + "本次出國參加會議。\n",
    "10,000 white-space lines": "壹、目的\n" + " \t \n" * 10_000 + "本次出國參加會議。\n",
    "100,000 combining marks": "報告a" + "\u0301\u0316" * 50_000 + "\n本次出國參加會議。\n",
    "a 1 MB line": PROSE_LINE + "\n",
}


@pytest.mark.parametrize("fmt", ["txt", "md", "html", "docx"])
@pytest.mark.parametrize("case", sorted(PATHOLOGICAL))
def test_every_reader_reads_pathological_text_in_under_a_second(fmt, case):
    data = as_format(PATHOLOGICAL[case], fmt)
    read_bytes(as_format("暖身", fmt), fmt)  # imports and first-use costs are not the reader's
    seconds = cpu_seconds(lambda: read_bytes(data, fmt))
    assert seconds < 1.0, f"{fmt} on {case}: {seconds:.2f} s of CPU"


def test_the_table_separator_pattern_stays_on_its_line():
    assert _MD_TABLE_SEPARATOR.search("| a | b |\n|---|---|\n")
    assert not _MD_TABLE_SEPARATOR.search("\n" * 5 + "---\n|")  # \s* used to span the blank lines


def test_nfc_cuts_runs_of_combining_marks_and_keeps_ordinary_accents():
    assert nfc("Cafe\u0301 台北") == "Café 台北"
    text = nfc("a" + "\u0301\u0316" * 20_000)
    assert len(text) <= MAX_COMBINING_RUN + 1  # á may compose from the first mark
    assert unicodedata.is_normalized("NFC", text)


# --- numbering ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["upperRoman", "lowerRoman", "upperLetter", "taiwaneseCounting", "decimal"])
def test_a_huge_list_number_is_written_at_once(fmt):
    assert cpu_seconds(lambda: format_number(10**12, fmt)) < 0.1
    assert format_number(4, "upperRoman") == "IV"


def test_an_html_list_starting_at_ten_to_the_twelfth_reads_quickly():
    data = b'<html><body><ol type="I" start="1000000000000"><li>\xe7\x9b\xae\xe7\x9a\x84</li></ol></body></html>'
    result = read_bytes(data, "html")
    assert "1000000000000" in result.text and "目的" in result.text


def test_a_docx_list_starting_at_ten_to_the_twelfth_reads_quickly():
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("目的", style="List Number")
    assert paragraph is not None
    buffer = io.BytesIO()
    document.save(buffer)
    raw = buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "word/numbering.xml":
                body = body.replace(b'<w:start w:val="1"/>', b'<w:start w:val="1000000000000"/>')
                body = body.replace(b'w:numFmt w:val="decimal"', b'w:numFmt w:val="upperRoman"')
            target.writestr(info, body)
    seconds = cpu_seconds(lambda: read_bytes(out.getvalue(), "docx"))
    assert seconds < 1.0


# --- encodings ---------------------------------------------------------------------------------


def test_meta_charset_undefined_falls_back_to_detection():
    page = '<html><head><meta charset="undefined"></head><body><p>出國報告：本次赴日本參加會議。</p></body></html>'
    result = read_bytes(page.encode("cp950"), "html")
    assert "出國報告" in result.text


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_odd_length_utf16_with_a_bom_is_read_with_a_flag(bom, codec):
    data = bom + "壹、目的\n本次出國參加國際會議。\n".encode(codec) + b"\x0a"  # cut one byte into a unit
    result = read_bytes(data, "txt")
    assert "本次出國參加國際會議" in result.text
    assert "replaced_bytes" in result.flags


# --- limits: too_large ------------------------------------------------------------------------


def zip_bomb_docx(inflated: int) -> bytes:
    """A valid docx whose document.xml is followed by ``inflated`` bytes of white space."""
    raw = make_docx(["目的", "本次出國參加會議。"])
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info))
                continue
            with target.open("word/document.xml", "w", force_zip64=True) as member:
                member.write(source.read(info))
                block = b" " * (1 << 20)
                for _ in range(inflated >> 20):
                    member.write(block)
    return out.getvalue()


def test_a_zip_bomb_docx_is_too_large_before_anything_is_inflated():
    data = zip_bomb_docx(MAX_XML_MEMBER_BYTES + (1 << 20))
    assert len(data) < MAX_XML_MEMBER_BYTES // 100
    started = time.process_time()
    with pytest.raises(ExtractionError) as caught:
        read_bytes(data, "docx")
    assert time.process_time() - started < 1.0
    assert caught.value.code == "too_large"
    assert "word/document.xml" in caught.value.message


def test_html_rowspan_amplification_is_too_large():
    row = "<tr>" + '<td rowspan="1000">x</td>' * 1000 + "</tr>"
    page = "<table>" + row + "<tr></tr>" * 999 + "</table>"
    assert 1000 * 1000 > MAX_TABLE_CELLS
    with pytest.raises(ExtractionError) as caught:
        read_bytes(page.encode(), "html")
    assert caught.value.code == "too_large" and "cells" in caught.value.message


def test_a_modest_merged_table_still_reads():
    page = '<table><tr><td rowspan="3">2024.5.1</td><td>臺北</td></tr><tr><td>東京</td></tr><tr><td>大阪</td></tr></table>'
    assert "大阪" in read_bytes(page.encode(), "html").text


def test_a_huge_text_file_is_too_large_with_a_sentence():
    data = b"x" * (MAX_INPUT_BYTES["txt"] + 1)
    with pytest.raises(ExtractionError) as caught:
        read_bytes(data, "txt")
    assert caught.value.code == "too_large"
    assert "MiB" in caught.value.message and "limit" in caught.value.message


def test_a_flate_bomb_pdf_is_too_large_before_a_pdf_library_inflates_it():
    from benchmarks.hostile_inputs import flate_bomb_pdf
    from pipeline.readers.base import MAX_PDF_INFLATED_BYTES

    data = flate_bomb_pdf(MAX_PDF_INFLATED_BYTES + (16 << 20))
    assert len(data) < 4 << 20
    with pytest.raises(ExtractionError) as caught:
        read_bytes(data, "pdf")
    assert caught.value.code == "too_large" and "inflate" in caught.value.message


def test_an_all_garbage_pdf_is_not_ok():
    from benchmarks.hostile_inputs import garbage_pdf

    for private_use in (True, False):
        with pytest.raises(ExtractionError) as caught:
            read_bytes(garbage_pdf(pages=2, private_use=private_use), "pdf")
        assert caught.value.code == "garbage_text" and "OCR" in caught.value.message


def test_garbage_share_tells_language_from_glyph_codes():
    from extractors.normalize.chars import garbage_share

    assert garbage_share("本次赴日本東京參加 APEC 會議，討論 2024 年合作事項（詳附件 #3）。") < 0.1
    assert garbage_share("See https://www.example.gov.tw/News_Content.aspx?n=FAEEE2F9 for details.") < 0.1
    assert garbage_share("IVcp#0=JWdq$1>KXer%2?LYfs&3@MZgt'4AN[hu(5BO") > 0.5
    assert garbage_share("¦³Ãö¤½°È¥X°ê³ø§i") > 0.5  # Big5 read through a Latin-1 font
