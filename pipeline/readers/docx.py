"""Reader for Word (.docx): bytes -> ReadResult.

Paragraphs and tables in body order, as the HTML reader writes them: a blank
line between paragraphs, tables one ``\t``-separated line per row (a merged
cell written once), checkboxes ■/□, and automatic list numbering as text.
"""

from __future__ import annotations

import io
import re
import zipfile

from extractors.core.doc import CHECKED, UNCHECKED
from extractors.core.records import ExtractionError
from extractors.normalize.repair import tidy_text
from pipeline.readers.base import MAX_UNZIPPED_BYTES, MAX_XML_MEMBER_BYTES, ReadResult, mib, too_large
from pipeline.readers.docx_open import open_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Symbol fonts put checkboxes in the private-use area (w:sym w:char="F0FE").
_SYMBOLS = {
    ("wingdings", "fe"): CHECKED, ("wingdings", "fd"): CHECKED, ("wingdings", "fc"): "✓",
    ("wingdings", "78"): CHECKED, ("wingdings", "a8"): UNCHECKED, ("wingdings", "6f"): UNCHECKED,
    ("wingdings", "6e"): CHECKED, ("wingdings", "71"): UNCHECKED,
    ("wingdings 2", "52"): CHECKED, ("wingdings 2", "54"): CHECKED, ("wingdings 2", "51"): CHECKED,
    ("wingdings 2", "a3"): UNCHECKED, ("wingdings 2", "2a"): UNCHECKED,
}
_SKIP = {W + "delText", W + "instrText", W + "rPr", W + "pPr", W + "sdtPr", W + "fldData", MC + "Fallback",
         W + "footnoteReference", W + "commentReference", W + "moveFrom", W + "del"}


def _on(el, attr: str = W + "val") -> bool:
    """A WordprocessingML boolean: present means true unless val says 0/false/off."""
    if el is None:
        return False
    val = el.get(attr)
    return val is None or val.lower() not in ("0", "false", "off")


def _sdt_checkbox(sdt) -> str | None:
    pr = sdt.find(W + "sdtPr")
    box = pr.find(W14 + "checkbox") if pr is not None else None
    if box is None:
        return None
    checked = box.find(W14 + "checked")
    return CHECKED if checked is not None and _on(checked, W14 + "val") else UNCHECKED


def _form_checkbox(fld_char) -> str | None:
    """A legacy FORMCHECKBOX field: w:fldChar begin > w:ffData > w:checkBox."""
    data = fld_char.find(W + "ffData")
    box = data.find(W + "checkBox") if data is not None else None
    if box is None:
        return None
    checked = box.find(W + "checked")
    if checked is not None:
        return CHECKED if _on(checked) else UNCHECKED
    default = box.find(W + "default")
    return CHECKED if default is not None and _on(default) else UNCHECKED


def _symbol(sym) -> str:
    font = (sym.get(W + "font") or "").lower()
    code = (sym.get(W + "char") or "").lower()
    if code.startswith("f0") and len(code) == 4:
        code = code[2:]
    if (font, code) in _SYMBOLS:
        return _SYMBOLS[(font, code)]
    try:
        return chr(int(sym.get(W + "char") or "", 16))
    except ValueError:
        return ""


