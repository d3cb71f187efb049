"""The per-document stage cache under ``<out>/.tripmine/cache``.

One file per (stage, doc_id) holds the stage's outputs for that document and
the stage key it was made with. A rerun reuses an entry only when the key still
matches, so unchanged bytes and unchanged stage versions are never re-extracted.
Entries are written atomically: a run killed midway leaves whole entries or none.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from pathlib import Path

from extractors.records import ErrorRow
from pipeline.parquet import write_atomic

STATE_DIR = ".tripmine"


@dataclass
class Entry:
    key: str
    outputs: dict[str, object] = field(default_factory=dict)
    error: ErrorRow | None = None


class Cache:
    def __init__(self, out: Path):
        self.root = out / STATE_DIR / "cache"

    def path(self, stage: str, doc_id: str) -> Path:
        return self.root / stage / f"{doc_id}.pkl"

    def get(self, stage: str, doc_id: str, key: str) -> Entry | None:
        """The entry for (stage, doc) if it was made with ``key``."""
        path = self.path(stage, doc_id)
        try:
            with path.open("rb") as fh:
                entry = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception:  # a damaged entry is just a miss
            return None
        return entry if isinstance(entry, Entry) and entry.key == key else None

    def has(self, stage: str, doc_id: str, key: str) -> bool:
        return self.get(stage, doc_id, key) is not None

    def put(self, stage: str, doc_id: str, entry: Entry) -> None:
        data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(self.path(stage, doc_id), lambda tmp: tmp.write_bytes(data))
