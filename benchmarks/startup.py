"""Small runs, start-up included: what a user waits for, measured side by side in one run.

    python benchmarks/run.py --startup                 # 40 five-page PDFs, one worker, 3 rounds
    python benchmarks/run.py --startup --repeat 5 --workers 1 --startup-pdfs 40 --startup-pages 5

Each round, in alternating order (so a drift of the shared host hits both sides alike):

1. ``pipeline run --workers W`` over N text-layer PDFs of exactly P pages into a fresh
   folder, as a command in a fresh process: the interpreter, every import, the stage keys,
   the worker's start-up (readers, dictionaries), every stage, the tables and the DuckDB
   file are all inside the time;
2. bare pdfplumber ``page.extract_text()`` over the same files, also as a fresh process
   (its interpreter and ``import pdfplumber`` included);
3. ``pipeline --help`` and a rerun over ``data/raw`` (the sample, with its failed and odd
   inputs) into ``benchmarks/.cache/sample-out``, after two runs there.

Wall time and CPU time (``getrusage`` of the child and of everything it waited for) are
reported with the load average; the ratio is taken round by round and the median shown.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.make_corpus import CACHE, SEED

ROOT = Path(__file__).resolve().parents[1]
VERSION = 1  # bump when the choice of files changes

BARE = """
import sys, time
import pdfplumber
started = time.process_time()
pages = chars = 0
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars += len(page.extract_text() or "")
            pages += 1
            page.close()
