"""Numbers that are not years, by the words before them (issue 14); cases in other agencies' styles."""

from __future__ import annotations

import pytest

from extractors.core.doc import doc_from_text
from extractors.dates.extract import extract_dates


def texts(text: str) -> list[str]:
    return [r.text for r in extract_dates(doc_from_text(text)) if r.start is not None]


@pytest.mark.parametrize(
    "text",
    [
        "民眾可撥打縣民服務專線1999反映路燈故障。",
        "該市設有24小時熱線1999受理陳情。",
        "堤防依重現期100年洪水設計。",
        "排水系統以重現期距25年之降雨為標準。",
        "本案為期3年，分階段推動。",
    ],
)
def test_not_a_year(text):
    assert texts(text) == []


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("該中心成立於1999年，隸屬衛生部。", "1999年"),
        ("本計畫自2019年起為期3年。", "2019年"),
        ("民國100年修正該法。", "民國100年"),
    ],
)
def test_a_year_stays_a_year(text, year):
    assert texts(text) == [year]
