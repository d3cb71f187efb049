"""The date grammar, one expression per case, in the styles of many agencies.

Each case is (text, the row's text, start, end, granularity, calendar, is_relative, trip year).
The trip year, when given, is passed as the report's trip_start (June 1 of that year), which is
how year-less and relative expressions get their year. The text must give exactly one row.
"""

from __future__ import annotations

from datetime import date as d

import pytest

from extractors.core.doc import doc_from_text
from extractors.core.records import ReportRow
from extractors.dates.extract import extract_dates

Y, M, D = "year", "month", "day"
G, R = "gregorian", "roc"

CASES = [
    # ROC, written with 年月日
    ("民國107年", None, d(2018, 1, 1), d(2018, 12, 31), Y, R, False, None),
    ("衛生福利部於中華民國108年3月5日發布修正", "中華民國108年3月5日", d(2019, 3, 5), d(2019, 3, 5), D, R, False, None),
    ("本部於107年召開研討會", "107年", d(2018, 1, 1), d(2018, 12, 31), Y, R, False, None),
    ("民國38年5月20日", None, d(1949, 5, 20), d(1949, 5, 20), D, R, False, None),
    ("民國 99 年 12 月 31 日截止", "民國 99 年 12 月 31 日", d(2010, 12, 31), d(2010, 12, 31), D, R, False, None),
    ("自111年10月1日起實施", "111年10月1日", d(2022, 10, 1), d(2022, 10, 1), D, R, False, None),
    ("112年1月", None, d(2023, 1, 1), d(2023, 1, 31), M, R, False, None),
    ("110 年 7 月完成驗收", "110 年 7 月", d(2021, 7, 1), d(2021, 7, 31), M, R, False, None),
    ("109年2月29日", None, d(2020, 2, 29), d(2020, 2, 29), D, R, False, None),
    ("報告日期：107年6月12日", "107年6月12日", d(2018, 6, 12), d(2018, 6, 12), D, R, False, None),
    ("108年度預算", "108年度", d(2019, 1, 1), d(2019, 12, 31), Y, R, False, None),
    ("民國100年", None, d(2011, 1, 1), d(2011, 12, 31), Y, R, False, None),
    ("中華民國113年4月2日修正", "中華民國113年4月2日", d(2024, 4, 2), d(2024, 4, 2), D, R, False, None),
    ("經濟部114年3月公告", "114年3月", d(2025, 3, 1), d(2025, 3, 31), M, R, False, None),
    ("於民國 105 年 11 月赴日", "民國 105 年 11 月", d(2016, 11, 1), d(2016, 11, 30), M, R, False, None),
    # ROC, written with separators
    ("107.6.12", None, d(2018, 6, 12), d(2018, 6, 12), D, R, False, None),
    ("107/06/12", None, d(2018, 6, 12), d(2018, 6, 12), D, R, False, None),
    ("107-06-12", None, d(2018, 6, 12), d(2018, 6, 12), D, R, False, None),
    ("113.04.02修正", "113.04.02", d(2024, 4, 2), d(2024, 4, 2), D, R, False, None),
    ("96.5.3", None, d(2007, 5, 3), d(2007, 5, 3), D, R, False, None),
    ("簽核日：110/1/5", "110/1/5", d(2021, 1, 5), d(2021, 1, 5), D, R, False, None),
    ("民國107.6.12", None, d(2018, 6, 12), d(2018, 6, 12), D, R, False, None),
    # Gregorian
    ("2018年4月10日", None, d(2018, 4, 10), d(2018, 4, 10), D, G, False, None),
    ("西元2018年", None, d(2018, 1, 1), d(2018, 12, 31), Y, G, False, None),
    ("公元2008年北京奧運", "公元2008年", d(2008, 1, 1), d(2008, 12, 31), Y, G, False, None),
    ("2018.5.21", None, d(2018, 5, 21), d(2018, 5, 21), D, G, False, None),
    ("2018/5/21", None, d(2018, 5, 21), d(2018, 5, 21), D, G, False, None),
    ("2018-05-21", None, d(2018, 5, 21), d(2018, 5, 21), D, G, False, None),
    ("2019 年", None, d(2019, 1, 1), d(2019, 12, 31), Y, G, False, None),
    ("成立於 2004 年 4 月", "2004 年 4 月", d(2004, 4, 1), d(2004, 4, 30), M, G, False, None),
    ("2020年2月29日", None, d(2020, 2, 29), d(2020, 2, 29), D, G, False, None),
    ("1999年12月31日", None, d(1999, 12, 31), d(1999, 12, 31), D, G, False, None),
    ("2018.05", None, d(2018, 5, 1), d(2018, 5, 31), M, G, False, None),
    ("2021/11出刊", "2021/11", d(2021, 11, 1), d(2021, 11, 30), M, G, False, None),
    ("2016年度", None, d(2016, 1, 1), d(2016, 12, 31), Y, G, False, None),
    ("1980年代", None, d(1980, 1, 1), d(1989, 12, 31), Y, G, False, None),
    ("2018 年 9 月 12 日", None, d(2018, 9, 12), d(2018, 9, 12), D, G, False, None),
    ("於 2018 年召開", "2018 年", d(2018, 1, 1), d(2018, 12, 31), Y, G, False, None),
    ("2018城市論壇", "2018", d(2018, 1, 1), d(2018, 12, 31), Y, G, False, None),
    ("參觀 2024 Smart City Expo", "2024", d(2024, 1, 1), d(2024, 12, 31), Y, G, False, None),
    ("1964年東京奧運", "1964年", d(1964, 1, 1), d(1964, 12, 31), Y, G, False, None),
    ("目前2023年的數據", "2023年", d(2023, 1, 1), d(2023, 12, 31), Y, G, False, None),
    ("預計2025年完工", "2025年", d(2025, 1, 1), d(2025, 12, 31), Y, G, False, None),
    ("2006 年後每 2 年舉辦 1 次大會", "2006 年", d(2006, 1, 1), d(2006, 12, 31), Y, G, False, None),
    ("臺北市政府於2017年3月公布", "2017年3月", d(2017, 3, 1), d(2017, 3, 31), M, G, False, None),
    # Chinese numerals
    ("二〇一八年", None, d(2018, 1, 1), d(2018, 12, 31), Y, G, False, None),
    ("二零一九年五月", None, d(2019, 5, 1), d(2019, 5, 31), M, G, False, None),
    ("十二月三十一日", None, d(2018, 12, 31), d(2018, 12, 31), D, G, True, 2018),
    ("二〇二〇年一月十五日", None, d(2020, 1, 15), d(2020, 1, 15), D, G, False, None),
    ("一百零七年四月九日", None, d(2018, 4, 9), d(2018, 4, 9), D, R, False, None),
    ("中華民國一百零七年", None, d(2018, 1, 1), d(2018, 12, 31), Y, R, False, None),
    ("民國九十六年七月", None, d(2007, 7, 1), d(2007, 7, 31), M, R, False, None),
    ("一〇八年", None, d(2019, 1, 1), d(2019, 12, 31), Y, R, False, None),
    ("五月二十一日", None, d(2018, 5, 21), d(2018, 5, 21), D, G, True, 2018),
    ("二〇一八年十月", None, d(2018, 10, 1), d(2018, 10, 31), M, G, False, None),
    ("三月廿一日", None, d(2019, 3, 21), d(2019, 3, 21), D, G, True, 2019),
    # Full-width digits and punctuation
    ("２０１８年５月２１日", None, d(2018, 5, 21), d(2018, 5, 21), D, G, False, None),
    ("１０７年６月", None, d(2018, 6, 1), d(2018, 6, 30), M, R, False, None),
    ("２０１８．５．２１", None, d(2018, 5, 21), d(2018, 5, 21), D, G, False, None),
    ("１０７／０６／１２", None, d(2018, 6, 12), d(2018, 6, 12), D, R, False, None),
    ("民國１０７年", None, d(2018, 1, 1), d(2018, 12, 31), Y, R, False, None),
    ("２０１６－２０１９年", None, d(2016, 1, 1), d(2019, 12, 31), Y, G, False, None),
    # Ranges
    ("5 月 21日至 28日", None, d(2018, 5, 21), d(2018, 5, 28), D, G, True, 2018),
    ("5月4日至5日", None, d(2018, 5, 4), d(2018, 5, 5), D, G, True, 2018),
    ("4月10日至12日", None, d(2018, 4, 10), d(2018, 4, 12), D, G, True, 2018),
    ("出國期間：107年4月9日至107年4月14日", "107年4月9日至107年4月14日", d(2018, 4, 9), d(2018, 4, 14), D, R, False, None),
    ("2016-2019年", None, d(2016, 1, 1), d(2019, 12, 31), Y, G, False, None),
    ("本府為分會 2016-2018理事", "2016-2018", d(2016, 1, 1), d(2018, 12, 31), Y, G, False, None),
    ("107年4月9日至14日", None, d(2018, 4, 9), d(2018, 4, 14), D, R, False, None),
    ("107年4月至6月", None, d(2018, 4, 1), d(2018, 6, 30), M, R, False, None),
    ("107年4至6月", None, d(2018, 4, 1), d(2018, 6, 30), M, R, False, None),
    ("2018年12月28日至2019年1月3日", None, d(2018, 12, 28), d(2019, 1, 3), D, G, False, None),
    ("2018年12月28日至1月3日", None, d(2018, 12, 28), d(2019, 1, 3), D, G, False, None),
    ("2018.5.21-5.28", None, d(2018, 5, 21), d(2018, 5, 28), D, G, False, None),
    ("2018/5/21~2018/5/28", None, d(2018, 5, 21), d(2018, 5, 28), D, G, False, None),
    ("2018.5.21～28", None, d(2018, 5, 21), d(2018, 5, 28), D, G, False, None),
    ("5月4-5日", None, d(2018, 5, 4), d(2018, 5, 5), D, G, True, 2018),
    ("2017至2019年", None, d(2017, 1, 1), d(2019, 12, 31), Y, G, False, None),
    ("107-108年", None, d(2018, 1, 1), d(2019, 12, 31), Y, R, False, None),
    ("2018年4月10日到12日", None, d(2018, 4, 10), d(2018, 4, 12), D, G, False, None),
    ("2018年4月10日－12日", None, d(2018, 4, 10), d(2018, 4, 12), D, G, False, None),
    ("2018年4月10日–12日", None, d(2018, 4, 10), d(2018, 4, 12), D, G, False, None),
    ("2018年4月10日—12日", None, d(2018, 4, 10), d(2018, 4, 12), D, G, False, None),
    ("2018 年 4 月 10 日 ~ 12 日", None, d(2018, 4, 10), d(2018, 4, 12), D, G, False, None),
    ("108年3月5日起至3月8日", None, d(2019, 3, 5), d(2019, 3, 8), D, R, False, None),
    ("2018年5月至2019年3月", None, d(2018, 5, 1), d(2019, 3, 31), M, G, False, None),
    ("2018/5/21(一)~5/25(五)", None, d(2018, 5, 21), d(2018, 5, 25), D, G, False, None),
    ("5/21(一)-5/25(五)", None, d(2018, 5, 21), d(2018, 5, 25), D, G, True, 2018),
    ("2019年1月至3月", None, d(2019, 1, 1), d(2019, 3, 31), M, G, False, None),
    ("1990-1995年", None, d(1990, 1, 1), d(1995, 12, 31), Y, G, False, None),
    ("下（2019-2021）屆主席", "下（2019-2021）屆", d(2019, 1, 1), d(2021, 12, 31), Y, G, True, None),
    ("新一任（2018-2020 年）執委", "2018-2020 年", d(2018, 1, 1), d(2020, 12, 31), Y, G, False, None),
    ("民國107年4月9日至14日", None, d(2018, 4, 9), d(2018, 4, 14), D, R, False, None),
    ("民國38年至40年", None, d(1949, 1, 1), d(1951, 12, 31), Y, R, False, None),
    ("2018-05-21至05-28", None, d(2018, 5, 21), d(2018, 5, 28), D, G, False, None),
    ("1-2月", None, d(2020, 1, 1), d(2020, 2, 29), M, G, True, 2020),
    ("本年 9月 12日至 15日", None, d(2018, 9, 12), d(2018, 9, 15), D, G, True, 2018),
    ("本年 11月 5日\n至 8日", None, d(2018, 11, 5), d(2018, 11, 8), D, G, True, 2018),
    ("三月十日至十二日", None, d(2018, 3, 10), d(2018, 3, 12), D, G, True, 2018),
    ("會期為8/29-8/31。", "8/29-8/31", d(2023, 8, 29), d(2023, 8, 31), D, G, True, 2023),
    ("十月一日至三日", None, d(2018, 10, 1), d(2018, 10, 3), D, G, True, 2018),
    # English dates inside Chinese text
    ("會議(Bangkok, 21-23 November 2019)舉行", "21-23 November 2019", d(2019, 11, 21), d(2019, 11, 23), D, G, False, None),
    ("May 21, 2018", None, d(2018, 5, 21), d(2018, 5, 21), D, G, False, None),
    ("May 30 - June 2, 2018", None, d(2018, 5, 30), d(2018, 6, 2), D, G, False, None),
    ("發表於 Sept. 2017 期刊", "Sept. 2017", d(2017, 9, 1), d(2017, 9, 30), M, G, False, None),
    ("21st May 2018", None, d(2018, 5, 21), d(2018, 5, 21), D, G, False, None),
    # Months and years alone
    ("7 月", None, d(2018, 7, 1), d(2018, 7, 31), M, G, True, 2018),
    ("十月", None, d(2018, 10, 1), d(2018, 10, 31), M, G, True, 2018),
    ("3月份", None, d(2018, 3, 1), d(2018, 3, 31), M, G, True, 2018),
    ("預計12月底完成", "12月", d(2021, 12, 1), d(2021, 12, 31), M, G, True, 2021),
    # Relative
    ("本年", None, d(2018, 1, 1), d(2018, 12, 31), Y, G, True, 2018),
    ("今年", None, d(2018, 1, 1), d(2018, 12, 31), Y, G, True, 2018),
    ("去年", None, d(2017, 1, 1), d(2017, 12, 31), Y, G, True, 2018),
    ("前年", None, d(2016, 1, 1), d(2016, 12, 31), Y, G, True, 2018),
    ("明年", None, d(2019, 1, 1), d(2019, 12, 31), Y, G, True, 2018),
    ("本年度", None, d(2018, 1, 1), d(2018, 12, 31), Y, G, True, 2018),
    ("去（2017）年", None, d(2017, 1, 1), d(2017, 12, 31), Y, G, True, None),
    ("今(107)年", None, d(2018, 1, 1), d(2018, 12, 31), Y, R, True, None),
    ("去(106)年", None, d(2016 + 1, 1, 1), d(2017, 12, 31), Y, R, True, None),
    ("本(108)年度", None, d(2019, 1, 1), d(2019, 12, 31), Y, R, True, None),
    ("本年 7 月", None, d(2018, 7, 1), d(2018, 7, 31), M, G, True, 2018),
    ("去年12月", None, d(2017, 12, 1), d(2017, 12, 31), M, G, True, 2018),
    ("明年3月15日", None, d(2019, 3, 15), d(2019, 3, 15), D, G, True, 2018),
    ("今年5月23日至26日", None, d(2020, 5, 23), d(2020, 5, 26), D, G, True, 2020),
    ("去（2017）年成立", "去（2017）年", d(2017, 1, 1), d(2017, 12, 31), Y, G, True, 2018),
    ("本月", None, d(2018, 6, 1), d(2018, 6, 30), M, G, True, 2018),
    ("上個月", None, d(2018, 5, 1), d(2018, 5, 31), M, G, True, 2018),
    ("下月", None, d(2018, 7, 1), d(2018, 7, 31), M, G, True, 2018),
    ("韓國本年 6 月舉行地方選舉", "本年 6 月", d(2018, 6, 1), d(2018, 6, 30), M, G, True, 2018),
    # Weekday marks
    ("5/21(一)", None, d(2018, 5, 21), d(2018, 5, 21), D, G, True, 2018),
    ("5月21日(一)", None, d(2018, 5, 21), d(2018, 5, 21), D, G, True, 2018),
    ("2018年5月21日（星期一）", None, d(2018, 5, 21), d(2018, 5, 21), D, G, False, None),
    ("107.5.21(一)", None, d(2018, 5, 21), d(2018, 5, 21), D, R, False, None),
    ("5.21(一)", None, d(2018, 5, 21), d(2018, 5, 21), D, G, True, 2018),
    ("5/21 (週一)", None, d(2018, 5, 21), d(2018, 5, 21), D, G, True, 2018),
    ("2018/5/21(Mon)", None, d(2018, 5, 21), d(2018, 5, 21), D, G, False, None),
    ("10/3（四）上午", "10/3（四）", d(2019, 10, 3), d(2019, 10, 3), D, G, True, 2019),
    # More agency styles
    ("前年度預算", "前年度", d(2017, 1, 1), d(2017, 12, 31), Y, G, True, 2018),
    ("中華民國一一三年", None, d(2024, 1, 1), d(2024, 12, 31), Y, R, False, None),
    ("二○一八年", None, d(2018, 1, 1), d(2018, 12, 31), Y, G, False, None),
    ("5月21號", None, d(2018, 5, 21), d(2018, 5, 21), D, G, True, 2018),
    ("107年4月9日(一)至4月14日(六)", None, d(2018, 4, 9), d(2018, 4, 14), D, R, False, None),
    ("自107年4月9日至4月14日止", "107年4月9日至4月14日", d(2018, 4, 9), d(2018, 4, 14), D, R, False, None),
    ("2018-2019年度", None, d(2018, 1, 1), d(2019, 12, 31), Y, G, False, None),
    ("於2018年第3季", "2018年", d(2018, 1, 1), d(2018, 12, 31), Y, G, False, None),
    ("5月中旬", "5月", d(2018, 5, 1), d(2018, 5, 31), M, G, True, 2018),
    ("如下(2019年)", "2019年", d(2019, 1, 1), d(2019, 12, 31), Y, G, False, None),
    ("至今年底", "今年", d(2018, 1, 1), d(2018, 12, 31), Y, G, True, 2018),
    ("中華民國107年4月9日府授秘字第1070081234號函", "中華民國107年4月9日", d(2018, 4, 9), d(2018, 4, 9), D, R, False, None),
    ("109 年 3 月 1 日至 110 年 2 月 28 日", None, d(2020, 3, 1), d(2021, 2, 28), D, R, False, None),
    ("2015至2019年間成長逾3倍", "2015至2019年", d(2015, 1, 1), d(2019, 12, 31), Y, G, False, None),
    ("10/17~10/18 參訪大阪", "10/17~10/18", d(2023, 10, 17), d(2023, 10, 18), D, G, True, 2023),
    ("自2020年3月迄2021年2月", "2020年3月迄2021年2月", d(2020, 3, 1), d(2021, 2, 28), M, G, False, None),
]


