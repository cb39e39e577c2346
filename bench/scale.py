"""Benchmark: plankg at national scale (10^5 and 10^6 triples), per store backend.

Synthetic plan folders are written in plankg's own plan-file format
(``bench/synth.py``: a national plan, six regional plans, 34 or 63 provincial
plans, hundreds of projects each) next to the bundled plans, then measured
through the library's real path. Each size runs in its own process, so peak
memory (max RSS) is that size's. Not part of the unit tests; run it by hand:

    python bench/scale.py --sizes 1e5,1e6

Prints a Markdown table and writes ``bench/results/scale.json`` and
``bench/results/scale.md``; each step is appended to ``bench/results/scale.jsonl``
as soon as it is measured (bench/record.py). Measured per size:

* the whole build as the target names it — plan files → validated graph →
  Turtle + N-Triples (``api.build(shacl=True)`` then ``api.write``), with the
  time of each step — and, in the same process, the floor: pyoxigraph merely
  loading the N-Triples just written (best of three); their ratio;
* the same without SHACL, and a rebuild after editing one plan with the SHACL
  cache; peak memory (max RSS) after the builds;
* plankg's SHACL engine against pySHACL on the same plans (all plans at
  ≤ 2·10^5 triples, else a sample);
* writing each format (turtle, nt, jsonld, trig) on its own;
* per backend (oxigraph in memory, oxigraph persistent, rdflib): load time,
  p50/p95 of every named query over 5 runs through ``queries.run_query`` (rdflib:
  warmed up once, then up to 5 runs per query in a forked child, a first run
  over 60 s reported as "> 60 s");
* opening the persistent store and answering a query;
* every named query through ``plankg serve --store`` over HTTP (``GET
  /queries/NAME``, defaults bound), p50/p95 over 5 runs (target: p50 < 1 s at
  10^6); ``--serve-only`` runs just this step (after a build without SHACL);
* view generation for 100 / 1 000 / 10 000 nodes (bench/views.py) and the
  CLI start-up (``plankg --help``, ``plankg query run plan-overview --store``).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from record import Record, plankg, timed  # noqa: E402 (bench/ is on sys.path from here)

RDFLIB_CAP_S = 60.0
OX_REPEATS = 5


def _rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def _percentiles(times: list[float]) -> dict:
    ordered = sorted(times)
    return {
        "p50_s": round(statistics.median(ordered), 4),
        "p95_s": round(ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))], 4),
    }


def _query_times(store, names, repeats):
    from graph_build.sparql import library as queries

    out = {}
    for name in names:
        times, rows = [], None
        for _ in range(repeats):
            t, result = timed(queries.run_query, name, store=store)
            times.append(t)
            rows = len(result.rows) if result.kind == "SELECT" else None
        out[name] = {**_percentiles(times), "rows": rows}
    return out


def _serve_query_times(store_path: Path, names, repeats) -> dict:
    """Every named query through `plankg serve --store` over HTTP (GET /queries/NAME, its defaults).

    The command is the one beside this interpreter (the venv's bin/). The row,
    answer and memory limits are raised so the largest answers are measured,
    not refused; one worker per core, as the docs recommend.
    """
    import urllib.error
    import urllib.request

    plankg = Path(sys.executable).parent / "plankg"
    process = subprocess.Popen(
        [
            str(plankg),
            "serve",
            "--store",
            str(store_path),
            "--port",
            "0",
            "--timeout",
            "120",
            "-q",
            "--workers",
            str(os.cpu_count() or 2),
            "--max-rows",
            "10000000",
            "--max-answer-bytes",
            str(2**31),
            "--max-memory",
            "8192",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    out: dict = {}
    try:
        url = process.stdout.readline().strip()
        if not url.startswith("http://"):
            return {name: {"error": f"plankg serve did not start (exit {process.wait()})"} for name in names}
        base = url.rsplit("/", 1)[0]
        for name in names:
            times, rows, error = [], None, None
            for _ in range(repeats):
                start = time.perf_counter()
                try:
                    with urllib.request.urlopen(f"{base}/queries/{name}?format=json", timeout=300) as response:
                        body = response.read()
                except urllib.error.HTTPError as exc:
                    error = f"HTTP {exc.code}: {exc.read(200).decode('utf-8', 'replace').strip()}"
                    break
                times.append(time.perf_counter() - start)
                answer = json.loads(body) if body.startswith(b"{") else {}
                rows = len(answer["results"]["bindings"]) if "results" in answer else None
            out[name] = {"error": error} if error else {**_percentiles(times), "rows": rows}
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    return out


def _rdflib_child(conn, store, name):
    """Run the query up to OX_REPEATS times, sending each time; stop before the runs pass the cap."""
    from graph_build.sparql import library as queries

    try:
        spent = 0.0
        for _ in range(OX_REPEATS):
            t, _ = timed(queries.run_query, name, store=store)
            conn.send(t)
            spent += t
            if spent + t > RDFLIB_CAP_S:
                break
    except Exception as exc:  # noqa: BLE001 - reported in the table
        conn.send(f"{type(exc).__name__}: {exc}")
    conn.send(None)


def _rdflib_query_times(store, names):
    """p50/p95 of up to OX_REPEATS runs per query, like Oxigraph's, in a forked child (rdflib
    cannot be interrupted); a query whose first run passes 60 s is reported as "> 60 s".

    rdflib's SPARQL machinery is warmed up once before forking, so that the first run of each
    query does not carry rdflib's one-time set-up (~30-60 ms), which would flatter Oxigraph on the
    queries both engines answer in milliseconds. The first run is reported too (``first_s``).
    """
    from graph_build.sparql import library as queries

    queries.run_sparql("ASK { ?s ?p ?o }", store=store)
    ctx = mp.get_context("fork")
    out = {}
    for name in names:
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_rdflib_child, args=(child, store, name))
        started = time.monotonic()
        proc.start()
        times, error = [], None
        while True:
            # the first run must finish within the cap; later ones stop themselves before 2x the cap
            wait = started + (RDFLIB_CAP_S if not times else 2 * RDFLIB_CAP_S) - time.monotonic()
            if not parent.poll(max(wait, 0)):
                break
            value = parent.recv()
            if value is None:
                break
            if isinstance(value, str):
                error = value
                break
            times.append(value)
        proc.kill()
        proc.join()
        if error:
            out[name] = {"error": error}
        elif not times:
            out[name] = {"p50_s": None, "p95_s": None, "timeout": f"> {RDFLIB_CAP_S:.0f} s"}
        else:
            out[name] = {**_percentiles(times), "runs": len(times), "first_s": round(times[0], 4)}
    return out


def _slowest_p50(queries: dict) -> str:
    errors = [name for name, q in queries.items() if q.get("error")]
    if errors:
        return f"errors in {', '.join(errors)}"
    name = max(queries, key=lambda n: queries[n]["p50_s"])
    return f"{queries[name]['p50_s']:.3f} s ({name})"


def measure_size(size: float, work: Path, shacl_sample: int, serve_only: bool = False) -> dict:
    import pyoxigraph as ox
    import synth

    from graph_build.core import resources
    from graph_build.pipeline import api
    from graph_build.shacl.validate import validate_graph
    from graph_build.sparql import library as queries
    from graph_build.stores import open_built_store, open_store, write_store

    report: dict = {"target_triples": size}
    plans_dir = work / "plans"
    t, synth_plans = timed(synth.generate, plans_dir, size)
    report["generate_s"] = round(t, 2)
    paths = [*resources.bundled_plans(), *synth_plans]
    report["plans"] = len(paths)
    report["yaml_bytes"] = sum((p / "plan.yaml").stat().st_size for p in synth_plans)

    names = [q.name for q in queries.list_queries()]
    if serve_only:  # --serve-only: the store and the HTTP step alone
        result = api.build(paths, shacl=False)
        report["triples"] = len(result.triples)
        write_store(result, work / "store")
        del result
        serve = _serve_query_times(work / "store", names, OX_REPEATS)
        print(f"[{size:g}] plankg serve: slowest p50 {_slowest_p50(serve)}", file=sys.stderr, flush=True)
        report["backends"] = {"plankg serve over HTTP (persistent store)": {"queries": serve}}
        return report

    out = work / "out"
    nt = out / "plankg.nt"

    def floor() -> float:
        """pyoxigraph merely loading the N-Triples just written: the best of three."""
        times = []
        for _ in range(3):
            t, _ = timed(lambda: ox.Store().load(path=str(nt), format=ox.RdfFormat.N_TRIPLES))
            times.append(t)
        return min(times)

    def whole_build(**options) -> tuple[dict, object]:
        """plan files → validated graph → Turtle + N-Triples, as `plankg build --format turtle --format nt`."""
        steps: list = []
        start = time.perf_counter()
        result = api.build(
            paths, progress=lambda m: steps.append((round(time.perf_counter() - start, 2), m)), **options
        )
        built = time.perf_counter() - start
        api.write(result, out, formats=["turtle", "nt"])
        total = time.perf_counter() - start
        return {
            "seconds": round(total, 2),
            "build_s": round(built, 2),
            "write_s": round(total - built, 2),
            "steps": steps,
            "errors": len(result.errors),
            "shacl_validated": len(result.shacl_validated),
        }, result

    # 1. the whole build, every plan validated (a first build: nothing cached)
    report["whole_build"], result = whole_build(shacl=True)
    report["floor_pyoxigraph_load_nt_s"] = round(floor(), 3)
    triples = len(result.triples)
    report.update(triples=triples, build_triples_per_s=round(triples / report["whole_build"]["seconds"]))
    report["whole_build_over_floor"] = round(report["whole_build"]["seconds"] / report["floor_pyoxigraph_load_nt_s"], 1)
    record = Record("scale")  # joins the run main() started
    record.step(
        f"{size:g} whole build", triples=triples, **report["whole_build"], over_floor=report["whole_build_over_floor"]
    )

    # 2. the same without SHACL, and a rebuild after one plan changed (SHACL findings cached per plan)
    report["whole_build_no_shacl"], _ = whole_build(shacl=False)
    cache = work / "shacl-cache"
    whole_build(shacl=True, shacl_cache=cache)  # fills the cache
    edited = synth_plans[-1] / "plan.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    report["rebuild_one_plan_changed"], _ = whole_build(shacl=True, shacl_cache=cache)
    report["rss_after_builds_gib"] = round(_rss_gib(), 2)  # before rdflib graphs are made below
    record.step(
        f"{size:g} builds",
        without_shacl=report["whole_build_no_shacl"],
        one_plan_changed=report["rebuild_one_plan_changed"],
    )

    # 3. SHACL: plankg's engine against pySHACL (the reference) on the same plans
    from graph_build.shacl import validate as shacl

    plan_ids = [ds.id for ds in result.plans]
    sample = plan_ids if triples <= 2e5 else [i for i in plan_ids if i.startswith("synth-p")][:shacl_sample]
    fast = sum(timed(shacl.validate_triples, result.selected_triples([pid]))[0] for pid in sample)
    reference = sum(timed(validate_graph, result.graph(plans=[pid]))[0] for pid in sample)
    report["shacl_engines"] = {
        "plans": len(sample),
        "triples": sum(len(result.selected_triples([p])) for p in sample),
        "plankg_s": round(fast, 2),
        "pyshacl_s": round(reference, 2),
        "pyshacl_over_plankg": round(reference / max(fast, 1e-6), 1),
    }

    # 4. each format on its own
    report["write_s"] = {}
    for fmt in ("nt", "turtle", "trig", "jsonld"):
        t, files = timed(api.write, result, out, formats=[fmt])
        report["write_s"][fmt] = round(t, 2)
        report.setdefault("file_bytes", {})[fmt] = files[0].stat().st_size
    record.step(f"{size:g} shacl engines and writes", shacl_engines=report["shacl_engines"], write_s=report["write_s"])

    backends: dict = {}

    t, store = timed(open_store, "oxigraph")
    t2, _ = timed(store.load_build, result)
    backends["oxigraph (memory)"] = {"load_s": round(t + t2, 2), "queries": _query_times(store, names, OX_REPEATS)}
    del store

    store_path = work / "store"
    t, _ = timed(write_store, result, store_path)
    t_open, store = timed(open_built_store, store_path)
    t_first, _ = timed(queries.run_sparql, "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }", store=store)
    size_bytes = sum(p.stat().st_size for p in store_path.rglob("*") if p.is_file())
    backends["oxigraph (persistent)"] = {
        "write_store_s": round(t, 2),
        "open_s": round(t_open, 3),
        "open_and_first_query_s": round(t_open + t_first, 3),
        "store_bytes": size_bytes,
        "queries": _query_times(store, names, OX_REPEATS),
    }
    store.close()
    del store
    record.step(f"{size:g} oxigraph", **backends)

    serve = _serve_query_times(store_path, names, OX_REPEATS)
    backends["plankg serve over HTTP (persistent store)"] = {"queries": serve}
    print(f"[{size:g}] plankg serve: slowest p50 {_slowest_p50(serve)}", file=sys.stderr, flush=True)

    t, store = timed(open_store, "rdflib")
    t2, _ = timed(store.load_build, result)
    backends["rdflib (memory)"] = {"load_s": round(t + t2, 2), "queries": _rdflib_query_times(store, names)}
    del store
    record.step(f"{size:g} rdflib", **backends["rdflib (memory)"])
    report["backends"] = backends
    report["peak_rss_gib"] = round(_rss_gib(), 2)
    return report


def measure_cli(store_path: Path) -> dict:
    def best(cmd, n=5):
        times = []
        for _ in range(n):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        return round(min(times), 3), round(statistics.median(times), 3)

    # this interpreter's plankg (python -m graph_build), whatever PATH holds
    subprocess.run(
        plankg(
            "build",
            "--out",
            str(store_path.parent / "out"),
            "--format",
            "nt",
            "--no-shacl",
            "--store",
            str(store_path),
            "-q",
        ),
        check=True,
        capture_output=True,
    )
    help_best, help_median = best(plankg("--help"))
    run_best, run_median = best(plankg("query", "run", "plan-overview", "--store", str(store_path)))
    build_best, build_median = best(plankg("query", "run", "plan-overview"), n=2)
    return {
        "help_s": {"best": help_best, "median": help_median},
        "query_run_store_s": {"best": run_best, "median": run_median},
        "query_run_rebuild_s": {"best": build_best, "median": build_median},
    }


def measure_views() -> list[dict]:
    import views as bench_views
    from playwright.sync_api import sync_playwright

    from graph_build.views import generate as V

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = V.launch_chromium(p)
        try:
            for n in (100, 1000, 10000):
                rows.append(bench_views.measure(n, Path(tmp), browser))
        finally:
            browser.close()
    return rows


def _child(size: float, shacl_sample: int, conn, serve_only: bool = False) -> None:
    with tempfile.TemporaryDirectory(prefix="plankg-scale-") as tmp:
        conn.send(measure_size(size, Path(tmp), shacl_sample, serve_only))


def markdown(result: dict) -> str:
    lines = [f"# plankg at scale ({result['date']}, {result['machine']}, Python {result['python']})", ""]
    for r in result["sizes"]:
        serve = r["backends"].get("plankg serve over HTTP (persistent store)", {}).get("queries")
        if "whole_build" not in r:  # --serve-only
            lines += [
                f"## {r['triples']:,} triples ({r['plans']} plans): `plankg serve --store` over HTTP",
                "",
                f"Slowest p50: {_slowest_p50(serve)} (target < 1 s at 10^6).",
                "",
                "| query | p50 | p95 | rows |",
                "|---|---:|---:|---:|",
            ]
            for name, q in serve.items():
                lines.append(
                    f"| {name} | {q['error']} | | |"
                    if q.get("error")
                    else f"| {name} | {q['p50_s']:.3f} s | {q['p95_s']:.3f} s | {q['rows']} |"
                )
            lines.append("")
            continue
        lines += [
            f"## {r['triples']:,} triples ({r['plans']} plans)",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| **whole build**: plan files → validated graph → Turtle + N-Triples (`--shacl always`) "
            f"| **{r['whole_build']['seconds']} s** ({r['build_triples_per_s']:,} triples/s) |",
            f"| floor: pyoxigraph loads the N-Triples (best of 3, same run) | {r['floor_pyoxigraph_load_nt_s']} s |",
            f"| **whole build ÷ floor** (target ≤ 10×) | **{r['whole_build_over_floor']}×** |",
            "| steps of the whole build | "
            + "; ".join(f"{m} at {t} s" for t, m in r["whole_build"]["steps"])
            + f"; Turtle + N-Triples written at {r['whole_build']['seconds']} s |",
            f"| whole build without SHACL | {r['whole_build_no_shacl']['seconds']} s "
            f"({r['whole_build_no_shacl']['seconds'] / r['floor_pyoxigraph_load_nt_s']:.1f}× the floor) |",
            f"| rebuild after editing one plan (SHACL cache) | {r['rebuild_one_plan_changed']['seconds']} s "
            f"({r['rebuild_one_plan_changed']['shacl_validated']} dataset(s) validated) |",
            f"| SHACL on {r['shacl_engines']['plans']} plans ({r['shacl_engines']['triples']:,} triples): "
            f"plankg's engine / pySHACL | {r['shacl_engines']['plankg_s']} s / {r['shacl_engines']['pyshacl_s']} s "
            f"({r['shacl_engines']['pyshacl_over_plankg']}×) |",
        ]
        for fmt, s in r["write_s"].items():
            lines.append(f"| write {fmt} alone ({r['file_bytes'][fmt] / 1e6:.0f} MB) | {s} s |")
        lines += [
            f"| peak memory of the builds (max RSS; target < 4 GiB) | {r['rss_after_builds_gib']} GiB |",
            f"| peak memory of the whole run, rdflib store included | {r['peak_rss_gib']} GiB |",
        ]
        p = r["backends"]["oxigraph (persistent)"]
        lines += [
            f"| write persistent store | {p['write_store_s']} s ({p['store_bytes'] / 1e6:.0f} MB) |",
            f"| open persistent store + first query | {p['open_and_first_query_s']} s |",
            "",
        ]
        names = list(r["backends"]["oxigraph (memory)"]["queries"])
        heads = list(r["backends"])
        lines += [
            "| query | " + " | ".join(f"{h} p50 / p95" for h in heads) + " | rdflib ÷ oxigraph |",
            "|---|" + "---:|" * (len(heads) + 1),
        ]
        for name in names:
            cells, ox50 = [], r["backends"]["oxigraph (memory)"]["queries"][name]["p50_s"]
            for h in heads:
                q = r["backends"][h]["queries"][name]
                if q.get("timeout"):
                    cells.append(q["timeout"])
                elif q.get("error"):
                    cells.append("error")
                else:
                    cells.append(f"{q['p50_s']:.3f} / {q['p95_s']:.3f} s")
            rq = r["backends"]["rdflib (memory)"]["queries"][name]
            ratio = f"{rq['p50_s'] / max(ox50, 1e-4):.1f}×" if rq.get("p50_s") else rq.get("timeout", "—")
            lines.append(f"| {name} | " + " | ".join(cells) + f" | {ratio} |")
        lines.append("")
    if result.get("cli"):
        c = result["cli"]
        lines += [
            "## Start-up (bundled plans)",
            "",
            "| command | best | median |",
            "|---|---:|---:|",
            f"| `plankg --help` | {c['help_s']['best']} s | {c['help_s']['median']} s |",
            f"| `plankg query run plan-overview --store out/store` | {c['query_run_store_s']['best']} s "
            f"| {c['query_run_store_s']['median']} s |",
            f"| `plankg query run plan-overview` (rebuilds) | {c['query_run_rebuild_s']['best']} s "
            f"| {c['query_run_rebuild_s']['median']} s |",
            "",
        ]
    if result.get("views"):
        lines += ["## Views", "", "| nodes | generation | drawn by headless chromium |", "|---:|---:|---:|"]
        lines += [f"| {v['nodes']} | {v['generation_s']} s | {v['time_to_drawn_s']} s |" for v in result["views"]]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e5,1e6", help="Target triple counts, comma-separated.")
    parser.add_argument("--shacl-sample", type=int, default=3, help="Plans validated above 2·10^5 triples.")
    parser.add_argument("--no-views", action="store_true")
    parser.add_argument(
        "--serve-only",
        action="store_true",
        help="Only answer every named query through `plankg serve --store` over HTTP.",
    )
    parser.add_argument("--out", type=Path, default=HERE / "results" / "scale.json")
    args = parser.parse_args(argv)
    record = Record("scale", **{k: str(v) for k, v in vars(args).items()})
    result = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "date": time.strftime("%Y-%m-%d"),
        "sizes": [],
    }
    ctx = mp.get_context("spawn")
    for size in (float(s) for s in args.sizes.split(",")):
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(size, args.shacl_sample, child, args.serve_only))
        proc.start()
        result["sizes"].append(parent.recv())
        proc.join()
        _save(result, args.out)  # after each size: a long run keeps what it measured
    if args.serve_only:
        print(_save(result, args.out))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        result["cli"] = measure_cli(Path(tmp) / "store")
    record.step("cli", command=plankg(), **result["cli"])
    _save(result, args.out)
    if not args.no_views:
        result["views"] = measure_views()
        record.step("views", views=result["views"])
    print(_save(result, args.out))
    return 0


def _save(result: dict, out: Path) -> str:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    table = markdown(result)
    out.with_suffix(".md").write_text(table, encoding="utf-8")
    return table


if __name__ == "__main__":
    sys.exit(main())
