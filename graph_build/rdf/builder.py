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
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, TIME, XSD

from graph_build.core.namespace import PK, PKV
from graph_build.plans.checks import Resolver
from graph_build.plans.loader import PLAN_ENTITY_ID, Attestation, Dataset, Entity, Inference, Ref
from graph_build.plans.schema import CONCEPT_CLASSES, INFERENCE_RULES, TYPES, family, fields_of
from graph_build.rdf.ntriples import TripleSet, literal, value_literal

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
        out[scheme] = {str(s)[len(prefix) :] for s in vocabulary.subjects(RDF.type, cls) if str(s).startswith(prefix)}
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
        digest = hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
        return URIRef(f"{self.dataset_base(ds)}{kind}/{digest}")


def build_datasets(datasets: list[Dataset], base: str) -> TripleSet:
    """All datasets as N-Triples term strings, each dataset in its own named graph."""
    iris = IRIs(base)
    resolver = Resolver(datasets)
    out = TripleSet()
    for ds in datasets:
        triples: list[tuple[str, str, str]] = []
        _GraphWriter(ds, iris, resolver, triples.append).write()
        out.add(str(iris.graph(ds)), triples)
    return out


@cache
def _t(term: URIRef) -> str:
    """A fixed IRI (a vocabulary constant such as ``PK.hasPart``) in N-Triples syntax."""
    return f"<{term}>"


_TYPE, _LABEL, _HAS_PART, _IN_PLAN = _t(RDF.type), _t(RDFS.label), _t(PK.hasPart), _t(PK.inPlan)
_ATTESTED_BY, _QUOTE_CHECKED = _t(PK.attestedBy), _t(PK.quoteChecked)
_TRUE, _FALSE = value_literal(True), value_literal(False)


