"""Load and abuse for ``plankg serve``: many clients running named queries while one misbehaves.

Starts ``plankg serve`` as a real subprocess on a free loopback port, works
out locally (rdflib, the same bundled plans) what every named query used must
answer, then runs a fixed number of requests: ``clients`` threads each send
``requests`` named queries (``/queries/NAME?format=json``) and compare every
answer with the local one, while one more client sends pathological requests
— a cartesian product, a deep property path, malformed SPARQL, memory bombs
(a value doubled 26 times, a 64 MiB answer, GROUP_CONCAT and ORDER BY over
cartesian products), a 200 kB query by GET and by POST, a huge Content-Length, a slow-loris body, headers that
never end, idle connections. Everything is bounded in count and time and
stops by itself; the server's RSS (its own process and its query workers,
from ``/proc``) is sampled throughout.

    python bench/endpoint_load.py                       # 16 clients x 100 requests
    python bench/endpoint_load.py --clients 8 --requests 25

Prints requests/s, p50/p95 latency per query, errors, the pathological
outcomes and peak RSS beside its bound (what the server held at rest plus
``--max-memory`` per worker; exit 1 when over it); writes ``bench/results/endpoint_load.json``.
``tests/test_load.py`` runs a smaller version of the same ``run_load``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Named queries that answer in well under 0.1 s locally: the normal traffic.
NORMAL_QUERIES = (
    "plans",
    "concerns-sector",
    "gaps-stated-counts",
    "plan-hierarchy",
    "shared-sectors",
    "targets-side-by-side",
    "instances-of-class",
    "gaps-projects-without-breakthrough",
    "gaps-tasks-without-sector",
)
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
DEEP_PATH = "SELECT (COUNT(*) AS ?n) WHERE { ?s (<https://example.org/p>|!<https://example.org/p>)* ?o }"
MALFORMED = "SELECT * WHERE { ?s ?p "


def concat_bomb(levels: int) -> str:
    """851 bytes at 26 levels: ``?x0`` is 32 characters and each level doubles it (2 GiB at 26)."""
    binds = " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(levels))
    return f'SELECT ?x{levels} WHERE {{ BIND("0123456789abcdef0123456789abcdef" AS ?x0) {binds} }}'


#: Queries that try to exhaust memory rather than time: each must end in a refusal (400: the answer
#: is over --max-answer-bytes) or the memory limit (503, the worker replaced), never in a worker that
#: grows past --max-memory.
MEMORY_BOMBS = (
    ("concat bomb, 26 levels (2 GiB value)", concat_bomb(26)),
    ("concat bomb, 21 levels (64 MiB answer)", concat_bomb(21)),
    (
        "GROUP_CONCAT of a cartesian product",
        "SELECT (GROUP_CONCAT(STR(?c); separator=' ') AS ?all) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    ),
    ("ORDER BY over a cartesian product", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"),
)
DEFAULT_MAX_MEMORY_MIB = 256
SLOW_BYTES_PER_SECOND = 4
IDLE_CONNECTIONS = 20


# ------------------------------------------------------------------------------------------------
# The server
# ------------------------------------------------------------------------------------------------
class Served:
    """``python -m graph_build serve`` on a free port; ``stop()`` ends it and its workers."""

    def __init__(
        self, timeout: float, workers: int, max_rows: int = 10_000, max_memory_mib: int = DEFAULT_MAX_MEMORY_MIB
    ):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "graph_build",
                "serve",
                "--port",
                "0",
                "--timeout",
                f"{timeout:g}",
                "--workers",
                str(workers),
                "--max-rows",
                str(max_rows),
                "--max-memory",
                str(max_memory_mib),
                "-q",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.log: list[str] = []
        threading.Thread(target=self._drain, daemon=True).start()
        line = self.process.stdout.readline().strip()
        if not line.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"plankg serve printed {line!r}, not its URL: {''.join(self.log)}")
        self.url = line
        self.base = line.rsplit("/", 1)[0]
        host, port = urllib.parse.urlsplit(line).netloc.split(":")
        self.address = (host, int(port))

    def _drain(self) -> None:
        for line in iter(self.process.stderr.readline, ""):
            self.log.append(line)

    def rss_bytes(self) -> int:
        """Resident memory of the server and every process below it (its query workers)."""
        return sum(_rss(pid) for pid in _descendants(self.process.pid))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


# ------------------------------------------------------------------------------------------------
# Expected answers, computed locally
# ------------------------------------------------------------------------------------------------
_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def _value(lexical: str, datatype: str | None) -> str:
    """A decimal by its value: Oxigraph writes "8" where rdflib keeps "8.0" (equal in value)."""
    if datatype == _DECIMAL:
        from decimal import Decimal, InvalidOperation

        try:
            return format(Decimal(lexical).normalize(), "f")
        except InvalidOperation:
            return lexical
    return lexical


def _local_term(term) -> tuple | None:
    from rdflib import BNode, Literal
    from rdflib.namespace import XSD

    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = None if term.datatype in (None, XSD.string) or term.language else str(term.datatype)
        return ("literal", _value(str(term), datatype), term.language, datatype)
    if isinstance(term, BNode):
        return ("bnode",)
    return ("uri", str(term))


def _json_term(binding: dict | None) -> tuple | None:
    if binding is None:
        return None
    if binding["type"] in ("literal", "typed-literal"):
        datatype = binding.get("datatype")
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            datatype = None
        return ("literal", _value(binding["value"], datatype), binding.get("xml:lang"), datatype)
    if binding["type"] == "bnode":
        return ("bnode",)
    return ("uri", binding["value"])


def expected_answers(names=NORMAL_QUERIES) -> dict[str, Counter]:
    """Each named query's rows on the bundled plans, as a multiset of comparable tuples."""
    from graph_build import build
    from graph_build.sparql.library import run_query

    graph = build(shacl=False).graph()
    out = {}
    for name in names:
        result = run_query(name, graph=graph)
        out[name] = Counter(tuple(_local_term(t) for t in row) for row in result.rows)
    return out


