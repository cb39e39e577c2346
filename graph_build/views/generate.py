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

The page sets ``window.plankgReady = true`` once drawn and exposes
``window.plankgNetwork = {network, nodes, edges}`` for tests and scripts.

The same inputs give the same bytes: no clock is read (the date shown is
``--date``, ``SOURCE_DATE_EPOCH`` or the newest date in the data) and every
list is sorted.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
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
}

#: Words of the page, in each language.
UI: dict[str, dict[str, str]] = {
    "vi": {
        "search": "Tìm kiếm", "search_hint": "gõ không dấu cũng được, ví dụ: lang son",
        "classes": "Lớp (chú giải)", "sectors": "Ngành, lĩnh vực",
        "sector_hint": "Đánh dấu để chỉ hiện các nút thuộc ngành đã chọn.", "plans": "Quy hoạch",
        "reset": "Hiện tất cả", "shown": "nút đang hiện trên", "nodes": "nút", "edges": "cạnh",
        "shared": "Dùng chung giữa ≥ 2 quy hoạch", "date": "Dữ liệu đến ngày", "sources": "Nguồn",
        "more": "nguồn khác", "no_match": "Không tìm thấy.", "hidden": "đang ẩn", "in_plans": "Quy hoạch",
        "quote": "Trích dẫn", "note": "Ghi chú", "made_by": "Tạo bởi plankg", "relation": "Quan hệ",
        "views": "Các khung nhìn", "docs": "Tài liệu bản thể học", "files": "Tệp đồ thị",
        "index_title": "plankg — đồ thị tri thức quy hoạch", "snapshots": "Ảnh chụp",
        "layout_force": "bố cục lực (dừng khi ổn định)", "layout_preset": "vị trí tính trước",
        "layout_plan": "phân cấp từ trên xuống",
    },
    "en": {
        "search": "Search", "search_hint": "diacritics optional, e.g. lang son",
        "classes": "Classes (legend)", "sectors": "Sectors",
        "sector_hint": "Tick to show only the nodes about the ticked sectors.", "plans": "Plans",
        "reset": "Show all", "shown": "nodes shown of", "nodes": "nodes", "edges": "edges",
        "shared": "Shared by ≥ 2 plans", "date": "Data as of", "sources": "Sources",
        "more": "more sources", "no_match": "No match.", "hidden": "hidden", "in_plans": "Plans",
        "quote": "Quote", "note": "Note", "made_by": "Made by plankg", "relation": "Relation",
        "views": "Views", "docs": "Ontology documentation", "files": "Graph files",
        "index_title": "plankg — planning knowledge graph", "snapshots": "Snapshots",
        "layout_force": "force layout (stops once settled)", "layout_preset": "positions computed ahead",
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
    lang: str = "vi",
    name: str | None = None,
) -> View:
    """The view the options ask for, from the full network ``net`` (``network.to_network``).

    ``plans`` restricts first; then one of ``focus``, ``query``,
    ``cross_plan`` or ``layout="plan"`` picks the view (default: the whole
    graph); ``kinds`` then keeps the given classes. ``graph`` is the RDF graph
    a query runs on (default: the bundled plans).
    """
    from graph_build.network import model as N

    if layout not in LAYOUTS:
        raise NetworkError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    chosen = [opt for opt, on in (("--focus", focus), ("--query", query), ("--cross-plan", cross_plan),
                                  ("--layout plan", layout == "plan")) if on]
    if len(chosen) > 1:
        raise NetworkError(f"choose one view kind: {' and '.join(chosen)} cannot be combined")
    full = net
    if plans:
        net = N.restrict_to_plans(net, plans)
    marked: list[str] = []
    if focus:
        kind = "focus"
        centre = N.find_entity(net, focus)
        net = N.neighbourhood(net, centre, depth)
        marked = [centre]
        title = {lg: f"{VIEW_KINDS['focus'][lg]} «{display_label(net.nodes[centre], lg)}» "
                     f"({'độ sâu' if lg == 'vi' else 'depth'} {depth})" for lg in LANGS}
        stem = f"focus-{net.nodes[centre]['local']}-d{depth}"
    elif query:
        from graph_build.sparql.library import get_query, run_query

        kind = "query"
        named = get_query(query)
        result = run_query(query, dict(params or {}), graph=graph)
        net = N.from_query_result(net, result)
        marked = sorted(net)
        title = {lg: f"{VIEW_KINDS['query'][lg]} «{query}»: {named.summary.get(lg) or named.summary.get('vi', '')}"
                 for lg in LANGS}
        stem = f"query-{query}"
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
        plan_labels={d["local"]: {"vi": d.get("label_vi") or d["local"], "en": d.get("label_en") or d["local"]}
                     for _, d in full.nodes(data=True) if "Plan" in d["classes"]},
        marked=marked,
    )


