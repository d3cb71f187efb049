"""The text readers' fast paths give exactly what the plain forms (tests/reference/normalize.py) give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.normalize import fake_bold
from extractors.normalize.fake_bold import _SPACED_PAIR, _TIGHT_PAIR, count_tight_pairs
from pipeline.readers import markdown as text_reader
from tests.reference import normalize as reference

# Doubled and tripled lines, real repeats, spaces and markup characters.
PIECES = ["摘要", "壹", "、", "會議", "與", "謝謝", " ", "  ", "\u3000", "\t", "A", "B", "ab", "1", "2", "-", ".",
          "（一）", "出國", "報告", "[", "]", "(", ")", "!", "<", ">", "*", "**", "_", "__", "`", "~~", "http://x",
          "連結", "x"]
LINES = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
DOUBLED = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).flatmap(
    lambda parts: st.sampled_from([2, 3, 4]).map(lambda k: "".join(p * k for p in parts))
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(LINES, DOUBLED, st.tuples(DOUBLED, LINES).map("".join)))
def test_the_coverage_bound_never_changes_a_line(line):
    assert fake_bold._collapse_whole_line(line) == reference.collapse_whole_line(line)


@settings(max_examples=200, deadline=None)
@given(st.one_of(LINES, DOUBLED))
def test_the_bound_is_a_bound(line):
    visible = "".join(line.split())
    if not visible:
        return
    for pattern in (fake_bold._RUN2, fake_bold._RUN3):
        coverage = fake_bold._doubled_coverage(line, pattern)[0]
        if coverage >= 0.8:
            assert fake_bold._may_be_covered(line, visible)


def test_a_doubled_heading_still_collapses_and_prose_is_skipped():
    assert fake_bold._collapse_whole_line("摘要摘要") == reference.collapse_whole_line("摘要摘要") == "摘要"
    prose = "本次出國係參加亞太智慧城市論壇，並拜會國際水資源協會，會中各國代表就道路安全議題交換意見。"
    assert not fake_bold._may_be_covered(prose, "".join(prose.split()))
    assert fake_bold._collapse_whole_line(prose) is None


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_cjk_pairs_are_counted_and_found_as_before(line):
    assert count_tight_pairs(line) == len(_TIGHT_PAIR.findall(line))
    assert [m.span() for m in _SPACED_PAIR.finditer(line)] == [m.span() for m in reference.SPACED_PAIR.finditer(line)]


@settings(max_examples=500, deadline=None)
@given(LINES)
def test_inline_markdown_is_stripped_as_before(line):
    assert text_reader._strip_inline(line) == reference.strip_inline(line)


def test_inline_markdown_examples():
    line = "![圖](a.png) [連結](http://x) <https://x.org> `碼` **粗** ~~刪~~ *斜* _底_"
    assert text_reader._strip_inline(line) == "圖 連結 https://x.org 碼 粗 刪 斜 底"


GAPS = st.lists(st.sampled_from(["a", "中", "1", " ", "  ", "   ", "\u3000", "\t", "\n", "\u00a0"]), max_size=16).map("".join)


@settings(max_examples=1000, deadline=None)
@given(GAPS)
def test_the_column_gap_scan_finds_a_gap_where_the_plain_pattern_does(line):
    from extractors.normalize.repair import _COLUMN_GAP_SCAN

    assert bool(_COLUMN_GAP_SCAN.search(line)) == bool(reference.COLUMN_GAP.search(line))
