"""Foundations shared by every stage.

- ``doc``: the input type (Doc, Page) with its map back to source pages
- ``records``: one frozen dataclass per contract table, plus the error record
- ``lexicons``: where lexicon files live and the one way to read them
- ``numbering``: the one numbering-marker grammar (壹、/一、/（一）/1./(1) ...): sections, readers, repair
- ``textlines``: line views and table-header matching shared by the report extractors
- ``gazetteer``: countries, regions and cities in zh-Hant and English
"""