def _rows(text: str, trip_year: int | None):
    reports = [ReportRow(doc_id="t", trip_start=d(trip_year, 6, 1))] if trip_year else []
    return extract_dates(doc_from_text(text), reports=reports)


@pytest.mark.parametrize("text,surface,start,end,granularity,calendar,relative,trip", CASES, ids=[c[0] for c in CASES])
def test_case(text, surface, start, end, granularity, calendar, relative, trip):
    rows = _rows(text, trip)
    assert [r.text for r in rows] == [surface or text]
    row = rows[0]
    assert (row.start, row.end, row.granularity, row.calendar, row.is_relative) == (
        start,
        end,
        granularity,
        calendar,
        relative,
    )


LISTS = [
    ("2018及2019年", [("2018", 2018), ("2019年", 2019)]),
    ("2016、2017及2018年", [("2016", 2016), ("2017", 2017), ("2018年", 2018)]),
    ("107年及108年", [("107年", 2018), ("108年", 2019)]),
    ("2018 及 2019 年舉辦", [("2018", 2018), ("2019 年", 2019)]),
]


@pytest.mark.parametrize("text,expected", LISTS, ids=[c[0] for c in LISTS])
def test_year_list_gives_one_row_per_item(text, expected):
    rows = _rows(text, None)
    assert [(r.text, r.start, r.end) for r in rows] == [(t, d(y, 1, 1), d(y, 12, 31)) for t, y in expected]


