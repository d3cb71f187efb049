"""The marker grammar, one line at a time."""

from __future__ import annotations

import pytest

from extractors.core.numbering import RANK, is_toc_line, parse_cjk_numeral, parse_marker, parse_numeral

MARKERS = [
    # line, type, ordinal, marker text as written
    ("壹、摘要", "formal", 1, "壹、"),
    ("壹、    摘要", "formal", 1, "壹、"),
    ("肆，過程", "formal", 4, "肆，"),
    ("叄、目的", "formal", 3, "叄、"),
    ("叁、目的", "formal", 3, "叁、"),
    ("參、目的", "formal", 3, "參、"),
    ("拾壹、附錄", "formal", 11, "拾壹、"),
    ("貳拾、其他", "formal", 20, "貳拾、"),
    ("柒,結語", "formal", 7, "柒,"),
    ("一、行程表", "cjk", 1, "一、"),
    ("一、 代表團出席本次會議", "cjk", 1, "一、"),
    ("  二、會議活動內容", "cjk", 2, "二、"),
    ("十、其他", "cjk", 10, "十、"),
    ("十二、後續", "cjk", 12, "十二、"),
    ("二十、附記", "cjk", 20, "二十、"),
    ("二十三、附記", "cjk", 23, "二十三、"),
    ("一，背景說明", "cjk", 1, "一，"),
    ("（一）持續參與國際競賽", "cjk_paren", 1, "（一）"),
    ("(二) 「國際會議」：", "cjk_paren", 2, "(二)"),
    ("（三)混合括號", "cjk_paren", 3, "（三)"),
    ("(十一)半形括號", "cjk_paren", 11, "(十一)"),
    ("㈢括號字", "cjk_paren", 3, "㈢"),
    ("1. 確認預算", "arabic", 1, "1."),
    ("１．全形數字", "arabic", 1, "１．"),
    ("1、頓號", "arabic", 1, "1、"),
    ("1．全形句點", "arabic", 1, "1．"),
    ("10.  2019 年大會", "arabic", 10, "10."),
    ("1.1 研究背景", "decimal2", 1, "1.1"),
    ("2.3.1 次節", "decimal3", 1, "2.3.1"),
    ("1.2.3.4. 細目", "decimal4", 4, "1.2.3.4."),
    ("3.5 倍", "decimal2", 5, "3.5"),  # the builder rejects it unless its parent is numbered 3
    ("(1) 第七屆大會", "arabic_paren", 1, "(1)"),
    ("（2）全形括號", "arabic_paren", 2, "（2）"),
    ("3) 右括號", "arabic_paren", 3, "3)"),
    ("⑷括號數字", "arabic_paren", 4, "⑷"),
    ("②圈號", "circled", 2, "②"),
    ("第一章 緒論", "chapter", 1, "第一章"),
    ("第3章、研究方法", "chapter", 3, "第3章、"),
    ("第二節 文獻", "section", 2, "第二節"),
    ("第 十 節", "section", 10, "第 十 節"),
    ("第一篇 總論", "part", 1, "第一篇"),
    ("- (三) 拓展人脈", "cjk_paren", 3, "(三)"),
    ("  - (1)「第 7 屆大會」", "arabic_paren", 1, "(1)"),
    ("• 2. 項目", "arabic", 2, "2."),
    ("### 一、行程表", "cjk", 1, "一、"),
    ("\u3000\u3000（二）全形空白縮排", "cjk_paren", 2, "（二）"),
]


@pytest.mark.parametrize("line,type_,ordinal,text", MARKERS)
def test_parse_marker(line, type_, ordinal, text):
    marker = parse_marker(line)
    assert marker is not None
    assert (marker.type, marker.ordinal, marker.text) == (type_, ordinal, text)
    assert line[marker.span[0] : marker.span[1]] == text


NOT_MARKERS = [
    "2018.5.21 臺北－阿姆斯特丹",  # a date
    "107.5.21 出發",  # an ROC date
    "2018.04.09\t臺北",  # a date in a table row
    "3.5倍成長",  # a decimal
    "1.000 元",
    "04-22289111",  # a phone number
    "(04)2228-9111",  # an area code has a leading zero
    "（02）2345-6789",
    "1 臺中市政府秘書處 約聘人員",  # a numbered table row without punctuation
    "本府代表團一行前往",  # no marker
    "2018城市與地方政府聯合會",
    "（UCLG）為世界最大",  # brackets, but no numeral
    "（2017）年成立",  # a year in brackets: ordinals have at most 3 digits
    "一一、重複數字",
    "1…以下略",
    "1..",
    "零、無",
    "",
    "   ",
]


@pytest.mark.parametrize("line", NOT_MARKERS)
def test_not_a_marker(line):
    assert parse_marker(line) is None


def test_marker_inside_line_is_not_found():
    assert parse_marker("會中重要決議如下：1. 確認") is None
    assert parse_marker("內容摘要\t壹、摘要") is None


def test_ranks_nest_outermost_first():
    order = ["part", "chapter", "section", "formal", "cjk", "cjk_paren", "arabic", "arabic_paren", "circled"]
    assert [RANK[name] for name in order] == sorted(RANK[name] for name in order)


NUMERALS = [
    ("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("十九", 19), ("二十", 20), ("二十一", 21),
    ("九十九", 99), ("一百", 100), ("一百零五", 105), ("壹", 1), ("拾", 10), ("拾壹", 11),
    ("貳拾參", 23), ("叄", 3), ("叁", 3), ("參", 3), ("12", 12), ("１２", 12),
]


@pytest.mark.parametrize("text,value", NUMERALS)
def test_parse_numeral(text, value):
    assert parse_numeral(text) == value


@pytest.mark.parametrize("text", ["", "零", "一一", "甲", "十x", "01"])
def test_parse_numeral_rejects(text):
    assert parse_numeral(text) is None
    if text and not text.isdigit():
        assert parse_cjk_numeral(text) is None


TOC = [
    ("壹、目的……………………1", True),
    ("壹、目的..........1", True),
    ("貳、過程．．．．．．3", True),
    ("參、心得及建議 ‧‧‧‧‧‧ 12", True),
    ("壹、目的 1", True),
    ("壹、目的\t1", True),
    ("一、行程表　　2", True),
    ("附錄………ii", True),
    ("壹、目的", False),
    ("（二）宣傳 2018世界花博", False),
    ("（一）持續參與 Agenda 21", False),  # a Latin name ending in a number
    ("一、參加第 7", False),  # 第 N is not a page number
    ("1. 確認 UCLG持續推動改革。", False),
]


@pytest.mark.parametrize("line,expected", TOC)
def test_is_toc_line(line, expected):
    assert is_toc_line(line) is expected


@pytest.mark.parametrize("module", ["extractors.core.numbering", "extractors.sections.tree"])
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
