"""Match extracted text against the vocabulary (sectors) and the reference data (provinces)."""

from __future__ import annotations

import re
from functools import lru_cache

from graph_build.core import resources
from graph_build.core.textnorm import fold

SECTOR_NS = "https://w3id.org/plankg/vocab/sector/"
INDICATOR_NS = "https://w3id.org/plankg/vocab/indicator/"
UNIT_NS = "https://w3id.org/plankg/vocab/unit/"


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


@lru_cache(maxsize=1)
def _vietnamese_labels() -> tuple[tuple[str, str], ...]:
    """(concept IRI, Vietnamese prefLabel or altLabel) of every concept of the SKOS vocabulary."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    graph = Graph()
    for path in resources.ontology_files():
        if path.name == "vocabularies.ttl":
            graph.parse(path, format="turtle")
    pairs = set()
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for concept, label in graph.subject_objects(predicate):
            if getattr(label, "language", None) == "vi":
                pairs.add((str(concept), str(label)))
    return tuple(sorted(pairs))


def _labels_of(namespace: str, folding) -> tuple[tuple[str, str], ...]:
    pairs = {
        (folding(label), iri[len(namespace) :])
        for iri, label in _vietnamese_labels()
        if iri.startswith(namespace) and iri != namespace
    }
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p)))


@lru_cache(maxsize=1)
def sector_labels() -> tuple[tuple[str, str], ...]:
    """(folded Vietnamese label, sector id) from the SKOS vocabulary, longest label first."""
    return _labels_of(SECTOR_NS, _fold)


@lru_cache(maxsize=1)
def indicator_labels() -> tuple[tuple[str, str], ...]:
    """(label in the search fold, indicator id), longest label first."""
    return _labels_of(INDICATOR_NS, fold)


@lru_cache(maxsize=1)
def _indicator_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"(?<!\w){re.escape(label)}(?!\w)") for label, _ in indicator_labels())


def indicator_in(text: str) -> str | None:
    """The indicator whose Vietnamese label or alternative label ends nearest the end of ``text``
    (whole words, in the search fold; longest labels first, a matched span is not matched again)."""
    folded = fold(text)
    best: tuple[int, str] | None = None
    for (label, indicator), pattern in zip(indicator_labels(), _indicator_patterns(), strict=True):
        match = pattern.search(folded)
        if match is None:
            continue
        folded = folded[: match.start()] + "#" * len(label) + folded[match.end() :]
        if best is None or match.end() > best[0]:
            best = (match.end(), indicator)
    return best[1] if best else growth_indicator_in(text)


#: Growth indicators are labelled "tốc độ tăng (trưởng) <measure>"; a text may say "<measure> tăng …".
_GROWTH_LABEL = re.compile(r"^toc do tang (?:truong )?")


def growth_indicator_in(text: str) -> str | None:
    """The growth indicator whose measure the text names just before "tăng" ("thu ngân sách nhà nước
    trên địa bàn tăng bình quân 10 %/năm" is "tốc độ tăng thu ngân sách nhà nước trên địa bàn")."""
    folded = fold(text)
    for label, indicator in indicator_labels():
        lead = _GROWTH_LABEL.match(label)
        if lead and re.search(rf"(?<!\w){re.escape(label[lead.end() :])} tang(?!\w)", folded):
            return indicator
    return None


#: Rank indicators are labelled "thứ hạng <measure>"; a text names only the measure ("quy mô kinh tế thuộc nhóm 5 …").
_RANK_LABEL = "thu hang "


def rank_indicator_in(text: str) -> str | None:
    """The rank indicator whose measure (its label without "thứ hạng") occurs in ``text``, longest first."""
    folded = fold(text)
    for label, indicator in indicator_labels():
        if label.startswith(_RANK_LABEL) and re.search(rf"(?<!\w){re.escape(label[len(_RANK_LABEL) :])}(?!\w)", folded):
            return indicator
    return None


@lru_cache(maxsize=1)
def unit_patterns() -> tuple[tuple[str, str], ...]:
    """(regular expression of a Vietnamese unit label, unit id), longest label first: "%/năm" before "%"."""
    pairs = {(label, iri[len(UNIT_NS) :]) for iri, label in _vietnamese_labels() if iri.startswith(UNIT_NS)}
    out = []
    for label, unit in sorted(pairs, key=lambda p: (-len(p[0]), p)):
        if not unit or label == "số lượng":  # a count is a stated count, not a target's unit
            continue
        pattern = r"\s*/\s*".join(re.escape(piece.strip()).replace(r"\ ", r"\s+") for piece in label.split("/"))
        out.append((pattern, unit))
    return tuple(out)


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


#: Reference types a plan's objective, vision or orientation names (not roads or railways).
PLACE_TYPES = ("Country", "Region", "InternationalBloc", "Province", "District", "AdministrativeUnit", "Place")


@lru_cache(maxsize=1)
def place_labels() -> tuple[tuple[str, str], ...]:
    """(folded Vietnamese label or alternative label, place id) of the reference places, longest first."""
    from graph_build.plans.loader import load_dataset

    pairs: set[tuple[str, str]] = set()
    for path in resources.reference_files():
        for entity in load_dataset(path).entities.values():
            if entity.type in PLACE_TYPES:
                labels = [entity.label.get("vi", "")]
                labels += [
                    alt.get("vi", "") for alt in entity.values.get("alt_label", []) or [] if isinstance(alt, dict)
                ]
                pairs.update((_fold(label), entity.id) for label in labels if label)
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p)))


def places_in(text: str, leave_out: tuple[str, ...] = ()) -> list[str]:
    """Reference places named in ``text`` (whole words, longest label first, in the order of the text),
    except those in ``leave_out`` (the plan's own territory: the subject, not a place it names)."""
    folded = _fold(text)
    found: list[tuple[int, str]] = []
    for label, place in place_labels():
        for match in re.finditer(rf"(?<!\w){re.escape(label)}(?!\w)", folded):
            folded = folded[: match.start()] + "#" * len(label) + folded[match.end() :]
            if place not in leave_out:
                found.append((match.start(), place))
    out: list[str] = []
    for _, place in sorted(found):
        if place not in out:
            out.append(place)
    return out
