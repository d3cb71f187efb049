"""Cover forms and traveller phrases the seeds do not show (issue 14), in other agencies' styles."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.core.doc import doc_from_text
from extractors.reports.cover_form import fill_in, parse_cover_text
from extractors.reports.participants import parse_lead_phrase, split_agency_title
from extractors.reports.trip import extract_trip

OLDER_FORM = (
    "行政院所屬各機關出國報告提要\n\n"
    "出國報告名稱：赴荷蘭參加國際港埠協會年會暨考察鹿特丹港自動化碼\n頭營運\n"
    "頁數 38    含附件：□是 ■否\n"
    "出國計畫主辦機關/聯絡人/電話\n"
    "交通部航港局/蘇雅婷/(02)8978-2000 轉 1203\n"
    "出國人員姓名/服務機關/單位/職稱/電話\n"
    "謝承翰/交通部航港局/港務組/組長/(02)8978-2000 轉 1100\n"
    "蘇雅婷/交通部航港局/港務組/科員/(02)8978-2000 轉 1203\n"
    "出國類別：□1 考察  □2 進修  □3 研究  □4 實習  ■5 其他（會議）\n"
    "出國期間：民國 108 年 6 月 2 日至民國 108 年 6 月 9 日       出國地區：荷蘭\n"
    "報告日期：民國 108 年 8 月 30 日\n"
    "內容摘要：（二百至三百字）\n"
    "本局派員出席國際港埠協會年會，並考察鹿特丹港自動化碼頭。\n\n"
    "本文電子檔已上傳至出國報告資訊網（http://report.nat.gov.tw/reportwork）\n"
)


def test_an_older_form_with_slash_joined_labels_and_values_below():
    report = extract_trip(doc_from_text(OLDER_FORM))["reports"][0]
    assert report.title == "赴荷蘭參加國際港埠協會年會暨考察鹿特丹港自動化碼頭營運"
    assert (report.organizer, report.contact_name) == ("交通部航港局", "蘇雅婷")
    assert report.contact_phone.startswith("(02)8978-2000")
    assert report.n_pages_stated == 38 and report.has_attachment is False
    assert report.trip_type == "會議"  # a ticked 其他 is its fill-in
    assert (report.trip_start, report.trip_end) == (date(2019, 6, 2), date(2019, 6, 9))
    assert report.summary == "本局派員出席國際港埠協會年會，並考察鹿特丹港自動化碼頭。"  # no footer


def test_the_form_travellers_come_from_the_slash_rows():
    people = extract_trip(doc_from_text(OLDER_FORM))["participants"]
    assert [(p.name, p.agency, p.unit, p.job_title) for p in people] == [
        ("謝承翰", "交通部航港局", "港務組", "組長"),
        ("蘇雅婷", "交通部航港局", "港務組", "科員"),
    ]


def test_a_period_in_chinese_numerals_that_wraps_onto_the_next_line():
    text = (
        "出國報告名稱：赴智利考察銅礦產業\n"
        "出國期間：中華民國一百一十二年三月六日至中華民國一\n"
        "　　　　　百一十二年三月十五日\n"
        "出國地區：智利\n報告日期：中華民國一百一十二年五月二日\n"
    )
    form = parse_cover_text(text)
    assert (form.trip_start, form.trip_end) == (date(2023, 3, 6), date(2023, 3, 15))


def test_a_bracketed_label_in_a_heading_ends_at_its_bracket():
    text = "出國報告（出國類別：開會）赴泰國出席亞太經合會議\n\n出國期間：113年5月6日至113年5月9日\n出國地區：泰國\n"
    report = extract_trip(doc_from_text(text))["reports"][0]
    assert report.trip_type == "開會"


def test_destinations_keep_the_covers_words():
    text = "出國報告名稱：赴紐西蘭考察\n出國期間：112年2月1日至112年2月8日\n出國地區：紐西蘭、澳大利亞\n"
    assert parse_cover_text(text).destinations == ["紐西蘭", "澳大利亞"]


@pytest.mark.parametrize(
    ("option", "words"),
    [("其他：展覽", "展覽"), ("其他（洽公）", "洽公"), ("其他", "其他"), ("其他：＿＿", "其他：＿＿"), ("開會", "開會")],
)
def test_a_ticked_other_is_its_fill_in(option, words):
    assert fill_in(option) == words


# --- people written as one phrase --------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "person"),
    [
        ("本局副局長陳柏宇", ("陳柏宇", "本局", "副局長")),  # agency, title, name
        ("本府觀光傳播局吳宜蓁專門委員", ("吳宜蓁", "本府觀光傳播局", "專門委員")),  # agency, name, title
        ("農業部林業及自然保育署署長林志豪", ("林志豪", "農業部林業及自然保育署", "署長")),
    ],
)
def test_a_lead_phrase_is_split_by_the_title_lexicon(phrase, person):
    found = parse_lead_phrase(phrase)
    assert found is not None
    assert (found.name, found.agency, found.job_title) == person


def test_a_count_phrase_never_becomes_a_traveller():
    text = (
        "出國報告名稱：赴德國考察再生能源\n出國人員：本部次長李明哲等4人\n"
        "出國期間：113年4月1日至113年4月8日\n出國地區：德國\n\n"
        "貳、考察人員\n\n姓名\t服務機關\t職稱\n李明哲\t經濟部\t政務次長\n王雅文\t經濟部能源署\t組長\n"
    )
    people = extract_trip(doc_from_text(text))["participants"]
    names = [p.name for p in people]
    assert names == ["李明哲", "王雅文"]
    assert not any("等" in (n or "") or "人" == (n or "")[-1:] for n in names)


def test_name_title_pairs_on_one_line():
    text = "服務機關：\t國立臺灣博物館\n姓名職稱：\t李佳穎 研究員 周冠宇 助理研究員\n出國期間：\t2019/3/4 至 2019/3/10\n派赴國家：\t日本\n"
    people = extract_trip(doc_from_text(text))["participants"]
    assert [(p.name, p.job_title) for p in people] == [("李佳穎", "研究員"), ("周冠宇", "助理研究員")]


def test_a_pointer_to_the_list_is_not_a_name():
    text = "出國報告名稱：赴英國洽展\n出國人員：林美君、黃子軒（詳如本報告附錄一）\n出國期間：2018/9/1 至 2018/9/6\n出國地區：英國\n"
    people = extract_trip(doc_from_text(text))["participants"]
    assert [p.name for p in people] == ["林美君", "黃子軒"]


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        ("國立中興大學土木工程學系副教授", ("國立中興大學土木工程學系", "副教授")),
        ("臺中市政府水利局簡任技正", ("臺中市政府水利局", "簡任技正")),
        ("國立自然科學博物館", ("國立自然科學博物館", None)),
    ],
)
def test_an_agency_and_a_title_run_together_are_read_from_the_end(cell, parts):
    assert split_agency_title(cell) == parts


def test_a_table_cell_with_agency_and_title_gives_both():
    text = "出國人員名單\n\n姓名\t服務機關\n陳怡安\t國立陽明交通大學電機工程學系教授\n"
    people = extract_trip(doc_from_text(text))["participants"]
    assert [(p.name, p.agency, p.job_title) for p in people] == [("陳怡安", "國立陽明交通大學電機工程學系", "教授")]
