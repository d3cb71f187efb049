"""Pairwise evidence between two names: should they merge (``match_names``), must they not
(``cannot_link``)?

Thresholds depend on script and length (``MatchSettings``):

- Chinese: a different character is a different word (亞洲開發銀行 / 非洲開發銀行, 臺中 / 臺北), so
  only one inserted or dropped character in a long name counts as a typo
  (新南威爾斯州地方政府協會 / 新南威爾斯地方政府協會). Traditional/Simplified is handled by the key.
- Latin abbreviations and short names: exact only, except one swapped pair of adjacent
  letters in a name of 6+ characters (NU-Women / UN-Women).
- Long Latin names: ``fuzz.ratio`` over the word tokens above a length-dependent threshold,
  and every word that differs must itself look like a typo of its counterpart (Meeting /
  Meetings, Nakamur / Nakamura), never a different content word (Korea / Kenya) or
  another place (Ireland / Iceland).
- People (Latin): tokens aligned in order (Mohammed Ali … Khan / Muhamad Ali …
  Khan), or a two-token prefix of a longer name (… Carlos / … Carlos Pérez); a shared
  surname alone never merges.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel, Levenshtein

from extractors.entities.names import Name, content_tokens, is_year


@dataclass(frozen=True)
class MatchSettings:
    zh_min_len: int = 8  # shortest Chinese name that may differ by one inserted character
    lat_min_len: int = 6  # shortest Latin key that may have a typo (a transposition)
    lat_ratio_long: float = 90.0  # fuzz.ratio for Latin names of 20+ characters
    lat_ratio_mid: float = 93.0  # ... for 12-19 characters; shorter ones: transposition only
    lat_long_len: int = 20
    lat_mid_len: int = 12
    token_ratio: float = 80.0  # a differing word must be this close to its counterpart
    person_token_ratio: float = 75.0  # transliteration variants: Syed / Shed
    person_mean_ratio: float = 85.0


DEFAULT_MATCH_SETTINGS = MatchSettings()


@cache
def place_words() -> frozenset[str]:
    """English country and territory names (CLDR via babel), lowercased single words."""
    from babel import Locale

    words: set[str] = set()
    for name in Locale("en").territories.values():
        for token in name.lower().replace("-", " ").split():
            if len(token) >= 4 and token.isalpha():
                words.add(token)
    return frozenset(words)


def _is_transposition(a: str, b: str) -> bool:
    return len(a) == len(b) and OSA.distance(a, b) == 1 and Levenshtein.distance(a, b) == 2


def _token_typo(a: str, b: str, settings: MatchSettings) -> bool:
    """Two differing words that look like one typo of each other."""
    if a.isdigit() or b.isdigit():
        return False
    places = place_words()
    if a in places and b in places:
        return False
    if _is_transposition(a, b) or (min(len(a), len(b)) >= 4 and Indel.distance(a, b) == 1):
        return True
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= settings.token_ratio


def _differing_tokens(a: Name, b: Name) -> tuple[list[str], list[str]]:
    ta, tb = list(content_tokens(a)), list(content_tokens(b))
    rest_b = list(tb)
    only_a = []
    for token in ta:
        if token in rest_b:
            rest_b.remove(token)
        else:
            only_a.append(token)
    return only_a, rest_b


def _lat_words_ok(a: Name, b: Name, settings: MatchSettings) -> bool:
    only_a, only_b = _differing_tokens(a, b)
    if len(only_a) != len(only_b) or len(only_a) > 2:
        return False
    return all(_token_typo(x, y, settings) for x, y in zip(only_a, only_b, strict=True))


def _align_person(short: tuple[str, ...], long: tuple[str, ...], settings: MatchSettings):
    """Align every token of ``short`` to a token of ``long`` in order; (pairs, scores) or None."""
    j = 0
    pairs: list[tuple[int, int]] = []
    scores: list[float] = []
    for i, token in enumerate(short):
        best = None
        for k in range(j, len(long)):
            score = 100.0 if token == long[k] else fuzz.ratio(token, long[k])
            if score >= settings.person_token_ratio:
                best = (k, score)
                break
        if best is None:
            return None
        if i == 0 and best[0] != 0:
            return None
        pairs.append((i, best[0]))
        scores.append(best[1])
        j = best[0] + 1
    return pairs, scores


def match_person(a: Name, b: Name, settings: MatchSettings = DEFAULT_MATCH_SETTINGS) -> float | None:
    """Score in [0, 1] when two Latin person names are one person, else None."""
    ta, tb = a.tokens, b.tokens  # every token counts in a person name (Nguyen Van An)
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) < 2:
        return None
    aligned = _align_person(short, long, settings)
    if aligned is None:
        return None
    pairs, scores = aligned
    if long[: len(short)] == short:
        return 0.9 + 0.1 * len(short) / len(long)  # a token prefix: … Carlos / … Carlos Pérez
    if pairs[-1][1] != len(long) - 1:
        return None  # the surnames must align
    exact = sum(s == 100.0 for s in scores)
    mean = sum(scores) / len(scores)
    if exact >= 2 and mean >= settings.person_mean_ratio:
        return mean / 100
    # one exact token: the others must be a transposition or one dropped letter (Jonh / John)
    if exact >= 1 and all(
        s == 100.0 or _is_transposition(short[i], long[k]) or Indel.distance(short[i], long[k]) == 1
        for (i, k), s in zip(pairs, scores, strict=True)
    ):
        return mean / 100
    return None


def match_names(
    a: Name, b: Name, is_person: bool = False, settings: MatchSettings = DEFAULT_MATCH_SETTINGS
) -> tuple[str, float] | None:
    """(rule, score in [0, 1]) when two different names of one script denote one entity."""
    if a.script != b.script or a.key == b.key or a.digits != b.digits:
        return None
    if a.script == "zh":
        if is_person:
            return None
        if min(len(a.key), len(b.key)) >= settings.zh_min_len and Indel.distance(a.key, b.key) == 1:
            return "fuzzy", fuzz.ratio(a.key, b.key) / 100
        return None
    if min(len(a.key), len(b.key)) >= settings.lat_min_len and _is_transposition(a.key, b.key):
        if is_person or _lat_words_ok(a, b, settings) or a.is_abbr or b.is_abbr:
            return "transposition", fuzz.ratio(a.key, b.key) / 100
    if is_person:
        score = match_person(a, b, settings)
        return ("person_variant", score) if score is not None else None
    if a.is_abbr or b.is_abbr:
        return None
    ca, cb = content_tokens(a), content_tokens(b)
    if len(ca) >= 3 and sorted(ca) == sorted(cb):
        return "token_reorder", 0.95  # The 1st Session of X Meeting 2018 / X 1st Session of 2018 Meeting
    shortest = min(len(a.key), len(b.key))
    if shortest >= settings.lat_long_len:
        threshold = settings.lat_ratio_long
    elif shortest >= settings.lat_mid_len:
        threshold = settings.lat_ratio_mid
    else:
        return None
    score = fuzz.ratio(" ".join(a.tokens), " ".join(b.tokens))
    if score >= threshold and _lat_words_ok(a, b, settings):
        return "fuzzy", score / 100
    return None


def _only_dates(extra: str) -> bool:
    """What is left after removing a name from a longer one is only a year or an ordinal."""
    rest = extra
    for char in "年第屆届次度":
        rest = rest.replace(char, "")
    return rest == "" or rest.isdigit()


def _common_affixes(a: str, b: str) -> tuple[int, int]:
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def cannot_link(
    a: Name, b: Name, is_person: bool = False, settings: MatchSettings = DEFAULT_MATCH_SETTINGS,
    *, allow_suffix: bool = False,
) -> bool:
    """True when two names must not share an entity: nested bodies, siblings, other numbers.

    ``allow_suffix`` accepts a Chinese name that ends a longer one (亞洲分會 inside
    X亞洲分會): the doc-suffix rule merges such a short form inside one document.
    """
    if a.script != b.script or a.key == b.key:
        return False
    if a.digits and b.digits and a.digits != b.digits and not (allow_suffix and _suffix_with_its_numbers(a, b)):
        return True
    # cheap structural tests first; a typo match (the costly test) can still clear a flag
    return _looks_apart(a, b, allow_suffix) and match_names(a, b, is_person, settings) is None


def _suffix_with_its_numbers(a: Name, b: Name) -> bool:
    """Between a doc-suffix short form's cluster and its longer name (第1次X會議 and
    某會2018年第1次X會議), numbers that the longer name only adds (its year) do not
    separate them; a number the short name has and the long one lacks does."""
    if a.script != "zh":
        return False
    short, long = (a, b) if len(a.key) <= len(b.key) else (b, a)
    return not (Counter(short.digits) - Counter(long.digits))


def _looks_apart(a: Name, b: Name, allow_suffix: bool) -> bool:
    if a.script == "zh":
        short, long = (a.key, b.key) if len(a.key) <= len(b.key) else (b.key, a.key)
        if short in long:
            if allow_suffix and long.endswith(short):
                return False
            return not _only_dates(long.replace(short, "", 1))
        prefix, suffix = _common_affixes(a.key, b.key)
        rest_a, rest_b = len(a.key) - prefix - suffix, len(b.key) - prefix - suffix
        return max(prefix, suffix) >= 2 and 0 < rest_a <= 3 and 0 < rest_b <= 3
    if a.is_abbr and b.is_abbr:
        return True
    ta, tb = content_tokens(a), content_tokens(b)
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    n = len(short)
    if 0 < n < len(long) and any(long[i : i + n] == short for i in range(len(long) - n + 1)):
        extra = list(long)
        for token in short:
            extra.remove(token)
        return not all(t.isdigit() or is_year(t) for t in extra)
    if len(ta) == len(tb):
        only_a, only_b = _differing_tokens(a, b)
        if 0 < len(only_a) <= 2 and len(only_a) == len(only_b):
            return True
    return False
