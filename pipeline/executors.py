"""Where per-document jobs run: inline, a local process pool, or a Ray cluster.

Every executor calls the same pure-per-document ``runner.process`` function, so
all of them write the same cache entries and therefore the same tables.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable, Iterator, Sequence, TypeVar

J = TypeVar("J")
R = TypeVar("R")

EXECUTORS = ("local", "ray")


def run_local(fn: Callable[[J], R], jobs: Sequence[J], workers: int | None) -> Iterator[R]:
    """Inline for one worker or one job; else a process pool of ``workers``."""
    workers = max(1, workers or os.cpu_count() or 1)
    if workers == 1 or len(jobs) <= 1:
        for job in jobs:
            yield fn(job)
        return
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = [pool.submit(fn, job) for job in jobs]
        for future in as_completed(futures):
            yield future.result()


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
        pending = [remote.remote(job) for job in jobs]
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            yield ray.get(done[0])
    finally:
        if started_here:
            ray.shutdown()


def execute(fn: Callable[[J], R], jobs: Sequence[J], *, executor: str = "local", workers: int | None = None) -> Iterator[R]:
    if executor == "ray":
        return run_ray(fn, jobs, workers)
    if executor == "local":
        return run_local(fn, jobs, workers)
    raise ValueError(f"unknown executor {executor!r}; choose one of: {', '.join(EXECUTORS)}")
