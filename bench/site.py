"""Benchmark: the static plan portal (``plankg site``) and dereferenced entity pages on ``plankg serve``.

For the bundled plans and for the 10^5-triple synthetic national set (``bench/synth.py``, the
generator ``bench/scale.py`` uses), in one process each:

* the baseline: ``plankg build``'s work (``api.build`` without SHACL, then ``api.write``
  of Turtle and N-Triples) — the site's time is given beside it as a ratio;
* ``site.write_site`` over the same graph: time, pages, bytes, the largest page;
* entity pages through ``plankg serve`` over HTTP (``GET /id/….html``, a sample of 60
  entities, three times each): p50 and p95.

Targets (issue 17): bundled site < 5 s, 10^5 < 60 s, every page < 200 kB, entity page p50 < 50 ms.
A benchmark, not a test: run it by hand.

    python bench/site.py                  # both sets
    python bench/site.py --sizes bundled

Prints a Markdown table and writes ``bench/results/site.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from record import plankg, timed  # noqa: E402 (bench/ is on sys.path from here)


def _serve_p50(graph_file: Path, iris: list[str]) -> dict:
    """Entity pages over HTTP from a real ``plankg serve --graph FILE``."""
    from graph_build.site.model import IRI_ROOT

    process = subprocess.Popen(
        plankg("serve", "--port", "0", "-q", "--workers", "1", "--graph", str(graph_file)),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        url = process.stdout.readline().strip().rsplit("/sparql", 1)[0]
        times = []
        for iri in iris:  # warm once: the first request of a worker parses the ontology
            urllib.request.urlopen(url + "/" + iri[len(IRI_ROOT) :] + ".html", timeout=60).read()
        for _ in range(3):
            for iri in iris:
                start = time.perf_counter()
                with urllib.request.urlopen(url + "/" + iri[len(IRI_ROOT) :] + ".html", timeout=60) as response:
                    response.read()
                times.append(time.perf_counter() - start)
        times.sort()
        return {
            "requests": len(times),
            "p50_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))] * 1000, 1),
        }
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure(name: str, work: Path) -> dict:
    from graph_build.core import resources
    from graph_build.pipeline import api
    from graph_build.shacl.reference import ontology_graph
    from graph_build.site.model import SiteIndex
    from graph_build.site.write import write_site
    from graph_build.stores.source import open_source

    if name == "bundled":
        paths = None
    else:
        import synth

        paths = [*resources.bundled_plans(), *synth.generate(work / "plans", float(name))]
    ontology_graph()  # parsed once per process, as in any long-running use
    build_s, result = timed(api.build, paths, shacl=False)
    write_s, _ = timed(api.write, result, work / "out", ["turtle", "nt"])
    graph = open_source(graph_file=work / "out" / "plankg.nt").union_graph()
    site_s, site = timed(write_site, graph, work / "site")
    sizes = sorted(p.stat().st_size for p in (work / "site").rglob("*.html"))
    entities = SiteIndex(graph).entities()
    sample = [e for e in entities[:: max(1, len(entities) // 60)] if e.startswith("https://w3id.org/plankg/id/")][:60]
    report = {
        "set": name,
        "triples": len(graph),
        "baseline_build_write_s": round(build_s + write_s, 2),
        "site_s": round(site_s, 2),
        "site_over_baseline": round(site_s / (build_s + write_s), 2),
        "pages": site.pages,
        "site_mb": round(site.bytes / 2**20, 1),
        "largest_page": site.largest[0],
        "largest_page_kb": round(site.largest[1] / 1024, 1),
        "median_page_kb": round(sizes[len(sizes) // 2] / 1024, 1),
        "serve_entity_page": _serve_p50(work / "out" / "plankg.nt", sample),
    }
    print(json.dumps(report), file=sys.stderr, flush=True)
    return report


def markdown(results: list[dict]) -> str:
    lines = [
        "| set | triples | build+write (baseline) | site | ratio | pages | largest page | median page "
        "| entity page p50 / p95 (serve) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        s = r["serve_entity_page"]
        lines.append(
            f"| {r['set']} | {r['triples']} | {r['baseline_build_write_s']} s | {r['site_s']} s | "
            f"{r['site_over_baseline']}× | {r['pages']} | {r['largest_page_kb']} kB | {r['median_page_kb']} kB | "
            f"{s['p50_ms']} / {s['p95_ms']} ms |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="bundled,1e5", help="bundled and/or synthetic triple counts, comma-separated"
    )
    parser.add_argument("--out", type=Path, default=HERE / "results" / "site.json")
    args = parser.parse_args(argv)
    results = []
    for name in args.sizes.split(","):
        with tempfile.TemporaryDirectory(prefix="plankg-site-bench-") as work:
            results.append(measure(name.strip(), Path(work)))
    table = markdown(results)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"machine": platform.platform(), "python": platform.python_version(), "results": results}, indent=1)
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
