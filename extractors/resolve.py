"""Cross-document entity resolution: mentions -> entities, with stable ids and the why.

``resolve_entities`` is a corpus-level stage. It works on unique names, not mentions:

1. Every mention's names (name_zh, name_en, abbr, and text when it is a single name) become
   nodes ``(label, script, key, scope)``. ``key`` is the normalized name
   (``resolve_names.parse_name``); ``scope`` is the doc_id for a generic name (本府,
   秘書處, Executive Bureau), which means something else in every report, else "".
2. A name seen under several labels (ORG in one report, EVENT in another) is resolved under
   its majority label (ties: ORG, EVENT, PLACE, PERSON); mention rows keep their own label.
3. Union-find over nodes, strongest evidence first, each later step checked against
   ``cannot_link`` for every pair across the two clusters (so a chain of typos can never
   join UCLG and UCLG ASPAC):
   a. bilingual links: names stated together in one mention (「聯合國人居署」（UN-Habitat）).
      Links through a short abbreviation (3 letters or fewer) are checked as well, and also
      refused when both sides have full names of one script that do not match: the
      abbreviation then binds to that cluster inside that document only.
   b. typos and transliterations (``resolve_match.match_names``) over blocked candidates,
      best score first;
   c. a Chinese short form that ends exactly one longer name in the same document
      (人居署, 亞太分會, 城北區), the doc_suffix rule.
4. Each cluster's canonical node: global before doc-scoped, Chinese before Latin, linked to
   another script, most mentions, then the key. ``entity_id`` = ``e_`` + 12 hex of SHA-1 of
   (label, script, key, scope), so ids never depend on row order, and adding a document
   changes only the entities that document's mentions join.
5. ``aliases``: one :class:`AliasRow` per surface form: the rule and score of the edge that
   brought its name into the cluster (on the path from the canonical name), and the name
   it matched.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extractors.records import EntityRow, MentionRow
from extractors.resolve_block import (
    find_block_pairs,
    find_equal_pairs,
    find_deletion_pairs,
    find_person_pairs,
    find_transposition_pairs,
)
from extractors.resolve_match import DEFAULT_MATCH_SETTINGS, MatchSettings, cannot_link, match_names
from extractors.resolve_names import Name, content_tokens, has_cjk, parse_name

LABEL_PRIORITY = ("ORG", "EVENT", "PLACE", "PERSON")
VOTING_LABELS = ("ORG", "EVENT", "PLACE")  # a name may swing between these; PERSON never
SHORT_ABBR = 3  # abbreviations this short are ambiguous across reports


@dataclass(frozen=True)
class AliasRow:
    """Why a surface form belongs to an entity (proposed table ``aliases``)."""

    entity_id: str
    alias: str  # the surface form, as written (quotes and edge punctuation stripped)
    rule: str  # canonical, normalized, script_variant, bilingual_link, fuzzy, transposition,
    #            person_variant, doc_suffix
    score: float  # 1.0 for exact evidence, the similarity for fuzzy rules
    matched: str | None = None  # the name it was linked to (None for the canonical names)


_BILINGUAL = re.compile(r"^「?([^「」()（）]+?)」?\s*[（(]([^()（）]+)[）)]$")
Node = tuple[str, str, str, str]  # (label, script, key, scope)


def _names_of(row: MentionRow) -> list[Name]:
    """A mention's distinct names: name_zh, name_en, abbr, then text if it is one name."""
    is_person = row.label == "PERSON"
    names: list[Name] = []
    fields = [row.name_zh, row.name_en, row.abbr]
    text = row.text
    if text and not any(fields):
        bilingual = _BILINGUAL.match(text.strip())
        if bilingual:  # 「X」（Y, Z） with no name fields: split it as the grammar would
            fields = [bilingual.group(1), *re.split(r"[,，、]\s*", bilingual.group(2))]
        else:
            fields.append(text)
    elif text and not any(c in text for c in "()（）"):
        fields.append(text)
    for value in fields:
        if not value:
            continue
        name = parse_name(value, is_person)
        if name is not None and all((n.script, n.key) != (name.script, name.key) for n in names):
            names.append(name)
    return names


def _vote_label(own: str, names: list[Name], votes: dict[tuple[str, str], Counter]) -> str:
    if own not in VOTING_LABELS:
        return own
    total: Counter = Counter()
    for name in names:
        if not name.is_generic:
            total.update({lab: n for lab, n in votes[(name.script, name.key)].items() if lab in VOTING_LABELS})
    if len(total) <= 1:
        return own
    best = max(total.values())
    winners = [label for label, n in total.items() if n == best]
    ranked = sorted(winners, key=lambda lab: (LABEL_PRIORITY.index(lab) if lab in LABEL_PRIORITY else 9, lab))
    return ranked[0]


