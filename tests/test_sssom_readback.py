"""The SSSOM that plankg writes is read back by sssom-py, the SSSOM reference implementation.

Both mapping sets are checked: the suggestions ``plankg link`` writes
(``links/suggested.sssom.tsv`` and ``links/suggested.ttl``) and the accepted
links the build carries in its links graph (from ``links/accepted.sssom.tsv``).
For each, sssom-py's RDF reader (``sssom parse -I rdf`` and the Python API)
gives the same mappings as its TSV reader does on the table, field by field,
and ``sssom validate`` passes the table.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from graph_build.core import resources
from graph_build.rdf.serialize import to_turtle
from graph_build.rdf.sssom import COLUMNS

pytestmark = pytest.mark.slow

#: The SSSOM fields plankg writes (its TSV columns); both readers must agree on each.
FIELDS = COLUMNS


def sssom_command(*args: str) -> subprocess.CompletedProcess:
    """sssom-py's own command, from the environment the tests run in."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "sssom"), *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def suggested(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("link")
    done = subprocess.run(
        [sys.executable, "-m", "graph_build", "link", "--all", "--out", str(out), "-q"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return out / "links"


@pytest.fixture(scope="module")
def accepted_rdf(bundled, tmp_path_factory) -> Path:
    """The links graph of the bundled build, as a Turtle file."""
    links = Graph()
    for name, graph in bundled.named_graphs():
        if name == bundled.links_graph_iri:
            links = graph
    assert len(links) > 0
    path = tmp_path_factory.mktemp("accepted") / "accepted.ttl"
    path.write_bytes(to_turtle(links))
    return path


def rows(msdf) -> set[tuple]:
    """Every mapping as a tuple of FIELDS, CURIEs expanded with the set's own prefix map."""
    frame = msdf.df
    converter = msdf.converter
    found = set()
    for record in frame.to_dict("records"):
        row = []
        for field in FIELDS:
            value = record.get(field)
            if value is None or value != value:  # absent, or pandas' NaN
                value = ""
            if field.endswith("_id") or field == "mapping_justification":
                value = converter.expand(value) or value
            if field == "confidence":
                value = round(float(value), 3) if value != "" else ""
            row.append(value)
        found.add(tuple(row))
    return found


def read_table(path: Path):
    from sssom.parsers import parse_sssom_table

    return parse_sssom_table(path)


def read_rdf(path: Path):
    from sssom.parsers import from_sssom_rdf

    return from_sssom_rdf(Graph().parse(path, format="turtle"))


def test_suggested_links_read_back_from_rdf_as_from_the_table(suggested):
    table, rdf = read_table(suggested / "suggested.sssom.tsv"), read_rdf(suggested / "suggested.ttl")
    expected = rows(table)
    assert len(expected) > 20
    assert rows(rdf) == expected
    assert rdf.metadata["mapping_set_id"] == table.metadata["mapping_set_id"]
    assert rdf.metadata["license"] == table.metadata["license"]


def test_accepted_links_in_the_build_read_back_as_the_table(accepted_rdf):
    table = read_table(resources.accepted_links())
    rdf = read_rdf(accepted_rdf)
    assert len(rows(table)) > 20
    assert rows(rdf) == rows(table)
    assert rdf.metadata["mapping_set_id"] == table.metadata["mapping_set_id"]


def test_the_sssom_command_parses_and_converts_the_rdf(suggested, accepted_rdf, tmp_path):
    for source in (suggested / "suggested.ttl", accepted_rdf):
        parsed = sssom_command("parse", "-I", "rdf", str(source), "-o", str(tmp_path / f"{source.stem}.tsv"))
        assert parsed.returncode == 0, parsed.stderr
        assert rows(read_table(tmp_path / f"{source.stem}.tsv")) == rows(read_rdf(source))
    converted = sssom_command(
        "convert", str(suggested / "suggested.sssom.tsv"), "-O", "rdf", "-o", str(tmp_path / "c.ttl")
    )
    assert converted.returncode == 0, converted.stderr
    assert rows(read_rdf(tmp_path / "c.ttl")) == rows(read_rdf(suggested / "suggested.ttl"))


@pytest.mark.parametrize("which", ["suggested", "accepted"])
def test_sssom_validate_passes_both_tables(suggested, which):
    table = suggested / "suggested.sssom.tsv" if which == "suggested" else resources.accepted_links()
    done = sssom_command("validate", str(table))
    assert done.returncode == 0, done.stdout + done.stderr
