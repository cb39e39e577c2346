"""PLANKG_NO_SKIP=1 (set by scripts/test.sh) turns every skip, xfail and xpass into a failure.

Each case runs a real pytest in a subprocess on a small test folder whose
conftest takes its ``pytest_configure`` from tests/conftest.py, exactly the
hook the suite uses.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Sample test files that skip, xfail and xpass in every way pytest allows. They are kept as
#: ``.txt`` beside the other test data, so the suite itself holds no skipping test; ``folder``
#: copies them in as ``.py``.
SAMPLES = ROOT / "tests" / "data" / "no-skips"


def run_pytest(folder: Path, *args: str, no_skip: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PLANKG_NO_SKIP"}
    env["PYTHONPATH"] = str(ROOT)
    if no_skip:
        env["PLANKG_NO_SKIP"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # not the project's settings
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_configure  # noqa: F401\n", encoding="utf-8"
    )
    samples = sorted(SAMPLES.glob("*.txt"))
    assert [p.stem for p in samples] == ["test_kinds", "test_module_skip"]
    for sample in samples:
        (tmp_path / f"{sample.stem}.py").write_text(sample.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_without_the_switch_skips_are_only_reported(folder):
    done = run_pytest(folder, "test_kinds.py", no_skip=False)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 3 skipped, 1 xfailed, 1 xpassed" in done.stdout


def test_with_the_switch_every_skip_xfail_and_xpass_fails(folder):
    done = run_pytest(folder, "test_kinds.py", no_skip=True)
    assert done.returncode == 1, done.stdout
    summary = done.stdout.strip().splitlines()[-1]
    assert "skipped" not in summary and "xfail" not in summary and "xpass" not in summary, summary
    assert "3 failed, 1 passed, 2 errors" in summary, summary  # skipif and the fixture: at setup
    for reason in ("not today", "a skipif marker", "known bug", "marked xfail but passed", "a fixture that skips"):
        assert reason in done.stdout, reason


def test_with_the_switch_a_module_level_skip_fails_the_run(folder):
    done = run_pytest(folder, "test_module_skip.py", no_skip=True)
    assert done.returncode == 1, done.stdout
    assert "the whole module" in done.stdout
    assert run_pytest(folder, "test_module_skip.py", no_skip=False).returncode == 5  # nothing ran: not a pass
