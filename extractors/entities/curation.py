"""The analysts' curation file: must-link, cannot-link and canonical names, obeyed by every run.

A tab-separated text file (``data/curation.tsv`` by default; ``pipeline run --curation``),
one instruction a line; blank lines and lines starting with ``#`` are comments::

    must-link<TAB>ORG<TAB>甲乙博物館<TAB>丙丁博物館
    cannot-link<TAB>ORG<TAB>OECD<TAB>OECD NEA
    canonical<TAB>ORG<TAB>國立甲乙博物院

- ``must-link A B``: the entities named A and B are one (across documents too).
- ``cannot-link A B``: the entities named A and B are never one, whatever rule proposes it.
  It wins over every rule and over a must-link.
- ``canonical A``: A is the entity's canonical name (its display name and its id).

The label (ORG, PERSON, PLACE, EVENT) says which names are meant; ``*`` means any label.
Names are compared the way the resolver compares them (``names.parse_name``: width, case,
spacing, Traditional/Simplified), so a name can be written as any of its surface forms.
Each link shows ``curated`` in ``aliases.rule``. A line that cannot be read is reported
(``Curation.problems``) and left out; the rest still applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LABELS = ("ORG", "PERSON", "PLACE", "EVENT", "*")
ACTIONS = {"must-link": 2, "cannot-link": 2, "canonical": 1}  # action -> number of names


@dataclass(frozen=True)
class Instruction:
    action: str  # must-link, cannot-link, canonical
    label: str  # ORG, PERSON, PLACE, EVENT or *
    names: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Curation:
    instructions: tuple[Instruction, ...] = ()
    problems: tuple[str, ...] = field(default=(), compare=False)

    def of(self, action: str) -> list[Instruction]:
        return [i for i in self.instructions if i.action == action]


NO_CURATION = Curation()


def parse_curation(text: str | None, source: str = "curation file") -> Curation:
    """The instructions of a curation file's text, and a sentence for each line left out.

    Example:
        >>> c = parse_curation("# a comment\\nmust-link\\tORG\\tA院\\tB院\\ncanonical\\tORG\\n")
        >>> [(i.action, i.names) for i in c.instructions]
        [('must-link', ('A院', 'B院'))]
        >>> c.problems
        ('curation file line 3: canonical needs 1 name after the label; it has 0',)
    """
    if not text:
        return NO_CURATION
    instructions: list[Instruction] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        action = cells[0].lower().replace("_", "-")
        if action not in ACTIONS:
            problems.append(f"{source} line {number}: unknown action {cells[0]!r}; "
                            f"use one of {', '.join(ACTIONS)} (cells are separated by tabs)")
            continue
        label = cells[1].upper() if len(cells) > 1 else ""
        if label not in LABELS:
            problems.append(f"{source} line {number}: unknown label {label!r}; use one of {', '.join(LABELS)}")
            continue
        names = tuple(c for c in cells[2:] if c)
        if len(names) != ACTIONS[action]:
            problems.append(f"{source} line {number}: {action} needs {ACTIONS[action]} name"
                            f"{'s' if ACTIONS[action] > 1 else ''} after the label; it has {len(names)}")
            continue
        instructions.append(Instruction(action, label, names, number))
    return Curation(tuple(instructions), tuple(problems))


def _nodes_named(name: str, label: str, index: dict[tuple[str, str, str], list[int]]) -> list[int]:
    from extractors.entities.names import parse_name

    found: list[int] = []
    for is_person in (False, True):
        if label not in ("*", "PERSON" if is_person else label) or (label == "PERSON" and not is_person):
            continue
        parsed = parse_name(name, is_person)
        if parsed is None:
            continue
        labels = ("ORG", "PERSON", "PLACE", "EVENT") if label == "*" else (label,)
        for lab in labels:
            if (lab == "PERSON") == is_person:
                found += index.get((lab, parsed.script, parsed.key), [])
    return sorted(set(found))


def curated_nodes(curation: Curation, order) -> tuple[list[tuple[int, int]], list[tuple[int, int]], set[int]]:
    """(must-link node pairs of one label, cannot-link node pairs, canonical nodes) over the
    resolver's nodes ``order`` ((label, script, key, scope) tuples; document-scoped ones are
    left out: a generic name means something else in every report)."""
    if not curation.instructions:
        return [], [], set()
    index: dict[tuple[str, str, str], list[int]] = {}
    for i, (label, script, key, scope) in enumerate(order):
        if not scope:
            index.setdefault((label, script, key), []).append(i)
    must: list[tuple[int, int]] = []
    cannot: list[tuple[int, int]] = []
    canonical: set[int] = set()
    for ins in curation.instructions:
        groups = [_nodes_named(name, ins.label, index) for name in ins.names]
        if ins.action == "canonical":
            canonical.update(groups[0])
            continue
        pairs = [(i, j) for i in groups[0] for j in groups[1] if i != j]
        if ins.action == "must-link":
            must += [(i, j) for i, j in pairs if order[i][0] == order[j][0]]
        else:
            cannot += pairs
    return must, cannot, canonical
