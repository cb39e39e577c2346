"""The named query library: every .rq file's header and syntax, the catalogue, listing and showing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph_build.core.errors import QueryError
from graph_build.sparql import library as Q

from .conftest import MINI_PLAN
from .query_support import LS, MINI, QUERY_FILES, ROOT, cols

pytestmark = pytest.mark.usefixtures("default_graph_is_lang_son")


# ------------------------------------------------------------------------------------------
# Every file: header and syntax
# ------------------------------------------------------------------------------------------
def test_there_are_enough_queries():
    assert len(QUERY_FILES) >= 15
    assert not (ROOT / "queries" / ".keep").exists()


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_file_has_valid_header_and_parses(path):
    query = Q.load_query_file(path)
    assert query.summary["vi"].strip() and query.summary["en"].strip()
    assert query.tags, "every query is tagged"
    for param in query.params.values():
        assert param.type in Q.PARAMETER_TYPES
        assert param.default != ""
        assert f"?_{param.name}" in query.body
    prepared = Q.prepare(query.text, str(path))
    assert prepared.algebra.name == "SelectQuery"


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    return path


BODY = "SELECT ?s WHERE { ?s ?p ?o }\n"
GOOD_SUMMARY = "#+ summary:\n#+   vi: Tóm tắt\n#+   en: Summary\n"


@pytest.mark.parametrize(
    "text, message, line",
    [
        (BODY, "no '#+' header", 1),
        ("#+ summary: [unclosed\n" + BODY, "not valid YAML", 1),
        ("#+ summary:\n#+   vi: x\n#+   vi: y\n#+   en: z\n" + BODY, "duplicate key", 3),
        ("#+ summary:\n#+   vi: Chỉ tiếng Việt\n" + BODY, "[summary]", 1),
        (GOOD_SUMMARY + "#+ author: someone\n" + BODY, "unknown header key", 4),
        (GOOD_SUMMARY + "#+ tags: plan\n" + BODY, "[tags]", 4),
        (
            GOOD_SUMMARY
            + "#+ params:\n#+   plan:\n#+     type: plan\n#+     description: {vi: a, en: b}\n"
            + "SELECT ?s WHERE { ?s ?p ?_plan }\n",
            "default value is required",
            5,
        ),
        (
            GOOD_SUMMARY
            + "#+ params:\n#+   plan:\n#+     type: wibble\n#+     default: x\n"
            + "#+     description: {vi: a, en: b}\nSELECT ?s WHERE { ?s ?p ?_plan }\n",
            "type must be one of",
            5,
        ),
        (GOOD_SUMMARY + "SELECT ?s WHERE { ?s ?p ?_plan }\n", "declares no parameter 'plan'", None),
        (
            GOOD_SUMMARY
            + "#+ params:\n#+   plan:\n#+     type: plan\n#+     default: x\n"
            + "#+     description: {vi: a, en: b}\n"
            + BODY,
            "never uses ?_plan",
            5,
        ),
    ],
)
def test_bad_headers_are_errors_with_file_and_line(tmp_path, text, message, line):
    path = _write(tmp_path, text)
    with pytest.raises(QueryError) as info:
        Q.load_query_file(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    if line is not None:
        assert f"{path}:{line}:" in str(info.value)


def test_unknown_query_is_an_error_naming_it():
    with pytest.raises(QueryError, match="unknown query 'no-such-query'"):
        Q.run_query("no-such-query")
    with pytest.raises(QueryError, match="unknown query"):
        Q.get_query("../etc/passwd")


# ------------------------------------------------------------------------------------------
# The default graph and datasets
# ------------------------------------------------------------------------------------------
def test_a_dataset_is_queried_as_the_union_of_its_graphs():
    from graph_build import build
    from graph_build.core import resources

    dataset = build([*resources.bundled_plans(), MINI_PLAN], shacl=False).rdf
    assert {(LS,), (MINI,)} <= set(cols(Q.run_query("plans", graph=dataset), "plan"))


def test_the_default_graph_is_the_bundled_build_cached(monkeypatch):
    monkeypatch.undo()  # the real default, not the Lạng Sơn-only graph of these tests
    from graph_build.stores import source

    assert source.bundled_store() is source.bundled_store()
    assert (LS,) in cols(Q.run_query("plans"), "plan")


# ------------------------------------------------------------------------------------------
# Listing and showing from the command line; docs/queries.md
# ------------------------------------------------------------------------------------------
def test_cli_query_list_and_show(cli):
    listed = cli("query", "list")
    assert listed.exit_code == 0
    names = [line.split()[0] for line in listed.output.splitlines()]
    assert names == [p.stem for p in QUERY_FILES]
    assert "[plan=lang-son-2021-2030]" in listed.output
    assert "The plan's breakthroughs" in cli("query", "list", "--lang", "en").output
    shown = cli("query", "show", "events")
    assert shown.exit_code == 0
    assert "since (date, default 0001-01-01)" in shown.output
    assert "?date >= ?_since" in shown.output and "#+" not in shown.output


# ------------------------------------------------------------------------------------------
# docs/queries.md and doctests
# ------------------------------------------------------------------------------------------
def test_docs_queries_md_is_the_generated_catalogue():
    committed = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert committed == Q.markdown_catalogue(), "run: python -m graph_build.sparql.library --markdown > docs/queries.md"
    generated = subprocess.run(
        [sys.executable, "-m", "graph_build.sparql.library", "--markdown"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        encoding="utf-8",
    ).stdout
    assert generated == committed
    for path in QUERY_FILES:
        assert f"| `{path.stem}` |" in committed
