"""Regenerate the bad-input cases from the valid sample plan: one fault per folder.

Each case is the sample plan ``../plans/mini-2021-2030`` with one edit; its
first line records what plankg must say: the exit code, the line and a
fragment of the message. Run ``python tests/data/bad/make_cases.py`` after
changing the sample plan, and commit the folders it writes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).parent
SAMPLE = HERE.parent / "plans" / "mini-2021-2030"

# name: (text to replace, replacement, exit code, message fragment, line marker)
# The expected line is where the replacement (or the marker inside it) starts.
CASES = {
    "yaml-syntax-error": ("  period_end: 2030\n", "  period_end: [2030\n", 2, "YAML syntax error", None),
    "tab-indentation": ("  period_end: 2030\n", "\tperiod_end: 2030\n", 2, "YAML syntax error", None),
    "missing-label": ("    label: {vi: \"Chuyển đổi số\", en: \"Digital transformation\"}\n", "", 2,
                      "'label' is required", "  - id: breakthrough-1-digital"),
    "empty-label": ("{vi: \"Chuyển đổi số\", en: \"Digital transformation\"}", "{vi: \"  \", en: \"Digital transformation\"}",
                    2, "must not be empty", "{vi: \"  \""),
    "missing-english-label": ("{vi: \"Phát triển du lịch\", en: \"Tourism development\"}", "{vi: \"Phát triển du lịch\"}",
                              2, "English text ('en') is required", "{vi: \"Phát triển du lịch\"}"),
    "unknown-reference": ("    serves: [objective-2030]\n    source: {doc: mini-doc, quote: \"chuyển đổi số\"}",
                          "    serves: [objective-2050]\n    source: {doc: mini-doc, quote: \"chuyển đổi số\"}",
                          2, "unknown id 'objective-2050'", "objective-2050"),
    "reference-wrong-type": ("    group: [projects-central]", "    group: [breakthrough-1-digital]", 2,
                             "is a Breakthrough; 'group' expects ProjectGroup", "breakthrough-1-digital]"),
    "duplicate-id": ("  - id: breakthrough-2-tourism", "  - id: breakthrough-1-digital", 2,
                     "duplicate id 'breakthrough-1-digital'", "  - id: breakthrough-1-digital\n    label: {vi: \"Phát"),
    "bad-date": ("    date: 01/02/2024", "    date: 31/02/2024", 2, "'31/02/2024' is not a real date", "31/02/2024"),
    "bad-iso-date": ("    date: 2024-03-01", "    date: 2024-13-01", 2, "is not a real date", "2024-13-01"),
    "quote-not-in-source": ("quote: \"2 khâu đột phá\"", "quote: \"3 khâu đột phá\"", 1,
                            "quote not found in 'mini-doc'", "3 khâu đột phá"),
    "wrong-type-year": ("  period_start: 2021", "  period_start: \"năm 2021\"", 2, "must be a whole number",
                        "period_start"),
    "wrong-type-number": ("    min: 8\n", "    min: \"8,5\"\n", 2, "must be a number", "    min:"),
    "unknown-field": ("    ordinal: 1\n", "    ordinal: 1\n    priority: high\n", 2, "unknown field 'priority'", "priority"),
    "unknown-concept": ("concerns_sector: [digital-transformation]", "concerns_sector: [digital-economy]", 2,
                        "'digital-economy' is not a Sector concept", "digital-economy"),
    "missing-source": ("    source: {doc: mini-doc, quote: \"quyết định 999 ngày 01/02/2024\"}\n", "", 2,
                       "'source' is missing", "  - id: decision-999"),
    "unknown-source-document": ("    source: {doc: mini-doc, quote: \"chuyển đổi số\"}",
                                "    source: {doc: mini-text, quote: \"chuyển đổi số\"}", 2,
                                "unknown source document 'mini-text'", "mini-text"),
    "low-confidence-web-fact": ("{web: sample-web, confidence: medium", "{web: sample-web, confidence: low", 2,
                                "facts marked low are left out", "confidence: low"),
    "count-excess": ("{of: Breakthrough, number: 2,", "{of: Breakthrough, number: 1,", 1,
                     "2 Breakthrough named but the source states 1", "{of: Breakthrough, number: 1,"),
    "missing-source-file": ("file: sources/mini-announcement.txt", "file: sources/missing.txt", 2,
                            "source document 'sources/missing.txt': file not found", "sources/missing.txt"),
    "python-object-tag": ("  period_end: 2030\n", "  period_end: !!python/object/apply:os.system [\"true\"]\n", 2,
                          "is not allowed in plan files", "period_end"),
    "yaml-alias": ("    number: \"999/QĐ-TTg\"", "    number: &n \"999/QĐ-TTg\"\n    ordinal: *n", 2,
                   "anchors and aliases", "    ordinal: *n"),
    "duplicate-key": ("    year: 2030\n    targets:", "    year: 2030\n    year: 2031\n    targets:", 2,
                      "duplicate key 'year'", "    year: 2031"),
    "cyclic-sub-groups": ("    funding_category: central\n", "    funding_category: central\n    sub_groups: [projects-all]\n",
                          2, "'sub_groups' forms a cycle", "    sub_groups: [projects-central"),
}


def main() -> None:
    template = (SAMPLE / "plan.yaml").read_text(encoding="utf-8")
    for old in sorted(p for p in HERE.iterdir() if p.is_dir()):
        shutil.rmtree(old)
    for name, (old, new, code, fragment, marker) in CASES.items():
        if template.count(old) < 1:
            raise SystemExit(f"{name}: {old!r} not in the sample plan")
        text = template.replace(old, new, 1)
        at = text.index(marker if marker else new)
        line = text[:at].count("\n") + 2  # +1 for 1-based lines, +1 for the header line below
        folder = HERE / name / "mini-2021-2030"
        shutil.copytree(SAMPLE / "sources", folder / "sources")
        header = f"# expect: exit={code} line={line} message={fragment}\n"
        (folder / "plan.yaml").write_text(header + text, encoding="utf-8")


if __name__ == "__main__":
    main()
