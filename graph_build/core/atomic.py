"""Files appear whole or not at all; a set of files switches as one; one writer per output at a time.

Every file plankg writes goes to a temporary file in the same folder and is
renamed over the target only once it is complete, so a crash or a kill never
leaves a half-written graph or view behind.

A SIGKILL cannot be caught, so it can leave the hidden temporary file behind.
Its name carries the writer's process id; the next write of the same target
removes the ones whose process is gone, so killed builds do not pile up.

A set of files (``write_all``: the build's four graph files) is staged whole
first, then a *switch record* (``SWITCH_RECORD`` in the folder) lists the
renames still to do, then the renames run and the record is removed. A kill
during the renames leaves the record behind, every file whole but some from the
killed build and some from the one before; the next ``write_all`` into the
folder (the next build) first completes those renames, so the set the killed
build staged takes effect whole. A reader that sees no record sees one build's set.

Writers of one output take its lock (``fcntl.flock`` on a hidden lock file,
removed on release); a second writer is refused at once with ``OutputError``
naming the holder's process id, rather than waiting to overwrite the first
build's outputs with its own.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from graph_build.core.errors import PlanKGError

#: The renames a ``write_all`` still has to do, in its folder while they run (and after a kill).
SWITCH_RECORD = ".plankg-switch.json"
#: The lock file of an output folder, inside it: the folder's parent may not be writable (a mounted volume).
FOLDER_LOCK = ".plankg.lock"
#: How often acquiring a lock retries when the lock file it opened was removed by its releasing holder.
_LOCK_ATTEMPTS = 50


class OutputError(PlanKGError):
    """An output cannot be written: held by another build, a full disk, a folder that is not ours."""


def _process_is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by someone else
        return False
    return False


def _part_pattern(target_name: str) -> re.Pattern[str]:
    # exactly tempfile's 8 random characters (or "old"), so that "a" never claims "a.5"'s files
    return re.compile(rf"\.{re.escape(target_name)}\.(\d+)\.(?:[a-z0-9_]{{8}}|old)\.part")


def remove_stale_temporaries(target: Path) -> None:
    """Remove temporary files (or folders) left for ``target`` by killed writers."""
    pattern = _part_pattern(target.name)
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
    finish_interrupted_switch(target.parent, only_if_writer_gone=True)  # its staged files are not stale
    remove_stale_temporaries(target)


def _staged_file(target: Path) -> tuple[int, str]:
    _prepare(target)
    return tempfile.mkstemp(prefix=staging_prefix(target), suffix=".part", dir=target.parent)


def staged_folder(target: Path) -> Path:
    """A new empty temporary folder beside ``target`` (a store's), named and swept like the files."""
    _prepare(target)
    return Path(tempfile.mkdtemp(prefix=staging_prefix(target), suffix=".part", dir=target.parent))


def _fsync_folder(folder: Path) -> None:
    """Make renames and unlinks in ``folder`` durable, so a power cut does not undo a switch."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_fully(fd: int, data: bytes, target: Path) -> None:
    """Write ``data`` through ``fd`` (closed after) and to disk; a full disk names ``target``, the file meant."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}; nothing was replaced") from None
    finally:
        os.close(fd)


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported.

    Replacing a folder (a store) otherwise takes two renames, and a kill between them leaves
    nothing at the path.
    """
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # an old kernel, or a filesystem without it
    raise OSError(code, os.strerror(code), str(second))


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
    target = Path(target)
    fd, tmp = _staged_file(target)
    try:
        _write_fully(fd, data, target)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_text(target: Path, text: str) -> None:
    """Write UTF-8 explicitly (never the locale's encoding) and atomically."""
    write_bytes(target, text.encode("utf-8"))


def write_all(files: dict[Path, bytes]) -> None:
    """Write several files as one set: none is replaced until all are staged, then all switch (see above)."""
    files = {Path(target): data for target, data in files.items()}
    folders = sorted({target.parent for target in files})
    with contextlib.ExitStack() as locks:
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            locks.enter_context(folder_lock(folder))
            finish_interrupted_switch(folder)
        staged: list[tuple[Path, Path]] = []
        try:
            for target, data in files.items():
                fd, tmp_name = _staged_file(target)
                staged.append((Path(tmp_name), target))
                _write_fully(fd, data, target)
                os.chmod(tmp_name, 0o644)
            recorded: list[Path] = []
            try:
                for folder in folders:
                    renames = [[tmp.name, target.name] for tmp, target in staged if target.parent == folder]
                    record = json.dumps({"pid": os.getpid(), "renames": renames}).encode("utf-8")
                    write_bytes(folder / SWITCH_RECORD, record)
                    recorded.append(folder)
                    _fsync_folder(folder)
                for tmp, target in staged:
                    os.replace(tmp, target)
            finally:
                # once recorded, the switch goes forward even when interrupted (SIGTERM, Ctrl-C) part-way
                for tmp, target in staged:
                    if target.parent in recorded and os.path.lexists(tmp):
                        with contextlib.suppress(OSError):
                            os.replace(tmp, target)
                for folder in recorded:
                    _fsync_folder(folder)
                    (folder / SWITCH_RECORD).unlink(missing_ok=True)
        finally:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)


