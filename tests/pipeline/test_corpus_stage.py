"""The ``corpus`` stage in a run: names one report spells out are found in the others,
the mentions table holds both passes and the resolution links them; a new document
re-runs only the corpus stage (and the resolution) for the others; a rerun is identical.

The reports are invented, in the styles of agencies other than the seeds'.
"""

from __future__ import annotations

import dataclasses

import pyarrow.parquet as pq

from extractors.core.records import TABLES
from extractors.mentions.corpus import CorpusNames
from pipeline import stages
from pipeline.runner import run

SPELLED_OUT = """壹、目的
本會派員赴紐西蘭威靈頓出席「南極海洋哺乳動物研究理事會」（Antarctic Marine Mammal Research Council, AMMRC）第12屆年會。

貳、過程
一、大會由AMMRC主席主持。
"""

BARE = """壹、目的
本所研究人員赴智利蓬塔阿雷納斯參加AMMRC技術工作組會議，並與南極海洋哺乳動物研究理事會秘書處交換意見。

貳、過程
一、會中AMMRCX計畫另案討論；Antarctic Marine Mammal Research Council亦發表年度報告。
"""

LATER = """壹、目的
本局派員赴挪威特羅姆瑟出席「北極海冰觀測聯合中心」（Joint Arctic Sea Ice Observation Centre, JASIOC）成立大會。
"""

TEACHES_LATER = "\n\n貳、心得\n一、與JASIOC合作之可行性值得評估。\n"


def write(raw, name: str, text: str) -> None:
    raw.mkdir(exist_ok=True)
    (raw / name).write_text(text, encoding="utf-8")


def table(out, name: str) -> list[dict]:
    return pq.read_table(out / f"{name}.parquet").to_pylist()


def doc_ids(out) -> dict[str, str]:
    return {d["source_path"]: d["doc_id"] for d in table(out, "documents")}


def test_the_corpus_stage_sits_between_mentions_and_the_resolution():
    names = [s.name for s in stages.STAGES]
    assert names.index("mentions") < names.index("corpus") < names.index("entities")
    corpus = stages.stage_named("corpus")
    assert corpus.scope == "corpus" and corpus.produces == ("mentions",) and corpus.scans_documents


def test_a_name_spelled_out_in_one_report_is_found_bare_in_another(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "a_council.txt", SPELLED_OUT)
    write(raw, "b_institute.txt", BARE)
    run(raw, out, workers=1)
    ids = doc_ids(out)
    mentions = table(out, "mentions")
    added = [m for m in mentions if m["rule"] == "corpus" and m["doc_id"] == ids["b_institute.txt"]]
    texts = [m["text"] for m in added]
    assert "AMMRC" in texts and "南極海洋哺乳動物研究理事會" in texts, texts
    assert not any("AMMRCX" in t for t in texts)  # inside a longer Latin word
    assert all(m["name_zh"] == "南極海洋哺乳動物研究理事會" and m["label"] == "ORG" for m in added)
    for doc_id in ids.values():  # a corpus mention never overlaps another mention of its document
        spans = sorted((m["char_start"], m["char_end"], m["rule"]) for m in mentions if m["doc_id"] == doc_id)
        for (s1, e1, r1), (s2, e2, r2) in zip(spans, spans[1:], strict=False):
            assert "corpus" not in (r1, r2) or e1 <= s2, (s1, e1, r1, s2, e2, r2)
    # The resolution sees both passes: the bare abbreviation is the entity the other report spelled out.
    defined = {m["entity_id"] for m in mentions if m["doc_id"] == ids["a_council.txt"] and m["abbr"] == "AMMRC"}
    assert len(defined) == 1 and {m["entity_id"] for m in added} == defined
    english = [m for m in mentions if m["doc_id"] == ids["b_institute.txt"]
               and m["text"] == "Antarctic Marine Mammal Research Council"]  # found by a grammar or the corpus
    assert english and {m["entity_id"] for m in english} == defined
    # Rows stay grouped by document in corpus order and in text order within one.
    order = [(list(ids.values()).index(m["doc_id"]), m["char_start"]) for m in mentions]
    assert order == sorted(order)


