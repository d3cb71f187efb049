"""The date grammar's fast paths give exactly what the plain forms (tests/reference/dates.py) give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.dates.base import _MAP, map_text
from extractors.dates.grammar import find_dates
from extractors.dates.items import _trigger_start_re
from tests.reference import dates as reference

PIECES = list("0123456789０１２〇零○一二三四五六七八九十百廿卅年月日號度中華民國西元公本今去前明上下來同翌次隔當天個份代")
PIECES += list("（）()～~－-—–−.,、/:： \u3000\n\tAa亞洲城市論壇人第每") + ["\u00a0", "\u2007", "\u202f", "﹣", "─", "〜", "∼"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_the_trigger_starts_where_the_plain_trigger_starts(text):
    t = map_text(text)
    plain, fast = reference.trigger_re(), _trigger_start_re()
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
    assert starts == [pos for pos in range(len(t)) if reference.trigger_re().match(t, pos)]


def test_find_dates_on_a_chain_still_reads_bare_units():
    found = find_dates("2016-2019年及5月4-5日")
    assert [(f.start.year, f.end.year) for f in found[:1]] == [(2016, 2019)]
    assert [(f.start.month, f.start.day, f.end.day) for f in found[1:]] == [(5, 4, 5)]


NUMBERS = st.lists(st.sampled_from(["1", "12", "123", "2018", "5", "個", "位", "處", "年", "月", "日", "號", ".", "/", "-",
                                    " ", "\n", "至", "起", "~", "、", ",", "以及", "及", "與", "(", ")", "一", "本", "次",
                                    "٣", "x", "度"]), max_size=12).map("".join)


@settings(max_examples=1500, deadline=None)
@given(NUMBERS)
def test_the_bare_number_shortcut_never_drops_a_date(text):
    from extractors.dates import grammar as g

    t = map_text(text)
    for at in range(len(t)):
        if g._bare_number(t, at):
            assert reference.found_at(t, at) == [], (t, at)
    assert find_dates(text) == reference.find_dates(text)


def test_found_and_point_build_as_dataclasses_do():
    import dataclasses
    import pickle

    from extractors.dates.base import Found, Point

    f = Found(0, 4, Point(2018, 5), Point(2018, 5, 31), "month", "gregorian", "ym", month_ref="deictic", invalid=None)
    assert (f.char_start, f.end.day, f.year_ref, f.month_ref, f.day_offset) == (0, 31, "explicit", "deictic", 0)
    assert list(vars(f)) == [x.name for x in dataclasses.fields(Found)]
    assert f == dataclasses.replace(f) and hash(f) == hash(dataclasses.replace(f))
    assert pickle.loads(pickle.dumps(f)) == f
    assert Point() == Point(None, None, None) and Point(day=3).day == 3
    try:
        f.rule = "x"
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("Found must stay frozen")


ENGLISH = st.lists(st.sampled_from(["May", "Mar", "March", "Sept", "Sep", "June", "Dec.", "Maria", "Novak", "1", "21", "2018",
                                    "12345", " ", "  ", "\n", ",", "-", "~", " to ", "through", "until", "st", "nd", "th",
                                    "會中", "x", "a", "٣"]), max_size=16).map("".join)


@settings(max_examples=1500, deadline=None)
@given(ENGLISH)
def test_english_matches_are_the_pattern_matches(text):
    from extractors.dates.english import _ENGLISH, _english_matches

    want = [(m.span(), m.groupdict()) for m in _ENGLISH.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _english_matches(text)] == want


@settings(max_examples=1000, deadline=None)
@given(NUMBERS)
def test_number_pairs_are_read_as_before(text):
    from extractors.dates import items

    t = map_text(text)
    for pos in range(len(t) + 1):
        assert items._read_number_pair(t, pos) == reference.number_pair(t, pos), (t, pos)
