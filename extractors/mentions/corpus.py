"""Names learned across the corpus: the second pass of the mentions table (rule ``corpus``).

The per-document ``mentions`` stage finds what one report states. Some of it is stated
with high confidence: a bilingual triple 「中文」（English, ABBR）, a cell of the
participants' agency column, an itinerary route, the traveller's own agency from the cover.
:class:`CorpusNames` collects those names over every document (``learn``), decides one
label and one set of names per name (``prepare``), and finds them again, bare, in every
document (``scan``): one Aho-Corasick scan (``pyahocorasick``) of the text with the same
edges as the grammars:

- a name counts only as a whole word: a Latin name not inside a longer Latin word
  (WHO in WHOLE), a Chinese name not inside a longer jieba token (a one-character
  connective glued before it, 赴/在/與…, does not count as part of a word);
- a mention the document already has wins any overlap;
- names too short or too generic never fire bare: Chinese names under three characters,
  a Latin abbreviation under three letters unless it was stated as the abbreviation of a
  full name, a full English name of one word, deictic names (本署, 該會) and general
  vocabulary (``resolve_generic.txt``, organization and event heads);
- a name taught with two labels equally often, or an abbreviation taught for two different
  full names, teaches nothing.

Everything is a function of the rows and texts given, in any order of learning, so a rerun
over the same inputs gives the same rows. No IO here: the pipeline streams the mentions
table into ``learn`` and one document at a time into ``scan`` (``pipeline.assembly``).

Example:
    >>> from extractors.core.doc import doc_from_text
    >>> from extractors.core.records import MentionRow
    >>> names = CorpusNames()
    >>> names.learn([MentionRow("a", label="ORG", text="東亞漁業理事會", name_zh="東亞漁業理事會",
    ...                         name_en="East Asia Fisheries Council", abbr="EAFC", rule="bilingual.quoted_paren")])
    >>> names.prepare()
    >>> [(r.text, r.name_zh, r.rule) for r in names.find(doc_from_text("會後拜會EAFC秘書長。", "b"))]
    [('EAFC', '東亞漁業理事會', 'corpus')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from extractors.core.doc import Doc
from extractors.core.records import MentionRow, SectionRow
from extractors.mentions.base import CJK_CHAR, read_words
from extractors.mentions.extract import SectionIndex
from extractors.mentions.select import Occupied
from extractors.mentions.words import segment, to_simplified, token_ends, word_freq, word_tags

RULE = "corpus"

# Rules whose names are learned (their precision on the seeds and the dev set is 99-100%):
# bilingual triples, table cells (participants, their agency column, itinerary routes) and
# the traveller's own agency as the cover names it (本署 -> its full name).
TEACHING_RULES = ("bilingual.quoted_paren", "bilingual.zh_paren", "bilingual.quoted", "participants",
                  "itinerary", "orgs.own_unit+own")
LABELS = ("ORG", "PERSON", "PLACE", "EVENT")

MIN_CJK = 3  # a Chinese name of fewer characters never fires bare
MIN_ABBR = 3  # ... nor a Latin abbreviation of fewer letters, unless stated with its full name
MAX_NAME = 60
# 本署, 該會, 我國, 下屆會議: what they name depends on the report.
DEICTIC = (*"本該此其我貴", "上屆", "下屆", "前述", "上述", "同一")
# jieba's part-of-speech tags of proper nouns (people, places, organizations, other names).
PROPER_TAGS = ("nr", "ns", "nt", "nz")
# One character jieba may glue before a name (赴美國): the name still starts a word.
LEAD_CHARS = frozenset("赴往至在於到由與和及從自回返抵經向對為被將")
WINDOW = 12  # characters of context either side segmented to check a Chinese name's edges

SPACE_RUN = re.compile(r"\s+")
SPACE_SPLIT = re.compile(r"(\s+)")
BRACKET_AFTER = re.compile(r"[」』”\"]?\s*[（(]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.&-]*")


@dataclass(frozen=True, order=True)
class Name:
    """What a learned name carries into the mentions it finds."""

    label: str
    name_zh: str | None
    name_en: str | None
    abbr: str | None


def squeeze(text: str) -> str:
    """A name or text as the scan compares it: whitespace between two Chinese characters
    dropped (a line wrap inside a name), any other whitespace run one space."""
    return Squeezed(text).text if SPACE_RUN.search(text) else text


class Squeezed:
    """:func:`squeeze` of a text, and a map from its offsets back to the text's."""

    def __init__(self, text: str) -> None:
        # The text in turns of pieces and whitespace runs; each run becomes "" or " ", and an
        # offset maps back through the part that holds it (list operations, one loop over the runs).
        parts = SPACE_SPLIT.split(text)
        self.origins = [0, *accumulate(map(len, parts))][:-1]  # where each part starts in the text
        last = len(parts) - 1
        cjk = CJK_CHAR.match
        for k in range(1, last, 2):
            before, after = parts[k - 1], parts[k + 1]
            if k == 1 and not before or k == last - 1 and not after:
                parts[k] = ""  # leading or trailing whitespace
            elif cjk(before[-1]) and cjk(after[0]):
                parts[k] = ""
            else:
                parts[k] = " "
        self.text = "".join(parts)
        self.starts = [0, *accumulate(map(len, parts))][:-1]  # ... and in the squeezed text

    def position(self, at: int) -> int:
        """The text offset of the squeezed text's character ``at``."""
        i = bisect_right(self.starts, at) - 1
        return self.origins[i] + at - self.starts[i]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.position(start), self.position(end - 1) + 1


