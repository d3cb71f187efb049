"""Sections: the hierarchy of numbered headings and numbered paragraphs.

The marker grammar is in :mod:`extractors.core.numbering`; this module decides which
numbered lines are headings and builds the tree (CONTRACT.md, ``sections``):

- A new marker of rank r closes the open sections of rank >= r and becomes a
  child of the nearest open section of a smaller rank. A marker type the
  document does not use takes no level, so ``level == len(path)`` always.
- ``section_path`` holds the ordinals written in the markers, not the order of
  appearance.
- A numbered line is a heading only when its ordinal continues the sibling
  sequence under that parent: a first child is 1 (or 2, a lost heading), a later
  one is last + 1 (or last + 2). Dates, decimals, phone numbers, table rows and
  lists that do not continue the sequence therefore never open a section.
- Markers count only at the start of a line (after indentation and bullets),
  and in a table row only in its first cell; the one exception is a report body
  that starts inside a cover-form cell (``內容摘要：\t壹、摘要 …``).
- 目次 lines (dot leaders, a trailing page number) are never headings. When a
  top-level marker conflicts with the run so far (it restarts the run's type
  at 1, or it is of an outer type), the run is dropped as preamble if it is
  empty (a 目次 without page numbers), flat and short (cover-form options), or
  smaller than what the new sequence covers (a numbered 摘要); otherwise the
  new marker is body text (an appendix quoting another numbered document).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from extractors.core.doc import Doc
from extractors.core.lexicons import read_rows
from extractors.core.numbering import CJK_NUM, FORMAL_NUM, RANK, Marker, is_toc_line, parse_marker
from extractors.core.records import SectionRow
from extractors.core.width import display_width

HEADING_MAX = 50  # a line this short (after its marker) is a heading line
LEAD_MAX = 40  # a lead phrase before "：" this short is a title
LEAD_WORD_MAX = 10  # "壹、摘要 本府…": a section word this short before a space
NEXT_LINE_TITLE_MAX = 30  # "壹、" alone on a line, title on the next line
PREAMBLE_MAX = 400  # own text of a droppable preamble run, in characters
KINDS = ("summary", "participants", "purpose", "process", "reflections", "recommendations", "appendix", "other")

_SPACE = " \u3000"
_SENTENCE_END = "。！？!?；;"
_CLAUSE_END = _SENTENCE_END + "，,、"
_OPEN = "「『（(【[《〈“‘"
_CLOSE = "」』）)】]》〉”’"


# ---------------------------------------------------------------- kinds


@lru_cache(maxsize=1)
def _kind_words() -> tuple[tuple[str, str, int], ...]:
    """(word, kind, file order) from lexicons/section_kinds.tsv, read once."""
    rows = []
    for kind, word, *_ in read_rows("section_kinds.tsv"):
        rows.append(("".join(word.split()).lower(), kind, len(rows)))  # titles are matched without spaces
    return tuple(rows)


def classify_kind(title: str | None) -> str:
    """The kind of a level-1 section from its heading words; ``other`` when none match.

    The longest lexicon word found wins, so combined forms beat their parts.

    Example:
        >>> classify_kind("心得及建議"), classify_kind("肆、建議事項"), classify_kind("致謝")
        ('reflections', 'recommendations', 'other')
    """
    if not title:
        return "other"
    lowered = "".join(title.lower().split())  # 摘 要 (a transcript with spaced-out CJK)
    best: tuple[int, int, int] | None = None
    best_kind = "other"
    for word, kind, order in _kind_words():
        pos = lowered.find(word)
        if pos < 0:
            continue
        key = (-len(word), pos, order)
        if best is None or key < best:
            best, best_kind = key, kind
    return best_kind


# ---------------------------------------------------------------- titles


def _find_colon(text: str) -> int:
    """Index of the first ：/: outside quotes and brackets, not inside a time (10:30); -1 if none."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in "：:" and depth == 0:
            if 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                continue
            return i
    return -1


def _is_heading_text(text: str) -> bool:
    """Short, not ended like a sentence or a clause (a line ending in ，/、 is wrapped prose)."""
    return 0 < len(text) <= HEADING_MAX and text[-1] not in _CLAUSE_END and "\t" not in text


_LEAD_WORD = re.compile(rf"([^\s{_SPACE}，。、；：:,;（）()「」『』]{{1,{LEAD_WORD_MAX}}})[\s{_SPACE}]+(?=\S)")


