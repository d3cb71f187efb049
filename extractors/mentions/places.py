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

from extractors.core.gazetteer import Place, fold, geonames_place, load_gazetteer, strong_name
from extractors.core.geonames import NAME_HEADS, load_geonames
from extractors.core.lexicons import read_lines
from extractors.mentions.base import CJK, CJK_CHAR, Found, TextView, nfkc, nfkc_text
from extractors.mentions.words import is_word, to_simplified, word_freq, word_tags

COMMON_WORD_FREQ = 300  # jieba frequency from which a name is an ordinary word first
BIG_CITY = 500_000
RARE_WORD_FREQ = 100
NOUN_FREQ = 30  # a common noun this frequent is a word first (大學城), a rarer one may be a name (柏城)

# One match: start and end in the view, the place (None for a name no gazetteer knows),
# and the rule that found it (mentions.rule).
Hit = tuple[int, int, Place | None, str]
RULES = {"cldr": "places.cldr", "lexicon": "places.lexicon", "geonames": "places.geonames",
         "iso3166-2": "places.iso3166"}

# Region words that are only ever parts of longer names here (中東 in 中東及西亞 …) are
# left to the gazetteer's stoplist; a place counts only as a whole jieba token or more.


# Single characters jieba glues to a following place name (赴美國, 在日本).
LEAD_CHARS = frozenset("赴往至在於到由與和及從自回返抵經")


@lru_cache(maxsize=1)
def first_char_lengths() -> dict[str, tuple[int, ...]]:
    """First character -> the lengths of gazetteer names (both tiers) starting with it, longest first."""
    table: dict[str, set[int]] = {}
    for key in load_gazetteer().places:
        if len(key) >= 2 and CJK_CHAR.match(key[0]):
            table.setdefault(key[0], set()).add(len(key))
    for ch, lengths in load_geonames().lengths.items():
        table.setdefault(ch, set()).update(lengths)
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
    core = {key[:2] for key in load_gazetteer().places if len(key) >= 2 and CJK_CHAR.match(key[0])}
    return frozenset(core | {key[:2] for key in load_geonames().rows})


GOVERNMENTS = ("政府", "聯邦政府", "中央政府")
# Heads that make a name before them a place (三鷹市, 坪林區, 房總地區), and the heads of
# natural features and works that make a new place of a known one (阿得雷德河).
DIVISION_AFTER = ("地區", "市", "區", "縣", "町", "村", "郡", "州", "省")
FEATURE_HEADS = ("半島", "群島", "水庫", "大壩", "海峽", "河", "江", "湖", "灣", "溪", "島")
# One-character words that may follow a place name (坪林的, 某地及, 某地等).
FOLLOWERS = frozenset("的之與和及或暨等後前時於為在並且也即亦則各地市縣區州省島港灣河江湖溪鎮村町郡府道人、")
# Joiners between a place and a ward or district of it (東京都某某區, 某某市某某區).
JOINERS = "都市縣府省州道"
# Works named after the place they stand in: 某地第一核電廠, 某地某某機場 (the middle part,
# when there is one, a transliterated name).
WORKS = re.compile(f"(第[一二三四五六七八九十]{{1,3}}|[{CJK}]{{0,5}}?)(國際機場|機場|核能發電廠|核電廠|發電廠|電廠|水壩|大壩)")
WARD = re.compile(f"([{CJK}]{{1,4}}?)(區|町|村)")
# Characters that never belong to a ward or district name (臺北市各區, 該縣轄區).
NOT_IN_NAME = set("各全該本此其等之的與及和或每轄內外下上中近郊境市區縣鄉鎮村町都省州島")


def government_token(text: str, at: int, cuts) -> bool:
    """jieba reads 日本政府 as one word: a country before 政府 is still a place."""
    return any(text.startswith(g, at) and at + len(g) in cuts for g in GOVERNMENTS)


@lru_cache(maxsize=1)
def cues() -> tuple[str, ...]:
    """Words before a name that place it (前往, 位於), longest first."""
    return tuple(sorted(read_lines("place_cues_zh.txt"), key=len, reverse=True))


