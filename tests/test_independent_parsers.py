"""Every graph file plankg writes is read alike by three independent parsers (issue 13.5).

``plankg build --with-ontology`` writes Turtle, N-Triples, TriG and JSON-LD; the ontology
folder holds plankg.ttl, vocabularies.ttl and shapes.ttl. Each file is read by

* rapper (Raptor 2, C; Debian ``raptor2-utils``, installed by scripts/test.sh), which prints
  N-Triples / N-Quads that this module splits into terms itself (no RDF library involved);
* pyoxigraph (Rust), plankg's store;
* rdflib (Python), plankg's in-memory graph.

rapper has no JSON-LD reader, so JSON-LD is read by pyoxigraph and rdflib (PyLD is not a
dependency), and its graph is also compared with the N-Triples file as rapper reads it.
"The same graph" is compared on terms, not on printed lines (the tools escape differently):
the triples without blank nodes as sets, those with blank nodes by isomorphism; TriG graph by
graph, graph names included. Every file's graph is also the same across formats.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
DEFAULT = ("D",)  # the default graph, as a graph-name term

#: (file suffix, rapper's input syntax or None, pyoxigraph format name, rdflib format, holds quads)
FORMATS = {
    ".ttl": ("turtle", "TURTLE", "turtle", False),
    ".nt": ("ntriples", "N_TRIPLES", "nt", False),
    ".trig": ("trig", "TRIG", "trig", True),
    ".jsonld": (None, "JSON_LD", "json-ld", False),
}
ONTOLOGY_FILES = ("plankg.ttl", "vocabularies.ttl", "shapes.ttl")


# --- terms: one plain-tuple form for the three tools -----------------------------------------


def _literal(lexical: str, datatype: str | None, language: str | None) -> tuple:
    if language:
        return ("L", lexical, RDF_LANG_STRING, language.lower())
    return ("L", lexical, datatype or XSD_STRING, None)


def _from_rdflib(term) -> tuple:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ("I", str(term))
    if isinstance(term, BNode):
        return ("B", str(term))
    assert isinstance(term, Literal), term
    return _literal(str(term), str(term.datatype) if term.datatype else None, term.language)


def _from_oxigraph(term) -> tuple:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return ("I", term.value)
    if isinstance(term, ox.BlankNode):
        return ("B", term.value)
    if isinstance(term, ox.DefaultGraph):
        return DEFAULT
    assert isinstance(term, ox.Literal), term
    return _literal(term.value, term.datatype.value, term.language)


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_TERM = re.compile(
    r'\s*(?:<(?P<iri>[^>]*)>|_:(?P<bnode>\S+)|"(?P<lex>(?:[^"\\]|\\.)*)"'
    r"(?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<(?P<dt>[^>]*)>)?)"
)


def _unescape(text: str) -> str:
    def one(m: re.Match) -> str:
        if m.group(1) or m.group(2):
            return chr(int(m.group(1) or m.group(2), 16))
        return _SIMPLE[m.group(3)]

    return _ESCAPE.sub(one, text)


def _split_line(line: str) -> tuple:
    """One N-Triples / N-Quads line as terms; fails on anything else."""
    terms, pos = [], 0
    while True:
        m = _TERM.match(line, pos)
        if m is None:
            break
        if m.group("iri") is not None:
            terms.append(("I", _unescape(m.group("iri"))))
        elif m.group("bnode") is not None:
            terms.append(("B", m.group("bnode")))
        else:
            terms.append(_literal(_unescape(m.group("lex")), m.group("dt"), m.group("lang")))
        pos = m.end()
    assert line[pos:].strip() == "." and len(terms) in (3, 4), f"not an N-Triples/N-Quads line: {line!r}"
    return tuple(terms)


# --- the three readers ------------------------------------------------------------------------


def read_rapper(path: Path, syntax: str, quads: bool) -> set[tuple]:
    out = subprocess.run(
        ["rapper", "--quiet", "--input", syntax, "--output", "nquads" if quads else "ntriples", str(path)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert out.returncode == 0, f"rapper refused {path.name}: {out.stderr.decode('utf-8', 'replace')[:2000]}"
    rows = set()
    for line in out.stdout.decode("utf-8").splitlines():
        if line.strip():
            terms = _split_line(line)
            rows.add(terms if len(terms) == 4 or not quads else (*terms, DEFAULT))
    return rows


def read_oxigraph(path: Path, fmt: str, quads: bool) -> set[tuple]:
    import pyoxigraph as ox

    rows = set()
    for q in ox.parse(path=str(path), format=getattr(ox.RdfFormat, fmt)):
        triple = (_from_oxigraph(q.subject), _from_oxigraph(q.predicate), _from_oxigraph(q.object))
        rows.add((*triple, _from_oxigraph(q.graph_name)) if quads else triple)
    return rows


def read_rdflib(path: Path, fmt: str, quads: bool) -> set[tuple]:
    from rdflib import Dataset, Graph
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    if not quads:
        return {tuple(_from_rdflib(t) for t in triple) for triple in Graph().parse(path, format=fmt)}
    rows = set()
    for s, p, o, g in Dataset().parse(path, format=fmt).quads((None, None, None, None)):
        name = DEFAULT if g is None or g == DATASET_DEFAULT_GRAPH_ID else _from_rdflib(g)
        rows.add((_from_rdflib(s), _from_rdflib(p), _from_rdflib(o), name))
    return rows


# --- the same graph ---------------------------------------------------------------------------


def _to_rdflib(term: tuple):
    from rdflib import BNode, Literal, URIRef

    kind = term[0]
    if kind == "I":
        return URIRef(term[1])
    if kind == "B":
        return BNode(term[1])
    _, lexical, datatype, language = term
    return Literal(lexical, lang=language) if language else Literal(lexical, datatype=datatype)


def assert_same_graph(a: set[tuple], b: set[tuple], what: str) -> None:
    """Equal triple sets, blank nodes up to renaming; quads compared graph by graph."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    assert len(a) == len(b), f"{what}: {len(a)} vs {len(b)} statements"
    if a and len(next(iter(a))) == 4:
        names = {q[3] for q in a}
        assert names == {q[3] for q in b}, f"{what}: graph names differ"
        for name in names:
            assert_same_graph({q[:3] for q in a if q[3] == name}, {q[:3] for q in b if q[3] == name}, f"{what} {name}")
        return
    has_blank = lambda t: any(term[0] == "B" for term in t)  # noqa: E731
    ground_a = {t for t in a if not has_blank(t)}
    ground_b = {t for t in b if not has_blank(t)}
    assert ground_a == ground_b, f"{what}: {sorted(ground_a ^ ground_b)[:5]}"
    blank_a, blank_b = Graph(), Graph()
    for rows, graph in ((a - ground_a, blank_a), (b - ground_b, blank_b)):
        for t in rows:
            graph.add(tuple(_to_rdflib(term) for term in t))
    assert isomorphic(blank_a, blank_b), f"{what}: the triples with blank nodes differ"


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def written(tmp_path_factory, run_cli) -> dict[str, Path]:
    """The files ``plankg build --with-ontology`` writes, by suffix."""
    out = tmp_path_factory.mktemp("independent-parsers")
    result = run_cli("build", "--out", str(out), "--with-ontology", "--no-shacl", "-q")
    assert result.exit_code == 0, result.output
    files = {p.suffix: p for p in out.iterdir() if p.is_file()}
    assert set(files) == set(FORMATS), sorted(files)
    return files


