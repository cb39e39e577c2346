"""N-Triples term strings as the fast SHACL engine reads them, and the two ways it hands over to pySHACL.

The engine works on the term strings :mod:`graph_build.rdf.ntriples` writes (``<iri>``,
``"text"@vi``, ``"8.0"^^<…#decimal>``, ``_:b0``) and compares them as rdflib stores
them: typed literals in rdflib's normal form, language tags in lower case. rdflib terms
are made only for typed literals in unusual forms (once per distinct literal).
"""

from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from graph_build.rdf import ntriples
from graph_build.rdf.terms import from_rdflib

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
XSD_STRING_SUFFIX = f"^^<{XSD.string}>"
EMPTY: tuple[str, ...] = ()


class Unsupported(Exception):
    """The shapes use a SHACL feature (or a form of one) this engine does not implement."""


class Fallback(Exception):
    """The data meets a case where pySHACL fails or does something this engine does not
    reproduce (e.g. ``sh:lessThanOrEquals`` on a blank node): validate with pySHACL."""


def sh(name: str) -> URIRef:
    """A term of the SHACL vocabulary."""
    return URIRef(SH + name)


#: Lexical forms that rdflib reads as a well-typed value of the datatype and writes back
#: unchanged (tests/test_shacl_engine.py checks this against rdflib): such literals need
#: no rdflib term for a datatype check or to be stored as rdflib stores them.
PLAIN_FORMS = {
    str(XSD.boolean): re.compile("true|false"),
    str(XSD.integer): re.compile("0|-?[1-9][0-9]*"),
    str(XSD.decimal): re.compile("-?(0|[1-9][0-9]*)\\.[0-9]+"),
    str(XSD.gYear): re.compile("[1-9][0-9]{3}"),
}


def kind(term: str) -> str:
    """I (IRI), B (blank node) or L (literal) for an N-Triples term string."""
    first = term[0]
    return "I" if first == "<" else "L" if first == '"' else "B"


def is_lang_literal(term: str) -> bool:
    return term[0] == '"' and term[-1] not in '">'


def canonical_typed(term: str) -> str:
    """A typed literal as rdflib stores it: rdflib normalises the lexical form of the
    datatypes it knows (``"01"^^xsd:integer`` is ``"1"``), so those are one term."""
    if term.endswith(XSD_STRING_SUFFIX):
        return term  # rdflib keeps "x"^^xsd:string apart from "x"; from_rdflib would merge them
    quote = term.rindex('"')
    plain = PLAIN_FORMS.get(term[quote + 4 : -1])
    if plain is not None and plain.fullmatch(term, 1, quote):
        return term
    try:
        literal = ntriples.to_rdflib(term)
        canonical = from_rdflib(literal)
    except Exception:  # noqa: BLE001 - an odd term: keep it as given
        return term
    if canonical != term and getattr(literal, "ill_typed", None):
        # "yes"^^xsd:boolean: rdflib stores it as "false"^^xsd:boolean marked ill-typed, and an
        # rdflib graph keeps whichever of the two equal terms came first: pySHACL decides
        raise Fallback(f"{term} is ill-typed and rdflib rewrites it as {canonical}")
    return canonical


def canonical_lang(term: str) -> str:
    """rdflib compares language tags case-insensitively: one term per lower-case tag."""
    quote = term.rindex('"')
    tail = term[quote:]
    return term if tail == tail.lower() else term[:quote] + tail.lower()


def lexical(term: str) -> str:
    """What rdflib's ``str()`` (and SPARQL's STR in rdflib) gives for a term."""
    first = term[0]
    if first == "<":
        return term[1:-1]
    if first == "_":
        return term[2:]
    return ntriples.literal_parts(term)[0]


def tag(term: str) -> str:
    """The language tag of a language-tagged literal term."""
    return term[term.rindex('"') + 2 :]


def node_term(node: Node) -> str:
    """An rdflib term of the shapes graph as a (canonical) N-Triples term string."""
    text = from_rdflib(node)
    if text[0] == '"' and text[-1] != '"':
        text = canonical_typed(text) if text[-1] == ">" else canonical_lang(text)
    return text