def cue_before(text: str, at: int) -> bool:
    return any(text.endswith(cue, 0, at) for cue in cues())


def common_word(name: str) -> bool:
    """jieba's dictionary knows the name as an ordinary word: tagged as no noun (國立,
    十字路口), as a common noun without a division head that is not rare (種植園, 大學城), or frequent (洪水,
    和平, 長安; jieba's name tags are noisy), unless it is a big city jieba tags as a place
    (武漢市)."""
    tag = word_tags().get(to_simplified(name))
    if tag is None:
        return False
    if not tag.startswith("n") or tag == "n" and name[-1] not in NAME_HEADS and word_freq(name) >= NOUN_FREQ:
        return True
    return word_freq(name) >= COMMON_WORD_FREQ and not (tag == "ns" and place_population(name) >= BIG_CITY)


def person_like(name: str) -> bool:
    """jieba tags the name as a person's or another proper noun's (傑克遜, 富蘭克林: towns
    named after people)."""
    return word_tags().get(to_simplified(name)) in ("nr", "nrt", "nrfg", "nz")


def frequent(word: str) -> bool:
    return word_freq(word) >= COMMON_WORD_FREQ


def two_char_ok(text: str, i: int, cuts) -> bool:
    """A two-character name of the first tier is a whole jieba token (or follows a lead
    character), up to a division head or 政府; and not the end of a verb before 都市
    (已成都市研究: 成都 is no place there)."""
    left = i in cuts or text[i - 1 : i] in LEAD_CHARS
    head = text[i + 2 : i + 3] in ("市", "縣", "省", "州", "都", *FEATURE_HEADS[-6:]) and i + 3 in cuts
    if not (left and (i + 2 in cuts or head or government_token(text, i + 2, cuts))):
        return False
    return not (text[i + 2 : i + 3] == "市" and is_word(text[i + 1 : i + 3]) and i > 0 and is_word(text[i - 1 : i + 1]))


def geonames_ok(text: str, i: int, key: str, cuts, last_end: int) -> str | None:
    """Whether a name of the GeoNames tier at ``i`` is a place here: "strong" (fires with
    no context), "context" (a cue before it, a division head after it, or a place just
    before it), "weak" (only if a listed place follows), or None (inside a longer word)."""
    end = i + len(key)
    after = text[end : end + 2]
    # A head counts where jieba cuts before it or the name is rare as a word: 新城市 is
    # "new city" (新|城市; 新城 is a frequent word), 柏城市 the city of 柏城.
    head = after.startswith(DIVISION_AFTER) and (end in cuts or word_freq(key) < RARE_WORD_FREQ)
    if frequent(key[-2:]) and key[-1] in NAME_HEADS:
        return None
    left = i in cuts or text[i - 1 : i] in LEAD_CHARS or last_end in (i, i - 1)
    right = end in cuts or head or not CJK_CHAR.match(text[end : end + 1]) or after[:1] in LEAD_CHARS or after[:1] == "、"
    if not (left and right):
        return None
    if common_word(key):
        return None
    if strong_name(key) and not (person_like(key) and place_population(key) < BIG_CITY):
        return "strong"
    nxt = text[end : end + 1]
    if CJK_CHAR.match(nxt) and not head and end + 1 in cuts and nxt not in FOLLOWERS and nxt not in LEAD_CHARS:
        return None  # 帕洛 in 帕洛瑪維拉: a stray character follows, the start of a longer name
    if cue_before(text, i) or head or last_end == i - 1 and text[i - 1] in "、及與和" + JOINERS:
        return "context"
    return "weak"


def scan_places(view: TextView) -> list[Hit]:
    """Gazetteer names in the view, longest first, left to right, as (start, end, place,
    rule): :func:`match_at` at every position where some name may begin, grown by
    :func:`grow`; weak GeoNames names listed before a found place; Latin names
    (:func:`latin_places`). Offsets index the view."""
    text = view.text
    folded = fold_text(text)
    cuts = view.boundaries
    found: list[Hit] = []
    weak: list[Hit] = []
    pairs = first_two_chars()
    # The positions where some name may begin, in order (most characters begin none).
    starts = [m.start() for m in first_char_pattern().finditer(folded)]
    positions = [p for p in starts if folded[p : p + 2] in pairs]
    resume = 0
    last_end = -2
    for i in positions:
        if i < resume:
            continue  # inside the name found last
        match = match_at(text, folded, i, cuts, last_end, weak)
        if match is not None:
            found.append(grow(text, folded, match, cuts))
            resume = last_end = found[-1][1]
    return finish(text, found, weak)


