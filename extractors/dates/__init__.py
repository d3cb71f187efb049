"""The ``dates`` stage: every date expression, resolved to an interval.

- ``extract``: the stage function; anchors for year-less and relative dates
- ``grammar``: the date grammar: items chained into expressions (ranges, lists)
- ``items``: one item of an expression (ROC and Gregorian, Chinese numerals, numeric forms, words)
- ``english``: English dates inside Chinese text
- ``base``: the text mapping, the date lexicon and the settings
"""

from extractors.dates.extract import extract_dates

__all__ = ["extract_dates"]
