r"""Date ranges that an itinerary's wrapped date cell splits over two lines.

Example:
    >>> from datetime import date
    >>> from extractors.core.records import DateRow, ItineraryRow
    >>> text = "5月3日(五)至    參訪\n5月4日(六)"
    >>> rows = [DateRow("d", None, "5月3日(五)", date(2024, 5, 3), date(2024, 5, 3), "day", None, True, 0, 7),
    ...         DateRow("d", None, "5月4日(六)", date(2024, 5, 4), date(2024, 5, 4), "day", None, True, 15, 22)]
    >>> row = ItineraryRow("d", 1, date(2024, 5, 3), "5月3日(五)至5月4日(六)", [], "參訪")
    >>> [(r.text, r.end.day) for r in join_cell_ranges(text, rows, [row])]
    [('5月3日(五)至5月4日(六)', 4)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extractors.core.records import DateRow, ItineraryRow

_RANGE_JOINERS = ("至", "到", "~", "～", "-", "－", "—", "–")


def join_cell_ranges(text: str, rows: list[DateRow], itinerary: Sequence[ItineraryRow]) -> list[DateRow]:
    """A range the itinerary read from a wrapped date cell (``5月23日(六)至`` / ``5月24日(日)``)
    is one date row, not two: the two rows are joined where the row's ``date_text`` is the
    first date, a range word written right after it, and the next date."""
    wanted = {"".join(r.date_text.split()) for r in itinerary if r.date_text}
    if not wanted or len(rows) < 2:
        return rows
    out: list[DateRow] = []
    i = 0
    while i < len(rows):
        a = rows[i]
        b = rows[i + 1] if i + 1 < len(rows) else None
        joiner = _joiner_after(text, a) if b is not None else None
        if b is not None and joiner and a.start and b.end and a.start <= b.end and a.text and b.text \
                and "".join((a.text + joiner + b.text).split()) in wanted:
            out.append(replace(a, text=a.text + joiner + b.text, end=b.end, char_end=b.char_end,
                               granularity=a.granularity if a.granularity == b.granularity else "day",
                               rule="cell_range"))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _joiner_after(text: str, row: DateRow) -> str | None:
    """The range word written right after a date row, if any."""
    if row.char_end is None:
        return None
    after = text[row.char_end : row.char_end + 2].lstrip(" \u3000")
    return next((j for j in _RANGE_JOINERS if after.startswith(j)), None)
