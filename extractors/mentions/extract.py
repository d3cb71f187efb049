"""Named entities -> the ``mentions`` table (ORG, PERSON, PLACE, EVENT).

:func:`extract_mentions` runs the grammars (``bilingual``, ``orgs``, ``people``, ``events``,
``places``, through :func:`extractors.mentions.grammars.find_candidates`, which is what the
spaCy pipeline of :mod:`extractors.mentions.nlp` runs too, without loading spaCy), adds the participants and the
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
``people.place_title`` (the place of 某地市長), ``places.cldr``/``places.lexicon``/``places.geonames``/
``places.iso3166`` (the gazetteer source), ``places.head``, ``places.context``, ``participants``,
``participants.agency``, ``itinerary``, ``itinerary.repeat`` (a route place no gazetteer knows, found
again elsewhere), ``repeat`` (a later mention of a name the document
introduced); a ``+list`` suffix marks a 論壇/議程 name relabelled ORG among organizations.

Names learned across the corpus: :func:`learn_names` turns one document's bilingual names
into (name, label) pairs. To stay deterministic when documents run in parallel, a run
never learns while it extracts: the pairs collected over a corpus are passed as
``EntitySettings.known_names`` and found in each document (rule ``corpus``), a
per-document scan; no process-wide dictionary changes.

Example:
    >>> from extractors.core.doc import doc_from_text
    >>> [(r.label, r.text) for r in extract_mentions(doc_from_text("參加「亞洲城市論壇」（Asia Cities Forum）"))]
    [('EVENT', '亞洲城市論壇')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extractors.core.doc import Doc
from extractors.core.records import ItineraryRow, MentionRow, ParticipantRow, ReportRow, SectionRow
from extractors.mentions.base import Found, TextView, en_head, has_cjk
from extractors.mentions.more import translate_appositives
from extractors.mentions.select import (
    Compact,
    cut_at_verbs,
    find_all,
    link_surnames,
    relabel_coordinated,
    repeat_names,
    select,
)

SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class EntitySettings:
    """Options: ``known_names`` are (name, label) pairs learned across the corpus (see
    module doc), found again in this document; ``use_spacy`` True runs the grammars inside
    the spaCy pipeline (same results, a second more per process to load spaCy)."""

    known_names: tuple[tuple[str, str], ...] = ()
    use_spacy: bool = False


DEFAULT_ENTITY_SETTINGS = EntitySettings()


def learn_names(mentions: Sequence[MentionRow]) -> tuple[tuple[str, str], ...]:
    """(name, label) pairs worth finding in other documents: the name_zh of bilingual ORG,
    EVENT and PLACE mentions. Sorted and unique, so the result does not depend on order."""
    names = {
        (SPACE.sub("", m.name_zh), m.label)
        for m in mentions
        if m.name_zh and m.label in ("ORG", "EVENT", "PLACE") and (m.rule or "").startswith("bilingual")
        and 2 <= len(m.name_zh) <= 30
    }
    return tuple(sorted(names))


def known_mentions(text: str, known: Sequence[tuple[str, str]], compact: Compact) -> list[Found]:
    """Every occurrence of a name the corpus taught (rule ``corpus``), below the grammars."""
    out = []
    for name, label in known:
        for s, e in find_all(text, name, compact):
            out.append(Found(s, e, label, "corpus", name_zh=name if has_cjk(name) else None,
                             name_en=None if has_cjk(name) else name, priority=2))
    return out


def candidates(doc: Doc, settings: EntitySettings) -> list[Found]:
    if settings.use_spacy:
        from extractors.mentions.nlp import COMPONENT, get_nlp

        return list(get_nlp()(doc.text, component_cfg={COMPONENT: {"spans": False}})._.found)
    from extractors.mentions.grammars import find_candidates

    return find_candidates(doc.text)


OWN_UNITS = ("公司", "中心", "府", "部", "會", "局", "署", "處", "院", "校", "所")


def own_agencies(reports: Sequence[ReportRow], participants: Sequence[ParticipantRow]) -> list[str]:
    """The traveller's own agency as the cover and the participant table name it
    (出國計畫主辦機關, 服務機關), most frequent first."""
    counts: dict[str, int] = {}
    for name in [r.organizer for r in reports] + [p.agency for p in participants]:
        name = SPACE.sub("", name or "")
        if len(name) >= 3 and has_cjk(name):
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts, key=lambda n: (-counts[n], n))


def own_unit_name(text: str, agencies: Sequence[str]) -> str | None:
    """The full name 本署/本院/本府工務局 stands for: the shortest head of an own agency's
    name that ends in the unit word (本府 in a 某市政府工務局 report is 某市政府), with the
    rest appended; None when the agencies disagree or none fits."""
    compact = SPACE.sub("", text)
    unit = next((u for u in OWN_UNITS if compact.startswith(u, 1)), None)
    if unit is None:
        return None
    rest = compact[1 + len(unit) :]
    heads = set()
    for agency in agencies:
        at = agency.find(unit)
        if at >= 1:
            heads.add(agency[: at + len(unit)])
    return heads.pop() + rest if len(heads) == 1 else None


def name_own_units(found: list[Found], text: str, agencies: Sequence[str]) -> list[Found]:
    """本署, 本府工務局 carry the full name of the traveller's own agency (rule ``+own``)."""
    if not agencies:
        return found
    out = []
    for f in found:
        if f.rule == "orgs.own_unit" and (full := own_unit_name(text[f.start : f.end], agencies)):
            f = f.moved(name_zh=full, rule="orgs.own_unit+own")
        out.append(f)
    return out


