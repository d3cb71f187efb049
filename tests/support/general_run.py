"""Run one fixture of tests/fixtures/general through the real reader and the structure extractors."""

from __future__ import annotations

from pathlib import Path

from extractors.core.doc import Doc
from extractors.reports.trip import extract_trip
from extractors.sections.tree import extract_sections
from pipeline.readers import read_bytes

GENERAL = Path(__file__).resolve().parents[1] / "fixtures" / "general"


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


def build_docx(blocks: list) -> bytes:
    """A .docx in memory: a str is a paragraph ("#2 text" a Heading 2), a list of rows a table."""
    import io

    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, list):
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for r, row in enumerate(block):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        elif block.startswith("#"):
            level, _, text = block[1:].partition(" ")
            document.add_heading(text, level=int(level))
        else:
            document.add_paragraph(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_REPORT = [
    "#1 高雄市政府海洋局出國報告",
    "赴新加坡考察港灣城市海洋污染防治",
    "出國類別：考察",
    "服務機關：高雄市政府海洋局",
    "出國期間：112.09.11-112.09.15",
    "報告日期：112.11.30",
    "#2 壹、目的",
    "新加坡為亞洲主要港灣城市，其海洋污染防治與港區水質管理經驗值得本市借鏡。",
    "#2 貳、出國人員",
    [["編號", "姓名", "服務機關", "職稱"],
     ["1", "鄭文華", "高雄市政府海洋局", "副局長"],
     ["2", "廖淑惠", "高雄市政府海洋局", "科長"]],
    "#2 參、行程",
    [["日期", "地點", "行程內容"],
     ["9月11日", "高雄－新加坡", "搭機抵達新加坡"],
     ["9月12日", "新加坡", "拜會新加坡國家環境局"],
     ["9月13日至9月14日", "新加坡", "參訪裕廊島污水處理廠及海事及港務管理局"],
     ["9月15日", "新加坡－高雄", "搭機返國"]],
    "#2 肆、心得及建議",
    "一、建立港區水質即時監測網",
    "二、推動船舶廢水岸上收受設施",
]
