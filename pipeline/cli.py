"""The `pipeline` command. The only module that prints or picks exit codes."""

from __future__ import annotations

import json
import math
import shlex
import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline.executors import EXECUTORS
from pipeline.limits import DEFAULT_TIMEOUT
from pipeline.stages import ALIASES, STAGE_NAMES
from pipeline.terminal import plain, safe

# Only light modules are imported here, so `pipeline --help` answers at once; every
# command imports what it needs (pyarrow, rich, the runner) when it runs.

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Mine official overseas trip reports into Parquet tables.",
    rich_markup_mode=None, pretty_exceptions_enable=False,  # plain help: rich's markdown and tracebacks cost 0.3 s
)


class LazyConsole:
    """rich's Console on stderr, made on first use (rich costs a tenth of a second to import)."""

    _console = None

    def __getattr__(self, name: str):
        if LazyConsole._console is None:
            from rich.console import Console

            LazyConsole._console = Console(stderr=True, soft_wrap=True)
        return getattr(LazyConsole._console, name)


console = LazyConsole()

STAGE_HELP = ("all, or one stage, named after the table it writes: " + ", ".join(STAGE_NAMES)
              + " (older names still work: " + ", ".join(f"{old}={new}" for old, new in ALIASES.items()) + ")")


DEFAULT_CURATION = Path("data/curation.tsv")  # beside data/processed, the default --out


def resume_hint(raw: Path, out: Path, stage: str) -> str:
    return safe(f"pipeline run --stage {stage} --raw {shlex.quote(str(raw))} --out {shlex.quote(str(out))}")