def fold_text(text: str) -> str:
    """台 -> 臺 and NFKC, offsets kept (NFKC is skipped when it would change the length)."""
    folded = text.replace("台", "臺")
    normal = nfkc_text(folded)
    return normal if len(normal) == len(folded) else folded


def finish(text: str, found: list[Hit], weak: list[Hit]) -> list[Hit]:
    taken = {start for start, *_ in found}
    for start, end, place, rule in weak:
        # A weak name counts in a list with a known place after it (某某、某地及某某).
        if text[end : end + 1] in ("、", "及", "與", "和") and end + 1 in taken:
            found.append((start, end, place, rule))
    found += latin_places(text)
    found.sort(key=lambda item: item[0])
    return found


def match_at(text: str, folded: str, i: int, cuts, last_end: int, weak: list[Hit]) -> Hit | None:
    """The longest name that begins at ``i``: a first-tier name (a two-character one a whole
    jieba token, :func:`two_char_ok`: 會中國家 is not 中國; 其中亞洲 is 亞洲, not 中亞), else
    a GeoNames-tier one that :func:`geonames_ok` lets fire (a weak one goes to ``weak``)."""
    if not CJK_CHAR.match(text[i]):
        return None
    gazetteer = load_gazetteer()
    geo = load_geonames()
    n = len(text)
    for length in first_char_lengths().get(folded[i], ()):
        if i + length > n:
            continue
        key = folded[i : i + length]
        if key in gazetteer.stoplist:
            continue
        place = gazetteer.places.get(key)
        if place is not None:
            if length == 2 and not two_char_ok(text, i, cuts):
                continue
            return (i, i + length, place, RULES.get(place.source, "places.lexicon"))
        if key[-1] in JOINERS + "區" and key[:-1] in gazetteer.places:
            continue  # 東京都, 臺北市: the first tier's 東京, 臺北 comes next
        if key in geo.rows and (kind := geonames_ok(text, i, key, cuts, last_end)):
            hit = geonames_hit(text, i, key)
            if kind != "weak":
                return hit
            weak.append(hit)
    return None


def grow(text: str, folded: str, match: Hit, cuts) -> Hit:
    """A match grown to the name it begins: region lists kept whole (東南亞區, 東亞暨東北亞區,
    中東及西亞); a country followed by 城 is a city (Kuwait City style names); a known city
    followed by a feature head or works is a new place (:func:`extended`)."""
    gazetteer = load_gazetteer()
    n = len(text)
    start, end, place, rule = match
    if place is not None and place.kind == "country" and text[end : end + 1] == "城" and text[end + 1 : end + 2] != "市":
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
    if place is not None and (longer := extended(text, end, place, cuts)):
        end, place, rule = longer, None, "places.head"
    return (start, end, place, rule)


def extended(text: str, end: int, place: Place, cuts) -> int | None:
    """The end of a new place a known one begins: a natural feature after a city or a
    state (某某河, 某某海峽省), or works after any place (某地第一核電廠, 某國某某機場)."""
    def whole(at: int) -> bool:
        return at in cuts or not CJK_CHAR.match(text[at : at + 1])

    if place.kind in ("city", "admin1"):
        feature = next((h for h in FEATURE_HEADS if text.startswith(h, end)), None)
        if feature:
            at = end + len(feature)
            if text[at : at + 1] in ("省", "州", "縣", "市", "郡", "區"):
                at += 1
            if whole(at):
                return at
    w = WORKS.match(text, end)
    if w and (not w.group(1) or w.group(1).startswith("第") or ward_name(w.group(1))) and whole(w.end()):
        return w.end()
    return None


def place_population(name: str) -> int:
    place = geonames_place(name)
    return place.population if place else 0


