"""Network views: one self-contained HTML file per view, drawn by vis-network.

vis-network's files come from the copy pyvis ships, but the page, its data
and the vis.js options are written here, because pyvis's pages fail offline,
slow and unsafe in ways this project cannot accept:

* its "local" and "in_line" modes still load files from a CDN (pyvis #228,
  #229) and Bootstrap always does: here vis-network's JS and CSS, taken from
  the copy pyvis ships, are inlined and the page makes no request at all;
* ``write_html`` uses the locale's encoding (PR #222): pages are written as
  UTF-8 with ``graph_build.core.atomic.write_text``;
* HTML tooltips show as raw text (#92) and labels reach ``innerHTML``: here
  the data travels as JSON inside ``<script type="application/json">`` with
  ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and tooltips, the legend,
  the filters and the search results are built as DOM text nodes, never as
  markup;
* there is no legend (#50) and the filter menu removes nodes (#193): the
  legend here comes from one style table (``graph_build.network.model.CLASS_STYLES``)
  and filters only toggle the vis DataSet's ``hidden`` flag;
* the hierarchical layout clumps (#237) and physics never settles on large
  graphs (#204): the plan layout gets positions computed in Python, graphs
  above ``PRECOMPUTE_ABOVE`` nodes get positions computed ahead with physics
  off, and smaller ones stabilise in at most 150 iterations and then switch
  physics off;
* every node and edge carries its whole style and tooltip: here the data is
  compact (``network_data``: styles as vis groups, plans, sectors, documents
  and relations by index), tooltips are built when first shown, and a
  10 000-node page is about 4 MB instead of 16 MB.

The page's HTML, CSS and JavaScript are package files in
``graph_build/views/assets/`` (``view.html``, ``view.css``, ``view.js``; the
index page's ``index.html`` and ``index.css``), filled in by
``graph_build.views.templates``: labels and titles HTML-escaped, the data as
escaped JSON.

The page sets ``window.plankgReady = true`` once drawn and exposes
``window.plankgNetwork = {network, nodes, edges}`` for tests and scripts, and
``window.plankgFold``, the search fold.

The same inputs give the same bytes: no clock is read (the date shown is
``--date``, ``SOURCE_DATE_EPOCH`` or the newest date in the data) and every
list is sorted.
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import os
import re
import shutil
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph_build.network.model import (
    PRECOMPUTE_ABOVE,
    NetworkError,
    display_label,
    gc_paused,
    local_name,
    node_size,
    style_of,
)
from graph_build.views.templates import asset, fill, fold_js, inline_script, inline_style, json_for_html

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph

LANGS = ("vi", "en")
LAYOUTS = ("force", "plan")
#: Canvas labels longer than this are cut (the tooltip has the whole label).
LABEL_MAX = 48
#: Physics iterations before the force layout is frozen (measured: 1 000 nodes settle in ~3 s).
STABILIZATION_ITERATIONS = 150

#: View kinds, by name: the words used in file names, titles and the index page.
VIEW_KINDS: dict[str, dict[str, str]] = {
    "graph": {"vi": "Toàn bộ đồ thị", "en": "Whole graph"},
    "plan": {"vi": "Phân cấp quy hoạch", "en": "Plan hierarchy"},
    "focus": {"vi": "Lân cận của", "en": "Neighbourhood of"},
    "query": {"vi": "Kết quả truy vấn", "en": "Query result"},
    "cross-plan": {"vi": "Các nút dùng chung giữa các quy hoạch", "en": "Nodes shared by several plans"},
    "plans-aggregate": {
        "vi": "Các quy hoạch và những gì chúng dùng chung (bấm để mở)",
        "en": "Plans and what they share (click to open)",
    },
}
#: Words of the --shared-by filter in titles.
SHARED_BY_TITLE = {"vi": "dùng chung bởi", "en": "shared by"}

#: Words of the page, in each language.
UI: dict[str, dict[str, str]] = {
    "vi": {
        "search": "Tìm kiếm",
        "search_hint": "gõ không dấu cũng được, ví dụ: lang son",
        "classes": "Lớp (chú giải)",
        "sectors": "Ngành, lĩnh vực",
        "sector_hint": "Đánh dấu để chỉ hiện các nút thuộc ngành đã chọn.",
        "plans": "Quy hoạch",
        "reset": "Hiện tất cả",
        "shown": "nút đang hiện trên",
        "nodes": "nút",
        "edges": "cạnh",
        "shared": "Dùng chung giữa ≥ 2 quy hoạch",
        "date": "Dữ liệu đến ngày",
        "sources": "Nguồn",
        "more": "nguồn khác",
        "no_match": "Không tìm thấy.",
        "hidden": "đang ẩn",
        "in_plans": "Quy hoạch",
        "quote": "Trích dẫn",
        "note": "Ghi chú",
        "inferred": "Suy ra theo quy tắc (nét đứt)",
        "made_by": "Tạo bởi plankg",
        "relation": "Quan hệ",
        "portal": "Cổng quy hoạch (mỗi thực thể một trang)",
        "views": "Các khung nhìn",
        "docs": "Tài liệu bản thể học",
        "files": "Tệp đồ thị",
        "index_title": "plankg — đồ thị tri thức quy hoạch",
        "snapshots": "Ảnh chụp",
        "layout_force": "bố cục lực (dừng khi ổn định)",
        "layout_preset": "vị trí tính trước",
        "layout_plan": "phân cấp từ trên xuống",
    },
    "en": {
        "search": "Search",
        "search_hint": "diacritics optional, e.g. lang son",
        "classes": "Classes (legend)",
        "sectors": "Sectors",
        "sector_hint": "Tick to show only the nodes about the ticked sectors.",
        "plans": "Plans",
        "reset": "Show all",
        "shown": "nodes shown of",
        "nodes": "nodes",
        "edges": "edges",
        "shared": "Shared by ≥ 2 plans",
        "date": "Data as of",
        "sources": "Sources",
        "more": "more sources",
        "no_match": "No match.",
        "hidden": "hidden",
        "in_plans": "Plans",
        "quote": "Quote",
        "note": "Note",
        "inferred": "Inferred by the rule (dashed)",
        "made_by": "Made by plankg",
        "relation": "Relation",
        "portal": "Plan portal (a page per entity)",
        "views": "Views",
        "docs": "Ontology documentation",
        "files": "Graph files",
        "index_title": "plankg — planning knowledge graph",
        "snapshots": "Snapshots",
        "layout_force": "force layout (stops once settled)",
        "layout_preset": "positions computed ahead",
        "layout_plan": "top-down hierarchy",
    },
}


@dataclass
class View:
    """A selection of the network, ready to render."""

    name: str
    kind: str
    title: dict[str, str]
    net: nx.MultiDiGraph
    layout: str = "force"
    #: Node → (x, y); None lets the browser's physics place the nodes.
    positions: dict[str, tuple[float, float]] | None = None
    #: Sector id → {"vi": …, "en": …}, plan id → labels: names for the filter lists.
    sector_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    plan_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Nodes to mark (the focus entity, the query's answers).
    marked: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------
# Selecting a view
# ----------------------------------------------------------------------------------------------
def make_view(
    net: nx.MultiDiGraph,
    *,
    plans: Sequence[str] = (),
    kinds: Sequence[str] = (),
    focus: str | None = None,
    depth: int = 1,
    layout: str = "force",
    query: str | None = None,
    params: Mapping[str, str] | None = None,
    graph: Graph | None = None,
    cross_plan: bool = False,
    aggregate: bool = False,
    shared_by: Sequence[str] = (),
    lang: str = "vi",
    name: str | None = None,
) -> View:
    """The view the options ask for, from the full network ``net`` (``network.to_network``).

    ``plans`` restricts first; then one of ``focus``, ``query``,
    ``cross_plan`` or ``layout="plan"`` picks the view (default: the whole
    graph); ``kinds`` then keeps the given classes. ``graph`` is the RDF graph
    a query runs on (default: the bundled plans).

    ``aggregate`` (with ``cross_plan``) draws the plans as nodes joined by what they share
    (``network.plans_aggregate``); ``shared_by`` (two plan ids or more) keeps, of the view
    chosen, what those plans all share (``network.shared_by``).
    """
    from graph_build.network import model as N

    if layout not in LAYOUTS:
        raise NetworkError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    chosen = [
        opt
        for opt, on in (
            ("--focus", focus),
            ("--query", query),
            ("--cross-plan", cross_plan),
            ("--layout plan", layout == "plan"),
        )
        if on
    ]
    if len(chosen) > 1:
        raise NetworkError(f"choose one view kind: {' and '.join(chosen)} cannot be combined")
    if aggregate and not cross_plan:
        raise NetworkError("--aggregate draws the cross-plan view: use it with --cross-plan")
    if shared_by and (aggregate or layout == "plan"):
        what = "--aggregate" if aggregate else "--layout plan"
        raise NetworkError(f"--shared-by filters the graph, focus, query and cross-plan views, not {what}")
    full = net
    if plans:
        net = N.restrict_to_plans(net, plans)
    marked: list[str] = []
    if focus:
        kind = "focus"
        centre = N.find_entity(net, focus)
        net = N.neighbourhood(net, centre, depth)
        marked = [centre]
        title = {
            lg: f"{VIEW_KINDS['focus'][lg]} «{display_label(net.nodes[centre], lg)}» "
            f"({'độ sâu' if lg == 'vi' else 'depth'} {depth})"
            for lg in LANGS
        }
        stem = f"focus-{net.nodes[centre]['local']}-d{depth}"
    elif query:
        from graph_build.sparql.library import get_query, run_query

        kind = "query"
        named = get_query(query)
        result = run_query(query, dict(params or {}), graph=graph)
        net = N.from_query_result(net, result)
        marked = sorted(net)
        title = {
            lg: f"{VIEW_KINDS['query'][lg]} «{query}»: {named.summary.get(lg) or named.summary.get('vi', '')}"
            for lg in LANGS
        }
        stem = f"query-{query}"
    elif cross_plan and aggregate:
        kind = "plans-aggregate"
        net = N.plans_aggregate(net)
        title = dict(VIEW_KINDS["plans-aggregate"])
        stem = "cross-plan-aggregate"
    elif cross_plan:
        kind = "cross-plan"
        net = N.shared_between_plans(net)
        title = dict(VIEW_KINDS["cross-plan"])
        stem = "cross-plan"
    elif layout == "plan":
        kind = "plan"
        net = N.plan_hierarchy(net)
        title = dict(VIEW_KINDS["plan"])
        stem = "plan-layout"
    else:
        kind = "graph"
        title = dict(VIEW_KINDS["graph"])
        stem = "graph"
    if shared_by:
        net = N.shared_by(net, shared_by)
        stem += "-shared-by-" + "-".join(sorted(set(shared_by)))
        title = {lg: f"{t} · {SHARED_BY_TITLE[lg]} {', '.join(sorted(set(shared_by)))}" for lg, t in title.items()}
    if kinds:
        net = N.keep_classes(net, kinds)
        stem += "-kind-" + "-".join(sorted(k.lower() for k in kinds))
        title = {lg: f"{t} · {', '.join(sorted(kinds))}" for lg, t in title.items()}
    if plans:
        stem += "-" + "-".join(sorted(plans))
        title = {lg: f"{t} · {', '.join(sorted(plans))}" for lg, t in title.items()}
    if not len(net):
        raise NetworkError("this view has no node: loosen --plan/--kind or pick another entity")
    if kind == "plan":
        positions = N.hierarchy_positions(net)
    elif kind == "plans-aggregate":
        positions = N.aggregate_positions(net)
    elif len(net) > PRECOMPUTE_ABOVE:
        positions = N.force_positions(net)
    else:
        positions = None
    if lang != "vi":
        stem += f"-{lang}"
    return View(
        name=_safe_name(name or stem),
        kind=kind,
        title={lg: f"plankg — {t}" for lg, t in title.items()},
        net=net,
        layout=layout,
        positions=positions,
        sector_labels=_concept_labels(full, "sector"),
        plan_labels={
            d["local"]: {"vi": d.get("label_vi") or d["local"], "en": d.get("label_en") or d["local"]}
            for _, d in full.nodes(data=True)
            if "Plan" in d["classes"]
        },
        marked=marked,
    )


def _concept_labels(net: nx.MultiDiGraph, scheme: str) -> dict[str, dict[str, str]]:
    from graph_build.core.iris import VOCAB_IRI

    prefix = f"{VOCAB_IRI}{scheme}/"
    return {
        local_name(n): {"vi": d.get("label_vi") or local_name(n), "en": d.get("label_en") or local_name(n)}
        for n, d in net.nodes(data=True)
        if n.startswith(prefix)
    }


def _safe_name(name: str) -> str:
    safe = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    if not safe:
        raise NetworkError(f"cannot make a file name from {name!r}")
    return safe


def resolve_date(date: str | None = None, graph: Graph | None = None) -> str:
    """The date printed on a page: ``date`` (YYYY-MM-DD), else ``SOURCE_DATE_EPOCH``,
    else the newest ``xsd:date`` in the data, else the ontology's ``dcterms:modified``.

    Never today's date: the same input gives the same bytes.
    """
    if date:
        try:
            return _dt.date.fromisoformat(date).isoformat()
        except ValueError:
            raise NetworkError(f"--date {date!r} is not a date of the form YYYY-MM-DD") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date().isoformat()
        except (ValueError, OverflowError):
            raise NetworkError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    from rdflib import Literal
    from rdflib.namespace import DCTERMS, XSD

    if graph is not None:
        dates = [str(o) for o in graph.objects() if isinstance(o, Literal) and o.datatype == XSD.date]
        if dates:
            return max(dates)
    from graph_build.shacl.validate import ontology_graph

    modified = sorted(str(o) for o in ontology_graph().objects(None, DCTERMS.modified))
    return modified[-1] if modified else "1970-01-01"


# ----------------------------------------------------------------------------------------------
# Rendering
# ----------------------------------------------------------------------------------------------
def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the copy pyvis ships (newest version there), ready to inline.

    The folder is found with ``find_spec``, which does not import pyvis:
    importing it imports IPython (half a second) and plankg needs only its files.
    """
    from importlib.util import find_spec

    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise NetworkError("pyvis is missing: install it (pip install pyvis) for vis-network's files")
    lib = Path(next(iter(spec.submodule_search_locations))) / "lib"
    versions = sorted(
        (p for p in lib.glob("vis-*") if (p / "vis-network.min.js").is_file()),
        key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.name)),
    )
    if not versions:
        raise NetworkError(f"vis-network's files are missing from pyvis ({lib}): reinstall pyvis")
    js = (versions[-1] / "vis-network.min.js").read_text(encoding="utf-8")
    css = (versions[-1] / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"//[#@] sourceMappingURL=\S*", "", js)  # no request for a source map
    css = re.sub(r"/\*[#@] sourceMappingURL=\S*\s*\*/", "", css)
    return inline_script(js), inline_style(css)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"


