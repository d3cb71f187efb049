"""Named entities -> the ``mentions`` table (ORG, PERSON, PLACE, EVENT).

:func:`extract_mentions` runs the spaCy pipeline of :mod:`extractors.mentions.nlp` (grammars in
``bilingual``, ``orgs``, ``people``, ``events``, ``places``), adds the participants and the
itinerary places, resolves overlaps, repeats names a document has introduced (APO after
「亞洲生產力組織」（…, APO）), and builds one :class:`MentionRow` per mention with
``section_path`` set to the innermost section that contains it. ``entity_id`` is left to
the resolution stage.

The ``rule`` column names the grammar that found a mention: ``bilingual.quoted``,
``bilingual.quoted_paren`` (「中文」（English, ABBR）), ``bilingual.zh_paren`` (中文（ABBR）,
城市（City, Country）), ``bilingual.en_first``, ``orgs.own_unit`` (本府…), ``orgs.place_government``
(某市政府…), ``orgs.place_named``, ``orgs.unit_chain`` (某部某局), ``orgs.suffix_named`` (某大學),
``orgs.english_head``, ``events.ordinal`` (第 N 屆…), ``people.title_zh``, ``people.title_latin``,
``people.name_title``, ``people.honorific``, ``people.dotted``, ``people.cover_field``,
``people.place_title`` (the place of 某地市長), ``places.gazetteer``, ``participants``,
``participants.agency``, ``itinerary``, ``repeat`` (a later mention of a name the document
introduced); a ``+list`` suffix marks a 論壇/議程 name relabelled ORG among organizations.

Growing dictionary: :func:`learn_names` turns one document's bilingual names into words
for the jieba user dictionary. To stay deterministic when documents run in parallel, a
run never learns while it extracts: the runner collects :func:`learn_names` over the
corpus after the stage and passes the sorted words to the NEXT run as
``EntitySettings.user_words``; every document of a run then sees the same dictionary.

Example:
    >>> from extractors.core.doc import doc_from_text
    >>> [(r.label, r.text) for r in extract_mentions(doc_from_text("參加「亞洲城市論壇」（Asia Cities Forum）"))]
    [('EVENT', '亞洲城市論壇')]
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import accumulate

from extractors.core.doc import Doc
from extractors.core.records import ItineraryRow, MentionRow, ParticipantRow, SectionRow
from extractors.mentions.base import Found, TextView, add_word, en_head, has_cjk, to_simplified

AMBIGUOUS_ZH = ("論壇", "議程")
AMBIGUOUS_EN = {"forum", "agenda"}
LIST_GAP = re.compile(r"^[\s、，,及和與暨以及]*$")
SPACE = re.compile(r"\s")
SPACE_SPLIT = re.compile(r"(\s+)")


@dataclass(frozen=True)
class EntitySettings:
    """Options: ``user_words`` are names learned from earlier runs (see module doc);
    ``use_spacy`` False runs the grammars without the spaCy pipeline (same results)."""

    user_words: tuple[str, ...] = ()
    use_spacy: bool = True


DEFAULT_ENTITY_SETTINGS = EntitySettings()
_added_words: set[str] = set()


def add_user_words(words: Iterable[str]) -> None:
    """Add names to jieba's dictionary (Traditional and Simplified forms), once each."""
    for word in sorted(set(words) - _added_words):
        add_word(word)
        add_word(to_simplified(word))
        _added_words.add(word)


def learn_names(mentions: Sequence[MentionRow]) -> tuple[str, ...]:
    """Chinese names worth adding to the user dictionary: the name_zh of bilingual ORG,
    EVENT and PLACE mentions. Sorted and unique, so the result does not depend on order."""
    names = {
        SPACE.sub("", m.name_zh)
        for m in mentions
        if m.name_zh and m.label in ("ORG", "EVENT", "PLACE") and (m.rule or "").startswith("bilingual")
        and 2 <= len(m.name_zh) <= 30
    }
    return tuple(sorted(names))


def candidates(doc: Doc, settings: EntitySettings) -> list[Found]:
    if settings.use_spacy:
        from extractors.mentions.nlp import COMPONENT, get_nlp

        return list(get_nlp()(doc.text, component_cfg={COMPONENT: {"spans": False}})._.found)
    from extractors.mentions.nlp import find_candidates

    return find_candidates(doc.text)


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


@lru_cache(maxsize=2)
def compact_of(text: str) -> Compact:
    """The :class:`Compact` of a document's text, built once for the participants and the
    repeated names alike."""
    return Compact(text)


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


def participant_mentions(text: str, participants: Sequence[ParticipantRow]) -> list[Found]:
    out = []
    compact = compact_of(text) if participants else None
    for row in participants:
        if row.name:
            for s, e in find_all(text, row.name, compact):
                out.append(Found(s, e, "PERSON", "participants", name_zh=row.name, role=row.job_title,
                                 affiliation=row.agency, priority=9))
        for unit in (row.agency, row.unit):
            if unit and has_cjk(unit) and len(unit) >= 3:
                for s, e in find_all(text, unit, compact):
                    out.append(Found(s, e, "ORG", "participants.agency", name_zh=unit, priority=6))
    return out