def _inline_text(el, out: list[str], numbering=None) -> None:
    """Text of a paragraph's content in document order."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag == W + "tab" or tag == W + "ptab":
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == W + "sym":
            out.append(_symbol(child))
        elif tag == W + "fldChar":
            box = _form_checkbox(child)
            if box:
                out.append(box)
        elif tag == W + "sdt":
            box = _sdt_checkbox(child)
            if box:
                out.append(box)
            else:
                _inline_text(child, out, numbering)
        elif tag == W + "p":  # a text box's paragraph inside a drawing
            out.append("\n")
            _inline_text(child, out, numbering)
            out.append("\n")
        elif tag == W + "tbl":
            out.append("\n")
            out.extend(_table_lines(child, numbering))
            out.append("\n")
        else:
            _inline_text(child, out, numbering)


def _paragraph_text(p, numbering=None) -> str:
    out: list[str] = []
    if numbering is not None:
        out.append(numbering.label(p))
    _inline_text(p, out, numbering)
    return "".join(out)


_SPACE_RUN = re.compile(r"\s+")


def _cell_lines(tc, numbering=None) -> str:
    parts: list[str] = []
    for block in _blocks(tc):
        if block.tag == W + "p":
            parts.append(_paragraph_text(block, numbering))
        else:
            parts.extend(_table_lines(block, numbering))
    text = " ".join(parts).replace("\t", " ").replace("\n", " ")
    return _SPACE_RUN.sub(" ", text).strip()


def _table_lines(tbl, numbering=None) -> list[str]:
    lines = []
    for tr in tbl.iter(W + "tr"):
        if _parent_table(tr) is not tbl:
            continue
        cells = []
        for tc in tr.iter(W + "tc"):
            if _parent_row(tc) is not tr:
                continue
            pr = tc.find(W + "tcPr")
            merge = pr.find(W + "vMerge") if pr is not None else None
            if merge is not None and (merge.get(W + "val") or "continue") == "continue":
                cells.append("")  # the cell above holds the merged text
                continue
            cells.append(_cell_lines(tc, numbering))
        lines.append("\t".join(cells))
    return lines


def _parent_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


def _parent_row(el):
    parent = el.getparent()
    while parent is not None and parent.tag != W + "tr":
        parent = parent.getparent()
    return parent


def _blocks(container):
    """Paragraphs and tables of a body or cell in order, looking inside content controls."""
    for child in container:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "smartTag"):
            if child.tag == W + "sdt" and _sdt_checkbox(child):
                continue
            yield from _blocks(child)


_HEADING_STYLE = re.compile(r"^(?:heading|標題|标题|title)\s*\d*$", re.IGNORECASE)


def _heading_style_ids(document) -> frozenset[str]:
    """Ids of the paragraph styles that mark headings (Heading 1-9, 標題 N, Title)."""
    try:
        return frozenset(s.style_id for s in document.styles if _HEADING_STYLE.match((s.name or "").strip()))
    except Exception:  # noqa: BLE001 - a damaged styles part only costs the heading hints
        return frozenset()


def _is_heading(p, style_ids: frozenset[str]) -> bool:
    """A paragraph with a heading style or an outline level of its own."""
    ppr = p.find(W + "pPr")
    if ppr is None:
        return False
    style = ppr.find(W + "pStyle")
    return (style is not None and style.get(W + "val") in style_ids) or ppr.find(W + "outlineLvl") is not None


def docx_to_text(data: bytes, headings: list[str] | None = None) -> str:
    """Render a .docx body as the conventional lines (not yet tidied); the texts of heading
    paragraphs are appended to ``headings`` when given."""
    import docx  # python-docx: imported here so the other readers load without it; registers its parts

    from pipeline.readers.docx_numbering import Numbering

    try:
        try:
            document = open_docx(data)
        except Exception:  # noqa: BLE001 - open_docx walks python-docx's internals (docx_open.py);
            # whatever it raises (a damaged file, or a python-docx release that changed them),
            # the library's own entry point decides: it reads the file or raises its own error.
            document = docx.Document(io.BytesIO(data))
        numbering = Numbering.from_document(document)
        body = document.element.body
    except MemoryError:  # past the worker's memory limit: not a damaged file
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx fails on a broken package in many ways
        # (AttributeError on a [Content_Types].xml without the expected elements, KeyError on a
        # missing part, ValueError, XMLSyntaxError ...): every one means the file is damaged.
        raise ExtractionError(
            "corrupt_docx", f"the file is not a readable Word document ({type(exc).__name__}: {exc})"
        ) from exc
    if body is None:
        return ""
    chunks: list[str] = []
    notes = _note_paragraphs(document)
    style_ids = _heading_style_ids(document) if headings is not None else frozenset()
    for block in _blocks(body):
        if block.tag == W + "p":
            chunks.append(_paragraph_text(block, numbering))
            if headings is not None and _is_heading(block, style_ids):
                headings.append(chunks[-1])
        else:
            chunks.append("\n".join(_table_lines(block, numbering)))
    return "\n\n".join(chunks + notes)


_NOTE_PARTS = ("/footnotes", "/endnotes")


def _note_paragraphs(document) -> list[str]:
    """The texts of the document's footnotes and endnotes, in order, after the body
    (as a converter prints them); separators and continuation marks are not notes."""
    from lxml import etree

    texts: list[str] = []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    for rel in sorted(document.part.rels.values(), key=lambda r: r.reltype):
        if rel.is_external or not rel.reltype.endswith(_NOTE_PARTS):
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, parser)
        except etree.XMLSyntaxError:
            continue  # a damaged notes part costs the notes, not the document
        for note in root:
            if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            for p in note.iter(W + "p"):
                text = _paragraph_text(p).strip()
                if text:
                    texts.append(text)
    return texts


def check_unzipped_size(data: bytes) -> None:
    """Refuse a zip bomb before anything is inflated: ``too_large`` when the members'
    sizes exceed the limits. The sizes in the zip directory bound what reading can give
    (zipfile stops a member at its declared size), so they can be trusted here."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    total = sum(info.file_size for info in members)
    if total > MAX_UNZIPPED_BYTES:
        raise too_large(f"its parts inflate to {mib(total)}", mib(MAX_UNZIPPED_BYTES))
    for info in members:
        if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > MAX_XML_MEMBER_BYTES:
            raise too_large(f"its part {info.filename} inflates to {mib(info.file_size)}", mib(MAX_XML_MEMBER_BYTES))


def read_docx(data: bytes) -> ReadResult:
    """Read a Word document: paragraphs and tables in body order.

    Tables are ``\\t`` rows, vertically merged cells are written once, Word
    checkbox content controls and legacy checkbox fields become ■/□, and
    automatic list numbering (一、 （一） 1.) is written out as text.
    """
    if not data:
        raise ExtractionError("empty_file", "the file is empty (0 bytes)")
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        check_unzipped_size(data)
        headings: list[str] = []
        raw = docx_to_text(data, headings)
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError, XMLSyntaxError) as exc:
        raise ExtractionError("corrupt_docx", f"the file is not a readable Word document ({exc})") from exc
    text = tidy_text(raw)
    if not text.strip():
        raise ExtractionError("no_text", "the document holds no text")
    return ReadResult(text=text, headings=tuple(headings))
