"""Organization boundaries and the traveller's own agency (cases in other agencies' styles)."""

from __future__ import annotations

import pytest

from extractors.core.doc import doc_from_text
from extractors.core.records import ParticipantRow, ReportRow
from extractors.mentions.extract import extract_mentions


def orgs(text: str, **kwargs) -> list[tuple[str, str | None]]:
    return [(r.text, r.name_zh) for r in extract_mentions(doc_from_text(text), **kwargs) if r.label == "ORG"]


@pytest.mark.parametrize(("text", "expected"), [
    ("代表團赴德國參加柏林工業大學暑期課程。", "柏林工業大學"),
    ("本處協調大英博物館借展文物。", "大英博物館"),
    ("搭乘星宇航空班機抵達。", "星宇航空"),
])
def test_names_start_after_the_verb_before_them(text, expected):
    assert [t for t, _ in orgs(text)] == [expected]


def test_own_unit_names_the_travellers_agency():
    text = "本署派員出席。本署並與對方簽署備忘錄。"
    rows = [ParticipantRow(doc_id="d", name="林小華", agency="交通部民用航空局飛航服務總臺", job_title="技正")]
    assert orgs(text, participants=rows) == [("本署", "本署"), ("本署", "本署")]  # no 署 in the agency
    rows = [ParticipantRow(doc_id="d", name="林小華", agency="農業部農村發展及水土保持署", job_title="技正")]
    assert {n for _, n in orgs(text, participants=rows)} == {"農業部農村發展及水土保持署"}


def test_own_unit_with_a_sub_unit_takes_the_parent_from_the_organizer():
    text = "本府工務局派員考察。"
    reports = [ReportRow(doc_id="d", organizer="嘉義縣政府工務局")]
    assert orgs(text, reports=reports) == [("本府工務局", "嘉義縣政府工務局")]


@pytest.mark.parametrize(("text", "expected"), [
    ("經由公益社團法人日本水道協會協助，每年選派人員研習。", "公益社團法人日本水道協會"),
    ("建議參考財團法人台灣地震保險基金之運作。", "財團法人台灣地震保險基金"),
    ("由行政法人國家表演藝術中心主辦。", "行政法人國家表演藝術中心"),
])
def test_a_legal_form_opens_an_organization(text, expected):
    assert [t for t, _ in orgs(text)] == [expected]