def parse_title(rest: str) -> tuple[str | None, int]:
    """The title in the text after a marker, and the offset in ``rest`` where the body begins.

    In order: a section word standing alone before a space at the start of a
    paragraph (``摘要 本府代表團…``); the lead phrase before the first ``：``
    outside quotes and brackets, when it is short (a longer one means an untitled
    paragraph); a short heading line is its own title; else None.

    Example:
        >>> parse_title("持續參與國際競賽：在第 3屆")
        ('持續參與國際競賽', 9)
        >>> parse_title(" 行程表")
        ('行程表', 4)
    """
    start = len(rest) - len(rest.lstrip(_SPACE))
    body = rest[start:].rstrip()
    if not body:
        return None, len(rest)
    heading_line = _is_heading_text(body)
    lead = _LEAD_WORD.match(body)
    if lead and not heading_line and classify_kind(lead.group(1)) != "other":
        return lead.group(1), start + lead.end()
    colon = _find_colon(body)
    if colon > 0 and body[colon + 1 :].strip():
        if colon <= LEAD_MAX:
            return body[:colon].rstrip(_SPACE), start + colon + 1
        return None, start
    if heading_line:
        title = body.rstrip("：:" + _SPACE)
        return (title or None), len(rest)
    return None, start


_SPACED_CJK = re.compile(r"(?:[\u3400-\u9fff][ \u3000])+[\u3400-\u9fff]")


def tidy_title(title: str | None) -> str | None:
    """A title spelled out one character at a time (目 的, a PDF transcript) closed up.

    Example:
        >>> tidy_title("心 得 及 建 議"), tidy_title("拜會 UN-Habitat 總部")
        ('心得及建議', '拜會 UN-Habitat 總部')
    """
    if title and _SPACED_CJK.fullmatch(title):
        return re.sub(r"[ \u3000]", "", title)
    return title


# ---------------------------------------------------------------- headings


@dataclass(frozen=True)
class Heading:
    """A numbered line that may open a section (the builder decides)."""

    marker: Marker  # span relative to the line
    start: int  # absolute offset of the marker in doc.text
    title: str | None
    body_start: int  # absolute offset where the section's own text begins
    first_cell: bool = True  # False: the marker starts a later cell of a table row


# 第X篇/章/節 head a heading line of their own, never a numbered paragraph.
_LINE_ONLY_TYPES = frozenset({"part", "chapter", "section"})


def _iter_lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _line_marker(line: str) -> tuple[Marker, int, str, bool] | None:
    """(marker, cell offset, cell text, first cell?) for a line, or None."""
    if "\t" not in line:
        marker = parse_marker(line)
        return (marker, 0, line, True) if marker else None
    offset = 0
    for i, cell in enumerate(line.split("\t")):
        marker = parse_marker(cell)
        if marker:
            return marker, offset, cell, i == 0
        offset += len(cell) + 1
    return None


def find_headings(text: str, source_headings: frozenset[str] = frozenset()) -> list[Heading]:
    """Every line that starts with a numbering marker and is not a 目次 entry.

    A line the source marks as a heading (``source_headings``: its text with white space
    removed, see :attr:`Doc.headings`) has its whole text as its title, ``：`` and all.
    A marker alone in the first cell of a space-aligned table row (a weekday （三） under
    a date in an itinerary) opens nothing.

    Example:
        >>> [h.title for h in find_headings("三、分組座談：海洋治理", frozenset({"三、分組座談：海洋治理"}))]
        ['分組座談：海洋治理']
        >>> [h.title for h in find_headings("三、分組座談：海洋治理")]
        ['分組座談']
    """
    lines = list(_iter_lines(text))
    headings = []
    for index, (line_start, line) in enumerate(lines):
        found = _line_marker(line)
        if found is None:
            continue
        marker, cell_offset, cell, first_cell = found
        if is_toc_line(cell) or (first_cell and line.count("\t") == 1 and is_toc_line(line)):
            continue  # "壹、目的……1", or a two-cell 目次 row "壹、目的\t1"
        rest = cell[marker.span[1] :]
        if marker.type in _LINE_ONLY_TYPES and rest.strip() and not _is_heading_text(rest.strip()):
            continue  # "第一篇論文發表於…" is a sentence, not a part heading
        if first_cell and "\t" not in line and _aligned_cell(lines, index, rest):
            continue
        title, body_offset = parse_title(rest)
        if source_headings and "\t" not in line and "".join(line.split()) in source_headings \
                and _is_heading_text(rest.strip()):
            title, body_offset = rest.strip().rstrip("：:" + _SPACE), len(rest)
        body_start = line_start + cell_offset + marker.span[1] + body_offset
        if title is None and not rest.strip() and "\t" not in line:
            title, body_start = _next_line_title(lines, index, body_start)
        headings.append(
            Heading(marker, line_start + cell_offset + marker.span[0], tidy_title(title), body_start, first_cell)
        )
    return headings


_COLUMN_GAP = re.compile(r"\S(?: {2,}|\u3000+)(?=\S)")


def _column_starts(line: str) -> set[int]:
    """Display columns where the cells of a space-aligned row start."""
    return {display_width(line[: m.end()]) for m in _COLUMN_GAP.finditer(line)}


