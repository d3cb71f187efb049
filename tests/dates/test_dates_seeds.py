"""The two seed reports against their gold: set-of-intervals F1 per tests/gold/README.md.

The seed text gets only the reader-like clean-up of tests/support/seeds.py (the readers do
the real work). The anchors come from the text itself: no trip year is passed in.
"""

from __future__ import annotations

import pytest

from extractors.core.doc import doc_from_text
from extractors.dates.extract import extract_dates
from tests.support.goldscore import dates_f1
from tests.support.seeds import gold, seed_names, seed_text

SEEDS = seed_names()


@pytest.mark.parametrize("name", SEEDS)
def test_seed_dates_f1(name):
    doc = doc_from_text(seed_text(name), doc_id=name)
    rows = extract_dates(doc)
    f1, false_finds, misses = dates_f1(rows, gold(name))
    assert f1 >= 0.97, (false_finds, misses)
    for row in rows:
        assert doc.text[row.char_start : row.char_end] == row.text


@pytest.mark.parametrize("name", SEEDS)
def test_seed_without_wrap_joining_still_passes(name):
    """Unjoined hard wraps (a range split over two lines) must not break the rest."""
    text = seed_text(name, join_wraps=False)
    f1, _, _ = dates_f1(extract_dates(doc_from_text(text)), gold(name))
    assert f1 >= 0.95
