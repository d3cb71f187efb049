"""The pure core of tripmine: text in, rows out. No file IO, no printing, no clock.

One package per stage, named after the table the stage writes:

- :mod:`extractors.core`: foundations every stage shares (document type, records, lexicons,
  the numbering grammar, line views, the gazetteer)
- :mod:`extractors.normalize`: text repair used by the readers (fake bold, wraps, mojibake)
- :mod:`extractors.sections`: the numbered heading tree -> ``sections``
- :mod:`extractors.reports`: cover form, participants and itinerary -> ``reports``,
  ``participants``, ``itinerary``
- :mod:`extractors.dates`: date expressions resolved to intervals -> ``dates``
- :mod:`extractors.mentions`: organizations, people, places, events -> ``mentions``
- :mod:`extractors.entities`: cross-document resolution (corpus stage) -> ``entities``, ``aliases``
"""
