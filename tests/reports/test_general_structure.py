"""Generalization: section trees and report fields of reports in other agencies' layouts.

The fixtures in tests/fixtures/general are written for these tests (not derived from the
seeds): central, ministry, university and county reports, markdown, HTML and docx. Each
goes through the real reader and the extractors (tests/general_run.py).
"""

from __future__ import annotations

from datetime import date

import pytest

from extractors.reports.cover_form import arabic_dates, parse_cover_text
from extractors.sections.tree import classify_kind, tidy_title
from tests.support.general_run import DOCX_REPORT, build_docx, run_bytes, run_fixture, tree

TREES = {
    "central_cover.txt": [
        ("1", "目的", "purpose"), ("2", "過程", "process"),
        ("2.1", "拜會荷蘭基礎建設及水資源管理部", None), ("2.2", "參訪鹿特丹港區塑膠回收廠", None),
        ("2.3", "拜會比利時法蘭德斯廢棄物管理局", None), ("3", "心得及建議", "reflections"),
        ("3.1", "建立再生料品質認證制度", None), ("3.2", "檢討資源回收費率結構", None),
    ],
    "ministry_chapters.txt": [
        ("1", "前言", "purpose"), ("1.1", "會議背景", None), ("1.2", "出國目的", None),
        ("2", "會議過程", "process"), ("2.1", "開幕式", None), ("2.2", "分組討論", None),
        ("2.2.1", "全球基本觀測網", None), ("2.2.2", "早期預警系統", None),
        ("3", "心得與建議", "reflections"), ("3.1", "心得", None), ("3.2", "建議", None),
    ],
    "university.txt": [
        ("1", "目的", "purpose"), ("2", "過程", "process"), ("2.1", "拜會工學院", None),
        ("2.1.1", None, None), ("2.1.2", None, None), ("2.2", "參加國際研討會", None),
        ("2.2.1", None, None), ("2.2.2", None, None), ("3", "心得", "reflections"),
        ("4", "建議", "recommendations"), ("4.1", None, None), ("4.2", None, None),
    ],
    "county.txt": [
        ("1", "考察目的", "purpose"), ("2", "考察過程", "process"), ("2.1", "拜會清邁府商會", None),
        ("2.2", "參訪清邁農產批發市場", None), ("2.3", "參加台灣農產品推廣會", None),
        ("3", "心得及建議", "reflections"), ("3.1", None, None), ("3.2", None, None),
    ],
    "itin_pages.txt": [
        ("1", "目的", "purpose"), ("2", "過程", "process"), ("2.1", "行程表", None),
        ("2.2", "考察紀要", None), ("3", "心得及建議", "reflections"),
    ],
    "itin_two_col.md": [
        ("1", "目的", "purpose"), ("2", "行程", "process"), ("3", "心得", "reflections"),
        ("4", "建議", "recommendations"),
    ],
    "participants_grade.txt": [
        ("1", "出國人員", "participants"), ("2", "目的", "purpose"), ("3", "過程", "process"),
        ("4", "心得及建議", "reflections"),
    ],
    "old_summary_form.txt": [("1", "目的", "purpose"), ("2", "過程", "process"), ("3", "心得及建議", "reflections")],
    "english_appendix.txt": [
        ("1", "目的", "purpose"), ("2", "過程", "process"), ("2.1", "會議議程", None),
        ("2.2", "雙邊會談", None), ("3", "心得及建議", "reflections"),
        ("3.1", "強化跨部會資料治理", None), ("3.2", "參與國際評比", None),
    ],
    "headings.html": [
        ("1", "目的", "purpose"), ("2", "過程", "process"), ("2.1", "行程", None),
        ("2.2", "拜會藝術節總監", None), ("3", "心得及建議", "reflections"), ("4", "附錄", "appendix"),
    ],
    "markdown_headings.md": [
        ("1", "目的", "purpose"), ("2", "過程", "process"), ("2.1", "參加博覽會", None),
        ("2.2", "拜會橫濱市政府", None), ("3", "心得", "reflections"), ("4", "建議", "recommendations"),
    ],
    "cover_dotted.txt": [
        ("1", "目的", "purpose"), ("2", "過程", "process"), ("2.1", "出席部長會議", None),
        ("2.2", "雙邊會談", None), ("3", "心得", "reflections"), ("4", "建議", "recommendations"),
        ("4.1", None, None), ("4.2", None, None),
    ],
    "participants_html.html": [
        ("1", "出國人員名單", "participants"), ("2", "目的", "purpose"), ("3", "過程", "process"),
        ("4", "心得及建議", "reflections"),
    ],
}