def answer_of(body: bytes) -> Counter:
    document = json.loads(body)
    names = document["head"]["vars"]
    return Counter(tuple(_json_term(b.get(v)) for v in names) for b in document["results"]["bindings"])


# ------------------------------------------------------------------------------------------------
# Traffic
# ------------------------------------------------------------------------------------------------
@dataclass
class Outcome:
    kind: str
    status: int | str  # an HTTP status, or "closed"/"timeout"/an error name
    seconds: float
    correct: bool | None = None


@dataclass
class Report:
    clients: int
    requests_per_client: int
    timeout: float
    workers: int
    normal: list[Outcome] = field(default_factory=list)
    pathological: list[Outcome] = field(default_factory=list)
    wall_seconds: float = 0.0
    max_memory_mib: int = DEFAULT_MAX_MEMORY_MIB
    peak_rss: int = 0
    rss_before: int = 0
    answers_at_end: bool = False

    @property
    def memory_bound(self) -> int:
        """The most the server may hold: what it held at rest, each worker's --max-memory on top of its
        graph, and one replacement worker loading while the one it replaces is still exiting."""
        at_rest_per_process = self.rss_before // (self.workers + 1)
        return self.rss_before + self.workers * self.max_memory_mib * 2**20 + at_rest_per_process

    @property
    def wrong(self) -> list[Outcome]:
        return [o for o in self.normal if o.correct is False]

    @property
    def errors(self) -> list[Outcome]:
        return [o for o in self.normal if o.status != 200]

    @property
    def requests_per_second(self) -> float:
        return len(self.normal) / self.wall_seconds if self.wall_seconds else 0.0

    def latency(self, kind: str | None = None) -> tuple[float, float]:
        times = sorted(o.seconds for o in self.normal if kind is None or o.kind == kind)
        if not times:
            return (0.0, 0.0)
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        return statistics.median(times), p95

    def table(self) -> str:
        lines = [
            f"{self.clients} clients x {self.requests_per_client} requests, --timeout {self.timeout:g} "
            f"--workers {self.workers}: {len(self.normal)} requests in {self.wall_seconds:.1f} s = "
            f"{self.requests_per_second:.1f} requests/s; errors {len(self.errors)}, wrong answers "
            f"{len(self.wrong)}; peak RSS {self.peak_rss / 2**20:.0f} MiB (at start "
            f"{self.rss_before / 2**20:.0f} MiB; bound {self.memory_bound / 2**20:.0f} MiB from "
            f"--max-memory {self.max_memory_mib} MiB per worker)",
            "",
            "| query | requests | p50 ms | p95 ms |",
            "|---|---:|---:|---:|",
        ]
        for kind in sorted({o.kind for o in self.normal}):
            p50, p95 = self.latency(kind)
            count = sum(1 for o in self.normal if o.kind == kind)
            lines.append(f"| {kind} | {count} | {p50 * 1000:.0f} | {p95 * 1000:.0f} |")
        p50, p95 = self.latency()
        lines.append(f"| all | {len(self.normal)} | {p50 * 1000:.0f} | {p95 * 1000:.0f} |")
        lines += ["", "| pathological request | answer | seconds |", "|---|---|---:|"]
        for o in self.pathological:
            lines.append(f"| {o.kind} | {o.status} | {o.seconds:.2f} |")
        return "\n".join(lines)


