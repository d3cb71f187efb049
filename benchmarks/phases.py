"""Where a run's time and memory go, phase by phase, as N grows.

    python benchmarks/phases.py --n 1000            # small txt reports, as `run.py --sizes`
    python benchmarks/phases.py --raw DIR           # any folder

Runs ``pipeline.runner.run`` once on a fresh output folder, then once more on the
same folder (everything cached), in this process, with timers around the phases:
scan (hash every input), execute (the pool, until its last job), assembly (the
streamed pass over the cache), resolve (the corpus stage, including its second pass
over the mentions), commit (closing the Parquet files), manifest, duckdb. For each
it prints wall and main-process CPU seconds, the main process's RSS after it and
its peak RSS so far (``ru_maxrss``). Worker peak RSS is ``ru_maxrss`` of the children.
Phases a tree does not have (an older runner) are left out; ``assemble`` is the total.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


class Phases:
    def __init__(self):
        self.rows: list[dict] = []

    def record(self, name: str, wall: float, cpu: float) -> None:
        self.rows.append({"phase": name, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                          "rss_mb": round(rss_mb()), "peak_mb": round(peak_mb())})

    def wrap(self, owner, attr: str, name: str, generator: bool = False) -> None:
        fn = getattr(owner, attr, None)
        if fn is None:
            return

        if generator:
            @functools.wraps(fn)
            def timed(*args, **kwargs):
                w, c = time.perf_counter(), time.process_time()
                yield from fn(*args, **kwargs)
                self.record(name, time.perf_counter() - w, time.process_time() - c)
        else:
            @functools.wraps(fn)
            def timed(*args, **kwargs):
                w, c = time.perf_counter(), time.process_time()
                try:
                    return fn(*args, **kwargs)
                finally:
                    self.record(name, time.perf_counter() - w, time.process_time() - c)
        setattr(owner, attr, timed)


def measure(raw: Path, workers: int) -> dict:
    from pipeline import assembly, runner

    phases = Phases()
    phases.wrap(runner, "scan_inputs", "scan")
    phases.wrap(runner, "execute", "execute", generator=True)
    phases.wrap(assembly.Assembly, "run", "assembly")
    phases.wrap(assembly.Assembly, "finish", "resolve")
    phases.wrap(assembly.Assembly, "commit", "commit")
    phases.wrap(assembly, "write_json", "manifest")
    phases.wrap(assembly, "write_db", "duckdb")
    phases.wrap(assembly, "assemble_and_write", "assemble")  # runner imports it when the tables change
    out = Path(tempfile.mkdtemp(prefix="tripmine-phases-"))
    try:
        started = time.perf_counter()
        summary = runner.run(raw, out, workers=workers)
        first = time.perf_counter() - started
        first_rows, phases.rows = phases.rows, []
        started = time.perf_counter()
        again = runner.run(raw, out, workers=workers)
        second = time.perf_counter() - started
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {
        "docs": summary.n_inputs, "wall_s": round(first, 1), "docs_per_s": round(summary.n_inputs / first, 1),
        "tables": summary.tables, "phases": first_rows,
        "cached_rerun": {"wall_s": round(second, 1), "extracted": again.n_extracted, "phases": phases.rows},
        "peak_main_mb": round(peak_mb()), "peak_worker_mb": round(peak_mb(resource.RUSAGE_CHILDREN)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="small txt reports (benchmarks/make_corpus.py)")
    parser.add_argument("--raw", type=Path, default=None, help="a folder of inputs instead")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", action="store_true", help="print the raw numbers as JSON")
    args = parser.parse_args(argv)
    raw = args.raw
    if raw is None:
        from benchmarks.make_corpus import make_corpus

        raw = make_corpus(args.n, seed=args.seed, formats=("txt",), small=True).folder("text")
    result = measure(raw, args.workers)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{result['docs']} inputs, {result['wall_s']} s ({result['docs_per_s']} docs/s), "
          f"peak RSS main {result['peak_main_mb']} MB, worker {result['peak_worker_mb']} MB")
    print("| phase | wall s | CPU s (main) | RSS after MB | peak so far MB |\n|---|---:|---:|---:|---:|")
    for row in result["phases"]:
        print(f"| {row['phase']} | {row['wall_s']} | {row['cpu_s']} | {row['rss_mb']} | {row['peak_mb']} |")
    rerun = result["cached_rerun"]
    print(f"cached rerun: {rerun['wall_s']} s, {rerun['extracted']} stage calls run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
