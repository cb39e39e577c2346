"""``plankg new-reference KIND ID``: a reference file that validates at once.

One file per new thing, in ``reference/`` (bundled with the repository) or in a folder of
your own passed to every command with ``--reference DIR``. Each text a person must replace
holds the placeholder mark ``TODO`` (``plans.placeholders``): ``plankg validate`` warns
about each one left, with its file, line and field, and stays valid meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from graph_build.core.atomic import write_text
from graph_build.core.errors import PlanError, Problem, excerpt
from graph_build.plans.loader import check_id
from graph_build.plans.placeholders import PLACEHOLDER

KINDS = ("place", "infrastructure", "indicator", "sector", "unit")

_HEADER = """\
# {what} added to the shared reference data (plankg new-reference {kind} {id}).
# Format: docs/data-format.md ("Adding reference data"). Replace every {mark}, then run
# plankg validate (with --reference DIR when this file is not in reference/).
format: plankg/1
kind: reference
id: reference
sources:
  - id: {id}-source
    url: https://example.org/{mark}-the-page-that-states-it
    title: {{en: "{mark}: title of the page (or use file: with a kept document and quote it)"}}
"""

_SOURCE = '{{web: {id}-source, confidence: medium, note: "{mark}: what the page says, in your words"}}'

_BODY = {
    "place": """\
places:
  - id: {id}
    # Province, District, Commune, AdministrativeUnit, Country, Region or InternationalBloc
    type: Region
    label: {{vi: "{mark}: tên tiếng Việt", en: "{mark}: English name"}}
    part_of: [vietnam]   # the places it is part of: plankg catalogue places
    source: {source}
""",
    "infrastructure": """\
infrastructure:
  - id: {id}
    label: {{vi: "{mark}: tên tiếng Việt", en: "{mark}: English name"}}
    concerns_sector: [transport]   # plankg catalogue sectors
    # connects: [<the places it links: plankg catalogue places>]
    # length_km: <a number, with the source that states it>
    source: {source}
""",
}
_CONCEPT = """\
concepts:
  - id: {id}
    scheme: {kind}{broader}
    label: {{vi: "{mark}: tên tiếng Việt", en: "{mark}: English name"}}
    definition: {{en: "{mark}: what is measured or covered, and how"}}
    source: {source}
"""
_WHAT = {
    "place": "A place",
    "infrastructure": "A piece of shared infrastructure",
    "indicator": "An indicator",
    "sector": "A sector",
    "unit": "A unit",
}


def stub(kind: str, entity_id: str) -> str:
    """The text of a new reference file for one ``kind`` of thing."""
    if kind not in KINDS:
        from graph_build.core.suggest import did_you_mean

        raise PlanError(Problem(f"unknown kind {excerpt(kind)}{did_you_mean(kind, KINDS)}; one of: {', '.join(KINDS)}"))
    check_id(entity_id)
    fill = {"id": entity_id, "kind": kind, "mark": PLACEHOLDER, "what": _WHAT[kind]}
    fill["source"] = _SOURCE.format(**fill)
    broader = "\n    # broader: <a wider sector id, e.g. services>" if kind == "sector" else ""
    body = _BODY[kind] if kind in _BODY else _CONCEPT.replace("{broader}", broader)
    return _HEADER.format(**fill) + "\n" + body.format(**fill)


def new_reference(folder: Path, kind: str, entity_id: str) -> Path:
    """Write ``folder/<id>.yaml``; refuse to overwrite."""
    text = stub(kind, entity_id)
    path = Path(folder) / f"{entity_id}.yaml"
    if path.exists():
        raise PlanError(Problem("already exists: choose another id or edit that file", path))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, text)
    return path


__all__ = ["KINDS", "new_reference", "stub"]
