"""Every figure of the analysis notebook shows its Chinese: no missing glyph, no blank text.

The notebook's code cells run here in-process (matplotlib's Agg backend) on the sample output.
Each figure that a cell shows is drawn and checked:
- no "Glyph ... missing" warning and no findfont warning while drawing;
- every visible text artist (titles, tick labels, annotations) has a non-empty extent;
- every such artist leaves ink: with everything but the text hidden, its box is not blank.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import matplotlib
import nbformat
import pylopdf_fonts_zh_tw  # noqa: F401 - the [test] extra's Noto Sans TC, which the notebook registers

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "analysis.ipynb"


def text_artists(fig):
    """The text artists that drawing the figure draws (a tick outside the view limits is not drawn)."""
    from matplotlib.text import Text

    drawn = []
    original = Text.draw

    def draw(self, renderer):
        if self.get_visible() and self.get_text().strip() and self.get_alpha() != 0:
            drawn.append(self)
        return original(self, renderer)

    Text.draw = draw
    try:
        fig.canvas.draw()
    finally:
        Text.draw = original
    return list(dict.fromkeys(drawn))


def problems(fig) -> list[str]:
    import numpy as np
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    found = []
    texts = text_artists(fig)
    renderer = fig.canvas.get_renderer()
    boxes = {}
    for t in texts:
        box = t.get_window_extent(renderer)
        if box.width < 1 or box.height < 1:
            found.append(f"empty extent for {t.get_text()!r}")
        boxes[id(t)] = box
    # ink: hide every patch, line, collection and image, draw on white, look inside each text's box
    drawn = [a for a in fig.findobj(lambda a: isinstance(a, (Patch, Line2D, Collection, AxesImage)))
             if a.get_visible() and a is not fig.patch]
    for a in drawn:
        a.set_visible(False)
    fig.patch.set_visible(True)
    fig.patch.set_facecolor("white")
    fig.patch.set_alpha(1)
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())[:, :, :3]
    height = pixels.shape[0]
    for t in texts:
        box = boxes[id(t)]
        x0, x1 = max(int(box.x0), 0), min(int(box.x1) + 1, pixels.shape[1])
        y0, y1 = max(int(height - box.y1), 0), min(int(height - box.y0) + 1, height)
        region = pixels[y0:y1, x0:x1]
        if region.size == 0 or not (region < 200).any():
            found.append(f"no ink for {t.get_text()!r}")
    return found


def run_notebook(sample_out: Path, monkeypatch) -> tuple[list, list[str], str]:
    """Run the code cells; return (figures shown, warnings, printed font line)."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.setenv("TRIPMINE_OUT", str(sample_out))
    monkeypatch.chdir(NOTEBOOK.parent)
    shown, messages, printed = [], [], []
    monkeypatch.setattr(plt, "show", lambda *a, **k: shown.append(plt.gcf()) or plt.figure())
    namespace = {"display": lambda *a, **k: None, "print": lambda *a, **k: printed.append(" ".join(map(str, a)))}
    nb = nbformat.read(NOTEBOOK, as_version=4)

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    handler = Collect(level=logging.WARNING)
    logging.getLogger("matplotlib").addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for cell in nb.cells:
                if cell.cell_type == "code":
                    source = "\n".join(line for line in cell.source.splitlines() if not line.startswith("%"))
                    exec(compile(source, f"<{cell.id}>", "exec"), namespace)
            found = {id(fig): problems(fig) for fig in shown}
        messages += [str(w.message) for w in caught]
    finally:
        logging.getLogger("matplotlib").removeHandler(handler)
    return [(fig, found[id(fig)]) for fig in shown], messages, "\n".join(printed)


def test_every_figure_shows_its_chinese(sample_out, monkeypatch):
    import matplotlib.pyplot as plt

    with matplotlib.rc_context():
        figures, messages, printed = run_notebook(sample_out, monkeypatch)
        try:
            assert "CJK font: Noto Sans TC" in printed
            assert len(figures) >= 4, "trips per year, destinations, top entities, itinerary and network"
            assert not [m for m in messages if "missing" in m.lower() or "findfont" in m.lower()], messages
            for fig, found in figures:
                title = fig.axes[0].get_title() if fig.axes else "?"
                assert not found, f"figure {title!r}: {found}"
            chinese = [t.get_text() for fig, _ in figures for t in text_artists(fig)
                       if any("\u4e00" <= ch <= "\u9fff" for ch in t.get_text())]
            assert len(chinese) >= 5, f"expected Chinese tick labels and annotations, got {chinese}"
        finally:
            plt.close("all")


def test_the_checks_catch_a_missing_glyph_and_blank_text():
    """The checks can fail: DejaVu Sans has no hanzi, and an empty-box text has no ink."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        fig, ax = plt.subplots()
        ax.set_title("出國報告")
        ax.set_xlabel(" ", color="white")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.canvas.draw()
        plt.close(fig)
    assert any("missing" in str(w.message).lower() for w in caught)
    fig, ax = plt.subplots()
    ax.set_title("blank", color="white")
    found = problems(fig)
    plt.close(fig)
    assert found == ["no ink for 'blank'"]


def test_regenerating_the_notebook_changes_nothing():
    """make_notebook.py gives the committed file byte for byte (stable cell ids): git stays clean."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_notebook", NOTEBOOK.with_name("make_notebook.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = nbformat.writes(module.build()) + "\n"
    assert built == NOTEBOOK.read_text(encoding="utf-8"), "run python notebooks/make_notebook.py and commit"
    assert nbformat.writes(module.build()) == nbformat.writes(module.build())
