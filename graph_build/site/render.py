"""The site's pages as HTML text, from a ``SiteIndex``: entity (and plan) pages, concepts, comparisons, the front page.

Every page carries both languages (``<span class="l-vi" lang="vi">`` … ``l-en``), and the
inline script switches which one CSS shows, so one file serves both. Every text is escaped
on its way in (``core.pagekit``); links are relative, so the same pages work from a folder,
a static web server, or ``plankg serve`` (whose pages live at the same paths).
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from html import escape

from graph_build.core.pagekit import fill_template, fold_js, inline_script, inline_style, package_asset
from graph_build.core.version import __version__
from graph_build.site import svg
from graph_build.site.model import PK, RDF_NS, SiteIndex, Source, is_iri, local_name, page_path, relative

#: Items listed per relation section and per table before "and N more" (keeps every page small).
MAX_LISTED = 100
#: Entities listed per plan on a concept's page (the rest are in its Turtle).
MAX_PER_PLAN = 8
#: Neighbours drawn in an entity's neighbourhood picture.
MAX_NEIGHBOURS = 24

UI = {
    "skip": ("Bỏ qua, tới nội dung", "Skip to content"),
    "nav": ("Điều hướng", "Navigation"),
    "compare": ("So sánh", "Compare"),
    "search": ("Tìm", "Search"),
    "go": ("Tìm", "Go"),
    "class": ("Lớp", "Class"),
    "facts": ("Dữ kiện", "Facts"),
    "property": ("Thuộc tính", "Property"),
    "value": ("Giá trị", "Value"),
    "source": ("Nguồn", "Source"),
    "sources": ("Nguồn của thực thể này", "Sources of this entity"),
    "entity_sources": ("xem nguồn của thực thể", "see the entity's sources"),
    "no_source": ("không có nguồn riêng", "no source of its own"),
    "unchecked": ("chưa kiểm trích dẫn", "not quote-checked"),
    "inferred": ("suy ra, văn bản không nêu", "inferred, not stated by the text"),
    "derived_from": ("từ", "from"),
    "checked": ("đã kiểm trích dẫn", "quote-checked"),
    "confidence": ("độ tin cậy", "confidence"),
    "outgoing": ("Quan hệ đi", "Outgoing relations"),
    "incoming": ("Quan hệ đến", "Incoming relations"),
    "plans": ("Thuộc quy hoạch", "Plans"),
    "neighbourhood": ("Lân cận", "Neighbourhood"),
    "download": ("Tải dữ liệu", "Data"),
    "more": ("và {n} mục nữa (xem Turtle)", "and {n} more (see the Turtle)"),
    "objective": ("Mục tiêu và tầm nhìn", "Objective and vision"),
    "targets": ("Chỉ tiêu", "Targets"),
    "indicator": ("Chỉ số", "Indicator"),
    "year": ("Năm", "Year"),
    "key_tasks": ("Nhiệm vụ trọng tâm", "Key tasks"),
    "breakthroughs": ("Đột phá", "Breakthroughs"),
    "spatial": ("Mô hình không gian", "Spatial model"),
    "decisions": ("Quyết định và điều chỉnh", "Decisions and adjustments"),
    "completeness": ("Mức đầy đủ so với số được nêu", "Completeness against the stated counts"),
    "named_of": ("{named} / {stated} đã có tên", "{named} of {stated} named"),
    "said": ("Mỗi quy hoạch nói gì", "What each plan says"),
    "definition": ("Định nghĩa", "Definition"),
    "home": ("Các quy hoạch", "The plans"),
    "portal": ("Cổng quy hoạch plankg", "plankg plan portal"),
    "entities": ("thực thể", "entities"),
    "latest": ("Quyết định mới nhất", "Latest decisions"),
    "by_indicator": ("Một chỉ số qua các quy hoạch", "One indicator across plans"),
    "matrix": ("Quy hoạch × lĩnh vực", "Plans × sectors"),
    "pairs": ("Hai quy hoạch có gì chung", "What two plans share"),
    "shared": ("Chung", "Shared"),
    "same_as": ("Cùng một thực thể (liên kết đã chấp nhận)", "The same entity (accepted links)"),
    "search_title": ("Tìm không cần dấu", "Search without tone marks"),
    "found": ("kết quả", "results"),
    "footer": ("Tạo bởi plankg {v}. Mỗi dữ kiện kèm nguồn.", "Made by plankg {v}. Every fact carries its source."),
    "plan_col": ("Quy hoạch", "Plan"),
    "none": ("không có", "none"),
    "others": ("Khác", "Other"),
}


def bi(vi: str, en: str | None = None) -> str:
    """Text in both languages, escaped; one span when both are the same."""
    en = vi if en is None else en
    if vi == en:
        return escape(vi)
    return f'<span class="l-vi" lang="vi">{escape(vi)}</span><span class="l-en" lang="en">{escape(en)}</span>'


def ui(key: str, **values) -> str:
    vi, en = UI[key]
    return bi(vi.format(**values), en.format(**values))


@functools.cache
def page_script() -> str:
    """The one inline script of every page: the search fold, then the page's own code."""
    return inline_script(fold_js() + package_asset("graph_build.site", "site.js"))


