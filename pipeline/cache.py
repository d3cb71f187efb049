"""The per-document stage cache under ``<out>/.tripmine/cache``.

One file per (stage, doc_id) holds the stage's outputs for that document and
the stage key it was made with. A rerun reuses an entry only when the key still
matches, so unchanged bytes and unchanged stage versions are never re-extracted.
Entries are written atomically: a run killed midway leaves whole entries or none.

A file is two pickles: first the entry without its bulky outputs (``BULKY``: the
read stage's whole document), then those outputs. ``get(..., bulky=False)``
reads only the first, so the table assembly and the "is it cached?" check never
unpickle document text. A one-pickle file (an older cache) still reads whole.

A damaged entry (truncated, unpicklable) is a miss: it is logged, counted in
``Cache.damaged`` and shown in the run summary, and the stage runs again.
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from extractors.core.records import ErrorRow
from pipeline.files import write_atomic

log = logging.getLogger(__name__)

STATE_DIR = ".tripmine"
BULKY = ("doc",)  # outputs kept in the second pickle of a cache file


@dataclass
class Entry:
    key: str
    outputs: dict[str, object] = field(default_factory=dict)
    error: ErrorRow | None = None
    # A failure that depends on the run's limits (a timeout, a watchdog kill, out of memory)
    # records them, e.g. {"timeout": 300.0}: it stands only for a run whose limits are no larger;
    # {"retry": 0} (a file that changed or could not be opened mid-run) stands for no later run.
    limits: dict[str, float] | None = None

    def reusable(self, limits: dict[str, float]) -> bool:
        """Whether this result holds under ``limits`` (0 = no limit)."""
        held = getattr(self, "limits", None)  # entries pickled before the field existed have none
        if not held:
            return True
        return all(0 < limits.get(name, 0) <= value for name, value in held.items())


class Cache:
    def __init__(self, out: Path):
        self.root = out / STATE_DIR / "cache"
        self.damaged = 0  # entries found damaged by this object's reads

    def path(self, stage: str, doc_id: str) -> Path:
        return self.root / stage / f"{doc_id}.pkl"

    def get(self, stage: str, doc_id: str, key: str, *, bulky: bool = True) -> Entry | None:
        """The entry for (stage, doc) if it was made with ``key``; without ``bulky``, the
        entry lacks the outputs named in ``BULKY`` (unless the file is an older one-pickle entry)."""
        path = self.path(stage, doc_id)
        try:
            with path.open("rb") as fh:
                entry = pickle.load(fh)
                if not isinstance(entry, Entry) or entry.key != key:
                    return None
                if bulky:
                    try:
                        rest = pickle.load(fh)
                    except EOFError:  # nothing bulky (or an older one-pickle entry)
                        rest = {}
                    entry.outputs.update(rest)
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged entry is a miss, counted and logged
            self.damaged += 1
            log.warning("damaged cache entry %s (%s: %s); the stage runs again", path, type(exc).__name__, exc)
            return None
        return entry

    def has(self, stage: str, doc_id: str, key: str, limits: dict[str, float] | None = None) -> bool:
        """Whether a result is cached (and, given the run's ``limits``, still stands under them)."""
        entry = self.get(stage, doc_id, key, bulky=False)
        return entry is not None and (limits is None or entry.reusable(limits))

    def put(self, stage: str, doc_id: str, entry: Entry) -> None:
        head = Entry(entry.key, {k: v for k, v in entry.outputs.items() if k not in BULKY}, entry.error, entry.limits)
        rest = {k: v for k, v in entry.outputs.items() if k in BULKY}
        data = pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL)
        if rest:
            data += pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL)

        def write(tmp: Path) -> None:
            tmp.write_bytes(data)

        write_atomic(self.path(stage, doc_id), write)
