"""Suggest links between entities of different plans, and read accepted ones.

Plans are written by different provinces, so the same person, post, agency,
border gate or economic zone appears once per plan under its own IRI. This
module proposes ``skos:exactMatch`` / ``skos:closeMatch`` mappings between
them as an SSSOM mapping set (TSV, and the same as RDF), from three kinds of
evidence:

* the kind of thing: only entities of the same type family are compared;
* labels that agree after Vietnamese normalisation (``textnorm.expand``: no
  marks, abbreviations such as "KKT", "QL", "TP" written out), word order
  ignored, each word weighted by how rare it is among all labels (so "phó"
  in "Phó Thủ tướng" counts, "tỉnh" hardly does);
* shared context: the places and sectors both entities point to.

Mappings a person has checked are kept in ``links/accepted.sssom.tsv`` and
loaded by ``build`` into their own named graph.
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from graph_build.core.namespace import PK
from graph_build.core.textnorm import expand, tokens
from graph_build.rdf.sssom import (
    COLUMNS,
    PREDICATES,
    SEMAPV,
    SSSOM,
    Mapping,
    expand_curie,
    read_sssom,
    to_rdf,
    to_sssom_tsv,
)

#: Type families whose members are compared (a class matches only within its family).
FAMILIES: dict[URIRef, str] = {
    URIRef("http://xmlns.com/foaf/0.1/Person"): "person",
    URIRef("http://www.w3.org/ns/org#Post"): "post",
    URIRef("http://www.w3.org/ns/org#Organization"): "organisation",
    PK.BorderGate: "border-gate",
    PK.EconomicZone: "economic-zone",
    PK.BorderGateEconomicZone: "economic-zone",
    PK.IndustrialPark: "industrial-park",
    PK.IndustrialCluster: "industrial-park",
    PK.UrbanArea: "urban-area",
    PK.Infrastructure: "infrastructure",
    PK.Project: "infrastructure",
    PK.EconomicCorridor: "corridor",
    PK.DevelopmentAxis: "corridor",
    PK.Decision: "legal-document",
    PK.Resolution: "legal-document",
    PK.Place: "place",
    PK.Event: "event",
}
#: Families where every word of a name matters: "Phó Thủ tướng" is not "Thủ tướng",
#: "Quyết định 236" is not "Quyết định 1486". Only equal names (after
#: normalisation) are proposed, as exact matches.
EXACT_ONLY = {"person", "post", "organisation", "legal-document", "event"}
#: Words that say what kind of thing it is, not which one: left out before
#: comparing names in that family ("Thị trấn Na Sầm" ~ "Na Sầm", "Cửa khẩu
#: quốc tế Hữu Nghị" ~ "Cửa khẩu Hữu Nghị"). Phrases, in normalised form.
DESIGNATORS = {
    "border-gate": ("cua khau", "quoc te", "chinh", "song phuong", "phu"),
    "urban-area": ("thi tran", "thanh pho", "thi xa", "do thi", "mo rong"),
    "infrastructure": ("du an", "duong", "tuyen"),
    "economic-zone": ("khu kinh te", "cua khau"),
    "industrial-park": ("khu cong nghiep", "cum cong nghiep"),
    "corridor": ("hanh lang kinh te", "truc phat trien"),
    "place": (),
}
#: Properties whose objects are the context of an entity.
CONTEXT = (
    PK.locatedIn,
    PK.connects,
    PK.concernsPlace,
    PK.concernsSector,
    PK.includesPlace,
    PK.alongInfrastructure,
    PK.partOfRegion,
)
CLOSE_THRESHOLD = 0.80


@dataclass
class _Candidate:
    iri: URIRef
    plan: URIRef
    family: str
    label: str
    label_tokens: list[frozenset[str]]  # distinctive words of each label, designators left out
    context: frozenset[object]  # the context nodes; for a person, the word sets of their posts' names


def suggest(
    graph: Graph, plans: Iterable[URIRef] | None = None, min_confidence: float = CLOSE_THRESHOLD
) -> list[Mapping]:
    """Propose mappings between entities of different plans in ``graph``.

    ``plans`` limits the comparison to these plan IRIs (default: all plans).
    Mappings are returned sorted, each pair once (subject < object by IRI).
    """
    candidates = _candidates(graph, set(plans) if plans is not None else None)
    weights = _idf(candidates)
    by_family: dict[str, list[_Candidate]] = defaultdict(list)
    for c in candidates:
        by_family[c.family].append(c)
    found = []
    for family, members in sorted(by_family.items()):
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.plan == b.plan:
                    continue
                same_name = any(x == y for x in a.label_tokens for y in b.label_tokens)
                if family in EXACT_ONLY:
                    label_score = 1.0 if same_name else 0.0
                else:
                    label_score = max(
                        _weighted_jaccard(x, y, weights[family]) for x in a.label_tokens for y in b.label_tokens
                    )
                context_score = _jaccard(a.context, b.context) if a.context and b.context else None
                confidence = label_score if context_score is None else 0.85 * label_score + 0.15 * context_score
                if context_score == 0.0 and not same_name:
                    confidence *= 0.9  # both have context and share none of it: likely different things
                if confidence < min_confidence:
                    continue
                exact = same_name and context_score != 0.0
                subject, obj = sorted((a, b), key=lambda c: str(c.iri))
                found.append(
                    Mapping(
                        subject.iri,
                        subject.label,
                        "skos:exactMatch" if exact else "skos:closeMatch",
                        obj.iri,
                        obj.label,
                        round(confidence, 3),
                        comment=f"{family}; label {label_score:.2f}"
                        + ("" if context_score is None else f"; shared context {context_score:.2f}"),
                    )
                )
    return sorted(found, key=lambda m: (str(m.subject), str(m.object)))


def _candidates(graph: Graph, plans: set[URIRef] | None) -> list[_Candidate]:
    out = []
    for entity, plan in sorted(graph.subject_objects(PK.inPlan)):
        if not isinstance(entity, URIRef) or not isinstance(plan, URIRef):
            continue  # a mapping names both sides by IRI: a blank node has no name outside its graph
        if plans is not None and plan not in plans:
            continue
        family = next(
            (FAMILIES[t] for t in graph.objects(entity, RDF.type) if isinstance(t, URIRef) and t in FAMILIES), None
        )
        if family is None:
            continue
        labels = [str(label) for label in graph.objects(entity, RDFS.label)]
        labels += [str(label) for label in graph.objects(entity, SKOS.altLabel)]
        if not labels:
            continue
        vi = next((str(label) for label in graph.objects(entity, RDFS.label) if _language(label) == "vi"), labels[0])
        context: frozenset[object] = frozenset(o for p in CONTEXT for o in graph.objects(entity, p))
        if family == "person":  # a person's posts are their context
            holds = URIRef("http://www.w3.org/ns/org#holds")
            context = frozenset(_post_key(graph, post) for post in graph.objects(entity, holds))
        distinctive = {_distinctive(label, family) for label in labels}
        out.append(_Candidate(entity, plan, family, vi, sorted(distinctive - {frozenset()}, key=sorted), context))
    return out


def _distinctive(label: str, family: str) -> frozenset[str]:
    """The words of a label that tell one member of its family from another."""
    text = f" {expand(label)} "
    for phrase in DESIGNATORS.get(family, ()):
        text = text.replace(f" {phrase} ", " ")
    words = frozenset(text.split())
    return words or tokens(label)  # a name that is all designator words keeps them


def _language(node: Node) -> str | None:
    return node.language if isinstance(node, Literal) else None


def _post_key(graph: Graph, post: Node) -> frozenset[str]:
    labels = [str(label) for label in graph.objects(post, RDFS.label) if _language(label) == "vi"]
    return tokens(labels[0]) if labels else frozenset()


def _idf(candidates: list[_Candidate]) -> dict[str, dict[str, float]]:
    """Inverse document frequency of each word among the labels of each family:
    a word most gates share ("cửa khẩu") weighs little, a gate's own name much."""
    documents: dict[str, list[frozenset[str]]] = defaultdict(list)
    for c in candidates:
        documents[c.family].append(frozenset().union(*c.label_tokens))
    out = {}
    for family, docs in documents.items():
        counts = Counter(word for doc in docs for word in doc)
        out[family] = {word: math.log(1 + len(docs) / count) for word, count in counts.items()}
    return out