def network_data(view: View, lang: str = "vi") -> dict:
    """The network the page draws, in a compact form, with the vis.js options.

    The page's script expands it into vis DataSet items; a 10 000-node view
    is about 2.5 MB of JSON this way instead of 15 MB. Keys:

    * ``nodes``: one dict per node, ``id`` (IRI), ``label`` (drawn, cut to
      ``LABEL_MAX``), ``cls`` (class local name, a key of ``legend`` and of
      ``options.groups``), ``size``, ``x``/``y`` (when positions are computed
      ahead); and only when they say something: ``vi``/``en`` (the label in
      that language, left out when it is ``label``, null when missing),
      ``local`` (left out when it is the IRI's last segment), ``plans`` and
      ``sectors`` (indices into ``plans``/``sectors``), ``shared``,
      ``marked``, ``sources`` (up to three ``[quote, note, doc index]``) and
      ``more`` (how many sources are not listed);
    * ``edges``: ``[from node index, to node index, relation index]``, plus a
      dict of ``quote``/``note``/``doc``/``dashes`` when the edge has any (in the aggregated
      view, a plan-to-plan edge also has ``pair``, an index into ``expand``, and ``count``);
    * ``expand`` (the aggregated view only): ``[plan a, plan b, [shared nodes]]`` node indices
      per pair of plans; the page shows only the plans until a pair is opened;
    * ``relations``: ``{relation, key, vi, en}`` (IRI, edge key, labels);
    * ``docs``: ``[title vi, title en, file or web address]``;
    * ``plans``/``sectors``: ``{id, label}`` of those the nodes name;
    * ``options``: vis-network's options, with one group per class for
      shape and colour, so nodes do not each carry a style.
    """
    if lang not in LANGS:
        raise NetworkError(f"unknown language {lang!r}; choose from {', '.join(LANGS)}")
    net = view.net
    edge_list = sorted(net.edges(keys=True, data=True), key=lambda e: e[:3])
    degree: Counter = Counter()  # as net.degree(), without its per-node views
    for s, o, _, _ in edge_list:
        degree[s] += 1
        degree[o] += 1
    marked = set(view.marked)
    plan_ids = sorted({p for _, plans in net.nodes(data="plans") for p in plans})
    sector_ids = sorted({s for _, sectors in net.nodes(data="sectors") for s in sectors})
    plan_index = {p: i for i, p in enumerate(plan_ids)}
    sector_index = {s: i for i, s in enumerate(sector_ids)}
    docs: dict[tuple, int] = {}
    node_index: dict[str, int] = {}
    nodes: list[dict] = []
    for node, data in net.nodes(data=True):
        label = _short(display_label(data, lang))
        item = {"id": node, "label": label, "cls": data["cls"], "size": node_size(degree[node])}
        for lg in LANGS:
            text = data.get(f"label_{lg}")
            if text != label:
                item[lg] = text
        if data["local"] != local_name(node):
            item["local"] = data["local"]
        if data["plans"]:
            item["plans"] = [plan_index[p] for p in data["plans"]]
        if data["sectors"]:
            item["sectors"] = [sector_index[s] for s in data["sectors"]]
        if data["shared"]:
            item["shared"] = True
        if node in marked:
            item["marked"] = True
        if data["sources"]:
            item["sources"] = []
            for source in data["sources"]:
                doc = (source.get("doc"), source.get("doc_en"), source.get("ref"))
                at = None if doc == (None, None, None) else docs.setdefault(doc, len(docs))
                item["sources"].append([source.get("quote"), source.get("note"), at])
        if data["n_sources"] > len(data["sources"]):
            item["more"] = data["n_sources"] - len(data["sources"])
        if view.positions is not None:
            item["x"], item["y"] = view.positions[node]
        node_index[node] = len(nodes)
        nodes.append(item)
    relations: dict[tuple, int] = {}
    edges = []
    pairs = net.graph.get("pairs") if view.kind == "plans-aggregate" else None
    pair_index = {(a, b): k for k, (a, b, _) in enumerate(pairs or ())}
    class_words = {d["cls"]: d.get(f"cls_{lang}") or d["cls"] for _, d in net.nodes(data=True)}
    for s, o, key, data in edge_list:
        relation = (data.get("relation", key), key, data.get("label_vi"), data.get("label_en"))
        edge: list = [node_index[s], node_index[o], relations.setdefault(relation, len(relations))]
        extra = {k: data[k] for k in ("quote", "note", "doc", "inferred") if data.get(k)}
        if data.get("dashes"):
            extra["dashes"] = True
        if (s, o) in pair_index and "weight" in data:  # a plan-to-plan edge of the aggregated view
            extra["pair"] = pair_index[(s, o)]
            extra["count"] = data["weight"]
            extra["note"] = ", ".join(f"{class_words.get(c, c)} {n}" for c, n in data["by_class"].items())
        if extra:
            edge.append(extra)
        edges.append(edge)
    expand = [[node_index[a], node_index[b], [node_index[n] for n in shared]] for a, b, shared in pairs or ()]
    return {
        "nodes": nodes,
        "edges": edges,
        **({"expand": expand} if pairs is not None else {}),
        "relations": [{"relation": r, "key": k, "vi": vi, "en": en} for r, k, vi, en in relations],
        "docs": [list(doc) for doc in docs],
        "plans": [{"id": p, "label": view.plan_labels.get(p, {}).get(lang, p)} for p in plan_ids],
        "sectors": [{"id": s, "label": view.sector_labels.get(s, {}).get(lang, s)} for s in sector_ids],
        "options": _vis_options(view, sorted({d["cls"] for _, d in net.nodes(data=True)})),
    }


