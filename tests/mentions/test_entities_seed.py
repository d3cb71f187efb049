"""Seed check: per-label F1 of the mentions against the gold, with the gold rules.

The seeds get the reader-like clean-up of tests/support/seeds.py (fake-bold runs
collapsed, markdown and HTML tags stripped), once with their line wraps kept and once
joined as a reader would join them. The scores print with ``pytest -s``. A missing seed or
gold file fails the test.
"""

from __future__ import annotations

from collections import Counter

import pytest

from extractors.core.doc import doc_from_text
from extractors.core.records import ParticipantRow
from extractors.mentions.extract import extract_mentions
from tests.support.goldscore import LABELS, f1, score_entities
from tests.support.seeds import gold, seed_names, seed_text

THRESHOLDS = {"ORG": 0.92, "PERSON": 0.92, "PLACE": 0.85, "EVENT": 0.85}


def run_variant(join: bool) -> dict[str, Counter]:
    totals = {label: Counter() for label in LABELS}
    for stem in seed_names():
        text, expected = seed_text(stem, join_wraps=join), gold(stem)
        participants = [
            ParticipantRow(doc_id=stem, seq=p.get("seq"), name=p["name"], agency=p.get("agency"),
                           job_title=p.get("job_title"))
            for p in expected.get("participants", [])
        ]
        rows = extract_mentions(doc_from_text(text, stem), participants=participants)
        for row in rows:
            assert text[row.char_start : row.char_end] == row.text
        scores, errors = score_entities(expected["entities"], rows)
        print(stem, "joined" if join else "raw", {k: round(f1(v), 3) for k, v in scores.items()}, errors)
        for label in LABELS:
            totals[label] += scores[label]
    return totals


@pytest.mark.parametrize("join", [False, True], ids=["wraps-kept", "wraps-joined"])
def test_seed_f1(join):
    totals = run_variant(join)
    print("TOTAL", {k: (dict(v), round(f1(v), 3)) for k, v in totals.items()})
    for label, minimum in THRESHOLDS.items():
        assert f1(totals[label]) >= minimum, (label, dict(totals[label]))
