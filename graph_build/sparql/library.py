"""The named query library: one SPARQL file per question, run with typed parameters.

Each ``queries/<name>.rq`` starts with a header of ``#+ key: value`` lines
that together form a YAML mapping (the grlc convention)::

    #+ summary:
    #+   vi: Các khâu đột phá của quy hoạch
    #+   en: The plan's breakthroughs
    #+ tags: [plan, breakthrough]
    #+ params:
    #+   plan:
    #+     type: plan
    #+     default: lang-son-2021-2030
    #+     description: {vi: "Quy hoạch", en: "The plan"}
    #+ example: plankg query run breakthroughs

``summary`` (with ``vi`` and ``en``) is required; ``tags``, ``params`` and
``example`` are optional. Every parameter has a default, so every query also
runs with no arguments. A header that does not parse, or lacks a summary, is
an error naming the file and line, never empty metadata.

Parameters
----------
A parameter ``name`` appears in the query as the variable ``?_name`` (the
leading underscore marks it as an input, never a result column). A value is
checked against the parameter's type (see ``PARAMETER_TYPES``), turned into an
RDF term and bound to that variable: with rdflib's ``initBindings`` on a local
graph, or as a ``VALUES`` block at the top of the ``WHERE`` clause when the
query goes to a SPARQL endpoint. The user's text is never pasted into query
text. For both to give the same answer, a query uses each parameter variable
only in a triple pattern or in a ``FILTER``/``BIND`` of the top-level group:
standard SPARQL evaluates nested groups, ``OPTIONAL`` parts and sub-queries on
their own, where a ``VALUES`` binding is not yet visible.

Entity-like types (``entity``, ``place``, ``plan``) accept a full IRI or a
local id: ``breakthrough-4-industry`` (looked up in every plan and the
reference data; an id found in two plans must be qualified),
``lang-son-2021-2030/breakthrough-4-industry`` (one plan's entity),
``lang-son`` (a reference place) or ``lang-son-2021-2030`` (a plan). The id is
resolved against the graph being queried, so a typo is reported, not silently
answered with nothing.

>>> [q.name for q in list_queries()][:2]
['adjustment-changes', 'breakthroughs']
>>> fold_search_text("Đột PHÁ")
'dot pha'
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from graph_build.core import resources
from graph_build.core.errors import QueryError
from graph_build.core.iris import ONTOLOGY_IRI, VOCAB_IRI
from graph_build.rdf.terms import is_safe_iri
from graph_build.stores.query import (  # re-exported: the names a query's caller needs
    QueryResult,
    _blank_comments_and_strings,
    parse_results_json,
    prepare,
    with_literal_constants,
    with_values_block,
)

if TYPE_CHECKING:  # rdflib is imported lazily: `plankg --help` must stay quick
    from rdflib import Graph
    from rdflib.term import Identifier

    from graph_build.stores.base import Store

HEADER_PREFIX = "#+"
_PARAM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_QUERY_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LOCAL_ID = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADER_KEYS = {"summary", "tags", "params", "example"}
_PARAM_KEYS = {"type", "default", "description"}
#: Plan classes and place classes, from ``graph_build.plans.schema`` (kept here as
#: names so this module does not import the schema at start-up).
_PLAN_CLASSES = ("Plan", "ProvincialPlan", "RegionalPlan", "NationalMasterPlan", "ImplementationPlan")
_PLACE_CLASSES = (
    "Place",
    "AdministrativeUnit",
    "Country",
    "Province",
    "District",
    "Commune",
    "Region",
    "InternationalBloc",
)
_PK = ONTOLOGY_IRI + "#"


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# Named queries and their headers
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: str
    description: Mapping[str, str]

    @property
    def variable(self) -> str:
        """The query variable the value is bound to: ``?_name``."""
        return "_" + self.name


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    summary: Mapping[str, str]
    text: str
    tags: tuple[str, ...] = ()
    params: Mapping[str, Parameter] = field(default_factory=dict)
    example: str | None = None

    @property
    def body(self) -> str:
        """The SPARQL text after the header lines."""
        lines = self.text.splitlines(keepends=True)
        return "".join(lines[_header_length(lines) :]).lstrip("\n")


def list_queries() -> list[NamedQuery]:
    """Every named query in the bundled ``queries/`` folder, sorted by name.

    Raises ``QueryError`` for the first file whose header is not valid.
    """
    folder = resources.folder("queries")
    return [load_query_file(path) for path in sorted(folder.glob("*.rq"))]


def get_query(name: str) -> NamedQuery:
    """The named query ``name`` (the file name without ``.rq``)."""
    if not _QUERY_NAME.match(name or ""):
        raise QueryError(f"unknown query {name!r}: a query name is lower-case words joined by '-'")
    path = resources.folder("queries") / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(p.stem for p in sorted(resources.folder("queries").glob("*.rq")))
        raise QueryError(f"unknown query {name!r}; known queries: {known}")
    stat = path.stat()
    return _load_query_file_cached(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _load_query_file_cached(path: str, mtime_ns: int, size: int) -> NamedQuery:
    """``load_query_file`` once per version of the file: parsing the YAML header took ~1 ms a query."""
    return load_query_file(Path(path))


def _header_length(lines: list[str]) -> int:
    n = 0
    while n < len(lines) and lines[n].startswith(HEADER_PREFIX):
        n += 1
    return n


def load_query_file(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and check its header; any fault is a ``QueryError`` with file and line."""
    path = Path(path)
    try:
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not UTF-8 text ({exc.reason})") from None
    lines = text.splitlines()
    count = _header_length(lines)
    if count == 0:
        raise QueryError(f"{path}:1: no '#+' header (a summary in vi and en is required)")
    header_lines = [line[len(HEADER_PREFIX) :] for line in lines[:count]]
    header_lines = [line[1:] if line.startswith(" ") else line for line in header_lines]
    meta = _parse_header_yaml(path, "\n".join(header_lines))

    def fail(key: str, message: str):
        raise QueryError(f"{path}:{_line_of(header_lines, key)}: [{key}] {message}")

    if not isinstance(meta, dict):
        raise QueryError(f"{path}:1: the '#+' header must be a YAML mapping")
    for key in meta:
        if key not in _HEADER_KEYS:
            fail(str(key), f"unknown header key; allowed: {', '.join(sorted(_HEADER_KEYS))}")
    summary = meta.get("summary")
    if not _is_vi_en(summary):
        fail("summary", "a summary with non-empty 'vi' and 'en' texts is required")
    tags = meta.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        fail("tags", "tags must be a list of words")
    example = meta.get("example")
    if example is not None and not isinstance(example, str):
        fail("example", "the example must be one line of text")
    raw_params = meta.get("params") or {}
    if not isinstance(raw_params, dict):
        fail("params", "params must map each parameter name to its type, default and description")
    params: dict[str, Parameter] = {}
    for name, spec in raw_params.items():
        name = str(name)
        if not _PARAM_NAME.match(name):
            fail(name, "a parameter name is lower-case letters, digits and '_', starting with a letter")
        if not isinstance(spec, dict):
            fail(name, "a parameter needs 'type', 'default' and 'description'")
        for key in spec:
            if key not in _PARAM_KEYS:
                fail(str(key), f"unknown parameter key; allowed: {', '.join(sorted(_PARAM_KEYS))}")
        if spec.get("type") not in PARAMETER_TYPES:
            fail(name, f"type must be one of {', '.join(PARAMETER_TYPES)} (got {spec.get('type')!r})")
        if "default" not in spec or spec["default"] is None:
            fail(name, "a default value is required, so the query runs with no arguments")
        if not _is_vi_en(spec.get("description")):
            fail(name, "a description with 'vi' and 'en' texts is required")
        default = spec["default"]
        default = default.isoformat() if isinstance(default, _dt.date) else str(default)
        params[name] = Parameter(name, spec["type"], default, dict(spec["description"]))
    body = "\n".join(lines[count:])
    used = set(re.findall(r"[?$]_([A-Za-z0-9_]+)", _blank_comments_and_strings(body)))
    for name in sorted(used - set(params)):
        raise QueryError(f"{path}: the query uses ?_{name} but the header declares no parameter {name!r}")
    for name in sorted(set(params) - used):
        fail(name, f"parameter {name!r} is declared but the query never uses ?_{name}")
    return NamedQuery(path.stem, path, dict(summary or {}), text, tuple(tags), params, example)


