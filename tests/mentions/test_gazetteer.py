import pytest

from extractors.core.gazetteer import country_of, find_places, fold, lookup_place

LOOKUPS = [
    # name, zh name, kind, country code
    ("法國", "法國", "country", "FR"),
    ("France", "法國", "country", "FR"),
    ("南韓", "韓國", "country", "KR"),
    ("Korea", "韓國", "country", "KR"),
    ("台灣", "臺灣", "country", "TW"),
    ("USA", "美國", "country", "US"),
    ("紐西蘭", "紐西蘭", "country", "NZ"),
    ("新西蘭", "紐西蘭", "country", "NZ"),  # zh_Hant_HK spelling
    ("新加坡", "新加坡", "country", "SG"),  # a country outranks the city of the same name
    ("台北", "臺北", "city", "TW"),
    ("臺北市", "臺北", "city", "TW"),  # trailing 市 dropped
    ("Taipei", "臺北", "city", "TW"),
    ("東京", "東京", "city", "JP"),  # CLDR exemplar city
    ("東京都", "東京", "city", "JP"),
    ("布魯塞爾", "布魯塞爾", "city", "BE"),
    ("溫哥華", "溫哥華", "city", "CA"),
    ("約翰尼斯堡", "約翰尼斯堡", "city", "ZA"),
    ("斯特拉斯堡", "斯特拉斯堡", "city", "FR"),  # lexicon city
    ("Strasbourg", "斯特拉斯堡", "city", "FR"),
    ("慕尼黑", "慕尼黑", "city", "DE"),
    ("高雄", "高雄", "city", "TW"),
    ("巴塞隆納", "巴塞隆納", "city", "ES"),
    ("ＦＲＡＮＣＥ", "法國", "country", "FR"),  # full-width letters
    ("歐洲", "歐洲", "region", None),
    ("東南亞", "東南亞", "region", None),
]


@pytest.mark.parametrize(("name", "zh", "kind", "code"), LOOKUPS)
def test_lookup_place(name, zh, kind, code):
    place = lookup_place(name)
    assert place is not None
    assert (place.name, place.kind, place.country_code) == (zh, kind, code)


@pytest.mark.parametrize("name", ["", "會議", "世界", "歐盟", "聯合國", "市政府", "Meeting"])
def test_lookup_place_unknown(name):
    assert lookup_place(name) is None


COUNTRIES = [
    ("伊斯蘭馬巴德", "巴基斯坦"),
    ("曼谷", "泰國"),
    ("阿姆斯特丹", "荷蘭"),
    ("大阪", "日本"),
    ("Osaka", "日本"),
    ("釜山", "韓國"),
    ("舊金山", "美國"),
    ("聖保羅", "巴西"),
    ("雪梨", "澳洲"),
    ("開普敦", "南非"),
    ("德國", "德國"),
    ("歐洲", None),
    ("不存在的地方", None),
]


@pytest.mark.parametrize(("name", "country"), COUNTRIES)
def test_country_of(name, country):
    assert country_of(name) == country


FINDS = [
    ("前往法國斯特拉斯堡開會", ["法國", "斯特拉斯堡"]),
    ("轉機抵達伊斯蘭馬巴德", ["伊斯蘭馬巴德"]),
    ("visited Tokyo and Osaka, Japan", ["東京", "大阪", "日本"]),
    ("搭機自台北飛往溫哥華", ["臺北", "溫哥華"]),
    ("the UK delegation", ["英國"]),
    ("本次會議無地點", []),
]


@pytest.mark.parametrize(("text", "names"), FINDS)
def test_find_places(text, names):
    found = find_places(text)
    assert [place.name for _, _, place in found] == names
    for start, end, place in found:
        assert lookup_place(text[start:end]) == place


def test_find_places_prefers_the_longest_name():
    # 墨西哥市 (a city) is longer than 墨西哥 (the country).
    found = find_places("墨西哥市長")
    assert [(s, e, p.name) for s, e, p in found] == [(0, 4, "墨西哥市")]


def test_fold_merges_tai_variants_and_width():
    assert fold("台中") == fold("臺中") == fold(" 臺 中 ")
    assert fold("Ｔａｉｐｅｉ") == "taipei"
