"""Test tooling for the seed reports: a light normalization and the gold's dates F1.

The real readers (pipeline/readers) are written in parallel; this only does what the date
tests need: collapse the x4 fake-bold runs of the text dumps and strip markdown/HTML tags.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = ("000_4fc28645e15cc52a", "002_db59ea7e1ec3d519")


def _seed_dirs() -> tuple[Path, Path]:
    """(reports, gold): the repository's sample data, else the shared folder."""
    if (REPO / "tests" / "gold").is_dir() and (REPO / "data" / "raw").is_dir():
        return REPO / "data" / "raw", REPO / "tests" / "gold"
    return Path("/work/shared/reports"), Path("/work/shared/gold")


REPORTS, GOLD = _seed_dirs()

_FAKE_BOLD = re.compile(r"((?:(?![\d\s]).)+?)\1{3}")
_TAG = re.compile(r"<[^>\n]*>")
_HEADING = re.compile(r"^#+ ", re.M)


_BREAK = re.compile(r"([ ]*\n(?:[ ]*\n)?[ ]*)")
_CLOSING = set("。：:；;！？!?」）)")
_RUNS_ON = re.compile(r"[\u3400-\u9fff0-9至到~～－、「（(]")


def normalize_seed(text: str, *, join_wraps: bool = True) -> str:
    """Strip tags, collapse fake bold, and join hard-wrapped lines of running text."""
    text = _TAG.sub("", text)
    text = _HEADING.sub("", text)
    text = _FAKE_BOLD.sub(r"\1", text)
    return _join_wraps(text) if join_wraps else text


def _join_wraps(text: str) -> str:
    """Join a line that runs on: a long line without closing punctuation, then CJK text or digits."""
    parts = _BREAK.split(text)
    out = parts[0]
    for i in range(1, len(parts), 2):
        brk, nxt = parts[i], parts[i + 1]
        last_line = out.rsplit("\n", 1)[-1].rstrip()
        if len(last_line) >= 25 and last_line[-1] not in _CLOSING and _RUNS_ON.match(nxt[:1]):
            out += nxt
        else:
            out += brk + nxt
    return out


def load_seed(name: str) -> tuple[str, dict]:
    text = (REPORTS / f"{name}.txt").read_text(encoding="utf-8")
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    return normalize_seed(text), gold


def dates_f1(rows, gold: dict) -> tuple[float, set, set]:
    """Set-of-intervals F1 per the gold README; a null interval counts as a false find."""
    required = {(date.fromisoformat(g["start"]), date.fromisoformat(g["end"])) for g in gold["dates"] if not g.get("optional")}
    optional = {(date.fromisoformat(g["start"]), date.fromisoformat(g["end"])) for g in gold["dates"] if g.get("optional")}
    predicted = {(r.start, r.end) for r in rows} - (optional - required)
    hits = predicted & required
    p = len(hits) / len(predicted) if predicted else 0.0
    r = len(hits) / len(required) if required else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f1, predicted - required, required - predicted
