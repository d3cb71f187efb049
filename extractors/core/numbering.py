"""The numbering-marker grammar of Taiwanese government reports.

A marker is the numbering at the start of a heading or numbered paragraph:
``第一章``, ``I.``, ``壹、``, ``一、``, ``（一）``, ``1.``, ``1.1``, ``(1)``, ``①``. Each marker
type has a fixed rank, outermost first; the section builder nests sections by
rank (see :mod:`extractors.sections.tree`). This module only reads one line at a
time: it knows nothing about the document's sequence.

Example:
    >>> m = parse_marker("  （二）拜會市府：代表團")
    >>> (m.type, m.ordinal, m.text, m.span)
    ('cjk_paren', 2, '（二）', (2, 5))

It is the one marker grammar of the project: the section builder, the report
extractors' heading test (:data:`HEADING`), the PDF reader's line joining and
the text-dump repair all ask it (:func:`starts_with_marker`, :func:`opens_item`,
:func:`strip_marker_padding`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Outermost first. A type a document does not use takes no level.
TYPES: tuple[str, ...] = (
    "part",  # 第一篇
    "chapter",  # 第一章
    "section",  # 第一節
    "roman",  # I. II. (English reports and appendices)
    "formal",  # 壹、 貳、 參、 (financial numerals)
    "cjk",  # 一、 二、
    "cjk_paren",  # （一） (一) ㈠
    "arabic",  # 1. １． 1、
    "decimal2",  # 1.1 (an outline number: its prefix names the parent)
    "decimal3",  # 1.1.1
    "decimal4",  # 1.1.1.1
    "arabic_paren",  # (1) （1） 1) ⑴
    "circled",  # ① ②
)
RANK: dict[str, int] = {name: i for i, name in enumerate(TYPES)}


@dataclass(frozen=True)
class Marker:
    """A numbering marker found at the start of a line."""

    type: str  # one of TYPES
    ordinal: int  # the numeral's value: 壹/一/（一）/1./(1) are all 1
    text: str  # as written, e.g. "肆，" or "（二）"
    span: tuple[int, int]  # offsets of ``text`` in the line
    prefix: tuple[int, ...] = ()  # decimal outline numbers: the parent's ordinals (2.3.1 -> (2, 3))

    @property
    def rank(self) -> int:
        return RANK[self.type]


_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100}
_FORMAL_TO_CJK = str.maketrans(
    {"壹": "一", "貳": "二", "貮": "二", "參": "三", "叄": "三", "叁": "三", "肆": "四",
     "伍": "五", "陸": "六", "柒": "七", "捌": "八", "玖": "九", "拾": "十", "佰": "百"}
)
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

CJK_NUM = "〇零一二三四五六七八九十百"
FORMAL_NUM = "零壹貳貮參叄叁肆伍陸柒捌玖拾佰"
DIGITS = "0-9０-９"


def parse_cjk_numeral(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20, 一百零五 -> 105, 拾壹 -> 11; None if not a numeral.

    Example:
        >>> [parse_cjk_numeral(s) for s in ("十", "二十一", "叄", "一一")]
        [10, 21, 3, None]
    """
    text = text.translate(_FORMAL_TO_CJK)
    if not text:
        return None
    total = 0
    digit: int | None = None
    for ch in text:
        if ch in _CJK_DIGITS:
            value = _CJK_DIGITS[ch]
            if value == 0:
                continue
            if digit is not None:  # 一一: two digits without a unit between them
                return None
            digit = value
        elif ch in _CJK_UNITS:
            total += (digit if digit is not None else 1) * _CJK_UNITS[ch]
            digit = None
        else:
            return None
    total += digit or 0
    return total or None


_ROMAN = {"I": 1, "V": 5, "X": 10}


def parse_roman(text: str) -> int:
    """I -> 1, IV -> 4, XIV -> 14 (a well-formed upper-case numeral up to XXXIX)."""
    total = 0
    for k, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if k + 1 < len(text) and _ROMAN[text[k + 1]] > value else value
    return total


def parse_arabic_numeral(text: str) -> int | None:
    """"3" or full-width "３" -> 3; a leading zero (an area code, 02) -> None."""
    text = text.translate(_FULLWIDTH_DIGITS)
    if not text.isdigit() or text.startswith("0"):
        return None
    return int(text)


