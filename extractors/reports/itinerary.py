"""The itinerary (行程表): one row per table row, with its day(s), route and activity.

A table is found by its header row (日期 with 行程/地點/活動…, words in
``lexicons/table_headers.tsv``), else under a heading titled 行程…, else as a run of
tab rows that start with dates. A row starts where the date column holds something;
in a text dump, where a line starts with a date, and the following short lines continue
its cells (seed 000's ``阿姆斯特丹－`` / ``斯特拉斯堡``). A repeated header (a table
continued on the next page) is skipped.

Example:
    >>> from extractors.core.doc import doc_from_text
    >>> rows = extract_itinerary(doc_from_text("日期\\t地點\\t行程\\n2018.5.21\\t臺北－東京\\t搭機前往東京"))
    >>> rows[0].date.isoformat(), rows[0].places, rows[0].activity
    ('2018-05-21', ['臺北', '東京'], '搭機前往東京')
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from operator import attrgetter

from extractors.core.doc import Doc
from extractors.core.gazetteer import find_places, lookup_place
from extractors.core.lexicons import read_lines
from extractors.core.records import ItineraryRow, SectionRow
from extractors.core.table import Table, aligned_table, tab_table
from extractors.core.textlines import (
    Line,
    fold_label,
    header_words,
    is_heading,
    join_pieces,
    match_header,
    split_header_cells,
    split_lines,
)
from extractors.reports.day_cells import FULL_DATE, match_date_prefix, parse_day_span

ROUTE_SEP = re.compile(r"\s*(?:[－—–→⇒➔➝➞~～〜/／>＞、]|(?<![A-Za-z])-|-(?![A-Za-z])|──)\s*")
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
_NOT_PLACE = re.compile(r"[「」『』（）()：:，,。；;\d]")
_YEAR_IN_TEXT = re.compile(r"((?:19|20)\d{2})\s*(?:年|[./\-]\d)|(?<!\d)(1\d{2})\s*年")
TITLE = re.compile(
    r"^\s*(?:[^\s、，]{0,6}[、，.．]\s*)?(?:出國|考察|參訪|詳細)?行程(?:表|概要|安排|紀要|摘要|說明)?\s*[：:]?\s*$"
)
TIME_HEADERS = frozenset({"時間", "時段", "time"})  # a clock-time column when a 日期 column exists
CLOCK = re.compile(r"\d{1,2}[:：]\d{2}(?:\s*[-－~～至]\s*\d{1,2}[:：]\d{2})?|全日|整日|全天|上午|下午|晚上|晚間|早上|中午")
COLUMN_GAP = re.compile(r"\S(?: {2,}|\u3000)\S")  # a space-aligned header: columns apart
CELL_MAX = 30  # a text-dump continuation line longer than this is body text, not a cell


@dataclass
class RawRow:
    """One table row being assembled: its date text and cell pieces by role."""

    date_text: str
    start: int
    end: int
    cells: dict[str, list[str]] = field(default_factory=dict)
    pieces: list[tuple[str, bool]] = field(default_factory=list)  # dump: (piece, starts a line)
    merged: set[str] = field(default_factory=set)  # roles whose cells came from a merged cell above


def split_route(cell: str) -> list[str]:
    """A route cell to its places in order: 臺北－曼谷→東京, 臺北/東京, wrapped breaks."""
    cell = _CJK_SPACE.sub("－", cell.strip())
    places = []
    for part in ROUTE_SEP.split(cell):
        part = part.strip()
        # Taipei-Tokyo is a route, Aix-en-Provence a name: split only into known places.
        halves = [h.strip() for h in part.split("-")]
        if len(halves) > 1 and all(lookup_place(h) for h in halves):
            places += halves
        elif part:
            places.append(part)
    return places


@lru_cache(maxsize=1)
def activity_words() -> re.Pattern[str]:
    words = read_lines("activity_words.txt")
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def is_route(piece: str, *, continued: bool = False) -> bool:
    """Whether a dump piece is (part of) the place cell: known places joined by route marks.

    An unknown name counts when a route mark joins it to others (or a mark before it
    carries the route on) and it reads like a name: short, no quotes, brackets,
    digits or activity words (lexicons/activity_words.txt).
    """
    parts = split_route(piece)
    if not parts:
        return bool(ROUTE_SEP.fullmatch(piece.strip()))
    if all(lookup_place(part) for part in parts):
        return True
    has_sep = bool(ROUTE_SEP.search(piece))
    if has_sep or continued:
        return all(
            lookup_place(part)
            or (len(part) <= 10 and not _NOT_PLACE.search(part) and not activity_words().search(part))
            for part in parts
        )
    return False


def find_table_start(
    lines: list[Line], sections: Sequence[SectionRow]
) -> tuple[int, list[str] | None] | None:
    """Index of the first row line and the header roles (None when there is no header)."""
    for i, line in enumerate(lines):
        if match_date_prefix(line.text.strip()):
            continue  # a dated row, not a header (the cheap test first: a table has many)
        if roles := itinerary_roles(line.text):
            return i + 1, roles
    titled = [i for i, line in enumerate(lines) if TITLE.match(line.text)]
    starts = [line.start for line in lines]
    for section in sections:
        if section.title and "行程" in section.title and section.char_start is not None:
            titled.insert(0, bisect.bisect_left(starts, section.char_start))  # first line at or after it
    for i in titled:
        for j in range(i + 1, min(i + 40, len(lines))):
            if match_date_prefix(lines[j].text.strip()):
                return j, None
            if not lines[j].is_blank and is_heading(lines[j].text):
                break
    for i in range(len(lines) - 2):
        if all("\t" in lines[k].text and match_date_prefix(lines[k].text.strip()) for k in (i, i + 1, i + 2)):
            return i, None
    return None


def column_of(roles: list[str] | None, role: str) -> int | None:
    return roles.index(role) if roles and role in roles else None


def add_tab_cells(row: RawRow, cells: list[str], roles: list[str] | None, skip: set[int]) -> None:
    """Put a tab row's cells under their header roles; a headerless row guesses by content."""
    for k, cell in enumerate(cells):
        if k in skip or not cell.strip():
            continue
        if roles and k < len(roles):
            role = roles[k]
        elif roles:
            role = "activity"  # ragged row: extra cells are kept as activity text
        else:
            role = "place" if "place" not in row.cells and is_route(cell) else "activity"
        if role in ("place", "activity"):
            row.cells.setdefault(role, []).append(cell.strip())


