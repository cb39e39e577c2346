"""The one term converter: the builder's N-Triples strings, rdflib terms, pyoxigraph terms, SPARQL text.

=========================  =====================================================================
function                   converts
=========================  =====================================================================
``sparql_term``            rdflib term → one-line SPARQL/N-Triples text, checked (query text)
``from_rdflib``            rdflib term → the builder's N-Triples term string (``rdf.ntriples``)
``to_oxigraph``            rdflib term → pyoxigraph term
``from_oxigraph``          pyoxigraph term → rdflib term (decimals in plankg's canonical form)
``oxigraph_converter``     ``from_oxigraph`` remembering each term, for the rows of one result
``from_results_json``      a SPARQL results JSON binding → rdflib term (decimals canonical)
=========================  =====================================================================

(N-Triples strings → rdflib terms is ``rdf.ntriples.to_rdflib``, the builder's cached fast path.)

Oxigraph and remote endpoints keep numbers in their value space, so ``"8.0"^^xsd:decimal``
comes back as ``"8"``; both readers rewrite a decimal in the XSD 1.1 canonical form the
builder writes ("8", "2.5"), so a row from Oxigraph, from an endpoint and from rdflib
compare equal. pyoxigraph is
imported only when one of its converters runs.

>>> from rdflib import Literal, URIRef
>>> from_rdflib(Literal("Lạng Sơn", lang="vi"))
'"Lạng Sơn"@vi'
>>> from_oxigraph(to_oxigraph(URIRef("https://w3id.org/plankg/def#Plan")))
rdflib.term.URIRef('https://w3id.org/plankg/def#Plan')
>>> from_results_json({"type": "literal", "value": "8.0", "datatype": XSD + "decimal"})
rdflib.term.Literal('8', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from graph_build.core.errors import EndpointError, QueryError
from graph_build.rdf.ntriples import XSD, XSD_STRING, iri, literal

XSD_DECIMAL = XSD + "decimal"

_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


_LANG_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


# -- rdflib → text ------------------------------------------------------------------------------
def sparql_term(term) -> str:
    """One RDF term in the one-line syntax SPARQL, Turtle, N-Triples and SPARQL TSV all read.

    IRIs use rdflib's ``n3()`` after checking they cannot break out of
    ``<...>``; literals are always written on one line between double quotes
    with every quote, backslash and line break escaped, so no value can end
    the literal early (rdflib's ``n3()`` switches to triple quotes for
    multi-line text, which TSV cannot hold).
    """
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        if not is_safe_iri(str(term)):
            raise QueryError(f"refusing to write the unsafe IRI {str(term)!r}")
        return term.n3()
    if isinstance(term, Literal):
        body = '"' + "".join(_ECHAR.get(c, c) for c in str(term)) + '"'
        if term.language:
            if not _LANG_TAG.match(term.language):
                raise QueryError(f"refusing to write the language tag {term.language!r}")
            return f"{body}@{term.language}"
        if term.datatype is not None:
            return f"{body}^^{sparql_term(URIRef(term.datatype))}"
        return body
    if isinstance(term, BNode):
        return term.n3()
    raise QueryError(f"cannot write {term!r} as an RDF term")


def from_rdflib(term) -> str:
    """An rdflib term as the builder's N-Triples term string (blank nodes keep their rdflib id)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return iri(str(term))
    if isinstance(term, Literal):
        return literal(str(term), term.language, str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"cannot write {term!r} as N-Triples")


# -- rdflib ↔ pyoxigraph ------------------------------------------------------------------------
_MODULES: tuple = ()


def _modules() -> tuple:
    """(pyoxigraph, BNode, Literal, URIRef), imported on first use: these converters run per term."""
    global _MODULES
    if not _MODULES:
        import pyoxigraph
        from rdflib import BNode, Literal, URIRef

        _MODULES = (pyoxigraph, BNode, Literal, URIRef)
    return _MODULES


def to_oxigraph(term):
    """An rdflib term as a pyoxigraph term (``None``, the default graph, stays ``None``)."""
    ox, BNode, Literal, URIRef = _MODULES or _modules()  # noqa: N806 - the classes' own names
    if term is None:
        return None
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store {term!r}")


@lru_cache(maxsize=200_000)
def _named(value: str):
    return (_MODULES or _modules())[0].NamedNode(value)


def from_oxigraph(term):
    """A pyoxigraph term as an rdflib term (``None`` and the default graph become ``None``)."""
    ox, BNode, Literal, URIRef = _MODULES or _modules()  # noqa: N806 - the classes' own names
    if isinstance(term, ox.NamedNode):  # the commonest first: this runs for every term of a result
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype
        if datatype == _xsd_string():
            return Literal(term.value)
        datatype = datatype.value
        if datatype == XSD_DECIMAL:
            return _decimal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term is None or isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unsupported term {term!r}")


@lru_cache(maxsize=1)
def _xsd_string():
    return _named(XSD_STRING)


def oxigraph_converter():
    """``from_oxigraph`` remembering each distinct term, for the rows of one result.

    Rows repeat their plans, sectors, classes and counts, and making an rdflib
    term costs microseconds (a ``Literal`` parses its value): on the 42 000
    rows of ``shared-sectors`` at 10^6 triples converting took longer than the
    query.
    """
    cache: dict = {}

    def convert(term):
        if term is None:
            return None
        value = cache.get(term)
        if value is None:
            value = cache[term] = from_oxigraph(term)
        return value

    return convert


# -- SPARQL results JSON → rdflib ---------------------------------------------------------------
def from_results_json(binding: dict):
    """One term of a SPARQL 1.1 Query Results JSON binding as an rdflib term."""
    from rdflib import BNode, Literal, URIRef

    kind, value = binding.get("type"), str(binding.get("value", ""))
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        if datatype == XSD_DECIMAL:
            return _decimal(value)
        if datatype and datatype != XSD_STRING:
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise EndpointError(f"unsupported term type {kind!r} in the endpoint's results")


def _decimal(lexical: str):
    """``"156"`` and ``"156.0"`` are one xsd:decimal value: written in plankg's canonical form."""
    from rdflib import Literal, URIRef

    from graph_build.rdf.builder import decimal_lexical

    try:
        return Literal(decimal_lexical(Decimal(lexical)), datatype=URIRef(XSD_DECIMAL))
    except InvalidOperation:
        return Literal(lexical, datatype=URIRef(XSD_DECIMAL))


#: The characters SPARQL's IRIREF allows (RFC 3987): none of ``<>"{}|^`\``, no space, no control.
_IRI_CHARS = r'[^<>"{}|^`\\\x00-\x20]*'


#: An absolute IRI: a scheme, then only those characters.
_SAFE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:" + _IRI_CHARS)


def is_safe_iri(text: str) -> bool:
    """True for an absolute IRI that SPARQL's ``<...>`` can hold as it is."""
    return _SAFE_IRI.fullmatch(text) is not None


__all__ = [
    "sparql_term",
    "from_rdflib",
    "to_oxigraph",
    "from_oxigraph",
    "oxigraph_converter",
    "from_results_json",
    "is_safe_iri",
]
