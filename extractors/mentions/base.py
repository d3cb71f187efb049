"""Shared pieces of the entity grammars: the candidate type, a text view, lexicons, heads.

Every grammar (bilingual, orgs, people, events, places) works on a :class:`TextView` of the
normalized text and returns :class:`Found` candidates whose offsets index the ORIGINAL text,
so ``doc.text[found.start:found.end]`` is always the surface form.

The view exists because a name can be broken by a line wrap that the reader did not join
(「永續 ⏎⏎發展」): between two CJK letters, whitespace that holds a line break, and any
whitespace at all, is dropped from the view; elsewhere a whitespace run holding a line break
becomes one space. Grammars match on the view; :meth:`TextView.span` maps back.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.core.lexicons import read_rows
from extractors.mentions.words import is_stop_token, stop_words, token_ends

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
LABELS = ("ORG", "PERSON", "PLACE", "EVENT")
LATIN_WORDS = re.compile(r"[A-Za-z]+")
QUOTES_SPACE = re.compile(r"[\s「」『』“”\"]")
SPACE_RUN = re.compile(r"\s+")


@dataclass(slots=True)
class Found:
    """One candidate mention. ``start``/``end`` index the original text; ``ext_start`` and
    ``ext_end`` cover the whole construction (quotes and the bracketed English), which
    hides nested candidates such as a place inside an organization's English name.
    A plain slotted dataclass (its constructor is cheap: a document makes hundreds);
    treat it as a value: :meth:`moved` makes a changed copy."""

    start: int
    end: int
    label: str
    rule: str
    name_zh: str | None = None
    name_en: str | None = None
    abbr: str | None = None
    role: str | None = None
    affiliation: str | None = None
    ext_start: int = -1
    ext_end: int = -1
    priority: int = 0

    @property
    def extent(self) -> tuple[int, int]:
        # min(ext_start or start, start), max(ext_end or end, end), without the calls.
        start, end = self.start, self.end
        if 0 <= self.ext_start < start:
            start = self.ext_start
        if self.ext_end >= 0 and self.ext_end > end:
            end = self.ext_end
        return start, end

    def moved(self, **changes) -> Found:
        return replace(self, **changes)


BLANK_RUN = re.compile("[ \u3000\n\r]+")
# A blank run (as BLANK_RUN matches them: maximal) that holds a line break.
BREAK_RUN = re.compile("[ \u3000\r]*\n[ \u3000\n\r]*")


class TextView:
    """The text with in-name line wraps removed, and a map back to original offsets."""

    def __init__(self, text: str):
        self.original = text
        self._boundaries: frozenset[int] | None = None
        self._cuts: list[int] = []
        self.wrap_width = self._wrap_width(text)
        chars: list[str] = []
        index: list[int] = []
        at, n = 0, len(text)
        # Only a blank run that holds a line break may change; the text between such runs
        # is copied a stretch at a time.
        for m in BREAK_RUN.finditer(text):
            i, j = m.span()
            before = text[i - 1] if i > 0 else ""
            after = text[j] if j < n else ""
            if before and after and self._wrapped_line(text, i):
                chars.append(text[at:i])
                index.extend(range(at, i))
                at = j
                if not (CJK_CHAR.match(before) and CJK_CHAR.match(after)):
                    chars.append(" ")
                    index.append(i)
            # else the run is kept verbatim, so an unwrapped text's view is the text itself
        chars.append(text[at:])
        index.extend(range(at, n))
        self.text = "".join(chars)
        self.index = index

    @staticmethod
    def _wrap_width(text: str) -> int:
        """A line at least this long was probably wrapped by the layout (90th percentile of
        the body lines' lengths, less a margin)."""
        lengths = sorted(len(line.strip()) for line in text.split("\n") if len(line.strip()) >= 10)
        if len(lengths) < 5:
            return 10**9
        return max(15, int(lengths[int(len(lengths) * 0.9)] * 0.6))

    def _wrapped_line(self, text: str, at: int) -> bool:
        """Whether the line ending at ``at`` looks hard-wrapped: long, not a table row, not a
        fake-bold heading, not ended by a full stop."""
        line_start = text.rfind("\n", 0, at) + 1
        line = text[line_start:at].strip()
        if "\t" in line or "  " in line or line.endswith(("。", "：", ":")):
            return False
        return len(line) >= self.wrap_width

    @property
    def boundaries(self) -> frozenset[int]:
        """Offsets in the view where a jieba token starts or ends (computed once)."""
        if self._boundaries is None:
            cuts = [0, *token_ends(self.text)]
            self._cuts = cuts
            self._boundaries = frozenset(cuts)
        return self._boundaries

    def cut_before(self, pos: int) -> int | None:
        """The last token boundary strictly before ``pos``."""
        _ = self.boundaries
        i = bisect_left(self._cuts, pos) - 1
        return self._cuts[i] if i >= 0 else None

    def cut_after(self, pos: int) -> int | None:
        """The first token boundary strictly after ``pos``."""
        _ = self.boundaries
        i = bisect_right(self._cuts, pos)
        return self._cuts[i] if i < len(self._cuts) else None

    def trim_left(self, start: int, end: int, min_len: int = 2) -> int:
        """Where a name that ends at ``end`` starts, at or after ``start``: after the last
        stop-word token (由, 與, 參加 …) that leaves at least ``min_len`` characters.
        Tokens come from jieba, so a stop character inside a word (對 in 對話) does not cut."""
        _ = self.boundaries  # computes self._cuts once
        cuts = self._cuts
        i = bisect_left(cuts, start)
        new_start = start
        stops = stop_words()
        while i + 1 < len(cuts) and cuts[i + 1] <= end - min_len:
            token = self.text[cuts[i] : cuts[i + 1]]
            if is_stop_token(token, stops):
                new_start = cuts[i + 1]
            i += 1
        return new_start

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the view span [start, end)."""
        return self.index[start], self.index[end - 1] + 1


@lru_cache(maxsize=None)
def read_words(filename: str) -> tuple[tuple[str, str], ...]:
    """Rows of a one-word-a-line lexicon: (word, optional flag). Comments start with #."""
    return tuple((row[0], row[1] if len(row) > 1 else "") for row in read_rows(filename))


@lru_cache(maxsize=None)
def word_set(filename: str, flag: str | None = None) -> frozenset[str]:
    return frozenset(w for w, f in read_words(filename) if flag is None or f == flag)


def longest_first(words) -> list[str]:
    return sorted(set(words), key=len, reverse=True)


def finditer_from(pattern: re.Pattern[str], starts: re.Pattern[str], text: str):
    """``pattern.finditer(text)`` for a pattern whose every match is non-empty and begins
    where ``starts`` (a character class, maybe with a lookbehind) matches: ``starts`` is
    searched and the pattern tried only there, not at every position (a pattern that
    opens with a lookbehind gives the regex engine no first character to skip ahead to)."""
    pos = 0
    while (hit := starts.search(text, pos)) is not None:
        m = pattern.match(text, hit.start())
        if m is None or m.end() == m.start():
            pos = hit.start() + 1
            continue
        yield m
        pos = m.end()


def literal_trie(words, tail=lambda _word: "") -> str:
    """A regex for any of ``words`` that behaves as their alternation sorted longest first
    (``"|".join(re.escape(w) + tail(w) for w in longest_first(words))``: the same matches,
    tried in the same order on backtracking), written as a trie: a position is tried
    against one path of characters instead of every word. ``tail(w)`` is a zero-width
    assertion that must follow ``w``."""
    root: dict = {}
    for word in set(words):
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[None] = tail(word)

    def emit(node: dict) -> str:
        # Children start with distinct characters: at most one can match, so their order
        # does not matter; a longer word is tried before the one that ends here.
        alts = [re.escape(ch) + emit(child) for ch, child in sorted((k, v) for k, v in node.items() if k is not None)]
        if None not in node:
            return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if not alts:
            return node[None]
        return "(?:" + "|".join(alts) + "|" + node[None] + ")"

    return emit(root) if root else "(?!)"


@lru_cache(maxsize=None)
def suffix_pattern(filename: str, strong_only: bool = False) -> re.Pattern[str]:
    words = [w for w, f in read_words(filename) if not (strong_only and f == "weak")]
    return re.compile("(?:" + "|".join(map(re.escape, longest_first(words))) + ")$")


@lru_cache(maxsize=None)
def suffix_table(filename: str, strong_only: bool = False) -> tuple[frozenset[str], tuple[int, ...]]:
    """The words of :func:`suffix_pattern` and their lengths, longest first."""
    words = frozenset(w for w, f in read_words(filename) if not (strong_only and f == "weak"))
    return words, tuple(sorted({len(w) for w in words}, reverse=True))


def zh_head(name: str, filename: str, strong_only: bool = False) -> str | None:
    """The longest word of the lexicon that ends ``name`` (what ``suffix_pattern``'s
    search finds: its leftmost match), by set look-ups of the name's tails."""
    words, lengths = suffix_table(filename, strong_only)
    if name.endswith("\n") or "" in words:  # ``$`` also matches before a final newline
        m = suffix_pattern(filename, strong_only).search(name)
        return m.group() if m else None
    n = len(name)
    for length in lengths:
        if length <= n and name[n - length :] in words:
            return name[n - length :]
    return None


@lru_cache(maxsize=None)
def en_heads(filename: str) -> frozenset[str]:
    return frozenset(w.lower() for w, _ in read_words(filename))


def en_head_words(name: str) -> list[str]:
    """Candidate head words of an English name, best first: the word before the first
    of/on/for/in (Forum on X, Bank of Japan), the last word, then the first two words
    (International Award X-Y)."""
    words = LATIN_WORDS.findall(name)
    out = []
    for i, word in enumerate(words):
        if i > 0 and word.lower() in ("of", "on", "for", "in"):
            out.append(words[i - 1])
            break
    if words:
        out.append(words[-1])
    out.extend(w for w in words[:2] if w[:1].isupper())
    return out


def en_head(name: str, filename: str) -> str | None:
    """The English head word of ``name`` if it is in the lexicon ``filename``."""
    heads = en_heads(filename)
    for word in en_head_words(name):
        if word.lower() in heads:
            return word
    return None


@lru_cache(maxsize=1)
def not_org_tails() -> dict[str, str]:
    return {w.lower(): kind for w, kind in read_words("en_not_org_tails.txt")}


def not_a_body(name: str) -> bool:
    """A position (Program Director), a document title (… Final Report), by its last word;
    or a generic government (Central Government)."""
    words = LATIN_WORDS.findall(name)
    if not words:
        return False
    kind = not_org_tails().get(words[-1].lower())
    if kind == "document":
        return True
    if words[-1].lower() in ("government", "governments"):
        return all(not_org_tails().get(w.lower()) == "generic" for w in words[:-1])
    return kind == "role" and not any(w.lower() in ("of", "for") for w in words)


@lru_cache(maxsize=8192)
def en_label(name: str) -> str | None:
    """ORG or EVENT from the first candidate head word that either lexicon knows; None for
    a position or a document title (:func:`not_a_body`)."""
    org, event = en_heads("org_heads_en.txt"), en_heads("event_heads_en.txt")
    if not_a_body(name):
        return None
    for word in en_head_words(name):
        if word.lower() in event:
            return "EVENT"
        if word.lower() in org:
            return "ORG"
    return None


@lru_cache(maxsize=8192)
def label_by_heads(name_zh: str | None, name_en: str | None) -> str | None:
    """ORG or EVENT from the heads of a name; None when neither side has a known head."""
    zh = clean_zh(name_zh or "")
    event_zh = zh_head(zh, "event_heads_zh.txt") if zh else None
    org_zh = zh_head(zh, "org_suffixes_zh.txt") if zh else None
    if zh and not event_zh and not org_zh and "：" in zh:
        # 「研討會：主題…」 — the head ends the part before the colon.
        lead = zh.split("：", 1)[0]
        event_zh = zh_head(lead, "event_heads_zh.txt")
    label_en = en_label(name_en or "")
    if label_en == "ORG" and zh and not event_zh and not org_zh and weak_en_head(name_en or ""):
        label_en = None  # 「某某簡訊服務」（… Alert Service）: a service, not a body
    if event_zh and org_zh:
        # 委員會議 ends in both 會議 and 會: the longer head wins.
        return "EVENT" if len(event_zh) >= len(org_zh) else "ORG"
    if event_zh:
        return "EVENT"
    if org_zh:
        return "ORG"
    return label_en


def weak_en_head(name: str) -> bool:
    """Whether the org head word that labels ``name`` is a weak one (Service, Programme)."""
    weak = frozenset(w.lower() for w, flag in read_words("org_heads_en.txt") if flag == "weak")
    org = en_heads("org_heads_en.txt")
    for word in en_head_words(name):
        if word.lower() in org:
            return word.lower() in weak
    return False


def clean_zh(name: str) -> str:
    """A Chinese name without quotes and whitespace."""
    return QUOTES_SPACE.sub("", name)


def clean_en(name: str) -> str:
    return SPACE_RUN.sub(" ", name).strip(" ,，;；")


def has_cjk(text: str) -> bool:
    return bool(CJK_CHAR.search(text))


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# Characters with a normalization boundary before them (no decomposition, combining class
# 0, never the second of a composition): NFKC of a text is NFKC of the pieces between them,
# and a piece that holds only one of them is that character.
STABLE = "\x00-\x7f\u3001\u3002\u3008-\u3011\u25a0\u25a1\u3400-\u4dbf\u4e00-\u9fff"
UNSTABLE_RUN = re.compile(f"[^{STABLE}]+")
# Full-width ASCII forms: NFKC maps each to its ASCII letter, which never composes with
# what precedes it.
FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
COMMON_FULL_WIDTH = "，（）：；"


def nfkc_text(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)`` for a long text: only the pieces around the
    characters NFKC may change are normalized (a report's Chinese and ASCII never change;
    its full-width punctuation does), about twice as fast on a report."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    # A character replaced by its full compatibility decomposition leaves NFKC unchanged:
    # the commonest full-width forms go first, one str.replace each.
    for wide in COMMON_FULL_WIDTH:
        text = text.replace(wide, FULL_WIDTH[wide])
    parts = []
    at = 0
    for m in UNSTABLE_RUN.finditer(text):
        start, end = m.span()
        run = m.group()
        if run in FULL_WIDTH:  # one full-width character between stable ones
            parts.append(text[at:start])
            parts.append(FULL_WIDTH[run])
        else:
            piece = start - 1 if start > 0 else 0  # the stable character before starts the piece
            parts.append(text[at:piece])
            parts.append(unicodedata.normalize("NFKC", text[piece:end]))
        at = end
    parts.append(text[at:])
    return "".join(parts)


JOINERS = "及與暨和"
FIELD_RUN = re.compile(f"[{CJK}]{{2,12}}$")


def join_fields(view: TextView, start: int, is_place=None, max_field: int = 12) -> int:
    """Where a name that starts at ``start`` right after a joiner really starts, when the
    joiner links two fields of one name (科學及技術委員會, 搜索與救援諮詢團, 流行病學暨疾病
    防治中心) rather than two names: the field before it is at least two characters, has
    no organization or event head of its own (台北市政府及… joins two names) and is not a
    place alone (日本及韓國代表處). ``is_place`` tells whether a string is a known place."""
    text = view.text
    while start >= 3 and text[start - 1] in JOINERS:
        if is_place is not None and any(is_place(text[start : start + k]) for k in (2, 3, 4)):
            break  # 會中與某國某部: the name after the joiner starts with its own place
        run = FIELD_RUN.search(text[max(0, start - 13) : start - 1])
        if run is None:
            break
        first = view.trim_left(start - 1 - len(run.group()), start - 1)
        field = text[first : start - 1]
        if not 2 <= len(field) <= max_field or zh_head(field, "org_suffixes_zh.txt") \
                or zh_head(field, "event_heads_zh.txt") or is_place is not None and is_place(field):
            break
        start = first
    return start
