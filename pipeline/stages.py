"""The ordered stage registry: what `pipeline run --stage NAME` can run.

Each stage names the values it reads (``requires``) and the tables it writes
(``produces``). ``doc`` is the normalized document the read stage makes; every
other name is a contract table. The runner binds a stage function's parameters
by these names, so a per-document stage is a pure function of one document's
upstream rows and one function serves the local pool and a cluster alike.

Functions are given as "module:function" and imported on first use, so the CLI
starts fast and a worker imports only what it runs.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Callable, Literal


@dataclass(frozen=True)
class Stage:
    name: str  # pipeline run --stage <name>
    fn: str  # "module:function"
    requires: tuple[str, ...]  # values read
    produces: tuple[str, ...]  # tables written
    scope: Literal["document", "corpus"] = "document"
    version: int = 1  # bump when the output's meaning changes
    stream: str = ""  # corpus stage: "module:Class" taking its input table in batches (runner.Assembly)

    def load(self) -> Callable[..., object]:
        return _load(self.fn)

    def load_stream(self) -> Callable[..., object]:
        return _load(self.stream)


@cache
def _load(spec: str) -> Callable[..., object]:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


STAGES: tuple[Stage, ...] = (
    Stage("read", "pipeline.readers:read_document", (), ("doc", "documents"), version=1),
    Stage("sections", "extractors.sections.tree:extract_sections", ("doc",), ("sections",), version=1),
    Stage(
        "trip",
        "extractors.reports.trip:extract_trip",
        ("doc", "sections"),
        ("reports", "participants", "itinerary"),
        version=1,
    ),
    Stage(
        "dates",
        "extractors.dates.extract:extract_dates",
        ("doc", "sections", "reports", "itinerary"),
        ("dates",),
        version=1,
    ),
    Stage(
        "entities",
        "extractors.mentions.extract:extract_mentions",
        ("doc", "sections", "participants", "itinerary"),
        ("mentions",),
        version=1,
    ),
    Stage(
        "resolve",
        "extractors.entities.resolve:resolve_entities",
        ("mentions",),
        ("entities", "mentions", "aliases"),
        scope="corpus",
        version=1,
        stream="extractors.entities.resolve:Resolver",
    ),
)

STAGE_NAMES: tuple[str, ...] = tuple(s.name for s in STAGES)


def stage_named(name: str) -> Stage:
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


def stage_keys(stages: tuple[Stage, ...] = STAGES) -> dict[str, str]:
    """A cache key per stage: its version plus the keys of the stages it reads from.

    Bumping one stage's version invalidates its cache and every stage downstream.
    """
    producer: dict[str, str] = {}
    keys: dict[str, str] = {}
    for stage in stages:
        upstream = sorted({keys[producer[r]] for r in stage.requires})
        keys[stage.name] = f"{stage.name}@{stage.version}" + ("[" + ",".join(upstream) + "]" if upstream else "")
        for table in stage.produces:
            producer[table] = stage.name
    return keys


check_registry()
STAGE_KEYS = stage_keys()
