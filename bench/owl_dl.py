"""The OWL 2 DL check: HermiT classifies the ontology and the vocabularies, alone and with
the built Lạng Sơn plan as individuals; the result is committed as ``ontology/dl-check.json``,
which the ontology docs page (``plankg docs``) shows.

Two parts:

* a structural audit (rdflib), for what a reasoner does not report because the OWL API
  parser it reads through is lenient: every class and property used is declared with one
  OWL kind, no term of OWL 2's reserved vocabulary (the rdf:, rdfs:, owl: and xsd:
  namespaces) is used beyond its built-in role, object properties have resources as values
  and datatype properties literals, and every datatype is in the OWL 2 datatype map;
* HermiT (the copy owlready2 bundles, on Java from Debian's ``default-jre-headless``):
  consistency and unsatisfiable classes. owlready2 reads N-Triples, which rdflib writes.

What the built data keeps outside OWL 2 DL, on purpose, is counted in the result rather than
hidden: ``xsd:gYear`` and ``xsd:date`` literals (years and dates are what the plans state; the
ontology does not use these datatypes as ranges, and HermiT is told to ignore the literals with
its ``--ignoreUnsupportedDatatypes``), and RDF reification (``rdf:Statement`` nodes carrying the
source of one relation), which OWL 2 DL does not have: the check leaves those nodes' four
reification triples out of what HermiT reads and keeps their ``pk:attestedBy``.

Run from the repository root (needs the test extra: ``pip install -e .[test]``):

    python bench/owl_dl.py           # run the check, print it, write ontology/dl-check.json
    python bench/owl_dl.py --check   # exit 1 when the committed file is not what the check gives

tests/test_owl_dl.py runs the same check and compares it with the committed file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULT_FILE = ROOT / "ontology" / "dl-check.json"
PLAN = "lang-son-2021-2030"

#: The OWL 2 datatype map (OWL 2 Structural Specification, section 4), with rdfs:Literal, and
#: RDF 1.1's rdf:langString, the type of language-tagged strings that OWL 2 calls
#: rdf:PlainLiteral-with-a-language (the OWL API and HermiT read it so).
OWL2_DATATYPES = frozenset(
    {RDFS.Literal, RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, OWL.real, OWL.rational}
    | {
        XSD[name]
        for name in (
            "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long int "
            "short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string "
            "normalizedString token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI "
            "dateTime dateTimeStamp"
        ).split()
    }
)
#: OWL 2's built-in annotation properties (Structural Specification, section 5.5).
BUILTIN_ANNOTATION_PROPERTIES = frozenset(
    {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy}
    | {OWL.deprecated, OWL.versionInfo, OWL.priorVersion, OWL.backwardCompatibleWith, OWL.incompatibleWith}
)
#: The vocabulary of the mapping of OWL 2 to RDF that this ontology and the data use: the
#: predicates that make axioms, and the types that declare entities or shape axioms.
MAPPING_PREDICATES = frozenset(
    {RDF.type, RDF.first, RDF.rest, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}
    | {OWL.inverseOf, OWL.equivalentClass, OWL.equivalentProperty, OWL.disjointWith, OWL.unionOf}
    | {OWL.intersectionOf, OWL.complementOf, OWL.oneOf, OWL.versionIRI, OWL.imports, OWL.sameAs}
    | {OWL.differentFrom, OWL.members, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}
)
DECLARATION_TYPES = {
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
    RDFS.Datatype: "datatype",
}
MAPPING_TYPES = frozenset(
    set(DECLARATION_TYPES)
    | {OWL.Ontology, OWL.NamedIndividual, OWL.Axiom, OWL.Restriction, OWL.AllDisjointClasses}
    | {OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.TransitiveProperty, OWL.SymmetricProperty}
    | {OWL.AsymmetricProperty, OWL.ReflexiveProperty, OWL.IrreflexiveProperty, RDF.List}
)
BUILTIN_CLASSES = frozenset({OWL.Thing, OWL.Nothing})
#: RDF reification, which the built data uses for the source of one relation.
REIFICATION_PREDICATES = frozenset({RDF.subject, RDF.predicate, RDF.object})
RESERVED_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))


def curie(term) -> str:
    from graph_build.core.namespace import prefixes

    iri = str(term)
    for prefix, ns in sorted(prefixes(documentation=True).items(), key=lambda item: -len(item[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def _reserved(term) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(RESERVED_NAMESPACES)


@dataclass
class Audit:
    """What keeps a graph out of OWL 2 DL, as the structural rules above see it."""

    declared: dict[URIRef, set[str]] = field(default_factory=dict)
    undeclared: set[str] = field(default_factory=set)
    several_kinds: set[str] = field(default_factory=set)
    reserved_misused: set[str] = field(default_factory=set)
    wrong_values: set[str] = field(default_factory=set)
    ranges_outside_map: set[str] = field(default_factory=set)
    #: literals whose datatype is outside the OWL 2 datatype map: values of data properties
    #: (HermiT refuses them unless told to ignore them) and of annotations (no reasoner reads those)
    data_literals_outside_map: Counter = field(default_factory=Counter)
    annotation_literals_outside_map: Counter = field(default_factory=Counter)
    reification_statements: int = 0

    def problems(self) -> list[str]:
        """What has no place in OWL 2 DL and is not kept on purpose, one line each (empty when all is well)."""
        out = [f"undeclared: {t}" for t in sorted(self.undeclared)]
        out += [f"declared as several kinds: {t}" for t in sorted(self.several_kinds)]
        out += [f"reserved vocabulary used outside its role: {t}" for t in sorted(self.reserved_misused)]
        out += [f"value of the wrong kind: {t}" for t in sorted(self.wrong_values)]
        out += [f"range outside the OWL 2 datatype map: {t}" for t in sorted(self.ranges_outside_map)]
        return out

    def kept(self) -> dict:
        """What the graph keeps outside OWL 2 DL on purpose (see the module's docstring), counted."""
        return {
            "data_literals_outside_datatype_map": dict(sorted(self.data_literals_outside_map.items())),
            "annotation_literals_outside_datatype_map": dict(sorted(self.annotation_literals_outside_map.items())),
            "rdf_statements": self.reification_statements,
        }

    def count(self, kind: str) -> int:
        return sum(1 for kinds in self.declared.values() if kind in kinds)


def audit(graph: Graph) -> Audit:
    """The structural OWL 2 DL audit of one graph (the ontology, the vocabularies and any data)."""
    result = Audit()
    for s, o in graph.subject_objects(RDF.type):
        if o in DECLARATION_TYPES and isinstance(s, URIRef):
            result.declared.setdefault(s, set()).add(DECLARATION_TYPES[o])
    declared = result.declared
    property_kinds = {"object property", "datatype property", "annotation property"}
    for term, kinds in declared.items():
        if len(kinds) > 1 and kinds & property_kinds:
            result.several_kinds.add(f"{curie(term)} ({', '.join(sorted(kinds))})")
        if _reserved(term):
            result.reserved_misused.add(f"{curie(term)} declared as {', '.join(sorted(kinds))}")

    def kind_of(term) -> set[str]:
        return declared.get(term, set())

    def need(term, kind: str) -> None:
        if not isinstance(term, URIRef):
            return
        if kind == "class" and term in BUILTIN_CLASSES:
            return
        if kind == "datatype" and term in OWL2_DATATYPES:
            return
        if _reserved(term):
            result.reserved_misused.add(f"{curie(term)} used as a {kind}")
        elif kind not in kind_of(term):
            result.undeclared.add(f"{curie(term)} ({kind})")

    for s, p, o in graph:
        if p in MAPPING_PREDICATES:
            if p == RDF.type:
                if o == RDF.Statement:
                    result.reification_statements += 1
                elif o not in MAPPING_TYPES:
                    need(o, "class")
            elif p == RDFS.subClassOf:
                need(s, "class")
                need(o, "class")
            elif p in (RDFS.domain, RDFS.range) and "annotation property" not in kind_of(s):
                if p == RDFS.range and "datatype property" in kind_of(s):
                    if isinstance(o, URIRef) and o not in OWL2_DATATYPES:
                        result.ranges_outside_map.add(f"{curie(s)} rdfs:range {curie(o)}")
                else:
                    need(o, "class")
            elif p in (OWL.unionOf, OWL.intersectionOf):
                for member in Collection(graph, o):
                    need(member, "class")
            continue
        if p in REIFICATION_PREDICATES:
            continue  # counted with the rdf:Statement nodes
        is_annotation = p in BUILTIN_ANNOTATION_PROPERTIES or "annotation property" in kind_of(p)
        if is_annotation:
            pass
        elif _reserved(p):
            result.reserved_misused.add(f"{curie(p)} used as a property")
        else:
            kinds = kind_of(p) & property_kinds
            if not kinds:
                result.undeclared.add(f"{curie(p)} (property)")
            elif kinds == {"object property"} and isinstance(o, Literal):
                result.wrong_values.add(f"{curie(p)} (object property) has a literal value")
            elif kinds == {"datatype property"} and not isinstance(o, Literal):
                result.wrong_values.add(f"{curie(p)} (datatype property) has a resource value")
        if isinstance(o, Literal) and o.datatype is not None and o.datatype not in OWL2_DATATYPES:
            counter = result.annotation_literals_outside_map if is_annotation else result.data_literals_outside_map
            counter[curie(o.datatype)] += 1
    return result


def without_reification(graph: Graph) -> tuple[Graph, int]:
    """The graph HermiT reads: the rdf:Statement nodes keep their other triples
    (``pk:attestedBy``), without the reification ones. Returns it and the number of nodes."""
    nodes = set(graph.subjects(RDF.type, RDF.Statement))
    out = Graph()
    for s, p, o in graph:
        if s in nodes and (p in REIFICATION_PREDICATES or (p == RDF.type and o == RDF.Statement)):
            continue
        out.add((s, p, o))
    return out, len(nodes)


@dataclass
class Reasoning:
    consistent: bool | None
    unsatisfiable: list[str]
    error: str | None = None


@contextlib.contextmanager
def _short_jvm_run():
    """Java options for HermiT's run, which lasts a second or two: only the quick C1 JIT compiler.
    The optimising C2 compiler's threads do not pay off in so short a run and made it three
    times slower on a loaded 2-core machine (11 s against 4 s for the Lạng Sơn check).
    owlready2 builds the java command itself, so the option goes through JAVA_TOOL_OPTIONS,
    for this run only."""
    before = os.environ.get("JAVA_TOOL_OPTIONS")
    os.environ["JAVA_TOOL_OPTIONS"] = " ".join(filter(None, (before, "-XX:TieredStopAtLevel=1")))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("JAVA_TOOL_OPTIONS", None)
        else:
            os.environ["JAVA_TOOL_OPTIONS"] = before


def reason(graph: Graph, ignore_unsupported_datatypes: bool = False) -> Reasoning:
    """HermiT on one graph through owlready2: consistency and the unsatisfiable classes.

    A Java error (HermiT refusing the input, say a datatype outside its map) is returned
    in ``error``, with ``consistent`` None."""
    import shutil

    import owlready2
    from owlready2 import OwlReadyInconsistentOntologyError, OwlReadyJavaError, World, sync_reasoner_hermit

    if shutil.which(owlready2.JAVA_EXE) is None:
        raise RuntimeError(f"no Java ({owlready2.JAVA_EXE}) for HermiT: apt-get install default-jre-headless")
    with tempfile.TemporaryDirectory(prefix="plankg-owl-") as tmp:
        path = Path(tmp) / "input.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = World()
        try:
            world.get_ontology(path.as_uri()).load()
            try:
                with _short_jvm_run():
                    sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=ignore_unsupported_datatypes)
            except OwlReadyInconsistentOntologyError:
                return Reasoning(consistent=False, unsatisfiable=[])
            except OwlReadyJavaError as exc:
                # the Java exception's message, without the stack trace
                lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
                start = next((i for i, line in enumerate(lines) if "Exception" in line), 0)
                message = []
                for line in lines[start:]:
                    if line.startswith("at "):
                        break
                    message.append(line)
                return Reasoning(consistent=None, unsatisfiable=[], error=" ".join(message) or str(exc))
            unsatisfiable = sorted(curie(c.iri) for c in world.inconsistent_classes())
            return Reasoning(consistent=True, unsatisfiable=unsatisfiable)
        finally:
            world.close()


