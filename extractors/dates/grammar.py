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

The text is first mapped one character to one character (full-width digits
and punctuation to ASCII, every dash to ``-``, every wave to ``~``), so spans
found in the mapped text are spans in the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from extractors.dates.base import (
    CN_NUMERALS,
    Found,
    GrammarSettings,
    Lexicon,
    Point,
    load_lexicon,
    map_text,
    parse_cn_number,
)
from extractors.dates.english import find_english_dates

__all__ = ["Found", "GrammarSettings", "Point", "find_dates", "load_lexicon", "map_text", "parse_cn_number"]

# ---------------------------------------------------------------- patterns

_S = r"[ ]*(?:\n[ ]*)?"  # spaces and at most one line break between parts
_CN = CN_NUMERALS
_RANK = {"y": 0, "m": 1, "d": 2}

_ERA_WORDS = ("中華民國", "民國", "西元", "公元")
_ERA = re.compile(f"({'|'.join(_ERA_WORDS)}){_S}")
_NUM = re.compile(rf"(\d{{1,4}})(?!\d)|([{_CN}]{{1,7}})")
_UNIT = re.compile(rf"{_S}(年度|年代|年|月份|月|日|號)")
_INLINE = re.compile(rf"{_S}\({_S}(\d{{4}}|\d{{2,3}}){_S}(?:(?:-|~|至|到){_S}(\d{{4}}|\d{{2,3}}){_S})?\){_S}(年度|年|屆)")
_DELIM_YMD = re.compile(r"(\d{4}|\d{2,3})([./-])(\d{1,2})\2(\d{1,2})(?![\d])(?![./]\d)")
_DELIM_YM = re.compile(r"(\d{4})([./])(\d{1,2})(?![\d])(?![./-]\d)")
_DELIM_MD = re.compile(r"(\d{1,2})([/.-])(\d{1,2})(?![\d])(?![./]\d)")
_DELIM_D = re.compile(r"(\d{1,2})(?![\d./\-:年月日號])")
_RANGE_SEP = re.compile(rf"{_S}(?:起{_S})?(至|到|迄|~|-){_S}")
_LIST_SEP = re.compile(rf"{_S}(、|,|以及|及|與|和|暨|或){_S}")
_SPACES = re.compile(_S)


@cache
def _trigger_start_re() -> re.Pattern[str]:
    """Where an expression may start: a digit, a Chinese numeral before a unit, an era, a relative word.

    Written to begin with a character class: only the start of a trigger is used, and a
    pattern that begins with a class lets the regex engine skip, in C, every character
    that cannot start one (most of a Chinese text); a plain alternation (the reference in
    ``tests/reference/dates.py``) is tried at every position instead.
    Each alternative is its first character, consumed by the class, then checked by a
    lookbehind, then the rest of the alternative.
    """
    lex = load_lexicon()
    prefixes = "".join(lex.inline_prefixes)
    firsts = {w[0] for w in lex.words} | {w[0] for w in _ERA_WORDS}
    alternatives = [
        r"(?<=\d)(?<![0-9A-Za-z][\s\S])",
        rf"(?<=[{_CN}])(?<![{_CN}][\s\S])[{_CN}]*{_S}[年月日號]",
        *(f"(?<={re.escape(w[0])}){re.escape(w[1:])}" for w in _ERA_WORDS),
        rf"(?<=[{prefixes}]){_S}\(",
    ] + [f"(?<={re.escape(w[0])}){re.escape(w[1:])}" for w in sorted(lex.words, key=len, reverse=True)]
    first = "".join(sorted(map(re.escape, firsts | set(prefixes) | set(_CN))))
    return re.compile(rf"[\d{first}](?:{'|'.join(alternatives)})")


