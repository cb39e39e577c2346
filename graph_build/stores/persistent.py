"""``plankg build --store PATH``: a persistent Oxigraph store written whole or not at all.

The store is built in a temporary folder beside ``PATH`` and renamed into
place only once complete, with ``manifest.json`` (plankg version, triple
count, named graphs, sha256 of every input file). A failed or killed build
leaves the previous store, or nothing, never a half-written one. An existing
folder at ``PATH`` is replaced only if it is a plankg store (it has the
manifest) or empty, so a wrong ``--store`` never deletes someone's files.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from graph_build.core.atomic import staged_folder, staging_prefix
from graph_build.core.errors import PlanError, Problem, QueryError

MANIFEST = "manifest.json"
FORMAT = "plankg-store/1"


def file_digests(paths: Iterable[Path]) -> dict[str, str]:
    out = {}
    for path in paths:
        path = Path(path)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            out[str(f)] = hashlib.sha256(f.read_bytes()).hexdigest()
    return dict(sorted(out.items()))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("plankg")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


def write_store(result, path: Path | str, inputs: Iterable[Path] = ()) -> Path:
    """The build's named graphs into an Oxigraph store at ``path``; returns ``path``."""
    from graph_build.stores.oxigraph_store import OxigraphStore

    target = Path(path)
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / MANIFEST).is_file())):
        raise PlanError(Problem("exists and is not a plankg store (no manifest.json): refusing to replace it",
                                target))
    tmp = staged_folder(target)
    old = None
    try:
        store = OxigraphStore.open(tmp)
        store.load_build(result)
        count = len(store)
        graphs = sorted(str(g.value) for g in store.store.named_graphs())
        store.close()
        del store
        gc.collect()  # RocksDB's files are closed when the store object goes
        manifest = {"format": FORMAT, "plankg": _version(), "triples": count, "graphs": graphs,
                    "base": result.base, "inputs": file_digests(inputs)}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if target.exists():
            old = target.with_name(f"{staging_prefix(target)}old.part")
            os.replace(target, old)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return target


def read_manifest(path: Path | str) -> dict:
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise QueryError(f"{path}: not a plankg store (no {MANIFEST}); write one with "
                         "`plankg build --store PATH`") from None
    except ValueError as exc:
        raise QueryError(f"{path}: unreadable {MANIFEST}: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise QueryError(f"{path}: store format {manifest.get('format')!r}, expected {FORMAT!r}; rebuild it")
    return manifest


def open_built_store(path: Path | str):
    from graph_build.stores.oxigraph_store import OxigraphStore

    read_manifest(path)
    return OxigraphStore.open(path, read_only=True)


__all__ = ["write_store", "open_built_store", "read_manifest", "file_digests", "MANIFEST"]
