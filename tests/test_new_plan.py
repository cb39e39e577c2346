"""Adding a valid plan to the bundle keeps everything working (issue 15, point 1).

A scratch copy of the bundled plans gets one more plan (tests/data/new-plan/, fictional test
data); build, the named queries, the link suggestions and the views all run over it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_build.cli.main import main
from graph_build.linking import suggest as linking
from graph_build.pipeline import api

ROOT = Path(__file__).resolve().parent.parent
NEW_PLAN = Path(__file__).parent / "data" / "new-plan" / "example-province-2021-2030"
NEW_ID = NEW_PLAN.name


@pytest.fixture(scope="module")
def bundle_with_new_plan(tmp_path_factory):
    root = tmp_path_factory.mktemp("bundle")
    plans = root / "plans"
    shutil.copytree(ROOT / "plans", plans)
    shutil.copytree(NEW_PLAN, plans / NEW_ID)
    out = root / "out"
    built = CliRunner().invoke(main, ["build", *map(str, sorted(plans.iterdir())), "--out", str(out), "-q"])
    assert built.exit_code == 0, built.output
    return plans, out


def _graph(out: Path) -> Path:
    return next(out.glob("*.ttl"))


def test_build_holds_the_new_plan_and_every_bundled_one(bundle_with_new_plan):
    plans, out = bundle_with_new_plan
    result = CliRunner().invoke(main, ["query", "run", "plans", "--graph", str(_graph(out)), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["results"]["bindings"]
    text = json.dumps(rows)
    for folder in plans.iterdir():
        assert folder.name in text, folder.name


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("plan-overview", [f"plan={NEW_ID}"], "dữ liệu thử nghiệm"),
        ("objectives-and-targets", [f"plan={NEW_ID}", "year=2030"], "target-grdp-growth"),
        ("targets-side-by-side", [], NEW_ID),
        ("plan-hierarchy", [], NEW_ID),
        ("search-labels", ["text=vi du"], "project-example-expressway"),
    ],
)
def test_named_queries_see_the_new_plan(bundle_with_new_plan, name, params, expected):
    _, out = bundle_with_new_plan
    args = ["query", "run", name, "--graph", str(_graph(out)), "--format", "json"]
    for p in params:
        args += ["-p", p]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_link_suggestions_run_over_the_new_plan(bundle_with_new_plan, tmp_path):
    plans, _ = bundle_with_new_plan
    result = CliRunner().invoke(main, ["link", *map(str, sorted(plans.iterdir())), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "links" / "suggested.sssom.tsv").is_file()


def test_gold_links_still_score_with_a_new_plan(bundle_with_new_plan):
    """The hand-labelled set scores only pairs among the plans it labels."""
    plans, _ = bundle_with_new_plan
    graph = api.build(sorted(plans.iterdir()), shacl=False, links=False).graph()
    gold = Path(__file__).parent / "data" / "links" / "gold-bundled.tsv"
    score = linking.evaluate(linking.suggest(graph), gold, "https://w3id.org/plankg/id/")
    assert score.precision >= 0.9 and score.recall >= 0.8, score


@pytest.mark.parametrize("options", [["--plan", NEW_ID], ["--plan", NEW_ID, "--layout", "plan"], ["--cross-plan"]])
def test_views_draw_the_new_plan(bundle_with_new_plan, tmp_path, options):
    _, out = bundle_with_new_plan
    result = CliRunner().invoke(
        main, ["view", "--graph", str(_graph(out)), *options, "--out", str(tmp_path), "--date", "2026-01-01", "-q"]
    )
    assert result.exit_code == 0, result.output
    pages = list((tmp_path / "views").glob("*.html"))
    assert pages
    if "--cross-plan" not in options:
        assert "dữ liệu thử nghiệm" in pages[0].read_text(encoding="utf-8")
