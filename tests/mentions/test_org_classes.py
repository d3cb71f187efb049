"""Organizations without a usual suffix, boundaries and false finds (issue 15): each rule
with its own invented cases, written in other agencies' styles."""

from __future__ import annotations

import pytest

from extractors.core.doc import doc_from_text
from extractors.mentions.base import TextView
from extractors.mentions.extract import EntitySettings, extract_mentions
from extractors.mentions.intl import find_intl_orgs, lookup_intl

PLAIN = EntitySettings(use_spacy=False)


def rows(text: str, **kwargs):
    return extract_mentions(doc_from_text(text), settings=PLAIN, **kwargs)


def orgs(text: str) -> list[str]:
    return [r.name_zh or r.name_en or r.text for r in rows(text) if r.label == "ORG"]


# --- international organizations (lexicon intl_orgs.tsv, rule orgs.intl) -------------------

def test_the_lexicon_names_short_forms_and_english_names():
    assert lookup_intl("歐盟").abbr == "EU"
    assert lookup_intl("OECD").name_zh == "經濟合作暨發展組織"
    assert lookup_intl("International Atomic Energy Agency").abbr == "IAEA"
    assert lookup_intl("國際刑警組織") is lookup_intl("Interpol")


@pytest.mark.parametrize(("text", "expected"), [
    ("本局派員出席世界海關組織年會前置會議。", ["世界海關組織"]),
    ("依歐盟規範辦理，並參考OECD指引。", ["歐洲聯盟", "經濟合作暨發展組織"]),
    ("農委會代表赴巴黎與WOAH官員會談。", ["世界動物衛生組織"]),
])
def test_international_organizations_are_found_bare(text, expected):
    found = [r for r in rows(text) if r.rule == "orgs.intl"]
    assert [r.name_zh for r in found] == expected


@pytest.mark.parametrize("text", [
    "本案依ISO 14001環境管理系統及ISO/IEC 27001驗證。",  # a standard's code, not the body
    "參加外部評鑑測驗（IEC）。",  # an abbreviation that a phrase defines for itself
    "拜會東亞銀行總行。",  # a short form inside a longer word
])
def test_international_short_forms_do_not_fire_inside_other_things(text):
    assert not [f for f in find_intl_orgs(TextView(text))]


def test_a_known_name_labels_a_headless_bilingual_pair():
    found = rows("亞太經濟合作（APEC）今年由智利主辦。")
    assert ("ORG", "亞太經濟合作") in [(r.label, r.name_zh) for r in found]


# --- 及 / 暨 / 與 joining two fields of one name ---------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("計畫經費由國家海洋及漁業委員會補助。", "國家海洋及漁業委員會"),
    ("開幕式由汶萊文化及青年部次長主持。", "汶萊文化及青年部"),
    ("拜會智利國家防災暨應變中心（Centro Nacional de Prevención y Respuesta）。", "智利國家防災暨應變中心"),
    ("參觀奧地利國家救災與搜救訓練學院（National Disaster and Rescue Training Academy）。",
     "奧地利國家救災與搜救訓練學院"),
])
def test_a_joiner_between_two_fields_stays_inside_the_name(text, expected):
    assert expected in orgs(text)


@pytest.mark.parametrize(("text", "absent"), [
    ("會中與智利能源礦業部（Ministry of Energy and Mining）部長會談。", "會中與智利能源礦業部"),
    ("前往奧克蘭及懷卡托大學參訪。", "奧克蘭及懷卡托大學"),
    ("拜會新竹縣政府及苗栗縣政府。", "新竹縣政府及苗栗縣政府"),
])
def test_a_joiner_between_two_names_splits_them(text, absent):
    assert absent not in orgs(text)


# --- boundaries ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("本人返國後依中央災害應變指揮中心規定辦理。", ["中央災害應變指揮中心"]),
    ("全面檢討災害醫療援助隊之派遣機制。", ["災害醫療援助隊"]),
    ("參訪仙台市消防學校山岳救援隊訓練場。", ["仙台市消防學校", "山岳救援隊"]),
])
def test_verbs_and_names_in_a_row_cut_names(text, expected):
    assert orgs(text) == expected


def test_a_date_and_a_verb_glued_before_an_own_unit_are_no_name():
    assert not [o for o in orgs("5月2日起於本館南區典藏庫進行點收。") if "起於" in o]


def test_a_country_before_a_city_and_a_plain_head_is_no_part_of_the_name():
    assert orgs("赴韓國釜山海洋警察廳觀摩。") == ["釜山海洋警察廳"]


def test_a_citys_bureau_is_one_name():
    assert orgs("赴日本神戶市水道局研習。") == ["神戶市水道局"]


def test_headquarters_inside_a_word_is_no_own_unit():
    assert orgs("災情回報至前線指揮本部。") == []
    assert orgs("感謝本部長官支持。本部派員出席。") == ["本部", "本部"]