def _weighted_jaccard(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    union = sum(weights.get(w, 1.0) for w in a | b)
    return sum(weights.get(w, 1.0) for w in a & b) / union if union else 0.0


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


# -- evaluation ----------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    true_positives: int
    false_positives: int
    false_negatives: int
    labelled: int


def split_accepted(suggested: Iterable[Mapping], accepted: Iterable[Mapping]) -> tuple[list[Mapping], list[Mapping]]:
    """The suggestions not yet accepted, and those already accepted (in either direction).

    A pair accepted as ``a ⟷ b`` is the same link as ``b ⟷ a``, whatever its predicate: a
    person who accepted a closeMatch has decided about that pair.
    """
    decided = {frozenset((m.subject, m.object)) for m in accepted}
    new: list[Mapping] = []
    old: list[Mapping] = []
    for m in suggested:
        (old if frozenset((m.subject, m.object)) in decided else new).append(m)
    return new, old


def evaluate(suggested: Iterable[Mapping], gold: Path, base: str) -> Score:
    """Precision and recall of suggested pairs against a hand-labelled TSV.

    The labelled file has the columns ``subject_id``, ``object_id`` and
    ``match`` (``yes``/``no``); pairs are compared without direction.
    Only suggestions between the plans the file labels are scored: a plan added
    later brings correct suggestions nobody labelled, and they are not false positives.
    """
    positives, labelled, scope = set(), 0, set[str]()
    with gold.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t")
        curies = {"id": base}
        for row in rows:
            labelled += 1
            pair = frozenset((expand_curie(row["subject_id"], curies), expand_curie(row["object_id"], curies)))
            scope.update(_plan_of(iri, base) for iri in pair)
            if row["match"].strip().lower() == "yes":
                positives.add(pair)
    proposed = {
        frozenset((m.subject, m.object))
        for m in suggested
        if _plan_of(m.subject, base) in scope and _plan_of(m.object, base) in scope
    }
    tp = len(proposed & positives)
    fp = len(proposed - positives)
    fn = len(positives - proposed)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return Score(precision, recall, tp, fp, fn, labelled)


def _plan_of(iri: str, base: str) -> str:
    """The plan folder (or ``ref``) an entity IRI of ``base`` belongs to: its first path segment."""
    return str(iri)[len(base) :].split("/", 1)[0] if str(iri).startswith(base) else str(iri)


__all__ = [
    # the SSSOM side, re-exported for the callers that read and write mappings through this module
    "COLUMNS",
    "PREDICATES",
    "SEMAPV",
    "SSSOM",
    "Mapping",
    "read_sssom",
    "split_accepted",
    "to_rdf",
    "to_sssom_tsv",
    # the suggestions
    "CLOSE_THRESHOLD",
    "CONTEXT",
    "DESIGNATORS",
    "EXACT_ONLY",
    "FAMILIES",
    "Score",
    "evaluate",
    "suggest",
]
