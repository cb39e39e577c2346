"""A fast SHACL engine for exactly the SHACL features plankg's shapes use.

pySHACL validates focus node by focus node through rdflib lookups and costs
0.2–1 ms a triple; a build of 10^6 triples would spend minutes in it. This
engine compiles the shapes graph once into a plan (targets, property paths,
constraint checks) and evaluates every check over all focus nodes at once, on
plain dict indexes of N-Triples term strings (``<iri>``, ``"text"@vi``,
``"8.0"^^<…#decimal>``, as written by :mod:`graph_build.rdf.ntriples`) built in one
pass over the triples: ~2–3 µs a triple (``bench/shacl.py``). rdflib terms are
made only for typed literals in unusual forms (once per distinct literal) and
for the results.

What it implements — and nothing else: targets ``sh:targetClass`` (through the
data's ``rdfs:subClassOf``), ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``
and implicit class targets; predicate paths and ``sh:inversePath``;
``sh:property``, ``sh:class``, ``sh:datatype``, ``sh:minCount``,
``sh:maxCount``, ``sh:nodeKind``, ``sh:languageIn``, ``sh:uniqueLang``,
``sh:pattern`` (+ ``sh:flags``), ``sh:minInclusive``, ``sh:lessThanOrEquals``,
``sh:equals``, ``sh:hasValue``, ``sh:node``, ``sh:or``, ``sh:xone``,
``sh:qualifiedValueShape`` + ``sh:qualifiedMinCount``, SPARQL-based
constraints (``sh:sparql``/``sh:select`` with ``sh:prefixes``),
``sh:severity`` and ``sh:message``. :func:`compile_shapes` raises
:class:`Unsupported` for any other ``sh:`` term anywhere in the shapes graph
(or an odd use of a known one), and :func:`evaluate` raises :class:`Fallback`
where pySHACL itself would fail; the caller (:func:`graph_build.shacl.validate.validate_triples`)
then runs pySHACL, so an edit of the shapes can never silently skip a check.

The reference is pySHACL (``shacl.validate_graph``), not the letter of the
SHACL spec: where the two differ this engine does what pySHACL does —
``sh:flags`` honours only ``i`` and ``m``; comparisons, datatype checks and
SPARQL functions use rdflib's value semantics; ``sh:node`` failures carry the
nested shape's results along; literals are compared as rdflib stores them
(typed literals normalised, language tags case-insensitive).

The three SPARQL constraints of ``shapes.ttl`` are recognised by their exact
query text and run as Python transcriptions of what rdflib computes for them
(``SPARQL_IN_PYTHON``); any other ``sh:select`` runs once over the whole data
in pyoxigraph with ``$this`` left unbound, then keeps the rows whose ``$this``
is a focus node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from graph_build.rdf import ntriples, terms
from graph_build.core.gcpause import gc_paused

SH = "http://www.w3.org/ns/shacl#"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_XSD_STRING_SUFFIX = f"^^<{XSD.string}>"
_EMPTY: tuple = ()


class Unsupported(Exception):
    """The shapes use a SHACL feature (or a form of one) this engine does not implement."""


class Fallback(Exception):
    """The data meets a case where pySHACL fails or does something this engine does not
    reproduce (e.g. ``sh:lessThanOrEquals`` on a blank node): validate with pySHACL."""


def _sh(name: str) -> URIRef:
    return URIRef(SH + name)


#: Every sh: term the shapes graph may contain. Annotations that never change a
#: result (sh:name, sh:description, sh:order, sh:group) are accepted and ignored.
_TARGETS = {_sh("targetClass"), _sh("targetSubjectsOf"), _sh("targetObjectsOf")}
_CONSTRAINTS = {_sh(n) for n in (
    "class", "datatype", "minCount", "maxCount", "nodeKind", "languageIn", "uniqueLang", "pattern", "flags",
    "minInclusive", "lessThanOrEquals", "equals", "hasValue", "node", "or", "xone", "qualifiedValueShape",
    "qualifiedMinCount", "sparql", "property")}
_SHAPE_META = {_sh(n) for n in ("path", "message", "severity", "name", "description", "order", "group")}
_OTHER_PREDICATES = {_sh(n) for n in ("inversePath", "select", "prefixes", "declare", "prefix", "namespace")}
_KNOWN_PREDICATES = _TARGETS | _CONSTRAINTS | _SHAPE_META | _OTHER_PREDICATES
_NODE_KINDS = {  # which of IRI (I), blank node (B), literal (L) each node kind admits
    _sh("IRI"): "I", _sh("BlankNode"): "B", _sh("Literal"): "L", _sh("BlankNodeOrIRI"): "BI",
    _sh("BlankNodeOrLiteral"): "BL", _sh("IRIOrLiteral"): "IL"}
_SEVERITIES = {_sh("Violation"): "Violation", _sh("Warning"): "Warning", _sh("Info"): "Info"}
_KNOWN_OBJECTS = {_sh("NodeShape"), _sh("PropertyShape"), _sh("SPARQLConstraint"), *_NODE_KINDS, *_SEVERITIES}


# -- terms ---------------------------------------------------------------------------------------
def _kind(term: str) -> str:
    """I (IRI), B (blank node) or L (literal) for an N-Triples term string."""
    first = term[0]
    return "I" if first == "<" else "L" if first == '"' else "B"


def _is_lang_literal(term: str) -> bool:
    return term[0] == '"' and term[-1] not in '">'


def _canonical_typed(term: str) -> str:
    """A typed literal as rdflib stores it: rdflib normalises the lexical form of the
    datatypes it knows (``"01"^^xsd:integer`` is ``"1"``), so those are one term."""
    if term.endswith(_XSD_STRING_SUFFIX):
        return term  # rdflib keeps "x"^^xsd:string apart from "x"; from_rdflib would merge them
    quote = term.rindex('"')
    plain = _PLAIN_FORMS.get(term[quote + 4:-1])
    if plain is not None and plain.fullmatch(term, 1, quote):
        return term
    try:
        literal = ntriples.to_rdflib(term)
        canonical = terms.from_rdflib(literal)
    except Exception:  # noqa: BLE001 - an odd term: keep it as given
        return term
    if canonical != term and getattr(literal, "ill_typed", None):
        # "yes"^^xsd:boolean: rdflib stores it as "false"^^xsd:boolean marked ill-typed, and an
        # rdflib graph keeps whichever of the two equal terms came first: pySHACL decides
        raise Fallback(f"{term} is ill-typed and rdflib rewrites it as {canonical}")
    return canonical


def _canonical_lang(term: str) -> str:
    """rdflib compares language tags case-insensitively: one term per lower-case tag."""
    quote = term.rindex('"')
    tail = term[quote:]
    return term if tail == tail.lower() else term[:quote] + tail.lower()


def _lexical(term: str) -> str:
    """What rdflib's ``str()`` (and SPARQL's STR in rdflib) gives for a term."""
    first = term[0]
    if first == "<":
        return term[1:-1]
    if first == "_":
        return term[2:]
    return ntriples.literal_parts(term)[0]


def _tag(term: str) -> str:
    """The language tag of a language-tagged literal term."""
    return term[term.rindex('"') + 2:]


def _term(node) -> str:
    """An rdflib term of the shapes graph as a (canonical) N-Triples term string."""
    text = terms.from_rdflib(node)
    if text[0] == '"' and text[-1] != '"':
        text = _canonical_typed(text) if text[-1] == ">" else _canonical_lang(text)
    return text


def path_text(graph: Graph, path) -> str:
    """A SHACL path as short text: ``label``, ``^hasPart``, ``a/b``, ``(a|b)``, ``a*``."""
    if isinstance(path, URIRef):
        return local_name(path)
    if isinstance(path, BNode):
        if graph.value(path, RDF.first) is not None or path == RDF.nil:
            return "/".join(path_text(graph, p) for p in graph.items(path))
        for predicate, prefix, suffix in (("inversePath", "^", ""), ("zeroOrMorePath", "", "*"),
                                          ("oneOrMorePath", "", "+"), ("zeroOrOnePath", "", "?")):
            inner = graph.value(path, _sh(predicate))
            if inner is not None:
                return f"{prefix}{path_text(graph, inner)}{suffix}"
        alternatives = graph.value(path, _sh("alternativePath"))
        if alternatives is not None:
            return "(" + "|".join(path_text(graph, p) for p in graph.items(alternatives)) + ")"
    return str(path)


def local_name(term) -> str:
    """The last segment of an IRI (after '#' or '/'): how results name shapes and paths."""
    text = str(term)
    for sep in ("#", "/"):
        if sep in text:
            return text.rsplit(sep, 1)[-1]
    return text


def pick_message(messages: Iterable[tuple[str, str | None]]) -> str | None:
    """The message shown for a result: English first, then the others, each alphabetically."""
    ordered = sorted(messages, key=lambda m: (m[1] != "en", m[0]))
    return ordered[0][0] if ordered else None


# -- the data ------------------------------------------------------------------------------------
class Data:
    """Indexes over the triples, built in one pass: for each predicate a shape needs,
    subject → objects (``out``) and, for inverse paths, object → subjects (``inv``)."""

    def __init__(self, triples: Iterable[tuple[str, str, str]], out_predicates: Iterable[str],
                 in_predicates: Iterable[str], keep_all: bool = False, distinct: bool = False):
        """``distinct``: the triples are known to be distinct (a set), so no value lists need
        de-duplicating unless two literals turn out equal in rdflib."""
        out: dict[str, dict[str, list[str]]] = {p: {} for p in out_predicates}
        inv: dict[str, dict[str, list[str]]] = {p: {} for p in in_predicates}
        out_get, inv_get = out.get, inv.get
        canonical: dict[str, str] = {}  # typed and odd language-tagged literals as rdflib stores them
        kept: list[tuple[str, str, str]] = []
        merged = False
        for s, p, o in triples:
            forward = out_get(p)
            backward = inv_get(p) if inv else None
            if forward is None and backward is None and not keep_all:
                continue
            if o[0] == '"' and o[-1] != '"':  # typed or language-tagged: maybe not as rdflib stores it
                tail = o[-3:]
                if tail != "@vi" and tail != "@en":
                    c = canonical.get(o)
                    if c is None:
                        c = canonical[o] = _canonical_typed(o) if o[-1] == ">" else _canonical_lang(o)
                        merged = merged or c != o
                    o = c
            if keep_all:
                kept.append((s, p, o))
            if forward is not None:
                values = forward.get(s)
                if values is None:
                    forward[s] = [o]
                else:
                    values.append(o)
            if backward is not None:
                values = backward.get(o)
                if values is None:
                    backward[o] = [s]
                else:
                    values.append(s)
        if merged or not distinct:  # one value per distinct term, as in a graph
            for index in (*out.values(), *inv.values()):
                for key, values in index.items():
                    if len(values) > 1:
                        index[key] = list(dict.fromkeys(values))
        self.out, self.inv, self.triples = out, inv, kept
        self._subclasses: dict[str, list[str]] | None = None
        self._by_class: dict[str, list[str]] | None = None
        self._instances: dict[str, set[str]] = {}
        self.store = None  # pyoxigraph, built on first use by a SPARQL constraint not in Python

    def values(self, path: tuple[str, str]) -> dict[str, list[str]]:
        direction, predicate = path
        return (self.out if direction == "out" else self.inv)[predicate]

    def instances(self, cls: str) -> set[str]:
        """SHACL instances of a class: typed with it or with a (transitive) subclass."""
        found = self._instances.get(cls)
        if found is not None:
            return found
        if self._by_class is None:
            self._by_class = {}
            for s, types in self.out[_RDF_TYPE].items():
                for t in types:
                    self._by_class.setdefault(t, []).append(s)
            self._subclasses = {}
            for sub, supers in self.out[_SUBCLASS].items():
                for sup in supers:
                    self._subclasses.setdefault(sup, []).append(sub)
        seen, todo = {cls}, [cls]
        while todo:
            for sub in self._subclasses.get(todo.pop(), _EMPTY):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        found = self._instances[cls] = set()
        for c in seen:
            found.update(self._by_class.get(c, _EMPTY))
        return found


# -- the compiled shapes -------------------------------------------------------------------------
@dataclass(eq=False)
class Shape:
    node: URIRef | BNode
    name: str
    path: tuple[str, str] | None = None  # ("out" | "in", predicate term)
    path_text: str | None = None
    severity: str = "Violation"
    messages: tuple[tuple[str, str | None], ...] = ()  # its sh:message values: (text, language)
    message: str | None = None  # the one shown (English first)
    checks: list = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    target_classes: list[str] = field(default_factory=list)
    target_subjects_of: list[str] = field(default_factory=list)
    target_objects_of: list[str] = field(default_factory=list)

    @property
    def has_targets(self) -> bool:
        return bool(self.target_classes or self.target_subjects_of or self.target_objects_of)


@dataclass
class Plan:
    """The shapes graph compiled: shapes with targets first evaluated, and what to index."""

    graph: Graph
    shapes: list[Shape]
    top: list[Shape]
    out_predicates: set[str]
    in_predicates: set[str]
    needs_all_triples: bool


Pairs = list[tuple[str, "list[str] | tuple[str, ...]"]]  # (focus node, its value nodes)


class Check:
    """One constraint of a shape. ``run`` gets every (focus, value nodes) pair at once and
    returns the failing (focus, value) pairs — value None where the result has no sh:value —
    and, for ``sh:node``, the nested shape's results (which pySHACL reports too)."""

    param: URIRef

    def run(self, data: Data, pairs: Pairs, detail: bool) -> tuple[list, list]:
        raise NotImplementedError

    def predicates(self) -> tuple[set[str], set[str]]:
        """(out, in) predicates this check reads beyond its shape's path."""
        return set(), set()


