"""Time the PDF text sources side by side: python benchmarks/pdf_text_sources.py [--repeat N]

Sources, per document (best of N runs, ms per page):
  plumber        pdfplumber extract_text on every page
  plumber+dedup  the same after page.dedupe_chars(tolerance=1)
  read_pdf slow  the full reader on pdfplumber alone (dedupe, tables, lines, furniture, joining)
  read_pdf       the full reader with the PDFium fast path for pages without ruled lines
  pdfium         pypdfium2 get_textpage().get_text_range()

Inputs: the two seed renderings in data/raw and longer synthetic PDFs (each seed
rendered 5 times over) made in memory with tests/fixtures/make_pdfs.py. A second
table checks how clean each raw stream is: doubled fake-bold headings left in,
page furniture left in, and whether a wrapped cell of the itinerary survives.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import re
import sys
import time
from pathlib import Path

import pdfplumber
import pypdfium2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.readers.pdf import read_pdf  # noqa: E402


def load_make_pdfs():
    spec = importlib.util.spec_from_file_location("make_pdfs", ROOT / "tests" / "fixtures" / "make_pdfs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_pdfs"] = module
    spec.loader.exec_module(module)
    return module


def plumber_text(data: bytes, dedupe: bool) -> str:
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            view = page.dedupe_chars(tolerance=1) if dedupe else page
            out.append(view.extract_text() or "")
            page.close()
    return "\n".join(out)


def pdfium_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    out = []
    try:
        for page in pdf:
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return "\n".join(out)


SOURCES = {
    "plumber": lambda data: plumber_text(data, dedupe=False),
    "plumber+dedup": lambda data: plumber_text(data, dedupe=True),
    "read_pdf slow": lambda data: read_pdf(data, fast=False).text,
    "read_pdf": lambda data: read_pdf(data).text,
    "pdfium": pdfium_text,
}


def best_time(fn, data: bytes, repeat: int) -> tuple[float, str]:
    best, text = float("inf"), ""
    for _ in range(repeat):
        start = time.process_time()  # CPU time: other jobs on the machine skew wall time
        text = fn(data)
        best = min(best, time.process_time() - start)
    return best, text


def cleanliness(text: str) -> dict[str, str]:
    flat = re.sub(r"\s+", "", text)
    return {
        "doubled headings": str(len(re.findall(r"壹壹|貳貳|肆肆|伍伍|陸陸|摘摘|過過", flat))),
        "page numbers": str(len(re.findall(r"^\s*(?:-\s*\d+\s*-|第\s*\d+\s*頁)\s*$", text, re.M))),
        "running header": str(len(re.findall(r"臺中市政府(?:公務)?出國報告(?!提要)", text))),
        "wrapped cell joined": "yes" if ("阿姆斯特丹－斯特拉斯堡" in text or "臺北—曼谷—伊斯蘭馬巴德" in text) else "no",
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    make = load_make_pdfs()
    docs = {
        "000 seed": (ROOT / "data/raw/000_4fc28645e15cc52a.pdf").read_bytes(),
        "002 seed": (ROOT / "data/raw/002_db59ea7e1ec3d519.pdf").read_bytes(),
        "000 x5": make.render_dump_seed((ROOT / "data/raw/000_4fc28645e15cc52a.txt").read_text("utf-8"), copies=5),
        "002 x5": make.render_markdown_seed((ROOT / "data/raw/002_db59ea7e1ec3d519.txt").read_text("utf-8"), copies=5),
    }
    print(f"CPU ms per page, best of {args.repeat}; ratio = source / read_pdf\n")
    print(f"{'document':10} {'pages':>5} " + " ".join(f"{name:>15}" for name in SOURCES) + "   pdfium speedup")
    totals = {name: 0.0 for name in SOURCES}
    total_pages = 0
    texts: dict[str, str] = {}
    for label, data in docs.items():
        n_pages = len(pypdfium2.PdfDocument(data))
        total_pages += n_pages
        row = {}
        for name, fn in SOURCES.items():
            seconds, text = best_time(fn, data, args.repeat)
            row[name] = seconds * 1000 / n_pages
            totals[name] += seconds * 1000
            if label == "000 seed" or label == "002 seed":
                texts[f"{label} {name}"] = texts.get(f"{label} {name}", "") + text
        cells = " ".join(f"{row[name]:9.1f} ({row[name] / row['read_pdf']:.2f})" for name in SOURCES)
        print(f"{label:10} {n_pages:5d} {cells}   {row['read_pdf'] / row['pdfium']:.0f}x")
    cells = " ".join(f"{totals[name] / total_pages:9.1f} ({totals[name] / totals['read_pdf']:.2f})" for name in SOURCES)
    print(f"{'all':10} {total_pages:5d} {cells}   {totals['read_pdf'] / totals['pdfium']:.0f}x\n")

    print("cleanliness of each source's text (both seeds together)")
    checks = list(cleanliness("").keys())
    print(f"{'source':15} " + " ".join(f"{c:>20}" for c in checks))
    for name in SOURCES:
        text = texts["000 seed " + name] + "\n" + texts["002 seed " + name]
        result = cleanliness(text)
        print(f"{name:15} " + " ".join(f"{result[c]:>20}" for c in checks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
