"""International organizations by their names and well-known short forms (rule ``orgs.intl``).

The data is the lexicon ``intl_orgs.tsv`` (Chinese names, English names, abbreviations),
general knowledge rather than code. A mention found through it carries the canonical
Chinese and English names and the first abbreviation, so 歐盟, EU and 歐洲聯盟 resolve to
one entity. Its priority is low: a longer name that holds one (APEC秘書處, a quoted
conference title) wins.

Boundaries: an abbreviation is a whole word, matched with its case (WHO, not "who"), and
not when a number follows it (ISO 9001 is a standard, not the organization); a Chinese
short form of two characters must not be glued to other letters of a longer word
(東亞銀行 holds 亞銀).

Example:
    >>> [(f.name_zh, f.abbr) for f in find_intl_orgs(TextView("出席歐盟與WHO會議"))]
    [('歐洲聯盟', 'EU'), ('世界衛生組織', 'WHO')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.core.lexicons import read_rows
from extractors.mentions.base import CJK, CJK_CHAR, Found, TextView, literal_trie, zh_head


@dataclass(frozen=True)
class IntlOrg:
    name_zh: str
    name_en: str | None
    abbr: str | None


def cells(cell: str) -> list[str]:
    return [c.strip() for c in cell.split("|") if c.strip() and c.strip() != "-"]


@lru_cache(maxsize=1)
def intl_orgs() -> dict[str, IntlOrg]:
    """Every name and short form of ``intl_orgs.tsv`` -> its organization."""
    out: dict[str, IntlOrg] = {}
    for row in read_rows("intl_orgs.tsv"):
        zh, en, abbrs = (list(row) + ["", "", ""])[:3]
        zh_names, en_names, abbr_names = cells(zh), cells(en), cells(abbrs)
        if not zh_names:
            continue
        org = IntlOrg(zh_names[0], en_names[0] if en_names else None, abbr_names[0] if abbr_names else None)
        for name in zh_names + en_names + abbr_names:
            out.setdefault(name, org)
    return out


def lookup_intl(name: str | None) -> IntlOrg | None:
    """The international organization ``name`` (Chinese, English or abbreviation) names."""
    if not name:
        return None
    orgs = intl_orgs()
    return orgs.get(name.strip()) or orgs.get(name.strip().replace("台", "臺"))


@lru_cache(maxsize=1)
def intl_pattern() -> re.Pattern[str]:
    names = list(intl_orgs())
    zh = [n for n in names if CJK_CHAR.search(n)]
    zh += [n.replace("臺", "台") for n in zh if "臺" in n]
    latin = [n for n in names if not CJK_CHAR.search(n)]
    # Latin names: whole words, no number after an abbreviation (a standard's code).
    latin_tail = r"(?![A-Za-z0-9\-/])(?!\s?[0-9])"
    return re.compile(
        f"(?P<zh>{literal_trie(zh)})|(?<![A-Za-z0-9\\-/])(?P<latin>{literal_trie(latin, lambda _w: latin_tail)})"
    )


NAME_RUN = re.compile(f"[{CJK}]{{2,20}}")


def starts_longer_name(text: str, end: int) -> bool:
    """Whether the Chinese run that goes on at ``end`` ends in an organization head or is
    followed by a bracketed name: then the short form is the first word of that name."""
    m = NAME_RUN.match(text, end)
    if m is None:
        return False
    run = m.group()
    if zh_head(run, "org_suffixes_zh.txt", strong_only=True):
        return True
    return bool(re.match(r"\s?[（(][A-Z]", text[m.end() : m.end() + 3]))


OPEN_BEFORE = re.compile(r"[（(]\s?$")


def defines_other(text: str, start: int, org: IntlOrg) -> bool:
    """某某測驗（IEC）: an abbreviation in brackets after a phrase that is not the
    organization's name is that phrase's own short form."""
    before = text[max(0, start - 2) : start]
    if not OPEN_BEFORE.search(before):
        return False
    lead = text[max(0, start - 80) : start].rstrip()[:-1].rstrip()
    names = [n for n, o in intl_orgs().items() if o == org]
    return not any(lead.endswith(n) or lead.endswith(n.replace("臺", "台")) for n in names)


def find_intl_orgs(view: TextView) -> list[Found]:
    text = view.text
    out = []
    for m in intl_pattern().finditer(text):
        name = m.group()
        if m.group("zh") and len(name) <= 2 and (
            m.start() > 0 and CJK_CHAR.match(text[m.start() - 1]) and m.start() not in view.boundaries
            or m.end() < len(text) and CJK_CHAR.match(text[m.end()]) and m.end() not in view.boundaries
        ):
            continue  # 東亞銀行: a short form inside a longer word
        if m.group("zh") and starts_longer_name(text, m.end()):
            continue  # 聯合國某某諮詢團（…）: the first words of a longer name
        org = lookup_intl(name)
        if org is None or m.group("latin") and defines_other(text, m.start(), org):
            continue
        s, e = view.span(m.start(), m.end())
        out.append(Found(s, e, "ORG", "orgs.intl", name_zh=org.name_zh, name_en=org.name_en, abbr=org.abbr,
                         priority=3))
    return out
