"""The PDF fixtures draw with the repository's subset font, so no system font is needed.

The font is tests/fixtures/fonts/uming_tw_subset.ttf, made by tests/fixtures/fonts/make_font.py
from Debian's fonts-arphic-uming. If a test here fails after you added characters to the seed
texts or the benchmark vocabulary, install fonts-arphic-uming and rerun make_font.py.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

import benchmarks.vocab
from pipeline.readers.pdf import read_pdf
from tests.fixtures import make_pdfs

ROOT = Path(__file__).resolve().parents[2]
FONTS = ROOT / "tests" / "fixtures" / "fonts"
RAW = ROOT / "data" / "raw"


def font_characters() -> set[str]:
    return {chr(code) for code in TTFont(make_pdfs.FONT_FILE).getBestCmap()}


def drawable(text: str) -> set[str]:
    return {ch for ch in text if ch.isprintable() and not ch.isspace() and ord(ch) <= 0xFFFF}


def test_the_font_is_in_the_repository_with_its_licence():
    assert make_pdfs.FONT_FILE.is_relative_to(ROOT), "the fixture font must live in the repository"
    assert make_pdfs.FONT_FILE.stat().st_size > 100_000
    assert "ARPHIC PUBLIC LICENSE" in (FONTS / "ARPHICPL.TXT").read_text(encoding="utf-8")


@pytest.mark.parametrize("source", ["seed texts", "make_pdfs", "benchmark vocabulary", "everyday hanzi"])
def test_the_font_has_a_glyph_for_every_character_we_draw(source):
    text = {
        "seed texts": "".join(p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))),
        "make_pdfs": inspect.getsource(make_pdfs),
        "benchmark vocabulary": inspect.getsource(benchmarks.vocab),
        "everyday hanzi": "臺灣政府公務出國報告會議參訪考察交流心得建議行程機關單位經濟部衛生福利部",
    }[source]
    missing = drawable(text) - font_characters()
    assert not missing, f"the subset font lacks {''.join(sorted(missing))}: rerun tests/fixtures/fonts/make_font.py"


def test_drawn_text_extracts_back():
    lay = make_pdfs.Layout("國家發展委員會 出國報告", "- {n} -")
    lay.para(make_pdfs.Para("本會考察團赴新加坡參加智慧國家論壇，並拜會資訊通信媒體發展局。"))
    text = read_pdf(lay.render([])).text
    assert "本會考察團赴新加坡參加智慧國家論壇，並拜會資訊通信媒體發展局。" in text


@pytest.mark.parametrize("path, render", [
    (RAW / f"{make_pdfs.SEED_DUMP}.pdf", lambda: make_pdfs.render_dump_seed((RAW / f"{make_pdfs.SEED_DUMP}.txt").read_text(encoding="utf-8"))),
    (RAW / f"{make_pdfs.SEED_MD}.pdf", lambda: make_pdfs.render_markdown_seed((RAW / f"{make_pdfs.SEED_MD}.txt").read_text(encoding="utf-8"))),
    (ROOT / "tests" / "fixtures" / "pdf" / "itinerary_unruled.pdf", lambda: make_pdfs.render_unruled()),
])
def test_the_committed_pdfs_render_again_from_the_repository_font(path, render):
    """Same text and pages; on the ReportLab the fixtures were made with, the same bytes too."""
    again, committed = read_pdf(render()), read_pdf(path.read_bytes())
    assert again.text == committed.text
    assert again.n_pages == committed.n_pages
