"""The ``reports`` stage: one trip per document, with its travellers and itinerary.

- ``trip``: the stage function; title, summary and destinations
- ``cover_form``: labelled fields of the cover form (提要表)
- ``cover_values``: the values of those fields (checkbox rows, periods, destinations)
- ``participants``: the 出國人員 table and cover fields
- ``itinerary``: the 行程表 rows
"""

from extractors.reports.trip import extract_trip

__all__ = ["extract_trip"]
