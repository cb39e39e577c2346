"""A real wheel, installed in a fresh venv, builds the bundled plans from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_wheel_installs_and_builds_from_another_directory(tmp_path: Path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheels = list(dist.glob("plankg-*.whl"))
    assert len(wheels) == 1
    env_dir = tmp_path / "venv"
    # system site packages: the dependencies are already installed here and there is no network in tests;
    # plankg itself must come from the wheel, not from this checkout.
    venv.create(env_dir, with_pip=True, system_site_packages=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheels[0])],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    where = subprocess.run([str(python), "-c", "import graph_build, graph_build.core.resources as r; "
                            "print(graph_build.__file__); print(r.folder('ontology'))"],
                           cwd=elsewhere, env=env, check=True, capture_output=True, text=True).stdout.split()
    assert str(env_dir) in where[0], "plankg must be imported from the installed wheel"
    assert "_bundled" in where[1]
    result = subprocess.run([str(env_dir / "bin" / "plankg"), "build", "--out", "graph", "-q"],
                            cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (elsewhere / "graph").iterdir())
    assert written == ["plankg.jsonld", "plankg.nt", "plankg.trig", "plankg.ttl"]
    assert "lang-son-2021-2030" in (elsewhere / "graph" / "plankg.ttl").read_text(encoding="utf-8")
