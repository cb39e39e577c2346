"""Extraction bench: precision and recall per entity kind and share of verbatim quotes.

Run from the repository root: ``python bench/extract.py``. Gold folders: the curated
Lạng Sơn plan for its announcement, and the fictional test texts in tests/data/extract/.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_build.extract.draft import extract_plan  # noqa: E402
from graph_build.extract.score import score, verbatim_share  # noqa: E402


def cases() -> list[tuple[str, Path, Path]]:
    lang_son = ROOT / "plans" / "lang-son-2021-2030"
    out = [("lang-son", next((lang_son / "sources").glob("*.txt")), lang_son)]
    for folder in sorted((ROOT / "tests" / "data" / "extract").glob("*/")):
        texts = sorted(folder.glob("sources/*.txt"))
        if texts and (folder / "plan.yaml").exists():
            out.append((folder.name, texts[0], folder))
    return out


def run() -> dict[str, dict]:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, text, gold in cases():
            folder, _ = extract_plan(text, f"draft-{name}", Path(tmp))
            results[name] = {"scores": score(folder, gold), "verbatim": verbatim_share(folder)}
    return results


if __name__ == "__main__":
    for name, r in run().items():
        print(name, f"verbatim {r['verbatim']:.0%}")
        for kind, (p, rec) in r["scores"].items():
            print(f"  {kind:20} precision {p:.0%} recall {rec:.0%}")
