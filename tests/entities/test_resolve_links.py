"""Issue 15's resolution links, each with its own rule, and the evidence against merging.

Invented names in several agencies' styles (a port bureau, a health ministry, a museum,
a university, a city government); no name from the seeds or the dev set.
"""

from __future__ import annotations

from extractors.core.records import MentionRow
from extractors.entities.forms import split_english
from extractors.entities.names import parse_name
from extractors.entities.people import shapes_agree
from extractors.entities.resolve import resolve_entities


def m(doc: str, label: str, text: str | None = None, *, zh: str | None = None, en: str | None = None,
      abbr: str | None = None, start: int | None = None, end: int | None = None, section: str = "2.1",
      affiliation: str | None = None, role: str | None = None) -> MentionRow:
    if zh is None and en is None and abbr is None and text and label != "PERSON":
        zh = text
    return MentionRow(doc_id=doc, section_path=section, label=label, text=text or zh or en or abbr,
                      name_zh=zh, name_en=en, abbr=abbr, char_start=start, char_end=end,
                      affiliation=affiliation, role=role)


def resolve(rows: list[MentionRow]) -> tuple[list[str | None], dict[str, str]]:
    """The entity ids of the rows, and each alias's rule."""
    out = resolve_entities(rows)
    return [r.entity_id for r in out["mentions"]], {a.alias: a.rule for a in out["aliases"]}


# 1. own agency ---------------------------------------------------------------------------------

def test_own_unit_links_to_the_agency_with_its_own_rule():
    rows = [m("port", "ORG", "本局", zh="交通部航港局"), m("port", "ORG", "交通部航港局")]
    ids, rules = resolve(rows)
    assert ids[0] == ids[1]
    assert rules["本局"] == "own_agency"


def test_own_unit_means_another_agency_in_another_report():
    rows = [m("a", "ORG", "本館", zh="國立海洋科技博物館"), m("b", "ORG", "本館", zh="國立臺灣文學館")]
    ids, _ = resolve(rows)
    assert ids[0] != ids[1]


# 2. variants and typos ----------------------------------------------------------------------

def test_a_one_character_variant_of_one_head_in_one_document_is_one_body():
    rows = [m("mus", "ORG", "賽努奇博物館", en="Musée Cernuschi"), m("mus", "ORG", "塞努奇博物館")]
    ids, rules = resolve(rows)
    assert ids[0] == ids[1]
    assert rules["塞努奇博物館"] == "variant"


def test_interchangeable_heads_are_one_body():
    rows = [m("mus", "ORG", "國立歷史文物博物院"), m("mus", "ORG", "國立歷史文物博物館")]
    ids, _ = resolve(rows)
    assert ids[0] == ids[1]


def test_a_variant_is_not_linked_across_documents_without_other_evidence():
    rows = [m("a", "ORG", "賽努奇博物館"), m("b", "ORG", "塞努奇博物館")]
    ids, _ = resolve(rows)
    assert ids[0] != ids[1]


def test_no_variant_across_different_heads():
    rows = [m("h", "ORG", "國家衛生研究部"), m("h", "ORG", "國家衛生研究署")]
    ids, _ = resolve(rows)
    assert ids[0] != ids[1]


def test_no_variant_when_the_differing_character_is_a_number_a_direction_or_a_place():
    for a, b in [("第一河川管理分署", "第二河川管理分署"), ("南區水資源分署", "北區水資源分署"),
                 ("臺中港務分公司", "臺北港務分公司"), ("亞洲開發銀行", "非洲開發銀行"),
                 ("農業部漁業署", "農業部林業署"), ("經濟部工業局", "經濟部商業局"), ("國立中央大學", "國立中正大學")]:
        ids, _ = resolve([m("d", "ORG", a), m("d", "ORG", b)])
        assert ids[0] != ids[1], (a, b)


# 3. a country or city prefix ----------------------------------------------------------------

def test_country_and_city_prefixes_name_one_body():
    rows = [m("d", "ORG", "德國漢堡易北愛樂廳"), m("d", "ORG", "漢堡易北愛樂廳"), m("d", "ORG", "易北愛樂廳")]
    ids, rules = resolve(rows)
    assert len(set(ids)) == 1
    assert rules["易北愛樂廳"] == "place_prefix"
    out = resolve_entities(rows)
    assert out["entities"][0].name_zh == "德國漢堡易北愛樂廳"  # the longest full name


def test_two_cities_prefixes_keep_the_bodies_apart():
    rows = [m("d", "ORG", "里昂東方藝術中心"), m("d", "ORG", "馬賽東方藝術中心"), m("d", "ORG", "東方藝術中心")]
    ids, _ = resolve(rows)
    assert ids[0] != ids[1]
    assert ids[2] not in (ids[0], ids[1])


def test_a_generic_bare_name_does_not_take_a_country_prefix():
    rows = [m("d", "ORG", "德國國家圖書館"), m("d", "ORG", "奧地利國家圖書館"), m("d", "ORG", "國家圖書館")]
    ids, rules = resolve(rows)
    assert len(set(ids)) == 3
    rows = [m("d", "ORG", "德國國家圖書館"), m("e", "ORG", "國家圖書館")]
    assert len(set(resolve(rows)[0])) == 2


