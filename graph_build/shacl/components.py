"""The SHACL constraint components the fast engine implements: one class each, and the registry.

Each component reads its parameters from a shape (``compile``) and checks every
(focus node, value nodes) pair of the shape at once (``run``). :data:`COMPONENTS` is the
one list of them, in the order a shape's checks run; the ``sh:`` parameters the engine
accepts are derived from it (:data:`PARAMETERS`), as pySHACL derives its
``CONSTRAINT_PARAMETERS_MAP`` from ``ALL_CONSTRAINT_COMPONENTS``.

The reference is pySHACL, not the letter of the SHACL spec: where the two differ a
component does what pySHACL does — ``sh:flags`` honours only ``i`` and ``m``;
comparisons, datatype checks and SPARQL functions use rdflib's value semantics;
``sh:node`` failures carry the nested shape's results along.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from graph_build.rdf import ntriples
from graph_build.shacl.data import Data
from graph_build.shacl.sparql_python import PYTHON_PREFIXES, SPARQL_IN_PYTHON, PythonQuery
from graph_build.shacl.terms import (
    EMPTY,
    PLAIN_FORMS,
    SH,
    XSD_STRING_SUFFIX,
    Fallback,
    Unsupported,
    is_lang_literal,
    kind,
    node_term,
    sh,
    tag,
)

if TYPE_CHECKING:
    import pyoxigraph

Pairs = Sequence[tuple[str, Sequence[str]]]  # (focus node, its value nodes)
Failure = tuple[str, str | None]  # (focus node, value node or None where the result has no sh:value)
Hit = tuple[str, "Shape", "Check", "str | None"]  # a result: (focus node, shape, check, value node)
Outcome = tuple[list[Failure], list[Hit]]


@dataclass(eq=False)
class Shape:
    """A shape compiled: its path, severity, messages, checks, property shapes and targets."""

    node: Node
    name: str
    path: tuple[str, str] | None = None  # ("out" | "in", predicate term)
    path_text: str | None = None
    severity: str = "Violation"
    messages: tuple[tuple[str, str | None], ...] = ()  # its sh:message values: (text, language)
    message: str | None = None  # the one shown (English first)
    checks: list[Check] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    target_classes: list[str] = field(default_factory=list)
    target_subjects_of: list[str] = field(default_factory=list)
    target_objects_of: list[str] = field(default_factory=list)

    @property
    def has_targets(self) -> bool:
        return bool(self.target_classes or self.target_subjects_of or self.target_objects_of)


class ShapeReader(Protocol):
    """What a component needs from the compiler to read its parameters from a shapes graph."""

    g: Graph
    sparql_in_python: bool

    def one(self, node: Node, predicate: URIRef, required: bool = False) -> Node | None: ...

    def integer(self, node: Node, predicate: URIRef) -> int | None: ...

    def iri(self, node: Node) -> str: ...

    def rdf_list(self, node: Node) -> list[Node]: ...

    def nested(self, node: Node) -> Shape: ...

    def messages(self, node: Node) -> Iterator[tuple[str, str | None]]: ...


def run_shape(data: Data, shape: Shape, nodes: list[str], detail: bool) -> tuple[set[str], list[Hit]]:
    """Validate nodes against a shape: the nodes that fail and (if ``detail``) the results.
    Components that nest shapes (``sh:node``, ``sh:or``…) run them through this too."""
    pairs: list[tuple[str, Sequence[str]]]
    if shape.path is not None:
        index = data.values(shape.path)
        pairs = [(f, index.get(f, EMPTY)) for f in nodes]
    else:
        pairs = [(f, (f,)) for f in nodes]
    failing: set[str] = set()
    results: list[Hit] = []
    for check in shape.checks:
        fails, nested = check.run(data, pairs, detail)
        if fails:
            failing.update(f for f, _ in fails)
            if detail:
                results.extend((f, shape, check, v) for f, v in fails)
        if nested:
            results.extend(nested)
    if not shape.properties:
        return failing, results
    values = nodes if shape.path is None else _distinct_values(pairs)  # a node shape's values: its nodes
    for prop in shape.properties if values else ():
        bad, nested = run_shape(data, prop, values, detail)
        if bad:
            if shape.path is None:
                failing |= bad
            else:
                failing.update(f for f, vs in pairs if any(v in bad for v in vs))
            results.extend(nested)
    return failing, results


def _distinct_values(pairs: Pairs) -> list[str]:
    return list(dict.fromkeys(v for _, vs in pairs for v in vs))


def _property_only(node: Node, parameter: URIRef, is_property: bool) -> None:
    if not is_property:
        raise Unsupported(f"{node}: sh:{parameter[len(SH) :]} on a node shape")


class Check:
    """One constraint component. ``compile`` reads its parameters of one shape into checks;
    ``run`` gets every (focus, value nodes) pair at once and returns the failing (focus, value)
    pairs — value None where the result has no sh:value — and, for ``sh:node``, the nested
    shape's results (which pySHACL reports too)."""

    #: The shape predicates it reads; the first names it (the key of pySHACL's CONSTRAINT_PARAMETERS_MAP).
    parameters: ClassVar[tuple[URIRef, ...]] = ()
    #: Other sh: predicates it reads, on the nodes its parameters name.
    reads: ClassVar[tuple[URIRef, ...]] = ()

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        raise NotImplementedError

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        raise NotImplementedError

    def predicates(self) -> tuple[set[str], set[str]]:
        """(out, in) predicates this check reads beyond its shape's path."""
        return set(), set()

    def nested_shapes(self) -> Sequence[Shape]:
        """The shapes it validates value nodes against (sh:node, sh:or, sh:xone, sh:qualifiedValueShape)."""
        return ()


