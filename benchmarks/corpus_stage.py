"""The corpus stage's own cost: names learned across the corpus, on a synthetic corpus.

    python benchmarks/corpus_stage.py --n 200

Runs the pipeline once over the corpus of ``make_corpus.py`` (text formats), then times,
from the run's cache and in this process, the corpus stage's three steps as the
assembly runs them: ``learn`` over every mentions row, ``prepare`` (the names and the
automaton; the first call also loads jieba's dictionary, timed apart), and ``scan`` of
every document, whose text is read from the cache one at a time. It also times the
whole assembly again with and without the stage.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.make_corpus import SEED, make_corpus  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    from extractors.mentions import words
    from extractors.mentions.corpus import CorpusNames
    from pipeline import stages
    from pipeline.cache import Cache
    from pipeline.runner import run

    corpus = make_corpus(args.n, seed=SEED, formats=("txt", "md", "docx"))
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.process_time()
    words.dictionary(), words.cutter()  # what the stage loads in the process that assembles
    load = time.process_time() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        first = run(corpus.folder("text"), out, workers=args.workers)
        cache, keys = Cache(out), stages.stage_keys(stages.STAGES)
        ids = sorted(p.stem for p in (cache.root / "mentions").glob("*.pkl"))
        names = CorpusNames()
        t0 = time.process_time()
        for doc_id in ids:
            entry = cache.get("mentions", doc_id, keys["mentions"], bulky=False)
            names.learn(entry.outputs.get("mentions", []) if entry else [])
        learn = time.process_time() - t0
        t0 = time.process_time()
        names.prepare()
        prepare = time.process_time() - t0
        added = 0
        t0 = time.process_time()
        for doc_id in ids:
            doc = cache.get("documents", doc_id, keys["documents"])
            rows = cache.get("mentions", doc_id, keys["mentions"], bulky=False)
            sections = cache.get("sections", doc_id, keys["sections"], bulky=False)
            if doc is None or rows is None or sections is None:
                continue
            found = names.find(doc.outputs.get("doc"), rows.outputs.get("mentions", []),  # type: ignore[arg-type]
                               sections.outputs.get("sections", []))  # type: ignore[arg-type]
            added += len(found)
        scan = time.process_time() - t0
        timings = {}
        registered = stages.STAGES
        for label, registry in (("with", stages.STAGES), ("without", tuple(s for s in stages.STAGES if s.name != "corpus"))):
            stages.STAGES = registry
            (out / ".tripmine" / "outputs.sha256").unlink(missing_ok=True)
            t0 = time.perf_counter()
            again = run(corpus.folder("text"), out, workers=args.workers)
            timings[label] = (time.perf_counter() - t0, again.n_extracted)
        stages.STAGES = registered
    n = len(ids)
    print(f"corpus: {n} reports (text formats), first run {first.seconds:.1f} s")
    print(f"jieba dictionary + cutter load (once per process): {load:.2f} CPU s, +{rss:.0f} MB peak RSS")
    print(f"learn: {learn:.3f} CPU s ({1000 * learn / n:.2f} ms/report); names kept: {len(names.names)}")
    print(f"prepare: {prepare:.3f} CPU s")
    print(f"scan (text read from the cache included): {scan:.3f} CPU s ({1000 * scan / n:.2f} ms/report); "
          f"mentions added: {added}")
    for label, (seconds, extracted) in timings.items():
        print(f"assembly {label} the corpus stage: {seconds:.2f} s wall (documents extracted: {extracted})")


if __name__ == "__main__":
    main()
