"""One definition per concept: the marker grammar, the page-number rule and the lexicon loader.

The readers (PDF line joining), the text-dump repair, the sections and the report
extractors' heading test all ask ``extractors.core.numbering``; the PDF reader and the
text repair both ask ``extractors.normalize.furniture``; every module reads its lexicons
through ``extractors.core.lexicons``. The tables below are written in the styles of
several agencies (ministries, city governments, universities, hospitals).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors.core import numbering, textlines
from extractors.core.numbering import HEADING_TYPES, opens_item, parse_marker, starts_with_marker
from extractors.normalize import fake_bold, repair
from extractors.normalize.furniture import drop_page_furniture, is_page_number
from extractors.sections import tree
from pipeline.readers import pdf_layout
from pipeline.readers.pdf_layout import TextLine, continues, find_furniture

REPO = Path(__file__).resolve().parents[2]

# (line, marker type or None)
MARKERS = [
    ("第二篇 總則", "part"),
    ("第3章 結論與建議", "chapter"),
    ("第 四 節　人員配置", "section"),
    ("IV. Findings of the Visit", "roman"),
    ("參、考察心得", "formal"),
    ("伍，建議事項", "formal"),
    ("拾壹、附錄", "formal"),
    ("七、 其他事項", "cjk"),
    ("十二．參考資料", "cjk"),
    ("（八）交通安排", "cjk_paren"),
    ("(九) 住宿資訊", "cjk_paren"),
    ("㈢ 會議紀錄", "cjk_paren"),
    ("10. 參訪心得", "arabic"),
    ("１１．附件清單", "arabic"),
    ("3、議程說明", "arabic"),
    ("2.1 計畫背景", "decimal2"),
    ("3.2.4 評估方法", "decimal3"),
    ("(4) 綜合討論", "arabic_paren"),
    ("（５）結論", "arabic_paren"),
    ("6) 其他", "arabic_paren"),
    ("⑻ 後續追蹤", "arabic_paren"),
    ("⑦ 備註", "circled"),
    ("  • （二）行程", "cjk_paren"),  # a bullet before the marker
    ("2019.10.21 抵達維也納", None),
    ("3.5% 的成長率", None),
    ("（2016）年成立", None),
    ("105）年度預算", None),
    ("一行人前往機場", None),
    ("十分感謝接待單位", None),
    ("U.S. Department of State", None),
    ("1次大會", None),
    ("02-2345-6789 分機 12", None),
    ("第3屆亞太論壇", None),
]
# Items that open a line without being numbering markers.
ITEMS = ["● 重點摘要", "■ 是", "- 會議手冊", "B. Budget", "b) 交通費", "第五條 出國人員"]


@pytest.mark.parametrize("line, kind", MARKERS)
def test_every_user_gives_the_grammar_s_answer(line, kind):
    marker = parse_marker(line)
    assert (marker.type if marker else None) == kind
    assert starts_with_marker(line) is (kind is not None)
    assert opens_item(line) is (kind is not None)
    # the report extractors' heading test: the heading types of the same grammar (with no bullet before)
    heading = kind in HEADING_TYPES and not line.lstrip().startswith("•")
    assert bool(textlines.HEADING.match(line.strip())) is heading
    # the text-dump repair keeps a marker line apart from a full line before it
    full = "本次出國行程係依據年度計畫辦理並與相關機關協調安排各項參訪活動之細節與時程並"
    joined = repair.join_wrapped_lines([full] * 6 + [line], width=len(full) * 2)
    assert (joined[-1] == line.strip()) is (kind is not None)
    # the PDF reader does not join a marker line to the paragraph above it
    prev = TextLine(full, x0=72, x1=520, top=100, bottom=112, size=12)
    nxt = TextLine(line.strip(), x0=72, x1=300, top=116, bottom=128, size=12, first_word_width=30)
    assert continues(prev, nxt, right_edge=520) is (kind is None)


@pytest.mark.parametrize("line", ITEMS)
def test_items_open_a_line_in_the_repair_and_the_pdf_reader(line):
    assert opens_item(line) and not starts_with_marker(line)
    prev = TextLine("本次出國行程係依據年度計畫辦理並與相關機關協調安排", x0=72, x1=520, top=100, bottom=112, size=12)
    nxt = TextLine(line, x0=72, x1=300, top=116, bottom=128, size=12, first_word_width=30)
    assert not continues(prev, nxt, right_edge=520)


def test_the_users_import_the_grammar_instead_of_writing_their_own():
    assert tree.parse_marker is numbering.parse_marker
    assert textlines.HEADING is numbering.HEADING
    assert repair.opens_item is numbering.opens_item
    assert pdf_layout.opens_item is numbering.opens_item
    assert fake_bold.strip_marker_padding is numbering.strip_marker_padding
    for module in (repair, pdf_layout, tree, textlines):
        assert not hasattr(module, "MARKER") and not hasattr(module, "MARKER_RE")


@pytest.mark.parametrize("line, expected", [
    ("參、    考察心得", "參、考察心得"),
    ("（三）\u3000\u3000參訪行程", "（三）參訪行程"),
    ("4.    建議", "4. 建議"),
    ("(2)   說明", "(2) 說明"),
    ("第三章   結論", "第三章   結論"),  # no punctuation after the marker: left alone
    ("說明、  其他", "說明、  其他"),  # not a marker
])
def test_marker_padding(line, expected):
    assert numbering.strip_marker_padding(line) == expected


# (line, a page number wherever it stands, a page number at a page's edge)
PAGE_NUMBERS = [
    ("- 3 -", True, True),
    ("－１２－", True, True),
    ("— 4 —", True, True),
    ("第 3 頁", True, True),
    ("第三頁", True, True),
    ("第 3 頁，共 10 頁", True, True),
    ("共 10 頁 第 2 頁", True, True),
    ("Page 4 of 9", True, True),
    ("p. 7", True, True),
    ("3", False, True),
    ("３", False, True),
    ("3/10", False, True),
    ("iv", False, True),
    ("2019.10.21", False, False),
    ("第 3 屆大會", False, False),
    ("108年5月", False, False),
    ("3 次會議", False, False),
    ("1. 確認", False, False),
]


@pytest.mark.parametrize("line, anywhere, at_edge", PAGE_NUMBERS)
def test_one_page_number_rule(line, anywhere, at_edge):
    assert is_page_number(line) is anywhere
    assert is_page_number(line, bare=True) is at_edge
    # the text repair: at the bottom edge of a page with a page break after it
    body = ["壹、目的", "赴奧地利參加國際會議", "貳、過程", "拜會當地市政府"]
    pages = drop_page_furniture([body + [line], body])
    assert (line not in pages[0]) is at_edge
    # the PDF reader: the last line of a page, in the bottom band
    lines = [TextLine(text, 72, 400, 100 + 20 * k, 112 + 20 * k) for k, text in enumerate(body)]
    lines.append(TextLine(line, 280, 320, 800, 812))
    assert ((0, len(body)) in find_furniture([lines], [842.0])) is at_edge


def test_every_module_reads_lexicons_through_the_loader():
    """Only core/lexicons.py knows where lexicons live or reads a file; mentions/words.py also
    reads two library data files (OpenCC's character table, jieba's dictionary)."""
    readers = {"extractors/core/lexicons.py", "extractors/mentions/words.py"}
    for path in sorted((REPO / "extractors").rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        source = path.read_text(encoding="utf-8")
        if name != "extractors/core/lexicons.py":
            assert not re.search(r"\bLEXICON_DIR\b|\blexicon_path\b", source), f"{name} builds a lexicon path"
        if name not in readers:
            assert not re.search(r"\.read_text\(|\bopen\(", source), f"{name} reads a file itself"
