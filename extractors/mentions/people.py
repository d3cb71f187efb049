"""People: Chinese names next to titles, romanized names after honorifics, bilingual forms.

- 秘書長 X, X市長, 副執行長X, 代表X副執行長: a titles lexicon and a surname list; a name
  ends at punctuation, at a following title, or before words such as 合影 / 表示.
- Dr. (H.C.) Ir. Tri …, MT: honorifics before a romanized name, degrees after a comma.
- 趙某某 (Mr. Romanized Name): the bracket gives ``name_en``.
- role is the title as written; affiliation is what stands before the title: a quoted
  organization (「某協會」主席), capitals (WHO秘書長), or a place (某市長).
- A title that governs a place (市長, 知事 …) makes its unknown affiliation a PLACE
  candidate (某地市長 -> 某地), so places the gazetteer lacks are still found.

Example:
    >>> view = TextView("與教育部部長王大明合影")
    >>> [(view.original[f.start:f.end], f.role, f.affiliation) for f in find_people(view)]
    [('王大明', '部長', '教育部')]
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.core.gazetteer import find_places, lookup_place
from extractors.mentions.base import (
    CJK,
    CJK_CHAR,
    Found,
    TextView,
    clean_en,
    finditer_from,
    label_by_heads,
    literal_trie,
    longest_first,
    read_words,
    word_set,
)
from extractors.mentions.events import incident_head
from extractors.mentions.words import is_word, segment, stop_words, to_simplified, word_freq, word_tags

# Latin letters with the accents of European names (Müller, Marín, Øster, Łukasz).
UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
LOWER = "a-zß-öø-ÿĀ-ſ"
# A name word: Capitalized, maybe hyphenated (Kee-Hock), or an Irish/French O'/D' form (O'Brien).
LATIN_WORD = rf"[{UPPER}](?:[{LOWER}]+(?:[-'’][{UPPER}{LOWER}]+)*|['’][{UPPER}][{LOWER}]+)"
PARTICLE = r"(?:bin|binti|van|de|der|von|al|da|dos|del|la|le|el)"
# A middle initial (George Q. Daley) counts only between two name words.
LATIN_NAME = rf"{LATIN_WORD}(?:[ \n]{{1,3}}(?:{LATIN_WORD}|[A-Z]\.(?=[ \n]{LATIN_WORD})|{PARTICLE}(?=[ \n]+[{UPPER}]))){{0,5}}"
PUNCT = set("，。、；：:;,.!?！？（）()「」『』“”\"'—－-　 \n\t／/")
PLACE_TITLES = word_set("titles_zh.txt", "place")
# A transliterated foreign name: 約翰·史密斯, 安東尼奧‧古特瑞斯 (middle dot or U+2027).
DOTTED_NAME = re.compile(f"[{CJK}]{{2,6}}(?:[·‧・•][{CJK}]{{1,8}})+")
COVER_FIELDS = ("聯絡人", "出國人員", "出國人", "報告人", "撰寫人", "承辦人", "姓名")
# Each field spelled out in its own alternative (same order): every alternative then starts
# with a literal, and the regex engine skips to the positions where one can begin.
COVER_NAME = re.compile("|".join(rf"{f}[ \t]*[：:][ \t]*" for f in COVER_FIELDS) + r"|姓名(?:/[^\s/]{1,8})+[ \t]+")
# Titles too common as plain words (代表 is also "to represent") to vouch for a name
# that has no known surname.
WEAK_TITLES = frozenset({"代表", "委員", "理事", "秘書", "顧問", "主任", "董事", "監事", "專員", "研究員"})
# Characters that do not occur in a given name here: particles, conjunctions, verbs.
ORG_END = set("署局處部院會司科館所府廳室組")
UNIT_TITLE = re.compile("(.{1,3}[處局會])(.{2,})")
# A determiner before an organization word refers back to one named earlier (該校, 其公司).
ANAPHORIC = ("該", "其", "此")
CAPS_BEFORE = re.compile(r"((?:[A-Z][A-Za-z0-9\-]*[A-Z][A-Za-z0-9\-]*)(?: [A-Z][A-Z0-9\-]+)*) ?$")
CJK_TAIL = re.compile(f"[{CJK}]+$")
CJK_RUN5 = re.compile(f"[{CJK}]{{0,5}}")
ALNUM_DASH = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
LATIN_LETTER = re.compile(r"[A-Za-z]")
DOT = re.compile("[·‧・•]")
DOT_SPLIT = re.compile("([·‧・•])")
NOT_IN_NAME = set("的之及與和在為是等了也並於將對由從向以被把讓給而或但就都要會有這那其該各本此亦則即均皆")


@lru_cache(maxsize=1)
def title_alternation() -> str:
    return literal_trie(w for w, _ in read_words("titles_zh.txt"))


@lru_cache(maxsize=1)
def honorific_alternation() -> str:
    words = [w for w, _ in read_words("honorifics_en.txt")]
    return literal_trie(words, lambda w: rf"(?![{UPPER}{LOWER}])" if w[-1].isalpha() else "")


@lru_cache(maxsize=1)
def honorific_starts() -> re.Pattern[str]:
    """Where an ``honored`` match can begin: the first character of an honorific, not
    after a letter (the pattern's own lookbehind)."""
    firsts = sorted({w[0] for w, _ in read_words("honorifics_en.txt") if w})
    return re.compile(rf"(?<![{UPPER}{LOWER}])[" + "".join(map(re.escape, firsts)) + "]" if firsts else "(?!)")


@lru_cache(maxsize=1)
def degree_alternation() -> str:
    return literal_trie(w for w, _ in read_words("degrees_en.txt"))


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern[str]]:
    hon = honorific_alternation()
    deg = degree_alternation()
    return {
        "title": re.compile(f"(?:{title_alternation()})"),
        # honorifics, the name, then ", MT"-style degrees
        "latin": re.compile(
            rf"(?P<hon>(?:(?:{hon})[ \n]{{0,3}})*)(?P<name>{LATIN_NAME})(?P<deg>(?:,[ \n]?(?:{deg})(?![A-Za-z]))*)"
        ),
        "honored": re.compile(rf"(?<![{UPPER}{LOWER}])(?:(?:{hon})[ \n]{{0,3}})+(?P<name>{LATIN_NAME})"),
        "paren_en": re.compile(rf"[ \n]?[（(][ \n]?(?:(?:{hon})[ \n]{{0,3}})+(?P<name>{LATIN_NAME})[ \n]?[）)]"),
        "paren_plain": re.compile(rf"[ \n]?[（(][ \n]?(?P<name>{LATIN_WORD}(?:[ \n]{{1,3}}{LATIN_WORD}){{1,3}})[ \n]?[）)]"),
        "aside": re.compile(r"[ \n]?[（(][^（）()]{1,14}[）)][ \n]?"),
    }


