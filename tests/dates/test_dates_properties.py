"""Property tests: any date written in any supported form comes back; rows are always well formed."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.core.doc import doc_from_text
from extractors.core.records import ReportRow
from extractors.dates.extract import extract_dates, parse_date

FULL_WIDTH = str.maketrans("0123456789./-", "０１２３４５６７８９．／－")
CN = "〇一二三四五六七八九"


def cn_digits(n: int) -> str:
    return "".join(CN[int(c)] for c in str(n))


def cn_small(n: int) -> str:
    """1..31 in positional Chinese numerals: 十二, 二十一, 三十."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN[tens] + "十")
    return head + (CN[ones] if ones else "")


FORMS = {
    "gregorian_units": lambda x: f"{x.year}年{x.month}月{x.day}日",
    "gregorian_spaced": lambda x: f"{x.year} 年 {x.month} 月 {x.day} 日",
    "roc_units": lambda x: f"{x.year - 1911}年{x.month}月{x.day}日",
    "roc_era": lambda x: f"民國{x.year - 1911}年{x.month}月{x.day}日",
    "dotted": lambda x: f"{x.year}.{x.month}.{x.day}",
    "slashed_padded": lambda x: f"{x.year}/{x.month:02d}/{x.day:02d}",
    "iso": lambda x: x.isoformat(),
    "roc_dotted": lambda x: f"{x.year - 1911}.{x.month:02d}.{x.day:02d}",
    "full_width": lambda x: f"{x.year}.{x.month}.{x.day}".translate(FULL_WIDTH),
    "chinese": lambda x: f"{cn_digits(x.year)}年{cn_small(x.month)}月{cn_small(x.day)}日",
    "weekday": lambda x: f"{x.year}年{x.month}月{x.day}日（{'一二三四五六日'[x.weekday()]}）",
}
CONTEXT = ["本府於", "會議將於", "", "（", "出國期間：", "公告日期 ", "，並在"]
AFTER = ["舉行", "", "）", "在印尼泗水召開", "。", " 搭機前往"]

days = st.dates(min_value=date(1962, 1, 1), max_value=date(2060, 12, 31))


@settings(max_examples=300, deadline=None)
@given(day=days, form=st.sampled_from(sorted(FORMS)), before=st.sampled_from(CONTEXT), after=st.sampled_from(AFTER))
def test_any_written_day_comes_back(day, form, before, after):
    written = FORMS[form](day)
    rows = extract_dates(doc_from_text(before + written + after))
    assert [(r.text, r.start, r.end, r.granularity) for r in rows] == [(written, day, day, "day")]


@settings(max_examples=200, deadline=None)
@given(first=days, length=st.integers(0, 40), form=st.sampled_from(["gregorian_units", "roc_units", "dotted", "chinese"]))
def test_any_written_range_comes_back(first, length, form):
    last = first + timedelta(days=length)
    written = FORMS[form](first) + "至" + FORMS[form](last)
    rows = extract_dates(doc_from_text("期間為" + written + "。"))
    assert [(r.start, r.end) for r in rows] == [(first, last)]


@settings(max_examples=200, deadline=None)
@given(first=days, length=st.integers(0, 25), spaced=st.booleans())
def test_a_range_that_omits_year_and_month_inherits_them(first, length, spaced):
    last = first + timedelta(days=length)
    sp = " " if spaced else ""
    if last.month == first.month:
        written = f"{first.month}{sp}月{sp}{first.day}日至{sp}{last.day}日"
    else:
        written = f"{first.month}{sp}月{sp}{first.day}日至{sp}{last.month}{sp}月{sp}{last.day}日"
    trip = [ReportRow(doc_id="t", trip_start=first.replace(day=1))]
    rows = extract_dates(doc_from_text("本府參加" + written + "之會議"), reports=trip)
    assert [(r.text, r.start, r.end, r.is_relative) for r in rows] == [(written, first, last, True)]


@settings(max_examples=100, deadline=None)
@given(day=days, form=st.sampled_from(["roc_units", "dotted", "iso", "slashed_padded", "gregorian_units"]))
def test_parse_date_reads_a_cell(day, form):
    parsed = parse_date(FORMS[form](day) + " 臺北")
    assert parsed is not None and (parsed.start, parsed.end, parsed.granularity) == (day, day, "day")


ALPHABET = list("0123456789０１２３年月日度至到及、，,.-/~～－（）() \n\t本今去前明同翌次隔上下個屆第位元億民國西元中華一二十百〇") + ["2018", "107", "5月", "12"]


def check_row(doc, row):
    assert doc.text[row.char_start : row.char_end] == row.text
    assert row.granularity in ("day", "month", "year")
    assert row.calendar in ("gregorian", "roc", None)
    if row.start is None:
        assert row.end is None and row.rule
        return
    assert row.start <= row.end
    ranged = row.rule.startswith(("range", "inline_range", "decade"))
    if row.granularity == "day" and not ranged:
        assert row.start == row.end
    if row.granularity == "month":
        assert row.start.day == 1
        assert row.end.day == calendar.monthrange(row.end.year, row.end.month)[1]
        if not ranged:
            assert (row.start.year, row.start.month) == (row.end.year, row.end.month)
    if row.granularity == "year":
        assert (row.start.month, row.start.day, row.end.month, row.end.day) == (1, 1, 12, 31)
        if not ranged:
            assert row.start.year == row.end.year


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.sampled_from(ALPHABET), max_size=40), trip=st.none() | days)
def test_rows_are_always_well_formed(parts, trip):
    doc = doc_from_text("".join(parts))
    reports = [ReportRow(doc_id="t", trip_start=trip)] if trip else []
    rows = extract_dates(doc, reports=reports)
    ends = [0]
    for row in rows:
        check_row(doc, row)
        assert row.char_start >= ends[-1], "rows do not overlap"
        ends.append(row.char_end)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=60))
def test_any_text_never_raises(text):
    doc = doc_from_text(text)
    for row in extract_dates(doc):
        check_row(doc, row)