def _concept_labels(net: nx.MultiDiGraph, scheme: str) -> dict[str, dict[str, str]]:
    from graph_build.core.iris import VOCAB_IRI

    prefix = f"{VOCAB_IRI}{scheme}/"
    return {local_name(n): {"vi": d.get("label_vi") or local_name(n), "en": d.get("label_en") or local_name(n)}
            for n, d in net.nodes(data=True) if n.startswith(prefix)}


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
    versions = sorted((p for p in lib.glob("vis-*") if (p / "vis-network.min.js").is_file()),
                      key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.name)))
    if not versions:
        raise NetworkError(f"vis-network's files are missing from pyvis ({lib}): reinstall pyvis")
    js = (versions[-1] / "vis-network.min.js").read_text(encoding="utf-8")
    css = (versions[-1] / "vis-network.css").read_text(encoding="utf-8")
    js = re.sub(r"//[#@] sourceMappingURL=\S*", "", js)  # no request for a source map
    css = re.sub(r"/\*[#@] sourceMappingURL=\S*\s*\*/", "", css)
    return _inline_safe(js, "script"), _inline_safe(css, "style")


def _inline_safe(text: str, tag: str) -> str:
    """Text that cannot end its ``<script>``/``<style>`` element early."""
    return re.sub(rf"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)


def json_for_html(data) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028 or U+2029 as such.

    >>> json_for_html({"label": "</script><b>&"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


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
      dict of ``quote``/``note``/``doc``/``dashes`` when the edge has any;
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
    nodes = []
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
    for s, o, key, data in edge_list:
        relation = (data.get("relation", key), key, data.get("label_vi"), data.get("label_en"))
        edge: list = [node_index[s], node_index[o], relations.setdefault(relation, len(relations))]
        extra = {k: data[k] for k in ("quote", "note", "doc") if data.get(k)}
        if data.get("dashes"):
            extra["dashes"] = True
        if extra:
            edge.append(extra)
        edges.append(edge)
    return {
        "nodes": nodes,
        "edges": edges,
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
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.01, "springLength": 120,
                                 "springConstant": 0.08, "damping": 0.6, "avoidOverlap": 0},
            "stabilization": {"enabled": True, "fit": True, "iterations": STABILIZATION_ITERATIONS,
                              "onlyDynamicEdges": False, "updateInterval": 25},
        }
    else:
        physics = {"enabled": False}
    groups = {}
    for cls in classes:
        style = style_of(cls)
        groups[cls] = {"shape": style.shape, "color": {"background": style.color, "border": style.color,
                                                       "highlight": {"background": style.color, "border": "#000000"}}}
    return {
        "configure": {"enabled": False},
        "physics": physics,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {"dragNodes": True, "hideNodesOnDrag": False, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": False},
        # Wrapping labels at 170 px makes vis measure every word (0.3 s at 10 000 nodes); large views,
        # whose labels only show when zoomed in, keep each label on one line.
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3},
                  "widthConstraint": False if large else {"maximum": 170}},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"color": "#9aa5b1", "highlight": "#34495e", "hover": "#34495e"},
                  "font": {"size": 10, "color": "#566573", "strokeWidth": 3, "align": "middle"}, "width": 1},
        "groups": groups,
    }


def legend(view: View, lang: str = "vi") -> list[dict]:
    """One entry per class present: class, label in ``lang`` (and ``vi``/``en``), colour, shape, count; legend order."""
    counts = Counter(d["cls"] for _, d in view.net.nodes(data=True))
    labels = {d["cls"]: {lg: d[f"cls_{lg}"] for lg in LANGS} for _, d in view.net.nodes(data=True)}
    return [{"cls": cls, "label": labels[cls][lang], **labels[cls], "color": style_of(cls).color,
             "shape": style_of(cls).shape, "count": counts[cls]}
            for cls in sorted(counts, key=lambda c: (labels[c][lang].casefold(), c))]


