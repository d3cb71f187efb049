"""The trip and dates stages stay linear on huge documents (issue 7's robustness findings).

No timing: each test counts the work a step does (calls, characters, attribute reads)
on an input large enough that the old quadratic code did hundreds of times more, and
checks the answer against a plain reference (tests/reference/) where the algorithm changed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest

import extractors.dates.extract as dates_mod
import extractors.reports.itinerary as itinerary_mod
import extractors.reports.participants as participants_mod
from extractors.core.doc import Doc
from extractors.core.records import SectionRow
from extractors.core.textlines import Line, header_words, split_header_cells, split_lines
from extractors.dates.extract import _Innermost, extract_dates
from extractors.reports.itinerary import extract_itinerary
from extractors.reports.participants import extract_participants
from tests.reference import dates as reference_dates
from tests.reference import reports as reference_reports


class Counter:
    def __init__(self) -> None:
        self.n = 0


def test_a_big_participant_table_folds_each_name_a_few_times(monkeypatch):
    rows = 3000
    text = "出國人員\n姓名\t服務機關\t職稱\n" + "".join(f"王{k}明\t臺北市政府\t科長\n" for k in range(rows))
    calls = Counter()
    fold = participants_mod.fold_label

    def counting(value: str) -> str:
        calls.n += 1
        return fold(value)

    monkeypatch.setattr(participants_mod, "fold_label", counting)
    people = extract_participants(Doc(doc_id="d", text=text))
    assert len(people) == rows
    assert calls.n <= 4 * rows  # the pairwise duplicate check folded ~rows²/2 = 4.5 M names


def test_a_repeated_participant_list_still_counts_once():
    table = "姓名\t服務機關\t職稱\n王小明\t臺北市政府\t科長\n李大華\t臺北市政府\t專員\n"
    people = extract_participants(Doc(doc_id="d", text="出國人員\n" + table + "\n附錄\n" + table))
    assert [p.name for p in people] == ["王小明", "李大華"]


def test_dates_on_one_long_line_map_only_the_labels(monkeypatch):
    n = 2000
    text = "壹、目的\n" + "".join(f"2023年{k % 12 + 1}月{k % 28 + 1}日、" for k in range(n)) + "\n"
    mapped = Counter()
    original = dates_mod.map_text

    def counting(value: str) -> str:
        mapped.n += len(value)
        return original(value)

    monkeypatch.setattr(dates_mod, "map_text", counting)
    rows = extract_dates(Doc(doc_id="d", text=text))
    assert len(rows) == n
    assert mapped.n <= 40 * n  # the whole line before each date: ~n² × 6 characters


def test_a_trip_label_before_a_date_is_still_found():
    text = "出國期間：　2023年5月2日至5月9日\n另於2023年6月1日返國"
    rows = extract_dates(Doc(doc_id="d", text=text))
    assert rows[0].start.isoformat() == "2023-05-02"


@dataclass(frozen=True)
class CountedSection(SectionRow):
    def __getattribute__(self, name):
        if name == "char_start":
            READS.n += 1
        return object.__getattribute__(self, name)


READS = Counter()


def test_each_date_finds_its_section_without_scanning_them_all():
    n = 3000
    text = "".join(f"一、標題{k}\n2023年5月{k % 28 + 1}日\n" for k in range(n))
    sections, pos = [], 0
    for k in range(n):
        end = pos + len(f"一、標題{k}\n2023年5月{k % 28 + 1}日\n")
        sections.append(CountedSection(doc_id="d", section_path=str(k + 1), char_start=pos, char_end=end))
        pos = end
    READS.n = 0
    rows = extract_dates(Doc(doc_id="d", text=text), sections)
    assert [r.section_path for r in rows if "月" in r.text] == [str(k + 1) for k in range(n)]
    assert READS.n <= 10 * n  # one scan of every section per date read char_start n² times


@pytest.mark.parametrize("seed", range(25))
def test_the_innermost_section_matches_the_plain_scan(seed):
    rng = random.Random(seed)
    sections = []
    for k in range(rng.randint(0, 30)):
        start = rng.randint(0, 200)
        end = start + rng.randint(0, 80)
        sections.append(SectionRow(doc_id="d", section_path=str(k), level=rng.randint(1, 4), char_start=start, char_end=end))
    innermost = _Innermost(sections)
    for pos in range(-2, 300):
        assert innermost.at(pos) is reference_dates.innermost(sections, pos), (seed, pos)


@dataclass(frozen=True)
class CountedLine(Line):
    def __getattribute__(self, name):
        if name == "start":
            STARTS.n += 1
        return object.__getattribute__(self, name)


STARTS = Counter()


def test_many_itinerary_tables_are_found_without_rescanning_the_text(monkeypatch):
    tables = 400
    text = "貳、過程\n" + "".join(
        f"本組行程說明如下，請參閱下表所列之各項安排與聯絡方式。\n日期\t地點\t行程\n"
        f"{2000 + k}.5.2\t東京\t拜會{k}\n{2000 + k}.5.3\t大阪\t參訪{k}\n\n"
        for k in range(tables)
    )
    monkeypatch.setattr(
        itinerary_mod, "split_lines", lambda t, *a: [CountedLine(x.start, x.end, x.text) for x in split_lines(t)]
    )
    STARTS.n = 0
    rows = extract_itinerary(Doc(doc_id="d", text=text))
    assert len(rows) == 2 * tables
    n_lines = text.count("\n") + 1
    assert STARTS.n <= 10 * n_lines  # a scan from the top after every table: tables × lines / 2


@pytest.mark.parametrize("table", ["itinerary", "participants"])
def test_header_cells_split_as_before(table):
    vocab = header_words()[table]
    words = list(vocab) + ["日", "期", "單", "位", "其他", "x"]
    rng = random.Random(table)
    for _ in range(400):
        pieces = []
        for word in rng.sample(words, rng.randint(1, 5)):
            cut = rng.randint(0, len(word))
            pieces += [word[:cut], word[cut:]] if rng.random() < 0.4 else [word]
        line = " ".join(p for p in pieces if p)
        assert split_header_cells(line, vocab) == reference_reports.split_header_cells(line, vocab), line


@pytest.mark.parametrize("seed", range(10))
def test_windowed_run4_search_finds_what_the_whole_line_search_finds(seed):
    from extractors.normalize.fake_bold import _RUN4, _run4_matches

    rng = random.Random(seed)
    alphabet = list("壹、會議議活動ab 1.")
    for _ in range(300):
        parts: list[str] = []
        while sum(map(len, parts)) < rng.randint(0, 400):
            unit = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
            parts.append(unit * rng.choice([1, 1, 2, 4, 5]))
        line = "".join(parts)
        expected = [(m.start(), m.end(), m.group(1)) for m in _RUN4.finditer(line)]
        assert [(m.start(), m.end(), m.group(1)) for m in _run4_matches(line, windowed=0)] == expected, line
