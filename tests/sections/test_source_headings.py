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


def test_a_numbered_paragraph_wrapped_at_a_comma_has_no_title():
    text = (
        "壹、心得\n\n"
        "一、日本各地消防本部之災害應變分工明確，權責清楚，\n"
        "　　且演練頻繁，值得參考。\n\n"
        "二、搜救犬隊之訓練制度完整\n\n內容。\n"
    )
    rows = titles(text.encode("utf-8"), "txt")
    assert rows["1.1"] is None
    assert rows["1.2"] == "搜救犬隊之訓練制度完整"


def test_a_heading_wrapped_onto_an_indented_line_keeps_its_tail():
    text = (
        "壹、考察內容\n\n"
        "（一）2019年北海道地震後之電網復原及災後檢討\n"
        "　　　報告\n\n"
        "本次拜會北海道電力公司，由該公司說明。\n\n"
        "（二）防災教育\n\n內容。\n"
    )
    rows = titles(text.encode("utf-8"), "txt")
    assert rows["1.1"] == "2019年北海道地震後之電網復原及災後檢討報告"
    assert rows["1.2"] == "防災教育"


def test_a_hanging_indent_under_a_marker_continues_the_paragraph():
    from extractors.normalize.repair import normalize_text

    dump = (
        "本次考察由本局派員前往荷蘭鹿特丹港務局及阿姆斯特丹港，瞭解港埠自動化之推動\n"
        "情形與勞資協商機制，並蒐集相關法規及營運資料，作為我國港埠政策之參考依據。\n"
        "考察期間並與當地航運業者座談，就智慧港口之資料交換標準交換意見，收穫豐碩。\n"
        "\n"
        "一、鹿特丹港自動化碼頭之營運採「港務局規劃、業者投資、工會參與」之模式，分工\n"
        "　　明確，勞資雙方於導入前即簽訂轉職培訓協議，有效降低衝突並確保作業安全。\n"
        "\n"
        "二、智慧港口平臺整合海關、港務及航商之資料，減少重複申報作業，並縮短貨櫃通\n"
        "　　關時間，值得我國參考。\n"
    )
    text = normalize_text(dump)
    assert "分工明確，勞資雙方" in text
    assert "貨櫃通關時間" in text
    assert "\n\n二、" in text
