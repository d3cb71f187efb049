"""Workers that cannot be stopped from inside: markers, a watchdog, and cache confinement.

SIGALRM (pipeline/limits.py) stops a stage that runs Python code; it cannot stop
native code (a C loop in a parser) or survive a segfault. Each worker writes a
marker ``<out>/.tripmine/running/<pid>.json`` naming its (document, stage) before
running it; the parent's watchdog kills a worker stuck past a hard limit and,
when a pool breaks, says which documents were in flight.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.core.records import ErrorCode, ErrorRow
from pipeline.cache import STATE_DIR, Cache, Entry
from pipeline.lock import pid_alive

if TYPE_CHECKING:
    from pipeline.jobs import Job


def running_dir(out: Path) -> Path:
    return out / STATE_DIR / "running"


def mark_running(job: Job, stage: str) -> None:
    """Tell the parent's watchdog which (document, stage) this worker is in, since when."""
    path = running_dir(job.out) / f"{os.getpid()}.json"
    text = json.dumps({"pid": os.getpid(), "doc_id": job.doc_id, "rel": job.rel, "stage": stage, "started": time.time()})
    try:
        path.write_text(text)
    except FileNotFoundError:  # the folder is made on first need, not before every stage
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def hard_limit(timeout: float) -> float:
    """Seconds after which a (document, stage) is stuck where SIGALRM cannot reach (native code)."""
    return timeout + max(5.0, timeout) if timeout else 0.0


@dataclass
class StuckWorkers:
    """The local executor's watchdog: kills stuck workers and blames crashes on their document."""

    out: Path
    limit: float  # 0 = never kill
    keys: dict[str, str]  # the run's stage cache keys
    timeout: float = 0.0  # the run's --timeout: a kill stands only for runs with no larger one

    def markers(self):
        for path in sorted(running_dir(self.out).glob("*.json")):
            try:
                yield path, json.loads(path.read_text())
            except (OSError, ValueError):  # being written, or already gone
                continue

    def fail(self, path: Path, info: dict, code: str, message: str) -> None:
        error = ErrorRow(doc_id=info["doc_id"], source_path=info["rel"], stage=info["stage"], code=code, message=message)
        limits = {"timeout": self.timeout} if code == ErrorCode.KILLED and self.timeout else None
        Cache(self.out).put(info["stage"], info["doc_id"], Entry(self.keys[info["stage"]], {}, error, limits))
        path.unlink(missing_ok=True)

    def check(self) -> bool:
        killed = False
        now = time.time()
        for path, info in self.markers():
            if self.limit and now - info["started"] > self.limit and pid_alive(info["pid"]):
                self.fail(path, info, ErrorCode.KILLED, f"the {info['stage']} stage did not stop within {self.limit:g} s "
                          "(stuck in native code), so its worker process was killed")
                os.kill(info["pid"], signal.SIGKILL)
                killed = True
        return killed

    def blame(self, alone: bool) -> list[str]:
        in_flight = []
        for path, info in self.markers():
            if alone:
                self.fail(path, info, ErrorCode.WORKER_CRASHED, f"the {info['stage']} stage crashed its worker process "
                          "(a fault in native code, or out of memory)")
            else:
                path.unlink(missing_ok=True)
            in_flight.append(info["doc_id"])
        return in_flight


def confine_caches(out: Path) -> None:
    """Make libraries that cache to the temp folder write under --out instead.

    jieba writes its dictionary cache (jieba.cache, 9 MB) to tempfile.gettempdir()
    on first use; nothing may be written outside --out (tests/test_paths.py).
    tripmine reads jieba's dictionary file itself and cuts with jieba-rs, so this
    matters only when other code in the process has imported jieba.
    """
    jieba = sys.modules.get("jieba")
    if jieba is None:
        return
    folder = out / STATE_DIR / "jieba"
    folder.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(folder)
