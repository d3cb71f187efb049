"""Fake bold and spaced-out CJK in text dumps of PDFs.

A PDF drawn in fake bold (the same glyphs printed two to four times) dumps as
``壹壹壹壹、、、、    摘要摘要摘要摘要``; some transcripts put a space between
every CJK character. These helpers undo both without touching real repeats.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from extractors.core.numbering import CJK_NUM, FORMAL_NUM, strip_marker_padding
from extractors.normalize.chars import is_wide

# --------------------------------------------------------------------------
# Fake bold

# A unit repeated four times in a row (lazy: the shortest unit wins, so
# 會會會會議活動議活動議活動議活動 is 會×4 then 議活動×4).
_RUN4 = re.compile(r"(.{1,40}?)\1{3}")
_RUN2 = re.compile(r"(\S.{0,39})\1")
_RUN3 = re.compile(r"(\S.{0,39})\1\1")
_MAX_DOUBLED_LINE = 400  # longer lines are body text, never a whole bold line


def _visible(s: str) -> int:
    """Characters that are not white space."""
    return len("".join(s.split()))


def _has_letter(s: str) -> bool:
    return any(ch.isalpha() for ch in s)


_WINDOWED = 2000  # lines at least this long search only where a ×4 run can start


def _run4_windows(line: str) -> list[tuple[int, int]]:
    """Spans of ``line`` that hold every match of ``_RUN4``, merged, in order.

    A run of unit length L starting at s has ``line[s] == line[s+L] == line[s+2L] ==
    line[s+3L]`` and ends by s + 4L <= s + 160; numpy finds every such s at once. The
    regex then finds the same matches in these spans as in the whole line, without
    trying 40 unit lengths at every position of a long line of plain prose.
    """
    import numpy as np  # a pandas dependency; imported late to keep the module light

    codes = np.frombuffer(line.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    n = len(codes)
    starts = np.zeros(n, dtype=bool)
    for unit in range(1, 41):
        if 4 * unit > n:
            break
        same = codes[:-unit] == codes[unit:]
        span = n - 3 * unit
        starts[:span] |= same[:span] & same[unit : unit + span] & same[2 * unit : 2 * unit + span]
    positions = np.flatnonzero(starts)
    if not len(positions):
        return []
    reach = 4 * 40 + 1
    breaks = np.flatnonzero(np.diff(positions) > reach)
    firsts = np.concatenate(([positions[0]], positions[breaks + 1]))
    lasts = np.concatenate((positions[breaks], [positions[-1]]))
    return [(int(a), min(int(b) + reach, n)) for a, b in zip(firsts, lasts, strict=True)]


def _run4_matches(line: str, *, windowed: int = _WINDOWED) -> list[re.Match[str]]:
    """``_RUN4.finditer(line)`` as a list; a long line is searched only in its windows."""
    if len(line) < windowed:
        return list(_RUN4.finditer(line))
    return [m for start, end in _run4_windows(line) for m in _RUN4.finditer(line, start, end)]


def _collapse_runs4(line: str) -> str:
    """Collapse ×4 runs; a run of digits or punctuation only next to a run with letters."""
    matches = [m for m in _run4_matches(line) if not m.group(1).isspace()]
    if not matches:
        return line
    # Group runs that touch (only whitespace between them): a bold heading.
    groups: list[list[re.Match[str]]] = []
    for m in matches:
        if groups and not line[groups[-1][-1].end() : m.start()].strip():
            groups[-1].append(m)
        else:
            groups.append([m])
    out: list[str] = []
    pos = 0
    for group in groups:
        if not any(_has_letter(m.group(1)) for m in group):
            continue  # 1111, ----, ....: real repeats
        for m in group:
            out.append(line[pos : m.start()])
            out.append(m.group(1))
            pos = m.end()
    out.append(line[pos:])
    return "".join(out)


def _doubled_coverage(line: str, pattern: re.Pattern[str]) -> tuple[float, int, int, bool]:
    """Share of non-space characters inside k-fold runs, runs, letters kept, any CJK kept."""
    total = _visible(line)
    if total == 0:
        return 0.0, 0, 0, False
    covered = runs = kept = 0
    wide = False
    for m in pattern.finditer(line):
        unit = m.group(1)
        covered += _visible(m.group(0))
        runs += 1
        kept += sum(map(str.isalpha, unit))
        wide = wide or any(ch.isalpha() and is_wide(ch) for ch in unit)
    return covered / total, runs, kept, wide


def _may_be_covered(line: str, visible: str) -> bool:
    """Whether k-fold runs could cover 80% of the visible characters (what
    :func:`_collapse_whole_line` asks of ``_RUN2`` and ``_RUN3``).

    A character inside such a run has a copy of itself at most 40 places away (the
    unit length), so one without such a copy is never covered. Counting those is
    linear; the run patterns try 40 unit lengths at every position. False means
    neither pattern can reach the 80%; True means they must be run.
    """
    total = len(visible)
    counts = Counter(visible)
    if 5 * sum(n for n in counts.values() if n > 1) < 4 * total:
        return False
    last: dict[str, int] = {}
    near: set[int] = set()
    for i, ch in enumerate(line):
        if ch.isspace():
            continue
        j = last.get(ch)
        if j is not None and i - j <= 40:
            near.add(i)
            near.add(j)
        last[ch] = i
    return 5 * len(near) >= 4 * total


def _collapse_whole_line(line: str) -> str | None:
    """Undo ×2 or ×3 fake bold when most of the line is doubled, else None."""
    if len(line) > _MAX_DOUBLED_LINE or len(set(line)) - 1 > 0.6 * len(line):
        return None
    visible = "".join(line.split())
    # A doubled line uses few distinct characters: at most about 0.2n + 0.8n/2.
    if len(visible) < 4 or len(set(visible)) > 0.6 * len(visible):
        return None
    if not _may_be_covered(line, visible):
        return None
    best: tuple[float, re.Pattern[str]] | None = None
    for pattern in (_RUN2, _RUN3):
        coverage, runs, kept, wide = _doubled_coverage(line, pattern)
        if coverage < 0.8:
            continue
        # 謝謝 or 時時刻刻 alone is real text: ask for three kept letters, or
        # one repeated CJK unit of two or more (摘要摘要). Latin needs three
        # runs (UUCCLLGG), so bonbon and tutu stay.
        if wide:
            if kept < 3 and not (runs == 1 and kept >= 2):
                continue
        elif runs < 3 or kept < 3:
            continue
        if best is None or coverage > best[0]:
            best = (coverage, pattern)
    if best is None:
        return None
    return best[1].sub(lambda m: m.group(1), line)


def find_run4_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines that may hold a run repeated four times.

    A necessary condition, tested on the whole text at once with numpy: some
    character equals the ones L, 2L and 3L further on (L <= 40), and for
    L > 1 so does the next one. Running the exact regex only on those lines
    keeps a 10 MB dump fast.
    """
    import numpy as np  # a pandas dependency; imported late to keep the module light

    text = "\n".join(lines)
    if len(text) < 8:
        return set(range(len(lines)))
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    hit = np.zeros(len(codes), dtype=bool)
    for unit in range(1, 41):
        if 3 * unit >= len(codes):
            break
        same = codes[:-unit] == codes[unit:]
        span = len(same) - 2 * unit
        four = same[:span] & same[unit : unit + span] & same[2 * unit : 2 * unit + span]
        if unit > 1:
            # Every character of a real unit repeats, so two neighbours do;
            # chance coincidences in Latin text rarely line up twice.
            four[:-1] &= four[1:]
            four[-1] = False
        hit[:span] |= four
    hit &= (codes != 10) & (codes != 32)  # blank lines and spaces are not runs
    positions = np.flatnonzero(hit)
    if not len(positions):
        return set()
    starts = np.cumsum([0] + [len(line) + 1 for line in lines[:-1]])
    return set(np.searchsorted(starts, positions, side="right") - 1)


