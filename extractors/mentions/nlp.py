"""The spaCy pipeline: a blank Chinese pipeline with the jieba segmenter, plus one
registered component, ``tripmine_entities``, that runs the entity grammars.

No trained Chinese model exists offline (../shared/NOTES.md), so the component works on
characters and regex over the raw text (through :class:`extractors.mentions.base.TextView`) and
uses jieba only for token boundaries. It stores every grammar's candidates, with exact
offsets and overlapping, in ``doc._.found`` (:func:`extractors.mentions.extract.extract_mentions`
resolves them together with the participants and the itinerary), and the resolved
mentions as spans in ``doc.spans["mentions"]`` (made with ``alignment_mode="expand"``, so a
span may be wider than the mention; the candidates' offsets are the exact ones).

The tokenizer is jieba without its HMM (:class:`TraditionalJiebaTokenizer`). The pipeline is saveable: ``build_nlp().to_disk(path)`` then ``spacy.load(path)`` works in
any process that has imported this module (the import registers the component).
The pipeline is built once per process (:func:`get_nlp`). The entities stage does not load it:
its component only runs :func:`extractors.mentions.grammars.find_candidates`, which the stage
calls directly (``EntitySettings(use_spacy=True)`` goes through spaCy, with the same results).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc

from extractors.mentions.grammars import find_candidates
from extractors.mentions.select import relabel_coordinated, repeat_names, select
from extractors.mentions.words import cutter, token_ends

COMPONENT = "tripmine_entities"
MAX_CHARS = 50_000_000
TOKENIZER = "tripmine.jieba_traditional.v1"


class TraditionalJiebaTokenizer:
    """jieba over Traditional Chinese without the HMM: it segments a character-by-character
    Simplified copy (jieba's dictionary is Simplified-centric), so offsets carry over. The
    stock ``segmenter: jieba`` runs jieba with the HMM, about 70x slower on Traditional text
    (../shared/NOTES.md). Nothing to save: the dictionary is jieba's global one."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> SpacyDoc:
        ends = token_ends(text)
        words, spaces = words_and_spaces([text[s:e] for s, e in zip((0, *ends), ends, strict=False)])
        doc = SpacyDoc(self.vocab, words=words, spaces=spaces)
        doc._.source_text = text  # Doc.text joins every token again on each access
        return doc

    def to_bytes(self, **_kwargs) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kwargs) -> TraditionalJiebaTokenizer:
        return self

    def to_disk(self, path, **_kwargs) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / "tokenizer.json").write_text('{"segmenter": "jieba", "hmm": false}', encoding="utf-8")

    def from_disk(self, _path, **_kwargs) -> TraditionalJiebaTokenizer:
        return self


def words_and_spaces(tokens: list[str]) -> tuple[list[str], list[bool]]:
    """spaCy's ``get_words_and_spaces`` for tokens that tile the text, in one pass (spaCy's
    slices the rest of the text for every word, quadratic on a long document): one space
    after a word becomes its trailing space, other whitespace a token of its own."""
    words: list[str] = []
    spaces: list[bool] = []

    def add_gap(gap: str) -> None:
        if words and gap[0] == " ":
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)

    gap = ""
    for token in tokens:
        if token.isspace():
            gap += token
            continue
        if gap:
            add_gap(gap)
            gap = ""
        words.append(token)
        spaces.append(False)
    if gap:
        add_gap(gap)
    return words, spaces


@spacy.registry.tokenizers(TOKENIZER)
def create_tokenizer():
    def make(nlp: Language) -> TraditionalJiebaTokenizer:
        return TraditionalJiebaTokenizer(nlp.vocab)

    return make

if not SpacyDoc.has_extension("found"):
    SpacyDoc.set_extension("found", default=None)
if not SpacyDoc.has_extension("source_text"):
    SpacyDoc.set_extension("source_text", default=None)


@Language.component(COMPONENT)
def entity_component(doc: SpacyDoc, spans: bool = True) -> SpacyDoc:
    """Store the candidates in ``doc._.found`` and, unless ``spans`` is False (the entities
    stage, which selects among them together with the table mentions), the chosen mentions
    in ``doc.spans["mentions"]``. Pass it as ``nlp(text, component_cfg={COMPONENT: {"spans": False}})``."""
    text = doc._.source_text or doc.text  # spaCy rebuilds Doc.text from the tokens on every access
    found = find_candidates(text)
    doc._.found = found
    if not spans:
        return doc
    chosen = select(relabel_coordinated(found, text))
    chosen += repeat_names(text, chosen)
    made = []
    for item in sorted(chosen, key=lambda f: (f.start, f.end)):
        span = doc.char_span(item.start, item.end, label=item.label, alignment_mode="expand")
        if span is not None:
            made.append(span)
    doc.spans["mentions"] = made
    return doc


def build_nlp() -> Language:
    """A fresh pipeline: blank zh + jieba + the entity component."""
    cutter()  # jieba's dictionary and the bundled user words, before spaCy uses them
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.add_pipe(COMPONENT)
    # spaCy refuses texts over 1,000,000 characters for the sake of its parser and NER
    # models, which this pipeline does not have: its components are linear in the text.
    nlp.max_length = MAX_CHARS
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The process-wide pipeline (loading jieba costs about a second)."""
    return build_nlp()
