"""The SPARQL 1.1 Service Description of this endpoint, with a VoID description of its dataset.

Answered at ``GET /sparql`` without a query (SPARQL 1.1 Service Description
§2: an endpoint SHOULD describe itself there), in the graph format the client
negotiates. It says what the endpoint speaks (SPARQL 1.1 Query, the result
formats, the union default graph) and what it holds: each named graph with its
triple count, and the total.
"""

from __future__ import annotations

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

#: The answer formats (``formats``), as the W3C names them under http://www.w3.org/ns/formats/.
_RESULT_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "JSON-LD",
    "N-Triples",
    "RDF_XML",
)


def service_description(store, endpoint_url: str) -> list:
    """The description as pyoxigraph triples; ``store`` is the served pyoxigraph Store."""
    import pyoxigraph as ox

    def iri(value: str):
        return ox.NamedNode(value)

    def count(value: int):
        return ox.Literal(str(value), datatype=iri(XSD_INTEGER))

    service, dataset, default_graph = iri(endpoint_url), ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, iri(RDF_TYPE), iri(SD + "Service")),
        ox.Triple(service, iri(SD + "endpoint"), service),
        ox.Triple(service, iri(SD + "supportedLanguage"), iri(SD + "SPARQL11Query")),
        ox.Triple(service, iri(SD + "feature"), iri(SD + "UnionDefaultGraph")),
        ox.Triple(service, iri(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, iri(RDF_TYPE), iri(SD + "Dataset")),
        ox.Triple(dataset, iri(RDF_TYPE), iri(VOID + "Dataset")),
        ox.Triple(dataset, iri(VOID + "sparqlEndpoint"), service),
        ox.Triple(dataset, iri(SD + "defaultGraph"), default_graph),
        ox.Triple(default_graph, iri(RDF_TYPE), iri(SD + "Graph")),
    ]
    for name in _RESULT_FORMAT_IRIS:
        triples.append(ox.Triple(service, iri(SD + "resultFormat"), iri(FORMATS + name)))
    counts = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    total = 0
    for number, solution in enumerate(counts):
        graph, size = solution["g"], int(solution["n"].value)
        total += size
        named, description = ox.BlankNode(f"graph{number}"), ox.BlankNode(f"graph{number}description")
        triples += [
            ox.Triple(dataset, iri(SD + "namedGraph"), named),
            ox.Triple(named, iri(RDF_TYPE), iri(SD + "NamedGraph")),
            ox.Triple(named, iri(SD + "name"), graph),
            ox.Triple(named, iri(SD + "graph"), description),
            ox.Triple(description, iri(RDF_TYPE), iri(SD + "Graph")),
            ox.Triple(description, iri(VOID + "triples"), count(size)),
        ]
    union = next(
        iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"))
    )
    # The default graph is the union: a triple in two named graphs is in it once.
    triples += [
        ox.Triple(default_graph, iri(VOID + "triples"), count(int(union["n"].value))),
        ox.Triple(dataset, iri(VOID + "triples"), count(total)),
    ]
    return triples
