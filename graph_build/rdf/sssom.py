"""SSSOM mapping sets: one mapping record, written as TSV or RDF and read back from TSV.

Link suggestion (``graph_build.linking``) writes them and the build reads the
accepted ones (``links/accepted.sssom.tsv``) into their own named graph, so the
format lives here, below both.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from graph_build.core.errors import PlanError, Problem

SSSOM = Namespace("https://w3id.org/sssom/")


SEMAPV = Namespace("https://w3id.org/semapv/vocab/")


PREDICATES = {"skos:exactMatch": SKOS.exactMatch, "skos:closeMatch": SKOS.closeMatch}


COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "object_id",
    "object_label",
    "mapping_justification",
    "confidence",
    "comment",
)


@dataclass(frozen=True)
class Mapping:
    subject: URIRef
    subject_label: str
    predicate: str  # "skos:exactMatch" or "skos:closeMatch"
    object: URIRef
    object_label: str
    confidence: float
    justification: str = "semapv:LexicalMatching"
    comment: str = ""
    line: int | None = None  # where it was read from, for error messages


def to_sssom_tsv(mappings: Iterable[Mapping], base: str, mapping_set_id: str) -> str:
    """An SSSOM/TSV mapping set: a YAML metadata block in '#' lines, then the table."""
    header = [
        f"# mapping_set_id: {mapping_set_id}",
        f"# license: {LICENSE}",
        "# mapping_tool: plankg link",
        "# curie_map:",
        f"#   id: {base}",
        "#   semapv: https://w3id.org/semapv/vocab/",
        "#   skos: http://www.w3.org/2004/02/skos/core#",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for m in mappings:
        writer.writerow(
            [
                _curie(m.subject, base),
                m.subject_label,
                m.predicate,
                _curie(m.object, base),
                m.object_label,
                m.justification,
                f"{m.confidence:.3f}",
                m.comment,
            ]
        )
    return "\n".join(header) + "\n" + buffer.getvalue()


#: The licence both mapping sets carry (TSV header and RDF), as the plans' data does.
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def to_rdf(mappings: Iterable[Mapping], base: str, mapping_set_id: str, mapping_tool: str = "plankg link") -> Graph:
    """The mapping set in SSSOM's RDF form, which sssom-py reads back (``sssom parse -I rdf``).

    A ``sssom:MappingSet`` node (the set's id, its licence and tool) links each mapping with
    ``sssom:mappings``; a mapping is an ``owl:Axiom`` annotating the triple it states
    (``owl:annotatedSource`` / ``annotatedProperty`` / ``annotatedTarget``), as the SSSOM
    schema's RDF does, under a stable IRI. The triple itself (``s skos:exactMatch o``) is
    there too, so a query can follow the link without reading the reification.
    """
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("sssom", SSSOM)
    graph.bind("semapv", SEMAPV)
    graph.bind("dcterms", DCTERMS)
    mapping_set = URIRef(mapping_set_id)
    graph.add((mapping_set, RDF.type, SSSOM.MappingSet))
    graph.add((mapping_set, DCTERMS.license, URIRef(LICENSE)))
    graph.add((mapping_set, SSSOM.mapping_tool, Literal(mapping_tool)))
    for m in mappings:
        predicate = PREDICATES[m.predicate]
        graph.add((m.subject, predicate, m.object))
        node = URIRef(
            f"{base}links/mapping/"
            + hashlib.sha1(f"{m.subject} {predicate} {m.object}".encode(), usedforsecurity=False).hexdigest()[:16]
        )
        graph.add((mapping_set, SSSOM.mappings, node))
        graph.add((node, RDF.type, OWL.Axiom))
        graph.add((node, OWL.annotatedSource, m.subject))
        graph.add((node, OWL.annotatedProperty, predicate))
        graph.add((node, OWL.annotatedTarget, m.object))
        if m.subject_label:
            graph.add((node, SSSOM.subject_label, Literal(m.subject_label)))
        if m.object_label:
            graph.add((node, SSSOM.object_label, Literal(m.object_label)))
        graph.add((node, SSSOM.mapping_justification, SEMAPV[m.justification.split(":", 1)[1]]))
        graph.add((node, SSSOM.confidence, Literal(f"{m.confidence:.3f}", datatype=XSD.double)))
        if m.comment:
            graph.add((node, RDFS.comment, Literal(m.comment)))
    return graph


def read_sssom(path: Path, base: str) -> list[Mapping]:
    """Read an SSSOM/TSV file; every fault is located (file, line, column)."""
    text = path.read_text(encoding="utf-8")
    curies = {"id": base, "skos": str(SKOS), "semapv": str(SEMAPV)}
    lines = text.splitlines()
    body_start = 0
    for number, line in enumerate(lines):
        if not line.startswith("#"):
            body_start = number
            break
        part = line[1:].strip()
        if ":" in part and not part.startswith(("mapping", "license", "curie_map")):
            prefix, _, expansion = part.partition(":")
            curies[prefix.strip()] = expansion.strip()
    reader = csv.reader(lines[body_start:], delimiter="\t")
    problems, mappings = [], []
    header = next(reader, None)
    if header is None or [h for h in header if h in COLUMNS][:5] != list(COLUMNS[:5]):
        raise PlanError(Problem(f"an SSSOM table needs the columns {', '.join(COLUMNS[:5])}", path, body_start + 1))
    index = {name: i for i, name in enumerate(header)}
    for offset, row in enumerate(reader, start=body_start + 2):
        if not row or all(not cell.strip() for cell in row):
            continue
        get = functools.partial(_cell, row, index)

        predicate = get("predicate_id")
        if predicate not in PREDICATES:
            problems.append(
                Problem(f"predicate_id must be one of {', '.join(PREDICATES)}", path, offset, "predicate_id")
            )
            continue
        try:
            confidence = float(get("confidence") or 1.0)
            subject, obj = expand_curie(get("subject_id"), curies), expand_curie(get("object_id"), curies)
        except ValueError as exc:
            problems.append(Problem(str(exc), path, offset))
            continue
        mappings.append(
            Mapping(
                subject,
                get("subject_label"),
                predicate,
                obj,
                get("object_label"),
                confidence,
                get("mapping_justification") or "semapv:ManualMappingCuration",
                get("comment"),
                line=offset,
            )
        )
    if problems:
        raise PlanError(problems)
    return mappings


def _cell(row: list[str], index: dict[str, int], name: str) -> str:
    """The stripped cell of a column, or "" where the row is short of it or the table lacks the column."""
    i = index.get(name)
    return row[i].strip() if i is not None and i < len(row) else ""


def _curie(iri: URIRef, base: str) -> str:
    return "id:" + str(iri)[len(base) :] if str(iri).startswith(base) else str(iri)


def expand_curie(curie: str, curies: dict[str, str]) -> URIRef:
    if not curie:
        raise ValueError("empty subject_id or object_id")
    prefix, sep, local = curie.partition(":")
    if sep and prefix in curies:
        return URIRef(curies[prefix] + local)
    if curie.startswith(("http://", "https://")):
        return URIRef(curie)
    raise ValueError(f"unknown prefix in {curie!r}")
