"""Name keys, and the pairwise match / cannot-link rules, one case at a time."""

from __future__ import annotations

import pytest

from extractors.entities.block import find_deletion_pairs, find_transposition_pairs
from extractors.entities.match import cannot_link, match_names
from extractors.entities.names import parse_name

KEY_CASES = [
    # (surface, is_person, key, script, is_abbr, is_generic)
    ("「國際港埠協會」", False, "国际港埠协会", "zh", False, False),
    ("臺北市政府", False, "台北市府", "zh", False, False),
    ("ＷＨＯ", False, "who", "lat", True, False),
    ("UCLG ASPAC", False, "uclgaspac", "lat", True, False),
    ("UN-Habitat", False, "unhabitat", "lat", False, False),
    ("SDGs", False, "sdgs", "lat", True, False),
    ("Mr. Parks Mokoena", True, "parksmokoena", "lat", False, False),
    ("Dr. (H.C.) Ir. Sri Wahyuni", True, "sriwahyuni", "lat", False, False),
    ("黃志明先生", True, "黄志明", "zh", False, False),
    ("First Session", False, "1stsession", "lat", False, False),
    ("本府", False, "本府", "zh", False, True),
    ("執行局委員會會議", False, "执行局委员会会议", "zh", False, True),
    ("Executive Bureau Meeting", False, "executivebureaumeeting", "lat", False, True),
]


@pytest.mark.parametrize("surface, is_person, key, script, is_abbr, is_generic", KEY_CASES)
def test_parse_name(surface, is_person, key, script, is_abbr, is_generic):
    name = parse_name(surface, is_person)
    assert (name.key, name.script, name.is_abbr, name.is_generic) == (key, script, is_abbr, is_generic)


@pytest.mark.parametrize("surface", ["", "（二）", "一", "2018", "「」", " - "])
def test_parse_name_rejects_non_names(surface):
    assert parse_name(surface) is None


MATCH_CASES = [
    # (a, b, is_person, rule or None)
    ("NU-Habitat", "UN-Habitat", False, "transposition"),
    ("International Labour Organization", "Internatinal Labour Organization", False, "fuzzy"),
    ("Governors Association of Korea", "Governors Association of Kenya", False, None),
    ("National Bank of Ireland", "National Bank of Iceland", False, None),
    ("UCLG", "UCLG ASPAC", False, None),
    ("OECD", "OCED", False, None),
    ("旁遮普省地方議會協會", "旁遮普地方議會協會", False, "fuzzy"),
    ("歐洲議會", "歐洲理事會", False, None),
    ("非洲開發銀行駐東京辦事處", "亞洲開發銀行駐東京辦事處", False, None),
    ("Syed Muhammad Tariq Shah Bukhari", "Shed Mohammad Tariq Bukhari", True, "person_variant"),
    ("Arif Rehman", "Arif Rehman Nazim", True, "person_variant"),
    ("Ajay Kumar", "Sanjay Kumar", True, None),
    ("Kumar", "Sanjay Kumar", True, None),
    ("The 2nd Session of Asia Mayors Forum 2019", "Asia Mayors Forum Second Session of 2019", False, "token_reorder"),
    ("2019 Asia Pacific Cities Summit", "2021 Asia Pacific Cities Summit", False, None),
]


@pytest.mark.parametrize("a, b, is_person, rule", MATCH_CASES)
def test_match_names(a, b, is_person, rule):
    result = match_names(parse_name(a, is_person), parse_name(b, is_person), is_person)
    assert (result[0] if result else None) == rule
    if result:
        assert 0.0 < result[1] <= 1.0


CANNOT_LINK_CASES = [
    ("UCLG", "UCLG ASPAC", False, True),
    ("國際扶輪", "國際扶輪亞太分會", False, True),
    ("Council of Asian Mayors", "Council of Asian Mayors Secretariat", False, True),
    ("歐洲議會", "歐洲理事會", False, True),
    ("Local Government Association of Queensland", "Local Government Association of Tasmania", False, True),
    ("2019 Asia Pacific Cities Summit", "2021 Asia Pacific Cities Summit", False, True),
    ("Kumar", "Sanjay Kumar", True, True),
    ("2020台北國際食品展", "台北國際食品展", False, False),  # a year is not a different body
    ("亞洲開發銀行", "World Bank", False, False),  # different scripts are never compared
    ("Asian Development Bank", "Asian Develpoment Bank", False, False),
]


@pytest.mark.parametrize("a, b, is_person, expected", CANNOT_LINK_CASES)
def test_cannot_link(a, b, is_person, expected):
    assert cannot_link(parse_name(a, is_person), parse_name(b, is_person), is_person) is expected


def test_cannot_link_allows_suffix_form_only_when_asked():
    long, short = parse_name("城市聯盟亞洲分部"), parse_name("亞洲分部")
    assert cannot_link(short, long)
    assert not cannot_link(short, long, allow_suffix=True)


def test_blocking_finds_typo_pairs_exactly():
    keys = ["unhabitat", "nuhabitat", "unwomen", "旁遮普省地方議會協會", "旁遮普地方議會協會", "other"]
    assert set(find_transposition_pairs(keys, 6)) == {(0, 1)}
    assert set(find_deletion_pairs(keys, 7)) == {(3, 4)}
