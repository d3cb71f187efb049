"""Pairwise resolution on the seed reports (gold README, "resolution"), with mentions
simulated from the texts by the bilingual grammar (benchmarks/resolve_seed_eval.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.resolve_seed_eval import join_lines, score, simulate_mentions
from extractors.entities.resolve import resolve_entities

GOLD = Path("/work/shared/gold")
REPORTS = Path("/work/shared/reports")

pytestmark = pytest.mark.skipif(not GOLD.is_dir() or not REPORTS.is_dir(), reason="seed reports not present")


def test_seed_resolution_meets_acceptance():
    golds, mentions = {}, []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc_id = Path(gold["source"]).stem.split("_", 1)[1]
        golds[doc_id] = gold
        mentions += simulate_mentions(doc_id, join_lines((REPORTS / gold["source"]).read_text(encoding="utf-8")), gold)
    result = score(resolve_entities(mentions)["mentions"], golds)
    assert result["observations"] > 100
    assert result["precision"] >= 0.98
    assert result["recall"] >= 0.95
