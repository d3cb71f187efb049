"""The benchmark corpus: deterministic, cached, and realistic enough for the readers and extractors."""

from __future__ import annotations

import pytest

from benchmarks.make_corpus import make_corpus
from benchmarks.render import RENDERERS, bold_runs, hard_wrap
from benchmarks.report_spec import Cover, Heading, Table, build_report, zh_number


@pytest.mark.parametrize("n, text", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (37, "三十七")])
def test_zh_number(n, text):
    assert zh_number(n) == text


def test_bold_runs_repeat_each_run_like_a_text_dump():
    assert bold_runs("壹、    目的", 4) == "壹壹壹壹、、、、    目的目的目的目的"
    assert bold_runs("壹、目的", 1) == "壹、目的"


def test_hard_wrap_keeps_every_character_and_respects_the_width():
    text = "本次出國係參加由「國際水資源協會」（International Water Association, IWA）主辦之年會。" * 3
    lines = hard_wrap(text, 40)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(sum(2 if ord(c) > 0x2E80 else 1 for c in line) <= 44 for line in lines)


@pytest.mark.parametrize("fmt", ["pdf", "txt", "md", "docx"])
def test_a_report_renders_to_the_same_bytes_twice(fmt):
    assert RENDERERS[fmt](build_report(3, 5)) == RENDERERS[fmt](build_report(3, 5))


def test_report_i_does_not_depend_on_the_corpus_size_and_seeds_differ():
    assert build_report(7, 4) == build_report(7, 4)
    assert build_report(7, 4) != build_report(8, 4)


def test_reports_vary_in_layout():
    reports = [build_report(7, i) for i in range(40)]
    assert {r.style for r in reports} == {"formal", "zh", "chapter"}
    assert any(isinstance(b, Cover) for r in reports for b in r.blocks)
    assert not all(any(isinstance(b, Cover) for b in r.blocks) for r in reports)
    tables = [b for r in reports for b in r.blocks if isinstance(b, Table)]
    assert {t.ruled for t in tables} == {True, False}
    assert {t.kind for t in tables} == {"itinerary", "participants"}


def test_the_corpus_is_cached_by_seed_and_size(tmp_path):
    first = make_corpus(8, seed=11, root=tmp_path / "c", formats=("txt", "md"))
    again = make_corpus(8, seed=11, root=tmp_path / "c", formats=("txt", "md"))
    assert first.seconds > 0 and again.seconds == 0
    assert first.files == again.files
    assert [p.name for p in first.files["txt"]] == [f"report_{i:05d}.txt" for i in (0, 2, 4, 6)]
    before = first.files["md"][0].read_bytes()
    other = make_corpus(8, seed=12, root=tmp_path / "c", formats=("txt", "md"))
    assert other.seconds > 0
    assert other.files["md"][0].read_bytes() != before


@pytest.mark.parametrize("index", [1, 2, 3, 5, 6, 7])
def test_the_sections_stage_finds_every_top_level_heading(index):
    from extractors.sections import tree as sections
    from pipeline.readers import read_document

    fmt = ["pdf", "txt", "md", "docx"][index % 4]
    report = build_report(7, index)
    doc, _ = read_document(RENDERERS[fmt](report), doc_id="x", source_path="x", source_format=fmt)
    want = [h.title for h in report.blocks if isinstance(h, Heading) and h.level == 1]
    got = [s.title for s in sections.extract_sections(doc) if s.level == 1]
    assert got == want
