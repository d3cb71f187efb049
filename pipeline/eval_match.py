"""Matching primitives for ``pipeline eval``: name normalization and one-to-one matching.

The rules come from ``tests/gold/README.md`` (a copy of the shared gold README):

- normalize: Unicode NFKC, lower-case, remove all whitespace and the quotes
  「」『』“”"'‘’《》〈〉, drop one leading ``mr.``/``ms.``/``mrs.``/``dr.``, strip
  ``：:，,。.、;；()（）-—`` from both ends, in that order;
- two names match when their normalized forms are equal, or when both have at least
  6 characters and rapidfuzz ``fuzz.ratio`` is at least 92.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from rapidfuzz import fuzz

QUOTES = "「」『』“”\"'‘’《》〈〉"
END_PUNCTUATION = "：:，,。.、;；()（）-—"
TITLE_PREFIXES = ("mr.", "ms.", "mrs.", "dr.")
FUZZY_NAME_MIN_CHARS = 6
FUZZY_NAME_RATIO = 92.0

_DROP = re.compile(r"\s+|[" + re.escape(QUOTES) + "]")

G = TypeVar("G")
P = TypeVar("P")


def normalize_name(text: str | None) -> str:
    """The comparison form of a name, title or place ('' for None).

    Example:
        >>> normalize_name(" Dr. 「Jane  Doe」。")
        'janedoe'
    """
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text)).lower()
    value = _DROP.sub("", value)
    for prefix in TITLE_PREFIXES:
        if value.startswith(prefix):
            value = value[len(prefix):]
            break
    return value.strip(END_PUNCTUATION)


def normalized_ratio(a: str | None, b: str | None) -> float:
    """rapidfuzz ``fuzz.ratio`` of the normalized forms (0..100)."""
    return fuzz.ratio(normalize_name(a), normalize_name(b))


def names_match(a: str, b: str) -> bool:
    """Whether two ALREADY NORMALIZED names match (equal, or fuzzy for long names).

    An empty name matches nothing, so a null field can never make a hit.
    """
    if not a or not b:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) < FUZZY_NAME_MIN_CHARS:
        return False
    return fuzz.ratio(a, b, score_cutoff=FUZZY_NAME_RATIO) >= FUZZY_NAME_RATIO


def any_name_matches(names: Iterable[str], others: Iterable[str]) -> bool:
    """Whether some name of ``names`` matches some name of ``others`` (both normalized)."""
    others = [o for o in others if o]
    exact = set(others)
    candidates = [n for n in names if n]
    if any(n in exact for n in candidates):
        return True
    return any(names_match(n, o) for n in candidates for o in others)


def digits(text: str | None) -> str:
    """Only the decimal digits of a phone number, after NFKC (full-width digits count)."""
    if text is None:
        return ""
    return "".join(ch for ch in unicodedata.normalize("NFKC", str(text)) if ch.isdigit())


def iso_date(value: object) -> str | None:
    """An ISO day string from a date, datetime or string (None stays None)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text[:10] if text else None


def match_one_to_one(
    gold: Sequence[G], predicted: Sequence[P], accepts: Callable[[G, P], bool]
) -> dict[int, int]:
    """A maximum one-to-one matching: gold index -> predicted index.

    Each predicted row can hit at most one gold row and the reverse, and the number of
    pairs is as large as possible (Kuhn's augmenting paths), so the order of rows never
    changes a score. Sizes here are tens of rows per document, so the simple algorithm
    is plenty.
    """
    options = [[j for j, p in enumerate(predicted) if accepts(g, p)] for g in gold]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        if options[i]:
            augment(i, set())
    return {i: j for j, i in owner.items()}


# --- scores --------------------------------------------------------------------------------


@dataclass
class Score:
    """Counts of one area: true finds, false finds, misses; P/R/F1 follow from them.

    As in spaCy's ``PRFScore``, a ratio with a zero denominator is 0.0.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def is_blank(value: object) -> bool:
    """None, an empty or all-space string, or an empty list: "predicted nothing"."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return len(value) == 0
    return False
