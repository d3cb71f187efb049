"""Reader for HTML (.html/.htm): bytes -> ReadResult.

Block structure becomes lines, paragraphs separated by a blank line, tables
one ``\t``-separated line per row (a cell's own lines joined by a space, a
merged cell written once) and checkboxes ■/□, as the Word reader writes them.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from extractors.core.doc import CHECKED, UNCHECKED
from extractors.core.records import ExtractionError
from extractors.normalize.repair import tidy_text
from pipeline.readers.base import MAX_TABLE_CELLS, ReadResult, too_large
from pipeline.readers.decode import decode_bytes

_DROP = {"script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "select"}
_PARAGRAPH = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "dl", "table",
    "section", "article", "header", "footer", "main", "nav", "aside", "figure", "form",
    "fieldset", "address", "hr", "body",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LINE = {"div", "li", "dt", "dd", "figcaption", "caption", "legend", "center", "option", "tr", "td", "th"}
_WHITESPACE = re.compile(r"[ \t\r\n\f]+")
_PARA = "\x1e"  # record separator: a paragraph break while rendering
_BREAK = "\n"
_BR = "\x1c"  # file separator: a <br>, which adds a line break to any other


def _input_glyph(tag: Tag) -> str:
    kind = str(tag.get("type", "")).lower()
    if kind not in ("checkbox", "radio"):
        value = tag.get("value")
        return f" {value} " if kind in ("text", "") and value else ""
    return CHECKED if tag.has_attr("checked") else UNCHECKED


def _cjk(ch: str) -> bool:
    """An ideograph or CJK punctuation (not an ambiguous-width symbol such as ■)."""
    return unicodedata.east_asian_width(ch) in ("W", "F") and ch not in (CHECKED, UNCHECKED)


def _collapse_space(text: str) -> str:
    """HTML white space: runs become one space; a line break between CJK vanishes."""

    def repl(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        if "\n" in m.group(0) and 0 < s and e < len(text) and _cjk(text[s - 1]) and _cjk(text[e]):
            return ""
        return " "

    return _WHITESPACE.sub(repl, text)


class _Close:
    """A block boundary to emit once a node's children are rendered."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind


# <ol type> and CSS list-style-type -> (Word number format, text after the number)
_OL_TYPES = {"1": ("decimal", ". "), "a": ("lowerLetter", ". "), "A": ("upperLetter", ". "),
             "i": ("lowerRoman", ". "), "I": ("upperRoman", ". ")}
_OL_STYLES = {
    "decimal": ("decimal", ". "), "decimal-leading-zero": ("decimalZero", ". "),
    "lower-alpha": ("lowerLetter", ". "), "lower-latin": ("lowerLetter", ". "),
    "upper-alpha": ("upperLetter", ". "), "upper-latin": ("upperLetter", ". "),
    "lower-roman": ("lowerRoman", ". "), "upper-roman": ("upperRoman", ". "),
    "cjk-ideographic": ("taiwaneseCounting", "、"), "trad-chinese-informal": ("taiwaneseCounting", "、"),
    "simp-chinese-informal": ("taiwaneseCounting", "、"), "cjk-decimal": ("taiwaneseDigital", "、"),
    "trad-chinese-formal": ("ideographLegalTraditional", "、"), "cjk-heavenly-stem": ("ideographTraditional", "、"),
    "none": ("none", ""),
}
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.IGNORECASE)


def _int_attr(tag: Tag, name: str) -> int | None:
    try:
        return int(str(tag.get(name, "")).strip())
    except ValueError:
        return None


def _ol_labels(ol: Tag) -> dict[int, str]:
    """The written number of each item of an ``<ol>`` (by ``id()`` of the ``<li>``):
    ``start``, ``reversed``, ``type`` (1 a A i I), an item's ``value``, and the CSS
    list-style-type (cjk-ideographic gives 一、二、)."""
    from pipeline.readers.docx_numbering import format_number

    style = _LIST_STYLE.search(str(ol.get("style", "")))
    fmt, after = _OL_STYLES.get(style.group(1).lower(), ("decimal", ". ")) if style else \
        _OL_TYPES.get(str(ol.get("type", "1")).strip(), ("decimal", ". "))
    items = _own(ol, {"li"}, {"ol", "ul", "menu"})
    step = -1 if ol.has_attr("reversed") else 1
    start = _int_attr(ol, "start")
    n = start if start is not None else (len(items) if step < 0 else 1)
    labels: dict[int, str] = {}
    for li in items:
        value = _int_attr(li, "value")
        if value is not None:
            n = value
        number = format_number(n, fmt) if n > 0 or fmt == "decimal" else str(n)
        labels[id(li)] = number + after if number else ""
        n += step
    return labels


