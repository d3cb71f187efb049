"""The ``entities`` stage (corpus scope): one entity per real organization, person, place, event.

- ``resolve``: the stage function and its streaming form (``Resolver``); stable ids
- ``stream``: the stage as the runner streams it (``MentionStream``: sets the mentions' entity_id)
- ``names``: one surface form to a comparable name
- ``block``: which pairs of names are worth scoring
- ``match``: pairwise evidence for and against a merge
- ``cluster``: union-find and the linking steps, strongest first
"""

from extractors.entities.resolve import Resolver, resolve_entities
from extractors.entities.stream import MentionStream

__all__ = ["MentionStream", "Resolver", "resolve_entities"]
