"""Values of cover-form fields: checkbox rows, periods, yes/no, destinations, keywords.

Each ``parse_*`` takes the text of one field's value and returns a value or None; nothing
here knows where the value came from (:mod:`extractors.reports.cover_form` finds the fields).

Example:
    >>> parse_checked("□考察 ■開會 □其他"), parse_bool("□是 ■否")
    (['開會'], False)
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from extractors.core.gazetteer import find_places, lookup_place
from extractors.core.numbering import parse_cjk_numeral
from extractors.dates.extract import parse_date
from extractors.reports.day_cells import parse_day_span

TICKED = "■☑☒✓✔✅▣"
EMPTY = "□☐"
_SPLIT_LIST = re.compile(r"\s*[、，,；;／/]\s*|\n+")

_CHECKED_INPUT = re.compile(r"<input[^>]*\bchecked\b[^>]*>")
_CHECKBOX_INPUT = re.compile(r"<input[^>]*checkbox[^>]*>")
_LONE_V = re.compile(r"(?:(?<=^)|(?<=[\s\t]))[（(]?[Vv][）)]?(?=[\s\u3400-\u9fff])")
_BOX_SPLIT = re.compile(f"([{TICKED}{EMPTY}])")
_CELL_BREAKS = re.compile(r"[\t\n]+")


def tokenize_boxes(value: str) -> list[tuple[str, str]]:
    """A checkbox row as tokens: ("box", "■"/"□") and ("label", text)."""
    # Raw HTML checkboxes, should a reader leave them in (a .txt holding HTML).
    text = value
    if "<input" in text:  # both patterns start with it
        text = _CHECKED_INPUT.sub("■", text)
        text = _CHECKBOX_INPUT.sub("□", text)
    if any(ch in text for ch in EMPTY):
        # A V or v standing alone before an option marks it ticked when real boxes surround it.
        text = _LONE_V.sub("■", text)
    tokens: list[tuple[str, str]] = []
    for part in _BOX_SPLIT.split(text):
        if not part:
            continue
        if part in TICKED or part in EMPTY:
            tokens.append(("box", "■" if part in TICKED else "□"))
        else:
            for piece in _CELL_BREAKS.split(part):
                piece = piece.strip(" \u3000:：;；,，、")
                if piece:
                    tokens.append(("label", piece))
    return tokens


def box_direction(value: str, *, use_spacing: bool = True) -> str | None:
    """ "before" when boxes precede their labels (□是 ■否), "after" when they follow, None if unsure.

    The order of tokens decides when it can (a row starting with a box, or ending with a
    label); otherwise, with ``use_spacing``, the side a box hugs without a space.
    """
    tokens = tokenize_boxes(value)
    if not any(kind == "box" for kind, _ in tokens):
        return None
    if tokens[0][0] == "box" or tokens[-1][0] == "label":
        return "before"
    if not use_spacing:
        return None
    hug_prev = len(re.findall(rf"[^\s{TICKED}{EMPTY}][{TICKED}{EMPTY}]", value))
    hug_next = len(re.findall(rf"[{TICKED}{EMPTY}][^\s{TICKED}{EMPTY}]", value))
    if hug_prev > hug_next:
        return "after"
    if hug_next > hug_prev:
        return "before"
    return None


def parse_checked(value: str, *, direction: str | None = None) -> list[str] | None:
    """The labels of the ticked options; None when the value has no boxes.

    Example:
        >>> parse_checked("□考察 ■開會 □其他")
        ['開會']
        >>> parse_checked("考察□ 開會■ 其他□")
        ['開會']
    """
    tokens = tokenize_boxes(value)
    if not any(kind == "box" for kind, _ in tokens):
        return None
    # The row's own token order first, then the form's convention, then box spacing.
    direction = box_direction(value, use_spacing=False) or direction or box_direction(value) or "after"
    ticked = []
    for k, (kind, text) in enumerate(tokens):
        if kind != "box" or text != "■":
            continue
        j = k + 1 if direction == "before" else k - 1
        if 0 <= j < len(tokens) and tokens[j][0] == "label":
            ticked.append(tokens[j][1])
    return ticked


def parse_period(value: str) -> tuple[date | None, date | None]:
    """出國期間 to (start, end): 107年4月9日至107年4月14日, 107.04.09-107.04.14, 自…起至…止."""
    text = unicodedata.normalize("NFKC", value)
    text = re.sub(r"[自從起止]|\s+", "", text)
    text = re.sub(r"(?:中華)?民國", "", text)  # before either date: …至中華民國一百零四年…
    start, end = parse_day_span(arabic_dates(text))
    if start is None:  # an English range: March 4-9, 2024 / Mar. 28 - Apr. 3, 2024
        parsed = parse_date(unicodedata.normalize("NFKC", value).strip())
        if parsed and parsed.granularity == "day" and parsed.start and parsed.end and parsed.end > parsed.start:
            start, end = parsed.start, parsed.end
    return start, end


_CJK_DATE_PART = re.compile(r"([〇零○一二三四五六七八九十百]{1,5})(?=[年月日])")


def arabic_dates(text: str) -> str:
    """CJK numerals before 年/月/日 as Arabic digits (九十八年十月五日 -> 98年10月5日).

    Example:
        >>> arabic_dates("九十八年十月五日至十月十日")
        '98年10月5日至10月10日'
    """

    def convert(m: re.Match[str]) -> str:
        value = parse_cjk_numeral(m.group(1).replace("○", "〇"))
        if value is None and re.fullmatch(r"[〇零○一二三四五六七八九]+", m.group(1)):  # 一一三年
            value = int("".join(str("〇一二三四五六七八九".index(c.replace("○", "〇").replace("零", "〇")))
                                for c in m.group(1)))
        return str(value) if value is not None else m.group(1)

    return _CJK_DATE_PART.sub(convert, text)


def parse_bool(value: str, *, direction: str | None = None) -> bool | None:
    ticked = parse_checked(value, direction=direction)
    text = " ".join(ticked) if ticked is not None else value
    if re.search(r"否|無|不含|No", text):
        return False
    if re.search(r"是|有|含|Yes", text):
        return True
    return None


def parse_destinations(value: str) -> list[str]:
    """出國地區 to country (or region) names through the gazetteer; unknown names as written."""
    out: list[str] = []
    for part in _SPLIT_LIST.split(value):
        part = part.strip(" \u3000。.")
        if not part:
            continue
        place = lookup_place(part)
        names: list[str] = []
        if place and place.kind == "country":
            names = [part]  # the cover's own words: 澳大利亞 stays 澳大利亞
        elif place:
            names = [place.country_zh or place.name]
        else:
            names = [p.country_zh or p.name for _, _, p in find_places(part)] or [part]
        for name in names:
            if name not in out:
                out.append(name)
    return out


def parse_keywords(value: str) -> list[str]:
    parts = [p.strip(" \u3000。.") for p in re.split(r"\s*[、，,；;／/\n]\s*", value)]
    if len(parts) == 1 and re.fullmatch(r"[\u3400-\u9fff\s]+", parts[0]):
        parts = parts[0].split()
    return [p for p in parts if p]


_FILL_IN = re.compile(r"^其他\s*(?:[：:]\s*(?P<a>[^（()）]+?)|[（(]\s*(?P<b>[^（()）]+?)\s*[）)])\s*$")


def fill_in(option: str) -> str:
    """A ticked 其他 with its words filled in (其他：展覽, 其他（展覽）) is those words."""
    m = _FILL_IN.match(option)
    if not m:
        return option
    words = (m["a"] or m["b"] or "").strip(" _＿\u3000")
    return words or option
