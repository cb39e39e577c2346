"""HTML documentation of the plankg ontology, generated from the Turtle.

One self-contained page (no script, no external file): the ontology header,
then classes, object properties, datatype properties, SHACL shapes and each
SKOS concept scheme, with Vietnamese and English side by side and an anchor
per term (``#Plan``, ``#hasPart``, ``#shape-EntityShape``,
``#scheme-sector``, ``#concept-sector-industry``). Every text from the
Turtle is HTML-escaped; the same Turtle gives the same bytes. A section shows the
result of the OWL 2 DL check, ``ontology/dl-check.json`` (written by ``bench/owl_dl.py``,
kept current by tests/test_owl_dl.py); an ``rdfs:comment`` that repeats the
``skos:definition`` of its language is not shown twice. The page's
frame and style are ``graph_build/views/assets/docs.html`` and ``docs.css``;
CURIEs use the one prefix table, ``graph_build.core.namespace.PREFIXES``.

>>> page = render_ontology_docs()
>>> 'id="Breakthrough"' in page and 'id="hasPart"' in page
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from graph_build.core.iris import ONTOLOGY_IRI, VOCAB_IRI
from graph_build.core.namespace import SHAPES_IRI, prefixes
from graph_build.views.templates import asset, fill, inline_style

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

PK_NS = ONTOLOGY_IRI + "#"
SHAPES_NS = SHAPES_IRI
LANGS = ("vi", "en")

HEADINGS = {
    "classes": {"vi": "Lớp", "en": "Classes"},
    "object": {"vi": "Thuộc tính đối tượng", "en": "Object properties"},
    "datatype": {"vi": "Thuộc tính dữ liệu", "en": "Datatype properties"},
    "annotation": {"vi": "Thuộc tính chú thích", "en": "Annotation properties"},
    "shapes": {"vi": "Ràng buộc SHACL", "en": "SHACL shapes"},
    "vocabularies": {"vi": "Bộ từ vựng", "en": "Vocabularies"},
    "dl-check": {"vi": "Kiểm tra OWL 2 DL", "en": "OWL 2 DL check"},
}
DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"
COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
#: The committed result of bench/owl_dl.py, in the ontology folder.
DL_CHECK_FILE = "dl-check.json"
#: Annotation rows shown for a term, in order: (predicate, vi, en).
TEXT_ROWS = (
    ("http://www.w3.org/2000/01/rdf-schema#label", "Nhãn", "Label"),
    ("http://www.w3.org/2004/02/skos/core#prefLabel", "Nhãn", "Label"),
    ("http://www.w3.org/2004/02/skos/core#definition", "Định nghĩa", "Definition"),
    ("http://www.w3.org/2000/01/rdf-schema#comment", "Chú thích", "Comment"),
    ("http://www.w3.org/2004/02/skos/core#scopeNote", "Phạm vi", "Scope note"),
    ("http://purl.org/vocab/vann/usageNote", "Cách dùng", "Usage note"),
    ("http://www.w3.org/2004/02/skos/core#editorialNote", "Ghi chú biên tập", "Editorial note"),
    ("http://www.w3.org/ns/shacl#message", "Thông báo", "Message"),
)
#: Links shown for a term: (predicate, label). Values are IRIs, linked when documented here.
LINK_ROWS = (
    ("http://www.w3.org/2000/01/rdf-schema#subClassOf", "rdfs:subClassOf"),
    ("http://www.w3.org/2000/01/rdf-schema#subPropertyOf", "rdfs:subPropertyOf"),
    ("http://www.w3.org/2002/07/owl#inverseOf", "owl:inverseOf"),
    ("http://www.w3.org/2000/01/rdf-schema#domain", "rdfs:domain"),
    ("http://www.w3.org/2000/01/rdf-schema#range", "rdfs:range"),
    ("https://schema.org/domainIncludes", "schema:domainIncludes"),
    ("https://schema.org/rangeIncludes", "schema:rangeIncludes"),
    ("http://www.w3.org/2004/02/skos/core#broader", "skos:broader"),
    ("http://www.w3.org/2004/02/skos/core#exactMatch", "skos:exactMatch"),
    ("http://www.w3.org/2004/02/skos/core#closeMatch", "skos:closeMatch"),
    ("http://www.w3.org/2004/02/skos/core#narrowMatch", "skos:narrowMatch"),
    ("http://www.w3.org/2004/02/skos/core#broadMatch", "skos:broadMatch"),
)
#: Namespace → "prefix:", longest namespace first (the one prefix table, documentation prefixes included).
PREFIXES = {ns: f"{p}:" for p, ns in sorted(prefixes(documentation=True).items(), key=lambda item: -len(item[1]))}


class _Docs:
    def __init__(self, ontology: Graph, vocabularies: Graph, shapes: Graph):
        from rdflib import Graph

        self.ontology, self.vocabularies, self.shapes = ontology, vocabularies, shapes
        self.all = Graph()
        for g in (ontology, vocabularies, shapes):
            for triple in g:
                self.all.add(triple)
        self.anchors: dict[str, str] = {}

    # -- naming ----------------------------------------------------------------------------
    def curie(self, iri: str) -> str:
        for ns, prefix in PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return prefix + iri[len(ns) :]
        return iri

    def link(self, term: Node) -> str:
        from rdflib import BNode, Literal

        if isinstance(term, Literal):
            return f"<code>{html.escape(term.n3())}</code>" if term.datatype else f"<q>{html.escape(str(term))}</q>"
        if isinstance(term, BNode):
            return self.blank(term)
        iri = str(term)
        anchor = self.anchors.get(iri)
        text = html.escape(self.curie(iri))
        if anchor:
            return f'<a href="#{html.escape(anchor, quote=True)}"><code>{text}</code></a>'
        return f"<code>{text}</code>"

    def blank(self, node: Node) -> str:
        """An RDF list as its items, any other blank node as its property–value pairs."""
        from rdflib.collection import Collection
        from rdflib.namespace import RDF

        graph = self.all
        if (node, RDF.first, None) in graph:
            return "( " + " ".join(self.link(item) for item in Collection(graph, node)) + " )"
        pairs = sorted(graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1])))
        return "[ " + " ; ".join(f"{self.link(p)} {self.link(o)}" for p, o in pairs) + " ]"

    # -- pieces ------------------------------------------------------------------------------
    def texts(self, graph: Graph, term: Node) -> list[str]:
        from rdflib import URIRef

        rows = []
        definitions = {str(v) for v in graph.objects(term, URIRef(DEFINITION))}
        for pred, vi, en in TEXT_ROWS:
            values = {
                lg: sorted(
                    str(v)
                    for v in graph.objects(term, URIRef(pred))
                    if getattr(v, "language", None) == lg and not (pred == COMMENT and str(v) in definitions)
                )
                for lg in LANGS
            }
            if values["vi"] or values["en"]:
                cells = "".join(
                    f'<td lang="{lg}">{"<br>".join(html.escape(v) for v in values[lg]) or "—"}</td>' for lg in LANGS
                )
                rows.append(f'<tr><th scope="row">{html.escape(vi)} / {html.escape(en)}</th>{cells}</tr>')
        return rows

    def links(self, graph: Graph, term: Node, extra: Iterable[tuple[str, str]] = ()) -> list[str]:
        from rdflib import URIRef

        rows = []
        for pred, label in (*LINK_ROWS, *extra):
            values = sorted(graph.objects(term, URIRef(pred)), key=str)
            if values:
                rows.append(
                    f'<tr><th scope="row">{html.escape(label)}</th>'
                    f'<td colspan="2">{", ".join(self.link(v) for v in values)}</td></tr>'
                )
        return rows

    def term_block(self, graph: Graph, term: Node, anchor: str, heading: str, extra_rows: list[str]) -> str:
        rows = self.texts(graph, term) + self.links(graph, term) + extra_rows
        return (
            f'<section class="term" id="{html.escape(anchor, quote=True)}">\n'
            f'<h3>{html.escape(heading)} <a class="iri" href="#{html.escape(anchor, quote=True)}">'
            f"{html.escape(str(term))}</a></h3>\n"
            f'<table><thead><tr><th></th><th lang="vi">Tiếng Việt</th><th lang="en">English</th></tr></thead>'
            f"<tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n</section>"
        )

    def label(self, graph: Graph, term: Node, lang: str) -> str:
        from rdflib.namespace import RDFS, SKOS

        for pred in (RDFS.label, SKOS.prefLabel):
            for value in sorted(graph.objects(term, pred), key=str):
                if getattr(value, "language", None) == lang:
                    return str(value)
        return self.curie(str(term))


def _terms(graph: Graph, rdf_type, namespace: str) -> list:
    from rdflib import URIRef
    from rdflib.namespace import RDF

    return sorted(
        (s for s in graph.subjects(RDF.type, rdf_type) if isinstance(s, URIRef) and str(s).startswith(namespace)),
        key=str,
    )


def _read_dl_check() -> dict | None:
    """The committed OWL 2 DL check result, or None when the file is absent or unreadable."""
    import json

    from graph_build.core import resources

    path = resources.folder("ontology") / DL_CHECK_FILE
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return result if isinstance(result, dict) else None


def _dl_check_block(result: dict | None) -> str:
    """The DL check as one table, Vietnamese and English side by side; every value escaped."""

    def row(vi: str, en: str, value_vi: object, value_en: object | None = None) -> str:
        value_en = value_vi if value_en is None else value_en
        return (
            f'<tr><th scope="row">{html.escape(vi)} / {html.escape(en)}</th>'
            f'<td lang="vi">{html.escape(str(value_vi))}</td><td lang="en">{html.escape(str(value_en))}</td></tr>'
        )

    def yes_no(value: object) -> tuple[str, str]:
        if value is True:
            return "có", "yes"
        if value is False:
            return "không", "no"
        return "không chạy được", "did not run"

    def listing(values: object) -> tuple[str, str]:
        items = [str(v) for v in values] if isinstance(values, list) else []
        return ("; ".join(items), "; ".join(items)) if items else ("không có", "none")

    def counts(kept: dict, key: str) -> str:
        found = kept.get(key) or {}
        return ", ".join(f"{dt}: {n}" for dt, n in sorted(found.items())) if isinstance(found, dict) and found else "0"

    head = '<table><thead><tr><th></th><th lang="vi">Tiếng Việt</th><th lang="en">English</th></tr></thead><tbody>\n'
    if result is None:
        body = row(
            "Kết quả",
            "Result",
            f"chưa có: chạy python bench/owl_dl.py để ghi ontology/{DL_CHECK_FILE}",
            f"none yet: run python bench/owl_dl.py to write ontology/{DL_CHECK_FILE}",
        )
        return '<section class="term" id="dl-check-result">\n' + head + body + "\n</tbody></table>\n</section>"
    reasoner = f"{result.get('reasoner', '?')} {result.get('reasoner_version', '')} ({result.get('reasoner_via', '')})"
    rows = [
        row("Bộ suy luận", "Reasoner", reasoner),
        row(
            "Chạy lại",
            "Re-run",
            f"python bench/owl_dl.py (ghi ontology/{DL_CHECK_FILE})",
            f"python bench/owl_dl.py (writes ontology/{DL_CHECK_FILE})",
        ),
    ]
    parts = (
        ("ontology", "Bản thể học và bộ từ vựng", "Ontology and vocabularies"),
        ("with_individuals", "Kèm các cá thể của quy hoạch", "With the plan's individuals"),
    )
    for key, vi, en in parts:
        part = result.get(key)
        if not isinstance(part, dict):
            continue
        label_vi, label_en = vi, en
        if part.get("plan"):
            label_vi, label_en = f"{vi} {part['plan']}", f"{en} {part['plan']}"
        rows.append(
            f'<tr class="links"><th scope="row" colspan="3">{html.escape(label_vi)} / {html.escape(label_en)}</th></tr>'
        )
        rows.append(row("Bộ ba RDF", "RDF triples", part.get("triples", "?")))
        rows.append(
            row(
                "Lớp, thuộc tính",
                "Classes, properties",
                f"{part.get('classes', '?')} lớp; {part.get('object_properties', '?')} thuộc tính đối tượng, "
                f"{part.get('datatype_properties', '?')} thuộc tính dữ liệu, "
                f"{part.get('annotation_properties', '?')} thuộc tính chú thích",
                f"{part.get('classes', '?')} classes; {part.get('object_properties', '?')} object, "
                f"{part.get('datatype_properties', '?')} datatype, {part.get('annotation_properties', '?')} "
                "annotation properties",
            )
        )
        rows.append(row("Cá thể có kiểu", "Typed individuals", part.get("typed_individuals", "?")))
        rows.append(row("Nhất quán", "Consistent", *yes_no(part.get("consistent"))))
        rows.append(row("Lớp không thỏa được", "Unsatisfiable classes", *listing(part.get("unsatisfiable_classes"))))
        if part.get("reasoner_error"):
            rows.append(row("Lỗi của bộ suy luận", "Reasoner error", part["reasoner_error"]))
        rows.append(row("Ngoài OWL 2 DL", "Outside OWL 2 DL", *listing(part.get("outside_owl2_dl"))))
        kept = part.get("kept_outside_owl2_dl")
        if isinstance(kept, dict):
            data = counts(kept, "data_literals_outside_datatype_map")
            notes = counts(kept, "annotation_literals_outside_datatype_map")
            statements = kept.get("rdf_statements", 0)
            rows.append(
                row(
                    "Giữ ngoài OWL 2 DL có chủ ý",
                    "Kept outside OWL 2 DL on purpose",
                    f"giá trị ngoài bảng kiểu dữ liệu OWL 2 (bộ suy luận bỏ qua): {data}; "
                    f"trong chú thích: {notes}; nút rdf:Statement (bộ suy luận không đọc rdf:subject, "
                    f"rdf:predicate, rdf:object của chúng): {statements}",
                    f"values outside the OWL 2 datatype map (ignored by the reasoner): {data}; "
                    f"in annotations: {notes}; rdf:Statement nodes (the reasoner does not read their "
                    f"rdf:subject, rdf:predicate, rdf:object): {statements}",
                )
            )
    return '<section class="term" id="dl-check-result">\n' + head + "\n".join(rows) + "\n</tbody></table>\n</section>"


def render_ontology_docs(
    ontology: Graph | None = None, vocabularies: Graph | None = None, shapes: Graph | None = None
) -> str:
    """The documentation page as a string (default: the bundled ontology, vocabularies and shapes)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

    from graph_build.core import resources

    ontology = ontology if ontology is not None else Graph().parse(resources.ontology_files()[0], format="turtle")
    vocabularies = (
        vocabularies if vocabularies is not None else Graph().parse(resources.ontology_files()[1], format="turtle")
    )
    shapes = shapes if shapes is not None else Graph().parse(resources.shapes_file(), format="turtle")
    docs = _Docs(ontology, vocabularies, shapes)

    classes = _terms(ontology, OWL.Class, PK_NS)
    kinds = {
        "object": _terms(ontology, OWL.ObjectProperty, PK_NS),
        "datatype": _terms(ontology, OWL.DatatypeProperty, PK_NS),
        "annotation": _terms(ontology, OWL.AnnotationProperty, PK_NS),
    }
    node_shapes = sorted((s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)), key=str)
    schemes = sorted(vocabularies.subjects(RDF.type, SKOS.ConceptScheme), key=str)
    for term in classes + [t for ts in kinds.values() for t in ts]:
        docs.anchors[str(term)] = str(term)[len(PK_NS) :]
    for shape in node_shapes:
        docs.anchors[str(shape)] = "shape-" + docs.curie(str(shape)).split(":", 1)[-1]
    scheme_ids = {}
    for scheme in schemes:
        sid = str(scheme)[len(VOCAB_IRI) :] if str(scheme).startswith(VOCAB_IRI) else docs.curie(str(scheme))
        scheme_ids[scheme] = sid
        docs.anchors[str(scheme)] = f"scheme-{sid}"
        for concept in vocabularies.subjects(SKOS.inScheme, scheme):
            notation = vocabularies.value(concept, SKOS.notation) or str(concept).rsplit("/", 1)[-1]
            docs.anchors[str(concept)] = f"concept-{sid}-{notation}"

    # Which shapes target each class, for the class tables.
    targeted: dict[str, list] = {}
    for shape in node_shapes:
        for cls in shapes.objects(shape, SH.targetClass):
            targeted.setdefault(str(cls), []).append(shape)

    sections: list[str] = []
    toc: list[str] = []

    def section(key: str, blocks: list[str], heading: dict[str, str] | None = None, anchor: str | None = None):
        heading = heading or HEADINGS[key]
        anchor = anchor or key
        toc.append(
            f'<li><a href="#{html.escape(anchor, quote=True)}">{html.escape(heading["vi"])} / '
            f"{html.escape(heading['en'])}</a> ({len(blocks)})</li>"
        )
        sections.append(
            f'<section id="{html.escape(anchor, quote=True)}"><h2>{html.escape(heading["vi"])} / '
            f"{html.escape(heading['en'])}</h2>\n" + "\n".join(blocks) + "\n</section>"
        )

    section("dl-check", [_dl_check_block(_read_dl_check())])

    class_blocks = []
    for cls in classes:
        sub = sorted(ontology.subjects(RDFS.subClassOf, cls), key=str)
        extra = []
        if sub:
            extra.append(
                f'<tr><th scope="row">{html.escape("lớp con / subclasses")}</th>'
                f'<td colspan="2">{", ".join(docs.link(s) for s in sub)}</td></tr>'
            )
        if targeted.get(str(cls)):
            extra.append(
                f'<tr><th scope="row">{html.escape("ràng buộc / shapes")}</th>'
                f'<td colspan="2">{", ".join(docs.link(s) for s in targeted[str(cls)])}</td></tr>'
            )
        class_blocks.append(docs.term_block(ontology, cls, docs.anchors[str(cls)], docs.curie(str(cls)), extra))
    section("classes", class_blocks)
    for kind in ("object", "datatype", "annotation"):
        if kinds[kind]:
            section(
                kind, [docs.term_block(ontology, p, docs.anchors[str(p)], docs.curie(str(p)), []) for p in kinds[kind]]
            )

    shape_blocks = []
    target_preds = [
        (str(p), docs.curie(str(p))) for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    ]
    for shape in node_shapes:
        rows = docs.links(shapes, shape, target_preds)
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            pairs = sorted(
                ((p, o) for p, o in shapes.predicate_objects(prop) if p not in (RDF.type, SH.message, SH.path)),
                key=lambda po: (str(po[0]), str(po[1])),
            )
            constraint = "; ".join(f"{docs.link(p)} {docs.link(o)}" for p, o in pairs)
            messages = {
                lg: sorted(str(m) for m in shapes.objects(prop, SH.message) if getattr(m, "language", None) == lg)
                for lg in LANGS
            }
            path = shapes.value(prop, SH.path)
            rows.append(
                f'<tr class="prop"><th scope="row">sh:property {docs.link(path) if path is not None else ""}</th>'
                + "".join(
                    f'<td lang="{lg}">{"<br>".join(html.escape(m) for m in messages[lg]) or "—"}'
                    f'<div class="constraint">{constraint}</div></td>'
                    for lg in LANGS
                )
                + "</tr>"
            )
        shape_blocks.append(docs.term_block(shapes, shape, docs.anchors[str(shape)], docs.curie(str(shape)), rows))
    section("shapes", shape_blocks)

    for scheme in schemes:
        concepts = sorted(
            vocabularies.subjects(SKOS.inScheme, scheme), key=lambda c: str(vocabularies.value(c, SKOS.notation) or c)
        )
        rows = []
        for concept in concepts:
            anchor = docs.anchors[str(concept)]
            notation = vocabularies.value(concept, SKOS.notation) or str(concept).rsplit("/", 1)[-1]
            cells = []
            for lg in LANGS:
                definitions = [
                    str(d) for d in vocabularies.objects(concept, SKOS.definition) if getattr(d, "language", None) == lg
                ]
                cells.append(
                    f'<td lang="{lg}"><b>{html.escape(docs.label(vocabularies, concept, lg))}</b>'
                    + "".join(f"<div>{html.escape(d)}</div>" for d in sorted(definitions))
                    + "</td>"
                )
            links = [
                f"{html.escape(label)} " + ", ".join(docs.link(v) for v in values)
                for pred, label in LINK_ROWS
                if (values := sorted(vocabularies.objects(concept, URIRef(pred)), key=str))
            ]
            rows.append(
                f'<tr id="{html.escape(anchor, quote=True)}"><th scope="row"><code>'
                f"{html.escape(str(notation))}</code></th>{''.join(cells)}</tr>"
                + (f'<tr class="links"><td></td><td colspan="2">{" · ".join(links)}</td></tr>' if links else "")
            )
        heading = {lg: f"{HEADINGS['vocabularies'][lg]}: {docs.label(vocabularies, scheme, lg)}" for lg in LANGS}
        block = docs.term_block(vocabularies, scheme, docs.anchors[str(scheme)] + "-about", docs.curie(str(scheme)), [])
        table = (
            '<table class="concepts"><thead><tr><th>skos:notation</th><th lang="vi">Tiếng Việt</th>'
            '<th lang="en">English</th></tr></thead><tbody>\n' + "\n".join(rows) + "\n</tbody></table>"
        )
        section("vocabularies", [block, table], heading=heading, anchor=docs.anchors[str(scheme)])

    titles = {lg: docs.label(ontology, URIRef(ONTOLOGY_IRI), lg) for lg in LANGS}
    for lg in LANGS:
        for t in ontology.objects(URIRef(ONTOLOGY_IRI), DCTERMS.title):
            if getattr(t, "language", None) == lg:
                titles[lg] = str(t)
    version = ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionInfo)
    modified = ontology.value(URIRef(ONTOLOGY_IRI), DCTERMS.modified)
    intro = docs.term_block(
        ontology,
        URIRef(ONTOLOGY_IRI),
        "ontology",
        "owl:Ontology",
        docs.links(
            ontology,
            URIRef(ONTOLOGY_IRI),
            [
                (str(OWL.versionIRI), "owl:versionIRI"),
                (str(DCTERMS.license), "dcterms:license"),
                (str(RDFS.seeAlso), "rdfs:seeAlso"),
            ],
        ),
    )
    title = f"{titles['vi']} / {titles['en']}"
    return fill(
        "docs.html",
        text={"title": title, "meta": f"{ONTOLOGY_IRI} · {version or ''} · {modified or ''}"},
        markup={
            "css": inline_style(asset("docs.css")),
            "toc": "\n".join(toc),
            "body": intro + "\n" + "\n".join(sections),
        },
    )


def write_ontology_docs(out_dir: Path | str) -> Path:
    """Write ``<out_dir>/docs/ontology.html`` (UTF-8, atomically) and return its path."""
    from graph_build.core.atomic import write_text

    target = Path(out_dir) / "docs" / "ontology.html"
    write_text(target, render_ontology_docs())
    return target


__all__ = ["render_ontology_docs", "write_ontology_docs"]