def _vis_options(view: View, classes: Sequence[str]) -> dict:
    """vis-network's options: physics (force atlas, at most ``STABILIZATION_ITERATIONS``) or none,
    edges, nodes, one group per class.

    Large views (above ``PRECOMPUTE_ABOVE`` nodes: positions computed ahead,
    nothing laid out or stabilised in the browser) hide edges while dragging
    and zooming and do not wrap labels.
    """
    large = len(view.net) > PRECOMPUTE_ABOVE
    if view.positions is None:
        physics = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.01,
                "springLength": 120,
                "springConstant": 0.08,
                "damping": 0.6,
                "avoidOverlap": 0,
            },
            "stabilization": {
                "enabled": True,
                "fit": True,
                "iterations": STABILIZATION_ITERATIONS,
                "onlyDynamicEdges": False,
                "updateInterval": 25,
            },
        }
    else:
        physics = {"enabled": False}
    groups = {}
    for cls in classes:
        style = style_of(cls)
        groups[cls] = {
            "shape": style.shape,
            "color": {
                "background": style.color,
                "border": style.color,
                "highlight": {"background": style.color, "border": "#000000"},
            },
        }
    return {
        "configure": {"enabled": False},
        "physics": physics,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {
            "dragNodes": True,
            "hideNodesOnDrag": False,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "hover": True,
            "tooltipDelay": 150,
            "navigationButtons": False,
            "keyboard": False,
        },
        # Wrapping labels at 170 px makes vis measure every word (0.3 s at 10 000 nodes); large views,
        # whose labels only show when zoomed in, keep each label on one line.
        "nodes": {
            "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3},
            "widthConstraint": False if large else {"maximum": 170},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9aa5b1", "highlight": "#34495e", "hover": "#34495e"},
            "font": {"size": 10, "color": "#566573", "strokeWidth": 3, "align": "middle"},
            "width": 1,
        },
        "groups": groups,
    }


