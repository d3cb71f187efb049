"""The cover form (出國報告提要 / 提要表, and the 附件一 cover page): labelled fields.

A field is a label from ``lexicons/cover_labels.tsv`` at the start of a line or cell,
followed by a colon (full or half width), a tab (label cell, value cell), or, for a
slash-joined label like 姓名/服務機關/單位/職稱, by its value. The value runs to the
next label, so several fields may share a line (聯絡人：… 電話：…) and a value may wrap
over several lines. Checkbox rows give the ticked option (■, or ☑ ☒ ✓ V when they
survive normalization), with the label before or after the box.

Example:
    >>> form = parse_cover_text("出國類別：□考察 ■開會 □其他\\n出國期間：107年4月9日至107年4月14日")
    >>> form.fields["trip_type"], form.trip_start.isoformat(), form.trip_end.isoformat()
    ('開會', '2018-04-09', '2018-04-14')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from extractors.core.lexicons import read_lines, read_rows
from extractors.core.numbering import is_toc_line
from extractors.core.textlines import fold_label, is_heading, join_pieces, match_header
from extractors.dates.extract import parse_date
from extractors.reports.cover_values import (
    arabic_dates,
    box_direction,
    fill_in,
    parse_bool,
    parse_checked,
    parse_destinations,
    parse_keywords,
    parse_period,
)

_BOX = re.compile(r"<input[^>]*checkbox[^>]*>|[■□☑☒✓✔✅▣☐]")
_BOUNDARY = r"(?:^|(?<=[\t \u3000|■□☑☒✓✔（(]))"
_INSTRUCTION = re.compile(r"^\s*[（(][^（()）]{0,20}字[^（()）]{0,10}[）)]\s*")
TOC_HEADING = re.compile(r"^#*\s*(?:目[ \u3000]*[次錄录]|(?:table[ \u3000]+of[ \u3000]+)?contents)[ \u3000]*$", re.IGNORECASE)
_OPTION_NUMBER = re.compile(r"^(?:[(（]?\d{1,2}[)）.．、]?|[(（]?[一二三四五六七八九十][)）.．、])\s*")  # □1考察 □(2)進修
_CLOSE = re.compile(r"[）)\n]")
_SYSTEM_ID = re.compile(r"[A-Z]\d{8}")
# Fields whose value may wrap onto following lines; the others end with their line.
WRAPPING = {
    "title",
    "organizer",
    "destinations",
    "keywords",
    "people",
    "agency",
    "unit",
    "name_title",
    "job_title",
}


@dataclass(frozen=True)
class Field:
    """One labelled field found in the text: which field, the label, the value span."""

    name: str
    label: str
    start: int  # label start
    value_start: int
    value_end: int
    value: str


@dataclass
class CoverForm:
    """The parsed form: raw values by field plus the resolved ones."""

    fields: dict[str, str] = field(default_factory=dict)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    people_label: str | None = None
    trip_start: date | None = None
    trip_end: date | None = None
    report_date: date | None = None
    has_attachment: bool | None = None
    destinations: list[str] | None = None
    keywords: list[str] | None = None
    n_pages: int | None = None
    system_id: str | None = None
    start: int | None = None  # span of the form in the text
    end: int | None = None


@lru_cache(maxsize=1)
def label_table() -> tuple[dict[str, str], re.Pattern[str]]:
    """folded label -> field, and a regex matching any label at a boundary."""
    labels: dict[str, str] = {}
    for name, words in read_rows("cover_labels.tsv"):
        for word in words.split("|"):
            labels.setdefault(fold_label(word), name)
    alternatives = []
    for word in sorted(labels, key=len, reverse=True):
        chars = [re.escape(ch) if ch not in "/／" else "[/／]" for ch in word]
        alternatives.append(
            "[ \u3000]*".join(c.replace("\\(", "[(（]").replace("\\)", "[)）]") for c in chars)
        )
    pattern = re.compile(
        _BOUNDARY
        + "(?P<label>"
        + "|".join(alternatives)
        + r")(?P<after>[ \u3000]*[：:]|\t|[ \u3000]*$|[ \u3000]+(?=[■□☑☒✓✔\d]))",
        re.MULTILINE,
    )
    return labels, pattern


_BOUNDARY_CHARS = "\t \u3000|■□☑☒✓✔（("


@lru_cache(maxsize=1)
def label_scan() -> re.Pattern[str]:
    """The label pattern of :func:`label_table`, matching exactly what it matches (the
    same spans and groups), written to begin with a character class: the regex engine
    then skips, in C, every character that cannot start a label, where the boundary
    test in front of the alternation was tried at every position. The boundary becomes
    a look back from after the first character, and each alternative checks that
    character with a look back before its rest.
    """
    labels, _ = label_table()
    firsts: set[str] = set()
    alternatives = []
    for word in sorted(labels, key=len, reverse=True):
        chars = [re.escape(ch) if ch not in "/／" else "[/／]" for ch in word]
        elements = [c.replace("\\(", "[(（]").replace("\\)", "[)）]") for c in chars]
        first, rest = elements[0], "[ \u3000]*".join(elements)[len(elements[0]) :]
        firsts.update({"/": "/／", "／": "/／", "(": "(（", ")": ")）"}.get(word[0], word[0]))
        alternatives.append(f"(?<={first}){rest}")
    first_class = "".join(sorted(map(re.escape, firsts)))
    return re.compile(
        rf"(?P<label>[{first_class}](?<![^\n{_BOUNDARY_CHARS}][\s\S])(?:"
        + "|".join(alternatives)
        + r"))(?P<after>[ \u3000]*[：:]|\t|[ \u3000]*$|[ \u3000]+(?=[■□☑☒✓✔\d]))",
        re.MULTILINE,
    )


def find_fields(text: str, start: int = 0, end: int | None = None) -> list[Field]:
    """Every labelled field in ``text[start:end]``, each value cut at the next label.

    A label alone on its line (value below it) counts only when nothing else is on the
    line, and a tab row made only of labels is a table header, not a form.
    """
    labels, _ = label_table()
    pattern = label_scan()
    end = len(text) if end is None else end
    hits: list[tuple[int, int, str, str]] = []  # label start, value start, field, label
    for m in pattern.finditer(text, start, end):
        label = fold_label(m["label"])
        name = labels.get(label.replace("（", "(").replace("）", ")"), labels.get(label))
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end("label"))
        line = text[line_start : len(text) if line_end < 0 else line_end]
        if name is None or is_label_row(line):
            continue
        if not m["after"].strip() and m["after"] != "\t" and line.strip() != m["label"].strip():
            follows = text[m.end() : m.end() + 1]
            if not follows or follows.isdigit() and text[line_start : m.start()].strip():
                continue  # 頁數 46 counts at the start of a line only
            if not (follows in "■□☑☒✓✔" or follows.isdigit()):
                continue
        hits.append((m.start(), m.end(), name, m["label"]))
    for m in _SLASH_SCAN.finditer(text, start, end):
        parts = [fold_label(p) for p in re.split(r"[/／]", m["label"])]
        if all(labels.get(p) not in (None, "people", "other") for p in parts):
            hits = [h for h in hits if not (m.start("label") <= h[0] < m.end("label"))]
            hits.append((m.start("label"), m.end(), "multi", m["label"]))
    for m in _PEOPLE_SCAN.finditer(text, start, end):
        hits = [h for h in hits if not (m.start("label") <= h[0] < m.end("label"))]
        hits.append((m.start("label"), m.end(), "people", m["label"]))
    hits.sort()
    fields = []
    for k, (label_start, value_start, name, label) in enumerate(hits):
        value_end = hits[k + 1][0] if k + 1 < len(hits) else end
        if text[label_start - 1 : label_start] in "（(" and label_start:
            close = _CLOSE.search(text, value_start, value_end)
            if close:  # 出國報告（出國類別：實習）: the value ends with its bracket
                value_end = close.start()
        fields.append(Field(name, label, label_start, value_start, value_end, text[value_start:value_end]))
    return fields


# 姓名/服務機關/單位/職稱 (any order, any parts) before its value, with a colon or not.
_LINE_OR_CELL = r"(?:^|(?<=[\t|]))"
_PEOPLE_REST = (
    r"[ \u3000]*(?P<label>(?:出國人員|出國人|人員)?姓名(?:[ \u3000]*[/／][ \u3000]*[^\s：:\t/／]{1,8}){1,6})"
    r"[ \u3000]*(?:[：:]|\t|[ \u3000](?=\S))"
)
PEOPLE_LABEL = re.compile(_LINE_OR_CELL + _PEOPLE_REST, re.MULTILINE)


# 出國計畫主辦機關/聯絡人/電話：經濟部能源署/王美華/(02)2775-7777, one value per label.
_SLASH_REST = (
    r"[ \u3000]*(?P<label>[^\s：:\t/／]{2,10}(?:[/／][^\s：:\t/／]{2,10}){1,5})[ \u3000]*(?:[：:]|\t|(?=\n[^\n]*[/／]))"
)  # the values on the next line (an older 提要 form): 內政部消防署/王小明/(02)1234-5678
SLASH_LABEL = re.compile(_LINE_OR_CELL + _SLASH_REST, re.MULTILINE)


class _AfterBoundary:
    """``re.compile(_LINE_OR_CELL + rest, re.MULTILINE).finditer``, quicker: the same
    matches (the same groups; only the whole match starts one character early).

    The pattern after a line break, tab or bar consumes that character first, so the
    regex engine jumps between them in C instead of testing the look back at every
    position; the start of the text, where ``^`` needs no character, is tried alone.
    Since a match may end in the tab that starts the next one, the next search begins
    on the last character of a match.
    """

    def __init__(self, rest: str) -> None:
        self.rest = re.compile(rest)
        self.led = re.compile(r"[\n\t|]" + rest)

    def finditer(self, text: str, start: int = 0, end: int | None = None):
        end = len(text) if end is None else end
        pos = start
        if start == 0 and (m := self.rest.match(text, 0, end)) is not None:
            yield m
            pos = m.end()
        pos = max(pos - 1, 0)
        while (m := self.led.search(text, pos, end)) is not None:
            yield m
            pos = m.end() - 1


_PEOPLE_SCAN = _AfterBoundary(_PEOPLE_REST)
_SLASH_SCAN = _AfterBoundary(_SLASH_REST)


def split_multi(label: str, value: str) -> dict[str, str]:
    """A slash-joined field's value to one value per labelled field."""
    labels, _ = label_table()
    names = [labels[fold_label(p)] for p in re.split(r"[/／]", label)]
    values = re.split(r"\s*[/／]\s*", value.strip())
    return {name: v.strip() for name, v in zip(names, values, strict=False) if v.strip()}