def _is_vi_en(value) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(k), str) and value[k].strip() for k in ("vi", "en"))


def _line_of(header_lines: list[str], key: str) -> int:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
    return next((i + 1 for i, line in enumerate(header_lines) if pattern.match(line)), 1)


def _parse_header_yaml(path: Path, text: str):
    import yaml

    class HeaderLoader(yaml.SafeLoader):
        """Safe YAML that refuses duplicate keys (PyYAML keeps the last one silently)."""

    def mapping(loader, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    HeaderLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    try:
        return yaml.load(text, Loader=HeaderLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise QueryError(f"{path}:{line}: the '#+' header is not valid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise QueryError(f"{path}:1: the '#+' header is not valid YAML: {exc}") from None


# --------------------------------------------------------------------------------------------
# Parameter types: text from the user → one RDF term
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ParameterType:
    name: str
    accepts: str  # for the docs: what a user may write
    convert: Callable[[str, _Resolver], Identifier]


# The one search fold (core.textnorm; the views' JavaScript fold is the same), re-exported where the
# search parameter type uses it.
from graph_build.core.textnorm import fold_search_text  # noqa: E402


def _to_iri(value: str, _resolver=None):
    from rdflib import URIRef

    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if not is_safe_iri(text):
        raise ValueError("expected an absolute IRI such as https://w3id.org/plankg/def#Breakthrough")
    return URIRef(text)


def _to_entity(value: str, resolver: _Resolver):
    return resolver.entity(value, classes=None, what="entity")


def _to_place(value: str, resolver: _Resolver):
    return resolver.entity(value, classes=_PLACE_CLASSES, what="place")


def _to_plan(value: str, resolver: _Resolver):
    return resolver.entity(value, classes=_PLAN_CLASSES, what="plan")


#: A concept id as the vocabularies and reference data spell one (checked before it becomes an IRI).
_CONCEPT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _concept(value: str, scheme: str, what: str, resolver: _Resolver | None = None):
    """A concept of one scheme from its bare id or its IRI, with the closest ids when unknown."""
    from rdflib import URIRef

    from graph_build.core.suggest import did_you_mean
    from graph_build.rdf.builder import CONCEPT_SCHEMES

    prefix = f"{VOCAB_IRI}{CONCEPT_SCHEMES[scheme]}/"
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    concept_id = text[len(prefix) :] if text.startswith(prefix) else text
    known = _concept_ids(scheme)
    if concept_id not in known and not (
        resolver is not None and _CONCEPT_ID.fullmatch(concept_id) and resolver.has_subject(prefix + concept_id)
    ):
        # Not in the bundled vocabulary, nor a concept that reference data added to the graph queried.
        hint = did_you_mean(concept_id, known)
        raise ValueError(f"unknown {what} {value!r}{hint}; `plankg catalogue {what}s` lists them all")
    return URIRef(prefix + concept_id)


def _to_sector(value: str, resolver=None):
    return _concept(value, "Sector", "sector", resolver)


def _to_indicator(value: str, resolver=None):
    return _concept(value, "Indicator", "indicator", resolver)


@functools.cache
def _concept_ids(scheme: str) -> frozenset[str]:
    from graph_build.rdf.builder import concept_ids
    from graph_build.shacl.validate import ontology_graph

    return frozenset(concept_ids(ontology_graph())[scheme])


def _to_search(value: str, _resolver=None):
    from rdflib import Literal

    folded = fold_search_text(value)
    if not any(c.isalnum() for c in folded):
        raise ValueError("search text needs at least one letter or digit")
    return Literal(folded)


def _to_integer(value: str, _resolver=None):
    from rdflib import Literal

    if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
        raise ValueError("expected a whole number such as 3")
    return Literal(int(value))


def _to_decimal(value: str, _resolver=None):
    from rdflib import Literal
    from rdflib.namespace import XSD

    text = value.strip()
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError("expected a decimal number such as 59.87")
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes it
        raise ValueError("expected a decimal number such as 59.87") from None
    return Literal(number, datatype=XSD.decimal)


def _to_year(value: str, _resolver=None):
    from rdflib import Literal
    from rdflib.namespace import XSD

    if not re.fullmatch(r"\d{4}", value.strip()):
        raise ValueError("expected a four-digit year such as 2030")
    return Literal(value.strip(), datatype=XSD.gYear)


def _to_date(value: str, _resolver=None):
    from rdflib import Literal

    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = _dt.date.fromisoformat(text)
        elif re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            d, m, y = (int(x) for x in text.split("/"))
            day = _dt.date(y, m, d)
        else:
            raise ValueError
    except ValueError:
        raise ValueError("expected a date as yyyy-mm-dd or dd/mm/yyyy") from None
    return Literal(day)


_TYPE_LIST = (
    ParameterType("iri", "an absolute IRI, with or without <...>", _to_iri),
    ParameterType("entity", "an entity: id, plan-id/id, or IRI (must exist in the graph)", _to_entity),
    ParameterType("place", "a place: id (e.g. lang-son), plan-id/id, or IRI (must be a Place)", _to_place),
    ParameterType("plan", "a plan: its id (e.g. lang-son-2021-2030) or IRI (must be a plan)", _to_plan),
    ParameterType("sector", "a sector concept id from ontology/vocabularies.ttl (e.g. tourism) or its IRI", _to_sector),
    ParameterType("indicator", "an indicator concept id (e.g. grdp-growth) or its IRI", _to_indicator),
    ParameterType("search", "any text; folded (no diacritics, đ → d, lower case) before matching", _to_search),
    ParameterType("integer", "a whole number (xsd:integer)", _to_integer),
    ParameterType("decimal", "a decimal number (xsd:decimal)", _to_decimal),
    ParameterType("year", "a four-digit year (xsd:gYear)", _to_year),
    ParameterType("date", "a date as yyyy-mm-dd or dd/mm/yyyy (xsd:date)", _to_date),
)
#: The parameter types a query header may declare, by name.
PARAMETER_TYPES: dict[str, ParameterType] = {t.name: t for t in _TYPE_LIST}


class _Resolver:
    """Expands local ids to IRIs by asking the graph being queried (local or remote)."""

    def __init__(self, store: Store):
        self.backend = store

    def _closest(self, text: str, classes: tuple[str, ...] | None) -> str:
        """`` (did you mean 'national-2021-2030'?)`` among the ids of the classes asked for (not
        for any entity: listing every subject of a large graph costs more than the hint is worth)."""
        from rdflib import URIRef

        from graph_build.core.suggest import did_you_mean

        if classes is None or not _LOCAL_ID.match(text):
            return ""
        ids = set()
        for cls in classes:
            for row in self.backend.run(_SUBJECTS_OF_CLASSES, {"_class": URIRef(_PK + cls)}).rows:
                ids.add(str(row[0]).rstrip("/").rsplit("/", 1)[-1])
        return did_you_mean(text, ids)

    def entity(self, value: str, classes: tuple[str, ...] | None, what: str):
        from rdflib import URIRef

        text = value.strip()
        if _LOCAL_ID.match(text):
            found = self._by_local_id(text)
        else:
            iri = _to_iri(text)
            rows = self.backend.run(_TYPES_OF_SUBJECT, {"_subject": iri}).rows
            found = {str(iri): {str(row[0]) for row in rows}} if rows else {}
        if not found:
            raise ValueError(f"no {what} {value!r} in the graph{self._closest(text, classes)}")
        if classes is not None:
            wanted = {_PK + c for c in classes}
            matching = {iri: types for iri, types in found.items() if types & wanted}
            if not matching:
                types = ", ".join(sorted(t.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for ts in found.values() for t in ts))
                raise ValueError(f"{value!r} is not a {what} (it is a {types})")
            found = matching
        if len(found) > 1:
            names = ", ".join(sorted(_short_id(i) for i in found))
            raise ValueError(f"{value!r} names several entities ({names}); write plan-id/id or the full IRI")
        return URIRef(next(iter(found)))

    def has_subject(self, iri: str) -> bool:
        """Whether the graph queried says anything typed about this IRI."""
        from rdflib import URIRef

        return bool(self.backend.run(_TYPES_OF_SUBJECT, {"_subject": URIRef(iri)}).rows)

    def _by_local_id(self, local: str) -> dict[str, set[str]]:
        """Subjects whose IRI is a plan's entity, a reference entity or a plan with this id."""
        from rdflib import Literal

        qualifier, _, bare = local.rpartition("/")
        # Where plankg puts an entity with this id: <plan>/<id> for a plan of the graph, <base>ref/<id>
        # beside a plan's IRI, or the plan itself. Testing the end of every typed subject's IRI instead
        # (the fallback below) costs ~0.15 s on Oxigraph and seconds on rdflib at 10^6 triples.
        plans = {str(row[0]) for row in self.backend.run(_PLANS, {}).rows}
        guesses = {f"{plan}/{bare}" for plan in plans}
        guesses |= {plan[: plan.rindex("/") + 1] + f"ref/{bare}" for plan in plans if "/" in plan}
        guesses |= {plan for plan in plans if plan.endswith("/" + local)}
        safe_guesses = sorted(iri for iri in guesses if is_safe_iri(iri))
        rows = []
        if safe_guesses:
            values = " ".join(f"<{iri}>" for iri in safe_guesses)
            rows = self.backend.run(_SUBJECTS_AMONG.replace("#SUBJECTS#", values), {}).rows
        candidates = self._candidates(rows, qualifier, bare)
        # Not where plankg puts it: test every subject (slow), so a miss is a real miss. (A second
        # entity with the id outside plankg's layout is not seen once one is found in it.)
        if not candidates:
            rows = self.backend.run(_SUBJECTS_ENDING_WITH, {"_suffix": Literal("/" + local)}).rows
            candidates = self._candidates(rows, qualifier, bare)
        return candidates

    @staticmethod
    def _candidates(rows, qualifier: str, bare: str) -> dict[str, set[str]]:
        plan_classes = {_PK + c for c in _PLAN_CLASSES}
        candidates: dict[str, set[str]] = {}
        for subject, cls, plan in rows:
            iri = str(subject)
            in_plan = (
                plan is not None and iri == f"{plan}/{bare}" and (not qualifier or str(plan).endswith("/" + qualifier))
            )
            reference = plan is None and qualifier in ("", "ref") and iri.endswith(f"/ref/{bare}")
            is_plan = plan is None and not qualifier and str(cls) in plan_classes
            if in_plan or reference or is_plan:
                candidates.setdefault(iri, set()).add(str(cls))
        return candidates


_SUBJECTS_ENDING_WITH = f"""
PREFIX pk: <{_PK}>
SELECT DISTINCT ?subject ?class ?plan WHERE {{
  ?subject a ?class .
  FILTER(isIRI(?subject) && STRENDS(STR(?subject), ?_suffix))
  OPTIONAL {{ ?subject pk:inPlan ?plan }}
}}"""
#: Plans of the graph: every built plan has pk:periodStart; a subject of a plan class counts too.
_PLANS = f"""
PREFIX pk: <{_PK}>
SELECT DISTINCT ?plan WHERE {{
  {{ ?plan pk:periodStart ?start }}
  UNION
  {{ VALUES ?class {{ {" ".join("pk:" + c for c in _PLAN_CLASSES)} }} ?plan a ?class }}
  FILTER(isIRI(?plan))
}}"""
#: ``_SUBJECTS_ENDING_WITH`` for given subjects only (a VALUES block of IRIs replaces the marker).
_SUBJECTS_AMONG = f"""
PREFIX pk: <{_PK}>
SELECT DISTINCT ?subject ?class ?plan WHERE {{
  VALUES ?subject {{ #SUBJECTS# }}
  ?subject a ?class .
  OPTIONAL {{ ?subject pk:inPlan ?plan }}
}}"""
_TYPES_OF_SUBJECT = "SELECT DISTINCT ?class WHERE { ?_subject a ?class }"
#: The subjects of some classes (bound as ?_class in a VALUES block), for "did you mean".
_SUBJECTS_OF_CLASSES = "SELECT DISTINCT ?subject WHERE { ?subject a ?_class }"


def _short_id(iri: str) -> str:
    parts = iri.rstrip("/").split("/")
    return "/".join(parts[-2:])


def bind_parameters(query: NamedQuery, params: Mapping[str, str] | None, backend: Store) -> dict:
    """Check ``params`` against the query's declared parameters and turn each into an RDF term.

    Missing values take the declared default; unknown names and values of the
    wrong type raise ``QueryError`` naming the query and the parameter.
    """
    given = dict(params or {})
    unknown = sorted(set(given) - set(query.params))
    if unknown:
        declared = ", ".join(query.params) or "none"
        raise QueryError(f"query {query.name!r} has no parameter {unknown[0]!r} (its parameters: {declared})")
    resolver = _Resolver(backend)
    bindings = {}
    for name, param in query.params.items():
        value = given.get(name, param.default)
        if not isinstance(value, str):
            raise QueryError(f"query {query.name!r}, parameter {name!r}: the value must be text, got {value!r}")
        try:
            bindings[param.variable] = PARAMETER_TYPES[param.type].convert(value, resolver)
        except ValueError as exc:
            raise QueryError(f"query {query.name!r}, parameter {name!r} ({param.type}): {exc}") from None
    return bindings


# --------------------------------------------------------------------------------------------
# Running: on the store of any source (graph_build.stores.source)
# --------------------------------------------------------------------------------------------
def run_query(
    name: str,
    params: Mapping[str, str] | None = None,
    graph: Graph | None = None,
    endpoint: str | None = None,
    store=None,
    *,
    default_graphs=None,
    named_graphs=None,
    **source,
) -> QueryResult:
    """Run the named query with ``params`` (text values, checked and typed) and return its rows.

    Where it runs is ``stores.source.open_source``'s to decide, from at most
    one of ``store`` (a ``Store`` or a store folder), ``endpoint``, ``graph``
    (an rdflib ``Graph`` or ``Dataset``) and its other arguments (``plans=``,
    ``graph_file=``, ``result=``); none: the bundled plans, built once per
    process. ``default_graphs``/``named_graphs`` are the SPARQL Protocol's
    ``default-graph-uri``/``named-graph-uri``.

    >>> rows = run_query("partners").values()
    >>> [str(row[0]).rsplit("/", 1)[-1] for row in rows]
    ['asean', 'china', 'europe']
    """
    query = get_query(name)
    store = _store(graph, endpoint, store, source)
    bindings = bind_parameters(query, params, store)
    return store.run(
        query.text, bindings, origin=str(query.path), default_graphs=default_graphs, named_graphs=named_graphs
    )


def run_sparql(
    text: str,
    graph: Graph | None = None,
    endpoint: str | None = None,
    store=None,
    *,
    default_graphs=None,
    named_graphs=None,
    **source,
) -> QueryResult:
    """Run an ad-hoc SELECT, ASK, CONSTRUCT or DESCRIBE query on the same sources as ``run_query``.

    Updates, ``SERVICE`` and ``FROM`` of a graph the store does not hold are
    refused (``QueryError``) before anything is evaluated.
    """
    return _store(graph, endpoint, store, source).run(
        text, {}, origin="query", default_graphs=default_graphs, named_graphs=named_graphs
    )


def _store(graph, endpoint, store, source: dict) -> Store:
    from graph_build.stores.source import open_source

    return open_source(graph=graph, endpoint=endpoint, store=store, **source)


# --------------------------------------------------------------------------------------------
# The catalogue for docs/queries.md
# --------------------------------------------------------------------------------------------
def markdown_catalogue() -> str:
    """``docs/queries.md``: every named query with its summaries and parameters, and the parameter types."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out = [
        "# Named queries",
        "",
        "<!-- Generated by `python -m graph_build.sparql.library --markdown > docs/queries.md`; do not edit. -->",
        "",
        "Each query is a file `queries/<name>.rq` with a `#+` YAML header. Run one with",
        "`plankg query run NAME [--param key=value ...] [--format table|csv|tsv|json|md]`,",
        "see it with `plankg query show NAME`, or from Python with",
        "`graph_build.sparql.library.run_query(NAME, {key: value})`. Every parameter has a default.",
        "A parameter `name` is the variable `?_name` in the query; its value is checked",
        "against its type and bound as an RDF term, never pasted into the query text.",
        "",
        "| query | summary (vi) | summary (en) | parameters |",
        "|---|---|---|---|",
    ]
    for q in list_queries():
        params = "<br>".join(f"`{p.name}`: {p.type} = `{p.default}`" for p in q.params.values()) or "—"
        out.append(f"| `{q.name}` | {cell(q.summary['vi'])} | {cell(q.summary['en'])} | {params} |")
    out += ["", "## Parameter types", "", "| type | accepts |", "|---|---|"]
    for t in PARAMETER_TYPES.values():
        out.append(f"| `{t.name}` | {cell(t.accepts)} |")
    return "\n".join(out) + "\n"


__all__ = [
    "NamedQuery",
    "Parameter",
    "ParameterType",
    "PARAMETER_TYPES",
    "QueryResult",
    "list_queries",
    "get_query",
    "load_query_file",
    "run_query",
    "run_sparql",
    "bind_parameters",
    "fold_search_text",
    "is_safe_iri",
    "prepare",
    "with_values_block",
    "with_literal_constants",
    "parse_results_json",
    "markdown_catalogue",
]


if __name__ == "__main__":  # python -m graph_build.sparql.library --markdown > docs/queries.md
    import sys

    if sys.argv[1:] != ["--markdown"]:
        sys.exit("usage: python -m graph_build.sparql.library --markdown")
    sys.stdout.write(markdown_catalogue())
