"""RDF plan graphs → networkx graphs for drawing and for other network tools.

One node per entity (a plan, an objective, a task, a project, a place, a
person, …) and per vocabulary concept that entities point at (sectors,
indicators, funding categories). The provenance plumbing (attestations,
reified statements, stated counts, source documents, OWL-Time instants) does
not become nodes: it is folded into node and edge attributes, so a view shows
what a plan says, and each tooltip says where it says it.

The same :class:`networkx.MultiDiGraph` feeds the HTML views
(``graph_build.views.generate``), the GraphML / GEXF / node-link JSON exports and the
SVG snapshots, so what Gephi sees is what the browser draws.

>>> from graph_build import build
>>> net = to_network(build(shacl=False).graph())
>>> node = net.nodes[find_entity(net, "breakthrough-4-industry")]
>>> node["cls"], node["plans"]
('Breakthrough', ['lang-son-2021-2030'])
>>> sorted(n for n in plan_hierarchy(net) if net.nodes[n]["cls"] == "KeyTask").__len__()
8
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph_build.core.errors import PlanKGError
from graph_build.core.gcpause import gc_paused
from graph_build.core.iris import ONTOLOGY_IRI, VOCAB_IRI
from graph_build.rdf import formats as _formats

if TYPE_CHECKING:  # networkx and rdflib are imported where they are used
    import networkx as nx
    from rdflib import Graph

PK_NS = ONTOLOGY_IRI + "#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
TIME_NS = "http://www.w3.org/2006/time#"
DCTERMS_NS = "http://purl.org/dc/terms/"
FOAF_NS = "http://xmlns.com/foaf/0.1/"

#: Above this many nodes the browser gets positions computed here and no physics.
PRECOMPUTE_ABOVE = 300


class NetworkError(PlanKGError):
    """A view cannot be made: unknown entity, class, plan or query result."""


# ----------------------------------------------------------------------------------------------
# Classes: one table for colour, shape, hierarchy level and labels of non-plankg classes
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ClassStyle:
    color: str
    shape: str  # a vis-network shape with the label below: dot, square, diamond, triangle, …
    #: Row in the plan layout (0 plan and decisions … 5 projects and places); None: not in that view.
    level: int | None = None


#: Styles by class local name. A class missing here takes the style of its
#: nearest styled superclass (``graph_build.shacl.validate.ontology_graph`` knows the
#: hierarchy), else ``DEFAULT_STYLE``.
CLASS_STYLES: dict[str, ClassStyle] = {
    "Plan": ClassStyle("#c0392b", "star", 0),
    "ProvincialPlan": ClassStyle("#c0392b", "star", 0),
    "RegionalPlan": ClassStyle("#922b21", "star", 0),
    "NationalMasterPlan": ClassStyle("#641e16", "star", 0),
    "ImplementationPlan": ClassStyle("#e6b0aa", "star", 0),
    "LegalDocument": ClassStyle("#7f8c8d", "square"),
    "Decision": ClassStyle("#7f8c8d", "square", 0),
    "Resolution": ClassStyle("#515a5a", "square", 0),
    # Change over time and event outcomes (issue 14.3, 14.4).
    "Adjustment": ClassStyle("#a04000", "square", 0),
    "EventOutcome": ClassStyle("#5d6d7e", "diamond"),
    "Assignment": ClassStyle("#95a5a6", "triangleDown"),
    "Vision": ClassStyle("#8e44ad", "star", 1),
    "Objective": ClassStyle("#9b59b6", "diamond", 1),
    "GeneralObjective": ClassStyle("#9b59b6", "diamond", 1),
    "SpecificObjective": ClassStyle("#bb8fce", "diamond", 1),
    "Target": ClassStyle("#d2b4de", "dot", 2),
    "Indicator": ClassStyle("#a3e4d7", "triangleDown"),
    "KeyTask": ClassStyle("#2980b9", "triangle", 3),
    "Breakthrough": ClassStyle("#e67e22", "hexagon", 3),
    "SectorOrientation": ClassStyle("#16a085", "square", 3),
    "Sector": ClassStyle("#1abc9c", "dot", 4),
    "FundingCategory": ClassStyle("#f7dc6f", "triangleDown"),
    "SpatialStructure": ClassStyle("#27ae60", "hexagon", 1),
    "SpatialElement": ClassStyle("#2ecc71", "triangleDown", 2),
    "DevelopmentAxis": ClassStyle("#2ecc71", "triangleDown", 2),
    "EconomicCorridor": ClassStyle("#239b56", "triangleDown", 2),
    "SocioEconomicZone": ClassStyle("#82e0aa", "triangleDown", 2),
    "DevelopmentPole": ClassStyle("#0e6251", "diamond", 2),
    "GrowthPillar": ClassStyle("#af601a", "triangle", 3),
    "ProjectGroup": ClassStyle("#e74c3c", "diamond", 5),
    "Project": ClassStyle("#f1948a", "dot", 5),
    "Infrastructure": ClassStyle("#566573", "triangleDown", 5),
    "Place": ClassStyle("#b7950b", "dot", 5),
    "AdministrativeUnit": ClassStyle("#9c640c", "dot", 5),
    "Country": ClassStyle("#784212", "dot", 5),
    "Province": ClassStyle("#9a7d0a", "dot", 5),
    "District": ClassStyle("#d4ac0d", "dot", 5),
    "Commune": ClassStyle("#f4d03f", "dot", 5),
    "Region": ClassStyle("#7d6608", "dot", 5),
    "InternationalBloc": ClassStyle("#6e2c00", "dot", 5),
    "EconomicZone": ClassStyle("#f1c40f", "hexagon", 5),
    "BorderGateEconomicZone": ClassStyle("#f39c12", "hexagon", 5),
    "BorderGate": ClassStyle("#d35400", "square", 5),
    "IndustrialPark": ClassStyle("#a04000", "square", 5),
    "IndustrialCluster": ClassStyle("#dc7633", "square", 5),
    "UrbanArea": ClassStyle("#5dade2", "dot", 5),
    "Event": ClassStyle("#34495e", "diamond"),
    "Person": ClassStyle("#ec7063", "dot"),
    "Organization": ClassStyle("#5d6d7e", "square"),
    "Post": ClassStyle("#aab7b8", "triangle"),
    # Statements below the entity (issue 14): no level of their own; in the plan layout a part
    # takes its whole's row, beside it (``plan_hierarchy``).
    "StatementPart": ClassStyle("#c39bd3", "dot"),
    "ObjectivePart": ClassStyle("#c39bd3", "dot"),
    "VisionPart": ClassStyle("#a569bd", "dot"),
    "Purpose": ClassStyle("#85929e", "dot"),
    "Role": ClassStyle("#48c9b0", "triangle"),
    "Programme": ClassStyle("#5d6d7e", "diamond"),
    "InvestmentPromotionProgramme": ClassStyle("#5d6d7e", "diamond"),
}
#: The part–whole relation of statement parts (dcterms:isPartOf): parts are drawn beside their whole.
PART_OF_KEY = "isPartOf"
DEFAULT_STYLE = ClassStyle("#bbbbbb", "dot")

#: Labels for the classes and relations plankg reuses from other vocabularies
#: (the ontology declares them without labels).
FOREIGN_LABELS: dict[str, dict[str, str]] = {
    "http://xmlns.com/foaf/0.1/Person": {"vi": "người", "en": "person"},
    "http://www.w3.org/ns/org#Organization": {"vi": "tổ chức", "en": "organisation"},
    "http://www.w3.org/ns/org#Post": {"vi": "chức vụ", "en": "post"},
    "http://www.w3.org/ns/org#postIn": {"vi": "chức vụ tại", "en": "post in"},
    "http://www.w3.org/ns/org#holds": {"vi": "giữ chức vụ", "en": "holds"},
    "http://www.w3.org/ns/org#subOrganizationOf": {"vi": "trực thuộc", "en": "sub-organisation of"},
    "http://www.w3.org/ns/org#memberOf": {"vi": "thành viên của", "en": "member of"},
    "http://www.w3.org/2004/02/skos/core#broader": {"vi": "rộng hơn", "en": "broader"},
}

#: Types whose instances are provenance or time plumbing, never nodes.
PLUMBING_TYPES = frozenset(
    {
        PK_NS + "Attestation",
        PK_NS + "StatedCount",
        PK_NS + "SourceDocument",
        RDF_NS + "Statement",
        PK_NS + "InferredLink",
        TIME_NS + "ProperInterval",
        TIME_NS + "Instant",
        TIME_NS + "Interval",
    }
)
#: Vocabulary schemes whose concepts become nodes; other concepts (units,
#: comparisons, confidence) qualify a value and are not drawn.
NODE_SCHEMES = ("sector", "indicator", "funding")
#: Relations not drawn as edges: inverses of drawn ones, types, provenance.
SKIPPED_RELATIONS = frozenset(
    {
        PK_NS + "inPlan",
        PK_NS + "attests",
        PK_NS + "attestedBy",
        PK_NS + "statedCount",
        RDF_NS + "type",
        DCTERMS_NS + "temporal",
    }
)
HAS_PART = PK_NS + "hasPart"
SECTOR_RELATIONS = (PK_NS + "concernsSector", PK_NS + "forSector")
PLAN_CLASS = PK_NS + "Plan"
#: Sources kept per node for its tooltip (``n_sources`` counts them all).
MAX_SOURCES = 3


def style_of(cls: str) -> ClassStyle:
    return CLASS_STYLES.get(cls, DEFAULT_STYLE)


def local_name(iri: str) -> str:
    """The last path or fragment segment of an IRI: ``…/breakthrough-4-industry`` → that id."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# ----------------------------------------------------------------------------------------------
