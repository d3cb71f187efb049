"""Test tooling only: approximate the readers' normalization of the seed reports.

The real readers are written elsewhere; this keeps seed-based section tests
independent of them. It collapses runs repeated four times (fake bold in text
dumps), strips markdown/HTML markup, turns HTML checkboxes into ■/□ and keeps
joins hard-wrapped lines (a long line that does not end a sentence, followed by
a line that does not start with a marker), one paragraph per line, paragraphs
separated by a blank line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from extractors.core.numbering import parse_marker

_FOUR_TIMES = re.compile(r"(.+?)\1\1\1")
_TAG = re.compile(r"<[^>]+>")
_WRAP_MIN = 30  # a raw line at least this long may be a hard-wrapped one


def normalize_seed(raw: str) -> str:
    raw = raw.replace("\r\n", "\n")
    raw = re.sub(r"<input[^>]*checked[^>]*>", "■", raw)
    raw = re.sub(r"<input[^>]*>", "□", raw)
    raw = re.sub(r"</p>\s*<p>", "\n", raw)
    lines = []
    for line in raw.split("\n"):
        line = _TAG.sub("", line)
        line = _FOUR_TIMES.sub(r"\1", line)
        line = re.sub(r"^\s*#{1,6}\s+", "", line)
        line = re.sub(r"^\s*-\s+", "", line)
        line = line.strip(" \t\u3000")
        if not line:
            continue
        if lines and _continues_wrap(lines[-1], line):
            glue = " " if lines[-1][-1].isascii() and line[0].isascii() else ""
            lines[-1] += glue + line
        else:
            lines.append(line)
    return "\n\n".join(lines) + "\n"


def _continues_wrap(previous: str, line: str) -> bool:
    return (
        len(previous) >= _WRAP_MIN
        and previous[-1] not in "。：:！？"
        and "\t" not in previous + line
        and parse_marker(line) is None
    )


# --- entity tests' light normalization (kept separate from the sections' one above) ---

ROOT = Path(__file__).resolve().parents[2]
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