@pytest.fixture(scope="module")
def run_cli():
    from click.testing import CliRunner

    from graph_build.cli.main import main

    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def reads(written) -> dict[str, dict[str, set[tuple]]]:
    """suffix → reader → statements."""
    out = {}
    for suffix, path in written.items():
        syntax, ox_fmt, rdflib_fmt, quads = FORMATS[suffix]
        out[suffix] = {"pyoxigraph": read_oxigraph(path, ox_fmt, quads), "rdflib": read_rdflib(path, rdflib_fmt, quads)}
        if syntax is not None:
            out[suffix]["rapper"] = read_rapper(path, syntax, quads)
    return out


# --- tests --------------------------------------------------------------------------------------


def test_rapper_is_installed():
    assert shutil.which("rapper"), "rapper missing: apt-get install raptor2-utils (scripts/test.sh does)"


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_the_parsers_read_the_same_graph(reads, suffix):
    by_reader = reads[suffix]
    expected = {"pyoxigraph", "rdflib"} | ({"rapper"} if FORMATS[suffix][0] else set())
    assert set(by_reader) == expected
    assert len(by_reader["pyoxigraph"]) > 9000
    first, *others = sorted(by_reader)
    for other in others:
        assert_same_graph(by_reader[first], by_reader[other], f"plankg{suffix}: {first} vs {other}")


