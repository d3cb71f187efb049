"""Readers on hostile inputs (issue 7's robustness findings): unclosed and deeply nested
HTML, broken Word packages, files mixing encodings, rows with empty first cells, <ol>.

No timing here: the unclosed-table case asserts what a browser would build (each cell
once), which the old parser could not do without nesting every cell in the one before.
"""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from extractors.core.records import ExtractionError
from extractors.reports.trip import extract_trip
from extractors.sections.tree import extract_sections
from pipeline.readers import read_document
from pipeline.readers.decode import decode_bytes
from pipeline.readers.docx import read_docx
from pipeline.readers.html import _Soup, html_to_text, read_html
from pipeline.readers.text import read_txt


def zipped(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def depth(soup) -> int:
    """The deepest element nesting in a parsed page (walked without recursion)."""
    best, stack = 0, [(soup, 0)]
    while stack:
        node, d = stack.pop()
        best = max(best, d)
        stack.extend((c, d + 1) for c in getattr(node, "contents", []) if getattr(c, "name", None))
    return best


# ------------------------------------------------------------------ HTML


def test_unclosed_cells_close_when_the_next_cell_starts():
    soup = _Soup("<table><tr><td>日期<td>地點<tr><td>5/21<td>臺北</table>", "html.parser")
    rows = soup.find_all("tr")
    assert [[td.get_text() for td in tr.find_all("td")] for tr in rows] == [["日期", "地點"], ["5/21", "臺北"]]
    assert html_to_text("<table><tr><td>日期<td>地點<tr><td>5/21<td>臺北</table>") == "日期\t地點\n5/21\t臺北"


def test_unclosed_list_items_and_definitions_close_too():
    assert html_to_text("<ul><li>甲<li>乙</ul><dl><dt>日期<dd>5/21<dt>地點<dd>臺北</dl>") == "甲\n乙\n\n日期\n5/21\n地點\n臺北"


def test_two_thousand_unclosed_rows_read_each_cell_once():
    markup = "<html><body><table><tr><td>日期<td>地點" * 2000
    assert depth(_Soup(markup, "html.parser")) < 2000 * 6  # the old tree: 6 levels per repeat
    result = read_html(markup.encode("utf-8"))
    assert result.text.count("日期") == 2000 and result.text.count("地點") == 2000


def test_twenty_thousand_nested_divs_are_read():
    markup = "<div>" * 20_000 + "壹、目的 深層" + "</div>" * 20_000
    assert read_html(markup.encode("utf-8")).text == "壹、目的 深層"


def test_deeply_nested_tables_keep_their_innermost_rows():
    markup = "<table><tr><td>外層</td><td>" * 3000 + "<table><tr><td>5/21</td><td>臺北</td></tr></table>" + "</td></tr></table>" * 3000
    text = read_html(markup.encode("utf-8")).text
    assert text.count("外層") == 3000 and text.endswith("5/21\t臺北")


def test_ordered_lists_keep_their_numbers():
    markup = (
        "<ol><li>甲</li><li>乙<ol type='a'><li>x</li><li value='5'>y</li></ol></li><li>丙</li></ol>"
        "<ol start='3' reversed><li>a</li><li>b</li></ol>"
        "<ol style='list-style-type: cjk-ideographic'><li>目的</li><li>過程</li></ol><ul><li>點</li></ul>"
    )
    assert html_to_text(markup).split("\n") == [
        "1. 甲", "2. 乙", "", "a. x", "e. y", "", "3. 丙", "", "3. a", "2. b", "", "一、目的", "二、過程", "", "點",
    ]


def test_an_ordered_list_of_headings_makes_sections():
    markup = "<ol style='list-style-type:cjk-ideographic'><li>目的</li><li>過程</li><li>心得及建議</li></ol>"
    doc, _ = read_document(markup.encode("utf-8"), doc_id="d", source_path="a.html", source_format="html")
    titles = [s.title for s in extract_sections(doc)]
    assert titles[:3] == ["目的", "過程", "心得及建議"]


# ------------------------------------------------------------------ docx


@pytest.mark.parametrize(
    "files",
    [
        {"[Content_Types].xml": b"<?xml version='1.0'?><Types/>", "word/document.xml": b"<w:document><w:body><w:p>"},
        {"[Content_Types].xml": b"not xml at all"},
        {"word/document.xml": b"<w:document/>"},
    ],
    ids=["types_without_overrides", "types_not_xml", "no_content_types"],
)
def test_a_broken_word_package_is_corrupt_docx(files):
    with pytest.raises(ExtractionError) as info:
        read_docx(zipped(files))
    assert info.value.code == "corrupt_docx"
    assert "Word document" in str(info.value)


# ------------------------------------------------------------------ encodings

BODY = "壹、目的\n本次出國係參加亞太智慧城市論壇，並拜會國際水資源協會。\n\n貳、過程\n一、行程表\n日期\t地點\t行程\n2023.5.2\t臺北－首爾\t搭機抵達首爾\n"


def test_a_file_mixing_encodings_is_decoded_line_by_line():
    data = (BODY.encode("utf-8") + "參、心得及建議\n".encode("big5") + "肆、附錄\n".encode("utf-16-le")
            + "Café résumé\n".encode("cp1252") + "伍、結語\n".encode("utf-8"))
    text, encoding, flags = decode_bytes(data)
    assert encoding == "mixed" and "mixed_encoding" in flags
    assert text.startswith(BODY)
    assert text.endswith("參、心得及建議\n肆、附錄\nCafé résumé\n伍、結語\n")


def test_a_mixed_file_is_read_and_flagged():
    data = BODY.encode("utf-8") + "參、心得及建議\n".encode("big5")
    result = read_txt(data)
    assert "mixed_encoding" in result.flags and "參、心得及建議" in result.text


def test_random_bytes_stay_undecodable():
    rng = random.Random(7)
    with pytest.raises(ExtractionError) as info:
        decode_bytes(bytes(rng.randrange(256) for _ in range(20_000)))
    assert info.value.code in {"undecodable_text", "binary_file"}


# ------------------------------------------------------------------ empty first cells


def test_the_text_reader_keeps_a_rows_empty_first_cells():
    src = "貳、過程\n日期\t地點\t行程\n2023.5.2\t東京\t開會\n\t\t參訪水庫\n\t大阪\t拜會市府\n本次出國\n\t主要目的在於交流\n"
    result = read_txt(src.encode("utf-8"))
    lines = result.text.split("\n")
    assert "\t\t參訪水庫" in lines and "\t大阪\t拜會市府" in lines
    assert "主要目的在於交流" in lines  # one tab before plain text is an indent


def test_a_continuation_row_adds_to_the_day_above():
    src = "貳、過程\n日期\t時間\t行程\t地點\n2023.5.2\t09:00\t開會\t東京\n\t14:00\t參訪水庫\n\t\t\t大阪\n2023.5.3\t\t返國\t臺北\n"
    doc, _ = read_document(src.encode("utf-8"), doc_id="d", source_path="a.txt", source_format="txt")
    rows = extract_trip(doc, extract_sections(doc))["itinerary"]
    assert [(str(r.date), r.places, r.activity) for r in rows] == [  # a time slot is a row
        ("2023-05-02", ["東京"], "開會"),
        ("2023-05-02", ["大阪"], "參訪水庫"),
        ("2023-05-03", ["臺北"], "返國"),
    ]


# ------------------------------------------------------------------ markdown on hostile input


def test_markdown_inline_spans_are_bounded():
    from pipeline.readers.markdown import markdown_text

    assert markdown_text("前**粗體**後與~~刪除~~及`代碼`") == "前粗體後與刪除及代碼"
    words = "".join(chr(0x4E00 + 7 * k) for k in range(1500))  # no repeats (fake bold)
    long = "**" + words + "**"
    assert markdown_text(long) == long  # a span over 1,000 characters is left as written
    assert markdown_text("[" + words + "](https://example.org)").startswith("[")


@pytest.mark.parametrize("seed", range(30))
def test_comments_and_tables_come_out_as_the_lazy_regexes_made_them(seed):
    import re

    from pipeline.readers.markdown import _drop_comments, _render_tables

    rng = random.Random(seed)
    pieces = ["<!--", "-->", "<table>", "</table>", "</TABLE >", "<TABLE class=x>", "a", "日期", "\n", " ", ">", "<tr><td>x"]
    text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
    comment = re.compile(r"<!--.*?-->", re.DOTALL)
    table = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)

    def render(markup: str) -> str:
        return "[" + markup + "]"

    assert _drop_comments(text) == comment.sub("", text)
    assert _render_tables(text, render) == table.sub(lambda m: "\n\n" + render(m.group(0)) + "\n\n", text)


def test_a_long_mixed_file_detects_an_encoding_once_then_reuses_it(monkeypatch):
    import pipeline.readers.decode as text_mod

    calls = []
    original = text_mod.from_bytes

    def counting(data, *args, **kwargs):
        calls.append(len(data))
        return original(data, *args, **kwargs)

    monkeypatch.setattr(text_mod, "from_bytes", counting)
    n = 1000
    data = "前言：這是一份出國報告。\n".encode("utf-8") * n + b"".join(
        f"第{k}行：本次出國參加會議。\n".encode("utf-8") + f"第{k}行：拜會臺北市政府。\n".encode("big5") for k in range(n)
    )
    text, encoding, flags = decode_bytes(data)
    assert encoding == "mixed" and "mixed_encoding" in flags
    assert all(f"第{k}行：拜會臺北市政府。" in text for k in (0, n // 2, n - 1))
    assert len(calls) <= 5  # the whole file once, then the first Big5 line