# RDF → networkx
# ----------------------------------------------------------------------------------------------
LABEL_PROPS = (RDFS_NS + "label", SKOS_NS + "prefLabel")


class _Index:
    """What ``to_network`` needs from an RDF graph, gathered in one pass over its triples.

    Looking each node's labels, ordinal and sources up with ``graph.value`` /
    ``graph.objects`` costs rdflib a pattern match per call (10 000 nodes took
    2 s); one pass over the triples, sorting each into a dict, takes a tenth of that.
    Keys are the terms' strings (IRIs, blank-node ids).
    """

    #: Relations read as "first value" (what ``graph.value`` returns).
    SINGLE = frozenset(
        {
            PK_NS + "ordinal",
            PK_NS + "quote",
            PK_NS + "note",
            PK_NS + "inDocument",
            PK_NS + "sourceFile",
            PK_NS + "validFrom",
            PK_NS + "validUntil",
            FOAF_NS + "page",
            RDF_NS + "subject",
            RDF_NS + "predicate",
            RDF_NS + "object",
            PK_NS + "inferredBy",
        }
    )
    #: Relations kept as (subject, object) pairs.
    PAIRS = frozenset({PK_NS + "attestedBy", PK_NS + "inPlan", *SECTOR_RELATIONS})

    def __init__(self, graph: Graph, links: bool = True):
        from rdflib import Literal, URIRef

        self.types: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        #: First value of each single property per subject: a Literal (a str) or an IRI.
        self.first: dict[str, dict[str, str]] = defaultdict(dict)
        self.pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.titles: dict[str, dict[str, str]] = defaultdict(dict)
        self.statements: list[str] = []
        self.superclasses: dict[str, set[str]] = defaultdict(set)
        #: IRI-to-IRI triples (relation not skipped), candidates for edges; IRIs seen as objects.
        self.links: list[tuple[str, str, str]] = []
        self.iri_objects: set[str] = set()
        single, pairs, skipped = self.SINGLE, self.PAIRS, SKIPPED_RELATIONS
        rdf_type, title = RDF_NS + "type", DCTERMS_NS + "title"
        statement_types = {RDF_NS + "Statement", PK_NS + "InferredLink"}  # stated and inferred links
        sub_class = RDFS_NS + "subClassOf"
        labels, first, types = self.labels, self.first, self.types
        add_link, add_object = self.links.append, self.iri_objects.add
        for s, predicate, o in graph:  # ~90 000 triples at 10 000 nodes: names bound locally
            p = str(predicate)
            if isinstance(o, Literal):
                if p in LABEL_PROPS:
                    lang = (o.language or "").lower()
                    if (lang == "vi" or lang == "en") and isinstance(s, URIRef):
                        found = labels[str(s)]
                        text = str(o)
                        if lang not in found or text < found[lang]:
                            found[lang] = text
                elif p in single:
                    first[p].setdefault(str(s), o)
                elif p == title:
                    self.titles[str(s)][o.language or ""] = str(o)
                continue
            o_str = str(o)
            if p == rdf_type:
                if isinstance(s, URIRef):
                    types[str(s)].add(o_str)
                if o_str in statement_types:
                    self.statements.append(str(s))
            elif p in single:
                first[p].setdefault(str(s), o_str)
            elif p == sub_class:
                self.superclasses[str(s)].add(o_str)
            if p in pairs:
                self.pairs[p].append((str(s), o_str))
            if isinstance(o, URIRef):
                add_object(o_str)
                if links and p not in skipped and isinstance(s, URIRef):
                    add_link((str(s), p, o_str))

    def value(self, prop: str, subject: str):
        return self.first[prop].get(subject)


