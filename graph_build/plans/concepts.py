"""Vocabulary concepts that reference data adds: new indicators, sectors and units.

The bundled vocabularies live in ``ontology/vocabularies.ttl``. A reference file (in
``reference/`` or a folder passed with ``--reference``) may add concepts in a ``concepts:``
section; each becomes a SKOS concept of its scheme, at the same IRI a bundled one would have
(``https://w3id.org/plankg/vocab/<scheme>/<id>``), so a plan names it by id exactly as it
names a bundled concept. They are checked like entities: id, scheme, labels, source; an id
that a vocabulary or another file already has, or a ``broader`` that does not resolve in the
same scheme, is an error naming file, line and field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from graph_build.core.errors import Problem, excerpt
from graph_build.core.suggest import did_you_mean
from graph_build.plans.yamlread import YList, YMap

#: The schemes a user may extend (scheme word in a file -> the concept class name). Comparisons,
#: funding categories and confidence marks are fixed: the queries and the checks rely on them.
EXTENSIBLE = {"indicator": "Indicator", "sector": "Sector", "unit": "Unit"}
CONCEPT_KEYS = {"id", "scheme", "label", "definition", "broader", "source"}


@dataclass
class Concept:
    id: str
    scheme: str  # the concept class name: "Indicator", "Sector" or "Unit"
    line: int
    label: dict[str, str]
    sources: tuple
    definition: dict[str, str] | None = None
    broader: list[tuple[str, int]] = field(default_factory=list)  # (id, line)
    lines: dict[str, int] = field(default_factory=dict)  # key -> line


def load_concepts(
    doc: YMap, kind, sources, bag, text_value: Callable, attestations: Callable, id_ok: Callable[[object], bool]
) -> dict[str, Concept]:
    """The ``concepts:`` section of one file, keyed ``Scheme/id``; faults go to ``bag``. The loader
    passes its own text, source and id checks, so a concept is read exactly as an entity is."""
    out: dict[str, Concept] = {}
    if "concepts" not in doc:
        return out
    if kind != "reference":
        bag.add("'concepts' belong in reference data (kind: reference), not in a plan", doc.line_of("concepts"))
        return out
    items = doc["concepts"]
    if not isinstance(items, YList):
        bag.add("section 'concepts' must be a list of concepts", doc.line_of("concepts"), "concepts")
        return out
    for index, item in enumerate(items):
        line = items.line_of(index)
        if not isinstance(item, YMap):
            bag.add("each item of 'concepts' must be a mapping", line, "concepts")
            continue
        cid = item.get("id")
        if not isinstance(cid, str) or not id_ok(cid):
            bag.add("'id' is required: lower-case ASCII letters, digits and '-'", item.line_of("id"), "concepts.id")
            continue
        for key in item:
            if key not in CONCEPT_KEYS:
                hint = did_you_mean(key, CONCEPT_KEYS)
                bag.add(f"unknown field {excerpt(key)} for a concept{hint}", item.line_of(key), f"{cid}.{key}")
        scheme_word = item.get("scheme")
        if scheme_word not in EXTENSIBLE:
            shown = excerpt(scheme_word) if isinstance(scheme_word, str) else "missing"
            hint = did_you_mean(scheme_word, EXTENSIBLE) if isinstance(scheme_word, str) else ""
            bag.add(
                f"'scheme' is {shown}{hint}: one of {', '.join(EXTENSIBLE)}",
                item.line_of("scheme") if "scheme" in item else item.line,
                f"{cid}.scheme",
            )
            continue
        scheme = EXTENSIBLE[scheme_word]
        key = f"{scheme}/{cid}"
        if key in out:
            bag.add(f"duplicate concept {scheme_word} {cid!r} (first at line {out[key].line})", item.line_of("id"))
            continue
        if item.get("label") is None:
            bag.add("'label' is required (vi and en)", item.line, f"{cid}.label")
            continue
        label = text_value(item["label"], item.line_of("label"), f"{cid}.label", bag, ("vi", "en"))
        definition = (
            text_value(item["definition"], item.line_of("definition"), f"{cid}.definition", bag, ())
            if "definition" in item
            else None
        )
        broader_raw = item.get("broader")
        broader_items = (
            [] if "broader" not in item else broader_raw if isinstance(broader_raw, YList) else [broader_raw]
        )
        broader = []
        for b_index, target in enumerate(broader_items):
            b_line = broader_raw.line_of(b_index) if isinstance(broader_raw, YList) else item.line_of("broader")
            if not isinstance(target, str):
                bag.add("'broader' is a concept id of the same scheme (or a list of them)", b_line, f"{cid}.broader")
                continue
            broader.append((target, b_line))
        if "source" not in item:
            bag.add("'source' is missing: every concept needs a source", item.line, f"{cid}.source")
            cited: tuple = ()
        else:
            cited = tuple(attestations(item["source"], item.line_of("source"), f"{cid}.source", sources, bag))
        lines = {k: item.line_of(k) for k in item}
        out[key] = Concept(cid, scheme, line, label or {}, cited, definition, broader, lines)
    return out


def merge_concepts(datasets, vocabulary_ids: dict[str, set[str]]) -> tuple[dict[str, set[str]], list[Problem]]:
    """The concept ids of the vocabularies plus those the reference files add, and the faults:
    an id that exists already (in a vocabulary or another file), a ``broader`` that does not resolve."""
    merged = {scheme: set(ids) for scheme, ids in vocabulary_ids.items()}
    first: dict[str, object] = {}
    problems: list[Problem] = []
    for ds in datasets:
        for key, concept in getattr(ds, "concepts", {}).items():
            if concept.id in vocabulary_ids.get(concept.scheme, set()):
                problems.append(
                    Problem(
                        f"concept {concept.id!r} is already in the {concept.scheme} vocabulary "
                        "(ontology/vocabularies.ttl): use it, or choose another id",
                        ds.file,
                        concept.line,
                        f"{concept.id}.id",
                    )
                )
                continue
            if key in first:
                problems.append(
                    Problem(
                        f"concept {concept.id!r} is also defined in {first[key]}", ds.file, concept.line, concept.id
                    )
                )
                continue
            first[key] = ds.file
            merged.setdefault(concept.scheme, set()).add(concept.id)
    for ds in datasets:
        for concept in getattr(ds, "concepts", {}).values():
            known = merged.get(concept.scheme, set())
            for target, line in concept.broader:
                if target not in known:
                    problems.append(
                        Problem(
                            f"unknown {concept.scheme} concept {target!r} in 'broader'{did_you_mean(target, known)}",
                            ds.file,
                            line,
                            f"{concept.id}.broader",
                        )
                    )
    return merged, problems


__all__ = ["Concept", "EXTENSIBLE", "load_concepts", "merge_concepts"]
