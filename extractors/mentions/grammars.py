"""Every grammar's candidates over a text: the work of the entities stage, without spaCy.

The grammars read characters and regex over the raw text (through :class:`TextView`) and
take jieba's token boundaries from :mod:`extractors.mentions.words`; none of them reads a
spaCy token. So the stage calls :func:`find_candidates` directly, and a worker never imports
spaCy (about a second per process). The spaCy pipeline of :mod:`extractors.mentions.nlp` runs
the same function in its component and gives the same candidates (the reference,
``tests/reference/mentions.py:spacy_candidates``, is tested equal).
"""

from __future__ import annotations

from extractors.mentions.base import Found, TextView
from extractors.mentions.bilingual import find_bilingual
from extractors.mentions.events import find_events
from extractors.mentions.more import more_candidates
from extractors.mentions.orgs import (
    find_english_names,
    find_legal_forms,
    find_orgs,
    find_suffix_names,
    find_word_orgs,
)
from extractors.mentions.people import find_people
from extractors.mentions.places import coordinated_places, find_place_mentions, place_spans, scan_places


def find_candidates(text: str) -> list[Found]:
    """Every grammar's candidates over ``text`` (overlaps are resolved later)."""
    view = TextView(text)
    places = scan_places(view)  # once per document, shared by the org and place grammars
    places = sorted(places + coordinated_places(view, places), key=lambda p: p[0])
    found: list[Found] = []
    found += find_bilingual(view)
    found += find_people(view)
    found += find_orgs(view, place_spans(places))
    found += find_suffix_names(view, [])
    found += find_word_orgs(view)
    found += find_legal_forms(view)
    found += find_english_names(view)
    found += find_events(view)
    found += find_place_mentions(view, places)
    found += more_candidates(view)  # international organizations, companies, press, former names
    return found
