"""The bilingual-name grammar: 「中文名」（English Name, ABBR） and its variants.

Forms, with ASCII or full-width brackets and the quotes 「」『』“”:

- 「中文名」（English Name, ABBR）, 「中文名」（ABBR）, 「中文名」（English Name）
- 中文名（ABBR） and 中文名（English Name） without quotes: the name's left edge is the
  last stop word (由, 與, 參加, …) before the bracket
- 城市（City, Country）: a place; 中文（English, Country） keeps the country apart
- English Name（中文名） and English Name (ABBR): English first
- 「中文名」（以下簡稱 簡稱）: a stated short form
- 「中文名」 alone, labelled only when its head says ORG or EVENT

The label of a bilingual name comes from its heads (org suffix, event head, place);
a name with no known head on either side is left out rather than guessed.

Example:
    >>> [(f.label, f.name_zh, f.abbr) for f in find_bilingual(TextView("由「亞洲開發銀行」（ADB）支援"))]
    [('ORG', '亞洲開發銀行', 'ADB')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from extractors.core.gazetteer import find_places, lookup_place
from extractors.core.lexicons import read_lines, read_rows
from extractors.mentions.base import (
    CJK,
    CJK_CHAR,
    Found,
    TextView,
    clean_en,
    clean_zh,
    en_head,
    join_fields,
    label_by_heads,
    read_words,
    zh_head,
)
from extractors.mentions.intl import lookup_intl
from extractors.mentions.words import is_word

QUOTED = re.compile(r"[「『“]([^「」『』“”]{1,80}?)[」』”]")
PAREN = re.compile(r"\s?[（(]([^（）()\n]{1,240}?)[）)]")
SHORT_FORM = re.compile(r"^\s*(?:以下簡稱|以下稱|下稱|簡稱|以下簡稱為)[：:\s]*(.+?)\s*$")
ABBR = re.compile(r"^[A-Z0-9][A-Za-z0-9&.\-]*[A-Z][A-Za-z0-9&.\-]*(?: [A-Z][A-Z0-9&.\-]+)*$")
LATIN = re.compile(r"[A-Za-z]")
PLACE_HEADS_EN = {"district", "province", "region", "city", "county", "state", "prefecture", "island"}
PLACE_SUFFIX_ZH = ("區", "省", "州", "縣", "市", "城", "島", "郡", "府")
HONORIFIC_START = re.compile(r"^(?:Mr|Ms|Mrs|Dr|Prof|Miss|H\.E|Ir)\b\.?")
EN_WORD = r"(?:[A-Z][A-Za-z0-9&'\-]*|of|and|for|on|the|in|de|du|la|\d+)"
EN_PHRASE = re.compile(rf"({EN_WORD}(?: {EN_WORD}){{1,12}})$")
EN_WORD_RE = re.compile(EN_WORD)
EN_WORD_TAIL = re.compile(EN_WORD + r"\Z")
MEASURE_WORDS = set("次個位場項屆年月日件名國座所")
ZH_ONLY = re.compile(f"^[{CJK}0-9０-９·・]+$")
ZH_RUN = re.compile(f"[{CJK}·・]+$")
COMMA_SPLIT = re.compile(r"\s*[,，]\s*(?![^“]*”)")
SENTENCE_STOP = re.compile(r"[。！？!?；;]")
DIGIT_TAIL = re.compile(r"[0-9０-９]\s?$")
SHORT_ZH = re.compile(f"[{CJK}]{{2,6}}")
LIST_SPLIT = re.compile(r"[,，、;；]")
EN_JOINER = re.compile(r"\b(?:and|et|y|und|e)\b|&")


def is_known_place(name: str) -> bool:
    return lookup_place(name) is not None


@dataclass(frozen=True)
class Paren:
    """The parsed inside of a bracket after a name."""

    name_en: str | None = None
    abbr: str | None = None
    country: str | None = None  # the trailing ", Country" part of (City, Country)
    short_zh: str | None = None  # 以下簡稱 X
    person: bool = False


GAP = re.compile(r"[。，\s]{0,2}")  # between a quoted name and its short form
OPENING = re.compile("[（(]")
BLANK = re.compile(r"\s")


def paren_matches(text: str):
    """``PAREN.finditer(text)``, tried only at opening brackets (from the blank before
    one, when there is one): the pattern's optional leading blank leaves the regex engine
    no first character to skip ahead to, so finditer tried it at every position."""
    pos = 0
    while (hit := OPENING.search(text, pos)) is not None:
        bracket = hit.start()
        start = bracket - 1 if bracket > pos and BLANK.match(text, bracket - 1) else bracket
        m = PAREN.match(text, start)
        if m is None:  # from the blank or from the bracket, the same rest fails
            pos = bracket + 1
            continue
        yield m
        pos = m.end()


def is_abbr(part: str) -> bool:
    part = part.strip()
    return bool(ABBR.match(part)) and len(part) <= 16 and sum(c.isupper() for c in part) >= 2


def parse_paren(content: str) -> Paren | None:
    """Parse the inside of a bracket: English name, abbreviation, country, or a short form.

    Example:
        >>> parse_paren("Asian Development Bank, ADB")
        Paren(name_en='Asian Development Bank', abbr='ADB', country=None, short_zh=None, person=False)
    """
    content = content.strip()
    if m := SHORT_FORM.match(content):
        return Paren(short_zh=m.group(1).strip())
    if not LATIN.search(content) or CJK_CHAR.search(content):
        return None
    if HONORIFIC_START.match(content):
        return Paren(person=True)
    parts = [p for p in COMMA_SPLIT.split(content) if p.strip()]
    if not parts:
        return None
    abbr = country = None
    if len(parts) > 1 and is_abbr(parts[-1]):
        abbr = clean_en(parts.pop())
    elif len(parts) > 1 and (place := lookup_place(parts[-1])) is not None and place.kind == "country":
        country = clean_en(parts.pop())
    if len(parts) == 1 and is_abbr(parts[0]) and abbr is None:
        return Paren(abbr=clean_en(parts[0]), country=country)
    if country and len(parts) > 1:
        # (Seberang Peral, Penang, Malaysia): the first part names the place itself.
        return Paren(name_en=clean_en(parts[0]), country=country)
    return Paren(name_en=clean_en(", ".join(parts)), abbr=abbr, country=country)


def label_of(name_zh: str, paren: Paren | None) -> str | None:
    """ORG, EVENT or PLACE for a bilingual name, or None when nothing decides it."""
    name_en = paren.name_en if paren else None
    label = label_by_heads(name_zh, name_en)
    if label:
        return label
    if lookup_intl(clean_zh(name_zh)) or lookup_intl(name_en):
        return "ORG"  # 亞太經濟合作（APEC）: a known international organization
    if paren is None:
        return None
    words = (name_en or "").split()
    if paren.country or (words and words[-1].lower() in PLACE_HEADS_EN and all(w[:1].isupper() for w in words)):
        return "PLACE"
    if has_place_head(name_zh, name_en):
        return "PLACE"
    if name_en and lookup_place(name_en) is not None:
        return "PLACE"
    if name_zh and lookup_place(name_zh) is not None:
        return "PLACE"
    return None


@lru_cache(maxsize=1)
def place_heads() -> tuple[tuple[str, ...], frozenset[str]]:
    """The Chinese and English place heads of ``place_heads.tsv``."""
    rows = read_rows("place_heads.tsv")
    return tuple(r[0] for r in rows if r[1] == "zh"), frozenset(r[0].lower() for r in rows if r[1] == "en")


def has_place_head(name_zh: str | None, name_en: str | None) -> bool:
    """某某河（X River）, 某某省（X Province）: the Chinese name ends in a place head and the
    English one, when given, is capitalized; or the English name has a place head word
    (first or last: Lake X, X Dam) with every word capitalized."""
    zh_heads, en_heads = place_heads()
    words = (name_en or "").split()
    capitalized = all(w[:1].isupper() or w.lower() in ("of", "de", "du", "la", "the", "d'") for w in words)
    if words and capitalized and (words[-1].lower() in en_heads or words[0].lower() in en_heads) and len(words) >= 2:
        return True
    zh = clean_zh(name_zh or "")
    if not zh or len(zh) < 3 or not zh.endswith(zh_heads) or words and not capitalized:
        return False
    # 某某城市, 某某社區: a one-character head inside an ordinary word is no place's head.
    return not any(zh.endswith(h) and len(h) == 1 and is_word(zh[-2:]) for h in zh_heads)


@lru_cache(maxsize=1)
def place_cues() -> tuple[str, ...]:
    return tuple(sorted((w for w in read_lines("place_cues_zh.txt")), key=len, reverse=True))


def place_lead(text: str, start: int, end: int) -> int:
    """How many characters before a place's name are not part of it: cue words (下游某河,
    北郊某谷) and the 區 of a numbered district before it (第8區某廣場)."""
    at = start
    if text[at : at + 1] in ("區", "市", "縣", "省", "州") and text[at - 1 : at].isdigit():
        at += 1
    moved = True
    while moved:
        moved = False
        for cue in place_cues():
            if text.startswith(cue, at) and end - at - len(cue) >= 2:
                at += len(cue)
                moved = True
                break
    return at - start


def after_place_cue(text: str, start: int) -> bool:
    """Whether a word that places what follows (前往, 位於, 北部) ends at ``start``."""
    return text[max(0, start - 4) : start].endswith(place_cues())


def is_quotation(inner: str, paren: Paren | None) -> bool:
    """Quoted speech or a sentence, not a name: it holds a full stop, or a comma in a long
    unbracketed quote; or it is too short to be a name on its own (「得獎」)."""
    zh = clean_zh(inner)
    if SENTENCE_STOP.search(zh):
        return True
    if paren is None and (len(zh) < 3 or "，" in zh and len(zh) > 20):
        return True
    return False


DASH_SPLIT = re.compile(f"(?<=[{CJK}])\\s?[－—–\\-]+\\s?(?=[{CJK}])")


def is_chain(name: str) -> bool:
    """「指揮本部－指揮所－前進指揮所」: units joined by dashes, each with its own head, are a
    hierarchy or a list, not one name (多瑙－薩瓦流域管理局 has one head and is a name)."""
    parts = DASH_SPLIT.split(clean_zh(name))
    return len(parts) >= 2 and all(zh_head(p, "org_suffixes_zh.txt") or zh_head(p, "event_heads_zh.txt")
                                   for p in parts)


def is_bare_head(name: str) -> bool:
    """A head word alone (委員會, 大會, 會議) or a weak one-character suffix on a short word
    (「布局」) is vocabulary, not a name."""
    zh = clean_zh(name)
    for lexicon in ("org_suffixes_zh.txt", "event_heads_zh.txt"):
        head = zh_head(zh, lexicon)
        if head == zh:
            return True
        if head and len(head) >= 2 and zh_head(zh[: -len(head)], "event_heads_zh.txt") == zh[: -len(head)]:
            return True  # 大會議程: two head words, no name
    strong = zh_head(zh, "org_suffixes_zh.txt", strong_only=True) or zh_head(zh, "event_heads_zh.txt")
    return not strong and len(zh) < 4 and zh_head(zh, "org_suffixes_zh.txt") is not None


def zh_left_edge(text_view: TextView, end: int, max_len: int = 24) -> int:
    """Start of the unquoted Chinese name that ends at ``end`` in the view."""
    view = text_view.text
    m = ZH_RUN.search(view[max(0, end - max_len) : end])
    if not m:
        return end
    start = end - len(m.group())
    # "2 次理事會議": a measure word after a number is not part of the name.
    if DIGIT_TAIL.search(view[max(0, start - 2):start]) and view[start] in MEASURE_WORDS:
        start += 1
    return text_view.trim_left(start, end)


def place_tail(run: str, paren: Paren) -> int:
    """Offset in ``run`` of the place the English names: the run's tail that the gazetteer
    knows for that English name, else after any leading known places (法國里昂 -> 里昂)."""
    if paren.name_en and (place := lookup_place(paren.name_en)) is not None:
        zh = place.name
        for variant in {zh, zh.replace("臺", "台")}:
            if run.endswith(variant):
                return len(run) - len(variant)
    cut = 0
    for _start, end, place in find_places(run):
        if place.kind == "country" and len(run) - end >= 2:
            cut = end
    return cut


def build_found(view: TextView, start: int, end: int, ext: tuple[int, int], label: str, rule: str,
                name_zh: str | None, paren: Paren | None, priority: int) -> Found:
    s, e = view.span(start, end)
    xs, xe = view.span(*ext)
    return Found(
        start=s, end=e, label=label, rule=rule,
        name_zh=clean_zh(name_zh) if name_zh else None,
        name_en=paren.name_en if paren else None,
        abbr=(paren.abbr or paren.short_zh) if paren else None,
        ext_start=xs, ext_end=xe, priority=priority,
    )


def find_bilingual(view: TextView) -> list[Found]:
    """Every bilingual or quoted name in the view, as candidates with names filled."""
    text = view.text
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for m in QUOTED.finditer(text):
        inner = m.group(1)
        if not CJK_CHAR.search(inner):
            continue
        paren, ext_end = None, m.end()
        after = PAREN.match(text, m.end())
        if after is None:
            # 「…」。（以下簡稱 …）: a short form may follow a full stop.
            gap = GAP.match(text, m.end())
            short = PAREN.match(text, gap.end())
            if short and SHORT_FORM.match(short.group(1)):
                after = short
        if after is not None:
            paren = parse_paren(after.group(1))
            if paren is not None and not paren.person:
                ext_end = after.end()
            else:
                paren = None
        label = label_of(inner, paren)
        if label is None or is_bare_head(inner) or is_quotation(inner, paren) or is_chain(inner):
            continue
        lead = len(inner) - len(inner.lstrip())
        tail = len(inner.rstrip())
        found.append(build_found(view, m.start(1) + lead, m.start(1) + tail, (m.start(), ext_end), label,
                                 "bilingual.quoted" + ("_paren" if paren else ""), inner, paren, 10))
        taken.append((m.start(), ext_end))
    for m in paren_matches(text):
        start = m.start() + (1 if text[m.start()].isspace() else 0)
        i = bisect_right(taken, (start, len(text) + 1)) - 1  # quotes are disjoint and in order
        if start == 0 or i >= 0 and taken[i][0] <= start < taken[i][1]:
            continue
        paren = parse_paren(m.group(1))
        if paren is None:
            short = find_short_form(view, start, m)
            found.extend(short or find_english_first(view, start, m))
            continue
        if paren.person or paren.short_zh:
            continue
        zh_end = start
        while zh_end > 0 and start - zh_end < 2 and text[zh_end - 1] in " \n":
            zh_end -= 1
        name_start = zh_left_edge(view, zh_end)
        if paren.name_en and EN_JOINER.search(paren.name_en):
            # 某國文化及傳播部（Ministry of Culture and Communication）: one name with two fields
            name_start = join_fields(view, name_start, is_known_place)
        if zh_end - name_start >= 2:
            run = text[name_start:zh_end]
            label = label_of(run, paren)
            if label is None and paren.name_en and not paren.abbr and len(paren.name_en.split()) <= 3 \
                    and len(run) <= 6 and after_place_cue(text, name_start):
                label = "PLACE"  # 前往某城（Somecity）: a transliterated name after a place cue
            if label == "PLACE":
                name_start += place_lead(text, name_start, zh_end)
                run = text[name_start:zh_end]
                name_start += place_tail(run, paren)
                run = text[name_start:zh_end]
            if label is None or zh_end - name_start < 2 or is_bare_head(run):
                continue
            if label == "ORG" and paren.country and paren.name_en and lookup_place(paren.name_en):
                paren = Paren(abbr=paren.abbr, country=paren.country)  # 某市政府（City, Country）
            found.append(build_found(view, name_start, zh_end, (name_start, m.end()), label, "bilingual.zh_paren",
                                     run, paren, 8))
            continue
        found.extend(find_english_first(view, start, m))
    return found


def is_contraction(short: str, name: str) -> bool:
    """Whether ``short`` takes its characters from ``name`` in order, keeping its first
    one from the name's first half (退輔會 from 國軍退除役官兵輔導委員會)."""
    at = -1
    for ch in short:
        at = name.find(ch, at + 1)
        if at < 0:
            return False
    return name.find(short[0]) < len(name) / 2 and short != name