class ClassCheck(Check):
    param = _sh("class")

    def __init__(self, cls: str):
        self.cls = cls

    def run(self, data, pairs, detail):
        members = data.instances(self.cls)
        return [(f, v) for f, vs in pairs for v in vs if v not in members or v[0] == '"'], []


class DatatypeCheck(Check):
    param = _sh("datatype")

    def __init__(self, rule: URIRef):
        self.rule = rule
        self.kind = "lang" if rule == RDF.langString else "string" if rule == XSD.string else "other"
        self.suffix = f"^^<{rule}>"
        self.plain = _PLAIN_FORMS.get(str(rule))  # lexical forms rdflib surely reads as a good value
        self.memo: dict[str, bool] = {}

    def run(self, data, pairs, detail):
        if self.kind == "lang":  # a language-tagged literal
            return [(f, v) for f, vs in pairs for v in vs if v[0] != '"' or v[-1] == '"' or v[-1] == ">"], []
        if self.kind == "string":  # a plain literal, or typed xsd:string
            return [(f, v) for f, vs in pairs for v in vs
                    if v[0] != '"' or (v[-1] != '"' and not v.endswith(_XSD_STRING_SUFFIX))], []
        memo, fails = self.memo, []
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


#: Lexical forms that rdflib reads as a well-typed value of the datatype and writes back
#: unchanged (tests/test_shacl_engine.py checks this against rdflib): such literals need
#: no rdflib term for a datatype check or to be stored as rdflib stores them.
_PLAIN_FORMS = {
    str(XSD.boolean): re.compile("true|false"),
    str(XSD.integer): re.compile("0|-?[1-9][0-9]*"),
    str(XSD.decimal): re.compile("-?(0|[1-9][0-9]*)\\.[0-9]+"),
    str(XSD.gYear): re.compile("[1-9][0-9]{3}"),
}


