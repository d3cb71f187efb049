"""Character-level helpers: display widths, checkboxes, mojibake, tidy-up.

The lowest layer of the text helpers; :mod:`extractors.normalize.repair` re-exports
the public names. Numbering markers are :mod:`extractors.core.numbering`'s.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from extractors.core.doc import CHECKED, UNCHECKED

# Display widths live in core.width (the table model reads columns with them too).
from extractors.core.width import _WIDTHS, char_width, display_width  # noqa: F401

# --------------------------------------------------------------------------
# Characters and widths

_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x85\u2028\u2029]")
# Controls other than \t \n \f, zero-width characters, soft hyphen, stray BOMs.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f]")

_CHECKED_GLYPHS = "☑☒✓✔✅🗹🗷⊠▣\uf0fe\uf0fd"
_UNCHECKED_GLYPHS = "☐▢\uf0a8\uf06f"
_CHECKBOX_GLYPH = re.compile(f"[{_CHECKED_GLYPHS}{_UNCHECKED_GLYPHS}]|[\\[【]")
_CHECKBOX_TABLE = str.maketrans(
    {**{c: CHECKED for c in _CHECKED_GLYPHS}, **{c: UNCHECKED for c in _UNCHECKED_GLYPHS}}
)
# A V or an X typed between brackets is a ticked box; empty brackets an empty one.
_BRACKET_CHECKED = re.compile(r"\[[VvXx✓✔]\]|【\s*[VvＶｖ✓✔]\s*】")
_BRACKET_UNCHECKED = re.compile(r"\[ \]|【[ \u3000]】")


def is_wide(ch: str) -> bool:
    """True for a character that takes two columns (CJK and its punctuation)."""
    return _WIDTHS[ch] == 2


def normalize_checkboxes(text: str) -> str:
    """One checkbox alphabet: ticked boxes become ■, empty ones □.

    >>> normalize_checkboxes("☑ 是 ☐ 否 [V] 開會")
    '■ 是 □ 否 ■ 開會'
    """
    if not _CHECKBOX_GLYPH.search(text):
        return text
    text = text.translate(_CHECKBOX_TABLE)
    text = _BRACKET_CHECKED.sub(CHECKED, text)
    return _BRACKET_UNCHECKED.sub(UNCHECKED, text)


# A UTF-8 lead byte read as cp1252/latin-1, then a continuation byte read so.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def _undo_mojibake(line: str) -> str | None:
    raw = bytearray()
    for ch in line:
        if ord(ch) < 0x100:
            raw.append(ord(ch))
        else:
            try:
                raw += ch.encode("cp1252")
            except UnicodeEncodeError:
                return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as cp1252 and saved again, line by line.

    A line changes only when all of it decodes back to UTF-8, so real Latin
    text (café, Müller) is never touched.

    >>> repair_mojibake("åƒ‘å‹™å§”å“¡æœƒ")
    '僑務委員會'
    """
    if not _MOJIBAKE.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MOJIBAKE.search(line):
            fixed = _undo_mojibake(line)
            if fixed is not None:
                lines[i] = fixed
    return "\n".join(lines)


MAX_COMBINING_RUN = 32  # marks kept on one base character; no script stacks more
# Runs of characters outside Latin, CJK and Hangul: where long runs of combining marks can hide.
_MAYBE_MARKS = re.compile(f"[^\x00-\u02ff\u3000-\u9fff\uac00-\ud7a3\uff00-\uffef]{{{MAX_COMBINING_RUN + 1},}}")


def _trim_marks(match: re.Match[str]) -> str:
    out: list[str] = []
    run = 0
    for ch in match.group():
        run = run + 1 if unicodedata.combining(ch) else 0
        if run <= MAX_COMBINING_RUN:
            out.append(ch)
    return "".join(out)


def nfc(text: str) -> str:
    """NFC, after cutting every run of combining marks to ``MAX_COMBINING_RUN``.

    Canonical ordering is quadratic in the length of a run of marks (100,000 of
    them took minutes, and no alarm can interrupt it); a real text never stacks
    more than a few on one character.

    >>> len(nfc("a" + "\u0301\u0316" * 1000)) <= 1 + MAX_COMBINING_RUN  # á composes: 32 here
    True
    """
    if _MAYBE_MARKS.search(text):
        text = _MAYBE_MARKS.sub(_trim_marks, text)
    return unicodedata.normalize("NFC", text)