class _Labels:
    """Labels, class hierarchy and relation names, looked up in the data and then the ontology."""

    def __init__(self, data: _Index, ontology: _Index):
        self.data, self.ontology = data, ontology
        self._ancestors: dict[str, list[str]] = {}

    def labels(self, iri: str) -> dict[str, str]:
        """``{"vi": …, "en": …}`` (either may be missing), the smallest text per language; do not change it."""
        return self.data.labels.get(iri) or self.ontology.labels.get(iri) or FOREIGN_LABELS.get(iri, {})

    def ancestors(self, cls: str) -> list[str]:
        """The class and its superclasses (IRIs), nearest first."""
        if cls not in self._ancestors:
            order, todo, seen = [], [cls], set()
            while todo:
                current = todo.pop(0)
                if current in seen:
                    continue
                seen.add(current)
                order.append(current)
                todo.extend(sorted(self.ontology.superclasses.get(current, ())))
            self._ancestors[cls] = order
        return self._ancestors[cls]

    def main_class(self, types: Collection[str]) -> str:
        """Of several types, a plankg class first, the most specific one (most ancestors)."""
        if len(types) == 1:
            return next(iter(types))
        ranked = sorted(types, key=lambda t: (not t.startswith(PK_NS), -len(self.ancestors(t)), t))
        return ranked[0]


def to_network(graph: Graph, ontology: Graph | None = None) -> nx.MultiDiGraph:
    """The entity network of a built plan graph (see the module docstring).

    Node keys are IRIs. Node attributes: ``label_vi``, ``label_en``, ``local``
    (the id), ``ordinal`` (or None), ``cls`` (class local name), ``cls_iri``, ``classes`` (the class
    and its ancestors, local names), ``cls_vi``/``cls_en`` (class labels),
    ``plans`` (ids of the plans the node belongs to or is reached from),
    ``shared`` (reached from two plans or more), ``sectors`` (sector ids it
    concerns), ``sources`` (up to three ``{quote, note, doc, doc_en, ref}``
    dicts) and ``n_sources``. Edge keys are relation local names; edge
    attributes ``relation`` (IRI), ``label_vi``, ``label_en`` and, for a
    relation with its own source, ``quote``/``doc``.

    The graph and the ontology are each read in one pass (``_Index``).
    """
    if ontology is None:
        from graph_build.shacl.validate import ontology_graph

        ontology = ontology_graph()
    with gc_paused():
        return _to_network(graph, ontology)


def _to_network(graph: Graph, ontology: Graph) -> nx.MultiDiGraph:
    import networkx as nx

    index = _Index(graph)
    onto = _Index(ontology, links=False)
    names = _Labels(index, onto)

    types = index.types
    entities = {s for s, ts in types.items() if not ts & PLUMBING_TYPES}
    concept_prefixes = tuple(f"{VOCAB_IRI}{scheme}/" for scheme in NODE_SCHEMES)
    for iri in index.iri_objects:
        if iri.startswith(concept_prefixes):
            entities.add(iri)
            types[iri] |= onto.types.get(iri, set())

    sources = _provenance(index)
    statement_sources = _statement_provenance(index, sources)
    ordinals = index.first[PK_NS + "ordinal"]
    net = nx.MultiDiGraph()
    class_info: dict[str, tuple] = {}
    nodes = []
    for iri in sorted(entities):
        labels = names.labels(iri)
        cls = names.main_class(types[iri] or {SKOS_NS + "Concept"})
        if cls not in class_info:
            cls_labels = names.labels(cls)
            class_info[cls] = (
                local_name(cls),
                # by local name, a class of another vocabulary only where plankg has none of that
                # name (a pk:Programme is a prov:Plan, not a "Plan" of the plan views)
                [
                    local_name(c)
                    for c in names.ancestors(cls)
                    if c.startswith(PK_NS) or not names.labels(PK_NS + local_name(c))
                ],
                cls_labels.get("vi", local_name(cls)),
                cls_labels.get("en", local_name(cls)),
            )
        cls_local, classes, cls_vi, cls_en = class_info[cls]
        found = sources.get(iri, [])
        ordinal = ordinals.get(iri)
        nodes.append(
            (
                iri,
                {
                    "label_vi": labels.get("vi"),
                    "label_en": labels.get("en"),
                    "local": local_name(iri),
                    "cls": cls_local,
                    "cls_iri": cls,
                    "classes": list(classes),
                    "cls_vi": cls_vi,
                    "cls_en": cls_en,
                    "plans": [],
                    "shared": False,
                    "sectors": [],
                    "sources": found[:MAX_SOURCES],
                    "n_sources": len(found),
                    "ordinal": int(ordinal) if ordinal is not None else None,
                },
            )
        )
    net.add_nodes_from(nodes)
    _label_periods(net, index)
    # Edges: every IRI-to-IRI relation between two nodes, hasPart only where no
    # more specific relation (hasBreakthrough, …) links the same pair.
    triples = sorted({t for t in index.links if t[0] in entities and t[2] in entities})
    specific = {(s, o) for s, p, o in triples if p != HAS_PART}
    relation_labels: dict[str, dict[str, str]] = {}
    edges = []
    for s, p, o in triples:
        if p == HAS_PART and (s, o) in specific:
            continue
        if p not in relation_labels:
            relation_labels[p] = names.labels(p)
        attrs = {"relation": p, "label_vi": relation_labels[p].get("vi"), "label_en": relation_labels[p].get("en")}
        attrs.update(statement_sources.get((s, p, o), {}))
        edges.append((s, o, local_name(p), attrs))
    net.add_edges_from(edges)
    # Plans: membership (pk:inPlan, or being the plan) then reach.
    plan_nodes = {n for n, d in net.nodes(data=True) if PLAN_CLASS in names.ancestors(d["cls_iri"])}
    member: dict[str, set[str]] = defaultdict(set)
    for plan in plan_nodes:
        member[plan].add(local_name(plan))
    for s, o in index.pairs[PK_NS + "inPlan"]:
        if s in entities and o in plan_nodes:
            member[s].add(local_name(o))
    reached = _reach(net, member)
    sectors: dict[str, set[str]] = defaultdict(set)
    sector_prefix = f"{VOCAB_IRI}sector/"
    for prop in SECTOR_RELATIONS:
        for s, o in index.pairs[prop]:
            if s in entities and o.startswith(sector_prefix):
                sectors[s].add(local_name(o))
    for iri, data in net.nodes(data=True):
        if iri.startswith(sector_prefix):
            sectors[iri].add(local_name(iri))
        data["plans"] = sorted(reached.get(iri, ()))
        data["shared"] = len(data["plans"]) >= 2
        data["sectors"] = sorted(sectors.get(iri, ()))
    return net


