"""The Python API: load, build, validate, write. The CLI is a thin layer over it.

>>> from graph_build import build
>>> result = build()                     # the bundled plans + reference data
>>> result.ok
True
>>> len(result.graph()) > 500
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Dataset as RDFDataset
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from graph_build.core import resources
from graph_build.core.errors import EXIT_INVALID, EXIT_OK, PlanError, Problem
from graph_build.core.namespace import DEFAULT_DATA_BASE, PK
from graph_build.plans.checks import (
    CountResult,
    check_counts,
    check_placeholders,
    check_quotes,
    check_references,
    count_members,
)
from graph_build.plans.loader import Dataset, load_dataset
from graph_build.rdf.builder import IRIs, build_datasets, concept_ids
from graph_build.rdf.ntriples import TripleSet


@dataclass
class BuildResult:
    """A built RDF dataset and everything the build found out about it.

    The triples are kept as N-Triples term strings (``triples``, one named
    graph per dataset), which is what writing files, pushing and loading a
    store use; rdflib graphs (``rdf``, ``graph()``, ``named_graphs()``) are
    copies made from them on first use, for callers that work with rdflib —
    a change to such a copy is not written back (change ``triples``).
    """

    datasets: list[Dataset]
    triples: TripleSet
    base: str
    problems: list[Problem] = field(default_factory=list)
    counts: list[CountResult] = field(default_factory=list)
    shacl_checked: bool = False
    #: Datasets SHACL actually ran on in this build (the others came from the cache).
    shacl_validated: list[str] = field(default_factory=list)
    #: Accepted cross-plan mappings, in the named graph ``links_graph_iri``.
    links: list = field(default_factory=list)
    #: The SSSOM file they were read from (part of the SHACL cache key).
    links_file: Path | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def exit_code(self) -> int:
        return max((p.exit_code for p in self.errors), default=EXIT_OK)

    @property
    def plans(self) -> list[Dataset]:
        return [ds for ds in self.datasets if ds.kind == "plan"]

    def graph_iri(self, dataset: Dataset) -> URIRef:
        return IRIs(self.base).graph(dataset)

    @property
    def links_graph_iri(self) -> URIRef:
        return URIRef(f"{self.base}graph/links")

    def graph_names(self) -> list[str]:
        """Every named graph of the build, as IRIs: one per plan, one for the reference data (its
        files share it), then the links when there are any."""
        names = list(dict.fromkeys(str(self.graph_iri(ds)) for ds in self.datasets))
        if self.triples.count(str(self.links_graph_iri)):
            names.append(str(self.links_graph_iri))
        return names

    @cached_property
    def rdf(self) -> RDFDataset:
        """The whole build as an rdflib ``Dataset`` (made on first use)."""
        dataset = RDFDataset()
        for name in self.graph_names():
            _add_rdflib(dataset.graph(URIRef(name)), self.triples.triples([name]))
        return dataset

    def named_graphs(self) -> list[tuple[URIRef, Graph]]:
        """Every named graph of the build as rdflib graphs: one per dataset, and the links when there are any."""
        return [(URIRef(name), self.rdf.graph(URIRef(name))) for name in self.graph_names()]

    def selected_triples(self, plans: Iterable[str] | None = None) -> set[tuple[str, str, str]]:
        """The union of the named graphs as N-Triples term strings: all, or the given plan
        ids plus reference data and the links (with their mapping records) among them."""
        wanted = set(plans) if plans is not None else None
        if wanted is None:
            return self.triples.union()
        names = [str(self.graph_iri(ds)) for ds in self.datasets if ds.kind == "reference" or ds.id in wanted]
        selected = self.triples.union(names)
        links = self.triples.union([str(self.links_graph_iri)])
        if links:
            nodes = {s for s, _, _ in selected}
            link_predicates = {f"<{p}>" for p in _LINK_PREDICATES}
            ends: dict[str, dict[str, str]] = {}
            for s, p, o in links:
                if p in link_predicates and s in nodes and o in nodes:
                    selected.add((s, p, o))
                elif p in (_ANNOTATED_SOURCE, _ANNOTATED_TARGET):
                    ends.setdefault(s, {})[p] = o
            records = {r for r, e in ends.items() if len(e) == 2 and all(end in nodes for end in e.values())}
            selected.update(t for t in links if t[0] in records)
        return selected

    def graph(self, plans: Iterable[str] | None = None, with_ontology: bool = False) -> Graph:
        """One rdflib graph: the union of the named graphs (all, or the given plan ids plus reference data)."""
        merged = Graph()
        _bind(merged, self.base)
        _add_rdflib(merged, self.selected_triples(plans))
        if with_ontology:
            from graph_build.shacl.validate import ontology_graph

            for triple in ontology_graph():
                merged.add(triple)
        return merged

    def summary(self) -> dict:
        """Figures for the build report: triples, entities per class, completeness, unverified facts."""
        triples = self.selected_triples()
        rdf_type, quote_checked = f"<{RDF.type}>", f"<{PK.quoteChecked}>"
        skipped = {f"<{c}>" for c in (PK.Attestation, PK.StatedCount, PK.SourceDocument, RDF.Statement)}
        classes: Counter = Counter()
        checked = unchecked = 0
        for _, p, o in triples:
            if p == rdf_type:
                if o not in skipped and not o.startswith("<http://www.w3.org/2006/time#"):
                    classes[o[1:-1].rsplit("#", 1)[-1].rsplit("/", 1)[-1]] += 1
            elif p == quote_checked:
                if o.startswith('"true"'):
                    checked += 1
                else:
                    unchecked += 1
        return {
            "triples": len(triples),
            "plans": [ds.id for ds in self.plans],
            "entities_per_class": dict(sorted(classes.items())),
            "attestations": {"quote_checked": checked, "not_quote_checked": unchecked},
            "counts": [
                {
                    "plan": c.dataset,
                    "owner": c.owner,
                    "of": c.of,
                    "stated": c.stated,
                    "named": c.named,
                    "status": c.status,
                }
                for c in self.counts
            ],
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }


def write(
    result: BuildResult,
    out_dir: Path | str,
    formats: Sequence[str] | None = None,
    with_ontology: bool = False,
    name: str = "plankg",
) -> list[Path]:
    """Write the built graph in the given formats (default: every format the build writes), all files or none.

    ``core.atomic.write_all`` stages every file, then renames them under a switch record that
    the next write into ``out_dir`` completes after a kill; ``OutputError`` (exit 2) when another
    process is writing ``out_dir``, or a file cannot be written (a full disk), nothing replaced.

    Formats are names or aliases of ``graph_build.rdf.formats`` (``turtle``/``ttl``,
    ``nt``, ``jsonld``/``json-ld``, ``trig``). Turtle, N-Triples and JSON-LD hold
    the union of all graphs; TriG keeps one named graph per plan, one for the
    reference data and, with ``with_ontology``, one for the ontology.
    """
    from graph_build.core.atomic import write_all
    from graph_build.core.gcpause import gc_paused
    from graph_build.rdf import formats as F

    offered = F.build_formats()
    chosen = [F.find("graph", f, offered) for f in (F.build_names() if formats is None else formats)]
    unknown = [f for f, found in zip(formats or (), chosen) if found is None]
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)}; choose from {', '.join(F.build_names())}")
    with gc_paused():  # millions of short-lived strings and tuples, no cycles
        files = _serialised(result, list(dict.fromkeys(chosen)), Path(out_dir) / name, with_ontology)
    write_all(files)
    return sorted(files)


def _serialised(result: BuildResult, formats, stem: Path, with_ontology: bool) -> dict[Path, bytes]:
    """Each format's bytes (``formats`` from the registry); the union's sorted lines are made once
    for the formats that hold it."""
    from graph_build.rdf import serialize

    prefixes = build_prefixes(result.base)
    ontology: list[str] = []
    if with_ontology:
        from graph_build.shacl.validate import ontology_graph

        ontology = serialize.graph_lines(ontology_graph())
    union: list[str] = []
    if any(not fmt.quads for fmt in formats):
        union = result.triples.ntriples_lines()
        if ontology:
            union = sorted(set(union).union(ontology))
    files: dict[Path, bytes] = {}
    for fmt in formats:
        target = stem.with_name(stem.name + fmt.suffix)
        writer = getattr(serialize, fmt.lines_writer)
        if not fmt.quads:
            files[target] = writer(union, prefixes)
            continue
        named = [(n, result.triples.ntriples_lines([n])) for n in result.graph_names()]
        if with_ontology:
            from graph_build.core.namespace import ONTOLOGY_IRI

            named.append((ONTOLOGY_IRI, ontology))
        files[target] = writer(named, prefixes)
    return files


def build_prefixes(base: str) -> dict[str, str]:
    """The prefixes written in built files (those their IRIs use): ``graph_build.core.namespace.prefixes``."""
    from graph_build.core.namespace import prefixes

    return prefixes(base)


_LINK_PREDICATES = (
    URIRef("http://www.w3.org/2004/02/skos/core#exactMatch"),
    URIRef("http://www.w3.org/2004/02/skos/core#closeMatch"),
)
_ANNOTATED_SOURCE = f"<{OWL.annotatedSource}>"
_ANNOTATED_TARGET = f"<{OWL.annotatedTarget}>"


def _add_rdflib(graph: Graph, triples: Iterable[tuple[str, str, str]]) -> None:
    from graph_build.rdf.ntriples import to_rdflib

    graph.addN((to_rdflib(s), to_rdflib(p), to_rdflib(o), graph) for s, p, o in triples)


def _load_links(result: BuildResult, links: Path | None) -> None:
    """Add accepted mappings whose both ends are in this build; an end that
    should be here (its plan is built) but is not is an error."""
    from graph_build.rdf.sssom import read_sssom, to_rdf

    if links is None or not links.is_file():
        return
    from graph_build.rdf.terms import from_rdflib

    mappings = read_sssom(links, result.base)
    subjects = {s for s, _, _ in result.triples.triples([str(result.graph_iri(ds)) for ds in result.datasets])}
    built = {IRIs(result.base).plan(ds) for ds in result.plans}
    kept = []
    for m in mappings:
        missing = [iri for iri in (m.subject, m.object) if f"<{iri}>" not in subjects]
        if not missing:
            kept.append(m)
            continue
        for iri in missing:
            if any(str(iri).startswith(f"{plan}/") for plan in built):
                result.problems.append(
                    Problem(
                        f"mapping names {iri}, which is not in the plan",
                        links,
                        m.line,
                        "subject_id" if iri == m.subject else "object_id",
                        exit_code=EXIT_INVALID,
                    )
                )
    result.links = kept
    if not kept:
        # No link between the plans built: no links graph (an empty mapping set says nothing).
        return
    result.triples.add(
        str(result.links_graph_iri),
        (
            (from_rdflib(s), from_rdflib(p), from_rdflib(o))
            for s, p, o in to_rdf(kept, result.base, f"{result.base}links/accepted", "plankg link, accepted by hand")
        ),
    )


def _bind(graph: Graph, base: str) -> None:
    from graph_build.core.namespace import bind_prefixes

    bind_prefixes(graph, base)


def load(paths: Sequence[Path | str] | None = None, reference: Sequence[Path | str] = ()) -> list[Dataset]:
    """The reference data plus the given plan folders (default: the bundled plans).

    ``reference``: more reference data, files or folders of ``*.yaml`` (``--reference DIR``),
    loaded after the bundled ``reference/`` and checked like it.

    Raises ``PlanError`` with every structural problem found, located.
    """
    plan_paths = [Path(p) for p in paths] if paths else resources.bundled_plans()
    problems: list[Problem] = []
    datasets: list[Dataset] = []
    # One process: parsing the files in forked workers was measured no faster on 2 cores at
    # 10^6 triples (7–11 s either way), as the records have to be pickled back.
    for path in [*resources.reference_files(), *resources.extra_reference_files(reference), *plan_paths]:
        try:
            datasets.append(load_dataset(path))
        except PlanError as exc:
            problems.extend(exc.problems)
    seen: dict[str, Path] = {}
    for ds in datasets:
        if ds.kind == "plan" and ds.id in seen:
            problems.append(Problem(f"plan {ds.id!r} is given twice (also {seen[ds.id]})", ds.file, 1, "id"))
        seen.setdefault(ds.id, ds.file)
    if problems:
        raise PlanError(problems)
    return datasets


def build(
    paths: Sequence[Path | str] | None = None,
    base: str = DEFAULT_DATA_BASE,
    shacl: bool = True,
    links: Path | str | None | bool = True,
    shacl_cache: Path | str | None = None,
    progress: Callable[[str], None] | None = None,
    reference: Sequence[Path | str] = (),
) -> BuildResult:
    """Load and check plan folders, build the RDF dataset, validate it.

    Structural faults (unreadable files, wrong types, unknown references)
    raise ``PlanError`` (exit code 2). Rule breaks found after building
    (quotes not in their source, SHACL violations, more members than a stated
    count) are returned in ``result.problems`` (exit code 1), with warnings.
    ``links``: the accepted cross-plan mappings (SSSOM/TSV) to load; ``True``
    means the bundled ``links/accepted.sssom.tsv``, ``False`` none.
    ``shacl_cache``: a folder where each dataset's SHACL findings are kept
    under the sha256 of everything they depend on (its files and source
    texts, the reference data, links, shapes, ontology, plankg version), so
    an unchanged plan is not validated again (``result.shacl_validated``
    lists the datasets that were). ``progress`` is called with a line per step.
    """
    from graph_build.core.gcpause import gc_paused
    from graph_build.shacl.validate import ontology_graph

    say = progress or (lambda message: None)
    with gc_paused():
        datasets = load(paths, reference)
        say(f"loaded {len(datasets)} datasets")
        vocabulary = ontology_graph()
        from graph_build.plans.concepts import merge_concepts

        concepts, problems = merge_concepts(datasets, concept_ids(vocabulary))  # + those reference files add
        problems += check_references(datasets, concepts)
        if problems:
            raise PlanError(problems)
        IRIs(base)  # fail early on a bad base
        result = BuildResult(datasets, build_datasets(datasets, base), base)
    say(
        f"built {sum(result.triples.count(n) for n in result.triples.names())} triples "
        f"in {len(result.triples.names())} named graphs"
    )
    if links is True:
        links = resources.accepted_links()
    result.links_file = Path(links) if links else None
    _load_links(result, result.links_file)
    result.problems.extend(check_quotes(datasets))
    result.problems.extend(check_placeholders(datasets))
    result.counts = count_members(datasets)
    result.problems.extend(check_counts(datasets, result.counts))
    from graph_build.plans.placeholders import placeholder_warnings

    result.problems.extend(placeholder_warnings(datasets))
    say("checked quotes and stated counts")
    if shacl:
        result.problems.extend(_shacl_problems(result, Path(shacl_cache) if shacl_cache else None))
        result.shacl_checked = True
        say(f"SHACL validated {len(result.shacl_validated)} of {len(result.datasets)} datasets")
    return result


def validate(
    paths: Sequence[Path | str] | None = None, base: str = DEFAULT_DATA_BASE, reference: Sequence[Path | str] = ()
) -> BuildResult:
    """Everything ``build`` checks, without writing anything."""
    return build(paths, base=base, shacl=True, reference=reference)


def _shacl_key(result: BuildResult, ds: Dataset) -> str:
    """sha256 of everything one dataset's SHACL findings depend on."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256()

    def feed(data: bytes) -> None:
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)

    feed(version("plankg").encode())
    feed(result.base.encode())
    for path in [resources.shapes_file(), *resources.ontology_files()]:
        feed(path.read_bytes())
    links = result.links_file
    feed(links.read_bytes() if links is not None and links.is_file() else b"")
    for part in [d for d in result.datasets if d.kind == "reference"] + ([ds] if ds.kind == "plan" else []):
        feed(str(part.file).encode())
        feed(part.file.read_bytes())
        for sid, source in sorted(part.sources.items()):
            feed(sid.encode())
            feed((source.text or "").encode())
    return digest.hexdigest()