def find_short_form(view: TextView, start: int, m: re.Match[str]) -> list[Found]:
    """中文全名（簡稱）: an organization or event followed by its Chinese short form."""
    text = view.text
    short = m.group(1).strip()
    if not SHORT_ZH.fullmatch(short):
        return []
    zh_end = start
    name_start = zh_left_edge(view, zh_end)
    run = text[name_start:zh_end]
    if len(run) < len(short) + 2 or not is_contraction(short, run) or is_bare_head(run):
        return []
    label = label_by_heads(run, None)
    if label not in ("ORG", "EVENT") or label_by_heads(short, None) not in (label, None) or short[-1] != run[-1]:
        return []
    return [build_found(view, name_start, zh_end, (name_start, m.end()), label, "bilingual.zh_short", run,
                        Paren(abbr=short), 8)]


def english_phrase_at_end(run: str) -> str | None:
    """``EN_PHRASE.search(run).group(1)``: the English words (2 to 13, one space apart)
    that end ``run``, from the leftmost place they can start, the first one possibly the
    tail of a longer word. Read from the end, one word at a time, instead of trying the
    pattern at every position of the run."""
    if run.endswith("\n"):  # ``$`` also matches before a final newline
        m = EN_PHRASE.search(run)
        return m.group(1) if m else None
    words = run.split(" ")
    count = len(words)
    first = count  # the words from ``first`` on are whole English words
    while first > 0 and EN_WORD_RE.fullmatch(words[first - 1]):
        first -= 1
    lowest = max(0, count - 13)  # at most 13 words
    if lowest <= first - 1 <= count - 2:
        # The word before the whole ones may lend its tail (xAsian Bank -> Asian Bank).
        tail = EN_WORD_TAIL.search(words[first - 1], 1)  # the leftmost tail after the first character
        if tail:
            return run[sum(len(w) + 1 for w in words[: first - 1]) + tail.start() :]
    begin = max(first, lowest)
    if begin > count - 2:  # at least 2 words
        return None
    return run[sum(len(w) + 1 for w in words[:begin]) :]