def is_label_row(line: str) -> bool:
    """A tab row whose every non-empty cell is a label: a table header."""
    if "\t" not in line:
        return False
    if match_header(line, "participants") or match_header(line, "itinerary"):
        return True
    labels, _ = label_table()
    cells = [fold_label(c) for c in line.split("\t") if c.strip()]
    return len(cells) >= 2 and all(c.rstrip(":：") in labels for c in cells)


def cut_value(name: str, value: str) -> str:
    """A field's value as written: wrapped lines joined, a blank line ends it."""
    value = value.strip(" \t\u3000\n")
    if name == "summary":
        return value
    paragraphs = re.split(r"\n[ \t\u3000]*\n", value)
    value = paragraphs[0]
    if name in ("people", "name_title"):
        value = _list_paragraphs(paragraphs)
    if name not in WRAPPING:
        lines = value.split("\n")
        kept = lines[:1]
        # A date or period cut in the middle (…至中華民國一 / 百零四年十月十四日) goes on below.
        while (
            name in ("period", "report_date") and len(kept) < len(lines) and _OPEN_DATE.search(kept[-1])
            and not _LABEL_START.match(lines[len(kept)])
        ):
            kept[-1] += lines[len(kept)].strip(" \t\u3000")
            lines = kept + lines[len(kept) + 1 :]
        # A checkbox row may wrap: its next lines hold more boxes.
        while len(kept) < len(lines) and _BOX.search(kept[0]) and _BOX.search(lines[len(kept)]):
            kept.append(lines[len(kept)])
        value = " ".join(kept)
    elif name not in ("people", "name_title"):  # a list of people keeps one person per line
        value = join_pieces(value.split("\n"))
    return value.strip(" \t\u3000")