def legend(view: View, lang: str = "vi") -> list[dict]:
    """One entry per class present: class, label in ``lang`` (and ``vi``/``en``), colour, shape, count; legend order."""
    counts = Counter(d["cls"] for _, d in view.net.nodes(data=True))
    labels = {d["cls"]: {lg: d[f"cls_{lg}"] for lg in LANGS} for _, d in view.net.nodes(data=True)}
    return [
        {
            "cls": cls,
            "label": labels[cls][lang],
            **labels[cls],
            "color": style_of(cls).color,
            "shape": style_of(cls).shape,
            "count": counts[cls],
        }
        for cls in sorted(counts, key=lambda c: (labels[c][lang].casefold(), c))
    ]


def page_data(view: View, lang: str, date: str) -> dict:
    """Everything the page's script needs, as one JSON-able dict (``network_data`` plus meta, legend, words)."""
    from graph_build.core.version import __version__

    data = network_data(view, lang)
    layout = "plan" if view.kind == "plan" else ("force" if view.positions is None else "preset")
    return {
        **data,
        "meta": {
            "name": view.name,
            "kind": view.kind,
            "title": view.title[lang],
            "date": date,
            "lang": lang,
            "layout": layout,
            "version": __version__,
            "nodes": len(data["nodes"]),
            "edges": len(data["edges"]),
            "large": len(view.net) > PRECOMPUTE_ABOVE,
            "marked": list(view.marked),
        },
        "legend": legend(view, lang),
        "text": UI[lang],
    }


