"""Review pages: one document's extraction as a self-contained HTML page.

`pipeline show DOC --html FILE` writes one page; `pipeline review --html DIR` writes one
page per document (``<doc_id>.html``) and ``index.html``. A page opens from disk with no
server and no network (no external CSS, script, font or image) and holds:

- the normalized text, every mention and date highlighted by label with spaCy's displaCy
  span renderer, one block per line (``id="L<offset of the line>"``);
- the section tree as an outline whose entries jump to their heading in the text;
- the cover fields, participants and itinerary as tables, each row linked to its place
  (participants and cover fields have no offsets in the contract: the first occurrence
  of the name or value is used);
- errors and page-quality flags;
- each mention's entity id, linked to the entity's mentions across the corpus (in a
  review folder, links into the other documents' pages: ``<doc_id>.html#m<offset>``).

A small inline script counts the highlights the browser laid out into
``<body data-highlights>``, so a headless browser test can read them from the DOM.
"""

from __future__ import annotations

import html
import json
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.parquet import read_table, write_atomic
from pipeline.show import find_document, load_doc, with_offsets

LABEL_COLORS = {"ORG": "#7aecec", "PERSON": "#aa9cfc", "PLACE": "#feca74", "EVENT": "#ffeb80", "DATE": "#bfe1d9"}
TABLES = ("documents", "reports", "participants", "itinerary", "sections", "mentions", "dates", "errors",
          "pages", "entities")
COVER_FIELDS = ("title", "category", "trip_type", "organizer", "contact_name", "contact_phone", "trip_start",
                "trip_end", "destinations", "report_date", "has_attachment", "keywords", "n_pages_stated",
                "system_id")

STYLE = """
body { font-family: "Noto Sans TC", "Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei", sans-serif;
       margin: 0; display: grid; grid-template-columns: 22rem 1fr; }
nav { position: sticky; top: 0; height: 100vh; overflow: auto; padding: 1rem; background: #f6f6f6;
      font-size: 0.85rem; box-sizing: border-box; }
nav ul { padding-left: 1rem; margin: 0.2rem 0; } nav li { margin: 0.15rem 0; }
main { padding: 1rem 2rem; min-width: 0; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
.text { border-top: 1px solid #ccc; }
.line { display: grid; grid-template-columns: 4.5rem 1fr; min-height: 1.6em; }
.line > .at { color: #999; font-size: 0.75rem; padding-top: 0.4em; }
.line > .body { line-height: 2.5; }
.line .spans { display: inline; }
.line:target, section:target { background: #fff6c2; }
.flag { display: inline-block; background: #fde2e2; padding: 0 0.4rem; margin: 0 0.2rem; border-radius: 3px; }
.legend span { padding: 0 0.4rem; margin-right: 0.3rem; border-radius: 3px; }
"""

COUNT_SCRIPT = """
(function () {
  var counts = {};
  document.querySelectorAll('.spans span').forEach(function (el) {
    if (getComputedStyle(el).zIndex !== '10') return;  // displaCy's label box of a span start
    var box = el.getBoundingClientRect();
    if (box.width <= 0 || box.height <= 0) return;
    var label = el.firstChild ? el.firstChild.textContent.trim() : '';
    counts[label] = (counts[label] || 0) + 1;
  });
  document.body.setAttribute('data-highlights', JSON.stringify(counts));
})();
"""


@dataclass
class Corpus:
    """The run's tables, grouped by document and by entity."""

    out: Path
    documents: list[dict]
    rows: dict[str, dict[str, list[dict]]] = field(default_factory=dict)  # table -> doc_id -> rows
    entities: dict[str, dict] = field(default_factory=dict)
    mentions_of: dict[str, list[dict]] = field(default_factory=dict)  # entity_id -> mentions
    paths: dict[str, str] = field(default_factory=dict)  # doc_id -> source_path

    def of(self, table: str, doc_id: str) -> list[dict]:
        return self.rows.get(table, {}).get(doc_id, [])