def collect_rows(lines: list[Line], first: int, roles: list[str] | None) -> list[RawRow]:
    """Read rows from ``lines[first:]`` until the table ends."""
    date_col = column_of(roles, "date")
    date_col = 0 if date_col is None else date_col
    rows: list[RawRow] = []
    seen: set[str] = set()  # date_text of every row so far (kept as rows are added)
    gap: list[Line] = []
    repeated = False  # just passed a repeated header
    i = first
    while i < len(lines):
        line = lines[i]
        i += 1
        text = line.text.strip()
        if not text:
            continue
        if not match_date_prefix(text) and match_header(line.text, "itinerary"):
            gap = []  # the header repeated on a new page
            repeated = True
            continue
        head_text = (
            line.text.split("\t")[date_col].strip()
            if "\t" in line.text and date_col < len(line.text.split("\t"))
            else text
        )
        if (
            repeated
            and (m := match_date_prefix(head_text))
            and m.group().strip() in seen
        ):
            break  # the header starts a new table that lists the same days again
        repeated = False
        if "\t" in line.text:
            cells = line.text.split("\t")
            if (
                roles and rows and date_col == 0 and len(cells) < len(roles)
                and cells[0].strip() and not match_date_prefix(cells[0].strip())
            ):
                # A later time slot of the day above whose empty date cell was lost (the
                # text reader keeps a leading tab, other tools drop it): the cells start
                # at column 2. A row that kept its empty first cell is already in place.
                cells = [""] + cells
            head = cells[date_col].strip() if date_col < len(cells) else ""
            if gap and not match_date_prefix(head):
                break  # after a gap only a dated row continues the table
            if head:
                m = match_date_prefix(head)
                offset = line.start + line.text.find(head)
                skip = {date_col}
                nxt = cells[date_col + 1].strip() if date_col + 1 < len(cells) else ""
                if m and m["ordinal"] and m.end() == len(head) and (m2 := match_date_prefix(nxt)) and m2.end() == len(nxt):
                    head, m = nxt, m2  # 第1天 | 3月4日: the day is in the next cell
                    skip.add(date_col + 1)
                row = RawRow(head if m is None else head[: m.end()].strip(), offset, line.end)
                rest = head[m.end() :].strip() if m else ""
                if rest:
                    row.cells.setdefault("activity", []).append(rest)
                add_tab_cells(row, cells, roles, skip)
                rows.append(row)
                seen.add(row.date_text)
            elif rows:
                add_tab_cells(rows[-1], cells, roles, {date_col})
                rows[-1].end = line.end
            gap = []
            continue
        m = match_date_prefix(text)
        if m:
            start = line.start + line.text.find(text)
            row = RawRow(text[: m.end()].strip(), start, line.end)
            row.pieces += [(p, k == 0) for k, p in enumerate(text[m.end() :].split())]
            rows.append(row)
            seen.add(row.date_text)
            gap = []
            continue
        if (
            rows
            and not rows[-1].cells
            and len(text) <= CELL_MAX
            and "。" not in text
            and not is_heading(text)
        ):
            rows[-1].pieces += [(p, k == 0) for k, p in enumerate(text.split())]
            rows[-1].end = line.end
            continue
        # Something else: the table ends, unless a short line (a page caption such as
        # 「行程表（續）」) sits between two parts of a table continued on the next page.
        gap.append(line)
        if len(gap) > 2 or len(text) > 20 or is_heading(text):
            break
    return rows


