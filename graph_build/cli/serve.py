"""``plankg serve`` and ``plankg push``: thin click commands over ``endpoint`` and ``push``.

Only click is imported at start-up; the server, rdflib and the build come in
when a command runs. Exit codes as everywhere in plankg: 0 done, 1 the plans
are not valid (nothing served or pushed), 2 unusable input or a store that
failed (the message says which request and why).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from graph_build.cli.common import _friendly_errors, _Progress, base_option, plan_dirs, reference_option
from graph_build.core.errors import EXIT_UNUSABLE
from graph_build.endpoint import limits as _limits  # constants only: keeps `plankg --help` light
from graph_build.rdf.formats import graph_file_suffixes, suffix_list


def _source(plan_dirs, graph_files=None, store_path=None, base=None, progress=None, reference_dirs=()):
    """The store the arguments name: ``stores.source.open_source`` decides, as for every command.

    Plan folders (default: the bundled plans) are built without SHACL; a plan
    that is not valid stops the command (exit 1), its errors printed.
    """
    from graph_build.core.iris import DEFAULT_DATA_BASE
    from graph_build.stores.source import open_source

    return open_source(
        list(plan_dirs) or None,
        graph_file=graph_files or None,
        store=store_path,
        base=base or DEFAULT_DATA_BASE,
        progress=progress,
        reference=reference_dirs,
    )


@click.command("serve")
@plan_dirs
@click.option(
    "--graph",
    "graph_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"Serve a built graph file ({suffix_list(graph_file_suffixes())}) instead of building plan "
    "folders. TriG and N-Quads keep their named graphs, so GRAPH ?g { } queries work.",
)
@click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path, file_okay=False),
    help="Serve a persistent store written by `plankg build --store PATH` instead of building.",
)
@click.option(
    "--on-disk",
    is_flag=True,
    help="With --store: workers query the store folder in place (read-only) instead of each "
    "holding a copy in memory; less memory, several times slower on large answers.",
)
@click.option(
    "--host",
    default=_limits.DEFAULT_HOST,
    show_default=True,
    help="Address to listen on: loopback only, unless --allow-remote.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=_limits.DEFAULT_PORT,
    show_default=True,
    help="Port to listen on (0: any free port; the URL printed says which).",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow a --host other than loopback. The endpoint has no authentication and no TLS, "
    "and every query costs CPU, so only expose it behind a proxy you control.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A name clients reach the endpoint by (e.g. behind a proxy); repeatable. Requests whose "
    "Host header names anything else get HTTP 400 (on loopback: besides 127.0.0.1, localhost, [::1]).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=_limits.DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds a query may run; a slower one is stopped and answered with HTTP 503.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=_limits.DEFAULT_MAX_ROWS,
    show_default=True,
    help="Largest result, in rows (SELECT) or triples (CONSTRUCT); a bigger one is refused "
    "with HTTP 400, asking for a LIMIT.",
)
@click.option(
    "--max-answer-bytes",
    type=click.IntRange(min=1),
    default=_limits.DEFAULT_MAX_ANSWER_BYTES,
    show_default=True,
    help="Largest answer body in bytes, whatever its format; a bigger one is refused with HTTP 400.",
)
@click.option(
    "--max-memory",
    "max_memory_mib",
    type=click.IntRange(min=16),
    metavar="MIB",
    default=_limits.DEFAULT_MAX_MEMORY_MIB,
    show_default=True,
    help="Memory one query may use in its worker, in MiB, beyond the loaded graph; a query that "
    "needs more is stopped and answered with HTTP 503, and its worker replaced.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=_limits.DEFAULT_WORKERS,
    show_default=True,
    help="Worker processes, each holding the graph: how many queries run at once (about one per CPU core).",
)
@click.option(
    "--cors/--no-cors",
    default=True,
    show_default=True,
    help="Send CORS headers, so a browser page on another origin (e.g. YASGUI) can query.",
)
@base_option
@click.option("-q", "--quiet", is_flag=True, help="Do not log requests or progress.")
@reference_option
@_friendly_errors
def serve(
    plan_dirs,
    graph_file,
    store_path,
    on_disk,
    host,
    port,
    allow_remote,
    allowed_hosts,
    timeout,
    max_rows,
    max_answer_bytes,
    max_memory_mib,
    workers,
    cors,
    base,
    quiet,
    reference_dirs,
):
    """Serve the graph as a read-only SPARQL 1.1 endpoint at http://HOST:PORT/sparql.

    GET or POST queries (URL-encoded or a direct application/sparql-query
    body), evaluated by Oxigraph; answers in SPARQL results JSON, XML, CSV or
    TSV, and Turtle, JSON-LD or N-Triples for CONSTRUCT, chosen by Accept or
    ?format=. GET /sparql without a query describes the service. The
    page at / lists the named queries with a form for each; they also answer
    at /queries/NAME?param=value. Updates are refused. Stop with Ctrl-C.
    """
    from graph_build.endpoint.server import is_loopback, run_server

    if not allow_remote and not is_loopback(host):
        raise click.BadParameter(
            f"{host} is not a loopback address; the endpoint has no authentication, "
            "so add --allow-remote to serve beyond this machine",
            param_hint="--host",
        )
    if sum(bool(x) for x in (plan_dirs, graph_file, store_path)) > 1:
        raise click.UsageError("give plan folders, --graph FILE or --store PATH, not several")
    progress = _Progress(quiet)
    store = _source(plan_dirs, graph_file, store_path, base, progress, reference_dirs)
    progress(f"starting {workers} query worker(s)")

    def ready(endpoint) -> None:
        click.echo(endpoint.url)  # stdout, alone on its line: scripts read the URL from here
        sys.stdout.flush()
        progress(f"serving; the page with the named queries is {endpoint.base_url} (Ctrl-C to stop)")

    from graph_build.site.deref import SitePages  # /id/…, /vocab/…, /def answer the site's pages

    try:
        run_server(
            store,
            host=host,
            port=port,
            timeout=timeout,
            max_rows=max_rows,
            workers=workers,
            allow_remote=allow_remote,
            log=None if quiet else _log,
            on_ready=ready,
            max_memory_mib=max_memory_mib,
            max_answer_bytes=max_answer_bytes,
            cors=cors,
            on_disk=on_disk,
            allowed_hosts=allowed_hosts,
            pages=SitePages(),
        )
    except OSError as exc:  # most often: the port is taken
        click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_UNUSABLE)
    except RuntimeError as exc:  # a worker could not load the graph
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_UNUSABLE)
    progress("stopped")


def _log(line: str) -> None:
    click.echo(line, err=True)


@click.command("push")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="The store: its base URL (Oxigraph: http://127.0.0.1:7878) or its Graph Store URL.",
)
@click.option(
    "--store-url",
    metavar="URL",
    help="Graph Store Protocol URL when the store is not laid out like Oxigraph's (/store). "
    "Fuseki: http://HOST:3030/DATASET/data; GraphDB: "
    "http://HOST:7200/repositories/REPO/rdf-graphs/service.",
)
@click.option(
    "--query-url",
    metavar="URL",
    help="SPARQL query URL for the count check, when not Oxigraph's (/query). "
    "Fuseki: http://HOST:3030/DATASET/sparql; GraphDB: http://HOST:7200/repositories/REPO.",
)
@click.option(
    "--user",
    metavar="NAME",
    envvar="PLANKG_PUSH_USER",
    help="User for a store that asks for a login (HTTP Basic or Digest; Virtuoso: dba or a user "
    "with SPARQL_UPDATE). The password comes from the PLANKG_PUSH_PASSWORD environment variable, "
    "else it is asked for; it is never printed. [env: PLANKG_PUSH_USER]",
)
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    help="Push everything into this one named graph instead of one graph per plan.",
)
@base_option
@click.option("-q", "--quiet", is_flag=True, help="Print only the per-graph lines and problems.")
@_friendly_errors
def push(sources, endpoint, store_url, query_url, user, graph_iri, base, quiet):
    """Load each plan into its own named graph of a running store, then check the counts.

    SOURCES are plan folders (built first; default: the bundled plans) or
    built graph files (.trig and .nq keep one graph per plan; .ttl, .nt and
    .jsonld need --graph). Each graph is replaced in one Graph Store
    Protocol PUT, so pushing again changes nothing. Prints one line per
    graph; exits 2 when a request fails or a count differs.
    Virtuoso: --endpoint http://HOST:8890/sparql-graph-crud-auth --user dba.
    """
    import os

    from graph_build.stores import push as push_module

    files = [p for p in sources if p.is_file()]
    if files and len(files) != len(sources):
        raise click.UsageError("give plan folders or graph files, not both")
    if files and graph_iri is None:
        push_module.check_files_name_their_graphs(files)  # before reading them
    gsp_url, query = push_module.store_urls(endpoint, store_url, query_url)
    password = None
    if user is not None:
        password = os.environ.get("PLANKG_PUSH_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise click.UsageError("--user needs the password in the PLANKG_PUSH_PASSWORD environment variable")
            password = click.prompt(f"password for {user} at {gsp_url}", hide_input=True, err=True)
    progress = _Progress(quiet)
    store = _source(() if files else sources, files, None, base, progress)
    progress(f"pushing to {gsp_url} (counts from {query})")
    push_module.push(
        store,
        endpoint,
        graph_iri=graph_iri,
        store_url=store_url,
        query_url=query_url,
        on_report=lambda report: click.echo(str(report)),
        user=user,
        password=password,
    )
    progress("done: every graph in the store has the local triple count")


__all__ = ["serve", "push"]
