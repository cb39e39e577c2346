"""``plankg extract``: draft a plan folder from a Vietnamese plan text."""

from __future__ import annotations

from pathlib import Path

import click

from graph_build.cli.common import _friendly_errors


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--plan-id", required=True, help="Id of the new plan folder, e.g. son-lam-2021-2030.")
@click.option(
    "--out",
    "plans_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("plans"),
    show_default=True,
    help="Where plan folders live.",
)
@click.option("--merge", is_flag=True, help="Compare with the existing folder PLAN-ID; write only plan.extract.md.")
@_friendly_errors
def extract(file, plan_id, plans_dir, merge):
    """Draft plans/PLAN-ID from a plan text (.txt UTF-8, .docx, PDF text layer).

    Every entity quotes the text; review plan.extract.md, then run plankg validate.
    .docx and PDF need: pip install "plankg[extract]".
    """
    from graph_build.extract.draft import extract_plan

    folder, ex = extract_plan(file, plan_id, plans_dir, merge=merge)
    click.echo(f"{len(ex.proposals)} entities proposed; report: {folder}/plan.extract.md")
