"""Test tooling: a light normalization of the seed reports (not the readers' full one)."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "data" / "raw"
GOLD_DIRS = (ROOT / "tests" / "gold", Path("/work/shared/gold"))


def collapse_fake_bold(text: str) -> str:
    """Runs repeated four times in text dumps (會會會會議活動…議活動…) become one."""
    text = re.sub(r"(.)\1\1\1", r"\1", text)
    # A phrase repeated four times in a row: 出國人員名單出國人員名單…
    return re.sub(r"(.{2,20}?)\1\1\1", r"\1", text)


def strip_tags(text: str) -> str:
    text = re.sub(r'<input[^>]*checked[^>]*>', "■", text)
    text = re.sub(r"<input[^>]*>", "□", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"^#+\s*", "", text, flags=re.M)


def light_normalize(text: str) -> str:
    text = strip_tags(collapse_fake_bold(text))
    return "\n".join(line.rstrip() for line in text.split("\n"))


def seed_texts() -> dict[str, str]:
    return {p.stem: light_normalize(p.read_text(encoding="utf-8")) for p in sorted(SEED_DIR.glob("*.txt"))}


def gold_for(stem: str) -> dict | None:
    for folder in GOLD_DIRS:
        path = folder / f"{stem}.json"
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    return None
