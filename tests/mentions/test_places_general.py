"""Places outside the gazetteer, from their heads and cues (cases in other agencies' styles)."""

from __future__ import annotations

import pytest

from extractors.core.doc import doc_from_text
from extractors.mentions.extract import extract_mentions


def places(text: str) -> list[str]:
    return [r.text for r in extract_mentions(doc_from_text(text)) if r.label == "PLACE"]


@pytest.mark.parametrize(("text", "expected"), [
    ("依水庫水位及下游柏格河（Berg River）流量調整放水。", ["柏格河"]),
    ("參訪位於北郊林谷（Lynn Vale）之試驗場。", ["林谷"]),
    ("與談人指出，安大略省（Ontario）推動開放資料。", ["安大略省"]),
    ("參觀科倫水庫（Corran Dam）之溢洪道。", ["科倫水庫"]),
    ("抵達巴黎第8區協和廣場（Place de la Concorde）。", ["巴黎", "協和廣場"]),
    ("隨即前往麥城（Maxville）拜會市長。", ["麥城"]),
    ("並於北部阿雷基帕（Arequipa）地區設立監測站。", ["阿雷基帕"]),
])
def test_bilingual_places_by_head_or_cue(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize("text", [
    "拜會國際貨幣基金（International Monetary Fund）代表。",
    "會見陳大文（Tom Chen）先生。",
    "參加研討會（Workshop）並發言。",
])
def test_organizations_people_and_events_in_brackets_are_no_places(text):
    assert places(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("該系統已於墨爾本市及卡倫德州推行。", ["墨爾本", "卡倫德州"]),
    ("考察柏林、薩倫堡邦之作法。", ["柏林", "薩倫堡邦"]),
])
def test_a_division_listed_with_a_known_place_is_a_place(text, expected):
    assert places(text) == expected


def test_a_listed_organization_is_no_place():
    assert places("前往雪梨及卡倫德大學。") == ["雪梨"]


def test_a_government_teaches_the_place_it_governs():
    text = "拜會安大略省政府（Ontario Government）。安大略省近年推動開放資料。"
    assert places(text) == ["安大略省"]