def _cached_shacl(cache: Path | None, key: str, compute) -> list[Problem]:
    import json

    if cache is None:
        return compute()
    entry = cache / f"{key}.json"
    try:
        return [
            Problem(
                p["message"],
                Path(p["file"]) if p["file"] else None,
                p["line"],
                p["field"],
                p["severity"],
                p["exit_code"],
            )
            for p in json.loads(entry.read_text(encoding="utf-8"))
        ]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    problems = compute()
    from graph_build.core.atomic import write_text

    write_text(
        entry,
        json.dumps(
            [
                {
                    "message": p.message,
                    "file": str(p.file) if p.file else None,
                    "line": p.line,
                    "field": p.field,
                    "severity": p.severity,
                    "exit_code": p.exit_code,
                }
                for p in problems
            ],
            ensure_ascii=False,
        ),
    )
    return problems


def _shacl_problems(result: BuildResult, cache: Path | None = None) -> list[Problem]:
    locate = _locator(result)
    problems = []
    for ds in result.datasets:
        key = _shacl_key(result, ds) if cache is not None else ""
        problems.extend(_cached_shacl(cache, key, lambda ds=ds: _shacl_dataset(result, ds, locate)))
    return problems


def _shacl_dataset(result: BuildResult, ds: Dataset, locate) -> list[Problem]:
    """SHACL findings for one dataset, located in its file."""
    from graph_build.shacl.validate import validate_triples

    result.shacl_validated.append(ds.id)
    if ds.kind == "plan":  # a plan's entities point at reference data: validate them together
        triples = result.selected_triples([ds.id])
    else:
        triples = result.triples.union([str(result.graph_iri(ds))])
    problems = []
    for r in validate_triples(triples):
        file, line, name = locate.get(r.focus, (ds.file, None, _local(r.focus)))
        if file != ds.file and ds.kind == "plan":
            continue  # a reference entity: reported once, with the reference data
        severity = "warning" if r.severity in ("Warning", "Info") else "error"
        problems.append(
            Problem(
                f"{r.message} (SHACL {r.shape})",
                file,
                line,
                f"{name}.{r.path}" if r.path else name,
                severity=severity,
                exit_code=EXIT_INVALID if severity == "error" else EXIT_OK,
            )
        )
    return problems


def _locator(result: BuildResult) -> dict[URIRef, tuple[Path, int, str]]:
    iris = IRIs(result.base)
    out = {}
    for ds in result.datasets:
        for eid, entity in ds.entities.items():
            out[iris.entity(ds, eid)] = (ds.file, entity.line, eid)
            for count in entity.counts:
                out[URIRef(f"{iris.entity(ds, eid)}/count/{count.of}")] = (ds.file, count.line, f"{eid}.counts")
    return out


def _local(term) -> str:
    return str(term).rsplit("/", 1)[-1]


__all__ = ["BuildResult", "build", "load", "validate", "write", "EXIT_INVALID"]