def page_data(view: View, lang: str, date: str) -> dict:
    """Everything the page's script needs, as one JSON-able dict (``network_data`` plus meta, legend, words)."""
    from graph_build.core.version import __version__

    data = network_data(view, lang)
    layout = "plan" if view.kind == "plan" else ("force" if view.positions is None else "preset")
    return {
        **data,
        "meta": {"name": view.name, "kind": view.kind, "title": view.title[lang], "date": date, "lang": lang,
                 "layout": layout, "version": __version__, "nodes": len(data["nodes"]), "edges": len(data["edges"]),
                 "large": len(view.net) > PRECOMPUTE_ABOVE, "marked": list(view.marked)},
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
    subtitle = (f"{ui['date']} {date} · {data['meta']['nodes']} {ui['nodes']}, {data['meta']['edges']} {ui['edges']}"
                f" · {layout_text}")
    replacements = {
        "@@LANG@@": lang,
        "@@TITLE@@": html.escape(view.title[lang]),
        "@@SUBTITLE@@": html.escape(subtitle),
        "@@NAME@@": html.escape(view.name),
        "@@KIND@@": html.escape(view.kind),
        "@@VIS_CSS@@": css,
        "@@PAGE_CSS@@": PAGE_CSS,
        "@@UI_SEARCH@@": html.escape(ui["search"]),
        "@@UI_SEARCH_HINT@@": html.escape(ui["search_hint"]),
        "@@UI_CLASSES@@": html.escape(ui["classes"]),
        "@@UI_SECTORS@@": html.escape(ui["sectors"]),
        "@@UI_SECTOR_HINT@@": html.escape(ui["sector_hint"]),
        "@@UI_PLANS@@": html.escape(ui["plans"]),
        "@@UI_RESET@@": html.escape(ui["reset"]),
        "@@UI_MADE_BY@@": html.escape(f"{ui['made_by']} {data['meta']['version']}"),
        "@@DATA@@": json_for_html(data),
        "@@VIS_JS@@": js,
        "@@PAGE_JS@@": PAGE_JS,
    }
    return re.sub(r"@@[A-Z_]+@@", lambda m: replacements[m.group(0)], PAGE_TEMPLATE)


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


def load_graph(plan_dirs: Sequence[Path | str] | None = None, graph_file: Path | str | None = None,
               store: Path | str | None = None) -> Graph:
    """The RDF graph to draw, from the one source ``stores.source.open_source`` opens: plan folders
    (default: the bundled plans, built once per process), a built graph file, or a persistent
    store (``plankg build --store``); the union of its graphs.

    Views are not validation: SHACL is skipped, structural faults still raise ``PlanError``.
    """
    from graph_build.stores.source import open_source

    return open_source(list(plan_dirs or ()) or None, graph_file=graph_file, store=store).union_graph()


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
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def chromium_path() -> str:
    """Debian's chromium (or ``$PLANKG_CHROMIUM``); Playwright never downloads a browser for plankg."""
    found = os.environ.get("PLANKG_CHROMIUM") or shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if not found:
        raise NetworkError("chromium is missing: install it with 'apt-get install chromium' "
                           "(or set PLANKG_CHROMIUM to a Chromium binary)")
    return found


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


def snapshot_png(html_path: Path | str, png_path: Path | str, width: int = 1600, height: int = 1000,
                 timeout_ms: int = 60_000, browser=None) -> Path:
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
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        try:
            shoot(chromium)
        finally:
            chromium.close()
    return png_path


def render_svg(view: View, lang: str = "vi", date: str = "1970-01-01") -> str:
    """A plain SVG drawing of the view (positions from the view, else networkx), text escaped."""
    from graph_build.network.model import force_positions

    positions = view.positions or force_positions(view.net)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    pad, head = 80.0, 60.0
    min_x, min_y = min(xs) - pad, min(ys) - pad - head
    width, height = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad + head
    esc = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    degree = dict(view.net.degree())
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{min_x:.1f} {min_y:.1f} {width:.1f} {height:.1f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="sans-serif">',
        f"<title>{esc(view.title[lang])}</title>",
        f'<rect x="{min_x:.1f}" y="{min_y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#ffffff"/>',
        f'<text x="{min_x + 20:.1f}" y="{min_y + 30:.1f}" font-size="20">{esc(view.title[lang])} · {esc(date)}</text>',
        '<g stroke="#9aa5b1" stroke-width="1" fill="none">',
    ]
    for s, o in sorted({(s, o) for s, o in view.net.edges()}):
        (x1, y1), (x2, y2) = positions[s], positions[o]
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"/>')
    out.append("</g>")
    for node in sorted(view.net):
        data = view.net.nodes[node]
        style = style_of(data["cls"])
        x, y = positions[node]
        r = node_size(degree[node]) / 2 + 3
        out.append(f'<g><title>{esc(data[f"cls_{lang}"])}: {esc(display_label(data, lang))}</title>'
                   f"{_svg_shape(style.shape, x, y, r, style.color, data['shared'])}"
                   f'<text x="{x:.1f}" y="{y + r + 14:.1f}" font-size="12" text-anchor="middle">'
                   f"{esc(_short(display_label(data, lang)))}</text></g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _svg_shape(shape: str, x: float, y: float, r: float, color: str, shared: bool) -> str:
    stroke = ' stroke="#222222" stroke-width="3"' if shared else ""
    if shape == "dot":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{color}"{stroke}/>'
    points = {
        "square": [(-1, -1), (1, -1), (1, 1), (-1, 1)],
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "triangle": [(0, -1.2), (1.1, 0.8), (-1.1, 0.8)],
        "triangleDown": [(0, 1.2), (1.1, -0.8), (-1.1, -0.8)],
        "hexagon": [(1, 0), (0.5, 0.87), (-0.5, 0.87), (-1, 0), (-0.5, -0.87), (0.5, -0.87)],
        "star": [(0, -1.3), (0.3, -0.4), (1.25, -0.4), (0.5, 0.15), (0.78, 1.05), (0, 0.5), (-0.78, 1.05),
                 (-0.5, 0.15), (-1.25, -0.4), (-0.3, -0.4)],
    }.get(shape, [(-1, -1), (1, -1), (1, 1), (-1, 1)])
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
    views = []
    for path in sorted((out / "views").glob("*.html")):
        found = _TITLE.search(path.read_text(encoding="utf-8"))
        views.append((f"views/{path.name}", html.unescape(found.group(1)) if found else path.stem, path.stem))
    sections.append((ui["views"], views))
    snaps = [(f"views/{p.name}", p.name, "") for p in sorted((out / "views").glob("*"))
             if p.suffix in (".png", ".svg")]
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
    page = INDEX_TEMPLATE.replace("@@LANG@@", lang).replace("@@TITLE@@", esc(ui["index_title"])).replace(
        "@@DATE@@", esc(f"{ui['date']} {date}")).replace("@@BODY@@", "\n".join(body))
    target = out / "index.html"
    write_text(target, page)
    return target


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


# ----------------------------------------------------------------------------------------------
# The page template, its style and its script
# ----------------------------------------------------------------------------------------------
PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="@@LANG@@">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:">
<meta name="generator" content="plankg">
<meta name="plankg-view" content="@@NAME@@">
<meta name="plankg-kind" content="@@KIND@@">
<title>@@TITLE@@</title>
<style>
@@VIS_CSS@@
</style>
<style>
@@PAGE_CSS@@
</style>
</head>
<body>
<header>
<h1>@@TITLE@@</h1>
<p id="subtitle">@@SUBTITLE@@</p>
</header>
<main>
<aside id="panel">
<section>
<label for="search"><b>@@UI_SEARCH@@</b></label>
<input id="search" type="search" autocomplete="off" placeholder="@@UI_SEARCH_HINT@@">
<ol id="results"></ol>
</section>
<section>
<p id="status"></p>
<button id="reset" type="button">@@UI_RESET@@</button>
</section>
<section>
<h2>@@UI_CLASSES@@</h2>
<ul id="legend"></ul>
<ul id="markers"></ul>
</section>
<section id="plan-section">
<h2>@@UI_PLANS@@</h2>
<ul id="plan-filter"></ul>
</section>
<section id="sector-section">
<h2>@@UI_SECTORS@@</h2>
<p class="hint">@@UI_SECTOR_HINT@@</p>
<ul id="sector-filter"></ul>
</section>
<p class="hint">@@UI_MADE_BY@@</p>
</aside>
<div id="network"></div>
</main>
<script type="application/json" id="plankg-data">@@DATA@@</script>
<script>
@@VIS_JS@@
</script>
<script>
@@PAGE_JS@@
</script>
</body>
</html>
"""

PAGE_CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; color: #1c2833; }
body { display: flex; flex-direction: column; }
header { padding: 8px 16px; border-bottom: 1px solid #d5d8dc; background: #f8f9f9; }
header h1 { font-size: 18px; margin: 0; }
#subtitle { margin: 2px 0 0; font-size: 13px; color: #566573; }
main { flex: 1; display: flex; min-height: 0; }
#panel { width: 300px; overflow-y: auto; padding: 8px 12px; border-right: 1px solid #d5d8dc; font-size: 13px; }
#panel h2 { font-size: 14px; margin: 12px 0 4px; }
#panel ul, #panel ol { list-style: none; margin: 0; padding: 0; }
#panel li { margin: 2px 0; }
#panel label.row { display: flex; align-items: center; gap: 6px; cursor: pointer; }
#panel .count { color: #808b96; margin-left: auto; }
#search { width: 100%; padding: 4px 6px; margin-top: 4px; font-size: 14px; }
#results li button { all: unset; cursor: pointer; color: #1a5276; }
#results li button:hover { text-decoration: underline; }
#results li.hidden-match { color: #808b96; }
.hint { color: #808b96; font-size: 12px; margin: 2px 0 6px; }
#reset { font-size: 13px; }
#network { flex: 1; min-width: 0; position: relative; }
div.vis-tooltip { max-width: 420px; white-space: normal; font-family: inherit; font-size: 12px; line-height: 1.35;
  padding: 8px; background: #ffffff; border: 1px solid #aab7b8; box-shadow: 0 2px 6px rgba(0, 0, 0, .15); }
.tip-class { font-size: 11px; text-transform: uppercase; color: #566573; }
.tip-label { font-weight: 600; }
.tip-label-en { font-style: italic; }
.tip-quote { margin: 4px 0 0; padding-left: 6px; border-left: 3px solid #d5d8dc; }
.tip-doc, .tip-plans, .tip-iri { color: #566573; }
.tip-iri { font-family: ui-monospace, monospace; font-size: 11px; word-break: break-all; }
svg.glyph { flex: none; }
"""

PAGE_JS = r"""
(function () {
  "use strict";
  // The data is compact (see graph_build.views.generate.network_data): nodes name their plans, sectors and
  // documents by index, edges their ends and relation by index. Items for vis are built from it here.
  var data = JSON.parse(document.getElementById("plankg-data").textContent);
  var T = data.text;
  var lang = data.meta.lang;
  var other = lang === "vi" ? "en" : "vi";
  var records = data.nodes;
  var has = Object.prototype.hasOwnProperty;
  var classes = {};
  data.legend.forEach(function (c) { classes[c.cls] = c; });
  var planIds = data.plans.map(function (p) { return p.id; });
  var sectorIds = data.sectors.map(function (s) { return s.id; });
  function planOf(i) { return planIds[i]; }
  function sectorOf(i) { return sectorIds[i]; }

  // Diacritic-insensitive folding: NFD, strip combining marks, đ → d, lower case, spaces collapsed.
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[\u0111\u0110]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }
  // Every text reaches the page through textContent: data never becomes markup.
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  // The last segment of an IRI (graph_build.network.model.local_name).
  function localName(iri) {
    return iri.replace(/\/+$/, "").split("#").pop().split("/").pop();
  }
  // A node's label in one language: left out of the data when it is the drawn label, null when missing.
  function labelIn(r, lg) { return has.call(r, lg) ? r[lg] : r.label; }

  var items = [], indexOf = {};
  function nodeTip(i) {
    var r = records[i], item = items[i], cls = classes[r.cls];
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-class", cls[lang] + " · " + cls[other]));
    var mine = labelIn(r, lang), theirs = labelIn(r, other);
    if (mine) { box.appendChild(el("div", "tip-label", mine)); }
    if (theirs) { box.appendChild(el("div", "tip-label tip-label-en", theirs)); }
    if (!mine && !theirs) { box.appendChild(el("div", "tip-label", item.local)); }
    if (item.plans.length) { box.appendChild(el("div", "tip-plans", T.in_plans + ": " + item.plans.join(", "))); }
    (r.sources || []).forEach(function (s) {
      if (s[0]) { box.appendChild(el("div", "tip-quote", "«" + s[0] + "»")); }
      if (s[1]) { box.appendChild(el("div", "tip-quote", T.note + ": " + s[1])); }
      var doc = s[2] === null ? null : data.docs[s[2]];
      var title = doc && (lang === "vi" ? doc[0] : (doc[1] || doc[0]));
      if (title) { box.appendChild(el("div", "tip-doc", "— " + title + (doc[2] ? " (" + doc[2] + ")" : ""))); }
    });
    if (r.more) { box.appendChild(el("div", "tip-doc", "+ " + r.more + " " + T.more)); }
    box.appendChild(el("div", "tip-iri", r.id));
    return box;
  }
  function edgeTip(j) {
    var e = data.edges[j], rel = data.relations[e[2]], x = e[3] || {};
    var box = el("div", "tip");
    box.appendChild(el("div", "tip-class", T.relation));
    box.appendChild(el("div", "tip-label", edgeLabel(j)));
    if (rel[other]) { box.appendChild(el("div", "tip-label tip-label-en", rel[other])); }
    if (x.quote) { box.appendChild(el("div", "tip-quote", "«" + x.quote + "»")); }
    if (x.note) { box.appendChild(el("div", "tip-quote", T.note + ": " + x.note)); }
    if (x.doc) { box.appendChild(el("div", "tip-doc", "— " + x.doc)); }
    box.appendChild(el("div", "tip-iri", rel.relation));
    return box;
  }
  function NodeItem(i) {
    var r = records[i];
    this.id = r.id;
    this.label = r.label;
    this.group = r.cls;
    this.size = r.size;
    if (r.x !== undefined) { this.x = r.x; this.y = r.y; }
    this.cls = r.cls;
    this.plans = (r.plans || []).map(planOf);
    this.sectors = (r.sectors || []).map(sectorOf);
    this.shared = !!r.shared;
    this.marked = !!r.marked;
    this.local = r.local !== undefined ? r.local : localName(r.id);
    this.hidden = false;
    if (r.shared || r.marked) {
      var color = classes[r.cls].color;
      this.borderWidth = r.shared ? 4 : 3;
      this.color = { background: color, border: r.marked ? "#000000" : "#222222",
                     highlight: { background: color, border: "#000000" } };
    }
  }
  // Tooltips are built when first asked for, not 37 000 of them at startup. A node item's `title`
  // is a getter on its prototype (vis copies only a node's own properties, so it does not build
  // them all), which keeps the element on the item once built; an edge gets its title when first
  // hovered (vis reads an edge's title when it creates the edge). Hovering hands titles to vis (below).
  Object.defineProperty(NodeItem.prototype, "title", {
    configurable: true,
    get: function () {
      var tip = nodeTip(indexOf[this.id]);
      Object.defineProperty(this, "title", { value: tip, enumerable: true, writable: true, configurable: true });
      return tip;
    }
  });
  function edgeLabel(j) {
    var rel = data.relations[data.edges[j][2]];
    return rel[lang] || rel[other] || rel.key;
  }
  // Large views label their edges lazily (labelEdgesInView, below).
  var large = data.meta.large;
  function EdgeItem(j) {
    var e = data.edges[j];
    this.id = "e" + j;
    this.from = records[e[0]].id;
    this.to = records[e[1]].id;
    if (!large) { this.label = edgeLabel(j); }
    this.relation = data.relations[e[2]].relation;
    this.hidden = false;
    if (e[3] && e[3].dashes) { this.dashes = true; }
  }

  var shared = 0;
  var planCount = planIds.map(function () { return 0; });
  var sectorCount = sectorIds.map(function () { return 0; });
  records.forEach(function (r, i) {
    indexOf[r.id] = i;
    items.push(new NodeItem(i));
    if (r.shared) { shared += 1; }
    (r.plans || []).forEach(function (p) { planCount[p] += 1; });
    (r.sectors || []).forEach(function (s) { sectorCount[s] += 1; });
  });
  var edgeItems = data.edges.map(function (e, j) { return new EdgeItem(j); });
  var nodes = new vis.DataSet(items);
  var edges = new vis.DataSet(edgeItems);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.plankgNetwork = { network: network, nodes: nodes, edges: edges, meta: data.meta };
  window.plankgReady = false;

  // Large views: vis measures every edge label at the first draw (0.3 s for 27 000 edges), but
  // shows one only from scale 0.4 on (font 10 px, drawThreshold 5), where a few hundred edges are
  // in view. There an edge gets its label when its middle (where the label goes) is within a view's
  // width or height of the centre at such a scale: before the first draw, and after the view moves.
  var LABEL_SCALE = 0.35;
  var unlabelled = large ? data.edges.length : 0;
  var labelled = data.edges.map(function () { return !large; });
  var labelledView = "";
  function labelEdgesInView() {
    var scale = network.getScale(), centre = network.getViewPosition();
    var view = [scale, centre.x, centre.y].join(" ");
    if (!unlabelled || scale < LABEL_SCALE || view === labelledView) { return; }
    labelledView = view;
    var width = container.clientWidth / scale, height = container.clientHeight / scale;
    var at = network.getPositions();
    var updates = [];
    data.edges.forEach(function (e, j) {
      if (labelled[j]) { return; }
      var a = at[records[e[0]].id], b = at[records[e[1]].id];
      if (Math.abs((a.x + b.x) / 2 - centre.x) <= width && Math.abs((a.y + b.y) / 2 - centre.y) <= height) {
        labelled[j] = true;
        updates.push({ id: "e" + j, label: edgeLabel(j) });
      }
    });
    unlabelled -= updates.length;
    if (updates.length) { edges.update(updates); }
  }
  var labelTimer = null;
  if (large) {
    labelEdgesInView();
    network.on("afterDrawing", function () {
      if (!unlabelled) { return; }
      clearTimeout(labelTimer);
      labelTimer = setTimeout(labelEdgesInView, 100);
    });
  }

  // vis shows an item's title tooltipDelay after the pointer stops on it; hovering (immediate) gives
  // the item its title first.
  var tipGiven = { node: {}, edge: {} };
  network.on("hoverNode", function (p) {
    if (tipGiven.node[p.node]) { return; }
    tipGiven.node[p.node] = true;
    nodes.update({ id: p.node, title: nodes.get(p.node).title });
  });
  network.on("hoverEdge", function (p) {
    if (tipGiven.edge[p.edge]) { return; }
    tipGiven.edge[p.edge] = true;
    edges.update({ id: p.edge, title: edgeTip(+p.edge.slice(1)) });
  });

  // Physics stops once settled. Without physics (positions computed ahead) vis has already fitted
  // the view and draws once on the next frame: no second fit, no forced redraw.
  var settled = !(data.options.physics && data.options.physics.enabled);
  function settle() {
    if (settled) { return; }
    settled = true;
    network.setOptions({ physics: false });
    network.fit();
  }
  network.on("stabilizationIterationsDone", settle);
  network.on("stabilized", settle);
  network.on("afterDrawing", function () {
    if (settled && !window.plankgReady) {
      window.plankgReady = true;
      document.body.setAttribute("data-ready", "true");
    }
  });

  // Filters: classes and plans ticked = shown; sectors: none ticked = no filter.
  var state = { cls: {}, plan: {}, sector: {} };
  data.legend.forEach(function (c) { state.cls[c.cls] = true; });
  planIds.forEach(function (p) { state.plan[p] = true; });
  var hidden = records.map(function () { return false; });
  var edgeHidden = data.edges.map(function () { return false; });
  var status = document.getElementById("status");
  function applyFilters() {
    var sectorsTicked = sectorIds.some(function (s) { return state.sector[s]; });
    var byPlan = planIds.length > 1;
    var nodeUpdates = [], shown = 0;
    items.forEach(function (n, i) {
      var show = state.cls[n.cls] &&
        !(byPlan && n.plans.length && !n.plans.some(function (p) { return state.plan[p]; })) &&
        !(sectorsTicked && !n.sectors.some(function (s) { return state.sector[s]; }));
      if (show) { shown += 1; }
      if (hidden[i] === show) { hidden[i] = !show; nodeUpdates.push({ id: n.id, hidden: !show }); }
    });
    var edgeUpdates = [];
    data.edges.forEach(function (e, j) {
      var hide = hidden[e[0]] || hidden[e[1]];
      if (edgeHidden[j] !== hide) { edgeHidden[j] = hide; edgeUpdates.push({ id: "e" + j, hidden: hide }); }
    });
    if (nodeUpdates.length) { keepLazyTitles(nodes.update(nodeUpdates)); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    status.textContent = shown + " " + T.shown + " " + records.length;
  }
  // DataSet.update replaces an item by a plain copy of its own properties: give the node copies
  // whose tooltip was never built their prototype back, so that `title` still builds it.
  function keepLazyTitles(ids) {
    nodes.get(ids).forEach(function (item) {
      if (!has.call(item, "title")) { Object.setPrototypeOf(item, NodeItem.prototype); }
    });
  }

  var SHAPES = {
    square: "2,2 14,2 14,14 2,14", diamond: "8,1 15,8 8,15 1,8", triangle: "8,1 15,14 1,14",
    triangleDown: "1,2 15,2 8,15", hexagon: "15,8 11.5,14 4.5,14 1,8 4.5,2 11.5,2",
    star: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"
  };
  function glyph(shape, color, ring) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "glyph");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    var mark;
    if (SHAPES[shape]) {
      mark = document.createElementNS(ns, "polygon");
      mark.setAttribute("points", SHAPES[shape]);
    } else {
      mark = document.createElementNS(ns, "circle");
      mark.setAttribute("cx", "8"); mark.setAttribute("cy", "8"); mark.setAttribute("r", "6");
    }
    mark.setAttribute("fill", color);
    if (ring) { mark.setAttribute("stroke", "#222222"); mark.setAttribute("stroke-width", "2.5"); }
    svg.appendChild(mark);
    return svg;
  }
  function checkRow(list, attr, key, text, checked, count, onChange, glyphNode) {
    var li = el("li");
    li.setAttribute(attr, key);
    var label = el("label", "row");
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); applyFilters(); });
    label.appendChild(box);
    if (glyphNode) { label.appendChild(glyphNode); }
    label.appendChild(el("span", "name", text));
    if (count !== null) { label.appendChild(el("span", "count", count)); }
    li.appendChild(label);
    list.appendChild(li);
  }
  var legendList = document.getElementById("legend");
  data.legend.forEach(function (c) {
    checkRow(legendList, "data-class", c.cls, c.label, true, c.count,
      function (on) { state.cls[c.cls] = on; }, glyph(c.shape, c.color, false));
  });
  if (shared) {
    var marker = el("li");
    marker.setAttribute("data-marker", "shared");
    var row = el("span", "row");
    row.style.display = "flex"; row.style.gap = "6px";
    row.appendChild(glyph("dot", "#ffffff", true));
    row.appendChild(el("span", "name", T.shared));
    row.appendChild(el("span", "count", shared));
    marker.appendChild(row);
    document.getElementById("markers").appendChild(marker);
  }
  var planList = document.getElementById("plan-filter");
  if (data.plans.length > 1) {
    data.plans.forEach(function (p, i) {
      checkRow(planList, "data-plan", p.id, p.label, true, planCount[i],
        function (on) { state.plan[p.id] = on; }, null);
    });
  } else {
    document.getElementById("plan-section").hidden = true;
  }
  var sectorList = document.getElementById("sector-filter");
  if (data.sectors.length) {
    data.sectors.forEach(function (s, i) {
      checkRow(sectorList, "data-sector", s.id, s.label, false, sectorCount[i],
        function (on) { state.sector[s.id] = on; }, null);
    });
  } else {
    document.getElementById("sector-section").hidden = true;
  }
  document.getElementById("reset").addEventListener("click", function () {
    Object.keys(state.cls).forEach(function (k) { state.cls[k] = true; });
    Object.keys(state.plan).forEach(function (k) { state.plan[k] = true; });
    state.sector = {};
    document.querySelectorAll("#legend input, #plan-filter input").forEach(function (b) { b.checked = true; });
    document.querySelectorAll("#sector-filter input").forEach(function (b) { b.checked = false; });
    applyFilters();
  });

  // Search: best matches first (exact, then prefix, then anywhere); selects the visible ones.
  // The folded labels are made on the first search, not at startup.
  var folded = null;
  function searchIndex() {
    if (folded === null) {
      folded = records.map(function (r, i) {
        var parts = [fold(labelIn(r, "vi")), fold(labelIn(r, "en")), fold(items[i].local)];
        return { all: fold([labelIn(r, "vi"), labelIn(r, "en"), items[i].local].join(" ")), parts: parts };
      });
    }
    return folded;
  }
  var results = document.getElementById("results");
  function search(query) {
    var q = fold(query);
    results.textContent = "";
    if (!q) { network.unselectAll(); return []; }
    var index = searchIndex();
    var found = [];
    index.forEach(function (f, i) { if (f.all.indexOf(q) >= 0) { found.push(i); } });
    function rank(i) {
      var parts = index[i].parts;
      if (parts.indexOf(q) >= 0) { return 0; }
      if (parts.some(function (f) { return f.indexOf(q) === 0; })) { return 1; }
      return 2;
    }
    found.sort(function (a, b) {
      return rank(a) - rank(b) || items[a].label.length - items[b].label.length || (items[a].id < items[b].id ? -1 : 1);
    });
    if (!found.length) { results.appendChild(el("li", "", T.no_match)); network.unselectAll(); return []; }
    found.slice(0, 25).forEach(function (i) {
      var n = items[i];
      var li = el("li", hidden[i] ? "hidden-match" : "");
      li.setAttribute("data-id", n.id);
      var button = el("button", "", n.label + (hidden[i] ? " (" + T.hidden + ")" : ""));
      button.type = "button";
      button.addEventListener("click", function () {
        if (!hidden[i]) { network.selectNodes([n.id]); network.focus(n.id, { scale: 1.2 }); }
      });
      li.appendChild(button);
      results.appendChild(li);
    });
    var ids = found.filter(function (i) { return !hidden[i]; }).map(function (i) { return items[i].id; });
    network.selectNodes(ids);
    if (ids.length) { network.focus(ids[0], { scale: Math.max(network.getScale(), 0.8) }); }
    return ids;
  }
  var input = document.getElementById("search");
  input.addEventListener("input", function () { search(input.value); });
  window.plankgSearch = search;
  window.plankgFold = fold;
  applyFilters();
})();
"""

INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="@@LANG@@">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>@@TITLE@@</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; max-width: 860px; margin: 24px auto; padding: 0 16px; color: #1c2833; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 24px; }
li { margin: 4px 0; } .note { color: #808b96; font-size: 13px; }
</style>
</head>
<body>
<h1>@@TITLE@@</h1>
<p class="note">@@DATE@@</p>
@@BODY@@
</body>
</html>
"""

__all__ = [
    "ViewFiles", "generate_view", "load_graph", "wait_until_drawn",
    "CHROMIUM_ARGS", "LANGS", "LAYOUTS", "UI", "VIEW_KINDS", "View", "block_network", "chromium_path",
    "json_for_html", "launch_chromium", "legend", "make_view", "network_data", "page_data", "render_html",
    "render_svg", "resolve_date", "snapshot_png", "vis_assets", "write_index", "write_view",
]
