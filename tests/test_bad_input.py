"""Bad plan files: one clear located message each, the right exit code, nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_build.cli.main import main

BAD = Path(__file__).parent / "data" / "bad"
# a case is a folder with its expect.txt (not, say, a __pycache__ left by importing make_cases.py)
CASES = sorted(p for p in BAD.iterdir() if (p / "expect.txt").is_file())


def _expectation(case: Path) -> tuple[int, int, str]:
    """First line of expect.txt: exit code, line, message fragment (``why: ...`` may follow)."""
    header = (case / "expect.txt").read_text(encoding="utf-8").splitlines()[0].strip()
    if header == "exit=0":
        return 0, 0, ""
    match = re.fullmatch(r"exit=(\d) line=(\d+) message=(.+)", header)
    assert match, f"{case.name}: bad expectation {header!r}"
    return int(match[1]), int(match[2]), match[3]


def _why(case: Path) -> str:
    lines = (case / "expect.txt").read_text(encoding="utf-8").splitlines()[1:]
    return next((l[len("why: ") :] for l in lines if l.startswith("why: ")), "")


def test_the_corpus_is_there():
    assert len(CASES) >= 60
    fragments = {_expectation(c)[2] for c in CASES} - {""}
    assert len(fragments) >= 50, "each fault has its own message"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_plan_gives_one_located_message(case: Path, tmp_path: Path):
    code, line, fragment = _expectation(case)
    plan_file = case / "mini-2021-2030" / "plan.yaml"
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(case / "mini-2021-2030"), "--out", str(out)])
    assert result.exit_code == code, f"{_why(case)}\n{result.output}"
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    errors = [l for l in result.stderr.splitlines() if ": error" in l]
    if code == 0:
        assert errors == []
        assert sorted(p.name for p in out.iterdir()) == ["plankg.jsonld", "plankg.nt", "plankg.trig", "plankg.ttl"]
        return
    assert len(errors) == 1, result.stderr
    assert f"{plan_file}:{line}:" in errors[0] or f"{plan_file.resolve()}:{line}:" in errors[0], errors[0]
    assert fragment in errors[0], _why(case)
    assert "\x1b" not in result.output and "\x07" not in result.output, "input reached the terminal raw"
    assert not out.exists(), "nothing may be written for a bad plan"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_reports_the_same(case: Path):
    code, _line, fragment = _expectation(case)
    result = CliRunner().invoke(main, ["validate", str(case / "mini-2021-2030")])
    assert result.exit_code == code, _why(case)
    assert fragment in result.stderr, _why(case)


def test_the_valid_sample_is_valid():
    result = CliRunner().invoke(main, ["validate", str(BAD.parent / "plans" / "mini-2021-2030")])
    assert result.exit_code == 0, result.output
    assert "valid: 0 error(s)" in result.stdout