class ClassCheck(Check):
    parameters = (sh("class"),)

    def __init__(self, cls: str):
        self.cls = cls

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        return [cls(reader.iri(c)) for c in reader.g.objects(node, cls.parameters[0])]

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        members = data.instances(self.cls)
        return [(f, v) for f, vs in pairs for v in vs if v not in members or v[0] == '"'], []


class DatatypeCheck(Check):
    parameters = (sh("datatype"),)

    def __init__(self, rule: URIRef):
        self.rule = rule
        self.kind = "lang" if rule == RDF.langString else "string" if rule == XSD.string else "other"
        self.suffix = f"^^<{rule}>"
        self.plain = PLAIN_FORMS.get(str(rule))  # lexical forms rdflib surely reads as a good value
        self.memo: dict[str, bool] = {}

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        rule = reader.one(node, cls.parameters[0])
        return [] if rule is None else [cls(URIRef(reader.iri(rule)[1:-1]))]

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        if self.kind == "lang":  # a language-tagged literal
            return [(f, v) for f, vs in pairs for v in vs if v[0] != '"' or v[-1] == '"' or v[-1] == ">"], []
        if self.kind == "string":  # a plain literal, or typed xsd:string
            return [
                (f, v)
                for f, vs in pairs
                for v in vs
                if v[0] != '"' or (v[-1] != '"' and not v.endswith(XSD_STRING_SUFFIX))
            ], []
        memo = self.memo
        fails: list[Failure] = []
        if len(memo) > 100_000:
            memo.clear()
        for f, vs in pairs:
            for v in vs:
                ok = memo.get(v)
                if ok is None:
                    ok = memo[v] = self.ok(v)
                if not ok:
                    fails.append((f, v))
        return fails, []

    def ok(self, v: str) -> bool:
        if v[0] != '"':
            return False
        plain, suffix = self.plain, self.suffix
        if plain is not None and v.endswith(suffix) and plain.fullmatch(v, 1, len(v) - len(suffix) - 1):
            return True
        return _pyshacl_datatype_match(ntriples.to_rdflib(v), self.rule)