# 4. people stated together ------------------------------------------------------------------

def test_a_transliteration_and_the_romanized_name_stated_together_are_one_person():
    rows = [m("d", "PERSON", "瑪蒂娜・羅西", zh="瑪蒂娜・羅西", start=100, end=106),
            m("d", "PERSON", "Martina Rossi", en="Martina Rossi", start=111, end=124)]
    ids, rules = resolve(rows)
    assert ids[0] == ids[1]
    assert "person_pair" in rules.values()


def test_a_malay_given_name_and_its_rendering_stated_together():
    rows = [m("d", "PERSON", "阿茲曼", zh="阿茲曼", start=50, end=53),
            m("d", "PERSON", "Azman", en="Azman bin Yusri", start=62, end=67)]
    ids, _ = resolve(rows)
    assert ids[0] == ids[1]


def test_a_list_of_people_is_not_a_pair():
    rows = [m("d", "PERSON", "王志明", zh="王志明", start=10, end=13),
            m("d", "PERSON", "John Carter", en="John Carter", start=14, end=25)]
    ids, _ = resolve(rows)
    assert ids[0] != ids[1]


def test_names_far_apart_or_with_a_mention_between_are_not_a_pair():
    far = [m("d", "PERSON", "瑪蒂娜・羅西", start=100, end=106), m("d", "PERSON", "Martina Rossi", start=160, end=173)]
    between = [m("d", "PERSON", "瑪蒂娜・羅西", start=100, end=106), m("d", "ORG", "羅馬大學", start=107, end=111),
               m("d", "PERSON", "Martina Rossi", start=112, end=125)]
    assert len(set(resolve(far)[0])) == 2
    ids, _ = resolve(between)
    assert ids[0] != ids[2]


def test_shapes_of_korean_and_vietnamese_names():
    assert shapes_agree(parse_name("金志勳", True), parse_name("Kim Ji-hoon", True))
    assert shapes_agree(parse_name("黎文勇", True), parse_name("Le Van Dung", True))
    assert not shapes_agree(parse_name("黎文勇", True), parse_name("Le Dung", True))


def test_a_name_with_and_without_diacritics_is_one_person():
    rows = [m("d", "PERSON", "Inés Muñoz Peña", en="Inés Muñoz Peña"), m("e", "PERSON", "Ines Munoz Pena", en="Ines Munoz Pena")]
    ids, _ = resolve(rows)
    assert ids[0] == ids[1]


# 5. 以下簡稱 ------------------------------------------------------------------------------------

def test_a_stated_short_name_links_to_its_full_name():
    rows = [m("d", "ORG", "「北海道開拓研究所」（以下簡稱開拓所）", zh="北海道開拓研究所", abbr="開拓所"),
            m("d", "ORG", "開拓所")]
    ids, rules = resolve(rows)
    assert ids[0] == ids[1]
    assert rules["開拓所"] == "short_name"


def test_a_short_name_in_the_text_only_is_split():
    rows = [m("d", "ORG", "國際灌溉排水協會（簡稱灌排會）", zh=None), m("d", "ORG", "國際灌溉排水協會")]
    rows[0] = MentionRow(doc_id="d", label="ORG", text="國際灌溉排水協會（簡稱灌排會）")
    ids, rules = resolve(rows)
    assert ids[0] == ids[1]
    assert rules.get("灌排會") == "short_name"


# 6. an English name and its abbreviation in one pair of parentheses ------------------------

def test_english_name_and_abbreviation_after_a_semicolon_are_split():
    assert split_english("Ministry of Water Resources; MWR") == [("Ministry of Water Resources", ""), ("MWR", "paren_abbr")]
    rows = [m("d", "ORG", "水資源部", zh="水資源部", en="Ministry of Water Resources; MWR"), m("e", "ORG", en="MWR", text="MWR")]
    ids, rules = resolve(rows)
    assert ids[0] == ids[1]
    assert rules["MWR"] == "paren_abbr"


def test_an_official_name_in_another_language_next_to_the_english_one():
    parts = split_english("Instituto Nacional de Aguas, National Water Institute")
    assert parts == [("Instituto Nacional de Aguas", ""), ("National Water Institute", "other_language")]
    rows = [m("d", "ORG", "國家水利研究所", en="Instituto Nacional de Aguas, National Water Institute"),
            m("e", "ORG", en="National Water Institute", text="National Water Institute")]
    ids, _ = resolve(rows)
    assert ids[0] == ids[1]


def test_a_comma_inside_one_english_name_is_kept():
    assert split_english("Department of Transport, Victoria") == [("Department of Transport, Victoria", "")]


# 7. editions ---------------------------------------------------------------------------------

def test_a_numbered_edition_joins_its_english_name_with_the_same_number():
    rows = [m("d", "EVENT", "第3屆海洋與氣候部長會議"),
            m("d", "EVENT", "氣候部長會議", zh="氣候部長會議", en="3rd Ministerial Meeting on Ocean and Climate", abbr="MMOC3"),
            m("d", "EVENT", "第2屆海洋與氣候部長會議")]
    ids, rules = resolve(rows)
    assert ids[0] == ids[1]
    assert ids[2] != ids[0]  # the 2nd edition stays another event
    assert rules["第3屆海洋與氣候部長會議"] == "edition"


