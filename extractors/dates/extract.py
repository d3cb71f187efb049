"""Dates: find every date expression in a document and resolve it to an interval.

Two entry points:

- :func:`parse_date` reads one expression at the start of a short text (a form
  field, a table cell). The cover-form and itinerary extractors call it.
- :func:`extract_dates` fills the ``dates`` table: every expression in
  ``doc.text``, with ``rule`` (which grammar rule fired, or why it could not
  resolve) and ``anchor`` (what gave the year of a relative or year-less one).

The grammar lives in :mod:`extractors.dates.grammar`. Here are the anchors. There
is no clock: every anchor comes from the arguments or from the text.

- A year-less expression (5月21日, 7 月, 5 月 21日至 28日) takes its year from,
  in order: the nearest year written earlier in the same (innermost) section;
  the trip (``reports[0].trip_start``, else the itinerary's first day); the
  report date; the nearest year written earlier in the document. When the month
  and day fall within the trip or within a month of it, the trip comes first: a
  visit's day takes the trip's year, not that of a founding date or a target year
  the sentence before mentions.
- A deictic expression (本年, 今年, 去年, 明年, 本月) counts from the time of
  writing, so it looks at the trip first, then the report date, then the year of
  writing an earlier inline expression states (去（2022）年 -> 2023), then the
  section and the document. A year written just before it is often a
  different year (2017年設立的…將於本年5月舉行), which is why the trip comes first.
- An anaphoric expression (同年, 翌年, 同月, 同日, 翌日, 次日) counts from the
  expression before it.
- With no report or itinerary rows, the trip and the report date are taken
  from the text: a date after a label such as 出國期間 or 報告日期, else the
  first full date that starts a line or a table cell (an itinerary row).

A list gives one row per item (2018及2019年 gives 2018 and 2019年), so each
item keeps its own interval; a range gives one row for the whole range, never
its parts as well. Overlaps resolve to the longest expression.

``rule`` names the units written (y, ym, ymd, m, md), prefixed by how:
``range_`` (a range), ``cn_`` (Chinese numerals), ``deictic_`` (本年 7 月),
``anaphoric_`` (同年, 翌日), ``inline_`` (去（2017）年), ``en_`` (May 21, 2018);
also ``bare_year`` (2018城市…), ``decade`` (1980年代), ``inline_range``
(下（2019-2021）屆). An expression that cannot be resolved keeps its row with
null start/end, and its rule says why: invalid_day (2月30日), invalid_month
(13月), invalid_range (end before start), no_anchor, no_antecedent.

``anchor`` is null for an explicit date, else one of: section, trip, report,
document, antecedent, inline, trip_text and report_text (the trip or report
date read from the text because no rows were given).
"""

from __future__ import annotations

import bisect
import calendar as _calendar
import functools
import heapq
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from extractors.core.doc import Doc
from extractors.core.lexicons import read_rows
from extractors.core.records import DateRow, ItineraryRow, ReportRow, SectionRow
from extractors.dates.cells import join_cell_ranges
from extractors.dates.grammar import Found, GrammarSettings, find_dates, load_lexicon, map_text

ROC_OFFSET = 1911


@dataclass(frozen=True)
class ParsedDate:
    start: date | None
    end: date | None
    granularity: str  # day, month, year
    calendar: str  # gregorian or roc
    is_relative: bool = False
    rule: str = ""


@dataclass(frozen=True)
class DateSettings:
    grammar: GrammarSettings = field(default_factory=GrammarSettings)
    infer_anchors: bool = True  # with no report/itinerary rows, read the trip and report dates from the text


DEFAULT_DATE_SETTINGS = DateSettings()


