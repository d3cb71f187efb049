"""The architecture's rules, checked on the source.

The core stays pure: extractors/ never imports pipeline/, prints, or reads the clock. The
repository holds no absolute machine path; tests never skip silently; the gold-name rule is
pipeline.eval_match's alone; reference implementations live in tests/reference/; no module of
extractors/ or pipeline/ is over 500 lines."""

from __future__ import annotations

import ast
import re
import subprocess
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


# ------------------------------------------------------------ the repository's own rules

REPO = CORE.parent
TESTS = REPO / "tests"
LIMIT = 500  # lines per module of extractors/ and pipeline/
MACHINE_PATH = re.compile(rb"/(?:work|home|Users)/[A-Za-z0-9_.-]")
TEST_MODULES = sorted(TESTS.rglob("*.py"))


def tracked_files() -> list[Path]:
    """The files git tracks, or (outside a git checkout) every file but git's and caches."""
    try:
        listing = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return [p for p in REPO.rglob("*") if p.is_file() and not {".git", "__pycache__"} & set(p.parts)]
    return [REPO / name for name in listing.decode("utf-8").split("\0") if name and (REPO / name).is_file()]


def test_no_absolute_machine_path_in_the_repository():
    """Tests find their material in the repository or at ../shared relative to its root."""
    files = tracked_files()
    assert len(files) > 100, "the file listing found the repository"
    hits = [str(p.relative_to(REPO)) for p in files if MACHINE_PATH.search(p.read_bytes())]
    assert not hits, f"absolute machine paths in {hits}"


def gold_normalizer_copies(source: str) -> list[str]:
    """Functions that re-implement the gold README's name rule (an NFKC normalization plus
    its quotes or title prefixes) instead of calling pipeline.eval_match.normalize_name."""
    copies = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        nfkc = any(isinstance(c, ast.Call) and getattr(c.func, "attr", None) == "normalize" and c.args
                   and isinstance(c.args[0], ast.Constant) and c.args[0].value == "NFKC" for c in ast.walk(node))
        rule = any(isinstance(c, ast.Constant) and isinstance(c.value, str)
                   and ("「」" in c.value or re.search(r"\bmr\b", c.value)) for c in ast.walk(node))
        if nfkc and rule:
            copies.append(node.name)
    return copies


def test_the_normalizer_check_finds_a_copy():
    copy = '''def normalize_gold(text):
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[\\s「」『』]", "", text)
'''
    assert gold_normalizer_copies(copy) == ["normalize_gold"]
    assert gold_normalizer_copies("def f(x):\n    return eval_match.normalize_name(x)\n") == []


@pytest.mark.parametrize("path", TEST_MODULES + sorted((REPO / "benchmarks").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(REPO)))
def test_no_copy_of_the_gold_normalizer(path):
    assert not gold_normalizer_copies(path.read_text(encoding="utf-8")), "call pipeline.eval_match.normalize_name"


FORMER = re.compile(r"_?(?:former|old|plain|brute|slow|reference)_\w+")


@pytest.mark.parametrize("path", [p for p in TEST_MODULES if p.name.startswith("test_")], ids=lambda p: p.name)
def test_reference_implementations_live_in_tests_reference(path):
    """An equivalence test imports the former algorithm from tests/reference/ instead of keeping a copy."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    copies = [node.name for node in ast.walk(tree)
              if isinstance(node, ast.FunctionDef) and FORMER.fullmatch(node.name) and not node.name.startswith("test_")]
    assert not copies, f"move {copies} to tests/reference/"


def silent_skips(source: str) -> list[str]:
    """Skips without a sentence: pytest.skip() without a message, skipif or importorskip without
    a reason. (Missing material must fail, not skip; a skip is for an optional extra or a
    system program, and says which and how to get it.)"""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None)
        said = node.args[1:] if name == "skipif" else node.args[:1] if name == "skip" else []
        if name in {"skip", "skipif", "importorskip"} and not (said or any(k.arg in {"reason", "msg"} for k in node.keywords)):
            found.append(f"line {node.lineno}: {name} without a sentence")
        elif name == "skipif" or isinstance(node.func, ast.Attribute) and name == "skip" and \
                getattr(node.func.value, "attr", None) == "mark":
            found.append(f"line {node.lineno}: a skip marker; missing material must fail")
    return found


@pytest.mark.parametrize("path", TEST_MODULES, ids=lambda p: str(p.relative_to(TESTS)))
def test_tests_never_skip_silently(path):
    """Missing material fails with a sentence (tests/support/seeds.require); only an optional
    extra or a system program may be skipped, with a sentence saying which."""
    assert not silent_skips(path.read_text(encoding="utf-8"))


def test_missing_material_fails_with_a_sentence(tmp_path):
    from tests.support.seeds import require

    with pytest.raises(AssertionError, match=r"missing test material: the gold of seed report x \("):
        require(tmp_path / "x.json", "the gold of seed report x")
    assert require(tmp_path, "a folder") == tmp_path


def test_the_skip_check_finds_skips():
    assert len(silent_skips("import pytest\npytest.skip()\nx = pytest.importorskip('ray')\n")) == 2
    assert len(silent_skips("pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason='no gold')\n")) == 1
    assert silent_skips("x = pytest.importorskip('ray', reason='the optional [cluster] extra')\n") == []
    assert silent_skips("pytest.skip('no Chromium on this machine: apt-get install chromium')\n") == []


def module_sizes() -> dict[str, int]:
    sizes = {str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines())
             for folder in ("extractors", "pipeline") for p in sorted((REPO / folder).rglob("*.py"))}
    assert len(sizes) > 40
    return sizes


def test_no_module_over_500_lines():
    over = {name: n for name, n in module_sizes().items() if n > LIMIT}
    assert over == {}, f"split these modules: {over}"
