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

  // The search fold: graph_build/core/assets/fold.js, inlined before this script (one fold for every page).
  var fold = plankgFoldText;
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
    if (x.inferred) { box.appendChild(el("div", "tip-quote", T.inferred + ": " + x.inferred)); }
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
    var e = data.edges[j], rel = data.relations[e[2]];
    var words = rel[lang] || rel[other] || rel.key;
    return e[3] && e[3].count ? e[3].count + " · " + words : words;
  }
  // Large views label their edges lazily (labelEdgesInView, below).
  var large = data.meta.large;
  function EdgeItem(j) {
    var e = data.edges[j];
    this.id = "e" + j;
    this.from = records[e[0]].id;
    this.to = records[e[1]].id;
    if (!large || counted(j)) { this.label = edgeLabel(j); }
    this.relation = data.relations[e[2]].relation;
    this.hidden = false;
    if (e[3] && e[3].dashes) { this.dashes = true; }
    // The aggregated view's plan-to-plan edges: as wide as what the two plans share.
    if (counted(j)) { this.width = 1 + Math.min(9, Math.sqrt(e[3].count)); this.count = e[3].count; }
  }
  function counted(j) { var x = data.edges[j][3]; return !!(x && x.count); }

  // The aggregated cross-plan view (data.expand): the plans first; a pair's shared nodes open on a
  // click on the edge between the two plans, all of a plan's on a click on the plan.
  var expand = data.expand || null;
  var pairOpen = expand ? expand.map(function () { return false; }) : [];
  var pairsOf = records.map(function () { return null; });
  var pairsOfPlan = {};
  if (expand) {
    expand.forEach(function (pair, k) {
      pair[2].forEach(function (i) { (pairsOf[i] = pairsOf[i] || []).push(k); });
      [pair[0], pair[1]].forEach(function (i) { (pairsOfPlan[i] = pairsOfPlan[i] || []).push(k); });
    });
  }
  function collapsed(i) {
    return pairsOf[i] !== null && !pairsOf[i].some(function (k) { return pairOpen[k]; });
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
  var unlabelled = large ? data.edges.filter(function (e, j) { return !counted(j); }).length : 0;
  var labelled = data.edges.map(function (e, j) { return !large || counted(j); });
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
      var show = !collapsed(i) && state.cls[n.cls] &&
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
        // In the aggregated view, a shared node not open yet opens with the first pair sharing it.
        if (hidden[i] && expand && collapsed(i)) { togglePairs([pairsOf[i][0]]); }
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
  function togglePairs(ks) {
    var open = !ks.every(function (k) { return pairOpen[k]; });
    ks.forEach(function (k) { pairOpen[k] = open; });
    applyFilters();
  }
  // The plan-to-plan edge nearest the click (within a few pixels), found here rather than taken
  // from vis: once a pair is open, its thin "shared by" edges would otherwise take the click.
  function pairEdgeAt(point) {
    var at = network.getPositions(), best = null, bestDistance = 8 / network.getScale();
    data.edges.forEach(function (e, j) {
      if (!counted(j) || edgeHidden[j]) { return; }
      var a = at[records[e[0]].id], b = at[records[e[1]].id];
      var dx = b.x - a.x, dy = b.y - a.y, length2 = dx * dx + dy * dy;
      var t = length2 ? Math.max(0, Math.min(1, ((point.x - a.x) * dx + (point.y - a.y) * dy) / length2)) : 0;
      var distance = Math.hypot(point.x - (a.x + t * dx), point.y - (a.y + t * dy));
      if (distance <= bestDistance) { best = j; bestDistance = distance; }
    });
    return best;
  }
  if (expand) {
    network.on("click", function (p) {
      if (p.nodes.length) {
        var ks = pairsOfPlan[indexOf[p.nodes[0]]];
        if (ks) { togglePairs(ks); }
        return;
      }
      var j = pairEdgeAt(p.pointer.canvas);
      if (j !== null) { togglePairs([data.edges[j][3].pair]); }
    });
  }
  window.plankgOpenPairs = function () {
    return pairOpen.map(function (o, k) { return o ? k : -1; }).filter(function (k) { return k >= 0; });
  };
  var input = document.getElementById("search");
  input.addEventListener("input", function () { search(input.value); });
  window.plankgSearch = search;
  window.plankgFold = fold;
  applyFilters();
})();
