"""`plankg view --snapshot png` where Playwright cannot be imported: a one-line error, exit 2, nothing written;
where it can, the PNG.

The command runs in a real subprocess whose interpreter cannot import
Playwright (``sys.modules["playwright"] = None`` makes every import of it
fail, as when it is not installed); plankg itself is not touched.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import MINI_PLAN

WITHOUT_PLAYWRIGHT = (
    "import sys; sys.modules['playwright'] = None; "
    "from graph_build.cli.main import main; sys.argv[0] = 'plankg'; main()"
)


def plankg_without_playwright(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_PLAYWRIGHT, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_the_subprocess_really_cannot_import_playwright(tmp_path):
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['playwright'] = None; import playwright.sync_api"],
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 1 and "ModuleNotFoundError" in probe.stderr


def test_png_snapshot_without_playwright_is_a_clear_error_before_any_file(tmp_path):
    out = tmp_path / "out"
    done = plankg_without_playwright("view", str(MINI_PLAN), "--out", str(out), "--snapshot", "png", "-q", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: a PNG snapshot needs Playwright"), done.stderr
    assert "pip install playwright" in lines[0]
    assert not out.exists() or not any(out.rglob("*.html")), "refused before the work: no view written"


def test_svg_snapshot_needs_no_playwright(tmp_path):
    out = tmp_path / "out"
    done = plankg_without_playwright("view", str(MINI_PLAN), "--out", str(out), "--snapshot", "svg", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    svgs = list((out / "views").glob("*.svg"))
    assert len(svgs) == 1 and svgs[0].read_text(encoding="utf-8").startswith("<svg")


def test_with_playwright_the_same_command_writes_the_png(tmp_path):
    """The guard stands aside when Playwright is there: Debian's chromium draws the view."""
    from .browser import require_chromium

    require_chromium()
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "graph_build", "view", str(MINI_PLAN), "--out", str(out), "--snapshot", "png", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    pngs = list((out / "views").glob("*.png"))
    assert len(pngs) == 1 and pngs[0].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
