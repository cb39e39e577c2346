"""Where the graph comes from: the one function every command and the Python API ask.

``open_source`` takes one of

=================  =============================================================================
argument           the graph
=================  =============================================================================
(nothing)          the bundled plans and reference data, built once per process (no SHACL)
``plans``          plan folders, built now (no SHACL; a plan that is not valid is a ``PlanError``)
``graph_file``     built graph files (.ttl, .nt, .jsonld, .trig, .nq: ``rdf.graph_files``)
``store``          a persistent store folder (``plankg build --store``), or a ``Store`` as it is
``endpoint``       a SPARQL 1.1 endpoint's query URL (``RemoteStore``)
``result``         a ``BuildResult`` in memory
``graph``          an rdflib ``Dataset`` (its named graphs kept) or ``Graph`` (the default graph)
=================  =============================================================================

and returns a ``Store``. Graphs built or read into memory go into a store of
``engine`` (Oxigraph by default, ``"rdflib"`` for the reference engine), so
``plankg query``, ``sparql``, ``serve``, ``view``, ``push`` and ``link`` all
answer from the same dataset: one named graph per plan, the default graph their
union (see ``Store``).

>>> store = open_source()                       # the bundled plans
>>> store is open_source()                      # built once per process
True
>>> store.run("ASK { ?s a <https://w3id.org/plankg/def#ProvincialPlan> }").boolean
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from graph_build.core.errors import PlanError, QueryError
from graph_build.core.iris import DEFAULT_DATA_BASE
from graph_build.stores.base import Store

#: The engine graphs built or read into memory are loaded into (a name of ``stores.STORES``).
MEMORY_ENGINE = "oxigraph"


def open_source(
    plans: Sequence[Path | str] | None = None,
    *,
    graph_file: Path | str | Sequence[Path | str] | None = None,
    store: Store | Path | str | None = None,
    endpoint: str | None = None,
    result=None,
    graph=None,
    base: str = DEFAULT_DATA_BASE,
    engine: str = MEMORY_ENGINE,
    links: bool = True,
    progress: Callable[[str], None] | None = None,
    reference: Sequence[Path | str] = (),
) -> Store:
    """The store answering for one source of the graph (see the module docstring); at most one given.

    ``base``, ``links`` and ``reference`` (more reference data, ``--reference DIR``) are
    ``build``'s, for plan folders; ``progress``
    hears one line per step. Bad input raises ``PlanError`` (plans that do not
    build or are not valid) or ``QueryError`` (a file or store that cannot be
    read, several sources at once).
    """
    say = progress or (lambda message: None)
    given = {
        what: value
        for what, value in (
            ("plan folders", plans or None),
            ("a graph file", graph_file),
            ("a store", store),
            ("an endpoint", endpoint),
            ("a build result", result),
            ("an rdflib graph", graph),
        )
        if value is not None
    }
    if reference and len(given) - ("plan folders" in given) > 0:
        raise QueryError(f"--reference adds reference data to a build; it cannot go with {next(iter(given))}")
    if len(given) > 1:
        names = list(given)
        raise QueryError(f"give {', '.join(names[:-1])} or {names[-1]}, not {'both' if len(names) == 2 else 'several'}")
    if store is not None:
        if isinstance(store, Store):
            return store
        from graph_build.stores.persistent import open_built_store

        say(f"opening the store {store}")
        return open_built_store(store)
    if endpoint is not None:
        from graph_build.stores.remote import RemoteStore

        return RemoteStore(endpoint)
    if result is not None:
        return _memory_store(engine, result=result)
    if graph is not None:
        return _memory_store(engine, graph=graph)
    if graph_file is not None:
        files = [graph_file] if isinstance(graph_file, (str, Path)) else list(graph_file)
        opened = _new_store(engine)
        for path in files:
            say(f"reading {path}")
            opened.load_rdflib(read_graph_file(path))
        return opened
    if plans or reference or base != DEFAULT_DATA_BASE or links is not True:
        say(f"building {len(plans or ()) or 'the bundled'} plan folder(s) and the reference data")
        return _memory_store(engine, result=built(plans, base=base, links=links, progress=say, reference=reference))
    say("building the bundled plans and the reference data (once per process)")
    return bundled_store(engine)


def as_store(source, engine: str = MEMORY_ENGINE) -> Store:
    """Any one source object as a store: a ``Store``, a ``BuildResult``, an rdflib graph,
    or a path (a store folder, else a graph file)."""
    if isinstance(source, Store):
        return source
    if isinstance(source, (str, Path)):
        path = Path(source)
        return open_source(store=path) if path.is_dir() else open_source(graph_file=path, engine=engine)
    if hasattr(source, "triples") and hasattr(source, "graph_names"):
        return open_source(result=source, engine=engine)
    if hasattr(source, "query") and hasattr(source, "triples"):
        return open_source(graph=source, engine=engine)
    raise TypeError(
        f"not a source of a graph: {type(source).__name__} (give a Store, a BuildResult, "
        "an rdflib Graph or Dataset, a store folder or a graph file)"
    )


def built(
    plans: Sequence[Path | str] | None = None,
    base: str = DEFAULT_DATA_BASE,
    links: bool = True,
    progress: Callable[[str], None] | None = None,
    reference: Sequence[Path | str] = (),
):
    """Plan folders (default: the bundled plans) built without SHACL; ``PlanError`` unless valid."""
    from graph_build.pipeline import api

    result = api.build(
        list(plans) if plans else None,
        base=base,
        shacl=False,
        links=links,
        progress=progress,
        reference=reference,
    )
    if not result.ok:
        raise PlanError(result.errors)
    if result.warnings and progress is not None:
        progress(f"{len(result.warnings)} warning(s); `plankg validate` lists them")
    return result


@functools.cache
def bundled_build():
    """The bundled plans and reference data, built once per process (no SHACL)."""
    return built()


@functools.cache
def bundled_store(engine: str = MEMORY_ENGINE) -> Store:
    """The bundled build in a store of ``engine``, loaded once per process (queries never write)."""
    return _memory_store(engine, result=bundled_build())


def read_graph_file(path: Path | str):
    """A built graph file as an rdflib ``Dataset``; a file that cannot be read is one located ``QueryError``."""
    from graph_build.rdf.graph_files import load_graph_file

    try:
        return load_graph_file(path)
    except PlanError as exc:
        problem = exc.problems[0]
        where = f"{problem.file}:{problem.line}" if problem.line else str(problem.file)
        raise QueryError(f"{where}: cannot read the graph: {problem.message}") from None


def _new_store(engine: str) -> Store:
    from graph_build.stores import open_store

    if engine == "remote":
        raise QueryError("graphs in memory go into the oxigraph or rdflib store, not a remote one")
    return open_store(engine)


def _memory_store(engine: str, result=None, graph=None) -> Store:
    opened = _new_store(engine)
    if result is not None:
        opened.load_build(result)
    else:
        opened.load_rdflib(graph)
    return opened


__all__ = ["open_source", "as_store", "built", "bundled_build", "bundled_store", "read_graph_file", "MEMORY_ENGINE"]
