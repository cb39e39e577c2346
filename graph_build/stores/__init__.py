"""Where the graph lives: store backends behind one interface, chosen by name.

=============  ==============================================================
name           backend
=============  ==============================================================
``oxigraph``   pyoxigraph's Store, in memory or persistent on disk (default)
``rdflib``     rdflib's in-memory ``Dataset`` (the reference engine)
``remote``     a SPARQL 1.1 Protocol endpoint (query only)
=============  ==============================================================

Each backend is a module of this package, imported only when it is opened,
so ``plankg --help`` never pays for pyoxigraph. Every store answers SPARQL
through ``run(text, bindings, default_graphs=, named_graphs=)`` over the same
dataset (``Store``), after the one guard of ``stores.query.prepare``, and
returns rows of rdflib terms, so a row from Oxigraph compares equal to the
same row from rdflib. Where the graph comes from (plans, a graph file, a
store folder, an endpoint, a build in memory) is decided by
``stores.source.open_source``, for every command and the Python API.

Oxigraph is the default because it answered every named query 10-100x faster
than rdflib's engine on 10^5-10^6 triples, loads N-Triples ~10x faster and
keeps a persistent store that opens in milliseconds (docs/performance.md).

>>> sorted(STORES)
['oxigraph', 'rdflib', 'remote']
"""

from __future__ import annotations

import importlib
from pathlib import Path

from .base import Store

#: Backend name → (module, class). The one table of backends.
STORES: dict[str, tuple[str, str]] = {
    "oxigraph": ("graph_build.stores.oxigraph_store", "OxigraphStore"),
    "rdflib": ("graph_build.stores.rdflib_store", "RdflibStore"),
    "remote": ("graph_build.stores.remote", "RemoteStore"),
}
DEFAULT_STORE = "oxigraph"


def store_class(name: str) -> type[Store]:
    from graph_build.core.errors import QueryError

    if name not in STORES:
        raise QueryError(f"unknown store {name!r}; choose from {', '.join(sorted(STORES))}")
    module, cls = STORES[name]
    return getattr(importlib.import_module(module), cls)


def open_store(
    name: str = DEFAULT_STORE, path: Path | str | None = None, *, url: str | None = None, read_only: bool = False
) -> Store:
    """Open a store by name: ``path`` for a persistent Oxigraph store, ``url`` for ``remote``.

    >>> store = open_store("oxigraph")          # in memory
    >>> len(store)
    0
    """
    return store_class(name).open(path=path, url=url, read_only=read_only)


def open_source(*args, **kwargs) -> Store:
    """The store for one source of the graph: see ``graph_build.stores.source.open_source``."""
    from .source import open_source as _open_source

    return _open_source(*args, **kwargs)


def write_store(result, path: Path | str, inputs=()):
    """Write a build into a persistent Oxigraph store at ``path``, whole or not at all."""
    from .persistent import write_store as _write

    return _write(result, path, inputs)


def open_built_store(path: Path | str) -> Store:
    """A store written by ``plankg build --store PATH``, opened read-only."""
    from .persistent import open_built_store as _open

    return _open(path)


__all__ = [
    "STORES",
    "DEFAULT_STORE",
    "Store",
    "open_store",
    "open_source",
    "store_class",
    "write_store",
    "open_built_store",
]
