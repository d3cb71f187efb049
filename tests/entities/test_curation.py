"""The analysts' curation file: must-link, cannot-link and canonical names, obeyed by every run."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from extractors.core.records import MentionRow
from extractors.entities.curation import parse_curation
from extractors.entities.resolve import resolve_entities
from pipeline import stages
from pipeline.runner import run


def m(doc: str, label: str, zh: str | None = None, en: str | None = None) -> MentionRow:
    return MentionRow(doc_id=doc, label=label, text=zh or en, name_zh=zh, name_en=en)


# Names that a typo rule merges (one inserted character in a long name) but that an
# analyst knows are two bodies; and two names no rule links that an analyst knows are one.
TYPO_PAIR = [m("a", "ORG", "東亞港灣物流研究發展協會"), m("b", "ORG", "東亞港灣物流研究暨發展協會")]
UNLINKED = [m("a", "ORG", "北極圈航運理事會"), m("b", "ORG", en="Arctic Shipping Council")]


def ids(rows, text: str = "") -> list[str | None]:
    return [r.entity_id for r in resolve_entities(rows, curation=parse_curation(text))["mentions"]]


def test_parse_reads_instructions_and_reports_bad_lines():
    c = parse_curation("# comment\n\nmust-link\tORG\tA會\tB會\ncannot_link\t*\tX\tY\n"
                       "canonical\tORG\tA會\nmerge\tORG\tA\tB\ncanonical\tTHING\tA會\nmust-link\tORG\tA會\n")
    assert [(i.action, i.label, i.names) for i in c.instructions] == [
        ("must-link", "ORG", ("A會", "B會")), ("cannot-link", "*", ("X", "Y")), ("canonical", "ORG", ("A會",))]
    assert len(c.problems) == 3
    assert "line 6" in c.problems[0] and "line 7" in c.problems[1] and "line 8" in c.problems[2]


def test_cannot_link_undoes_a_wrong_merge_and_it_stays_undone():
    a, b = ids(TYPO_PAIR)
    assert a == b  # the typo rule merges them
    text = "cannot-link\tORG\t東亞港灣物流研究發展協會\t東亞港灣物流研究暨發展協會\n"
    for _ in range(2):  # every run obeys the file
        a, b = ids(TYPO_PAIR, text)
        assert a != b


def test_cannot_link_wins_over_names_stated_together_and_over_must_link():
    rows = [MentionRow(doc_id="a", label="ORG", text="x", name_zh="南海漁業委員會", name_en="South Sea Fisheries Commission")]
    out = resolve_entities(rows, curation=parse_curation(
        "cannot-link\tORG\t南海漁業委員會\tSouth Sea Fisheries Commission\n"
        "must-link\tORG\t南海漁業委員會\tSouth Sea Fisheries Commission\n"))
    (entity,) = out["entities"]  # the mention counts for its first name only
    assert entity.name_zh == "南海漁業委員會" and entity.name_en is None


def test_must_link_merges_across_documents_with_rule_curated():
    a, b = ids(UNLINKED)
    assert a != b
    out = resolve_entities(UNLINKED, curation=parse_curation("must-link\tORG\tArctic Shipping Council\t北極圈航運理事會\n"))
    assert out["mentions"][0].entity_id == out["mentions"][1].entity_id
    assert {a.alias: a.rule for a in out["aliases"]}["Arctic Shipping Council"] == "curated"
    assert out["entities"][0].n_docs == 2


def test_curated_names_match_any_surface_form_and_any_label():
    out = resolve_entities(UNLINKED, curation=parse_curation("must-link\t*\tＡＲＣＴＩＣ shipping council\t北極圈航運理事會\n"))
    assert out["mentions"][0].entity_id == out["mentions"][1].entity_id


def test_canonical_name_sets_the_display_name_and_id():
    rows = [m("a", "ORG", "東海岸藝術館", "East Coast Art Museum"), m("a", "ORG", "國立東海岸藝術館"),
            m("b", "ORG", "東海岸藝術館")]
    plain = resolve_entities(rows)
    assert plain["entities"][0].name_zh == "東海岸藝術館"
    out = resolve_entities(rows, curation=parse_curation("canonical\tORG\t國立東海岸藝術館\n"))
    (entity,) = [e for e in out["entities"] if e.n_mentions == 3]
    assert entity.name_zh == "國立東海岸藝術館"


REPORT = ("壹、目的\n本次出國係赴東亞港灣物流研究發展協會及東亞港灣物流研究暨發展協會交流。\n"
          "貳、過程\n拜會北極圈航運理事會（Arctic Shipping Council），討論合作。\n")


def test_editing_the_file_reruns_only_resolution_and_the_fix_holds(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "r1.txt").write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out"
    curation = tmp_path / "curation.tsv"
    curation.write_text("# analysts' fixes\n", encoding="utf-8")
    first = run(raw, out, workers=1, curation=curation)
    assert first.n_extracted > 0
    curation.write_text("cannot-link\tORG\t東亞港灣物流研究發展協會\t東亞港灣物流研究暨發展協會\nnot a rule\n", encoding="utf-8")
    second = run(raw, out, workers=1, curation=curation)
    assert second.n_extracted == 0 and second.assembled  # per-document stages reused; tables rebuilt
    assert any(e.code == "bad_option" and "line 2" in e.message for e in second.errors)
    manifest = json.loads((out / "manifest.json").read_text())
    keys = stages.stage_keys()
    assert manifest["stages"]["entities"] != keys["entities"]
    assert manifest["stages"]["mentions"] == keys["mentions"]
    third = run(raw, out, workers=1, curation=curation)
    assert not third.assembled  # nothing changed: the tables on disk stay
    mentions = pq.read_table(out / "mentions.parquet").to_pylist()
    by_name = {r["name_zh"]: r["entity_id"] for r in mentions if r["name_zh"] and "港灣" in r["name_zh"]}
    assert len(by_name) == 2 and len(set(by_name.values())) == 2, by_name


def test_a_missing_curation_file_refuses_the_run(tmp_path):
    import pytest

    from pipeline.runner import RunRefused

    raw = tmp_path / "raw"
    raw.mkdir()
    with pytest.raises(RunRefused, match="--curation"):
        run(raw, tmp_path / "out", workers=1, curation=Path(tmp_path / "nope.tsv"))


def test_the_cli_reads_data_curation_tsv_by_default(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "r1.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "data" / "curation.tsv").write_text("must-link\tORG\tA會\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run", "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    errors = pq.read_table(tmp_path / "data" / "processed" / "errors.parquet").to_pylist()
    assert any(e["code"] == "bad_option" and "curation" in e["message"] for e in errors)
    result = CliRunner().invoke(app, ["run", "--curation", "missing.tsv", "--workers", "1", "-q"])
    assert result.exit_code == 2 and "--curation" in result.output
