"""Events written plainly: named incidents and numbered editions (general rules, cases in
the styles of agencies other than the seeds' and the dev set's)."""

from __future__ import annotations

import pytest

from extractors.core.doc import doc_from_text
from extractors.mentions.base import TextView
from extractors.mentions.events import find_events
from extractors.mentions.extract import extract_mentions


def names(text: str) -> list[str]:
    return [f.name_zh for f in find_events(TextView(text))]


@pytest.mark.parametrize(("text", "expected"), [
    ("民國98年8月莫拉克颱風重創南部山區，本局隨即啟動應變。", ["莫拉克颱風"]),
    ("去年納莉颱風過境期間，港區停止裝卸。", ["納莉颱風"]),
    ("1935年4月21日新竹台中大地震後，總督府修訂建築規範。", ["新竹台中大地震"]),
    ("2016 年 2 月 6 日美濃地震造成維冠大樓倒塌。", ["美濃地震"]),
    ("2011年3月11日東北・關東大震災之經驗", ["東北・關東大震災"]),
    ("106年5月2日臺中市捷運工地坍塌事故顯示工安管理之重要。", ["臺中市捷運工地坍塌事故"]),
])
def test_named_incidents_are_events(text, expected):
    found = names(text)
    assert [n for n in found if not any(n != m and n in m for m in found)] == expected


@pytest.mark.parametrize("text", [
    "每逢颱風來襲，本處即成立應變小組。",
    "建議於颱風期間即時公開水庫放流資訊。",
    "近年國際間大規模地震災害頻傳。",
    "極端降雨事件日趨頻繁。",
    "中度颱風接近時，漁船應回港。",
    "5月1日本市發生事故，無人傷亡。",
    "演練情境為強烈地震後之大樓火災。",
])
def test_describing_phrases_are_not_named_events(text):
    assert names(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("出席本年第3次WTO農業委員會會議，並發言。", ["第3次WTO農業委員會會議"]),
    ("參加第12屆亞太港口論壇，與會者逾百人。", ["第12屆亞太港口論壇"]),
])
def test_numbered_editions_are_events(text, expected):
    assert names(text) == expected


def test_a_named_incident_is_found_again_where_it_is_written_bare():
    text = "2009年8月8日八八水災造成重大傷亡。八八水災後，各縣市建立預警系統。"
    rows = [r for r in extract_mentions(doc_from_text(text)) if r.label == "EVENT"]
    assert [r.text for r in rows] == ["八八水災", "八八水災"]


def test_a_bare_numbered_session_is_a_reference_not_a_name():
    assert names("本次會議為該聯盟於本年所召開之第 2 次理事會會議。") == []
