"""The table model (extractors/core/table.py) and the itinerary shapes read through it.

Every case is written here in the style of some agency; none comes from a report.
"""

from __future__ import annotations

from datetime import date

from extractors.core.doc import doc_from_text
from extractors.core.table import aligned_table, tab_table
from extractors.core.textlines import split_lines
from extractors.normalize.repair import normalize_pages
from extractors.reports.itinerary import extract_itinerary


def rows_of(text: str, year: int | None = None):
    return [
        (r.date, r.date_end, r.places, r.activity)
        for r in extract_itinerary(doc_from_text(text), anchor_year=year)
    ]


# --- the model itself -------------------------------------------------------------------------


def test_aligned_columns_come_from_display_width():
    # CJK characters take two columns: 高雄 ends at column 4, not 2.
    text = "日期      地點      行程\n3月2日     高雄      出發\n3月3日     馬尼拉    拜會菲律賓交通部"
    table = aligned_table(split_lines(text), 0)
    assert [[c.text for c in row] for row in table.rows] == [
        ["3月2日", "高雄", "出發"],
        ["3月3日", "馬尼拉", "拜會菲律賓交通部"],
    ]


def test_a_wrapped_cell_joins_the_cell_above_and_keeps_its_span():
    text = "編號  姓名      服務機關              職稱\n1     林怡君    國家發展委員會經濟    專門委員\n                發展處\n2     張書豪    國家發展委員會        科長"
    lines = split_lines(text)
    table = aligned_table(lines, 0)
    assert [[c.text for c in row] for row in table.rows] == [
        ["1", "林怡君", "國家發展委員會經濟發展處", "專門委員"],
        ["2", "張書豪", "國家發展委員會", "科長"],
    ]
    cell = table.rows[0][2]
    assert text[cell.start : cell.end].startswith("國家發展委員會經濟")


def test_a_repeated_header_and_blank_lines_between_pages_are_passed_over():
    text = (
        "日期        地點      行程\n9月1日      維也納    報到\n\n\n"
        "日期        地點      行程\n9月2日      維也納    出席原子能總署大會\n"
    )
    lines = split_lines(text)
    table = aligned_table(lines, 0, is_header=lambda t: t.startswith("日期"))
    assert [row[0].text for row in table.rows] == ["9月1日", "9月2日"]


def test_a_tab_table_spreads_a_merged_cell_over_the_rows_under_it():
    text = "日期\t時段\t地點\t內容\n6月4日\t上午\t曼谷\t拜會泰國農業部\n\t下午\t\t參訪稻米研究所\n6月5日\t全日\t清邁\t田間考察"
    table = tab_table(split_lines(text), 0)
    assert [[c.text for c in row] for row in table.rows] == [
        ["6月4日", "上午", "曼谷", "拜會泰國農業部"],
        ["6月4日", "下午", "曼谷", "參訪稻米研究所"],
        ["6月5日", "全日", "清邁", "田間考察"],
    ]
    assert table.rows[0][0].rowspan == 2 and table.rows[1][0].rowspan == 0


# --- itinerary shapes ------------------------------------------------------------------------


def test_two_time_slots_under_one_date_in_a_text_dump_are_two_rows():
    text = (
        "日期          時間          行程內容                          地點\n"
        "7月8日(一)    09:00-12:00   拜會韓國行政安全部                首爾\n"
        "              14:00-17:00   參訪首爾市政府數位市民廣場，      首爾\n"
        "                            交流智慧治理經驗\n"
        "7月9日(二)    10:00-12:00   搭機返國                          首爾→桃園\n"
    )
    assert rows_of(text, 2024) == [
        (date(2024, 7, 8), None, ["首爾"], "拜會韓國行政安全部"),
        (date(2024, 7, 8), None, ["首爾"], "參訪首爾市政府數位市民廣場，交流智慧治理經驗"),
        (date(2024, 7, 9), None, ["首爾", "桃園"], "搭機返國"),
    ]


def test_a_date_range_cell_wrapped_after_its_joiner():
    text = (
        "日期          行程內容                    地點\n"
        "4月15日(二)至 參加亞太防災研討會          雅加達\n"
        "4月17日(四)\n"
        "4月18日(五)   搭機返國                    雅加達→臺北\n"
    )
    assert rows_of(text, 2025) == [
        (date(2025, 4, 15), date(2025, 4, 17), ["雅加達"], "參加亞太防災研討會"),
        (date(2025, 4, 18), None, ["雅加達", "臺北"], "搭機返國"),
    ]


def test_a_weekday_line_under_the_date_is_part_of_the_date_cell():
    raw = (
        "日期        行程                  參訪內容\n"
        "113.6.3     臺北－阿姆斯特丹      搭機前往荷蘭，\n"
        "（一）                            夜宿機上\n"
        "113.6.4     阿姆斯特丹－鹿特丹    拜會荷蘭基礎設施及水管理部，\n"
        "（二）                            聽取三角洲計畫簡報\n"
    )
    text, _ = normalize_pages([raw])
    assert rows_of(text) == [
        (date(2024, 6, 3), None, ["臺北", "阿姆斯特丹"], "搭機前往荷蘭，夜宿機上"),
        (date(2024, 6, 4), None, ["阿姆斯特丹", "鹿特丹"], "拜會荷蘭基礎設施及水管理部，聽取三角洲計畫簡報"),
    ]


def test_the_route_column_is_found_by_its_cells_when_the_header_names_none():
    # 日期 / 行程 / 考察內容: 行程 heads the routes here, 考察內容 the activities.
    text = "日期\t行程\t考察內容\n2023/9/4\t臺北－溫哥華\t搭機前往\n2023/9/5\t溫哥華\t拜會卑詩省交通廳\n"
    assert rows_of(text) == [
        (date(2023, 9, 4), None, ["臺北", "溫哥華"], "搭機前往"),
        (date(2023, 9, 5), None, ["溫哥華"], "拜會卑詩省交通廳"),
    ]


def test_a_month_day_range_with_a_slash_in_a_tab_row():
    text = "日期\t地點\t行程\n2022/5/9\t臺北→東京\t搭機\n5/10-5/12\t東京\t出席國際水協會研討會\n"
    assert rows_of(text)[1][:2] == (date(2022, 5, 10), date(2022, 5, 12))


def test_text_dump_keeps_a_wrapped_cell_in_its_column():
    raw = "日期        地點          行程\n5月2日      布拉格        拜會捷克工業部，\n                          討論半導體合作\n\n一、心得\n"
    text, _ = normalize_pages([raw])
    assert "\n                          討論半導體合作" in text


def test_find_tables_lists_every_region_with_its_header():
    from extractors.core.table import find_tables

    text = (
        "壹、考察人員\n\n編號  姓名      職稱\n1     周明德    處長\n2     溫佳蓉    科員\n\n"
        "貳、過程\n\n日期\t地點\t行程\n5/6\t里斯本\t拜會葡萄牙海事總局\n5/7\t波爾圖\t參訪港口\n\n參、心得\n"
    )
    tables = find_tables(split_lines(text))
    assert [(t.kind, t.header, len(t.rows)) for t in tables] == [
        ("aligned", ["編號", "姓名", "職稱"], 2),
        ("tab", ["日期", "地點", "行程"], 2),
    ]
