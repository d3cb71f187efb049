from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.core.doc import doc_from_text
from extractors.core.records import SectionRow
from extractors.reports.trip import extract_trip, find_title
from pipeline.readers import read_bytes
from tests.support.goldscore import score_itinerary, score_participants, score_reports
from tests.support.seeds import REPORTS, ROOT, require, seed_name, seed_text
from tests.support.seeds import gold as seed_gold

SEEDS = ["000", "002"]


@pytest.mark.parametrize("prefix", SEEDS)
def test_seed_scores_against_the_gold(prefix):
    gold = seed_gold(seed_name(prefix))
    out = extract_trip(doc_from_text(seed_text(seed_name(prefix))))
    assert len(out["reports"]) == 1
    assert score_reports(gold["reports"], out["reports"][0])[2] == 1.0
    assert score_participants(gold["participants"], out["participants"])[2] == 1.0
    assert score_itinerary(gold["itinerary"], out["itinerary"])[2] == 1.0


def test_without_a_cover_form_the_itinerary_gives_dates_and_countries():
    text = (
        "壹、目的\n\n參加年會。\n\n貳、過程\n\n日期\t地點\t行程\n"
        "2019.11.3\t臺北－香港－約翰尼斯堡\t搭機\n2019.11.4\t約翰尼斯堡\t出席年會\n"
        "2019.11.5-2019.11.7\t開普敦\t參訪\n2019.11.8\t開普敦－臺北\t返國\n"
    )
    report = extract_trip(doc_from_text(text))["reports"][0]
    assert (report.trip_start, report.trip_end) == (date(2019, 11, 3), date(2019, 11, 8))
    assert report.destinations == ["南非"]  # 香港 only a transit stop
    assert report.title is None
    assert report.trip_type is None


def test_the_form_wins_over_the_itinerary():
    text = (
        "出國報告名稱：赴越南考察\n出國期間：108年4月1日至108年4月5日\n出國地區：越南\n\n"
        "日期\t地點\t行程\n4/1\t臺北－河內\t抵達\n4/2\t河內\t考察\n"
    )
    out = extract_trip(doc_from_text(text))
    report = out["reports"][0]
    assert (report.trip_start, report.trip_end, report.destinations) == (
        date(2019, 4, 1),
        date(2019, 4, 5),
        ["越南"],
    )
    assert [r.date for r in out["itinerary"]] == [
        date(2019, 4, 1),
        date(2019, 4, 2),
    ]  # anchored to the form's year


TITLES = [
    (
        "出國報告（出國類別：開會）\n\n參加2019年亞太經濟合作\n會議報告\n\n服務機關：外交部\n",
        "參加2019年亞太經濟合作會議報告",
    ),
    ("臺南市政府赴日本考察出國報告\n\n壹、摘要\n\n本文。", "臺南市政府赴日本考察出國報告"),
    ("壹、摘要\n\n本次出國報告說明會議內容。", None),  # a numbered section, not a title
    ("出國報告\n\n壹、目的", None),
    ("本府代表團前往法國參加會議，謹將過程報告如下。\n", None),  # a sentence, not a title
]


@pytest.mark.parametrize(("text", "title"), TITLES)
def test_find_title(text, title):
    assert find_title(text) == title


def test_trip_type_from_the_cover_heading():
    text = "出國報告（出國類別：考察）\n\n赴新加坡考察報告\n\n服務機關：臺中市政府\n出國期間：107年8月1日至107年8月3日\n"
    report = extract_trip(doc_from_text(text))["reports"][0]
    assert (report.trip_type, report.title) == ("考察", "赴新加坡考察報告")


def test_summary_from_the_sections_table():
    sections = [
        SectionRow(doc_id="test", section_path="1", level=1, title="摘要", kind="summary", text="摘要內文。")
    ]
    report = extract_trip(doc_from_text("壹、摘要\n\n摘要內文。\n"), sections)["reports"][0]
    assert report.summary == "摘要內文。"


def test_summary_under_a_summary_heading():
    text = "壹、摘要\n\n第一段。\n\n（一）細節。\n\n貳、目的\n\n目的內文。"
    report = extract_trip(doc_from_text(text))["reports"][0]
    assert report.summary == "第一段。\n\n（一）細節。"


def test_an_empty_document_gives_one_empty_report():
    out = extract_trip(doc_from_text(""))
    assert len(out["reports"]) == 1 and out["participants"] == [] and out["itinerary"] == []
    assert out["reports"][0].title is None and out["reports"][0].destinations is None


def test_a_generic_agency_heading_is_not_the_title():
    assert (
        find_title("交通部觀光署 出國報告\n\n赴日本考察入境旅遊推廣報告\n\n壹、目的")
        == "赴日本考察入境旅遊推廣報告"
    )
    assert find_title("交通部觀光署 出國報告\n\n二、考察行程\n") is None