def finish_interrupted_switch(folder: Path, only_if_writer_gone: bool = False) -> None:
    """Complete the renames a killed ``write_all`` left in ``folder``'s switch record, then remove it.

    Only renames of a staged file (``.NAME.PID.xxxxxxxx.part``) onto ``NAME`` in the same folder
    are done, so a forged record cannot move anything else. With ``only_if_writer_gone`` a record
    whose writer still runs is left to it (for callers that do not hold the folder's lock).
    """
    folder = Path(folder)
    record_path = folder / SWITCH_RECORD
    try:
        record = json.loads(record_path.read_bytes())
        pid, renames = int(record["pid"]), list(record["renames"])
    except FileNotFoundError:
        return
    except (ValueError, KeyError, TypeError):  # a record torn or forged: nothing in it can be trusted
        record_path.unlink(missing_ok=True)
        return
    if pid == os.getpid() or (only_if_writer_gone and not _process_is_gone(pid)):
        return
    for entry in renames:
        if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(n, str) for n in entry)):
            continue
        staged_name, target_name = entry
        match = _part_pattern(target_name).fullmatch(staged_name)
        staged = folder / staged_name
        if (
            match is None
            or "/" in target_name
            or target_name in ("", ".", "..")
            or staged_name.endswith(".old.part")
            or staged.is_symlink()
            or not staged.is_file()
        ):
            continue
        with contextlib.suppress(FileNotFoundError):  # renamed by someone else meanwhile
            os.replace(staged, folder / target_name)
    _fsync_folder(folder)
    record_path.unlink(missing_ok=True)


# -- one writer per output ----------------------------------------------------------------------------


_held: dict[Path, tuple[int, int]] = {}  # lock file → (fd, how many times this process holds it)


@contextlib.contextmanager
def writer_lock(output: Path, lock_file: Path) -> Iterator[None]:
    """Hold ``lock_file``'s lock while writing ``output``; ``OutputError`` if another process holds it.

    Re-entrant within a process (the build command holds its outputs' locks while ``write_all``
    and ``write_store`` take them again). The lock file is removed on release; a process that
    opened it just before is told by the inode check and opens the new one. A folder made to
    hold the lock file is removed again on release if nothing was written into it.
    """
    lock_file = Path(os.path.abspath(lock_file))
    if lock_file in _held:
        fd, count = _held[lock_file]
        _held[lock_file] = (fd, count + 1)
        try:
            yield
        finally:
            fd, count = _held[lock_file]
            _held[lock_file] = (fd, count - 1)
        return
    made_folder = not lock_file.parent.exists()
    fd = _acquire(output, lock_file)
    _held[lock_file] = (fd, 1)
    try:
        yield
    finally:
        del _held[lock_file]
        with contextlib.suppress(FileNotFoundError):
            lock_file.unlink()
        os.close(fd)  # releases the flock
        if made_folder:
            with contextlib.suppress(OSError):  # not empty: written into, or another writer's lock
                lock_file.parent.rmdir()


def _acquire(output: Path, lock_file: Path) -> int:
    for _ in range(_LOCK_ATTEMPTS):
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except FileNotFoundError:  # the folder was removed by a writer releasing its lock: make it again
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                os.close(fd)
                raise
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise OutputError(
                f"another plankg build is writing {output} (pid {holder or 'unknown'}); "
                "nothing was written: run again when it has finished"
            ) from None
        try:
            same = os.stat(lock_file).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            return fd
        os.close(fd)  # the holder removed this file as it released it: take the lock file now there
    raise OutputError(f"cannot take the lock {lock_file} for {output}: it keeps being replaced")


def folder_lock(folder: Path) -> contextlib.AbstractContextManager[None]:
    """The lock of an output folder (``build --out``): ``FOLDER_LOCK`` inside it."""
    folder = Path(folder)
    return writer_lock(folder, folder / FOLDER_LOCK)
