"""Line-level helpers shared by the cover-form, participant and itinerary extractors.

They read normalized text (see ``doc.py``): ``\\t``-separated table rows, or text-dump
rows whose cells are separated by spaces and whose wrapped cells continue on the
following lines.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from extractors.core import numbering
from extractors.core.lexicons import read_rows

CJK_CHARS = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_EDGE = re.compile(f"[{CJK_CHARS}「」『』（）]")

# A numbered heading: 壹、 一、 （一） 第一章 at the start of a line (the numbering grammar's).
HEADING = numbering.HEADING


@dataclass(frozen=True)
class Line:
    """One line of the text: its span and its content (without the line break)."""

    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


_SPLIT: dict[tuple[str, int, int], tuple[Line, ...]] = {}
_SPLIT_KEPT = 4


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` with absolute offsets.

    The last few splits are remembered: the trip extractors each split the whole
    document. Lines are frozen, so the lists share them.
    """
    end = len(text) if end is None else end
    key = (text, start, end)
    lines = _SPLIT.get(key)
    if lines is None:
        lines = _split_lines(text, start, end)
        if len(_SPLIT) >= _SPLIT_KEPT:
            try:
                _SPLIT.pop(next(iter(_SPLIT)), None)
            except (RuntimeError, StopIteration):  # another thread changed it meanwhile
                _SPLIT.clear()
        _SPLIT[key] = lines
    return list(lines)


def _split_lines(text: str, start: int, end: int) -> tuple[Line, ...]:
    new = object.__new__
    lines = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = new(Line)  # Line(pos, stop, ...) without the frozen __init__'s three object.__setattr__
        fields = line.__dict__
        fields["start"] = pos
        fields["end"] = stop
        fields["text"] = text[pos:stop]
        lines.append(line)
        pos = stop + 1
    return tuple(lines)


_SPACES = re.compile(r"\s+")


_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 1 << 14
_FOLDED_LONGEST = 200


def fold_label(text: str) -> str:
    """A header or label for comparison: NFKC, no spaces, lower case, 台→臺.

    Remembered for short texts: one document folds the same line or cell many times
    (each table's header test, each label lookup).
    """
    folded = _FOLDED.get(text)
    if folded is None:
        folded = _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower().replace("台", "臺")
        if len(text) <= _FOLDED_LONGEST:
            if len(_FOLDED) >= _FOLDED_MAX:
                _FOLDED.clear()
            _FOLDED[text] = folded
    return folded


def is_cjk_edge(char: str) -> bool:
    return bool(_CJK_EDGE.match(char))


def join_pieces(pieces: list[str]) -> str:
    """Join wrapped pieces of one cell: CJK edges meet without a space, Latin keeps one."""
    out = ""
    for piece in pieces:
        piece = re.sub(r"\s+", " ", piece).strip()
        if not piece:
            continue
        if out and not (is_cjk_edge(out[-1]) or is_cjk_edge(piece[0])):
            out += " "
        out += piece
    return out


def is_heading(line: str) -> bool:
    return bool(HEADING.match(line))


@lru_cache(maxsize=1)
def header_words() -> dict[str, dict[str, str]]:
    """table -> folded header word -> role, from lexicons/table_headers.tsv."""
    table: dict[str, dict[str, str]] = {}
    for name, role, words in read_rows("table_headers.tsv"):
        for word in words.split("|"):
            table.setdefault(name, {}).setdefault(fold_label(word), role)
    return table


_PREFIX_CACHE: dict[int, tuple[dict[str, str], frozenset[str]]] = {}


def _prefixes(vocab: dict[str, str]) -> frozenset[str]:
    """Every prefix of every word of ``vocab`` (cached per vocabulary object)."""
    cached = _PREFIX_CACHE.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        if len(_PREFIX_CACHE) > 32:
            _PREFIX_CACHE.clear()
        cached = (vocab, frozenset(word[:k] for word in vocab for k in range(len(word) + 1)))
        _PREFIX_CACHE[id(vocab)] = cached
    return cached[1]


def split_header_cells(line: str, vocab: dict[str, str]) -> list[str]:
    """Cells of a header line: tab cells, else space-separated words, re-joining a label
    that the dump spread out (``單       位``, ``日 期``)."""
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")]
    tokens = line.split()
    prefixes = _prefixes(vocab)
    cells: list[str] = []
    i = 0
    while i < len(tokens):
        cell = tokens[i]
        j = i + 1
        # Merge while the merged label is a known word or a prefix of one.
        while j < len(tokens) and fold_label(cell) not in vocab:
            merged = fold_label(cell + tokens[j])
            if merged in prefixes:
                cell += tokens[j]
                j += 1
            else:
                break
        cells.append(cell)
        i = j
    return cells


@lru_cache(maxsize=8)
def any_header_word(table: str) -> re.Pattern[str]:
    """A quick test that a line holds some header word of ``table`` at all."""
    words = sorted(header_words()[table], key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def role_by_part(key: str, vocab: dict[str, str]) -> str | None:
    """The role of a longer header cell (行程及工作內容) by the longest known word in it."""
    if len(key) > 12:
        return None
    words = [word for word in vocab if len(word) >= 2 and word in key]
    return vocab[max(words, key=len)] if words else None


def match_header(line: str, table: str) -> list[str] | None:
    """The role of each column when ``line`` is a header row of ``table``, else None.

    Every cell must be a known header word (empty cells are allowed).
    """
    if len(line) > _REMEMBERED_LINE:
        roles = _header_roles(line, table)
    else:
        roles = _match_header(line, table)
    return None if roles is None else list(roles)


_REMEMBERED_LINE = 200  # longer lines are never headers (80 characters at most) and are not kept


@lru_cache(maxsize=1 << 13)
def _match_header(line: str, table: str) -> tuple[str, ...] | None:
    """:func:`match_header`, remembered: the participant, itinerary and cover-form
    extractors each ask it of the same lines."""
    return _header_roles(line, table)


def _header_roles(line: str, table: str) -> tuple[str, ...] | None:
    vocab = header_words()[table]
    if len(line.strip()) > 80 or not any_header_word(table).search(fold_label(line)):
        return None
    cells = split_header_cells(line.strip(), vocab)
    roles = []
    for cell in cells:
        key = fold_label(cell)
        if not key:
            roles.append("other")
            continue
        role = vocab.get(key) or role_by_part(key, vocab)
        if role is None:
            return None
        roles.append(role)
    if len([r for r in roles if r != "other"]) < 2:
        return None
    return tuple(roles)
