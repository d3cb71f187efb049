"""Linking steps that look at the names of one document together (after ``cluster``'s).

Each step proposes unions to :class:`~extractors.entities.cluster.Clusters`, which checks
them against ``cannot_link`` like every other union, and names its own ``aliases.rule``:

- ``place_prefix``: a name with a leading country or city equals the bare name and the
  same name under a consistent prefix (法國某城X博物館 = 某城X博物館 = X博物館), inside
  one document; the bare part must be a proper name of 4+ characters, not a generic one.
- ``variant``: two Chinese names of one document and label, of one length (4+), that
  differ in one character before their last two (a variant transliteration or a typo:
  甲美博物館 / 乙美博物館), never when that character is a numeral, a direction or part
  of a place name, and never when it is the head (部 / 署). Heads that name one kind
  of body (``resolve_heads.tsv``: 博物院 / 博物館) count as one head.
- ``mission``: Taiwan's mission in a place, 駐X代表處 = 駐X臺北經濟文化辦事處, corpus-wide.
- ``edition``: a numbered edition 第N屆…X in Chinese joins the X of the same document
  whose other names carry the same number N (an English "Nth … (ABCN)" and nothing
  else); two editions keep their numbers apart.
- ``doc_year``: an event named with its year and without it in one document
  (2031 Example Conference on Y = Example Conference on Y), when only one year is named.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import cache, lru_cache

from extractors.core.gazetteer import cjk_name_lengths, find_places, lookup_place
from extractors.core.lexicons import read_lines
from extractors.entities.cluster import Clusters, Node
from extractors.entities.match import cannot_link
from extractors.entities.names import Name, is_generic_zh, is_year, zh_key

# characters whose change makes another body, never a typo: numerals, ordinals, directions, ranks
_NOT_TYPO = set("0123456789一二三四五六七八九十百千零〇两兩甲乙丙丁東西南北东中上下前後后左右內内外新舊旧大小正副總总分")
_MISSION = re.compile(r"^驻(.+?)(?:台北)?(?:经济文化)?(?:代表处|办事处)$")
_EDITION = re.compile(r"^第?\d+[届次]")


@cache
def head_groups() -> dict[str, str]:
    """Interchangeable heads (``resolve_heads.tsv``), as keys: each head -> its group's first."""
    table: dict[str, str] = {}
    for line in read_lines("resolve_heads.tsv"):
        heads = [zh_key(h) for h in line.split("\t") if h.strip()]
        for head in heads:
            table[head] = heads[0]
    return table


@cache
def qualifiers() -> tuple[str, ...]:
    """Words that make a bare name a description (國家, 國立, 聯邦 ...): ``resolve_qualifiers.txt``, as keys."""
    return tuple(zh_key(w) for w in read_lines("resolve_qualifiers.txt"))


@lru_cache(maxsize=65536)
def _head_stem(key: str) -> tuple[str, str]:
    """(key without an interchangeable head, the head's group) or (key, "")."""
    for head, group in head_groups().items():
        if key.endswith(head) and len(key) > len(head):
            return key[: -len(head)], group
    return key, ""


@lru_cache(maxsize=65536)
def place_spans(surface: str) -> tuple[tuple[int, int], ...]:
    """Character spans of known places in a Chinese name (its key has one char per CJK char)."""
    return tuple((s, e) for s, e, _ in find_places(_cjk_only(surface)))


def _cjk_only(surface: str) -> str:
    return "".join(c for c in surface if c.isalnum())


@lru_cache(maxsize=65536)
def leading_places(surface: str) -> tuple[tuple[str, ...], int]:
    """The places a Chinese name starts with (country, city ...) and how many characters they take."""
    text = _cjk_only(surface)
    if not text or text[0].replace("台", "臺") not in cjk_name_lengths():
        return (), 0  # no known place begins with its first character
    places: list[str] = []
    end = 0
    for start, stop, place in find_places(text):
        if start != end:
            break
        places.append(place.name)
        end = stop
    return tuple(places), end


