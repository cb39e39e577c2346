"""Files appear whole or not at all.

Every file plankg writes goes to a temporary file in the same folder and is
renamed over the target only once it is complete, so a crash or a kill never
leaves a half-written graph or view behind.

A SIGKILL cannot be caught, so it can leave the hidden temporary file behind.
Its name carries the writer's process id; the next write of the same target
removes the ones whose process is gone, so killed builds do not pile up.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _process_is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by someone else
        return False
    return False


def remove_stale_temporaries(target: Path) -> None:
    """Remove temporary files (or folders) left for ``target`` by killed writers."""
    # exactly tempfile's 8 random characters (or "old"), so that "a" never claims "a.5"'s files
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\.(?:[a-z0-9_]{{8}}|old)\.part")
    try:
        candidates = list(target.parent.iterdir())
    except FileNotFoundError:
        return
    for path in candidates:
        match = pattern.fullmatch(path.name)
        if match is None or int(match.group(1)) == os.getpid() or not _process_is_gone(int(match.group(1))):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def staging_prefix(target: Path) -> str:
    """The prefix of ``target``'s temporary names: hidden, and naming this process."""
    return f".{target.name}.{os.getpid()}."


def _prepare(target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)


def _staged_file(target: Path) -> tuple[int, str]:
    _prepare(target)
    return tempfile.mkstemp(prefix=staging_prefix(target), suffix=".part", dir=target.parent)


def staged_folder(target: Path) -> Path:
    """A new empty temporary folder beside ``target`` (a store's), named and swept like the files."""
    _prepare(target)
    return Path(tempfile.mkdtemp(prefix=staging_prefix(target), suffix=".part", dir=target.parent))


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path; on success it replaces ``target`` in one rename."""
    target = Path(target)
    fd, tmp = _staged_file(target)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def write_text(target: Path, text: str) -> None:
    """Write UTF-8 explicitly (never the locale's encoding) and atomically."""
    write_bytes(target, text.encode("utf-8"))


def write_all(files: dict[Path, bytes]) -> None:
    """Write several files so that none is replaced until all are ready."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            fd, tmp = _staged_file(target)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            staged.append((Path(tmp), target))
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