def geonames_hit(text: str, i: int, key: str) -> Hit:
    """A GeoNames-tier match; a division head right after it joins the span (三鷹市, 房總地區)."""
    place = geonames_place(key)
    end = i + len(key)
    head = next((h for h in DIVISION_AFTER if text.startswith(h, end)), "")
    rule = "places.iso3166" if place is not None and place.source == "iso3166-2" else "places.geonames"
    return (i, end + len(head), place, rule)


# An English place name inside a longer English name: followed by a capitalized word that
# is no place head (Tasmania Bushfires Inquiry), by a hyphen (Asia-Pacific) or by a
# particle of a French or Spanish name (Réunion des musées), or after "X of".
LATIN_PLACE_HEADS = {"city", "county", "state", "province", "prefecture", "island", "islands", "river", "region",
                     "district", "bay", "lake", "harbour", "harbor", "port", "metropolitan", "area"}
LATIN_AFTER = re.compile(r"\s+([A-Z][\w'’]*|de|des|du|del|della|di|da|la|le|of|für)\b|-[^\W\d_]")
LATIN_BEFORE = re.compile(r"[A-Z][\w'’]*\s+(?:of|de|des|du|del|di|da|for|and|&)\s+$")


def latin_places(text: str) -> list[Hit]:
    gazetteer = load_gazetteer()
    out: list[Hit] = []
    if gazetteer.latin_pattern is None:
        return out
    for m in gazetteer.find_latin(text):
        word = m.group()
        # Short all-capital aliases (UK, ROC) count only when written in capitals; other
        # names only capitalized.
        if len(word) <= 3 and not word.isupper() or not word[:1].isupper():
            continue
        after = LATIN_AFTER.match(text, m.end())
        if after and (after.group(1) is None or after.group(1).lower() not in LATIN_PLACE_HEADS):
            continue
        if LATIN_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            continue
        if place := gazetteer.places.get(fold(word)):
            out.append((m.start(), m.end(), place, RULES.get(place.source, "places.lexicon")))
    return out


def find_place_mentions(view: TextView, places: list[Hit] | None = None) -> list[Found]:
    """PLACE candidates from :func:`scan_places` (pass its result when the caller has it),
    with the places learned from context (:func:`context_places`) and their repeats."""
    hits = scan_places(view) if places is None else places
    hits = hits + context_places(view, hits)
    hits = hits + repeat_learned(view, hits)
    out = []
    for start, end, place, rule in hits:
        s, e = view.span(start, end)
        name_zh = place.name if place else view.text[start:end]
        out.append(Found(s, e, "PLACE", rule, name_zh=name_zh, name_en=place.name_en if place else None, priority=3))
    return out


def place_spans(places: list[Hit]) -> list[tuple[int, int]]:
    """:func:`scan_places` matches as view offsets (for org grammars that start at a place)."""
    return [(start, end) for start, end, *_rest in places]


# A place listed with a known one: 某市及某某州, 某省、某某縣 (the new name ends in a division head).
COORDINATED = re.compile(f"[及、和與]([{CJK}]{{2,6}}?[州省市縣郡邦])(?![{CJK}]*(?:政府|大學|議會))")


def coordinated_places(view: TextView, places: list[Hit]) -> list[Hit]:
    """Places the gazetteer lacks, listed right after one it knows (布城及某某州): the new
    name runs to a division head (州, 省, 市, 縣, 郡) and is not a known place's start."""
    text = view.text
    taken = {start for start, *_rest in places}
    out: list[Hit] = []
    for _start, end, place, _rule in places:
        if place is None or place.kind == "region":
            continue
        m = COORDINATED.match(text, end + 1 if text[end : end + 1] in ("市", "縣", "州", "省") else end)
        if not m or m.start(1) in taken or m.end(1) - m.start(1) < 3:
            continue
        name = m.group(1)
        if name.endswith(("城市", "都市")) or is_word(text[m.start() : m.start() + 2]):
            continue  # 與會城市: the conjunction starts a word, or "city" ends the name
        out.append((m.start(1), m.end(1), None, "places.context"))
    return out


