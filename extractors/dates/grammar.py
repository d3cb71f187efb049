"""The date grammar: find every date expression in a text, before anchoring.

:func:`find_dates` scans a text left to right and returns :class:`Found`
expressions: their span, their (possibly partial) endpoints and which parts
still need an anchor. Resolving years against anchors is
:mod:`extractors.dates.extract`' job.

An expression is a *chain* of *items* joined by range separators (至 到 迄 ~ -)
or list separators (、 及 與 和 暨 或 ,). An item is a run of number+unit *pairs*
in descending order (年 > 月 > 日), a numeric form (2018.5.21, 107/06/12,
2018-05-21, 2018.05, 5/21(一)), or a relative word (本年, 同月, 翌日). Later
items inherit the higher units they omit from the item before them
(5月4日至5日), and an item whose last number has no unit takes the unit of the
next item (2016-2019年, 5月4-5日, 2018及2019年). A range makes one expression;
each item of a list makes its own, so 5月23日、24日 gives two rows.

Reading one item is :mod:`extractors.dates.items`; this module chains items into
expressions. The text is first mapped one character to one character (full-width digits
and punctuation to ASCII, every dash to ``-``, every wave to ``~``), so spans
found in the mapped text are spans in the original text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.dates.base import (
    Found,
    GrammarSettings,
    Lexicon,
    Point,
    load_lexicon,
    map_text,
    parse_cn_number,
)
from extractors.dates.english import find_english_dates
from extractors.dates.items import (  # the package's own item reader (items.py)
    _CN,
    _DELIM_YMD,
    _LIST_SEP,
    _RANGE_SEP,
    _RANK,
    _SPACES,
    _Item,
    _Pair,
    _read_item,
    _trigger_start_re,
    _word_firsts,
)

__all__ = ["Found", "GrammarSettings", "Point", "find_dates", "load_lexicon", "map_text", "parse_cn_number"]

# ---------------------------------------------------------------- chains


def _year_of(pair: _Pair, item: _Item, has_month: bool, settings: GrammarSettings) -> tuple[int, str] | None:
    """A written year to (Gregorian year, calendar), or None when the number is not a plausible year."""
    n, nd = pair.value or 0, len(pair.digits)
    if pair.ref == "inline":
        return (n, "gregorian") if nd == 4 else (n + 1911, "roc")
    if pair.decade and nd != 4:
        return None
    if pair.chinese and any(c in "十百廿卅" for c in pair.digits):
        if item.era in ("民國", "中華民國") or (has_month and 1 <= n <= settings.roc_max):
            return n + 1911, "roc"
        if pair.fiscal and settings.roc_bare_min <= n <= settings.roc_bare_max:
            return n + 1911, "roc"  # 八十五年度: a fiscal year is never a duration
        return None
    if item.era in ("西元", "公元"):
        return (n, "gregorian") if 1 <= n <= settings.year_max else None
    if nd == 4:
        if not pair.written:
            ok = settings.bare_year_min <= n <= settings.bare_year_max
        else:
            ok = settings.year_min <= n <= settings.year_max
        return (n, "gregorian") if ok else None
    if item.era in ("民國", "中華民國"):
        return (n + 1911, "roc") if 1 <= n <= settings.roc_max else None
    if has_month and not item.delim and pair.written:
        return (n + 1911, "roc") if 1 <= n <= settings.roc_max else None
    return (n + 1911, "roc") if settings.roc_bare_min <= n <= settings.roc_bare_max else None


def _bare_year_candidate(item: _Item, settings: GrammarSettings) -> bool:
    pair = item.pairs[0]
    return (
        len(item.pairs) == 1
        and pair.unit is None
        and not pair.chinese
        and len(pair.digits) == 4
        and settings.bare_year_min <= (pair.value or 0) <= settings.bare_year_max
    )


def _assign_bare_units(items: list[_Item], settings: GrammarSettings) -> list[_Item]:
    """Give a trailing unitless number the unit of the next item; cut the chain where that fails."""
    for item in items:
        if item.pairs[-1].unit is None:
            break
    else:
        return list(items)  # every item ends in a unit: nothing to give, nothing to cut
    units: list[str | None] = [None] * len(items)
    for i in range(len(items) - 1, -1, -1):
        item = items[i]
        if item.last_unit is not None:
            units[i] = item.first_unit
            continue
        nxt = units[i + 1] if i + 1 < len(items) else None
        above = item.pairs[-2].unit if len(item.pairs) > 1 else None
        if nxt is not None and (above is None or _RANK[nxt] == _RANK[above] + 1):
            units[i] = nxt if len(item.pairs) == 1 else item.first_unit
            item.pairs[-1].unit = nxt
        elif _bare_year_candidate(item, settings) and nxt in (None, "y"):
            units[i] = "y"
            item.pairs[-1].unit = "y"
    kept: list[_Item] = []
    for item in items:
        if item.last_unit is None:
            if len(item.pairs) > 1:
                last = item.pairs[-2]
                kept.append(replace(item, pairs=item.pairs[:-1], end=last.end, weekday=False))
            break
        kept.append(item)
    return kept


def _fill(item: _Item, prev: _Item | None) -> bool:
    """Inherit the higher units the item omits from the item before; False when the result has a gap."""
    filled = {p.unit: p for p in item.pairs if p.unit}
    if prev is not None:
        top = _RANK[item.first_unit or "y"]
        for unit, pair in prev.filled.items():
            if _RANK[unit] < top:
                filled[unit] = pair
    if "d" in filled and "m" not in filled and filled["d"].ref == "explicit":
        return False
    item.filled = filled
    return True


def _granularity(item: _Item) -> str:
    return {"y": "year", "m": "month", "d": "day"}[item.last_unit or "y"]


def _chain(t: str, pos: int, lex: Lexicon, settings: GrammarSettings) -> tuple[list[_Item], list[str]]:
    first = _read_item(t, pos, None, lex, settings)
    if first is None:
        return [], []
    items, seps = [first], []
    while True:
        last = items[-1]
        if last.inline_range is not None or (last.last_unit == "d" and last.pairs[-1].ref == "anaphoric"):
            break
        sep, kind = _RANGE_SEP.match(t, last.end), "range"
        if sep is not None and sep.group(1) == "-" and last.delim == "-" and not _DELIM_YMD.match(t, sep.end()):
            sep = None
        if sep is None:
            sep, kind = _LIST_SEP.match(t, last.end), "list"
        if sep is None or (kind == "range" and seps and seps[-1] == "range"):
            break
        nxt = _read_item(t, sep.end(), last, lex, settings)
        if nxt is None or nxt.inline_range is not None or nxt.pairs[0].ref == "anaphoric":
            break
        items.append(nxt)
        seps.append(kind)
    return items, seps


def _number_blocked(t: str, pos: int, lex: Lexicon) -> bool:
    if pos == 0:
        return False
    c = t[pos - 1]
    if c.isdigit() or c in "_%$#@" or (c.isascii() and c.isalpha()):
        return True
    if c in ".,/:" and pos >= 2 and t[pos - 2].isdigit():  # 1.5, 1,000, 3/4, 20:18
        return True
    if c == "-" and pos >= 2 and t[pos - 2].isascii() and t[pos - 2].isalnum():
        return True
    head = t[max(0, pos - 6) : pos].rstrip(" ")
    return head.endswith(lex.number_block_before)


def _cn_blocked(t: str, pos: int) -> bool:
    return pos > 0 and t[pos - 1] in _CN + "第每這那哪幾數某逐統唯單專萬千之個週周星期禮拜初"


def _followed_by(t: str, pos: int, words: tuple[str, ...]) -> bool:
    sp = _SPACES.match(t, pos)
    return t.startswith(words, sp.end() if sp else pos)


def _start_ok(t: str, items: list[_Item], lex: Lexicon, settings: GrammarSettings) -> bool:
    first = items[0]
    pair = first.pairs[0]
    if pair.unit in ("m", "d") and t[max(0, first.start - 4) : first.start].rstrip(" ").endswith(lex.generic_before):
        return False  # 每年5月 recurs every year; it is not one interval
    if pair.ref != "explicit" or first.era:
        return True
    if pair.chinese:
        return not _cn_blocked(t, first.start)
    if _number_blocked(t, first.start, lex):
        return False
    if first.delim and first.first_unit == "m" and not (first.weekday or settings.cell):
        return len(items) > 1 and items[1].delim is not None and items[1].first_unit == "m"
    return True


def _end_ok(t: str, item: _Item, lex: Lexicon) -> bool:
    """A year-only item must not be a quantity: 2000年以上, 2018位, 2018-19."""
    pair = item.pairs[-1]
    if item.delim in (".", "/") and pair.unit == "m":  # 2018.5億 is an amount, 2018.5 a month
        return not _followed_by(t, item.end, lex.counters)
    if pair.ref != "explicit" or item.delim or pair.unit != "y" or pair.decade or t[pair.end - 1] == "度":
        return True
    if pair.written:
        return not _followed_by(t, item.end, lex.year_duration_after)
    if _followed_by(t, item.end, lex.counters):
        return False
    return not re.match(r"[./:\-]\d|[A-Za-z]", t[item.end : item.end + 2])


def _point(item: _Item, settings: GrammarSettings) -> tuple[Point, str | None, str | None] | None:
    """The item's endpoint, its calendar and why it is invalid; None when its year is implausible."""
    f = item.filled
    year, calendar = None, None
    if (yp := f.get("y")) is not None and yp.ref in ("explicit", "inline"):
        got = _year_of(yp, item, "m" in f, settings)
        if got is None:
            return None
        year, calendar = got
    month = f["m"].value if "m" in f else None
    day = f["d"].value if "d" in f else None
    invalid = None
    if month is not None and not 1 <= month <= 12:
        invalid = "invalid_month"
    elif day is not None and not 1 <= day <= 31:
        invalid = "invalid_day"
    return Point(year, month, day), calendar, invalid


