"""`plankg build`'s outputs under attack: foreign folders, two builds at once, kills, a full disk, a hostile --base.

Real files and real processes throughout: builds are `plankg build` subprocesses, killed with
SIGKILL either at random moments or, to reach every window between two renames, by strace at
the N-th rename (or unlink) system call of the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import MINI_PLAN

BASE_A = "http://a.example/id/"
BASE_B = "http://b.example/id/"
OUT_NAMES = ["plankg.jsonld", "plankg.nt", "plankg.trig", "plankg.ttl"]


def _plankg(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graph_build", *args], capture_output=True, text=True, check=False, timeout=300, **kwargs
    )


def _build_args(out: Path, store: Path | None, base: str) -> list[str]:
    args = ["build", str(MINI_PLAN), "--out", str(out), "--no-shacl", "--base", base, "-q"]
    return args + (["--store", str(store)] if store is not None else [])


def _digests(folder: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in OUT_NAMES
        if (folder / name).is_file()
    }


def _store_base(store: Path) -> str | None:
    """The base of the build that wrote the store at ``store``, after opening it as a reader does."""
    from graph_build.stores.persistent import open_built_store, read_manifest

    manifest = read_manifest(store)
    with open_built_store(store) as opened:
        assert len(opened) > 100
    return manifest["base"]


@pytest.fixture(scope="module")
def reference_outputs(tmp_path_factory):
    """The out/ digests of a clean build under each base: what a whole set of outputs looks like."""
    root = tmp_path_factory.mktemp("reference")
    digests = {}
    for base in (BASE_A, BASE_B):
        out = root / base.split("/")[2]
        assert _plankg(*_build_args(out, None, base)).returncode == 0
        digests[base] = _digests(out)
        assert len(digests[base]) == 4
    assert digests[BASE_A] != digests[BASE_B]
    return digests


# -- #6: a folder that is not provably a plankg store is never deleted ------------------------------------


@pytest.mark.parametrize(
    "contents",
    [
        {"manifest.json": "{}"},
        {"manifest.json": "not json"},
        {"manifest.json": '{"format": "plankg-store/0"}'},
        {"manifest.json": '["plankg-store/1"]'},
        {"manifest.json": '{"format": "plankg-store/1"}', "thesis.tex": "years of work"},
        {"manifest.json": '{"format": "plankg-store/1"}', "000004.log": "", "notes/todo.txt": "keep"},
    ],
    ids=["empty-manifest", "not-json", "other-format", "manifest-not-an-object", "foreign-file", "foreign-folder"],
)
def test_build_never_deletes_a_folder_that_is_not_a_store(tmp_path, contents):
    folder = tmp_path / "mine"
    for name, text in contents.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    before = {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    run = _plankg(*_build_args(tmp_path / "out", folder, BASE_A))
    assert run.returncode == 2, run.stderr
    assert str(folder) in run.stderr and "not a plankg store" in run.stderr
    assert "Traceback" not in run.stderr
    assert {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"], "refused before any work: no out/ written"


def test_a_store_and_an_empty_folder_are_replaced(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    assert _plankg(*_build_args(tmp_path / "out", store, BASE_A)).returncode == 0
    assert _store_base(store) == BASE_A
    run = _plankg(*_build_args(tmp_path / "out", store, BASE_B))
    assert run.returncode == 0, run.stderr
    assert _store_base(store) == BASE_B
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "store"], "no lock or temporary left beside it"


# -- #11: two builds at once on the same outputs --------------------------------------------------------------


def test_a_second_build_on_the_same_outputs_is_refused_while_the_first_writes(tmp_path, reference_outputs):
    from graph_build.core.atomic import folder_lock

    out, store = tmp_path / "out", tmp_path / "store"
    # a real process holds the out/ lock, as a running build does, until told to stop
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys; from pathlib import Path; from graph_build.core.atomic import folder_lock\n"
                f"with folder_lock(Path({str(out)!r})):\n"
                "    print('held', flush=True); sys.stdin.readline()\n"
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        run = _plankg(*_build_args(out, store, BASE_A))
        assert run.returncode == 2, run.stderr
        assert f"another plankg build is writing {out} (pid {holder.pid})" in run.stderr
        assert "Traceback" not in run.stderr
        assert not store.exists() and _digests(out) == {}, "nothing written while another build writes"
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0
    with folder_lock(out):  # released with the process: the lock can be taken again
        pass
    assert _plankg(*_build_args(out, store, BASE_A)).returncode == 0
    assert _digests(out) == reference_outputs[BASE_A]


def test_two_builds_at_once_never_mix_their_outputs(tmp_path, reference_outputs):
    out, store = tmp_path / "out", tmp_path / "store"
    for round_ in range(6):
        first, second = (BASE_A, BASE_B) if round_ % 2 else (BASE_B, BASE_A)
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "graph_build", *_build_args(out, store, base)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for base in (first, second)
        ]
        results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
        for run in runs:
            run.stdout.close()
            run.stderr.close()
        winners = [base for base, (code, _) in zip((first, second), results) if code == 0]
        for code, stderr in results:
            assert code in (0, 2), stderr
            assert code == 0 or "another plankg build is writing" in stderr, stderr
            assert "Traceback" not in stderr
        assert winners, results
        # whichever build wrote last wrote both outputs: out/ and the store come from the same build
        base = _store_base(store)
        assert _digests(out) == reference_outputs[base]
        assert base in winners


# -- #12: kill windows ------------------------------------------------------------------------------------------


def _syscall_counts(args: list[str], syscalls: tuple[str, ...]) -> dict[str, int]:
    """How many times a real build makes each of ``syscalls`` (traced with strace, not changed)."""
    trace = Path(args[args.index("--out") + 1]).parent / "trace.txt"
    subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-o",
            str(trace),
            "-e",
            "trace=" + ",".join(syscalls),
            sys.executable,
            "-m",
            "graph_build",
            *args,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    lines = trace.read_text().splitlines()
    trace.unlink()
    return {name: sum(1 for line in lines if f" {name}(" in line) for name in syscalls}


def _killed_at(args: list[str], syscall: str, when: int) -> int:
    """Run a real build and SIGKILL it on entering its ``when``-th ``syscall``; its return code."""
    run = subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-o",
            os.devnull,
            "-e",
            f"trace={syscall}",
            "-e",
            f"inject={syscall}:signal=KILL:when={when}",
            sys.executable,
            "-m",
            "graph_build",
            *args,
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    return run.returncode


def _assert_whole_outputs(out: Path, store: Path, reference: dict, killed_base: str) -> None:
    """What a reader sees after a kill: a whole store, and a whole set of out/ files (or a pending switch)."""
    assert _store_base(store) in (BASE_A, killed_base), "a store is always at the path"
    digests = _digests(out)
    sets = [ref for ref in reference.values() if ref == digests]
    if not sets:
        from graph_build.core.atomic import SWITCH_RECORD, finish_interrupted_switch

        # killed between the renames of out/'s files: the switch record says so, and completing it
        # (which the next build does first) gives the killed build's whole set
        assert (out / SWITCH_RECORD).is_file(), digests
        assert all(digests[name] in (reference[BASE_A][name], reference[killed_base][name]) for name in OUT_NAMES)
        finish_interrupted_switch(out, only_if_writer_gone=True)
        assert _digests(out) == reference[killed_base]
        assert not (out / SWITCH_RECORD).exists()


def _kill_points(count: int, syscall: str) -> list[int]:
    """Every rename; of the many unlinks (most remove the displaced store's files), the first, middle and last."""
    if syscall.startswith("rename") or count <= 5:
        return list(range(1, count + 1))
    return sorted({1, 2, count // 2, count - 1, count})


@pytest.mark.slow
def test_a_kill_at_any_rename_or_unlink_leaves_whole_outputs(tmp_path, reference_outputs):
    """SIGKILL on entering each rename (and unlinks at the ends) of a real build, one build per kill."""
    assert shutil.which("strace"), "strace is needed to kill a build at a given system call"
    out, store = tmp_path / "out", tmp_path / "store"
    syscalls = ("rename", "renameat", "renameat2", "unlink", "unlinkat", "rmdir")
    assert _plankg(*_build_args(out, store, BASE_A)).returncode == 0
    counts = _syscall_counts(_build_args(out, store, BASE_B), syscalls)
    assert counts["rename"] + counts["renameat2"] >= 5, counts
    # the traced build above finished: put the A build back, then kill B builds one system call at a time
    tried = 0
    for syscall, count in counts.items():
        for when in _kill_points(count, syscall):
            assert _plankg(*_build_args(out, store, BASE_A)).returncode == 0
            assert _digests(out) == reference_outputs[BASE_A]
            code = _killed_at(_build_args(out, store, BASE_B), syscall, when)
            assert code != 0, f"{syscall} #{when}: the build was not killed"
            _assert_whole_outputs(out, store, reference_outputs, BASE_B)
            tried += 1
    assert tried >= 5
    # the next build repairs what a kill left and leaves no temporary behind
    assert _plankg(*_build_args(out, store, BASE_A)).returncode == 0
    assert _digests(out) == reference_outputs[BASE_A] and _store_base(store) == BASE_A
    assert sorted(p.name for p in out.iterdir()) == OUT_NAMES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "store"]


@pytest.mark.slow
def test_without_rename_exchange_a_store_a_kill_displaced_is_put_back(tmp_path):
    """Where renameat2 is missing (strace makes it fail with ENOSYS, as an old kernel does), the store
    takes two renames; a SIGKILL between them leaves no store at the path, and the next build, even
    one that writes nothing, puts the old store back."""
    out, store = tmp_path / "out", tmp_path / "store"
    assert _plankg(*_build_args(out, store, BASE_A)).returncode == 0
    old_kernel = ["strace", "-f", "-qq", "-e", "trace=rename,renameat2", "-e", "inject=renameat2:error=ENOSYS"]
    trace = tmp_path / "trace.txt"
    subprocess.run(
        [*old_kernel, "-o", str(trace), sys.executable, "-m", "graph_build", *_build_args(out, store, BASE_B)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    renames = [line for line in trace.read_text().splitlines() if " rename(" in line]
    trace.unlink()
    assert renames[-1].split('"')[3] == str(store), "the last rename puts the new store in place"
    assert _store_base(store) == BASE_B
    assert _plankg(*_build_args(out, store, BASE_A)).returncode == 0
    killed = subprocess.run(
        [
            *old_kernel,
            "-o",
            os.devnull,
            "-e",
            f"inject=rename:signal=KILL:when={len(renames)}",
            sys.executable,
            "-m",
            "graph_build",
            *_build_args(out, store, BASE_B),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert killed.returncode != 0
    assert not store.exists(), "killed between the two renames"
    invalid = Path(__file__).parent / "data" / "bad" / "count-excess" / "mini-2021-2030"
    run = _plankg("build", str(invalid), "--out", str(out), "--store", str(store), "--no-shacl", "--base", BASE_A)
    assert run.returncode == 1, run.stderr  # not valid: nothing written, but the displaced store is back
    assert _store_base(store) == BASE_A
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "store"]


def test_a_sigterm_during_the_renames_completes_the_switch(tmp_path, reference_outputs):
    """SIGTERM (or Ctrl-C) can be handled: once the renames have begun, the build finishes them."""
    out = tmp_path / "out"
    assert _plankg(*_build_args(out, None, BASE_A)).returncode == 0
    # rename 1 puts the switch record in place, 2 to 5 are the four files: stop on entering the third
    run = subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-o",
            os.devnull,
            "-e",
            "trace=rename",
            "-e",
            "inject=rename:signal=TERM:when=3",
            sys.executable,
            "-m",
            "graph_build",
            *_build_args(out, None, BASE_B),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 128 + signal.SIGTERM, run.stderr
    assert _digests(out) == reference_outputs[BASE_B]
    assert sorted(p.name for p in out.iterdir()) == OUT_NAMES


@pytest.mark.slow
def test_random_kills_never_leave_a_broken_or_missing_output(tmp_path, reference_outputs):
    out, store = tmp_path / "out", tmp_path / "store"
    assert _plankg(*_build_args(out, store, BASE_A)).returncode == 0
    rng = random.Random(12)
    for _ in range(12):
        run = subprocess.Popen(
            [sys.executable, "-m", "graph_build", *_build_args(out, store, BASE_B)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 1.2))  # a random moment of the build, not a timing assertion
        with contextlib.suppress(ProcessLookupError):
            os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=60)
        _assert_whole_outputs(out, store, reference_outputs, BASE_B)
        assert _plankg(*_build_args(out, store, BASE_A)).returncode == 0
        assert _digests(out) == reference_outputs[BASE_A] and _store_base(store) == BASE_A


# -- #13: a full disk --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _small_filesystem(where: Path, size: str):
    """A real tmpfs of ``size`` mounted at ``where`` (the tests run as root in CI and in the sandbox)."""
    where.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], check=True, capture_output=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def _hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*"))


def test_a_full_disk_names_the_file_and_leaves_no_part_file(tmp_path):
    with _small_filesystem(tmp_path / "disk", "300k") as disk:
        out = disk / "out"
        run = _plankg(*_build_args(out, None, BASE_A))
        assert run.returncode == 2, run.stderr
        assert "Traceback" not in run.stderr
        assert "No space left on device" in run.stderr
        assert str(out / "plankg.") in run.stderr, run.stderr  # the file being written is named
        assert _hidden_leftovers(disk) == [], "the half-written .part file is removed"
        assert _digests(out) == {}, "nothing replaced"


def test_a_full_disk_while_writing_the_store_keeps_the_old_store(tmp_path):
    with _small_filesystem(tmp_path / "disk", "2m") as disk:
        store = disk / "store"
        assert _plankg(*_build_args(tmp_path / "out", store, BASE_A)).returncode == 0
        filler = disk / "filler"
        free = shutil.disk_usage(disk).free
        filler.write_bytes(b"\0" * max(free - 96 * 1024, 0))
        run = _plankg(*_build_args(tmp_path / "out", store, BASE_B))
        assert run.returncode == 2, run.stderr
        assert "Traceback" not in run.stderr
        assert str(store) in run.stderr
        assert _store_base(store) == BASE_A, "the previous store is kept whole"
        assert _hidden_leftovers(disk) == []


def test_a_file_size_limit_fails_the_same_way(tmp_path):
    """RLIMIT_FSIZE (SIGXFSZ ignored, so writes fail with EFBIG): the same path as a full disk."""
    out = tmp_path / "out"

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))

    run = subprocess.run(
        [sys.executable, "-m", "graph_build", *_build_args(out, None, BASE_A)],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
        check=False,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "File too large" in run.stderr
    assert str(out / "plankg.") in run.stderr
    assert _hidden_leftovers(out) == []


# -- #14: --base is an absolute IRI --------------------------------------------------------------------------------


HOSTILE_BASES = [
    'http://x/> <y:p> "inj" .#/',
    "http://x/ y/",
    "http://x/\n<y:p>/",
    "http://x/\x85/",
    "http://x/\u202e/",
    "http://x/%zz/",
    "http://x/#a#",
    "no-scheme/",
    "/just/a/path/",
    "http://x/{a}/",
    "http://x/no-end",
    "",
]


@pytest.mark.parametrize("base", HOSTILE_BASES)
@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "trig", None])
def test_a_hostile_base_is_refused_before_any_work(tmp_path, base, fmt):
    out = tmp_path / "out"
    args = ["build", str(MINI_PLAN), "--out", str(out), "--no-shacl", "--base", base]
    run = _plankg(*args, *(["--format", fmt] if fmt else []))
    assert run.returncode == 2, run.stdout
    assert "--base" in run.stderr and "Traceback" not in run.stderr
    assert not out.exists()


