"""The quote check at the size issue 12 measured: 3 000 quotes that do not match a 4.8 MB source.

Generates (deterministically) a plan folder whose one source document is 4.8 MB of Vietnamese
words and whose 3 000 entities each quote a sequence of those words that never occurs in it,
loads it with the real loader, then times in the same run:

- ``old``: the check as it was before (one ``quote in text`` scan per quote, then a hint that
  scans the text once per prefix length); it is kept here, and only here, as the baseline;
- ``new``: ``graph_build.plans.checks.check_quotes`` (one Aho–Corasick pass per document, the
  hints by a batched binary search).

Both must report the same problems. The old check takes minutes at full size, so by default it
runs on the first 100 quotes and its time is scaled up (it is linear in the number of quotes);
``--full-baseline`` runs it on all of them. Both include normalising the document.

    python bench/quotes.py                  # 3 000 quotes, old check on 100 of them, scaled
    python bench/quotes.py --full-baseline  # the old check on all 3 000 (minutes)
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
import unicodedata
from pathlib import Path

from graph_build.core.errors import EXIT_INVALID, Problem
from graph_build.core.textnorm import strip_marks
from graph_build.plans.checks import _all_attestations, check_quotes, normalise_for_quote
from graph_build.plans.loader import load_dataset

WORDS = (
    "quy hoạch tỉnh thời kỳ tầm nhìn đến năm phát triển kinh tế xã hội hạ tầng giao thông đô thị "
    "nông thôn du lịch công nghiệp dịch vụ đầu tư trung ương địa phương dự án ưu tiên thực hiện "
    "khu kinh tế cửa khẩu biên giới môi trường văn hóa giáo dục y tế chuyển đổi số xanh bền vững"
).split()


def make_plan(folder: Path, source_bytes: int, quotes: int, seed: int = 12) -> None:
    rng = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < source_bytes:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word.encode("utf-8")) + 1
    text = " ".join(words)
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "big.txt").write_text(text, encoding="utf-8")
    normalised = normalise_for_quote(text)
    lines = [
        "format: plankg/1",
        "kind: plan",
        f"id: {folder.name}",
        "sources:",
        "  - id: big",
        "    file: sources/big.txt",
        "plan:",
        "  type: ProvincialPlan",
        '  label: {vi: "Q", en: "Q"}',
        "  period_start: 2021",
        "  period_end: 2030",
        '  source: {doc: big, quote: "quy hoạch"}',
        "key_tasks:",
    ]
    made = 0
    while made < quotes:
        # real words from the text, in an order that (checked) never occurs in it
        quote = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        if normalise_for_quote(quote) in normalised:
            continue
        made += 1
        lines += [
            f"  - id: task-{made}",
            f'    label: {{vi: "Nhiệm vụ {made}", en: "Task {made}"}}',
            f'    source: {{doc: big, quote: "{quote}"}}',
        ]
    (folder / "plan.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def old_check_quotes(datasets, limit: int | None = None) -> tuple[list[Problem], int]:
    """The check before issue 12: one scan of the document per quote, and per prefix for the hint."""
    problems = []
    normalised = {}
    seen = 0
    for ds in datasets:
        for sid, source in ds.sources.items():
            if source.text is not None:
                normalised[(ds.id, sid)] = normalise_for_quote(source.text)
        for eid, entity in ds.entities.items():
            for fieldname, attestation in _all_attestations(entity):
                if attestation.quote is None:
                    continue
                if limit is not None and seen >= limit:
                    return problems, seen
                seen += 1
                text = normalised[(ds.id, attestation.source_id)]
                if normalise_for_quote(attestation.quote) not in text:
                    hint = _old_closest_hint(attestation.quote, text)
                    short = attestation.quote if len(attestation.quote) <= 80 else attestation.quote[:79] + "…"
                    problems.append(
                        Problem(
                            f"quote not found in {attestation.source_id!r}: {short!r}{hint}",
                            ds.file,
                            attestation.line,
                            f"{eid}.{fieldname}",
                            exit_code=EXIT_INVALID,
                        )
                    )
    return problems, seen


def _old_closest_hint(quote: str, text: str) -> str:
    words = normalise_for_quote(quote).split(" ")
    for n in range(len(words), 0, -1):
        if " ".join(words[:n]) in text:
            if n < len(words):
                return f" (matches up to {' '.join(words[:n])!r}, then differs at {words[n]!r})"
            break
    if re.search(r"[\u0300-\u036f]", unicodedata.normalize("NFD", quote)) and strip_marks(
        normalise_for_quote(quote)
    ) in strip_marks(text):
        return " (the words match without tone marks: check the diacritics)"
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quotes", type=int, default=3000)
    parser.add_argument("--source-bytes", type=int, default=4_800_000)
    parser.add_argument("--baseline-sample", type=int, default=100, help="quotes the old check runs on")
    parser.add_argument("--full-baseline", action="store_true", help="run the old check on every quote")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bench-2021-2030"
        make_plan(folder, args.source_bytes, args.quotes)
        started = time.perf_counter()
        datasets = [load_dataset(folder)]
        loaded = time.perf_counter() - started
        print(
            f"source: {(folder / 'sources' / 'big.txt').stat().st_size:,} bytes; {args.quotes} quotes, none in it; "
            f"loaded in {loaded:.2f} s"
        )

        started, cpu = time.perf_counter(), time.process_time()
        new = check_quotes(datasets)
        new_s, new_cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"new (Aho–Corasick): {new_s:.3f} s wall, {new_cpu:.3f} s CPU, for {len(new)} problems")

        sample = None if args.full_baseline else min(args.baseline_sample, args.quotes + 1)
        started, cpu = time.perf_counter(), time.process_time()
        old, checked = old_check_quotes(datasets, sample)
        old_s, old_cpu = time.perf_counter() - started, time.process_time() - cpu
        scale = (args.quotes + 1) / max(checked, 1)
        how = "measured" if sample is None else f"{old_cpu:.2f} s CPU for {checked} quotes, scaled to all"
        print(f"old (a scan per quote): {old_s * scale:.1f} s wall, {old_cpu * scale:.1f} s CPU ({how})")
        by_line = {(p.line, p.field): p.message for p in new}
        agree = all(by_line.get((p.line, p.field)) == p.message for p in old)
        print(f"same messages as the old check: {'yes' if agree else 'NO'} ({len(old)} compared)")
        print(f"ratio old/new (CPU): {old_cpu * scale / new_cpu:.0f}x")
        if not agree:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
