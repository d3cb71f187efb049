"""Test tooling only: score reports, participants and itinerary against the gold files,
following /work/shared/gold/README.md (the lead's `pipeline eval` is the reference)."""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz

from pipeline import eval_match


def norm(text: str | None) -> str:
    return eval_match.normalize_name(text)


def names_match(a: str | None, b: str | None) -> bool:
    return eval_match.names_match(norm(a), norm(b))


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
            ok = fuzz.ratio(norm(got), norm(want)) >= 95
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
            if fuzz.ratio(norm(row.activity), norm(g["activity"])) >= 90:
                used.add(k)
                hits += 1
                break
    return prf(hits, len(gold), len(rows))
