"""The ``sections`` stage: the hierarchy of numbered headings and paragraphs.

- ``tree``: headings found with the numbering grammar, nested into a tree, kinds from lexicons
"""

from extractors.sections.tree import extract_sections

__all__ = ["extract_sections"]
