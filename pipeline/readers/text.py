"""Readers for plain text (.txt) and markdown (.md): bytes -> ReadResult.

Decoding is shared by every text-like format (markdown and HTML use it too):
a byte-order mark wins, then strict UTF-8, then charset-normalizer's best
guess, with Big5 read as cp950 (its superset, as Windows writes it).
"""

from __future__ import annotations

import codecs
import html
import re

from charset_normalizer import from_bytes

from extractors.core.doc import CHECKED, UNCHECKED, Page
from extractors.core.records import ExtractionError
from extractors.normalize.repair import (
    collapse_fake_bold,
    find_run4_lines,
    normalize_pages,
    repair_mojibake,
    tidy_text,
)
from pipeline.readers.base import ReadResult

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_COMMON = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\n]")
_BIG5_NAMES = {"big5", "cp950", "big5hkscs", "big5-hkscs"}
# Control characters that never occur in text (not \t \n \r \f and ESC).
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _empty() -> ExtractionError:
    return ExtractionError("empty_file", "the file is empty (0 bytes)")


def _undecodable(why: str) -> ExtractionError:
    return ExtractionError("undecodable_text", f"the text could not be decoded: {why}.")


def _utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le/-be when NUL bytes sit on one parity only, as ASCII in UTF-16 does."""
    sample = data[:65536]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    zeros = even + odd
    if zeros < max(2, len(sample) // 20):
        return None
    if odd >= 0.95 * zeros:
        return "utf-16-le"
    if even >= 0.95 * zeros:
        return "utf-16-be"
    return None


def _check_not_binary(data: bytes) -> None:
    sample = data[:65536]
    nuls = sample.count(0)
    if nuls and nuls >= len(sample) // 100 and _utf16_without_bom(data) is None:
        share = 100 * nuls / len(sample)
        raise ExtractionError(
            "binary_file", f"the file looks binary, not text ({share:.0f}% of its first bytes are NUL)."
        )


def _decode_strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _replace_double_byte(error: UnicodeError) -> tuple[str, int]:
    """An undecodable Big5 lead byte takes its trail byte with it (one U+FFFD, not �@)."""
    assert isinstance(error, UnicodeDecodeError)
    data = error.object
    if 0x81 <= data[error.start] <= 0xFE and error.start + 1 < len(data):
        return "\ufffd", error.start + 2
    return "\ufffd", error.end


codecs.register_error("double_byte_replace", _replace_double_byte)


def _decode_big5(data: bytes) -> tuple[str, str, tuple[str, ...]] | None:
    """cp950 (Windows Big5); a few user-defined characters become U+FFFD; then HKSCS."""
    text = _decode_strict(data, "cp950")
    if text is not None:
        return text, "cp950", ("big5",)
    replaced = data.decode("cp950", errors="double_byte_replace")
    if replaced.count("\ufffd") <= max(1, len(replaced) // 200):
        return replaced, "cp950", ("big5", "replaced_bytes")
    text = _decode_strict(data, "big5hkscs")
    if text is not None:
        return text, "big5hkscs", ("big5",)
    return None


def decode_bytes(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decode a text file: (text, encoding, flags).

    UTF-8 that an earlier tool read as cp1252 and saved again (mojibake) is
    repaired and flagged ``mojibake_repaired``.
    Raises ExtractionError: empty_file, binary_file, undecodable_text.
    """
    text, encoding, flags = _decode(data)
    repaired = repair_mojibake(text)
    if repaired != text:
        flags += ("mojibake_repaired",)
    return repaired, encoding, flags


