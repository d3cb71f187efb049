"""The benchmark: the full pipeline on a synthetic corpus, next to bare PDF text extraction.

    python benchmarks/run.py --n 800                # throughput, baselines, marginal cost, per-stage time
    python benchmarks/run.py --n 800 --profile      # ... plus a pyinstrument profile per input group
    python benchmarks/run.py --sizes 1000,10000     # peak RSS of runs over N small txt reports
    python benchmarks/run.py --startup --workers 1  # 40 five-page PDFs, start-up included, vs bare pdfplumber

What it does (see RESULTS.md for numbers):

1. Makes (or reuses) the corpus of ``make_corpus.py`` for the seed and N.
2. Runs ``pipeline.runner.run`` with ``--workers`` on a fresh output folder, once
   over the PDFs and once over the text inputs (txt, md, docx), each in its own
   subprocess so that its peak RSS (``getrusage`` of itself and of its pool
   workers) and its CPU time are its own; and the same over every second file,
   for the marginal cost of a page or a report.
3. Times two baselines over the same PDFs, in a pool of the same size: bare
   pdfplumber ``page.extract_text()`` and bare pypdfium2 ``get_text_range()``.
   Steps 2 and 3 are repeated ``--repeat`` times (3); the tables show the round
   with the median CPU time and the marginal costs their median and range, since
   two runs on a shared machine differ by 10% and a marginal cost is a difference.
4. Times every stage in-process on a sample of documents, by calling the stage
   functions from the registry directly (the first call per process, which loads
   dictionaries, is reported apart), and optionally profiles that with pyinstrument.

Ratios are reported on wall time (same worker count) and on CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.make_corpus import CACHE, SEED, make_corpus  # noqa: E402

# ------------------------------------------------------------ measurements


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def probe_run(raw: Path, out: Path, workers: int) -> dict:
    """One pipeline run in this process (called in a fresh subprocess by ``measure_run``)."""
    from pipeline.runner import run

    if out.exists():
        shutil.rmtree(out)
    started = time.perf_counter()
    summary = run(raw, out, workers=workers)
    seconds = time.perf_counter() - started
    import pyarrow.parquet as pq

    docs = pq.read_table(out / "documents.parquet", columns=["n_pages", "status"]).to_pylist()
    return {
        "seconds": seconds,
        "docs": len(docs),
        "pages": sum(d["n_pages"] or 0 for d in docs),
        "by_status": summary.by_status,
        "tables": summary.tables,
        "cpu_self": cpu_seconds(resource.RUSAGE_SELF),
        "cpu_children": cpu_seconds(resource.RUSAGE_CHILDREN),
        "rss_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measure_run(raw: Path, workers: int) -> dict:
    out = Path(tempfile.mkdtemp(prefix="tripmine-bench-out-"))
    try:
        cmd = [sys.executable, __file__, "--probe-run", str(raw), str(out), "--workers", str(workers)]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            raise RuntimeError(f"the pipeline run failed:\n{done.stderr[-4000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(out, ignore_errors=True)


def measure_half(paths: list[Path], workers: int) -> dict:
    """The same run over every second file of ``paths`` by name (copied to a fresh folder), so
    the half has the full run's mix of formats and sizes: with the full run it gives the
    marginal cost of a document, free of the fixed start-up cost (imports, dictionaries
    loaded once per worker, the DuckDB file), which a 2-million-page archive pays once."""
    raw = Path(tempfile.mkdtemp(prefix="tripmine-bench-half-"))
    try:
        for path in sorted(paths, key=lambda p: p.name)[::2]:
            shutil.copyfile(path, raw / path.name)
        return measure_run(raw, workers)
    finally:
        shutil.rmtree(raw, ignore_errors=True)


def marginal(full: dict, half: dict, unit: str) -> float:
    """CPU seconds per extra ``unit`` (docs or pages) between the half and the full run."""
    cpu = (full["cpu_self"] + full["cpu_children"]) - (half["cpu_self"] + half["cpu_children"])
    extra = full[unit] - half[unit]
    return cpu / extra if extra > 0 else float("nan")


def pdfplumber_text(path: Path) -> tuple[int, int, float]:
    import pdfplumber

    started = time.process_time()
    chars = pages = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars += len(page.extract_text() or "")
            pages += 1
            page.close()
    return pages, chars, time.process_time() - started


def pdfium_text(path: Path) -> tuple[int, int, float]:
    import pypdfium2 as pdfium

    started = time.process_time()
    chars = pages = 0
    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
            pages += 1
    finally:
        pdf.close()
    return pages, chars, time.process_time() - started


def measure_baseline(fn, paths: list[Path], workers: int) -> dict:
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(fn, paths, chunksize=max(1, len(paths) // (workers * 8))))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "pages": sum(r[0] for r in results),
        "chars": sum(r[1] for r in results),
        "cpu": sum(r[2] for r in results),
    }


# ------------------------------------------------------- per-stage timing


def time_stages(paths: list[Path]) -> dict:
    """Call every stage function directly on each document; CPU seconds per stage.

    CPU time (``time.process_time``), not wall time, so that other load on the
    machine does not count.
    The first document only warms up (imports, dictionaries); its times are
    returned apart as ``first_call``.
    """
    from extractors.core.records import ExtractionError
    from pipeline.inputs import doc_id_of
    from pipeline.jobs import as_outputs, bind
    from pipeline.readers import format_of, read_document
    from pipeline.stages import STAGES

    totals: dict[str, float] = {}
    first: dict[str, float] = {}
    tables: dict[str, list] = {}
    docs: list = []  # for the corpus stage that scans every document again
    timed = pages = 0
    for k, path in enumerate(paths):
        spent: dict[str, float] = {}
        t0 = time.process_time()
        try:
            doc, _ = read_document(path.read_bytes(), doc_id=doc_id_of(path), source_path=path.name,
                                   source_format=format_of(path) or "")
        except ExtractionError:
            continue
        spent["documents"] = time.process_time() - t0
        docs.append(doc)
        values: dict[str, object] = {"doc": doc}
        for stage in STAGES:
            if stage.scope != "document" or stage.name == "documents":
                continue
            fn = stage.load()
            t0 = time.process_time()
            try:
                outputs = as_outputs(stage, fn(**bind(fn, values)))
            except Exception:  # timing only: a crash is the fuzz test's business
                outputs = {t: [] for t in stage.produces}
            spent[stage.name] = time.process_time() - t0
            values.update(outputs)
        for name, rows in values.items():
            if isinstance(rows, list):
                tables.setdefault(name, []).extend(rows)
        if k == 0:
            first = spent
            continue
        timed += 1
        pages += doc.n_pages or 0
        for name, seconds in spent.items():
            totals[name] = totals.get(name, 0.0) + seconds
    for stage in STAGES:
        if stage.scope == "corpus":
            fn = stage.load()
            t0 = time.process_time()
            try:
                outputs = as_outputs(stage, fn(**bind(fn, {**tables, "doc": docs} if "doc" in stage.requires else tables)))
                tables.update(outputs)
            except Exception:
                pass
            totals[stage.name] = time.process_time() - t0
    return {"docs": timed, "pages": pages, "seconds": totals, "first_call": first}


def profile_stages(paths: list[Path], html: Path) -> str:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    time_stages(paths)
    profiler.stop()
    html.write_text(profiler.output_html(), encoding="utf-8")
    return profiler.output_text(unicode=True, color=False, show_all=False)


# ---------------------------------------------------------------- report


def machine() -> dict:
    import pdfplumber
    import pypdfium2.version

    info = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "pdfplumber": pdfplumber.__version__,
        "pypdfium2": str(pypdfium2.version.PYPDFIUM_INFO),
        "load_average_at_start": [round(x, 1) for x in os.getloadavg()],
    }
    try:
        info["git"] = subprocess.run(["git", "log", "-1", "--format=%h %s"], capture_output=True, text=True,
                                     cwd=ROOT).stdout.strip()
    except OSError:
        pass
    return info


def sample_of(paths: list[Path], k: int) -> list[Path]:
    step = max(1, len(paths) // max(1, k))
    return paths[::step][:k]


def benchmark(args) -> dict:
    corpus = make_corpus(args.n, seed=args.seed)
    print(f"corpus: {corpus.root} ({corpus.n} reports; {'rendered in %.0f s' % corpus.seconds if corpus.seconds else 'cached'})")
    pdfs = sorted(corpus.files.get("pdf", []))
    texts = sorted(p for fmt in ("txt", "md", "docx") for p in corpus.files.get(fmt, []))
    result: dict = {"machine": machine(), "n": args.n, "seed": args.seed, "workers": args.workers}
    runs: dict[str, list[dict]] = {}
    for k in range(args.repeat):
        print(f"round {k + 1} of {args.repeat}: the pipeline over the PDFs and over the text inputs, "
              "the same over half of each (marginal cost), the bare baselines ...", flush=True)
        for name, measure in (
            ("pipeline_pdf", lambda: measure_run(corpus.folder("pdf"), args.workers)),
            ("pipeline_text", lambda: measure_run(corpus.folder("text"), args.workers)),
            ("pipeline_pdf_half", lambda: measure_half(pdfs, args.workers)),
            ("pipeline_text_half", lambda: measure_half(texts, args.workers)),
            ("pdfplumber", lambda: measure_baseline(pdfplumber_text, pdfs, args.workers)),
            ("pypdfium2", lambda: measure_baseline(pdfium_text, pdfs, args.workers)),
        ):
            runs.setdefault(name, []).append(measure())
    for name, rounds in runs.items():
        result[name] = median_run(rounds)
    result["rounds"] = runs
    result["marginal"] = {
        "pdf_page": [marginal(f, h, "pages") for f, h in zip(runs["pipeline_pdf"], runs["pipeline_pdf_half"], strict=True)],
        "text_doc": [marginal(f, h, "docs") for f, h in zip(runs["pipeline_text"], runs["pipeline_text_half"], strict=True)],
    }
    print("per-stage times on a sample ...", flush=True)
    groups = {"pdf": pdfs, "txt": corpus.files.get("txt", []), "md": corpus.files.get("md", []),
              "docx": corpus.files.get("docx", [])}
    result["stages"] = {fmt: time_stages(sample_of(paths, args.sample + 1)) for fmt, paths in groups.items() if paths}
    if args.profile:
        result["profile"] = {}
        for group, paths in (("pdf", pdfs), ("text", texts)):
            html = CACHE / f"profile-{group}-{args.seed}-{args.n}.html"
            result["profile"][group] = profile_stages(sample_of(paths, args.sample + 1), html)
            print(f"profile written to {html}")
    return result


def cpu_of(run: dict) -> float:
    return run["cpu"] if "cpu" in run else run["cpu_self"] + run["cpu_children"]


def median_run(rounds: list[dict]) -> dict:
    """The round with the median CPU time (the lower middle one for an even count)."""
    return sorted(rounds, key=cpu_of)[(len(rounds) - 1) // 2]


def rate(n: float, seconds: float) -> float:
    return n / seconds if seconds else 0.0


def format_report(r: dict) -> str:
    w = r["workers"]
    pp, pt, pl, pm = r["pipeline_pdf"], r["pipeline_text"], r["pdfplumber"], r["pypdfium2"]
    cpu_pp = pp["cpu_self"] + pp["cpu_children"]
    cpu_pt = pt["cpu_self"] + pt["cpu_children"]
    lines = [
        f"machine: {json.dumps(r['machine'], ensure_ascii=False)}",
        f"corpus: n={r['n']} seed={r['seed']}; workers={w}",
        "",
        "| run | docs | pages | wall s | docs/s | pages/s | CPU s | peak RSS main / worker MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| pipeline, PDFs | {pp['docs']} | {pp['pages']} | {pp['seconds']:.1f} | {rate(pp['docs'], pp['seconds']):.2f} | "
        f"{rate(pp['pages'], pp['seconds']):.1f} | {cpu_pp:.1f} | {pp['rss_self_mb']:.0f} / {pp['rss_children_mb']:.0f} |",
        f"| pipeline, txt+md+docx | {pt['docs']} | - | {pt['seconds']:.1f} | {rate(pt['docs'], pt['seconds']):.2f} | - | "
        f"{cpu_pt:.1f} | {pt['rss_self_mb']:.0f} / {pt['rss_children_mb']:.0f} |",
        f"| bare pdfplumber extract_text | {pp['docs']} | {pl['pages']} | {pl['seconds']:.1f} | "
        f"{rate(pp['docs'], pl['seconds']):.2f} | {rate(pl['pages'], pl['seconds']):.1f} | {pl['cpu']:.1f} | |",
        f"| bare pypdfium2 get_text_range | {pp['docs']} | {pm['pages']} | {pm['seconds']:.1f} | "
        f"{rate(pp['docs'], pm['seconds']):.2f} | {rate(pm['pages'], pm['seconds']):.1f} | {pm['cpu']:.1f} | |",
        "",
        f"pipeline / bare pdfplumber: {pp['seconds'] / pl['seconds']:.2f}x wall, {cpu_pp / pl['cpu']:.2f}x CPU (target <= 0.3x)",
        f"pipeline / bare pypdfium2: {pp['seconds'] / pm['seconds']:.1f}x wall, {cpu_pp / pm['cpu']:.1f}x CPU",
        f"text inputs: {rate(pt['docs'], pt['seconds']) / w:.1f} reports/s per core (wall / {w} workers), "
        f"{rate(pt['docs'], cpu_pt):.1f} reports per CPU-second (target >= 50)",
        f"statuses: PDFs {pp['by_status']}; text {pt['by_status']}",
    ]
    if "marginal" in r:
        pages = sorted(r["marginal"]["pdf_page"])
        docs = sorted(r["marginal"]["text_doc"])
        per_page, per_doc = statistics.median(pages), statistics.median(docs)
        pl_page = pl["cpu"] / max(1, pl["pages"])
        lines += [
            "",
            f"marginal cost (full run minus a run over every second file; start-up costs cancel out), "
            f"median of {len(pages)} rounds [range]:",
            f"PDFs: {1000 * per_page:.1f} ms CPU per page [{1000 * pages[0]:.1f}-{1000 * pages[-1]:.1f}] = "
            f"{per_page / pl_page:.2f}x bare pdfplumber ({1000 * pl_page:.1f} ms/page) (target <= 0.3x)",
            f"text inputs: {1000 * per_doc:.1f} ms CPU per report [{1000 * docs[0]:.1f}-{1000 * docs[-1]:.1f}] = "
            f"{1 / per_doc:.1f} reports per CPU-second [{1 / docs[-1]:.1f}-{1 / docs[0]:.1f}] (target >= 50)",
        ]
    lines += [
        "",
        "per-stage CPU time, in-process, ms per document (first call apart):",
        "",
    ]
    stage_names = list(dict.fromkeys(name for s in r["stages"].values() for name in s["seconds"]))
    lines.append("| format | docs | " + " | ".join(stage_names) + " | total | first call |")
    lines.append("|---|---:|" + "---:|" * (len(stage_names) + 2))
    for fmt, s in r["stages"].items():
        n = max(1, s["docs"])
        cells = [f"{1000 * s['seconds'].get(name, 0.0) / n:.1f}" for name in stage_names]
        total = 1000 * sum(s["seconds"].values()) / n
        first = 1000 * sum(s["first_call"].values())
        lines.append(f"| {fmt} | {s['docs']} | " + " | ".join(cells) + f" | {total:.1f} | {first:.0f} |")
    pdf = r["stages"].get("pdf")
    if pdf and pdf["pages"]:
        lines.append(f"\nPDF read stage: {1000 * pdf['seconds'].get('documents', 0) / pdf['pages']:.1f} ms per page in-process; "
                     f"bare pdfplumber {1000 * pl['cpu'] / max(1, pl['pages']):.1f}, "
                     f"bare pypdfium2 {1000 * pm['cpu'] / max(1, pm['pages']):.2f} ms CPU per page")
    for group, text in r.get("profile", {}).items():
        lines += ["", f"pyinstrument, {group} sample (trimmed):", "", "```", *trim_profile(text), "```"]
    return "\n".join(lines)


def trim_profile(text: str, limit: int = 45) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()][:limit]


# ------------------------------------------------------------ RSS sweep


def sweep(sizes: list[int], workers: int, seed: int) -> str:
    lines = ["| small txt reports | wall s | docs/s | peak RSS main MB | peak RSS worker MB | statuses |",
             "|---:|---:|---:|---:|---:|---|"]
    for n in sizes:
        corpus = make_corpus(n, seed=seed, formats=("txt",), small=True)
        r = measure_run(corpus.folder("text"), workers)
        lines.append(f"| {n} | {r['seconds']:.1f} | {rate(r['docs'], r['seconds']):.1f} | {r['rss_self_mb']:.0f} | "
                     f"{r['rss_children_mb']:.0f} | {r['by_status']} |")
        print(lines[-1], flush=True)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the pipeline on a synthetic corpus.")
    parser.add_argument("--n", type=int, default=200, help="reports in the corpus (a quarter in each format)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--sample", type=int, default=12, help="documents per format timed stage by stage")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the whole-run measurements (medians are shown)")
    parser.add_argument("--profile", action="store_true", help="profile the sample with pyinstrument")
    parser.add_argument("--sizes", default="", help="comma-separated N: peak RSS over N small txt reports")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw numbers here")
    parser.add_argument("--startup", action="store_true",
                        help="small runs, start-up included: --startup-pdfs PDFs of --startup-pages pages, "
                             "`pipeline run` next to bare pdfplumber (use --workers 1), plus --help and a rerun")
    parser.add_argument("--startup-pdfs", type=int, default=40)
    parser.add_argument("--startup-pages", type=int, default=5)
    parser.add_argument("--against", type=Path, default=None,
                        help="with --startup: also time the pipeline of this source tree in the same rounds")
    parser.add_argument("--probe-run", nargs=2, type=Path, metavar=("RAW", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe_run:
        print(json.dumps(probe_run(*args.probe_run, args.workers)))
        return 0
    if args.startup:
        from benchmarks.startup import format_startup, startup_benchmark

        found = startup_benchmark(args.startup_pdfs, args.startup_pages, args.workers, args.repeat, args.seed,
                                  args.against)
        print()
        print(format_startup(found))
        path = args.json or CACHE / f"startup-{args.seed}-{args.startup_pdfs}x{args.startup_pages}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0
    if args.sizes:
        print(sweep([int(s) for s in args.sizes.split(",") if s.strip()], args.workers, args.seed))
        return 0
    result = benchmark(args)
    print()
    print(format_report(result))
    path = args.json or CACHE / f"results-{args.seed}-{args.n}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
