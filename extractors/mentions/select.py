"""Choosing among candidates: non-overlapping mentions by priority, names found again
(anywhere a document repeats a name it introduced), coordinated quoted names relabelled.

Shared by the stage function (:mod:`extractors.mentions.extract`) and the spaCy component
(:mod:`extractors.mentions.nlp`); it imports neither.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from extractors.mentions.base import Found, has_cjk
from extractors.mentions.words import stop_words

AMBIGUOUS_ZH = ("論壇", "議程")
AMBIGUOUS_EN = {"forum", "agenda"}
LIST_GAP = re.compile(r"^[\s、，,及和與暨以及]*$")
SPACE = re.compile(r"\s")
SPACE_SPLIT = re.compile(r"(\s+)")
GOVERNED_PLACE = re.compile("([\u3400-\u9fff]{2,6}?[州省市縣郡])(?:(?:聯邦)?政府|議會)")


class Compact:
    """The text without whitespace, and a map back: a Chinese name is found with
    ``str.find`` however lines wrap inside it, instead of one regex scan per name."""

    def __init__(self, text: str) -> None:
        # Pieces and the whitespace runs between them, in turns; a compact offset maps back
        # through the piece that holds it (list operations, no loop over the runs).
        parts = SPACE_SPLIT.split(text)
        pieces = parts[0::2]
        self.starts = [0, *accumulate(map(len, parts))][0::2]  # where each piece starts in the text
        self.compact_starts = [0, *accumulate(map(len, pieces))]  # ... and in the compact text
        self.text = "".join(pieces)

    def position(self, at: int) -> int:
        """The offset in the text of the compact text's character ``at``."""
        i = bisect_right(self.compact_starts, at) - 1
        return self.starts[i] + at - self.compact_starts[i]

    def find_all(self, name: str) -> list[tuple[int, int]]:
        key = SPACE.sub("", name)
        out, at = [], self.text.find(key) if key else -1
        while at >= 0:
            out.append((self.position(at), self.position(at + len(key) - 1) + 1))
            at = self.text.find(key, at + len(key))
        return out


def find_all(text: str, name: str, compact: Compact | None = None) -> list[tuple[int, int]]:
    """Occurrences of ``name``; Latin names on word boundaries, Chinese names also when a
    line wrap or a stray space falls inside them (``compact``: a prebuilt :class:`Compact`
    of ``text``, for many look-ups)."""
    if not name:
        return []
    if has_cjk(name):
        return (compact or Compact(text)).find_all(name)
    words = name.split()
    if not words:
        return []
    # Every match starts with the first word: find it with str.find, then check the rest
    # (no regex: a pattern per name would be compiled for every document).
    out, at = [], text.find(words[0])
    while at >= 0:
        end = words_end(text, at, words)
        whole = end >= 0 and (at == 0 or text[at - 1] not in ASCII_ALNUM) and text[end : end + 1] not in ASCII_ALNUM
        if whole:
            out.append((at, end))
        at = text.find(words[0], end if whole else at + 1)
    return out


ASCII_ALNUM = frozenset(string.ascii_letters + string.digits)


def words_end(text: str, at: int, words: list[str]) -> int:
    """Where ``words`` written from ``at`` end, with any white space between them; -1 if they are not."""
    pos = at + len(words[0])
    for word in words[1:]:
        gap = pos
        while gap < len(text) and text[gap].isspace():
            gap += 1
        if gap == pos or not text.startswith(word, gap):
            return -1
        pos = gap + len(word)
    return pos


def relabel_coordinated(found: list[Found], text: str) -> list[Found]:
    """A quoted name with an ambiguous head (論壇 Forum, 議程 Agenda) listed among
    organizations (「A 協會」、「B 理事會」及「C 論壇」) is an organization too."""
    quoted = sorted((f for f in found if f.rule.startswith("bilingual.quoted")), key=lambda f: f.extent)
    changed: dict[int, Found] = {}
    for i, f in enumerate(quoted):
        if f.label != "EVENT":
            continue
        words = (f.name_en or "").split()
        if not ((f.name_zh or "").endswith(AMBIGUOUS_ZH) or (words and words[-1].lower() in AMBIGUOUS_EN)):
            continue
        near = []
        if i > 0 and LIST_GAP.match(text[quoted[i - 1].extent[1] : f.extent[0]]):
            near.append(quoted[i - 1])
        if i + 1 < len(quoted) and LIST_GAP.match(text[f.extent[1] : quoted[i + 1].extent[0]]):
            near.append(quoted[i + 1])
        if near and all(n.label == "ORG" for n in near):
            changed[id(f)] = f.moved(label="ORG", rule=f.rule + "+list")
    return [changed.get(id(f), f) for f in found]


