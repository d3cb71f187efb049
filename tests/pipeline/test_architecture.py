"""The core stays pure: extractors/ never imports pipeline/, prints, or reads the clock."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "extractors"
MODULES = sorted(CORE.rglob("*.py"))


def imported_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_core_module_is_pure(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert not {n for n in imported_names(tree) if n == "pipeline" or n.startswith("pipeline.")}
    calls = [node.func for node in ast.walk(tree) if isinstance(node, ast.Call)]
    assert not [c for c in calls if isinstance(c, ast.Name) and c.id == "print"], "no print in the core"
    clock = {"now", "today", "utcnow", "time"}
    attrs = [c.attr for c in calls if isinstance(c, ast.Attribute) and isinstance(c.value, ast.Name)
             and c.value.id in {"datetime", "date", "time"}]
    assert not clock.intersection(attrs), "no clock in the core: pass anchors as arguments"
