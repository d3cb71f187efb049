"""Generalization: participants and itinerary rows of reports in other agencies' layouts.

Fixtures are in tests/fixtures/general (see test_general_structure.py); each goes
through the real reader and the extractors.
"""

from __future__ import annotations

from datetime import date

import pytest

from extractors.core.doc import doc_from_text
from extractors.reports.itinerary import extract_itinerary, places_in_activity
from extractors.reports.trip import extract_trip
from extractors.sections.tree import extract_sections
from tests.support.general_run import DOCX_REPORT, build_docx, run_bytes, run_fixture

PEOPLE = {
    # name: [(seq, name, agency, unit, job_title, grade)]
    "central_cover.txt": [
        (1, "林志明", "環境部資源循環署", None, "簡任技正", None),
        (2, "黃雅婷", "環境部資源循環署", None, "科長", None),
    ],
    "cover_dotted.txt": [  # 姓名職稱 with one person per line
        (1, "劉家瑋", "經濟部中小及新創企業署", "國際合作組", "副署長", None),
        (2, "簡美華", "經濟部中小及新創企業署", "國際合作組", "專員", None),
    ],
    "participants_grade.txt": [
        (1, "陳建宏", "經濟部標準檢驗局第二組", None, "組長", "簡任第十二職等"),
        (2, "王淑芬", "經濟部標準檢驗局第二組", None, "技正", "薦任第八職等"),
        (3, "李俊傑", "經濟部標準檢驗局新竹分局", None, "技士", "委任第五職等"),
    ],
    "old_summary_form.txt": [
        (1, "吳志強", "交通部公路局", "交通工程組", "組長", None),
        (2, "許建宏", "交通部公路局", "交通工程組", "正工程司", None),
        (3, "蔡佩君", "臺北市政府交通局", "交通管制工程處", "工程員", None),
    ],
    "participants_html.html": [
        (1, "郭明哲", "國立臺灣大學材料科學與工程學系", None, "教授", None),
        (2, "Anna Schmidt", "國立臺灣大學材料科學與工程學系", None, "博士後研究員", None),
        (3, "洪詩涵", "國立臺灣大學材料科學與工程學系", None, "博士生", None),
    ],
    "headings.html": [(1, "周怡君", "文化部藝術發展司", None, "專門委員", None)],
    "university.txt": [],
    "county.txt": [],
}

ITINERARY = {
    # name: [(date, date_end, date_text, places, activity)]
    "itin_pages.txt": [  # 日期|時間|行程內容|地點, split over two pages with the header repeated
        (date(2024, 3, 4), None, "3/4(一)", ["臺北", "雪梨"], "搭機啟程"),
        (date(2024, 3, 5), date(2024, 3, 7), "3/5-3/7", ["雪梨"], "參加國際森林火災研討會"),
        # Two time slots under one date are two rows; the short second row shares the place.
        (date(2024, 3, 8), None, "3/8(五)", ["雪梨"], "拜會新南威爾斯鄉村消防局"),
        (date(2024, 3, 8), None, "3/8(五)", ["雪梨"], "參訪火災監測中心"),
        (date(2024, 3, 9), None, "3/9(六)", ["坎培拉"], "轉往坎培拉，拜會澳洲國家大學火災研究中心"),
        (date(2024, 3, 10), None, "3/10(日)", ["坎培拉"], "資料整理"),
        (date(2024, 3, 11), None, "3/11(一)", ["雪梨", "臺北"], "搭機返國"),
    ],
    "itin_two_col.md": [  # 日期|行程 only: places come from the activity
        (date(2023, 10, 15), None, "112年10月15日", ["桃園", "新加坡"], "自桃園搭機前往新加坡"),
        (date(2023, 10, 16), date(2023, 10, 18), "112年10月16日至10月18日", [], "參加亞太公共衛生研討會"),
        (date(2023, 10, 19), None, "112年10月19日", ["新加坡"], "參訪新加坡衛生部健康促進局"),
        (date(2023, 10, 20), None, "112年10月20日", ["新加坡", "桃園"], "自新加坡搭機返抵桃園"),
    ],
    "headings.html": [
        (date(2024, 7, 8), None, "7月8日", ["臺北", "巴黎"], "搭機啟程"),
        (date(2024, 7, 9), None, "7月9日", ["巴黎", "亞維儂"], "轉乘高鐵前往亞維儂"),
        (date(2024, 7, 10), date(2024, 7, 14), "7月10日至7月14日", ["亞維儂"], "觀賞藝術節節目並拜會策展團隊"),
        (date(2024, 7, 15), None, "7月15日", ["巴黎", "臺北"], "搭機返國"),
    ],
    "participants_html.html": [  # 時間|行程, 時間 holding the days
        (date(2024, 5, 26), None, "2024/5/26", ["臺北", "法蘭克福", "史特拉斯堡"], "自臺北搭機經法蘭克福轉往史特拉斯堡"),
        (date(2024, 5, 27), date(2024, 5, 30), "2024/5/27-2024/5/30", [], "參加歐洲材料研究學會春季年會並發表論文"),
        (date(2024, 5, 31), None, "2024/5/31", ["法蘭克福", "臺北"], "自法蘭克福搭機返抵臺北"),
    ],
    "central_cover.txt": [],
    "county.txt": [],
}


