"""Checks that need more than one file: references, cycles, quotes, counts.

Structure was checked by the loader; these checks see the whole corpus (all
plans plus the reference data plus the vocabularies) and return located
problems instead of raising, so ``validate`` can report everything at once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from graph_build.core.errors import EXIT_INVALID, Problem
from graph_build.plans.loader import PLAN_ENTITY_ID, Dataset, Entity, Ref
from graph_build.plans.schema import family, fields_of, is_a
from graph_build.core.textnorm import strip_marks

#: Fields whose references form a hierarchy; a cycle in them is an error.
HIERARCHY_FIELDS = ("part_of", "sub_groups", "sub_organisation_of", "successor", "about_event")


@dataclass(frozen=True)
class CountResult:
    """A stated count next to the members the data actually names."""

    dataset: str
    owner: str
    of: str
    stated: int
    named: int
    line: int

    @property
    def status(self) -> str:
        if self.named == self.stated:
            return "complete"
        return "incomplete" if self.named < self.stated else "excess"


def normalise_for_quote(text: str) -> str:
    """NFC, one space for every run of whitespace, one tone-mark style: how quotes are compared.

    >>> normalise_for_quote("hài  hoà") == normalise_for_quote("hài hòa")
    True
    """
    return " ".join(new_style_tones(unicodedata.normalize("NFC", text)).split())


# Vietnamese writes the tone of an open "oa", "oe", "uy" syllable either on the
# second vowel (old style: hoà, khoẻ, thuỷ) or on the first (new style: hòa,
# khỏe, thủy). Texts mix both, so quotes are compared in the new style.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_STYLE = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![\w\u0300-\u036f])")


def new_style_tones(text: str) -> str:
    """Move the tone of open oa/oe/uy syllables to the first vowel (hoà → hòa)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OLD_STYLE.sub(r"\1\3\2", decomposed))


class Resolver:
    """Finds the entity an id names, from one dataset's point of view.

    Look-up order: the plan's own entities, then the reference data, then
    plan ids (``implements: [tdmnpb-2021-2030]``). A plan id resolves to that
    plan's own entity when the plan is part of the build, and otherwise to the
    plan's IRI if it is one of the bundled plans, so a single plan can be built
    alone and still name the plan it implements.
    """

    def __init__(self, datasets: list[Dataset], known_plan_ids: frozenset[str] | None = None):
        self.reference: dict[str, tuple[Dataset, Entity]] = {}
        self.plans: dict[str, tuple[Dataset, Entity]] = {}
        for ds in datasets:
            if ds.kind == "reference":
                for eid, entity in ds.entities.items():
                    self.reference.setdefault(eid, (ds, entity))
            elif PLAN_ENTITY_ID in ds.entities:
                self.plans.setdefault(ds.id, (ds, ds.entities[PLAN_ENTITY_ID]))
        if known_plan_ids is None:
            known_plan_ids = _bundled_plan_ids()
        for plan_id in sorted(known_plan_ids - set(self.plans)):
            stub = Entity(PLAN_ENTITY_ID, "Plan", 0, {}, ())
            self.plans[plan_id] = (Dataset(plan_id, "plan", Path(plan_id), {}, {PLAN_ENTITY_ID: stub}), stub)

    def find(self, dataset: Dataset, target: str) -> tuple[Dataset, Entity] | None:
        if dataset.kind == "plan" and target in dataset.entities:
            return dataset, dataset.entities[target]
        return self.reference.get(target) or self.plans.get(target)


def _bundled_plan_ids() -> frozenset[str]:
    from graph_build.core.resources import bundled_plans

    return frozenset(p.name for p in bundled_plans())


