"""Make a deterministic synthetic corpus of trip reports as PDF, txt, md and docx.

    python benchmarks/make_corpus.py --n 200 [--seed 7] [--out benchmarks/.cache/corpus-7-200]

Report i of a seed is the same whatever N is (each report has its own seeded
generator), and its format is ``formats[i % len(formats)]``. PDFs go to
``<out>/pdf/report_<i>.pdf``, the text inputs to ``<out>/text/<format>/``, so
each group can be given to ``--raw`` alone; ``<out>/corpus.json`` records the seed, N,
the generator version and every file, so a second call with the same arguments
reuses the folder instead of rendering again.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.render import RENDERERS  # noqa: E402
from benchmarks.report_spec import build_report  # noqa: E402

SEED = 7
VERSION = 1  # bump when the generator's output changes
FORMATS = ("pdf", "txt", "md", "docx")
CACHE = Path(__file__).resolve().parent / ".cache"


@dataclass(frozen=True)
class Corpus:
    root: Path
    seed: int
    files: dict[str, list[Path]]  # format -> paths
    seconds: float  # time spent rendering (0 when reused)

    def folder(self, group: str) -> Path:
        """``pdf`` or ``text`` (txt, md and docx)."""
        return self.root / group

    @property
    def n(self) -> int:
        return sum(len(paths) for paths in self.files.values())


def default_root(n: int, seed: int, formats: tuple[str, ...], small: bool) -> Path:
    tag = "" if formats == FORMATS else "-" + "+".join(formats)
    return CACHE / f"corpus-{seed}-{n}{tag}{'-small' if small else ''}"


def stamp_of(n: int, seed: int, formats: tuple[str, ...], small: bool) -> dict:
    return {"version": VERSION, "seed": seed, "n": n, "formats": list(formats), "small": small}


def load_cached(root: Path, stamp: dict) -> Corpus | None:
    try:
        saved = json.loads((root / "corpus.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if saved.get("stamp") != stamp:
        return None
    files = {fmt: [root / rel for rel in rels] for fmt, rels in saved["files"].items()}
    if not all(p.is_file() for paths in files.values() for p in paths):
        return None
    return Corpus(root, stamp["seed"], files, 0.0)


def make_corpus(
    n: int,
    *,
    seed: int = SEED,
    root: Path | None = None,
    formats: tuple[str, ...] = FORMATS,
    small: bool = False,
) -> Corpus:
    """Render N reports (or reuse the cached folder made with the same arguments)."""
    root = root or default_root(n, seed, formats, small)
    stamp = stamp_of(n, seed, formats, small)
    cached = load_cached(root, stamp)
    if cached:
        return cached
    started = time.perf_counter()
    if root.exists():
        shutil.rmtree(root)
    files: dict[str, list[Path]] = {fmt: [] for fmt in formats}
    for i in range(n):
        fmt = formats[i % len(formats)]
        report = build_report(seed, i, small=small)
        path = root / ("pdf" if fmt == "pdf" else f"text/{fmt}") / f"report_{i:05d}.{fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(RENDERERS[fmt](report))
        files[fmt].append(path)
    rels = {fmt: [p.relative_to(root).as_posix() for p in paths] for fmt, paths in files.items()}
    (root / "corpus.json").write_text(json.dumps({"stamp": stamp, "files": rels}, indent=1), encoding="utf-8")
    return Corpus(root, seed, files, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--small", action="store_true", help="short one-page reports (for the RSS sweep)")
    args = parser.parse_args(argv)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    corpus = make_corpus(args.n, seed=args.seed, root=args.out, formats=formats, small=args.small)
    counts = ", ".join(f"{len(v)} {k}" for k, v in corpus.files.items())
    print(f"{corpus.root}: {counts} ({'rendered in %.1f s' % corpus.seconds if corpus.seconds else 'cached'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
