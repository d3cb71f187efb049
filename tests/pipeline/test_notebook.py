"""CI executes the analysis notebook on the sample output; it must finish and draw real plots."""

from __future__ import annotations

import os
from pathlib import Path

import nbclient
import nbformat

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "analysis.ipynb"


def test_the_notebook_runs_on_the_sample_and_draws_plots(sample_out, monkeypatch):
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), "commit it without outputs"
    monkeypatch.setenv("TRIPMINE_OUT", str(sample_out))
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    images = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(images) >= 4, "trips per year, destinations, top entities, itinerary timeline and network"
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "tables in" in text
    assert os.environ["TRIPMINE_OUT"] == str(sample_out)
