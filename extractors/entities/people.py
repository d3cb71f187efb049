"""People: a Chinese rendering and its romanized form stated together, and one name borne
by two people.

``stated_together``: the mentions stage emits 「克蕾兒・馬丁女士（Mme Claire Martin）」 or
「拿督斯里阿茲曼（Dato' Sri Azman）」 as two PERSON mentions when a title or an honorific
stands between the names. Two PERSON mentions of one section, one Chinese and one Latin,
with no other mention between them and at most ``MAX_GAP`` characters apart (the honorific
and the bracket), are one person (``aliases.rule`` ``person_pair``) when their shapes agree
(``shapes_agree``); a list 「王大明、John Smith」 has shapes that do not.

``split_namesakes``: one Chinese or romanized name in two documents is one person unless the
documents place the bearers in agencies that cannot be one (黃某 of a fire agency and
黃某 of a city's IT office); a document that names no agency joins the bearer whose role
it shares, or the only one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise

from extractors.entities.names import Name, zh_key

MAX_GAP = 12
_DOTS = re.compile(r"[・·‧•．.]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CONNECTORS = frozenset({"bin", "binti", "bte", "bt", "al", "ap"})  # Malay and Arabic patronymic links


def shapes_agree(zh: Name, lat: Name) -> bool:
    """A Chinese rendering and a romanized name of one shape: as many dot-separated parts as
    words (克蕾兒・馬丁 / Claire Martin), or an undotted name and one word (a transliterated
    given name: 阿茲曼 / Azman) or one word per character (Korean, Vietnamese: 阮文雄 / Nguyen Van Hung).
    """
    parts = [p for p in _DOTS.split(zh.surface) if _CJK.search(p)]
    chars = len(_CJK.findall(zh.surface))
    words = [t for t in lat.tokens if t not in _CONNECTORS]
    if not parts or not words:
        return False
    if len(parts) >= 2:
        return len(parts) == len(words)
    return len(words) == 1 or len(words) == chars


def stated_together(rows: Sequence, forms: Sequence[int], form_names: Sequence[list[Name]]) -> set[tuple[int, int, str]]:
    """(Chinese form, Latin form, doc_id) of the PERSON mentions stated together in ``rows``."""
    by_doc: dict[str, list[tuple[int, int, int, str | None, str | None]]] = defaultdict(list)
    for row, f in zip(rows, forms, strict=True):
        if row.char_start is not None and row.char_end is not None:
            by_doc[row.doc_id].append((row.char_start, row.char_end, f, row.label, row.section_path))
    pairs: set[tuple[int, int, str]] = set()
    for doc, spans in by_doc.items():
        spans.sort()
        for a, b in pairwise(spans):
            if a[3] != "PERSON" or b[3] != "PERSON" or a[4] != b[4] or not 0 < b[0] - a[1] <= MAX_GAP:
                continue
            na, nb = form_names[a[2]], form_names[b[2]]
            if not na or not nb or na[0].script == nb[0].script:
                continue
            (zh, fz), (lat, fl) = sorted(((na, a[2]), (nb, b[2])), key=lambda nf: nf[0][0].script != "zh")
            if all(n.script == "zh" for n in zh) and all(n.script == "lat" for n in lat) and any(
                    shapes_agree(z, x) for z in zh for x in lat):
                pairs.add((fz, fl, doc))
    return pairs


def _affiliations_agree(a: set[str], b: set[str]) -> bool:
    """Two sets of agency keys that can name one employer: one contains the other."""
    return not a or not b or any(x in y or y in x for x in a for y in b)


def split_namesakes(profiles: dict[tuple[str, str], tuple[set[str], set[str]]]) -> dict[tuple[str, str], int]:
    """The bearer number of every (name key, doc) of a person name: 0 for the first bearer.

    ``profiles``: (name key, doc) -> (agency keys, role keys) the document gives the name.
    Documents with an agency are placed first (in doc order): each joins the first bearer
    whose agencies agree, else starts a new one. A document without an agency then joins
    the bearer whose roles it shares, else the first bearer.
    """
    by_name: dict[str, list[str]] = defaultdict(list)
    for key, doc in sorted(profiles):
        by_name[key].append(doc)
    out: dict[tuple[str, str], int] = {}
    for key, docs in by_name.items():
        bearers: list[tuple[set[str], set[str]]] = []
        known = [d for d in docs if profiles[(key, d)][0]]
        for doc in known:
            agencies, roles = profiles[(key, doc)]
            for n, (b_agencies, b_roles) in enumerate(bearers):
                if _affiliations_agree(agencies, b_agencies):
                    b_agencies |= agencies
                    b_roles |= roles
                    out[(key, doc)] = n
                    break
            else:
                out[(key, doc)] = len(bearers)
                bearers.append((set(agencies), set(roles)))
        for doc in docs:
            if (key, doc) in out:
                continue
            roles = profiles[(key, doc)][1]
            out[(key, doc)] = next((n for n, (_a, b_roles) in enumerate(bearers) if roles & b_roles), 0)
    return out


def agency_key(text: str | None) -> str | None:
    """A comparable key of an affiliation cell (Simplified, no spaces), None when empty or generic."""
    if not text:
        return None
    key = zh_key(text)
    return key if len(key) >= 2 and not key.startswith("本") else None
