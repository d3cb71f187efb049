"""The plain form of the date grammar's trigger, the reference its fast form is tested against.

It was ``extractors.dates.grammar._trigger_re``: one alternation tried at every position.
"""

from __future__ import annotations

import re
from functools import cache

from extractors.dates.base import CN_NUMERALS, load_lexicon
from extractors.dates.grammar import _ERA_WORDS, _S


@cache
def plain_trigger_re() -> re.Pattern[str]:
    """Where an expression may start: a digit, a Chinese numeral before a unit, an era, a relative word."""
    lex = load_lexicon()
    words = "|".join(map(re.escape, sorted(lex.words, key=len, reverse=True)))
    prefixes = "".join(lex.inline_prefixes)
    cn = CN_NUMERALS
    return re.compile(
        rf"(?<![0-9A-Za-z])\d|(?<![{cn}])[{cn}]+{_S}[年月日號]|{'|'.join(_ERA_WORDS)}|[{prefixes}]{_S}\(|{words}"
    )
