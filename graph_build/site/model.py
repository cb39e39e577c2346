"""What the site's pages say, read from an RDF graph in one pass: ``SiteIndex``.

The same index serves the static site (over the whole graph) and ``plankg serve``'s
dereferenceable IRIs (over the small graph one CONSTRUCT gives for one entity), so a
page is the same whether it was written to a folder or asked of the endpoint.

Terms are kept as rdflib terms; labels come from the data and from the ontology and
vocabularies (classes, properties, concepts). An entity is any typed subject that is not
provenance or time plumbing (``network.model.PLUMBING_TYPES``), every vocabulary concept
the data points at, and every source document.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from graph_build.core.iris import DEFAULT_DATA_BASE, ONTOLOGY_IRI, VOCAB_IRI
from graph_build.network.model import FOREIGN_LABELS, PLUMBING_TYPES, local_name

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROV_NS = "http://www.w3.org/ns/prov#"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS_NS = "http://purl.org/dc/terms/"
FOAF_NS = "http://xmlns.com/foaf/0.1/"
PK = ONTOLOGY_IRI + "#"
TYPE = RDF_NS + "type"
LABELS = (RDFS_NS + "label", SKOS_NS + "prefLabel", DCTERMS_NS + "title")
#: The root every plankg IRI shares; a page's path is the IRI's path below it.
IRI_ROOT = DEFAULT_DATA_BASE.rsplit("/id/", 1)[0] + "/"
#: Relations shown in their own sections (or not at all) rather than in the relation lists.
#: the reified links: one the text states (rdf:Statement), one a rule infers (pk:InferredLink)
LINK_TYPES = frozenset({RDF_NS + "Statement", PK + "InferredLink"})
HIDDEN_RELATIONS = frozenset({TYPE, PK + "attestedBy", PK + "statedCount", RDF_NS + "subject", RDF_NS + "object"})
LANGS = ("vi", "en")
#: Labels of the standard properties plankg uses (the ontology labels only its own terms).
STANDARD_LABELS: dict[str, dict[str, str]] = {
    RDFS_NS + "label": {"vi": "nhãn", "en": "label"},
    RDFS_NS + "comment": {"vi": "chú thích", "en": "comment"},
    SKOS_NS + "altLabel": {"vi": "tên khác", "en": "other name"},
    SKOS_NS + "prefLabel": {"vi": "nhãn", "en": "label"},
    SKOS_NS + "exactMatch": {"vi": "cùng một thực thể", "en": "same entity as"},
    DCTERMS_NS + "description": {"vi": "mô tả", "en": "description"},
    DCTERMS_NS + "title": {"vi": "tiêu đề", "en": "title"},
    DCTERMS_NS + "temporal": {"vi": "thời kỳ", "en": "period"},
    FOAF_NS + "page": {"vi": "trang web", "en": "web page"},
}


@functools.lru_cache(maxsize=1 << 18)
def page_path(iri: str) -> str:
    """The site path of an IRI's page, without suffix: ``https://w3id.org/plankg/id/a/b`` → ``id/a/b``.

    The path mirrors the IRI below ``https://w3id.org/plankg/``; other IRIs (a build with
    ``--base``) go under ``ext/``. Every segment is percent-encoded, and ``.``/``..``
    segments cannot occur, so a page is always written inside the site folder.

    >>> page_path("https://w3id.org/plankg/id/lang-son-2021-2030/breakthrough-4")
    'id/lang-son-2021-2030/breakthrough-4'
    >>> page_path("https://w3id.org/plankg/def#Target")
    'def'
    >>> page_path("http://example.org/../x")
    'ext/http%3A/example.org/%2E%2E/x'
    """
    iri = iri.split("#", 1)[0]
    if iri.startswith(IRI_ROOT):
        rest, top = iri[len(IRI_ROOT) :], []
    else:
        rest, top = iri, ["ext"]
    segments = [s for s in rest.split("/") if s]
    encoded = [
        quote(s, safe="-_~").replace(".", "%2E") if s.strip(".") == "" else quote(s, safe="-._~") for s in segments
    ]
    return "/".join(top + encoded) or "index-iri"


def relative(from_path: str, to_path: str) -> str:
    """A link from the page at ``from_path`` to ``to_path`` (both relative to the site root, without ``..``).

    Worked out on the strings (``posixpath.relpath`` asks the file system for the current folder).

    >>> relative("id/lang-son-2021-2030/target-1.html", "index.html")
    '../../index.html'
    >>> relative("id/lang-son-2021-2030.html", "id/lang-son-2021-2030/target-1.html")
    'lang-son-2021-2030/target-1.html'
    >>> relative("index.html", "compare/index.html")
    'compare/index.html'
    """
    source, target = from_path.split("/")[:-1], to_path.split("/")
    common = 0
    while common < len(source) and common < len(target) - 1 and source[common] == target[common]:
        common += 1
    return "/".join([".."] * (len(source) - common) + target[common:])


@dataclass(frozen=True)
class Source:
    """One attestation as a page shows it."""

    quote: str | None
    note: str | None
    document: str | None  # the SourceDocument's IRI
    confidence: str | None  # a confidence concept's local name
    quote_checked: bool | None
    #: an inferred link (pk:InferredLink): the rule concept's IRI and the statements it rests on
    rule: str | None = None
    derived_from: tuple[str, ...] = ()


class _Terms:
    """What the ontology and vocabularies say of their terms: labels, definitions, schemes, types."""

    def __init__(self, ontology=None):
        from rdflib import Literal

        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        self.defs: dict[str, dict[str, str]] = defaultdict(dict)
        self.in_scheme: dict[str, str] = {}
        self.types: dict[str, set[str]] = defaultdict(set)
        for s, p, o in ontology.triples((None, None, None)) if ontology is not None else ():
            s_, p_ = str(s), str(p)
            if isinstance(o, Literal):
                if p_ in LABELS:
                    _add_label(self.labels[s_], o, p_)
                elif p_ == SKOS_NS + "definition" and o.language:
                    self.defs[s_].setdefault(o.language, str(o))
            elif p_ == SKOS_NS + "inScheme":
                self.in_scheme[s_] = str(o)
            elif p_ == TYPE:
                self.types[s_].add(str(o))
        for iri, names in {**FOREIGN_LABELS, **STANDARD_LABELS}.items():
            for lang, text in names.items():
                self.labels[iri].setdefault(lang, text)


#: One ``_Terms`` per ontology graph: read once per process, not once per page a server renders.
_TERMS: dict[int, tuple[object, _Terms]] = {}


def _terms(ontology) -> _Terms:
    found = _TERMS.get(id(ontology))
    if found is None or found[0] is not ontology:
        found = _TERMS[id(ontology)] = (ontology, _Terms(ontology))
    return found[1]


def _add_label(seen: dict[str, str], o, p: str) -> None:
    lang = o.language or ""
    key = lang if lang in LANGS else ""
    # rdfs:label and skos:prefLabel win over a document's title; the first of each kind is kept
    if key not in seen or (p != DCTERMS_NS + "title" and seen.get(f"_{key}") == "title"):
        seen[key] = str(o)
        seen[f"_{key}"] = "title" if p == DCTERMS_NS + "title" else "label"


class SiteIndex:
    """Every triple of ``graph`` (and the terms of ``ontology``), indexed by subject and object."""

    def __init__(self, graph, ontology=None):
        from rdflib import Literal, URIRef

        self.out: dict[str, list[tuple[str, object]]] = defaultdict(list)
        self.inc: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.types: dict[str, set[str]] = defaultdict(set)
        self.data_labels: dict[str, dict[str, str]] = defaultdict(dict)
        terms = _terms(ontology)
        self.term_labels = terms.labels
        self.defs = terms.defs
        self.in_scheme = terms.in_scheme
        self.onto_types = terms.types
        for s, p, o in graph.triples((None, None, None)):
            if not isinstance(s, URIRef):
                continue
            s_, p_ = str(s), str(p)
            self.out[s_].append((p_, o))
            if isinstance(o, URIRef):
                self.inc[str(o)].append((s_, p_))
                if p_ == TYPE:
                    self.types[s_].add(str(o))
            elif isinstance(o, Literal) and p_ in LABELS:
                _add_label(self.data_labels[s_], o, p_)
        for values in self.out.values():
            values.sort(key=lambda po: (po[0], _sort_key(po[1])))
        for incoming in self.inc.values():
            incoming.sort()
        self._statements: dict[tuple[str, str, str], list[str]] | None = None
        self._plans: list[str] | None = None

    # -- labels and classes -----------------------------------------------------------------

    def label(self, iri: str, lang: str) -> str:
        found = self.data_labels.get(iri) or self.term_labels.get(iri) or {}
        other = "en" if lang == "vi" else "vi"
        return found.get(lang) or found.get("") or found.get(other) or local_name(iri)

    def has_label(self, iri: str) -> bool:
        return bool(self.data_labels.get(iri) or self.term_labels.get(iri))

    def main_class(self, iri: str) -> str | None:
        types = self.types.get(iri) or self.onto_types.get(iri) or set()
        ranked = sorted(types, key=lambda t: (not t.startswith(PK), t))
        return ranked[0] if ranked else None

    def values(self, iri: str, prop: str) -> list:
        return [o for p, o in self.out.get(iri, ()) if p == prop]

    def first(self, iri: str, prop: str):
        found = self.values(iri, prop)
        return found[0] if found else None

    # -- what kind of thing ------------------------------------------------------------------

    def is_entity(self, iri: str) -> bool:
        types = self.types.get(iri)
        if types:
            return not (types & PLUMBING_TYPES) or PK + "SourceDocument" in types
        return self.is_concept(iri)

    def is_concept(self, iri: str) -> bool:
        return iri.startswith(VOCAB_IRI) and iri.count("/") > VOCAB_IRI.count("/")

    def entities(self) -> list[str]:
        """Every entity with a page, sorted: typed subjects, documents, and the concepts the data points at."""
        found = {s for s in self.out if self.is_entity(s)}
        found.update(o for o in self.inc if self.is_concept(o))
        return sorted(found)

    def plans(self) -> list[str]:
        if self._plans is None:
            self._plans = self._find_plans()
        return self._plans

    def _find_plans(self) -> list[str]:
        return sorted(
            s for s, types in self.types.items() if any(t.startswith(PK) and t.endswith("Plan") for t in types)
        )

    # -- provenance ---------------------------------------------------------------------------

    def sources(self, iri: str) -> list[Source]:
        """The attestations of an entity (or of a statement node)."""
        return [self.source(str(a)) for a in self.values(iri, PK + "attestedBy")]

    def source(self, attestation: str) -> Source:
        def text(prop: str) -> str | None:
            value = self.first(attestation, prop)
            return None if value is None else str(value)

        checked = self.first(attestation, PK + "quoteChecked")
        confidence = self.first(attestation, PK + "confidence")
        return Source(
            quote=text(PK + "quote"),
            note=text(PK + "note"),
            document=text(PK + "inDocument"),
            confidence=None if confidence is None else local_name(str(confidence)),
            quote_checked=None if checked is None else bool(checked.toPython()),
        )

    def statement_sources(self, s: str, p: str, o) -> list[Source]:
        """The attestations of one fact (``rdf:Statement`` nodes that name it); a link a rule
        infers (``pk:InferredLink``) shows its rule and what it rests on first, then any source."""
        if self._statements is None:
            found: dict[tuple[str, str, str], list[str]] = defaultdict(list)
            for node, values in self.out.items():
                if not self.types.get(node, set()) & LINK_TYPES:
                    continue
                parts = {
                    p_: o_ for p_, o_ in values if p_ in (RDF_NS + "subject", RDF_NS + "predicate", RDF_NS + "object")
                }
                if len(parts) == 3:
                    key = (
                        str(parts[RDF_NS + "subject"]),
                        str(parts[RDF_NS + "predicate"]),
                        str(parts[RDF_NS + "object"]),
                    )
                    found[key].append(node)
            self._statements = found
        listed: list[Source] = []
        for node in self._statements.get((s, p, str(o)), ()):
            rule = self.first(node, PK + "inferredBy")
            if rule is not None:
                derived = tuple(sorted(str(d) for d in self.values(node, PROV_NS + "wasDerivedFrom")))
                listed.append(Source(None, None, None, None, None, rule=str(rule), derived_from=derived))
            listed.extend(self.sources(node))
        return listed

    # -- plans ------------------------------------------------------------------------------------

    def plans_of(self, iri: str) -> list[str]:
        """The plans an entity belongs to (``pk:inPlan``) or is reached from (a plan or its member points at it)."""
        plans = {str(o) for o in self.values(iri, PK + "inPlan")}
        plan_set = set(self.plans())  # a few plans: a set per call costs nothing
        if iri in plan_set:
            return sorted(plans)
        for s, _ in self.inc.get(iri, ()):
            if s in plan_set:
                plans.add(s)
            else:
                plans.update(str(o) for o in self.values(s, PK + "inPlan"))
        return sorted(plans)

    def plan_targets(self, plan: str) -> list[str]:
        """A plan's targets: its own and its objectives' (``pk:hasTarget`` one step further out)."""
        found = {str(o) for o in self.values(plan, PK + "hasTarget")}
        for _, n in self.out.get(plan, ()):
            if is_iri(n) and str(n) in self.out:
                found.update(str(o) for o in self.values(str(n), PK + "hasTarget"))
        return sorted(found)

    def describe(self, iri: str) -> list[tuple]:
        """The entity's description as rdflib triples: what it says and what points at it, sorted."""
        from rdflib import URIRef

        node = URIRef(iri)
        triples = [(node, URIRef(p), o) for p, o in self.out.get(iri, ())]
        triples += [(URIRef(s), URIRef(p), node) for s, p in self.inc.get(iri, ())]
        return sorted(set(triples), key=lambda t: (str(t[0]), str(t[1]), _sort_key(t[2])))


def _sort_key(term) -> tuple:
    return (
        type(term).__name__,
        str(term),
        str(getattr(term, "language", "") or ""),
        str(getattr(term, "datatype", "") or ""),
    )


def is_iri(term) -> bool:
    from rdflib import URIRef

    return isinstance(term, URIRef)


def iris(terms: Iterable) -> list[str]:
    return [str(t) for t in terms if is_iri(t)]


__all__ = ["IRI_ROOT", "SiteIndex", "Source", "local_name", "page_path", "relative"]