@pytest.mark.parametrize("command", [["validate"], ["link", "--out", "links"]])
def test_every_command_with_base_checks_it(tmp_path, command):
    run = _plankg(*command, str(MINI_PLAN), "--base", HOSTILE_BASES[0], cwd=tmp_path)
    assert run.returncode == 2 and "--base" in run.stderr and "Traceback" not in run.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "base", ["http://example.org/plans/", "https://example.org/đồ-án/#", "urn:x:plans/", "http://example.org/a%20b/"]
)
def test_a_good_base_is_used(tmp_path, base):
    out = tmp_path / "out"
    run = _plankg("build", str(MINI_PLAN), "--out", str(out), "--no-shacl", "--format", "nt", "--base", base, "-q")
    assert run.returncode == 0, run.stderr
    from rdflib import Graph, URIRef

    graph = Graph().parse(out / "plankg.nt", format="nt")
    assert any(s == URIRef(base + "mini-2021-2030") for s in graph.subjects())


# -- the switch record is input too ----------------------------------------------------------------------------


def test_a_forged_switch_record_renames_nothing_outside_the_outputs(tmp_path):
    from graph_build.core.atomic import (
        SWITCH_RECORD,
        finish_interrupted_switch,
        write_all,
    )

    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    (out / SWITCH_RECORD).write_text(
        json.dumps(
            {
                "pid": 999_999_999,
                "renames": [["keep.txt", "plankg.ttl"], ["../x", "y"], [".plankg.ttl.1.abcdefgh.part", "../escape"]],
            }
        )
    )
    finish_interrupted_switch(out, only_if_writer_gone=True)
    assert (out / "keep.txt").read_text() == "mine" and not (tmp_path / "escape").exists()
    assert not (out / SWITCH_RECORD).exists()
    write_all({out / "plankg.ttl": b"new"})
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "plankg.ttl"]
