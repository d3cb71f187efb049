"""Union-find over name nodes, and the linking steps of entity resolution, strongest first.

Nodes are indices into ``order`` (sorted ``(label, script, key, scope)`` tuples) with one
representative :class:`Name` each. Every union after the unconditional bilingual links is
checked against ``cannot_link`` for every pair of names across the two clusters, so a chain
of plausible links can never join two names that must stay apart (OECD / OECD NEA).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from extractors.entities.block import (
    find_block_pairs,
    find_deletion_pairs,
    find_equal_pairs,
    find_person_pairs,
    find_transposition_pairs,
)
from extractors.entities.match import MatchSettings, cannot_link, match_names
from extractors.entities.names import Name, content_tokens

Node = tuple[str, str, str, str]  # (label, script, key, scope)
SHORT_ABBR = 3  # abbreviations this short are ambiguous across reports
_LATIN_RUN = re.compile(r"[a-z]+")


class Clusters:
    """Union-find with member lists and a record of the accepted edges (the why)."""

    def __init__(self, names: Sequence[Name], labels: Sequence[str], settings: MatchSettings):
        self.parent = list(range(len(names)))
        self.members: dict[int, list[int]] = {}
        self.names = names
        self.labels = labels
        self.settings = settings
        self.edges: list[tuple[int, int, str, float]] = []
        self.forbidden: dict[int, set[int]] = {}  # curated cannot-links, obeyed by every union

    def forbid(self, i: int, j: int) -> None:
        self.forbidden.setdefault(i, set()).add(j)
        self.forbidden.setdefault(j, set()).add(i)

    def forbidden_between(self, ra: int, rb: int) -> bool:
        """A curated cannot-link between the clusters of roots ``ra`` and ``rb``."""
        if len(self.forbidden) < len(self.group(ra)) + len(self.group(rb)):
            return any(self.find(i) == ra and any(self.find(j) == rb for j in partners)
                       for i, partners in self.forbidden.items())
        ga, gb = self.group(ra), self.group(rb)
        if len(ga) > len(gb):
            ga, rb = gb, ra
        return any(self.find(j) == rb for i in ga for j in self.forbidden.get(i, ()))

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def group(self, root: int) -> list[int]:
        return self.members.get(root, [root])

    def conflict(self, ra: int, rb: int, *, allow_suffix: bool = False, strict: bool = False,
                 allow: Callable[[Name, Name], bool] | None = None) -> bool:
        """Must the clusters of roots ``ra`` and ``rb`` stay apart?

        ``strict`` (links through a short abbreviation): also when both have full names of
        one script and none of them match. ``allow``: pairs of names it accepts are no
        conflict (the evidence of the link itself, e.g. a one-character variant).
        """
        ga, gb = self.group(ra), self.group(rb)
        is_person = self.labels[ra] == "PERSON"
        for i in ga:
            a = self.names[i]
            for j in gb:
                b = self.names[j]
                if a.script == b.script and cannot_link(a, b, is_person, self.settings, allow_suffix=allow_suffix):
                    if allow is None or not allow(a, b):
                        return True
        if strict:
            for script in ("zh", "lat"):
                sa = [self.names[i] for i in ga if self.names[i].script == script and not self.names[i].is_abbr]
                sb = [self.names[j] for j in gb if self.names[j].script == script and not self.names[j].is_abbr]
                if sa and sb and not any(
                    x.key == y.key or match_names(x, y, is_person, self.settings) for x in sa for y in sb
                ):
                    return True
        return False

    def union(self, i: int, j: int, rule: str, score: float, *, check: bool = True,
              allow_suffix: bool = False, strict: bool = False,
              allow: Callable[[Name, Name], bool] | None = None) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        if self.forbidden and self.forbidden_between(ri, rj):
            return False
        if check and self.conflict(ri, rj, allow_suffix=allow_suffix, strict=strict, allow=allow):
            return False
        gi, gj = self.group(ri), self.group(rj)
        if len(gi) < len(gj) or (len(gi) == len(gj) and ri > rj):
            ri, rj, gi, gj = rj, ri, gj, gi
        self.parent[rj] = ri
        self.members[ri] = gi + gj
        self.members.pop(rj, None)
        self.edges.append((i, j, rule, score))
        return True


def link_bilingual(clusters: Clusters, groups: Iterable[tuple[tuple[int, ...], int, set[str], Sequence[str]]]
                   ) -> dict[tuple[int, str], int]:
    """Union the names stated together in one mention; (node tuple, mention count, docs,
    the rule of each name's link to the first: ``forms.names_of``).

    Returns the overrides: (short abbreviation node, doc) -> full-name node, for an
    abbreviation whose link was refused because it already means something else.
    """
    names = clusters.names
    strong: set[tuple[int, int]] = set()
    weak: Counter = Counter()
    weak_docs: dict[tuple[int, int], set[str]] = defaultdict(set)
    rule_of: dict[tuple[int, int], str] = {}
    for nodes, count, docs, rules in groups:
        for k in range(1, len(nodes)):
            pair = (min(nodes[0], nodes[k]), max(nodes[0], nodes[k]))
            rule_of.setdefault(pair, rules[k] if k < len(rules) and rules[k] else "bilingual_link")
            a, b = names[pair[0]], names[pair[1]]
            if (a.is_abbr and len(a.key) <= SHORT_ABBR) or (b.is_abbr and len(b.key) <= SHORT_ABBR):
                weak[pair] += count
                weak_docs[pair] |= docs
            else:
                strong.add(pair)
    for i, j in sorted(strong):
        clusters.union(i, j, rule_of[(i, j)], 1.0, check=False)
    overrides: dict[tuple[int, str], int] = {}
    for (i, j), _count in sorted(weak.items(), key=lambda kv: (-kv[1], kv[0])):
        if not clusters.union(i, j, rule_of[(i, j)], 1.0, strict=True):
            abbr, full = (i, j) if names[i].is_abbr else (j, i)
            for doc in sorted(weak_docs[(i, j)]):
                overrides.setdefault((abbr, doc), full)
    return overrides


def link_components(clusters: Clusters, order: Sequence[Node]) -> None:
    """A mixed name embedding another entity's Latin name (X ASPAC 2018 年第 1 次會議) equals
    the Chinese name with that entity's Chinese name in its place."""
    names = clusters.names
    zh_index = {(node[0], node[2]): i for i, node in enumerate(order) if node[1] == "zh" and not node[3]}
    lat_nodes: dict[str, list[int]] = defaultdict(list)
    for i, node in enumerate(order):
        if node[1] == "lat" and not node[3] and node[0] in ("ORG", "EVENT"):
            lat_nodes[node[2]].append(i)
    zh_of_root: dict[int, list[str]] = {}
    pairs = set()
    for (label, key), i in sorted(zh_index.items()):
        if not any("a" <= c <= "z" for c in key):
            continue
        for run in sorted(set(_LATIN_RUN.findall(key))):
            for part in lat_nodes.get(run, []):
                root = clusters.find(part)
                if root not in zh_of_root:
                    zh_of_root[root] = sorted(names[m].key for m in clusters.group(root)
                                              if names[m].script == "zh" and not order[m][3])
                for zh in zh_of_root[root]:
                    j = zh_index.get((label, key.replace(run, zh, 1)))
                    if j is not None and j != i:
                        pairs.add((min(i, j), max(i, j)))
    pairs |= _latin_component_pairs(clusters, order, lat_nodes)
    for i, j in sorted(pairs):
        clusters.union(i, j, "component_link", 1.0)


def _latin_component_pairs(clusters: Clusters, order: Sequence[Node], lat_nodes: dict[str, list[int]]
                           ) -> set[tuple[int, int]]:
    """The same for English: APEC Business Council = Asia-Pacific Economic Cooperation Business
    Council, when APEC is linked to that full name. Abbreviations of one or two words."""
    names = clusters.names
    lat_index = {(node[0], node[2]): i for i, node in enumerate(order) if node[1] == "lat" and not node[3]}
    full_of_root: dict[int, list[str]] = {}
    pairs: set[tuple[int, int]] = set()
    for (label, _key), i in sorted(lat_index.items()):
        tokens = names[i].tokens
        if names[i].is_abbr or len(tokens) < 2:
            continue
        for n in (1, 2):
            for k in range(len(tokens) - n + 1):
                run = "".join(tokens[k : k + n])
                for part in lat_nodes.get(run, []):
                    if not names[part].is_abbr:
                        continue
                    root = clusters.find(part)
                    if root not in full_of_root:
                        full_of_root[root] = sorted(names[m].key for m in clusters.group(root)
                                                    if names[m].script == "lat" and not names[m].is_abbr
                                                    and not order[m][3])
                    for full in full_of_root[root]:
                        key = "".join(tokens[:k]) + full + "".join(tokens[k + n :])
                        j = lat_index.get((label, key))
                        if j is not None and j != i:
                            pairs.add((min(i, j), max(i, j)))
    return pairs


def link_fuzzy(clusters: Clusters, order: Sequence[Node]) -> None:
    """Typos and transliterations over blocked candidate pairs, best score first."""
    names, settings = clusters.names, clusters.settings
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, node in enumerate(order):
        if not node[3]:
            groups[(node[0], node[1])].append(i)
    candidates: set[tuple[int, int]] = set()
    for (label, script), members in sorted(groups.items()):
        keys = [names[i].key for i in members]
        found: list[tuple[int, int]] = []
        if script == "zh":
            found += find_deletion_pairs(keys, settings.zh_min_len - 1)
        else:
            found += find_transposition_pairs(keys, settings.lat_min_len)
            texts = [" ".join(names[i].tokens) for i in members]
            if label == "PERSON":
                found += find_person_pairs([names[i].tokens for i in members], texts)
            else:
                cutoff = min(settings.lat_ratio_long, settings.lat_ratio_mid)
                found += find_block_pairs(keys, texts, [content_tokens(names[i]) for i in members],
                                         min_len=settings.lat_mid_len, cutoff=cutoff)
                signatures = []
                for i in members:
                    words = content_tokens(names[i])
                    signatures.append(tuple(sorted(words)) if len(words) >= 3 and not names[i].is_abbr else None)
                found += find_equal_pairs(signatures)
        candidates.update((members[x], members[y]) for x, y in found)
    scored = []
    for i, j in candidates:
        result = match_names(names[i], names[j], order[i][0] == "PERSON", settings)
        if result is not None:
            scored.append((-result[1], i, j, result[0]))
    for neg_score, i, j, rule in sorted(scored):
        clusters.union(i, j, rule, -neg_score)


def link_doc_suffix(clusters: Clusters, doc_nodes: dict[tuple[str, str], set[int]]) -> None:
    """A Chinese short form that ends exactly one longer name (one cluster) of the same
    document and label: 婦女署, 亞洲分會, 中正區 (PLACE: the dropped prefix has 2+ characters)."""
    names = clusters.names
    edges = []
    for (_doc, label), members in sorted(doc_nodes.items()):
        if len(members) < 2:
            continue
        entries = sorted((names[i].key[::-1], i) for i in members)
        rev_keys = [e[0] for e in entries]
        min_prefix = 2 if label == "PLACE" else 1
        for rev, i in entries:
            pos = bisect_left(rev_keys, rev)
            longer = []
            while pos < len(rev_keys) and rev_keys[pos].startswith(rev):
                if len(rev_keys[pos]) >= len(rev) + min_prefix:
                    longer.append(entries[pos][1])
                pos += 1
            if not longer:
                continue
            roots = {clusters.find(j) for j in longer}
            if len(roots) == 1 and clusters.find(i) not in roots:
                target = min(longer, key=lambda j: names[j].key)
                edges.append((i, target, round(len(rev) / len(names[target].key), 3)))
    for i, j, score in sorted(edges):
        clusters.union(i, j, "doc_suffix", score, allow_suffix=True)
