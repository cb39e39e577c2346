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

from graph_build.core.errors import EXIT_INVALID, Problem, excerpt
from graph_build.core.suggest import did_you_mean
from graph_build.core.textnorm import strip_marks
from graph_build.plans.loader import PLAN_ENTITY_ID, Attestation, Dataset, Entity, Ref
from graph_build.plans.schema import family, fields_of, is_a

#: Fields whose references form a hierarchy; a cycle in them is an error.
HIERARCHY_FIELDS = ("part_of", "sub_groups", "sub_organisation_of", "successor", "about_event", "implements")


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


#: The second vowels of an old-style open syllable, composed (NFC): a, e or y with a tone mark.
_TONED_SECOND = "".join(unicodedata.normalize("NFC", base + tone) for base in "aAeEyY" for tone in _TONES)
#: Where an old-style syllable may be: plain o/u, then such a vowel. No canonical composition
#: spans an ASCII space, so the space-delimited tokens around these can be treated one by one.
_CANDIDATE = re.compile(f"[oOuU][{_TONED_SECOND}]")


def new_style_tones(text: str) -> str:
    """Move the tone of open oa/oe/uy syllables to the first vowel (hoà → hòa).

    Only the tokens that can hold such a syllable are decomposed and recomposed, which gives
    the same text as doing it to the whole (the other tokens come back as they were, being
    NFC) several times faster on a long document.
    """
    text = unicodedata.normalize("NFC", text)
    parts = []
    done = 0  # text[:done] is in parts
    for match in _CANDIDATE.finditer(text):
        if match.start() < done:
            continue  # in the token just treated
        start = text.rfind(" ", done, match.start()) + 1 or done
        end = text.find(" ", match.end())
        end = len(text) if end < 0 else end
        parts += [text[done:start], _new_style_tones_of(text[start:end])]
        done = end
    return "".join(parts) + text[done:] if parts else text


def _new_style_tones_of(text: str) -> str:
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
                problems.append(
                    Problem(
                        f"reference id {eid!r} is also defined in {seen_reference[eid].file}",
                        ds.file,
                        entity.line,
                        f"{eid}.id",
                    )
                )
            seen_reference[eid] = ds
    for ds in datasets:
        if ds.kind == "plan" and ds.id in resolver.reference:
            problems.append(
                Problem(
                    f"plan id {ds.id!r} is also a reference id (in {resolver.reference[ds.id][0].file})",
                    ds.file,
                    1,
                    "id",
                )
            )
        for eid, entity in ds.entities.items():
            if ds.kind == "plan" and eid in resolver.reference and eid != PLAN_ENTITY_ID:
                other = resolver.reference[eid][0]
                problems.append(
                    Problem(
                        f"id {eid!r} is already a reference id (in {other.file}); "
                        "refer to it instead of defining it again",
                        ds.file,
                        entity.line,
                        f"{eid}.id",
                    )
                )
            specs = fields_of(entity.type)
            for key, value in entity.values.items():
                spec = specs[key]
                if spec.kind in ("ref", "refs", "concept", "concepts"):
                    problems.extend(_check_inferences(ds, entity, key, value, resolver))
                if spec.kind in ("concept", "concepts"):
                    scheme = spec.targets[0]
                    for ref in value:
                        if ref.target not in concepts.get(scheme, set()):
                            problems.append(
                                Problem(
                                    f"{ref.target!r} is not {'an' if scheme[0] in 'AEIO' else 'a'} {scheme} "
                                    "concept (ontology/vocabularies.ttl or a reference file's concepts)"
                                    + did_you_mean(ref.target, concepts.get(scheme, set())),
                                    ds.file,
                                    ref.line,
                                    f"{eid}.{key}",
                                )
                            )
                    continue
                if spec.kind not in ("ref", "refs"):
                    continue
                for ref in value:
                    if ds.kind == "plan" and ref.target in ds.entities and ref.target in resolver.reference:
                        continue  # the id shadows a reference id: reported once, at its definition
                    problems.extend(_check_ref(ds, entity, key, spec.targets, ref, resolver))
    problems.extend(_check_cycles(datasets, resolver))
    return problems