def test_a_new_document_reruns_only_the_corpus_stage_for_the_others(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "a_council.txt", SPELLED_OUT)
    write(raw, "b_institute.txt", BARE + TEACHES_LATER)
    first = run(raw, out, workers=1)
    document_stages = {s.name for s in stages.STAGES if s.scope == "document"}
    assert set(first.ran) == document_stages and all(n == 2 for n in first.ran.values())
    ids = doc_ids(out)
    assert not [m for m in table(out, "mentions") if m["text"] == "JASIOC" and m["doc_id"] == ids["b_institute.txt"]]

    write(raw, "c_bureau.txt", LATER)
    second = run(raw, out, workers=1)
    assert second.ran == {name: 1 for name in document_stages}  # only the new document's per-document stages
    assert second.assembled and second.n_reused == 2 * len(document_stages)
    ids = doc_ids(out)
    taught = [m for m in table(out, "mentions") if m["text"] == "JASIOC" and m["doc_id"] == ids["b_institute.txt"]]
    assert [(m["rule"], m["name_zh"]) for m in taught] == [("corpus", "北極海冰觀測聯合中心")]


def test_a_rerun_over_the_same_inputs_gives_identical_tables(tmp_path):
    raw = tmp_path / "raw"
    write(raw, "a_council.txt", SPELLED_OUT)
    write(raw, "b_institute.txt", BARE + TEACHES_LATER)
    write(raw, "c_bureau.txt", LATER)
    run(raw, tmp_path / "one", workers=1)
    run(raw, tmp_path / "two", workers=1)
    (tmp_path / "one" / ".tripmine" / "outputs.sha256").unlink()  # assemble again from the cache
    again = run(raw, tmp_path / "one", workers=1)
    assert again.assembled and again.n_extracted == 0
    for name in TABLES:
        if name == "errors":
            continue
        one, two = pq.read_table(tmp_path / "one" / f"{name}.parquet"), pq.read_table(tmp_path / "two" / f"{name}.parquet")
        assert one.equals(two), name
    assert any(m["rule"] == "corpus" for m in table(tmp_path / "one", "mentions"))


def test_the_assembly_reads_each_document_text_once_one_at_a_time(tmp_path, monkeypatch):
    """The corpus stage's scan is the only reader of document text in the assembly: one
    read per distinct document (the second path of the same bytes is not read again)."""
    from pipeline.cache import Cache

    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "a_council.txt", SPELLED_OUT)
    write(raw, "b_institute.txt", BARE)
    write(raw, "b_copy.txt", BARE)
    run(raw, out, workers=1)
    reads: list[str] = []
    get = Cache.get

    def counting(self, stage, doc_id, key, *, bulky=True):
        if stage == "documents" and bulky:
            reads.append(doc_id)
        return get(self, stage, doc_id, key, bulky=bulky)

    monkeypatch.setattr(Cache, "get", counting)
    (out / ".tripmine" / "outputs.sha256").unlink()  # assemble again from the cache
    again = run(raw, out, workers=1)
    assert again.assembled and again.n_extracted == 0
    assert sorted(reads) == sorted(set(doc_ids(out).values())) and len(reads) == 2


class CrashOnOneDocument(CorpusNames):
    """The corpus stage, except that it crashes on the document that writes AMMRCX."""

    def scan(self, doc, mentions=(), sections=()):
        if doc is not None and "AMMRCX" in doc.text:
            raise RuntimeError("scan broke on purpose")
        return super().scan(doc, mentions, sections)


def test_a_scan_that_crashes_on_one_document_leaves_its_mentions_as_they_came(tmp_path, monkeypatch):
    patched = tuple(dataclasses.replace(s, stream=f"{__name__}:CrashOnOneDocument") if s.name == "corpus" else s
                    for s in stages.STAGES)
    monkeypatch.setattr(stages, "STAGES", patched)
    raw, out = tmp_path / "raw", tmp_path / "out"
    write(raw, "a_council.txt", SPELLED_OUT)
    write(raw, "b_institute.txt", BARE)
    summary = run(raw, out, workers=1)
    ids = doc_ids(out)
    mentions = table(out, "mentions")
    assert not [m for m in mentions if m["doc_id"] == ids["b_institute.txt"] and m["rule"] == "corpus"]
    assert [m for m in mentions if m["doc_id"] == ids["b_institute.txt"]]  # its own mentions are kept
    assert all(m["entity_id"] for m in mentions if m["name_zh"] or m["name_en"])  # and resolved
    errors = table(out, "errors")
    assert [(e["stage"], e["doc_id"]) for e in errors] == [("corpus", ids["b_institute.txt"])]
    assert "broke on purpose" in errors[0]["message"] and summary.errors
