"""Match extracted text against the vocabulary (sectors) and the reference data (provinces)."""

from __future__ import annotations

import re
from functools import lru_cache

from graph_build.core import resources

SECTOR_NS = "https://w3id.org/plankg/vocab/sector/"


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@lru_cache(maxsize=1)
def sector_labels() -> tuple[tuple[str, str], ...]:
    """(folded Vietnamese label, sector id) from the SKOS vocabulary, longest label first."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    graph = Graph()
    for path in resources.ontology_files():
        if path.name == "vocabularies.ttl":
            graph.parse(path, format="turtle")
    pairs = set()
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for concept, label in graph.subject_objects(predicate):
            iri = str(concept)
            if iri.startswith(SECTOR_NS) and getattr(label, "language", None) == "vi" and iri != SECTOR_NS:
                local = iri[len(SECTOR_NS) :]
                if local:
                    pairs.add((_fold(str(label)), local))
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p)))


def sectors_in(text: str) -> list[str]:
    """Sector ids whose Vietnamese label or alternative label occurs in ``text`` as whole words."""
    folded = _fold(text)
    found: list[str] = []
    for label, sector in sector_labels():
        match = re.search(rf"(?<!\w){re.escape(label)}(?!\w)", folded)
        if match is None:
            continue
        # Longest labels first, and a matched span is blanked: "môi trường đầu tư" is not "môi trường".
        folded = folded[: match.start()] + "#" * len(label) + folded[match.end() :]
        if sector not in found:
            found.append(sector)
    return found


@lru_cache(maxsize=1)
def provinces() -> dict[str, str]:
    """Folded Vietnamese name (and alternative names) of each reference province -> its id."""
    from graph_build.plans.loader import load_dataset

    names: dict[str, str] = {}
    for path in resources.reference_files():
        for entity in load_dataset(path).entities.values():
            if entity.type == "Province":
                labels = [entity.label.get("vi", "")]
                labels += [
                    alt.get("vi", "") for alt in entity.values.get("alt_label", []) or [] if isinstance(alt, dict)
                ]
                for label in labels:
                    if label:
                        names[_fold(re.sub(r"^[Tt]ỉnh ", "", label))] = entity.id
    return names
