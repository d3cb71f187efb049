from datetime import date

import pytest

from extractors.reports.cover_form import parse_checked, parse_cover_text, parse_destinations, parse_period

CHECKED = [
    ("□考察 ■開會 □其他", ["開會"]),  # box before the label
    ("考察□ 開會■ 其他□", ["開會"]),  # box after the label
    ("☐考察 ☑訪問 ☐其他", ["訪問"]),
    ("□考察 ☒實習 ✓研究", ["實習", "研究"]),
    ("□考察 V開會 □其他", ["開會"]),  # a V survives in place of the box
    ("□ 是 ■ 否", ["否"]),
    ("□考察 □開會", []),  # nothing ticked
    ("開會", None),  # no boxes at all
]


@pytest.mark.parametrize(("value", "ticked"), CHECKED)
def test_parse_checked(value, ticked):
    assert parse_checked(value) == ticked


PERIODS = [
    ("107年4月9日至107年4月14日", date(2018, 4, 9), date(2018, 4, 14)),
    ("107.04.09-107.04.14", date(2018, 4, 9), date(2018, 4, 14)),
    ("自107年4月9日起至107年4月14日止", date(2018, 4, 9), date(2018, 4, 14)),
    ("民國108年12月28日至109年1月3日", date(2019, 12, 28), date(2020, 1, 3)),
    ("2019年9月2日至9月6日", date(2019, 9, 2), date(2019, 9, 6)),
    ("106 年 10 月 2 日 ～ 106 年 10 月 8 日", date(2017, 10, 2), date(2017, 10, 8)),
    ("未定", None, None),
]


@pytest.mark.parametrize(("value", "start", "end"), PERIODS)
def test_parse_period(value, start, end):
    assert parse_period(value) == (start, end)


DESTINATIONS = [
    ("巴基斯坦", ["巴基斯坦"]),
    ("日本、南韓", ["日本", "南韓"]),  # a country keeps the cover's own words
    ("紐西蘭、澳大利亞", ["紐西蘭", "澳大利亞"]),
    ("法國/荷蘭", ["法國", "荷蘭"]),
    ("美國紐約", ["美國"]),
    ("泰國曼谷，越南河內", ["泰國", "越南"]),
    ("東京", ["日本"]),  # a city stands for its country
    ("歐洲", ["歐洲"]),  # a region stays a region
    ("某地", ["某地"]),  # unknown: kept as written
]


@pytest.mark.parametrize(("value", "names"), DESTINATIONS)
def test_parse_destinations(value, names):
    assert parse_destinations(value) == names


def test_key_value_lines_with_a_wrapped_title():
    text = (
        "行政院及所屬各機關出國報告提要\n\n"
        "出國報告名稱: 赴日本考察智慧城市推動\n經驗報告\n"
        "頁數: 45 含附件: ■是 □否\n"
        "出國計畫主辦機關/聯絡人/電話\n"
        "出國計畫主辦機關：經濟部工業局\n聯絡人：林小芳　電話：(02)2754-1255 分機 2301\n"
        "出國類別：□1考察 ■2進修 □3研究 □4實習 □5其他\n"
        "出國期間：民國108年10月14日至108年10月18日\n出國地區：日本\n報告日期：108年12月20日\n"
        "分類號/目\n關鍵詞：智慧城市、物聯網、Smart City\n"
        "內容摘要：（二百字至三百字）\n本次考察日本橫濱市智慧城市推動經驗，\n並拜會相關企業。\n\n壹、目的\n\n本文"
    )
    form = parse_cover_text(text)
    assert form.fields["title"] == "赴日本考察智慧城市推動經驗報告"
    assert form.fields["organizer"] == "經濟部工業局"
    assert form.fields["contact_name"] == "林小芳"
    assert form.fields["contact_phone"] == "(02)2754-1255 分機 2301"
    assert form.fields["trip_type"] == "進修"  # the option number is not part of the option
    assert (form.trip_start, form.trip_end) == (date(2019, 10, 14), date(2019, 10, 18))
    assert form.destinations == ["日本"]
    assert form.report_date == date(2019, 12, 20)
    assert form.has_attachment is True
    assert form.n_pages == 45
    assert form.keywords == ["智慧城市", "物聯網", "Smart City"]
    assert form.fields["summary"] == "本次考察日本橫濱市智慧城市推動經驗，\n並拜會相關企業。"


def test_tab_table_form_with_label_cells():
    text = (
        "報告名稱\t出席2017年亞太城市高峰會\n"
        "出國期間\t106.10.23-106.10.27\t出國地區\t澳洲\n"
        "系統識別號\tC10603512\t報告日期\t106.12.1\n"
        "含附件\t否\n"
    )
    form = parse_cover_text(text)
    assert form.fields["title"] == "出席2017年亞太城市高峰會"
    assert (form.trip_start, form.trip_end) == (date(2017, 10, 23), date(2017, 10, 27))
    assert form.destinations == ["澳洲"]
    assert form.system_id == "C10603512"
    assert form.report_date == date(2017, 12, 1)
    assert form.has_attachment is False


