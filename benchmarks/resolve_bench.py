"""Benchmark entity resolution on synthetic mentions; prints time, memory and pairwise quality.

    python benchmarks/resolve_bench.py [--mentions 1000000] [--entities 50000] [--seed 7]

The corpus is random but fixed by the seed: ~50k entities (ORG, EVENT, PLACE, PERSON) with a
Chinese name (some Traditional characters with Simplified forms), an English name and an
abbreviation; mentions spread over documents, Zipf-like in frequency, written in one of the
forms reports use: bilingual (「中文」（English, ABBR）), Chinese only, Simplified, English
only, abbreviation only, with a typo (swapped or dropped letter), with an honorific.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.core.records import MentionRow  # noqa: E402
from extractors.entities.resolve import resolve_entities  # noqa: E402

# Traditional characters with a distinct Simplified form, plus common ones without.
TRAD = "國會議經濟發運動員協際區環聯紀書華劃衛護關東綠島灣園陽陰鳳龍雞鳥語讀車軍農黨電話風飛馬魚"
PLAIN = "中大小山川水火木金土天地人文化工業商科技教育社福研究海洋太平安和光明新城市港口田林石"
SUFFIX = {"ORG": ["協會", "委員會", "基金會", "銀行", "組織", "聯盟"], "EVENT": ["論壇", "年會", "博覽會", "高峰會"],
          "PLACE": ["市", "省", "州", "區"], "PERSON": [""]}
EN_HEAD = {"ORG": ["Association", "Council", "Foundation", "Bank", "Organization", "Alliance"],
           "EVENT": ["Forum", "Annual Meeting", "Expo", "Summit"], "PLACE": ["City", "Province", "State", "District"]}
HONORIFICS = ["Mr.", "Ms.", "Dr.", "Prof."]
SYLLABLES = "ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru " \
            "sa se si so su ta te ti to tu va ve vi vo wa we za zo an en in on ar er ir or al el il ol".split()


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def make_entities(n: int, rng: random.Random) -> list[dict]:
    from opencc import OpenCC

    t2s = OpenCC("t2s")
    vocab = [word(rng) for _ in range(4000)]
    entities, seen = [], set()
    while len(entities) < n:
        label = rng.choices(["ORG", "EVENT", "PLACE", "PERSON"], weights=[6, 2, 1, 1])[0]
        if label == "PERSON":
            zh = rng.choice(PLAIN + TRAD) + "".join(rng.choice(PLAIN + TRAD) for _ in range(2))
            en = f"{word(rng)} {word(rng)} {word(rng)}"
            abbr = None
        else:
            core = "".join(rng.choice(TRAD if rng.random() < 0.4 else PLAIN) for _ in range(rng.randint(3, 7)))
            zh = core + rng.choice(SUFFIX[label])
            tokens = [rng.choice(vocab) for _ in range(rng.randint(1, 4))]
            en = " ".join(tokens + [rng.choice(EN_HEAD[label])])
            if label == "EVENT":
                year = str(rng.randint(2010, 2024))
                zh, en = year + zh, f"{year} {en}"
            abbr = "".join(t[0] for t in en.split() if t[0].isalpha()).upper() + rng.choice("ABCDEFGHKLMNPRSTUVWXYZ")
        if (label, zh) in seen:
            continue
        seen.add((label, zh))
        entities.append({"label": label, "zh": zh, "zh_simp": t2s.convert(zh), "en": en, "abbr": abbr})
    return entities


def typo(text: str, rng: random.Random) -> str:
    tokens = text.split(" ")
    long = [i for i, t in enumerate(tokens) if len(t) >= 7]
    if not long:
        return text
    i = rng.choice(long)
    t = tokens[i]
    p = rng.randint(1, len(t) - 3)
    tokens[i] = t[:p] + t[p + 1] + t[p] + t[p + 2:] if rng.random() < 0.5 else t[:p] + t[p + 1:]
    return " ".join(tokens)


def make_mentions(entities: list[dict], n: int, n_docs: int, rng: random.Random) -> tuple[list, list[int]]:
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(entities))]
    picks = rng.choices(range(len(entities)), weights=weights, k=n)
    forms = ["bilingual", "zh_en", "zh_abbr", "zh", "zh_simp", "en", "en_typo", "abbr"]
    form_weights = [10, 10, 5, 30, 5, 20, 5, 10]
    rows, truth = [], []
    for k, e_index in enumerate(picks):
        e = entities[e_index]
        form = rng.choices(forms, weights=form_weights)[0]
        zh = en = abbr = None
        if e["label"] == "PERSON":
            form = rng.choice(["zh", "en", "en_typo", "honorific", "zh_en"])
        if form in ("bilingual", "zh_en", "zh_abbr", "zh"):
            zh = e["zh"]
        if form == "zh_simp":
            zh = e["zh_simp"]
        if form in ("bilingual", "zh_en", "en"):
            en = e["en"]
        if form == "en_typo":
            en = typo(e["en"], rng)
        if form == "honorific":
            en = f"{rng.choice(HONORIFICS)} {e['en']}"
        if form in ("bilingual", "zh_abbr", "abbr") and e["abbr"]:
            abbr = e["abbr"]
        if not (zh or en or abbr):
            zh = e["zh"]
        text = zh or en or abbr
        rows.append(MentionRow(doc_id=f"d{rng.randrange(n_docs):06d}", section_path="1", label=e["label"],
                               text=text, name_zh=zh, name_en=en, abbr=abbr, char_start=k, char_end=k + 1))
        truth.append(e_index)
    return rows, truth


def pairwise(truth: list[int], predicted: list[str | None]) -> tuple[float, float]:
    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    both = pairs(Counter(zip(truth, predicted, strict=True)))
    pred = pairs(Counter(predicted))
    true = pairs(Counter(truth))
    return both / pred if pred else 1.0, both / true if true else 1.0


def rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--entities", type=int, default=50_000)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    entities = make_entities(args.entities, rng)
    rows, truth = make_mentions(entities, args.mentions, args.docs, rng)
    gc.collect()
    t1 = time.perf_counter()
    rss_before = rss_mb("VmRSS")
    cpu = time.process_time()
    out = resolve_entities(rows)
    t2 = time.perf_counter()
    cpu = time.process_time() - cpu
    precision, recall = pairwise(truth, [r.entity_id for r in out["mentions"]])
    print(f"generated {len(rows):,} mentions of {len(entities):,} entities in {t1 - t0:.1f} s "
          f"(RSS {rss_before:.0f} MB)")
    print(f"resolve_entities: {t2 - t1:.1f} s wall, {cpu:.1f} s CPU, {len(out['entities']):,} entities, "
          f"{len(out['aliases']):,} aliases")
    print(f"load average while measuring: {Path('/proc/loadavg').read_text().split()[0]} on {os.cpu_count()} cores")
    print(f"peak RSS {rss_mb('VmHWM'):.0f} MB (resolution added ≤ {rss_mb('VmHWM') - rss_before:.0f} MB)")
    print(f"pairwise precision {precision:.4f} recall {recall:.4f}")


if __name__ == "__main__":
    main()
