"""The trip: one ``reports`` row, the ``participants`` and the ``itinerary`` of a document.

The cover form (提要表) gives the report's fields when there is one. Without it, the
trip dates come from the itinerary's first and last day, the destinations from the
countries of the itinerary's places (the home country left out), the summary from the
摘要 section, and the title only from an opening line that plainly is one.

Example:
    >>> from extractors.core.doc import doc_from_text
    >>> text = "出國期間：107年4月9日至107年4月14日\\n出國地區：日本\\n"
    >>> report = extract_trip(doc_from_text(text))["reports"][0]
    >>> report.trip_start.isoformat(), report.destinations
    ('2018-04-09', ['日本'])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice

from extractors.core.doc import Doc
from extractors.core.gazetteer import lookup_place
from extractors.core.numbering import is_toc_line, parse_marker
from extractors.core.records import ItineraryRow, ReportRow, SectionRow
from extractors.core.textlines import HEADING, Line, is_heading, iter_lines, join_pieces, split_lines
from extractors.reports.cover_form import (
    TOC_HEADING,
    CoverForm,
    cut_value,
    find_fields,
    parse_cover_text,
    parse_period,
)
from extractors.reports.itinerary import extract_itinerary
from extractors.reports.participants import extract_participants
from extractors.sections.tree import classify_kind

# 出國報告（出國類別：開會）, the first line of the 附件一 cover page, or an agency's
# generic 交通部觀光署 出國報告: a heading above the title, not the title.
COVER_HEADING = re.compile(
    r"^\s*(?:\S{1,20}(?:部|署|局|府|會|處|院|所|館|中心|大學)\s*)?(?:公務)?出國報告書?\s*(?:[（(]\s*出國類別\s*[：:]\s*(?P<type>[^）)]+)[）)])?\s*$"
)
# 文化部出國報告：赴法國… — the generic heading and the title on one line.
TITLE_PREFIX = re.compile(r"^\S{0,24}?(?:公務)?出國報告書?\s*[：:]\s*(?=\S)")
_SPACED = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000](?=[\u3400-\u9fff])")  # 出 國 報 告
NOT_TITLE = re.compile(r"提要|審核表|目次|目錄|附件|^\s*(?:出國報告|報告)\s*$")


def find_title(text: str) -> str | None:
    """A title from the opening lines, or None when no line plainly is one.

    The line after a 出國報告（出國類別：…） cover heading is the title (wrapped lines
    joined); otherwise the first line before any numbered heading that names a 報告.
    """
    lines = list(islice((line for line in iter_lines(text) if not line.is_blank), 20))
    for k, line in enumerate(lines):
        if _numbered(line.text):
            break
        if _is_cover_heading(line.text):
            if k + 1 < len(lines) and _is_cover_heading(lines[k + 1].text):
                continue  # a running header 出國報告 above the agency's 交通部 出國報告
            parts = []
            for nxt in lines[k + 1 : k + 4]:
                if find_fields(nxt.text) or _numbered(nxt.text) or len(nxt.stripped) > 120:
                    break
                if nxt.stripped[-1] in "。；;" or (parts and classify_kind(nxt.stripped) != "other"):
                    break  # a sentence, or an unnumbered 摘要 / 目次 heading
                parts.append(nxt.stripped)
            return join_pieces(parts) or None
    for line in lines:
        stripped = line.stripped
        if _numbered(stripped) or HEADING.match(stripped):
            break
        stripped = TITLE_PREFIX.sub("", stripped)
        if "報告" in line.stripped and not NOT_TITLE.search(stripped) and 6 <= len(stripped) <= 150:
            if not find_fields(stripped) and "。" not in stripped:
                return stripped
    return None


def _is_cover_heading(line: str) -> bool:
    return bool(COVER_HEADING.match(line) or COVER_HEADING.match(_SPACED.sub("", line)))


def _numbered(line: str) -> bool:
    """A numbered heading or paragraph of any marker type (1、考察目的, (1) …)."""
    return is_heading(line) or parse_marker(line) is not None


def find_summary(text: str, sections: Sequence[SectionRow], lines: Sequence[Line] | None = None) -> str | None:
    """The 摘要 section's text: from the sections table, else under a 摘要 heading (``lines``:
    the text's lines, when already split)."""
    for section in sections:
        if section.kind == "summary" and section.level == 1 and section.text:
            return section.text
    lines = split_lines(text) if lines is None else lines
    for k, line in enumerate(lines):
        stripped = line.stripped
        if is_heading(stripped) and "摘要" in stripped and len(stripped) <= 12:
            marker = HEADING.match(stripped)
            family = (
                "壹貳參叁叄肆伍陸柒捌玖拾"
                if marker and marker.group()[:1] in "壹貳參叁叄肆伍陸柒捌玖拾"
                else "一二三四五六七八九十"
            )
            body = []
            for nxt in lines[k + 1 :]:
                head = nxt.stripped[:1]
                if is_heading(nxt.stripped) and head in family:
                    break
                body.append(nxt.text.strip())
            summary = "\n".join(body).strip()
            summary = re.sub(r"\n{3,}", "\n\n", summary)
            return summary or None
    return unnumbered_summary(lines)


