"""The bilingual-name grammar: brackets, quotes, abbreviations, places, wraps."""

from __future__ import annotations

import pytest

from extractors.mentions.base import TextView
from extractors.mentions.bilingual import Paren, find_bilingual, is_abbr, parse_paren

PARENS = [
    ("United Nations Development Programme, UNDP", Paren(name_en="United Nations Development Programme", abbr="UNDP")),
    ("UNDP", Paren(abbr="UNDP")),
    ("UN-Habitat", Paren(abbr="UN-Habitat")),
    ("UCLG ASPAC", Paren(abbr="UCLG ASPAC")),
    ("Asian Development Bank", Paren(name_en="Asian Development Bank")),
    ("Munich, Germany", Paren(name_en="Munich", country="Germany")),
    ("Cebu City, Philippines", Paren(name_en="Cebu City", country="Philippines")),
    ("Local Council Association Sindh, Pakistan", Paren(name_en="Local Council Association Sindh", country="Pakistan")),
    ("以下簡稱 亞銀", Paren(short_zh="亞銀")),
    ("簡稱：國發會", Paren(short_zh="國發會")),
    ("Mr. John Smith", Paren(person=True)),
    ("International Conference on “Think Big, Act Small”",
     Paren(name_en="International Conference on “Think Big, Act Small”")),
]


@pytest.mark.parametrize("content,expected", PARENS)
def test_parse_paren(content, expected):
    assert parse_paren(content) == expected


@pytest.mark.parametrize("content", ["2019年", "見附件一", "共 30 人"])
def test_parse_paren_rejects_non_names(content):
    assert parse_paren(content) is None


@pytest.mark.parametrize("text,abbr", [("WHO", True), ("UN-Habitat", True), ("NUS", True), ("Council", False),
                                       ("World Bank", False), ("a", False)])
def test_is_abbr(text, abbr):
    assert is_abbr(text) is abbr


# (text, label, name_zh, name_en, abbr, surface)
FORMS = [
    ("參加「亞洲生產力組織」（Asian Productivity Organization, APO）年會",
     "ORG", "亞洲生產力組織", "Asian Productivity Organization", "APO", "亞洲生產力組織"),
    ("參加「亞洲生產力組織」(Asian Productivity Organization, APO)年會",
     "ORG", "亞洲生產力組織", "Asian Productivity Organization", "APO", "亞洲生產力組織"),
    ("參加『亞洲生產力組織』（APO）年會", "ORG", "亞洲生產力組織", None, "APO", "亞洲生產力組織"),
    ("參加“亞洲生產力組織”（APO）年會", "ORG", "亞洲生產力組織", None, "APO", "亞洲生產力組織"),
    ("拜會國際貨幣基金組織（International Monetary Fund, IMF）", "ORG", "國際貨幣基金組織",
     "International Monetary Fund", "IMF", "國際貨幣基金組織"),
    ("並與世界銀行（World Bank）交流", "ORG", "世界銀行", "World Bank", None, "世界銀行"),
    ("出席「世界經濟\n論壇」（World Economic Forum, WEF）", "EVENT", "世界經濟論壇", "World Economic Forum", "WEF",
     "世界經濟\n論壇"),
    ("出席「全球智慧城市 \n\n大會」（Smart City Summit）", "EVENT", "全球智慧城市大會", "Smart City Summit", None,
     "全球智慧城市 \n\n大會"),
    ("前往越南河內（Hanoi, Vietnam）洽公", "PLACE", "河內", "Hanoi", None, "河內"),
    ("參加 Asian Development Bank（亞洲開發銀行）年會", "ORG", "亞洲開發銀行", "Asian Development Bank", None,
     "Asian Development Bank"),
    ("由 World Health Organization (WHO) 主辦", "ORG", None, "World Health Organization", "WHO",
     "World Health Organization"),
    ("「臺灣國際工具機展覽會」（以下簡稱工具機展）", "EVENT", "臺灣國際工具機展覽會", None, "工具機展", "臺灣國際工具機展覽會"),
    ("「國際食品安全研討會」", "EVENT", "國際食品安全研討會", None, None, "國際食品安全研討會"),
    ("「國家災害防救科技中心」", "ORG", "國家災害防救科技中心", None, None, "國家災害防救科技中心"),
]


@pytest.mark.parametrize("text,label,name_zh,name_en,abbr,surface", FORMS)
def test_forms(text, label, name_zh, name_en, abbr, surface):
    found = [f for f in find_bilingual(TextView(text)) if f.label == label]
    assert found, f"nothing for {text!r}"
    f = found[0]
    assert text[f.start : f.end] == surface
    assert (f.name_zh, f.name_en, f.abbr) == (name_zh, name_en, abbr)


@pytest.mark.parametrize("text", [
    "「使城市更具韌性」（Making Cities Resilient）",  # no head on either side: not guessed
    "「城市權利」（Right to the City）",
    "（詳見附件）",
    "「好」",
    "「布局」",  # a one-character unit suffix on an ordinary word
    "「得獎」",  # too short to be a name without a bracket
    "市長表示：「我們將於明年再度舉辦國際會議。」",  # quoted speech
    "「地方政府應持續投入資源，並加強跨域合作，以因應氣候變遷的挑戰與會議」",
    "每年舉辦 1 次大會（Congress）",  # a head word alone is vocabulary
    "包括委員會（Committees）及理事會（Council）",
])
def test_headless_names_are_left_out(text):
    assert find_bilingual(TextView(text)) == []


def test_measure_word_after_a_number_is_not_part_of_the_name():
    text = "每年舉辦 2 次區域理事會議（Regional Council Meeting）"
    found = find_bilingual(TextView(text))
    assert [text[f.start : f.end] for f in found] == ["區域理事會議"]


def test_coordinated_forum_is_an_organization():
    from extractors.core.doc import doc_from_text
    from extractors.mentions.extract import extract_mentions

    text = "國際組織如「世界銀行」（World Bank）、「亞洲開發銀行」（ADB）及「世界經濟論壇」（World Economic Forum）等亦派員參加。"
    labels = {r.text: r.label for r in extract_mentions(doc_from_text(text))}
    assert labels["世界經濟論壇"] == "ORG"
    alone = "出席「世界經濟論壇」（World Economic Forum）年會。"
    assert {r.text: r.label for r in extract_mentions(doc_from_text(alone))}["世界經濟論壇"] == "EVENT"


@pytest.mark.parametrize("name,label", [
    ("Forum on City Branding and Tourism Cooperation", "EVENT"),
    ("Bank of Thailand", "ORG"),
    ("Port of Rotterdam Authority", "ORG"),
    ("Training Workshop on Urban Resilience", "EVENT"),
    ("Agenda 2030 for Sustainable Cities", "EVENT"),
    ("Central Government", None),
    ("Country Implementation of Goal 11", None),
    ("International Prize ABC-Paris 2020", "EVENT"),
])
def test_english_heads(name, label):
    from extractors.mentions.base import en_label

    assert en_label(name) == label


def test_english_names_in_running_text():
    from extractors.core.doc import doc_from_text
    from extractors.mentions.extract import extract_mentions

    text = "會後參觀 The Asian Institute of Technology，並出席 World Urban Forum 開幕式。"
    got = {(r.label, r.text) for r in extract_mentions(doc_from_text(text))}
    assert ("ORG", "Asian Institute of Technology") in got
    assert ("EVENT", "World Urban Forum") in got
