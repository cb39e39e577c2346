"""`plankg query` end to end: a graph file as the source, bad input, the installed console script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import URIRef

from .query_support import BASE, LS, ROOT

pytestmark = pytest.mark.usefixtures("default_graph_is_lang_son")


# ------------------------------------------------------------------------------------------
# CLI
# ------------------------------------------------------------------------------------------
def test_cli_query_run_with_a_graph_file(cli, lang_son, tmp_path):
    from graph_build.rdf.serialize import to_trig, to_turtle

    ttl = tmp_path / "plankg.ttl"
    ttl.write_bytes(to_turtle(lang_son))
    trig = tmp_path / "plankg.trig"
    trig.write_bytes(to_trig([(URIRef(BASE + "graph/all"), lang_son)], lang_son))
    expected = cli("query", "run", "projects-by-funding", "--format", "csv").output
    assert cli("query", "run", "projects-by-funding", "--format", "csv", "--graph", str(ttl)).output == expected
    assert cli("query", "run", "projects-by-funding", "--format", "csv", "--graph", str(trig)).output == expected
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <x> .\n:a :b", encoding="utf-8")
    out = cli("query", "run", "plans", "--graph", str(bad))
    assert out.exit_code == 2 and out.output.startswith("error: ") and "Traceback" not in out.output


@pytest.mark.parametrize(
    "args, message",
    [
        (("query", "run", "nope"), "unknown query 'nope'"),
        (("query", "run", "partners", "-p", "country=cn"), "has no parameter 'country'"),
        (("query", "run", "partners", "-p", "plan"), "--param needs key=value"),
        (("query", "run", "events", "-p", "since=soon"), "query 'events', parameter 'since'"),
        (("query", "run", "partners", "--format", "turtle"), "not turtle"),
        (("query", "show", "nope"), "unknown query"),
        (("sparql", "DROP ALL"), "read-only"),
        (("sparql", "SELECT ?s WHERE { ?s ?p }"), "syntax error at line 1"),
        (("sparql", "ASK {}", "--graph", __file__, "--endpoint", "http://x"), "not both"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(cli, args, message):
    out = cli(*args)
    assert out.exit_code == 2
    assert message in out.output
    assert "Traceback" not in out.output
    assert len(out.output.strip().splitlines()) == 1


def test_installed_console_script_runs_a_query(lang_son, tmp_path):
    script = Path(sys.executable).with_name("plankg")
    assert script.is_file(), "the plankg console script is installed next to the interpreter"
    graph_file = tmp_path / "lang-son.nt"
    graph_file.write_text(lang_son.serialize(format="nt"), encoding="utf-8")
    out = subprocess.run(
        [str(script), "query", "run", "plans", "--format", "csv", "--graph", str(graph_file)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        encoding="utf-8",
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[1].startswith(f"{BASE}{LS},")
