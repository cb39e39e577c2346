"""One format registry (``graph_build.rdf.formats``), and every command that names a format uses it.

The registry's RDF entries are checked against the libraries that read them
(pyoxigraph's media types and extensions, rdflib's parsers); then each user
of the registry is run for real: the build writes each format under any of
its names, graph files of every suffix load back, query output parses back,
the endpoint negotiates every name, alias and media type, the network exports
write one file per format, and the ``--format`` choices in ``--help`` are the
registry's.
"""

from __future__ import annotations

import importlib
import io
import json
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import XSD, Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.query import Result

from graph_build.endpoint import formats as endpoint_formats
from graph_build.rdf import formats as F
from graph_build.rdf.graph_files import load_graph_file
from graph_build.sparql import results as R
from graph_build.sparql.library import run_sparql

SELECT = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s ?label LIMIT 7"
CONSTRUCT = (
    "CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
    "WHERE { ?s a <https://w3id.org/plankg/def#Breakthrough> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
)


# -- the registry itself ---------------------------------------------------------------------
def test_no_name_alias_or_media_type_means_two_formats_of_a_kind():
    for kind in F.KINDS:
        keys = Counter(key for fmt in F.formats(kind) for key in fmt._keys)
        assert [k for k, n in keys.items() if n > 1] == [], kind
        suffixes = Counter(s for fmt in F.formats(kind) for s in fmt.suffixes)
        assert [s for s, n in suffixes.items() if n > 1] == [], kind


def test_every_writer_named_exists():
    offered = {
        *F.query_output_formats(),
        *F.endpoint_formats("results"),
        *F.endpoint_formats("graph"),
        *F.formats("network"),
    }
    assert all(f.writer for f in offered if f.kind != "page"), "a format offered for output needs a writer"
    assert all(f.lines_writer for f in F.build_formats())
    for fmt in (f for f in F.FORMATS if f.writer or f.lines_writer):
        module = importlib.import_module(F.WRITER_MODULES[fmt.kind])
        for name in (fmt.writer, fmt.lines_writer):
            if name is not None:
                assert callable(getattr(module, name, None)), f"{fmt.kind} {fmt.name}: {module.__name__}.{name}"


def test_rdf_formats_match_what_oxigraph_and_rdflib_say():
    import pyoxigraph as ox
    from rdflib.parser import Parser
    from rdflib.plugin import get

    for fmt in F.formats("graph"):
        oxigraph = getattr(ox.RdfFormat, str(fmt.oxigraph))
        assert fmt.media_type == oxigraph.media_type, fmt.name
        assert fmt.suffix == "." + oxigraph.file_extension, fmt.name
        # JSON-LD may name graphs too, but plankg writes it flat (one @graph), as Turtle
        assert fmt.quads == oxigraph.supports_datasets or fmt.name == "jsonld", fmt.name
        assert get(str(fmt.rdflib), Parser) is not None


def test_the_issue_spellings_are_one_format_each():
    assert {F.graph_format(v).name for v in ("ttl", "turtle", "text/turtle", "TTL")} == {"turtle"}
    assert {F.graph_format(v).name for v in ("nt", "ntriples", "n-triples", "application/n-triples")} == {"nt"}
    assert {F.graph_format(v).name for v in ("jsonld", "json-ld", "application/ld+json")} == {"jsonld"}
    assert {F.graph_format(v).name for v in ("nq", "nquads", "n-quads", "application/n-quads")} == {"nq"}
    with pytest.raises(F.UnknownFormat, match="choose from turtle, jsonld, nt"):
        F.graph_format("turtel")


