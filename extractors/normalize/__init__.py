"""Text repair used by the readers before any stage sees the text.

- ``repair``: the repair of plain-text dumps (page breaks, hard wraps) and the shared tidy-up
- ``fake_bold``: runs doubled by fake bold and spaced-out CJK
- ``chars``: character-level helpers (display width, checkboxes, mojibake)
- ``furniture``: page numbers and running headers or footers (the PDF reader's rule too)
"""
