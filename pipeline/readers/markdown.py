"""Reader for markdown (.md): bytes -> ReadResult.

Headings lose their ``#``, bullets their marker, emphasis and links their
markup; pipe tables become ``\t`` rows; inline HTML is rendered like the HTML
reader renders it.
"""

from __future__ import annotations

import html
import re

from extractors.core.doc import CHECKED, UNCHECKED
from extractors.core.records import ExtractionError
from extractors.normalize.repair import collapse_fake_bold, find_run4_lines, tidy_text
from pipeline.readers.base import ReadResult
from pipeline.readers.decode import decode_bytes
from pipeline.readers.html import html_to_text

_HTML_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*?/?>")
_HTML_TABLE_START = re.compile(r"<table\b", re.IGNORECASE)
_HTML_TABLE_END = re.compile(r"</table\s*>", re.IGNORECASE)
_INPUT = re.compile(r"<input\b[^<>]*>", re.IGNORECASE)
_PIPE_ROW_LINE = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_BREAK_TAG = re.compile(r"</?(?:br|p)\b[^<>]*>", re.IGNORECASE)
_PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "hr"}
_LINE_TAGS = {"br", "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "caption"}

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}(>\s?)+")
_TASK = re.compile(r"^\s*[-*+]\s+\[([ xXvV])\]\s+")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_REFERENCE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s+\S+.*$")
# A footnote is text: its definition ([^1]: 本次…) keeps its text, a reference to it ([^1]) goes.
_FOOTNOTE_DEF = re.compile(r"^\s{0,3}\[\^[^\]\s]{1,50}\]:\s*")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]{1,50}\]")
# Inline spans are bounded (1,000 characters of text, 2,000 of a URL): an unclosed ** or [ then
# stops scanning there instead of at the end of the line, so a long line of openers stays
# linear. A longer span is left as written, markup and all.
_IMAGE = re.compile(r"!\[([^\]]{0,1000})\]\([^)]{0,2000}\)")
_LINK = re.compile(r"\[([^\]]{1,1000})\]\((?:[^()\s]|\([^()]{0,2000}\)){0,2000}(?:\s+\"[^\"]{0,1000}\")?\)")
_REF_LINK = re.compile(r"\[([^\]]{1,1000})\]\[[^\]]{0,1000}\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,1000}?)(?<=\S)\1")
# * may mark emphasis inside a word (CJK has no spaces); _ may not.
_EMPHASIS_STAR = re.compile(r"(?<!\*)\*(?=\S)([^*\n]{1,1000}?)(?<=\S)\*(?!\*)")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![_\w])_(?=\S)([^_\n]{1,1000}?)(?<=\S)_(?![_\w])")
_STRIKE = re.compile(r"~~(?=\S)(.{1,1000}?)(?<=\S)~~")
_CODE = re.compile(r"`+([^`\n]{1,1000}?)`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_ESCAPED = 0xF0000  # escaped characters hide in plane-15 private use while markup is stripped
_HIDDEN = re.compile("[\U000F0000-\U000F00FF]")


def _input_glyph(tag: str) -> str:
    if not re.search(r"type\s*=\s*[\"']?(checkbox|radio)", tag, re.IGNORECASE):
        return ""
    return CHECKED if re.search(r"\bchecked\b", tag, re.IGNORECASE) else UNCHECKED


def _replace_tag(match: re.Match[str]) -> str:
    name = match.group(1).lower()
    if name in _PARAGRAPH_TAGS:
        return "\n\n"
    if name in _LINE_TAGS:
        return "\n"
    if name in ("td", "th") and match.group(0).startswith("</"):
        return "\t"
    return ""


def _drop_comments(text: str) -> str:
    """Remove ``<!-- ... -->``; an unclosed comment stays as written. One pass with
    ``str.find`` (a lazy regex rescans to the end from every unclosed opener)."""
    out: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        out.append(text[pos:start])
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)


def _render_tables(text: str, render) -> str:
    """Each ``<table>...</table>`` rendered as rows, in one pass; from an opener with no
    closing tag on, the text is left to the tag stripper."""
    out: list[str] = []
    pos = 0
    while start := _HTML_TABLE_START.search(text, pos):
        end = _HTML_TABLE_END.search(text, start.end())
        if end is None:
            break
        out.append(text[pos : start.start()])
        out.append("\n\n" + render(text[start.start() : end.end()]) + "\n\n")
        pos = end.end()
    out.append(text[pos:])
    return "".join(out)


