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
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from extractors.records import EntityRow, MentionRow
from extractors.resolve_cluster import (
    Clusters,
    Node,
    link_bilingual,
    link_components,
    link_doc_suffix,
    link_fuzzy,
)
from extractors.resolve_match import DEFAULT_MATCH_SETTINGS, MatchSettings
from extractors.resolve_names import Name, has_cjk, parse_name

LABEL_PRIORITY = ("ORG", "EVENT", "PLACE", "PERSON")
VOTING_LABELS = ("ORG", "EVENT", "PLACE")  # a name may swing between these; PERSON never
_BILINGUAL = re.compile(r"^「?([^「」()（）]+?)」?\s*[（(]([^()（）]+)[）)]$")


@dataclass(frozen=True)
class AliasRow:
    """Why a surface form belongs to an entity (proposed table ``aliases``)."""

    entity_id: str
    alias: str  # the surface form, as written (quotes and edge punctuation stripped)
    rule: str  # canonical, normalized, script_variant, bilingual_link, component_link, fuzzy,
    #            transposition, token_reorder, person_variant, doc_suffix
    score: float  # 1.0 for exact evidence, the similarity for fuzzy rules
    matched: str | None = None  # the name it was linked to (None for the canonical name)


def _names_of(label: str | None, zh: str | None, en: str | None, abbr: str | None, text: str | None) -> list[Name]:
    """A mention's distinct names: name_zh, name_en, abbr, then text if it is one name."""
    is_person = label == "PERSON"
    fields = [zh, en, abbr]
    if text and not any(fields):
        bilingual = _BILINGUAL.match(text.strip())
        if bilingual:  # 「X」（Y, Z） with no name fields: split it as the grammar would
            fields = [bilingual.group(1), *re.split(r"[,，、]\s*", bilingual.group(2))]
        else:
            fields.append(text)
    elif text and not any(c in text for c in "()（）"):
        fields.append(text)
    names: list[Name] = []
    for value in fields:
        if not value:
            continue
        name = parse_name(value, is_person)
        if name is not None and all((n.script, n.key) != (name.script, name.key) for n in names):
            names.append(name)
    return names


def _vote_label(own: str, names: list[Name], votes: dict[tuple[str, str], Counter]) -> str:
    """The label a mention resolves under: its own, unless its names were seen mostly
    under another of ORG / EVENT / PLACE (ties: ORG, EVENT, PLACE)."""
    if own not in VOTING_LABELS:
        return own
    total: Counter = Counter()
    for name in names:
        if not name.is_generic:
            total.update({lab: n for lab, n in votes[(name.script, name.key)].items() if lab in VOTING_LABELS})
    if len(total) <= 1:
        return own
    best = max(total.values())
    return min((lab for lab, n in total.items() if n == best), key=LABEL_PRIORITY.index)


def _entity_id(node: Node) -> str:
    return "e_" + hashlib.sha1("\x1f".join(node).encode("utf-8")).hexdigest()[:12]


