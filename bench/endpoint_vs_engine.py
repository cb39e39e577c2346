"""Benchmark: `plankg serve` against `oxigraph serve-read-only` on the same graph and the same query texts.

Both servers are the real commands, started from the interpreter this
script runs in (``plankg`` and ``oxigraph`` are looked up next to
``sys.executable``, i.e. in the venv's bin/): the bundled plans are built to a
TriG file, which ``plankg serve --graph`` serves and ``oxigraph load`` puts
into a store for ``oxigraph serve-read-only --union-default-graph``. Then,
per query text and per server, ``--clients`` threads (default 8), each on
one keep-alive ``http.client`` connection, send GET requests for
``--seconds`` (default 5) or ``--requests`` per client, whichever ends
first. Every answer must be 200 and hold the same number of rows on both
servers. Reported per query: requests/s, p50 and p95 latency per server, and
plankg / Oxigraph ratios (targets: requests/s ≥ 0.5, p50 ≤ 2×).

    python bench/endpoint_vs_engine.py [--clients 8] [--seconds 5] [--workers N]

Writes ``bench/results/endpoint_vs_engine.json`` and ``.md`` after each
query (a crash keeps what was measured) and prints the table.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent
START_TIMEOUT = 120.0

COUNT_ALL_GRAPHS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
LABEL_SEARCH = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?entity ?label WHERE { ?entity rdfs:label ?label FILTER(CONTAINS(LCASE(STR(?label)), "giao thông")) }
ORDER BY ?entity ?label"""


def command(name: str) -> str:
    path = BIN / name
    if not path.is_file():
        sys.exit(
            f"error: {path} not found; install the project with its test extras "
            f"(`pip install -e .[test]`, which brings the oxigraph server)"
        )
    return str(path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen) -> None:
    import urllib.request

    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"error: the server exited with status {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                response.read()
                return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"error: no answer from {url} within {START_TIMEOUT:g} s")


def named_query_text(trig: Path, name: str) -> str:
    """The named query's text with its default parameters bound as terms, as a remote client would send it."""
    import pyoxigraph as ox

    from graph_build.sparql import library
    from graph_build.stores.oxigraph_store import OxigraphStore
    from graph_build.stores.query import with_values_block

    store = ox.Store()
    store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    query = library.get_query(name)
    bindings = library.bind_parameters(query, None, OxigraphStore(store))
    return with_values_block(query.text, bindings) if bindings else query.text


