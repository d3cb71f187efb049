"""The ordered stage registry: what `pipeline run --stage NAME` can run.

Each stage names the values it reads (``requires``) and the tables it writes
(``produces``). ``doc`` is the normalized document the read stage makes; every
other name is a contract table. The runner binds a stage function's parameters
by these names, so a per-document stage is a pure function of one document's
upstream rows and one function serves the local pool and a cluster alike.

A stage is named after the table it writes. The names of older releases still
work on the command line (``ALIASES``); ``entities`` now names the resolution stage.
The ``corpus`` stage adds to the ``mentions`` table the names learned across the corpus
(rule ``corpus``), between the per-document ``mentions`` stage and the resolution.

Functions are given as "module:function" and imported on first use, so the CLI
starts fast and a worker imports only what it runs.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable, Iterable, Literal, Protocol, Sequence


@dataclass(frozen=True)
class Stage:
    name: str  # pipeline run --stage <name>
    fn: str  # "module:function"
    requires: tuple[str, ...]  # values read
    produces: tuple[str, ...]  # tables written
    scope: Literal["document", "corpus"] = "document"
    stream: str = ""  # corpus stage: "module:Class", a CorpusStream, or a CorpusScan when it reads "doc"

    def load(self) -> Callable[..., object]:
        return _load(self.fn)

    def load_stream(self) -> Callable[[], CorpusStream]:
        return _load(self.stream)  # type: ignore[return-value]

    def load_scan(self) -> Callable[[], CorpusScan]:
        return _load(self.stream)  # type: ignore[return-value]

    @property
    def scans_documents(self) -> bool:
        """A corpus stage that reads each document again (a ``CorpusScan``)."""
        return self.scope == "corpus" and "doc" in self.requires


class CorpusStream(Protocol):
    """A corpus stage fed its one input table in batches, so the corpus is never held whole.

    1. ``add(rows)`` for every row of the input table, in corpus order: one token per row.
    2. ``resolve()`` once.
    3. ``fill(tokens, column)`` for every row again, in batches: the columns the stage sets
       on its input table (name -> values), given the rows' tokens and ``column(name)``,
       which gives the batch's values of one input column.
    4. ``rows()``: the stage's own tables, as (table, rows) pairs in order.
    """

    def add(self, rows: Sequence[object]) -> Sequence[int]: ...

    def resolve(self) -> None: ...

    def fill(self, tokens: Sequence[int], column: Callable[[str], list]) -> dict[str, list]: ...

    def rows(self) -> Iterable[tuple[str, list]]: ...


class CorpusScan(Protocol):
    """A corpus stage that adds rows to a per-document table, seeing the corpus one document
    at a time: it produces the one table it reads besides the documents.

    1. ``learn(rows)`` for every row of that table, as the per-document stages made it.
    2. ``prepare()`` once.
    3. ``scan(**values)`` for every document, in corpus order, given the values the stage
       requires (``doc``: the normalized document, or None when it was not read; each table:
       this document's rows), by parameter name: this document's rows of the table, which
       replace the ones it was given. A crash on one document leaves its rows as they came.
    """

    def learn(self, rows: Sequence[object]) -> None: ...

    def prepare(self) -> None: ...


@cache
def _load(spec: str) -> Callable[..., object]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


STAGES: tuple[Stage, ...] = (
    Stage("documents", "pipeline.readers:read_document", (), ("doc", "documents")),
    Stage("sections", "extractors.sections.tree:extract_sections", ("doc",), ("sections",)),
    Stage(
        "reports",
        "extractors.reports.trip:extract_trip",
        ("doc", "sections"),
        ("reports", "participants", "itinerary"),
    ),
    Stage(
        "dates",
        "extractors.dates.extract:extract_dates",
        ("doc", "sections", "reports", "itinerary"),
        ("dates",),
    ),
    Stage(
        "mentions",
        "extractors.mentions.extract:extract_mentions",
        ("doc", "sections", "reports", "participants", "itinerary"),
        ("mentions",),
    ),
    Stage(
        "corpus",
        "extractors.mentions.corpus:find_corpus_mentions",
        ("doc", "sections", "mentions"),
        ("mentions",),
        scope="corpus",
        stream="extractors.mentions.corpus:CorpusNames",
    ),
    Stage(
        "entities",
        "extractors.entities.resolve:resolve_entities",
        ("mentions",),
        ("entities", "mentions", "aliases"),
        scope="corpus",
        stream="extractors.entities.stream:MentionStream",
    ),
)

READ = STAGES[0].name  # the stage that reads a file into a document ("documents")

STAGE_NAMES: tuple[str, ...] = tuple(s.name for s in STAGES)

ALIASES: dict[str, str] = {"read": "documents", "trip": "reports", "resolve": "entities"}
"""Stage names of earlier releases, still accepted by ``--stage``. The old ``entities``
(which wrote the mentions table) is now ``mentions``; ``entities`` is the old ``resolve``."""


def stage_named(name: str) -> Stage:
    name = ALIASES.get(name, name)
    for stage in STAGES:
        if stage.name == name:
            return stage
    raise KeyError(f"unknown stage {name!r}; choose one of: all, {', '.join(STAGE_NAMES)}")


def check_registry(stages: tuple[Stage, ...] = STAGES) -> None:
    """Every requirement must be produced by an earlier stage."""
    produced: set[str] = set()
    for stage in stages:
        missing = [r for r in stage.requires if r not in produced]
        if missing:
            raise ValueError(f"stage {stage.name!r} requires {missing}, which no earlier stage produces")
        produced.update(stage.produces)


def stage_roots(stage: Stage) -> tuple[str, ...]:
    """The modules a stage runs from: its function's (and stream's) and the runner's that calls it."""
    runner = "pipeline.jobs" if stage.scope == "document" else "pipeline.assembly"
    specs = (stage.fn, stage.stream) if stage.stream else (stage.fn,)
    return tuple(sorted({spec.partition(":")[0] for spec in specs} | {runner}))


def stage_keys(stages: tuple[Stage, ...] = STAGES, options: dict[str, str] | None = None,
               lexicon_dir: Path | None = None) -> dict[str, str]:
    """A cache key per stage: the fingerprint of its code, lexicons and libraries
    (``pipeline.fingerprint``), its definition, and the keys of the stages it reads from.

    Any change to what a stage's output depends on invalidates its cache and every
    stage downstream. Computed once per process for a registry and lexicon folder.
    ``options`` adds a run option to one stage's key (``{"documents": "ocr=off"}``), so a
    run with another option value neither reuses nor overwrites what the default made.
    """
    from pipeline.fingerprint import default_lexicon_dir

    return dict(_stage_keys(stages, tuple(sorted((options or {}).items())), lexicon_dir or default_lexicon_dir()))


@cache
def _stage_keys(stages: tuple[Stage, ...], option_items: tuple[tuple[str, str], ...],
                lexicon_dir: Path) -> tuple[tuple[str, str], ...]:
    from pipeline.fingerprint import sha256, stage_parts

    producer: dict[str, str] = {}
    keys: dict[str, str] = {}
    for stage in stages:
        upstream = sorted({keys[producer[r]] for r in stage.requires})
        option = dict(option_items).get(stage.name)
        definition = [stage.name, stage.fn, stage.stream, stage.requires, stage.produces, stage.scope, option]
        parts = stage_parts(stage_roots(stage), lexicon_dir)
        keys[stage.name] = sha256(json.dumps([definition, parts.digest(), upstream]).encode())[:32]
        for table in stage.produces:
            producer[table] = stage.name
    return tuple(keys.items())


check_registry()
