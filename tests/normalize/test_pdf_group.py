"""pdf_group redoes pdfplumber's word and line grouping: it must give pdfplumber's answer exactly."""

from __future__ import annotations

import random

import pytest
from pdfplumber.utils import text as plumber_text

from pipeline.readers.pdf_group import dedupe_chars, extract_text, text_lines

TEXTS = "的一是在不了有和人這中大為上個國我以要他時來用們生到作地於出就分對成會可主發年動同工也能下過子說產種面而方後多定行學法所民得經十三之進着等部度家電力裡如水化高自二理起小物現實加量都兩體制機當使點從業本去把性好應開它合還因由其些然前外天政四日那社義事平形相全表間樣與關各重新線內數正心反你明看原又麼利比或但質氣第向道命此變條只沒結解問意建月公無系軍很情者最立代想已通並提直題黨程展五果料象員革位入常文總次品式活設及管特件長求老頭基資邊流路級少圖山統接知較將組見計別她手角期根論運農指幾九區強放決西被幹做必戰先回則任取據處隊南給色光門即保治北造百規熱領七海口東導器壓志世金增爭濟階油思術極交受聯什認六共權收證改清己美再採轉更單風切打白教速花帶安場身車例真務具萬每目至達走積示議聲報鬥完類八離華名確才科張信馬節話米整空元況今集溫傳土許步群廣石記需段研界拉林律叫且究觀越織裝影算低持音眾書布复容兒須際商非驗連斷深難近礦千週委素技備半辦青省列習響約支般史感勞便團往酸歷市克何除消構府稱太準精值號率族維劃選標寫存候毛親快效斯院查江型眼王按格養易置派層片始卻專狀育廠京識適屬圓包火住調滿縣局照參紅細引聽該鐵價嚴abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789（）「」、，。ﬁﬂ"


def random_chars(rng: random.Random, n: int) -> list[dict]:
    """Characters on a few ragged, sometimes overlapping lines, with blanks, ties and overprints."""
    chars = []
    baselines = sorted(rng.uniform(50, 700) for _ in range(rng.randint(1, 12)))
    for _ in range(n):
        top = rng.choice(baselines) + rng.choice([0, 0, 0, 0.3, -0.4, 1.7, 2.9, 3.1, rng.uniform(-5, 5)])
        size = rng.choice([9.0, 12.0, 12.0, 14.0])
        x0 = round(rng.uniform(60, 520) / 0.5) * 0.5 if rng.random() < 0.3 else rng.uniform(60, 520)
        text = rng.choice(TEXTS) if rng.random() > 0.08 else rng.choice([" ", " ", "\u3000", ""])
        ch = {"text": text, "x0": x0, "x1": x0 + size * (0.5 if text.isascii() else 1.0), "top": top,
              "bottom": top + size, "size": size, "upright": True, "doctop": top, "fontname": "F"}
        chars.append(ch)
        if rng.random() < 0.05:  # a fake-bold copy
            dx, dy = rng.choice([0.3, 0.6, -0.3]), rng.choice([0.0, 0.3, -0.3])
            chars.append({**ch, "x0": ch["x0"] + dx, "x1": ch["x1"] + dx, "top": top + dy, "bottom": top + dy + size,
                          "doctop": top + dy})
    # runs of neighbouring characters, as real lines have
    for _ in range(rng.randint(0, 6)):
        x, top, size = rng.uniform(60, 300), rng.choice(baselines), 12.0
        for text in rng.choice(["Global Health", "出國報告書", "ﬁnal ﬂow", "113/09/04 東京"]):
            chars.append({"text": text, "x0": x, "x1": x + size * 0.5, "top": top, "bottom": top + size, "size": size,
                          "upright": True, "doctop": top, "fontname": "F"})
            x += size * 0.5 + rng.choice([0, 0, 0.2, 2.9, 3.1])
    rng.shuffle(chars)
    return chars


def plumber_lines(chars):
    textmap = plumber_text.chars_to_textmap(chars, layout_bbox=(0, 0, 595, 842), layout_width=595, layout_height=842)
    return textmap.extract_text_lines(strip=True, return_chars=True)


@pytest.mark.parametrize("seed", range(40))
def test_text_lines_are_pdfplumbers(seed):
    chars = random_chars(random.Random(seed), random.Random(seed).randint(0, 400))
    ours = text_lines(chars)
    theirs = plumber_lines(chars)
    assert [[id(ch) for ch in line["chars"]] for line in ours] == [[id(ch) for ch in line["chars"]] for line in theirs]
    assert [(ln["x0"], ln["top"], ln["x1"], ln["bottom"]) for ln in ours] == \
        [(ln["x0"], ln["top"], ln["x1"], ln["bottom"]) for ln in theirs]


@pytest.mark.parametrize("seed", range(40))
def test_extract_text_is_pdfplumbers(seed):
    rng = random.Random(1000 + seed)
    chars = random_chars(rng, rng.randint(0, 60))
    assert extract_text(chars) == plumber_text.extract_text(chars)


@pytest.mark.parametrize("seed", range(20))
def test_dedupe_chars_is_pdfplumbers(seed):
    rng = random.Random(2000 + seed)
    chars = random_chars(rng, rng.randint(0, 300))
    theirs = plumber_text.dedupe_chars(chars, tolerance=1, extra_attrs=("size",))
    assert [id(ch) for ch in dedupe_chars(chars, tolerance=1)] == [id(ch) for ch in theirs]


def test_the_generator_makes_copies_ties_and_ligatures():
    chars = [ch for seed in range(20) for ch in random_chars(random.Random(2000 + seed), 300)]
    assert len(plumber_text.dedupe_chars(chars, tolerance=1, extra_attrs=("size",))) < len(chars)
    assert any(ch["text"] in "ﬁﬂ" for ch in chars) and any(ch["text"].isspace() for ch in chars)


def test_ligatures_count_once_per_letter_and_blanks_split_words():
    chars = [{"text": t, "x0": 10.0 + 6 * k, "x1": 16.0 + 6 * k, "top": 100.0, "bottom": 112.0, "size": 12.0,
              "upright": True, "doctop": 100.0} for k, t in enumerate("aﬁ b")]
    (line,) = text_lines(chars)
    assert [ch["text"] for ch in line["chars"]] == ["a", "ﬁ", "ﬁ", "b"]
    assert extract_text(chars) == "afi b"

