"""OCR throughput: pages per CPU-second of `pipeline.readers.ocr.ocr_page`, and the projection.

    python benchmarks/ocr_bench.py [--pdf data/raw/scanned/000_4fc28645e15cc52a.pdf] [--pages 0,1,2]

One process, one engine (loaded once, as in a worker), OMP_THREAD_LIMIT=1. CPU time is
`time.process_time` around each page: render, deskew, ruling, Tesseract (psm 3, and psm 6
where it retries), table cells, line building. The engine's load is timed apart.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pdf", type=Path, default=ROOT / "data" / "raw" / "scanned" / "000_4fc28645e15cc52a.pdf")
    parser.add_argument("--pages", default="", help="0-based page numbers, comma-separated (default: all)")
    parser.add_argument("--archive-pages", type=int, default=300_000)
    args = parser.parse_args()

    import pypdfium2

    from pipeline.readers import ocr
    from pipeline.readers.pdf import find_tables

    started = time.process_time()
    ocr.engine()
    load = time.process_time() - started
    document = pypdfium2.PdfDocument(str(args.pdf))
    wanted = [int(p) for p in args.pages.split(",")] if args.pages else list(range(len(document)))
    seconds, rows = [], []
    for index in wanted:
        page = document[index]
        started = time.process_time()
        result = ocr.ocr_page(page, find_tables)
        spent = time.process_time() - started
        page.close()
        seconds.append(spent)
        rows.append({"page": index + 1, "cpu_s": round(spent, 2), "psm": result.psm,
                     "confidence": result.confidence, "low_share": result.low_share, "words": result.n_words})
    document.close()
    per_page = statistics.mean(seconds)
    core_hours = args.archive_pages * per_page / 3600
    print(json.dumps({"engine_load_cpu_s": round(load, 2), "pages": rows,
                      "mean_cpu_s_per_page": round(per_page, 2), "median_cpu_s_per_page": round(statistics.median(seconds), 2),
                      "pages_per_cpu_s": round(1 / per_page, 3),
                      f"core_hours_for_{args.archive_pages}_pages": round(core_hours, 1)}, indent=2))


if __name__ == "__main__":
    main()
