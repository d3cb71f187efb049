"""Merge / no-merge cases for entity resolution, built in memory.

Each case is a small corpus of mentions; the first two mentions are compared: should they
share an entity_id? Further mentions are context (a bilingual link learned elsewhere, a
competing sense of an abbreviation, a nested body). Names are modelled on the prose of
trip reports from many agencies, not taken from the seed reports.
"""

from __future__ import annotations

import pytest

from extractors.core.records import MentionRow
from extractors.entities.resolve import resolve_entities


def m(doc: str, label: str, text: str | None = None, zh: str | None = None, en: str | None = None,
      abbr: str | None = None) -> MentionRow:
    return MentionRow(doc_id=doc, section_path="1", label=label, text=text or zh or en or abbr,
                      name_zh=zh, name_en=en, abbr=abbr)


CASES = [
    # --- identical after normalization: case, spacing, quotes, width, honorifics
    ("case_and_spacing", [m("a", "ORG", en="Asian Development Bank"), m("b", "ORG", en="ASIAN  DEVELOPMENT BANK")], True),
    ("fullwidth_abbr", [m("a", "ORG", abbr="ＵＮＩＣＥＦ"), m("b", "ORG", abbr="UNICEF")], True),
    ("curly_quotes", [m("a", "ORG", en="United Nations Children’s Fund"), m("b", "ORG", en="United Nations Children's Fund")], True),
    ("zh_quotes_stripped", [m("a", "ORG", text="「亞洲開發銀行」", zh="亞洲開發銀行"), m("b", "ORG", text="亞洲開發銀行")], True),
    ("hyphen_vs_space", [m("a", "ORG", en="UN-Women"), m("b", "ORG", en="UN Women")], True),
    ("honorific_mr", [m("a", "PERSON", text="Mr. Sanjay Kumar"), m("b", "PERSON", text="Sanjay Kumar")], True),
    ("honorific_stack", [m("a", "PERSON", text="Dr. (H.C.) Ir. Sri Wahyuni"), m("b", "PERSON", text="Sri Wahyuni")], True),
    ("honorific_zh", [m("a", "PERSON", text="陳美玲女士"), m("b", "PERSON", text="陳美玲")], True),
    ("zh_short_form_city_gov", [m("a", "ORG", zh="高雄市政府"), m("b", "ORG", zh="高雄市府")], True),
    # --- Traditional / Simplified / variant characters (OpenCC t2s, one script)
    ("tai_variant", [m("a", "ORG", zh="臺灣銀行"), m("b", "ORG", zh="台灣銀行")], True),
    ("simplified_org", [m("a", "ORG", zh="世界衛生組織"), m("b", "ORG", zh="世界卫生组织")], True),
    ("simplified_mixed_chars", [m("a", "ORG", zh="國際勞工組織"), m("b", "ORG", zh="国际劳工組織")], True),
    ("variant_peak", [m("a", "PLACE", zh="太平山峯"), m("b", "PLACE", zh="太平山峰")], True),
    # --- bilingual links learned across the corpus
    ("zh_en_then_en_only", [m("a", "ORG", zh="國際地方環境行動理事會", en="Local Governments for Sustainability"),
                            m("b", "ORG", en="Local Governments for Sustainability")], True),
    ("zh_abbr_then_abbr_only", [m("a", "ORG", zh="經濟合作暨發展組織", abbr="OECD"), m("b", "ORG", abbr="OECD")], True),
    ("chain_through_abbr", [m("a", "ORG", zh="日本自治體國際化協會"), m("c", "ORG", en="Council of Local Authorities for International Relations"),
                            m("a", "ORG", zh="日本自治體國際化協會", abbr="CLAIR"),
                            m("b", "ORG", en="Council of Local Authorities for International Relations", abbr="CLAIR")], True),
    ("text_only_bilingual_split", [m("a", "ORG", text="「亞太經濟合作會議」（Asia-Pacific Economic Cooperation, APEC）"),
                                   m("b", "ORG", abbr="APEC")], True),
    ("short_abbr_two_senses", [m("a", "ORG", zh="綠色運輸聯盟", abbr="GTA"), m("b", "ORG", zh="全球旅遊協會", abbr="GTA")], False),
    ("short_abbr_bare_follows_own_doc", [m("b", "ORG", abbr="GTA"), m("b", "ORG", zh="全球旅遊協會"),
                                         m("a", "ORG", zh="綠色運輸聯盟", abbr="GTA"), m("a", "ORG", zh="綠色運輸聯盟", abbr="GTA"),
                                         m("b", "ORG", zh="全球旅遊協會", abbr="GTA")], True),
    # --- typos and transliterations
    ("transposed_hyphen_abbr", [m("a", "ORG", en="UN-Women"), m("b", "ORG", en="NU-Women")], True),
    ("transposed_long_name", [m("a", "ORG", en="Asian Development Bank"), m("b", "ORG", en="Asian Develpoment Bank")], True),
    ("dropped_letter_long_name", [m("a", "ORG", en="International Labour Organization"), m("b", "ORG", en="Internatinal Labour Organization")], True),
    ("british_spelling", [m("a", "ORG", en="World Health Organization"), m("b", "ORG", en="World Health Organisation")], True),
    ("plural_typo_event", [m("a", "EVENT", en="2019 Asia Pacific Cities Summit"), m("b", "EVENT", en="2019 Asia Pacific Cities Summits")], True),
    ("zh_dropped_province", [m("a", "ORG", zh="菲律賓宿霧省地方政府聯盟"), m("b", "ORG", zh="菲律賓宿霧地方政府聯盟")], True),
    ("person_transposition", [m("a", "PERSON", text="Carlos Moreno"), m("b", "PERSON", text="Carlos Morneo")], True),
    ("person_transliteration", [m("a", "PERSON", text="Syed Muhammad Tariq Shah Bukhari"), m("b", "PERSON", text="Shed Mohammad Tariq Bukhari")], True),
    ("person_trailing_title", [m("a", "PERSON", text="Arif Rehman Nazim"), m("b", "PERSON", text="Arif Rehman")], True),
    ("person_dropped_letter", [m("a", "PERSON", text="Dewi Anggraeni Kusumawati"), m("b", "PERSON", text="Dewi Anggraeni Kusumawat")], True),
    ("token_reorder_ordinal", [m("a", "EVENT", en="The 2nd Session of Asia Mayors Forum 2019"),
                               m("b", "EVENT", en="Asia Mayors Forum Second Session of 2019")], True),
    ("component_link_mixed", [m("a", "EVENT", zh="亞洲開發銀行2019年理事會年會"), m("b", "EVENT", zh="ADB 2019 年理事會年會"),
                              m("a", "ORG", zh="亞洲開發銀行", abbr="ADB")], True),
    ("component_link_latin", [m("a", "ORG", en="ICLEI Cities Network"),
                              m("b", "ORG", en="Local Governments for Sustainability Cities Network"),
                              m("a", "ORG", zh="地方環境行動國際委員會", en="Local Governments for Sustainability", abbr="ICLEI")], True),
    ("component_link_needs_the_link", [m("a", "ORG", en="ICLEI Cities Network"),
                                       m("b", "ORG", en="Local Governments for Sustainability Cities Network")], False),
    # --- short names and abbreviations: exact only
    ("short_abbr_transposed", [m("a", "ORG", abbr="OECD"), m("b", "ORG", abbr="OCED")], False),
    ("different_abbr", [m("a", "ORG", abbr="UNDP"), m("b", "ORG", abbr="UNEP")], False),
    ("short_latin_name", [m("a", "PLACE", en="Gaza"), m("b", "PLACE", en="Gaya")], False),
    # --- nested organizations
    ("nested_abbr_branch", [m("a", "ORG", abbr="ICLEI"), m("b", "ORG", abbr="ICLEI EA")], False),
    ("nested_zh_branch", [m("a", "ORG", zh="國際扶輪"), m("b", "ORG", zh="國際扶輪亞太分會")], False),
    ("nested_en_secretariat", [m("a", "ORG", en="Council of Asian Mayors"), m("b", "ORG", en="Council of Asian Mayors Secretariat")], False),
    ("nested_same_doc_suffix_does_not_swallow_parent",
     [m("a", "ORG", zh="城市聯盟"), m("a", "ORG", zh="城市聯盟亞洲分部"), m("a", "ORG", zh="亞洲分部")], False),
    ("doc_suffix_short_form", [m("a", "ORG", zh="城市聯盟亞洲分部"), m("a", "ORG", zh="亞洲分部"), m("a", "ORG", zh="城市聯盟")], True),
    ("doc_suffix_needs_same_doc", [m("a", "ORG", zh="聯合國開發計劃署"), m("b", "ORG", zh="開發計劃署")], False),
    ("doc_suffix_ambiguous", [m("a", "ORG", zh="地方議會協會"), m("a", "ORG", zh="信德省地方議會協會"),
                              m("a", "ORG", zh="俾路支省地方議會協會")], False),
    ("place_suffix", [m("a", "PLACE", zh="釜山海雲臺區"), m("a", "PLACE", zh="海雲臺區")], True),
    ("place_suffix_one_char_prefix", [m("a", "PLACE", zh="東南亞"), m("a", "PLACE", zh="南亞")], False),
    # --- siblings that differ by one content word
    ("sibling_province", [m("a", "ORG", en="Local Government Association of Queensland"),
                          m("b", "ORG", en="Local Government Association of Tasmania")], False),
    ("sibling_country_one_letter", [m("a", "ORG", en="National Bank of Ireland"), m("b", "ORG", en="National Bank of Iceland")], False),
    ("sibling_country_two_letters", [m("a", "ORG", en="Governors Association of Korea"), m("b", "ORG", en="Governors Association of Kenya")], False),
    ("sibling_zh_parliament_council", [m("a", "ORG", zh="亞洲議會"), m("b", "ORG", zh="亞洲理事會")], False),
    ("sibling_zh_one_char", [m("a", "ORG", zh="新北市政府"), m("b", "ORG", zh="新竹市政府")], False),
    ("sibling_zh_long_substitution", [m("a", "ORG", zh="非洲開發銀行駐東京辦事處"), m("b", "ORG", zh="亞洲開發銀行駐東京辦事處")], False),
    ("different_year", [m("a", "EVENT", en="2019 Asia Pacific Cities Summit"), m("b", "EVENT", en="2021 Asia Pacific Cities Summit")], False),
    ("different_session_zh", [m("a", "EVENT", zh="第三屆亞太城市高峰會"), m("b", "EVENT", zh="第四屆亞太城市高峰會")], False),
    ("year_prefix_other_doc", [m("a", "EVENT", zh="2020台北國際食品展"), m("b", "EVENT", zh="台北國際食品展")], False),
    ("year_prefix_same_doc", [m("a", "EVENT", zh="2020台北國際食品展"), m("a", "EVENT", zh="台北國際食品展")], True),
    # --- labels
    ("label_vote_org_event", [m("a", "ORG", zh="城市氣候領導聯盟"), m("b", "EVENT", zh="城市氣候領導聯盟"),
                              m("c", "ORG", zh="城市氣候領導聯盟")], True),
    ("person_never_joins_place", [m("a", "PERSON", zh="黃中山"), m("b", "PLACE", zh="黃中山")], False),
    ("person_vs_org_same_text", [m("a", "PERSON", en="Ford"), m("b", "ORG", en="Ford")], False),
    # --- people who share only a surname, or a given name
    ("surname_only", [m("a", "PERSON", text="Kumar"), m("b", "PERSON", text="Sanjay Kumar")], False),
    ("shared_surname", [m("a", "PERSON", text="Ajay Kumar"), m("b", "PERSON", text="Sanjay Kumar")], False),
    ("shared_given_name", [m("a", "PERSON", text="Maria Santos"), m("b", "PERSON", text="Maria Reyes")], False),
    ("similar_given_names", [m("a", "PERSON", text="Mario Rossi"), m("b", "PERSON", text="Maria Rossi")], False),
    ("vietnamese_last_token", [m("a", "PERSON", text="Nguyen Van An"), m("b", "PERSON", text="Nguyen Van Binh")], False),
    ("zh_shared_surname", [m("a", "PERSON", zh="林佳龍"), m("b", "PERSON", zh="林佳慧")], False),
    # --- generic names mean something else in each report
    ("generic_secretariat_two_docs", [m("a", "ORG", zh="秘書處"), m("b", "ORG", zh="秘書處")], False),
    ("generic_same_doc", [m("a", "ORG", zh="本府"), m("a", "ORG", zh="本府")], True),
    ("generic_en_two_docs", [m("a", "ORG", en="Executive Bureau"), m("b", "ORG", en="Executive Bureau")], False),
]


@pytest.mark.parametrize("name, rows, same", CASES, ids=[c[0] for c in CASES])
def test_merge_case(name, rows, same):
    out = resolve_entities(rows)["mentions"]
    first, second = out[0].entity_id, out[1].entity_id
    assert first is not None and second is not None
    assert (first == second) is same, name


def test_case_table_is_large_enough():
    assert len(CASES) >= 40
    assert sum(1 for c in CASES if c[2]) >= 15 and sum(1 for c in CASES if not c[2]) >= 15