def _may_be_bold(line: str) -> bool:
    """Cheap test: could whole-line doubling or marker padding apply?"""
    return len(line) >= 4 and (
        line.lstrip()[:1] in _MARKER_FIRST or len(set(line)) - 1 <= 0.6 * len(line)
    )


_MARKER_FIRST = set(FORMAL_NUM + CJK_NUM + "0123456789０１２３４５６７８９（(")


def collapse_fake_bold(line: str, *, runs4: bool = True) -> str:
    """Undo fake bold in one line of a text dump.

    A line that is mostly doubled or tripled is collapsed (again, while it
    stays so: ×4 is ×2 twice). Then any run repeated four times collapses, but
    a run of digits or punctuation only inside a bold heading, so 1111 and
    ---- survive. Real repeats (與與會者, 謝謝, 常常) are never most of a line.
    ``runs4=False`` skips the second step (the caller knows, from
    :func:`find_run4_lines`, that the line has no such run).

    >>> collapse_fake_bold("壹壹壹壹、、、、    摘要摘要摘要摘要")
    '壹、摘要'
    >>> collapse_fake_bold("由與與會者及謝謝大家")
    '由與與會者及謝謝大家'
    """
    if len(line) < 4:
        return line
    if runs4:
        # A line drawn ×4 throughout shrinks to a quarter in one pass.
        collapsed = _collapse_runs4(line)
        if _visible(collapsed) * 3 <= _visible(line):
            return strip_marker_padding(collapsed)
    for _ in range(3):
        collapsed = _collapse_whole_line(line)
        if collapsed is None or collapsed == line:
            break
        line = collapsed
    if runs4:
        line = _collapse_runs4(line)
    if line.lstrip()[:1] in _MARKER_FIRST:
        line = strip_marker_padding(line)
    return line


# --------------------------------------------------------------------------
# Spaced-out CJK (「培 育 我 國」: some PDF transcripts put a space between characters)

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff01-\uff60\u3001-\u303f"
# The space first (then a look back at the character before it): a literal start lets
# the regex engine jump from space to space instead of trying every position.
_SPACED_PAIR = re.compile(f" (?<=[{_CJK}] )(?=[{_CJK}])")
_TIGHT_PAIR = re.compile(f"[{_CJK}](?=[{_CJK}])")
_CJK_RUN = re.compile(f"[{_CJK}]+")


def count_tight_pairs(text: str) -> int:
    """``len(_TIGHT_PAIR.findall(text))``: a run of k CJK characters holds k - 1 pairs.

    One string per run instead of one per character.
    """
    runs = _CJK_RUN.findall(text)
    return sum(map(len, runs)) - len(runs)


def collapse_cjk_spacing(line: str) -> str:
    """Remove the single spaces a transcript put between CJK characters.

    Only when the line is spaced out throughout (four spaced pairs for every
    tight one, at least four), so a table row like 日期 地點 行程 stays.

    >>> collapse_cjk_spacing("培 育 我 國 國 際 事 務 人 才")
    '培育我國國際事務人才'
    """
    spaced = len(_SPACED_PAIR.findall(line))
    if spaced < 4 or spaced < 4 * count_tight_pairs(line):
        return line
    return _SPACED_PAIR.sub("", line)


