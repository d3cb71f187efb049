"""Word's automatic list numbering, written out as text.

Headings in Word reports are often numbered by a list definition (一、 （一）
1.) rather than typed, so the marker is not in any ``w:t``. This renders each
numbered paragraph's label from numbering.xml, as Word would show it, so the
section extractor sees the markers.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_DIGITS = "〇一二三四五六七八九"
_LEGAL = "零壹貳參肆伍陸柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"


def _counting(n: int, digits: str = _DIGITS, ten: str = "十", hundred: str = "百") -> str:
    """一 … 十 十一 二十 一百零五: Chinese counting for list numbers."""
    if n <= 0:
        return digits[0]
    if n >= 1000:
        return str(n)
    h, rest = divmod(n, 100)
    t, u = divmod(rest, 10)
    out = ""
    if h:
        out += digits[h] + hundred
        if rest and t == 0:
            out += digits[0]
    if t:
        out += ("" if t == 1 and not h else digits[t]) + ten
    if u:
        out += digits[u]
    return out


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def _roman(n: int) -> str:
    """I … MMMCMXCIX; a larger number (a hostile ``start`` of 10**12) stays in digits,
    since written as M's it would take n / 1000 steps and characters."""
    if n >= 4000:
        return str(n)
    pairs = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, sym in pairs:
        while n >= value:
            out += sym
            n -= value
    return out


def _enclosed(n: int, first: int) -> str:
    return chr(first + n - 1) if 1 <= n <= 20 else str(n)