def _decode(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    if not data:
        raise _empty()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _decode_strict(data[len(bom) :], encoding.replace("-sig", ""))
            if text is None:
                raise _undecodable(f"it starts with a {encoding} byte-order mark but is not valid {encoding}")
            return text, encoding, ()
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = _decode_strict(data, utf16)
        if text is not None and not _BINARY_CONTROLS.search(text[:65536]):
            return text, utf16, ()
    _check_not_binary(data)
    text = _decode_strict(data, "utf-8")
    if text is not None:
        return text, "utf-8", ()
    # Mostly UTF-8 with a few broken bytes (a cut file): keep UTF-8, mark it.
    repaired = data.decode("utf-8", errors="replace")
    bad = repaired.count("\ufffd")
    if bad <= max(1, len(repaired) // 1000) and sum(ord(c) > 127 for c in repaired) > 10 * bad:
        return repaired, "utf-8", ("replaced_bytes",)
    best = from_bytes(data).best()
    if best is None:
        mixed = _decode_mixed(data)
        if mixed is not None:
            return mixed
        raise _undecodable("no known encoding reads it (tried UTF-8, UTF-16, Big5/cp950 and others)")
    encoding = best.encoding.lower().replace("_", "-")
    if encoding in ("utf-16-le", "utf-16-be"):
        # Without a BOM or ASCII the byte order is a guess: keep the one that
        # reads as common CJK and ASCII.
        both = [(t, e) for e in ("utf-16-le", "utf-16-be") if (t := _decode_strict(data, e)) is not None]
        text, encoding = max(both, key=lambda pair: len(_COMMON.findall(pair[0])))
        return text, encoding, ("encoding_guessed",)
    if encoding in _BIG5_NAMES:
        big5 = _decode_big5(data)
        if big5 is not None:
            return big5
    text = str(best)
    if _BINARY_CONTROLS.search(text[:65536]):
        raise ExtractionError("binary_file", "the file looks binary, not text (it has control bytes).")
    return text, encoding, ("encoding_guessed",)


# Among the encodings charset-normalizer finds equally plausible for a short block,
# the ones these reports are written in come first.
_PREFERRED = ("utf_8", "big5", "cp950", "utf_16_le", "utf_16_be", "gb18030", "cp1252")


# Double-byte encodings whose strict decoding rejects most other text, so an encoding
# that read one block can be tried on the next without detection. (UTF-16 and the
# single-byte code pages decode almost any bytes: they always go through detection.)
_VALIDATING = {"cp950", "big5hkscs", "gb18030", "gbk", "gb2312", "shift_jis", "cp932", "euc_jp", "euc_kr"}


def _split_byte_lines(data: bytes) -> list[bytes]:
    """Lines with their ``\n``; a UTF-16-LE line keeps the NUL after its ``0A`` byte."""
    lines: list[bytes] = []
    start = 0
    while start < len(data):
        nl = data.find(b"\n", start)
        end = len(data) if nl < 0 else nl + 1
        if nl >= 0 and data[end : end + 1] == b"\x00":
            end += 1
        lines.append(data[start:end])
        start = end
    return lines


def _guess_block(block: bytes, known: dict[str, int]) -> str | None:
    """The block decoded with an encoding that already read an earlier block of the file
    (most used first: detection costs a fraction of a millisecond per line, which adds up
    over a long file), else with charset-normalizer's best guess; None when neither works.
    ``known`` counts the encodings used so far."""
    for encoding in sorted(known, key=lambda e: -known[e]):
        if encoding not in _VALIDATING:
            continue
        text = _decode_strict(block, encoding)
        if text is not None and not _BINARY_CONTROLS.search(text.replace("\x00", "")) and text.strip("\x00"):
            known[encoding] += 1
            return text.replace("\x00", "")
    matches = list(from_bytes(block))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    calm = [m for m in matches if m.chaos == least]
    rank = {name: k for k, name in enumerate(_PREFERRED)}

    def preferred(match) -> tuple[int, str]:  # a match stands for every encoding giving the same text
        names = [match.encoding, *match.could_be_from_charset]
        return min((rank.get(name, len(rank)), name) for name in names)

    best = min(calm, key=lambda m: (preferred(m)[0], calm.index(m)))
    encoding = preferred(best)[1]
    encoding = "cp950" if encoding in ("big5", "cp950") else encoding
    text = _decode_strict(block, encoding)
    if text is None or _BINARY_CONTROLS.search(text.replace("\x00", "")) or not text.strip("\x00"):
        return None
    known[encoding] = known.get(encoding, 0) + 1
    return text.replace("\x00", "")


def _decode_mixed(data: bytes) -> tuple[str, str, tuple[str, ...]] | None:
    """A file whose lines are in different encodings (pasted together from several
    sources), when no single encoding reads it: UTF-8 lines as UTF-8, each run of
    other lines by charset-normalizer (the run whole, else line by line); a line
    nothing reads keeps U+FFFD for its bytes. Flag ``mixed_encoding``.

    Only for a file that is mostly UTF-8 (at least half its bytes, in lines that are
    valid UTF-8 and free of control bytes): random bytes stay undecodable.
    """
    lines = _split_byte_lines(data)
    utf8 = [_decode_strict(line, "utf-8") for line in lines]
    utf8 = [t if t is not None and not _BINARY_CONTROLS.search(t) else None for t in utf8]
    if sum(len(line) for line, t in zip(lines, utf8, strict=True) if t is not None) * 2 < len(data):
        return None
    flags = ["mixed_encoding"]
    out: list[str] = []
    known: dict[str, int] = {}
    k = 0
    while k < len(lines):
        if utf8[k] is not None:
            out.append(utf8[k])  # type: ignore[arg-type]
            k += 1
            continue
        end = k
        while end < len(lines) and utf8[end] is None:
            end += 1
        block = lines[k:end]
        whole = _guess_block(b"".join(block), known) if len(block) > 1 else None
        if whole is not None:
            out.append(whole)
        else:
            for line in block:
                text = _guess_block(line, known)
                if text is None:
                    text = line.decode("utf-8", errors="replace")
                    if _BINARY_CONTROLS.search(text):
                        text = _BINARY_CONTROLS.sub("\ufffd", text)
                    if "replaced_bytes" not in flags:
                        flags.append("replaced_bytes")
                out.append(text)
        k = end
    return "".join(out), "mixed", tuple(flags)


_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_MD_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*\|", re.M)
_MD_TAGS = re.compile(r"<(?:p|br|b|input|table|tr|td|div|span)\b[^<>]*>", re.I)
_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html\b)", re.I)


def sniff_markup(text: str) -> str | None:
    """"md" or "html" when a .txt file is really markdown or HTML, else None.

    Conversions save markdown as .txt (seed 002 is one): two or more of its
    signs (# headings, a |---| row, HTML tags) decide.
    """
    head = text[:200_000]
    if _HTML_START.match(head):
        return "html"
    headings = len(_MD_HEADING.findall(head))
    signs = (headings >= 1) + (headings >= 2) + bool(_MD_TABLE_SEPARATOR.search(head))
    signs += len(_MD_TAGS.findall(head)) >= 3
    return "md" if signs >= 2 else None


def read_txt(data: bytes) -> ReadResult:
    """Read a plain-text file, most often a text dump of a PDF report.

    Form feeds are page breaks: each page gets a Page with its span in the
    normalized text. Without form feeds there are no pages. A .txt file that
    is really markdown or HTML is read as such (flag ``markdown_in_txt`` or
    ``html_in_txt``).
    """
    raw, encoding, flags = decode_bytes(data)
    kind = sniff_markup(raw)
    if kind == "md":
        text = markdown_text(raw)
        flags += ("markdown_in_txt",)
    elif kind == "html":
        from pipeline.readers.markup import html_to_text

        text = tidy_text(html_to_text(raw))
        flags += ("html_in_txt",)
    if kind:
        if not text.strip():
            raise ExtractionError("no_text", "the file holds no text, only markup.")
        return ReadResult(text=text, encoding=encoding, flags=flags)
    chunks = raw.split("\f")
    text, spans = normalize_pages(chunks)
    if not text.strip():
        raise ExtractionError("no_text", "the file holds no text, only white space.")
    pages: tuple[Page, ...] = ()
    if len(chunks) > 1:
        pages = tuple(
            Page(number=i + 1, char_start=span.char_start, char_end=span.char_end,
                 n_chars=len(chunk), fake_bold=span.fake_bold)
            for i, (span, chunk) in enumerate(zip(spans, chunks, strict=True))
        )
    if any(span.fake_bold for span in spans):
        flags += ("fake_bold",)
    return ReadResult(text=text, pages=pages, n_pages=None, encoding=encoding, flags=flags)


# --------------------------------------------------------------------------
# Markdown

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
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
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
    from pipeline.readers.markup import html_to_text  # markup imports this module

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


def markdown_to_lines(text: str) -> list[str]:
    """Markdown source (tags already handled) -> plain lines, before tidy-up."""
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
        if _SETEXT.match(line) and out and out[-1].strip():
            continue  # the underline of a setext heading
        if _RULE.match(line):
            out.append("")
            continue
        line = _QUOTE.sub("", line)
        if _HEADING.match(line):
            line = _CLOSING_HASHES.sub("", _HEADING.sub("", line))
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


def markdown_text(raw: str) -> str:
    """Markdown source -> normalized text (see :func:`read_md`)."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    raw = strip_html_tags(_hide_escapes(raw))
    lines = markdown_to_lines(raw)
    lines = [_show_escapes(html.unescape(line)) for line in lines]
    runs4 = find_run4_lines(lines)  # the exact ×4 test only where it can hold (markdown lines are paragraphs)
    lines = [collapse_fake_bold(line, runs4=i in runs4) for i, line in enumerate(lines)]
    return tidy_text("\n".join(lines))


def read_md(data: bytes) -> ReadResult:
    """Read a markdown file (often a conversion of a report: seed 002).

    Headings lose their ``#``, bullets their ``-``/``*`` (``1.`` is content and
    stays), emphasis and links their markup; pipe tables become ``\t`` rows;
    inline HTML becomes line breaks and checkboxes; entities are unescaped.
    """
    raw, encoding, flags = decode_bytes(data)
    text = markdown_text(raw)
    if not text.strip():
        raise ExtractionError("no_text", "the file holds no text, only white space or markup.")
    return ReadResult(text=text, encoding=encoding, flags=flags)