def _aligned_cell(lines: list[tuple[int, str]], index: int, rest: str) -> bool:
    """The marker stands alone before a column gap (``（三）      拜會…``), the line
    before it is a space-aligned table row, and the text after the gap starts in one of
    that row's columns: the marker is a table cell, not a heading."""
    gap = re.match(r" {4,}|\u3000{2,}", rest)
    if not gap or gap.end() == len(rest):
        return False
    line = lines[index][1]
    column = display_width(line[: len(line) - len(rest) + gap.end()])
    for _, before in reversed(lines[max(0, index - 3) : index]):
        if before.strip():
            starts = _column_starts(before)
            return len(starts) >= 2 and any(abs(column - s) <= 2 for s in starts)
    return False


def _next_line_title(lines: list[tuple[int, str]], index: int, body_start: int) -> tuple[str | None, int]:
    """A marker alone on its line takes a short unnumbered next line as its title."""
    for line_start, line in lines[index + 1 : index + 3]:
        stripped = line.strip()
        if not stripped:
            continue
        if len(stripped) <= NEXT_LINE_TITLE_MAX and stripped[-1] not in _SENTENCE_END \
                and "\t" not in line and parse_marker(line) is None:
            return stripped.rstrip("：:"), line_start + len(line)
        break
    return None, body_start


# ---------------------------------------------------------------- tree


@dataclass
class _Node:
    heading: Heading | None
    path: tuple[int, ...]
    rank: int
    last: dict[str, int] = field(default_factory=dict)  # last ordinal per child marker type
    end: int = -1


def _continues(last: int | None, marker: Marker, parent: _Node) -> bool:
    ordinal = marker.ordinal
    if marker.prefix:  # an outline number (2.3.1) names its parent and is never skipped
        if parent.path[-len(marker.prefix) :] != marker.prefix:
            return False
        return ordinal == (last or 0) + 1
    if last is None:
        return ordinal in (1, 2)
    return ordinal in (last + 1, last + 2)


