"""The three SPARQL constraints of ``ontology/shapes.ttl``, as Python transcriptions of what rdflib computes.

A constraint runs in Python only if its query text (whitespace collapsed) is exactly a key
of :data:`SPARQL_IN_PYTHON` and its prefixes are :data:`PYTHON_PREFIXES`; any other runs
in pyoxigraph (``components.SparqlCheck``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib.namespace import XSD

from graph_build.shacl.data import Data
from graph_build.shacl.terms import EMPTY, lexical

Rows = Iterator[tuple[str, str]]  # (focus, value)

_YEAR = "^(-?[0-9]+).*$"


def _year(term: str) -> int | None:
    """xsd:integer(REPLACE(STR(term), "^(-?[0-9]+).*$", "$1")) as rdflib computes it, or None on error."""
    try:
        return int(re.sub(_YEAR, "\\1", lexical(term), count=0))
    except ValueError:
        return None


_START, _END, _VISION = (f"<https://w3id.org/plankg/def#{n}>" for n in ("periodStart", "periodEnd", "visionYear"))
_TEMPORAL = "<http://purl.org/dc/terms/temporal>"
_BEGINNING, _ENDING, _IN_YEAR = (f"<http://www.w3.org/2006/time#{n}>" for n in ("hasBeginning", "hasEnd", "inXSDgYear"))


def _period_order(data: Data, focus: list[str]) -> Rows:
    starts, ends = data.out[_START], data.out[_END]
    for f in focus:
        for start in starts.get(f, EMPTY):
            for value in ends.get(f, EMPTY):
                a, b = _year(start), _year(value)
                if a is not None and b is not None and a > b:
                    yield f, value


def _vision_order(data: Data, focus: list[str]) -> Rows:
    ends, visions = data.out[_END], data.out[_VISION]
    for f in focus:
        for end in ends.get(f, EMPTY):
            for value in visions.get(f, EMPTY):
                a, b = _year(value), _year(end)
                if a is not None and b is not None and a < b:
                    yield f, value


def _temporal_agrees(data: Data, focus: list[str]) -> Rows:
    out = data.out
    temporal, year_of = out[_TEMPORAL], out[_IN_YEAR]
    for f in focus:
        for edge, bound in ((_BEGINNING, _START), (_ENDING, _END)):
            for interval in temporal.get(f, EMPTY):
                for instant in out[edge].get(interval, EMPTY):
                    for value in year_of.get(instant, EMPTY):
                        for year in out[bound].get(f, EMPTY):
                            if lexical(value) != lexical(year):
                                yield f, value


@dataclass(frozen=True)
class PythonQuery:
    """A SPARQL constraint's query transcribed: ``run`` gives its (focus, value) rows for the
    focus nodes; ``predicates`` are those it reads, so the data indexes them."""

    run: Callable[[Data, list[str]], Rows]
    predicates: tuple[str, ...]


#: Query text (whitespace collapsed) → its Python transcription.
SPARQL_IN_PYTHON = {
    "SELECT $this ?value WHERE { $this pk:periodStart ?start ; pk:periodEnd ?value . FILTER "
    '(xsd:integer(REPLACE(STR(?start), "^(-?[0-9]+).*$", "$1")) > xsd:integer(REPLACE(STR(?value), '
    '"^(-?[0-9]+).*$", "$1"))) }': PythonQuery(_period_order, (_START, _END)),
    "SELECT $this ?value WHERE { $this pk:periodEnd ?end ; pk:visionYear ?value . FILTER "
    '(xsd:integer(REPLACE(STR(?value), "^(-?[0-9]+).*$", "$1")) < xsd:integer(REPLACE(STR(?end), '
    '"^(-?[0-9]+).*$", "$1"))) }': PythonQuery(_vision_order, (_END, _VISION)),
    "SELECT $this ?value WHERE { { $this dcterms:temporal/time:hasBeginning/time:inXSDgYear ?value ; "
    "pk:periodStart ?year . } UNION { $this dcterms:temporal/time:hasEnd/time:inXSDgYear ?value ; "
    "pk:periodEnd ?year . } FILTER (STR(?value) != STR(?year)) }": PythonQuery(
        _temporal_agrees, (_TEMPORAL, _BEGINNING, _ENDING, _IN_YEAR, _START, _END)
    ),
}
#: The prefixes those query texts assume.
PYTHON_PREFIXES = {
    "pk": "https://w3id.org/plankg/def#",
    "xsd": str(XSD),
    "dcterms": "http://purl.org/dc/terms/",
    "time": "http://www.w3.org/2006/time#",
}
