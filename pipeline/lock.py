"""A lock file in ``--out`` so two runs never write the same tables at once."""

from __future__ import annotations

import fcntl
import json
import os
import socket
from pathlib import Path

from pipeline.cache import STATE_DIR


class LockHeld(Exception):
    """Another live run holds the lock on this output folder."""


def pid_alive(pid: int) -> bool:
    """True when ``pid`` is a running process (a zombie, killed but not yet reaped, is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # it just went away, or there is no /proc (not Linux): trust kill(0)
        return not Path("/proc/self/stat").exists()
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


class RunLock:
    """``with RunLock(out):`` holds ``<out>/.tripmine/lock`` for the run.

    A lock left by a process that no longer exists on this host (a run killed
    with SIGKILL) is stale and taken over. The lock file appears whole or not at
    all (written aside, then hard-linked into place), so a full disk cannot leave
    an empty lock that refuses every later run. Checking for a stale lock and
    taking it happen under ``flock`` on ``lock.guard``, so two runs taking over
    the same stale lock cannot both win.
    """

    def __init__(self, out: Path):
        self.path = out / STATE_DIR / "lock"
        self.guard = out / STATE_DIR / "lock.guard"
        self.holder = {"pid": os.getpid(), "host": socket.gethostname()}

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        guard = os.open(self.guard, os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(guard, fcntl.LOCK_EX)
            if not self._take():
                self._clear_stale()
                if not self._take():
                    raise LockHeld(f"could not take the lock {self.path}")
        finally:
            os.close(guard)  # releases the flock
        return self

    def _take(self) -> bool:
        """Put a complete lock file in place; False when one is already there."""
        aside = self.path.with_name(f"lock.{os.getpid()}.tmp")
        try:
            with open(aside, "w") as fh:
                json.dump(self.holder, fh)
            os.link(aside, self.path)
        except FileExistsError:
            return False
        finally:
            aside.unlink(missing_ok=True)
        return True

    def _clear_stale(self) -> None:
        try:
            holder = json.loads(self.path.read_text())
        except (OSError, ValueError):
            holder = None
        if not isinstance(holder, dict):  # empty or torn: only an older version could leave it
            self.path.unlink(missing_ok=True)
            return
        same_host = holder.get("host") == self.holder["host"]
        if same_host and isinstance(holder.get("pid"), int) and not pid_alive(holder["pid"]):
            self.path.unlink(missing_ok=True)
            return
        who = f"pid {holder.get('pid', '?')} on {holder.get('host', '?')}"
        raise LockHeld(f"another run ({who}) is writing to this output folder; lock file: {self.path}")

    def __exit__(self, *exc) -> None:
        self.path.unlink(missing_ok=True)