def ward_name(name: str) -> bool:
    """Whether the part before 區/町/村 can name a ward: no function or division
    character, and not an ordinary word (行政區, 商業區)."""
    if any(ch in NOT_IN_NAME for ch in name) or name.endswith("地"):
        return False  # 山坡地區: 地區 is "area"
    if len(name) == 1:
        return name in "東西南北"
    return not common_word(name) and not common_word(name + "區")


def context_places(view: TextView, places: list[Hit]) -> list[Hit]:
    """Places no gazetteer names, learned from their context (rule ``places.head``):

    - a ward, town or village right after a known place (東京都某某區, 某某市某某町);
    - a name after a place cue (前往, 抵達, 位於 …, ``place_cues_zh.txt``) that ends in a
      division head (前往某某市, 抵達某某島).
    """
    text = view.text
    cuts = view.boundaries
    taken = sorted((start, end) for start, end, *_rest in places)
    starts = {start for start, _end in taken}
    out: list[Hit] = []
    for _start, end, place, _rule in places:
        if place is not None and place.kind not in ("city", "admin1"):
            continue
        at = end + 1 if text[end : end + 1] in JOINERS else end
        m = WARD.match(text, at)
        if not m or m.start() in starts or not ward_name(m.group(1)) or frequent(m.group(1)[-1] + m.group(2)):
            continue  # 某地數碼園區, 某地山區: the head makes a word (園區, 山區) with the part before
        if m.end() not in cuts and CJK_CHAR.match(text[m.end() : m.end() + 1]) and is_word(text[m.end() - 1 : m.end() + 1]):
            continue  # 某某區域, 某某村落: the head starts a word
        out.append((m.start(), m.end(), None, "places.head"))
    for m in cued_pattern().finditer(text):
        start, end = m.start(2), m.end(2)
        name = m.group(3)
        if start in starts or any(s <= start < e for s, e in taken) or not ward_name(name[:-1]):
            continue
        if len(name) < 3 or common_word(name) or is_word(name[-2:]) and name[-2:] not in ("群島", "半島"):
            continue  # 前往城市, 抵達海島: the head is part of a word
        if end not in cuts and CJK_CHAR.match(text[end : end + 1]):
            continue
        out.append((start, end, None, "places.context"))
    return out


@lru_cache(maxsize=1)
def cued_pattern() -> re.Pattern[str]:
    """A place cue of two characters or more (or 赴), then a name that ends in a division
    head: 前往某某市, 北部某某省. One-character cues (在, 於, 經) start too many words."""
    words = [cue for cue in cues() if len(cue) >= 2] + ["赴"]
    return re.compile(f"({'|'.join(map(re.escape, words))})(([{CJK}]{{2,5}}?(?:市|縣|州|省|郡|島|港)))")


def route_name(name: str) -> bool:
    """Whether an itinerary route place the gazetteer lacks is worth finding elsewhere in
    the document: three to ten Chinese characters that are no word of jieba's (a
    transliterated town, not 會場 or 市區)."""
    return 3 <= len(name) <= 10 and all(CJK_CHAR.match(ch) for ch in name) and not is_word(name) \
        and not common_word(name)


def repeat_learned(view: TextView, hits: list[Hit]) -> list[Hit]:
    """Later bare mentions of places this document taught (a learned ward, a name that
    needed context): each found again where it stands as a whole jieba token."""
    text = view.text
    cuts = view.boundaries
    learned = {text[s:e] for s, e, place, rule in hits if rule in ("places.head", "places.context")
               or rule == "places.geonames" and place is not None and not strong_name(text[s:e])}
    taken = [(s, e) for s, e, *_rest in hits]
    out: list[Hit] = []
    for name in sorted(learned, key=lambda n: (-len(n), n)):
        if len(name) < 2:
            continue
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if not any(s < end and at < e for s, e in taken) and (at in cuts or text[at - 1 : at] in LEAD_CHARS) \
                    and (end in cuts or not CJK_CHAR.match(text[end : end + 1])):
                place = geonames_place(name)
                out.append((at, end, place, "places.context"))
                taken.append((at, end))
            at = text.find(name, end)
    return out
