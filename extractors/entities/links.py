"""Linking steps that look at the names of one document together (after ``cluster``'s).

Each step proposes unions to :class:`~extractors.entities.cluster.Clusters`, which checks
them against ``cannot_link`` like every other union, and names its own ``aliases.rule``:

- ``place_prefix``: a name with a leading country or city equals the bare name and the
  same name under a consistent prefix (法國某城X博物館 = 某城X博物館 = X博物館), inside
  one document; the bare part must be a proper name of 4+ characters, not a generic one.
- ``variant``: two Chinese names of one document and label, of one length (4+), that
  differ in one character before their last two (a variant transliteration or a typo:
  甲美博物館 / 乙美博物館), one of the two characters a transliteration's
  (``resolve_transliteration_chars.txt``); never when that character is a numeral, a
  direction or part of a place name, never in a government unit's name (工業局 / 商業局),
  and never when it is the head (部 / 署). Heads that name one kind
  of body (``resolve_heads.tsv``: 博物院 / 博物館) count as one head.
- ``abridged``: a short name that keeps a long name's proper part and head and drops the
  words between, inside one document (甲美博物館 in 法國國立甲美亞洲藝術博物館): the kept
  part has 2+ characters and is no place or qualifier, the head 2+, the dropped words 2-6
  characters with no digit and no unit head (部, 署, 局, 處 ...), one long name only.
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
_GOV_UNITS = set("部署局处司科组室课股厅府")  # keys are Simplified
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
def transliteration_chars() -> frozenset[str]:
    """Characters transliterations use (``resolve_transliteration_chars.txt``), Traditional and Simplified."""
    chars = {c for line in read_lines("resolve_transliteration_chars.txt") for c in line.strip()}
    return frozenset(chars | {zh_key(c) for c in chars})


def char_at(surface: str, pos: int) -> str:
    """The character of a name's key at ``pos``, as written (keys map one character to one)."""
    text = _cjk_only(surface)
    return text[pos] if pos < len(text) else ""


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
    prefixed = {i for (_doc, label), members in doc_nodes.items() if label in ("ORG", "EVENT")
                for i in members if leading_places(names[i].surface)[1]}
    edges: set[tuple[int, int]] = set()
    for (_doc, label), members in sorted(doc_nodes.items()):
        if label not in ("ORG", "EVENT") or len(members) < 2 or members.isdisjoint(prefixed):
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
    if a.key[pos] in _NOT_TYPO or b.key[pos] in _NOT_TYPO or a.key[-1] in _GOV_UNITS:
        return False  # a government unit's name is words (工業局 / 商業局), not a transliteration
    sounds = transliteration_chars()
    if char_at(a.surface, pos) not in sounds and char_at(b.surface, pos) not in sounds:
        return False
    return not (_in_place(a, pos) or _in_place(b, pos))


