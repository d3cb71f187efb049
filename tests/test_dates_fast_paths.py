"""The date grammar's fast paths give exactly what the plain forms give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.date_base import _MAP, map_text
from extractors.date_grammar import _trigger_re, _trigger_start_re, find_dates

PIECES = list("0123456789０１２〇零○一二三四五六七八九十百廿卅年月日號度中華民國西元公本今去前明上下來同翌次隔當天個份代")
PIECES += list("（）()～~－-—–−.,、/:： \u3000\n\tAa亞洲城市論壇人第每") + ["\u00a0", "\u2007", "\u202f", "﹣", "─", "〜", "∼"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_the_trigger_starts_where_the_plain_trigger_starts(text):
    t = map_text(text)
    plain, fast = _trigger_re(), _trigger_start_re()
    for pos in range(len(t) + 1):
        assert bool(plain.match(t, pos)) == bool(fast.match(t, pos)), (t, pos)
        got = fast.search(t, pos)
        want = plain.search(t, pos)
        assert (got and got.start()) == (want and want.start())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([chr(c) for c in _MAP] + list("abc 中文\n")), max_size=40))
def test_map_text_is_the_translation(text):
    assert map_text(text) == text.translate(_MAP)
    assert len(map_text(text)) == len(text)


def test_the_trigger_finds_every_kind_of_start():
    text = "於2018年、民國107年、中華民國一百零七年、西元2019年、去（2017）年、同年5月、次日及前一天"
    t = map_text(text)
    starts = [pos for pos in range(len(t)) if _trigger_start_re().match(t, pos)]
    assert [text[s] for s in starts] == list("2民1中民一西2去2同5次前")
    assert starts == [pos for pos in range(len(t)) if _trigger_re().match(t, pos)]


def test_find_dates_on_a_chain_still_reads_bare_units():
    found = find_dates("2016-2019年及5月4-5日")
    assert [(f.start.year, f.end.year) for f in found[:1]] == [(2016, 2019)]
    assert [(f.start.month, f.start.day, f.end.day) for f in found[1:]] == [(5, 4, 5)]
