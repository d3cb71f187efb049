"""Grammars the entities stage runs beside the spaCy component's (:mod:`extractors.mentions.nlp`):

- international organizations (:mod:`extractors.mentions.intl`, rule ``orgs.intl``);
- companies: a romanized name after a describing 公司 (某某運輸公司 Dupont Frères: the
  romanized name is the company, rule ``orgs.company``), and romanized names with a legal
  form in any language (Acme GmbH, Sinar Jaya Sdn Bhd, Foo K.K.; lexicon ``org_legal_forms.txt``);
- newspapers and magazines in title brackets: 《某某日報》（English） (rule ``orgs.press``);
- a former name in brackets: 某某委員會（原某某部） (rule ``orgs.former``).

Example:
    >>> [(f.rule, f.name_en) for f in more_candidates(TextView("委託運輸公司Dupont Frères辦理"))]
    [('orgs.company', 'Dupont Frères')]
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.mentions.base import CJK, Found, TextView, read_words, zh_head
from extractors.mentions.intl import find_intl_orgs

UPPER = "A-ZÀ-ÖØ-Þ"
LATIN_WORD = rf"[{UPPER}][A-Za-zÀ-ÖØ-öø-ÿ0-9'’&\-]*"
LATIN_NAME = rf"{LATIN_WORD}(?: (?:{LATIN_WORD}|de|du|des|la|le|von|van|der|&))*"
COMPANY_THEN_NAME = re.compile(rf"公司\s?({LATIN_NAME})")
PRESS = re.compile(f"《([{CJK}·・]{{1,12}}(?:日報|時報|晚報|郵報|週報|周刊|週刊|雜誌|報))》")
PAREN_EN = re.compile(r"\s?[（(]([A-Z][^（）()\n]{1,60})[）)]")
LEAD_WORD = re.compile(r"(?:The|This|That|These|Our|Its|In|On|At|For|By|And|A|An) ")
FORMER = re.compile(f"[（(](?:原|前身為|舊稱|原名)([{CJK}]{{2,16}})[）)]")


@lru_cache(maxsize=1)
def legal_forms() -> re.Pattern[str]:
    forms = sorted((w for w, _ in read_words("org_legal_forms.txt")), key=len, reverse=True)
    alternation = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<![A-Za-z0-9\-])((?:{LATIN_WORD},? ){{1,6}}?)({alternation})(?![A-Za-z0-9])")


def found(view: TextView, start: int, end: int, rule: str, **names) -> Found:
    s, e = view.span(start, end)
    return Found(s, e, "ORG", rule, priority=names.pop("priority", 5), **names)


def find_companies(view: TextView) -> list[Found]:
    text = view.text
    out = []
    for m in COMPANY_THEN_NAME.finditer(text):
        name = m.group(1)
        if len(name) >= 3:
            # The describing 公司 before it is hidden by the extent (no 運輸公司 mention).
            f = found(view, m.start(1), m.end(1), "orgs.company", name_en=name, priority=7)
            f.ext_start = view.span(m.start(), m.start() + 2)[0]
            out.append(f)
    for m in legal_forms().finditer(text):
        if not m.group(1) or LEAD_WORD.match(m.group(1)):
            continue
        out.append(found(view, m.start(1), m.end(2), "orgs.company", name_en=text[m.start(1) : m.end(2)]))
    return out


def find_press(view: TextView) -> list[Found]:
    text = view.text
    out = []
    for m in PRESS.finditer(text):
        paren = PAREN_EN.match(text, m.end())
        f = found(view, m.start(1), m.end(1), "orgs.press", name_zh=m.group(1),
                  name_en=paren.group(1).strip() if paren else None, priority=7)
        f.ext_start, f.ext_end = view.span(m.start(), paren.end() if paren else m.end())
        out.append(f)
    return out


def find_former_names(view: TextView) -> list[Found]:
    """某某委員會（原某某部）: the former name of an organization is an organization."""
    text = view.text
    out = []
    for m in FORMER.finditer(text):
        name = m.group(1)
        if zh_head(name, "org_suffixes_zh.txt") and len(name) >= 3:
            out.append(found(view, m.start(1), m.end(1), "orgs.former", name_zh=name, priority=7))
    return out


def more_candidates(view: TextView) -> list[Found]:
    return find_intl_orgs(view) + find_companies(view) + find_press(view) + find_former_names(view)


APPOSITIVE_OPEN = re.compile(r"\s?[（(]")
SENTENCE_START = re.compile(r"[。；;！？\n]")


def translate_appositives(chosen: list[Found], text: str) -> list[Found]:
    """Dr. Jane Roe, Director of the X Centre (XC), Ministry of Y（某部某中心主任某某博士）:
    the bracket translates the English phrase before it. When the phrase holds one
    romanized person and the bracket one Chinese person and one Chinese organization, the
    Chinese person takes the English name and the organization the first English
    organization's name (the unit the role belongs to), so the two spellings resolve
    together."""
    ordered = sorted(chosen, key=lambda f: f.start)
    changed: dict[int, Found] = {}
    for f in ordered:
        if f.label != "PERSON" or f.name_en or not f.name_zh:
            continue
        close = text.find("）", f.end)
        open_at = text.rfind("（", 0, f.start)
        if open_at < 0 or close < 0 or close - open_at > 80 or "）" in text[open_at:f.start]:
            continue
        inside = [g for g in ordered if open_at < g.start and g.end <= close]
        lead = SENTENCE_START.split(text[max(0, open_at - 300) : open_at])[-1]
        lead_start = open_at - len(lead)
        before = [g for g in ordered if lead_start <= g.start and g.end <= open_at]
        people_en = [g for g in before if g.label == "PERSON" and g.name_en and not g.name_zh]
        orgs_en = [g for g in before if g.label == "ORG" and g.name_en and not g.name_zh]
        orgs_zh = [g for g in inside if g.label == "ORG" and g.name_zh and not g.name_en]
        if len(people_en) != 1 or not orgs_en or len(orgs_zh) != 1 or sum(g.label == "PERSON" for g in inside) != 1:
            continue
        changed[id(f)] = f.moved(name_en=people_en[0].name_en)
        org, source = orgs_zh[0], orgs_en[0]
        changed[id(org)] = org.moved(name_en=source.name_en, abbr=org.abbr or source.abbr)
    return [changed.get(id(f), f) for f in chosen]
