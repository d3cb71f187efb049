"""The text readers: encodings, txt dumps with pages, markdown or HTML saved as .txt, the two seeds, 10 MB."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from extractors.core.numbering import opens_item
from extractors.core.records import ExtractionError
from extractors.normalize.repair import display_width, ends_sentence
from pipeline.readers.decode import decode_bytes
from pipeline.readers.markdown import read_md
from pipeline.readers.text import read_txt, sniff_markup
from tests.fixtures.make_text_fixtures import build_fixtures

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "text"
SEEDS = ROOT / "data" / "raw"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_committed_fixtures_match_the_generator():
    for name, data in build_fixtures().items():
        assert fixture(name) == data, f"{name} is stale: run tests/fixtures/make_text_fixtures.py"


# --------------------------------------------------------------------------
# Encodings

ENCODING_CASES = [
    ("utf8_bom.txt", "utf-8-sig", "衛生福利部出國報告"),
    ("utf16le_bom.txt", "utf-16-le", "世界衛生大會（WHA77）"),
    ("utf16be_bom.txt", "utf-16-be", "世界衛生大會（WHA77）"),
    ("utf16le_nobom.txt", "utf-16-le", "Ministry of Health report 2024"),
    ("big5.txt", "cp950", "林碁文（科長）"),  # 碁 is in cp950, not in strict Big5
]


@pytest.mark.parametrize("name, encoding, needle", ENCODING_CASES)
def test_encodings(name, encoding, needle):
    result = read_txt(fixture(name))
    assert result.encoding == encoding
    assert needle in result.text
    assert "\ufeff" not in result.text and "\r" not in result.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_or_ascii(encoding):
    text = "臺中市政府秘書處出國報告，參加國際會議並拜會姊妹市"
    result = read_txt(text.encode(encoding))
    assert (result.text, result.encoding) == (text, encoding)


def test_big5_in_memory_and_flagged():
    text = "教育部出國報告\n壹、摘要\n赴美國華盛頓參加國際教育年會，並拜會美國教育部國際事務辦公室。\n"
    result = read_txt(text.encode("big5"))
    assert result.encoding == "cp950" and "big5" in result.flags
    assert result.text.startswith("教育部出國報告\n壹、摘要")


def test_big5_checkboxes_survive():
    assert "■開會 □考察" in read_txt(fixture("big5.txt")).text


def test_strict_utf8_wins_over_a_guess():
    text, encoding, flags = decode_bytes("臺北 café".encode())
    assert (text, encoding, flags) == ("臺北 café", "utf-8", ())


def test_a_few_broken_bytes_keep_utf8():
    data = ("出國報告內容摘要" * 200).encode() + b"\xff"
    text, encoding, flags = decode_bytes(data)
    assert encoding == "utf-8" and "replaced_bytes" in flags and text.startswith("出國報告")


def test_big5_with_a_user_defined_character():
    good = "交通部觀光署出國報告，赴日本東京參加亞太觀光論壇並拜會日本觀光廳官員。".encode("cp950")
    data = good[:20] + b"\xfa\x40" + good[20:]  # an EUDC code cp950 does not map
    result = read_txt(data)
    assert result.encoding == "cp950" and "replaced_bytes" in result.flags
    assert "報告\ufffd，赴日本" in result.text


def test_mojibake_is_repaired():
    text = "僑務委員會出國報告\n壹、目的\n"
    # As Windows tools do: cp1252, and its five unmapped bytes as C1 controls.
    misread = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))
    data = misread.encode("utf-8")
    result = read_txt(data)
    assert result.text == "僑務委員會出國報告\n壹、目的" and "mojibake_repaired" in result.flags


ERROR_CASES = [
    (b"", "empty_file"),
    (fixture("binary.txt"), "binary_file"),
    (b" \n\t\n", "no_text"),
]


@pytest.mark.parametrize("data, code", ERROR_CASES)
def test_read_errors(data, code):
    with pytest.raises(ExtractionError) as info:
        read_txt(data)
    assert info.value.code == code
    assert info.value.message.endswith((".", "(0 bytes)")) and len(info.value.message) > 15


def test_empty_file_sentence():
    with pytest.raises(ExtractionError, match=r"the file is empty \(0 bytes\)"):
        read_md(b"")


# --------------------------------------------------------------------------
# Text dumps with form feeds


def test_dump_pages():
    result = read_txt(fixture("dump_pages.txt"))
    text = result.text
    assert [page.number for page in result.pages] == [1, 2, 3]
    first, second, third = (text[p.char_start : p.char_end] for p in result.pages)
    assert first.startswith("壹、目的") and "經濟部國際貿易署出國報告" not in text
    assert not re.search(r"^- \d -$", text, re.M)
    assert second.startswith("2023.4.18 柏林 拜會 VDMA")
    # The visit paragraph wraps over the page break: page 3 starts mid-line.
    assert third[0] not in "\n" and not opens_item(third)
    assert "參、心得及建議" in third and result.pages[2].fake_bold > 0
    assert "fake_bold" in result.flags


def test_dump_repairs():
    lines = read_txt(fixture("dump_pages.txt")).text.split("\n")
    assert "貳、過程" in lines and "參、心得及建議" in lines
    org = [line for line in lines if "Federal Ministry" in line]
    assert len(org) == 1 and "（Federal Ministry for Economic Affairs and Climate Action, BMWK）" in org[0]
    assert "Maschinen- und Anlagenbau" in org[0]
    assert "與與會者" in org[0] and "常常" in org[0]  # real repeats survive
    assert any("電話分機 1111 專線" in line for line in lines)
    # The itinerary stays one short line per cell or row.
    assert lines[lines.index("2023.4.17") + 1] == "法蘭克福－"


SNIFF_CASES = [
    ("## 壹、目的\n\n內文\n\n## 貳、過程", "md"),
    ("# 標題\n| a | b |\n|---|---|\n| 1 | 2 |", "md"),
    ("<p><b>壹、摘要</b></p>\n<p>內文</p><br>\n### 一、行程表", "md"),
    ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    ("壹、目的\n內文 #1 號\n", None),
    ("# 只有一個標題\n內文", None),
    ("內文 <b>粗體</b> <b>又一個</b> <b>第三個</b>", None),
]


@pytest.mark.parametrize("text, kind", SNIFF_CASES)
def test_sniff_markup(text, kind):
    assert sniff_markup(text) == kind


def test_markdown_saved_as_txt_is_read_as_markdown():
    result = read_txt("## 壹、目的\n\n- 第一點\n\n## 貳、過程\n".encode())
    assert result.text == "壹、目的\n\n第一點\n\n貳、過程" and "markdown_in_txt" in result.flags


def test_html_saved_as_txt_is_read_as_html():
    result = read_txt("<html><body><p>壹、目的</p><p>內文</p></body></html>".encode())
    assert result.text == "壹、目的\n\n內文" and "html_in_txt" in result.flags


def test_no_form_feed_no_pages():
    assert read_txt("壹、目的\n內容。\n".encode()).pages == ()


# --------------------------------------------------------------------------
# The seeds

LEVEL1 = re.compile(r"^[壹貳貮參叁叄肆伍陸柒捌玖拾][、，]")


@pytest.fixture(scope="module")
def seed000() -> str:
    return read_txt((SEEDS / "000_4fc28645e15cc52a.txt").read_bytes()).text


def test_seed000_level1_headings(seed000):
    headings = [line for line in seed000.split("\n") if LEVEL1.match(line)]
    assert [h[0] for h in headings] == list("壹貳叄肆伍陸")
    assert [h[2:] for h in headings] == ["摘要", "出國人員名單", "目的", "過程", "心得", "建議"]


def test_seed000_has_no_run_of_four(seed000):
    for line in seed000.split("\n"):
        runs = [m.group(0) for m in re.finditer(r"(.{1,40}?)\1{3}", line) if any(c.isalpha() for c in m.group(1))]
        assert not runs, line


def test_seed000_wrapped_sentences_are_joined(seed000):
    raw = (SEEDS / "000_4fc28645e15cc52a.txt").read_text(encoding="utf-8").split("\n")
    filled = [line.strip() for line in raw if line.strip()]
    out_lines = seed000.split("\n")
    joined = 0
    for line, nxt in zip(filled, filled[1:], strict=False):
        # A long line that stops mid-sentence and a plain next line: the seam must be inside one line.
        if display_width(line) >= 76 and not ends_sentence(line) and not opens_item(nxt) and "  " not in line:
            seam = [line[-4:] + sep + nxt[:4] for sep in ("", " ")]
            assert any(s in out for out in out_lines for s in seam), (line, nxt)
            joined += 1
    assert joined > 50
    assert any("United Nations High-level Political Forum on Sustainable Development" in line for line in out_lines)


def test_seed000_itinerary_stays_line_by_line(seed000):
    lines = seed000.split("\n")
    assert lines[lines.index("日期 地點 行程") + 2].startswith("2018.5.21 ")
    dates = [line for line in lines if re.match(r"^2018\.5\.\d+", line)]
    assert len(dates) == 8 and all(display_width(line) < 50 for line in dates)


@pytest.fixture(scope="module")
def seed002() -> str:
    return read_md((SEEDS / "002_db59ea7e1ec3d519.txt").read_bytes()).text


def test_seed002_read_as_txt_is_read_as_markdown(seed002):
    # It is stored with a .txt name, so the pipeline calls read_txt on it.
    assert read_txt((SEEDS / "002_db59ea7e1ec3d519.txt").read_bytes()).text == seed002


def test_seed002_summary_heading_on_its_own_line(seed002):
    headings = [line for line in seed002.split("\n") if LEVEL1.match(line)]
    assert headings[0] == "壹、摘要" and len(headings) == 6
    assert "<" not in seed002 and "**" not in seed002 and "##" not in seed002


def test_seed002_checkbox_rows(seed002):
    lines = seed002.split("\n")
    trip = [line for line in lines if "國際會議" in line and "■" in line]
    assert len(trip) == 1 and trip[0].count("■") == 1
    assert re.search(r"■\s*國際會議", trip[0])
    attachment = [line for line in lines if "否" in line and ("■" in line or "□" in line)]
    assert len(attachment) == 1 and attachment[0].count("■") == 1 and re.search(r"■\s*否", attachment[0])


def test_seed002_itinerary_rows_are_tab_separated(seed002):
    rows = [line.split("\t") for line in seed002.split("\n") if re.match(r"^\d{4}\.\d{2}\.\d{2}\t", line)]
    assert len(rows) == 6 and all(len(row) == 3 for row in rows)


# --------------------------------------------------------------------------
# Size


def test_ten_megabytes_read_in_seconds():
    from tests.fixtures.make_text_fixtures import dump_pages

    page = dump_pages().replace("\f", "\n") + "\f"
    data = (page * (10_000_000 // len(page.encode()) + 1)).encode()
    assert len(data) >= 10_000_000
    started = time.process_time()
    result = read_txt(data)
    elapsed = time.process_time() - started
    assert len(result.pages) > 5000 and "貳、過程" in result.text and "參、心得及建議" in result.text
    assert elapsed < 20, f"{elapsed:.1f} s of CPU for 10 MB"
