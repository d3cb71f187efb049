import json
from datetime import date

import pytest

from extractors.doc import doc_from_text
from extractors.records import SectionRow
from extractors.trip import extract_trip, find_title
from goldscore import score_itinerary, score_participants, score_reports
from seedtext import GOLD, seed_text

SEEDS = ["000", "002"]


@pytest.mark.parametrize("prefix", SEEDS)
def test_seed_scores_against_the_gold(prefix):
    gold = json.loads(next(GOLD.glob(f"{prefix}_*.json")).read_text(encoding="utf-8"))
    out = extract_trip(doc_from_text(seed_text(prefix)))
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
    assert report.destinations == ["香港", "南非"]
    assert report.title is None
    assert report.trip_type is None


def test_the_form_wins_over_the_itinerary():
    text = (
        "出國報告名稱：赴越南考察\n出國期間：108年4月1日至108年4月5日\n出國地區：越南\n\n"
        "日期\t地點\t行程\n4/1\t臺北－河內\t抵達\n4/2\t河內\t考察\n"
    )
    out = extract_trip(doc_from_text(text))
    report = out["reports"][0]
    assert (report.trip_start, report.trip_end, report.destinations) == (date(2019, 4, 1), date(2019, 4, 5), ["越南"])
    assert [r.date for r in out["itinerary"]] == [date(2019, 4, 1), date(2019, 4, 2)]  # anchored to the form's year


TITLES = [
    ("出國報告（出國類別：開會）\n\n參加2019年亞太經濟合作\n會議報告\n\n服務機關：外交部\n", "參加2019年亞太經濟合作會議報告"),
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
    sections = [SectionRow(doc_id="test", section_path="1", level=1, title="摘要", kind="summary", text="摘要內文。")]
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
    assert find_title("交通部觀光署 出國報告\n\n赴日本考察入境旅遊推廣報告\n\n壹、目的") == "赴日本考察入境旅遊推廣報告"
    assert find_title("交通部觀光署 出國報告\n\n二、考察行程\n") is None
