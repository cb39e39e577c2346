"""``write_site``: every page of the portal into a folder, with each entity's Turtle and JSON-LD beside its page.

Same graph, same bytes: pages are rendered in sorted order from sorted data, files are
written atomically, and nothing depends on the clock (the footer names the version only).
Limits are checked before anything is written (``MAX_SITE_PAGES``); a page over
``MAX_PAGE_BYTES`` stops the run naming the page (``SiteError``, exit 2).
"""

from __future__ import annotations

import os
import shutil
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from itertools import combinations
from pathlib import Path

from graph_build.core.errors import PlanKGError
from graph_build.site import svg
from graph_build.site.model import PK, SiteIndex, is_iri, local_name, page_path, relative
from graph_build.site.render import UI, Renderer, bi, ontology_page, ui

#: At most this many pages in one site (entities, plans, concepts, comparisons).
MAX_SITE_PAGES = 500_000
#: No page may be larger than this (lists are cut at ``render.MAX_LISTED`` to stay below it).
MAX_PAGE_BYTES = 200 * 1024
_HERE = "graph_build/site/write.py"
#: The file that marks a folder as a site plankg wrote, which a later run may replace whole.
SITE_MARK = ".plankg-site"
SECTOR_SCHEME = "https://w3id.org/plankg/vocab/sector"


class SiteError(PlanKGError):
    """The site cannot be written within its limits."""

    exit_code = 2


@dataclass
class SiteResult:
    out: Path
    pages: int
    bytes: int
    largest: tuple[str, int]


def rdf_documents(index: SiteIndex, iri: str) -> dict[str, bytes]:
    """An entity's description (``SiteIndex.describe``) as N-Triples, Turtle and JSON-LD, written by
    the project's one serialiser from the same sorted lines: same data, same bytes."""
    from graph_build.core.namespace import prefixes
    from graph_build.rdf.ntriples import line
    from graph_build.rdf.serialize import jsonld_bytes, ntriples_bytes, turtle_bytes
    from graph_build.rdf.terms import from_rdflib

    lines = sorted({line((from_rdflib(s), from_rdflib(p), from_rdflib(o))) for s, p, o in index.describe(iri)})
    known = prefixes()
    return {"nt": ntriples_bytes(lines), "ttl": turtle_bytes(lines, known), "jsonld": jsonld_bytes(lines, known)}


