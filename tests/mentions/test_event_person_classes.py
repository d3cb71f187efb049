"""Events without quotes or an event suffix and people beside titles (issue 15); invented cases."""

from __future__ import annotations

import pytest

from extractors.core.doc import doc_from_text
from extractors.mentions.extract import EntitySettings, extract_mentions

PLAIN = EntitySettings(use_spacy=False)


def labelled(text: str, label: str) -> list[str]:
    return [r.name_zh or r.name_en or r.text for r in extract_mentions(doc_from_text(text), settings=PLAIN)
            if r.label == label]


def test_two_editions_of_a_meeting_are_two_events():
    assert labelled("出席第9屆及第10屆臺菲海事合作會議。", "EVENT") == [
        "第9屆臺菲海事合作會議", "第10屆臺菲海事合作會議"]


@pytest.mark.parametrize(("text", "expected"), [
    ("出席ASEAN部長峰會。", ["ASEAN部長峰會"]),
    ("參觀2030年利雅德世界博覽會。", ["2030年利雅德世界博覽會"]),
    ("受海棠颱風影響，班機取消。", ["海棠颱風"]),  # a typhoon's name may be a common word
])
def test_named_summits_expos_and_typhoons(text, expected):
    assert labelled(text, "EVENT") == expected


@pytest.mark.parametrize("text", ["每逢颱風季節加強整備。", "遭強烈颱風侵襲。", "參觀博覽會會場。"])
def test_no_name_no_event(text):
    assert labelled(text, "EVENT") == []


def test_a_name_beside_a_federation_title():
    assert labelled("大會由全國總會長周玉梅主持。", "PERSON") == ["周玉梅"]