def make_day(year: int, month: int, day: int) -> date | None:
    """A valid date, or None (2月30日, 13月)."""
    if not (1 <= month <= 12) or not (1 <= year <= 9999):
        return None
    if not (1 <= day <= _calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def _first_day(year: int, month: int | None, day: int | None) -> date | None:
    if not 1 <= year <= 9999:
        return None
    return make_day(year, month or 1, day or 1)


def _last_day(year: int, month: int | None, day: int | None) -> date | None:
    if not 1 <= year <= 9999:
        return None
    if month is None:
        return date(year, 12, 31)
    if day is None:
        return make_day(year, month, _calendar.monthrange(year, month)[1]) if 1 <= month <= 12 else None
    return make_day(year, month, day)


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + offset
    return k // 12, k % 12 + 1


# ---------------------------------------------------------------- resolution


@dataclass(frozen=True)
class _Resolved:
    start: date | None
    end: date | None
    calendar: str | None
    is_relative: bool
    rule: str
    anchor: str | None
    anchor_year: int | None = None  # the year this expression gives later ones (None: it borrowed one)


@dataclass
class _Anchors:
    trip: tuple[date, date | None] | None = None
    trip_source: str = "trip"
    report: date | None = None
    report_source: str = "report"
    years: list[tuple[int, int, str | None]] = field(default_factory=list)  # (char_start, year, calendar)
    # The year of writing that an inline expression states: 去（2022）年 -> 2023.
    writing: list[tuple[int, int]] = field(default_factory=list)  # (char_start, year)
    previous: list[_Resolved] = field(default_factory=list)

    def year_before(self, pos: int, lo: int = -(10**9)) -> tuple[int, str | None] | None:
        """The last year written in [lo, pos)."""
        i = bisect.bisect_left(self.years, (pos, -1, "")) - 1
        while i >= 0 and self.years[i][0] >= pos:
            i -= 1
        if i >= 0 and self.years[i][0] >= lo:
            return self.years[i][1], self.years[i][2]
        return None


def _trip_year_for(trip: tuple[date, date | None], month: int | None) -> int:
    """The trip's year, or its end year when the trip crosses New Year and the month is early."""
    start, end = trip
    if end is not None and end.year != start.year and month is not None and month < start.month:
        return end.year
    return start.year


TRIP_NEAR = timedelta(days=31)  # a month-day this close to the trip is read in the trip's year


def _in_trip_window(trip: tuple[date, date | None], month: int | None, day: int | None) -> bool:
    """Whether a year-less month(-day) falls within the trip, or near it, in the trip's year."""
    if month is None:
        return False
    start, end = trip[0], trip[1] or trip[0]
    year = _trip_year_for(trip, month)
    first = _first_day(year, month, day)
    last = _last_day(year, month, day)
    if first is None or last is None:
        return False
    return first <= end + TRIP_NEAR and last >= start - TRIP_NEAR


def _anchor_year(
    f: Found, pos: int, section_lo: int | None, anchors: _Anchors, deictic: bool
) -> tuple[int, str | None, str] | None:
    """(year, calendar, anchor name) for a year-less or deictic expression, in the documented order."""
    month = f.start.month
    section = anchors.year_before(pos, section_lo) if section_lo is not None else None
    steps: list[tuple[str, tuple[int, str | None] | None]] = [
        ("trip", (_trip_year_for(anchors.trip, month), None) if anchors.trip else None),
        ("report", (anchors.report.year, None) if anchors.report else None),
    ]
    names = {"trip": anchors.trip_source, "report": anchors.report_source}
    if deictic:
        written = [year for at, year in anchors.writing if at < pos]
        steps = steps + [("inline", (written[-1], None) if written else None), ("section", section)]
    elif anchors.trip and _in_trip_window(anchors.trip, month, f.start.day):
        steps = steps[:1] + [("section", section)] + steps[1:]  # a visit's day takes the trip's year
    else:
        steps = [("section", section)] + steps
    steps.append(("document", anchors.year_before(pos)))
    for name, got in steps:
        if got is not None:
            return got[0], got[1], names.get(name, name)
    return None


def _antecedent(anchors: _Anchors, granularities: tuple[str, ...]) -> _Resolved | None:
    for prev in reversed(anchors.previous):
        if prev.end is not None and _granularity_of(prev) in granularities:
            return prev
    return None


def _granularity_of(r: _Resolved) -> str:
    if r.start is None or r.end is None:
        raise ValueError("the granularity of an open interval")
    if r.start.day == 1 and r.start.month == 1 and r.end.month == 12 and r.end.day == 31:
        return "year"
    if r.start.day == 1 and r.end.day == _calendar.monthrange(r.end.year, r.end.month)[1]:
        return "month"
    return "day"


def _unresolved(f: Found, rule: str, relative: bool) -> _Resolved:
    return _Resolved(None, None, f.calendar, relative, rule, None)


def _resolve(f: Found, section_lo: int | None, anchors: _Anchors) -> _Resolved:
    relative = f.year_ref != "explicit" or f.month_ref != "explicit" or f.day_ref != "explicit"
    if f.invalid:
        return _unresolved(f, f.invalid, relative)
    calendar = f.calendar
    anchor = "inline" if f.year_ref == "inline" else None
    sy, sm, sd = f.start.year, f.start.month, f.start.day
    ey, em, ed = f.end.year, f.end.month, f.end.day
    if f.day_ref == "anaphoric":
        prev = _antecedent(anchors, ("day",))
        if prev is None or prev.end is None:
            return _unresolved(f, "no_antecedent", True)
        day = prev.end + timedelta(days=f.day_offset)
        return _Resolved(day, day, prev.calendar, True, f.rule, "antecedent")
    if f.month_ref == "anaphoric":
        prev = _antecedent(anchors, ("day", "month"))
        if prev is None or prev.end is None:
            return _unresolved(f, "no_antecedent", True)
        y, m = _shift_month(prev.end.year, prev.end.month, f.month_offset)
        sy, sm, ey, em, calendar, anchor = y, m, y, em or m, prev.calendar, "antecedent"
    elif f.year_ref == "anaphoric":
        prev = _antecedent(anchors, ("day", "month", "year"))
        if prev is None or prev.end is None:
            return _unresolved(f, "no_antecedent", True)
        sy = prev.end.year + f.year_offset
        ey = ey if ey is not None else sy
        calendar, anchor = prev.calendar, "antecedent"
    elif sy is None:
        got = _anchor_year(f, f.char_start, section_lo, anchors, deictic=f.year_ref == "deictic")
        if got is None:
            return _unresolved(f, "no_anchor", True)
        year, cal, anchor = got
        sy = year + (f.year_offset if f.year_ref == "deictic" else 0)
        ey = ey if ey is not None else sy
        calendar = calendar or cal or "gregorian"
        if f.month_ref == "deictic":
            base = anchors.trip[0] if anchors.trip else anchors.report
            if base is None:
                return _unresolved(f, "no_anchor", True)
            sy, sm = _shift_month(base.year, base.month, f.month_offset)
            ey, em = sy, em or sm
    elif ey is None:
        ey = sy
    em = em if em is not None else sm if f.granularity != "year" else None
    start = _first_day(sy, sm, sd)
    end = _last_day(ey, em, ed)
    if start is not None and end is not None and end < start and f.end_year_inherited:
        end = _last_day(ey + 1, em, ed)
    if start is None or end is None:
        return _unresolved(f, "invalid_day" if f.granularity == "day" else "invalid_month", relative)
    if end < start:
        return _unresolved(f, "invalid_range", relative)
    own_year = f.year_ref != "none"  # a year-less one only repeats the year it borrowed
    return _Resolved(start, end, calendar, relative, f.rule, anchor, end.year if own_year else None)


# ---------------------------------------------------------------- anchors from arguments or text


def _trip_from(reports: Sequence[ReportRow], itinerary: Sequence[ItineraryRow]) -> tuple[date, date | None] | None:
    for report in reports:
        if report.trip_start is not None:
            return report.trip_start, report.trip_end
    days = [row.date for row in sorted(itinerary, key=lambda r: (r.seq is None, r.seq or 0)) if row.date]
    if days:
        return days[0], max(days)
    return None


class _LineStarts:
    """Where the line holding a position starts, by bisection over the text's line breaks
    (``str.rfind`` from every date of one very long line would be quadratic)."""

    def __init__(self, text: str) -> None:
        self.breaks: list[int] = []
        pos = text.find("\n")
        while pos >= 0:
            self.breaks.append(pos)
            pos = text.find("\n", pos + 1)

    def of(self, pos: int) -> int:
        k = bisect.bisect_left(self.breaks, pos) - 1
        return self.breaks[k] + 1 if k >= 0 else 0


def _label_before(text: str, pos: int, labels: tuple[str, ...], line_start: int) -> bool:
    """Whether the line ends in one of ``labels`` (then spaces or colons) before ``pos``.

    Only the label's length before the stripped spaces is mapped, not the whole line.
    """
    k = pos
    while k > line_start and map_text(text[k - 1]) in (" ", "\t", ":"):
        k -= 1
    longest = max(map(len, labels), default=0)
    return map_text(text[max(line_start, k - longest) : k]).endswith(labels)


def _starts_row(text: str, pos: int, line_start: int) -> bool:
    """Whether only spaces stand between the line start (or a tab) and ``pos``."""
    if pos > line_start and text[pos - 1] == "\t":
        return True
    k = pos
    while k > line_start and text[k - 1] in " \u3000":
        k -= 1
    return k == line_start


def _infer_anchors(doc: Doc, found: list[Found], anchors: _Anchors) -> None:
    """Trip and report dates written in the text: after 出國期間 / 報告日期, or an itinerary row."""
    lex = load_lexicon()
    full = [f for f in found if f.year_ref == "explicit" and f.granularity == "day" and not f.invalid]
    if not full:
        return
    lines = _LineStarts(doc.text)
    if anchors.trip is None:
        labelled = (f for f in full if _label_before(doc.text, f.char_start, lex.trip_labels, lines.of(f.char_start)))
        rows = (f for f in full if _starts_row(doc.text, f.char_start, lines.of(f.char_start)))
        first = next(labelled, None) or next(rows, None)
        if first is not None:
            start = _first_day(first.start.year or 0, first.start.month, first.start.day)
            end = _last_day(first.end.year or 0, first.end.month, first.end.day)
            if start is not None:
                anchors.trip, anchors.trip_source = (start, end), "trip_text"
    if anchors.report is None:
        for f in full:
            if _label_before(doc.text, f.char_start, lex.report_labels, lines.of(f.char_start)):
                anchors.report = _first_day(f.start.year or 0, f.start.month, f.start.day)
                anchors.report_source = "report_text"
                break


class _Innermost:
    """The innermost section holding a position: the shortest one, then the deepest, then
    the first listed. Built once by a sweep over the section bounds (a heap of the open
    sections), then one bisection per date, instead of scanning every section per date."""

    def __init__(self, sections: list[SectionRow]) -> None:
        spans = [(s.char_start, s.char_end, s) for s in sections]
        self.bounds: list[int] = sorted({b for start, end, _ in spans for b in (start, end)})  # type: ignore[misc]
        self.owner: list[SectionRow | None] = []
        order = sorted(range(len(spans)), key=lambda k: spans[k][0])  # type: ignore[arg-type,return-value]
        heap: list[tuple[int, int, int]] = []  # (length, -level, list index)
        nxt = 0
        for bound in self.bounds:
            while nxt < len(order) and spans[order[nxt]][0] <= bound:  # type: ignore[operator]
                k = order[nxt]
                start, end, section = spans[k]
                heapq.heappush(heap, (end - start, -section.level, k))  # type: ignore[operator]
                nxt += 1
            while heap and spans[heap[0][2]][1] <= bound:  # type: ignore[operator]
                heapq.heappop(heap)
            self.owner.append(spans[heap[0][2]][2] if heap else None)

    def at(self, pos: int) -> SectionRow | None:
        k = bisect.bisect_right(self.bounds, pos) - 1
        return self.owner[k] if k >= 0 else None


# ---------------------------------------------------------------- public


@functools.cache
def _not_year_words() -> dict[str, re.Pattern[str]]:
    """kind -> a pattern of the words (lexicons/not_year_before.tsv) that end the text before a number."""
    words: dict[str, list[str]] = {}
    for kind, word in read_rows("not_year_before.tsv"):
        words.setdefault(kind, []).append(word)
    return {k: re.compile("(?:" + "|".join(map(re.escape, sorted(v, key=len, reverse=True))) + r")[ \u3000]*$")
            for k, v in words.items()}


def not_a_year(text: str, f: Found) -> bool:
    """A year-only expression that is a number of another kind, by the words before it:
    市民熱線1999 (a hotline), 重現期100年 (a return period), 為期3年 (a duration)."""
    if f.granularity != "year":
        return False
    before = text[max(0, f.char_start - 8) : f.char_start]
    words = _not_year_words()
    if f.rule == "bare_year":
        return bool(words["bare"].search(before))
    return f.rule in ("y", "cn_y") and bool(words["duration"].search(before))


def extract_dates(
    doc: Doc,
    sections: Sequence[SectionRow] = (),
    reports: Sequence[ReportRow] = (),
    itinerary: Sequence[ItineraryRow] = (),
    *,
    settings: DateSettings = DEFAULT_DATE_SETTINGS,
) -> list[DateRow]:
    """Find and resolve every date expression in the document.

    Example:
        >>> from extractors.core.doc import doc_from_text
        >>> [(r.text, r.start.isoformat(), r.end.isoformat()) for r in extract_dates(doc_from_text("107年4月9日至14日"))]
        [('107年4月9日至14日', '2018-04-09', '2018-04-14')]
    """
    found = [f for f in find_dates(doc.text, settings.grammar) if not not_a_year(doc.text, f)]
    spans = [s for s in sections if s.char_start is not None and s.char_end is not None]
    anchors = _Anchors(trip=_trip_from(reports, itinerary))
    anchors.report = next((r.report_date for r in reports if r.report_date is not None), None)
    if settings.infer_anchors and (anchors.trip is None or anchors.report is None):
        _infer_anchors(doc, found, anchors)
    rows: list[DateRow] = []
    innermost = _Innermost(spans)
    for f in found:
        section = innermost.at(f.char_start)
        resolved = _resolve(f, section.char_start if section else None, anchors)
        if resolved.start is not None:
            anchors.previous.append(resolved)
            if resolved.anchor_year is not None:
                anchors.years.append((f.char_start, resolved.anchor_year, resolved.calendar))
            if f.year_ref == "inline" and f.rule != "inline_range" and f.year_offset:
                anchors.writing.append((f.char_start, resolved.start.year - f.year_offset))
        rows.append(
            DateRow(
                doc_id=doc.doc_id,
                section_path=section.section_path if section else None,
                text=doc.text[f.char_start : f.char_end],
                start=resolved.start,
                end=resolved.end,
                granularity=f.granularity,
                calendar=resolved.calendar,
                is_relative=resolved.is_relative,
                char_start=f.char_start,
                char_end=f.char_end,
                rule=resolved.rule,
                anchor=resolved.anchor,
            )
        )
    return join_cell_ranges(doc.text, rows, itinerary)


_CELL_GRAMMAR = GrammarSettings(cell=True)  # frozen: one instance serves every cell


def parse_date(text: str, *, anchor_year: int | None = None) -> ParsedDate | None:
    """Parse one date written at the start of ``text``; None when there is none.

    A range gives its first and last day (107年4月9日至14日). A year-less or
    relative date needs ``anchor_year``. A bare number (2018) is not read as
    a year here: in a cell it is too often something else.

    Example:
        >>> parse_date("107年4月9日").start.isoformat()
        '2018-04-09'
        >>> parse_date("2018.5.21").calendar
        'gregorian'
        >>> parse_date("5/21(一)", anchor_year=2018).start.isoformat()
        '2018-05-21'
    """
    text = unicodedata.normalize("NFKC", text).strip()
    found = find_dates(text, _CELL_GRAMMAR)
    if not found or found[0].char_start != 0 or found[0].rule.endswith("bare_year"):
        return None
    f = found[0]
    anchors = _Anchors()
    if anchor_year is not None:
        anchors.years.append((-1, anchor_year, None))
    r = _resolve(f, None, anchors)
    if r.rule in ("no_anchor", "no_antecedent"):
        return None
    return ParsedDate(r.start, r.end, f.granularity, r.calendar or "gregorian", r.is_relative, r.rule)
