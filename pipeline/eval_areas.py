"""One scorer per gold area, for one document (``tests/gold/README.md`` is the spec).

Each ``score_*`` takes the document's gold entries and its predicted rows (dicts, as read
from Parquet) and returns counts. Choices the README leaves open are written in the
docstrings; the common ones:

- a null gold value accepts anything (the README says so for section titles; used for every
  field of a row so a partial gold row never forces a miss);
- a predicted value that is null, an empty string or an empty list is "nothing predicted":
  a miss but never a false find;
- rows are matched one-to-one (:func:`match_one_to_one`), so one predicted row can hit only
  one gold row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.eval_match import (
    Score,
    any_name_matches,
    digits,
    is_blank,
    iso_date,
    match_one_to_one,
    names_match,
    normalize_name,
    normalized_ratio,
)

TITLE_RATIO = 95.0
SECTION_TITLE_RATIO = 90.0
ACTIVITY_RATIO = 90.0
MAX_SECTION_LEVEL = 3
DATE_FIELDS = frozenset({"trip_start", "trip_end", "report_date"})
ENTITY_LABELS = ("ORG", "PERSON", "PLACE", "EVENT")

# An observation for resolution: (gold key, document, gold name, predicted entity id).
Observation = tuple[str, str, str, str]


# --- reports -------------------------------------------------------------------------------


def score_reports(gold: dict | None, rows: Sequence[dict]) -> dict[str, Score]:
    """Score the report fields: ``{"reports.<field>": Score}`` for each non-null gold field.

    A field is a hit when it matches, else a miss; a predicted non-null wrong value is also
    a false find, so precision only drops for wrong answers and not for silence. Only the
    first predicted row of the document is read (the contract has one row per document).
    Keys ending in ``_optional`` (``destinations_optional``) are helpers, not fields.
    """
    gold = gold or {}
    row = rows[0] if rows else {}
    optional = [normalize_name(x) for x in gold.get("destinations_optional") or []]
    scores: dict[str, Score] = {}
    for field, expected in gold.items():
        if field.endswith("_optional") or is_blank(expected):
            continue
        predicted = row.get(field)
        score = Score()
        if is_blank(predicted):
            score.fn = 1
        elif report_field_matches(field, expected, predicted, optional):
            score.tp = 1
        else:
            score.fp = score.fn = 1
        scores[f"reports.{field}"] = score
    return scores


def report_field_matches(field: str, expected: object, predicted: object, optional: Sequence[str]) -> bool:
    """One report field against its gold value, by the README's per-field rule."""
    if field in DATE_FIELDS:
        return iso_date(expected) == iso_date(predicted)
    if field == "destinations":
        wanted = set(normalized_list(expected))
        found = set(normalized_list(predicted))
        return wanted <= found and found <= wanted | set(optional)
    if field == "contact_phone":
        return digits(str(expected)) == digits(str(predicted))
    if field == "title":
        return normalized_ratio(str(expected), str(predicted)) >= TITLE_RATIO
    if isinstance(expected, bool):
        return bool(predicted) is expected
    if isinstance(expected, (int, float)):
        return predicted == expected
    if isinstance(expected, (list, tuple)):
        return set(normalized_list(expected)) == set(normalized_list(predicted))
    return normalize_name(str(expected)) == normalize_name(str(predicted))


def normalized_list(value: object) -> list[str]:
    """Normalized, non-empty items of a list cell (a bare string counts as one item)."""
    items = [value] if isinstance(value, str) else list(value or [])
    return [n for n in (normalize_name(str(x)) for x in items if x is not None) if n]


# --- participants, sections, itinerary -------------------------------------------------------


def score_participants(gold: Sequence[dict], rows: Sequence[dict]) -> Score:
    """A gold row is hit by a predicted row with a matching ``name`` (the name rule), an equal
    normalized ``job_title``, and ``agency`` + ``unit`` (normalized, joined) containing the
    normalized gold agency. ``seq`` is not compared. Unmatched predicted rows are false finds.
    """

    def accepts(g: dict, p: dict) -> bool:
        if g.get("name") and not names_match(normalize_name(g["name"]), normalize_name(p.get("name"))):
            return False
        if g.get("job_title") and normalize_name(g["job_title"]) != normalize_name(p.get("job_title")):
            return False
        where = normalize_name(p.get("agency")) + normalize_name(p.get("unit"))
        return not g.get("agency") or normalize_name(g["agency"]) in where

    pairs = match_one_to_one(gold, rows, accepts)
    return Score(tp=len(pairs), fp=len(rows) - len(pairs), fn=len(gold) - len(pairs))