def _pyshacl_datatype_match(v: Literal, rule: URIRef) -> bool:
    """pySHACL's DatatypeConstraintComponent for one literal (rdflib value semantics)."""
    import datetime as dt
    from decimal import Decimal

    def actual(value: object) -> bool:
        return {
            XSD.string: lambda: isinstance(value, (str, bytes)),
            RDF.langString: lambda: isinstance(value, (str, bytes)),
            XSD.integer: lambda: isinstance(value, int),
            XSD.float: lambda: isinstance(value, float),
            XSD.decimal: lambda: isinstance(value, Decimal),
            XSD.boolean: lambda: isinstance(value, bool),
            XSD.date: lambda: isinstance(value, dt.date),
            XSD.time: lambda: isinstance(value, dt.time),
            XSD.dateTime: lambda: isinstance(value, dt.datetime),
        }.get(rule, lambda: True)()

    if v.datatype == rule:
        return False if getattr(v, "ill_typed", None) is True else actual(v.value)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and v.datatype:
        return True
    if v.datatype is None and v.language is None and rule == XSD.string:
        return actual(v.value)
    if rule == RDF.langString and v.language:
        return actual(v.value)
    return False


class _CountCheck(Check):
    def __init__(self, n: int):
        self.n = n

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        n = reader.integer(node, cls.parameters[0])
        if n is None:
            return []
        _property_only(node, cls.parameters[0], is_property)
        return [cls(n)]


class MinCountCheck(_CountCheck):
    parameters = (sh("minCount"),)

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        n = self.n
        return ([(f, None) for f, vs in pairs if len(vs) < n] if n > 0 else []), []


class MaxCountCheck(_CountCheck):
    parameters = (sh("maxCount"),)

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        n = self.n
        return [(f, None) for f, vs in pairs if len(vs) > n], []


#: Which of IRI (I), blank node (B), literal (L) each node kind admits.
NODE_KINDS = {
    sh("IRI"): "I",
    sh("BlankNode"): "B",
    sh("Literal"): "L",
    sh("BlankNodeOrIRI"): "BI",
    sh("BlankNodeOrLiteral"): "BL",
    sh("IRIOrLiteral"): "IL",
}


class NodeKindCheck(Check):
    parameters = (sh("nodeKind"),)

    def __init__(self, kinds: str):
        self.kinds = kinds

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        value = reader.one(node, cls.parameters[0])
        if value is None:
            return []
        if not isinstance(value, URIRef) or value not in NODE_KINDS:
            raise Unsupported(f"{node}: node kind {value}")
        return [cls(NODE_KINDS[value])]

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        kinds = self.kinds
        return [(f, v) for f, vs in pairs for v in vs if kind(v) not in kinds], []


class LanguageInCheck(Check):
    parameters = (sh("languageIn"),)

    def __init__(self, languages: set[str]):
        self.languages = languages
        self.good_tails = {f"@{lang}" for lang in languages if len(lang) == 2 and lang.islower()}

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        languages = reader.one(node, cls.parameters[0])
        if languages is None:
            return []
        items = reader.rdf_list(languages)
        literals = [i for i in items if isinstance(i, Literal) and isinstance(i.value, str)]
        if len(literals) != len(items):
            raise Unsupported(f"{node}: sh:languageIn must list strings")
        return [cls({str(i.value).lower() for i in literals})]

    def ok(self, v: str) -> bool:
        if not is_lang_literal(v):
            return False
        if "*" in self.languages:
            return True
        lang = tag(v).lower()
        return lang in self.languages or lang.split("-")[0] in self.languages

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        good, ok = self.good_tails, self.ok  # "…"@vi: the common case, without a call
        return [(f, v) for f, vs in pairs for v in vs if v[-3:] not in good and not ok(v)], []


