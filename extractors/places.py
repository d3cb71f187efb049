"""Places: countries, regions and cities from the gazetteer (:mod:`extractors.gazetteer`),
with their zh-Hant and English names filled from it, so 韓國 and Korea, 臺中 and Taichung
carry each other's name. 城市（City, Country） comes from :mod:`extractors.bilingual`, places
named by a governing title (某地市長) from :mod:`extractors.people`, itinerary routes from
:func:`extractors.entities.extract_mentions`.

Example:
    >>> [f.name_en for f in find_place_mentions(TextView("前往法國斯特拉斯堡"))]
    ['France', 'Strasbourg']
"""

from __future__ import annotations

from extractors.gazetteer import find_places
from extractors.ner_base import Found, TextView

# Region words that are only ever parts of longer names here (中東 in 中東及西亞 …) are
# left to the gazetteer's stoplist; a place counts only as a whole jieba token or more.


def find_place_mentions(view: TextView) -> list[Found]:
    out = []
    for start, end, place in find_places(view.text):
        s, e = view.span(start, end)
        out.append(Found(s, e, "PLACE", "places.gazetteer", name_zh=place.name, name_en=place.name_en, priority=3))
    return out


def place_spans(view: TextView) -> list[tuple[int, int]]:
    """Gazetteer matches as view offsets (for org grammars that start at a place)."""
    return [(start, end) for start, end, _place in find_places(view.text)]
