"""RDF plan graphs → networkx graphs for drawing and for other network tools.

One node per entity (a plan, an objective, a task, a project, a place, a
person, …) and per vocabulary concept that entities point at (sectors,
indicators, funding categories). The provenance plumbing (attestations,
reified statements, stated counts, source documents, OWL-Time instants) does
not become nodes: it is folded into node and edge attributes, so a view shows
what a plan says, and each tooltip says where it says it.

The same :class:`networkx.MultiDiGraph` feeds the HTML views
(``graph_build.views``), the GraphML / GEXF / node-link JSON exports and the
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
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import PlanKGError
from .iris import ONTOLOGY_IRI, VOCAB_IRI

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
    #: Row in the plan layout (0 plan … 4 projects and places); None: not in that view.
    level: int | None = None


#: Styles by class local name. A class missing here takes the style of its
#: nearest styled superclass (``graph_build.shacl.ontology_graph`` knows the
#: hierarchy), else ``DEFAULT_STYLE``.
CLASS_STYLES: dict[str, ClassStyle] = {
    "Plan": ClassStyle("#c0392b", "star", 0),
    "ProvincialPlan": ClassStyle("#c0392b", "star", 0),
    "RegionalPlan": ClassStyle("#922b21", "star", 0),
    "NationalMasterPlan": ClassStyle("#641e16", "star", 0),
    "ImplementationPlan": ClassStyle("#e6b0aa", "star", 0),
    "LegalDocument": ClassStyle("#7f8c8d", "square"),
    "Decision": ClassStyle("#7f8c8d", "square"),
    "Resolution": ClassStyle("#515a5a", "square"),
    "Assignment": ClassStyle("#95a5a6", "triangleDown"),
    "Vision": ClassStyle("#8e44ad", "star", 1),
    "Objective": ClassStyle("#9b59b6", "diamond", 1),
    "GeneralObjective": ClassStyle("#9b59b6", "diamond", 1),
    "SpecificObjective": ClassStyle("#bb8fce", "diamond", 1),
    "Target": ClassStyle("#d2b4de", "dot"),
    "Indicator": ClassStyle("#a3e4d7", "triangleDown"),
    "KeyTask": ClassStyle("#2980b9", "triangle", 2),
    "Breakthrough": ClassStyle("#e67e22", "hexagon", 2),
    "SectorOrientation": ClassStyle("#16a085", "square", 2),
    "Sector": ClassStyle("#1abc9c", "dot", 3),
    "FundingCategory": ClassStyle("#f7dc6f", "triangleDown"),
    "SpatialStructure": ClassStyle("#27ae60", "hexagon"),
    "SpatialElement": ClassStyle("#2ecc71", "triangleDown"),
    "DevelopmentAxis": ClassStyle("#2ecc71", "triangleDown"),
    "EconomicCorridor": ClassStyle("#239b56", "triangleDown"),
    "SocioEconomicZone": ClassStyle("#82e0aa", "triangleDown"),
    "ProjectGroup": ClassStyle("#e74c3c", "diamond", 4),
    "Project": ClassStyle("#f1948a", "dot", 4),
    "Infrastructure": ClassStyle("#566573", "triangleDown", 4),
    "Place": ClassStyle("#b7950b", "dot", 4),
    "AdministrativeUnit": ClassStyle("#9c640c", "dot", 4),
    "Country": ClassStyle("#784212", "dot", 4),
    "Province": ClassStyle("#9a7d0a", "dot", 4),
    "District": ClassStyle("#d4ac0d", "dot", 4),
    "Commune": ClassStyle("#f4d03f", "dot", 4),
    "Region": ClassStyle("#7d6608", "dot", 4),
    "InternationalBloc": ClassStyle("#6e2c00", "dot", 4),
    "EconomicZone": ClassStyle("#f1c40f", "hexagon", 4),
    "BorderGateEconomicZone": ClassStyle("#f39c12", "hexagon", 4),
    "BorderGate": ClassStyle("#d35400", "square", 4),
    "IndustrialPark": ClassStyle("#a04000", "square", 4),
    "IndustrialCluster": ClassStyle("#dc7633", "square", 4),
    "UrbanArea": ClassStyle("#5dade2", "dot", 4),
    "Event": ClassStyle("#34495e", "diamond"),
    "Person": ClassStyle("#ec7063", "dot"),
    "Organization": ClassStyle("#5d6d7e", "square"),
    "Post": ClassStyle("#aab7b8", "triangle"),
}
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
PLUMBING_TYPES = frozenset({
    PK_NS + "Attestation", PK_NS + "StatedCount", PK_NS + "SourceDocument", RDF_NS + "Statement",
    TIME_NS + "ProperInterval", TIME_NS + "Instant", TIME_NS + "Interval",
})
#: Vocabulary schemes whose concepts become nodes; other concepts (units,
#: comparisons, confidence) qualify a value and are not drawn.
NODE_SCHEMES = ("sector", "indicator", "funding")
#: Relations not drawn as edges: inverses of drawn ones, types, provenance.
SKIPPED_RELATIONS = frozenset({
    PK_NS + "inPlan", PK_NS + "attests", PK_NS + "attestedBy", PK_NS + "statedCount",
    RDF_NS + "type", DCTERMS_NS + "temporal",
})
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
class _Labels:
    """Labels, class hierarchy and relation names, looked up in the data and then the ontology."""

    def __init__(self, data: Graph, ontology: Graph):
        from rdflib import URIRef
        from rdflib.namespace import RDFS, SKOS

        self.data, self.ontology = data, ontology
        self._label_props = (RDFS.label, SKOS.prefLabel)
        self._uri = URIRef
        self._ancestors: dict[str, list[str]] = {}

    def labels(self, iri: str) -> dict[str, str]:
        """``{"vi": …, "en": …}`` (either may be missing), the smallest text per language."""
        term = self._uri(iri)
        found: dict[str, str] = {}
        for graph in (self.data, self.ontology):
            for prop in self._label_props:
                for lit in graph.objects(term, prop):
                    lang = (getattr(lit, "language", None) or "").lower()
                    if lang in ("vi", "en") and (lang not in found or str(lit) < found[lang]):
                        found[lang] = str(lit)
            if found:
                break
        if not found and iri in FOREIGN_LABELS:
            found = dict(FOREIGN_LABELS[iri])
        return found

    def ancestors(self, cls: str) -> list[str]:
        """The class and its superclasses (IRIs), nearest first."""
        if cls not in self._ancestors:
            from rdflib.namespace import RDFS

            order, todo, seen = [], [self._uri(cls)], set()
            while todo:
                current = todo.pop(0)
                if current in seen:
                    continue
                seen.add(current)
                order.append(str(current))
                todo.extend(sorted(self.ontology.objects(current, RDFS.subClassOf), key=str))
            self._ancestors[cls] = order
        return self._ancestors[cls]

    def main_class(self, types: Iterable[str]) -> str:
        """Of several types, a plankg class first, the most specific one (most ancestors)."""
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
    """
    import networkx as nx
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    if ontology is None:
        from .shacl import ontology_graph

        ontology = ontology_graph()
    names = _Labels(graph, ontology)

    types: dict[str, set[str]] = defaultdict(set)
    for s, o in graph.subject_objects(RDF.type):
        if isinstance(s, URIRef):
            types[str(s)].add(str(o))
    entities = {s for s, ts in types.items() if not ts & PLUMBING_TYPES}
    concept_prefixes = tuple(f"{VOCAB_IRI}{scheme}/" for scheme in NODE_SCHEMES)
    for o in set(graph.objects()):
        if isinstance(o, URIRef) and str(o).startswith(concept_prefixes):
            iri = str(o)
            entities.add(iri)
            types[iri] |= {str(t) for t in ontology.objects(o, RDF.type)}

    sources = _provenance(graph)
    statement_sources = _statement_provenance(graph, sources)
    net = nx.MultiDiGraph()
    for iri in sorted(entities):
        labels = names.labels(iri)
        cls = names.main_class(types[iri] or {SKOS_NS + "Concept"})
        cls_labels = names.labels(cls)
        ancestors = names.ancestors(cls)
        found = sources.get(iri, [])
        ordinal = graph.value(URIRef(iri), URIRef(PK_NS + "ordinal"))
        net.add_node(
            iri,
            label_vi=labels.get("vi"),
            label_en=labels.get("en"),
            local=local_name(iri),
            cls=local_name(cls),
            cls_iri=cls,
            classes=[local_name(c) for c in ancestors],
            cls_vi=cls_labels.get("vi", local_name(cls)),
            cls_en=cls_labels.get("en", local_name(cls)),
            plans=[],
            shared=False,
            sectors=[],
            sources=found[:MAX_SOURCES],
            n_sources=len(found),
            ordinal=int(ordinal) if ordinal is not None else None,
        )
    # Edges: every IRI-to-IRI relation between two nodes, hasPart only where no
    # more specific relation (hasBreakthrough, …) links the same pair.
    triples = sorted(
        (str(s), str(p), str(o))
        for s, p, o in graph
        if not isinstance(o, Literal) and str(s) in net and str(o) in net and str(p) not in SKIPPED_RELATIONS
    )
    specific = {(s, o) for s, p, o in triples if p != HAS_PART}
    relation_labels: dict[str, dict[str, str]] = {}
    for s, p, o in triples:
        if p == HAS_PART and (s, o) in specific:
            continue
        if p not in relation_labels:
            relation_labels[p] = names.labels(p)
        attrs = {"relation": p, "label_vi": relation_labels[p].get("vi"), "label_en": relation_labels[p].get("en")}
        attrs.update(statement_sources.get((s, p, o), {}))
        net.add_edge(s, o, key=local_name(p), **attrs)
    # Plans: membership (pk:inPlan, or being the plan) then reach.
    plan_nodes = {n for n, d in net.nodes(data=True) if PLAN_CLASS in names.ancestors(d["cls_iri"])}
    member: dict[str, set[str]] = defaultdict(set)
    for plan in plan_nodes:
        member[plan].add(local_name(plan))
    for s, o in graph.subject_objects(URIRef(PK_NS + "inPlan")):
        if str(s) in net and str(o) in plan_nodes:
            member[str(s)].add(local_name(str(o)))
    reached = _reach(net, member)
    sectors: dict[str, set[str]] = defaultdict(set)
    for prop in SECTOR_RELATIONS:
        for s, o in graph.subject_objects(URIRef(prop)):
            if str(s) in net and str(o).startswith(f"{VOCAB_IRI}sector/"):
                sectors[str(s)].add(local_name(str(o)))
    for iri, data in net.nodes(data=True):
        if str(iri).startswith(f"{VOCAB_IRI}sector/"):
            sectors[iri].add(local_name(iri))
        data["plans"] = sorted(reached.get(iri, ()))
        data["shared"] = len(data["plans"]) >= 2
        data["sectors"] = sorted(sectors.get(iri, ()))
    return net


