"""The two seed reports against their gold: set-of-intervals F1 per ../shared/gold/README.md.

The seed text gets only the light clean-up of tests/seed_tools.py (the readers do the real
work). The anchors come from the text itself: no trip year is passed in.
"""

from __future__ import annotations

import pytest

from extractors.core.doc import doc_from_text
from extractors.dates.extract import extract_dates
from tests.support.seed_tools import GOLD, REPORTS, SEEDS, dates_f1, load_seed, normalize_seed

pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason="the shared seeds are not on this machine")


@pytest.mark.parametrize("name", SEEDS)
def test_seed_dates_f1(name):
    text, gold = load_seed(name)
    doc = doc_from_text(text, doc_id=name)
    rows = extract_dates(doc)
    f1, false_finds, misses = dates_f1(rows, gold)
    assert f1 >= 0.97, (false_finds, misses)
    for row in rows:
        assert doc.text[row.char_start : row.char_end] == row.text


@pytest.mark.parametrize("name", SEEDS)
def test_seed_without_wrap_joining_still_passes(name):
    """Unjoined hard wraps (a range split over two lines) must not break the rest."""
    raw = (REPORTS / f"{name}.txt").read_text(encoding="utf-8")
    _, gold = load_seed(name)
    text = normalize_seed(raw, join_wraps=False)
    f1, _, _ = dates_f1(extract_dates(doc_from_text(text)), gold)
    assert f1 >= 0.95
