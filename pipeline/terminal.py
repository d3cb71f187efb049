"""Text from files (paths, messages, extracted values) made safe to print on a terminal.

A file name can hold ANSI escape sequences, bidi overrides, bytes that are not
UTF-8 (surrogate-escaped by Python) or Rich markup (``x[/]bad.pdf``); printed as
they are, they would drive the terminal, crash the print, or raise Rich's
MarkupError after the tables are written.
"""

from __future__ import annotations

import re

# C0 and C1 controls (ESC starts ANSI sequences), DEL, bidi embeddings and isolates, lone surrogates
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(text: object) -> str:
    """``text`` with every control, bidi and surrogate character written as an escape."""
    return _UNSAFE.sub(_visible, str(text))


def safe(text: object) -> str:
    """``plain(text)`` with Rich markup escaped, ready for ``console.print``."""
    from rich.markup import escape  # rich is imported only when something is printed

    return escape(plain(text))
