from datetime import date

import pytest

from extractors.core.doc import doc_from_text
from extractors.reports.itinerary import extract_itinerary, match_date_prefix, parse_day_span, split_route


def rows_of(text, **kwargs):
    return extract_itinerary(doc_from_text(text), **kwargs)


def summary(rows):
    return [(r.date, r.date_end, r.places, r.activity) for r in rows]


SPANS = [
    ("2018.5.21", None, date(2018, 5, 21), date(2018, 5, 21)),
    ("2018/05/21", None, date(2018, 5, 21), date(2018, 5, 21)),
    ("107.5.21", None, date(2018, 5, 21), date(2018, 5, 21)),
    ("107年5月21日", None, date(2018, 5, 21), date(2018, 5, 21)),
    ("5月21日", 2018, date(2018, 5, 21), date(2018, 5, 21)),
    ("5/21(一)", 2018, date(2018, 5, 21), date(2018, 5, 21)),
    ("5/21（星期一）", 2018, date(2018, 5, 21), date(2018, 5, 21)),
    ("5.21", 2019, date(2019, 5, 21), date(2019, 5, 21)),
    ("5/21-5/23", 2018, date(2018, 5, 21), date(2018, 5, 23)),
    ("4月10日至12日", 2018, date(2018, 4, 10), date(2018, 4, 12)),
    ("4月30日至5月2日", 2018, date(2018, 4, 30), date(2018, 5, 2)),
    ("2018.5.21-5.23", None, date(2018, 5, 21), date(2018, 5, 23)),
    ("107.04.09-107.04.14", None, date(2018, 4, 9), date(2018, 4, 14)),
    ("12/30~1/2", 2018, date(2018, 12, 30), date(2019, 1, 2)),
    ("5月21日", None, None, None),  # no year to anchor it
    ("2018.2.30", None, None, None),  # no such day
    ("待定", None, None, None),
]


@pytest.mark.parametrize(("text", "year", "start", "end"), SPANS)
def test_parse_day_span(text, year, start, end):
    assert parse_day_span(text, anchor_year=year) == (start, end)


ROUTES = [
    ("臺北－阿姆斯特丹", ["臺北", "阿姆斯特丹"]),
    ("臺北—曼谷— 伊斯蘭馬巴德", ["臺北", "曼谷", "伊斯蘭馬巴德"]),
    ("臺北→東京", ["臺北", "東京"]),
    ("臺北/東京", ["臺北", "東京"]),
    ("阿姆斯特丹－ 斯特拉斯堡", ["阿姆斯特丹", "斯特拉斯堡"]),
    ("東京 大阪", ["東京", "大阪"]),  # a wrapped break between CJK names
    ("Taipei-Tokyo", ["Taipei", "Tokyo"]),
    ("New York", ["New York"]),
    ("Aix-en-Provence", ["Aix-en-Provence"]),
    ("首爾", ["首爾"]),
]


@pytest.mark.parametrize(("cell", "places"), ROUTES)
def test_split_route(cell, places):
    assert split_route(cell) == places


@pytest.mark.parametrize(
    ("line", "token"),
    [
        ("2018.5.21 臺北－東京", "2018.5.21"),
        ("5/21(一)\t東京", "5/21(一)"),
        ("第2天 參訪", "第2天"),
        ("4月10日至12日 參加會議", "4月10日至12日"),
        ("2018年會議", None),
        ("12345", None),
    ],
)
def test_match_date_prefix(line, token):
    m = match_date_prefix(line)
    assert (m.group().strip() if m else None) == token


def test_tab_table_from_docx():
    text = "二、行程表\n\n日期\t地點\t行程內容\n2019/10/1\t臺北→東京\t搭機抵達東京\n2019/10/2\t東京\t拜會東京都政府 交流座談\n\n三、心得"
    assert summary(rows_of(text)) == [
        (date(2019, 10, 1), None, ["臺北", "東京"], "搭機抵達東京"),
        (date(2019, 10, 2), None, ["東京"], "拜會東京都政府 交流座談"),
    ]


