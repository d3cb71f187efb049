"""Participants (出國人員): from the 出國人員名單 table and from the cover form's fields.

The table is found by its header row (編號/序號, 單位/服務機關, 職稱, 姓名, 職等… in any
order; words in ``lexicons/table_headers.tsv``), as a ``\\t`` row or a space-separated
text-dump row. The cover gives 姓名/服務機關/單位/職稱 per person (several persons split by
newlines, ；, or 、), or separate 姓名 / 服務機關 / 單位 / 職稱 fields. The same name in both
becomes one row (source ``cover+table``) with the missing fields filled in.

Example:
    >>> from extractors.core.doc import doc_from_text
    >>> rows = extract_participants(doc_from_text("編號\\t姓名\\t職稱\\n1\\t王小明\\t科長"))
    >>> [(r.seq, r.name, r.job_title, r.source) for r in rows]
    [(1, '王小明', '科長', 'table')]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.core.doc import Doc
from extractors.core.lexicons import read_lines
from extractors.core.records import ParticipantRow, SectionRow
from extractors.core.textlines import (
    fold_label,
    header_words,
    is_heading,
    match_header,
    split_header_cells,
    split_lines,
)

PART_ROLES = {  # parts of a slash-joined cover label
    "name": ("姓名", "出國人員姓名", "出國人姓名", "出國人員", "人員"),
    "agency": ("服務機關", "機關", "服務機構"),
    "unit": ("單位", "服務單位", "科別", "部門"),
    "job_title": ("職稱", "職務"),
    "grade": ("職等", "官職等", "官等"),
}
_PERSON_SEP = re.compile(r"\s*(?:\n+|[；;]|\t)\s*")
_LIST_MARKER = re.compile(r"^(?:\d{1,2}[.．、)）]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,2}、)\s*")  # 1. 王小明
_LIST_SEP = re.compile(r"\s*[、，,；;\n\t]\s*")


@dataclass(frozen=True)
class Person:
    """One participant before numbering."""

    name: str | None = None
    agency: str | None = None
    unit: str | None = None
    job_title: str | None = None
    grade: str | None = None
    seq: int | None = None


@lru_cache(maxsize=1)
def title_endings() -> tuple[str, ...]:
    return tuple(sorted(read_lines("job_titles.tsv"), key=len, reverse=True))


@lru_cache(maxsize=1)
def title_words() -> tuple[str, ...]:
    """Whole job titles (lexicons/job_title_words.txt), longest first."""
    return tuple(sorted(read_lines("job_title_words.txt"), key=len, reverse=True))


# 等5人, 等 4 名, 等人 after the first traveller; a pointer to the list (詳如附錄).
_COUNT_TAIL = re.compile(r"\s*等\s*(?:[0-9０-９一二三四五六七八九十]+\s*[人名位員]|人)\s*$")
_POINTER = re.compile(r"\s*[（(]\s*(?:詳|如|見|參)[^（()）]*[）)]\s*")
_SURNAME_NAME = re.compile(r"^[\u3400-\u9fff]{2,4}$")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(read_lines("surnames_zh.txt"))


def split_agency_title(text: str) -> tuple[str | None, str | None]:
    """An agency and a job title run together (國立某大學某學系副教授), read from the end:
    (agency, title); (text, None) when no known title ends it."""
    text = text.strip()
    for title in title_words():
        if text.endswith(title) and len(text) > len(title):
            return clean(text[: -len(title)]), title
    return clean(text), None


def _name_at_end(text: str) -> tuple[str, str] | None:
    """(before, name): a 2-3 character name that starts with a known surname, at the end."""
    for size in (3, 2, 4):
        name = text[-size:]
        if len(text) >= size and _SURNAME_NAME.match(name) and (name[0] in surnames() or name[:2] in surnames()):
            return text[:-size], name
    return None


def parse_lead_phrase(text: str) -> Person | None:
    """One phrase naming the first traveller, the count cut off: 本局副局長王小明 or
    本府資訊局王小明副局長 to agency, title and name; None when no title and name are found."""
    text = re.sub(r"\s+", "", text)
    for title in title_words():
        at = text.rfind(title)
        if at < 0:
            continue
        after = text[at + len(title) :]
        if after and _SURNAME_NAME.match(after) and (after[0] in surnames() or after[:2] in surnames()):
            return Person(name=after, agency=clean(text[:at]), job_title=title)  # agency, title, name
        if not after and (found := _name_at_end(text[:at])):
            before, name = found
            return Person(name=name, agency=clean(before), job_title=title)  # agency, name, title
    return None


def looks_like_title(text: str) -> bool:
    if len(text) < 2:
        return False
    return any(text.endswith(ending) for ending in title_endings()) or any(text.endswith(t) for t in title_words())


def clean(text: str | None) -> str | None:
    text = (text or "").strip(" \u3000\t:：")
    return text or None


def part_role(part: str) -> str:
    key = fold_label(part)
    for role, words in PART_ROLES.items():
        if key in (fold_label(w) for w in words):
            return role
    return "other"


def parse_slash_people(label: str, value: str) -> list[Person]:
    """姓名/服務機關/單位/職稱 with values 王小明/高雄市政府/秘書處/科長, one person per chunk."""
    roles = [part_role(p) for p in re.split(r"\s*[/／]\s*", label)]
    chunks = [c for c in _PERSON_SEP.split(value.strip()) if c.strip()]
    if len(chunks) == 1 and "、" in chunks[0] and all("/" in c or "／" in c for c in chunks[0].split("、")):
        chunks = chunks[0].split("、")
    # A cell's lines joined with a space: a new person starts once a chunk holds all its parts.
    split_chunks = []
    for chunk in chunks:
        current: list[str] = []
        for token in chunk.split():
            if (
                current
                and len(re.findall(r"[/／]", " ".join(current))) >= len(roles) - 1
                and re.search(r"[/／]", token)
            ):
                split_chunks.append(" ".join(current))
                current = []
            current.append(token)
        if current:
            split_chunks.append(" ".join(current))
    people = []
    for chunk in split_chunks:
        parts = re.split(r"\s*[/／]\s*", chunk.strip())
        values = {role: clean(part) for role, part in zip(roles, parts, strict=False) if role != "other"}
        if values.get("name"):
            people.append(Person(**values))
    return people


def split_names(chunk: str) -> list[Person]:
    """One entry of a 出國人員 list: 王小明（科長）, 王小明 科長, or names separated by spaces.

    Example:
        >>> [(p.name, p.job_title) for p in split_names("王小明（科長）")]
        [('王小明', '科長')]
        >>> [p.name for p in split_names("王小明 陳大華")]
        ['王小明', '陳大華']
    """
    chunk = _LIST_MARKER.sub("", chunk.strip())
    if re.fullmatch(r"[^\s（()）]+\s*[（(][^（()）]+[）)]", chunk):
        return [split_name_title(chunk)]
    tokens = chunk.split()
    if len(tokens) == 2 and looks_like_title(tokens[0]) != looks_like_title(tokens[1]):
        return [split_name_title(chunk)]
    if len(tokens) >= 3 and looks_like_title(tokens[-1]) and not looks_like_title(tokens[0]):
        # 王小明 原住民族委員會 處長: name, agency, title on one line
        return [Person(name=clean(tokens[0]), agency=clean(" ".join(tokens[1:-1])), job_title=clean(tokens[-1]))]
    return [Person(name=clean(token)) for token in tokens if clean(token)]


def split_pairs(chunk: str) -> list[Person]:
    """王小明 科長 陳大華 技正: alternating names and titles on one line, one person per pair."""
    tokens = chunk.split()
    if len(tokens) >= 4 and len(tokens) % 2 == 0:
        names, titles = tokens[0::2], tokens[1::2]
        if all(looks_like_title(t) for t in titles) and not any(looks_like_title(n) for n in names):
            return [Person(name=n, job_title=t) for n, t in zip(names, titles, strict=True)]
    return [split_name_title(chunk)]


def split_name_title(text: str) -> Person:
    """王小明 科長 / 科長 王小明 / 王小明（科長） / 王小明/科長 to a person."""
    parts = [p for p in re.split(r"[\s（）()/／]+", text) if p]
    if len(parts) == 2:
        first, second = parts
        if looks_like_title(second) and not looks_like_title(first):
            return Person(name=first, job_title=second)
        if looks_like_title(first) and not looks_like_title(second):
            return Person(name=second, job_title=first)
        return Person(name=first, job_title=second)
    return Person(name=clean(text))


def parse_cover_people(fields: dict[str, str], people_label: str | None) -> list[Person]:
    """Participants from the cover form's fields."""
    value = _POINTER.sub("", fields.get("people", ""))
    if people_label and ("/" in people_label or "／" in people_label):
        return parse_slash_people(people_label, value)
    people: list[Person] = []
    if "name_title" in fields:
        people = [
            p
            for c in re.split(r"\s*[、，,；;\n]\s*", _POINTER.sub("", fields["name_title"]))
            if c.strip()
            for p in split_pairs(c)
        ]
    elif _COUNT_TAIL.search(value):
        # 本署副署長王小明等5人: the first traveller only; a list elsewhere names the rest.
        lead = parse_lead_phrase(_COUNT_TAIL.sub("", value))
        people = [lead] if lead else []
    elif value:
        people = [p for chunk in _LIST_SEP.split(value.strip()) if chunk.strip() for p in split_names(chunk)]
    if not people:
        return []
    # Parallel single fields: one value for everyone, or one per person in order.
    for role in ("agency", "unit", "job_title", "grade"):
        if role not in fields:
            continue
        values = [v for v in re.split(r"\s*[、，,；;\n]\s*", fields[role]) if v.strip()]
        if len(values) == len(people):
            people = [
                replace(p, **{role: clean(v)}) if getattr(p, role) is None else p
                for p, v in zip(people, values, strict=False)
            ]
        elif values:
            whole = clean(fields[role])
            people = [replace(p, **{role: whole}) if getattr(p, role) is None else p for p in people]
    return people