class SiteWriter:
    def __init__(self, index: SiteIndex, ontology):
        self.ix = index
        self.ontology = ontology
        self.entities = index.entities()
        self.entity_set = set(self.entities)
        self.r = Renderer(index, has_page=self.entity_set.__contains__)
        self.plans = index.plans()
        self._same_as: list[tuple[str, str, set[str], set[str]]] | None = None
        self._reach: dict[str, set[str]] = {}

    def pages(self):
        """Every ``(path, html)``, in a fixed order."""
        for iri in self.entities:
            yield self.r.entity_page(iri)
        yield "def.html", ontology_page(self.ontology)
        yield self.front_page()
        yield self.search_page()
        yield from self.comparison_pages()

    # -- front page and search --------------------------------------------------------------------

    def front_page(self, here: str = "index.html") -> tuple[str, str]:
        ix, r = self.ix, self.r
        rows = []
        for plan in self.plans:
            members = sum(1 for s, p in ix.inc.get(plan, ()) if p == PK + "inPlan")
            targets = len(ix.plan_targets(plan))
            rows.append(
                f'<tr><td>{r.link(here, plan)}</td><td class="num">{members}</td><td class="num">{targets}</td></tr>'
            )
        decisions = []
        for s, values in ix.out.items():
            date = next((o for p, o in values if p == PK + "signingDate"), None)
            if date is not None and s in self.entity_set:
                decisions.append((str(date), s))
        decisions.sort(reverse=True)
        latest = "".join(f"<li>{escape(d)} · {r.link(here, s)}</li>" for d, s in decisions[:10])
        body = (
            f"<h1>{ui('portal')}</h1><p>{len(self.entities)} {ui('entities')}</p>"
            f'<h2>{ui("home")}</h2><table><thead><tr><th scope="col">{ui("plan_col")}</th>'
            f'<th scope="col">{ui("entities")}</th><th scope="col">{ui("targets")}</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<h2>{ui('latest')}</h2><ul>{latest}</ul>"
            f'<h2>{ui("compare")}</h2><p><a href="{relative(here, "compare/index.html")}">{ui("compare")}</a></p>'
        )
        return here, r.document(here, UI["portal"], body)

    def search_page(self) -> tuple[str, str]:
        here = "search.html"
        body = (
            f'<h1>{ui("search_title")}</h1><p><span id="count">0</span> {ui("found")}</p>'
            '<ul id="results" aria-live="polite"></ul><script src="search-index.js"></script>'
        )
        return here, self.r.document(here, UI["search_title"], body)

    def search_index(self) -> bytes:
        from graph_build.core.pagekit import json_for_html

        entries = []
        for iri in self.entities:
            cls = self.ix.main_class(iri)
            entries.append(
                [page_path(iri) + ".html", self.ix.label(iri, "vi"), self.ix.label(iri, "en"), local_name(cls or "")]
            )
        return f"window.plankgSearchIndex = {json_for_html(entries)};\n".encode()

    # -- comparisons ------------------------------------------------------------------------------

    def comparison_pages(self):
        ix, r = self.ix, self.r
        here = "compare/index.html"
        by_indicator: dict[str, list[str]] = defaultdict(list)
        for plan in self.plans:
            for t in ix.plan_targets(plan):
                indicator = ix.first(t, PK + "indicator")
                if indicator is not None:
                    by_indicator[str(indicator)].append(str(t))
        indicator_links = []
        for indicator in sorted(by_indicator):
            path = f"compare/indicator-{local_name(indicator)}.html"
            indicator_links.append(f'<li><a href="{relative(here, path)}">{r.label(indicator)}</a></li>')
            yield self.indicator_page(path, indicator, by_indicator[indicator])
        pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for a, b in combinations(self.plans, 2):
            path = f"compare/{local_name(a)}--{local_name(b)}.html"
            pairs[a].append((path, b))
            pairs[b].append((path, a))
            yield self.pair_page(path, a, b)
        # one page per plan listing its pairs: a list of every pair would grow with the square of the plans
        pair_links = []
        for plan in self.plans:
            path = f"compare/pairs-{local_name(plan)}.html"
            pair_links.append(f'<li><a href="{relative(here, path)}">{r.label(plan)}</a></li>')
            items = "".join(f'<li><a href="{relative(path, p)}">{r.label(other)}</a></li>' for p, other in pairs[plan])
            yield path, r.document(path, UI["pairs"], f"<h1>{ui('pairs')}: {r.label(plan)}</h1><ul>{items}</ul>")
        yield self.matrix_page("compare/sectors.html")
        body = (
            f"<h1>{ui('compare')}</h1><h2>{ui('by_indicator')}</h2><ul>{''.join(indicator_links)}</ul>"
            f'<h2>{ui("matrix")}</h2><p><a href="sectors.html">{ui("matrix")}</a></p>'
            f"<h2>{ui('pairs')}</h2><ul>{''.join(pair_links)}</ul>"
        )
        yield here, r.document(here, UI["compare"], body)

    def indicator_page(self, here: str, indicator: str, targets: list[str]) -> tuple[str, str]:
        ix, r = self.ix, self.r
        rows, chart = [], defaultdict(list)
        for t in sorted(targets, key=lambda t: (ix.plans_of(t), str(ix.first(t, PK + "targetYear")), t)):
            plan = next(iter(ix.plans_of(t)), "")
            year = ix.first(t, PK + "targetYear")
            number = ix.first(t, PK + "value")
            unit = ix.first(t, PK + "unit")
            rows.append(
                f"<tr><td>{r.link(here, plan) if plan else ''}</td><td>{r.link(here, t)}</td>"
                f'<td class="num">{r.target_value(t)}</td><td>{escape(str(year)) if year is not None else ""}</td></tr>'
            )
            if number is not None:
                label = f"{ix.label(plan, 'vi') if plan else ''} {year if year is not None else ''}".strip()
                chart[str(unit) if unit is not None else ""].append((label, float(number.toPython()), r.plain_value(t)))
        charts = "".join(
            svg.bars(f"{ix.label(indicator, 'vi')} ({ix.label(u, 'vi') if u else ''})", rows_)
            for u, rows_ in sorted(chart.items())
        )
        body = (
            f"<h1>{r.label(indicator)}</h1><p>{r.link(here, indicator)}</p>{charts}"
            f'<table><thead><tr><th scope="col">{ui("plan_col")}</th><th scope="col">{ui("targets")}</th>'
            f'<th scope="col">{ui("value")}</th><th scope="col">{ui("year")}</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
        return here, r.document(here, (ix.label(indicator, "vi"), ix.label(indicator, "en")), body)

    def matrix_page(self, here: str) -> tuple[str, str]:
        ix, r = self.ix, self.r
        counts: dict[tuple[str, str], int] = defaultdict(int)
        sectors = sorted(
            c for c in self.entities if ix.in_scheme.get(c) == SECTOR_SCHEME or c.startswith(SECTOR_SCHEME + "/")
        )
        for sector in sectors:
            for s, _ in ix.inc.get(sector, ()):
                if s in self.entity_set:
                    for plan in ix.plans_of(s):
                        counts[(plan, sector)] += 1
        head = "".join(f'<th scope="col">{r.link(here, s)}</th>' for s in sectors)
        body_rows = []
        for plan in self.plans:
            cells = "".join(f'<td class="num">{counts.get((plan, s), 0) or ""}</td>' for s in sectors)
            body_rows.append(f'<tr><th scope="row">{r.link(here, plan)}</th>{cells}</tr>')
        body = (
            f'<h1>{ui("matrix")}</h1><table class="matrix"><thead><tr><th scope="col">{ui("plan_col")}</th>{head}'
            f"</tr></thead><tbody>{''.join(body_rows)}</tbody></table>"
        )
        return here, r.document(here, UI["matrix"], body)

    def reach(self, plan: str) -> set[str]:
        """The entities a plan's members point at, found once per plan (a pair page needs two)."""
        if plan not in self._reach:
            ix = self.ix
            found: set[str] = set()
            for s, p in ix.inc.get(plan, ()):
                if p == PK + "inPlan":
                    found.update(str(o) for _, o in ix.out.get(s, ()) if is_iri(o) and str(o) in self.entity_set)
            self._reach[plan] = found
        return self._reach[plan]

    def same_as(self) -> list[tuple[str, str, set[str], set[str]]]:
        """Every accepted link (``skos:exactMatch``) with the plans of each end, found once."""
        if self._same_as is None:
            ix = self.ix
            self._same_as = [
                (s, str(o), set(ix.plans_of(s)), set(ix.plans_of(str(o))))
                for s, values in sorted(ix.out.items())
                for p, o in values
                if p == "http://www.w3.org/2004/02/skos/core#exactMatch" and is_iri(o)
            ]
        return self._same_as

    def pair_page(self, here: str, a: str, b: str) -> tuple[str, str]:
        ix, r = self.ix, self.r
        shared = sorted((self.reach(a) & self.reach(b)) - {a, b})
        same = [(s, o) for s, o, ps, po in self.same_as() if (a in ps and b in po) or (b in ps and a in po)]
        same_html = "".join(f"<li>{r.link(here, s)} = {r.link(here, o)}</li>" for s, o in sorted(same))
        body = (
            f"<h1>{r.label(a)} · {r.label(b)}</h1><h2>{ui('shared')} ({len(shared)})</h2>"
            + (r.links_list(here, shared) if shared else f"<p>{ui('none')}</p>")
            + f"<h2>{ui('same_as')}</h2><ul>{same_html}</ul>"
        )
        return here, r.document(
            here, (f"{ix.label(a, 'vi')} · {ix.label(b, 'vi')}", f"{ix.label(a, 'en')} · {ix.label(b, 'en')}"), body
        )


def write_site(graph, out_dir: Path | str, ontology=None) -> SiteResult:
    """Write the portal for ``graph`` (an rdflib graph: the union of a build's graphs) into ``out_dir``."""
    out = Path(out_dir)
    check_replaceable(out)
    if ontology is None:
        from graph_build.shacl.reference import ontology_graph

        ontology = ontology_graph()
    writer = SiteWriter(SiteIndex(graph, ontology), ontology)
    n_plans = len(writer.plans)
    expected = len(writer.entities) + 5 + n_plans * (n_plans + 1) // 2 + len(writer.ix.in_scheme)
    if expected > MAX_SITE_PAGES:
        raise SiteError(
            f"the site would have about {expected} pages, more than MAX_SITE_PAGES = {MAX_SITE_PAGES} "
            "(graph_build/site/write.py): write it from a smaller graph"
        )
    staging = _staging(out)
    total, count, largest = 0, 0, ("", 0)
    try:
        for path, html in writer.pages():
            data = html.encode("utf-8")
            if len(data) > MAX_PAGE_BYTES:
                raise SiteError(f"{path}: {len(data)} bytes, more than MAX_PAGE_BYTES = {MAX_PAGE_BYTES} ({_HERE})")
            _put(staging / path, data)
            total, count = total + len(data), count + 1
            if len(data) > largest[1]:
                largest = (path, len(data))
        for iri in writer.entities:
            base = staging / page_path(iri)
            docs = rdf_documents(writer.ix, iri)
            _put(base.with_name(base.name + ".ttl"), docs["ttl"])
            _put(base.with_name(base.name + ".jsonld"), docs["jsonld"])
        _put(staging / "search-index.js", writer.search_index())
        _put(staging / SITE_MARK, b"a site written by plankg site; plankg replaces this folder whole\n")
        _swap(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return SiteResult(out, count, total, largest)


def check_replaceable(out: Path) -> None:
    """Before the work: ``out`` is new, empty, or a site plankg wrote (it holds ``SITE_MARK``), never another folder."""
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / SITE_MARK).is_file():
        raise SiteError(
            f"{out}: is not empty and is not a site plankg wrote (no {SITE_MARK}): refusing to replace it; "
            "give a new or empty folder"
        )


def _staging(out: Path) -> Path:
    """A fresh folder beside ``out``: the site is written there whole, then swapped in."""
    import tempfile

    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))


def _put(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _swap(staging: Path, out: Path) -> None:
    """Put the new site in place of the old one with renames, so a reader sees the old site or the new, whole.

    Files are not synced one by one (a site has thousands): the renames are what must not be torn.
    """
    staging.chmod(0o755)
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out}: exists and is not a folder")
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    os.replace(staging, out)
    if old is not None:
        shutil.rmtree(old)


__all__ = [
    "MAX_PAGE_BYTES",
    "MAX_SITE_PAGES",
    "SiteError",
    "SiteResult",
    "SiteWriter",
    "bi",
    "rdf_documents",
    "write_site",
]
