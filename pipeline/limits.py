"""A time limit per (document, stage), so one pathological file cannot hang a run."""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from typing import Iterator

DEFAULT_TIMEOUT = 300.0  # seconds per (document, stage)


class StageTimeout(BaseException):
    """A stage ran past its time limit on one document.

    A BaseException, like KeyboardInterrupt: the ``except Exception`` with which a
    library (pdfminer) or a reader turns errors into "the file is damaged" must not
    catch it, so a timeout is reported as a timeout and really stops the stage."""


@contextmanager
def time_limit(seconds: float, stage: str) -> Iterator[None]:
    """Raise StageTimeout inside the block after ``seconds`` (0 = no limit).

    Uses SIGALRM, so it only works in a process's main thread; elsewhere (a
    thread-based executor) the block runs without a limit.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise StageTimeout(f"the {stage} stage took longer than {seconds:g} s on this document and was stopped")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extend_limit(seconds: float) -> None:
    """Give the running time limit ``seconds`` more (OCR grants each scanned page its own
    time); nothing when no limit runs. The parent's watchdog (2x the limit) is not moved."""
    if threading.current_thread() is not threading.main_thread():
        return
    remaining, interval = signal.getitimer(signal.ITIMER_REAL)
    if remaining > 0:
        signal.setitimer(signal.ITIMER_REAL, remaining + seconds, interval)

WORKER_MEMORY = 2 << 30  # bytes of address space a worker may add to what it starts with
_memory_limit = 0  # what limit_memory set in this process (0 = none)


def limit_memory(budget: int = WORKER_MEMORY) -> None:
    """Cap this process's address space (``RLIMIT_AS``) at its current size plus ``budget``,
    so that a bomb (a flate bomb, a huge table) costs one document a MemoryError instead
    of the machine its memory. For worker processes only; a no-op where unsupported."""
    global _memory_limit
    try:
        import resource

        with open("/proc/self/statm") as fh:
            size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = size + budget
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        _memory_limit = budget
    except (ImportError, OSError, ValueError):  # not Linux: no cap
        pass


def worker_memory_limit() -> int:
    """The memory budget set in this process by ``limit_memory`` (0 = none)."""
    return _memory_limit