def itinerary_mentions(text: str, itinerary: Sequence[ItineraryRow]) -> list[Found]:
    from extractors.core.gazetteer import lookup_place

    out = []
    for row in itinerary:
        if row.char_start is None or row.char_end is None:
            continue
        part = text[row.char_start : row.char_end]
        compact = None
        for place in row.places or ():
            if compact is None and has_cjk(place):
                compact = Compact(part)  # once per row, for all its Chinese places
            for s, e in find_all(part, place, compact):
                known = lookup_place(place)
                out.append(Found(row.char_start + s, row.char_start + e, "PLACE", "itinerary", name_zh=place,
                                 name_en=known.name_en if known else None, priority=4))
    return out


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


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


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


def repeat_names(text: str, chosen: list[Found]) -> list[Found]:
    """Later plain mentions of names the document introduced: abbreviations (APO), Chinese
    names of bilingual organizations and events, places learned from the text."""
    names: dict[str, Found] = {}
    for f in chosen:
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
    compact = compact_of(text)
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


def section_of(start: int, end: int, sections: Sequence[SectionRow]) -> str | None:
    """The innermost section that holds [start, end): the shortest, the last of equals."""
    best = None
    for s in sections:
        if s.char_start is None or s.char_end is None:
            continue
        if s.char_start <= start and end <= s.char_end:
            if best is None or (s.char_end - s.char_start) <= (best.char_end - best.char_start):
                best = s
    return best.section_path if best else None


class SectionIndex:
    """:func:`section_of` for many mentions of one document. The section edges cut the
    text into elementary pieces; a mention inside one piece lies in exactly the sections
    that cover the piece, so the answer is computed once per piece (a mention that
    crosses an edge is scanned as before)."""

    def __init__(self, sections: Sequence[SectionRow]) -> None:
        self.sections = sections
        self.edges = sorted({x for s in sections for x in (s.char_start, s.char_end) if x is not None})
        self.memo: dict[int, str | None] = {}

    def __call__(self, start: int, end: int) -> str | None:
        edges = self.edges
        i = bisect_right(edges, start)
        if not (0 < i < len(edges) and start < end <= edges[i]):
            return section_of(start, end, self.sections)
        if i not in self.memo:
            self.memo[i] = section_of(edges[i - 1], edges[i], self.sections)
        return self.memo[i]


ROW_FIELDS = ("doc_id", "section_path", "label", "text", "name_zh", "name_en", "abbr", "role", "affiliation",
              "char_start", "char_end", "entity_id", "rule")
# MentionRow is a plain frozen dataclass (no __post_init__, no slots): a row is the values of
# its fields, so they are set at once; its generated __init__ sets them one
# object.__setattr__ at a time, most of the time of build_rows. Otherwise the constructor.
PLAIN_ROWS = (
    tuple(f.name for f in fields(MentionRow)) == ROW_FIELDS
    and not hasattr(MentionRow, "__post_init__")
    and "__slots__" not in vars(MentionRow)
)


def mention_row(*values) -> MentionRow:
    """``MentionRow(*values)``, the values of every field in order."""
    if not PLAIN_ROWS:
        return MentionRow(*values)
    row = object.__new__(MentionRow)
    row.__dict__.update(zip(ROW_FIELDS, values, strict=True))
    return row


def build_rows(doc: Doc, found: list[Found], sections: Sequence[SectionRow]) -> list[MentionRow]:
    rows = []
    section = SectionIndex(sections)
    text, doc_id = doc.text, doc.doc_id
    for f in sorted(found, key=lambda f: (f.start, f.end, f.label)):
        rows.append(mention_row(
            doc_id, section(f.start, f.end), f.label, text[f.start : f.end], f.name_zh, f.name_en, f.abbr, f.role,
            f.affiliation, f.start, f.end, None, f.rule,
        ))
    return rows


def extract_mentions(
    doc: Doc,
    sections: Sequence[SectionRow] = (),
    participants: Sequence[ParticipantRow] = (),
    itinerary: Sequence[ItineraryRow] = (),
    *,
    settings: EntitySettings = DEFAULT_ENTITY_SETTINGS,
) -> list[MentionRow]:
    """Every ORG, PERSON, PLACE and EVENT mention of the document."""
    if settings.user_words:
        add_user_words(settings.user_words)
    found = candidates(doc, settings)
    found += participant_mentions(doc.text, participants)
    found += itinerary_mentions(doc.text, itinerary)
    found = relabel_coordinated(found, doc.text)
    chosen = select(found)
    chosen += repeat_names(doc.text, chosen)
    chosen = link_surnames(chosen)
    return build_rows(doc, chosen, sections)


__all__ = ["EntitySettings", "extract_mentions", "learn_names", "add_user_words", "TextView", "en_head"]