def render_html(view: View, lang: str = "vi", date: str = "1970-01-01") -> str:
    """The whole page: no external resource, data as escaped JSON, scripts and styles inline."""
    js, css = vis_assets()
    with gc_paused():
        data = page_data(view, lang, date)
    ui = UI[lang]
    layout_text = ui[f"layout_{data['meta']['layout']}"]
    subtitle = (
        f"{ui['date']} {date} · {data['meta']['nodes']} {ui['nodes']}, {data['meta']['edges']} {ui['edges']}"
        f" · {layout_text}"
    )
    return fill(
        "view.html",
        text={
            "lang": lang,
            "title": view.title[lang],
            "subtitle": subtitle,
            "name": view.name,
            "kind": view.kind,
            "ui_search": ui["search"],
            "ui_search_hint": ui["search_hint"],
            "ui_classes": ui["classes"],
            "ui_sectors": ui["sectors"],
            "ui_sector_hint": ui["sector_hint"],
            "ui_plans": ui["plans"],
            "ui_reset": ui["reset"],
            "ui_made_by": f"{ui['made_by']} {data['meta']['version']}",
        },
        markup={
            "vis_css": css,
            "page_css": inline_style(asset("view.css")),
            "data": json_for_html(data),
            "vis_js": js,
            "page_js": inline_script(fold_js() + asset("view.js")),
        },
    )