class Load:
    """Several clients on keep-alive connections, sending one query text for a bounded time and count."""

    def __init__(self, host: str, port: int, path: str, text: str, clients: int, seconds: float, requests: int):
        self.target = f"{path}?{urllib.parse.urlencode({'query': text})}"
        self.host, self.port = host, port
        self.clients, self.seconds, self.requests = clients, seconds, requests
        self.latencies: list[float] = []
        self.failures: list[str] = []
        self.rows: set[int] = set()
        self._lock = threading.Lock()

    def client(self, deadline: float) -> None:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        mine, rows = [], set()
        try:
            for _ in range(self.requests):
                if time.perf_counter() > deadline:
                    break
                started = time.perf_counter()
                connection.request("GET", self.target, headers={"Accept": "application/sparql-results+json"})
                response = connection.getresponse()
                body = response.read()
                mine.append(time.perf_counter() - started)
                if response.status != 200:
                    with self._lock:
                        self.failures.append(f"{response.status} {body[:200]!r}")
                    continue
                rows.add(len(json.loads(body)["results"]["bindings"]))
        except (OSError, http.client.HTTPException) as exc:
            with self._lock:
                self.failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()
        with self._lock:
            self.latencies += mine
            self.rows |= rows

    def run(self) -> dict:
        self.client(time.perf_counter() + 1.0)  # warm-up: caches, connections, parsed query
        self.latencies.clear()
        started = time.perf_counter()
        deadline = started + self.seconds
        threads = [threading.Thread(target=self.client, args=(deadline,)) for _ in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        times = sorted(self.latencies)
        return {
            "requests": len(times),
            "seconds": round(elapsed, 2),
            "requests_per_s": round(len(times) / elapsed, 1),
            "p50_ms": round(1000 * statistics.median(times), 2) if times else None,
            "p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 2) if times else None,
            "rows": sorted(self.rows),
            "failures": self.failures[:5],
            "failed": len(self.failures),
        }


def markdown(result: dict) -> str:
    lines = [
        f"# `plankg serve` against `oxigraph serve-read-only` ({result['date']})",
        "",
        f"{result['machine']}, Python {result['python']}, {result['triples']} triples, "
        f"{result['clients']} clients, {result['seconds']} s per query and server, "
        f"plankg with {result['workers']} worker(s).",
        "",
        "| query | rows | plankg req/s | Oxigraph req/s | ratio (≥ 0.5) | plankg p50 | Oxigraph p50 "
        "| p50 ratio (≤ 2) | plankg p95 | Oxigraph p95 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in result["queries"]:
        p, o = row["plankg"], row["oxigraph"]
        lines.append(
            f"| {row['name']} | {', '.join(map(str, p['rows']))} | {p['requests_per_s']} | "
            f"{o['requests_per_s']} | {row['throughput_ratio']} | {p['p50_ms']} ms | {o['p50_ms']} ms | "
            f"{row['p50_ratio']} | {p['p95_ms']} ms | {o['p95_ms']} ms |"
        )
    return "\n".join(lines) + "\n"


def save(result: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "endpoint_vs_engine.json").write_text(
        json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (RESULTS / "endpoint_vs_engine.md").write_text(markdown(result), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--requests", type=int, default=100_000, help="most requests per client and query")
    parser.add_argument(
        "--workers", type=int, default=None, help="plankg serve --workers (default: plankg's own default)"
    )
    args = parser.parse_args(argv)
    if args.workers is None:
        from graph_build.endpoint.limits import DEFAULT_WORKERS

        args.workers = DEFAULT_WORKERS
    plankg, oxigraph = command("plankg"), command("oxigraph")
    processes: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="plankg-endpoint-bench-") as tmp:
        work = Path(tmp)
        subprocess.run(
            [plankg, "build", "--out", str(work / "out"), "--format", "trig", "--no-shacl", "-q"], check=True
        )
        trig = work / "out" / "plankg.trig"
        subprocess.run(
            [oxigraph, "load", "--location", str(work / "store"), "--file", str(trig)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        texts = {
            "count over all named graphs": COUNT_ALL_GRAPHS,
            "named query plan-overview": named_query_text(trig, "plan-overview"),
            "named query search-labels": named_query_text(trig, "search-labels"),
            "label search (CONTAINS)": LABEL_SEARCH,
        }
        try:
            ox_port = free_port()
            processes.append(
                subprocess.Popen(
                    [
                        oxigraph,
                        "serve-read-only",
                        "--location",
                        str(work / "store"),
                        "--bind",
                        f"127.0.0.1:{ox_port}",
                        "--union-default-graph",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            wait_for(f"http://127.0.0.1:{ox_port}/query?query=ASK%7B%7D", processes[-1])
            pk_port = free_port()
            processes.append(
                subprocess.Popen(
                    [
                        plankg,
                        "serve",
                        "--graph",
                        str(trig),
                        "--port",
                        str(pk_port),
                        "--workers",
                        str(args.workers),
                        "-q",
                    ],
                    stdout=subprocess.DEVNULL,
                )
            )
            wait_for(f"http://127.0.0.1:{pk_port}/", processes[-1])
            import pyoxigraph as ox

            store = ox.Store()
            store.load(path=str(trig), format=ox.RdfFormat.TRIG)
            triples = len(store)
            result = {
                "date": time.strftime("%Y-%m-%d %H:%M"),
                "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
                "python": platform.python_version(),
                "triples": triples,
                "clients": args.clients,
                "seconds": args.seconds,
                "workers": args.workers,
                "queries": [],
            }
            for name, text in texts.items():
                measured = {}
                for server, port, path in (("plankg", pk_port, "/sparql"), ("oxigraph", ox_port, "/query")):
                    measured[server] = Load(
                        "127.0.0.1", port, path, text, args.clients, args.seconds, args.requests
                    ).run()
                p, o = measured["plankg"], measured["oxigraph"]
                row = {
                    "name": name,
                    **measured,
                    "throughput_ratio": round(p["requests_per_s"] / max(o["requests_per_s"], 1e-9), 2),
                    "p50_ratio": round((p["p50_ms"] or 0) / max(o["p50_ms"] or 1e-9, 1e-9), 2),
                    "same_rows": p["rows"] == o["rows"],
                }
                result["queries"].append(row)
                save(result)
                print(
                    f"{name}: plankg {p['requests_per_s']} req/s p50 {p['p50_ms']} ms, "
                    f"oxigraph {o['requests_per_s']} req/s p50 {o['p50_ms']} ms "
                    f"(rows {p['rows']} / {o['rows']}, failures {p['failed']} / {o['failed']})",
                    flush=True,
                )
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
    print(markdown(result))
    bad = [
        row["name"]
        for row in result["queries"]
        if not row["same_rows"] or row["plankg"]["failed"] or row["oxigraph"]["failed"]
    ]
    if bad:
        print(f"error: different or failed answers for {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