def table_roles(line: str) -> list[str] | None:
    """Column roles of a participants header row; 單位 after 服務機關 is the unit."""
    roles = match_header(line, "participants")
    if not roles or "name" not in roles:
        return None
    vocab = header_words()["participants"]
    cells = split_header_cells(line.strip(), vocab)
    out = []
    for cell, role in zip(cells, roles, strict=False):
        key = fold_label(cell)
        if role == "agency" and "agency" in out and key in (fold_label(w) for w in PART_ROLES["unit"]):
            role = "unit"
        out.append(role)
    return out


def split_dump_row(text: str, roles: list[str]) -> list[str | None]:
    """A space-separated row to one value per column; surplus words go to the agency/unit."""
    tokens = text.split()
    n = len(roles)
    if len(tokens) <= n:
        return tokens + [None] * (n - len(tokens))
    wide = next((k for k, r in enumerate(roles) if r in ("agency", "unit")), n - 1)
    head = tokens[:wide]
    tail_count = n - wide - 1
    tail = tokens[len(tokens) - tail_count :] if tail_count else []
    middle = " ".join(tokens[wide : len(tokens) - tail_count])
    return head + [middle] + tail


def find_table_people(doc: Doc) -> list[Person]:
    """Rows of every 出國人員 table in the document."""
    people: list[Person] = []
    lines = split_lines(doc.text)
    i = 0
    while i < len(lines):
        roles = table_roles(lines[i].text)
        i += 1
        if not roles:
            continue
        while i < len(lines):
            line = lines[i]
            text = line.text.strip()
            if not text:
                i += 1
                continue
            if table_roles(line.text):
                i += 1  # the header repeated on a new page
                continue
            if "\t" in line.text:
                cells: list[str | None] = [c.strip() for c in line.text.split("\t")]
            elif len(text) <= 80 and not is_heading(text) and len(text.split()) >= 2 and "。" not in text:
                cells = split_dump_row(text, roles)
            else:
                break
            person = build_person(cells, roles)
            if person is None:
                break
            people.append(person)
            i += 1
    return people