def one_name(name: str) -> bool:
    """Whether a participant's name cell holds one person's name: a Chinese name of at
    most five characters (a transliterated one may hold a dot), or a romanized name."""
    if not has_cjk(name):
        return True
    return len(name.strip()) <= 5 and not SPACE.search(name.strip()) or "・" in name or "·" in name


def participant_mentions(text: str, participants: Sequence[ParticipantRow], compact: Compact) -> list[Found]:
    out = []
    for row in participants:
        if row.name and not one_name(row.name):
            row = replace(row, name=None)  # a cell holding several names or a phrase names no one person
        if row.name:
            for s, e in find_all(text, row.name, compact):
                out.append(Found(s, e, "PERSON", "participants", name_zh=row.name, role=row.job_title,
                                 affiliation=row.agency, priority=9))
        for unit in (row.agency, row.unit):
            if unit and has_cjk(unit) and len(unit) >= 3:
                for s, e in find_all(text, unit, compact):
                    out.append(Found(s, e, "ORG", "participants.agency", name_zh=unit, priority=6))
    return out


def itinerary_mentions(text: str, itinerary: Sequence[ItineraryRow], doc_compact: Compact | None = None) -> list[Found]:
    """The route places of each itinerary row, in the row; a route place no gazetteer knows
    (a transliterated town) is also found in the rest of the document (rule ``itinerary.repeat``)."""
    from extractors.core.gazetteer import lookup_any
    from extractors.mentions.places import route_name

    out = []
    learned: set[str] = set()
    for row in itinerary:
        if row.char_start is None or row.char_end is None:
            continue
        part = text[row.char_start : row.char_end]
        compact = None
        for place in row.places or ():
            if compact is None and has_cjk(place):
                compact = Compact(part)  # once per row, for all its Chinese places
            known = lookup_any(place)
            for s, e in find_all(part, place, compact):
                out.append(Found(row.char_start + s, row.char_start + e, "PLACE", "itinerary", name_zh=place,
                                 name_en=known.name_en if known else None, priority=4))
            if known is None and route_name(place):
                learned.add(place)
    for place in sorted(learned):
        for s, e in find_all(text, place, doc_compact or Compact(text)):
            out.append(Found(s, e, "PLACE", "itinerary.repeat", name_zh=place, priority=2))
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


def build_rows(doc: Doc, found: list[Found], sections: Sequence[SectionRow]) -> list[MentionRow]:
    rows = []
    section = SectionIndex(sections)
    text, doc_id = doc.text, doc.doc_id
    for f in sorted(found, key=lambda f: (f.start, f.end, f.label)):
        rows.append(MentionRow(
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
    reports: Sequence[ReportRow] = (),
    settings: EntitySettings = DEFAULT_ENTITY_SETTINGS,
) -> list[MentionRow]:
    """Every ORG, PERSON, PLACE and EVENT mention of the document."""
    compact = Compact(doc.text)  # one per document: every name look-up shares it
    found = candidates(doc, settings)
    found += participant_mentions(doc.text, participants, compact)
    found += itinerary_mentions(doc.text, itinerary, compact)
    found += known_mentions(doc.text, settings.known_names, compact)
    found = cut_at_verbs(relabel_coordinated(found, doc.text), doc.text)
    chosen = select(found)
    chosen += repeat_names(doc.text, chosen, compact)
    chosen = link_surnames(translate_appositives(chosen, doc.text))
    chosen = name_own_units(chosen, doc.text, own_agencies(reports, participants))
    return build_rows(doc, chosen, sections)


__all__ = ["EntitySettings", "extract_mentions", "learn_names", "TextView", "en_head"]
