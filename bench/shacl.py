"""Benchmark: SHACL validation, the fast engine (shacl.validate_triples) against pySHACL.

Synthetic plan folders (``bench/synth.py``) are built together with the bundled
plans — provincial plans refer to regional ones, so they must be built together —
with ``api.build(paths, shacl=False)``. Then every dataset is validated as
``plankg build`` validates it (``api._shacl_dataset``): each plan together with
the reference data, and the reference data alone. The fast engine validates
all of them; pySHACL (``shacl.validate_graph``) a sample of synthetic
provincial plans, the same data as the fast engine, and the two must give the
same results there. Not a unit test; run it by hand:

    python bench/shacl.py                           # 10^5 and 10^6 triples
    python bench/shacl.py --sizes 1e5 --pyshacl-plans 3

Prints, per size: triples validated, seconds and triples/s of each engine (on
all plans, and on the pySHACL sample), the speed-up, and the floor (pyoxigraph
loading the whole build as N-Triples). Writes ``bench/results/shacl.json``, with
CPU seconds beside wall seconds (on a shared machine the CPU time is what the
work costs). The shapes compile once per process (``compile_s``).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from record import Record, timed  # noqa: E402 (bench/ is on sys.path from here)


def _tc(func, *args, **kwargs):
    """(wall seconds, CPU seconds of this process, value): on a shared machine the CPU time
    says what the work costs, the wall time what it took."""
    start, cpu = time.perf_counter(), time.process_time()
    value = func(*args, **kwargs)
    return time.perf_counter() - start, time.process_time() - cpu, value


def _triples(result, plans: list[str] | None) -> set[tuple[str, str, str]]:
    """N-Triples term triples of the given plans with the reference data (``[]``: the reference
    data alone, ``None``: the whole build), as api._shacl_dataset validates them."""
    from graph_build.rdf import terms

    if hasattr(result, "selected_triples"):
        return result.selected_triples(plans)
    return {tuple(terms.from_rdflib(t) for t in triple) for triple in result.graph(plans=plans)}


def _rdflib(triples) -> object:
    from rdflib import Graph

    from graph_build.rdf import ntriples

    graph = Graph()
    for triple in triples:
        graph.add(tuple(ntriples.to_rdflib(t) for t in triple))
    return graph


def measure(size: float, work: Path, pyshacl_plans: int) -> dict:
    import pyoxigraph as ox
    import synth

    from graph_build.core import resources
    from graph_build.pipeline import api
    from graph_build.shacl import validate as shacl

    report: dict = {"target_triples": size}
    t, synth_plans = timed(synth.generate, work / "plans", size)
    report["generate_s"] = round(t, 2)
    t, result = timed(api.build, [*resources.bundled_plans(), *synth_plans], shacl=False)
    report["build_s"] = round(t, 2)
    plan_ids = [ds.id for ds in result.plans]
    datasets = {pid: _triples(result, [pid]) for pid in plan_ids}
    datasets["(reference)"] = _triples(result, [])
    whole = _triples(result, None)
    report.update(plans=len(plan_ids), build_triples=len(whole))
    print(f"[{size:g}] built {len(whole)} triples, {len(plan_ids)} plans", file=sys.stderr, flush=True)

    # the floor: pyoxigraph loading the whole build as N-Triples
    text = "".join(sorted(f"{s} {p} {o} .\n" for s, p, o in whole)).encode("utf-8")
    t, _ = timed(ox.Store().load, input=text, format=ox.RdfFormat.N_TRIPLES)
    report["floor_ntriples_load_s"] = round(t, 3)
    del text, whole

    from graph_build.shacl.compile import compile_shapes

    compile_s, _, _ = _tc(compile_shapes, shacl.shapes_graph())  # once per process (then cached)
    report["compile_s"] = round(compile_s, 3)
    shacl.validate_triples([])
    fast_s = fast_cpu = 0.0
    per_plan, validated, results = {}, 0, 0
    for name, triples in datasets.items():
        t, cpu, found = _tc(shacl.validate_triples, triples)
        fast_s, fast_cpu = fast_s + t, fast_cpu + cpu
        per_plan[name] = (len(triples), t, cpu, found)
        validated += len(triples)
        results += len(found)
    report["fast"] = {
        "datasets": len(datasets),
        "triples": validated,
        "seconds": round(fast_s, 3),
        "cpu_seconds": round(fast_cpu, 3),
        "triples_per_s": round(validated / fast_s),
        "triples_per_cpu_s": round(validated / fast_cpu),
        "results": results,
    }
    print(
        f"[{size:g}] fast engine: {validated} triples in {fast_s:.2f} s ({fast_cpu:.2f} s CPU)",
        file=sys.stderr,
        flush=True,
    )

    sample = [p for p in plan_ids if p.startswith("synth-p")][:pyshacl_plans]
    py_s = py_cpu = fast_sample_s = fast_sample_cpu = 0.0
    sample_triples = 0
    same = True
    for pid in sample:
        graph = _rdflib(datasets[pid])
        t, cpu, found = _tc(shacl.validate_graph, graph)
        py_s, py_cpu = py_s + t, py_cpu + cpu
        n, fast_t, fast_c, fast_found = per_plan[pid]
        fast_sample_s, fast_sample_cpu = fast_sample_s + fast_t, fast_sample_cpu + fast_c
        sample_triples += n
        same = same and found == fast_found
        print(f"[{size:g}] pySHACL {pid}: {n} triples in {t:.1f} s (fast {fast_t:.3f} s)", file=sys.stderr, flush=True)
    report["pyshacl"] = {
        "datasets": len(sample),
        "triples": sample_triples,
        "seconds": round(py_s, 2),
        "cpu_seconds": round(py_cpu, 2),
        "triples_per_s": round(sample_triples / py_s),
        "triples_per_cpu_s": round(sample_triples / py_cpu),
    }
    report["fast_on_pyshacl_sample"] = {
        "seconds": round(fast_sample_s, 3),
        "cpu_seconds": round(fast_sample_cpu, 3),
        "triples_per_s": round(sample_triples / fast_sample_s),
        "triples_per_cpu_s": round(sample_triples / fast_sample_cpu),
    }
    report["speedup_on_sample"] = round(py_s / fast_sample_s, 1)
    report["speedup_on_sample_cpu"] = round(py_cpu / fast_sample_cpu, 1)
    report["pyshacl_all_estimated_s"] = round(validated / report["pyshacl"]["triples_per_s"], 1)
    report["same_results_on_sample"] = same
    report["fast_over_floor"] = round(fast_s / report["floor_ntriples_load_s"], 2)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e5,1e6", help="target triples per run, comma-separated")
    parser.add_argument("--pyshacl-plans", type=int, default=3, help="synthetic plans pySHACL validates per size")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "shacl.json")
    args = parser.parse_args()
    record = Record("shacl", sizes=args.sizes, pyshacl_plans=args.pyshacl_plans)
    runs = []
    for size in (float(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="plankg-shacl-bench-") as work:
            runs.append(measure(size, Path(work), args.pyshacl_plans))
        record.step(f"size {size:g}", **runs[-1])
    print(
        "| build triples | validated (datasets) | fast: s (CPU s) | fast: triples/s | pySHACL sample "
        "| pySHACL: triples/s | fast on the sample: triples/s | ratio | pySHACL, all (est.) | floor: NT load |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        fast, py, sample = r["fast"], r["pyshacl"], r["fast_on_pyshacl_sample"]
        print(
            f"| {r['build_triples']} | {fast['triples']} ({fast['datasets']}) | {fast['seconds']} "
            f"({fast['cpu_seconds']}) | {fast['triples_per_s']} | {py['datasets']} plans, {py['triples']} triples, "
            f"{py['seconds']} s | {py['triples_per_s']} | {sample['triples_per_s']} | {r['speedup_on_sample']}× | "
            f"{r['pyshacl_all_estimated_s']} s | {r['floor_ntriples_load_s']} s |"
        )
        if not r["same_results_on_sample"]:
            print(f"!! {r['build_triples']} triples: the engines disagree on the sample", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    machine = {"python": platform.python_version(), "machine": platform.machine(), "cpus": _cpus()}
    args.out.write_text(json.dumps({"machine": machine, "runs": runs}, indent=1) + "\n", encoding="utf-8")


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    main()
