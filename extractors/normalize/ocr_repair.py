"""Rule-based repair of OCR confusions in trip reports (pure functions, one line at a time).

Tesseract's Traditional Chinese model misreads a few things that the structure of a
report depends on. Each rule fixes one confusion only where the layout makes the
intended character certain:

- a heavy numeral at a heading's start: 壺、 -> 壹、 (参、 -> 參、);
- a route's dash read as the ideograph 一 in a short table cell of place names
  (臺北一東京一大阪 -> 臺北—東京—大阪);
- checkboxes read as 圖 / 咒 / 口 / [] / [ ] on a line of several options;
- half-width punctuation between Chinese characters (, : ; ( ) ? !) -> full width.

Every rule keeps the line's length (a bracket box [] becomes □ and a NUL, which the
caller drops), so the characters' boxes map back by offset.
"""

from __future__ import annotations

import re

from extractors.core.doc import CHECKED, UNCHECKED

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_HEADING_MISREADS = {"壺": "壹", "壼": "壹", "萱": "壹", "参": "參", "公": "參", "貮": "貳", "武": "貳", "革": "貳"}
_HEADING_START = re.compile(rf"^(\s*)([{''.join(_HEADING_MISREADS)}])(?=[、，,．.])")

# A route cell: 2+ segments of 1-8 CJK characters joined by 一 (or a real dash), nothing else.
_DASHES = "一—－ー-"
_ROUTE_CELL = re.compile(rf"^[{_CJK}]{{1,8}}(?:\s*[{_DASHES}]\s*[{_CJK}]{{1,8}})+$")
_ROUTE_END = re.compile(rf"^[{_CJK}]{{2,8}}一$")  # a route cell wrapped after its dash: 東京一 / 大阪
# 一 that is a numeral or a word part, not a dash: 第一, 每一, 一次, 一行 ...
_NOT_DASH_BEFORE = set("第每統唯單之同逐任另其")
_NOT_DASH_AFTER = set("場個次天日年週行起同般致些直併定樣律切位名項種份條路帶號")

# Box look-alikes: a character or bracket pair standing where an option's box is.
_FILLED_LOOKALIKES = "圖團國"
_EMPTY_LOOKALIKES = "咒口囗"
_BRACKET_BOX = re.compile(r"\[\s?\]|【\s?】|\[\s*[|I1l]\s*\]")
_BOX_TOKEN = re.compile(rf"(^|(?<=[\s\t、，:：]))([{_FILLED_LOOKALIKES}{_EMPTY_LOOKALIKES}])(?=[{_CJK}])")

_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_HALF_BETWEEN = re.compile(rf"(?<=[{_CJK}])([,:;?!])(?=[{_CJK}])")
_HALF_AT_END = re.compile(rf"(?<=[{_CJK}])([:?!])$")
_OPEN_PAREN = re.compile(rf"(?<=[{_CJK}])\((?=[{_CJK}])")
_CLOSE_PAREN = re.compile(rf"(?<=[{_CJK}])\)(?=[{_CJK}])")


def repair_heading_numeral(line: str) -> str:
    """壺、 at a line's start is 壹、.

    >>> repair_heading_numeral("壺、前言"), repair_heading_numeral("茶壺、茶杯")
    ('壹、前言', '茶壺、茶杯')
    """
    return _HEADING_START.sub(lambda m: m.group(1) + _HEADING_MISREADS[m.group(2)], line)


def repair_route(cell: str, in_table: bool = True) -> str:
    """A short cell of place names joined by 一 is a route joined by dashes.

    >>> repair_route("臺北一東京一大阪"), repair_route("第一天參訪"), repair_route("統一發票")
    ('臺北—東京—大阪', '第一天參訪', '統一發票')
    >>> repair_route("阿姆斯特丹一"), repair_route("其中之一")
    ('阿姆斯特丹—', '其中之一')
    """
    if "一" not in cell or not (_ROUTE_CELL.match(cell.strip()) or (in_table and _ROUTE_END.match(cell.strip()))):
        return cell
    out = list(cell)
    for i, ch in enumerate(cell):
        if ch != "一" or i == 0:
            continue
        if cell[i - 1] in _NOT_DASH_BEFORE or (i + 1 < len(cell) and cell[i + 1] in _NOT_DASH_AFTER):
            continue
        out[i] = "—"
    repaired = "".join(out)
    if any(len(seg.strip()) < 2 for seg in re.split("[—－ー-]", repaired) if seg.strip()):
        return cell  # a lone character between dashes: the 一 was a word, not a dash
    return repaired


