"""The dates stage's algorithms in their plain or former form (tests/dates/test_dates_fast_paths.py,
tests/pipeline/test_robust_linear.py)."""

from __future__ import annotations

import re
from functools import cache

from extractors.dates import grammar as g
from extractors.dates import items
from extractors.dates.base import CN_NUMERALS, parse_cn_number

_S = r"[ ]*(?:\n[ ]*)?"  # spaces and at most one line break between parts (grammar._S)
_ERA_WORDS = ("中華民國", "民國", "西元", "公元")


@cache
def trigger_re() -> re.Pattern[str]:
    """Where an expression may start, as one alternation tried at every position: a digit, a
    Chinese numeral before a unit, an era, a relative word (items._trigger_start_re's plain form)."""
    lex = g.load_lexicon()
    words = "|".join(map(re.escape, sorted(lex.words, key=len, reverse=True)))
    prefixes = "".join(lex.inline_prefixes)
    cn = CN_NUMERALS
    return re.compile(
        rf"(?<![0-9A-Za-z])\d|(?<![{cn}])[{cn}]+{_S}[年月日號]|{'|'.join(_ERA_WORDS)}|[{prefixes}]{_S}\(|{words}"
    )


def number_pair(t: str, pos: int):
    """items._read_number_pair as it was: the number and unit patterns matched in turn."""
    m = items._NUM.match(t, pos)
    if not m:
        return None
    if m.group(1):
        digits, value, chinese = m.group(1), int(m.group(1)), False
    else:
        digits, chinese = m.group(2), True
        value = parse_cn_number(digits)
        if value is None:
            return None
    u = items._UNIT.match(t, m.end())
    if not u:
        return None if chinese else items._Pair(None, value, pos, m.end(), digits=digits, written=False)
    word = u.group(1)
    return items._Pair(items._UNIT_OF[word], value, pos, u.end(), digits=digits, chinese=chinese, decade=word == "年代",
                   fiscal=word == "年度")


def _without_bare_number_shortcut(call):
    original = g._bare_number
    try:
        g._bare_number = lambda t, at: False
        return call()
    finally:
        g._bare_number = original


def find_dates(text: str):
    """grammar.find_dates without the bare-number shortcut."""
    return _without_bare_number_shortcut(lambda: g.find_dates(text))


def found_at(t: str, at: int):
    """grammar._found_at without the bare-number shortcut."""
    return _without_bare_number_shortcut(lambda: g._found_at(t, at, g.load_lexicon(), g.DEFAULT_GRAMMAR))


def innermost(sections, pos):
    """extract._Innermost.at as a scan of every section: the shortest holding ``pos``, the deeper of equals."""
    best = None
    for s in sections:
        if s.char_start <= pos < s.char_end:
            if best is None or (s.char_end - s.char_start, -s.level) < (best.char_end - best.char_start, -best.level):
                best = s
    return best