_LIST_LINE_MAX = 60
# The end of a date value that cannot be its end: a range joiner, a number, 年 or 月.
_OPEN_DATE = re.compile(r"(?:至|到|~|～|-|－|[〇零○一二三四五六七八九十百年月]|民國)$")
_LABEL_START = re.compile(r"^[ \u3000]*[^\s：:]{2,12}[ \u3000]*[：:]")


def _list_paragraphs(paragraphs: list[str]) -> str:
    """A list of people may sit below its label with a blank line between lines (a PDF
    that spaces every line): short one-line paragraphs without a sentence end go on."""
    kept: list[str] = []
    for k, paragraph in enumerate(paragraphs):
        lines = [line.strip() for line in paragraph.strip().split("\n")]
        if k == 0:
            kept += [line for line in lines if line]
            continue
        line = lines[0] if len(lines) == 1 else ""
        if not line or len(line) > _LIST_LINE_MAX or line[-1] in "。！？；;" or re.search("[：:]", line):
            break
        if TOC_HEADING.match(line) or is_toc_line(line) or is_heading(line):
            break
        kept.append(lines[0])
    return "\n".join(kept)


@lru_cache(maxsize=1)
def form_footer() -> re.Pattern[str]:
    """Phrases of a cover form's footer line (lexicons/cover_footers.txt)."""
    return re.compile("|".join(re.escape(w) for w in read_lines("cover_footers.txt")))


