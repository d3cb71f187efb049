"""Reading one item of a date expression: a run of number+unit pairs, a numeric form, a word.

The date grammar (:mod:`extractors.dates.grammar`) chains items into expressions; this
module holds the patterns and reads a single item at a position of the mapped text
(see :func:`extractors.dates.base.map_text`): 2018年5月21日, 107/06/12, 2018.05, 5/21(一),
本年, 同月, 翌日, 去（2017）年.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from extractors.dates.base import CN_NUMERALS, GrammarSettings, Lexicon, load_lexicon, parse_cn_number

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
