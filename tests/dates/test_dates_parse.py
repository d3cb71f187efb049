"""parse_date: the small cell parser the cover-form and itinerary extractors call.

Its signature, ParsedDate's fields and these behaviours are a contract with them.
"""

from __future__ import annotations

from datetime import date as d

import pytest

from extractors.dates.extract import ParsedDate, parse_date

CASES = [
    ("107年4月9日", None, ParsedDate(d(2018, 4, 9), d(2018, 4, 9), "day", "roc", False, "ymd")),
    ("2018.5.21", None, ParsedDate(d(2018, 5, 21), d(2018, 5, 21), "day", "gregorian", False, "ymd")),
    ("107.5.21", None, ParsedDate(d(2018, 5, 21), d(2018, 5, 21), "day", "roc", False, "ymd")),
    ("2018/05/21", None, ParsedDate(d(2018, 5, 21), d(2018, 5, 21), "day", "gregorian", False, "ymd")),
    ("5/21(一)", 2018, ParsedDate(d(2018, 5, 21), d(2018, 5, 21), "day", "gregorian", True, "md")),
    ("107年4月", None, ParsedDate(d(2018, 4, 1), d(2018, 4, 30), "month", "roc", False, "ym")),
    ("5/21", 2019, ParsedDate(d(2019, 5, 21), d(2019, 5, 21), "day", "gregorian", True, "md")),
    ("5月21日", 2018, ParsedDate(d(2018, 5, 21), d(2018, 5, 21), "day", "gregorian", True, "md")),
    ("2018.5.21 臺北－阿姆斯特丹", None, ParsedDate(d(2018, 5, 21), d(2018, 5, 21), "day", "gregorian", False, "ymd")),
    (" 107 年 6 月 12 日 ", None, ParsedDate(d(2018, 6, 12), d(2018, 6, 12), "day", "roc", False, "ymd")),
    ("１０７年６月１２日", None, ParsedDate(d(2018, 6, 12), d(2018, 6, 12), "day", "roc", False, "ymd")),
    ("107年4月9日至107年4月14日", None, ParsedDate(d(2018, 4, 9), d(2018, 4, 14), "day", "roc", False, "range_ymd")),
    ("2月30日", 2018, ParsedDate(None, None, "day", "gregorian", True, "invalid_day")),
]


@pytest.mark.parametrize("text,anchor,expected", CASES, ids=[c[0] for c in CASES])
def test_parse_date(text, anchor, expected):
    assert parse_date(text, anchor_year=anchor) == expected


@pytest.mark.parametrize("text", ["", "臺北", "5/21", "5月21日", "2018", "第3屆", "04-22289111", "搭機 2018.5.21"])
def test_parse_date_none(text):
    """Nothing at the start, a year-less date without an anchor, or a bare number: None."""
    assert parse_date(text) is None