def strip_html_tags(text: str) -> str:
    """HTML inside markdown: blocks become line breaks, checkboxes ■/□, other tags go.

    Tables are rendered like the HTML reader renders them (one ``\\t`` row per
    line). Entities are left for the caller to unescape.
    """
    text = _drop_comments(text)
    text = _AUTOLINK.sub(r"\1", text)  # <https://...> is a link, not a tag
    # Inside a pipe-table row a <br> is a space: the row must stay one line.
    text = _PIPE_ROW_LINE.sub(lambda m: _BREAK_TAG.sub(" ", m.group(0)), text)
    text = _render_tables(text, html_to_text)
    text = _INPUT.sub(lambda m: _input_glyph(m.group(0)), text)
    return _HTML_TAG.sub(_replace_tag, text)


def _hide_escapes(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(_ESCAPED + ord(m.group(1))), text)


def _show_escapes(text: str) -> str:
    return _HIDDEN.sub(lambda m: chr(ord(m.group(0)) - _ESCAPED), text)


def _strip_inline(line: str) -> str:
    # Each pattern needs a character that is tested first: most lines hold none of them,
    # and a replacement (a group of the match) never brings one in.
    if "[" in line:
        line = _IMAGE.sub(r"\1", line)
        line = _LINK.sub(r"\1", line)
        line = _REF_LINK.sub(r"\1", line)
    if "<" in line:
        line = _AUTOLINK.sub(r"\1", line)
    if "`" in line:
        line = _CODE.sub(r"\1", line)
    if "*" in line or "_" in line:
        for _ in range(2):  # ***x*** is strong inside emphasis
            line = _STRONG.sub(r"\2", line)
    if "~" in line:
        line = _STRIKE.sub(r"\1", line)
    if "*" in line:
        line = _EMPHASIS_STAR.sub(r"\1", line)
    if "_" in line:
        line = _EMPHASIS_UNDERSCORE.sub(r"\1", line)
    return line


def _split_row(line: str) -> list[str]:
    row = line.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    return [_strip_inline(cell.strip()) for cell in row.split("|")]


def _is_pipe_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("|") and stripped.count("|") >= 2


def markdown_to_lines(text: str, headings: list[int] | None = None) -> list[str]:
    """Markdown source (tags already handled) -> plain lines, before tidy-up; the indexes of
    heading lines (ATX ``#`` and setext) are appended to ``headings`` when given."""
    lines = text.split("\n")
    out: list[str] = []
    in_fence = False
    in_table = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(line)
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _TABLE_SEPARATOR.match(line) and "-" in line and (in_table or "|" in line):
            in_table = True
            continue  # |---|:---:| carries no text
        if "|" in line and (in_table or _is_pipe_row(line) or ("|" in nxt and _TABLE_SEPARATOR.match(nxt))):
            in_table = True
            out.append("\t".join(_split_row(line)))
            continue
        in_table = False
        if _REFERENCE.match(line):
            continue
        if "[^" in line:
            line = _FOOTNOTE_REF.sub("", _FOOTNOTE_DEF.sub("", line))
        if _SETEXT.match(line) and out and out[-1].strip():
            if headings is not None:
                headings.append(len(out) - 1)
            continue  # the underline of a setext heading
        if _RULE.match(line):
            out.append("")
            continue
        line = _QUOTE.sub("", line)
        if _HEADING.match(line):
            line = _CLOSING_HASHES.sub("", _HEADING.sub("", line))
            if headings is not None:
                headings.append(len(out))
        task = _TASK.match(line)
        if task:
            box = UNCHECKED if task.group(1) == " " else CHECKED
            line = box + " " + line[task.end() :]
        else:
            line = _BULLET.sub("", line)
        if "\t" not in line:
            line = line.strip()
        out.append(_strip_inline(line))
    return out


def markdown_text(raw: str, headings: list[str] | None = None) -> str:
    """Markdown source -> normalized text (see :func:`read_md`); the heading lines' texts
    are appended to ``headings`` when given."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    raw = strip_html_tags(_hide_escapes(raw))
    heading_index: list[int] = []
    lines = markdown_to_lines(raw, heading_index)
    lines = [_show_escapes(html.unescape(line)) for line in lines]
    runs4 = find_run4_lines(lines)  # the exact ×4 test only where it can hold (markdown lines are paragraphs)
    lines = [collapse_fake_bold(line, runs4=i in runs4) for i, line in enumerate(lines)]
    if headings is not None:
        headings.extend(lines[i] for i in heading_index if lines[i].strip())
    return tidy_text("\n".join(lines))


def read_md(data: bytes) -> ReadResult:
    """Read a markdown file (often a conversion of a report: seed 002).

    Headings lose their ``#``, bullets their ``-``/``*`` (``1.`` is content and
    stays), emphasis and links their markup; pipe tables become ``\t`` rows;
    inline HTML becomes line breaks and checkboxes; entities are unescaped.
    """
    raw, encoding, flags = decode_bytes(data)
    headings: list[str] = []
    text = markdown_text(raw, headings)
    if not text.strip():
        raise ExtractionError("no_text", "the file holds no text, only white space or markup.")
    return ReadResult(text=text, encoding=encoding, flags=flags, headings=tuple(headings))
