"""``plankg link`` and ``plankg new-plan``: working across plans."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph_build.cli.common import _friendly_errors, _Progress, base_option, plan_dirs, reference_option


@click.command()
@plan_dirs
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Writes OUT/links/suggested.sssom.tsv and suggested.ttl.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=0.8,
    show_default=True,
    help="Leave out suggestions below this confidence.",
)
@click.option(
    "--accepted",
    "accepted_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The links already accepted (default: the bundled links/accepted.sssom.tsv); "
    "suggestions of a pair accepted there are left out.",
)
@click.option("--all", "show_all", is_flag=True, help="Show and write every suggestion, accepted ones too.")
@base_option
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@reference_option
@_friendly_errors
def link(plan_dirs, out_dir, min_confidence, accepted_file, show_all, base, quiet, reference_dirs):
    """Suggest matches between entities of different plans (default: the bundled plans).

    Same kind of thing, labels that agree after Vietnamese normalisation
    (marks, word order, abbreviations such as KKT, QL, TP) and shared places
    or sectors. Check the suggestions, then copy the rows you accept into
    links/accepted.sssom.tsv: `plankg build` loads them. Pairs accepted there
    already are not suggested again (--all shows every suggestion).
    """
    from graph_build.core.atomic import write_all
    from graph_build.core.resources import accepted_links
    from graph_build.linking import suggest as linking
    from graph_build.rdf.serialize import to_turtle
    from graph_build.stores.source import open_source

    progress = _Progress(quiet)
    # links=False: the suggestions must not see the mappings already accepted
    store = open_source(list(plan_dirs) or None, base=base, links=False, progress=progress, reference=reference_dirs)
    mappings = linking.suggest(store.union_graph(), min_confidence=min_confidence)
    accepted_path = accepted_file or accepted_links()
    accepted = linking.read_sssom(accepted_path, base) if accepted_path.is_file() else []
    new, already = linking.split_accepted(mappings, accepted)
    if not show_all:
        mappings = new
    progress(
        f"{len(new)} new suggestion(s), {len(already)} already accepted in {accepted_path}"
        + ("" if show_all or not already else " (--all shows them)")
    )
    mapping_set_id = f"{base}links/suggested"
    tsv = linking.to_sssom_tsv(mappings, base, mapping_set_id)
    folder = out_dir / "links"
    write_all(
        {
            folder / "suggested.sssom.tsv": tsv.encode("utf-8"),
            folder / "suggested.ttl": to_turtle(linking.to_rdf(mappings, base, mapping_set_id)),
        }
    )
    if not quiet:
        for m in mappings:
            click.echo(f"{m.confidence:.2f}  {m.predicate:<16} {m.subject_label}  ⟷  {m.object_label}")
        click.echo(f"wrote {folder / 'suggested.sssom.tsv'} and {folder / 'suggested.ttl'}")


@click.command("new-plan")
@click.argument("plan_id")
@click.option("--name", required=True, help="The plan's name in Vietnamese, as the decision writes it.")
@click.option("--name-en", help="The plan's name in English.")
@click.option(
    "--type",
    "plan_type",
    default="ProvincialPlan",
    show_default=True,
    type=click.Choice(["ProvincialPlan", "RegionalPlan", "NationalMasterPlan", "ImplementationPlan"]),
)
@click.option("--period", default="2021-2030", show_default=True, help="First and last year, e.g. 2021-2030.")
@click.option("--vision-year", type=int, default=2050, show_default=True)
@click.option(
    "--plans-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("plans"),
    show_default=True,
    help="Where plan folders live.",
)
@_friendly_errors
def new_plan(plan_id, name, name_en, plan_type, period, vision_year, plans_dir):
    """Start a plan folder that validates at once; then fill it in section by section."""
    from graph_build.plans.scaffold import new_plan as scaffold

    try:
        start, end = (int(y) for y in period.split("-"))
    except ValueError:
        click.echo(f"error: --period must look like 2021-2030, not {period!r}", err=True)
        sys.exit(2)
    folder = scaffold(plans_dir, plan_id, name, name_en, start, end, vision_year, plan_type)
    click.echo(f"created {folder}/plan.yaml and {folder}/sources/; next: plankg validate {folder}")
    click.echo(
        f"warning: {folder}/sources/ holds a placeholder document: put the plan's decision or "
        "announcement text there (validate warns until you do)",
        err=True,
    )
    if name_en is None:
        click.echo(
            "warning: no --name-en: the English label is the Vietnamese name copied; translate it "
            "in plan.yaml (validate warns until you do)",
            err=True,
        )