def _rule(a: _Item, b: _Item | None) -> str:
    units = "".join(u for u in "ymd" if u in a.filled)
    ref = next((a.filled[u].ref for u in "ymd" if u in a.filled and a.filled[u].ref != "explicit"), None)
    yp = (b or a).filled.get("y")
    if ref is not None:
        base = f"{ref}_{units}"
    elif units == "y" and yp is not None and not yp.written:
        base = "bare_year"
    else:
        base = units
    if a.pairs[0].chinese:
        base = "cn_" + base
    return "range_" + base if b is not None else base


def _make(a: _Item, b: _Item | None, settings: GrammarSettings) -> Found | None:
    if a.inline_range is not None:
        lo, hi = a.inline_range
        shift, cal = (0, "gregorian") if len(str(lo)) == 4 else (1911, "roc")
        if hi < lo:
            return None
        return Found(a.start, a.end, Point(lo + shift), Point(hi + shift), "year", cal, "inline_range", year_ref="inline")
    pa = _point(a, settings)
    pb = _point(b, settings) if b is not None else pa
    if pa is None or pb is None or (b is not None and _granularity(a) != _granularity(b)):
        return None
    (sa, cal_a, inv_a), (sb, cal_b, inv_b) = pa, pb
    yp, mp, dp = a.filled.get("y"), a.filled.get("m"), a.filled.get("d")
    if b is not None and set(a.filled) == {"y"} and sa.year is not None and sb.year is not None:
        if not a.filled["y"].written and not 0 <= sb.year - sa.year <= settings.max_bare_range:
            return None
    rule = _rule(a, b)
    if yp is not None and yp.decade and sa.year is not None:
        if sa.year % 10:
            return None
        sb, rule = Point(sa.year + 9), "decade"
    return Found(
        a.start,
        (b or a).end,
        sa,
        sb,
        _granularity(a),
        cal_a or cal_b,
        rule,
        year_ref=yp.ref if yp is not None else "none",
        year_offset=yp.offset if yp is not None else 0,
        month_ref=mp.ref if mp is not None else "explicit",
        month_offset=mp.offset if mp is not None else 0,
        day_ref=dp.ref if dp is not None else "explicit",
        day_offset=dp.offset if dp is not None else 0,
        end_year_inherited=b is not None and b.first_unit == "m",
        invalid=inv_a or inv_b,
    )


