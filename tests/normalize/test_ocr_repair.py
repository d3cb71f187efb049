"""OCR confusion repairs (extractors.normalize.ocr_repair): each rule fixes its confusion and nothing else."""

from __future__ import annotations

import pytest

from extractors.normalize.ocr_repair import (
    repair_boxes,
    repair_heading_numeral,
    repair_latin_ones,
    repair_ocr_line,
    repair_punctuation,
    repair_route,
)


@pytest.mark.parametrize(("read", "meant"), [
    ("壺、計畫緣起", "壹、計畫緣起"),
    ("  壺，研習目的", "  壹，研習目的"),
    ("参、考察過程", "參、考察過程"),
    ("革、參訪行程", "貳、參訪行程"),
])
def test_a_misread_heavy_numeral_at_a_heading_start_is_repaired(read, meant):
    assert repair_heading_numeral(read) == meant


@pytest.mark.parametrize("line", ["茶壺、茶杯及餐具", "公司、學校與機關", "本壺、", "壺中天地"])
def test_the_same_characters_elsewhere_stay(line):
    assert repair_heading_numeral(line) == line


@pytest.mark.parametrize(("cell", "meant"), [
    ("桃園一成田一札幌", "桃園—成田—札幌"),
    ("高雄一香港", "高雄—香港"),
    ("維也納一", "維也納—"),  # a route cell wrapped after its dash
])
def test_a_route_cell_joined_by_the_ideograph_one_gets_dashes(cell, meant):
    assert repair_route(cell) == meant


@pytest.mark.parametrize("cell", ["第一場研討會", "統一規格", "萬眾一心", "其中之一", "參訪一次", "每一天"])
def test_one_as_a_numeral_or_word_part_stays(cell):
    assert repair_route(cell) == cell


def test_a_wrapped_route_end_is_only_repaired_inside_a_table():
    assert repair_route("維也納一", in_table=False) == "維也納一"
    assert repair_ocr_line("維也納一") == "維也納一"
    assert repair_ocr_line("2019.3.4\t維也納一\t搭機") == "2019.3.4\t維也納—\t搭機"


def test_box_lookalikes_on_an_options_line_become_boxes():
    assert repair_boxes("出國類別：口考察 圖開會 □進修") == "出國類別：□考察 ■開會 □進修"
    assert repair_boxes("含附件：[]是 [I]否").replace("\x00", "") == "含附件：□是 ■否"
    assert len(repair_boxes("含附件：[]是 [I]否")) == len("含附件：[]是 [I]否")  # same length: boxes map back


@pytest.mark.parametrize("line", ["詳見附圖說明", "圖書館參訪", "口頭報告及書面資料"])
def test_a_single_lookalike_is_text(line):
    assert repair_boxes(line) == line


def test_half_width_punctuation_between_chinese_becomes_full_width():
    assert repair_punctuation("研習地點:大阪,日本;為期(五)日?") == "研習地點：大阪，日本；為期（五）日？"
    assert repair_punctuation("ISO 14001:2015, clause 4") == "ISO 14001:2015, clause 4"


def test_ones_inside_latin_words_are_ells():
    assert repair_latin_ones("Genera1 Assemb1y of members") == "General Assembly of members"
    assert repair_latin_ones("COVID-19, G7, A380, B1, A11") == "COVID-19, G7, A380, B1, A11"


def test_every_rule_keeps_the_length_so_boxes_map_back():
    line = "壺、行程\t桃園一成田\t口考察 圖開會,Counci1"
    assert len(repair_ocr_line(line)) == len(line)


def test_a_top_heading_misread_beyond_the_known_confusions_is_fixed_by_its_neighbours():
    from extractors.normalize.ocr_repair import repair_heading_sequence

    text = "壹、前言\n內文。\n貳、行程\n內文。\n全、心得\n內文。\n肆、建議"
    assert repair_heading_sequence(text) == text.replace("全、心得", "參、心得")
    assert repair_heading_sequence("卓、前言\n貳、行程") == "壹、前言\n貳、行程"
    assert repair_heading_sequence("壹、前言\n貳、行程\n全、心得") == "壹、前言\n貳、行程\n參、心得"
    unsure = "壹、前言\n全、心得\n兩、建議\n肆、附錄"  # two unknowns between 壹 and 肆: no guess
    assert repair_heading_sequence(unsure) == unsure
