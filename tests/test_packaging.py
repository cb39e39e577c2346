"""A real wheel, installed in a fresh venv with only its declared dependencies, builds the bundled plans.

The venv is made by ``venv`` from the base interpreter without its site
packages, so nothing installed in the project's own venv (or in the base
Python) can stand in for a dependency the wheel forgot to declare. Its
dependencies come from a wheelhouse that pip fills from the wheel's own
metadata (the package index, or pip's cache), built once per module; the
install itself then runs with ``--no-index`` from that wheelhouse only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

pytestmark = pytest.mark.slow


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run a command; on failure, fail the test with its output rather than a bare CalledProcessError."""
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)])
    wheels = list(dist.glob("plankg-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory, wheel) -> Path:
    """The wheel and every dependency its metadata names, as wheel files in one folder."""
    house = tmp_path_factory.mktemp("wheelhouse")
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", str(house), str(wheel)])
    return house


@pytest.fixture(scope="module")
def installed(tmp_path_factory, wheel, wheelhouse) -> Path:
    """A fresh venv holding plankg from the wheel and its dependencies, and nothing else: its bin/ folder."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True, system_site_packages=False, clear=True)
    python = env_dir / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--quiet", "--no-index", "--find-links", str(wheelhouse), str(wheel)])
    return env_dir / "bin"


def clean_env() -> dict[str, str]:
    """This process's environment without what could lead a child to the checkout or the project venv."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def test_the_wheel_ships_the_bundled_data_the_type_marker_and_the_licence(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "graph_build/py.typed" in names
    assert "graph_build/_bundled/ontology/plankg.ttl" in names
    for folder in ("queries", "plans", "reference"):
        assert any(n.startswith(f"graph_build/_bundled/{folder}/") for n in names), folder
    assert any(".dist-info/" in n and n.endswith("/LICENSE") for n in names)  # licenses/ or license_files/
    assert not any(n.startswith("tests/") for n in names)


def test_the_venv_holds_only_the_wheel_and_its_dependencies(installed, tmp_path):
    python = str(installed / "python")
    run([python, "-m", "pip", "check"], cwd=tmp_path, env=clean_env())
    # the test-only packages of the project venv are not visible: the venv is really separate
    probe = subprocess.run([python, "-c", "import pytest"], cwd=tmp_path, env=clean_env(), capture_output=True)
    assert probe.returncode != 0, "the venv sees packages it did not install"


def test_wheel_installs_and_builds_from_another_directory(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = clean_env()
    where = run(
        [
            str(installed / "python"),
            "-c",
            "import graph_build, graph_build.core.resources as r; "
            "print(graph_build.__file__); print(r.folder('ontology'))",
        ],
        cwd=elsewhere,
        env=env,
    ).stdout.split()
    assert where[0].startswith(str(installed.parent)), "plankg must be imported from the installed wheel"
    assert "_bundled" in where[1]
    run([str(installed / "plankg"), "build", "--out", "graph", "-q"], cwd=elsewhere, env=env)
    written = sorted(p.name for p in (elsewhere / "graph").iterdir())
    assert written == ["plankg.jsonld", "plankg.nt", "plankg.trig", "plankg.ttl"]
    assert "lang-son-2021-2030" in (elsewhere / "graph" / "plankg.ttl").read_text(encoding="utf-8")