def format_number(n: int, fmt: str) -> str:
    """One list number in a Word numFmt (decimal, taiwaneseCounting, ...)."""
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letters = _letters(n)
        return letters if fmt == "upperLetter" else letters.lower()
    if fmt in ("taiwaneseCounting", "taiwaneseCountingThousand", "chineseCounting",
               "chineseCountingThousand", "japaneseCounting", "koreanCounting"):
        return _counting(n)
    if fmt in ("ideographLegalTraditional", "chineseLegalSimplified"):
        return _counting(n, _LEGAL, "拾", "佰")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _STEMS[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _BRANCHES[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _enclosed(n, 0x2460)
    if fmt == "decimalEnclosedParen":
        return _enclosed(n, 0x2474)
    if fmt == "decimalEnclosedFullstop":
        return _enclosed(n, 0x2488)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False


@dataclass
class Numbering:
    """Numbering definitions plus the running counters of one document."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> ilvl -> level
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start
    style_num: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    style_parent: dict[str, str] = field(default_factory=dict)
    style_level: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (abstract, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[tuple[str, int]] = field(default_factory=set)

    @classmethod
    def from_document(cls, document) -> Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            numbering._read_numbering(root)
        try:
            styles = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        if styles is not None:
            cached = STYLES_CACHE.styles_of(styles)
            if cached is None:
                numbering._read_styles(styles)
            else:
                numbering.style_parent, numbering.style_num = dict(cached[0]), dict(cached[1])
        return numbering

    def _read_numbering(self, root) -> None:
        for abstract in root.iter(W + "abstractNum"):
            aid = abstract.get(W + "abstractNumId")
            levels: dict[int, _Level] = {}
            for lvl in abstract.iter(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl") or 0)
                levels[ilvl] = _parse_level(lvl)
                pstyle = lvl.find(W + "pStyle")
                if pstyle is not None and aid is not None:
                    self.style_level[pstyle.get(W + "val")] = (aid, ilvl)
            if aid is not None:
                self.levels[aid] = levels
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId")
            ref = num.find(W + "abstractNumId")
            if nid is None or ref is None:
                continue
            self.nums[nid] = ref.get(W + "val")
            for override in num.iter(W + "lvlOverride"):
                ilvl = int(override.get(W + "ilvl") or 0)
                start = override.find(W + "startOverride")
                if start is not None:
                    self.overrides.setdefault(nid, {})[ilvl] = int(start.get(W + "val") or 1)

    def _read_styles(self, root) -> None:
        for style in root.iter(W + "style"):
            sid = style.get(W + "styleId")
            based = style.find(W + "basedOn")
            if based is not None:
                self.style_parent[sid] = based.get(W + "val")
            ppr = style.find(W + "pPr")
            numpr = ppr.find(W + "numPr") if ppr is not None else None
            if numpr is not None:
                self.style_num[sid] = _num_pr(numpr)

    def _resolve(self, p) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph, from its own numPr or its style's."""
        ppr = p.find(W + "pPr")
        nid: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                nid, ilvl = _num_pr(numpr)
        style = None
        if ppr is not None and ppr.find(W + "pStyle") is not None:
            style = ppr.find(W + "pStyle").get(W + "val")
        seen = set()
        while (nid is None or ilvl is None) and style and style not in seen:
            seen.add(style)
            s_nid, s_ilvl = self.style_num.get(style, (None, None))
            nid = nid if nid is not None else s_nid
            if ilvl is None:
                ilvl = s_ilvl if s_ilvl is not None else self.style_level.get(style, (None, None))[1]
            style = self.style_parent.get(style)
        if nid is None or nid == "0" or nid not in self.nums:
            return None
        return nid, ilvl or 0

    def label(self, p) -> str:
        """The list label of a paragraph ("一、", "（二）"), advancing the counters; "" if none."""
        resolved = self._resolve(p)
        if resolved is None:
            return ""
        nid, ilvl = resolved
        aid = self.nums[nid]
        levels = self.levels.get(aid, {})
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self.counters.setdefault(aid, {})
        override = self.overrides.get(nid, {})
        if ilvl in override and (nid, ilvl) not in self.started:
            counters.pop(ilvl, None)
            self.started.add((nid, ilvl))
        start = override.get(ilvl, level.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return ""

        def number(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            other = levels.get(k, _Level())
            n = counters.get(k, override.get(k, other.start))
            fmt = "decimal" if level.legal and k != ilvl else other.fmt
            return format_number(n, fmt)

        text = re.sub(r"%([1-9])", number, level.text)
        if not text:
            return ""
        return text if text[-1] in "、，．）)」" or ord(text[-1]) > 0x2E80 else text + " "


class StylesCache:
    """Parsed styles parts by their exact bytes, with what ``_read_styles`` reads from them.

    Documents made from one template carry the same (often 300 KB) styles.xml;
    parsing it and walking its styles is most of the cost of reading a small
    document. The key is the part's bytes themselves, so a hit is the same input
    and gives the same tree; the cached trees are only read, never changed.
    """

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._trees: OrderedDict[bytes, object] = OrderedDict()
        self._styles: dict[int, tuple[object, dict, dict]] = {}  # id(tree) -> (tree, parents, numPr)
        self._lock = threading.Lock()

    def tree(self, blob: bytes, parse) -> object:
        """The parsed part for ``blob``, parsing it with ``parse`` on a miss."""
        with self._lock:
            tree = self._trees.get(blob)
            if tree is not None:
                self._trees.move_to_end(blob)
                return tree
        tree = parse(blob)
        with self._lock:
            self._trees[blob] = tree
            while len(self._trees) > self.size:
                _, old = self._trees.popitem(last=False)
                self._styles.pop(id(old), None)
        return tree

    def styles_of(self, root) -> tuple[dict, dict] | None:
        """(style_parent, style_num) of a cached tree; None for a tree this cache did not make."""
        with self._lock:
            entry = self._styles.get(id(root))
            if entry is not None and entry[0] is root:
                return entry[1], entry[2]
            if not any(tree is root for tree in self._trees.values()):
                return None
        numbering = Numbering()
        numbering._read_styles(root)
        with self._lock:
            if any(tree is root for tree in self._trees.values()):
                self._styles[id(root)] = (root, numbering.style_parent, numbering.style_num)
        return numbering.style_parent, numbering.style_num


STYLES_CACHE = StylesCache(size=4)  # a parsed 300 KB styles part holds a few MB


def _num_pr(numpr) -> tuple[str | None, int | None]:
    nid_el = numpr.find(W + "numId")
    ilvl_el = numpr.find(W + "ilvl")
    nid = nid_el.get(W + "val") if nid_el is not None else None
    ilvl = int(ilvl_el.get(W + "val") or 0) if ilvl_el is not None else None
    return nid, ilvl


def _parse_level(lvl) -> _Level:
    level = _Level()
    fmt = lvl.find(W + "numFmt")
    if fmt is not None:
        level.fmt = fmt.get(W + "val") or "decimal"
    text = lvl.find(W + "lvlText")
    if text is not None:
        level.text = text.get(W + "val") or ""
    start = lvl.find(W + "start")
    if start is not None:
        level.start = int(start.get(W + "val") or 1)
    level.legal = lvl.find(W + "isLgl") is not None
    return level
