"""The stage cache follows the code: a changed lexicon or module re-runs exactly the stages
that read it and those downstream, and the rerun's tables equal a fresh run's.

The scenario of issue 13: a user upgrades tripmine (here: a copy of the repo's packages
whose lexicon or module is then changed) and reruns over last month's output folder.
Each run is a subprocess on the copy, so the repo's own files are never touched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.compare_outputs import compare
from pipeline import fingerprint, stages

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"
PACKAGES = ("extractors", "pipeline")

RUN = """
import json, sys
from pathlib import Path
from pipeline.runner import run
summary = run(Path(sys.argv[1]), Path(sys.argv[2]), workers=1)
print(json.dumps({"ran": summary.ran, "assembled": summary.assembled, "tables": summary.tables}))
"""


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """A copy of the code, the .txt reports of data/raw, and a first run over them."""
    root = tmp_path_factory.mktemp("upgrade")
    texts = sorted(RAW.glob("*.txt"))
    assert texts, f"no .txt reports in {RAW}: the scenario needs the repo's sample reports"
    raw = root / "raw"
    raw.mkdir()
    for path in texts:
        shutil.copy(path, raw / path.name)
    code = root / "code"
    for package in PACKAGES:
        shutil.copytree(REPO / package, code / package, ignore=shutil.ignore_patterns("__pycache__"))
    first = run_on(code, raw, root / "out")
    return root, code, raw, first


def run_on(code: Path, raw: Path, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run([sys.executable, "-c", RUN, str(raw), str(out)], env=env, cwd=code,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def keys_of(out: Path) -> dict[str, str]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["stages"]


def test_the_first_run_runs_every_stage(setup):
    _root, _code, _raw, first = setup
    document_stages = {s.name for s in stages.STAGES if s.scope == "document"}
    assert set(first["ran"]) == document_stages and first["assembled"]


def test_changing_nothing_reruns_nothing(setup):
    root, code, raw, _first = setup
    before = keys_of(root / "out")
    again = run_on(code, raw, root / "out")
    assert again["ran"] == {} and not again["assembled"]
    assert keys_of(root / "out") == before


def test_a_changed_lexicon_reruns_its_stages_and_equals_a_fresh_run(setup):
    root, code, raw, _first = setup
    before = keys_of(root / "out")
    mentions_before = json.loads((root / "out" / "manifest.json").read_text())["tables"]["mentions"]
    lexicon = code / "extractors" / "lexicons" / "org_heads_en.txt"
    lines = lexicon.read_text(encoding="utf-8").splitlines()
    lexicon.write_text("\n".join(lines[: len(lines) // 3]) + "\n", encoding="utf-8")  # an "upgrade"

    again = run_on(code, raw, root / "out")
    assert set(again["ran"]) == {"mentions"} and again["assembled"]  # and the corpus stage after it
    after = keys_of(root / "out")
    assert {name for name in before if before[name] != after[name]} == {"mentions", "corpus", "entities"}

    fresh = run_on(code, raw, root / "fresh")
    assert compare(root / "fresh", root / "out") == []
    assert fresh["tables"]["mentions"] != mentions_before  # the cut lexicon did change the output


def test_a_changed_module_reruns_only_the_stage_that_runs_it(setup):
    """A module only resolution runs: no per-document stage runs, the corpus stage does."""
    root, code, raw, _first = setup
    before = keys_of(root / "out")
    module = code / "extractors" / "entities" / "cluster.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# an edit that changes nothing\n", encoding="utf-8")
    again = run_on(code, raw, root / "out")
    assert again["ran"] == {} and again["assembled"]
    after = keys_of(root / "out")
    assert {name for name in before if before[name] != after[name]} == {"entities"}


def test_every_lexicon_is_read_by_some_stage():
    """Lexicons are found by their file names in the stages' sources: a lexicon no stage
    names would be read in a way the fingerprint cannot see."""
    folder = fingerprint.default_lexicon_dir()
    read: set[str] = set()
    for stage in stages.STAGES:
        read |= set(fingerprint.stage_parts(stages.stage_roots(stage), folder).lexicons)
    unread = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert [name for name in unread if name not in read] == []


def test_a_lexicon_changes_exactly_the_keys_of_its_readers_and_their_downstream(tmp_path):
    """In process, with the lexicon folder given: org_heads_en.txt is read by mentions only."""
    original = fingerprint.default_lexicon_dir()
    changed = tmp_path / "lexicons"
    shutil.copytree(original, changed)
    (changed / "org_heads_en.txt").write_text("Association\n", encoding="utf-8")
    old, new = stages.stage_keys(lexicon_dir=original), stages.stage_keys(lexicon_dir=changed)
    assert {name for name in old if old[name] != new[name]} == {"mentions", "corpus", "entities"}


def test_library_versions_name_the_libraries_a_stage_imports():
    folder = fingerprint.default_lexicon_dir()
    parts = {s.name: fingerprint.stage_parts(stages.stage_roots(s), folder) for s in stages.STAGES}
    assert {"pdfplumber", "pypdfium2", "python-docx", "beautifulsoup4"} <= set(parts["documents"].libraries)
    assert {"spacy", "rjieba", "jieba", "opencc-python-reimplemented"} <= set(parts["mentions"].libraries)
    assert "python" in parts["sections"].libraries
