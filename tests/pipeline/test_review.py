"""Review pages: every extraction in place, self-contained, and rendered by a real browser."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.parquet import read_table
from pipeline.review import write_review

cli = CliRunner()
LABEL_BOX = re.compile(r'z-index: 10;[^>]*>\s*([A-Z]+)\s*(?:<a [^>]*href="#ent-([^"]+)")?')


@pytest.fixture(scope="module")
def review(sample_out, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    index, n_pages = write_review(sample_out, folder)
    assert index == folder / "index.html" and n_pages == len({d["doc_id"] for d in documents(sample_out)}) >= 4
    return folder


def rows(out: Path, table: str, doc_id: str) -> list[dict]:
    return [r for r in read_table(out, table).to_pylist() if r["doc_id"] == doc_id]


def documents(out: Path) -> list[dict]:
    return read_table(out, "documents").to_pylist()


def expected_labels(out: Path, doc_id: str) -> Counter:
    counts = Counter(m["label"] for m in rows(out, "mentions", doc_id) if m["char_start"] is not None)
    counts["DATE"] = sum(d["char_start"] is not None for d in rows(out, "dates", doc_id))
    return +counts


def test_every_mention_and_date_is_highlighted_with_its_label_and_entity(sample_out, review):
    for doc in documents(sample_out):
        page = (review / f"{doc['doc_id']}.html").read_text(encoding="utf-8")
        boxes = LABEL_BOX.findall(page)
        found = Counter(label for label, _ in boxes)
        want = expected_labels(sample_out, doc["doc_id"])
        assert want and all(found[label] >= n for label, n in want.items()), (doc["source_path"], found, want)
        linked = {entity for _, entity in boxes if entity}
        want_ids = {m["entity_id"] for m in rows(sample_out, "mentions", doc["doc_id"]) if m["entity_id"]}
        assert linked == want_ids
        for entity in linked:
            assert f'id="ent-{entity}"' in page


def test_every_link_stays_in_the_folder_and_lands_on_an_anchor(review):
    pages = {p.name: p.read_text(encoding="utf-8") for p in review.glob("*.html")}
    for name, page in pages.items():
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page), name
        assert "<link" not in page and "@import" not in page and "url(" not in page, name
        for target in re.findall(r'href="([^"]*)"', page):
            file, _, anchor = target.partition("#")
            text = pages[file or name]
            assert not anchor or f'id="{anchor}"' in text, (name, target)


def test_outline_rows_and_cover_link_into_the_text(sample_out, review):
    doc = next(d for d in documents(sample_out) if d["source_path"] == "002_db59ea7e1ec3d519.pdf")
    page = (review / f"{doc['doc_id']}.html").read_text(encoding="utf-8")
    nav = page[page.index("<nav>"):page.index("</nav>")]
    assert len(re.findall(r'<li><a href="#L\d+">', nav)) == len(rows(sample_out, "sections", doc["doc_id"]))
    for heading in ("Participants (", "Itinerary (", "Cover form"):
        block = page[page.index(heading):]
        block = block[: block.index("</table>")]
        assert re.search(r'<a href="#L\d+">', block), heading
    itinerary = page[page.index("Itinerary ("):]
    itinerary = itinerary[: itinerary.index("</table>")]
    assert itinerary.count('href="#L') == len(rows(sample_out, "itinerary", doc["doc_id"]))
    assert "Quality" in page and "Reader flags" in page


def test_the_index_lists_every_document(sample_out, review):
    index = (review / "index.html").read_text(encoding="utf-8")
    for doc in documents(sample_out):
        assert f'href="{doc["doc_id"]}.html"' in index and doc["source_path"] in index


def test_show_html_and_review_commands(sample_out, tmp_path):
    target = tmp_path / "one.html"
    shown = cli.invoke(app, ["show", "002_db59ea7e1ec3d519.txt", "--out", str(sample_out), "--html", str(target)])
    assert shown.exit_code == 0, shown.output
    assert "data-highlights=" not in target.read_text(encoding="utf-8")  # set by the browser, not by us
    assert "z-index: 10" in target.read_text(encoding="utf-8")
    reviewed = cli.invoke(app, ["review", "--html", str(tmp_path / "r"), "--out", str(sample_out)])
    n_docs = len({d["doc_id"] for d in documents(sample_out)})
    assert reviewed.exit_code == 0 and f"{n_docs} pages" in reviewed.output
    missing = cli.invoke(app, ["review", "--html", str(tmp_path / "x"), "--out", str(tmp_path / "nothing")])
    assert missing.exit_code == 2


# ------------------------------------------------------------- a real browser

def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    pytest.skip("no Chromium on this machine: `apt-get install chromium` (.ci/run installs it)")


def fonts_conf(folder: Path) -> Path:
    """A fontconfig file naming only fonts that the repository and the [test] extra bring, so the
    browser draws Chinese whether or not the machine has fonts (.ci/run hides /usr/share/fonts)."""
    import pylopdf_fonts_zh_tw

    dirs = [pylopdf_fonts_zh_tw.sans_path().parent, Path(__file__).resolve().parents[1] / "fixtures" / "fonts"]
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    + "".join(f"<dir>{d}</dir>" for d in dirs)
                    + f"<cachedir>{folder / 'fontcache'}</cachedir></fontconfig>\n", encoding="utf-8")
    return conf


def browse(page: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts_conf(page.parent))}
    return subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--user-data-dir=" + str(page.parent / ".chromium"), *args, page.as_uri()],
        capture_output=True, text=True, timeout=120, env=env)


def test_chromium_lays_out_every_highlight(sample_out, review):
    doc = next(d for d in documents(sample_out) if d["source_path"] == "002_db59ea7e1ec3d519.txt")
    done = browse(review / f"{doc['doc_id']}.html", "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'data-highlights="([^"]*)"', done.stdout)
    assert found, "the page's script did not run"
    counts = json.loads(found.group(1).replace("&quot;", '"'))
    want = expected_labels(sample_out, doc["doc_id"])
    assert all(counts.get(label, 0) >= n for label, n in want.items()), (counts, want)


def test_chromium_screenshot_shows_the_page(sample_out, review, tmp_path):
    from PIL import Image

    doc = next(d for d in documents(sample_out) if d["source_path"] == "000_4fc28645e15cc52a.pdf")
    shot = tmp_path / "page.png"
    done = browse(review / f"{doc['doc_id']}.html", "--window-size=1200,1600", f"--screenshot={shot}")
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 1600)
    colors = image.getcolors(maxcolors=1 << 20)
    assert colors and len(colors) > 50, "the screenshot is blank"
    highlight = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in ("#7aecec", "#feca74", "#bfe1d9")}
    assert any(rgb in highlight for _, rgb in colors), "no highlight colour in the screenshot"