def tidy_text(text: str) -> str:
    """The conventions every reader guarantees, applied to finished text.

    NFC, ``\\n`` line ends, no invisible characters, non-breaking spaces as
    plain spaces, one checkbox alphabet, no trailing whitespace, at most one
    blank line in a row, no blank lines at either end.
    """
    text = nfc(text)
    text = _LINE_BREAKS.sub("\n", text).replace("\f", "\n\n")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = normalize_checkboxes(text)
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


@functools.cache
def _bmp_widths():  # -> numpy array; numpy is imported late
    """char_width of every BMP character, computed once per process (~0.1 s)."""
    import numpy as np

    table = np.fromiter((char_width(chr(c)) for c in range(0x10000)), dtype=np.int32, count=0x10000)
    table[0xD800:0xE000] = 1  # lone surrogates
    return table


def line_widths(lines: Sequence[str]) -> list[int]:
    """display_width of many lines at once (numpy over the joined text)."""
    import numpy as np

    text = "\n".join(lines)
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # Beyond the BMP (CJK extension B and on) a character is wide.
    widths = np.where(codes < 0x10000, _bmp_widths()[np.minimum(codes, 0xFFFF)], 2)
    total = np.concatenate(([0], np.cumsum(widths)))
    lengths = np.fromiter((len(line) for line in lines), dtype=np.int64, count=len(lines))
    ends = np.cumsum(lengths + 1) - 1
    starts = ends - lengths
    return (total[ends] - total[starts]).tolist()



def clean_raw_text(raw: str) -> str:
    """NFC, ``\\n`` line ends, no invisible characters, plain spaces, one checkbox alphabet.

    Unlike :func:`tidy_text` it keeps form feeds, blank runs and trailing spaces,
    which the dump repair still reads.
    """
    raw = nfc(raw)
    raw = _LINE_BREAKS.sub("\n", raw)
    raw = _INVISIBLE.sub("", raw)
    raw = _SPACES.sub(" ", raw)
    return normalize_checkboxes(raw)


# What a page of a report is written in: ASCII letters, digits and common punctuation, CJK
# (ideographs, punctuation, full-width forms, kana, bopomofo), general punctuation, symbols.
_NOT_LANGUAGE = re.compile(
    "\\(cid:\\d+\\)"  # a glyph pdfminer could not map
    "|[\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd]"  # private use, replacement
    "|[\x00-\x08\x0e-\x1f\x7f-\x9f]"  # controls
    "|[#$%&*+<=>@\\[\\\\\\]^_`{|}~]"  # ASCII symbols: rare in prose, common when codes show as ASCII
    "|[\u00a0-\u02ff]"  # Latin-1 and Latin Extended: what a wrong font's codes show as (mojibake)
)


def garbage_share(text: str) -> float:
    """The share of a text's visible characters that are not language: unmapped glyphs
    ``(cid:N)``, private-use and replacement characters, controls, and the ASCII symbols and
    Latin-1 letters that glyph codes read through a wrong font turn into.

    >>> garbage_share("本次出國參加國際研討會 (ICLR 2024)。")
    0.0
    >>> garbage_share("\ue021\ue022\ue023") == 1.0
    True
    """
    visible = len(text) - sum(map(str.isspace, text))
    if not visible:
        return 0.0
    bad = sum(len(m.group()) for m in _NOT_LANGUAGE.finditer(text))
    bad += sum(len(m.group()) for m in _ASCII_RUN.finditer(text) if _jumbled(m.group()))
    return min(1.0, bad / visible)


_ASCII_RUN = re.compile(r"[!-~]{16,}")  # a long stretch of ASCII without a space: no prose word is so long
def _kind(ch: str) -> int:
    return 0 if ch.islower() else 1 if ch.isupper() else 2 if ch.isdigit() else 3


def _jumbled(run: str) -> bool:
    """Glyph codes shown as ASCII: lower case, upper case, digits and symbols change every
    character or two (a word, a number, an identifier or a path keeps each for longer)."""
    if "/" in run:  # a URL or a path
        return False
    kinds = [_kind(ch) for ch in run]
    changes = sum(a != b for a, b in zip(kinds, kinds[1:], strict=False))
    return changes * 2 >= len(run)
