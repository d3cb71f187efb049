"""read_pdf: the seed renderings, other agencies' layouts built in memory, bad inputs, pure layout rules."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from extractors.core.doc import Doc
from extractors.core.records import ExtractionError
from extractors.normalize.furniture import is_page_number
from pipeline.readers.pdf import PageRead, build_result, read_pdf
from pipeline.readers.pdf_layout import (
    TableBlock,
    TextLine,
    build_text,
    clean_text,
    continues,
    find_furniture,
    join_wrapped,
)
from tests.fixtures import make_pdfs

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
BAD = ROOT / "tests" / "fixtures" / "pdf"
DATE_ROW = re.compile(r"^\d{4}\.\d{1,2}\.\d{1,2}\t")


@cache
def read_doc(name: str) -> Doc:
    result = read_pdf((RAW / name).read_bytes())
    return Doc(doc_id=name, text=result.text, source_format="pdf", pages=result.pages, n_pages=result.n_pages)


SEEDS = ["000_4fc28645e15cc52a.pdf", "002_db59ea7e1ec3d519.pdf"]


# ------------------------------------------------------------ seed renderings

@pytest.mark.parametrize("name", SEEDS)
def test_headings_are_clean_lines(name):
    lines = read_doc(name).text.split("\n")
    for heading in ("摘要", "出國人員名單", "目的", "過程", "行程表", "會議活動內容及達成效益", "心得", "建議"):
        matches = [ln for ln in lines if ln.endswith(heading) and len(ln) <= len(heading) + 3]
        assert matches, heading
        assert all(not re.search(r"(\S)\1", m) for m in matches), matches  # no 壹壹 / 摘摘


@pytest.mark.parametrize("name", SEEDS)
def test_no_page_furniture(name):
    doc = read_doc(name)
    lines = doc.text.split("\n")
    assert not [ln for ln in lines if is_page_number(ln, bare=True)]
    assert "出國報告　" not in doc.text and "臺中市政府公務出國報告" not in doc.text  # the running headers
    assert not re.search(r"^- \d+ -$|^第 \d+ 頁$", doc.text, re.M)


@pytest.mark.parametrize("name, phrase", [
    (SEEDS[0], "（United Nations High-level Political Forum on Sustainable Development, HLPF）"),
    (SEEDS[0], "係推動城市外交與地方政府國際合作最有影響力的舞台。"),
    (SEEDS[1], "(Local Councils Association of Khyber Pakhtunkhwa, LCAKP)共同舉辦"),
    (SEEDS[1], "「2018 城市與地方政府聯合會年執行局委員會議」將於本年"),
])
def test_wrapped_lines_are_joined(name, phrase):
    assert phrase in read_doc(name).text


@pytest.mark.parametrize("name", SEEDS)
def test_paragraphs_are_separated_by_one_blank_line(name):
    text = read_doc(name).text
    assert "\n\n\n" not in text and not text.startswith("\n") and not text.endswith("\n")
    assert all(ln == ln.rstrip(" ") for ln in text.split("\n"))


@pytest.mark.parametrize("name, n_rows, wrapped", [
    (SEEDS[0], 8, "2018.5.27\t斯特拉斯堡－阿姆斯特丹－臺北\t搭機前往阿姆斯特丹"),
    (SEEDS[1], 6, "2018.04.09\t臺北—曼谷—伊斯蘭馬巴德\t搭機前往曼谷轉機抵達伊斯蘭馬巴德"),
])
def test_itinerary_rows_are_tab_lines_with_dates_first(name, n_rows, wrapped):
    text = read_doc(name).text
    rows = [ln for ln in text.split("\n") if DATE_ROW.match(ln)]
    assert len(rows) == n_rows
    assert all(len(row.split("\t")) == 3 for row in rows)
    assert wrapped in rows
    assert text.count("日期\t地點\t行程") == 1  # the header repeated on the next page is dropped
    first = text.index(rows[0])
    assert text[first:text.index(rows[-1])].count("\n\n") == 0  # one block, even across the page break


def test_itinerary_continues_across_the_page_break():
    doc = read_doc(SEEDS[0])
    pages = [doc.page_of(doc.text.index(date + "\t")) for date in ("2018.5.21", "2018.5.23", "2018.5.24", "2018.5.28")]
    assert pages[0] == pages[1] and pages[2] == pages[3] == pages[1] + 1


@pytest.mark.parametrize("name", SEEDS)
def test_page_map_tiles_the_text(name):
    doc = read_doc(name)
    assert doc.n_pages == len(doc.pages) > 1
    assert doc.pages[0].char_start == 0 and doc.pages[-1].char_end == len(doc.text)
    assert all(a.char_end == b.char_start for a, b in zip(doc.pages, doc.pages[1:], strict=False))
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
    assert doc.pages[0].fake_bold > 0 and all(p.cid_share == 0 for p in doc.pages)


def test_cover_form_rows_and_checkboxes():
    lines = read_doc(SEEDS[1]).text.split("\n")
    assert "含附件\t□ 是 ■ 否" in lines
    assert "出國期間\t107年4月9日至107年4月14日\t出國地區\t巴基斯坦" in lines
    assert any(ln.startswith("出國類別\t") and "■ 國際會議" in ln for ln in lines)


def test_unruled_table_becomes_rows():
    text = read_pdf((BAD / "itinerary_unruled.pdf").read_bytes()).text
    lines = text.split("\n")
    assert "113/09/04\t東京\t參訪東京都廳觀光部，交流入境旅遊推廣策略及數位行銷經驗" in lines
    assert "113/09/06\t大阪\t拜會大阪觀光局（Osaka Convention & Tourism Bureau）" in lines
    assert "1/1" not in lines


# ------------------------------------------- other layouts, rendered in memory

def render(blocks, header: str, footer: str) -> bytes:
    return make_pdfs.Layout(header, footer).render(blocks)


def test_other_agency_layout_round_trip():
    m = make_pdfs
    body = "本署為瞭解歐盟碳邊境調整機制（Carbon Border Adjustment Mechanism, CBAM）之推動情形，" * 6 + "特派員赴比利時布魯塞爾考察。"
    blocks = [
        m.Heading("壹、目的", 4), m.Para(body),
        m.Heading("貳、過程", 2),
        m.Table([["日期", "行程"], ["113/10/01", "拜會歐盟執委會稅務暨關務總署\n（DG TAXUD）"]], [120, 331]),
        m.Para("（一）拜會歐盟執委會：雙方就碳排放申報實務交換意見。"),
        m.PageBreak(), m.Para(body), m.PageBreak(), m.Para("參、心得及建議：建議持續追蹤。"),
    ]
    result = read_pdf(render(blocks, "經濟部產業發展署 出國報告", "Page {n}"))
    lines = result.text.split("\n")
    assert lines[0] == "壹、目的"
    assert body in lines
    assert "113/10/01\t拜會歐盟執委會稅務暨關務總署（DG TAXUD）" in lines
    assert "（一）拜會歐盟執委會：雙方就碳排放申報實務交換意見。" in lines
    assert not any("Page" in ln or "產業發展署 出國報告" in ln for ln in lines)
    assert result.n_pages == 3 and result.pages[0].fake_bold > 0


def test_letter_spaced_cjk_has_no_spaces_but_words_keep_theirs():
    m = make_pdfs
    lay = m.Layout("衛生福利部 出國報告", "第 {n} 頁")
    c = lay.c
    for y, text, spacing in [(700, "出國報告書", 10.0), (670, "Global Health Security Agenda", 0.0),
                             (640, "行程：臺北— 日內瓦", 1.0)]:
        t = c.beginText(100, y)
        t.setFont(m.FONT, 12)
        t.setCharSpace(spacing)
        t.textOut(text)
        c.drawText(t)
    text = read_pdf(lay.render([])).text
    assert text.startswith("衛生福利部 出國報告\n\n出國報告書\n\n")  # one page: no running header to learn
    assert "Global Health Security Agenda" in text and "行程：臺北— 日內瓦" in text


# --------------------------------------------------------------- bad inputs

@pytest.mark.parametrize("name, code", [
    ("corrupt.pdf", "corrupt_pdf"),
    ("encrypted.pdf", "encrypted_pdf"),
    ("image_only.pdf", "no_text_layer"),
])
def test_bad_inputs_raise_their_code(name, code):
    with pytest.raises(ExtractionError) as info:
        read_pdf((BAD / name).read_bytes())
    assert info.value.code == code and info.value.message.endswith((")", "again", "PDF"))


@pytest.mark.parametrize("data, code", [(b"", "empty_file"), (b"not a pdf at all", "corrupt_pdf")])
def test_junk_bytes(data, code):
    with pytest.raises(ExtractionError) as info:
        read_pdf(data)
    assert info.value.code == code


def test_cid_garbage_is_flagged_not_raised():
    line = TextLine("(cid:12)(cid:40)", 72, 200, 100, 112)
    pages = [PageRead([line], 842, n_chars=10, n_cid=8, fake_bold=0), PageRead([], 842, 0, 0, 0)]
    result = build_result(pages)
    assert result.text == "(cid:12)(cid:40)"
    assert set(result.flags) == {"cid_garbage", "pages_without_text"}
    assert result.pages[0].cid_share == 0.8


# -------------------------------------------------------- pure layout rules

@pytest.mark.parametrize("pieces, joined", [
    (["本府代表團一行前往法", "國里昂"], "本府代表團一行前往法國里昂"),
    (["（United Cities and", "Local Governments）"], "（United Cities and Local Governments）"),
    (["Development,", "HLPF）"], "Development, HLPF）"),
    (["本府為 UCLG", "2016-2019年"], "本府為 UCLG 2016-2019年"),
    (["專員Mr. Jordi Pascaul", "瞭解相關情形"], "專員Mr. Jordi Pascaul瞭解相關情形"),
    (["  第 2 屆  ", "", "大會"], "第 2 屆大會"),
])
def test_join_wrapped(pieces, joined):
    assert join_wrapped(pieces) == joined


@pytest.mark.parametrize("text, expected", [
    ("3", True), ("- 12 -", True), ("— 4 —", True), ("第 3 頁", True), ("第3頁，共10頁", True),
    ("共 10 頁 第 2 頁", True), ("3/10", True), ("Page 3 of 10", True), ("p. 7", True), ("ii", True),
    ("３", True), ("2018.5.21", False), ("第 3 屆大會", False), ("107年4月9日", False),
    ("1. 確認", False), ("3 次區", False),
])
def test_is_page_number_at_a_page_edge(text, expected):
    assert is_page_number(text, bare=True) is expected


@pytest.mark.parametrize("text, expected", [
    ("■ 是 ☐ 否", "■ 是 □ 否"), ("☑ 考察 ☒ 進修 ✓ 開會 ✔ 其他", "■ 考察 ■ 進修 ■ 開會 ■ 其他"),
    ("  多  空白\u3000", "多 空白"),
])
def test_clean_text(text, expected):
    assert clean_text(text) == expected


def line(text, top, x0=72.0, x1=523.0, bold=False, size=12.0):
    return TextLine(text, x0, x1, top, top + size, size=size, bold=bold, first_word_width=size)


def test_find_furniture_drops_running_lines_and_page_numbers():
    pages = []
    openings = ["會議首日由主辦單位致詞", "次日分組討論氣候議題", "第三日參訪當地設施", "末日閉幕並發表宣言"]
    for n in range(1, 5):
        pages.append([
            line("法務部調查局 出國報告" if n % 2 else "法務部調查局 出國報告（續）", 40, x1=200),
            line(openings[n - 1], 80),
            line("每頁相同的一句話", 400),  # repeated, but in the middle of the page
            line(f"本頁最後一行正文內容第{n}段", 700),
            line(f"第 {n} 頁，共 4 頁", 800, x0=270, x1=330),
        ])
    drop = find_furniture(pages, [842.0] * 4)
    assert drop == {(pi, 0) for pi in range(4)} | {(pi, 4) for pi in range(4)}


def test_find_furniture_single_page_keeps_header_drops_number():
    page = [line("內政部 出國報告", 40, x1=180), line("正文", 80), line("- 1 -", 800, x0=280, x1=310)]
    assert find_furniture([page], [842.0]) == {(0, 2)}


@pytest.mark.parametrize("prev, nxt, expected", [
    (line("全寬的一行", 100), line("接續的一行", 119), True),
    (line("短的一行", 100, x1=300), line("新段落", 119), False),
    (line("句子結束。", 100), line("新段落", 119), False),
    (line("全寬的一行", 100), line("（二）新的項目", 119), False),
    (line("壹、目的", 100, x1=150, bold=True), line("本文", 119), False),
    (line("全寬的一行", 100), line("首行縮排的新段落", 119, x0=96), False),
    (line("（一）懸掛縮排的第一行", 100), line("縮排的續行", 119, x0=108), True),
    # ragged Latin text: the next word (90 pt) would not have fitted in the 60 pt left
    (line("a line that ends early", 100, x1=463), TextLine("Internationalization", 72, 200, 119, 131, first_word_width=90), True),
])
def test_continues(prev, nxt, expected):
    assert continues(prev, nxt, right_edge=523.0) is expected


def test_build_text_joins_across_pages_and_merges_split_tables():
    header = ("日期", "行程")
    pages = [
        [line("壹、過程", 80, x1=130, bold=True), line("這一段文字在頁尾折行並且", 100),
         TableBlock(200, (header, ("113/1/2", "出發")))],
        [TableBlock(80, (header, ("113/1/3", "返國"))), line("下一頁的段落。", 200, x1=300)],
        [],
    ]
    text, spans = build_text(pages, right_edge=523.0)
    assert text == "壹、過程\n\n這一段文字在頁尾折行並且\n\n日期\t行程\n113/1/2\t出發\n113/1/3\t返國\n\n下一頁的段落。"
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert text[spans[1][0]:].startswith("113/1/3")
    assert spans[2][0] == spans[2][1] == len(text)


def test_build_text_paragraph_continues_on_next_page():
    pages = [[line("頁尾未完的句子", 700)], [line("在下一頁接續。", 80, x1=250)]]
    text, spans = build_text(pages, right_edge=523.0)
    assert text == "頁尾未完的句子在下一頁接續。"
    assert spans == [(0, 7), (7, len(text))]
