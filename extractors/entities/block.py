"""Blocking: which pairs of distinct names are worth scoring at all.

Pairwise scoring of every name against every other is quadratic, so candidates come from
cheap exact lookups and small blocks, always over unique names (never mentions):

- Chinese, one inserted character: every one-character deletion of a long key, looked up in
  the key index (exact, linear in the total length);
- Latin transposition: blocks of anagrams (the sorted characters of the key);
- Latin typos: blocks by the first 4 characters of the key and by all words but one,
  scored with ``rapidfuzz.process.cdist`` (C, both cores) above a loose cut-off;
- Latin person names: blocks by first token and by last token.

Every function yields index pairs ``(i, j)`` with ``i < j`` into the given key list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz, process

SMALL_BLOCK = 40  # below this, plain Python pairs are cheaper than cdist
MAX_BLOCK = 4000  # a block larger than this is split by length, keeping memory bounded


def find_deletion_pairs(keys: Sequence[str], min_len: int) -> Iterator[tuple[int, int]]:
    """Pairs whose keys differ by one inserted character; the shorter has ``min_len``+."""
    index = {key: i for i, key in enumerate(keys)}
    for i, key in enumerate(keys):
        if len(key) <= min_len:
            continue
        seen: set[str] = set()
        for pos in range(len(key)):
            shorter = key[:pos] + key[pos + 1 :]
            if shorter in seen:
                continue
            seen.add(shorter)
            j = index.get(shorter)
            if j is not None:
                yield (min(i, j), max(i, j))


def find_transposition_pairs(keys: Sequence[str], min_len: int) -> Iterator[tuple[int, int]]:
    """Pairs of keys that are anagrams (same sorted characters): every swap of two letters
    (NU-Women / UN-Women) lands in one such block."""
    yield from find_equal_pairs(["".join(sorted(key)) if len(key) >= min_len else None for key in keys])


def find_equal_pairs(signatures: Sequence[object]) -> Iterator[tuple[int, int]]:
    """Pairs with the same non-None signature (e.g. the sorted word tokens)."""
    groups: dict[object, list[int]] = defaultdict(list)
    for i, signature in enumerate(signatures):
        if signature is not None:
            groups[signature].append(i)
    for members in groups.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                yield (members[x], members[y])


def _block_pairs(members: list[int], texts: Sequence[str], cutoff: float, scorer) -> Iterator[tuple[int, int]]:
    if len(members) < 2:
        return
    if len(members) < SMALL_BLOCK:
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if scorer(texts[i], texts[j], score_cutoff=cutoff):
                    yield (min(i, j), max(i, j))
        return
    for start in range(0, len(members), MAX_BLOCK):
        chunk = members[start : start + MAX_BLOCK]
        choices = [texts[i] for i in members]
        queries = [texts[i] for i in chunk]
        matrix = process.cdist(queries, choices, scorer=scorer, score_cutoff=cutoff, dtype=np.uint8, workers=-1)
        rows, cols = np.nonzero(matrix)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            i, j = chunk[r], members[c]
            if i < j:
                yield (i, j)


def find_block_pairs(
    keys: Sequence[str], texts: Sequence[str], words: Sequence[tuple[str, ...]], *,
    min_len: int, cutoff: float, width: int = 4,
) -> Iterator[tuple[int, int]]:
    """Pairs whose ``fuzz.ratio`` of ``texts`` is ≥ cutoff, among names that share

    - the first ``width`` characters of the key (a typo later in the name), or
    - all their words but one, for names of 3+ words (a typo in any one word).

    Not the last characters: English names end in a few heads (Association, Council), so
    suffix blocks hold a large share of all names and make the scoring quadratic.
    """
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if len(key) < min_len:
            continue
        blocks[("p", key[:width])].append(i)
        tokens = words[i]
        if len(tokens) >= 3:
            for k in range(len(tokens)):
                blocks[("w", *sorted(tokens[:k] + tokens[k + 1 :]))].append(i)
    for block in sorted(blocks):
        members = blocks[block]
        if len(members) > MAX_BLOCK:
            by_len: dict[int, list[int]] = defaultdict(list)
            for i in members:  # ratio ≥ cutoff bounds the length difference: split by length band
                by_len[len(keys[i]) // 8].append(i)
            for band in sorted(by_len):
                yield from _block_pairs(by_len[band] + by_len.get(band + 1, []), texts, cutoff, fuzz.ratio)
        else:
            yield from _block_pairs(members, texts, cutoff, fuzz.ratio)


def find_person_pairs(tokens: Sequence[tuple[str, ...]], texts: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Person names (two tokens or more) sharing their first or their last token."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, toks in enumerate(tokens):
        if len(toks) < 2:
            continue
        blocks[("f", toks[0])].append(i)
        blocks[("l", toks[-1])].append(i)
    for block in sorted(blocks):
        yield from _block_pairs(blocks[block], texts, 50.0, fuzz.token_set_ratio)