def _own_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) with surrounding whitespace removed (empty when start >= end)."""
    end = max(start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass
class _Run:
    """The sections opened since the tree last (re)started, with running totals."""

    nodes: list[_Node] = field(default_factory=list)
    size: int = 0  # own-text characters of every node but the last
    flat: bool = True  # every node is at level 1

    def add(self, text: str, node: _Node) -> None:
        if self.nodes:
            start, end = _own_span(text, self.nodes[-1].heading.body_start, node.heading.start)
            self.size += end - start
        self.flat = self.flat and len(node.path) == 1
        self.nodes.append(node)

    def size_upto(self, text: str, pos: int) -> int:
        start, end = _own_span(text, self.nodes[-1].heading.body_start, pos)
        return self.size + end - start


def _chain_lengths(headings: list[Heading]) -> list[int]:
    """For each heading: how many headings of its type continue from it (itself included),
    each carrying the next ordinal (or the one after, a lost heading). Linear: one pass back."""
    nearest: dict[tuple[str, int], int] = {}  # (type, ordinal) -> the nearest later heading's index
    result = [1] * len(headings)
    for i in range(len(headings) - 1, -1, -1):
        marker = headings[i].marker
        for step in (1, 2):
            later = nearest.get((marker.type, marker.ordinal + step))
            if later is not None:
                result[i] = 1 + result[later]
                break
        nearest[(marker.type, marker.ordinal)] = i
    return result


def _accepts_restart(text: str, run: _Run, heading: Heading, outer: bool, chain: int) -> bool:
    """Whether a top-level marker that conflicts with the current run starts the real tree.

    ``outer``: its type is outer to the run's (壹、 after a run of 一、); else it
    restarts the run's own type at 1. The run is dropped as preamble when it is
    empty (a 目次), flat and short (cover-form options), or when the new marker
    goes on to form a sequence that covers more text than the run did (a
    numbered 摘要 before the body). Otherwise the marker is body text (an
    appendix that quotes another numbered document).
    """
    ordinal = heading.marker.ordinal
    if ordinal not in ((1, 2) if outer else (1,)):
        return False
    if heading.marker.type == "roman" and run.nodes[0].heading.marker.type != "roman":
        return False  # an English appendix (I. Agenda) after a Chinese body
    size = run.size_upto(text, heading.start)
    if size == 0 or (run.flat and size <= PREAMBLE_MAX):
        return True
    longer = chain > 1 and size < len(text) - heading.start
    # A restart of the run's own type must also number more sections than the run: a flat
    # body 一…八 followed by a long appendix 一…三 keeps the body (a 摘要 一…三 before a body
    # 一…八 is still dropped).
    return longer and (outer or (run.flat and chain > len(run.nodes)))


def build_sections(doc: Doc, headings: list[Heading]) -> list[SectionRow]:
    """Nest candidate headings into the section tree and make one row per section."""
    text = doc.text
    root = _Node(None, (), -1)
    stack: list[_Node] = [root]
    run = _Run()
    used: set[tuple[int, ...]] = set()
    chains = _chain_lengths(headings)
    for index, heading in enumerate(headings):
        marker = heading.marker
        rank = marker.rank
        if not heading.first_cell and (run.nodes or rank > RANK["cjk"] or marker.ordinal != 1):
            continue  # only a report body that starts inside a cover-form cell
        depth = len(stack) - 1
        while stack[depth].rank >= rank:
            depth -= 1
        parent = stack[depth]
        ok = _continues(parent.last.get(marker.type), marker, parent)
        if parent is root and run.nodes:
            outer = rank < stack[1].rank
            if outer or not ok:
                ok = _accepts_restart(text, run, heading, outer, chains[index])
                if ok:  # drop the preamble run and start the tree again
                    run, used, stack, root.last = _Run(), set(), [root], {}
                    depth = 0
        path = parent.path + (marker.ordinal,)
        if not ok or path in used:
            continue
        for closed in stack[depth + 1 :]:
            closed.end = heading.start
        del stack[depth + 1 :]
        node = _Node(heading, path, rank)
        parent.last[marker.type] = marker.ordinal
        stack.append(node)
        run.add(text, node)
        used.add(path)
    for open_node in stack[1:]:
        open_node.end = len(text)
    nodes = run.nodes
    _close_at_unnumbered(nodes, find_closers(text))
    return [_build_row(doc, node, nodes[i + 1].heading.start if i + 1 < len(nodes) else node.end)
            for i, node in enumerate(nodes)]


@lru_cache(maxsize=1)
def _closer_pattern() -> re.Pattern[str]:
    words = sorted((w for w, kind, _ in _kind_words() if kind == "appendix"), key=len, reverse=True)
    return re.compile(
        rf"^[{_SPACE}#]*(?:{'|'.join(map(re.escape, words))})[{CJK_NUM}{FORMAL_NUM}0-9A-Za-z]{{0,3}}"
        rf"(?:[{_SPACE}：:、．.\-－—]+[^。！？!?；;\t]{{0,40}})?$",
        re.IGNORECASE,
    )


def find_closers(text: str) -> list[int]:
    """Offsets of unnumbered appendix headings (附錄, 附件二：會議議程, Appendix) on a line of their own."""
    pattern = _closer_pattern()
    # The anchored closer pattern first: it fails at once on almost every line.
    return [start for start, line in _iter_lines(text)
            if line.strip() and pattern.match(line) and parse_marker(line) is None and not is_toc_line(line)]


def _close_at_unnumbered(nodes: list[_Node], closers: list[int]) -> None:
    """An unnumbered 附錄 heading after the last section ends the sections still open.

    One with a section after it (附件：行程表 inside 貳、過程) is a line of body text, one
    inside a numbered 肆、附錄 belongs to it, and one before the first section belongs to
    the preamble (a 目次 without page numbers).
    """
    if not nodes:
        return
    top = [node for node in nodes if len(node.path) == 1]
    if top and classify_kind(top[-1].heading.title) == "appendix":
        return  # 附件一 inside 肆、附錄 is part of it
    last = nodes[-1].heading.start
    after = [closer for closer in closers if closer > last]
    if after:
        for node in nodes:
            node.end = min(node.end, after[0])


def _build_row(doc: Doc, node: _Node, own_stop: int) -> SectionRow:
    heading = node.heading
    if heading is None:
        raise ValueError("a section node without a heading")
    start, end = _own_span(doc.text, heading.start, node.end)
    own_start, own_end = _own_span(doc.text, heading.body_start, min(own_stop, node.end))
    level = len(node.path)
    return SectionRow(
        doc_id=doc.doc_id,
        section_path=".".join(str(part) for part in node.path),
        level=level,
        marker=heading.marker.text,
        title=heading.title,
        kind=classify_kind(heading.title) if level == 1 else None,
        text=doc.text[own_start:own_end] or None,
        char_start=start,
        char_end=end,
        page=doc.page_of(start),
    )


def extract_sections(doc: Doc) -> list[SectionRow]:
    """The section tree of a document, one row per section in document order.

    Example:
        >>> from extractors.core.doc import doc_from_text
        >>> rows = extract_sections(doc_from_text("壹、目的\\n\\n本次出訪。\\n\\n貳、過程\\n\\n一、行程表\\n\\n（一）第一天"))
        >>> [(r.section_path, r.level, r.title, r.kind) for r in rows]
        [('1', 1, '目的', 'purpose'), ('2', 1, '過程', 'process'), ('2.1', 2, '行程表', None), ('2.1.1', 3, '第一天', None)]
    """
    return build_sections(doc, find_headings(doc.text, frozenset(doc.headings)))