def test_n_triples_file_has_one_statement_per_line(written, reads):
    lines = [line for line in written[".nt"].read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) == len(reads[".nt"]["rapper"])


def test_every_format_holds_the_same_graph(reads):
    """Turtle, N-Triples and JSON-LD hold the union of the graphs; TriG the graphs themselves."""
    reference = reads[".nt"]["rapper"]
    assert any(term[0] == "B" for t in reference for term in t)  # the ontology's class expressions
    assert_same_graph(reads[".ttl"]["rapper"], reference, "Turtle vs N-Triples (rapper)")
    assert_same_graph(reads[".jsonld"]["pyoxigraph"], reference, "JSON-LD (pyoxigraph) vs N-Triples (rapper)")
    trig = reads[".trig"]["rapper"]
    assert DEFAULT not in {q[3] for q in trig}  # every statement sits in a named graph
    assert ("I", "https://w3id.org/plankg/def") in {q[3] for q in trig}  # the ontology's graph
    assert_same_graph({q[:3] for q in trig}, reference, "TriG's union (rapper) vs N-Triples (rapper)")


@pytest.mark.parametrize("name", ONTOLOGY_FILES)
def test_ontology_files_read_alike(name):
    path = ROOT / "ontology" / name
    by_reader = {
        "rapper": read_rapper(path, "turtle", False),
        "pyoxigraph": read_oxigraph(path, "TURTLE", False),
        "rdflib": read_rdflib(path, "turtle", False),
    }
    assert len(by_reader["rapper"]) > 500
    for other in ("pyoxigraph", "rdflib"):
        assert_same_graph(by_reader["rapper"], by_reader[other], f"ontology/{name}: rapper vs {other}")


def test_the_comparison_can_fail():
    """A changed literal, a dropped triple and a blank node joined to another are all caught."""
    a = {(("I", "x"), ("I", "p"), ("L", "1", XSD_STRING, None)), (("B", "b1"), ("I", "p"), ("B", "b2"))}
    renamed = {(("I", "x"), ("I", "p"), ("L", "1", XSD_STRING, None)), (("B", "z1"), ("I", "p"), ("B", "z2"))}
    assert_same_graph(a, renamed, "renamed blank nodes")
    for bad in (
        {(("I", "x"), ("I", "p"), ("L", "1", RDF_LANG_STRING, "vi")), (("B", "b1"), ("I", "p"), ("B", "b2"))},
        {(("I", "x"), ("I", "p"), ("L", "1", XSD_STRING, None))},
        {(("I", "x"), ("I", "p"), ("L", "1", XSD_STRING, None)), (("B", "b1"), ("I", "p"), ("B", "b1"))},
    ):
        with pytest.raises(AssertionError):
            assert_same_graph(a, bad, "broken")


def test_rapper_output_is_split_into_terms_exactly():
    line = r'<http://e/s> <http://e/p> "L\u00E3nh \"th\u1ED5\"\n\U0001F600"@VI .'
    assert _split_line(line) == (
        ("I", "http://e/s"),
        ("I", "http://e/p"),
        ("L", 'Lãnh "thổ"\n😀', RDF_LANG_STRING, "vi"),
    )
    with pytest.raises(AssertionError):
        _split_line("<http://e/s> <http://e/p> .")