def hermit_version() -> str:
    """HermiT's version, from the manifest of the jar owlready2 ships."""
    import zipfile

    import owlready2

    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    with zipfile.ZipFile(jar) as archive:
        manifest = archive.read("META-INF/MANIFEST.MF").decode("utf-8")
    for line in manifest.splitlines():
        if line.startswith("Implementation-Version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def ontology_graph() -> Graph:
    """plankg.ttl and vocabularies.ttl, as ``graph_build.core.resources`` finds them."""
    from graph_build.core import resources

    graph = Graph()
    for path in resources.ontology_files():
        graph.parse(path, format="turtle")
    return graph


def plan_graph(plans: list[str] | None = None) -> Graph:
    """The built graph of the bundled plans (SHACL off: the check is about OWL), or of ``plans``."""
    from graph_build import build

    return build(shacl=False).graph(plans=plans)


def _summary(graph: Graph, found: Audit, reasoning: Reasoning) -> dict:
    individuals = {
        s
        for s, o in graph.subject_objects(RDF.type)
        if o not in MAPPING_TYPES and o != RDF.Statement and not isinstance(o, BNode)
    }
    return {
        "triples": len(graph),
        "classes": found.count("class"),
        "object_properties": found.count("object property"),
        "datatype_properties": found.count("datatype property"),
        "annotation_properties": found.count("annotation property"),
        "typed_individuals": len(individuals - set(found.declared)),
        "consistent": reasoning.consistent,
        "unsatisfiable_classes": reasoning.unsatisfiable,
        "reasoner_error": reasoning.error,
    }


def run(ontology: Graph | None = None, data: Graph | None = None) -> dict:
    """The check's result (no dates, no paths of this machine: the same repository gives the same result).

    ``ontology``: the ontology and vocabularies (default: the bundled files); ``data``: the
    individuals (default: the built Lạng Sơn plan)."""
    ontology = ontology if ontology is not None else ontology_graph()
    data = data if data is not None else plan_graph([PLAN])

    tbox_audit = audit(ontology)
    tbox = _summary(ontology, tbox_audit, reason(ontology))
    tbox["outside_owl2_dl"] = tbox_audit.problems()
    tbox["kept_outside_owl2_dl"] = tbox_audit.kept()

    merged = Graph()
    for triple in ontology:
        merged.add(triple)
    for triple in data:
        merged.add(triple)
    abox_audit = audit(merged)
    readable, _ = without_reification(merged)
    with_data = _summary(merged, abox_audit, reason(readable, ignore_unsupported_datatypes=True))
    with_data["plan"] = PLAN
    with_data["outside_owl2_dl"] = abox_audit.problems()
    with_data["kept_outside_owl2_dl"] = abox_audit.kept()
    return {
        "reasoner": "HermiT",
        "reasoner_version": hermit_version(),
        "reasoner_via": "owlready2",
        "ontology": {"files": ["ontology/plankg.ttl", "ontology/vocabularies.ttl"], **tbox},
        "with_individuals": with_data,
    }


def dumps(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file, write nothing")
    args = parser.parse_args(argv)
    text = dumps(run())
    if args.check:
        committed = RESULT_FILE.read_text(encoding="utf-8") if RESULT_FILE.exists() else ""
        if committed != text:
            print(f"{RESULT_FILE.relative_to(ROOT)} is not current; re-run python bench/owl_dl.py", file=sys.stderr)
            return 1
        print(text, end="")
        return 0
    RESULT_FILE.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
