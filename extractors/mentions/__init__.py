"""The ``mentions`` stage: organizations, people, places and events in each document.

- ``extract``: the stage function; selection of overlapping candidates, rows
- ``nlp``: the spaCy pipeline (blank zh, jieba segmenter) and its entity component
- ``base``: the candidate type, the text view, shared lexicons and heads
- ``bilingual``: 「中文」（English, ABBR） names
- ``orgs``, ``people``, ``places``, ``events``: one grammar per label
- ``corpus``: the ``corpus`` stage's logic, names learned across the corpus found in every document
"""

from extractors.mentions.extract import extract_mentions

__all__ = ["extract_mentions"]
