"""Reader for OpenDocument text (.odt): bytes -> ReadResult, through lxml on content.xml.

The text follows the docx reader's conventions (``pipeline.readers.docx``):
paragraphs and headings in body order separated by a blank line, a table as one
``\\t``-separated line per row (a cell's paragraphs joined by a space, a cell
spanning columns written once, a cell spanning rows written once with "" under
it), list and outline numbering written out as text (一、 （一） 1.), and
checkbox form controls as ■/□. Notes, annotations and tracked deletions are left
out, as the docx reader leaves out footnotes, comments and deleted text.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from extractors.core.doc import CHECKED, UNCHECKED
from extractors.core.records import ExtractionError
from extractors.normalize.repair import tidy_text
from pipeline.readers.base import ReadResult
from pipeline.readers.docx_numbering import format_number

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
FORM = "{urn:oasis:names:tc:opendocument:xmlns:form:1.0}"
FIELD = "{urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0}"
MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

MAX_PART = 256 << 20  # bytes of content.xml / styles.xml read at most (a zip bomb stops here)
MAX_REPEAT = 64  # a repeated row or cell (number-*-repeated) written at most this often

# Elements whose content is not body text: notes, comments, deletions, index templates, forms.
_SKIP = {
    TEXT + "note", OFFICE + "annotation", OFFICE + "annotation-end", TEXT + "tracked-changes",
    TEXT + "change", TEXT + "sequence-decls", TEXT + "variable-decls", TEXT + "user-field-decls",
    OFFICE + "forms", TEXT + "table-of-content-source", TEXT + "alphabetical-index-source",
    TEXT + "illustration-index-source", TEXT + "table-index-source", TEXT + "object-index-source",
    TEXT + "user-index-source", TEXT + "bibliography-source", TEXT + "ruby-text", DRAW + "image",
    FIELD + "param",
    TEXT + "number",  # a cached list label: the label is computed from the list style instead
}
_BLOCK_CONTAINERS = {
    TEXT + "section", TEXT + "index-body", TEXT + "index-title", TEXT + "table-of-content",
    TEXT + "alphabetical-index", TEXT + "illustration-index", TEXT + "table-index",
    TEXT + "object-index", TEXT + "user-index", TEXT + "bibliography", OFFICE + "text",
    TEXT + "list-item", TEXT + "list-header", DRAW + "text-box", TABLE + "table-cell",
}
_CHECKED_STATES = {"checked", "true"}
_XML_SPACE = re.compile(r"[ \t\r\n]+")

# style:num-format values (LibreOffice writes the first few numbers) -> Word numFmt names,
# so one formatter (docx_numbering.format_number) serves both readers.
_NUM_FORMATS = {
    "1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman",
    "一": "taiwaneseCounting", "壹": "ideographLegalTraditional", "甲": "ideographTraditional",
    "子": "ideographZodiac", "①": "decimalEnclosedCircle", "⑴": "decimalEnclosedParen",
    "⒈": "decimalEnclosedFullstop", "１": "decimalFullWidth", "〇": "taiwaneseDigital",
}


def num_format(value: str | None) -> str:
    """A style:num-format as a Word numFmt name ("" -> none).

    >>> num_format("一, 二, 三, ..."), num_format("A"), num_format("")
    ('taiwaneseCounting', 'upperLetter', 'none')
    """
    if not value:
        return "none"
    value = value.strip()
    return _NUM_FORMATS.get(value, _NUM_FORMATS.get(value[:1], "decimal"))


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    prefix: str = ""
    suffix: str = ""
    start: int = 1
    display: int = 1  # how many levels the label shows (1.2.3 shows 3)
    bullet: bool = False


@dataclass
class Counter:
    """The running numbers of one list (or of the heading outline), level -> number."""

    levels: dict[int, Level]
    numbers: dict[int, int] = field(default_factory=dict)

    def advance(self, level: int, start: int | None = None) -> str:
        spec = self.levels.get(level, Level())
        if start is not None:
            self.numbers[level] = start
        elif level in self.numbers:
            self.numbers[level] += 1
        else:
            self.numbers[level] = spec.start
        for deeper in [k for k in self.numbers if k > level]:
            del self.numbers[deeper]
        if spec.bullet or spec.fmt == "none":
            return ""
        shown = []
        for k in range(max(1, level - spec.display + 1), level + 1):
            other = self.levels.get(k, Level())
            shown.append(format_number(self.numbers.get(k, other.start), other.fmt))
        label = spec.prefix + ".".join(shown) + spec.suffix
        if not label:
            return ""
        ends = label[-1]
        return label if ends.isspace() or ends in "、，．）)」" or ord(ends) > 0x2E80 else label + " "


def _levels(style) -> dict[int, Level]:
    """The levels of a text:list-style or text:outline-style element."""
    levels: dict[int, Level] = {}
    for child in style:
        if not isinstance(child.tag, str):
            continue
        try:
            level = int(child.get(TEXT + "level") or 0)
        except ValueError:
            continue
        if child.tag == TEXT + "list-level-style-bullet":
            levels[level] = Level(bullet=True)
        elif child.tag in (TEXT + "list-level-style-number", TEXT + "outline-level-style"):
            levels[level] = Level(
                fmt=num_format(child.get(STYLE + "num-format")),
                prefix=child.get(STYLE + "num-prefix") or "",
                suffix=child.get(STYLE + "num-suffix") or "",
                start=_int(child.get(TEXT + "start-value"), 1),
                display=_int(child.get(TEXT + "display-levels"), 1),
            )
        elif child.tag == TEXT + "list-level-style-image":
            levels[level] = Level(bullet=True)
    return levels


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class Styles:
    """List styles, the outline style and paragraph styles' outline levels, from both parts."""

    def __init__(self, *roots) -> None:
        self.lists: dict[str, dict[int, Level]] = {}
        self.outline: dict[int, Level] = {}
        self.para_outline: dict[str, int] = {}  # paragraph style -> its default outline level
        self.para_parent: dict[str, str] = {}
        self.para_list: dict[str, str] = {}  # paragraph style -> its list style
        for root in roots:
            if root is None:
                continue
            for el in root.iter(TEXT + "list-style"):
                self.lists[el.get(STYLE + "name") or ""] = _levels(el)
            for el in root.iter(TEXT + "outline-style"):
                self.outline = _levels(el)
            for el in root.iter(STYLE + "style"):
                name = el.get(STYLE + "name") or ""
                if el.get(STYLE + "parent-style-name"):
                    self.para_parent[name] = el.get(STYLE + "parent-style-name")
                if el.get(STYLE + "default-outline-level"):
                    self.para_outline[name] = _int(el.get(STYLE + "default-outline-level"), 0)
                if el.get(STYLE + "list-style-name") is not None:
                    self.para_list[name] = el.get(STYLE + "list-style-name") or ""

    def paragraph_list(self, style: str | None) -> str | None:
        """The list style a paragraph style (or one of its parents) names, "" for none."""
        seen = set()
        while style and style not in seen:
            seen.add(style)
            if style in self.para_list:
                return self.para_list[style]
            style = self.para_parent.get(style)
        return None


