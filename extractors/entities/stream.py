"""The ``entities`` stage as a corpus stream (``pipeline.stages.CorpusStream``).

The runner streams the mentions table through it and knows none of its columns:
``fill`` says which columns of the mentions the stage sets (``entity_id``) and
which it reads to do so (``doc_id``).
"""

from __future__ import annotations

from typing import Callable, Sequence

from extractors.entities.curation import parse_curation
from extractors.entities.resolve import Resolver


class MentionStream(Resolver):
    """``Resolver`` plus the one step that names columns: the entity_id of each mention.

    ``curation``: the text of the analysts' curation file (``extractors.entities.curation``);
    ``problems`` says which of its lines were left out, and why.
    """

    def __init__(self, curation: str | None = None):
        parsed = parse_curation(curation)
        super().__init__(curation=parsed)
        self.problems = parsed.problems

    def fill(self, tokens: Sequence[int], column: Callable[[str], list]) -> dict[str, list]:
        return {"entity_id": self.entity_ids(tokens, column("doc_id"))}
