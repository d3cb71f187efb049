"""The names one mention states together, and why they are one entity.

``names_of`` takes a mention's name columns and returns its distinct :class:`Name` s, the
first one first, each with the ``aliases.rule`` of its link to the first:

- ``bilingual_link``: a Chinese name and its English name or abbreviation (「X」（Y, Z）);
- ``own_agency``: 本署/本院/本府/本部/本會/本局/本處/本校/本系/本館 … and the traveller's
  own agency it stands for (the mentions stage names it in ``name_zh``);
- ``short_name``: a Chinese short form stated with its full name (X（以下簡稱Y）, 簡稱, 下稱);
- ``paren_abbr``: an English name and its abbreviation in one pair of parentheses, split here
  (``(Bureau of X and Y, US BXY)``, ``(Ministry of Z; MINZ)``);
- ``other_language``: the official name in another language next to the English one in one
  pair of parentheses (``(Ministerio de Z, Ministry of Z)``).
"""

from __future__ import annotations

import re

from extractors.entities.names import Name, has_cjk, is_abbreviation, parse_name

_BILINGUAL = re.compile(r"^「?([^「」()（）]+?)」?\s*[（(]([^()（）]+)[）)]$")
_SHORT_FORM = re.compile(r"^「?([^「」()（）]+?)」?\s*[（(]\s*(?:以下簡稱為?|以下稱|下稱|簡稱)[：:\s「]*([^()（）「」]+?)」?\s*[）)]$")
_OWN = re.compile(r"^本[署院府部會局處校系館所]")
_PARTS = re.compile(r"\s*[;；]\s*|,\s+")
# function words of other languages: a part that has one is an official name in that language
_FOREIGN = frozenset("de del la le les des du et y para für und van der voor och e da do dos das".split())


def split_english(value: str) -> list[tuple[str, str]]:
    """An English name column as (name, rule) parts: a trailing abbreviation after , or ;
    (``paren_abbr``), and names in two languages (``other_language``). Anything else,
    e.g. "Department of Health, Western Australia", stays one name.

    Example:
        >>> split_english("Ministry of Water; MOW")
        [('Ministry of Water', ''), ('MOW', 'paren_abbr')]
        >>> split_english("Department of Health, Western Australia")
        [('Department of Health, Western Australia', '')]
    """
    parts = [p.strip() for p in _PARTS.split(value) if p.strip()]
    if len(parts) < 2:
        return [(value, "")]
    out: list[tuple[str, str]] = []
    while len(parts) > 1 and is_abbreviation(parts[-1]) and len(parts[-1]) <= 12:
        out.insert(0, (parts.pop(), "paren_abbr"))
    if not out and not _languages_differ(parts):
        return [(value, "")]
    if len(parts) > 1 and not _languages_differ(parts):
        parts = [", ".join(parts)]
    names = [(parts[0], "")] + [(p, "other_language") for p in parts[1:]]
    return names + out


def _languages_differ(parts: list[str]) -> bool:
    """Two or more full names (2+ words each), some with another language's function words."""
    words = [p.lower().split() for p in parts]
    if any(len(w) < 2 for w in words):
        return False
    foreign = [bool(_FOREIGN.intersection(w)) or not p.isascii() for w, p in zip(words, parts, strict=True)]
    return any(foreign) and not all(foreign)


def names_of(label: str | None, zh: str | None, en: str | None, abbr: str | None,
             text: str | None) -> tuple[list[Name], list[str]]:
    """A mention's distinct names (name_zh, name_en, abbr, then text if it is one name) and
    the rule that links each to the first ("" for the first)."""
    is_person = label == "PERSON"
    fields: list[tuple[str | None, str]] = [(zh, "")]
    if en:
        fields += split_english(en) if not is_person else [(en, "")]
    fields.append((abbr, "short_name" if abbr and has_cjk(abbr) else ""))
    if text and not (zh or en or abbr):
        short = _SHORT_FORM.match(text.strip())
        bilingual = _BILINGUAL.match(text.strip())
        if short:  # X（以下簡稱Y）
            fields = [(short.group(1), ""), (short.group(2), "short_name")]
        elif bilingual:  # 「X」（Y, Z） with no name fields: split it as the grammar would
            fields = [(bilingual.group(1), ""), *[(p, "") for p in re.split(r"[,，、]\s*", bilingual.group(2))]]
        else:
            fields.append((text, ""))
    elif text and not any(c in text for c in "()（）"):
        fields.append((text, "own_agency" if zh and _OWN.match(text.strip()) and not _OWN.match(zh) else ""))
    names: list[Name] = []
    rules: list[str] = []
    for value, rule in fields:
        if not value:
            continue
        name = parse_name(value, is_person)
        if name is not None and all((n.script, n.key) != (name.script, name.key) for n in names):
            names.append(name)
            rules.append(rule or "bilingual_link")
    if rules:
        rules[0] = ""
    return names, rules
