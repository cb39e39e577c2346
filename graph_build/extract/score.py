"""Precision and recall of a draft against a gold plan folder, per entity kind (bench and tests)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from graph_build.plans.loader import load_dataset


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[.,;:]+$", "", text).casefold().split())


def facts(folder: Path) -> dict[str, set]:
    """Comparable facts of a plan folder, by kind."""
    ds = load_dataset(Path(folder) / "plan.yaml")
    out: dict[str, set] = {
        k: set()
        for k in ("key_tasks", "breakthroughs", "counts", "decision", "events", "people", "sectors", "territory")
        + OUTLINE_KINDS
    }
    people = {}
    # Only what a kept text says: facts resting on web pages alone cannot be drawn from the text.
    quoted = [e for e in ds.entities.values() if any(a.quote for a in e.sources)]
    for e in quoted:
        if e.type == "Person":
            people[e.id] = e.label.get("vi", "")
            out["people"].add(_fold(e.label.get("vi", "")))
    for e in quoted:
        if e.type in ("KeyTask", "Breakthrough"):
            out["key_tasks" if e.type == "KeyTask" else "breakthroughs"].add(_fold(e.label["vi"]))
            for sector in e.values.get("concerns_sector") or []:
                out["sectors"].add((e.type, e.values.get("ordinal"), getattr(sector, "target", sector)))
        elif e.type.endswith("Plan"):
            for place in e.values.get("territory") or []:
                out["territory"].add(getattr(place, "target", place))
        elif e.type == "Decision" and e.values.get("approves"):
            number = re.match(r"\d+", str(e.values.get("number", "")))
            out["decision"].add(("number", number.group() if number else ""))
            if e.values.get("date"):
                out["decision"].add(("date", str(e.values["date"])))
            signer = e.values.get("signed_by")
            if isinstance(signer, list):
                signer = signer[0] if signer else None
            sid = getattr(signer, "target", signer)
            if sid in people:
                out["decision"].add(("signer", _fold(people[sid])))
        elif e.type == "Event" and e.values.get("date_is_planned"):
            out["events"].add((_fold(e.label["vi"])[:40], str(e.values.get("date"))))
        for c in e.counts:
            if any(a.quote for a in c.sources):
                out["counts"].add((c.of, c.number))
        _outline_fact(e, out)
    return out


#: The outline's content sections, each compared by what a reader checks first.
OUTLINE_KINDS = (
    "objectives",
    "visions",
    "targets",
    "sector_orientations",
    "spatial_elements",
    "economic_zones",
    "border_gates",
    "industrial_parks",
    "place_names",
)
_BY_LABEL = {
    "SpatialElement": "spatial_elements",
    "DevelopmentAxis": "spatial_elements",
    "EconomicCorridor": "spatial_elements",
    "SocioEconomicZone": "spatial_elements",
    "EconomicZone": "economic_zones",
    "BorderGateEconomicZone": "economic_zones",
    "BorderGate": "border_gates",
    "IndustrialPark": "industrial_parks",
    "IndustrialCluster": "industrial_parks",
}


def _text(value) -> str:
    return _fold(value.get("vi", "") if isinstance(value, dict) else str(value or ""))


def _number(value) -> str:
    return "" if value is None else format(Decimal(str(value)).normalize(), "f")


def _concept(value) -> str:
    if isinstance(value, list):  # the loader reads a concept field as a list of references
        value = value[0] if value else None
    return str(getattr(value, "target", value) or "")


def _outline_fact(e, out: dict[str, set]) -> None:
    """An objective or a vision by its year and description; a target by indicator, value, unit,
    comparison, rank and year; an orientation by its text; a named place by its type and label;
    the reference places an objective, a vision or an orientation names, by the entity's type."""
    v = e.values
    for field in ("names", "concerns_place"):
        if e.type.endswith("Objective") or e.type in ("Vision", "SectorOrientation"):
            for place in v.get(field) or []:
                out["place_names"].add((e.type, field, _concept(place)))
    if e.type.endswith("Objective"):
        out["objectives"].add((e.type, v.get("year"), _text(v.get("description"))))
    elif e.type == "Vision":
        out["visions"].add((v.get("year"), _text(v.get("description"))))
    elif e.type == "Target":
        out["targets"].add(
            (
                _concept(v.get("indicator")),
                _number(v.get("value")),
                _number(v.get("min")),
                _number(v.get("max")),
                _concept(v.get("unit")),
                _concept(v.get("comparison")),
                v.get("rank"),
                v.get("year"),
            )
        )
    elif e.type == "SectorOrientation":
        out["sector_orientations"].add(_text(v.get("orientation")))
    elif e.type in _BY_LABEL:
        out[_BY_LABEL[e.type]].add((e.type, _fold(e.label.get("vi", ""))))


#: Kinds the issue's targets cover (>= 90 % on the announcement, >= 85 % on the written texts);
#: sector tags are measured too but have no target.
TARGET_KINDS = ("key_tasks", "breakthroughs", "counts", "decision", "events", "people", "territory") + OUTLINE_KINDS


def score(draft: Path, gold: Path, kinds: tuple[str, ...] | None = None) -> dict[str, tuple[float, float]]:
    """(precision, recall) per kind; kinds the gold does not state are left out."""
    d, g = facts(draft), facts(gold)
    result = {}
    for kind in kinds or tuple(g):
        if not g[kind]:
            continue
        hit = len(d[kind] & g[kind])
        result[kind] = (hit / len(d[kind]) if d[kind] else 0.0, hit / len(g[kind]))
    return result


def verbatim_share(draft: Path) -> float:
    """Share of the draft's quotes found as written in its source text."""
    ds = load_dataset(Path(draft) / "plan.yaml")
    quotes = [(a.source_id, a.quote) for e in ds.entities.values() for a in e.sources if a.quote]
    quotes += [(a.source_id, a.quote) for e in ds.entities.values() for c in e.counts for a in c.sources if a.quote]
    if not quotes:
        return 0.0
    found = sum(1 for sid, q in quotes if q in (ds.sources[sid].text or ""))
    return found / len(quotes)
