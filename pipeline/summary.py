"""What a run reports back: counts by status, rows per table, errors, timings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractors.core.records import ErrorRow


@dataclass
class RunSummary:
    out: Path
    n_inputs: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)
    n_extracted: int = 0  # (document, stage) calls actually run
    n_reused: int = 0  # (document, stage) results taken from the cache
    ran: dict[str, int] = field(default_factory=dict)  # stage -> documents it was run on
    assembled: bool = False  # the tables were written (else the ones on disk were kept)
    n_damaged: int = 0  # cache entries that could not be read (extracted again)
    errors: list[ErrorRow] = field(default_factory=list)
    seconds: float = 0.0
