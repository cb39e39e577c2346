"""The site's pages for ``plankg serve``: what ``endpoint.deref.PageRenderer`` asks for.

The endpoint's worker gives the triples of one IRI's page (N-Triples); this renders them
with the same ``Renderer`` the static site uses, so ``GET /id/x.html`` on the server and
``id/x.html`` in the site folder are the same page (links between pages are relative in both).
"""

from __future__ import annotations

import functools

from graph_build.site.model import IRI_ROOT, SiteIndex
from graph_build.site.render import Renderer, ontology_page, script_hash
from graph_build.site.write import rdf_documents


@functools.cache
def _ontology():
    from graph_build.shacl.reference import ontology_graph

    return ontology_graph()


def _graph(ntriples: bytes):
    from rdflib import Graph

    return Graph().parse(data=ntriples.decode("utf-8"), format="nt")


class SitePages:
    """Pages and descriptions of dereferenced IRIs, rendered by the site's code."""

    def __init__(self) -> None:
        self.script_hash = script_hash()

    def html(self, iri: str, ntriples: bytes) -> bytes | None:
        ix = SiteIndex(_graph(ntriples), _ontology())
        if iri not in ix.out and iri not in ix.inc:
            return None
        # every IRI of the dataset's space is dereferenceable here, so every one is a link
        renderer = Renderer(ix, has_page=lambda other: other.startswith(IRI_ROOT) and ix.is_entity(other))
        return renderer.entity_page(iri)[1].encode("utf-8")

    def rdf(self, iri: str, ntriples: bytes, name: str) -> bytes | None:
        ix = SiteIndex(_graph(ntriples))
        if iri not in ix.out and iri not in ix.inc:
            return None
        return rdf_documents(ix, iri)[{"turtle": "ttl"}.get(name, name)]

    def ontology(self, name: str) -> bytes:
        if name == "html":
            return ontology_page(_ontology()).encode("utf-8")
        from graph_build.rdf.serialize import write_graph

        return write_graph(_ontology(), name)


__all__ = ["SitePages"]
