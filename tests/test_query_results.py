"""Result formats: table (aligned by display width), CSV, TSV, JSON, Markdown, from Python and the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph_build.core.errors import QueryError
from graph_build.sparql import library as Q
from graph_build.sparql import results as R

from .query_support import BASE, LS

pytestmark = pytest.mark.usefixtures("default_graph_is_lang_son")


# ------------------------------------------------------------------------------------------
# Formats
# ------------------------------------------------------------------------------------------
def test_display_width_ignores_combining_marks_and_counts_wide_characters():
    assert R.display_width("Lạng Sơn") == 8
    assert R.display_width("La\u0323ng So\u031bn") == 8
    assert R.display_width("北京") == 4
    assert R.sparql_term(Literal('a\tb\n"c"')) == '"a\\tb\\n\\"c\\""'
    assert R.sparql_term(Literal("2030", datatype=XSD.gYear)) == '"2030"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    with pytest.raises(QueryError):
        R.sparql_term(URIRef("http://x/> } DROP ALL"))


def _cells_by_display_columns(line: str, starts: list[int]) -> list[str]:
    cells, column, current = [], 0, ""
    bounds = starts[1:] + [10**6]
    for ch in line:
        if column >= bounds[len(cells)]:
            cells.append(current)
            current = ""
        current += ch
        column += R.display_width(ch)
    cells.append(current)
    return [c.strip() for c in cells] + [""] * (len(starts) - len(cells))


def test_table_columns_align_by_display_width():
    result = Q.run_query("people")
    text = R.format_result(result, "table", max_width=None)
    lines = text.splitlines()
    rule = lines[1]
    starts = [0] + [i + 1 for i in range(len(rule) - 1) if rule[i] == " " and rule[i + 1] == "-"]
    assert _cells_by_display_columns(lines[0], starts) == result.vars
    for line, row in zip(lines[2:-1], result.rows, strict=True):
        assert _cells_by_display_columns(line, starts) == [R._human(t) for t in row]
    assert lines[-1] == "(7 rows)"
    cut = R.format_result(result, "table", max_width=12).splitlines()
    assert all(R.display_width(c) <= 12 for line in cut[2:-1] for c in line.split("  ") if c)
    assert "Phó Chủ tịc…" in cut[2]


def test_csv_tsv_json_md_follow_their_formats():
    result = Q.run_query("plan-decisions")
    rows = list(csv.reader(io.StringIO(R.format_result(result, "csv"), newline="")))
    assert rows[0] == result.vars and len(rows) == 4
    assert rows[1][:3] == [f"{BASE}{LS}/decision-748", "748/QĐ-TTg", "2020-06-03"] and rows[1][4] == ""
    assert R.format_result(result, "csv").endswith("\r\n")
    tsv = R.format_result(result, "tsv").splitlines()
    assert tsv[0].split("\t") == [f"?{v}" for v in result.vars]
    assert tsv[2].split("\t")[:3] == [
        f"<{BASE}{LS}/decision-236>",
        '"236/QĐ-TTg"',
        '"2024-03-19"^^<http://www.w3.org/2001/XMLSchema#date>',
    ]
    data = json.loads(R.format_result(result, "json"))
    assert data["head"]["vars"] == result.vars
    first = data["results"]["bindings"][0]
    assert first["decision"] == {"type": "uri", "value": f"{BASE}{LS}/decision-748"}
    assert first["label"]["xml:lang"] == "vi" and first["label"]["type"] == "literal"
    assert first["approves_plan"] == {
        "type": "literal",
        "value": "false",
        "datatype": "http://www.w3.org/2001/XMLSchema#boolean",
    }
    assert "signed_by" not in first  # unbound: left out, as the format says
    assert Q.parse_results_json(json.dumps(data)).rows == result.rows  # round trip
    md = R.format_result(result, "md").splitlines()
    assert md[0] == "| " + " | ".join(result.vars) + " |" and md[1] == "|---" * 6 + "|"
    assert md[3].startswith(f"| id:{LS}/decision-236 | 236/QĐ-TTg |")
    assert R.format_result(Q.run_sparql("ASK {}"), "json") == '{\n  "head": {},\n  "boolean": true\n}\n'
    with pytest.raises(QueryError, match="turtle or jsonld"):
        R.format_result(Q.run_sparql("CONSTRUCT WHERE { ?s a <urn:x> }"), "csv")


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "md"])
def test_cli_query_run_formats(cli, fmt):
    out = cli("query", "run", "partners", "--format", fmt, "-p", f"plan={LS}")
    assert out.exit_code == 0, out.output
    text = out.output
    if fmt == "json":
        data = json.loads(text)
        assert data["head"]["vars"] == ["partner", "label", "type"]
        assert [b["partner"]["value"] for b in data["results"]["bindings"]] == [
            f"{BASE}ref/asean",
            f"{BASE}ref/china",
            f"{BASE}ref/europe",
        ]
        assert all(
            set(b) <= {"partner", "label", "type"} and all(v["type"] in ("uri", "literal") for v in b.values())
            for b in data["results"]["bindings"]
        )
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(text)))[2] == [f"{BASE}ref/china", "Trung Quốc", "Country"]
    elif fmt == "tsv":
        assert text.splitlines()[3].split("\t") == [f"<{BASE}ref/europe>", '"Châu Âu"@vi', '"Region"']
    elif fmt == "md":
        assert "| id:ref/china | Trung Quốc | Country |" in text
    else:
        assert text.splitlines()[4].split() == ["id:ref/europe", "Châu", "Âu", "Region"]
        assert text.splitlines()[-1] == "(3 rows)"
