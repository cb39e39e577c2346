"""``plankg new-reference KIND ID``: start a reference file (a shared place, infrastructure,
indicator, sector or unit) that validates at once."""

from __future__ import annotations

from pathlib import Path

import click

from graph_build.cli.common import _friendly_errors

#: The same kinds as graph_build.plans.reference_scaffold.KINDS (repeated so --help imports nothing heavy).
KINDS = ("place", "infrastructure", "indicator", "sector", "unit")


@click.command("new-reference")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("entity_id", metavar="ID")
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("reference"),
    show_default=True,
    help="Where to write ID.yaml: reference/ (bundled), or a folder of your own given to "
    "every command with --reference DIR.",
)
@_friendly_errors
def new_reference(kind, entity_id, folder):
    """Write DIR/ID.yaml: one new place, infrastructure, indicator, sector or unit, valid at once.

    Every text to replace holds TODO, and `plankg validate` warns about each one
    left. Plans name the new thing by ID (indicators, sectors and units like the
    bundled concepts; `plankg catalogue` lists them).
    """
    from graph_build.core.resources import folder as bundled
    from graph_build.plans.reference_scaffold import new_reference as scaffold

    path = scaffold(folder, kind, entity_id)
    hint = "" if folder.resolve() == bundled("reference").resolve() else f" --reference {folder}"
    click.echo(f"created {path}; replace each TODO, then: plankg validate{hint}")
