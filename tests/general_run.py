"""Run one fixture of tests/fixtures/general through the real reader and the structure extractors."""

from __future__ import annotations

from pathlib import Path

from extractors.doc import Doc
from extractors.sections import extract_sections
from extractors.trip import extract_trip
from pipeline.readers import read_bytes

GENERAL = Path(__file__).parent / "fixtures" / "general"


def run_bytes(data: bytes, source_format: str) -> dict:
    """Reader + sections + trip tables for one document's bytes."""
    result = read_bytes(data, source_format)
    doc = Doc(doc_id="g", text=result.text, source_format=source_format, pages=result.pages,
              n_pages=result.n_pages)
    sections = extract_sections(doc)
    out = extract_trip(doc, sections)
    out["sections"] = sections
    out["doc"] = doc
    return out


def run_fixture(name: str) -> dict:
    path = GENERAL / name
    return run_bytes(path.read_bytes(), path.suffix.lstrip(".").replace("htm", "html").replace("htmll", "html"))


def tree(out: dict) -> list[tuple[str, str | None, str | None]]:
    """(path, title, kind) of every section."""
    return [(s.section_path, s.title, s.kind) for s in out["sections"]]
