"""Shared reference data anyone can extend (issue 15, point 2).

tests/data/reference-extension/ is a folder of fictional reference data (a new indicator, unit,
sector and national road) and two fictional plans that use it. Built with ``--reference``, the
plans meet on the new road and sector in the cross-plan queries and their targets on the new
indicator sit side by side; without it they are refused, located. ``new-reference`` writes a
stub of each kind that validates at once and warns about each placeholder left.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_build.cli.main import main

DATA = Path(__file__).parent / "data" / "reference-extension"
PLANS = sorted(str(p) for p in (DATA / "plans").iterdir())
REFERENCE = str(DATA / "reference")
INDICATOR = "https://w3id.org/plankg/vocab/indicator/test-tourist-arrivals"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("out")
    built = invoke("build", *PLANS, "--reference", REFERENCE, "--out", str(out), "--format", "turtle", "-q")
    assert built.exit_code == 0, built.output
    return str(out / "plankg.ttl")


def rows(*args: str) -> list[dict]:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["results"]["bindings"]


def test_two_plans_meet_on_a_shared_road_added_as_reference_data(graph_file):
    found = rows("query", "run", "shared-infrastructure", "--graph", graph_file)
    assert [r["infrastructure"]["value"].rsplit("/", 1)[-1] for r in found] == ["test-national-road-99"]
    assert {r["plan_a"]["value"].rsplit("/", 1)[-1] for r in found} | {
        r["plan_b"]["value"].rsplit("/", 1)[-1] for r in found
    } == {"alpha-test-2021-2030", "beta-test-2021-2030"}


def test_a_new_sector_is_shared_and_sits_under_its_broader_one(graph_file):
    found = rows("query", "run", "shared-sectors", "--graph", graph_file)
    assert "https://w3id.org/plankg/vocab/sector/test-community-tourism" in {r["sector"]["value"] for r in found}
    broader = rows(
        "sparql",
        "SELECT ?b WHERE { <https://w3id.org/plankg/vocab/sector/test-community-tourism> "
        "<http://www.w3.org/2004/02/skos/core#broader> ?b }",
        "--graph",
        graph_file,
    )
    assert [r["b"]["value"] for r in broader] == ["https://w3id.org/plankg/vocab/sector/tourism"]


def test_targets_on_a_new_indicator_side_by_side(graph_file):
    found = rows("query", "run", "targets-side-by-side", "--param", f"indicator={INDICATOR}", "--graph", graph_file)
    by_plan = {r["plan"]["value"].rsplit("/", 1)[-1]: r for r in found}
    assert {p: float(r["value"]["value"]) for p, r in by_plan.items()} == {
        "alpha-test-2021-2030": 12.0,
        "beta-test-2021-2030": 9.0,
    }
    assert {r["unit"]["value"] for r in found} == {"test-million-arrivals"}


def test_queries_build_with_the_reference_folder_too():
    found = rows("query", "run", "shared-infrastructure", "--reference", REFERENCE)
    assert found  # the bundled plans, built with the folder: their shared roads, not the new one,
    assert "test-national-road-99" not in json.dumps(found)  # which no bundled plan names
    labels = rows(
        "sparql",
        f"SELECT ?l WHERE {{ <{INDICATOR}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }}",
        "--reference",
        REFERENCE,
    )
    assert {r["l"]["xml:lang"] for r in labels} == {"vi", "en"}


def test_without_the_reference_folder_the_plans_are_refused_located():
    result = invoke("validate", *PLANS, "-q")
    assert result.exit_code == 2
    assert "plan.yaml:20: error [target-tourist-arrivals.indicator]: 'test-tourist-arrivals'" in result.output
    assert "unknown id 'test-national-road-99'" in result.output


def test_catalogue_lists_what_the_folder_adds():
    result = invoke("catalogue", "indicators", "--reference", REFERENCE)
    assert result.exit_code == 0
    assert "test-tourist-arrivals" in result.output
    assert "test-national-road-99" in invoke("catalogue", "infrastructure", "--reference", REFERENCE).output


@pytest.mark.parametrize("kind", ["place", "infrastructure", "indicator", "sector", "unit"])
def test_new_reference_writes_a_stub_that_validates_and_warns(tmp_path, kind):
    folder = tmp_path / "mine"
    made = invoke("new-reference", kind, f"my-{kind}", "--dir", str(folder))
    assert made.exit_code == 0, made.output
    stub = folder / f"my-{kind}.yaml"
    checked = invoke("validate", PLANS[0], "--reference", str(folder), "--reference", REFERENCE, "-q")
    assert checked.exit_code == 0, checked.output
    warnings = [line for line in checked.output.splitlines() if "placeholder 'TODO'" in line]
    assert f"[my-{kind}.label]" in " ".join(warnings)
    assert all(line.startswith(str(stub)) and ": warning [" in line for line in warnings)
    again = invoke("new-reference", kind, f"my-{kind}", "--dir", str(folder))
    assert again.exit_code == 2 and "already exists" in again.output


def test_replacing_the_placeholders_leaves_no_warning(tmp_path):
    folder = tmp_path / "mine"
    assert invoke("new-reference", "place", "my-region", "--dir", str(folder)).exit_code == 0
    stub = folder / "my-region.yaml"
    shutil.copy(DATA / "reference" / "sources" / "test-reference-source.txt", folder / "doc.txt")
    text = stub.read_text(encoding="utf-8")
    text = text.replace("url: https://example.org/TODO-the-page-that-states-it", "file: doc.txt")
    text = text.replace('title: {en: "TODO: title of the page (or use file: with a kept document and quote it)"}', "")
    text = text.replace('"TODO: tên tiếng Việt"', '"Vùng thử nghiệm"').replace('"TODO: English name"', '"Test region"')
    text = text.replace(
        '{web: my-region-source, confidence: medium, note: "TODO: what the page says, in your words"}',
        '{doc: my-region-source, quote: "TEST DATA, FICTIONAL DOCUMENT"}',
    )
    stub.write_text(text, encoding="utf-8")
    checked = invoke("validate", PLANS[0], "--reference", str(folder), "--reference", REFERENCE, "-q")
    assert checked.exit_code == 0, checked.output
    assert "placeholder" not in checked.output


@pytest.mark.parametrize(
    ("concept", "message"),
    [
        (
            "{id: x-1, scheme: indicatr, label: {vi: a, en: b}, source: {doc: s, quote: TEST}}",
            "error [x-1.scheme]: 'scheme' is 'indicatr' (did you mean 'indicator'?)",
        ),
        (
            "{id: grdp-growth, scheme: indicator, label: {vi: a, en: b}, source: {doc: s, quote: TEST}}",
            "error [grdp-growth.id]: concept 'grdp-growth' is already in the Indicator vocabulary",
        ),
        (
            "{id: x-2, scheme: sector, broader: toursm, label: {vi: a, en: b}, source: {doc: s, quote: TEST}}",
            "error [x-2.broader]: unknown Sector concept 'toursm' in 'broader' (did you mean 'tourism'",
        ),
        ("{id: x-3, scheme: unit, label: {vi: a}, source: {doc: s, quote: TEST}}", "error [x-3.label.en]"),
    ],
)
def test_bad_concepts_are_refused_with_file_line_field_and_suggestion(tmp_path, concept, message):
    (tmp_path / "s.txt").write_text("TEST DATA", encoding="utf-8")
    path = tmp_path / "bad.yaml"
    path.write_text(
        "format: plankg/1\nkind: reference\nid: reference\nsources:\n  - {id: s, file: s.txt}\n"
        f"concepts:\n  - {concept}\n",
        encoding="utf-8",
    )
    result = invoke("validate", PLANS[0], "--reference", str(path), "-q")
    assert result.exit_code == 2, result.output
    assert f"{path}:7: {message}" in result.output, result.output
    assert "Traceback" not in result.output


def test_reference_with_a_graph_file_is_refused(graph_file):
    result = invoke("sparql", "ASK { ?s ?p ?o }", "--graph", graph_file, "--reference", REFERENCE)
    assert result.exit_code == 2
    assert "--reference adds reference data to a build" in result.output


def test_link_and_view_build_with_the_reference_folder(tmp_path):
    linked = invoke("link", *PLANS, "--reference", REFERENCE, "--out", str(tmp_path), "-q")
    assert linked.exit_code == 0, linked.output
    assert (tmp_path / "links" / "suggested.sssom.tsv").is_file()
    drawn = invoke("view", *PLANS, "--reference", REFERENCE, "--cross-plan", "--out", str(tmp_path), "-q")
    assert drawn.exit_code == 0, drawn.output
    page = next((tmp_path / "views").glob("*.html")).read_text(encoding="utf-8")
    assert "Quốc lộ thử nghiệm 99" in page
    refused = invoke("link", *PLANS, "--out", str(tmp_path), "-q")
    assert refused.exit_code == 2 and "test-national-road-99" in refused.output
