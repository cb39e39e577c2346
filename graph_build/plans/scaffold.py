"""Start a new plan folder that validates from the first minute.

``plankg new-plan cao-bang-2021-2030 --name "Quy hoạch tỉnh Cao Bằng …"``
writes ``plans/<id>/plan.yaml`` and ``plans/<id>/sources/<id>.txt``; the
source file holds the plan's name so that the one quote of the template is
found. Replace it with the real announcement or decision text, then add
entities section by section, running ``plankg validate`` as you go.
"""

from __future__ import annotations

import re
from pathlib import Path

from graph_build.core.atomic import write_text
from graph_build.core.errors import PlanError, Problem
from graph_build.plans.loader import ID_PATTERN

TEMPLATE = """\
# {name}
# Plan folder made by `plankg new-plan`. Format: docs/data-format.md.
# Every entity needs a source: a quote from a document in sources/ ({{doc: ..., quote: ...}})
# or a web page declared below ({{web: ..., confidence: high|medium}}).
format: plankg/1
kind: plan
id: {plan_id}
sources:
  - id: {doc_id}
    file: sources/{doc_id}.txt
    title: {{vi: "{name}"}}
plan:
  type: {plan_type}
  label:
    vi: "{name}"
    en: "{name_en}"
  period_start: {start}
  period_end: {end}
{vision}  # territory: [<reference place id, e.g. cao-bang>]
  # implements: [<id of the plan this one implements, e.g. tdmnpb-2021-2030>]
  source: {{doc: {doc_id}, quote: "{name}"}}
# Sections to add (see docs/data-format.md): decisions, objectives, targets, key_tasks,
# breakthroughs, sector_orientations, spatial_structures, spatial_elements, economic_zones,
# border_gates, industrial_parks, urban_areas, project_groups, projects, organisations,
# people, posts, events.
"""


def new_plan(plans_dir: Path, plan_id: str, name: str, name_en: str | None = None, start: int = 2021,
             end: int = 2030, vision_year: int | None = 2050, plan_type: str = "ProvincialPlan") -> Path:
    """Create ``plans_dir/plan_id`` with a valid template; refuse to overwrite."""
    if not ID_PATTERN.match(plan_id):
        raise PlanError(Problem("a plan id is lower-case ASCII letters, digits and '-', e.g. cao-bang-2021-2030",
                                field="id"))
    if plan_type not in ("ProvincialPlan", "RegionalPlan", "NationalMasterPlan", "ImplementationPlan"):
        raise PlanError(Problem(f"unknown plan type {plan_type!r}", field="type"))
    if not name.strip() or '"' in name or "\n" in name:
        raise PlanError(Problem("the plan name must be one line of text without double quotes", field="name"))
    folder = Path(plans_dir) / plan_id
    if folder.exists():
        raise PlanError(Problem("already exists: choose another id or edit that folder", folder))
    name = " ".join(name.split())
    doc_id = re.sub(r"-\d{4}-\d{4}$", "", plan_id) + "-source"
    vision = f"  vision_year: {vision_year}\n" if vision_year else ""
    write_text(folder / "sources" / f"{doc_id}.txt", name + "\n")
    write_text(folder / "plan.yaml", TEMPLATE.format(
        name=name, name_en=(name_en or name).replace('"', "'"), plan_id=plan_id, doc_id=doc_id,
        plan_type=plan_type, start=start, end=end, vision=vision,
    ))
    return folder