class Occupied:
    """Intervals taken so far, bucketed by position so a lookup stays local (a long report
    has thousands of mentions; a linear scan per candidate was quadratic)."""

    SIZE = 64

    def __init__(self) -> None:
        self.buckets: dict[int, list[tuple[tuple[int, int], tuple[int, int]]]] = {}

    def add(self, span: tuple[int, int], extent: tuple[int, int]) -> None:
        item = (span, extent)
        buckets = self.buckets
        for b in range(extent[0] // self.SIZE, (extent[1] - 1) // self.SIZE + 1):
            bucket = buckets.get(b)
            if bucket is None:
                buckets[b] = [item]
            else:
                bucket.append(item)

    def clashes(self, span: tuple[int, int], extent: tuple[int, int]) -> bool:
        """Whether ``span`` meets a taken extent or ``extent`` meets a taken span."""
        s0, s1 = span
        x0, x1 = extent
        get = self.buckets.get
        for b in range(x0 // self.SIZE, (x1 - 1) // self.SIZE + 1):
            for (o0, o1), (y0, y1) in get(b, ()):
                if s0 < y1 and y0 < s1 or x0 < o1 and o0 < x1:  # overlaps(span, other_extent) or (extent, other_span)
                    return True
        return False


def select(found: list[Found]) -> list[Found]:
    """Non-overlapping mentions: higher priority first, then longer."""
    chosen: list[Found] = []
    taken = Occupied()
    for f in sorted(found, key=lambda f: (-f.priority, -(f.end - f.start), f.start)):
        if f.end <= f.start:
            continue
        span, extent = (f.start, f.end), f.extent
        if taken.clashes(span, extent):
            continue
        taken.add(span, extent)
        chosen.append(f)
    return chosen


def repeat_names(text: str, chosen: list[Found], compact: Compact | None = None) -> list[Found]:
    """Later plain mentions of names the document introduced: abbreviations (APO), Chinese
    names of bilingual organizations and events, places learned from the text."""
    names: dict[str, Found] = {}
    for f in chosen:
        if f.label == "ORG" and f.name_zh and (gov := GOVERNED_PLACE.match(f.name_zh)):
            # 某某州 + 政府 teaches 某某州: the place a government governs, found bare later.
            names.setdefault(gov.group(1), Found(f.start, f.end, "PLACE", "repeat", name_zh=gov.group(1)))
        if f.rule.startswith("events.incident") and f.name_zh and len(f.name_zh) >= 4:
            names.setdefault(f.name_zh, f)  # a named incident is written again bare (於某某大地震後)
        if f.rule.startswith("bilingual") or f.rule.startswith("people.place"):
            for name in (f.abbr, f.name_zh if f.label != "PLACE" or f.rule != "places.gazetteer" else None):
                if not name:
                    continue
                latin_ok = not has_cjk(name) and sum(c.isupper() for c in name) >= 2 and len(name) >= 2
                # A short Chinese name repeats only when it was quoted or is a place
                # (「青年論壇」 yes; 秘書處 from 秘書處（Secretariat） no).
                long_enough = len(name) >= 5 or len(name) >= 3 and (f.label == "PLACE" or "quoted" in f.rule)
                if (has_cjk(name) and long_enough) or latin_ok:
                    names.setdefault(name, f)
        # People named once with a title: later bare mentions (某某表示, Jane Doe said).
        if f.label == "PERSON":
            if f.name_zh and len(f.name_zh) >= 3:
                names.setdefault(f.name_zh, f)
            if f.name_en and len(f.name_en.split()) >= 2:
                names.setdefault(f.name_en, f)
    taken = Occupied()
    for f in chosen:
        taken.add(f.extent, f.extent)
    out: list[Found] = []
    compact = compact or Compact(text)
    for name in sorted(names, key=len, reverse=True):
        source = names[name]
        for s, e in find_all(text, name, compact):
            if taken.clashes((s, e), (s, e)):
                continue
            taken.add((s, e), (s, e))
            out.append(Found(s, e, source.label, "repeat", name_zh=source.name_zh, name_en=source.name_en,
                             abbr=source.abbr, role=source.role, affiliation=source.affiliation, priority=1))
    return out


def link_surnames(found: list[Found]) -> list[Found]:
    """"Mr. Brown" after "Mr. David Brown": the short form carries the full name."""
    full = [f.name_en for f in found if f.label == "PERSON" and f.name_en and " " in f.name_en]
    out = []
    for f in found:
        if f.label == "PERSON" and f.name_en and " " not in f.name_en:
            match = next((n for n in full if n.split()[-1] == f.name_en or n.split()[0] == f.name_en), None)
            if match:
                f = f.moved(name_en=match)
        out.append(f)
    return out


@lru_cache(maxsize=1)
def verbs() -> tuple[str, ...]:
    """Stop words of two characters or more (參加, 會同, 以下簡稱), longest first."""
    return tuple(sorted((w for w in stop_words() if len(w) >= 2 and has_cjk(w)), key=len, reverse=True))


# One-character unit heads that make a noun of a verb before them: 代表處, 辦事處, 管理局.
UNIT_AFTER_VERB = frozenset("處團局部會所室組署")


def verb_at(span: str, verb: str) -> int:
    """The last place ``verb`` stands in ``span`` as a verb: not followed by a unit head
    that makes a noun of it (代表 in 某某代表處 is part of the name)."""
    at = span.rfind(verb)
    while at >= 0 and span[at + len(verb) : at + len(verb) + 1] in UNIT_AFTER_VERB and at + len(verb) < len(span):
        at = span.rfind(verb, 0, at)
    return at


def cut_at_verbs(found: list[Found], text: str) -> list[Found]:
    """An organization or event a grammar found in running text starts after the last verb
    inside it (日本參加某某學校 -> 某某學校, 以下簡稱某館 -> 某館); quoted and bilingual
    names keep their edges."""
    out = []
    for f in found:
        if f.label in ("ORG", "EVENT") and not f.rule.startswith(("bilingual", "participants", "corpus")):
            span = text[f.start : f.end]
            cut = max((at + len(v) for v in verbs() if (at := verb_at(span, v)) >= 0), default=0)
            if cut and len(SPACE.sub("", span[cut:])) >= 3:
                f = f.moved(start=f.start + cut, name_zh=SPACE.sub("", span[cut:]) if f.name_zh else None,
                            rule=f.rule + "+cut")
        out.append(f)
    return out
