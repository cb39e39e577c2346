"""Benchmark: network view generation and drawing for 100, 1 000 and 10 000 nodes.

Synthetic plan-like RDF graphs (plans, objectives, key tasks, breakthroughs,
projects, districts, with vi/en labels, sector links and attested quotes) go
through the same code path as ``plankg view``: ``network.to_network`` →
``views.make_view`` (layout) → ``views.render_html`` → file. Each page is
then opened in Debian's headless chromium with the network blocked, and the
time until the page signals it is drawn (``<body data-ready="true">``) is
measured. A benchmark, not a timed test: run it by hand.

    python bench/views.py                 # 100, 1000, 10000 nodes
    python bench/views.py --sizes 100 500

Prints a Markdown table and writes ``bench/results/views.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph_build.core.namespace import PK, PKV
from graph_build.network import model as N
from graph_build.views import generate as V

BASE = "https://w3id.org/plankg/id/"
SECTORS = (
    "industry",
    "services",
    "tourism",
    "agriculture-forestry-fisheries",
    "energy",
    "infrastructure",
    "digital-transformation",
    "logistics",
    "trade",
    "culture",
    "environment",
    "border-gate-economy",
)
WORDS = (
    "Phát triển",
    "hạ tầng",
    "Lạng Sơn",
    "công nghiệp",
    "đô thị",
    "cửa khẩu",
    "Đồng Đăng",
    "du lịch",
    "nông nghiệp",
    "chuyển đổi số",
    "giao thông",
    "kinh tế",
)


def synthetic_graph(n_nodes: int, seed: int = 1) -> Graph:
    """A plan-like graph whose network has about ``n_nodes`` nodes (entities and sector concepts)."""
    rng = random.Random(seed)
    g = Graph()
    n_plans = max(1, n_nodes // 500)
    budget = n_nodes - len(SECTORS) - n_plans
    n_places = max(5, budget // 5)
    places = [URIRef(f"{BASE}ref/district-{i}") for i in range(n_places)]
    for i, place in enumerate(places):
        g.add((place, RDF.type, PK.District))
        g.add((place, RDFS.label, Literal(f"Huyện {rng.choice(WORDS)} {i}", lang="vi")))
        g.add((place, RDFS.label, Literal(f"District {i}", lang="en")))
        if i:
            g.add((place, PK.partOfRegion, places[rng.randrange(0, i)]))
    per_plan = (budget - n_places) // n_plans
    kinds = [
        (PK.Objective, PK.hasObjective, 0.05),
        (PK.KeyTask, PK.hasKeyTask, 0.15),
        (PK.Breakthrough, PK.hasBreakthrough, 0.05),
        (PK.Project, None, 0.75),
    ]
    for p in range(n_plans):
        plan_id = f"synthetic-{p}-2021-2030"
        plan = URIRef(BASE + plan_id)
        g.add((plan, RDF.type, PK.ProvincialPlan))
        g.add((plan, RDFS.label, Literal(f"Quy hoạch tỉnh thử nghiệm {p}", lang="vi")))
        g.add((plan, RDFS.label, Literal(f"Synthetic provincial plan {p}", lang="en")))
        made: dict = {}
        for cls, link, share in kinds:
            for i in range(max(1, int(per_plan * share))):
                node = URIRef(f"{BASE}{plan_id}/{str(cls).rsplit('#', 1)[-1].lower()}-{i}")
                made.setdefault(cls, []).append(node)
                g.add((node, RDF.type, cls))
                words = " ".join(rng.sample(WORDS, 3))
                g.add((node, RDFS.label, Literal(f"{words} {i}", lang="vi")))
                g.add((node, RDFS.label, Literal(f"{str(cls).rsplit('#', 1)[-1]} {i}", lang="en")))
                g.add((node, PK.inPlan, plan))
                g.add((plan, PK.hasPart, node))
                if link is not None:
                    g.add((plan, link, node))
                g.add((node, PK.concernsSector, PKV[f"sector/{rng.choice(SECTORS)}"]))
                att = URIRef(f"{node}/attestation")
                g.add((node, PK.attestedBy, att))
                g.add((att, RDF.type, PK.Attestation))
                g.add((att, PK.quote, Literal(f"trích dẫn: {words}", lang="vi")))
        for node in made[PK.KeyTask] + made[PK.Breakthrough]:
            g.add((node, PK.serves, rng.choice(made[PK.Objective])))
        for node in made[PK.Project]:
            g.add((node, PK.locatedIn, rng.choice(places)))
            if rng.random() < 0.3:
                g.add((node, PK.carriesBreakthrough, rng.choice(made[PK.Breakthrough])))
    return g


def measure(n_nodes: int, out: Path, browser) -> dict:
    graph = synthetic_graph(n_nodes)
    t0 = time.perf_counter()
    net = N.to_network(graph)
    t1 = time.perf_counter()
    view = V.make_view(net, name=f"bench-{n_nodes}")
    t2 = time.perf_counter()
    page = V.write_view(view, out, "vi", "2024-01-01")
    t3 = time.perf_counter()
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    blocked = V.block_network(tab)
    t4 = time.perf_counter()
    tab.goto(page.resolve().as_uri())
    V.wait_until_drawn(tab, timeout_ms=300_000)
    t5 = time.perf_counter()
    tab.close()
    return {
        "nodes": len(view.net),
        "edges": view.net.number_of_edges(),
        "layout": "physics in browser" if view.positions is None else "radial tree, physics off",
        "rdf_to_network_s": round(t1 - t0, 2),
        "layout_s": round(t2 - t1, 2),
        "render_write_s": round(t3 - t2, 2),
        "generation_s": round(t3 - t0, 2),
        "html_bytes": page.stat().st_size,
        "time_to_drawn_s": round(t5 - t4, 2),
        "console_errors": len(errors),
        "blocked_requests": len(blocked),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "views.json")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright
    from record import Record  # here, not at the top: bench/scale.py imports this module for measure()

    record = Record("views", sizes=args.sizes)
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = V.launch_chromium(p)
        try:
            for size in args.sizes:
                rows.append(measure(size, Path(tmp), browser))
                record.step(f"{size} nodes", **rows[-1])
        finally:
            browser.close()
    print(
        "| nodes | edges | layout | RDF → network | layout | render + write | generation | HTML size "
        "| time to drawn (chromium) |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['nodes']} | {r['edges']} | {r['layout']} | {r['rdf_to_network_s']} s | {r['layout_s']} s "
            f"| {r['render_write_s']} s | {r['generation_s']} s | {r['html_bytes'] / 1e6:.2f} MB "
            f"| {r['time_to_drawn_s']} s |"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    result = {"python": platform.python_version(), "machine": platform.machine(), "results": rows}
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0 if all(r["console_errors"] == 0 and r["blocked_requests"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