@pytest.fixture(scope="module")
def runs():
    out = {name: run_fixture(name) for name in sorted(set(PEOPLE) | set(ITINERARY))}
    out["docx"] = run_bytes(build_docx(DOCX_REPORT), "docx")
    return out


def people(out):
    return [(p.seq, p.name, p.agency, p.unit, p.job_title, p.grade) for p in out["participants"]]


def days(out):
    return [(r.date, r.date_end, r.date_text, r.places, r.activity) for r in out["itinerary"]]


@pytest.mark.parametrize("name", sorted(PEOPLE))
def test_participants(runs, name):
    assert people(runs[name]) == PEOPLE[name]


@pytest.mark.parametrize("name", sorted(ITINERARY))
def test_itinerary(runs, name):
    assert days(runs[name]) == ITINERARY[name]


@pytest.mark.parametrize("name", sorted(ITINERARY))
def test_itinerary_spans(runs, name):
    text = runs[name]["doc"].text
    for row in runs[name]["itinerary"]:
        assert row.date_text in text[row.char_start : row.char_end]


def test_docx_tables(runs):
    assert people(runs["docx"]) == [
        (1, "鄭文華", "高雄市政府海洋局", None, "副局長", None),
        (2, "廖淑惠", "高雄市政府海洋局", None, "科長", None),
    ]
    assert [(r.date, r.date_end, r.places) for r in runs["docx"]["itinerary"]] == [
        (date(2023, 9, 11), None, ["高雄", "新加坡"]),
        (date(2023, 9, 12), None, ["新加坡"]),
        (date(2023, 9, 13), date(2023, 9, 14), ["新加坡"]),
        (date(2023, 9, 15), None, ["新加坡", "高雄"]),
    ]


def _trip(text):
    doc = doc_from_text(text)
    return extract_trip(doc, extract_sections(doc))


DUMP = """出國期間：113年3月4日至113年3月7日
出國地區：日本

壹、過程

日期        時間      行程內容                      地點
3月4日(一)  08:00     搭機前往東京                  臺北－東京
3月5日(二)  10:00     拜會東京都政府                東京
3月6日(三)  全日      參訪橫濱港                    橫濱
3月7日(四)  14:00     搭機返國                      東京－臺北
"""


def test_text_dump_itinerary_drops_the_time_column():
    rows = _trip(DUMP)["itinerary"]
    assert [(r.date, r.places, r.activity) for r in rows] == [
        (date(2024, 3, 4), ["臺北", "東京"], "搭機前往東京"),
        (date(2024, 3, 5), ["東京"], "拜會東京都政府"),
        (date(2024, 3, 6), ["橫濱"], "參訪橫濱港"),
        (date(2024, 3, 7), ["東京", "臺北"], "搭機返國"),
    ]