def check_references(datasets: list[Dataset], concepts: dict[str, set[str]]) -> list[Problem]:
    """Every reference resolves, to an entity of an allowed type; ids do not clash."""
    problems: list[Problem] = []
    resolver = Resolver(datasets)
    seen_reference: dict[str, Dataset] = {}
    for ds in datasets:
        if ds.kind != "reference":
            continue
        for eid, entity in ds.entities.items():
            if eid in seen_reference and seen_reference[eid] is not ds:
                problems.append(Problem(f"reference id {eid!r} is also defined in {seen_reference[eid].file}",
                                        ds.file, entity.line, f"{eid}.id"))
            seen_reference[eid] = ds
    for ds in datasets:
        if ds.kind == "plan" and ds.id in resolver.reference:
            problems.append(Problem(f"plan id {ds.id!r} is also a reference id (in {resolver.reference[ds.id][0].file})",
                                    ds.file, 1, "id"))
        for eid, entity in ds.entities.items():
            if ds.kind == "plan" and eid in resolver.reference and eid != PLAN_ENTITY_ID:
                other = resolver.reference[eid][0]
                problems.append(Problem(f"id {eid!r} is already a reference id (in {other.file}); "
                                        "refer to it instead of defining it again", ds.file, entity.line, f"{eid}.id"))
            specs = fields_of(entity.type)
            for key, value in entity.values.items():
                spec = specs[key]
                if spec.kind in ("concept", "concepts"):
                    scheme = spec.targets[0]
                    for ref in value:
                        if ref.target not in concepts.get(scheme, set()):
                            problems.append(Problem(f"{ref.target!r} is not a {scheme} concept in "
                                                    "ontology/vocabularies.ttl", ds.file, ref.line, f"{eid}.{key}"))
                    continue
                if spec.kind not in ("ref", "refs"):
                    continue
                for ref in value:
                    if ds.kind == "plan" and ref.target in ds.entities and ref.target in resolver.reference:
                        continue  # the id shadows a reference id: reported once, at its definition
                    problems.extend(_check_ref(ds, eid, key, spec.targets, ref, resolver))
    problems.extend(_check_cycles(datasets, resolver))
    return problems


def _check_ref(ds: Dataset, eid: str, key: str, targets: tuple[str, ...], ref: Ref, resolver: Resolver):
    found = resolver.find(ds, ref.target)
    if found is None:
        if ds.kind == "plan" or ref.target not in ds.entities:
            yield Problem(f"unknown id {ref.target!r}", ds.file, ref.line, f"{eid}.{key}")
            return
        found = (ds, ds.entities[ref.target])
    target_type = found[1].type
    if targets and not any(is_a(target_type, t) or is_a(family(target_type).name, t) for t in targets):
        yield Problem(f"{ref.target!r} is a {target_type}; '{key}' expects {' or '.join(targets)}",
                      ds.file, ref.line, f"{eid}.{key}")


def _check_cycles(datasets: list[Dataset], resolver: Resolver) -> list[Problem]:
    """Report each cycle once, at the first of its members in file order."""
    problems = []
    for key in HIERARCHY_FIELDS:
        in_reported_cycle: set[int] = set()
        for ds in datasets:
            for eid, entity in ds.entities.items():
                path = [(ds, entity)]
                current = (ds, entity)
                while True:
                    refs = current[1].values.get(key) or []
                    if not refs:
                        break
                    nxt = resolver.find(current[0], refs[0].target)
                    if nxt is None:
                        break
                    if nxt[1] is entity:
                        if id(entity) in in_reported_cycle:
                            break
                        in_reported_cycle.update(id(e) for _, e in path)
                        chain = " → ".join(e.id for _, e in path) + f" → {entity.id}"
                        problems.append(Problem(f"'{key}' forms a cycle: {chain}", ds.file,
                                                entity.lines.get(key, entity.line), f"{eid}.{key}"))
                        break
                    if any(nxt[1] is e for _, e in path) or len(path) > 1000:
                        break  # a cycle that does not pass through this entity: reported at its own members
                    path.append(nxt)
                    current = nxt
    return problems