@lru_cache(maxsize=1)
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    words = {w for w, _ in read_words("surnames_zh.txt")}
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


@lru_cache(maxsize=1)
def followers() -> tuple[str, ...]:
    return tuple(longest_first(w for w, _ in read_words("person_followers_zh.txt")))


@lru_cache(maxsize=1)
def follower_pattern() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, followers())) or "(?!)")


def follower_at(text: str, pos: int) -> bool:
    """Whether a word that follows names (表示, 等人 …) starts at ``pos``."""
    return follower_pattern().match(text, pos) is not None


def surname_length(name: str) -> int:
    single, double = surnames()
    for length in (3, 2):
        if name[:length] in double:
            return length
    if name[:1] in single:
        return 1
    return 0


def parse_chinese_name(run: str, strong: bool = True) -> int:
    """Length of the Chinese person name that starts ``run`` (0 when there is none).

    The name is a known surname and one or two given characters (all four characters when
    punctuation closes the run right after them), or, when the run is closed, three or four
    characters that jieba does not read as ordinary words (a foreign name without a
    listed surname). ``strong`` is False after a weak title such as 代表.
    """
    title = patterns()["title"]
    end = 0
    cjk = CJK_RUN5.match(run).end()  # the Chinese characters that open the run, at most 5
    while end < cjk:
        if end >= 2 and (follower_at(run, end) or title.match(run, end) or run[end] in NOT_IN_NAME):
            break
        end += 1
    closed = end == len(run) or run[end] in PUNCT or run[end] in NOT_IN_NAME \
        or follower_at(run, end) \
        or bool(title.match(run, end))
    candidate = run[:end]
    sl = surname_length(candidate)
    if sl and len(candidate) == sl + 1 and not (strong and closed):
        return 0  # a two-character name needs a strong title and a clear end
    if sl and len(candidate) - sl in (1, 2):
        length = len(candidate)
    elif sl and len(candidate) == 4 and closed:
        length = 4  # 蒲島郁夫: a two-character surname not in the list
    elif sl and len(candidate) > sl + 2:
        length = sl + 2
    elif not sl and strong and closed and 3 <= len(candidate) <= 4:
        length = len(candidate)
    else:
        return 0
    name = candidate[:length]
    if any(ch in NOT_IN_NAME for ch in name[sl or 1 :]):
        return 0
    if lookup_place(name) is not None or name[-1] in ORG_END:
        return 0
    tokens = [name[s:e] for s, e in segment(name)]
    if len(tokens) == 1:
        if not sl and word_freq(name) and word_tags().get(to_simplified(name)) not in PERSON_TAGS:
            return 0  # 致開幕詞: a dictionary word, not a name
        return length if len(name) >= 3 or word_freq(name) < 50 else 0
    if sl == 1 and len(tokens[0]) >= 2 and word_freq(tokens[0]) >= 100:
        # 莫不期望: the "surname" starts an ordinary word, and the words run past the name.
        context = run[: length + 2]
        if len(tokens) > 1 and len(tokens[1]) >= 2 or length not in {e for _s, e in segment(context)}:
            return 0
    if not sl and any(len(t) >= 2 for t in tokens[1:]):
        return 0  # 餐敘交流: ordinary words after the first token
    if not sl and (tokens[0] in stop_words() or common_word(tokens[0])):
        return 0  # 或警防, 擔任主, 論壇中: no surname, and the first token is a stop word or an ordinary word
    return length


