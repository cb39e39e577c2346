"""Read an input document, extract, and write the draft plan folder with its review report."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from graph_build.core.atomic import write_text
from graph_build.core.errors import PlanError, Problem
from graph_build.extract.outline import extract
from graph_build.extract.rules import MAX_EXTRACT_CHARS, Extraction, Proposal, slug
from graph_build.plans.loader import MAX_QUOTE_LENGTH, PLAN_FILE, check_id

#: Largest input file (bytes), checked before it is opened: a .docx or PDF holds more bytes
#: than its text, so this is above the character limit.
MAX_EXTRACT_FILE_BYTES = 8 * MAX_EXTRACT_CHARS
INSTALL_HINT = 'reading .docx and .pdf needs the extra: pip install "plankg[extract]"'
_BINARY = re.compile("[\x00-\x08\x0e-\x1f]")


def read_document(path: Path) -> str:
    """NFC text of a .txt (UTF-8), .docx or PDF (text layer); PlanError for what is not usable."""
    path = Path(path)
    if not path.is_file():
        raise PlanError(Problem("no such file", path))
    if path.stat().st_size > MAX_EXTRACT_FILE_BYTES:
        raise PlanError(Problem(f"file is larger than the limit of {MAX_EXTRACT_FILE_BYTES} bytes", path))
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix == ".docx":
        try:
            import docx
        except ImportError:
            raise PlanError(Problem(INSTALL_HINT, path)) from None
        try:
            text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
        except Exception as err:  # python-docx raises many kinds for a broken package
            raise PlanError(Problem(f"not a readable .docx file ({type(err).__name__})", path)) from None
    elif suffix == ".pdf" or data.startswith(b"%PDF"):
        try:
            import pypdf
        except ImportError:
            raise PlanError(Problem(INSTALL_HINT, path)) from None
        try:
            reader = pypdf.PdfReader(str(path))
            text = "\n".join((page.extract_text() or "") for page in reader.pages)
        except Exception as err:  # pypdf raises many kinds for a broken file
            raise PlanError(Problem(f"not a readable PDF ({type(err).__name__})", path)) from None
        if not text.strip():
            raise PlanError(Problem("the PDF has no text layer (a scan?): run OCR first", path))
        # A PDF breaks lines where the page is full: rejoin a line that does not end a sentence.
        text = re.sub(r"(?<![.:;!?…])[ \t]*\n(?=\S)", " ", text)
    else:
        if b"\x00" in data:
            raise PlanError(Problem("a binary file, not a text", path))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise PlanError(Problem(f"not UTF-8 text (byte {err.start})", path, line)) from None
    if _BINARY.search(text):
        raise PlanError(Problem("a binary file, not a text (control characters)", path))
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    if not text.strip():
        raise PlanError(Problem("empty text", path))
    if len(text) > MAX_EXTRACT_CHARS:
        raise PlanError(Problem(f"longer than the limit of {MAX_EXTRACT_CHARS} characters", path))
    return text


def _q(text: str) -> str:
    text = text[:MAX_QUOTE_LENGTH]  # still a verbatim cut of the text, within the loader's limit
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dict):  # a {vi, en} text: en repeats vi until a person translates it
        return "{" + ", ".join(f"{lang}: {_q(text)}" for lang, text in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return _q(str(value))


#: Fields whose values are vocabulary concepts, not entities of the draft.
VOCABULARY_FIELDS = ("concerns_sector", "for_sector")
#: Fields whose values are reference places (reference/*.yaml), kept though the draft does not define them.
REFERENCE_FIELDS = ("names", "concerns_place")
SECTION_ORDER = (
    "events",
    "organisations",
    "posts",
    "people",
    "decisions",
    "objectives",
    "visions",
    "targets",
    "key_tasks",
    "breakthroughs",
    "sector_orientations",
    "spatial_structures",
    "spatial_elements",
    "economic_zones",
    "border_gates",
    "industrial_parks",
    "project_groups",
)


def render_plan(ex: Extraction, plan_id: str, doc: str, file_name: str) -> str:
    plan = next((p for p in ex.proposals if p.section == "plan"), None)
    lines = [
        f"# Draft made by `plankg extract` from sources/{file_name}: review it (plan.extract.md) before use.",
        "format: plankg/1",
        "kind: plan",
        f"id: {plan_id}",
        "sources:",
        f"  - id: {doc}",
        f"    file: sources/{file_name}",
        f"    title: {{vi: {_q(plan.label if plan else plan_id)}}}",
        "plan:",
        "  type: ProvincialPlan",
    ]
    if plan is not None:
        lines.append(f"  label: {{vi: {_q(plan.label)}, en: {_q(plan.label)}}}")
        for key, value in plan.fields.items():
            lines.append(f"  {key}: {_value(value)}")
        _counts(lines, plan, doc, "  ")
        lines.append(f"  source: {{doc: {doc}, quote: {_q(plan.quote)}}}")
    else:
        first = next(s for s in ex.text.splitlines() if s.strip()).strip()[:200]
        lines.append(f"  label: {{vi: {_q(first)}, en: {_q(first)}}}")
        lines.append(f"  source: {{doc: {doc}, quote: {_q(first)}}}")
    known = {p.id for p in ex.proposals}
    for section in SECTION_ORDER:
        items = [p for p in ex.proposals if p.section == section]
        if not items:
            continue
        lines.append(f"{section}:")
        for p in items:
            lines.append(f"  - id: {p.id}")
            # en repeats vi until a person translates it (the report says so): the format requires both.
            lines.append(f"    label: {{vi: {_q(p.label)}, en: {_q(p.label)}}}")
            for key, value in p.fields.items():
                if isinstance(value, list) and key not in VOCABULARY_FIELDS + REFERENCE_FIELDS:
                    value = [v for v in value if v == "plan" or v in known]
                    if not value:
                        continue
                elif key in ("issued_by", "signed_by", "signer_post") and value not in known:
                    continue
                lines.append(f"    {key}: {_value(value)}")
            _counts(lines, p, doc, "    ")
            lines.append(f"    source: {{doc: {doc}, quote: {_q(p.quote)}}}")
    return "\n".join(lines) + "\n"


def _counts(lines: list[str], p: Proposal, doc: str, indent: str) -> None:
    if p.counts:
        lines.append(f"{indent}counts:")
        for of, number, quote in p.counts:
            lines.append(f"{indent}  - {{of: {of}, number: {number}, source: {{doc: {doc}, quote: {_q(quote)}}}}}")


def render_report(ex: Extraction, plan_id: str, merge_lines: list[str] | None = None) -> str:
    out = [
        f"# Extraction report for {plan_id}",
        "",
        "## Proposed entities",
        "",
        "| section | id | rule | confidence | quote |",
        "|---|---|---|---|---|",
    ]
    for p in ex.proposals:
        quote = p.quote.replace("|", "\\|")
        out.append(f"| {p.section} | {p.id} | {p.rule} | {p.confidence} | {quote} |")
    parted = [p for p in ex.proposals if p.parts]
    if parted:
        out += ["", "## Parts of the objective and the vision", ""]
        out += ["(drafted as the entity's description; review and split them by hand)", ""]
        for p in parted:
            out += [f"- {p.section} {p.id}:"] + [f"  {n}. {part}" for n, part in enumerate(p.parts, 1)]
    out += ["", "## Sentences used for nothing", ""]
    out += [f"- {s}" for s in ex.unused_sentences()] or ["(none)"]
    out += ["", "## Not matched", ""]
    out += [f"- {u}" for u in ex.unmatched] or ["(none)"]
    if merge_lines is not None:
        out += ["", "## Against the existing folder", ""] + (merge_lines or ["(no difference)"])
    return "\n".join(out) + "\n"


def check_plan_id(plan_id: str) -> None:
    check_id(plan_id, "a plan id", field="plan-id")


def extract_plan(
    file: Path, plan_id: str, plans_dir: Path = Path("plans"), merge: bool = False
) -> tuple[Path, Extraction]:
    """Draft ``plans_dir/plan_id`` from ``file``; with ``merge``, compare with the existing folder
    and write only the report (``plan.extract.md``) into it."""
    check_plan_id(plan_id)
    text = read_document(Path(file))
    folder = Path(plans_dir) / plan_id
    exists = (folder / PLAN_FILE).exists() or folder.exists() and any(folder.iterdir())
    if exists and not merge:
        raise PlanError(Problem("a plan with this id already exists: use --merge to compare with it", folder))
    if merge and not exists:
        raise PlanError(Problem("--merge needs an existing plan folder", folder))
    doc = re.sub(r"-\d{4}-\d{4}\Z", "", plan_id)[:50] + "-source"
    ex = extract(text, doc)
    if merge:
        from graph_build.extract.merge import compare

        write_text(folder / "plan.extract.md", render_report(ex, plan_id, compare(ex, folder)))
        return folder, ex
    file_name = slug(Path(file).stem, 60) + ".txt"
    write_text(folder / "sources" / file_name, text)
    write_text(folder / PLAN_FILE, render_plan(ex, plan_id, doc, file_name))
    write_text(folder / "plan.extract.md", render_report(ex, plan_id))
    return folder, ex
