"""The mentions stage's algorithms in their plain or former form (tests/mentions/test_fast_*.py)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extractors.core.gazetteer import load_gazetteer
from extractors.mentions.base import (
    CJK,
    CJK_CHAR,
    Found,
    TextView,
    has_cjk,
    longest_first,
    nfkc,
)
from extractors.mentions.orgs import NOT_IN_ORG, NOT_ORG_WORDS, WORD_UNITS
from extractors.mentions.orgs import found as org_found
from extractors.mentions.places import (
    finish,
    grow,
    match_at,
)
from extractors.mentions.words import to_simplified, word_tags

# The cover-form name labels as one grouped alternation (people.COVER_NAME before its rewrite).
COVER_NAME = re.compile(r"(?:(?:聯絡人|出國人員|出國人|報告人|撰寫人|承辦人|姓名)[ \t]*[：:][ \t]*|姓名(?:/[^\s/]{1,8})+[ \t]+)")


def alternation(words, tail=lambda _w: "") -> str:
    """A word list as a regex the former way: every word, longest first, in one alternation."""
    return "|".join(re.escape(w) + tail(w) for w in longest_first(words))


@lru_cache(maxsize=1)
def segmenter():
    """jieba itself, with the bundled user words added the way jieba adds them."""
    import logging

    import jieba

    from extractors.mentions.base import read_words

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for word, _flag in read_words("user_dict.txt"):
        parts = word.split(" ")
        jieba.add_word(parts[0], int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None)
    return jieba


def dictionary_tables(text: str) -> tuple[dict[str, int], dict[str, str]]:
    """jieba's dict.txt as two plain tables, word -> frequency and word -> tag (words.Dictionary before)."""
    rows = re.findall(r"^(\S+) (\d+)(?: (\S+))?$", text, re.M)
    return {word: int(freq) for word, freq, _ in rows}, {word: tag for word, _, tag in rows if tag}


def spacy_candidates(text: str) -> list[Found]:
    """The grammars' candidates as the spaCy pipeline's component gives them (grammars.find_candidates)."""
    from extractors.mentions.nlp import COMPONENT, get_nlp

    return list(get_nlp()(text, component_cfg={COMPONENT: {"spans": False}})._.found)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def occupied_clashes(taken, span: tuple[int, int], extent: tuple[int, int]) -> bool:
    """Occupied.clashes as a scan of every taken (span, extent) pair."""
    return any(overlaps(span, ox) or overlaps(extent, os) for os, ox in taken)


def section_of(start: int, end: int, sections) -> str | None:
    """The innermost section that holds [start, end): the shortest, the last of equals."""
    best = None
    for s in sections:
        if s.char_start is None or s.char_end is None:
            continue
        if s.char_start <= start and end <= s.char_end:
            if best is None or (s.char_end - s.char_start) <= (best.char_end - best.char_start):
                best = s
    return best.section_path if best else None


def find_all(text: str, name: str) -> list[tuple[int, int]]:
    """extract.find_all as it was: one regex per name."""
    if not name.strip():
        return []
    if has_cjk(name):
        return [m.span() for m in re.finditer(r"\s*".join(map(re.escape, re.sub(r"\s", "", name))), text)]
    words = name.split()
    pattern = re.compile(r"(?<![A-Za-z0-9])" + r"\s+".join(map(re.escape, words)) + r"(?![A-Za-z0-9])")
    return [m.span() for m in pattern.finditer(text)]


def compact_find_all(text: str, name: str) -> list[tuple[int, int]]:
    """Compact.find_all as a whitespace-tolerant regex search."""
    key = re.sub(r"\s", "", name)
    found: list[tuple[int, int]] = []
    if key:
        pattern = re.compile(r"\s*".join(map(re.escape, key)))
        at = 0
        while (m := pattern.search(text, at)) is not None:
            found.append(m.span())
            at = m.end()
    return found


def find_places_per_slice(text: str):
    """gazetteer.find_places (CJK names): every length at every CJK character, each slice normalized."""
    g = load_gazetteer()
    folded, found, i, n = text.replace("台", "臺"), [], 0, len(text)
    while i < n:
        if not re.match(r"[\u3400-\u9fff]", folded[i]):
            i += 1
            continue
        for length in range(min(g.max_cjk, n - i), 1, -1):
            key = unicodedata.normalize("NFKC", folded[i : i + length])
            if key in g.places and key not in g.stoplist:
                found.append((i, i + length, g.places[key].name))
                i += length
                break
        else:
            i += 1
    return found


def latin_names_by_word_start(text: str) -> list[tuple[int, int]]:
    """Gazetteer.find_latin as it was: the pattern of each word start's first letter, tried at every word start."""
    g = load_gazetteer()
    found, end = [], 0
    for start in re.finditer(r"(?<![\w.])\w", text):
        at = start.start()
        if at < end:
            continue
        pattern = g.latin_by_first.get(text[at].lower())
        if pattern is not None and (m := pattern.match(text, at)):
            end = m.end()
            found.append(m.span())
    return found


def scan_places(view):
    """places.scan_places without its position filter: NFKC of the whole text, and
    :func:`~extractors.mentions.places.match_at` tried at every character."""
    text = view.text
    folded = text.replace("台", "臺")
    normal = nfkc(folded)
    if len(normal) == len(folded):
        folded = normal
    cuts = view.boundaries
    found, weak = [], []
    i, last_end = 0, -2
    while i < len(text):
        match = match_at(text, folded, i, cuts, last_end, weak)
        if match is None:
            i += 1
            continue
        found.append(grow(text, folded, match, cuts))
        i = last_end = found[-1][1]
    return finish(text, found, weak)

def text_view(view_of: TextView, text: str) -> tuple[str, list[int]]:
    """TextView's (text, index) as it was built: every blank run visited."""
    chars, index = [], []
    at, n = 0, len(text)
    for m in re.finditer("[ \u3000\n\r]+", text):
        i, j = m.span()
        chars.append(text[at:i])
        index.extend(range(at, i))
        at = j
        run = m.group()
        if "\n" not in run:
            chars.append(run)
            index.extend(range(i, j))
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[j] if j < n else ""
        if before and after and view_of._wrapped_line(text, i):
            if not (CJK_CHAR.match(before) and CJK_CHAR.match(after)):
                chars.append(" ")
                index.append(i)
        else:
            chars.append(run)
            index.extend(range(i, j))
    chars.append(text[at:])
    index.extend(range(at, n))
    return "".join(chars), index


def word_orgs(view: TextView) -> list[Found]:
    """orgs.find_word_orgs as it was: every token visited."""
    text, out = view.text, []
    _ = view.boundaries
    cuts = view._cuts
    for a, b in zip(cuts, cuts[1:], strict=False):
        if not 3 <= b - a <= 5 or not text.endswith(WORD_UNITS, a, b):
            continue
        word = text[a:b]
        if NOT_ORG_WORDS.search(word) or NOT_IN_ORG.search(word) or not re.fullmatch(f"[{CJK}]+", word):
            continue
        if word_tags().get(to_simplified(word)) == "nt":
            out.append(org_found(view, a, b, "orgs.word", 4))
    return out