def test_an_event_with_and_without_its_year_in_one_document():
    rows = [m("d", "EVENT", en="2031 International Symposium on Coastal Resilience", text="x"),
            m("d", "EVENT", en="International Symposium on Coastal Resilience", text="y")]
    rows = [MentionRow(doc_id="d", label="EVENT", text=r.name_en, name_en=r.name_en) for r in rows]
    ids, rules = resolve(rows)
    assert ids[0] == ids[1]
    assert "doc_year" in rules.values()


def test_two_years_of_a_series_stay_apart_from_the_bare_name():
    rows = [MentionRow(doc_id="d", label="EVENT", text=t, name_en=t) for t in
            ("2030 International Symposium on Coastal Resilience", "2031 International Symposium on Coastal Resilience",
             "International Symposium on Coastal Resilience")]
    ids, _ = resolve(rows)
    assert len(set(ids)) == 3


def test_taiwan_missions_in_one_place_are_one_office():
    rows = [m("a", "ORG", "駐智利代表處"), m("b", "ORG", "駐智利臺北經濟文化辦事處"), m("b", "ORG", "駐阿根廷代表處")]
    ids, rules = resolve(rows)
    assert ids[0] == ids[1] != ids[2]
    assert "mission" in rules.values()


# 8. evidence against merging ------------------------------------------------------------------

def test_namesakes_in_different_agencies_are_two_people():
    rows = [m("a", "PERSON", "林冠宇", zh="林冠宇", affiliation="內政部移民署", role="科員"),
            m("b", "PERSON", "林冠宇", zh="林冠宇", affiliation="高雄市政府工務局", role="工程員"),
            m("c", "PERSON", "林冠宇", zh="林冠宇", role="工程員")]
    ids, _ = resolve(rows)
    assert ids[0] != ids[1]
    assert ids[2] == ids[1]  # no agency: the bearer whose role it shares


def test_one_person_with_a_unit_and_its_full_agency_is_one_person():
    rows = [m("a", "PERSON", "林冠宇", zh="林冠宇", affiliation="工務局"),
            m("b", "PERSON", "林冠宇", zh="林冠宇", affiliation="高雄市政府工務局")]
    ids, _ = resolve(rows)
    assert ids[0] == ids[1]


def test_a_unit_is_not_its_parent():
    rows = [m("d", "ORG", "德國聯邦環境部"), m("d", "ORG", "德國聯邦環境部氣候司"), m("d", "ORG", "聯邦環境部")]
    ids, _ = resolve(rows)
    assert ids[0] != ids[1]
    assert ids[2] != ids[1]


def test_a_dated_event_joins_its_name_without_year_read_as_an_org_and_in_the_singular():
    rows = [MentionRow(doc_id="d", label="EVENT", text="x", name_zh="2031年港灣城市聯盟理事會會議",
                       name_en="2031 Harbour Cities Alliance Council Meetings"),
            MentionRow(doc_id="d", label="ORG", text="Harbour Cities Alliance Council Meeting",
                       name_en="Harbour Cities Alliance Council Meeting")]
    ids, _ = resolve(rows)
    assert ids[0] == ids[1]
    other_doc = [rows[0], MentionRow(doc_id="e", label="ORG", text=rows[1].text, name_en=rows[1].name_en)]
    ids, _ = resolve(other_doc)
    assert ids[0] != ids[1]  # in another report it may be another year's meeting


def test_a_short_name_that_drops_the_descriptive_middle_of_the_official_one():
    rows = [m("d", "ORG", "日本國立卡塔庫拉民俗工藝博物館"), m("d", "ORG", "卡塔庫拉博物館", en="Katakura Museum")]
    ids, rules = resolve(rows)
    assert ids[0] == ids[1]
    assert "abridged" in rules.values()


def test_no_abridged_link_when_the_kept_part_is_a_place_or_the_middle_a_unit():
    for long, short in [("東京海洋工業大學", "東京大學"), ("國立臺灣師範大學", "國立臺灣大學"),
                        ("甲乙研究部資訊處", "甲乙研究處"), ("卡塔庫拉第2民俗博物館", "卡塔庫拉博物館")]:
        ids, _ = resolve([m("d", "ORG", long), m("d", "ORG", short)])
        assert ids[0] != ids[1], (long, short)


def test_no_abridged_link_across_documents_or_to_two_long_names():
    rows = [m("a", "ORG", "卡塔庫拉民俗工藝博物館"), m("b", "ORG", "卡塔庫拉博物館")]
    assert len(set(resolve(rows)[0])) == 2
    rows = [m("d", "ORG", "卡塔庫拉民俗工藝博物館"), m("d", "ORG", "卡塔庫拉現代美術博物館"), m("d", "ORG", "卡塔庫拉博物館")]
    ids, _ = resolve(rows)
    assert ids[2] not in (ids[0], ids[1])
