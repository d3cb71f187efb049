"""Name normalization for entity resolution: one surface form to a comparable :class:`Name`.

A name is compared by its ``key``:

- NFKC, case-folded, quotes, brackets, punctuation and whitespace removed;
- Chinese: every character mapped to its Simplified form with OpenCC ``t2s`` (one character
  at a time, cached, so 臺/台 and 聯/联 meet) plus a small variant table
  (``lexicons/resolve_variants.tsv``) for variants OpenCC leaves apart;
- PERSON: honorifics (Mr., Dr., (H.C.), 先生, 女士 ...) stripped.

Names of one script share one key space: ``UN-Women``, ``UN WOMEN`` and ``un women``
are one node. Whether a Latin name is an abbreviation (``OECD``, ``OECD NEA``) is a
property used by the matching rules, not part of the key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from extractors.core.lexicons import read_lines

_QUOTES = "「」『』“”\"'‘’《》〈〉【】〔〕［］"
_EDGE_PUNCT = "：:，,。.、;；()（）-—–_/·・ \t\n" + _QUOTES
_DROP_QUOTES = str.maketrans("", "", _QUOTES)
_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"^(19|20)\d\d$")


def _read_lexicon(name: str) -> list[str]:
    return list(read_lines(name))


@cache
def honorifics() -> tuple[frozenset[str], tuple[str, ...]]:
    """(Latin honorific tokens without dots, Chinese honorific suffixes)."""
    words = _read_lexicon("resolve_honorifics.txt")
    latin = frozenset(w.replace(".", "").replace("(", "").replace(")", "") for w in words if not _CJK.search(w))
    chinese = tuple(sorted((w for w in words if _CJK.search(w)), key=len, reverse=True))
    return latin, chinese


@cache
def generic_names() -> tuple[frozenset[str], frozenset[str]]:
    """(Chinese generic names as keys, Latin generic words)."""
    words = _read_lexicon("resolve_generic.txt")
    zh = frozenset(zh_key(w) for w in words if _CJK.search(w))
    latin = frozenset(w.lower() for w in words if not _CJK.search(w))
    return zh, latin


@cache
def _generic_last_chars() -> frozenset[str]:
    return frozenset(w[-1] for w in generic_names()[0])


def is_generic_zh(key: str) -> bool:
    """A Chinese key made only of generic words (秘書處委員會會議 = 秘書處 + 委員會 + 會議)."""
    words, _ = generic_names()
    if key in words:
        return True
    if key[-1] not in _generic_last_chars():
        return False
    longest = max((len(w) for w in words), default=0)
    reachable = [True] + [False] * len(key)
    for end in range(1, len(key) + 1):
        for start in range(max(0, end - longest), end):
            if reachable[start] and key[start:end] in words:
                reachable[end] = True
                break
    return reachable[-1]


@cache
def stopwords() -> frozenset[str]:
    return frozenset(_read_lexicon("resolve_stopwords.txt"))


@cache
def _variants() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _read_lexicon("resolve_variants.tsv"):
        variant, _, canonical = line.partition("\t")
        if canonical:
            table[variant] = canonical
    return table


@cache
def _short_forms() -> tuple[tuple[str, str], ...]:
    pairs = [line.split("\t") for line in _read_lexicon("resolve_short_forms.tsv")]
    return tuple((p[0], p[1]) for p in pairs if len(p) == 2)


@cache
def _ordinals() -> dict[str, str]:
    pairs = [line.split("\t") for line in _read_lexicon("resolve_ordinals.tsv")]
    return {p[0]: p[1] for p in pairs if len(p) == 2}


_NUMERALS = set("0123456789一二三四五六七八九十百千零〇两兩")


@cache
def _t2s():
    from opencc import OpenCC  # imported lazily: loading its dictionaries costs ~0.3 s

    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def simplify_char(char: str) -> str:
    """One character in its Simplified form (OpenCC t2s, then the variant table)."""
    if not _CJK.match(char):
        return char
    out = _t2s().convert(char)
    if len(out) != 1:
        out = char
    return _variants().get(out, _variants().get(char, out))


class _SimplifyTable(dict):
    """str.translate table filled on first use: code point -> Simplified form, or None to drop
    (spaces, punctuation). One Python call per distinct character, not per character."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = simplify_char(char) if char.isalnum() else None
        self[code] = value
        return value