def _http(url: str, data: bytes | None = None, headers: dict | None = None, timeout: float = 60.0):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _normal_client(served: Served, expected: dict[str, Counter], index: int, count: int, out: list) -> None:
    names = list(expected)
    for i in range(count):
        name = names[(index + i) % len(names)]
        started = time.perf_counter()
        try:
            status, body = _http(f"{served.base}/queries/{name}?format=json")
        except OSError as exc:
            out.append(Outcome(name, type(exc).__name__, time.perf_counter() - started, False))
            continue
        seconds = time.perf_counter() - started
        correct = answer_of(body) == expected[name] if status == 200 else None
        out.append(Outcome(name, status, seconds, correct))


def _raw_exchange(served: Served, head: bytes, trickle: bytes = b"", limit: float = 60.0) -> tuple[int | str, float]:
    """Send ``head``, then ``trickle`` a few bytes a second until the server answers or hangs up.

    Returns the HTTP status it answered ("closed" when it hung up without
    one, "timeout" when it did neither within ``limit`` s) and the seconds taken.
    """
    import select

    started = time.perf_counter()
    received = b""
    with socket.create_connection(served.address, timeout=limit) as sock:
        sock.sendall(head)
        for i in range(len(trickle) + 1):
            readable, _, _ = select.select([sock], [], [], 1.0 / SLOW_BYTES_PER_SECOND)
            if readable or i == len(trickle):
                break
            try:
                sock.sendall(trickle[i : i + 1])
            except OSError:
                break
        sock.settimeout(max(0.5, limit - (time.perf_counter() - started)))
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except TimeoutError:
            if not received:
                return "timeout", time.perf_counter() - started
        except OSError:
            pass
    seconds = time.perf_counter() - started
    if received.startswith(b"HTTP/1."):
        return int(received.split(b" ", 2)[1]), seconds
    return "closed", seconds


def _idle_connections(served: Served, limit: float) -> tuple[int | str, float]:
    """Open IDLE_CONNECTIONS connections that send nothing; when did the server close the last one?"""
    started = time.perf_counter()
    socks = [socket.create_connection(served.address, timeout=limit) for _ in range(IDLE_CONNECTIONS)]
    closed = 0
    try:
        for sock in socks:
            sock.settimeout(max(0.1, limit - (time.perf_counter() - started)))
            try:
                while sock.recv(4096):
                    pass
                closed += 1
            except TimeoutError:
                pass
            except OSError:
                closed += 1
    finally:
        for sock in socks:
            sock.close()
    return ("closed" if closed == len(socks) else f"{len(socks) - closed} open"), time.perf_counter() - started


