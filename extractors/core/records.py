"""Output types: one frozen dataclass per contract table (../shared/CONTRACT.md).

These classes are the single source of truth for the Parquet schemas:
``pipeline/parquet.py`` derives each Arrow schema from the field types
(``str`` -> string, ``int`` -> int64, ``date`` -> date32, ``list[str]`` ->
list<string>, ``bool`` -> bool) and from field metadata (``arrow`` for a
narrower integer type, ``nullable=False`` for a required column).

Columns beyond the contract are allowed and documented with ``doc``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    """``documents.status``: how far one input got. Written to Parquet as the plain string."""

    OK = "ok"
    PARTIAL = "partial"  # read, but a later stage failed on it
    FAILED = "failed"  # could not be read
    SKIPPED = "skipped"  # not a report file (unsupported type, a symlink out of --raw)


class ErrorCode(StrEnum):
    """``errors.code`` and ``documents.error_code``: stable codes for what went wrong.

    Readers raise ``ExtractionError`` with one of these (or a plain string of the same
    value); the runner adds the codes of failures it catches itself.
    """

    # the file
    UNSUPPORTED = "unsupported"
    EMPTY_FILE = "empty_file"
    BINARY_FILE = "binary_file"
    UNDECODABLE_TEXT = "undecodable_text"
    NO_TEXT = "no_text"
    NO_TEXT_LAYER = "no_text_layer"
    CORRUPT_PDF = "corrupt_pdf"
    ENCRYPTED_PDF = "encrypted_pdf"
    CORRUPT_DOCX = "corrupt_docx"
    CORRUPT_ODT = "corrupt_odt"
    ENCRYPTED_ODT = "encrypted_odt"
    NOT_A_TEXT_DOCUMENT = "not_a_text_document"  # an OpenDocument spreadsheet or drawing
    NEEDS_LIBREOFFICE = "needs_libreoffice"  # .doc/.rtf without LibreOffice installed
    CONVERSION_FAILED = "conversion_failed"
    CONVERSION_TIMEOUT = "conversion_timeout"
    TOO_LARGE = "too_large"  # past a resource limit (input size, inflated size, table cells, text)
    GARBAGE_TEXT = "garbage_text"  # a text layer that is not language (unmapped glyphs, private use)
    UNREADABLE = "unreadable"  # no permission to read the file or list the folder
    NOT_A_FILE = "not_a_file"  # a FIFO, device, socket, or a symlink to one or out of --raw
    CHANGED = "changed"  # the file changed between the scan and the read
    # the run
    MISSING_UPSTREAM = "missing_upstream"
    STAGE_CRASHED = "stage_crashed"
    BAD_OPTION = "bad_option"  # a line of a run's option file left out (the curation file)
    TIMEOUT = "timeout"
    KILLED = "killed"
    WORKER_CRASHED = "worker_crashed"
    OUT_OF_MEMORY = "out_of_memory"  # past the memory a worker may use


def col(doc: str = "", *, arrow: str | None = None, nullable: bool = True, default=None):
    """A column: its meaning, an optional narrower Arrow type, nullability."""
    meta = {"doc": doc, "nullable": nullable}
    if arrow:
        meta["arrow"] = arrow
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str = col("first 16 hex digits of the SHA-256 of the input file's bytes", nullable=False)
    source_path: str = col("path relative to --raw", nullable=False)
    source_format: str | None = col("pdf, txt, md, html, docx")
    n_pages: int | None = col("pages (PDF), else null", arrow="int32")
    n_chars: int | None = col("characters of the normalized text")
    status: str = col("ok, partial, failed, skipped", nullable=False, default=Status.OK)
    error: str | None = col("why, in a sentence, when not ok")
    error_code: str | None = col("stable code of the first error, e.g. encrypted_pdf")
    n_bytes: int | None = col("size of the input file in bytes")
    encoding: str | None = col("detected text encoding (txt/md/html), else null")
    flags: list[str] | None = col("reader quality flags, e.g. big5, fake_bold, markdown_in_txt, cid_garbage")


@dataclass(frozen=True)
class PageRow:
    """One source page: where its text sits in the normalized text, and how clean it was."""

    doc_id: str = col()
    page: int | None = col("1-based page number", arrow="int32")
    char_start: int | None = col("span start of the page's text in the normalized text")
    char_end: int | None = col("span end")
    n_chars: int | None = col("characters the page yielded before cleaning")
    cid_share: float | None = col("share of (cid:NN) garbage among them")
    fake_bold: int | None = col("characters removed as fake-bold copies")
    ocr: bool | None = col("the page's text came from OCR (a scan, or an unusable text layer)")
    ocr_confidence: float | None = col("OCR's mean word confidence, 0-100 (OCR pages only)")
    ocr_low_share: float | None = col("share of OCR words with confidence below 60 (OCR pages only)")


@dataclass(frozen=True)
class ReportRow:
    doc_id: str = col()
    title: str | None = col("出國報告名稱, or the best title found in the text")
    category: str | None = col("類別 as written (e.g. 其他)")
    trip_type: str | None = col("the checked 出國類別 option (e.g. 考察)")
    organizer: str | None = col("出國計畫主辦機關")
    contact_name: str | None = col("聯絡人")
    contact_phone: str | None = col("電話")
    trip_start: date | None = col("出國期間 start, else the itinerary's first day")
    trip_end: date | None = col("出國期間 end, else the itinerary's last day")
    destinations: list[str] | None = col("出國地區 (countries/regions), else derived")
    report_date: date | None = col("報告日期")
    has_attachment: bool | None = col("含附件")
    summary: str | None = col("內容摘要 / 摘要 text")
    keywords: list[str] | None = col("關鍵詞, split on commas")
    n_pages_stated: int | None = col("頁數 as stated on the form", arrow="int32")
    system_id: str | None = col("系統識別號 (e.g. C10401427) when given")


@dataclass(frozen=True)
class ParticipantRow:
    doc_id: str = col()
    seq: int | None = col("編號, else order", arrow="int32")
    name: str | None = col("姓名")
    agency: str | None = col("服務機關 / 單位 as written")
    unit: str | None = col("sub-unit when given")
    job_title: str | None = col("職稱")
    grade: str | None = col("官職等 / 職等 when given")
    source: str | None = col("cover, table, or cover+table")


@dataclass(frozen=True)
class SectionRow:
    doc_id: str = col()
    section_path: str = col("dotted ordinals, e.g. 4.2.1")
    level: int = col("depth in the tree", arrow="int8", default=1)
    marker: str | None = col("the marker as written, e.g. 肆， or （二）")
    title: str | None = col("heading text, or the lead phrase before ：")
    kind: str | None = col("level 1 only: summary, participants, purpose, ...")
    text: str | None = col("the section's own body text, cleaned")
    char_start: int | None = col("span start in the normalized text")
    char_end: int | None = col("span end in the normalized text")
    page: int | None = col("source page of the heading (PDF), else null", arrow="int32")


@dataclass(frozen=True)
class ItineraryRow:
    doc_id: str = col()
    seq: int | None = col("row order", arrow="int32")
    date: date | None = col("the row's (first) day")
    date_text: str | None = col("as written, e.g. 2018.5.21")
    places: list[str] | None = col("route in order")
    activity: str | None = col("行程 text, wrapped cell lines joined")
    date_end: date | None = col("last day, for a row that covers several days")  # type: ignore[valid-type]  # the type, not the field above
    char_start: int | None = col("span start of the row")
    char_end: int | None = col("span end of the row")


@dataclass(frozen=True)
class MentionRow:
    doc_id: str = col()
    section_path: str | None = col("where it occurs")
    label: str | None = col("ORG, PERSON, PLACE, EVENT")
    text: str | None = col("surface form as written")
    name_zh: str | None = col("Chinese name stated with it")
    name_en: str | None = col("English name stated with it")
    abbr: str | None = col("abbreviation stated with it")
    role: str | None = col("PERSON: title/position as written")
    affiliation: str | None = col("PERSON: organization or place the role belongs to")
    char_start: int | None = col()
    char_end: int | None = col()
    entity_id: str | None = col("the resolved entity")
    rule: str | None = col("which grammar rule found it")


@dataclass(frozen=True)
class EntityRow:
    entity_id: str = col()
    label: str | None = col("as in mentions")
    name_zh: str | None = col()
    name_en: str | None = col()
    abbr: str | None = col()
    aliases: list[str] | None = col("every other surface form merged in")
    n_mentions: int | None = col()
    n_docs: int | None = col()


@dataclass(frozen=True)
class DateRow:
    doc_id: str = col()
    section_path: str | None = col()
    text: str | None = col("as written")
    start: date | None = col("first day of the interval")
    end: date | None = col("last day of the interval")
    granularity: str | None = col("day, month, year")
    calendar: str | None = col("gregorian or roc")
    is_relative: bool | None = col("resolved against an anchor")
    char_start: int | None = col()
    char_end: int | None = col()
    rule: str | None = col("which grammar rule fired, or why it could not resolve")
    anchor: str | None = col("which anchor resolved it (section, trip, report)")


@dataclass(frozen=True)
class AliasRow:
    """Why a surface form belongs to an entity: the evidence that merged it."""

    entity_id: str = col()
    alias: str | None = col("the surface form, as written (quotes and edge punctuation stripped)")
    rule: str | None = col(
        "why: canonical, normalized, script_variant, short_form, bilingual_link, component_link, "
        "fuzzy, transposition, token_reorder, person_variant, doc_suffix, own_agency, short_name, paren_abbr, "
        "other_language, person_pair, variant, abridged, place_prefix, mission, edition, doc_year, curated"
    )
    score: float | None = col("1.0 for exact evidence, the similarity for fuzzy rules")
    matched: str | None = col("the name it was linked to (null for the canonical name)")


@dataclass(frozen=True)
class ErrorRow:
    """One failure of one (document, stage); also summarized in documents."""

    doc_id: str = col()
    source_path: str | None = col()
    stage: str | None = col("the stage that failed")
    code: str | None = col("stable code, e.g. unreadable_pdf, no_text_layer")
    message: str | None = col("what went wrong, in a sentence")


class ExtractionError(Exception):
    """An expected failure with a stable code and a sentence for users."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


# Table name -> row type, in contract order.
TABLES: dict[str, type] = {
    "documents": DocumentRow,
    "pages": PageRow,
    "reports": ReportRow,
    "participants": ParticipantRow,
    "sections": SectionRow,
    "itinerary": ItineraryRow,
    "mentions": MentionRow,
    "entities": EntityRow,
    "dates": DateRow,
    "aliases": AliasRow,
    "errors": ErrorRow,
}