PRINTED_FORM = (  # 行政院…出國報告提要 as an HTML table, after the reader's normalization
    "行政院及所屬各機關出國報告提要\n\n"
    "出國報告名稱\t赴德國考察再生能源政策\n頁數\t32\t含附件\t■是 □否\n"
    "出國計畫主辦機關/聯絡人/電話\t經濟部能源署/王美華/(02)2775-7777\n"
    "出國人員姓名/服務機關/單位/職稱/電話\t陳建國/經濟部能源署/綜合企劃組/組長/(02)2775-1111 "
    "林怡君/經濟部能源署/能源技術組/技正/(02)2775-2222\n"
    "出國類別\t□考察 □進修 □研究 □實習 ■其他：開會\n"
    "出國期間\t民國112年9月18日至112年9月23日\t出國地區\t德國、比利時\n報告日期\t112年11月30日\n"
    "關鍵詞\t再生能源，離岸風電，能源轉型\n內容摘要\t本次赴德國柏林及比利時布魯塞爾考察。\n\n貳、過程\n\n"
    "日期\t地點\t行程\n9/18（一）\t臺北→法蘭克福→柏林\t搭機啟程\n"
    "9/19（二）～9/20（三）\t柏林\t拜會德國聯邦經濟及氣候保護部 參訪風場\n"
    "9/22（五）～9/23（六）\t布魯塞爾→臺北\t返國\n"
)


def test_a_printed_form_from_an_html_table():
    out = extract_trip(doc_from_text(PRINTED_FORM))
    report = out["reports"][0]
    assert (report.organizer, report.contact_name, report.contact_phone) == (
        "經濟部能源署",
        "王美華",
        "(02)2775-7777",
    )
    assert (report.n_pages_stated, report.has_attachment, report.trip_type) == (32, True, "開會")
    assert report.keywords == ["再生能源", "離岸風電", "能源轉型"]
    assert report.destinations == ["德國", "比利時"]
    assert [(p.name, p.unit, p.job_title) for p in out["participants"]] == [
        ("陳建國", "綜合企劃組", "組長"),
        ("林怡君", "能源技術組", "技正"),
    ]
    assert [(r.date, r.date_end) for r in out["itinerary"]] == [
        (date(2023, 9, 18), None),
        (date(2023, 9, 19), date(2023, 9, 20)),
        (date(2023, 9, 22), date(2023, 9, 23)),
    ]
    assert out["itinerary"][0].places == ["臺北", "法蘭克福", "柏林"]


def test_a_country_only_passed_through_is_not_a_destination():
    text = "日期\t地點\t行程\n2018.4.9\t臺北—曼谷—伊斯蘭馬巴德\t轉機\n2018.4.10\t伊斯蘭馬巴德\t開會\n"
    assert extract_trip(doc_from_text(text))["reports"][0].destinations == ["巴基斯坦"]


PIECES = [
    "日期",
    "地點",
    "行程",
    "\t",
    "\n",
    " ",
    "2018.5.21",
    "5/21",
    "107年",
    "4月",
    "9日",
    "至",
    "－",
    "臺北",
    "東京",
    "出國期間：",
    "出國類別：",
    "■",
    "□",
    "V",
    "姓名/服務機關/單位/職稱：",
    "/",
    "、",
    "編號",
    "姓名",
    "職稱",
    "單位",
    "1",
    "壹、",
    "摘要",
    "內容摘要：",
    "含附件：",
    "是",
    "否",
    "行程表",
    "第3天",
    "13月40日",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60))
def test_any_text_gives_one_report_and_row_spans_that_point_at_the_date(parts):
    doc = doc_from_text("".join(parts))
    out = extract_trip(doc)
    assert len(out["reports"]) == 1
    for row in out["itinerary"]:
        assert doc.text[row.char_start : row.char_end].startswith(row.date_text)


@pytest.mark.parametrize("prefix", SEEDS)
@pytest.mark.parametrize("suffix", ["pdf", "txt"])
def test_seed_renderings_through_the_readers(prefix, suffix):
    """Acceptance on the real readers' output (PDF renderings and the text dumps)."""
    name = seed_name(prefix)
    path = require(REPORTS / f"{name}.{suffix}", f"the {suffix} rendering of seed report {name} in data/raw")
    gold = seed_gold(name)
    out = extract_trip(doc_from_text(read_bytes(path.read_bytes(), suffix).text))
    assert score_reports(gold["reports"], out["reports"][0])[2] >= 0.98
    assert score_participants(gold["participants"], out["participants"])[2] >= 0.98
    assert score_itinerary(gold["itinerary"], out["itinerary"])[2] >= 0.98


def test_an_unruled_pdf_itinerary_through_the_pdf_reader():
    """The PDF helper's unruled fixture (tests/fixtures/pdf)."""
    path = require(ROOT / "tests" / "fixtures" / "pdf" / "itinerary_unruled.pdf", "the unruled itinerary PDF fixture")
    out = extract_trip(doc_from_text(read_bytes(path.read_bytes(), "pdf").text))
    rows = out["itinerary"]
    assert [r.date for r in rows] == [date(2024, 9, d) for d in range(3, 8)]
    assert rows[2].places == ["東京", "大阪"]
    assert out["reports"][0].destinations == ["日本"]