def _check_ref(ds: Dataset, entity: Entity, key: str, targets: tuple[str, ...], ref: Ref, resolver: Resolver):
    eid = entity.id
    found = resolver.find(ds, ref.target)
    if found is None:
        if ds.kind == "plan" or ref.target not in ds.entities:
            known = [*(ds.entities if ds.kind == "plan" else ()), *resolver.reference, *resolver.plans]
            hint = did_you_mean(ref.target, known)
            yield Problem(f"unknown id {ref.target!r}{hint}", ds.file, ref.line, f"{eid}.{key}")
            return
        found = (ds, ds.entities[ref.target])
    target_type = found[1].type
    if targets and not any(is_a(target_type, t) or is_a(family(target_type).name, t) for t in targets):
        yield Problem(
            f"{ref.target!r} is a {target_type}; '{key}' expects {' or '.join(targets)}",
            ds.file,
            ref.line,
            f"{eid}.{key}",
        )
    elif found[1] is entity:  # a plan that implements itself, a place part of itself …
        yield Problem(f"'{key}' refers to {_display_id(ds, entity)} itself", ds.file, ref.line, f"{eid}.{key}")


def _check_inferences(ds: Dataset, entity: Entity, key: str, refs: list[Ref], resolver: Resolver):
    """The statements an inferred link is derived from exist (issue 14)."""
    for ref in refs:
        if ref.inferred is None:
            continue
        for given in ref.inferred.derived_from:
            if "/" in given:
                plan_id, eid = given.split("/", 1)
                plan = resolver.plans.get(plan_id)
                known = plan is not None and (eid in plan[0].entities or not plan[0].sources)
            else:
                known = resolver.find(ds, given) is not None or given in ds.entities
            if not known:
                yield Problem(
                    f"unknown id {given!r} in 'inferred.from'", ds.file, ref.inferred.line, f"{entity.id}.{key}"
                )


def _check_cycles(datasets: list[Dataset], resolver: Resolver) -> list[Problem]:
    """Report each cycle once, at the first of its members in file order.

    Every reference of a hierarchy field counts, not only the first of a list. A member that
    names itself is reported by ``_check_ref``, so self-loops are left out here.
    """
    problems = []
    order: dict[int, int] = {}
    owner: dict[int, tuple[Dataset, Entity]] = {}
    for ds in datasets:
        for entity in ds.entities.values():
            order.setdefault(id(entity), len(order))
            owner.setdefault(id(entity), (ds, entity))
    for key in HIERARCHY_FIELDS:
        edges: dict[int, list[int]] = {}
        for node, (ds, entity) in owner.items():
            for ref in entity.values.get(key) or []:
                found = resolver.find(ds, ref.target)
                if found is not None and found[1] is not entity and id(found[1]) in owner:
                    edges.setdefault(node, []).append(id(found[1]))
        for component in _strongly_connected(edges):
            if len(component) < 2:
                continue
            start = min(component, key=order.__getitem__)
            chain = _shortest_cycle(start, edges, component)
            ds, entity = owner[start]
            names = " → ".join(_display_id(*owner[n]) for n in chain)
            problems.append(
                Problem(
                    f"'{key}' forms a cycle: {names}", ds.file, entity.lines.get(key, entity.line), f"{entity.id}.{key}"
                )
            )
    return problems


def _display_id(ds: Dataset, entity: Entity) -> str:
    return ds.id if entity.id == PLAN_ENTITY_ID else entity.id


