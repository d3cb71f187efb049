"""The gold rules for entities (../shared/gold/README.md), for the seed test."""

from __future__ import annotations

from collections import Counter

from pipeline import eval_match

LABELS = ("ORG", "PERSON", "PLACE", "EVENT")
normalize_name = eval_match.normalize_name  # the gold README's rule, as `pipeline eval` applies it
names_match = eval_match.names_match


def predicted_entities(rows) -> list[tuple[str, frozenset[str]]]:
    names: dict[tuple, set[str]] = {}
    for r in rows:
        key = (r.label, normalize_name(r.text))
        names.setdefault(key, set()).update(
            n for n in (normalize_name(getattr(r, c)) for c in ("text", "name_zh", "name_en", "abbr")) if n
        )
    return [(k[0], frozenset(v)) for k, v in names.items()]


def score(gold: list[dict], rows) -> tuple[dict[str, Counter], list]:
    """Per label tp/fp/fn, and the false finds and misses for the report."""
    scores = {label: Counter() for label in LABELS}
    predicted = predicted_entities(rows)
    gold_names = [[normalize_name(n) for n in g["names"]] for g in gold]
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
