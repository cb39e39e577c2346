"""A SPARQL 1.1 Protocol endpoint as a (read-only) store; write to one with ``plankg push``.

Queries go by URL-encoded POST (``application/x-www-form-urlencoded``, the
query and the dataset in the body) with urllib: of the protocol's three ways
to send a query it is the one every store answers. A direct
``application/sparql-query`` POST is never answered by Virtuoso 7.2.5
(openlink/virtuoso-opensource#842: the request hangs until the timeout), and
GET puts the query in the URL, where a long one meets URL-length limits and
lands in access logs. Oxigraph, Virtuoso and ``plankg serve`` answer the form
POST as fast as the direct one. The dataset a
query asks for travels as the protocol's ``default-graph-uri`` and
``named-graph-uri`` parameters: the ones given to ``run``, else the query's own
``FROM``/``FROM NAMED``. Both mean the same to a server that follows the
protocol, and the parameters are also honoured by Oxigraph's
``--union-default-graph``, which otherwise keeps the union as the default graph
even under ``FROM``. Which graphs exist is the endpoint's to say, so a ``FROM``
it does not hold is not refused here (plankg fetches nothing itself).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from graph_build.core.errors import EndpointError, QueryError
from graph_build.stores.base import Store
from graph_build.stores.query import KINDS, QueryResult, _with_prefixes, parse_results_json, with_values_block


class RemoteStore(Store):
    name = "remote"
    timeout = 60  # seconds for one answer

    def __init__(self, url: str, opener=None):
        """``opener``: a ``urllib.request.OpenerDirector`` to send the requests with (e.g. one that
        answers an HTTP authentication challenge, as ``plankg push --user`` builds); default urllib's."""
        if not re.match(r"^https?://", url or ""):
            raise QueryError(f"the endpoint must be an http(s) URL, got {url!r}")
        self.url = url
        self.opener = opener

    @classmethod
    def open(cls, path=None, url=None, read_only=True):
        if url is None:
            raise QueryError("the remote store needs the endpoint's URL")
        return cls(url)

    def graph_names(self):
        return None  # the endpoint's to know

    def __len__(self):
        result = self.run("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", {})
        return int(str(result.rows[0][0]))

    def _evaluate(self, text, prepared, bindings, dataset, origin):
        kind = KINDS[prepared.algebra.name]
        if bindings:
            text = with_values_block(text, bindings)
        params = []
        if dataset is not None:
            params = [("default-graph-uri", g) for g in dataset.default] + [
                ("named-graph-uri", g) for g in dataset.named
            ]
        graph_result = kind in ("CONSTRUCT", "DESCRIBE")
        accept = "text/turtle" if graph_result else "application/sparql-results+json"
        content_type, body = self._post(text, accept, params)
        if graph_result:
            return QueryResult(kind, graph=self._parse_graph(body, content_type))
        return _as_the_protocol_says(parse_results_json(body, kind))

    def _post(self, text: str, accept: str, params: list[tuple[str, str]]) -> tuple[str, bytes]:
        import urllib.error
        import urllib.request

        request = urllib.request.Request(  # noqa: S310 - the URL was checked to be http(s)
            self.url,
            data=urlencode([("query", text), *params]).encode("ascii"),
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
        )
        open_url = self.opener.open if self.opener is not None else urllib.request.urlopen
        try:
            with open_url(request, timeout=self.timeout) as response:  # noqa: S310 - http(s) checked
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
            raise EndpointError(f"{self.url} answered HTTP {exc.code}: {detail[0] if detail else exc.reason}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise EndpointError(f"cannot reach {self.url}: {getattr(exc, 'reason', exc)}") from None

    def _parse_graph(self, body: bytes, content_type: str):
        from rdflib import Graph

        fmt = "nt" if "n-triples" in content_type else "json-ld" if "ld+json" in content_type else "turtle"
        try:
            return _with_prefixes(Graph().parse(data=body.decode("utf-8"), format=fmt))
        except Exception as exc:  # whatever the parser raises for a bad answer
            raise EndpointError(f"{self.url} sent a graph that cannot be read: {exc}") from None


def _as_the_protocol_says(result: QueryResult) -> QueryResult:
    """An ASK answered the way Virtuoso 7.2.5 answers it, as the boolean the protocol specifies.

    Virtuoso sends a table of ``__ASK_RETVAL`` in every results format instead of
    ``{"boolean": ...}``: one row holding 1 for true, no row for false. (Its results JSON also spells each
    ``xsd:boolean`` ``"1"`` / ``"0"``, though it stores and writes ``"true"`` /
    ``"false"`` everywhere else; rdflib reads both as the same term, so rows need
    nothing.)
    """
    if result.kind == "ASK" and result.boolean is None and result.vars == ["__ASK_RETVAL"] and len(result.rows) <= 1:
        return QueryResult("ASK", boolean=any(str(row[0]) not in ("0", "false") for row in result.rows))
    return result


__all__ = ["RemoteStore"]
