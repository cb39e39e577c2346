"""Dereferenceable IRIs on the real ``plankg serve``, spoken to over HTTP (urllib, no redirects followed).

``GET /id/x`` answers 303 to the document that suits ``Accept`` (``Vary: Accept``); the
document answers 200 in its format; an unknown IRI 404; the Host check and the read-only
limits still hold; ``/.well-known/void`` describes the dataset.
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from .servers import start_plankg_serve

PLAN = "https://w3id.org/plankg/id/lang-son-2021-2030"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def get(url: str, accept: str | None = None, host: str | None = None):
    headers = {}
    if accept:
        headers["Accept"] = accept
    if host:
        headers["Host"] = host
    try:
        with _opener.open(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


@pytest.fixture(scope="module")
def server():
    server = start_plankg_serve("--workers", "1")
    yield server.url.rsplit("/sparql", 1)[0]
    server.stop()


@pytest.mark.parametrize(
    ("accept", "suffix"),
    [
        ("text/html,application/xhtml+xml,*/*;q=0.8", ".html"),
        ("text/turtle", ".ttl"),
        ("application/ld+json", ".jsonld"),
        ("application/n-triples", ".nt"),
        ("*/*", ".ttl"),
    ],
)
def test_the_iri_answers_303_to_the_document_accept_asks_for(server, accept, suffix):
    status, headers, _ = get(server + "/id/lang-son-2021-2030", accept)
    assert status == 303
    assert headers["Location"] == "/id/lang-son-2021-2030" + suffix
    assert "Accept" in headers["Vary"]


def test_the_documents_hold_the_description(server):
    status, headers, body = get(server + "/id/lang-son-2021-2030.ttl")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    turtle = Graph().parse(data=body.decode("utf-8"), format="turtle")
    labels = {str(label) for label in turtle.objects(URIRef(PLAN), RDFS.label)}
    assert any("Lạng Sơn" in label for label in labels)
    status, headers, body = get(server + "/id/lang-son-2021-2030.jsonld")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    jsonld = Graph().parse(data=body.decode("utf-8"), format="json-ld")
    status, _, body = get(server + "/id/lang-son-2021-2030.nt")
    ntriples = Graph().parse(data=body.decode("utf-8"), format="nt")
    assert len(turtle) == len(jsonld) == len(ntriples) > 20
    assert set(turtle) == set(ntriples)


def test_the_page_is_the_sites_page(server, tmp_path):
    status, headers, body = get(server + "/id/lang-son-2021-2030/breakthrough-1-digital-transformation.html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    assert "script-src 'sha256-" in headers["Content-Security-Policy"]  # exactly the page's own script
    assert 'class="src"' in page and 'href="../lang-son-2021-2030.html"' in page  # sources, a relative link to the plan
    status, _, concept = get(server + "/vocab/sector/transport.html")
    assert status == 200 and "giao thông vận tải" in concept.decode("utf-8")
    status, _, ontology = get(server + "/def.html")
    assert status == 200 and 'id="Target"' in ontology.decode("utf-8")


@pytest.mark.parametrize(
    "path",
    [
        "/id/no-such-plan",
        "/id/no-such-plan.html",
        "/id/lang-son-2021-2030%3E%20%3Fs%20%3Fp%20%3Fo.ttl",  # a '>' cannot close the IRI: it is bound as a term
        "/id/%7D%20UNION%20%7B%20%3Fx%20%3Fy%20%3Fz.html",
        "/vocab/sector/nowhere.ttl",
    ],
)
def test_unknown_iris_are_404(server, path):
    if "." in path.rsplit("/", 1)[-1]:
        status, _, _ = get(server + path)
        assert status == 404
    else:
        status, headers, _ = get(server + path, "text/turtle")
        assert status == 303  # the IRI is only looked up when its document is asked for
        assert get(server + headers["Location"])[0] == 404


def test_the_host_check_holds(server):
    status, _, _ = get(server + "/id/lang-son-2021-2030.html", host="attacker.example")
    assert status == 400


def test_void_describes_the_dataset(server):
    status, headers, body = get(server + "/.well-known/void")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    void = Graph().parse(data=body.decode("utf-8"), format="turtle")
    ns = "http://rdfs.org/ns/void#"
    dataset = URIRef("https://w3id.org/plankg/id/")
    assert (dataset, URIRef(ns + "sparqlEndpoint"), URIRef(server + "/sparql")) in void
    triples = int(void.value(dataset, URIRef(ns + "triples")))
    assert triples > 5000
    assert str(void.value(dataset, URIRef(ns + "exampleResource"))).startswith("https://w3id.org/plankg/id/")


def test_served_pages_are_the_static_sites_bytes(server, tmp_path):
    """The same renderer: an entity's page from ``plankg serve`` is the page ``plankg site`` writes."""
    from graph_build.site.write import write_site
    from graph_build.views.generate import load_graph

    site = tmp_path / "site"
    write_site(load_graph(), site)
    pages = sorted((site / "id").rglob("*.html"))[::25]
    differ = [
        str(page.relative_to(site))
        for page in pages
        if get(f"{server}/{page.relative_to(site).as_posix()}")[2] != page.read_bytes()
    ]
    assert differ == [] and len(pages) > 15
