"""Cross-document entity resolution: mentions -> entities, with stable ids and the why.

``resolve_entities`` is a corpus-level stage. It works on unique names, not mentions:

1. Every mention's names (name_zh, name_en, abbr, and text when it is a single name; a
   bare 「X」（Y, Z） text is split) become nodes ``(label, script, key, scope)``. ``key`` is
   the normalized name (``resolve_names.parse_name``: NFKC, case, spacing, punctuation,
   quotes, honorifics for people, OpenCC t2s per character); ``scope`` is the doc_id for a
   generic name (本府, 秘書處, 理事會會議, Steering Committee), which means something
   else in every report, else "".
2. Labels: a name seen as ORG in one report and EVENT (or PLACE) in another is resolved under
   its majority label among those three (ties: ORG, EVENT, PLACE), so it becomes one entity
   with that label; mention rows keep their own label. PERSON never mixes with the others:
   a person and a place with one name stay two entities.
3. Union-find over nodes, strongest evidence first; every union after 3a is checked against
   ``cannot_link`` for every pair of names across the two clusters, so a chain of
   plausible links can never join OECD and OECD NEA:
   a. bilingual_link: names stated together in one mention (「聯合國婦女署」（UN-Women）).
      A link through a short abbreviation (3 letters or fewer) is checked too, and refused
      when both sides have full names of one script that do not match; that abbreviation
      then binds to its full name inside that document only.
   b. component_link: a mixed name embedding another entity's Latin name equals the Chinese
      name with that entity's Chinese name in its place (X NEA 2018 年會議 = Y核能署2018年會議).
   c. fuzzy, transposition, token_reorder, person_variant (``resolve_match.match_names``)
      over blocked candidates (``resolve_block``), best score first.
   d. doc_suffix: a Chinese short form that ends exactly one longer name of the same
      document and label (婦女署, 亞洲分會, 中正區).
4. Each cluster's canonical node: global before doc-scoped, Chinese before Latin, linked to
   another script, most mentions, then the key. ``entity_id`` = ``e_`` + 12 hex of SHA-1 of
   (label, script, key, scope), so ids never depend on row order, and adding a document
   changes only the entities that document's mentions join.
5. ``aliases``: one :class:`AliasRow` per surface form: the rule and score of the edge that
   brought its name into the cluster (on the path from the canonical name) and the name
   it matched; surfaces of one key say normalized, script_variant or short_form.
"""
from __future__ import annotations

import gc
import hashlib
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from extractors.core.records import AliasRow, EntityRow, MentionRow
from extractors.entities.cluster import (
    Clusters,
    Node,
    link_bilingual,
    link_components,
    link_doc_suffix,
    link_fuzzy,
)
from extractors.entities.curation import NO_CURATION, Curation, curated_nodes
from extractors.entities.forms import names_of
from extractors.entities.links import (
    link_abridged,
    link_doc_years,
    link_editions,
    link_missions,
    link_place_prefix,
    link_variants,
)
from extractors.entities.match import DEFAULT_MATCH_SETTINGS, MatchSettings
from extractors.entities.names import Name, has_cjk, parse_name, zh_key
from extractors.entities.people import agency_key, split_namesakes, stated_together

LABEL_PRIORITY = ("ORG", "EVENT", "PLACE", "PERSON")
VOTING_LABELS = ("ORG", "EVENT", "PLACE")  # a name may swing between these; PERSON never


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


def _same_key_rule(surface: str, other: str) -> str:
    """Why two surfaces share a key: normalized (case, spacing, punctuation, honorifics),
    script_variant (Traditional/Simplified, variant characters) or short_form (市府)."""
    if not has_cjk(surface) or _base_key(surface) == _base_key(other):
        return "normalized"
    if zh_key(surface, short_forms=False) == zh_key(other, short_forms=False):
        return "script_variant"
    return "short_form"


def _with_entity_id(row: MentionRow, entity_id: str | None) -> MentionRow:
    """A copy of a row with entity_id set."""
    return replace(row, entity_id=entity_id)