def _label_periods(net: nx.MultiDiGraph, index: _Index) -> None:
    """Give places that share a label but not a period (the province before 1 July 2025 and the
    one after, both "Thái Nguyên") their period in the label, from their pk:validFrom and
    pk:validUntil: "Thái Nguyên (đến 30/06/2025)" and "Thái Nguyên (từ 01/07/2025)". Only a
    label that two nodes share changes, so every other label stays as the data has it; the
    node's ``valid_from``/``valid_until`` (ISO dates) are kept for tooltips and exports."""
    starts, ends = index.first[PK_NS + "validFrom"], index.first[PK_NS + "validUntil"]
    dated = {n for n in net if n in starts or n in ends}
    if not dated:
        return
    for node in sorted(dated):
        data = net.nodes[node]
        data["valid_from"] = str(starts[node]) if node in starts else None
        data["valid_until"] = str(ends[node]) if node in ends else None
    for lang in ("vi", "en"):
        by_label: dict[str, list[str]] = defaultdict(list)
        for node, label in net.nodes(data=f"label_{lang}"):
            if label:
                by_label[label].append(node)
        for label, same in by_label.items():
            if len(same) < 2 or not dated & set(same):
                continue
            for node in same:
                if node in dated:
                    data = net.nodes[node]
                    data[f"label_{lang}"] = f"{label} ({_period_text(data['valid_from'], data['valid_until'], lang)})"


def _period_text(start: str | None, end: str | None, lang: str) -> str:
    def day(iso: str) -> str:
        y, m, d = iso[:10].split("-")
        return f"{d}/{m}/{y}" if lang == "vi" else f"{int(d)} {_MONTHS[int(m) - 1]} {y}"

    if start and end:
        return f"{day(start)} – {day(end)}"
    if end:
        return f"{'đến' if lang == 'vi' else 'until'} {day(end)}"
    return f"{'từ' if lang == 'vi' else 'from'} {day(start or '')}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip


