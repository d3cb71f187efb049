"""Display width: the columns a string takes in a CJK monospace layout.

Shared by the text-dump repair (``normalize``) and the table model (``core.table``),
which must agree on them: the repair keeps a wrapped table cell's indent in spaces, and
the table model reads its column back from that indent.
"""

from __future__ import annotations

import unicodedata


def char_width(ch: str) -> int:
    """Columns one character takes in a CJK monospace layout (0, 1 or 2).

    East Asian wide and fullwidth characters take 2. Ambiguous punctuation and
    symbols (—, …, “, ○, ※) are drawn wide in CJK fonts, so they take 2 too,
    but ambiguous letters (é, Greek, Cyrillic) take 1.
    """
    if ch < "\u0300":
        return 0 if ch < " " and ch != "\t" else 1
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf"):
        return 0
    eaw = unicodedata.east_asian_width(ch)
    if eaw in ("W", "F"):
        return 2
    if eaw == "A" and not category.startswith("L"):
        return 2
    return 1


class _WidthTable(dict):
    """char -> width, filled on first sight (a document uses few distinct characters)."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = char_width(ch)
        return width


_WIDTHS = _WidthTable()


def display_width(s: str) -> int:
    """Columns a string takes when CJK characters count double.

    >>> display_width("摘要 ab")
    7
    """
    if s.isascii():
        return len(s)
    return sum(map(_WIDTHS.__getitem__, s))