def assign_pieces(row: RawRow, roles: list[str] | None) -> tuple[list[str], str]:
    """A dump row's pieces to (places, activity) using the header order and the gazetteer."""
    pieces = row.pieces
    date_col = column_of(roles, "date")
    if (
        roles and pieces and date_col is not None and date_col + 1 < len(roles)
        and roles[date_col + 1] == "other" and CLOCK.fullmatch(pieces[0][0])
    ):
        pieces = pieces[1:]  # the 時間 column of a text dump: 08:00, 09:00-17:00, 全日
    has_place = roles is None or "place" in roles
    place_first = roles is None or column_of(roles, "place") < (column_of(roles, "activity") or 99)
    taken: list[int] = []
    if has_place and pieces:
        order = range(len(pieces)) if place_first else range(len(pieces) - 1, -1, -1)
        continued = False
        for k in order:
            piece = pieces[k][0]
            if not (continued or is_route(piece)):
                break
            if continued and not is_route(piece, continued=True):
                break
            taken.append(k)
            # A piece ending (or, read backwards, starting) with a route mark goes on.
            edge = piece[-1] if place_first else piece[0]
            continued = bool(ROUTE_SEP.fullmatch(edge))
        if len(taken) == len(pieces) and roles and "activity" in roles and len(pieces) > 1 and not continued:
            taken = taken[:-1]
    taken.sort()
    places = split_route(" ".join(pieces[k][0] for k in taken)) if taken else []
    rest = [k for k in range(len(pieces)) if k not in taken]
    # Pieces on one line keep their space; a wrapped line joins CJK without one.
    groups: list[list[str]] = []
    for k in rest:
        piece, starts_line = pieces[k]
        if groups and not starts_line and k - 1 in rest:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    activity = join_pieces([" ".join(group) for group in groups])
    return places, activity


def places_in_activity(activity: str) -> list[str]:
    """The route of a table without a place column: known places in the activity text,
    in order; regions (歐洲) are left out, and a country when a city of it is named
    (澳洲國家大學 in 坎培拉)."""
    found = [place for _, _, place in find_places(activity) if place.kind in ("city", "country")]
    has_city = {place.country_code for place in found if place.kind == "city"}
    names = [p.name for p in found if p.kind == "city" or p.country_code not in has_city]
    return [name for k, name in enumerate(names) if name not in names[:k]]


def anchor_year_near(text: str, pos: int) -> int | None:
    """The last year written in the 3000 characters before ``pos``, if any."""
    years = [m for m in _YEAR_IN_TEXT.finditer(text, max(0, pos - 3000), pos)]
    if not years:
        return None
    m = years[-1]
    return int(m[1]) if m[1] else int(m[2]) + 1911