@cache
def _words_re() -> re.Pattern[str]:
    words = sorted(load_lexicon().words, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


@cache
def _weekday_re() -> re.Pattern[str]:
    days = load_lexicon().weekdays
    return re.compile(
        rf"[ ]*\([ ]*(?:(?:週|周|星期|禮拜)[ ]*)?[{days}][ ]*\)"
        r"|[ ]*\((?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?\)"
    )


# ---------------------------------------------------------------- pairs and items


@dataclass(slots=True)
class _Pair:
    unit: str | None  # y, m, d, or None for a bare number
    value: int | None
    start: int
    end: int
    digits: str = ""  # the number as written ("" for a word)
    chinese: bool = False
    ref: str = "explicit"  # explicit, inline, deictic, anaphoric
    offset: int = 0
    decade: bool = False
    written: bool = True  # the unit is written in the text (False for 2018 in 2018及2019年)
    fiscal: bool = False  # written 年度 (a fiscal year, never a duration)


@dataclass(slots=True)
class _Item:
    pairs: list[_Pair]
    start: int
    end: int
    era: str | None = None
    delim: str | None = None  # the separator of a numeric form, e.g. "."
    weekday: bool = False
    inline_range: tuple[int, int] | None = None  # 下（2019-2021）屆
    filled: dict[str, _Pair] = field(default_factory=dict)

    @property
    def last_unit(self) -> str | None:
        return self.pairs[-1].unit

    @property
    def first_unit(self) -> str | None:
        return self.pairs[0].unit


def _blocked_before(t: str, pos: int, word: str, lex: Lexicon) -> bool:
    """本年 in 日本年輕人, 次日 in 本次日本行, 同日 in 不同日期: the word is part of another."""
    if pos == 0:
        return False
    before = t[pos - 1]
    return before in lex.block_before.get(word[0], "") or (word[0] in "次隔翌" and (before.isdigit() or before in CN_NUMERALS))


def _read_word(t: str, pos: int, lex: Lexicon, first: bool) -> _Item | None:
    """A relative word, or an inline year: 本年, 同月, 翌日, 去（2017）年, 下（2019-2021）屆."""
    if pos >= len(t):
        return None
    if t[pos] in lex.inline_prefixes and not _blocked_before(t, pos, t[pos], lex):
        if m := _INLINE.match(t, pos + 1):
            a, b = m.group(1), m.group(2)
            offset = lex.inline_prefixes[t[pos]]
            pair = _Pair("y", int(a), pos, m.end(), digits=a, ref="inline", offset=offset)
            item = _Item([pair], pos, m.end())
            if b is not None:
                item.inline_range = (int(a), int(b))
            elif m.group(3) == "屆":
                return None
            return item
    m = _words_re().match(t, pos)
    if not m or _blocked_before(t, pos, m.group(), lex):
        return None
    unit, ref, offset = lex.words[m.group()]
    after = t[m.end() : m.end() + 1]
    if unit == "y" and after and after in lex.block_after_year:
        return None
    if unit == "d" and (not first or (after and after in lex.block_after_day)):
        return None
    end = m.end()
    if unit == "y" and t.startswith("度", end):
        end += 1
    return _Item([_Pair(unit, None, pos, end, ref=ref, offset=offset)], pos, end)


_UNIT_OF = {"年度": "y", "年代": "y", "年": "y", "月份": "m", "月": "m", "日": "d", "號": "d"}


# _NUM then _UNIT at its end, in one match: the unit group is optional and last, so
# the number is never given back to make room for it.
_NUM_UNIT = re.compile(f"(?:{_NUM.pattern})(?:{_UNIT.pattern})?")


def _read_number_pair(t: str, pos: int) -> _Pair | None:
    m = _NUM_UNIT.match(t, pos)
    if not m:
        return None
    digits = m.group(1)
    if digits:
        value, chinese, num_end = int(digits), False, m.end(1)
    else:
        digits, chinese, num_end = m.group(2), True, m.end(2)
        value = parse_cn_number(digits)
        if value is None:
            return None
    word = m.group(3)
    if word is None:
        return None if chinese else _Pair(None, value, pos, num_end, digits=digits, written=False)
    unit = _UNIT_OF[word]
    return _Pair(unit, value, pos, m.end(), digits=digits, chinese=chinese, decade=word == "年代",
                 fiscal=word == "年度")


def _read_weekday(t: str, item: _Item) -> None:
    if item.last_unit == "d" and (w := _weekday_re().match(t, item.end)):
        item.end = w.end()
        item.weekday = True


def _read_delimited(t: str, pos: int, prev: _Item | None, settings: GrammarSettings) -> _Item | None:
    """2018.5.21, 107/06/12, 2018-05-21, 2018.05, 5/21(一); after a numeric start also 5.28 or 28."""
    if m := _DELIM_YMD.match(t, pos):
        y, sep, mo, d = m.group(1), m.group(2), m.group(3), m.group(4)
        if int(mo) <= 12 and int(d) <= 31:
            pairs = [
                _Pair("y", int(y), m.start(1), m.end(1), digits=y),
                _Pair("m", int(mo), m.start(3), m.end(3), digits=mo),
                _Pair("d", int(d), m.start(4), m.end(4), digits=d),
            ]
            return _Item(pairs, pos, m.end(), delim=sep)
    if m := _DELIM_YM.match(t, pos):
        y, mo = m.group(1), m.group(3)
        if 1 <= int(mo) <= 12 and settings.bare_year_min <= int(y) <= settings.bare_year_max:
            pairs = [_Pair("y", int(y), m.start(1), m.end(1), digits=y), _Pair("m", int(mo), m.start(3), m.end(3), digits=mo)]
            return _Item(pairs, pos, m.end(), delim=m.group(2))
    if m := _DELIM_MD.match(t, pos):
        mo, sep, d = m.group(1), m.group(2), m.group(3)
        if sep == "-" and (prev is None or prev.delim != "-"):
            pass  # 5-21 alone is too often something else (a count range, a code)
        elif 1 <= int(mo) <= 12 and 1 <= int(d) <= 31 and (prev is None or prev.delim in (sep, "-")):
            pairs = [_Pair("m", int(mo), m.start(1), m.end(1), digits=mo), _Pair("d", int(d), m.start(3), m.end(3), digits=d)]
            return _Item(pairs, pos, m.end(), delim=sep)
    if prev is not None and prev.delim and prev.last_unit == "d" and (m := _DELIM_D.match(t, pos)):
        if 1 <= int(m.group(1)) <= 31:
            return _Item([_Pair("d", int(m.group(1)), pos, m.end(), digits=m.group(1))], pos, m.end(), delim=prev.delim)
    return None


@cache
def _word_firsts() -> frozenset[str]:
    """The characters a relative word or an inline year can start with (else _read_word is None)."""
    lex = load_lexicon()
    return frozenset(w[0] for w in lex.words) | frozenset(lex.inline_prefixes)


_ERA_FIRSTS = frozenset(word[0] for word in _ERA_WORDS)  # where an _ERA match can begin


def _read_item(t: str, pos: int, prev: _Item | None, lex: Lexicon, settings: GrammarSettings) -> _Item | None:
    c = t[pos : pos + 1]
    if c in _word_firsts() and (word := _read_word(t, pos, lex, first=prev is None)):
        if word.inline_range is None and word.last_unit in ("y", "m"):
            _continue_pairs(t, word, lex)
            _read_weekday(t, word)
        return word
    written = None
    start = pos
    if c in _ERA_FIRSTS and (m := _ERA.match(t, pos)):
        written, pos = m.group(1), m.end()
    era = written or (prev.era if prev is not None else None)  # 民國38年至40年: the era carries on
    if t[pos : pos + 1].isdigit() and (item := _read_delimited(t, pos, prev, settings)):
        item.era, item.start = era, start
        if written and item.first_unit != "y":
            return None
        _read_weekday(t, item)
        return item
    first = _read_number_pair(t, pos)
    if first is None or (written and first.unit not in ("y", None)):
        return None
    item = _Item([first], start, first.end, era=era)
    _continue_pairs(t, item, lex)
    _read_weekday(t, item)
    return item


def _continue_pairs(t: str, item: _Item, lex: Lexicon) -> None:
    """Add the lower pairs that follow: 年 then 月 then 日, each once, in order."""
    while item.last_unit in ("y", "m") and not item.pairs[-1].decade:
        sp = _SPACES.match(t, item.end)
        pos = sp.end() if sp else item.end
        pair = _read_number_pair(t, pos)
        if pair is None:
            return
        if pair.unit is not None and _RANK[pair.unit] != _RANK[item.last_unit] + 1:
            return
        item.pairs.append(pair)
        item.end = pair.end
        if pair.unit is None:
            return


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
    return sorted(out + english, key=lambda f: f.char_start)