SUMMARY_HEADING = re.compile(r"^#*\s*(?:內容摘要|摘要|提要|報告摘要|executive\s*summary|summary|abstract)\s*[：:]?$", re.IGNORECASE)


def unnumbered_summary(lines: list) -> str | None:
    """The text under an unnumbered 摘要 / Abstract heading line, up to the 目次 or the
    first numbered heading."""
    for k, line in enumerate(lines):
        if not SUMMARY_HEADING.match(_SPACED.sub("", line.stripped)):
            continue
        body: list[str] = []
        for nxt in lines[k + 1 :]:
            stripped = nxt.stripped
            if stripped and (
                _numbered(stripped) or TOC_HEADING.match(stripped) or is_toc_line(stripped)
                or classify_kind(stripped) != "other" and len(stripped) <= 12
            ):
                break
            body.append(stripped)
        summary = re.sub(r"\n{3,}", "\n\n", "\n".join(body).strip())
        return summary or None
    return None


def derive_destinations(itinerary: list[ItineraryRow], home_country: str) -> list[str] | None:
    """Countries of the itinerary's places, in order of first appearance, home left out.

    A country seen only in the middle of routes (臺北—曼谷—伊斯蘭馬巴德) is a transit
    stop, not a destination, unless nothing else is left.
    """
    seen: list[str] = []
    stayed: set[str] = set()
    for row in itinerary:
        places = row.places or []
        for k, name in enumerate(places):
            place = lookup_place(name)
            if not place or not place.country_code or place.country_code == home_country:
                continue
            if place.country_zh not in seen:
                seen.append(place.country_zh)
            if k == 0 or k == len(places) - 1:
                stayed.add(place.country_zh)
    return [c for c in seen if c in stayed] or seen or None


def build_report(
    doc: Doc,
    form: CoverForm,
    itinerary: list[ItineraryRow],
    sections: Sequence[SectionRow],
    *,
    home_country: str,
    lines: Sequence[Line] | None = None,
) -> ReportRow:
    fields = form.fields
    dated = [row for row in itinerary if row.date]
    trip_start, trip_end = form.trip_start, form.trip_end
    if trip_start is None and dated:
        trip_start = min(row.date for row in dated)
    if trip_end is None and dated:
        trip_end = max(row.date_end or row.date for row in dated)
    trip_type = fields.get("trip_type")
    if trip_type is None:
        for line in islice(iter_lines(doc.text), 40):
            if (m := COVER_HEADING.match(_SPACED.sub("", line.text))) and m["type"]:
                trip_type = m["type"].strip()
                break
    return ReportRow(
        doc_id=doc.doc_id,
        title=fields.get("title") or find_title(doc.text),
        category=fields.get("category"),
        trip_type=trip_type.strip("（）() ") if trip_type else None,
        organizer=fields.get("organizer"),
        contact_name=fields.get("contact_name"),
        contact_phone=fields.get("contact_phone"),
        trip_start=trip_start,
        trip_end=trip_end,
        destinations=form.destinations or derive_destinations(itinerary, home_country),
        report_date=form.report_date,
        has_attachment=form.has_attachment,
        summary=fields.get("summary") or find_summary(doc.text, sections, lines),
        keywords=form.keywords,
        n_pages_stated=form.n_pages,
        system_id=form.system_id,
    )


def extract_trip(
    doc: Doc, sections: Sequence[SectionRow] = (), *, home_country: str = "TW"
) -> dict[str, list]:
    """The ``reports`` (exactly one row), ``participants`` and ``itinerary`` rows of a document.

    ``home_country`` (ISO code) is left out of destinations derived from the itinerary.
    """
    form = parse_cover_text(doc.text)
    if form.trip_start is None:
        # A lone 出國期間 line (no form around it) still dates the trip.
        for found in find_fields(doc.text):
            if found.name == "period":
                form.trip_start, form.trip_end = parse_period(cut_value("period", found.value))
                if form.trip_start:
                    break
    anchor_year = form.trip_start.year if form.trip_start else None
    lines = split_lines(doc.text)  # once per document; the extractors below share it
    itinerary = extract_itinerary(doc, sections, anchor_year=anchor_year, lines=lines)
    participants = extract_participants(
        doc, sections, cover_fields=form.fields, people_label=form.people_label, lines=lines
    )
    report = build_report(doc, form, itinerary, sections, home_country=home_country, lines=lines)
    return {"reports": [report], "participants": participants, "itinerary": itinerary}
