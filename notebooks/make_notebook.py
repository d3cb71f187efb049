"""Writes notebooks/analysis.ipynb (without outputs). Run: python notebooks/make_notebook.py"""

from pathlib import Path

import nbformat as nbf

CELLS = [
    ("md", """# tripmine: a first look at the tables

This notebook reads the Parquet tables that `pipeline run --stage all` wrote
(by default `data/processed/`; set `TRIPMINE_OUT` to use another folder) and
answers the first questions analysts ask: how many trips per year, where to,
which organizations and people, what one trip looked like day by day, and which
entities appear together."""),
    ("code", """%matplotlib inline
import os
from pathlib import Path

import duckdb
import matplotlib.pyplot as plt
from matplotlib import font_manager

OUT = Path(os.environ.get("TRIPMINE_OUT", "../data/processed"))
if not (OUT / "documents.parquet").exists():
    OUT = Path("data/processed")  # run from the repo root
assert (OUT / "documents.parquet").exists(), f"no tables in {OUT}: run `pipeline run --stage all` first"
con = duckdb.connect()
for name in ["documents", "reports", "participants", "sections", "itinerary", "mentions", "entities", "dates"]:
    con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{(OUT / (name + '.parquet')).as_posix()}')")
print("tables in", OUT.resolve())"""),
    ("md", "Chinese labels need a Traditional Chinese font. Noto Sans TC ships in the `[notebook]` (and `[test]`) extras as the package `pylopdf-fonts-zh-tw`, so no system font is needed; without that package we look for a Traditional Chinese face on the machine, and say so if there is none (CJK characters then show as boxes)."),
    ("code", """def cjk_font():
    \"\"\"Register a Traditional Chinese face with matplotlib and return its family name (None: no face found).\"\"\"
    try:
        import pylopdf_fonts_zh_tw  # Noto Sans TC (SIL OFL), from the [notebook] extra
    except ImportError:
        tc = ("TC", "TW", "HK", "JhengHei", "PingFang")  # a Traditional face first, then any CJK face
        found = sorted({f.name for f in font_manager.fontManager.ttflist if "CJK" in f.name or "Ming" in f.name or "Hei" in f.name},
                       key=lambda name: (not any(t in name for t in tc), name))
        return found[0] if found else None
    path = str(pylopdf_fonts_zh_tw.sans_path())
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()

CJK = cjk_font()
if CJK:
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = [CJK, "DejaVu Sans"]
    print("CJK font:", CJK)
else:
    print("No Chinese font found (pip install -e '.[notebook]'); Chinese labels will show as boxes.")
plt.rcParams["figure.figsize"] = (7, 3.2)"""),
    ("md", "## Documents and their status"),
    ("code", """con.sql("SELECT source_format, status, count(*) AS n FROM documents GROUP BY ALL ORDER BY ALL").df()"""),
    ("md", "## Trips per year"),
    ("code", """per_year = con.sql(\"\"\"
    SELECT year(trip_start) AS year, count(DISTINCT doc_id) AS trips
    FROM reports WHERE trip_start IS NOT NULL GROUP BY 1 ORDER BY 1\"\"\").df()
if len(per_year):
    ax = per_year.plot.bar(x="year", y="trips", legend=False, color="#4477aa")
    ax.set_ylabel("reports"); ax.set_title("Trips per year (by trip start)")
    plt.tight_layout(); plt.show()
else:
    print("no trip dates yet")
per_year"""),
    ("md", "## Destinations"),
    ("code", """dest = con.sql(\"\"\"
    SELECT d AS destination, count(DISTINCT doc_id) AS trips
    FROM (SELECT doc_id, unnest(destinations) AS d FROM reports) GROUP BY 1 ORDER BY 2 DESC, 1\"\"\").df()
if len(dest):
    ax = dest.plot.barh(x="destination", y="trips", legend=False, color="#66ccee")
    ax.invert_yaxis(); ax.set_title("Destinations (countries)")
    plt.tight_layout(); plt.show()
dest"""),
    ("md", "## Top organizations and people"),
    ("code", """top = con.sql(\"\"\"
    SELECT m.label AS label, coalesce(e.name_zh, e.name_en, e.abbr, m.text) AS name, count(*) AS mentions, count(DISTINCT m.doc_id) AS docs
    FROM mentions m LEFT JOIN entities e USING (entity_id)
    WHERE m.label IN ('ORG', 'PERSON') GROUP BY ALL ORDER BY mentions DESC, name LIMIT 24\"\"\").df()
fig, axes = plt.subplots(1, 2, figsize=(10, 4))
for ax, label in zip(axes, ["ORG", "PERSON"]):
    part = top[top.label == label].head(10)
    if len(part):
        ax.barh(part.name, part.mentions, color="#228833" if label == "ORG" else "#ee6677")
        ax.invert_yaxis()
    ax.set_title(f"Top {label}")
plt.tight_layout(); plt.show()
top"""),
    ("md", "## One trip, day by day\n\nThe itinerary of the report with the longest itinerary."),
    ("code", """trip = con.sql(\"\"\"
    SELECT doc_id, count(*) AS n FROM itinerary WHERE date IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1\"\"\").fetchall()
if trip:
    rows = con.sql(f"SELECT seq, date, places, activity FROM itinerary WHERE doc_id = '{trip[0][0]}' ORDER BY seq").df()
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1))
    ax.scatter(rows.date, range(len(rows)), color="#aa3377")
    for i, r in rows.iterrows():
        ax.annotate(" → ".join(r.places) if r.places is not None and len(r.places) else "", (r.date, i), xytext=(6, -3), textcoords="offset points", fontsize=8)
    ax.invert_yaxis(); ax.set_yticks([]); ax.set_title("Itinerary timeline")
    plt.tight_layout(); plt.show()
    display(rows)
else:
    print("no itinerary rows")"""),
    ("md", "## Which entities appear together\n\nEntities mentioned in the same section, drawn as a network (the 15 most connected)."),
    ("code", """import math
pairs = con.sql(\"\"\"
    WITH s AS (SELECT DISTINCT doc_id, section_path, entity_id FROM mentions WHERE entity_id IS NOT NULL)
    SELECT a.entity_id AS a, b.entity_id AS b, count(*) AS w
    FROM s a JOIN s b ON a.doc_id = b.doc_id AND a.section_path IS NOT DISTINCT FROM b.section_path AND a.entity_id < b.entity_id
    GROUP BY ALL ORDER BY w DESC LIMIT 60\"\"\").df()
names = dict(con.sql("SELECT entity_id, coalesce(abbr, name_zh, name_en) FROM entities").fetchall())
nodes = list(dict.fromkeys(list(pairs.a) + list(pairs.b)))[:15]
if nodes:
    pos = {n: (math.cos(2 * math.pi * i / len(nodes)), math.sin(2 * math.pi * i / len(nodes))) for i, n in enumerate(nodes)}
    fig, ax = plt.subplots(figsize=(7, 7))
    for _, p in pairs.iterrows():
        if p.a in pos and p.b in pos:
            ax.plot(*zip(pos[p.a], pos[p.b]), color="#bbbbbb", linewidth=0.5 + p.w / pairs.w.max() * 3, zorder=1)
    for n, (x, y) in pos.items():
        ax.scatter([x], [y], s=120, color="#4477aa", zorder=2)
        ax.annotate(str(names.get(n, n))[:14], (x, y), xytext=(6, 6), textcoords="offset points", fontsize=8)
    ax.set_axis_off(); ax.set_title("Co-mention network")
    plt.tight_layout(); plt.show()
else:
    print("no co-mentions")"""),
]


def build() -> nbf.NotebookNode:
    nb = nbf.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbf.v4.new_markdown_cell(src) if kind == "md" else nbf.v4.new_code_cell(src) for kind, src in CELLS]
    for k, cell in enumerate(nb.cells):
        cell.id = f"cell-{k:02d}"  # stable ids: regenerating an unchanged notebook leaves git clean
    return nb


if __name__ == "__main__":
    target = Path(__file__).with_name("analysis.ipynb")
    nbf.write(build(), target)
    print(target)
