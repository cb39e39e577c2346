"""Benchmark: why `plans` and `plan-hierarchy` stay near 13 ms on Oxigraph at 10^6 triples.

Both queries find a few dozen plans, then look up each plan's labels in an
OPTIONAL. rdflib answers them in 0.07–0.13 s (mostly its fixed cost of parsing
the query), so the issue's "≥ 10× faster than rdflib" needs Oxigraph under
~7 ms. This script times, on the same synthetic national-scale graph, the
shipped `plans` query against ways of writing the label lookup that a SPARQL
engine could evaluate per plan instead of over every label in the graph, and
against the floors: the query without labels, one plan's labels by constant
subject, and a FILTER EXISTS on the labels (evaluated per row).

    python bench/label_joins.py --triples 1e6

Prints one line per variant: p50 over 15 runs, rows, and whether the rows
equal the shipped query's; then `plans` and `plan-hierarchy` through plankg's
Oxigraph and rdflib stores (`queries.run_query`, p50 of 5) and their ratio.
Not part of the unit tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from record import Record  # noqa: E402 (bench/ is on sys.path from here)

REPEATS = 15

PREFIXES = """PREFIX pk:   <https://w3id.org/plankg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
PLAN_PERIOD = "?plan pk:periodStart ?period_start ; pk:periodEnd ?period_end ."
LABELS = """OPTIONAL { ?plan rdfs:label ?label_vi FILTER(LANGMATCHES(LANG(?label_vi), "vi")) }
  OPTIONAL { ?plan rdfs:label ?label_en FILTER(LANGMATCHES(LANG(?label_en), "en")) }"""
LABEL = 'BIND(COALESCE(?label_vi, ?label_en, REPLACE(STR(?plan), "^.*[/#]", "")) AS ?label)'
SELECT = "SELECT ?plan ?label ?period_start ?period_end ?vision_year"


def variants(plan_iris: list[str]) -> dict[str, str]:
    """Name → query text (PREFIXES go before it). Every variant but the floors returns the shipped query's rows."""
    from graph_build.sparql.library import get_query

    values = " ".join(f"<{iri}>" for iri in plan_iris)
    return {
        "shipped plans.rq": get_query("plans").text,
        "labels from a sub-select of the plans": f"""{SELECT} WHERE {{
  {{ SELECT ?plan ?period_start ?period_end WHERE {{ {PLAN_PERIOD} }} }}
  OPTIONAL {{ ?plan pk:visionYear ?vision_year }}
  {LABELS}
  {LABEL} }} ORDER BY ?plan""",
        "labels inside LATERAL": f"""{SELECT} WHERE {{
  {PLAN_PERIOD}
  OPTIONAL {{ ?plan pk:visionYear ?vision_year }}
  LATERAL {{ {LABELS} }}
  {LABEL} }} ORDER BY ?plan""",
        "plans given as VALUES": f"""{SELECT} WHERE {{
  VALUES ?plan {{ {values} }}
  {PLAN_PERIOD}
  OPTIONAL {{ ?plan pk:visionYear ?vision_year }}
  {LABELS}
  {LABEL} }} ORDER BY ?plan""",
        "one OPTIONAL, labels picked by GROUP BY": f"""SELECT ?plan
  (COALESCE(SAMPLE(?vi), SAMPLE(?en), REPLACE(STR(?plan), "^.*[/#]", "")) AS ?label)
  ?period_start ?period_end ?vision_year WHERE {{
  {PLAN_PERIOD}
  OPTIONAL {{ ?plan pk:visionYear ?vision_year }}
  OPTIONAL {{ ?plan rdfs:label ?any
             BIND(IF(LANGMATCHES(LANG(?any), "vi"), ?any, ?none) AS ?vi)
             BIND(IF(LANGMATCHES(LANG(?any), "en"), ?any, ?none) AS ?en) }}
}} GROUP BY ?plan ?period_start ?period_end ?vision_year ORDER BY ?plan""",
        "floor: no labels": f"""SELECT ?plan ?period_start ?period_end ?vision_year WHERE {{
  {PLAN_PERIOD}
  OPTIONAL {{ ?plan pk:visionYear ?vision_year }} }} ORDER BY ?plan""",
        "floor: labels only tested by FILTER EXISTS": f"""SELECT ?plan WHERE {{
  {PLAN_PERIOD}
  FILTER EXISTS {{ ?plan rdfs:label ?label }} }}""",
        "floor: one plan's labels, constant subject": f"SELECT ?label WHERE {{ <{plan_iris[0]}> rdfs:label ?label }}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=float, default=1e6, help="Size of the synthetic graph.")
    args = parser.parse_args(argv)
    record = Record("label_joins", triples=args.triples)

    import pyoxigraph as ox
    import synth

    from graph_build.core import resources
    from graph_build.pipeline import api
    from graph_build.sparql import library as queries
    from graph_build.stores import open_store

    with tempfile.TemporaryDirectory(prefix="plankg-labels-") as work:
        print(f"generating and building ~{args.triples:.0e} triples …", file=sys.stderr, flush=True)
        plans = [*resources.bundled_plans(), *synth.generate(Path(work) / "plans", args.triples)]
        result = api.build(plans, shacl=False)
        backends = {name: open_store(name) for name in ("oxigraph", "rdflib")}
        for backend in backends.values():
            backend.load_build(result)
    store = backends["oxigraph"].store  # the pyoxigraph Store itself, for queries as written here
    labels = sum(
        1 for _ in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None, None)
    )
    plan_iris = sorted(
        str(row[0].value)
        for row in store.query(PREFIXES + f"SELECT ?plan WHERE {{ {PLAN_PERIOD} }}", use_default_graph_as_union=True)
    )
    print(f"{len(store):,} quads, {labels:,} rdfs:label triples, {len(plan_iris)} plans (pyoxigraph {ox.__version__})")
    reference = None
    for name, text in variants(plan_iris).items():
        query = PREFIXES + text  # the shipped query declares the same prefixes again: allowed
        times, rows = [], []
        for _ in range(REPEATS):
            started = time.perf_counter()
            rows = [
                tuple(None if term is None else str(term) for term in row)
                for row in store.query(query, use_default_graph_as_union=True)
            ]
            times.append(time.perf_counter() - started)
        if reference is None:
            reference = rows
        same = (
            "the reference"
            if rows is reference
            else ""
            if name.startswith("floor")
            else "same rows"
            if rows == reference
            else "DIFFERENT ROWS"
        )
        print(f"{name:45s} p50 {statistics.median(times) * 1000:8.2f} ms  {len(rows):5d} rows  {same}")
        record.step(name, p50_ms=round(statistics.median(times) * 1000, 2), rows=len(rows), same=same)
    for name in ("plans", "plan-hierarchy"):
        p50 = {}
        for backend, backend_store in backends.items():
            times = []
            for _ in range(5):
                started = time.perf_counter()
                queries.run_query(name, store=backend_store)
                times.append(time.perf_counter() - started)
            p50[backend] = statistics.median(times)
        record.step(
            f"named query {name}",
            oxigraph_p50_ms=round(p50["oxigraph"] * 1000, 1),
            rdflib_p50_ms=round(p50["rdflib"] * 1000, 1),
            rdflib_over_oxigraph=round(p50["rdflib"] / p50["oxigraph"], 1),
        )
        print(
            f"{name}: oxigraph {p50['oxigraph'] * 1000:.1f} ms, rdflib {p50['rdflib'] * 1000:.1f} ms, "
            f"rdflib ÷ oxigraph {p50['rdflib'] / p50['oxigraph']:.1f}×"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
