"""Dereferenceable IRIs: ``GET /id/…``, ``/vocab/…`` and ``/def`` answer a page or a description.

Following "Cool URIs for the Semantic Web" (W3C Note, §4.3 "303 URIs forwarding to
different documents"): the IRI names the thing (a plan, a target, a sector), not a
document about it, so ``GET /id/x`` answers ``303 See Other`` to the document that
suits the ``Accept`` header (``Vary: Accept``): ``/id/x.html`` for browsers,
``/id/x.ttl``, ``/id/x.jsonld`` or ``/id/x.nt`` for RDF clients. Those suffixed
addresses answer ``200`` with the document, and are the same paths the static site
(``plankg site``) writes, so a deployment may serve either. An IRI the graph does not
hold answers 404.

The queries run in the endpoint's worker pool like every other query, with the IRI
written from a checked term (``stores.query.with_literal_constants``, ``terms.sparql_term``),
never pasted into the text as given.
The HTML is rendered by the site's renderer (``graph_build.site``), which the command
hands to the server (``serve(pages=…)``): the two are siblings and never import each other.
"""

from __future__ import annotations

from typing import Protocol

from graph_build.core.iris import DEFAULT_DATA_BASE

#: The root every plankg IRI shares: ``/id/x`` on the server is ``<IRI_ROOT>id/x``.
IRI_ROOT = DEFAULT_DATA_BASE.rsplit("/id/", 1)[0] + "/"
#: Document suffix → the format name ``formats.negotiate`` gives.
SUFFIXES = {".html": "html", ".ttl": "turtle", ".jsonld": "jsonld", ".nt": "nt"}
NAME_SUFFIX = {name: suffix for suffix, name in SUFFIXES.items()}
MEDIA = {
    "html": "text/html; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
#: The well-known path of the dataset's VoID/DCAT description (VoID §6.2).
VOID_PATH = "/.well-known/void"

#: What the entity's description is: every triple with it as subject or object.
DESCRIBE_QUERY = """
CONSTRUCT { ?x ?y ?z } WHERE {
  { ?entity ?y ?z . BIND (?entity AS ?x) }
  UNION { ?x ?y ?entity . BIND (?entity AS ?z) }
}
"""

#: What its page shows: the description, the triples of what it points at, the labels, types and plans of
#: what points at it, two steps out the labels and sources, and the sources of each fact and their documents.
PAGE_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX pk: <https://w3id.org/plankg/def#>
CONSTRUCT { ?x ?y ?z } WHERE {
  { ?entity ?y ?z . BIND (?entity AS ?x) }
  UNION { ?x ?y ?entity . BIND (?entity AS ?z) }
  UNION { ?entity ?p1 ?x . FILTER (isIRI(?x)) ?x ?y ?z }
  UNION { ?x ?p2 ?entity . ?x ?y ?z . FILTER (?y IN (rdf:type, rdfs:label, skos:prefLabel, dcterms:title, pk:inPlan)) }
  UNION { ?s2 ?p2 ?entity . ?s2 pk:inPlan ?x . ?x ?y ?z . FILTER (?y IN (rdf:type, rdfs:label)) }
  UNION { ?entity ?p1 ?n . FILTER (isIRI(?n)) ?n ?p3 ?x . FILTER (isIRI(?x)) ?x ?y ?z .
          FILTER (?y IN (rdf:type, rdfs:label, skos:prefLabel, dcterms:title, pk:quote, pk:note, pk:inDocument,
                         pk:confidence, pk:quoteChecked, foaf:page, pk:value, pk:valueText, pk:unit, pk:indicator,
                         pk:targetYear, pk:minValue, pk:maxValue, pk:attestedBy, pk:ordinal)) }
  UNION { ?entity ?p1 ?n . FILTER (isIRI(?n)) ?n pk:hasTarget ?m . ?m pk:attestedBy ?x . ?x ?y ?z }
  UNION { ?x rdf:subject ?entity . ?x ?y ?z }
  UNION { ?st rdf:subject ?entity . ?st pk:attestedBy ?x . ?x ?y ?z }
  UNION { ?st rdf:subject ?entity . ?st pk:attestedBy/pk:inDocument ?x . ?x ?y ?z }
  UNION { ?entity pk:attestedBy/pk:inDocument ?x . ?x ?y ?z }
  UNION { ?entity ?p1 ?n . ?n pk:attestedBy/pk:inDocument ?x . ?x ?y ?z }
}
"""


class PageRenderer(Protocol):
    """What the server needs from the site to answer a dereferenced IRI (``graph_build.site.deref.SitePages``)."""

    script_hash: str

    def html(self, iri: str, ntriples: bytes) -> bytes | None:
        """The page of ``iri`` from its page graph (N-Triples), or None when the graph says nothing of it."""

    def rdf(self, iri: str, ntriples: bytes, name: str) -> bytes | None:
        """Its description in format ``name`` (turtle, jsonld, nt), or None when there is none."""

    def ontology(self, name: str) -> bytes:
        """The ontology and vocabularies (``/def``): its page, or its triples in format ``name``."""


def split_document(path: str) -> tuple[str, str | None]:
    """``/id/x.ttl`` → (``/id/x``, ``turtle``); ``/id/x`` → (``/id/x``, None).

    >>> split_document("/id/lang-son-2021-2030/target-1.jsonld")
    ('/id/lang-son-2021-2030/target-1', 'jsonld')
    >>> split_document("/vocab/sector/transport")
    ('/vocab/sector/transport', None)
    """
    for suffix, name in SUFFIXES.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], name
    return path, None


def iri_of(path: str) -> str:
    """The IRI a request path names: ``/id/x`` → ``https://w3id.org/plankg/id/x``."""
    return IRI_ROOT + path.lstrip("/")


def void_description(endpoint_url: str, triples: int, graphs: int, example: str | None) -> str:
    """The dataset as VoID and DCAT, in Turtle: where to query it, how its IRIs look, how big it is."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

    void = Namespace("http://rdfs.org/ns/void#")
    g = Graph()
    g.bind("void", void)
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    dataset = URIRef(IRI_ROOT + "id/")
    base = endpoint_url.rsplit("/sparql", 1)[0]
    g.add((dataset, RDF.type, void.Dataset))
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.title, Literal("plankg: Vietnamese provincial master plans", lang="en")))
    g.add((dataset, DCTERMS.title, Literal("plankg: quy hoạch tỉnh Việt Nam", lang="vi")))
    g.add((dataset, void.sparqlEndpoint, URIRef(endpoint_url)))
    g.add((dataset, void.uriSpace, Literal(IRI_ROOT + "id/")))
    g.add((dataset, void.vocabulary, URIRef(IRI_ROOT + "def#")))
    g.add((dataset, void.triples, Literal(triples, datatype=XSD.integer)))
    g.add((dataset, void.uriLookupEndpoint, Literal(base + "/id/")))
    g.add((dataset, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/cooluris/")))
    if example:
        g.add((dataset, void.exampleResource, URIRef(example)))
    service = BNode("endpoint")
    g.add((dataset, DCAT.distribution, service))
    g.add((service, RDF.type, DCAT.Distribution))
    g.add((service, DCAT.accessURL, URIRef(endpoint_url)))
    g.add((service, DCTERMS["format"], Literal("application/sparql-query")))
    g.add((service, DCTERMS.description, Literal(f"SPARQL 1.1 endpoint over {graphs} named graphs", lang="en")))
    return g.serialize(format="turtle")


__all__ = ["DESCRIBE_QUERY", "PAGE_QUERY", "PageRenderer", "SUFFIXES", "VOID_PATH", "iri_of", "split_document"]
