"""The inputs of a run: every file under ``--raw``, named by the hash of its bytes."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.cache import STATE_DIR
from pipeline.readers import format_of


@dataclass(frozen=True)
class InputFile:
    path: Path
    rel: str
    doc_id: str
    n_bytes: int
    source_format: str | None
    skip_reason: str | None = None


def doc_id_of(path: Path) -> str:
    """First 16 hex digits of the SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def scan_inputs(raw: Path) -> list[InputFile]:
    """Every file under ``raw``, sorted by relative path; symlinks out of raw are skipped."""
    root = raw.resolve()
    found: list[InputFile] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d != STATE_DIR)
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root) or not target.is_file():
                    found.append(InputFile(path, rel, "", 0, None, "a symlink that leads outside --raw; not followed"))
                    continue
            if not path.is_file():
                continue
            fmt = format_of(path)
            reason = None if fmt else f"unsupported file type '{path.suffix or '(none)'}'"
            found.append(InputFile(path, rel, doc_id_of(path), path.stat().st_size, fmt, reason))
    return sorted(found, key=lambda item: item.rel)
