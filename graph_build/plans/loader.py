"""Plan folders → checked Python records (no RDF yet).

This is the loading edge: every fault in a plan file becomes a located
``Problem`` here, so that nothing further down has to guess what a user meant.
Faults are collected (not raised one by one) so a user sees all of them in
one run.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from graph_build.core.errors import EXIT_UNUSABLE, PlanError, Problem, excerpt
from graph_build.core.suggest import did_you_mean
from graph_build.plans.schema import SECTIONS, TYPES, Field, family, fields_of
from graph_build.plans.yamlread import YList, YMap, load_yaml, read_text

FORMAT = "plankg/1"
PLAN_FILE = "plan.yaml"
PLAN_ENTITY_ID = "plan"
# Patterns are used with fullmatch (or end in \Z): "$" would accept a final line feed.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SOURCE_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
URL_PATTERN = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
LANGS = ("vi", "en")
CONFIDENCES = ("high", "medium")
TOP_KEYS = {"format", "kind", "id", "sources", "plan", "concepts", *SECTIONS}
ENTITY_KEYS = {"id", "type", "label", "source", "counts"}
COUNT_OWNERS = {"Plan", "SpatialStructure", "ProjectGroup"}
MAX_ID_LENGTH = 80
MAX_QUOTE_LENGTH = 1000
#: Largest stated count or other whole number ('ordinal', 'rank'): plans count tens or
#: hundreds of things; 10^38 is a typo or an attack, not a count.
MAX_WHOLE_NUMBER = 10**6
#: Largest magnitude of a decimal value (a target, an area): 10^18 is above any amount in
#: VND a plan states, and every such value is exact in xsd:decimal.
MAX_DECIMAL = 10**18
#: First words of the source document ``plankg new-plan`` writes: a document that starts with
#: them is a placeholder, so its quotes are not counted as checked and ``validate`` warns.
PLACEHOLDER_MARK = "PLACEHOLDER (plankg new-plan)"


@dataclass(frozen=True)
class Source:
    id: str
    line: int
    title: dict[str, str]
    path: Path | None = None  # a document kept in the repository
    url: str | None = None  # a web page
    published: dt.date | None = None
    text: str | None = None  # NFC text of the document
    #: A later source whose content replaces this one's (issue 14.3), and the last day this
    #: one was in force; the facts citing it stay, and a query can find them.
    superseded_by: str | None = None
    valid_until: dt.date | None = None

    @property
    def placeholder(self) -> bool:
        """A stand-in written by ``plankg new-plan``, not a real document yet."""
        return self.text is not None and self.text.lstrip().startswith(PLACEHOLDER_MARK)


@dataclass(frozen=True)
class Attestation:
    """Where one fact comes from: a quote in a kept document, or a web page."""

    source_id: str
    line: int
    quote: str | None = None
    note: str | None = None
    confidence: str | None = None
    #: The quote is from a placeholder document (``Source.placeholder``): found, but proves nothing.
    placeholder: bool = False

    @property
    def checked(self) -> bool:
        return self.quote is not None and not self.placeholder


@dataclass(frozen=True)
class Inference:
    """How a link the text does not state was inferred: by which rule, from which statements.

    ``derived_from`` holds entity ids, looked up like any reference; from reference data, an
    entity of a plan is named ``plan-id/entity-id``.
    """

    rule: str
    derived_from: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Ref:
    """A reference to another entity or to a vocabulary concept."""

    target: str
    line: int
    sources: tuple[Attestation, ...] = ()
    inferred: Inference | None = None


@dataclass(frozen=True)
class StatedCount:
    of: str
    number: int
    line: int
    sources: tuple[Attestation, ...]


@dataclass
class Entity:
    id: str
    type: str
    line: int
    label: dict[str, str]
    sources: tuple[Attestation, ...]
    values: dict[str, Any] = field(default_factory=dict)  # key -> literal value or list[Ref]
    counts: list[StatedCount] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # key -> line


@dataclass
class Dataset:
    """One plan folder, or one reference data file."""

    id: str
    kind: str  # "plan" or "reference"
    file: Path
    sources: dict[str, Source]
    entities: dict[str, Entity]  # in file order; a plan's own entity has id "plan"
    concepts: dict = field(default_factory=dict)  # reference data only: "Scheme/id" -> plans.concepts.Concept


class _Collector:
    """Gathers problems for one file so that a user sees them all at once."""

    def __init__(self, file: Path):
        self.file = file
        self.problems: list[Problem] = []
        #: Sources declared but unusable (already reported): citing them is not a second fault.
        self.broken_sources: set[str] = set()
        #: Set when the whole 'sources' section is missing or unusable (reported once).
        self.no_sources = False
        #: Required sections whose misspelling was already reported.
        self.misspelt_required: set[str] = set()

    def add(self, message: str, line: int | None, fieldname: str | None = None, exit_code: int = EXIT_UNUSABLE):
        self.problems.append(Problem(message, self.file, line, fieldname, exit_code=exit_code))


def load_dataset(path: Path) -> Dataset:
    """Load a plan folder (or its ``plan.yaml``) or a reference ``.yaml`` file.

    Raises ``PlanError`` listing every structural fault found, each with its
    file, line and field.
    """
    path = Path(path)
    # The folder's own name, also for "." or "sub/..": a lexical absolute path, so that a
    # plan folder reached through a symlink keeps the name it was given.
    folder_name = Path(os.path.abspath(path)).name
    file = path / PLAN_FILE if path.is_dir() else path
    if path.is_dir() and not file.is_file():
        raise PlanError(Problem(f"no {PLAN_FILE} in this folder", path))
    doc = load_yaml(file)
    bag = _Collector(file)
    if not isinstance(doc, YMap):
        raise PlanError(Problem("a plan file must be a mapping of sections", file, getattr(doc, "line", 1)))
    if doc.get("format") != FORMAT:
        bag.add(f"'format' must be {FORMAT!r}", doc.line_of("format"), "format")
    kind = doc.get("kind")
    if kind not in ("plan", "reference"):
        bag.add("'kind' must be 'plan' or 'reference'", doc.line_of("kind"), "kind")
    given_id = doc.get("id")
    dataset_id = given_id if isinstance(given_id, str) else "invalid"
    if not isinstance(given_id, str) or not ID_PATTERN.fullmatch(given_id) or len(given_id) > MAX_ID_LENGTH:
        bag.add("'id' must be lower-case letters, digits and '-'", doc.line_of("id"), "id")
        dataset_id = "invalid"
    elif kind == "plan" and path.is_dir() and folder_name != dataset_id:
        bag.add(f"plan id {dataset_id!r} differs from its folder name {excerpt(folder_name)}", doc.line_of("id"), "id")
    required = {"sources", *(("plan",) if kind == "plan" else ())}
    misspelt_required: set[str] = set()
    for key in doc:
        if key not in TOP_KEYS:
            hint = _suggest(key, TOP_KEYS)
            bag.add(f"unknown section {excerpt(key)}{hint}", doc.line_of(key), key)
            misspelt_required.update(r for r in required - set(doc) if f"{r!r}" in hint)
    bag.misspelt_required = misspelt_required

    sources = _load_sources(doc, file, kind, bag)
    entities: dict[str, Entity] = {}
    if kind == "plan":
        if "plan" not in doc:
            if "plan" not in bag.misspelt_required:
                bag.add("a plan file needs a 'plan' section", doc.line, "plan")
        elif not isinstance(doc["plan"], YMap):
            bag.add("'plan' must be a mapping", doc.line_of("plan"), "plan")
        else:
            _add_entity(doc["plan"], "Plan", sources, entities, bag, fixed_id=PLAN_ENTITY_ID)
    elif "plan" in doc and kind == "reference":
        bag.add("reference data has no 'plan' section", doc.line_of("plan"), "plan")
    for section, etype in SECTIONS.items():
        if section not in doc:
            continue
        items = doc[section]
        if not isinstance(items, YList):
            bag.add(f"section {section!r} must be a list of entities", doc.line_of(section), section)
            continue
        for index, item in enumerate(items):
            if not isinstance(item, YMap):
                bag.add(f"each item of {section!r} must be a mapping", items.line_of(index), section)
                continue
            _add_entity(item, etype.name, sources, entities, bag)
    from graph_build.plans.concepts import load_concepts

    concepts = load_concepts(doc, kind, sources, bag, _text_value, _attestations, id_ok)
    if bag.problems:
        raise PlanError(bag.problems)
    return Dataset(dataset_id, str(kind), file, sources, entities, concepts)


def id_ok(value: object) -> bool:
    return isinstance(value, str) and bool(ID_PATTERN.fullmatch(value)) and len(value) <= MAX_ID_LENGTH


def check_id(value: str, what: str = "an id", field: str = "id", example: str = "") -> None:
    """Refuse an id a command is given (new-plan, new-reference, extract) before it names a folder or file."""
    if not id_ok(value):
        raise PlanError(
            Problem(
                f"{what} is lower-case ASCII letters, digits and '-' (at most {MAX_ID_LENGTH}), "
                f"{f'e.g. {example}, ' if example else ''}not {excerpt(value)}",
                field=field,
            )
        )


def _suggest(word: str, choices) -> str:
    return did_you_mean(word, choices)


def _load_sources(doc: YMap, file: Path, kind: object, bag: _Collector) -> dict[str, Source]:
    out: dict[str, Source] = {}
    raw = doc.get("sources")
    if raw is None:
        bag.no_sources = True
        if "sources" not in bag.misspelt_required:
            bag.add("'sources' is missing: every fact needs a source", doc.line, "sources")
        return out
    if not isinstance(raw, YList):
        bag.no_sources = True
        bag.add("'sources' must be a list", doc.line_of("sources"), "sources")
        return out
    for index, item in enumerate(raw):
        line = raw.line_of(index)
        if not isinstance(item, YMap):
            bag.add("each source must be a mapping", line, "sources")
            continue
        for key in item:
            if key not in ("id", "file", "url", "title", "published", *SOURCE_VALIDITY_KEYS):
                bag.add(f"unknown key {excerpt(key)} in a source", item.line_of(key), f"sources.{key}")
        sid = item.get("id")
        if not isinstance(sid, str) or not SOURCE_ID_PATTERN.fullmatch(sid):
            bag.add("source 'id' must be letters, digits, '-' or '_'", item.line_of("id"), "sources.id")
            if isinstance(sid, str):  # citing it (or it without the stray spaces) is not a second fault
                bag.broken_sources.update((sid, sid.strip()))
            continue
        if sid in out:
            bag.add(
                f"duplicate source id {excerpt(sid)} (first at line {out[sid].line})", item.line_of("id"), "sources.id"
            )
            continue
        title = (_text(item.get("title"), item, "title", bag, required_langs=()) or {}) if "title" in item else {}
        published = (
            _date(item["published"], item.line_of("published"), "published", bag) if "published" in item else None
        )
        validity = _source_validity(item, bag)
        has_file, has_url = "file" in item, "url" in item
        if has_file == has_url:
            bag.add(
                f"source {excerpt(sid)} needs exactly one of 'file' (kept document) or 'url' (web page)",
                line,
                "sources",
            )
            bag.broken_sources.add(sid)
            continue
        if has_file:
            rel = item["file"]
            try:
                doc_path = _source_path(rel, file, kind)
                text = read_text(doc_path, follow_symlinks=False)
            except PlanError as exc:
                shown = excerpt(rel) if isinstance(rel, str) else "value"
                bag.add(f"source document {shown}: {exc.problems[0].message}", item.line_of("file"), "sources.file")
                bag.broken_sources.add(sid)
                continue
            out[sid] = Source(sid, line, title, path=doc_path, published=published, text=text, **validity)
        else:
            url = item["url"]
            if not isinstance(url, str) or not URL_PATTERN.fullmatch(url):
                bag.add("'url' must be an http(s) address without spaces or <>", item.line_of("url"), "sources.url")
                bag.broken_sources.add(sid)
                continue
            out[sid] = Source(sid, line, title, url=url, published=published, **validity)
    _check_superseding_sources(out, bag)
    return out


#: The keys a source may carry to say it was superseded (see ``Source``).
SOURCE_VALIDITY_KEYS = ("superseded_by", "valid_until")


def _source_validity(item: YMap, bag: _Collector) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "superseded_by" in item:
        later = item["superseded_by"]
        if isinstance(later, str) and SOURCE_ID_PATTERN.fullmatch(later):
            out["superseded_by"] = later
        else:
            bag.add(
                "'superseded_by' must be the id of another source",
                item.line_of("superseded_by"),
                "sources.superseded_by",
            )
    if "valid_until" in item:
        out["valid_until"] = _date(item["valid_until"], item.line_of("valid_until"), "sources.valid_until", bag)
    return out


def _check_superseding_sources(sources: dict[str, Source], bag: _Collector) -> None:
    for sid, source in sources.items():
        later = source.superseded_by
        if later is None or later in bag.broken_sources:
            continue
        if later == sid:
            bag.add(f"source {excerpt(sid)} cannot supersede itself", source.line, "sources.superseded_by")
        elif later not in sources:
            bag.add(
                f"unknown source {excerpt(later)} in 'superseded_by'{_suggest(later, sources)}",
                source.line,
                "sources.superseded_by",
            )


def _source_path(rel: object, file: Path, kind: object) -> Path:
    """Where a source ``file:`` points, symlinks resolved, if that is inside the folder it may
    be kept in: the plan folder, or for reference data the reference folder or a bundled plan
    folder (reference places quote the plans). Anything else would let a plan file read, and
    quote into the graph, any file on the machine."""
    if not isinstance(rel, str) or not rel.strip():
        raise PlanError(Problem("'file' must be a path relative to this file"))
    if "\\" in rel:
        raise PlanError(Problem("use '/' between folders, not '\\'"))
    control = re.search(r"[\x00-\x1f\x7f-\x9f]", rel)
    if control:  # a line feed or tab, which YAML text may hold but a file name should not
        raise PlanError(Problem(f"control character U+{ord(control.group()):04X} in the path"))
    if rel.startswith("~"):
        raise PlanError(Problem("paths are relative to the plan folder; '~' is not expanded"))
    if os.path.isabs(rel):
        raise PlanError(Problem("is outside the plan folder: give a path relative to the plan folder"))
    folder = file.parent.resolve()
    roots = [folder]
    if kind == "reference":
        from graph_build.core.resources import folder as bundled_folder

        roots.append(bundled_folder("plans").resolve())
    try:
        target = (folder / rel).resolve(strict=True)
    except FileNotFoundError:
        raise PlanError(Problem("file not found")) from None
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        raise PlanError(Problem(f"cannot read file: {getattr(exc, 'strerror', None) or exc}")) from None
    if not any(target.is_relative_to(root) for root in roots):
        where = "the plan folder" if kind != "reference" else "the reference folder or a bundled plan folder"
        raise PlanError(
            Problem(
                f"is outside {where} (it resolves to a path elsewhere; keep the document "
                "in the folder, e.g. under sources/)"
            )
        )
    return target


def _add_entity(item: YMap, default_type: str, sources, entities, bag: _Collector, fixed_id: str | None = None):
    line = item.line
    if fixed_id is not None:
        if "id" in item:
            bag.add("the plan's own entity has no 'id' (it is the plan folder's id)", item.line_of("id"), "id")
        eid = fixed_id
    else:
        given = item.get("id")
        if not isinstance(given, str) or not ID_PATTERN.fullmatch(given) or len(given) > MAX_ID_LENGTH:
            bag.add(
                "'id' is required: lower-case ASCII letters, digits and '-' (e.g. 'task-1-institutions')",
                item.line_of("id"),
                "id",
            )
            return
        eid = given
        if eid == PLAN_ENTITY_ID:
            bag.add("'plan' is reserved for the plan itself", item.line_of("id"), "id")
            return
        if eid in entities:
            bag.add(f"duplicate id {eid!r} (first at line {entities[eid].line})", item.line_of("id"), "id")
            return
    etype = item.get("type", default_type)
    fam = TYPES[default_type]
    if etype != default_type and etype not in fam.subtypes:
        allowed = ", ".join((default_type, *fam.subtypes))
        bag.add(
            f"type {excerpt(etype)} is not allowed here; use one of: {allowed}", item.line_of("type"), f"{eid}.type"
        )
        return
    allowed_fields = fields_of(etype)
    for key in item:
        if key not in ENTITY_KEYS and key not in allowed_fields:
            hint = _suggest(key, set(allowed_fields) | ENTITY_KEYS)
            bag.add(f"unknown field {excerpt(key)} for a {etype}{hint}", item.line_of(key), f"{eid}.{key}")
    label = _text(
        item.get("label"),
        item,
        "label",
        bag,
        eid=eid,
        required_langs=("vi", "en") if family(etype).english_label_required else ("vi",),
    )
    if "source" not in item:
        bag.add("'source' is missing: every entity needs a source", line, f"{eid}.source")
        entity_sources: tuple[Attestation, ...] = ()
    else:
        entity_sources = _attestations(item["source"], item.line_of("source"), f"{eid}.source", sources, bag)
    entity = Entity(eid, etype, line, label or {}, entity_sources)
    for key, spec in allowed_fields.items():
        if key not in item:
            if spec.required:
                bag.add(f"'{key}' is required for a {etype}", line, f"{eid}.{key}")
            continue
        entity.lines[key] = item.line_of(key)
        value = _field_value(spec, item[key], item.line_of(key), f"{eid}.{key}", sources, bag)
        if value is not None:
            entity.values[key] = value
    if "counts" in item:
        if family(etype).name not in COUNT_OWNERS:
            bag.add(
                f"'counts' can be given on a plan, a spatial structure or a project group, not a {etype}",
                item.line_of("counts"),
                f"{eid}.counts",
            )
        else:
            entity.counts = _counts(item["counts"], item.line_of("counts"), eid, sources, bag)
    entities[eid] = entity


def _text(
    value, parent: YMap, key: str, bag: _Collector, eid: str | None = None, required_langs: tuple[str, ...] = ("vi",)
) -> dict[str, str] | None:
    fieldname = f"{eid}.{key}" if eid else key
    line = parent.line_of(key)
    if value is None:
        if required_langs:
            bag.add(f"'{key}' is required ({' and '.join(required_langs)})", parent.line, fieldname)
        return None
    return _text_value(value, line, fieldname, bag, required_langs)


def _text_value(value, line: int, fieldname: str, bag: _Collector, required_langs=("vi",)) -> dict[str, str] | None:
    if not isinstance(value, YMap):
        bag.add("must be a mapping of languages, e.g. {vi: ..., en: ...}", line, fieldname)
        return None
    out: dict[str, str] = {}
    for lang, text in value.items():
        if lang not in LANGS:
            bag.add(
                f"language {excerpt(lang)} is not supported (use vi, en)", value.line_of(lang), f"{fieldname}.{lang}"
            )
            continue
        if not isinstance(text, str):
            bag.add(f"must be text, not {_kind(text)}", value.line_of(lang), f"{fieldname}.{lang}")
            continue
        text = " ".join(text.split())
        if not text:
            bag.add("must not be empty", value.line_of(lang), f"{fieldname}.{lang}")
            continue
        out[lang] = text
    for lang in required_langs:
        if lang not in value:
            bag.add(f"the {_LANG_NAMES[lang]} text ('{lang}') is required", line, f"{fieldname}.{lang}")
    return out


_LANG_NAMES = {"vi": "Vietnamese", "en": "English"}


def _kind(value) -> str:
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    if value is None:
        return "empty"
    return {bool: "true/false", int: "a number", float: "a number", str: "text"}.get(type(value), type(value).__name__)


def _date(value, line: int, fieldname: str, bag: _Collector) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip())
        try:
            if match:
                day, month, year = map(int, match.groups())
                return dt.date(year, month, day)
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            bag.add(f"{excerpt(value)} is not a real date (dd/mm/yyyy)", line, fieldname)
            return None
    bag.add(f"must be a date dd/mm/yyyy, not {_kind(value)}", line, fieldname)
    return None


def _field_value(spec: Field, value, line: int, fieldname: str, sources, bag: _Collector):
    kind = spec.kind
    if kind == "text":
        return _text_value(value, line, fieldname, bag)
    if kind == "texts":
        if not isinstance(value, YList):
            bag.add("must be a list of {vi: ..., en: ...}", line, fieldname)
            return None
        texts = [_text_value(v, value.line_of(i), fieldname, bag, required_langs=()) for i, v in enumerate(value)]
        return [t for t in texts if t]
    if kind == "string":
        if not isinstance(value, str) or not value.strip():
            bag.add(f"must be text, not {_kind(value)}", line, fieldname)
            return None
        return value.strip()
    if kind in ("int", "year"):
        if isinstance(value, bool) or not isinstance(value, int):
            bag.add(f"must be a whole number, not {_kind(value)} {excerpt(value)}", line, fieldname)
            return None
        if kind == "year" and not 1000 <= value <= 2999:
            bag.add(f"{excerpt(value)} is not a plausible year", line, fieldname)
            return None
        if abs(value) > MAX_WHOLE_NUMBER:
            bag.add(f"must be at most {MAX_WHOLE_NUMBER:,}, not {excerpt(value)}", line, fieldname)
            return None
        return value
    if kind == "decimal":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            hint = ""
            if isinstance(value, str) and re.fullmatch(r"[\d.,\s%]+", value):
                hint = " (write numbers with a '.' decimal point and no thousands separator, e.g. 831018 or 8.5)"
            bag.add(f"must be a number, not {_kind(value)} {excerpt(value)}{hint}", line, fieldname)
            return None
        if isinstance(value, float) and not math.isfinite(value):
            bag.add(f"must be a finite number, not {value}", line, fieldname)
            return None
        if abs(value) > MAX_DECIMAL:
            bag.add(f"must be at most 10^18 in magnitude, not {excerpt(value)}", line, fieldname)
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:  # pragma: no cover - floats always convert
            bag.add(f"{excerpt(value)} is not a number", line, fieldname)
            return None
    if kind == "date":
        return _date(value, line, fieldname, bag)
    if kind == "bool":
        if not isinstance(value, bool):
            bag.add(f"must be true or false, not {_kind(value)}", line, fieldname)
            return None
        return value
    # references and concepts
    many = kind in ("refs", "concepts")
    items = value if isinstance(value, YList) else [value]
    if not many and isinstance(value, YList):
        if len(value) != 1:
            bag.add("takes one value, not a list", line, fieldname)
            return None
    if many and isinstance(value, YList) and not value:
        bag.add("must not be an empty list (leave the field out)", line, fieldname)
        return None
    refs = []
    for index, item in enumerate(items):
        item_line = items.line_of(index) if isinstance(items, YList) else line
        ref = _ref(item, item_line, fieldname, sources, bag)
        if ref is not None:
            refs.append(ref)
    return refs


def _ref(item, line: int, fieldname: str, sources, bag: _Collector) -> Ref | None:
    inferred = None
    if isinstance(item, str):
        target, attest = item.strip(), ()
    elif isinstance(item, YMap):
        for key in item:
            if key not in ("ref", "source", "inferred"):
                hint = "use ref, source, inferred"
                bag.add(f"unknown key {excerpt(key)} in a reference ({hint})", item.line_of(key), fieldname)
        given = item.get("ref")
        if not isinstance(given, str):
            bag.add("a reference mapping needs 'ref: <id>'", line, fieldname)
            return None
        target = given
        attest = (
            _attestations(item["source"], item.line_of("source"), fieldname, sources, bag) if "source" in item else ()
        )
        if "inferred" in item:
            inferred = _inference(item["inferred"], item.line_of("inferred"), fieldname, bag)
    else:
        bag.add(f"must be an id, not {_kind(item)} {excerpt(item)}", line, fieldname)
        return None
    if not ID_PATTERN.fullmatch(target):
        bag.add(f"{excerpt(target)} is not a valid id", line, fieldname)
        return None
    return Ref(target, line, attest, inferred)


QUALIFIED_ID_PATTERN = re.compile(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*")


def _inference(value, line: int, fieldname: str, bag: _Collector) -> Inference | None:
    """``inferred: {rule: <rule id>, from: [<entity id>, ...]}`` on a reference (issue 14)."""
    from graph_build.plans.schema import INFERENCE_RULES

    if not isinstance(value, YMap):
        bag.add("'inferred' is {rule: <rule id>, from: [<entity id>, ...]}", line, fieldname)
        return None
    for key in value:
        if key not in ("rule", "from"):
            bag.add(f"unknown key {excerpt(key)} in 'inferred' (use rule, from)", value.line_of(key), fieldname)
    rule = value.get("rule")
    if rule not in INFERENCE_RULES:
        bag.add(
            f"'rule' must be one of {', '.join(INFERENCE_RULES)}, not {excerpt(rule)}"
            + (_suggest(rule, INFERENCE_RULES) if isinstance(rule, str) else ""),
            value.line_of("rule"),
            fieldname,
        )
        return None
    given = value.get("from")
    items = given if isinstance(given, YList) else [given]
    if given is None or (isinstance(given, YList) and not given):
        bag.add("'from' must name the statements the link is inferred from", value.line_of("from"), fieldname)
        return None
    ids = []
    for item in items:
        if not isinstance(item, str) or not QUALIFIED_ID_PATTERN.fullmatch(item):
            bag.add(f"{excerpt(item)} is not an entity id", value.line_of("from"), fieldname)
            return None
        ids.append(item)
    return Inference(rule, tuple(ids), value.line_of("rule"))


def _attestations(value, line: int, fieldname: str, sources: dict[str, Source], bag: _Collector):
    items = value if isinstance(value, YList) else [value]
    if isinstance(value, YList) and not value:
        bag.add("needs at least one source", line, fieldname)
    out = []
    for index, item in enumerate(items):
        item_line = items.line_of(index) if isinstance(items, YList) else line
        if not isinstance(item, YMap):
            bag.add("a source is {doc: <id>, quote: ...} or {web: <id>, confidence: ...}", item_line, fieldname)
            continue
        for key in item:
            if key not in ("doc", "quote", "web", "confidence", "note"):
                bag.add(f"unknown key {excerpt(key)} in a source reference", item.line_of(key), fieldname)
        if ("doc" in item) == ("web" in item):
            bag.add("a source names either 'doc' (with a quote) or 'web' (with a confidence)", item_line, fieldname)
            continue
        if "doc" in item:
            sid, quote = item["doc"], item.get("quote")
            source = sources.get(sid) if isinstance(sid, str) else None
            if source is None:
                if sid not in bag.broken_sources and not bag.no_sources:
                    bag.add(f"unknown source document {excerpt(sid)}", item.line_of("doc"), fieldname)
                continue
            if source.path is None:
                bag.add(
                    f"source {excerpt(sid)} is a web page: cite it with 'web:', not 'doc:'",
                    item.line_of("doc"),
                    fieldname,
                )
                continue
            if not isinstance(quote, str) or not quote.strip():
                bag.add("'quote' is required with 'doc': the exact words from the document", item_line, fieldname)
                continue
            if len(quote) > MAX_QUOTE_LENGTH:
                bag.add(
                    f"quote longer than {MAX_QUOTE_LENGTH} characters: quote less", item.line_of("quote"), fieldname
                )
                continue
            note = item.get("note")
            out.append(
                Attestation(
                    sid,
                    item.line_of("quote"),
                    quote=" ".join(quote.split()),
                    note=note if isinstance(note, str) else None,
                    placeholder=source.placeholder,
                )
            )
        else:
            sid, confidence = item["web"], item.get("confidence")
            source = sources.get(sid) if isinstance(sid, str) else None
            if source is None:
                if sid not in bag.broken_sources and not bag.no_sources:
                    bag.add(
                        f"unknown web source {excerpt(sid)} (declare it under 'sources' with its url)",
                        item.line_of("web"),
                        fieldname,
                    )
                continue
            if source.url is None:
                bag.add(
                    f"source {excerpt(sid)} is a kept document: cite it with 'doc:' and a quote",
                    item.line_of("web"),
                    fieldname,
                )
                continue
            if confidence not in CONFIDENCES:
                extra = " (facts marked low are left out of plan data)" if confidence == "low" else ""
                bag.add(f"'confidence' must be high or medium{extra}", item.line_of("confidence"), fieldname)
                continue
            if "quote" in item:
                bag.add(
                    "a web source has no checked quote: use 'note' for a paraphrase", item.line_of("quote"), fieldname
                )
                continue
            note = item.get("note")
            if note is not None and not isinstance(note, str):
                bag.add("'note' must be text", item.line_of("note"), fieldname)
                continue
            out.append(
                Attestation(sid, item_line, note=" ".join(note.split()) if note else None, confidence=confidence)
            )
    return tuple(out)


def _counts(value, line: int, eid: str, sources, bag: _Collector) -> list[StatedCount]:
    if not isinstance(value, YList):
        bag.add("'counts' must be a list of {of: Type, number: N, source: ...}", line, f"{eid}.counts")
        return []
    out = []
    seen: dict[str, int] = {}
    for index, item in enumerate(value):
        item_line = value.line_of(index)
        fieldname = f"{eid}.counts"
        if not isinstance(item, YMap):
            bag.add("each count is {of: Type, number: N, source: ...}", item_line, fieldname)
            continue
        for key in item:
            if key not in ("of", "number", "source"):
                bag.add(f"unknown key {excerpt(key)} in a count", item.line_of(key), fieldname)
        of, number = item.get("of"), item.get("number")
        if of not in TYPES:
            bag.add(
                f"'of' must be an entity type such as KeyTask or Project, not {excerpt(of)}",
                item.line_of("of"),
                fieldname,
            )
            continue
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= MAX_WHOLE_NUMBER:
            bag.add(
                f"'number' must be a whole number ≥ 0 and at most {MAX_WHOLE_NUMBER:,}, not {excerpt(number)}",
                item.line_of("number"),
                fieldname,
            )
            continue
        if of in seen:
            bag.add(f"{of} is counted twice (first at line {seen[of]})", item_line, fieldname)
            continue
        seen[of] = item_line
        if "source" not in item:
            bag.add("a stated count needs its source", item_line, fieldname)
            continue
        attest = _attestations(item["source"], item.line_of("source"), fieldname, sources, bag)
        out.append(StatedCount(of, number, item_line, attest))
    return out
