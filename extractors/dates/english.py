"""English dates inside Chinese reports: May 21, 2018; 21-28 May 2018; May 2018.

Names of meetings and papers are often quoted in English with their date, e.g.
「(Bangkok, 21-23 November 2019)」. Only forms with a four-digit year are read:
a month name alone (May) is too often a word.
"""

from __future__ import annotations

import re

from extractors.dates.base import Found, GrammarSettings, Point

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_TO = r"\s*(?:-|~|to|through|until)\s*"
_ENGLISH = re.compile(
    rf"\b(?P<m1>{_MON})\s+{_DAY}(?:{_TO}(?:(?P<m2>{_MON})\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?,?\s+(?P<y>\d{{4}})(?!\d)"
    rf"|\b(?P<dd1>\d{{1,2}})(?:st|nd|rd|th)?(?:{_TO}(?P<dd2>\d{{1,2}})(?:st|nd|rd|th)?)?\s+(?P<mm>{_MON}),?\s+(?P<yy>\d{{4}})(?!\d)"
    rf"|\b(?P<mo>{_MON}),?\s+(?P<yo>\d{{4}})(?!\d)"
)


_JOIN = re.compile(r"\s*(?:-|~|to|through|until|至|到)\s*")

# Every match holds a month name, which starts with one of these; before it a match
# holds only day numbers, their suffixes, a range word and white space (_DAY, _TO).
_MONTH_HINT = re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_LEAD_LETTERS = frozenset("stndrhougil-~")


def _english_matches(t: str):
    """``_ENGLISH.finditer(t)``, trying the pattern only around month names.

    The first match at or after ``pos`` has its month name at the first month-name
    start ``h`` at or after ``pos`` and begins in the run of lead characters just
    before ``h``; so the pattern is tried at the digits of that run and at ``h``, in
    order, instead of at every position of a Chinese text.
    """
    pos = 0
    while (hint := _MONTH_HINT.search(t, pos)) is not None:
        h = hint.start()
        q = h
        while q > pos and (t[q - 1] in _LEAD_LETTERS or t[q - 1].isdigit() or t[q - 1].isspace()):
            q -= 1
        found = None
        for s in range(q, h + 1):
            if (s == h or t[s].isdigit()) and (found := _ENGLISH.match(t, s)) is not None:
                break
        if found is None:
            pos = h + 1
            continue
        yield found
        pos = found.end()


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def find_english_dates(t: str, settings: GrammarSettings) -> list[Found]:
    """English dates with a four-digit year, in the (already mapped) text ``t``."""
    out: list[Found] = []
    for m in _english_matches(t):
        if m["y"]:
            year, m1 = int(m["y"]), _month(m["m1"])
            d1 = int(m.group(2))
            m2 = _month(m["m2"]) if m["m2"] else m1
            d2 = int(m["d2"]) if m["d2"] else d1
        elif m["yy"]:
            year, m1 = int(m["yy"]), _month(m["mm"])
            m2, d1 = m1, int(m["dd1"])
            d2 = int(m["dd2"]) if m["dd2"] else d1
        else:
            year, m1 = int(m["yo"]), _month(m["mo"])
            if settings.bare_year_min <= year <= settings.bare_year_max:
                out.append(Found(m.start(), m.end(), Point(year, m1), Point(year, m1), "month", "gregorian", "en_ym"))
            continue
        if not settings.bare_year_min <= year <= settings.bare_year_max:
            continue
        invalid = None if 1 <= d1 <= 31 and 1 <= d2 <= 31 else "invalid_day"
        ranged = (m1, d1) != (m2, d2)
        rule = "range_en_ymd" if ranged else "en_ymd"
        out.append(
            Found(m.start(), m.end(), Point(year, m1, d1), Point(year, m2, d2), "day", "gregorian", rule, invalid=invalid)
        )
    return _join_ranges(t, out)


def _join_ranges(t: str, found: list[Found]) -> list[Found]:
    """Two full dates joined by to / - / 至 are one range: March 4, 2023 to March 8, 2023."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.granularity == f.granularity == "day" and not prev.invalid and not f.invalid
            and _JOIN.fullmatch(t, prev.char_end, f.char_start)
            and (prev.start.year, prev.start.month, prev.start.day) <= (f.end.year, f.end.month, f.end.day)
        ):
            out[-1] = Found(prev.char_start, f.char_end, prev.start, f.end, "day", "gregorian", "range_en_ymd")
            continue
        out.append(f)
    return out