def clean_summary(value: str) -> str:
    """内容摘要 text: drop an instruction like （500字以上） and a leading 摘要 heading."""
    value = _INSTRUCTION.sub("", value.strip())
    lines = value.strip("\n").split("\n")
    if lines and is_heading(lines[0]) and "摘要" in lines[0] and len(lines[0]) < 12:
        lines = lines[1:]
    while lines and (not lines[-1].strip() or form_footer().search(lines[-1])):
        lines.pop()  # the form's footer line (本文電子檔已上傳至…), not the summary
    return "\n".join(lines).strip()


# Fields that make a cluster of labels a form (a contact list alone is not one).
CORE = {
    "title",
    "period",
    "destinations",
    "trip_type",
    "report_date",
    "organizer",
    "people",
    "name_title",
    "multi",
}


def find_blocks(text: str, fields: list[Field]) -> list[list[Field]]:
    """Clusters of fields that are forms, richest first.

    A cluster ends where the next label lies more than 400 characters after the last
    value started (after a summary: after the summary ended). A form has two or more
    distinct fields, one of them in ``CORE``.
    """
    clusters: list[list[Field]] = []
    last_end = 0
    for f in fields:
        if clusters and f.start - last_end <= 400:
            clusters[-1].append(f)
        else:
            clusters.append([f])
        last_end = summary_end(text, f.value_start, f.value_end) if f.name == "summary" else f.value_start
    forms = []
    for cluster in clusters:
        names = {f.name for f in cluster} - {"other"}
        if len(names) >= 2 and names & CORE:
            forms.append(cluster)
    return sorted(forms, key=lambda c: len({f.name for f in c}), reverse=True)


