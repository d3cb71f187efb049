"""The GeoNames tier, admin-1 regions and context rules for places (invented sentences in
the styles of many agencies: fire services, water boards, city governments, universities)."""

from __future__ import annotations

import pytest

from extractors.core.gazetteer import geonames_place, lookup_any, lookup_place, strong_name
from extractors.core.geonames import load_geonames
from extractors.mentions.base import TextView
from extractors.mentions.places import find_place_mentions


def place_rules(text: str) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.rule) for f in find_place_mentions(TextView(text))]


def test_the_tier_is_loaded_in_traditional_forms():
    rows = load_geonames().rows
    assert len(rows) > 30_000
    # Japanese shinjitai and Simplified names are stored in Traditional (Taiwan) forms.
    assert geonames_place("豐田市").country_code == "JP"
    assert geonames_place("久留米").name_en == "Kurume"
    assert geonames_place("臥龍崗").country_code == "AU"
    japanese = [name for name, rest in rows.items() if rest.split("\t")[1] == "JP"]
    assert len(japanese) > 1000
    assert not any(ch in name for name in japanese for ch in "区県沢渋稲広浜")


@pytest.mark.parametrize(("name", "zh", "kind", "code"), [
    ("卑詩省", "卑詩省", "admin1", "CA"),
    ("卑詩", "卑詩省", "admin1", "CA"),  # the name without its head
    ("巴伐利亞邦", "巴伐利亞邦", "admin1", "DE"),
    ("雪蘭莪州", "雪蘭莪州", "admin1", "MY"),
    ("熊本縣", "熊本縣", "admin1", "JP"),
    ("慶尚北道", "慶尚北道", "admin1", "KR"),
    ("英格蘭", "英國", "country", "GB"),  # a country alias outranks the division
])
def test_admin1_regions_in_taiwanese_forms(name, zh, kind, code):
    place = lookup_place(name)
    assert (place.name, place.kind, place.country_code) == (zh, kind, code)


def test_lookup_any_falls_back_to_geonames_only_after_the_first_tier():
    assert lookup_place("湯斯維爾") is None
    assert lookup_any("湯斯維爾").name_en == "Townsville"
    assert lookup_any("倉敷市").name_en == "Kurashiki"  # without the 市 suffix
    assert lookup_any("東京").source == "cldr"


@pytest.mark.parametrize(("text", "expected"), [
    # transliterated towns, prefectures and cities of the second tier
    ("本局考察團轉往昆士蘭北部湯斯維爾參訪港務設施。", [("昆士蘭", "places.lexicon"), ("湯斯維爾", "places.geonames")]),
    ("與會代表來自基隆拿及溫特圖爾兩市。", [("基隆拿", "places.geonames"), ("溫特圖爾", "places.geonames")]),
    ("隨後赴熊本縣阿蘇市考察火山防災。", [("熊本縣", "places.lexicon"), ("阿蘇市", "places.geonames")]),
    # a two-character town fires only with context: a division head, or a cue
    ("午後抵達倉敷市美觀地區。", [("倉敷市", "places.geonames")]),
    # a ward after a known city, a natural feature after a known city
    ("消防署位於大阪市北區，轄區人口眾多。", [("大阪", "places.lexicon"), ("北區", "places.geonames")]),
    ("災後重建集中於仙台市若林區沿海。", [("仙台", "places.lexicon"), ("若林區", "places.geonames")]),
    ("該中心設於名古屋市綠丘區。", [("名古屋", "places.lexicon"), ("綠丘區", "places.head")]),
    ("搭船遊覽東京灣沿岸設施。", [("東京灣", "places.head")]),
    # works named after the place they stand in
    ("檢視濱岡第二核電廠之防海嘯工程。", []),
    ("班機降落於泰國曼谷廊曼機場。", [("泰國曼谷廊曼機場", "places.head")]),
    # an unknown name after a cue, ending in a division head; learned, then found again
    ("團員前往帕尼亞托島考察。帕尼亞托島居民以漁業為生。",
     [("帕尼亞托島", "places.context"), ("帕尼亞托島", "places.context")]),
    # a state with a longer name is matched whole
    ("本校師生赴西維吉尼亞州交流。", [("西維吉尼亞州", "places.lexicon")]),
])
def test_places_of_the_second_tier_and_from_context(text, expected):
    assert place_rules(text) == expected