@functools.cache
def script_hash() -> str:
    """The script's CSP hash, so a server may allow exactly this script and no other."""
    digest = hashlib.sha256(page_script().encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


class Renderer:
    """Pages over one index. ``has_page(iri)`` says which IRIs are linked (the site writes a page for them)."""

    def __init__(self, index: SiteIndex, has_page: Callable[[str], bool] | None = None):
        self.ix = index
        self.has_page = has_page or index.is_entity

    # -- pieces -------------------------------------------------------------------------------

    def label(self, iri: str) -> str:
        return bi(self.ix.label(iri, "vi"), self.ix.label(iri, "en"))

    def link(self, here: str, iri: str) -> str:
        if iri.startswith(DEF_PREFIX) and self.ix.has_label(iri):  # a class or property: its entry on the def page
            href = relative(here, "def.html") + "#" + iri[len(DEF_PREFIX) :]
            return f'<a href="{escape(href, quote=True)}">{self.label(iri)}</a>'
        if self.has_page(iri):
            href = relative(here, page_path(iri) + ".html")
            return f'<a href="{escape(href, quote=True)}">{self.label(iri)}</a>'
        if iri.startswith(("http://", "https://")) and not self.ix.has_label(iri):
            return f"<span>{escape(iri)}</span>"
        return self.label(iri)

    def value(self, here: str, term) -> str:
        if is_iri(term):
            iri = str(term)
            if self.has_page(iri) or self.ix.has_label(iri):
                return self.link(here, iri)
            if iri.startswith(("http://", "https://")):  # a web address: a link out, never a javascript: URL
                return f'<a href="{escape(iri, quote=True)}" rel="external">{escape(iri)}</a>'
            return escape(iri)
        lang = getattr(term, "language", None)
        text = escape(str(term))
        return f'<span lang="{escape(lang, quote=True)}">{text}</span>' if lang else text

    def paragraph(self, here: str, term) -> str:
        """A text of one language shown only while that language is chosen."""
        lang = getattr(term, "language", None)
        shown = f' class="l-{lang}"' if lang in ("vi", "en") else ""
        return f"<p{shown}>{self.value(here, term)}</p>"

    def source(self, here: str, src: Source) -> str:
        parts = []
        if src.rule:  # not stated by the text: say so, with the rule and the statements it rests on
            parts.append(f'<span class="inferred">{ui("inferred")}</span>: {self.link(here, src.rule)}')
            if src.derived_from:
                parts.append(f"{ui('derived_from')} " + ", ".join(self.link(here, d) for d in src.derived_from))
        if src.quote:
            parts.append(f"<q>{escape(src.quote)}</q>")
        if src.note:
            parts.append(escape(src.note))
        if src.document:
            doc = src.document
            parts.append(self.link(here, doc))
            page = self.ix.first(doc, "http://xmlns.com/foaf/0.1/page")
            if page is not None and str(page).startswith(("http://", "https://")):
                parts.append(f'<a href="{escape(str(page), quote=True)}" rel="external">{escape(str(page))}</a>')
        if src.confidence:
            parts.append(f"{ui('confidence')}: {self.link(here, PK_VOCAB_CONFIDENCE + src.confidence)}")
        if src.quote_checked is False:
            parts.append(f'<span class="unchecked">{ui("unchecked")}</span>')
        elif src.quote_checked:
            parts.append(ui("checked"))
        return '<span class="src">' + " · ".join(parts) + "</span>"

    def sources_list(self, here: str, sources: Sequence[Source]) -> str:
        if not sources:
            return f"<p>{ui('none')}</p>"
        return "<ul>" + "".join(f"<li>{self.source(here, s)}</li>" for s in sources) + "</ul>"

    def links_list(self, here: str, iris: Sequence[str], limit: int = MAX_LISTED) -> str:
        shown = [f"<li>{self.link(here, i)}</li>" for i in iris[:limit]]
        more = f"<li>{ui('more', n=len(iris) - limit)}</li>" if len(iris) > limit else ""
        return '<ul class="links">' + "".join(shown) + more + "</ul>"

    def document(self, here: str, title: tuple[str, str], body: str) -> str:
        root = relative(here, "index.html")[: -len("index.html")]
        return fill_template(
            package_asset("graph_build.site", "page.html"),
            text={
                "title": f"{title[0]} · plankg" if title[0] == title[1] else f"{title[0]} / {title[1]} · plankg",
                "root": root,
                "home": root + "index.html",
                "compare": root + "compare/index.html",
                "search": root + "search.html",
                "ui_skip": UI["skip"][0],
                "ui_nav": UI["nav"][0],
                "ui_compare": f"{UI['compare'][0]} / {UI['compare'][1]}",
                "ui_search": f"{UI['search'][0]} / {UI['search'][1]}",
                "ui_go": UI["go"][0],
            },
            markup={
                "css": inline_style(package_asset("graph_build.site", "site.css")),
                "body": body,
                "footer": ui("footer", v=__version__),
                "js": page_script(),
            },
        )

    # -- entity pages ---------------------------------------------------------------------------

    def entity_page(self, iri: str) -> tuple[str, str]:
        """``(path, html)`` of the page of one entity; a plan's page also has the plan's sections."""
        ix = self.ix
        here = page_path(iri) + ".html"
        cls = ix.main_class(iri)
        parts = [f"<h1>{self.label(iri)}</h1>"]
        other_vi, other_en = ix.label(iri, "en"), ix.label(iri, "vi")
        parts.append(f'<p class="other">{bi(other_vi, other_en)}</p>' if other_vi != other_en else "")
        parts.append(
            f'<p class="kind">{ui("class")}: {self.link(here, cls) if cls else ui("none")}'
            f" · <code>{escape(iri)}</code></p>"
        )
        description = [o for p, o in ix.out.get(iri, ()) if p == "http://purl.org/dc/terms/description"]
        for d in description:
            parts.append(self.paragraph(here, d))
        if iri in ix.plans():
            parts.append(self.plan_sections(iri, here))
        if ix.is_concept(iri):
            parts.append(self.concept_sections(iri, here))
        parts.append(self.facts(iri, here))
        parts.append(f"<h2>{ui('sources')}</h2>" + self.sources_list(here, ix.sources(iri)))
        parts.append(self.relations(iri, here, incoming=not ix.is_concept(iri)))  # a concept's: by plan, above
        plans = ix.plans_of(iri)
        if plans:
            parts.append(f"<h2>{ui('plans')}</h2>" + self.links_list(here, plans))
        parts.append(self.neighbourhood(iri, here))
        name = page_path(iri).rsplit("/", 1)[-1]
        parts.append(
            f"<h2>{ui('download')}</h2><ul>"
            f'<li><a href="{escape(name, quote=True)}.ttl" type="text/turtle">Turtle</a></li>'
            f'<li><a href="{escape(name, quote=True)}.jsonld" type="application/ld+json">JSON-LD</a></li></ul>'
        )
        return here, self.document(here, (ix.label(iri, "vi"), ix.label(iri, "en")), "\n".join(p for p in parts if p))

    def facts(self, iri: str, here: str) -> str:
        rows = []
        literals = [(p, o) for p, o in self.ix.out.get(iri, ()) if not is_iri(o)]
        for p, o in literals[:MAX_LISTED]:
            own = self.ix.statement_sources(iri, p, o)
            src = "<br>".join(self.source(here, s) for s in own) if own else ui("entity_sources")
            rows.append(f"<tr><td>{self.link(here, p)}</td><td>{self.value(here, o)}</td><td>{src}</td></tr>")
        if not rows:
            return ""
        more = f"<p>{ui('more', n=len(literals) - MAX_LISTED)}</p>" if len(literals) > MAX_LISTED else ""
        return (
            f'<h2>{ui("facts")}</h2><table><thead><tr><th scope="col">{ui("property")}</th>'
            f'<th scope="col">{ui("value")}</th><th scope="col">{ui("source")}</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>{more}"
        )

    def relations(self, iri: str, here: str, incoming: bool = True) -> str:
        from graph_build.site.model import HIDDEN_RELATIONS

        ix = self.ix
        out: dict[str, list[str]] = defaultdict(list)
        for p, o in ix.out.get(iri, ()):
            if is_iri(o) and p not in HIDDEN_RELATIONS and not ix.types.get(str(o), set()) & _PLUMBING:
                out[p].append(str(o))
        inc: dict[str, list[str]] = defaultdict(list)
        for s, p in ix.inc.get(iri, ()) if incoming else ():
            if p not in HIDDEN_RELATIONS and ix.is_entity(s):
                inc[p].append(s)
        html = []
        for heading, groups, backwards in (("outgoing", out, False), ("incoming", inc, True)):
            if not groups:
                continue
            html.append(f"<h2>{ui(heading)}</h2>")
            for p in sorted(groups):
                targets = sorted(set(groups[p]))
                rows = []
                for t in targets[:MAX_LISTED]:
                    own = [] if backwards else ix.statement_sources(iri, p, _iri(t))
                    note = (" " + " ".join(self.source(here, s) for s in own)) if own else ""
                    rows.append(f"<li>{self.link(here, t)}{note}</li>")
                more = f"<li>{ui('more', n=len(targets) - MAX_LISTED)}</li>" if len(targets) > MAX_LISTED else ""
                html.append(f"<h3>{self.link(here, p)}</h3><ul>{''.join(rows)}{more}</ul>")
        return "".join(html)

    def neighbourhood(self, iri: str, here: str) -> str:
        from graph_build.site.model import HIDDEN_RELATIONS

        ix = self.ix
        seen: list[str] = []
        for p, o in ix.out.get(iri, ()):
            if is_iri(o) and p not in HIDDEN_RELATIONS and self.has_page(str(o)) and str(o) not in seen:
                seen.append(str(o))
        for s, p in ix.inc.get(iri, ()):
            if p not in HIDDEN_RELATIONS and self.has_page(s) and s not in seen:
                seen.append(s)
        if not seen:
            return ""
        around = [(ix.label(n, "vi"), relative(here, page_path(n) + ".html")) for n in seen[:MAX_NEIGHBOURS]]
        title = f"{UI['neighbourhood'][0]}: {ix.label(iri, 'vi')}"
        return f"<h2>{ui('neighbourhood')}</h2>" + svg.neighbourhood(title, ix.label(iri, "vi"), around)

    # -- plans ----------------------------------------------------------------------------------

    def ordered(self, iris: Sequence[str]) -> list[str]:
        def key(i: str):
            ordinal = self.ix.first(i, PK + "ordinal")
            return (0, int(ordinal), i) if ordinal is not None else (1, 0, i)

        return sorted(set(iris), key=key)

    def plan_sections(self, plan: str, here: str) -> str:
        ix = self.ix
        parts = []
        heads = [str(o) for p in ("hasObjective", "hasVision") for o in ix.values(plan, PK + p) if is_iri(o)]
        if heads:
            parts.append(f"<h2>{ui('objective')}</h2>")
            for h in heads:
                sub = self.ordered([str(o) for o in ix.values(h, PK + "hasPart") if is_iri(o)])
                parts.append(
                    f"<h3>{self.link(here, h)}</h3>"
                    + "".join(self.paragraph(here, d) for d in ix.values(h, "http://purl.org/dc/terms/description"))
                    + (self.links_list(here, sub) if sub else "")
                )
        parts.append(self.targets(plan, here))
        for key, props in (
            ("key_tasks", ("hasKeyTask",)),
            ("breakthroughs", ("hasBreakthrough",)),
            ("spatial", ("hasSpatialStructure", "hasSpatialElement", "hasSectorOrientation")),
        ):
            found = self.ordered([str(o) for p in props for o in ix.values(plan, PK + p) if is_iri(o)])
            if found:
                parts.append(f"<h2>{ui(key)}</h2>" + self.links_list(here, found))
        decisions = sorted(
            {
                s
                for s, p in ix.inc.get(plan, ())
                if any(t.endswith(("Decision", "Resolution")) for t in ix.types.get(s, ()))
            }
        )
        if decisions:
            parts.append(f"<h2>{ui('decisions')}</h2>" + self.links_list(here, decisions))
        parts.append(self.completeness(plan, here))
        return "".join(parts)

    def targets(self, plan: str, here: str) -> str:
        ix = self.ix
        targets = ix.plan_targets(plan)
        if not targets:
            return ""
        rows, by_unit = [], defaultdict(list)
        for t in targets[:MAX_LISTED]:
            indicator = ix.first(t, PK + "indicator")
            year = ix.first(t, PK + "targetYear")
            value = self.target_value(t)
            srcs = ix.sources(t)
            rows.append(
                f"<tr><td>{self.link(here, t)}</td>"
                f"<td>{self.link(here, str(indicator)) if indicator is not None else ''}</td>"
                f'<td class="num">{value}</td><td>{escape(str(year)) if year is not None else ""}</td>'
                f"<td>{'<br>'.join(self.source(here, s) for s in srcs)}</td></tr>"
            )
            number = ix.first(t, PK + "value")
            unit = ix.first(t, PK + "unit")
            if number is not None:
                by_unit[str(unit) if unit is not None else ""].append(
                    (ix.label(t, "vi"), float(number.toPython()), self.plain_value(t))
                )
        charts = "".join(
            svg.bars(f"{UI['targets'][0]} ({ix.label(u, 'vi') if u else ''})", rows_)
            for u, rows_ in sorted(by_unit.items())
        )
        return (
            f'<h2>{ui("targets")}</h2><table><thead><tr><th scope="col">{ui("targets")}</th>'
            f'<th scope="col">{ui("indicator")}</th><th scope="col">{ui("value")}</th><th scope="col">{ui("year")}</th>'
            f'<th scope="col">{ui("source")}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>{charts}'
        )

    def plain_value(self, target: str) -> str:
        ix = self.ix
        text = [o for o in ix.values(target, PK + "valueText") if getattr(o, "language", None) == "vi"]
        if text:
            return str(text[0])
        low, high, value = (ix.first(target, PK + p) for p in ("minValue", "maxValue", "value"))
        unit = ix.first(target, PK + "unit")
        unit_text = f" {ix.label(str(unit), 'vi')}" if unit is not None else ""
        if value is not None:
            return f"{value}{unit_text}"
        if low is not None or high is not None:
            return f"{low if low is not None else '…'}–{high if high is not None else '…'}{unit_text}"
        return ""

    def target_value(self, target: str) -> str:
        ix = self.ix
        vi = [str(o) for o in ix.values(target, PK + "valueText") if getattr(o, "language", None) == "vi"]
        en = [str(o) for o in ix.values(target, PK + "valueText") if getattr(o, "language", None) == "en"]
        if vi or en:
            return bi((vi or en)[0], (en or vi)[0])
        return escape(self.plain_value(target))

    def completeness(self, plan: str, here: str) -> str:
        ix = self.ix
        holders = [plan] + [str(o) for p, o in ix.out.get(plan, ()) if is_iri(o)]
        rows, table = [], []
        for holder in sorted(set(holders)):
            for count in ix.values(holder, PK + "statedCount"):
                c = str(count)
                stated = ix.first(c, PK + "statedValue")
                prop = ix.first(c, PK + "countedProperty")
                cls = ix.first(c, PK + "countedClass")
                if stated is None or prop is None:
                    continue
                named = len({str(o) for o in ix.values(holder, str(prop))})
                what = ix.label(str(cls), "vi") if cls is not None else local_name(str(prop))
                name_vi = f"{ix.label(holder, 'vi')}: {what}"
                text = UI["named_of"][0].format(named=named, stated=stated)
                rows.append((name_vi, float(named) / max(1, int(stated)), text))
                table.append(
                    f"<tr><td>{self.link(here, holder)}</td>"
                    f"<td>{self.link(here, str(cls)) if cls is not None else ''}</td>"
                    f'<td class="num">{ui("named_of", named=named, stated=stated)}</td></tr>'
                )
        if not rows:
            return ""
        return f"<h2>{ui('completeness')}</h2><table><tbody>{''.join(table)}</tbody></table>" + svg.bars(
            UI["completeness"][0], rows, maximum=1.0
        )

    # -- concepts -------------------------------------------------------------------------------

    def concept_sections(self, concept: str, here: str) -> str:
        ix = self.ix
        parts = []
        d = ix.defs.get(concept)
        if d:
            parts.append(
                f"<h2>{ui('definition')}</h2>"
                f"<p>{bi(d.get('vi') or d.get('en', ''), d.get('en') or d.get('vi', ''))}</p>"
            )
        scheme = ix.in_scheme.get(concept)
        if scheme:
            parts.append(f'<p class="kind">{self.label(scheme)}</p>')
        by_plan: dict[str, set[str]] = defaultdict(set)
        for s, _ in ix.inc.get(concept, ()):
            if not ix.is_entity(s):
                continue
            for plan in ix.plans_of(s) or [""]:
                by_plan[plan].add(s)
        if by_plan:
            parts.append(f"<h2>{ui('said')}</h2>")
            for plan in sorted(by_plan):
                heading = self.link(here, plan) if plan else ui("others")
                found = sorted(by_plan[plan])
                parts.append(f"<h3>{heading} ({len(found)})</h3>" + self.links_list(here, found, MAX_PER_PLAN))
        return "".join(parts)


DEF_PREFIX = PK


def ontology_page(ontology) -> str:
    """The page of ``/def``: every class and property of the ontology, each at its own anchor (``def.html#Target``)."""
    from graph_build.site.model import SiteIndex

    ix = SiteIndex(ontology, ontology)
    r = Renderer(ix, has_page=lambda iri: False)
    here = "def.html"
    terms = sorted(s for s in ix.out if s.startswith(DEF_PREFIX) and ix.has_label(s))
    sections = []
    for term in terms:
        name = term[len(DEF_PREFIX) :]
        d = ix.defs.get(term, {})
        definition = bi(d.get("vi") or d.get("en", ""), d.get("en") or d.get("vi", "")) if d else ""
        kinds = ", ".join(escape(local_name(t)) for t in sorted(ix.types.get(term, ())))
        sections.append(
            f'<section id="{escape(name, quote=True)}" aria-labelledby="h-{escape(name, quote=True)}">'
            f'<h2 id="h-{escape(name, quote=True)}">{r.label(term)} <code>pk:{escape(name)}</code></h2>'
            f'<p class="kind">{kinds}</p><p>{definition}</p></section>'
        )
    body = f"<h1>{bi('Bản thể học plankg', 'The plankg ontology')}</h1><p><code>{escape(PK)}</code></p>" + "".join(
        sections
    )
    return r.document(here, ("Bản thể học plankg", "The plankg ontology"), body)


_PLUMBING = frozenset({PK + "Attestation", RDF_NS + "Statement", PK + "InferredLink"})
PK_VOCAB_CONFIDENCE = "https://w3id.org/plankg/vocab/confidence/"


def _iri(text: str):
    from rdflib import URIRef

    return URIRef(text)


__all__ = ["Renderer", "UI", "bi", "ontology_page", "page_script", "script_hash", "ui"]
