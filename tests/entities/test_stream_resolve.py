"""Resolver: resolution in passes over batches gives exactly what resolve_entities gives."""

from __future__ import annotations

import hashlib
import json
import random

import pytest

from benchmarks.resolve_bench import make_entities, make_mentions
from extractors.core.records import MentionRow
from extractors.entities.resolve import Resolver, resolve_entities


def m(doc: str, label: str, zh: str | None = None, en: str | None = None, abbr: str | None = None) -> MentionRow:
    return MentionRow(doc_id=doc, section_path="1", label=label, text=zh or en or abbr, name_zh=zh, name_en=en, abbr=abbr)


def corpus(seed: int) -> list[MentionRow]:
    """Synthetic mentions plus the cases where the entity depends on the document: generic
    names (本府, 秘書處) and a short abbreviation that names two bodies (ADB)."""
    rng = random.Random(seed)
    rows, _ = make_mentions(make_entities(250, rng), 3000, 50, rng)
    for _ in range(300):
        doc = f"d{rng.randrange(50):06d}"
        rows.append(rng.choice([
            m(doc, "ORG", zh="本府"),
            m(doc, "ORG", zh="秘書處", en="Secretariat"),
            m(doc, "ORG", zh="亞洲開發銀行", en="Asian Development Bank", abbr="ADB"),
            m(doc, "ORG", zh="亞洲舞蹈協會", en="Asian Dance Board", abbr="ADB"),
            m(doc, "ORG", abbr="ADB"),
            m(doc, rng.choice(["ORG", "EVENT", "PLACE"]), zh="國際港埠協會"),
            MentionRow(doc_id=doc, label="ORG", text=None),  # no usable name
        ]))
    rng.shuffle(rows)
    return rows


def in_batches(rows: list, sizes: list[int]):
    start, k = 0, 0
    while start < len(rows):
        yield rows[start:start + sizes[k % len(sizes)]]
        start += sizes[k % len(sizes)]
        k += 1


@pytest.mark.parametrize("seed", [1, 2])
def test_batches_give_the_same_entities_ids_and_aliases(seed):
    rows = corpus(seed)
    whole = resolve_entities(rows)
    resolver = Resolver()
    forms: list[int] = []
    for batch in in_batches(rows, [1, 7, 300, 64]):
        forms.extend(resolver.add(batch))
    resolver.resolve()
    ids: list[str | None] = []
    for start in range(0, len(rows), 999):  # the second pass in other batches than the first
        ids.extend(resolver.entity_ids(forms[start:start + 999], [r.doc_id for r in rows[start:start + 999]]))
    tables = resolver.tables()
    assert ids == [r.entity_id for r in whole["mentions"]]
    assert tables["entities"] == whole["entities"]
    assert tables["aliases"] == whole["aliases"]
    assert None in ids and len(set(ids)) > 100


def test_the_cases_that_depend_on_the_document_are_exercised():
    resolver = Resolver()
    forms = resolver.add(corpus(1))
    resolver.resolve()
    assert resolver.special  # a short abbreviation bound to a full name inside some documents only
    assert any(f not in resolver.form_variant for f in forms)  # generic names: one entity per document


def test_only_distinct_forms_are_kept():
    rows = corpus(3)
    resolver = Resolver()
    forms = resolver.add(rows)
    distinct = {(r.label, r.name_zh, r.name_en, r.abbr, r.text) for r in rows}
    assert len(set(forms)) == len(resolver.form_label) == len(distinct) < len(rows) / 2
    assert sum(resolver.form_count.values()) == len(rows)


def test_generic_names_resolve_per_document():
    rows = [m("a", "ORG", zh="本府"), m("b", "ORG", zh="本府"), m("a", "ORG", zh="本府")]
    resolver = Resolver()
    forms = resolver.add(rows[:1])
    forms += resolver.add(rows[1:])
    resolver.resolve()
    ids = resolver.entity_ids(forms, [r.doc_id for r in rows])
    assert ids[0] == ids[2] != ids[1]
    counts = {e.entity_id: e.n_mentions for e in resolver.tables()["entities"]}
    assert counts == {ids[0]: 2, ids[1]: 1}


def test_passes_out_of_order_are_refused():
    resolver = Resolver()
    with pytest.raises(RuntimeError):
        resolver.entity_ids([], [])
    resolver.resolve()
    with pytest.raises(RuntimeError):
        resolver.add([m("a", "ORG", zh="本府")])


# resolve_entities' output on corpus(1) and corpus(2), as computed by the whole-list
# implementation before the Resolver (commit 63bf380). Update only when resolution is
# meant to change (or when benchmarks/resolve_bench.py's generator does).
BEFORE_RESOLVER = {
    1: "9237b5a3af4319fb789d77335f847f3b92fde1deab1c200bc47cba62746e62fb",
    2: "e3a7c86e2f534d1fe94a84740e1b75f8f175a9887debddae86338ab0c245bfde",
}


@pytest.mark.parametrize("seed", sorted(BEFORE_RESOLVER))
def test_results_are_those_of_the_implementation_before_the_resolver(seed):
    out = resolve_entities(corpus(seed))
    payload = json.dumps([[r.entity_id for r in out["mentions"]],
                          [list(vars(e).values()) for e in out["entities"]],
                          [list(vars(a).values()) for a in out["aliases"]]], ensure_ascii=False)
    assert hashlib.sha256(payload.encode()).hexdigest() == BEFORE_RESOLVER[seed]