def load_corpus(out: Path) -> Corpus:
    tables = {name: (t.to_pylist() if (t := read_table(out, name)) is not None else []) for name in TABLES}
    corpus = Corpus(out, tables["documents"])
    for name, rows in tables.items():
        if name in ("documents", "entities"):
            continue
        grouped: dict[str, list[dict]] = {}
        for row in rows:
            grouped.setdefault(row["doc_id"], []).append(row)
        corpus.rows[name] = grouped
    corpus.entities = {e["entity_id"]: e for e in tables["entities"]}
    for m in tables["mentions"]:
        if m.get("entity_id"):
            corpus.mentions_of.setdefault(m["entity_id"], []).append(m)
    corpus.paths = {d["doc_id"]: d["source_path"] for d in corpus.documents}
    return corpus


def esc(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = " → ".join(map(str, value))
    return html.escape(str(value))


class Lines:
    """Line starts of the normalized text: an offset -> the anchor of its line."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]

    def spans(self) -> list[tuple[int, int]]:
        ends = [s - 1 for s in self.starts[1:]] + [len(self.text)]
        return list(zip(self.starts, ends, strict=True))

    def anchor(self, offset: int | None) -> str | None:
        if offset is None or offset < 0 or not self.text:
            return None
        return f"#L{self.starts[bisect_right(self.starts, min(offset, len(self.text))) - 1]}"


def highlight(text: str, start: int, end: int, spans: list[dict]) -> str:
    """One line with displaCy's span renderer: tokens cut at every span boundary."""
    from spacy import displacy

    cuts = sorted({start, end} | {min(max(p, start), end) for s in spans for p in (s["start"], s["end"])})
    tokens = [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
    bounds = [a for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
    index = {a: k for k, a in enumerate(bounds)}
    parsed = []
    for s in spans:
        a, b = max(s["start"], start), min(s["end"], end)
        if b <= a:
            continue
        span = {"start_token": index[a], "end_token": index[bounds[-1]] + 1 if b >= end else index[b], "label": s["label"]}
        if s.get("kb_id"):
            span.update(kb_id=s["kb_id"], kb_url=s["kb_url"])
        parsed.append(span)
    return displacy.render({"text": text[start:end], "tokens": tokens, "spans": parsed}, style="span", manual=True,
                           options={"colors": LABEL_COLORS})


def text_block(text: str, mentions: list[dict], dates: list[dict]) -> str:
    spans = [{"start": m["char_start"], "end": m["char_end"], "label": m.get("label") or "MENTION",
              "kb_id": m.get("entity_id"), "kb_url": f"#ent-{m['entity_id']}" if m.get("entity_id") else None}
             for m in mentions if m.get("char_start") is not None and m.get("char_end") is not None]
    spans += [{"start": d["char_start"], "end": d["char_end"], "label": "DATE"}
              for d in dates if d.get("char_start") is not None and d.get("char_end") is not None]
    spans.sort(key=lambda s: (s["start"], s["end"]))
    starts = sorted({s["start"] for s in spans})
    out = []
    k = 0
    for start, end in Lines(text).spans():
        inside = [s for s in spans if s["start"] < end and s["end"] > start]
        marks = []
        while k < len(starts) and starts[k] < max(end, start + 1):
            marks.append(f'<a id="m{starts[k]}"></a>')
            k += 1
        body = highlight(text, start, end, inside) if inside else esc(text[start:end])
        out.append(f'<div class="line" id="L{start}"><span class="at">{start}</span>'
                   f'<div class="body">{"".join(marks)}{body}</div></div>')
    return '<div class="text">' + "\n".join(out) + "</div>"


def link(anchor: str | None, label: str = "→") -> str:
    return f'<a href="{anchor}">{html.escape(label)}</a>' if anchor else ""


def table(title: str, rows: list[dict], columns: list[str], lines: Lines | None, anchor_of=None) -> str:
    if not rows:
        return ""
    head = "".join(f"<th>{esc(c)}</th>" for c in columns) + "<th>where</th>"
    body = []
    for row in rows:
        where = anchor_of(row) if anchor_of else (lines.anchor(row.get("char_start")) if lines else None)
        cells = "".join(f"<td>{esc(row.get(c))}</td>" for c in columns)
        body.append(f"<tr>{cells}<td>{link(where, str(row.get('char_start', '')) or '→')}</td></tr>")
    return f"<h2>{esc(title)} ({len(rows)})</h2><table><tr>{head}</tr>{''.join(body)}</table>"


def cover_table(report: dict, text: str, lines: Lines | None) -> str:
    rows = []
    for name in COVER_FIELDS:
        value = report.get(name)
        if value in (None, []):
            continue
        probe = value[0] if isinstance(value, list) else str(value)
        at = text.find(probe) if text and isinstance(probe, str) and probe else -1
        rows.append(f"<tr><th>{esc(name)}</th><td>{esc(value)}</td>"
                    f"<td>{link(lines.anchor(at) if lines and at >= 0 else None, str(at) if at >= 0 else '')}</td></tr>")
    return "<h2>Cover form</h2><table>" + "".join(rows) + "</table>" if rows else ""


def outline(sections: list[dict], lines: Lines | None) -> str:
    """The section tree as nested lists, each entry a link to its heading."""
    html_parts, depth = [], 0
    for s in sorted(sections, key=lambda s: (s.get("char_start") or 0)):
        level = max(1, s.get("level") or s["section_path"].count(".") + 1)
        while depth < level:
            html_parts.append("<ul>")
            depth += 1
        while depth > level:
            html_parts.append("</ul>")
            depth -= 1
        label = f"{s['section_path']} {s.get('marker') or ''}{s.get('title') or '(untitled)'}"
        anchor = lines.anchor(s.get("char_start")) if lines else None
        html_parts.append(f"<li>{link(anchor, label) if anchor else esc(label)}</li>")
    html_parts.append("</ul>" * depth)
    return "".join(html_parts)


def entity_sections(corpus: Corpus, doc_id: str, lines: Lines | None, pages: bool) -> str:
    ids = sorted({m["entity_id"] for m in corpus.of("mentions", doc_id) if m.get("entity_id")})
    parts = []
    for entity_id in ids:
        entity = corpus.entities.get(entity_id, {})
        name = entity.get("name_zh") or entity.get("name_en") or entity.get("abbr") or entity_id
        items = []
        for m in sorted(corpus.mentions_of.get(entity_id, []),
                        key=lambda m: (m["doc_id"] != doc_id, corpus.paths.get(m["doc_id"], ""), m.get("char_start") or 0)):
            where = f"{corpus.paths.get(m['doc_id'], m['doc_id'])} @{m.get('char_start')}"
            if m["doc_id"] == doc_id:
                anchor = lines.anchor(m.get("char_start")) if lines else None
            else:
                anchor = f"{m['doc_id']}.html#m{m.get('char_start')}" if pages else None
            items.append(f"<li>{esc(m.get('text'))} — {link(anchor, where) if anchor else esc(where)}</li>")
        parts.append(f'<section id="ent-{esc(entity_id)}"><h3>{esc(entity_id)} {esc(entity.get("label"))} '
                     f"{esc(name)}</h3><ul>{''.join(items)}</ul></section>")
    return "<h2>Entities</h2>" + "".join(parts) if parts else ""


def quality(doc: dict, corpus: Corpus) -> str:
    flags = "".join(f'<span class="flag">{esc(f)}</span>' for f in doc.get("flags") or [])
    pages = [p for p in corpus.of("pages", doc["doc_id"]) if (p.get("cid_share") or 0) > 0 or (p.get("fake_bold") or 0) > 0]
    parts = [f"<p>Reader flags: {flags or 'none'}</p>"]
    if pages:
        parts.append(table("Pages with quality notes", pages, ["page", "n_chars", "cid_share", "fake_bold"], None,
                           anchor_of=lambda p: None))
    return "<h2>Quality</h2>" + "".join(parts)


def render_page(corpus: Corpus, doc: dict, text: str | None, *, pages: bool = False) -> str:
    """The review page of one document (``pages``: links into other documents' pages)."""
    doc_id = doc["doc_id"]
    lines = Lines(text) if text else None
    head_rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(doc.get(k))}</td></tr>"
                        for k in ("doc_id", "source_path", "source_format", "status", "n_pages", "n_chars",
                                  "encoding", "error") if doc.get(k) is not None)
    participants = with_offsets(corpus.of("participants", doc_id), "name", _Text(text)) if text else \
        corpus.of("participants", doc_id)
    legend = "".join(f'<span style="background:{c}">{label}</span>' for label, c in LABEL_COLORS.items())
    body = [
        f"<h1>{esc(doc['source_path'])}</h1>",
        f"<table>{head_rows}</table>",
        table("Errors", corpus.of("errors", doc_id), ["stage", "code", "message"], None, anchor_of=lambda r: None),
        quality(doc, corpus),
        "".join(cover_table(r, text or "", lines) for r in corpus.of("reports", doc_id)),
        table("Participants", participants, ["seq", "name", "agency", "unit", "job_title"], lines),
        table("Itinerary", corpus.of("itinerary", doc_id), ["seq", "date", "date_text", "places", "activity"], lines),
        f'<h2>Text</h2><p class="legend">{legend}</p>',
        text_block(text, corpus.of("mentions", doc_id), corpus.of("dates", doc_id)) if text
        else "<p>The normalized text is not in the run's cache (rerun `pipeline run`).</p>",
        entity_sections(corpus, doc_id, lines, pages),
    ]
    nav = (('<p><a href="index.html">← all documents</a></p>' if pages else "")
           + "<h2>Sections</h2>" + outline(corpus.of("sections", doc_id), lines))
    return page(doc["source_path"], f"<nav>{nav}</nav><main>{''.join(body)}</main>")


@dataclass
class _Text:
    """What ``show.with_offsets`` needs of a document: its text."""

    text: str


def page(title: str, content: str) -> str:
    return (f'<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{STYLE}</style></head><body>{content}<script>{COUNT_SCRIPT}</script></body></html>\n")


def write_page(out: Path, key: str, target: Path) -> Path:
    """`pipeline show DOC --html FILE`."""
    corpus = load_corpus(out)
    doc = find_document(out, key)
    cached = load_doc(out, doc["doc_id"])
    text = render_page(corpus, doc, cached.text if cached else None)
    write_atomic(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return target


def write_review(out: Path, folder: Path) -> tuple[Path, int]:
    """`pipeline review --html DIR`: one page per document and an index; returns (index, pages)."""
    corpus = load_corpus(out)
    if not corpus.documents:
        raise FileNotFoundError(f"{out} has no documents table; run `pipeline run` first")
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, dict] = {}
    for doc in corpus.documents:
        if doc["doc_id"] in written:
            continue
        cached = load_doc(out, doc["doc_id"])
        text = render_page(corpus, doc, cached.text if cached else None, pages=True)
        write_atomic(folder / f"{doc['doc_id']}.html", lambda tmp, text=text: tmp.write_text(text, encoding="utf-8"))
        written[doc["doc_id"]] = doc
    rows = []
    for doc in sorted(corpus.documents, key=lambda d: d["source_path"]):
        doc_id = doc["doc_id"]
        counts = [len(corpus.of(t, doc_id)) for t in ("sections", "mentions", "dates", "errors")]
        rows.append(f'<tr><td><a href="{doc_id}.html">{esc(doc["source_path"])}</a></td><td>{esc(doc_id)}</td>'
                    f"<td>{esc(doc.get('status'))}</td><td>{esc(doc.get('source_format'))}</td>"
                    + "".join(f"<td>{n}</td>" for n in counts) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("document", "doc_id", "status", "format", "sections", "mentions",
                                             "dates", "errors"))
    summary = json.dumps({"documents": len(corpus.documents), "pages": len(written)})
    index = page("tripmine review", f'<main style="grid-column: 1 / 3"><h1>Review: {esc(out)}</h1>'
                                    f"<table><tr>{head}</tr>{''.join(rows)}</table>"
                                    f"<!-- {html.escape(summary)} --></main>")
    write_atomic(folder / "index.html", lambda tmp: tmp.write_text(index, encoding="utf-8"))
    return folder / "index.html", len(written)