def test_registry_imports_nothing_heavy():
    code = (
        "import sys, graph_build.rdf.formats, graph_build.cli.main; "
        "print(','.join(m for m in ('rdflib', 'pyoxigraph', 'networkx') if m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == ""


# -- build ------------------------------------------------------------------------------------
def test_build_writes_each_format_under_any_of_its_names(mini, tmp_path):
    from graph_build import write

    canonical = write(mini, tmp_path / "a")
    assert sorted(p.name for p in canonical) == sorted(f"plankg{f.suffix}" for f in F.build_formats())
    aliased = write(mini, tmp_path / "b", ["ttl", "n-triples", "json-ld", "application/trig"])
    assert [p.read_bytes() for p in aliased] == [p.read_bytes() for p in canonical]
    with pytest.raises(ValueError, match="unknown format.*nq.*choose from turtle, jsonld, nt, trig"):
        write(mini, tmp_path / "c", ["nq"])  # read, not written by the build


# -- graph files --------------------------------------------------------------------------
def decimals_by_value(graph: Graph) -> Graph:
    from graph_build.rdf.builder import decimal_lexical

    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(decimal_lexical(Decimal(str(o))), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("fmt", F.graph_file_formats(), ids=lambda f: f.name)
@pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated:DeprecationWarning")  # rdflib's own writers
def test_graph_files_of_every_suffix_load(mini, tmp_path, fmt):
    expected = mini.graph()
    source = Dataset()
    for name, graph in mini.named_graphs():
        target = source.graph(name)
        for triple in graph:
            target.add(triple)
    for suffix in fmt.suffixes:
        path = tmp_path / f"plankg{suffix}"
        data = source if fmt.quads else expected
        path.write_bytes(data.serialize(format=fmt.rdflib, encoding="utf-8"))
        loaded = load_graph_file(path)
        union = Graph()
        for triple in loaded.triples((None, None, None)):  # the default graph is the union
            union.add(triple)
        # rdflib's Turtle and TriG writers spell a whole xsd:decimal "8.0" (bare 8.0); plankg's own
        # files keep the canonical "8" (tests/test_roundtrip.py), so compare decimals by value here
        assert isomorphic(decimals_by_value(union), decimals_by_value(expected)), suffix
        if fmt.quads:
            assert {str(g.identifier) for g in loaded.graphs() if len(g)} >= set(mini.graph_names())


def test_a_graph_file_of_an_unknown_suffix_names_the_known_ones(tmp_path):
    from graph_build.core.errors import PlanError

    path = tmp_path / "plankg.owl"
    path.write_text("")
    with pytest.raises(PlanError) as caught:
        load_graph_file(path)
    message = str(caught.value)
    assert all(s in message for s in F.graph_file_suffixes())


def test_a_bad_graph_file_names_its_format_and_line(tmp_path):
    from graph_build.core.errors import PlanError

    path = tmp_path / "bad.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(PlanError, match="not valid Turtle") as caught:
        load_graph_file(path)
    assert caught.value.problems[0].line == 3


# -- query output ------------------------------------------------------------------------------
def test_query_output_in_every_format(mini):
    graph = mini.graph()
    rows = run_sparql(SELECT, graph)
    triples = run_sparql(CONSTRUCT, graph)
    ask = run_sparql("ASK { ?s ?p ?o }", graph)
    assert rows.rows and len(triples.graph)
    for fmt in F.formats("results", cli=True):
        text = R.format_result(rows, fmt.name)
        assert text.endswith("\n")
        if fmt.name in ("json", "xml", "csv", "tsv"):
            parsed = Result.parse(io.BytesIO(text.encode("utf-8")), format=fmt.name)
            if fmt.name == "csv":  # CSV keeps only the text of each term
                assert [tuple(map(str, r)) for r in parsed] == [tuple(map(str, row)) for row in rows.rows]
            else:
                assert [tuple(r) for r in parsed] == rows.rows, fmt.name
        assert (
            R.format_result(ask, fmt.name) in ("true\n", '{\n  "head": {},\n  "boolean": true\n}\n')
            or fmt.name == "xml"
            and "<boolean>true</boolean>" in R.format_result(ask, fmt.name)
        )
    for fmt in (f for f in F.query_output_formats() if f.kind == "graph"):
        text = R.format_result(triples, fmt.name)
        assert isomorphic(Graph().parse(data=text, format=fmt.rdflib), triples.graph), fmt.name
        assert R.format_result(triples, fmt.name) == text  # same graph, same text
        with pytest.raises(Exception, match="returns rows"):
            R.format_result(rows, fmt.name)
    with pytest.raises(Exception, match="returns a graph"):
        R.format_result(triples, "csv")


# -- the endpoint --------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["results", "graph"])
def test_endpoint_negotiates_every_name_alias_and_media_type(kind):
    for fmt in F.endpoint_formats(kind):
        for key in (fmt.name, *fmt.aliases, *fmt.media_types):
            assert endpoint_formats.negotiate(kind, None, [key]) == fmt.name, key
        if fmt.media_type:
            assert endpoint_formats.negotiate(kind, f"{fmt.media_type};q=0.9, */*;q=0.1") == fmt.name
            assert endpoint_formats.media_type(fmt.name).startswith(fmt.media_type)
    with pytest.raises(endpoint_formats.NotAcceptable):
        endpoint_formats.negotiate(kind, "image/png")


def test_endpoint_answers_in_every_format_it_offers(mini):
    graph = mini.graph()
    rows, triples = run_sparql(SELECT, graph), run_sparql(CONSTRUCT, graph)
    for fmt in F.endpoint_formats("graph"):
        if fmt.kind == "graph":
            body = endpoint_formats.result_bytes(fmt.name, triples)
            assert isomorphic(Graph().parse(data=body, format=fmt.rdflib), triples.graph), fmt.name
    for fmt in F.endpoint_formats("results"):
        body = endpoint_formats.result_bytes(fmt.name, rows)
        assert body, fmt.name
        if fmt.kind == "results":
            assert len(list(Result.parse(io.BytesIO(body), format=fmt.name))) == len(rows.rows), fmt.name


# -- network exports ---------------------------------------------------------------------
def test_network_exports_one_file_per_format(mini, tmp_path):
    from graph_build.network import model as N

    net = N.to_network(mini.graph())
    written = N.write_exports(net, tmp_path)
    assert sorted(p.name for p in written) == sorted(f"plankg-network{f.suffix}" for f in F.formats("network"))
    data = json.loads((tmp_path / "plankg-network.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == len(net)
    with pytest.raises(N.NetworkError, match="choose from graphml, gexf, json"):
        N.write_exports(net, tmp_path, ["dot"])


# -- the command line ------------------------------------------------------------------------
def test_format_choices_in_help_are_the_registrys():
    from graph_build.cli.main import main

    runner = CliRunner()
    cases = {
        ("build", "--help"): F.build_names(),
        ("query", "run", "--help"): F.query_output_names(),
        ("sparql", "--help"): F.query_output_names(),
        ("export-network", "--help"): F.network_names(),
    }
    for args, choices in cases.items():
        result = runner.invoke(main, list(args), terminal_width=200)
        assert result.exit_code == 0, result.output
        assert "[" + "|".join(choices) + "]" in result.output, args
    graph_help = runner.invoke(main, ["serve", "--help"], terminal_width=200).output
    assert all(suffix in graph_help for suffix in F.graph_file_suffixes())


def test_cli_writes_query_output_in_a_new_format(tmp_path):
    from graph_build.cli.main import main
    from tests.conftest import MINI_PLAN

    built = CliRunner().invoke(main, ["build", str(MINI_PLAN), "--out", str(tmp_path), "--format", "trig", "-q"])
    assert built.exit_code == 0, built.output
    result = CliRunner().invoke(main, ["sparql", CONSTRUCT, "--graph", str(tmp_path / "plankg.trig"), "--format", "nt"])
    assert result.exit_code == 0, result.output
    parsed = Graph().parse(data=result.output, format="nt")
    assert len(parsed) and all(str(p) == "http://www.w3.org/2000/01/rdf-schema#label" for _, p, _ in parsed)
    assert Path(tmp_path / "plankg.trig").is_file()