@pytest.mark.parametrize(
    "header, row, activity",
    [
        ("日期\t時間\t行程\t地點", "5月2日\t09:00\t拜會柏林市政府\t柏林", "拜會柏林市政府"),
        ("日期\t時段\t行程\t地點", "5月2日\t上午\t拜會柏林市政府\t柏林", "拜會柏林市政府"),
        ("時間\t行程\t地點", "5月2日\t拜會柏林市政府\t柏林", "拜會柏林市政府"),  # 時間 alone holds the day
    ],
)
def test_time_column_beside_a_date_column(header, row, activity):
    rows = extract_itinerary(doc_from_text(f"{header}\n{row}\n"), anchor_year=2024)
    assert [(r.date, r.places, r.activity) for r in rows] == [(date(2024, 5, 2), ["柏林"], activity)]


def test_a_later_time_slot_whose_empty_date_cell_was_lost():
    text = "日期\t時間\t行程\t地點\n5月2日\t09:00\t拜會柏林市政府\t柏林\n14:00\t參訪柏林工業大學\n5月3日\t10:00\t搭機返國\t柏林－臺北\n"
    rows = extract_itinerary(doc_from_text(text), anchor_year=2024)
    assert [(r.date, r.activity) for r in rows] == [  # each time slot is a row of its own
        (date(2024, 5, 2), "拜會柏林市政府"),
        (date(2024, 5, 2), "參訪柏林工業大學"),
        (date(2024, 5, 3), "搭機返國"),
    ]


@pytest.mark.parametrize(
    "activity, places",
    [
        ("自桃園搭機前往新加坡", ["桃園", "新加坡"]),
        ("轉往坎培拉，拜會澳洲國家大學", ["坎培拉"]),  # the country of a named city is no stop
        ("參加歐洲材料研究學會年會", []),  # a region inside a name
        ("整理資料", []),
    ],
)
def test_places_in_activity(activity, places):
    assert places_in_activity(activity) == places


def test_a_lone_period_line_dates_the_itinerary():
    # A year in the body text (2019) must not anchor the year-less days when 出國期間 is given.
    text = "出國期間：113年3月4日至113年3月5日\n\n壹、目的\n\n2019年大火之後。\n\n貳、行程\n\n日期\t行程\n3/4\t出發\n3/5\t返國\n"
    out = _trip(text)
    assert [r.date for r in out["itinerary"]] == [date(2024, 3, 4), date(2024, 3, 5)]
    assert (out["reports"][0].trip_start, out["reports"][0].trip_end) == (date(2024, 3, 4), date(2024, 3, 5))


def test_a_day_ordinal_before_the_date_cell():
    text = "第1天\t3月4日\t臺北－洛杉磯\t搭機\n第2天\t3月5日\t洛杉磯\t拜會加州能源委員會\n第3天\t3月6日\t洛杉磯\t參訪\n"
    rows = extract_itinerary(doc_from_text(text), anchor_year=2024)
    assert [(r.date, r.date_text, r.places, r.activity) for r in rows] == [
        (date(2024, 3, 4), "3月4日", ["臺北", "洛杉磯"], "搭機"),
        (date(2024, 3, 5), "3月5日", ["洛杉磯"], "拜會加州能源委員會"),
        (date(2024, 3, 6), "3月6日", ["洛杉磯"], "參訪"),
    ]


@pytest.mark.parametrize(
    "lines, expected",
    [
        ("出國人員：王大明（科長）、陳小華（技正）\n服務機關：農業部\n",
         [("王大明", "農業部", "科長"), ("陳小華", "農業部", "技正")]),
        ("出國人員：王大明 科長、陳小華 技正\n服務機關：農業部\n",
         [("王大明", "農業部", "科長"), ("陳小華", "農業部", "技正")]),
        ("出國人員：王大明 陳小華\n服務機關：農業部\n", [("王大明", "農業部", None), ("陳小華", "農業部", None)]),
        ("姓名職稱：林志明/研究專員\n服務機關：台灣電力公司\n", [("林志明", "台灣電力公司", "研究專員")]),
        ("出國人員姓名\t王大明、陳小華\n服務機關\t內政部消防署\n職稱\t科長、技正\n",
         [("王大明", "內政部消防署", "科長"), ("陳小華", "內政部消防署", "技正")]),
    ],
)
def test_cover_people_lists(lines, expected):
    out = _trip(lines + "出國期間：113年6月3日至6月7日\n出國地區：菲律賓\n")
    assert [(p.name, p.agency, p.job_title) for p in out["participants"]] == expected


