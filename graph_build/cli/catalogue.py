"""``plankg catalogue``: every valid id, with its labels."""

from __future__ import annotations

import click

from graph_build.cli.common import _friendly_errors, reference_option

#: The same kinds as graph_build.pipeline.catalogue.KINDS (repeated so --help imports nothing heavy).
KINDS = ("places", "infrastructure", "indicators", "sectors", "units", "types")


@click.command("catalogue")
@click.argument("kind", required=False, type=click.Choice(KINDS))
@click.option("--markdown", is_flag=True, help="Print every kind as docs/catalogue.md (Markdown tables).")
@reference_option
@_friendly_errors
def catalogue(kind, markdown, reference_dirs):
    """List the valid ids of shared places, infrastructure, indicators, sectors, units and entity
    types (default: every kind), with their Vietnamese and English labels."""
    from graph_build.core.resources import extra_reference_files, reference_files
    from graph_build.pipeline import catalogue as cat

    files = reference_files() + extra_reference_files(reference_dirs)
    if markdown:
        click.echo(cat.markdown(files), nl=False)
        return
    for one in [kind] if kind else list(cat.KINDS):
        rows = cat.entries(one, files)
        click.echo(f"{one} ({len(rows)})")
        for e in rows:
            labels = " / ".join(x for x in (e.vi, e.en) if x)
            click.echo(f"  {e.id:<40} {e.type:<22} {labels}".rstrip())
