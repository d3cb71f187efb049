"""No name from the seeds or the gold in the entity code or its lexicons (the gazetteer
data belongs to extractors/gazetteer.py and is general CLDR/city data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.seeds import ROOT, gold, seed_names

CODE = sorted(str(p.relative_to(ROOT / "extractors")) for p in (ROOT / "extractors").rglob("*.py"))
LEXICONS = ["org_suffixes_zh.txt", "org_heads_en.txt", "event_heads_zh.txt", "event_heads_en.txt", "titles_zh.txt",
            "honorifics_en.txt", "degrees_en.txt", "surnames_zh.txt", "person_followers_zh.txt", "stopwords_zh.txt"]


def gold_names() -> set[str]:
    names = set()
    for stem in seed_names():
        for entity in gold(stem)["entities"]:
            if "PLACE" in entity["labels"]:
                continue
            for name in entity["names"]:
                # Long enough to be a proper name rather than vocabulary (委員會, Council).
                if len(name) >= 4 and not name.isascii() or name.isascii() and len(name.split()) >= 2:
                    names.add(name)
    return names


@pytest.mark.parametrize("filename", CODE + [f"lexicons/{name}" for name in LEXICONS])
def test_no_gold_name_in(filename):
    text = (ROOT / "extractors" / filename).read_text(encoding="utf-8")
    hits = sorted(name for name in gold_names() if name in text)
    assert not hits, hits


def test_files_exist():
    for filename in CODE + [f"lexicons/{name}" for name in LEXICONS]:
        assert Path(ROOT / "extractors" / filename).exists(), filename
