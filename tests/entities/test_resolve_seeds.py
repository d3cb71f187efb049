"""Pairwise resolution on the seed reports (gold README, "resolution"), with mentions
simulated from the texts by the bilingual grammar (benchmarks/resolve_seed_eval.py)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.resolve_seed_eval import join_lines, score, simulate_mentions
from extractors.entities.resolve import resolve_entities
from tests.support.seeds import gold, raw_seed, seed_names


def test_seed_resolution_meets_acceptance():
    golds, mentions = {}, []
    for name in seed_names():
        expected = gold(name)
        doc_id = Path(expected["source"]).stem.split("_", 1)[1]
        golds[doc_id] = expected
        mentions += simulate_mentions(doc_id, join_lines(raw_seed(Path(expected["source"]).stem)), expected)
    result = score(resolve_entities(mentions)["mentions"], golds)
    assert result["observations"] > 100
    assert result["precision"] >= 0.98
    assert result["recall"] >= 0.95