def section_depth(path: object) -> int:
    """Number of parts of a dotted section path (the contract's ``level``); 0 for none."""
    text = str(path or "").strip().strip(".")
    return len(text.split(".")) if text else 0


def score_sections(gold: Sequence[dict], rows: Sequence[dict]) -> Score:
    """Sections of levels 1-3 (level = parts of the path, as the contract defines it).

    A gold section is hit by a predicted one with the same path, a title with normalized
    ``fuzz.ratio >= 90`` (null gold title: any title, even none) and, at level 1, the same
    ``kind``. False finds are the distinct predicted paths that the gold does not list; a
    predicted section at a gold path with a wrong title is a miss only, as the README says.
    """
    gold = [g for g in gold if 1 <= section_depth(g.get("path")) <= MAX_SECTION_LEVEL]
    rows = [r for r in rows if 1 <= section_depth(r.get("section_path")) <= MAX_SECTION_LEVEL]

    def accepts(g: dict, p: dict) -> bool:
        path = str(g["path"]).strip().strip(".")
        if str(p.get("section_path")).strip().strip(".") != path:
            return False
        title = g.get("title")
        if title is not None and (is_blank(p.get("title")) or normalized_ratio(title, p["title"]) < SECTION_TITLE_RATIO):
            return False
        kind = g.get("kind")
        return section_depth(path) != 1 or not kind or str(p.get("kind") or "").strip().lower() == kind.lower()

    pairs = match_one_to_one(gold, rows, accepts)
    gold_paths = {str(g["path"]).strip().strip(".") for g in gold}
    extra = {str(r["section_path"]).strip().strip(".") for r in rows} - gold_paths
    return Score(tp=len(pairs), fp=len(extra), fn=len(gold) - len(pairs))


def score_itinerary(gold: Sequence[dict], rows: Sequence[dict]) -> Score:
    """A gold row is hit by a predicted row with the same ``date``, the same normalized
    ``places`` in the same order, and an ``activity`` with normalized ``fuzz.ratio >= 90``.
    Unmatched predicted rows are false finds.
    """

    def accepts(g: dict, p: dict) -> bool:
        if g.get("date") is not None and iso_date(g["date"]) != iso_date(p.get("date")):
            return False
        if g.get("places") is not None and normalized_list(g["places"]) != normalized_list(p.get("places")):
            return False
        activity = g.get("activity")
        return activity is None or (
            not is_blank(p.get("activity")) and normalized_ratio(activity, p["activity"]) >= ACTIVITY_RATIO
        )

    pairs = match_one_to_one(gold, rows, accepts)
    return Score(tp=len(pairs), fp=len(rows) - len(pairs), fn=len(gold) - len(pairs))


# --- entities --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictedEntity:
    """The mentions of one document grouped into one entity."""

    label: str
    names: frozenset[str]  # normalized


def mention_names(row: dict) -> list[str]:
    """The normalized names a mention carries: text, name_zh, name_en, abbr."""
    names = (normalize_name(row.get(c)) for c in ("text", "name_zh", "name_en", "abbr"))
    return [n for n in names if n]


def build_predicted_entities(mentions: Sequence[dict]) -> list[PredictedEntity]:
    """Group one document's mentions by ``entity_id``; a mention without an id is grouped
    by label + normalized text. An entity's label is its mentions' most common label (ties:
    the earliest mention's); a mention with no label counts as ``UNKNOWN``.
    """
    labels: dict[tuple, Counter] = {}
    names: dict[tuple, set[str]] = {}
    for row in sorted(mentions, key=lambda r: r.get("char_start") or 0):
        label = row.get("label") or "UNKNOWN"
        entity_id = row.get("entity_id")
        key = ("id", entity_id) if entity_id else ("text", label, normalize_name(row.get("text")))
        labels.setdefault(key, Counter())[label] += 1
        names.setdefault(key, set()).update(mention_names(row))
    return [PredictedEntity(labels[k].most_common(1)[0][0], frozenset(names[k])) for k in labels]