def test_columns_in_another_order():
    text = "行程\t日期\t城市\n參加年會開幕式\t2017.9.12\t維也納\n參訪維也納市政府\t2017.9.13\t維也納\n"
    assert summary(rows_of(text)) == [
        (date(2017, 9, 12), None, ["維也納"], "參加年會開幕式"),
        (date(2017, 9, 13), None, ["維也納"], "參訪維也納市政府"),
    ]


def test_date_and_activity_only():
    text = "日期\t活動內容\n108年3月4日\t抵達曼谷\n108年3月5日\t出席論壇\n"
    assert summary(rows_of(text)) == [
        (date(2019, 3, 4), None, ["曼谷"], "抵達曼谷"),  # no place column: places named in the activity
        (date(2019, 3, 5), None, [], "出席論壇"),
    ]


def test_year_less_dates_anchor_to_the_trip_year():
    text = "日期\t地點\t行程\n5/21(一)\t臺北－首爾\t搭機\n5/22(二)\t首爾\t考察\n"
    rows = rows_of(text, anchor_year=2018)
    assert [r.date for r in rows] == [date(2018, 5, 21), date(2018, 5, 22)]
    assert [r.date_text for r in rows] == ["5/21(一)", "5/22(二)"]


def test_year_less_dates_anchor_to_a_nearby_year():
    text = "本府於2016年組團出訪。\n\n行程表\n\n10月3日\t臺北－雪梨\t啟程\n10月4日\t雪梨\t拜會\n"
    assert [r.date for r in rows_of(text)] == [date(2016, 10, 3), date(2016, 10, 4)]


def test_dates_cross_the_new_year():
    text = "日期\t行程\n2018/12/31\t抵達\n1/1\t參訪\n1/2\t返國\n"
    assert [r.date for r in rows_of(text)] == [date(2018, 12, 31), date(2019, 1, 1), date(2019, 1, 2)]


def test_multi_day_rows():
    text = "日期\t地點\t行程\n5/21-5/23\t巴黎\t出席年會\n4月24日至26日\t里昂\t參訪\n"
    rows = rows_of(text, anchor_year=2018)
    assert [(r.date, r.date_end) for r in rows] == [
        (date(2018, 5, 21), date(2018, 5, 23)),
        (date(2018, 4, 24), date(2018, 4, 26)),
    ]


def test_table_split_across_pages_with_repeated_header():
    text = (
        "日期\t地點\t行程\n2018.6.1\t臺北－倫敦\t搭機\n2018.6.2\t倫敦\t拜會\n\n"
        "行程表（續）\n\n日期\t地點\t行程\n2018.6.3\t倫敦－愛丁堡\t移動\n2018.6.4\t愛丁堡－臺北\t返國\n\n參、心得"
    )
    rows = rows_of(text)
    assert [r.seq for r in rows] == [1, 2, 3, 4]
    assert rows[2].places == ["倫敦", "愛丁堡"]


def test_table_split_across_pages_without_header():
    text = "日期\t地點\t行程\n2018.6.1\t臺北－倫敦\t搭機\n\n2018.6.2\t倫敦\t拜會\n"
    assert len(rows_of(text)) == 2


def test_text_dump_with_wrapped_cells():
    text = (
        "行程表\n\n日期 地點 行程\n\n"
        "2019.7.1\n臺北－\n\n首爾－釜山\n搭機抵達首爾轉\n\n往釜山\n\n"
        "2019.7.2 釜山 出席「2019 Asia\nSmart City Forum」\n\n"
        "2019.7.3 釜山－臺北 返國\n\n\n"
        "      本次論壇由釜山廣域市政府主辦，共有來自二十餘國之城市代表參加，會中就智慧城市政策交換意見。\n"
    )
    assert summary(rows_of(text)) == [
        (date(2019, 7, 1), None, ["臺北", "首爾", "釜山"], "搭機抵達首爾轉往釜山"),
        (date(2019, 7, 2), None, ["釜山"], "出席「2019 Asia Smart City Forum」"),
        (date(2019, 7, 3), None, ["釜山", "臺北"], "返國"),
    ]


