"""A time limit per (document, stage), so one pathological file cannot hang a run."""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

DEFAULT_TIMEOUT = 300.0  # seconds per (document, stage)


class StageTimeout(Exception):
    """A stage ran past its time limit on one document."""


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