def build_itinerary_rows(
    doc: Doc, rows: list[RawRow], roles: list[str] | None, *, anchor_year: int | None
) -> list[ItineraryRow]:
    """Assembled rows to ItineraryRow records, resolving year-less dates in order."""
    out: list[ItineraryRow] = []
    previous: date | None = None
    year = anchor_year or anchor_year_near(doc.text, rows[0].start if rows else 0)
    for seq, row in enumerate(rows, start=1):
        if row.pieces:
            places, activity = assign_pieces(row, roles)
            activity = activity.lstrip("：:;；,，、 ")  # 3月4日（星期一）：自桃園搭機…
            if not places and roles is None:
                places = places_in_activity(activity)  # a dated paragraph, not a table row
        else:
            places = [p for cell in row.cells.get("place", []) for p in split_route(cell)]
            activity = " ".join(row.cells.get("activity", []))
            if roles and "place" not in roles:
                places = places_in_activity(activity)
        start, end = parse_day_span(row.date_text, anchor_year=year)
        if (
            start
            and previous
            and start < previous - timedelta(days=180)
            and not re.search(FULL_DATE, row.date_text)
        ):
            start, end = parse_day_span(row.date_text, anchor_year=start.year + 1)
        if start:
            previous = end or start
            year = previous.year
        out.append(
            ItineraryRow(
                doc_id=doc.doc_id,
                seq=seq,
                date=start,
                date_text=row.date_text,
                places=places,
                activity=activity or None,
                date_end=end if end and start and end != start else None,
                char_start=row.start,
                char_end=row.end,
            )
        )
    return out


def route_column(table: Table, roles: list[str]) -> list[str]:
    """Roles with the route column named when the header gave none: of two or more
    activity columns (日期 / 行程 / 考察內容), the one whose cells are routes."""
    if "place" in roles or roles.count("activity") < 2:
        return roles
    for k, role in enumerate(roles):
        texts = [t for t in table.column(k) if t]
        if role == "activity" and texts and sum(is_route(t) for t in texts) >= 0.6 * len(texts):
            return [("place" if i == k else r) for i, r in enumerate(roles)]
    return roles


def add_cells(row: RawRow, texts: list[str], roles: list[str], date_col: int, own: list[str] | None = None) -> None:
    """A table row's cell texts under their roles; cells past the header are activity.

    ``own`` are the row's own texts (merged cells blank): a role filled only from a
    merged cell is remembered, and a wrapped row below replaces it.
    """
    for k, text in enumerate(texts):
        role = roles[k] if k < len(roles) else "activity"
        if k == date_col or not text or role not in ("place", "activity"):
            continue
        if role in row.merged:
            row.cells[role] = []
            row.merged.discard(role)
        row.cells.setdefault(role, []).append(text)
        if own is not None and k < len(own) and not own[k]:
            row.merged.add(role)