def build_person(cells: Sequence[str | None], roles: list[str]) -> Person | None:
    values: dict[str, str | None] = {}
    for role, cell in zip(roles, cells, strict=False):
        if role in ("name", "agency", "unit", "job_title", "grade", "seq") and role not in values:
            values[role] = clean(cell)
    if not values.get("name") and not any(values.get(r) for r in ("agency", "job_title")):
        return None
    seq_text = unicodedata.normalize("NFKC", values.pop("seq", None) or "")
    seq_text = re.sub(r"^[(（]?(\d{1,3})[)）.、]?$", r"\1", seq_text)  # 1. / (1) / 1、
    seq = int(seq_text) if seq_text.isdigit() else None
    if seq is None and seq_text:
        return None  # a numbered column holding words: not a participant row
    if not values.get("job_title") and values.get("agency"):
        values["agency"], values["job_title"] = split_agency_title(values["agency"])  # 某大學某學系副教授
    return Person(seq=seq, **values)


def merge_people(table: list[Person], cover: list[Person]) -> list[tuple[Person, str]]:
    """Table rows first, each completed from the cover person of the same name.

    Cover people are looked up by folded name (not compared pairwise), so a table
    of thousands of rows stays linear.
    """
    merged: list[tuple[Person, str]] = []
    by_name: dict[str, list[int]] = {}  # folded name -> unused cover indices, in order
    for k, other in enumerate(cover):
        if other.name:
            by_name.setdefault(fold_label(other.name), []).append(k)
    used: set[int] = set()
    for person in table:
        source = "table"
        waiting = by_name.get(fold_label(person.name)) if person.name else None
        if waiting:
            k = waiting.pop(0)
            other = cover[k]
            used.add(k)
            source = "cover+table"
            filled = {
                f: getattr(other, f)
                for f in ("agency", "unit", "job_title", "grade")
                if getattr(person, f) is None
            }
            person = replace(person, **{f: v for f, v in filled.items() if v})
        merged.append((person, source))
    merged += [(p, "cover") for k, p in enumerate(cover) if k not in used]
    return merged


def extract_participants(
    doc: Doc,
    sections: Sequence[SectionRow] = (),
    *,
    cover_fields: dict[str, str] | None = None,
    people_label: str | None = None,
) -> list[ParticipantRow]:
    """Participants from the tables and the cover form's fields, duplicates merged."""
    cover = parse_cover_people(cover_fields or {}, people_label)
    table: list[Person] = []
    seen: set[tuple[str, str | None]] = set()  # (folded name, job title) of the rows kept
    for person in find_table_people(doc):
        # The same list given twice (in the body and again in an appendix) counts once.
        key = (fold_label(person.name), person.job_title) if person.name else None
        if key is None or key not in seen:
            table.append(person)
            if key is not None:
                seen.add(key)
    rows = []
    for order, (person, source) in enumerate(merge_people(table, cover), start=1):
        rows.append(
            ParticipantRow(
                doc_id=doc.doc_id,
                seq=person.seq if person.seq is not None else order,
                name=person.name,
                agency=person.agency,
                unit=person.unit,
                job_title=person.job_title,
                grade=person.grade,
                source=source,
            )
        )
    return rows