def write_view(view: View, out_dir: Path | str, lang: str = "vi", date: str = "1970-01-01") -> Path:
    """Write ``<out_dir>/views/<name>.html`` (UTF-8, atomically) and return its path."""
    from graph_build.core.atomic import write_text

    target = Path(out_dir) / "views" / f"{view.name}.html"
    write_text(target, render_html(view, lang, date))
    return target


# ----------------------------------------------------------------------------------------------
# One job: graph in, view files out
# ----------------------------------------------------------------------------------------------
@dataclass
class ViewFiles:
    """What ``generate_view`` wrote."""

    view: View
    html: Path
    index: Path
    snapshots: list[Path] = field(default_factory=list)


def load_graph(
    plan_dirs: Sequence[Path | str] | None = None,
    graph_file: Path | str | None = None,
    store: Path | str | None = None,
    reference: Sequence[Path | str] = (),
) -> Graph:
    """The RDF graph to draw, from the one source ``stores.source.open_source`` opens: plan folders
    (default: the bundled plans, built once per process), a built graph file, or a persistent
    store (``plankg build --store``); the union of its graphs.

    Views are not validation: SHACL is skipped, structural faults still raise ``PlanError``.
    """
    from graph_build.stores.source import open_source

    return open_source(
        list(plan_dirs or ()) or None, graph_file=graph_file, store=store, reference=reference
    ).union_graph()


def generate_view(
    graph: Graph,
    out_dir: Path | str,
    *,
    lang: str = "vi",
    date: str | None = None,
    snapshots: Sequence[str] = (),
    **selection,
) -> ViewFiles:
    """Draw one view of ``graph`` into ``out_dir``: ``views/<name>.html``, optional
    ``views/<name>.png``/``.svg`` snapshots, and a fresh ``index.html``.

    ``selection`` takes ``make_view``'s keywords (plans, kinds, focus, depth,
    layout, query, params, cross_plan, name).
    """
    from graph_build.core.atomic import write_text
    from graph_build.network.model import to_network

    if lang not in LANGS:
        raise NetworkError(f"unknown language {lang!r}; choose from {', '.join(LANGS)}")
    unknown = [s for s in snapshots if s not in ("png", "svg")]
    if unknown:
        raise NetworkError(f"unknown snapshot format(s) {', '.join(unknown)}; choose png or svg")
    if "png" in snapshots:
        sync_playwright_api()  # refused before any file is written, not after the page
    day = resolve_date(date, graph)
    if selection.get("query"):
        selection.setdefault("graph", graph)
    view = make_view(to_network(graph), lang=lang, **selection)
    page = write_view(view, out_dir, lang, day)
    made = []
    for fmt in snapshots:
        if fmt == "png":
            made.append(snapshot_png(page, page.with_suffix(".png")))
        else:
            target = page.with_suffix(".svg")
            write_text(target, render_svg(view, lang, day))
            made.append(target)
    return ViewFiles(view, page, write_index(out_dir, lang, day), made)