@app.command("run")
def run_command(
    stage: str = typer.Option("all", "--stage", help=STAGE_HELP),
    raw: Path = typer.Option(Path("data/raw"), "--raw", help="folder of input reports, read recursively"),
    out: Path = typer.Option(Path("data/processed"), "--out", help="folder that receives the Parquet tables"),
    workers: int = typer.Option(0, "--workers", help="worker processes (0 = one per CPU)"),
    reprocess: bool = typer.Option(False, "--reprocess", help="ignore the cache and extract everything again"),
    fail_fast: bool = typer.Option(False, "--fail-fast", help="stop at the first error and show the traceback"),
    executor: str = typer.Option("local", "--executor", help="local (process pool) or ray (RAY_ADDRESS, else a local Ray)"),
    timeout: float = typer.Option(DEFAULT_TIMEOUT, "--timeout", help="seconds one stage may spend on one document (0 = no limit)"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="print nothing but errors"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="list every error and show tracebacks"),
    ocr: str = typer.Option("auto", "--ocr", help="OCR of PDF pages: auto (pages without a usable text layer), "
                            "off, force (every page)"),
    curation: Optional[Path] = typer.Option(None, "--curation", help="the analysts' curation file (must-link, "
                                            "cannot-link, canonical names); default: data/curation.tsv when it exists"),
) -> None:
    """Run the pipeline: data/raw/ -> data/processed/."""
    from pipeline.lock import LockHeld
    from pipeline.runner import RunRefused

    if stage != "all" and stage not in STAGE_NAMES and stage not in ALIASES:
        console.print(f"[red]error:[/] unknown stage {safe(repr(stage))}; {STAGE_HELP}")
        raise typer.Exit(2)
    if executor not in EXECUTORS:
        console.print(f"[red]error:[/] unknown executor {safe(repr(executor))}; choose one of: {', '.join(EXECUTORS)}")
        raise typer.Exit(2)
    if not math.isfinite(timeout) or timeout < 0:
        console.print(f"[red]error:[/] --timeout {timeout} is not a number of seconds; give 0 (no limit) or more")
        raise typer.Exit(2)
    if workers < 0:
        console.print(f"[red]error:[/] --workers {workers} is negative; give 0 (one per CPU) or more")
        raise typer.Exit(2)
    if ocr not in ("auto", "off", "force"):
        console.print(f"[red]error:[/] unknown --ocr {ocr!r}; choose one of: auto, off, force")
        raise typer.Exit(2)
    options = {"stage": stage, "workers": workers or None, "reprocess": reprocess, "fail_fast": fail_fast,
               "executor": executor, "timeout": timeout, "ocr": ocr,
               "curation": curation or (DEFAULT_CURATION if DEFAULT_CURATION.is_file() else None)}
    try:
        summary = run_with_progress(raw, out, options, quiet)
    except (RunRefused, LockHeld) as exc:
        console.print(f"[red]error:[/] {safe(exc)}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        console.print(f"interrupted; resume with: {resume_hint(raw, out, stage)}")
        raise typer.Exit(130) from None
    except Exception as exc:
        if fail_fast or verbose:
            raise
        console.print(f"[red]error:[/] the run stopped: {type(exc).__name__}: {safe(exc)}")
        console.print(f"resume with: {resume_hint(raw, out, stage)}")
        raise typer.Exit(1) from None
    if not quiet:
        print_summary(summary, verbose)


def run_with_progress(raw: Path, out: Path, options: dict, quiet: bool):
    from pipeline.runner import run

    if quiet or not sys.stderr.isatty():  # no bar: rich's progress is not even imported
        return run(raw, out, **options)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Documents per second since the bar started."""

        def render(self, task) -> Text:
            elapsed = task.elapsed or 0.0
            rate = task.completed / elapsed if elapsed > 0 else 0.0
            return Text(f"{rate:5.1f} docs/s", style="progress.data.speed")

    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("{task.fields[reused]} unchanged"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("documents", total=None, reused=0)
        reused = 0

        def on_progress(event: str, done: int, total: int) -> None:
            nonlocal reused
            reused += event == "reused"
            bar.update(task, completed=done, total=total, reused=reused)

        return run(raw, out, progress=on_progress, **options)


def print_summary(summary, verbose: bool) -> None:
    from rich.table import Table

    counts = ", ".join(f"{n} {status}" for status, n in sorted(summary.by_status.items()))
    console.print(
        f"{summary.n_inputs} inputs ({counts}); {summary.n_extracted} stage runs, "
        f"{summary.n_reused} reused from cache; {summary.seconds:.1f} s -> {safe(summary.out)}"
    )
    if summary.n_damaged:
        console.print(f"[yellow]{summary.n_damaged} damaged cache entries[/] were found and extracted again")
    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in summary.tables.items():
        table.add_row(name, str(rows))
    console.print(table)
    shown = summary.errors if verbose else summary.errors[:10]
    for err in shown:
        console.print(f"[yellow]{safe(err.source_path or '(corpus)')}[/]: {err.stage}: {safe(err.message)}")
    if len(summary.errors) > len(shown):
        console.print(f"... and {len(summary.errors) - len(shown)} more errors (see errors.parquet, or --verbose)")


@app.command("eval")
def eval_command(
    gold: Path = typer.Option(Path("tests/gold"), "--gold", help="folder of gold JSON files"),
    out: Path = typer.Option(Path("data/processed"), "--out", help="the run's output folder"),
    json_path: Path = typer.Option(None, "--json", help="also write the scores as JSON here"),
) -> None:
    """Score an output folder against gold annotations (precision, recall, F1 per area)."""
    from pipeline.eval import evaluate, format_report

    if not gold.is_dir():
        console.print(f"[red]error:[/] --gold {safe(gold)} is not a folder")
        raise typer.Exit(2)
    if not out.is_dir():
        console.print(f"[red]error:[/] --out {safe(out)} is not a folder; run `pipeline run` first")
        raise typer.Exit(2)
    report = evaluate(out, gold)
    if report.documents and all(d.doc_id is None for d in report.documents):
        console.print(
            f"[yellow]warning:[/] none of the {len(report.documents)} gold files in {safe(gold)} matches a document in "
            f"{safe(out)}, so every gold value counts as a miss. A gold file scores the documents whose file stem "
            "is the stem of its 'source' (000_x.json's source 000_x.txt scores 000_x.txt and 000_x.pdf); "
            "check --gold and --out."
        )
    typer.echo(format_report(report))
    if json_path:
        json_path.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")


@app.command("schema")
def schema_command(
    out: Path = typer.Option(None, "--out", help="write the markdown here instead of printing it"),
) -> None:
    """Print every table and column with its type and meaning (the data dictionary)."""
    from pipeline.schema_doc import schema_markdown

    text = schema_markdown()
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        typer.echo(text)


@app.command("db")
def db_command(
    out: Path = typer.Option(Path("data/processed"), "--out", help="the run's output folder"),
) -> None:
    """(Re)build <out>/tripmine.duckdb: the tables plus the views trips, org_mentions_by_year, co_mentions."""
    from pipeline.db import write_db

    if not (out / "documents.parquet").exists():
        console.print(f"[red]error:[/] {safe(out)} has no tables; run `pipeline run` first")
        raise typer.Exit(2)
    typer.echo(plain(write_db(out)))


@app.command("show")
def show_command(
    document: str = typer.Argument(..., help="a doc_id (or its first 4+ characters), a source path, a file name or a file stem"),
    out: Path = typer.Option(Path("data/processed"), "--out", help="the run's output folder"),
    html: Path = typer.Option(None, "--html", help="write a self-contained review page here instead of printing"),
) -> None:
    """Show one document's extraction: sections, cover fields, itinerary, entities, dates, errors."""
    from rich.console import Console

    from pipeline.show import NotFound, render_document

    try:
        if html:
            from pipeline.review import write_page

            typer.echo(str(write_page(out, document, html)))
            return
        view = render_document(out, document)
    except NotFound as exc:
        console.print(f"[red]error:[/] {safe(exc)}", highlight=False)
        raise typer.Exit(2) from None
    terminal = Console()
    if not terminal.is_terminal:  # piped: as wide as the widest row needs, never wrapped at 80 columns
        wide = Console(width=PIPED_WIDTH, no_color=True, highlight=False)
        terminal = Console(width=wide.measure(view).maximum, no_color=True, highlight=False)
    terminal.print(view)


PIPED_WIDTH = 100_000


@app.command("review")
def review_command(
    html: Path = typer.Option(..., "--html", help="folder that receives index.html and one page per document"),
    out: Path = typer.Option(Path("data/processed"), "--out", help="the run's output folder"),
) -> None:
    """Write review pages: every document's text with its mentions and dates highlighted, and an index."""
    from pipeline.review import write_review

    if not (out / "documents.parquet").exists():
        console.print(f"[red]error:[/] {out} has no tables; run `pipeline run` first")
        raise typer.Exit(2)
    index, n_pages = write_review(out, html)
    typer.echo(f"{n_pages} pages; open {index}")


def version_text() -> str:
    from pipeline import __version__

    return f"tripmine {__version__}"


def show_version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=show_version, is_eager=True,
                                 help="print the version and exit"),
) -> None:
    """Mine official overseas trip reports into Parquet tables."""


@app.command("doctor")
def doctor_command() -> None:
    """Print which optional engines are installed (OCR, LibreOffice), with versions."""
    from pipeline.readers.ocr import PACKAGES, engine_version, tessdata_dir
    from pipeline.readers.office import PACKAGE, libreoffice_version

    ocr = engine_version()
    office = libreoffice_version()
    rows = [
        ("OCR (scanned PDF pages)", ocr, f"install {PACKAGES} (scripts/install-system-deps.sh)"),
        ("LibreOffice (.doc, .rtf)", office, f"install {PACKAGE} (scripts/install-system-deps.sh)"),
    ]
    for name, version, fix in rows:
        typer.echo(f"{name:<26}{version if version else 'missing: ' + fix}")
    if ocr:
        typer.echo(f"{'  model folder':<26}{tessdata_dir()}")


@app.command("version")
def version_command() -> None:
    """Print the pipeline's version number (`pipeline --version` prints it with the name)."""
    from pipeline import __version__

    typer.echo(__version__)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
