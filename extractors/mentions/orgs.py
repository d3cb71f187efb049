"""Organizations outside quotes and brackets: the reporting agency's own units, government
bodies named after a place, ministry-and-bureau chains, and English names with an org head.

Quoted and bilingual names are found by :mod:`extractors.mentions.bilingual`; this module covers
what a report writes plainly: 本府, 本府觀光局, 某市政府, 某市政府秘書處, 某部某局,
"National Development Council". A bare suffix (政府, 委員會) is never a name on its own.

Example:
    >>> [f.name_zh for f in find_orgs(TextView("由本府觀光局提案"), [])]
    ['本府觀光局']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from extractors.core.lexicons import read_lines, read_rows
from extractors.mentions.base import (
    CJK,
    CJK_CHAR,
    Found,
    TextView,
    finditer_from,
    join_fields,
    label_by_heads,
    longest_first,
    read_words,
    zh_head,
)
from extractors.mentions.words import is_word, to_simplified, word_tags

OWN_UNIT = re.compile(r"本(?:府|部|會|局|署|處|院|校|公司|中心|所)")
GOV_AFTER_PLACE = re.compile(r"(?:市|縣|省|州|區)?(?:聯邦政府|中央政府|政府|府|議會)")
SUB_UNITS = ("委員會", "局", "處", "科", "室", "署", "中心", "司", "組", "館")
FIRST_UNITS = ("部", "院", "署", "委員會")
EN_NAME = re.compile(
    r"(?<![A-Za-z0-9])((?:[A-Z][A-Za-z0-9&\-]*)(?: (?:(?:of|for|on|and|the|in) )*(?:[A-Z][A-Za-z0-9&\-]*)){1,9})"
)


@lru_cache(maxsize=1)
def strong_suffixes() -> tuple[str, ...]:
    return tuple(longest_first(w for w, f in read_words("org_suffixes_zh.txt") if f != "weak"))


TITLE_AFTER = re.compile("(?:副)?(?:主席|秘書長|理事長|會長|執行長|主任|代表|董事長|總經理|校長|院長|部長|局長|處長)")
NOT_IN_ORG = re.compile(r"[的之與及和在為是未不沒已將被把讓給而或但都也並於對向從由等均皆亦則須]")


EN_NAME_START = re.compile(r"(?<![A-Za-z0-9])[A-Z]")  # where an EN_NAME match begins
CJK_RUN16 = re.compile(f"[{CJK}]{{0,16}}")
MISSION_HEADS = ("代表處", "辦事處", "代表團", "大使館", "領事館")
CJK_RUN2_12 = re.compile(f"[{CJK}]{{2,12}}")
CJK_PAIR = re.compile(f"[{CJK}]{{2}}")
CJK_WORD = re.compile(f"[{CJK}]+")
CJK_TAIL10 = re.compile(f"[{CJK}]{{1,10}}$")
SPACE = re.compile(r"\s")
FIRST_UNIT = re.compile("(?:" + "|".join(FIRST_UNITS) + ")")
LEAD_ARTICLE = re.compile(r"(?:The|This|These|Our|Its|A|An) ")
OF_SPLIT = re.compile(r"(.+?) of (?:the )?(.+)$")
ABBR_AFTER = re.compile(r"\s?[（(]([A-Z][A-Za-z0-9&.\-]*[A-Z][A-Za-z0-9&.\-]*)[）)]")
COMMA_GAP = re.compile(r", ?")


def in_translation(text: str, begin: int) -> bool:
    """Whether ``begin`` lies in a bracket opened right after Chinese text: the English
    there translates the Chinese, and the bilingual grammar labels the pair
    (「某某簡訊服務」（… Alert Service） is no body; 大會議程（Draft Agenda, …） no event)."""
    at = max(text.rfind("（", max(0, begin - 80), begin), text.rfind("(", max(0, begin - 80), begin))
    if at <= 0 or "）" in text[at:begin] or ")" in text[at:begin]:
        return False
    before = text[:at].rstrip(" ")[-1:]
    return bool(before) and (CJK_CHAR.match(before) is not None or before in "」』”")


CITY_UNITS = ("局", "署", "廳", "處")


def inside_word(view: TextView, at: int) -> bool:
    """Whether the Chinese text before ``at`` runs on into it: the token before is no stop
    word and no punctuation."""
    before = view.cut_before(at)
    if before is None or not CJK_WORD.fullmatch(view.text[before:at]):
        return False
    return view.trim_left(before, at + 2, min_len=2) == before


def is_place(name: str) -> bool:
    from extractors.core.gazetteer import lookup_place

    return lookup_place(name) is not None


def is_country(name: str) -> bool:
    from extractors.core.gazetteer import lookup_place

    place = lookup_place(name)
    return place is not None and place.kind == "country"


@lru_cache(maxsize=1)
def named_heads() -> dict[str, tuple[int, bool]]:
    """``org_named_heads_zh.tsv``: head -> (shortest name before it, whether a country
    with the head alone is generic: 法國博物館 is French museums, not one)."""
    out = {}
    for row in read_rows("org_named_heads_zh.tsv"):
        flags = row[2].split(",") if len(row) > 2 else []
        out[row[0]] = (int(row[1]) if len(row) > 1 and row[1] else 2, "generic_after_country" in flags)
    return out


def generic_after_place(name: str, country: bool) -> bool:
    """The part after a place is a head alone that is generic after a country (法國博物館,
    我國醫院), or a plural (各國立博物館)."""
    if name.startswith(("等", "多", "及")) or "各" in name:
        return True
    heads = named_heads()
    return country and name in heads and heads[name][1]


@lru_cache(maxsize=1)
def not_units() -> frozenset[str]:
    """Words with a unit suffix that name a room or a seat, not a unit (行政中心, 會議室)."""
    return frozenset(read_lines("org_not_units_zh.txt"))


def sub_unit_end(view: TextView, pos: int) -> int:
    """End of a sub-unit (觀光局, 秘書處, 國際合作科) starting at ``pos``, or ``pos``."""
    text = view.text
    m = CJK_RUN2_12.match(text, pos)
    if not m:
        return pos
    run = m.group()
    for length in range(min(len(run), 12), 1, -1):
        head = run[:length]
        if head.endswith(SUB_UNITS) and len(head) >= 3 and pos + length in view.boundaries \
                and not NOT_IN_ORG.search(joined_words(head)) and not head.endswith(tuple(not_units())):
            return pos + length
    return pos


def field_joiner_at(name: str, i: int) -> bool:
    """Whether ``name[i]`` is a 及/暨 that joins two fields of one name (通訊及新聞部), not
    two names (its left part has no organization or event head of its own: 某廳及某校)."""
    return name[i : i + 1] in ("及", "暨") and 2 <= i < len(name) - 2 \
        and not zh_head(name[:i], "org_suffixes_zh.txt") and not zh_head(name[:i], "event_heads_zh.txt")


def joined_fields(name: str) -> str:
    """A name with each 及/暨 that joins two fields removed (see :func:`field_joiner_at`)."""
    return "".join(ch for i, ch in enumerate(name) if not field_joiner_at(name, i))


def joined_words(unit: str) -> str:
    """A unit name with the 及/暨 that joins two fields removed (國際及兩岸教育司), so that
    only a 及 joining two units (國貿局及秘書處) still marks two names."""
    for i, ch in enumerate(unit):
        if ch in "及暨" and 2 <= i < len(unit) - 3 and not unit[:i].endswith(SUB_UNITS):
            return unit[:i] + unit[i + 1 :]
    return unit


def found(view: TextView, start: int, end: int, rule: str, priority: int = 6) -> Found:
    s, e = view.span(start, end)
    return Found(s, e, "ORG", rule, name_zh=SPACE.sub("", view.text[start:end]), priority=priority)


def find_orgs(view: TextView, places: list[tuple[int, int]]) -> list[Found]:
    """ORG candidates; ``places`` are gazetteer matches as (start, end) in the view."""
    text = view.text
    out: list[Found] = []
    for m in OWN_UNIT.finditer(text):
        if m.end() not in view.boundaries and not sub_unit_end(view, m.end()) > m.end():
            continue
        if m.group() == "本部" and inside_word(view, m.start()):
            continue  # 指揮本部, 災害對策本部: headquarters, not "this ministry"
        end = sub_unit_end(view, m.end())
        out.append(found(view, m.start(), end, "orgs.own_unit", 5))
    for start, end in places:
        g = GOV_AFTER_PLACE.match(text, end)
        if g and (g.end() in view.boundaries or g.end() == len(text)) or g and sub_unit_end(view, g.end()) > g.end():
            stop = sub_unit_end(view, g.end())
            out.append(found(view, start, stop, "orgs.place_government"))
            continue
        run = CJK_RUN16.match(text, end).group()
        country = is_country(text[start:end])
        # 某市消防局: a city's bureau (the 市 may follow the place's name)
        city = not country and (text[end - 1] in "市縣州都府區" or text[end : end + 1] in ("市", "縣", "都"))
        for length in range(len(run), 1, -1):
            name = run[:length]
            if not (name.endswith(strong_suffixes()) or country and name.endswith("部") and length >= 3
                    or city and name.endswith(CITY_UNITS) and 3 <= length <= 6) or name.endswith("政府"):
                continue
            if end + length not in view.boundaries and not TITLE_AFTER.match(text, end + length):
                continue
            if name.endswith("組織") and zh_head(name[:-2], "org_suffixes_zh.txt"):
                continue  # 某某廳組織概況: the organization's structure, not another name
            if name.endswith(tuple(not_units())):
                continue
            inner = view.trim_left(end, end + length)
            if inner != end and not field_joiner_at(name, inner - 1 - end):
                break  # 某國代表詢問我國醫院: a verb between the place and the head
            if not NOT_IN_ORG.search(joined_fields(name)) and not generic_after_place(name, country):
                # 駐日本…代表處, 駐洛杉磯辦事處: a mission's name starts with 駐.
                lead = 1 if start > 0 and text[start - 1] == "駐" else 0
                stop = sub_unit_end(view, end + length) if name.endswith(MISSION_HEADS) else end + length
                out.append(found(view, start - lead, stop, "orgs.place_named"))
            break
    for m in FIRST_UNIT.finditer(text):
        if m.end() not in view.boundaries:
            continue
        stop = sub_unit_end(view, m.end())
        if stop == m.end():
            continue
        start = first_unit_start(view, m.start(), m.end())
        if start is not None:
            out.append(found(view, start, stop, "orgs.unit_chain"))
    return out


NOUN_TAGS = frozenset({"n", "an", "nz", "vn", "b", "ns", "nt", "j", "nr"})


def extend_stem(view: TextView, start: int) -> int:
    """衛生 + 福利部: take in one preceding two-character noun token (not a verb such as 爭取)."""
    before = start - 2
    if before < 0 or before not in view.boundaries or not CJK_PAIR.fullmatch(view.text[before:start]):
        return start
    if word_tags().get(to_simplified(view.text[before:start])) in NOUN_TAGS:
        return before
    return start


def first_unit_start(view: TextView, head: int, end: int) -> int | None:
    """Start of a ministry-like first unit (經濟部, 行政院) ending at ``end``: the longest
    2-4 character stem that jieba knows as a word with its suffix, else a stem that
    starts right after punctuation or a stop word."""
    text = view.text
    for length in (4, 3, 2):
        start = head - length
        if start < 0 or not CJK_WORD.fullmatch(text[start:head]):
            continue
        if start in view.boundaries and is_word(text[start:end]):
            return extend_stem(view, start)
    for length in (4, 3, 2):
        start = head - length
        if start < 0 or not CJK_WORD.fullmatch(text[start:head]):
            continue
        if view.trim_left(start, end) != start:
            continue  # 日起於本院: a stop word inside the stem
        if start == 0 or not CJK_CHAR.match(text[start - 1]) or view.trim_left(max(0, start - 4), end) == start:
            return start
    return None


@lru_cache(maxsize=1)
def named_suffix() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(map(re.escape, longest_first(named_heads()))) + ")")


@lru_cache(maxsize=1)
def generic_prefixes() -> frozenset[str]:
    return frozenset(w for w, _ in read_words("org_generic_prefixes.txt"))


def country_before_place(text: str, start: int, head: int) -> int:
    """How many characters of a country lead a name whose next words are another place
    of that country (日本橫濱市消防局 is 橫濱市消防局, written with its country)."""
    from extractors.core.gazetteer import find_places

    places = find_places(text[start:head])
    if len(places) >= 2 and places[0][0] == 0 and places[0][2].kind == "country" \
            and places[1][0] == places[0][1] and places[1][2].kind != "country":
        return places[0][1]
    return 0


def after_names(view: TextView, start: int, head: int) -> int:
    """Where a name ending in the head at ``head`` starts when a whole name stands
    right before it (海上保安大學校 + 特殊救難隊): after the last head that ends a token
    and leaves two characters or more."""
    text = view.text
    suffixes = strong_suffixes()
    for at in range(head - 2, start + 1, -1):
        if at in view.boundaries and (text[start:at].endswith(suffixes) or text[start:at].endswith(tuple(named_heads()))):
            return at
    return start


def find_suffix_names(view: TextView, taken: list[tuple[int, int]]) -> list[Found]:
    """Plain names with a distinctive suffix: 早稻田大學, 某某銀行, 某某醫院. The name starts
    after a stop word or punctuation; a generic prefix (各, 國內, 相關 …) is no name."""
    text = view.text
    out = []
    heads = named_heads()
    for m in named_suffix().finditer(text):
        end = m.end()
        if end not in view.boundaries and end != len(text) and not TITLE_AFTER.match(text, end):
            continue
        run = CJK_TAIL10.search(text[max(0, m.start() - 10) : m.start()])
        if not run:
            continue
        start = view.trim_left(m.start() - len(run.group()), end, min_len=len(m.group()) + 2)
        start = after_names(view, start, m.start())  # 某大學校某某援助隊: two names in a row
        trimmed = start
        if m.start() - start <= 3:
            start = join_fields(view, start, is_place, max_field=6)  # 海洋保育及漁業委員會
        start += country_before_place(text, start, m.start())  # 日本東京某廳 -> 東京某廳
        prefix = text[start : m.start()]
        if len(prefix) < max(2, heads[m.group()][0]) or prefix in generic_prefixes() \
                or NOT_IN_ORG.search(joined_words(prefix + m.group())) or generic_after_place(prefix, False) \
                or heads[m.group()][1] and is_country(prefix):
            continue
        if start == trimmed and view.trim_left(start, end, min_len=len(m.group())) != start:
            continue  # 參觀醫院: a stop word leaves less than a name before the suffix
        first = view.cut_after(start)
        if start in view.boundaries and first is not None and first < m.start() \
                and text[start:first] in generic_prefixes() and m.start() - first < 4:
            continue  # 國內外電力公司: the first word is generic
        last = view.cut_before(m.start())
        if last is not None and last > start and text[last : m.start()] in generic_prefixes():
            continue  # 當地教學醫院: the word before the suffix is generic
        if any(a < end and start < b for a, b in taken):
            continue
        out.append(found(view, start, end, "orgs.suffix_named", 5))
    return out


WORD_UNITS = ("部", "院", "署", "局", "委會")
# No two units overlap, so finditer sees every place one ends.
WORD_UNIT = re.compile("|".join(WORD_UNITS))
# Dictionary words with a unit suffix that are not organizations: compass parts of a
# country (東北部) and places of business (電影院).
NOT_ORG_WORDS = re.compile(r"^[東西南北中]{1,3}部$|(?:電影|戲|劇|寺|美容|四合|療養|養老|孤兒|書|大雜)院$|^(?:郵|藥|賭|飯|格|布|結|當|大|政|時|騙|牌)局$")


def find_word_orgs(view: TextView) -> list[Found]:
    """Ministries and agencies written alone, as one word that jieba tags as an organization:
    外交部, 司法院, 農委會 (a chain 某部某局 is :func:`find_orgs`'s; quoted names are
    bilingual's). jieba tags some ministries as plain nouns (經濟部): those are missed."""
    text = view.text
    out = []
    bounds = view.boundaries
    cuts = view._cuts
    # The tokens that end with a unit: from the places a unit ends, not every token.
    for unit in WORD_UNIT.finditer(text):
        b = unit.end()
        if b not in bounds:
            continue
        a = cuts[bisect_left(cuts, b) - 1]  # the token that ends at b starts at the cut before
        if not 3 <= b - a <= 5:
            continue
        word = text[a:b]
        if NOT_ORG_WORDS.search(word) or NOT_IN_ORG.search(word) or not CJK_WORD.fullmatch(word):
            continue
        # jieba tags government bodies "nt" (外交部, 司法院); a generic unit (執行局) is "n".
        if word_tags().get(to_simplified(word)) == "nt":
            out.append(found(view, a, b, "orgs.word", 4))
    return out


def find_english_names(view: TextView) -> list[Found]:
    """Capitalized English names whose head is an org or event word (Asian Development
    Bank, World Urban Forum)."""
    out: list[Found] = []
    last_begin = last_end = -1
    for m in finditer_from(EN_NAME, EN_NAME_START, view.text):
        name, begin = m.group(1), m.start(1)
        lead = LEAD_ARTICLE.match(name)
        if lead:
            name, begin = name[lead.end() :], begin + lead.end()
        split = OF_SPLIT.match(name)
        if split and not label_by_heads(None, split.group(1).split()[-1]) and len(split.group(2).split()) >= 2 \
                and label_by_heads(None, split.group(2)):
            # Mr. Tom Lee of the Asian Development Bank; Director of the Office of X
            begin += split.start(2)
            name = split.group(2)
        label = label_by_heads(None, name)
        abbr = ABBR_AFTER.match(view.text, begin + len(name))
        if label is None and abbr and out and out[-1].label == "ORG" \
                and COMMA_GAP.fullmatch(view.text[last_end:begin]):
            # National Center for X, Y and Z (ABBR): one name across its comma
            prev = out.pop()
            s, e = view.span(last_begin, begin + len(name))
            name = view.text[last_begin : begin + len(name)]
            out.append(prev.moved(end=e, name_en=name, abbr=abbr.group(1)))
            continue
        if label is None or len(name.split()) < 2 or in_translation(view.text, begin):
            continue
        s, e = view.span(begin, begin + len(name))
        out.append(Found(s, e, label, "orgs.english_head", name_en=name, priority=4))
        last_begin, last_end = begin, begin + len(name)
    return out


# A legal form before a name (財團法人某某基金會, 公益社團法人某某協會): the name runs to the
# last organization head (or 基金) before a particle.
LEGAL_FORM = re.compile(f"(?:公益|一般)?(?:財團|社團|行政)法人([{CJK}]{{2,16}})")


def find_legal_forms(view: TextView) -> list[Found]:
    """Organizations written with their legal form: 財團法人某某基金, 公益財團法人某某協會."""
    text = view.text
    out = []
    heads = strong_suffixes() + ("基金",)
    for m in LEGAL_FORM.finditer(text):
        run = m.group(1)
        if stop := NOT_IN_ORG.search(run):
            run = run[: stop.start()]
        for length in range(len(run), 1, -1):
            if run[:length].endswith(heads) and len(run[:length]) >= 3:
                out.append(found(view, m.start(), m.start(1) + length, "orgs.legal_form", 6))
                break
    return out