POLITE_AFTER = frozenset({"女士", "先生", "博士", "教授", "小姐"})
PERSON_TAGS = frozenset({"nr", "nrfg", "nrt", "nz"})


def common_word(token: str) -> bool:
    """A frequent dictionary word of two or more characters that jieba does not tag as a name."""
    return len(token) >= 2 and word_freq(token) >= 100 and word_tags().get(to_simplified(token)) not in PERSON_TAGS


def may_end_capitals(window: str) -> bool:
    """Whether CAPS_BEFORE can match at the end of ``window``: its name ends with a letter,
    a digit or a hyphen, before one optional space (``$`` also before a final newline)."""
    if window.endswith("\n"):
        window = window[:-1]
    if window.endswith(" "):
        window = window[:-1]
    return window[-1:] in ALNUM_DASH


def affiliation_before(text_view: TextView, at: int) -> tuple[str | None, int, int]:
    """What stands before a title at ``at``: (text, start, end) in the view, or (None, at, at)."""
    view = text_view.text
    end = at
    while end > 0 and view[end - 1] == " ":
        end -= 1
    if end > 0 and view[end - 1] in "）)":
        aside = view.rfind("（" if view[end - 1] == "）" else "(", 0, end)
        if aside >= 0 and end - aside < 60:
            end = aside
    if end > 0 and view[end - 1] in "」』”":
        open_at = max(view.rfind(q, 0, end) for q in "「『“")
        if open_at >= 0 and end - open_at < 60:
            return view[open_at + 1 : end - 1], open_at + 1, end - 1
    window = view[max(0, end - 40) : end]
    m = CAPS_BEFORE.search(window) if may_end_capitals(window) else None
    if m:
        return m.group(1), end - len(m.group(0)), end - len(m.group(0)) + len(m.group(1))
    m = CJK_TAIL.search(view[max(0, end - 20) : end])
    if not m:
        return None, at, at
    start = end - len(m.group())
    start = text_view.trim_left(start, end)
    if view[start:end].startswith("前") and end - start > 2:
        start += 1  # 前…市長: a former office
    if view[start:end].startswith(ANAPHORIC) or view[start - 1 : start] in ANAPHORIC:
        return None, at, at  # 該公司副社長, 其校長: "the said company" names no organization
    if end - start < 2:
        return None, at, at
    return view[start:end], start, end


def learn_place(view: TextView, text: str, start: int, end: int, title: str, rule: str) -> Found | None:
    """The place a place-governing title (市長, 知事) belongs to, when the gazetteer lacks it."""
    if title.lstrip("副") not in {t.lstrip("副") for t in PLACE_TITLES} or LATIN_LETTER.search(text):
        return None
    known = find_places(text)
    cut = 0
    for s, e, _place in known:
        if s == cut:
            cut = e
    rest = text[cut:]
    if len(rest) < 2 or len(rest) > 5 or lookup_place(rest) is not None or is_word(rest):
        return None
    s, e = view.span(start + cut, end)
    return Found(s, e, "PLACE", rule, name_zh=rest)


