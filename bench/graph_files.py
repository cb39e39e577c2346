"""Benchmark: reading a graph file with one long bad line takes time linear in the file, not quadratic.

rdflib's N-Triples reader re-scans its buffer for every 2 KiB of a line, so a file of one
4 MB line of NULs took ~50 s in `sparql --graph`, `serve --graph`, `view --graph` and
`push FILE`. `graph_files.load_graph_file` now refuses a line longer than
`MAX_GRAPH_LINE_BYTES` before parsing. This script times, for files of growing size:

- one long bad line (NULs), refused by the line check;
- the same bytes as many short bad lines, refused by the parser at line 1;
- the longest line allowed (valid), parsed, next to 64 such lines;

and prints each median time with the time per MiB: linear reading shows as a time per MiB that
stays flat as the file grows (quadratic reading would grow it with the size). Not a unit test.

    python bench/graph_files.py --max-mib 64
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from graph_build.core.errors import PlanError
from graph_build.rdf.graph_files import MAX_GRAPH_LINE_BYTES, load_graph_file

REPEATS = 5


def _time(path: Path) -> tuple[float, str]:
    times, outcome = [], ""
    for _ in range(REPEATS):
        started = time.perf_counter()
        try:
            outcome = f"{len(load_graph_file(path))} triples"
        except PlanError as exc:
            outcome = str(exc.problems[0]).split(": error: ", 1)[1][:60]
        times.append(time.perf_counter() - started)
    return statistics.median(times), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-mib", type=int, default=64, help="largest bad file, MiB (default 64)")
    args = parser.parse_args()
    sizes = [1 << 20]
    while sizes[-1] * 4 <= args.max_mib << 20:
        sizes.append(sizes[-1] * 4)
    prefix, suffix = b'<http://example.org/a> <http://example.org/p> "', b'" .\n'
    longest = prefix + b"y" * (MAX_GRAPH_LINE_BYTES - len(prefix) - len(suffix) + 1) + suffix
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = {}
        for size in sizes:
            cases[f"one bad line of {size >> 20} MiB"] = (size, b"\0" * size + b"\n")
            cases[f"{size >> 20} MiB of short bad lines"] = (size, (b"\0" * 99 + b"\n") * (size // 100))
        cases["1 longest valid line"] = (len(longest), longest)
        cases["64 longest valid lines"] = (64 * len(longest), longest * 64)
        built = Path(__file__).resolve().parent.parent / "out" / "plankg.nt"
        if built.is_file():  # the bundled build's N-Triples, for the ordinary rate
            cases["the bundled plankg.nt"] = (built.stat().st_size, built.read_bytes())
        for name, (size, data) in cases.items():
            path = folder / "case.nt"
            path.write_bytes(data)
            seconds, outcome = _time(path)
            mib = size / (1 << 20)
            print(f"{name:<32} {mib:8.2f} MiB {seconds * 1000:9.1f} ms {seconds * 1000 / mib:8.1f} ms/MiB  {outcome}")


if __name__ == "__main__":
    main()