class Renderer:
    """Walks office:text and writes the conventional lines."""

    def __init__(self, styles: Styles, controls: dict[str, str]) -> None:
        self.styles = styles
        self.controls = controls  # form control id -> ■/□
        self.outline = Counter(styles.outline)
        self.lists: dict[str, Counter] = {}  # xml:id of a list -> its counter (text:continue-list)
        self.last_by_style: dict[str, Counter] = {}  # list style -> its last counter (continue-numbering)

    # -- blocks ------------------------------------------------------------------------
    def blocks(self, container, out: list[str], context: tuple | None = None) -> None:
        """Append the text of each paragraph, heading and table row of ``container``.

        ``context`` is (counter, level, first) inside a list item: the first paragraph
        of an item carries its label.
        """
        for child in container:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag in (TEXT + "p", TEXT + "h"):
                label = ""
                if context is not None and context[2]:
                    label = context[0].advance(context[1], context[3])
                    context = (context[0], context[1], False, None)
                elif tag == TEXT + "h" and context is None:
                    label = self.heading_label(child)
                out.append(label + self.inline(child, paragraph=True))
            elif tag == TABLE + "table":
                out.append("\n".join(self.table(child)))
            elif tag == TEXT + "list":
                self.list(child, out, context)
            elif tag in _BLOCK_CONTAINERS:
                self.blocks(child, out, None)

    def heading_label(self, h) -> str:
        if h.get(TEXT + "is-list-header") == "true":
            return ""
        level = _int(h.get(TEXT + "outline-level"), 0)
        if level <= 0 or level not in self.styles.outline:
            return ""
        start = _int(h.get(TEXT + "start-value"), 0) if h.get(TEXT + "restart-numbering") == "true" else 0
        return self.outline.advance(level, start or None)

    def list(self, el, out: list[str], context: tuple | None) -> None:
        if context is None:  # a top-level list: a new counter unless it continues another
            counter = self.top_counter(el)
            level = 1
        else:
            counter, level = context[0], context[1] + 1
        for item in el:
            if item.tag == TEXT + "list-item":
                override = item.get(TEXT + "start-value")
                start = _int(override, 0) if override is not None else None
                self.blocks(item, out, (counter, level, True, start))
            elif item.tag == TEXT + "list-header":
                self.blocks(item, out, (counter, level, False, None))

    def top_counter(self, el) -> Counter:
        style = el.get(TEXT + "style-name") or ""
        continues = el.get(TEXT + "continue-list")
        if continues and continues in self.lists:
            counter = self.lists[continues]
        elif el.get(TEXT + "continue-numbering") == "true" and style in self.last_by_style:
            counter = self.last_by_style[style]
        else:
            counter = Counter(self.styles.lists.get(style, {}))
        own = el.get(XML_ID)
        if own:
            self.lists[own] = counter
        self.last_by_style[style] = counter
        return counter

    # -- tables -------------------------------------------------------------------------
    def table(self, tbl) -> list[str]:
        lines = []
        covered: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) -> (origin row, origin col)
        for r, row in enumerate(self.rows(tbl)):
            cells: list[str] = []
            col = 0
            for cell in row:
                repeat = min(_int(cell.get(TABLE + "number-columns-repeated"), 1), MAX_REPEAT)
                for _ in range(max(repeat, 1)):
                    if cell.tag == TABLE + "covered-table-cell":
                        origin = covered.get((r, col))
                        if origin is None or (origin[0] < r and origin[1] == col):
                            cells.append("")  # under a cell spanning rows (or a stray covered cell)
                    else:
                        across = _int(cell.get(TABLE + "number-columns-spanned"), 1)
                        down = _int(cell.get(TABLE + "number-rows-spanned"), 1)
                        for dr in range(min(down, 1000)):
                            for dc in range(min(across, 1000)):
                                if dr or dc:
                                    covered[(r + dr, col + dc)] = (r, col)
                        cells.append(self.cell(cell))
                    col += 1
            lines.append("\t".join(cells))
        return lines

    def rows(self, tbl):
        """The rows of a table in order, through header rows and row groups; repeats capped."""
        for child in tbl:
            tag = child.tag
            if tag == TABLE + "table-row":
                repeat = min(_int(child.get(TABLE + "number-rows-repeated"), 1), MAX_REPEAT)
                for _ in range(max(repeat, 1)):
                    yield [c for c in child if c.tag in (TABLE + "table-cell", TABLE + "covered-table-cell")]
            elif tag in (TABLE + "table-header-rows", TABLE + "table-rows", TABLE + "table-row-group"):
                yield from self.rows(child)

    def cell(self, cell) -> str:
        parts: list[str] = []
        self.blocks(cell, parts)
        text = " ".join(parts).replace("\t", " ").replace("\n", " ")
        return re.sub(r"\s+", " ", text).strip()

    # -- inline -------------------------------------------------------------------------
    def inline(self, el, *, paragraph: bool = False) -> str:
        """A paragraph's text. XML white space (spaces, tabs, newlines) in the markup collapses
        to one space, as ODF says; text:s, text:tab and text:line-break are the written ones."""
        out: list[str] = []
        if el.text:
            text = _XML_SPACE.sub(" ", el.text)
            out.append(text.lstrip(" ") if paragraph else text)
        for child in el:
            self.inline_child(child, out)
            if child.tail:
                out.append(_XML_SPACE.sub(" ", child.tail))
        return "".join(out)

    def inline_child(self, child, out: list[str]) -> None:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return
        if tag == TEXT + "s":
            out.append(" " * min(_int(child.get(TEXT + "c"), 1), 100))
        elif tag == TEXT + "tab":
            out.append("\t")
        elif tag == TEXT + "line-break":
            out.append("\n")
        elif tag in (FIELD + "fieldmark", FIELD + "fieldmark-start"):
            out.append(fieldmark_checkbox(child))
            if tag == FIELD + "fieldmark":
                out.append(self.inline(child))
        elif tag == DRAW + "control":
            out.append(self.controls.get(child.get(DRAW + "control") or "", ""))
        elif tag == DRAW + "text-box":  # a frame's text: its own lines, like a Word text box
            parts: list[str] = []
            self.blocks(child, parts)
            out.append("\n" + "\n".join(parts) + "\n")
        elif tag in (TABLE + "table", TEXT + "list"):
            parts = []
            self.blocks([child], parts)
            out.append("\n" + "\n".join(parts) + "\n")
        else:  # spans, links, fields, frames, ruby bases: their text
            out.append(self.inline(child))


