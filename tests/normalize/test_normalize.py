"""extractors.normalize.repair: widths, fake bold, marker padding, wrap joining, page spans, tidy-up."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.core.numbering import opens_item, strip_marker_padding
from extractors.normalize.repair import (
    collapse_cjk_spacing,
    collapse_fake_bold,
    display_width,
    drop_page_furniture,
    ends_sentence,
    find_run4_lines,
    is_page_number,
    join_wrapped_lines,
    normalize_checkboxes,
    normalize_pages,
    normalize_text,
    repair_mojibake,
    tidy_text,
    typical_line_width,
)

WIDTH_CASES = [
    ("", 0),
    ("abc", 3),
    ("摘要", 4),
    ("（一）", 6),
    ("UCLG 秘書長", 11),
    ("é", 1),  # an ambiguous-width letter stays narrow
    ("—", 2),  # ambiguous punctuation is wide in CJK text
    ("e\u0301", 1),  # a combining mark takes no column
]


@pytest.mark.parametrize("text, width", WIDTH_CASES)
def test_display_width(text, width):
    assert display_width(text) == width


FAKE_BOLD_CASES = [
    # ×4, as the seed-000 dump draws headings
    ("壹壹壹壹、、、、    摘要摘要摘要摘要", "壹、摘要"),
    ("  二二二二、、、、會會會會議活動內容及達成效益議活動內容及達成效益議活動內容及達成效益議活動內容及達成效益",
     "  二、會議活動內容及達成效益"),
    ("肆肆肆肆，，，，過程過程過程過程", "肆，過程"),
    ("第第第第一一一一章章章章", "第一章"),
    ("經濟部經濟部經濟部經濟部", "經濟部"),
    ("UUUUCCCCLLLLGGGG", "UCLG"),
    ("2222000011118888年年年年", "2018年"),  # digits collapse inside a bold heading
    ("本報告由交交交交通通通通部部部部撰寫", "本報告由交通部撰寫"),  # a bold word inside a sentence
    # ×2 and ×3 when most of the line is doubled
    ("臺臺北北市市政政府府", "臺北市政府"),
    ("貳貳、、過過程程", "貳、過程"),
    ("肆肆肆、、、建建建議議議", "肆、建議"),
    ("心得及建議心得及建議", "心得及建議"),
    ("與與與與會會者者名名單單", "與與會者名單"),  # a real double inside a doubled line
    ("（（一一））  行行程程表表", "（一）行程表"),
]

NOT_FAKE_BOLD = [
    "本府代表與與會者合影",
    "謝謝",
    "謝謝大家的協助",
    "常常",
    "時時刻刻",
    "大大小小的會議",
    "2018.5.22",
    "電話 1111 分機 11404",
    "04-22281111",
    "金額 100000000 元",
    "------------",
    "目錄..........1",
    "bonbon",
    "哈哈",
    "編號 單       位 職  稱 姓  名",
    "1. 確認 UCLG 持續推動改革",
]


@pytest.mark.parametrize("line, expected", FAKE_BOLD_CASES)
def test_collapse_fake_bold(line, expected):
    assert collapse_fake_bold(line) == expected


@pytest.mark.parametrize("line", NOT_FAKE_BOLD)
def test_real_repeats_survive(line):
    assert collapse_fake_bold(line) == line


@pytest.mark.parametrize("line, expected", FAKE_BOLD_CASES[:8])
def test_run4_prefilter_finds_every_run(line, expected):
    lines = ["普通的一行文字", line, "另一行"]
    assert 1 in find_run4_lines(lines)


def test_run4_prefilter_skips_plain_lines():
    assert find_run4_lines(["本次會議在歐洲議會舉行", "共有超過三百位代表", "", "", "", ""]) == set()


SPACING_CASES = [
    ("培 育 我 國 國 際 事 務 人 才", "培育我國國際事務人才"),
    ("本 府 代 表 團 前 往 法 國 （ Strasbourg ）", "本府代表團前往法國（ Strasbourg ）"),
    ("日期 地點 行程", "日期 地點 行程"),
    ("2018.5.21 臺北－阿姆斯特丹 搭機前往阿姆斯特丹", "2018.5.21 臺北－阿姆斯特丹 搭機前往阿姆斯特丹"),
    ("單 位 職 稱", "單 位 職 稱"),  # too short to tell
]


@pytest.mark.parametrize("line, expected", SPACING_CASES)
def test_collapse_cjk_spacing(line, expected):
    assert collapse_cjk_spacing(line) == expected


def test_spaced_out_dump_is_joined():
    lines = ["本 府 代 表 團 一 行 前 往 法 國 斯 特 拉 斯 堡 參 加 會 議", "並 拜 會 當 地 市 政 府 官 員 。"] * 3
    assert normalize_text("\n".join(lines)).split("\n")[0] == "本府代表團一行前往法國斯特拉斯堡參加會議並拜會當地市政府官員。"


PADDING_CASES = [
    ("壹、    摘要", "壹、摘要"),
    ("一、 代表團出席", "一、代表團出席"),
    ("（一）  行程", "（一）行程"),
    ("肆，　過程", "肆，過程"),
    ("10.  2019 年", "10. 2019 年"),
    ("1. 確認", "1. 確認"),
    ("(1) 說明", "(1) 說明"),
    ("說明、  其他", "說明、  其他"),  # not a marker
]


@pytest.mark.parametrize("line, expected", PADDING_CASES)
def test_strip_marker_padding(line, expected):
    assert strip_marker_padding(line) == expected


MARKER_CASES = [
    ("壹、摘要", True),
    ("叄、目的", True),
    ("肆，過程", True),
    ("一、行程表", True),
    ("十二、附錄", True),
    ("（一）目的", True),
    ("(二) 過程", True),
    ("1. 確認", True),
    ("１．建議", True),
    ("(1) 說明", True),
    ("（３）說明", True),
    ("① 第一", True),
    ("第三章 結論", True),
    ("● 重點", True),
    ("2018.5.22 臺北", False),
    ("1次合併世界理事會議", False),
    ("（SIDA）共同開發", False),
    ("（2017）年成立", False),
    ("一行前往", False),
    ("U.S. policy", False),
]


@pytest.mark.parametrize("line, expected", MARKER_CASES)
def test_opens_item(line, expected):
    assert opens_item(line) is expected


ENDS_CASES = [
    ("等各項議程。", True),
    ("議程。」", True),
    ("是嗎？", True),
    ("如下；", True),
    ("the forum ended.", True),
    ("「高階政策性對話」", False),
    ("由「城市與", False),
    ("秘書長Ms.", False),
    ("Dr. (H.C.)", False),
    ("", False),
]


@pytest.mark.parametrize("line, expected", ENDS_CASES)
def test_ends_sentence(line, expected):
    assert ends_sentence(line) is expected


# A full line is 40 columns here (20 CJK characters).
JOIN_CASES = [
    (  # CJK: no space, and a blank line inside the paragraph goes
        ["本市代表團前往德國柏林參加國際會議並拜會當", "", "地政府官員。"],
        ["本市代表團前往德國柏林參加國際會議並拜會當地政府官員。"],
    ),
    (  # Latin words keep one space
        ["出席聯合國永續發展高階政策論壇（United", "", "Nations HLPF）。"],
        ["出席聯合國永續發展高階政策論壇（United Nations HLPF）。"],
    ),
    (  # CJK then Latin: no space
        ["會議由聯合國人居署執行長與本市副市長共同主", "持開幕式 Maimunah Sharif 致詞。"],
        ["會議由聯合國人居署執行長與本市副市長共同主持開幕式 Maimunah Sharif 致詞。"],
    ),
    (  # a hyphenated word split at the hyphen
        ["代表團出席 the 2023 Hannover Messe High-", "level Forum on Industry。"],
        ["代表團出席 the 2023 Hannover Messe High-level Forum on Industry。"],
    ),
    (  # a marker line is never joined onto the previous one
        ["本市代表團前往德國柏林參加國際會議並拜會當", "（二）下一項目的說明"],
        ["本市代表團前往德國柏林參加國際會議並拜會當", "（二）下一項目的說明"],
    ),
    (
        ["本市代表團前往德國柏林參加國際會議並拜會當", "", "1. 第一項"],
        ["本市代表團前往德國柏林參加國際會議並拜會當", "", "1. 第一項"],
    ),
    (  # a line that ends a sentence ends the paragraph
        ["本市代表團前往德國柏林參加國際會議並拜會。", "下一段落由此開始。"],
        ["本市代表團前往德國柏林參加國際會議並拜會。", "下一段落由此開始。"],
    ),
    (  # short lines (table rows, captions) stay; blank runs become one blank line
        ["2018.5.22", "阿姆斯特丹－", "", "", "", "斯特拉斯堡", "轉機抵達"],
        ["2018.5.22", "阿姆斯特丹－", "", "斯特拉斯堡", "轉機抵達"],
    ),
    (  # an indented line starts a paragraph
        ["本市代表團前往德國柏林參加國際會議並拜會當", "    另外本府亦拜會當地政府"],
        ["本市代表團前往德國柏林參加國際會議並拜會當", "另外本府亦拜會當地政府"],
    ),
    (  # a space-aligned table row is not joined
        ["日期      地點        行程內容說明與備註事項", "2023.4.16 臺北－法蘭克福 搭機"],
        ["日期      地點        行程內容說明與備註事項", "2023.4.16 臺北－法蘭克福 搭機"],
    ),
]


@pytest.mark.parametrize("lines, expected", JOIN_CASES)
def test_join_wrapped_lines(lines, expected):
    assert join_wrapped_lines(lines, width=40) == expected


def test_join_measures_the_width_itself():
    lines = ["這一行文字剛好寫滿了整個版面的寬度而且沒有", "結束所以應該與下一行接在一起才對的吧而且", "還有第三行。"] * 3
    assert join_wrapped_lines(lines) == ["".join(lines[:3])] * 3


WIDTH_SETS = [
    ([78, 80, 76, 79, 81, 40, 12, 77, 80, 30], 78),
    ([400, 1200, 86, 2000, 300, 950], None),  # one paragraph per line: not wrapped
    ([80, 80], None),  # too few lines to tell
]


@pytest.mark.parametrize("widths, expected", WIDTH_SETS)
def test_typical_line_width(widths, expected):
    width = typical_line_width(widths)
    assert width == expected if expected is None else abs(width - expected) <= 2


PAGE_NUMBER_CASES = [
    ("- 3 -", False, True),
    ("－12－", False, True),
    ("第 3 頁", False, True),
    ("第3頁，共10頁", False, True),
    ("Page 4 of 9", False, True),
    ("3", False, False),
    ("3", True, True),
    ("3/10", True, True),
    ("iv", True, True),
    ("2018.5.22", True, False),
    ("3 月", True, False),
]


@pytest.mark.parametrize("line, bare, expected", PAGE_NUMBER_CASES)
def test_is_page_number(line, bare, expected):
    assert is_page_number(line, bare=bare) is expected


def test_drop_page_furniture():
    bodies = ["壹、目的", "赴德國參訪", "貳、過程", "拜會經濟部"]
    pages = [["交通部出國報告", "", body, "", f"- {i} -", f"第 {i} 頁"] for i, body in enumerate(bodies, 1)]
    out = drop_page_furniture(pages)
    assert [[line for line in p if line] for p in out] == [[body] for body in bodies]


def test_bare_numbers_stay_without_page_breaks():
    assert drop_page_furniture([["日期", "3", "地點"]]) == [["日期", "3", "地點"]]


CHECKBOX_CASES = [
    ("☑ 是 ☐ 否", "■ 是 □ 否"),
    ("☒開會 ✓考察 ✔研究", "■開會 ■考察 ■研究"),
    ("[V] 國際會議 [ ] 考察", "■ 國際會議 □ 考察"),
    ("【V】是【 】否", "■是□否"),
    ("■ 已勾選 □ 未勾選", "■ 已勾選 □ 未勾選"),
    ("見附件 [1]", "見附件 [1]"),
]


@pytest.mark.parametrize("text, expected", CHECKBOX_CASES)
def test_normalize_checkboxes(text, expected):
    assert normalize_checkboxes(text) == expected


MOJIBAKE_CASES = [
    ("åƒ‘å‹™å§”å“¡æœƒ", "僑務委員會"),
    ("Ã©tÃ© 2024", "été 2024"),
    ("café Müller", "café Müller"),  # real Latin-1 text stays
    ("臺北市政府", "臺北市政府"),
    ("第一行\nå‹™\n第三行", "第一行\n務\n第三行"),
]


@pytest.mark.parametrize("text, expected", MOJIBAKE_CASES)
def test_repair_mojibake(text, expected):
    assert repair_mojibake(text) == expected


TIDY_CASES = [
    ("a  \r\nb\r\n", "a\nb"),
    ("a\n\n\n\nb", "a\n\nb"),
    ("\n\n標題\n", "標題"),
    ("Cafe\u0301", "Café"),  # NFC
    ("a\u00a0b\u200bc", "a bc"),
    ("tab\tcell\t", "tab\tcell"),
    ("a\fb", "a\n\nb"),
]


@pytest.mark.parametrize("text, expected", TIDY_CASES)
def test_tidy_text(text, expected):
    assert tidy_text(text) == expected


DUMP = "\n".join([
    " 伍伍伍伍、、、、    心得心得心得心得 ",
    "",
    " ",
    "本次參訪德國聯邦經濟部，瞭解其中小企業數位轉型補助機制之設計與執行",
    "",
    "方式，並與「德國機械設備製造業聯合會」（Verband Deutscher Maschinen- ",
    "",
    "und Anlagenbau, VDMA）代表交換意見，獲益良多，值得本部參考借鏡。 ",
    "",
    "",
    "",
    "陸陸陸陸、、、、建議建議建議建議 ",
    "一、 持續參與國際標準制定會議，強化與德國產業公協會之合作，並建議每年",
    "",
    "派員出席。 ",
])


def test_normalize_text_repairs_a_dump():
    text = normalize_text(DUMP)
    assert text.split("\n") == [
        "伍、心得",
        "",
        "本次參訪德國聯邦經濟部，瞭解其中小企業數位轉型補助機制之設計與執行方式，並與「德國機械設備製造業聯合會」"
        "（Verband Deutscher Maschinen- und Anlagenbau, VDMA）代表交換意見，獲益良多，值得本部參考借鏡。",
        "",
        "陸、建議",
        "一、持續參與國際標準制定會議，強化與德國產業公協會之合作，並建議每年派員出席。",
    ]


def test_normalize_pages_spans():
    full = "本部赴德國參加工業展並拜會相關部會與公協會代表，瞭解最新"  # 30 CJK: a full line
    pages = [
        f"經濟部出國報告\n壹、目的\n{full}\n{full}\n{full}\n- 1 -",
        f"經濟部出國報告\n{full}\n{full}\n{full}\n- 2 -",
        "經濟部出國報告\n\n- 3 -",
        "經濟部出國報告\n趨勢，作為本部推動產業升級之參考。\n參、建議\n持續合作。\n- 4 -",
    ]
    text, spans = normalize_pages(pages)
    assert "經濟部出國報告" not in text and "- 2 -" not in text
    assert len(spans) == 4
    assert text[spans[0].char_start : spans[0].char_end].startswith("壹、目的")
    assert text[spans[0].char_start : spans[0].char_end] == "壹、目的\n" + full * 3
    # Page 2 carries on page 1's paragraph, so it starts mid-line; the
    # paragraph goes on over an empty page 3 into page 4.
    assert text[spans[1].char_start : spans[1].char_end] == full * 3
    assert "\n" + full * 6 + "趨勢，作為" in text
    assert spans[2].char_start == spans[2].char_end  # an empty page
    assert text[spans[3].char_start : spans[3].char_end] == "趨勢，作為本部推動產業升級之參考。\n參、建議\n持續合作。"
    assert full + "趨勢" in text
    starts = [span.char_start for span in spans]
    assert starts == sorted(starts)


def test_normalize_pages_counts_fake_bold():
    _, spans = normalize_pages(["壹壹壹壹、、、、摘要摘要摘要摘要\n內文", "內文"])
    assert spans[0].fake_bold == 12 and spans[1].fake_bold == 0  # 壹×3, 、×3, 摘要×3


LINE = st.text(alphabet=st.sampled_from(list("本府代表團一行前往法國。，、 abcXY12壹（一）\t")), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(LINE, max_size=12), min_size=1, max_size=4))
def test_normalized_dump_keeps_the_conventions(pages):
    text, spans = normalize_pages(["\n".join(lines) for lines in pages])
    assert "\r" not in text and "\n\n\n" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert len(spans) == len(pages)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.char_start <= span.char_end <= len(text)
        previous_end = span.char_start


def test_no_run_of_four_survives_in_a_dump():
    text = normalize_text(DUMP)
    assert not [m for m in re.finditer(r"(.{1,40}?)\1{3}", text) if any(c.isalpha() for c in m.group(1))]
