"""Anchoring: which year a year-less or relative expression gets, and from where."""

from __future__ import annotations

from datetime import date as d

from extractors.core.doc import doc_from_text
from extractors.core.records import ItineraryRow, ReportRow, SectionRow
from extractors.dates.extract import DateSettings, extract_dates

NO_INFERENCE = DateSettings(infer_anchors=False)


def _section(text: str, path: str, start: int, end: int, level: int = 1) -> SectionRow:
    return SectionRow(doc_id="t", section_path=path, level=level, char_start=start, char_end=end, text=text[start:end])


def _row(rows, surface):
    matches = [r for r in rows if r.text == surface]
    assert len(matches) == 1, [r.text for r in rows]
    return matches[0]


def test_year_less_takes_the_nearest_year_earlier_in_its_section():
    text = "農業部於2013年簽約。\n工程於7月完工。"
    doc = doc_from_text(text)
    rows = extract_dates(doc, [_section(text, "1", 0, len(text))], [ReportRow(doc_id="t", trip_start=d(2018, 5, 1))])
    row = _row(rows, "7月")
    assert (row.start, row.end, row.anchor, row.section_path, row.is_relative) == (
        d(2013, 7, 1), d(2013, 7, 31), "section", "1", True)


def test_a_year_in_another_section_does_not_anchor():
    text = "農業部於2013年簽約。\n工程於7月完工。"
    cut = text.index("\n") + 1
    sections = [_section(text, "1", 0, cut), _section(text, "2", cut, len(text))]
    rows = extract_dates(doc_from_text(text), sections, [ReportRow(doc_id="t", trip_start=d(2018, 5, 1))])
    row = _row(rows, "7月")
    assert (row.start, row.anchor, row.section_path) == (d(2018, 7, 1), "trip", "2")


def test_innermost_section_gives_the_path():
    text = "壹、過程\n一、行程\n於5月21日抵達。"
    sections = [_section(text, "1", 0, len(text)), _section(text, "1.1", text.index("一、"), len(text), level=2)]
    rows = extract_dates(doc_from_text(text), sections, [ReportRow(doc_id="t", trip_start=d(2019, 5, 20))])
    assert [(r.text, r.section_path, r.start) for r in rows] == [("5月21日", "1.1", d(2019, 5, 21))]


def test_deictic_year_counts_from_the_trip_not_the_year_just_written():
    text = "該委員會於2017年設立，會員大會將於本年5月舉行。"
    sections = [_section(text, "1", 0, len(text))]
    rows = extract_dates(doc_from_text(text), sections, [ReportRow(doc_id="t", trip_start=d(2018, 4, 9))])
    row = _row(rows, "本年5月")
    assert (row.start, row.end, row.anchor) == (d(2018, 5, 1), d(2018, 5, 31), "trip")


def test_itinerary_gives_the_trip_year():
    itinerary = [ItineraryRow(doc_id="t", seq=1, date=d(2016, 9, 3)), ItineraryRow(doc_id="t", seq=2, date=d(2016, 9, 4))]
    rows = extract_dates(doc_from_text("預定於明年3月回訪"), itinerary=itinerary)
    assert [(r.text, r.start, r.anchor) for r in rows] == [("明年3月", d(2017, 3, 1), "trip")]


def test_report_date_when_there_is_no_trip():
    rows = extract_dates(doc_from_text("今年完成"), reports=[ReportRow(doc_id="t", report_date=d(2021, 2, 1))])
    assert [(r.start, r.anchor) for r in rows] == [(d(2021, 1, 1), "report")]


def test_document_year_is_the_last_resort():
    rows = extract_dates(doc_from_text("2015年起推動，9月上線"), settings=NO_INFERENCE)
    assert [(r.text, r.start, r.anchor) for r in rows] == [("2015年", d(2015, 1, 1), None), ("9月", d(2015, 9, 1), "document")]


def test_no_anchor_at_all_keeps_the_row():
    rows = extract_dates(doc_from_text("本年9月上線"), settings=NO_INFERENCE)
    assert [(r.text, r.start, r.end, r.rule) for r in rows] == [("本年9月", None, None, "no_anchor")]


def test_trip_across_new_year_gives_an_early_month_the_end_year():
    reports = [ReportRow(doc_id="t", trip_start=d(2018, 12, 28), trip_end=d(2019, 1, 5))]
    rows = extract_dates(doc_from_text("12月30日抵達，1月3日離開"), reports=reports)
    assert [r.start for r in rows] == [d(2018, 12, 30), d(2019, 1, 3)]


def test_trip_and_report_dates_are_read_from_labels_when_not_given():
    text = "出國期間：108年9月2日至108年9月6日\n報告日期：108年11月20日\n本年 10 月另有會議，明年再訪。"
    rows = extract_dates(doc_from_text(text))
    assert _row(rows, "本年 10 月").start == d(2019, 10, 1)
    assert _row(rows, "本年 10 月").anchor == "trip_text"
    assert _row(rows, "明年").start == d(2020, 1, 1)


def test_itinerary_row_in_the_text_gives_the_trip_year():
    text = "說明：將於本年 6 月召開。\n日期\t地點\n2016.3.1\t東京\n2016.3.2\t大阪"
    rows = extract_dates(doc_from_text(text))
    assert _row(rows, "本年 6 月").start == d(2016, 6, 1)


def test_anaphoric_days_count_from_the_day_before():
    text = "107年4月9日抵達，翌日參訪，同日晚間返回；次日搭機。"
    rows = extract_dates(doc_from_text(text))
    assert [(r.text, r.start, r.anchor) for r in rows] == [
        ("107年4月9日", d(2018, 4, 9), None),
        ("翌日", d(2018, 4, 10), "antecedent"),
        ("同日", d(2018, 4, 10), "antecedent"),
        ("次日", d(2018, 4, 11), "antecedent"),
    ]


def test_anaphoric_year_and_month():
    text = "2013年經濟部挑選22國；同年，協會與商會簽約。2016年3月開幕，同月28日揭牌，翌年擴建。"
    rows = extract_dates(doc_from_text(text))
    got = [(r.text, r.start, r.end) for r in rows if r.anchor == "antecedent"]
    assert got == [
        ("同年", d(2013, 1, 1), d(2013, 12, 31)),
        ("同月28日", d(2016, 3, 28), d(2016, 3, 28)),
        ("翌年", d(2017, 1, 1), d(2017, 12, 31)),
    ]


def test_inline_year_wins_over_the_anchor():
    rows = extract_dates(doc_from_text("去（2017）年成立"), reports=[ReportRow(doc_id="t", trip_start=d(2020, 1, 1))])
    assert [(r.start, r.is_relative, r.anchor, r.rule) for r in rows] == [(d(2017, 1, 1), True, "inline", "inline_y")]


def test_explicit_dates_need_no_anchor_and_are_not_relative():
    rows = extract_dates(doc_from_text("107年4月9日"))
    assert [(r.is_relative, r.anchor, r.rule, r.calendar) for r in rows] == [(False, None, "ymd", "roc")]
