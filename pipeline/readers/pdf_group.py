"""pdfplumber's word and line grouping, redone without its per-character overhead.

The PDFium reader (``pdf_fast``) hands in pdfplumber-shaped character dicts
(text, x0, x1, top, bottom, size). The functions here give exactly what
pdfplumber's own code gives for them with its default settings
(``chars_to_textmap(...).extract_text_lines()``, ``utils.extract_text``,
``utils.dedupe_chars``), step for step: the same chained clustering of tops,
the same word breaks, the same ligature expansion. They skip pdfplumber's
generic machinery (a dict per word, a text map per page, a regex search over
it), which costs most of the time on a page of a thousand characters.
``tests/test_pdf_group.py`` checks them against pdfplumber.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from operator import itemgetter

X_TOLERANCE = 3.0  # pdfplumber's DEFAULT_X_TOLERANCE
Y_TOLERANCE = 3.0  # pdfplumber's DEFAULT_Y_TOLERANCE
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


def cluster_of(values, tolerance: float) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: sorted distinct values, chained within ``tolerance``."""
    out: dict[float, int] = {}
    index = -1
    last = None
    for value in sorted(set(values)):
        if last is None or value > last + tolerance:
            index += 1
        out[value] = index
        last = value
    return out


TOP, X0, X1, BOTTOM, TEXT = (itemgetter(k) for k in ("top", "x0", "x1", "bottom", "text"))


def char_lines(chars: Sequence[dict]) -> list[list[dict]]:
    """``WordExtractor.iter_chars_to_lines``: cluster by top, then sort each line by x0."""
    if not chars:
        return []
    tops = list(map(TOP, chars))
    index = cluster_of(tops, Y_TOLERANCE)
    keys = [index[t] for t in tops]
    order = sorted(range(len(chars)), key=keys.__getitem__)
    lines: list[list[dict]] = []
    last = None
    for i in order:
        if keys[i] != last:
            lines.append([])
            last = keys[i]
        lines[-1].append(chars[i])
    for line in lines:
        line.sort(key=X0)
    return lines


def words_of(line: Sequence[dict]) -> list[list[dict]]:
    """``WordExtractor.iter_chars_to_words`` (ltr): blanks end a word and are dropped.

    A new word also starts where a character begins more than X_TOLERANCE after
    the previous one ends, or sits more than Y_TOLERANCE higher or lower.
    (pdfplumber also breaks when x0 goes back; a line sorted by x0 never does.)
    """
    words: list[list[dict]] = []
    current: list[dict] = []
    prev_x1 = prev_top = 0.0
    for ch in line:
        text = ch["text"]
        if not text or text.isspace():
            if current:
                words.append(current)
                current = []
            if not text:  # "" is in pdfplumber's empty split_at_punctuation: a word of its own
                words.append([ch])
            continue
        top = ch["top"]
        if current and (ch["x0"] > prev_x1 + X_TOLERANCE or abs(top - prev_top) > Y_TOLERANCE):
            words.append(current)
            current = [ch]
        else:
            current.append(ch)
        prev_x1, prev_top = ch["x1"], top
    if current:
        words.append(current)
    return words


def page_words(chars: Sequence[dict]) -> list[list[dict]]:
    return [word for line in char_lines(chars) for word in words_of(line)]


def text_lines(chars: Sequence[dict]) -> list[dict]:
    """``chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True)``.

    Each line: x0, top, x1, bottom and its chars (blanks dropped; a ligature
    appears once per letter it expands to, as in pdfplumber).
    """
    words = page_words(chars)
    if not words:
        return []
    tops = [min(map(TOP, word)) for word in words]
    index = cluster_of(tops, Y_TOLERANCE)
    groups: list[list[dict]] = []
    last = None
    for top, word in zip(tops, words, strict=True):
        key = index[top]
        if key != last:
            groups.append([])
            last = key
        groups[-1].extend(word)
    lines = []
    expand = not LIGATURES.keys().isdisjoint(map(TEXT, chars)) or "" in map(TEXT, chars)
    for line_chars in groups:
        if expand:
            line_chars = [ch for ch in line_chars for _ in LIGATURES.get(ch["text"], ch["text"])]
            if not line_chars:
                continue
        lines.append({
            "x0": min(map(X0, line_chars)),
            "top": min(map(TOP, line_chars)),
            "x1": max(map(X1, line_chars)),
            "bottom": max(map(BOTTOM, line_chars)),
            "chars": line_chars,
        })
    return lines


def extract_text(chars: Sequence[dict]) -> str:
    """``pdfplumber.utils.extract_text(chars)`` (not layout): words by line, lines by newline."""
    words = page_words(chars)
    if not words:
        return ""
    tops = [min(map(TOP, word)) for word in words]
    index = cluster_of(tops, Y_TOLERANCE)
    ordered = sorted(zip(tops, words, strict=True), key=lambda tw: index[tw[0]])
    return "\n".join(
        " ".join("".join(LIGATURES.get(ch["text"], ch["text"]) for ch in word) for _, word in group)
        for _, group in groupby(ordered, key=lambda tw: index[tw[0]])
    )


def dedupe_chars(chars: Sequence[dict], tolerance: float = 1.0) -> list[dict]:
    """``pdfplumber.utils.dedupe_chars(chars, tolerance, extra_attrs=("size",))`` for upright chars.

    Characters with the same text and size within ``tolerance`` of each other
    (chained, as pdfplumber clusters) keep only the topmost, then leftmost one.
    """
    order = {id(ch): k for k, ch in enumerate(chars)}
    keep: list[dict] = []
    ordered = sorted(chars, key=lambda ch: (ch["text"], ch["size"]))
    for _, group in groupby(ordered, key=lambda ch: (ch["text"], ch["size"])):
        group = list(group)
        if len(group) == 1:
            keep.extend(group)
            continue
        for y_cluster in clusters(group, "top", tolerance):
            for x_cluster in clusters(y_cluster, "x0", tolerance):
                keep.append(min(x_cluster, key=lambda ch: (ch["top"], ch["x0"])))
    keep.sort(key=lambda ch: order[id(ch)])
    return keep


def clusters(objs: list[dict], key: str, tolerance: float) -> list[list[dict]]:
    """pdfplumber's ``cluster_objects`` (stable within a cluster)."""
    index = cluster_of([o[key] for o in objs], tolerance)
    ordered = sorted(objs, key=lambda o: index[o[key]])
    return [list(g) for _, g in groupby(ordered, key=lambda o: index[o[key]])]