class UniqueLangCheck(Check):
    parameters = (sh("uniqueLang"),)

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        unique = reader.one(node, cls.parameters[0])
        if unique is None:
            return []
        _property_only(node, cls.parameters[0], is_property)
        if not isinstance(unique, Literal) or not isinstance(unique.value, bool):
            raise Unsupported(f"{node}: sh:uniqueLang must be a boolean")
        return [cls()] if unique.value else []

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        fails: list[Failure] = []
        for f, vs in pairs:
            if len(vs) < 2:
                continue
            seen: set[str] = set()
            duplicated: set[str] = set()
            for v in vs:
                if is_lang_literal(v):
                    lang = tag(v).lower()
                    (duplicated if lang in seen else seen).add(lang)
            fails.extend((f, None) for _ in duplicated)
        return fails, []


class PatternCheck(Check):
    parameters = (sh("pattern"), sh("flags"))

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        patterns = list(reader.g.objects(node, sh("pattern")))
        flags = reader.one(node, sh("flags"))
        if flags is not None and not patterns:
            raise Unsupported(f"{node}: sh:flags without sh:pattern")
        re_flags = 0
        if flags is not None:  # pySHACL honours i and m only
            text = str(flags.value if isinstance(flags, Literal) else flags).lower()
            re_flags = (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
        checks: list[Check] = []
        for p in patterns:
            if not isinstance(p, Literal):
                raise Unsupported(f"{node}: sh:pattern must be a literal")
            text = str(p.value) if p.value is not None and len(p.value) > 1 else str(p)
            try:
                checks.append(cls(re.compile(text, re_flags)))
            except re.error as exc:
                raise Unsupported(f"{node}: sh:pattern {text!r}: {exc}") from exc
        return checks

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        search = self.pattern.search
        fails: list[Failure] = []
        for f, vs in pairs:
            for v in vs:
                first = v[0]
                if first == '"':
                    text = v[1 : v.rindex('"')] if "\\" not in v else ntriples.literal_parts(v)[0]
                elif first == "<":
                    text = v[1:-1]
                else:  # a blank node never matches
                    fails.append((f, v))
                    continue
                if not search(text):
                    fails.append((f, v))
        return fails, []


class MinInclusiveCheck(Check):
    parameters = (sh("minInclusive"),)

    def __init__(self, minimum: Literal):
        self.minimum = minimum
        self.memo: dict[str, bool] = {}

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        checks: list[Check] = []
        for minimum in reader.g.objects(node, cls.parameters[0]):
            if not isinstance(minimum, Literal):
                raise Unsupported(f"{node}: sh:minInclusive must be a literal")
            checks.append(cls(minimum))
        return checks

    def ok(self, v: str) -> bool:
        found = self.memo.get(v)
        if found is None:
            if len(self.memo) > 100_000:
                self.memo.clear()
            found = self.memo[v] = v[0] == '"' and _min_inclusive(ntriples.to_rdflib(v), self.minimum)
        return found

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        return [(f, v) for f, vs in pairs for v in vs if not self.ok(v)], []


def _compare_literal(l1: Literal, l2: Literal) -> int:
    """pySHACL's ``rdfutil.compare.compare_literal``."""
    import datetime as dt

    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (dt.datetime, dt.time):
        if l1.value == l2.value:
            return 0
        if l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1


def _min_inclusive(v: Literal, minimum: Literal) -> bool:
    """pySHACL's MinInclusiveConstraintComponent for one literal value."""
    min_is_string = isinstance(minimum.value, str)
    v_is_string = isinstance(v.value, str)
    if min_is_string != v_is_string:
        return False
    try:
        return _compare_literal(v, minimum) >= 0
    except (TypeError, NotImplementedError):
        return False


class _PropertyPairCheck(Check):
    """A check comparing each focus node's values with its values of another predicate."""

    def __init__(self, predicate: str):
        self.predicate = predicate

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        checks: list[Check] = []
        for p in reader.g.objects(node, cls.parameters[0]):
            _property_only(node, cls.parameters[0], is_property)
            checks.append(cls(reader.iri(p)))
        return checks

    def predicates(self) -> tuple[set[str], set[str]]:
        return {self.predicate}, set()


class LessThanOrEqualsCheck(_PropertyPairCheck):
    parameters = (sh("lessThanOrEquals"),)

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        other = data.out[self.predicate]
        fails: list[Failure] = []
        for f, vs in pairs:
            compare = other.get(f, EMPTY)
            for v in vs:
                for c in compare:
                    if not _less_or_equal(v, c):
                        fails.append((f, v))
        return fails, []


def _less_or_equal(v: str, c: str) -> bool:
    """pySHACL's ``_compare_ltoe`` for one pair (strings compare as strings, the rest as rdflib values)."""
    if v[0] == "_" or c[0] == "_":
        raise Fallback("sh:lessThanOrEquals on a blank node (pySHACL raises)")
    left, right = ntriples.to_rdflib(v), ntriples.to_rdflib(c)
    left_is_string = isinstance(left, URIRef) or isinstance(left.value, str)
    right_is_string = isinstance(right, URIRef) or isinstance(right.value, str)
    if left_is_string != right_is_string:
        return False
    if left_is_string:
        left, right = (
            str(left) if isinstance(left, URIRef) else left.value,
            str(right) if isinstance(right, URIRef) else right.value,
        )
    try:
        return bool(left <= right)
    except TypeError as exc:
        raise Fallback(f"sh:lessThanOrEquals cannot compare {v} and {c} (pySHACL raises)") from exc


class EqualsCheck(_PropertyPairCheck):
    parameters = (sh("equals"),)

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        other = data.out[self.predicate]
        fails: list[Failure] = []
        for f, vs in pairs:
            compare = other.get(f, EMPTY)
            if set(vs) != set(compare):
                fails.extend((f, v) for v in set(vs).symmetric_difference(compare))
        return fails, []


class HasValueCheck(Check):
    parameters = (sh("hasValue"),)

    def __init__(self, value: str):
        self.value = value

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        return [cls(node_term(value)) for value in reader.g.objects(node, cls.parameters[0])]

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        value = self.value
        return [(f, None) for f, vs in pairs if value not in vs], []


class NodeCheck(Check):
    parameters = (sh("node"),)

    def __init__(self, shape: Shape):
        self.shape = shape

    def nested_shapes(self) -> Sequence[Shape]:
        return (self.shape,)

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        checks: list[Check] = []
        for other in reader.g.objects(node, cls.parameters[0]):
            target = reader.nested(other)
            if target.path is not None:
                raise Unsupported(f"{node}: sh:node names a property shape")
            checks.append(cls(target))
        return checks

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        values = _distinct_values(pairs)
        if not values:
            return [], []
        failing, results = run_shape(data, self.shape, values, detail)
        return [(f, v) for f, vs in pairs for v in vs if v in failing], results


class OrCheck(Check):
    parameters = (sh("or"),)

    def __init__(self, shapes: list[Shape]):
        self.shapes = shapes

    def nested_shapes(self) -> Sequence[Shape]:
        return self.shapes

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        return [
            cls([reader.nested(m) for m in reader.rdf_list(lst)]) for lst in reader.g.objects(node, cls.parameters[0])
        ]

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        values = _distinct_values(pairs)
        if not values:
            return [], []
        failing = [run_shape(data, s, values, False)[0] for s in self.shapes]
        return [(f, v) for f, vs in pairs for v in vs if all(v in bad for bad in failing)], []


class XoneCheck(OrCheck):
    parameters = (sh("xone"),)

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        values = _distinct_values(pairs)
        if not values:
            return [], []
        failing = [run_shape(data, s, values, False)[0] for s in self.shapes]
        if len(failing) == 2:
            first, second = failing
            return [(f, v) for f, vs in pairs for v in vs if (v in first) == (v in second)], []
        return [(f, v) for f, vs in pairs for v in vs if sum(v not in bad for bad in failing) != 1], []


class QualifiedMinCountCheck(Check):
    parameters = (sh("qualifiedValueShape"), sh("qualifiedMinCount"))

    def __init__(self, shape: Shape, n: int):
        self.shape, self.n = shape, n

    def nested_shapes(self) -> Sequence[Shape]:
        return (self.shape,)

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        qualified = reader.one(node, sh("qualifiedValueShape"))
        minimum = reader.integer(node, sh("qualifiedMinCount"))
        if (qualified is None) != (minimum is None):
            raise Unsupported(f"{node}: sh:qualifiedValueShape needs sh:qualifiedMinCount (and only that)")
        if qualified is None or minimum is None:
            return []
        _property_only(node, cls.parameters[0], is_property)
        return [cls(reader.nested(qualified), minimum)]

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        values = _distinct_values(pairs)
        failing = run_shape(data, self.shape, values, False)[0] if values else set()
        n = self.n
        if n == 1:
            return [(f, None) for f, vs in pairs if all(v in failing for v in vs)], []
        return [(f, None) for f, vs in pairs if sum(v not in failing for v in vs) < n], []


#: Queries the whole-data evaluation with $this unbound would get wrong: pySHACL binds
#: $this before evaluating, which differs inside sub-queries, aggregates and negation.
_SPARQL_UNSAFE = re.compile(
    r"\b(MINUS|EXISTS|GROUP|HAVING|LIMIT|OFFSET|VALUES|SERVICE|COUNT|SUM|MIN|MAX|AVG|"
    r"SAMPLE|GROUP_CONCAT)\b|\$(PATH|currentShape|shapesGraph|value)\b|\?failure\b",
    re.I,
)


class SparqlCheck(Check):
    """One sh:sparql constraint of a node shape; its rows are (focus, value, extra bindings).

    The three constraints of ``shapes.ttl`` run as Python transcriptions
    (:mod:`graph_build.shacl.sparql_python`); any other ``sh:select`` runs once over the
    whole data in pyoxigraph with ``$this`` left unbound, then keeps the rows whose
    ``$this`` is a focus node."""

    parameters = (sh("sparql"),)
    reads = tuple(sh(n) for n in ("select", "prefixes", "declare", "prefix", "namespace"))

    def __init__(
        self,
        node: Node,
        messages: tuple[tuple[str, str | None], ...],
        query: str,
        prefixes: dict[str, str],
        python: PythonQuery | None = None,
        has_value: bool = True,
    ):
        self.node, self.messages, self.query, self.prefixes = node, messages, query, prefixes
        self.python, self.has_value = python, has_value

    @classmethod
    def compile(cls, reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
        checks: list[Check] = []
        for constraint in reader.g.objects(node, cls.parameters[0]):
            if is_property:
                raise Unsupported(f"{node}: sh:sparql on a property shape")
            checks.append(cls.from_constraint(reader, constraint))
        return checks

    @classmethod
    def from_constraint(cls, reader: ShapeReader, node: Node) -> SparqlCheck:
        select = reader.one(node, sh("select"), required=True)
        if not isinstance(select, Literal) or not isinstance(select.value, str):
            raise Unsupported(f"{node}: sh:select must be a string")
        query = str(select.value)
        prefixes = _declared_prefixes(reader, node)
        messages = tuple(reader.messages(node))
        text = " ".join(query.split())
        python = SPARQL_IN_PYTHON.get(text) if reader.sparql_in_python else None
        if python is not None and all(prefixes.get(p) == ns for p, ns in PYTHON_PREFIXES.items()):
            return cls(node, messages, query, prefixes, python)
        projection = re.match(r"(?is)^\s*SELECT\s+(DISTINCT\s+)?(.*?)\s+WHERE\b", query)
        variables = set(projection.group(2).replace("$", "?").split()) if projection else set()
        if (
            _SPARQL_UNSAFE.search(query)
            or len(re.findall(r"\bSELECT\b", query, re.I)) != 1
            or variables not in ({"?this"}, {"?this", "?value"})
        ):
            raise Unsupported(f"{node}: a SPARQL constraint whose whole-data evaluation may differ")
        check = cls(node, messages, query, prefixes, has_value="?value" in variables)
        import pyoxigraph as ox

        try:
            ox.Store().query(check.prefixed())
        except (SyntaxError, ValueError, OSError) as exc:
            raise Unsupported(f"{node}: pyoxigraph cannot run the query: {exc}") from exc
        return check

    def prefixed(self) -> str:
        """The query with its prefixes declared."""
        header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(self.prefixes.items()))
        return header + self.query

    def predicates(self) -> tuple[set[str], set[str]]:
        return (set(self.python.predicates), set()) if self.python else (set(), set())

    def run(self, data: Data, pairs: Pairs, detail: bool) -> Outcome:
        focus = [f for f, _ in pairs]
        rows = self.python.run(data, focus) if self.python else self._rows_in_oxigraph(data, focus)
        return list(dict.fromkeys(rows)), []

    def _rows_in_oxigraph(self, data: Data, focus: list[str]) -> Iterator[tuple[str, str]]:
        """Run the query once over all the data in pyoxigraph, $this unbound."""
        import pyoxigraph as ox

        store = data.store
        if store is None:
            store = data.store = ox.Store()
            text = "".join(f"{s} {p} {o} .\n" for s, p, o in data.triples)
            store.load(input=text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        wanted = set(focus)
        for row in _solutions(store.query(self.prefixed())):
            this = row["this"]
            value = row["value"] if self.has_value else None
            if isinstance(this, ox.BlankNode) or isinstance(value, ox.BlankNode):
                raise Fallback("a SPARQL constraint row with a blank node (its label is pyoxigraph's)")
            if this is None:
                continue
            focus_term = node_term(ntriples.to_rdflib(str(this)))
            if focus_term in wanted:
                yield focus_term, node_term(ntriples.to_rdflib(str(value))) if value is not None else focus_term


def _solutions(answer: object) -> pyoxigraph.QuerySolutions:
    """A SELECT query's answer (compile_shapes lets only SELECT queries through)."""
    import pyoxigraph as ox

    if not isinstance(answer, ox.QuerySolutions):
        raise Fallback("a SPARQL constraint that is not a SELECT query")
    return answer


def _declared_prefixes(reader: ShapeReader, node: Node) -> dict[str, str]:
    """The prefixes pySHACL declares for a SPARQL constraint (sh:prefixes → sh:declare)."""
    g = reader.g
    ontologies = set(g.subjects(RDF.type, OWL.Ontology))
    everywhere = {d for o in ontologies for d in g.objects(o, sh("declare"))}
    out = {}
    for holder in g.objects(node, sh("prefixes")):
        own = set(g.objects(holder, sh("declare")))
        declares = own if own and holder in ontologies else everywhere | own
        for d in declares:
            prefix, namespace = reader.one(d, sh("prefix"), True), reader.one(d, sh("namespace"), True)
            out[str(prefix)] = str(namespace)
    return out


#: Every constraint component, in the order a shape's checks run (and results come).
COMPONENTS: tuple[type[Check], ...] = (
    ClassCheck,
    DatatypeCheck,
    MinCountCheck,
    MaxCountCheck,
    NodeKindCheck,
    LanguageInCheck,
    UniqueLangCheck,
    PatternCheck,
    MinInclusiveCheck,
    LessThanOrEqualsCheck,
    EqualsCheck,
    HasValueCheck,
    NodeCheck,
    OrCheck,
    XoneCheck,
    QualifiedMinCountCheck,
    SparqlCheck,
)
#: The sh: predicates the components read: a shapes graph using any other is not compiled.
PARAMETERS = frozenset(p for component in COMPONENTS for p in (*component.parameters, *component.reads))


def compile_checks(reader: ShapeReader, node: Node, is_property: bool) -> list[Check]:
    """The checks of one shape, component by component."""
    return [check for component in COMPONENTS for check in component.compile(reader, node, is_property)]


__all__ = ["COMPONENTS", "PARAMETERS", "Check", "Shape", "ShapeReader", "SparqlCheck", "compile_checks", "run_shape"]
