"""Shared fixtures: one pipeline run over the built-in sample, reused by several tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "raw"
GOLD = REPO / "tests" / "gold"


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory) -> Path:
    """The tables of `pipeline run --stage all` over data/raw (the seeds and their PDF renderings)."""
    from pipeline.runner import run

    out = tmp_path_factory.mktemp("sample_out")
    run(SAMPLE, out, workers=2)
    return out
