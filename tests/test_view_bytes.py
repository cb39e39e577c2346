"""Same input, same page: views written in two processes, whose string hashing differs, are the same bytes.

A set of node IRIs iterates in an order that changes with ``PYTHONHASHSEED``;
a view that took its node order from one (``net.subgraph(nodes)``) changed
bytes from one run to the next. Each kind of view is written here twice, in
fresh processes with different seeds, and compared byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

SCRIPT = """
import hashlib, json, sys
from graph_build import build
from graph_build.network import model as N
from graph_build.views.generate import generate_view, write_index
graph = build(shacl=False).graph()
kinds = {"graph": {}, "plan": {"layout": "plan", "plans": ["lang-son-2021-2030"]},
         "focus": {"focus": "breakthrough-4-industry", "depth": 1}, "query": {"query": "breakthroughs"},
         "cross-plan": {"cross_plan": True}, "kind": {"kinds": ["Breakthrough", "KeyTask", "Sector"]}}
digests = {kind: hashlib.sha256(generate_view(graph, sys.argv[1], date="2024-01-01", **options).html.read_bytes())
           .hexdigest() for kind, options in kinds.items()}
net = N.keep_classes(N.to_network(graph), ["Breakthrough", "Place"])
digests.update({fmt: hashlib.sha256(N.export_bytes(net, fmt)).hexdigest() for fmt in N.EXPORT_FORMATS})
digests["index"] = hashlib.sha256(write_index(sys.argv[1], "vi", "2024-01-01").read_bytes()).hexdigest()
print(json.dumps(digests))
"""


def _digests(seed: str, out) -> dict:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(out)], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_every_view_kind_is_the_same_bytes_in_another_process(tmp_path):
    first = _digests("1", tmp_path / "a")
    second = _digests("2", tmp_path / "b")
    assert len(first) == 10
    assert {k for k in first if first[k] != second[k]} == set()
    assert hashlib.sha256(b"").hexdigest() not in first.values()