def _best_surface(counter: Counter) -> str:
    return min(counter.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]


def resolve_entities(
    mentions: Sequence[MentionRow], *, settings: MatchSettings = DEFAULT_MATCH_SETTINGS,
    curation: Curation = NO_CURATION,
) -> dict[str, list]:
    """Resolve every mention to an entity across the corpus.

    Returns {"entities": [EntityRow], "mentions": the same rows in the same order with
    entity_id filled (None for a mention without a usable name), "aliases": [AliasRow]}.
    A corpus too large to hold as rows goes through :class:`Resolver` in two passes instead.

    Example:
        >>> rows = [MentionRow(doc_id="a", label="ORG", text="「聯合國婦女署」（UN-Women）",
        ...                    name_zh="聯合國婦女署", name_en="UN-Women"),
        ...         MentionRow(doc_id="b", label="ORG", text="NU-Women", name_en="NU-Women")]
        >>> out = resolve_entities(rows)
        >>> out["mentions"][0].entity_id == out["mentions"][1].entity_id
        True
    """
    with _gc_paused():
        resolver = Resolver(settings, curation)
        forms = resolver.add(mentions)
        resolver.resolve()
        eids = resolver.entity_ids(forms, [row.doc_id for row in mentions])
        out_mentions = [_with_entity_id(row, eid) for row, eid in zip(mentions, eids, strict=True)]
        tables = resolver.tables()
        return {"entities": tables["entities"], "mentions": out_mentions, "aliases": tables["aliases"]}


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while resolving. It rescans the growing name tables
    every few thousand allocations: about a quarter of the time at a million mentions
    (benchmarks/resolve_bench.py), and nothing here creates reference cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Resolver:
    """``resolve_entities`` in passes, for a corpus streamed in document batches.

    Only the columns resolution reads are kept, once per distinct (label, name_zh,
    name_en, abbr, text) "form" plus the set of forms each document uses, never the rows:

    1. ``add(rows)`` for every mention, in corpus order: returns each row's form number.
    2. ``resolve()`` once.
    3. ``entity_ids(forms, doc_ids)`` for every mention, exactly once each, in any batches:
       the entity_id of each (form, doc) pair (a generic name means one thing per document).
    4. ``tables()``: {"entities": [EntityRow], "aliases": [AliasRow]}, counted over step 3
       (or ``rows()``, the same rows as they are made).

    The results are those of ``resolve_entities`` over the same rows in the same order.
    """

    def __init__(self, settings: MatchSettings = DEFAULT_MATCH_SETTINGS, curation: Curation = NO_CURATION):
        self.settings = settings
        self.curation = curation
        self.form_of: dict[tuple, int] = {}
        self.form_names: list[list[Name]] = []
        self.form_rules: list[list[str]] = []  # the rule linking each name of a form to its first
        self.pairs: set[tuple[int, int, str]] = set()  # PERSON forms stated together: (zh, Latin, doc)
        self.person_count: Counter = Counter()  # (PERSON form, doc) -> mentions
        self.profiles: dict = {}  # ((script, key), doc) -> (agency keys, role keys)
        self.form_label: list[str] = []
        self.form_generic: list[bool] = []
        self.form_count: Counter = Counter()
        self.doc_forms: dict[str, set[int]] = defaultdict(set)
        self.generic_count: Counter = Counter()  # (form, doc) -> mentions, for forms with a generic name
        self.entity_mentions: Counter = Counter()
        self.resolved = False

    def add(self, mentions: Iterable[MentionRow]) -> list[int]:
        """Step 1: take in mentions (corpus order); the form number of each."""
        if self.resolved:
            raise RuntimeError("Resolver.add after resolve()")
        with _gc_paused():
            rows = mentions if isinstance(mentions, Sequence) else list(mentions)
            forms = [self._add(row.doc_id, (row.label, row.name_zh, row.name_en, row.abbr, row.text))
                     for row in rows]
            self.pairs |= stated_together(rows, forms, self.form_names)
            for row, f in zip(rows, forms, strict=True):
                if row.label == "PERSON":
                    self._add_person(row, f)
            return forms

    def _add_person(self, row: MentionRow, f: int) -> None:
        """What tells two bearers of one name apart: the agencies and roles each document gives."""
        self.person_count[(f, row.doc_id)] += 1
        agency, role = agency_key(row.affiliation), agency_key(row.role)
        for name in self.form_names[f]:
            agencies, roles = self.profiles.setdefault(((name.script, name.key), row.doc_id), (set(), set()))
            if agency:
                agencies.add(agency)
            if role:
                roles.add(role)

    def _add(self, doc_id: str, sig: tuple) -> int:
        f = self.form_of.get(sig)
        if f is None:
            f = self.form_of[sig] = len(self.form_names)
            names, rules = names_of(*sig)
            self.form_names.append(names)
            self.form_rules.append(rules)
            self.form_label.append(sig[0] or "")
            self.form_generic.append(any(n.is_generic for n in names))
        self.form_count[f] += 1
        self.doc_forms[doc_id].add(f)
        if self.form_generic[f]:
            self.generic_count[(f, doc_id)] += 1
        return f

    def resolve(self) -> None:
        """Step 2: label votes, nodes, linking, canonical names."""
        with _gc_paused():
            self._resolve()
        self.resolved = True

    def _resolve(self) -> None:
        # 1. label votes over the unique name combinations ("forms")
        form_names, form_label, form_generic, form_count = (
            self.form_names, self.form_label, self.form_generic, self.form_count)
        self.form_of = {}  # memory stays proportional to distinct names
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
        variant_nodes: list[tuple[Node, ...]] = []
        variant_surfaces: list[tuple[str, ...]] = []
        variant_count: list[int] = []
        variant_form: list[int] = []
        form_variant: dict[int, int] = {}
        variant_of: dict[tuple[int, str], int] = {}

        bearer = {k: n for k, n in split_namesakes(self.profiles).items() if n}  # ((script, key), doc) -> 1, 2 ...
        split_forms = {f for ((script, key), doc), n in bearer.items()
                       for f in self.doc_forms[doc] if any((m.script, m.key) == (script, key) for m in form_names[f])
                       and form_label[f] == "PERSON"}
        split_forms -= {f for f in split_forms if form_generic[f]}
        for f in split_forms:
            form_generic[f] = True  # resolved per document, like a generic name
        for (f, doc), count in self.person_count.items():
            if f in split_forms:
                self.generic_count[(f, doc)] += count
        self.person_count = self.profiles = None  # type: ignore[assignment]

        def scope_of(n: Name, f: int, scope: str) -> str:
            if n.is_generic:
                return scope
            if scope and f in split_forms and ((n.script, n.key), scope) in bearer:
                return f"~{bearer[((n.script, n.key), scope)]}"
            return ""

        def add_variant(f: int, scope: str, count: int) -> int:
            variant_nodes.append(tuple((form_label[f], n.script, n.key, scope_of(n, f, scope))
                                       for n in form_names[f]))
            variant_surfaces.append(tuple(n.surface for n in form_names[f]))
            variant_count.append(count)
            variant_form.append(f)
            return len(variant_nodes) - 1

        for f in range(len(form_names)):
            if not form_generic[f]:
                form_variant[f] = add_variant(f, "", form_count[f])
        for (f, doc), count in self.generic_count.items():
            variant_of[(f, doc)] = add_variant(f, doc, count)
        doc_variants = {doc: {variant_of[(f, doc)] if form_generic[f] else form_variant[f] for f in fs}
                        for doc, fs in self.doc_forms.items()}
        self.doc_forms = self.generic_count = None  # type: ignore[assignment]
        self.form_names = None  # type: ignore[assignment]

        # 3. nodes in canonical order (never input order)
        node_surfaces: dict[Node, Counter] = defaultdict(Counter)
        node_linked: set[Node] = set()
        for v, nodes in enumerate(variant_nodes):
            for node, surface in zip(nodes, variant_surfaces[v], strict=True):
                node_surfaces[node][surface] += variant_count[v]
            if len(nodes) > 1:
                node_linked.update(nodes)
        variant_surfaces.clear()
        order = sorted(node_surfaces)
        index = {node: i for i, node in enumerate(order)}
        names = [parse_name(min(node_surfaces[node]), node[0] == "PERSON") for node in order]
        clusters = Clusters(names, [node[0] for node in order], self.settings)  # type: ignore[arg-type]
        variant_ids = [tuple(index[n] for n in nodes) for nodes in variant_nodes]

        # 4. linking: the analysts' curation, then the strongest evidence first
        must, cannot, canonical = curated_nodes(self.curation, order)
        for i, j in cannot:
            clusters.forbid(i, j)
        for i, j in sorted(must):
            clusters.union(i, j, "curated", 1.0, check=False)
        variant_docs: dict[int, set[str]] = defaultdict(set)
        multi = {v for v, ids in enumerate(variant_ids) if len(ids) > 1}
        for doc, vs in doc_variants.items():
            for v in vs & multi:
                variant_docs[v].add(doc)
        form_rules = self.form_rules
        overrides = link_bilingual(clusters, ((variant_ids[v], variant_count[v], variant_docs[v],
                                               form_rules[variant_form[v]]) for v in sorted(multi)))
        short_nodes = {variant_ids[v][k] for v in multi for k, rule in enumerate(form_rules[variant_form[v]])
                       if rule == "short_name" and k < len(variant_ids[v])}  # never canonical over the full name
        for fz, fl, doc in sorted(self.pairs):
            vz = variant_of[(fz, doc)] if form_generic[fz] else form_variant[fz]
            vl = variant_of[(fl, doc)] if form_generic[fl] else form_variant[fl]
            if variant_ids[vz] and variant_ids[vl]:
                clusters.union(variant_ids[vz][0], variant_ids[vl][0], "person_pair", 0.9, strict=True)
        link_components(clusters, order)
        link_fuzzy(clusters, order)
        doc_nodes: dict[tuple[str, str], set[int]] = defaultdict(set)
        doc_lat: dict[tuple[str, str], set[int]] = defaultdict(set)
        for doc, vs in doc_variants.items():
            for v in vs:
                for i in variant_ids[v]:
                    if order[i][0] != "PERSON":
                        (doc_nodes if order[i][1] == "zh" else doc_lat)[(doc, order[i][0])].add(i)
        link_missions(clusters, order)
        link_place_prefix(clusters, doc_nodes)
        link_variants(clusters, doc_nodes)
        link_abridged(clusters, doc_nodes)
        link_editions(clusters, doc_nodes)
        link_doc_years(clusters, doc_lat)
        link_doc_suffix(clusters, doc_nodes)

        # 5. the entity of every variant (and, for a few, of every document)
        node_count = [sum(node_surfaces[node].values()) for node in order]

        def rank(i: int):
            node = order[i]
            return (i not in canonical, node[3] != "", node[1] != "zh", i in short_nodes, node not in node_linked, -node_count[i], node[2], node[3])

        by_root: dict[int, list[int]] = defaultdict(list)
        for i in range(len(order)):
            by_root[clusters.find(i)].append(i)
        root_id = {root: _entity_id(order[min(members, key=rank)]) for root, members in by_root.items()}
        override_nodes = {node for node, _doc in overrides}
        special = {v for v, ids in enumerate(variant_ids) if len(ids) == 1 and ids[0] in override_nodes}
        self.variant_ids, self.overrides, self.override_nodes = variant_ids, overrides, override_nodes
        self.clusters, self.root_id, self.special = clusters, root_id, special
        self.variant_eid = [self._entity_of(v, "") for v in range(len(variant_ids))]
        self.variant_of, self.form_variant = variant_of, form_variant
        # per form when the entity does not depend on the document (nearly always), else per row
        self.form_eid = [_PER_DOC if f not in form_variant or form_variant[f] in special
                         else self.variant_eid[form_variant[f]] for f in range(len(form_generic))]
        self.doc_variants, self.order, self.names, self.rank = doc_variants, order, names, rank
        self.by_root, self.node_surfaces = by_root, node_surfaces

    def _entity_of(self, v: int, doc: str) -> str | None:
        ids = self.variant_ids[v]
        if not ids:
            return None
        first = ids[0]
        if len(ids) == 1 and first in self.override_nodes:
            first = self.overrides.get((first, doc), first)
        return self.root_id[self.clusters.find(first)]

    def _variant_entity(self, v: int, doc: str) -> str | None:
        return self._entity_of(v, doc) if v in self.special else self.variant_eid[v]

    def entity_ids(self, forms: Iterable[int], doc_ids: Iterable[str]) -> list[str | None]:
        """Step 3: the entity_id of each mention, given its form (from ``add``) and doc_id."""
        if not self.resolved:
            raise RuntimeError("Resolver.entity_ids before resolve()")
        out: list[str | None] = []
        form_eid, counts = self.form_eid, self.entity_mentions
        for f, doc in zip(forms, doc_ids, strict=True):
            eid = form_eid[f]
            if eid is _PER_DOC:
                v = self.variant_of[(f, doc)] if f not in self.form_variant else self.form_variant[f]
                eid = self._variant_entity(v, doc)
            out.append(eid)
            counts[eid] += 1
        return out

    def tables(self) -> dict[str, list]:
        """Step 4: {"entities": [EntityRow], "aliases": [AliasRow]}, counted over step 3."""
        out: dict[str, list] = {"entities": [], "aliases": []}
        with _gc_paused():
            for name, rows in self.rows():
                out[name].extend(rows)
        return out

    def rows(self) -> Iterator[tuple[str, list]]:
        """Step 4 as it is made: ("entities", [row]) then ("aliases", [rows]) per entity,
        so a caller can write the tables without holding them."""
        order, names, rank, root_id = self.order, self.names, self.rank, self.root_id
        by_root, node_surfaces, entity_mentions = self.by_root, self.node_surfaces, self.entity_mentions
        entity_docs: dict[str | None, set[str]] = defaultdict(set)
        for doc, vs in self.doc_variants.items():
            for v in vs:
                entity_docs[self._variant_entity(v, doc)].add(doc)

        adjacency: dict[int, list[tuple[int, str, float]]] = defaultdict(list)
        for i, j, rule, score in self.clusters.edges:
            adjacency[i].append((j, rule, score))
            adjacency[j].append((i, rule, score))

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
            yield "entities", [EntityRow(
                entity_id=eid, label=label or None,
                name_zh=display[best_zh] if best_zh is not None else None,
                name_en=display[best_en] if best_en is not None else None,
                abbr=display[best_ab] if best_ab is not None else None,
                aliases=surfaces, n_mentions=entity_mentions[eid], n_docs=len(entity_docs[eid]),
            )]
            yield "aliases", _explain(eid, members[0], display, node_surfaces, order, adjacency)


_PER_DOC = object()  # Resolver.form_eid: the entity depends on the document


def _explain(eid, start, display, node_surfaces, order, adjacency) -> list[AliasRow]:
    """Breadth-first from the canonical name along accepted edges: each name's reason."""
    rows: list[AliasRow] = []
    reason: dict[int, tuple[str, float, str | None]] = {start: ("canonical", 1.0, None)}
    queue = deque([start])
    while queue:
        i = queue.popleft()
        for j, rule, score in sorted(adjacency[i]):  # node indices follow the canonical node order
            if j not in reason:
                reason[j] = (rule, score, display[i])
                queue.append(j)
    for i in sorted(reason):
        rule, score, matched = reason[i]
        for surface in sorted(node_surfaces[order[i]]):
            if surface == display[i]:
                rows.append(AliasRow(eid, surface, rule, score, matched))
            else:
                rows.append(AliasRow(eid, surface, _same_key_rule(surface, display[i]), 1.0, display[i]))
    return rows
