"""Reader defects found by the generalization review, one regression test each."""

import pytest

from extractors.normalize.repair import join_wrapped_lines

COVER = [
    "行政院農業委員會農糧署", "", "出國報告（考察類）", "", "赴日本考察稻米產銷制度與智慧農業", "",
    "服務機關：行政院農業委員會農糧署", "姓名職稱：王小明 科長", "派赴國家：日本",
    "出國期間：113年5月1日至5月8日", "聯絡電話：02-2343-1234", "報告日期：113年6月30日",
]
WIDE = "本計畫於考察期間拜訪多個地方政府及民間團體，了解其推動智慧農業之作法與經驗，並"


@pytest.mark.parametrize(
    "lines, kept",
    [
        (COVER, COVER),
        # A full-width line ending in a phone number, then a form label.
        ([WIDE, WIDE + "電話02-2343-1234", "傳真：02-2343-5678", WIDE + "。"] * 2,
         None),
    ],
)
def test_short_lines_and_fields_are_not_joined(lines, kept):
    out = join_wrapped_lines(lines)
    if kept is not None:
        assert out == kept
    assert not any("1234傳真" in line or "日聯絡" in line or "1234報告" in line for line in out)
    assert not any("農糧署出國" in line for line in out)
