"""Precision and recall of `plankg link` against the hand-labelled sets in tests/data/links/.

Run: python bench/linking.py
Prints one row per labelled set (the bundled plans; the made-up alpha/beta
plans written with abbreviations, other word orders and look-alikes) and the
time the suggestion took; appends each row to ``bench/results/linking.jsonl``.
"""

from __future__ import annotations

import time
from pathlib import Path

from record import Record

from graph_build import build
from graph_build.core.iris import DEFAULT_DATA_BASE
from graph_build.linking import suggest as linking

DATA = Path(__file__).parent.parent / "tests" / "data" / "links"
SETS = {
    "bundled plans": (None, DATA / "gold-bundled.tsv"),
    "alpha/beta fixtures": (
        [DATA / "plans" / "alpha-2021-2030", DATA / "plans" / "beta-2021-2030"],
        DATA / "gold-fixtures.tsv",
    ),
}


def main() -> None:
    record = Record("linking")
    print("| set | labelled pairs | suggested | TP | FP | FN | precision | recall | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, (plans, gold) in SETS.items():
        graph = build(plans, shacl=False, links=False).graph()
        start = time.perf_counter()
        suggested = linking.suggest(graph)
        seconds = time.perf_counter() - start
        s = linking.evaluate(suggested, gold, DEFAULT_DATA_BASE)
        record.step(
            name,
            labelled=s.labelled,
            suggested=len(suggested),
            true_positives=s.true_positives,
            false_positives=s.false_positives,
            false_negatives=s.false_negatives,
            precision=round(s.precision, 3),
            recall=round(s.recall, 3),
            seconds=round(seconds, 3),
        )
        print(
            f"| {name} | {s.labelled} | {len(suggested)} | {s.true_positives} | {s.false_positives} | "
            f"{s.false_negatives} | {s.precision:.3f} | {s.recall:.3f} | {seconds:.3f} |"
        )


if __name__ == "__main__":
    main()
