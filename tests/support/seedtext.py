"""Test tooling only: a rough stand-in for the readers' normalization of the seed files.

The real readers (pipeline/readers) are written in parallel; these tests need only the
conventions of extractors/doc.py that matter to the trip extractors.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The repository's copies when present, else the shared originals.
SEEDS = next(
    (p for p in (ROOT / "data" / "raw", Path("/work/shared/reports")) if list(p.glob("0*_*.txt"))), ROOT
)
GOLD = next((p for p in (ROOT / "tests" / "gold", Path("/work/shared/gold")) if list(p.glob("*.json"))), ROOT)


def collapse_fake_bold(line: str) -> str:
    """Collapse runs repeated four times (``壹壹壹壹、、、、``, ``摘要摘要摘要摘要``)."""
    return re.sub(r"(.{1,12}?)\1\1\1", r"\1", line)


def normalize(text: str) -> str:
    text = text.replace('<input checked="" type="checkbox"/>', "■").replace('<input type="checkbox"/>', "□")
    text = re.sub(r"</p>\s*<p>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"^#+\s*", "", line)
        line = collapse_fake_bold(line).rstrip(" \t")
        lines.append(line)
    return "\n".join(lines)


def seed_text(prefix: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return normalize(path.read_text(encoding="utf-8"))
