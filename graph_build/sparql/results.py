"""Query results → text: a terminal table, JSON, XML, CSV, TSV, Markdown; graphs as RDF.

The formats, their names and which function here writes each are listed once,
in ``graph_build.rdf.formats`` (kind "results"); graphs are written by
``graph_build.rdf.serialize`` (Turtle, JSON-LD, N-Triples, RDF/XML).
CSV, TSV, JSON and XML follow the W3C SPARQL 1.1 Query Results formats exactly,
so other tools read them; the table and Markdown are for people and shorten
plankg's IRIs with prefixes (``id:lang-son-2021-2030/task-1-institutions``).

Column widths in the table are *display* widths: a Vietnamese letter with a
combining mark (``ạ`` written as ``a`` + U+0323) takes one column, a CJK
character two. ``wcwidth`` is used when installed, ``unicodedata`` otherwise.

>>> from rdflib import Literal
>>> display_width("Lạng Sơn"), display_width("La\\u0323ng")
(8, 4)
>>> sparql_term(Literal('x" } ; DROP ALL ; #'))
'"x\\\\" } ; DROP ALL ; #"'
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import TYPE_CHECKING

from graph_build.core.errors import QueryError
from graph_build.core.namespace import DISPLAY_PREFIXES
from graph_build.rdf import formats as _formats
from graph_build.rdf.terms import sparql_term

if TYPE_CHECKING:
    from graph_build.stores.query import QueryResult

#: What a SELECT or ASK prints in, and what a CONSTRUCT or DESCRIBE prints in (names from the registry).
_OUTPUT = _formats.query_output_formats()
TABULAR_FORMATS = tuple(f.name for f in _OUTPUT if f.kind == "results")
GRAPH_FORMATS = tuple(f.name for f in _OUTPUT if f.kind == "graph")
FORMATS = TABULAR_FORMATS + GRAPH_FORMATS

try:  # optional: the most complete display-width table
    from wcwidth import wcwidth as _wcwidth
except ImportError:  # pragma: no cover - exercised where wcwidth is missing
    _wcwidth = None  # type: ignore[assignment]  # the fallback below counts code points


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: combining marks 0, wide (CJK) characters 2."""
    total = 0
    for ch in unicodedata.normalize("NFC", text):
        if _wcwidth is not None:
            total += max(_wcwidth(ch), 0)
        elif unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf", "Cc"):
            continue
        else:
            total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def _fit(text: str, width: int | None) -> str:
    """``text`` cut to ``width`` display columns, with an ellipsis when cut."""
    if width is None or display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


# -------------------------------------------------------------------------------------------
# Terms
# -------------------------------------------------------------------------------------------


def _plain(term) -> str:
    """The text of a term as SPARQL CSV writes it: IRI, lexical form, or _:label."""
    from rdflib import BNode

    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def short_iri(iri: str) -> str:
    """``iri`` with the longest matching display prefix, e.g. ``pk:Breakthrough``."""
    best = None
    for prefix, namespace in DISPLAY_PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            if best is None or len(namespace) > len(best[1]):
                best = (prefix, namespace)
    return f"{best[0]}:{iri[len(best[1]) :]}" if best else iri


def _human(term) -> str:
    from rdflib import URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return short_iri(str(term))
    return " ".join(_plain(term).split()) if "\n" in str(term) or "\t" in str(term) else _plain(term)