DATE_LIKE = re.compile(r"[0-9０-９]\s?[年月日]")


@lru_cache(maxsize=1)
def person_titles() -> tuple[str, ...]:
    return tuple(w for w, _ in read_words("titles_zh.txt") if len(w) >= 2) + ("博士", "先生", "女士")


def ends_with_title(name: str) -> bool:
    """（某某中心主任某某博士）: the bracket names a person by title, not the organization."""
    return name.endswith(person_titles())


def find_english_first(view: TextView, start: int, m: re.Match[str]) -> list[Found]:
    """English Name（中文名） or English Name (ABBR), the bracket starting at ``start``."""
    text = view.text
    phrase = english_phrase_at_end(text[max(0, start - 120) : start].rstrip())
    if not phrase:
        return []
    name_en = phrase.strip()
    end_en = start - (len(text[:start]) - len(text[:start].rstrip()))
    begin = end_en - len(name_en)
    inner = m.group(1).strip()
    parts = [p.strip() for p in LIST_SPLIT.split(inner)]
    abbr_zh = None
    if len(parts) == 2 and len(name_en.split()) >= 2:
        # English Name（ABBR，中文名） or English Name（中文名，ABBR）
        a, z = (parts[0], parts[1]) if is_abbr(parts[0]) else (parts[1], parts[0])
        if is_abbr(a) and ZH_ONLY.match(z):
            abbr_zh = (a, z)
    if abbr_zh:
        label = label_by_heads(abbr_zh[1], name_en)
        paren = Paren(name_en=name_en, abbr=abbr_zh[0])
        name_zh = abbr_zh[1]
    elif ZH_ONLY.match(inner) and not DATE_LIKE.search(inner) and not ends_with_title(inner):
        label = label_by_heads(inner, name_en)
        paren = Paren(name_en=name_en)
        name_zh = inner
    elif is_abbr(inner) and len(name_en.split()) >= 2:
        label = label_by_heads(None, name_en)
        paren = Paren(name_en=name_en, abbr=inner)
        name_zh = None
    else:
        return []
    if label is None or en_head(name_en, "org_heads_en.txt") is None and en_head(name_en, "event_heads_en.txt") is None:
        return []
    return [build_found(view, begin, end_en, (begin, m.end()), label, "bilingual.en_first", name_zh, paren, 8)]

