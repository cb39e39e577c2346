"""Ad-hoc SPARQL from Python and `plankg sparql`: the four query forms, updates refused, syntax errors."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from graph_build.core.errors import QueryError
from graph_build.sparql import library as Q

from .query_support import BASE

pytestmark = pytest.mark.usefixtures("default_graph_is_lang_son")


# ------------------------------------------------------------------------------------------
# Ad-hoc SPARQL from Python
# ------------------------------------------------------------------------------------------
def test_run_sparql_kinds(lang_son):
    select = Q.run_sparql("SELECT (COUNT(*) AS ?n) WHERE { ?b a <https://w3id.org/plankg/def#Breakthrough> }")
    assert select.values() == [(4,)]
    assert Q.run_sparql("ASK { ?s <https://w3id.org/plankg/def#carriesBreakthrough> ?o }").boolean is False
    described = Q.run_sparql(f"DESCRIBE <{BASE}ref/china>").graph
    assert (URIRef(f"{BASE}ref/china"), RDFS.label, Literal("Trung Quốc", lang="vi")) in described


@pytest.mark.parametrize(
    "text",
    [
        "DROP ALL",
        "INSERT DATA { <a:a> <a:b> <a:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR DEFAULT",
        "LOAD <http://example.org/x>",
    ],
)
def test_updates_are_refused(lang_son, text):
    before = len(lang_son)
    with pytest.raises(QueryError, match="read-only"):
        Q.run_sparql(text)
    assert len(lang_son) == before


def test_syntax_errors_carry_line_and_column():
    with pytest.raises(QueryError, match=r"syntax error at line 2, column \d+") as info:
        Q.run_sparql("SELECT ?s\nWHERE { ?s ?p }")
    assert "\n" not in str(info.value)
    with pytest.raises(QueryError, match="cannot be used"):
        Q.run_sparql("SELECT ?s WHERE { ?s nope:p ?o }")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('SELECT * WHERE { ?s ?p ?o FILTER REGEX(STR(?o), "(") }', "invalid regular expression in REGEX: '('"),
        ('SELECT * WHERE { ?s ?p ?o FILTER REGEX(STR(?o), "a", "iz") }', "with flags 'iz'"),
        ('SELECT (REPLACE("a", "x{2,1}", "b") AS ?x) WHERE {}', "invalid regular expression in REPLACE"),
        ('SELECT * WHERE { ?s ?p ?o FILTER regex(STR(?o), "\\u005B") }', "invalid regular expression"),
    ],
    ids=["regex", "flags", "replace", "escaped"],
)
def test_an_invalid_regular_expression_is_refused_not_read_as_no_rows(cli, text, says):
    with pytest.raises(QueryError, match=re.escape(says)):
        Q.run_sparql(text)
    result = cli("sparql", text)
    assert result.exit_code == 2 and says in result.output and "Traceback" not in result.output


def test_a_valid_pattern_in_the_engines_syntax_is_answered():
    assert Q.run_sparql(r'ASK { ?s ?p ?o FILTER REGEX(STR(?o), "^\\p{Lu}\\p{Ll}+ S\\p{L}n$") }').boolean is True


def test_cli_sparql_select_ask_construct_describe(cli, tmp_path):
    select = cli(
        "sparql", "SELECT ?b WHERE { ?b a <https://w3id.org/plankg/def#Breakthrough> } ORDER BY ?b", "--format", "csv"
    )
    assert select.exit_code == 0 and len(select.output.splitlines()) == 5
    assert cli("sparql", "ASK { ?s a <https://w3id.org/plankg/def#Breakthrough> }").output == "true\n"
    construct = (
        f"CONSTRUCT {{ ?s <{RDFS.label}> ?l }} "
        f"WHERE {{ ?s a <https://w3id.org/plankg/def#Country> ; <{RDFS.label}> ?l }}"
    )
    expected = Q.run_sparql(construct).graph
    assert {str(s).rsplit("/", 1)[-1] for s in expected.subjects()} >= {"vietnam", "china"}
    turtle = cli("sparql", construct)
    assert isomorphic(Graph().parse(data=turtle.output, format="turtle"), expected)
    jsonld = cli("sparql", construct, "--format", "jsonld")
    assert isomorphic(Graph().parse(data=jsonld.output, format="json-ld"), expected)
    described = cli("sparql", f"DESCRIBE <{BASE}ref/asean>")
    assert "Các nước ASEAN" in described.output
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p <https://w3id.org/plankg/def#periodStart> ?y }", "utf-8")
    assert cli("sparql", str(rq), "--format", "csv").stdout_bytes == b"n\r\n1\r\n"
    assert (
        cli("sparql", "-", "--format", "tsv", input="SELECT ?x WHERE { BIND(1 AS ?x) }").output
        == '?x\n"1"^^<http://www.w3.org/2001/XMLSchema#integer>\n'
    )
