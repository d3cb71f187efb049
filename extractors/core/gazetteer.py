"""A gazetteer of countries, regions and cities, in zh-Hant and English.

Sources, loaded once and cached:

- CLDR through babel: territory names in zh_Hant_TW, zh_Hant, zh_Hant_HK and en
  (countries and world regions), and the time-zone exemplar cities in zh_Hant_TW and en
  (each with its country from CLDR's zone-territory table).
- ``lexicons/countries.tsv``: the zh-Hant name Taiwanese writing prefers (臺灣, 韓國)
  and short forms in both scripts (南韓, 阿聯, USA, UK).
- ``lexicons/cities.tsv``: world cities CLDR lacks (zh-Hant, English, country code).
- ``lexicons/regions.tsv``: first-level divisions (states, provinces, prefectures) in the
  forms Taiwanese writing uses (卑詩省, 昆士蘭州); each is also known without its head
  (昆士蘭) unless that name is taken.

GeoNames cities and ISO 3166-2 regions (``lexicons/geonames_zh.tsv``) are a second tier,
in :mod:`extractors.core.geonames`: :func:`lookup_any` consults it after this one.

Lookups fold 台 into 臺, NFKC width forms, and letter case, so 台北, 臺北 and Taipei
all find the same city. Countries win over cities of the same name (巴林, 新加坡).

API:

- :func:`lookup_place` (name -> :class:`Place` or None), exact after folding, with a
  trailing 市/縣/州/省/都/府 dropped when the exact name is unknown.
- :func:`country_of` (name -> zh-Hant country name or None).
- :func:`find_places` (text -> [(start, end, Place)]), longest match first, for running
  text; names in ``lexicons/place_stoplist.tsv`` are skipped there.

Example:
    >>> lookup_place("達卡").country_zh
    '孟加拉'
    >>> country_of("台北")
    '臺灣'
    >>> [p.name for _, _, p in find_places("前往德國漢堡")]
    ['德國', '漢堡']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.core.geonames import BARE_MIN_CHARS, BARE_POPULATION, NAME_HEADS, geonames_row
from extractors.core.lexicons import read_rows

# CLDR territory codes that are not places a trip goes to.
NOT_PLACES = {"001", "EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
SUFFIXES = ("市", "縣", "州", "省", "都", "府", "區")
DIVISION_HEADS = "州省邦縣府都道"
RANK = {"country": 0, "region": 1, "admin1": 2, "city": 3}
_CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD_START = re.compile(r"(?<![\w.])\w")
SPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True)
class Place:
    """One known place. ``name`` is the zh-Hant name (the English one when no zh is known)."""

    name: str
    name_en: str | None
    kind: str  # country, region (a world region), admin1 (a state or province), city
    country_code: str | None
    country_zh: str | None
    admin1: str | None = None  # GeoNames' admin-1 code of a city, the ISO 3166-2 code of a region
    geonameid: int | None = None
    source: str = "cldr"  # cldr, lexicon, geonames, iso3166-2
    population: int = 0


def fold(name: str) -> str:
    """The lookup key: NFKC, 台→臺, lower case, no spaces or dots around."""
    text = unicodedata.normalize("NFKC", name).replace("台", "臺").lower()
    text = SPACE_RUN.sub(" ", text).strip(" .,、，")
    if _CJK.search(text):
        text = text.replace(" ", "")
    return text


@dataclass
class Gazetteer:
    places: dict[str, Place]  # folded name -> place
    stoplist: frozenset[str]
    max_cjk: int
    latin_pattern: re.Pattern[str] | None  # every Latin name, longest first, on word boundaries
    latin_by_first: dict[str, re.Pattern[str]] = field(default_factory=dict)  # the same, per first letter

    def __post_init__(self) -> None:
        # Where a word starts that may begin a Latin name: not a Han character (the Latin
        # keys hold none), nor an ASCII letter or digit that begins no key.
        never = "".join(c for c in map(chr, range(128)) if re.match(r"\w", c) and c.lower() not in self.latin_by_first)
        self.latin_start = re.compile(rf"(?<![\w.])[^\W\u3400-\u9fff{re.escape(never)}]")

    def find_latin(self, text: str) -> Iterator[re.Match[str]]:
        """``latin_pattern.finditer(text)``, without trying the whole alternation at every
        character: only where a word starts that some name begins, and only the names
        that begin with its letter."""
        end = 0
        for start in self.latin_start.finditer(text):
            at = start.start()
            if at < end:
                continue
            pattern = self.latin_by_first.get(text[at].lower())
            m = pattern.match(text, at) if pattern is not None else None
            if m:
                end = m.end()
                yield m


@lru_cache(maxsize=1)
def country_names() -> tuple[dict[str, str], dict[str, str]]:
    """Code -> preferred zh-Hant name, code -> English name (countries only). Shared: do not change."""
    from babel import Locale

    zh_tw = Locale.parse("zh_Hant_TW").territories
    en = Locale.parse("en").territories
    zh = {code: name for code, name in zh_tw.items() if code.isalpha() and code not in NOT_PLACES}
    for row in read_rows("countries.tsv"):
        if len(row) > 1 and row[1]:
            zh[row[0]] = row[1]
    names_en = {code: en[code] for code in zh if code in en}
    return zh, names_en


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    from babel import Locale
    from babel.core import get_global

    zh_names, en_names = country_names()
    places: dict[str, Place] = {}

    def add(name: str, place: Place, *, override: bool = False) -> None:
        key = fold(name)
        if len(key) < 2:
            return
        old = places.get(key)
        # A country outranks a region, a region a state, a state a city of the same name.
        if old is None or override or RANK[place.kind] < RANK[old.kind]:
            places[key] = place

    def country(code: str, source: str = "cldr") -> Place:
        return Place(zh_names[code], en_names.get(code), "country", code, zh_names[code], source=source)

    for locale_name in ("zh_Hant_TW", "zh_Hant", "zh_Hant_HK", "en"):
        for code, name in Locale.parse(locale_name).territories.items():
            if code in NOT_PLACES:
                continue
            if code.isalpha():
                if code in zh_names:
                    add(name, country(code))
            else:
                zh = Locale.parse("zh_Hant_TW").territories.get(code, name)
                add(name, Place(zh, Locale.parse("en").territories.get(code), "region", None, None))
    for row in read_rows("countries.tsv"):
        code = row[0]
        if code in zh_names:
            add(zh_names[code], country(code), override=True)
            for alias in row[2].split("|") if len(row) > 2 else ():
                add(alias, country(code, "lexicon"), override=True)

    zone_territory = get_global("zone_territories")
    zh_zones = Locale.parse("zh_Hant_TW").time_zones
    en_zones = Locale.parse("en").time_zones
    for zone, names in zh_zones.items():
        city = names.get("city")
        parts = zone.split("/")
        # Antarctic stations, "Etc/Unknown" and sub-zones (America/Indiana/Knox) are not
        # destinations and their names collide with ordinary words.
        if not city or parts[0] in ("Antarctica", "Etc") or len(parts) != 2:
            continue
        code = zone_territory.get(zone)
        if code not in zh_names:
            continue
        name_en = en_zones.get(zone, {}).get("city") or parts[1].replace("_", " ")
        place = Place(city.replace("台", "臺"), name_en, "city", code, zh_names[code])
        add(city, place)
        add(name_en, place)
    for row in read_rows("cities.tsv"):
        zh, en, code = row[0], row[1], row[2]
        kind = row[3] if len(row) > 3 and row[3] else "city"
        if code not in zh_names:
            continue
        place = Place(zh, en, kind, code, zh_names[code], source="lexicon")
        add(zh, place)
        add(en, place)
    for row in read_rows("regions.tsv"):
        zh, en, code = row[0], row[1], row[2]
        if code not in zh_names:
            continue
        place = Place(zh, en, "admin1", code, zh_names[code], source="lexicon")
        add(zh, place)
        add(en, place)
    # A division is also known by its name without the head (昆士蘭州 -> 昆士蘭), unless taken.
    for row in read_rows("regions.tsv"):
        zh = row[0]
        if zh[-1] in DIVISION_HEADS and len(zh) >= 3 and fold(zh[:-1]) not in places:
            add(zh[:-1], places[fold(zh)])

    stoplist = frozenset(fold(row[0]) for row in read_rows("place_stoplist.tsv"))
    cjk_keys = [key for key in places if _CJK.search(key)]
    latin = sorted(
        (key for key in places if not _CJK.search(key) and key not in stoplist), key=len, reverse=True
    )
    pattern = latin_alternation(latin, r"(?<![\w.])") if latin else None
    by_first: dict[str, list[str]] = {}
    for key in latin:
        by_first.setdefault(key[0].lower(), []).append(key)
    return Gazetteer(places, stoplist, max(map(len, cjk_keys), default=1), pattern,
                     {ch: latin_alternation(keys) for ch, keys in by_first.items()})


def latin_alternation(keys: list[str], lead: str = "") -> re.Pattern[str]:
    return re.compile(lead + "(" + "|".join(re.escape(k) for k in keys) + r")(?![\w])", re.IGNORECASE)


def lookup_place(name: str) -> Place | None:
    """The place a name denotes, or None. Exact after folding; then without a 市/縣 suffix.

    Example:
        >>> lookup_place("Strasbourg").country_code
        'FR'
        >>> lookup_place("臺北市").name
        '臺北'
    """
    if not name:
        return None
    gazetteer = load_gazetteer()
    key = fold(name)
    if place := gazetteer.places.get(key):
        return place
    for suffix in SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            if place := gazetteer.places.get(key[: -len(suffix)]):
                return place
    return None


def lookup_any(name: str) -> Place | None:
    """:func:`lookup_place`, then the GeoNames tier (exact, then without a 市/縣 suffix).

    Example:
        >>> lookup_any("三鷹市").name_en
        'Mitaka'
    """
    if place := lookup_place(name):
        return place
    key = fold(name)
    if place := geonames_place(key):
        return place
    for suffix in SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            if place := geonames_place(key[: -len(suffix)]):
                return place
    return None


@lru_cache(maxsize=4096)
def geonames_place(name: str) -> Place | None:
    """The :class:`Place` a folded zh-Hant name has in the GeoNames tier, or None.

    Example:
        >>> geonames_place("新宿區").source
        'geonames'
    """
    row = geonames_row(name)
    if row is None:
        return None
    name_en, code, admin1, population, geonameid, kind, source = row
    return Place(name, name_en or None, kind, code or None, country_names()[0].get(code), admin1 or None,
                 int(geonameid) if geonameid else None, source, int(population or 0))


def strong_name(name: str) -> bool:
    """Whether a GeoNames-tier name may fire in prose with no context: 3 characters or
    more, and a division head of its own or enough inhabitants (a region always)."""
    place = geonames_place(name)
    if place is None or len(name) < BARE_MIN_CHARS:
        return False
    return place.kind == "admin1" or name[-1] in NAME_HEADS or place.population >= BARE_POPULATION


def country_of(name: str) -> str | None:
    """The zh-Hant name of the country a place lies in (a country is its own), or None."""
    place = lookup_place(name)
    return place.country_zh if place else None


def per_char_nfkc(text: str) -> dict[int, str] | None:
    """A translation table that equals NFKC on ``text``, or None when NFKC could compose
    characters across positions or change the length."""
    table: dict[int, str] = {}
    for ch in set(text):
        mapped = unicodedata.normalize("NFKC", ch)
        if len(mapped) != 1 or composes(ch) or composes(mapped):
            return None
        if mapped != ch:
            table[ord(ch)] = mapped
    return table


def composes(ch: str) -> bool:
    """A combining mark or a Hangul jamo: NFKC may join it to a neighbour."""
    return bool(unicodedata.combining(ch)) or "\u1100" <= ch <= "\u11ff" or "\u3131" <= ch <= "\u318e" \
        or unicodedata.category(ch) == "Mn"


@lru_cache(maxsize=1)
def cjk_name_lengths() -> dict[str, tuple[int, ...]]:
    """First character -> the lengths (2 or more, longest first) of the names it begins."""
    table: dict[str, set[int]] = {}
    for key in load_gazetteer().places:
        if len(key) >= 2:
            table.setdefault(key[0], set()).add(len(key))
    return {ch: tuple(sorted(v, reverse=True)) for ch, v in table.items()}


def find_places(text: str) -> list[tuple[int, int, Place]]:
    """Every known place name in running text, longest match first, left to right.

    CJK names match anywhere (a name is not split off a longer known name); Latin
    names match on word boundaries, case-insensitive. Offsets index ``text``.
    """
    gazetteer = load_gazetteer()
    found: list[tuple[int, int, Place]] = []
    folded = text.replace("台", "臺")
    # When NFKC maps every character to one character on its own (full-width forms,
    # compatibility ideographs; no combining marks or jamo that could compose), the text is
    # normalized once instead of every slice, and only the lengths of the names that begin
    # with a character are tried.
    table = per_char_nfkc(folded)
    stable = table is not None
    raw = folded
    if table:
        folded = folded.translate(table)
    starts = cjk_name_lengths()
    i = 0
    n = len(text)
    while i < n:
        if not _CJK.match(raw[i]):
            i += 1
            continue
        match = None
        lengths = starts.get(folded[i], ()) if stable else range(min(gazetteer.max_cjk, n - i), 1, -1)
        for length in lengths:
            if i + length > n:
                continue
            key = folded[i : i + length] if stable else unicodedata.normalize("NFKC", folded[i : i + length])
            if key in gazetteer.places and key not in gazetteer.stoplist:
                match = (i, i + length, gazetteer.places[key])
                break
        if match:
            found.append(match)
            i = match[1]
        else:
            i += 1
    if gazetteer.latin_pattern is not None:
        for m in gazetteer.find_latin(text):
            # Short all-capital aliases (UK, ROC) count only when written in capitals.
            if len(m.group()) <= 3 and not m.group().isupper():
                continue
            place = gazetteer.places.get(fold(m.group()))
            if place:
                found.append((m.start(), m.end(), place))
    return sorted(found, key=lambda item: item[0])