class _Renderer:
    """Renders a tree with an explicit stack, not recursion, so 20,000 nested tags work."""

    def __init__(self, cells: list[int] | None = None) -> None:
        self.parts: list[str] = []
        self.labels: dict[int, str] = {}  # id(<li>) -> its number in an <ol>
        self.cells = cells if cells is not None else [MAX_TABLE_CELLS]  # cells the page may still expand to
        self.headings: list[str] | None = None  # h1-h6 texts are collected here when a list is given

    def text(self, s: str) -> None:
        if s:
            self.parts.append(s)

    def brk(self, kind: str) -> None:
        self.parts.append(kind)

    def render(self, root: Tag | NavigableString) -> None:
        stack: list[Tag | NavigableString | _Close] = [root]
        while stack:
            item = stack.pop()
            if isinstance(item, _Close):
                self.brk(item.kind)
                continue
            children, close = self._enter(item)
            if close:
                stack.append(_Close(close))
            stack.extend(reversed(children))

    def _enter(self, node: Tag | NavigableString) -> tuple[list, str | None]:
        """Emit what opens ``node``; return the children to render and the closing break."""
        if isinstance(node, (Comment, Doctype, Declaration, ProcessingInstruction)):
            return [], None
        if isinstance(node, NavigableString):
            self.text(str(node))
            return [], None
        name = node.name.lower() if node.name else ""
        if name in _DROP:
            return [], None
        if name == "br":
            self.brk(_BR)
            return [], None
        if name == "input":
            self.text(_input_glyph(node))
            return [], None
        if name == "img":
            alt = node.get("alt")
            self.text(f" {alt} " if alt else "")
            return [], None
        if node.has_attr("hidden") or re.search(r"display\s*:\s*none", str(node.get("style", ""))):
            return [], None
        if name == "table" and _is_layout(node):
            # A table that holds tables lays out the page: its cells are blocks.
            self.brk(_PARA)
            return list(node.children), _PARA
        if name == "table":
            self.brk(_PARA)
            caption = node.find("caption")
            if caption is not None:
                self.text(_cell_text(caption, self.cells))
                self.brk(_BREAK)
            for row in _table_rows(node, self.cells):
                self.text("\x1f".join(row))  # unit separator: a cell boundary
                self.brk(_BREAK)
            self.brk(_PARA)
            return [], None
        if name == "pre":
            self.brk(_PARA)
            self.text(node.get_text().replace("\n", "\x1d"))  # group separator: a kept newline
            self.brk(_PARA)
            return [], None
        if name == "ol":
            self.labels.update(_ol_labels(node))
        if name in _HEADINGS and self.headings is not None:
            self.headings.append(node.get_text())
        block = _PARA if name in _PARAGRAPH else _BREAK if name in _LINE else ""
        if block:
            self.brk(block)
        if name == "li" and id(node) in self.labels:
            self.text(self.labels[id(node)])
        return list(node.children), block or None

    def result(self) -> str:
        out: list[str] = []
        buffer: list[str] = []

        def flush() -> None:
            if buffer:
                out.append(_collapse_space("".join(buffer)))
                buffer.clear()

        pending = 0  # newlines owed since the last text
        for part in self.parts:
            if part in (_PARA, _BREAK, _BR):
                flush()
                pending = pending + 1 if part == _BR else max(pending, 2 if part == _PARA else 1)
            elif pending and part.isspace():
                continue  # white space next to a block boundary means nothing
            else:
                if pending and out:
                    out.append("\n" * min(pending, 2))
                pending = 0
                buffer.append(part)
        flush()
        lines = []
        for line in "".join(out).split("\n"):
            cells = line.split("\x1f")
            lines.append("\t".join(cell.strip() for cell in cells))
        return "\n".join(lines).replace("\x1d", "\n")


def _cell_text(cell: Tag, cells: list[int] | None = None) -> str:
    renderer = _Renderer(cells)
    for child in cell.children:
        renderer.render(child)
    text = renderer.result().replace("\x1f", " ").replace("\t", " ")
    return " ".join(line.strip() for line in text.split("\n") if line.strip())


def _is_layout(table: Tag) -> bool:
    """A table holding another table. Walked by hand and stopped at the first one found:
    ``Tag.find`` first seeks the subtree's last descendant, which costs the whole depth
    of a deeply nested page at every table."""
    stack = [c for c in table.children if isinstance(c, Tag)]
    while stack:
        child = stack.pop()
        if (child.name or "").lower() == "table":
            return True
        stack.extend(c for c in child.children if isinstance(c, Tag))
    return False


def _own(node: Tag, names: set[str], stop: set[str]) -> list[Tag]:
    """Descendants of ``node`` named in ``names``, in document order, without looking
    inside them or inside a ``stop`` tag: a table's own rows, a row's own cells.
    Iterative, so a deeply nested page costs one pass."""
    found: list[Tag] = []
    stack = list(reversed([c for c in node.children if isinstance(c, Tag)]))
    while stack:
        child = stack.pop()
        name = (child.name or "").lower()
        if name in names:
            found.append(child)
        elif name not in stop:
            stack.extend(reversed([c for c in child.children if isinstance(c, Tag)]))
    return found


def _span(cell: Tag, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, 1)).strip() or 1), 1000))
    except ValueError:
        return 1


