"""The plankg command: a thin, quick CLI over the API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from graph_build.cli.main import main

HEAVY = ("rdflib", "pyshacl", "pyvis", "networkx", "yaml", "pyoxigraph", "playwright")


def test_help_imports_nothing_heavy():
    code = (
        "import sys; from click.testing import CliRunner; from graph_build.cli.main import main; "
        "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0, r.output; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "", f"--help imported {loaded}"


def test_every_command_has_help():
    runner = CliRunner()
    for name, command in main.commands.items():
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert command.help, f"{name} has no help text"


def test_build_bundled_prints_a_summary(tmp_path):
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path), "--format", "turtle"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "lang-son-2021-2030" in out.splitlines()[0]
    assert "lang-son-2021-2030/plan: Breakthrough 4/4 complete" in out
    assert "lang-son-2021-2030/projects-priority-173: Project 0/173 incomplete" in out
    assert "quotes checked" in out and "not quote-checked" in out
    assert [p.name for p in tmp_path.iterdir()] == ["plankg.ttl"]


def test_unknown_plan_folder_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "nowhere" in result.stderr and "Traceback" not in result.output


def test_installed_console_script_runs():
    script = Path(sys.executable).parent / "plankg"  # the one installed beside this interpreter
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("plankg ")
