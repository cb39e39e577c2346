"""plankg: Vietnamese provincial master plans as an RDF knowledge graph.

The pipeline, one module per step: plan files (``loader``) → checks
(``checks``, ``shacl``) → RDF (``builder``) → files (``serialize``), with
``api`` tying them together for notebooks and the ``cli``.

Heavy modules (rdflib, pyshacl) are imported when a function needs them, so
``import graph_build`` and ``plankg --help`` stay fast.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("plankg")
except PackageNotFoundError:  # a plain checkout that was never installed
    __version__ = "0+unknown"

_API = {
    "build": "api",
    "load": "api",
    "validate": "api",
    "write": "api",
    "BuildResult": "api",
    "PlanKGError": "errors",
    "PlanError": "errors",
    "Problem": "errors",
}

__all__ = sorted(_API) + ["__version__"]


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'graph_build' has no attribute {name!r}")
