"""Regenerate the bad-input cases from the valid sample plan: one fault per folder.

Each case is the sample plan ``../plans/mini-2021-2030`` with one edit; its
``expect.txt`` records what plankg must say: the exit code, the line and a
fragment of the message (exit=0: the input is odd but fine, e.g. NFD text or
a label with markup, which is kept as text). Run ``python tests/data/bad/make_cases.py`` after
changing the sample plan, and commit the folders it writes.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
SAMPLE = HERE.parent / "plans" / "mini-2021-2030"

# name: (text to replace, replacement, exit code, message fragment, line marker[, why])
# The expected line is where the replacement (or the marker inside it) starts; "why", when
# given, says why the input must fail (written to expect.txt after the expectation).
CASES = {
    "yaml-syntax-error": ("  period_end: 2030\n", "  period_end: [2030\n", 2, "YAML syntax error", None),
    "tab-indentation": ("  period_end: 2030\n", "\tperiod_end: 2030\n", 2, "YAML syntax error", None),
    "missing-label": (
        '    label: {vi: "Chuyển đổi số", en: "Digital transformation"}\n',
        "",
        2,
        "'label' is required",
        "  - id: breakthrough-1-digital",
    ),
    "empty-label": (
        '{vi: "Chuyển đổi số", en: "Digital transformation"}',
        '{vi: "  ", en: "Digital transformation"}',
        2,
        "must not be empty",
        '{vi: "  "',
    ),
    "missing-english-label": (
        '{vi: "Phát triển du lịch", en: "Tourism development"}',
        '{vi: "Phát triển du lịch"}',
        2,
        "English text ('en') is required",
        '{vi: "Phát triển du lịch"}',
    ),
    "unknown-reference": (
        '    serves: [objective-2030]\n    source: {doc: mini-doc, quote: "chuyển đổi số"}',
        '    serves: [objective-2050]\n    source: {doc: mini-doc, quote: "chuyển đổi số"}',
        2,
        "unknown id 'objective-2050'",
        "objective-2050",
    ),
    "reference-wrong-type": (
        "    group: [projects-central]",
        "    group: [breakthrough-1-digital]",
        2,
        "is a Breakthrough; 'group' expects ProjectGroup",
        "breakthrough-1-digital]",
    ),
    "duplicate-id": (
        "  - id: breakthrough-2-tourism",
        "  - id: breakthrough-1-digital",
        2,
        "duplicate id 'breakthrough-1-digital'",
        '  - id: breakthrough-1-digital\n    label: {vi: "Phát',
    ),
    "bad-date": ("    date: 01/02/2024", "    date: 31/02/2024", 2, "'31/02/2024' is not a real date", "31/02/2024"),
    "bad-iso-date": ("    date: 2024-03-01", "    date: 2024-13-01", 2, "is not a real date", "2024-13-01"),
    "quote-not-in-source": (
        'quote: "2 khâu đột phá"',
        'quote: "3 khâu đột phá"',
        1,
        "quote not found in 'mini-doc'",
        "3 khâu đột phá",
    ),
    "wrong-type-year": (
        "  period_start: 2021",
        '  period_start: "năm 2021"',
        2,
        "must be a whole number",
        "period_start",
    ),
    "wrong-type-number": ("    min: 8\n", '    min: "8,5"\n', 2, "must be a number", "    min:"),
    "unknown-field": (
        "    ordinal: 1\n",
        "    ordinal: 1\n    priority: high\n",
        2,
        "unknown field 'priority'",
        "priority",
    ),
    "unknown-concept": (
        "concerns_sector: [digital-transformation]",
        "concerns_sector: [digital-economy]",
        2,
        "'digital-economy' is not a Sector concept",
        "digital-economy",
    ),
    "missing-source": (
        '    source: {doc: mini-doc, quote: "quyết định 999 ngày 01/02/2024"}\n',
        "",
        2,
        "'source' is missing",
        "  - id: decision-999",
    ),
    "unknown-source-document": (
        '    source: {doc: mini-doc, quote: "chuyển đổi số"}',
        '    source: {doc: mini-text, quote: "chuyển đổi số"}',
        2,
        "unknown source document 'mini-text'",
        "mini-text",
    ),
    "low-confidence-web-fact": (
        "{web: sample-web, confidence: medium",
        "{web: sample-web, confidence: low",
        2,
        "facts marked low are left out",
        "confidence: low",
    ),
    "count-excess": (
        "{of: Breakthrough, number: 2,",
        "{of: Breakthrough, number: 1,",
        1,
        "2 Breakthrough named but the source states 1",
        "{of: Breakthrough, number: 1,",
    ),
    "missing-source-file": (
        "file: sources/mini-announcement.txt",
        "file: sources/missing.txt",
        2,
        "source document 'sources/missing.txt': file not found",
        "sources/missing.txt",
    ),
    "python-object-tag": (
        "  period_end: 2030\n",
        '  period_end: !!python/object/apply:os.system ["true"]\n',
        2,
        "is not allowed in plan files",
        "period_end",
    ),
    "yaml-alias": (
        '    number: "999/QĐ-TTg"',
        '    number: &n "999/QĐ-TTg"\n    ordinal: *n',
        2,
        "anchors and aliases",
        "    number: &n",
    ),
    "duplicate-key": (
        "    year: 2030\n    targets:",
        "    year: 2030\n    year: 2031\n    targets:",
        2,
        "duplicate key 'year'",
        "    year: 2031",
    ),
    "cyclic-sub-groups": (
        "    funding_category: central\n",
        "    funding_category: central\n    sub_groups: [projects-all]\n",
        2,
        "'sub_groups' forms a cycle",
        "    sub_groups: [projects-central",
    ),
    # --- encodings and text -------------------------------------------------------
    "nfd-text-is-accepted": ("Chuyển đổi số", "NFD:Chuyển đổi số", 0, "", None),
    "old-style-tone-marks-in-quote": (
        'quote: "phát triển hài hòa giữa',
        'quote: "phát triển hài hoà giữa',
        0,
        "",
        None,
    ),
    "control-character": (
        'en: "Digital transformation"',
        'en: "Digital\x07 transformation"',
        2,
        "control character U+0007",
        "Digital\x07",
    ),
    "script-in-label-is-text": ('en: "Digital transformation"', 'en: "<script>alert(1)</script>"', 0, "", None),
    "emoji-and-rtl-label-is-text": ('en: "Digital transformation"', 'en: "Digital 🚀 تحول رقمي"', 0, "", None),
    # --- top level ------------------------------------------------------------------
    "missing-format": ("format: plankg/1\n", "", 2, "'format' must be 'plankg/1'", "kind: plan"),
    "wrong-format-version": (
        "format: plankg/1",
        "format: plankg/9",
        2,
        "'format' must be 'plankg/1'",
        "format: plankg/9",
    ),
    "wrong-kind": ("kind: plan", "kind: programme", 2, "'kind' must be 'plan' or 'reference'", "kind: programme"),
    "id-differs-from-folder": (
        "id: mini-2021-2030",
        "id: mini-2021-2031",
        2,
        "differs from its folder name",
        "id: mini-2021-2031",
    ),
    "unknown-section": (
        "decisions:\n",
        "decision:\n",
        2,
        "unknown section 'decision' (did you mean 'decisions'?)",
        "decision:\n",
    ),
    "section-not-a-list": (
        "BLOCK:events:",
        "events: event-launch\n",
        2,
        "section 'events' must be a list",
        "events: event-launch",
    ),
    "item-not-a-mapping": (
        "key_tasks:\n",
        "key_tasks:\n  - just a line of text\n",
        2,
        "each item of 'key_tasks' must be a mapping",
        "  - just a line of text",
    ),
    "missing-sources": ("BLOCK:sources:", "", 2, "'sources' is missing", "format: plankg/1"),
    "plan-section-missing": (
        "plan:\n  type: ProvincialPlan",
        "plans:\n  type: ProvincialPlan",
        2,
        "unknown section 'plans' (did you mean 'plan'?)",
        "plans:",
    ),
    # --- sources ------------------------------------------------------------------------
    "source-file-and-url": (
        "    file: sources/mini-announcement.txt\n",
        "    file: sources/mini-announcement.txt\n    url: https://example.org/x\n",
        2,
        "needs exactly one of 'file'",
        "  - id: mini-doc",
    ),
    "duplicate-source-id": (
        "  - id: sample-web",
        "  - id: mini-doc\n    url: https://example.org/other\n  - id: sample-web",
        2,
        "duplicate source id 'mini-doc'",
        "  - id: mini-doc\n    url",
    ),
    "url-with-space": (
        "url: https://example.org/mini-plan",
        "url: https://example.org/mini plan",
        2,
        "'url' must be an http(s) address without spaces",
        "url: https://example.org/mini plan",
    ),
    "url-with-angle-brackets": (
        "url: https://example.org/mini-plan",
        'url: "https://example.org/<mini>"',
        2,
        "'url' must be an http(s) address",
        'url: "https://example.org/<mini>',
    ),
    "cite-web-page-as-doc": (
        'source: {doc: mini-doc, quote: "quyết định 999',
        'source: {doc: sample-web, quote: "quyết định 999',
        2,
        "is a web page: cite it with 'web:'",
        "source: {doc: sample-web",
    ),
    "cite-document-as-web": (
        "    source: {web: sample-web, confidence: high}",
        "    source: {web: mini-doc, confidence: high}",
        2,
        "is a kept document: cite it with 'doc:'",
        "    source: {web: mini-doc",
    ),
    "web-source-with-quote": (
        "{web: sample-web, confidence: high}",
        '{web: sample-web, confidence: high, quote: "x"}',
        2,
        "a web source has no checked quote",
        "{web: sample-web, confidence: high, quote",
    ),
    "web-source-without-confidence": (
        "{web: sample-web, confidence: high}",
        "{web: sample-web}",
        2,
        "'confidence' must be high or medium",
        "{web: sample-web}",
    ),
    "doc-source-without-quote": (
        'source: {doc: mini-doc, quote: "quyết định 999 ngày 01/02/2024"}',
        "source: {doc: mini-doc}",
        2,
        "'quote' is required with 'doc'",
        "source: {doc: mini-doc}",
    ),
    "quote-too-long": (
        'quote: "quyết định 999 ngày 01/02/2024"',
        'quote: "' + "dài " * 300 + '"',
        2,
        "quote longer than 1000 characters",
        'quote: "dài',
    ),
    "source-both-doc-and-web": (
        'source: {doc: mini-doc, quote: "quyết định 999 ngày 01/02/2024"}',
        'source: {doc: mini-doc, web: sample-web, quote: "quyết định 999 ngày 01/02/2024"}',
        2,
        "either 'doc' (with a quote) or 'web'",
        "source: {doc: mini-doc, web",
    ),
    # --- entities and fields ----------------------------------------------------------------
    "id-with-capitals": (
        "  - id: decision-999",
        "  - id: Decision-999",
        2,
        "'id' is required: lower-case ASCII",
        "  - id: Decision-999",
    ),
    "id-with-space-and-brackets": (
        "  - id: decision-999",
        '  - id: "decision <999>"',
        2,
        "'id' is required: lower-case ASCII",
        '  - id: "decision <999>',
    ),
    "reserved-id-plan": ("  - id: decision-999", "  - id: plan", 2, "'plan' is reserved", "  - id: plan"),
    "type-not-allowed-here": (
        "    type: GeneralObjective",
        "    type: Breakthrough",
        2,
        "type 'Breakthrough' is not allowed here",
        "    type: Breakthrough",
    ),
    "missing-required-field": (
        '    number: "999/QĐ-TTg"\n',
        "",
        2,
        "'number' is required for a Decision",
        "  - id: decision-999",
    ),
    "label-not-a-mapping": (
        'label: {vi: "Quyết định 999", en: "Decision 999"}',
        "label: Quyết định 999",
        2,
        "must be a mapping of languages",
        "label: Quyết định 999",
    ),
    "label-unknown-language": (
        '{vi: "Quyết định 999", en: "Decision 999"}',
        '{vi: "Quyết định 999", en: "Decision 999", fr: "Décision 999"}',
        2,
        "language 'fr' is not supported",
        'label: {vi: "Quyết định 999", en: "Decision 999", fr',
    ),
    "label-is-a-number": (
        '{vi: "Quyết định 999", en: "Decision 999"}',
        '{vi: 999, en: "Decision 999"}',
        2,
        "must be text, not a number",
        "label: {vi: 999",
    ),
    "year-as-float": (
        "  period_end: 2030",
        "  period_end: 2030.5",
        2,
        "must be a whole number",
        "  period_end: 2030.5",
    ),
    "implausible-year": (
        "  vision_year: 2050",
        "  vision_year: 20500",
        2,
        "20500 is not a plausible year",
        "  vision_year: 20500",
    ),
    "number-with-vietnamese-thousands": (
        "    max: 9\n",
        '    max: "831.018"\n',
        2,
        "no thousands separator",
        '    max: "831.018"',
    ),
    "percent-with-decimal-comma": (
        "    max: 9\n",
        '    max: "8,5%"\n',
        2,
        "with a '.' decimal point",
        '    max: "8,5%"',
    ),
    "bool-as-text": (
        "    date: 2024-03-01\n",
        '    date: 2024-03-01\n    date_is_planned: "có"\n',
        2,
        "must be true or false",
        "    date_is_planned",
    ),
    "date-as-number": (
        "    date: 01/02/2024",
        "    date: 20240201",
        2,
        "must be a date dd/mm/yyyy",
        "    date: 20240201",
    ),
    "empty-reference-list": (
        "    approves: [plan]",
        "    approves: []",
        2,
        "must not be an empty list",
        "    approves: []",
    ),
    "list-for-single-reference": (
        "    year: 2030\n    targets: [target-growth]",
        "    year: 2030\n    targets: [target-growth]\n    names: [lang-son]",
        0,
        "",
        None,
    ),
    "concept-from-wrong-scheme": (
        "    unit: percent-per-year",
        "    unit: grdp-growth",
        2,
        "'grdp-growth' is not a Unit concept",
        "    unit: grdp-growth",
    ),
    "reference-to-reference-data-wrong-type": (
        "  territory: [lang-son]",
        "  territory: [lang-son-2021-2030]",
        2,
        "is a Plan; 'territory' expects Place",
        "  territory: [lang-son-2021-2030]",
    ),
    "unknown-key-in-reference": (
        "{ref: tourism, source:",
        "{ref: tourism, sauce:",
        2,
        "unknown key 'sauce' in a reference",
        "{ref: tourism, sauce:",
    ),
    "id-shadows-reference-id": (
        "  - id: project-gate-road",
        "  - id: lang-son",
        2,
        "is already a reference id",
        "  - id: lang-son",
    ),
    # --- counts ------------------------------------------------------------------------------
    "count-of-unknown-type": (
        "{of: Breakthrough, number: 2,",
        "{of: Breakthru, number: 2,",
        2,
        "'of' must be an entity type",
        "{of: Breakthru",
    ),
    "count-negative": (
        "{of: Breakthrough, number: 2,",
        "{of: Breakthrough, number: -2,",
        2,
        "whole number ≥ 0",
        "{of: Breakthrough, number: -2",
    ),
    "counted-twice": (
        '    - {of: Breakthrough, number: 2, source: {doc: mini-doc, quote: "2 khâu đột phá"}}\n',
        '    - {of: Breakthrough, number: 2, source: {doc: mini-doc, quote: "2 khâu đột phá"}}\n'
        '    - {of: Breakthrough, number: 2, source: {doc: mini-doc, quote: "2 khâu đột phá"}}\n',
        2,
        "Breakthrough is counted twice",
        '    - {of: Breakthrough, number: 2, source: {doc: mini-doc, quote: "2 khâu đột phá"}}\n  source',
    ),
    "counts-on-wrong-owner": (
        "    approves: [plan]\n",
        "    approves: [plan]\n    counts: [{of: Plan, number: 1, source: {web: sample-web, confidence: high}}]\n",
        2,
        "'counts' can be given on a plan",
        "    counts: [{of: Plan",
    ),
    # --- YAML hazards --------------------------------------------------------------------------
    "yaml-merge-key": (
        "  - id: decision-999\n",
        "  - id: decision-999\n    <<: {ordinal: 3}\n",
        2,
        "merge keys",
        "    <<:",
    ),
    "yaml-binary-tag": (
        '    number: "999/QĐ-TTg"',
        "    number: !!binary aGVsbG8=",
        2,
        "is not allowed in plan files",
        "    number: !!binary",
    ),
    "billion-laughs": (
        "  period_end: 2030\n",
        '  period_end: 2030\nlol:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        "  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
        2,
        "anchors and aliases",
        "  a: &a",
    ),
    "deep-nesting": (
        "    ordinal: 1\n",
        "    ordinal: 1\n    description: " + "{vi: " * 25 + "x" + "}" * 25 + "\n",
        2,
        "nested more than 20 levels deep",
        "    description:",
    ),
    "place-part-of-cycle": (
        "events:\n",
        'places:\n  - id: zone-a\n    label: {vi: "Vùng A", en: "Zone A"}\n    part_of: [zone-b]\n'
        '    source: {web: sample-web, confidence: high}\n  - id: zone-b\n    label: {vi: "Vùng B", en: "Zone B"}\n'
        "    part_of: [zone-a]\n    source: {web: sample-web, confidence: high}\nevents:\n",
        2,
        "'part_of' forms a cycle: zone-a → zone-b → zone-a",
        "    part_of: [zone-b]",
    ),
    # --- issue 12: sources confined to the plan folder ---------------------------------------
    "source-file-absolute": (
        "file: sources/mini-announcement.txt",
        "file: /etc/passwd",
        2,
        "is outside the plan folder",
        "/etc/passwd",
        "an absolute path would let a plan read, and quote into the graph, any file on the machine",
    ),
    "source-file-device": (
        "file: sources/mini-announcement.txt",
        "file: /dev/zero",
        2,
        "is outside the plan folder",
        "/dev/zero",
        "a device is outside the plan folder, and /dev/zero never ends",
    ),
    "source-file-parent": (
        "file: sources/mini-announcement.txt",
        "file: sources/../../expect.txt",
        2,
        "is outside the plan folder",
        "sources/../..",
        "'..' leaves the plan folder",
    ),
    "source-file-home": (
        "file: sources/mini-announcement.txt",
        "file: ~/mini-announcement.txt",
        2,
        "'~' is not expanded",
        "~/",
        "paths are relative to the plan folder; '~' would mislead",
    ),
    "source-file-backslash": (
        "file: sources/mini-announcement.txt",
        "file: sources\\mini-announcement.txt",
        2,
        "use '/' between folders",
        "sources\\",
        "a backslash is a separator only on Windows",
    ),
    "source-file-directory": (
        "file: sources/mini-announcement.txt",
        "file: sources",
        2,
        "is a folder, not a file",
        "file: sources",
        "a folder cannot be quoted",
    ),
    "source-file-nul-escape": (
        "file: sources/mini-announcement.txt",
        'file: "sources/mini-announcement.txt\\0"',
        2,
        "control character U+0000 in the text (YAML escapes",
        "sources/mini-announcement.txt\\0",
        "a NUL written as a YAML escape is a control character (and cannot be in a path)",
    ),
    # --- issue 12: ids that end in a line feed ---------------------------------------------
    "id-trailing-newline-escape": (
        "  - id: task-1-balance",
        '  - id: "task-1-balance\\n"',
        2,
        "'id' is required: lower-case ASCII",
        "task-1-balance\\n",
        "'$' in a pattern accepts a final line feed; ids are matched whole",
    ),
    "plan-id-trailing-newline": (
        "id: mini-2021-2030",
        'id: "mini-2021-2030\\n"',
        2,
        "'id' must be lower-case letters",
        "mini-2021-2030\\n",
        "a plan id ending in a line feed used to crash build",
    ),
    "source-id-trailing-newline": (
        "  - id: mini-doc",
        '  - id: "mini-doc\\n"',
        2,
        "source 'id' must be letters",
        "mini-doc\\n",
        "source ids are matched whole",
    ),
    "url-trailing-newline": (
        "url: https://example.org/mini-plan",
        'url: "https://example.org/mini-plan\\n"',
        2,
        "'url' must be an http(s) address",
        "mini-plan\\n",
        "an address is matched whole",
    ),
    # --- issue 12: control characters in any spelling -----------------------------------------
    "escape-esc": (
        'en: "Digital transformation"',
        'en: "\\e[31mDigital transformation"',
        2,
        "control character U+001B in the text (YAML escapes",
        "\\e[31m",
        "YAML's \\e escape makes an ESC, which would colour or rewrite a terminal",
    ),
    "escape-x1b": (
        'en: "Digital transformation"',
        'en: "\\x1b]0;title\\x07Digital transformation"',
        2,
        "control character U+001B in the text (YAML escapes",
        "\\x1b]",
        "\\x1b is ESC",
    ),
    "escape-nul": (
        'en: "Digital transformation"',
        'en: "Digital\\0 transformation"',
        2,
        "control character U+0000 in the text (YAML escapes",
        "Digital\\0",
        "NUL ends strings in C tools",
    ),
    "escape-nel": (
        'en: "Digital transformation"',
        'en: "Digital\\x85 transformation"',
        2,
        "control character U+0085 in the text (YAML escapes",
        "Digital\\x85",
        "NEL is a hidden line break",
    ),
    "escape-line-separator": (
        'en: "Digital transformation"',
        'en: "Digital\\u2028 transformation"',
        2,
        "control character U+2028 in the text (YAML escapes",
        "Digital\\u2028",
        "U+2028 is a line break editors do not show (and breaks JavaScript strings)",
    ),
    "escape-del": (
        'en: "Digital transformation"',
        'en: "Digital\\x7f transformation"',
        2,
        "control character U+007F in the text (YAML escapes",
        "Digital\\x7f",
        "DEL is a control character",
    ),
    "escape-carriage-return": (
        'en: "Digital transformation"',
        'en: "Digital\\r transformation"',
        2,
        "control character U+000D in the text (YAML escapes",
        "Digital\\r",
        "a carriage return lets text overwrite what a terminal showed before it",
    ),
    "escape-bell-in-key": (
        "    ordinal: 1\n",
        '    ordinal: 1\n    "pri\\aority": high\n',
        2,
        "control character U+0007 in the text (YAML escapes",
        '    "pri',
        "keys are echoed in messages: a BEL or ESC there must not reach the terminal",
    ),
    "raw-nel": (
        'en: "Digital transformation"',
        'en: "Digital\x85 transformation"',
        2,
        "control character U+0085",
        "Digital\x85",
        "a raw NEL is a line break to YAML but not to an editor",
    ),
    "raw-form-feed": (
        'en: "Digital transformation"',
        'en: "Digital\x0c transformation"',
        2,
        "control character U+000C",
        "Digital\x0c",
        "a form feed is a control character",
    ),
    "raw-line-separator": (
        'en: "Digital transformation"',
        'en: "Digital\u2028 transformation"',
        2,
        "control character U+2028",
        "Digital\u2028",
        "a raw U+2028 would shift YAML's line numbers",
    ),
    # --- issue 12: self reference and absurd numbers -------------------------------------------
    "plan-implements-itself": (
        "implements: [lang-son-2021-2030]",
        "implements: [mini-2021-2030]",
        2,
        "'implements' refers to mini-2021-2030 itself",
        "implements: [mini-2021-2030]",
        "a plan cannot implement itself",
    ),
    "count-too-large": (
        "{of: Breakthrough, number: 2,",
        "{of: Breakthrough, number: 100000000000000000000000000000000000000,",
        2,
        "at most 1,000,000, not 1000000000",
        "{of: Breakthrough, number: 1000",
        "a count of 10^38 is a typo or an attack; counts are at most loader.MAX_WHOLE_NUMBER",
    ),
    "ordinal-too-large": (
        "    ordinal: 1\n",
        "    ordinal: 99999999999\n",
        2,
        "must be at most 1,000,000, not 99999999999",
        "    ordinal: 9999",
        "whole numbers are at most loader.MAX_WHOLE_NUMBER",
    ),
    "decimal-infinite": (
        "    min: 8\n",
        "    min: .inf\n",
        2,
        "must be a finite number, not inf",
        "    min: .inf",
        "infinity is not an xsd:decimal",
    ),
    "decimal-nan": (
        "    min: 8\n",
        "    min: .nan\n",
        2,
        "must be a finite number, not nan",
        "    min: .nan",
        "NaN is not an xsd:decimal",
    ),
    "decimal-too-large": (
        "    min: 8\n",
        "    min: 1.0e+300\n",
        2,
        "must be at most 10^18 in magnitude",
        "    min: 1.0e",
        "decimals are at most loader.MAX_DECIMAL in magnitude",
    ),
}

# Cases with a symlink in the plan folder: name -> (link, its target, then as CASES).
SYMLINK_CASES = {
    "source-file-symlink-out": (
        "sources/outside.txt",
        "../../expect.txt",
        "file: sources/mini-announcement.txt",
        "file: sources/outside.txt",
        2,
        "is outside the plan folder",
        "sources/outside.txt",
        "a symlink out of the plan folder is resolved before the check",
    ),
}

# Cases whose plan.yaml is written as raw bytes (encodings), from the sample text.
BYTE_CASES = {
    "latin-1-encoding": (lambda text: text.encode("latin-1", errors="replace"), 2, "not valid UTF-8"),
    "utf-16-encoding": (lambda text: text.encode("utf-16"), 2, "file is UTF-16"),
    "utf-8-bom": (lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), 2, "byte-order mark"),
    "empty-file": (lambda text: b"", 2, "file is empty"),
    "a-list-not-a-mapping": (lambda text: b"- format: plankg/1\n- kind: plan\n", 2, "a plan file must be a mapping"),
}


def _write(name: str, data: bytes, code: int, line: int, fragment: str, why: str | None = None) -> None:
    folder = HERE / name / "mini-2021-2030"
    shutil.copytree(SAMPLE / "sources", folder / "sources")
    (folder / "plan.yaml").write_bytes(data)
    expectation = f"exit={code} line={line} message={fragment}" if code else "exit=0"
    (HERE / name / "expect.txt").write_text(expectation + "\n" + (f"why: {why}\n" if why else ""), encoding="utf-8")


def _edit(name: str, template: str, old: str, new: str, marker: str | None) -> tuple[str, int]:
    if old.startswith("BLOCK:"):  # a whole top-level section, up to the next one
        start = template.index("\n" + old[6:]) + 1
        end = next(
            (i + 1 for i in range(start, len(template) - 1) if template[i] == "\n" and template[i + 1] not in " #\n"),
            len(template),
        )
        old = template[start:end]
    if template.count(old) < 1:
        raise SystemExit(f"{name}: {old!r} not in the sample plan")
    if new.startswith("NFD:"):
        new = unicodedata.normalize("NFD", new[4:])
    text = template.replace(old, new, 1)
    at = text.index(marker if marker else new)
    return text, text[:at].count("\n") + 1


def main() -> None:
    template = (SAMPLE / "plan.yaml").read_text(encoding="utf-8")
    for old in sorted(p for p in HERE.iterdir() if p.is_dir()):
        shutil.rmtree(old)
    for name, (old, new, code, fragment, marker, *why) in CASES.items():
        text, line = _edit(name, template, old, new, marker)
        _write(name, text.encode("utf-8"), code, line, fragment, *why)
    for name, (link, target, old, new, code, fragment, marker, why) in SYMLINK_CASES.items():
        text, line = _edit(name, template, old, new, marker)
        _write(name, text.encode("utf-8"), code, line, fragment, why)
        (HERE / name / "mini-2021-2030" / link).symlink_to(target)
    for name, (encode, code, fragment) in BYTE_CASES.items():
        first_non_ascii = next((i for i, c in enumerate(template) if ord(c) > 127), 0)
        line = template[:first_non_ascii].count("\n") + 1 if name == "latin-1-encoding" else 1
        _write(name, encode(template), code, line, fragment)


if __name__ == "__main__":
    main()
