"""Periods of whole years alone in parentheses: reigns, dynasties, lives, plans."""

from __future__ import annotations

import pytest

from extractors.dates.grammar import find_dates


def spans(text: str) -> list[tuple[int, int, str]]:
    return [(f.start.year, f.end.year, f.granularity) for f in find_dates(text)]


@pytest.mark.parametrize("text,expected", [
    ("展出明萬曆（1573-1620）年間官窯瓷器", [(1573, 1620, "year")]),
    ("日治時期畫家陳澄波（1895–1947）之油畫", [(1895, 1947, "year")]),
    ("北宋（960-1127）", []),  # three digits: not a year here
    ("清道光（1821至1850）御製", [(1821, 1850, "year")]),
    ("第二期計畫（2021-2025）", [(2021, 2025, "year")]),
])
def test_year_periods_in_parentheses(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", [
    "編號（1795-1736）",  # reversed
    "預算（1000-2500）萬元",  # wider than any period
    "分機（0912-0934）",  # a leading zero: no year
    "約1736-1795之間",  # not in parentheses and before 1900
    "參加人數約（1200-1500）人次",  # an amount with its unit after the parenthesis
])
def test_not_periods(text):
    assert spans(text) == []