def _strongly_connected(edges: dict[int, list[int]]) -> list[set[int]]:
    """Tarjan's strongly connected components, iteratively (hierarchies can be deep)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    components = []
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, next_child = work.pop()
            if next_child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            children = edges.get(node, [])
            if next_child < len(children):
                work.append((node, next_child + 1))
                child = children[next_child]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


def _shortest_cycle(start: int, edges: dict[int, list[int]], component: set[int]) -> list[int]:
    """start → … → start, by a breadth-first search inside its component."""
    previous: dict[int, int] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in edges.get(node, []):
                if child not in component:
                    continue
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if child not in previous:
                    previous[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError("a strongly connected component always has a cycle")  # pragma: no cover


def check_quotes(datasets: list[Dataset]) -> list[Problem]:
    """Every quote occurs in the document it cites (after NFC and whitespace folding).

    Near-linear: all the quotes of one document are looked for in one Aho–Corasick pass over
    its normalised text (a quote is found anywhere, as with ``in``), and the hints for the
    quotes not found take a few more passes, not one scan per quote.
    """
    wanted: dict[tuple[str, str], dict[str, list[tuple[Dataset, str, str, Attestation]]]] = {}
    texts: dict[tuple[str, str], str] = {}
    for ds in datasets:
        for eid, entity in ds.entities.items():
            for fieldname, attestation in _all_attestations(entity):
                if attestation.quote is None:
                    continue
                key = (ds.id, attestation.source_id)
                if key not in texts:
                    texts[key] = normalise_for_quote(ds.sources[attestation.source_id].text or "")
                quote = normalise_for_quote(attestation.quote)
                wanted.setdefault(key, {}).setdefault(quote, []).append((ds, eid, fieldname, attestation))
    problems = []
    for key, quotes in wanted.items():
        text = texts[key]
        missing = set(quotes) - occurring(text, set(quotes))
        hints = _closest_hints(missing, text)
        for quote in sorted(missing):
            for ds, eid, fieldname, attestation in quotes[quote]:
                problems.append(
                    Problem(
                        f"quote not found in {attestation.source_id!r}: {excerpt(attestation.quote, 80)}{hints[quote]}",
                        ds.file,
                        attestation.line,
                        f"{eid}.{fieldname}",
                        exit_code=EXIT_INVALID,
                    )
                )
    problems.sort(key=lambda p: (str(p.file), p.line or 0))
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


#: Most pattern characters one automaton holds: bounds its memory (about 100 bytes a
#: character in pyahocorasick) whatever the plan file holds; more quotes take more passes.
MAX_AUTOMATON_CHARS = 1_000_000


#: Reports of already-found patterns tolerated, beyond 4 per pattern still wanted, before a rebuild.
REBUILD_SLACK = 1024


def occurring(text: str, patterns: set[str]) -> set[str]:
    """The patterns that occur in ``text`` as substrings: ``{p for p in patterns if p in text}``
    in time near-linear in ``len(text)`` and the patterns' total length.

    An Aho–Corasick pass reports every occurrence, and nested patterns ("a", "aa", "aaa" …)
    can occur many times at every position; so once the reports of patterns already found
    outnumber the patterns still wanted a few times over (about what building the automaton
    again costs), it is rebuilt without them and the pass goes on from where it was.
    """
    import ahocorasick

    found: set[str] = set()
    batch: list[str] = []
    size = 0
    batches: list[list[str]] = []
    for pattern in sorted(p for p in patterns if p):
        if batch and size + len(pattern) > MAX_AUTOMATON_CHARS:
            batches.append(batch)
            batch, size = [], 0
        batch.append(pattern)
        size += len(pattern)
    if batch:
        batches.append(batch)
    found.update(p for p in patterns if not p)  # the empty string occurs everywhere
    for batch in batches:
        remaining = set(batch)
        position = 0
        while remaining:
            automaton = ahocorasick.Automaton()
            for pattern in remaining:
                automaton.add_word(pattern, pattern)
            automaton.make_automaton()
            budget = 4 * len(remaining) + REBUILD_SLACK
            rebuilt = False
            for end, pattern in automaton.iter(text, position):
                if pattern in remaining:
                    remaining.discard(pattern)
                    found.add(pattern)
                    if not remaining:
                        break
                    continue
                budget -= 1
                if budget <= 0:
                    # go on from the start of the longest pattern still wanted that could end
                    # after this position, so no occurrence is skipped
                    position = max(0, end + 1 - max(map(len, remaining)))
                    rebuilt = True
                    break
            if not rebuilt:
                break
    return found


def _closest_hints(missing: set[str], text: str) -> dict[str, str]:
    """For each quote not found: where it stops matching (the longest run of its first words
    that occurs), else whether it matches without tone marks, else nothing.

    A longer run of first words occurs only if every shorter one does, so the run is found by
    a search on the number of words, done for all quotes at once: one pass per step.
    """
    words = {quote: quote.split(" ") for quote in missing}
    low = dict.fromkeys(missing, 0)  # this many first words occur
    high = {quote: len(w) - 1 for quote, w in words.items()}  # more than this do not (the whole quote does not)
    # Several probes per quote and pass (a k-ary search) while the probes fit one automaton.
    per_pass = max(1, min(15, MAX_AUTOMATON_CHARS // max(1, sum(map(len, missing)))))
    while True:
        probes = {}
        for quote in missing:
            span = high[quote] - low[quote]
            if span > 0:
                probes[quote] = sorted({low[quote] + -(-i * span // (per_pass + 1)) for i in range(1, per_pass + 1)})
        if not probes:
            break
        prefixes = {(quote, n): " ".join(words[quote][:n]) for quote, ns in probes.items() for n in ns}
        present = occurring(text, set(prefixes.values()))
        for quote, ns in probes.items():
            found = [n for n in ns if prefixes[quote, n] in present]
            absent = [n for n in ns if prefixes[quote, n] not in present]
            if found:
                low[quote] = max(found)
            high[quote] = min([n - 1 for n in absent if n > low[quote]] + [high[quote]])
    hints = {}
    unmatched = [quote for quote in missing if low[quote] == 0]
    for quote in missing:
        if low[quote]:
            matched, differs = " ".join(words[quote][: low[quote]]), words[quote][low[quote]]
            hints[quote] = f" (matches up to {excerpt(matched, 80)}, then differs at {excerpt(differs, 40)})"
        else:
            hints[quote] = ""
    marked = {
        quote: strip_marks(quote)
        for quote in unmatched
        if re.search(r"[\u0300-\u036f]", unicodedata.normalize("NFD", quote))
    }
    if marked:
        bare = occurring(strip_marks(text), set(marked.values()))
        for quote, stripped in marked.items():
            if stripped in bare:
                hints[quote] = " (the words match without tone marks: check the diacritics)"
    return hints


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
            problems.append(
                Problem(
                    f"{r.named} {r.of} named but the source states {r.stated}",
                    files[r.dataset],
                    r.line,
                    where,
                    exit_code=EXIT_INVALID,
                )
            )
        elif r.status == "incomplete":
            problems.append(
                Problem(
                    f"{r.named} of {r.stated} stated {r.of} are named",
                    files[r.dataset],
                    r.line,
                    where,
                    severity="warning",
                    exit_code=0,
                )
            )
    return problems


def check_placeholders(datasets: list[Dataset]) -> list[Problem]:
    """Warnings for what is not real data yet: a source document that is still the placeholder
    ``plankg new-plan`` wrote, and an English label that is the Vietnamese text copied."""
    problems = []
    for ds in datasets:
        for sid, source in ds.sources.items():
            if source.placeholder and source.path is not None:
                problems.append(
                    Problem(
                        f"source {sid!r} is the placeholder `plankg new-plan` wrote: put the decision or "
                        f"announcement text in {source.path.name} (its quotes do not count as checked until then)",
                        ds.file,
                        source.line,
                        f"sources.{sid}",
                        severity="warning",
                        exit_code=0,
                    )
                )
        for entity in ds.entities.values():
            vi, en = entity.label.get("vi"), entity.label.get("en")
            # Proper names (places, people) are often the same in both languages ("Hà Nội").
            copied = vi and en == vi and not vi.isascii()
            if copied and family(entity.type).name not in ("Place", "Person", "Infrastructure"):
                problems.append(
                    Problem(
                        "the English label is the Vietnamese text copied: translate it (names keep "
                        "their marks, e.g. 'Lạng Sơn Province')",
                        ds.file,
                        entity.line,
                        f"{entity.id}.label.en",
                        severity="warning",
                        exit_code=0,
                    )
                )
    return problems


__all__ = [
    "CountResult",
    "Resolver",
    "check_counts",
    "check_placeholders",
    "check_quotes",
    "check_references",
    "count_members",
    "normalise_for_quote",
]
