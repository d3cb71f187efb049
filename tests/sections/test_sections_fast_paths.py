"""The section stage's fast paths give exactly what the plain forms (tests/reference/sections.py) give."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.core.numbering import (
    _FIRSTS,
    _PATTERNS,
    is_toc_line,
    parse_marker,
)
from tests.reference import sections as reference

PIECES = list("第一二三十百〇零壹貳參叁肆拾佰篇章節XIVxiv.．、，,：:（）()㈠㈢⒈⒊⑴⑶①⑳0123９１ -*•#\t\u3000頁Pp…‥⋯_。")
PIECES += ["2018.5.21", "1.1", "2.3.1 ", "目的", "拜會市府", "  ", "12", "第3頁", "⋯⋯"]
LINES = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


@settings(max_examples=1500, deadline=None)
@given(LINES)
def test_parse_marker_is_the_same_with_the_first_character_table(line):
    assert parse_marker(line) == reference.parse_marker(line)


@settings(max_examples=1500, deadline=None)
@given(LINES)
def test_every_match_starts_with_a_listed_character(line):
    for chars, (type_, pattern) in zip(_FIRSTS, _PATTERNS, strict=True):
        for pos in range(len(line)):
            if pattern.match(line, pos):
                assert line[pos] in chars, (type_, line, pos)


def test_markers_of_every_type_are_still_read():
    lines = ["第一章 總則", "第3篇 附錄", "IV. Findings", "壹、目的", "十二、心得", "（二）拜會", "㈢ 會議", "3. 建議",
             "⒋ 參訪", "2.3.1 細項", "(4) 其他", "5) 其他", "⑸ 其他", "⑥ 其他", "- 一、列點", "### 貳、過程"]
    got = [(m.type, m.ordinal) for m in map(parse_marker, lines)]
    assert got == [("chapter", 1), ("part", 3), ("roman", 4), ("formal", 1), ("cjk", 12), ("cjk_paren", 2),
                   ("cjk_paren", 3), ("arabic", 3), ("arabic", 4), ("decimal3", 1), ("arabic_paren", 4),
                   ("arabic_paren", 5), ("arabic_paren", 5), ("circled", 6), ("cjk", 1), ("formal", 2)]
    assert [parse_marker(x) for x in ("2018.5.21 臺北", "本次出國", "")] == [None, None, None]


@settings(max_examples=1500, deadline=None)
@given(LINES)
def test_toc_lines_are_the_same(line):
    assert is_toc_line(line) == reference.is_toc_line(line)


def test_toc_lines_on_random_headings():
    rng = random.Random(5)
    heads = ["壹、目的", "貳、過程", "一、行程", "Appendix", "附錄"]
    tails = ["……1", "…… 12", "...3", "‥4", "　5", " 第3頁", "\t7", " p. 9", "..iv", "-", " 2018", "", " 1-3"]
    for _ in range(300):
        line = rng.choice(heads) + rng.choice(tails) + rng.choice(["", " ", "\u3000"])
        assert is_toc_line(line) == reference.is_toc_line(line), line
