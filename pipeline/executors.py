"""Where per-document jobs run: inline, a local process pool, or a Ray cluster.

Every executor calls the same pure-per-document ``runner.process`` function, so
all of them write the same cache entries and therefore the same tables.
"""

from __future__ import annotations

import os
import signal
from itertools import islice
from typing import Callable, Iterator, Protocol, Sequence, TypeVar

# concurrent.futures.process (multiprocessing, a thirtieth of a second) is imported by the
# functions that start a pool: `pipeline --help` and a rerun with nothing to extract need none.

J = TypeVar("J")
R = TypeVar("R")

EXECUTORS = ("local", "ray")


class Watchdog(Protocol):
    """Kills workers stuck past a hard limit; after a pool breaks, names what to blame."""

    def check(self) -> bool: ...  # True when it killed a worker

    def blame(self, alone: bool) -> Sequence[object]: ...  # keys of the jobs in flight when the pool broke


def start_worker() -> None:
    """A pool worker's setup: it dies with the run, and its memory is capped."""
    from pipeline.limits import limit_memory

    die_with_parent()
    limit_memory()


def die_with_parent() -> None:
    """Linux: a pool worker is killed when the run that started it dies, even by SIGKILL,
    instead of waiting forever for work that will never come."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: workers then outlive a killed run
        pass


def window(workers: int) -> int:
    """Jobs submitted ahead of the workers. ``wait`` costs time in the number of pending
    futures, once per finished job: submitting all N jobs at once made a run O(N²)."""
    return 4 * workers


def run_local(
    fn: Callable[[J], R], jobs: Sequence[J], workers: int | None, watchdog: Watchdog | None = None,
    key: Callable[[J], object] = id, idle: Callable[[], None] | None = None,
) -> Iterator[R]:
    """Inline for one worker or one job; else a process pool of ``workers``.

    ``idle`` is called once in this process, after the first jobs went to the pool (whose
    workers are forked by then): work that can overlap theirs.

    Workers are forked: a caller that holds an open DuckDB connection (or other
    native thread pools) while calling ``run`` can see them die; close it first.

    With a watchdog, jobs always run in a pool (so a hang or crash in native code
    costs a worker, not the run): every second the watchdog may kill a worker
    stuck past its hard limit. When the pool breaks (a kill, a segfault, the OOM
    killer), the jobs that did not finish go to a fresh pool; the jobs in flight
    during a crash nobody caused are retried alone, one at a time, so that the
    one that crashes again is blamed (``watchdog.blame(alone=True)``).
    """
    workers = max(1, workers or os.cpu_count() or 1)
    if watchdog is None and (workers == 1 or len(jobs) <= 1):
        for job in jobs:
            yield fn(job)
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    remaining = {key(job): job for job in jobs}
    suspects: list[object] = []
    stalled = 0
    while remaining:
        before = len(remaining)
        alone = bool(suspects)
        batch = [remaining[k] for k in suspects if k in remaining] if alone else list(remaining.values())
        suspects = []
        broken = killed = False
        size = 1 if alone else min(workers, len(batch))
        with ProcessPoolExecutor(max_workers=size, initializer=start_worker) as pool:
            queue = iter(batch)
            pending: dict = {}
            while not broken:
                for job in islice(queue, window(size) - len(pending)):  # a window, not every job at once
                    try:
                        pending[pool.submit(fn, job)] = key(job)
                    except BrokenProcessPool:  # the job stays in `remaining`, for the next pool
                        broken = True
                        break
                if idle is not None:
                    idle()
                    idle = None
                if not pending:
                    break
                done, _ = wait(pending, timeout=0 if broken else 1.0, return_when=FIRST_COMPLETED)
                for future in done:
                    k = pending.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    remaining.pop(k, None)
                    yield result
                if watchdog is not None and not broken:
                    killed = watchdog.check() or killed
        if broken:
            if watchdog is None:
                raise BrokenProcessPool("a worker process died; rerun to resume from the cache")
            in_flight = list(watchdog.blame(alone=alone))
            if not killed and not alone:
                suspects = in_flight  # a crash nobody caused: find the culprit by running these alone
            stalled = 0 if (len(remaining) < before or killed or in_flight) else stalled + 1
            if stalled >= 3:
                raise BrokenProcessPool("worker processes keep dying and no document can be blamed")


def run_ray(fn: Callable[[J], R], jobs: Sequence[J], workers: int | None) -> Iterator[R]:
    """Ray tasks, one per document; ``RAY_ADDRESS`` picks the cluster (else a local instance).

    On a cluster, ``--raw`` and ``--out`` must be on storage every node sees (NFS,
    a mounted bucket): workers read the inputs and write the stage cache there.
    """
    try:
        import ray
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise RuntimeError("the ray executor needs the cluster extra: pip install 'tripmine[cluster]'") from exc
    started_here = not ray.is_initialized()
    if started_here:
        address = os.environ.get("RAY_ADDRESS")
        kwargs = {"address": address} if address else {"num_cpus": workers or os.cpu_count() or 1}
        ray.init(include_dashboard=False, log_to_driver=False, ignore_reinit_error=True, **kwargs)
    try:
        remote = ray.remote(fn)
        queue = iter(jobs)
        ahead = window(max(1, int(ray.cluster_resources().get("CPU", workers or 1))))
        pending = [remote.remote(job) for job in islice(queue, ahead)]
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            pending.extend(remote.remote(job) for job in islice(queue, 1))
            yield ray.get(done[0])
    finally:
        if started_here:
            ray.shutdown()


def execute(
    fn: Callable[[J], R], jobs: Sequence[J], *, executor: str = "local", workers: int | None = None,
    watchdog: Watchdog | None = None, key: Callable[[J], object] = id, idle: Callable[[], None] | None = None,
) -> Iterator[R]:
    if executor == "ray":
        return run_ray(fn, jobs, workers)
    if executor == "local":
        return run_local(fn, jobs, workers, watchdog, key, idle)
    raise ValueError(f"unknown executor {executor!r}; choose one of: {', '.join(EXECUTORS)}")
