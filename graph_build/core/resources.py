"""Where the ontology, the named queries and the bundled plans live.

In a wheel they are package data under ``graph_build/_bundled/`` (hatchling
``force-include``); in an editable checkout, where force-include is not
applied, they are the top-level folders of the repository. This module is the
one place that knows both.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

_FOLDERS = ("ontology", "queries", "plans", "reference", "links")


@cache
def _root() -> Path:
    package = Path(str(files("graph_build")))
    bundled = package / "_bundled"
    if (bundled / "ontology").is_dir():
        return bundled
    checkout = package.parent  # editable install or a plain checkout
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(f"plankg's data folders ({', '.join(_FOLDERS)}) are neither in {bundled} nor in {checkout}")


def folder(name: str) -> Path:
    """Path of one bundled folder: ``ontology``, ``queries``, ``plans``, ``reference`` or ``links``."""
    if name not in _FOLDERS:
        raise ValueError(f"unknown resource folder {name!r}")
    return _root() / name


def ontology_files() -> list[Path]:
    """The ontology and vocabulary Turtle files (not the shapes), in a fixed order."""
    return [folder("ontology") / "plankg.ttl", folder("ontology") / "vocabularies.ttl"]


def shapes_file() -> Path:
    return folder("ontology") / "shapes.ttl"


def bundled_plans() -> list[Path]:
    """Every plan folder shipped with plankg, sorted by name."""
    return sorted(p for p in folder("plans").iterdir() if (p / "plan.yaml").is_file())


def reference_files() -> list[Path]:
    """The shared reference data files, sorted by name."""
    return sorted(folder("reference").glob("*.yaml"))


def extra_reference_files(paths) -> list[Path]:
    """Reference files a user adds (``--reference DIR``): each folder's ``*.yaml``, sorted, or a file itself."""
    out: list[Path] = []
    for path in map(Path, paths):
        out.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return out


def accepted_links() -> Path:
    """The SSSOM file of cross-plan mappings a person has checked (loaded by ``build``)."""
    return folder("links") / "accepted.sssom.tsv"
