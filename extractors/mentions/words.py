"""Words: jieba's segmentation (through rjieba) and its dictionary, and the character-by-character
Traditional -> Simplified map jieba reads through. Process-wide tables, built once; nothing
here holds a document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from extractors.core.lexicons import read_lines

DICT_LINE = re.compile(r"^(\S+) (\d+)(?: (\S+))?$", re.M)  # a line of jieba's dict.txt: word, frequency, tag
OTHER_LINE = re.compile(r"^(?!\S+ \d+ \S+$|$)", re.M)  # the start of a line with other fields


@lru_cache(maxsize=1)
def simplifier() -> dict[int, str]:
    """A character table Traditional -> Simplified from OpenCC's own dictionary
    (TSCharacters). Character by character keeps offsets 1:1 and is ~100x faster than
    OpenCC's phrase converter; jieba only needs it to find word boundaries."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            target = parts[1].split(" ")[0]
            if len(target) == 1:
                table[ord(parts[0])] = target
    return table


class Dictionary:
    """jieba's main dictionary (``dict.txt``: word, frequency, part of speech per line) and
    the words entered since (the user words). The file is split once into its fields and
    each word indexed to its place there: half the time of two word -> value tables (0.4 s
    per process), jieba's own loader (which also builds a prefix table tripmine does not
    need) and its tagger (which parses the file again) a third of it. Read-only but for
    :meth:`add`; the reference form, two plain tables, is in ``tests/reference/mentions.py``."""

    def __init__(self, text: str):
        if OTHER_LINE.search(text):  # a line that is not "word frequency tag" (a twentieth of a second)
            fields = [field for row in DICT_LINE.findall(text) for field in row]
        else:
            fields = text.split()
        self.fields = fields  # word, frequency, tag (maybe ""), word, ...
        self.index = dict(zip(fields[0::3], range(0, len(fields), 3), strict=True))  # word -> its place in fields
        self.added: dict[str, int] = {}
        self.freq = Frequencies(self)
        self.tags = Tags(self)

    def add(self, word: str, freq: int) -> None:
        self.added[word] = freq


class Frequencies(Mapping[str, int]):
    """word -> jieba's frequency (a user word's as entered)."""

    def __init__(self, table: Dictionary):
        self.table = table

    def get(self, word: str, default=None):  # type: ignore[override]
        table = self.table
        if word in table.added:
            return table.added[word]
        at = table.index.get(word)
        return default if at is None else int(table.fields[at + 1])

    def __getitem__(self, word: str) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def __iter__(self) -> Iterator[str]:
        yield from self.table.index
        yield from (word for word in self.table.added if word not in self.table.index)

    def __len__(self) -> int:
        return len(self.table.index) + sum(word not in self.table.index for word in self.table.added)


class Tags(Mapping[str, str]):
    """word -> jieba's part-of-speech tag (words of the main dictionary that have one)."""

    def __init__(self, table: Dictionary):
        self.table = table

    def get(self, word: str, default=None):  # type: ignore[override]
        at = self.table.index.get(word)
        return (self.table.fields[at + 2] or default) if at is not None else default

    def __getitem__(self, word: str) -> str:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def __iter__(self) -> Iterator[str]:
        fields = self.table.fields
        return (word for word, at in self.table.index.items() if fields[at + 2])

    def __len__(self) -> int:
        return sum(1 for _ in self)


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """jieba's main dictionary, read once per process (jieba itself is not imported)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    return Dictionary((Path(spec.origin).parent / "dict.txt").read_text(encoding="utf-8"))


def word_tags() -> Mapping[str, str]:
    """jieba's part-of-speech table (Simplified words)."""
    return dictionary().tags


@lru_cache(maxsize=1)
def cutter():
    """jieba-rs (rjieba) with jieba's own dictionary and the bundled user words: the same
    tokens as jieba without the HMM (but for exact ties: 華華華), about 20x faster.

    It is rjieba's process-wide default cutter (the module's ``cut``, ``add_word``,
    ``suggest_freq``), which rjieba builds when it is imported: a second ``rjieba.Jieba()``
    would cost as much again (a fifth of a second). Like jieba's global ``jieba.dt``, the
    user words are then known to every caller of rjieba in the process."""
    import rjieba

    for line in read_lines("user_dict.txt"):
        parts = line.split("\t")[0].strip().split(" ")
        enter(rjieba, parts[0], int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None)
    return rjieba


def enter(cut, word: str, freq: int | None) -> None:
    """Add ``word`` to the cutter and to the frequency table alike; without a frequency,
    the one that makes it a word (jieba's ``suggest_freq``, as ``add_word`` does)."""
    freq = cut.suggest_freq(word) if freq is None else freq
    cut.add_word(word, freq, None)
    dictionary().add(word, freq)


def add_word(word: str) -> None:
    """Add a word to the dictionary the cutter and ``word_freq`` read."""
    enter(cutter(), word, None)


def word_freq(text: str) -> int:
    """jieba's frequency of ``text`` (0 when it is not a word)."""
    return dictionary().freq.get(to_simplified(text)) or 0


@lru_cache(maxsize=1)
def bmp_simplifier() -> list[int]:
    """:func:`simplifier` as a list over the Basic Multilingual Plane, every character
    present (most map to themselves): ``str.translate`` indexes it instead of looking up,
    and missing, most characters of a text in a dict; about twice as fast on a report."""
    table = list(range(0x10000))
    for code, target in simplifier().items():
        if code < 0x10000:
            table[code] = ord(target)
    return table


BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified, character by character (offsets carry over)."""
    if len(text) > 64 and not BEYOND_BMP.search(text):
        return text.translate(bmp_simplifier())
    return text.translate(simplifier())


def segment(run: str) -> list[tuple[int, int]]:
    """jieba tokens of ``run`` as (start, end) offsets; jieba reads the Simplified form,
    because its dictionary is Simplified-centric, and runs without the slow HMM."""
    ends = token_ends(run)
    return list(zip((0, *ends), ends, strict=False))


def token_ends(text: str) -> Sequence[int]:
    """Where jieba's tokens of ``text`` end, in order (the tokens tile the text)."""
    return list(accumulate(map(len, cutter().cut(to_simplified(text), False))))


def is_word(text: str) -> bool:
    """Whether jieba's dictionary knows ``text`` as a word."""
    return word_freq(text) > 0


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    words = {line.split("\t")[0].strip() for line in read_lines("stopwords_zh.txt")}
    return frozenset(words | {to_simplified(w) for w in words})


def is_stop_token(token: str, stops: frozenset[str]) -> bool:
    """A stop word, or a token that jieba glued onto one: 派員參加 ends with 參加."""
    if token in stops or to_simplified(token) in stops:
        return True
    simple = to_simplified(token)
    return any(token[k:] in stops or simple[k:] in stops for k in range(1, len(token) - 1))