def repair_boxes(line: str) -> str:
    """On a line with two or more option boxes, box look-alikes become ■ / □.

    >>> repair_boxes("出國類別：口考察 圖開會 □訪問")
    '出國類別：□考察 ■開會 □訪問'
    >>> repair_boxes("參閱附圖說明")
    '參閱附圖說明'
    """
    def bracket(m: re.Match[str]) -> str:
        glyph = CHECKED if re.search(r"[|I1l]", m.group(0)) else UNCHECKED
        return glyph + "\x00" * (len(m.group(0)) - 1)  # same length: the caller drops the NULs

    line = _BRACKET_BOX.sub(bracket, line)
    tokens = list(_BOX_TOKEN.finditer(line))
    real = line.count(CHECKED) + line.count(UNCHECKED)
    if len(tokens) + real < 2 or not tokens:
        return line

    def box(m: re.Match[str]) -> str:
        return m.group(1) + (CHECKED if m.group(2) in _FILLED_LOOKALIKES else UNCHECKED)

    return _BOX_TOKEN.sub(box, line)


_LATIN_ONES = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z1]*1[A-Za-z1]*(?![A-Za-z0-9])")


def repair_latin_ones(line: str) -> str:
    """A 1 inside a Latin word is an l (Counci1, A11); numbers and codes stay.

    >>> repair_latin_ones("Advisory Counci1, Meeting Dec1aration, G20, ISO 9001, A11")
    'Advisory Council, Meeting Declaration, G20, ISO 9001, A11'
    """
    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        letters = sum(c.isalpha() for c in word)
        return word.replace("1", "l") if letters >= 2 and any(c.islower() for c in word) else word

    return _LATIN_ONES.sub(fix, line)


def repair_punctuation(line: str) -> str:
    """Half-width punctuation between Chinese characters becomes full width.

    >>> repair_punctuation("本署派員出席,會議地點:東京(日本)等地")
    '本署派員出席，會議地點：東京（日本）等地'
    >>> repair_punctuation("ISO 9001:2015, Part 2")
    'ISO 9001:2015, Part 2'
    """
    line = _HALF_BETWEEN.sub(lambda m: _HALF_TO_FULL[m.group(1)], line)
    line = _HALF_AT_END.sub(lambda m: _HALF_TO_FULL[m.group(1)], line)
    line = _OPEN_PAREN.sub("（", line)
    return _CLOSE_PAREN.sub("）", line)


def repair_ocr_line(line: str) -> str:
    """All the rules, in order, on one OCR line (table cells separated by tabs)."""
    line = repair_heading_numeral(line)
    line = repair_boxes(line)
    cells = line.split("\t")
    line = "\t".join(repair_route(cell, in_table=len(cells) > 1) for cell in cells)
    return repair_latin_ones(repair_punctuation(line))


_LEVEL_ONE = "壹貳參肆伍陸柒捌玖拾"
_HEADING_LINE = re.compile(r"^([ \t]*)(\S)([、，])(\S[^。，；：:\n]{0,15})$", re.MULTILINE)


def last_known(found: list[re.Match[str]]) -> int:
    """Where the last heading with a real numeral starts (-1 if none)."""
    return max((f.start() for f in found if f.group(2) in _LEVEL_ONE), default=-1)


def repair_heading_sequence(text: str) -> str:
    r"""Top-level headings misread beyond the known confusions, fixed by their neighbours.

    A short line "X、title" whose X is no numeral, standing where the 壹 貳 參 ... sequence
    of the document's other headings leaves exactly one number free, gets that number:
    貳、 … 全、目的 … 肆、 makes 全 a 參. Keeps the text's length (offsets hold).

    >>> repair_heading_sequence("壹、摘要\n本文。\n貳、人員\n全、目的\n本文。\n肆、過程")
    '壹、摘要\n本文。\n貳、人員\n參、目的\n本文。\n肆、過程'
    >>> repair_heading_sequence("壹、摘要\n說、明白\n貳、人員")
    '壹、摘要\n說、明白\n貳、人員'
    """
    found = [m for m in _HEADING_LINE.finditer(text)
             if m.group(2) in _LEVEL_ONE or not re.match(r"[0-9一二三四五六七八九十（(]", m.group(2))]
    out = list(text)
    for k, m in enumerate(found):
        if m.group(2) in _LEVEL_ONE:
            continue
        before = next((_LEVEL_ONE.index(f.group(2)) for f in reversed(found[:k]) if f.group(2) in _LEVEL_ONE), None)
        after = next((_LEVEL_ONE.index(f.group(2)) for f in found[k + 1:] if f.group(2) in _LEVEL_ONE), None)
        if before is not None and after is not None and after - before == 2:
            out[m.start(2)] = _LEVEL_ONE[before + 1]
        elif before is None and after == 1:
            out[m.start(2)] = _LEVEL_ONE[0]
        elif before is not None and after is None and all(f.group(2) in _LEVEL_ONE for f in found[k + 1:]) \
                and not any(f.group(2) not in _LEVEL_ONE for f in found[:k] if f.start() > last_known(found[:k])):
            out[m.start(2)] = _LEVEL_ONE[before + 1]  # the one unknown after the last heading
    return "".join(out)
