"""The trip stage's fast paths give exactly what the plain forms (tests/reference/reports.py) give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.core import textlines
from extractors.core.textlines import fold_label, match_header
from extractors.reports.cover_form import (
    _PEOPLE_SCAN,
    _SLASH_SCAN,
    find_fields,
    label_scan,
    label_table,
)
from tests.reference import reports as reference

# Labels, their pieces, boundaries, colons, boxes and line breaks.
PIECES = ["出國", "人員", "姓名", "/", "／", "服務機關", "職稱", "出國期間", "報告日期", "計畫名稱", "主辦機關",
          "聯絡人", "電話", "關鍵詞", "頁數", "含附件", "是", "否", "(", "（", ")", "）", "：", ":", "\t", " ", "\u3000",
          "\n", "■", "□", "|", "王小明", "臺北市政府", "107年4月9日", "a", "1"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _matches(pattern, text, start=0, end=None):
    end = len(text) if end is None else end
    return [(m.span(), m.span("label"), m["label"], m["after"]) for m in pattern.finditer(text, start, end)]


@settings(max_examples=500, deadline=None)
@given(TEXTS, st.integers(0, 5), st.integers(0, 5))
def test_the_label_scan_matches_what_the_label_pattern_matches(text, cut_start, cut_end):
    _, plain = label_table()
    fast = label_scan()
    assert _matches(fast, text) == _matches(plain, text)
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert _matches(fast, text, start, end) == _matches(plain, text, start, end)


@settings(max_examples=500, deadline=None)
@given(TEXTS, st.integers(0, 5), st.integers(0, 5))
def test_the_slash_and_people_scans_match_their_patterns(text, cut_start, cut_end):
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    for plain, fast in ((reference.SLASH_LABEL, _SLASH_SCAN), (reference.PEOPLE_LABEL, _PEOPLE_SCAN)):
        for a, b in ((0, len(text)), (start, end)):
            want = [(m.span("label"), m.end(), m["label"]) for m in plain.finditer(text, a, b)]
            got = [(m.span("label"), m.end(), m["label"]) for m in fast.finditer(text, a, b)]
            assert got == want


def test_a_label_right_after_a_tab_ending_the_last_one_is_found():
    text = "聯絡人/電話\t王小明/02-1234\t出國人員/職稱\t李四/科長"
    spans = [m.span("label") for m in _SLASH_SCAN.finditer(text)]
    assert spans == [m.span("label") for m in reference.SLASH_LABEL.finditer(text)]
    assert len(spans) >= 2


def test_labels_are_found_at_line_starts_and_after_boundaries_only():
    text = "出國期間：107年4月9日\t報告日期：107年5月1日\n預計出國期間：無\n(出國期間)：x"
    names = [f.name for f in find_fields(text)]
    _, plain = label_table()
    assert [m.span() for m in label_scan().finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert len(names) == len(list(plain.finditer(text))) >= 2


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("台臺ＡａA a\u3000\tＢ①ﾊﾞ日期")), max_size=30))
def test_fold_label_is_the_same_from_the_memo(text):
    assert fold_label(text) == reference.fold(text)
    assert fold_label(text) == reference.fold(text)  # from the memo


def test_fold_label_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(textlines, "_FOLDED", {})
    monkeypatch.setattr(textlines, "_FOLDED_MAX", 4)
    for k in range(10):
        assert fold_label(f"Ａ{k}") == f"a{k}"
    assert len(textlines._FOLDED) <= 4
    assert fold_label("x" * 500) == "x" * 500
    assert "x" * 500 not in textlines._FOLDED  # long texts are not kept


def test_match_header_gives_a_fresh_list_each_time():
    roles = match_header("日期\t地點\t行程", "itinerary")
    assert roles is not None and len(roles) == 3
    roles.append("changed")
    assert match_header("日期\t地點\t行程", "itinerary") == roles[:3]
    assert match_header("本次出國係參加會議", "itinerary") is None


BOXES = st.lists(st.sampled_from(["■", "□", "☑", "☐", "V", "v", "(V)", "（v）", " ", "\t", "\n", "考察", "開會", "：",
                                  '<input type="checkbox" checked>', '<input type="checkbox">', "<input>", "<b>"]),
                 max_size=14).map("".join)


@settings(max_examples=500, deadline=None)
@given(BOXES)
def test_checkbox_rows_tokenize_as_before(value):
    from extractors.reports.cover_values import tokenize_boxes

    assert tokenize_boxes(value) == reference.tokenize_boxes(value)


def test_long_lines_are_answered_without_being_kept():
    from extractors.core.textlines import _match_header

    before = _match_header.cache_info().currsize
    line = "日期\t地點\t行程" + " " * 300
    assert match_header(line, "itinerary") == list(textlines._header_roles(line, "itinerary"))
    assert _match_header.cache_info().currsize == before


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab\n 中")), max_size=20), st.integers(0, 3), st.integers(0, 3))
def test_split_lines_from_the_memo_are_fresh_and_equal(text, a, b):
    from extractors.core.textlines import split_lines

    start, end = min(a, len(text)), max(min(a, len(text)), len(text) - b)
    want = reference.split_lines(text, start, end)
    first = split_lines(text, start, end)
    assert first == want
    first.append("changed")
    assert split_lines(text, start, end) == want
