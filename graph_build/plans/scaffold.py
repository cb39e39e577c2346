"""Start a new plan folder that validates from the first minute.

``plankg new-plan cao-bang-2021-2030 --name "Quy hoạch tỉnh Cao Bằng …"``
writes ``plans/<id>/plan.yaml`` and ``plans/<id>/sources/<id>.txt``; the
source file holds the plan's name so that the one quote of the template is
found. Replace it with the real announcement or decision text, then add
entities section by section, running ``plankg validate`` as you go.

The placeholders are marked so that ``validate`` warns until they are replaced: the source
file starts with ``loader.PLACEHOLDER_MARK`` (and its quote does not count as checked), and
without ``--name-en`` the English label is the Vietnamese name copied, which ``validate``
also warns about.
"""

from __future__ import annotations

import re
from pathlib import Path

from graph_build.core.atomic import write_text
from graph_build.core.errors import PlanError, Problem, excerpt
from graph_build.plans.loader import MAX_QUOTE_LENGTH, PLACEHOLDER_MARK, check_id
from graph_build.plans.yamlread import nfc

#: What a plan file refuses in any text (see yamlread): refused here rather than written.
#: Tab, line feed and carriage return are whitespace and are folded to one space.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

TEMPLATE = """\
# {name}
# Plan folder made by `plankg new-plan`. Format: docs/data-format.md.
# Placeholders `plankg validate` warns about until you replace them: sources/{doc_id}.txt
# (put the real document there) and, unless --name-en was given, the English label.
# Every entity needs a source: a quote from a document in sources/ ({{doc: ..., quote: ...}})
# or a web page declared below ({{web: ..., confidence: high|medium}}).
format: plankg/1
kind: plan
id: {plan_id}
sources:
  - id: {doc_id}
    file: sources/{doc_id}.txt
    title: {{vi: {name_yaml}}}
plan:
  type: {plan_type}
  label:
    vi: {name_yaml}
    en: {name_en_yaml}
  period_start: {start}
  period_end: {end}
{vision}  # territory: [<reference place id, e.g. cao-bang>]
  # implements: [<id of the plan this one implements, e.g. tdmnpb-2021-2030>]
  source: {{doc: {doc_id}, quote: {name_yaml}}}
# Sections to add (see docs/data-format.md): decisions, objectives, targets, key_tasks,
# breakthroughs, sector_orientations, spatial_structures, spatial_elements, economic_zones,
# border_gates, industrial_parks, urban_areas, project_groups, projects, organisations,
# people, posts, events.
"""


def new_plan(
    plans_dir: Path,
    plan_id: str,
    name: str,
    name_en: str | None = None,
    start: int = 2021,
    end: int = 2030,
    vision_year: int | None = 2050,
    plan_type: str = "ProvincialPlan",
) -> Path:
    """Create ``plans_dir/plan_id`` with a valid template; refuse to overwrite."""
    check_id(plan_id, "a plan id", example="cao-bang-2021-2030")
    if plan_type not in ("ProvincialPlan", "RegionalPlan", "NationalMasterPlan", "ImplementationPlan"):
        raise PlanError(Problem(f"unknown plan type {excerpt(plan_type)}", field="type"))
    name = _one_line(name, "name")
    name_en = _one_line(name_en, "name-en") if name_en is not None else name
    folder = Path(plans_dir) / plan_id
    if folder.exists():
        raise PlanError(Problem("already exists: choose another id or edit that folder", folder))
    doc_id = re.sub(r"-\d{4}-\d{4}\Z", "", plan_id) + "-source"
    vision = f"  vision_year: {vision_year}\n" if vision_year else ""
    placeholder = (
        f"{PLACEHOLDER_MARK}: replace this whole file with the text of the plan's decision or "
        "announcement; `plankg validate` warns until then.\n"
    )
    write_text(folder / "sources" / f"{doc_id}.txt", placeholder + name + "\n")
    write_text(
        folder / "plan.yaml",
        TEMPLATE.format(
            name=name,
            name_yaml=_yaml_string(name),
            name_en_yaml=_yaml_string(name_en),
            plan_id=plan_id,
            doc_id=doc_id,
            plan_type=plan_type,
            start=start,
            end=end,
            vision=vision,
        ),
    )
    return folder


def _one_line(text: str, option: str) -> str:
    """NFC text on one line (whitespace runs folded to a space, as the loader folds labels),
    or a clear error for what a plan file could not hold."""
    bad = _CONTROL.search(text)
    if bad is not None:
        raise PlanError(Problem(f"control character U+{ord(bad.group()):04X} in the plan name", field=option))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # bytes that were not UTF-8 on the command line
        raise PlanError(Problem("the plan name is not valid UTF-8 text", field=option)) from None
    text = " ".join(nfc(text).split())
    if not text:
        raise PlanError(Problem("the plan name must not be empty", field=option))
    if len(text) > MAX_QUOTE_LENGTH:  # the name is also the template's one quote
        raise PlanError(Problem(f"the plan name is longer than {MAX_QUOTE_LENGTH} characters", field=option))
    return text


def _yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar. In one, only backslash and double quote are
    special once control characters and line breaks are gone (``_one_line``)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
