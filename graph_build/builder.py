"""Checked plan records → RDF, one named graph per plan.

IRIs are stable and readable: ``<base><plan-id>/<entity-id>`` for a plan's
entities, ``<base><plan-id>`` for the plan itself, ``<base>ref/<id>`` for
reference data, ``<base>graph/<dataset-id>`` for the named graphs. Nothing
here uses blank nodes, so outputs compare byte for byte and a SPARQL user can
name every node.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal

from rdflib import Dataset as RDFDataset
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, TIME, XSD

from .checks import Resolver
from .loader import PLAN_ENTITY_ID, Attestation, Dataset, Entity, Ref
from .namespace import PK, PKV
from .schema import CONCEPT_CLASSES, TYPES, family, fields_of

#: Path segment of each concept scheme under the vocabulary namespace.
CONCEPT_SCHEMES = {
    "Indicator": "indicator",
    "Unit": "unit",
    "Comparison": "comparison",
    "FundingCategory": "funding",
    "Confidence": "confidence",
    "Sector": "sector",
}
assert set(CONCEPT_SCHEMES) == set(CONCEPT_CLASSES)

REFERENCE_SEGMENT = "ref"
GRAPH_SEGMENT = "graph"


def concept_iri(scheme: str, concept_id: str) -> URIRef:
    return PKV[f"{CONCEPT_SCHEMES[scheme]}/{concept_id}"]


def concept_ids(vocabulary: Graph) -> dict[str, set[str]]:
    """The concept ids each scheme offers, read from the vocabulary graph."""
    out: dict[str, set[str]] = {}
    for scheme, cls in CONCEPT_CLASSES.items():
        prefix = str(PKV) + CONCEPT_SCHEMES[scheme] + "/"
        out[scheme] = {
            str(s)[len(prefix):] for s in vocabulary.subjects(RDF.type, cls) if str(s).startswith(prefix)
        }
    return out


class IRIs:
    """Mints the IRIs of one build under one base."""

    def __init__(self, base: str):
        if not base.endswith(("/", "#")):
            raise ValueError(f"the base IRI must end with '/' or '#': {base!r}")
        self.base = base

    def dataset_base(self, ds: Dataset) -> str:
        return self.base + (f"{REFERENCE_SEGMENT}/" if ds.kind == "reference" else f"{ds.id}/")

    def plan(self, ds: Dataset) -> URIRef:
        return URIRef(self.base + ds.id)

    def entity(self, ds: Dataset, eid: str) -> URIRef:
        if ds.kind == "plan" and eid == PLAN_ENTITY_ID:
            return self.plan(ds)
        return URIRef(self.dataset_base(ds) + eid)

    def graph(self, ds: Dataset) -> URIRef:
        return URIRef(f"{self.base}{GRAPH_SEGMENT}/{'reference' if ds.kind == 'reference' else ds.id}")

    def source(self, ds: Dataset, sid: str) -> URIRef:
        return URIRef(f"{self.dataset_base(ds)}source/{sid}")

    def hashed(self, ds: Dataset, kind: str, *parts: str) -> URIRef:
        digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
        return URIRef(f"{self.dataset_base(ds)}{kind}/{digest}")


def build_datasets(datasets: list[Dataset], base: str) -> RDFDataset:
    """All datasets as one RDF dataset, each in its own named graph."""
    iris = IRIs(base)
    resolver = Resolver(datasets)
    store = RDFDataset()
    for ds in datasets:
        graph = store.graph(iris.graph(ds))
        _GraphWriter(ds, iris, resolver, graph).write()
    return store


class _GraphWriter:
    def __init__(self, ds: Dataset, iris: IRIs, resolver: Resolver, graph: Graph):
        self.ds, self.iris, self.resolver, self.graph = ds, iris, resolver, graph
        self.add = graph.add

    def write(self) -> None:
        for sid, source in self.ds.sources.items():
            self._source(sid, source)
        plan = self.iris.plan(self.ds) if self.ds.kind == "plan" else None
        for eid, entity in self.ds.entities.items():
            subject = self.iris.entity(self.ds, eid)
            self._entity(subject, entity)
            if plan is not None and subject != plan:
                self.add((plan, PK.hasPart, subject))
                self.add((subject, PK.inPlan, plan))
                link = family(entity.type).plan_link
                if link is not None:
                    self.add((plan, link, subject))
        self._group_members()

    # -- sources and attestations -------------------------------------------------
    def _source(self, sid: str, source) -> None:
        node = self.iris.source(self.ds, sid)
        self.add((node, RDF.type, PK.SourceDocument))
        for lang, text in sorted(source.title.items()):
            self.add((node, DCTERMS.title, Literal(text, lang=lang)))
        if source.published:
            self.add((node, DCTERMS.issued, Literal(source.published)))
        if source.url:
            self.add((node, FOAF.page, URIRef(source.url)))
        if source.path is not None:
            self.add((node, PK.sourceFile, Literal(source.path.name)))
            digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
            self.add((node, PK.sha256, Literal(digest)))

    def _attest(self, subject: URIRef, attestations: Iterable[Attestation]) -> None:
        for a in attestations:
            node = self.iris.hashed(self.ds, "attestation", a.source_id, a.quote or "", a.note or "",
                                    a.confidence or "")
            self.add((subject, PK.attestedBy, node))
            self.add((node, RDF.type, PK.Attestation))
            self.add((node, PK.inDocument, self.iris.source(self.ds, a.source_id)))
            self.add((node, PK.quoteChecked, Literal(a.checked)))
            if a.quote is not None:
                self.add((node, PK.quote, Literal(a.quote, lang="vi")))
            if a.note:
                self.add((node, PK.note, Literal(a.note, lang="en")))  # paraphrases are written in English
            if a.confidence:
                self.add((node, PK.confidence, concept_iri("Confidence", a.confidence)))

    # -- entities --------------------------------------------------------------
    def _entity(self, subject: URIRef, entity: Entity) -> None:
        add = self.add
        add((subject, RDF.type, TYPES[entity.type].cls))
        for lang, text in entity.label.items():
            add((subject, RDFS.label, Literal(text, lang=lang)))
        self._attest(subject, entity.sources)
        specs = fields_of(entity.type)
        for key, value in entity.values.items():
            spec = specs[key]
            if spec.kind == "text":
                for lang, text in value.items():
                    add((subject, spec.predicate, Literal(text, lang=lang)))
            elif spec.kind == "texts":
                for texts in value:
                    for lang, text in texts.items():
                        add((subject, spec.predicate, Literal(text, lang=lang)))
            elif spec.kind == "year":
                add((subject, spec.predicate, Literal(f"{value:04d}", datatype=XSD.gYear)))
            elif spec.kind == "decimal":
                add((subject, spec.predicate, Literal(decimal_lexical(value), datatype=XSD.decimal)))
            elif spec.kind in ("concept", "concepts"):
                for ref in value:
                    self._relation(subject, spec.predicate, concept_iri(spec.targets[0], ref.target), ref)
            elif spec.kind in ("ref", "refs"):
                for ref in value:
                    self._relation(subject, spec.predicate, self._target(ref), ref)
            else:  # string, int, date, bool: rdflib picks the XSD datatype
                add((subject, spec.predicate, Literal(value)))
        if family(entity.type).name == "Plan":
            self._period(subject, entity)
        for count in entity.counts:
            node = URIRef(f"{subject}/count/{count.of}")
            add((subject, PK.statedCount, node))
            add((node, RDF.type, PK.StatedCount))
            add((node, PK.countedClass, TYPES[count.of].cls))
            add((node, PK.countedProperty, _counted_property(entity.type, count.of)))
            add((node, PK.statedValue, Literal(count.number)))
            self._attest(node, count.sources)

    def _target(self, ref: Ref) -> URIRef:
        found = self.resolver.find(self.ds, ref.target)
        if found is None:  # reference data pointing inside its own file
            return self.iris.entity(self.ds, ref.target)
        return self.iris.entity(found[0], found[1].id)

    def _relation(self, subject: URIRef, predicate: URIRef, obj: URIRef, ref: Ref) -> None:
        self.add((subject, predicate, obj))
        if ref.sources:  # this one relation has its own source: reify it
            node = self.iris.hashed(self.ds, "statement", str(subject), str(predicate), str(obj))
            self.add((node, RDF.type, RDF.Statement))
            self.add((node, RDF.subject, subject))
            self.add((node, RDF.predicate, predicate))
            self.add((node, RDF.object, obj))
            self._attest(node, ref.sources)

    def _period(self, plan: URIRef, entity: Entity) -> None:
        """The plan period as an OWL-Time interval, besides the gYear shortcuts."""
        interval = URIRef(f"{plan}/period")
        self.add((plan, DCTERMS.temporal, interval))
        self.add((interval, RDF.type, TIME.ProperInterval))
        for key, end, rel in (("period_start", "start", TIME.hasBeginning), ("period_end", "end", TIME.hasEnd)):
            instant = URIRef(f"{interval}/{end}")
            self.add((interval, rel, instant))
            self.add((instant, RDF.type, TIME.Instant))
            self.add((instant, TIME.inXSDgYear, Literal(f"{entity.values[key]:04d}", datatype=XSD.gYear)))

    def _group_members(self) -> None:
        """Materialise ``group pk:includesProject project`` through sub-groups."""
        parents: dict[str, list[str]] = {}
        for eid, entity in self.ds.entities.items():
            for ref in entity.values.get("sub_groups", []):
                parents.setdefault(ref.target, []).append(eid)
        for eid, entity in self.ds.entities.items():
            if family(entity.type).name != "Project":
                continue
            todo = [r.target for r in entity.values.get("group", [])]
            seen: set[str] = set()
            while todo:
                group = todo.pop()
                if group in seen:
                    continue
                seen.add(group)
                self.add((self.iris.entity(self.ds, group), PK.includesProject, self.iris.entity(self.ds, eid)))
                todo.extend(parents.get(group, []))


def decimal_lexical(value: Decimal) -> str:
    """The canonical xsd:decimal form ("8.0", "2.5"), so Turtle's bare decimals round-trip."""
    text = format(Decimal(value).normalize(), "f")
    return text if "." in text else text + ".0"


def _counted_property(owner_type: str, counted: str) -> URIRef:
    owner = family(owner_type).name
    if owner == "SpatialStructure":
        return PK.hasSpatialElement
    if owner == "ProjectGroup":
        return PK.hasSubGroup if counted == "ProjectGroup" else PK.includesProject
    return PK.hasPart


__all__ = ["IRIs", "build_datasets", "concept_ids", "concept_iri", "CONCEPT_SCHEMES"]