def _reach(net: nx.MultiDiGraph, member: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """Plans of each node: its own, plus the plans whose entities reach it through nodes of no plan.

    Members with the same plans start one search together (one search per plan
    rather than one per entity: the same result, walked once).
    """
    reached = {n: set(p) for n, p in member.items()}
    starts: dict[frozenset, list[str]] = defaultdict(list)
    for node, plans in sorted(member.items()):
        starts[frozenset(plans)].append(node)
    successors = net.succ
    for start_plans, todo in starts.items():
        seen = set(todo)
        while todo:
            node = todo.pop()
            for succ in successors[node]:
                if succ in seen or succ in member:
                    continue
                seen.add(succ)
                reached.setdefault(succ, set()).update(start_plans)
                todo.append(succ)
    return reached


def _provenance(index: _Index) -> dict[str, list[dict]]:
    """Attestations of each subject, folded to ``{quote, note, doc, doc_en, ref}``, quotes first."""
    docs: dict[str, dict] = {}

    def doc_info(key: str) -> dict:
        if key not in docs:
            titles = index.titles.get(key, {})
            ref = index.value(PK_NS + "sourceFile", key) or index.value(FOAF_NS + "page", key)
            docs[key] = {
                "doc": titles.get("vi") or titles.get("en") or titles.get("") or local_name(key),
                "doc_en": titles.get("en") or titles.get("vi") or titles.get("") or local_name(key),
                "ref": str(ref) if ref is not None else None,
            }
        return docs[key]

    out: dict[str, list[dict]] = defaultdict(list)
    quotes, notes, in_doc = (index.first[PK_NS + name] for name in ("quote", "note", "inDocument"))
    for subject, attestation in index.pairs[PK_NS + "attestedBy"]:
        quote, note, doc = quotes.get(attestation), notes.get(attestation), in_doc.get(attestation)
        item = {"quote": str(quote) if quote is not None else None, "note": str(note) if note is not None else None}
        item.update(doc_info(str(doc)) if doc is not None else {"doc": None, "doc_en": None, "ref": None})
        out[subject].append(item)
    for items in out.values():
        items.sort(key=lambda i: (i["quote"] is None, i["quote"] or "", i["note"] or "", i["doc"] or ""))
    return out


def _statement_provenance(index: _Index, sources: Mapping[str, list[dict]]) -> dict[tuple, dict]:
    """Sources of single relations (reified ``rdf:Statement``), keyed by (s, p, o); an inferred
    link (``pk:InferredLink``) is drawn dashed and names its rule (``inferred``)."""
    out = {}
    for statement in index.statements:
        s, p, o = (index.value(RDF_NS + prop, statement) for prop in ("subject", "predicate", "object"))
        found = sources.get(statement)
        rule = index.value(PK_NS + "inferredBy", statement)
        if s is None or p is None or o is None or not (found or rule):
            continue
        attrs = {}
        if found:
            first = found[0]
            attrs = {"quote": first["quote"], "note": first["note"], "doc": first["doc"]}
        if rule is not None:
            attrs.update(inferred=local_name(str(rule)), dashes=True)
        out[(str(s), str(p), str(o))] = attrs
    return out


# ----------------------------------------------------------------------------------------------
# Selections: the view kinds
# ----------------------------------------------------------------------------------------------
def plan_ids(net: nx.MultiDiGraph) -> list[str]:
    return sorted({p for _, plans in net.nodes(data="plans") for p in plans})


def induced(net: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """A copy of ``net`` with only ``nodes`` and the edges between them, in ``net``'s order.

    ``net.subgraph(nodes).copy()`` would list the nodes in the order of a set of
    them, which changes with each process's string hashing: the same input would
    not give the same page.
    """
    keep = set(nodes)
    out = net.__class__()
    out.graph.update(net.graph)
    out.add_nodes_from((n, d) for n, d in net.nodes(data=True) if n in keep)
    out.add_edges_from((s, o, k, d) for s, o, k, d in net.edges(keys=True, data=True) if s in keep and o in keep)
    return out


def restrict_to_plans(net: nx.MultiDiGraph, plans: Sequence[str]) -> nx.MultiDiGraph:
    """The nodes that belong to, or are reached from, one of ``plans``."""
    known = plan_ids(net)
    unknown = [p for p in plans if p not in known]
    if unknown:
        raise NetworkError(f"unknown plan(s) {', '.join(unknown)}; plans in the graph: {', '.join(known) or 'none'}")
    wanted = set(plans)
    return induced(net, [n for n, p in net.nodes(data="plans") if wanted & set(p)])


def class_names(net: nx.MultiDiGraph) -> list[str]:
    return sorted({c for _, classes in net.nodes(data="classes") for c in classes})


def keep_classes(net: nx.MultiDiGraph, kinds: Sequence[str]) -> nx.MultiDiGraph:
    """Nodes of the given classes or their subclasses (``Place`` keeps districts too); case-insensitive."""
    by_lower = {c.lower(): c for c in class_names(net)}
    unknown = [k for k in kinds if k.lower() not in by_lower]
    if unknown:
        raise NetworkError(
            f"no node of class {', '.join(unknown)} in this graph; classes present: "
            f"{', '.join(sorted(by_lower.values()))}"
        )
    wanted = {by_lower[k.lower()] for k in kinds}
    return induced(net, [n for n, c in net.nodes(data="classes") if wanted & set(c)])


def find_entity(net: nx.MultiDiGraph, ref: str) -> str:
    """The node for a full IRI, a ``plan-id/entity-id`` or a bare id (which must be unique)."""
    if ref in net:
        return ref
    ref = ref.strip("/")
    matches = sorted(n for n in net if n.endswith("/" + ref) or n.endswith("#" + ref))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NetworkError(
            f"no entity {ref!r} in the graph (give an id such as breakthrough-4-industry, "
            "plan-id/entity-id, or a full IRI)"
        )
    raise NetworkError(f"{ref!r} names {len(matches)} entities ({', '.join(matches)}): give plan-id/{ref} or the IRI")


def neighbourhood(net: nx.MultiDiGraph, entity: str, depth: int = 1) -> nx.MultiDiGraph:
    """The entity and every node within ``depth`` edges of it, in either direction."""
    import networkx as nx

    if depth < 0:
        raise NetworkError("--depth must be 0 or more")
    centre = find_entity(net, entity)
    near = nx.single_source_shortest_path_length(net.to_undirected(as_view=True), centre, cutoff=depth)
    sub = induced(net, near)
    for node, distance in near.items():
        sub.nodes[node]["distance"] = distance
    sub.graph["focus"] = centre
    return sub


def plan_hierarchy(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The plan layout's nodes with their ``level``: plan and its decisions (0) → vision,
    objectives and spatial structure (1) → targets and spatial elements (2) → key tasks,
    breakthroughs, sector orientations and growth pillars (3) → sectors (4) → projects and
    places (5).

    Levels 0–3 and the projects come whole from the plans; sectors and places
    only where a relation other than the generic ``hasPart`` reaches them from
    a node already in the view, so the view does not list every place a plan
    mentions.
    """
    levels = {n: _level(d["classes"]) for n, d in net.nodes(data=True)}
    keep = {
        n
        for n, lv in levels.items()
        if lv is not None and (lv <= 3 or net.nodes[n]["cls"] in ("Project", "ProjectGroup")) and net.nodes[n]["plans"]
    }
    # Parts of a kept whole (its clauses, its roles) sit in the whole's row, beside it.
    part_of: dict[str, str] = {}
    for s, o, key in net.edges(keys=True):
        if key == PART_OF_KEY and o in keep and s not in keep:
            part_of.setdefault(s, o)
    for part, whole in part_of.items():
        levels[part] = levels[whole]
    keep |= set(part_of)
    for level in (4, 5):
        linked = set()
        for s, o, key in net.edges(keys=True):
            if key == "hasPart":
                continue
            for a, b in ((s, o), (o, s)):
                # a node kept has a level: keep takes only those
                if a in keep and levels.get(b) == level and (own := levels[a]) is not None and own < level:
                    linked.add(b)
        keep |= linked
    sub = induced(net, keep)
    for node in sub:
        sub.nodes[node]["level"] = levels[node]
        if node in part_of:
            sub.nodes[node]["part_of"] = part_of[node]
    return sub


def _level(classes: Sequence[str]) -> int | None:
    for cls in classes:
        style = CLASS_STYLES.get(cls)
        if style is not None:
            return style.level
    return None


def shared_between_plans(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The cross-plan view: nodes reached from two plans or more, the plans, and the plan
    entities that link a plan to a shared node."""
    shared = {n for n, s in net.nodes(data="shared") if s}
    keep = set(shared) | {n for n, d in net.nodes(data=True) if "Plan" in d["classes"]}
    for node in shared:
        for other in list(net.predecessors(node)) + list(net.successors(node)):
            if len(net.nodes[other]["plans"]) == 1:
                keep.add(other)
    return induced(net, keep)


def shared_by(net: nx.MultiDiGraph, plans: Sequence[str]) -> nx.MultiDiGraph:
    """What the chosen plans (two or more) all share: the nodes reached from every one of them,
    those plans, and the plan entities that link one of them to a shared node."""
    known = plan_ids(net)
    unknown = [p for p in plans if p not in known]
    if unknown:
        raise NetworkError(f"unknown plan(s) {', '.join(unknown)}; plans in the graph: {', '.join(known) or 'none'}")
    wanted = set(plans)
    if len(wanted) < 2:
        raise NetworkError("--shared-by needs two different plans (give it twice)")
    shared = {n for n, p in net.nodes(data="plans") if wanted <= set(p)}
    own_plans = {n for n, d in net.nodes(data=True) if "Plan" in d["classes"] and d["local"] in wanted}
    keep = (shared - {n for n, d in net.nodes(data=True) if "Plan" in d["classes"]}) | own_plans
    for node in list(keep):
        for other in list(net.predecessors(node)) + list(net.successors(node)):
            plans_of = net.nodes[other]["plans"]
            if len(plans_of) == 1 and plans_of[0] in wanted:
                keep.add(other)
    return induced(net, keep)


#: Relation keys of the aggregated view's own edges.
SHARES, SHARED_BY = "sharesWith", "sharedBy"
SHARES_LABELS = {"vi": "dùng chung với", "en": "shares with"}
SHARED_BY_LABELS = {"vi": "dùng chung bởi", "en": "shared by"}


def plans_aggregate(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The aggregated cross-plan view: the plans as nodes, one ``sharesWith`` edge per pair of
    plans that share something, weighted by how many nodes both reach (``weight``, with a count
    per class in ``by_class``), and the shared nodes themselves, each linked by ``sharedBy`` to
    the plans that reach it. ``graph["pairs"]`` lists ``(plan a, plan b, [shared nodes])`` in
    order: the page shows only the plans at first and opens a pair's nodes on a click.
    """
    import itertools

    plan_nodes = {d["local"]: n for n, d in net.nodes(data=True) if "Plan" in d["classes"]}
    out = net.__class__()
    out.graph.update(net.graph)
    out.add_nodes_from((n, dict(d)) for n, d in net.nodes(data=True) if n in plan_nodes.values())
    members: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node, data in net.nodes(data=True):
        if node in plan_nodes.values() or not data["shared"]:
            continue
        present = [p for p in data["plans"] if p in plan_nodes]
        if len(present) < 2:
            continue
        out.add_node(node, **dict(data))
        for plan in present:
            out.add_edge(node, plan_nodes[plan], key=SHARED_BY, relation=SHARED_BY, **_labels_of(SHARED_BY_LABELS))
        for a, b in itertools.combinations(sorted(present), 2):
            members[(a, b)].append(node)
    pairs = []
    for (a, b), nodes in sorted(members.items()):
        by_class = Counter(net.nodes[n]["cls"] for n in nodes)
        out.add_edge(
            plan_nodes[a],
            plan_nodes[b],
            key=SHARES,
            relation=SHARES,
            weight=len(nodes),
            by_class=dict(sorted(by_class.items())),
            **_labels_of(SHARES_LABELS),
        )
        pairs.append((plan_nodes[a], plan_nodes[b], sorted(nodes)))
    out.graph["pairs"] = pairs
    return out


def _labels_of(labels: Mapping[str, str]) -> dict[str, str]:
    return {"label_vi": labels["vi"], "label_en": labels["en"]}


def aggregate_positions(net: nx.MultiDiGraph, radius: float = 600.0) -> dict[str, tuple[float, float]]:
    """Plans on a circle (in id order); each shared node near the centre of the plans that share
    it, on a small spiral so that the nodes of one pair do not cover each other."""
    plans = sorted((n for n, d in net.nodes(data=True) if "Plan" in d["classes"]), key=lambda n: net.nodes[n]["local"])
    at: dict[str, tuple[float, float]] = {}
    for i, plan in enumerate(plans):
        angle = 2 * math.pi * i / max(len(plans), 1) - math.pi / 2
        at[plan] = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
    by_centre: dict[tuple[float, float], int] = defaultdict(int)
    for node in sorted(n for n in net if n not in at):
        ends = [at[o] for _, o, k in net.out_edges(node, keys=True) if k == SHARED_BY and o in at]
        cx = sum(x for x, _ in ends) / len(ends)
        cy = sum(y for _, y in ends) / len(ends)
        k = by_centre[(round(cx, 1), round(cy, 1))]
        by_centre[(round(cx, 1), round(cy, 1))] += 1
        turn, reach = k * 2.4, 40.0 + 14.0 * math.sqrt(k)  # a golden-angle spiral
        at[node] = (round(cx + reach * math.cos(turn), 1), round(cy + reach * math.sin(turn), 1))
    return at


def from_query_result(net: nx.MultiDiGraph, result) -> nx.MultiDiGraph:
    """The network drawn for a query result (``graph_build.sparql.library.QueryResult``).

    CONSTRUCT/DESCRIBE: the nodes of the result graph that are entities, joined
    by the result graph's own relations. SELECT: every entity a row names, with
    the edges the full network has between them, and, for a row that names
    two entities with no edge between them, a dashed ``row`` edge from the
    first to the others (so a result of pairs draws its pairs).
    """
    import networkx as nx
    from rdflib import URIRef

    kind = getattr(result, "kind", "").upper()
    if kind in ("CONSTRUCT", "DESCRIBE"):
        found = {str(t) for triple in result.graph for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
        nodes = sorted(found & set(net))
        sub = nx.MultiDiGraph()
        sub.add_nodes_from((n, dict(net.nodes[n])) for n in nodes)
        for s, p, o in sorted(result.graph, key=lambda t: tuple(map(str, t))):
            s, p, o = str(s), str(p), str(o)
            if s in sub and o in sub and p not in SKIPPED_RELATIONS:
                existing = net.get_edge_data(s, o, key=local_name(p))
                attrs = dict(existing) if existing else {"relation": p, **_relation_labels(net, p)}
                sub.add_edge(s, o, key=local_name(p), **attrs)
    elif kind == "SELECT":
        rows = [[str(t) for t in row if isinstance(t, URIRef) and str(t) in net] for row in result.rows]
        nodes = sorted({n for row in rows for n in row})
        sub = induced(net, nodes)
        for row in rows:
            first = row[0] if row else None
            for other in row[1:]:
                if other != first and not sub.has_edge(first, other) and not sub.has_edge(other, first):
                    sub.add_edge(
                        first,
                        other,
                        key="row",
                        relation="row",
                        label_vi="cùng dòng kết quả",
                        label_en="same result row",
                        dashes=True,
                    )
    else:
        raise NetworkError(f"a {kind or 'non-graph'} query result cannot be drawn: use a SELECT or CONSTRUCT query")
    if not len(sub):
        raise NetworkError("the query result names no entity of the graph: nothing to draw")
    return sub


def _relation_labels(net: nx.MultiDiGraph, relation: str) -> dict:
    for _, _, data in net.edges(data=True):
        if data.get("relation") == relation:
            return {"label_vi": data.get("label_vi"), "label_en": data.get("label_en")}
    return {"label_vi": None, "label_en": None}


# ----------------------------------------------------------------------------------------------
# Labels in one language, sizes, layouts
# ----------------------------------------------------------------------------------------------
def display_label(data: Mapping, lang: str = "vi") -> str:
    """The label in ``lang``, else the other language, else the local id (vi → en → id for vi)."""
    other = "en" if lang == "vi" else "vi"
    return data.get(f"label_{lang}") or data.get(f"label_{other}") or data.get("local") or ""


def node_size(degree: int) -> float:
    """Drawn size by degree: 10 for a leaf, growing with the square root, at most 40."""
    return round(min(40.0, 10.0 + 4.0 * math.sqrt(max(degree, 0))), 1)


def hierarchy_positions(
    net: nx.MultiDiGraph, spacing: float = 190.0, row_gap: float = 230.0, row_max: int = 9
) -> dict[str, tuple[float, float]]:
    """Top-down positions by ``level``; each row ordered by its parents' places, then ordinal, then label.

    Computed here rather than by vis-network's hierarchical layout, which
    piles wide rows on top of each other (pyvis issue #237). A level with more
    than ``row_max`` nodes wraps onto several lines, so the drawing keeps
    roughly the shape of a screen and labels stay readable.
    """
    rows: dict[int, list[str]] = defaultdict(list)
    for node, level in net.nodes(data="level"):
        rows[level if level is not None else 6].append(node)
    undirected = net.to_undirected(as_view=True)
    placed: dict[str, float] = {}
    positions: dict[str, tuple[float, float]] = {}
    y = 0.0
    for level in sorted(rows):

        def sort_key(node):
            parents = [placed[p] for p in undirected.neighbors(node) if p in placed]
            centre = sum(parents) / len(parents) if parents else math.inf
            data = net.nodes[node]
            return (centre, data.get("ordinal") or 0, display_label(data), node)

        wholes = sorted((n for n in rows[level] if net.nodes[n].get("part_of") not in rows[level]), key=sort_key)
        parts: dict[str, list[str]] = defaultdict(list)
        for n in rows[level]:
            if net.nodes[n].get("part_of") in rows[level]:
                parts[net.nodes[n]["part_of"]].append(n)
        row = []
        for whole in wholes:  # each whole, then its parts in their order
            row.append(whole)
            row.extend(sorted(parts[whole], key=lambda n: (net.nodes[n].get("ordinal") or 0, n)))
        lines = math.ceil(len(row) / row_max)
        per_line = math.ceil(len(row) / lines)
        for start in range(0, len(row), per_line):
            line = row[start : start + per_line]
            width = (len(line) - 1) * spacing
            for i, node in enumerate(line):
                x = i * spacing - width / 2
                placed[node] = x
                positions[node] = (round(x, 1), round(y, 1))
            y += row_gap * 0.6
        y += row_gap * 0.4
    return positions


@gc_paused()
def force_positions(net: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Positions for a graph too large for physics in the browser, the same for the same graph.

    A radial tree layout per connected component (``_radial_layout``),
    components packed in rows, biggest first. (networkx's spring layout needs
    numpy, which plankg does not depend on, and took 184 s at 10 000 nodes.)
    Plain dicts and lists, not networkx subgraph views: neighbour lookups in
    a view go through filters, which made this 0.4 s at 10 000 nodes.
    """
    if not len(net):
        return {}
    neighbours: dict[str, set[str]] = {node: set() for node in net}
    for s, o in net.edges():
        if s != o:
            neighbours[s].add(o)
            neighbours[o].add(s)
    adjacency = {node: sorted(others) for node, others in neighbours.items()}
    seen: set[str] = set()
    components = []
    for start in sorted(adjacency):
        if start in seen:
            continue
        seen.add(start)
        component = [start]
        for node in component:  # grows while iterating: breadth-first
            for other in adjacency[node]:
                if other not in seen:
                    seen.add(other)
                    component.append(other)
        components.append(sorted(component))
    components.sort(key=lambda c: (-len(c), c[0]))
    positions: dict[str, tuple[float, float]] = {}
    cursor_x = cursor_y = row_height = 0.0
    row_width = None
    for component in components:
        local = _radial_layout(component, adjacency)
        width = max(x for x, _ in local.values()) + 120.0
        height = max(y for _, y in local.values()) + 120.0
        row_width = row_width or max(width, 1200.0)  # the biggest component sets the row width
        if cursor_x and cursor_x + width > row_width:
            cursor_x, cursor_y, row_height = 0.0, cursor_y + row_height, 0.0
        for node, (x, y) in local.items():
            positions[node] = (round(cursor_x + x, 1), round(cursor_y + y, 1))
        cursor_x += width
        row_height = max(row_height, height)
    return positions


def _radial_layout(
    component: Sequence[str], adjacency: Mapping[str, Sequence[str]], ring_gap: float = 220.0, spacing: float = 45.0
) -> dict[str, tuple[float, float]]:
    """A radial tree layout in O(nodes + edges): a breadth-first tree from the best-connected node,
    each subtree given a wedge of the circle in proportion to its size, one ring per depth.

    ``component``: the nodes of one connected component; ``adjacency``: each
    node's neighbours, sorted. Plans are hierarchies (plan → parts → places),
    so the tree keeps most edges short. Rings are widened so that nodes on one
    ring stay ``spacing`` apart.
    """
    root = min(component, key=lambda n: (-len(adjacency[n]), n))
    parent: dict[str, str | None] = {root: None}
    depth = {root: 0}
    order = [root]
    children: dict[str, list[str]] = defaultdict(list)
    for node in order:  # grows while iterating: breadth-first
        for other in adjacency[node]:
            if other not in parent:
                parent[other] = node
                depth[other] = depth[node] + 1
                children[node].append(other)
                order.append(other)
    size = {n: 1 for n in order}
    for node in reversed(order):
        up = parent[node]
        if up is not None:
            size[up] += size[node]
    per_ring: dict[int, int] = defaultdict(int)
    for d in depth.values():
        per_ring[d] += 1
    radius = {d: max(d * ring_gap, per_ring[d] * spacing / (2 * math.pi)) if d else 0.0 for d in per_ring}
    for d in sorted(radius)[1:]:
        radius[d] = max(radius[d], radius[d - 1] + ring_gap)
    wedge = {root: (0.0, 2 * math.pi)}
    positions = {}
    for node in order:
        start, width = wedge[node]
        angle = start + width / 2
        r = radius[depth[node]]
        positions[node] = (r * math.cos(angle), r * math.sin(angle))
        cursor = start
        for child in children[node]:
            share = width * size[child] / (size[node] - 1)
            wedge[child] = (cursor, share)
            cursor += share
    min_x = min(x for x, _ in positions.values())
    min_y = min(y for _, y in positions.values())
    return {n: (x - min_x, y - min_y) for n, (x, y) in positions.items()}


# ----------------------------------------------------------------------------------------------
# Exports: GraphML, GEXF, node-link JSON
# ----------------------------------------------------------------------------------------------
#: Network format → file suffix, from the format registry (``graph_build.rdf.formats``, kind "network").
EXPORT_FORMATS = {f.name: f.suffix for f in _formats.formats("network")}


def _flat(value):
    """A value GraphML and GEXF can store: lists joined by '; ', dicts and lists of dicts as JSON, None dropped."""
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def flat_copy(net: nx.MultiDiGraph, lang: str = "vi", viz: bool = False) -> nx.MultiDiGraph:
    """A copy whose attributes are plain scalars (networkx cannot write None or lists to GraphML)."""
    import networkx as nx

    out = nx.MultiDiGraph()
    degree = dict(net.degree())
    positions = force_positions(net) if viz else {}
    for node, data in net.nodes(data=True):
        attrs = {k: _flat(v) for k, v in data.items() if v is not None and k != "sources"}
        attrs["label"] = display_label(data, lang)
        if data.get("sources"):
            first = data["sources"][0]
            for key in ("quote", "note", "doc", "ref"):
                if first.get(key):
                    attrs[f"source_{key}"] = first[key]
        if viz:
            style = style_of(data["cls"])
            r, g, b = (int(style.color[i : i + 2], 16) for i in (1, 3, 5))
            x, y = positions[node]
            attrs["viz"] = {
                "color": {"r": r, "g": g, "b": b, "a": 1.0},
                "size": node_size(degree[node]),
                "position": {"x": x, "y": -y, "z": 0.0},
            }
        out.add_node(node, **attrs)
    for s, o, key, data in net.edges(keys=True, data=True):
        attrs = {k: _flat(v) for k, v in data.items() if v is not None}
        attrs["label"] = data.get(f"label_{lang}") or key
        out.add_edge(s, o, key=key, **attrs)
    return out


def export_bytes(net: nx.MultiDiGraph, fmt: str, lang: str = "vi") -> bytes:
    """The network as GraphML, GEXF 1.2 (with colours, sizes and positions for Gephi) or node-link JSON.

    ``fmt`` is a network format's name or alias; the registry names the function writing it.
    """
    found = _formats.find("network", fmt)
    if found is None:
        raise NetworkError(f"unknown network format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")
    return globals()[str(found.writer)](net, lang)


def node_link_bytes(net: nx.MultiDiGraph, lang: str = "vi") -> bytes:  # noqa: ARG001 - labels of every language kept
    import networkx as nx

    data = nx.node_link_data(net, edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def graphml_bytes(net: nx.MultiDiGraph, lang: str = "vi") -> bytes:
    import io

    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(flat_copy(net, lang), buffer, encoding="utf-8")
    return buffer.getvalue()


def gexf_bytes(net: nx.MultiDiGraph, lang: str = "vi") -> bytes:
    import io

    import networkx as nx

    buffer = io.BytesIO()
    nx.write_gexf(flat_copy(net, lang, viz=True), buffer, encoding="utf-8", version="1.2draft")
    return buffer.getvalue()


def write_exports(
    net: nx.MultiDiGraph, out_dir, formats: Sequence[str] | None = None, lang: str = "vi", name: str = "plankg-network"
) -> list:
    """Write ``<out_dir>/<name>.graphml|.gexf|.json`` (default: every network format), all files or none;
    return their paths."""
    from pathlib import Path

    from graph_build.core.atomic import write_all

    wanted = tuple(EXPORT_FORMATS) if formats is None else formats
    chosen = [_formats.find("network", f) for f in wanted]
    unknown = [f for f, found in zip(wanted, chosen) if found is None]
    if unknown:
        raise NetworkError(f"unknown network format(s) {', '.join(unknown)}; choose from {', '.join(EXPORT_FORMATS)}")
    files = {
        Path(out_dir) / f"{name}{fmt.suffix}": export_bytes(net, fmt.name, lang)
        for fmt in dict.fromkeys(f for f in chosen if f is not None)
    }
    write_all(files)
    return sorted(files)


__all__ = [
    "write_exports",
    "CLASS_STYLES",
    "EXPORT_FORMATS",
    "NetworkError",
    "PRECOMPUTE_ABOVE",
    "class_names",
    "display_label",
    "export_bytes",
    "find_entity",
    "induced",
    "gexf_bytes",
    "graphml_bytes",
    "node_link_bytes",
    "flat_copy",
    "force_positions",
    "from_query_result",
    "hierarchy_positions",
    "keep_classes",
    "neighbourhood",
    "node_size",
    "plan_hierarchy",
    "plan_ids",
    "restrict_to_plans",
    "shared_between_plans",
    "style_of",
    "to_network",
]