def is_event_or_org(run: str) -> bool:
    """Whether a dotted run goes on into an event, incident or organization head."""
    tail = run.split("・")[-1].split("·")[-1]
    return any(label_by_heads(tail[:k], None) for k in range(len(tail), 1, -1)) or bool(incident_head()[0].search(tail))


def dotted_length(name: str) -> int:
    """Length of a dotted transliterated name, its last part cut before a following word
    (史密斯表示 -> 史密斯); 0 when a part holds a particle."""
    parts = DOT_SPLIT.split(name)
    last = parts[-1]
    for i in range(1, len(last)):
        if follower_at(last, i) or patterns()["title"].match(last, i) or last[i] in NOT_IN_NAME \
                or last.startswith(tuple(POLITE_AFTER), i):
            last = last[:i]
            break
    head = "".join(parts[:-1])
    if any(ch in NOT_IN_NAME for ch in head + last) or not last:
        return 0
    return len(head) + len(last)


def title_stands_alone(view: TextView, t: re.Match[str]) -> bool:
    """Whether a title match is a word of its own: it ends on a jieba boundary and starts on
    one, or follows a place (某縣長, jieba reads 某縣/長) or a unit (某局局長)."""
    cuts = view.boundaries
    if t.end() not in cuts and t.end() != len(view.text):
        nxt = view.text[t.end() : t.end() + 1]
        if nxt and CJK_CHAR.match(nxt) and not patterns()["title"].match(view.text, t.end()):
            # jieba may glue the title to a following name (市長張三): accept when a name
            # follows and the title itself starts a token (not 會外相關 -> 外相).
            if t.start() not in cuts or not parse_chinese_name(view.text[t.end() : t.end() + 8]):
                return False
    if t.start() in cuts or t.start() == 0:
        return True
    before = view.text[t.start() - 1]
    return t.group() in PLACE_TITLES or before in ORG_END or not CJK_CHAR.match(before)


def standalone_titles(view: TextView, titles: list[re.Match[str]] | None = None) -> list[re.Match[str]]:
    """Title matches that are words of their own (not 代表團, 委員會, 秘書處). When the
    longest match is not (該市議會議長: jieba reads 該市/議會/議長), a shorter title that
    ends at the same place may be (議會議長). ``titles``: the title pattern's matches
    over the view, when the caller has them."""
    title = patterns()["title"]
    out = []
    for t in title.finditer(view.text) if titles is None else titles:
        if title_stands_alone(view, t):
            out.append(t)
            continue
        for k in range(t.start() + 1, t.end() - 1):
            m = title.match(view.text, k, t.end())
            if m and m.end() == t.end() and k in view.boundaries and title_stands_alone(view, m):
                out.append(m)
                break
    return out