def _consistent(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two place prefixes that can name one location (法國+巴黎 / 巴黎 / 法國; not 巴黎 / 里昂)."""
    if not a or not b:
        return True
    for x in a:
        for y in b:
            if x == y:
                continue
            px, py = lookup_place(x), lookup_place(y)
            if px is None or py is None:
                return False
            if px.kind == "country" and py.country_zh == px.name:
                continue
            if py.kind == "country" and px.country_zh == py.name:
                continue
            return False
    return True


@lru_cache(maxsize=65536)
def _bare(surface: str, key: str) -> tuple[tuple[str, ...], str] | None:
    """(leading places, the key without them) of a name that can take a place prefix, else None."""
    places, end = leading_places(surface)
    bare = zh_key(_cjk_only(surface)[end:]) if end else key
    if len(bare) < 4 or is_generic_zh(bare) or lookup_place(bare) is not None or bare.startswith(qualifiers()):
        return None  # 國家圖書館 after 法國: a generic description, not a proper name
    return places, bare


def link_place_prefix(clusters: Clusters, doc_nodes: dict[tuple[str, str], set[int]]) -> None:
    names = clusters.names
    edges: set[tuple[int, int]] = set()
    for (_doc, label), members in sorted(doc_nodes.items()):
        if label not in ("ORG", "EVENT") or len(members) < 2:
            continue
        by_bare: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        for i in members:
            found = _bare(names[i].surface, names[i].key)
            if found is not None:
                by_bare[found[1]].append((found[0], i))
        for group in by_bare.values():
            if len(group) < 2 or not any(p for p, _ in group):
                continue
            prefixes = [p for p, _ in group if p]
            if not all(_consistent(a, b) for a in prefixes for b in prefixes):
                continue  # 巴黎X and 里昂X: the bare X could be either
            ordered = sorted(group, key=lambda pi: (-len(names[pi[1]].key), names[pi[1]].key))
            longest = ordered[0][1]
            edges.update((min(longest, i), max(longest, i)) for _, i in ordered[1:])
    for i, j in sorted(edges):
        clusters.union(i, j, "place_prefix", 0.95, allow_suffix=True)


def _one_char_apart(a: Name, b: Name) -> int | None:
    """The position of the one differing character of two equal-length keys, else None."""
    if len(a.key) != len(b.key):
        return None
    diff = [k for k, (x, y) in enumerate(zip(a.key, b.key, strict=True)) if x != y]
    return diff[0] if len(diff) == 1 else None


def _in_place(name: Name, pos: int) -> bool:
    return any(s <= pos < e for s, e in place_spans(name.surface))


def variant_match(a: Name, b: Name) -> bool:
    """Two Chinese names that differ by one non-head character (or only by an interchangeable head)."""
    if a.script != "zh" or b.script != "zh" or a.key == b.key or a.digits != b.digits:
        return False
    stem_a, group_a = _head_stem(a.key)
    stem_b, group_b = _head_stem(b.key)
    if group_a and group_a == group_b and stem_a == stem_b and len(stem_a) >= 2:
        return not is_generic_zh(stem_a)
    if len(a.key) < 4 or len(_cjk_only(a.surface)) != len(a.key) or len(_cjk_only(b.surface)) != len(b.key):
        return False
    pos = _one_char_apart(a, b)
    if pos is None or pos >= len(a.key) - 2:
        return False
    if a.key[pos] in _NOT_TYPO or b.key[pos] in _NOT_TYPO:
        return False
    return not (_in_place(a, pos) or _in_place(b, pos))


def link_variants(clusters: Clusters, doc_nodes: dict[tuple[str, str], set[int]]) -> None:
    names = clusters.names
    edges: set[tuple[int, int]] = set()
    for (_doc, label), members in sorted(doc_nodes.items()):
        if label not in ("ORG", "EVENT") or len(members) < 2:
            continue
        blocks: dict[tuple[str, int] | str, list[int]] = defaultdict(list)
        for i in members:
            key = names[i].key
            for pos in range(len(key) - 2) if len(key) >= 4 else ():  # one character masked: a substitution
                blocks[(key[:pos] + "\0" + key[pos + 1 :], pos)].append(i)
            stem, head = _head_stem(key)
            if head:
                blocks[stem].append(i)
        for block in blocks.values():
            ordered = sorted(block)
            for x in range(len(ordered)):
                for y in range(x + 1, len(ordered)):
                    if variant_match(names[ordered[x]], names[ordered[y]]):
                        edges.add((ordered[x], ordered[y]))
    for i, j in sorted(edges):
        at = _one_char_apart(names[i], names[j])
        allow = _allow_variant(names[i].key[at], names[j].key[at]) if at is not None else variant_match
        clusters.union(i, j, "variant", 0.9, allow=allow)


def _allow_variant(x: str, y: str):
    """Across the two clusters, names that agree once the variant character is read as the other."""
    def allow(a: Name, b: Name) -> bool:
        for one, other in ((a, b), (b, a)):
            if x in one.key:
                swapped = replace(one, key=one.key.replace(x, y))
                if swapped.key == other.key or not cannot_link(swapped, other, allow_suffix=True):
                    return True
        return variant_match(a, b)
    return allow


def mission_key(name: Name) -> str | None:
    """駐X代表處 / 駐X臺北經濟文化辦事處 -> X, the place (looked up in the surface: keys are Simplified)."""
    match = _MISSION.match(name.key)
    text = _cjk_only(name.surface)
    if not match or len(text) != len(name.key):
        return None
    place = lookup_place(text[1 : 1 + len(match.group(1))])
    return place.name if place else None


def link_missions(clusters: Clusters, order: Sequence[Node]) -> None:
    names = clusters.names
    by_place: dict[str, list[int]] = defaultdict(list)
    for i, node in enumerate(order):
        if node[0] == "ORG" and node[1] == "zh" and not node[3] and node[2].startswith("驻"):
            place = mission_key(names[i])
            if place:
                by_place[place].append(i)
    for place in sorted(by_place):
        first, *rest = sorted(by_place[place], key=lambda i: (-len(names[i].key), names[i].key))
        for i in rest:
            clusters.union(first, i, "mission", 0.95)


def link_editions(clusters: Clusters, doc_nodes: dict[tuple[str, str], set[int]]) -> None:
    """第N屆…X (digits N) joins the cluster of a plain X of its document whose numbered names all say N."""
    names = clusters.names
    edges = []
    for (_doc, label), members in sorted(doc_nodes.items()):
        if label != "EVENT" or len(members) < 2:
            continue
        plain = [i for i in members if not names[i].digits and len(names[i].key) >= 4]
        for i in sorted(members):
            long = names[i]
            if not long.digits or not _EDITION.match(long.key):
                continue
            targets = set()
            for j in plain:
                if long.key.endswith(names[j].key) and _cluster_digits(clusters, j) == {long.digits}:
                    targets.add(clusters.find(j))
            if len(targets) == 1:
                j = min(j for j in plain if clusters.find(j) in targets and long.key.endswith(names[j].key))
                edges.append((i, j))
    for i, j in edges:
        clusters.union(i, j, "edition", 0.9, allow_suffix=True)


def _cluster_digits(clusters: Clusters, i: int) -> set[tuple[str, ...]]:
    return {clusters.names[m].digits for m in clusters.group(clusters.find(i)) if clusters.names[m].digits}


def link_doc_years(clusters: Clusters, doc_lat: dict[tuple[str, str], set[int]]) -> None:
    """An event named with and without its year in one document, when it names one year only."""
    names = clusters.names
    edges = []
    for (_doc, label), members in sorted(doc_lat.items()):
        if label != "EVENT" or len(members) < 2:
            continue
        bare: dict[tuple[str, ...], int] = {}
        dated: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in sorted(members):
            tokens = names[i].tokens
            rest = tuple(t for t in tokens if not is_year(t))
            if len(rest) < 3 or names[i].is_abbr:
                continue
            if rest == tokens:
                bare[rest] = i
            elif len(tokens) - len(rest) == 1:
                dated[rest].append(i)
        for rest, i in bare.items():
            years = {tuple(t for t in names[j].tokens if is_year(t)) for j in dated.get(rest, [])}
            if len(years) == 1:
                edges.append((min(dated[rest]), i))
    for i, j in edges:
        clusters.union(i, j, "doc_year", 0.9)
