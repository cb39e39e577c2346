"""Errors that suggest (issue 15, point 2): unknown ids, concepts, sections and fields name the
closest valid ones, after the Vietnamese fold and '-'/'_'/spelling variants."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_build.cli.main import main
from graph_build.core.suggest import closest, did_you_mean

NEW_PLAN = Path(__file__).parent / "data" / "new-plan" / "example-province-2021-2030"


@pytest.mark.parametrize(
    ("typed", "choices", "expected"),
    [
        ("yenbai", ["yen-bai", "yen-bai-2025", "lang-son"], ["yen-bai"]),
        ("urbanization-rate", ["urbanisation-rate", "grdp-growth"], ["urbanisation-rate"]),
        ("Lạng_Sơn", ["lang-son", "cao-bang"], ["lang-son"]),
        ("key-tasks", ["key_tasks", "projects"], ["key_tasks"]),
        ("targts", ["targets", "projects"], ["targets"]),
        ("zzzz", ["targets", "projects"], []),
    ],
)
def test_closest_names(typed, choices, expected):
    assert closest(typed, choices) == expected


def test_several_close_names_are_listed():
    assert did_you_mean("bac", ["bac-kan", "bac-giang", "bac-ninh", "lang-son"]) in (
        "",
        " (did you mean 'bac-giang', 'bac-kan' or 'bac-ninh'?)",
    )
    assert did_you_mean("bacninh", ["bac-ninh", "bac-ninh-2025"]) == " (did you mean 'bac-ninh'?)"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("indicator: grdp-growth", "indicator: grdp-grwth", "(did you mean 'grdp-growth'"),
        ("indicator: grdp-growth", "indicator: urbanization-rate", "(did you mean 'urbanisation-rate'?)"),
        ("  - {ref: tdmnpb-2021-2030,", "  - {ref: tdmnpb2021-2030,", "unknown id 'tdmnpb2021-2030' (did you mean"),
        ("targets:\n  - id: target-grdp", "targts:\n  - id: target-grdp", "unknown section 'targts' (did you mean"),
        ("    year: 2030\n    source: {doc", "    yeer: 2030\n    source: {doc", "(did you mean 'year'?)"),
        (
            "  period_end: 2030",
            "  period_end: 2030\n  territory: [yenbai]",
            "unknown id 'yenbai' (did you mean 'yen-bai'",
        ),
    ],
)
def test_validate_suggests(tmp_path, old, new, message):
    plan = tmp_path / NEW_PLAN.name
    shutil.copytree(NEW_PLAN, plan)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    assert old in text
    (plan / "plan.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(plan)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr, result.stderr
    assert "plan.yaml:" in result.stderr and "Traceback" not in result.stderr
