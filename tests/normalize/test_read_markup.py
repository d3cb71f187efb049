"""The markup readers: markdown, HTML and docx (built in memory), plus a property test of all readers."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.core.records import ExtractionError
from pipeline.readers.docx import read_docx
from pipeline.readers.html import read_html
from pipeline.readers.markdown import read_md
from pipeline.readers.text import read_txt

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# --------------------------------------------------------------------------
# Markdown

MD_CASES = [
    ("# 標題", "標題"),
    ("### 一、行程表 ###", "一、行程表"),
    ("**粗體**文字與*斜體*", "粗體文字與斜體"),
    ("前往[亞太經合會](https://www.apec.org \"APEC\")總部", "前往亞太經合會總部"),
    ("![合影](photo.jpg)", "合影"),
    ("- 第一點\n* 第二點\n+ 第三點", "第一點\n第二點\n第三點"),
    ("  - (1) 巢狀項目", "(1) 巢狀項目"),
    ("1. 第一\n2. 第二", "1. 第一\n2. 第二"),
    ("| 日期 | 地點 |\n|---|:---:|\n| 5/21 | 臺北 |", "日期\t地點\n5/21\t臺北"),
    ("日期\t地點\t行程", "日期\t地點\t行程"),
    ("<p><b>壹、摘要</b></p> <p>內文。</p>", "壹、摘要\n\n內文。"),
    ("第一行<br>第二行<br/>第三行", "第一行\n第二行\n第三行"),
    ("含附件：<input type=\"checkbox\"/> 是 <input checked=\"\" type=\"checkbox\"/> 否", "含附件：□ 是 ■ 否"),
    ("☑ 開會 ☐ 考察 ✔ 研究", "■ 開會 □ 考察 ■ 研究"),
    ("- [x] 開會\n- [ ] 考察", "■ 開會\n□ 考察"),
    ("A &amp; B &lt;C&gt; &#x6E2C;", "A & B <C> 測"),
    ("\\*不是強調\\*", "*不是強調*"),
    ("| a \\| b | c |\n|---|---|", "a | b\tc"),
    ("2\\_000\\_000 元", "2_000_000 元"),
    ("<!-- 註解 -->正文", "正文"),
    ("見 <https://example.org/a_b>", "見 https://example.org/a_b"),
    ("標題\n===\n\n---\n\n內文", "標題\n\n內文"),
    ("> 引用的文字", "引用的文字"),
    ("摘要：(500字以上)", "摘要：(500字以上)"),
    ("<table><tr><td>編號</td><td>姓名</td></tr><tr><td>1</td><td>王<br>大明</td></tr></table>", "編號\t姓名\n1\t王 大明"),
    ("| 日期 | 地點 |\n|---|---|\n| 4/9 | 臺北<br>曼谷 |", "日期\t地點\n4/9\t臺北 曼谷"),
]


@pytest.mark.parametrize("source, expected", MD_CASES)
def test_markdown(source, expected):
    assert read_md(source.encode()).text == expected


def test_markdown_fixture():
    lines = read_md(fixture("notes.md")).text.split("\n")
    assert lines[0] == "國家發展委員會出國報告" and "壹、摘要" in lines
    assert "本會派員赴新加坡出席 亞太經濟合作 會議 & 論壇。" in lines
    assert "2024.3.5\t新加坡\t出席會議 開幕式" in lines
    assert "含附件：□ 是 ■ 否" in lines and "■ 開會" in lines and "□ 考察" in lines
    assert "1. 建議一" in lines and "2024.3.6\t新加坡\t返國" in lines
    assert not any(line.startswith(("-", "*", "#", "|")) for line in lines)


# --------------------------------------------------------------------------
# HTML

HTML_CASES = [
    ("<p>一</p><p>二</p>", "一\n\n二"),
    ("<div>甲<div>乙</div></div>", "甲\n乙"),
    ("<ul>\n <li>港口</li>\n <li>機場</li>\n</ul>", "港口\n機場"),
    ("<p>本署派員\n赴德國</p>", "本署派員赴德國"),  # a source line break between CJK is no space
    ("<p>Port of\nHamburg</p>", "Port of Hamburg"),
    ("<script>var a = 1;</script><style>p{}</style><p>正文</p>", "正文"),
    ("<p>a<br>b<br><br>c</p>", "a\nb\n\nc"),
    ("<input type=radio checked> 是 <input type=radio> 否", "■ 是 □ 否"),
    ("<p>☒ 國際會議 ☐ 考察</p>", "■ 國際會議 □ 考察"),
    ("<table><tr><th>日期</th><th>地點</th></tr><tr><td>5/21</td><td>臺北<br>東京</td></tr></table>",
     "日期\t地點\n5/21\t臺北 東京"),
    (  # a table of tables is page layout: its cells are blocks, the inner table is data
        "<table><tr><td><p>壹、目的</p><table><tr><td>日期</td><td>地點</td></tr></table></td></tr></table>",
        "壹、目的\n\n日期\t地點",
    ),
    ("<p>A&nbsp;&amp;&nbsp;B</p>", "A & B"),
    (  # a rowspan is written once and keeps the columns below it in place
        "<table><tr><td rowspan='2'>5/21</td><td>臺北</td><td>搭機</td></tr><tr><td>東京</td><td>轉機</td></tr>"
        "<tr><td>5/22</td><td colspan='2'>返國</td></tr></table>",
        "5/21\t臺北\t搭機\n\t東京\t轉機\n5/22\t返國",
    ),
    ("<table><caption>行程表</caption><tr><td>5/21</td><td>臺北</td></tr></table>", "行程表\n5/21\t臺北"),
    ("<p hidden>隱藏</p><p style='display: none'>也隱藏</p><p>顯示</p>", "顯示"),
]


@pytest.mark.parametrize("source, expected", HTML_CASES)
def test_html(source, expected):
    assert read_html(source.encode()).text == expected


def test_html_fixture():
    result = read_html(fixture("form.html"))
    lines = result.text.split("\n")
    assert result.encoding == "utf-8"
    assert lines[0] == "行政院所屬各機關出國報告提要"
    assert "出國報告名稱\t參加 2024 年國際 港埠協會年會" in lines
    assert "出國類別\t■ 開會 □ 考察 □ 研究" in lines
    assert "含附件\t□ 是 ■ 否\t頁數\t12" in lines
    assert "console" not in result.text and "border" not in result.text


def test_html_declared_charset():
    page = '<html><head><meta charset="big5"></head><body><p>林碁文科長</p></body></html>'
    result = read_html(page.encode("cp950"))
    assert (result.text, result.encoding) == ("林碁文科長", "cp950")


def test_html_utf8_beats_a_wrong_declaration():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>臺北</p></body></html>'
    assert read_html(page.encode()).text == "臺北"


def test_html_in_big5():
    page = "<html><body><p>壹、目的</p><p>赴日本東京參加亞太觀光論壇，並拜會日本觀光廳官員。</p></body></html>"
    result = read_html(page.encode("big5"))
    assert result.encoding == "cp950" and result.text.startswith("壹、目的\n\n赴日本東京")


# --------------------------------------------------------------------------
# docx

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
)


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_tables_in_body_order():
    document = docx.Document()
    document.add_paragraph("壹、目的")
    document.add_paragraph("本局派員赴荷蘭鹿特丹港考察。")
    table = document.add_table(rows=3, cols=3)
    rows = [["日期", "地點", "行程"], ["2024.6.3", "鹿特丹", "參訪港務局"], ["2024.6.4", "", "返國"]]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    table.cell(1, 1).merge(table.cell(2, 1))  # a vertically merged place
    document.add_paragraph("貳、過程")
    second = document.add_table(rows=1, cols=2)
    second.cell(0, 0).text = "姓名"
    second.cell(0, 1).merge(second.cell(0, 0))  # a horizontally merged cell
    text = read_docx(save(document)).text
    assert text.split("\n") == [
        "壹、目的", "", "本局派員赴荷蘭鹿特丹港考察。", "",
        "日期\t地點\t行程", "2024.6.3\t鹿特丹\t參訪港務局", "2024.6.4\t\t返國", "",
        "貳、過程", "", "姓名",
    ]


def _paragraph_with(document, xml: str, label: str):
    paragraph = document.add_paragraph()
    for element in parse_xml(f"<w:p {NS}>{xml}</w:p>"):
        paragraph._p.append(element)
    paragraph.add_run(label)


def test_docx_checkboxes():
    document = docx.Document()
    # A content control: w14:checked decides, not the (stale) glyph inside it.
    sdt = ('<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{v}"/></w14:checkbox></w:sdtPr>'
           "<w:sdtContent><w:r><w:t>☐</w:t></w:r></w:sdtContent></w:sdt>")
    _paragraph_with(document, sdt.format(v=1), " 國際會議")
    _paragraph_with(document, sdt.format(v=0), " 考察")
    legacy = ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="0"/>'
              '<w:checked/></w:checkBox></w:ffData></w:fldChar></w:r>'
              '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    _paragraph_with(document, legacy, " 是")
    _paragraph_with(document, '<w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>', " 否")
    _paragraph_with(document, '<w:r><w:t>☑</w:t></w:r>', " 開會")
    text = read_docx(save(document)).text
    assert [line for line in text.split("\n") if line] == ["■ 國際會議", "□ 考察", "■ 是", "□ 否", "■ 開會"]


def test_docx_list_numbering_is_written_out():
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {NS} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="ideographLegalTraditional"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="taiwaneseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        "</w:abstractNum>"
    ))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    items = [(0, "目的"), (0, "過程"), (1, "行程"), (1, "拜會"), (2, "經濟部"), (0, "建議"), (1, "持續合作")]
    for level, title in items:
        paragraph = document.add_paragraph(title)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {NS}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
        ))
    lines = [line for line in read_docx(save(document)).text.split("\n") if line]
    assert lines == ["壹、目的", "貳、過程", "（一）行程", "（二）拜會", "1. 經濟部", "參、建議", "（一）持續合作"]


def test_docx_builtin_list_style():
    document = docx.Document()
    for item in ["建議一", "建議二"]:
        document.add_paragraph(item, style="List Number")
    document.add_paragraph("重點", style="List Bullet")
    assert read_docx(save(document)).text == "1. 建議一\n\n2. 建議二\n\n重點"


def _zip_with(name: str, body: bytes) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, body)
    return buffer.getvalue()


@pytest.mark.parametrize("data, code", [
    (b"", "empty_file"),
    (b"not a zip file", "corrupt_docx"),
    (_zip_with("hello.txt", b"hi"), "corrupt_docx"),  # a zip, but no Word document in it
])
def test_docx_errors(data, code):
    with pytest.raises(ExtractionError) as info:
        read_docx(data)
    assert info.value.code == code


PIECES = ["壹壹壹壹", "、", "（一）", "1. ", "|", "|---|", "- ", "# ", "**", "<p>", "<br>", "</b>",
          '<input type="checkbox" checked>', "&nbsp;", "&amp;", "\t", "\n", "\f", " ", "\u3000", "\r\n",
          "本府代表團", "United", "<table><tr><td>", "</td></tr></table>", "☑", "[x]"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.sampled_from([read_txt, read_md, read_html]))
def test_readers_keep_the_conventions_on_any_input(pieces, reader):
    try:
        result = reader("".join(pieces).encode())
    except ExtractionError as error:
        assert error.code in {"empty_file", "no_text"}
        return
    text = result.text
    assert text.strip() and "\r" not in text and "\f" not in text and "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert not text.startswith("\n") and not text.endswith("\n")
    assert not set("☑✓✔☐") & set(text)




def test_markdown_footnotes_keep_their_text():
    from pipeline.readers.markdown import markdown_text

    text = markdown_text(
        "本署共有三名同仁與會[^a]，並拜會當地消防局[^2]。\n\n"
        "[^a]: 另有一名同仁因公未能成行。\n"
        "[^2]: 拜會對象包括墨爾本都會消防局及維多利亞州緊急應變中心。\n\n"
        "[官網]: https://example.org/page\n"
    )
    assert "[^" not in text
    assert "同仁與會，並拜會" in text
    assert "另有一名同仁因公未能成行。" in text
    assert "維多利亞州緊急應變中心" in text
    assert "example.org" not in text
