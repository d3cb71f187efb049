"""Day cells of an itinerary: the date (or 第N天) written at the start of a row, and its
first and last day (5/21, 2018.5.21, 107年5月21日, 4月10日至12日, 11/20-11/21, with a
weekday (一) after either end).

Example:
    >>> parse_day_span("11/20-11/21", anchor_year=2019)
    (datetime.date(2019, 11, 20), datetime.date(2019, 11, 21))
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from extractors.dates.extract import parse_date

_WEEKDAY = (
    r"(?:\s*[（(]\s*(?:星期|週|周|禮拜)?[一二三四五六日天]\s*[）)]|\s*(?:星期|週|周|禮拜)[一二三四五六日天]"
    r"|\s*[（(]\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?\s*[）)])"
)
_FULL = (
    r"(?:民國\s*)?\d{2,4}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?|[./\-]\s*\d{1,2}\s*[./\-]\s*\d{1,2}(?![\d/.]))"
)
_MD = r"\d{1,2}\s*月\s*\d{1,2}\s*日?|\d{1,2}\s*[/.]\s*\d{1,2}(?![\d/.])"
_DAY = r"\d{1,2}\s*日"
_RANGE_SEP = r"\s*(?:至|到|~|～|〜|-|－|—|–|—)\s*"
DATE_TOKEN = re.compile(
    rf"(?P<first>{_FULL}|{_MD}){_WEEKDAY}?(?:{_RANGE_SEP}(?P<last>{_FULL}|{_MD}|{_DAY}|\d{{1,2}}(?![\d/.月])))?{_WEEKDAY}?"
    r"|(?P<ordinal>第\s*[一二三四五六七八九十\d]+\s*天|Day\s*\d+|D\d+)",
    re.IGNORECASE,
)
_AFTER_DATE = re.compile(r"$|[\s\t]|[^\d\w]|[\u3400-\u9fff]")
FULL_DATE = _FULL


def match_date_prefix(text: str) -> re.Match[str] | None:
    """The date (or 第N天) written at the start of a row, or None."""
    m = DATE_TOKEN.match(text)
    if not m or not _AFTER_DATE.match(text, m.end()):
        return None
    return m


def md_to_date(text: str, year: int) -> date | None:
    text = unicodedata.normalize("NFKC", text).strip()
    text = re.sub(r"^(\d{1,2})\s*\.\s*(\d{1,2})$", r"\1/\2", text)
    parsed = parse_date(text, anchor_year=year)
    return parsed.start if parsed else None


def parse_day_span(text: str, *, anchor_year: int | None = None) -> tuple[date | None, date | None]:
    """A date cell to its first and last day; (None, None) when it does not parse.

    Example:
        >>> parse_day_span("4月10日至12日", anchor_year=2018)
        (datetime.date(2018, 4, 10), datetime.date(2018, 4, 12))
    """
    m = DATE_TOKEN.match(unicodedata.normalize("NFKC", text.strip()))
    if not m or not m["first"]:
        return None, None
    first = re.sub(r"\s+", "", m["first"])
    start = None
    if re.fullmatch(_FULL, first):
        parsed = parse_date(first)
        start = parsed.start if parsed else None
    elif anchor_year is not None:
        start = md_to_date(first, anchor_year)
    if start is None or not m["last"]:
        return start, start
    last = re.sub(r"\s+", "", m["last"])
    if re.fullmatch(_FULL, last):
        parsed = parse_date(last)
        end = parsed.start if parsed else None
    elif re.fullmatch(r"\d{1,2}日?", last):
        day = int(last.rstrip("日"))
        end = None
        if day >= start.day:
            end = md_to_date(f"{start.month}/{day}", start.year)
        elif start.month < 12:
            end = md_to_date(f"{start.month + 1}/{day}", start.year)
    else:
        end = md_to_date(last, start.year)
        if end and end < start:
            end = md_to_date(last, start.year + 1)
    if end is not None and end < start:
        end = None
    return start, end


__all__ = ["DATE_TOKEN", "FULL_DATE", "match_date_prefix", "md_to_date", "parse_day_span"]
