"""National-scale synthetic plan folders, written in plankg's own plan-file format.

The benchmark must measure the real path (YAML → records → checks → RDF →
SHACL → files), so this writes ``plan.yaml`` folders with a ``sources/`` text
that contains every quote, exactly as a user would:

* one national master plan, six regional plans (each implements the
  national plan) and N provincial plans (each implements its region);
* per provincial plan: its province and ~10 districts (``places``), two
  objectives, ~15 targets, 8 key tasks, 4 breakthroughs, 3 project groups
  (with stated counts), and P projects linked to sectors, districts,
  breakthroughs and groups; vi and en labels; facts quoted from the plan's
  source document or cited from a web page with a confidence mark.

P is chosen so the whole build has about the requested number of triples
(~28 triples per project). Deterministic for a given seed.

    python bench/synth.py --triples 1e5 --out /tmp/plans   # writes /tmp/plans/<plan-id>/
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SECTORS = (
    "agriculture-forestry-fisheries",
    "border-gate-economy",
    "culture",
    "digital-transformation",
    "energy",
    "environment",
    "industry",
    "infrastructure",
    "logistics",
    "services",
    "tourism",
    "trade",
    "transport",
    "urban-development",
    "human-resources",
    "social-security",
)
INDICATORS = (
    ("grdp-growth", "percent-per-year"),
    ("agriculture-growth", "percent-per-year"),
    ("industry-construction-growth", "percent-per-year"),
    ("services-growth", "percent-per-year"),
    ("share-agriculture", "percent"),
    ("share-industry-construction", "percent"),
    ("share-services", "percent"),
    ("grdp-per-capita", "million-vnd"),
    ("total-investment", "thousand-billion-vnd"),
    ("poverty-rate-reduction", "percentage-points-per-year"),
    ("urbanisation-rate", "percent"),
    ("forest-cover", "percent"),
    ("budget-revenue-growth", "percent-per-year"),
    ("income-per-capita", "million-vnd"),
    ("tfp-share", "percent"),
)
WORDS_VI = (
    "Phát triển",
    "hạ tầng",
    "giao thông",
    "công nghiệp",
    "đô thị",
    "cửa khẩu",
    "du lịch",
    "nông nghiệp",
    "chuyển đổi số",
    "kinh tế",
    "năng lượng",
    "môi trường",
    "logistics",
    "thương mại",
    "văn hóa",
    "nhà ở",
    "thủy lợi",
    "y tế",
    "giáo dục",
    "cảng cạn",
    "khu công nghiệp",
    "đường tỉnh",
    "cầu",
    "trường học",
)
WORDS_EN = (
    "development",
    "infrastructure",
    "transport",
    "industry",
    "urban",
    "border gate",
    "tourism",
    "agriculture",
    "digital",
    "economy",
    "energy",
    "environment",
    "logistics",
    "trade",
    "culture",
    "housing",
    "irrigation",
    "health",
    "education",
    "dry port",
    "industrial park",
    "road",
    "bridge",
    "school",
)
REGIONS = ("trung-du-mien-nui", "dong-bang-song-hong", "bac-trung-bo", "tay-nguyen", "dong-nam-bo", "dong-bang-scl")
TRIPLES_PER_PROJECT = 21
FIXED_TRIPLES_PER_PLAN = 900


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Plan:
    """One plan.yaml being written: lines of YAML plus the source text every quote comes from."""

    def __init__(self, plan_id: str, rng: random.Random):
        self.id, self.rng = plan_id, rng
        self.lines: list[str] = []
        self.source: list[str] = []
        self.n = 0

    def quote(self, *words: str) -> str:
        """A new sentence added to the source document, quoted back."""
        self.n += 1
        text = f"{' '.join(words)} số {self.n} của {self.id}"
        self.source.append(text + ".")
        return text

    def label(self, vi: str, en: str) -> list[str]:
        return [f"    label: {{vi: {_q(vi)}, en: {_q(en)}}}"]

    def doc(self, *words: str) -> str:
        return f"{{doc: announcement, quote: {_q(self.quote(*words))}}}"

    def web(self, note: str) -> str:
        return f"{{web: portal, confidence: {self.rng.choice(('high', 'medium'))}, note: {_q(note)}}}"


def write_plan(
    root: Path,
    plan_id: str,
    kind: str,
    title: tuple[str, str],
    territory: str,
    implements: str | None,
    n_projects: int,
    rng: random.Random,
    province: tuple[str, str] | None = None,
) -> None:
    p = _Plan(plan_id, rng)
    L = p.lines
    L += [
        "format: plankg/1",
        "kind: plan",
        f"id: {plan_id}",
        "",
        "sources:",
        "  - id: announcement",
        "    file: sources/announcement.txt",
        f"    title: {{vi: {_q(title[0])}, en: {_q(title[1])}}}",
        "  - id: portal",
        f"    url: https://example.org/{plan_id}",
        '    title: {en: "Provincial portal (synthetic)"}',
        "",
    ]
    n_districts = 10 if province else 0
    districts = [f"district-{i + 1}" for i in range(n_districts)]
    L += [
        "plan:",
        f"  type: {kind}",
        f"  label: {{vi: {_q(title[0])}, en: {_q(title[1])}}}",
        "  period_start: 2021",
        "  period_end: 2030",
        "  vision_year: 2050",
        f"  territory: [{territory}]",
    ]
    if implements:
        L.append(f"  implements: [{implements}]")
    L += [
        "  counts:",
        f"    - {{of: Breakthrough, number: 4, source: {p.doc('4 khâu đột phá')}}}",
        f"    - {{of: Project, number: {n_projects + 10}, source: {p.web('the plan lists its priority projects')}}}",
        f"  source: {p.doc(title[0])}",
        "",
    ]
    if province:
        L += [
            "places:",
            f"  - id: {territory}",
            "    type: Province",
            f"    label: {{vi: {_q('Tỉnh ' + province[0])}, en: {_q(province[1] + ' Province')}}}",
            "    part_of: [vietnam]",
            f"    source: {p.web('the province')}",
        ]
        for i, d in enumerate(districts):
            L += [
                f"  - id: {d}",
                "    type: District",
                f"    label: {{vi: {_q(f'Huyện {rng.choice(WORDS_VI)} {i + 1}')}, en: {_q(f'District {i + 1}')}}}",
                f"    part_of: [{territory}]",
                "    valid_until: 2025-06-30",
                f"    source: {p.web(f'district {i + 1}')}",
            ]
        L.append("")
    L += ["objectives:"]
    targets = [f"target-{i + 1}" for i in range(15)]
    for o, (otype, year) in enumerate((("GeneralObjective", 2030), ("SpecificObjective", 2030))):
        L += [
            f"  - id: objective-{o + 1}",
            f"    type: {otype}",
            *p.label(f"Mục tiêu {o + 1} đến năm {year}", f"Objective {o + 1} to {year}"),
            f"    year: {year}",
            f"    concerns_sector: [{', '.join(rng.sample(SECTORS, 3))}]",
        ]
        if o == 1:
            L.append("    targets:")
            L += [f"      - {{ref: {t}, source: {p.web('target ' + t)}}}" for t in targets]
        L.append(f"    source: {p.doc('Mục tiêu phát triển', str(o + 1))}")
    L += ["", "targets:"]
    for i, t in enumerate(targets):
        indicator, unit = INDICATORS[i % len(INDICATORS)]
        low = rng.randint(2, 12)
        L += [
            f"  - id: {t}",
            *p.label(f"Chỉ tiêu {indicator} {i + 1}", f"Target {indicator} {i + 1}"),
            f"    indicator: {indicator}",
            f"    min: {low}",
            f"    max: {low + rng.choice((1, 0.5))}",
            f"    unit: {unit}",
            "    comparison: between",
            "    year: 2030",
            f"    source: {p.web('target ' + indicator)}",
        ]
    L += ["", "key_tasks:"]
    for i in range(8):
        L += [
            f"  - id: task-{i + 1}",
            *p.label(
                f"Nhiệm vụ trọng tâm {i + 1}: {rng.choice(WORDS_VI)} {rng.choice(WORDS_VI)}",
                f"Key task {i + 1}: {rng.choice(WORDS_EN)} {rng.choice(WORDS_EN)}",
            ),
            f"    ordinal: {i + 1}",
            f"    concerns_sector: [{', '.join(rng.sample(SECTORS, 2))}]",
            "    serves:",
            f"      - {{ref: objective-1, source: {p.doc('nhiệm vụ trọng tâm', str(i + 1))}}}",
            f"    source: {p.doc('Nhiệm vụ', str(i + 1))}",
        ]
    L += ["", "breakthroughs:"]
    for i in range(4):
        L += [
            f"  - id: breakthrough-{i + 1}",
            *p.label(f"Đột phá {i + 1}: {rng.choice(WORDS_VI)}", f"Breakthrough {i + 1}: {rng.choice(WORDS_EN)}"),
            f"    ordinal: {i + 1}",
            f"    concerns_sector: [{rng.choice(SECTORS)}]",
            "    serves: [objective-1]",
            f"    source: {p.doc('khâu đột phá', str(i + 1))}",
        ]
    groups = ("central", "provincial", "investment-attraction")
    L += ["", "project_groups:"]
    for g in groups:
        L += [
            f"  - id: projects-{g}",
            *p.label(f"Nhóm dự án {g}", f"Project group {g}"),
            f"    funding_category: {g}",
            f"    source: {p.doc('Danh mục dự án', g)}",
        ]
    L += ["", "projects:"]
    for i in range(n_projects):
        a, b = rng.randrange(len(WORDS_VI)), rng.randrange(len(WORDS_VI))
        group = groups[i % 3]
        L += [
            f"  - id: project-{i + 1}",
            *p.label(f"Dự án {WORDS_VI[a]} {WORDS_VI[b]} {i + 1}", f"Project {WORDS_EN[a]} {WORDS_EN[b]} {i + 1}"),
            f"    concerns_sector: [{', '.join(rng.sample(SECTORS, rng.choice((1, 2))))}]",
            f"    group: [projects-{group}]",
            f"    funding_category: {group}",
        ]
        if districts:
            L.append(f"    located_in: [{', '.join(rng.sample(districts, rng.choice((1, 1, 2))))}]")
        if rng.random() < 0.5:
            L += [
                "    carries_breakthrough:",
                f"      - {{ref: breakthrough-{rng.randint(1, 4)}, source: {p.doc('dự án đột phá', str(i + 1))}}}",
            ]
        if rng.random() < 0.3:
            L.append(f"    length_km: {rng.randint(3, 120)}.{rng.randint(0, 9)}")
        L.append(f"    source: {p.doc('Dự án', WORDS_VI[a], WORDS_VI[b], str(i + 1))}")
    folder = root / plan_id
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "plan.yaml").write_text("\n".join(L) + "\n", encoding="utf-8")
    (folder / "sources" / "announcement.txt").write_text("\n".join(p.source) + "\n", encoding="utf-8")


def generate(out: Path, triples: float, provinces: int | None = None, seed: int = 1) -> list[Path]:
    """Plan folders for about ``triples`` triples; returns them, national first.

    ``provinces`` defaults to 34 below 5·10^5 triples, else 63 (before and
    after the July 2025 merger).
    """
    rng = random.Random(seed)
    provinces = provinces or (34 if triples < 5e5 else 63)
    n_plans = provinces + 7
    per_plan = max(20, int((triples / n_plans - FIXED_TRIPLES_PER_PLAN) / TRIPLES_PER_PROJECT))
    out = Path(out)
    plans = []
    write_plan(
        out,
        "synth-national-2021-2030",
        "NationalMasterPlan",
        ("Quy hoạch tổng thể quốc gia (tổng hợp)", "National master plan (synthetic)"),
        "vietnam",
        None,
        per_plan,
        rng,
    )
    plans.append(out / "synth-national-2021-2030")
    for r in REGIONS:
        pid = f"synth-{r}-2021-2030"
        write_plan(
            out,
            pid,
            "RegionalPlan",
            (f"Quy hoạch vùng {r}", f"Regional plan {r}"),
            "vietnam",
            "synth-national-2021-2030",
            per_plan,
            rng,
        )
        plans.append(out / pid)
    for i in range(provinces):
        pid = f"synth-p{i + 1:02d}-2021-2030"
        region = REGIONS[i % len(REGIONS)]
        write_plan(
            out,
            pid,
            "ProvincialPlan",
            (f"Quy hoạch tỉnh Tổng Hợp {i + 1}", f"Synthetic Province {i + 1} plan"),
            f"synth-province-{i + 1}",
            f"synth-{region}-2021-2030",
            per_plan,
            rng,
            province=(f"Tổng Hợp {i + 1}", f"Synthetic {i + 1}"),
        )
        plans.append(out / pid)
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=float, default=1e5)
    parser.add_argument("--provinces", type=int)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    plans = generate(args.out, args.triples, args.provinces)
    print(f"{len(plans)} plan folders in {args.out}")


if __name__ == "__main__":
    main()