print(pages, chars, time.process_time() - started)
"""


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def pdfs_of_pages(n: int, pages: int, seed: int = SEED, cache: Path = CACHE) -> list[Path]:
    """N synthetic report PDFs of exactly ``pages`` pages (reports 0, 1, 2, ... of the seed,
    rendered and kept when they have that many pages), cached under benchmarks/.cache."""
    from benchmarks.render import RENDERERS
    from benchmarks.report_spec import build_report

    root = cache / f"pdfs-{seed}-{n}x{pages}"
    stamp = {"version": VERSION, "seed": seed, "n": n, "pages": pages}
    try:
        saved = json.loads((root / "corpus.json").read_text(encoding="utf-8"))
        files = [root / name for name in saved["files"]]
        if saved["stamp"] == stamp and all(p.is_file() for p in files):
            return files
    except (OSError, ValueError, KeyError):
        pass
    shutil.rmtree(root, ignore_errors=True)
    (root / "pdf").mkdir(parents=True)
    files = []
    index = 0
    while len(files) < n:
        data = RENDERERS["pdf"](build_report(seed, index))
        if page_count(data) == pages:
            path = root / "pdf" / f"report_{index:05d}.pdf"
            path.write_bytes(data)
            files.append(path)
        index += 1
        if index > 200 * n:
            raise RuntimeError(f"the generator gives too few {pages}-page reports")
    (root / "corpus.json").write_text(json.dumps({"stamp": stamp, "files": [p.relative_to(root).as_posix() for p in files]}),
                                      encoding="utf-8")
    return files


def timed(cmd: list[str], tree: Path = ROOT) -> dict:
    """Run ``cmd`` to completion: wall seconds, CPU seconds (it and everything it waited for), stdout."""
    env = {**os.environ, "PYTHONPATH": str(tree)}  # this tree's code, not an installed copy
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=tree, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} ... failed ({done.returncode}):\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "load": load, "stdout": done.stdout}


def pipeline_cmd(raw: Path, out: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "run", "--raw", str(raw), "--out", str(out),
            "--workers", str(workers), "--quiet"]


def measure_pipeline(raw: Path, workers: int, tree: Path = ROOT) -> dict:
    out = Path(tempfile.mkdtemp(prefix="tripmine-startup-"))
    try:
        return timed(pipeline_cmd(raw, out / "out", workers), tree)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def measure_bare(files: list[Path]) -> dict:
    result = timed([sys.executable, "-c", BARE, *map(str, files)])
    pages, chars, loop_cpu = result.pop("stdout").split()
    return {**result, "pages": int(pages), "chars": int(chars), "loop_cpu": float(loop_cpu)}


def measure_rerun(sample: Path, out: Path = CACHE / "sample-out") -> tuple[dict, dict]:
    """A rerun over the sample: a run into ``out`` (kept between benchmarks, since the
    sample's scanned pages take a minute of OCR; it extracts again what changed), a
    second run, then the timed third. Then ``pipeline --help`` five times."""
    timed(pipeline_cmd(sample, out, 0))
    timed(pipeline_cmd(sample, out, 0))
    rerun = timed(pipeline_cmd(sample, out, 0))
    helps = [timed([sys.executable, "-m", "pipeline.cli", "--help"]) for _ in range(5)]
    return rerun, min(helps, key=lambda h: h["cpu"]) | {"median_wall": statistics.median(h["wall"] for h in helps)}


def startup_benchmark(n: int, pages: int, workers: int, repeat: int, seed: int = SEED,
                      against: Path | None = None) -> dict:
    """``against``: another source tree (say ``git archive main``, unpacked) whose pipeline runs
    in the same rounds, so a change is measured side by side with what it changes."""
    files = pdfs_of_pages(n, pages, seed)
    raw = files[0].parent
    rounds = []
    for k in range(repeat):
        print(f"round {k + 1} of {repeat}: pipeline run --workers {workers} and bare pdfplumber over "
              f"{n} {pages}-page PDFs ...", flush=True)
        measures = {"pipeline": lambda: measure_pipeline(raw, workers), "bare": lambda: measure_bare(files)}
        if against:
            measures["against"] = lambda: measure_pipeline(raw, workers, against)
        order = list(measures) if k % 2 == 0 else list(reversed(measures))
        done = {name: measures[name]() for name in order}
        for result in done.values():
            result.pop("stdout", None)
        rounds.append(done)
    print("pipeline --help and a rerun over data/raw ...", flush=True)
    rerun, help_ = measure_rerun(ROOT / "data" / "raw")
    rerun.pop("stdout", None)
    help_.pop("stdout", None)
    return {"n": n, "pages": pages, "workers": workers, "seed": seed, "rounds": rounds, "rerun": rerun,
            "help": help_, "python": sys.version.split()[0], "nproc": os.cpu_count(),
            "against": str(against) if against else None}


def format_startup(r: dict) -> str:
    wall = [x["pipeline"]["wall"] / x["bare"]["wall"] for x in r["rounds"]]
    cpu = [x["pipeline"]["cpu"] / x["bare"]["cpu"] for x in r["rounds"]]
    lines = [
        f"{r['n']} PDFs of {r['pages']} pages, pipeline run --workers {r['workers']} (a fresh process, start-up "
        f"included) next to bare pdfplumber extract_text (a fresh process too); nproc {r['nproc']}, Python {r['python']}",
        "",
        "| round | load avg | pipeline wall s | pipeline CPU s | bare wall s | bare CPU s (loop) | ratio wall | ratio CPU |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for k, x in enumerate(r["rounds"], 1):
        p, b = x["pipeline"], x["bare"]
        lines.append(f"| {k} | {p['load']:.1f} / {b['load']:.1f} | {p['wall']:.2f} | {p['cpu']:.2f} | {b['wall']:.2f} | "
                     f"{b['cpu']:.2f} ({b['loop_cpu']:.2f}) | {p['wall'] / b['wall']:.3f} | {p['cpu'] / b['cpu']:.3f} |")
    if r.get("against"):
        lines += ["", f"the same rounds, pipeline of {r['against']}:", "",
                  "| round | wall s | CPU s | ratio wall | ratio CPU | this tree / that, CPU |", "|---:|---:|---:|---:|---:|---:|"]
        for k, x in enumerate(r["rounds"], 1):
            a, b = x["against"], x["bare"]
            lines.append(f"| {k} | {a['wall']:.2f} | {a['cpu']:.2f} | {a['wall'] / b['wall']:.3f} | {a['cpu'] / b['cpu']:.3f} | "
                         f"{x['pipeline']['cpu'] / a['cpu']:.3f} |")
        than = [x["pipeline"]["cpu"] / x["against"]["cpu"] for x in r["rounds"]]
        lines.append(f"\nthis tree / that tree, CPU, median: **{statistics.median(than):.3f}** [{min(than):.3f}-{max(than):.3f}]")
    lines += [
        "",
        f"pipeline / bare pdfplumber, median of {len(wall)} rounds: **{statistics.median(wall):.3f}x wall** "
        f"[{min(wall):.3f}-{max(wall):.3f}], **{statistics.median(cpu):.3f}x CPU** [{min(cpu):.3f}-{max(cpu):.3f}] "
        "(target <= 0.30x)",
        f"rerun over data/raw: {r['rerun']['wall']:.2f} s wall, {r['rerun']['cpu']:.2f} s CPU, load {r['rerun']['load']:.1f} "
        "(target < 1 s wall)",
        f"pipeline --help: {r['help']['cpu']:.2f} s CPU, {r['help']['median_wall']:.2f} s wall (median of 5), "
        f"load {r['help']['load']:.1f} (target < 0.5 s)",
    ]
    return "\n".join(lines)
