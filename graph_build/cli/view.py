"""``plankg view``, ``plankg export-network`` and ``plankg docs``: thin click commands.

Each parses its options and calls one library function
(``views.generate_view``, ``network.write_exports``,
``ontology_docs.write_ontology_docs``). Only click is imported at module
level: networkx, pyvis and playwright load when a command runs.

Run without installing: ``python -m graph_build.cli.view view --layout plan``.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph_build.cli.common import _friendly_errors, _Progress, reference_option
from graph_build.rdf import formats as F

plan_dirs_argument = click.argument("plan_dirs", nargs=-1, type=click.Path(path_type=Path))
out_option = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Output folder (views go to OUT/views/, index to OUT/index.html).",
)
graph_option = click.option(
    "--graph",
    "graph_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help=f"Read a built graph file ({F.suffix_list(F.graph_file_suffixes())}) instead of building plans.",
)
plan_option = click.option(
    "--plan", "plans", multiple=True, metavar="ID", help="Keep only this plan's nodes and what it reaches (repeatable)."
)
kind_option = click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="CLASS",
    help="Keep only nodes of this class or its subclasses, e.g. Breakthrough, Place (repeatable).",
)
lang_option = click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of labels and page text (fallback: the other language, then the id).",
)
store_option = click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path, file_okay=False),
    help="Read a persistent store written by `plankg build --store PATH`.",
)
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print only problems.")


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not of the form name=value", param_hint="--param")
        out[key] = value
    return out


@click.command()
@plan_dirs_argument
@plan_option
@kind_option
@click.option("--focus", metavar="ENTITY", help="Draw the neighbourhood of this entity (id, plan-id/id or IRI).")
@click.option(
    "--depth",
    type=click.IntRange(0, 10),
    default=1,
    show_default=True,
    help="With --focus: how many edges away from the entity.",
)
@click.option(
    "--layout",
    type=click.Choice(["force", "plan"]),
    default="force",
    show_default=True,
    help="force: physics (stops once settled) or precomputed positions for large graphs; "
    "plan: top-down plan → objectives → tasks → sectors → projects and places.",
)
@click.option("--query", metavar="NAME", help="Draw the result of a named SELECT or CONSTRUCT query.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of --query (repeatable).")
@click.option("--cross-plan", is_flag=True, help="Draw the nodes shared by two plans or more, marked.")
@click.option(
    "--aggregate",
    is_flag=True,
    help="With --cross-plan: draw the plans as nodes, joined by edges as wide as what they share; "
    "a click on an edge (or a plan) opens the shared entities.",
)
@click.option(
    "--shared-by",
    "shared_by",
    multiple=True,
    metavar="PLAN",
    help="Keep only what these plans all share, and the plan entities that reach it "
    "(give it twice or more; with the graph, --kind, --focus, --query and --cross-plan views).",
)
@lang_option
@out_option
@graph_option
@store_option
@click.option("--name", help="File name of the view (default: from the options, e.g. plan-layout).")
@click.option(
    "--date",
    help="Date printed on the page, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else the newest date in the data).",
)
@click.option(
    "--snapshot",
    "snapshots",
    type=click.Choice(["png", "svg"]),
    multiple=True,
    help="Also save a PNG (headless chromium) or SVG picture of the view (repeatable).",
)
@quiet_option
@reference_option
@_friendly_errors
def view(
    plan_dirs,
    plans,
    kinds,
    focus,
    depth,
    layout,
    query,
    params,
    cross_plan,
    aggregate,
    shared_by,
    lang,
    out_dir,
    graph_file,
    store_path,
    name,
    date,
    snapshots,
    quiet,
    reference_dirs,
):
    """Write an interactive network view: one HTML file that works offline.

    The page has a legend, search (diacritics optional), filters by class,
    sector and plan, and tooltips with each entity's source quote. It is
    written to OUT/views/NAME.html and OUT/index.html links every view.
    """
    from graph_build.views.generate import generate_view, load_graph

    progress = _Progress(quiet)
    graph = load_graph(plan_dirs, graph_file, store_path, reference=reference_dirs)
    progress(f"graph ready: {len(graph)} triples")
    files = generate_view(
        graph,
        out_dir,
        lang=lang,
        date=date,
        snapshots=snapshots,
        plans=plans,
        kinds=kinds,
        focus=focus,
        depth=depth,
        layout=layout,
        query=query,
        params=_params(params),
        cross_plan=cross_plan,
        aggregate=aggregate,
        shared_by=shared_by,
        name=name,
    )
    net = files.view.net
    progress(f"drew {len(net)} nodes and {net.number_of_edges()} edges")
    if not quiet:
        for path in [files.html, *files.snapshots, files.index]:
            click.echo(str(path))


@click.command("export-network")
@plan_dirs_argument
@click.option(
    "--format",
    "formats",
    type=click.Choice(F.network_names()),
    multiple=True,
    help=f"{F.described(F.formats('network'))}; repeatable. Default: all of them.",
)
@plan_option
@kind_option
@lang_option
@out_option
@graph_option
@quiet_option
@reference_option
@_friendly_errors
def export_network(plan_dirs, formats, plans, kinds, lang, out_dir, graph_file, quiet, reference_dirs):
    """Write the entity network for other tools: OUT/plankg-network.graphml, .gexf, .json.

    Also rewrites OUT/index.html, which links them beside the views.
    """
    from graph_build.network import model as N
    from graph_build.views.generate import load_graph, resolve_date, write_index

    net = N.to_network(load_graph(plan_dirs, graph_file, reference=reference_dirs))
    if plans:
        net = N.restrict_to_plans(net, plans)
    if kinds:
        net = N.keep_classes(net, kinds)
    written = N.write_exports(net, out_dir, formats or None, lang=lang)
    written.append(write_index(out_dir, lang, resolve_date()))
    if not quiet:
        click.echo(f"{len(net)} nodes, {net.number_of_edges()} edges")
        for path in written:
            click.echo(str(path))


@click.command()
@out_option
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="Language of the index page (the documentation itself shows both).",
)
@quiet_option
@_friendly_errors
def docs(out_dir, lang, quiet):
    """Write HTML documentation of the ontology, shapes and vocabularies to OUT/docs/ontology.html."""
    from graph_build.views.generate import resolve_date, write_index
    from graph_build.views.ontology_docs import write_ontology_docs

    page = write_ontology_docs(out_dir)
    index = write_index(out_dir, lang, resolve_date())
    if not quiet:
        click.echo(str(page))
        click.echo(str(index))


@click.group()
def _standalone():
    """plankg view commands (also registered on the main ``plankg`` command)."""


_standalone.add_command(view)
_standalone.add_command(export_network)
_standalone.add_command(docs)

if __name__ == "__main__":  # python -m graph_build.cli.view view ...
    _standalone()
