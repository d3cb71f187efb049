"""Generalization: dates inside whole paragraphs in other agencies' styles (ROC and Chinese
numerals of 1990s reports, weekdays in brackets, slashed ranges, English ranges, fiscal
years, inline years) and the numbers that must NOT be dates (phones, money, percentages,
clock times, quarters' numbers, document numbers).

No report rows are passed: trip and report dates come from the text (出國期間, 報告日期),
as for a document whose cover form was not read.
"""

from __future__ import annotations

from datetime import date as d

import pytest

from extractors.core.doc import doc_from_text
from extractors.dates.extract import extract_dates

# (paragraph, [(text, start, end, granularity, anchor)])  -- every row, in order
CASES = {
    "roc_1996_chinese_numerals": (
        "出國期間：民國八十五年五月十日至十七日\n報告日期：八十五年六月三十日\n\n"
        "五月十一日（星期六）抵達新加坡。五月十二日拜會港務集團。翌日參觀貨櫃碼頭。本部八十五年度計畫經費有限。",
        [("民國八十五年五月十日至十七日", d(1996, 5, 10), d(1996, 5, 17), "day", None),
         ("八十五年六月三十日", d(1996, 6, 30), d(1996, 6, 30), "day", None),
         ("五月十一日（星期六）", d(1996, 5, 11), d(1996, 5, 11), "day", "trip_text"),
         ("五月十二日", d(1996, 5, 12), d(1996, 5, 12), "day", "trip_text"),
         ("翌日", d(1996, 5, 13), d(1996, 5, 13), "day", "antecedent"),
         ("八十五年度", d(1996, 1, 1), d(1996, 12, 31), "year", None)],
    ),
    "mohw_weekdays_clock": (
        "出國期間：113年3月4日至8日\n\n3月4日(一)上午9時抵達東京，下午2時30分拜會厚生勞動省。"
        "3月5日(二)參訪醫院。本年度預算新臺幣300萬元，執行率95%。",
        [("113年3月4日至8日", d(2024, 3, 4), d(2024, 3, 8), "day", None),
         ("3月4日(一)", d(2024, 3, 4), d(2024, 3, 4), "day", "trip_text"),
         ("3月5日(二)", d(2024, 3, 5), d(2024, 3, 5), "day", "trip_text"),
         ("本年度", d(2024, 1, 1), d(2024, 12, 31), "year", "trip_text")],
    ),
    "fiscal_and_cn_month_phone": (
        "本案於102年度規劃，民國一百零二年十二月完成，預計103年第2季啟用，聯絡電話(02)2345-6789，分機1203。",
        [("102年度", d(2013, 1, 1), d(2013, 12, 31), "year", None),
         ("民國一百零二年十二月", d(2013, 12, 1), d(2013, 12, 31), "month", None),
         ("103年", d(2014, 1, 1), d(2014, 12, 31), "year", None)],
    ),
    "slashed_range": (
        "會議期間為2023/3/4-3/8，地點在秘魯利馬。",
        [("2023/3/4-3/8", d(2023, 3, 4), d(2023, 3, 8), "day", None)],
    ),
    "english_ranges": (
        "The meeting was held on 12-14 November 2023 in Lima (March 4, 2023 to March 8, 2023 for the "
        "working groups); the next one is in May 2024.",
        [("12-14 November 2023", d(2023, 11, 12), d(2023, 11, 14), "day", None),
         ("March 4, 2023 to March 8, 2023", d(2023, 3, 4), d(2023, 3, 8), "day", None),
         ("May 2024", d(2024, 5, 1), d(2024, 5, 31), "month", None)],
    ),
    "inline_then_deictic": (
        "去（2022）年會議於曼谷舉行，本年會議改於利馬舉行。",
        [("去（2022）年", d(2022, 1, 1), d(2022, 12, 31), "year", "inline"),
         ("本年", d(2023, 1, 1), d(2023, 12, 31), "year", "inline")],
    ),
    "year_ranges_and_ends": (
        "1998年亞洲金融風暴後，韓國於1999年至2001年間推動改革，預計於2025年底前完成。",
        [("1998年", d(1998, 1, 1), d(1998, 12, 31), "year", None),
         ("1999年至2001年", d(1999, 1, 1), d(2001, 12, 31), "year", None),
         ("2025年", d(2025, 1, 1), d(2025, 12, 31), "year", None)],
    ),
    "ymd_cross_year_range": (
        "本計畫執行期間自112年12月26日至113年1月3日止，共計9日。",
        [("112年12月26日至113年1月3日", d(2023, 12, 26), d(2024, 1, 3), "day", None)],
    ),
    "month_day_range_cross_month": (
        "出國期間：2016年11月28日至12月2日\n\n11月30日(三)出席「亞洲城市論壇」，12月1日至2日參訪。",
        [("2016年11月28日至12月2日", d(2016, 11, 28), d(2016, 12, 2), "day", None),
         ("11月30日(三)", d(2016, 11, 30), d(2016, 11, 30), "day", "trip_text"),
         ("12月1日至2日", d(2016, 12, 1), d(2016, 12, 2), "day", "trip_text")],
    ),
}

# Text with numbers that are not dates: no row at all.
NOT_DATES = [
    "聯絡電話：(02)2345-6789 分機 1203；傳真：02-2345-6790",
    "經費新臺幣300萬元，另補助新台幣1,200萬元，約占12.5%。",
    "於上午10:30抵達，晚上8點晚宴，下午2時30分散會。",
    "公文字號：經貿字第11200012340號",
    "會中展示2,000台電動車與300輛巴士，共有2018位民眾參加。",
    "ISO 9001:2015 認證及 ISO 14001 標準",
    "第3屆會議共有45國參加，為期3天。",
    "COVID-19疫情期間，各國採取邊境管制。",
]


@pytest.mark.parametrize("key", sorted(CASES))
def test_paragraph_dates(key):
    text, expected = CASES[key]
    rows = extract_dates(doc_from_text(text))
    got = [(r.text, r.start, r.end, r.granularity, r.anchor) for r in rows]
    assert got == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_numbers_that_are_not_dates(text):
    assert [r.text for r in extract_dates(doc_from_text(text))] == []


@pytest.mark.parametrize("key", sorted(CASES))
def test_spans_hold(key):
    text = CASES[key][0]
    for r in extract_dates(doc_from_text(text)):
        assert text[r.char_start : r.char_end] == r.text


# Known gaps (strict xfail): quarters and half-years resolve only to their year.
GAPS = [
    ("103年第2季啟用", "103年第2季", d(2014, 4, 1), d(2014, 6, 30)),
    ("2026年上半年正式啟用", "2026年上半年", d(2026, 1, 1), d(2026, 6, 30)),
    ("會後於3/9返國", "3/9", None, None),
]


@pytest.mark.xfail(strict=True, reason="known gap")
@pytest.mark.parametrize("text,surface,start,end", GAPS)
def test_known_gaps(text, surface, start, end):
    rows = extract_dates(doc_from_text(text))
    assert any(r.text == surface and r.start == start and r.end == end for r in rows)