def test_label_after_the_box():
    text = "出國報告名稱：參加研討會\n出國類別：考察□ 訪問□ 開會■ 其他□\n含附件：是□ 否■\n"
    form = parse_cover_text(text)
    assert form.fields["trip_type"] == "開會"
    assert form.has_attachment is False


def test_a_group_word_before_the_boxes_follows_the_forms_convention():
    # 含附件 shows the boxes stand before their labels, so 其他 is a group word.
    text = "報告名稱：甲\n含附件：□ 是 ■ 否\n出國類別：其他 ■ 國際會議 □ 業務接洽 □ 表演 □\n"
    assert parse_cover_text(text).fields["trip_type"] == "國際會議"


def test_the_cover_page_of_annex_one():
    text = (
        "出國報告（出國類別：開會）\n\n參加2019年世界城市高峰會\n\n"
        "服務機關：新北市政府\n姓名職稱：陳志明 專門委員\n派赴國家/地區：新加坡\n"
        "出國期間：108年7月7日至108年7月11日\n報告日期：108年9月30日\n"
    )
    form = parse_cover_text(text)
    assert form.fields["agency"] == "新北市政府"
    assert form.fields["name_title"] == "陳志明 專門委員"
    assert form.destinations == ["新加坡"]
    assert form.report_date == date(2019, 9, 30)


def test_summary_stops_at_the_next_numbered_heading():
    text = "報告名稱：乙\n出國期間：107年1月2日至107年1月5日\n內容摘要：\n壹、摘要\n\n第一段。\n\n第二段。\n\n貳、目的\n\n本文。"
    assert parse_cover_text(text).fields["summary"] == "第一段。\n\n第二段。"


def test_labels_inside_the_body_are_not_a_form():
    text = "壹、目的\n\n本次會議期間：各國代表出席。\n\n貳、過程\n\n電話訪談多位專家。"
    assert parse_cover_text(text).fields == {}


def test_a_participants_table_header_is_not_a_form():
    text = "姓名\t服務機關\t職稱\n王小明\t交通部\t科長\n"
    assert parse_cover_text(text).fields == {}


def test_a_checkbox_row_that_wraps():
    text = (
        "報告名稱：丙\n出國類別：□考察 □進修 □研究\n□實習 ■其他（洽展）\n出國期間：107年3月1日至107年3月3日\n"
    )
    assert parse_cover_text(text).fields["trip_type"] == "洽展"  # a ticked 其他 is its fill-in


def test_the_forms_convention_beats_box_spacing():
    # A PDF rendering glued one box to the label before it (競技□); the form's
    # unambiguous 含附件 row still says boxes stand before their labels.
    text = "類別\t其他\n含附件\t□ 是 ■ 否\n出國類別\t其他 ■ 國際會議 □ 業務接洽 □ 競技□ 洽展 □\n"
    assert parse_cover_text(text).fields["trip_type"] == "國際會議"


def test_raw_html_checkboxes_left_by_a_reader():
    text = (
        '報告名稱：己\n含附件： <input type="checkbox"/> 是 <input checked="" type="checkbox"/> 否\n'
        '出國類別：其他 <input checked="" type="checkbox"/> 國際會議 <input type="checkbox"/> 洽展 <input type="checkbox"/>\n'
    )
    form = parse_cover_text(text)
    assert (form.fields["trip_type"], form.has_attachment) == ("國際會議", False)


def test_a_cover_page_and_a_form_fill_each_other():
    text = (
        "出國報告（出國類別：開會）\n\n服務機關：內政部\n姓名職稱：趙六 科長\n派赴國家：瑞士\n\n"
        "壹、摘要\n\n" + "內文。" * 200 + "\n\n"
        "附件：出國報告提要\n\n報告名稱：出席聯合國會議\n出國期間：110年5月3日至110年5月7日\n報告日期：110年7月1日\n含附件：否\n"
    )
    form = parse_cover_text(text)
    assert form.fields["title"] == "出席聯合國會議"
    assert form.destinations == ["瑞士"]
    assert form.fields["name_title"] == "趙六 科長"
    assert form.trip_start.isoformat() == "2021-05-03"


def test_a_contact_list_alone_is_not_a_form():
    text = "伍、附錄\n\n聯絡人：王小明\n電話：02-1234-5678\n"
    assert parse_cover_text(text).fields == {}


def test_an_invalid_period_keeps_null_dates_instead_of_raising():
    # found by the hypothesis test in test_trip.py: 13月40日 parses to a day with no date
    assert parse_period("13月40日") == (None, None)