def test_numbered_people_lines_under_the_label():
    text = ("報告名稱：赴加拿大考察原住民族自治制度\n主辦機關：原住民族委員會\n出國人員：\n"
            "  1. 王大明 原住民族委員會 處長\n  2. 陳小華 原住民族委員會 科長\n出國類別：考察\n"
            "出國期間：112年8月20日至112年8月28日\n出國地區：加拿大\n")
    assert [(p.name, p.agency, p.job_title) for p in _trip(text)["participants"]] == [
        ("王大明", "原住民族委員會", "處長"), ("陳小華", "原住民族委員會", "科長"),
    ]


def test_dated_paragraphs_under_a_schedule_heading():
    text = ("出國期間：113年3月4日至113年3月8日\n\n貳、過程\n\n一、行程概要\n\n"
            "3月4日（星期一）：自桃園國際機場搭機前往德國慕尼黑。\n3月5日（星期二）：拜會巴伐利亞邦經濟部。\n"
            "3月6日至3月7日：參加慕尼黑國際環保展。\n3月8日（星期五）：搭機返國。\n\n二、參訪內容\n\n說明。\n")
    rows = _trip(text)["itinerary"]
    assert [(r.date, r.date_end, r.places, r.activity) for r in rows] == [
        (date(2024, 3, 4), None, ["桃園", "慕尼黑"], "自桃園國際機場搭機前往德國慕尼黑。"),
        (date(2024, 3, 5), None, [], "拜會巴伐利亞邦經濟部。"),
        (date(2024, 3, 6), date(2024, 3, 7), ["慕尼黑"], "參加慕尼黑國際環保展。"),
        (date(2024, 3, 8), None, [], "搭機返國。"),
    ]


@pytest.mark.parametrize(
    "header, rows, expected",
    [
        ("日期\t星期\t地點\t行程", ["3/4\t一\t臺北→首爾\t搭機前往首爾", "3/5~3/7\t二至四\t首爾\t參加論壇"],
         [(date(2024, 3, 4), None, ["臺北", "首爾"]), (date(2024, 3, 5), date(2024, 3, 7), ["首爾"])]),
        ("月/日\t行程\t住宿", ["113/3/4\t臺北-大阪，參訪大阪府政府\t大阪", "113/3/5\t京都-臺北\t"],
         [(date(2024, 3, 4), None, ["臺北", "大阪"]), (date(2024, 3, 5), None, ["京都", "臺北"])]),
    ],
)
def test_other_header_layouts(header, rows, expected):
    text = "\n".join([header, *rows]) + "\n"
    got = extract_itinerary(doc_from_text(text), anchor_year=2024)
    assert [(r.date, r.date_end, r.places) for r in got] == expected


@pytest.mark.parametrize(
    "cover, expected",
    [
        ("出國人員姓名/服務機關/單位/職稱\n\n王大明/內政部/營建署/科長\n\n陳小華/內政部/營建署/技正\n\n出國類別：■考察\n",
         [("王大明", "內政部", "科長"), ("陳小華", "內政部", "技正")]),
        ("姓名職稱：劉家瑋 副署長\n\n簡美華 專員\n\n派赴國家：秘魯\n",
         [("劉家瑋", "內政部", "副署長"), ("簡美華", "內政部", "專員")]),
        ("姓名職稱：劉家瑋 副署長\n\n目次\n\n壹、目的……1\n", [("劉家瑋", "內政部", "副署長")]),
    ],
)
def test_people_lines_spaced_by_blank_lines(cover, expected):
    out = _trip("服務機關：內政部\n出國期間：113年6月3日至6月7日\n" + cover)
    assert [(p.name, p.agency, p.job_title) for p in out["participants"]] == expected


def test_a_numbered_seq_column():
    text = "壹、出國人員\n\n編號\t姓名\t職稱\n1.\t王大明\t科長\n2.\t陳小華\t技正\n\n貳、目的\n\n說明。\n"
    out = _trip(text)
    assert [(p.seq, p.name, p.job_title) for p in out["participants"]] == [(1, "王大明", "科長"), (2, "陳小華", "技正")]
