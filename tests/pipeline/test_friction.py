"""What a new user meets first: file permissions, reruns with a failed input, `show`, `--version`,
eval's warning, the README's links, co_mentions' names and a CLI that answers at once."""

from __future__ import annotations

import os
import re
import resource
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from test_runner import make_raw
from typer.testing import CliRunner

from extractors.core.records import DocumentRow
from pipeline import jobs, runner, stages
from pipeline.cli import app
from pipeline.parquet import TableWriter, write_table
from pipeline.show import Ambiguous, NotFound, find_document

ROOT = Path(__file__).resolve().parents[2]
cli = CliRunner()


@pytest.fixture(scope="module")
def small_run(tmp_path_factory) -> tuple[Path, Path]:
    """Two reports and an empty file, run once under umask 022."""
    base = tmp_path_factory.mktemp("friction")
    raw = make_raw(base / "raw", n=2)
    (raw / "empty.txt").write_bytes(b"")
    old = os.umask(0o022)
    try:
        runner.run(raw, base / "out", workers=1)
    finally:
        os.umask(old)
    return raw, base / "out"


def child_cpu_seconds(args: list[str], env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done


def cli_env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


# ------------------------------------------------------------------ permissions


def test_every_output_file_is_readable_by_others_under_umask_022(small_run):
    _, out = small_run
    modes = {str(p.relative_to(out)): oct(stat.S_IMODE(p.stat().st_mode)) for p in out.rglob("*") if p.is_file()}
    assert "documents.parquet" in modes and "tripmine.duckdb" in modes and "manifest.json" in modes
    assert {name: mode for name, mode in modes.items() if mode != "0o644"} == {}


def test_a_table_writer_file_gets_the_umask_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        writer = TableWriter(tmp_path / "errors.parquet", "errors", tmp_path / "work")
        writer.commit()
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "errors.parquet").stat().st_mode) == 0o644


# ------------------------------------------------------------------ fast rerun


def test_a_rerun_with_a_failed_input_starts_no_worker_and_loads_no_stage(small_run, monkeypatch):
    raw, out = small_run

    def forbidden(*args, **kwargs):
        raise AssertionError("a rerun with nothing to extract must not start workers or load the stages")

    monkeypatch.setattr(runner, "execute", forbidden)
    monkeypatch.setattr(jobs, "warm_up", forbidden)
    summary = runner.run(raw, out, workers=2)
    assert summary.n_extracted == 0
    assert summary.by_status.get("failed") == 1, summary.by_status
    assert [e.code for e in summary.errors] == ["empty_file"]


def test_a_document_after_a_failed_read_is_not_warmed_up(small_run, monkeypatch):
    """The worker path too: stages after a failed read are skipped without loading spaCy or jieba."""
    raw, out = small_run
    monkeypatch.setattr(jobs, "warm_up", lambda selected: (_ for _ in ()).throw(AssertionError("warmed up")))
    keys = stages.stage_keys(stages.STAGES)
    job = next(j for j in jobs.unique_jobs(runner.scan_inputs(raw), runner.select_stages("all"), out,
                                           False, False, 0, keys) if j.rel == "empty.txt")
    result = jobs.process_stages(job)
    assert result.ran == () and result.reused == (stages.READ,)