def score_entities(gold: Sequence[dict], mentions: Sequence[dict]) -> dict[str, Score]:
    """Entities of one document, per label: ``{"entities.<LABEL>": Score}``.

    A required gold entity is found when some predicted entity has a label among its
    ``labels`` and a name matching one of its names; it counts under its FIRST label (hit or
    miss), so each label's recall is over a fixed gold set. This is existential, not
    one-to-one: the gold splits some organizations across records (a full name with its
    key, the short name without), and a rightly merged entity must find both; wrong merges
    are what the resolution area measures. A predicted entity matching no gold entity,
    required or optional, is a false find under its own label.
    """
    scores = {f"entities.{label}": Score() for label in ENTITY_LABELS}
    predicted = build_predicted_entities(mentions)
    gold_names = [[normalize_name(n) for n in g.get("names") or []] for g in gold]

    def found(g: dict, names: list[str], p: PredictedEntity) -> bool:
        return p.label in (g.get("labels") or []) and any_name_matches(p.names, names)

    for g, names in zip(gold, gold_names, strict=True):
        if g.get("optional"):
            continue
        label = (g.get("labels") or ["UNKNOWN"])[0]
        score = scores.setdefault(f"entities.{label}", Score())
        if any(found(g, names, p) for p in predicted):
            score.tp += 1
        else:
            score.fn += 1
    for p in predicted:
        if not any(found(g, names, p) for g, names in zip(gold, gold_names, strict=True)):
            scores.setdefault(f"entities.{p.label}", Score()).fp += 1
    return scores


# --- dates -----------------------------------------------------------------------------------


def score_dates(gold: Sequence[dict], rows: Sequence[dict]) -> Score:
    """Distinct predicted ``(start, end)`` intervals against the distinct gold ones.

    A predicted row without ``start`` is unresolved and ignored; one without ``end`` is the
    one day ``start``. An interval that is optional for one gold text but required for
    another is required. Predicted intervals equal to an optional one are ignored.
    """
    def interval(row: dict) -> tuple[str | None, str | None]:
        return iso_date(row["start"]), iso_date(row.get("end") or row["start"])

    required = {interval(g) for g in gold if g.get("start") and not g.get("optional")}
    optional = {interval(g) for g in gold if g.get("start") and g.get("optional")}
    predicted = {interval(r) for r in rows if r.get("start") is not None}
    tp = len(predicted & required)
    return Score(tp=tp, fp=len(predicted - required - optional), fn=len(required) - tp)


# --- resolution ------------------------------------------------------------------------------


def find_observations(gold: Sequence[dict], mentions: Sequence[dict], doc_key: str) -> set[Observation]:
    """Resolution observations of one document.

    For every gold entity with a ``key`` (optional or not) and each of its names, every
    mention carrying that name (its text, name_zh, name_en or abbr matches by the name rule)
    gives ``(key, doc, name, entity_id)``. Labels are not compared: resolution scores ids only.

    A mention whose names equal some gold name exactly (of any gold entity, keyed or not) is
    attributed only to those exact matches, and to fuzzy ones only when it has none. This
    keeps a rightly separate neighbour (a city's council next to the city's government,
    ratio >= 92) from being counted as a split of the keyed entity.

    A mention without an ``entity_id`` gets an id of its own, so unresolved mentions share
    nothing. Distinct tuples only: ten mentions of one name with one id are one observation,
    but one name under two ids in a document is two (and costs recall).
    """
    gold_names = [(g, {normalize_name(n) for n in g.get("names") or []} - {""}) for g in gold]
    observations: set[Observation] = set()
    for index, row in enumerate(mentions):
        names = set(mention_names(row))
        if not names:
            continue
        entity_id = str(row.get("entity_id") or f"\0unresolved:{doc_key}:{index}")
        hits = [(g, names & wanted) for g, wanted in gold_names if names & wanted]
        if not hits:
            hits = [(g, {w for w in wanted if any(names_match(w, n) for n in names)}) for g, wanted in gold_names]
        for g, matched in hits:
            if g.get("key"):
                observations.update((str(g["key"]), doc_key, name, entity_id) for name in matched)
    return observations


def score_resolution(observations: Iterable[Observation]) -> Score:
    """Pairwise scores over all observations (across documents, since keys are global).

    Over unordered pairs of observations: tp = same key and same id, fn = same key but
    different ids, fp = same id but different keys.
    """
    by_key: Counter = Counter()
    by_id: Counter = Counter()
    by_both: Counter = Counter()
    for key, _doc, _name, entity_id in observations:
        by_key[key] += 1
        by_id[entity_id] += 1
        by_both[(key, entity_id)] += 1

    def pairs(counter: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    tp = pairs(by_both)
    return Score(tp=tp, fp=pairs(by_id) - tp, fn=pairs(by_key) - tp)
