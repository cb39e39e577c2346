"""Outputs appear whole or not at all, even when a build is killed part-way."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph_build.core.atomic import write_all, write_text

from .conftest import MINI_PLAN


def _digests(folder: Path) -> dict[str, str]:
    """The outputs' digests; hidden files (temporaries, a killed writer's lock file) are not outputs."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    }


def test_a_failed_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "graph.ttl"
    write_text(target, "old")

    class Boom(Exception):
        pass

    def exploding():
        yield target, b"new"
        raise Boom

    with pytest.raises(Boom):
        write_all(dict(exploding()))
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_builds_leave_previous_outputs_intact(tmp_path, sig):
    out = tmp_path / "out"
    command = [sys.executable, "-m", "graph_build", "build", "--out", str(out), "-q", "--with-ontology"]
    subprocess.run(command, check=True)
    reference = _digests(out)
    assert len(reference) == 4
    started = time.perf_counter()
    subprocess.run(command, check=True)
    full = time.perf_counter() - started
    # kill at spread-out moments across the end of a build, where files are written
    for step in range(6):
        moment = full * (0.55 + step * 0.09)
        process = subprocess.Popen(command)
        time.sleep(moment)
        process.send_signal(sig)
        process.wait()
        assert _digests(out) == reference, f"kill after {moment:.2f}s changed the outputs"
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".part")]
    if sig == signal.SIGTERM:
        assert leftovers == [], "on SIGTERM plankg removes its temporary files"
    # a SIGKILL may leave temporary files; the next build clears those of dead processes
    subprocess.run(command, check=True)
    assert _digests(out) == reference
    assert [p.name for p in out.iterdir() if p.name.endswith(".part")] == []


def test_temporaries_of_dead_writers_are_removed_and_live_ones_kept(tmp_path):
    target = tmp_path / "graph.ttl"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale_file = tmp_path / f".graph.ttl.{dead.pid}.abcd1234.part"
    stale_file.write_text("half")
    stale_folder = tmp_path / f".graph.ttl.{dead.pid}.old.part"
    stale_folder.mkdir()
    (stale_folder / "data").write_text("half")
    live = tmp_path / f".graph.ttl.{os.getppid()}.efgh5678.part"  # a running process's
    live.write_text("in progress")
    other = tmp_path / f".view.html.{dead.pid}.ijkl9012.part"  # another target's
    other.write_text("half")
    longer = tmp_path / f".graph.ttl.5.{dead.pid}.mnop3456.part"  # "graph.ttl.5"'s, not "graph.ttl"'s
    longer.write_text("half")
    write_text(target, "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["graph.ttl", live.name, other.name, longer.name])


def test_huge_plan_file_is_refused_before_parsing(tmp_path):
    import shutil

    from click.testing import CliRunner

    from graph_build.cli.main import main

    plan = tmp_path / "mini-2021-2030"
    shutil.copytree(MINI_PLAN, plan)
    with (plan / "plan.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# " + "x" * (6 * 1024 * 1024) + "\n")
    result = CliRunner().invoke(main, ["validate", str(plan)])
    assert result.exit_code == 2
    assert f"{plan / 'plan.yaml'}:1: error: file is" in result.stderr and "the limit is 5,242,880" in result.stderr