def _pyshacl_datatype_match(v: Literal, rule: URIRef) -> bool:
    """pySHACL's DatatypeConstraintComponent for one literal (rdflib value semantics)."""
    import datetime as dt
    from decimal import Decimal

    def actual(value) -> bool:
        return {
            XSD.string: lambda: isinstance(value, (str, bytes)),
            RDF.langString: lambda: isinstance(value, (str, bytes)),
            XSD.integer: lambda: isinstance(value, int), XSD.float: lambda: isinstance(value, float),
            XSD.decimal: lambda: isinstance(value, Decimal), XSD.boolean: lambda: isinstance(value, bool),
            XSD.date: lambda: isinstance(value, dt.date), XSD.time: lambda: isinstance(value, dt.time),
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


class MinCountCheck(Check):
    param = _sh("minCount")

    def __init__(self, n: int):
        self.n = n

    def run(self, data, pairs, detail):
        n = self.n
        return ([(f, None) for f, vs in pairs if len(vs) < n] if n > 0 else []), []


class MaxCountCheck(Check):
    param = _sh("maxCount")

    def __init__(self, n: int):
        self.n = n

    def run(self, data, pairs, detail):
        n = self.n
        return [(f, None) for f, vs in pairs if len(vs) > n], []


class NodeKindCheck(Check):
    param = _sh("nodeKind")

    def __init__(self, kinds: str):
        self.kinds = kinds

    def run(self, data, pairs, detail):
        kinds = self.kinds
        return [(f, v) for f, vs in pairs for v in vs if _kind(v) not in kinds], []


class LanguageInCheck(Check):
    param = _sh("languageIn")

    def __init__(self, languages: set[str]):
        self.languages = languages
        self.good_tails = {f"@{lang}" for lang in languages if len(lang) == 2 and lang.islower()}

    def ok(self, v: str) -> bool:
        if not _is_lang_literal(v):
            return False
        if "*" in self.languages:
            return True
        lang = _tag(v).lower()
        return lang in self.languages or lang.split("-")[0] in self.languages

    def run(self, data, pairs, detail):
        good, ok = self.good_tails, self.ok  # "…"@vi: the common case, without a call
        return [(f, v) for f, vs in pairs for v in vs if v[-3:] not in good and not ok(v)], []


class UniqueLangCheck(Check):
    param = _sh("uniqueLang")

    def run(self, data, pairs, detail):
        fails = []
        for f, vs in pairs:
            if len(vs) < 2:
                continue
            seen: set[str] = set()
            duplicated: set[str] = set()
            for v in vs:
                if _is_lang_literal(v):
                    lang = _tag(v).lower()
                    (duplicated if lang in seen else seen).add(lang)
            fails.extend((f, None) for _ in duplicated)
        return fails, []


class PatternCheck(Check):
    param = _sh("pattern")

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern

    def run(self, data, pairs, detail):
        search, fails = self.pattern.search, []
        for f, vs in pairs:
            for v in vs:
                first = v[0]
                if first == '"':
                    text = v[1:v.rindex('"')] if "\\" not in v else ntriples.literal_parts(v)[0]
                elif first == "<":
                    text = v[1:-1]
                else:  # a blank node never matches
                    fails.append((f, v))
                    continue
                if not search(text):
                    fails.append((f, v))
        return fails, []


class MinInclusiveCheck(Check):
    param = _sh("minInclusive")

    def __init__(self, minimum: Literal):
        self.minimum = minimum
        self.memo: dict[str, bool] = {}

    def ok(self, v: str) -> bool:
        found = self.memo.get(v)
        if found is None:
            if len(self.memo) > 100_000:
                self.memo.clear()
            found = self.memo[v] = v[0] == '"' and _min_inclusive(ntriples.to_rdflib(v), self.minimum)
        return found

    def run(self, data, pairs, detail):
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

    def predicates(self):
        return {self.predicate}, set()


class LessThanOrEqualsCheck(_PropertyPairCheck):
    param = _sh("lessThanOrEquals")

    def run(self, data, pairs, detail):
        other = data.out[self.predicate]
        fails = []
        for f, vs in pairs:
            compare = other.get(f, _EMPTY)
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
        left, right = str(left) if isinstance(left, URIRef) else left.value, \
            str(right) if isinstance(right, URIRef) else right.value
    try:
        return bool(left <= right)
    except TypeError as exc:
        raise Fallback(f"sh:lessThanOrEquals cannot compare {v} and {c} (pySHACL raises)") from exc


class EqualsCheck(_PropertyPairCheck):
    param = _sh("equals")

    def run(self, data, pairs, detail):
        other = data.out[self.predicate]
        fails = []
        for f, vs in pairs:
            compare = other.get(f, _EMPTY)
            if set(vs) != set(compare):
                fails.extend((f, v) for v in set(vs).symmetric_difference(compare))
        return fails, []


class HasValueCheck(Check):
    param = _sh("hasValue")

    def __init__(self, value: str):
        self.value = value

    def run(self, data, pairs, detail):
        value = self.value
        return [(f, None) for f, vs in pairs if value not in vs], []


def _distinct_values(pairs: Pairs) -> list[str]:
    return list(dict.fromkeys(v for _, vs in pairs for v in vs))


class NodeCheck(Check):
    param = _sh("node")

    def __init__(self, shape: Shape):
        self.shape = shape

    def run(self, data, pairs, detail):
        values = _distinct_values(pairs)
        if not values:
            return [], []
        failing, results = run_shape(data, self.shape, values, detail)
        return [(f, v) for f, vs in pairs for v in vs if v in failing], results


class OrCheck(Check):
    param = _sh("or")

    def __init__(self, shapes: list[Shape]):
        self.shapes = shapes

    def run(self, data, pairs, detail):
        values = _distinct_values(pairs)
        if not values:
            return [], []
        failing = [run_shape(data, s, values, False)[0] for s in self.shapes]
        return [(f, v) for f, vs in pairs for v in vs if all(v in bad for bad in failing)], []


class XoneCheck(OrCheck):
    param = _sh("xone")

    def run(self, data, pairs, detail):
        values = _distinct_values(pairs)
        if not values:
            return [], []
        failing = [run_shape(data, s, values, False)[0] for s in self.shapes]
        if len(failing) == 2:
            first, second = failing
            return [(f, v) for f, vs in pairs for v in vs if (v in first) == (v in second)], []
        return [(f, v) for f, vs in pairs for v in vs if sum(v not in bad for bad in failing) != 1], []


class QualifiedMinCountCheck(Check):
    param = _sh("qualifiedValueShape")

    def __init__(self, shape: Shape, n: int):
        self.shape, self.n = shape, n

    def run(self, data, pairs, detail):
        values = _distinct_values(pairs)
        failing = run_shape(data, self.shape, values, False)[0] if values else set()
        n = self.n
        if n == 1:
            return [(f, None) for f, vs in pairs if all(v in failing for v in vs)], []
        return [(f, None) for f, vs in pairs if sum(v not in failing for v in vs) < n], []


class SparqlCheck(Check):
    """One sh:sparql constraint of a node shape; its rows are (focus, value, extra bindings)."""

    param = _sh("sparql")

    def __init__(self, node, messages: tuple[tuple[str, str | None], ...], query: str, prefixes: dict[str, str],
                 python=None, has_value: bool = True):
        self.node, self.messages, self.query, self.prefixes = node, messages, query, prefixes
        self.python, self.has_value = python, has_value

    def predicates(self):
        return (set(self.python.predicates), set()) if self.python else (set(), set())

    def run(self, data, pairs, detail):
        focus = [f for f, _ in pairs]
        rows = self.python(data, focus) if self.python else _sparql_in_oxigraph(data, self, focus)
        return list(dict.fromkeys(rows)), []


# -- the three SPARQL constraints of shapes.ttl, in Python ----------------------------------------
_YEAR = "^(-?[0-9]+).*$"


def _year(term: str) -> int | None:
    """xsd:integer(REPLACE(STR(term), "^(-?[0-9]+).*$", "$1")) as rdflib computes it, or None on error."""
    try:
        return int(re.sub(_YEAR, "\\1", _lexical(term), 0))
    except ValueError:
        return None


_START, _END, _VISION = (f"<https://w3id.org/plankg/def#{n}>" for n in ("periodStart", "periodEnd", "visionYear"))
_TEMPORAL = "<http://purl.org/dc/terms/temporal>"
_BEGINNING, _ENDING, _IN_YEAR = (f"<http://www.w3.org/2006/time#{n}>" for n in ("hasBeginning", "hasEnd", "inXSDgYear"))


def _period_order(data: Data, focus: list[str]):
    starts, ends = data.out[_START], data.out[_END]
    for f in focus:
        for start in starts.get(f, _EMPTY):
            for value in ends.get(f, _EMPTY):
                a, b = _year(start), _year(value)
                if a is not None and b is not None and a > b:
                    yield f, value


def _vision_order(data: Data, focus: list[str]):
    ends, visions = data.out[_END], data.out[_VISION]
    for f in focus:
        for end in ends.get(f, _EMPTY):
            for value in visions.get(f, _EMPTY):
                a, b = _year(value), _year(end)
                if a is not None and b is not None and a < b:
                    yield f, value


def _temporal_agrees(data: Data, focus: list[str]):
    out = data.out
    temporal, year_of = out[_TEMPORAL], out[_IN_YEAR]
    for f in focus:
        for edge, bound in ((_BEGINNING, _START), (_ENDING, _END)):
            for interval in temporal.get(f, _EMPTY):
                for instant in out[edge].get(interval, _EMPTY):
                    for value in year_of.get(instant, _EMPTY):
                        for year in out[bound].get(f, _EMPTY):
                            if _lexical(value) != _lexical(year):
                                yield f, value


_period_order.predicates = (_START, _END)
_vision_order.predicates = (_END, _VISION)
_temporal_agrees.predicates = (_TEMPORAL, _BEGINNING, _ENDING, _IN_YEAR, _START, _END)

#: Query text (whitespace collapsed) → its Python transcription. A query is run in
#: Python only if its text is exactly this and its prefixes are those below.
SPARQL_IN_PYTHON = {
    'SELECT $this ?value WHERE { $this pk:periodStart ?start ; pk:periodEnd ?value . FILTER '
    '(xsd:integer(REPLACE(STR(?start), "^(-?[0-9]+).*$", "$1")) > xsd:integer(REPLACE(STR(?value), '
    '"^(-?[0-9]+).*$", "$1"))) }': _period_order,
    'SELECT $this ?value WHERE { $this pk:periodEnd ?end ; pk:visionYear ?value . FILTER '
    '(xsd:integer(REPLACE(STR(?value), "^(-?[0-9]+).*$", "$1")) < xsd:integer(REPLACE(STR(?end), '
    '"^(-?[0-9]+).*$", "$1"))) }': _vision_order,
    'SELECT $this ?value WHERE { { $this dcterms:temporal/time:hasBeginning/time:inXSDgYear ?value ; '
    'pk:periodStart ?year . } UNION { $this dcterms:temporal/time:hasEnd/time:inXSDgYear ?value ; '
    'pk:periodEnd ?year . } FILTER (STR(?value) != STR(?year)) }': _temporal_agrees,
}
_PYTHON_PREFIXES = {"pk": "https://w3id.org/plankg/def#", "xsd": str(XSD), "dcterms": "http://purl.org/dc/terms/",
                    "time": "http://www.w3.org/2006/time#"}
#: Queries the whole-data evaluation with $this unbound would get wrong: pySHACL binds
#: $this before evaluating, which differs inside sub-queries, aggregates and negation.
_SPARQL_UNSAFE = re.compile(r"\b(MINUS|EXISTS|GROUP|HAVING|LIMIT|OFFSET|VALUES|SERVICE|COUNT|SUM|MIN|MAX|AVG|"
                            r"SAMPLE|GROUP_CONCAT)\b|\$(PATH|currentShape|shapesGraph|value)\b|\?failure\b", re.I)


def _sparql_in_oxigraph(data: Data, check: SparqlCheck, focus: list[str]):
    """Run a SPARQL constraint once over all the data in pyoxigraph, $this unbound."""
    import pyoxigraph as ox

    if data.store is None:
        data.store = ox.Store()
        text = "".join(f"{s} {p} {o} .\n" for s, p, o in data.triples)
        data.store.load(input=text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    wanted = set(focus)
    for row in data.store.query(_prefixed(check)):
        this = row["this"]
        value = row["value"] if check.has_value else None
        if isinstance(this, ox.BlankNode) or isinstance(value, ox.BlankNode):
            raise Fallback("a SPARQL constraint row with a blank node (its label is pyoxigraph's)")
        if this is None:
            continue
        this = _term(ntriples.to_rdflib(str(this)))
        if this in wanted:
            yield this, _term(ntriples.to_rdflib(str(value))) if value is not None else this


def _prefixed(check: SparqlCheck) -> str:
    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(check.prefixes.items()))
    return header + check.query


# -- evaluation ----------------------------------------------------------------------------------
def run_shape(data: Data, shape: Shape, nodes: list[str], detail: bool) -> tuple[set[str], list]:
    """Validate nodes against a shape: the nodes that fail and (if ``detail``) the results,
    each ``(focus, shape, check, value)``."""
    if shape.path is not None:
        index = data.values(shape.path)
        pairs = [(f, index.get(f, _EMPTY)) for f in nodes]
    else:
        pairs = [(f, (f,)) for f in nodes]
    failing: set[str] = set()
    results: list = []
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


def focus_nodes(data: Data, shape: Shape) -> list[str]:
    nodes: dict[str, None] = {}
    for cls in shape.target_classes:
        nodes.update(dict.fromkeys(data.instances(cls)))
    for p in shape.target_subjects_of:
        nodes.update(dict.fromkeys(data.out[p]))
    for p in shape.target_objects_of:
        for values in data.out[p].values():
            nodes.update(dict.fromkeys(values))
    return list(nodes)


def evaluate(plan: Plan, triples: Iterable[tuple[str, str, str]],
             distinct: bool = False) -> list[tuple[str, str | None, str, str, str]]:
    """Every result of the plan's shapes over the triples, as
    ``(focus term, path text, shape name, message, severity)``, unsorted and not de-duplicated.
    ``distinct``: no triple comes twice (it saves a pass over the indexes).

    The cyclic garbage collector is paused meanwhile (``gc_paused``): the indexes are
    millions of small objects, none of them garbage, and each full collection would walk them all.
    """
    with gc_paused():
        data = Data(triples, plan.out_predicates, plan.in_predicates, keep_all=plan.needs_all_triples,
                    distinct=distinct)
        raw = []
        for shape in plan.top:
            nodes = focus_nodes(data, shape)
            if nodes:
                raw.extend(run_shape(data, shape, nodes, True)[1])
    out = []
    for focus, shape, check, value in raw:
        out.append((focus, shape.path_text, shape.name, _message(plan, shape, check, focus, value), shape.severity))
    return out


def _message(plan: Plan, shape: Shape, check: Check, focus: str, value: str | None) -> str:
    """The message validate_graph shows for a result: pySHACL puts the shape's sh:message
    values in the report, or, for a SPARQL constraint, the constraint's (their {$this}/{?value}
    filled in); without either, the component's generic text."""
    if isinstance(check, SparqlCheck):
        bound = {"this": focus}
        if value is not None:
            bound["value"] = value
        languages = message_languages(check.messages, shape.messages)
        texts = {_fill(text, bound) for text, _ in (*check.messages, *shape.messages)}
        chosen = pick_message((t, languages.get(t)) for t in texts)
        return chosen if chosen is not None else "constraint not met"
    if shape.message is not None:
        return shape.message
    return _generic_message(plan.graph, shape, check, focus, value) or "constraint not met"


def message_languages(constraint_messages, shape_messages) -> dict[str, str | None]:
    """Language of each sh:message text of a SPARQL constraint and its shape. pySHACL drops the
    language tags of the messages of a SPARQL constraint's results; both engines restore them
    from this table, so such a message is chosen English first like any other."""
    return {**dict(shape_messages), **dict(constraint_messages)}


def _fill(text: str, bound: dict[str, str]) -> str:
    """pySHACL's ``_format_sparql_based_result_message``."""
    for var, val in bound.items():
        text = re.sub("{{[?$]{}}}".format(var), str(ntriples.to_rdflib(val)), text)
    return text


_PYSHACL_SHAPES: dict[int, object] = {}


def _generic_message(graph: Graph, shape: Shape, check: Check, focus: str, value: str | None) -> str | None:
    """pySHACL's own generic message for a component (rare: every shape of plankg has sh:message)."""
    from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
    from pyshacl.shapes_graph import ShapesGraph

    if focus[0] == "_" or (value is not None and value[0] == "_"):
        raise Fallback("pySHACL describes a blank node from the data graph in a generic message")
    sg = _PYSHACL_SHAPES.get(id(graph))
    if sg is None or sg.graph is not graph:
        sg = _PYSHACL_SHAPES[id(graph)] = ShapesGraph(graph)
        _ = sg.shapes
    component = CONSTRAINT_PARAMETERS_MAP[check.param](sg.lookup_shape_from_node(shape.node))
    messages = component.make_generic_messages(
        Graph(), ntriples.to_rdflib(focus), ntriples.to_rdflib(value) if value is not None else None)
    return pick_message((str(m), getattr(m, "language", None)) for m in messages)


# -- compiling -----------------------------------------------------------------------------------
def compile_shapes(graph: Graph, sparql_in_python: bool = True) -> Plan:
    """Compile a shapes graph; raises :class:`Unsupported` if it uses anything this engine lacks.

    ``sparql_in_python=False`` runs every SPARQL constraint in pyoxigraph (the tests compare both ways).
    """
    _check_vocabulary(graph)
    compiler = _Compiler(graph, sparql_in_python)
    shapes = [compiler.shape(node) for node in compiler.discover()]
    top = [s for s in shapes if s.has_targets]
    out, inv = {_RDF_TYPE, _SUBCLASS}, set()
    needs_all = False
    for shape in compiler.compiled.values():
        if shape.path is not None:
            (out if shape.path[0] == "out" else inv).add(shape.path[1])
        out.update(shape.target_subjects_of)
        out.update(shape.target_objects_of)
        for check in shape.checks:
            o, i = check.predicates()
            out |= o
            inv |= i
            if isinstance(check, SparqlCheck) and check.python is None:
                needs_all = True
    return Plan(graph, list(compiler.compiled.values()), top, out, inv, needs_all)


def _check_vocabulary(graph: Graph) -> None:
    for s, p, o in graph:
        if str(s).startswith(SH):
            raise Unsupported(f"the shapes graph defines {s}")
        if str(p).startswith(SH) and p not in _KNOWN_PREDICATES:
            raise Unsupported(f"{p} is not implemented by the fast SHACL engine")
        if isinstance(o, URIRef) and str(o).startswith(SH) and o not in _KNOWN_OBJECTS:
            raise Unsupported(f"{o} is not implemented by the fast SHACL engine")
        if p == OWL.imports:
            raise Unsupported("the shapes graph imports another graph")


class _Compiler:
    def __init__(self, graph: Graph, sparql_in_python: bool = True):
        self.g, self.sparql_in_python = graph, sparql_in_python
        self.compiled: dict = {}
        self.active: set = set()

    def discover(self) -> list:
        """Every shape pySHACL would load: typed, with targets or shape-expecting values."""
        g = self.g
        found = dict.fromkeys([*g.subjects(RDF.type, _sh("NodeShape")), *g.subjects(RDF.type, _sh("PropertyShape"))])
        for p in (*_TARGETS, _sh("property"), _sh("node")):
            found.update(dict.fromkeys(g.subjects(p, None)))
        for p in (_sh("property"), _sh("node"), _sh("qualifiedValueShape")):
            found.update(dict.fromkeys(g.objects(None, p)))
        for p in (_sh("or"), _sh("xone")):
            for lst in g.objects(None, p):
                found.update(dict.fromkeys(g.items(lst)))
        return sorted(found, key=str)

    def is_class(self, node) -> bool:
        """pySHACL's implicit class target: the shape is an rdfs:Class (in the shapes graph)."""
        classes = {RDFS.Class, *self.g.subjects(RDFS.subClassOf, RDFS.Class)}
        return any(t in classes for t in self.g.objects(node, RDF.type))

    def one(self, node, predicate, required: bool = False):
        values = list(self.g.objects(node, predicate))
        if len(values) > 1 or (required and not values):
            raise Unsupported(f"{node}: {len(values)} values of {predicate}")
        return values[0] if values else None

    def integer(self, node, predicate) -> int | None:
        value = self.one(node, predicate)
        if value is None:
            return None
        if not isinstance(value, Literal) or not isinstance(value.value, int) or isinstance(value.value, bool):
            raise Unsupported(f"{node}: {predicate} must be an integer")
        return value.value

    def shape(self, node) -> Shape:
        if node in self.compiled:
            return self.compiled[node]
        if node in self.active:
            raise Unsupported(f"recursive shapes through {node}")
        if isinstance(node, Literal):
            raise Unsupported(f"a literal {node!r} used as a shape")
        self.active.add(node)
        try:
            shape = self._compile(node)
        finally:
            self.active.discard(node)
        self.compiled[node] = shape
        return shape

    def _compile(self, node) -> Shape:
        g = self.g
        shape = Shape(node, local_name(node))
        path = self.one(node, _sh("path"))
        if (node, RDF.type, _sh("NodeShape")) in g and path is not None:
            raise Unsupported(f"{node}: a sh:NodeShape with a sh:path")
        if (node, RDF.type, _sh("PropertyShape")) in g and path is None:
            raise Unsupported(f"{node}: a sh:PropertyShape without sh:path")
        if path is not None:
            shape.path, shape.path_text = self._path(path), path_text(g, path)
        severity = self.one(node, _sh("severity"))
        if severity is not None:
            if severity not in _SEVERITIES:
                raise Unsupported(f"{node}: severity {severity}")
            shape.severity = _SEVERITIES[severity]
        shape.messages = tuple(self._messages(node))
        shape.message = pick_message(shape.messages)
        for cls in g.objects(node, _sh("targetClass")):
            shape.target_classes.append(self._iri(cls))
        if self.is_class(node):
            shape.target_classes.append(_term(node))
        for p in g.objects(node, _sh("targetSubjectsOf")):
            shape.target_subjects_of.append(self._iri(p))
        for p in g.objects(node, _sh("targetObjectsOf")):
            shape.target_objects_of.append(self._iri(p))
        shape.checks = self._checks(node, shape)
        for prop in g.objects(node, _sh("property")):
            sub = self.shape(prop)
            if sub.path is None:
                raise Unsupported(f"{prop}: sh:property names a shape without sh:path")
            shape.properties.append(sub)
        return shape

    def _messages(self, node):
        for m in self.g.objects(node, _sh("message")):
            if not isinstance(m, Literal):
                raise Unsupported(f"{node}: a sh:message that is not a literal")
            yield str(m), m.language

    def _iri(self, node) -> str:
        if not isinstance(node, URIRef):
            raise Unsupported(f"expected an IRI, found {node!r}")
        return _term(node)

    def _path(self, path) -> tuple[str, str]:
        if isinstance(path, URIRef):
            return "out", _term(path)
        inverse = self.one(path, _sh("inversePath"))
        if isinstance(inverse, URIRef) and len(list(self.g.predicate_objects(path))) == 1:
            return "in", _term(inverse)
        raise Unsupported(f"path {path} is neither a predicate nor sh:inversePath of a predicate")

    def _nested(self, node) -> Shape:
        """A shape used for conformance (node/or/xone/qualifiedValueShape). pySHACL's
        conformance of a shape with severity Warning or Info differs; none is nested here."""
        shape = self.shape(node)
        todo = [shape]
        while todo:
            s = todo.pop()
            if s.severity != "Violation":
                raise Unsupported(f"{s.node}: a nested shape with severity {s.severity}")
            todo.extend(s.properties)
            for check in s.checks:
                todo.extend(getattr(check, "shapes", ()))
                if hasattr(check, "shape"):
                    todo.append(check.shape)
        return shape

    def _list(self, node) -> list:
        items = list(self.g.items(node))
        if not items:
            raise Unsupported(f"{node}: an empty or malformed RDF list")
        return items

    def _checks(self, node, shape: Shape) -> list[Check]:
        g = self.g
        is_property = shape.path is not None
        checks: list[Check] = []

        def property_only(name: str) -> None:
            if not is_property:
                raise Unsupported(f"{node}: sh:{name} on a node shape")

        for cls in g.objects(node, _sh("class")):
            checks.append(ClassCheck(self._iri(cls)))
        rule = self.one(node, _sh("datatype"))
        if rule is not None:
            checks.append(DatatypeCheck(URIRef(self._iri(rule)[1:-1])))
        for name, make in (("minCount", MinCountCheck), ("maxCount", MaxCountCheck)):
            n = self.integer(node, _sh(name))
            if n is not None:
                property_only(name)
                checks.append(make(n))
        kind = self.one(node, _sh("nodeKind"))
        if kind is not None:
            if kind not in _NODE_KINDS:
                raise Unsupported(f"{node}: node kind {kind}")
            checks.append(NodeKindCheck(_NODE_KINDS[kind]))
        languages = self.one(node, _sh("languageIn"))
        if languages is not None:
            items = self._list(languages)
            if not all(isinstance(i, Literal) and isinstance(i.value, str) for i in items):
                raise Unsupported(f"{node}: sh:languageIn must list strings")
            checks.append(LanguageInCheck({str(i.value).lower() for i in items}))
        unique = self.one(node, _sh("uniqueLang"))
        if unique is not None:
            property_only("uniqueLang")
            if not isinstance(unique, Literal) or not isinstance(unique.value, bool):
                raise Unsupported(f"{node}: sh:uniqueLang must be a boolean")
            if unique.value:
                checks.append(UniqueLangCheck())
        patterns = list(g.objects(node, _sh("pattern")))
        flags = self.one(node, _sh("flags"))
        if flags is not None and not patterns:
            raise Unsupported(f"{node}: sh:flags without sh:pattern")
        re_flags = 0
        if flags is not None:  # pySHACL honours i and m only
            text = str(flags.value if isinstance(flags, Literal) else flags).lower()
            re_flags = (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
        for p in patterns:
            if not isinstance(p, Literal):
                raise Unsupported(f"{node}: sh:pattern must be a literal")
            text = str(p.value) if p.value is not None and len(p.value) > 1 else str(p)
            try:
                checks.append(PatternCheck(re.compile(text, re_flags)))
            except re.error as exc:
                raise Unsupported(f"{node}: sh:pattern {text!r}: {exc}") from exc
        for minimum in g.objects(node, _sh("minInclusive")):
            if not isinstance(minimum, Literal):
                raise Unsupported(f"{node}: sh:minInclusive must be a literal")
            checks.append(MinInclusiveCheck(minimum))
        for name, make in (("lessThanOrEquals", LessThanOrEqualsCheck), ("equals", EqualsCheck)):
            for p in g.objects(node, _sh(name)):
                property_only(name)
                checks.append(make(self._iri(p)))
        for value in g.objects(node, _sh("hasValue")):
            checks.append(HasValueCheck(_term(value)))
        for other in g.objects(node, _sh("node")):
            target = self._nested(other)
            if target.path is not None:
                raise Unsupported(f"{node}: sh:node names a property shape")
            checks.append(NodeCheck(target))
        for name, make in (("or", OrCheck), ("xone", XoneCheck)):
            for lst in g.objects(node, _sh(name)):
                checks.append(make([self._nested(m) for m in self._list(lst)]))
        qualified = self.one(node, _sh("qualifiedValueShape"))
        minimum = self.integer(node, _sh("qualifiedMinCount"))
        if (qualified is None) != (minimum is None):
            raise Unsupported(f"{node}: sh:qualifiedValueShape needs sh:qualifiedMinCount (and only that)")
        if qualified is not None:
            property_only("qualifiedValueShape")
            checks.append(QualifiedMinCountCheck(self._nested(qualified), minimum))
        for constraint in g.objects(node, _sh("sparql")):
            if is_property:
                raise Unsupported(f"{node}: sh:sparql on a property shape")
            checks.append(self._sparql(constraint))
        return checks

    def _sparql(self, node) -> SparqlCheck:
        select = self.one(node, _sh("select"), required=True)
        if not isinstance(select, Literal) or not isinstance(select.value, str):
            raise Unsupported(f"{node}: sh:select must be a string")
        query = str(select.value)
        prefixes = self._prefixes(node)
        messages = tuple(self._messages(node))
        text = " ".join(query.split())
        python = SPARQL_IN_PYTHON.get(text) if self.sparql_in_python else None
        if python is not None and all(prefixes.get(p) == ns for p, ns in _PYTHON_PREFIXES.items()):
            return SparqlCheck(node, messages, query, prefixes, python)
        projection = re.match(r"(?is)^\s*SELECT\s+(DISTINCT\s+)?(.*?)\s+WHERE\b", query)
        variables = set(projection.group(2).replace("$", "?").split()) if projection else set()
        if _SPARQL_UNSAFE.search(query) or len(re.findall(r"\bSELECT\b", query, re.I)) != 1 \
                or variables not in ({"?this"}, {"?this", "?value"}):
            raise Unsupported(f"{node}: a SPARQL constraint whose whole-data evaluation may differ")
        check = SparqlCheck(node, messages, query, prefixes, has_value="?value" in variables)
        import pyoxigraph as ox

        try:
            ox.Store().query(_prefixed(check))
        except (SyntaxError, ValueError, OSError) as exc:
            raise Unsupported(f"{node}: pyoxigraph cannot run the query: {exc}") from exc
        return check

    def _prefixes(self, node) -> dict[str, str]:
        """The prefixes pySHACL declares for a SPARQL constraint (sh:prefixes → sh:declare)."""
        g = self.g
        ontologies = set(g.subjects(RDF.type, OWL.Ontology))
        everywhere = {d for o in ontologies for d in g.objects(o, _sh("declare"))}
        out = {}
        for holder in g.objects(node, _sh("prefixes")):
            own = set(g.objects(holder, _sh("declare")))
            declares = own if own and holder in ontologies else everywhere | own
            for d in declares:
                prefix, namespace = self.one(d, _sh("prefix"), True), self.one(d, _sh("namespace"), True)
                out[str(prefix)] = str(namespace)
        return out


__all__ = ["Fallback", "Plan", "Unsupported", "compile_shapes", "evaluate", "message_languages", "path_text",
           "pick_message"]
