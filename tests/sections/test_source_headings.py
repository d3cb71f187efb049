"""Headings the source marks (markdown #, HTML h1-h6, Word heading styles) keep their whole
text as the title; a weekday marker in a space-aligned itinerary row opens no section."""

from __future__ import annotations

import io

from extractors.core.doc import doc_from_text
from extractors.sections.tree import extract_sections
from pipeline.readers import read_document


def titles(data: bytes, fmt: str) -> dict[str, str | None]:
    doc, _ = read_document(data, doc_id="t", source_path=f"t.{fmt}", source_format=fmt)
    return {row.section_path: row.title for row in extract_sections(doc)}


def test_markdown_heading_keeps_its_colon_part_but_a_paragraph_lead_is_cut():
    md = (
        "# 壹、考察目的\n\n本局派員考察港灣管理。\n\n"
        "## 一、分組座談：港埠韌性與氣候調適\n\n座談由港務局主持。\n\n"
        "二、參訪地點：高雄港第七貨櫃中心，由港方簡報。\n"
    ).encode()
    got = titles(md, "md")
    assert got["1.1"] == "分組座談：港埠韌性與氣候調適"
    assert got["1.2"] == "參訪地點"


def test_setext_heading_is_a_source_heading():
    md = "壹、研習心得：智慧農業推廣\n=========\n\n內容。\n\n貳、建議\n------\n\n建議事項。\n".encode()
    assert titles(md, "md")["1"] == "研習心得：智慧農業推廣"


def test_html_heading_keeps_its_colon_part():
    html = (
        "<html><body><h2>貳、會議過程</h2><p>本署代表出席。</p>"
        "<h3>一、圓桌會議：災害風險治理</h3><p>各國代表發言。</p>"
        "<p>二、時間：4月3日上午，由主辦單位說明。</p></body></html>"
    ).encode()
    got = titles(html, "html")
    assert got["2.1"] == "圓桌會議：災害風險治理"
    assert got["2.2"] == "時間"


def test_docx_heading_style_keeps_its_colon_part():
    import docx

    document = docx.Document()
    document.add_heading("壹、參訪紀要", level=1)
    document.add_paragraph("本會代表團參訪三個機構。")
    document.add_heading("一、工作坊：海洋廢棄物監測", level=2)
    document.add_paragraph("二、地點：釜山，由主辦方接待。")
    buffer = io.BytesIO()
    document.save(buffer)
    got = titles(buffer.getvalue(), "docx")
    assert got["1.1"] == "工作坊：海洋廢棄物監測"
    assert got["1.2"] == "地點"


ITINERARY = (
    "貳、行程\n\n"
    "日期        地點                  行程內容\n"
    "112.3.6     臺北－東京            搭機前往東京，\n"
    "（一）                            下午報到\n"
    "112.3.7     東京                  參訪消防博物館；拜會\n"
    "（二）                            東京都防災中心\n\n"
    "參、心得\n\n"
    "一、防災教育\n\n內容。\n"
)


def test_weekday_cells_under_dates_open_no_section():
    paths = {row.section_path: row.title for row in extract_sections(doc_from_text(ITINERARY))}
    assert paths == {"2": "行程", "3": "心得", "3.1": "防災教育"}


def test_a_real_heading_after_a_table_still_opens_a_section():
    text = (
        "貳、出國人員\n\n"
        "姓名        服務單位              職稱\n"
        "王小明      交通部航港局          科長\n"
        "參、    考察目的\n\n"
        "說明目的。\n"
    )
    paths = {row.section_path: row.title for row in extract_sections(doc_from_text(text))}
    assert paths["3"] == "考察目的"