def _table_rows(table: Tag, budget: list[int]) -> list[list[str]]:
    """One list of cell texts per row; a cell spanning rows leaves "" below it.

    The text of a merged cell is written once (like docx), but the rows under a
    rowspan keep their columns in place: 2018.5.21 spanning two rows gives
    ``["2018.5.21", "臺北", ...]`` then ``["", "東京", ...]``.

    ``budget`` holds the cells the page may still expand to (spans multiply a few
    bytes into millions of cells); past it, the page is ``too_large``.
    """
    rows = []
    carry: dict[int, tuple[int, int]] = {}  # grid column -> (rows still covered, colspan)
    for tr in _own(table, {"tr"}, {"table"}):
        cells = _own(tr, {"td", "th"}, {"table", "tr"})
        out: list[str] = []
        following: dict[int, tuple[int, int]] = {}
        col = index = 0
        while index < len(cells) or col in carry:
            if col in carry:
                remaining, width = carry.pop(col)
                out.append("")
                if remaining > 1:
                    following[col] = (remaining - 1, width)
                col += width
                continue
            cell = cells[index]
            index += 1
            width, height = _span(cell, "colspan"), _span(cell, "rowspan")
            out.append(_cell_text(cell, budget))
            if height > 1:
                following[col] = (height - 1, width)
            col += width
        for col, (remaining, width) in carry.items():  # covered columns past the row's end
            if remaining > 1:
                following[col] = (remaining - 1, width)
        carry = following
        rows.append(out)
        budget[0] -= len(out)
        if budget[0] < 0:
            raise too_large("its tables' row and column spans expand to too many cells", f"{MAX_TABLE_CELLS:,} cells")
    return rows


# A start tag that closes an open element of the same family (HTML's implied end tags):
# tag -> (the open tags it closes, the tags that bound the search).
_IMPLIED_END = {
    "td": ({"td", "th"}, {"table", "tr"}),
    "th": ({"td", "th"}, {"table", "tr"}),
    "tr": ({"tr"}, {"table"}),
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "option": ({"option"}, {"select", "datalist"}),
}
_IMPLIED_END_REACH = 64  # open elements looked through; deeper, the tag simply nests


class _Soup(BeautifulSoup):
    """BeautifulSoup with html.parser, closing ``<td>``, ``<tr>``, ``<li>`` ... that the page
    left open when the next one starts, as browsers do. Without it 2,000 unclosed
    ``<tr><td>`` nest 6,000 deep, and each cell holds (and repeats) all the ones after it."""

    def handle_starttag(self, name, namespace, nsprefix, attrs, *args, **kwargs):  # type: ignore[override]
        rule = _IMPLIED_END.get(name.lower())
        if rule:
            closes, bounds = rule
            for tag in reversed(self.tagStack[-_IMPLIED_END_REACH:]):
                tag_name = (tag.name or "").lower()
                if tag_name in closes:
                    self.endData()  # the text read so far belongs to the element being closed
                    while self.currentTag is not tag:
                        self.popTag()
                    self.popTag()
                    break
                if tag_name in bounds:
                    break
        return super().handle_starttag(name, namespace, nsprefix, attrs, *args, **kwargs)


def html_to_text(markup: str, headings: list[str] | None = None) -> str:
    """Render HTML as the conventional lines (not yet tidied); the texts of h1-h6 are
    appended to ``headings`` when given."""
    soup = _Soup(markup, "html.parser")
    renderer = _Renderer()
    renderer.headings = headings
    for child in soup.children:
        renderer.render(child)
    return renderer.result()


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_CHARSET_ALIASES = {"big5": "cp950", "big-5": "cp950", "x-x-big5": "cp950", "gb2312": "gb18030", "gbk": "gb18030"}


def _decode_declared(data: bytes) -> tuple[str, str] | None:
    """The page's own <meta charset>, when it is not UTF-8 and really decodes the bytes."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    declared = match.group(1).decode("ascii").lower()
    if declared.replace("-", "").replace("_", "") in ("utf8", "utf16"):
        return None
    encoding = _CHARSET_ALIASES.get(declared, declared)
    try:
        if not codecs.lookup(encoding)._is_text_encoding:  # "rot13", "zlib": not a charset
            return None
        return data.decode(encoding), encoding
    except (LookupError, UnicodeError):  # an unknown name, or "undefined" (which always fails)
        return None


def read_html(data: bytes) -> ReadResult:
    """Read an HTML page: block elements are lines, tables ``\\t`` rows, scripts dropped.

    A page that is not valid UTF-8 is decoded with its ``<meta charset>``
    when that works (pages often declare Big5), else like any text file.
    """
    try:
        data.decode("utf-8")
        declared = None
    except UnicodeDecodeError:
        declared = _decode_declared(data)
    if declared:
        raw, encoding, flags = declared[0], declared[1], ()
    else:
        raw, encoding, flags = decode_bytes(data)
    headings: list[str] = []
    text = tidy_text(html_to_text(raw, headings))
    if not text.strip():
        raise ExtractionError("no_text", "the page holds no text")
    return ReadResult(text=text, encoding=encoding, flags=flags, headings=tuple(headings))
