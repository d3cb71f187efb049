"""The layering in pyproject.toml's import-linter contracts holds (what ``make check`` runs)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_import_contracts_are_kept(monkeypatch, capsys):
    from importlinter.cli import lint_imports

    monkeypatch.chdir(REPO)
    monkeypatch.syspath_prepend(os.fspath(REPO))
    code = lint_imports(config_filename=os.fspath(REPO / "pyproject.toml"), no_cache=True)
    assert code == 0, "lint-imports found a broken contract:\n" + capsys.readouterr().out[-3000:]