def test_a_rerun_that_keeps_the_tables_imports_neither_pyarrow_nor_the_stages(small_run):
    raw, out = small_run
    code = ("import sys\nfrom pathlib import Path\nfrom pipeline.runner import run\n"
            f"summary = run(Path({str(raw)!r}), Path({str(out)!r}), workers=2)\n"
            "print(summary.n_extracted, [e.code for e in summary.errors])\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    counts, heavy = done.stdout.strip().splitlines()[-2:]
    assert counts == "0 ['empty_file']"
    assert heavy == "['extractors']", heavy  # the records of the cache entries, nothing heavier


def test_a_rerun_with_a_failed_input_takes_well_under_a_second_of_cpu(small_run):
    raw, out = small_run
    seconds, done = child_cpu_seconds(
        [sys.executable, "-m", "pipeline.cli", "run", "--raw", str(raw), "--out", str(out), "--quiet"], cli_env())
    assert done.returncode == 0, done.stderr
    assert seconds < 1.0, f"a rerun took {seconds:.2f} s of CPU"


# ------------------------------------------------------------------ show


def test_show_names_every_document_a_file_stem_matches(sample_out):
    result = cli.invoke(app, ["show", "000_4fc28645e15cc52a", "--out", str(sample_out)])
    assert result.exit_code == 2
    n_stem = sum(p.stem == "000_4fc28645e15cc52a" for p in (ROOT / "data" / "raw").rglob("*") if p.is_file())
    assert n_stem >= 2 and f"matches {n_stem} documents by file stem" in result.output
    assert "000_4fc28645e15cc52a.pdf" in result.output and "000_4fc28645e15cc52a.txt" in result.output


def test_show_accepts_a_file_stem_that_one_document_has(sample_out):
    result = cli.invoke(app, ["show", "002_db59ea7e1ec3d519.pdf", "--out", str(sample_out)])
    docs = runner.scan_inputs(ROOT / "data" / "raw")
    stem_unique = [d for d in docs if sum(x.path.stem == d.path.stem for x in docs) == 1]
    for doc in stem_unique:
        assert cli.invoke(app, ["show", doc.path.stem, "--out", str(sample_out)]).exit_code == 0
    assert result.exit_code == 0


@pytest.fixture()
def twin_prefixes(tmp_path) -> Path:
    rows = [DocumentRow(doc_id=doc_id, source_path=name, source_format="txt", status="ok")
            for doc_id, name in [("abcd1234aaaa0000", "a/東部.txt"), ("abcd5678bbbb1111", "b/西部.txt"),
                                 ("ffff000011112222", "c/北部.txt")]]
    write_table(tmp_path, "documents", rows)
    return tmp_path


def test_an_ambiguous_doc_id_prefix_lists_the_candidates(twin_prefixes):
    with pytest.raises(Ambiguous) as info:
        find_document(twin_prefixes, "abcd")
    assert "matches 2 documents by doc_id prefix" in str(info.value)
    assert "abcd1234aaaa0000" in str(info.value) and "abcd5678bbbb1111" in str(info.value)
    assert find_document(twin_prefixes, "abcd5")["source_path"] == "b/西部.txt"
    assert find_document(twin_prefixes, "北部")["doc_id"] == "ffff000011112222"  # a file stem


def test_no_match_says_what_can_be_given(twin_prefixes):
    with pytest.raises(NotFound) as info:
        find_document(twin_prefixes, "abc")  # too short to be a prefix
    assert "file stem" in str(info.value) and "3 documents" in str(info.value)


def test_piped_show_puts_each_row_on_one_line(sample_out):
    result = cli.invoke(app, ["show", "002_db59ea7e1ec3d519.pdf", "--out", str(sample_out)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    mentions = duckdb.sql(
        f"SELECT m.text, m.entity_id FROM '{sample_out / 'mentions.parquet'}' m "
        f"JOIN '{sample_out / 'documents.parquet'}' d USING (doc_id) "
        "WHERE d.source_path = '002_db59ea7e1ec3d519.pdf' AND m.entity_id IS NOT NULL").fetchall()
    assert len(mentions) > 20
    for text, entity_id in mentions:
        assert any(text in line and entity_id in line for line in lines), (text, entity_id)
    assert len(lines) < 3 * len(mentions) + 200, f"{len(lines)} lines: the tables were wrapped"


def test_show_gives_participants_a_place_in_the_text(sample_out):
    result = cli.invoke(app, ["show", "002_db59ea7e1ec3d519.txt", "--out", str(sample_out)])
    start = result.output.index("participants (")
    rows = [line for line in result.output[start:].splitlines()[4:] if line.startswith("│")][:1]
    assert rows and re.search(r"@\d+", rows[0]), result.output[start:start + 800]


# ------------------------------------------------------------------ version, eval, README


def test_version_option_and_command():
    from pipeline import __version__

    assert cli.invoke(app, ["--version"]).output.strip() == f"tripmine {__version__}"
    assert cli.invoke(app, ["version"]).output.strip() == __version__
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", __version__)


def test_eval_warns_when_no_gold_file_matches_a_document(small_run):
    _, out = small_run
    result = cli.invoke(app, ["eval", "--gold", str(ROOT / "tests" / "gold"), "--out", str(out)])
    assert result.exit_code == 0
    assert "warning: none of the 2 gold files" in result.output
    assert result.output.index("warning") < result.output.index("Overall")


def test_eval_does_not_warn_when_gold_matches(sample_out):
    result = cli.invoke(app, ["eval", "--gold", str(ROOT / "tests" / "gold"), "--out", str(sample_out)])
    assert result.exit_code == 0 and "warning" not in result.output


def test_every_relative_link_in_the_readme_and_changelog_is_in_the_repository():
    for doc in ("README.md", "CHANGELOG.md"):
        links = re.findall(r"\]\(([^)#\s]+)", (ROOT / doc).read_text(encoding="utf-8"))
        local = [link for link in links if "://" not in link]
        assert local, doc
        missing = [link for link in local if not (ROOT / link).resolve().is_relative_to(ROOT) or not (ROOT / link).exists()]
        assert not missing, f"{doc} links outside the repository or to nothing: {missing}"


def test_the_readme_synopsis_lists_every_run_option():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    synopsis = readme[readme.index("pipeline run [--stage"):]
    synopsis = synopsis[: synopsis.index("```")]
    help_text = cli.invoke(app, ["run", "--help"], terminal_width=200).output
    for option in sorted(set(re.findall(r"--[a-z][a-z-]+", help_text)) - {"--help"}):
        assert option in synopsis, option


# ------------------------------------------------------------------ co_mentions


def test_co_mentions_carries_both_names(sample_out):
    con = duckdb.connect(str(sample_out / "tripmine.duckdb"), read_only=True)
    rows = con.sql("SELECT entity_a, name_a, label_a, entity_b, name_b, label_b, n_sections FROM co_mentions").fetchall()
    con.close()
    assert rows
    assert all(r[1] and r[4] and r[2] and r[5] for r in rows)


# ------------------------------------------------------------------ start-up


HEAVY = ("pyarrow", "pandas", "numpy", "spacy", "jieba", "rjieba", "duckdb", "pydantic", "rich", "extractors",
         "pdfplumber", "pdfminer", "pypdfium2", "opencc", "babel", "multiprocessing")


def test_help_imports_nothing_heavy():
    code = ("import sys\nfrom pipeline.cli import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_help_answers_in_well_under_half_a_second_of_cpu():
    """Against the interpreter's own start-up, measured alongside, so a busy machine does not fail it."""
    bare, _ = child_cpu_seconds([sys.executable, "-c", "pass"], cli_env())
    seconds, done = child_cpu_seconds([sys.executable, "-m", "pipeline.cli", "--help"], cli_env())
    assert done.returncode == 0 and "Commands" in done.stdout
    assert seconds < 0.5 or seconds - bare < 0.25, f"`pipeline --help` took {seconds:.2f} s of CPU ({bare:.2f} s bare)"


def test_a_run_loads_neither_spacy_nor_jieba(tmp_path):
    """The entities stage runs its grammars without spaCy, and cuts words with rjieba and
    jieba's dictionary file: a worker imports neither spaCy nor jieba (a second each)."""
    raw = make_raw(tmp_path / "raw", n=1)
    code = ("import sys\nfrom pathlib import Path\nfrom pipeline.runner import run\n"
            f"summary = run(Path({str(raw)!r}), Path({str(tmp_path / 'out')!r}), workers=1, timeout=0)\n"
            "print(summary.n_extracted, summary.ran.get('mentions'))\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'spacy', 'jieba', 'thinc'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env(), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    counts, loaded = done.stdout.strip().splitlines()[-2:]
    assert counts == "5 1"  # every stage ran here, in this one process (one worker, no time limit)
    assert loaded == "[]", loaded