def check_quotes(datasets: list[Dataset]) -> list[Problem]:
    """Every quote occurs in the document it cites (after NFC and whitespace folding)."""
    problems = []
    normalised = {}
    for ds in datasets:
        for sid, source in ds.sources.items():
            if source.text is not None:
                normalised[(ds.id, sid)] = normalise_for_quote(source.text)
        for eid, entity in ds.entities.items():
            for fieldname, attestation in _all_attestations(entity):
                if attestation.quote is None:
                    continue
                text = normalised[(ds.id, attestation.source_id)]
                if normalise_for_quote(attestation.quote) not in text:
                    hint = _closest_hint(attestation.quote, text)
                    problems.append(Problem(f"quote not found in {attestation.source_id!r}: "
                                            f"{_short(attestation.quote)!r}{hint}", ds.file, attestation.line,
                                            f"{eid}.{fieldname}", exit_code=EXIT_INVALID))
    return problems


def _all_attestations(entity: Entity):
    for a in entity.sources:
        yield "source", a
    for key, value in entity.values.items():
        if isinstance(value, list):
            for ref in value:
                if isinstance(ref, Ref):
                    for a in ref.sources:
                        yield key, a
    for count in entity.counts:
        for a in count.sources:
            yield "counts", a


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _closest_hint(quote: str, text: str) -> str:
    """Point at the first word of the quote that breaks the match, to help fix typos."""
    words = normalise_for_quote(quote).split(" ")
    for n in range(len(words), 0, -1):
        if " ".join(words[:n]) in text:
            if n < len(words):
                return f" (matches up to {' '.join(words[:n])!r}, then differs at {words[n]!r})"
            break
    if re.search(r"[\u0300-\u036f]", unicodedata.normalize("NFD", quote)) and strip_marks(normalise_for_quote(quote)) in strip_marks(text):
        return " (the words match without tone marks: check the diacritics)"
    return ""



def count_members(datasets: list[Dataset]) -> list[CountResult]:
    """Stated counts next to the members the data names, for every owner."""
    resolver = Resolver(datasets)
    results = []
    for ds in datasets:
        groups_members = _group_projects(ds)
        for eid, entity in ds.entities.items():
            for count in entity.counts:
                owner_family = family(entity.type).name
                if owner_family == "Plan":
                    named = sum(1 for e in ds.entities.values() if e.type == count.of)
                elif owner_family == "SpatialStructure":
                    named = sum(
                        1
                        for ref in entity.values.get("elements", [])
                        if (found := resolver.find(ds, ref.target)) and found[1].type == count.of
                    )
                else:  # ProjectGroup
                    if count.of == "ProjectGroup":
                        named = len(entity.values.get("sub_groups", []))
                    else:
                        named = sum(1 for p in groups_members.get(eid, set()) if ds.entities[p].type == count.of)
                results.append(CountResult(ds.id, eid, count.of, count.number, named, count.line))
    return results


def _group_projects(ds: Dataset) -> dict[str, set[str]]:
    """Projects of each group, including those of its sub-groups (transitively)."""
    direct: dict[str, set[str]] = {}
    for eid, entity in ds.entities.items():
        for ref in entity.values.get("group", []):
            direct.setdefault(ref.target, set()).add(eid)
    children = {
        eid: [r.target for r in e.values.get("sub_groups", [])]
        for eid, e in ds.entities.items()
        if family(e.type).name == "ProjectGroup"
    }

    def members(group: str, seen: frozenset = frozenset()) -> set[str]:
        out = set(direct.get(group, set()))
        for child in children.get(group, []):
            if child not in seen:
                out |= members(child, seen | {group})
        return out

    return {group: members(group) for group in children}


def check_counts(datasets: list[Dataset], results: list[CountResult]) -> list[Problem]:
    files = {ds.id: ds.file for ds in datasets}
    problems = []
    for r in results:
        where = f"{r.owner}.counts"
        if r.status == "excess":
            problems.append(Problem(f"{r.named} {r.of} named but the source states {r.stated}", files[r.dataset],
                                    r.line, where, exit_code=EXIT_INVALID))
        elif r.status == "incomplete":
            problems.append(Problem(f"{r.named} of {r.stated} stated {r.of} are named", files[r.dataset], r.line,
                                    where, severity="warning", exit_code=0))
    return problems


__all__ = [
    "CountResult",
    "Resolver",
    "check_counts",
    "check_quotes",
    "check_references",
    "count_members",
    "normalise_for_quote",
]
