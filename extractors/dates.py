"""The shared date parser: one expression (a form field, a table cell) to an interval.

This is the small parser the cover-form and itinerary extractors call. The dates
stage grows it into a full grammar; callers rely only on :func:`parse_date` and
:class:`ParsedDate`.
"""

from __future__ import annotations

import calendar as _calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

ROC_OFFSET = 1911


@dataclass(frozen=True)
class ParsedDate:
    start: date | None
    end: date | None
    granularity: str  # day, month, year
    calendar: str  # gregorian or roc
    is_relative: bool = False
    rule: str = ""


_YMD = re.compile(
    r"^(?:民國|中華民國|西元)?\s*(?P<y>\d{2,4})\s*(?:年|[./\-])\s*(?P<m>\d{1,2})\s*(?:月|[./\-])\s*(?P<d>\d{1,2})\s*日?"
)
_YM = re.compile(r"^(?:民國|中華民國|西元)?\s*(?P<y>\d{2,4})\s*年\s*(?P<m>\d{1,2})\s*月")
_MD = re.compile(r"^(?P<m>\d{1,2})\s*(?:月|/)\s*(?P<d>\d{1,2})\s*日?")


def resolve_year(year: int) -> tuple[int, str]:
    """A written year to a Gregorian year and the calendar it was written in."""
    if year < 1000:
        return year + ROC_OFFSET, "roc"
    return year, "gregorian"


def make_day(year: int, month: int, day: int) -> date | None:
    """A valid date, or None (2月30日, 13月)."""
    if not (1 <= month <= 12):
        return None
    if not (1 <= day <= _calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def parse_date(text: str, *, anchor_year: int | None = None) -> ParsedDate | None:
    """Parse one date written at the start of ``text``; None when there is none.

    Example:
        >>> parse_date("107年4月9日").start.isoformat()
        '2018-04-09'
        >>> parse_date("2018.5.21").calendar
        'gregorian'
        >>> parse_date("5/21(一)", anchor_year=2018).start.isoformat()
        '2018-05-21'
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if m := _YMD.match(text):
        year, cal = resolve_year(int(m["y"]))
        day = make_day(year, int(m["m"]), int(m["d"]))
        return ParsedDate(day, day, "day", cal, rule="ymd" if day else "invalid_day")
    if m := _YM.match(text):
        year, cal = resolve_year(int(m["y"]))
        month = int(m["m"])
        if not 1 <= month <= 12:
            return ParsedDate(None, None, "month", cal, rule="invalid_month")
        last = _calendar.monthrange(year, month)[1]
        return ParsedDate(date(year, month, 1), date(year, month, last), "month", cal, rule="ym")
    if (m := _MD.match(text)) and anchor_year is not None:
        day = make_day(anchor_year, int(m["m"]), int(m["d"]))
        return ParsedDate(day, day, "day", "gregorian", is_relative=True, rule="md" if day else "invalid_day")
    return None