def fieldmark_checkbox(mark) -> str:
    """A Word legacy checkbox field as LibreOffice saves it (field:fieldmark FORMCHECKBOX): ■/□."""
    if not (mark.get(FIELD + "type") or "").endswith("FORMCHECKBOX"):
        return ""
    for param in mark.iter(FIELD + "param"):
        if param.get(FIELD + "name") == "Checkbox_Checked":
            return CHECKED if (param.get(FIELD + "value") or "").lower() == "true" else UNCHECKED
    return UNCHECKED


def form_controls(root) -> dict[str, str]:
    """Checkbox form controls (form:checkbox) by id: ■ when checked, else □."""
    found: dict[str, str] = {}
    for box in root.iter(FORM + "checkbox"):
        state = (box.get(FORM + "current-state") or box.get(FORM + "state") or "").lower()
        glyph = CHECKED if state in _CHECKED_STATES else UNCHECKED
        for key in (box.get(FORM + "id"), box.get(XML_ID)):
            if key:
                found[key] = glyph
    return found


def _part(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        raise ExtractionError("too_large", f"the document's {name} is {info.file_size >> 20} MB uncompressed, "
                              f"over the {MAX_PART >> 20} MB this reader accepts")
    return archive.read(info)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _parse(blob: bytes | None, name: str):
    if blob is None:
        return None
    try:
        return etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ExtractionError("corrupt_odt", f"the document's {name} is not well-formed XML ({exc})") from exc


def odt_to_text(data: bytes) -> str:
    """Render an .odt body as the conventional lines (not yet tidied)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ExtractionError("corrupt_odt", f"the file is not a readable OpenDocument file ({exc})") from exc
    with archive:
        manifest = _parse(_part(archive, "META-INF/manifest.xml"), "manifest")
        if manifest is not None and next(manifest.iter(MANIFEST + "encryption-data"), None) is not None:
            raise ExtractionError("encrypted_odt", "the OpenDocument file is password-protected; "
                                  "save it without a password and run again")
        content = _parse(_part(archive, "content.xml"), "content.xml")
        if content is None:
            raise ExtractionError("corrupt_odt", "the file has no content.xml, so it is not an OpenDocument text")
        styles = _parse(_part(archive, "styles.xml"), "styles.xml")
    body = content.find(OFFICE + "body")
    text_root = body.find(OFFICE + "text") if body is not None else None
    if text_root is None:
        kinds = [child.tag.split("}")[-1] for child in body] if body is not None else []
        what = f"an OpenDocument {kinds[0]}" if kinds else "not an OpenDocument text"
        raise ExtractionError("not_a_text_document", f"the file is {what}, not a text document (.odt)")
    renderer = Renderer(Styles(styles, content), form_controls(content))
    chunks: list[str] = []
    renderer.blocks(text_root, chunks)
    return "\n\n".join(chunks)


def read_odt(data: bytes) -> ReadResult:
    """Read an OpenDocument text: paragraphs, headings, lists and tables in body order."""
    if not data:
        raise ExtractionError("empty_file", "the file is empty (0 bytes)")
    text = tidy_text(odt_to_text(data))
    if not text.strip():
        raise ExtractionError("no_text", "the document holds no text")
    return ReadResult(text=text)