def _base_key(surface: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", surface).casefold() if c.isalnum())


def _best_surface(counter: Counter) -> str:
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _with_id(row: MentionRow, entity_id: str | None) -> MentionRow:
    # dataclasses.replace re-runs __init__ (~4 µs a row); a copied __dict__ is ~10x cheaper
    # and matters at a million mentions. The row stays frozen for callers.
    new = object.__new__(MentionRow)
    new.__dict__.update(row.__dict__)
    new.__dict__["entity_id"] = entity_id
    return new


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
    # 1. unique name combinations ("forms"), their names and counts; label votes
    form_of: dict[tuple, int] = {}
    form_names: list[list[Name]] = []
    form_label: list[str] = []
    mention_form: list[int] = []
    for row in mentions:
        sig = (row.label, row.name_zh, row.name_en, row.abbr, row.text)
        f = form_of.get(sig)
        if f is None:
            f = form_of[sig] = len(form_names)
            form_names.append(_names_of(*sig))
            form_label.append(row.label or "")
        mention_form.append(f)
    form_count = Counter(mention_form)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for f, names in enumerate(form_names):
        for name in names:
            if not name.is_generic:
                votes[(name.script, name.key)][form_label[f]] += form_count[f]
    contested = {k for k, c in votes.items() if len(c) > 1}
    for f, names in enumerate(form_names):
        if any((n.script, n.key) in contested for n in names):
            form_label[f] = _vote_label(form_label[f], names, votes)

    # 2. variants: a form, plus the doc_id when it has a generic (per-document) name
    variant_of: dict[tuple[int, str], int] = {}
    variant_nodes: list[tuple[Node, ...]] = []
    variant_surfaces: list[tuple[str, ...]] = []
    mention_variant: list[int] = []
    doc_variants: dict[str, set[int]] = defaultdict(set)
    form_variant: dict[int, int] = {}
    form_generic = [any(n.is_generic for n in names) for names in form_names]
    for row, f in zip(mentions, mention_form, strict=True):
        generic = form_generic[f]
        v = variant_of.get((f, row.doc_id)) if generic else form_variant.get(f)
        if v is None:
            names = form_names[f]
            v = len(variant_nodes)
            scope = row.doc_id if generic else ""
            variant_nodes.append(tuple((form_label[f], n.script, n.key, scope if n.is_generic else "")
                                       for n in names))
            variant_surfaces.append(tuple(n.surface for n in names))
            if generic:
                variant_of[(f, row.doc_id)] = v
            else:
                form_variant[f] = v
        mention_variant.append(v)
        doc_variants[row.doc_id].add(v)
    variant_count = Counter(mention_variant)

    # 3. nodes in canonical order (never input order)
    node_surfaces: dict[Node, Counter] = defaultdict(Counter)
    node_linked: set[Node] = set()
    for v, nodes in enumerate(variant_nodes):
        for node, surface in zip(nodes, variant_surfaces[v], strict=True):
            node_surfaces[node][surface] += variant_count[v]
        if len(nodes) > 1:
            node_linked.update(nodes)
    order = sorted(node_surfaces)
    index = {node: i for i, node in enumerate(order)}
    names = [parse_name(min(node_surfaces[node]), node[0] == "PERSON") for node in order]
    clusters = Clusters(names, [node[0] for node in order], settings)  # type: ignore[arg-type]
    variant_ids = [tuple(index[n] for n in nodes) for nodes in variant_nodes]

    # 4. linking, strongest evidence first
    variant_docs: dict[int, set[str]] = defaultdict(set)
    multi = {v for v, ids in enumerate(variant_ids) if len(ids) > 1}
    for doc, vs in doc_variants.items():
        for v in vs & multi:
            variant_docs[v].add(doc)
    overrides = link_bilingual(clusters, ((variant_ids[v], variant_count[v], variant_docs[v]) for v in sorted(multi)))
    link_components(clusters, order)
    link_fuzzy(clusters, order)
    doc_nodes: dict[tuple[str, str], set[int]] = defaultdict(set)
    for doc, vs in doc_variants.items():
        for v in vs:
            for i in variant_ids[v]:
                if order[i][1] == "zh" and order[i][0] != "PERSON":
                    doc_nodes[(doc, order[i][0])].add(i)
    link_doc_suffix(clusters, doc_nodes)

    return _build_outputs(mentions, mention_variant, variant_ids, doc_variants, order, names, clusters,
                          node_surfaces, node_linked, overrides)


def _build_outputs(mentions, mention_variant, variant_ids, doc_variants, order, names, clusters,
                   node_surfaces, node_linked, overrides) -> dict[str, list]:
    node_count = [sum(node_surfaces[node].values()) for node in order]

    def rank(i: int):
        node = order[i]
        return (node[3] != "", node[1] != "zh", node not in node_linked, -node_count[i], node[2], node[3])

    by_root: dict[int, list[int]] = defaultdict(list)
    for i in range(len(order)):
        by_root[clusters.find(i)].append(i)
    root_id = {root: _entity_id(order[min(members, key=rank)]) for root, members in by_root.items()}
    override_nodes = {node for node, _doc in overrides}

    def entity_of(v: int, doc: str) -> str | None:
        ids = variant_ids[v]
        if not ids:
            return None
        first = ids[0]
        if len(ids) == 1 and first in override_nodes:
            first = overrides.get((first, doc), first)
        return root_id[clusters.find(first)]

    variant_eid = [entity_of(v, "") for v in range(len(variant_ids))]
    special = {v for v, ids in enumerate(variant_ids) if len(ids) == 1 and ids[0] in override_nodes}
    out_mentions: list[MentionRow] = []
    entity_mentions: Counter = Counter()
    for row, v in zip(mentions, mention_variant, strict=True):
        eid = entity_of(v, row.doc_id) if v in special else variant_eid[v]
        out_mentions.append(_with_id(row, eid))
        entity_mentions[eid] += 1
    entity_docs: dict[str | None, set[str]] = defaultdict(set)
    for doc, vs in doc_variants.items():
        for v in vs:
            entity_docs[entity_of(v, doc) if v in special else variant_eid[v]].add(doc)

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
