import pytest

from extractors.core.doc import doc_from_text
from extractors.reports.cover_form import parse_cover_text
from extractors.reports.participants import extract_participants, parse_slash_people, split_name_title


def people_of(text):
    form = parse_cover_text(text)
    rows = extract_participants(doc_from_text(text), cover_fields=form.fields, people_label=form.people_label)
    return [(r.seq, r.name, r.agency, r.unit, r.job_title, r.grade, r.source) for r in rows]


def test_tab_table_with_grade_in_another_order():
    text = "出國人員名單\n\n姓名\t職稱\t官職等\t服務機關\t序號\n王大同\t處長\t簡任第12職等\t交通部觀光署\t1\n李美玲\t科員\t委任第5職等\t交通部觀光署\t2\n"
    assert people_of(text) == [
        (1, "王大同", "交通部觀光署", None, "處長", "簡任第12職等", "table"),
        (2, "李美玲", "交通部觀光署", None, "科員", "委任第5職等", "table"),
    ]


def test_agency_and_unit_columns():
    text = "編號\t服務機關\t單位\t職稱\t姓名\n1\t高雄市政府\t研究發展考核委員會\t研究員\t張家豪\n"
    assert people_of(text) == [(1, "張家豪", "高雄市政府", "研究發展考核委員會", "研究員", None, "table")]


def test_text_dump_table_with_a_spread_header():
    text = "貳、出國人員名單\n\n序號 服 務 機 關 職  稱 姓  名\n\n1 臺南市政府觀光旅遊局 局長 郭貞慧\n2 臺南市政府觀光旅遊局 科長 林志明\n\n參、目的\n"
    assert people_of(text) == [
        (1, "郭貞慧", "臺南市政府觀光旅遊局", None, "局長", None, "table"),
        (2, "林志明", "臺南市政府觀光旅遊局", None, "科長", None, "table"),
    ]


def test_table_continued_after_a_repeated_header():
    text = "姓名\t職稱\n甲一\t技正\n\n姓名\t職稱\n乙二\t技士\n"
    assert [p[1] for p in people_of(text)] == ["甲一", "乙二"]


SLASH = [
    (
        "姓名/服務機關/單位/職稱",
        "王小明/臺北市政府/資訊局/科長",
        [("王小明", "臺北市政府", "資訊局", "科長")],
    ),
    (
        "姓名/服務機關/單位/職稱",
        "王小明/臺北市政府/資訊局/科長\n陳美華/臺北市政府/資訊局/股長",
        [("王小明", "臺北市政府", "資訊局", "科長"), ("陳美華", "臺北市政府", "資訊局", "股長")],
    ),
    (
        "姓名/服務機關/單位/職稱",
        "王小明/臺北市政府/資訊局/科長；陳美華/臺北市政府/資訊局/股長",
        [("王小明", "臺北市政府", "資訊局", "科長"), ("陳美華", "臺北市政府", "資訊局", "股長")],
    ),
    (
        "姓名/服務機關/單位/職稱",
        "王小明/臺北市政府/資訊局/科長、陳美華/臺北市政府/資訊局/股長",
        [("王小明", "臺北市政府", "資訊局", "科長"), ("陳美華", "臺北市政府", "資訊局", "股長")],
    ),
    ("姓名/職稱/服務機關", "林一/技正/農業部", [("林一", "農業部", None, "技正")]),
    ("姓名/服務機關/單位/職稱", "周二/衛生福利部", [("周二", "衛生福利部", None, None)]),  # short: nulls
]


@pytest.mark.parametrize(("label", "value", "people"), SLASH)
def test_parse_slash_people(label, value, people):
    got = [(p.name, p.agency, p.unit, p.job_title) for p in parse_slash_people(label, value)]
    assert got == people


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("陳志明 專門委員", "陳志明", "專門委員"),
        ("科長 王小明", "王小明", "科長"),
        ("王小明（技正）", "王小明", "技正"),
    ],
)
def test_split_name_title(text, name, title):
    person = split_name_title(text)
    assert (person.name, person.job_title) == (name, title)


def test_separate_cover_fields_for_several_people():
    text = "報告名稱：丁\n出國人員：王小明、陳美華\n服務機關：臺北市政府\n職稱：科長、股長\n出國期間：107年1月2日至107年1月5日\n"
    assert people_of(text) == [
        (1, "王小明", "臺北市政府", None, "科長", None, "cover"),
        (2, "陳美華", "臺北市政府", None, "股長", None, "cover"),
    ]


def test_cover_and_table_merge_by_name():
    text = (
        "報告名稱：戊\n出國人員姓名/服務機關/單位/職稱：林一/桃園市政府/交通局/科長、吳二/桃園市政府/交通局/技士\n"
        "出國期間：108年5月1日至108年5月4日\n\n貳、出國人員名單\n\n編號\t單位\t職稱\t姓名\n1\t桃園市政府交通局\t科長\t林一\n"
    )
    assert people_of(text) == [
        (1, "林一", "桃園市政府交通局", "交通局", "科長", None, "cover+table"),
        (2, "吳二", "桃園市政府", "交通局", "技士", None, "cover"),
    ]


def test_malformed_row_keeps_nulls():
    text = "編號\t姓名\t職稱\t服務機關\n1\t黃三\n2\t\t技正\t經濟部\n"
    assert people_of(text) == [
        (1, "黃三", None, None, None, None, "table"),
        (2, None, "經濟部", None, "技正", None, "table"),
    ]


def test_no_participants():
    assert people_of("壹、目的\n\n參加會議。\n") == []


def test_the_same_list_twice_counts_once():
    text = "姓名\t職稱\n甲一\t技正\n\n附錄\n\n姓名\t職稱\n甲一\t技正\n乙二\t技士\n"
    assert [p[1] for p in people_of(text)] == ["甲一", "乙二"]
