"""`pipeline show`: one document's extraction, readable in a terminal.

It is what a person opens when a value looks wrong: the section tree, the cover
fields, the itinerary, entities with roles, dates, and the errors — each row
with the page (PDF) or character offset it came from.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.tree import Tree

from extractors.core.doc import Doc
from extractors.core.table import find_tables
from extractors.core.textlines import split_lines
from pipeline.cache import Cache
from pipeline.parquet import read_table
from pipeline.stages import READ, STAGES, stage_keys
from pipeline.terminal import safe


class NotFound(Exception):
    """No document in the output matches what was asked for."""


def rows_of(out: Path, name: str, doc_id: str) -> list[dict]:
    table = read_table(out, name)
    if table is None:
        return []
    return [r for r in table.to_pylist() if r.get("doc_id") == doc_id]


class Ambiguous(NotFound):
    """Several documents match what was asked for."""


def describe(d: dict) -> str:
    return f"{d['doc_id']}  {d['source_path']}"


def find_document(out: Path, key: str) -> dict:
    """The documents row whose doc_id, source path, file name or file stem is ``key``,
    or whose doc_id starts with ``key`` (4 characters or more). Several matches raise
    ``Ambiguous`` listing them; none raises ``NotFound`` saying what can be given."""
    table = read_table(out, "documents")
    if table is None:
        raise NotFound(f"{out} has no documents table; run `pipeline run` first")
    docs = table.to_pylist()
    name = Path(key).name
    for what, match in (
        ("doc_id", lambda d: d["doc_id"] == key),
        ("source path", lambda d: d["source_path"] == key),
        ("file name", lambda d: Path(d["source_path"]).name == name),
        ("file stem", lambda d: Path(d["source_path"]).stem == name),
        ("doc_id prefix", lambda d: len(key) >= 4 and d["doc_id"].startswith(key)),
    ):
        found = {d["doc_id"]: d for d in docs if match(d)}
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            listing = "\n".join("  " + describe(d) for d in sorted(found.values(), key=lambda d: d["source_path"]))
            raise Ambiguous(f"{key!r} matches {len(found)} documents by {what}; give one doc_id or file name:\n{listing}")
    examples = ", ".join(repr(Path(d["source_path"]).name) for d in docs[:3])
    hint = "a doc_id or its first 4+ characters, a source path, a file name or a file stem"
    raise NotFound(f"no document matches {key!r} in {out} ({len(docs)} documents); give {hint}, e.g. {examples}")


def load_doc(out: Path, doc_id: str) -> Doc | None:
    """The normalized document the run cached, to map offsets back to pages."""
    entry = Cache(out).get(READ, doc_id, stage_keys(STAGES)[READ])
    return entry.outputs.get("doc") if entry else None  # type: ignore[return-value]


def locate(row: dict, doc: Doc | None) -> str:
    """'p.3 @1234': the source page (PDF) and the offset in the normalized text."""
    page = row.get("page")
    if page is None and doc is not None and row.get("char_start") is not None:
        page = doc.page_of(row["char_start"])
    where = f"p.{page} " if page else ""
    if row.get("char_start") is not None:
        where += f"@{row['char_start']}"
    return where.strip()


def section_tree(sections: list[dict], doc: Doc | None) -> Tree:
    tree = Tree("[bold]sections")
    nodes: dict[str, Tree] = {}
    for s in sections:
        parent_path = s["section_path"].rpartition(".")[0]
        parent = nodes.get(parent_path, tree)
        title = safe(s["title"]) if s.get("title") else "[dim](untitled)[/]"
        label = f"[cyan]{safe(s['section_path'])}[/] {safe(s.get('marker') or '')}{title}"
        if s.get("kind"):
            label += f" [magenta]<{safe(s['kind'])}>[/]"
        label += f" [dim]{locate(s, doc)}[/]"
        nodes[s["section_path"]] = parent.add(label)
    return tree


def with_offsets(rows: list[dict], field: str, doc: Doc | None) -> list[dict]:
    """Rows the contract gives no offsets (participants): where ``field``'s value first occurs."""
    if doc is None:
        return rows
    located = []
    for row in rows:
        start = doc.text.find(row[field]) if row.get(field) else -1
        located.append({**row, "char_start": start} if start >= 0 and row.get("char_start") is None else row)
    return located


def simple_table(title: str, rows: list[dict], columns: list[str], doc: Doc | None) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in columns + ["where"]:
        table.add_column(column, overflow="fold")
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if isinstance(value, list):
                value = " → ".join(map(str, value))
            cells.append("" if value is None else safe(value))
        table.add_row(*cells, locate(row, doc))
    return table


def tables_view(tables: list, doc: Doc) -> Tree:
    """The table regions the table model finds in the text: header, size, first rows."""
    tree = Tree(f"[bold]tables ({len(tables)})")
    for table in tables:
        where = locate({"char_start": table.start}, doc)
        node = tree.add(f"[cyan]{table.kind}[/] {len(table.rows)}×{len(table.header)} "
                        f"[bold]{safe(' | '.join(table.header))}[/] [dim]{where}[/]")
        for row in table.rows[:3]:
            node.add(safe(" | ".join(cell.text for cell in row)))
        if len(table.rows) > 3:
            node.add(f"[dim]… {len(table.rows) - 3} more rows[/]")
    return tree


def render_document(out: Path, key: str) -> Group:
    """Everything the run extracted from one document, as rich renderables."""
    doc = find_document(out, key)
    doc_id = doc["doc_id"]
    head = Table.grid(padding=(0, 2))
    for field in ("doc_id", "source_path", "source_format", "status", "n_pages", "n_chars", "encoding", "error"):
        if doc.get(field) is not None:
            head.add_row(f"[bold]{field}", safe(doc[field]))
    parts: list = [Panel(head, title="document", expand=False)]
    sections = rows_of(out, "sections", doc_id)
    cached = load_doc(out, doc_id)
    for report in rows_of(out, "reports", doc_id):
        cover = Table.grid(padding=(0, 2))
        for field, value in report.items():
            if field not in ("doc_id", "summary") and value not in (None, []):
                cover.add_row(f"[bold]{field}", safe(", ".join(value) if isinstance(value, list) else value))
        parts.append(Panel(cover, title="report (cover form)", expand=False))
    if sections:
        parts.append(section_tree(sections, cached))
    specs = [
        ("participants", ["seq", "name", "agency", "unit", "job_title"]),
        ("itinerary", ["seq", "date", "date_text", "places", "activity"]),
        ("mentions", ["section_path", "label", "text", "name_zh", "name_en", "abbr", "role", "affiliation", "entity_id"]),
        ("dates", ["section_path", "text", "start", "end", "granularity", "calendar", "rule"]),
        ("errors", ["stage", "code", "message"]),
    ]
    if cached is not None and (found := find_tables(split_lines(cached.text))):
        parts.append(tables_view(found, cached))
    for name, columns in specs:
        rows = rows_of(out, name, doc_id)
        if name == "participants":
            rows = with_offsets(rows, "name", cached)
        if rows:
            parts.append(simple_table(f"{name} ({len(rows)})", rows, columns, cached))
    return Group(*parts)