def _build(items: list[_Item], seps: list[str], settings: GrammarSettings) -> list[Found]:
    found: list[Found] = []
    i = 0
    while i < len(items):
        b = items[i + 1] if i + 1 < len(items) and seps[i] == "range" else None
        made = _make(items[i], b, settings)
        if made is None and b is not None:
            if not any(p.written for p in items[i].pairs + b.pairs):
                break  # 1900-2100 is not a plausible span of years, and not two years either
            made, b = _make(items[i], None, settings), None
        if made is None:
            break
        found.append(made)
        i += 2 if b is not None else 1
    return found


_DIGIT_RUN = re.compile(r"\d+")
# What may follow a number for it to take part in a date: a numeric form's separator
# (_DELIM_*), a unit (_UNIT, after spaces or a line break), a range or list separator
# (_RANGE_SEP, _LIST_SEP). Kept in step with those patterns; tests compare both paths.
_AFTER_NUMBER = frozenset("./-" + " \n年月日號" + "起至到迄~" + "、,以及與和暨或")


def _bare_number(t: str, at: int) -> bool:
    """A number of one to three digits that nothing can follow into a date (12個, 3位).

    Such a chain is one unitless number that is no bare year (those have four
    digits), so :func:`_found_at` would cut it and find nothing.
    """
    run = _DIGIT_RUN.match(t, at)
    if run is None or run.end() - at > 3 or t[at] in _word_firsts():
        return False
    return t[run.end() : run.end() + 1] not in _AFTER_NUMBER


