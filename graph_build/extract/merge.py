"""``--merge``: what the text states that the folder lacks, and what the folder claims the text does not say."""

from __future__ import annotations

import re
from pathlib import Path

from graph_build.extract.rules import Extraction
from graph_build.plans.loader import load_dataset


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[.,;:]+$", "", text).casefold().split())


def compare(ex: Extraction, folder: Path) -> list[str]:
    ds = load_dataset(Path(folder) / "plan.yaml")
    have = {_fold(label) for e in ds.entities.values() for label in e.label.values()}
    quotes = {_fold(a.quote) for e in ds.entities.values() for a in e.sources if a.quote}
    counts = {(c.of, c.number) for e in ds.entities.values() for c in e.counts}
    lines = []
    for p in ex.proposals:
        if p.section == "plan":
            continue
        if _fold(p.label) not in have and not any(_fold(p.quote) in q for q in quotes):
            lines.append(f"- the text states, the folder lacks: {p.section} {p.id}: {p.label}")
        for of, number, _quote in p.counts:
            if (of, number) not in counts:
                lines.append(f"- the text states, the folder lacks: count {number} {of}")
    text = _fold(ex.text)
    for e in ds.entities.values():
        doc_quotes = [a.quote for a in e.sources if a.quote]
        if e.id != "plan" and not any(_fold(q) in text for q in doc_quotes):
            lines.append(f"- the folder claims, the text does not say: {e.type} {e.id}")
    return lines
