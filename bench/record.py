"""What every benchmark shares: how it runs ``plankg``, and how it keeps what it measured.

* ``plankg(*args)`` is the command line for the ``plankg`` of the interpreter
  the benchmark runs in (``python -m graph_build``), so a benchmark never
  depends on what ``PATH`` holds and never measures another installation.
* ``timed(func, *args)`` is ``(seconds, func(*args))``, by the monotonic clock.
* ``Record(name)`` appends one JSON line per measured step to
  ``bench/results/<name>.jsonl`` as soon as the step is done, and prints it,
  so a run that crashes or is stopped keeps everything it measured so far.
  Every line carries the run's id; the first line of a run describes the
  machine. A child process (``multiprocessing`` with spawn) that opens
  ``Record(name)`` joins its parent's run: the id travels in the environment.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
_RUN_ENV = "PLANKG_BENCH_RUN"


def plankg(*args: str) -> list[str]:
    """``[python, -m, graph_build, *args]`` for this interpreter's plankg."""
    return [sys.executable, "-m", "graph_build", *args]


def timed(func, *args, **kwargs):
    """``(seconds, value)`` of one call, timed by ``time.perf_counter``."""
    start = time.perf_counter()
    value = func(*args, **kwargs)
    return time.perf_counter() - start, value


class Record:
    """An append-only log of one benchmark run: ``bench/results/<name>.jsonl``."""

    def __init__(self, name: str, **settings):
        self.path = RESULTS / f"{name}.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        inherited = os.environ.get(_RUN_ENV)
        self.run = inherited or time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"
        if not inherited:
            os.environ[_RUN_ENV] = self.run  # children started from here join this run
            self._append(
                {
                    "step": "start",
                    "benchmark": name,
                    "argv": sys.argv,
                    "settings": settings,
                    "python": platform.python_version(),
                    "executable": sys.executable,
                    "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                    "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
                }
            )

    def step(self, step: str, **values) -> dict:
        """Keep one measured step now (and print it on stderr); returns what was written."""
        line = {"step": step, **values}
        self._append(line)
        print(f"[{step}] " + json.dumps(values, ensure_ascii=False, default=str), file=sys.stderr, flush=True)
        return line

    def _append(self, line: dict) -> None:
        text = json.dumps({"run": self.run, "at": round(time.time(), 3), **line}, ensure_ascii=False, default=str)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
