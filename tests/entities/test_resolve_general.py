"""Resolution links for reports the resolver was not tuned for (cases in other agencies' styles)."""

from __future__ import annotations

from extractors.core.records import MentionRow
from extractors.entities.resolve import resolve_entities


def row(doc: str, label: str, text: str, rule: str = "x", **names) -> MentionRow:
    return MentionRow(doc_id=doc, label=label, text=text, name_zh=names.get("zh", text), name_en=names.get("en"),
                      abbr=names.get("abbr"), rule=rule)


def ids(rows: list[MentionRow]) -> list[str | None]:
    return [r.entity_id for r in resolve_entities(rows)["mentions"]]


def test_a_session_written_short_joins_its_full_name_that_adds_only_a_year():
    rows = [row("d", "EVENT", "亞太港口聯盟2019年第2次理事會會議"), row("d", "EVENT", "第2次理事會會議")]
    a, b = ids(rows)
    assert a == b


def test_another_session_number_stays_apart():
    rows = [row("d", "EVENT", "亞太港口聯盟2019年第2次理事會會議"), row("d", "EVENT", "第3次理事會會議")]
    a, b = ids(rows)
    assert a != b


def test_a_romanized_name_with_and_without_its_diacritics_is_one_person():
    rows = [row("d", "PERSON", "José Martínez", zh=None, en="José Martínez"),
            row("d", "PERSON", "Jose Martinez", zh=None, en="Jose Martinez")]
    a, b = ids(rows)
    assert a == b


def test_own_unit_joins_the_agency_it_names():
    rows = [row("d", "ORG", "本署", zh="農業部農村發展及水土保持署"), row("d", "ORG", "農業部農村發展及水土保持署")]
    a, b = ids(rows)
    assert a == b