class _Clusters:
    """Union-find over node indices with member lists, for the cannot-link check."""

    def __init__(self, names: list[Name], labels: list[str]):
        self.parent = list(range(len(names)))
        self.members: dict[int, list[int]] = {}
        self.names = names
        self.labels = labels
        self.edges: list[tuple[int, int, str, float]] = []

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
                 settings: MatchSettings = DEFAULT_MATCH_SETTINGS) -> bool:
        ga, gb = self.group(ra), self.group(rb)
        is_person = self.labels[ra] == "PERSON"
        for i in ga:
            a = self.names[i]
            for j in gb:
                b = self.names[j]
                if a.script == b.script and cannot_link(a, b, is_person, settings, allow_suffix=allow_suffix):
                    return True
        if strict:
            for script in ("zh", "lat"):
                sa = [self.names[i] for i in ga if self.names[i].script == script and not self.names[i].is_abbr]
                sb = [self.names[j] for j in gb if self.names[j].script == script and not self.names[j].is_abbr]
                if sa and sb and not any(
                    x.key == y.key or match_names(x, y, is_person, settings) for x in sa for y in sb
                ):
                    return True
        return False

    def union(self, i: int, j: int, rule: str, score: float, *, check: bool = True,
              allow_suffix: bool = False, strict: bool = False) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        if check and self.conflict(ri, rj, allow_suffix=allow_suffix, strict=strict):
            return False
        gi, gj = self.group(ri), self.group(rj)
        if len(gi) < len(gj) or (len(gi) == len(gj) and ri > rj):
            ri, rj, gi, gj = rj, ri, gj, gi
        self.parent[rj] = ri
        self.members[ri] = gi + gj
        self.members.pop(rj, None)
        self.edges.append((i, j, rule, score))
        return True


def _entity_id(node: Node) -> str:
    digest = hashlib.sha1("\x1f".join(node).encode("utf-8")).hexdigest()
    return "e_" + digest[:12]