def _found_at(t: str, at: int, lex: Lexicon, settings: GrammarSettings) -> list[Found]:
    if _bare_number(t, at):
        return []
    items, seps = _chain(t, at, lex, settings)
    if not items:
        return []
    items = _assign_bare_units(items, settings)
    prev = None
    for k, item in enumerate(items):
        if not _fill(item, prev):
            items = items[:k]
            break
        prev = item
    while items and not _end_ok(t, items[-1], lex):
        items.pop()
    if not items or not _start_ok(t, items, lex, settings):
        return []
    return _build(items, seps[: len(items) - 1], settings)


# ---------------------------------------------------------------- public

DEFAULT_GRAMMAR = GrammarSettings()

_PAREN_YEARS = re.compile(r"(?<=[（(])\s*(\d{4})\s*[-–—~～至到]\s*(\d{4})\s*[）)](?![人次件元萬億噸輛位名張個份頁公台臺])")


def find_paren_year_ranges(t: str, settings: GrammarSettings = DEFAULT_GRAMMAR) -> list[Found]:
    """Two years alone in parentheses, as a period of whole years (older ones included).

    Example:
        >>> [(f.start.year, f.end.year) for f in find_paren_year_ranges("清嘉慶（1796-1820）年間")]
        [(1796, 1820)]
        >>> find_paren_year_ranges("（1500-1200）"), find_paren_year_ranges("約（1500-2500）人")
        ([], [])
    """
    out = []
    for m in _PAREN_YEARS.finditer(t):
        a, b = int(m.group(1)), int(m.group(2))
        if settings.paren_year_min <= a < b <= settings.bare_year_max and b - a <= settings.paren_span_max:
            out.append(Found(m.start(1), m.end(2), Point(a), Point(b), "year", "gregorian", "paren_year_range"))
    return out



def find_dates(text: str, settings: GrammarSettings = DEFAULT_GRAMMAR) -> list[Found]:
    """Every date expression in ``text``, left to right, longest first, without overlaps.

    Example:
        >>> [(f.start.year, f.end.year, f.granularity) for f in find_dates("本府為 2016-2019年理事")]
        [(2016, 2019, 'year')]
    """
    lex = load_lexicon()
    t = map_text(text)
    english = find_english_dates(t, settings)
    out: list[Found] = []
    pos, k = 0, 0
    trigger = _trigger_start_re()
    while m := trigger.search(t, pos):
        at = m.start()
        while k < len(english) and english[k].char_end <= at:
            k += 1
        if k < len(english) and english[k].char_start <= at:
            pos = english[k].char_end  # inside an English date: 21 May 2018 is not a bare year 2018
            continue
        found = [f for f in _found_at(t, at, lex, settings) if k >= len(english) or f.char_end <= english[k].char_start]
        if found:
            out.extend(found)
            pos = found[-1].char_end
        else:
            pos = at + 1
    taken = out + english
    periods = [p for p in find_paren_year_ranges(t, settings)
               if not any(f.char_start < p.char_end and p.char_start < f.char_end for f in taken)]
    return sorted(taken + periods, key=lambda f: f.char_start)