def link_variants(clusters: Clusters, doc_nodes: dict[tuple[str, str], set[int]]) -> None:
    """Candidates from blocks over all names (one character masked; an interchangeable head
    dropped), computed once per name; a pair links only when one document names both."""
    names = clusters.names
    docs_of: dict[int, set[str]] = defaultdict(set)
    for (doc, label), members in doc_nodes.items():
        if label in ("ORG", "EVENT"):
            for i in members:
                docs_of[i].add(doc)
    blocks: dict[tuple[str, str, int] | tuple[str, str], list[int]] = defaultdict(list)
    for i in docs_of:
        key, label = names[i].key, clusters.labels[i]
        for pos in range(len(key) - 2) if len(key) >= 4 else ():  # one character masked: a substitution
            blocks[(label, key[:pos] + "\0" + key[pos + 1 :], pos)].append(i)
        stem, head = _head_stem(key)
        if head:
            blocks[(label, stem)].append(i)
    edges: set[tuple[int, int]] = set()
    for block in blocks.values():
        if len(block) < 2:
            continue
        ordered = sorted(block)
        for x in range(len(ordered)):
            for y in range(x + 1, len(ordered)):
                i, j = ordered[x], ordered[y]
                if not docs_of[i].isdisjoint(docs_of[j]) and variant_match(names[i], names[j]):
                    edges.add((i, j))
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
    """An event named with and without its year in one document, when it names one year only
    (a plural -s aside: "2031 X Meetings" = "X Meeting"). The name without the year may have
    been read as an ORG ("X Executive Board Meeting")."""
    names = clusters.names
    shape: dict[int, tuple[tuple[str, ...], tuple[str, ...]] | None] = {}  # node -> (words, years)

    def shape_of(i: int) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        if i not in shape:
            tokens = names[i].tokens
            rest = tuple(t[:-1] if len(t) > 4 and t.endswith("s") else t for t in tokens if not is_year(t))
            years = tuple(t for t in tokens if is_year(t))
            shape[i] = None if len(rest) < 3 or names[i].is_abbr or len(years) > 1 else (rest, years)
        return shape[i]

    edges = []
    for (doc, label), events in sorted(doc_lat.items()):
        if label != "EVENT":
            continue
        dated: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in events:
            found = shape_of(i)
            if found is not None and found[1]:
                dated[found[0]].append(i)
        if not dated:
            continue
        bare: dict[tuple[str, ...], int] = {}
        for i in sorted(events | doc_lat.get((doc, "ORG"), set())):
            found = shape_of(i)
            if found is not None and not found[1] and found[0] in dated:
                bare.setdefault(found[0], i)
        for rest, i in bare.items():
            if len({shape_of(j)[1] for j in dated[rest]}) == 1:  # type: ignore[index]
                edges.append((min(dated[rest]), i))
    for i, j in edges:
        clusters.union(i, j, "doc_year", 0.9)


_UNIT_CHARS = set("部署局处院会司科组室所厅府")


@lru_cache(maxsize=65536)
def _core(surface: str, key: str) -> str:
    """A Chinese name without its leading places and qualifiers (法國國立X -> X), as a key."""
    _places, end = leading_places(surface)
    core = zh_key(_cjk_only(surface)[end:]) if end else key
    stripped = True
    while stripped:
        stripped = False
        for word in qualifiers():
            if core.startswith(word) and len(core) > len(word) + 3:
                core, stripped = core[len(word) :], True
    return core


def _abridges(short: str, long: str, surface: str) -> bool:
    """``short`` = P + H and ``long`` = P + M + H (see the module's ``abridged``); ``surface``
    is the short name as written, where P is looked up in the gazetteer."""
    if len(long) - len(short) < 2 or len(long) - len(short) > 6:
        return False
    prefix = 0
    while prefix < len(short) and short[prefix] == long[prefix]:
        prefix += 1
    head = len(short) - prefix
    if prefix < 2 or head < 2 or long[-head:] != short[prefix:]:
        return False
    middle = long[prefix:-head]
    if any(c.isdigit() or c in _UNIT_CHARS for c in middle):
        return False
    text = _cjk_only(surface)
    start = len(text) - len(short)
    if start < 0 or zh_key(text[start:]) != short:
        return False  # the key does not map back onto the surface character by character
    proper = text[start : start + prefix]
    if lookup_place(proper) is not None or find_places(proper) or zh_key(proper).startswith(qualifiers()):
        return False
    return not is_generic_zh(short[:prefix])


def link_abridged(clusters: Clusters, doc_nodes: dict[tuple[str, str], set[int]]) -> None:
    names = clusters.names
    edges = []
    for (_doc, label), members in sorted(doc_nodes.items()):
        if label not in ("ORG", "EVENT") or len(members) < 2:
            continue
        cores = {i: _core(names[i].surface, names[i].key) for i in members if not names[i].digits}
        by_ends: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, core in cores.items():
            if len(core) >= 4:
                by_ends[(core[:2], core[-2:])].append(i)
        for group in by_ends.values():
            if len(group) < 2:
                continue
            for i in sorted(group):
                longer = [j for j in group if _abridges(cores[i], cores[j], names[i].surface)]
                if longer and len({clusters.find(j) for j in longer}) == 1 and clusters.find(i) != clusters.find(longer[0]):
                    edges.append((min(longer), i))
    for i, j in edges:
        clusters.union(i, j, "abridged", 0.85)
