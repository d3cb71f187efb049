"""Events written plainly: 第 N 屆 … 會議/論壇/大會. Quoted and bilingual event names
(「…博覽會」, 「…論壇」（… Forum）) come from :mod:`extractors.mentions.bilingual`; the heads both
use are the lexicons ``event_heads_zh.txt`` and ``event_heads_en.txt``.

Example:
    >>> [f.name_zh for f in find_events(TextView("將舉辦第2屆亞洲城市論壇，歡迎"))]
    ['第2屆亞洲城市論壇']
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.mentions.base import CJK, Found, TextView, longest_first, read_words

SPACE = re.compile(r"\s")


@lru_cache(maxsize=1)
def ordinal_event() -> re.Pattern[str]:
    heads = "|".join(map(re.escape, longest_first(w for w, _ in read_words("event_heads_zh.txt"))))
    return re.compile(rf"第\s?[0-9０-９一二三四五六七八九十百]+\s?屆\s?[{CJK}0-9]{{2,20}}?(?:{heads})")


def find_events(view: TextView) -> list[Found]:
    out = []
    for m in ordinal_event().finditer(view.text):
        if m.end() not in view.boundaries and m.end() != len(view.text):
            continue
        s, e = view.span(m.start(), m.end())
        out.append(Found(s, e, "EVENT", "events.ordinal", name_zh=SPACE.sub("", m.group()), priority=5))
    return out
