"""People in reports the grammars were not tuned for: roles beside names, Malay and Irish
forms, and phrases after a title that are no names (cases in other agencies' styles)."""

from __future__ import annotations

import pytest

from extractors.core.doc import doc_from_text
from extractors.core.records import ParticipantRow
from extractors.mentions.extract import extract_mentions


def people(text: str, **kwargs) -> list[str]:
    return [r.name_en or r.text for r in extract_mentions(doc_from_text(text), **kwargs) if r.label == "PERSON"]


@pytest.mark.parametrize(("text", "expected"), [
    ("由典藏部策展人馬蒂娜・羅西女士導覽。", ["馬蒂娜・羅西"]),
    ("研究工程師彼得・楊森先生示範檢測儀器。", ["彼得・楊森"]),
    ("本局李佳穎設計師於會中分享。", ["李佳穎"]),
    ("由山本大輔教官帶領實作。", ["山本大輔"]),
    ("共同作者為本所碩士生吳承恩。", ["吳承恩"]),
])
def test_a_role_beside_a_name_is_no_part_of_it(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("與談人包括某機構總裁 Dato' Sri Dr. Ahmad bin Abdul Rahman、某局局長", ["Ahmad bin Abdul Rahman"]),
    ("由水資源處處長Ms. Siobhan O'Brien簡報。", ["Siobhan O'Brien"]),
    ("Mme Chantal Dupont présente le projet.", ["Chantal Dupont"]),
])
def test_romanized_names_with_their_honorifics(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize("text", [
    "大規模災害時由方面本部長或救護部長擔任指揮官。",
    "交通部副部長致開幕詞，說明本年度重點。",
    "本次市長論壇中，多位代表發言。",
    "由州水資源主管機關核定後實施。",
    "2004年12月26日蘇門答臘・安達曼大地震後，各國建立預警系統。",
])
def test_phrases_after_a_title_and_dotted_event_names_are_no_people(text):
    assert people(text) == []


def test_a_participant_cell_holding_several_names_names_no_one():
    text = "出國人員：工務局周家豪副局長等3人\n周家豪副局長率團出席。"
    rows = [ParticipantRow(doc_id="d", name="工務局周家豪副局長等3人", source="cover")]
    assert "工務局周家豪副局長等3人" not in people(text, participants=rows)