def _pathological_client(served: Served, read_timeout: float, out: list, stop: threading.Event) -> None:
    sparql = served.url
    long_query = "#" + "x" * 200_000 + "\nASK {}"
    limit = read_timeout + 15

    def timed(kind: str, call) -> None:
        started = time.perf_counter()
        try:
            status = call()
        except OSError as exc:
            status = f"closed ({type(exc).__name__})"
        out.append(Outcome(kind, status, time.perf_counter() - started))

    # the slow ones wait, they do not compute: run them alongside
    slow = [
        threading.Thread(
            target=lambda: out.append(
                Outcome(
                    "slow-loris body (90 kB announced, 4 B/s)",
                    *_raw_exchange(
                        served,
                        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                        b"Content-Length: 90000\r\n\r\n",
                        b"ASK {}" * 100,
                        limit,
                    ),
                )
            )
        ),
        threading.Thread(
            target=lambda: out.append(
                Outcome(
                    "headers that never end (4 B/s)",
                    *_raw_exchange(
                        served,
                        b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                        b"X-Slow: " + b"y" * 400,
                        limit,
                    ),
                )
            )
        ),
        threading.Thread(
            target=lambda: out.append(
                Outcome(f"{IDLE_CONNECTIONS} idle connections", *_idle_connections(served, limit))
            )
        ),
    ]
    for thread in slow:
        thread.start()
    steps = [
        ("cartesian product", lambda: _http(f"{sparql}?{urllib.parse.urlencode({'query': CARTESIAN})}")[0]),
        ("malformed SPARQL", lambda: _http(f"{sparql}?{urllib.parse.urlencode({'query': MALFORMED})}")[0]),
        ("deep property path", lambda: _http(f"{sparql}?{urllib.parse.urlencode({'query': DEEP_PATH})}")[0]),
        ("200 kB query by GET", lambda: _http(f"{sparql}?{urllib.parse.urlencode({'query': long_query})}")[0]),
        (
            "200 kB query by POST",
            lambda: _http(sparql, long_query.encode(), {"Content-Type": "application/sparql-query"})[0],
        ),
        (
            "huge Content-Length",
            lambda: _raw_exchange(
                served,
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: 1000000000\r\n\r\nASK {}",
                b"",
                limit,
            )[0],
        ),
        (
            "malformed Content-Length",
            lambda: _raw_exchange(
                served,
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: lots\r\n\r\n",
                b"",
                limit,
            )[0],
        ),
        *(
            (kind, lambda query=query: _http(f"{sparql}?{urllib.parse.urlencode({'query': query})}")[0])
            for kind, query in MEMORY_BOMBS
        ),
        ("cartesian product again", lambda: _http(f"{sparql}?{urllib.parse.urlencode({'query': CARTESIAN})}")[0]),
    ]
    for kind, call in steps:
        if stop.is_set():
            break
        timed(kind, call)
    for thread in slow:
        thread.join()


def run_load(
    clients: int = 8,
    requests: int = 25,
    timeout: float = 2.0,
    workers: int = 2,
    expected: dict[str, Counter] | None = None,
    max_memory_mib: int = DEFAULT_MAX_MEMORY_MIB,
) -> Report:
    """Start a server, run the bounded load and the abuse, stop the server; the figures."""
    from graph_build.endpoint.server import REQUEST_READ_TIMEOUT

    expected = expected or expected_answers()
    served = Served(timeout, workers, max_memory_mib=max_memory_mib)
    report = Report(clients, requests, timeout, workers, max_memory_mib=max_memory_mib)
    try:
        _http(served.base + "/")  # answering
        report.rss_before = served.rss_bytes()
        done = threading.Event()
        peak = [report.rss_before]

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], served.rss_bytes())
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        normal: list[Outcome] = []
        threads = [
            threading.Thread(target=_normal_client, args=(served, expected, i, requests, normal))
            for i in range(clients)
        ]
        abuse = threading.Thread(
            target=_pathological_client, args=(served, REQUEST_READ_TIMEOUT, report.pathological, threading.Event())
        )
        started = time.perf_counter()
        abuse.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report.wall_seconds = time.perf_counter() - started
        abuse.join()
        done.set()
        sampler.join()
        report.normal = normal
        report.peak_rss = peak[0]
        status, body = _http(f"{served.base}/queries/plans?format=json")
        report.answers_at_end = status == 200 and answer_of(body) == expected["plans"]
    finally:
        served.stop()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=100, help="requests per client")
    parser.add_argument("--timeout", type=float, default=2.0, help="the server's --timeout")
    parser.add_argument("--workers", type=int, default=2, help="the server's --workers")
    parser.add_argument(
        "--max-memory",
        dest="max_memory_mib",
        type=int,
        default=DEFAULT_MAX_MEMORY_MIB,
        help="the server's --max-memory",
    )
    args = parser.parse_args()
    from record import Record  # here, not at the top: tests/test_load.py loads this file by its path

    record = Record("endpoint_load", **vars(args))
    report = run_load(args.clients, args.requests, args.timeout, args.workers, max_memory_mib=args.max_memory_mib)
    print(report.table())
    if report.peak_rss > report.memory_bound:
        print(f"peak RSS over the bound by {(report.peak_rss - report.memory_bound) / 2**20:.0f} MiB", file=sys.stderr)
        sys.exit(1)
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    summary = {
        "requests_per_second": report.requests_per_second,
        "p50_p95_seconds": report.latency(),
        "errors": len(report.errors),
        "wrong": len(report.wrong),
        "memory_bound": report.memory_bound,
        **asdict(report),
    }
    record.step("load", **{k: v for k, v in summary.items() if k not in ("normal", "pathological")})
    (results / "endpoint_load.json").write_text(json.dumps(summary, indent=1, default=str) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