class _GraphWriter:
    """Emits one dataset's triples as N-Triples term strings (see ``ntriples``)."""

    def __init__(self, ds: Dataset, iris: IRIs, resolver: Resolver, emit):
        self.ds, self.iris, self.resolver = ds, iris, resolver
        self.add = emit
        self._base = iris.dataset_base(ds)
        self._plan = f"<{iris.plan(ds)}>" if ds.kind == "plan" else None

    def _node(self, eid: str) -> str:
        if self._plan is not None and eid == PLAN_ENTITY_ID:
            return self._plan
        return f"<{self._base}{eid}>"

    def _source_node(self, sid: str) -> str:
        return f"<{self._base}source/{sid}>"

    def _hashed(self, kind: str, *parts: str) -> str:
        digest = hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()[:16]
        return f"<{self._base}{kind}/{digest}>"

    def write(self) -> None:
        add, plan = self.add, self._plan
        for sid, source in self.ds.sources.items():
            self._source(sid, source)
        for eid, entity in self.ds.entities.items():
            subject = self._node(eid)
            self._entity(subject, entity)
            if plan is not None and subject != plan:
                add((plan, _HAS_PART, subject))
                add((subject, _IN_PLAN, plan))
                link = family(entity.type).plan_link
                if link is not None:
                    add((plan, _t(link), subject))
        self._group_members()
        for concept in self.ds.concepts.values():
            self._concept(concept)

    def _concept(self, concept) -> None:
        """A concept a reference file adds (plans.concepts), written as the bundled ones are."""
        add, node = self.add, _t(concept_iri(concept.scheme, concept.id))
        add((node, _TYPE, _t(SKOS.Concept)))
        add((node, _TYPE, _t(CONCEPT_CLASSES[concept.scheme])))
        add((node, _t(SKOS.inScheme), _t(PKV[CONCEPT_SCHEMES[concept.scheme]])))
        add((node, _t(SKOS.notation), literal(concept.id)))
        for lang, text in concept.label.items():
            add((node, _t(SKOS.prefLabel), literal(text, lang)))
        for lang, text in (concept.definition or {}).items():
            add((node, _t(SKOS.definition), literal(text, lang)))
        for target, _line in concept.broader:
            add((node, _t(SKOS.broader), _t(concept_iri(concept.scheme, target))))
        if not concept.broader:
            add((node, _t(SKOS.topConceptOf), _t(PKV[CONCEPT_SCHEMES[concept.scheme]])))
        self._attest(node, concept.sources)

    # -- sources and attestations -------------------------------------------------
    def _source(self, sid: str, source) -> None:
        node, add = self._source_node(sid), self.add
        add((node, _TYPE, _t(PK.SourceDocument)))
        for lang, text in sorted(source.title.items()):
            add((node, _t(DCTERMS.title), literal(text, lang)))
        if source.published:
            add((node, _t(DCTERMS.issued), value_literal(source.published)))
        if source.url:
            add((node, _t(FOAF.page), f"<{source.url}>"))
        if source.path is not None:
            add((node, _t(PK.sourceFile), literal(source.path.name)))
            digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
            add((node, _t(PK.sha256), literal(digest)))
            if source.placeholder:
                add((node, _t(PK.placeholderDocument), _TRUE))
        self._source_validity(node, source)

    def _source_validity(self, node: str, source) -> None:
        """A superseded source points at the source that replaced it (same properties as facts)."""
        if source.superseded_by is not None:
            self.add((node, _t(PK.supersededBy), self._source_node(source.superseded_by)))
        if source.valid_until is not None:
            self.add((node, _t(PK.validUntil), value_literal(source.valid_until)))

    def _attest(self, subject: str, attestations: Iterable[Attestation]) -> None:
        add = self.add
        for a in attestations:
            node = self._hashed("attestation", a.source_id, a.quote or "", a.note or "", a.confidence or "")
            add((subject, _ATTESTED_BY, node))
            add((node, _TYPE, _t(PK.Attestation)))
            add((node, _t(PK.inDocument), self._source_node(a.source_id)))
            add((node, _QUOTE_CHECKED, _TRUE if a.checked else _FALSE))
            if a.quote is not None:
                add((node, _t(PK.quote), literal(a.quote, "vi")))
            if a.note:
                add((node, _t(PK.note), literal(a.note, "en")))  # paraphrases are written in English
            if a.confidence:
                add((node, _t(PK.confidence), _t(concept_iri("Confidence", a.confidence))))

    # -- entities --------------------------------------------------------------
    def _entity(self, subject: str, entity: Entity) -> None:
        add = self.add
        add((subject, _TYPE, _t(TYPES[entity.type].cls)))
        for lang, text in entity.label.items():
            add((subject, _LABEL, literal(text, lang)))
        self._attest(subject, entity.sources)
        specs = fields_of(entity.type)
        for key, value in entity.values.items():
            spec = specs[key]
            predicate = _t(spec.predicate)
            if spec.kind == "text":
                for lang, text in value.items():
                    add((subject, predicate, literal(text, lang)))
            elif spec.kind == "texts":
                for texts in value:
                    for lang, text in texts.items():
                        add((subject, predicate, literal(text, lang)))
            elif spec.kind == "year":
                add((subject, predicate, literal(f"{value:04d}", datatype=str(XSD.gYear))))
            elif spec.kind == "decimal":
                add((subject, predicate, literal(decimal_lexical(value), datatype=str(XSD.decimal))))
            elif spec.kind in ("concept", "concepts"):
                for ref in value:
                    self._relation(subject, predicate, _t(concept_iri(spec.targets[0], ref.target)), ref)
            elif spec.kind in ("ref", "refs"):
                for ref in value:
                    self._relation(subject, predicate, self._target(ref), ref)
            else:  # string, int, date, bool: the XSD datatype rdflib's Literal(value) would pick
                add((subject, predicate, value_literal(value)))
        if family(entity.type).name == "Plan":
            self._period(subject, entity)
        for count in entity.counts:
            node = f"{subject[:-1]}/count/{count.of}>"
            add((subject, _t(PK.statedCount), node))
            add((node, _TYPE, _t(PK.StatedCount)))
            add((node, _t(PK.countedClass), _t(TYPES[count.of].cls)))
            add((node, _t(PK.countedProperty), _t(_counted_property(entity.type, count.of))))
            add((node, _t(PK.statedValue), value_literal(count.number)))
            self._attest(node, count.sources)

    def _target(self, ref: Ref) -> str:
        found = self.resolver.find(self.ds, ref.target)
        if found is None:  # reference data pointing inside its own file
            return self._node(ref.target)
        return f"<{self.iris.entity(found[0], found[1].id)}>"

    def _relation(self, subject: str, predicate: str, obj: str, ref: Ref) -> None:
        add = self.add
        add((subject, predicate, obj))
        if ref.sources or ref.inferred:  # this one relation has its own source or rule: reify it
            node = self._hashed("statement", subject[1:-1], predicate[1:-1], obj[1:-1])
            # An inferred link is a pk:InferredLink, not an rdf:Statement: a query (and a shape)
            # tells a link the text states from one a rule infers by its type alone.
            add((node, _TYPE, _t(PK.InferredLink if ref.inferred else RDF.Statement)))
            add((node, _t(RDF.subject), subject))
            add((node, _t(RDF.predicate), predicate))
            add((node, _t(RDF.object), obj))
            self._attest(node, ref.sources)
            if ref.inferred:
                self._inference(node, ref.inferred)

    # -- inferred links (issue 14) ---------------------------------------------------
    def _inference(self, statement: str, inference: Inference) -> None:
        """An inferred link says so: the rule (pk:inferredBy) and the statements it rests on
        (prov:wasDerivedFrom), so that a query tells it from a link the text states."""
        add = self.add
        add((statement, _t(PK.inferredBy), _t(INFERENCE_RULES[inference.rule])))
        for given in inference.derived_from:
            if "/" in given:  # plan-id/entity-id: an entity of another dataset (reference data → a plan)
                plan_id, eid = given.split("/", 1)
                source = f"<{self.iris.base}{plan_id}>" if eid == PLAN_ENTITY_ID else f"<{self.iris.base}{given}>"
            else:
                source = self._target(Ref(given, inference.line))
            add((statement, _t(PROV.wasDerivedFrom), source))

    def _period(self, plan: str, entity: Entity) -> None:
        """The plan period as an OWL-Time interval, besides the gYear shortcuts."""
        add = self.add
        interval = f"{plan[:-1]}/period>"
        add((plan, _t(DCTERMS.temporal), interval))
        add((interval, _TYPE, _t(TIME.ProperInterval)))
        for key, end, rel in (("period_start", "start", TIME.hasBeginning), ("period_end", "end", TIME.hasEnd)):
            instant = f"{interval[:-1]}/{end}>"
            add((interval, _t(rel), instant))
            add((instant, _TYPE, _t(TIME.Instant)))
            add((instant, _t(TIME.inXSDgYear), literal(f"{entity.values[key]:04d}", datatype=str(XSD.gYear))))

    def _group_members(self) -> None:
        """Materialise ``group pk:includesProject project`` through sub-groups."""
        parents: dict[str, list[str]] = {}
        for eid, entity in self.ds.entities.items():
            for ref in entity.values.get("sub_groups", []):
                parents.setdefault(ref.target, []).append(eid)
        includes = _t(PK.includesProject)
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
                self.add((self._node(group), includes, self._node(eid)))
                todo.extend(parents.get(group, []))


def decimal_lexical(value: Decimal) -> str:
    """The XSD 1.1 canonical xsd:decimal form: no exponent, no trailing zeros, no ".0" on a whole number.

    It is the form triplestores keep (Oxigraph and Virtuoso write ``8``, never ``8.0``), so a graph
    pushed and read back has the same lexical forms. (XSD 1.0's canonical form was ``8.0``.)

    >>> [decimal_lexical(Decimal(text)) for text in ("8.0", "2.50", "1E+2", "-0.0", "0.001", "-7")]
    ['8', '2.5', '100', '0', '0.001', '-7']
    """
    text = format(Decimal(value).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _counted_property(owner_type: str, counted: str) -> URIRef:
    owner = family(owner_type).name
    if owner == "SpatialStructure":
        return PK.hasSpatialElement
    if owner == "ProjectGroup":
        return PK.hasSubGroup if counted == "ProjectGroup" else PK.includesProject
    return PK.hasPart


__all__ = ["IRIs", "build_datasets", "concept_ids", "concept_iri", "CONCEPT_SCHEMES"]