@lru_cache(maxsize=1)
def generic_names() -> frozenset[str]:
    """General vocabulary that names nothing by itself: resolution's generic list, and the
    organization and event heads alone (委員會, 研討會)."""
    words = {w for w, _ in read_words("resolve_generic.txt")}
    words |= {w for w, _ in read_words("org_suffixes_zh.txt")}
    words |= {w for w, _ in read_words("event_heads_zh.txt")}
    return frozenset(w.casefold() for w in words)


def is_latin(name: str) -> bool:
    return not CJK_CHAR.search(name)


def is_abbreviation(name: str) -> bool:
    """APEC, UN-Women, OECD: one word, at least two capitals."""
    return " " not in name and sum(c.isupper() for c in name) >= 2 and len(name) <= 15


@lru_cache(maxsize=1 << 16)
def bare_name(name: str | None, label: str, *, stated_abbr: bool = False) -> str | None:
    """``name`` as the scan looks for it, or None when it must never fire bare."""
    if not name:
        return None
    name = squeeze(name.strip(" ,，;；「」『』“”\"'"))
    if not name or len(name) > MAX_NAME or name.casefold() in generic_names():
        return None
    if is_latin(name):
        if not name[0].isalnum():
            return None
        if is_abbreviation(name):
            return name if len(name) >= MIN_ABBR or stated_abbr and len(name) >= 2 else None
        words = LATIN_WORD.findall(name)
        generic = generic_names()
        if len(words) < 2 or not name[0].isupper() or all(w.casefold() in generic for w in words):
            return None
        return name
    if name.startswith(DEICTIC) or len(CJK_CHAR.findall(name)) < MIN_CJK:
        return None
    if label == "PERSON":
        return name if len(name) <= 5 or "・" in name or "·" in name else None
    return name if specific(name) else None


@lru_cache(maxsize=1 << 16)
def specific(name: str) -> bool:
    """Whether a Chinese name stands for one thing wherever it is written: it has a word
    jieba knows as a proper noun (a place, a person, an organization), a word it does not
    know (a transliteration), a digit or a Latin letter; or it is long, of three words or
    more (國際能源總署). A short name of common words (訓練中心, 資訊局, 國際合作組) is a
    description that means another thing in another report."""
    if word_tags().get(to_simplified(name), "").startswith(PROPER_TAGS):
        return True
    tokens = [name[start:end] for start, end in segment(name)]
    for token in tokens:
        if not all(CJK_CHAR.match(c) for c in token):
            return True
        if word_tags().get(to_simplified(token), "").startswith(PROPER_TAGS) or not word_freq(token):
            return True
    return len(tokens) >= 3 and len(name) >= 6