def _reach(net: nx.MultiDiGraph, member: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """Plans of each node: its own, plus the plans whose entities reach it through nodes of no plan."""
    reached = {n: set(p) for n, p in member.items()}
    plan_of_members = sorted(member.items())
    for start, plans in plan_of_members:
        todo = [start]
        seen = {start}
        while todo:
            node = todo.pop()
            for succ in net.successors(node):
                if succ in seen or succ in member:
                    continue
                seen.add(succ)
                reached.setdefault(succ, set()).update(plans)
                todo.append(succ)
    return reached


def _provenance(graph: Graph) -> dict[str, list[dict]]:
    """Attestations of each subject, folded to ``{quote, note, doc, doc_en, ref}``, quotes first."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, FOAF

    pk = lambda name: URIRef(PK_NS + name)  # noqa: E731
    docs: dict[str, dict] = {}

    def doc_info(doc) -> dict:
        key = str(doc)
        if key not in docs:
            titles = {(getattr(t, "language", None) or ""): str(t) for t in graph.objects(doc, DCTERMS.title)}
            ref = graph.value(doc, pk("sourceFile")) or graph.value(doc, FOAF.page)
            docs[key] = {
                "doc": titles.get("vi") or titles.get("en") or titles.get("") or local_name(key),
                "doc_en": titles.get("en") or titles.get("vi") or titles.get("") or local_name(key),
                "ref": str(ref) if ref is not None else None,
            }
        return docs[key]

    out: dict[str, list[dict]] = defaultdict(list)
    for subject, attestation in graph.subject_objects(pk("attestedBy")):
        quote = graph.value(attestation, pk("quote"))
        note = graph.value(attestation, pk("note"))
        doc = graph.value(attestation, pk("inDocument"))
        item = {"quote": str(quote) if quote is not None else None, "note": str(note) if note is not None else None}
        item.update(doc_info(doc) if doc is not None else {"doc": None, "doc_en": None, "ref": None})
        out[str(subject)].append(item)
    for items in out.values():
        items.sort(key=lambda i: (i["quote"] is None, i["quote"] or "", i["note"] or "", i["doc"] or ""))
    return out


def _statement_provenance(graph: Graph, sources: Mapping[str, list[dict]]) -> dict[tuple, dict]:
    """Sources of single relations (reified ``rdf:Statement``), keyed by (s, p, o)."""
    from rdflib.namespace import RDF

    out = {}
    for statement in graph.subjects(RDF.type, RDF.Statement):
        s, p, o = (graph.value(statement, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
        found = sources.get(str(statement))
        if s is None or p is None or o is None or not found:
            continue
        first = found[0]
        out[(str(s), str(p), str(o))] = {"quote": first["quote"], "note": first["note"], "doc": first["doc"]}
    return out


# ----------------------------------------------------------------------------------------------
# Selections: the view kinds
# ----------------------------------------------------------------------------------------------
def plan_ids(net: nx.MultiDiGraph) -> list[str]:
    return sorted({p for _, plans in net.nodes(data="plans") for p in plans})


def restrict_to_plans(net: nx.MultiDiGraph, plans: Sequence[str]) -> nx.MultiDiGraph:
    """The nodes that belong to, or are reached from, one of ``plans``."""
    known = plan_ids(net)
    unknown = [p for p in plans if p not in known]
    if unknown:
        raise NetworkError(f"unknown plan(s) {', '.join(unknown)}; plans in the graph: {', '.join(known) or 'none'}")
    wanted = set(plans)
    return net.subgraph([n for n, p in net.nodes(data="plans") if wanted & set(p)]).copy()


def class_names(net: nx.MultiDiGraph) -> list[str]:
    return sorted({c for _, classes in net.nodes(data="classes") for c in classes})


def keep_classes(net: nx.MultiDiGraph, kinds: Sequence[str]) -> nx.MultiDiGraph:
    """Nodes of the given classes or their subclasses (``Place`` keeps districts too); case-insensitive."""
    by_lower = {c.lower(): c for c in class_names(net)}
    unknown = [k for k in kinds if k.lower() not in by_lower]
    if unknown:
        raise NetworkError(f"no node of class {', '.join(unknown)} in this graph; classes present: "
                           f"{', '.join(sorted(by_lower.values()))}")
    wanted = {by_lower[k.lower()] for k in kinds}
    return net.subgraph([n for n, c in net.nodes(data="classes") if wanted & set(c)]).copy()


def find_entity(net: nx.MultiDiGraph, ref: str) -> str:
    """The node for a full IRI, a ``plan-id/entity-id`` or a bare id (which must be unique)."""
    if ref in net:
        return ref
    ref = ref.strip("/")
    matches = sorted(n for n in net if n.endswith("/" + ref) or n.endswith("#" + ref))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NetworkError(f"no entity {ref!r} in the graph (give an id such as breakthrough-4-industry, "
                           "plan-id/entity-id, or a full IRI)")
    raise NetworkError(f"{ref!r} names {len(matches)} entities ({', '.join(matches)}): give plan-id/{ref} or the IRI")


def neighbourhood(net: nx.MultiDiGraph, entity: str, depth: int = 1) -> nx.MultiDiGraph:
    """The entity and every node within ``depth`` edges of it, in either direction."""
    import networkx as nx

    if depth < 0:
        raise NetworkError("--depth must be 0 or more")
    centre = find_entity(net, entity)
    near = nx.single_source_shortest_path_length(net.to_undirected(as_view=True), centre, cutoff=depth)
    sub = net.subgraph(near).copy()
    for node, distance in near.items():
        sub.nodes[node]["distance"] = distance
    sub.graph["focus"] = centre
    return sub


def plan_hierarchy(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The plan layout's nodes with their ``level``: plan (0) → vision and objectives (1) →
    key tasks, breakthroughs, sector orientations (2) → sectors (3) → projects and places (4).

    Levels 0–2 and the projects come whole from the plans; sectors and places
    only where a relation other than the generic ``hasPart`` reaches them from
    a node already in the view, so the view does not list every place a plan
    mentions.
    """
    levels = {n: _level(d["classes"]) for n, d in net.nodes(data=True)}
    keep = {n for n, lv in levels.items() if lv is not None and (lv <= 2 or net.nodes[n]["cls"] in ("Project", "ProjectGroup"))
            and net.nodes[n]["plans"]}
    for level in (3, 4):
        linked = set()
        for s, o, key in net.edges(keys=True):
            if key == "hasPart":
                continue
            for a, b in ((s, o), (o, s)):
                if a in keep and levels.get(b) == level and levels[a] < level:
                    linked.add(b)
        keep |= linked
    sub = net.subgraph(keep).copy()
    for node in sub:
        sub.nodes[node]["level"] = levels[node]
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
    return net.subgraph(keep).copy()


def from_query_result(net: nx.MultiDiGraph, result) -> nx.MultiDiGraph:
    """The network drawn for a query result (``graph_build.queries.QueryResult``).

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
        sub = net.subgraph(nodes).copy()
        for row in rows:
            first = row[0] if row else None
            for other in row[1:]:
                if other != first and not sub.has_edge(first, other) and not sub.has_edge(other, first):
                    sub.add_edge(first, other, key="row", relation="row", label_vi="cùng dòng kết quả",
                                 label_en="same result row", dashes=True)
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


def hierarchy_positions(net: nx.MultiDiGraph, spacing: float = 190.0, row_gap: float = 230.0,
                        row_max: int = 9) -> dict[str, tuple[float, float]]:
    """Top-down positions by ``level``; each row ordered by its parents' places, then ordinal, then label.

    Computed here rather than by vis-network's hierarchical layout, which
    piles wide rows on top of each other (pyvis issue #237). A level with more
    than ``row_max`` nodes wraps onto several lines, so the drawing keeps
    roughly the shape of a screen and labels stay readable.
    """
    rows: dict[int, list[str]] = defaultdict(list)
    for node, level in net.nodes(data="level"):
        rows[level if level is not None else 5].append(node)
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

        row = sorted(rows[level], key=sort_key)
        lines = math.ceil(len(row) / row_max)
        per_line = math.ceil(len(row) / lines)
        for start in range(0, len(row), per_line):
            line = row[start:start + per_line]
            width = (len(line) - 1) * spacing
            for i, node in enumerate(line):
                x = i * spacing - width / 2
                placed[node] = x
                positions[node] = (round(x, 1), round(y, 1))
            y += row_gap * 0.6
        y += row_gap * 0.4
    return positions


def force_positions(net: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Positions for a graph too large for physics in the browser, the same for the same graph.

    A radial tree layout per connected component (``_radial_layout``),
    components packed in rows, biggest first. (networkx's spring layout needs
    numpy, which plankg does not depend on, and took 184 s at 10 000 nodes.)
    """
    import networkx as nx

    if not len(net):
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(net))
    simple.add_edges_from(sorted((s, o) for s, o in net.edges() if s != o))
    positions: dict[str, tuple[float, float]] = {}
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    cursor_x = cursor_y = row_height = 0.0
    row_width = None
    for component in components:
        local = _radial_layout(simple.subgraph(component))
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


def _radial_layout(component: nx.Graph, ring_gap: float = 220.0, spacing: float = 45.0) -> dict[str, tuple[float, float]]:
    """A radial tree layout in O(nodes + edges): a breadth-first tree from the best-connected node,
    each subtree given a wedge of the circle in proportion to its size, one ring per depth.

    Plans are hierarchies (plan → parts → places), so the tree keeps most edges short.
    Rings are widened so that nodes on one ring stay ``spacing`` apart.
    """
    root = min(component, key=lambda n: (-component.degree(n), n))
    parent: dict[str, str | None] = {root: None}
    depth = {root: 0}
    order = [root]
    children: dict[str, list[str]] = defaultdict(list)
    for node in order:  # grows while iterating: breadth-first
        for other in sorted(component.neighbors(node)):
            if other not in parent:
                parent[other] = node
                depth[other] = depth[node] + 1
                children[node].append(other)
                order.append(other)
    size = {n: 1 for n in order}
    for node in reversed(order):
        if parent[node] is not None:
            size[parent[node]] += size[node]
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
EXPORT_FORMATS = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json"}


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
            r, g, b = (int(style.color[i:i + 2], 16) for i in (1, 3, 5))
            x, y = positions[node]
            attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": node_size(degree[node]),
                            "position": {"x": x, "y": -y, "z": 0.0}}
        out.add_node(node, **attrs)
    for s, o, key, data in net.edges(keys=True, data=True):
        attrs = {k: _flat(v) for k, v in data.items() if v is not None}
        attrs["label"] = data.get(f"label_{lang}") or key
        out.add_edge(s, o, key=key, **attrs)
    return out


