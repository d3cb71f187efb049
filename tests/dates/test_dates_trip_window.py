"""Year-less month-days anchored on the trip window before a year written nearby (issue 14).

Cases in the style of other agencies; none comes from a report.
"""

from __future__ import annotations

from datetime import date

from extractors.core.doc import doc_from_text
from extractors.core.records import ReportRow, SectionRow
from extractors.dates.extract import extract_dates


def dates_of(text: str, trip: tuple[date, date] | None):
    reports = [ReportRow(doc_id="t", trip_start=trip[0], trip_end=trip[1])] if trip else []
    section = SectionRow(doc_id="t", level=1, section_path="1", title="過程", kind="process",
                         char_start=0, char_end=len(text), text=text)
    rows = extract_dates(doc_from_text(text, doc_id="t"), [section], reports=reports)
    return {r.text: (r.start, r.end) for r in rows}


def test_a_visit_day_takes_the_trip_year_not_a_founding_year_just_before():
    text = "該局成立於1998年，為港務主管機關。本團於9月4日上午拜會該局，聽取簡報。"
    found = dates_of(text, (date(2023, 9, 3), date(2023, 9, 9)))
    assert found["9月4日"][0] == date(2023, 9, 4)


def test_a_visit_day_takes_the_trip_year_not_a_target_year():
    text = "該市計畫於2030年達成淨零排放。10月18日下午參訪其智慧電網示範區。"
    found = dates_of(text, (date(2022, 10, 15), date(2022, 10, 23)))
    assert found["10月18日"][0] == date(2022, 10, 18)


def test_a_month_day_far_from_the_trip_keeps_the_year_written_before_it():
    text = "該法於2015年修正，並自3月1日起施行。"
    found = dates_of(text, (date(2023, 9, 3), date(2023, 9, 9)))
    assert found["3月1日"][0] == date(2015, 3, 1)


def test_a_day_a_few_weeks_after_the_trip_still_takes_its_year():
    text = "依2019年之協議，雙方將於12月1日前交換會議紀錄。"
    found = dates_of(text, (date(2024, 11, 10), date(2024, 11, 16)))
    assert found["12月1日"][0] == date(2024, 12, 1)
