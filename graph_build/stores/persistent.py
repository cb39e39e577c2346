"""``plankg build --store PATH``: a persistent Oxigraph store written whole or not at all.

The store is built in a temporary folder beside ``PATH`` and renamed into
place only once complete, with ``manifest.json`` (plankg version, triple
count, named graphs, sha256 of every input file). A failed or killed build
leaves the previous store, or nothing, never a half-written one: the new folder
and the old swap places in one ``renameat2(RENAME_EXCHANGE)`` where the kernel
and filesystem offer it; elsewhere two renames, and the next build puts back an
old store a kill left displaced between them.

An existing folder at ``PATH`` is replaced only if it is empty or provably a
plankg store: its ``manifest.json`` is a JSON object whose ``format`` is
``FORMAT``, and every other entry is a file of the names Oxigraph's RocksDB
writes (``STORE_FILE_NAMES``). Anything else, and a wrong ``--store`` would
delete someone's files: it is refused before any work. One build writes a
store at a time (a lock file beside it, ``.NAME.lock``).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph_build.core.atomic import (
    OutputError,
    exchange,
    remove_stale_temporaries,
    staged_folder,
    staging_prefix,
    writer_lock,
)
from graph_build.core.errors import PlanError, Problem, QueryError

MANIFEST = "manifest.json"
FORMAT = "plankg-store/1"
#: The files RocksDB (under Oxigraph) keeps in a store folder, besides plankg's manifest.
STORE_FILE_NAMES = re.compile(
    r"CURRENT|IDENTITY|LOCK|LOG(?:\.old\.\d+)?|MANIFEST-\d+|OPTIONS-\d+|\d+\.(?:sst|log|blob)"
)


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


def store_lock(path: Path | str):
    """The lock of a store, beside it (the store folder itself is replaced)."""
    path = Path(path)
    return writer_lock(path, path.parent / f".{path.name}.lock")


def check_replaceable(path: Path | str) -> None:
    """``PlanError`` unless ``path`` is free, an empty folder, or provably a plankg store (see above)."""
    target = Path(path)
    if not os.path.lexists(target):
        return
    if target.is_symlink() or not target.is_dir():
        raise PlanError(Problem("is not a folder: not a plankg store, refusing to replace it", target))
    entries = sorted(target.iterdir())
    if not entries:
        return
    try:
        manifest = json.loads((target / MANIFEST).read_bytes())
    except (OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PlanError(
            Problem(
                f"holds no {MANIFEST} of format {FORMAT!r}: not a plankg store, "
                "refusing to replace it (give an empty or new folder)",
                target,
            )
        )
    foreign = [
        p.name
        for p in entries
        if p.name != MANIFEST and (p.is_symlink() or not p.is_file() or not STORE_FILE_NAMES.fullmatch(p.name))
    ]
    if foreign:
        names = ", ".join(repr(n) for n in foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise PlanError(
            Problem(
                f"holds {names}, which a plankg store never holds: not a plankg store, refusing to replace it", target
            )
        )


def restore_displaced_store(path: Path | str) -> None:
    """Put back the old store a kill left displaced between two renames (where no exchange exists),
    then remove the temporaries killed builds left beside the store. Call it holding the store's lock."""
    target = Path(path)
    if not os.path.lexists(target):
        pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.old\.part")
        for displaced in sorted(target.parent.glob(f".{target.name}.*.old.part")):
            match = pattern.fullmatch(displaced.name)
            if match and int(match.group(1)) != os.getpid() and displaced.is_dir() and (displaced / MANIFEST).is_file():
                with contextlib.suppress(OSError):
                    os.replace(displaced, target)
                    break
    remove_stale_temporaries(target)


def write_store(result: Any, path: Path | str, inputs: Iterable[Path] = ()) -> Path:
    """The build's named graphs into an Oxigraph store at ``path``; returns ``path``."""
    target = Path(path)
    with store_lock(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        restore_displaced_store(target)
        check_replaceable(target)
        tmp = staged_folder(target)
        displaced: Path | None = None
        try:
            try:
                _fill(tmp, result, inputs)
            except (OSError, QueryError) as exc:  # RocksDB's I/O errors come as either (a full disk)
                reason = (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
                raise OutputError(f"cannot write the store {target}: {reason}; the previous store is kept") from None
            if not target.exists():
                os.replace(tmp, target)
            elif exchange(tmp, target):
                displaced = tmp  # the old store, now at the temporary name
            else:
                displaced = target.with_name(f"{staging_prefix(target)}old.part")
                os.replace(target, displaced)
                os.replace(tmp, target)
            fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
            if displaced is not None:
                shutil.rmtree(displaced, ignore_errors=True)
    return target


def _fill(folder: Path, result: Any, inputs: Iterable[Path]) -> None:
    """Load the build into a new store in ``folder`` and write its manifest last."""
    from graph_build.stores.oxigraph_store import OxigraphStore

    store = OxigraphStore.open(folder)
    try:
        store.load_build(result)
        count = len(store)
        graphs = sorted(str(g.value) for g in store.store.named_graphs())
    finally:
        store.close()
        del store
        gc.collect()  # RocksDB's files are closed when the store object goes
    manifest = {
        "format": FORMAT,
        "plankg": _version(),
        "triples": count,
        "graphs": graphs,
        "base": result.base,
        "inputs": file_digests(inputs),
    }
    with open(folder / MANIFEST, "wb") as handle:
        handle.write((json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())


def read_manifest(path: Path | str) -> dict:
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise QueryError(
            f"{path}: not a plankg store (no {MANIFEST}); write one with `plankg build --store PATH`"
        ) from None
    except ValueError as exc:
        raise QueryError(f"{path}: unreadable {MANIFEST}: {exc}") from None
    if not isinstance(manifest, dict):
        raise QueryError(f"{path}: {MANIFEST} is not a JSON object: not a plankg store")
    if manifest.get("format") != FORMAT:
        raise QueryError(f"{path}: store format {manifest.get('format')!r}, expected {FORMAT!r}; rebuild it")
    return manifest


def open_built_store(path: Path | str):
    from graph_build.stores.oxigraph_store import OxigraphStore

    read_manifest(path)
    return OxigraphStore.open(path, read_only=True)


__all__ = [
    "FORMAT",
    "MANIFEST",
    "STORE_FILE_NAMES",
    "check_replaceable",
    "file_digests",
    "open_built_store",
    "read_manifest",
    "restore_displaced_store",
    "store_lock",
    "write_store",
]