def summary_end(text: str, value_start: int, value_end: int) -> int:
    """The summary runs to the next field, the first numbered heading that is not 摘要, or the 目次."""
    pos = value_start
    for line in text[value_start:value_end].split("\n"):
        stripped = line.strip()
        if pos > value_start and is_heading(stripped) and "摘要" not in stripped[:12]:
            return pos
        if pos > value_start and (TOC_HEADING.match(stripped) or (stripped and is_toc_line(stripped))):
            return pos  # the 目次 that follows the 摘要 page
        pos += len(line) + 1
    return value_end


def parse_cover_text(text: str) -> CoverForm:
    """Find the cover form(s) in ``text`` and parse the fields; an empty form when there is none.

    When a document has several (the 附件一 cover page and the 提要表), the richest
    one's values win and the others fill the fields it lacks.
    """
    blocks = find_blocks(text, find_fields(text))
    form = CoverForm()
    if not blocks:
        return form
    form.start = blocks[0][0].start
    directions = [
        d for b in blocks for f in b if (d := box_direction(f.value, use_spacing=False)) is not None
    ]
    default_direction = max(set(directions), key=directions.count) if directions else None
    for k, block in enumerate(blocks):
        read_block(text, block, form, primary=k == 0)
    resolve_fields(form, default_direction)
    return form


def read_block(text: str, block: list[Field], form: CoverForm, *, primary: bool) -> None:
    """The raw values of one block's fields into ``form`` (fields already set are kept)."""
    for k, f in enumerate(block):
        end = f.value_end
        if f.name == "summary":
            end = summary_end(text, f.value_start, end)
        elif k == len(block) - 1:
            end = min(end, f.value_start + 400)  # the last field: cut_value stops it at a blank line
        value = cut_value(f.name, text[f.value_start : end])
        if primary:
            form.end = max(form.end or 0, f.value_start + len(text[f.value_start : end].rstrip()))
        if f.name == "multi":
            for name, part in split_multi(f.label, value).items():
                if name not in form.fields:
                    form.fields[name] = part
                    form.spans[name] = (f.value_start, end)
            continue
        if f.name in ("trip_type", "category") and f.name in form.fields and value and (
            _BOX.search(value) and not _BOX.search(form.fields[f.name])
        ):
            del form.fields[f.name]  # the form's checkbox row beats a heading's plain word
        if f.name in form.fields or not value:
            continue
        if f.name == "people":
            form.people_label = f.label
        form.fields[f.name] = value
        form.spans[f.name] = (f.value_start, end)


def resolve_fields(form: CoverForm, direction: str | None) -> None:
    """Typed values from the raw field text."""
    fields = form.fields
    for name in ("trip_type", "category"):
        if name in fields:
            ticked = parse_checked(fields[name], direction=direction)
            if ticked is not None:
                ticked = [fill_in(_OPTION_NUMBER.sub("", t) or t) for t in ticked]
                if ticked:
                    fields[name] = "、".join(ticked)
                else:
                    del fields[name]
    if "period" in fields:
        form.trip_start, form.trip_end = parse_period(fields["period"])
    if "report_date" in fields:
        parsed = parse_date(arabic_dates(re.sub(r"\s+", "", fields["report_date"])))
        form.report_date = parsed.start if parsed else None
    if "has_attachment" in fields:
        form.has_attachment = parse_bool(fields["has_attachment"], direction=direction)
    if "destinations" in fields:
        form.destinations = parse_destinations(fields["destinations"])
    if "keywords" in fields:
        form.keywords = parse_keywords(fields["keywords"])
    if "n_pages" in fields and (m := re.search(r"\d+", unicodedata.normalize("NFKC", fields["n_pages"]))):
        form.n_pages = int(m.group())
    if "system_id" in fields:
        m = _SYSTEM_ID.search(fields["system_id"])
        form.system_id = m.group() if m else fields["system_id"]
    if "summary" in fields:
        fields["summary"] = clean_summary(fields["summary"])