def taught(row: MentionRow) -> list[tuple[str, Name, bool]]:
    """The names ``row`` teaches: (the form looked for, what it carries, whether the form is
    an abbreviation of a full name)."""
    rule = row.rule or ""
    if row.label not in LABELS or not rule.startswith(TEACHING_RULES):
        return []
    if rule.startswith("participants") and rule not in ("participants", "participants.agency"):
        return []
    carried = Name(row.label or "", clean(row.name_zh), clean(row.name_en), clean(row.abbr))
    if row.label == "PERSON":  # a participant: the name cell, not the title or unit with it
        carried = Name("PERSON", carried.name_zh, carried.name_en, None)
    out = []
    for form, is_abbr in ((carried.name_zh, False), (carried.name_en, False), (carried.abbr, True)):
        stated = is_abbr and bool(carried.name_zh or carried.name_en)
        key = bare_name(form, row.label or "", stated_abbr=stated)
        if key is not None and (not is_abbr or stated):
            out.append((key, carried, is_abbr))
    return out


def clean(name: str | None) -> str | None:
    return SPACE_RUN.sub(" ", name).strip() or None if name else None


class CorpusNames:
    """The corpus pass: ``learn`` every mention row, ``prepare`` once, then ``scan`` or
    ``find`` each document (see the module doc)."""

    def __init__(self) -> None:
        self.votes: dict[str, Counter[Name]] = {}
        self.abbreviations: set[str] = set()
        self.names: dict[str, Name] = {}
        self.automaton = None

    def learn(self, rows: Iterable[MentionRow]) -> None:
        for row in rows:
            for key, carried, is_abbr in taught(row):
                self.votes.setdefault(key, Counter())[carried] += 1
                if is_abbr:
                    self.abbreviations.add(key)

    def prepare(self) -> None:
        """Decide each name's label and names, and build the automaton."""
        import ahocorasick

        names: dict[str, Name] = {}
        for key in sorted(self.votes):
            chosen = decide(self.votes[key], key in self.abbreviations)
            if chosen is not None:
                names[key] = chosen
        self.names = names
        self.votes = {}
        automaton = ahocorasick.Automaton()
        for key in names:
            automaton.add_word(key, key)
        if names:
            automaton.make_automaton()
        self.automaton = automaton

    def find(self, doc: Doc, mentions: Sequence[MentionRow] = (), sections: Sequence[SectionRow] = ()) -> list[MentionRow]:
        """The new mentions of ``doc``: learned names found bare where no mention is."""
        if not self.names or not doc.text:
            return []
        view = Squeezed(doc.text)
        text = view.text
        hits = []
        for last, key in self.automaton.iter(text):  # type: ignore[attr-defined]
            start = last + 1 - len(key)
            hits.append((start, last + 1, key))
        taken = Occupied()
        for row in mentions:
            if row.char_start is not None and row.char_end is not None and row.char_end > row.char_start:
                extent = stated_extent(doc.text, row)
                taken.add(extent, extent)
        section = SectionIndex(sections)
        out = []
        for start, end, key in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):  # longest first, then leftmost
            s, e = view.span(start, end)
            if taken.clashes((s, e), (s, e)) or not whole_word(text, start, end):
                continue
            taken.add((s, e), (s, e))
            name = self.names[key]
            out.append(MentionRow(doc.doc_id, section(s, e), name.label, doc.text[s:e], name.name_zh, name.name_en,
                                  name.abbr, None, None, s, e, None, RULE))
        out.sort(key=lambda r: (r.char_start, r.char_end))
        return out

    def scan(self, doc: Doc | None, mentions: Sequence[MentionRow] = (), sections: Sequence[SectionRow] = ()) -> list[MentionRow]:
        """The document's mentions with the new ones among them, in text order."""
        if doc is None:
            return list(mentions)
        found = self.find(doc, mentions, sections)
        if not found:
            return list(mentions)
        return merge(mentions, found)


def stated_extent(text: str, row: MentionRow) -> tuple[int, int]:
    """A mention's span, and the bracket right after it when the mention carries the names
    stated there: 「中文」（English, ABBR） is one statement, not three mentions."""
    start, end = row.char_start or 0, row.char_end or 0
    if row.name_en or row.abbr:
        m = BRACKET_AFTER.match(text, end)
        if m:
            close = min((at for at in (text.find("）", m.end(), m.end() + 300), text.find(")", m.end(), m.end() + 300))
                         if at >= 0), default=-1)
            if close >= 0:
                end = close + 1
    return start, end


