"""The `inferred:` form of a reference (issue 14): built as a pk:InferredLink; a bad one is a clear error.

Runs ``plankg validate`` / the build on a copy of the sample plan of tests/data with one
reference rewritten.
"""

from __future__ import annotations

import shutil

import pytest
from rdflib.namespace import PROV, RDF

from graph_build.core.namespace import PK

from .conftest import MINI_PLAN

SERVES = "    serves: [objective-2030]\n"


def _plan_with(tmp_path, serves_block: str):
    folder = tmp_path / MINI_PLAN.name
    shutil.copytree(MINI_PLAN, folder)
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert SERVES in text
    plan.write_text(text.replace(SERVES, serves_block, 1), encoding="utf-8")
    return folder


def test_an_inferred_reference_becomes_an_inferred_link(tmp_path):
    from graph_build import build

    folder = _plan_with(
        tmp_path,
        "    serves:\n      - {ref: objective-2030, inferred: {rule: theo-do, from: [objective-2030]}}\n",
    )
    result = build([folder], shacl=True)
    assert result.ok, result.problems
    g = result.graph()
    # the reference data's own inferred links (Lạng Sơn in its region) are there too
    [link] = [x for x in g.subjects(RDF.type, PK.InferredLink) if g.value(x, RDF.predicate) == PK.serves]
    objective = g.value(link, RDF.object)
    assert str(g.value(link, PK.inferredBy)).endswith("/inference-rule/theo-do")
    assert list(g.objects(link, PROV.wasDerivedFrom)) == [objective]
    assert (g.value(link, RDF.subject), PK.serves, objective) in g
    assert (link, RDF.type, RDF.Statement) not in g


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "    serves:\n      - {ref: objective-2030, inferred: {rule: theo-doo, from: [objective-2030]}}\n",
            "'rule' must be one of theo-do",
        ),
        (
            "    serves:\n      - {ref: objective-2030, inferred: {rule: theo-do, from: [no-such-thing]}}\n",
            "unknown id 'no-such-thing' in 'inferred.from'",
        ),
        ("    serves:\n      - {ref: objective-2030, inferred: {rule: theo-do}}\n", "'from' must name the statements"),
        ("    serves:\n      - {ref: objective-2030, inferred: theo-do}\n", "'inferred' is {rule: <rule id>"),
        (
            "    serves:\n      - {ref: objective-2030, inferred: {rule: theo-do, from: [x], why: y}}\n",
            "unknown key 'why' in 'inferred'",
        ),
    ],
)
def test_a_bad_inference_is_a_clear_error_with_exit_2(tmp_path, cli, block, message):
    folder = _plan_with(tmp_path, block)
    result = cli("validate", str(folder))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "plan.yaml:" in result.output and "Traceback" not in result.output