class Claimed:
    """View spans already read as a title and its name, bucketed for local lookups."""

    SIZE = 64

    def __init__(self) -> None:
        self.buckets: dict[int, list[tuple[int, int]]] = {}

    def add(self, span: tuple[int, int]) -> None:
        for b in range(span[0] // self.SIZE, max(span[0], span[1] - 1) // self.SIZE + 1):
            self.buckets.setdefault(b, []).append(span)

    def hits(self, start: int, end: int) -> bool:
        for b in range(start // self.SIZE, max(start, end - 1) // self.SIZE + 1):
            if any(a < end and start < z for a, z in self.buckets.get(b, ())):
                return True
        return False


def find_people(view: TextView) -> list[Found]:
    """PERSON candidates (and the places that place-titles reveal)."""
    text = view.text
    pats = patterns()
    out: list[Found] = []
    claimed = Claimed()

    def add(found: Found, span: tuple[int, int]) -> None:
        out.append(found)
        claimed.add(span)

    cuts = view.boundaries
    titles = list(pats["title"].finditer(text))
    for t in standalone_titles(view, titles):
        role = t.group()
        pos = t.end()
        aside = pats["aside"].match(text, pos)
        if aside and CJK_CHAR.search(aside.group()):
            pos = aside.end()  # 副秘書長（前駐臺大使）某某
        while pos < len(text) and text[pos] in " \t":
            pos += 1  # a table row puts the name in the cell after the title
        affiliation, a_start, a_end = affiliation_before(view, t.start())
        if (unit := UNIT_TITLE.fullmatch(role)) and pats["title"].fullmatch(unit.group(2)) and affiliation:
            # 駐日本台北經濟文化代表處代表: the unit belongs to the affiliation, the role is 代表.
            role, affiliation = unit.group(2), affiliation + unit.group(1)
        latin = pats["latin"].match(text, pos)
        if latin and latin.group("name") and (latin.group("hon") or len(latin.group("name").split()) >= 2):
            s, e = latin.span("name")
            span = view.span(s, e)
            add(Found(*span, "PERSON", "people.title_latin", name_en=clean_en(latin.group("name")), role=role,
                      affiliation=affiliation, ext_start=view.span(t.start(), t.end())[0],
                      ext_end=view.span(latin.start(), latin.end())[1], priority=8), (t.start(), latin.end()))
        else:
            dotted = DOTTED_NAME.match(text, pos)
            if dotted:
                length = dotted_length(dotted.group())
            else:
                length = parse_chinese_name(text[pos : pos + 8], role not in WEAK_TITLES) if pos < len(text) else 0
            if not length:
                continue
            s, e = pos, pos + length
            after_title = pats["title"].match(text, e)
            if after_title:
                role = after_title.group()
            name_en = None
            ext_end = e
            at = e + 2 if text[e : e + 2] in POLITE_AFTER else e  # 某某女士（Ms. X Y）
            if m := pats["paren_en"].match(text, at) or pats["paren_plain"].match(text, at):
                name_en, ext_end = clean_en(m.group("name")), m.end()
            span = view.span(s, e)
            add(Found(*span, "PERSON", "people.title_zh", name_zh=text[s:e], name_en=name_en, role=role,
                      affiliation=affiliation, ext_start=span[0], ext_end=view.span(s, ext_end)[1], priority=8),
                (s, ext_end))
        if affiliation and a_end <= t.start():
            place = learn_place(view, affiliation, a_start, a_end, t.group(), "people.place_title")
            if place:
                out.append(place)
    # Name before its title when the title is not followed by a name: 某某院長表示.
    for t in titles:
        if claimed.hits(t.start(), t.start() + 1) or t.group() in PLACE_TITLES:
            continue
        if not title_stands_alone(view, t):
            continue
        for length in (3, 4):
            s = t.start() - length
            if s < 0:
                continue
            before = text[s - 1] if s > 0 else " "
            if not (before in PUNCT or not CJK_CHAR.match(before) or s in cuts):
                continue
            if length == 4 and surname_length(text[s : s + 3]) != 2:
                continue  # four characters before a title: only a two-character surname
            if parse_chinese_name(text[s : t.start()]) == length and surname_length(text[s : s + 3]):
                span = view.span(s, t.start())
                out.append(Found(*span, "PERSON", "people.name_title", name_zh=text[s : t.start()], role=t.group(),
                                 priority=7))
                break
    # Cover-form fields: 聯絡人：某某, and the slash form 姓名/服務機關/職稱 某某/某機關/某職.
    for m in COVER_NAME.finditer(text):
        pos = m.end()
        length = parse_chinese_name(text[pos : pos + 8])
        if length and not claimed.hits(pos, pos + 1):
            span = view.span(pos, pos + length)
            out.append(Found(*span, "PERSON", "people.cover_field", name_zh=text[pos : pos + length], priority=7))
            claimed.add((pos, pos + length))
    for m in DOTTED_NAME.finditer(text) if DOT.search(text) else ():  # a dotted name holds a dot
        dot = m.start() + DOT.search(m.group()).start()
        start = view.trim_left(m.start(), dot, min_len=2)
        while start < dot - 2 and text[start] in NOT_IN_NAME:
            start += 1
        for t in pats["title"].finditer(text, start, dot):
            if t.end() <= dot - 2:
                start = t.end()  # 研究工程師某某・某某: the title is no part of the name
        length = dotted_length(text[start : m.end()])
        if length and is_event_or_org(text[start : start + length + 4]):
            continue  # 某地・某地大震災, 某某・某某基金會: a dotted name that is no person
        if length and not claimed.hits(start, start + length):
            span = view.span(start, start + length)
            e = start + length
            at = e + 2 if text[e : e + 2] in POLITE_AFTER else e
            paren = pats["paren_en"].match(text, at) or pats["paren_plain"].match(text, at)
            out.append(Found(*span, "PERSON", "people.dotted", name_zh=text[start:e],
                             name_en=clean_en(paren.group("name")) if paren else None,
                             ext_end=view.span(start, paren.end())[1] if paren else -1, priority=6))
    for m in finditer_from(pats["honored"], honorific_starts(), text):
        s, e = m.span("name")
        if claimed.hits(s, s + 1):
            continue
        span = view.span(s, e)
        out.append(Found(*span, "PERSON", "people.honorific", name_en=clean_en(m.group("name")), priority=7))
    return out
