"""A lock file in ``--out`` so two runs never write the same tables at once."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from pipeline.cache import STATE_DIR


class LockHeld(Exception):
    """Another live run holds the lock on this output folder."""


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RunLock:
    """``with RunLock(out):`` holds ``<out>/.tripmine/lock`` for the run.

    A lock left by a process that no longer exists on this host (a run killed
    with SIGKILL) is stale and taken over.
    """

    def __init__(self, out: Path):
        self.path = out / STATE_DIR / "lock"
        self.holder = {"pid": os.getpid(), "host": socket.gethostname()}

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                self._clear_stale()
                continue
            with os.fdopen(fd, "w") as fh:
                json.dump(self.holder, fh)
            return self
        raise LockHeld(f"could not take the lock {self.path}")

    def _clear_stale(self) -> None:
        try:
            holder = json.loads(self.path.read_text())
        except (OSError, ValueError):
            holder = {}
        same_host = holder.get("host") == self.holder["host"]
        if same_host and isinstance(holder.get("pid"), int) and not pid_alive(holder["pid"]):
            self.path.unlink(missing_ok=True)
            return
        who = f"pid {holder.get('pid', '?')} on {holder.get('host', '?')}"
        raise LockHeld(f"another run ({who}) is writing to this output folder; lock file: {self.path}")

    def __exit__(self, *exc) -> None:
        self.path.unlink(missing_ok=True)
