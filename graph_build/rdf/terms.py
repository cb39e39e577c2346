"""RDF terms written as text: the one place that turns an rdflib term into SPARQL/N-Triples syntax."""

from __future__ import annotations

import re

from graph_build.core.errors import QueryError


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


_LANG_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


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


#: The characters SPARQL's IRIREF allows (RFC 3987): none of ``<>"{}|^`\``, no space, no control.
_IRI_CHARS = r'[^<>"{}|^`\\\x00-\x20]*'


#: An absolute IRI: a scheme, then only those characters.
_SAFE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:" + _IRI_CHARS)


def is_safe_iri(text: str) -> bool:
    """True for an absolute IRI that SPARQL's ``<...>`` can hold as it is."""
    return _SAFE_IRI.fullmatch(text) is not None