DAY_LISTS = [
    ("5月23日、24日", [("5月23日", 5, 23), ("24日", 5, 24)]),
    ("5月23、24日", [("5月23", 5, 23), ("24日", 5, 24)]),
    ("4月10日及12日", [("4月10日", 4, 10), ("12日", 4, 12)]),
    ("5月4日、6日及8日", [("5月4日", 5, 4), ("6日", 5, 6), ("8日", 5, 8)]),
    ("5月及6月", [("5月", 5, None), ("6月", 6, None)]),
    ("3月5日、4月2日", [("3月5日", 3, 5), ("4月2日", 4, 2)]),
]


@pytest.mark.parametrize("text,expected", DAY_LISTS, ids=[c[0] for c in DAY_LISTS])
def test_day_list_gives_one_row_per_item(text, expected):
    rows = _rows(text, 2018)
    got = [(r.text, r.start.month, r.start.day if r.granularity == "day" else None) for r in rows]
    assert got == expected
    assert all(r.is_relative and r.start.year == 2018 for r in rows)


NOT_DATES = [
    "04-22289111",
    "聯絡人：王小明 電話：04-22289111分機11404",
    "(02)2345-6789",
    "0912-345-678",
    "第3屆",
    "第 3 屆大會",
    "舉辦 2次執行局委員會議",
    "超過 300位代表",
    "擁有超過 1,000個會員",
    "含括超過 7,000個地方政府",
    "版本 3.5.12 與 v2.0.1",
    "Python 3.11",
    "永續發展目標第 11項（SDG 11）",
    "新臺幣 2,000 元",
    "成長12.5%",
    "具 37億 6千萬人口",
    "第一次會議",
    "Local4Action Hub",
    "每 3年舉辦 1次大會",
    "3年1任",
    "未來 6 個月工作計畫",
    "超過 90件參賽案",
    "約 110 個地方政府",
    "擁有2000年以上的歷史",
    "IP 192.168.1.1",
    "ISO 9001 認證",
    "COP24 氣候大會",
    "1/2的經費",
    "21世紀國際文化獎",
    "日本年輕人",
    "基本年金",
    "如今年輕一代",
    "說明年度計畫",
    "過去年代",
    "目前年輕族群",
    "不可同日而語",
    "統一月餅",
    "NT$2018",
    "編號 2019",
    "第2018號",
    "為期1.5年",
    "50年來",
    "100年以上",
    "十年樹木",
    "一年一度",
    "三年計畫",
    "分為 4 次區",
    "共分 8 大分會",
    "10:30開會",
    "共 2018 人參加",
    "全國第 19 大城",
    "5-21人",
    "發布 3.5 版",
    "西元 1 世紀",
    "本次日本行程",
    "兩次日本",
    "不同日期",
    "臺中市西屯區臺灣大道3段99號",
    "1990-2090 m",
    "2018-19",
    "每年5月舉辦年會",
    "1900-2100晚宴",
    "計畫編號：MOST 110-2221-E-002-001",
    "上午10時至12時，0800-1200報到",
    "第二十屆、二十一世紀、COVID-19、5G與4K",
    "7-11便利商店、3-5年、12-15歲、第3-4頁",
    "每月10日前填報",
    "日本自平成31年起推動，昭和60年曾修法",
    "泰國佛曆2561年",
    "西元前100年",
    "農曆5月5日端午節",
    "營收 2018.5億元",
    "近5年來，為期3天，上午9:30至12:00，101大樓35樓",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text):
    assert _rows(text, 2018) == []


INVALID = [
    ("2月30日", "invalid_day", 2018),
    ("13月", "invalid_month", 2018),
    ("2018年2月29日", "invalid_day", None),
    ("107年13月", "invalid_month", None),
    ("2018年4月31日", "invalid_day", None),
    ("4月31日", "invalid_day", 2018),
    ("2018年12月28日至2018年1月3日", "invalid_range", None),
    ("2018年2月30日至3月2日", "invalid_day", None),
    ("Feb 30, 2018", "invalid_day", None),
    ("107.2.30", "invalid_day", None),
    ("5月21日", "no_anchor", None),
    ("翌日", "no_antecedent", None),
    ("同年5月", "no_antecedent", None),
]


@pytest.mark.parametrize("text,rule,trip", INVALID, ids=[c[0] for c in INVALID])
def test_invalid_keeps_its_row(text, rule, trip):
    rows = extract_dates(
        doc_from_text(text),
        reports=[ReportRow(doc_id="t", trip_start=d(trip, 6, 1))] if trip else [],
    )
    assert [(r.text, r.start, r.end, r.rule) for r in rows] == [(text, None, None, rule)]