def decide(votes: Counter[Name], abbreviation: bool) -> Name | None:
    """One name's label and names: the label most of its teachers gave (none on a tie); an
    abbreviation taught for two different full names teaches nothing."""
    labels: Counter[str] = Counter()
    for name, n in votes.items():
        labels[name.label] += n
    ranked = labels.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    label = ranked[0][0]
    if abbreviation:
        zh = {n.name_zh for n in votes if n.label == label and n.name_zh}
        en = {n.name_en.casefold() for n in votes if n.label == label and n.name_en}
        if len(zh) > 1 or len(en) > 1:
            return None
    return min((name for name in votes if name.label == label), key=lambda name: (-votes[name], key_of(name)))


def key_of(name: Name) -> tuple[str, ...]:
    return (name.label, name.name_zh or "", name.name_en or "", name.abbr or "")


def whole_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is not part of a longer Latin word or Chinese word."""
    before, after = text[start - 1 : start], text[end : end + 1]
    first, last = text[start], text[end - 1]
    if first.isascii() and first.isalnum() and before and word_char(before):
        return False
    if last.isascii() and last.isalnum() and after and word_char(after):
        return False
    cjk_before = bool(before) and bool(CJK_CHAR.match(first)) and bool(CJK_CHAR.match(before))
    cjk_after = bool(after) and bool(CJK_CHAR.match(last)) and bool(CJK_CHAR.match(after))
    if not (cjk_before or cjk_after):
        return True
    lo = start
    while lo > max(0, start - WINDOW) and CJK_CHAR.match(text[lo - 1]):
        lo -= 1
    hi = end
    while hi < min(len(text), end + WINDOW) and CJK_CHAR.match(text[hi]):
        hi += 1
    cuts = {lo, *(lo + c for c in token_ends(text[lo:hi]))}
    glued = text[start - 1] in LEAD_CHARS and start - 1 in cuts  # jieba read 赴美 as one word
    if cjk_before and start not in cuts and not glued:
        return False
    return not (cjk_after and end not in cuts)


def word_char(ch: str) -> bool:
    """A letter or digit of a Latin-script word (not a Chinese character)."""
    return ch.isalnum() and not CJK_CHAR.match(ch)


def merge(mentions: Sequence[MentionRow], found: Sequence[MentionRow]) -> list[MentionRow]:
    """Rows of one document, the new ones placed by (char_start, char_end) after equal ones."""
    out: list[MentionRow] = []
    i = 0
    for row in mentions:
        while i < len(found) and order(found[i]) < order(row):
            out.append(found[i])
            i += 1
        out.append(row)
    out.extend(found[i:])
    return out


def order(row: MentionRow) -> tuple[int, int]:
    return (row.char_start if row.char_start is not None else -1, row.char_end if row.char_end is not None else -1)


def find_corpus_mentions(doc: Iterable[Doc] | Mapping[str, Doc], mentions: Sequence[MentionRow],
                         sections: Sequence[SectionRow] = ()) -> list[MentionRow]:
    """The whole-corpus form of the pass (tests, benchmarks): ``doc`` holds every document,
    ``mentions`` and ``sections`` every row; the mentions table with the corpus mentions
    among each document's rows. The pipeline streams the same steps instead."""
    docs = list(doc.values()) if isinstance(doc, Mapping) else list(doc)
    names = CorpusNames()
    names.learn(mentions)
    names.prepare()
    by_doc: dict[str, list[MentionRow]] = {}
    for row in mentions:
        by_doc.setdefault(row.doc_id, []).append(row)
    sections_of: dict[str, list[SectionRow]] = {}
    for srow in sections:
        sections_of.setdefault(srow.doc_id, []).append(srow)
    text_of = {d.doc_id: d for d in docs}
    out: list[MentionRow] = []
    for doc_id in dict.fromkeys([*text_of, *by_doc]):
        out.extend(names.scan(text_of.get(doc_id), by_doc.get(doc_id, []), sections_of.get(doc_id, [])))
    return out
