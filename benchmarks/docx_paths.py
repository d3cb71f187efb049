"""The Word reader's two ways to open a .docx, side by side in one run.

    python benchmarks/docx_paths.py --n 200            # the docx files of the benchmark corpus
    python benchmarks/docx_paths.py --corpus DIR       # every .docx under DIR

``cached``: ``pipeline.readers.docx_open.open_docx`` (python-docx's loading steps with the
parsed styles part cached by its bytes). ``public``: ``docx.Document`` alone. Each round
reads every file both ways (the order alternates between rounds) and times CPU seconds
(``time.process_time``); the whole per-document pipeline (read and every document stage,
``benchmarks/run.py``'s ``time_stages``) is timed both ways too, so the reader's share of a
docx run is on the same footing. Medians of the rounds are printed.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.make_corpus import SEED, make_corpus  # noqa: E402
from benchmarks.run import time_stages  # noqa: E402


@contextmanager
def opened_with(mode: str):
    """Within: the Word reader opens files the ``mode`` way."""
    import docx

    from pipeline.readers import docx as reader

    if mode == "cached" or not hasattr(reader, "open_docx"):
        yield
        return
    original = reader.open_docx
    reader.open_docx = lambda data: docx.Document(io.BytesIO(data))
    try:
        yield
    finally:
        reader.open_docx = original


def read_all(datas: list[bytes]) -> float:
    from pipeline.readers.docx import read_docx

    t0 = time.process_time()
    for data in datas:
        read_docx(data)
    return time.process_time() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--corpus", type=Path, default=None, help="read every .docx under this folder instead")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    root = args.corpus or make_corpus(args.n, seed=args.seed).root
    paths = sorted(root.rglob("*.docx"))
    if not paths:
        print(f"no .docx files under {root}")
        return 1
    datas = [p.read_bytes() for p in paths]
    modes = ("cached", "public")
    for mode in modes:  # warm up: imports, the first parse of each template
        with opened_with(mode):
            read_all(datas[:2])
    reads: dict[str, list[float]] = {m: [] for m in modes}
    runs: dict[str, list[float]] = {m: [] for m in modes}
    for k in range(args.rounds):
        for mode in modes if k % 2 == 0 else modes[::-1]:
            with opened_with(mode):
                reads[mode].append(read_all(datas) / len(datas))
                timed = time_stages(paths)
                runs[mode].append(sum(timed["seconds"].values()) / max(1, timed["docs"]))
    print(f"{len(paths)} .docx files under {root}; {args.rounds} rounds; CPU ms per document, median [range]")
    print("| open | read_docx | whole document pipeline | read's share |")
    print("|---|---:|---:|---:|")
    for mode in modes:
        read, run = statistics.median(reads[mode]), statistics.median(runs[mode])
        print(f"| {mode} | {1000 * read:.2f} [{1000 * min(reads[mode]):.2f}-{1000 * max(reads[mode]):.2f}] "
              f"| {1000 * run:.1f} [{1000 * min(runs[mode]):.1f}-{1000 * max(runs[mode]):.1f}] | {read / run:.0%} |")
    saved = statistics.median(reads["public"]) - statistics.median(reads["cached"])
    print(f"the cached open saves {1000 * saved:.2f} ms per document = "
          f"{saved / statistics.median(runs['public']):.1%} of a docx document's pipeline time (public open)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