@pytest.fixture(scope="module")
def runs():
    """Every fixture run once for the whole module."""
    out = {name: run_fixture(name) for name in TREES}
    out["docx"] = run_bytes(build_docx(DOCX_REPORT), "docx")
    return out


@pytest.mark.parametrize("name", sorted(TREES))
def test_tree(runs, name):
    assert tree(runs[name]) == TREES[name]


@pytest.mark.parametrize("name", sorted(TREES) + ["docx"])
def test_spans_and_levels(runs, name):
    doc = runs[name]["doc"]
    for row in runs[name]["sections"]:
        assert row.level == len(row.section_path.split("."))
        assert doc.text[row.char_start : row.char_end].startswith(row.marker)
        assert row.text is None or row.text in doc.text[row.char_start : row.char_end]


def test_docx_tree(runs):
    assert tree(runs["docx"]) == [
        ("1", "目的", "purpose"), ("2", "出國人員", "participants"), ("3", "行程", "process"),
        ("4", "心得及建議", "reflections"), ("4.1", "建立港區水質即時監測網", None),
        ("4.2", "推動船舶廢水岸上收受設施", None),
    ]


@pytest.mark.parametrize(
    "name, cut_before",
    [
        ("central_cover.txt", "附錄"),  # an unnumbered 附錄 ends 參、心得及建議
        ("ministry_chapters.txt", "附錄 會議議程"),
        ("english_appendix.txt", "I. Agenda"),
    ],
)
def test_unnumbered_appendix_ends_the_body(runs, name, cut_before):
    doc, rows = runs[name]["doc"], runs[name]["sections"]
    cut = doc.text.rindex(cut_before)
    assert all(row.char_end <= cut for row in rows)
    assert cut_before not in (rows[-1].text or "")


def test_a_toc_with_page_numbers_opens_no_section(runs):
    rows = runs["central_cover.txt"]["sections"]
    doc = runs["central_cover.txt"]["doc"]
    assert rows[0].char_start > doc.text.index("目次")
    assert sum(1 for r in rows if r.title == "目的") == 1


REPORTS = {
    # name: (title, trip_type, trip_start, trip_end, destinations, report_date)
    "central_cover.txt": ("赴荷蘭考察循環經濟與廢棄物資源化政策", "考察", date(2024, 3, 4), date(2024, 3, 9),
                          ["荷蘭", "比利時"], date(2024, 5, 20)),
    "cover_dotted.txt": ("出席2024年亞太經濟合作會議中小企業部長會議", "開會", date(2024, 8, 26), date(2024, 9, 1),
                         ["秘魯"], date(2024, 10, 25)),
    "old_summary_form.txt": ("赴韓國考察智慧交通號誌控制系統", "其他", date(2009, 10, 5), date(2009, 10, 10),
                             ["韓國"], date(2009, 12, 28)),
    "headings.html": ("赴法國亞維儂藝術節考察表演藝術產業", None, date(2024, 7, 8), date(2024, 7, 16),
                      ["法國"], date(2024, 9, 30)),
    "markdown_headings.md": (None, "開會", date(2023, 11, 6), date(2023, 11, 10), ["日本"], None),
    "itin_pages.txt": ("赴澳洲考察森林火災管理", None, date(2024, 3, 4), date(2024, 3, 11), ["澳洲"], None),
    "itin_two_col.md": (None, None, date(2023, 10, 15), date(2023, 10, 20), ["新加坡"], None),
    "county.txt": ("赴泰國清邁考察農產品外銷通路", None, None, None, None, None),
    "university.txt": ("赴日本東京大學學術交流報告", None, None, None, None, None),
    "ministry_chapters.txt": ("出席世界氣象組織第十九屆大會報告", None, None, None, None, None),
    "participants_html.html": ("赴法國參加歐洲材料研究學會春季年會", None, date(2024, 5, 26), date(2024, 5, 31),
                               ["法國"], None),
}
KNOWN = {
    # Frankfurt is a transfer, but 自法蘭克福搭機返抵臺北 starts a row with it, so it counts as a stop.
    "participants_html.html": "a transfer city named first in an activity counts as a destination",
}


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN[n], strict=True)) if n in KNOWN else n
     for n in sorted(REPORTS)],
)
def test_report_fields(runs, name):
    report = runs[name]["reports"][0]
    got = (report.title, report.trip_type, report.trip_start, report.trip_end, report.destinations,
           report.report_date)
    assert got == REPORTS[name]