_SIMPLIFY = _SimplifyTable()


def zh_key(text: str, *, short_forms: bool = True) -> str:
    """The comparison key of a Chinese (or mixed) name: Simplified, no spaces or punctuation,
    short forms of organization heads folded (市政府 -> 市府)."""
    key = unicodedata.normalize("NFKC", text).casefold().translate(_SIMPLIFY)
    if short_forms:
        for long, short in _short_forms():
            key = key.replace(long, short)
    return key


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def clean_surface(text: str) -> str:
    """NFKC, whitespace collapsed, quotes and edge punctuation stripped: the display form."""
    text = unicodedata.normalize("NFKC", text).translate(_DROP_QUOTES)
    if "  " in text or "\n" in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip(_EDGE_PUNCT)


def strip_honorifics(text: str) -> str:
    """Drop leading Latin honorifics (Mr., Dr. (H.C.) Ir.) and trailing 先生/女士."""
    latin, chinese = honorifics()
    tokens = text.split(" ")
    while len(tokens) > 1:
        bare = tokens[0].lower().replace(".", "").replace("(", "").replace(")", "").strip(",")
        if bare in latin:
            tokens.pop(0)
        elif len(tokens) > 2 and f"{bare} {tokens[1].lower().strip('.')}" in latin:
            del tokens[:2]
        else:
            break
    text = " ".join(tokens)
    for suffix in chinese:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)].rstrip()
    return text


@dataclass(frozen=True, slots=True)
class Name:
    surface: str  # display form (clean_surface), as written apart from quotes and edges
    script: str  # "zh" (has a CJK character) or "lat"
    key: str  # comparison key; equal keys are one name
    tokens: tuple[str, ...]  # Latin: lowercase word tokens; zh: ()
    digits: tuple[str, ...]  # digit runs, sorted (2018 … 1st and 1st … 2018 agree)
    is_abbr: bool  # Latin abbreviation: OECD, OECD NEA, SDGs
    is_generic: bool  # resolved inside one document only
    words: tuple[str, ...] = ()  # Latin tokens without function words (of, the, and ...)


def is_abbreviation(text: str) -> bool:
    """OECD, OECD NEA, SDGs, G20: at most two short tokens, mostly capitals."""
    tokens = _TOKEN.findall(text)
    if not tokens or len(tokens) > 2 or any(len(t) > 10 for t in tokens):
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    upper = sum(c.isupper() for c in letters)
    return upper / len(letters) >= 0.6


def strip_accents(text: str) -> str:
    """Muñoz -> munoz, Dvořák -> dvorak: a name written with and without its
    diacritics is one key (letters that do not decompose, ß and ø, stay)."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=262144)
def parse_name(surface: str, is_person: bool = False) -> Name | None:
    """A surface form to a :class:`Name`; None when nothing comparable is left.

    Example:
        >>> parse_name("「聯合國婦女署」").key == parse_name("联合国妇女署").key
        True
        >>> parse_name("Mr. John Smith", True).key
        'johnsmith'
    """
    text = clean_surface(surface)
    if is_person:
        text = strip_honorifics(text)
    if not text:
        return None
    if has_cjk(text):
        key = zh_key(text)
        if len(key) < 2 or all(c in _NUMERALS for c in key):
            return None  # a heading number (二) or one character is not a name
        return Name(text, "zh", key, (), tuple(sorted(_DIGITS.findall(key))), False, is_generic_zh(key))
    folded = strip_accents(unicodedata.normalize("NFKC", text).casefold())
    ordinals = _ordinals()
    tokens = tuple(ordinals.get(t, t) for t in _TOKEN.findall(folded))
    key = "".join(tokens)
    if len(key) < 2 or key.isdigit():
        return None
    _, latin_generic = generic_names()
    generic = not is_person and all(t in latin_generic for t in tokens)
    abbr = not is_person and is_abbreviation(text)
    stop = stopwords()
    words = tuple(t for t in tokens if t not in stop)
    return Name(text, "lat", key, tokens, tuple(sorted(_DIGITS.findall(key))), abbr, generic, words)


def content_tokens(name: Name) -> tuple[str, ...]:
    """Latin tokens without function words (of, the, and ...)."""
    return name.words


def is_year(text: str) -> bool:
    return bool(_YEAR.match(text))
