"""Events written plainly: 第 N 屆/次 … 會議/論壇/大會, and named incidents (某某颱風, a
dated 某某大地震 or 某某事故). Quoted and bilingual event names (「…博覽會」, 「…論壇」（… Forum）)
come from :mod:`extractors.mentions.bilingual`; the heads both use are the lexicons
``event_heads_zh.txt`` and ``event_heads_en.txt``; incidents use ``incident_heads_zh.txt``
and ``incident_generic_zh.txt``.

Example:
    >>> [f.name_zh for f in find_events(TextView("將舉辦第2屆亞洲城市論壇，歡迎"))]
    ['第2屆亞洲城市論壇']
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.mentions.base import CJK, CJK_CHAR, Found, TextView, longest_first, read_words
from extractors.mentions.words import is_word, stop_words

SPACE = re.compile(r"\s")
# A date just before a name: …7月31日, 8月, 104年 (digits, maybe spaced, then 日/月/年).
DATE_IN = re.compile(r"[0-9０-９]\s*[日月年]|[一二三四五六七八九十]\s*[日月]")
NAME_ONLY = re.compile(f"[{CJK}・·]{{2,14}}")
NAME_RUN = re.compile(f"[{CJK}・·]{{2,14}}$")


@lru_cache(maxsize=1)
def ordinal_event() -> re.Pattern[str]:
    heads = "|".join(map(re.escape, longest_first(w for w, _ in read_words("event_heads_zh.txt"))))
    # 第N屆 + name + head; 第N次 only with a body's acronym inside (第2次APEC某某會議): a
    # bare 第N次某會議 is usually a later reference to a named meeting, not a name.
    return re.compile(rf"第\s?[0-9０-９一二三四五六七八九十百]+\s?(?:屆\s?[{CJK}A-Za-z0-9]{{0,20}}?|次\s?[{CJK}]{{0,8}}[A-Z]{{2,8}}[0-9]?[{CJK}]{{0,12}}?)(?:{heads})")


@lru_cache(maxsize=1)
def incident_head() -> tuple[re.Pattern[str], frozenset[str]]:
    rows = read_words("incident_heads_zh.txt")
    pattern = re.compile("(?:" + "|".join(map(re.escape, longest_first(w for w, _ in rows))) + ")")
    return pattern, frozenset(w for w, flag in rows if flag == "named")


@lru_cache(maxsize=1)
def incident_generic() -> tuple[str, ...]:
    return tuple(longest_first(w for w, _ in read_words("incident_generic_zh.txt")))


def find_events(view: TextView) -> list[Found]:
    out = []
    for m in ordinal_event().finditer(view.text):
        if m.end() not in view.boundaries and m.end() != len(view.text):
            continue
        out.extend(editions(view, m))
    out += find_acronym_events(view)
    out += find_incidents(view)
    return out


EDITIONS = re.compile(r"(第\s?[0-9０-９一二三四五六七八九十百]+\s?屆)\s?(?:及|與|和|、|暨)\s?(第\s?[0-9０-９一二三四五六七八九十百]+\s?屆)")


def editions(view: TextView, m: re.Match[str]) -> list[Found]:
    """第17屆及第18屆某某會議 names two events, one per edition (the first written short)."""
    text = SPACE.sub("", m.group())
    both = EDITIONS.match(view.text, m.start())
    if both is None:
        s, e = view.span(m.start(), m.end())
        return [Found(s, e, "EVENT", "events.ordinal", name_zh=text, priority=5)]
    rest = SPACE.sub("", view.text[both.end() : m.end()])
    first, second = SPACE.sub("", both.group(1)), SPACE.sub("", both.group(2))
    s1, e1 = view.span(both.start(1), both.end(1))
    s2, e2 = view.span(both.start(2), m.end())
    return [Found(s1, e1, "EVENT", "events.ordinal", name_zh=first + rest, priority=5),
            Found(s2, e2, "EVENT", "events.ordinal", name_zh=second + rest, priority=5)]


@lru_cache(maxsize=1)
def acronym_event() -> re.Pattern[str]:
    heads = "|".join(map(re.escape, longest_first(
        w for w, _ in read_words("event_heads_zh.txt") if w.endswith(("峰會", "博覽會", "年會", "論壇")))))
    # APEC領袖峰會, 2025年某地世界博覽會: a body's acronym or a year, a short name, a head.
    return re.compile(rf"(?:(?<![A-Za-z])[A-Z]{{2,8}}|[0-9]{{4}}\s?年?)[{CJK}]{{0,8}}?(?:{heads})")


def find_acronym_events(view: TextView) -> list[Found]:
    """Summits and expos named by a body's acronym or a year: APEC領袖峰會, 2030年某地博覽會."""
    out = []
    for m in acronym_event().finditer(view.text):
        if m.end() not in view.boundaries and m.end() != len(view.text):
            continue
        if NOT_IN_EVENT.search(m.group()):
            continue
        s, e = view.span(m.start(), m.end())
        out.append(Found(s, e, "EVENT", "events.named", name_zh=SPACE.sub("", m.group()), priority=4))
    return out


NOT_IN_EVENT = re.compile("[的之與及和在為是於等並]")
OWN_OR_THIS = frozenset("本該此其各")
YEAR_BEFORE = re.compile(r"(?<!\d)[12]\d{3}年$")


@lru_cache(maxsize=1)
def long_stops() -> tuple[str, ...]:
    """Stop words of two characters or more (verbs: 發生, 參加 …)."""
    return tuple(w for w in stop_words() if len(w) >= 2)


def after_anchor(name: str, stops: frozenset[str]) -> str:
    """The tail of ``name`` after its last single-character stop word or date word."""
    for i in range(len(name) - 1, -1, -1):
        if name[i] in stops or name[i] in "年月日":
            return name[i + 1 :]
    return name


def find_incidents(view: TextView) -> list[Found]:
    """Named incidents: 某某颱風 (a typhoon is always named), and 某某大地震 / 某某事故
    written right after a date (…年1月17日某某大震災). The name is the Chinese run between
    the date (or a stop word) and the head (a ・ may join two places); a describing phrase
    (大規模地震, 極端降雨事件) is no name."""
    pattern, named = incident_head()
    text = view.text
    stops = stop_words()
    generic = incident_generic()
    out = []
    for m in pattern.finditer(text):
        window = text[max(0, m.start() - 24) : m.start()]
        dates = list(DATE_IN.finditer(window))
        date = dates[-1] if dates else None
        if date is not None and NAME_ONLY.fullmatch(window[date.end() :].strip()):
            name = window[date.end() :].strip()
        elif m.group() in named and (run := NAME_RUN.search(window)):
            name = after_anchor(run.group()[-5:], stops)
            anchored = len(name) < len(run.group()[-5:])  # 受某某颱風: a stop word before the name
            if not 2 <= len(name) <= 4 or is_word(name) and not anchored:
                continue  # 每逢颱風, 於颱風: no name before the head
        else:
            continue
        if len(name) < 2 or name.endswith(generic) or name.startswith(generic) or not CJK_CHAR.match(name[0]) \
                or name[0] in OWN_OR_THIS or any(w in name for w in long_stops()):
            continue  # 本市發生事故: a clause, not a name
        start = m.start() - len(name)
        # A year written right before the name is part of what the text calls it
        # (2004年某某海嘯); name_zh stays the name itself.
        year = YEAR_BEFORE.search(text, max(0, start - 5), start)
        s, e = view.span(year.start() if year else start, m.end())
        out.append(Found(s, e, "EVENT", "events.incident", name_zh=SPACE.sub("", text[start : m.end()]), priority=5))
    return out