def test_docx_report(runs):
    report = runs["docx"]["reports"][0]
    assert (report.title, report.trip_type, report.trip_start, report.trip_end, report.report_date) == (
        "赴新加坡考察港灣城市海洋污染防治", "考察", date(2023, 9, 11), date(2023, 9, 15), date(2023, 11, 30))
    assert report.destinations == ["新加坡"]


@pytest.mark.parametrize("name, length", [("central_cover.txt", (200, 300)), ("cover_dotted.txt", (200, 300))])
def test_unnumbered_summary(runs, name, length):
    summary = runs[name]["reports"][0].summary
    assert summary and length[0] <= len(summary) <= length[1]
    assert "目次" not in summary and "目錄" not in summary


def test_old_form_contact_and_attachment(runs):
    report = runs["old_summary_form.txt"]["reports"][0]
    assert (report.organizer, report.contact_name, report.contact_phone) == ("交通部公路局", "張美玲", "02-23070123")
    assert report.has_attachment is True and report.n_pages_stated == 35
    assert report.keywords == ["智慧交通", "號誌控制", "首爾"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("□1考察 □2進修 □3研究 □4實習 ■5其他", "其他"),
        ("□(1)考察 ■(2)進修 □(3)研究", "進修"),
        ("■考察 □開會", "考察"),
        ("□一、考察 ■二、開會", "開會"),
    ],
)
def test_numbered_checkbox_options(value, expected):
    assert parse_cover_text(f"出國類別：{value}\n出國期間：113年3月4日至113年3月9日\n").fields["trip_type"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("九十八年十月五日至十月十日", "98年10月5日至10月10日"),
        ("一百一十三年三月四日", "113年3月4日"),
        ("一一三年三月四日", "113年3月4日"),
        ("113年3月4日", "113年3月4日"),
        ("第十屆年會", "第十屆年會"),
    ],
)
def test_arabic_dates(text, expected):
    assert arabic_dates(text) == expected


@pytest.mark.parametrize(
    "period, start, end",
    [
        ("民國九十八年十月五日至十月十日", date(2009, 10, 5), date(2009, 10, 10)),
        ("自113年3月4日起至113年3月9日止", date(2024, 3, 4), date(2024, 3, 9)),
        ("113.03.04-113.03.09", date(2024, 3, 4), date(2024, 3, 9)),
        ("民國113年3月4日至3月9日", date(2024, 3, 4), date(2024, 3, 9)),
        ("113/03/04~113/03/09", date(2024, 3, 4), date(2024, 3, 9)),
        ("113年12月28日至114年1月3日", date(2024, 12, 28), date(2025, 1, 3)),
        ("March 4-9, 2024", date(2024, 3, 4), date(2024, 3, 9)),
        ("Mar. 28 - Apr. 3, 2024", date(2024, 3, 28), date(2024, 4, 3)),
    ],
)
def test_cover_periods(period, start, end):
    form = parse_cover_text(f"出國期間：{period}\n出國地區：日本\n")
    assert (form.trip_start, form.trip_end) == (start, end)


@pytest.mark.parametrize(
    "title, kind",
    [
        ("緒論", "purpose"), ("參訪情形", "process"), ("研習心得", "reflections"), ("觀察與建議", "reflections"),
        ("Conclusions and Recommendations", "reflections"), ("Lessons Learned", "reflections"),
        ("Objectives", "purpose"), ("致謝", "other"), ("附件", "appendix"),
        ("Reflections and Recommendations", "reflections"),
    ],
)
def test_kind_words(title, kind):
    assert classify_kind(title) == kind


@pytest.mark.parametrize(
    "title, expected",
    [("目 的", "目的"), ("心 得 及 建 議", "心得及建議"), ("拜會 UN-Habitat 總部", "拜會 UN-Habitat 總部"), (None, None)],
)
def test_tidy_title(title, expected):
    assert tidy_title(title) == expected


def test_an_attachment_line_inside_the_body_ends_nothing():
    from extractors.core.doc import doc_from_text
    from extractors.sections.tree import extract_sections

    text = "壹、目的\n\n說明。\n\n貳、過程\n\n附件：行程表\n\n拜會兩個機關。\n\n參、建議\n\n建議。\n\n附錄\n\n照片。\n"
    rows = extract_sections(doc_from_text(text))
    assert [(r.section_path, r.text) for r in rows] == [
        ("1", "說明。"), ("2", "附件：行程表\n\n拜會兩個機關。"), ("3", "建議。"),
    ]


