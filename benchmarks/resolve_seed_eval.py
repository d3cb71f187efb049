"""Pairwise resolution score on the seed reports (gold README, "resolution").

Until the entities stage lands, mentions are simulated from the texts: every gold name
(any entity, longest match first, no overlaps) found in the report becomes a mention, and a
name followed by （English, ABBR） takes the bracket's content as name_en / abbr — the
bilingual grammar the entities stage implements. With --mentions, a mentions.parquet from
`pipeline run` (or a JSON-lines dump of MentionRow dicts) is scored instead.

    python benchmarks/resolve_seed_eval.py [--gold DIR] [--reports DIR] [--mentions FILE] [-v]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.core.records import MentionRow  # noqa: E402
from extractors.entities.names import is_abbreviation  # noqa: E402
from extractors.entities.resolve import resolve_entities  # noqa: E402
from pipeline import eval_match  # noqa: E402


def norm(text: str) -> str:
    return eval_match.normalize_name(text)


def names_match(a: str, b: str) -> bool:
    return eval_match.names_match(norm(a), norm(b))


def join_lines(text: str) -> str:
    text = re.sub(r"(?<=[^\x00-\x7f])[ \t]*\n\s*(?=[^\x00-\x7f])", "", text)
    return re.sub(r"[ \t]*\n\s*", " ", text)


def simulate_mentions(doc_id: str, text: str, gold: dict) -> list[MentionRow]:
    gold_names = sorted({(n, e["labels"][0]) for e in gold["entities"] for n in e["names"]},
                        key=lambda x: (-len(x[0]), x))
    spans = []
    for m in re.finditer(r"「([^「」]{2,80})」", text):  # a quoted name is taken whole
        inner = next(((n, lab) for n, lab in gold_names if n in m.group(1)), None)
        if inner:
            spans.append((m.start(1), m.end(1), inner[1]))
    for name, label in gold_names:
        for m in re.finditer(re.escape(name), text):
            spans.append((m.start(), m.end(), label))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    rows, end = [], -1
    for start, stop, label in spans:
        if start < end:
            continue
        name = text[start:stop]
        tail = text[stop:]
        bracket = re.match(r"」?\s*[（(]([^（）()\u4e00-\u9fff]{1,160})[）)]", tail)
        short = re.match(r"」?[。，]?\s*[（(]以下簡稱\s*([^（）()]{1,30})[）)]", tail)
        zh = name if re.search(r"[\u4e00-\u9fff]", name) else None
        en = abbr = None
        if zh and bracket:
            parts = [p.strip() for p in re.split(r",\s+", bracket.group(1)) if p.strip()]
            if parts and is_abbreviation(parts[-1]):
                abbr = parts.pop()
            en = ", ".join(parts) or None
            stop = stop + bracket.end()
        elif zh and short:
            abbr = short.group(1).strip()
            stop = stop + short.end()
        rows.append(MentionRow(doc_id=doc_id, label=label, text=text[start:stop], name_zh=zh,
                               name_en=en if zh else (None if is_abbreviation(name) else name),
                               abbr=abbr if zh else (name if is_abbreviation(name) else None),
                               char_start=start, char_end=stop))
        end = stop
    return rows


def score(mentions: list[MentionRow], golds: dict[str, dict], verbose: bool = False) -> dict:
    observations = []  # (key, doc, gold name, entity_id)
    for doc_id, gold in golds.items():
        doc_rows = [m for m in mentions if m.doc_id == doc_id]
        for entity in gold["entities"]:
            if "key" not in entity:
                continue
            for name in entity["names"]:
                ids = set()
                for row in doc_rows:
                    carried = [row.text, row.name_zh, row.name_en, row.abbr]
                    if row.label in entity["labels"] and any(c and names_match(c, name) for c in carried):
                        ids.add(row.entity_id)
                observations += [(entity["key"], doc_id, name, eid) for eid in sorted(ids, key=str)]
    tp = fp = fn = 0
    for a, b in combinations(observations, 2):
        same_key, same_id = a[0] == b[0], a[3] == b[3] and a[3] is not None
        if same_key and same_id:
            tp += 1
        elif same_key:
            fn += 1
            if verbose:
                print("MISS", a, b)
        elif same_id:
            fp += 1
            if verbose:
                print("FALSE", a, b)
    return {
        "observations": len(observations), "tp": tp, "fp": fp, "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", default=str(ROOT / "tests" / "gold"))
    parser.add_argument("--reports", default=str(ROOT / "data" / "raw"))
    parser.add_argument("--mentions", default=None)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    golds = {}
    for path in sorted(Path(args.gold).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        golds[Path(gold["source"]).stem.split("_", 1)[1]] = gold
    if args.mentions:
        if args.mentions.endswith(".jsonl"):
            lines = Path(args.mentions).read_text(encoding="utf-8").splitlines()
            table = [json.loads(line) for line in lines if line.strip()]
        else:
            import pyarrow.parquet as pq

            table = pq.read_table(args.mentions).to_pylist()
        fields = MentionRow.__dataclass_fields__
        mentions = [MentionRow(**{k: v for k, v in r.items() if k in fields}) for r in table]
        golds = {d: g for d, g in golds.items() if any(m.doc_id == d for m in mentions)} or golds
    else:
        mentions = []
        for doc_id, gold in golds.items():
            text = join_lines((Path(args.reports) / gold["source"]).read_text(encoding="utf-8"))
            mentions += simulate_mentions(doc_id, text, gold)
    out = resolve_entities(mentions)
    result = score(out["mentions"], golds, args.verbose)
    print(json.dumps({"mentions": len(mentions), "entities": len(out["entities"]), **result}, indent=1))


if __name__ == "__main__":
    main()
