"""A date range split by a wrapped itinerary cell is one row of the dates table."""

from __future__ import annotations

from extractors.core.doc import doc_from_text
from extractors.dates.extract import extract_dates
from extractors.reports.trip import extract_trip
from extractors.sections.tree import extract_sections

TEXT = (
    "出國期間：113年9月2日至113年9月6日\n\n壹、行程\n\n"
    "日期            行程內容                              地點\n"
    "9月2日(一)      搭機前往維也納                        維也納\n"
    "9月3日(二)至    出席國際原子能總署大會                維也納\n"
    "9月5日(四)\n"
    "9月6日(五)      搭機返國                              臺北\n\n"
    "貳、心得\n\n本次出訪期間為113年9月2日至6日。\n"
)


def rows_for(text: str):
    doc = doc_from_text(text)
    sections = extract_sections(doc)
    trip = extract_trip(doc, sections)
    itinerary = trip["itinerary"]
    return itinerary, extract_dates(doc, sections, trip["reports"], itinerary)


def test_wrapped_range_cell_is_one_date_row():
    itinerary, dates = rows_for(TEXT)
    assert any(r.date_text and "至" in r.date_text for r in itinerary), "the itinerary should read the range"
    texts = {r.text: (r.start.isoformat(), r.end.isoformat()) for r in dates if r.start}
    assert texts["9月3日(二)至9月5日(四)"] == ("2024-09-03", "2024-09-05")
    assert "9月5日(四)" not in texts


def test_dates_on_separate_rows_stay_apart():
    text = TEXT.replace("9月3日(二)至    ", "9月3日(二)      ")
    _itinerary, dates = rows_for(text)
    texts = [r.text for r in dates]
    assert "9月3日(二)" in texts and "9月5日(四)" in texts