def test_a_spaced_out_cover_heading():
    from extractors.core.doc import doc_from_text
    from extractors.reports.trip import extract_trip

    text = ("出 國 報 告（出國類別：開會）\n\n出席第28屆世界道路協會大會\n\n服 務 機 關：交通部公路局\n"
            "姓 名 職 稱：陳建志 副局長\n派 赴 國 家：捷克\n出 國 期 間：113年10月2日～10月8日\n")
    report = extract_trip(doc_from_text(text))["reports"][0]
    assert (report.title, report.trip_type, report.trip_start, report.trip_end) == (
        "出席第28屆世界道路協會大會", "開會", date(2024, 10, 2), date(2024, 10, 8))


@pytest.mark.parametrize(
    "line, is_toc",
    [
        ("壹、目的‥‥‥‥‥1", True), ("壹、目的﹒﹒﹒﹒2", True), ("貳、過程 ................ 第3頁", True),
        ("壹、目的……P.1", True), ("參、心得及建議\t12", True), ("壹、目的", False), ("一、會議過程。", False),
    ],
)
def test_toc_leaders(line, is_toc):
    from extractors.core.numbering import is_toc_line

    assert is_toc_line(line) is is_toc


@pytest.mark.parametrize(
    "opening, title",
    [
        ("出國報告\n\n行政院農業委員會林業試驗所出國報告\n\n赴澳洲考察森林火災管理\n\n", "赴澳洲考察森林火災管理"),
        ("文化部出國報告：赴法國考察表演藝術\n\n", "赴法國考察表演藝術"),
        ("屏東縣政府出國報告\n\n赴泰國考察農產品外銷\n\n1、考察目的\n\n", "赴泰國考察農產品外銷"),
    ],
)
def test_titles_after_generic_headings(opening, title):
    from extractors.reports.trip import find_title

    assert find_title(opening + "壹、目的\n\n說明。\n") == title


def test_an_attachment_line_inside_a_numbered_appendix_stays_in_it():
    from extractors.core.doc import doc_from_text
    from extractors.sections.tree import extract_sections

    text = "壹、目的\n\n說明。\n\n貳、附錄\n\n附件一 會議議程\n\n議程內容。\n"
    rows = extract_sections(doc_from_text(text))
    assert [(r.section_path, r.kind, r.text) for r in rows] == [
        ("1", "purpose", "說明。"), ("2", "appendix", "附件一 會議議程\n\n議程內容。"),
    ]


@pytest.mark.parametrize(
    "opening, summary",
    [
        ("摘要\n\n本次赴瑞士參加會議。\n\n目次\n\n一、目的……1\n\n", "本次赴瑞士參加會議。"),
        ("摘 要\n\n本次赴瑞士參加會議。\n\n第二段。\n\n", "本次赴瑞士參加會議。\n\n第二段。"),
        ("Abstract\n\nThis report summarizes the visit.\n\n", "This report summarizes the visit."),
        ("前言\n\n本次赴瑞士參加會議。\n\n", None),
    ],
)
def test_unnumbered_summary_without_a_cover(opening, summary):
    from extractors.core.doc import doc_from_text
    from extractors.reports.trip import extract_trip
    from extractors.sections.tree import extract_sections

    doc = doc_from_text("國立清華大學出國報告\n\n" + opening + "一、目的\n\n說明。\n\n二、過程\n\n說明。\n")
    assert extract_trip(doc, extract_sections(doc))["reports"][0].summary == summary


ENGLISH = """Report on the Visit to the OECD

I. Purpose

To attend the meeting.

II. Process

1. Opening session

The Chair opened the session.

2. Bilateral meetings

Met the delegation of Korea.

III. Conclusions and Recommendations

We recommend continued participation.
"""


def test_an_english_report_numbered_with_roman_numerals():
    from extractors.core.doc import doc_from_text
    from extractors.sections.tree import extract_sections

    rows = extract_sections(doc_from_text(ENGLISH))
    assert [(r.section_path, r.marker, r.title, r.kind) for r in rows] == [
        ("1", "I.", "Purpose", "purpose"), ("2", "II.", "Process", "process"),
        ("2.1", "1.", "Opening session", None), ("2.2", "2.", "Bilateral meetings", None),
        ("3", "III.", "Conclusions and Recommendations", "reflections"),
    ]


@pytest.mark.parametrize(
    "line, ordinal",
    [("I. Agenda", 1), ("IV. Summary", 4), ("IX.\tTitle", 9), ("XIV. Annex", 14),
     ("I went home", None), ("Ice. cream", None), ("I.5 mm", None), ("VV. x", None)],
)
def test_roman_markers(line, ordinal):
    from extractors.core.numbering import parse_marker

    marker = parse_marker(line)
    assert (marker.ordinal if marker and marker.type == "roman" else None) == ordinal