def test_a_country_and_its_ministry_are_one_name():
    assert "斐濟農業及水道部" in orgs("會議由斐濟農業及水道部次長開幕。")


def test_a_missions_section_belongs_to_the_mission():
    assert "駐泰國臺北經濟文化辦事處教育組" in orgs("感謝駐泰國臺北經濟文化辦事處教育組協助安排。")


@pytest.mark.parametrize("text", [
    "深化與德國博物館之合作。",  # a country and a generic head: German museums
    "泰國代表詢問我國醫院之評鑑制度。",
    "整合奧地利各國立圖書館之館藏。",
    "東京都廳組織及業務概況",  # the structure of a body, not a second body
    "依「指揮總部－分區指揮所－前進指揮所」三層架構運作。",  # a hierarchy, not a name
])
def test_generic_phrases_are_no_organizations(text):
    assert not [o for o in orgs(text) if o.endswith(("博物館", "醫院", "圖書館", "組織", "指揮所"))]


def test_a_seat_of_government_is_no_unit():
    assert orgs("帛琉國家政府行政中心設於該區。") in ([], ["帛琉國家政府"])


# --- English names: roles, documents, commas, translations -----------------------------------

@pytest.mark.parametrize("text", [
    "由 Mr. Tomas Berg, Program Director, Nordic Council Secretariat 簡報。",
    "3. Tasmania Flood Review Final Report（2019年5月）",
    "Local Government 之角色",
])
def test_roles_documents_and_generic_governments_are_no_organizations(text):
    names = orgs(text)
    assert not [n for n in names if n.endswith(("Director", "Report", "Local Government"))]


def test_an_english_name_is_not_split_at_its_comma_before_its_abbreviation():
    text = "Dr. Lina Park, Director of the Institute for Marine Research, Fisheries and Aquaculture (IMRFA), 說明。"
    found = [r for r in rows(text) if r.label == "ORG"]
    assert [(r.name_en, r.abbr) for r in found] == [
        ("Institute for Marine Research, Fisheries and Aquaculture", "IMRFA")]


def test_a_named_government_is_an_organization():
    assert "Tasmanian Government" in orgs("2. Tasmanian Government, Flood Guidelines (2015)")


def test_a_translation_in_brackets_is_labelled_with_its_chinese():
    assert orgs("推出「災害簡訊通報服務」（Disaster SMS Alert Service）供民眾登記。") == []


def test_a_bracket_translating_an_appositive_links_both_spellings():
    text = ("Dr. Ana Torres, Director of the Center for Water Studies (CWS), Ministry of Water of Chile"
            "（智利水利部水資源研究中心主任安娜・托雷斯博士）致詞。")
    found = rows(text)
    person = [r for r in found if r.label == "PERSON" and r.name_zh]
    unit = [r for r in found if r.label == "ORG" and r.name_zh]
    assert [(p.name_zh, p.name_en) for p in person] == [("安娜・托雷斯", "Ana Torres")]
    assert [(u.name_zh, u.name_en) for u in unit] == [("智利水利部水資源研究中心", "Center for Water Studies")]


# --- companies, press, former names ----------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("由承攬之展品運輸公司Hasenkamp Logistik負責卸貨。", "Hasenkamp Logistik"),
    ("設備由Kraftwerk Technik GmbH提供。", "Kraftwerk Technik GmbH"),
    ("合作廠商為Bumi Hijau Sdn Bhd。", "Bumi Hijau Sdn Bhd"),
    ("顧問為Maple Ridge Consulting Inc.及本局。", "Maple Ridge Consulting Inc."),
])
def test_companies_by_legal_form_or_after_a_describing_company(text, expected):
    names = orgs(text)
    assert expected in names
    assert not [n for n in names if n.endswith("運輸公司")]


def test_a_newspaper_in_title_brackets():
    found = [r for r in rows("當地《海峽時報》（The Straits Times）以頭版報導。") if r.label == "ORG"]
    assert [(r.name_zh, r.name_en) for r in found] == [("海峽時報", "The Straits Times")]


def test_a_former_name_in_brackets_is_an_organization():
    assert orgs("本案由國家海洋發展委員會（原海洋事務部）補助。") == ["國家海洋發展委員會", "海洋事務部"]


@pytest.mark.parametrize(("text", "expected"), [
    ("再於內閣府公署下設專責單位。", "內閣府公署"),
    ("出席大阪府警察廳舉辦之研習。", "大阪府警察廳"),
    ("拜會大阪市役所國際交流課。", "大阪市役所"),
    ("加入山岳搜救援助隊行列。", "山岳搜救援助隊"),
])
def test_heads_without_a_usual_suffix(text, expected):
    assert expected in orgs(text)
