"""Shared pieces of the date grammar: the text mapping, the lexicon, the settings and
the types of a found expression. :mod:`extractors.dates.grammar` and
:mod:`extractors.dates.english` both build on them.
"""

from __future__ import annotations

import re
from dataclasses import MISSING, dataclass, fields
from functools import cache

from extractors.core.lexicons import read_json

# ---------------------------------------------------------------- text mapping

_MAP = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_MAP.update({0x3000: 0x20, 0xA0: 0x20, 0x2007: 0x20, 0x202F: 0x20})
_MAP.update({ord(c): ord("-") for c in "‐‑‒–—―−﹣─"})
_MAP.update({ord(c): ord("~") for c in "〜∼～"})


_MAPPED = {chr(k): chr(v) for k, v in _MAP.items()}
_TO_MAP = re.compile("[" + "".join(sorted(map(re.escape, _MAPPED))) + "]")


def _mapped(m: re.Match[str]) -> str:
    return _MAPPED[m.group()]


def map_text(text: str) -> str:
    """Full-width to ASCII, dashes to ``-``, waves to ``~``; same length as ``text``.

    The same as ``text.translate(_MAP)``; replacing only the characters that map is
    several times faster on Chinese text, where str.translate looks up every character.
    """
    return _TO_MAP.sub(_mapped, text)


# ---------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, tuple[str, str, int]]  # word -> (unit y/m/d, ref deictic/anaphoric, offset)
    inline_prefixes: dict[str, int]
    block_before: dict[str, str]
    block_after_year: str
    block_after_day: str
    number_block_before: tuple[str, ...]
    counters: tuple[str, ...]
    year_duration_after: tuple[str, ...]
    weekdays: str
    trip_labels: tuple[str, ...]
    report_labels: tuple[str, ...]
    generic_before: tuple[str, ...]


@cache
def load_lexicon() -> Lexicon:
    raw = read_json("dates.json")
    words: dict[str, tuple[str, str, int]] = {}
    for key, unit, ref in (
        ("deictic_years", "y", "deictic"),
        ("anaphoric_years", "y", "anaphoric"),
        ("deictic_months", "m", "deictic"),
        ("anaphoric_months", "m", "anaphoric"),
        ("anaphoric_days", "d", "anaphoric"),
    ):
        for word, offset in raw[key].items():
            words[word] = (unit, ref, int(offset))
    return Lexicon(
        words=words,
        inline_prefixes={k: int(v) for k, v in raw["deictic_year_prefixes"].items()},
        block_before=raw["block_before"],
        block_after_year=raw["block_after_year"],
        block_after_day=raw["block_after_day"],
        number_block_before=tuple(sorted(raw["number_block_before"], key=len, reverse=True)),
        counters=tuple(sorted(raw["counters"], key=len, reverse=True)),
        year_duration_after=tuple(sorted(raw["year_duration_after"], key=len, reverse=True)),
        weekdays=raw["weekdays"],
        trip_labels=tuple(raw["trip_labels"]),
        report_labels=tuple(raw["report_labels"]),
        generic_before=tuple(raw["generic_before"]),
    )


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class GrammarSettings:
    """Plausibility limits: what a written number may be as a year."""

    year_min: int = 1000  # a 4-digit year written with 年
    year_max: int = 2999
    bare_year_min: int = 1900  # a 4-digit year written alone (2018城市…, 2016-2018)
    bare_year_max: int = 2100
    # A range of two years alone in parentheses is a period even before 1900: a reign,
    # a dynasty, a life (清乾隆（1736-1795）, 林獻堂（1881-1956）).
    paren_year_min: int = 1000
    paren_span_max: int = 300
    roc_max: int = 200  # ROC years in Y年M月, Y.M.D and after 民國
    roc_bare_min: int = 50  # an ROC year written alone as N年 (smaller N are durations: 3年1任)
    roc_bare_max: int = 150
    max_bare_range: int = 30  # 2016-2018 is a range; 1990-2090 is not
    cell: bool = False  # the text is one table cell or form field: 5/21 needs no weekday


# ---------------------------------------------------------------- found expressions


def _quick_init(cls):
    """Give a frozen dataclass an ``__init__`` that sets the instance dict in one step.

    The generated one calls ``object.__setattr__`` once per field, which made building
    a Found (15 fields) cost more than finding it. Same parameters, defaults, field
    order and resulting instance; the class stays frozen.
    """
    params, names, defaults = [], [], {}
    for f in fields(cls):
        if f.default_factory is not MISSING or not f.init:
            raise TypeError(f"{cls.__name__}.{f.name}: fields with a default_factory or init=False are not supported")
        names.append(f.name)
        if f.default is MISSING:
            params.append(f.name)
        else:
            defaults[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    body = ", ".join(f"{name!r}: {name}" for name in names)
    source = f"def __init__(self, {', '.join(params)}):\n    _set(self, '__dict__', {{{body}}})\n"
    namespace = {"_set": object.__setattr__, **defaults}
    exec(source, namespace)  # noqa: S102 - built from the class's own field names
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init
    return cls


@_quick_init
@dataclass(frozen=True)
class Point:
    """One endpoint; a part is None when the text did not write it."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


@_quick_init
@dataclass(frozen=True)
class Found:
    """One date expression, found but not yet anchored."""

    char_start: int
    char_end: int
    start: Point
    end: Point
    granularity: str  # day, month, year
    calendar: str | None  # of the written year; None when no year is written
    rule: str
    year_ref: str = "explicit"  # explicit, inline (去（2017）年), none, deictic, anaphoric
    year_offset: int = 0
    month_ref: str = "explicit"  # explicit, deictic, anaphoric
    month_offset: int = 0
    day_ref: str = "explicit"  # explicit, anaphoric
    day_offset: int = 0
    end_year_inherited: bool = False  # the end took its year from the start (12月28日至1月3日)
    invalid: str | None = None  # invalid_day, invalid_month


# ---------------------------------------------------------------- Chinese numerals

CN_NUMERALS = "〇零○一二三四五六七八九十百廿卅"
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def parse_cn_number(text: str) -> int | None:
    """A Chinese numeral to an int: 一百零七 -> 107, 二〇一八 -> 2018, 廿一 -> 21."""
    if not any(c in "十百廿卅" for c in text):
        if not all(c in _CN_DIGITS for c in text):
            return None
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total, digit = 0, None
    for c in text:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c in "廿卅":
            total += 20 if c == "廿" else 30
            digit = None
        else:
            scale = 10 if c == "十" else 100
            total += (1 if digit is None else digit) * scale
            digit = None
    return total + (digit or 0)