def parse_numeral(text: str) -> int | None:
    """Any numeral a marker may use: Arabic (half/full width), 一二三, 壹貳參."""
    stripped = text.strip()
    if stripped and stripped[0] in "0123456789０１２３４５６７８９":
        return parse_arabic_numeral(stripped)
    return parse_cjk_numeral(stripped)


# What may come before a marker on its line: indentation and list bullets
# (markdown "- ", "•"), or markdown heading hashes a reader left behind.
_LEAD = re.compile(r"[ \u3000]*(?:(?:[-*•●○◆◇▪▫·‧・►▶➢]|#{1,6})[ \u3000]*)*")

# Each pattern is tried at the first character after _LEAD. Group "num" holds
# the numeral; the match is the marker text as written.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"第[ \u3000]*(?P<num>[{CJK_NUM}{FORMAL_NUM}{DIGITS}]{{1,4}})[ \u3000]*篇(?:[、，,．.：:](?![{DIGITS}]))?")),
    ("chapter", re.compile(rf"第[ \u3000]*(?P<num>[{CJK_NUM}{FORMAL_NUM}{DIGITS}]{{1,4}})[ \u3000]*章(?:[、，,．.：:](?![{DIGITS}]))?")),
    ("section", re.compile(rf"第[ \u3000]*(?P<num>[{CJK_NUM}{FORMAL_NUM}{DIGITS}]{{1,4}})[ \u3000]*節(?:[、，,．.：:](?![{DIGITS}]))?")),
    # I. / IV. followed by a space and text; upper case only, I to XXXIX.
    ("roman", re.compile(r"(?P<num>X{0,3}(?:IX|IV|V?I{0,3}))[.．](?=[ \u3000\t]+\S)")),
    ("formal", re.compile(rf"(?P<num>[{FORMAL_NUM}]{{1,4}})[ \u3000]*[、，,．.]")),
    ("cjk", re.compile(rf"(?P<num>[{CJK_NUM}]{{1,4}})[ \u3000]*[、，,．.](?![{DIGITS}])")),
    ("cjk_paren", re.compile(rf"[（(][ \u3000]*(?P<num>[{CJK_NUM}]{{1,4}})[ \u3000]*[）)](?:[、．.](?![{DIGITS}]))?")),
    ("cjk_paren", re.compile(r"(?P<num>[㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩])")),
    # 1. / 1、 but not a date (2018.5.21), a decimal (3.5) or an ellipsis (1...).
    ("arabic", re.compile(rf"(?P<num>[{DIGITS}]{{1,3}})[.．、](?![{DIGITS}.．])")),
    ("arabic", re.compile(r"(?P<num>[⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛])")),
    # 2.3 / 2.3.1 followed by a space: parts of at most 2 digits, so never a date.
    ("decimal", re.compile(rf"(?P<num>[{DIGITS}]{{1,2}}(?:[.．][{DIGITS}]{{1,2}}){{1,3}})[.．]?(?=[ \u3000\t]|$)")),
    ("arabic_paren", re.compile(rf"[（(][ \u3000]*(?P<num>[{DIGITS}]{{1,3}})[ \u3000]*[）)]")),
    # 1) but not a year of the Republic era closing a bracket: 去（\n103）年
    ("arabic_paren", re.compile(rf"(?P<num>[{DIGITS}]{{1,2}})[）)]")),
    ("arabic_paren", re.compile(r"(?P<num>[⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇])")),
    ("circled", re.compile(r"(?P<num>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
)

# The characters each pattern of _PATTERNS can start its match with, in the same
# order (a test checks that every match starts with one of them).
_DIGIT_CHARS = "0123456789０１２３４５６７８９"
_FIRSTS: tuple[str, ...] = (
    "第", "第", "第",  # part, chapter, section
    "XIV.．",  # roman (an empty numeral then a dot is tried, then refused)
    FORMAL_NUM,
    CJK_NUM,
    "（(",  # cjk_paren
    "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩",
    _DIGIT_CHARS,  # arabic
    "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛",
    _DIGIT_CHARS,  # decimal
    "（(",  # arabic_paren
    _DIGIT_CHARS,
    "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇",
    "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳",  # circled
)


def _patterns_by_first() -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    """For each character a marker can start with, the patterns that can match there, in order."""
    if len(_FIRSTS) != len(_PATTERNS):
        raise ValueError("every marker pattern needs its set of first characters")
    return {
        ch: tuple(entry for chars, entry in zip(_FIRSTS, _PATTERNS, strict=True) if ch in chars)
        for ch in set("".join(_FIRSTS))
    }


_PATTERN_TYPES = frozenset(type_ for type_, _ in _PATTERNS)

_SINGLE_CHAR_BASE = (("㈠", "cjk_paren"), ("⒈", "arabic"), ("⑴", "arabic_paren"), ("①", "circled"))


def _parse_single_char(ch: str) -> int | None:
    """㈢ -> 3, ⒋ -> 4, ⑸ -> 5, ⑥ -> 6 (each block is 10 or 20 consecutive code points)."""
    for base, _ in _SINGLE_CHAR_BASE:
        offset = ord(ch) - ord(base)
        if 0 <= offset < 20:
            return offset + 1
    return None


def _decimal_marker(num: str, match: re.Match[str]) -> Marker | None:
    parts = [parse_arabic_numeral(part) for part in re.split(r"[.．]", num)]
    if any(part is None for part in parts):
        return None
    return Marker(
        type=f"decimal{len(parts)}",
        ordinal=parts[-1],
        text=match.group(0),
        span=(match.start(), match.end()),
        prefix=tuple(parts[:-1]),
    )


def parse_marker(line: str) -> Marker | None:
    """The numbering marker at the start of ``line`` (after indentation and bullets), or None.

    Example:
        >>> parse_marker("肆，過程").text
        '肆，'
        >>> parse_marker("2018.5.21 臺北") is None
        True
    """
    lead = _LEAD.match(line)
    pos = lead.end() if lead else 0
    # Only the patterns that can start with the character at ``pos``, in the same order.
    for type_, pattern in _BY_FIRST.get(line[pos : pos + 1], ()):
        match = pattern.match(line, pos)
        if not match:
            continue
        num = match.group("num")
        if type_ == "decimal":
            marker = _decimal_marker(num, match)
            if marker is None:
                continue
            return marker
        if type_ == "roman":
            if not num:
                continue
            return Marker(type_, parse_roman(num), match.group(0), (match.start(), match.end()))
        ordinal = _parse_single_char(num) if len(num) == 1 else None
        if ordinal is None:
            ordinal = parse_numeral(num)
        if ordinal is None:
            continue
        return Marker(type=type_, ordinal=ordinal, text=match.group(0), span=(match.start(), match.end()))
    return None


_BY_FIRST = _patterns_by_first()


def starts_with_marker(line: str) -> bool:
    """True when ``line`` opens with a numbering marker of any type (after indentation and bullets).

    Example:
        >>> [starts_with_marker(s) for s in ("壹、摘要", "(3) 說明", "2018.5.22 臺北", "1次合併")]
        [True, True, False, False]
    """
    return parse_marker(line) is not None


def marker_regex(types: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for the markers of ``types`` at the start of a line (after white space).

    Built from the same patterns as :func:`parse_marker`, for callers that want a
    match object; unlike :func:`parse_marker` it does not check the numeral's value
    (一一、 matches).

    Example:
        >>> marker_regex(("formal", "cjk")).match("  貳、過程").group()
        '  貳、'
    """
    return _marker_regex(tuple(types))


@cache
def _marker_regex(types: tuple[str, ...]) -> re.Pattern[str]:
    unknown = set(types) - set(_PATTERN_TYPES)
    if unknown:
        raise ValueError(f"unknown marker types: {sorted(unknown)}")
    sources = [pattern.pattern.replace("(?P<num>", "(?:") for type_, pattern in _PATTERNS if type_ in types]
    return re.compile(r"^\s*(?:" + "|".join(sources) + ")")


# The markers of a report's own headings (壹、 一、 （一） 第一章): not the numbered
# paragraphs (1. (1) ①) that also appear inside a section's text.
HEADING_TYPES: tuple[str, ...] = ("part", "chapter", "section", "formal", "cjk", "cjk_paren")
HEADING = marker_regex(HEADING_TYPES)

# Items that open a new line of their own without being numbering markers: bullets and
# check boxes, typed bullets (- * +), a letter (A. b)), a law's 第三條 / 第二款 / 第一部.
_ITEM = re.compile(
    rf"""[ \u3000\t]*(?:
        [•●○◆◇■□▪▫►▸※★☆]
      | [-–—*+][ \u3000\t]
      | [A-Za-zＡ-Ｚ][ \u3000]*[.．、)](?=[ \u3000\t]*\S)(?![A-Za-z.])
      | 第[ \u3000]*[{CJK_NUM}{DIGITS}]+[ \u3000]*[條款部]
    )""",
    re.VERBOSE,
)


def opens_item(line: str) -> bool:
    """True when ``line`` starts a new item: a numbering marker, a bullet or a lettered item.

    A wrapped line never does, so readers that join hard-wrapped lines (text dumps,
    PDF lines) stop at it.

    Example:
        >>> [opens_item(s) for s in ("（二）過程", "● 重點", "B. Budget", "U.S. policy", "一行前往")]
        [True, True, True, False, False]
    """
    return parse_marker(line) is not None or _ITEM.match(line) is not None


_PADDING_MAX = 15  # wider than this, the spaces after a marker are a table's column gap
_TABLE_GAP = re.compile(r"\S[ \u3000]{3,}\S")  # a further column gap in the line: a table row


def strip_marker_padding(line: str) -> str:
    """The spaces after a numbering marker, a layout artefact, dropped or shrunk.

    After CJK punctuation or a CJK bracket (壹、 一， （一）) they go; after ASCII
    punctuation (1. (1)) one space stays.

    Example:
        >>> strip_marker_padding("壹、    摘要"), strip_marker_padding("10.  2019 年")
        ('壹、摘要', '10. 2019 年')
    """
    marker = parse_marker(line)
    if marker is None:
        return line
    end = marker.span[1]
    rest = line[end:]
    body = rest.lstrip(" \u3000")
    if not body or len(body) == len(rest):
        return line
    if len(rest) - len(body) > _PADDING_MAX or _TABLE_GAP.search(body):
        return line  # a column gap: （一） under a date in a space-aligned table is a weekday cell
    last = marker.text[-1]
    if last in "、，．）":
        return line[:end] + body
    if last in ".)" and len(rest) - len(body) >= 2:
        return line[:end] + " " + body
    return line


# A table-of-contents line: dot leaders then a page number, or a CJK heading
# followed by whitespace and a short page number ("壹、目的 1", "壹、目的\t1").
_TOC_LEADERS = re.compile(
    rf"(?:[.．…‧·・⋯‥﹒。_\-]{{2,}}|[…⋯‥])[ \t\u3000]*"
    rf"(?:第[ \u3000]*[{DIGITS}]{{1,4}}[ \u3000]*頁|[Pp][.．]?[ \u3000]*[{DIGITS}]{{1,4}}|[{DIGITS}]{{1,4}}|[ivxlIVXL]{{1,6}})"
    rf"(?:[-–][{DIGITS}]{{1,3}})?[ \t\u3000]*$"
)
_TOC_TRAILING_PAGE = re.compile(rf"(?<=[^\s第\x00-\x7f])[ \t\u3000]+[{DIGITS}]{{1,3}}[ \t\u3000]*$")


# The same two tests, written to start with a character class so that a search jumps
# to the leader or space characters in C (only whether they match is used): the first
# character is consumed, then checked by a look back.
_TOC_LEADERS_SCAN = re.compile(
    r"[.．…‧·・⋯‥﹒。_\-](?:(?<=[.．…‧·・⋯‥﹒。_\-])[.．…‧·・⋯‥﹒。_\-]+|(?<=[…⋯‥]))[ \t\u3000]*"
    + _TOC_LEADERS.pattern.split(r"[ \t\u3000]*", 1)[1]
)
_TOC_TRAILING_PAGE_SCAN = re.compile(
    rf"[ \t\u3000](?<=[^\s第\x00-\x7f][ \t\u3000])[ \t\u3000]*[{DIGITS}]{{1,3}}[ \t\u3000]*$"
)


def is_toc_line(line: str) -> bool:
    """True when the line reads like a 目次 entry: a heading plus a page number.

    Example:
        >>> is_toc_line("壹、目的……………1"), is_toc_line("貳、過程 3"), is_toc_line("參、心得")
        (True, True, False)
    """
    return bool(_TOC_LEADERS_SCAN.search(line) or _TOC_TRAILING_PAGE_SCAN.search(line))
