"""Render a synthetic report (``report_spec.Report``) as txt, md, docx or PDF bytes.

- txt: a text dump of a PDF: hard wraps, fake-bold headings as runs repeated
  four times (壹壹壹壹、、、、    目的目的目的目的), space-separated tables whose
  long cells continue on the next lines, page-number lines.
- md: headings, key：value cover lines with ■/□ or HTML checkboxes, pipe or
  tab tables.
- docx: python-docx with bold headings, ruled ("Table Grid") or unruled tables.
- pdf: ReportLab, A4, a running header and page numbers, fake-bold headings
  drawn 2-4 times at 0.3 pt offsets, ruled or unruled tables, multi-page.

Every renderer is deterministic: the same report gives the same bytes.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

from benchmarks.report_spec import Cover, Heading, Para, Report, Table

# ------------------------------------------------------------------ txt


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def hard_wrap(text: str, columns: int) -> list[str]:
    lines, cur = [], ""
    for tok in re.findall(r"[A-Za-z0-9,.'-]+|.", text):
        if cur and width(cur + tok) > columns and tok not in "，。、；：）」":
            lines.append(cur.rstrip())
            cur = tok.lstrip()
        else:
            cur += tok
    if cur.strip():
        lines.append(cur.rstrip())
    return lines


def bold_runs(text: str, copies: int) -> str:
    """Each run of letters or of punctuation repeated, as PDF-to-text dumps show fake bold."""
    if copies < 2:
        return text
    parts = re.findall(r"[\u4e00-\u9fffA-Za-z0-9]+|[^\u4e00-\u9fffA-Za-z0-9\s]|\s+", text)
    return "".join(p if p.isspace() else p * copies for p in parts)


def txt_table(table: Table, columns: int) -> list[str]:
    out = []
    for row in table.rows:
        line = " ".join(row)
        if width(line) <= columns:
            out.append(line + " ")
            continue
        first, *rest = row  # the seed-dump look: long cells continue on their own lines
        out.append(first + " ")
        for cell in rest:
            out.extend(piece + " " for piece in hard_wrap(cell, columns // 2))
    return out


def render_txt(report: Report) -> bytes:
    lines: list[str] = []
    for block in report.blocks:
        if isinstance(block, Cover):
            lines += [block.heading, ""]
            for key, value in block.fields:
                lines.extend(hard_wrap(f"{key}：{value}", report.wrap))
            lines.append("")
        elif isinstance(block, Heading):
            marker, title = block.marker, block.title
            text = f"{marker}    {title}" if report.fake_bold >= 2 and block.level == 1 else marker + title
            lines += ["", " " + bold_runs(text, 4 if report.fake_bold >= 2 else 1) + " ", ""]
        elif isinstance(block, Para):
            indent = "  " * block.level if block.level else "    "
            lines.extend(piece + " " for piece in hard_wrap(indent + block.text, report.wrap))
            lines.append(" ")
        elif isinstance(block, Table):
            lines += [""] + txt_table(block, report.wrap) + [""]
    paged: list[str] = []
    for k, line in enumerate(lines):
        paged.append(line)
        if k and k % 46 == 0:
            paged += ["", f"- {k // 46} -", "\f"]
    return "\n".join(paged).encode("utf-8")


# ------------------------------------------------------------------- md


def render_md(report: Report, html_boxes: bool) -> bytes:
    def box(text: str) -> str:
        if not html_boxes:
            return text
        return text.replace("■", '<input checked="" type="checkbox"/> ').replace("□", '<input type="checkbox"/> ')

    out = [f"# {report.title}", ""]
    pipes = report.index % 2 == 0
    for block in report.blocks:
        if isinstance(block, Cover):
            out += [f"## {block.heading}", ""]
            out += [box(f"{k}：{v}") + "  " for k, v in block.fields] + [""]
        elif isinstance(block, Heading):
            out += [f"{'#' * (block.level + 1)} {block.marker}{block.title}", ""]
        elif isinstance(block, Para):
            out += [block.text, ""]
        elif isinstance(block, Table):
            if pipes:
                out.append("| " + " | ".join(block.rows[0]) + " |")
                out.append("|" + "---|" * len(block.rows[0]))
                out += ["| " + " | ".join(row) + " |" for row in block.rows[1:]]
            else:
                out += ["\t".join(row) for row in block.rows]
            out.append("")
    return "\n".join(out).encode("utf-8")


# ----------------------------------------------------------------- docx

FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so the same document gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), src.read(info.filename), zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def render_docx(report: Report) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.author = "synthetic"
    title = document.add_paragraph()
    run = title.add_run(report.title)
    run.bold, run.font.size = True, Pt(16)
    for block in report.blocks:
        if isinstance(block, Cover):
            document.add_paragraph().add_run(block.heading).bold = True
            table = document.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for key, value in block.fields:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = key, value
        elif isinstance(block, Heading):
            if report.index % 3 == 0:
                document.add_heading(block.marker + block.title, level=min(block.level, 3))
            else:
                run = document.add_paragraph().add_run(block.marker + block.title)
                run.bold, run.font.size = True, Pt(14 if block.level == 1 else 12)
        elif isinstance(block, Para):
            document.add_paragraph(block.text)
        elif isinstance(block, Table):
            table = document.add_table(rows=0, cols=len(block.rows[0]))
            if block.ruled:
                table.style = "Table Grid"
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    buf = io.BytesIO()
    document.save(buf)
    return fixed_zip(buf.getvalue())


# ------------------------------------------------------------------ pdf

FONT = "UMingTW"
# the repository's subset of AR PL UMing TW (tests/fixtures/fonts/make_font.py): no system font needed
FONT_FILE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "fonts" / "uming_tw_subset.ttf"
PAGE_W, PAGE_H = 595.2756, 841.8898  # A4
LEFT = RIGHT = 72.0
TOP, BOTTOM = 80.0, 72.0
TEXT_W = PAGE_W - LEFT - RIGHT
SIZE, LEADING = 12.0, 19.0
NO_LINE_START = set("，。、；：！？）」』,.;:!?)")


@cache
def font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE)))
    return FONT


def text_width(text: str, size: float = SIZE) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font(), size)


def pdf_wrap(text: str, limit: float, size: float = SIZE) -> list[str]:
    lines, cur = [], ""
    for tok in re.findall(r"[\x21-\x7e]+|\s+|.", text):
        if tok.isspace():
            tok = " "
            if not cur:
                continue
        if text_width(cur + tok, size) <= limit or (len(tok) == 1 and tok in NO_LINE_START):
            cur += tok
            continue
        if cur:
            lines.append(cur.rstrip())
        cur = tok.lstrip()
        while text_width(cur, size) > limit:  # a very long Latin run
            cut = max(1, int(limit // (size * 0.5)))
            lines.append(cur[:cut])
            cur = cur[cut:]
    if cur.strip():
        lines.append(cur.rstrip())
    return lines


class PdfLayout:
    def __init__(self, header: str, footer: str, copies: int):
        from reportlab import rl_config
        from reportlab.pdfgen import canvas

        rl_config.invariant = 1
        font()
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1)
        self.header, self.footer, self.copies = header, footer, copies
        self.page = 0
        self.start_page()

    def start_page(self) -> None:
        self.page += 1
        self.c.setFont(FONT, 9)
        self.c.drawString(LEFT, PAGE_H - 45, self.header)
        self.c.setLineWidth(0.5)
        self.c.line(LEFT, PAGE_H - 50, PAGE_W - RIGHT, PAGE_H - 50)
        self.c.drawCentredString(PAGE_W / 2, 36, self.footer.format(n=self.page))
        self.y = PAGE_H - TOP

    def room(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.c.showPage()
            self.start_page()

    def line(self, x: float, text: str, size: float = SIZE, copies: int = 1, justify: float | None = None) -> None:
        self.room(LEADING)
        spacing = 0.0
        if justify and len(text) > 1:
            slack = (justify - text_width(text, size)) / (len(text) - 1)
            spacing = slack if 0 < slack <= 2.5 else 0.0
        for k in range(max(1, copies)):
            t = self.c.beginText(x + 0.3 * k, self.y - size)
            t.setFont(FONT, size)
            t.setCharSpace(spacing)
            t.textOut(text)
            self.c.drawText(t)
        self.y -= LEADING if size <= SIZE else size + 8

    def para(self, text: str, indent: float = 24.0) -> None:
        lines = pdf_wrap(text, TEXT_W - indent)
        for k, piece in enumerate(lines):
            x = LEFT + (indent if k == 0 else 0)
            self.line(x, piece, justify=None if k == len(lines) - 1 else PAGE_W - RIGHT - x)
        self.y -= 6

    def heading(self, block: Heading) -> None:
        size = 14.0 if block.level == 1 else SIZE
        self.y -= 4
        self.room(3 * LEADING)
        for piece in pdf_wrap(block.marker + block.title, TEXT_W, size):
            self.line(LEFT, piece, size, copies=self.copies)
        self.y -= 4

    def table(self, rows: list[list[str]], widths: list[float], ruled: bool) -> None:
        lefts = [LEFT + sum(widths[:k]) for k in range(len(widths))]
        self.y -= 4
        for k, row in enumerate(rows):
            cells = [pdf_wrap(text, w - 8) or [""] for text, w in zip(row, widths, strict=True)]
            height = max(len(c) for c in cells) * (SIZE + 4) + 8
            if self.y - height < BOTTOM:
                self.c.showPage()
                self.start_page()
                if k:  # repeat the header row on the next page
                    self.table_row(rows[0], widths, lefts, ruled)
            self.table_row(row, widths, lefts, ruled, cells, height)
        self.y -= 10

    def table_row(self, row, widths, lefts, ruled, cells=None, height=None) -> None:
        cells = cells or [pdf_wrap(text, w - 8) or [""] for text, w in zip(row, widths, strict=True)]
        height = height or max(len(c) for c in cells) * (SIZE + 4) + 8
        self.c.setLineWidth(0.6)
        for x, w, lines in zip(lefts, widths, cells, strict=True):
            if ruled:
                self.c.rect(x, self.y - height, w, height)
            self.c.setFont(FONT, SIZE)
            for j, piece in enumerate(lines):
                self.c.drawString(x + 4, self.y - 4 - SIZE - j * (SIZE + 4) + 2, piece)
        self.y -= height

    def finish(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


def column_widths(rows: list[list[str]]) -> list[float]:
    longest = [max(text_width(row[k]) for row in rows) + 8 for k in range(len(rows[0]))]
    capped = [min(w, TEXT_W * 0.5) for w in longest]
    rest = TEXT_W - sum(capped[:-1])
    return capped[:-1] + [max(rest, 60.0)] if rest > 60 else [TEXT_W / len(capped)] * len(capped)


def render_pdf(report: Report) -> bytes:
    header = f"{report.agency}　出國報告"
    lay = PdfLayout(header, "- {n} -" if report.index % 2 else "第 {n} 頁", max(1, report.fake_bold))
    lay.room(40)
    for k in range(max(1, report.fake_bold)):
        lay.c.setFont(FONT, 16)
        lay.c.drawCentredString(PAGE_W / 2 + 0.3 * k, lay.y - 16, report.title[:34])
    lay.y -= 40
    for block in report.blocks:
        if isinstance(block, Cover):
            lay.para(block.heading, indent=0)
            lay.table([[k, v] for k, v in block.fields], [130.0, TEXT_W - 130.0], ruled=True)
            lay.c.showPage()
            lay.start_page()
        elif isinstance(block, Heading):
            lay.heading(block)
        elif isinstance(block, Para):
            lay.para(block.text, indent=12.0 * block.level if block.level else 24.0)
        elif isinstance(block, Table):
            lay.table(block.rows, column_widths(block.rows), block.ruled)
    return lay.finish()


RENDERERS = {
    "pdf": render_pdf,
    "txt": render_txt,
    "md": lambda report: render_md(report, html_boxes=report.index % 4 == 1),
    "docx": render_docx,
}
