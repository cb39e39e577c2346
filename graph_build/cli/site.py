"""``plankg site``: the static plan portal, a thin command over ``graph_build.site.write.write_site``."""

from __future__ import annotations

from pathlib import Path

import click

from graph_build.cli.common import _friendly_errors, reference_option
from graph_build.cli.view import graph_option, plan_dirs_argument, quiet_option, store_option


@click.command()
@plan_dirs_argument
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out/site"),
    show_default=True,
    help="The site folder (replaced whole): a page per entity at the path of its IRI, plans, concepts, comparisons.",
)
@graph_option
@store_option
@quiet_option
@reference_option
@_friendly_errors
def site(plan_dirs, out_dir, graph_file, store_path, quiet, reference_dirs):
    """Write the static, offline plan portal (open OUT/index.html in a browser; no network needed)."""
    from graph_build.site.write import write_site
    from graph_build.views.generate import load_graph

    result = write_site(load_graph(plan_dirs, graph_file, store_path, reference=reference_dirs), out_dir)
    if not quiet:
        click.echo(
            f"{result.pages} pages, {result.bytes / 1024 / 1024:.1f} MB; largest {result.largest[0]} "
            f"({result.largest[1] / 1024:.0f} kB)"
        )
        click.echo(str(result.out / "index.html"))