def test_text_dump_with_activity_before_place():
    text = "日期 行程 地點\n2018.3.1 搭機前往 臺北－新加坡\n2018.3.2 參訪新加坡國立大學 新加坡\n"
    assert summary(rows_of(text)) == [
        (date(2018, 3, 1), None, ["臺北", "新加坡"], "搭機前往"),
        (date(2018, 3, 2), None, ["新加坡"], "參訪新加坡國立大學"),
    ]


def test_headerless_table_under_a_title():
    text = "一、出國行程\n\n107.8.6\t臺北－河內\t抵達河內\n107.8.7\t河內\t拜會河內市人民委員會\n\n二、心得"
    assert summary(rows_of(text)) == [
        (date(2018, 8, 6), None, ["臺北", "河內"], "抵達河內"),
        (date(2018, 8, 7), None, ["河內"], "拜會河內市人民委員會"),
    ]


def test_malformed_rows_keep_their_text():
    text = (
        "日期\t地點\t行程\n2018.9.1\t臺北－柏林\t搭機\n待定\t柏林\t自由活動\n"
        "2018.9.31\t柏林\n\t\t補充說明\n2018.9.4\t\t返國\t多的一格\n"
    )
    rows = rows_of(text)
    assert [(r.date, r.date_text, r.places, r.activity) for r in rows] == [
        (date(2018, 9, 1), "2018.9.1", ["臺北", "柏林"], "搭機"),
        (None, "待定", ["柏林"], "自由活動"),
        (None, "2018.9.31", ["柏林"], "補充說明"),  # no 31 September; continuation row joined
        (date(2018, 9, 4), "2018.9.4", [], "返國 多的一格"),  # ragged row: extra cell kept
    ]


def test_row_spans_point_at_the_date():
    text = "前言\n\n日期\t地點\t行程\n2018.5.21\t臺北－東京\t搭機\n"
    for row in rows_of(text):
        assert text[row.char_start : row.char_end].startswith(row.date_text)


def test_no_itinerary():
    assert rows_of("壹、目的\n\n本次出國參加會議。\n") == []


def test_an_activity_after_a_dangling_route_mark_is_not_a_place():
    text = "日期 地點 行程\n2018.5.22 維爾紐斯－ 搭機抵達\n里加\n"
    rows = rows_of(text)
    assert rows[0].activity != "" and "搭機抵達" in rows[0].activity
    assert "搭機抵達" not in rows[0].places


def test_unknown_places_joined_by_route_marks():
    text = "日期\t地點\t行程\n2018.5.22\t甲鎮－乙村\t訪視\n"
    assert rows_of(text)[0].places == ["甲鎮", "乙村"]


def test_a_second_table_for_another_leg_is_added():
    text = (
        "（一）日本段\n\n日期\t地點\t行程\n2018.6.1\t臺北－東京\t抵達\n2018.6.2\t東京\t參訪\n\n"
        "（二）韓國段\n\n日期\t地點\t行程\n2018.6.3\t東京－首爾\t移動\n2018.6.4\t首爾－臺北\t返國\n"
    )
    rows = rows_of(text)
    assert [r.seq for r in rows] == [1, 2, 3, 4]
    assert rows[3].places == ["首爾", "臺北"]


def test_a_detailed_table_repeating_the_days_is_not_added_twice():
    text = (
        "日期\t行程\n2018.6.1\t抵達\n2018.6.2\t參訪\n\n附件、詳細行程\n\n"
        "日期\t行程\n2018.6.1\t09:00 抵達機場\n2018.6.2\t10:00 參訪市政府\n"
    )
    assert [r.activity for r in rows_of(text)] == ["抵達", "參訪"]


def test_a_header_cell_with_extra_words():
    text = "日期\t行程及工作內容\t停留城市\n2018.6.1\t抵達\t倫敦\n"
    assert summary(rows_of(text)) == [(date(2018, 6, 1), None, ["倫敦"], "抵達")]