def table_rows(lines: list[Line], header_index: int, roles: list[str]) -> tuple[list[RawRow], list[str], int]:
    """The rows of the table under the header ``lines[header_index]`` (``\t`` or
    space-aligned, see ``core.table``), the column roles, and the index of the line
    after the table."""
    header = lines[header_index]
    date_col = column_of(roles, "date") or 0
    clock_cols = [k for k, r in enumerate(roles) if r == "other"]
    if "\t" in header.text or not COLUMN_GAP.search(header.text.strip()):
        if "\t" not in header.text:
            return collect_rows(lines, header_index + 1, roles), roles, 0  # words one space apart
        table = tab_table(lines, header_index, stop=lambda t: itinerary_roles(t) is not None)
    else:
        cells = split_header_cells(header.text.strip(), header_words()["itinerary"])

        def starts_row(texts: list[str]) -> bool:
            if texts[date_col]:
                return match_date_prefix(texts[date_col]) is not None
            # A second time slot under the date above: its clock cell is filled.
            return any(CLOCK.match(texts[k]) for k in clock_cols if k < len(texts))

        table = aligned_table(
            lines, header_index, cells=cells, key=date_col, starts_row=starts_row,
            is_header=lambda t: itinerary_roles(t) is not None,
            ends_table=lambda t: is_heading(t) and not match_date_prefix(t),
        )
    roles = route_column(table, roles)
    rows: list[RawRow] = []
    for trow in table.rows:
        own = [c for c in trow if c.rowspan != 0]
        texts = [c.text for c in trow]
        own_texts = [c.text if c.rowspan != 0 else "" for c in trow]
        slot = False
        if texts and not match_date_prefix(texts[0]) and CLOCK.fullmatch(texts[0]) and date_col == 0 and len(own) < len(roles):
            texts = own_texts = ["", *[c.text for c in own]]  # a later time slot whose empty date cell was lost
            slot = True
        head = own_texts[date_col] if date_col < len(own_texts) else ""
        spans = [c.start for c in trow if c.start >= 0]  # a merged cell belongs to its rows
        start, end = (min(spans), max(c.end for c in trow)) if spans else (table.start, table.end)
        m = match_date_prefix(head)
        if not head:
            if not rows:
                continue
            above = rows[-1]
            filled = {roles[k] if k < len(roles) else "activity" for k, t in enumerate(own_texts) if t and k != date_col}
            filled &= {"place", "activity"}
            if not slot and filled and all(role not in above.cells or role in above.merged for role in filled):
                add_cells(above, own_texts, roles, date_col)  # the rest of the row above, wrapped
                above.end = end
                continue
            head = above.date_text  # a merged date cell, or a time slot under it
        elif m is not None:
            head = head[: m.end()].strip()
        row = RawRow(head, start, end)
        add_cells(row, texts, roles, date_col, own_texts)
        if not row.cells and rows and m is None:
            continue
        rows.append(row)
    return rows, roles, bisect.bisect_right(lines, table.end, key=attrgetter("start"))


def extract_itinerary(
    doc: Doc, sections: Sequence[SectionRow] = (), *, anchor_year: int | None = None,
    lines: Sequence[Line] | None = None,
) -> list[ItineraryRow]:
    """Rows of the document's 行程表; [] when it has none.

    ``anchor_year`` resolves year-less dates (5/21) when the table itself gives no full
    date: the trip year from the cover form, typically. ``lines`` are the document's lines
    when the caller has split it already.
    """
    lines = split_lines(doc.text) if lines is None else list(lines)
    found = find_table_start(lines, sections)
    if found is None:
        return []
    first, roles = found
    if roles is not None:
        rows, roles, _ = table_rows(lines, first - 1, roles)
    else:
        rows = collect_rows(lines, first, roles)
    out = build_itinerary_rows(doc, rows, roles, anchor_year=anchor_year)
    # Later tables with their own header (one per group, or per leg of the trip) are
    # added unless they only repeat days already listed (a summary then a detailed one).
    i = bisect.bisect_right(lines, rows[-1].end, key=attrgetter("start")) if rows else len(lines)  # the first line past the table
    while i < len(lines):
        roles = itinerary_roles(lines[i].text)
        i += 1
        if not roles:
            continue
        more, roles, _ = table_rows(lines, i - 1, roles)
        if not more:
            continue
        built = build_itinerary_rows(doc, more, roles, anchor_year=anchor_year)
        days = {row.date for row in out if row.date}
        if not any(row.date in days for row in built if row.date):
            out += built
        i = bisect.bisect_right(lines, more[-1].end, key=attrgetter("start"))
    return [replace(row, seq=k) for k, row in enumerate(out, start=1)]


def itinerary_roles(line: str) -> list[str] | None:
    """Column roles when ``line`` is an itinerary header row."""
    roles = match_header(line, "itinerary")
    if roles and roles.count("date") > 1:
        # 日期 and 時間 both: the 時間 column holds clock times, not days.
        cells = split_header_cells(line.strip(), header_words()["itinerary"])
        if len(cells) == len(roles):
            roles = [
                "other" if role == "date" and fold_label(cell) in TIME_HEADERS else role
                for role, cell in zip(roles, cells, strict=True)
            ]
    if roles and "date" in roles and ("place" in roles or "activity" in roles):
        return roles
    return None


__all__ = ["extract_itinerary", "parse_day_span", "split_route", "match_date_prefix"]
