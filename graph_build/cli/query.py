"""``plankg query list|show|run`` and ``plankg sparql``: thin click commands over ``graph_build.sparql.library``.

Only click is imported here at start-up; rdflib comes in when a query runs.
Bad input (an unknown query or parameter, a value of the wrong type, a SPARQL
syntax error, an update, an unreadable graph file) prints one ``error:`` line
and exits with status 2, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph_build.cli.common import _friendly_errors, reference_option
from graph_build.rdf.formats import graph_file_suffixes, query_output_names, suffix_list

OUTPUT_FORMATS = query_output_names()


def _source_options(func):
    """--graph FILE, --endpoint URL and --store PATH: where the query runs (default: the bundled plans)."""
    func = click.option(
        "--store",
        "store_path",
        type=click.Path(path_type=Path, file_okay=False),
        help="A persistent store written by `plankg build --store PATH` (opens in milliseconds).",
    )(func)
    func = click.option(
        "--endpoint", metavar="URL", help="A SPARQL 1.1 endpoint to query instead of the bundled plans."
    )(func)
    func = click.option(
        "--graph",
        "graph_file",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        help=f"A built graph file ({suffix_list(graph_file_suffixes())}) to query instead of building.",
    )(func)
    return reference_option(func)


def _output_options(func):
    func = click.option(
        "--max-width",
        type=click.IntRange(min=0),
        default=60,
        show_default=True,
        help="Cut table cells to this many columns (0: no limit).",
    )(func)
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(OUTPUT_FORMATS),
        help="Output format. Default: table for rows, turtle for graphs.",
    )(func)
    return func


def _source(graph_file: Path | None, endpoint: str | None, store_path: Path | None, reference_dirs=()):
    """The store the options name (default: the bundled plans): ``stores.source.open_source`` decides."""
    from graph_build.stores.source import open_source

    return open_source(graph_file=graph_file, endpoint=endpoint, store=store_path, reference=reference_dirs)


def _dataset_options(func):
    """The SPARQL Protocol's dataset, for an ad-hoc query: it replaces the query's FROM / FROM NAMED."""
    func = click.option(
        "--named-graph",
        "named_graphs",
        multiple=True,
        metavar="IRI",
        help="A graph GRAPH ?g may match (repeatable), as the protocol's named-graph-uri.",
    )(func)
    func = click.option(
        "--default-graph",
        "default_graphs",
        multiple=True,
        metavar="IRI",
        help="A graph merged into the default graph (repeatable), as the protocol's "
        "default-graph-uri. With either option the query's FROM and FROM NAMED are replaced.",
    )(func)
    return func


def _print(result, fmt: str | None, max_width: int) -> None:
    from graph_build.sparql.results import format_result

    click.echo(format_result(result, fmt, max_width=max_width or None), nl=False)


@click.group("query")
def query():
    """The named query library: list, show and run the questions in queries/."""


@query.command("list")
@click.option(
    "--lang", type=click.Choice(("vi", "en")), default="vi", show_default=True, help="Language of the summaries."
)
@_friendly_errors
def list_command(lang):
    """Every named query: name, summary and parameters (name=default)."""
    from graph_build.sparql.library import list_queries
    from graph_build.sparql.results import display_width

    queries = list_queries()
    width = max(display_width(q.name) for q in queries)
    for q in queries:
        params = " ".join(f"{p.name}={p.default}" for p in q.params.values())
        click.echo(
            f"{q.name}{' ' * (width - display_width(q.name))}  {q.summary[lang]}" + (f"  [{params}]" if params else "")
        )


@query.command("show")
@click.argument("name")
@_friendly_errors
def show_command(name):
    """A named query's summaries, parameters (type, default) and SPARQL text."""
    from graph_build.sparql.library import PARAMETER_TYPES, get_query

    q = get_query(name)
    click.echo(f"{q.name}  ({q.path.name})")
    click.echo(f"  vi: {q.summary['vi']}")
    click.echo(f"  en: {q.summary['en']}")
    if q.tags:
        click.echo(f"tags: {', '.join(q.tags)}")
    if q.params:
        click.echo("parameters:")
        for p in q.params.values():
            click.echo(f"  {p.name} ({p.type}, default {p.default}): {p.description['en']} / {p.description['vi']}")
            click.echo(f"      accepts {PARAMETER_TYPES[p.type].accepts}")
    if q.example:
        click.echo(f"example: {q.example}")
    click.echo("")
    click.echo(q.body.rstrip("\n"))


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    from graph_build.core.errors import QueryError

    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param needs key=value, got {pair!r}")
        if key.strip() in params:
            raise QueryError(f"--param {key.strip()!r} is given twice")
        params[key.strip()] = value
    return params


@query.command("run")
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter value (repeatable). Unset parameters take their defaults.",
)
@_output_options
@_source_options
@_friendly_errors
def run_command(name, pairs, fmt, max_width, graph_file, endpoint, store_path, reference_dirs):
    """Run the named query NAME and print its results."""
    from graph_build.sparql.library import run_query

    params = _parse_params(pairs)
    result = run_query(name, params, store=_source(graph_file, endpoint, store_path, reference_dirs))
    _print(result, fmt, max_width)


@click.command("sparql")
@click.argument("query_or_file")
@_output_options
@_source_options
@_dataset_options
@_friendly_errors
def sparql(
    query_or_file, fmt, max_width, graph_file, endpoint, store_path, reference_dirs, default_graphs, named_graphs
):
    """Run an ad-hoc SELECT, ASK, CONSTRUCT or DESCRIBE query (text, a file, or - for stdin).

    The default graph is the union of all graphs; FROM, FROM NAMED and GRAPH
    choose among them. Graph results print as Turtle (or --format jsonld, nt, rdfxml).
    Updates, SERVICE and FROM of a graph the data does not hold are refused
    (exit 2): plankg makes no network request but to --endpoint.
    """
    from graph_build.sparql.library import run_sparql

    if query_or_file == "-":
        text = sys.stdin.read()
    elif Path(query_or_file).suffix in (".rq", ".sparql") or (
        "\n" not in query_or_file and len(query_or_file) < 4096 and Path(query_or_file).is_file()
    ):
        text = Path(query_or_file).read_text(encoding="utf-8")
    else:
        text = query_or_file
    result = run_sparql(
        text,
        store=_source(graph_file, endpoint, store_path, reference_dirs),
        default_graphs=default_graphs,
        named_graphs=named_graphs,
    )
    _print(result, fmt, max_width)


__all__ = ["query", "sparql"]
