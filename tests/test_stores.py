"""Store backends: each answers every named query like rdflib's in-memory path; the persistent
store written by `plankg build --store` is whole or absent, and queries run from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from graph_build.core.errors import PlanError, QueryError
from graph_build.sparql import library as queries
from graph_build.stores import STORES, open_built_store, open_store, write_store

NAMES = [q.name for q in queries.list_queries()]
#: Parameter values that exercise each parameter type against the bundled plans.
EXTRA = {"search-labels": {"text": "lang son"}, "concerns-place": {"place": "lang-son"}}


def _rows(result):
    if result.kind == "ASK":
        return result.boolean
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        return set(result.graph)
    return result.vars, Counter(result.rows)


@pytest.fixture(scope="module")
def stores(bundled):
    out = {}
    for name in ("oxigraph", "rdflib"):
        store = open_store(name)
        store.load_build(bundled)
        out[name] = store
    return out


@pytest.fixture(scope="module")
def built_store(bundled, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "store"
    write_store(bundled, path)
    return path


def test_registry_names_every_backend():
    assert set(STORES) == {"oxigraph", "rdflib", "remote"}
    with pytest.raises(QueryError, match="unknown store"):
        open_store("nope")


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib", "persistent"])
@pytest.mark.parametrize("name", NAMES)
def test_each_backend_answers_like_rdflib(name, backend, stores, built_store, bundled_graph):
    expected = queries.run_query(name, EXTRA.get(name), graph=bundled_graph)
    if backend == "persistent":
        with open_built_store(built_store) as store:
            got = queries.run_query(name, EXTRA.get(name), store=store)
    else:
        got = queries.run_query(name, EXTRA.get(name), store=stores[backend])
    assert got.kind == expected.kind
    assert _rows(got) == _rows(expected)


def test_store_sizes_agree(stores, bundled_graph):
    assert len(stores["oxigraph"]) == len(stores["rdflib"])
    assert len(stores["oxigraph"].union_graph()) == len(bundled_graph)


def test_adhoc_queries_and_errors_on_oxigraph(stores):
    store = stores["oxigraph"]
    assert queries.run_sparql("ASK { ?s a <https://w3id.org/plankg/def#Breakthrough> }", store=store).boolean
    result = queries.run_sparql("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3", store=store)
    assert result.kind == "CONSTRUCT" and len(result.graph) == 3
    with pytest.raises(QueryError, match="refused"):
        queries.run_sparql("DELETE WHERE { ?s ?p ?o }", store=store)
    with pytest.raises(QueryError, match="syntax error"):
        queries.run_sparql("SELECT ?s WHERE { ?s ?p }", store=store)


def test_parameter_values_stay_values(stores):
    """A search text with quotes and braces is bound as one literal, never as query text."""
    result = queries.run_query("search-labels", {"text": 'x" } ; DROP ALL ; { "'}, store=stores["oxigraph"])
    assert result.rows == []


def test_store_is_replaced_whole_and_never_half_written(bundled, tmp_path, monkeypatch):
    path = tmp_path / "store"
    write_store(bundled, path)
    before = sorted(p.name for p in path.iterdir())

    from graph_build.stores import oxigraph_store

    def broken(self, result):
        raise RuntimeError("disk full")

    monkeypatch.setattr(oxigraph_store.OxigraphStore, "load_build", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        write_store(bundled, path)
    assert sorted(p.name for p in path.iterdir()) == before  # the previous store, untouched
    assert [p.name for p in tmp_path.iterdir()] == ["store"]  # no temporary folder left behind
    with open_built_store(path) as store:
        assert len(store) > 1000


def test_refuses_to_replace_a_folder_that_is_not_a_store(bundled, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(PlanError, match="not a plankg store"):
        write_store(bundled, folder)
    assert (folder / "notes.txt").read_text() == "keep me"
    with pytest.raises(QueryError, match="not a plankg store"):
        open_built_store(folder)


@pytest.mark.slow
def test_build_store_then_query_in_real_subprocesses(tmp_path):
    # the console script installed with this interpreter (scripts/test.sh does not put the venv on PATH)
    plankg = str(Path(sys.executable).with_name("plankg"))
    assert Path(plankg).is_file(), f"no plankg console script beside {sys.executable}: pip install -e ."
    env = {**os.environ, "PYTHONHASHSEED": "7"}
    store = tmp_path / "store"
    subprocess.run(
        [plankg, "build", "--out", str(tmp_path / "out"), "--format", "nt", "--no-shacl", "--store", str(store), "-q"],
        check=True,
        env=env,
        capture_output=True,
    )
    assert (store / "manifest.json").is_file()
    run = subprocess.run(
        [plankg, "query", "run", "partners", "--store", str(store), "--format", "csv"],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.stdout.splitlines()[0].startswith("partner")
    assert {"asean", "china", "europe"} <= {line.split(",")[0].rsplit("/", 1)[-1] for line in run.stdout.splitlines()}
    sparql = subprocess.run(
        [plankg, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store), "--format", "csv"],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    assert int(sparql.stdout.splitlines()[1]) > 1000
    missing = subprocess.run(
        [plankg, "query", "run", "partners", "--store", str(tmp_path)], env=env, capture_output=True, text=True
    )
    assert missing.returncode == 2 and "not a plankg store" in missing.stderr


def test_shacl_cache_revalidates_only_the_edited_plan(tmp_path):
    """Rebuilding after editing one plan runs SHACL on that plan alone; findings are the same."""
    from graph_build import build

    plans = tmp_path / "plans"
    for name in ("bac-kan-2021-2030", "thai-nguyen-2021-2030"):
        shutil.copytree(Path(__file__).parents[1] / "plans" / name, plans / name)
    paths = sorted(plans.iterdir())
    cache = tmp_path / "cache"
    first = build(paths, shacl_cache=cache)
    assert sorted(first.shacl_validated) == ["bac-kan-2021-2030", "reference", "thai-nguyen-2021-2030"]
    again = build(paths, shacl_cache=cache)
    assert again.shacl_validated == []
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]
    plan_file = plans / "bac-kan-2021-2030" / "plan.yaml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = build(paths, shacl_cache=cache)
    assert edited.shacl_validated == ["bac-kan-2021-2030"]
    assert [str(p) for p in edited.problems] == [str(p) for p in first.problems]