# -------------------------------------------------------------------------------------------
# Formats
# -------------------------------------------------------------------------------------------
def format_result(result: QueryResult, fmt: str | None = None, max_width: int | None = None) -> str:
    """``result`` as text in ``fmt`` (default: table for rows, turtle for graphs).

    ``fmt`` is a name or alias of ``graph_build.rdf.formats``; ``max_width``
    cuts table cells to that many display columns.
    """
    graph_result = result.kind in ("CONSTRUCT", "DESCRIBE")
    fmt = fmt or ("turtle" if graph_result else "table")
    rows_format = _formats.find("results", fmt, (f for f in _OUTPUT if f.kind == "results"))
    graph_format = None if rows_format else _formats.find("graph", fmt, (f for f in _OUTPUT if f.kind == "graph"))
    if rows_format is None and graph_format is None:
        raise QueryError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if graph_result:
        if graph_format is None:
            raise QueryError(
                f"a {result.kind} query returns a graph: use --format {' or '.join(GRAPH_FORMATS)}, not {fmt}"
            )
        from graph_build.rdf.serialize import write_graph

        assert result.graph is not None  # a CONSTRUCT or DESCRIBE result holds its graph
        return write_graph(result.graph, graph_format.name).decode("utf-8")
    if rows_format is None:
        raise QueryError(
            f"a {result.kind} query returns {'a yes/no answer' if result.kind == 'ASK' else 'rows'}: "
            f"use one of {', '.join(TABULAR_FORMATS)}, not {fmt}"
        )
    if result.kind == "ASK" and rows_format.name not in ("json", "xml"):
        # CSV and TSV define no boolean form: the bare word, as Oxigraph and Jena write (the table too)
        return ("true" if result.boolean else "false") + "\n"
    if rows_format.name == "table":
        return to_table(result, max_width)
    return globals()[str(rows_format.writer)](result)


def to_table(result: QueryResult, max_width: int | None = None) -> str:
    """Columns aligned by display width, a rule under the header, and the row count."""
    header = list(result.vars)
    body = [[_fit(_human(term), max_width) for term in row] for row in result.rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells):
        return "  ".join(_pad(c, w) for c, w in zip(cells, widths)).rstrip()

    out = [line(header), line(["-" * w for w in widths])]
    out += [line(r) for r in body]
    n = len(result.rows)
    out.append(f"({n} row{'' if n == 1 else 's'})")
    return "\n".join(out) + "\n"


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: variable names, then plain values; CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow([_plain(term) for term in row])
    return buffer.getvalue()


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: ``?var`` headers, then terms in SPARQL/Turtle syntax."""
    out = ["\t".join(f"?{v}" for v in result.vars)]
    for row in result.rows:
        out.append("\t".join("" if term is None else sparql_term(term) for term in row))
    return "\n".join(out) + "\n"


def results_json(result: QueryResult) -> dict:
    """The SPARQL 1.1 Query Results JSON object for ``result``."""
    from rdflib import BNode, Literal
    from rdflib.namespace import XSD

    if result.kind == "ASK":
        return {"head": {}, "boolean": bool(result.boolean)}

    def binding(term) -> dict:
        if isinstance(term, BNode):
            return {"type": "bnode", "value": str(term)}
        if isinstance(term, Literal):
            out = {"type": "literal", "value": str(term)}
            if term.language:
                out["xml:lang"] = term.language
            elif term.datatype is not None and term.datatype != XSD.string:
                out["datatype"] = str(term.datatype)
            return out
        return {"type": "uri", "value": str(term)}

    bindings = [{v: binding(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
    return {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}


def to_json(result: QueryResult) -> str:
    return json.dumps(results_json(result), ensure_ascii=False, indent=2) + "\n"


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML, written by rdflib's serialiser."""
    from rdflib import Variable
    from rdflib.query import Result

    out = Result(result.kind)
    if result.kind == "ASK":
        out.askAnswer = bool(result.boolean)
    else:
        out.vars = [Variable(v) for v in result.vars]
        out.bindings = [{Variable(v): t for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
    text = (out.serialize(format="xml", encoding="utf-8") or b"").decode("utf-8")
    return text if text.endswith("\n") else text + "\n"  # a terminal's prompt starts on its own line


def to_markdown(result: QueryResult) -> str:
    """A GitHub-flavoured Markdown table (``|`` escaped, prefixes applied)."""

    def cell(term) -> str:
        return _human(term).replace("\\", "\\\\").replace("|", "\\|")

    out = ["| " + " | ".join(result.vars) + " |", "|" + "---|" * len(result.vars)]
    out += ["| " + " | ".join(cell(t) for t in row) + " |" for row in result.rows]
    return "\n".join(out) + "\n"


__all__ = [
    "FORMATS",
    "TABULAR_FORMATS",
    "GRAPH_FORMATS",
    "DISPLAY_PREFIXES",
    "display_width",
    "format_result",
    "results_json",
    "short_iri",
    "sparql_term",
    "to_csv",
    "to_json",
    "to_markdown",
    "to_table",
    "to_tsv",
    "to_xml",
]
