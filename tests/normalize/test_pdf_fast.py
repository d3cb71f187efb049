"""The PDFium reading of a page equals the pdfplumber reading, on varied PDFs built in memory.

Ruled tables (one crossing a page break, a cover form with merged cells, wrapped
cells), an unruled table, fake bold drawn 2 and 4 times, a rotated page (goes to
pdfplumber), a character outside the BMP (goes to pdfplumber), and the seed
renderings. Line x1 is not compared: pdfminer drops the character spacing at
every string boundary, PDFium does not (PDFium's is the drawn geometry).
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

from pipeline.readers import pdf as reader
from pipeline.readers.pdf import read_fast, read_page, read_pdf
from pipeline.readers.pdf_fast import read_page_fast
from pipeline.readers.pdf_layout import TableBlock, TextLine
from tests.fixtures import make_pdfs

ROOT = Path(__file__).resolve().parents[2]


VISIT = "拜會歐盟執委會稅務暨關務總署並就碳排放申報實務交換意見及資料"  # no closing punctuation to hang out of a cell
BODY = "本署為瞭解歐盟碳邊境調整機制（Carbon Border Adjustment Mechanism, CBAM）之推動情形，特派員赴比利時布魯塞爾考察。"


def ruled_report() -> bytes:
    m = make_pdfs
    rows = [["日期", "地點", "行程"]] + [
        [f"113/10/0{d}", "布魯塞爾" if d % 2 else "臺北—布魯塞爾\n（經阿姆斯特丹）",
         VISIT * (1 + d % 2)]
        for d in range(1, 8)
    ]
    blocks = [
        m.Heading("壹、目的", 4), m.Para(BODY * 3),
        m.Heading("（一）考察重點", 2), m.Para(BODY),
        m.Table([["出國人員", ("王大明　經濟部產業發展署", 3)], ["出國期間", "113年10月1日至10月7日", "出國地區", "比利時"]],
                [118, 150, 70, 113], header_rows=0),
        m.Heading("貳、過程", 4),
        m.Table(rows, [84, 140, 227], break_before_row=4),
        m.Para("（二）拜會歐盟執委會：雙方就碳排放申報實務交換意見。"),
        m.Heading("參、心得及建議", 2), m.Para(BODY * 2),
    ]
    return m.Layout("經濟部產業發展署 出國報告", "第 {n} 頁").render(blocks)


def rotated_and_plain() -> bytes:
    m = make_pdfs
    lay = m.Layout("內政部 出國報告", "- {n} -")
    lay.para(m.Para("這一頁照常擺放，由 PDFium 讀取。"))
    lay.new_page()
    lay.c.setPageRotation(90)
    lay.para(m.Para("這一頁旋轉了九十度，改由 pdfplumber 讀取。"))
    return lay.render([])


def outside_bmp() -> bytes:
    m = make_pdfs
    lay = m.Layout("客家委員會 出國報告", "- {n} -")
    lay.para(m.Para("第一頁沒有罕用字。"))
    lay.new_page()
    lay.para(m.Para("第二頁有一個擴充區的字：𠀀，其餘照常。"))
    return lay.render([])


def fixtures() -> dict[str, bytes]:
    return {
        "ruled": ruled_report(),
        "unruled": (ROOT / "tests" / "fixtures" / "pdf" / "itinerary_unruled.pdf").read_bytes(),
        "seed000": (ROOT / "data" / "raw" / "000_4fc28645e15cc52a.pdf").read_bytes(),
        "seed002": (ROOT / "data" / "raw" / "002_db59ea7e1ec3d519.pdf").read_bytes(),
        "rotated": rotated_and_plain(),
        "outside_bmp": outside_bmp(),
    }


@cache
def fixture(name: str) -> bytes:
    return fixtures()[name]


def page_pairs(data: bytes):
    """(index, PDFium reading or None, pdfplumber reading) per page."""
    doc = pypdfium2.PdfDocument(data)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for k, page in enumerate(pdf.pages):
                fast_page = doc[k]
                got = read_page_fast(fast_page)
                fast_page.close()
                yield k, (read_fast(got) if got is not None else None), read_page(page)
    finally:
        doc.close()


def same_items(fast, slow) -> list[str]:
    problems = []
    if len(fast.items) != len(slow.items):
        problems.append(f"{len(fast.items)} items, pdfplumber {len(slow.items)}")
    for a, b in zip(fast.items, slow.items, strict=False):
        if type(a) is not type(b):
            problems.append(f"{a!r} vs {b!r}")
        elif isinstance(a, TableBlock):
            if a.rows != b.rows or abs(a.top - b.top) > 0.05:
                problems.append(f"table {a.rows} vs {b.rows}")
        elif (a.text, a.bold, len(a.cell_starts)) != (b.text, b.bold, len(b.cell_starts)) or any(
            abs(getattr(a, f) - getattr(b, f)) > 0.05 for f in ("x0", "top", "bottom", "size")
        ):
            problems.append(f"line {a} vs {b}")
    return problems


@pytest.mark.parametrize("name", ["ruled", "unruled", "seed000", "seed002"])
def test_every_page_reads_the_same_with_pdfium(name):
    pairs = list(page_pairs(fixture(name)))
    assert all(fast is not None for _, fast, _ in pairs)  # no page of these needs pdfplumber
    for k, fast, slow in pairs:
        assert not same_items(fast, slow), (k, same_items(fast, slow))
        assert (fast.n_chars, fast.n_cid) == (slow.n_chars, slow.n_cid), k
        assert abs(fast.fake_bold - slow.fake_bold) <= 1, k


@pytest.mark.parametrize("name", list(fixtures()))
def test_read_pdf_fast_equals_slow(name):
    data = fixture(name)
    fast, slow = read_pdf(data), read_pdf(data, fast=False)
    assert fast.text == slow.text and fast.flags == slow.flags
    assert [(p.char_start, p.char_end, p.n_chars) for p in fast.pages] == \
        [(p.char_start, p.char_end, p.n_chars) for p in slow.pages]
    assert all(abs(a.fake_bold - b.fake_bold) <= 1 for a, b in zip(fast.pages, slow.pages, strict=True))


def test_ruled_tables_come_out_as_rows():
    pages = [fast for _, fast, _ in page_pairs(fixture("ruled"))]
    tables = [item for page in pages for item in page.items if isinstance(item, TableBlock)]
    assert ("出國人員", "王大明 經濟部產業發展署") in tables[0].rows  # a cell merged over three columns
    assert ("出國期間", "113年10月1日至10月7日", "出國地區", "比利時") in tables[0].rows
    itinerary = [row for t in tables[1:] for row in t.rows]
    assert itinerary.count(("日期", "地點", "行程")) == 2  # the header repeats on the next page
    assert ("113/10/01", "布魯塞爾", VISIT * 2) in itinerary  # a wrapped cell joined
    assert ("113/10/02", "臺北—布魯塞爾（經阿姆斯特丹）", VISIT) in itinerary  # a forced line break too
    assert len(tables) == 3 and sum(len(t.rows) for t in tables[1:]) == 9
    text = read_pdf(fixture("ruled")).text
    assert text.count("日期\t地點\t行程") == 1  # one block across the page break
    assert f"113/10/03\t布魯塞爾\t{VISIT * 2}\n113/10/04\t" in text


def test_fake_bold_two_and_four_copies_mark_headings():
    lines = [item for _, fast, _ in page_pairs(fixture("ruled")) for item in fast.items if isinstance(item, TextLine)]
    bold = {line.text for line in lines if line.bold}
    assert {"壹、目的", "（一）考察重點", "貳、過程", "參、心得及建議"} <= bold
    assert not any(line.bold for line in lines if line.text.startswith("本署為瞭解"))
    result = read_pdf(fixture("ruled"))
    assert result.pages[0].fake_bold > 0 and "壹、目的\n\n" in result.text and "壹壹" not in result.text


@pytest.mark.parametrize("name, slow_page", [("rotated", 1), ("outside_bmp", 1)])
def test_pages_pdfium_cannot_match_go_to_pdfplumber(name, slow_page):
    pairs = list(page_pairs(fixture(name)))
    assert [k for k, fast, _ in pairs if fast is None] == [slow_page]
    text = read_pdf(fixture(name)).text
    assert ("旋轉了九十度" in text) if name == "rotated" else ("擴充區的字" in text and "其餘照常" in text)


def test_pdfplumber_is_not_opened_when_no_page_needs_it(monkeypatch):
    opened = []
    real_open = reader.pdfplumber.open

    def spy(*args, **kwargs):
        opened.append(1)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(reader.pdfplumber, "open", spy)
    assert "113/10/01\t" in read_pdf(fixture("ruled")).text
    assert not opened
    read_pdf(fixture("rotated"))
    assert opened == [1]
