"""Stage-level properties of entity resolution: ids, determinism, stability, the why."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from extractors.core.records import EntityRow, MentionRow
from extractors.entities.resolve import AliasRow, resolve_entities


def m(doc: str, label: str, text: str | None = None, zh: str | None = None, en: str | None = None,
      abbr: str | None = None, start: int = 0) -> MentionRow:
    return MentionRow(doc_id=doc, section_path="1", label=label, text=text or zh or en or abbr,
                      name_zh=zh, name_en=en, abbr=abbr, char_start=start, char_end=start + 5)


# A small corpus in the styles of several agencies: a city government at a mayors' forum, a
# ministry at a health assembly, a port bureau at a shipping conference.
CORPUS = [
    m("city", "ORG", "「亞洲開發銀行」（Asian Development Bank, ADB）", "亞洲開發銀行", "Asian Development Bank", "ADB", 10),
    m("city", "ORG", "ADB", abbr="ADB", start=40),
    m("city", "EVENT", zh="2019亞太城市高峰會", en="2019 Asia Pacific Cities Summit", start=60),
    m("city", "PERSON", "Mr. Carlos Moreno", start=80),
    m("city", "ORG", zh="本府", start=90),
    m("city", "PLACE", zh="布里斯本", en="Brisbane", start=95),
    m("health", "ORG", zh="世界卫生组织", en="World Health Organization", abbr="WHO", start=5),
    m("health", "ORG", en="World Health Organisation", start=30),
    m("health", "ORG", zh="亞洲開發銀行", start=50),
    m("health", "PERSON", "Carlos Morneo", start=70),
    m("health", "ORG", zh="本府", start=75),
    m("port", "ORG", zh="國際港埠協會", en="International Association of Ports and Harbors", abbr="IAPH", start=3),
    m("port", "ORG", abbr="IAPH", start=20),
    m("port", "ORG", zh="世界衛生組織", start=33),
    m("port", "PLACE", en="Brisbane", start=44),
    m("port", "EVENT", en="2019 Asia Pacific Cities Summits", start=50),
]

NEW_DOC = [
    m("extra", "ORG", zh="國際港埠協會", start=1),
    m("extra", "ORG", zh="國際海事組織", en="International Maritime Organization", abbr="IMO", start=10),
    m("extra", "PERSON", text="Dr. Lim Kitack", start=30),
]


def ids(rows: list[MentionRow]) -> list[str | None]:
    return [r.entity_id for r in rows]


def test_mentions_keep_order_and_get_ids():
    out = resolve_entities(CORPUS)
    assert [replace(r, entity_id=None) for r in out["mentions"]] == CORPUS
    assert all(re.fullmatch(r"e_[0-9a-f]{12}", r.entity_id) for r in out["mentions"])
    assert all(isinstance(e, EntityRow) for e in out["entities"])
    assert all(isinstance(a, AliasRow) for a in out["aliases"])


def test_expected_merges_in_corpus():
    got = ids(resolve_entities(CORPUS)["mentions"])
    assert got[0] == got[1] == got[8]  # ADB everywhere, zh only in another report
    assert got[6] == got[7] == got[13]  # WHO: Simplified, Traditional, British spelling
    assert got[3] == got[9]  # Moreno / Morneo
    assert got[2] == got[15]  # Summit / Summits
    assert got[5] == got[14]  # Brisbane
    assert got[11] == got[12]  # IAPH
    assert got[4] != got[10]  # 本府 of two reports


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_shuffled_input_gives_same_ids_and_entities(seed):
    base = resolve_entities(CORPUS)
    rows = list(CORPUS)
    random.Random(seed).shuffle(rows)
    out = resolve_entities(rows)
    by_row = {(r.doc_id, r.char_start): r.entity_id for r in out["mentions"]}
    assert [by_row[(r.doc_id, r.char_start)] for r in base["mentions"]] == ids(base["mentions"])
    assert out["entities"] == base["entities"]
    assert out["aliases"] == base["aliases"]


def test_adding_a_document_keeps_untouched_ids():
    before = resolve_entities(CORPUS)
    after = resolve_entities(CORPUS + NEW_DOC)
    new_ids = {r.entity_id for r in after["mentions"][len(CORPUS):]}
    old_after = after["mentions"][: len(CORPUS)]
    changed = [(b.entity_id, a.entity_id) for b, a in zip(before["mentions"], old_after, strict=True)
               if b.entity_id != a.entity_id]
    assert changed == [(b, a) for b, a in changed if a in new_ids]  # only entities the new doc joins
    untouched = [b for b, a in zip(before["mentions"], old_after, strict=True) if a.entity_id not in new_ids]
    assert len(untouched) >= 12
    # the port association, which the new report mentions again, keeps its id as well
    assert old_after[11].entity_id == before["mentions"][11].entity_id


def test_adding_a_document_that_renames_an_entity_changes_only_that_entity():
    extra = [m("extra", "ORG", zh="國際港埠協會", en="International Association of Ports & Harbours", abbr="IAPH")]
    before = resolve_entities(CORPUS)
    after = resolve_entities(CORPUS + extra)
    for b, a in zip(before["mentions"], after["mentions"][: len(CORPUS)], strict=True):
        if b.doc_id != "port" or b.char_start not in (3, 20):
            assert a.entity_id == b.entity_id


def test_entity_counts():
    out = resolve_entities(CORPUS)
    by_id = {e.entity_id: e for e in out["entities"]}
    adb = by_id[out["mentions"][0].entity_id]
    assert (adb.n_mentions, adb.n_docs) == (3, 2)
    who = by_id[out["mentions"][6].entity_id]
    assert (who.n_mentions, who.n_docs) == (3, 2)
    home = by_id[out["mentions"][4].entity_id]
    assert (home.n_mentions, home.n_docs) == (1, 1)
    assert sum(e.n_mentions for e in out["entities"]) == len(CORPUS)
    assert len(by_id) == len(out["entities"])


def test_canonical_names_and_aliases():
    out = resolve_entities(CORPUS)
    by_id = {e.entity_id: e for e in out["entities"]}
    who = by_id[out["mentions"][6].entity_id]
    assert who.label == "ORG"
    assert who.name_zh in ("世界卫生组织", "世界衛生組織")
    assert who.name_en == "World Health Organization"  # linked and bilingual beats the variant
    assert who.abbr == "WHO"
    assert "World Health Organisation" in who.aliases
    moreno = by_id[out["mentions"][3].entity_id]
    assert moreno.name_en == "Carlos Moreno" or moreno.name_en == "Carlos Morneo"


def test_aliases_say_why():
    out = resolve_entities(CORPUS)
    why = {(a.entity_id, a.alias): a for a in out["aliases"]}
    who_id = out["mentions"][6].entity_id
    assert why[(who_id, "World Health Organisation")].rule == "fuzzy"
    assert 0.9 <= why[(who_id, "World Health Organisation")].score < 1.0
    assert why[(who_id, "World Health Organisation")].matched == "World Health Organization"
    assert why[(who_id, "WHO")].rule == "bilingual_link"
    variants = {why[(who_id, s)].rule for s in ("世界卫生组织", "世界衛生組織")}
    assert variants == {"canonical", "script_variant"}
    moreno_id = out["mentions"][3].entity_id
    assert {why[(moreno_id, s)].rule for s in ("Carlos Moreno", "Carlos Morneo")} == {"canonical", "transposition"}
    # every surface of every entity is explained exactly once
    surfaces = {(e.entity_id, s) for e in out["entities"] for s in e.aliases}
    assert surfaces <= set(why)
    assert len(why) == len(out["aliases"])


def test_mentions_without_names_get_no_id():
    rows = [MentionRow(doc_id="a", label="ORG", text=None), MentionRow(doc_id="a", label="ORG", text="（二）")]
    out = resolve_entities(rows)
    assert ids(out["mentions"]) == [None, None]
    assert out["entities"] == []


def test_id_is_derived_from_canonical_name_not_row_order():
    one = resolve_entities([m("a", "ORG", zh="國際港埠協會")])["mentions"][0].entity_id
    two = resolve_entities([m("z", "ORG", en="Other Body"), m("b", "ORG", zh="国际港埠协会")])["mentions"][1].entity_id
    assert one == two


@pytest.mark.parametrize("enabled", [True, False])
def test_garbage_collector_state_is_restored(enabled):
    import gc

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        resolve_entities(CORPUS)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_adding_a_document_to_a_synthetic_corpus(seed):
    from benchmarks.resolve_bench import make_entities, make_mentions

    rng = random.Random(seed)
    entities = make_entities(300, rng)
    rows, _ = make_mentions(entities, 3000, 60, rng)
    new_doc = [replace(r, doc_id="new-report") for r in rows[:40]]  # mentions of known entities, new doc
    before = resolve_entities(rows)["mentions"]
    after = resolve_entities(rows + new_doc)["mentions"]
    touched = {r.entity_id for r in after[len(rows):]}
    kept = [(b.entity_id, a.entity_id) for b, a in zip(before, after, strict=False) if a.entity_id not in touched]
    assert len(kept) > 1000
    assert all(b == a for b, a in kept)