# ----------------------------------------------------------------------------------------------
# Snapshots: PNG through headless chromium, SVG written here
# ----------------------------------------------------------------------------------------------
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str:
    """Debian's chromium (or ``$PLANKG_CHROMIUM``); Playwright never downloads a browser for plankg."""
    found = (
        os.environ.get("PLANKG_CHROMIUM")
        or shutil.which("chromium")
        or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    )
    if not found:
        raise NetworkError(
            "chromium is missing: install it with 'apt-get install chromium' "
            "(or set PLANKG_CHROMIUM to a Chromium binary)"
        )
    return found


def sync_playwright_api():
    """Playwright's ``sync_playwright``, or a NetworkError saying how to install it (PNG snapshots only)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise NetworkError(
            "a PNG snapshot needs Playwright, which is not installed: pip install playwright "
            "(plankg drives Debian's chromium; Playwright downloads no browser); "
            "--snapshot svg needs nothing more"
        ) from None
    return sync_playwright


def launch_chromium(playwright):
    """A headless chromium from Playwright's sync API, offline-friendly flags."""
    return playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)


def block_network(page) -> list[str]:
    """Abort every request that is not ``file:``, ``data:``, ``about:`` or ``blob:``; return the list of them."""
    blocked: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "about:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", handle)
    return blocked


def wait_until_drawn(page, timeout_ms: int = 60_000) -> None:
    """Wait for the page's "drawn" signal (``<body data-ready="true">``, set with ``window.plankgReady``).

    A selector, not ``wait_for_function``: Playwright evaluates function
    strings with ``eval``, which the page's Content-Security-Policy forbids.
    """
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=timeout_ms)


def snapshot_png(
    html_path: Path | str,
    png_path: Path | str,
    width: int = 1600,
    height: int = 1000,
    timeout_ms: int = 60_000,
    browser=None,
) -> Path:
    """Open a view in headless chromium with the network blocked, wait until drawn, save a PNG.

    ``browser``: a Playwright (sync API) browser to reuse; default: start one.
    """
    from graph_build.core.atomic import atomic_path

    html_path, png_path = Path(html_path).resolve(), Path(png_path)

    def shoot(chromium) -> None:
        page = chromium.new_page(viewport={"width": width, "height": height})
        try:
            block_network(page)
            page.goto(html_path.as_uri())
            wait_until_drawn(page, timeout_ms)
            with atomic_path(png_path) as tmp:
                page.screenshot(path=str(tmp), type="png", full_page=False)
        finally:
            page.close()

    if browser is not None:
        shoot(browser)
        return png_path
    with sync_playwright_api()() as p:
        chromium = launch_chromium(p)
        try:
            shoot(chromium)
        finally:
            chromium.close()
    return png_path


