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


def join_wraps(text: str) -> str:
    """What a reader's wrap-joining gives (roughly): a long line that does not end a
    sentence runs on into the next non-blank line; CJK joins without a space."""
    lines = [line for line in text.split("\n")]
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) >= 10)
    width = lengths[int(len(lengths) * 0.9)] * 0.6 if lengths else 10**9
    out: list[str] = []
    pending = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if not pending:
                out.append("")
            continue
        if pending and out:
            joiner = "" if re.match(r"[\u3400-\u9fff（「]", stripped) or re.search(r"[\u3400-\u9fff]$", out[-1]) else " "
            out[-1] = out[-1].rstrip() + joiner + stripped
        else:
            out.append(stripped)
        last = out[-1]
        pending = len(stripped) >= width and "\t" not in stripped and not last.endswith(("。", "：", ":"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out))