def _base_key(surface: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", surface).casefold() if c.isalnum())


def _best_surface(counter: Counter) -> str:
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def resolve_entities(
    mentions: Sequence[MentionRow], *, settings: MatchSettings = DEFAULT_MATCH_SETTINGS
) -> dict[str, list]:
    """Resolve every mention to an entity across the corpus.

    Returns {"entities": [EntityRow], "mentions": the same rows in the same order with
    entity_id filled (None for a mention without a usable name), "aliases": [AliasRow]}.

    Example:
        >>> rows = [MentionRow(doc_id="a", label="ORG", text="「聯合國人居署」（UN-Habitat）",
        ...                    name_zh="聯合國人居署", name_en="UN-Habitat"),
        ...         MentionRow(doc_id="b", label="ORG", text="NU-Habitat", name_en="NU-Habitat")]
        >>> out = resolve_entities(rows)
        >>> out["mentions"][0].entity_id == out["mentions"][1].entity_id
        True
    """
    # 1. names per mention, label votes
    mention_names = [_names_of(row) for row in mentions]
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for row, names in zip(mentions, mention_names, strict=True):
        for name in names:
            if not name.is_generic:
                votes[(name.script, name.key)][row.label or ""] += 1
    node_surfaces: dict[Node, Counter] = defaultdict(Counter)
    node_linked: set[Node] = set()
    mention_nodes: list[list[Node]] = []
    for row, names in zip(mentions, mention_names, strict=True):
        label = _vote_label(row.label or "", names, votes)
        nodes = [(label, n.script, n.key, row.doc_id if n.is_generic else "") for n in names]
        for node, name in zip(nodes, names, strict=True):
            node_surfaces[node][name.surface] += 1
        if len(names) > 1:
            node_linked.update(nodes)
        mention_nodes.append(nodes)

    # canonical node order: independent of input order
    order = sorted(node_surfaces)
    index = {node: i for i, node in enumerate(order)}
    is_person = [node[0] == "PERSON" for node in order]
    names = [parse_name(min(node_surfaces[node]), is_person[i]) for i, node in enumerate(order)]
    clusters = _Clusters(names, [node[0] for node in order])  # type: ignore[arg-type]

    # 2a. bilingual links
    strong: set[tuple[int, int]] = set()
    weak: Counter = Counter()
    weak_docs: dict[tuple[int, int], set[str]] = defaultdict(set)
    for row, nodes in zip(mentions, mention_nodes, strict=True):
        ids = [index[n] for n in nodes]
        for k in range(1, len(ids)):
            pair = (min(ids[0], ids[k]), max(ids[0], ids[k]))
            a, b = names[pair[0]], names[pair[1]]
            if (a.is_abbr and len(a.key) <= SHORT_ABBR) or (b.is_abbr and len(b.key) <= SHORT_ABBR):
                weak[pair] += 1
                weak_docs[pair].add(row.doc_id)
            else:
                strong.add(pair)
    for i, j in sorted(strong):
        clusters.union(i, j, "bilingual_link", 1.0, check=False)
    overrides: dict[tuple[int, str], int] = {}  # (abbr node, doc) -> full-name node
    for (i, j), _count in sorted(weak.items(), key=lambda kv: (-kv[1], kv[0])):
        if not clusters.union(i, j, "bilingual_link", 1.0, strict=True):
            abbr, full = (i, j) if names[i].is_abbr else (j, i)
            for doc in sorted(weak_docs[(i, j)]):
                overrides.setdefault((abbr, doc), full)

    # 2a'. component links: a mixed name that embeds another entity's Latin name
    #      (UCLG ASPAC 2018 年第 1 次會議) equals a Chinese name with that entity's
    #      Chinese name in its place (城市與地方政府聯合會亞太分會2018年第1次會議).
    for i, j, score in _find_component_pairs(order, index, names, clusters):
        clusters.union(i, j, "component_link", score)

    # 2b. typos and transliterations
    candidates: set[tuple[int, int]] = set()
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, node in enumerate(order):
        if not node[3]:
            groups[(node[0], node[1])].append(i)
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
                found += find_block_pairs(keys, texts, min_len=settings.lat_mid_len, cutoff=cutoff)
                signatures = []
                for i in members:
                    words = content_tokens(names[i])
                    signatures.append(tuple(sorted(words)) if len(words) >= 3 and not names[i].is_abbr else None)
                found += find_equal_pairs(signatures)
        candidates.update((members[x], members[y]) for x, y in found)
    scored = []
    for i, j in candidates:
        result = match_names(names[i], names[j], is_person[i], settings)
        if result is not None:
            scored.append((-result[1], i, j, result[0]))
    for neg_score, i, j, rule in sorted(scored):
        clusters.union(i, j, rule, -neg_score)

    # 2c. doc_suffix: a Chinese short form ending exactly one longer name in the same document
    doc_nodes: dict[tuple[str, str], set[int]] = defaultdict(set)
    for row, nodes in zip(mentions, mention_nodes, strict=True):
        for node in nodes:
            if node[1] == "zh" and node[0] != "PERSON":
                doc_nodes[(row.doc_id, node[0])].add(index[node])
    suffix_edges = []
    for (_doc, label), members in sorted(doc_nodes.items()):
        if len(members) < 2:
            continue
        entries = sorted((names[i].key[::-1], i) for i in members)
        rev_keys = [e[0] for e in entries]
        min_prefix = 2 if label == "PLACE" else 1
        for rev, i in entries:
            if len(rev) < 2:
                continue
            pos = bisect_left(rev_keys, rev)
            longer = []
            while pos < len(rev_keys) and rev_keys[pos].startswith(rev):
                if len(rev_keys[pos]) >= len(rev) + min_prefix:
                    longer.append(entries[pos][1])
                pos += 1
            roots = {clusters.find(j) for j in longer}
            if len(roots) == 1 and clusters.find(i) not in roots:
                target = min(longer, key=lambda j: names[j].key)
                suffix_edges.append((i, target, len(rev) / len(names[target].key)))
    for i, j, score in sorted(suffix_edges):
        clusters.union(i, j, "doc_suffix", round(score, 3), allow_suffix=True)

    return _build_outputs(mentions, mention_nodes, order, index, names, clusters, node_surfaces,
                          node_linked, overrides)


_LATIN_RUN = re.compile(r"[a-z]+")


def _find_component_pairs(order, index, names, clusters) -> list[tuple[int, int, float]]:
    zh_index = {(node[0], node[2]): i for i, node in enumerate(order) if node[1] == "zh" and not node[3]}
    lat_nodes: dict[str, list[int]] = defaultdict(list)
    for i, node in enumerate(order):
        if node[1] == "lat" and not node[3] and node[0] in ("ORG", "EVENT"):
            lat_nodes[node[2]].append(i)
    zh_of_root: dict[int, list[str]] = {}
    pairs = []
    for (label, key), i in sorted(zh_index.items()):
        for run in sorted(set(_LATIN_RUN.findall(key))):
            for part in lat_nodes.get(run, []):
                root = clusters.find(part)
                if root not in zh_of_root:
                    members = clusters.group(root)
                    zh_of_root[root] = sorted(names[m].key for m in members
                                              if names[m].script == "zh" and not order[m][3])
                for zh in zh_of_root[root]:
                    j = zh_index.get((label, key.replace(run, zh, 1)))
                    if j is not None and j != i:
                        pairs.append((min(i, j), max(i, j), 1.0))
    return sorted(set(pairs))


def _build_outputs(mentions, mention_nodes, order, index, names, clusters, node_surfaces, node_linked,
                   overrides) -> dict[str, list]:
    node_count = Counter()
    for nodes in mention_nodes:
        for node in nodes:
            node_count[index[node]] += 1

    def rank(i: int):
        node = order[i]
        return (node[3] != "", node[1] != "zh", node not in node_linked, -node_count[i], node[2], node[3])

    by_root: dict[int, list[int]] = defaultdict(list)
    for i in range(len(order)):
        by_root[clusters.find(i)].append(i)
    canonical = {root: min(members, key=rank) for root, members in by_root.items()}
    root_id = {root: _entity_id(order[c]) for root, c in canonical.items()}

    # mentions -> entity
    out_mentions: list[MentionRow] = []
    entity_mentions: Counter = Counter()
    entity_docs: dict[str, set[str]] = defaultdict(set)
    for row, nodes in zip(mentions, mention_nodes, strict=True):
        if not nodes:
            out_mentions.append(replace(row, entity_id=None))
            continue
        first = index[nodes[0]]
        if len(nodes) == 1 and (first, row.doc_id) in overrides:
            first = overrides[(first, row.doc_id)]
        eid = root_id[clusters.find(first)]
        out_mentions.append(replace(row, entity_id=eid))
        entity_mentions[eid] += 1
        entity_docs[eid].add(row.doc_id)

    adjacency: dict[int, list[tuple[int, str, float]]] = defaultdict(list)
    for i, j, rule, score in clusters.edges:
        adjacency[i].append((j, rule, score))
        adjacency[j].append((i, rule, score))

    entities: list[EntityRow] = []
    aliases: list[AliasRow] = []
    for root in sorted(by_root, key=lambda r: root_id[r]):
        eid = root_id[root]
        if eid not in entity_mentions:
            continue
        members = sorted(by_root[root], key=rank)
        label = order[members[0]][0]
        best_zh = next((i for i in members if names[i].script == "zh"), None)
        best_en = next((i for i in members if names[i].script == "lat" and not names[i].is_abbr), None)
        best_ab = next((i for i in members if names[i].script == "lat" and names[i].is_abbr), None)
        display = {i: _best_surface(node_surfaces[order[i]]) for i in members}
        chosen = {display[i] for i in (best_zh, best_en, best_ab) if i is not None}
        surfaces = sorted({s for i in members for s in node_surfaces[order[i]]} - chosen)
        entities.append(EntityRow(
            entity_id=eid, label=label or None,
            name_zh=display[best_zh] if best_zh is not None else None,
            name_en=display[best_en] if best_en is not None else None,
            abbr=display[best_ab] if best_ab is not None else None,
            aliases=surfaces, n_mentions=entity_mentions[eid], n_docs=len(entity_docs[eid]),
        ))
        aliases.extend(_explain(eid, members[0], display, node_surfaces, order, adjacency))
    return {"entities": entities, "mentions": out_mentions, "aliases": aliases}


def _explain(eid, start, display, node_surfaces, order, adjacency) -> list[AliasRow]:
    """Breadth-first from the canonical name along accepted edges: each name's reason."""
    rows: list[AliasRow] = []
    reason: dict[int, tuple[str, float, str | None]] = {start: ("canonical", 1.0, None)}
    queue = [start]
    while queue:
        i = queue.pop(0)
        for j, rule, score in sorted(adjacency[i], key=lambda e: (order[e[0]], e[1])):
            if j not in reason:
                reason[j] = (rule, score, display[i])
                queue.append(j)
    for i in sorted(reason, key=lambda k: order[k]):
        rule, score, matched = reason[i]
        for surface in sorted(node_surfaces[order[i]]):
            if surface == display[i]:
                rows.append(AliasRow(eid, surface, rule, score, matched))
            else:
                variant = has_cjk(surface) and _base_key(surface) != _base_key(display[i])
                rows.append(AliasRow(eid, surface, "script_variant" if variant else "normalized", 1.0, display[i]))
    return rows