def export_bytes(net: nx.MultiDiGraph, fmt: str, lang: str = "vi") -> bytes:
    """The network as GraphML, GEXF 1.2 (with colours, sizes and positions for Gephi) or node-link JSON."""
    import io

    import networkx as nx

    if fmt not in EXPORT_FORMATS:
        raise NetworkError(f"unknown network format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")
    if fmt == "json":
        data = nx.node_link_data(net, edges="edges")
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat_copy(net, lang), buffer, encoding="utf-8")
    else:
        nx.write_gexf(flat_copy(net, lang, viz=True), buffer, encoding="utf-8", version="1.2draft")
    return buffer.getvalue()


def write_exports(net: nx.MultiDiGraph, out_dir, formats: Sequence[str] = tuple(EXPORT_FORMATS),
                  lang: str = "vi", name: str = "plankg-network") -> list:
    """Write ``<out_dir>/<name>.graphml|.gexf|.json``, all files or none; return their paths."""
    from pathlib import Path

    from .atomic import write_all

    unknown = [f for f in formats if f not in EXPORT_FORMATS]
    if unknown:
        raise NetworkError(f"unknown network format(s) {', '.join(unknown)}; choose from {', '.join(EXPORT_FORMATS)}")
    files = {Path(out_dir) / f"{name}{EXPORT_FORMATS[fmt]}": export_bytes(net, fmt, lang) for fmt in dict.fromkeys(formats)}
    write_all(files)
    return sorted(files)


__all__ = [
    "write_exports",
    "CLASS_STYLES", "EXPORT_FORMATS", "NetworkError", "PRECOMPUTE_ABOVE", "class_names", "display_label",
    "export_bytes", "find_entity", "flat_copy", "force_positions", "from_query_result", "hierarchy_positions",
    "keep_classes", "neighbourhood", "node_size", "plan_hierarchy", "plan_ids", "restrict_to_plans",
    "shared_between_plans", "style_of", "to_network",
]
