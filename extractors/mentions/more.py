"""Grammars the entities stage runs beside the spaCy component's (:mod:`extractors.mentions.nlp`):
international organizations (:mod:`extractors.mentions.intl`), companies named with a legal
form or after a descriptive 公司, and newspapers in title brackets (《某某報》).
"""

from __future__ import annotations

from extractors.mentions.base import Found, TextView
from extractors.mentions.intl import find_intl_orgs


def more_candidates(view: TextView) -> list[Found]:
    found = find_intl_orgs(view)
    return found