@pytest.mark.parametrize("text", [
    "推動新城市議程之在地實踐。",  # 新城 is a town, 新城市 "new city" here
    "活化舊城區商圈並改善交通。",  # a town named 舊城區 exists
    "加強洪水預警與和平共處之宣導。",  # Chinese towns named 洪水 and 和平
    "克林頓總統任內推動之政策。",  # towns named after people
    "傑克遜教授與富蘭克林研究員說明研究成果。",
    "參觀種植園及大學城周邊設施。",  # common nouns that name towns
    "參觀法國國立圖書館。",  # 國立 is a Japanese city (Kunitachi)
    "臺北市各區公所辦理防災演練。",  # 各區 is no ward
    "本府推動行政區劃調整。",
    "參訪大阪科技園區及京都山區聚落。",  # 園區, 山區: the head makes a word
    "派員前往城市中心觀摩。",  # 城市 after a cue is a word
    "本次荔枝外銷成果豐碩。",  # a two-character town never fires bare
])
def test_words_that_are_also_town_names_do_not_fire(text):
    assert [name for name, rule in place_rules(text) if rule in ("places.geonames", "places.head", "places.context")] == []


@pytest.mark.parametrize(("text", "absent"), [
    ("Asia-Pacific Forum on Smart Cities", "Asia"),
    ("the Texas Water Development Board met", "Texas"),  # inside an English name
    ("a grant from the University of Texas", "Texas"),
    ("in paris last year", "paris"),  # not capitalized
])
def test_english_place_words_inside_english_names_do_not_fire(text, absent):
    assert absent not in [name for name, _rule in place_rules(text)]


@pytest.mark.parametrize(("text", "present"), [
    ("held in Paris, France", "Paris"),
    ("visited Kyoto City Hall", "Kyoto"),  # a place head after the name
])
def test_english_place_words_fire_on_their_own(text, present):
    assert present in [name for name, _rule in place_rules(text)]


def test_only_strong_names_fire_bare():
    assert strong_name("湯斯維爾")  # 3+ characters, 200,000 people
    assert strong_name("新宿區")  # a division head of its own
    assert not strong_name("倉敷")  # two characters
    assert not strong_name("不存在的地名")


def test_a_year_before_a_named_incident_joins_its_span_not_its_name():
    from extractors.mentions.events import find_events

    text = "回顧2004年南亞大海嘯之重建經驗"
    assert [(text[f.start : f.end], f.name_zh) for f in find_events(TextView(text))] == [("2004年南亞大海嘯", "南亞大海嘯")]


def test_a_route_place_no_gazetteer_knows_is_found_again_in_the_document():
    from extractors.core.doc import doc_from_text
    from extractors.core.records import ItineraryRow
    from extractors.mentions.extract import extract_mentions

    text = "10月3日\t臺北—帕洛瑪維拉\t搭機抵達\n本團在帕洛瑪維拉參觀淨水廠，並與會場人員座談。"
    doc = doc_from_text(text)
    row = ItineraryRow(doc.doc_id, 1, None, "10月3日", ["臺北", "帕洛瑪維拉"], "搭機抵達", None, 0, text.index("\n"))
    rows = [(r.text, r.rule) for r in extract_mentions(doc, itinerary=[row]) if r.label == "PLACE"]
    assert ("帕洛瑪維拉", "itinerary") in rows
    assert ("帕洛瑪維拉", "itinerary.repeat") in rows
