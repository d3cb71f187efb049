"""Places: countries, regions and cities from the gazetteer (:mod:`extractors.core.gazetteer`),
with their zh-Hant and English names filled from it, so 韓國 and Korea, 臺南 and Tainan
carry each other's name. 城市（City, Country） comes from :mod:`extractors.mentions.bilingual`, places
named by a governing title (某地市長) from :mod:`extractors.mentions.people`, itinerary routes from
:func:`extractors.mentions.extract.extract_mentions`.

Example:
    >>> [f.name_en for f in find_place_mentions(TextView("前往法國里爾"))]
    ['France', 'Lille']
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.core.gazetteer import Place, fold, load_gazetteer
from extractors.mentions.base import CJK, CJK_CHAR, Found, TextView, nfkc, nfkc_text
from extractors.mentions.words import is_word

# Region words that are only ever parts of longer names here (中東 in 中東及西亞 …) are
# left to the gazetteer's stoplist; a place counts only as a whole jieba token or more.


# Single characters jieba glues to a following place name (赴美國, 在日本).
LEAD_CHARS = frozenset("赴往至在於到由與和及從自回返抵經")


@lru_cache(maxsize=1)
def first_char_lengths() -> dict[str, tuple[int, ...]]:
    """First character -> the lengths of gazetteer names starting with it, longest first."""
    table: dict[str, set[int]] = {}
    for key in load_gazetteer().places:
        if len(key) >= 2 and CJK_CHAR.match(key[0]):
            table.setdefault(key[0], set()).add(len(key))
    return {ch: tuple(sorted(v, reverse=True)) for ch, v in table.items()}


@lru_cache(maxsize=1)
def first_char_pattern() -> re.Pattern[str]:
    """A character class of the first characters of the gazetteer's Chinese names."""
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(first_char_lengths())) + "]")


CJK_PAIR = re.compile(f"[{CJK}]{{2}}")


@lru_cache(maxsize=1)
def first_two_chars() -> frozenset[str]:
    """The first two characters of every name :func:`first_char_lengths` covers: a name
    can begin only where the text's next two characters are one of these."""
    return frozenset(key[:2] for key in load_gazetteer().places if len(key) >= 2 and CJK_CHAR.match(key[0]))


GOVERNMENTS = ("政府", "聯邦政府", "中央政府")


def government_token(text: str, at: int, cuts) -> bool:
    """jieba reads 日本政府 as one word: a country before 政府 is still a place."""
    return any(text.startswith(g, at) and at + len(g) in cuts for g in GOVERNMENTS)


def scan_places(view: TextView) -> list[tuple[int, int, Place | None]]:
    """Gazetteer names in the view, longest first, left to right. A two-character name
    must also be a whole jieba token (會中國家 is not 中國; 其中亞洲 is 亞洲, not 中亞).
    Region lists are kept whole: 東南亞區, 東亞暨東北亞區, 中東及西亞; a country
    followed by 城 is a city (Kuwait City style names). Offsets index the view."""
    gazetteer = load_gazetteer()
    text = view.text
    folded = text.replace("台", "臺")
    normal = nfkc_text(folded)
    if len(normal) == len(folded):
        folded = normal
    cuts = view.boundaries
    found: list[tuple[int, int, Place | None]] = []
    lengths = first_char_lengths()
    pairs = first_two_chars()
    # The positions where some name may begin, in order (most characters begin none).
    starts = [m.start() for m in first_char_pattern().finditer(folded)]
    positions = [p for p in starts if folded[p : p + 2] in pairs]
    n = len(text)
    resume = 0
    for i in positions:
        if i < resume:
            continue  # inside the name found last
        if not CJK_CHAR.match(text[i]):
            continue
        match = None
        for length in lengths.get(folded[i], ()):
            if i + length > n:
                continue
            key = folded[i : i + length]
            place = gazetteer.places.get(key)
            if place is None or key in gazetteer.stoplist:
                continue
            if length == 2 and not ((i in cuts or text[i - 1 : i] in LEAD_CHARS) and (i + 2 in cuts or text[i + 2 : i + 3] in ("市", "縣", "省", "州")
                                                    and i + 3 in cuts or government_token(text, i + 2, cuts))):
                continue
            match = (i, i + length, place)
            break
        if match is None:
            continue
        start, end, place = match
        if place.kind == "country" and text[end : end + 1] == "城" and text[end + 1 : end + 2] != "市":
            end, place = end + 1, None
        if place is not None and place.kind == "region":
            nxt = None
            if text[end : end + 1] in ("及", "暨"):
                for length in range(min(gazetteer.max_cjk, n - end - 1), 1, -1):
                    key = nfkc(folded[end + 1 : end + 1 + length])
                    if key in gazetteer.places and gazetteer.places[key].kind == "region" \
                            or text[end] == "暨" and length <= 4 and key.endswith("區") and CJK_CHAR.match(key[0]):
                        nxt = end + 1 + length
                        break
            if nxt:
                end, place = nxt, None
            elif start >= 3 and text[start - 1] in "及暨" and CJK_PAIR.match(text[start - 3 : start - 1]) \
                    and (start == 3 or not CJK_CHAR.match(text[start - 4])):
                start, place = start - 3, None
        if text[end : end + 1] == "區" and (place is None or place.kind == "region"):
            end += 1
        found.append((start, end, place))
        resume = end
    if gazetteer.latin_pattern is not None:
        for m in gazetteer.find_latin(text):
            # Short all-capital aliases (UK, ROC) count only when written in capitals.
            if len(m.group()) <= 3 and not m.group().isupper():
                continue
            if place := gazetteer.places.get(fold(m.group())):
                found.append((m.start(), m.end(), place))
    found.sort(key=lambda item: item[0])
    return found


def find_place_mentions(view: TextView, places: list[tuple[int, int, Place | None]] | None = None) -> list[Found]:
    """PLACE candidates from :func:`scan_places` (pass its result when the caller has it)."""
    out = []
    for start, end, place in scan_places(view) if places is None else places:
        s, e = view.span(start, end)
        name_zh = place.name if place else view.text[start:end]
        out.append(Found(s, e, "PLACE", "places.gazetteer", name_zh=name_zh, name_en=place.name_en if place else None,
                         priority=3))
    return out


def place_spans(places: list[tuple[int, int, Place | None]]) -> list[tuple[int, int]]:
    """:func:`scan_places` matches as view offsets (for org grammars that start at a place)."""
    return [(start, end) for start, end, _place in places]


# A place listed with a known one: 某市及某某州, 某省、某某縣 (the new name ends in a division head).
COORDINATED = re.compile(f"[及、和與]([{CJK}]{{2,6}}?[州省市縣郡邦])(?![{CJK}]*(?:政府|大學|議會))")


def coordinated_places(view: TextView, places: list[tuple[int, int, Place | None]]) -> list[tuple[int, int, Place | None]]:
    """Places the gazetteer lacks, listed right after one it knows (布城及某某州): the new
    name runs to a division head (州, 省, 市, 縣, 郡) and is not a known place's start."""
    text = view.text
    taken = {start for start, _end, _place in places}
    out = []
    for _start, end, place in places:
        if place is None or place.kind == "region":
            continue
        m = COORDINATED.match(text, end + 1 if text[end : end + 1] in ("市", "縣", "州", "省") else end)
        if not m or m.start(1) in taken or m.end(1) - m.start(1) < 3:
            continue
        name = m.group(1)
        if name.endswith(("城市", "都市")) or is_word(text[m.start() : m.start() + 2]):
            continue  # 與會城市: the conjunction starts a word, or "city" ends the name
        out.append((m.start(1), m.end(1), None))
    return out
