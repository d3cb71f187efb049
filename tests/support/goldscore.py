"""Test tooling only: score the seed reports' tables against their gold files, following
tests/gold/README.md. Names are compared with ``pipeline.eval_match`` (the rules `pipeline
eval` applies); the per-area scores here are the seed tests' own, stricter ones."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from pipeline.eval_match import names_match, normalized_ratio
from pipeline.eval_match import normalize_name as norm

LABELS = ("ORG", "PERSON", "PLACE", "EVENT")


def prf(hits: int, n_gold: int, n_pred: int, false: int | None = None) -> tuple[float, float, float]:
    false = n_pred - hits if false is None else false
    p = hits / (hits + false) if hits + false else 1.0
    r = hits / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_reports(gold: dict, row) -> tuple[float, float, float]:
    hits = misses = 0
    for key, want in gold.items():
        if key.endswith("_optional") or want is None:
            continue
        got = getattr(row, key)
        if key in ("trip_start", "trip_end", "report_date"):
            ok = got is not None and got == date.fromisoformat(want)
        elif key == "destinations":
            allowed = set(want) | set(gold.get("destinations_optional", []))
            ok = bool(got) and set(want) <= set(got) and set(got) <= allowed
        elif key == "contact_phone":
            ok = re.sub(r"\D", "", got or "") == re.sub(r"\D", "", want)
        elif key == "title":
            ok = normalized_ratio(got, want) >= 95
        elif isinstance(want, bool):
            ok = got is want
        else:
            ok = norm(got) == norm(want)
        hits += ok
        misses += not ok
    return prf(hits, hits + misses, hits + misses)


def score_participants(gold: list[dict], rows) -> tuple[float, float, float]:
    used: set[int] = set()
    hits = 0
    for g in gold:
        for k, row in enumerate(rows):
            if k in used:
                continue
            if (
                norm(row.name) == norm(g["name"])
                and norm(row.job_title) == norm(g["job_title"])
                and norm(g["agency"]) in norm((row.agency or "") + (row.unit or ""))
            ):
                used.add(k)
                hits += 1
                break
    return prf(hits, len(gold), len(rows))


def score_itinerary(gold: list[dict], rows) -> tuple[float, float, float]:
    used: set[int] = set()
    hits = 0
    for g in gold:
        for k, row in enumerate(rows):
            if k in used or row.date is None or row.date.isoformat() != g["date"]:
                continue
            if [norm(p) for p in row.places or []] != [norm(p) for p in g["places"]]:
                continue
            if normalized_ratio(row.activity, g["activity"]) >= 90:
                used.add(k)
                hits += 1
                break
    return prf(hits, len(gold), len(rows))


def predicted_entities(rows) -> list[tuple[str, frozenset[str]]]:
    names: dict[tuple, set[str]] = {}
    for r in rows:
        key = (r.label, norm(r.text))
        names.setdefault(key, set()).update(
            n for n in (norm(getattr(r, c)) for c in ("text", "name_zh", "name_en", "abbr")) if n
        )
    return [(k[0], frozenset(v)) for k, v in names.items()]


def score_entities(gold: list[dict], rows) -> tuple[dict[str, Counter], list]:
    """Per label tp/fp/fn, and the false finds and misses for the report."""
    scores = {label: Counter() for label in LABELS}
    predicted = predicted_entities(rows)
    gold_names = [[norm(n) for n in g["names"]] for g in gold]
    errors = []

    def found(g, names, p):
        return p[0] in g["labels"] and any(names_match(a, b) for a in p[1] for b in names)

    for g, names in zip(gold, gold_names, strict=True):
        if g.get("optional"):
            continue
        label = g["labels"][0]
        if any(found(g, names, p) for p in predicted):
            scores[label]["tp"] += 1
        else:
            scores[label]["fn"] += 1
            errors.append(("miss", label, g["names"][0]))
    for p in predicted:
        if not any(found(g, names, p) for g, names in zip(gold, gold_names, strict=True)):
            scores[p[0]]["fp"] += 1
            errors.append(("false", p[0], sorted(p[1])))
    return scores, errors


def f1(c: Counter) -> float:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    if tp == 0:
        return 0.0 if fp or fn else 1.0
    p, r = tp / (tp + fp), tp / (tp + fn)
    return 2 * p * r / (p + r)


def dates_f1(rows, gold: dict) -> tuple[float, set, set]:
    """Set-of-intervals F1 per the gold README; a null interval counts as a false find."""
    def interval(g: dict) -> tuple[date, date]:
        return date.fromisoformat(g["start"]), date.fromisoformat(g["end"])

    required = {interval(g) for g in gold["dates"] if not g.get("optional")}
    optional = {interval(g) for g in gold["dates"] if g.get("optional")}
    predicted = {(r.start, r.end) for r in rows} - (optional - required)
    hits = predicted & required
    p = len(hits) / len(predicted) if predicted else 0.0
    r = len(hits) / len(required) if required else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f1, predicted - required, required - predicted
