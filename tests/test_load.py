"""The endpoint under load and abuse: bounded, loopback only, and it stops by itself.

``bench/endpoint_load.py`` (loaded here from its file) starts ``plankg serve
--timeout 2 --workers 2`` as a real subprocess; 8 clients send 25 named
queries each, every answer compared with the one rdflib gives locally, while
one more client sends a cartesian product, a deep property path, malformed
SPARQL, memory bombs (a value doubled 26 times, a 64 MiB answer, GROUP_CONCAT and
ORDER BY over cartesian products), 200 kB queries, a huge and a malformed Content-Length, a slow-loris
body, headers that never end and 20 idle connections. About 15 s.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TIMEOUT = 2.0
#: Server and two workers each hold the bundled graph (~7 400 triples) as rdflib objects, ~60 MiB a
#: process at rest (~160 MiB together); a runaway query's worker is killed, never left to grow, and a
#: replacement briefly overlaps it. 1 GiB is several times what that needs and far below what a leak or
#: an unbounded result held in memory (the cartesian product has ~10^15 rows) would reach.
RSS_BOUND = 2**30


def _bench():
    path = Path(__file__).resolve().parent.parent / "bench" / "endpoint_load.py"
    spec = importlib.util.spec_from_file_location("endpoint_load", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("endpoint_load", module)  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report():
    bench = _bench()
    result = bench.run_load(clients=8, requests=25, timeout=TIMEOUT, workers=2)
    print("\n" + result.table())
    return result


def test_every_normal_request_is_answered_correctly(report):
    assert len(report.normal) == 8 * 25
    assert report.errors == [], [(o.kind, o.status) for o in report.errors]
    assert report.wrong == []
    assert all(o.correct for o in report.normal)


def test_pathological_requests_end_with_a_refusal_or_the_time_limit(report):
    outcomes = {o.kind: o for o in report.pathological}
    expected = {
        "cartesian product": {503},
        "cartesian product again": {503},
        "concat bomb, 26 levels (2 GiB value)": {503},
        "concat bomb, 21 levels (64 MiB answer)": {400, 503},
        "GROUP_CONCAT of a cartesian product": {503},
        "ORDER BY over a cartesian product": {503},
        "deep property path": {200, 503, 400},
        "malformed SPARQL": {400},
        "200 kB query by GET": {413, 414},
        "200 kB query by POST": {413},
        "huge Content-Length": {413},
        "malformed Content-Length": {400},
        "slow-loris body (90 kB announced, 4 B/s)": {408, "closed"},
        "headers that never end (4 B/s)": {408, "closed"},
        "20 idle connections": {"closed"},
    }
    assert set(outcomes) == set(expected)
    # The statuses are the behaviour: 503 is the time limit stopping a query (Oxigraph may also finish
    # the deep path within it: 200), 400/413/414 a refusal
    # before any work, 408 or a hang-up the read timeout cutting a slow client off. A server that kept
    # a request or connection forever would give "timeout" (bench/endpoint_load.py stops waiting
    # REQUEST_READ_TIMEOUT + 15 s on), which no expectation allows. How fast is for the benchmark.
    for kind, allowed in expected.items():
        assert outcomes[kind].status in allowed, (kind, outcomes[kind].status)


def test_the_server_still_answers_and_memory_stays_bounded(report):
    assert report.answers_at_end
    assert 0 < report.rss_before <= report.peak_rss < min(RSS_BOUND, report.memory_bound)