def render_svg(view: View, lang: str = "vi", date: str = "1970-01-01") -> str:
    """A plain SVG drawing of the view (positions from the view, else networkx), text escaped.

    The aggregated cross-plan view is drawn as the page first shows it: the plans, and the edges
    between them as wide as what they share, with that number."""
    from graph_build.network.model import SHARES, force_positions, induced

    net = view.net
    if view.kind == "plans-aggregate":
        net = induced(net, [n for n, d in net.nodes(data=True) if "Plan" in d["classes"]])
    positions = view.positions or force_positions(net)
    positions = {n: positions[n] for n in net}
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    pad, head = 80.0, 60.0
    min_x, min_y = min(xs) - pad, min(ys) - pad - head
    width, height = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad + head
    esc = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    degree = dict(net.degree())
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{min_x:.1f} {min_y:.1f} {width:.1f} {height:.1f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="sans-serif">',
        f"<title>{esc(view.title[lang])}</title>",
        f'<rect x="{min_x:.1f}" y="{min_y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#ffffff"/>',
        f'<text x="{min_x + 20:.1f}" y="{min_y + 30:.1f}" font-size="20">{esc(view.title[lang])} · {esc(date)}</text>',
        '<g stroke="#9aa5b1" stroke-width="1" fill="none">',
    ]
    counts = []
    for s, o in sorted({(s, o) for s, o in net.edges()}):
        (x1, y1), (x2, y2) = positions[s], positions[o]
        shared = (net.get_edge_data(s, o) or {}).get(SHARES, {}).get("weight")
        stroke = f' stroke-width="{1 + min(9.0, math.sqrt(shared)):.1f}"' if shared else ""
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"{stroke}/>')
        if shared:
            counts.append(
                f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2:.1f}" font-size="12" text-anchor="middle">'
                f"{shared}</text>"
            )
    out.append("</g>")
    out.extend(counts)
    for node in sorted(net):
        data = net.nodes[node]
        style = style_of(data["cls"])
        x, y = positions[node]
        r = node_size(degree[node]) / 2 + 3
        out.append(
            f"<g><title>{esc(data[f'cls_{lang}'])}: {esc(display_label(data, lang))}</title>"
            f"{_svg_shape(style.shape, x, y, r, style.color, data['shared'])}"
            f'<text x="{x:.1f}" y="{y + r + 14:.1f}" font-size="12" text-anchor="middle">'
            f"{esc(_short(display_label(data, lang)))}</text></g>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _svg_shape(shape: str, x: float, y: float, r: float, color: str, shared: bool) -> str:
    stroke = ' stroke="#222222" stroke-width="3"' if shared else ""
    if shape == "dot":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{color}"{stroke}/>'
    shapes: dict[str, list[tuple[float, float]]] = {
        "square": [(-1, -1), (1, -1), (1, 1), (-1, 1)],
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "triangle": [(0, -1.2), (1.1, 0.8), (-1.1, 0.8)],
        "triangleDown": [(0, 1.2), (1.1, -0.8), (-1.1, -0.8)],
        "hexagon": [(1, 0), (0.5, 0.87), (-0.5, 0.87), (-1, 0), (-0.5, -0.87), (0.5, -0.87)],
        "star": [
            (0, -1.3),
            (0.3, -0.4),
            (1.25, -0.4),
            (0.5, 0.15),
            (0.78, 1.05),
            (0, 0.5),
            (-0.78, 1.05),
            (-0.5, 0.15),
            (-1.25, -0.4),
            (-0.3, -0.4),
        ],
    }
    points = shapes.get(shape, [(-1, -1), (1, -1), (1, 1), (-1, 1)])
    text = " ".join(f"{x + px * r:.1f},{y + py * r:.1f}" for px, py in points)
    return f'<polygon points="{text}" fill="{color}"{stroke}/>'


# ----------------------------------------------------------------------------------------------
# The index page of an output folder
# ----------------------------------------------------------------------------------------------
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)


def write_index(out_dir: Path | str, lang: str = "vi", date: str = "1970-01-01") -> Path:
    """(Re)write ``<out_dir>/index.html``: links to the views, snapshots, docs and graph files present."""
    from graph_build.core.atomic import write_text

    out = Path(out_dir)
    ui = UI[lang]
    sections: list[tuple[str, list[tuple[str, str, str]]]] = []
    if (out / "site" / "index.html").is_file():  # `plankg build --site`: the portal comes first
        sections.append((ui["portal"], [("site/index.html", ui["portal"], "site/")]))
    views = []
    for path in sorted((out / "views").glob("*.html")):
        found = _TITLE.search(path.read_text(encoding="utf-8"))
        views.append((f"views/{path.name}", html.unescape(found.group(1)) if found else path.stem, path.stem))
    sections.append((ui["views"], views))
    snaps = [(f"views/{p.name}", p.name, "") for p in sorted((out / "views").glob("*")) if p.suffix in (".png", ".svg")]
    if snaps:
        sections.append((ui["snapshots"], snaps))
    if (out / "docs" / "ontology.html").is_file():
        sections.append((ui["docs"], [("docs/ontology.html", ui["docs"], "ontology.html")]))
    files = [(p.name, p.name, _size(p)) for p in sorted(out.glob("plankg*")) if p.is_file()]
    if files:
        sections.append((ui["files"], files))
    esc = html.escape
    body = []
    for heading, items in sections:
        body.append(f"<h2>{esc(heading)}</h2>")
        if not items:
            body.append("<p>—</p>")
            continue
        body.append("<ul>")
        for href, text, extra in items:
            note = f' <span class="note">{esc(extra)}</span>' if extra else ""
            body.append(f'<li><a href="{esc(href, quote=True)}">{esc(text)}</a>{note}</li>')
        body.append("</ul>")
    page = fill(
        "index.html",
        text={"lang": lang, "title": ui["index_title"], "date": f"{ui['date']} {date}"},
        markup={"css": inline_style(asset("index.css")), "body": "\n".join(body)},
    )
    target = out / "index.html"
    write_text(target, page)
    return target


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


__all__ = [
    "ViewFiles",
    "generate_view",
    "load_graph",
    "wait_until_drawn",
    "CHROMIUM_ARGS",
    "LANGS",
    "LAYOUTS",
    "UI",
    "VIEW_KINDS",
    "View",
    "block_network",
    "chromium_path",
    "json_for_html",
    "launch_chromium",
    "legend",
    "make_view",
    "network_data",
    "page_data",
    "render_html",
    "render_svg",
    "resolve_date",
    "snapshot_png",
    "vis_assets",
    "write_index",
    "write_view",
]
